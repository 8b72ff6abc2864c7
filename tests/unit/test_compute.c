/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_compute.c -- tallies to results: pooling by organisation and over
 * both, fiscal-year roll-ups from complete years only, intervals by the
 * definition's method, and the publication rules applied before output.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "qi.h"
#include "fixture.h"
#include "test_util.h"
#include "oracle.h"

#define RATE_CSV	ORACLE_DIR "ci_poisson.csv"
/* relative 1e-9 against R (gen_stats_ci.R); R's 0 met only by 0 */
#define RATE_TOL	ORACLE_REL(1e-9)

/* Two organisations, four hospitals (0, 1, 3 in org 0; 2 in org 1). */
static struct qi_org orgs[] = {
	{ "NHO", "国立病院機構", "NHO", "https://a/" },
	{ "JOHAS", "労働者健康安全機構", "JOHAS", "https://b/" },
};
static struct qi_hospital hosps[] = {
	{ "N1", 0, "甲", "Ko", "", 100, "" },
	{ "N2", 0, "乙", "Otsu", "", 100, "" },
	{ "R1", 1, "丙", "Hei", "", 100, "" },
	{ "N3", 0, "丁", "Tei", "", 100, "" },
};

static struct qi_indicator inds[] = {
	{ .id = "p", .version = 1, .unit = QI_UNIT_PERCENT,
	  .direction = QI_HIGHER_BETTER, .method = QI_CI_WILSON,
	  .level = 0.95, .min_denominator = 10 },
	{ .id = "q", .version = 1, .unit = QI_UNIT_PERCENT,
	  .direction = QI_LOWER_BETTER, .method = QI_CI_EXACT,
	  .level = 0.9, .min_denominator = 10, .min_numerator = 3 },
};

static const struct qi_registry reg = { orgs, 2, hosps, 4, NULL, NULL };
static const struct qi_defset defs = { .v = inds, .n = 2 };

static const struct qi_result *
find(const struct qi_results *r, size_t ind, struct qi_period p,
    enum qi_scope scope, long org, long hosp)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].indicator == ind && r->v[i].scope == scope &&
		    qi_period_cmp(r->v[i].period, p) == 0 &&
		    r->v[i].org == org && r->v[i].hospital == hosp)
			return &r->v[i];
	return NULL;
}

static struct qi_results *
compute(struct qi_tally *t, size_t n)
{
	struct qi_tallies tl = { .v = t, .n = n };
	struct qi_results *r;

	assert_int_equal(qi_compute(&defs, &reg, &tl, &r, NULL), QI_OK);
	return r;
}

static void
test_compute_pools_by_organisation_and_overall(void **state)
{
	struct qi_tally t[] = {
		{ .hospital = 0, .indicator = 0, .period = { 2024, 1 }, .numerator = 30, .denominator = 40 },
		{ .hospital = 1, .indicator = 0, .period = { 2024, 1 }, .numerator = 10, .denominator = 20 },
		{ .hospital = 2, .indicator = 0, .period = { 2024, 1 }, .numerator = 5, .denominator = 50 },
	};
	struct qi_results *r = compute(t, 3);
	const struct qi_result *x;
	double lo, hi;

	(void)state;
	/*
	 * all, two organisations, three hospitals; and indicator q, which
	 * has no tallies, gets all and two organisations as no_data
	 */
	assert_int_equal(r->n, 6 + 3);
	x = find(r, 1, t[0].period, QI_SCOPE_ALL, -1, -1);
	assert_non_null(x);
	assert_int_equal(x->status, QI_STATUS_NO_DATA);
	assert_int_equal(x->numerator, -1);
	assert_int_equal(x->denominator, -1);
	assert_true(isnan(x->rate));
	x = find(r, 1, t[0].period, QI_SCOPE_ORG, 1, -1);
	assert_non_null(x);
	assert_int_equal(x->status, QI_STATUS_NO_DATA);
	assert_null(find(r, 1, t[0].period, QI_SCOPE_HOSPITAL, 0, 0));
	assert_int_equal(r->v[0].scope, QI_SCOPE_ALL);
	x = find(r, 0, t[0].period, QI_SCOPE_ORG, 0, -1);
	assert_non_null(x);
	assert_int_equal(x->numerator, 40);
	assert_int_equal(x->denominator, 60);
	assert_true(x->rate == 40.0 / 60.0);
	assert_int_equal(qi_ci_proportion(QI_CI_WILSON, 40, 60, 0.95, &lo,
	    &hi), 0);
	assert_true(x->lower == lo && x->upper == hi);
	x = find(r, 0, t[0].period, QI_SCOPE_ALL, -1, -1);
	assert_int_equal(x->numerator, 45);
	assert_int_equal(x->denominator, 110);
	x = find(r, 0, t[0].period, QI_SCOPE_HOSPITAL, 1, 2);
	assert_true(x->rate == 0.1);
	assert_int_equal(x->status, QI_STATUS_OK);
	qi_results_free(r);
}

