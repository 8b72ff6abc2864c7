/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * render.c -- from published results to the inputs of every chart kind,
 * and the charts a run writes.  The chart files (chart_*.c) draw what
 * they are given and compute nothing; the statistics (analysis/funnel.c,
 * trend.c) compute and draw nothing; this file joins the two.
 *
 * Only published values reach a chart: results whose status is not ok
 * go in with their status and NaN values, and are drawn as withheld.
 * The values are qi_result_shown()'s: a risk-adjusted indicator's
 * adjusted rates, and no SPC chart for it (specs/charts.md).
 * The quarters of earlier runs (results->history) reach the trend and
 * SPC charts only, each with its definition version, so that the chart
 * marks where one version ends.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "chart.h"
#include "parallel.h"
#include "progress.h"
#include "render.h"

void
qi_rendercfg_defaults(struct qi_rendercfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->formats[QI_FORMAT_PNG] = cfg->formats[QI_FORMAT_PDF] = 1;
	cfg->png2x = 0;
	cfg->lang = "ja";
	cfg->kinds = QI_CHART_CATERPILLAR | QI_CHART_FUNNEL | QI_CHART_COMPARE |
	    QI_CHART_TREND;
	cfg->indicator = -1;
}

/* The result of (ind, period, scope, org, hospital), or NULL. */
static int
period_cmp(const void *a, const void *b)
{
	return qi_period_cmp(*(const struct qi_period *)a,
	    *(const struct qi_period *)b);
}

/*
 * The periods of indicator ind that are quarters (quarters != 0) or
 * fiscal years (quarters == 0), in time order.  g_free() it.
 */
static struct qi_period *
periods(const struct qi_results *res, size_t ind, int quarters, size_t *np)
{
	struct qi_period *v = g_new0(struct qi_period, res->n + 1);
	size_t i, k, n = 0;

	for (i = 0; i < res->n; i++) {
		const struct qi_result *r = &res->v[i];

		if (r->indicator != ind || (r->period.q != 0) != (quarters != 0))
			continue;
		for (k = 0; k < n; k++)
			if (qi_period_cmp(v[k], r->period) == 0)
				break;
		if (k == n)
			v[n++] = r->period;
	}
	qsort(v, n, sizeof(*v), period_cmp);
	*np = n;
	return v;
}

/* The cell of result r (NULL: none) of indicator def: what it shows. */
static void
cell_of(const struct qi_indicator *def, const struct qi_result *r,
    struct qi_orgcell *c)
{
	c->status = r != NULL ? r->status : QI_STATUS_EMPTY;
	qi_result_shown(def, r, &c->rate, &c->lower, &c->upper);
}

void
qi_render_series_free(struct qi_orgseries *s)
{
	g_free((void *)s->periods);
	g_free((void *)s->cells);
	g_free((void *)s->versions);
	memset(s, 0, sizeof(*s));
}

void
qi_render_series(const struct qi_analyses *an, size_t ind, int quarters,
    struct qi_orgseries *s)
{
	const struct qi_results *res = an->res;
	const struct qi_registry *reg = res->reg;
	struct qi_period *pv;
	struct qi_orgcell *cv;
	long *vv;
	size_t np, p, o;

	memset(s, 0, sizeof(*s));
	if (quarters)	/* the trend: the run's quarters and its history's */
		np = qi_trend_quarters(an, ind, &pv, &vv);
	else {
		pv = periods(res, ind, 0, &np);
		vv = g_new0(long, np + 1);
	}
	cv = g_new0(struct qi_orgcell, np * reg->norgs + 1);
	for (p = 0; p < np; p++) {
		for (o = 0; o < reg->norgs; o++)
			cell_of(&res->defs->v[ind], quarters ?
			    qi_trend_find(an, ind, pv[p],
			    QI_SCOPE_ORG, (long)o, -1) :
			    qi_results_find(res, ind, pv[p], QI_SCOPE_ORG,
			    (long)o, -1), &cv[p * reg->norgs + o]);
		if (!quarters)
			vv[p] = res->defs->v[ind].version;
	}
	s->def = &res->defs->v[ind];
	s->orgs = reg->orgs;
	s->norgs = reg->norgs;
	s->periods = pv;
	s->nperiods = np;
	s->cells = cv;
	s->versions = vv;
}

