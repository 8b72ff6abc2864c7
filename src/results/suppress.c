/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * suppress.c -- the publication rules (specs/publication.md), applied once,
 * inside qi_compute(), before any writer can see a number.
 *
 * Primary suppression: a result whose denominator is under the
 * definition's min_denominator, or whose numerator is under
 * min_numerator, is withheld whole: numerator, denominator, exposure,
 * expected count and rate.
 *
 * Complementary suppression, in two passes.  The quick pass is the
 * rule of old: where a published total has exactly one withheld part,
 * withhold one more part (the published one with the smallest
 * denominator), or the total; until nothing changes.  It leaves most
 * results as they must be, but not all: a total that is itself withheld
 * can have all its parts published, and chains of equations can isolate a
 * result that no single equation does.
 *
 * The exact pass proves the rest: results are sums of others -- an
 * organisation's pooled result is the sum of its hospitals', both
 * organisations' the sum of every hospital's, a hospital's fiscal year
 * the sum of its four quarters.  Every published count is a known, every
 * withheld one an unknown, every such sum an equation, the same for
 * numerators, denominators and exposures (and, without the years, for
 * expected counts).  A withheld result is determined by what is published
 * exactly when its unit vector is in the row space of the unknowns'
 * coefficients; each indicator and fiscal year is such a system on its
 * own (no equation joins two).  So, for each, until no withheld result is
 * determined: reduce the system to row echelon form (exact integer
 * arithmetic, the identity appended to record which equations each row
 * combines), take the first determined result, and withhold one more of
 * the published results its proof uses: the smallest (by denominator)
 * after which nothing is determined, else one after which it is not.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "results.h"
#include "suppress.h"

/* Candidates tried, smallest denominator first, before taking the first. */
#define TRY_MAX		8

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
one_hidden_part(struct qi_results *res, const struct relation *rel)
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

/*
 * The quick pass, first: for every published total with exactly one
 * withheld part, withhold one more part (the published one with the
 * smallest denominator), or the total; until nothing changes.  It leaves
 * most systems whole; the exact pass (systems()) finds what it misses.
 */
static void
quick_pass(struct qi_results *res)
{
	GPtrArray *rels;
	size_t i;
	int changed;

	rels = relations(res);
	g_ptr_array_sort(rels, cmp_relation);
	do {
		changed = 0;
		for (i = 0; i < rels->len; i++)
			changed |= one_hidden_part(res,
			    g_ptr_array_index(rels, i));
	} while (changed);
	g_ptr_array_free(rels, TRUE);
}

/*
 * The equations of one indicator and fiscal year.  cells: its results
 * (indices into res->v, in result order).  Equation k is eq[start[k]] ..
 * eq[start[k + 1] - 1], result indices: the total (coefficient +1), then
 * its parts (-1 each).
 */
struct system {
	GArray	*cells;		/* of size_t */
	GArray	*eq;		/* of size_t */
	GArray	*start;		/* of size_t; one more than the equations */
};

/* Scratch of qi_suppress(), sized by the results and the registry. */
struct scratch {
	size_t	*col;		/* per result: its column + 1, 0 if none */
	size_t	*slot;		/* per (period 0..4, entity): result + 1 */
	size_t	 nent;		/* entities: all, organisations, hospitals */
	int64_t	*m;		/* the coefficient matrix, rows x columns */
	size_t	 mcap;		/* ... entries allocated */
	size_t	 w, ncol, nrow; /* of m: row length, withheld, equations */
	size_t	*nz;		/* the pivot row's nonzero columns */
	size_t	 nzcap;		/* ... entries allocated */
	size_t	*eqof;		/* per row of m: its equation */
	size_t	 eqcap;		/* ... entries allocated */
	size_t	*detrow;	/* per cell of the system: its reduced row */
	int64_t	*coef;		/* per result: its coefficient in a proof */
	unsigned char *seen;	/* per result: already a candidate */
};

