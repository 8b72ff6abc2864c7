/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_trend_versions.c -- the trend across a change of definition
 * version, against base R (tests/oracle/gen_sample_trend_versions.R).
 * The embedded sample's results are archived as version 1; every
 * definition then becomes version 2 with effective FY2024, the current
 * run keeps only FY2024, and the archive joins as history: FY2023 comes
 * from it as version 1, FY2024 from the current run as version 2, and no
 * rolling window, centre line or limit spans the two.  Also: which
 * history rows are refused, and where.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "oracle.h"
#include "qi.h"
#include "render.h"
#include "test_util.h"
#include "trend_oracle.h"
#include "versions_env.h"

#define ORACLE	ORACLE_DIR "sample_trend_versions.csv"
#define HEADER	"indicator,scope,organisation,hospital,period,version," \
		"numerator,denominator,rolling_rate,rolling_lower," \
		"rolling_upper,cl,p_lower,p_upper,sigma_z,pp_lower,pp_upper," \
		"signal"
/* relative; an empty field (R has no value) is met only by NaN */
#define TOL	ORACLE_REL(1e-9)

static void
test_history_keeps_only_quarters_the_current_run_lacks(void **state)
{
	struct versions_env *v = *state;
	size_t i, quarters = 0;
	char *s;

	for (i = 0; i < v->hist->n; i++) {
		assert_int_equal(v->hist->v[i].version, 1);
		assert_int_equal(v->hist->v[i].r.period.fy, 2023);
		assert_int_not_equal(v->hist->v[i].r.period.q, 0);
	}
	for (i = 0; i < v->e->res->n; i++)
		quarters += v->e->res->v[i].period.fy == 2023 &&
		    v->e->res->v[i].period.q != 0;
	assert_int_equal(v->hist->n, quarters);
	/* The archive's FY2024 quarters: one note, no error. */
	assert_int_equal(qi_diag_count(v->diag, QI_ERROR), 0);
	assert_int_equal(qi_diag_count(v->diag, QI_NOTE), 1);
	s = fixture_diag_text(v->diag);
	assert_non_null(strstr(s, "quarterly results not used"));
	free(s);
}

static void
test_trends_across_a_version_change_match_r(void **state)
{
	struct versions_env *v = *state;
	const struct qi_registry *reg = v->e->reg;
	const struct qi_trend_point *p;
	const struct oracle_row *r;
	struct oracle_table t;
	const struct qi_trend *tr;
	GHashTable *index;
	double maxrel = 0;
	size_t seen = 0, windows = 0, ind, s, i, k;
	static const char *sig[] = { "below", "within", "above" };
	char *key;

	oracle_read(ORACLE, HEADER, &t);
	index = oracle_index(&t, 5);
	for (ind = 0; ind < v->e->defs->n; ind++)
		for (s = 0; s < qi_trend_nseries(reg); s++) {
			tr = trend_of_series(v->an, ind, s);
			for (i = 0; i < tr->n; i++) {
				p = &tr->v[i];
				key = trend_oracle_key(v->cur, tr, p);
				r = g_hash_table_lookup(index, key);
				if (r == NULL)
					fail_msg("%s: not in the oracle", key);
				g_free(key);
				seen++;
				assert_int_equal(p->version,
				    atol(r->cell[5]));
				assert_int_equal(p->history,
				    p->period.fy < 2024);
				/* numerator ... pp_upper, in the oracle's order */
				const double got[] = { p->x, p->n, p->roll_rate,
				    p->roll_lo, p->roll_hi, p->cl, p->p_lo,
				    p->p_hi, p->sigma_z, p->pp_lo, p->pp_hi };
				for (k = 0; k < G_N_ELEMENTS(got); k++)
					oracle_check(&t, r, 6 + k, got[k], TOL,
					    &maxrel);
				assert_string_equal(r->cell[17],
				    isnan(p->cl) ? "" : sig[p->signal + 1]);
				/* No window ends in the three quarters after
				   the change: each would span it. */
				if (p->period.fy == 2024 && p->period.q < 4)
					assert_true(isnan(p->roll_x));
				windows += !isnan(p->roll_x);
			}
		}
	assert_int_equal(seen, t.nrows);
	assert_true(windows > 0);
	print_message("trends across a version change: %zu rows, %zu "
	    "windows, max relative error %.2g\n", seen, windows, maxrel);
	g_hash_table_destroy(index);
	oracle_free(&t);
}

/* The trend chart's input: one rule, between FY2023Q4 and FY2024Q1. */
static void
test_trend_chart_rules_the_version_change(void **state)
{
	struct versions_env *v = *state;
	struct qi_orgseries s;
	struct qi_trend_layout L;
	size_t p, o, drawn = 0;

	qi_render_series(v->an, 0, 1, &s);
	assert_int_equal(s.nperiods, 8);
	for (p = 0; p < s.nperiods; p++) {
		assert_int_equal(s.versions[p], s.periods[p].fy < 2024 ? 1 : 2);
		for (o = 0; o < s.norgs; o++)
			drawn += s.cells[p * s.norgs + o].status ==
			    QI_STATUS_OK;
	}
	assert_int_equal(drawn, s.nperiods * s.norgs);
	assert_int_equal(qi_trend_layout(&s, NULL, NULL, &L), QI_OK);
	assert_int_equal(L.nrules, 1);
	assert_int_equal(L.rules[0].version, 2);
	/* Between the marks of FY2023Q4 (period 3) and FY2024Q1 (4). */
	for (p = 0; p < L.nmarks; p++) {
		if (L.marks[p].period == 3)
			assert_true(L.marks[p].x < L.rules[0].x);
		if (L.marks[p].period == 4)
			assert_true(L.marks[p].x > L.rules[0].x);
	}
	assert_int_not_equal(L.rules[0].label, QI_NOLABEL);
	qi_trend_layout_free(&L);
	qi_render_series_free(&s);
}

