/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * result.c -- one result: the words of its scope and status, and looking
 * it up by what it is about.
 */
#include "results.h"

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
