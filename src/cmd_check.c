/*
 * cmd_check.c -- qi check: validate definitions (and data files when
 * given) without computing or writing anything.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

enum qi_err
cmd_check(int argc, char *argv[], struct qi_diag *diag)
{
	struct opts o;
	struct inputs in;
	enum qi_err rc;

	memset(&in, 0, sizeof(in));
	if ((rc = opts_parse(cmd_find("check"), argc, argv, &o)) != QI_OK ||
	    o.help)
		goto out;
	if (o.sample) {
		/* Definitions only. */
		if ((rc = qi_defset_load(o.indicators, &in.defs, diag)) ==
		    QI_OK)
			printf("%s: %zu definitions ok\n", o.indicators,
			    in.defs->n);
		goto out;
	}
	if ((rc = inputs_load(&o, &in, diag)) != QI_OK)
		goto out;
	printf("%s: %zu definitions ok\n", o.indicators, in.defs->n);
	printf("%s: %zu organisations ok\n", o.orgs, in.reg->norgs);
	printf("%s: %zu hospitals ok\n", o.hosps, in.reg->nhosps);
	if (in.tallies != NULL)
		printf("%s: %zu rows ok\n", o.counts, in.tallies->n);
out:
	inputs_free(&in);
	opts_free(&o);
	return rc;
}
