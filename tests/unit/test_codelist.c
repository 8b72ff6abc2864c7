/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_codelist.c -- unit tests for codelist.c: loading code lists with
 * every error at its line and column, prefix matching against all lists
 * at once and against one list.
 *
 * SPEC: specs/expressions.md#code-lists
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "codelist.h"
#include "qi.h"
#include "fixture.h"

/* Load dir, expecting success. */
static struct qi_codeset *
load_ok(const char *dir)
{
	struct qi_diag *diag = qi_diag_alloc();
	struct qi_codeset *cs = NULL;

	if (qi_codeset_load(dir, &cs, diag) != QI_OK) {
		char *text = fixture_diag_text(diag);
		print_error("%s", text);
		g_free(text);
	}
	assert_non_null(cs);
	assert_int_equal(qi_diag_count(diag, QI_ERROR), 0);
	qi_diag_free(diag);
	return cs;
}

/* Load dir, expecting QI_EINPUT; returns the printed diagnostics. */
static char *
load_bad(const char *dir, size_t nerrors)
{
	struct qi_diag *diag = qi_diag_alloc();
	struct qi_codeset *cs = NULL;
	char *text;

	assert_int_equal(qi_codeset_load(dir, &cs, diag), QI_EINPUT);
	assert_null(cs);
	text = fixture_diag_text(diag);
	if (qi_diag_count(diag, QI_ERROR) != nerrors)
		print_error("%s", text);
	assert_int_equal(qi_diag_count(diag, QI_ERROR), nerrors);
	qi_diag_free(diag);
	return text;
}

static void
prefix_matches_longer_codes_and_itself_only(void **state)
{
	char *dir = fixture_dir();
	struct qi_codeset *cs;
	long k;

	(void)state;
	g_free(fixture_file(dir, "stroke.csv", "code,label\nI63*,infarct\n"));
	cs = load_ok(dir);
	k = qi_codeset_find(cs, "stroke");
	assert_int_equal(k, 0);
	assert_true(qi_codeset_has(cs, k, "I63"));
	assert_true(qi_codeset_has(cs, k, "I630"));
	assert_true(qi_codeset_has(cs, k, "I6390"));
	assert_false(qi_codeset_has(cs, k, "I6"));
	assert_false(qi_codeset_has(cs, k, "I64"));
	assert_false(qi_codeset_has(cs, k, "i630"));	/* case matters */
	assert_false(qi_codeset_has(cs, k, ""));
	assert_false(qi_codeset_has(cs, k, NULL));
	assert_false(qi_codeset_has(cs, 1, "I630"));	/* no such list */
	assert_false(qi_codeset_has(cs, -1, "I630"));
	qi_codeset_free(cs);
	fixture_rmdir(dir);
}

static void
exact_code_matches_only_itself(void **state)
{
	char *dir = fixture_dir();
	struct qi_codeset *cs;

	(void)state;
	g_free(fixture_file(dir, "a.csv", "code,label\nI630,x\n"));
	cs = load_ok(dir);
	assert_true(qi_codeset_has(cs, 0, "I630"));
	assert_false(qi_codeset_has(cs, 0, "I6300"));
	assert_false(qi_codeset_has(cs, 0, "I63"));
	qi_codeset_free(cs);
	fixture_rmdir(dir);
}

/*
 * 71 lists, so that bit sets take two words: list k (l00 .. l69) holds
 * the prefix "X<k>*" and the exact code "E<k>"; list 70 (z_exact) the
 * exact code X6, which is also a prefix of list 6.  Returns the folder.
 */
static char *
lists_of_two_words(void)
{
	char *dir = fixture_dir();
	char name[32], text[64];
	int k;

	for (k = 0; k < 70; k++) {
		snprintf(name, sizeof(name), "l%02d.csv", k);
		snprintf(text, sizeof(text), "code,label\nX%d*,p\nE%d,e\n", k,
		    k);
		g_free(fixture_file(dir, name, text));
	}
	g_free(fixture_file(dir, "z_exact.csv", "code,label\nX6,x\n"));
	return dir;
}

