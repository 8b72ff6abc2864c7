/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * stats.h -- the pure statistics of qi: intervals for proportions, rates
 * and ratios, two-group comparisons, funnel limits and overdispersion,
 * shrinkage, control limits, standardisation, logistic regression and
 * risk adjustment (specs/statistics.md).  Numbers in, numbers out: no
 * definitions, tallies or results; the only parts of qi it needs are
 * base.h's error values, diagnostics and enum words.
 *
 * GSL's error handler must be off (gsl_set_error_handler_off()) before
 * any function here is called: every GSL status is checked and turned
 * into a return value.  qi_stats_init() does it.
 */
#ifndef QI_STATS_H
#define QI_STATS_H

#include "base.h"

/* --------------------------------------------------------- intervals */

/* Interval methods for one proportion (specs/statistics.md). */
enum qi_ci_method {
	QI_CI_WILSON,		/* Wilson score, no continuity correction */
	QI_CI_EXACT,		/* Clopper-Pearson */
	QI_CI_WILSON_CC,	/* Wilson score with continuity correction */
	QI_CI_JEFFREYS,		/* Beta(x + 1/2, n - x + 1/2) quantiles */
	QI_CI_AGRESTI_COULL,	/* add z^2/2 events and non-events */
	QI_CI_WALD		/* p -/+ z se, cut to [0,1] */
};


/*
 * Interval methods for a Poisson rate or an O/E ratio (qi_ci_poisson(),
 * specs/statistics.md); also the intervals of rate indicators.
 */
enum qi_rate_method {
	QI_RATE_EXACT,		/* gamma (chi-square) quantiles */
	QI_RATE_BYAR,		/* Byar's approximation */
	QI_RATE_HYBRID		/* exact if x < 10, else Byar (PHE) */
};


extern const struct qi_name qi_ci_method_names[];	/* "wilson", ... */

/* ----------------------------------------------------------- statistics */

/*
 * A confidence interval for a proportion x/n at the given level
 * (specs/statistics.md).  Returns 0 and fills *lo, *hi in [0,1]; -1 if
 * the arguments are outside their domain (n <= 0, x < 0, x > n, level not
 * in (0,1), non-integer counts for the exact method, n > 2^53) or the
 * root-finding failed, and then both bounds are NaN.
 */
int	 qi_ci_proportion(enum qi_ci_method, double x, double n, double level,
	    double *lo, double *hi);

/* "exact", "byar", "hybrid". */
extern const struct qi_name qi_rate_method_names[];

/*
 * A confidence interval for the rate x/t: x events (>= 0, whole for the
 * exact method, at most 2^53) in exposure t (> 0, any unit; an O/E ratio
 * is the call with t = E).  Returns 0 with 0 <= *lo <= *hi (events per
 * unit of t), or -1 with both NaN if an argument is outside its domain or
 * a bound is not finite.
 */
int	 qi_ci_poisson(enum qi_rate_method, double x, double t, double level,
	    double *lo, double *hi);

/*
 * Two proportions x1/n1 and x2/n2 compared (specs/statistics.md).
 * diff = p1 - p2 with Newcombe's hybrid score interval [lower, upper];
 * chisq the Pearson statistic without continuity correction, p_chisq and
 * p_yates its p-values without and with Yates' correction (NaN, like
 * chisq, when no event or no non-event occurred at all); p_fisher
 * Fisher's exact two-sided p-value.
 */
struct qi_compare {
	double	 diff, lower, upper;
	double	 chisq, p_chisq, p_yates, p_fisher;
};

/*
 * Counts are whole numbers, 0 <= x <= n, 0 < n <= 2^53 (Fisher's test
 * costs O(sqrt(n)) per table).  Returns 0, or -1 with every field NaN if
 * an argument is outside its domain.
 */
int	 qi_compare_proportions(double x1, double n1, double x2, double n2,
	    double level, struct qi_compare *);

