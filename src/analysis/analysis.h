/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * analysis.h -- what the results say, computed from them and never
 * changing them: the funnel analysis of each indicator and period, the
 * quarterly trends with their control limits, the group summaries of the
 * published hospitals' rates, each hospital's VLAD of a risk-modelled
 * indicator, and the comparison of two variants (variants.h).  The
 * charts and the sites draw these.
 */
#ifndef QI_ANALYSIS_H
#define QI_ANALYSIS_H

#include "results.h"

struct qi_analyses;	/* every analysis of a run, below */

/* ---------------------------------------------------- funnel analysis */

/*
 * One published hospital in a funnel analysis (qi_funnelplot_compute(),
 * with the settings of defs.h's struct qi_funnelcfg).  Rates are
 * proportions, or events per unit of exposure for rate indicators.
 */
struct qi_funnel_unit {
	size_t		 result;	/* index into results->v */
	double		 n;		/* volume: denominator, or exposure */
	double		 rate;		/* numerator / n */
	double		 z, se;		/* z-score and standard error under
					   the target */
	double		 inner_lo, inner_hi; /* limits at n, cfg method */
	double		 outer_lo, outer_hi;
	double		 adj_inner_lo, adj_inner_hi; /* overdispersion-adjusted
					   limits; NaN when not adjusted */
	double		 adj_outer_lo, adj_outer_hi;
	enum qi_funnel_flag flag;	/* against the adjusted limits when
					   adjusted, else the plain ones */
	double		 smoothed;	/* empirical-Bayes rate; NaN if none */
	double		 reliability;	/* its weight n/(n + m), 0..1 */
};

struct qi_funnelplot {
	size_t		 indicator;	/* index into defset */
	struct qi_funnelcfg cfg;	/* the settings it was computed with */
	struct qi_period period;
	int		 rate;		/* kind rate: volumes are exposures,
					   limits Poisson, no smoothing */
	int		 ratio;		/* a risk model: volumes are expected
					   events, rates O/E, target 1,
					   limits Poisson, no smoothing */
	double		 target;	/* proportion, or events per unit of
					   exposure */
	int		 has_od;	/* od was estimated (>= 2 hospitals,
					   0 < target < 1) */
	struct qi_od	 od;
	enum qi_od_model od_model;	/* model applied: none when not
					   asked, not estimable, or phi <= 1 */
	int		 has_shrink;	/* shrink was fitted */
	struct qi_shrink shrink;
	/* As fitted by qi_funnel_units(): plain limits by cfg's method, and
	   normal limits widened by od_model (od estimated even when cfg
	   asks for none). */
	struct qi_funnel_spec plain, widen;
	struct qi_funnel_fit plain_fit, widen_fit;
	struct qi_funnel_unit *v;	/* results order: registry order */
	size_t		 n;
};

/*
 * Analyse indicator ind in period per.  Returns QI_OK and *out (release
 * with qi_funnelplot_free()), QI_EINPUT when the fixed target is not a
 * proportion or a limit cannot be computed, QI_ESYS if memory fails.
 * Without a published pooled rate to serve as target the analysis is
 * empty (target NaN, n = 0).
 */
enum qi_err	 qi_funnelplot_compute(const struct qi_results *, size_t ind,
		    struct qi_period, const struct qi_funnelcfg *,
		    struct qi_funnelplot **, struct qi_diag *);
void		 qi_funnelplot_free(struct qi_funnelplot *);
/*
 * The analysis's limits at any volume (a chart's curves): plain ones by
 * cfg's method, and the adjusted ones (NaN unless od_model is set).
 * cfg must be the one the analysis was computed with.  Returns 0, or -1
 * when the volume is outside the method's domain.
 */
int		 qi_funnelplot_limits(const struct qi_funnelplot *,
		    const struct qi_funnelcfg *, double volume, double level,
		    double *lo, double *hi, double *adj_lo, double *adj_hi);
/*
 * funnel.csv: every funnel analysis of an, one row per published
 * hospital (header first, 15 significant digits, empty for NaN).
 */
void		 qi_funnelplot_write_csv(const struct qi_analyses *, FILE *);

/* -------------------------------------------------------------- trends */

/*
 * Quarterly monitoring of one series: an indicator for one hospital, one
 * organisation or both organisations (specs/statistics.md#trends).
 * Points are the published quarters in time order; rates are
 * proportions.
 */
