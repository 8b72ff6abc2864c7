/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * proportion.c -- confidence intervals for one proportion: Wilson, Wilson
 * with continuity correction, Clopper-Pearson, Jeffreys, Agresti-Coull
 * and Wald; and the root finder the other interval files share.
 *
 * Pure mathematics: no I/O, no allocation visible to the caller.  GSL is
 * used only here.  The program turns GSL's abort-on-error handler off at
 * start (gsl_set_error_handler_off()), so every GSL status is checked and
 * every GSL value is tested for NaN.
 *
 * SPEC: specs/statistics.md#proportion-intervals
 */
#include <float.h>
#include <math.h>
#include <stddef.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>

#include "stats.h"
#include "stats_impl.h"

/*
 * Root finding for the Clopper-Pearson bounds.  The unknown is the logit
 * u = log(t / (1 - t)) of the bound t, so that t and 1 - t are both
 * recovered with full relative precision, whether the bound is 1e-9 or
 * 1 - 1e-9.  dt/t = (1 - t) du, so an absolute error du in u is at most
 * the same relative error in t and in 1 - t.
 */
#define CP_EPSABS	1e-16		/* absolute tolerance on u */
#define CP_EPSREL	DBL_EPSILON	/* relative tolerance on u */
#define CP_MAXITER	200		/* Brent iterations */
#define CP_MAXGROW	80		/* bracket expansions */
#define CP_SUMMAX	16		/* sum if x or n - x + 1 <= this */

/*
 * Largest count for the exact method: every integer up to 2^53 is a
 * double, so n - x + 1 and friends are computed exactly.
 */
#define CP_MAXN		9007199254740992.0

/* Parameters of the function whose root is the lower bound. */
struct cp_args {
	double	 x;	/* events, an integer in [1, n] */
	double	 n;	/* trials, an integer >= 1 */
	double	 tail;	/* (1 - level) / 2, probability in (0, 1/2) */
};

/*
 * Split u = logit(t) into t and its complement c = 1 - t, each with full
 * relative precision (neither is formed as 1 - the other).
 */
static void
expit2(double u, double *t, double *c)
{
	double	 e;

	if (u <= 0.0) {
		e = exp(u);
		*t = e / (1.0 + e);
		*c = 1.0 / (1.0 + e);
	} else {
		e = exp(-u);
		*t = 1.0 / (1.0 + e);
		*c = e / (1.0 + e);
	}
}

/*
 * log P(X = k) for X ~ Bin(n, t), given lt = log t and lc = log(1 - t):
 * log C(n,k) + k lt + (n - k) lc, with log C(n,k) = -log(n + 1) -
 * log B(k + 1, n - k + 1).  GSL's log B takes care when one argument is
 * much smaller than the other.  Returns 0, or -1 if log B fails.
 */
static int
binom_lpmf(double k, double n, double lt, double lc, double *lp)
{
	gsl_sf_result	 lb;

	if (gsl_sf_lnbeta_e(k + 1.0, n - k + 1.0, &lb) != GSL_SUCCESS)
		return -1;
	*lp = -log(n + 1.0) - lb.val + k * lt + (n - k) * lc;
	return 0;
}

/*
 * Binomial probability P(X >= x) for X ~ Bin(n, t), c = 1 - t, by direct
 * summation of the tail that does not hold the mode, starting next to x,
 * so the terms fall monotonically; the sum stops when a term no longer
 * changes it.  Each term is the previous one times the ratio of
 * successive binomial probabilities.
 *
 * Used (1) when x or n - x is small, where it takes a few dozen terms and
 * is exact to rounding; and (2) as a fallback should qi_beta_inc return
 * NaN, when it costs up to O(sqrt(n)) operations.  Returns NaN if log B
 * fails.
 */
