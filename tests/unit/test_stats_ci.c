/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_stats_ci.c -- the interval methods of stats.c and stats_poisson.c
 * against R: every row of tests/oracle/ci_methods.csv (six proportion
 * methods) and tests/oracle/ci_poisson.csv (three rate methods), written
 * by tests/oracle/gen_stats_ci.R; and the edge rules of
 * specs/statistics.md.
 *
 * SPEC: specs/statistics.md#proportion-intervals,
 *       specs/statistics.md#poisson-rates-and-oe-ratios
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

static const double levels[] = { 0.8, 0.9, 0.95, 0.99, 0.998 };
#define NLEVELS		(sizeof(levels) / sizeof(levels[0]))
#define NPROP		6	/* proportion methods */
#define NRATE		3	/* rate methods */

/*
 * Every row of the proportion oracle: six methods, levels 0.8 to 0.998,
 * n from 1 to 1e7, x = 0, x = n, rare events and x in the millions.
 */
static void
test_stats_ci_methods_match_r(void **state)
{
	struct oracle_table t;
	const struct oracle_row *r;
	double		 lo, hi, maxrel[NPROP] = { 0 };
	size_t		 rows[NPROP] = { 0 }, i;
	int		 m;

	(void)state;
	oracle_read(ORACLE_DIR "ci_methods.csv",
	    "method,x,n,level,lower,upper", &t);
	for (i = 0; i < t.nrows; i++) {
		r = &t.rows[i];
		m = qi_name_value(qi_ci_method_names, r->cell[0]);
		assert_true(m >= 0 && m < NPROP);
		if (qi_ci_proportion((enum qi_ci_method)m, oracle_num(&t, r, 1),
		    oracle_num(&t, r, 2), oracle_num(&t, r, 3), &lo, &hi) != 0)
			fail_msg("%s:%zu: refused", t.path, r->lineno);
		oracle_check(&t, r, 4, lo, ORACLE_STATS, &maxrel[m]);
		oracle_check(&t, r, 5, hi, ORACLE_STATS, &maxrel[m]);
		rows[m]++;
	}
	oracle_free(&t);
	for (i = 0; i < NPROP; i++) {
		assert_true(rows[i] >= 100);
		print_message("%-14s %3zu rows, max relative error %.3g\n",
		    qi_name_of(qi_ci_method_names, (int)i), rows[i],
		    maxrel[i]);
	}
}

/*
 * Every row of the rate oracle: x from 0 to 1e7, exposure from 1e-9 to
 * 1e12, three methods, five levels.
 */
static void
test_stats_ci_poisson_matches_r(void **state)
{
	struct oracle_table t;
	const struct oracle_row *r;
	double		 lo, hi, maxrel[NRATE] = { 0 };
	size_t		 rows[NRATE] = { 0 }, i;
	int		 m;

	(void)state;
	oracle_read(ORACLE_DIR "ci_poisson.csv",
	    "method,x,t,level,lower,upper", &t);
	for (i = 0; i < t.nrows; i++) {
		r = &t.rows[i];
		m = qi_name_value(qi_rate_method_names, r->cell[0]);
		assert_true(m >= 0 && m < NRATE);
		if (qi_ci_poisson((enum qi_rate_method)m, oracle_num(&t, r, 1),
		    oracle_num(&t, r, 2), oracle_num(&t, r, 3), &lo, &hi) != 0)
			fail_msg("%s:%zu: refused", t.path, r->lineno);
		oracle_check(&t, r, 4, lo, ORACLE_STATS, &maxrel[m]);
		oracle_check(&t, r, 5, hi, ORACLE_STATS, &maxrel[m]);
		rows[m]++;
	}
	oracle_free(&t);
	for (i = 0; i < NRATE; i++) {
		assert_true(rows[i] >= 300);
		print_message("%-8s %3zu rows, max relative error %.3g\n",
		    qi_name_of(qi_rate_method_names, (int)i), rows[i],
		    maxrel[i]);
	}
}

/*
 * Edge rules: lower exactly 0 at x = 0 for every method; upper exactly 1
 * at x = n for every method but Wald and Agresti-Coull, whose upper at
 * x = n is also 1 after the cut to [0,1]; Wald collapses to a point at
 * x = 0 and x = n.  Every interval holds x/n.
 */
