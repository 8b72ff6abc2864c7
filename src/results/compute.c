/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * compute.c -- tallies to results: each hospital's rate and interval,
 * each organisation's pooled rate, both organisations pooled
 * (specs/statistics.md); then the publication rules (suppress.c), so that
 * no writer ever sees a withheld number.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "results.h"
#include "median.h"
#include "riskmodel.h"
#include "suppress.h"

static int
cmp_tally(const void *pa, const void *pb)
{
	const struct qi_tally *a = pa, *b = pb;
	int c;

	if (a->indicator != b->indicator)
		return a->indicator < b->indicator ? -1 : 1;
	if ((c = qi_period_cmp(a->period, b->period)) != 0)
		return c;
	if (a->hospital != b->hospital)
		return a->hospital < b->hospital ? -1 : 1;
	return 0;
}

/* Roll-up key: hospital, indicator and fiscal year. */
struct fykey {
	size_t	 hospital, indicator;
	int	 fy;
};

struct fysum {
	struct fykey	 k;
	long		 numerator, denominator;
	double		 exposure;
	unsigned	 quarters;	/* bit q-1 set for each quarter seen */
	int		 given;		/* the input has a whole-year row */
	long		 given_num, given_den;	/* ... with these counts */
};

static guint
fy_hash(gconstpointer p)
{
	const struct fykey *k = p;

	return (guint)(k->hospital * 7919u + k->indicator * 104729u +
	    (size_t)k->fy);
}

static gboolean
fy_equal(gconstpointer pa, gconstpointer pb)
{
	const struct fykey *a = pa, *b = pb;

	return a->hospital == b->hospital && a->indicator == b->indicator &&
	    a->fy == b->fy;
}

/*
 * The fiscal-year tallies that the input gives only as quarters: a year is
 * added where all four quarters are present and no whole-year row is,
 * so that no year is published from part of its data.  Where the input
 * gives both a year and its four quarters, they must agree.  Returns the
 * number of disagreements, each reported.
 */
static size_t
add_fiscal_years(GArray *v, const struct qi_defset *defs,
    const struct qi_registry *reg, struct qi_diag *diag)
{
	GHashTable *sums;
	GHashTableIter it;
	struct fysum *s;
	struct qi_tally t;
	struct fykey k;
	size_t i, n = v->len, bad = 0;

	sums = g_hash_table_new_full(fy_hash, fy_equal, NULL, g_free);
	for (i = 0; i < n; i++) {
		const struct qi_tally *q = &g_array_index(v, struct qi_tally,
		    i);
		memset(&k, 0, sizeof(k));
		k.hospital = q->hospital;
		k.indicator = q->indicator;
		k.fy = q->period.fy;
		if ((s = g_hash_table_lookup(sums, &k)) == NULL) {
			s = g_new0(struct fysum, 1);
			s->k = k;
			g_hash_table_insert(sums, &s->k, s);
		}
		if (q->period.q == 0) {
			s->given = 1;
			s->given_num = q->numerator;
			s->given_den = q->denominator;
		} else {
			s->quarters |= 1u << (q->period.q - 1);
			s->numerator += q->numerator;
			s->denominator += q->denominator;
			s->exposure += q->exposure;
		}
	}
	g_hash_table_iter_init(&it, sums);
	while (g_hash_table_iter_next(&it, NULL, (gpointer *)&s)) {
		if (s->given && s->quarters == 0xFu &&
		    (s->given_num != s->numerator ||
		    s->given_den != s->denominator)) {
			qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "give either "
			    "the year or its quarters, or make them agree",
			    "%s, %s, FY%d: the year's row says %ld/%ld but its "
			    "four quarters add up to %ld/%ld",
			    reg->hosps[s->k.hospital].id,
			    defs->v[s->k.indicator].id, s->k.fy, s->given_num,
			    s->given_den, s->numerator, s->denominator);
			bad++;
		}
		if (s->given || s->quarters != 0xFu)
			continue;
		memset(&t, 0, sizeof(t));
		t.hospital = s->k.hospital;
		t.indicator = s->k.indicator;
		t.period.fy = s->k.fy;
		t.period.q = 0;
		t.numerator = s->numerator;
		t.denominator = s->denominator;
		t.exposure = s->exposure;
		g_array_append_val(v, t);
	}
	g_hash_table_destroy(sums);
	return bad;
}

