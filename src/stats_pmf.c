/*
 * stats_pmf.c -- point probabilities in logs by Loader's saddle-point
 * method (binomial, Poisson), and the regularized incomplete beta
 * function by its continued fraction with that prefactor.  Shared by
 * the interval and comparison files through stats_impl.h.
 *
 * Loader C. Fast and accurate computation of binomial probabilities,
 * 2000 (the method of R's dbinom and dpois): log probabilities are
 * accurate to a few ulps for any size, where log-gamma differences
 * lose about log10(n) digits.
 */
#include <float.h>
#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>

#include "stats_impl.h"

#define LN_SQRT_2PI	0.918938533204672741780329736406	/* log sqrt(2 pi) */
#define CF_MAXITER	1000000	/* continued fraction terms; O(sqrt(a + b)) used */
#define CF_TINY		1e-300

/*
 * Stirling's error log Gamma(n + 1) - log(sqrt(2 pi n) (n/e)^n), n >= 0.
 * Up to 15 from the log-gamma function (its absolute error, about 1e-15,
 * is what matters here); beyond, the asymptotic series, accurate to
 * rounding there.
 */
static double
stirlerr(double n)
{
	static const double S0 = 1.0 / 12, S1 = 1.0 / 360, S2 = 1.0 / 1260,
	    S3 = 1.0 / 1680, S4 = 1.0 / 1188;
	double	 nn;

	if (n <= 15.0) {
		if (n == 0.0)
			return 0.0;
		return gsl_sf_lngamma(n + 1.0) - (n + 0.5) * log(n) + n -
		    LN_SQRT_2PI;
	}
	nn = n * n;
	if (n > 500.0)
		return (S0 - S1 / nn) / n;
	if (n > 80.0)
		return (S0 - (S1 - S2 / nn) / nn) / n;
	if (n > 35.0)
		return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
	return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/*
 * The deviance term x log(x/m) + m - x, without cancellation when x is
 * near m: a series in v = (x - m)/(x + m).
 */
static double
bd0(double x, double m)
{
	double	 v, s, s1, ej;
	int	 j;

	if (fabs(x - m) < 0.1 * (x + m)) {
		v = (x - m) / (x + m);
		s = (x - m) * v;
		ej = 2.0 * x * v;
		v *= v;
		for (j = 1; j < 1000; j++) {
			ej *= v;
			s1 = s + ej / (2 * j + 1);
			if (s1 == s)
				return s1;
			s = s1;
		}
	}
	return x * log(x / m) + m - x;
}

double
qi_ldbinom(double k, double n, double p, double q)
{
	if (k < 0.0 || k > n)
		return -INFINITY;
	if (p == 0.0)
		return k == 0.0 ? 0.0 : -INFINITY;
	if (q == 0.0)
		return k == n ? 0.0 : -INFINITY;
	if (k == 0.0)
		return n == 0.0 ? 0.0 : p < 0.1 ? -bd0(n, n * q) - n * p :
		    n * log(q);
	if (k == n)
		return q < 0.1 ? -bd0(n, n * p) - n * q : n * log(p);
	return stirlerr(n) - stirlerr(k) - stirlerr(n - k) - bd0(k, n * p) -
	    bd0(n - k, n * q) - LN_SQRT_2PI - 0.5 * (log(k) + log1p(-k / n));
}

double
qi_ldpois(double k, double m)
{
	if (k < 0.0)
		return -INFINITY;
	if (m == 0.0)
		return k == 0.0 ? 0.0 : -INFINITY;
	if (k == 0.0)
		return -m;
	return -stirlerr(k) - bd0(k, m) - LN_SQRT_2PI - 0.5 * log(k);
}

/*
 * I_t(a, b) for t < (a + 1)/(a + b + 2), where the continued fraction
 * (Abramowitz and Stegun 26.5.8) converges fast, evaluated by the
 * modified Lentz method.  Prefactor t^a (1 - t)^b / (a B(a, b)) =
 * b/(a + b) * dbinom(a; a + b, t), Loader's form for real a, b, so no
 * log-beta cancellation.  c = 1 - t given separately.
 */
static double
beta_cf(double a, double b, double t, double c)
{
	double	 qab, qap, qam, C, D, h, aa, del, m, m2;
	long	 i;

	qab = a + b;
	qap = a + 1.0;
	qam = a - 1.0;
	C = 1.0;
	D = 1.0 - qab * t / qap;
	if (fabs(D) < CF_TINY)
		D = CF_TINY;
	D = 1.0 / D;
	h = D;
	for (i = 1; i <= CF_MAXITER; i++) {
		m = (double)i;
		m2 = 2.0 * m;
		aa = m * (b - m) * t / ((qam + m2) * (a + m2));
		D = 1.0 + aa * D;
		if (fabs(D) < CF_TINY)
			D = CF_TINY;
		C = 1.0 + aa / C;
		if (fabs(C) < CF_TINY)
			C = CF_TINY;
		D = 1.0 / D;
		h *= D * C;
		aa = -(a + m) * (qab + m) * t / ((a + m2) * (qap + m2));
		D = 1.0 + aa * D;
		if (fabs(D) < CF_TINY)
			D = CF_TINY;
		C = 1.0 + aa / C;
		if (fabs(C) < CF_TINY)
			C = CF_TINY;
		D = 1.0 / D;
		del = D * C;
		h *= del;
		if (fabs(del - 1.0) < DBL_EPSILON)
			break;
	}
	if (i > CF_MAXITER)
		return NAN;
	return exp(qi_ldbinom(a, a + b, t, c)) * (b / (a + b)) * h;
}

double
qi_beta_inc(double a, double b, double t, double c)
{
	if (t <= 0.0)
		return 0.0;
	if (c <= 0.0)
		return 1.0;
	if (t < (a + 1.0) / (a + b + 2.0))
		return beta_cf(a, b, t, c);
	return 1.0 - beta_cf(b, a, c, t);
}
