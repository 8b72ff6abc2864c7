/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * vlad.c -- the variable life-adjusted display (VLAD) of each hospital
 * for each risk-modelled indicator: the hospital's quarters of the
 * current run in time order, each quarter's observed events O and
 * expected events E (riskmodel.c), and the running sum of E - O.
 * specs/statistics.md, "VLAD".
 *
 * Disclosure (specs/publication.md §5, "VLAD"): only a quarter whose
 * result is published is a point -- ok, with its numerator and expected
 * count, or empty (no eligible patients: 0 and 0).  A withheld quarter
 * is no point and adds nothing, so the running sum is a sum of published
 * quarters and the difference of two consecutive points is the later
 * quarter's published E - O: nothing a reader could not take from
 * results.csv.
 *
 * The quarters of --history files take no part: each run fits its own
 * risk models, and expected counts of two runs are not of one model.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "analysis_impl.h"
#include "emit.h"

void
qi_vlad_free(struct qi_vlad *v)
{
	if (v == NULL)
		return;
	g_free(v->v);
	g_free(v->rows);
	g_free(v->quarters);
	g_free(v);
}

int
qi_vlad_applies(const struct qi_indicator *d)
{
	return d->kind == QI_KIND_PROPORTION && d->ncovariates > 0;
}

/* Quarter r of a hospital as the next point of v, or counted withheld. */
static void
add_point(struct qi_vlad *v, const struct qi_results *res, size_t i)
{
	const struct qi_result *r = &res->v[i];
	struct qi_vlad_point *p;
	double o, e;

	switch (r->status) {
	case QI_STATUS_OK:
		o = (double)r->numerator;
		e = r->expected;
		if (!isfinite(e)) {
			v->unmodelled++;
			return;
		}
		break;
	case QI_STATUS_EMPTY:
		o = e = 0;	/* no eligible patient: nothing observed or
				   expected */
		break;
	case QI_STATUS_NO_DATA:
		return;
	default:
		v->withheld++;
		return;
	}
	p = &v->v[v->n];
	p->result = i;
	p->period = r->period;
	p->observed = o;
	p->expected = e;
	p->cum = (v->n > 0 ? v->v[v->n - 1].cum : 0) + (e - o);
	v->n++;
}

/*
 * The VLAD of indicator ind for hospital hosp from the rows rows[0..nrows)
 * of res (its quarters, in results order: by period).
 */
static struct qi_vlad *
vlad_of(const struct qi_results *res, size_t ind, long hosp,
    const size_t *rows, size_t nrows, const GArray *quarters)
{
	struct qi_vlad *v;
	size_t j;

	analysis_trace("vlad %s %s", res->defs->v[ind].id,
	    res->reg->hosps[hosp].id);
	v = g_new0(struct qi_vlad, 1);
	v->indicator = ind;
	v->hospital = hosp;
	v->v = g_new0(struct qi_vlad_point, nrows + 1);
	for (j = 0; j < nrows; j++)
		add_point(v, res, rows[j]);
	v->rows = g_new0(size_t, nrows + 1);
	if (nrows > 0)
		memcpy(v->rows, rows, nrows * sizeof(*rows));
	v->nrows = nrows;
	v->nquarters = quarters->len;
	v->quarters = g_new0(struct qi_period, quarters->len + 1);
	if (quarters->len > 0)
		memcpy(v->quarters, quarters->data, quarters->len *
		    sizeof(struct qi_period));
	return v;
}

static int
row_cmp(gconstpointer a, gconstpointer b, gpointer data)
{
	const struct qi_result *v = data;
	const struct qi_result *p = &v[*(const size_t *)a];
	const struct qi_result *q = &v[*(const size_t *)b];
	int c = qi_period_cmp(p->period, q->period);

	return c != 0 ? c : (*(const size_t *)a > *(const size_t *)b) -
	    (*(const size_t *)a < *(const size_t *)b);
}

/*
 * Every hospital of every risk-modelled indicator, its quarters found in
 * one walk over the results.
 */
