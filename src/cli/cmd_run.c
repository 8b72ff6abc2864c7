/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_run.c -- qi run: the whole pipeline.  Definitions and data in,
 * results.csv, results.json and charts/ out, all committed together:
 * either every output of the run is in place, or none has changed.
 * Without data options the synthetic sample is written first (into
 * OUTPUT/sample/: the registry, the patient-level records -- as the DPC
 * files hospitals submit, or with --sample-format csv as stays.csv and
 * events.csv -- and counts for the definitions without a patient-level
 * rule) and used.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cmd.h"
#include "cmd_usage.h"
#include "dpc.h"
#include "synth_stays.h"

/*
 * The synthetic sample: the registry, the records (DPC files when dpc,
 * else stays.csv and events.csv), and counts.csv for the definitions that
 * have no patient-level rule (the others are computed from the records,
 * never from both).
 */
static enum qi_err
write_sample(const char *dir, const struct qi_defset *defs,
    unsigned long seed, int dpc, struct qi_diag *diag)
{
	struct qi_synth_stays_cfg cfg;
	struct qi_defset agg;
	enum qi_err rc;
	size_t i;

	memset(&agg, 0, sizeof(agg));
	agg.v = g_new(struct qi_indicator, defs->n ? defs->n : 1);
	for (i = 0; i < defs->n; i++)
		if (!defs->v[i].has_rule)
			agg.v[agg.n++] = defs->v[i];	/* borrowed */
	rc = qi_synth_write(dir, &agg, seed, diag);
	g_free(agg.v);
	if (rc != QI_OK)
		return rc;
	qi_synth_stays_cfg_default(&cfg);
	cfg.seed = seed;
	return dpc ? qi_synth_dpc_write(dir, &cfg, diag) :
	    qi_synth_stays_write(dir, &cfg, diag);
}

enum qi_err
cmd_run(int argc, char *argv[], struct qi_diag *diag)
{
	struct opts o;
	struct qi_inputs in;
	struct qi_results *res = NULL;
	struct qi_history *hist = NULL;
	struct qi_analyses *an = NULL;
	struct qi_stage *stage = NULL;
	char *sample = NULL;
	enum qi_err rc;
	int dpc;

	memset(&in, 0, sizeof(in));
	if ((rc = opts_parse(&cmd_run_def, argc, argv, &o)) != QI_OK ||
	    o.help)
		goto out;
	if (strcmp(o.output, "-") == 0) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "qi compute -o - "
		    "writes results to standard output",
		    "qi run writes files: give -o DIR");
		rc = QI_EUSAGE;
		goto out;
	}
	if (!o.sample && o.counts == NULL && o.stays == NULL && o.dpc == NULL) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "give --counts FILE, "
		    "--stays FILE --events FILE or --data DIR",
		    "no data to compute from");
		rc = QI_EUSAGE;
		goto out;
	}
	if ((rc = qi_stage_open(o.output, &stage, diag)) != QI_OK)
		goto out;
	if (o.sample) {
		/* The sample is generated, then read like any other data. */
		if ((rc = qi_defset_load(o.indicators, &in.defs, diag)) !=
		    QI_OK)
			goto out;
		sample = g_build_filename(qi_stage_path(stage), "sample",
		    NULL);
		if (g_mkdir(sample, 0777) == -1) {
			qi_diag_add(diag, QI_ERROR, sample, 0, 0, NULL,
			    "cannot create");
			rc = QI_ESYS;
			goto out;
		}
		dpc = strcmp(o.sample_format, "dpc") == 0;
		if ((rc = write_sample(sample, in.defs, o.seed, dpc, diag)) !=
		    QI_OK)
			goto out;
		g_free(o.orgs);
		g_free(o.hosps);
		g_free(o.counts);
		g_free(o.sample_dir);
		o.sample_dir = g_strdup(sample);
		o.orgs = g_build_filename(sample, "organisations.csv", NULL);
		o.hosps = g_build_filename(sample, "hospitals.csv", NULL);
		o.counts = g_build_filename(sample, "counts.csv", NULL);
		if (dpc) {	/* the path a hospital's own files take */
			o.dpc = qi_dpc_files(sample);
			o.drugs = qi_dpc_drug_master(sample);
			o.counts_beside = 1;
		} else {
			o.stays = g_build_filename(sample, "stays.csv", NULL);
			o.events = g_build_filename(sample, "events.csv",
			    NULL);
		}
	}
	if ((rc = inputs_load(&o, &in, diag)) != QI_OK ||
	    (rc = qi_inputs_compute(&in, o.variant, &res, diag)) != QI_OK ||
	    (rc = analyse(&o, res, &hist, &an, diag)) != QI_OK ||
	    (rc = write_results(qi_stage_path(stage), an, &in, diag)) !=
	    QI_OK ||
	    (rc = write_charts(qi_stage_path(stage), an, &o, diag)) != QI_OK)
		goto out;
	rc = qi_stage_commit(stage, o.indicator != NULL || o.period != NULL ?
	    QI_STAGE_MERGE : QI_STAGE_REPLACE, diag);
	stage = NULL;
	if (rc == QI_OK)
		fprintf(stderr, "qi: %zu results of %zu indicators for %zu "
		    "hospitals written to %s/\n", res->n, in.defs->n,
		    in.reg->nhosps, o.output);
out:
	if (stage != NULL)	/* removed now: name the outputs' own paths */
		qi_diag_reroot(diag, qi_stage_path(stage), o.output);
	qi_stage_abort(stage);
	qi_analyses_free(an);
	qi_history_free(hist);
	qi_results_free(res);
	qi_inputs_free(&in);
	g_free(sample);
	opts_free(&o);
	return rc;
}

/* qi run's entry in the command table (main.c): its options and help. */
const struct cmd cmd_run_def = {
	.name = "run",
	.fn = cmd_run,
	.opts = OPTS_OUTPUT | OPTS_DEFS | OPTS_REGISTRY | OPTS_COUNTS |
	    OPTS_ENCODING | OPTS_CHARTS | OPTS_SEED | OPTS_SAMPLE |
	    OPTS_PATIENT | OPTS_VARIANT | OPTS_HISTORY,
	.synopsis =
	    "compute and render everything (default: the "
	    "embedded sample)",
	.usage =
	    "usage: qi run [options]\n"
	    "Reads definitions and data, writes results.csv, results.json and\n"
	    "charts/ under the output folder.  Without data options it first\n"
	    "writes the synthetic patient-level sample (the registry and the\n"
	    "DPC files hospitals submit: 様式1, EF, 様式4) to OUTPUT/sample/ and\n"
	    "computes from it, as from a hospital's own files.\n\n"
	    COMMON_IO
	    COMMON_DATA
	    COMMON_PATIENT
	    "      --variant NAME       results of this variant of the definitions\n"
	    COMMON_HISTORY
	    COMMON_CHART
	    "      --seed N             random seed of the sample (default 20240401)\n"
	    "      --sample-format F    dpc (default): the sample as DPC files;\n"
	    "                           csv: as stays.csv and events.csv (faster)\n"
	    "  -h, --help               this help\n"
};
