/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_axis.c -- qi_axis_choose() gives an axis with ordered, finite ticks
 * inside its range for any input it can meet: ordinary data, one value,
 * data beyond the cap (a value drawn on a proportion's axis), no finite
 * data, a floor equal to the cap.  Such inputs once sent the tick search
 * round about four billion powers of ten (the log of a negative or NaN
 * span), which hung the chart.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <cairo.h>

#include "qi.h"
#include "chart.h"

/* Choose an axis of 300 pt for [dlo, dhi] within [floor_v, cap]. */
static void
check_axis(double dlo, double dhi, double floor_v, double cap)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
	    10, 10);
	cairo_t *cr = cairo_create(s);
	struct qi_axis a = { .p0 = 0.0, .p1 = 300.0 };
	size_t i;

	qi_axis_choose(&a, cr, dlo, dhi, floor_v, cap);
	assert_true(isfinite(a.lo) && isfinite(a.hi) && a.lo < a.hi);
	assert_true(a.nticks >= 2);
	for (i = 0; i < a.nticks; i++) {
		assert_true(isfinite(a.ticks[i].value));
		assert_true(a.ticks[i].value >= a.lo - 1e-9 &&
		    a.ticks[i].value <= a.hi + 1e-9);
		if (i > 0)
			assert_true(a.ticks[i].value > a.ticks[i - 1].value);
	}
	qi_axis_free(&a);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

static void
test_ordinary_ranges(void **state)
{
	(void)state;
	check_axis(0.12, 0.87, 0.0, 1.0);
	check_axis(3.0, 1234.0, 0.0, INFINITY);
	check_axis(-5.5, 2.0, -INFINITY, INFINITY);
	check_axis(1e-9, 3e-9, 0.0, INFINITY);
}

static void
test_one_value(void **state)
{
	(void)state;
	check_axis(0.5, 0.5, 0.0, 1.0);
	check_axis(0.0, 0.0, 0.0, 100.0);
	check_axis(1.0, 1.0, 0.0, 1.0);		/* at the cap */
	check_axis(7.0, 7.0, 7.0, 7.0);		/* floor = cap */
}

static void
test_data_beyond_the_cap(void **state)
{
	(void)state;
	/* a mean of days drawn on a percent axis capped at 100 */
	check_axis(150.0, 100.0, 0.0, 100.0);
	check_axis(2.0, 1.0, 0.0, 1.0);
	check_axis(2.0, 3.0, 0.0, 1.0);
}

static void
test_no_finite_data(void **state)
{
	(void)state;
	check_axis(NAN, NAN, 0.0, 1.0);
	check_axis(INFINITY, -INFINITY, 0.0, INFINITY);
	check_axis(0.0, INFINITY, -INFINITY, INFINITY);
	check_axis(NAN, 1.0, 0.0, INFINITY);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ordinary_ranges),
		cmocka_unit_test(test_one_value),
		cmocka_unit_test(test_data_beyond_the_cap),
		cmocka_unit_test(test_no_finite_data),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
