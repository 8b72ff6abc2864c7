/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_stats_runs.c -- unit tests for stats_runs.c: Anhoej's runs rules.
 *
 * qbinom(0.05, n, 0.5) for n = 0..400 from base R, written by
 * tests/oracle/gen_runs.R into runs_qbinom.csv; the rules on whole
 * charts are checked through qi stats spc by
 * tests/cli/stats_spc_runs_match_oracle.sh.
 *
 * SPEC: specs/statistics.md#runs-rules
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

/* The crossings limit equals R's qbinom for every count of points. */
static void
test_runs_crossings_limit_is_r_qbinom(void **state)
{
	struct oracle_table t;
	size_t	 i;

	(void)state;
	oracle_read(ORACLE_DIR "runs_qbinom.csv", "n,qbinom", &t);
	assert_int_equal(t.nrows, 401);
	for (i = 0; i < t.nrows; i++)
		assert_true(qi_qbinom_half(0.05, (size_t)oracle_num(&t,
		    &t.rows[i], 0)) == oracle_num(&t, &t.rows[i], 1));
	oracle_free(&t);
}

/*
 * By hand: 1 2 2 (on) 3 4 9 8 7 6 around 5 with the point 5 on the
 * line: useful 9, runs below 1 2 2 3 4 (5 points), above 9 8 7 6 (4):
 * longest 5, one crossing; limits round(log2(9) + 3) = 6 and
 * qbinom(0.05, 8, 0.5) = 2: too few crossings, a signal.
 */
static void
test_runs_by_hand(void **state)
{
	static const double y[] = { 1, 2, 2, 5, 3, 4, 9, 8, 7, 6 };
	struct qi_runs r;

	(void)state;
	assert_int_equal(qi_runs_anhoej(y, 10, 5.0, &r), 0);
	assert_int_equal(r.useful, 9);
	assert_int_equal(r.longest, 5);
	assert_int_equal(r.longest_max, 6);
	assert_int_equal(r.crossings, 1);
	assert_int_equal(r.crossings_min, 2);
	assert_true(r.signal);
}

/* Every point on the centre line: no useful point, no analysis. */
static void
test_runs_all_on_centre_line(void **state)
{
	static const double y[] = { 0.1, 0.1, 0.1 };
	struct qi_runs r;

	(void)state;
	assert_int_equal(qi_runs_anhoej(y, 3, 0.1, &r), -1);
	assert_int_equal(r.useful, 0);
	assert_int_equal(qi_runs_anhoej(y, 0, 0.1, &r), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs_crossings_limit_is_r_qbinom),
		cmocka_unit_test(test_runs_by_hand),
		cmocka_unit_test(test_runs_all_on_centre_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
