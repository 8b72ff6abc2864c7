/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * standardise.c -- direct standardisation: the built-in standard
 * populations and the directly standardised rate with Dobson's interval.
 * (Indirect standardisation needs only qi_ci_poisson() with t = E.)
 *
 * Pure mathematics and constant tables: no I/O.
 *
 * SPEC: specs/statistics.md#directly-standardised-rates
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "stats.h"

/*
 * The 2013 European Standard Population: 19 bands, 100,000 persons.
 * Eurostat, "Revision of the European Standard Population: report of
 * Eurostat's task force", Methodologies and Working papers, 2013 edition,
 * table 1 (the data set esp2013 of PHEindicatormethods is the same).
 */
static const char *const esp2013_band[] = {
	"0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39",
	"40-44", "45-49", "50-54", "55-59", "60-64", "65-69", "70-74",
	"75-79", "80-84", "85-89", "90+"
};
static const double esp2013_pop[] = {
	5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000,
	6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000
};

/*
 * 昭和60年モデル人口 (the 1985 model population of Japan): 18 bands,
 * 120,287,000 persons, the 1985 census population smoothed for the baby
 * booms and rounded to thousands.  Ministry of Health, Labour and
 * Welfare, 人口動態統計 (vital statistics), notes on 年齢調整死亡率;
 * the values as reproduced in Wikipedia's article 年齢調整死亡率
 * (section 基準人口); their sum is the published total.
 */
static const char *const jp1985_band[] = {
	"0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39",
	"40-44", "45-49", "50-54", "55-59", "60-64", "65-69", "70-74",
	"75-79", "80-84", "85+"
};
static const double jp1985_pop[] = {
	8180000, 8338000, 8497000, 8655000, 8814000, 8972000, 9130000,
	9289000, 9400000, 8651000, 7616000, 6581000, 5546000, 4511000,
	3476000, 2441000, 1406000, 784000
};

static const struct qi_stdpop stdpops[] = {
	{ "esp2013", sizeof(esp2013_pop) / sizeof(esp2013_pop[0]),
	    esp2013_band, esp2013_pop },
	{ "jp1985", sizeof(jp1985_pop) / sizeof(jp1985_pop[0]),
	    jp1985_band, jp1985_pop },
	{ NULL, 0, NULL, NULL }
};

const char qi_stdpop_list[] = "esp2013, jp1985";

const struct qi_stdpop *
qi_stdpop_find(const char *name)
{
	const struct qi_stdpop *s;

	for (s = stdpops; name != NULL && s->name != NULL; s++)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

int
qi_dsr(const double *x, const double *n, const double *w, size_t k,
    enum qi_rate_method method, double level, double *dsr, double *lo,
    double *hi)
{
	double	 sw = 0.0, swr = 0.0, sv = 0.0, o = 0.0, olo, ohi, d, s;
	size_t	 i;

	*dsr = *lo = *hi = NAN;
	if (k == 0)
		return -1;
	for (i = 0; i < k; i++) {
		if (!(x[i] >= 0.0 && n[i] > 0.0 && w[i] >= 0.0) ||
		    !isfinite(x[i]) || !isfinite(n[i]) || !isfinite(w[i]))
			return -1;
		sw += w[i];
		swr += w[i] * x[i] / n[i];
		sv += w[i] * w[i] * x[i] / (n[i] * n[i]);
		o += x[i];
	}
	if (!(sw > 0.0) || !(o > 0.0))
		return -1;
	if (qi_ci_poisson(method, o, 1.0, level, &olo, &ohi) != 0)
		return -1;
	d = swr / sw;
	s = sqrt(sv / (sw * sw) / o);
	*dsr = d;
	*lo = d + s * (olo - o);
	*hi = d + s * (ohi - o);
	return 0;
}
