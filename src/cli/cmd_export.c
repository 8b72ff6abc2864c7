/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_export.c -- qi export --xlsx -o FILE: the workbook of the sites'
 * downloads (site/xlsx.c) from results.csv, for analysts.  The results
 * are read as qi publish reads them (the definitions' publication
 * thresholds re-applied), so the workbook of --organisation ORG is the
 * site's ORG/data/ORG.xlsx byte for byte; without it, every
 * organisation's hospitals in one workbook.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cmd.h"
#include "cmd_usage.h"
#include "site.h"

/* export's own options, taken out of argv before the shared ones. */
struct export_opts {
	int		 xlsx;		/* --xlsx: the only format */
	const char	*dest;		/* -o FILE, borrowed from argv */
	const char	*org;		/* --organisation CODE, or NULL */
};

/* buf written to dest beside it under an exclusive name, then renamed. */
static enum qi_err
write_beside(const char *dest, const char *buf, size_t len,
    struct qi_diag *diag)
{
	char *tmp = NULL;
	FILE *fp;
	enum qi_err rc = QI_OK;

	if ((fp = qi_create_beside(dest, &tmp, diag)) == NULL) {
		g_free(tmp);
		return QI_ESYS;
	}
	if (fwrite(buf, 1, len, fp) != len || fclose(fp) != 0 ||
	    rename(tmp, dest) != 0) {
		qi_diag_add(diag, QI_ERROR, dest, 0, 0, NULL,
		    "write failed: %s", strerror(errno));
		g_remove(tmp);
		rc = QI_ESYS;
	}
	g_free(tmp);
	return rc;
}

enum qi_err
cmd_export(int argc, char *argv[], struct qi_diag *diag)
{
	struct export_opts e;
	struct opts o;
	struct qi_defset *defs = NULL;
	struct qi_registry *reg = NULL;
	struct qi_results *res = NULL;
	char *results = NULL, *buf = NULL, **rest;
	size_t len = 0;
	long org = -1;
	enum qi_err rc;

	memset(&e, 0, sizeof(e));
	memset(&o, 0, sizeof(o));
	rest = g_new0(char *, (size_t)argc + 1);
	{
		/*
		 * -o names the workbook here, not a folder: the shared -o
		 * would also move the default results and sample, which
		 * stay under output/.
		 */
		const struct cmd_own own[] = {
			{ "--xlsx", NULL, NULL, &e.xlsx, 1 },
			{ "--output", "-o", &e.dest, NULL, 0 },
			{ "--organisation", NULL, &e.org, NULL, 0 },
		};

		if ((argc = cmd_take_own(&cmd_export_def, argc, argv,
		    rest, own, G_N_ELEMENTS(own))) == -1) {
			g_free(rest);
			return QI_EUSAGE;
		}
	}
	if ((rc = opts_parse(&cmd_export_def, argc, rest, &o)) != QI_OK ||
	    o.help)
		goto out;
	if (!e.xlsx || e.dest == NULL || strcmp(e.dest, "-") == 0) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "e.g. qi export --xlsx "
		    "-o qi.xlsx", "give --xlsx (the one format) and -o FILE "
		    "(a workbook is not written to standard output)");
		rc = QI_EUSAGE;
		goto out;
	}
	if ((rc = results_setup(&o, &defs, &reg, &results, diag)) != QI_OK)
		goto out;
	if (e.org != NULL && (org = qi_registry_org(reg, e.org)) < 0) {
		qi_diag_add(diag, QI_ERROR, o.orgs, 0, 0, "give a code of "
		    "organisations.csv", "no organisation '%s'", e.org);
		rc = QI_EUSAGE;
		goto out;
	}
	if ((rc = results_load_published(results, defs, reg, &res,
	    diag)) != QI_OK ||
	    (rc = qi_workbook(res, org, &buf, &len, diag)) != QI_OK ||
	    (rc = write_beside(e.dest, buf, len, diag)) != QI_OK)
		goto out;
	fprintf(stderr, "qi: workbook of %s written to %s\n", e.org != NULL ?
	    e.org : "every organisation", e.dest);
out:
	qi_results_free(res);
	qi_registry_free(reg);
	qi_defset_free(defs);
	g_free(buf);
	g_free(results);
	g_free(rest);
	opts_free(&o);
	return rc;
}

const struct cmd cmd_export_def = {
	.name = "export",
	.fn = cmd_export,
	.opts = OPTS_DEFS | OPTS_REGISTRY | OPTS_ENCODING | OPTS_RESULTS,
	.synopsis = "write the sites' workbook (.xlsx) from results",
	.usage =
	    "usage: qi export --xlsx -o FILE [options]\n"
	    "Reads results.csv as qi publish does (the definitions' publication\n"
	    "thresholds re-applied) and writes the workbook of the websites'\n"
	    "downloads to FILE: a sheet of the definitions, then one sheet per\n"
	    "indicator with the rows of its data/ID.csv.  With --organisation\n"
	    "ORG it is the site's ORG/data/ORG.xlsx byte for byte; without, it\n"
	    "holds every organisation's hospitals.  FILE is written beside\n"
	    "itself and renamed; a symbolic link is refused.\n\n"
	    "      --xlsx               an Excel workbook (the one format)\n"
	    "  -o, --output FILE        the workbook to write (required)\n"
	    "      --organisation ORG   one organisation's workbook (its code)\n"
	    "      --results FILE       results to export (default\n"
	    "                           output/results.csv)\n"
	    COMMON_DEFS
	    "  -d, --data DIR           folder with organisations.csv and\n"
	    "                           hospitals.csv (default: output/sample)\n"
	    "      --organisations FILE, --hospitals FILE  as for qi compute\n"
	    "      --encoding ENC       input CSV encoding: utf-8 (default), cp932\n"
	    "  -h, --help               this help\n"
};
