/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * riskmodel.c -- risk-adjusted results: the logistic risk model of an
 * indicator (logit.c) fitted on the pooled covariate patterns of both
 * organisations' hospitals -- per period, or once on the quarters of
 * risk_model.reference -- or read from risk_model.coefficients, and each
 * hospital's, organisation's and both organisations' observed and
 * expected events under it (riskadj.c), with the interval of O/E from
 * qi_ci_poisson().
 *
 * SPEC: specs/statistics.md#risk-adjustment-of-results
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "results.h"
#include "riskmodel.h"

/* One covariate pattern of a unit: stays n, events y. */
struct row {
	unsigned long	 pattern;
	double		 n, y;
};

void
qi_riskmodel_clear(struct qi_result *r)
{
	r->expected = NAN;
	r->ratio = r->ratio_lower = r->ratio_upper = NAN;
	r->adj_rate = r->adj_lower = r->adj_upper = NAN;
}

/* Key of the patterns of one hospital, indicator and fiscal year. */
static char *
pat_key(size_t ind, size_t hosp, int fy)
{
	return g_strdup_printf("%zu/%zu/%d", ind, hosp, fy);
}

static void
array_free(gpointer p)
{
	g_array_free(p, TRUE);
}

/* Variant-0 patterns indexed by indicator, hospital and fiscal year. */
static GHashTable *
pattern_index(const struct qi_tallies *t)
{
	GHashTable *idx;
	GArray *a;
	char *k;
	size_t i;

	idx = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    array_free);
	for (i = 0; t->pat != NULL && i < t->npat; i++) {
		if (t->pat[i].variant != 0)
			continue;
		k = pat_key(t->pat[i].indicator, t->pat[i].hospital,
		    t->pat[i].period.fy);
		if ((a = g_hash_table_lookup(idx, k)) == NULL) {
			a = g_array_new(FALSE, FALSE, sizeof(size_t));
			g_hash_table_insert(idx, k, a);
		} else
			g_free(k);
		g_array_append_val(a, i);
	}
	return idx;
}

static int
cmp_row(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;

	return a->pattern < b->pattern ? -1 : a->pattern > b->pattern;
}

/* Sort rows by pattern and add up the duplicates, in place. */
static void
merge_rows(GArray *rows)
{
	struct row *r = (struct row *)(void *)rows->data;
	size_t i, m = 0;

	if (rows->len == 0)
		return;
	qsort(r, rows->len, sizeof(*r), cmp_row);
	for (i = 1; i < rows->len; i++) {
		if (r[i].pattern == r[m].pattern) {
			r[m].n += r[i].n;
			r[m].y += r[i].y;
		} else
			r[++m] = r[i];
	}
	g_array_set_size(rows, (guint)(m + 1));
}

/*
 * The patterns of hospital h for indicator ind in period per (a fiscal
 * year: its quarters), merged, appended to rows.
 */
static void
hospital_rows(GHashTable *idx, const struct qi_tallies *t, size_t ind,
    size_t h, struct qi_period per, GArray *rows)
{
	GArray *a;
	struct row w;
	char *k;
	size_t i;

	k = pat_key(ind, h, per.fy);
	a = g_hash_table_lookup(idx, k);
	g_free(k);
	for (i = 0; a != NULL && i < a->len; i++) {
		const struct qi_pattern *p = &t->pat[g_array_index(a, size_t,
		    i)];
		if (p->period.q != per.q && !(per.q == 0 && p->period.q != 0))
			continue;
		w.pattern = p->pattern;
		w.n = (double)p->n;
		w.y = (double)p->y;
		g_array_append_val(rows, w);
	}
	merge_rows(rows);
}

/* The design matrix of rows (qi_risk_row() of each pattern). */
static void
design(const struct qi_indicator *ind, const struct row *r, size_t k,
    size_t p, double *x, double *y, double *n)
{
	size_t i;

	for (i = 0; i < k; i++) {
		qi_risk_row(ind, r[i].pattern, x + i * p);
		y[i] = r[i].y;
		n[i] = r[i].n;
	}
}

/*
 * r's expected count, O/E and risk-adjusted rate under fit from its
 * patterns rows[0..k).  An O/E interval that cannot be computed is
 * reported (indicator, period, who, O and E) and -1 returned.
 */
