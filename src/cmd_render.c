/*
 * cmd_render.c -- qi render: charts from results.csv computed earlier.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cmd.h"

enum qi_err
cmd_render(int argc, char *argv[], struct qi_diag *diag)
{
	struct opts o;
	struct qi_defset *defs = NULL;
	struct qi_registry *reg = NULL;
	struct qi_results *res = NULL;
	struct qi_history *hist = NULL;
	struct qi_stage *stage = NULL;
	char *results = NULL;
	enum qi_err rc;

	if ((rc = opts_parse(cmd_find("render"), argc, argv, &o)) != QI_OK ||
	    o.help)
		goto out;
	if ((rc = results_setup(&o, &defs, &reg, &results, diag)) != QI_OK ||
	    (rc = qi_results_load(results, defs, reg, &res, diag)) != QI_OK ||
	    (rc = history_join(&o, res, &hist, diag)) != QI_OK)
		goto out;
	if ((rc = qi_stage_open(o.output, &stage, diag)) != QI_OK ||
	    (rc = write_charts(qi_stage_path(stage), res, &o, diag)) != QI_OK)
		goto out;
	rc = qi_stage_commit(stage, o.indicator != NULL || o.period != NULL ?
	    QI_STAGE_MERGE : QI_STAGE_REPLACE, diag);
	stage = NULL;
out:
	qi_stage_abort(stage);
	qi_results_free(res);
	qi_history_free(hist);
	qi_registry_free(reg);
	qi_defset_free(defs);
	g_free(results);
	opts_free(&o);
	return rc;
}
