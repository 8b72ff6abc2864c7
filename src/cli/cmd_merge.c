/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_merge.c -- qi merge FILE... -o OUT: add tallies files (written by
 * qi compute --tallies-only, e.g. one per data shard or per hospital
 * group) into one.  Every sum is added; the result is sorted as one run
 * writes it, so merging shards gives the bytes of a single run.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cmd.h"
#include "cmd_usage.h"
#include "engine.h"

enum qi_err
cmd_merge(int argc, char *argv[], struct qi_diag *diag)
{
	struct opts o;
	struct qi_defset *defs = NULL;
	struct qi_registry *reg = NULL;
	struct qi_tallybuf *b = NULL;
	struct qi_tallies *t = NULL;
	enum qi_err rc, r;
	char *tmp = NULL, *path = NULL;
	FILE *fp = NULL;
	int i;

	if ((rc = opts_parse(&cmd_merge_def, argc, argv, &o)) != QI_OK ||
	    o.help)
		goto out;
	if (o.nfiles < 1) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "qi merge A.csv B.csv "
		    "-o ALL.csv", "no tallies files to merge");
		rc = QI_EUSAGE;
		goto out;
	}
	if ((rc = method_load(&o, &defs, &reg, diag)) != QI_OK)
		goto out;
	b = qi_tallybuf_new();
	for (i = 0; i < o.nfiles; i++)
		if ((r = qi_tallies_read(o.files[i], defs, reg, b, diag)) > rc)
			rc = r;	/* every file's errors, then stop */
	t = qi_tallybuf_finish(b);
	if (rc != QI_OK)
		goto out;
	if (strcmp(o.output, "-") == 0) {
		rc = qi_tallies_write(t, defs, reg, stdout);
		goto out;
	}
	/* A folder gets OUT/tallies.csv. */
	if (g_file_test(o.output, G_FILE_TEST_IS_DIR))
		path = g_build_filename(o.output, "tallies.csv", NULL);
	else
		path = g_strdup(o.output);
	/* Written beside OUT and renamed: a failure leaves OUT as it was. */
	if ((fp = qi_create_beside(path, &tmp, diag)) == NULL) {
		rc = QI_ESYS;
		goto out;
	}
	rc = qi_tallies_write(t, defs, reg, fp);
	if (fclose(fp) != 0 || rc != QI_OK || rename(tmp, path) != 0) {
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "write failed: %s", strerror(errno));
		remove(tmp);
		rc = QI_ESYS;
	}
out:
	qi_tallies_free(t);
	qi_registry_free(reg);
	qi_defset_free(defs);
	g_free(tmp);
	g_free(path);
	opts_free(&o);
	return rc;
}

/* qi merge's entry in the command table (main.c): its options and help. */
const struct cmd cmd_merge_def = {
	.name = "merge",
	.fn = cmd_merge,
	.opts = OPTS_OUTPUT | OPTS_DEFS | OPTS_REGISTRY | OPTS_ENCODING |
	    OPTS_FILES,
	.synopsis = "add tallies files into one",
	.usage =
	    "usage: qi merge [options] FILE... -o OUT\n"
	    "Adds tallies files written by qi compute --tallies-only (e.g. one\n"
	    "per shard of the records) into OUT (a file, OUT/tallies.csv if OUT\n"
	    "is a folder, or stdout with -o -).  Merging shards gives the same\n"
	    "bytes as tallying all records in one run.\n\n"
	    "  -o, --output OUT         a file, OUT/tallies.csv for a folder, or -\n"
	    "                           for standard output\n"
	    COMMON_DEFS
	    "  -d, --data DIR           folder with organisations.csv and hospitals.csv\n"
	    "      --organisations FILE, --hospitals FILE  as for qi compute\n"
	    "      --encoding ENC       input CSV encoding: utf-8 (default), cp932\n"
	    "  -h, --help               this help\n"
};
