/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * disclosure_audit.h -- an attacker's audit of published results,
 * written apart from src/results/suppress.c and sharing none of its code.
 *
 * It reads results.csv as published (text, not qi's structures), turns
 * every relation a reader can prove from the file alone into a linear
 * equation, and asks, by exact rational Gaussian elimination, which
 * withheld count is determined.  Counts: numerator, denominator,
 * exposure (rate indicators) and expected events (risk-adjusted ones).
 *
 * The relations, per indicator and period (a row's presence and scope are
 * published even when its counts are not):
 *   - organisation = the sum of its hospitals' rows;
 *   - all = the sum of every hospital's row (so also "rest" = all minus
 *     an organisation, and any other combination, by linear algebra);
 *   - a hospital's fiscal year = the sum of its four quarters, where the
 *     year and all four quarters have rows (qi rolls a year up only from
 *     four quarters, and refuses a given year that disagrees with them).
 *     Not for expected events: each period has its own risk model.
 * Each published value is a known, each withheld one an unknown.  After
 * reduction to row echelon form, an unknown u is determined exactly when
 * the unit vector e_u is in the row space of the unknowns' coefficients,
 * that is when some reduced row has u as its only nonzero entry.  The
 * arithmetic is exact (fractions of 64-bit integers, products in 128
 * bits, overflow fails the audit); the right-hand side is carried in long
 * double only to print the value recovered.
 *
 * Not covered: bounds (a withheld denominator is known to lie in 1..9),
 * which is an interval attack, not an equation.
 */
#ifndef QI_DISCLOSURE_AUDIT_H
#define QI_DISCLOSURE_AUDIT_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#define AUDIT_NQ	4	/* numerator, denominator, exposure, expected */

static const char *const audit_qname[AUDIT_NQ] = {
	"numerator", "denominator", "exposure", "expected"
};

struct audit_cell {
	char		*ind, *period, *scope, *org, *hosp, *status;
	int		 fy, q;		/* q 0 for the year */
	int		 known[AUDIT_NQ];
	long double	 val[AUDIT_NQ];
};

/* One field of a CSV line at *p (RFC 4180 quotes); g_free() it. */
static char *
audit_field(const char **p)
{
	GString *s = g_string_new(NULL);
	const char *c = *p;

	if (*c == '"') {
		for (c++; *c != '\0'; c++) {
			if (*c == '"' && c[1] == '"')
				g_string_append_c(s, *c++);
			else if (*c == '"') {
				c++;
				break;
			} else
				g_string_append_c(s, *c);
		}
	} else
		while (*c != '\0' && *c != ',' && *c != '\n')
			g_string_append_c(s, *c++);
	if (*c == ',')
		c++;
	*p = c;
	return g_string_free(s, FALSE);
}

/* Products of two 64-bit integers, exactly (GCC and clang). */
__extension__ typedef __int128 audit_wide;

/* Exact fractions: n / d with d > 0, in lowest terms. */
struct audit_q {
	int64_t	 n, d;
};

static int	 audit_overflow;

static int64_t
audit_gcd(audit_wide a, audit_wide b)
{
	if (a < 0)
		a = -a;
	if (b < 0)
		b = -b;
	while (b != 0) {
		audit_wide t = a % b;
		a = b;
		b = t;
	}
	return (int64_t)a;
}

static struct audit_q
audit_make(audit_wide n, audit_wide d)
{
	struct audit_q r = { 0, 1 };
	int64_t g;

	if (n == 0)
		return r;
	if (d < 0) {
		n = -n;
		d = -d;
	}
	g = audit_gcd(n, d);
	n /= g;
	d /= g;
	if (n > INT64_MAX || n < -INT64_MAX || d > INT64_MAX) {
		audit_overflow = 1;
		return r;
	}
	r.n = (int64_t)n;
	r.d = (int64_t)d;
	return r;
}

/* a - f * b */
static struct audit_q
audit_submul(struct audit_q a, struct audit_q f, struct audit_q b)
{
	audit_wide pn = (audit_wide)f.n * b.n, pd = (audit_wide)f.d * b.d;
	struct audit_q p = audit_make(pn, pd);

	return audit_make((audit_wide)a.n * p.d - (audit_wide)p.n * a.d,
	    (audit_wide)a.d * p.d);
}

