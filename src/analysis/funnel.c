/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * funnel.c -- the funnel analysis of one indicator in one period: the
 * published hospitals against a target, with z-scores, limits at two
 * levels, flags, overdispersion and empirical-Bayes smoothed rates.  The
 * statistics are the stats stage's one funnel composition,
 * qi_funnel_units() (which qi stats funnel prints), and its smoothing;
 * the choices made here (which hospitals, which target) are in
 * specs/statistics.md, "Funnel analysis of results".
 *
 * Only results that are published (status ok) take part: a withheld
 * hospital is neither plotted nor used to estimate overdispersion, so
 * nothing here depends on a value the publication rules hide.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "analysis_impl.h"
#include "emit.h"


void
qi_funnelplot_free(struct qi_funnelplot *fp)
{
	if (fp == NULL)
		return;
	g_free(fp->v);
	g_free(fp);
}

/*
 * What a result puts in the funnel: its volume (the denominator, the
 * exposure of a rate, the expected count of a risk-adjusted indicator)
 * and its events (the numerator: observed events).  0 when it has none.
 */
static double
volume_of(const struct qi_funnelplot *fp, const struct qi_result *r)
{
	double v = fp->ratio ? r->expected : fp->rate ? r->exposure :
	    (double)r->denominator;

	return isfinite(v) ? v : 0.0;
}

/*
 * The scale of the O/E funnel's overdispersion: the counterpart for
 * counts of the proportion's scale the definition names (arcsine ->
 * square root, logit -> log; both variance-stabilising or both
 * log-odds/log), so the one funnel: line serves both funnels.
 */
static enum qi_funnel_scale
ratio_scale(enum qi_funnel_scale sc)
{
	switch (sc) {
	case QI_SCALE_ARCSINE:
		return QI_SCALE_SQRT;
	case QI_SCALE_LOGIT:
		return QI_SCALE_LOG;
	default:
		return sc;
	}
}

int
qi_funnelplot_limits(const struct qi_funnelplot *fp,
    const struct qi_funnelcfg *cfg, double volume, double level, double *lo,
    double *hi, double *adj_lo, double *adj_hi)
{
	(void)cfg;	/* the analysis keeps the specs it was fitted with */
	*adj_lo = *adj_hi = NAN;
	if (qi_funnel_limits_at(&fp->plain, &fp->plain_fit, volume, level, lo,
	    hi) == -1)
		return -1;
	if (fp->od_model == QI_OD_NONE)
		return 0;
	return qi_funnel_limits_at(&fp->widen, &fp->widen_fit, volume, level,
	    adj_lo, adj_hi);
}

/*
 * The statistics of fp's units (hospital volumes n, events x, fp->target
 * fixed) through the one composition, qi_funnel_units(): the plain fit
 * by cfg's method, and a normal fit that estimates overdispersion and
 * widens when the definition asks for it.  Limits go to the units; on a
 * limit that cannot be computed, *bad is the unit.
 */
