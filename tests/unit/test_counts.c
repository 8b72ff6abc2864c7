/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_counts.c -- the registry and aggregated counts: every kind of bad
 * row is reported at its line and column, all in one run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "qi.h"
#include "fixture.h"

#define ORGS "code,name_ja,name_en,url\n" \
	"NHO,国立病院機構,National Hospital Organization,https://nho.example/\n" \
	"JOHAS,労働者健康安全機構,JOHAS,https://johas.example\n"
#define HOSPS "id,org,name_ja,name_en,region,beds\n" \
	"N001,NHO,甲架空病院,Ko Fictional Hospital,関東信越,300\n" \
	"R001,JOHAS,乙架空労災病院,Otsu Fictional Rosai Hospital,近畿,\n"

struct env {
	char			*dir;
	struct qi_defset	*defs;
	struct qi_registry	*reg;
};

static int
setup(void **state)
{
	struct env *e = g_new0(struct env, 1);
	char *o, *h;

	e->dir = fixture_dir();
	o = fixture_file(e->dir, "organisations.csv", ORGS);
	h = fixture_file(e->dir, "hospitals.csv", HOSPS);
	if (qi_defset_load(QI_TEST_DATA "/../indicators", &e->defs, NULL) !=
	    QI_OK || qi_registry_load(o, h, NULL, &e->reg, NULL) != QI_OK)
		return -1;
	g_free(o);
	g_free(h);
	*state = e;
	return 0;
}

static int
teardown(void **state)
{
	struct env *e = *state;

	qi_registry_free(e->reg);
	qi_defset_free(e->defs);
	fixture_rmdir(e->dir);
	g_free(e);
	return 0;
}

static void
test_counts_registry_reads_both_files(void **state)
{
	struct env *e = *state;

	assert_int_equal(e->reg->norgs, 2);
	assert_int_equal(e->reg->nhosps, 2);
	assert_string_equal(e->reg->orgs[1].url, "https://johas.example/");
	assert_int_equal(qi_registry_hospital(e->reg, "R001"), 1);
	assert_int_equal(e->reg->hosps[1].org, 1);
	assert_int_equal(e->reg->hosps[1].beds, -1);
	assert_int_equal(qi_registry_hospital(e->reg, "X"), -1);
}

static void
test_counts_registry_bad_rows_reported(void **state)
{
	struct qi_registry *reg = (void *)1;
	struct qi_diag *d = qi_diag_alloc();
	char *dir = fixture_dir(), *o, *h, *dt;

	(void)state;
	o = fixture_file(dir, "o.csv", "code,name_ja,name_en,url\n"
	    "NHO,国立病院機構,NHO,ftp://x\n"
	    "NHO,国立病院機構,NHO,https://x/\n"
	    "NHO,重複,Dup,https://y/\n");
	h = fixture_file(dir, "h.csv", "id,org,name_ja,name_en,region,beds\n"
	    "N1,NHO,甲,Ko,,200\n"
	    "N1,NHO,甲,Ko,,200\n"
	    "N2,XYZ,乙,Otsu,,100\n"
	    "N3,NHO,丙,Hei,,many\n"
	    "N 4,NHO,丁,Tei,,1\n"
	    "N5,NHO,,Go,,1\n");
	assert_int_equal(qi_registry_load(o, h, NULL, &reg, d), QI_EINPUT);
	assert_null(reg);
	dt = fixture_diag_text(d);
	assert_non_null(strstr(dt, "o.csv:2:16: error: website URL must "
	    "start with https://"));
	assert_non_null(strstr(dt, "o.csv:4:1: error: organisation 'NHO' "
	    "listed twice"));
	assert_non_null(strstr(dt, "h.csv:3:1: error: hospital 'N1' listed "
	    "twice"));
	assert_non_null(strstr(dt, "h.csv:4:4: error: unknown organisation "
	    "'XYZ'"));
	assert_non_null(strstr(dt, "h.csv:5:15: error: bad bed count 'many'"));
	assert_non_null(strstr(dt, "h.csv:6:1: error: bad hospital id 'N 4'"));
	assert_non_null(strstr(dt, "h.csv:7:8: error: empty Japanese name"));
	g_free(dt);
	g_free(o);
	g_free(h);
	qi_diag_free(d);
	fixture_rmdir(dir);
}