struct audit_eq {
	GArray	*cells;		/* of size_t */
	GArray	*coef;		/* of int */
};

static void
audit_eq_add(struct audit_eq *e, size_t cell, int c)
{
	g_array_append_val(e->cells, cell);
	g_array_append_val(e->coef, c);
}

struct audit_report {
	size_t	 determined[AUDIT_NQ];	/* withheld values determined */
	size_t	 withheld[AUDIT_NQ];	/* withheld values in all */
	size_t	 shown;			/* lines printed so far */
};

/* Withheld: not ok, not empty (0/0), not no_data (a pool without rows). */
static int
audit_withheld(const struct audit_cell *c)
{
	return strcmp(c->status, "ok") != 0 && strcmp(c->status, "empty") !=
	    0 && strcmp(c->status, "no_data") != 0;
}

/*
 * Solve the equations eqs (over cells v) for quantity q: count the
 * withheld values of q that are determined.
 */
static void
audit_solve(const struct audit_cell *v, GPtrArray *eqs, int q,
    struct audit_report *rep)
{
	GHashTable *col = g_hash_table_new(NULL, NULL);
	GArray *unk = g_array_new(FALSE, FALSE, sizeof(size_t));
	struct audit_q *m;
	long double *rhs;
	size_t i, j, k, r, rank, nrow = eqs->len, ncol;

	for (i = 0; i < eqs->len; i++) {
		const struct audit_eq *e = g_ptr_array_index(eqs, i);
		for (j = 0; j < e->cells->len; j++) {
			size_t c = g_array_index(e->cells, size_t, j);
			if (!v[c].known[q] && !g_hash_table_contains(col,
			    GSIZE_TO_POINTER(c + 1))) {
				g_hash_table_insert(col, GSIZE_TO_POINTER(c + 1),
				    GSIZE_TO_POINTER(unk->len + 1));
				g_array_append_val(unk, c);
			}
		}
	}
	ncol = unk->len;
	if (ncol == 0 || nrow == 0)
		goto done;
	m = g_new0(struct audit_q, nrow * ncol);
	rhs = g_new0(long double, nrow);
	for (i = 0; i < nrow * ncol; i++)
		m[i].d = 1;
	for (i = 0; i < nrow; i++) {
		const struct audit_eq *e = g_ptr_array_index(eqs, i);
		for (j = 0; j < e->cells->len; j++) {
			size_t c = g_array_index(e->cells, size_t, j);
			int a = g_array_index(e->coef, int, j);
			if (v[c].known[q])
				rhs[i] -= a * v[c].val[q];
			else {
				k = GPOINTER_TO_SIZE(g_hash_table_lookup(col,
				    GSIZE_TO_POINTER(c + 1))) - 1;
				m[i * ncol + k].n += a;
			}
		}
	}
	/* Gauss-Jordan over the rationals. */
	for (rank = 0, k = 0; k < ncol && rank < nrow; k++) {
		for (r = rank; r < nrow && m[r * ncol + k].n == 0; r++)
			;
		if (r == nrow)
			continue;
		if (r != rank) {
			for (j = 0; j < ncol; j++) {
				struct audit_q t = m[r * ncol + j];
				m[r * ncol + j] = m[rank * ncol + j];
				m[rank * ncol + j] = t;
			}
			long double t = rhs[r];
			rhs[r] = rhs[rank];
			rhs[rank] = t;
		}
		/* scale the pivot row to 1 at k */
		struct audit_q p = m[rank * ncol + k];
		for (j = 0; j < ncol; j++)
			m[rank * ncol + j] = audit_make(
			    (audit_wide)m[rank * ncol + j].n * p.d,
			    (audit_wide)m[rank * ncol + j].d * p.n);
		rhs[rank] = rhs[rank] * p.d / p.n;
		for (r = 0; r < nrow; r++) {
			struct audit_q f = m[r * ncol + k];
			if (r == rank || f.n == 0)
				continue;
			for (j = 0; j < ncol; j++)
				if (m[rank * ncol + j].n != 0)
					m[r * ncol + j] = audit_submul(
					    m[r * ncol + j], f,
					    m[rank * ncol + j]);
			rhs[r] -= (long double)f.n / f.d * rhs[rank];
		}
		rank++;
	}
	/* e_u in the row space: a reduced row with u alone. */
	for (r = 0; r < rank; r++) {
		size_t nz = 0, at = 0;
		for (j = 0; j < ncol; j++)
			if (m[r * ncol + j].n != 0) {
				nz++;
				at = j;
			}
		if (nz != 1)
			continue;
		const struct audit_cell *c = &v[g_array_index(unk, size_t, at)];
		if (!audit_withheld(c))
			continue;
		rep->determined[q]++;
		if (rep->shown++ < 20)
			fprintf(stderr, "audit: %s %s %s %s%s%s: withheld %s "
			    "is %.6Lg\n", c->ind, c->period, c->scope, c->org,
			    *c->hosp ? " " : "", c->hosp, audit_qname[q],
			    rhs[r]);
	}
	g_free(m);
	g_free(rhs);
done:
	g_array_free(unk, TRUE);
	g_hash_table_destroy(col);
}

