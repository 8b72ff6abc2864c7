/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * riskmodel.c -- risk-adjusted results: the logistic risk model of an
 * indicator (logit.c) fitted per period on the pooled covariate patterns
 * of both organisations' hospitals, and each hospital's, organisation's
 * and both organisations' observed and expected events under it
 * (riskadj.c), with the interval of O/E from qi_ci_poisson().
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

/* The design matrix of rows: intercept, then bit i of the pattern. */
static void
design(const struct row *r, size_t k, size_t p, double *x, double *y,
    double *n)
{
	size_t i, j;

	for (i = 0; i < k; i++) {
		x[i * p] = 1.0;
		for (j = 1; j < p; j++)
			x[i * p + j] = (r[i].pattern >> (j - 1)) & 1ul ? 1.0 :
			    0.0;
		y[i] = r[i].y;
		n[i] = r[i].n;
	}
}

/* The first message of d without its location, for a hint. */
static char *
first_message(const struct qi_diag *d)
{
	char *buf = NULL, *nl, *s;
	size_t len = 0;
	FILE *fp;

	if ((fp = open_memstream(&buf, &len)) == NULL)
		return g_strdup("");
	qi_diag_print(d, fp);
	fclose(fp);
	if (buf == NULL)
		return g_strdup("");
	if ((nl = strchr(buf, '\n')) != NULL)
		*nl = '\0';
	/* "qi: FILE: error: MESSAGE": the message only */
	s = g_strdup((nl = strstr(buf, "error: ")) != NULL ? nl + 7 : buf);
	free(buf);
	return s;
}

/*
 * Observed and expected of rows under fit into r, with the intervals.
 * Returns -1 only if an interval failed.
 */
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
	design(rows, k, p, x, y, n);
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
 * One indicator and period: results v[0..m).  Returns QI_OK (the fit may
 * have failed: then a warning), QI_ESYS otherwise.
 */
static enum qi_err
do_group(struct qi_results *res, struct qi_result *v, size_t m,
    GHashTable *idx, const struct qi_tallies *t, GArray *models,
    struct qi_diag *diag)
{
	const struct qi_indicator *ind = &res->defs->v[v[0].indicator];
	const struct qi_registry *reg = res->reg;
	struct qi_riskfit mf;
	struct qi_logit_opts opts;
	struct qi_diag *fd = NULL;
	GArray **hrows, *all, *org;
	const char **names = NULL;
	double *x = NULL, *y = NULL, *n = NULL, sn, sy;
	size_t i, j, o, p = ind->ncovariates + 1, npat = 0;
	char label[16], *hint;
	enum qi_err rc = QI_OK;

	qi_period_format(v[0].period, label, sizeof(label));
	hrows = g_new0(GArray *, m);
	all = g_array_new(FALSE, FALSE, sizeof(struct row));
	org = g_array_new(FALSE, FALSE, sizeof(struct row));
	for (i = 0; i < m; i++) {
		if (v[i].scope != QI_SCOPE_HOSPITAL)
			continue;
		hrows[i] = g_array_new(FALSE, FALSE, sizeof(struct row));
		hospital_rows(idx, t, v[i].indicator, (size_t)v[i].hospital,
		    v[i].period, hrows[i]);
		npat += hrows[i]->len;
	}
	if (npat == 0)
		goto done;	/* no patterns: counts without patient data */
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
			goto done;
		}
		g_array_append_vals(all, hrows[i]->data, hrows[i]->len);
	}
	merge_rows(all);

	x = g_new(double, all->len * p);
	y = g_new(double, all->len);
	n = g_new(double, all->len);
	design((const struct row *)(void *)all->data, all->len, p, x, y, n);
	names = g_new(const char *, p);
	names[0] = "(intercept)";
	for (j = 1; j < p; j++)
		names[j] = ind->covariates[j - 1].name;
	qi_logit_opts_defaults(&opts);
	fd = qi_diag_alloc();
	memset(&mf, 0, sizeof(mf));
	mf.indicator = v[0].indicator;
	mf.period = v[0].period;
	switch (qi_logit_fit(all->len, p, x, y, n, names, ind->file, &opts,
	    &mf.fit, fd)) {
	case QI_OK:
		break;
	case QI_EINPUT:
		hint = first_message(fd);
		qi_diag_add(diag, QI_WARNING, ind->file, 0, 0, hint,
		    "%s %s: the risk model could not be fitted; its "
		    "risk-adjusted results are left empty", ind->id, label);
		g_free(hint);
		g_array_append_val(models, mf);
		goto done;
	default:
		qi_diag_add(diag, QI_ERROR, ind->file, 0, 0, NULL,
		    "%s %s: fitting the risk model failed", ind->id, label);
		rc = QI_ESYS;
		goto done;
	}
	g_array_append_val(models, mf);

	/* Hospitals, then each organisation and both from their rows. */
	for (i = 0; i < m; i++)
		if (v[i].scope == QI_SCOPE_HOSPITAL && adjust(&v[i], mf.fit,
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
		if (adjust(&v[i], mf.fit, ind, (const struct row *)(void *)
		    org->data, org->len, reg, diag) == -1)
			rc = QI_ESYS;
	}
done:
	for (i = 0; i < m; i++)
		if (hrows[i] != NULL)
			g_array_free(hrows[i], TRUE);
	g_free(hrows);
	g_array_free(all, TRUE);
	g_array_free(org, TRUE);
	g_free(x);
	g_free(y);
	g_free(n);
	g_free(names);
	if (fd != NULL)
		qi_diag_free(fd);
	return rc;
}

enum qi_err
qi_riskmodel_apply(struct qi_results *res, const struct qi_tallies *t,
    struct qi_diag *diag)
{
	GHashTable *idx;
	GArray *models;
	const struct qi_indicator *ind;
	size_t i, start;
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
		if (ind->ncovariates > 0 && ind->kind == QI_KIND_PROPORTION &&
		    (rc = do_group(res, res->v + start, i - start, idx, t,
		    models, diag)) != QI_OK)
			break;
		start = i;
	}
	g_hash_table_destroy(idx);
	res->nmodels = models->len;
	res->models = (struct qi_riskfit *)(void *)g_array_free(models,
	    FALSE);
	return rc;
}
