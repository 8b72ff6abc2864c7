/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_caterpillar_dense.c -- the caterpillar of a national programme:
 * above QI_CATERPILLAR_DENSE_ROWS hospitals it is drawn as a
 * distribution whose height does not grow with the hospitals, without
 * name rows but with every hospital's pointer tip, with a highlighted
 * hospital labelled and its organisation highlighted; at the threshold
 * it is still one named row per hospital.
 *
 * The fixture is made by hand: two organisations (NHO 4 hospitals in
 * 5, JOHAS the rest), hospital i with denominator 20 + (37 i mod 200)
 * and a rate spread over 0.30..0.95 by (61 i mod 101), every twentieth
 * withheld.  With QI_TEST_CHART_DIR set, the 1,700-hospital charts are
 * also written there, for a person to look at.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cairo.h>
#include <glib.h>

#include "qi.h"
#include "chart.h"
#include "fixture.h"

#define MAXH	1700

struct fix {
	struct qi_indicator	 ind;
	struct qi_defset	 defs;
	struct qi_org		 orgs[2];
	struct qi_hospital	*hosps;
	struct qi_registry	 reg;
	struct qi_result	*v;
	struct qi_results	 res;
	char			(*ids)[16];
	char			(*names)[64];
	size_t			 nshown;	/* hospitals with status OK */
	struct qi_period	 p;
	cairo_surface_t		*surf;
	cairo_t			*cr;
	char			*dir;
};

static void
set_rate(struct qi_result *r, long num, long den)
{
	double p = (double)num / (double)den, z = 1.959963984540054;
	double d = 1 + z * z / den, c = (p + z * z / (2.0 * den)) / d;
	double h = z * sqrt(p * (1 - p) / den + z * z / (4.0 * den * den)) / d;

	r->numerator = num;
	r->denominator = den;
	r->rate = p;
	r->lower = fmax(0, c - h);
	r->upper = fmin(1, c + h);
	r->status = QI_STATUS_OK;
}

/* n hospitals' results in f (n <= MAXH), replacing any earlier. */
static void
make(struct fix *f, size_t n)
{
	struct qi_result *r;
	long num[2] = { 0, 0 }, den[2] = { 0, 0 }, d, k;
	size_t i, o;

	f->reg.nhosps = n;
	f->nshown = 0;
	memset(f->v, 0, sizeof(*f->v) * (MAXH + 2));
	for (i = 0; i < n; i++) {
		snprintf(f->ids[i], sizeof(f->ids[i]), "H%04zu", i + 1);
		snprintf(f->names[i], sizeof(f->names[i]), "架空第%zu病院", i + 1);
		f->hosps[i].id = f->ids[i];
		f->hosps[i].org = i % 5 == 4 ? 1 : 0;
		f->hosps[i].name_ja = f->names[i];
		f->hosps[i].region = "関東信越";
		f->hosps[i].beds = 300;
		r = &f->v[2 + i];
		r->scope = QI_SCOPE_HOSPITAL;
		r->period = f->p;
		r->org = (long)f->hosps[i].org;
		r->hospital = (long)i;
		d = 20 + (long)(i * 37 % 200);
		k = d * (30 + (long)(i * 61 % 101) * 65 / 100) / 100;
		set_rate(r, k, d);
		num[f->hosps[i].org] += k;
		den[f->hosps[i].org] += d;
		if (i % 20 == 7) {
			r->status = QI_STATUS_SMALL_DENOMINATOR;
			r->rate = r->lower = r->upper = NAN;
		} else
			f->nshown++;
	}
	for (o = 0; o < 2; o++) {
		r = &f->v[o];
		r->scope = QI_SCOPE_ORG;
		r->org = (long)o;
		r->hospital = -1;
		r->period = f->p;
		set_rate(r, num[o], den[o]);
	}
	f->res.n = n + 2;
}