/*
 * A hospital under the threshold is suppressed -- both counts hidden, no
 * rate -- but still counts toward its organisation's pooled rate.
 */
static void
test_compute_small_denominator_suppressed_but_pooled(void **state)
{
	struct qi_tally t[] = {
		{ .hospital = 0, .indicator = 0, .period = { 2024, 1 }, .numerator = 3, .denominator = 9 },
		{ .hospital = 1, .indicator = 0, .period = { 2024, 1 }, .numerator = 10, .denominator = 20 },
		{ .hospital = 3, .indicator = 0, .period = { 2024, 1 }, .numerator = 30, .denominator = 40 },
	};
	struct qi_results *r = compute(t, 3);
	const struct qi_result *x;

	(void)state;
	x = find(r, 0, t[0].period, QI_SCOPE_HOSPITAL, 0, 0);
	assert_int_equal(x->status, QI_STATUS_SMALL_DENOMINATOR);
	assert_int_equal(x->numerator, -1);
	assert_int_equal(x->denominator, -1);
	assert_true(isnan(x->rate) && isnan(x->lower) && isnan(x->upper));
	x = find(r, 0, t[0].period, QI_SCOPE_ORG, 0, -1);
	assert_int_equal(x->numerator, 43);
	assert_int_equal(x->denominator, 69);
	/*
	 * an organisation without data here has a row that says so
	 * (specs/output.md §1, specs/publication.md §2)
	 */
	x = find(r, 0, t[0].period, QI_SCOPE_ORG, 1, -1);
	assert_non_null(x);
	assert_int_equal(x->status, QI_STATUS_NO_DATA);
	assert_int_equal(x->numerator, -1);
	assert_int_equal(x->denominator, -1);
	qi_results_free(r);
}

/*
 * The organisation's total minus its published hospitals would give the
 * one withheld hospital, so the smallest published one is withheld too.
 */
static void
test_compute_complementary_suppression_blocks_subtraction(void **state)
{
	struct qi_tally t[] = {
		{ .hospital = 0, .indicator = 0, .period = { 2024, 1 }, .numerator = 3, .denominator = 9 },
		{ .hospital = 1, .indicator = 0, .period = { 2024, 1 }, .numerator = 10, .denominator = 20 },
		{ .hospital = 3, .indicator = 0, .period = { 2024, 1 }, .numerator = 30, .denominator = 40 },
	};
	struct qi_results *r = compute(t, 3);
	const struct qi_result *x;
	long num = 0, den = 0;
	size_t i, hidden = 0;

	(void)state;
	x = find(r, 0, t[0].period, QI_SCOPE_HOSPITAL, 0, 1);
	assert_int_equal(x->status, QI_STATUS_COMPLEMENTARY);
	assert_int_equal(x->numerator, -1);
	assert_int_equal(x->denominator, -1);
	assert_true(isnan(x->rate));
	x = find(r, 0, t[0].period, QI_SCOPE_HOSPITAL, 0, 3);
	assert_int_equal(x->status, QI_STATUS_OK);
	/* what is published no longer determines the small hospital */
	for (i = 0; i < r->n; i++)
		if (r->v[i].scope == QI_SCOPE_HOSPITAL) {
			if (r->v[i].denominator < 0)
				hidden++;
			else {
				num += r->v[i].numerator;
				den += r->v[i].denominator;
			}
		}
	assert_int_equal(hidden, 2);
	assert_true(43 - num >= 10 + 3);
	assert_true(69 - den >= 10 + 9);
	qi_results_free(r);
}

