/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_spc_centre_per_version.c -- the SPC chart's centre line when a
 * hospital's quarters span two definition versions (--history): one
 * horizontal piece per version segment at that segment's value, each
 * ending at the version rule, never crossing it; one piece over every
 * quarter when the series is of one version, as before; none, and no
 * legend entry or subtitle words for it, when no quarter has one.  The
 * legend and subtitle say what is drawn, and no two texts touch.
 *
 * The input is made by hand, as render.c would pass it from trend.c's
 * points: twelve quarters FY2022 Q1 .. FY2024 Q4, the value of every
 * quarter near its version's centre (70% under v1, 82% under v2 from
 * FY2023 Q3), limits 3 sigma of n = 60; quarter 7 withheld (no value,
 * no centre, no limits).  If QI_CHART_OUT names a directory, the chart
 * is also written there as PNG for a person to look at.
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

#define NQ	12
#define RULE_Q	6		/* first quarter of version 2 */
#define CL1	0.70
#define CL2	0.82

struct fix {
	struct qi_indicator	 def;
	struct qi_period	 q[NQ];
	double			 value[NQ], centre[NQ], lo[NQ], hi[NQ];
	long			 versions[NQ];
	struct qi_spc_input	 in;
	cairo_surface_t		*surf;
	cairo_t			*cr;
};

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));
	double cl, se;
	size_t i;

	if (f == NULL)
		return -1;
	f->def.id = "stroke_early_rehab";
	f->def.version = 2;
	f->def.title.ja = (char *)"急性期脳梗塞患者に対する早期リハビリテーション開始率";
	f->def.title.en = (char *)"Early rehabilitation after acute ischaemic stroke";
	f->def.unit = QI_UNIT_PERCENT;
	f->def.direction = QI_HIGHER_BETTER;
	f->def.method = QI_CI_WILSON;
	f->def.level = 0.95;
	for (i = 0; i < NQ; i++) {
		f->q[i].fy = 2022 + (int)(i / 4);
		f->q[i].q = (int)(i % 4) + 1;
		f->versions[i] = i < RULE_Q ? 1 : 2;
		cl = i < RULE_Q ? CL1 : CL2;
		se = sqrt(cl * (1 - cl) / 60);
		f->centre[i] = cl;
		f->lo[i] = cl - 3 * se;
		f->hi[i] = cl + 3 * se;
		f->value[i] = cl + (i % 2 ? 1 : -1) * 0.5 * se;
	}
	f->value[7] = f->centre[7] = f->lo[7] = f->hi[7] = NAN;
	f->in = (struct qi_spc_input){ &f->def, "仙台医療センター", 0, "p'",
	    f->q, NQ, f->value, f->centre, f->lo, f->hi, f->versions };
	f->surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
	f->cr = cairo_create(f->surf);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	cairo_destroy(f->cr);
	cairo_surface_destroy(f->surf);
	free(f);
	return 0;
}

/* The page y of a centre value, as the layout's own axis places it. */
static double
y_of(const struct qi_spc_layout *L, double v)
{
	return qi_axis_pos(&L->frame.y, v * 100);
}

/* Is there a text box exactly s? */
static int
has_text(const struct qi_frame *F, const char *s)
{
	size_t i;

	for (i = 0; i < F->nlabels; i++)
		if (strcmp(F->labels[i].text, s) == 0)
			return 1;
	return 0;
}

/* Does any text box contain s? */
static int
has_words(const struct qi_frame *F, const char *s)
{
	size_t i;

	for (i = 0; i < F->nlabels; i++)
		if (strstr(F->labels[i].text, s) != NULL)
			return 1;
	return 0;
}

/*
 * Two versions: two pieces, v1's over quarters 0-5 at 70%, v2's over
 * 6-11 at 82% (the withheld quarter 7 inside it), meeting the rule from
 * either side and not crossing it.
 */