/*
 * Ratio of two Poisson rates (x1/t1)/(x2/t2) with the exact conditional
 * (binomial) interval and two-sided p-value of H0: ratio = 1, as R's
 * poisson.test(c(x1, x2), c(t1, t2)).  x whole and >= 0, t > 0.  *rr is
 * Inf when x2 = 0 (and *hi Inf), NaN when both are 0 (then [0, Inf],
 * p = 1).  Returns 0, or -1 with all four NaN on a domain error.
 */
int	 qi_rate_ratio(double x1, double t1, double x2, double t2,
	    double level, double *rr, double *lo, double *hi, double *p);

/*
 * The mean of n whole numbers from their sum and the sum of their
 * squares, and its t-interval at level: mean -/+ t(n - 1) s / sqrt(n),
 * s^2 = (n sumsq - sum^2) / (n (n - 1)), worked out in exact integer
 * arithmetic (no cancellation); the lower bound is cut at 0 (the values
 * are 0 or more).  n >= 1, 0 <= sum, sumsq <= 2^53 and consistent
 * (sum^2 <= n sumsq).  Returns 0 with *mean and the bounds
 * (both NaN when n = 1: no spread is known); -1 with all three NaN on a
 * domain error.
 */
int	 qi_ci_mean(long n, long sum, long sumsq, double level, double *mean,
	    double *lo, double *hi);

/*
 * The median of n whole numbers given as a histogram -- value[i] held by
 * count[i] stays, i < nbins, values 0 or more and strictly increasing,
 * counts 1 or more, n their sum -- and its distribution-free interval at
 * level from the order statistics x_(1) <= ... <= x_(n): with
 * k = qbinom((1 - level) / 2, n, 1/2) (R's, qi_qbinom_half()), the
 * interval is [x_(k), x_(n - k + 1)], which covers the median with
 * probability 1 - 2 P(B <= k - 1) >= level, B ~ Bin(n, 1/2); when k = 0
 * (n too small for level: 2^(1 - n) > 1 - level, or equal) there is none
 * and both bounds are NaN.  The median is x_((n + 1) / 2), or for an even
 * n the mean of x_(n / 2) and x_(n / 2 + 1), as R's median().  *rank (may
 * be NULL) receives k.  Returns 0; -1 with all NaN on a domain error
 * (no bins, a count below 1, values not increasing, n above UINT_MAX,
 * level outside (0, 1)).  specs/statistics.md, "Medians".
 */
int	 qi_ci_median(const long *value, const long *count, size_t nbins,
	    double level, double *median, double *lo, double *hi, long *rank);

/* ------------------------------------------------------- funnel limits */

/*
 * Funnel-plot control limits around a target (specs/statistics.md#funnel-
 * limits).  All values are on the indicator's own scale: proportions in
 * [0,1] (not percent), rates per unit of exposure.  level is a
 * probability in (0,1), e.g. 0.95 or 0.998; the limits cut (1 - level)/2
 * off each tail.  A plotting layer draws a funnel by calling these for a
 * grid of volumes (whole volumes for the exact method); a table layer
 * calls them at each unit's own volume and passes the unit's rate with
 * the limits at two levels to qi_funnel_flag().
 */
enum qi_funnel_method {
	QI_FUNNEL_EXACT,	/* binomial/Poisson quantile with
				   Spiegelhalter's (2005) interpolation;
				   upper limit (r + 1 - a)/n (see spec) */
	QI_FUNNEL_NORMAL,	/* target +- z * standard error */
	QI_FUNNEL_WILSON	/* PHE's Wilson-inverted limits: the same
				   numbers as QI_FUNNEL_NORMAL (see spec) */
};

extern const struct qi_name qi_funnel_method_names[];	/* "exact", ... */