enum qi_err
qi_render_compare(const char *path, enum qi_format fmt,
    const struct qi_analyses *an, size_t ind, int quarters,
    const struct qi_chartcfg *cfg, struct qi_diag *diag)
{
	struct qi_orgseries s;
	enum qi_err rc;

	qi_render_series(an, ind, quarters, &s);
	rc = quarters ? qi_trend_write(path, fmt, &s, cfg, diag) :
	    qi_compare_write(path, fmt, &s, cfg, diag);
	qi_render_series_free(&s);
	return rc;
}

/*
 * Volumes at which the funnel's limit curves are drawn: whole numbers
 * from 1 to a little past the largest hospital, spaced evenly on a log
 * scale (the curves change fastest at small volumes), 160 at most.
 */
static size_t
volume_grid(double vmax, double *v, size_t cap)
{
	double top = ceil(vmax * 1.05), x, last = 0;
	size_t n = 0, i;

	if (top < 10)
		top = 10;
	for (i = 0; i < cap; i++) {
		x = floor(exp(log(top) * (double)i / (double)(cap - 1)) + 0.5);
		if (x > last) {
			v[n++] = x;
			last = x;
		}
	}
	return n;
}

#define FUNNEL_GRID	160

enum qi_err
qi_render_funnel(const char *path, enum qi_format fmt,
    const struct qi_analyses *an, size_t ind, struct qi_period per,
    const struct qi_chartcfg *cfg, struct qi_diag *diag)
{
	const struct qi_results *res = an->res;
	const struct qi_registry *reg = res->reg;
	const struct qi_funnelplot *fp = qi_analyses_funnel(an, ind, per);
	const struct qi_funnelcfg *fc;
	struct qi_funnel_input in;
	struct qi_funnel_point *pts;
	struct qi_funnel_limit *lim;
	double grid[FUNNEL_GRID], vmax = 0;
	const struct qi_result *r;
	size_t i, k, n = 0, ng;
	int en = cfg != NULL && cfg->lang != NULL &&
	    strcmp(cfg->lang, "en") == 0;
	enum qi_err rc;

	if (fp == NULL) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, NULL, "%s: no funnel "
		    "analysis in this period", res->defs->v[ind].id);
		return QI_EINPUT;
	}
	fc = &fp->cfg;
	pts = g_new0(struct qi_funnel_point, res->n + 1);
	lim = g_new0(struct qi_funnel_limit, FUNNEL_GRID);
	/* Published hospitals from the analysis, withheld ones counted. */
	for (i = 0; i < res->n; i++) {
		r = &res->v[i];
		if (r->indicator != ind || r->scope != QI_SCOPE_HOSPITAL ||
		    qi_period_cmp(r->period, per) != 0)
			continue;
		pts[n].name = qi_hospital_name(&reg->hosps[r->hospital], en);
		pts[n].org = reg->hosps[r->hospital].org;
		pts[n].status = r->status;
		pts[n].volume = pts[n].value = NAN;
		for (k = 0; k < fp->n; k++)
			if (fp->v[k].result == i) {
				pts[n].status = QI_STATUS_OK;
				pts[n].volume = fp->v[k].n;
				pts[n].value = fp->v[k].rate;
				pts[n].outlier = fp->v[k].flag ==
				    QI_FUNNEL_BELOW_OUTER || fp->v[k].flag ==
				    QI_FUNNEL_ABOVE_OUTER;
				if (fp->v[k].n > vmax)
					vmax = fp->v[k].n;
				break;
			}
		if (k == fp->n && r->status == QI_STATUS_OK)
			pts[n].status = QI_STATUS_EMPTY;
		n++;
	}
	ng = volume_grid(vmax, grid, FUNNEL_GRID);
	for (i = 0; i < ng && !isnan(fp->target); i++) {
		lim[i].volume = grid[i];
		if (qi_funnelplot_limits(fp, fc, grid[i], fc->inner,
		    &lim[i].lo95, &lim[i].hi95, &lim[i].od_lo95,
		    &lim[i].od_hi95) == -1 || qi_funnelplot_limits(fp, fc,
		    grid[i], fc->outer, &lim[i].lo998, &lim[i].hi998,
		    &lim[i].od_lo998, &lim[i].od_hi998) == -1)
			lim[i].lo95 = lim[i].hi95 = lim[i].lo998 =
			    lim[i].hi998 = NAN;
	}
	memset(&in, 0, sizeof(in));
	in.def = &res->defs->v[ind];
	in.orgs = reg->orgs;
	in.norgs = reg->norgs;
	in.period = per;
	in.points = pts;
	in.npoints = n;
	in.target = fp->target;
	in.ratio = fp->ratio;	/* O/E against expected events */
	in.od_tested = fp->has_od && fc->od != QI_OD_NONE;
	in.od_model = fp->od_model;
	in.od_scale = fp->widen.scale;
	in.phi = fp->od.phi;
	in.tau2 = fp->od.tau2;
	in.od_p = fp->od.p;
	in.limits = lim;
	in.nlimits = isnan(fp->target) ? 0 : ng;
	in.inner = fc->inner;
	in.outer = fc->outer;
	rc = qi_funnel_write(path, fmt, &in, cfg, diag);
	g_free(pts);
	g_free(lim);
	return rc;
}