static void
test_spc_two_versions_give_two_centre_pieces_ending_at_the_rule(
    void **state)
{
	struct fix *f = *state;
	const struct qi_spccentre *c;
	struct qi_spc_layout L;
	double x_rule;

	assert_int_equal(qi_spc_layout(&f->in, NULL, f->cr, &L), QI_OK);
	assert_int_equal(L.nrules, 1);
	x_rule = L.rules[0].x;
	assert_int_equal(L.ncentres, 2);
	c = L.centres;
	assert_int_equal(c[0].first, 0);
	assert_int_equal(c[0].last, RULE_Q - 1);
	assert_int_equal(c[0].version, 1);
	assert_true(c[0].value == CL1);
	assert_int_equal(c[1].first, RULE_Q);
	assert_int_equal(c[1].last, NQ - 1);
	assert_int_equal(c[1].version, 2);
	assert_true(c[1].value == CL2);
	/* From the plot's edges to the rule, and not past it. */
	assert_true(fabs(c[0].x0 - L.frame.plot_x) < 1e-9);
	assert_true(fabs(c[0].x1 - x_rule) < 1e-9);
	assert_true(fabs(c[1].x0 - x_rule) < 1e-9);
	assert_true(fabs(c[1].x1 - (L.frame.plot_x + L.frame.plot_w)) < 1e-9);
	/* Each at its own segment's value: v2's higher rate is higher up. */
	assert_true(fabs(c[0].y - y_of(&L, CL1)) < 1e-9);
	assert_true(fabs(c[1].y - y_of(&L, CL2)) < 1e-9);
	assert_true(c[1].y < c[0].y - 10);
	/* Each piece lies inside the plot. */
	assert_true(c[0].y > L.frame.plot_y &&
	    c[0].y < L.frame.plot_y + L.frame.plot_h);
	assert_true(c[1].y > L.frame.plot_y &&
	    c[1].y < L.frame.plot_y + L.frame.plot_h);
	/* The legend and subtitle say there is one per version. */
	assert_true(has_text(&L.frame, "中心線（定義の版ごと）"));
	assert_true(has_words(&L.frame, "中心線: 定義の版ごとの四半期の率"));
	assert_false(has_words(&L.frame, "全四半期"));
	assert_true(has_words(&L.frame, "中心線と管理限界は版ごと"));
	qi_spc_layout_free(&L);
}

/* One version: one piece over every quarter, as the chart always had. */
static void
test_spc_one_version_gives_one_centre_over_all_quarters(void **state)
{
	struct fix *f = *state;
	struct qi_spc_layout L;
	struct qi_chartcfg cfg;
	long one[NQ];
	size_t i;

	for (i = 0; i < NQ; i++) {
		one[i] = 1;
		f->centre[i] = isnan(f->value[i]) ? NAN : CL1;
	}
	f->in.versions = one;
	assert_int_equal(qi_spc_layout(&f->in, NULL, f->cr, &L), QI_OK);
	assert_int_equal(L.nrules, 0);
	assert_int_equal(L.ncentres, 1);
	assert_int_equal(L.centres[0].first, 0);
	assert_int_equal(L.centres[0].last, NQ - 1);
	assert_true(fabs(L.centres[0].x0 - L.frame.plot_x) < 1e-9);
	assert_true(fabs(L.centres[0].x1 - (L.frame.plot_x +
	    L.frame.plot_w)) < 1e-9);
	assert_true(fabs(L.centres[0].y - y_of(&L, CL1)) < 1e-9);
	assert_true(has_text(&L.frame, "中心線"));
	assert_true(has_words(&L.frame, "中心線: 全四半期の率"));
	assert_false(has_words(&L.frame, "縦線"));
	qi_spc_layout_free(&L);

	/* No versions given at all: the same one piece. */
	f->in.versions = NULL;
	qi_chartcfg_defaults(&cfg);
	cfg.lang = "en";
	assert_int_equal(qi_spc_layout(&f->in, &cfg, f->cr, &L), QI_OK);
	assert_int_equal(L.ncentres, 1);
	assert_int_equal(L.centres[0].first, 0);
	assert_int_equal(L.centres[0].last, NQ - 1);
	assert_true(has_text(&L.frame, "centre line"));
	assert_true(has_words(&L.frame,
	    "centre line: the hospital's rate over all quarters"));
	qi_spc_layout_free(&L);
}