/*
 * Limits for a proportion at volume n (patients) around target in [0,1].
 * For QI_FUNNEL_EXACT n must be a whole number in [1, 1e10]; the other
 * methods take any n > 0.  Returns 0 with 0 <= *lo <= *hi <= 1, or -1
 * with both NaN for arguments outside their domain.  At a target of 0
 * the exact limits are [0, (1 - tail)/n], at 1 [1 - (1 - tail)/n, 1]
 * (tail = (1 - level)/2), the normal ones [t, t].  The exact method sums
 * O(sqrt(n t(1-t))) terms: microseconds for small n, 0.1 ms at n = 1e7
 * and t = 0.5.
 */
int	 qi_funnel_proportion(enum qi_funnel_method, double target, double n,
	    double level, double *lo, double *hi);
/*
 * Limits for a rate: target events per unit of exposure (>= 0), exposure
 * > 0 (person-days, or the expected count E of an O/E ratio with target
 * 1).  QI_FUNNEL_EXACT uses the Poisson quantile of target * exposure
 * (at most 1e10) with the same interpolation, QI_FUNNEL_NORMAL target +-
 * z sqrt(target / exposure); QI_FUNNEL_WILSON is refused (-1).  Limits
 * are in events per unit of exposure, lower clamped at 0; a target of 0
 * gives [0, (1 - tail)/exposure] (exact) or [0, 0] (normal).
 */
int	 qi_funnel_poisson(enum qi_funnel_method, double target,
	    double exposure, double level, double *lo, double *hi);

/* Standard error of the indicator under the target: sqrt(t(1-t)/n) and
   sqrt(t/exposure).  NaN outside the domain (n, exposure <= 0, t < 0). */
double	 qi_funnel_se_proportion(double target, double n);
double	 qi_funnel_se_poisson(double target, double exposure);
/*
 * z-scores under the target: (x/n - t) / se_proportion(t, n) and
 * (x/exposure - t) / se_poisson(t, exposure) = (x - t E)/sqrt(t E).  x is
 * the count of events.  NaN if the standard error is 0 or NaN, i.e. for a
 * target of 0 or 1 (proportion) or 0 (rate).
 */
double	 qi_funnel_z_proportion(double x, double n, double target);
double	 qi_funnel_z_poisson(double x, double exposure, double target);

/* Where a unit's value lies against two pairs of limits. */
enum qi_funnel_flag {
	QI_FUNNEL_BELOW_OUTER,	/* value < outer lower limit (e.g. 99.8%) */
	QI_FUNNEL_BELOW_INNER,	/* outer lo <= value < inner lo (e.g. 95%) */
	QI_FUNNEL_WITHIN,	/* inner lo <= value <= inner hi */
	QI_FUNNEL_ABOVE_INNER,	/* inner hi < value <= outer hi */
	QI_FUNNEL_ABOVE_OUTER	/* outer hi < value */
};

extern const struct qi_name qi_funnel_flag_names[];	/* "below_outer", ... */

/*
 * A value on a limit is inside it (PHE and FunnelPlotR compare strictly).
 * The inner limits must lie within the outer ones.  NaN compares false:
 * a NaN value gives QI_FUNNEL_WITHIN, so test isnan() first.
 */
enum qi_funnel_flag qi_funnel_flag(double value, double inner_lo,
	    double inner_hi, double outer_lo, double outer_hi);

/* ------------------------------------------------------ overdispersion */

/*
 * Overdispersion of k units' z-scores (Spiegelhalter 2005, Qual Saf
 * Health Care 14:347; FunnelPlotR).  z are winsorised at the type-7
 * quantiles (R's default) trim and 1 - trim; phi = sum z_w^2 / k; tau2 is
 * DerSimonian-Laird with weights 1/s_i^2, 0 when k phi < k - 1.  s are
 * the units' standard errors on the scale of the limits (for a
 * proportion qi_funnel_se_proportion(target, n_i)), tau2 is in the square
 * of that scale.
 */
