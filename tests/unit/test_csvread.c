/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_csvread.c -- the CSV reader: columns by header name in any order,
 * BOM, CRLF, TSV, CP932; every malformed row reported at its line and
 * column, and the good rows still delivered.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "csvread.h"
#include "qi.h"
#include "fixture.h"

static const struct qi_csvcol cols[] = {
	{ "a", 1 }, { "b", 1 }, { "opt", 0 }
};

/*
 * Read all rows of text; returns "a|b|opt;" per row and the printed
 * diagnostics in *diagtext (both g_free).
 */
static char *
read_all(const char *text, const char *encoding, char **diagtext,
    int *opened)
{
	struct qi_diag *d = qi_diag_alloc();
	struct qi_csvcfg cfg;
	struct qi_csv *c;
	const char *const *f;
	char *dir = fixture_dir(), *path = fixture_file(dir, "in.csv", text);
	GString *out = g_string_new(NULL);

	qi_csvcfg_defaults(&cfg);
	cfg.encoding = encoding;
	c = qi_csv_open(path, cols, 3, &cfg, d);
	*opened = c != NULL;
	while (c != NULL && qi_csv_next(c, &f) == 1)
		g_string_append_printf(out, "%s|%s|%s;", f[0], f[1],
		    f[2] ? f[2] : "(none)");
	qi_csv_close(c);
	*diagtext = fixture_diag_text(d);
	qi_diag_free(d);
	g_free(path);
	fixture_rmdir(dir);
	return g_string_free(out, FALSE);
}

static void
test_csvread_columns_by_name_any_order_extra_ignored(void **state)
{
	char *dt, *rows;
	int opened;

	(void)state;
	rows = read_all("x,b,a\n1,2,3\n\"q,uoted\",\"say \"\"hi\"\"\",z\n",
	    NULL, &dt, &opened);
	assert_true(opened);
	assert_string_equal(dt, "");
	assert_string_equal(rows, "3|2|(none);z|say \"hi\"|(none);");
	g_free(rows);
	g_free(dt);
}

static void
test_csvread_bom_crlf_and_missing_final_newline(void **state)
{
	char *dt, *rows;
	int opened;

	(void)state;
	rows = read_all("\xEF\xBB\xBF" "a,b,opt\r\n1,2,3\r\n4,5,6", NULL, &dt,
	    &opened);
	assert_string_equal(dt, "");
	assert_string_equal(rows, "1|2|3;4|5|6;");
	g_free(rows);
	g_free(dt);
}

static void
test_csvread_tab_separated_detected_from_header(void **state)
{
	char *dt, *rows;
	int opened;

	(void)state;
	rows = read_all("a\tb\n1,5\t2\n", NULL, &dt, &opened);
	assert_string_equal(dt, "");
	assert_string_equal(rows, "1,5|2|(none);");
	g_free(rows);
	g_free(dt);
}

/* Japanese text in CP932, as Excel writes it, converted to UTF-8. */
static void
test_csvread_cp932_converted(void **state)
{
	char *dt, *rows;
	int opened;

	(void)state;
	/* "病院" in CP932 is 0x95 0x61 0x89 0x40 */
	rows = read_all("a,b\n\x95\x61\x89\x40,1\n", "cp932", &dt, &opened);
	assert_string_equal(dt, "");
	assert_string_equal(rows, "病院|1|(none);");
	g_free(rows);
	g_free(dt);
}

static void
test_csvread_invalid_utf8_reported_with_hint(void **state)
{
	char *dt, *rows;
	int opened;

	(void)state;
	rows = read_all("a,b\nok,1\n病\x95\x61,2\nfine,3\n", NULL, &dt,
	    &opened);
	assert_non_null(strstr(dt, "in.csv:3:2: error: invalid UTF-8 byte "
	    "0x95"));
	assert_non_null(strstr(dt, "--encoding cp932"));
	assert_string_equal(rows, "ok|1|(none);fine|3|(none);");
	g_free(rows);
	g_free(dt);
}

/* Every bad row is reported, each at its own line; good rows survive. */
static void
test_csvread_bad_rows_all_reported_good_rows_kept(void **state)
{
	char *dt, *rows;
	int opened;

	(void)state;
	rows = read_all("a,b\n"
	    "1,2\n"
	    "3,4,5\n"		/* too many fields: column of the 3rd */
	    "6\n"		/* too few */
	    "7,\"8\n9\"\n"	/* a quoted newline is fine */
	    "10,x\"y\n"		/* a quote inside an unquoted field */
	    "\"ab\"c,13\n"		/* text after a closing quote */
	    "11,12\n", NULL, &dt, &opened);
	assert_non_null(strstr(dt, "in.csv:3:5: error: 3 fields where the "
	    "header has 2"));
	assert_non_null(strstr(dt, "in.csv:4:2: error: 1 fields where the "
	    "header has 2"));
	assert_non_null(strstr(dt, "in.csv:7:5: error: malformed quoting"));
	assert_non_null(strstr(dt, "in.csv:8:4: error: malformed quoting"));
	assert_string_equal(rows, "1|2|(none);7|8\n9|(none);11|12|(none);");
	g_free(rows);
	g_free(dt);
}

/* Blank lines are skipped and do not shift the line numbers. */
static void
test_csvread_blank_lines_keep_line_numbers(void **state)
{
	char *dt, *rows;
	int opened;

	(void)state;
	rows = read_all("a,b\n\n1,2\r\n\r\n\n3\n4,5\n", NULL, &dt, &opened);
	assert_non_null(strstr(dt, "in.csv:6:2: error: 1 fields where"));
	assert_string_equal(rows, "1|2|(none);4|5|(none);");
	g_free(rows);
	g_free(dt);
}

