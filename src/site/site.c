/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * site.c -- the structure of the published websites: the results arranged
 * per indicator and fiscal year, then for every organisation its folder
 * ORG/ with the Japanese pages, en/ with the English ones, the charts of
 * each language, the data downloads and the style sheet.
 *
 *   ORG/style.css                      one small style sheet
 *   ORG/data/ID.csv, ID.json           an indicator's published rows
 *   ORG/data/ORG.xlsx                  all of them, a sheet per indicator
 *   ORG/index.html                     indicators (Japanese)
 *   ORG/hospitals/index.html, HID.html hospitals of ORG
 *   ORG/indicators/ID.html             one page per indicator
 *   ORG/charts/ID_FY2024.svg (.png)    caterpillar: the SVG is shown, a
 *                                      PNG is a download when asked for
 *   ORG/charts/ID_FY2024_funnel.*      funnel plot
 *   ORG/charts/ID_compare.*, ID_trend.* fiscal years, quarters
 *   ORG/charts/indicators.pdf          the chart book: every indicator
 *                                      chart above, a page each
 *   ORG/charts/HID_FY2024_profile.*    a hospital, latest fiscal year (a
 *                                      PDF only with cfg->profile_pdf)
 *   ORG/charts/ID_HID_vlad.*           a hospital's VLAD of a risk-
 *                                      modelled indicator
 *   ORG/en/...                         the same pages and charts in English
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "chart.h"
#include "parallel.h"
#include "progress.h"
#include "render.h"
#include "site.h"

/*
 * The whole style sheet: system fonts only, readable without it.  On a
 * phone (390 CSS px) nothing is wider than the screen except inside its
 * own scrolling box: a table scrolls in its div.scroll, with its column
 * headers and short cells kept on one line (keep-all: Japanese breaks at
 * punctuation and spaces only, not between any two characters), and a
 * chart is never drawn smaller than its PNG (its text is sized for that
 * width), so its figure scrolls instead (specs/publication.md §6).
 */
static const char site_css[] =
"html{font-family:\"Noto Sans CJK JP\",\"Hiragino Sans\",\"Yu Gothic\","
"Meiryo,sans-serif;line-height:1.6;color:#1a1a1a;background:#fff}\n"
"body{margin:0 auto;max-width:60rem;padding:0 1rem 2rem}\n"
".skip{position:absolute;left:-999px}\n"
".skip:focus{left:1rem;top:1rem;background:#ffd;padding:.5rem}\n"
"header{border-bottom:2px solid #2b5797;padding:.5rem 0;"
"margin-bottom:1rem}\n"
"header p{margin:0;font-weight:bold}\n"
"nav ul{list-style:none;margin:.25rem 0 0;padding:0;display:flex;"
"flex-wrap:wrap;gap:1rem}\n"
"a{color:#1d4e89}\n"
"h1{font-size:1.6rem;line-height:1.3}\n"
"h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #ccc}\n"
"h3{font-size:1.1rem}\n"
".scroll{overflow-x:auto}\n"
"table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}\n"
"caption{text-align:left;font-weight:bold;padding:.25rem 0}\n"
"th,td{border:1px solid #bbb;padding:.2rem .5rem;vertical-align:top}\n"
"thead th{background:#eef2f8;white-space:nowrap}\n"
"th[scope=row]{text-align:left;font-weight:normal;min-width:16em}\n"
"td{word-break:keep-all}\n"
"td.n{text-align:right;font-variant-numeric:tabular-nums;"
"white-space:nowrap}\n"
"td.w{color:#666}\n"
"figure{margin:1rem 0;overflow-x:auto}\n"
"img{max-width:100%;height:auto;border:1px solid #ddd}\n"
"figure img{max-width:none}\n"
"dt{font-weight:bold}\n"
"dd{margin:0 0 .5rem 1.5rem}\n"
"footer code{word-break:break-all}\n"
"footer{margin-top:3rem;border-top:1px solid #ccc;font-size:.8rem;"
"color:#555}\n";

