/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * location.c -- the mean or the median of a value per stay and its
 * interval, from what shards add: sums for a mean (specs/statistics.md,
 * "Means"), a histogram of the values for a median ("Medians").
 *
 * A tally keeps n, the sum S1 of the values and the sum S2 of their
 * squares, all whole numbers (the values are whole: days, scores).  The
 * variance (n S2 - S1^2) / (n (n - 1)) is formed from them in 128-bit
 * integers, so no digits cancel however large the mean is against the
 * spread; only the last division and the square root round.
 */
#include <limits.h>
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

/*
 * The value of rank r (1-based) among the stays of a histogram: the first
 * value whose cumulative count reaches r.
 */
static long
order_stat(const long *value, const long *count, size_t nbins, long r)
{
	long cum = 0;
	size_t i;

	for (i = 0; i + 1 < nbins; i++)
		if ((cum += count[i]) >= r)
			break;
	return value[i];
}

int
qi_ci_median(const long *value, const long *count, size_t nbins,
    double level, double *median, double *lo, double *hi, long *rank)
{
	long n = 0, k;
	size_t i;

	*median = *lo = *hi = NAN;
	if (rank != NULL)
		*rank = 0;
	if (nbins == 0 || !(level > 0 && level < 1))
		return -1;
	for (i = 0; i < nbins; i++) {
		if (count[i] < 1 || value[i] < 0 || (i > 0 &&
		    value[i] <= value[i - 1]) || count[i] > (long)UINT_MAX - n)
			return -1;
		n += count[i];
	}
	if (n % 2 == 1)
		*median = (double)order_stat(value, count, nbins, (n + 1) / 2);
	else
		*median = ((double)order_stat(value, count, nbins, n / 2) +
		    (double)order_stat(value, count, nbins, n / 2 + 1)) / 2;
	k = (long)qi_qbinom_half((1 - level) / 2, (size_t)n);
	if (rank != NULL)
		*rank = k;
	if (k >= 1) {
		*lo = (double)order_stat(value, count, nbins, k);
		*hi = (double)order_stat(value, count, nbins, n - k + 1);
	}
	return 0;
}
