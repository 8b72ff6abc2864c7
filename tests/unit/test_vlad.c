/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_vlad.c -- the VLAD analysis (src/analysis/vlad.c) against base R
 * (tests/oracle/gen_vlad.R), on the embedded sample's hf_mortality
 * quarters and on a hand-made edge case (an empty quarter, withheld
 * quarters between published ones, a hospital with every quarter
 * withheld, a published quarter without an expected count); and the
 * disclosure rule: from vlad.csv alone every quarter's E - O is
 * reconstructed (consecutive cumulative values) and each one is a
 * published quarter's, never a withheld one's.
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
#include "test_util.h"

#define REG_DIR	QI_TEST_DATA "/golden/sample/"
#define HEADER	"indicator,hospital,period,observed,expected,difference," \
		"cumulative"
#define COUNTS	"dataset,indicator,hospital,points,withheld,unmodelled"
/* qi and R add the same doubles read from one results.csv */
#define ABSTOL	1e-12

struct env {
	struct qi_defset	*defs;
	struct qi_registry	*reg;
};

static int
setup(void **state)
{
	struct env *e = g_new0(struct env, 1);

	if (qi_defset_load(QI_TEST_DATA "/../indicators", &e->defs, NULL) !=
	    QI_OK || qi_registry_load(REG_DIR "organisations.csv",
	    REG_DIR "hospitals.csv", NULL, &e->reg, NULL) != QI_OK)
		return -1;
	*state = e;
	return 0;
}

static int
teardown(void **state)
{
	struct env *e = *state;

	qi_registry_free(e->reg);
	qi_defset_free(e->defs);
	g_free(e);
	return 0;
}

static void
load(const struct env *e, const char *name, struct qi_results **res,
    struct qi_analyses **an)
{
	char *path = g_strconcat(ORACLE_DIR, name, "_results.csv", NULL);

	assert_int_equal(qi_results_load(path, e->defs, e->reg, res, NULL),
	    QI_OK);
	assert_int_equal(qi_analyses_compute(*res, NULL, an, NULL), QI_OK);
	g_free(path);
}

/* Every point of every VLAD of an against the oracle's rows, and back. */
static void
check_against_r(const struct qi_analyses *an, const char *name)
{
	const struct qi_results *res = an->res;
	char *path = g_strconcat(ORACLE_DIR, name, ".csv", NULL), pbuf[16];
	struct oracle_table t, c;
	const struct oracle_row *r;
	const struct qi_vlad *v;
	GHashTable *index, *cindex;
	double maxabs = 0, d;
	size_t i, k, seen = 0, series = 0;
	char *key;

	oracle_read(path, HEADER, &t);
	oracle_read(ORACLE_DIR "vlad_counts.csv", COUNTS, &c);
	index = oracle_index(&t, 3);
	cindex = oracle_index(&c, 3);
	for (i = 0; i < an->nvlad; i++) {
		if ((v = an->vlad[i]) == NULL)
			continue;
		key = g_strdup_printf("%s %s %s", name,
		    res->defs->v[v->indicator].id,
		    res->reg->hosps[v->hospital].id);
		r = g_hash_table_lookup(cindex, key);
		g_free(key);
		if (r == NULL) {	/* no row in the file: nothing at all */
			assert_int_equal(v->n + v->withheld + v->unmodelled,
			    0);
			continue;
		}
		series++;
		assert_int_equal(v->n, (size_t)oracle_num(&c, r, 3));
		assert_int_equal(v->withheld, (size_t)oracle_num(&c, r, 4));
		assert_int_equal(v->unmodelled, (size_t)oracle_num(&c, r, 5));
		for (k = 0; k < v->n; k++) {
			qi_period_format(v->v[k].period, pbuf, sizeof(pbuf));
			key = g_strdup_printf("%s %s %s",
			    res->defs->v[v->indicator].id,
			    res->reg->hosps[v->hospital].id, pbuf);
			r = g_hash_table_lookup(index, key);
			if (r == NULL)
				fail_msg("%s: a point R does not have", key);
			g_free(key);
			seen++;
			const double got[] = { v->v[k].observed,
			    v->v[k].expected, v->v[k].expected -
			    v->v[k].observed, v->v[k].cum };
			for (size_t j = 0; j < G_N_ELEMENTS(got); j++) {
				d = fabs(got[j] - oracle_num(&t, r, 3 + j));
				if (!(d <= ABSTOL))
					fail_msg("%s:%zu: %s = %.17g, R %s",
					    path, r->lineno, t.name[3 + j],
					    got[j], r->cell[3 + j]);
				if (d > maxabs)
					maxabs = d;
			}
		}
	}
	assert_int_equal(seen, t.nrows);
	print_message("%s: %zu hospitals, %zu points, largest difference "
	    "from R %.3g\n", name, series, seen, maxabs);
	g_hash_table_destroy(index);
	g_hash_table_destroy(cindex);
	oracle_free(&t);
	oracle_free(&c);
	g_free(path);
}

static void
test_sample_matches_r(void **state)
{
	struct qi_results *res;
	struct qi_analyses *an;

	load(*state, "vlad_sample", &res, &an);
	check_against_r(an, "vlad_sample");
	qi_analyses_free(an);
	qi_results_free(res);
}