/*
 * Rate and interval of one result whose counts are set; the publication
 * rules come later (suppress.c).  Returns -1 only if the interval could
 * not be computed.
 */
static int
finish(struct qi_result *r, const struct qi_indicator *ind)
{
	double sumsq = r->exposure;	/* a mean's second sum */

	r->rate = r->lower = r->upper = NAN;
	if (ind->kind != QI_KIND_RATE)
		r->exposure = NAN;
	if (ind->kind == QI_KIND_MEAN && r->denominator > 0) {
		/* a mean of one stay has no interval; min_denominator >= 2
		   withholds it */
		r->status = QI_STATUS_OK;
		return qi_ci_mean(r->denominator, r->numerator, (long)sumsq,
		    ind->level, &r->rate, &r->lower, &r->upper);
	}
	if (ind->kind == QI_KIND_MEDIAN && r->denominator > 0) {
		/* the median and its interval: qi_median_apply() */
		r->status = QI_STATUS_OK;
		return 0;
	}
	if (r->denominator == 0 || (ind->kind == QI_KIND_RATE &&
	    !(r->exposure > 0))) {
		r->status = QI_STATUS_EMPTY;
		return 0;
	}
	r->status = QI_STATUS_OK;
	if (ind->kind == QI_KIND_RATE) {
		r->rate = (double)r->numerator / r->exposure;
		return qi_ci_poisson(ind->rate_method, (double)r->numerator,
		    r->exposure, ind->level, &r->lower, &r->upper);
	}
	r->rate = (double)r->numerator / (double)r->denominator;
	return qi_ci_proportion(ind->method, (double)r->numerator,
	    (double)r->denominator, ind->level, &r->lower, &r->upper);
}

/*
 * A pooled result that no hospital has data for: nothing was counted, so
 * its counts are -1 (written empty) and it has no rate.
 */
static void
no_data(struct qi_result *r)
{
	r->numerator = r->denominator = -1;
	r->rate = r->lower = r->upper = r->exposure = NAN;
	r->status = QI_STATUS_NO_DATA;
}

char *
qi_result_who(const struct qi_result *r, const struct qi_registry *reg)
{
	if (r->scope == QI_SCOPE_HOSPITAL)
		return g_strdup_printf("hospital %s",
		    reg->hosps[r->hospital].id);
	if (r->scope == QI_SCOPE_ORG)
		return g_strdup_printf("%s pooled", reg->orgs[r->org].code);
	return g_strdup("all organisations pooled");
}

/*
 * Report that result r's interval could not be computed, naming the
 * indicator, period, hospital or pool and the cause.  Returns QI_EINPUT
 * if the counts are outside the method's domain (they came from a file),
 * else QI_ESYS (the method itself failed).
 */
static enum qi_err
interval_failed(const struct qi_result *r, const struct qi_indicator *ind,
    const struct qi_registry *reg, struct qi_diag *diag)
{
	char pbuf[16], *who, *counts;
	const char *cause;
	enum qi_err rc = QI_EINPUT;

	qi_period_format(r->period, pbuf, sizeof(pbuf));
	who = qi_result_who(r, reg);
	if (ind->kind == QI_KIND_RATE)
		counts = g_strdup_printf("%ld events in exposure %g",
		    r->numerator, r->exposure);
	else if (ind->kind == QI_KIND_MEAN)
		counts = g_strdup_printf("a sum of %ld over %ld stays",
		    r->numerator, r->denominator);
	else
		counts = g_strdup_printf("%ld of %ld", r->numerator,
		    r->denominator);
	if (r->numerator < 0 || r->denominator < 0)
		cause = "a count is negative";
	else if (ind->kind == QI_KIND_PROPORTION &&
	    r->numerator > r->denominator)
		cause = "the numerator is above the denominator";
	else if (ind->kind == QI_KIND_RATE && !isfinite(r->exposure))
		cause = "the exposure is not a finite number";
	else if (ind->kind == QI_KIND_MEAN)
		cause = "the sum of squares is below the square of the sum "
		    "over the stays, or a sum is 2^53 or more";
	else {
		cause = "the method found no finite bound";
		rc = QI_ESYS;
	}
	qi_diag_add(diag, QI_ERROR, ind->file, 0, 0, rc == QI_EINPUT ?
	    "check the tallies or counts that gave these numbers" :
	    "please report this, with the counts, to the maintainers",
	    "%s, %s, %s: the %s interval of %s could not be computed: %s",
	    ind->id, pbuf, who, qi_indicator_method(ind), counts, cause);
	g_free(who);
	g_free(counts);
	return rc;
}

