/*
 * oracle.h -- reading R oracle vectors (tests/oracle/NAME.csv) in the unit
 * tests of the statistics, and checking values against them.
 *
 * A row is a first text field (a method name, or empty when the file
 * has none) followed by numbers; "NaN" and "Inf" are read by strtod.
 * Tolerance: relative ORACLE_RELTOL, or absolute ORACLE_ABSTOL where R
 * gives exactly 0; values below 1e-300 (subnormal p-values, which R
 * itself computes to a few digits) only have to be below 1e-300 too.
 * NaN must meet NaN and infinity the same infinity.
 */
#ifndef QI_TEST_ORACLE_H
#define QI_TEST_ORACLE_H

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#define ORACLE_RELTOL	1e-9	/* relative, against R */
#define ORACLE_ABSTOL	1e-15	/* absolute, where R gives exactly 0 */
#define ORACLE_TINY	1e-300	/* below, R's p-values are subnormal: absolute */
#define ORACLE_MAXCOLS	16

struct oracle {
	FILE	*fp;
	const char *path;
	size_t	 lineno;
	char	 line[1024];
	char	 name[64];		/* first field when it is text */
	double	 v[ORACLE_MAXCOLS];	/* the numbers */
	size_t	 nv;
};

/* Open path and check its header line; fails the test otherwise. */
static inline void
oracle_open(struct oracle *o, const char *path, const char *header)
{
	size_t	 len;

	memset(o, 0, sizeof(*o));
	o->path = path;
	if ((o->fp = fopen(path, "r")) == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	if (fgets(o->line, sizeof(o->line), o->fp) == NULL)
		fail_msg("%s: empty", path);
	len = strcspn(o->line, "\r\n");
	o->line[len] = '\0';
	assert_string_equal(o->line, header);
	o->lineno = 1;
}

/*
 * Next row: 1 with the numbers in o->v (and a leading text field in
 * o->name when has_name), 0 at the end.
 */
static inline int
oracle_next(struct oracle *o, int has_name)
{
	char	*p, *end;

	if (fgets(o->line, sizeof(o->line), o->fp) == NULL) {
		assert_int_equal(ferror(o->fp), 0);
		fclose(o->fp);
		o->fp = NULL;
		return 0;
	}
	o->lineno++;
	p = o->line;
	o->name[0] = '\0';
	if (has_name) {
		size_t	 k = strcspn(p, ",");
		assert_true(k < sizeof(o->name));
		memcpy(o->name, p, k);
		o->name[k] = '\0';
		p += k + (p[k] == ',');
	}
	for (o->nv = 0; *p != '\0' && *p != '\n' && *p != '\r'; o->nv++) {
		assert_true(o->nv < ORACLE_MAXCOLS);
		errno = 0;
		o->v[o->nv] = strtod(p, &end);
		/* ERANGE for subnormals, which strtod still returns */
		if (end == p || (errno != 0 && o->v[o->nv] != 0.0 &&
		    fabs(o->v[o->nv]) >= DBL_MIN))
			fail_msg("%s:%zu: bad number '%s'", o->path,
			    o->lineno, p);
		p = end + (*end == ',');
	}
	return 1;
}

/*
 * One value of the current row: within tolerance of R's, or fail with
 * the row named.  Keeps the largest relative error in *maxrel.
 */
static inline void
oracle_check(const struct oracle *o, double actual, double expected,
    const char *what, double *maxrel)
{
	double	 e;
	int	 ok;

	if (isnan(expected))
		ok = isnan(actual);
	else if (isinf(expected))
		ok = actual == expected;
	else if (expected == 0.0)
		ok = fabs(actual) <= ORACLE_ABSTOL;
	else if (fabs(expected) < ORACLE_TINY)
		ok = fabs(actual) < ORACLE_TINY;
	else {
		e = qi_test_relerr(actual, expected);
		ok = e <= ORACLE_RELTOL;
		if (ok && e > *maxrel)
			*maxrel = e;
	}
	if (!ok)
		fail_msg("%s:%zu: %s = %.17g, R gives %.17g", o->path,
		    o->lineno, what, actual, expected);
}

#endif /* QI_TEST_ORACLE_H */
