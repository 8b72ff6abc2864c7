/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_period.c -- Japanese fiscal periods: labels, dates, ranges, order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "qi.h"

static void
test_period_label_and_quarter_parse(void **state)
{
	struct qi_period p;

	(void)state;
	assert_int_equal(qi_period_parse("FY2024", &p), 0);
	assert_int_equal(p.fy, 2024);
	assert_int_equal(p.q, 0);
	assert_int_equal(qi_period_parse("fy2024q3", &p), 0);
	assert_int_equal(p.fy, 2024);
	assert_int_equal(p.q, 3);
	assert_int_equal(qi_period_parse("FY2023Q4", &p), 0);
	assert_int_equal(p.fy, 2023);
	assert_int_equal(p.q, 4);
}

/* January-March belongs to the fiscal year that began the April before. */
static void
test_period_date_maps_to_fiscal_quarter(void **state)
{
	struct qi_period p;

	(void)state;
	assert_int_equal(qi_period_parse("2024-04-01", &p), 0);
	assert_int_equal(p.fy, 2024);
	assert_int_equal(p.q, 1);
	assert_int_equal(qi_period_parse("2024-06-30", &p), 0);
	assert_int_equal(p.q, 1);
	assert_int_equal(qi_period_parse("2024-07-01", &p), 0);
	assert_int_equal(p.q, 2);
	assert_int_equal(qi_period_parse("2025-03-31", &p), 0);
	assert_int_equal(p.fy, 2024);
	assert_int_equal(p.q, 4);
	assert_int_equal(qi_period_parse("2025-01-01", &p), 0);
	assert_int_equal(p.fy, 2024);
	assert_int_equal(p.q, 4);
	assert_int_equal(qi_period_parse("2024-02-29", &p), 0);
	assert_int_equal(p.fy, 2023);
}

static void
test_period_range_must_be_one_quarter_or_year(void **state)
{
	struct qi_period p;

	(void)state;
	assert_int_equal(qi_period_parse("2024-04-01..2025-03-31", &p), 0);
	assert_int_equal(p.fy, 2024);
	assert_int_equal(p.q, 0);
	assert_int_equal(qi_period_parse("2024-10-01..2024-12-31", &p), 0);
	assert_int_equal(p.q, 3);
	assert_int_equal(qi_period_parse("2024-04-01..2024-12-31", &p), -1);
	assert_int_equal(qi_period_parse("2024-01-01..2024-12-31", &p), -1);
}

static void
test_period_rejects_malformed(void **state)
{
	struct qi_period p;
	const char *bad[] = { "", "FY", "FY24", "2024", "2024Q1", "FY2024Q5",
	    "FY2024Q0", "FY2024Q1x", "2024-02-30", "2024-13-01", "2024/04/01",
	    "FY２０２４", "2024-04-01..", "..2024-06-30", NULL };
	size_t i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++)
		assert_int_equal(qi_period_parse(bad[i], &p), -1);
}

static void
test_period_bounds_and_format_round_trip(void **state)
{
	struct qi_period p = { 2024, 4 }, back;
	long first, last;
	char buf[16];

	(void)state;
	qi_period_bounds(p, &first, &last);
	assert_int_equal(first, 20250101);
	assert_int_equal(last, 20250331);
	qi_period_format(p, buf, sizeof(buf));
	assert_string_equal(buf, "FY2024Q4");
	assert_int_equal(qi_period_parse(buf, &back), 0);
	assert_int_equal(qi_period_cmp(p, back), 0);
	p.q = 0;
	qi_period_bounds(p, &first, &last);
	assert_int_equal(first, 20240401);
	assert_int_equal(last, 20250331);
	qi_period_format(p, buf, sizeof(buf));
	assert_string_equal(buf, "FY2024");
}

static void
test_period_orders_year_before_its_quarters(void **state)
{
	struct qi_period fy = { 2024, 0 }, q1 = { 2024, 1 }, q4 = { 2023, 4 };

	(void)state;
	assert_true(qi_period_cmp(fy, q1) < 0);
	assert_true(qi_period_cmp(q4, fy) < 0);
	assert_true(qi_period_cmp(q1, q1) == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period_label_and_quarter_parse),
		cmocka_unit_test(test_period_date_maps_to_fiscal_quarter),
		cmocka_unit_test(test_period_range_must_be_one_quarter_or_year),
		cmocka_unit_test(test_period_rejects_malformed),
		cmocka_unit_test(test_period_bounds_and_format_round_trip),
		cmocka_unit_test(test_period_orders_year_before_its_quarters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
