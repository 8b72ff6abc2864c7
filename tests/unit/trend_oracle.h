/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * trend_oracle.h -- the trend tests' way into R's trend vectors: series
 * s of an indicator computed as trend.csv numbers them, and the key of
 * one of its points in the oracle, "indicator scope organisation
 * hospital period" (oracle_index() of the first five columns).
 */
#ifndef QI_TREND_ORACLE_H
#define QI_TREND_ORACLE_H

#include <glib.h>

#include "qi.h"

/* Series s (qi_trend_series()) of indicator ind in the analyses an. */
static inline const struct qi_trend *
trend_of_series(const struct qi_analyses *an, size_t ind, size_t s)
{
	const struct qi_trend *tr;
	enum qi_scope scope;
	long org, hosp;

	qi_trend_series(an->res->reg, s, &scope, &org, &hosp);
	assert_non_null(tr = qi_analyses_trend(an, ind, scope, org, hosp));
	return tr;
}

/* The oracle's key of point p of tr; g_free() it. */
static inline char *
trend_oracle_key(const struct qi_results *res, const struct qi_trend *tr,
    const struct qi_trend_point *p)
{
	const struct qi_registry *reg = res->reg;
	char pbuf[16];

	qi_period_format(p->period, pbuf, sizeof(pbuf));
	return g_strdup_printf("%s %s %s %s %s",
	    res->defs->v[tr->indicator].id,
	    qi_name_of(qi_scope_names, (int)tr->scope),
	    tr->scope == QI_SCOPE_ALL ? "" : tr->scope == QI_SCOPE_ORG ?
	    reg->orgs[tr->org].code :
	    reg->orgs[reg->hosps[tr->hospital].org].code,
	    tr->scope == QI_SCOPE_HOSPITAL ? reg->hosps[tr->hospital].id : "",
	    pbuf);
}

#endif /* QI_TREND_ORACLE_H */
