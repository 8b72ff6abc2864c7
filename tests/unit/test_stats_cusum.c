/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_stats_cusum.c -- unit tests for stats_cusum.c: the weights of
 * Steiner et al. (2000) and the Markov-chain run length by hand.  The
 * oracle vectors of tests/oracle/gen_cusum.R are checked through qi
 * stats cusum by tests/cli/stats_cusum_matches_oracle.sh.
 *
 * SPEC: specs/statistics.md#risk-adjusted-cusum
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

/*
 * p = 0.2, R = 2: an event weighs log(2 / 1.2) = 0.5108..., a patient
 * without one log(1 / 1.2) = -0.1823...; risks of 0 or 1 are refused.
 */
static void
test_cusum_weight_by_hand(void **state)
{
	(void)state;
	assert_near(qi_cusum_weight(0.2, 1, 2.0), log(2.0 / 1.2), 1e-15);
	assert_near(qi_cusum_weight(0.2, 0, 2.0), -log(1.2), 1e-15);
	assert_true(isnan(qi_cusum_weight(0.0, 1, 2.0)));
	assert_true(isnan(qi_cusum_weight(1.0, 0, 2.0)));
	assert_true(isnan(qi_cusum_weight(0.5, 2, 2.0)));
}

/*
 * One risk p = 0.5, R = 2: weights +log(4/3) and -log(3/2).  With h
 * just below log(4/3) and m = 10 states, an event (probability 1/2 in
 * control) moves 10 states up from 0: a signal; no event stays at 0.
 * The run length is geometric: ARL = 2 in control, 1/(2/3) = 1.5 at
 * R = 2 (the event's probability 2/3).
 */
static void
test_cusum_arl_geometric(void **state)
{
	static const double p[] = { 0.5 };
	double h = log(4.0 / 3.0) * 0.999;

	(void)state;
	assert_near(qi_cusum_arl(p, 1, 2.0, 1.0, h, 10), 2.0, 1e-12);
	assert_near(qi_cusum_arl(p, 1, 2.0, 2.0, h, 10), 1.5, 1e-12);
	assert_true(isnan(qi_cusum_arl(p, 1, 2.0, 1.0, -1.0, 10)));
	assert_true(isnan(qi_cusum_h_for_arl(p, 1, 2.0, 1.0, 10)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cusum_weight_by_hand),
		cmocka_unit_test(test_cusum_arl_geometric),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
