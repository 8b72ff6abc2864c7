/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_chart.c -- the caterpillar chart: layout arithmetic (rows, order,
 * suppression, labels, ticks, reference labels) and the files written
 * (signatures, pixel size, byte-identical output, errors).  Pixels are not
 * compared: they depend on the font and library versions.
 *
 * The fixture is built by hand: one indicator, two organisations, 30
 * hospitals with long Japanese names, five of them withheld by the
 * publication rule, and two pairs with equal rates.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <cairo.h>
#include <glib.h>

#include "qi.h"
#include "chart.h"
#include "fixture.h"

#define NHOSP	30
#define NRES	(NHOSP + 3)	/* all, two organisations, hospitals */

struct fix {
	struct qi_indicator	 ind;
	struct qi_defset	 defs;
	struct qi_org		 orgs[2];
	struct qi_hospital	 hosps[NHOSP];
	struct qi_registry	 reg;
	struct qi_result	 v[NRES];
	struct qi_results	 res;
	char			 ids[NHOSP][16];
	char			 names[NHOSP][256];
	struct qi_period	 p;
	cairo_surface_t		*surf;	/* for measuring text */
	cairo_t			*cr;
	char			*dir;	/* temporary output directory */
};

static const char *const stems[] = {
	"独立行政法人国立病院機構 北海道精神・神経医療研究センター附属こどもとおとなの総合医療センター",
	"東京",
	"独立行政法人労働者健康安全機構 関東労災病院（旧 川崎労災病院・リハビリテーション専門病院）",
	"大阪南医療センター",
	"ｶﾞﾝ研究ｾﾝﾀｰ附属病院ﾃﾞｽ半角カナの長い名前の病院ですが省略されます",
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

static void
suppress(struct qi_result *r, enum qi_status s)
{
	r->status = s;
	r->rate = r->lower = r->upper = NAN;
	r->numerator = -1;
	if (s == QI_STATUS_SMALL_DENOMINATOR)
		r->denominator = -1;
}

static int
setup(void **state)
{
	struct fix *f;
	struct qi_result *r;
	long num[2] = { 0, 0 }, den[2] = { 0, 0 }, n, d;
	size_t i;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	f->p.fy = 2024;
	f->p.q = 1;
	f->ind.id = "stroke_rehab";
	f->ind.version = 1;
	f->ind.title.ja = "急性期脳梗塞 早期リハビリテーション開始率";
	f->ind.title.en = "Early rehabilitation after acute stroke";
	f->ind.unit = QI_UNIT_PERCENT;
	f->ind.direction = QI_HIGHER_BETTER;
	f->ind.method = QI_CI_WILSON;
	f->ind.level = 0.95;
	f->ind.min_denominator = 10;
	f->ind.min_numerator = 3;
	f->defs.v = &f->ind;
	f->defs.n = 1;

	f->orgs[0] = (struct qi_org){ "NHO", "国立病院機構",
	    "National Hospital Organization", "https://nho.example/" };
	f->orgs[1] = (struct qi_org){ "JOHAS", "労働者健康安全機構",
	    "Japan Organization of Occupational Health and Safety",
	    "https://johas.example/" };
	for (i = 0; i < NHOSP; i++) {
		/* Ids in reverse of file order, so ties test the id order. */
		snprintf(f->ids[i], sizeof(f->ids[i]), "H%03zu", 100 - i);
		snprintf(f->names[i], sizeof(f->names[i]), "%s%zu",
		    stems[i % 5], i);
		f->hosps[i].id = f->ids[i];
		f->hosps[i].org = i < 22 ? 0 : 1;
		f->hosps[i].name_ja = f->names[i];
		f->hosps[i].name_en = NULL;
		f->hosps[i].region = "関東信越";
		f->hosps[i].beds = 300;
	}
	f->reg.orgs = f->orgs;
	f->reg.norgs = 2;
	f->reg.hosps = f->hosps;
	f->reg.nhosps = NHOSP;

	for (i = 0; i < NHOSP; i++) {
		r = &f->v[3 + i];
		r->scope = QI_SCOPE_HOSPITAL;
		r->period = f->p;
		r->org = (long)f->hosps[i].org;
		r->hospital = (long)i;
		d = 40 + (long)(i * 7 % 23) * 5;
		n = d * (long)(30 + i * 13 % 60) / 100;
		num[f->hosps[i].org] += n;
		den[f->hosps[i].org] += d;
		set_rate(r, n, d);
	}
	/* Two ties: hospitals 4 and 9, 12 and 25 (different orgs). */
	set_rate(&f->v[3 + 4], 30, 60);
	set_rate(&f->v[3 + 9], 50, 100);
	set_rate(&f->v[3 + 12], 21, 30);
	set_rate(&f->v[3 + 25], 70, 100);
	/* Five withheld by the publication rule. */
	suppress(&f->v[3 + 2], QI_STATUS_SMALL_DENOMINATOR);
	suppress(&f->v[3 + 7], QI_STATUS_SMALL_DENOMINATOR);
	suppress(&f->v[3 + 23], QI_STATUS_SMALL_DENOMINATOR);
	suppress(&f->v[3 + 15], QI_STATUS_SMALL_NUMERATOR);
	suppress(&f->v[3 + 28], QI_STATUS_EMPTY);
	f->v[3 + 28].denominator = 0;

	f->v[0].scope = QI_SCOPE_ALL;
	f->v[0].org = -1;
	f->v[0].hospital = -1;
	f->v[0].period = f->p;
	set_rate(&f->v[0], num[0] + num[1], den[0] + den[1]);
	for (i = 0; i < 2; i++) {
		r = &f->v[1 + i];
		r->scope = QI_SCOPE_ORG;
		r->org = (long)i;
		r->hospital = -1;
		r->period = f->p;
		set_rate(r, num[i], den[i]);
	}
	f->res.v = f->v;
	f->res.n = NRES;
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
	free(f);
	return 0;
}

/* Whole file into memory; g_free() it. */
static char *
slurp(const char *path, size_t *len)
{
	char *buf = NULL;
	gsize n = 0;

	if (!g_file_get_contents(path, &buf, &n, NULL))
		return NULL;
	*len = n;
	return buf;
}

static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
}