enum qi_err
qi_render_profile(const char *path, enum qi_format fmt,
    const struct qi_analyses *an, size_t hosp, struct qi_period per,
    const struct qi_chartcfg *cfg, struct qi_diag *diag)
{
	const struct qi_results *res = an->res;
	const struct qi_registry *reg = res->reg;
	size_t org = reg->hosps[hosp].org, other = org == 0 ? 1 : 0;
	struct qi_profile_input in;
	struct qi_profile_row *rows;
	const struct qi_result *r;
	double lo, hi;
	size_t ind, n = 0;
	int en = cfg != NULL && cfg->lang != NULL &&
	    strcmp(cfg->lang, "en") == 0;
	enum qi_err rc;

	rows = g_new0(struct qi_profile_row, res->defs->n + 1);
	for (ind = 0; ind < res->defs->n; ind++) {
		struct qi_profile_row *w = &rows[n];

		if (qi_kind_location(res->defs->v[ind].kind))
			continue;	/* profiles compare rates, not means or medians */
		if ((r = qi_results_find(res, ind, per, QI_SCOPE_HOSPITAL, -1,
		    (long)hosp)) == NULL)
			continue;
		w->def = &res->defs->v[ind];
		w->status = r->status;
		qi_result_shown(w->def, r, &w->rate, &w->lower, &w->upper);
		qi_result_shown(w->def, qi_results_find(res, ind, per,
		    QI_SCOPE_ORG, (long)org, -1), &w->own, &lo, &hi);
		qi_result_shown(w->def, reg->norgs > 1 ? qi_results_find(res,
		    ind, per, QI_SCOPE_ORG, (long)other, -1) : NULL, &w->other,
		    &lo, &hi);
		n++;
	}
	memset(&in, 0, sizeof(in));
	in.hospital = qi_hospital_name(&reg->hosps[hosp], en);
	in.org = org;
	in.other_org = other;
	in.orgs = reg->orgs;
	in.norgs = reg->norgs;
	in.period = per;
	in.rows = rows;
	in.nrows = n;
	rc = qi_profile_write(path, fmt, &in, cfg, diag);
	g_free(rows);
	return rc;
}

void
qi_render_spc_input_free(struct qi_spc_input *in)
{
	g_free((void *)in->periods);
	g_free((void *)in->value);
	g_free((void *)in->centre);
	g_free((void *)in->lo);
	g_free((void *)in->hi);
	g_free((void *)in->versions);
	memset(in, 0, sizeof(*in));
}

