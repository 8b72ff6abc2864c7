/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pmf.c -- point probabilities in logs by Loader's saddle-point
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
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_gamma.h>

#include "stats_impl.h"

#define LN_SQRT_2PI	0.918938533204672741780329736406	/* log sqrt(2 pi) */
#define CF_MAXITER	1000000	/* continued fraction terms; O(sqrt(a + b)) used */
#define CF_TINY		1e-300
#define SERIES_MAXXN	40.0	/* power series when x (p + q) <= this */
#define SERIES_MAXTERMS	1000.0

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
	    bd0(n - k, n * q) - LN_SQRT_2PI - 0.5 * (log(k) +
	    log((n - k) / n));	/* not log1p(-k/n): k/n rounds near 1 */
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

/*
 * x - log(1 + x) for x > -1, without cancellation for small |x|: with
 * v = x/(2 + x), log(1 + x) = 2 atanh(v), so x - log(1 + x) =
 * x v - 2 (v^3/3 + v^5/5 + ...).
 */
static double
rlog1(double x)
{
	double	 v, v2, p, s, s1;
	int	 j;

	if (fabs(x) > 0.25)
		return x - log1p(x);
	v = x / (2.0 + x);
	v2 = v * v;
	p = 2.0 * v * v2;
	s = x * v;
	for (j = 3; j < 200; j += 2) {
		s1 = s - p / j;
		if (s1 == s)
			break;
		s = s1;
		p *= v2;
	}
	return s;
}

/* exp(z^2) erfc(z) for z >= 0, without overflow. */
static double
erfcx(double z)
{
	if (z < 1.0)
		return exp(z * z) * gsl_sf_erfc(z);
	return exp(z * z + gsl_sf_log_erfc(z));
}

/*
 * Temme's uniform asymptotic expansion of I_x(a, b) for large a and b
 * (Temme 1987; DiDonato and Morris 1992, TOMS 708, routine BASYM), with
 * lambda = a - (a + b) x >= 0 given (x at or below the mean).  Its cost
 * does not grow with a and b.  TOMS 708 uses it for a, b > 100 and
 * lambda <= 0.03 min(a, b); checked against R's pbeta on 3 000 random
 * whole and half-integer shapes from 40 to 1e7, it is good to 1e-13
 * relative for lambda up to 0.45 min(a, b) when min(a, b) < 1e4, and to
 * 4e-12 (the conditioning of the problem there) above.  Its terms fall
 * like min(a, b)^(-n/2), so below a few thousand it needs all twenty
 * orders and costs several microseconds, where the continued fraction
 * costs half a microsecond; above, the continued fraction slows down
 * (O(sqrt(min(a, b))) terms) and this takes 0.3-0.5 us.  So qi uses it
 * for min(a, b) >= 3000 and |lambda| <= 0.4 min(a, b).
 */
#define BASYM_NUM	20	/* most terms, even */
#define BASYM_MIN	3000.0	/* smallest shape it is used for */
#define BASYM_MAXLAMBDA	0.4	/* largest |lambda| / min(a, b) */
/*
 * The coefficients d[] of the expansion depend on a and b only, not on
 * x, and cost O(n^3) for n orders, while an evaluation costs O(n): a
 * root search evaluates the same a, b several times, so the last pair's
 * coefficients are kept, per thread, and extended as needed.
 */
struct basym_coef {
	double	 a, b;		/* the pair; a = 0 when empty */
	double	 h, r0, r1, w0;
	double	 s, hn;		/* running sums of the a0[] recurrence */
	int	 n;		/* d[0..n] hold orders up to n (even) */
	double	 a0[BASYM_NUM + 1], c[BASYM_NUM + 1], d[BASYM_NUM + 1];
};

static _Thread_local struct basym_coef basym_cache;

static struct basym_coef *
basym_coef_for(double a, double b)
{
	struct basym_coef	*k = &basym_cache;

	if (k->a == a && k->b == b)
		return k;
	k->a = a;
	k->b = b;
	if (a < b) {
		k->h = a / b;
		k->r1 = (b - a) / b;
		k->w0 = 1.0 / sqrt(a * (1.0 + k->h));
	} else {
		k->h = b / a;
		k->r1 = (b - a) / a;
		k->w0 = 1.0 / sqrt(b * (1.0 + k->h));
	}
	k->r0 = 1.0 / (1.0 + k->h);
	k->a0[0] = k->r1 * (2.0 / 3.0);
	k->c[0] = -0.5 * k->a0[0];
	k->d[0] = -k->c[0];
	k->s = 1.0;
	k->hn = 1.0;
	k->n = 0;
	return k;
}

