/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_publish.c -- qi publish: the organisations' websites from results
 * computed earlier, written into OUTPUT/site/ and swapped in whole.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "chart.h"
#include "cmd.h"
#include "cmd_usage.h"
#include "site.h"

/*
 * --format's list, e.g. "svg,png": the chart formats to write.  SVG must
 * be among them (the pages show it).  -1 on a bad list.
 */
static int
chart_formats(const char *list, int want[3])
{
	static const char *const name[3] = { "png", "pdf", "svg" };
	char **v = g_strsplit(list, ",", -1);
	int i, k, rc = 0;

	want[0] = want[1] = want[2] = 0;
	for (i = 0; v[i] != NULL && rc == 0; i++) {
		for (k = 0; k < 3; k++)
			if (g_ascii_strcasecmp(g_strstrip(v[i]), name[k]) == 0)
				break;
		if (k == 3)
			rc = -1;
		else
			want[k] = 1;
	}
	g_strfreev(v);
	return rc == 0 && want[QI_FORMAT_SVG] ? 0 : -1;
}

enum qi_err
cmd_publish(int argc, char *argv[], struct qi_diag *diag)
{
	struct opts o;
	struct qi_sitecfg cfg;
	struct qi_defset *defs = NULL;
	struct qi_registry *reg = NULL;
	struct qi_results *res = NULL;
	struct qi_history *hist = NULL;
	struct qi_analyses *an = NULL;
	struct qi_stage *stage = NULL;
	char *results = NULL, *site = NULL, **rest;
	const char *list = NULL;	/* --format LIST */
	enum qi_err rc;
	int quiet = 0;			/* --quiet: no progress line */

	qi_sitecfg_defaults(&cfg);
	rest = g_new0(char *, (size_t)argc + 1);
	{
		/* publish's own options; the rest are shared with render */
		const struct cmd_own own[] = {
			{ "--preview", NULL, NULL, &cfg.preview, 1 },
			{ "--base-urls", NULL, NULL, &cfg.preview, 0 },
			{ "--format", NULL, &list, NULL, 0 },
			{ "--profile-pdf", NULL, NULL, &cfg.profile_pdf, 1 },
			{ "--quiet", NULL, NULL, &quiet, 1 },
		};

		if ((argc = cmd_take_own(&cmd_publish_def, argc, argv,
		    rest, own, G_N_ELEMENTS(own))) == -1 || (list != NULL &&
		    chart_formats(list, cfg.formats) == -1)) {
			if (argc != -1)
				cmd_misuse(&cmd_publish_def, NULL, "bad --format "
				    "'%s': give svg (the pages show it), with pdf "
				    "and png if wanted; the default is svg,pdf",
				    list);
			g_free(rest);
			return QI_EUSAGE;
		}
	}
	if ((rc = opts_parse(&cmd_publish_def, argc, rest, &o)) != QI_OK ||
	    o.help)
		goto out;
	rc = results_setup(&o, &defs, &reg, &results, diag);
	cfg.results_path = results;
	if (rc != QI_OK ||
	    (rc = results_load_published(results, defs, reg, &res,
	    diag)) != QI_OK ||
	    (rc = analyse(&o, res, &hist, &an, diag)) != QI_OK ||
	    (rc = qi_stage_open(o.output, &stage, diag)) != QI_OK)
		goto out;
	site = g_build_filename(qi_stage_path(stage), "site", NULL);
	if (g_mkdir(site, 0777) == -1) {
		qi_diag_add(diag, QI_ERROR, site, 0, 0, NULL,
		    "cannot create: %s", strerror(errno));
		rc = QI_ESYS;
		goto out;
	}
	cfg.progress = !quiet;
	if ((rc = qi_site_write(site, an, &cfg, diag)) != QI_OK)
		goto out;
	rc = qi_stage_commit(stage, QI_STAGE_REPLACE, diag);
	stage = NULL;
	if (rc == QI_OK)
		fprintf(stderr, "qi: websites of %zu organisations written to "
		    "%s/site/%s\n", reg->norgs, o.output, cfg.preview ?
		    " (preview: links between the sites are relative)" : "");
out:
	qi_stage_abort(stage);
	qi_analyses_free(an);
	qi_history_free(hist);
	qi_results_free(res);
	qi_registry_free(reg);
	qi_defset_free(defs);
	g_free(site);
	g_free(results);
	g_free(rest);
	opts_free(&o);
	return rc;
}

/* qi publish's entry in the command table (main.c): its options and help. */
const struct cmd cmd_publish_def = {
	.name = "publish",
	.fn = cmd_publish,
	.opts = OPTS_OUTPUT | OPTS_DEFS | OPTS_REGISTRY | OPTS_ENCODING |
	    OPTS_RESULTS | OPTS_HISTORY,
	.synopsis = "build the organisations' websites from computed results",
	.usage =
	    "usage: qi publish [options]\n"
	    "Reads results.csv (default OUTPUT/results.csv) and writes one\n"
	    "static website per organisation, OUTPUT/site/ORG/ (Japanese) and\n"
	    "OUTPUT/site/ORG/en/ (English), replacing the previous site whole.\n\n"
	    COMMON_IO
	    "  -d, --data DIR           folder with organisations.csv and\n"
	    "                           hospitals.csv (default: OUTPUT/sample)\n"
	    "      --organisations FILE, --hospitals FILE  as for qi compute\n"
	    "      --encoding ENC       input CSV encoding: utf-8 (default), cp932\n"
	    "      --results FILE       results to publish\n"
	    COMMON_HISTORY
	    "      --base-urls          link to the partner site by its url in\n"
	    "                           organisations.csv (default)\n"
	    "      --preview            relative links between the sites, to\n"
	    "                           browse OUTPUT/site/ locally\n"
	    "      --format LIST        chart formats: svg (required: the pages\n"
	    "                           show it), pdf (a chart book of the\n"
	    "                           indicator charts per language), png (a\n"
	    "                           download per chart) (default svg,pdf)\n"
	    "      --profile-pdf        hospital profiles as PDF files too\n"
	    "      --quiet              no progress line on the terminal\n"
	    "  -h, --help               this help\n"
};