struct qi_od {
	size_t	 k;		/* units */
	double	 trim;		/* fraction winsorised at each end */
	double	 zlo, zhi;	/* the winsorising bounds on z */
	double	 phi;		/* overdispersion factor, >= 0 */
	double	 tau2;		/* between-unit variance, >= 0 */
	double	 p;		/* the test for overdispersion: P(X >=
				   k phi), X ~ chi-squared on k - 1
				   degrees of freedom (Spiegelhalter
				   2005, Stat Med 24:1185, section 4) */
};

/*
 * k >= 2 units; z and s finite, s > 0; trim in [0, 0.5).  FunnelPlotR's
 * default trim is 0.1.  Returns 0, or -1 (and *od zeroed) on a domain
 * error or allocation failure.
 */
int	 qi_od_estimate(const double *z, const double *s, size_t k,
	    double trim, struct qi_od *od);

enum qi_od_model {
	QI_OD_NONE,		/* target +- z s */
	QI_OD_MULTIPLICATIVE,	/* target +- z sqrt(phi) s */
	QI_OD_ADDITIVE		/* target +- z sqrt(s^2 + tau2) */
};

extern const struct qi_name qi_od_model_names[];	/* "none", ... */

/*
 * Limits for one unit with standard error s > 0 at level in (0,1),
 * clamped to [min, max] (0 and 1 for proportions, 0 and INFINITY for
 * rates, -INFINITY and INFINITY on a log scale).  If phi <= 1 both
 * adjusted models give the unadjusted limits (FunnelPlotR's rule: no
 * adjustment for underdispersion).  Returns 0, or -1 with NaN limits.
 */
int	 qi_od_limits(const struct qi_od *, enum qi_od_model, double target,
	    double s, double level, double min, double max, double *lo,
	    double *hi);

/* ----------------------------------------------------------- shrinkage */

/*
 * Empirical-Bayes beta-binomial smoothing of k units' proportions x_i/n_i
 * (specs/statistics.md#smoothing).  The prior Beta(alpha, beta) has mean
 * the pooled rate and prior sample size m = alpha + beta = 1/rho - 1,
 * where rho is the moment estimate of the intraclass correlation with
 * weights n_i (Kleinman 1973).  A unit's smoothed rate is (x + alpha)/(n +
 * m) = w x/n + (1 - w) pooled with reliability w = n/(n + m).
 */
struct qi_shrink {
	size_t	 k;		/* units */
	double	 pooled;	/* sum x / sum n */
	double	 rho;		/* moment estimate; may be <= 0 or >= 1 */
	double	 m;		/* alpha + beta: INFINITY if rho <= 0 (no
				   heterogeneity), 0 if rho >= 1 */
	double	 alpha, beta;	/* pooled * m, (1 - pooled) * m */
};

/*
 * x_i, n_i counts (may be fractional) with 0 <= x_i <= n_i, n_i > 0,
 * k >= 2, and not all n_i = 1 (then nothing identifies rho).  Returns 0,
 * or -1 (and *out zeroed) on a domain error.
 */
int	 qi_shrink_fit(const double *x, const double *n, size_t k,
	    struct qi_shrink *out);
/*
 * Smoothed rate and reliability of one unit with x of n under a fitted
 * prior.  m = INFINITY gives the pooled rate and weight 0; m = 0 gives
 * x/n and weight 1.  Returns 0, or -1 with NaN outputs.
 */
int	 qi_shrink_unit(const struct qi_shrink *, double x, double n,
	    double *rate, double *reliability);

/* ----------------------------------------------------------------- spc */

/*
 * Shewhart p and u charts over k subgroups in time order, and Laney's
 * (2002) p' and u' (specs/statistics.md#spc).  x_i events, n_i patients
 * (p) or exposure (u), all > 0 denominators.  Centre line cl = sum x /
 * sum n; sigma_i = sqrt(cl(1 - cl)/n_i) (p) or sqrt(cl/n_i) (u); limits
 * cl +- mult * sigma_i * sigma_z, with sigma_z = 1 for the Shewhart
 * charts and mean |z_i - z_(i-1)| / 1.128 for Laney's (z_i = (x_i/n_i -
 * cl)/sigma_i).  p limits are clipped to [0,1], u limits at 0.
 */
