/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_shrink.c -- unit tests for shrink.c: beta-binomial empirical-Bayes
 * smoothing by the method of moments.
 *
 * Reference values come from base R 4.2, written by
 * tests/oracle/gen_funnel.R into shrink_fit.csv and shrink_units.csv.
 * Tolerance: relative 1e-9.
 *
 * SPEC: specs/statistics.md#smoothing
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "qi.h"
#include "oracle.h"
#include "test_util.h"

#define RELTOL		1e-9
#define MAXUNITS	64

/*
 * Every set of the oracle: 50 heterogeneous hospitals, 30 homogeneous
 * ones (rho <= 0: all weight on the pooled rate), no events, all events,
 * rho >= 1 (no shrinkage), two units, fractional counts, and n from 1 to
 * 1e7 together.
 */
static void
test_shrink_matches_r_oracle(void **state)
{
	struct oracle_table u, f;
	struct qi_shrink fit;
	double		 x[MAXUNITS], n[MAXUNITS], rate, rel, maxrel = 0.0;
	size_t		 i, j, k, units = 0;

	(void)state;
	oracle_read(ORACLE_DIR "shrink_units.csv",
	    "set,x,n,rate,reliability", &u);
	oracle_read(ORACLE_DIR "shrink_fit.csv", "set,pooled,rho,m", &f);
	assert_true(f.nrows >= 8);
	for (i = 0; i < f.nrows; i++) {
		const struct oracle_row *r = &f.rows[i];

		for (j = k = 0; j < u.nrows; j++) {
			if (strcmp(u.rows[j].cell[0], r->cell[0]) != 0)
				continue;
			assert_true(k < MAXUNITS);
			x[k] = oracle_num(&u, &u.rows[j], 1);
			n[k] = oracle_num(&u, &u.rows[j], 2);
			k++;
		}
		assert_int_equal(qi_shrink_fit(x, n, k, &fit), 0);
		assert_int_equal(fit.k, k);
		oracle_check(&f, r, 1, fit.pooled, ORACLE_REL(RELTOL), &maxrel);
		oracle_check(&f, r, 2, fit.rho, ORACLE_REL(RELTOL), &maxrel);
		oracle_check(&f, r, 3, fit.m, ORACLE_REL(RELTOL), &maxrel);
		for (j = 0; j < u.nrows; j++) {
			const struct oracle_row *ur = &u.rows[j];

			if (strcmp(ur->cell[0], r->cell[0]) != 0)
				continue;
			assert_int_equal(qi_shrink_unit(&fit,
			    oracle_num(&u, ur, 1), oracle_num(&u, ur, 2),
			    &rate, &rel), 0);
			oracle_check(&u, ur, 3, rate, ORACLE_REL(RELTOL),
			    &maxrel);
			oracle_check(&u, ur, 4, rel, ORACLE_REL(RELTOL),
			    &maxrel);
			units++;
		}
	}
	assert_int_equal(units, u.nrows);
	print_message("%zu sets, %zu units; max relative error %.3g\n",
	    f.nrows, units, maxrel);
	oracle_free(&u);
	oracle_free(&f);
}

/*
 * The smoothed rate lies between the unit's own rate and the pooled one,
 * and is their reliability-weighted mean; more patients, more weight.
 */
static void
test_shrink_pulls_toward_pooled_rate(void **state)
{
	static const double x[] = { 2, 30, 5, 90, 1, 14 };
	static const double n[] = { 40, 200, 25, 500, 60, 70 };
	struct qi_shrink fit;
	double		 rate, rel, prev = -1.0, p;
	size_t		 i;

	(void)state;
	assert_int_equal(qi_shrink_fit(x, n, 6, &fit), 0);
	assert_true(fit.rho > 0.0 && fit.rho < 1.0);
	assert_near(fit.alpha + fit.beta, fit.m, 1e-15);
	assert_near(fit.alpha / fit.m, fit.pooled, 1e-15);
	for (i = 0; i < 6; i++) {
		assert_int_equal(qi_shrink_unit(&fit, x[i], n[i], &rate, &rel),
		    0);
		p = x[i] / n[i];
		assert_true(rate >= fmin(p, fit.pooled) &&
		    rate <= fmax(p, fit.pooled));
		assert_near(rate, rel * p + (1.0 - rel) * fit.pooled, 1e-14);
	}
	for (i = 1; i <= 1000000; i *= 10) {
		assert_int_equal(qi_shrink_unit(&fit, 0.0, (double)i, &rate,
		    &rel), 0);
		assert_true(rel > prev);
		prev = rel;
	}
}

