/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_results.c -- the writers: results.csv reads back to the same
 * results; results.json is valid JSON with its manifest; suppressed
 * values are empty / null in both, never a number.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <json-glib/json-glib.h>

#include "qi.h"
#include "fixture.h"

static struct qi_org orgs[] = {
	{ "NHO", "国立病院機構", "NHO", "https://a/" },
	{ "JOHAS", "労働者健康安全機構", "JOHAS", "https://b/" },
};
static struct qi_hospital hosps[] = {
	{ "N1", 0, "甲,\"架空\"病院", "Ko", "", 100, "" },
	{ "R1", 1, "丙架空労災病院", "Hei", "", 100, "" },
	{ "N2", 0, "乙架空病院", "Otsu", "", 100, "" },
};
static struct qi_indicator inds[] = {
	{ .id = "p", .version = 3, .unit = QI_UNIT_PERCENT,
	  .direction = QI_HIGHER_BETTER, .method = QI_CI_WILSON,
	  .level = 0.95, .min_denominator = 10,
	  .sha256 = "00112233445566778899aabbccddeeff"
	      "00112233445566778899aabbccddeeff" },
};
static struct qi_registry reg = { orgs, 2, hosps, 3, NULL, NULL };
static const struct qi_defset defs = { .v = inds, .n = 1 };

static struct qi_results *
sample(void)
{
	struct qi_tally t[] = {
		{ .hospital = 0, .indicator = 0, .period = { 2024, 2 }, .numerator = 7, .denominator = 9 },		/* suppressed */
		{ .hospital = 1, .indicator = 0, .period = { 2024, 2 }, .numerator = 1, .denominator = 3000000 },
		/*
		 * suppressed too: with N1 alone withheld, all minus R1 would
		 * give it back (specs/publication.md section 5)
		 */
		{ .hospital = 2, .indicator = 0, .period = { 2024, 2 }, .numerator = 5, .denominator = 8 },
	};
	struct qi_tallies tl = { .v = t, .n = 3 };
	struct qi_results *r;

	assert_int_equal(qi_compute(&defs, &reg, &tl, &r, NULL), QI_OK);
	return r;
}

static char *
to_text(const struct qi_results *r, int json)
{
	struct qi_input in = { "counts", "/some/where/counts.csv",
	    "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100" };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_int_equal(json ? qi_results_write_json(r, &in, 1, fp) :
	    qi_results_write_csv(r, fp), QI_OK);
	fclose(fp);
	return buf;
}

static void
test_results_csv_reads_back_identically(void **state)
{
	struct qi_results *r = sample(), *back;
	struct qi_diag *d = qi_diag_alloc();
	char *text = to_text(r, 0), *dir = fixture_dir(), *path, *text2;
	size_t i;
	GHashTable *idx = g_hash_table_new(g_str_hash, g_str_equal);

	(void)state;
	g_hash_table_insert(idx, "N1", GSIZE_TO_POINTER(1));
	g_hash_table_insert(idx, "R1", GSIZE_TO_POINTER(2));
	g_hash_table_insert(idx, "N2", GSIZE_TO_POINTER(3));
	reg.index = idx;
	path = fixture_file(dir, "results.csv", text);
	assert_int_equal(qi_results_load(path, &defs, &reg, &back, d), QI_OK);
	assert_int_equal(back->n, r->n);
	for (i = 0; i < r->n; i++) {
		assert_int_equal(back->v[i].scope, r->v[i].scope);
		assert_int_equal(back->v[i].hospital, r->v[i].hospital);
		assert_int_equal(back->v[i].numerator, r->v[i].numerator);
		assert_int_equal(back->v[i].denominator, r->v[i].denominator);
		assert_int_equal(back->v[i].status, r->v[i].status);
		if (isnan(r->v[i].rate))
			assert_true(isnan(back->v[i].rate));
		else	/* 15 significant digits */
			assert_true(fabs(back->v[i].upper - r->v[i].upper) <=
			    1e-14 * r->v[i].upper);
	}
	text2 = to_text(back, 0);
	assert_string_equal(text, text2);
	reg.index = NULL;
	g_hash_table_destroy(idx);
	qi_results_free(back);
	qi_results_free(r);
	qi_diag_free(d);
	g_free(path);
	free(text);
	free(text2);
	fixture_rmdir(dir);
}

/* The suppressed hospital's row has no counts and no rate, and the name
 * with a comma and quotes is quoted; a proportion's exposure is empty. */
static void
test_results_csv_suppressed_row_is_empty(void **state)
{
	struct qi_results *r = sample();
	char *text = to_text(r, 0);

	(void)state;
	assert_non_null(strstr(text, "p,3,FY2024Q2,hospital,NHO,N1,"
	    "\"甲,\"\"架空\"\"病院\",,,,,,percent,wilson,0.95,"
	    "suppressed_small_denominator,,,,,,,,\n"));
	assert_non_null(strstr(text, "p,3,FY2024Q2,hospital,JOHAS,R1,"
	    "丙架空労災病院,1,3000000,3.33333333333333e-07,"));
	qi_results_free(r);
	free(text);
}

