/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * analyses.c -- every analysis of a run's published results, computed
 * once (analysis.h): the funnel analyses (funnel.c), the group
 * summaries (summary.c) and the trends (trend.c), looked up by what they
 * are about by the writers of funnel.csv, summary.csv and trend.csv, the
 * charts and the sites.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#include "analysis_impl.h"

static FILE	*trace;		/* borrowed; NULL: no trace */

void
qi_analysis_trace(FILE *fp)
{
	trace = fp;
}

void
analysis_trace(const char *fmt, ...)
{
	va_list ap;

	if (trace == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(trace, fmt, ap);
	va_end(ap);
	putc('\n', trace);
}

enum qi_err
qi_analyses_compute(const struct qi_results *res,
    const struct qi_history *history, struct qi_analyses **out,
    struct qi_diag *diag)
{
	struct qi_analyses *an;
	enum qi_err rc;

	*out = NULL;
	an = g_new0(struct qi_analyses, 1);
	an->res = res;
	an->history = history;
	if ((rc = analysis_funnels(an, diag)) != QI_OK ||
	    (rc = analysis_summaries(an, diag)) != QI_OK ||
	    (rc = analysis_trends(an, diag)) != QI_OK ||
	    (rc = analysis_vlads(an, diag)) != QI_OK) {
		qi_analyses_free(an);
		return rc;
	}
	*out = an;
	return QI_OK;
}

void
qi_analyses_free(struct qi_analyses *an)
{
	size_t i;

	if (an == NULL)
		return;
	for (i = 0; i < an->nfunnel; i++)
		qi_funnelplot_free(an->funnel[i]);
	for (i = 0; i < an->ntrend; i++)
		qi_trend_free(an->trend[i]);
	for (i = 0; i < an->nvlad; i++)
		qi_vlad_free(an->vlad[i]);
	g_free(an->vlad);
	g_free(an->funnel);
	g_free(an->trend);
	g_free(an->summary);
	g_free(an);
}

const struct qi_funnelplot *
qi_analyses_funnel(const struct qi_analyses *an, size_t ind,
    struct qi_period p)
{
	size_t i;

	for (i = 0; i < an->nfunnel; i++)
		if (an->funnel[i]->indicator == ind &&
		    qi_period_cmp(an->funnel[i]->period, p) == 0)
			return an->funnel[i];
	return NULL;
}

const struct qi_trend *
qi_analyses_trend(const struct qi_analyses *an, size_t ind,
    enum qi_scope scope, long org, long hosp)
{
	const struct qi_registry *reg = an->res->reg;
	size_t s;

	switch (scope) {
	case QI_SCOPE_ALL:
		s = 0;
		break;
	case QI_SCOPE_ORG:
		if (org < 0 || (size_t)org >= reg->norgs)
			return NULL;
		s = 1 + (size_t)org;
		break;
	default:
		if (hosp < 0 || (size_t)hosp >= reg->nhosps)
			return NULL;
		s = 1 + reg->norgs + (size_t)hosp;
		break;
	}
	s += ind * qi_trend_nseries(reg);
	return ind < an->res->defs->n && s < an->ntrend ? an->trend[s] : NULL;
}
