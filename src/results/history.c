/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * history.c -- results of earlier runs (--history FILE) joined to the
 * current run for the trend only (specs/definitions.md §3).  Analysts
 * recalculate every quarter, but the patient-level data of earlier years
 * is often gone: the published trend then joins archived results, of
 * earlier definition versions too, with the current run's.  Each row
 * keeps its version, so that trend.c never pools two versions and the
 * trend chart marks the change.
 *
 * Which rows are used, for each key (indicator, scope, organisation,
 * hospital, quarter): the current run's if it has one, else the row of
 * the last --history file that has one.  The pooled rows (scopes all
 * and organisation) of one indicator and quarter come from one source
 * as a whole, so a quarter of the organisations' trend has one version.
 * Fiscal-year rows are read and checked but not used: the trend is
 * quarterly.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "results.h"

void
qi_history_free(struct qi_history *h)
{
	if (h == NULL)
		return;
	g_free(h->v);
	g_free(h);
}

static int
pooled(enum qi_scope s)
{
	return s == QI_SCOPE_ALL || s == QI_SCOPE_ORG;
}

/* Key of a result: "IND FY Q SCOPE ORG HOSP"; caller frees. */
static char *
key_of(const struct qi_result *r)
{
	return g_strdup_printf("%zu %d %d %d %ld %ld", r->indicator,
	    r->period.fy, r->period.q, (int)r->scope, r->org, r->hospital);
}

/* Key of an indicator's quarter, for its pooled rows. */
static char *
quarter_key(const struct qi_result *r)
{
	return g_strdup_printf("%zu %d %d", r->indicator, r->period.fy,
	    r->period.q);
}

/*
 * Order of results: indicator, period, all, organisations, hospitals
 * (registry order, which is index order).
 */
static int
row_cmp(const void *a, const void *b)
{
	const struct qi_result *x = &((const struct qi_history_row *)a)->r;
	const struct qi_result *y = &((const struct qi_history_row *)b)->r;
	static const int rank[] = { 2, 1, 0 };	/* by enum qi_scope */
	int c;

	if (x->indicator != y->indicator)
		return x->indicator < y->indicator ? -1 : 1;
	if ((c = qi_period_cmp(x->period, y->period)) != 0)
		return c;
	if (x->scope != y->scope)
		return rank[x->scope] - rank[y->scope];
	if (x->scope == QI_SCOPE_ORG && x->org != y->org)
		return x->org < y->org ? -1 : 1;
	if (x->scope == QI_SCOPE_HOSPITAL && x->hospital != y->hospital)
		return x->hospital < y->hospital ? -1 : 1;
	return 0;
}

/*
 * Keep the rows of file f that no one holds yet: keys holds every key
 * taken, quarters the source of each indicator-quarter's pooled rows
 * (-1 for the current run, else the file's index).  Returns the rows
 * left out.
 */
static size_t
join_file(GArray *kept, const struct qi_history_row *rows, size_t n,
    unsigned f, GHashTable *keys, GHashTable *quarters)
{
	gpointer src;
	size_t i, unused = 0;
	char *k, *qk;

	for (i = 0; i < n; i++) {
		if (rows[i].r.period.q == 0)
			continue;	/* fiscal years: not in the trend */
		if (pooled(rows[i].r.scope)) {
			qk = quarter_key(&rows[i].r);
			if (g_hash_table_lookup_extended(quarters, qk, NULL,
			    &src) && GPOINTER_TO_INT(src) != (int)f) {
				g_free(qk);
				unused++;
				continue;
			}
			g_hash_table_insert(quarters, qk, GINT_TO_POINTER(f));
		}
		k = key_of(&rows[i].r);
		if (!g_hash_table_add(keys, k)) {
			unused++;
			continue;
		}
		g_array_append_val(kept, rows[i]);
		g_array_index(kept, struct qi_history_row,
		    kept->len - 1).file = f;
	}
	return unused;
}

enum qi_err
qi_history_load(const char *const *paths, size_t npaths,
    const struct qi_results *cur, struct qi_history **out,
    struct qi_diag *diag)
{
	struct qi_history_row **rows;
	size_t *nrows, *unused, i;
	GHashTable *keys, *quarters;
	GArray *kept;
	enum qi_err rc, worst = QI_OK;

	*out = NULL;
	rows = g_new0(struct qi_history_row *, npaths + 1);
	nrows = g_new0(size_t, npaths + 1);
	unused = g_new0(size_t, npaths + 1);
	/* Every file read, every error reported, before any is used. */
	for (i = 0; i < npaths; i++)
		if ((rc = qi_results_load_history(paths[i], cur->defs,
		    cur->reg, &rows[i], &nrows[i], diag)) > worst)
			worst = rc;
	if (worst == QI_OK) {
		keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
		    NULL);
		quarters = g_hash_table_new_full(g_str_hash, g_str_equal,
		    g_free, NULL);
		for (i = 0; i < cur->n; i++) {
			if (cur->v[i].period.q == 0)
				continue;
			g_hash_table_add(keys, key_of(&cur->v[i]));
			if (pooled(cur->v[i].scope))
				g_hash_table_insert(quarters,
				    quarter_key(&cur->v[i]),
				    GINT_TO_POINTER(-1));
		}
		kept = g_array_new(FALSE, FALSE,
		    sizeof(struct qi_history_row));
		for (i = npaths; i-- > 0;)	/* the last file first */
			unused[i] = join_file(kept, rows[i], nrows[i],
			    (unsigned)i, keys, quarters);
		g_hash_table_destroy(keys);
		g_hash_table_destroy(quarters);
		for (i = 0; i < npaths; i++)
			if (unused[i] > 0)
				qi_diag_add(diag, QI_NOTE, paths[i], 0, 0,
				    "the current run wins over --history, "
				    "and a later --history file over an "
				    "earlier one", "%zu quarterly results "
				    "not used: a newer source holds them",
				    unused[i]);
		if (kept->len > 0)	/* every row superseded: no data */
			qsort(kept->data, kept->len,
			    sizeof(struct qi_history_row), row_cmp);
		*out = g_new0(struct qi_history, 1);
		(*out)->n = kept->len;
		(*out)->v = (struct qi_history_row *)(void *)g_array_free(kept,
		    FALSE);
	}
	for (i = 0; i < npaths; i++)
		g_free(rows[i]);
	g_free(rows);
	g_free(nrows);
	g_free(unused);
	return worst;
}

const struct qi_history_row *
qi_history_find(const struct qi_history *h, size_t ind, struct qi_period p,
    enum qi_scope scope, long org, long hosp)
{
	struct qi_history_row key;

	if (h == NULL || h->n == 0)
		return NULL;
	memset(&key, 0, sizeof(key));
	key.r.indicator = ind;
	key.r.period = p;
	key.r.scope = scope;
	key.r.org = org;
	key.r.hospital = hosp;
	return bsearch(&key, h->v, h->n, sizeof(*h->v), row_cmp);
}
