/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * render.h -- charts from published results: each chart kind's input
 * built from the results (render.c), and the set of charts a run writes.
 */
#ifndef QI_RENDER_H
#define QI_RENDER_H

#include "chart.h"

/* Chart kinds of a run (bits of qi_rendercfg.kinds). */
#define QI_CHART_CATERPILLAR	0x01u	/* per indicator and fiscal year */
#define QI_CHART_FUNNEL		0x02u	/* per indicator and fiscal year */
#define QI_CHART_COMPARE		0x04u	/* per indicator, fiscal years */
#define QI_CHART_TREND		0x08u	/* per indicator, quarters */
#define QI_CHART_PROFILE		0x10u	/* per hospital, latest fiscal year */
#define QI_CHART_SPC		0x20u	/* per indicator and hospital: its
					   Laney p' (u') chart over quarters */
#define QI_CHART_VLAD		0x40u	/* per risk-modelled indicator and
					   hospital: cumulative E - O over
					   quarters */

/* What a run draws.  Fill with qi_rendercfg_defaults(). */
struct qi_rendercfg {
	int		 formats[3];	/* PNG, PDF, SVG wanted (PNG, PDF) */
	int		 png2x;		/* also NAME@2x.png (0) */
	int		 progress;	/* a progress line, indicator by
					   indicator (progress.h: only on a
					   terminal) (0) */
	const char	*lang;		/* "ja" (default) or "en" */
	unsigned	 kinds;		/* QI_CHART_* (all but PROFILE) */
	long		 indicator;	/* only this index, or -1 (default) */
	int		 has_period;	/* only period (0) */
	struct qi_period period;
};

void		 qi_rendercfg_defaults(struct qi_rendercfg *);

/*
 * Write dir/charts/: ID_PERIOD (caterpillar), ID_PERIOD_funnel,
 * ID_compare (fiscal years), ID_trend (quarters), HID_PERIOD_profile,
 * ID_HID_spc (hospitals with two or more published quarters),
 * ID_HID_vlad (risk-modelled indicators, hospitals with a VLAD point),
 * each as .png (and @2x.png), .pdf, .svg as configured.  *ndrawn (may
 * be NULL) counts the charts drawn, each in all its formats once.
 */
enum qi_err	 qi_render_charts(const char *dir, const struct qi_analyses *,
		    const struct qi_rendercfg *, size_t *ndrawn,
		    struct qi_diag *);

/*
 * One chart of each kind (qi_chart_write() for path and format), from
 * the analyses computed once (qi_analyses_compute()).
 */
enum qi_err	 qi_render_funnel(const char *path, enum qi_format,
		    const struct qi_analyses *, size_t ind, struct qi_period,
		    const struct qi_chartcfg *,
		    struct qi_diag *);
/*
 * The input of the comparison chart (quarters = 0: fiscal years of the
 * current run) or of the trend chart (quarters = 1: the quarters of the
 * current run and of its history, each with its definition version in
 * s->versions).  Release with qi_render_series_free().
 */
void		 qi_render_series(const struct qi_analyses *, size_t ind,
		    int quarters, struct qi_orgseries *s);
void		 qi_render_series_free(struct qi_orgseries *);
/* Organisations over fiscal years (quarters = 0: comparison chart) or
   over quarters (quarters = 1: trend chart). */
enum qi_err	 qi_render_compare(const char *path, enum qi_format,
		    const struct qi_analyses *, size_t ind, int quarters,
		    const struct qi_chartcfg *, struct qi_diag *);
enum qi_err	 qi_render_profile(const char *path, enum qi_format,
		    const struct qi_analyses *, size_t hosp, struct qi_period,
		    const struct qi_chartcfg *, struct qi_diag *);
/*
 * The input of hospital hosp's SPC chart of indicator ind: every quarter
 * of the indicator (its history's too) on the axis; the hospital's
 * value, Laney p' (u') limits and centre line (trend.c, those of the
 * point's version segment) where it has a published point, NaN
 * elsewhere; each quarter's version the point's, else the pooled
 * results'.  en: the hospital's name in English.  On QI_OK the arrays
 * are owned by *in: release with qi_render_spc_input_free().  Errors of
 * qi_trend_compute() are passed on (*in zeroed).
 */
enum qi_err	 qi_render_spc_input(const struct qi_analyses *, size_t ind,
		    size_t hosp, int en, struct qi_spc_input *in,
		    struct qi_diag *);
void		 qi_render_spc_input_free(struct qi_spc_input *);
/* One hospital's Laney p' (u' for rates) chart over the quarters, its
   history's too: centre line and limits of each definition version's
   segment, one centre-line piece per version (qi_render_spc_input()). */
enum qi_err	 qi_render_spc(const char *path, enum qi_format,
		    const struct qi_analyses *, size_t ind, size_t hosp,
		    const struct qi_chartcfg *, struct qi_diag *);

/*
 * The input of hospital hosp's VLAD chart of indicator ind (analysis.h,
 * struct qi_vlad): the current run's quarters of the indicator with
 * data on the axis; the cumulative E - O, O and E at the hospital's
 * points, NaN elsewhere; its withheld quarters counted by reason.  en:
 * the hospital's name in English.  QI_EINPUT when ind has no risk model.
 * On QI_OK release with qi_render_vlad_input_free().
 */
enum qi_err	 qi_render_vlad_input(const struct qi_analyses *, size_t ind,
		    size_t hosp, int en, struct qi_vlad_input *in,
		    struct qi_diag *);
void		 qi_render_vlad_input_free(struct qi_vlad_input *);
/*
 * Has indicator ind a quarter with data (a result that is not no_data),
 * in the run or its history: the trend chart has something to show.
 */
int		 qi_render_has_trend(const struct qi_analyses *, size_t ind);
/* Whether hospital hosp has a VLAD chart of ind: a risk model and at
   least one point of a published quarter with patients (not only
   empty quarters). */
int		 qi_render_has_vlad(const struct qi_analyses *, size_t ind,
		    size_t hosp);
enum qi_err	 qi_render_vlad(const char *path, enum qi_format,
		    const struct qi_analyses *, size_t ind, size_t hosp,
		    const struct qi_chartcfg *, struct qi_diag *);

#endif /* QI_RENDER_H */