static size_t
count_status(const struct fix *f, int ok)
{
	size_t i, n = 0;

	for (i = 3; i < NRES; i++)
		if ((f->v[i].status == QI_STATUS_OK) == ok)
			n++;
	return n;
}

/*
 * Rows go best first (descending rate when higher is better, ascending
 * when lower is better); equal rates go by hospital id, whatever the
 * order of the results.
 */
static void
test_chart_layout_rows_sorted_with_deterministic_ties(void **state)
{
	struct fix *f = *state;
	struct qi_caterpillar_layout L, M;
	const struct qi_result *a, *b;
	struct qi_result tmp;
	long hosp[NHOSP];
	size_t i;

	assert_int_equal(qi_caterpillar_layout(&f->res, 0, f->p, NULL, f->cr,
	    &L), QI_OK);
	assert_int_equal(L.nrows, count_status(f, 1));
	/* The fixture's ties, in id order: 9 (H091) before 4 (H096). */
	for (i = 0; i < L.nrows; i++)
		if (f->v[L.rows[i].result].hospital == 4)
			break;
	assert_true(i > 0 && i < L.nrows);
	assert_int_equal(f->v[L.rows[i - 1].result].hospital, 9);
	for (i = 1; i < L.nrows; i++) {
		a = &f->v[L.rows[i - 1].result];
		b = &f->v[L.rows[i].result];
		assert_true(a->rate >= b->rate);
		if (a->rate == b->rate)
			assert_true(strcmp(f->hosps[a->hospital].id,
			    f->hosps[b->hospital].id) < 0);
		assert_true(L.rows[i].y > L.rows[i - 1].y);
	}

	/* Reverse the hospital results: same hospitals, same order. */
	for (i = 0; i < L.nrows; i++)
		hosp[i] = f->v[L.rows[i].result].hospital;
	for (i = 0; i < NHOSP / 2; i++) {
		tmp = f->v[3 + i];
		f->v[3 + i] = f->v[NRES - 1 - i];
		f->v[NRES - 1 - i] = tmp;
	}
	assert_int_equal(qi_caterpillar_layout(&f->res, 0, f->p, NULL, f->cr,
	    &M), QI_OK);
	assert_int_equal(M.nrows, L.nrows);
	for (i = 0; i < L.nrows; i++) {
		assert_int_equal(f->v[M.rows[i].result].hospital, hosp[i]);
		assert_string_equal(M.rows[i].label, L.rows[i].label);
	}
	qi_caterpillar_layout_free(&M);
	qi_caterpillar_layout_free(&L);

	/* Lower is better: ascending. */
	f->ind.direction = QI_LOWER_BETTER;
	assert_int_equal(qi_caterpillar_layout(&f->res, 0, f->p, NULL, f->cr,
	    &L), QI_OK);
	for (i = 1; i < L.nrows; i++) {
		a = &f->v[L.rows[i - 1].result];
		b = &f->v[L.rows[i].result];
		assert_true(a->rate <= b->rate);
		if (a->rate == b->rate)
			assert_true(strcmp(f->hosps[a->hospital].id,
			    f->hosps[b->hospital].id) < 0);
	}
	qi_caterpillar_layout_free(&L);
}

