/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_results.c -- the results.csv reloader (results_read.c), as qi
 * render reads a results file and as --history reads an earlier run's,
 * checked against the golden sample's definitions and registry.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct qi_defset *defs;
	static struct qi_registry *reg;
	struct qi_diag *d = qi_diag_alloc();
	struct qi_results *res = NULL;
	struct qi_history_row *rows = NULL;
	size_t n = 0;
	char *path;

	if (defs == NULL)
		fuzz_load(FUZZ_GOLDEN "/indicators", &defs,
		    FUZZ_GOLDEN "/sample", &reg);
	path = fuzz_file("results.csv", data, size);
	if (qi_results_load(path, defs, reg, &res, d) == QI_OK)
		qi_results_free(res);
	if (qi_results_load_history(path, defs, reg, &rows, &n, d) == QI_OK)
		g_free(rows);
	fuzz_diag_done(d);
	g_free(path);
	return 0;
}
