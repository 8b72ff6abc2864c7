/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_compute.c -- qi compute: counts, patient-level records or tallies
 * to results.csv and results.json (or results.csv on standard output with
 * -o -); with --tallies-only, the tallies themselves (tallies.csv), for
 * qi merge.  --history FILE joins earlier results to trend.csv only.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cmd.h"
#include "cmd_usage.h"
#include "engine.h"

/* Write the tallies of in to dir/tallies.csv, or to stdout for "-". */
static enum qi_err
write_tallies(const char *out, const struct qi_inputs *in,
    struct qi_diag *diag)
{
	struct qi_stage *stage = NULL;
	enum qi_err rc;
	char *path;
	FILE *fp;

	if (strcmp(out, "-") == 0)
		return qi_tallies_write(in->tallies, in->defs, in->reg, stdout);
	if ((rc = qi_stage_open(out, &stage, diag)) != QI_OK)
		return rc;
	path = g_build_filename(qi_stage_path(stage), "tallies.csv", NULL);
	if ((fp = fopen(path, "w")) == NULL) {
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "cannot create: %s", strerror(errno));
		rc = QI_ESYS;
	} else {
		rc = cmd_close_written(fp, path, qi_tallies_write(
		    in->tallies, in->defs, in->reg, fp), diag);
	}
	g_free(path);
	if (rc != QI_OK) {
		qi_stage_abort(stage);
		return rc;
	}
	return qi_stage_commit(stage, QI_STAGE_MERGE, diag);
}

enum qi_err
cmd_compute(int argc, char *argv[], struct qi_diag *diag)
{
	struct opts o;
	struct qi_inputs in;
	struct qi_results *res = NULL;
	struct qi_history *hist = NULL;
	struct qi_analyses *an = NULL;
	struct qi_stage *stage = NULL;
	enum qi_err rc;

	memset(&in, 0, sizeof(in));
	if ((rc = opts_parse(&cmd_compute_def, argc, argv, &o)) != QI_OK ||
	    o.help)
		goto out;
	if (o.counts == NULL && o.stays == NULL && o.dpc == NULL &&
	    o.tallies == NULL) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "give --counts FILE, "
		    "--stays FILE --events FILE, --tallies FILE or --data DIR",
		    "no data to compute from");
		rc = QI_EUSAGE;
		goto out;
	}
	if (o.tallies_only && o.nhistory > 0) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "history joins the "
		    "trend of results; tallies are sums before any result",
		    "--history does not apply with --tallies-only");
		rc = QI_EUSAGE;
		goto out;
	}
	if ((rc = inputs_load(&o, &in, diag)) != QI_OK)
		goto out;
	if (o.tallies_only) {
		rc = write_tallies(o.output, &in, diag);
		goto out;
	}
	if ((rc = qi_inputs_compute(&in, o.variant, &res, diag)) != QI_OK)
		goto out;
	if (strcmp(o.output, "-") == 0) {
		rc = qi_results_write_csv(res, stdout);
		goto out;
	}
	if ((rc = analyse(&o, res, &hist, &an, diag)) != QI_OK)
		goto out;
	if ((rc = qi_stage_open(o.output, &stage, diag)) != QI_OK ||
	    (rc = write_results(qi_stage_path(stage), an, &in, diag)) !=
	    QI_OK)
		goto out;
	rc = qi_stage_commit(stage, QI_STAGE_REPLACE, diag);
	stage = NULL;
out:
	if (stage != NULL)	/* removed now: name the outputs' own paths */
		qi_diag_reroot(diag, qi_stage_path(stage), o.output);
	qi_stage_abort(stage);
	qi_analyses_free(an);
	qi_history_free(hist);
	qi_results_free(res);
	qi_inputs_free(&in);
	opts_free(&o);
	return rc;
}

/* qi compute's entry in the command table (main.c): its options and help. */
const struct cmd cmd_compute_def = {
	.name = "compute",
	.fn = cmd_compute,
	.opts = OPTS_OUTPUT | OPTS_DEFS | OPTS_REGISTRY | OPTS_COUNTS |
	    OPTS_ENCODING | OPTS_PATIENT | OPTS_VARIANT | OPTS_TALLIES |
	    OPTS_TALLYOUT | OPTS_HISTORY,
	.synopsis = "compute results from counts or patient records",
	.usage =
	    "usage: qi compute [options]\n"
	    "Writes results.csv and results.json under the output folder, or\n"
	    "results.csv to standard output with -o -.  With --tallies-only,\n"
	    "writes the sums instead (OUTPUT/tallies.csv, or stdout with -o -)\n"
	    "for qi merge.\n\n"
	    "  -o, --output DIR         where outputs go (default: output); -:\n"
	    "                           results.csv (or tallies.csv) on stdout\n"
	    COMMON_DEFS
	    COMMON_DATA
	    COMMON_PATIENT
	    "      --tallies FILE       sums from qi compute --tallies-only / qi merge\n"
	    "      --tallies-only       write tallies.csv, not results\n"
	    "      --variant NAME       results of this variant of the definitions\n"
	    COMMON_HISTORY
	    "  -h, --help               this help\n"
};
