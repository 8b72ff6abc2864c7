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
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "qi.h"

void
qi_trend_free(struct qi_trend *t)
{
	if (t == NULL)
		return;
	free(t->v);
	free(t);
}

/* Does result r belong to the series (indicator, scope, org, hospital)? */
static int
in_series(const struct qi_result *r, size_t ind, enum qi_scope scope,
    long org, long hosp)
{
	if (r->indicator != ind || r->scope != scope || r->period.q == 0)
		return 0;
	if (scope == QI_SCOPE_ORG && r->org != org)
		return 0;
	if (scope == QI_SCOPE_HOSPITAL && r->hospital != hosp)
		return 0;
	return 1;
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

enum qi_err
qi_trend_compute(const struct qi_results *res, size_t ind,
    enum qi_scope scope, long org, long hosp, struct qi_trend **out,
    struct qi_diag *diag)
{
	const struct qi_indicator *d = &res->defs->v[ind];
	int rate = d->kind == QI_KIND_RATE;
	const struct qi_result *r;
	struct qi_trend_point *p;
	struct qi_trend *t;
	double *x = NULL, *n = NULL, *lo = NULL, *hi = NULL, sz;
	size_t i, k;

	*out = NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    (t->v = calloc(res->n + 1, sizeof(*t->v))) == NULL)
		goto nomem;
	t->indicator = ind;
	t->scope = scope;
	t->org = org;
	t->hospital = hosp;
	t->cl = t->sigma_z = NAN;
	for (i = 0; i < res->n; i++) {
		r = &res->v[i];
		if (!in_series(r, ind, scope, org, hosp) ||
		    r->status != QI_STATUS_OK || !((rate ? r->exposure :
		    (double)r->denominator) > 0))
			continue;
		p = &t->v[t->n++];
		p->result = i;
		p->period = r->period;
		p->x = (double)r->numerator;
		p->n = rate ? r->exposure : (double)r->denominator;
		p->rate = p->x / p->n;
	}
	qsort(t->v, t->n, sizeof(*t->v), point_cmp);
	/* Rolling four quarters: the point and the three before it. */
	for (i = 0; i < t->n; i++) {
		p = &t->v[i];
		p->roll_x = p->roll_n = p->roll_rate = NAN;
		p->roll_lo = p->roll_hi = NAN;
		if (i < 3 || quarters_between(t->v[i - 3].period,
		    p->period) != 3)
			continue;
		p->roll_x = p->roll_n = 0;
		for (k = i - 3; k <= i; k++) {
			p->roll_x += t->v[k].x;
			p->roll_n += t->v[k].n;
		}
		p->roll_rate = p->roll_x / p->roll_n;
		if ((rate ? qi_ci_poisson(d->rate_method, p->roll_x,
		    p->roll_n, d->level, &p->roll_lo, &p->roll_hi) :
		    qi_ci_proportion(d->method, p->roll_x, p->roll_n,
		    d->level, &p->roll_lo, &p->roll_hi)) == -1) {
			qi_diag_add(diag, QI_ERROR, d->file, 0, 0, NULL,
			    "%s: no interval for %g of %g", d->id, p->roll_x,
			    p->roll_n);
			goto fail;
		}
	}
	for (i = 0; i < t->n; i++) {
		p = &t->v[i];
		p->p_lo = p->p_hi = p->pp_lo = p->pp_hi = NAN;
	}
	if (t->n < 2)
		goto done;
	if ((x = calloc(t->n, sizeof(*x))) == NULL ||
	    (n = calloc(t->n, sizeof(*n))) == NULL ||
	    (lo = calloc(t->n, sizeof(*lo))) == NULL ||
	    (hi = calloc(t->n, sizeof(*hi))) == NULL)
		goto nomem;
	for (i = 0; i < t->n; i++) {
		x[i] = t->v[i].x;
		n[i] = t->v[i].n;
	}
	if (qi_spc_limits(rate ? QI_SPC_U : QI_SPC_P, x, n, t->n,
	    QI_SPC_SIGMA, &t->cl, &sz, lo, hi) == -1)
		goto badspc;
	for (i = 0; i < t->n; i++) {
		t->v[i].p_lo = lo[i];
		t->v[i].p_hi = hi[i];
	}
	if (qi_spc_limits(rate ? QI_SPC_U_LANEY : QI_SPC_P_LANEY, x, n, t->n,
	    QI_SPC_SIGMA, &t->cl, &t->sigma_z, lo, hi) == -1)
		goto badspc;
	for (i = 0; i < t->n; i++) {
		p = &t->v[i];
		p->pp_lo = lo[i];
		p->pp_hi = hi[i];
		p->signal = p->rate > p->pp_hi ? 1 : p->rate < p->pp_lo ? -1 : 0;
	}
done:
	free(x);
	free(n);
	free(lo);
	free(hi);
	*out = t;
	return QI_OK;
badspc:
	qi_diag_add(diag, QI_ERROR, d->file, 0, 0, NULL,
	    "%s: control limits cannot be computed", d->id);
	goto fail;
nomem:
	qi_diag_add(diag, QI_ERROR, NULL, 0, 0, NULL, "out of memory");
	free(x);
	free(n);
	free(lo);
	free(hi);
	qi_trend_free(t);
	return QI_ESYS;
fail:
	free(x);
	free(n);
	free(lo);
	free(hi);
	qi_trend_free(t);
	return QI_EINPUT;
}

