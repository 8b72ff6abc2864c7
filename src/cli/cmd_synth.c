/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_synth.c -- qi synth: write the synthetic sample into OUTPUT/sample/:
 * the registry and aggregated counts (synth.c), then the patient-level
 * stays and events of the same hospitals (synth_stays.c).
 *
 * Besides the shared options of its command-table entry, qi synth takes
 * four of its own (listed in its help too), removed from argv before the
 * shared parser sees them:
 *
 *	--hospitals N	N hospitals (default 172, the sample); any other N
 *			in [10, 20000] is a national-scale population with
 *			the bed sizes of all DPC hospitals (synth.c)
 *	--scale X	stays per licensed bed per fiscal year (default 1.0:
 *			about 125,000 stays over the eight quarters)
 *	--total-stays N	about N stays in all (overrides --scale); e.g.
 *			5000000 for the benchmark
 *	--format F	csv (default): stays.csv and events.csv; dpc: the
 *			same stays and events as the DPC files hospitals
 *			submit (FF1_, EFn_, FF4_*.txt, drug_master.csv;
 *			synth_dpc.c)
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cmd.h"
#include "cmd_usage.h"
#include "pipeline.h"
#include "synth_stays.h"

/*
 * Move --scale, --total-stays, --format and --hospitals (as "--opt V"
 * or "--opt=V") out of argv into cfg, *dpc and *nhosp; the other
 * arguments go to *out (argv[0] first).  Returns 0, or -1 after
 * printing what is wrong.
 */
static int
synth_own_opts(int argc, char *argv[], struct qi_synth_stays_cfg *cfg,
    int *dpc, size_t *nhosp, char **out, int *nout)
{
	static const char *const names[] = {
		NULL, "--scale", "--total-stays", "--format", "--hospitals"
	};
	const char *name, *val;
	char *end;
	unsigned long long h;
	size_t len;
	int i, n = 0, which;

	for (i = 0; i < argc; i++) {
		for (which = i > 0 ? 4 : 0; which > 0; which--) {
			len = strlen(names[which]);
			if (strncmp(argv[i], names[which], len) == 0 &&
			    (argv[i][len] == '\0' || argv[i][len] == '='))
				break;
		}
		if (strcmp(argv[i], "--") == 0) {
			for (; i < argc; i++)
				out[n++] = argv[i];
			break;
		}
		if (which == 0) {
			out[n++] = argv[i];
			continue;
		}
		name = names[which];
		len = strlen(name);
		if (argv[i][len] == '=')
			val = argv[i] + len + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else {
			cmd_misuse(&cmd_synth_def, NULL, "option '%s' needs a "
			    "value", name);
			return -1;
		}
		errno = 0;
		if (which == 4) {
			h = strtoull(val, &end, 10);
			if (*val == '\0' || *val == '-' || *end != '\0' ||
			    errno != 0 || h < QI_SYNTH_HOSPITALS_MIN ||
			    h > QI_SYNTH_HOSPITALS_MAX) {
				cmd_misuse(&cmd_synth_def, NULL, "bad --hospitals "
				    "'%s' (a whole number from "
				    G_STRINGIFY(QI_SYNTH_HOSPITALS_MIN) " to "
				    G_STRINGIFY(QI_SYNTH_HOSPITALS_MAX) ", e.g. "
				    "1700)", val);
				return -1;
			}
			*nhosp = (size_t)h;
		} else if (which == 3) {
			if (strcmp(val, "csv") != 0 && strcmp(val, "dpc") != 0) {
				cmd_misuse(&cmd_synth_def, NULL, "bad --format "
				    "'%s' (csv: stays.csv, events.csv; or dpc: "
				    "FF1/EFn/FF4 files)", val);
				return -1;
			}
			*dpc = strcmp(val, "dpc") == 0;
		} else if (which == 1) {
			cfg->scale = strtod(val, &end);
			if (*val == '\0' || *end != '\0' || errno != 0 ||
			    !isfinite(cfg->scale) || cfg->scale <= 0.0 ||
			    cfg->scale > 1e4) {
				cmd_misuse(&cmd_synth_def, NULL, "bad --scale "
				    "'%s' (a positive number of stays per bed and "
				    "year, e.g. 1.2)", val);
				return -1;
			}
		} else {
			cfg->stays = strtoull(val, &end, 10);
			if (*val == '\0' || *val == '-' || *end != '\0' ||
			    errno != 0 || cfg->stays == 0) {
				cmd_misuse(&cmd_synth_def, NULL, "bad --total-stays "
				    "'%s' (a positive whole number, e.g. 5000000)",
				    val);
				return -1;
			}
		}
	}
	*nout = n;
	return 0;
}