static void
audit_eq_free(gpointer p)
{
	struct audit_eq *e = p;

	g_array_free(e->cells, TRUE);
	g_array_free(e->coef, TRUE);
	g_free(e);
}

static struct audit_eq *
audit_eq_new(GPtrArray *eqs)
{
	struct audit_eq *e = g_new0(struct audit_eq, 1);

	e->cells = g_array_new(FALSE, FALSE, sizeof(size_t));
	e->coef = g_array_new(FALSE, FALSE, sizeof(int));
	g_ptr_array_add(eqs, e);
	return e;
}

/* Cell index + 1 by "indicator|period|scope|org|hospital"; 0 if none. */
static size_t
audit_find(GHashTable *idx, const char *ind, int fy, int q,
    const char *scope, const char *org, const char *hosp)
{
	char *k = q ? g_strdup_printf("%s|FY%dQ%d|%s|%s|%s", ind, fy, q,
	    scope, org, hosp) : g_strdup_printf("%s|FY%d|%s|%s|%s", ind, fy,
	    scope, org, hosp);
	size_t r = GPOINTER_TO_SIZE(g_hash_table_lookup(idx, k));

	g_free(k);
	return r;
}

static void
audit_members_free(gpointer p)
{
	g_array_free(p, TRUE);
}

/*
 * Audit the text of a results.csv: fill rep; returns 0, or -1 if the
 * text could not be read or the arithmetic overflowed.
 */