static void
csv_real(FILE *fp, double v)
{
	if (!isnan(v))
		fprintf(fp, "%.15g", v);
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
		fprintf(fp, "%s,%ld,%s,%s,%s,%s,%.0f,%.15g,", d->id, d->version,
		    qi_name_of(qi_scope_names, (int)t->scope),
		    t->scope == QI_SCOPE_ALL ? "" :
		    reg->orgs[t->scope == QI_SCOPE_ORG ? (size_t)t->org :
		    reg->hosps[t->hospital].org].code,
		    t->scope == QI_SCOPE_HOSPITAL ? reg->hosps[t->hospital].id :
		    "", pbuf, p->x, p->n);	/* n: exposure of a rate */
		csv_real(fp, p->rate);
		putc(',', fp);
		if (!isnan(p->roll_x))
			fprintf(fp, "%.0f,%.15g,", p->roll_x, p->roll_n);
		else
			fputs(",,", fp);
		csv_real(fp, p->roll_rate);
		putc(',', fp);
		csv_real(fp, p->roll_lo);
		putc(',', fp);
		csv_real(fp, p->roll_hi);
		putc(',', fp);
		csv_real(fp, t->cl);
		putc(',', fp);
		csv_real(fp, p->p_lo);
		putc(',', fp);
		csv_real(fp, p->p_hi);
		putc(',', fp);
		csv_real(fp, t->sigma_z);
		putc(',', fp);
		csv_real(fp, p->pp_lo);
		putc(',', fp);
		csv_real(fp, p->pp_hi);
		fprintf(fp, ",%s\n", t->n < 2 ? "" : p->signal > 0 ? "above" :
		    p->signal < 0 ? "below" : "within");
	}
}

enum qi_err
qi_trend_write_csv(const struct qi_results *res, FILE *fp,
    struct qi_diag *diag)
{
	const struct qi_registry *reg = res->reg;
	struct qi_trend *t;
	size_t ind, i, nseries = 1 + reg->norgs + reg->nhosps;
	enum qi_err rc;

	fputs("indicator,version,scope,organisation,hospital,period,"
	    "numerator,denominator,rate,rolling_numerator,"
	    "rolling_denominator,rolling_rate,rolling_lower,rolling_upper,"
	    "cl,p_lower,p_upper,sigma_z,pp_lower,pp_upper,signal\n", fp);
	for (ind = 0; ind < res->defs->n; ind++)
		for (i = 0; i < nseries; i++) {
			if (i == 0)
				rc = qi_trend_compute(res, ind, QI_SCOPE_ALL,
				    -1, -1, &t, diag);
			else if (i <= reg->norgs)
				rc = qi_trend_compute(res, ind, QI_SCOPE_ORG,
				    (long)(i - 1), -1, &t, diag);
			else
				rc = qi_trend_compute(res, ind,
				    QI_SCOPE_HOSPITAL, -1,
				    (long)(i - 1 - reg->norgs), &t, diag);
			if (rc != QI_OK)
				return rc;
			write_series(fp, res, t);
			qi_trend_free(t);
		}
	return QI_OK;
}
