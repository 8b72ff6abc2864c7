/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * median.c -- the results of a median (kind median): each hospital's and
 * pool's median and interval from the histograms of the tallies (stays
 * per value, the value rows of tallies.csv), a year's from its quarters
 * and a pool's from its hospitals', added exactly.
 *
 * SPEC: specs/statistics.md#medians
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "median.h"

/*
 * The stays per value of one hospital or pool: acc[0 .. max] (owned,
 * zero outside [lo, hi]), lo > hi when empty; n the stays, sum the sum of
 * their values.
 */
struct hist {
	long	*acc;
	long	 max;		/* numerator.max */
	long	 lo, hi;
	long	 n, sum;
};

static void
hist_init(struct hist *h, long max)
{
	h->acc = g_new0(long, (size_t)max + 1);
	h->max = max;
	h->lo = max + 1;
	h->hi = -1;
	h->n = h->sum = 0;
}

static void
hist_add(struct hist *h, long v, long count)
{
	h->acc[v] += count;
	h->n += count;
	h->sum += v * count;
	if (v < h->lo)
		h->lo = v;
	if (v > h->hi)
		h->hi = v;
}

/* Empty h again: only the values it holds are cleared. */
static void
hist_clear(struct hist *h)
{
	if (h->lo <= h->hi)
		memset(h->acc + h->lo, 0, (size_t)(h->hi - h->lo + 1) *
		    sizeof(*h->acc));
	h->lo = h->max + 1;
	h->hi = -1;
	h->n = h->sum = 0;
}

/* Value rows in key order: indicator, hospital, fiscal year, quarter. */
static int
cmp_pat(const void *pa, const void *pb)
{
	const struct qi_pattern *a = *(const struct qi_pattern *const *)pa;
	const struct qi_pattern *b = *(const struct qi_pattern *const *)pb;

	if (a->indicator != b->indicator)
		return a->indicator < b->indicator ? -1 : 1;
	if (a->hospital != b->hospital)
		return a->hospital < b->hospital ? -1 : 1;
	if (a->period.fy != b->period.fy)
		return a->period.fy < b->period.fy ? -1 : 1;
	return (a->period.q > b->period.q) - (a->period.q < b->period.q);
}

/*
 * The first of ix[0..n) (sorted by cmp_pat) at or after indicator ind,
 * hospital h, fiscal year fy.
 */
static size_t
lower_bound(const struct qi_pattern *const *ix, size_t n, size_t ind,
    size_t h, int fy)
{
	size_t a = 0, b = n, m;
	const struct qi_pattern *p;

	while (a < b) {
		m = a + (b - a) / 2;
		p = ix[m];
		if (p->indicator < ind || (p->indicator == ind &&
		    (p->hospital < h || (p->hospital == h &&
		    p->period.fy < fy))))
			a = m + 1;
		else
			b = m;
	}
	return a;
}

/*
 * Hospital r's histogram into h: the value rows of its period (a fiscal
 * year: of its quarters, and of the year if given).  A value above
 * h->max (the readers refuse them) is left out: the histogram then
 * falls short of the counts, an error.
 */
static void
hospital_hist(const struct qi_pattern *const *ix, size_t n,
    const struct qi_result *r, struct hist *h)
{
	const struct qi_pattern *p;
	size_t i;

	for (i = lower_bound(ix, n, r->indicator, (size_t)r->hospital,
	    r->period.fy); i < n; i++) {
		p = ix[i];
		if (p->indicator != r->indicator ||
		    p->hospital != (size_t)r->hospital ||
		    p->period.fy != r->period.fy)
			break;
		if ((p->period.q == r->period.q || r->period.q == 0) &&
		    p->pattern <= (unsigned long)h->max)
			hist_add(h, (long)p->pattern, p->n);
	}
}

/*
 * r's median and interval from h (whose stays and sum must be r's);
 * 0, or -1 when they are not (reported).
 */
static int
finish_median(struct qi_result *r, const struct hist *h,
    const struct qi_indicator *ind, const struct qi_registry *reg,
    struct qi_diag *diag)
{
	long *value, *count;
	size_t nb = 0;
	long v;
	char pbuf[16], *who;
	int rc = 0;