static void
test_stats_ci_edges_x0_xn_n1(void **state)
{
	static const double ns[] = { 1.0, 2.0, 25.0, 1e5, 1e7 };
	double		 lo, hi, p;
	size_t		 i, j;
	int		 m;

	(void)state;
	for (m = 0; m < NPROP; m++)
		for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
			for (j = 0; j < NLEVELS; j++) {
				assert_int_equal(qi_ci_proportion(m, 0.0,
				    ns[i], levels[j], &lo, &hi), 0);
				assert_true(lo == 0.0);
				assert_true(m == QI_CI_WALD ? hi == 0.0 :
				    hi > 0.0 && hi < 1.0);
				assert_int_equal(qi_ci_proportion(m, ns[i],
				    ns[i], levels[j], &lo, &hi), 0);
				assert_true(hi == 1.0);
				assert_true(m == QI_CI_WALD ? lo == 1.0 :
				    lo > 0.0 && lo < 1.0);
				p = floor(ns[i] / 3.0);
				assert_int_equal(qi_ci_proportion(m, p,
				    ns[i], levels[j], &lo, &hi), 0);
				assert_true(lo <= p / ns[i] &&
				    p / ns[i] <= hi);
			}
}

/* Unknown methods and levels outside (0,1) are refused by every call. */
static void
test_stats_ci_rejects_bad_arguments(void **state)
{
	double		 lo, hi;
	int		 m;

	(void)state;
	assert_int_equal(qi_ci_proportion((enum qi_ci_method)NPROP, 1.0, 2.0,
	    0.95, &lo, &hi), -1);
	assert_true(isnan(lo) && isnan(hi));
	for (m = 0; m < NPROP; m++) {
		assert_int_equal(qi_ci_proportion(m, 1.0, 2.0, 1.0, &lo, &hi),
		    -1);
		assert_int_equal(qi_ci_proportion(m, 3.0, 2.0, 0.9, &lo, &hi),
		    -1);
	}
	for (m = 0; m < NRATE; m++) {
		assert_int_equal(qi_ci_poisson(m, 1.0, 0.0, 0.95, &lo, &hi),
		    -1);
		assert_true(isnan(lo) && isnan(hi));
		assert_int_equal(qi_ci_poisson(m, -1.0, 1.0, 0.95, &lo, &hi),
		    -1);
		assert_int_equal(qi_ci_poisson(m, 1.0, INFINITY, 0.95, &lo,
		    &hi), -1);
		assert_int_equal(qi_ci_poisson(m, 1.0, 1.0, 95.0, &lo, &hi),
		    -1);
		assert_int_equal(qi_ci_poisson(m, NAN, 1.0, 0.95, &lo, &hi),
		    -1);
	}
	assert_int_equal(qi_ci_poisson((enum qi_rate_method)NRATE, 1.0, 1.0,
	    0.95, &lo, &hi), -1);
	/* The exact method needs whole counts; Byar takes any x >= 0. */
	assert_int_equal(qi_ci_poisson(QI_RATE_EXACT, 2.5, 1.0, 0.95, &lo,
	    &hi), -1);
	assert_int_equal(qi_ci_poisson(QI_RATE_HYBRID, 2.5, 1.0, 0.95, &lo,
	    &hi), -1);
	assert_int_equal(qi_ci_poisson(QI_RATE_HYBRID, 12.5, 1.0, 0.95, &lo,
	    &hi), 0);
	assert_int_equal(qi_ci_poisson(QI_RATE_BYAR, 2.5, 1.0, 0.95, &lo,
	    &hi), 0);
}

/*
 * Byar's lower limit: 0 at x = 0 and where the formula goes negative
 * (x = 1 at 99.8%: 1 - 1/9 - 3.09/3 < 0), positive from x = 2; the
 * hybrid method takes the exact bound below 10 events and Byar's from 10.
 */
