/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_stats.c -- unit tests for stats.c (qi_ci_proportion).
 *
 * Reference values come from R 4.2.2 (prop.test(correct = FALSE) for
 * Wilson, binom.test for Clopper-Pearson), written by
 * tests/oracle/gen_ci_proportion.R into tests/oracle/ci_proportion.csv.
 * Tolerance: relative 1e-9 (the largest error seen is 4e-14), absolute
 * 1e-15 where R gives 0.
 *
 * SPEC: specs/statistics.md#proportion-intervals
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

#define ORACLE_CSV	ORACLE_DIR "ci_proportion.csv"
#define ORACLE_RELTOL	1e-9	/* relative, against R */
/* relative 1e-9; absolute 1e-15 where R gives exactly 0 */
#define ORACLE_TOL	(&(const struct oracle_tol){ ORACLE_RELTOL, 1e-15, \
			    0.0 })
#define ORACLE_MINROWS	150	/* the file must not shrink unnoticed */

static const double levels[] = { 0.8, 0.9, 0.95, 0.99, 0.998 };
#define NLEVELS		(sizeof(levels) / sizeof(levels[0]))

/*
 * Every row of the R oracle is reproduced: both bounds of both methods at
 * levels 0.2 to 0.998, for n from 1 to 1e7, x = 0, x = n and rare events.
 */
static void
test_stats_matches_r_oracle(void **state)
{
	struct oracle_table t;
	const struct oracle_row *r;
	double		 lo, hi, maxrel[2] = { 0.0, 0.0 };
	int		 m;
	size_t		 i;

	(void)state;
	oracle_read(ORACLE_CSV, "method,x,n,level,lower,upper", &t);
	for (i = 0; i < t.nrows; i++) {
		r = &t.rows[i];
		m = qi_name_value(qi_ci_method_names, r->cell[0]);
		if (m != QI_CI_WILSON && m != QI_CI_EXACT)
			fail_msg("%s:%zu: unknown method", t.path, r->lineno);
		assert_int_equal(qi_ci_proportion((enum qi_ci_method)m,
		    oracle_num(&t, r, 1), oracle_num(&t, r, 2),
		    oracle_num(&t, r, 3), &lo, &hi), 0);
		oracle_check(&t, r, 4, lo, ORACLE_TOL,
		    &maxrel[m == QI_CI_EXACT]);
		oracle_check(&t, r, 5, hi, ORACLE_TOL,
		    &maxrel[m == QI_CI_EXACT]);
	}
	assert_true(t.nrows >= ORACLE_MINROWS);
	print_message("%zu oracle rows; max relative error: wilson %.3g, "
	    "exact %.3g\n", t.nrows, maxrel[0], maxrel[1]);
	oracle_free(&t);
}

/*
 * Wilson gives exactly 0 as the lower bound at x = 0 and exactly 1 as the
 * upper at x = n (the formula alone leaves rounding residue); so does the
 * exact method, by definition.
 */
static void
test_stats_wilson_clamps_at_zero_and_n(void **state)
{
	static const double ns[] = { 1.0, 2.0, 25.0, 1e5, 1e7, 2.5 };
	double		 lo, hi;
	size_t		 i, j;
	int		 m;

	(void)state;
	for (m = QI_CI_WILSON; m <= QI_CI_EXACT; m++)
		for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
			for (j = 0; j < NLEVELS; j++) {
				if (m == QI_CI_EXACT && ns[i] != floor(ns[i]))
					continue;
				assert_int_equal(qi_ci_proportion(m, 0.0,
				    ns[i], levels[j], &lo, &hi), 0);
				assert_true(lo == 0.0);
				assert_true(hi > 0.0 && hi < 1.0);
				assert_int_equal(qi_ci_proportion(m, ns[i],
				    ns[i], levels[j], &lo, &hi), 0);
				assert_true(hi == 1.0);
				assert_true(lo > 0.0 && lo < 1.0);
			}
}