static void
match_sets_one_bit_per_list_across_words(void **state)
{
	char *dir = lists_of_two_words();
	struct qi_codeset *cs;
	uint64_t bits[2];

	(void)state;
	cs = load_ok(dir);
	assert_int_equal(qi_codeset_count(cs), 71);
	assert_int_equal(qi_codeset_words(cs), 2);
	assert_string_equal(qi_codeset_name(cs, 69), "l69");
	assert_int_equal(qi_codeset_find(cs, "z_exact"), 70);
	assert_int_equal(qi_codeset_find(cs, "l7"), -1);

	/* X65 starts with X6 and X65: lists 6 and 65, not the exact X6 */
	qi_codeset_match(cs, "X65", bits);
	assert_true(bits[0] == (uint64_t)1 << 6);
	assert_true(bits[1] == (uint64_t)1 << (65 - 64));
	/* X6 itself: prefix list 6 and exact list z_exact (70) */
	qi_codeset_match(cs, "X6", bits);
	assert_true(bits[0] == (uint64_t)1 << 6);
	assert_true(bits[1] == (uint64_t)1 << (70 - 64));
	qi_codeset_match(cs, "E69", bits);
	assert_true(bits[0] == 0 && bits[1] == (uint64_t)1 << 5);
	qi_codeset_match(cs, "E690", bits);	/* exact: no prefix */
	assert_true(bits[0] == 0 && bits[1] == 0);
	bits[0] = bits[1] = ~(uint64_t)0;	/* overwritten, not or-ed */
	qi_codeset_match(cs, "Q", bits);
	assert_true(bits[0] == 0 && bits[1] == 0);
	qi_codeset_match(cs, "X1234567890123456789", bits);	/* too long */
	assert_true(bits[0] == 0 && bits[1] == 0);
	qi_codeset_free(cs);
	fixture_rmdir(dir);
}

/*
 * The cache gives what matching gives, for codes (zero-padded) of every
 * length from 0 to 15, as its slots grow, and once it is full (more codes
 * than QI_CODECACHE_CODES: the rest matched uncached); then again, for
 * every code, from the cache.
 */
static void
cache_agrees_with_matching_as_it_grows_and_fills(void **state)
{
	char *dir = lists_of_two_words();
	struct qi_codeset *cs = load_ok(dir);
	struct qi_codecache *cc = qi_codecache_new(cs);
	size_t n = QI_CODECACHE_CODES + 5000, i, pass, checked = 0;
	char code[QI_CODE_MAX];
	uint64_t want[2], got[2];

	(void)state;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n; i++) {
			/* X and E codes in lists, others in none, lengths 1-15 */
			memset(code, 0, sizeof(code));
			snprintf(code, sizeof(code), "%c%zu", "XEQ"[i % 3],
			    i / 3);
			if (i % 7 == 0 || i == 1)
				memset(code, 0, sizeof(code));
			if (i % 7 == 0)	/* up to 15 characters */
				snprintf(code, sizeof(code), "X%zu%.*s", i % 70,
				    (int)(i % 13), "0000000000000");
			qi_codeset_match(cs, code, want);
			got[0] = got[1] = ~(uint64_t)0;
			qi_codecache_match(cc, code, got);
			assert_true(got[0] == want[0] && got[1] == want[1]);
			checked++;
		}
	assert_int_equal(checked, 2 * n);
	qi_codecache_free(cc);
	qi_codeset_free(cs);
	fixture_rmdir(dir);
}

