/*
 * cmd_check.c -- qi check: validate definitions (with their expressions
 * and code lists) and, when data is given, the registry, counts, and the
 * headers and first rows of the patient-level files, without computing
 * or writing anything.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "records.h"

/* Stays read from the patient-level files by qi check (sample mode). */
#define CHECK_STAYS	1000

/* Headers and the first CHECK_STAYS stays with their events. */
static enum qi_err
check_records(const struct opts *o, const struct inputs *in,
    struct qi_diag *diag)
{
	struct qi_records_opts ro;
	struct qi_records *r = NULL;
	const struct qi_records_counts *c;
	const struct qi_stay *st;
	enum qi_err rc;
	int n;

	qi_records_opts_defaults(&ro);
	ro.encoding = o->encoding;
	ro.skip_bad_rows = 0;
	ro.max_stays = CHECK_STAYS;
	if ((rc = qi_records_open(o->stays, o->events, in->reg,
	    in->defs->codes, &ro, &r, diag)) != QI_OK)
		return rc;
	while ((n = qi_records_next(r, &st)) == 1)
		;
	c = qi_records_counts(r);
	if (n == 0)
		printf("%s, %s: headers and the first %" PRIu64 " stays "
		    "(%" PRIu64 " events) ok\n", o->stays, o->events,
		    c->stays, c->events);
	qi_records_free(r);
	return n == 0 ? QI_OK : qi_diag_count(diag, QI_ERROR) > 0 ?
	    QI_EINPUT : QI_ESYS;
}

enum qi_err
cmd_check(int argc, char *argv[], struct qi_diag *diag)
{
	struct opts o;
	struct inputs in;
	enum qi_err rc, r;
	char *stays, *events;

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
	/* The records are sampled here, not evaluated by inputs_load(). */
	stays = o.stays;
	events = o.events;
	o.stays = o.events = NULL;
	rc = inputs_load(&o, &in, diag);
	o.stays = stays;
	o.events = events;
	if (in.defs == NULL || in.reg == NULL)
		goto out;
	if (o.stays != NULL && (r = check_records(&o, &in, diag)) > rc)
		rc = r;
	if (rc != QI_OK)
		goto out;
	printf("%s: %zu definitions ok\n", o.indicators, in.defs->n);
	printf("%s: %zu organisations ok\n", o.orgs, in.reg->norgs);
	printf("%s: %zu hospitals ok\n", o.hosps, in.reg->nhosps);
	if (o.counts != NULL)
		printf("%s: %zu rows ok\n", o.counts, in.tallies->n);
	if (o.dpc != NULL)
		printf("%s: %lu DPC files ok: %ld stays, %lu events that the "
		    "definitions use\n", o.data, in.dpc_files, in.stays,
		    in.dpc_events);
out:
	inputs_free(&in);
	opts_free(&o);
	return rc;
}
