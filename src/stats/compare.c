/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * compare.c -- two groups compared: the difference of two proportions
 * with Newcombe's hybrid score interval, Pearson's chi-square test with
 * and without Yates' correction, Fisher's exact test, and the ratio of
 * two Poisson rates with its exact conditional interval and test.
 *
 * The two-sided exact p-values follow R (fisher.test, binom.test): the
 * probabilities of every outcome no more likely than the observed one,
 * with R's relative tolerance 1e-7 for ties.  Point probabilities are
 * computed in logs by Loader's saddle-point method (stats/pmf.c), so
 * tables of a million and more cost O(sqrt(n)) and never underflow.
 *
 * SPEC: specs/statistics.md#comparing-two-groups
 */
#include <float.h>
#include <math.h>
#include <stddef.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_erf.h>

#include "stats.h"
#include "stats_impl.h"

#define CMP_MAXN	9007199254740992.0	/* 2^53: counts stay exact */
#define REL_TIES	1e-7	/* R: relErr <- 1 + 1e-7 */
/*
 * log P(K = k) for the hypergeometric K: white balls among d drawn from
 * w white and b black.  As R's dhyper: three binomial terms at
 * p = d/(w + b).
 */
static double
ldhyper(double k, double w, double b, double d)
{
	double	 p, q;

	if (k < 0.0 || k > w || d - k > b || k > d)
		return -INFINITY;
	if (d == 0.0)
		return k == 0.0 ? 0.0 : -INFINITY;
	p = d / (w + b);
	q = (w + b - d) / (w + b);
	return qi_ldbinom(k, w, p, q) + qi_ldbinom(d - k, b, p, q) -
	    qi_ldbinom(d, w + b, p, q);
}

/* A discrete unimodal distribution on whole numbers lo..hi. */
struct dist {
	double	 lo, hi;
	double	 (*ld)(const struct dist *, double k);	/* log P(K = k) */
	double	 (*ratio)(const struct dist *, double k); /* P(k+1)/P(k) */
	double	 n, p, q;	/* binomial */
	double	 w, b, d;	/* hypergeometric */
};

static double
binom_ld(const struct dist *D, double k)
{
	return qi_ldbinom(k, D->n, D->p, D->q);
}

static double
binom_ratio(const struct dist *D, double k)
{
	return (D->n - k) / (k + 1.0) * (D->p / D->q);
}

static double
hyper_ld(const struct dist *D, double k)
{
	return ldhyper(k, D->w, D->b, D->d);
}

static double
hyper_ratio(const struct dist *D, double k)
{
	return (D->w - k) * (D->d - k) / ((k + 1.0) * (D->b - D->d + k + 1.0));
}

/*
 * P(K <= k) (down = 1) or P(K >= k) (down = 0), summed from k outward,
 * where the terms fall: each term is the last times the ratio of
 * successive probabilities, and the sum stops when a term no longer
 * changes it.  Only called on the side of k away from the mode.
 */
static double
tail_sum(const struct dist *D, double k, int down)
{
	double	 term, sum = 0.0;

	if (k < D->lo || k > D->hi)
		return 0.0;
	term = exp(D->ld(D, k));
	while (term > sum * DBL_EPSILON * 0.125) {
		sum += term;
		if (down) {
			if (k <= D->lo)
				break;
			k -= 1.0;
			term /= D->ratio(D, k);
		} else {
			if (k >= D->hi)
				break;
			term *= D->ratio(D, k);
			k += 1.0;
		}
	}
	return sum;
}

/*
 * On [a, b], where log P is monotone (rising if rising = 1), the outer
 * end of the outcomes with log P <= thr: the largest such k when rising
 * (a - 1 if none), the smallest when falling (b + 1 if none).  Bisection.
 */