static int
adjust(struct qi_result *r, const struct qi_logit *fit,
    const struct qi_indicator *ind, const struct row *rows, size_t k,
    const struct qi_registry *reg, struct qi_diag *diag)
{
	char pbuf[16], *who;
	struct qi_riskadj ra;
	size_t p = fit->p;
	double *x, *y, *n;
	int rc = 0;

	qi_riskmodel_clear(r);
	x = g_new(double, (k ? k : 1) * p);
	y = g_new(double, k ? k : 1);
	n = g_new(double, k ? k : 1);
	design(ind, rows, k, p, x, y, n);
	if (qi_riskadj_compute(fit, k, x, y, n, &ra) == 0) {
		r->expected = ra.expected;
		if (ra.expected > 0.0) {
			r->ratio = ra.ratio;
			r->adj_rate = ra.rate;
			if (qi_ci_poisson(ind->ratio_method, ra.observed,
			    ra.expected, ind->level, &r->ratio_lower,
			    &r->ratio_upper) == -1) {
				qi_period_format(r->period, pbuf, sizeof(pbuf));
				who = qi_result_who(r, reg);
				qi_diag_add(diag, QI_ERROR, ind->file, 0, 0,
				    NULL, "%s, %s, %s: the %s interval of O/E "
				    "for O = %g, E = %g could not be computed",
				    ind->id, pbuf, who, qi_name_of(
				    qi_rate_method_names,
				    (int)ind->ratio_method), ra.observed,
				    ra.expected);
				g_free(who);
				rc = -1;
			}
			r->adj_lower = r->ratio_lower * fit->rate;
			r->adj_upper = r->ratio_upper * fit->rate;
		}
	}
	g_free(x);
	g_free(y);
	g_free(n);
	return rc;
}

/*
 * Fit ind's model to the merged patterns all, named label in messages.
 * A model that cannot be fitted is a warning naming the indicator and
 * label, followed by every problem the fitter found, each a warning with
 * its hint; *out is then NULL.  Returns QI_OK, or QI_ESYS.
 */
static enum qi_err
fit_rows(const struct qi_indicator *ind, const char *label,
    const GArray *all, struct qi_logit **out, struct qi_diag *diag)
{
	struct qi_logit_opts opts;
	struct qi_diag *fd;
	double *x, *y, *n;
	char **names, *prefix;
	size_t p, k = all->len;
	enum qi_err rc;

	names = qi_risk_terms(ind, &p);
	x = g_new(double, (k ? k : 1) * p);
	y = g_new(double, k ? k : 1);
	n = g_new(double, k ? k : 1);
	design(ind, (const struct row *)(void *)all->data, k, p, x, y, n);
	qi_logit_opts_defaults(&opts);
	fd = qi_diag_alloc();
	rc = qi_logit_fit(k, p, x, y, n, (const char *const *)names,
	    ind->file, &opts, out, fd);
	switch (rc) {
	case QI_OK:
		break;
	case QI_EINPUT:
		qi_diag_add(diag, QI_WARNING, ind->file, 0, 0, "each "
		    "problem follows", "%s %s: the risk model could not be "
		    "fitted; its risk-adjusted results are left empty",
		    ind->id, label);
		prefix = g_strdup_printf("%s %s: ", ind->id, label);
		qi_diag_relevel(fd, QI_WARNING, prefix);
		g_free(prefix);
		qi_diag_move(diag, fd);
		rc = QI_OK;
		break;
	default:
		qi_diag_add(diag, QI_ERROR, ind->file, 0, 0, NULL,
		    "%s %s: fitting the risk model failed", ind->id, label);
		rc = QI_ESYS;
		break;
	}
	qi_diag_free(fd);
	g_strfreev(names);
	g_free(x);
	g_free(y);
	g_free(n);
	return rc;
}

/*
 * The patterns of the hospitals among v[0..m) (one indicator and
 * period) into hrows[i] (NULL for the pools), checked against their
 * counts.  Returns the number of patterns, or -1 when some hospital's
 * patterns do not add up to its counts (a warning: no adjustment).
 */
