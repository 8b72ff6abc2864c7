/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * analysis_impl.h -- private to the analysis stage: the parts of
 * qi_analyses_compute() that funnel.c, summary.c and trend.c own, and the trace
 * every analysis writes when it is computed.
 */
#ifndef QI_ANALYSIS_IMPL_H
#define QI_ANALYSIS_IMPL_H

#include "analysis.h"

/* Every funnel analysis of an->res into an->funnel (funnel.c). */
enum qi_err	 analysis_funnels(struct qi_analyses *, struct qi_diag *);
/* Every trend series of an->res and an->history into an->trend (trend.c). */
enum qi_err	 analysis_trends(struct qi_analyses *, struct qi_diag *);
/* Every group summary of an->res into an->summary, after the funnels
   (summary.c). */
enum qi_err	 analysis_summaries(struct qi_analyses *, struct qi_diag *);
/* Every hospital's VLAD of each risk-modelled indicator into an->vlad
   (vlad.c). */
enum qi_err	 analysis_vlads(struct qi_analyses *, struct qi_diag *);
/* One line to the trace file, if qi_analysis_trace() set one. */
void		 analysis_trace(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));

#endif /* QI_ANALYSIS_IMPL_H */
