/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_engine.c -- patient-level evaluation of hand-made stays: the
 * denominator, exclusions counted under the first that matches, the
 * numerator as a count or a sum, the exposure, variants, covariate
 * patterns, the quarter of the discharge date, `effective`; and the
 * tallies file: written, read back and merged to the same bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>

#include <cmocka.h>

#include "engine.h"
#include "stay.h"
#include "fixture.h"

#define ORGS "code,name_ja,name_en,url\n" \
	"NHO,国立病院機構,National Hospital Organization,https://nho.example/\n" \
	"JOHAS,労働者健康安全機構,JOHAS,https://johas.example\n"
#define HOSPS "id,org,name_ja,name_en,region,beds\n" \
	"N001,NHO,甲架空病院,Ko Fictional Hospital,関東信越,300\n" \
	"R001,JOHAS,乙架空労災病院,Otsu Fictional Rosai Hospital,近畿,200\n"

/* Two definitions: a proportion with two exclusions, a variant and a
   risk model; a rate effective from FY2024Q2. */
static const char stroke[] =
    "id: stroke\n"
    "version: 2\n"
    "title: {ja: 題, en: Title}\n"
    "source: DPC\n"
    "unit: percent\n"
    "direction: higher_is_better\n"
    "statistics: {method: wilson, level: 0.95}\n"
    "publication: {min_denominator: 1}\n"
    "denominator:\n"
    "  ja: 分母\n"
    "  en: den\n"
    "  when: dx_main in infarct\n"
    "  exclusions:\n"
    "    - {name: died, ja: 死亡, en: died, when: outcome == 6}\n"
    "    - {name: old, ja: 高齢, en: old, when: age >= 90}\n"
    "numerator:\n"
    "  ja: 分子\n"
    "  en: num\n"
    "  when: ambulance\n"
    "variants:\n"
    "  no_excl:\n"
    "    ja: 除外なし\n"
    "    en: no exclusions\n"
    "    denominator: {exclusions: []}\n"
    "risk_model:\n"
    "  covariates:\n"
    "    - {name: elderly, when: age >= 75}\n"
    "    - {name: emerg, when: emergency}\n";

static const char falls[] =
    "id: falls\n"
    "version: 1\n"
    "effective: FY2024Q2\n"
    "title: {ja: 転倒, en: Falls}\n"
    "source: DPC\n"
    "kind: rate\n"
    "unit: per_mille\n"
    "direction: lower_is_better\n"
    "statistics: {method: exact, level: 0.95}\n"
    "publication: {min_denominator: 1}\n"
    "denominator: {ja: 全入院, en: all stays, when: not missing(falls)}\n"
    "numerator: {ja: 転倒件数, en: falls, value: falls}\n"
    "exposure: {ja: 延べ入院日数, en: Patient-days, value: los}\n";

struct env {
	char			*dir, *codes;
	struct qi_defset	*defs;
	struct qi_registry	*reg;
};

static int
setup(void **state)
{
	struct env *e = g_new0(struct env, 1);

	e->dir = fixture_dir();
	e->codes = g_build_filename(e->dir, "codes", NULL);
	g_mkdir(e->codes, 0777);
	g_free(fixture_file(e->codes, "infarct.csv",
	    "icd10,label\nI63*,cerebral infarction\n"));
	g_free(fixture_file(e->dir, "stroke.yaml", stroke));
	g_free(fixture_file(e->dir, "falls.yaml", falls));
	g_free(fixture_file(e->dir, "organisations.csv", ORGS));
	g_free(fixture_file(e->dir, "hospitals.csv", HOSPS));
	*state = e;
	return fixture_load(e->dir, &e->defs, &e->reg);
}

static int
teardown(void **state)
{
	struct env *e = *state;

	g_free(e->codes);
	fixture_unload(e->dir, e->defs, e->reg);
	g_free(e);
	return 0;
}