static int
audit_results_csv(const char *text, struct audit_report *rep)
{
	static const char *const want[] = { "indicator", "period", "scope",
	    "organisation", "hospital", "status", "numerator", "denominator",
	    "exposure", "expected" };
	int at[10];
	GArray *cells = g_array_new(FALSE, TRUE, sizeof(struct audit_cell));
	GHashTable *idx = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	GHashTable *has_q = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);	/* indicator|q -> any value of quantity q */
	GHashTable *groups = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, audit_members_free); /* indicator|fy -> GArray of cells */
	char **lines = g_strsplit(text, "\n", -1), **hdr;
	size_t i, j, n, nf;
	int q, rc = -1;

	memset(rep, 0, sizeof(*rep));
	audit_overflow = 0;
	if (lines[0] == NULL)
		goto out;
	hdr = g_strsplit(lines[0], ",", -1);
	nf = g_strv_length(hdr);
	for (i = 0; i < 10; i++) {
		at[i] = -1;
		for (j = 0; j < nf; j++)
			if (strcmp(hdr[j], want[i]) == 0)
				at[i] = (int)j;
		if (at[i] < 0 && i < 8) {
			g_strfreev(hdr);
			goto out;
		}
	}
	g_strfreev(hdr);
	for (i = 1; lines[i] != NULL; i++) {
		const char *p = lines[i];
		char **f;
		struct audit_cell c;

		if (*p == '\0')
			continue;
		f = g_new0(char *, nf + 1);
		for (j = 0; j < nf; j++)
			f[j] = audit_field(&p);
		memset(&c, 0, sizeof(c));
		c.ind = g_strdup(f[at[0]]);
		c.period = g_strdup(f[at[1]]);
		c.scope = g_strdup(f[at[2]]);
		c.org = g_strdup(f[at[3]]);
		c.hosp = g_strdup(f[at[4]]);
		c.status = g_strdup(f[at[5]]);
		if (sscanf(c.period, "FY%dQ%d", &c.fy, &c.q) < 1)
			c.fy = -1;
		for (q = 0; q < AUDIT_NQ; q++) {
			const char *s = at[6 + q] >= 0 ? f[at[6 + q]] : "";
			c.known[q] = *s != '\0';
			c.val[q] = c.known[q] ? strtold(s, NULL) : 0;
			if (c.known[q])
				g_hash_table_add(has_q, g_strdup_printf("%s|%d",
				    c.ind, q));
		}
		/* no patients, no expected events: 0, to anyone */
		if (strcmp(c.status, "empty") == 0 && c.known[1] &&
		    c.val[1] == 0 && !c.known[3]) {
			c.known[3] = 1;
			c.val[3] = 0;
		}
		g_hash_table_insert(idx, g_strdup_printf("%s|%s|%s|%s|%s",
		    c.ind, c.period, c.scope, c.org, c.hosp),
		    GSIZE_TO_POINTER(cells->len + 1));
		char *gk = g_strdup_printf("%s|%d", c.ind, c.fy);
		GArray *mem = g_hash_table_lookup(groups, gk);
		if (mem == NULL) {
			mem = g_array_new(FALSE, FALSE, sizeof(size_t));
			g_hash_table_insert(groups, gk, mem);
		} else
			g_free(gk);
		size_t at_cell = cells->len;
		g_array_append_val(mem, at_cell);
		g_array_append_val(cells, c);
		for (j = 0; j < nf; j++)
			g_free(f[j]);
		g_free(f);
	}
	n = cells->len;
	struct audit_cell *v = (struct audit_cell *)(void *)cells->data;

	/* The equations of each indicator and fiscal year apart. */
	GHashTableIter it;
	gpointer key, val;
	g_hash_table_iter_init(&it, groups);
	while (g_hash_table_iter_next(&it, &key, &val)) {
		GArray *mem = val;
		size_t a, b, nm = mem->len;
		char *ind = g_strdup(key), *bar = strrchr(ind, '|');
		int fy = atoi(bar + 1);
		GPtrArray *pool = g_ptr_array_new_with_free_func(audit_eq_free);
		GPtrArray *year = g_ptr_array_new_with_free_func(audit_eq_free);

		*bar = '\0';
		/* pools: one equation per pooled row */
		for (a = 0; a < nm; a++) {
			i = g_array_index(mem, size_t, a);
			if (strcmp(v[i].scope, "hospital") == 0)
				continue;
			struct audit_eq *e = audit_eq_new(pool);
			int all = strcmp(v[i].scope, "all") == 0;
			audit_eq_add(e, i, 1);
			for (b = 0; b < nm; b++) {
				j = g_array_index(mem, size_t, b);
				if (strcmp(v[j].scope, "hospital") == 0 &&
				    strcmp(v[j].period, v[i].period) == 0 &&
				    (all || strcmp(v[j].org, v[i].org) == 0))
					audit_eq_add(e, j, -1);
			}
		}
		/* hospital years with all four quarters */
		for (a = 0; a < nm; a++) {
			size_t qc[4];
			i = g_array_index(mem, size_t, a);
			if (v[i].q != 0 || strcmp(v[i].scope, "hospital") != 0)
				continue;
			for (q = 0; q < 4; q++)
				if ((qc[q] = audit_find(idx, ind, fy, q + 1,
				    v[i].scope, v[i].org, v[i].hosp)) == 0)
					break;
			if (q < 4)
				continue;
			struct audit_eq *e = audit_eq_new(year);
			audit_eq_add(e, i, 1);
			for (q = 0; q < 4; q++)
				audit_eq_add(e, qc[q] - 1, -1);
		}
		for (q = 0; q < AUDIT_NQ; q++) {
			char *k = g_strdup_printf("%s|%d", ind, q);
			int present = g_hash_table_contains(has_q, k);
			g_free(k);
			if (!present)
				continue;	/* no such count published */
			GPtrArray *eqs = g_ptr_array_new();
			for (a = 0; a < pool->len; a++)
				g_ptr_array_add(eqs, pool->pdata[a]);
			if (q != 3)	/* each period has its own risk model */
				for (a = 0; a < year->len; a++)
					g_ptr_array_add(eqs, year->pdata[a]);
			audit_solve(v, eqs, q, rep);
			g_ptr_array_free(eqs, TRUE);
		}
		g_ptr_array_free(pool, TRUE);
		g_ptr_array_free(year, TRUE);
		g_free(ind);
	}
	for (i = 0; i < n; i++)
		for (q = 0; q < AUDIT_NQ; q++) {
			char *k = g_strdup_printf("%s|%d", v[i].ind, q);
			if (audit_withheld(&v[i]) && !v[i].known[q] &&
			    g_hash_table_contains(has_q, k))
				rep->withheld[q]++;
			g_free(k);
		}
	for (i = 0; i < n; i++) {
		g_free(v[i].ind);
		g_free(v[i].period);
		g_free(v[i].scope);
		g_free(v[i].org);
		g_free(v[i].hosp);
		g_free(v[i].status);
	}
	rc = audit_overflow ? -1 : 0;