enum qi_spc_chart {
	QI_SPC_P,
	QI_SPC_U,
	QI_SPC_P_LANEY,		/* p' */
	QI_SPC_U_LANEY		/* u' */
};

extern const struct qi_name qi_spc_chart_names[];	/* "p", "u", "pp", "up" */

#define QI_SPC_SIGMA	3.0	/* the usual multiplier */

/*
 * Fills *cl, *sigma_z and lo[i], hi[i] for i < k (caller-owned arrays of
 * k doubles).  mult > 0 (QI_SPC_SIGMA).  Laney charts need k >= 2.
 * Returns 0, or -1 with NaN outputs on a domain error.
 */
int	 qi_spc_limits(enum qi_spc_chart, const double *x, const double *n,
	    size_t k, double mult, double *cl, double *sigma_z, double *lo,
	    double *hi);
/*
 * The same with the centre line and sigma_z estimated from the first
 * base subgroups only, 1 <= base <= k (2 for Laney's), and the limits
 * given for all k: a baseline frozen (qicharts2's freeze), the later
 * subgroups judged against it.  qi_spc_limits() is base = k.
 */
int	 qi_spc_limits_base(enum qi_spc_chart, const double *x,
	    const double *n, size_t k, size_t base, double mult, double *cl,
	    double *sigma_z, double *lo, double *hi);

/* ------------------------------- funnel scales, runs rules, CUSUM */

/*
 * Funnels on a transformed scale (Spiegelhalter 2005, Qual Saf Health
 * Care 14:347; specs/statistics.md#funnels-on-a-transformed-scale).
 * A unit's value x/v is taken to y = g(x/v), the target t to g(t); its
 * z = (y - g(t))/s with s the delta-method standard error at t; phi and
 * tau2 come from these z (qi_od_estimate); the limits g(t) +- z_L s
 * (or widened) are transformed back.  Proportions: raw, logit, arcsine;
 * rates and O/E ratios: raw, log, sqrt.
 */
enum qi_funnel_scale {
	QI_SCALE_RAW,		/* x/v itself */
	QI_SCALE_LOGIT,		/* log(p/(1-p)), s = 1/sqrt(n t(1-t)) */
	QI_SCALE_ARCSINE,	/* asin(sqrt(p)), s = 1/(2 sqrt(n)) */
	QI_SCALE_LOG,		/* log(r), s = 1/sqrt(E t) (SHMI) */
	QI_SCALE_SQRT		/* sqrt(r), s = 1/(2 sqrt(E)) (CQC) */
};

extern const struct qi_name qi_funnel_scale_names[];	/* "raw", ... */

/* Whether a scale applies to proportions (poisson 0) or rates (1). */
int	 qi_funnel_scale_fits(enum qi_funnel_scale, int poisson);

/* What a funnel of units is asked for. */
struct qi_funnel_spec {
	int			 poisson;	/* 0: x of n; 1: x per exposure
						   (O/E: exposure E, target 1) */
	enum qi_funnel_method	 method;	/* limits not widened; normal
						   on a transformed scale */
	enum qi_funnel_scale	 scale;
	enum qi_od_model	 od;		/* widening; needs counts */
	double			 trim;		/* winsorising, [0, 0.5) */
	double			 od_test;	/* widen only when the test
						   rejects, od.p < od_test; 0:
						   whenever phi > 1 */
	double			 level[2];	/* inner <= outer, in (0,1) */
	double			 target;	/* raw scale; NaN: sum x/sum v */
};

/*
 * Why a spec cannot be computed (a combination refused: exact limits
 * on a transformed scale or widened, a scale for the other kind, ...),
 * with *hint; NULL if it can.  Both strings are static.
 */