/* Withheld hospitals get no row and are counted, by reason, in the footer. */
static void
test_chart_layout_suppressed_excluded_and_counted(void **state)
{
	struct fix *f = *state;
	struct qi_caterpillar_layout L;
	size_t i;

	assert_int_equal(qi_caterpillar_layout(&f->res, 0, f->p, NULL, f->cr,
	    &L), QI_OK);
	assert_int_equal(L.nrows, NHOSP - 5);
	assert_int_equal(L.nsuppressed, 5);
	assert_int_equal(L.nsmall_den, 3);
	assert_int_equal(L.nsmall_num, 1);
	assert_int_equal(L.nempty, 1);
	for (i = 0; i < L.nrows; i++) {
		assert_int_equal(f->v[L.rows[i].result].status, QI_STATUS_OK);
		assert_int_equal(f->v[L.rows[i].result].scope,
		    QI_SCOPE_HOSPITAL);
	}
	assert_non_null(strstr(L.frame.labels[L.footer].text, "5 施設"));
	assert_non_null(strstr(L.frame.labels[L.footer].text, "10 未満"));
	qi_caterpillar_layout_free(&L);

	/* Another period has no results: no rows, nothing counted. */
	f->p.q = 2;
	assert_int_equal(qi_caterpillar_layout(&f->res, 0, f->p, NULL, f->cr,
	    &L), QI_OK);
	assert_int_equal(L.nrows, 0);
	assert_int_equal(L.nsuppressed, 0);
	qi_caterpillar_layout_free(&L);
}

/*
 * Every hospital label fits the label column, is valid UTF-8, and is
 * either the whole name or a prefix of it followed by "…".
 */
static void
test_chart_labels_fit_column_and_are_utf8(void **state)
{
	struct fix *f = *state;
	struct qi_caterpillar_layout L;
	struct qi_chartcfg cfg;
	const char *name;
	size_t i, len, nshort = 0;
	double w;

	qi_chartcfg_defaults(&cfg);
	cfg.label_max = 150;
	assert_int_equal(qi_caterpillar_layout(&f->res, 0, f->p, &cfg, f->cr,
	    &L), QI_OK);
	assert_true(L.label_w <= 150);
	assert_true(L.frame.plot_x >= L.label_x + L.label_w);
	for (i = 0; i < L.nrows; i++) {
		name = f->hosps[f->v[L.rows[i].result].hospital].name_ja;
		assert_true(g_utf8_validate(L.rows[i].label, -1, NULL));
		w = qi_text_width(f->cr, QI_FONT_LABEL, L.rows[i].label);
		assert_true(w <= L.label_w + 1e-6);
		if (strcmp(L.rows[i].label, name) == 0)
			continue;
		nshort++;
		len = strlen(L.rows[i].label);
		assert_true(len > 3);
		assert_string_equal(L.rows[i].label + len - 3, "…");
		assert_memory_equal(L.rows[i].label, name, len - 3);
	}
	assert_true(nshort > 0);
	qi_caterpillar_layout_free(&L);
}