/* Days since 1970-01-01 of a civil date. */
static double
days(int y, int m, int d)
{
	GDate a, b;

	g_date_clear(&a, 1);
	g_date_clear(&b, 1);
	g_date_set_dmy(&a, 1, 1, 1970);
	g_date_set_dmy(&b, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
	return (double)g_date_days_between(&a, &b);
}

/*
 * A stay of hospital h, discharged on the date given, los days after
 * admission; every other field missing.
 */
static void
stay(struct qi_stay *s, long h, const char *dx, int y, int m, int d,
    int los)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->hospital = h;
	g_strlcpy(s->stay, "S1", sizeof(s->stay));
	for (i = 0; i < QI_F__COUNT; i++)
		s->num[i] = NAN;
	s->num[QI_F_DISCHARGE] = days(y, m, d);
	s->num[QI_F_ADMISSION] = days(y, m, d) - los;
	g_strlcpy(s->code[0], dx, QI_CODE_MAX);
}

static const struct qi_tally *
find(const struct qi_tallies *t, size_t ind, size_t variant, int fy, int q,
    size_t h)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].indicator == ind && t->v[i].variant == variant &&
		    t->v[i].period.fy == fy && t->v[i].period.q == q &&
		    t->v[i].hospital == h)
			return &t->v[i];
	return NULL;
}

/* The stays of the tests below, added to b. */
static void
add_stays(const struct env *e, struct qi_tallybuf *b)
{
	struct qi_stay s;

	/* In the numerator, elderly and emergency: pattern 11. */
	stay(&s, 0, "I634", 2024, 5, 10, 7);
	s.num[QI_F_AMBULANCE] = 1;
	s.num[QI_F_AGE] = 80;
	s.num[QI_F_EMERGENCY] = 1;
	s.num[QI_F_FALLS] = 2;
	assert_int_equal(qi_engine_stay(e->defs, 1, &s, b, NULL), QI_OK);
	/* Died and aged 95: counted once, under the first exclusion. */
	stay(&s, 0, "I639", 2024, 6, 30, 3);
	s.num[QI_F_OUTCOME] = 6;
	s.num[QI_F_AGE] = 95;
	s.num[QI_F_FALLS] = 0;
	assert_int_equal(qi_engine_stay(e->defs, 1, &s, b, NULL), QI_OK);
	/* Aged 92: the second exclusion. */
	stay(&s, 0, "I630", 2024, 4, 1, 1);
	s.num[QI_F_AGE] = 92;
	assert_int_equal(qi_engine_stay(e->defs, 1, &s, b, NULL), QI_OK);
	/* Not in the numerator (ambulance missing: null is false). */
	stay(&s, 0, "I63", 2024, 7, 1, 4);
	s.num[QI_F_AGE] = 60;
	s.num[QI_F_EMERGENCY] = 0;
	s.num[QI_F_FALLS] = 1;
	assert_int_equal(qi_engine_stay(e->defs, 1, &s, b, NULL), QI_OK);
	/* Not a stroke; a fall before falls' effective quarter. */
	stay(&s, 1, "J189", 2024, 6, 30, 5);
	s.num[QI_F_FALLS] = 1;
	assert_int_equal(qi_engine_stay(e->defs, 1, &s, b, NULL), QI_OK);
	/* Discharged 2025-03-31: FY2024Q4, hospital R001. */
	stay(&s, 1, "I631", 2025, 3, 31, 10);
	s.num[QI_F_AMBULANCE] = 1;
	s.num[QI_F_FALLS] = 0;
	assert_int_equal(qi_engine_stay(e->defs, 1, &s, b, NULL), QI_OK);
}