const char	*qi_funnel_spec_problem(const struct qi_funnel_spec *,
		    const char **hint);

enum qi_funnel_row_status {
	QI_FUNNEL_ROW_OK,
	QI_FUNNEL_ROW_NO_VOLUME,	/* v = 0: nothing computed */
	QI_FUNNEL_ROW_NO_Z		/* g(x/v) infinite (0 events on a log
					   or logit scale, all on logit):
					   limits and flag, no z; not in phi */
};

/* One unit's results; rates and limits on the raw scale. */
struct qi_funnel_row {
	enum qi_funnel_row_status status;
	double		 rate;		/* x/v; NaN without counts */
	double		 z;		/* on the scale, unadjusted */
	double		 z_adj;		/* z/sqrt(phi) or (y - g(t))/
					   sqrt(s^2 + tau2) when widened,
					   else z */
	double		 lo[2], hi[2];	/* [0] inner, [1] outer level */
	enum qi_funnel_flag flag;	/* rate against both pairs */
};

/* The whole funnel's results. */
struct qi_funnel_fit {
	double		 target;	/* raw scale, as used */
	size_t		 k;		/* units with a finite z */
	struct qi_od	 od;		/* zeroed unless spec od != none */
	int		 widened;	/* od != none, phi > 1 and, with
					   od_test, od.p < od_test */
};

enum qi_funnel_err {
	QI_FUNNEL_OK,
	QI_FUNNEL_EARG,		/* spec refused (qi_funnel_spec_problem) */
	QI_FUNNEL_ENOTARGET,	/* no target: none given, no counts */
	QI_FUNNEL_ETARGET,	/* target outside the scale's domain */
	QI_FUNNEL_EOD,		/* phi not estimable: fewer than two units
				   with a finite z, or no counts */
	QI_FUNNEL_ELIMITS	/* exact limits beyond their range */
};

/*
 * The funnel of k units with volumes v[i] >= 0 (v = 0: no estimate) and
 * counts x[i] (NULL: limits only).  Fills *fit and row[0..k-1]
 * (caller-owned).  The one composition of funnel statistics: qi stats
 * funnel and the funnel analysis of results (analysis/funnel.c) call it.
 */
enum qi_funnel_err qi_funnel_units(const struct qi_funnel_spec *,
		    const double *x, const double *v, size_t k,
		    struct qi_funnel_fit *, struct qi_funnel_row *);
/*
 * The limits of a fitted funnel at any volume v and level (a chart's
 * curves; the rows' own limits are these): widened by fit's
 * overdispersion when fit->widened, else by the spec's method around
 * fit->target.  Out on the raw scale; 0, or -1 when v is outside the
 * method's domain.
 */
int		 qi_funnel_limits_at(const struct qi_funnel_spec *,
		    const struct qi_funnel_fit *, double v, double level,
		    double *lo, double *hi);

/*
 * Anhoej's runs rules (Anhoej & Olesen 2014, PLoS ONE 9:e113825;
 * specs/statistics.md#runs-rules) for y[0..k-1] in time order around a
 * centre line cl: points on cl are dropped; the rest are useful.  A
 * signal: the longest run on one side > round(log2(useful) + 3), or
 * fewer crossings than qbinom(0.05, useful - 1, 0.5).
 */
struct qi_runs {
	size_t	 useful;	/* points not on the centre line */
	size_t	 longest;	/* longest run on one side */
	size_t	 longest_max;	/* round(log2(useful) + 3) */
	size_t	 crossings;	/* side changes between useful points */
	size_t	 crossings_min;	/* qbinom(0.05, useful - 1, 0.5) */
	int	 signal;	/* longest > max or crossings < min */
};

/* Returns 0, or -1 (zeroed *out) when no point is useful or on NaN. */
int	 qi_runs_anhoej(const double *y, size_t k, double cl,
	    struct qi_runs *out);
