/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_summary.c -- the group summaries against base R
 * (tests/oracle/gen_sample_summary.R): for every indicator, period and
 * organisation of the embedded sample, and both together, the hospitals
 * shown, withheld and empty and the mean, SD, median and type-7 quartiles
 * of the shown hospitals' rates; the same statistics of small vectors
 * (none, one, two, ties); and summary.csv as the analyses hold them.
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
#include <glib.h>

#include "oracle.h"
#include "qi.h"
#include "sample_env.h"
#include "test_util.h"

#define ORACLE	ORACLE_DIR "sample_summary.csv"
#define HEADER	"indicator,period,organisation,shown,withheld,empty,mean," \
		"sd,median,q1,q3"
#define EDGES	ORACLE_DIR "summary_edges.csv"
#define EHEADER	"case,n,x,mean,sd,median,q1,q3"
#define TOL	ORACLE_REL(1e-12)

/* The five statistics of s against cells first.. of row r. */
static void
check_stats(const struct oracle_table *t, const struct oracle_row *r,
    size_t first, const struct qi_summary *s, double *maxrel)
{
	oracle_check(t, r, first, s->mean, TOL, maxrel);
	oracle_check(t, r, first + 1, s->sd, TOL, maxrel);
	oracle_check(t, r, first + 2, s->median, TOL, maxrel);
	oracle_check(t, r, first + 3, s->q1, TOL, maxrel);
	oracle_check(t, r, first + 4, s->q3, TOL, maxrel);
}

/* Every summary of the sample's analyses is R's, and R has no other. */
static void
test_sample_summaries_match_r(void **state)
{
	struct sample_env *e = *state;
	struct oracle_table t;
	GHashTable *index;
	const struct qi_summary *s;
	const struct oracle_row *r;
	double maxrel = 0;
	char pbuf[16], *key;
	size_t i;

	oracle_read(ORACLE, HEADER, &t);
	index = oracle_index(&t, 3);
	assert_true(e->an->nsummary > 0);
	for (i = 0; i < e->an->nsummary; i++) {
		s = &e->an->summary[i];
		qi_period_format(s->period, pbuf, sizeof(pbuf));
		key = g_strdup_printf("%s %s %s", e->defs->v[s->indicator].id,
		    pbuf, s->org < 0 ? "all" : e->reg->orgs[s->org].code);
		r = g_hash_table_lookup(index, key);
		if (r == NULL)
			fail_msg("%s: not in the oracle", key);
		g_free(key);
		assert_int_equal(s->scope, s->org < 0 ? QI_SCOPE_ALL :
		    QI_SCOPE_ORG);
		assert_int_equal(s->shown, strtoul(r->cell[3], NULL, 10));
		assert_int_equal(s->withheld, strtoul(r->cell[4], NULL, 10));
		assert_int_equal(s->empty, strtoul(r->cell[5], NULL, 10));
		check_stats(&t, r, 6, s, &maxrel);
	}
	assert_int_equal(e->an->nsummary, t.nrows);
	print_message("sample summaries: %zu rows, max relative error %.2g\n",
	    t.nrows, maxrel);
	g_hash_table_destroy(index);
	oracle_free(&t);
}

/*
 * The statistics of none, one and two values, ties, zeros and unsorted
 * values are R's: none has no statistic, one no SD.
 */
static void
test_small_and_tied_vectors_match_r(void **state)
{
	struct oracle_table t;
	struct qi_summary s;
	double x[64], maxrel = 0;
	char **v;
	size_t i, n, k;

	(void)state;
	oracle_read(EDGES, EHEADER, &t);
	for (i = 0; i < t.nrows; i++) {
		const struct oracle_row *r = &t.rows[i];

		n = strtoul(r->cell[1], NULL, 10);
		v = g_strsplit(r->cell[2], " ", -1);
		for (k = 0; v[k] != NULL && *v[k] != '\0'; k++) {
			assert_true(k < 64);
			x[k] = strtod(v[k], NULL);
		}
		g_strfreev(v);
		assert_int_equal(k, n);
		qi_summary_stats(x, n, &s);
		check_stats(&t, r, 3, &s, &maxrel);
		if (n == 0)
			assert_true(isnan(s.mean) && isnan(s.median) &&
			    isnan(s.q1) && isnan(s.q3));
		if (n < 2)
			assert_true(isnan(s.sd));
	}
	assert_true(t.nrows >= 5);
	print_message("summary edge cases: %zu, max relative error %.2g\n",
	    t.nrows, maxrel);
	oracle_free(&t);
}

