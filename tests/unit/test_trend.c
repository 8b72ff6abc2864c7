/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_trend.c -- quarterly trends of the embedded sample against base R
 * (tests/oracle/gen_sample_trend.R): which quarters take part (the
 * published ones), rolling four-quarter sums only over four consecutive
 * published quarters, their intervals, p and Laney p' limits.
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
#include "sample_env.h"
#include "test_util.h"
#include "trend_oracle.h"

#define ORACLE	ORACLE_DIR "sample_trend.csv"
#define HEADER	"indicator,scope,organisation,hospital,period,numerator," \
		"denominator,rolling_rate,rolling_lower,rolling_upper,cl," \
		"p_lower,p_upper,sigma_z,pp_lower,pp_upper,signal"
/* relative; an empty field (R has no value) is met only by NaN */
#define TOL	ORACLE_REL(1e-9)

static void
test_sample_trends_match_r(void **state)
{
	struct sample_env *e = *state;
	struct oracle_table t;
	const struct qi_trend *tr;
	const struct qi_registry *reg = e->reg;
	const struct qi_trend_point *p;
	const struct oracle_row *r;
	GHashTable *index;
	double maxrel = 0;
	size_t seen = 0, ind, s, i, k;
	static const char *sig[] = { "below", "within", "above" };
	char *key;

	oracle_read(ORACLE, HEADER, &t);
	index = oracle_index(&t, 5);
	for (ind = 0; ind < e->defs->n; ind++)
		for (s = 0; s < qi_trend_nseries(reg); s++) {
			tr = trend_of_series(e->an, ind, s);
			for (i = 0; i < tr->n; i++) {
				p = &tr->v[i];
				key = trend_oracle_key(e->res, tr, p);
				r = g_hash_table_lookup(index, key);
				if (r == NULL)
					fail_msg("%s: not in the oracle", key);
				g_free(key);
				seen++;
				/* numerator ... pp_upper, in the oracle's order */
				const double got[] = { p->x, p->n, p->roll_rate,
				    p->roll_lo, p->roll_hi, p->cl, p->p_lo,
				    p->p_hi, p->sigma_z, p->pp_lo, p->pp_hi };
				for (k = 0; k < G_N_ELEMENTS(got); k++)
					oracle_check(&t, r, 5 + k, got[k], TOL,
					    &maxrel);
				assert_string_equal(r->cell[16], tr->n < 2 ? "" :
				    sig[p->signal + 1]);
			}
		}
	/* Every oracle row was produced, and no other. */
	assert_int_equal(seen, t.nrows);
	print_message("sample trends: %zu rows, max relative error %.2g\n",
	    seen, maxrel);
	g_hash_table_destroy(index);
	oracle_free(&t);
}

/*
 * trend.csv (qi_trend_write_csv(), every series found in one walk over
 * the results) holds the same rows as the R oracle, each with R's values:
 * none missing, none extra, none in another series.
 */
static void
test_sample_trend_csv_matches_r(void **state)
{
	struct sample_env *e = *state;
	struct oracle_table t;
	const struct oracle_row *r;
	GHashTable *index;
	char *buf = NULL, **lines, **f, *key;
	size_t len = 0, i, k, seen = 0;
	double maxrel = 0;
	FILE *fp = open_memstream(&buf, &len);
	/* trend.csv's columns of the oracle's numerator ... pp_upper */
	static const size_t col[] = { 6, 7, 11, 12, 13, 14, 15, 16, 17, 18,
	    19 };

	oracle_read(ORACLE, HEADER, &t);
	index = oracle_index(&t, 5);
	qi_trend_write_csv(e->an, fp);
	fclose(fp);
	lines = g_strsplit(buf, "\n", -1);
	for (i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++) {
		f = g_strsplit(lines[i], ",", -1);
		assert_int_equal(g_strv_length(f), 21);
		key = g_strdup_printf("%s %s %s %s %s", f[0], f[2], f[3], f[4],
		    f[5]);
		if ((r = g_hash_table_lookup(index, key)) == NULL)
			fail_msg("trend.csv line %zu: %s: not in the oracle", i + 1,
			    key);
		for (k = 0; k < G_N_ELEMENTS(col); k++)
			oracle_check(&t, r, 5 + k, f[col[k]][0] == '\0' ? NAN :
			    g_ascii_strtod(f[col[k]], NULL), TOL, &maxrel);
		assert_string_equal(r->cell[16], f[20]);
		seen++;
		g_free(key);
		g_strfreev(f);
	}
	assert_int_equal(seen, t.nrows);
	print_message("sample trend.csv: %zu rows, max relative error %.2g\n",
	    seen, maxrel);
	g_strfreev(lines);
	free(buf);
	g_hash_table_destroy(index);
	oracle_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_trends_match_r),
		cmocka_unit_test(test_sample_trend_csv_matches_r),
	};

	return cmocka_run_group_tests(tests, sample_setup, sample_teardown);
}