/* x > n, however slightly, is outside the domain; so is x < 0. */
static void
test_stats_rejects_x_above_n(void **state)
{
	double		 lo, hi;
	int		 m;

	(void)state;
	for (m = QI_CI_WILSON; m <= QI_CI_EXACT; m++) {
		assert_int_equal(qi_ci_proportion(m, 11.0, 10.0, 0.95,
		    &lo, &hi), -1);
		assert_true(isnan(lo) && isnan(hi));
		assert_int_equal(qi_ci_proportion(m, nextafter(10.0, 11.0),
		    10.0, 0.95, &lo, &hi), -1);
		assert_int_equal(qi_ci_proportion(m, 1e7 + 1.0, 1e7, 0.95,
		    &lo, &hi), -1);
		assert_int_equal(qi_ci_proportion(m, -1.0, 10.0, 0.95,
		    &lo, &hi), -1);
		assert_int_equal(qi_ci_proportion(m, NAN, 10.0, 0.95,
		    &lo, &hi), -1);
		assert_int_equal(qi_ci_proportion(m, INFINITY, INFINITY, 0.95,
		    &lo, &hi), -1);
	}
}

/* The level is a probability strictly between 0 and 1 (not a percent). */
static void
test_stats_rejects_level_outside_open_interval(void **state)
{
	static const double bad[] = { 0.0, 1.0, -0.5, 1.5, 95.0, -0.0 };
	double		 lo, hi;
	size_t		 i;
	int		 m;

	(void)state;
	for (m = QI_CI_WILSON; m <= QI_CI_EXACT; m++) {
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			assert_int_equal(qi_ci_proportion(m, 3.0, 10.0, bad[i],
			    &lo, &hi), -1);
			assert_true(isnan(lo) && isnan(hi));
		}
		assert_int_equal(qi_ci_proportion(m, 3.0, 10.0, NAN,
		    &lo, &hi), -1);
		assert_int_equal(qi_ci_proportion(m, 3.0, 10.0,
		    nextafter(1.0, 0.0), &lo, &hi), 0);
		assert_int_equal(qi_ci_proportion(m, 3.0, 10.0,
		    nextafter(0.0, 1.0), &lo, &hi), 0);
		assert_true(lo <= hi);
	}
}

/* n must be positive and finite; an unknown method is refused too. */
static void
test_stats_rejects_bad_n_and_method(void **state)
{
	double		 lo, hi;
	int		 m;

	(void)state;
	for (m = QI_CI_WILSON; m <= QI_CI_EXACT; m++) {
		assert_int_equal(qi_ci_proportion(m, 0.0, 0.0, 0.95,
		    &lo, &hi), -1);
		assert_int_equal(qi_ci_proportion(m, 0.0, -5.0, 0.95,
		    &lo, &hi), -1);
		assert_int_equal(qi_ci_proportion(m, 1.0, NAN, 0.95,
		    &lo, &hi), -1);
		assert_int_equal(qi_ci_proportion(m, 1.0, 2.0, 0.95,
		    NULL, &hi), -1);
	}
	assert_int_equal(qi_ci_proportion((enum qi_ci_method)7, 1.0, 2.0,
	    0.95, &lo, &hi), -1);
}

/*
 * Clopper-Pearson needs whole counts (above 2^53 doubles are no longer
 * counts); Wilson accepts fractional ones (R's prop.test does too).
 */
static void
test_stats_exact_requires_integer_counts(void **state)
{
	double		 lo, hi;

	(void)state;
	assert_int_equal(qi_ci_proportion(QI_CI_EXACT, 2.5, 10.0, 0.95,
	    &lo, &hi), -1);
	assert_int_equal(qi_ci_proportion(QI_CI_EXACT, 2.0, 10.5, 0.95,
	    &lo, &hi), -1);
	assert_int_equal(qi_ci_proportion(QI_CI_EXACT, 1.0, 0x1p60, 0.95,
	    &lo, &hi), -1);
	assert_int_equal(qi_ci_proportion(QI_CI_WILSON, 2.5, 10.0, 0.95,
	    &lo, &hi), 0);
	/* R: prop.test(2.5, 10, correct = FALSE)$conf.int */
	assert_near(lo, 0.080947824209994496, 1e-13);
	assert_near(hi, 0.557818575721450105, 1e-13);
}

/*
 * One event in ten million: the exact bounds are about 2.5e-9 and 5.6e-7,
 * where gsl_cdf_beta_Pinv gives NaN.  Brent on the logit reaches R's
 * values to about 1e-14.
 */