/*
 * An organisation's summary counts its own hospitals only, and the
 * summary of both is the union: shown and withheld add up.
 */
static void
test_both_organisations_add_up(void **state)
{
	struct sample_env *e = *state;
	const struct qi_summary *all, *o;
	size_t i, k, shown, withheld, empty;

	for (i = 0; i < e->an->nsummary; i++) {
		all = &e->an->summary[i];
		if (all->org >= 0)
			continue;
		shown = withheld = empty = 0;
		for (k = 0; k < e->reg->norgs; k++) {
			o = qi_analyses_summary(e->an, all->indicator,
			    all->period, (long)k);
			assert_non_null(o);
			assert_int_equal(o->org, (long)k);
			shown += o->shown;
			withheld += o->withheld;
			empty += o->empty;
		}
		assert_int_equal(all->shown, shown);
		assert_int_equal(all->withheld, withheld);
		assert_int_equal(all->empty, empty);
		assert_ptr_equal(qi_analyses_summary(e->an, all->indicator,
		    all->period, -1), all);
	}
}

/*
 * summary.csv: the header, a row per summary, NaN as an empty field,
 * 15 significant digits.
 */
static void
test_summary_csv_rows_and_empty_fields(void **state)
{
	struct sample_env *e = *state;
	struct qi_analyses an = *e->an;
	struct qi_summary v[2];
	char *buf = NULL, **lines, *want;
	size_t len = 0;
	FILE *fp;

	memset(v, 0, sizeof(v));
	v[0].indicator = v[1].indicator = 0;
	v[0].period = v[1].period = (struct qi_period){ 2024, 0 };
	v[0].scope = QI_SCOPE_ALL;
	v[0].org = -1;
	v[0].withheld = 3;
	v[0].mean = v[0].sd = v[0].median = v[0].q1 = v[0].q3 = NAN;
	v[1].scope = QI_SCOPE_ORG;
	v[1].org = 1;
	v[1].shown = 1;
	v[1].empty = 2;
	v[1].mean = v[1].median = v[1].q1 = v[1].q3 = 2.0 / 3;
	v[1].sd = NAN;
	an.summary = v;
	an.nsummary = 2;
	assert_non_null(fp = open_memstream(&buf, &len));
	qi_summary_write_csv(&an, fp);
	assert_int_equal(fclose(fp), 0);
	lines = g_strsplit(buf, "\n", -1);
	assert_string_equal(lines[0], "indicator,version,period,scope,"
	    "organisation,shown,withheld,empty,mean,sd,median,q1,q3");
	assert_true(g_str_has_suffix(lines[1],
	    ",FY2024,all,,0,3,0,,,,,"));
	want = g_strdup_printf(",FY2024,organisation,%s,1,0,2,"
	    "0.666666666666667,,0.666666666666667,0.666666666666667,"
	    "0.666666666666667", e->reg->orgs[1].code);
	assert_true(g_str_has_suffix(lines[2], want));
	g_free(want);
	assert_string_equal(lines[3], "");
	assert_null(lines[4]);
	g_strfreev(lines);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_summaries_match_r),
		cmocka_unit_test(test_small_and_tied_vectors_match_r),
		cmocka_unit_test(test_both_organisations_add_up),
		cmocka_unit_test(test_summary_csv_rows_and_empty_fields),
	};

	return cmocka_run_group_tests(tests, sample_setup, sample_teardown);
}
