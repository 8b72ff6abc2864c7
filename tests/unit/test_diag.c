/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_diag.c -- printing diagnostics: a value echoed in a message, a file
 * name or a hint reaches the terminal with its control characters
 * escaped (\x1b, never a raw ESC that could recolour or retitle the
 * terminal), and a value of megabytes is cut to a line a person can read.
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

#include "qi.h"

/* What qi_diag_print() writes for d; free() it. */
static char *
printed(const struct qi_diag *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	qi_diag_print(d, fp);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

/* s has no control character but the line ends. */
static void
assert_no_control(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			fail_msg("control character 0x%02x at byte %td of "
			    "'%s'", *p, (const char *)p - s, s);
}

static void
test_diag_control_characters_escaped(void **state)
{
	struct qi_diag *d = qi_diag_alloc();
	char *out;

	(void)state;
	qi_diag_add(d, QI_ERROR, "data/h\x1b[2Jx.csv", 3, 1,
	    "not \x07 this", "unknown hospital '%s'",
	    "N\x1b]0;owned\x07" "1\tX\rY\nqi: error: forged\x7f");
	out = printed(d);
	assert_no_control(out);
	assert_string_equal(out, "qi: data/h\\x1b[2Jx.csv:3:1: error: "
	    "unknown hospital 'N\\x1b]0;owned\\x071\\x09X\\x0dY\\x0aqi: "
	    "error: forged\\x7f'\n    hint: not \\x07 this\n");
	free(out);
	qi_diag_free(d);
}

/* C1 controls (U+0080-U+009F, e.g. U+009B, a one-character CSI) and bytes
   that are not UTF-8 are escaped too; other text passes as it is. */
static void
test_diag_c1_and_bad_utf8_escaped(void **state)
{
	struct qi_diag *d = qi_diag_alloc();
	char *out;

	(void)state;
	qi_diag_add(d, QI_WARNING, NULL, 0, 0, NULL, "病院 \xc2\x9b" "31m "
	    "\x9b" "31m \xff é");
	out = printed(d);
	assert_string_equal(out, "qi: warning: 病院 \\xc2\\x9b31m \\x9b31m "
	    "\\xff é\n");
	free(out);
	qi_diag_free(d);
}

/* A 1 MB id is cut: the line is short, says how much was left out, and
   ends on a whole UTF-8 character; the id itself is cut after 100
   characters. */
static void
test_diag_long_values_cut(void **state)
{
	struct qi_diag *d = qi_diag_alloc();
	size_t n = 1 << 20, i;
	GString *id = g_string_sized_new(n);
	char *out, *nl;

	(void)state;
	for (i = 0; i < n / 3; i++)
		g_string_append(id, "あ");
	qi_diag_add(d, QI_ERROR, "hospitals.csv", 2, 1, NULL,
	    "bad hospital id '%s'", id->str);
	qi_diag_add(d, QI_ERROR, "hospitals.csv", 3, 1, NULL, "short");
	out = printed(d);
	nl = strchr(out, '\n');
	assert_non_null(nl);
	assert_true(nl - out < 1200);
	assert_true(g_utf8_validate(out, -1, NULL));
	assert_non_null(strstr(out, "qi: hospitals.csv:2:1: error: bad "
	    "hospital id 'あああ"));
	/* the word cut after 100 characters, the part after 1,000 bytes */
	assert_non_null(strstr(out, "'" "あああ"));
	assert_non_null(strstr(out, "あ…... (1047"));
	assert_non_null(strstr(out, " more bytes)\nqi: hospitals.csv:3:1: "
	    "error: short\n"));
	free(out);
	g_string_free(id, TRUE);
	qi_diag_free(d);
}

/* A long path is a file name, not an echoed value: printed whole. */
static void
test_diag_long_file_names_kept(void **state)
{
	struct qi_diag *d = qi_diag_alloc();
	char *out, *want, path[161];

	(void)state;
	memset(path, 'd', 160);
	path[0] = '/';
	path[160] = '\0';
	qi_diag_add(d, QI_ERROR, path, 1, 2, NULL, "cannot open");
	out = printed(d);
	want = g_strdup_printf("qi: %s:1:2: error: cannot open\n", path);
	assert_string_equal(out, want);
	g_free(want);
	free(out);
	qi_diag_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diag_control_characters_escaped),
		cmocka_unit_test(test_diag_c1_and_bad_utf8_escaped),
		cmocka_unit_test(test_diag_long_values_cut),
		cmocka_unit_test(test_diag_long_file_names_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
