/*
 * test_definition.c -- definition files: the shipped ones load; every kind
 * of mistake is reported with file:line:col, all of them in one run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "qi.h"
#include "fixture.h"

static const char good[] =
    "id: %s\n"
    "version: 2\n"
    "title:\n"
    "  ja: 急性期脳梗塞患者に対する早期リハビリテーション開始率\n"
    "  en: Early rehabilitation\n"
    "numerator:\n"
    "  ja: 分子\n"
    "  en: numerator\n"
    "denominator:\n"
    "  ja: 分母\n"
    "  en: denominator\n"
    "source: DPC 様式1\n"
    "unit: percent\n"
    "direction: higher_is_better\n"
    "statistics:\n"
    "  method: wilson\n"
    "  level: 0.95\n"
    "publication:\n"
    "  min_denominator: 10\n";

/* Load dir; return the printed diagnostics (g_free) and the status. */
static char *
load(const char *dir, struct qi_defset **set, enum qi_err *rc)
{
	struct qi_diag *d = qi_diag_alloc();
	char *text;

	*rc = qi_defset_load(dir, set, d);
	text = fixture_diag_text(d);
	qi_diag_free(d);
	return text;
}

static void
test_definition_shipped_indicators_load(void **state)
{
	struct qi_defset *set;
	enum qi_err rc;
	char *text;
	size_t i;

	(void)state;
	text = load(QI_SOURCE_DIR "/indicators", &set, &rc);
	assert_string_equal(text, "");
	assert_int_equal(rc, QI_OK);
	assert_true(set->n >= 5);
	for (i = 0; i < set->n; i++) {
		assert_non_null(set->v[i].title.ja);
		assert_non_null(set->v[i].title.en);
		assert_true(set->v[i].level > 0 && set->v[i].level < 1);
		assert_true(set->v[i].min_denominator >= 1);
		assert_int_equal(strlen(set->v[i].sha256), 64);
		if (i > 0)
			assert_true(strcmp(set->v[i - 1].id, set->v[i].id) < 0);
	}
	qi_defset_free(set);
	g_free(text);
}

static void
test_definition_fields_are_read(void **state)
{
	struct qi_defset *set;
	enum qi_err rc;
	char *dir = fixture_dir(), *body, *path, *text;

	(void)state;
	body = g_strdup_printf(good, "early_rehab");
	path = fixture_file(dir, "early_rehab.yaml", body);
	text = load(dir, &set, &rc);
	assert_int_equal(rc, QI_OK);
	assert_int_equal(set->n, 1);
	assert_string_equal(set->v[0].id, "early_rehab");
	assert_int_equal(set->v[0].version, 2);
	assert_string_equal(set->v[0].title.en, "Early rehabilitation");
	assert_int_equal(set->v[0].unit, QI_UNIT_PERCENT);
	assert_int_equal(set->v[0].direction, QI_HIGHER_BETTER);
	assert_int_equal(set->v[0].method, QI_CI_WILSON);
	assert_true(set->v[0].level == 0.95);
	assert_int_equal(set->v[0].min_denominator, 10);
	assert_int_equal(set->v[0].min_numerator, 0);
	assert_null(set->v[0].exclusions.ja);
	qi_defset_free(set);
	g_free(text);
	g_free(path);
	g_free(body);
	fixture_rmdir(dir);
}

/*
 * One file with an unknown key, a misspelt enum value, a wrong type and a
 * missing field, and a second file with a syntax error: every one is
 * reported, with its position, and nothing is returned.
 */
static void
test_definition_reports_every_error_of_every_file(void **state)
{
	struct qi_defset *set = (void *)1;
	enum qi_err rc;
	char *dir = fixture_dir(), *p1, *p2, *text;

	(void)state;
	p1 = fixture_file(dir, "a.yaml",
	    "id: a\n"
	    "version: one\n"
	    "title:\n"
	    "  ja: 題\n"
	    "  en: Title\n"
	    "numerator:\n"
	    "  ja: 分子\n"
	    "  en: numerator\n"
	    "denominator:\n"
	    "  ja: 分母\n"
	    "source: DPC\n"
	    "unit: percent\n"
	    "direction: higher_is_beter\n"
	    "statistcs:\n"
	    "  method: wilson\n"
	    "  level: 0.95\n"
	    "publication:\n"
	    "  min_denominator: 10\n");
	p2 = fixture_file(dir, "b.yaml", "id: b\ntitle: [unclosed\n");
	text = load(dir, &set, &rc);
	assert_int_equal(rc, QI_EINPUT);
	assert_null(set);
	/* wrong type, with line and column of the value */
	assert_non_null(strstr(text, "a.yaml:2:10: error: 'version' must be "
	    "an integer, not 'one'"));
	/* missing nested field, at the mapping */
	assert_non_null(strstr(text, "a.yaml:10:3: error: missing field "
	    "'denominator.en'"));
	/* misspelt enum value with a suggestion */
	assert_non_null(strstr(text, "a.yaml:13:12: error: 'direction' has "
	    "no value 'higher_is_beter'"));
	assert_non_null(strstr(text, "hint: did you mean 'higher_is_better'?"));
	/* unknown key with a suggestion */
	assert_non_null(strstr(text, "a.yaml:14:1: error: unknown key "
	    "'statistcs'"));
	assert_non_null(strstr(text, "hint: did you mean 'statistics'?"));
	/* the missing top-level field that the typo left out */
	assert_non_null(strstr(text, "a.yaml:1:1: error: missing field "
	    "'statistics'"));
	/* and the second file's syntax error */
	assert_non_null(strstr(text, "b.yaml:3:1: error: YAML syntax"));
	g_free(text);
	g_free(p1);
	g_free(p2);
	fixture_rmdir(dir);
}

