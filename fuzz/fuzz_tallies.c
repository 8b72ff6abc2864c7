/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_tallies.c -- the tallies reloader (tallyio.c), checked against
 * the definitions of indicators/ and the worked examples' hospitals.
 * What it reads is summed and sorted as qi merge does; when the file is
 * good, the sums written again must read back as as many tallies and
 * patterns.
 */
#include "engine.h"
#include "fuzz.h"

/* Read path into fresh tallies; NULL if it is refused. */
static struct qi_tallies *
load(const char *path, const struct qi_defset *defs,
    const struct qi_registry *reg)
{
	struct qi_diag *d = qi_diag_alloc();
	struct qi_tallybuf *b = qi_tallybuf_new();
	struct qi_tallies *t;
	enum qi_err rc;

	rc = qi_tallies_read(path, defs, reg, b, d);
	t = qi_tallybuf_finish(b);
	fuzz_diag_done(d);
	if (rc != QI_OK) {
		qi_tallies_free(t);
		return NULL;
	}
	return t;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct qi_defset *defs;
	static struct qi_registry *reg;
	struct qi_tallies *t, *back;
	char *path, *again;
	FILE *fp;

	if (defs == NULL)
		fuzz_load(FUZZ_INDICATORS, &defs, FUZZ_EXAMPLE, &reg);
	path = fuzz_file("tallies.csv", data, size);
	if ((t = load(path, defs, reg)) != NULL) {
		again = g_build_filename(fuzz_dir(), "again.csv", NULL);
		if ((fp = fopen(again, "w")) == NULL ||
		    qi_tallies_write(t, defs, reg, fp) != QI_OK ||
		    fclose(fp) != 0)
			abort();
		if ((back = load(again, defs, reg)) == NULL ||
		    back->n != t->n || back->npat != t->npat)
			abort();
		qi_tallies_free(back);
		qi_tallies_free(t);
		g_free(again);
	}
	g_free(path);
	return 0;
}
