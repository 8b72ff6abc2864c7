/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_items.c -- the 様式1 item table (defs/items.c) is the one the specs
 * state: every row of the table of specs/input.md section 7.7 names an
 * item of qi_items, in its order, with exactly the payloads it types (by
 * number and type), and the common items of specs/expressions.md section
 * 4 are qi_item_names (name, item, payload, type).
 *
 * SPEC: specs/input.md, specs/expressions.md
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

#include "items.h"

#define INPUT	QI_TEST_DATA "/../specs/input.md"
#define EXPRS	QI_TEST_DATA "/../specs/expressions.md"

static const char *
type_name(enum qi_ptype t)
{
	return t == QI_PT_NUMBER ? "number" : t == QI_PT_DATE ? "date" :
	    "code";
}

/* "1 生年月日 (birth date, date); 2 ..." of qi_items[i], as the spec writes it. */
static char *
payloads_of(size_t i)
{
	const struct qi_item_info *ii = &qi_items[i];
	GString *s = g_string_new(NULL);
	unsigned p;

	for (p = 0; p < QI_ITEM_PAYLOADS; p++)
		if (ii->p[p].type != QI_PT_NONE)
			g_string_append_printf(s, "%s%u %s (%s, %s)",
			    s->len > 0 ? "; " : "", p + 1, ii->p[p].ja,
			    ii->p[p].en, type_name(ii->p[p].type));
	return g_string_free(s, FALSE);
}

static void
test_input_md_lists_the_item_table(void **state)
{
	char *text, **lines;
	size_t i, n = 0;
	int in = 0;

	(void)state;
	assert_true(g_file_get_contents(INPUT, &text, NULL, NULL));
	lines = g_strsplit(text, "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		char **cell, *want;

		if (g_str_has_prefix(lines[i], "### 7.7 "))
			in = 1;
		else if (g_str_has_prefix(lines[i], "## "))
			in = 0;
		/* a row of the item table: "| A000010 | ..." */
		if (!in || !g_str_has_prefix(lines[i], "| ") ||
		    strlen(lines[i]) < 10 || lines[i][9] != ' ' ||
		    !g_ascii_isupper(lines[i][2]) ||
		    !g_ascii_isdigit(lines[i][8]))
			continue;
		cell = g_strsplit(lines[i], " | ", -1);
		assert_true(n < qi_nitems);
		assert_string_equal(cell[0] + 2, qi_items[n].code);
		want = payloads_of(n);
		if (want[0] == '\0')
			assert_true(g_str_has_prefix(cell[2], "none read"));
		else {
			g_strchomp(cell[2]);
			if (g_str_has_suffix(cell[2], " |"))
				cell[2][strlen(cell[2]) - 2] = '\0';
			assert_string_equal(cell[2], want);
		}
		g_free(want);
		g_strfreev(cell);
		n++;
	}
	assert_int_equal(n, qi_nitems);
	g_strfreev(lines);
	g_free(text);
}

static void
test_expressions_md_lists_the_common_items(void **state)
{
	char *text, **lines;
	size_t i, n = 0;

	(void)state;
	assert_true(g_file_get_contents(EXPRS, &text, NULL, NULL));
	lines = g_strsplit(text, "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		const struct qi_item_name *in;
		char **cell, *want;
		long k;

		/* "  | `discharge_to` | A000030, 2 | number | 退院先 |" */
		if (!g_str_has_prefix(lines[i], "  | `"))
			continue;
		cell = g_strsplit(lines[i] + 2, " | ", -1);
		assert_non_null(cell[1]);
		assert_non_null(cell[2]);
		cell[0][strlen(cell[0]) - 1] = '\0';
		in = qi_item_name_lookup(cell[0] + 3);
		if (in == NULL)
			fail_msg("%s is no common item", cell[0] + 3);
		assert_ptr_equal(in, &qi_item_names[n]);
		want = g_strdup_printf("%s, %u", in->code, in->payload);
		assert_string_equal(cell[1], want);
		k = qi_item_lookup(in->code, strlen(in->code));
		assert_true(k >= 0);
		assert_string_equal(cell[2],
		    type_name(qi_items[k].p[in->payload - 1].type));
		assert_int_not_equal(qi_items[k].p[in->payload - 1].type,
		    QI_PT_NONE);
		g_free(want);
		g_strfreev(cell);
		n++;
	}
	assert_int_equal(n, qi_nitem_names);
	g_strfreev(lines);
	g_free(text);
}

static void
test_item_codes_found_and_near_ones_suggested(void **state)
{
	(void)state;
	assert_int_equal(qi_item_lookup("A000030", 7), 2);
	assert_int_equal(qi_item_lookup("A00003", 6), -1);
	assert_int_equal(qi_item_lookup("Z999999", 7), -1);
	assert_string_equal(qi_item_nearest("A00030"), "A000030");
	assert_string_equal(qi_item_nearest("ADL010"), "ADL0010");
	assert_null(qi_item_nearest("XYZ"));
	/* keys are equal for equal codes only, and order codes as bytes */
	assert_true(qi_item_key("A000030", 7) == qi_item_key("A000030", 7));
	assert_true(qi_item_key("A000030", 7) < qi_item_key("A000031", 7));
	assert_true(qi_item_key("A000030", 7) < qi_item_key("ADL0010", 7));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_input_md_lists_the_item_table),
		cmocka_unit_test(test_expressions_md_lists_the_common_items),
		cmocka_unit_test(test_item_codes_found_and_near_ones_suggested),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