/* Shortening keeps whole grapheme clusters and handles tiny widths. */
static void
test_chart_shorten_keeps_whole_characters(void **state)
{
	struct fix *f = *state;
	/* "か" + combining voiced mark (U+3099), repeated: never split. */
	const char *s = "か\xe3\x82\x99か\xe3\x82\x99か\xe3\x82\x99か\xe3\x82\x99"
	    "か\xe3\x82\x99か\xe3\x82\x99か\xe3\x82\x99か\xe3\x82\x99";
	char *t;
	double full, w;
	size_t len;

	full = qi_text_width(f->cr, QI_FONT_LABEL, s);
	for (w = 1; w < full; w += 0.75) {
		t = qi_text_shorten(f->cr, QI_FONT_LABEL, s, w);
		assert_non_null(t);
		assert_true(g_utf8_validate(t, -1, NULL));
		assert_true(qi_text_width(f->cr, QI_FONT_LABEL, t) <= w + 1e-6);
		len = strlen(t);
		if (len > 0) {
			assert_string_equal(t + len - 3, "…");
			/* Whole "が" clusters of 6 bytes each. */
			assert_int_equal((len - 3) % 6, 0);
		}
		g_free(t);
	}
	t = qi_text_shorten(f->cr, QI_FONT_LABEL, s, full + 1);
	assert_string_equal(t, s);
	g_free(t);
	t = qi_text_shorten(f->cr, QI_FONT_LABEL, "病院（旧 療養所）", 0.5);
	assert_string_equal(t, "");
	g_free(t);
}

/* Tick labels keep apart, at every page width, and cover the data. */
static void
test_chart_tick_labels_do_not_overlap(void **state)
{
	struct fix *f = *state;
	static const double widths[] = { 400, 520, 700, 900, 1400 };
	static const enum qi_unit units[] = { QI_UNIT_PERCENT,
	    QI_UNIT_PER_MILLE, QI_UNIT_PROPORTION };
	struct qi_caterpillar_layout L;
	struct qi_chartcfg cfg;
	const struct qi_result *r;
	double wa, wb, mult;
	size_t i, k, u;

	qi_chartcfg_defaults(&cfg);
	for (u = 0; u < 3; u++)
		for (k = 0; k < sizeof(widths) / sizeof(widths[0]); k++) {
			f->ind.unit = units[u];
			mult = units[u] == QI_UNIT_PERCENT ? 100 :
			    units[u] == QI_UNIT_PER_MILLE ? 1000 : 1;
			cfg.width = widths[k];
			assert_int_equal(qi_caterpillar_layout(&f->res, 0, f->p,
			    &cfg, f->cr, &L), QI_OK);
			assert_true(L.frame.x.nticks >= 2);
			for (i = 0; i + 1 < L.frame.x.nticks; i++) {
				wa = qi_text_width(f->cr, QI_FONT_TICK,
				    L.frame.x.ticks[i].label);
				wb = qi_text_width(f->cr, QI_FONT_TICK,
				    L.frame.x.ticks[i + 1].label);
				assert_true(L.frame.x.ticks[i].x + wa / 2 <
				    L.frame.x.ticks[i + 1].x - wb / 2);
				assert_true(L.frame.x.ticks[i].value <
				    L.frame.x.ticks[i + 1].value);
			}
			assert_true(L.frame.x.ticks[0].x >= L.frame.plot_x);
			assert_true(L.frame.x.ticks[L.frame.x.nticks - 1].x <=
			    L.frame.plot_x + L.frame.plot_w);
			/* Clear of the name and value columns' headings. */
			wa = qi_text_width(f->cr, QI_FONT_TICK,
			    L.frame.x.ticks[0].label);
			assert_true(L.frame.x.ticks[0].x - wa / 2 >
			    L.label_x + L.label_w + 2);
			wb = qi_text_width(f->cr, QI_FONT_TICK,
			    L.frame.x.ticks[L.frame.x.nticks - 1].label);
			assert_true(L.frame.x.ticks[L.frame.x.nticks - 1].x + wb / 2 <
			    (L.value_w > 0 ? L.value_x : L.frame.width) - 2);
			for (i = 0; i < L.nrows; i++) {
				r = &f->v[L.rows[i].result];
				assert_true(r->lower * mult >= L.frame.x.lo - 1e-9);
				assert_true(r->upper * mult <= L.frame.x.hi + 1e-9);
				assert_true(L.rows[i].x_lo >= L.frame.plot_x);
				assert_true(L.rows[i].x_hi <=
				    L.frame.plot_x + L.frame.plot_w);
			}
			qi_caterpillar_layout_free(&L);
		}
}

