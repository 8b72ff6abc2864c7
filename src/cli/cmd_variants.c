/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_variants.c -- qi variants --indicator ID --from A --to B: for each
 * hospital, the rate under variant A, under variant B, and the
 * difference, as an aligned table (CSV with -o -), and with -o DIR the
 * dot-and-arrow chart DIR/charts/ID_PERIOD_A_B.FORMAT.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "chart.h"
#include "cmd.h"
#include "cmd_usage.h"
#include "variants.h"

static enum qi_err
write_chart(const struct opts *o, const struct qi_varcmp *c,
    struct qi_diag *diag)
{
	static const char *ext[] = { "png", "pdf", "svg" };
	struct qi_stage *stage = NULL;
	char *dir, *path, label[16];
	enum qi_err rc;
	int k;

	if ((rc = qi_stage_open(o->output, &stage, diag)) != QI_OK)
		return rc;
	dir = g_build_filename(qi_stage_path(stage), "charts", NULL);
	if (g_mkdir_with_parents(dir, 0777) == -1) {
		qi_diag_add(diag, QI_ERROR, dir, 0, 0, NULL, "cannot create: %s",
		    strerror(errno));
		g_free(dir);
		qi_stage_abort(stage);
		return QI_ESYS;
	}
	qi_period_format(c->period, label, sizeof(label));
	for (k = 0; k < 3 && rc == QI_OK; k++) {
		if (!o->formats[k])
			continue;
		path = g_strdup_printf("%s/%s_%s_%s_%s.%s", dir,
		    c->defs->v[c->indicator].id, label, c->name[0][0] == '-' ?
		    "defined" : c->name[0], c->name[1][0] == '-' ? "defined" :
		    c->name[1], ext[k]);
		rc = qi_varcmp_write(path, (enum qi_format)k, c, NULL, diag);
		g_free(path);
	}
	g_free(dir);
	if (rc != QI_OK) {
		qi_stage_abort(stage);
		return rc;
	}
	return qi_stage_commit(stage, QI_STAGE_MERGE, diag);
}

enum qi_err
cmd_variants(int argc, char *argv[], struct qi_diag *diag)
{
	struct opts o;
	struct qi_inputs in;
	struct qi_varcmp *c = NULL;
	struct qi_period p = { 0, 0 };
	enum qi_err rc;
	long ind;

	memset(&in, 0, sizeof(in));
	if ((rc = opts_parse(&cmd_variants_def, argc, argv, &o)) !=
	    QI_OK || o.help)
		goto out;
	if (o.indicator == NULL || o.from == NULL || o.to == NULL) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "qi variants "
		    "--indicator ID --from A --to B ('-' = as defined)",
		    "give --indicator, --from and --to");
		rc = QI_EUSAGE;
		goto out;
	}
	if (o.stays == NULL && o.dpc == NULL && o.tallies == NULL) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "give --stays FILE "
		    "--events FILE, --tallies FILE or --data DIR",
		    "variants are computed from patient-level records");
		rc = QI_EUSAGE;
		goto out;
	}
	g_free(o.counts);	/* counts carry no variants */
	o.counts = NULL;
	if ((rc = inputs_load(&o, &in, diag)) != QI_OK)
		goto out;
	if ((ind = qi_defset_find(in.defs, o.indicator)) < 0) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "the indicator ids "
		    "are the names of the definition files",
		    "unknown indicator '%s'", o.indicator);
		rc = QI_EUSAGE;
		goto out;
	}
	if (o.period != NULL)
		p = o.want;
	if ((rc = qi_varcmp_build(in.defs, in.reg, in.tallies, (size_t)ind,
	    o.from, o.to, p, &c, diag)) != QI_OK)
		goto out;
	if (strcmp(o.output, "-") == 0) {
		rc = qi_varcmp_write_csv(c, stdout);
		goto out;
	}
	if ((rc = qi_varcmp_write_table(c, stdout)) == QI_OK)
		rc = write_chart(&o, c, diag);
out:
	qi_varcmp_free(c);
	qi_inputs_free(&in);
	opts_free(&o);
	return rc;
}

/* qi variants's entry in the command table (main.c): its options and help. */
const struct cmd cmd_variants_def = {
	.name = "variants",
	.fn = cmd_variants,
	.opts = OPTS_OUTPUT | OPTS_DEFS | OPTS_REGISTRY | OPTS_ENCODING |
	    OPTS_PATIENT | OPTS_TALLIES | OPTS_COMPARE | OPTS_SELECT |
	    OPTS_FORMAT,
	.synopsis = "how each hospital's rate changes between two variants",
	.usage =
	    "usage: qi variants --indicator ID --from A --to B [options]\n"
	    "For one indicator, each hospital's rate under variant A and under\n"
	    "variant B (\"-\" is the definition as written) and the difference,\n"
	    "as an aligned table on stdout (CSV with -o -), and with -o DIR a\n"
	    "dot-and-arrow chart DIR/charts/ID_PERIOD_A_B.FORMAT.\n\n"
	    COMMON_IO
	    "  -d, --data DIR           folder with the registry and the records\n"
	    "      --organisations FILE, --hospitals FILE  as for qi compute\n"
	    "      --encoding ENC       input encoding, as for qi compute\n"
	    COMMON_PATIENT
	    "      --tallies FILE       sums from qi compute --tallies-only\n"
	    "      --from A, --to B     the two variants (\"-\" = as defined)\n"
	    "      --indicator ID       the indicator (required)\n"
	    "      --period P           the period (default: the latest fiscal year)\n"
	    "      --format LIST        chart formats: png,pdf,svg (default png,pdf)\n"
	    "  -h, --help               this help\n"
};
