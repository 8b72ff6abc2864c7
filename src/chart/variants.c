/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * variants.c -- the dot-and-arrow chart of qi variants: for one
 * indicator and period, one row per hospital published under both
 * variants, ordered by the rate under the first (a; ties by hospital id),
 * a hollow dot at the rate under a and an arrow to a filled dot at the
 * rate under b, in the organisation's colour.  Drawn onto the caller's
 * cairo_t (qi_chart_write()).
 *
 * Page, top to bottom (pt): title (indicator, period, a -> b), a note
 * on the counts, tick labels, the rows, tick labels again.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "chart.h"
#include "variants.h"

#define ROW_H		12.0	/* pt per hospital */
#define HEAD_H		70.0	/* title, note and top ticks, pt */
#define FOOT_H		40.0	/* bottom ticks and margin, pt */
#define LABEL_W		190.0	/* hospital-name column, pt */
#define DOT_R		2.6	/* dot radius, pt */
#define HEAD_LEN	4.5	/* arrowhead, pt */

/* The rows drawn: published under both variants. */
static size_t
shown(const struct qi_varcmp *c, size_t *idx)
{
	size_t i, n = 0;

	for (i = 0; i < c->n; i++)
		if (!isnan(c->rows[i].rate[0]) && !isnan(c->rows[i].rate[1]))
			idx[n++] = i;
	return n;
}

static const struct qi_varcmp *sort_c;	/* for cmp_rows; set under the
					   caller's single thread */

static int
cmp_rows(const void *pa, const void *pb)
{
	const struct qi_varrow *a = &sort_c->rows[*(const size_t *)pa];
	const struct qi_varrow *b = &sort_c->rows[*(const size_t *)pb];

	if (a->rate[0] != b->rate[0])
		return a->rate[0] > b->rate[0] ? -1 : 1;
	return strcmp(sort_c->reg->hosps[a->hospital].id,
	    sort_c->reg->hosps[b->hospital].id);
}

double
qi_varcmp_chart_height(const struct qi_varcmp *c, double w)
{
	size_t *idx = g_new(size_t, c->n ? c->n : 1), n = shown(c, idx);

	(void)w;
	g_free(idx);
	return ceil(HEAD_H + FOOT_H + ROW_H * (double)(n ? n : 1));
}

/* A "nice" tick step for a range (1, 2 or 5 times a power of ten). */
static double
tick_step(double range)
{
	double raw = range / 6.0, p = pow(10.0, floor(log10(raw))), m = raw /
	    p;

	return p * (m < 1.5 ? 1.0 : m < 3.5 ? 2.0 : m < 7.5 ? 5.0 : 10.0);
}

static void
text(cairo_t *cr, enum qi_font f, const char *s, double x, double y,
    enum qi_align al, struct qi_rgb col)
{
	PangoLayout *l = qi_text_layout(cr, f, s, 0);

	if (l == NULL)
		return;
	qi_style_set_rgb(cr, col);
	qi_text_draw(cr, l, x, y, al);
	g_object_unref(l);
}

static void
ticks(cairo_t *cr, double lo, double step, double hi, double x0, double x1,
    double vmin, double vmax, double y, int decimals)
{
	const struct qi_style *st = qi_style_get();
	char buf[32];
	double v, x;

	for (v = lo; v <= hi + step / 2; v += step) {
		x = x0 + (v - vmin) / (vmax - vmin) * (x1 - x0);
		g_snprintf(buf, sizeof(buf), "%.*f", decimals, v);
		text(cr, QI_FONT_TICK, buf, x, y, QI_ALIGN_CENTER, st->muted);
	}
}