/* A year minus three published quarters would give the fourth. */
static void
test_compute_complementary_suppression_across_quarters(void **state)
{
	struct qi_tally t[] = {
		{ .hospital = 0, .indicator = 0, .period = { 2024, 1 }, .numerator = 5, .denominator = 8 },
		{ .hospital = 0, .indicator = 0, .period = { 2024, 2 }, .numerator = 6, .denominator = 12 },
		{ .hospital = 0, .indicator = 0, .period = { 2024, 3 }, .numerator = 7, .denominator = 30 },
		{ .hospital = 0, .indicator = 0, .period = { 2024, 4 }, .numerator = 8, .denominator = 20 },
	};
	struct qi_period fy = { 2024, 0 };
	struct qi_results *r = compute(t, 4);
	const struct qi_result *x;

	(void)state;
	x = find(r, 0, fy, QI_SCOPE_HOSPITAL, 0, 0);
	assert_int_equal(x->status, QI_STATUS_OK);
	assert_int_equal(x->denominator, 70);
	x = find(r, 0, t[0].period, QI_SCOPE_HOSPITAL, 0, 0);
	assert_int_equal(x->status, QI_STATUS_SMALL_DENOMINATOR);
	x = find(r, 0, t[1].period, QI_SCOPE_HOSPITAL, 0, 0);
	assert_int_equal(x->status, QI_STATUS_COMPLEMENTARY);
	x = find(r, 0, t[2].period, QI_SCOPE_HOSPITAL, 0, 0);
	assert_int_equal(x->status, QI_STATUS_OK);
	/* the organisation's quarter equals the hospital's: withheld too */
	x = find(r, 0, t[0].period, QI_SCOPE_ORG, 0, -1);
	assert_true(x->denominator < 0);
	qi_results_free(r);
}

/*
 * min_numerator withholds the result whole, denominator too: a shown
 * denominator of a quarter or a year lets the years and quarters around
 * it give withheld denominators away (specs/publication.md section 1).
 */
static void
test_compute_small_numerator_rule(void **state)
{
	struct qi_tally t[] = {
		{ .hospital = 0, .indicator = 1, .period = { 2024, 1 }, .numerator = 2, .denominator = 40 },
		{ .hospital = 1, .indicator = 1, .period = { 2024, 1 }, .numerator = 3, .denominator = 40 },
		{ .hospital = 3, .indicator = 1, .period = { 2024, 1 }, .numerator = 5, .denominator = 50 },
	};
	struct qi_results *r = compute(t, 3);
	const struct qi_result *x;
	double lo, hi;

	(void)state;
	x = find(r, 1, t[0].period, QI_SCOPE_HOSPITAL, 0, 0);
	assert_int_equal(x->status, QI_STATUS_SMALL_NUMERATOR);
	assert_int_equal(x->numerator, -1);
	assert_int_equal(x->denominator, -1);
	assert_true(isnan(x->rate));
	x = find(r, 1, t[0].period, QI_SCOPE_HOSPITAL, 0, 3);
	assert_int_equal(x->status, QI_STATUS_OK);
	/* this indicator asks for exact intervals at 90% */
	assert_int_equal(qi_ci_proportion(QI_CI_EXACT, 5, 50, 0.9, &lo, &hi),
	    0);
	assert_true(x->lower == lo && x->upper == hi);
	qi_results_free(r);
}

/* A year is rolled up only from all four of its quarters. */
static void
test_compute_fiscal_year_needs_all_quarters(void **state)
{
	struct qi_tally t[] = {
		{ .hospital = 0, .indicator = 0, .period = { 2024, 1 }, .numerator = 5, .denominator = 10 },
		{ .hospital = 0, .indicator = 0, .period = { 2024, 2 }, .numerator = 6, .denominator = 10 },
		{ .hospital = 0, .indicator = 0, .period = { 2024, 3 }, .numerator = 7, .denominator = 10 },
		{ .hospital = 0, .indicator = 0, .period = { 2024, 4 }, .numerator = 8, .denominator = 10 },
		{ .hospital = 1, .indicator = 0, .period = { 2024, 1 }, .numerator = 9, .denominator = 10 },
		{ .hospital = 1, .indicator = 0, .period = { 2024, 2 }, .numerator = 9, .denominator = 10 },
		{ .hospital = 1, .indicator = 0, .period = { 2024, 3 }, .numerator = 9, .denominator = 10 },
	};
	struct qi_period fy = { 2024, 0 };
	struct qi_results *r = compute(t, 7);
	const struct qi_result *x;

	(void)state;
	x = find(r, 0, fy, QI_SCOPE_HOSPITAL, 0, 0);
	assert_non_null(x);
	assert_int_equal(x->numerator, 26);
	assert_int_equal(x->denominator, 40);
	assert_null(find(r, 0, fy, QI_SCOPE_HOSPITAL, 0, 1));
	x = find(r, 0, fy, QI_SCOPE_ORG, 0, -1);
	assert_int_equal(x->denominator, 40);
	/* results come ordered: the year before its quarters */
	assert_int_equal(r->v[0].period.q, 0);
	qi_results_free(r);
}

