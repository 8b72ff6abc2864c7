/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * oracle.h -- the oracle vectors of the unit tests, tests/oracle/NAME.csv
 * as the scripts beside them write them, read and checked against.
 *
 * A vector file is a header line, then rows of comma-separated fields:
 * words (methods, ids, periods) and numbers printed with 17 significant
 * digits -- "NaN", "Inf" or "inf", subnormals as they come, and an empty
 * field where R has no value (NA: expected NaN, never an input).  Every
 * row has as many fields as the header.  A malformed file fails the
 * running test at its line.
 *
 * The files are small: the whole table is read into memory, its cells
 * kept as strings; oracle_num() converts one, checking it fully, and
 * oracle_check() compares a value with one.
 */
#ifndef QI_TEST_ORACLE_H
#define QI_TEST_ORACLE_H

#include <errno.h>
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "test_util.h"

#ifndef QI_TEST_DATA
#error "QI_TEST_DATA must name the tests directory"
#endif

#define ORACLE_DIR	QI_TEST_DATA "/oracle/"
#define ORACLE_MAXCOLS	24
#define ORACLE_MAXLINE	4096

/*
 * How close a value must come to the oracle's.  Where the oracle has
 * exactly 0 (a clamp, a statistic of no data), |actual| <= zero; where
 * 0 < |expected| < tiny (R's subnormal p-values, which R itself computes
 * to a few digits), |actual| < tiny; otherwise the relative error is at
 * most rel.  NaN (or an empty field) is met only by NaN, an infinity
 * only by the same infinity.
 */
struct oracle_tol {
	double	 rel;
	double	 zero;
	double	 tiny;		/* 0: no such rule */
};

/* Relative error at most rel; 0 met only by 0 (rel 0: exactly). */
#define ORACLE_REL(r)	(&(const struct oracle_tol){ (r), 0.0, 0.0 })
/*
 * R's intervals, tests and p-values (stats.c): relative 1e-9, absolute
 * 1e-15 where R gives exactly 0, below 1e-300 only below 1e-300 too.
 */
#define ORACLE_STATS	(&(const struct oracle_tol){ 1e-9, 1e-15, 1e-300 })

struct oracle_row {
	char	*cell[ORACLE_MAXCOLS];	/* point into text */
	size_t	 lineno;
	char	*text;			/* owned */
};

struct oracle_table {
	const char		*path;	/* borrowed */
	char			*name[ORACLE_MAXCOLS]; /* the header's fields,
					   pointing into names */
	char			*names;	/* owned */
	size_t			 ncols;
	struct oracle_row	*rows;	/* owned */
	size_t			 nrows;
};

/* Split line (modified) into exactly n fields at commas; -1 otherwise. */
static inline int
oracle_split(char *line, char **cell, size_t n)
{
	size_t	 i;
	char	*p = line;

	for (i = 0; i < n; i++) {
		cell[i] = p;
		p = strchr(p, ',');
		if ((p == NULL) != (i + 1 == n))
			return -1;
		if (p != NULL)
			*p++ = '\0';
	}
	return 0;
}

/* The column names of t from header (not kept). */
static inline void
oracle_header(struct oracle_table *t, const char *header)
{
	const char	*p;

	t->ncols = 1;
	for (p = header; *p != '\0'; p++)
		t->ncols += *p == ',';
	if (t->ncols > ORACLE_MAXCOLS)
		fail_msg("%s: %zu columns, at most %d", t->path, t->ncols,
		    ORACLE_MAXCOLS);
	assert_non_null(t->names = strdup(header));
	assert_int_equal(oracle_split(t->names, t->name, t->ncols), 0);
}

/*
 * Read path, whose first line must be header (without the newline); a
 * NULL header takes the file's own first line, for files whose columns
 * vary (a risk model's covariates): the caller checks t->name then.
 * Release with oracle_free().
 */