static void
test_results_json_has_manifest_and_nulls(void **state)
{
	struct qi_results *r = sample();
	char *text = to_text(r, 1);
	JsonParser *p = json_parser_new();
	JsonObject *root, *man, *row;
	JsonArray *rows, *inputs;
	size_t i, suppressed = 0;

	(void)state;
	assert_true(json_parser_load_from_data(p, text, -1, NULL));
	root = json_node_get_object(json_parser_get_root(p));
	man = json_object_get_object_member(root, "manifest");
	assert_string_equal(json_object_get_string_member(man, "qi_version"),
	    qi_version());
	assert_string_equal(json_object_get_string_member(
	    json_array_get_object_element(json_object_get_array_member(man,
	    "definitions"), 0), "sha256"), inds[0].sha256);
	inputs = json_object_get_array_member(man, "inputs");
	/* the file's name, not where it was on the analyst's machine */
	assert_string_equal(json_object_get_string_member(
	    json_array_get_object_element(inputs, 0), "file"), "counts.csv");
	rows = json_object_get_array_member(root, "results");
	assert_int_equal(json_array_get_length(rows), r->n);
	for (i = 0; i < r->n; i++) {
		row = json_array_get_object_element(rows, (guint)i);
		if (strcmp(json_object_get_string_member(row, "status"),
		    "suppressed_small_denominator") != 0)
			continue;
		suppressed++;
		assert_true(json_object_get_null_member(row, "rate"));
		assert_true(json_object_get_null_member(row, "numerator"));
		assert_true(json_object_get_null_member(row, "denominator"));
	}
	assert_int_equal(suppressed, 2);	/* the hospital, and NHO pooled (9) */
	assert_null(strstr(text, "timestamp"));
	g_object_unref(p);
	qi_results_free(r);
	free(text);
}

static void
test_results_bad_results_file_reported(void **state)
{
	struct qi_results *back = (void *)1;
	struct qi_diag *d = qi_diag_alloc();
	char *dir = fixture_dir(), *path, *dt;
	GHashTable *idx = g_hash_table_new(g_str_hash, g_str_equal);

	(void)state;
	g_hash_table_insert(idx, "N1", GSIZE_TO_POINTER(1));
	reg.index = idx;
	path = fixture_file(dir, "results.csv",
	    "indicator,version,period,scope,organisation,hospital,numerator,"
	    "denominator,rate,lower,upper,status\n"
	    "p,3,FY2024,hospital,NHO,N1,1,2,1.5,0.1,0.9,ok\n"
	    "p,3,FY2024,ward,NHO,N1,1,2,0.5,0.1,0.9,ok\n"
	    "p,3,FY2024,hospital,NHO,N1,1,2,,,,ok\n");
	assert_int_equal(qi_results_load(path, &defs, &reg, &back, d),
	    QI_EINPUT);
	assert_null(back);
	dt = fixture_diag_text(d);
	assert_non_null(strstr(dt, "results.csv:2:32: error: bad value "
	    "'1.5'"));
	assert_non_null(strstr(dt, "results.csv:3:12: error: bad scope "
	    "'ward'"));
	assert_non_null(strstr(dt, "results.csv:4:32: error: a published "
	    "result needs rate, lower and upper"));
	reg.index = NULL;
	g_hash_table_destroy(idx);
	g_free(dt);
	g_free(path);
	qi_diag_free(d);
	fixture_rmdir(dir);
}

/*
 * A withheld result's expected and ratio columns are empty even if a
 * caller filled them (the writers check the status themselves); a
 * published one shows them, and results.csv reads them back.
 */
static void
test_results_withheld_row_never_shows_expected(void **state)
{
	struct qi_results *r = sample(), *back = NULL;
	GHashTable *idx = g_hash_table_new(g_str_hash, g_str_equal);
	char *text, *path, *dir = fixture_dir(), *line, *end;
	size_t i;

	(void)state;
	for (i = 0; i < r->n; i++) {
		r->v[i].expected = 1234.5;
		r->v[i].ratio = 0.625;
		r->v[i].ratio_lower = 0.5;
		r->v[i].ratio_upper = 0.75;
		r->v[i].adj_rate = 0.125;
		r->v[i].adj_lower = 0.0625;
		r->v[i].adj_upper = 0.25;
	}
	text = to_text(r, 0);
	line = strstr(text, "hospital,NHO,N1,");	/* the withheld row */
	assert_non_null(line);
	assert_non_null(end = strchr(line, '\n'));
	*end = '\0';
	assert_null(strstr(line, "1234.5"));
	assert_null(strstr(line, "0.625"));
	*end = '\n';
	assert_non_null(strstr(strstr(text, "hospital,JOHAS,R1,"),
	    ",1234.5,0.625,0.5,0.75,0.125,0.0625,0.25\n"));
	g_hash_table_insert(idx, "N1", GSIZE_TO_POINTER(1));
	g_hash_table_insert(idx, "R1", GSIZE_TO_POINTER(2));
	g_hash_table_insert(idx, "N2", GSIZE_TO_POINTER(3));
	reg.index = idx;
	path = fixture_file(dir, "results.csv", text);
	assert_int_equal(qi_results_load(path, &defs, &reg, &back, NULL),
	    QI_OK);
	for (i = 0; i < back->n; i++) {
		if (back->v[i].status == QI_STATUS_OK) {
			assert_true(back->v[i].expected == 1234.5);
			assert_true(back->v[i].adj_upper == 0.25);
		} else
			assert_true(isnan(back->v[i].expected) &&
			    isnan(back->v[i].ratio));
	}
	reg.index = NULL;
	g_hash_table_destroy(idx);
	qi_results_free(back);
	qi_results_free(r);
	free(text);
	g_free(path);
	fixture_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_results_csv_reads_back_identically),
		cmocka_unit_test(test_results_csv_suppressed_row_is_empty),
		cmocka_unit_test(test_results_json_has_manifest_and_nulls),
		cmocka_unit_test(test_results_bad_results_file_reported),
		cmocka_unit_test(test_results_withheld_row_never_shows_expected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