static void
test_csvread_missing_and_duplicate_columns(void **state)
{
	char *dt, *rows;
	int opened;

	(void)state;
	rows = read_all("a,c,c\n1,2,3\n", NULL, &dt, &opened);
	assert_false(opened);
	assert_non_null(strstr(dt, "in.csv:1:5: error: duplicate column 'c'"));
	assert_non_null(strstr(dt, "in.csv:1:1: error: missing column 'b'"));
	assert_non_null(strstr(dt, "hint: the header has: a, c, c"));
	g_free(rows);
	g_free(dt);
}

static void
test_csvread_empty_file_and_unclosed_quote(void **state)
{
	char *dt, *rows;
	int opened;

	(void)state;
	rows = read_all("", NULL, &dt, &opened);
	assert_false(opened);
	assert_non_null(strstr(dt, "in.csv:1:1: error: empty file"));
	g_free(rows);
	g_free(dt);
	rows = read_all("a,b\n1,\"open\n", NULL, &dt, &opened);
	assert_non_null(strstr(dt, "in.csv:2:3: error: end of file inside a "
	    "quoted field"));
	assert_string_equal(rows, "");
	g_free(rows);
	g_free(dt);
}

/* The caller's errors point at the field's character column. */
static void
test_csvread_caller_error_points_at_field(void **state)
{
	struct qi_diag *d = qi_diag_alloc();
	struct qi_csv *c;
	const char *const *f;
	char *dir = fixture_dir(), *path, *dt;

	(void)state;
	path = fixture_file(dir, "in.csv", "b,a\n病院名,oops\n");
	c = qi_csv_open(path, cols, 3, NULL, d);
	assert_non_null(c);
	assert_int_equal(qi_csv_next(c, &f), 1);
	qi_csv_error(c, 0, "a hint", "bad value '%s'", f[0]);
	assert_int_equal(qi_csv_errors(c), 1);
	qi_csv_close(c);
	dt = fixture_diag_text(d);
	assert_non_null(strstr(dt, "in.csv:2:5: error: bad value 'oops'"));
	g_free(dt);
	g_free(path);
	qi_diag_free(d);
	fixture_rmdir(dir);
}

static void
test_csvread_errors_beyond_limit_are_counted(void **state)
{
	GString *s = g_string_new("a,b\n");
	char *dt, *rows;
	int i, opened;

	(void)state;
	for (i = 0; i < 150; i++)
		g_string_append(s, "1\n");
	rows = read_all(s->str, NULL, &dt, &opened);
	assert_non_null(strstr(dt, "in.csv:101:2: error"));
	assert_null(strstr(dt, "in.csv:102:2: error"));
	assert_non_null(strstr(dt, "50 more errors in this file not shown"));
	g_string_free(s, TRUE);
	g_free(rows);
	g_free(dt);
}

/*
 * Numbers: decimal with an exponent, nothing else (issue 14, finding 11);
 * counts: decimal digits up to 2^53.
 */
static void
test_csvread_numbers_decimal_only(void **state)
{
	static const char *const good[] = {
		"0", "12", "-2", "+3", "0.5", "1e-04", "2.5E3", "1e308", "0e-999",
		"2.2250738585072014e-308"
	};
	static const char *const bad[] = {
		"", "0x10", "0x1p1", "0X1P-1", "inf", "-inf", "nan", "infinity",
		".5", "3.", "3.e2", "1e", "1e+", " 1", "1 ", "1,5", "1e400",
		"-1e400", "1e-400", "4.9e-324", "1e-310", "١٢"
	};
	double v;
	long n;
	size_t i;

	(void)state;
	for (i = 0; i < G_N_ELEMENTS(good); i++)
		assert_int_equal(qi_field_real(good[i], &v), 0);
	assert_int_equal(qi_field_real("1e-04", &v), 0);
	assert_true(v == 1e-4);
	for (i = 0; i < G_N_ELEMENTS(bad); i++) {
		if (qi_field_real(bad[i], &v) != -1)
			fail_msg("'%s' taken as %g", bad[i], v);
	}
	assert_int_equal(qi_field_count("9007199254740992", &n), 0);
	assert_int_equal(qi_field_count("9007199254740993", &n), -1);
	assert_int_equal(qi_field_count("9223372036854775807", &n), -1);
	assert_int_equal(qi_field_count("99999999999999999999", &n), -1);
	assert_int_equal(qi_field_count("0x10", &n), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csvread_columns_by_name_any_order_extra_ignored),
		cmocka_unit_test(test_csvread_bom_crlf_and_missing_final_newline),
		cmocka_unit_test(test_csvread_tab_separated_detected_from_header),
		cmocka_unit_test(test_csvread_cp932_converted),
		cmocka_unit_test(test_csvread_invalid_utf8_reported_with_hint),
		cmocka_unit_test(test_csvread_bad_rows_all_reported_good_rows_kept),
		cmocka_unit_test(test_csvread_blank_lines_keep_line_numbers),
		cmocka_unit_test(test_csvread_missing_and_duplicate_columns),
		cmocka_unit_test(test_csvread_empty_file_and_unclosed_quote),
		cmocka_unit_test(test_csvread_caller_error_points_at_field),
		cmocka_unit_test(test_csvread_errors_beyond_limit_are_counted),
		cmocka_unit_test(test_csvread_numbers_decimal_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
