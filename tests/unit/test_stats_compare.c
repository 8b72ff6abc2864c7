/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_stats_compare.c -- compare.c against R: every row of
 * tests/oracle/compare.csv (Newcombe's difference interval, chisq.test
 * with and without correction, fisher.test) and
 * tests/oracle/rate_ratio.csv (poisson.test), written by
 * tests/oracle/gen_stats_ci.R; and the rules for empty margins.
 *
 * SPEC: specs/statistics.md#comparing-two-groups
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>
#include <gsl/gsl_errno.h>

#include "qi.h"
#include "test_util.h"
#include "oracle.h"

/*
 * Every row: tables from 1 vs 1 to a million vs a million, zero
 * margins, differences near 0; five levels for the interval.
 */
static void
test_compare_proportions_matches_r(void **state)
{
	struct oracle_table	 t;
	const struct oracle_row	*r;
	struct qi_compare	 c;
	double			 mx[4] = { 0 }, v[5];
	size_t			 rows = 0, i, k;

	(void)state;
	oracle_read(ORACLE_DIR "compare.csv",
	    "x1,n1,x2,n2,level,diff,lower,upper,chisq,p_chisq,p_yates,"
	    "p_fisher", &t);
	for (i = 0; i < t.nrows; i++) {
		r = &t.rows[i];
		for (k = 0; k < 5; k++)
			v[k] = oracle_num(&t, r, k);
		if (qi_compare_proportions(v[0], v[1], v[2], v[3], v[4],
		    &c) != 0)
			fail_msg("%s:%zu: refused", t.path, r->lineno);
		oracle_check(&t, r, 5, c.diff, ORACLE_STATS, &mx[0]);
		oracle_check(&t, r, 6, c.lower, ORACLE_STATS, &mx[0]);
		oracle_check(&t, r, 7, c.upper, ORACLE_STATS, &mx[0]);
		oracle_check(&t, r, 8, c.chisq, ORACLE_STATS, &mx[1]);
		oracle_check(&t, r, 9, c.p_chisq, ORACLE_STATS, &mx[1]);
		oracle_check(&t, r, 10, c.p_yates, ORACLE_STATS, &mx[2]);
		oracle_check(&t, r, 11, c.p_fisher, ORACLE_STATS, &mx[3]);
		rows++;
	}
	oracle_free(&t);
	assert_true(rows >= 90);
	print_message("%zu rows; max relative error: newcombe %.3g, chisq "
	    "%.3g, yates %.3g, fisher %.3g\n", rows, mx[0], mx[1], mx[2],
	    mx[3]);
}

/* Every row of poisson.test: estimate, interval and p-value. */
static void
test_rate_ratio_matches_r(void **state)
{
	struct oracle_table	 t;
	const struct oracle_row	*r;
	double			 rr, lo, hi, p, mx[2] = { 0 }, v[5];
	size_t			 rows = 0, i, k;

	(void)state;
	oracle_read(ORACLE_DIR "rate_ratio.csv",
	    "x1,t1,x2,t2,level,rr,lower,upper,p", &t);
	for (i = 0; i < t.nrows; i++) {
		r = &t.rows[i];
		for (k = 0; k < 5; k++)
			v[k] = oracle_num(&t, r, k);
		if (qi_rate_ratio(v[0], v[1], v[2], v[3], v[4], &rr, &lo, &hi,
		    &p) != 0)
			fail_msg("%s:%zu: refused", t.path, r->lineno);
		oracle_check(&t, r, 5, rr, ORACLE_STATS, &mx[0]);
		oracle_check(&t, r, 6, lo, ORACLE_STATS, &mx[0]);
		oracle_check(&t, r, 7, hi, ORACLE_STATS, &mx[0]);
		oracle_check(&t, r, 8, p, ORACLE_STATS, &mx[1]);
		rows++;
	}
	oracle_free(&t);
	assert_true(rows >= 45);
	print_message("%zu rows; max relative error: interval %.3g, p %.3g\n",
	    rows, mx[0], mx[1]);
}

/*
 * No events at all (or only events): the chi-square statistic and both
 * of its p-values are NaN, as in R; Fisher's p is 1 (one possible
 * table).  The difference interval still exists.  Rate ratio with no
 * events: NaN, [0, Inf], p = 1 (R: poisson.test(c(0, 0), c(1, 1))).
 */
static void
test_compare_zero_margins(void **state)
{
	struct qi_compare	 c;
	double			 rr, lo, hi, p;

	(void)state;
	assert_int_equal(qi_compare_proportions(0, 10, 0, 20, 0.95, &c), 0);
	assert_true(isnan(c.chisq) && isnan(c.p_chisq) && isnan(c.p_yates));
	assert_true(c.p_fisher == 1.0);
	assert_true(c.diff == 0.0 && c.lower < 0.0 && c.upper > 0.0);
	assert_int_equal(qi_compare_proportions(10, 10, 20, 20, 0.95, &c), 0);
	assert_true(isnan(c.chisq) && c.p_fisher == 1.0);
	assert_int_equal(qi_rate_ratio(0, 1, 0, 1, 0.95, &rr, &lo, &hi, &p),
	    0);
	assert_true(isnan(rr) && lo == 0.0 && isinf(hi) && p == 1.0);
}

/* Fractional counts, x > n, n = 0 and bad levels are refused. */
static void
test_compare_rejects_bad_arguments(void **state)
{
	struct qi_compare	 c;
	double			 rr, lo, hi, p;

	(void)state;
	assert_int_equal(qi_compare_proportions(1.5, 10, 2, 10, 0.95, &c), -1);
	assert_true(isnan(c.diff) && isnan(c.p_fisher));
	assert_int_equal(qi_compare_proportions(11, 10, 2, 10, 0.95, &c), -1);
	assert_int_equal(qi_compare_proportions(0, 0, 2, 10, 0.95, &c), -1);
	assert_int_equal(qi_compare_proportions(1, 10, 2, 10, 1.0, &c), -1);
	assert_int_equal(qi_rate_ratio(1, 0, 2, 1, 0.95, &rr, &lo, &hi, &p),
	    -1);
	assert_int_equal(qi_rate_ratio(1.5, 1, 2, 1, 0.95, &rr, &lo, &hi, &p),
	    -1);
	assert_true(isnan(rr) && isnan(p));
}

/*
 * Fisher's test at a million per group is computed in logs and only
 * around the tails: p for 5000/1e6 vs 4800/1e6 matches R (in the oracle)
 * and a table of two million per group finishes with p in (0, 1).
 */
static void
test_compare_fisher_huge_tables(void **state)
{
	struct qi_compare	 c;

	(void)state;
	assert_int_equal(qi_compare_proportions(1e6, 2e6, 1.001e6, 2e6, 0.95,
	    &c), 0);
	assert_true(c.p_fisher > 0.0 && c.p_fisher < 1.0);
	assert_near(c.p_fisher, c.p_chisq, 1e-2);
}

static int
setup(void **state)
{
	(void)state;
	qi_stats_init();	/* as main() does */
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compare_proportions_matches_r),
		cmocka_unit_test(test_rate_ratio_matches_r),
		cmocka_unit_test(test_compare_zero_margins),
		cmocka_unit_test(test_compare_rejects_bad_arguments),
		cmocka_unit_test(test_compare_fisher_huge_tables),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