#define COLS	"indicator,version,period,scope,organisation,hospital," \
		"hospital_name,numerator,denominator,rate,lower,upper,unit," \
		"method,level,status\n"
#define ROW(v, p) "stroke_early_rehab," v "," p ",all,,,,20,40,0.5," \
		"0.35,0.65,percent,wilson,0.95,ok\n"

/*
 * Load the history file name holding text, which must fail with nerr
 * errors; its diagnostics (to free()), and its path in *path (g_free()).
 */
static char *
bad_history(const struct versions_env *v, const char *name, const char *text,
    size_t nerr, char **path)
{
	struct qi_diag *d = qi_diag_alloc();
	struct qi_history *h = NULL;
	char *s;

	*path = fixture_file(v->dir, name, text);
	assert_int_equal(qi_history_load((const char *const *)path, 1,
	    v->cur, &h, d), QI_EINPUT);
	assert_null(h);
	assert_int_equal(qi_diag_count(d, QI_ERROR), nerr);
	s = fixture_diag_text(d);
	qi_diag_free(d);
	return s;
}

/* The diagnostics s must hold "PATH:" then tail. */
#define assert_error_at(s, path, tail) do {				\
	char *w_ = g_strdup_printf("%s:%s", (path), (tail));		\
									\
	if (strstr((s), w_) == NULL)					\
		fail_msg("'%s' not in:\n%s", w_, (s));			\
	g_free(w_);							\
} while (0)

static void
test_bad_history_rows_are_located_all_in_one_run(void **state)
{
	struct versions_env *v = *state;
	char *path, *s;

	/* Line 2: newer than the definition; line 3: the current version
	   before its effective period; line 4 fine; line 5: a second
	   version of one indicator in one file. */
	s = bad_history(v, "bad.csv", COLS ROW("3", "FY2022Q1")
	    ROW("2", "FY2023Q1") ROW("1", "FY2022Q2") ROW("0", "FY2022Q3"), 3,
	    &path);
	assert_error_at(s, path, "2:20: error: results of version 3, but "
	    "definition 'stroke_early_rehab' is version 2");
	assert_error_at(s, path, "3:20: error: FY2023Q1 of "
	    "'stroke_early_rehab' is given as version 2, which applies from "
	    "FY2024 on");
	assert_error_at(s, path, "5:20: error: bad version '0'");
	free(s);
	g_free(path);

	s = bad_history(v, "two.csv", COLS ROW("1", "FY2022Q1")
	    ROW("2", "FY2024Q1"), 1, &path);
	assert_error_at(s, path, "3:20: error: version 2 of "
	    "'stroke_early_rehab', but line 2 has version 1");
	free(s);
	g_free(path);

	/* An interval method not of the indicator's kind: every word named. */
	s = bad_history(v, "method.csv", COLS
	    "stroke_early_rehab,1,FY2022Q1,all,,,,20,40,0.5,0.35,0.65,"
	    "percent,byar,0.95,ok\n", 1, &path);
	assert_error_at(s, path, "2:");
	assert_non_null(strstr(s, "error: bad interval method 'byar'\n"
	    "    hint: wilson, exact, wilson-cc, jeffreys, agresti-coull or "
	    "wald"));
	free(s);
	g_free(path);
}

/* Of two history files holding a quarter, the later one's is used. */
static void
test_later_history_file_wins(void **state)
{
	struct versions_env *v = *state;
	struct qi_diag *d = qi_diag_alloc();
	struct qi_history *h = NULL;
	const struct qi_history_row *r;
	char *paths[2];
	long ind = qi_defset_find(v->e->defs, "stroke_early_rehab");

	paths[0] = fixture_file(v->dir, "a.csv", COLS ROW("1", "FY2022Q1"));
	paths[1] = fixture_file(v->dir, "b.csv", COLS
	    "stroke_early_rehab,1,FY2022Q1,all,,,,30,40,0.75,0.6,0.86,"
	    "percent,exact,0.9,ok\n");
	assert_int_equal(qi_history_load((const char *const *)paths, 2,
	    v->cur, &h, d), QI_OK);
	r = qi_history_find(h, (size_t)ind, (struct qi_period){ 2022, 1 },
	    QI_SCOPE_ALL, -1, -1);
	assert_non_null(r);
	assert_int_equal(r->r.numerator, 30);
	assert_int_equal(r->file, 1);
	assert_int_equal(r->method, QI_CI_EXACT);
	assert_near(r->level, 0.9, 0);
	assert_int_equal(qi_diag_count(d, QI_NOTE), 1);
	qi_history_free(h);
	g_free(paths[0]);
	g_free(paths[1]);
	qi_diag_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_history_keeps_only_quarters_the_current_run_lacks),
		cmocka_unit_test(test_trends_across_a_version_change_match_r),
		cmocka_unit_test(test_trend_chart_rules_the_version_change),
		cmocka_unit_test(
		    test_bad_history_rows_are_located_all_in_one_run),
		cmocka_unit_test(test_later_history_file_wins),
	};

	return cmocka_run_group_tests(tests, versions_setup,
	    versions_teardown);
}