static double
binom_upper_tail(double x, double n, double t, double c)
{
	double	 k, lt, lc, lp, term, sum, r;

	if (t <= 0.0)
		return 0.0;
	if (c <= 0.0)
		return 1.0;
	/* Logs from whichever of t, c is small: both are exact. */
	lt = t < 0.5 ? log(t) : log1p(-c);
	lc = c < 0.5 ? log(c) : log1p(-t);
	r = t / c;			/* odds of one event */
	if (x > n * t) {
		/* Upper tail k = x .. n, falling from k = x. */
		k = x;
		if (binom_lpmf(k, n, lt, lc, &lp) != 0)
			return NAN;
		term = exp(lp);
		sum = 0.0;
		while (k <= n && term > sum * DBL_EPSILON * 0.125) {
			sum += term;
			term *= (n - k) / (k + 1.0) * r;
			k += 1.0;
		}
		return sum;
	}

	/* 1 - lower tail k = x - 1 .. 0, falling from k = x - 1. */
	k = x - 1.0;
	if (binom_lpmf(k, n, lt, lc, &lp) != 0)
		return NAN;
	term = exp(lp);
	sum = 0.0;
	while (k >= 0.0 && term > sum * DBL_EPSILON * 0.125) {
		sum += term;
		term *= k / (n - k + 1.0) / r;
		k -= 1.0;
	}
	return 1.0 - sum;
}

/*
 * f(u) = P(X >= x | t = expit(u)) - tail, increasing in u; its root is
 * the Clopper-Pearson lower bound.  P(X >= x) = I_t(x, n - x + 1), the
 * regularized incomplete beta function (qi_beta_inc, stats/pmf.c, which
 * takes t and 1 - t separately); small counts are summed directly (see
 * above).
 */
static double
cp_lower_f(double u, void *arg)
{
	const struct cp_args	*a = arg;
	double			 t, c, p;

	expit2(u, &t, &c);
	if (fmin(a->x, a->n - a->x + 1.0) <= CP_SUMMAX)
		p = binom_upper_tail(a->x, a->n, t, c);
	else
		p = qi_beta_inc(a->x, a->n - a->x + 1.0, t, c);
	if (!isfinite(p))
		p = binom_upper_tail(a->x, a->n, t, c);
	return p - a->tail;
}

/*
 * d/du of P(X >= x | t = expit(u)): t (1 - t) times the Beta(x, n - x +
 * 1) density, = t^x (1 - t)^(n - x + 1) / B(x, n - x + 1) =
 * x (n - x + 1)/(n + 1) dbinom(x; n + 1, t), by Loader's method; *d2 as
 * for beta_lower_df.
 */
static double
cp_lower_df(double u, void *arg, double *d2)
{
	const struct cp_args	*a = arg;
	double			 t, c, b;

	expit2(u, &t, &c);
	b = a->n - a->x + 1.0;
	*d2 = a->x * c - b * t;		/* F''/F' = a (1 - t) - b t */
	return exp(qi_ldbinom(a->x, a->n + 1.0, t, c)) * (a->x * b /
	    (a->n + 1.0));
}

/*
 * Wilson (1927) score bounds for x events in n trials with normal
 * quantile z, without continuity correction.  The upper bound is the
 * larger root of (n + z^2) p^2 - (2x + z^2) p + x^2/n = 0; the lower bound
 * is taken from the product of the roots, x^2 / (n (n + z^2)), so that
 * neither bound suffers cancellation (R's prop.test subtracts).  The
 * results are not clamped here.
 */
static void
wilson(double x, double n, double z, double *lo, double *hi)
{
	double	 z2, d;

	z2 = z * z;
	d = n + z2;
	*hi = (x + z2 / 2.0 + z * sqrt(x * (n - x) / n + z2 / 4.0)) / d;
	*lo = *hi > 0.0 ? (x / d) * (x / n) / *hi : 0.0;
}

/*
 * Root of an increasing f (stats_impl.h).  The bracket grows from u0 in
 * steps of h, doubling, so that it stays narrow when u0 is a close
 * guess; then gsl_root_fsolver_brent (Brent 1973).
 */