static void
test_counts_rows_become_tallies(void **state)
{
	struct env *e = *state;
	struct qi_tallies *t;
	struct qi_diag *d = qi_diag_alloc();
	char *p;

	p = fixture_file(e->dir, "counts.csv",
	    "period,hospital,indicator,denominator,numerator,note\n"
	    "FY2024Q1,N001,readmission_6w,120,7,x\n"
	    "2024-08-15,R001,readmission_6w,30,0,\n"
	    "2024-04-01..2025-03-31,R001,stroke_early_rehab,12,12,\n");
	assert_int_equal(qi_counts_load(p, NULL, e->reg, e->defs, &t, d),
	    QI_OK);
	assert_int_equal(t->n, 3);
	assert_int_equal(t->v[0].hospital, 0);
	assert_int_equal(t->v[0].numerator, 7);
	assert_int_equal(t->v[0].denominator, 120);
	assert_int_equal(t->v[1].period.q, 2);
	assert_int_equal(t->v[2].period.q, 0);
	assert_int_equal(t->v[2].indicator,
	    qi_defset_find(e->defs, "stroke_early_rehab"));
	qi_tallies_free(t);
	qi_diag_free(d);
	g_free(p);
}

/* One file with one of each kind of bad row. */
static void
test_counts_every_bad_row_reported(void **state)
{
	struct env *e = *state;
	struct qi_tallies *t = (void *)1;
	struct qi_diag *d = qi_diag_alloc();
	char *p, *dt;

	p = fixture_file(e->dir, "counts.csv",
	    "hospital,indicator,period,numerator,denominator,version\n"
	    "N001,readmission_6w,FY2024Q1,7,120,1\n"
	    "N999,readmission_6w,FY2024Q1,7,120,\n"	/* unknown hospital */
	    "N001,readmision_6w,FY2024Q1,7,120,\n"	/* unknown indicator */
	    "N001,readmission_6w,FY2024Q5,7,120,\n"	/* bad period */
	    "N001,readmission_6w,FY2024Q2,seven,120,\n"	/* bad number */
	    "N001,readmission_6w,FY2024Q3,-1,120,\n"	/* negative */
	    "N001,readmission_6w,FY2024Q4,121,120,\n"	/* num > den */
	    "N001,readmission_6w,FY2024Q1,1,2,\n"	/* duplicate */
	    "N001,readmission_6w,FY2023Q1,1,2,3\n"	/* other version */
	    "N001,readmission_6w,FY2023Q3,1,2,1x\n"	/* bad version */
	    "N001,readmission_6w,FY2023Q2,1\n");	/* field count */
	assert_int_equal(qi_counts_load(p, NULL, e->reg, e->defs, &t, d),
	    QI_EINPUT);
	assert_null(t);
	dt = fixture_diag_text(d);
	assert_non_null(strstr(dt, "counts.csv:3:1: error: unknown hospital "
	    "'N999'"));
	assert_non_null(strstr(dt, "counts.csv:4:6: error: unknown indicator "
	    "'readmision_6w'"));
	assert_non_null(strstr(dt, "counts.csv:5:21: error: bad period "
	    "'FY2024Q5'"));
	assert_non_null(strstr(dt, "counts.csv:6:30: error: bad numerator "
	    "'seven'"));
	assert_non_null(strstr(dt, "counts.csv:7:30: error: bad numerator "
	    "'-1'"));
	assert_non_null(strstr(dt, "counts.csv:8:30: error: numerator 121 "
	    "exceeds denominator 120"));
	assert_non_null(strstr(dt, "counts.csv:9:21: error: second row for "
	    "N001, readmission_6w, FY2024Q1"));
	assert_non_null(strstr(dt, "counts.csv:10:34: error: counts for "
	    "version 3 of 'readmission_6w', but the definition is version 1"));
	assert_non_null(strstr(dt, "counts.csv:11:34: error: bad version "
	    "'1x'"));
	assert_non_null(strstr(dt, "counts.csv:12:31: error: 4 fields where the "
	    "header has 6"));
	assert_int_equal(qi_diag_count(d, QI_ERROR), 10);
	g_free(dt);
	qi_diag_free(d);
	g_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_counts_registry_reads_both_files, setup, teardown),
		cmocka_unit_test(test_counts_registry_bad_rows_reported),
		cmocka_unit_test_setup_teardown(
		    test_counts_rows_become_tallies, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_counts_every_bad_row_reported, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