static long
group_rows(const struct qi_results *res, const struct qi_result *v,
    size_t m, GHashTable *idx, const struct qi_tallies *t, GArray **hrows,
    struct qi_diag *diag)
{
	const struct qi_indicator *ind = &res->defs->v[v[0].indicator];
	const struct qi_registry *reg = res->reg;
	char label[16];
	double sn, sy;
	size_t i, j;
	long npat = 0;

	for (i = 0; i < m; i++) {
		if (v[i].scope != QI_SCOPE_HOSPITAL)
			continue;
		hrows[i] = g_array_new(FALSE, FALSE, sizeof(struct row));
		hospital_rows(idx, t, v[i].indicator, (size_t)v[i].hospital,
		    v[i].period, hrows[i]);
		npat += (long)hrows[i]->len;
	}
	if (npat == 0)
		return 0;	/* counts without patient data */
	qi_period_format(v[0].period, label, sizeof(label));
	for (i = 0; i < m; i++) {
		if (v[i].scope != QI_SCOPE_HOSPITAL)
			continue;
		for (sn = sy = 0.0, j = 0; j < hrows[i]->len; j++) {
			sn += g_array_index(hrows[i], struct row, j).n;
			sy += g_array_index(hrows[i], struct row, j).y;
		}
		if (sn != (double)v[i].denominator ||
		    sy != (double)v[i].numerator) {
			qi_diag_add(diag, QI_WARNING, ind->file, 0, 0,
			    "the covariate patterns must come from the same "
			    "run as the counts", "%s %s, %s: covariate "
			    "patterns add up to %.0f/%.0f, the counts are "
			    "%ld/%ld; no risk adjustment for this period",
			    ind->id, label, reg->hosps[v[i].hospital].id, sy,
			    sn, v[i].numerator, v[i].denominator);
			return -1;
		}
	}
	return npat;
}

/*
 * Each hospital of v[0..m) from its rows hrows[i], then each
 * organisation and both from their hospitals' rows, under fit.
 */
static enum qi_err
adjust_group(const struct qi_results *res, struct qi_result *v, size_t m,
    GArray **hrows, const struct qi_logit *fit, struct qi_diag *diag)
{
	const struct qi_indicator *ind = &res->defs->v[v[0].indicator];
	const struct qi_registry *reg = res->reg;
	GArray *org = g_array_new(FALSE, FALSE, sizeof(struct row));
	enum qi_err rc = QI_OK;
	size_t i, j, o;

	for (i = 0; i < m; i++)
		if (v[i].scope == QI_SCOPE_HOSPITAL && adjust(&v[i], fit,
		    ind, (const struct row *)(void *)hrows[i]->data,
		    hrows[i]->len, reg, diag) == -1)
			rc = QI_ESYS;
	for (i = 0; i < m; i++) {
		if (v[i].scope == QI_SCOPE_HOSPITAL)
			continue;
		g_array_set_size(org, 0);
		for (j = 0; j < m; j++) {
			if (v[j].scope != QI_SCOPE_HOSPITAL)
				continue;
			o = reg->hosps[v[j].hospital].org;
			if (v[i].scope == QI_SCOPE_ALL || (long)o == v[i].org)
				g_array_append_vals(org, hrows[j]->data,
				    hrows[j]->len);
		}
		merge_rows(org);
		if (adjust(&v[i], fit, ind, (const struct row *)(void *)
		    org->data, org->len, reg, diag) == -1)
			rc = QI_ESYS;
	}
	g_array_free(org, TRUE);
	return rc;
}

/*
 * One indicator and period: results v[0..m), under the indicator's one
 * fixed model (fixed: a reference fit or a file; model NULL when that
 * failed: then nothing), or else under a model fitted to the period's
 * pooled patterns, appended to models.  Returns QI_OK (a fit may have
 * failed: then warnings), QI_ESYS otherwise.
 */
