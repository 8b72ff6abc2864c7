/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_counts.c -- the aggregated counts reader (counts.c), checked
 * against the golden sample's seven definitions and 172 hospitals.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct qi_defset *defs;
	static struct qi_registry *reg;
	struct qi_diag *d = qi_diag_alloc();
	struct qi_tallies *t = NULL;
	char *path;

	if (defs == NULL)
		fuzz_load(FUZZ_GOLDEN "/indicators", &defs,
		    FUZZ_GOLDEN "/sample", &reg);
	path = fuzz_file("counts.csv", data, size);
	if (qi_counts_load(path, NULL, reg, defs, &t, d) == QI_OK)
		qi_tallies_free(t);
	fuzz_diag_done(d);
	g_free(path);
	return 0;
}