static int
boxes_overlap(const struct qi_catref *a, const struct qi_catref *b)
{
	return a->box_x < b->box_x + b->box_w &&
	    b->box_x < a->box_x + a->box_w &&
	    a->box_y < b->box_y + b->box_h &&
	    b->box_y < a->box_y + a->box_h;
}

/* Does a's line (from y_top down) pass through b's label? */
static int
line_crosses(const struct qi_catref *a, const struct qi_catref *b)
{
	return a->x >= b->box_x && a->x <= b->box_x + b->box_w &&
	    a->y_top < b->box_y + b->box_h;
}

static void
check_refs(struct fix *f, double rate0, double rate1, double width)
{
	struct qi_caterpillar_layout L;
	struct qi_chartcfg cfg;
	double w;
	size_t i;

	qi_chartcfg_defaults(&cfg);
	cfg.width = width;
	f->v[1].rate = rate0;
	f->v[2].rate = rate1;
	assert_int_equal(qi_caterpillar_layout(&f->res, 0, f->p, &cfg, f->cr,
	    &L), QI_OK);
	assert_int_equal(L.nrefs, 2);
	assert_false(boxes_overlap(&L.refs[0], &L.refs[1]));
	assert_false(line_crosses(&L.refs[0], &L.refs[1]));
	assert_false(line_crosses(&L.refs[1], &L.refs[0]));
	for (i = 0; i < 2; i++) {
		w = qi_text_width(f->cr, QI_FONT_REF, L.refs[i].label);
		assert_true(fabs(w - L.refs[i].box_w) < 1e-6);
		assert_true(L.refs[i].box_x >= L.frame.margin);
		assert_true(L.refs[i].box_x + L.refs[i].box_w <=
		    L.frame.width - L.frame.margin + 1e-6);
		assert_true(L.refs[i].x >= L.frame.plot_x &&
		    L.refs[i].x <= L.frame.plot_x + L.frame.plot_w);
		/* Above the plot, below the headings. */
		assert_true(L.refs[i].box_y + L.refs[i].box_h <= L.frame.plot_y);
		assert_true(L.refs[i].box_y >= L.head_y + L.tick_h);
	}
	qi_caterpillar_layout_free(&L);
}

/*
 * The two organisations' reference labels never overlap each other or
 * the other's line: equal pooled rates, close ones, both near an edge.
 */
static void
test_chart_ref_labels_do_not_overlap(void **state)
{
	struct fix *f = *state;
	static const double widths[] = { 400, 600, 900 };
	double r;
	size_t k;

	for (k = 0; k < 3; k++) {
		check_refs(f, 0.55, 0.55, widths[k]);
		check_refs(f, 0.55, 0.56, widths[k]);
		check_refs(f, 0.56, 0.55, widths[k]);
		check_refs(f, 0.55, 0.60, widths[k]);
		for (r = 0.30; r <= 0.90; r += 0.02) {
			check_refs(f, r, r, widths[k]);
			check_refs(f, r, r + 0.005, widths[k]);
			check_refs(f, r + 0.02, r, widths[k]);
		}
	}
}

static enum qi_err
write_chart(struct fix *f, const char *name, enum qi_format fmt,
    const struct qi_chartcfg *cfg, char **path)
{
	struct qi_diag *d = qi_diag_alloc();
	enum qi_err rc;

	*path = g_build_filename(f->dir, name, NULL);
	rc = qi_caterpillar_write(*path, fmt, &f->res, 0, f->p, cfg, d);
	if (rc != QI_OK)
		qi_diag_print(d, stderr);
	qi_diag_free(d);
	return rc;
}