static int
setup(void **state)
{
	struct fix *f = g_new0(struct fix, 1);

	f->p.fy = 2024;
	f->ind.id = "stroke_rehab";
	f->ind.version = 1;
	f->ind.title.ja = "急性期脳梗塞 早期リハビリテーション開始率";
	f->ind.title.en = "Early rehabilitation after acute stroke";
	f->ind.unit = QI_UNIT_PERCENT;
	f->ind.direction = QI_HIGHER_BETTER;
	f->ind.method = QI_CI_WILSON;
	f->ind.level = 0.95;
	f->ind.min_denominator = 10;
	f->defs.v = &f->ind;
	f->defs.n = 1;
	f->orgs[0] = (struct qi_org){ "NHO", "国立病院機構",
	    "National Hospital Organization", "https://nho.example/" };
	f->orgs[1] = (struct qi_org){ "JOHAS", "労働者健康安全機構",
	    "Japan Organization of Occupational Health and Safety",
	    "https://johas.example/" };
	f->hosps = g_new0(struct qi_hospital, MAXH);
	f->ids = g_malloc0(sizeof(*f->ids) * MAXH);
	f->names = g_malloc0(sizeof(*f->names) * MAXH);
	f->v = g_new0(struct qi_result, MAXH + 2);
	f->reg.orgs = f->orgs;
	f->reg.norgs = 2;
	f->reg.hosps = f->hosps;
	f->res.v = f->v;
	f->res.defs = &f->defs;
	f->res.reg = &f->reg;
	f->surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
	f->cr = cairo_create(f->surf);
	if ((f->dir = fixture_dir()) == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	cairo_destroy(f->cr);
	cairo_surface_destroy(f->surf);
	fixture_rmdir(f->dir);
	g_free(f->hosps);
	g_free(f->ids);
	g_free(f->names);
	g_free(f->v);
	g_free(f);
	return 0;
}

static void
layout(struct fix *f, const struct qi_chartcfg *cfg,
    struct qi_caterpillar_layout *L)
{
	assert_int_equal(qi_caterpillar_layout(&f->res, 0, f->p, cfg, f->cr,
	    L), QI_OK);
}

/* Has the frame a text label that is exactly s? */
static int
has_label(const struct qi_caterpillar_layout *L, const char *s)
{
	size_t i;

	for (i = 0; i < L->frame.nlabels; i++)
		if (strcmp(L->frame.labels[i].text, s) == 0)
			return 1;
	return 0;
}

/* Whole file into memory; g_free() it. */
static char *
slurp(const char *path, size_t *len)
{
	char *buf = NULL;
	gsize n = 0;

	assert_true(g_file_get_contents(path, &buf, &n, NULL));
	*len = n;
	return buf;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay += strlen(needle))
		n++;
	return n;
}

/* Write the chart to dir/name; returns the path, to g_free(). */
static char *
write_chart(struct fix *f, const char *dir, const char *name,
    enum qi_format fmt, const struct qi_chartcfg *cfg)
{
	struct qi_diag *d = qi_diag_alloc();
	char *path = g_build_filename(dir, name, NULL);
	enum qi_err rc;

	rc = qi_caterpillar_write(path, fmt, &f->res, 0, f->p, cfg, d);
	if (rc != QI_OK)
		qi_diag_print(d, stderr);
	qi_diag_free(d);
	assert_int_equal(rc, QI_OK);
	return path;
}

/*
 * At QI_CATERPILLAR_DENSE_ROWS hospitals shown the chart is the named
 * caterpillar: a row per hospital, each with its name, the plot as tall
 * as the rows.
 */
static void
test_caterpillar_at_threshold_names_every_row(void **state)
{
	struct fix *f = *state;
	struct qi_caterpillar_layout L;
	size_t k;

	make(f, 211);	/* 11 withheld: 200 shown */
	assert_int_equal(f->nshown, QI_CATERPILLAR_DENSE_ROWS);
	layout(f, NULL, &L);
	assert_int_equal(L.nrows, QI_CATERPILLAR_DENSE_ROWS);
	assert_false(L.dense);
	assert_true(L.frame.plot_h == L.nrows * L.row_h);
	for (k = 0; k < L.nrows; k++) {
		assert_non_null(L.rows[k].label);
		assert_non_null(L.rows[k].value);
	}
	qi_caterpillar_layout_free(&L);
}

/*
 * One more hospital, or 1,700: the distribution form, its plot
 * QI_CATERPILLAR_DENSE_H tall and the page as tall at 201 as at 1,700
 * rows; no name or value on any row; rows still ranked best first,
 * evenly down the plot; rank numbers 1, 250, 500, ... at the left.
 */
static void
test_caterpillar_dense_height_bounded(void **state)
{
	struct fix *f = *state;
	struct qi_caterpillar_layout L, M;
	double v, lo, hi, prev = INFINITY;
	size_t k;

	make(f, 212);	/* 11 withheld: 201 shown */
	layout(f, NULL, &M);
	assert_int_equal(M.nrows, QI_CATERPILLAR_DENSE_ROWS + 1);
	assert_true(M.dense);
	make(f, MAXH);
	layout(f, NULL, &L);
	assert_int_equal(L.nrows, f->nshown);
	assert_true(L.dense);
	assert_true(L.frame.plot_h == QI_CATERPILLAR_DENSE_H);
	assert_true(M.frame.plot_h == QI_CATERPILLAR_DENSE_H);
	assert_true(L.frame.height == M.frame.height);
	assert_true(L.frame.height < QI_CATERPILLAR_DENSE_H + 400);
	assert_true(fabs(L.row_h * L.nrows - QI_CATERPILLAR_DENSE_H) < 1e-9);
	for (k = 0; k < L.nrows; k++) {
		assert_null(L.rows[k].label);
		assert_null(L.rows[k].value);
		assert_non_null(L.rows[k].tip);
		qi_result_shown(&f->ind, &f->v[L.rows[k].result], &v, &lo,
		    &hi);
		assert_true(v <= prev);
		prev = v;
		assert_true(L.rows[k].y > L.frame.plot_y &&
		    L.rows[k].y < L.frame.plot_y + L.frame.plot_h);
	}
	assert_int_equal(L.nrows, 1615);	/* 1,615 / 250 <= 8 */
	assert_true(has_label(&L, "1") && has_label(&L, "250") &&
	    has_label(&L, "1,500"));
	assert_false(has_label(&L, "200"));
	assert_false(has_label(&L, "架空第1病院"));
	assert_int_equal(L.hl_row, QI_NOLABEL);
	assert_int_equal(L.hl_org, QI_NOLABEL);
	qi_caterpillar_layout_free(&L);
	qi_caterpillar_layout_free(&M);
}

