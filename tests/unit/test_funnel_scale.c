/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_funnel_scale.c -- unit tests for qi_funnel_units() (funnel.c):
 * the z-scores of the SHMI and the CQC, and the errors it returns.  The
 * whole method is checked against base R through qi stats funnel by
 * tests/cli/stats_funnel_scale_matches_oracle.sh.
 *
 * SPEC: specs/statistics.md#funnels-on-a-transformed-scale
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
#include "test_util.h"

static struct qi_funnel_spec
spec(int poisson, enum qi_funnel_scale sc, enum qi_od_model od)
{
	struct qi_funnel_spec sp;

	memset(&sp, 0, sizeof(sp));
	sp.poisson = poisson;
	sp.method = QI_FUNNEL_NORMAL;
	sp.scale = sc;
	sp.od = od;
	sp.trim = 0.1;
	sp.level[0] = 0.95;
	sp.level[1] = 0.998;
	sp.target = NAN;
	return sp;
}

/*
 * O/E ratios at target 1: on the log scale z = sqrt(E) log(O/E) (SHMI),
 * on the sqrt scale z = 2 (sqrt(O) - sqrt(E)) (CQC); the limits are
 * exp(+-z_L / sqrt(E)) and (1 +- z_L / (2 sqrt(E)))^2.
 */
static void
test_funnel_scale_shmi_and_cqc_z(void **state)
{
	static const double o[] = { 30, 12, 55 }, e[] = { 25, 20, 50 };
	struct qi_funnel_spec sp = spec(1, QI_SCALE_LOG, QI_OD_NONE);
	struct qi_funnel_fit fit;
	struct qi_funnel_row row[3];
	double zl = 1.959963984540054;
	size_t i;

	(void)state;
	sp.target = 1.0;
	assert_int_equal(qi_funnel_units(&sp, o, e, 3, &fit, row),
	    QI_FUNNEL_OK);
	for (i = 0; i < 3; i++) {
		assert_near(row[i].z, sqrt(e[i]) * log(o[i] / e[i]), 1e-13);
		assert_near(row[i].lo[0], exp(-zl / sqrt(e[i])), 1e-13);
		assert_near(row[i].hi[0], exp(zl / sqrt(e[i])), 1e-13);
	}
	sp.scale = QI_SCALE_SQRT;
	assert_int_equal(qi_funnel_units(&sp, o, e, 3, &fit, row),
	    QI_FUNNEL_OK);
	for (i = 0; i < 3; i++) {
		assert_near(row[i].z, 2.0 * (sqrt(o[i]) - sqrt(e[i])), 1e-12);
		assert_near(row[i].hi[0], pow(1.0 + zl / (2.0 * sqrt(e[i])),
		    2.0), 1e-13);
	}
}

/* What it refuses, and why (the codes the command turns into messages). */
static void
test_funnel_scale_errors(void **state)
{
	static const double x[] = { 0, 0 }, n[] = { 10, 20 };
	static const double x1[] = { 2, 0 }, n1[] = { 10, 0 };
	struct qi_funnel_spec sp = spec(0, QI_SCALE_LOGIT, QI_OD_NONE);
	struct qi_funnel_fit fit;
	struct qi_funnel_row row[2];
	const char *hint;

	(void)state;
	/* no events at all: the pooled target 0 has no logit */
	assert_int_equal(qi_funnel_units(&sp, x, n, 2, &fit, row),
	    QI_FUNNEL_ETARGET);
	/* no counts, no target */
	assert_int_equal(qi_funnel_units(&sp, NULL, n, 2, &fit, row),
	    QI_FUNNEL_ENOTARGET);
	/* overdispersion from one unit with a volume */
	sp.od = QI_OD_ADDITIVE;
	assert_int_equal(qi_funnel_units(&sp, x1, n1, 2, &fit, row),
	    QI_FUNNEL_EOD);
	assert_int_equal(row[1].status, QI_FUNNEL_ROW_NO_VOLUME);
	/* refused combinations */
	sp.method = QI_FUNNEL_EXACT;
	assert_non_null(qi_funnel_spec_problem(&sp, &hint));
	assert_non_null(hint);
	assert_int_equal(qi_funnel_units(&sp, x1, n1, 2, &fit, row),
	    QI_FUNNEL_EARG);
	sp = spec(0, QI_SCALE_LOG, QI_OD_NONE);
	assert_non_null(qi_funnel_spec_problem(&sp, &hint));
	sp = spec(1, QI_SCALE_SQRT, QI_OD_NONE);
	sp.level[0] = 0.999;	/* above the outer 0.998 */
	assert_non_null(qi_funnel_spec_problem(&sp, &hint));
	sp = spec(1, QI_SCALE_SQRT, QI_OD_NONE);
	assert_null(qi_funnel_spec_problem(&sp, &hint));
}

/* A unit with no events on the logit scale: limits and flag, no z. */
static void
test_funnel_scale_zero_events_on_logit(void **state)
{
	static const double x[] = { 0, 12, 30 }, n[] = { 80, 100, 200 };
	struct qi_funnel_spec sp = spec(0, QI_SCALE_LOGIT, QI_OD_NONE);
	struct qi_funnel_fit fit;
	struct qi_funnel_row row[3];

	(void)state;
	assert_int_equal(qi_funnel_units(&sp, x, n, 3, &fit, row),
	    QI_FUNNEL_OK);
	assert_int_equal(row[0].status, QI_FUNNEL_ROW_NO_Z);
	assert_true(isnan(row[0].z));
	assert_true(row[0].lo[1] > 0.0);
	assert_int_equal(row[0].flag, QI_FUNNEL_BELOW_OUTER);
	assert_int_equal(fit.k, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_funnel_scale_shmi_and_cqc_z),
		cmocka_unit_test(test_funnel_scale_errors),
		cmocka_unit_test(test_funnel_scale_zero_events_on_logit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
