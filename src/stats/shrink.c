/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * shrink.c -- empirical-Bayes smoothing of hospital proportions under a
 * beta-binomial model fitted by the method of moments.
 *
 * Model: unit i has true rate p_i ~ Beta(alpha, beta) and x_i | p_i ~
 * Bin(n_i, p_i).  With pi = alpha/(alpha + beta) and the intraclass
 * correlation rho = 1/(alpha + beta + 1),
 *   E(x_i/n_i) = pi,  Var(x_i/n_i) = pi(1 - pi)(1 + (n_i - 1) rho)/n_i.
 * Kleinman (1973, JASA 68:46) estimates pi and rho from the weighted sum
 * of squares S = sum w_i (x_i/n_i - pi^)^2; with the weights w_i = n_i
 * (his starting weights, no iteration) pi^ is the pooled rate sum x /
 * sum n and
 *   E(S) = pi(1 - pi) [ (k - 1) + rho (N - sum n_i^2 / N - (k - 1)) ],
 * N = sum n_i.  Equating S to its expectation with pi^ for pi gives
 *   rho^ = (S / (pi^(1 - pi^)) - (k - 1)) / (N - sum n_i^2 / N - (k - 1)).
 * The posterior mean of p_i is (x_i + alpha)/(n_i + alpha + beta).
 *
 * SPEC: specs/statistics.md#smoothing
 */
#include <math.h>
#include <string.h>

#include "stats.h"

int
qi_shrink_fit(const double *x, const double *n, size_t k,
    struct qi_shrink *out)
{
	double	 sx = 0.0, sn = 0.0, sn2 = 0.0, ss = 0.0, d, v, p;
	size_t	 i;

	if (out == NULL)
		return -1;
	memset(out, 0, sizeof(*out));
	if (x == NULL || n == NULL || k < 2)
		return -1;
	for (i = 0; i < k; i++) {
		if (!(n[i] > 0.0) || !isfinite(n[i]) || !(x[i] >= 0.0) ||
		    !(x[i] <= n[i]))
			return -1;
		sx += x[i];
		sn += n[i];
		sn2 += n[i] * n[i];
	}
	p = sx / sn;
	for (i = 0; i < k; i++) {
		d = x[i] / n[i] - p;
		ss += n[i] * d * d;
	}
	d = sn - sn2 / sn - (double)(k - 1);	/* coefficient of rho */
	if (!(d > 0.0) || !isfinite(d) || !isfinite(ss))
		return -1;
	out->k = k;
	out->pooled = p;
	v = p * (1.0 - p);
	/* p = 0 or 1: every unit has the pooled rate, no heterogeneity. */
	out->rho = v > 0.0 ? (ss / v - (double)(k - 1)) / d : 0.0;
	if (out->rho <= 0.0) {
		out->m = INFINITY;
		out->alpha = p > 0.0 ? INFINITY : 0.0;
		out->beta = p < 1.0 ? INFINITY : 0.0;
	} else if (out->rho >= 1.0) {
		out->m = out->alpha = out->beta = 0.0;
	} else {
		out->m = 1.0 / out->rho - 1.0;
		out->alpha = p * out->m;
		out->beta = (1.0 - p) * out->m;
	}
	return 0;
}

int
qi_shrink_unit(const struct qi_shrink *fit, double x, double n,
    double *rate, double *reliability)
{
	if (rate == NULL || reliability == NULL)
		return -1;
	*rate = *reliability = NAN;
	if (fit == NULL || fit->k == 0 || !(n > 0.0) || !isfinite(n) ||
	    !(x >= 0.0) || !(x <= n))
		return -1;
	if (isinf(fit->m)) {
		*rate = fit->pooled;
		*reliability = 0.0;
	} else if (fit->m == 0.0) {
		*rate = x / n;
		*reliability = 1.0;
	} else {
		*rate = (x + fit->alpha) / (n + fit->m);
		*reliability = n / (n + fit->m);
	}
	return 0;
}