/* Whole-year input rows are used as given, never added to quarters. */
static void
test_compute_given_year_not_double_counted(void **state)
{
	struct qi_tally t[] = {
		{ .hospital = 0, .indicator = 0, .period = { 2024, 0 }, .numerator = 26, .denominator = 40 },
		{ .hospital = 0, .indicator = 0, .period = { 2024, 1 }, .numerator = 5, .denominator = 10 },
		{ .hospital = 0, .indicator = 0, .period = { 2024, 2 }, .numerator = 6, .denominator = 10 },
		{ .hospital = 0, .indicator = 0, .period = { 2024, 3 }, .numerator = 7, .denominator = 10 },
		{ .hospital = 0, .indicator = 0, .period = { 2024, 4 }, .numerator = 8, .denominator = 10 },
	};
	struct qi_period fy = { 2024, 0 };
	struct qi_results *r = compute(t, 5);
	const struct qi_result *x;

	(void)state;
	x = find(r, 0, fy, QI_SCOPE_HOSPITAL, 0, 0);
	assert_int_equal(x->denominator, 40);
	/*
	 * all, NHO, JOHAS (no_data), N1 for 5 periods; all and both
	 * organisations (no_data) of indicator q for the same 5
	 */
	assert_int_equal(r->n, 4 * 5 + 3 * 5);
	qi_results_free(r);
}

static void
test_compute_year_disagreeing_with_quarters_is_an_error(void **state)
{
	struct qi_tally t[] = {
		{ .hospital = 0, .indicator = 0, .period = { 2024, 0 }, .numerator = 3, .denominator = 12 },
		{ .hospital = 0, .indicator = 0, .period = { 2024, 1 }, .numerator = 1, .denominator = 3 },
		{ .hospital = 0, .indicator = 0, .period = { 2024, 2 }, .numerator = 1, .denominator = 3 },
		{ .hospital = 0, .indicator = 0, .period = { 2024, 3 }, .numerator = 1, .denominator = 3 },
		{ .hospital = 0, .indicator = 0, .period = { 2024, 4 }, .numerator = 1, .denominator = 3 },
	};
	struct qi_tallies tl = { .v = t, .n = 5 };
	struct qi_results *r = (void *)1;
	struct qi_diag *d = qi_diag_alloc();
	char *dt;

	(void)state;
	assert_int_equal(qi_compute(&defs, &reg, &tl, &r, d), QI_EINPUT);
	assert_null(r);
	dt = fixture_diag_text(d);
	assert_non_null(strstr(dt, "N1, p, FY2024: the year's row says 3/12 "
	    "but its four quarters add up to 4/12"));
	g_free(dt);
	qi_diag_free(d);
}

static void
test_compute_zero_and_full_rates(void **state)
{
	struct qi_tally t[] = {
		{ .hospital = 0, .indicator = 0, .period = { 2024, 1 }, .numerator = 0, .denominator = 25 },
		{ .hospital = 1, .indicator = 0, .period = { 2024, 1 }, .numerator = 25, .denominator = 25 },
	};
	struct qi_results *r = compute(t, 2);
	const struct qi_result *x;

	(void)state;
	x = find(r, 0, t[0].period, QI_SCOPE_HOSPITAL, 0, 0);
	assert_true(x->rate == 0.0 && x->lower == 0.0 && x->upper > 0.0);
	x = find(r, 0, t[0].period, QI_SCOPE_HOSPITAL, 0, 1);
	assert_true(x->rate == 1.0 && x->upper == 1.0 && x->lower < 1.0);
	qi_results_free(r);
}

/*
 * Rate indicators: the rate is events per unit of exposure, and the
 * results carry the Poisson interval of the definition's method (exact,
 * Byar, hybrid): every row of the R oracle of qi_ci_poisson()
 * (tests/oracle/gen_stats_ci.R, ci_poisson.csv) is reproduced through
 * qi_compute().
 */