/* A PNG has the PNG signature and is width x height pt times the scale. */
static void
test_chart_png_signature_and_size(void **state)
{
	struct fix *f = *state;
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r',
	    '\n', 0x1a, '\n' };
	struct qi_caterpillar_layout L;
	struct qi_chartcfg cfg;
	unsigned char *buf;
	char *path;
	size_t len;
	int s;

	qi_chartcfg_defaults(&cfg);
	assert_int_equal(qi_caterpillar_layout(&f->res, 0, f->p, &cfg, f->cr,
	    &L), QI_OK);
	for (s = 1; s <= 2; s++) {
		cfg.scale = s;
		assert_int_equal(write_chart(f, "c.png", QI_FORMAT_PNG, &cfg,
		    &path), QI_OK);
		buf = (unsigned char *)slurp(path, &len);
		assert_non_null(buf);
		assert_true(len > 33);
		assert_memory_equal(buf, sig, 8);
		assert_memory_equal(buf + 12, "IHDR", 4);
		assert_int_equal(be32(buf + 16), 900 * s);
		assert_int_equal(be32(buf + 20), (unsigned long)(L.frame.height * s));
		g_free(buf);
		g_free(path);
	}
	assert_true(L.frame.height == floor(L.frame.height));
	qi_caterpillar_layout_free(&L);
}

/* A PDF starts with %PDF- (its text is checked by the CLI tests). */
static void
test_chart_pdf_signature(void **state)
{
	struct fix *f = *state;
	char *buf, *path;
	size_t len;

	assert_int_equal(write_chart(f, "c.pdf", QI_FORMAT_PDF, NULL, &path),
	    QI_OK);
	buf = slurp(path, &len);
	assert_non_null(buf);
	assert_true(len > 5);
	assert_memory_equal(buf, "%PDF-", 5);
	g_free(buf);
	g_free(path);
}

/* Writing the same chart twice gives the same bytes, in every format. */
static void
test_chart_output_is_byte_identical(void **state)
{
	struct fix *f = *state;
	static const struct {
		enum qi_format	 fmt;
		const char	*a, *b;
	} t[] = {
		{ QI_FORMAT_PNG, "a.png", "b.png" },
		{ QI_FORMAT_PDF, "a.pdf", "b.pdf" },
		{ QI_FORMAT_SVG, "a.svg", "b.svg" },
	};
	char *pa, *pb, *ba, *bb;
	size_t i, la, lb;

	for (i = 0; i < 3; i++) {
		assert_int_equal(write_chart(f, t[i].a, t[i].fmt, NULL, &pa),
		    QI_OK);
		assert_int_equal(write_chart(f, t[i].b, t[i].fmt, NULL, &pb),
		    QI_OK);
		ba = slurp(pa, &la);
		bb = slurp(pb, &lb);
		assert_non_null(ba);
		assert_non_null(bb);
		assert_true(la > 100);
		assert_int_equal(la, lb);
		assert_memory_equal(ba, bb, la);
		g_free(ba);
		g_free(bb);
		g_free(pa);
		g_free(pb);
	}
}

/* A path in a missing directory is a system error with a diagnostic. */
static void
test_chart_missing_directory_is_esys(void **state)
{
	struct fix *f = *state;
	struct qi_diag *d = qi_diag_alloc();
	char *path;
	enum qi_format fmt;

	path = g_build_filename(f->dir, "no-such-dir", "c.png", NULL);
	for (fmt = QI_FORMAT_PNG; fmt <= QI_FORMAT_SVG; fmt++) {
		assert_int_equal(qi_caterpillar_write(path, fmt, &f->res, 0,
		    f->p, NULL, d), QI_ESYS);
		assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
	}
	assert_int_equal(qi_diag_count(d, QI_ERROR), 3);
	g_free(path);
	qi_diag_free(d);
}

/* Bad arguments are usage errors, not crashes. */
static void
test_chart_bad_arguments_are_eusage(void **state)
{
	struct fix *f = *state;
	struct qi_caterpillar_layout L;
	struct qi_chartcfg cfg;

	assert_int_equal(qi_caterpillar_layout(&f->res, 1, f->p, NULL, f->cr,
	    &L), QI_EUSAGE);
	assert_null(L.rows);
	qi_chartcfg_defaults(&cfg);
	cfg.width = 200;
	assert_int_equal(qi_caterpillar_layout(&f->res, 0, f->p, &cfg, f->cr,
	    &L), QI_EUSAGE);
	qi_caterpillar_layout_free(&L);	/* harmless on a zeroed layout */
	qi_caterpillar_layout_free(NULL);
}