/* Orders n - 1 and n (n even, one past k->n). */
static void
basym_coef_extend(struct basym_coef *k, int n)
{
	double	 b0[BASYM_NUM + 1], r, bsum, dsum;
	int	 i, m, j;

	k->hn *= k->h * k->h;
	k->a0[n - 1] = 2.0 * k->r0 * (1.0 + k->h * k->hn) / (n + 2.0);
	k->s += k->hn;
	k->a0[n] = 2.0 * k->r1 * k->s / (n + 3.0);
	for (i = n; i <= n + 1; i++) {
		r = -0.5 * (i + 1.0);
		b0[0] = r * k->a0[0];
		for (m = 2; m <= i; m++) {
			bsum = 0.0;
			for (j = 1; j <= m - 1; j++)
				bsum += (j * r - (m - j)) * k->a0[j - 1] *
				    b0[m - j - 1];
			b0[m - 1] = r * k->a0[m - 1] + bsum / m;
		}
		k->c[i - 1] = b0[i - 1] / (i + 1.0);
		dsum = 0.0;
		for (j = 1; j <= i - 1; j++)
			dsum += k->d[i - j - 1] * k->c[j - 1];
		k->d[i - 1] = -(dsum + k->c[i - 1]);
	}
	k->n = n;
}

static double
basym(double a, double b, double lambda)
{
	static const double e0 = 1.12837916709551257390;	/* 2/sqrt(pi) */
	static const double e1 = 0.35355339059327376220;	/* 2^(-3/2) */
	struct basym_coef	*k;
	double	 f, t, z0, z, z2, j0, j1, sum, w, znm1, zn, t0, t1, u;
	int	 n;

	f = a * rlog1(-lambda / a) + b * rlog1(lambda / b);
	t = exp(-f);
	if (t == 0.0)
		return 0.0;
	k = basym_coef_for(a, b);
	z0 = sqrt(f);
	z = 0.5 * (z0 / e1);
	z2 = f + f;
	j0 = (0.5 / e0) * erfcx(z0);
	j1 = e1;
	sum = j0 + k->d[0] * k->w0 * j1;
	w = k->w0;
	znm1 = z;
	zn = z2;
	for (n = 2; n <= BASYM_NUM; n += 2) {
		if (k->n < n)
			basym_coef_extend(k, n);
		j0 = e1 * znm1 + (n - 1.0) * j0;
		j1 = e1 * zn + n * j1;
		znm1 *= z2;
		zn *= z2;
		w *= k->w0;
		t0 = k->d[n - 1] * w * j0;
		w *= k->w0;
		t1 = k->d[n] * w * j1;
		sum += t0 + t1;
		if (fabs(t0) + fabs(t1) <= 1e-15 * sum)
			break;
	}
	u = exp(-(stirlerr(a) + stirlerr(b) - stirlerr(a + b)));
	return e0 * t * u * sum;
}

/*
 * I_x(p, q) by its power series (Abramowitz and Stegun 26.5.4 through
 * the hypergeometric function): x^p (1 - x)^q / (p B(p, q)) times
 * sum_k (p + q)_k / (p + 1)_k x^k.  The terms are positive, so the sum
 * is exact to rounding; it is used where x (p + q) is small, which is
 * where the continued fraction, run with the large shape first, loses
 * up to 1e-10 (a huge, b small, t near 1).  y = 1 - x.
 */
static double
beta_series(double p, double q, double x, double y)
{
	double	 term = 1.0, sum = 0.0, k;

	for (k = 0.0; k < SERIES_MAXTERMS; k += 1.0) {
		sum += term;
		term *= (p + q + k) * x / (p + 1.0 + k);
		if (term < sum * DBL_EPSILON * 0.125 &&
		    (p + q + k) * x < p + 1.0 + k)
			break;
	}
	return exp(qi_ldbinom(p, p + q, x, y)) * (q / (p + q)) * sum;
}

double
qi_beta_inc(double a, double b, double t, double c)
{
	double	 lambda, w;

	if (t <= 0.0)
		return 0.0;
	if (c <= 0.0)
		return 1.0;
	if (a >= BASYM_MIN && b >= BASYM_MIN) {
		/* lambda = a - (a + b) t, from whichever of t, c is smaller */
		lambda = t < 0.5 ? fma(-(a + b), t, a) : fma(a + b, c, -b);
		if (fabs(lambda) <= BASYM_MAXLAMBDA * fmin(a, b))
			return lambda >= 0.0 ? basym(a, b, lambda) :
			    1.0 - basym(b, a, -lambda);
	}
	/*
	 * The power series in the smaller of t, 1 - t, when it is short.
	 * In 1 - t it gives the complement, which is kept unless the result
	 * is below 1e-3 (three digits lost at most); then the continued
	 * fraction does better.
	 */
	if (t <= c && t * (a + b) <= SERIES_MAXXN)
		return beta_series(a, b, t, c);
	if (c < t && c * (a + b) <= SERIES_MAXXN) {
		w = beta_series(b, a, c, t);
		if (1.0 - w >= 1e-3)
			return 1.0 - w;
	}
	if (t < (a + 1.0) / (a + b + 2.0))
		return beta_cf(a, b, t, c);
	return 1.0 - beta_cf(b, a, c, t);
}