static void
test_definition_rejects_out_of_range_and_duplicates(void **state)
{
	struct qi_defset *set;
	enum qi_err rc;
	char *dir = fixture_dir(), *body, *p, *text;

	(void)state;
	body = g_strdup_printf(good, "x");
	/* level 1.5, min_denominator 0, a duplicate key */
	{
		GString *s = g_string_new(body);
		g_string_replace(s, "level: 0.95", "level: 1.5", 1);
		g_string_replace(s, "min_denominator: 10",
		    "min_denominator: 0", 1);
		g_string_append(s, "unit: percent\n");
		g_free(body);
		body = g_string_free(s, FALSE);
	}
	p = fixture_file(dir, "x.yaml", body);
	text = load(dir, &set, &rc);
	assert_int_equal(rc, QI_EINPUT);
	assert_non_null(strstr(text, "x.yaml:17:10: error: 'statistics.level'"
	    " is 1.5; it must lie strictly between 0 and 1"));
	assert_non_null(strstr(text, "x.yaml:19:20: error: "
	    "'publication.min_denominator' is 0"));
	assert_non_null(strstr(text, "x.yaml:20:1: error: duplicate key "
	    "'unit'"));
	g_free(text);
	g_free(p);
	g_free(body);
	fixture_rmdir(dir);
}

static void
test_definition_id_must_match_file_name(void **state)
{
	struct qi_defset *set;
	enum qi_err rc;
	char *dir = fixture_dir(), *body, *p, *text;

	(void)state;
	body = g_strdup_printf(good, "other");
	p = fixture_file(dir, "mine.yaml", body);
	text = load(dir, &set, &rc);
	assert_int_equal(rc, QI_EINPUT);
	assert_non_null(strstr(text, "mine.yaml:1:5: error: id 'other' does "
	    "not match the file name 'mine.yaml'"));
	g_free(text);
	g_free(p);
	g_free(body);
	fixture_rmdir(dir);
}

static void
test_definition_wrong_shape_is_reported(void **state)
{
	struct qi_defset *set;
	enum qi_err rc;
	char *dir = fixture_dir(), *body, *p, *text;

	(void)state;
	body = g_strdup_printf(good, "s");
	{
		GString *s = g_string_new(body);
		g_string_replace(s, "title:\n  ja: 急性期脳梗塞患者に対する早期"
		    "リハビリテーション開始率\n  en: Early rehabilitation\n",
		    "title: just text\n", 1);
		g_string_replace(s, "source: DPC 様式1", "source: [a, b]", 1);
		g_free(body);
		body = g_string_free(s, FALSE);
	}
	p = fixture_file(dir, "s.yaml", body);
	text = load(dir, &set, &rc);
	assert_int_equal(rc, QI_EINPUT);
	assert_non_null(strstr(text, "s.yaml:3:8: error: 'title' must be a "
	    "mapping, not a scalar"));
	assert_non_null(strstr(text, "error: 'source' must be a single value,"
	    " not a list"));
	g_free(text);
	g_free(p);
	g_free(body);
	fixture_rmdir(dir);
}

/* A definition saved as CP932 is refused with a hint to save as UTF-8. */
static void
test_definition_not_utf8_is_reported(void **state)
{
	struct qi_defset *set;
	enum qi_err rc;
	char *dir = fixture_dir(), *p, *text;

	(void)state;
	/* "題" in CP932 is 0x91 0xE8 */
	p = fixture_file(dir, "sj.yaml", "id: sj\ntitle:\n  ja: \x91\xE8\n");
	text = load(dir, &set, &rc);
	assert_int_equal(rc, QI_EINPUT);
	assert_non_null(strstr(text, "sj.yaml:3:7: error: YAML syntax: "
	    "invalid leading UTF-8 octet"));
	assert_non_null(strstr(text, "hint: save the definition as UTF-8"));
	g_free(text);
	g_free(p);
	fixture_rmdir(dir);
}

static void
test_definition_empty_folder_is_an_error(void **state)
{
	struct qi_defset *set;
	enum qi_err rc;
	char *dir = fixture_dir(), *text;

	(void)state;
	text = load(dir, &set, &rc);
	assert_int_equal(rc, QI_EINPUT);
	assert_non_null(strstr(text, "no definitions"));
	g_free(text);
	fixture_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_definition_shipped_indicators_load),
		cmocka_unit_test(test_definition_fields_are_read),
		cmocka_unit_test(test_definition_reports_every_error_of_every_file),
		cmocka_unit_test(test_definition_rejects_out_of_range_and_duplicates),
		cmocka_unit_test(test_definition_id_must_match_file_name),
		cmocka_unit_test(test_definition_wrong_shape_is_reported),
		cmocka_unit_test(test_definition_not_utf8_is_reported),
		cmocka_unit_test(test_definition_empty_folder_is_an_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
