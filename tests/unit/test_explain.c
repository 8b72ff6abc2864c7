/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_explain.c -- the engine's hook (struct qi_engine_hook), which qi
 * explain lists stays from: over files of several batches of stays, it
 * reports each stay of the watched hospital that the watched rule counts
 * or excludes, exactly once, with the first exclusion that matches (by
 * index), and with the contributions the tallies sum; stays outside the
 * denominator or before `effective` are not reported; a variant is a
 * rule of its own; two threads report the same stays; and
 * qi_engine_hook_default() puts the hook into every configuration made
 * after it.
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

#define NSTAYS	700	/* per hospital: several batches of 256 */

/* A proportion with two exclusions and a variant without them; a rate
   from FY2024Q3 on. */
static const char defs_yaml[][2][640] = {
	{ "ami.yaml",
	    "id: ami\nversion: 1\ntitle: {ja: 題, en: T}\nsource: DPC\n"
	    "unit: percent\ndirection: lower_is_better\n"
	    "statistics: {method: wilson, level: 0.95}\n"
	    "publication: {min_denominator: 1}\n"
	    "denominator:\n  ja: 分母\n  en: d\n  when: dx_main in ami\n"
	    "  exclusions:\n"
	    "    - {name: died, ja: 死亡, en: died, when: outcome == 6}\n"
	    "    - {name: old, ja: 高齢, en: old, when: age >= 90}\n"
	    "numerator: {ja: 分子, en: n, when: ambulance}\n"
	    "variants:\n  all:\n    ja: 全\n    en: all\n"
	    "    denominator: {exclusions: []}\n" },
	{ "falls.yaml",
	    "id: falls\nversion: 1\neffective: FY2024Q3\n"
	    "title: {ja: 転倒, en: F}\nsource: DPC\nkind: rate\n"
	    "unit: per_mille\ndirection: lower_is_better\n"
	    "statistics: {method: exact, level: 0.95}\n"
	    "publication: {min_denominator: 1}\n"
	    "denominator: {ja: 全, en: all, when: not missing(falls)}\n"
	    "numerator: {ja: 転倒, en: falls, value: falls}\n"
	    "exposure: {ja: 日数, en: days, value: los}\n" },
};

struct env {
	char			*dir, *codes, *stays, *events;
	struct qi_defset	*defs;
	struct qi_registry	*reg;
};

/* Stay i of a hospital: its fields, by rules the tests know. */
#define IS_AMI(i)	((i) % 3 != 0)
#define DIED(i)		((i) % 7 == 0)
#define OLD(i)		((i) % 5 == 0)
#define AMBULANCE(i)	((i) % 2)
#define LOS(i)		(1 + (i) % 9)
#define FALLS(i)	((i) % 4)
#define DAY(i)		((i) % 360)	/* discharge: days after 2024-04-01 */

static char *
stays_csv(void)
{
	GString *s = g_string_new("hospital,stay,patient,admission,discharge,"
	    "age,outcome,ambulance,dx_main,falls\n");
	const char *h[] = { "N001", "R001" };
	GDate a, d;
	size_t k;
	int i;

	for (k = 0; k < 2; k++)
		for (i = 0; i < NSTAYS; i++) {
			g_date_clear(&d, 1);
			g_date_set_dmy(&d, 1, G_DATE_APRIL, 2024);
			g_date_add_days(&d, (guint)DAY(i));
			a = d;
			g_date_subtract_days(&a, (guint)LOS(i));
			g_string_append_printf(s, "%s,s%04d,p%d,"
			    "%04d-%02d-%02d,%04d-%02d-%02d,%d,%d,%d,%s,%d\n",
			    h[k], i, i, g_date_get_year(&a),
			    g_date_get_month(&a), g_date_get_day(&a),
			    g_date_get_year(&d), g_date_get_month(&d),
			    g_date_get_day(&d), OLD(i) ? 95 : 70,
			    DIED(i) ? 6 : 1, AMBULANCE(i),
			    IS_AMI(i) ? "I219" : "J189", FALLS(i));
		}
	return g_string_free(s, FALSE);
}

