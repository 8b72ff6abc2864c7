/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_spc.c -- unit tests for spc.c: p, u, p' and u' chart limits.
 *
 * Reference values come from base R 4.2, written by
 * tests/oracle/gen_funnel.R into spc_fit.csv and spc_units.csv (the
 * formulas of qicharts2 and Laney 2002).  Tolerance: relative 1e-9.
 *
 * SPEC: specs/statistics.md#spc
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
#define MAXK		32

/* Rows of spc_units.csv for one set, chart and multiplier, in order. */
static size_t
spc_rows(const struct oracle_table *u, const struct oracle_row *fit,
    const struct oracle_row **rows)
{
	size_t	 i, k = 0;

	for (i = 0; i < u->nrows; i++) {
		const struct oracle_row *r = &u->rows[i];

		if (strcmp(r->cell[0], fit->cell[0]) == 0 &&
		    strcmp(r->cell[1], fit->cell[1]) == 0 &&
		    strcmp(r->cell[2], fit->cell[2]) == 0) {
			assert_true(k < MAXK);
			rows[k++] = r;
		}
	}
	return k;
}

/*
 * Every set of the oracle: big quarters (Laney's case), small quarters,
 * rare events, no events (cl = 0), two points, and rates; each as p, p',
 * u and u' at 3 and 2 sigma.
 */
static void
test_spc_matches_r_oracle(void **state)
{
	struct oracle_table u, f;
	const struct oracle_row *rows[MAXK];
	double		 x[MAXK], n[MAXK], lo[MAXK], hi[MAXK], cl, sz;
	double		 maxrel = 0.0;
	size_t		 i, j, k, units = 0;
	int		 chart;

	(void)state;
	oracle_read(ORACLE_DIR "spc_units.csv",
	    "set,chart,mult,x,n,lower,upper", &u);
	oracle_read(ORACLE_DIR "spc_fit.csv", "set,chart,mult,cl,sigma_z",
	    &f);
	assert_true(f.nrows >= 40);
	for (i = 0; i < f.nrows; i++) {
		const struct oracle_row *r = &f.rows[i];

		chart = qi_name_value(qi_spc_chart_names, r->cell[1]);
		assert_true(chart >= 0);
		k = spc_rows(&u, r, rows);
		for (j = 0; j < k; j++) {
			x[j] = oracle_num(&u, rows[j], 3);
			n[j] = oracle_num(&u, rows[j], 4);
		}
		assert_int_equal(qi_spc_limits(chart, x, n, k,
		    oracle_num(&f, r, 2), &cl, &sz, lo, hi), 0);
		oracle_check(&f, r, 3, cl, ORACLE_REL(RELTOL), &maxrel);
		oracle_check(&f, r, 4, sz, ORACLE_REL(RELTOL), &maxrel);
		for (j = 0; j < k; j++) {
			oracle_check(&u, rows[j], 5, lo[j], ORACLE_REL(RELTOL),
			    &maxrel);
			oracle_check(&u, rows[j], 6, hi[j], ORACLE_REL(RELTOL),
			    &maxrel);
		}
		units += k;
	}
	assert_int_equal(units, u.nrows);
	print_message("%zu charts, %zu points; max relative error %.3g\n",
	    f.nrows, units, maxrel);
	oracle_free(&u);
	oracle_free(&f);
}

/*
 * A p chart by hand: 3 quarters of 10/100, 20/100, 30/100: cl = 0.2,
 * sigma = 0.04, limits 0.2 -+ 0.12; Laney's z = -2.5, 0, 2.5, mean
 * moving range 2.5, sigma_z = 2.5/1.128.
 */
static void
test_spc_p_chart_by_hand(void **state)
{
	static const double x[] = { 10, 20, 30 };
	static const double n[] = { 100, 100, 100 };
	double		 lo[3], hi[3], cl, sz;

	(void)state;
	assert_int_equal(qi_spc_limits(QI_SPC_P, x, n, 3, QI_SPC_SIGMA, &cl,
	    &sz, lo, hi), 0);
	assert_near(cl, 0.2, 1e-15);
	assert_true(sz == 1.0);
	assert_near(lo[1], 0.08, 1e-14);
	assert_near(hi[2], 0.32, 1e-14);
	assert_int_equal(qi_spc_limits(QI_SPC_P_LANEY, x, n, 3, QI_SPC_SIGMA,
	    &cl, &sz, lo, hi), 0);
	assert_near(sz, 2.5 / 1.128, 1e-14);
	assert_near(hi[0], fmin(0.2 + 0.12 * 2.5 / 1.128, 1.0), 1e-14);
	assert_true(lo[0] == 0.0);	/* 0.2 - 0.266: clipped */
}

/* A u chart is clipped at 0 only; a p chart at 0 and 1. */
static void
test_spc_clips(void **state)
{
	static const double x[] = { 9, 1 };
	static const double n[] = { 10, 2 };
	double		 lo[2], hi[2], cl, sz;

	(void)state;
	assert_int_equal(qi_spc_limits(QI_SPC_P, x, n, 2, QI_SPC_SIGMA, &cl,
	    &sz, lo, hi), 0);
	assert_true(hi[1] == 1.0 && lo[1] > 0.0);
	assert_int_equal(qi_spc_limits(QI_SPC_U, x, n, 2, QI_SPC_SIGMA, &cl,
	    &sz, lo, hi), 0);
	assert_true(hi[1] > 1.0 && lo[1] == 0.0);
}

static void
test_spc_rejects_bad_input(void **state)
{
	static const double x[] = { 1, 2, 3 };
	static const double n[] = { 10, 20, 30 };
	static const double nz[] = { 10, 0, 30 };
	static const double xbig[] = { 1, 21, 3 };
	double		 lo[3], hi[3], cl, sz;

	(void)state;
	assert_int_equal(qi_spc_limits(QI_SPC_P_LANEY, x, n, 1, QI_SPC_SIGMA,
	    &cl, &sz, lo, hi), -1);
	assert_true(isnan(cl) && isnan(lo[0]));
	assert_int_equal(qi_spc_limits(QI_SPC_P, x, n, 1, QI_SPC_SIGMA,
	    &cl, &sz, lo, hi), 0);
	assert_int_equal(qi_spc_limits(QI_SPC_P, x, nz, 3, QI_SPC_SIGMA,
	    &cl, &sz, lo, hi), -1);
	assert_int_equal(qi_spc_limits(QI_SPC_P, xbig, n, 3, QI_SPC_SIGMA,
	    &cl, &sz, lo, hi), -1);
	/* x > n is a rate above 1 per unit of exposure: fine for u. */
	assert_int_equal(qi_spc_limits(QI_SPC_U, xbig, n, 3, QI_SPC_SIGMA,
	    &cl, &sz, lo, hi), 0);
	assert_int_equal(qi_spc_limits(QI_SPC_U, x, n, 3, 0.0, &cl, &sz, lo,
	    hi), -1);
	assert_int_equal(qi_spc_limits((enum qi_spc_chart)9, x, n, 3,
	    QI_SPC_SIGMA, &cl, &sz, lo, hi), -1);
	assert_int_equal(qi_spc_limits(QI_SPC_U, NULL, n, 3, QI_SPC_SIGMA,
	    &cl, &sz, lo, hi), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spc_matches_r_oracle),
		cmocka_unit_test(test_spc_p_chart_by_hand),
		cmocka_unit_test(test_spc_clips),
		cmocka_unit_test(test_spc_rejects_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