static inline void
oracle_read(const char *path, const char *header, struct oracle_table *t)
{
	FILE	*f;
	char	 line[ORACLE_MAXLINE], *nl;
	size_t	 lineno = 0, cap = 0;

	memset(t, 0, sizeof(*t));
	t->path = path;
	if (header != NULL)
		oracle_header(t, header);
	if ((f = fopen(path, "r")) == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if ((nl = strchr(line, '\n')) == NULL)
			fail_msg("%s:%zu: line too long or unterminated",
			    path, lineno);
		*nl = '\0';
		if (lineno == 1) {
			if (header == NULL)
				oracle_header(t, line);
			else if (strcmp(line, header) != 0)
				fail_msg("%s:1: header is \"%s\", expected "
				    "\"%s\"", path, line, header);
			continue;
		}
		if (t->nrows == cap) {
			cap = cap ? 2 * cap : 64;
			t->rows = realloc(t->rows, cap * sizeof(*t->rows));
			assert_non_null(t->rows);
		}
		struct oracle_row *r = &t->rows[t->nrows++];
		r->lineno = lineno;
		assert_non_null(r->text = strdup(line));
		if (oracle_split(r->text, r->cell, t->ncols) == -1)
			fail_msg("%s:%zu: expected %zu fields", path, lineno,
			    t->ncols);
	}
	if (lineno == 0)
		fail_msg("%s: empty", path);
	assert_int_equal(ferror(f), 0);
	fclose(f);
}

static inline void
oracle_free(struct oracle_table *t)
{
	size_t	 i;

	for (i = 0; i < t->nrows; i++)
		free(t->rows[i].text);
	free(t->rows);
	free(t->names);
	memset(t, 0, sizeof(*t));
}

/*
 * Field col of row r as a number: the whole field, "NaN" and the
 * infinities included, and subnormals.  An empty field fails.
 */
static inline double
oracle_num(const struct oracle_table *t, const struct oracle_row *r,
    size_t col)
{
	const char	*s = r->cell[col];
	char		*end;
	double		 v;

	assert_true(col < t->ncols);
	errno = 0;
	v = strtod(s, &end);
	/* ERANGE for subnormals too, which strtod still returns */
	if (end == s || *end != '\0' || (errno != 0 && (v == 0.0 ||
	    fabs(v) >= DBL_MIN)))
		fail_msg("%s:%zu: %s (field %zu) \"%s\" is not a number",
		    t->path, r->lineno, t->name[col], col + 1, s);
	return v;
}

/*
 * Compare actual with the number in field col of row r, within tol, or
 * fail naming the file, line, column, both values and the relative
 * error.  Keeps the largest relative error in *maxrel.
 */
static inline void
oracle_check(const struct oracle_table *t, const struct oracle_row *r,
    size_t col, double actual, const struct oracle_tol *tol,
    double *maxrel)
{
	double	 expected, e;
	int	 ok;

	assert_true(col < t->ncols);
	/* an empty field: R has no value */
	expected = r->cell[col][0] == '\0' ? NAN : oracle_num(t, r, col);
	e = qi_test_relerr(actual, expected);
	if (isnan(expected))
		ok = isnan(actual);
	else if (isinf(expected))
		ok = actual == expected;
	else if (expected == 0.0)
		ok = fabs(actual) <= tol->zero;
	else if (fabs(expected) < tol->tiny)
		ok = fabs(actual) < tol->tiny;
	else {
		ok = e <= tol->rel;		/* false for NaN */
		if (ok && e > *maxrel)
			*maxrel = e;
	}
	if (!ok)
		fail_msg("%s:%zu: %s (field %zu) = %.17g, expected %.17g "
		    "(relative error %.3g)", t->path, r->lineno, t->name[col],
		    col + 1, actual, expected, e);
}

/*
 * The rows of t by their first nkey fields joined with spaces ("a b c"):
 * keys are owned by the table returned, rows borrowed from t.  Release
 * with g_hash_table_destroy().  Two rows with one key fail the test.
 */
static inline GHashTable *
oracle_index(const struct oracle_table *t, size_t nkey)
{
	GHashTable	*index = g_hash_table_new_full(g_str_hash,
			    g_str_equal, g_free, NULL);
	char		*fields[ORACLE_MAXCOLS + 1], *key;
	size_t		 i;

	assert_true(nkey >= 1 && nkey <= t->ncols);
	fields[nkey] = NULL;
	for (i = 0; i < t->nrows; i++) {
		memcpy(fields, t->rows[i].cell, nkey * sizeof(*fields));
		key = g_strjoinv(" ", fields);
		if (g_hash_table_contains(index, key))
			fail_msg("%s:%zu: key \"%s\" given twice", t->path,
			    t->rows[i].lineno, key);
		g_hash_table_insert(index, key, &t->rows[i]);
	}
	return index;
}

#endif /* QI_TEST_ORACLE_H */
