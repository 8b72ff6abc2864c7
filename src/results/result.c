/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * result.c -- one result: the words of its scope and status, the value
 * published outputs show for it, and looking it up by what it is about.
 */
#include <math.h>
#include <string.h>

#include <glib.h>

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

/*
 * The index: the rows themselves as keys of a hash table, hashed and
 * compared by what qi_results_find() matches -- indicator, scope,
 * period, and the organisation of an organisation's row or the hospital
 * of a hospital's row.
 */
static guint
row_hash(gconstpointer p)
{
	const struct qi_result *r = p;
	guint h = (guint)r->indicator;

	h = h * 31u + (guint)r->scope;
	h = h * 31u + (guint)r->period.fy;
	h = h * 31u + (guint)r->period.q;
	if (r->scope == QI_SCOPE_ORG)
		h = h * 31u + (guint)r->org;
	else if (r->scope == QI_SCOPE_HOSPITAL)
		h = h * 31u + (guint)r->hospital;
	return h;
}

static gboolean
row_equal(gconstpointer a, gconstpointer b)
{
	const struct qi_result *x = a, *y = b;

	return x->indicator == y->indicator && x->scope == y->scope &&
	    qi_period_cmp(x->period, y->period) == 0 &&
	    (x->scope != QI_SCOPE_ORG || x->org == y->org) &&
	    (x->scope != QI_SCOPE_HOSPITAL || x->hospital == y->hospital);
}

/* The index of res, built once (thread-safe). */
static GHashTable *
results_index(const struct qi_results *res)
{
	/* the index is a cache: building it changes nothing a caller sees */
	gsize *once = (gsize *)&res->index;
	GHashTable *t;
	size_t i;

	if (g_once_init_enter(once)) {
		t = g_hash_table_new(row_hash, row_equal);
		for (i = 0; i < res->n; i++)
			if (!g_hash_table_contains(t, &res->v[i]))
				g_hash_table_add(t, &res->v[i]);
		g_once_init_leave(once, (gsize)t);
	}
	return (GHashTable *)*once;
}

const struct qi_result *
qi_results_find(const struct qi_results *res, size_t ind,
    struct qi_period p, enum qi_scope scope, long org, long hosp)
{
	struct qi_result key;

	memset(&key, 0, sizeof(key));
	key.indicator = ind;
	key.period = p;
	key.scope = scope;
	key.org = org;
	key.hospital = hosp;
	return g_hash_table_lookup(results_index(res), &key);
}

void
qi_results_index_free(struct qi_results *res)
{
	if (res->index != 0)
		g_hash_table_destroy((GHashTable *)res->index);
	res->index = 0;
}