void
qi_sitecfg_defaults(struct qi_sitecfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->formats[QI_FORMAT_PDF] = 1;
	cfg->formats[QI_FORMAT_SVG] = 1;
}

/*
 * s for res, its analyses an (NULL: no charts or pages, only the
 * downloads) and cfg, all borrowed, with no folder and no model yet.
 */
static void
site_init(struct site *s, const struct qi_results *res,
    const struct qi_analyses *an, const struct qi_sitecfg *cfg,
    struct qi_diag *diag)
{
	memset(s, 0, sizeof(*s));
	s->an = an;
	s->res = res;
	s->reg = res->reg;
	s->defs = res->defs;
	s->cfg = cfg;
	s->diag = diag;
}

/* --------------------------------------------------------------- model */

static void
model_free(struct site *s)
{
	size_t i, j;

	if (s->ind == NULL)
		return;
	for (i = 0; i < s->defs->n; i++) {
		for (j = 0; j < s->ind[i].nyears; j++) {
			g_free(s->ind[i].years[j].org);
			g_free(s->ind[i].years[j].hosp);
		}
		g_free(s->ind[i].years);
	}
	g_free(s->ind);
	s->ind = NULL;
	for (i = 0; i < s->nfits; i++)
		g_free(s->fits[i].reference);
	g_free(s->fits);
	s->fits = NULL;
	s->nfits = 0;
}

/*
 * The risk models of results.json beside the results file: its
 * "risk_models", as results_write.c writes them (one key a line), each
 * object's indicator, period, fitted and c_statistic.  Nothing if the
 * file is not there; an object of an unknown indicator or period is
 * passed over.
 */
static void
fits_from_json(struct site *s)
{
	char *dir, *path, *text = NULL, *p, *p2, *end, *obj, *v;
	struct site_fit f;
	GArray *a;
	long ind;

	if (s->cfg->results_path == NULL)
		return;
	dir = g_path_get_dirname(s->cfg->results_path);
	path = g_build_filename(dir, "results.json", NULL);
	g_free(dir);
	if (!g_file_get_contents(path, &text, NULL, NULL) ||
	    (p = strstr(text, "\"risk_models\": [")) == NULL) {
		g_free(path);
		g_free(text);
		return;
	}
	g_free(path);
	end = strstr(p, "\n    ]");
	a = g_array_new(FALSE, TRUE, sizeof(struct site_fit));
	while (end != NULL && (obj = strstr(p, "\n      {")) != NULL &&
	    obj < end) {
		p = strstr(obj, "\n      }");
		if (p == NULL || p > end)
			break;
		*p++ = '\0';	/* the object alone */
		memset(&f, 0, sizeof(f));
		f.c = NAN;
		if ((v = strstr(obj, "\"indicator\": \"")) == NULL)
			continue;
		v += strlen("\"indicator\": \"");
		v[strcspn(v, "\"")] = '\0';
		if ((ind = qi_defset_find(s->defs, v)) < 0)
			continue;
		f.ind = (size_t)ind;
		v += strlen(v) + 1;
		/* a model of one period, or of all from a reference */
		if ((p2 = strstr(v, "\"reference\": \"")) != NULL) {
			v = p2 + strlen("\"reference\": \"");
			v[strcspn(v, "\"")] = '\0';
			f.reference = g_strdup(v);
		} else {
			if ((v = strstr(v, "\"period\": \"")) == NULL)
				continue;
			v += strlen("\"period\": \"");
			v[strcspn(v, "\"")] = '\0';
			if (qi_period_parse(v, &f.p) != 0)
				continue;
		}
		v += strlen(v) + 1;
		f.fitted = strstr(v, "\"fitted\": true") != NULL;
		if (f.fitted && (v = strstr(v, "\"c_statistic\": ")) != NULL)
			f.c = g_ascii_strtod(v + strlen("\"c_statistic\": "),
			    NULL);
		g_array_append_val(a, f);
	}
	s->nfits = a->len;
	s->fits = (struct site_fit *)(void *)g_array_free(a, FALSE);
	g_free(text);
}

