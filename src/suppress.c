/*
 * suppress.c -- the publication rules (specs/publication.md), applied once,
 * inside qi_compute(), before any writer can see a number.
 *
 * Primary suppression: a result whose denominator is under the
 * definition's min_denominator is withheld whole; one whose numerator is
 * under min_numerator has its numerator and rate withheld.
 *
 * Complementary suppression: results are sums of others -- an
 * organisation's pooled result is the sum of its hospitals', both
 * organisations' the sum of the two, a fiscal year the sum of its four
 * quarters.  Where such a total is published and exactly one of its parts
 * is withheld, the part could be recovered by subtraction; so one more
 * part (the published one with the smallest denominator) is withheld too,
 * or, if there is none, the total.  This repeats until no total has a
 * single withheld part.
 */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "qi.h"
#include "suppress.h"

static int
hidden(const struct qi_result *r)
{
	return r->status == QI_STATUS_SMALL_DENOMINATOR ||
	    r->status == QI_STATUS_SMALL_NUMERATOR ||
	    r->status == QI_STATUS_COMPLEMENTARY;
}

/* A total and its parts, as indices into the results. */
struct relation {
	size_t	 total;
	GArray	*parts;		/* of size_t */
};

/* Key of a result for finding it: everything but the counts. */
static char *
key_of(size_t ind, struct qi_period p, enum qi_scope scope, long org,
    long hosp)
{
	return g_strdup_printf("%zu/%d/%d/%d/%ld/%ld", ind, p.fy, p.q,
	    (int)scope, org, hosp);
}

static void
relation_free(gpointer p)
{
	struct relation *rel = p;

	g_array_free(rel->parts, TRUE);
	g_free(rel);
}

/* The relation whose total is result t, created on first use. */
static struct relation *
relation(GHashTable *rels, size_t t)
{
	struct relation *rel;

	if ((rel = g_hash_table_lookup(rels, GSIZE_TO_POINTER(t + 1))) ==
	    NULL) {
		rel = g_new0(struct relation, 1);
		rel->total = t;
		rel->parts = g_array_new(FALSE, FALSE, sizeof(size_t));
		g_hash_table_insert(rels, GSIZE_TO_POINTER(t + 1), rel);
	}
	return rel;
}

static void
add_part(GHashTable *rels, GHashTable *idx, const char *total_key, size_t part)
{
	gpointer t;

	if ((t = g_hash_table_lookup(idx, total_key)) != NULL)
		g_array_append_val(relation(rels, GPOINTER_TO_SIZE(t) - 1)
		    ->parts, part);
}

/*
 * Every total-and-parts relation among the results: organisation = its
 * hospitals, all = the organisations, a year = its four quarters (for
 * hospitals, organisations and all alike).
 */
static GPtrArray *
relations(const struct qi_results *res)
{
	GHashTable *idx, *rels;
	GPtrArray *out;
	GHashTableIter it;
	struct relation *rel;
	struct qi_period fy;
	char *k;
	size_t i;

	idx = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (i = 0; i < res->n; i++) {
		const struct qi_result *r = &res->v[i];
		g_hash_table_insert(idx, key_of(r->indicator, r->period,
		    r->scope, r->org, r->hospital), GSIZE_TO_POINTER(i + 1));
	}
	rels = g_hash_table_new_full(NULL, NULL, NULL, relation_free);
	for (i = 0; i < res->n; i++) {
		const struct qi_result *r = &res->v[i];

		if (r->scope == QI_SCOPE_HOSPITAL) {
			k = key_of(r->indicator, r->period, QI_SCOPE_ORG,
			    r->org, -1);
			add_part(rels, idx, k, i);
			g_free(k);
		} else if (r->scope == QI_SCOPE_ORG) {
			k = key_of(r->indicator, r->period, QI_SCOPE_ALL,
			    -1, -1);
			add_part(rels, idx, k, i);
			g_free(k);
		}
		if (r->period.q != 0) {
			fy.fy = r->period.fy;
			fy.q = 0;
			k = key_of(r->indicator, fy, r->scope, r->org,
			    r->hospital);
			add_part(rels, idx, k, i);
			g_free(k);
		}
	}
	out = g_ptr_array_new_with_free_func(relation_free);
	g_hash_table_iter_init(&it, rels);
	while (g_hash_table_iter_next(&it, NULL, (gpointer *)&rel)) {
		g_hash_table_iter_steal(&it);
		g_ptr_array_add(out, rel);
	}
	g_hash_table_destroy(rels);
	g_hash_table_destroy(idx);
	return out;
}

/* Relations in the order of their totals, so the outcome is fixed. */
static gint
cmp_relation(gconstpointer a, gconstpointer b)
{
	const struct relation *x = *(struct relation *const *)a;
	const struct relation *y = *(struct relation *const *)b;

	return x->total < y->total ? -1 : x->total > y->total;
}

/* Withhold one more part of rel, or its total; returns 1 if it did. */
static int
complement(struct qi_results *res, const struct relation *rel)
{
	size_t i, j, nhidden = 0, pick = (size_t)-1;

	if (hidden(&res->v[rel->total]))
		return 0;
	for (i = 0; i < rel->parts->len; i++) {
		j = g_array_index(rel->parts, size_t, i);
		if (hidden(&res->v[j]))
			nhidden++;
		else if (res->v[j].status == QI_STATUS_OK && (pick ==
		    (size_t)-1 || res->v[j].denominator <
		    res->v[pick].denominator))
			pick = j;
	}
	if (nhidden != 1)
		return 0;
	if (pick == (size_t)-1)
		pick = rel->total;
	res->v[pick].status = QI_STATUS_COMPLEMENTARY;
	return 1;
}

void
qi_suppress(struct qi_results *res)
{
	const struct qi_indicator *ind;
	struct qi_result *r;
	GPtrArray *rels;
	size_t i;
	int changed;

	for (i = 0; i < res->n; i++) {
		r = &res->v[i];
		ind = &res->defs->v[r->indicator];
		if (r->status != QI_STATUS_OK)
			continue;
		if (r->denominator < ind->min_denominator)
			r->status = QI_STATUS_SMALL_DENOMINATOR;
		else if (ind->min_numerator > 0 &&
		    r->numerator < ind->min_numerator)
			r->status = QI_STATUS_SMALL_NUMERATOR;
	}
	rels = relations(res);
	g_ptr_array_sort(rels, cmp_relation);
	do {
		changed = 0;
		for (i = 0; i < rels->len; i++)
			changed |= complement(res, g_ptr_array_index(rels, i));
	} while (changed);
	g_ptr_array_free(rels, TRUE);

	/* Withheld means gone: no writer can print what is not there. */
	for (i = 0; i < res->n; i++) {
		r = &res->v[i];
		if (!hidden(r))
			continue;
		r->rate = r->lower = r->upper = NAN;
		r->numerator = -1;
		if (r->status != QI_STATUS_SMALL_NUMERATOR)
			r->denominator = -1;
	}
}