/* With every hospital withheld, the chart still writes, with a note. */
static void
test_chart_all_suppressed_still_writes(void **state)
{
	struct fix *f = *state;
	struct qi_caterpillar_layout L;
	char *path;
	size_t i;

	for (i = 3; i < NRES; i++)
		if (f->v[i].status == QI_STATUS_OK)
			suppress(&f->v[i], QI_STATUS_SMALL_DENOMINATOR);
	assert_int_equal(qi_caterpillar_layout(&f->res, 0, f->p, NULL, f->cr,
	    &L), QI_OK);
	assert_int_equal(L.nrows, 0);
	assert_int_equal(L.nsuppressed, NHOSP);
	assert_true(L.empty != QI_NOLABEL);
	qi_caterpillar_layout_free(&L);
	assert_int_equal(write_chart(f, "e.pdf", QI_FORMAT_PDF, NULL, &path),
	    QI_OK);
	g_free(path);
}

/* Titles name the period in the chosen language. */
static void
test_chart_title_names_period(void **state)
{
	struct fix *f = *state;
	struct qi_caterpillar_layout L;
	struct qi_chartcfg cfg;

	assert_int_equal(qi_caterpillar_layout(&f->res, 0, f->p, NULL, f->cr,
	    &L), QI_OK);
	assert_non_null(strstr(L.frame.labels[L.frame.title].text, f->ind.title.ja));
	assert_non_null(strstr(L.frame.labels[L.frame.title].text, "2024年度 第1四半期"));
	assert_non_null(strstr(L.frame.labels[L.subtitle].text, "高いほど良い"));
	assert_non_null(strstr(L.frame.labels[L.subtitle].text, "95% 信頼区間 (Wilson)"));
	qi_caterpillar_layout_free(&L);

	qi_chartcfg_defaults(&cfg);
	cfg.lang = "en";
	f->p.q = 0;
	assert_int_equal(qi_caterpillar_layout(&f->res, 0, f->p, &cfg, f->cr,
	    &L), QI_OK);
	assert_non_null(strstr(L.frame.labels[L.frame.title].text, f->ind.title.en));
	assert_non_null(strstr(L.frame.labels[L.frame.title].text, "FY2024"));
	qi_caterpillar_layout_free(&L);
}

/*
 * Under AddressSanitizer: fontconfig's caches (held by pango's font map
 * for the life of the process) and cairo 1.16's PDF writer (1.5 KB per
 * document, inside cairo_surface_finish) leak by design.  The fast
 * unwinder stops inside libcairo, so the whole library is named; our own
 * allocations are still checked.
 */
const char *__lsan_default_suppressions(void);

/*
 * A PNG that cannot be written (a full disk: /dev/full) fails with
 * errno's reason for the caller to report, and libpng prints nothing of
 * its own on stderr.
 */
static void
test_chart_png_write_failure_is_reported_not_printed(void **state)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    64, 64);
	cairo_t *cr = cairo_create(s);
	FILE *full = fopen("/dev/full", "w"), *err = tmpfile();
	int saved, rc;

	(void)state;
	assert_non_null(full);
	assert_non_null(err);
	setvbuf(full, NULL, _IONBF, 0);
	cairo_set_source_rgb(cr, 0.2, 0.4, 0.6);
	cairo_paint(cr);
	fflush(stderr);
	saved = dup(2);
	assert_true(saved >= 0 && dup2(fileno(err), 2) == 2);
	errno = 0;
	rc = qi_png_write(s, full);
	fflush(stderr);
	assert_true(dup2(saved, 2) == 2);
	close(saved);
	assert_int_equal(rc, -1);
	assert_int_equal(errno, ENOSPC);
	assert_int_equal(ftell(err), 0);	/* nothing printed */
	fclose(err);
	fclose(full);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n"
	    "leak:libcairo.so\n";
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_chart_layout_rows_sorted_with_deterministic_ties,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_chart_layout_suppressed_excluded_and_counted,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_chart_labels_fit_column_and_are_utf8,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_chart_shorten_keeps_whole_characters,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_chart_tick_labels_do_not_overlap,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_chart_ref_labels_do_not_overlap,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_chart_png_signature_and_size,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_chart_pdf_signature,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_chart_output_is_byte_identical,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_chart_missing_directory_is_esys,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_chart_bad_arguments_are_eusage,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_chart_all_suppressed_still_writes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_chart_title_names_period,
		    setup, teardown),
		cmocka_unit_test(
		    test_chart_png_write_failure_is_reported_not_printed),
	};
	int rc;

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	return rc;
}