enum qi_err
qi_varcmp_draw(cairo_t *cr, double width, double height, void *ctx)
{
	const struct qi_varcmp *c = ctx;
	const struct qi_indicator *ind = &c->defs->v[c->indicator];
	const struct qi_style *st = qi_style_get();
	const struct qi_hospital *h;
	double m = qi_unit_multiplier(ind->unit), vmin = INFINITY,
	    vmax = -INFINITY, x0, x1, y, xa, xb, step, lo, hi, ang, v;
	size_t *idx, n, i, k;
	char label[16], *title, *name;
	int decimals;

	idx = g_new(size_t, c->n ? c->n : 1);
	n = shown(c, idx);
	sort_c = c;
	qsort(idx, n, sizeof(*idx), cmp_rows);
	for (i = 0; i < n; i++)
		for (k = 0; k < 2; k++) {
			v = c->rows[idx[i]].rate[k] * m;
			vmin = fmin(vmin, v);
			vmax = fmax(vmax, v);
		}
	if (n == 0 || vmax <= vmin) {
		vmin = n == 0 ? 0 : vmin - 1;
		vmax = n == 0 ? 1 : vmax + 1;
	}
	step = tick_step(vmax - vmin);
	lo = floor(vmin / step) * step;
	hi = ceil(vmax / step) * step;
	vmin = lo;
	vmax = hi;
	decimals = step >= 1 ? 0 : (int)ceil(-log10(step));

	qi_style_set_rgb(cr, st->background);
	cairo_rectangle(cr, 0, 0, width, height);
	cairo_fill(cr);
	qi_period_format(c->period, label, sizeof(label));
	title = g_strdup_printf("%s  %s  %s \xe2\x86\x92 %s", ind->title.ja,
	    label, c->name[0], c->name[1]);
	text(cr, QI_FONT_TITLE, title, st->margin, 12, QI_ALIGN_LEFT,
	    st->ink);
	g_free(title);
	title = g_strdup_printf("\xe2\x97\x8b %s \xe2\x86\x92 \xe2\x97\x8f %s;"
	    " %zu hospitals published under both (of %zu with results); "
	    "%s%s", c->name[0][0] == '-' ? "as defined" : c->name[0],
	    c->name[1][0] == '-' ? "as defined" : c->name[1], n, c->n,
	    qi_name_of(qi_unit_names, (int)ind->unit),
	    ind->kind == QI_KIND_RATE ? " of exposure" : "");
	text(cr, QI_FONT_SUBTITLE, title, st->margin, 36, QI_ALIGN_LEFT,
	    st->muted);
	g_free(title);

	x0 = st->margin + LABEL_W + st->gap;
	x1 = width - st->margin;
	ticks(cr, lo, step, hi, x0, x1, vmin, vmax, HEAD_H - 14, decimals);
	ticks(cr, lo, step, hi, x0, x1, vmin, vmax, HEAD_H + ROW_H *
	    (double)n + 4, decimals);
	qi_style_set_rgb(cr, st->grid);
	cairo_set_line_width(cr, st->grid_width);
	for (v = lo; v <= hi + step / 2; v += step) {
		xa = x0 + (v - vmin) / (vmax - vmin) * (x1 - x0);
		cairo_move_to(cr, xa, HEAD_H);
		cairo_line_to(cr, xa, HEAD_H + ROW_H * (double)n);
	}
	cairo_stroke(cr);

	for (i = 0; i < n; i++) {
		const struct qi_varrow *r = &c->rows[idx[i]];
		struct qi_rgb col;

		h = &c->reg->hosps[r->hospital];
		col = qi_style_org(h->org)->colour;
		y = HEAD_H + ROW_H * ((double)i + 0.5);
		if (i % 2 == 1) {
			qi_style_set_rgb(cr, st->band);
			cairo_rectangle(cr, st->margin, y - ROW_H / 2,
			    width - 2 * st->margin, ROW_H);
			cairo_fill(cr);
		}
		name = qi_text_shorten(cr, QI_FONT_LABEL,
		    qi_hospital_name(h, 0), LABEL_W);
		if (name != NULL) {
			text(cr, QI_FONT_LABEL, name, st->margin, y - 5,
			    QI_ALIGN_LEFT, st->ink);
			free(name);
		}
		xa = x0 + (r->rate[0] * m - vmin) / (vmax - vmin) * (x1 - x0);
		xb = x0 + (r->rate[1] * m - vmin) / (vmax - vmin) * (x1 - x0);
		qi_style_set_rgb(cr, col);
		cairo_set_line_width(cr, 1.0);
		if (fabs(xb - xa) > DOT_R * 2 + HEAD_LEN) {
			/* Shaft from a's dot to b's, then the head. */
			ang = xb > xa ? 0 : G_PI;
			cairo_move_to(cr, xa + cos(ang) * DOT_R, y);
			cairo_line_to(cr, xb - cos(ang) * DOT_R, y);
			cairo_stroke(cr);
			cairo_move_to(cr, xb - cos(ang) * DOT_R, y);
			cairo_line_to(cr, xb - cos(ang) * (DOT_R + HEAD_LEN),
			    y - HEAD_LEN / 2);
			cairo_line_to(cr, xb - cos(ang) * (DOT_R + HEAD_LEN),
			    y + HEAD_LEN / 2);
			cairo_close_path(cr);
			cairo_fill(cr);
		}
		cairo_arc(cr, xa, y, DOT_R, 0, 2 * G_PI);
		cairo_stroke(cr);
		cairo_arc(cr, xb, y, DOT_R, 0, 2 * G_PI);
		cairo_fill(cr);
	}
	g_free(idx);
	return cairo_status(cr) == CAIRO_STATUS_SUCCESS ? QI_OK : QI_ESYS;
}