static enum qi_err
fit_units(struct qi_funnelplot *fp, const struct qi_funnelcfg *cfg,
    const double *x, const double *n, size_t *bad)
{
	struct qi_funnel_row *plain, *widen;
	struct qi_funnel_unit *u;
	enum qi_funnel_err ferr;
	enum qi_err rc = QI_OK;
	size_t i;

	fp->plain = (struct qi_funnel_spec){ .poisson = fp->rate || fp->ratio,
	    .method = cfg->method, .scale = QI_SCALE_RAW, .od = QI_OD_NONE,
	    .trim = cfg->trim, .level = { cfg->inner, cfg->outer },
	    .target = fp->target };
	if (fp->plain.poisson && cfg->method == QI_FUNNEL_WILSON)
		fp->plain.method = QI_FUNNEL_EXACT;	/* Wilson: proportions */
	fp->widen = fp->plain;
	fp->widen.method = QI_FUNNEL_NORMAL;
	fp->widen.scale = fp->ratio ? ratio_scale(cfg->scale) : cfg->scale;
	fp->widen.od_test = cfg->od_test;
	/* phi and tau2 are reported even when no widening is asked for. */
	fp->widen.od = cfg->od != QI_OD_NONE ? cfg->od : QI_OD_MULTIPLICATIVE;
	plain = g_new0(struct qi_funnel_row, fp->n + 1);
	widen = g_new0(struct qi_funnel_row, fp->n + 1);
	if (qi_funnel_units(&fp->plain, x, n, fp->n, &fp->plain_fit,
	    plain) != QI_FUNNEL_OK) {
		for (*bad = 0; *bad + 1 < fp->n && !isnan(plain[*bad].hi[1]) &&
		    !isnan(plain[*bad].lo[0]); (*bad)++)
			;
		rc = QI_EINPUT;
		goto out;
	}
	ferr = qi_funnel_units(&fp->widen, x, n, fp->n, &fp->widen_fit,
	    widen);
	fp->has_od = ferr == QI_FUNNEL_OK;
	if (fp->has_od)
		fp->od = fp->widen_fit.od;
	fp->od_model = fp->has_od && fp->widen_fit.widened &&
	    cfg->od != QI_OD_NONE ? cfg->od : QI_OD_NONE;
	for (i = 0; i < fp->n; i++) {
		u = &fp->v[i];
		u->inner_lo = plain[i].lo[0];
		u->inner_hi = plain[i].hi[0];
		u->outer_lo = plain[i].lo[1];
		u->outer_hi = plain[i].hi[1];
		u->adj_inner_lo = u->adj_inner_hi = NAN;
		u->adj_outer_lo = u->adj_outer_hi = NAN;
		u->flag = plain[i].flag;
		if (fp->od_model == QI_OD_NONE)
			continue;
		u->adj_inner_lo = widen[i].lo[0];
		u->adj_inner_hi = widen[i].hi[0];
		u->adj_outer_lo = widen[i].lo[1];
		u->adj_outer_hi = widen[i].hi[1];
		u->flag = widen[i].flag;
	}
out:
	g_free(plain);
	g_free(widen);
	return rc;
}

enum qi_err
qi_funnelplot_compute(const struct qi_results *res, size_t ind,
    struct qi_period per, const struct qi_funnelcfg *ucfg,
    struct qi_funnelplot **out, struct qi_diag *diag)
{
	struct qi_funnelcfg dcfg;
	const struct qi_funnelcfg *cfg = ucfg;
	const struct qi_result *r, *t;
	struct qi_funnelplot *fp;
	struct qi_funnel_unit *u;
	double *x = NULL, *n = NULL;
	const char *id = res->defs->v[ind].id;
	char pbuf[16];
	size_t i, bad;
	int poisson;
	enum qi_err rc = QI_OK;