out:
	g_array_free(cells, TRUE);
	g_hash_table_destroy(idx);
	g_hash_table_destroy(has_q);
	g_hash_table_destroy(groups);
	g_strfreev(lines);
	return rc;
}

/* Withheld values determined, all counts together. */
static size_t
audit_total(const struct audit_report *rep)
{
	size_t q, t = 0;

	for (q = 0; q < AUDIT_NQ; q++)
		t += rep->determined[q];
	return t;
}

/* The fields of a CSV text's lines, header first; free with audit_rows_free. */
static GPtrArray *
audit_rows(const char *text)
{
	GPtrArray *rows = g_ptr_array_new();
	char **lines = g_strsplit(text, "\n", -1);
	size_t i;

	for (i = 0; lines[i] != NULL; i++) {
		const char *p = lines[i];
		GPtrArray *f = g_ptr_array_new();
		if (*p == '\0')
			continue;
		while (*p != '\0')
			g_ptr_array_add(f, audit_field(&p));
		if (p > lines[i] && p[-1] == ',')
			g_ptr_array_add(f, g_strdup(""));
		g_ptr_array_add(f, NULL);
		g_ptr_array_add(rows, g_ptr_array_free(f, FALSE));
	}
	g_strfreev(lines);
	return rows;
}

static void
audit_rows_free(GPtrArray *rows)
{
	size_t i;

	for (i = 0; i < rows->len; i++)
		g_strfreev(rows->pdata[i]);
	g_ptr_array_free(rows, TRUE);
}

static int
audit_col(char **hdr, const char *name)
{
	int i;

	for (i = 0; hdr[i] != NULL; i++)
		if (strcmp(hdr[i], name) == 0)
			return i;
	return -1;
}

static int
audit_same(const char *a, const char *b)
{
	long double x, y;

	if (*a == '\0' || *b == '\0')
		return 0;
	x = strtold(a, NULL);
	y = strtold(b, NULL);
	return fabsl(x - y) <= 1e-12L * fabsl(y);
}

/*
 * trend.csv against results.csv: each count it shows must be a published
 * count (a quarter's numerator, and its denominator or, for a rate, its
 * exposure, from a row of status ok), and each rolling count the sum of
 * four consecutive published quarters of its series shown beside it; so
 * trend.csv adds no equation to results.csv's.  Returns the counts that
 * are not, each printed.
 */