static void
eq_end(struct system *sys)
{
	size_t n = sys->eq->len;

	g_array_append_val(sys->start, n);
}

/*
 * The equations among results v[g[0..n)] (one indicator and fiscal
 * year): each pooled result = the hospitals it sums (an organisation its
 * own, all every one), and each hospital year = its four quarters when it
 * has all four (a year given without them has no equation).
 */
static void
build(const struct qi_results *res, const size_t *g, size_t n,
    struct scratch *sc, struct system *sys)
{
	const struct qi_registry *reg = res->reg;
	size_t i, e, h, q, c, t, zero = 0, hosp0 = 1 + reg->norgs;

	g_array_set_size(sys->cells, 0);
	g_array_set_size(sys->eq, 0);
	g_array_set_size(sys->start, 0);
	g_array_append_val(sys->start, zero);
	memset(sc->slot, 0, 5 * sc->nent * sizeof(size_t));
	for (i = 0; i < n; i++) {
		const struct qi_result *r = &res->v[g[i]];
		e = r->scope == QI_SCOPE_ALL ? 0 : r->scope == QI_SCOPE_ORG ?
		    1 + (size_t)r->org : hosp0 + (size_t)r->hospital;
		sc->slot[(size_t)r->period.q * sc->nent + e] = g[i] + 1;
		g_array_append_val(sys->cells, g[i]);
	}
	for (q = 0; q <= 4; q++)
		for (e = 0; e < hosp0; e++) {
			if ((t = sc->slot[q * sc->nent + e]) == 0)
				continue;
			t--;
			g_array_append_val(sys->eq, t);
			for (h = 0; h < reg->nhosps; h++) {
				if ((c = sc->slot[q * sc->nent + hosp0 + h]) ==
				    0 || (e > 0 && res->v[c - 1].org !=
				    (long)e - 1))
					continue;
				c--;
				g_array_append_val(sys->eq, c);
			}
			eq_end(sys);
		}
	for (h = 0; h < reg->nhosps; h++) {
		for (q = 0; q <= 4; q++)
			if (sc->slot[q * sc->nent + hosp0 + h] == 0)
				break;
		if (q <= 4)
			continue;
		for (q = 0; q <= 4; q++) {
			c = sc->slot[q * sc->nent + hosp0 + h] - 1;
			g_array_append_val(sys->eq, c);
		}
		eq_end(sys);
	}
}

