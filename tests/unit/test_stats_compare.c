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

#ifndef QI_TEST_DATA
#error "QI_TEST_DATA must name the tests directory"
#endif

/*
 * Every row: tables from 1 vs 1 to a million vs a million, zero
 * margins, differences near 0; five levels for the interval.
 */
static void
test_compare_proportions_matches_r(void **state)
{
	struct oracle		 o;
	struct qi_compare	 c;
	double			 mx[4] = { 0 };
	size_t			 rows = 0;

	(void)state;
	oracle_open(&o, QI_TEST_DATA "/oracle/compare.csv",
	    "x1,n1,x2,n2,level,diff,lower,upper,chisq,p_chisq,p_yates,"
	    "p_fisher");
	while (oracle_next(&o, 0)) {
		assert_int_equal(o.nv, 12);
		if (qi_compare_proportions(o.v[0], o.v[1], o.v[2], o.v[3],
		    o.v[4], &c) != 0)
			fail_msg("%s:%zu: refused", o.path, o.lineno);
		oracle_check(&o, c.diff, o.v[5], "diff", &mx[0]);
		oracle_check(&o, c.lower, o.v[6], "lower", &mx[0]);
		oracle_check(&o, c.upper, o.v[7], "upper", &mx[0]);
		oracle_check(&o, c.chisq, o.v[8], "chisq", &mx[1]);
		oracle_check(&o, c.p_chisq, o.v[9], "p_chisq", &mx[1]);
		oracle_check(&o, c.p_yates, o.v[10], "p_yates", &mx[2]);
		oracle_check(&o, c.p_fisher, o.v[11], "p_fisher", &mx[3]);
		rows++;
	}
	assert_true(rows >= 90);
	print_message("%zu rows; max relative error: newcombe %.3g, chisq "
	    "%.3g, yates %.3g, fisher %.3g\n", rows, mx[0], mx[1], mx[2],
	    mx[3]);
}

/* Every row of poisson.test: estimate, interval and p-value. */
static void
test_rate_ratio_matches_r(void **state)
{
	struct oracle	 o;
	double		 rr, lo, hi, p, mx[2] = { 0 };
	size_t		 rows = 0;

	(void)state;
	oracle_open(&o, QI_TEST_DATA "/oracle/rate_ratio.csv",
	    "x1,t1,x2,t2,level,rr,lower,upper,p");
	while (oracle_next(&o, 0)) {
		assert_int_equal(o.nv, 9);
		if (qi_rate_ratio(o.v[0], o.v[1], o.v[2], o.v[3], o.v[4], &rr,
		    &lo, &hi, &p) != 0)
			fail_msg("%s:%zu: refused", o.path, o.lineno);
		oracle_check(&o, rr, o.v[5], "rr", &mx[0]);
		oracle_check(&o, lo, o.v[6], "lower", &mx[0]);
		oracle_check(&o, hi, o.v[7], "upper", &mx[0]);
		oracle_check(&o, p, o.v[8], "p", &mx[1]);
		rows++;
	}
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
	gsl_set_error_handler_off();	/* as main() does */
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