static enum qi_err
do_group(struct qi_results *res, struct qi_result *v, size_t m,
    GHashTable *idx, const struct qi_tallies *t, int fixed,
    const struct qi_logit *model, GArray *models, struct qi_diag *diag)
{
	const struct qi_indicator *ind = &res->defs->v[v[0].indicator];
	struct qi_riskfit mf;
	GArray **hrows, *all = NULL;
	char label[16];
	size_t i;
	enum qi_err rc = QI_OK;

	hrows = g_new0(GArray *, m);
	if ((fixed && model == NULL) || group_rows(res, v, m, idx, t, hrows,
	    diag) <= 0)
		goto done;
	if (!fixed) {
		all = g_array_new(FALSE, FALSE, sizeof(struct row));
		for (i = 0; i < m; i++)
			if (hrows[i] != NULL)
				g_array_append_vals(all, hrows[i]->data,
				    hrows[i]->len);
		merge_rows(all);
		qi_period_format(v[0].period, label, sizeof(label));
		memset(&mf, 0, sizeof(mf));
		mf.indicator = v[0].indicator;
		mf.period = v[0].period;
		mf.from = QI_RISK_PERIOD;
		mf.reference = g_strdup(label);
		if ((rc = fit_rows(ind, label, all, &mf.fit, diag)) !=
		    QI_OK) {
			g_free(mf.reference);
			goto done;
		}
		g_array_append_val(models, mf);
		model = mf.fit;
	}
	if (model != NULL)
		rc = adjust_group(res, v, m, hrows, model, diag);
done:
	for (i = 0; i < m; i++)
		if (hrows[i] != NULL)
			g_array_free(hrows[i], TRUE);
	g_free(hrows);
	if (all != NULL)
		g_array_free(all, TRUE);
	return rc;
}

/*
 * The model of a coefficients file, as a fit without fit statistics
 * (deviance, AIC, c-statistic NaN); its rate NaN when the file gives no
 * reference counts.  The caller owns it.
 */
static struct qi_logit *
file_model(const struct qi_riskcoef *c)
{
	struct qi_logit *f = g_new0(struct qi_logit, 1);
	size_t j;

	f->p = c->p;
	f->beta = g_memdup2(c->beta, c->p * sizeof(double));
	f->se = g_memdup2(c->se, c->p * sizeof(double));
	f->z = g_new(double, c->p);
	f->pvalue = g_new(double, c->p);
	for (j = 0; j < c->p; j++) {
		f->z[j] = f->beta[j] / f->se[j];
		f->pvalue[j] = NAN;
	}
	f->converged = 1;
	f->deviance = f->null_deviance = f->aic = f->c_stat = NAN;
	f->stays = c->stays;
	f->events = c->events;
	f->rate = c->events / c->stays;
	return f;
}

/*
 * The model of indicator ind (index i) fitted once on the patterns of
 * every hospital in the quarters of its risk_model.reference.  A quarter
 * of the reference without patterns is a warning, and no model is fitted
 * (a fit on part of the reference would be another model); so is a fit
 * that fails.  Nothing is reported when the tallies hold no patterns of
 * the indicator at all (counts without patient data).  Appends the
 * attempt to models and returns QI_OK, or QI_ESYS.
 */
static enum qi_err
reference_model(const struct qi_indicator *ind, size_t i,
    const struct qi_tallies *t, GArray *models, struct qi_diag *diag)
{
	struct qi_riskfit mf;
	struct qi_period q;
	GArray *all;
	GString *missing;
	struct row w;
	size_t j, nq, any = 0;
	unsigned char *seen;
	char a[16], b[16];
	enum qi_err rc = QI_OK;

	nq = (size_t)((ind->ref_to.fy - ind->ref_from.fy) * 4 +
	    ind->ref_to.q - ind->ref_from.q + 1);
	seen = g_new0(unsigned char, nq);
	all = g_array_new(FALSE, FALSE, sizeof(struct row));
	for (j = 0; t->pat != NULL && j < t->npat; j++) {
		const struct qi_pattern *pt = &t->pat[j];

		if (pt->indicator != i || pt->variant != 0)
			continue;
		any++;
		if (!qi_risk_in_reference(ind, pt->period))
			continue;
		seen[(pt->period.fy - ind->ref_from.fy) * 4 + pt->period.q -
		    ind->ref_from.q] = 1;
		w.pattern = pt->pattern;
		w.n = (double)pt->n;
		w.y = (double)pt->y;
		g_array_append_val(all, w);
	}
	merge_rows(all);
	memset(&mf, 0, sizeof(mf));
	mf.indicator = i;
	mf.period = ind->ref_to;
	mf.from = QI_RISK_REFERENCE;
	qi_period_format(ind->ref_from, a, sizeof(a));
	qi_period_format(ind->ref_to, b, sizeof(b));
	mf.reference = qi_period_cmp(ind->ref_from, ind->ref_to) == 0 ?
	    g_strdup(a) : g_strdup_printf("%s..%s", a, b);
	missing = g_string_new(NULL);
	for (j = 0, q = ind->ref_from; j < nq; j++) {
		if (!seen[j]) {
			qi_period_format(q, a, sizeof(a));
			g_string_append_printf(missing, "%s%s",
			    missing->len ? ", " : "", a);
		}
		if (++q.q > 4) {
			q.q = 1;
			q.fy++;
		}
	}
	if (any == 0) {
		g_free(mf.reference);
		goto done;
	}
	if (missing->len > 0)
		qi_diag_add(diag, QI_WARNING, ind->file, 0, 0, "give the "
		    "stays (or tallies) of every quarter of "
		    "risk_model.reference, or fix the model with "
		    "risk_model.coefficients", "%s %s: no covariate patterns "
		    "in %s; the risk model is not fitted and no period is "
		    "risk-adjusted", ind->id, mf.reference, missing->str);
	else if ((rc = fit_rows(ind, mf.reference, all, &mf.fit, diag)) !=
	    QI_OK) {
		g_free(mf.reference);
		goto done;
	}
	g_array_append_val(models, mf);
done:
	g_string_free(missing, TRUE);
	g_array_free(all, TRUE);
	g_free(seen);
	return rc;
}