int
qi_root_increasing(double (*fn)(double, void *), void *arg, double u0,
    double h, double *root)
{
	gsl_function		 F;
	gsl_root_fsolver	*s = NULL;
	double			 ulo, uhi, f;
	int			 i, st, grow_down, rc = -1;

	F.function = fn;
	F.params = arg;
	f = fn(u0, arg);
	if (isnan(f) || !(h > 0.0))
		goto out;
	if (f == 0.0) {
		*root = u0;
		rc = 0;
		goto out;
	}
	ulo = uhi = u0;
	grow_down = f > 0.0;
	for (i = 0; i < CP_MAXGROW; i++, h *= 2.0) {
		if (grow_down) {
			uhi = ulo;
			ulo = uhi - h;
			f = fn(ulo, arg);
			if (f <= 0.0)
				break;
		} else {
			ulo = uhi;
			uhi = ulo + h;
			f = fn(uhi, arg);
			if (f >= 0.0)
				break;
		}
		if (isnan(f))
			goto out;
	}
	if (i == CP_MAXGROW || isnan(f))
		goto out;
	if (f == 0.0) {		/* the last end tried is the root */
		*root = grow_down ? ulo : uhi;
		rc = 0;
		goto out;
	}

	if ((s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent)) == NULL)
		goto out;
	if (gsl_root_fsolver_set(s, &F, ulo, uhi) != GSL_SUCCESS)
		goto out;
	for (i = 0; i < CP_MAXITER; i++) {
		if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
			goto out;
		ulo = gsl_root_fsolver_x_lower(s);
		uhi = gsl_root_fsolver_x_upper(s);
		st = gsl_root_test_interval(ulo, uhi, CP_EPSABS, CP_EPSREL);
		if (st == GSL_SUCCESS)
			break;
		if (st != GSL_CONTINUE)
			goto out;
	}
	if (i == CP_MAXITER)
		goto out;
	*root = gsl_root_fsolver_root(s);
	rc = 0;
out:
	if (s != NULL)
		gsl_root_fsolver_free(s);
	return rc;
}

/*
 * Root of an increasing f = F - target whose derivatives are known, by
 * Halley's method from u0 (stats_impl.h): dfn returns F' and sets *d2 to
 * F''/F'.  Convergence is cubic, so a guess within a few percent of a
 * standard error (h) needs two evaluations, where bracketing and Brent
 * need a dozen.  Each step is guarded: a derivative that is not positive,
 * a step longer than NEWTON_MAXSTEP h or one that leaves the bracket
 * known from the signs seen hands over to qi_root_increasing from the
 * last point.  Converged when a step is below NEWTON_TOL h (the error
 * left is of the order of step^3 / h^2, below rounding) or 4 DBL_EPSILON
 * |u|.
 */
#define NEWTON_MAXITER	12
#define NEWTON_MAXSTEP	8.0
#define NEWTON_TOL	1e-6
int
qi_root_newton(double (*fn)(double, void *),
    double (*dfn)(double, void *, double *), void *arg, double u0,
    double h, double *root)
{
	double	 u = u0, f, df, d2, step, lo = -INFINITY, hi = INFINITY;
	int	 i;

	for (i = 0; i < NEWTON_MAXITER; i++) {
		f = fn(u, arg);
#ifdef QI_DEBUG_ROOT
		fprintf(stderr, "halley u=%.17g f=%.3g h=%.3g\n", u, f, h);
#endif
		if (isnan(f))
			return -1;
		if (f == 0.0) {
			*root = u;
			return 0;
		}
		if (f < 0.0)
			lo = u;
		else
			hi = u;
		df = dfn(u, arg, &d2);
		if (!(df > 0.0) || !isfinite(df) || !isfinite(d2))
			break;
		step = f / df;
		step /= 1.0 - 0.5 * step * d2;	/* Halley */
		if (!isfinite(step) || fabs(step) > NEWTON_MAXSTEP * h)
			break;
		if (fabs(step) <= fmax(NEWTON_TOL * h,
		    4.0 * DBL_EPSILON * fabs(u))) {
			*root = u - step;
			return 0;
		}
		if (!(u - step > lo && u - step < hi))
			break;
		u -= step;
	}
#ifdef QI_DEBUG_ROOT
	fprintf(stderr, "fallback at %d\n", i);
#endif
	return qi_root_increasing(fn, arg, u, h, root);
}