static double
monotone_cut(const struct dist *D, double a, double b, double thr,
    int rising)
{
	double	 m, lo, hi;

	if (rising) {
		if (D->ld(D, a) > thr)
			return a - 1.0;
		lo = a;			/* ld(lo) <= thr */
		hi = b + 1.0;		/* ld(hi) > thr, or past the end */
		while (hi - lo > 1.0) {
			m = floor(lo + (hi - lo) / 2.0);
			if (D->ld(D, m) <= thr)
				lo = m;
			else
				hi = m;
		}
		return lo;
	}
	if (D->ld(D, b) > thr)
		return b + 1.0;
	lo = a - 1.0;			/* ld(lo) > thr, or before the start */
	hi = b;				/* ld(hi) <= thr */
	while (hi - lo > 1.0) {
		m = floor(lo + (hi - lo) / 2.0);
		if (D->ld(D, m) <= thr)
			hi = m;
		else
			lo = m;
	}
	return hi;
}

/*
 * Fisher's exact test, two-sided, as R's fisher.test for a 2x2 table:
 * the sum of the hypergeometric probabilities of every table with the
 * same margins whose probability is at most the observed one times
 * 1 + 1e-7.  The hypergeometric is unimodal, so those tables are the two
 * outer runs of the support, each found by bisection and summed outward.
 */
static double
fisher_p(double x1, double n1, double x2, double n2)
{
	struct dist	 D = { 0 };
	double		 mode, thr, kl, kr, p;

	D.w = n1;
	D.b = n2;
	D.d = x1 + x2;
	D.lo = fmax(0.0, D.d - D.b);
	D.hi = fmin(D.d, D.w);
	D.ld = hyper_ld;
	D.ratio = hyper_ratio;
	if (D.lo == D.hi)
		return 1.0;
	mode = floor((D.d + 1.0) * (D.w + 1.0) / (D.w + D.b + 2.0));
	mode = fmin(fmax(mode, D.lo), D.hi);
	thr = hyper_ld(&D, x1) + log1p(REL_TIES);
	if (hyper_ld(&D, mode) <= thr)
		return 1.0;
	kl = monotone_cut(&D, D.lo, mode, thr, 1);
	kr = monotone_cut(&D, mode, D.hi, thr, 0);
	p = tail_sum(&D, kl, 1) + tail_sum(&D, kr, 0);
	return fmin(p, 1.0);
}

/*
 * Two-sided exact binomial p-value of H0: P(event) = p, as R's
 * binom.test: with m = n p, when x < m, P(K <= x) plus the outcomes at or
 * above ceil(m) no more likely than x (times 1 + 1e-7); mirrored when
 * x > m; 1 when x = m.
 */
static double
binom_p(double x, double n, double p, double q)
{
	struct dist	 D = { 0 };
	double		 m, thr, k, s;

	D.n = n;
	D.p = p;
	D.q = q;
	D.lo = 0.0;
	D.hi = n;
	D.ld = binom_ld;
	D.ratio = binom_ratio;
	m = n * p;
	if (x == m)
		return 1.0;
	thr = qi_ldbinom(x, n, p, q) + log1p(REL_TIES);
	if (x < m) {
		k = monotone_cut(&D, ceil(m), n, thr, 0);
		s = tail_sum(&D, x, 1) + tail_sum(&D, k, 0);
	} else {
		k = monotone_cut(&D, 0.0, floor(m), thr, 1);
		s = tail_sum(&D, k, 1) + tail_sum(&D, x, 0);
	}
	return fmin(s, 1.0);
}

/* a d - b c, correctly rounded (Kahan's algorithm with fma). */
static double
det2(double a, double b, double c, double d)
{
	double	 w, e;

	w = b * c;
	e = fma(-b, c, w);
	return fma(a, d, -w) + e;
}

static int
whole_count(double x, double n)
{
	return isfinite(n) && n > 0.0 && n <= CMP_MAXN && n == floor(n) &&
	    isfinite(x) && x >= 0.0 && x <= n && x == floor(x);
}

