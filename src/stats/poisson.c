/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * poisson.c -- confidence intervals for a Poisson rate x/t and for
 * an observed/expected ratio O/E (the same interval with t = E): exact
 * (gamma quantiles), Byar's approximation, and PHE's hybrid of the two.
 *
 * Pure mathematics: no I/O.
 *
 * SPEC: specs/statistics.md#poisson-rates-and-oe-ratios
 */
#include <float.h>
#include <math.h>
#include <stddef.h>

#include "stats.h"
#include "stats_impl.h"

#define POIS_MAXX	9007199254740992.0	/* 2^53: counts stay exact */
#define HYBRID_EXACT_BELOW 10.0		/* PHE: exact for x < 10 */

/* Parameters of the functions whose roots are the exact bounds. */
struct pois_args {
	double	 x;	/* events, a whole number >= 1 (lower), >= 0 (upper) */
	double	 tail;	/* (1 - level)/2 */
};

/*
 * P(X >= x) (upper = 1) or P(X <= x) (upper = 0) for X ~ Poisson(m), by
 * summing the tail that does not hold the mode, from next to x outward:
 * each term is the last times the ratio of successive probabilities, the
 * first is Loader's, and the sum stops when a term no longer changes it.
 * The other tail is 1 minus that sum.  Costs O(sqrt(x)) terms at most.
 */
static double
pois_tail(double x, double m, int upper)
{
	double	 k, term, sum = 0.0;
	int	 far;		/* x lies in the tail asked for */

	far = upper ? x > m : x < m;
	if (upper == far) {	/* upward from x (or x + 1) */
		k = upper ? x : x + 1.0;
		term = exp(qi_ldpois(k, m));
		while (term > sum * DBL_EPSILON * 0.125) {
			sum += term;
			term *= m / (k + 1.0);
			k += 1.0;
		}
	} else {		/* downward from x (or x - 1) to 0 */
		k = upper ? x - 1.0 : x;
		if (k < 0.0)
			return upper ? 1.0 : 0.0;
		term = exp(qi_ldpois(k, m));
		while (k >= 0.0 && term > sum * DBL_EPSILON * 0.125) {
			sum += term;
			term *= k / m;
			k -= 1.0;
		}
	}
	return far ? sum : 1.0 - sum;
}

/*
 * Lower bound: the mean m with P(X >= x | m) = tail; f(u) = that
 * probability - tail, increasing in u = log m.
 */
static double
pois_lower_f(double u, void *arg)
{
	const struct pois_args	*g = arg;

	return pois_tail(g->x, exp(u), 1) - g->tail;
}

/*
 * Upper bound: the mean m with P(X <= x | m) = tail; f(u) = tail - that
 * probability, increasing in u.
 */
static double
pois_upper_f(double u, void *arg)
{
	const struct pois_args	*g = arg;

	return g->tail - pois_tail(g->x, exp(u), 0);
}

/*
 * Byar's approximation (Breslow and Day 1987, p. 69) to the exact bounds
 * of the Poisson mean for x events, with z the normal quantile:
 *   lower = x (1 - 1/(9x) - z/(3 sqrt x))^3,
 *   upper = (x + 1) (1 - 1/(9(x + 1)) + z/(3 sqrt(x + 1)))^3.
 * The lower formula is negative for small x at high levels (x = 1 at
 * 99.8%) and undefined at x = 0: qi gives 0 there (a mean is not
 * negative); PHE gives NA.
 */
static void
byar(double x, double z, double *lo, double *hi)
{
	double	 b;

	if (x > 0.0) {
		b = 1.0 - 1.0 / (9.0 * x) - z / (3.0 * sqrt(x));
		*lo = b > 0.0 ? x * b * b * b : 0.0;
	} else
		*lo = 0.0;
	b = 1.0 - 1.0 / (9.0 * (x + 1.0)) + z / (3.0 * sqrt(x + 1.0));
	*hi = (x + 1.0) * b * b * b;
}

/*
 * Exact bounds of the Poisson mean for x events (Garwood 1936):
 * lower = the (1 - level)/2 quantile of Gamma(x, 1), 0 if x = 0;
 * upper = the (1 + level)/2 quantile of Gamma(x + 1, 1); i.e.
 * qchisq(., 2x)/2 and qchisq(., 2x + 2)/2.  Found by Brent on log m from
 * Byar's bounds (close for large x), on Poisson tail sums (GSL's
 * incomplete gamma functions fail for x in the millions).  Returns 0 or
 * -1.
 */
static int
pois_exact(double x, double level, double z, double *lo, double *hi)
{
	struct pois_args	 g;
	double			 blo, bhi, u;

	byar(x, z, &blo, &bhi);
	g.tail = (1.0 - level) / 2.0;
	if (x == 0.0)
		*lo = 0.0;
	else {
		g.x = x;
		if (!(blo > 0.0))
			blo = x / 2.0;
		if (qi_root_increasing(pois_lower_f, &g, log(blo),
		    fmin(1.0, 1.0 / sqrt(x)), &u) != 0)
			return -1;
		*lo = exp(u);
	}
	g.x = x;
	if (qi_root_increasing(pois_upper_f, &g, log(bhi),
	    fmin(1.0, 1.0 / sqrt(x + 1.0)), &u) != 0)
		return -1;
	*hi = exp(u);
	return 0;
}

/*
 * Interval for the rate x/t (specs/statistics.md): the bounds of the
 * Poisson mean divided by t.  The division is the last step, so a tiny
 * or huge t costs one rounding and nothing else.
 */
int
qi_ci_poisson(enum qi_rate_method method, double x, double t, double level,
    double *lo, double *hi)
{
	double	 z, mlo = NAN, mhi = NAN;
	int	 rc = -1;

	if (lo == NULL || hi == NULL)
		return -1;
	*lo = *hi = NAN;
	if (!isfinite(x) || x < 0.0 || !isfinite(t) || t <= 0.0)
		goto out;
	if (isnan(z = qi_z_of_level(level)))
		goto out;
	switch (method) {
	case QI_RATE_EXACT:
		if (x != floor(x) || x > POIS_MAXX)
			goto out;
		rc = pois_exact(x, level, z, &mlo, &mhi);
		break;
	case QI_RATE_BYAR:
		byar(x, z, &mlo, &mhi);
		rc = 0;
		break;
	case QI_RATE_HYBRID:
		if (x < HYBRID_EXACT_BELOW) {
			if (x != floor(x))
				goto out;
			rc = pois_exact(x, level, z, &mlo, &mhi);
		} else {
			byar(x, z, &mlo, &mhi);
			rc = 0;
		}
		break;
	default:
		goto out;
	}
	if (rc != 0)
		goto out;
	*lo = mlo / t;
	*hi = mhi / t;
	if (!(*lo >= 0.0 && *lo <= *hi && isfinite(*hi)))
		rc = -1;
out:
	if (rc != 0)
		*lo = *hi = NAN;
	return rc;
}