static int64_t
gcd64(int64_t a, int64_t b)
{
	if (a < 0)
		a = -a;
	if (b < 0)
		b = -b;
	while (b != 0) {
		int64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/*
 * Which withheld results of sys are determined by the published ones:
 * det[i] set for cells[i], and sc->detrow[i] its reduced row.
 * Fraction-free Gauss-Jordan elimination of the withheld results'
 * coefficients, augmented by the identity so that each reduced row also
 * says which equations it combines (sc->eqof: row to equation); a result
 * is determined when a reduced row has it as its only nonzero entry left
 * of the augmented part.  Returns 0, or -1 if a coefficient would
 * overflow (not seen: the coefficients stay small).
 */
static int
solve(const struct qi_results *res, const struct system *sys,
    struct scratch *sc, unsigned char *det)
{
	const size_t *cell = (const size_t *)(void *)sys->cells->data;
	const size_t *eq = (const size_t *)(void *)sys->eq->data;
	const size_t *st = (const size_t *)(void *)sys->start->data;
	size_t i, j, k, r, p, ncol = 0, nrow = 0, rank = 0, nnz, *nz, w;
	size_t neq = sys->start->len - 1;
	int64_t *m, a, b, f, pv, g, x, y;
	int rc = -1;

	memset(det, 0, sys->cells->len);
	for (i = 0; i < sys->cells->len; i++)
		if (hidden(&res->v[cell[i]]))
			sc->col[cell[i]] = ++ncol;
	if (ncol == 0)
		return 0;
	w = ncol + neq;
	if (sc->mcap < neq * w) {
		sc->mcap = neq * w;
		sc->m = g_renew(int64_t, sc->m, sc->mcap);
	}
	if (sc->nzcap < w) {
		sc->nzcap = w;
		sc->nz = g_renew(size_t, sc->nz, sc->nzcap);
	}
	if (sc->eqcap < neq) {
		sc->eqcap = neq;
		sc->eqof = g_renew(size_t, sc->eqof, sc->eqcap);
	}
	m = sc->m;
	for (k = 0; k < neq; k++) {
		int64_t *row = m + nrow * w;
		int any = 0;
		memset(row, 0, w * sizeof(int64_t));
		for (j = st[k]; j < st[k + 1]; j++)
			if (sc->col[eq[j]] != 0) {
				row[sc->col[eq[j]] - 1] += j == st[k] ? 1 : -1;
				any = 1;
			}
		if (any) {
			row[ncol + nrow] = 1;
			sc->eqof[nrow++] = k;
		}
	}
	nz = sc->nz;
	for (k = 0; k < ncol && rank < nrow; k++) {
		for (p = rank; p < nrow && m[p * w + k] == 0; p++)
			;
		if (p == nrow)
			continue;
		if (p != rank)
			for (j = 0; j < w; j++) {
				x = m[p * w + j];
				m[p * w + j] = m[rank * w + j];
				m[rank * w + j] = x;
			}
		pv = m[rank * w + k];
		for (j = k, nnz = 0; j < w; j++)	/* left of k: zero */
			if (m[rank * w + j] != 0)
				nz[nnz++] = j;
		for (r = 0; r < nrow; r++) {
			if (r == rank || (f = m[r * w + k]) == 0)
				continue;
			if (f % pv == 0) {
				/* row r -= (f / pv) row rank: the usual case */
				a = f / pv;
				for (j = 0; j < nnz; j++)
					if (__builtin_mul_overflow(m[rank * w +
					    nz[j]], a, &y) || __builtin_sub_overflow(
					    m[r * w + nz[j]], y, &m[r * w + nz[j]]))
						goto done;
				continue;
			}
			g = gcd64(pv, f);
			a = pv / g;
			b = f / g;
			for (j = 0, g = 0; j < w; j++) {
				if (__builtin_mul_overflow(m[r * w + j], a,
				    &x) || __builtin_mul_overflow(
				    m[rank * w + j], b, &y) ||
				    __builtin_sub_overflow(x, y, &x))
					goto done;
				m[r * w + j] = x;
				g = gcd64(g, x);
			}
			if (g > 1)
				for (j = 0; j < w; j++)
					m[r * w + j] /= g;
		}
		rank++;
	}
	for (r = 0; r < rank; r++) {
		for (j = 0, p = ncol; j < ncol; j++)
			if (m[r * w + j] != 0) {
				if (p != ncol)
					break;
				p = j;
			}
		if (j == ncol && p != ncol)
			for (i = 0; i < sys->cells->len; i++)
				if (sc->col[cell[i]] == p + 1) {
					det[i] = 1;
					sc->detrow[i] = r;
				}
	}
	sc->w = w;
	sc->ncol = ncol;
	sc->nrow = nrow;
	rc = 0;
done:
	for (i = 0; i < sys->cells->len; i++)
		sc->col[cell[i]] = 0;
	return rc;
}

/*
 * The published results whose values the proof that cells[u] is
 * determined uses: those with a nonzero coefficient in the combination
 * of equations of its reduced row (from the last solve()), into cand.
 */
static void
certificate(const struct qi_results *res, const struct system *sys,
    struct scratch *sc, size_t u, GArray *cand)
{
	const size_t *eq = (const size_t *)(void *)sys->eq->data;
	const size_t *st = (const size_t *)(void *)sys->start->data;
	const int64_t *row = sc->m + sc->detrow[u] * sc->w + sc->ncol;
	size_t t, j, c;

	for (t = 0; t < sc->nrow; t++) {
		if (row[t] == 0)
			continue;
		for (j = st[sc->eqof[t]]; j < st[sc->eqof[t] + 1]; j++) {
			c = eq[j];
			if (res->v[c].status != QI_STATUS_OK)
				continue;
			if (sc->coef[c] == 0 && !sc->seen[c]) {
				sc->seen[c] = 1;
				g_array_append_val(cand, c);
			}
			sc->coef[c] += (j == st[sc->eqof[t]] ? 1 : -1) * row[t];
		}
	}
	/* keep those that do not cancel out; clear the scratch */
	for (j = t = 0; j < cand->len; j++) {
		c = g_array_index(cand, size_t, j);
		if (sc->coef[c] != 0)
			g_array_index(cand, size_t, t++) = c;
		sc->coef[c] = 0;
		sc->seen[c] = 0;
	}
	g_array_set_size(cand, t);
}

static const struct qi_results *sort_res;

/* Published results by denominator, then result order. */
static int
cmp_smaller(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	long da = sort_res->v[a].denominator, db = sort_res->v[b].denominator;

	if (da != db)
		return da < db ? -1 : 1;
	return a < b ? -1 : a > b;
}

/*
 * Withhold one more published result so that cells[u], determined by the
 * last solve(), is no longer.  The candidates are the published results
 * its proof uses (certificate()), smallest denominator first; of the
 * first TRY_MAX, the first after which nothing is determined is taken,
 * else the one after which u is not and the fewest are, else the first.
 * With no candidate (never seen), the smallest published result of the
 * system.  Returns 0, or -1 if there is nothing left to withhold or the
 * arithmetic overflowed.
 */
static int
protect(struct qi_results *res, const struct system *sys,
    struct scratch *sc, unsigned char *det, size_t u)
{
	const size_t *cell = (const size_t *)(void *)sys->cells->data;
	GArray *cand = g_array_new(FALSE, FALSE, sizeof(size_t));
	size_t i, j, k, pick, ndet, best = (size_t)-1;
	int rc = -1;

	certificate(res, sys, sc, u, cand);
	if (cand->len == 0)
		for (i = 0; i < sys->cells->len; i++)
			if (res->v[cell[i]].status == QI_STATUS_OK)
				g_array_append_val(cand, cell[i]);
	if (cand->len == 0)
		goto out;
	sort_res = res;
	qsort(cand->data, cand->len, sizeof(size_t), cmp_smaller);
	pick = g_array_index(cand, size_t, 0);
	for (i = 0; i < cand->len && i < TRY_MAX; i++) {
		j = g_array_index(cand, size_t, i);
		res->v[j].status = QI_STATUS_COMPLEMENTARY;
		if (solve(res, sys, sc, det) == -1)
			goto out;
		res->v[j].status = QI_STATUS_OK;
		if (det[u])
			continue;
		for (k = 0, ndet = 0; k < sys->cells->len; k++)
			ndet += det[k];
		if (ndet < best) {
			best = ndet;
			pick = j;
		}
		if (ndet == 0)
			break;
	}
	res->v[pick].status = QI_STATUS_COMPLEMENTARY;
	rc = 0;
out:
	g_array_free(cand, TRUE);
	return rc;
}

/* Results by indicator, fiscal year, then result order. */
static int
cmp_system(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	const struct qi_result *x = &sort_res->v[a], *y = &sort_res->v[b];

	if (x->indicator != y->indicator)
		return x->indicator < y->indicator ? -1 : 1;
	if (x->period.fy != y->period.fy)
		return x->period.fy < y->period.fy ? -1 : 1;
	return a < b ? -1 : a > b;
}

/*
 * Complementary suppression of one system: until no withheld result is
 * determined, protect the first that is.  If that cannot be done (never
 * seen), every published result of the system is withheld.
 */
static void
complement(struct qi_results *res, const struct system *sys,
    struct scratch *sc)
{
	const size_t *cell = (const size_t *)(void *)sys->cells->data;
	unsigned char *det = g_malloc(sys->cells->len + 1);
	size_t i;

	for (;;) {
		if (solve(res, sys, sc, det) == -1)
			break;
		for (i = 0; i < sys->cells->len && !det[i]; i++)
			;
		if (i == sys->cells->len)
			goto out;
		if (protect(res, sys, sc, det, i) == -1)
			break;
	}
	for (i = 0; i < sys->cells->len; i++)
		if (res->v[cell[i]].status == QI_STATUS_OK)
			res->v[cell[i]].status = QI_STATUS_COMPLEMENTARY;
out:
	g_free(det);
}

/*
 * Every system of res in turn (one indicator and fiscal year): with fix,
 * complementary suppression of each; without, the withheld results that
 * are determined, counted.
 */
static size_t
systems(struct qi_results *res, int fix)
{
	struct scratch sc;
	struct system sys;
	unsigned char *det;
	size_t i, k, start, *order, n = 0;

	memset(&sc, 0, sizeof(sc));
	sc.nent = 1 + res->reg->norgs + res->reg->nhosps;
	sc.col = g_new0(size_t, res->n + 1);
	sc.slot = g_new0(size_t, 5 * sc.nent);
	sc.detrow = g_new0(size_t, res->n + 1);
	sc.coef = g_new0(int64_t, res->n + 1);
	sc.seen = g_new0(unsigned char, res->n + 1);
	sys.cells = g_array_new(FALSE, FALSE, sizeof(size_t));
	sys.eq = g_array_new(FALSE, FALSE, sizeof(size_t));
	sys.start = g_array_new(FALSE, FALSE, sizeof(size_t));
	order = g_new(size_t, res->n + 1);
	for (i = 0; i < res->n; i++)
		order[i] = i;
	sort_res = res;
	qsort(order, res->n, sizeof(size_t), cmp_system);
	for (start = 0, i = 1; i <= res->n; i++) {
		if (i < res->n && res->v[order[i]].indicator ==
		    res->v[order[start]].indicator &&
		    res->v[order[i]].period.fy ==
		    res->v[order[start]].period.fy)
			continue;
		build(res, order + start, i - start, &sc, &sys);
		if (fix)
			complement(res, &sys, &sc);
		else {
			det = g_malloc(sys.cells->len + 1);
			if (solve(res, &sys, &sc, det) == -1)
				n += sys.cells->len;	/* cannot tell */
			else
				for (k = 0; k < sys.cells->len; k++)
					n += det[k];
			g_free(det);
		}
		start = i;
	}
	g_free(order);
	g_array_free(sys.cells, TRUE);
	g_array_free(sys.eq, TRUE);
	g_array_free(sys.start, TRUE);
	g_free(sc.col);
	g_free(sc.slot);
	g_free(sc.m);
	g_free(sc.nz);
	g_free(sc.eqof);
	g_free(sc.detrow);
	g_free(sc.coef);
	g_free(sc.seen);
	return n;
}

size_t
qi_suppress_leaks(const struct qi_results *res)
{
	/* systems() writes nothing into res without fix. */
	return systems((struct qi_results *)(uintptr_t)res, 0);
}

void
qi_suppress(struct qi_results *res)
{
	const struct qi_indicator *ind;
	struct qi_result *r;
	size_t i;

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
	quick_pass(res);
	systems(res, 1);

	/* Withheld means gone: no writer can print what is not there. */
	for (i = 0; i < res->n; i++) {
		r = &res->v[i];
		if (!hidden(r))
			continue;
		r->rate = r->lower = r->upper = NAN;
		r->numerator = r->denominator = -1;
		r->exposure = NAN;
	}
}