enum qi_err
qi_render_spc_input(const struct qi_analyses *an, size_t ind, size_t hosp,
    int en, struct qi_spc_input *in, struct qi_diag *diag)
{
	const struct qi_results *res = an->res;
	const struct qi_registry *reg = res->reg;
	const struct qi_trend *t;
	struct qi_period *pv;
	double *val, *lo, *hi, *cl;
	long *vv;
	size_t np, i, k;

	memset(in, 0, sizeof(*in));
	if (qi_indicator_adjusted(&res->defs->v[ind])) {
		/* a p-chart of crude proportions under an adjusted title */
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "its VLAD chart "
		    "follows a hospital's risk-adjusted quarters", "%s: no "
		    "SPC chart for a risk-adjusted indicator",
		    res->defs->v[ind].id);
		return QI_EINPUT;
	}
	if ((t = qi_analyses_trend(an, ind, QI_SCOPE_HOSPITAL, -1,
	    (long)hosp)) == NULL) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, NULL, "%s: no trend "
		    "for this hospital", res->defs->v[ind].id);
		return QI_EINPUT;
	}
	/*
	 * Every quarter of the indicator on the axis (history's too), gaps
	 * where withheld; each quarter's version the hospital's own where it
	 * has a point, else that of the pooled results; the centre line of
	 * a quarter with a point its version segment's (NaN when the
	 * segment has fewer than 2 points), the chart spreading it over the
	 * segment's other quarters.
	 */
	np = qi_trend_quarters(an, ind, &pv, &vv);
	val = g_new0(double, np + 1);
	lo = g_new0(double, np + 1);
	hi = g_new0(double, np + 1);
	cl = g_new0(double, np + 1);
	for (i = 0; i < np; i++) {
		val[i] = lo[i] = hi[i] = cl[i] = NAN;
		for (k = 0; k < t->n; k++)
			if (qi_period_cmp(t->v[k].period, pv[i]) == 0) {
				val[i] = t->v[k].rate;
				lo[i] = t->v[k].pp_lo;
				hi[i] = t->v[k].pp_hi;
				cl[i] = t->v[k].cl;
				vv[i] = t->v[k].version;
			}
	}
	in->def = &res->defs->v[ind];
	in->hospital = qi_hospital_name(&reg->hosps[hosp], en);
	in->org = reg->hosps[hosp].org;
	in->chart = res->defs->v[ind].kind == QI_KIND_RATE ? "u'" : "p'";
	in->periods = pv;
	in->n = np;
	in->value = val;
	in->centre = cl;
	in->lo = lo;
	in->hi = hi;
	in->versions = vv;
	return QI_OK;
}

enum qi_err
qi_render_spc(const char *path, enum qi_format fmt,
    const struct qi_analyses *an, size_t ind, size_t hosp,
    const struct qi_chartcfg *cfg, struct qi_diag *diag)
{
	struct qi_spc_input in;
	enum qi_err rc;

	if ((rc = qi_render_spc_input(an, ind, hosp,
	    qi_chart_lang_en(cfg), &in, diag)) != QI_OK)
		return rc;
	rc = qi_spc_write(path, fmt, &in, cfg, diag);
	qi_render_spc_input_free(&in);
	return rc;
}

/* -------------------------------------------------------------- vlad */

void
qi_render_vlad_input_free(struct qi_vlad_input *in)
{
	g_free((void *)in->periods);
	g_free((void *)in->cum);
	g_free((void *)in->observed);
	g_free((void *)in->expected);
	memset(in, 0, sizeof(*in));
}

int
qi_render_has_vlad(const struct qi_analyses *an, size_t ind, size_t hosp)
{
	const struct qi_vlad *v = qi_analyses_vlad(an, ind, (long)hosp);
	size_t i;

	for (i = 0; v != NULL && i < v->n; i++)
		if (v->v[i].expected > 0 || v->v[i].observed > 0)
			return 1;	/* a published quarter with patients */
	return 0;
}

enum qi_err
qi_render_vlad_input(const struct qi_analyses *an, size_t ind, size_t hosp,
    int en, struct qi_vlad_input *in, struct qi_diag *diag)
{
	const struct qi_results *res = an->res;
	const struct qi_vlad *v = qi_analyses_vlad(an, ind, (long)hosp);
	const struct qi_result *r;
	struct qi_period *pv;
	double *cum, *o, *e;
	size_t i, k, np = 0;

	memset(in, 0, sizeof(*in));
	if (v == NULL) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, NULL, "%s: no VLAD: "
		    "the indicator has no risk model", res->defs->v[ind].id);
		return QI_EINPUT;
	}
	/* The run's quarters with data, in results order: time order. */
	np = v->nquarters;
	pv = g_memdup2(v->quarters, (np + 1) * sizeof(*pv));
	cum = g_new(double, np + 1);
	o = g_new(double, np + 1);
	e = g_new(double, np + 1);
	for (k = 0; k < np; k++)
		cum[k] = o[k] = e[k] = NAN;
	for (i = 0; i < v->n; i++)
		for (k = 0; k < np; k++)
			if (qi_period_cmp(v->v[i].period, pv[k]) == 0) {
				cum[k] = v->v[i].cum;
				o[k] = v->v[i].observed;
				e[k] = v->v[i].expected;
			}
	for (i = 0; i < v->nrows; i++) {
		r = &res->v[v->rows[i]];
		if (r->status != QI_STATUS_OK && r->status != QI_STATUS_EMPTY &&
		    r->status != QI_STATUS_NO_DATA)
			qi_withheld_count(&in->withheld, r->status);
	}
	in->def = &res->defs->v[ind];
	in->hospital = qi_hospital_name(&res->reg->hosps[hosp], en);
	in->org = res->reg->hosps[hosp].org;
	in->periods = pv;
	in->n = np;
	in->cum = cum;
	in->observed = o;
	in->expected = e;
	in->unmodelled = v->unmodelled;
	return QI_OK;
}