/*
 * The results of indicator ind in period per from its tallies g[0..n):
 * both organisations, every organisation, then each hospital with a
 * tally.  A pool without hospitals (n = 0 for all of them) is no_data.
 * A result whose interval fails is reported (interval_failed()) and the
 * others still computed; returns the worst failure, or QI_OK.
 */
static enum qi_err
emit_group(GArray *out, size_t ind_i, struct qi_period per,
    const struct qi_tally *g, size_t n, const struct qi_defset *defs,
    const struct qi_registry *reg, struct qi_diag *diag)
{
	enum qi_err rc = QI_OK, e;
	const struct qi_indicator *ind = &defs->v[ind_i];
	struct qi_result r, *pool;
	size_t i, o, *nhosp;

	/* pool[0] is both organisations, pool[o + 1] organisation o. */
	pool = g_new0(struct qi_result, reg->norgs + 1);
	nhosp = g_new0(size_t, reg->norgs + 1);
	for (o = 0; o <= reg->norgs; o++) {
		pool[o].scope = o == 0 ? QI_SCOPE_ALL : QI_SCOPE_ORG;
		pool[o].org = o == 0 ? -1 : (long)o - 1;
		pool[o].hospital = -1;
		pool[o].indicator = ind_i;
		pool[o].period = per;
	}
	for (i = 0; i < n; i++) {
		o = reg->hosps[g[i].hospital].org + 1;
		pool[o].numerator += g[i].numerator;
		pool[o].denominator += g[i].denominator;
		pool[o].exposure += g[i].exposure;
		nhosp[o]++;
		pool[0].numerator += g[i].numerator;
		pool[0].denominator += g[i].denominator;
		pool[0].exposure += g[i].exposure;
		nhosp[0]++;
	}
	for (o = 0; o <= reg->norgs; o++) {
		if (nhosp[o] == 0)
			no_data(&pool[o]);	/* no hospital of it has data */
		else if (finish(&pool[o], ind) == -1 && (e = interval_failed(
		    &pool[o], ind, reg, diag)) > rc)
			rc = e;
		g_array_append_val(out, pool[o]);
	}
	for (i = 0; i < n; i++) {
		memset(&r, 0, sizeof(r));
		r.scope = QI_SCOPE_HOSPITAL;
		r.indicator = g[i].indicator;
		r.period = g[i].period;
		r.hospital = (long)g[i].hospital;
		r.org = (long)reg->hosps[g[i].hospital].org;
		r.numerator = g[i].numerator;
		r.denominator = g[i].denominator;
		r.exposure = g[i].exposure;
		if (finish(&r, ind) == -1 && (e = interval_failed(&r, ind,
		    reg, diag)) > rc)
			rc = e;
		g_array_append_val(out, r);
	}
	g_free(nhosp);
	g_free(pool);
	return rc;
}

/*
 * The periods of the run: every period some tally of t[0..n) (sorted by
 * cmp_tally) has, in time order.  Caller frees; *np may be 0.
 */