static int
setup(void **state)
{
	struct env *e = g_new0(struct env, 1);
	char *text;
	size_t i;

	e->dir = fixture_dir();
	e->codes = g_build_filename(e->dir, "codes", NULL);
	g_mkdir(e->codes, 0777);
	g_free(fixture_file(e->codes, "ami.csv", "icd10,label\nI21*,AMI\n"));
	for (i = 0; i < G_N_ELEMENTS(defs_yaml); i++)
		g_free(fixture_file(e->dir, defs_yaml[i][0], defs_yaml[i][1]));
	g_free(fixture_file(e->dir, "organisations.csv", "code,name_ja,"
	    "name_en,url\nNHO,機構,NHO,https://nho.example/\n"));
	g_free(fixture_file(e->dir, "hospitals.csv", "id,org,name_ja,name_en,"
	    "region,beds\nN001,NHO,甲,Ko,関東,300\nR001,NHO,乙,Otsu,近畿,200\n"));
	text = stays_csv();
	e->stays = fixture_file(e->dir, "stays.csv", text);
	g_free(text);
	e->events = fixture_file(e->dir, "events.csv", "hospital,stay,day,"
	    "code\n");
	*state = e;
	return fixture_load(e->dir, &e->defs, &e->reg);
}

static int
teardown(void **state)
{
	struct env *e = *state;

	g_free(e->stays);
	g_free(e->events);
	g_free(e->codes);
	fixture_unload(e->dir, e->defs, e->reg);
	g_free(e);
	return 0;
}

/* What the hook saw, by stay number (the digits of "sNNNN"). */
struct seen {
	GMutex		 lock;
	int		 times[NSTAYS];
	struct qi_outcome out[NSTAYS];
	long		 other;		/* stays of another hospital */
};

static void
record(void *arg, const struct qi_outcome *o)
{
	struct seen *s = arg;
	int i = atoi(o->stay->stay + 1);

	g_mutex_lock(&s->lock);
	if (o->stay->hospital != 1)
		s->other++;
	else if (i >= 0 && i < NSTAYS) {
		s->times[i]++;
		s->out[i] = *o;
		s->out[i].stay = NULL;	/* valid during the call only */
	}
	g_mutex_unlock(&s->lock);
}

/* Run the engine over the files with a hook on (ind, variant) of R001. */
static struct seen *
watch(const struct env *e, const char *ind, size_t variant, unsigned jobs,
    struct qi_tallies **t)
{
	struct seen *s = g_new0(struct seen, 1);
	struct qi_engine_hook hook = { 0 };
	struct qi_engine_cfg cfg;
	struct qi_engine_stats st;
	struct qi_diag *d = qi_diag_alloc();

	g_mutex_init(&s->lock);
	hook.indicator = (size_t)qi_defset_find(e->defs, ind);
	hook.variant = variant;
	hook.hospital = 1;
	hook.fn = record;
	hook.arg = s;
	qi_engine_hook_default(&hook);
	qi_engine_cfg_defaults(&cfg);
	qi_engine_hook_default(NULL);
	assert_ptr_equal(cfg.hook, &hook);
	cfg.stays = e->stays;
	cfg.events = e->events;
	cfg.variants = 1;
	cfg.jobs = jobs;
	assert_int_equal(qi_engine_run(&cfg, e->defs, e->reg, t, &st, d),
	    QI_OK);
	assert_int_equal(st.stays, 2 * NSTAYS);
	qi_diag_free(d);
	qi_engine_cfg_defaults(&cfg);
	assert_null(cfg.hook);
	return s;
}