static void
test_stats_exact_rare_event_huge_n(void **state)
{
	double		 lo, hi;

	(void)state;
	assert_int_equal(qi_ci_proportion(QI_CI_EXACT, 1.0, 1e7, 0.95,
	    &lo, &hi), 0);
	/* R: binom.test(1, 1e7)$conf.int */
	assert_near(lo, 2.5317807952240312e-09, 1e-12);
	assert_near(hi, 5.5716421173607271e-07, 1e-12);
	/* And the mirror image, n - 1 of n, by the other side of the solver. */
	assert_int_equal(qi_ci_proportion(QI_CI_EXACT, 1e7 - 1.0, 1e7, 0.95,
	    &lo, &hi), 0);
	assert_near(lo, 0.99999944283578823, 1e-15);
	assert_near(hi, 0.99999999746821921, 1e-15);
	assert_near(1.0 - hi, 1.0 - 0.99999999746821921, 1e-6);
}

/*
 * A few events in a little over 1e5 trials: where GSL's gsl_cdf_beta_P
 * would use the asymptotic AS 26.5.17 (moving the bounds by 5e-10), the
 * binomial tail is summed and the bounds match R to rounding.
 * (R's values agree with a 50-digit mpmath root to 3e-15.)
 */
static void
test_stats_exact_few_events_is_exact(void **state)
{
	double		 lo, hi;

	(void)state;
	assert_int_equal(qi_ci_proportion(QI_CI_EXACT, 6.0, 110237.0, 0.99,
	    &lo, &hi), 0);
	/* R: binom.test(6, 110237, conf.level = 0.99)$conf.int */
	assert_near(lo, 1.3942106194982622e-05, 1e-13);
	assert_near(hi, 0.00014204839320684928, 1e-13);
	/* The mirror image goes through the other branch of the sum. */
	assert_int_equal(qi_ci_proportion(QI_CI_EXACT, 110231.0, 110237.0,
	    0.99, &lo, &hi), 0);
	assert_near(1.0 - hi, 1.3942106194982622e-05, 1e-10);
	assert_near(1.0 - lo, 0.00014204839320684928, 1e-10);
}

/*
 * 5e6 of 1e7, the case where gsl_cdf_beta_Pinv never returns: both
 * bounds finish and match R.  At level 0.2 the bounds are 0.25 standard
 * errors from the mode, where GSL's gsl_cdf_beta_P returned NaN; qi's
 * incomplete beta takes Temme's expansion there.
 */
static void
test_stats_exact_half_of_ten_million(void **state)
{
	double		 lo, hi;

	(void)state;
	assert_int_equal(qi_ci_proportion(QI_CI_EXACT, 5e6, 1e7, 0.95,
	    &lo, &hi), 0);
	/* R: binom.test(5e6, 1e7)$conf.int */
	assert_near(lo, 0.49969005252137105, ORACLE_RELTOL);
	assert_near(hi, 0.50030994747862900, ORACLE_RELTOL);
	assert_near(lo + hi, 1.0, 1e-15);	/* symmetric about 1/2 */

	assert_int_equal(qi_ci_proportion(QI_CI_EXACT, 5e6, 1e7, 0.2,
	    &lo, &hi), 0);
	/* R: binom.test(5e6, 1e7, conf.level = 0.2)$conf.int */
	assert_near(lo, 0.49995989230684185, ORACLE_RELTOL);
	assert_near(hi, 0.50004010769315821, ORACLE_RELTOL);
}

/*
 * Every interval holds the estimate x/n, and a higher level never gives
 * a narrower interval.  The exact interval for x of n mirrors the one for
 * n - x of n.
 */
