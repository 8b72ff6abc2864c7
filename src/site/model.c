/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * model.c -- what the pages, figures, downloads and workbooks of the
 * sites look up (site.h): counts of results by status, the charts a page
 * shows and their file names, the funnel analyses with something to
 * show, the rows of a download, and the files the site writes.  Below
 * html.c, figure.c, page.c and xlsx.c, which site.c drives.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "site.h"

void
site_tally(const struct site *s, const struct site_year *y, long org,
    struct site_tally *t)
{
	const struct qi_result *r;
	size_t h;

	memset(t, 0, sizeof(*t));
	for (h = 0; h < s->reg->nhosps; h++) {
		if (y->hosp[h] < 0)
			continue;
		r = &s->res->v[y->hosp[h]];
		if (org >= 0 && r->org != org)
			continue;
		t->total++;
		t->by[r->status]++;
	}
}

/* Create the parent folders of path; -1 with errno on failure. */
int
site_make_parents(const char *path)
{
	char *dir = g_path_get_dirname(path);
	int rc = g_mkdir_with_parents(dir, 0777);

	g_free(dir);
	return rc;
}

enum qi_err
site_file(const struct site *s, size_t org, const char *rel,
    const char *data, size_t len)
{
	char *path;
	FILE *fp;
	enum qi_err rc = QI_OK;

	path = g_build_filename(s->dir, s->reg->orgs[org].code, rel, NULL);
	if (site_make_parents(path) == -1 || (fp = fopen(path, "wb")) == NULL) {
		qi_diag_add(s->diag, QI_ERROR, path, 0, 0, NULL,
		    "cannot create: %s", strerror(errno));
		g_free(path);
		return QI_ESYS;
	}
	if (fwrite(data, 1, len, fp) != len)
		rc = QI_ESYS;
	if (fclose(fp) != 0)
		rc = QI_ESYS;
	if (rc != QI_OK)
		qi_diag_add(s->diag, QI_ERROR, path, 0, 0, NULL,
		    "write failed: %s", strerror(errno));
	g_free(path);
	return rc;
}

const char *
site_chart_file(int k)
{
	static const char *const suffix[SITE_CHART_FILES] = {
		".svg", ".png", ".pdf"
	};

	return suffix[k];
}

/*
 * The pages show the SVG; a PNG is a download when asked for.  An
 * indicator chart's PDF is its page of the chart book; a hospital's
 * profile has a PDF of its own only when asked (--profile-pdf), and a
 * VLAD chart none: a PDF per hospital and language was most of a site's
 * bytes (a Japanese PDF embeds its font).
 */
int
site_chart_wanted(const struct site *s, const struct site_chart *c, int k)
{
	static const enum qi_format fmt[SITE_CHART_FILES] = {
		QI_FORMAT_SVG, QI_FORMAT_PNG, QI_FORMAT_PDF
	};

	if (fmt[k] == QI_FORMAT_PDF)
		return c->kind == SITE_PROFILE && s->cfg->profile_pdf &&
		    s->cfg->formats[QI_FORMAT_PDF];
	return s->cfg->formats[fmt[k]];
}

int
site_book_page(const struct site *s, const struct site_chart *c)
{
	const struct site_chart *b;
	guint k;

	if (s->book == NULL || !s->cfg->formats[QI_FORMAT_PDF])
		return 0;
	for (k = 0; k < s->book->len; k++) {
		b = &g_array_index(s->book, struct site_chart, k);
		if (b->kind == c->kind && b->ind == c->ind &&
		    (c->kind == SITE_COMPARE || c->kind == SITE_TREND ||
		    qi_period_cmp(b->p, c->p) == 0))
			return (int)k + 1;
	}
	return 0;
}

void
site_chart_name(GString *g, const struct site *s, const struct site_chart *c)
{
	char label[16];

	qi_period_format(c->p, label, sizeof(label));
	switch (c->kind) {
	case SITE_CATERPILLAR:
		g_string_append_printf(g, "charts/%s_%s", s->defs->v[c->ind].id,
		    label);
		break;
	case SITE_FUNNEL:
		g_string_append_printf(g, "charts/%s_%s_funnel",
		    s->defs->v[c->ind].id, label);
		break;
	case SITE_COMPARE:
	case SITE_TREND:
		g_string_append_printf(g, "charts/%s_%s", s->defs->v[c->ind].id,
		    c->kind == SITE_TREND ? "trend" : "compare");
		break;
	case SITE_PROFILE:
		g_string_append_printf(g, "charts/%s_%s_profile",
		    s->reg->hosps[c->hosp].id, label);
		break;
	case SITE_VLAD:
		g_string_append_printf(g, "charts/%s_%s_vlad",
		    s->defs->v[c->ind].id, s->reg->hosps[c->hosp].id);
		break;
	}
}

int
site_has_profile(const struct site *s, size_t hosp)
{
	size_t i, j;

	for (i = 0; i < s->defs->n; i++)
		for (j = 0; j < s->ind[i].nyears; j++)
			if (s->ind[i].years[j].p.fy == s->latest_fy &&
			    s->ind[i].years[j].hosp[hosp] >= 0)
				return 1;
	return 0;
}

int
site_has_quarters(const struct site *s, size_t ind)
{
	return s->ind[ind].trend;
}

const struct qi_funnelplot *
site_funnel(const struct site *s, size_t ind, struct qi_period p)
{
	const struct qi_funnelplot *fp = qi_analyses_funnel(s->an, ind, p);

	return fp != NULL && !isnan(fp->target) && fp->n > 0 ? fp : NULL;
}

/*
 * An indicator's published fiscal-year rows for organisation org: both
 * organisations together, each organisation, and org's hospitals (every
 * hospital for org -1), with
 * every value of a result that is not ok cleared again (the site shows
 * numbers only for ok results; an empty result keeps its 0 and 0).
 */
struct qi_results *
site_data_rows(const struct site *s, size_t ind, long org)
{
	const struct site_ind *si = &s->ind[ind];
	struct qi_results *sub;
	struct qi_result *r;
	GArray *v;
	size_t j, k;
	long idx;

	v = g_array_new(FALSE, FALSE, sizeof(struct qi_result));
	for (j = si->nyears; j-- > 0;) {
		const struct site_year *y = &si->years[j];

		if (y->all >= 0)
			g_array_append_val(v, s->res->v[y->all]);
		for (k = 0; k < s->reg->norgs; k++)
			if ((idx = y->org[k]) >= 0)
				g_array_append_val(v, s->res->v[idx]);
		for (k = 0; k < s->reg->nhosps; k++)
			if ((idx = y->hosp[k]) >= 0 &&
			    (org < 0 || s->res->v[idx].org == org))
				g_array_append_val(v, s->res->v[idx]);
	}
	for (j = 0; j < v->len; j++) {
		r = &g_array_index(v, struct qi_result, j);
		if (r->status == QI_STATUS_OK)
			continue;
		r->rate = r->lower = r->upper = NAN;
		if (r->status != QI_STATUS_EMPTY)
			r->numerator = r->denominator = -1;
	}
	sub = g_new0(struct qi_results, 1);
	sub->n = v->len;
	sub->v = (struct qi_result *)(void *)g_array_free(v, FALSE);
	sub->defs = s->defs;
	sub->reg = s->reg;
	return sub;
}

char *
site_workbook_name(const struct site *s, size_t org)
{
	return g_strdup_printf("data/%s.xlsx", s->reg->orgs[org].code);
}