/*
 * A version segment without a centre line (fewer than two points, as
 * trend.c leaves it NaN): no piece there, and the other segment's piece
 * still starts at the rule; the subtitle names the version it belongs to.
 */
static void
test_spc_segment_without_centre_draws_none_there(void **state)
{
	struct fix *f = *state;
	struct qi_spc_layout L;
	struct qi_chartcfg cfg;
	size_t i;

	for (i = 0; i < RULE_Q; i++)
		f->centre[i] = NAN;
	qi_chartcfg_defaults(&cfg);
	cfg.lang = "en";
	assert_int_equal(qi_spc_layout(&f->in, &cfg, f->cr, &L), QI_OK);
	assert_int_equal(L.ncentres, 1);
	assert_int_equal(L.centres[0].first, RULE_Q);
	assert_true(fabs(L.centres[0].x0 - L.rules[0].x) < 1e-9);
	assert_true(fabs(L.centres[0].y - y_of(&L, CL2)) < 1e-9);
	assert_true(has_text(&L.frame, "centre line"));
	assert_true(has_words(&L.frame, "centre line: the hospital's rate "
	    "over the quarters of definition v2"));
	qi_spc_layout_free(&L);
}

/* No centre anywhere: nothing drawn, nothing in legend or subtitle. */
static void
test_spc_no_centre_line_no_legend_entry(void **state)
{
	struct fix *f = *state;
	struct qi_spc_layout L;
	size_t i, k;

	for (k = 0; k < 2; k++) {
		if (k == 0)
			f->in.centre = NULL;
		else {
			f->in.centre = f->centre;
			for (i = 0; i < NQ; i++)
				f->centre[i] = NAN;
		}
		assert_int_equal(qi_spc_layout(&f->in, NULL, f->cr, &L),
		    QI_OK);
		assert_int_equal(L.ncentres, 0);
		assert_false(has_words(&L.frame, "中心線"));
		assert_true(has_words(&L.frame, "管理限界: 四半期ごとの 3σ"));
		assert_true(has_text(&L.frame, "管理限界"));
		for (i = 0; i < L.frame.nkeys; i++)
			assert_int_not_equal(L.frame.keys[i].kind,
			    QI_KEY_TARGET);
		qi_spc_layout_free(&L);
	}
}

/*
 * The two-version chart in both languages, on a wide and a narrow page:
 * no two text boxes intersect and all lie on the page.
 */
static void
test_spc_two_versions_texts_never_collide(void **state)
{
	struct fix *f = *state;
	static const char *const langs[] = { "ja", "en" };
	static const double widths[] = { 900, 520, 400 };
	const struct qi_label *a, *b;
	struct qi_spc_layout L;
	struct qi_chartcfg cfg;
	size_t l, w, i, j;

	for (l = 0; l < 2; l++)
		for (w = 0; w < 3; w++) {
			qi_chartcfg_defaults(&cfg);
			cfg.lang = langs[l];
			cfg.width = widths[w];
			assert_int_equal(qi_spc_layout(&f->in, &cfg, f->cr,
			    &L), QI_OK);
			assert_int_equal(L.ncentres, 2);
			for (i = 0; i < L.frame.nlabels; i++) {
				a = &L.frame.labels[i];
				if (a->text[0] == '\0')
					continue;
				if (a->x < -1e-9 || a->y < -1e-9 ||
				    a->x + a->w > L.frame.width + 1e-9 ||
				    a->y + a->h > L.frame.height + 1e-9)
					fail_msg("%s/%g: \"%s\" off the page",
					    langs[l], widths[w], a->text);
				for (j = i + 1; j < L.frame.nlabels; j++) {
					b = &L.frame.labels[j];
					if (b->text[0] != '\0' &&
					    qi_box_hits(a->x, a->y, a->w,
					    a->h, b->x, b->y, b->w, b->h, 0))
						fail_msg("%s/%g: \"%s\" "
						    "overlaps \"%s\"",
						    langs[l], widths[w],
						    a->text, b->text);
				}
			}
			qi_spc_layout_free(&L);
		}
}