static void
test_stats_intervals_nest_and_mirror(void **state)
{
	static const double xn[][2] = {
		{ 0, 1 }, { 1, 1 }, { 1, 2 }, { 3, 7 }, { 45, 60 },
		{ 1, 1e5 }, { 99999, 1e5 }, { 312, 1e6 }, { 7, 1e7 },
	};
	double		 lo, hi, plo, phi, mlo, mhi, p;
	size_t		 i, j;
	int		 m;

	(void)state;
	for (m = QI_CI_WILSON; m <= QI_CI_EXACT; m++)
		for (i = 0; i < sizeof(xn) / sizeof(xn[0]); i++) {
			p = xn[i][0] / xn[i][1];
			plo = p;
			phi = p;
			for (j = 0; j < NLEVELS; j++) {
				assert_int_equal(qi_ci_proportion(m, xn[i][0],
				    xn[i][1], levels[j], &lo, &hi), 0);
				assert_true(lo <= p && p <= hi);
				assert_true(lo <= plo && hi >= phi);
				plo = lo;
				phi = hi;
				assert_int_equal(qi_ci_proportion(m,
				    xn[i][1] - xn[i][0], xn[i][1], levels[j],
				    &mlo, &mhi), 0);
				/* Absolute: 1 - hi cancels when hi ~ 1. */
				assert_near_abs(mhi, 1.0 - lo, 1e-15);
				assert_near_abs(mlo, 1.0 - hi, 1e-15);
			}
		}
}

/*
 * The worked example of specs/statistics.md: 45 of 60 at 95%, Wilson
 * [0.62768, 0.84223], Clopper-Pearson [0.62140, 0.85281]; pooled with
 * 12 of 40, 57 of 100: Wilson [0.47215, 0.66267], CP [0.46713, 0.66861].
 */
static void
test_stats_spec_worked_example(void **state)
{
	double		 lo, hi;

	(void)state;
	assert_int_equal(qi_ci_proportion(QI_CI_WILSON, 45.0, 60.0, 0.95,
	    &lo, &hi), 0);
	assert_near(lo, 0.62767929922952181, 1e-13);
	assert_near(hi, 0.84223477469943320, 1e-13);
	assert_near(round(lo * 1e5) / 1e5, 0.62768, 1e-15);
	assert_near(round(hi * 1e5) / 1e5, 0.84223, 1e-15);

	assert_int_equal(qi_ci_proportion(QI_CI_EXACT, 45.0, 60.0, 0.95,
	    &lo, &hi), 0);
	assert_near(lo, 0.62140364452045571, 1e-13);
	assert_near(hi, 0.85281392620099639, 1e-13);
	assert_near(round(lo * 1e5) / 1e5, 0.62140, 1e-15);
	assert_near(round(hi * 1e5) / 1e5, 0.85281, 1e-15);

	/*
	 * Pooled: hospitals with 45/60 (0.75) and 12/40 (0.30) pool to
	 * 57/100 = 0.57, not to the mean of the rates (0.525); the same
	 * method is applied to the sums.  R: prop.test(57, 100, correct =
	 * FALSE) and binom.test(57, 100).
	 */
	assert_int_equal(qi_ci_proportion(QI_CI_WILSON, 45.0 + 12.0,
	    60.0 + 40.0, 0.95, &lo, &hi), 0);
	assert_near(lo, 0.47215389549212311, 1e-13);
	assert_near(hi, 0.66266701475889878, 1e-13);
	assert_near(round(lo * 1e5) / 1e5, 0.47215, 1e-15);
	assert_near(round(hi * 1e5) / 1e5, 0.66267, 1e-15);
	assert_int_equal(qi_ci_proportion(QI_CI_EXACT, 45.0 + 12.0,
	    60.0 + 40.0, 0.95, &lo, &hi), 0);
	assert_near(lo, 0.46713373832484617, 1e-13);
	assert_near(hi, 0.66860898336861685, 1e-13);
	assert_near(round(lo * 1e5) / 1e5, 0.46713, 1e-15);
	assert_near(round(hi * 1e5) / 1e5, 0.66861, 1e-15);
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
		cmocka_unit_test(test_stats_matches_r_oracle),
		cmocka_unit_test(test_stats_wilson_clamps_at_zero_and_n),
		cmocka_unit_test(test_stats_rejects_x_above_n),
		cmocka_unit_test(
		    test_stats_rejects_level_outside_open_interval),
		cmocka_unit_test(test_stats_rejects_bad_n_and_method),
		cmocka_unit_test(test_stats_exact_requires_integer_counts),
		cmocka_unit_test(test_stats_exact_rare_event_huge_n),
		cmocka_unit_test(test_stats_exact_few_events_is_exact),
		cmocka_unit_test(test_stats_exact_half_of_ten_million),
		cmocka_unit_test(test_stats_intervals_nest_and_mirror),
		cmocka_unit_test(test_stats_spec_worked_example),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