int
qi_compare_proportions(double x1, double n1, double x2, double n2,
    double level, struct qi_compare *r)
{
	double	 z, p1, p2, l1, u1, l2, u2, N, m1, m2, D, Y, s;

	if (r == NULL)
		return -1;
	r->diff = r->lower = r->upper = NAN;
	r->chisq = r->p_chisq = r->p_yates = r->p_fisher = NAN;
	if (!whole_count(x1, n1) || !whole_count(x2, n2))
		return -1;
	if (isnan(z = qi_z_of_level(level)))
		return -1;

	/* Newcombe (1998) method 10, from the two Wilson intervals. */
	p1 = x1 / n1;
	p2 = x2 / n2;
	qi_wilson_bounds(x1, n1, z, &l1, &u1);
	qi_wilson_bounds(x2, n2, z, &l2, &u2);
	r->diff = p1 - p2;
	r->lower = r->diff - hypot(p1 - l1, u2 - p2);
	r->upper = r->diff + hypot(u1 - p1, p2 - l2);

	/*
	 * Pearson's chi-square on the table (x1, n1 - x1; x2, n2 - x2).
	 * Every cell is |O - E| = |ad - bc|/N away from its expectation.
	 * With a zero margin (no events or no non-events at all) E has a
	 * zero and the statistic is NaN, as in R's chisq.test.
	 */
	N = n1 + n2;
	m1 = x1 + x2;
	m2 = N - m1;
	if (m1 > 0.0 && m2 > 0.0) {
		D = fabs(det2(x1, n1 - x1, x2, n2 - x2)) / N;
		s = N / (n1 * m1) + N / (n1 * m2) + N / (n2 * m1) +
		    N / (n2 * m2);	/* sum of 1/E */
		r->chisq = D * D * s;
		r->p_chisq = gsl_sf_erfc(sqrt(r->chisq / 2.0));
		Y = fmin(0.5, D);	/* R: min(0.5, |O - E|) */
		r->p_yates = gsl_sf_erfc(sqrt((D - Y) * (D - Y) * s / 2.0));
	}
	r->p_fisher = fisher_p(x1, n1, x2, n2);
	return 0;
}

int
qi_rate_ratio(double x1, double t1, double x2, double t2, double level,
    double *rr, double *lo, double *hi, double *p)
{
	double	 n, tail, u, p0, q0;

	if (rr == NULL || lo == NULL || hi == NULL || p == NULL)
		return -1;
	*rr = *lo = *hi = *p = NAN;
	if (!isfinite(x1) || x1 < 0.0 || x1 != floor(x1) ||
	    !isfinite(x2) || x2 < 0.0 || x2 != floor(x2) ||
	    !(isfinite(t1) && t1 > 0.0) || !(isfinite(t2) && t2 > 0.0) ||
	    x1 + x2 > CMP_MAXN || isnan(qi_z_of_level(level)))
		return -1;

	/*
	 * Given n = x1 + x2, x1 ~ Bin(n, pi) with pi/(1 - pi) = rr t1/t2:
	 * the Clopper-Pearson bounds of pi, as odds, times t2/t1.  The
	 * solver works on the logit, so the odds are exp(u) unrounded.
	 */
	n = x1 + x2;
	tail = (1.0 - level) / 2.0;
	*rr = (x1 / t1) / (x2 / t2);
	if (x1 == 0.0)
		*lo = 0.0;
	else if (qi_cp_lower_logit(x1, n, tail, &u) == 0)
		*lo = exp(u) * (t2 / t1);
	else
		goto fail;
	if (x2 == 0.0)
		*hi = INFINITY;
	else if (qi_cp_lower_logit(x2, n, tail, &u) == 0)
		*hi = exp(-u) * (t2 / t1);
	else
		goto fail;

	p0 = t1 / (t1 + t2);
	q0 = t2 / (t1 + t2);
	*p = n == 0.0 ? 1.0 : binom_p(x1, n, p0, q0);
	return 0;
fail:
	*rr = *lo = *hi = *p = NAN;
	return -1;
}