enum qi_err
qi_render_vlad(const char *path, enum qi_format fmt,
    const struct qi_analyses *an, size_t ind, size_t hosp,
    const struct qi_chartcfg *cfg, struct qi_diag *diag)
{
	struct qi_vlad_input in;
	enum qi_err rc;

	if ((rc = qi_render_vlad_input(an, ind, hosp,
	    qi_chart_lang_en(cfg), &in, diag)) != QI_OK)
		return rc;
	rc = qi_vlad_write(path, fmt, &in, cfg, diag);
	qi_render_vlad_input_free(&in);
	return rc;
}

/* ------------------------------------------------------------- a run */

static const char *const ext[] = { "png", "pdf", "svg" };

/* The chart of a run that write_formats() writes. */
struct job {
	const struct qi_analyses *an;
	const struct qi_rendercfg *rc;
	size_t			 ind, hosp;
	struct qi_period	 per;
};

/* Write the chart of kind (one QI_CHART_*) of job j to path. */
static enum qi_err
job_write(unsigned kind, const char *path, enum qi_format f,
    const struct job *j, const struct qi_chartcfg *c, struct qi_diag *d)
{
	switch (kind) {
	case QI_CHART_CATERPILLAR:
		return qi_caterpillar_write(path, f, j->an->res, j->ind, j->per,
		    c, d);
	case QI_CHART_FUNNEL:
		return qi_render_funnel(path, f, j->an, j->ind, j->per, c, d);
	case QI_CHART_COMPARE:
	case QI_CHART_TREND:
		return qi_render_compare(path, f, j->an, j->ind,
		    kind == QI_CHART_TREND, c, d);
	case QI_CHART_PROFILE:
		return qi_render_profile(path, f, j->an, j->hosp, j->per, c, d);
	case QI_CHART_SPC:
		return qi_render_spc(path, f, j->an, j->ind, j->hosp, c, d);
	case QI_CHART_VLAD:
		return qi_render_vlad(path, f, j->an, j->ind, j->hosp, c, d);
	}
	return QI_EUSAGE;
}

/* Published quarters of ind for hospital hosp, its history's too. */
static size_t
published_quarters(const struct qi_analyses *an, size_t ind, size_t hosp)
{
	const struct qi_result *r;
	size_t i, n = 0;
	long v;

	for (i = 0; (r = qi_trend_row(an, i, &v)) != NULL; i++) {
		n += r->indicator == ind && r->scope == QI_SCOPE_HOSPITAL &&
		    r->hospital == (long)hosp && r->period.q != 0 &&
		    r->status == QI_STATUS_OK;
	}
	return n;
}

/*
 * Write the chart of kind of job j in every wanted format under dir:
 * name.png (and name@2x.png), name.pdf, name.svg.
 */
