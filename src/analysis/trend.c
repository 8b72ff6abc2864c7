/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * trend.c -- quarterly monitoring of one indicator for one hospital, one
 * organisation or both: the published quarters in time order, rolling
 * four-quarter sums with their intervals, and p-chart limits with and
 * without Laney's adjustment (spc.c).  specs/statistics.md, "Trends".
 *
 * Only published quarters take part.  A rolling window is published only
 * when its four quarters are consecutive and all published: otherwise
 * the difference of two overlapping windows could reveal a withheld
 * quarter.
 *
 * The quarters of earlier runs (the analyses' history, --history) join the
 * series, each point with its definition version.  Results of two
 * versions are never pooled: a rolling window is of one version, and the
 * centre line and limits are computed per version segment (a run of
 * points of one version).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "analysis_impl.h"
#include "emit.h"

void
qi_trend_free(struct qi_trend *t)
{
	if (t == NULL)
		return;
	g_free(t->v);
	g_free(t);
}

static int
point_cmp(const void *a, const void *b)
{
	const struct qi_trend_point *p = a, *q = b;

	return qi_period_cmp(p->period, q->period);
}

/* Quarters from a to b: 1 for consecutive quarters. */
static int
quarters_between(struct qi_period a, struct qi_period b)
{
	return (b.fy * 4 + b.q) - (a.fy * 4 + a.q);
}

/*
 * A published quarter of r as the next point of t, if it is one; its
 * rate x / n, or a median's as published (median set).
 */
static void
add_point(struct qi_trend *t, const struct qi_result *r, int rate,
    int median, size_t idx, int history, long version)
{
	struct qi_trend_point *p;

	if (r->status != QI_STATUS_OK || !((rate ? r->exposure :
	    (double)r->denominator) > 0))
		return;
	p = &t->v[t->n++];
	p->result = idx;
	p->history = history;
	p->version = version;
	p->period = r->period;
	p->x = (double)r->numerator;
	p->n = rate ? r->exposure : (double)r->denominator;
	p->rate = median ? r->rate : p->x / p->n;
}

/*
 * The interval method and level of point p's version: the definition's
 * for the current run, as published for a history row.
 */
static void
method_of(const struct qi_analyses *an, const struct qi_indicator *d,
    const struct qi_trend_point *p, int *method, double *level)
{
	const struct qi_history_row *h;

	*method = d->kind == QI_KIND_RATE ? (int)d->rate_method :
	    (int)d->method;
	*level = d->level;
	if (p->history) {
		h = &an->history->v[p->result];
		*method = h->method;
		*level = h->level;
	}
}

/* Who series t is about, for messages (qi_result_who()); g_free() it. */
static char *
series_who(const struct qi_results *res, const struct qi_trend *t)
{
	struct qi_result r;

	memset(&r, 0, sizeof(r));
	r.scope = t->scope;
	r.org = t->org;
	r.hospital = t->hospital;
	return qi_result_who(&r, res->reg);
}

/*
 * Rolling four quarters: the point and the three before it, when the
 * four are consecutive quarters of one version.
 */
static int
rolling(const struct qi_analyses *an, const struct qi_indicator *d,
    struct qi_trend *t, struct qi_diag *diag)
{
	struct qi_trend_point *p;
	double level;
	size_t i, k;
	int method;

	for (i = 0; i < t->n; i++) {
		p = &t->v[i];
		p->roll_x = p->roll_n = p->roll_rate = NAN;
		p->roll_lo = p->roll_hi = NAN;
		if (i < 3 || quarters_between(t->v[i - 3].period,
		    p->period) != 3)
			continue;
		for (k = i - 3; k < i; k++)
			if (t->v[k].version != p->version)
				break;
		if (k < i)
			continue;	/* the window would join two versions */
		p->roll_x = p->roll_n = 0;
		for (k = i - 3; k <= i; k++) {
			p->roll_x += t->v[k].x;
			p->roll_n += t->v[k].n;
		}
		p->roll_rate = p->roll_x / p->roll_n;
		method_of(an, d, p, &method, &level);
		if ((d->kind == QI_KIND_RATE ?
		    qi_ci_poisson((enum qi_rate_method)method, p->roll_x,
		    p->roll_n, level, &p->roll_lo, &p->roll_hi) :
		    qi_ci_proportion((enum qi_ci_method)method, p->roll_x,
		    p->roll_n, level, &p->roll_lo, &p->roll_hi)) == -1) {
			char pbuf[16], *who = series_who(an->res, t);

			qi_period_format(p->period, pbuf, sizeof(pbuf));
			qi_diag_add(diag, QI_ERROR, d->file, 0, 0, NULL,
			    "%s, the four quarters to %s, %s: the %s interval "
			    "of %g %s %g could not be computed", d->id, pbuf,
			    who, qi_name_of(qi_kind_methods(d->kind), method),
			    p->roll_x, d->kind == QI_KIND_RATE ? "events in "
			    "exposure" : "of", p->roll_n);
			g_free(who);
			return -1;
		}
	}
	return 0;
}

/*
 * p-chart (u-chart) and Laney p' (u') limits of the points v[0..k), one
 * version segment; x, n, lo, hi are work arrays of at least k.
 */
static int
segment_limits(struct qi_trend_point *v, size_t k, int rate, double *x,
    double *n, double *lo, double *hi)
{
	double cl, sz;
	size_t i;

	for (i = 0; i < k; i++) {
		x[i] = v[i].x;
		n[i] = v[i].n;
	}
	if (qi_spc_limits(rate ? QI_SPC_U : QI_SPC_P, x, n, k, QI_SPC_SIGMA,
	    &cl, &sz, lo, hi) == -1)
		return -1;
	for (i = 0; i < k; i++) {
		v[i].p_lo = lo[i];
		v[i].p_hi = hi[i];
	}
	if (qi_spc_limits(rate ? QI_SPC_U_LANEY : QI_SPC_P_LANEY, x, n, k,
	    QI_SPC_SIGMA, &cl, &sz, lo, hi) == -1)
		return -1;
	for (i = 0; i < k; i++) {
		v[i].cl = cl;
		v[i].sigma_z = sz;
		v[i].pp_lo = lo[i];
		v[i].pp_hi = hi[i];
		v[i].signal = v[i].rate > hi[i] ? 1 : v[i].rate < lo[i] ?
		    -1 : 0;
	}
	return 0;
}

/*
 * The series (ind, scope, org, hosp) of the rows rows[0..nrows) (row
 * numbers of qi_trend_row(), ascending).
 */
static enum qi_err
series_of(const struct qi_analyses *an, size_t ind, enum qi_scope scope,
    long org, long hosp, const size_t *rows, size_t nrows,
    struct qi_trend **out, struct qi_diag *diag)
{
	const struct qi_results *res = an->res;
	const struct qi_indicator *d = &res->defs->v[ind];
	int rate = d->kind == QI_KIND_RATE;
	struct qi_trend_point *p;
	struct qi_trend *t;
	double *x = NULL, *n = NULL, *lo = NULL, *hi = NULL;
	const struct qi_result *r;
	long ver;
	size_t i, j;
	enum qi_err rc = QI_EINPUT;

	*out = NULL;
	analysis_trace("trend %s %s %ld %ld", d->id, qi_name_of(qi_scope_names,
	    (int)scope), org, hosp);
	t = g_new0(struct qi_trend, 1);
	t->v = g_new0(struct qi_trend_point, nrows + 1);
	t->indicator = ind;
	t->scope = scope;
	t->org = org;
	t->hospital = hosp;
	t->cl = t->sigma_z = NAN;
	for (j = 0; j < nrows; j++) {
		i = rows[j];
		r = qi_trend_row(an, i, &ver);
		add_point(t, r, rate, d->kind == QI_KIND_MEDIAN, i < res->n ?
		    i : i - res->n, i >= res->n, ver);
	}
	qsort(t->v, t->n, sizeof(*t->v), point_cmp);
	for (i = 0; i < t->n; i++) {
		p = &t->v[i];
		p->cl = p->sigma_z = NAN;
		p->p_lo = p->p_hi = p->pp_lo = p->pp_hi = NAN;
		p->roll_x = p->roll_n = p->roll_rate = NAN;
		p->roll_lo = p->roll_hi = NAN;
	}
	if (qi_kind_location(d->kind)) {
		/*
		 * A mean's or median's quarters only: a mean's rolling
		 * interval needs the sum of squares and a median's the
		 * histogram, which results do not carry, and p and u charts
		 * are of counts (specs/statistics.md, "Means", "Medians").
		 */
		rc = QI_OK;
		goto out;
	}
	if (rolling(an, d, t, diag) == -1)
		goto out;
	x = g_new0(double, t->n + 1);
	n = g_new0(double, t->n + 1);
	lo = g_new0(double, t->n + 1);
	hi = g_new0(double, t->n + 1);
	/* Control limits per version segment: never across a change. */
	for (i = 0; i < t->n; i = j) {
		for (j = i + 1; j < t->n && t->v[j].version == t->v[i].version;
		    j++)
			continue;
		t->nsegments++;
		t->cl = t->sigma_z = NAN;
		if (j - i < 2)
			continue;
		if (segment_limits(&t->v[i], j - i, rate, x, n, lo, hi) == -1) {
			char p0[16], p1[16], *who = series_who(res, t);

			qi_period_format(t->v[i].period, p0, sizeof(p0));
			qi_period_format(t->v[j - 1].period, p1, sizeof(p1));
			qi_diag_add(diag, QI_ERROR, d->file, 0, 0, NULL,
			    "%s, %s to %s, %s: control limits cannot be "
			    "computed (a quarter without stays, or with more "
			    "events than stays)", d->id, p0, p1, who);
			g_free(who);
			goto out;
		}
		t->cl = t->v[i].cl;
		t->sigma_z = t->v[i].sigma_z;
	}
	rc = QI_OK;
out:
	g_free(x);
	g_free(n);
	g_free(lo);
	g_free(hi);
	if (rc == QI_OK)
		*out = t;
	else
		qi_trend_free(t);
	return rc;
}

/* The rows qi_trend_row() numbers: the current run's, then history's. */
static size_t
trend_rows(const struct qi_analyses *an)
{
	return an->res->n + (an->history != NULL ? an->history->n : 0);
}

const struct qi_result *
qi_trend_row(const struct qi_analyses *an, size_t i, long *version)
{
	const struct qi_results *res = an->res;
	const struct qi_history *h = an->history;

	if (i < res->n) {
		*version = res->defs->v[res->v[i].indicator].version;
		return &res->v[i];
	}
	i -= res->n;
	if (h == NULL || i >= h->n)
		return NULL;
	*version = h->v[i].version;
	return &h->v[i].r;
}

const struct qi_result *
qi_trend_find(const struct qi_analyses *an, size_t ind, struct qi_period p,
    enum qi_scope scope, long org, long hosp)
{
	const struct qi_result *r;
	const struct qi_history_row *h;

	if ((r = qi_results_find(an->res, ind, p, scope, org, hosp)) != NULL)
		return r;
	h = qi_history_find(an->history, ind, p, scope, org, hosp);
	return h != NULL ? &h->r : NULL;
}

static void
write_series(FILE *fp, const struct qi_results *res, const struct qi_trend *t)
{
	const struct qi_indicator *d = &res->defs->v[t->indicator];
	const struct qi_registry *reg = res->reg;
	const struct qi_trend_point *p;
	char pbuf[16];
	size_t i;

	for (i = 0; i < t->n; i++) {
		p = &t->v[i];
		qi_period_format(p->period, pbuf, sizeof(pbuf));
		fprintf(fp, "%s,%ld,%s,%s,%s,%s,%.0f,%.15g,", d->id, p->version,
		    qi_name_of(qi_scope_names, (int)t->scope),
		    t->scope == QI_SCOPE_ALL ? "" :
		    reg->orgs[t->scope == QI_SCOPE_ORG ? (size_t)t->org :
		    reg->hosps[t->hospital].org].code,
		    t->scope == QI_SCOPE_HOSPITAL ? reg->hosps[t->hospital].id :
		    "", pbuf, p->x, p->n);	/* n: exposure of a rate */
		qi_emit_csv_real(fp, p->rate, 15);
		putc(',', fp);
		if (!isnan(p->roll_x))
			fprintf(fp, "%.0f,%.15g,", p->roll_x, p->roll_n);
		else
			fputs(",,", fp);
		qi_emit_csv_real(fp, p->roll_rate, 15);
		putc(',', fp);
		qi_emit_csv_real(fp, p->roll_lo, 15);
		putc(',', fp);
		qi_emit_csv_real(fp, p->roll_hi, 15);
		putc(',', fp);
		qi_emit_csv_real(fp, p->cl, 15);
		putc(',', fp);
		qi_emit_csv_real(fp, p->p_lo, 15);
		putc(',', fp);
		qi_emit_csv_real(fp, p->p_hi, 15);
		putc(',', fp);
		qi_emit_csv_real(fp, p->sigma_z, 15);
		putc(',', fp);
		qi_emit_csv_real(fp, p->pp_lo, 15);
		putc(',', fp);
		qi_emit_csv_real(fp, p->pp_hi, 15);
		fprintf(fp, ",%s\n", isnan(p->cl) ? "" : p->signal > 0 ? "above" :
		    p->signal < 0 ? "below" : "within");
	}
}

size_t
qi_trend_nseries(const struct qi_registry *reg)
{
	return 1 + reg->norgs + reg->nhosps;
}

void
qi_trend_series(const struct qi_registry *reg, size_t s,
    enum qi_scope *scope, long *org, long *hosp)
{
	*scope = s == 0 ? QI_SCOPE_ALL : s <= reg->norgs ? QI_SCOPE_ORG :
	    QI_SCOPE_HOSPITAL;
	*org = *scope == QI_SCOPE_ORG ? (long)s - 1 : -1;
	*hosp = *scope == QI_SCOPE_HOSPITAL ? (long)(s - 1 - reg->norgs) : -1;
}

/*
 * The series number (qi_trend_series()) of row r: quarters only; -1 if
 * it is in none.
 */
static long
series_number(const struct qi_results *res, const struct qi_result *r)
{
	const struct qi_registry *reg = res->reg;

	if (r->period.q == 0)
		return -1;
	switch (r->scope) {
	case QI_SCOPE_ALL:
		return 0;
	case QI_SCOPE_ORG:
		return r->org >= 0 && (size_t)r->org < reg->norgs ?
		    1 + r->org : -1;
	default:
		return r->hospital >= 0 && (size_t)r->hospital <
		    reg->nhosps ? 1 + (long)reg->norgs + r->hospital : -1;
	}
}

/*
 * Every series of every indicator, its rows found in one walk over the
 * results and history, not one walk per series.
 */
enum qi_err
analysis_trends(struct qi_analyses *an, struct qi_diag *diag)
{
	const struct qi_results *res = an->res;
	const struct qi_registry *reg = res->reg;
	const struct qi_result *r;
	size_t ind, i, b, nrows, nseries = qi_trend_nseries(reg);
	size_t nb = res->defs->n * nseries, *first = NULL, *rows = NULL;
	size_t *fill = NULL;
	enum qi_err rc = QI_OK;
	enum qi_scope scope;
	long ver, k, org, hosp;

	nrows = trend_rows(an);
	an->trend = g_new0(struct qi_trend *, nb + 1);
	first = g_new0(size_t, nb + 1);
	fill = g_new0(size_t, nb + 1);
	rows = g_new0(size_t, nrows + 1);
	for (i = 0; (r = qi_trend_row(an, i, &ver)) != NULL; i++)
		if (r->indicator < res->defs->n &&
		    (k = series_number(res, r)) >= 0)
			first[r->indicator * nseries + (size_t)k + 1]++;
	for (b = 0; b < nb; b++)
		first[b + 1] += first[b];
	for (i = 0; (r = qi_trend_row(an, i, &ver)) != NULL; i++)
		if (r->indicator < res->defs->n &&
		    (k = series_number(res, r)) >= 0) {
			b = r->indicator * nseries + (size_t)k;
			rows[first[b] + fill[b]++] = i;
		}
	for (ind = 0; ind < res->defs->n && rc == QI_OK; ind++)
		for (i = 0; i < nseries && rc == QI_OK; i++) {
			b = ind * nseries + i;
			qi_trend_series(reg, i, &scope, &org, &hosp);
			rc = series_of(an, ind, scope, org, hosp,
			    rows + first[b], first[b + 1] - first[b],
			    &an->trend[b], diag);
			if (rc == QI_OK)
				an->ntrend = b + 1;
		}
	g_free(first);
	g_free(fill);
	g_free(rows);
	return rc;
}

void
qi_trend_write_csv(const struct qi_analyses *an, FILE *fp)
{
	size_t i;

	fputs("indicator,version,scope,organisation,hospital,period,"
	    "numerator,denominator,rate,rolling_numerator,"
	    "rolling_denominator,rolling_rate,rolling_lower,rolling_upper,"
	    "cl,p_lower,p_upper,sigma_z,pp_lower,pp_upper,signal\n", fp);
	for (i = 0; i < an->ntrend; i++)
		write_series(fp, an->res, an->trend[i]);
}

static void
add_key(gpointer key, gpointer value, gpointer arr)
{
	int k = GPOINTER_TO_INT(key);

	(void)value;
	g_array_append_val((GArray *)arr, k);
}

static int
int_cmp(gconstpointer a, gconstpointer b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

size_t
qi_trend_quarters(const struct qi_analyses *an, size_t ind,
    struct qi_period **periods, long **versions)
{
	const struct qi_result *r;
	GHashTable *ver;	/* quarter fy * 4 + q - 1 -> its pooled rows' version */
	GArray *q;
	long v;
	size_t i, n;

	ver = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (i = 0; (r = qi_trend_row(an, i, &v)) != NULL; i++)
		if (r->indicator == ind && r->period.q != 0 &&
		    r->scope != QI_SCOPE_HOSPITAL)
			g_hash_table_insert(ver, GINT_TO_POINTER(r->period.fy *
			    4 + r->period.q - 1), GSIZE_TO_POINTER((gsize)v));
	q = g_array_new(FALSE, FALSE, sizeof(int));
	g_hash_table_foreach(ver, add_key, q);
	g_array_sort(q, int_cmp);
	n = q->len;
	*periods = g_new(struct qi_period, n + 1);
	*versions = g_new(long, n + 1);
	for (i = 0; i < n; i++) {
		int k = g_array_index(q, int, i);

		(*periods)[i].fy = k / 4;
		(*periods)[i].q = k % 4 + 1;
		(*versions)[i] = (long)GPOINTER_TO_SIZE(g_hash_table_lookup(ver,
		    GINT_TO_POINTER(k)));
	}
	g_array_free(q, TRUE);
	g_hash_table_destroy(ver);
	return n;
}