/* Darkness (0 white .. 1 black) of the pixel at (x, y) pt, drawn at 2x. */
static double
dark_at(cairo_surface_t *s, double x, double y)
{
	const unsigned char *d = cairo_image_surface_get_data(s);
	uint32_t px;
	int stride = cairo_image_surface_get_stride(s);

	px = *(const uint32_t *)(const void *)(d + (int)(2 * y) * stride +
	    4 * (int)(2 * x));
	return 1 - (((px >> 16) & 0xff) + ((px >> 8) & 0xff) +
	    (px & 0xff)) / 765.0;
}

/*
 * What is drawn is the layout: ink on v1's centre just left of the rule
 * and none just right of it at that height, and the reverse at v2's.
 */
static void
test_spc_two_versions_drawn_centre_stops_at_the_rule(void **state)
{
	struct fix *f = *state;
	struct qi_spc_layout L;
	cairo_surface_t *s;
	cairo_t *cr;
	double xr, y0, y1;

	assert_int_equal(qi_spc_layout(&f->in, NULL, f->cr, &L), QI_OK);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    (int)ceil(2 * L.frame.width), (int)ceil(2 * L.frame.height));
	cr = cairo_create(s);
	cairo_scale(cr, 2, 2);
	assert_int_equal(qi_spc_draw(cr, &L), QI_OK);
	cairo_surface_flush(s);
	xr = L.rules[0].x;
	y0 = L.centres[0].y;
	y1 = L.centres[1].y;
	assert_true(dark_at(s, xr - 4, y0) > 0.5);
	assert_true(dark_at(s, xr + 4, y0) < 0.3);
	assert_true(dark_at(s, xr + 4, y1) > 0.5);
	assert_true(dark_at(s, xr - 4, y1) < 0.3);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	qi_spc_layout_free(&L);
}

/* With QI_CHART_OUT set, write the two-version chart as PNG to look at. */
static void
test_spc_write_for_viewing(void **state)
{
	struct fix *f = *state;
	const char *dir = getenv("QI_CHART_OUT");
	struct qi_chartcfg cfg;
	char *path, name[64];
	size_t l, w;

	if (dir == NULL || *dir == '\0')
		skip();
	for (l = 0; l < 2; l++)
		for (w = 0; w < 2; w++) {
			qi_chartcfg_defaults(&cfg);
			cfg.lang = l ? "en" : "ja";
			cfg.width = w ? 520 : 900;
			snprintf(name, sizeof(name), "spc-versions-%s-%g.png",
			    cfg.lang, cfg.width);
			path = g_build_filename(dir, name, NULL);
			assert_int_equal(qi_spc_write(path, QI_FORMAT_PNG,
			    &f->in, &cfg, NULL), QI_OK);
			g_free(path);
		}
}

int
main(int argc, char *argv[])
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_spc_two_versions_give_two_centre_pieces_ending_at_the_rule),
		T(test_spc_one_version_gives_one_centre_over_all_quarters),
		T(test_spc_segment_without_centre_draws_none_there),
		T(test_spc_no_centre_line_no_legend_entry),
		T(test_spc_two_versions_texts_never_collide),
		T(test_spc_two_versions_drawn_centre_stops_at_the_rule),
		T(test_spc_write_for_viewing),
#undef T
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