/*
 * A starting point and step for a lower bound on the logit scale: the
 * Wilson lower bound of x of n at the same level (a close guess) and one
 * standard error of logit(p) there, at most 1.
 */
static void
logit_guess(double x, double n, double tail, double *u0, double *h)
{
	double	 z, t0, c0, w;

	z = gsl_cdf_ugaussian_Qinv(tail);
	wilson(x, n, isfinite(z) ? z : 0.0, &t0, &w);
	if (!(t0 > 0.0 && t0 < 1.0))
		t0 = x / (n + 1.0);
	c0 = 1.0 - t0;
	*u0 = log(t0) - log(c0);
	*h = fmin(1.0, 1.0 / sqrt(n * t0 * c0));
}

/*
 * Clopper-Pearson (1934) lower bound for x >= 1 events in n trials: the t
 * with P(X >= x | n, t) = tail, as u = logit(t) in *up.
 *
 * gsl_cdf_beta_Pinv is not used: in GSL 2.7.1 it fails for rare events in
 * large n (1/1e6) and never returns for 5e6/1e7.  Returns 0, or -1 if GSL
 * fails or does not converge.
 */
int
qi_cp_lower_logit(double x, double n, double tail, double *up)
{
	struct cp_args	 a;
	double		 u0, h;

	a.x = x;
	a.n = n;
	a.tail = tail;
	/* Wilson with continuity correction is close to Clopper-Pearson. */
	logit_guess(x - 0.5, n, tail, &u0, &h);
	return qi_root_newton(cp_lower_f, cp_lower_df, &a, u0, h, up);
}

/*
 * Clopper-Pearson (1934) exact interval.  Bounds:
 *   lower = t with P(X >= x | n, t) = (1 - level)/2, 0 if x = 0;
 *   upper = t with P(X <= x | n, t) = (1 - level)/2, 1 if x = n.
 * By symmetry upper(x, n) = 1 - lower(n - x, n), i.e. logit(upper) =
 * -logit(lower(n - x, n)), so one solver serves both.
 */
static int
ci_exact(double x, double n, double level, double *lo, double *hi)
{
	double	 tail, u, c;

	tail = (1.0 - level) / 2.0;
	if (x == 0.0)
		*lo = 0.0;
	else if (qi_cp_lower_logit(x, n, tail, &u) == 0)
		expit2(u, lo, &c);
	else
		return -1;
	if (x == n)
		*hi = 1.0;
	else if (qi_cp_lower_logit(n - x, n, tail, &u) == 0)
		expit2(-u, hi, &c);
	else
		return -1;
	return 0;
}

/*
 * The normal quantile of a two-sided interval at this level, computed as
 * the upper (1 - level)/2 quantile: the same number as R's
 * qnorm((1 + level)/2), but 1 - level is exact where 1 + level rounds
 * (for level = 1 - 2^-53, (1 + level)/2 is 1.0 and Pinv gives +Inf).
 */
double
qi_z_of_level(double level)
{
	double	 z;

	if (!(level > 0.0 && level < 1.0))
		return NAN;
	z = gsl_cdf_ugaussian_Qinv((1.0 - level) / 2.0);
	return isfinite(z) && z >= 0.0 ? z : NAN;
}

/*
 * Wilson bounds clamped to exactly 0 at x = 0 and 1 at x = n (the formula
 * leaves rounding residue there) and into [0,1].
 */
void
qi_wilson_bounds(double x, double n, double z, double *lo, double *hi)
{
	wilson(x, n, z, lo, hi);
	if (x == 0.0)
		*lo = 0.0;
	if (x == n)
		*hi = 1.0;
	*lo = fmax(*lo, 0.0);
	*hi = fmin(*hi, 1.0);
	/* Only when z is below rounding (level < 1e-16): one point. */
	if (*lo > *hi)
		*lo = *hi;
}

