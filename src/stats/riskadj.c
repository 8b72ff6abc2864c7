/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * riskadj.c -- a hospital's observed and expected events under a fitted
 * risk model, and its risk-adjusted rate.
 *
 * E = sum over the hospital's patterns of n p-hat (indirect
 * standardisation with the model as the standard); O/E is the
 * standardised ratio (SHMI's form); (O/E) x the model's overall rate is
 * the risk-adjusted rate of AHRQ's QI software and CMS.
 *
 * SPEC: specs/statistics.md#risk-adjustment
 */
#include <math.h>
#include <stddef.h>

#include "stats.h"

int
qi_riskadj_compute(const struct qi_logit *f, size_t k, const double *x,
    const double *y, const double *n, struct qi_riskadj *out)
{
	size_t	 i;
	double	 o = 0.0, e = 0.0, s = 0.0, p;

	if (out == NULL)
		return -1;
	out->stays = out->observed = out->expected = NAN;
	out->ratio = out->rate = NAN;
	if (f == NULL || (k > 0 && (x == NULL || y == NULL || n == NULL)))
		return -1;
	for (i = 0; i < k; i++) {
		if (!isfinite(n[i]) || !isfinite(y[i]) || n[i] < 0.0 ||
		    y[i] < 0.0 || y[i] > n[i])
			return -1;
		p = qi_logit_predict(f, x + i * f->p);
		if (!isfinite(p))
			return -1;
		s += n[i];
		o += y[i];
		e += n[i] * p;
	}
	out->stays = s;
	out->observed = o;
	out->expected = e;
	if (e > 0.0) {
		out->ratio = o / e;
		out->rate = out->ratio * f->rate;
	}
	return 0;
}
