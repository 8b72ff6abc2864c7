/*
 * cmd_publish.c -- qi publish: the organisations' websites from results
 * computed earlier, written into OUTPUT/site/ and swapped in whole.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cmd.h"
#include "site.h"

/*
 * Take publish's own options (--preview, --base-urls) out of argv; the
 * rest are the options shared with qi render.  Returns the new argc.
 */
static int
own_options(int argc, char *argv[], char *rest[], struct qi_sitecfg *cfg)
{
	int i, n = 0;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				rest[n++] = argv[i++];
			break;
		}
		if (i > 0 && strcmp(argv[i], "--preview") == 0)
			cfg->preview = 1;
		else if (i > 0 && strcmp(argv[i], "--base-urls") == 0)
			cfg->preview = 0;
		else
			rest[n++] = argv[i];
	}
	rest[n] = NULL;
	return n;
}

enum qi_err
cmd_publish(int argc, char *argv[], struct qi_diag *diag)
{
	struct opts o;
	struct qi_sitecfg cfg;
	struct qi_defset *defs = NULL;
	struct qi_registry *reg = NULL;
	struct qi_results *res = NULL;
	struct qi_stage *stage = NULL;
	char *results = NULL, *site = NULL, **rest;
	enum qi_err rc, rc2;

	qi_sitecfg_defaults(&cfg);
	rest = g_new0(char *, (size_t)argc + 1);
	argc = own_options(argc, argv, rest, &cfg);
	if ((rc = opts_parse(cmd_find("publish"), argc, rest, &o)) != QI_OK ||
	    o.help)
		goto out;
	results = o.results != NULL ? g_strdup(o.results) :
	    g_build_filename(o.output, "results.csv", NULL);
	cfg.results_path = results;
	rc = qi_defset_load(o.indicators, &defs, diag);
	rc2 = qi_registry_load(o.orgs, o.hosps, o.encoding, &reg, diag);
	if (rc != QI_OK || rc2 != QI_OK) {
		rc = rc > rc2 ? rc : rc2;
		goto out;
	}
	if ((rc = qi_results_load(results, defs, reg, &res, diag)) != QI_OK ||
	    (rc = qi_stage_open(o.output, &stage, diag)) != QI_OK)
		goto out;
	site = g_build_filename(qi_stage_path(stage), "site", NULL);
	if (g_mkdir(site, 0777) == -1) {
		qi_diag_add(diag, QI_ERROR, site, 0, 0, NULL,
		    "cannot create: %s", strerror(errno));
		rc = QI_ESYS;
		goto out;
	}
	if ((rc = qi_site_write(site, res, &cfg, diag)) != QI_OK)
		goto out;
	rc = qi_stage_commit(stage, QI_STAGE_REPLACE, diag);
	stage = NULL;
	if (rc == QI_OK)
		fprintf(stderr, "qi: websites of %zu organisations written to "
		    "%s/site/%s\n", reg->norgs, o.output, cfg.preview ?
		    " (preview: links between the sites are relative)" : "");
out:
	qi_stage_abort(stage);
	qi_results_free(res);
	qi_registry_free(reg);
	qi_defset_free(defs);
	g_free(site);
	g_free(results);
	g_free(rest);
	opts_free(&o);
	return rc;
}