	*out = NULL;
	if (cfg == NULL && res->defs->v[ind].funnel != NULL)
		cfg = res->defs->v[ind].funnel;	/* the definition's own */
	if (cfg == NULL) {
		qi_funnelcfg_defaults(&dcfg);
		cfg = &dcfg;
	}
	qi_period_format(per, pbuf, sizeof(pbuf));
	analysis_trace("funnel %s %s", id, pbuf);
	fp = g_new0(struct qi_funnelplot, 1);
	fp->v = g_new0(struct qi_funnel_unit, res->n + 1);
	fp->indicator = ind;
	fp->cfg = *cfg;
	fp->period = per;
	fp->rate = res->defs->v[ind].kind == QI_KIND_RATE;
	/* A risk-adjusted indicator: observed against expected, target 1. */
	fp->ratio = qi_indicator_adjusted(&res->defs->v[ind]);
	poisson = fp->rate || fp->ratio;
	fp->target = fp->ratio ? 1.0 : cfg->target;
	fp->od.phi = fp->od.tau2 = NAN;
	if (qi_kind_location(res->defs->v[ind].kind)) {
		/* No funnel for a mean or a median (statistics.md, "Means"). */
		*out = fp;
		return QI_OK;
	}
	if (isnan(fp->target)) {
		t = qi_results_find(res, ind, per, cfg->target_org == -1 ?
		    QI_SCOPE_ALL : QI_SCOPE_ORG, cfg->target_org, -1);
		if (t == NULL || t->status != QI_STATUS_OK ||
		    !(volume_of(fp, t) > 0)) {
			/* Nothing to compare against: an empty analysis. */
			goto out;
		}
		fp->target = (double)t->numerator / volume_of(fp, t);
	}
	if (!(fp->target >= 0 && (poisson || fp->target <= 1))) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "a proportion is "
		    "between 0 and 1", "%s %s: funnel target %g is not a "
		    "proportion", id, pbuf, fp->target);
		rc = QI_EINPUT;
		goto out;
	}
	for (i = 0; i < res->n; i++) {
		r = &res->v[i];
		if (r->indicator != ind || r->scope != QI_SCOPE_HOSPITAL ||
		    qi_period_cmp(r->period, per) != 0 ||
		    r->status != QI_STATUS_OK || !(volume_of(fp, r) > 0))
			continue;
		u = &fp->v[fp->n++];
		u->result = i;
		u->n = volume_of(fp, r);
		u->rate = (double)r->numerator / u->n;
		u->z = poisson ? qi_funnel_z_poisson((double)r->numerator,
		    u->n, fp->target) : qi_funnel_z_proportion(
		    (double)r->numerator, u->n, fp->target);
		u->se = poisson ? qi_funnel_se_poisson(fp->target, u->n) :
		    qi_funnel_se_proportion(fp->target, u->n);
	}
	x = g_new0(double, fp->n + 1);
	n = g_new0(double, fp->n + 1);
	for (i = 0; i < fp->n; i++) {
		x[i] = (double)res->v[fp->v[i].result].numerator;
		n[i] = fp->v[i].n;
	}
	if (fp->n > 0 && fit_units(fp, cfg, x, n, &bad) != QI_OK) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, NULL, "%s %s: funnel "
		    "limits cannot be computed for hospital %s at volume %g "
		    "around target %g", id, pbuf,
		    res->reg->hosps[res->v[fp->v[bad].result].hospital].id,
		    fp->v[bad].n, fp->target);
		rc = QI_EINPUT;
		goto out;
	}
	/*
	 * Fewer than two hospitals with a z (or a target of 0 or 1): no
	 * test, so the rule (widen when the test rejects) leaves the
	 * limits as they are; funnel.csv and the chart say so.
	 */
	/* Beta-binomial smoothing is for proportions only. */
	fp->has_shrink = !poisson && fp->n >= 2 &&
	    qi_shrink_fit(x, n, fp->n, &fp->shrink) == 0;
	for (i = 0; i < fp->n; i++) {
		u = &fp->v[i];
		u->smoothed = u->reliability = NAN;
		if (fp->has_shrink)
			qi_shrink_unit(&fp->shrink, x[i], n[i], &u->smoothed,
			    &u->reliability);
	}
out:
	g_free(x);
	g_free(n);
	if (rc == QI_OK)
		*out = fp;
	else
		qi_funnelplot_free(fp);
	return rc;
}

/* Distinct periods of indicator ind, in results order. */
static GArray *
periods_of(const struct qi_results *res, size_t ind)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(struct qi_period));
	struct qi_period p;
	size_t i, k;

	for (i = 0; i < res->n; i++) {
		if (res->v[i].indicator != ind)
			continue;
		p = res->v[i].period;
		for (k = 0; k < a->len; k++)
			if (qi_period_cmp(g_array_index(a, struct qi_period,
			    k), p) == 0)
				break;
		if (k == a->len)
			g_array_append_val(a, p);
	}
	return a;
}