/* The fits of the risk models (struct site, fits). */
static void
fits_build(struct site *s)
{
	const struct qi_riskfit *m;
	size_t i;

	if (s->res->nmodels == 0) {
		fits_from_json(s);
		return;
	}
	s->fits = g_new0(struct site_fit, s->res->nmodels);
	for (i = 0; i < s->res->nmodels; i++) {
		m = &s->res->models[i];
		s->fits[i].ind = m->indicator;
		s->fits[i].p = m->period;
		if (m->from != QI_RISK_PERIOD)
			s->fits[i].reference = g_strdup(m->reference);
		s->fits[i].fitted = m->fit != NULL;
		s->fits[i].c = m->fit != NULL ? m->fit->c_stat : NAN;
	}
	s->nfits = s->res->nmodels;
}

/*
 * Arrange the fiscal-year results per indicator, latest year first.
 * Results come ordered by indicator and period, so a year's results
 * are consecutive.
 */
static void
model_build(struct site *s)
{
	const struct qi_result *r;
	struct site_ind *si;
	struct site_year *y, tmp;
	size_t i, j, k;

	s->ind = g_new0(struct site_ind, s->defs->n);
	s->latest_fy = INT_MIN;
	for (i = 0; i < s->res->n; i++) {
		r = &s->res->v[i];
		if (r->period.q != 0 || r->indicator >= s->defs->n ||
		    qi_kind_location(s->defs->v[r->indicator].kind))
			continue;	/* the site shows no means (yet) */
		si = &s->ind[r->indicator];
		y = si->nyears > 0 ? &si->years[si->nyears - 1] : NULL;
		if (y == NULL || qi_period_cmp(y->p, r->period) != 0) {
			si->years = g_renew(struct site_year, si->years,
			    si->nyears + 1);
			y = &si->years[si->nyears++];
			memset(y, 0, sizeof(*y));
			y->p = r->period;
			y->all = -1;
			y->org = g_new(long, s->reg->norgs);
			y->hosp = g_new(long, s->reg->nhosps);
			for (k = 0; k < s->reg->norgs; k++)
				y->org[k] = -1;
			for (k = 0; k < s->reg->nhosps; k++)
				y->hosp[k] = -1;
		}
		if (r->period.fy > s->latest_fy)
			s->latest_fy = r->period.fy;
		if (r->scope == QI_SCOPE_ALL)
			y->all = (long)i;
		else if (r->scope == QI_SCOPE_ORG && r->org >= 0)
			y->org[r->org] = (long)i;
		else if (r->scope == QI_SCOPE_HOSPITAL && r->hospital >= 0)
			y->hosp[r->hospital] = (long)i;
	}
	for (i = 0; i < s->defs->n; i++) {
		si = &s->ind[i];
		si->trend = s->an != NULL && qi_render_has_trend(s->an, i);
		for (j = 0; j < si->nyears / 2; j++) {
			tmp = si->years[j];
			si->years[j] = si->years[si->nyears - 1 - j];
			si->years[si->nyears - 1 - j] = tmp;
		}
	}
	fits_build(s);
}

/* -------------------------------------------------------------- charts */

/* Copy a file written for one organisation to another. */
static enum qi_err
copy_file(const struct site *s, size_t from, size_t to, const char *rel)
{
	GError *gerr = NULL;
	char *path, *data;
	gsize len;
	enum qi_err rc;

	path = g_build_filename(s->dir, s->reg->orgs[from].code, rel, NULL);
	if (!g_file_get_contents(path, &data, &len, &gerr)) {
		qi_diag_add(s->diag, QI_ERROR, path, 0, 0, NULL, "%s",
		    gerr->message);
		g_error_free(gerr);
		g_free(path);
		return QI_ESYS;
	}
	rc = site_file(s, to, rel, data, len);
	g_free(data);
	g_free(path);
	return rc;
}

/*
 * Give organisation to the file rel that organisation from has: a hard
 * link (the charts show every organisation, so they are the same for
 * all), or a copy where the file system has no links.
 */