static size_t
audit_trend_csv(const char *trend, const char *results)
{
	static const char *const rk[] = { "indicator", "period", "scope",
	    "organisation", "hospital", "status", "numerator", "denominator",
	    "exposure" };
	static const char *const tk[] = { "indicator", "period", "scope",
	    "organisation", "hospital", "numerator", "denominator",
	    "rolling_numerator", "rolling_denominator" };
	GPtrArray *rr = audit_rows(results), *tr = audit_rows(trend);
	GHashTable *pub = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL), *shown = g_hash_table_new_full(g_str_hash,
	    g_str_equal, g_free, NULL);
	int rc_[9], tc[9], fy, q, k;
	size_t i, bad = 0;

	for (k = 0; k < 9; k++) {
		rc_[k] = audit_col(rr->pdata[0], rk[k]);
		tc[k] = audit_col(tr->pdata[0], tk[k]);
		if (rc_[k] < 0 || tc[k] < 0)
			return (size_t)-1;
	}
	for (i = 1; i < rr->len; i++) {
		char **f = rr->pdata[i];
		if (strcmp(f[rc_[5]], "ok") == 0)
			g_hash_table_insert(pub, g_strdup_printf(
			    "%s|%s|%s|%s|%s", f[rc_[0]], f[rc_[1]], f[rc_[2]],
			    f[rc_[3]], f[rc_[4]]), f);
	}
	/* the quarters shown, by series and quarter number */
	for (i = 1; i < tr->len; i++) {
		char **f = tr->pdata[i];
		if (sscanf(f[tc[1]], "FY%dQ%d", &fy, &q) != 2)
			continue;
		g_hash_table_insert(shown, g_strdup_printf("%s|%s|%s|%s|%d",
		    f[tc[0]], f[tc[2]], f[tc[3]], f[tc[4]], fy * 4 + q - 1),
		    f);
	}
	for (i = 1; i < tr->len; i++) {
		char **f = tr->pdata[i], *key = g_strdup_printf(
		    "%s|%s|%s|%s|%s", f[tc[0]], f[tc[1]], f[tc[2]], f[tc[3]],
		    f[tc[4]]);
		char **r = g_hash_table_lookup(pub, key);
		long double sn = 0, sd = 0;
		int j, at;

		if (r == NULL || !audit_same(f[tc[5]], r[rc_[6]]) ||
		    !(audit_same(f[tc[6]], r[rc_[7]]) ||
		    audit_same(f[tc[6]], r[rc_[8]]))) {
			if (bad++ < 20)
				fprintf(stderr, "audit: trend.csv %s: %s/%s is "
				    "not a published count\n", key, f[tc[5]],
				    f[tc[6]]);
		}
		g_free(key);
		if (*f[tc[7]] == '\0' && *f[tc[8]] == '\0')
			continue;
		sscanf(f[tc[1]], "FY%dQ%d", &fy, &q);
		at = fy * 4 + q - 1;
		for (j = 0; j < 4; j++) {
			char *sk = g_strdup_printf("%s|%s|%s|%s|%d", f[tc[0]],
			    f[tc[2]], f[tc[3]], f[tc[4]], at - j);
			char **g = g_hash_table_lookup(shown, sk);
			g_free(sk);
			if (g == NULL)
				break;
			sn += strtold(g[tc[5]], NULL);
			sd += strtold(g[tc[6]], NULL);
		}
		if (j < 4 || fabsl(sn - strtold(f[tc[7]], NULL)) > 1e-9L *
		    (1 + sn) || fabsl(sd - strtold(f[tc[8]], NULL)) > 1e-9L *
		    (1 + sd)) {
			if (bad++ < 20)
				fprintf(stderr, "audit: trend.csv %s %s %s %s: "
				    "rolling %s/%s is not four published "
				    "quarters\n", f[tc[0]], f[tc[1]], f[tc[2]],
				    f[tc[4]], f[tc[7]], f[tc[8]]);
		}
	}
	g_hash_table_destroy(pub);
	g_hash_table_destroy(shown);
	audit_rows_free(rr);
	audit_rows_free(tr);
	return bad;
}

/* Whether the "all" row of indicator ind, period per, is published. */
static int
audit_all_ok(GPtrArray *rows, const char *ind, const char *per)
{
	size_t r;
	int pub = 0;

	for (r = 1; r < rows->len; r++) {
		char **f = rows->pdata[r];
		if (strcmp(f[0], ind) == 0 && strcmp(f[2], per) == 0 &&
		    strcmp(f[3], "all") == 0)
			pub = strcmp(f[audit_col(rows->pdata[0], "status")],
			    "ok") == 0;
	}
	return pub;
}