static void
test_edge_matches_r(void **state)
{
	const struct env *e = *state;
	struct qi_results *res;
	struct qi_analyses *an;
	const struct qi_vlad *v;
	long n1 = -1, n2 = -1;
	size_t i, ind = (size_t)qi_defset_find(e->defs, "hf_mortality");

	load(e, "vlad_edge", &res, &an);
	check_against_r(an, "vlad_edge");
	for (i = 0; i < e->reg->nhosps; i++) {
		if (strcmp(e->reg->hosps[i].id, "N001") == 0)
			n1 = (long)i;
		if (strcmp(e->reg->hosps[i].id, "N002") == 0)
			n2 = (long)i;
	}
	/* N001: the withheld FY2024Q2 is no point; the empty one is */
	v = qi_analyses_vlad(an, ind, n1);
	assert_non_null(v);
	assert_int_equal(v->n, 4);
	assert_int_equal(v->v[1].period.q, 1);
	assert_true(v->v[1].observed == 0 && v->v[1].expected == 0);
	assert_int_equal(v->v[2].period.q, 3);
	/* N002: every quarter withheld */
	v = qi_analyses_vlad(an, ind, n2);
	assert_non_null(v);
	assert_int_equal(v->n, 0);
	assert_int_equal(v->withheld, 2);
	/* an indicator without a risk model has none */
	assert_null(qi_analyses_vlad(an, (size_t)qi_defset_find(e->defs,
	    "readmission_6w"), n1));
	qi_analyses_free(an);
	qi_results_free(res);
}

/*
 * The published result of (indicator id, hospital id, period text), or
 * NULL.
 */
static const struct qi_result *
find(const struct qi_results *res, const char *ind, const char *hosp,
    const char *period)
{
	char pbuf[16];
	size_t i;

	for (i = 0; i < res->n; i++) {
		const struct qi_result *r = &res->v[i];

		if (r->scope != QI_SCOPE_HOSPITAL)
			continue;
		qi_period_format(r->period, pbuf, sizeof(pbuf));
		if (strcmp(res->defs->v[r->indicator].id, ind) == 0 &&
		    strcmp(res->reg->hosps[r->hospital].id, hosp) == 0 &&
		    strcmp(pbuf, period) == 0)
			return r;
	}
	return NULL;
}

/*
 * A reader of vlad.csv alone: the difference of consecutive cumulative
 * values of a hospital (and the first value itself) is one quarter's
 * E - O.  Each must be a quarter published in results.csv (ok or empty)
 * with that E - O; a withheld quarter is never named, so no difference
 * holds a withheld quarter's count.
 */
static void
check_disclosure(const struct qi_analyses *an)
{
	const struct qi_results *res = an->res;
	char *buf = NULL, *line, *save = NULL, **cell;
	char prev[160] = "";
	const struct qi_result *r;
	double cum = 0, d, want;
	size_t len = 0, rows = 0, withheld = 0, i;
	FILE *fp;

	fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	qi_vlad_write_csv(an, fp);
	fclose(fp);
	line = strtok_r(buf, "\n", &save);
	assert_string_equal(line, "indicator,version,organisation,hospital,"
	    "period,observed,expected,difference,cumulative");
	while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
		char series[160];

		cell = g_strsplit(line, ",", -1);
		assert_int_equal(g_strv_length(cell), 9);
		snprintf(series, sizeof(series), "%s %s", cell[0], cell[3]);
		d = strtod(cell[8], NULL) - (strcmp(series, prev) == 0 ? cum :
		    0);
		cum = strtod(cell[8], NULL);
		g_strlcpy(prev, series, sizeof(prev));
		r = find(res, cell[0], cell[3], cell[4]);
		assert_non_null(r);
		if (r->status != QI_STATUS_OK && r->status != QI_STATUS_EMPTY)
			fail_msg("%s %s %s: a withheld quarter in vlad.csv",
			    cell[0], cell[3], cell[4]);
		want = r->status == QI_STATUS_EMPTY ? 0 :
		    r->expected - (double)r->numerator;
		if (!(fabs(d - want) <= 1e-9))
			fail_msg("%s %s %s: the cumulative steps by %.17g, the "
			    "published E - O is %.17g", cell[0], cell[3],
			    cell[4], d, want);
		rows++;
		g_strfreev(cell);
	}
	for (i = 0; i < res->n; i++)
		if (res->v[i].scope == QI_SCOPE_HOSPITAL &&
		    res->v[i].period.q != 0 && res->v[i].status !=
		    QI_STATUS_OK && res->v[i].status != QI_STATUS_EMPTY)
			withheld++;
	/* the data sets do have withheld quarters for this to guard */
	assert_true(withheld > 0 && rows > 0);
	free(buf);
}

static void
test_no_withheld_quarter_derivable(void **state)
{
	static const char *const sets[] = { "vlad_sample", "vlad_edge" };
	struct qi_results *res;
	struct qi_analyses *an;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(sets); i++) {
		load(*state, sets[i], &res, &an);
		check_disclosure(an);
		qi_analyses_free(an);
		qi_results_free(res);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_matches_r),
		cmocka_unit_test(test_edge_matches_r),
		cmocka_unit_test(test_no_withheld_quarter_derivable),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
