/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * runs.c -- Anhoej's runs rules for run charts and control charts
 * (Anhoej J, Olesen AV 2014, Run charts revisited: a simulation study of
 * run chart rules for detection of non-random variation in health care
 * processes, PLoS ONE 9(11):e113825).
 *
 * Pure mathematics: no I/O, no allocation.
 *
 * SPEC: specs/statistics.md#runs-rules
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>

#include "stats.h"

double
qi_qbinom_half(double p, size_t n)
{
	double	 f = 0.0, target;
	gsl_sf_result r;
	size_t	 j;

	if (!(p > 0.0 && p < 1.0))
		return NAN;
	/* R's qbinom: the smallest j with F(j) >= p (1 - 64 eps). */
	target = p * (1.0 - 64.0 * DBL_EPSILON);
	for (j = 0; j <= n; j++) {
		if (gsl_sf_lnchoose_e((unsigned)n, (unsigned)j, &r) !=
		    GSL_SUCCESS)
			return NAN;
		f += exp(r.val - (double)n * log(2.0));
		if (f >= target)
			return (double)j;
	}
	return (double)n;
}

int
qi_runs_anhoej(const double *y, size_t k, double cl, struct qi_runs *out)
{
	size_t	 i, run = 0;
	int	 side, prev = 0;

	memset(out, 0, sizeof(*out));
	if (!isfinite(cl))
		return -1;
	for (i = 0; i < k; i++) {
		if (isnan(y[i])) {
			memset(out, 0, sizeof(*out));
			return -1;
		}
		if (y[i] == cl)
			continue;	/* on the centre line: not useful */
		side = y[i] > cl ? 1 : -1;
		out->useful++;
		if (side == prev)
			run++;
		else {
			if (prev != 0)
				out->crossings++;
			run = 1;
			prev = side;
		}
		if (run > out->longest)
			out->longest = run;
	}
	if (out->useful == 0)
		return -1;
	out->longest_max = (size_t)nearbyint(log2((double)out->useful) + 3.0);
	out->crossings_min = (size_t)qi_qbinom_half(0.05, out->useful - 1);
	out->signal = out->longest > out->longest_max ||
	    out->crossings < out->crossings_min;
	return 0;
}