/*
 * results.json against results.csv: the same results in the same order,
 * each count (numerator, denominator, exposure, expected) null where the
 * CSV field is empty and the same number where it is not; the manifest's
 * risk-model reference counts only where the period's "all" row is
 * published.  So results.json adds no known.  Returns the counts that
 * differ, each printed; (size_t)-1 if the JSON does not parse.
 */
static size_t
audit_json_csv(const char *json, const char *csv)
{
	static const char *const name[] = { "numerator", "denominator",
	    "exposure", "expected" };
	JsonParser *jp = json_parser_new();
	GPtrArray *rows = audit_rows(csv);
	JsonObject *root, *o;
	JsonArray *a;
	size_t i, bad = 0;
	int q, col;

	if (!json_parser_load_from_data(jp, json, -1, NULL)) {
		g_object_unref(jp);
		audit_rows_free(rows);
		return (size_t)-1;
	}
	root = json_node_get_object(json_parser_get_root(jp));
	a = json_object_get_array_member(root, "results");
	if (json_array_get_length(a) + 1 != rows->len)
		bad++;
	for (i = 0; i + 1 < rows->len && i < json_array_get_length(a); i++) {
		char **f = rows->pdata[i + 1];
		o = json_array_get_object_element(a, (guint)i);
		for (q = 0; q < AUDIT_NQ; q++) {
			const char *v;
			char buf[64];
			JsonNode *n;
			if ((col = audit_col(rows->pdata[0], name[q])) < 0)
				continue;
			v = f[col];
			n = json_object_has_member(o, name[q]) ?
			    json_object_get_member(o, name[q]) : NULL;
			if (n == NULL || JSON_NODE_HOLDS_NULL(n)) {
				if (*v == '\0')
					continue;
			} else if (*v != '\0') {
				snprintf(buf, sizeof(buf), "%.17g",
				    json_node_get_double(n));
				if (audit_same(buf, v))
					continue;
			}
			if (bad++ < 20)
				fprintf(stderr, "audit: results.json result %zu "
				    "%s differs from results.csv's '%s'\n", i,
				    name[q], v);
		}
	}
	/* the reference counts are all's; shown only when all is ok */
	if (json_object_has_member(json_object_get_object_member(root,
	    "manifest"), "risk_models")) {
		JsonArray *m = json_object_get_array_member(
		    json_object_get_object_member(root, "manifest"),
		    "risk_models");
		for (i = 0; i < json_array_get_length(m); i++) {
			JsonObject *mo = json_array_get_object_element(m,
			    (guint)i);
			const char *ind = json_object_get_string_member(mo,
			    "indicator"), *per;
			int pub, y0, q0, y1, q1, k;
			if (!json_object_has_member(mo, "stays") ||
			    json_object_get_null_member(mo, "stays"))
				continue;
			/* a model per period: that period's all; one
			   fitted on a reference: every quarter's all (a
			   model read from a file has another population) */
			if (json_object_has_member(mo, "period"))
				per = json_object_get_string_member(mo,
				    "period");
			else if (json_object_has_member(mo, "source") &&
			    strcmp(json_object_get_string_member(mo,
			    "source"), "reference") == 0)
				per = json_object_get_string_member(mo,
				    "reference");
			else
				continue;
			if (sscanf(per, "FY%dQ%d..FY%dQ%d", &y0, &q0, &y1,
			    &q1) != 4)
				pub = audit_all_ok(rows, ind, per);
			else
				for (pub = 1, k = y0 * 4 + q0 - 1;
				    k <= y1 * 4 + q1 - 1; k++) {
					char qs[16];
					snprintf(qs, sizeof(qs), "FY%dQ%d",
					    k / 4, k % 4 + 1);
					pub = pub && audit_all_ok(rows, ind, qs);
				}
			if (!pub && bad++ < 20)
				fprintf(stderr, "audit: results.json: reference "
				    "counts of %s %s beside a withheld all\n",
				    ind, per);
		}
	}
	g_object_unref(jp);
	audit_rows_free(rows);
	return bad;
}

#endif /* QI_DISCLOSURE_AUDIT_H */
