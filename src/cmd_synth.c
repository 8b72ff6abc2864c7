/*
 * cmd_synth.c -- qi synth: write the synthetic sample into OUTPUT/sample/.
 */
#include <glib.h>
#include <glib/gstdio.h>

#include "cmd.h"

enum qi_err
cmd_synth(int argc, char *argv[], struct qi_diag *diag)
{
	struct opts o;
	struct qi_defset *defs = NULL;
	struct qi_stage *stage = NULL;
	char *dir = NULL;
	enum qi_err rc;

	if ((rc = opts_parse(cmd_find("synth"), argc, argv, &o)) != QI_OK ||
	    o.help)
		goto out;
	if ((rc = qi_defset_load(o.indicators, &defs, diag)) != QI_OK)
		goto out;
	if ((rc = qi_stage_open(o.output, &stage, diag)) != QI_OK)
		goto out;
	dir = g_build_filename(qi_stage_path(stage), "sample", NULL);
	if (g_mkdir(dir, 0777) == -1) {
		qi_diag_add(diag, QI_ERROR, dir, 0, 0, NULL, "cannot create");
		rc = QI_ESYS;
		goto out;
	}
	if ((rc = qi_synth_write(dir, defs, o.seed, diag)) != QI_OK)
		goto out;
	rc = qi_stage_commit(stage, QI_STAGE_REPLACE, diag);
	stage = NULL;
out:
	qi_stage_abort(stage);
	g_free(dir);
	qi_defset_free(defs);
	opts_free(&o);
	return rc;
}