/* R's qbinom(p, n, 0.5) for 0 < p < 1 (with R's 64 eps fuzz). */
double	 qi_qbinom_half(double p, size_t n);

/*
 * Risk-adjusted Bernoulli CUSUM (Steiner, Cook, Farewell & Treasure
 * 2000, Biostatistics 1:441; specs/statistics.md#risk-adjusted-cusum):
 * for a patient with predicted risk p in (0,1) and outcome y in {0,1},
 * the log-likelihood-ratio weight of odds ratio R (> 0, != 1) against 1
 * is y log R - log(1 - p + R p); X_t = max(0, X_(t-1) + W_t), a signal
 * when X_t >= h, and X restarts at 0 after a signal.
 */
double	 qi_cusum_weight(double p, int y, double odds_ratio);

/*
 * Average run length of the CUSUM with threshold h > 0 by the Markov
 * chain of Brook and Evans (1972): states j = 0..m-1 stand for X = j h/m;
 * a weight moves j to max(0, j + round(W m/h)), at m or above the chain
 * is absorbed (a signal).  The patients' risks p[0..k-1] are the risk
 * distribution (each equally likely); outcomes have odds ratio or_true
 * against p (1: in control).  Returns the ARL from state 0, or NaN
 * (singular chain, bad arguments, out of memory).
 */
double	 qi_cusum_arl(const double *p, size_t k, double odds_ratio,
	    double or_true, double h, size_t m);

/*
 * The threshold h whose in-control ARL (qi_cusum_arl, or_true 1) reaches
 * arl0 (> 1): hi doubled from 1 until ARL(hi) >= arl0, then 50
 * bisections of [lo, hi] keeping ARL(hi) >= arl0; returns hi, or NaN.
 */
double	 qi_cusum_h_for_arl(const double *p, size_t k, double odds_ratio,
	    double arl0, size_t m);

/* -------------------------------------------------------- standardising */

/*
 * A standard population for direct standardisation: n age bands by name
 * with their populations (persons; only their proportions matter).
 * SPEC: specs/statistics.md#directly-standardised-rates
 */
struct qi_stdpop {
	const char		*name;	/* "esp2013", "jp1985" */
	size_t			 n;	/* bands */
	const char *const	*band;	/* [n] "0-4", ..., "90+" */
	const double		*pop;	/* [n] persons */
};

/* The built-in standards; NULL if name is none of them. */
const struct qi_stdpop	*qi_stdpop_find(const char *name);
extern const char	 qi_stdpop_list[];	/* "esp2013, jp1985" */

/*
 * Directly standardised rate over k bands with events x_i (>= 0),
 * population n_i (> 0) and standard weights w_i (>= 0, sum > 0), per
 * person: dsr = sum w x/n / sum w, and its Dobson et al. (1991) interval
 * dsr + sqrt(v / O) (O_lo - O), dsr + sqrt(v / O) (O_hi - O), where O =
 * sum x (> 0), v = sum w^2 x/n^2 / (sum w)^2, and O_lo, O_hi are the
 * bounds of qi_ci_poisson(method, O, 1, level) (exact: O whole).
 * Returns 0, or -1 with NaN outputs outside the domain.
 */
int	 qi_dsr(const double *x, const double *n, const double *w, size_t k,
	    enum qi_rate_method, double level, double *dsr, double *lo,
	    double *hi);

/* ----------------------------------------------------- risk adjustment */

/*
 * A logistic risk model fitted to grouped binomial data: k covariate
 * patterns, each with n stays and y events, summed over hospitals (sums of
 * shards merge by addition).  Exact for categorical covariates.
 * SPEC: specs/statistics.md#risk-adjustment
 *
 * Options: fill with qi_logit_opts_defaults(); NULL means the defaults.
 */
struct qi_logit_opts {
	int	 max_iter;	/* IRLS iterations (default 25, as R) */
	double	 tol;		/* converged when |D - D'| / (|D| + 0.1) < tol,
				   D, D' the deviance after and before an
				   iteration (default 1e-10; R's glm 1e-8);
				   one more Newton step then polishes beta */
	int	 allow_separation; /* 0 (default): separation is an error;
				   1: a warning, and the fit is returned */
};

