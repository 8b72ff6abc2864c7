/*
 * oracle_csv.h -- read the oracle CSV files that the scripts in tests/oracle write:
 * a header line, then rows of comma-separated fields, the first few
 * words, the rest numbers printed with 17 significant digits ("inf" for
 * infinity).  A malformed file fails the running test at its line.
 *
 * The whole table is read into memory (oracle files are small): cells
 * are kept as strings; oracle_num() converts one, checking it fully.
 */
#ifndef QI_ORACLE_CSV_H
#define QI_ORACLE_CSV_H

#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define ORACLE_MAXCOLS	16

struct oracle_row {
	char	*cell[ORACLE_MAXCOLS];	/* point into text */
	size_t	 lineno;
	char	*text;			/* owned */
};

struct oracle_table {
	const char		*path;
	size_t			 ncols;
	struct oracle_row	*rows;	/* owned */
	size_t			 nrows;
};

/*
 * Read path, whose first line must be header (without the newline);
 * every row must have as many fields as the header.
 */
static inline void
oracle_read(const char *path, const char *header, struct oracle_table *t)
{
	FILE	*f;
	char	 line[1024], *p, *nl;
	size_t	 lineno = 0, cap = 0, i;

	memset(t, 0, sizeof(*t));
	t->path = path;
	t->ncols = 1;
	for (p = (char *)header; *p != '\0'; p++)
		t->ncols += *p == ',';
	assert_true(t->ncols <= ORACLE_MAXCOLS);
	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		nl = strchr(line, '\n');
		if (nl == NULL)
			fail_msg("%s:%zu: line too long or unterminated",
			    path, lineno);
		*nl = '\0';
		if (lineno == 1) {
			if (strcmp(line, header) != 0)
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
		r->text = strdup(line);
		assert_non_null(r->text);
		p = r->text;
		for (i = 0; i < t->ncols; i++) {
			r->cell[i] = p;
			p = strchr(p, ',');
			if ((p == NULL) != (i + 1 == t->ncols))
				fail_msg("%s:%zu: expected %zu fields", path,
				    lineno, t->ncols);
			if (p != NULL)
				*p++ = '\0';
		}
	}
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
	memset(t, 0, sizeof(*t));
}

/* Field col of row as a number; "inf" and "-inf" are infinities. */
static inline double
oracle_num(const struct oracle_table *t, const struct oracle_row *r,
    size_t col)
{
	const char	*s = r->cell[col];
	char		*end;
	double		 v;

	if (strcmp(s, "inf") == 0)
		return INFINITY;
	if (strcmp(s, "-inf") == 0)
		return -INFINITY;
	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0)
		fail_msg("%s:%zu: field %zu \"%s\" is not a number", t->path,
		    r->lineno, col + 1, s);
	return v;
}

/*
 * Compare actual with the oracle's expected value: relative error at most
 * reltol, or exactly 0 where the oracle has 0 (a clamp), or the same
 * infinity.  Names the file and line on failure; keeps the largest
 * relative error in *maxrel.
 */
static inline void
oracle_check(const struct oracle_table *t, const struct oracle_row *r,
    const char *what, double actual, double expected, double reltol,
    double *maxrel)
{
	double	 e;

	if (isinf(expected) && actual == expected)
		return;
	if (expected == 0.0) {
		if (actual != 0.0)
			fail_msg("%s:%zu: %s = %.17g, expected 0", t->path,
			    r->lineno, what, actual);
		return;
	}
	e = fabs(actual - expected) / fabs(expected);
	if (!(e <= reltol))
		fail_msg("%s:%zu: %s = %.17g, expected %.17g (relative error "
		    "%.3g)", t->path, r->lineno, what, actual, expected, e);
	if (e > *maxrel)
		*maxrel = e;
}

#endif /* QI_ORACLE_CSV_H */
