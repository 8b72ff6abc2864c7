/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_stats_std.c -- unit tests for stats_std.c (qi_dsr and the
 * built-in standard populations).
 *
 * The whole-table checks against R are in
 * tests/cli/stats_dsr_isr_match_oracle.sh (tests/oracle/gen_stdrates.R);
 * here the worked example of the spec, with R's values (the formulas of
 * gen_stdrates.R, base R 4.2), the tables' totals and the domain.
 *
 * SPEC: specs/statistics.md#directly-standardised-rates
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "qi.h"
#include "test_util.h"

/* Group A of the spec's example: three bands, standard 55/30/15 %. */
static const double ex_x[] = { 2, 18, 40 };
static const double ex_n[] = { 12000, 8000, 3000 };
static const double ex_w[] = { 55000, 30000, 15000 };

/* The DSR and both of Dobson's intervals, as R computes them. */
static void
test_dsr_worked_example(void **state)
{
	double d, lo, hi;

	(void)state;
	assert_int_equal(qi_dsr(ex_x, ex_n, ex_w, 3, QI_RATE_BYAR, 0.95, &d,
	    &lo, &hi), 0);
	assert_near(d, 0.0027666666666666668, 1e-12);
	assert_near(lo, 0.0021061750520958676, 1e-12);
	assert_near(hi, 0.0035673284113571899, 1e-12);
	assert_int_equal(qi_dsr(ex_x, ex_n, ex_w, 3, QI_RATE_EXACT, 0.95, &d,
	    &lo, &hi), 0);
	assert_near(d, 0.0027666666666666668, 1e-12);
	assert_near(lo, 0.0021062940572581868, 1e-12);
	assert_near(hi, 0.0035672665939599215, 1e-12);
}

/* Only the proportions of the standard matter. */
static void
test_dsr_standard_scale_free(void **state)
{
	static const double w2[] = { 55, 30, 15 };
	double d, lo, hi, d2, lo2, hi2;

	(void)state;
	assert_int_equal(qi_dsr(ex_x, ex_n, ex_w, 3, QI_RATE_BYAR, 0.9, &d,
	    &lo, &hi), 0);
	assert_int_equal(qi_dsr(ex_x, ex_n, w2, 3, QI_RATE_BYAR, 0.9, &d2,
	    &lo2, &hi2), 0);
	assert_near(d2, d, 1e-14);
	assert_near(lo2, lo, 1e-14);
	assert_near(hi2, hi, 1e-14);
}

/* Outside the domain: -1 and NaN, never a number. */
static void
test_dsr_domain(void **state)
{
	static const double zero[] = { 0, 0, 0 };
	static const double n0[] = { 12000, 0, 3000 };
	static const double xneg[] = { 2, -1, 40 };
	static const double xhalf[] = { 2, 18.5, 40 };
	double d, lo, hi;

	(void)state;
	assert_int_equal(qi_dsr(ex_x, n0, ex_w, 3, QI_RATE_BYAR, 0.95, &d,
	    &lo, &hi), -1);
	assert_true(isnan(d) && isnan(lo) && isnan(hi));
	assert_int_equal(qi_dsr(zero, ex_n, ex_w, 3, QI_RATE_BYAR, 0.95, &d,
	    &lo, &hi), -1);
	assert_true(isnan(d));
	assert_int_equal(qi_dsr(ex_x, ex_n, zero, 3, QI_RATE_BYAR, 0.95, &d,
	    &lo, &hi), -1);
	assert_int_equal(qi_dsr(xneg, ex_n, ex_w, 3, QI_RATE_BYAR, 0.95, &d,
	    &lo, &hi), -1);
	assert_int_equal(qi_dsr(ex_x, ex_n, ex_w, 0, QI_RATE_BYAR, 0.95, &d,
	    &lo, &hi), -1);
	assert_int_equal(qi_dsr(ex_x, ex_n, ex_w, 3, QI_RATE_BYAR, 1.0, &d,
	    &lo, &hi), -1);
	/* the exact bounds count whole events; Byar's take any */
	assert_int_equal(qi_dsr(xhalf, ex_n, ex_w, 3, QI_RATE_EXACT, 0.95, &d,
	    &lo, &hi), -1);
	assert_int_equal(qi_dsr(xhalf, ex_n, ex_w, 3, QI_RATE_BYAR, 0.95, &d,
	    &lo, &hi), 0);
}

/* The built-in standards: bands and the published totals. */
static void
test_stdpop_tables(void **state)
{
	const struct qi_stdpop *s;
	double sum;
	size_t i;

	(void)state;
	assert_non_null(s = qi_stdpop_find("esp2013"));
	assert_int_equal(s->n, 19);
	assert_string_equal(s->band[0], "0-4");
	assert_string_equal(s->band[17], "85-89");
	assert_string_equal(s->band[18], "90+");
	for (i = 0, sum = 0; i < s->n; i++)
		sum += s->pop[i];
	assert_true(sum == 100000.0);
	assert_non_null(s = qi_stdpop_find("jp1985"));
	assert_int_equal(s->n, 18);
	assert_string_equal(s->band[17], "85+");
	for (i = 0, sum = 0; i < s->n; i++)
		sum += s->pop[i];
	assert_true(sum == 120287000.0);
	assert_null(qi_stdpop_find("jp2015"));
	assert_null(qi_stdpop_find(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dsr_worked_example),
		cmocka_unit_test(test_dsr_standard_scale_free),
		cmocka_unit_test(test_dsr_domain),
		cmocka_unit_test(test_stdpop_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