static void
test_engine_counts_each_part_of_a_definition(void **state)
{
	struct env *e = *state;
	struct qi_tallybuf *b = qi_tallybuf_new();
	struct qi_tallies *t;
	const struct qi_tally *x;
	long stroke_i = qi_defset_find(e->defs, "stroke");
	long falls_i = qi_defset_find(e->defs, "falls");
	size_t i;

	add_stays(e, b);
	t = qi_tallybuf_finish(b);
	/* stroke, as defined, N001, FY2024Q1 (Apr-Jun). */
	x = find(t, (size_t)stroke_i, 0, 2024, 1, 0);
	assert_non_null(x);
	assert_int_equal(x->denominator, 1);
	assert_int_equal(x->numerator, 1);
	assert_int_equal(x->excluded[0], 1);
	assert_int_equal(x->excluded[1], 1);
	/* ... the variant without exclusions keeps all three. */
	x = find(t, (size_t)stroke_i, 1, 2024, 1, 0);
	assert_non_null(x);
	assert_int_equal(x->denominator, 3);
	assert_int_equal(x->numerator, 1);
	assert_int_equal(x->excluded[0], 0);
	/* ... Q2 (July). */
	x = find(t, (size_t)stroke_i, 0, 2024, 2, 0);
	assert_non_null(x);
	assert_int_equal(x->denominator, 1);
	assert_int_equal(x->numerator, 0);
	/* ... R001 in Q4 (2025-03-31). */
	x = find(t, (size_t)stroke_i, 0, 2024, 4, 1);
	assert_non_null(x);
	assert_int_equal(x->numerator, 1);
	assert_null(find(t, (size_t)stroke_i, 0, 2025, 1, 1));
	/* falls: only from FY2024Q2 on; a sum of values and of los. */
	assert_null(find(t, (size_t)falls_i, 0, 2024, 1, 0));
	assert_null(find(t, (size_t)falls_i, 0, 2024, 1, 1));
	x = find(t, (size_t)falls_i, 0, 2024, 2, 0);
	assert_non_null(x);
	assert_int_equal(x->denominator, 1);
	assert_int_equal(x->numerator, 1);
	assert_true(x->exposure == 4.0);
	x = find(t, (size_t)falls_i, 0, 2024, 4, 1);
	assert_int_equal(x->numerator, 0);
	assert_true(x->exposure == 10.0);
	/* Risk-model patterns of stroke in Q1: one stay, pattern 11, y 1. */
	for (i = 0; i < t->npat; i++)
		if (t->pat[i].indicator == (size_t)stroke_i &&
		    t->pat[i].variant == 0 && t->pat[i].period.q == 1)
			break;
	assert_true(i < t->npat);
	assert_int_equal(t->pat[i].pattern, 3);
	assert_int_equal(t->pat[i].n, 1);
	assert_int_equal(t->pat[i].y, 1);
	qi_tallies_free(t);
}

/* A fractional or negative numerator value is an error naming the stay. */
static void
test_engine_rejects_a_value_out_of_its_domain(void **state)
{
	struct env *e = *state;
	struct qi_tallybuf *b = qi_tallybuf_new();
	struct qi_diag *d = qi_diag_alloc();
	struct qi_stay s;
	char *text;

	stay(&s, 0, "J189", 2024, 9, 1, 3);
	s.num[QI_F_FALLS] = 1.5;
	g_strlcpy(s.stay, "X42", sizeof(s.stay));
	assert_int_equal(qi_engine_stay(e->defs, 0, &s, b, d), QI_EINPUT);
	text = fixture_diag_text(d);
	assert_non_null(strstr(text, "falls.yaml:12:"));
	assert_non_null(strstr(text, "falls: stay 'X42' gives 1.5"));
	g_free(text);
	qi_diag_free(d);
	qi_tallybuf_free(b);
}

/* Write tallies to a string. */
static char *
written(const struct env *e, const struct qi_tallies *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_int_equal(qi_tallies_write(t, e->defs, e->reg, fp), QI_OK);
	fclose(fp);
	return buf;
}

/*
 * The tallies file: read back it gives the same bytes; two halves merged
 * give the bytes of the whole; a wrong version is refused.
 */
