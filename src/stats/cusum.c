/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cusum.c -- the risk-adjusted Bernoulli CUSUM of Steiner, Cook,
 * Farewell and Treasure (2000, Monitoring surgical performance using
 * risk-adjusted cumulative sum charts, Biostatistics 1:441-452), and its
 * average run length by the Markov chain of Brook and Evans (1972,
 * Biometrika 59:539-549).
 *
 * Pure mathematics; the ARL allocates its m x m matrix and frees it
 * before returning.  GSL's error handler is off: statuses are checked.
 *
 * SPEC: specs/statistics.md#risk-adjusted-cusum
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>

#include "stats.h"

#define H_DOUBLINGS	60	/* hi = 2^60 at most when searching h */
#define H_BISECTIONS	50

double
qi_cusum_weight(double p, int y, double odds_ratio)
{
	if (!(p > 0.0 && p < 1.0) || !(odds_ratio > 0.0) ||
	    !isfinite(odds_ratio) || (y != 0 && y != 1))
		return NAN;
	/* log of R^y / (1 - p + R p): the likelihood ratio of odds R to 1 */
	return (y ? log(odds_ratio) : 0.0) - log1p(p * (odds_ratio - 1.0));
}

double
qi_cusum_arl(const double *p, size_t k, double odds_ratio, double or_true,
    double h, size_t m)
{
	gsl_matrix	*a = NULL;
	gsl_vector	*b = NULL, *arl = NULL;
	gsl_permutation	*perm = NULL;
	double		 res = NAN, q, step, w, py;
	long		 d, to;
	size_t		 i, j, y;
	int		 sign;

	if (p == NULL || k == 0 || m == 0 || !(h > 0.0) || !isfinite(h) ||
	    !(or_true > 0.0) || !isfinite(or_true))
		return NAN;
	step = h / (double)m;
	if ((a = gsl_matrix_calloc(m, m)) == NULL ||
	    (b = gsl_vector_alloc(m)) == NULL ||
	    (arl = gsl_vector_alloc(m)) == NULL ||
	    (perm = gsl_permutation_alloc(m)) == NULL)
		goto out;
	/* a = I - Q, Q the transitions among the m transient states */
	for (i = 0; i < m; i++)
		gsl_matrix_set(a, i, i, 1.0);
	gsl_vector_set_all(b, 1.0);
	for (j = 0; j < k; j++) {
		/* P(y = 1) under odds ratio or_true against p */
		q = or_true * p[j] / (1.0 - p[j] + or_true * p[j]);
		for (y = 0; y <= 1; y++) {
			w = qi_cusum_weight(p[j], (int)y, odds_ratio);
			py = (y ? q : 1.0 - q) / (double)k;
			if (isnan(w) || !isfinite(w / step))
				goto out;
			d = (long)nearbyint(w / step);
			for (i = 0; i < m; i++) {
				to = (long)i + d;
				if (to < 0)
					to = 0;
				if (to >= (long)m)
					continue;	/* absorbed: a signal */
				*gsl_matrix_ptr(a, i, (size_t)to) -= py;
			}
		}
	}
	if (gsl_linalg_LU_decomp(a, perm, &sign) != GSL_SUCCESS ||
	    gsl_linalg_LU_solve(a, perm, b, arl) != GSL_SUCCESS)
		goto out;
	res = gsl_vector_get(arl, 0);
	if (!isfinite(res) || res < 1.0)
		res = NAN;
out:
	gsl_matrix_free(a);
	gsl_vector_free(b);
	gsl_vector_free(arl);
	gsl_permutation_free(perm);
	return res;
}

double
qi_cusum_h_for_arl(const double *p, size_t k, double odds_ratio,
    double arl0, size_t m)
{
	double	 lo = 0.0, hi = 1.0, mid, v;
	int	 i;

	if (!(arl0 > 1.0) || !isfinite(arl0))
		return NAN;
	for (i = 0; ; i++) {
		v = qi_cusum_arl(p, k, odds_ratio, 1.0, hi, m);
		if (isnan(v) || i == H_DOUBLINGS)
			return NAN;
		if (v >= arl0)
			break;
		lo = hi;
		hi *= 2.0;
	}
	for (i = 0; i < H_BISECTIONS; i++) {
		mid = (lo + hi) / 2.0;
		v = qi_cusum_arl(p, k, odds_ratio, 1.0, mid, m);
		if (isnan(v))
			return NAN;
		if (v >= arl0)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}
