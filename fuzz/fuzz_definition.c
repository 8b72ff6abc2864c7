/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_definition.c -- the definition loader (definition.c, defbind.c):
 * one YAML file in a definitions folder whose codes/ is indicators/codes
 * (a symbolic link), so that expressions naming the real code lists
 * compile; then bound to the golden sample's registry.
 */
#include <unistd.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct qi_registry *reg;
	struct qi_diag *d = qi_diag_alloc();
	struct qi_defset *defs = NULL;
	char *path, *codes;

	if (reg == NULL) {
		fuzz_load(NULL, NULL, FUZZ_GOLDEN "/sample", &reg);
		codes = g_build_filename(fuzz_dir(), "codes", NULL);
		if (symlink(FUZZ_CODES, codes) < 0)
			abort();
		g_free(codes);
	}
	path = fuzz_file("fuzz_definition.yaml", data, size);
	if (qi_defset_load(fuzz_dir(), &defs, d) == QI_OK) {
		qi_defset_bind(defs, reg, d);
		qi_defset_free(defs);
	}
	fuzz_diag_done(d);
	g_free(path);
	return 0;
}