static void
test_stats_ci_byar_small_counts(void **state)
{
	double		 lo, hi, elo, ehi;

	(void)state;
	assert_int_equal(qi_ci_poisson(QI_RATE_BYAR, 0.0, 1.0, 0.95, &lo,
	    &hi), 0);
	assert_true(lo == 0.0 && hi > 3.0);
	assert_int_equal(qi_ci_poisson(QI_RATE_BYAR, 1.0, 1.0, 0.998, &lo,
	    &hi), 0);
	assert_true(lo == 0.0);
	assert_int_equal(qi_ci_poisson(QI_RATE_BYAR, 2.0, 1.0, 0.998, &lo,
	    &hi), 0);
	assert_true(lo > 0.0);
	assert_int_equal(qi_ci_poisson(QI_RATE_HYBRID, 9.0, 3.0, 0.95, &lo,
	    &hi), 0);
	assert_int_equal(qi_ci_poisson(QI_RATE_EXACT, 9.0, 3.0, 0.95, &elo,
	    &ehi), 0);
	assert_true(lo == elo && hi == ehi);
	assert_int_equal(qi_ci_poisson(QI_RATE_HYBRID, 10.0, 3.0, 0.95, &lo,
	    &hi), 0);
	assert_int_equal(qi_ci_poisson(QI_RATE_BYAR, 10.0, 3.0, 0.95, &elo,
	    &ehi), 0);
	assert_true(lo == elo && hi == ehi);
}

/*
 * Worked examples of specs/statistics.md: 45 of 60 by the four new
 * proportion methods; 7 events in 2 500 person-years; O = 30, E = 24.6.
 */
static void
test_stats_ci_spec_worked_examples(void **state)
{
	double		 lo, hi;

	(void)state;
	/* R: prop.test(45, 60, p = 0.5, correct = TRUE)$conf.int */
	assert_int_equal(qi_ci_proportion(QI_CI_WILSON_CC, 45.0, 60.0, 0.95,
	    &lo, &hi), 0);
	assert_near(lo, 0.61877285911432178, 1e-12);
	assert_near(hi, 0.84894427647677473, 1e-12);
	/* R: qbeta(c(0.025, 0.975), 45.5, 15.5) */
	assert_int_equal(qi_ci_proportion(QI_CI_JEFFREYS, 45.0, 60.0, 0.95,
	    &lo, &hi), 0);
	assert_near(lo, 0.63048469496126747, 1e-12);
	assert_near(hi, 0.84605931503305765, 1e-12);
	/* R: the closed forms, z = qnorm(0.975) */
	assert_int_equal(qi_ci_proportion(QI_CI_AGRESTI_COULL, 45.0, 60.0,
	    0.95, &lo, &hi), 0);
	assert_near(lo, 0.62669260412683281, 1e-12);
	assert_near(hi, 0.84322146980212231, 1e-12);
	assert_int_equal(qi_ci_proportion(QI_CI_WALD, 45.0, 60.0, 0.95,
	    &lo, &hi), 0);
	assert_near(lo, 0.64043468242792734, 1e-12);
	assert_near(hi, 0.85956531757207266, 1e-12);
	/* R: qgamma(c(0.025, 0.975), c(7, 8)) / 2500 */
	assert_int_equal(qi_ci_poisson(QI_RATE_EXACT, 7.0, 2500.0, 0.95,
	    &lo, &hi), 0);
	assert_near(lo, 0.0011257452206079465, 1e-12);
	assert_near(hi, 0.0057690701446809515, 1e-12);
	/* Byar for O/E = 30/24.6 */
	assert_int_equal(qi_ci_poisson(QI_RATE_HYBRID, 30.0, 24.6, 0.95,
	    &lo, &hi), 0);
	assert_near(lo, 0.82263980053928409, 1e-12);
	assert_near(hi, 1.74099072934954080, 1e-12);
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
		cmocka_unit_test(test_stats_ci_methods_match_r),
		cmocka_unit_test(test_stats_ci_poisson_matches_r),
		cmocka_unit_test(test_stats_ci_edges_x0_xn_n1),
		cmocka_unit_test(test_stats_ci_rejects_bad_arguments),
		cmocka_unit_test(test_stats_ci_byar_small_counts),
		cmocka_unit_test(test_stats_ci_spec_worked_examples),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