/* Matching and has() agree on every code of a small alphabet. */
static void
match_agrees_with_has(void **state)
{
	char *dir = fixture_dir();
	struct qi_codeset *cs;
	const char *alpha = "I06";
	char code[5];
	uint64_t bits[1];
	size_t len, k, i, checked = 0;

	(void)state;
	g_free(fixture_file(dir, "a.csv", "code,label\nI0*,\nI60,\n"));
	g_free(fixture_file(dir, "b.csv", "code,label\nI6*,\nI00*,\n"));
	g_free(fixture_file(dir, "c.csv", "code,label\nI606,\n"));
	cs = load_ok(dir);
	for (len = 1; len <= 4; len++) {
		size_t n = 1;

		for (i = 0; i < len; i++)
			n *= 3;
		for (i = 0; i < n; i++) {
			size_t v = i, j;

			for (j = 0; j < len; j++, v /= 3)
				code[j] = alpha[v % 3];
			code[len] = '\0';
			qi_codeset_match(cs, code, bits);
			for (k = 0; k < 3; k++) {
				int pre = 0;

				assert_int_equal(qi_bits_has(bits, k),
				    qi_codeset_has(cs, (long)k, code));
				/* the rule, written out */
				if (k == 0)
					pre = strncmp(code, "I0", 2) == 0 ||
					    strcmp(code, "I60") == 0;
				else if (k == 1)
					pre = strncmp(code, "I6", 2) == 0 ||
					    strncmp(code, "I00", 3) == 0;
				else
					pre = strcmp(code, "I606") == 0;
				assert_int_equal(qi_bits_has(bits, k), pre);
				checked++;
			}
		}
	}
	assert_int_equal(checked, 3 * (3 + 9 + 27 + 81));
	qi_codeset_free(cs);
	fixture_rmdir(dir);
}

static void
every_error_of_every_file_is_located(void **state)
{
	char *dir = fixture_dir();
	char *text;

	(void)state;
	g_free(fixture_file(dir, "a.csv",
	    "code,label\n"
	    "I6*3,bad wildcard\n"		/* line 2 */
	    "*,lone star\n"			/* 3 */
	    "I63.9,dot\n"			/* 4 */
	    "I630,ok\n"				/* 5 */
	    "x,\"I630\"\n"			/* 6: label only, fine */
	    "I630,dup\n"			/* 7 */
	    ",empty\n"				/* 8 */
	    "A1234567890123456,long\n"		/* 9 */
	    "I 63,space\n"));			/* 10 */
	g_free(fixture_file(dir, "Bad-Name.csv", "code,label\nI63,x\n"));
	g_free(fixture_file(dir, "empty.csv", "code,label\n"));
	g_free(fixture_file(dir, "and.csv", "code,label\nI63,x\n"));
	g_free(fixture_file(dir, "nolabel.csv", "code\nI63\n"));
	g_free(fixture_file(dir, "README.md", "not a list\n"));
	g_free(fixture_file(dir, "wide.csv", "code,label\n\xef\xbc\xa9" "63,x\n"));
	text = load_bad(dir, 12);
	assert_non_null(strstr(text, "a.csv:2:1: error: bad wildcard in "
	    "code 'I6*3'"));
	assert_non_null(strstr(text, "'*' may only end a code"));
	assert_non_null(strstr(text, "a.csv:3:1: error: bad wildcard: '*' "
	    "without a prefix"));
	assert_non_null(strstr(text, "a.csv:4:1: error: bad character '.' "
	    "in code 'I63.9'"));
	assert_non_null(strstr(text, "without the dot"));
	assert_non_null(strstr(text, "a.csv:7:1: error: duplicate code "
	    "'I630' (also on line 5)"));
	assert_non_null(strstr(text, "a.csv:8:1: error: empty code"));
	assert_non_null(strstr(text, "a.csv:9:1: error: code "
	    "'A1234567890123456' is too long"));
	assert_non_null(strstr(text, "a.csv:10:1: error: space in code"));
	assert_non_null(strstr(text, "Bad-Name.csv: error: bad code list "
	    "file name 'Bad-Name.csv'"));
	assert_non_null(strstr(text, "empty.csv:1:1: error: code list has "
	    "no codes"));
	assert_non_null(strstr(text, "and.csv: error: code list name 'and' "
	    "is a reserved word"));
	assert_non_null(strstr(text, "nolabel.csv:1:1: error: missing "
	    "column 'label'"));
	assert_non_null(strstr(text, "wide.csv:2:1: error: bad character in "
	    "code"));
	assert_null(strstr(text, "README"));
	g_free(text);
	fixture_rmdir(dir);
}

