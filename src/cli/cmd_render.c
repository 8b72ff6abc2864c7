/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_render.c -- qi render: charts from results.csv computed earlier.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cmd.h"
#include "cmd_usage.h"

enum qi_err
cmd_render(int argc, char *argv[], struct qi_diag *diag)
{
	struct opts o;
	struct qi_defset *defs = NULL;
	struct qi_registry *reg = NULL;
	struct qi_results *res = NULL;
	struct qi_history *hist = NULL;
	struct qi_analyses *an = NULL;
	struct qi_stage *stage = NULL;
	char *results = NULL;
	enum qi_err rc;

	if ((rc = opts_parse(&cmd_render_def, argc, argv, &o)) != QI_OK ||
	    o.help)
		goto out;
	if ((rc = results_setup(&o, &defs, &reg, &results, diag)) != QI_OK ||
	    (rc = qi_results_load(results, defs, reg, &res, diag)) != QI_OK ||
	    (rc = analyse(&o, res, &hist, &an, diag)) != QI_OK)
		goto out;
	if ((rc = qi_stage_open(o.output, &stage, diag)) != QI_OK ||
	    (rc = write_charts(qi_stage_path(stage), an, &o, diag)) != QI_OK)
		goto out;
	rc = qi_stage_commit(stage, o.indicator != NULL || o.period != NULL ?
	    QI_STAGE_MERGE : QI_STAGE_REPLACE, diag);
	stage = NULL;
out:
	qi_stage_abort(stage);
	qi_analyses_free(an);
	qi_history_free(hist);
	qi_results_free(res);
	qi_registry_free(reg);
	qi_defset_free(defs);
	g_free(results);
	opts_free(&o);
	return rc;
}

/* qi render's entry in the command table (main.c): its options and help. */
const struct cmd cmd_render_def = {
	.name = "render",
	.fn = cmd_render,
	.opts = OPTS_OUTPUT | OPTS_DEFS | OPTS_REGISTRY | OPTS_ENCODING |
	    OPTS_RESULTS | OPTS_CHARTS | OPTS_HISTORY,
	.synopsis = "draw charts from computed results",
	.usage =
	    "usage: qi render [options]\n"
	    "Reads results.csv (default OUTPUT/results.csv) and writes\n"
	    "OUTPUT/charts/INDICATOR_PERIOD.FORMAT for every fiscal year.\n\n"
	    COMMON_IO
	    "  -d, --data DIR           folder with organisations.csv and\n"
	    "                           hospitals.csv (default: OUTPUT/sample)\n"
	    "      --organisations FILE, --hospitals FILE  as for qi compute\n"
	    "      --encoding ENC       input CSV encoding: utf-8 (default), cp932\n"
	    "      --results FILE       results to draw\n"
	    COMMON_HISTORY
	    COMMON_CHART
	    "  -h, --help               this help\n"
};