static void
test_compute_rate_intervals_match_r(void **state)
{
	struct qi_indicator rate = { .id = "r", .version = 1,
	    .kind = QI_KIND_RATE, .unit = QI_UNIT_PER_MILLE,
	    .direction = QI_LOWER_BETTER, .min_denominator = 1 };
	struct qi_defset rdefs = { .v = &rate, .n = 1 };
	struct qi_tally t = { .hospital = 2, .period = { 2024, 1 } };
	struct qi_tallies tl = { .v = &t, .n = 1 };
	struct qi_results *r;
	const struct qi_result *x;
	struct oracle_table o;
	const struct oracle_row *row;
	double ev, e, maxrel = 0;
	size_t k, i;

	(void)state;
	oracle_read(RATE_CSV, "method,x,t,level,lower,upper", &o);
	for (k = 0; k < o.nrows; k++) {
		row = &o.rows[k];
		rate.rate_method = (enum qi_rate_method)qi_name_value(
		    qi_rate_method_names, row->cell[0]);
		assert_true((int)rate.rate_method >= 0);
		ev = oracle_num(&o, row, 1);
		e = oracle_num(&o, row, 2);
		rate.level = oracle_num(&o, row, 3);
		t.numerator = (long)ev;
		t.denominator = ev > 0 ? (long)ev : 1;
		t.exposure = e;
		assert_int_equal(qi_compute(&rdefs, &reg, &tl, &r, NULL), QI_OK);
		for (x = NULL, i = 0; i < r->n; i++)
			if (r->v[i].scope == QI_SCOPE_HOSPITAL)
				x = &r->v[i];
		assert_non_null(x);
		assert_int_equal(x->status, QI_STATUS_OK);
		assert_true(x->rate == ev / e);
		assert_true(x->exposure == e);
		oracle_check(&o, row, 4, x->lower, RATE_TOL, &maxrel);
		oracle_check(&o, row, 5, x->upper, RATE_TOL, &maxrel);
		qi_results_free(r);
	}
	assert_true(o.nrows >= 900);
	print_message("rate intervals: %zu rows, max relative error %.3g\n",
	    o.nrows, maxrel);
	oracle_free(&o);
}

/* A rate with no exposure is empty; a proportion has no exposure. */
static void
test_compute_rate_without_exposure_is_empty(void **state)
{
	struct qi_indicator rate = { .id = "r", .version = 1,
	    .kind = QI_KIND_RATE, .rate_method = QI_RATE_EXACT,
	    .level = 0.95, .min_denominator = 1 };
	struct qi_defset rdefs = { .v = &rate, .n = 1 };
	struct qi_tally t = { .hospital = 0, .period = { 2024, 1 },
	    .numerator = 0, .denominator = 3, .exposure = 0 };
	struct qi_tallies tl = { .v = &t, .n = 1 };
	struct qi_results *r;

	(void)state;
	assert_int_equal(qi_compute(&rdefs, &reg, &tl, &r, NULL), QI_OK);
	assert_int_equal(r->v[r->n - 1].status, QI_STATUS_EMPTY);
	assert_true(isnan(r->v[r->n - 1].rate));
	qi_results_free(r);
	rate.kind = QI_KIND_PROPORTION;
	rate.method = QI_CI_WILSON;
	t.exposure = 5;
	assert_int_equal(qi_compute(&rdefs, &reg, &tl, &r, NULL), QI_OK);
	assert_true(isnan(r->v[r->n - 1].exposure));
	qi_results_free(r);
}

/* --variant: each indicator's named variant if it has one, else its own. */
static void
test_compute_variant_selection(void **state)
{
	struct qi_variant var = { .name = "old" };
	struct qi_indicator two[2] = {
		{ .id = "a", .variants = &var, .nvariants = 1 },
		{ .id = "b" },
	};
	struct qi_defset d2 = { .v = two, .n = 2 };
	struct qi_tally t[] = {
		{ .indicator = 0, .variant = 0, .numerator = 1 },
		{ .indicator = 0, .variant = 1, .numerator = 2 },
		{ .indicator = 1, .variant = 0, .numerator = 3 },
	};
	struct qi_tallies tl = { .v = t, .n = 3 };
	struct qi_tallies *s;

	(void)state;
	s = qi_tallies_variant(&tl, &d2, "old");
	assert_int_equal(s->n, 2);
	assert_int_equal(s->v[0].numerator, 2);
	assert_int_equal(s->v[0].variant, 0);
	assert_int_equal(s->v[1].numerator, 3);
	qi_tallies_free(s);
	s = qi_tallies_variant(&tl, &d2, NULL);
	assert_int_equal(s->n, 2);
	assert_int_equal(s->v[0].numerator, 1);
	qi_tallies_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compute_pools_by_organisation_and_overall),
		cmocka_unit_test(test_compute_small_denominator_suppressed_but_pooled),
		cmocka_unit_test(test_compute_complementary_suppression_blocks_subtraction),
		cmocka_unit_test(test_compute_complementary_suppression_across_quarters),
		cmocka_unit_test(test_compute_small_numerator_rule),
		cmocka_unit_test(test_compute_fiscal_year_needs_all_quarters),
		cmocka_unit_test(test_compute_given_year_not_double_counted),
		cmocka_unit_test(test_compute_year_disagreeing_with_quarters_is_an_error),
		cmocka_unit_test(test_compute_zero_and_full_rates),
		cmocka_unit_test(test_compute_rate_intervals_match_r),
		cmocka_unit_test(test_compute_rate_without_exposure_is_empty),
		cmocka_unit_test(test_compute_variant_selection),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