/*
 * The one model of indicator i that adjusts all its periods, appended to
 * models: read from its coefficients file, or fitted on its reference
 * (NULL in *model when that failed).  Returns QI_OK or QI_ESYS.
 */
static enum qi_err
fixed_model(const struct qi_indicator *ind, size_t i,
    const struct qi_tallies *t, GArray *models,
    const struct qi_logit **model, struct qi_diag *diag)
{
	struct qi_riskfit mf;
	size_t before = models->len;
	enum qi_err rc = QI_OK;

	*model = NULL;
	if (ind->risk_coef != NULL) {
		memset(&mf, 0, sizeof(mf));
		mf.indicator = i;
		mf.from = QI_RISK_FILE;
		mf.reference = g_strdup(ind->risk_coef->reference);
		mf.fit = file_model(ind->risk_coef);
		g_array_append_val(models, mf);
	} else if ((rc = reference_model(ind, i, t, models, diag)) != QI_OK)
		return rc;
	if (models->len > before)
		*model = g_array_index(models, struct qi_riskfit,
		    models->len - 1).fit;
	return QI_OK;
}

enum qi_err
qi_riskmodel_apply(struct qi_results *res, const struct qi_tallies *t,
    struct qi_diag *diag)
{
	GHashTable *idx;
	GArray *models;
	const struct qi_indicator *ind;
	const struct qi_logit *model = NULL;
	size_t i, start;
	long cur = -1;
	int fixed = 0;
	enum qi_err rc = QI_OK;

	for (i = 0; i < res->n; i++)
		qi_riskmodel_clear(&res->v[i]);
	models = g_array_new(FALSE, FALSE, sizeof(struct qi_riskfit));
	idx = pattern_index(t);
	for (start = 0, i = 1; i <= res->n && res->n > 0; i++) {
		if (i < res->n && res->v[i].indicator ==
		    res->v[start].indicator && qi_period_cmp(res->v[i].period,
		    res->v[start].period) == 0)
			continue;
		ind = &res->defs->v[res->v[start].indicator];
		if (qi_indicator_adjusted(ind)) {
			/* A fixed model once, at the indicator's first period. */
			if ((long)res->v[start].indicator != cur) {
				cur = (long)res->v[start].indicator;
				fixed = ind->risk_coef != NULL ||
				    ind->risk_reference != NULL;
				model = NULL;
				if (fixed && (rc = fixed_model(ind, (size_t)cur,
				    t, models, &model, diag)) != QI_OK)
					break;
			}
			if ((rc = do_group(res, res->v + start, i - start,
			    idx, t, fixed, model, models, diag)) != QI_OK)
				break;
		}
		start = i;
	}
	g_hash_table_destroy(idx);
	res->nmodels = models->len;
	res->models = (struct qi_riskfit *)(void *)g_array_free(models,
	    FALSE);
	return rc;
}