static enum qi_err
share_file(const struct site *s, size_t from, size_t to, const char *rel)
{
	char *src, *dst;
	int rc;

	src = g_build_filename(s->dir, s->reg->orgs[from].code, rel, NULL);
	dst = g_build_filename(s->dir, s->reg->orgs[to].code, rel, NULL);
	rc = site_make_parents(dst) == 0 ? link(src, dst) : -1;
	g_free(src);
	g_free(dst);
	return rc == 0 ? QI_OK : copy_file(s, from, to, rel);
}

/* Draw chart c in one format at path, or as the next page of book (not
   NULL: fmt is PDF, path names the book). */
static enum qi_err
draw_chart(const struct site *s, const struct site_chart *c, int en,
    enum qi_format fmt, const char *path, struct qi_chart_book *book)
{
	struct qi_chartcfg cfg;

	qi_chartcfg_defaults(&cfg);
	cfg.lang = en ? "en" : "ja";
	cfg.book = book;
	switch (c->kind) {
	case SITE_CATERPILLAR:
		return qi_caterpillar_write(path, fmt, s->res, c->ind,
		    c->p, &cfg, s->diag);
	case SITE_FUNNEL:
		return qi_render_funnel(path, fmt, s->an, c->ind, c->p,
		    &cfg, s->diag);
	case SITE_COMPARE:
	case SITE_TREND:
		return qi_render_compare(path, fmt, s->an, c->ind,
		    c->kind == SITE_TREND, &cfg, s->diag);
	case SITE_PROFILE:
		return qi_render_profile(path, fmt, s->an, c->hosp, c->p,
		    &cfg, s->diag);
	case SITE_VLAD:
		return qi_render_vlad(path, fmt, s->an, c->ind, c->hosp,
		    &cfg, s->diag);
	}
	return QI_EUSAGE;
}

/*
 * One chart in one language, in every format the configuration wants:
 * drawn once into the folder of organisation org, or, with org < 0, of
 * the first organisation and linked into the others'.
 */
static enum qi_err
write_chart(struct site *s, const struct site_chart *c, long org, int en)
{
	GString *base = g_string_new(en ? "en/" : "");
	size_t first = org < 0 ? 0 : (size_t)org, o;
	char *rel, *path;
	enum qi_err rc = QI_OK;
	int k;

	site_chart_name(base, s, c);
	for (k = 0; k < SITE_CHART_FILES && rc == QI_OK; k++) {
		if (!site_chart_wanted(s, c, k))
			continue;
		rel = g_strconcat(base->str, site_chart_file(k), NULL);
		path = g_build_filename(s->dir, s->reg->orgs[first].code, rel,
		    NULL);
		if (site_make_parents(path) == -1) {
			qi_diag_add(s->diag, QI_ERROR, path, 0, 0, NULL,
			    "cannot create its folder: %s", strerror(errno));
			rc = QI_ESYS;
		} else
			rc = draw_chart(s, c, en, qi_format_of_path(path), path,
			    NULL);
		for (o = 1; org < 0 && o < s->reg->norgs && rc == QI_OK; o++)
			rc = share_file(s, first, o, rel);
		g_free(path);
		g_free(rel);
	}
	g_string_free(base, TRUE);
	return rc;
}

/*
 * The chart book of one language, SITE_BOOK: every indicator chart
 * (s->book) as a page, drawn into the first organisation's folder and
 * linked into the others' (the charts show every organisation).
 */
