/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_table.c -- terminal tables: widths in cells, Japanese names two
 * cells a character, shortening with an ellipsis, aligned columns.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "table.h"

static void
test_wide_characters_take_two_cells(void **state)
{
	(void)state;
	assert_int_equal(qi_text_cells(""), 0);
	assert_int_equal(qi_text_cells("NHO"), 3);
	assert_int_equal(qi_text_cells("国立病院機構"), 12);
	assert_int_equal(qi_text_cells("N001 東京病院"), 13);
	assert_int_equal(qi_text_cells("ｱｲｳ"), 3);	/* half-width kana */
	assert_int_equal(qi_text_cells("e\xcc\x81"), 1);	/* e + combining acute */
}

/* Print t to a string. */
static char *
render(const struct qi_table *t, size_t max)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	qi_table_print(t, max, fp);
	fclose(fp);
	return buf;
}

/* Every line has its right-aligned column ending in the same cell. */
static void
test_columns_align_by_cells_not_bytes(void **state)
{
	static const char *head[] = { "name", "rate" };
	static const enum qi_table_align al[] = { QI_TABLE_LEFT,
	    QI_TABLE_RIGHT };
	static const char *r1[] = { "東京病院", "12.5%" };
	static const char *r2[] = { "Osaka", "7.0%" };
	struct qi_table *t = qi_table_alloc(2, head, al);
	char *out;

	(void)state;
	qi_table_add(t, r1);
	qi_table_add(t, r2);
	out = render(t, 0);
	assert_string_equal(out,
	    "name       rate\n"
	    "---------------\n"
	    "東京病院  12.5%\n"
	    "Osaka      7.0%\n");
	free(out);
	qi_table_free(t);
}

static void
test_long_cells_are_shortened_with_an_ellipsis(void **state)
{
	static const char *head[] = { "name" };
	static const enum qi_table_align al[] = { QI_TABLE_LEFT };
	static const char *r1[] = { "独立行政法人国立病院機構" };
	struct qi_table *t = qi_table_alloc(1, head, al);
	char *out;

	(void)state;
	qi_table_add(t, r1);
	out = render(t, 9);
	/* 9 cells: four wide characters (8) and the ellipsis (1). */
	assert_string_equal(out, "name\n---------\n独立行政…\n");
	free(out);
	qi_table_free(t);
}

/*
 * A cell never hands the terminal a control character: ESC, BEL, CR, LF,
 * tab, DEL and C1 in a name are shown as U+FFFD, one cell each, so the
 * columns still line up and no row is split.
 */
static void
test_control_characters_shown_as_replacement(void **state)
{
	const char *h[] = { "hospital", "n" };
	const enum qi_table_align a[] = { QI_TABLE_LEFT, QI_TABLE_RIGHT };
	const char *r1[] = { "N\x1b]0;x\x07\r\n\t\x7f\xc2\x9b" "1", "5" };
	const char *r2[] = { "N0000000001", "12" };
	struct qi_table *t = qi_table_alloc(2, h, a);
	char *out;
	const unsigned char *p;

	(void)state;
	qi_table_add(t, r1);
	qi_table_add(t, r2);
	out = render(t, 0);
	for (p = (const unsigned char *)out; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f ||
		    (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0))
			fail_msg("control character 0x%02x in\n%s", *p, out);
	assert_string_equal(out,
	    "hospital        n\n"
	    "-----------------\n"
	    "N\uFFFD]0;x\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD" "1   5\n"
	    "N0000000001    12\n");
	free(out);
	qi_table_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wide_characters_take_two_cells),
		cmocka_unit_test(test_columns_align_by_cells_not_bytes),
		cmocka_unit_test(test_long_cells_are_shortened_with_an_ellipsis),
		cmocka_unit_test(test_control_characters_shown_as_replacement),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