struct qi_trend_point {
	size_t		 result;	/* index into results->v, or into
					   the history's v if history */
	int		 history;	/* from an earlier run (--history) */
	long		 version;	/* definition version of the point */
	struct qi_period period;	/* a quarter */
	double		 x, n, rate;	/* numerator, denominator (exposure for
					   a rate indicator), x/n */
	double		 roll_x, roll_n; /* the four quarters ending here, when
					   all four are consecutive, published
					   and of one version; NaN otherwise */
	double		 roll_rate, roll_lo, roll_hi; /* and its interval (the
					   method and level of that version:
					   the definition's, or as published) */
	double		 cl, sigma_z;	/* of the point's version segment (a
					   run of points of one version):
					   centre line and Laney's factor;
					   NaN if it has fewer than 2 points */
	double		 p_lo, p_hi;	/* p-chart (u-chart for rates) limits,
					   3 sigma */
	double		 pp_lo, pp_hi;	/* Laney p' (u') limits */
	int		 signal;	/* +1 above, -1 below p', 0 within */
};

struct qi_trend {
	size_t		 indicator;
	enum qi_scope	 scope;
	long		 org;		/* QI_SCOPE_ORG: its index, else -1 */
	long		 hospital;	/* QI_SCOPE_HOSPITAL: its index, else -1 */
	double		 cl;		/* the last version segment's centre
					   line sum x / sum n (each point has
					   its own segment's); NaN if it has
					   fewer than 2 points */
	double		 sigma_z;	/* its Laney's factor; NaN likewise */
	size_t		 nsegments;	/* runs of points of one version */
	struct qi_trend_point *v;
	size_t		 n;
};

void		 qi_trend_free(struct qi_trend *);
/*
 * An indicator's series in the order of trend.csv, numbered from 0: both
 * organisations, then each organisation, then each hospital;
 * qi_trend_nseries() of them.  qi_trend_series() sets series s's scope,
 * organisation and hospital (-1 where its scope has none) as
 * qi_analyses_trend() takes them.
 */
size_t		 qi_trend_nseries(const struct qi_registry *);
void		 qi_trend_series(const struct qi_registry *, size_t s,
		    enum qi_scope *, long *org, long *hosp);
/*
 * trend.csv: every indicator's series for both organisations, each
 * organisation and each hospital, one row per published quarter.
 */
void		 qi_trend_write_csv(const struct qi_analyses *, FILE *);
/*
 * The quarters of indicator ind with a pooled result (scope all or
 * organisation) in the current run or its history, in time order, and
 * the definition version of each (*periods and *versions the caller's
 * to g_free(), also when there are none).  Returns the number.
 */
size_t		 qi_trend_quarters(const struct qi_analyses *, size_t ind,
		    struct qi_period **periods, long **versions);

/*
 * The rows the trend reads: the current run's (i < res->n), then its
 * history's; *version is the row's definition version.  NULL past the
 * last.
 */
const struct qi_result *qi_trend_row(const struct qi_analyses *, size_t i,
		    long *version);
/*
 * The result of (ind, p, scope, org, hosp) as the trend sees it: the
 * current run's, else its history's (quarters only); NULL if neither.
 */
const struct qi_result *qi_trend_find(const struct qi_analyses *, size_t ind,
		    struct qi_period p, enum qi_scope scope, long org,
		    long hosp);

/* ---------------------------------------------------------------- VLAD */

/*
 * The variable life-adjusted display of one risk-modelled indicator (a
 * definition with risk_model covariates) for one hospital
 * (specs/statistics.md#vlad): its quarters of the current run in time
 * order, each with the quarter's observed events O (the numerator) and
 * expected events E (the risk model's sum of p-hat), and the running sum
 * of E - O ("events fewer than expected"; Lovegrove et al. 1997).  Only
 * quarters whose result is published (ok; empty counts 0 and 0) are
 * points, so every number here, and every difference of two, is one a
 * reader has in results.csv already (specs/publication.md §5): a
 * withheld quarter is no point and adds nothing to the sum.
 */
struct qi_vlad_point {
	size_t		 result;	/* index into results->v */
	struct qi_period period;	/* a quarter */
	double		 observed;	/* O: the quarter's numerator */
	double		 expected;	/* E: its expected events */
	double		 cum;		/* sum of E - O over the points up
					   to this one */
};

struct qi_vlad {
	size_t		 indicator;	/* index into defset */
	long		 hospital;	/* index into the registry */
	size_t		 withheld;	/* quarters whose result is withheld:
					   no point */
	size_t		 unmodelled;	/* published quarters without an
					   expected count (no model): no
					   point */
	struct qi_vlad_point *v;	/* time order */
	size_t		 n;
	size_t		*rows;		/* the hospital's quarterly rows of
					   the indicator (indices into
					   results->v), time order; owned */
	size_t		 nrows;
	struct qi_period *quarters;	/* the run's quarters with data of the
					   indicator (a pooled row not
					   no_data), time order; owned */
	size_t		 nquarters;
};

void		 qi_vlad_free(struct qi_vlad *);
/* Whether indicator d has a risk model and so a VLAD per hospital. */
int		 qi_vlad_applies(const struct qi_indicator *d);
/*
 * vlad.csv: every hospital's VLAD of every risk-modelled indicator, one
 * row per point (header first, 15 significant digits).
 */