static enum qi_err
write_book(struct site *s, int en)
{
	struct qi_chart_book *b;
	char *rel, *path;
	enum qi_err rc = QI_OK;
	size_t o;
	guint k;

	rel = g_strconcat(en ? "en/" : "", SITE_BOOK, NULL);
	path = g_build_filename(s->dir, s->reg->orgs[0].code, rel, NULL);
	if (site_make_parents(path) == -1) {
		qi_diag_add(s->diag, QI_ERROR, path, 0, 0, NULL,
		    "cannot create its folder: %s", strerror(errno));
		rc = QI_ESYS;
	} else if ((b = qi_chart_book_open(path, SITE_T(en,
	    "臨床評価指標 図表集", "Clinical indicators: charts"),
	    s->diag)) == NULL)
		rc = QI_ESYS;
	else {
		for (k = 0; k < s->book->len && rc == QI_OK; k++)
			rc = draw_chart(s, &g_array_index(s->book,
			    struct site_chart, k), en, QI_FORMAT_PDF, path, b);
		if (qi_chart_book_close(b, rc == QI_OK, s->diag) != QI_OK &&
		    rc == QI_OK)
			rc = QI_ESYS;
	}
	for (o = 1; o < s->reg->norgs && rc == QI_OK; o++)
		rc = share_file(s, 0, o, rel);
	g_free(path);
	g_free(rel);
	return rc;
}

/*
 * The indicator charts, in the order of the book's pages: per indicator
 * the caterpillar and funnel plot (if it has a target and a hospital) of
 * each fiscal year, the comparison over fiscal years (if there is one)
 * and the quarterly trend (if there are quarters).
 */
static void
book_list(struct site *s)
{
	struct site_chart c;
	size_t i, k;

	s->book = g_array_new(FALSE, FALSE, sizeof(struct site_chart));
	memset(&c, 0, sizeof(c));
	for (i = 0; i < s->defs->n; i++) {
		if (qi_kind_location(s->defs->v[i].kind))
			continue;	/* no chart of a mean or median yet */
		c.ind = i;
		for (k = 0; k < s->ind[i].nyears; k++) {
			c.p = s->ind[i].years[k].p;
			c.kind = SITE_CATERPILLAR;
			g_array_append_val(s->book, c);
			c.kind = SITE_FUNNEL;
			if (site_funnel(s, i, c.p) != NULL)
				g_array_append_val(s->book, c);
		}
		memset(&c.p, 0, sizeof(c.p));
		c.kind = SITE_COMPARE;
		if (s->ind[i].nyears > 0)
			g_array_append_val(s->book, c);
		c.kind = SITE_TREND;	/* also before the first whole year */
		if (site_has_quarters(s, i))
			g_array_append_val(s->book, c);
	}
}

/* One chart of the sites in one language, or its chart book: what
   write_chart() or write_book() is given, with its own diagnostics, so
   that charts can be drawn in threads. */
struct chart_job {
	struct site_chart c;
	int		 book;		/* the chart book, not c */
	long		 org;
	int		 en;
	struct qi_diag	*diag;		/* owned */
	enum qi_err	 rc;
};

struct chart_pool {
	const struct site *s;
	struct qi_progress *progress;	/* or NULL */
};

/* qi_parallel()'s function: draw one job (a copy of the site with the
   job's diagnostics: the rest is read only). */
static int
chart_job_run(void *data, void *user)
{
	struct chart_job *j = data;
	struct chart_pool *pool = user;
	struct site local = *pool->s;

	local.diag = j->diag;
	j->rc = j->book ? write_book(&local, j->en) :
	    write_chart(&local, &j->c, j->org, j->en);
	qi_progress_add(pool->progress, 1, j->book ? SITE_BOOK :
	    j->c.kind == SITE_PROFILE ? local.reg->hosps[j->c.hosp].id :
	    local.defs->v[j->c.ind].id);
	return j->rc != QI_OK;
}

static void
chart_job_add(GArray *jobs, const struct site_chart *c, long org, int en)
{
	struct chart_job j;

	memset(&j, 0, sizeof(j));
	j.c = *c;
	j.org = org;
	j.en = en;
	g_array_append_val(jobs, j);
}

/*
 * Every chart of the sites in both languages: the chart book of each
 * language (its pages drawn in turn, so it goes first), the indicator
 * charts (book_list()), each hospital's VLAD of an indicator with a risk
 * model (if it has a published quarter with patients), and each
 * hospital's profile in the latest fiscal year (if it has a result then).
 * The charts are listed first, then drawn by a pool of one thread per
 * processor (pango gives each thread its own font map; each chart is its
 * own file), and their diagnostics are told in the order of the list; so
 * the files and messages are those of one thread.
 */
