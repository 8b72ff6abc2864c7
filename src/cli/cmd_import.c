/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_import.c -- qi import dpc --data DIR -o OUT: the DPC files of a
 * folder (FF1_*, EFn_*, FF4_*) written as the flat OUT/stays.csv and
 * OUT/events.csv of specs/input.md section 7, for inspection and for other
 * tools.  Reading the flat files gives the tallies of reading the DPC
 * files directly.  They are patient-level: they go only where -o says,
 * never into the output folder that qi publish reads (refused).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cmd.h"
#include "cmd_usage.h"
#include "dpc.h"

enum qi_err
cmd_import(int argc, char *argv[], struct qi_diag *diag)
{
	struct opts o;
	struct qi_registry *reg = NULL;
	struct qi_dpc_opts dopts;
	struct qi_dpc_counts n;
	struct qi_stage *stage = NULL;
	FILE *s = NULL, *e = NULL, *it = NULL;
	char *ps = NULL, *pe = NULL, *pi = NULL, *tmp = NULL;
	enum qi_err rc;

	if ((rc = opts_parse(&cmd_import_def, argc, argv, &o)) != QI_OK ||
	    o.help)
		goto out;
	rc = QI_EUSAGE;
	if (o.nfiles != 1 || strcmp(o.files[0], "dpc") != 0) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "qi import dpc --data "
		    "DIR -o OUT", o.nfiles == 0 ? "what to import: dpc" :
		    "unknown import '%s' (dpc)", o.nfiles ? o.files[0] : "");
		goto out;
	}
	if (o.data == NULL) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "qi import dpc --data "
		    "DIR -o OUT", "give --data DIR, the folder of the DPC files");
		goto out;
	}
	if (strcmp(o.output, "output") == 0 || strcmp(o.output, "-") == 0) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "the flat files are "
		    "patient-level: name a folder of their own with -o, not "
		    "the output folder that qi publish reads",
		    "give -o DIR for stays.csv and events.csv");
		goto out;
	}
	if (o.dpc == NULL) {
		qi_diag_add(diag, QI_ERROR, o.data, 0, 0, "DPC files are named "
		    "FF1_*.txt, EFn_*.txt and FF4_*.txt (or .txt.gz, .txt.zst)",
		    "no DPC files in this folder");
		rc = QI_EINPUT;
		goto out;
	}
	if ((rc = qi_registry_load(o.orgs, o.hosps, o.encoding, &reg, diag)) !=
	    QI_OK)
		goto out;
	/* Both files or neither: staged, then put in place together. */
	if ((rc = qi_stage_open(o.output, &stage, diag)) != QI_OK)
		goto out;
	rc = QI_ESYS;
	ps = g_build_filename(qi_stage_path(stage), "stays.csv", NULL);
	pe = g_build_filename(qi_stage_path(stage), "events.csv", NULL);
	pi = g_build_filename(qi_stage_path(stage), "items.csv", NULL);
	if ((tmp = qi_tmpdir(o.output, diag)) == NULL)
		goto out;
	if ((s = fopen(ps, "w")) == NULL || (e = fopen(pe, "w")) == NULL ||
	    (it = fopen(pi, "w")) == NULL) {
		qi_diag_add(diag, QI_ERROR, s == NULL ? ps : e == NULL ? pe : pi,
		    0, 0, NULL, "cannot create: %s", g_strerror(errno));
		goto out;
	}
	qi_dpc_opts_defaults(&dopts);
	dopts.encoding = o.encoding;
	dopts.tmpdir = tmp;
	/* the files read in parallel; the output does not depend on it */
	dopts.jobs = MIN(g_get_num_processors(), 4);
	rc = qi_dpc_read(o.dpc, o.drugs, reg, &dopts, s, e, it, &n, diag);
	if ((fclose(s) | fclose(e) | fclose(it)) != 0 && rc == QI_OK) {
		qi_diag_add(diag, QI_ERROR, o.output, 0, 0, NULL,
		    "cannot write: %s", g_strerror(errno));
		rc = QI_ESYS;
	}
	s = e = it = NULL;
	if (rc != QI_OK)
		goto out;
	qi_tmpdir_remove(tmp);	/* not to be kept in the output */
	tmp = NULL;
	rc = qi_stage_commit(stage, QI_STAGE_REPLACE, diag);
	stage = NULL;
	if (rc != QI_OK)
		goto out;
	qi_diag_add(diag, QI_NOTE, NULL, 0, 0, NULL, "%" G_GUINT64_FORMAT
	    " stays and %" G_GUINT64_FORMAT " events from %" G_GUINT64_FORMAT
	    " 様式1, %" G_GUINT64_FORMAT " EF and %" G_GUINT64_FORMAT " 様式4 "
	    "files", n.stays, n.events, n.files[0], n.files[1], n.files[2]);
out:
	if (s != NULL)
		fclose(s);
	if (e != NULL)
		fclose(e);
	if (it != NULL)
		fclose(it);
	qi_tmpdir_remove(tmp);
	qi_stage_abort(stage);
	g_free(ps);
	g_free(pe);
	g_free(pi);
	qi_registry_free(reg);
	opts_free(&o);
	return rc;
}

/* qi import's entry in the command table (main.c): its options and help. */
const struct cmd cmd_import_def = {
	.name = "import",
	.fn = cmd_import,
	.opts = OPTS_OUTPUT | OPTS_REGISTRY | OPTS_ENCODING | OPTS_FILES,
	.synopsis = "write DPC files as flat stays.csv, events.csv, items.csv",
	.usage =
	    "usage: qi import dpc --data DIR -o OUT [options]\n"
	    "Reads the DPC files of DIR as hospitals submit them -- 様式1\n"
	    "(FF1_*.txt), EF (EFn_*.txt) and 様式4 (FF4_*.txt), plain, .gz or\n"
	    ".zst, rows in any order -- and writes OUT/stays.csv,\n"
	    "OUT/events.csv and OUT/items.csv, the 様式1 items\n"
	    "(specs/input.md).  DIR also holds organisations.csv\n"
	    "and hospitals.csv (with facility_code) and, for drugs,\n"
	    "drug_master.csv.  The files are patient-level: OUT must be a\n"
	    "folder of their own.\n\n"
	    "  -o, --output DIR         where stays.csv, events.csv, items.csv go\n"
	    COMMON_REGISTRY
	    COMMON_ENCODING
	    "  -h, --help               this help\n"
};