/* The hook's outcomes of one quarter, summed as a tally. */
static void
assert_sums(const struct seen *s, const struct qi_tallies *t, size_t ind,
    size_t variant)
{
	size_t k, e;
	int i, q, n;

	for (q = 1; q <= 4; q++) {
		struct qi_tally sum = { 0 };
		const struct qi_tally *tt = NULL;

		for (k = 0; k < t->n; k++)
			if (t->v[k].indicator == ind && t->v[k].variant ==
			    variant && t->v[k].hospital == 1 &&
			    t->v[k].period.q == q)
				tt = &t->v[k];
		for (i = 0, n = 0; i < NSTAYS; i++) {
			const struct qi_outcome *o = &s->out[i];

			if (s->times[i] == 0 || o->period.q != q)
				continue;
			n++;
			assert_int_equal(o->period.fy, 2024);
			if (o->exclusion >= 0)
				sum.excluded[o->exclusion]++;
			sum.denominator += o->denominator;
			sum.numerator += o->numerator;
			sum.exposure += o->exposure;
		}
		if (tt == NULL) {
			assert_int_equal(n, 0);
			continue;
		}
		assert_int_equal(sum.denominator, tt->denominator);
		assert_int_equal(sum.numerator, tt->numerator);
		assert_true(sum.exposure == tt->exposure);
		for (e = 0; e < QI_EXCL_MAX; e++)
			assert_int_equal(sum.excluded[e], tt->excluded[e]);
	}
}

static void
test_explain_reports_each_stay_of_the_rule_once(void **state)
{
	struct env *e = *state;
	struct qi_tallies *t;
	size_t ind = (size_t)qi_defset_find(e->defs, "ami");
	struct seen *s = watch(e, "ami", 0, 1, &t);
	int i;

	assert_int_equal(s->other, 0);
	for (i = 0; i < NSTAYS; i++) {
		const struct qi_outcome *o = &s->out[i];

		assert_int_equal(s->times[i], IS_AMI(i) ? 1 : 0);
		if (!IS_AMI(i))
			continue;
		/* the first exclusion that holds, in the order written */
		assert_int_equal(o->exclusion, DIED(i) ? 0 : OLD(i) ? 1 : -1);
		if (o->exclusion >= 0) {
			assert_int_equal(o->denominator, 0);
			assert_int_equal(o->numerator, 0);
			continue;
		}
		assert_int_equal(o->denominator, 1);
		assert_int_equal(o->numerator, AMBULANCE(i));
		assert_true(o->exposure == 0);
	}
	assert_sums(s, t, ind, 0);
	qi_tallies_free(t);
	g_mutex_clear(&s->lock);
	g_free(s);

	/* the variant without exclusions counts the same stays */
	s = watch(e, "ami", 1, 1, &t);
	for (i = 0; i < NSTAYS; i++) {
		assert_int_equal(s->times[i], IS_AMI(i) ? 1 : 0);
		if (IS_AMI(i))
			assert_int_equal(s->out[i].exclusion, -1);
	}
	assert_sums(s, t, ind, 1);
	qi_tallies_free(t);
	g_mutex_clear(&s->lock);
	g_free(s);
}

static void
test_explain_reports_values_and_effective(void **state)
{
	struct env *e = *state;
	struct qi_tallies *t;
	size_t ind = (size_t)qi_defset_find(e->defs, "falls");
	struct seen *s;
	unsigned jobs;
	int i;

	for (jobs = 1; jobs <= 2; jobs++) {
		s = watch(e, "falls", 0, jobs, &t);
		for (i = 0; i < NSTAYS; i++) {
			/* from FY2024Q3 (2024-10-01, day 183) on */
			assert_int_equal(s->times[i], DAY(i) >= 183 ? 1 : 0);
			if (s->times[i] == 0)
				continue;
			assert_int_equal(s->out[i].exclusion, -1);
			assert_int_equal(s->out[i].numerator, FALLS(i));
			assert_true(s->out[i].exposure == LOS(i));
		}
		assert_sums(s, t, ind, 0);
		qi_tallies_free(t);
		g_mutex_clear(&s->lock);
		g_free(s);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_explain_reports_each_stay_of_the_rule_once),
		cmocka_unit_test(test_explain_reports_values_and_effective),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