static enum qi_err
write_formats(const char *dir, const char *name, unsigned kind,
    const struct job *j, struct qi_diag *diag)
{
	struct qi_chartcfg cfg;
	char *path;
	int k;
	enum qi_err rc = QI_OK;

	qi_chartcfg_defaults(&cfg);
	cfg.lang = j->rc->lang;
	for (k = 0; k < 3 && rc == QI_OK; k++) {
		if (!j->rc->formats[k])
			continue;
		path = g_strdup_printf("%s/%s.%s", dir, name, ext[k]);
		cfg.scale = 1;
		rc = job_write(kind, path, (enum qi_format)k, j, &cfg, diag);
		g_free(path);
		if (rc != QI_OK || k != QI_FORMAT_PNG || !j->rc->png2x)
			continue;
		path = g_strdup_printf("%s/%s@2x.png", dir, name);
		cfg.scale = 2;
		rc = job_write(kind, path, QI_FORMAT_PNG, j, &cfg, diag);
		g_free(path);
	}
	/* A chart refused by its own library is no fault of the command line. */
	return rc == QI_EUSAGE ? QI_ESYS : rc;
}

/* One chart of a run: what write_formats() is given, listed first and
   drawn in a thread (qi_parallel()), with its own diagnostics. */
struct chart {
	unsigned	 kind;
	struct job	 j;
	char		 name[256];
	struct qi_diag	*diag;		/* owned */
	enum qi_err	 rc;
};

struct charts {
	const char		*dir;
	struct qi_progress	*progress;	/* or NULL */
};

static void
chart_add(GArray *list, unsigned kind, const struct job *j, const char *name)
{
	struct chart c;

	memset(&c, 0, sizeof(c));
	c.kind = kind;
	c.j = *j;
	g_strlcpy(c.name, name, sizeof(c.name));
	g_array_append_val(list, c);
}

static int
chart_run(void *item, void *user)
{
	struct chart *c = item;
	struct charts *all = user;

	c->rc = write_formats(all->dir, c->name, c->kind, &c->j, c->diag);
	qi_progress_add(all->progress, 1, c->name);
	return c->rc != QI_OK;
}

/*
 * Whether indicator ind has data in per (has_per), or in any quarter
 * (quarters) or fiscal year (!quarters) of the run or, for quarters, of
 * its history: a result that is not no_data.
 */
static int
has_data(const struct qi_analyses *an, size_t ind, int has_per,
    struct qi_period per, int quarters)
{
	const struct qi_results *res = an->res;
	const struct qi_result *r;
	size_t i;
	long v;

	for (i = 0; (r = qi_trend_row(an, i, &v)) != NULL; i++) {
		if (r->indicator != ind || r->status == QI_STATUS_NO_DATA ||
		    (i >= res->n && !quarters))
			continue;
		if (has_per ? qi_period_cmp(r->period, per) == 0 :
		    (r->period.q != 0) == (quarters != 0))
			return 1;
	}
	return 0;
}

int
qi_render_has_trend(const struct qi_analyses *an, size_t ind)
{
	return has_data(an, ind, 0, (struct qi_period){ 0, 0 }, 1);
}

/*
 * Charts left out for want of data, told once per run in one note per
 * reason: which indicators had no data at all, and how many had no
 * fiscal year (no comparison chart) or no quarter (no trend chart).
 */
struct skipped {
	GString		*none;		/* ids of indicators without data */
	GString		*means;		/* ids of indicators of kind mean or median */
	GString		*adjusted;	/* ids of risk-adjusted indicators
					   (no SPC chart) */
	size_t		 nnone, nyears, nquarters, nmeans, nadjusted;
};

static void
skipped_note(struct skipped *sk, struct qi_diag *diag)
{
	if (sk->nnone > 0)
		qi_diag_add(diag, QI_NOTE, NULL, 0, 0, "in results.csv their "
		    "pools have status no_data; counts.csv rows or the "
		    "patient-level records they read give them data",
		    "no data for %zu "
		    "indicator%s (%s): no charts drawn for %s", sk->nnone,
		    sk->nnone == 1 ? "" : "s", sk->none->str,
		    sk->nnone == 1 ? "it" : "them");
	if (sk->nyears > 0)
		qi_diag_add(diag, QI_NOTE, NULL, 0, 0, "a fiscal year needs "
		    "all four of its quarters; --period FY2024Q1 draws one "
		    "quarter", "no comparison chart for %zu indicator%s: no "
		    "fiscal year with data", sk->nyears,
		    sk->nyears == 1 ? "" : "s");
	if (sk->nquarters > 0)
		qi_diag_add(diag, QI_NOTE, NULL, 0, 0, NULL, "no trend chart "
		    "for %zu indicator%s: no quarter with data", sk->nquarters,
		    sk->nquarters == 1 ? "" : "s");
	if (sk->nmeans > 0)
		qi_diag_add(diag, QI_NOTE, NULL, 0, 0, "results.csv and "
		    "results.json carry them", "no charts for %zu "
		    "indicator%s of kind mean or median (%s): the charts draw "
		    "proportions and rates", sk->nmeans,
		    sk->nmeans == 1 ? "" : "s", sk->means->str);
	if (sk->nadjusted > 0)
		qi_diag_add(diag, QI_NOTE, NULL, 0, 0, "their VLAD charts "
		    "(--charts vlad) follow each hospital's risk-adjusted "
		    "quarters", "no SPC charts for %zu risk-adjusted "
		    "indicator%s (%s): a p-chart shows crude proportions",
		    sk->nadjusted, sk->nadjusted == 1 ? "" : "s",
		    sk->adjusted->str);
	g_string_free(sk->none, TRUE);
	g_string_free(sk->means, TRUE);
	g_string_free(sk->adjusted, TRUE);
}

