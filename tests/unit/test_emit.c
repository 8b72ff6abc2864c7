/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_emit.c -- CSV fields: RFC 4180 quoting for every file, and for the
 * files meant for spreadsheets (the sites' downloads, qi compare --as
 * csv) text that a spreadsheet would run as a formula neutralised by a
 * leading single quote; JSON strings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "emit.h"

/* What fn writes for s, in a buffer of the test's. */
static const char *
emitted(void (*fn)(FILE *, const char *), const char *s)
{
	static char out[256];
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	fn(fp, s);
	assert_int_equal(fclose(fp), 0);
	assert_true(len < sizeof(out));
	memcpy(out, buf, len + 1);
	free(buf);
	return out;
}

struct emit_case {
	const char	*in, *want;
};

static void
check_cases(void (*fn)(FILE *, const char *), const struct emit_case *c,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		assert_string_equal(emitted(fn, c[i].in), c[i].want);
}

/* Files qi reads back keep text as it is: only quoted where needed. */
static void
test_emit_csv_field_keeps_text(void **state)
{
	static const struct emit_case c[] = {
		{ "N001", "N001" },
		{ "=SUM(A1)", "=SUM(A1)" },
		{ "-2+3", "-2+3" },
		{ "a,\"b\"", "\"a,\"\"b\"\"\"" },
		{ "x\ry", "\"x\ry\"" },
	};

	(void)state;
	check_cases(qi_emit_csv_field, c, sizeof(c) / sizeof(c[0]));
}

/*
 * OWASP's rule: a cell starting with = + - @ tab or CR gets a quote;
 * other text is written as qi_emit_csv_field writes it.
 */
static void
test_emit_csv_text_neutralises_formulas(void **state)
{
	static const struct emit_case c[] = {
		{ "=HYPERLINK(\"http://x\",\"y\")",
		    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
		{ "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0" },
		{ "-2+3", "'-2+3" },
		{ "@SUM(A1)", "'@SUM(A1)" },
		{ "\t=1+1", "'\t=1+1" },
		{ "\r=1+1", "\"'\r=1+1\"" },
		{ "-", "'-" },
		{ "=a,b", "\"'=a,b\"" },
		{ "", "" },
		{ "N001", "N001" },
		{ "あおば架空病院", "あおば架空病院" },
		{ "A=B+C", "A=B+C" },
		{ "'=x", "'=x" },
		{ " =x", " =x" },
		{ "a \"b\"", "\"a \"\"b\"\"\"" },
	};

	(void)state;
	check_cases(qi_emit_csv_text, c, sizeof(c) / sizeof(c[0]));
}

static void
test_emit_json_string(void **state)
{
	(void)state;
	assert_string_equal(emitted(qi_emit_json_string, "=a\"\\\n\x1b"),
	    "\"=a\\\"\\\\\\n\\u001b\"");
	assert_string_equal(emitted(qi_emit_json_string, NULL), "null");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_emit_csv_field_keeps_text),
		cmocka_unit_test(test_emit_csv_text_neutralises_formulas),
		cmocka_unit_test(test_emit_json_string),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
