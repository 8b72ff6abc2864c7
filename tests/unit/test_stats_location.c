/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_stats_location.c -- the mean of a value per stay and its
 * t-interval from the sums a tally keeps (qi_ci_mean), against base R
 * (tests/oracle/gen_mean_interval.R -> mean_interval.csv: one stay, all
 * values equal, a bound cut at 0, large values with a small spread,
 * 100,000 stays; levels 0.9, 0.95, 0.99); and the median of a
 * histogram of values with its interval from the order statistics
 * (qi_ci_median), against base R (gen_median_interval.R ->
 * median_interval.csv: 1, 2, 3, 5, 6, 7 stays, ties, all equal, even n,
 * intervals reaching the smallest and largest value, none where n is too
 * small for the level, 100,000 stays; levels 0.75, 0.9, 0.95, 0.99).
 */
#include "oracle.h"

#include "qi.h"

/* Every row: the mean, both bounds and the half-width within 1e-9. */
static void
mean_interval_matches_r(void **state)
{
	struct oracle_table t;
	const struct oracle_row *r;
	double mean, lo, hi, maxrel = 0, maxhalf = 0, want, d;
	size_t i;

	(void)state;
	oracle_read(ORACLE_DIR "mean_interval.csv",
	    "case,n,sum,sumsq,level,mean,lower,upper", &t);
	for (i = 0; i < t.nrows; i++) {
		r = &t.rows[i];
		if (qi_ci_mean((long)oracle_num(&t, r, 1),
		    (long)oracle_num(&t, r, 2), (long)oracle_num(&t, r, 3),
		    oracle_num(&t, r, 4), &mean, &lo, &hi) != 0)
			fail_msg("%s:%zu: refused", t.path, r->lineno);
		oracle_check(&t, r, 5, mean, ORACLE_STATS, &maxrel);
		oracle_check(&t, r, 6, lo, ORACLE_STATS, &maxrel);
		oracle_check(&t, r, 7, hi, ORACLE_STATS, &maxrel);
		/* the half-width itself, where large values cancel */
		if (r->cell[7][0] == '\0')
			continue;	/* one stay: no interval */
		want = oracle_num(&t, r, 7) - oracle_num(&t, r, 5);
		if (want > 0) {
			d = fabs((hi - mean) - want) / want;
			if (d > 1e-9)
				fail_msg("%s:%zu: half-width %.17g, R %.17g",
				    t.path, r->lineno, hi - mean, want);
			if (d > maxhalf)
				maxhalf = d;
		}
	}
	assert_true(t.nrows >= 39);
	oracle_free(&t);
	print_message("%zu rows, max relative error %.3g, of the half-width "
	    "%.3g\n", i, maxrel, maxhalf);
}

/* Sums that no values give, and arguments out of range, are refused. */
static void
mean_interval_refuses_impossible_sums(void **state)
{
	double mean, lo, hi;

	(void)state;
	/* 2 stays summing to 10 have squares adding up to 50 at least */
	assert_int_equal(qi_ci_mean(2, 10, 49, 0.95, &mean, &lo, &hi), -1);
	assert_true(isnan(mean) && isnan(lo) && isnan(hi));
	assert_int_equal(qi_ci_mean(2, 10, 50, 0.95, &mean, &lo, &hi), 0);
	assert_true(mean == 5 && lo == 5 && hi == 5);
	assert_int_equal(qi_ci_mean(0, 0, 0, 0.95, &mean, &lo, &hi), -1);
	assert_int_equal(qi_ci_mean(3, 3, 3, 1.0, &mean, &lo, &hi), -1);
	assert_int_equal(qi_ci_mean(3, -1, 3, 0.95, &mean, &lo, &hi), -1);
	assert_int_equal(qi_ci_mean(3, 3, 9007199254740993L, 0.95, &mean,
	    &lo, &hi), -1);
}

#define BINS_MAX	512

/* "v:c;v:c" (the oracle's histogram) into value[], count[]; how many. */
static size_t
parse_bins(const char *s, long *value, long *count)
{
	size_t n = 0;
	char *end;

	while (*s != '\0') {
		assert_true(n < BINS_MAX);
		value[n] = strtol(s, &end, 10);
		assert_true(*end == ':');
		count[n++] = strtol(end + 1, &end, 10);
		assert_true(*end == ';' || *end == '\0');
		s = *end == ';' ? end + 1 : end;
	}
	return n;
}

/* Every row: the median, both bounds (exactly: they are values) and k. */
static void
median_interval_matches_r(void **state)
{
	struct oracle_table t;
	const struct oracle_row *r;
	long value[BINS_MAX], count[BINS_MAX], rank;
	double med, lo, hi, maxrel = 0;
	size_t i, nb, none = 0;

	(void)state;
	oracle_read(ORACLE_DIR "median_interval.csv",
	    "case,n,level,median,lower,upper,rank,coverage,bins", &t);
	for (i = 0; i < t.nrows; i++) {
		r = &t.rows[i];
		nb = parse_bins(r->cell[8], value, count);
		if (qi_ci_median(value, count, nb, oracle_num(&t, r, 2), &med,
		    &lo, &hi, &rank) != 0)
			fail_msg("%s:%zu: refused", t.path, r->lineno);
		oracle_check(&t, r, 3, med, ORACLE_REL(0), &maxrel);
		oracle_check(&t, r, 4, lo, ORACLE_REL(0), &maxrel);
		oracle_check(&t, r, 5, hi, ORACLE_REL(0), &maxrel);
		if (rank != (long)oracle_num(&t, r, 6))
			fail_msg("%s:%zu: rank %ld, R %s", t.path, r->lineno,
			    rank, r->cell[6]);
		none += r->cell[4][0] == '\0';
	}
	assert_true(t.nrows >= 68 && none >= 16);
	oracle_free(&t);
	print_message("%zu rows (%zu without an interval), max relative "
	    "error %.3g\n", i, none, maxrel);
}

/* Histograms that no values give, and levels out of range, are refused. */
static void
median_interval_refuses_bad_histograms(void **state)
{
	long v[] = { 1, 3, 3 }, c[] = { 2, 1, 0 };
	double med, lo, hi;

	(void)state;
	assert_int_equal(qi_ci_median(v, c, 0, 0.95, &med, &lo, &hi, NULL),
	    -1);
	assert_true(isnan(med) && isnan(lo) && isnan(hi));
	/* values must increase */
	assert_int_equal(qi_ci_median(v, c, 3, 0.95, &med, &lo, &hi, NULL),
	    -1);
	assert_int_equal(qi_ci_median(v, c, 2, 0.95, &med, &lo, &hi, NULL),
	    0);
	assert_true(med == 1 && isnan(lo) && isnan(hi));
	assert_int_equal(qi_ci_median(v, c, 2, 1.0, &med, &lo, &hi, NULL),
	    -1);
	c[0] = 0;	/* a bin with no stays */
	assert_int_equal(qi_ci_median(v, c, 2, 0.95, &med, &lo, &hi, NULL),
	    -1);
	c[0] = 4294967295L;
	assert_int_equal(qi_ci_median(v, c, 2, 0.95, &med, &lo, &hi, NULL),
	    -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mean_interval_matches_r),
		cmocka_unit_test(mean_interval_refuses_impossible_sums),
		cmocka_unit_test(median_interval_matches_r),
		cmocka_unit_test(median_interval_refuses_bad_histograms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