/*
 * No heterogeneity (rho <= 0, or every rate equal to the pooled one)
 * puts all the weight on the pooled rate; rho >= 1 none.
 */
static void
test_shrink_fallbacks(void **state)
{
	static const double xe[] = { 10, 20, 30 };
	static const double ne[] = { 100, 200, 300 };
	static const double x0[] = { 0, 0 };
	static const double n0[] = { 7, 9 };
	static const double xs[] = { 0, 10 };
	static const double ns[] = { 10, 10 };
	struct qi_shrink fit;
	double		 rate, rel;

	(void)state;
	assert_int_equal(qi_shrink_fit(xe, ne, 3, &fit), 0);
	assert_true(fit.rho < 0.0 && isinf(fit.m));
	assert_int_equal(qi_shrink_unit(&fit, 50.0, 100.0, &rate, &rel), 0);
	assert_true(rate == 0.1 && rel == 0.0);

	assert_int_equal(qi_shrink_fit(x0, n0, 2, &fit), 0);
	assert_true(fit.pooled == 0.0 && fit.rho == 0.0 && isinf(fit.m));
	assert_true(fit.alpha == 0.0 && isinf(fit.beta));
	assert_int_equal(qi_shrink_unit(&fit, 3.0, 5.0, &rate, &rel), 0);
	assert_true(rate == 0.0 && rel == 0.0);

	assert_int_equal(qi_shrink_fit(xs, ns, 2, &fit), 0);
	assert_true(fit.rho >= 1.0 && fit.m == 0.0);
	assert_int_equal(qi_shrink_unit(&fit, 3.0, 5.0, &rate, &rel), 0);
	assert_true(rate == 0.6 && rel == 1.0);
}

static void
test_shrink_rejects_bad_input(void **state)
{
	static const double x[] = { 1, 2, 3 };
	static const double n[] = { 10, 20, 30 };
	static const double ones[] = { 1, 1, 1 };
	static const double xbig[] = { 1, 21, 3 };
	static const double nz[] = { 10, 0, 30 };
	struct qi_shrink fit;
	double		 rate, rel;

	(void)state;
	assert_int_equal(qi_shrink_fit(x, n, 1, &fit), -1);
	assert_true(fit.k == 0);
	assert_int_equal(qi_shrink_fit(xbig, n, 3, &fit), -1);
	assert_int_equal(qi_shrink_fit(x, nz, 3, &fit), -1);
	/* All n = 1: nothing separates binomial from extra variation. */
	assert_int_equal(qi_shrink_fit(ones, ones, 3, &fit), -1);
	assert_int_equal(qi_shrink_fit(NULL, n, 3, &fit), -1);
	assert_int_equal(qi_shrink_unit(&fit, 1.0, 10.0, &rate, &rel), -1);
	assert_true(isnan(rate) && isnan(rel));
	assert_int_equal(qi_shrink_fit(x, n, 3, &fit), 0);
	assert_int_equal(qi_shrink_unit(&fit, 11.0, 10.0, &rate, &rel), -1);
	assert_int_equal(qi_shrink_unit(&fit, 1.0, 0.0, &rate, &rel), -1);
	assert_int_equal(qi_shrink_unit(&fit, NAN, 10.0, &rate, &rel), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shrink_matches_r_oracle),
		cmocka_unit_test(test_shrink_pulls_toward_pooled_rate),
		cmocka_unit_test(test_shrink_fallbacks),
		cmocka_unit_test(test_shrink_rejects_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
