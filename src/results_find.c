/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * results_find.c -- looking up one result by what it is about.
 */
#include "qi.h"

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
