/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * stats_impl.h -- helpers shared by the statistics files (stats.c,
 * stats/poisson.c, compare.c).  Private to the statistics stage: the
 * public contract is the "statistics" section of qi.h.
 */
#ifndef QI_STATS_IMPL_H
#define QI_STATS_IMPL_H

/*
 * Root of an increasing function f on the real line.  A bracket is grown
 * from the guess u0 in steps of h (> 0), doubling each time, until f
 * changes sign; then Brent's method (gsl_root_fsolver_brent) runs until
 * the bracket is below 1e-16 + DBL_EPSILON |u|.  Returns 0 with the root
 * in *root, or -1 if f gives NaN, no sign change is found or GSL fails.
 */
int	 qi_root_increasing(double (*f)(double, void *), void *arg, double u0,
	    double h, double *root);

/*
 * The same for f = F - target with F' known: df returns F' and sets
 * *d2 to F''/F'.  Guarded Halley steps from u0 (h the scale of f, e.g.
 * one standard error), handing over to qi_root_increasing if a step
 * misbehaves.  Returns 0 or -1.
 */
int	 qi_root_newton(double (*f)(double, void *),
	    double (*df)(double, void *, double *), void *arg, double u0,
	    double h, double *root);

/*
 * Clopper-Pearson lower bound for x >= 1 events in n trials (integers,
 * x <= n <= 2^53) on the logit scale: u = log(t / (1 - t)) with
 * P(X >= x | n, t) = tail, tail in (0, 1/2).  Returns 0 or -1.
 */
int	 qi_cp_lower_logit(double x, double n, double tail, double *u);

/* The upper (1 - level)/2 normal quantile z; NaN if level not in (0,1). */
double	 qi_z_of_level(double level);

/*
 * Wilson (1927) score bounds for x of n with normal quantile z, without
 * continuity correction, clamped to 0 at x = 0, 1 at x = n and to [0,1].
 */
void	 qi_wilson_bounds(double x, double n, double z, double *lo,
	    double *hi);

/*
 * log P(X = k) for X ~ Bin(n, p), with q = 1 - p given separately;
 * -Inf outside 0..n.  Loader's saddle-point form (stats/pmf.c), as R's
 * dbinom: accurate for every n.  k and n may be real (beta densities).
 */
double	 qi_ldbinom(double k, double n, double p, double q);

/* log P(X = k) for X ~ Poisson(m), the same way. */
double	 qi_ldpois(double k, double m);

/*
 * The regularized incomplete beta function I_t(a, b), c = 1 - t given
 * separately, by its continued fraction; relative accuracy about 1e-13
 * on the side of the mean it is evaluated on, NaN if it does not
 * converge.
 */
double	 qi_beta_inc(double a, double b, double t, double c);

#endif /* QI_STATS_IMPL_H */