enum qi_err
cmd_synth(int argc, char *argv[], struct qi_diag *diag)
{
	struct opts o;
	struct qi_synth_stays_cfg cfg;
	struct qi_defset *defs = NULL;
	struct qi_stage *stage = NULL;
	char *dir = NULL, **args;
	size_t nhosp = QI_SYNTH_HOSPITALS;
	int nargs = 0, dpc = 0;
	enum qi_err rc;

	qi_synth_stays_cfg_default(&cfg);
	memset(&o, 0, sizeof(o));
	args = g_new0(char *, (size_t)argc + 1);
	if (synth_own_opts(argc, argv, &cfg, &dpc, &nhosp, args,
	    &nargs) != 0) {
		g_free(args);
		return QI_EUSAGE;
	}
	if ((rc = opts_parse(&cmd_synth_def, nargs, args, &o)) != QI_OK ||
	    o.help)
		goto out;
	cfg.seed = o.seed;
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
	if ((rc = qi_synth_write_hospitals(dir, defs, o.seed, nhosp,
	    diag)) != QI_OK ||
	    (rc = (dpc ? qi_synth_dpc_write : qi_synth_stays_write)(dir, &cfg,
	    diag)) != QI_OK)
		goto out;
	rc = qi_stage_commit(stage, QI_STAGE_REPLACE, diag);
	stage = NULL;
out:
	qi_stage_abort(stage);
	g_free(dir);
	qi_defset_free(defs);
	opts_free(&o);
	g_free(args);
	return rc;
}

/* qi synth's entry in the command table (main.c): its options and help. */
const struct cmd cmd_synth_def = {
	.name = "synth",
	.fn = cmd_synth,
	.opts = OPTS_OUTPUT | OPTS_DEFS | OPTS_SEED,
	.synopsis = "write the synthetic sample data set",
	.usage =
	    "usage: qi synth [options]\n"
	    "Writes organisations.csv, hospitals.csv, counts.csv and the\n"
	    "patient-level stays.csv and events.csv for 172 fictional\n"
	    "hospitals (140 NHO, 32 JOHAS) over FY2023Q1..FY2024Q4 into\n"
	    "OUTPUT/sample/.  The same seed gives the same bytes.\n\n"
	    COMMON_IO
	    "      --seed N             random seed (default 20240401)\n"
	    "      --hospitals N        N fictional hospitals (default 172, the\n"
	    "                           sample); any other N from 10 to 20000:\n"
	    "                           NHO and JOHAS in the ratio 140:32, beds in\n"
	    "                           the proportions of all 1,786 DPC hospitals\n"
	    "                           of June 2024 (中医協 2024-04-10); stays\n"
	    "                           grow with the beds\n"
	    "  -h, --help               this help\n"
	    "Patient-level sample (stays.csv, events.csv, streamed):\n"
	    "      --scale X            stays per licensed bed per fiscal year\n"
	    "                           (default 1.0, about 125,000 stays)\n"
	    "      --total-stays N      about N stays in all, overriding --scale\n"
	    "      --format csv|dpc     csv (default): stays.csv and events.csv;\n"
	    "                           dpc: the same stays as DPC submission files\n"
	    "                           FF1_/EFn_/FF4_<施設コード>_<YYMM>.txt (CP932)\n"
	    "                           and drug_master.csv\n"
};