static struct qi_period *
run_periods(const struct qi_tally *t, size_t n, size_t *np)
{
	struct qi_period *v = g_new(struct qi_period, n + 1);
	size_t i, k, m = 0;

	for (i = 0; i < n; i++) {
		for (k = 0; k < m; k++)
			if (qi_period_cmp(v[k], t[i].period) == 0)
				break;
		if (k == m)
			v[m++] = t[i].period;
	}
	for (i = 1; i < m; i++)		/* insertion sort: a few dozen */
		for (k = i; k > 0 && qi_period_cmp(v[k - 1], v[k]) > 0; k--) {
			struct qi_period x = v[k];

			v[k] = v[k - 1];
			v[k - 1] = x;
		}
	*np = m;
	return v;
}

/*
 * The largest pooled numerator: a rate's pool gives the target of the
 * funnel, whose expected count for a hospital (target x exposure, at most
 * the pool's numerator) has exact limits up to QI_SUM_MAX.
 */
static long
pool_max(const struct qi_indicator *ind)
{
	return ind->kind == QI_KIND_RATE ? QI_SUM_MAX : QI_POOL_MAX;
}

/*
 * Every hospital's counts at most QI_SUM_MAX (a year added from its
 * quarters included) and every pool of t[0..n) (sorted by cmp_tally) at
 * most QI_POOL_MAX (a rate's numerator: pool_max()), so that what
 * follows is exact and finite: the readers bound each row, this the sums
 * they make.  Returns the number of sums out of range, each reported.
 */
static size_t
check_sums(const struct qi_tally *t, size_t n, const struct qi_defset *defs,
    const struct qi_registry *reg, struct qi_diag *diag)
{
	size_t i, start, bad = 0;
	long num = 0, den = 0;		/* of the group from start */
	double sq = 0;			/* a mean's sum of squares, the same */
	char pbuf[16];

	for (i = start = 0; i < n; i++) {
		qi_period_format(t[i].period, pbuf, sizeof(pbuf));
		if (t[i].numerator > QI_SUM_MAX ||
		    t[i].denominator > QI_SUM_MAX ||
		    t[i].exposure > QI_EXPOSURE_MAX) {
			qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "specs/input.md "
			    "states the limits", "%s, %s, %s: %ld/%ld (exposure "
			    "%g) is above the largest sum for a hospital, %ld "
			    "(exposure %g)", reg->hosps[t[i].hospital].id,
			    defs->v[t[i].indicator].id, pbuf, t[i].numerator,
			    t[i].denominator, t[i].exposure, QI_SUM_MAX,
			    QI_EXPOSURE_MAX);
			bad++;
			continue;
		}
		if (i > start && (t[i].indicator != t[start].indicator ||
		    qi_period_cmp(t[i].period, t[start].period) != 0)) {
			start = i;
			num = den = 0;
			sq = 0;
		}
		num += t[i].numerator;
		den += t[i].denominator;
		if (defs->v[t[i].indicator].kind == QI_KIND_MEAN)
			sq += t[i].exposure;
		if ((num > pool_max(&defs->v[t[i].indicator]) ||
		    den > QI_POOL_MAX || sq > (double)QI_POOL_MAX) &&
		    (i + 1 == n ||
		    t[i + 1].indicator != t[start].indicator ||
		    qi_period_cmp(t[i + 1].period, t[start].period) != 0)) {
			qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "specs/input.md "
			    "states the limits", "%s, %s: the hospitals add up "
			    "to more than %ld", defs->v[t[i].indicator].id,
			    pbuf, pool_max(&defs->v[t[i].indicator]));
			bad++;
		}
	}
	return bad;
}

struct qi_tallies *
qi_tallies_variant(const struct qi_tallies *t, const struct qi_defset *defs,
    const char *name)
{
	struct qi_tallies *out = g_new0(struct qi_tallies, 1);
	size_t i, want;
	long k;

	out->v = g_new(struct qi_tally, t->n ? t->n : 1);
	for (i = 0; i < t->n; i++) {
		want = 0;
		if (name != NULL && (k = qi_variant_find(
		    &defs->v[t->v[i].indicator], name)) >= 0)
			want = (size_t)k + 1;
		if (t->v[i].variant != want)
			continue;
		out->v[out->n] = t->v[i];
		out->v[out->n++].variant = 0;
	}
	/* The covariate patterns of the same variant. */
	if (t->npat > 0)
		out->pat = g_new(struct qi_pattern, t->npat);
	for (i = 0; i < t->npat; i++) {
		want = 0;
		if (name != NULL && (k = qi_variant_find(
		    &defs->v[t->pat[i].indicator], name)) >= 0)
			want = (size_t)k + 1;
		if (t->pat[i].variant != want)
			continue;
		out->pat[out->npat] = t->pat[i];
		out->pat[out->npat++].variant = 0;
	}
	return out;
}

