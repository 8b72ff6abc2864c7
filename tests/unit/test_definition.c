/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_definition.c -- definition files: the shipped ones load; every kind
 * of mistake is reported with file:line:col, all of them in one run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>

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
	text = load(QI_TEST_DATA "/../indicators", &set, &rc);
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

/* Load one definition: good + extra; returns the diagnostics text. */
static char *
load_with(const char *dir, const char *id, const char *extra,
    struct qi_defset **set, enum qi_err *rc)
{
	char *body = g_strdup_printf(good, id), *all, *name, *p;

	all = g_strconcat(body, extra, NULL);
	name = g_strconcat(id, ".yaml", NULL);
	p = fixture_file(dir, name, all);
	g_free(p);
	g_free(name);
	g_free(all);
	g_free(body);
	return load(dir, set, rc);
}

/*
 * funnel: absent gives qi_funnelcfg_defaults(); given, its method,
 * overdispersion and target (an organisation code kept as text, a number
 * as the fixed target).
 */
static void
test_definition_funnel_key_is_read(void **state)
{
	struct qi_defset *set;
	struct qi_funnelcfg dflt;
	enum qi_err rc;
	char *dir = fixture_dir(), *text;

	(void)state;
	qi_funnelcfg_defaults(&dflt);
	text = load_with(dir, "f", "", &set, &rc);
	assert_int_equal(rc, QI_OK);
	assert_non_null(set->v[0].funnel);
	assert_int_equal(set->v[0].funnel->method, dflt.method);
	assert_int_equal(set->v[0].funnel->od, dflt.od);
	assert_int_equal(set->v[0].funnel->target_org, -1);
	assert_true(isnan(set->v[0].funnel->target));
	assert_null(set->v[0].funnel_target_org);
	assert_true(set->v[0].funnel->outer == dflt.outer);
	assert_int_equal(set->v[0].ratio_method, QI_RATE_HYBRID);
	qi_defset_free(set);
	g_free(text);

	text = load_with(dir, "f", "funnel: {method: wilson, overdispersion: "
	    "additive, target: JOHAS}\n", &set, &rc);
	assert_int_equal(rc, QI_OK);
	assert_int_equal(set->v[0].funnel->method, QI_FUNNEL_WILSON);
	assert_int_equal(set->v[0].funnel->od, QI_OD_ADDITIVE);
	assert_string_equal(set->v[0].funnel_target_org, "JOHAS");
	assert_int_equal(set->v[0].funnel->target_org, -1);
	qi_defset_free(set);
	g_free(text);

	text = load_with(dir, "f", "funnel:\n  target: 0.25\n", &set, &rc);
	assert_int_equal(rc, QI_OK);
	assert_true(set->v[0].funnel->target == 0.25);
	assert_int_equal(set->v[0].funnel->method, QI_FUNNEL_EXACT);
	assert_null(set->v[0].funnel_target_org);
	qi_defset_free(set);
	g_free(text);
	fixture_rmdir(dir);
}