void		 qi_logit_opts_defaults(struct qi_logit_opts *);

/*
 * A fitted model.  Owned by the caller, released by qi_logit_free().
 * Coefficients are log-odds per unit of the covariate, column 0 the
 * intercept; standard errors come from the Fisher information at beta.
 */
struct qi_logit {
	size_t	 p;		/* coefficients (columns of x) */
	size_t	 k;		/* patterns fitted */
	double	*beta;		/* [p] coefficients, log-odds */
	double	*se;		/* [p] standard errors */
	double	*z;		/* [p] Wald statistics beta / se */
	double	*pvalue;	/* [p] two-sided, 2 Q(|z|) */
	double	*fitted;	/* [k] fitted probability of each pattern */
	int	 iterations;	/* IRLS iterations done, the polish included */
	int	 converged;	/* 1 if the deviance rule was met */
	int	 separation;	/* 1 if (quasi-)complete separation was found
				   (only with allow_separation) */
	double	 deviance;	/* residual deviance */
	double	 null_deviance;	/* deviance of the intercept-only model */
	double	 aic;		/* -2 log L + 2p, as R's glm */
	double	 c_stat;	/* area under the ROC curve, 0.5 .. 1 */
	double	 stays;		/* N = sum of n */
	double	 events;	/* Y = sum of y */
	double	 rate;		/* reference rate Y / N, a proportion */
};

/*
 * Fit by iteratively reweighted least squares.  x is k x p, row-major,
 * column 0 all ones (the intercept); y and n are counts (integers,
 * 0 <= y <= n; patterns with n = 0 are ignored).  names (p strings, or
 * NULL for "x0", "x1", ...) and file (the model's definition, may be
 * NULL) are used only in diagnostics.  Returns QI_OK and *out; QI_EINPUT
 * with *out NULL and every problem in diag (empty data, no or only
 * events, a covariate without variation, collinear covariates, separation
 * unless allowed, no convergence); QI_EUSAGE if the options are invalid
 * (max_iter < 1, tol <= 0); QI_ESYS if memory or GSL failed.
 */
enum qi_err	 qi_logit_fit(size_t k, size_t p, const double *x,
		    const double *y, const double *n,
		    const char *const *names, const char *file,
		    const struct qi_logit_opts *, struct qi_logit **,
		    struct qi_diag *);
void		 qi_logit_free(struct qi_logit *);
/* Fitted probability for one covariate row of p values; NaN if NULL. */
double		 qi_logit_predict(const struct qi_logit *, const double *xrow);

/*
 * One hospital's (or organisation's) risk-adjusted result: observed and
 * expected events from its own patterns.  The interval for O/E comes from
 * a Poisson interval of O with E fixed (not computed here).
 */
struct qi_riskadj {
	double	 stays;		/* sum of n */
	double	 observed;	/* O = sum of y, events */
	double	 expected;	/* E = sum of n p-hat, events */
	double	 ratio;		/* O / E; NaN if E = 0 */
	double	 rate;		/* risk-adjusted rate (O / E) x model rate,
				   a proportion (may exceed 1); NaN if E = 0 */
};

/*
 * Observed and expected for k patterns (x k x p row-major as for the fit,
 * y events, n stays) under a fitted model.  Returns 0, or -1 with out
 * filled with NaN if an argument is invalid (non-finite, y > n, n < 0).
 */
int		 qi_riskadj_compute(const struct qi_logit *, size_t k,
		    const double *x, const double *y, const double *n,
		    struct qi_riskadj *);


/*
 * Turn GSL's abort-on-error handler off, once per process, before any
 * other function of this header: qi checks every status itself.
 */
void	 qi_stats_init(void);

#endif /* QI_STATS_H */
