/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * location.c -- the mean of a value per stay and its interval, from
 * sums that shards add (specs/statistics.md, "Means").
 *
 * A tally keeps n, the sum S1 of the values and the sum S2 of their
 * squares, all whole numbers (the values are whole: days, scores).  The
 * variance (n S2 - S1^2) / (n (n - 1)) is formed from them in 128-bit
 * integers, so no digits cancel however large the mean is against the
 * spread; only the last division and the square root round.
 */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "stats.h"

#define EXACT_MAX	9007199254740992L	/* 2^53 */

/* 128-bit integers (GCC and Clang): products of two sums below 2^53. */
__extension__ typedef __int128 wide;

int
qi_ci_mean(long n, long sum, long sumsq, double level, double *mean,
    double *lo, double *hi)
{
	wide d;
	double var, se, t;

	*mean = *lo = *hi = NAN;
	if (n < 1 || sum < 0 || sumsq < 0 || n > EXACT_MAX ||
	    sum > EXACT_MAX || sumsq > EXACT_MAX || !(level > 0 && level < 1))
		return -1;
	/* n S2 - S1^2 >= 0 for any real values (Cauchy-Schwarz) */
	d = (wide)n * sumsq - (wide)sum * sum;
	if (d < 0)
		return -1;
	*mean = (double)sum / (double)n;
	if (n == 1)
		return 0;
	var = (double)d / ((double)n * (double)(n - 1));
	se = sqrt(var / (double)n);
	t = gsl_cdf_tdist_Qinv((1 - level) / 2, (double)(n - 1));
	*lo = fmax(0.0, *mean - t * se);	/* the values are 0 or more */
	*hi = *mean + t * se;
	return 0;
}