/* Misspelt words and keys, a proportion's target above 1: each placed. */
static void
test_definition_funnel_errors_are_placed(void **state)
{
	struct qi_defset *set;
	enum qi_err rc;
	char *dir = fixture_dir(), *text;

	(void)state;
	text = load_with(dir, "g", "funnel:\n  method: exakt\n"
	    "  overdispersion: multiplikative\n  target: al\n"
	    "  trget: 1\n", &set, &rc);
	assert_int_equal(rc, QI_EINPUT);
	assert_null(set);
	assert_non_null(strstr(text, "g.yaml:21:11: error: 'funnel.method' "
	    "has no value 'exakt'"));
	assert_non_null(strstr(text, "did you mean 'exact'?"));
	assert_non_null(strstr(text, "g.yaml:22:19: error: "
	    "'funnel.overdispersion' has no value 'multiplikative'"));
	assert_non_null(strstr(text, "did you mean 'multiplicative'?"));
	assert_non_null(strstr(text, "g.yaml:23:11: error: 'funnel.target' "
	    "has no value 'al'"));
	assert_non_null(strstr(text, "did you mean 'all'?"));
	assert_non_null(strstr(text, "g.yaml:24:3: error: unknown key "
	    "'funnel.trget'"));
	assert_non_null(strstr(text, "did you mean 'target'?"));
	g_free(text);

	text = load_with(dir, "g", "funnel: {target: 12.5}\n", &set, &rc);
	assert_int_equal(rc, QI_EINPUT);
	assert_non_null(strstr(text, "g.yaml:20:18: error: 'funnel.target' "
	    "is 12.5"));
	assert_non_null(strstr(text, "not percent"));
	g_free(text);
	text = load_with(dir, "g", "funnel: {target: [1]}\n", &set, &rc);
	assert_int_equal(rc, QI_EINPUT);
	assert_non_null(strstr(text, "'funnel.target' must be a single "
	    "value"));
	g_free(text);
	text = load_with(dir, "g", "risk_model:\n  ratio_method: bayr\n"
	    "  covariates: [{name: old, when: age >= 75}]\n", &set, &rc);
	assert_int_equal(rc, QI_EINPUT);
	assert_non_null(strstr(text, "'risk_model.ratio_method' has no "
	    "value 'bayr'"));
	assert_non_null(strstr(text, "did you mean 'byar'?"));
	g_free(text);
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


/*
 * A definitions folder with codes/stroke.csv (I63*) and the file ID.yaml
 * made of fmt with ID for its "%s".
 */
static char *
patient_dir(const char *id, const char *fmt, char **codes_dir)
{
	char *dir = fixture_dir(), *name, *body;

	*codes_dir = g_build_filename(dir, "codes", NULL);
	g_mkdir(*codes_dir, 0777);
	g_free(fixture_file(*codes_dir, "stroke.csv",
	    "icd10,label\nI63*,cerebral infarction\n"));
	name = g_strconcat(id, ".yaml", NULL);
	body = g_strdup_printf(fmt, id);
	g_free(fixture_file(dir, name, body));
	g_free(body);
	g_free(name);
	return dir;
}

static void
patient_rmdir(char *dir, char *codes_dir)
{
	fixture_rmdir(codes_dir);
	fixture_rmdir(dir);
}

static const char patient_head[] =
    "id: %s\n"
    "version: 3\n"
    "effective: FY2016\n"
    "title: {ja: 題, en: Title}\n"
    "source: DPC\n"
    "unit: per_mille\n"
    "direction: lower_is_better\n"
    "publication: {min_denominator: 10}\n";

/*
 * The patient-level keys: kind, effective, exclusions in order, numerator
 * value, exposure, a variant that takes the definition's exclusions and
 * numerator but its own denominator, covariates; the rate method.
 */
static void
test_definition_patient_level_keys_are_read(void **state)
{
	struct qi_defset *set;
	const struct qi_indicator *ind;
	const struct qi_rule *v;
	enum qi_err rc;
	char *codes, *dir, *body, *text;

	(void)state;
	body = g_strdup_printf("%s"
	    "kind: rate\n"
	    "statistics: {method: byar, level: 0.9}\n"
	    "denominator:\n"
	    "  ja: 分母\n"
	    "  en: den\n"
	    "  when: dx_main in stroke and age >= 18\n"
	    "  exclusions:\n"
	    "    - {name: died, ja: 死亡, en: died, when: \"outcome in (6, 7)\"}\n"
	    "    - name: short\n"
	    "      ja: 短期\n"
	    "      en: short\n"
	    "      when: los <= 1\n"
	    "numerator:\n"
	    "  ja: 分子\n"
	    "  en: num\n"
	    "  value: falls\n"
	    "exposure: {ja: 延べ入院日数, en: Patient-days, value: los}\n"
	    "variants:\n"
	    "  older:\n"
	    "    ja: 旧\n"
	    "    en: old\n"
	    "    denominator: {when: dx_main in stroke}\n", patient_head);
	dir = patient_dir("falls", body, &codes);
	text = load(dir, &set, &rc);
	assert_string_equal(text, "");
	assert_int_equal(rc, QI_OK);
	ind = &set->v[0];
	assert_int_equal(ind->kind, QI_KIND_RATE);
	assert_int_equal(ind->rate_method, QI_RATE_BYAR);
	assert_true(ind->has_effective);
	assert_int_equal(ind->effective.fy, 2016);
	assert_int_equal(ind->effective.q, 0);
	assert_true(ind->has_rule);
	assert_int_equal(ind->rule.nexcl, 2);
	assert_string_equal(ind->rule.excl[0].name, "died");
	assert_string_equal(ind->rule.excl[1].name, "short");
	assert_non_null(ind->rule.excl[1].when.x);
	assert_null(ind->rule.num_when.src);
	assert_string_equal(ind->rule.num_value.src, "falls");
	assert_string_equal(ind->exposure.en, "Patient-days");
	assert_non_null(ind->exposure_value.x);
	assert_int_equal(ind->nvariants, 1);
	assert_int_equal(qi_variant_find(ind, "older"), 0);
	assert_int_equal(qi_variant_find(ind, "newer"), -1);
	v = qi_indicator_rule(ind, 1);
	assert_string_equal(v->den_when.src, "dx_main in stroke");
	assert_int_equal(v->nexcl, 2);	/* inherited */
	assert_string_equal(v->excl[0].when.src, "outcome in (6, 7)");
	assert_string_equal(v->num_value.src, "falls");
	assert_non_null(v->num_value.x);
	qi_defset_free(set);
	g_free(text);
	g_free(body);
	patient_rmdir(dir, codes);
}

/* A proportion with a risk model, up to its key (after patient_head). */
static const char risk_head[] =
    "kind: proportion\n"
    "statistics: {method: wilson, level: 0.95}\n"
    "denominator: {ja: 分母, en: den, when: age >= 18}\n"
    "numerator: {ja: 分子, en: num, when: outcome == 6}\n"
    "risk_model:\n";
/* Its two flags, after one more key of risk_model. */
static const char risk_flags[] =
    "  covariates:\n"
    "    - {name: old, when: age >= 75}\n"
    "    - {name: emerg, when: emergency}\n";

/*
 * risk_model.reference: fiscal years or quarters FROM..TO, a year from
 * its first quarter to its last.
 */
static void
test_definition_risk_reference_is_read(void **state)
{
	struct qi_defset *set;
	const struct qi_indicator *ind;
	enum qi_err rc;
	char *codes, *dir, *body, *text;

	(void)state;
	body = g_strdup_printf("%s%s  reference: FY2023..fy2024q2\n%s",
	    patient_head, risk_head, risk_flags);
	dir = patient_dir("rm", body, &codes);
	text = load(dir, &set, &rc);
	assert_string_equal(text, "");
	assert_int_equal(rc, QI_OK);
	ind = &set->v[0];
	assert_int_equal(ind->ncovariates, 2);
	assert_string_equal(ind->covariates[1].name, "emerg");
	assert_int_equal(ind->ref_from.fy, 2023);
	assert_int_equal(ind->ref_from.q, 1);
	assert_int_equal(ind->ref_to.fy, 2024);
	assert_int_equal(ind->ref_to.q, 2);
	assert_null(ind->risk_coef);
	qi_defset_free(set);
	g_free(text);
	g_free(body);
	patient_rmdir(dir, codes);
}

/*
 * risk_model.coefficients: the rows of the indicator in a file beside
 * the definition, read in the model's term order; other indicators'
 * rows are passed over.
 */
static void
test_definition_risk_coefficients_are_loaded(void **state)
{
	struct qi_defset *set;
	const struct qi_indicator *ind;
	enum qi_err rc;
	char *codes, *dir, *body, *text;

	(void)state;
	body = g_strdup_printf("%s%s  coefficients: c.csv\n%s",
	    patient_head, risk_head, risk_flags);
	dir = patient_dir("rm", body, &codes);
	g_free(fixture_file(dir, "c.csv", "indicator,version,reference,term,"
	    "coefficient,se,stays,events\n"
	    "other,1,FY2024,(intercept),9,1,10,2\n"
	    "rm,3,FY2022..FY2024,(intercept),-2.5,0.25,1200,96\n"
	    "rm,3,FY2022..FY2024,old,1.25,0.5,1200,96\n"
	    "rm,3,FY2022..FY2024,emerg,0.75,,1200,96\n"));
	text = load(dir, &set, &rc);
	assert_string_equal(text, "");
	assert_int_equal(rc, QI_OK);
	ind = &set->v[0];
	assert_non_null(ind->risk_coef);
	assert_int_equal(ind->risk_coef->p, 3);
	assert_string_equal(ind->risk_coef->reference, "FY2022..FY2024");
	assert_true(ind->risk_coef->beta[0] == -2.5);
	assert_true(ind->risk_coef->beta[2] == 0.75);
	assert_true(ind->risk_coef->se[1] == 0.5);
	assert_true(isnan(ind->risk_coef->se[2]));
	assert_true(ind->risk_coef->stays == 1200.0);
	assert_true(ind->risk_coef->events == 96.0);
	qi_defset_free(set);
	g_free(text);
	g_free(body);
	patient_rmdir(dir, codes);
}

/*
 * A coefficients file that does not fit the model: every problem at its
 * line and column, and nothing loaded.
 */
static void
test_definition_risk_coefficients_errors_are_placed(void **state)
{
	struct qi_defset *set = (void *)1;
	enum qi_err rc;
	char *codes, *dir, *body, *text;

	(void)state;
	body = g_strdup_printf("%s%s  coefficients: c.csv\n%s",
	    patient_head, risk_head, risk_flags);
	dir = patient_dir("rm", body, &codes);
	g_free(fixture_file(dir, "c.csv", "indicator,reference,term,"
	    "coefficient,se\n"
	    "rm,FY2024,(intercept),-2.5,x\n"
	    "rm,FY2024,emerg,1.25,0.5\n"
	    "rm,FY2023,old,0.75,\n"
	    "rm,FY2024,old,1e999,\n"));
	text = load(dir, &set, &rc);
	assert_int_equal(rc, QI_EINPUT);
	assert_null(set);
	assert_non_null(strstr(text, "c.csv:2:28: error: bad standard error "
	    "'x'"));
	assert_non_null(strstr(text, "c.csv:3:11: error: term 'emerg' where "
	    "the model has 'old'"));
	assert_non_null(strstr(text, "c.csv:4:4: error: a second model of "
	    "'rm' (FY2023; the first is FY2024)"));
	assert_non_null(strstr(text, "c.csv:5:11: error: term 'old' where "
	    "the model has 'emerg'"));
	g_free(text);
	g_free(body);
	patient_rmdir(dir, codes);
}

/*
 * Covariates beyond flags: a whole number with its stated range (values
 * beyond count at the ends) and a category with a reference level; their
 * terms, design rows and patterns.
 */
static void
test_definition_risk_numeric_covariates_are_read(void **state)
{
	struct qi_defset *set;
	const struct qi_indicator *ind;
	const struct qi_covariate *c;
	enum qi_err rc;
	char *codes, *dir, *body, *text, **terms;
	double x[6];
	long vals[3] = { 50, 3, 1 };
	unsigned long d;
	size_t p;

	(void)state;
	body = g_strdup_printf("%s%s"
	    "  covariates:\n"
	    "    - {name: age, value: age, min: 18, max: 100}\n"
	    "    - {name: killip, value: killip, min: 1, max: 4, reference: 2}\n"
	    "    - {name: male, when: sex == 1}\n", patient_head, risk_head);
	dir = patient_dir("rm", body, &codes);
	text = load(dir, &set, &rc);
	assert_string_equal(text, "");
	assert_int_equal(rc, QI_OK);
	ind = &set->v[0];
	c = ind->covariates;
	assert_int_equal(c[0].kind, QI_COVAR_INTEGER);
	assert_int_equal(c[1].kind, QI_COVAR_CATEGORY);
	assert_int_equal(c[2].kind, QI_COVAR_FLAG);
	assert_int_equal(c[0].nval, 83);
	assert_int_equal(c[1].mult, 83);
	assert_int_equal(c[2].mult, 332);
	terms = qi_risk_terms(ind, &p);
	assert_int_equal(p, 6);
	assert_string_equal(terms[2], "killip=1");
	assert_string_equal(terms[3], "killip=3");
	assert_string_equal(terms[5], "male");
	g_strfreev(terms);
	/* age 50, Killip 3, male: the pattern and its design row */
	assert_int_equal(qi_risk_pattern(ind, vals), 32 + 2 * 83 + 332);
	qi_risk_row(ind, 32 + 2 * 83 + 332, x);
	assert_true(x[0] == 1 && x[1] == 50 && x[2] == 0 && x[3] == 1 &&
	    x[4] == 0 && x[5] == 1);
	/* ages beyond the range count at its ends; a category has no such */
	assert_int_equal(qi_risk_digit(&c[0], 10.0, &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(qi_risk_digit(&c[0], 120.0, &d), 0);
	assert_int_equal(d, 82);
	assert_int_equal(qi_risk_digit(&c[0], NAN, &d), -1);
	assert_int_equal(qi_risk_digit(&c[0], 50.5, &d), -1);
	assert_int_equal(qi_risk_digit(&c[1], 5.0, &d), -1);
	assert_int_equal(qi_risk_digit(&c[2], NAN, &d), 0);
	assert_int_equal(d, 0);
	qi_defset_free(set);
	g_free(text);
	g_free(body);
	patient_rmdir(dir, codes);
}

/*
 * Covariates that do not say what they are, or whose levels make more
 * patterns than a model may have: every error at its place.
 */
static void
test_definition_risk_covariate_ranges_are_checked(void **state)
{
	struct qi_defset *set = (void *)1;
	enum qi_err rc;
	char *codes, *dir, *body, *text;

	(void)state;
	body = g_strdup_printf("%s%s"
	    "  covariates:\n"
	    "    - {name: a, value: age}\n"
	    "    - {name: b, when: sex == 1, min: 0, max: 1}\n"
	    "    - {name: c}\n"
	    "    - {name: d, value: age, min: 10, max: 5}\n"
	    "    - {name: e, value: killip, min: 1, max: 4, reference: 7}\n"
	    "    - {name: f, value: age, min: 0, max: 1200}\n"
	    "    - {name: g, value: jcs, min: 0, max: 999}\n"
	    "    - {name: h, charlson: quan2011, when: age > 1}\n"
	    "    - {name: i, charlson: quan2012}\n", patient_head,
	    risk_head);
	dir = patient_dir("rm", body, &codes);
	text = load(dir, &set, &rc);
	assert_int_equal(rc, QI_EINPUT);
	assert_null(set);
	assert_non_null(strstr(text, "rm.yaml:15:7: error: covariate 'a' has "
	    "a value without 'min' and 'max'"));
	assert_non_null(strstr(text, "rm.yaml:16:7: error: covariate 'b' is "
	    "a flag (when) with a range"));
	assert_non_null(strstr(text, "rm.yaml:17:7: error: covariate 'c' "
	    "needs one of 'when', 'value' and 'charlson'"));
	assert_null(strstr(text, "covariate 'i' needs"));	/* reported */
	assert_non_null(strstr(text, "rm.yaml:18:43: error: covariate 'd': "
	    "max 5 is not above min 10"));
	assert_non_null(strstr(text, "rm.yaml:19:59: error: covariate 'e': "
	    "reference 7 is outside 1..4"));
	assert_non_null(strstr(text, "rm.yaml:15:5: error: the covariates' "
	    "levels make more than 1048576 patterns"));
	assert_non_null(strstr(text, "rm.yaml:22:7: error: covariate 'h' has "
	    "'charlson' with 'when'"));
	assert_non_null(strstr(text, "rm.yaml:23:27: error: "
	    "'risk_model.covariates[9].charlson' has no value 'quan2012'"));
	g_free(text);
	g_free(body);
	patient_rmdir(dir, codes);
}

/*
 * The Charlson index's expression: Quan 2011's weights score 0..24 and
 * the 1987 weights 0..29; a condition with a severe form counts once.
 */
static void
test_definition_charlson_index_weights(void **state)
{
	char *e;
	long max;

	(void)state;
	e = qi_charlson_expr(QI_CHARLSON_QUAN2011, &max);
	assert_int_equal(max, 24);
	assert_non_null(strstr(e, "if(any_dx(charlson_msld), 0, "
	    "if(any_dx(charlson_mld), 2, 0))"));
	assert_non_null(strstr(e, "if(any_dx(charlson_aids), 4, 0)"));
	assert_null(strstr(e, "charlson_mi)"));	/* weight 0 in 2011 */
	g_free(e);
	e = qi_charlson_expr(QI_CHARLSON_1987, &max);
	assert_int_equal(max, 29);
	assert_non_null(strstr(e, "if(any_dx(charlson_mets), 0, "
	    "if(any_dx(charlson_cancer), 2, 0))"));
	assert_non_null(strstr(e, "if(any_dx(charlson_mi), 1, 0)"));
	g_free(e);
}

/* Keys that only make sense together, each reported where it is. */
static void
test_definition_inconsistent_patient_keys_are_reported(void **state)
{
	struct qi_defset *set = (void *)1;
	enum qi_err rc;
	char *codes, *dir, *body, *text;

	(void)state;
	body = g_strdup_printf("%s"
	    "kind: rate\n"
	    "statistics: {method: wilson, level: 0.95}\n"
	    "denominator:\n"
	    "  ja: 分母\n"
	    "  en: den\n"
	    "  when: age >= 18\n"
	    "  exclusions:\n"
	    "    - {name: a, ja: a, en: a, when: age > 90}\n"
	    "    - {name: a, ja: b, en: b, when: age > 95}\n"
	    "numerator:\n"
	    "  ja: 分子\n"
	    "  en: num\n"
	    "  when: outcome == 6\n"
	    "  value: falls\n"
	    "variants:\n"
	    "  Old: {ja: 旧, en: old}\n"
	    "risk_model:\n"
	    "  reference: FY2025..FY2023\n"
	    "  coefficients: c.csv\n"
	    "  covariates:\n"
	    "    - {name: old, when: age >= 75}\n", patient_head);
	dir = patient_dir("x", body, &codes);
	text = load(dir, &set, &rc);
	assert_int_equal(rc, QI_EINPUT);
	assert_null(set);
	assert_non_null(strstr(text, "x.yaml:10:22: error: 'statistics.method'"
	    " has no value 'wilson' for a rate indicator"));
	assert_non_null(strstr(text, "expected one of: exact, byar, hybrid"));
	assert_non_null(strstr(text, "x.yaml:9:7: error: a rate indicator "
	    "needs an exposure"));
	assert_non_null(strstr(text, "error: numerator has both 'when' and "
	    "'value'"));
	assert_non_null(strstr(text, "x.yaml:17:14: error: "
	    "denominator.exclusions: duplicate name 'a'"));
	assert_non_null(strstr(text, "x.yaml:24:3: error: variants: bad name "
	    "'Old'"));
	/* a risk model of a rate is refused, not ignored */
	assert_non_null(strstr(text, "x.yaml:26:3: error: risk_model given "
	    "for a rate"));
	assert_non_null(strstr(text, "x.yaml:26:14: error: bad risk_model."
	    "reference 'FY2025..FY2023'"));
	assert_non_null(strstr(text, "x.yaml:26:14: error: risk_model."
	    "reference given with risk_model.coefficients"));
	g_free(text);
	g_free(body);
	patient_rmdir(dir, codes);
}

/*
 * An error inside an expression is at its place in the file: a plain
 * scalar from its first character, a quoted one after the quote, a block
 * scalar from its first content line.
 */
static void
test_definition_expression_errors_are_placed_in_the_file(void **state)
{
	struct qi_defset *set = (void *)1;
	enum qi_err rc;
	char *codes, *dir, *body, *text;

	(void)state;
	body = g_strdup_printf("%s"
	    "kind: proportion\n"
	    "statistics: {method: wilson, level: 0.95}\n"
	    "denominator:\n"
	    "  ja: 分母\n"
	    "  en: den\n"
	    "  when: agee >= 18\n"
	    "  exclusions:\n"
	    "    - name: a\n"
	    "      ja: a\n"
	    "      en: a\n"
	    "      when: \"outcom == 6\"\n"
	    "numerator:\n"
	    "  ja: 分子\n"
	    "  en: num\n"
	    "  when: |\n"
	    "\n"
	    "      dx_main in strok\n", patient_head);
	dir = patient_dir("e", body, &codes);
	text = load(dir, &set, &rc);
	assert_int_equal(rc, QI_EINPUT);
	assert_non_null(strstr(text, "e.yaml:14:9: error:"));
	assert_non_null(strstr(text, "e.yaml:19:14: error:"));
	assert_non_null(strstr(text, "e.yaml:25:18: error:"));
	g_free(text);
	g_free(body);
	patient_rmdir(dir, codes);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_definition_shipped_indicators_load),
		cmocka_unit_test(test_definition_fields_are_read),
		cmocka_unit_test(test_definition_funnel_key_is_read),
		cmocka_unit_test(test_definition_funnel_errors_are_placed),
		cmocka_unit_test(test_definition_reports_every_error_of_every_file),
		cmocka_unit_test(test_definition_rejects_out_of_range_and_duplicates),
		cmocka_unit_test(test_definition_id_must_match_file_name),
		cmocka_unit_test(test_definition_wrong_shape_is_reported),
		cmocka_unit_test(test_definition_not_utf8_is_reported),
		cmocka_unit_test(test_definition_empty_folder_is_an_error),
		cmocka_unit_test(test_definition_patient_level_keys_are_read),
		cmocka_unit_test(test_definition_inconsistent_patient_keys_are_reported),
		cmocka_unit_test(test_definition_risk_reference_is_read),
		cmocka_unit_test(test_definition_risk_coefficients_are_loaded),
		cmocka_unit_test(test_definition_risk_coefficients_errors_are_placed),
		cmocka_unit_test(test_definition_risk_numeric_covariates_are_read),
		cmocka_unit_test(test_definition_risk_covariate_ranges_are_checked),
		cmocka_unit_test(test_definition_charlson_index_weights),
		cmocka_unit_test(test_definition_expression_errors_are_placed_in_the_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
