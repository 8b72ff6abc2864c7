/*
 * cmd_compute.c -- qi compute: counts to results.csv and results.json
 * (or results.csv on standard output with -o -).
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

enum qi_err
cmd_compute(int argc, char *argv[], struct qi_diag *diag)
{
	struct opts o;
	struct inputs in;
	struct qi_results *res = NULL;
	struct qi_stage *stage = NULL;
	enum qi_err rc;

	memset(&in, 0, sizeof(in));
	if ((rc = opts_parse(cmd_find("compute"), argc, argv, &o)) != QI_OK ||
	    o.help)
		goto out;
	if (o.counts == NULL) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "give --counts FILE "
		    "or --data DIR", "no counts to compute from");
		rc = QI_EUSAGE;
		goto out;
	}
	if ((rc = inputs_load(&o, &in, diag)) != QI_OK ||
	    (rc = qi_compute(in.defs, in.reg, in.tallies, &res, diag)) !=
	    QI_OK)
		goto out;
	if (strcmp(o.output, "-") == 0) {
		rc = qi_results_write_csv(res, stdout);
		goto out;
	}
	if ((rc = qi_stage_open(o.output, &stage, diag)) != QI_OK ||
	    (rc = write_results(qi_stage_path(stage), res, &in, diag)) !=
	    QI_OK)
		goto out;
	rc = qi_stage_commit(stage, QI_STAGE_REPLACE, diag);
	stage = NULL;
out:
	qi_stage_abort(stage);
	qi_results_free(res);
	inputs_free(&in);
	opts_free(&o);
	return rc;
}
