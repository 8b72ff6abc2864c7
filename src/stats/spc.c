/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * spc.c -- control limits of p and u charts (Shewhart) and of Laney's p'
 * and u' charts, over subgroups in time order (quarters of one hospital,
 * say).
 *
 * Shewhart: cl = sum x / sum n; sigma_i = sqrt(cl (1 - cl) / n_i) for
 * proportions, sqrt(cl / n_i) for rates; limits cl +- mult sigma_i.
 * Laney (2002, Quality Engineering 14:531): with many patients per
 * subgroup the binomial or Poisson sigma_i understates the variation
 * between subgroups, so the z-scores z_i = (x_i/n_i - cl)/sigma_i are
 * measured against their own spread: sigma_z = mean |z_i - z_(i-1)| /
 * 1.128 (an individuals chart of z; 1.128 = d2 for ranges of two, as
 * Laney and qicharts2 round it), and the limits become cl +- mult
 * sigma_i sigma_z.
 *
 * SPEC: specs/statistics.md#spc
 */
#include <math.h>
#include <stddef.h>

#include "stats.h"

#define SPC_D2		1.128	/* mean range of two standard normals, as
				   published (exactly 2/sqrt(pi)) */

static int
is_p_chart(enum qi_spc_chart c)
{
	return c == QI_SPC_P || c == QI_SPC_P_LANEY;
}

/* The binomial or Poisson sigma of subgroup i around cl. */
static double
spc_sigma(enum qi_spc_chart c, double cl, double n)
{
	return sqrt((is_p_chart(c) ? cl * (1.0 - cl) : cl) / n);
}

int
qi_spc_limits(enum qi_spc_chart chart, const double *x, const double *n,
    size_t k, double mult, double *cl, double *sigma_z, double *lo,
    double *hi)
{
	return qi_spc_limits_base(chart, x, n, k, k, mult, cl, sigma_z, lo,
	    hi);
}

int
qi_spc_limits_base(enum qi_spc_chart chart, const double *x,
    const double *n, size_t k, size_t base, double mult, double *cl,
    double *sigma_z, double *lo, double *hi)
{
	double	 sx = 0.0, sn = 0.0, s, z, zprev = 0.0, smr = 0.0;
	size_t	 i;
	int	 laney, rc = -1;

	if (cl == NULL || sigma_z == NULL || lo == NULL || hi == NULL)
		return -1;
	*cl = *sigma_z = NAN;
	for (i = 0; i < k; i++)
		lo[i] = hi[i] = NAN;
	if (chart != QI_SPC_P && chart != QI_SPC_U &&
	    chart != QI_SPC_P_LANEY && chart != QI_SPC_U_LANEY)
		return -1;
	laney = chart == QI_SPC_P_LANEY || chart == QI_SPC_U_LANEY;
	if (x == NULL || n == NULL || base < (laney ? 2u : 1u) ||
	    base > k || !(mult > 0.0) || !isfinite(mult))
		return -1;
	for (i = 0; i < k; i++) {
		if (!(n[i] > 0.0) || !isfinite(n[i]) || !(x[i] >= 0.0) ||
		    !isfinite(x[i]) || (is_p_chart(chart) && !(x[i] <= n[i])))
			return -1;
		if (i >= base)
			continue;
		sx += x[i];
		sn += n[i];
	}
	*cl = sx / sn;
	*sigma_z = 1.0;
	if (laney) {
		/*
		 * cl = 0 or (p chart) 1: every sigma_i is 0 and every point
		 * on the centre line; z is taken as 0, so sigma_z is 0.
		 */
		for (i = 0; i < base; i++) {
			s = spc_sigma(chart, *cl, n[i]);
			z = s > 0.0 ? (x[i] / n[i] - *cl) / s : 0.0;
			if (i > 0)
				smr += fabs(z - zprev);
			zprev = z;
		}
		*sigma_z = smr / (double)(base - 1) / SPC_D2;
	}
	for (i = 0; i < k; i++) {
		s = mult * spc_sigma(chart, *cl, n[i]) * *sigma_z;
		lo[i] = fmax(*cl - s, 0.0);
		hi[i] = is_p_chart(chart) ? fmin(*cl + s, 1.0) : *cl + s;
	}
	rc = isfinite(*cl) && isfinite(*sigma_z) ? 0 : -1;
	if (rc != 0) {
		*cl = *sigma_z = NAN;
		for (i = 0; i < k; i++)
			lo[i] = hi[i] = NAN;
	}
	return rc;
}