static void
test_engine_tallies_file_round_trips_and_merges(void **state)
{
	struct env *e = *state;
	struct qi_tallybuf *b = qi_tallybuf_new(), *m;
	struct qi_tallies *all, *t;
	struct qi_diag *d = qi_diag_alloc();
	char *whole, *again, *half[2], *p[2], *bad, *text;
	size_t i, k;

	add_stays(e, b);
	all = qi_tallybuf_finish(b);
	whole = written(e, all);
	assert_non_null(strstr(whole, "tally,N001,stroke,2,,FY2024Q1,,1,1,0,"
	    "1;1\n"));
	assert_non_null(strstr(whole, "tally,N001,stroke,2,no_excl,FY2024Q1,,"
	    "3,1,0,\n"));
	assert_non_null(strstr(whole, "pattern,N001,stroke,2,,FY2024Q1,11,1,1"
	    ",,\n"));
	/* Halves by hospital, then merged. */
	for (k = 0; k < 2; k++) {
		struct qi_tallies sub = *all;

		sub.v = g_new(struct qi_tally, all->n);
		sub.pat = g_new(struct qi_pattern, all->npat + 1);
		sub.n = sub.npat = 0;
		for (i = 0; i < all->n; i++)
			if (all->v[i].hospital == k)
				sub.v[sub.n++] = all->v[i];
		for (i = 0; i < all->npat; i++)
			if (all->pat[i].hospital == k)
				sub.pat[sub.npat++] = all->pat[i];
		half[k] = written(e, &sub);
		p[k] = fixture_file(e->dir, k ? "b.csv" : "a.csv", half[k]);
		g_free(sub.v);
		g_free(sub.pat);
	}
	m = qi_tallybuf_new();
	assert_int_equal(qi_tallies_read(p[1], e->defs, e->reg, m, d), QI_OK);
	assert_int_equal(qi_tallies_read(p[0], e->defs, e->reg, m, d), QI_OK);
	t = qi_tallybuf_finish(m);
	again = written(e, t);
	assert_string_equal(again, whole);
	qi_tallies_free(t);
	/* Another version of stroke is refused at its line and column. */
	bad = fixture_file(e->dir, "bad.csv", "record,hospital,indicator,"
	    "version,variant,period,pattern,denominator,numerator,exposure,"
	    "excluded\ntally,N001,stroke,1,,FY2024Q1,,1,1,0,1;1\n"
	    "tally,N001,stroke,2,,FY2024Q1,,1,1,0,1\n");
	m = qi_tallybuf_new();
	assert_int_equal(qi_tallies_read(bad, e->defs, e->reg, m, d),
	    QI_EINPUT);
	qi_tallybuf_free(m);
	text = fixture_diag_text(d);
	assert_non_null(strstr(text, "bad.csv:2:19: error: tallies for version"
	    " 1 of 'stroke', but the definition is version 2"));
	assert_non_null(strstr(text, "bad.csv:3:"));
	assert_non_null(strstr(text, "1 exclusion counts; the definition has "
	    "2 exclusions"));
	g_free(text);
	for (k = 0; k < 2; k++) {
		g_free(half[k]);
		g_remove(p[k]);
		g_free(p[k]);
	}
	g_remove(bad);
	g_free(bad);
	free(whole);
	free(again);
	qi_diag_free(d);
	qi_tallies_free(all);
}

/* Keep in t the tallies and patterns of indicator i (or not i). */
static struct qi_tallies *
of_indicator(const struct qi_tallies *all, size_t i, int keep)
{
	struct qi_tallies *t = g_new0(struct qi_tallies, 1);
	size_t k;

	t->v = g_new(struct qi_tally, all->n + 1);
	t->pat = g_new(struct qi_pattern, all->npat + 1);
	for (k = 0; k < all->n; k++)
		if ((all->v[k].indicator == i) == keep)
			t->v[t->n++] = all->v[k];
	for (k = 0; k < all->npat; k++)
		if ((all->pat[k].indicator == i) == keep)
			t->pat[t->npat++] = all->pat[k];
	return t;
}

/*
 * Tallies of different indicators joined give the bytes of having summed
 * them together, in either order.
 */
static void
test_engine_tallies_of_other_indicators_join(void **state)
{
	struct env *e = *state;
	struct qi_tallybuf *b = qi_tallybuf_new();
	struct qi_tallies *all, *one, *rest;
	char *whole, *joined;
	int k;

	add_stays(e, b);
	all = qi_tallybuf_finish(b);
	whole = written(e, all);
	assert_true(all->npat > 0);
	for (k = 0; k < 2; k++) {
		/* the indicator with a risk model, and the others */
		one = of_indicator(all, all->pat[0].indicator, 1);
		rest = of_indicator(all, all->pat[0].indicator, 0);
		assert_true(one->n > 0 && rest->n > 0 && one->npat > 0);
		if (k == 0)
			qi_tallies_join(one, rest);
		else
			qi_tallies_join(rest, one);
		joined = written(e, k == 0 ? one : rest);
		assert_string_equal(joined, whole);
		free(joined);
		qi_tallies_free(one);
		qi_tallies_free(rest);
	}
	free(whole);
	qi_tallies_free(all);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engine_counts_each_part_of_a_definition),
		cmocka_unit_test(test_engine_rejects_a_value_out_of_its_domain),
		cmocka_unit_test(test_engine_tallies_file_round_trips_and_merges),
		cmocka_unit_test(test_engine_tallies_of_other_indicators_join),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