/*
 * Wilson (1927) score interval without continuity correction, as R's
 * prop.test(correct = FALSE).
 */
static int
ci_wilson(double x, double n, double z, double *lo, double *hi)
{
	qi_wilson_bounds(x, n, z, lo, hi);
	return 0;
}

/*
 * Wilson score interval with continuity correction (Newcombe 1998, method
 * 4): the Wilson upper bound of x + 1/2 and the Wilson lower bound of
 * x - 1/2, which is Newcombe's closed form rearranged; lower 0 when
 * x <= 1/2, upper 1 when x >= n - 1/2, as R's prop.test(correct = TRUE)
 * but always with the correction 1/2 (R shrinks it to |x - n/2| when x
 * is within 1/2 of n/2, an artefact of its test of p = 1/2).
 */
static int
ci_wilson_cc(double x, double n, double z, double *lo, double *hi)
{
	double	 l, h;

	if (x <= 0.5)
		*lo = 0.0;
	else {
		wilson(x - 0.5, n, z, &l, &h);
		*lo = fmax(l, 0.0);
	}
	if (x >= n - 0.5)
		*hi = 1.0;
	else {
		wilson(x + 0.5, n, z, &l, &h);
		*hi = fmin(h, 1.0);
	}
	return 0;
}

/* Parameters of the function whose root is a beta quantile. */
struct beta_args {
	double	 a, b;	/* shape parameters, > 0 */
	double	 tail;	/* lower-tail probability sought, in (0, 1/2) */
};

/*
 * f(u) = I_t(a, b) - tail with t = expit(u): the beta CDF minus the
 * target, increasing in u.  qi_beta_inc (stats/pmf.c) is used, not
 * gsl_cdf_beta_P, whose AS 26.5.17 branch for a < 10, b > 1e5 is only
 * good to about 1e-9 and whose continued fraction stops after 512 terms
 * (NaN near the mode when a and b are in the millions).
 */
static double
beta_lower_f(double u, void *arg)
{
	const struct beta_args	*a = arg;
	double			 t, c;

	expit2(u, &t, &c);
	return qi_beta_inc(a->a, a->b, t, c) - a->tail;
}

/*
 * d/du of I_t(a, b) at t = expit(u): t^a (1 - t)^b / B(a, b); and in *d2
 * the ratio of the second derivative to the first, a (1 - t) - b t.
 */
static double
beta_lower_df(double u, void *arg, double *d2)
{
	const struct beta_args	*a = arg;
	double			 t, c;

	expit2(u, &t, &c);
	*d2 = a->a * c - a->b * t;
	return exp(qi_ldbinom(a->a, a->a + a->b, t, c)) * (a->a * a->b /
	    (a->a + a->b));
}

/*
 * Jeffreys interval (Brown, Cai and DasGupta 2001): the equal-tailed
 * interval of the Beta(x + 1/2, n - x + 1/2) posterior, with lower 0 at
 * x = 0 and upper 1 at x = n.  The upper bound of x is 1 - the lower
 * bound of n - x (the shapes swap), so both are lower quantiles, found
 * by Brent on the logit (no gsl_cdf_beta_Pinv).
 */
static int
ci_jeffreys(double x, double n, double level, double *lo, double *hi)
{
	struct beta_args	 a;
	double			 u0, h, u, c;

	a.tail = (1.0 - level) / 2.0;
	if (x == 0.0)
		*lo = 0.0;
	else {
		a.a = x + 0.5;
		a.b = n - x + 0.5;
		logit_guess(x, n, a.tail, &u0, &h);
		if (qi_root_newton(beta_lower_f, beta_lower_df, &a, u0, h,
		    &u) != 0)
			return -1;
		expit2(u, lo, &c);
	}
	if (x == n)
		*hi = 1.0;
	else {
		a.a = n - x + 0.5;
		a.b = x + 0.5;
		logit_guess(n - x, n, a.tail, &u0, &h);
		if (qi_root_newton(beta_lower_f, beta_lower_df, &a, u0, h,
		    &u) != 0)
			return -1;
		expit2(-u, hi, &c);
	}
	return 0;
}