void		 qi_vlad_write_csv(const struct qi_analyses *, FILE *);

/* ------------------------------------------------------ group summaries */

/*
 * The hospitals of one organisation (or both together) for an indicator
 * in a period (specs/output.md, "summary.csv"): how many are shown
 * (status ok), withheld (suppressed_small_denominator,
 * suppressed_small_numerator, suppressed_complementary) and empty (no
 * eligible patients: neither shown nor withheld), and the mean, standard
 * deviation (n - 1), median and quartiles (R's quantile() type 7) of the
 * shown hospitals' published rates (the rate column: a proportion,
 * events per unit of exposure for kind rate, the mean for kind mean).
 * NaN: every statistic when none is shown, sd when fewer than 2 are.
 */
struct qi_summary {
	size_t		 indicator;	/* index into defset */
	struct qi_period period;
	enum qi_scope	 scope;		/* QI_SCOPE_ALL or QI_SCOPE_ORG */
	long		 org;		/* QI_SCOPE_ORG: its index, else -1 */
	size_t		 shown, withheld, empty;
	double		 mean, sd, median, q1, q3;
};

/*
 * The statistics of x[0..n-1] into s's mean, sd, median, q1 and q3, as
 * R's mean(), sd(), median() and quantile(x, c(.25, .75)) compute them;
 * x is sorted in place.
 */
void		 qi_summary_stats(double *x, size_t n, struct qi_summary *s);
/*
 * summary.csv: every summary of an, by indicator, period as the results
 * list them, then both organisations and each organisation (header
 * first, 15 significant digits, empty for NaN).
 */
void		 qi_summary_write_csv(const struct qi_analyses *, FILE *);

/* ------------------------------------------------------------ analyses */

/*
 * Every analysis of a run's published results, computed once, by
 * qi_analyses_compute(), and read by the writers of funnel.csv,
 * trend.csv and summary.csv, the charts and the sites: the funnel
 * analysis of each indicator and period with a result (each definition's
 * funnel: settings), the group summaries of each indicator and period
 * with a result, and each indicator's quarterly trend for both
 * organisations, each organisation and each hospital, the quarters of
 * earlier runs (--history) joined, and each hospital's VLAD of every
 * indicator with a risk model (the current run's quarters only).  The
 * results and the history are inputs: nothing here changes them.
 */
struct qi_analyses {
	const struct qi_results	*res;		/* borrowed */
	const struct qi_history	*history;	/* borrowed; NULL: none */
	struct qi_funnelplot	**funnel;	/* owned: by indicator, then
						   period as results list them */
	size_t			 nfunnel;
	struct qi_trend		**trend;	/* owned: [indicator *
						   qi_trend_nseries() + series] */
	size_t			 ntrend;
	struct qi_summary	*summary;	/* owned: as funnel, each
						   with all then each
						   organisation */
	size_t			 nsummary;
	struct qi_vlad		**vlad;		/* owned: [indicator * nhosps
						   + hospital], NULL where the
						   indicator has no risk model */
	size_t			 nvlad;
};

/*
 * Compute every analysis of res (history: NULL, or the earlier runs'
 * quarters from qi_history_load()); both must outlive *out.  Returns
 * QI_OK and *out (release with qi_analyses_free()); QI_EINPUT when an
 * analysis cannot be computed (a funnel target that is not a
 * proportion, an interval or limit that cannot be computed), with the
 * reason; QI_ESYS.
 */
enum qi_err	 qi_analyses_compute(const struct qi_results *,
		    const struct qi_history *, struct qi_analyses **,
		    struct qi_diag *);
void		 qi_analyses_free(struct qi_analyses *);
/* The funnel analysis of ind in period p, or NULL if it has no result. */
const struct qi_funnelplot *qi_analyses_funnel(const struct qi_analyses *,
		    size_t ind, struct qi_period p);
/*
 * The group summary of ind in period p over organisation org (-1: both
 * organisations), or NULL if ind has no result in p.
 */
const struct qi_summary *qi_analyses_summary(const struct qi_analyses *,
		    size_t ind, struct qi_period p, long org);
/* The trend of ind at scope (org or hosp as it needs), or NULL. */
const struct qi_trend *qi_analyses_trend(const struct qi_analyses *,
		    size_t ind, enum qi_scope, long org, long hosp);
/* The VLAD of ind for hospital hosp, or NULL (no risk model). */
const struct qi_vlad *qi_analyses_vlad(const struct qi_analyses *,
		    size_t ind, long hosp);
/*
 * From now on, each analysis computed writes a line naming it to fp
 * (NULL: stop): how a test shows each one is computed once a run.
 */
void		 qi_analysis_trace(FILE *fp);

#endif /* QI_ANALYSIS_H */
