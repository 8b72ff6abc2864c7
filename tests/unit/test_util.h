/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_util.h -- helpers shared by the cmocka unit tests.
 *
 * cmocka 1.1.5 has no assert_double_equal (assert_float_equal casts to
 * float), so numeric checks use these.  On failure they print both values
 * with 17 significant digits, so that the doubles can be pasted back, and
 * fail the running test at the caller's file and line.
 */
#ifndef QI_TEST_UTIL_H
#define QI_TEST_UTIL_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/*
 * Passes if |actual - expected| <= reltol * |expected|.  NaN never passes
 * (use isnan explicitly).  An expected value of 0 passes only for exactly
 * 0: use assert_near_abs() where 0 is only approximate.
 */
#define assert_near(actual, expected, reltol)				\
	qi_test_near((actual), (expected), (reltol), 0, #actual,	\
	    __FILE__, __LINE__)

/* Passes if |actual - expected| <= abstol. */
#define assert_near_abs(actual, expected, abstol)			\
	qi_test_near((actual), (expected), (abstol), 1, #actual,	\
	    __FILE__, __LINE__)

/* Relative error of actual against expected; 0 if both are 0. */
static inline double
qi_test_relerr(double actual, double expected)
{
	if (actual == expected)
		return 0.0;
	return fabs(actual - expected) / fabs(expected);
}

static inline void
qi_test_near(double actual, double expected, double tol, int absolute,
    const char *what, const char *file, int line)
{
	double	 err;

	err = absolute ? fabs(actual - expected) :
	    qi_test_relerr(actual, expected);
	if (err <= tol)		/* false for NaN */
		return;
	print_error("%s = %.17g, expected %.17g: %s error %.3g > %.3g\n",
	    what, actual, expected, absolute ? "absolute" : "relative",
	    err, tol);
	_fail(file, line);
}

#endif /* QI_TEST_UTIL_H */
