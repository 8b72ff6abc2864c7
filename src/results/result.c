/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * result.c -- one result: the words of its scope and status, the value
 * published outputs show for it, and looking it up by what it is about.
 */
#include <math.h>

#include "results.h"

int
qi_indicator_adjusted(const struct qi_indicator *ind)
{
	return ind->ncovariates > 0 && ind->kind == QI_KIND_PROPORTION;
}

void
qi_result_shown(const struct qi_indicator *ind, const struct qi_result *r,
    double *v, double *lo, double *hi)
{
	*v = *lo = *hi = NAN;
	if (r == NULL || r->status != QI_STATUS_OK)
		return;
	if (qi_indicator_adjusted(ind)) {
		*v = r->adj_rate;
		*lo = r->adj_lower;
		*hi = r->adj_upper;
	} else {
		*v = r->rate;
		*lo = r->lower;
		*hi = r->upper;
	}
}

const struct qi_name qi_scope_names[] = {
	{ "hospital", QI_SCOPE_HOSPITAL },
	{ "organisation", QI_SCOPE_ORG },
	{ "all", QI_SCOPE_ALL },
	{ NULL, 0 }
};

const struct qi_name qi_status_names[] = {
	{ "ok", QI_STATUS_OK },
	{ "suppressed_small_denominator", QI_STATUS_SMALL_DENOMINATOR },
	{ "suppressed_small_numerator", QI_STATUS_SMALL_NUMERATOR },
	{ "suppressed_complementary", QI_STATUS_COMPLEMENTARY },
	{ "empty", QI_STATUS_EMPTY },
	{ "no_data", QI_STATUS_NO_DATA },
	{ NULL, 0 }
};

const struct qi_result *
qi_results_find(const struct qi_results *res, size_t ind,
    struct qi_period p, enum qi_scope scope, long org, long hosp)
{
	const struct qi_result *r;
	size_t i;

	for (i = 0; i < res->n; i++) {
		r = &res->v[i];
		if (r->indicator == ind && r->scope == scope &&
		    qi_period_cmp(r->period, p) == 0 &&
		    (scope != QI_SCOPE_ORG || r->org == org) &&
		    (scope != QI_SCOPE_HOSPITAL || r->hospital == hosp))
			return r;
	}
	return NULL;
}