/*
 * Whether the funnel plot of ind in per has something to show: a target
 * (a published pooled rate) and at least one published hospital.
 */
static int
funnel_drawable(const struct qi_analyses *an, size_t ind,
    struct qi_period per)
{
	const struct qi_funnelplot *fp = qi_analyses_funnel(an, ind, per);

	return fp != NULL && !isnan(fp->target) && fp->n > 0;
}

enum qi_err
qi_render_charts(const char *dir, const struct qi_analyses *an,
    const struct qi_rendercfg *rcfg, size_t *ndrawn, struct qi_diag *diag)
{
	const struct qi_results *res = an->res;
	struct qi_rendercfg dcfg;
	struct skipped sk;
	struct job j;
	struct qi_period *fy = NULL;
	struct charts all = { NULL, NULL };
	struct chart *c;
	GArray *list;
	char *cdir, name[256], pbuf[16];
	size_t ind, nfy = 0, k, h;
	enum qi_err rc = QI_OK;

	if (rcfg == NULL) {
		qi_rendercfg_defaults(&dcfg);
		rcfg = &dcfg;
	}
	cdir = g_build_filename(dir, "charts", NULL);
	if (g_mkdir_with_parents(cdir, 0777) == -1) {
		qi_diag_add(diag, QI_ERROR, cdir, 0, 0, NULL,
		    "cannot create: %s", g_strerror(errno));
		g_free(cdir);
		return QI_ESYS;
	}
	memset(&j, 0, sizeof(j));
	memset(&sk, 0, sizeof(sk));
	sk.none = g_string_new(NULL);
	sk.means = g_string_new(NULL);
	sk.adjusted = g_string_new(NULL);
	j.an = an;
	j.rc = rcfg;
	/* the charts listed, indicator by indicator, then the profiles */
	list = g_array_new(FALSE, FALSE, sizeof(struct chart));
	for (ind = 0; ind < res->defs->n && rc == QI_OK; ind++) {
		const char *id = res->defs->v[ind].id;

		if (rcfg->indicator >= 0 && (size_t)rcfg->indicator != ind)
			continue;
		if (qi_kind_location(res->defs->v[ind].kind)) {
			g_string_append_printf(sk.means, "%s%s",
			    sk.nmeans++ > 0 ? ", " : "", id);
			continue;
		}
		j.ind = ind;
		g_free(fy);
		fy = periods(res, ind, rcfg->has_period &&
		    rcfg->period.q != 0, &nfy);
		if (!has_data(an, ind, 0, j.per, 0) &&
		    !has_data(an, ind, 0, j.per, 1)) {
			g_string_append_printf(sk.none, "%s%s",
			    sk.nnone++ > 0 ? ", " : "", id);
			continue;	/* only no_data pools: nothing to draw */
		}
		for (k = 0; k < nfy && rc == QI_OK; k++) {
			if ((rcfg->has_period &&
			    qi_period_cmp(fy[k], rcfg->period) != 0) ||
			    !has_data(an, ind, 1, fy[k], 0))
				continue;
			j.per = fy[k];
			qi_period_format(fy[k], pbuf, sizeof(pbuf));
			if (rcfg->kinds & QI_CHART_CATERPILLAR) {
				snprintf(name, sizeof(name), "%s_%s", id, pbuf);
				chart_add(list, QI_CHART_CATERPILLAR, &j, name);
			}
			if (rc == QI_OK && (rcfg->kinds & QI_CHART_FUNNEL) &&
			    funnel_drawable(an, ind, fy[k])) {
				snprintf(name, sizeof(name), "%s_%s_funnel",
				    id, pbuf);
				chart_add(list, QI_CHART_FUNNEL, &j, name);
			}
		}
		if (rc == QI_OK && !rcfg->has_period &&
		    (rcfg->kinds & QI_CHART_COMPARE) &&
		    !has_data(an, ind, 0, j.per, 0))
			sk.nyears++;
		else if (rc == QI_OK && !rcfg->has_period &&
		    (rcfg->kinds & QI_CHART_COMPARE)) {
			snprintf(name, sizeof(name), "%s_compare", id);
			chart_add(list, QI_CHART_COMPARE, &j, name);
		}
		if (!rcfg->has_period && (rcfg->kinds & QI_CHART_SPC) &&
		    qi_indicator_adjusted(&res->defs->v[ind]))
			g_string_append_printf(sk.adjusted, "%s%s",
			    sk.nadjusted++ > 0 ? ", " : "", id);
		for (h = 0; rc == QI_OK && !rcfg->has_period &&
		    (rcfg->kinds & QI_CHART_SPC) &&
		    !qi_indicator_adjusted(&res->defs->v[ind]) &&
		    h < res->reg->nhosps; h++) {
			if (published_quarters(an, ind, h) < 2)
				continue;
			j.hosp = h;
			snprintf(name, sizeof(name), "%s_%s_spc", id,
			    res->reg->hosps[h].id);
			chart_add(list, QI_CHART_SPC, &j, name);
		}
		for (h = 0; rc == QI_OK && !rcfg->has_period &&
		    (rcfg->kinds & QI_CHART_VLAD) && h < res->reg->nhosps;
		    h++) {
			if (!qi_render_has_vlad(an, ind, h))
				continue;
			j.hosp = h;
			snprintf(name, sizeof(name), "%s_%s_vlad", id,
			    res->reg->hosps[h].id);
			chart_add(list, QI_CHART_VLAD, &j, name);
		}
		if (rc == QI_OK && !rcfg->has_period &&
		    (rcfg->kinds & QI_CHART_TREND) &&
		    !has_data(an, ind, 0, j.per, 1))
			sk.nquarters++;
		else if (rc == QI_OK && !rcfg->has_period &&
		    (rcfg->kinds & QI_CHART_TREND)) {
			snprintf(name, sizeof(name), "%s_trend", id);
			chart_add(list, QI_CHART_TREND, &j, name);
		}
	}
	if (rc == QI_OK && (rcfg->kinds & QI_CHART_PROFILE) &&
	    rcfg->indicator < 0 && nfy > 0) {
		/* Hospital profiles in the latest fiscal year. */
		j.per = rcfg->has_period ? rcfg->period : fy[nfy - 1];
		qi_period_format(j.per, pbuf, sizeof(pbuf));
		for (h = 0; h < res->reg->nhosps && rc == QI_OK; h++) {
			j.hosp = h;
			snprintf(name, sizeof(name), "%s_%s_profile",
			    res->reg->hosps[h].id, pbuf);
			chart_add(list, QI_CHART_PROFILE, &j, name);
		}
	}
	/* drawn on every processor, told in the order listed */
	for (k = 0; k < list->len; k++)
		g_array_index(list, struct chart, k).diag = qi_diag_alloc();
	all.dir = cdir;
	all.progress = qi_progress_start("charts", "charts", list->len,
	    !rcfg->progress);
	qi_parallel(list->data, list->len, sizeof(struct chart), chart_run,
	    &all);
	qi_progress_end(all.progress);
	for (k = 0; k < list->len; k++) {
		c = &g_array_index(list, struct chart, k);
		qi_diag_move(diag, c->diag);
		qi_diag_free(c->diag);
		if (rc == QI_OK)
			rc = c->rc;
	}
	if (ndrawn != NULL)
		*ndrawn = list->len;
	g_array_free(list, TRUE);
	g_free(fy);
	g_free(cdir);
	skipped_note(&sk, diag);
	return rc;
}