static enum qi_err
write_charts(struct site *s)
{
	struct chart_pool pool = { s, NULL };
	struct site_chart c;
	struct chart_job *j, bj;
	GArray *jobs = g_array_new(FALSE, FALSE, sizeof(struct chart_job));
	size_t i, k;
	enum qi_err rc = QI_OK;
	int en;

	memset(&c, 0, sizeof(c));
	memset(&bj, 0, sizeof(bj));
	bj.book = 1;
	for (en = 0; en < 2 && s->cfg->formats[QI_FORMAT_PDF] &&
	    s->book->len > 0; en++) {	/* no book of no page */
		bj.en = en;
		g_array_append_val(jobs, bj);
	}
	for (en = 0; en < 2; en++) {
		for (k = 0; k < s->book->len; k++)
			chart_job_add(jobs, &g_array_index(s->book,
			    struct site_chart, k), -1, en);
		/* each hospital's VLAD, on its organisation's site */
		c.kind = SITE_VLAD;
		for (i = 0; i < s->defs->n; i++) {
			if (qi_kind_location(s->defs->v[i].kind))
				continue;
			c.ind = i;
			for (c.hosp = 0; c.hosp < s->reg->nhosps; c.hosp++)
				if (qi_render_has_vlad(s->an, i, c.hosp))
					chart_job_add(jobs, &c, (long)
					    s->reg->hosps[c.hosp].org, en);
		}
		if (s->latest_fy == INT_MIN)
			continue;
		c.kind = SITE_PROFILE;
		c.p = (struct qi_period){ s->latest_fy, 0 };
		for (c.hosp = 0; c.hosp < s->reg->nhosps; c.hosp++)
			if (site_has_profile(s, c.hosp))
				chart_job_add(jobs, &c,
				    (long)s->reg->hosps[c.hosp].org, en);
	}
	for (k = 0; k < jobs->len; k++)
		g_array_index(jobs, struct chart_job, k).diag = qi_diag_alloc();
	pool.progress = qi_progress_start("publish", "charts", jobs->len,
	    !s->cfg->progress);
	qi_parallel(jobs->data, jobs->len, sizeof(struct chart_job),
	    chart_job_run, &pool);
	qi_progress_end(pool.progress);
	for (k = 0; k < jobs->len; k++) {
		j = &g_array_index(jobs, struct chart_job, k);
		qi_diag_move(s->diag, j->diag);
		qi_diag_free(j->diag);
		if (rc == QI_OK)
			rc = j->rc;
	}
	g_array_free(jobs, TRUE);
	return rc;
}

/* ---------------------------------------------------------- downloads */

/*
 * ORG/data/ID.csv and ID.json, in the formats of results.csv and .json;
 * the CSV, opened in spreadsheets, with formula-like text neutralised.
 */
static enum qi_err
write_data(const struct site *s, size_t org, size_t ind)
{
	struct qi_results *sub;
	struct qi_input in;
	char *buf = NULL, *rel;
	size_t len = 0, k;
	FILE *fp;
	enum qi_err rc = QI_OK;

	memset(&in, 0, sizeof(in));
	in.role = "results";
	in.path = s->cfg->results_path;
	if (s->sha256 != NULL)
		g_strlcpy(in.sha256, s->sha256, sizeof(in.sha256));
	sub = site_data_rows(s, ind, (long)org);
	for (k = 0; k < 2 && rc == QI_OK; k++) {
		if ((fp = open_memstream(&buf, &len)) == NULL) {
			qi_diag_add(s->diag, QI_ERROR, NULL, 0, 0, NULL,
			    "cannot open a memory stream: %s", strerror(errno));
			rc = QI_ESYS;
			break;
		}
		rc = k == 0 ? qi_results_write_download_csv(sub, fp) :
		    qi_results_write_json(sub, &in, in.path != NULL, fp);
		if (fclose(fp) != 0 && rc == QI_OK)
			rc = QI_ESYS;
		rel = g_strdup_printf("data/%s.%s", s->defs->v[ind].id,
		    k == 0 ? "csv" : "json");
		if (rc == QI_OK)
			rc = site_file(s, org, rel, buf, len);
		else
			qi_diag_add(s->diag, QI_ERROR, rel, 0, 0, NULL,
			    "cannot write the data download");
		g_free(rel);
		free(buf);
		buf = NULL;
	}
	qi_results_free(sub);
	return rc;
}