/* Code lists are UTF-8 only: a CP932 label is an error with a hint. */
static void
cp932_list_is_an_error(void **state)
{
	char *dir = fixture_dir();
	char *text;

	(void)state;
	/* "脳梗塞" in CP932 */
	g_free(fixture_file(dir, "stroke.csv",
	    "code,label\nI63*,\x94\x5d\x8d\x5b\x8d\xc7\n"));
	text = load_bad(dir, 1);
	assert_non_null(strstr(text, "stroke.csv:2:6: error: invalid UTF-8"));
	assert_non_null(strstr(text, "UTF-8"));
	g_free(text);
	fixture_rmdir(dir);
}

static void
missing_folder_is_a_system_error(void **state)
{
	struct qi_diag *diag = qi_diag_alloc();
	struct qi_codeset *cs = (struct qi_codeset *)diag;

	(void)state;
	assert_int_equal(qi_codeset_load("/nonexistent/qi/codes", &cs, diag),
	    QI_ESYS);
	assert_null(cs);
	assert_int_equal(qi_diag_count(diag, QI_ERROR), 1);
	qi_diag_free(diag);
}

static void
no_codeset_matches_nothing(void **state)
{
	uint64_t bits[1] = { 7 };

	(void)state;
	assert_int_equal(qi_codeset_count(NULL), 0);
	assert_int_equal(qi_codeset_words(NULL), 1);
	assert_int_equal(qi_codeset_find(NULL, "x"), -1);
	assert_null(qi_codeset_name(NULL, 0));
	qi_codeset_match(NULL, "I63", bits);
	assert_true(bits[0] == 0);
	qi_codeset_free(NULL);
}

/* The shipped lists load without error. */
static void
shipped_lists_load(void **state)
{
	struct qi_codeset *cs;

	(void)state;
	cs = load_ok(QI_TEST_DATA "/../indicators/codes");
	assert_true(qi_codeset_count(cs) > 10);
	assert_true(qi_codeset_find(cs, "stroke_infarct") >= 0);
	qi_codeset_free(cs);
}

/*
 * Not a timed test: prints how many codes per second match against the
 * shipped lists, for the record (see specs/expressions.md, "Speed").
 */
static void
match_speed_is_reported(void **state)
{
	static const char *const codes[] = { "I639", "I630", "J690",
	    "620000001", "190101770", "3399007F1020", "K5461", "C189",
	    "160000410", "H001" };
	struct qi_codeset *cs;
	uint64_t bits[4], acc = 0;
	struct timespec t0, t1;
	size_t i, n = 2000000;
	double s;

	(void)state;
	cs = load_ok(QI_TEST_DATA "/../indicators/codes");
	assert_true(qi_codeset_words(cs) <= 4);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		qi_codeset_match(cs, codes[i % 10], bits);
		acc += bits[0] != 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec -
	    t0.tv_nsec);
	fprintf(stderr, "codelist: %.1f million matches per second "
	    "(%zu lists; %llu of %zu codes in some list)\n",
	    (double)n / s / 1e6, qi_codeset_count(cs),
	    (unsigned long long)acc, n);
	qi_codeset_free(cs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prefix_matches_longer_codes_and_itself_only),
		cmocka_unit_test(exact_code_matches_only_itself),
		cmocka_unit_test(match_sets_one_bit_per_list_across_words),
		cmocka_unit_test(match_agrees_with_has),
		cmocka_unit_test(
		    cache_agrees_with_matching_as_it_grows_and_fills),
		cmocka_unit_test(every_error_of_every_file_is_located),
		cmocka_unit_test(cp932_list_is_an_error),
		cmocka_unit_test(missing_folder_is_a_system_error),
		cmocka_unit_test(no_codeset_matches_nothing),
		cmocka_unit_test(shipped_lists_load),
		cmocka_unit_test(match_speed_is_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