/* Every indicator's analysis in each of its periods, the definition's settings. */
enum qi_err
analysis_funnels(struct qi_analyses *an, struct qi_diag *diag)
{
	const struct qi_results *res = an->res;
	struct qi_funnelplot *fp;
	GArray *per;
	size_t ind, k;
	enum qi_err rc = QI_OK;

	for (ind = 0; ind < res->defs->n && rc == QI_OK; ind++) {
		per = periods_of(res, ind);
		an->funnel = g_renew(struct qi_funnelplot *, an->funnel,
		    an->nfunnel + per->len + 1);
		for (k = 0; k < per->len && rc == QI_OK; k++)
			if ((rc = qi_funnelplot_compute(res, ind,
			    g_array_index(per, struct qi_period, k), NULL, &fp,
			    diag)) == QI_OK)
				an->funnel[an->nfunnel++] = fp;
		g_array_free(per, TRUE);
	}
	return rc;
}

void
qi_funnelplot_write_csv(const struct qi_analyses *an, FILE *out)
{
	const struct qi_results *res = an->res;
	const struct qi_funnelplot *fp;
	const struct qi_funnel_unit *u;
	const struct qi_result *r;
	const struct qi_indicator *d;
	char pbuf[16];
	size_t f, i;

	fputs("indicator,version,period,measure,organisation,hospital,volume,"
	    "rate,target,z,inner_lower,inner_upper,outer_lower,outer_upper,"
	    "od_model,scale,phi,tau2,od_p,adj_inner_lower,adj_inner_upper,"
	    "adj_outer_lower,adj_outer_upper,flag,smoothed,reliability\n",
	    out);
	for (f = 0; f < an->nfunnel; f++) {
		fp = an->funnel[f];
		d = &res->defs->v[fp->indicator];
		qi_period_format(fp->period, pbuf, sizeof(pbuf));
		for (i = 0; i < fp->n; i++) {
			u = &fp->v[i];
			r = &res->v[u->result];
			fprintf(out, "%s,%ld,%s,%s,%s,%s,%.15g,", d->id,
			    d->version, pbuf, fp->ratio ? "ratio" : fp->rate ?
			    "rate" : "proportion", res->reg->orgs[r->org].code,
			    res->reg->hosps[r->hospital].id, u->n);
			qi_emit_csv_real(out, u->rate, 15);
			fprintf(out, ",%.15g,", fp->target);
			qi_emit_csv_real(out, u->z, 15);
			fprintf(out, ",%.15g,%.15g,%.15g,%.15g,%s,%s,",
			    u->inner_lo, u->inner_hi, u->outer_lo,
			    u->outer_hi, qi_name_of(qi_od_model_names,
			    (int)fp->od_model), qi_name_of(
			    qi_funnel_scale_names, (int)fp->widen.scale));
			qi_emit_csv_real(out, fp->has_od ? fp->od.phi : NAN, 15);
			putc(',', out);
			qi_emit_csv_real(out, fp->has_od ? fp->od.tau2 : NAN, 15);
			putc(',', out);
			qi_emit_csv_real(out, fp->has_od ? fp->od.p : NAN, 15);
			putc(',', out);
			qi_emit_csv_real(out, u->adj_inner_lo, 15);
			putc(',', out);
			qi_emit_csv_real(out, u->adj_inner_hi, 15);
			putc(',', out);
			qi_emit_csv_real(out, u->adj_outer_lo, 15);
			putc(',', out);
			qi_emit_csv_real(out, u->adj_outer_hi, 15);
			fprintf(out, ",%s,", qi_name_of(qi_funnel_flag_names,
			    (int)u->flag));
			qi_emit_csv_real(out, u->smoothed, 15);
			putc(',', out);
			qi_emit_csv_real(out, u->reliability, 15);
			putc('\n', out);
		}
	}
}