/*
 * cfg.highlight: that hospital's row alone has its name and value, and
 * its organisation is highlighted; a withheld hospital has no row but
 * still highlights its organisation; cfg.highlight_org alone highlights
 * an organisation.  Below the threshold the highlight names no group.
 */
static void
test_caterpillar_dense_highlight(void **state)
{
	struct fix *f = *state;
	struct qi_caterpillar_layout L;
	struct qi_chartcfg cfg;
	size_t k, named = 0;

	make(f, MAXH);
	qi_chartcfg_defaults(&cfg);
	cfg.highlight = "H0500";	/* i = 499: JOHAS, shown */
	layout(f, &cfg, &L);
	assert_int_not_equal(L.hl_row, QI_NOLABEL);
	assert_int_equal(L.rows[L.hl_row].result, 2 + 499);
	assert_int_equal(L.hl_org, 1);
	for (k = 0; k < L.nrows; k++)
		if (L.rows[k].label != NULL || L.rows[k].value != NULL)
			named++;
	assert_int_equal(named, 1);
	assert_string_equal(L.rows[L.hl_row].label, "架空第500病院");
	assert_true(has_label(&L, "架空第500病院"));
	assert_true(has_label(&L, L.rows[L.hl_row].value));
	qi_caterpillar_layout_free(&L);

	cfg.highlight = "H0008";	/* i = 7: NHO, withheld */
	layout(f, &cfg, &L);
	assert_int_equal(L.hl_row, QI_NOLABEL);
	assert_int_equal(L.hl_org, 0);
	qi_caterpillar_layout_free(&L);

	cfg.highlight = NULL;
	cfg.highlight_org = "JOHAS";
	layout(f, &cfg, &L);
	assert_int_equal(L.hl_row, QI_NOLABEL);
	assert_int_equal(L.hl_org, 1);
	qi_caterpillar_layout_free(&L);

	make(f, 50);
	cfg.highlight = "H0005";
	layout(f, &cfg, &L);
	assert_false(L.dense);
	assert_int_not_equal(L.hl_row, QI_NOLABEL);
	assert_int_equal(L.hl_org, QI_NOLABEL);
	qi_caterpillar_layout_free(&L);
}

/*
 * The files: an SVG with one pointer tip (<title>) per hospital shown,
 * naming it; a PNG as tall as the layout; both the same bytes when
 * written again.
 */
static void
test_caterpillar_dense_files_tips_and_bytes(void **state)
{
	struct fix *f = *state;
	static const enum qi_format fmts[] = { QI_FORMAT_SVG, QI_FORMAT_PNG };
	static const char *const names[][2] = {
		{ "a.svg", "b.svg" }, { "a.png", "b.png" },
	};
	struct qi_caterpillar_layout L;
	struct qi_chartcfg cfg;
	const char *keep = getenv("QI_TEST_CHART_DIR");
	char *pa, *pb, *a, *b;
	size_t la, lb, i;

	make(f, MAXH);
	qi_chartcfg_defaults(&cfg);
	cfg.highlight = "H0500";
	layout(f, &cfg, &L);
	for (i = 0; i < 2; i++) {
		pa = write_chart(f, f->dir, names[i][0], fmts[i], &cfg);
		pb = write_chart(f, f->dir, names[i][1], fmts[i], &cfg);
		a = slurp(pa, &la);
		b = slurp(pb, &lb);
		assert_int_equal(la, lb);
		assert_memory_equal(a, b, la);
		if (fmts[i] == QI_FORMAT_SVG) {
			assert_int_equal(count(a, "</title></rect>"),
			    f->nshown);
			assert_non_null(strstr(a, "<title>架空第1700病院（"));
			assert_non_null(strstr(a, ">架空第500病院</text>"));
		} else
			assert_int_equal((unsigned long)(unsigned char)a[20] << 24 |
			    (unsigned long)(unsigned char)a[21] << 16 |
			    (unsigned long)(unsigned char)a[22] << 8 |
			    (unsigned char)a[23], (unsigned long)L.frame.height);
		g_free(a);
		g_free(b);
		g_free(pa);
		g_free(pb);
	}
	if (keep != NULL) {
		g_free(write_chart(f, keep, "dense_ja.png", QI_FORMAT_PNG, &cfg));
		g_free(write_chart(f, keep, "dense_ja.svg", QI_FORMAT_SVG, &cfg));
		cfg.lang = "en";
		cfg.highlight = NULL;
		cfg.highlight_org = NULL;
		g_free(write_chart(f, keep, "dense_en.png", QI_FORMAT_PNG, &cfg));
	}
	qi_caterpillar_layout_free(&L);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_caterpillar_at_threshold_names_every_row, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_caterpillar_dense_height_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_caterpillar_dense_highlight, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_caterpillar_dense_files_tips_and_bytes, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