enum qi_err
analysis_vlads(struct qi_analyses *an, struct qi_diag *diag)
{
	const struct qi_results *res = an->res;
	size_t nh = res->reg->nhosps, nb = res->defs->n * nh, i, b;
	GArray **rows, **quarters;
	const struct qi_result *r;

	(void)diag;
	an->vlad = g_new0(struct qi_vlad *, nb + 1);
	an->nvlad = nb;
	rows = g_new0(GArray *, nb + 1);
	quarters = g_new0(GArray *, res->defs->n + 1);
	for (i = 0; i < res->defs->n; i++)
		quarters[i] = g_array_new(FALSE, FALSE,
		    sizeof(struct qi_period));
	for (i = 0; i < res->n; i++) {
		r = &res->v[i];
		if (r->scope == QI_SCOPE_ALL && r->period.q != 0 &&
		    r->indicator < res->defs->n &&
		    r->status != QI_STATUS_NO_DATA)
			g_array_append_val(quarters[r->indicator], r->period);
		if (r->scope != QI_SCOPE_HOSPITAL || r->period.q == 0 ||
		    r->indicator >= res->defs->n || r->hospital < 0 ||
		    (size_t)r->hospital >= nh ||
		    !qi_vlad_applies(&res->defs->v[r->indicator]))
			continue;
		b = r->indicator * nh + (size_t)r->hospital;
		if (rows[b] == NULL)
			rows[b] = g_array_new(FALSE, FALSE, sizeof(size_t));
		g_array_append_val(rows[b], i);
	}
	for (b = 0; b < nb; b++) {
		if (!qi_vlad_applies(&res->defs->v[b / nh]))
			continue;
		if (rows[b] != NULL)
			g_array_sort_with_data(rows[b], row_cmp,
			    (gpointer)res->v);
		an->vlad[b] = vlad_of(res, b / nh, (long)(b % nh),
		    rows[b] != NULL ? (const size_t *)(void *)rows[b]->data :
		    NULL, rows[b] != NULL ? rows[b]->len : 0, quarters[b / nh]);
		if (rows[b] != NULL)
			g_array_free(rows[b], TRUE);
	}
	for (i = 0; i < res->defs->n; i++)
		g_array_free(quarters[i], TRUE);
	g_free(quarters);
	g_free(rows);
	return QI_OK;
}

const struct qi_vlad *
qi_analyses_vlad(const struct qi_analyses *an, size_t ind, long hosp)
{
	size_t nh = an->res->reg->nhosps;

	if (ind >= an->res->defs->n || hosp < 0 || (size_t)hosp >= nh ||
	    ind * nh + (size_t)hosp >= an->nvlad)
		return NULL;
	return an->vlad[ind * nh + (size_t)hosp];
}

void
qi_vlad_write_csv(const struct qi_analyses *an, FILE *fp)
{
	const struct qi_results *res = an->res;
	const struct qi_registry *reg = res->reg;
	const struct qi_vlad_point *p;
	const struct qi_indicator *d;
	const struct qi_vlad *v;
	char pbuf[16];
	size_t i, k;

	fputs("indicator,version,organisation,hospital,period,observed,"
	    "expected,difference,cumulative\n", fp);
	for (i = 0; i < an->nvlad; i++) {
		if ((v = an->vlad[i]) == NULL)
			continue;
		d = &res->defs->v[v->indicator];
		for (k = 0; k < v->n; k++) {
			p = &v->v[k];
			qi_period_format(p->period, pbuf, sizeof(pbuf));
			fprintf(fp, "%s,%ld,%s,%s,%s,%.0f,", d->id, d->version,
			    reg->orgs[reg->hosps[v->hospital].org].code,
			    reg->hosps[v->hospital].id, pbuf, p->observed);
			qi_emit_csv_real(fp, p->expected, 15);
			putc(',', fp);
			qi_emit_csv_real(fp, p->expected - p->observed, 15);
			putc(',', fp);
			qi_emit_csv_real(fp, p->cum, 15);
			putc('\n', fp);
		}
	}
}