	if (h->n != r->denominator || h->sum != r->numerator) {
		qi_period_format(r->period, pbuf, sizeof(pbuf));
		who = qi_result_who(r, reg);
		qi_diag_add(diag, QI_ERROR, ind->file, 0, 0, "a median is "
		    "computed from the value rows of tallies.csv, written with "
		    "its tally rows by the same run; counts.csv cannot give "
		    "one", "%s, %s, %s: the values add up to %ld stays "
		    "summing to %ld, the counts are %ld stays summing to %ld",
		    ind->id, pbuf, who, h->n, h->sum, r->denominator,
		    r->numerator);
		g_free(who);
		return -1;
	}
	value = g_new(long, (size_t)(h->hi - h->lo + 1));
	count = g_new(long, (size_t)(h->hi - h->lo + 1));
	for (v = h->lo; v <= h->hi; v++)
		if (h->acc[v] > 0) {
			value[nb] = v;
			count[nb++] = h->acc[v];
		}
	if (qi_ci_median(value, count, nb, ind->level, &r->rate, &r->lower,
	    &r->upper, NULL) == -1) {
		qi_period_format(r->period, pbuf, sizeof(pbuf));
		who = qi_result_who(r, reg);
		qi_diag_add(diag, QI_ERROR, ind->file, 0, 0, "check the "
		    "tallies that gave these numbers", "%s, %s, %s: the "
		    "median of %ld stays could not be computed", ind->id,
		    pbuf, who, r->denominator);
		g_free(who);
		rc = -1;
	}
	g_free(value);
	g_free(count);
	return rc;
}

/*
 * One indicator and period: results v[0..m) (its pools and hospitals).
 * Returns the number of results that failed (reported).
 */
static size_t
do_group(struct qi_result *v, size_t m, const struct qi_pattern *const *ix,
    size_t n, const struct qi_indicator *ind, const struct qi_registry *reg,
    struct qi_diag *diag)
{
	struct hist h, *pool;
	size_t i, o, bad = 0;
	long k;

	hist_init(&h, ind->value_max);
	pool = g_new(struct hist, reg->norgs + 1);
	for (o = 0; o <= reg->norgs; o++)
		hist_init(&pool[o], ind->value_max);
	for (i = 0; i < m; i++) {
		if (v[i].scope != QI_SCOPE_HOSPITAL || v[i].denominator <= 0)
			continue;
		hospital_hist(ix, n, &v[i], &h);
		o = reg->hosps[v[i].hospital].org + 1;
		for (k = h.lo; k <= h.hi; k++) {
			if (h.acc[k] == 0)
				continue;
			hist_add(&pool[0], k, h.acc[k]);
			hist_add(&pool[o], k, h.acc[k]);
		}
		bad += finish_median(&v[i], &h, ind, reg, diag) == -1;
		hist_clear(&h);
	}
	for (i = 0; bad == 0 && i < m; i++) {
		if (v[i].scope == QI_SCOPE_HOSPITAL || v[i].denominator <= 0)
			continue;
		o = v[i].scope == QI_SCOPE_ALL ? 0 : (size_t)v[i].org + 1;
		bad += finish_median(&v[i], &pool[o], ind, reg, diag) == -1;
	}
	for (o = 0; o <= reg->norgs; o++)
		g_free(pool[o].acc);
	g_free(pool);
	g_free(h.acc);
	return bad;
}

enum qi_err
qi_median_apply(struct qi_results *res, const struct qi_tallies *t,
    struct qi_diag *diag)
{
	const struct qi_indicator *ind;
	const struct qi_pattern **ix;
	size_t n = 0, i, start, end, bad = 0;

	ix = g_new(const struct qi_pattern *, t->npat + 1);
	for (i = 0; i < t->npat; i++)
		if (t->pat[i].variant == 0 && t->pat[i].n > 0 &&
		    res->defs->v[t->pat[i].indicator].kind == QI_KIND_MEDIAN)
			ix[n++] = &t->pat[i];
	qsort(ix, n, sizeof(*ix), cmp_pat);
	/* the results of one indicator and period come together */
	for (start = 0; start < res->n; start = end) {
		for (end = start + 1; end < res->n && res->v[end].indicator ==
		    res->v[start].indicator && qi_period_cmp(
		    res->v[end].period, res->v[start].period) == 0; end++)
			continue;
		ind = &res->defs->v[res->v[start].indicator];
		if (ind->kind == QI_KIND_MEDIAN)
			bad += do_group(res->v + start, end - start, ix, n, ind,
			    res->reg, diag);
	}
	g_free(ix);
	return bad > 0 ? QI_EINPUT : QI_OK;
}