/* ORG/data/ORG.xlsx: the workbook of org's downloads (site/xlsx.c). */
static enum qi_err
write_workbook(const struct site *s, size_t org)
{
	char *buf, *rel;
	size_t len;
	enum qi_err rc;

	if ((rc = site_workbook(s, (long)org, &buf, &len)) != QI_OK)
		return rc;
	rel = site_workbook_name(s, org);
	rc = site_file(s, org, rel, buf, len);
	g_free(rel);
	g_free(buf);
	return rc;
}

enum qi_err
qi_workbook(const struct qi_results *res, long org, char **buf,
    size_t *len, struct qi_diag *diag)
{
	struct qi_sitecfg cfg;
	struct site s;
	enum qi_err rc;

	qi_sitecfg_defaults(&cfg);
	site_init(&s, res, NULL, &cfg, diag);
	model_build(&s);
	rc = site_workbook(&s, org, buf, len);
	model_free(&s);
	return rc;
}

/* ----------------------------------------------------------------- all */

/* SHA-256 of the results file, for the footers and the manifest. */
static enum qi_err
hash_results(struct site *s)
{
	struct qi_input in;
	enum qi_err rc;

	if (s->cfg->results_path == NULL)
		return QI_OK;
	memset(&in, 0, sizeof(in));
	in.role = "results";
	in.path = s->cfg->results_path;
	if ((rc = qi_input_hash(&in, s->diag)) == QI_OK)
		s->sha256 = g_strdup(in.sha256);
	return rc;
}

enum qi_err
qi_site_write(const char *dir, const struct qi_analyses *an,
    const struct qi_sitecfg *cfgp, struct qi_diag *diag)
{
	struct qi_sitecfg cfg;
	struct site s;
	size_t i, o, h;
	int en;
	enum qi_err rc;

	if (cfgp != NULL)
		cfg = *cfgp;
	else
		qi_sitecfg_defaults(&cfg);
	site_init(&s, an->res, an, &cfg, diag);
	s.dir = dir;
	if (s.reg->norgs == 0) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "organisations.csv "
		    "lists the organisations", "no organisation to publish");
		return QI_EINPUT;
	}
	if ((rc = hash_results(&s)) != QI_OK)
		return rc;
	model_build(&s);
	book_list(&s);
	rc = write_charts(&s);
	for (o = 0; o < s.reg->norgs && rc == QI_OK; o++) {
		rc = site_file(&s, o, "style.css", site_css,
		    sizeof(site_css) - 1);
		for (i = 0; i < s.defs->n && rc == QI_OK; i++)
			if (!qi_kind_location(s.defs->v[i].kind))
				rc = write_data(&s, o, i);
		if (rc == QI_OK)
			rc = write_workbook(&s, o);
		for (en = 0; en < 2 && rc == QI_OK; en++) {
			if ((rc = site_page_index(&s, o, en)) != QI_OK ||
			    (rc = site_page_hospitals(&s, o, en)) != QI_OK)
				break;
			for (i = 0; i < s.defs->n && rc == QI_OK; i++)
				if (!qi_kind_location(s.defs->v[i].kind))
					rc = site_page_indicator(&s, o, en, i);
			for (h = 0; h < s.reg->nhosps && rc == QI_OK; h++)
				if (s.reg->hosps[h].org == o)
					rc = site_page_hospital(&s, o, en, h);
		}
	}
	model_free(&s);
	g_array_free(s.book, TRUE);
	g_free(s.sha256);
	return rc;
}