enum qi_err
qi_compute(const struct qi_defset *defs, const struct qi_registry *reg,
    const struct qi_tallies *tallies, struct qi_results **out,
    struct qi_diag *diag)
{
	struct qi_results *res;
	GArray *v, *rv;
	const struct qi_tally *t;
	struct qi_period *per;
	size_t i, start, end, ind, p, nper;
	enum qi_err rc, e;

	*out = NULL;
	v = g_array_sized_new(FALSE, FALSE, sizeof(struct qi_tally),
	    (guint)tallies->n);
	g_array_append_vals(v, tallies->v, (guint)tallies->n);
	if (add_fiscal_years(v, defs, reg, diag) > 0) {
		g_array_free(v, TRUE);
		return QI_EINPUT;
	}
	if (v->len > 0)
		qsort(v->data, v->len, sizeof(struct qi_tally), cmp_tally);
	if (check_sums((const struct qi_tally *)(void *)v->data, v->len, defs,
	    reg, diag) > 0) {
		g_array_free(v, TRUE);
		return QI_EINPUT;
	}

	/*
	 * Every indicator gets the periods of the run: those its tallies
	 * have, and, as no_data pools, those only other indicators have
	 * (from its definition's effective period on).
	 */
	rc = QI_OK;
	rv = g_array_new(FALSE, FALSE, sizeof(struct qi_result));
	t = (const struct qi_tally *)(void *)v->data;
	per = run_periods(t, v->len, &nper);
	for (start = 0, ind = 0; ind < defs->n; ind++)
		for (p = 0; p < nper; p++) {
			for (end = start; end < v->len && t[end].indicator ==
			    ind && qi_period_cmp(t[end].period, per[p]) == 0;
			    end++)
				continue;
			if (end == start && defs->v[ind].has_effective &&
			    qi_period_cmp(per[p], defs->v[ind].effective) < 0)
				continue;
			if ((e = emit_group(rv, ind, per[p], t + start,
			    end - start, defs, reg, diag)) > rc)
				rc = e;
			start = end;
		}
	g_free(per);
	g_array_free(v, TRUE);
	if (rc != QI_OK) {
		g_array_free(rv, TRUE);
		return rc;
	}

	res = g_new0(struct qi_results, 1);
	res->n = rv->len;
	res->v = (struct qi_result *)(void *)g_array_free(rv, FALSE);
	res->defs = defs;
	res->reg = reg;
	if (qi_median_apply(res, tallies, diag) != QI_OK) {
		qi_results_free(res);
		return QI_EINPUT;
	}
	/* Risk adjustment sees every hospital, as the pooled counts do. */
	if (qi_riskmodel_apply(res, tallies, diag) != QI_OK) {
		qi_results_free(res);
		return QI_ESYS;
	}
	qi_suppress(res);
	/*
	 * Only a published result keeps its risk-adjusted columns: a
	 * withheld hospital's E, like its counts, could otherwise be
	 * recovered from its organisation's.
	 */
	for (i = 0; i < res->n; i++)
		if (res->v[i].status != QI_STATUS_OK)
			qi_riskmodel_clear(&res->v[i]);
	*out = res;
	return QI_OK;
}

void
qi_results_free(struct qi_results *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nmodels; i++) {
		qi_logit_free(r->models[i].fit);
		g_free(r->models[i].reference);
	}
	g_free(r->models);
	qi_results_index_free(r);
	g_free(r->v);
	g_free(r);
}
