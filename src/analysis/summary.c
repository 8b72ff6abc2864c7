/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * summary.c -- group summaries: for each indicator and period with a
 * result, each organisation and both together, how many hospitals are
 * shown and withheld and the mean, standard deviation, median and
 * quartiles of the shown hospitals' published rates (specs/output.md,
 * "summary.csv"), and the writer of summary.csv.  A rate is the value
 * the charts and tables show (qi_result_shown()): the risk-adjusted
 * rate of a risk-adjusted indicator, so that a published result without
 * one (no fitted model) is neither shown nor withheld.
 *
 * Only published rates (status ok) enter a statistic, so a summary says
 * nothing a reader could not compute from the published table
 * (specs/publication.md, "Group summaries").
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "analysis_impl.h"
#include "emit.h"

/* R's quantile(x, p, type = 7) of sorted x[0..n-1], n >= 1. */
static double
quantile7(const double *x, size_t n, double p)
{
	double h = (double)(n - 1) * p, lo = floor(h);
	size_t i = (size_t)lo;

	if (i + 1 >= n)
		return x[n - 1];
	return x[i] + (h - lo) * (x[i + 1] - x[i]);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

void
qi_summary_stats(double *x, size_t n, struct qi_summary *s)
{
	long double sum = 0, t = 0, m, ss = 0;
	size_t i;

	s->mean = s->sd = s->median = s->q1 = s->q3 = NAN;
	if (n == 0)
		return;
	qsort(x, n, sizeof(*x), cmp_double);
	/* as R's mean(): a long double sum, then one correcting pass */
	for (i = 0; i < n; i++)
		sum += x[i];
	m = sum / (long double)n;
	for (i = 0; i < n; i++)
		t += x[i] - m;
	m += t / (long double)n;
	s->mean = (double)m;
	if (n >= 2) {
		for (i = 0; i < n; i++)
			ss += (x[i] - m) * (x[i] - m);
		s->sd = sqrt((double)(ss / (long double)(n - 1)));
	}
	/* R's median(): the middle value, or the mean of the two middle */
	s->median = n % 2 == 1 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
	s->q1 = quantile7(x, n, 0.25);
	s->q3 = quantile7(x, n, 0.75);
}

/* The summary of ind in period per over organisation org (-1: all). */
static void
summarise(const struct qi_results *res, size_t ind, struct qi_period per,
    long org, double *buf, struct qi_summary *s)
{
	const struct qi_result *r;
	char pbuf[16];
	double v, lo, hi;
	size_t i, n = 0;

	qi_period_format(per, pbuf, sizeof(pbuf));
	analysis_trace("summary %s %s %s", res->defs->v[ind].id, pbuf,
	    org < 0 ? "all" : res->reg->orgs[org].code);
	memset(s, 0, sizeof(*s));
	s->indicator = ind;
	s->period = per;
	s->scope = org < 0 ? QI_SCOPE_ALL : QI_SCOPE_ORG;
	s->org = org;
	for (i = 0; i < res->n; i++) {
		r = &res->v[i];
		if (r->indicator != ind || r->scope != QI_SCOPE_HOSPITAL ||
		    qi_period_cmp(r->period, per) != 0 ||
		    (org >= 0 && r->org != org))
			continue;
		switch (r->status) {
		case QI_STATUS_OK:
			qi_result_shown(&res->defs->v[ind], r, &v, &lo, &hi);
			if (isfinite(v))
				buf[n++] = v;
			break;
		case QI_STATUS_SMALL_DENOMINATOR:
		case QI_STATUS_SMALL_NUMERATOR:
		case QI_STATUS_COMPLEMENTARY:
			s->withheld++;
			break;
		case QI_STATUS_EMPTY:
			s->empty++;
			break;
		case QI_STATUS_NO_DATA:
			break;
		}
	}
	s->shown = n;
	qi_summary_stats(buf, n, s);
}

/* Every indicator and period of the results, as analysis_funnels() takes them. */
enum qi_err
analysis_summaries(struct qi_analyses *an, struct qi_diag *diag)
{
	const struct qi_results *res = an->res;
	const struct qi_funnelplot *fp;
	double *buf;
	size_t f, norgs = res->reg->norgs;
	long o;

	(void)diag;
	buf = g_new(double, res->n + 1);
	an->summary = g_new0(struct qi_summary, an->nfunnel * (1 + norgs) + 1);
	for (f = 0; f < an->nfunnel; f++) {
		fp = an->funnel[f];
		for (o = -1; o < (long)norgs; o++)
			summarise(res, fp->indicator, fp->period, o, buf,
			    &an->summary[an->nsummary++]);
	}
	g_free(buf);
	return QI_OK;
}

const struct qi_summary *
qi_analyses_summary(const struct qi_analyses *an, size_t ind,
    struct qi_period p, long org)
{
	size_t i;

	for (i = 0; i < an->nsummary; i++)
		if (an->summary[i].indicator == ind &&
		    an->summary[i].org == org &&
		    qi_period_cmp(an->summary[i].period, p) == 0)
			return &an->summary[i];
	return NULL;
}

void
qi_summary_write_csv(const struct qi_analyses *an, FILE *out)
{
	const struct qi_results *res = an->res;
	const struct qi_summary *s;
	const struct qi_indicator *d;
	char pbuf[16];
	size_t i;

	fputs("indicator,version,period,scope,organisation,shown,withheld,"
	    "empty,mean,sd,median,q1,q3\n", out);
	for (i = 0; i < an->nsummary; i++) {
		s = &an->summary[i];
		d = &res->defs->v[s->indicator];
		qi_period_format(s->period, pbuf, sizeof(pbuf));
		fprintf(out, "%s,%ld,%s,%s,%s,%zu,%zu,%zu,", d->id, d->version,
		    pbuf, qi_name_of(qi_scope_names, (int)s->scope),
		    s->org < 0 ? "" : res->reg->orgs[s->org].code, s->shown,
		    s->withheld, s->empty);
		qi_emit_csv_real(out, s->mean, 15);
		putc(',', out);
		qi_emit_csv_real(out, s->sd, 15);
		putc(',', out);
		qi_emit_csv_real(out, s->median, 15);
		putc(',', out);
		qi_emit_csv_real(out, s->q1, 15);
		putc(',', out);
		qi_emit_csv_real(out, s->q3, 15);
		putc('\n', out);
	}
}