/*
 * Agresti and Coull (1998) "add z^2/2 successes and failures": with
 * n~ = n + z^2 and p~ = (x + z^2/2)/n~, p~ -/+ z sqrt(p~(1 - p~)/n~),
 * cut to [0,1].
 */
static int
ci_agresti_coull(double x, double n, double z, double *lo, double *hi)
{
	double	 nt, pt, half;

	nt = n + z * z;
	pt = (x + z * z / 2.0) / nt;
	half = z * sqrt(pt * (1.0 - pt) / nt);
	*lo = fmax(pt - half, 0.0);
	*hi = fmin(pt + half, 1.0);
	return 0;
}

/*
 * Wald: p -/+ z sqrt(p(1 - p)/n) with p = x/n, cut to [0,1]; a single
 * point at x = 0 and x = n.  Offered for comparison with old reports.
 */
static int
ci_wald(double x, double n, double z, double *lo, double *hi)
{
	double	 p, half;

	p = x / n;
	half = z * sqrt(p * (1.0 - p) / n);
	*lo = fmax(p - half, 0.0);
	*hi = fmin(p + half, 1.0);
	return 0;
}

/*
 * Confidence interval for the proportion x/n at the given level (a
 * probability in (0,1), e.g. 0.95), by Wilson's score method (Wilson
 * 1927, JASA 22:209), with or without continuity correction, the
 * Clopper-Pearson exact method (Clopper and Pearson 1934, Biometrika
 * 26:404), Jeffreys, Agresti-Coull or Wald (Brown, Cai and DasGupta 2001,
 * Stat Sci 16:101); Newcombe (1998, Stat Med 17:857) compares them.  x
 * and n are counts; for the exact method they must be integers (n at
 * most 2^53), for the others they may be fractional.
 *
 * Returns 0 with *lo <= *hi in [0,1] (proportions, not percentages), or
 * -1 with both set to NaN if an argument is outside its domain (n <= 0,
 * x < 0, x > n, level not in (0,1), anything NaN or infinite) or, which
 * should not happen, if GSL fails.
 */
int
qi_ci_proportion(enum qi_ci_method method, double x, double n, double level,
    double *lo, double *hi)
{
	double	 z;
	int	 rc = -1;

	if (lo == NULL || hi == NULL)
		return -1;
	*lo = *hi = NAN;
	if (!isfinite(n) || n <= 0.0)
		goto out;
	if (!isfinite(x) || x < 0.0 || x > n)
		goto out;
	if (!isfinite(level) || level <= 0.0 || level >= 1.0)
		goto out;

	z = qi_z_of_level(level);
	if (isnan(z))
		goto out;
	switch (method) {
	case QI_CI_WILSON:
		rc = ci_wilson(x, n, z, lo, hi);
		break;
	case QI_CI_EXACT:
		if (x != floor(x) || n != floor(n) || n > CP_MAXN)
			goto out;
		rc = ci_exact(x, n, level, lo, hi);
		break;
	case QI_CI_WILSON_CC:
		rc = ci_wilson_cc(x, n, z, lo, hi);
		break;
	case QI_CI_JEFFREYS:
		rc = ci_jeffreys(x, n, level, lo, hi);
		break;
	case QI_CI_AGRESTI_COULL:
		rc = ci_agresti_coull(x, n, z, lo, hi);
		break;
	case QI_CI_WALD:
		rc = ci_wald(x, n, z, lo, hi);
		break;
	default:
		goto out;
	}
	if (rc == 0 && !(*lo >= 0.0 && *lo <= *hi && *hi <= 1.0))
		rc = -1;
out:
	if (rc != 0)
		*lo = *hi = NAN;
	return rc;
}
