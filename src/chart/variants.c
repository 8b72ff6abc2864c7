/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * variants.c -- the dot-and-arrow chart of qi variants: for one
 * indicator and period, one row per hospital published under both
 * variants, ordered by the rate under the first (a; highest first, ties
 * by hospital id), a hollow dot at the rate under a and an arrow to a
 * filled dot at the rate under b, in the organisation's colour.
 *
 * Page (frame.c), top to bottom: title (indicator, period, a -> b),
 * subtitle (direction, the two variants described), legend (a dot per
 * organisation, then hollow -> filled), a strip with the name column's
 * heading (and tick labels over a long plot), the rows, the x axis in
 * the indicator's display unit, a footer with the counts.
 *
 * Columns: hospital names | plot.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "chart_impl.h"

#define MIN_PLOT_W	150.0	/* pt */
#define NAME_MIN_W	60.0	/* least width of the name column, pt */
#define TOP_TICK_ROWS	40	/* more rows: tick labels above the plot too */

/* A row to sort: the key travels with it, so qsort needs no context. */
struct order {
	double		 a;		/* rate under a */
	const char	*id;		/* hospital id (borrowed) */
	size_t		 row;		/* index into the input's rows */
};

void
qi_varcmp_layout_free(struct qi_varcmp_layout *L)
{
	if (L == NULL)
		return;
	qi_frame_free(&L->frame);
	g_free(L->marks);
	memset(L, 0, sizeof(*L));
}

static int
row_shown(const struct qi_varrow *r)
{
	return isfinite(r->rate[0]) && isfinite(r->rate[1]);
}

/* Rate under a, highest first; equal rates by hospital id. */
static int
cmp_order(const void *pa, const void *pb)
{
	const struct order *a = pa, *b = pb;

	if (a->a != b->a)
		return a->a > b->a ? -1 : 1;
	return strcmp(a->id, b->id);
}

/* A variant's name as shown: "as defined" for "-". */
static const char *
variant_name(const char *name, int en)
{
	if (strcmp(name, "-") == 0)
		return en ? "as defined" : "定義どおり";
	return name;
}

/* A variant's description in the language; NULL for "-" or none. */
static const char *
variant_text(const struct qi_indicator *ind, const char *name, int en)
{
	const struct qi_variant *v;
	long k;

	if (strcmp(name, "-") == 0 || (k = qi_variant_find(ind, name)) < 0)
		return NULL;
	v = &ind->variants[k];
	if (en && v->en != NULL && *v->en != '\0')
		return v->en;
	return v->ja;
}

static enum qi_err
varcmp_head(struct qi_frame *F, cairo_t *cr, const struct qi_varcmp *c,
    const struct qi_chartcfg *cfg)
{
	const struct qi_indicator *ind = &c->defs->v[c->indicator];
	char *title, *sub, *period, *item[3], *w;
	const char *d;
	double x = 0;
	size_t k, n = 0, o;
	enum qi_err rc;
	int en = qi_chart_lang_en(cfg);
	const char *a = variant_name(c->name[0], en);
	const char *b = variant_name(c->name[1], en);

	period = qi_fmt_period(c->period, en);
	title = g_strdup_printf(en ? "%s, %s: %s \xe2\x86\x92 %s" :
	    "%s　%s　%s \xe2\x86\x92 %s", qi_text_of(&ind->title, en), period,
	    a, b);
	g_free(period);
	item[n++] = g_strdup(qi_direction_words(ind->direction, en));
	for (k = 0; k < 2; k++) {
		d = variant_text(ind, c->name[k], en);
		item[n++] = g_strdup_printf(d == NULL ? "%s: %s" :
		    "%s: %s \xe2\x80\x94 %s", k == 0 ? "a" : "b",
		    variant_name(c->name[k], en), d);
	}
	sub = qi_text_join_fitting(cr, QI_FONT_SUBTITLE, item, n,
	    en ? "  \xc2\xb7  " : "\xe3\x80\x80\xe3\x80\x80",
	    cfg->width - 2 * qi_style_get()->margin);
	for (k = 0; k < n; k++)
		g_free(item[k]);
	rc = qi_frame_begin(F, cr, cfg, title, sub);
	g_free(title);
	g_free(sub);
	if (rc != QI_OK)
		return rc;
	for (o = 0; o < c->reg->norgs; o++)
		qi_frame_legend(F, cr, &x, QI_KEY_DOT, o,
		    qi_org_name(&c->reg->orgs[o], en));
	w = g_strdup_printf(en ? "hollow: a (%s) \xe2\x86\x92 filled: b (%s)" :
	    "白抜き: a（%s）\xe2\x86\x92 塗り: b（%s）", a, b);
	qi_frame_legend(F, cr, &x, QI_KEY_CHANGE, 0, w);
	g_free(w);
	qi_frame_legend_end(F, cr, x);
	return QI_OK;
}

/* "率（%）", with what a rate per exposure is per. */
static char *
axis_title(const struct qi_indicator *ind, int en)
{
	const char *u = qi_unit_axis_title(ind->unit, en);

	if (ind->kind != QI_KIND_RATE)
		return g_strdup(u);
	return g_strdup_printf(en ? "%s per %s" : "%s　%s あたり", u,
	    qi_text_of(&ind->exposure, en));
}

/* The rows shown, in their order; *n of them.  g_free() it. */
static struct order *
rows_in_order(const struct qi_varcmp *c, size_t *n)
{
	struct order *ord;
	size_t i;

	*n = 0;
	ord = g_new0(struct order, c->n ? c->n : 1);
	for (i = 0; i < c->n; i++) {
		if (!row_shown(&c->rows[i]))
			continue;
		ord[*n].a = c->rows[i].rate[0];
		ord[*n].id = c->reg->hosps[c->rows[i].hospital].id;
		ord[(*n)++].row = i;
	}
	qsort(ord, *n, sizeof(*ord), cmp_order);
	return ord;
}

enum qi_err
qi_varcmp_layout(const struct qi_varcmp *c, const struct qi_chartcfg *cfgp,
    cairo_t *measure, struct qi_varcmp_layout *L)
{
	const struct qi_style *st = qi_style_get();
	const struct qi_indicator *ind;
	const struct qi_varrow *r;
	const struct qi_hospital *h;
	struct qi_varmark *mk;
	struct qi_chartcfg cfg;
	struct qi_frame *F = &L->frame;
	struct order *ord = NULL;
	cairo_surface_t *scratch = NULL;
	cairo_t *cr;
	double m, cap, lo = INFINITY, hi = -INFINITY, namew = 0, w, th, y, y0;
	char *s, *axis, *foot;
	const char *note;
	size_t i, k, n = 0;
	enum qi_err rc;
	int en, top;

	memset(L, 0, sizeof(*L));
	L->empty = QI_NOLABEL;
	if (cfgp != NULL)
		cfg = *cfgp;
	else
		qi_chartcfg_defaults(&cfg);
	if (c == NULL || c->defs == NULL || c->reg == NULL ||
	    !(cfg.width >= 400.0) ||
	    c->indicator >= c->defs->n || (c->n > 0 && c->rows == NULL) ||
	    !(cfg.row_height > 0) || !(cfg.label_max > 0))
		return QI_EUSAGE;
	for (i = 0; i < c->n; i++)
		if (c->rows[i].hospital >= c->reg->nhosps)
			return QI_EUSAGE;
	ind = &c->defs->v[c->indicator];
	en = qi_chart_lang_en(&cfg);
	cr = qi_measure_begin(measure, &scratch);
	if ((rc = varcmp_head(F, cr, c, &cfg)) != QI_OK)
		goto out;
	ord = rows_in_order(c, &n);
	L->nresults = c->n;
	L->nmarks = n;
	L->marks = g_new0(struct qi_varmark, n ? n : 1);

	/* The name column and the data range, display units. */
	m = qi_unit_multiplier(ind->unit);
	for (i = 0; i < n; i++) {
		r = &c->rows[ord[i].row];
		h = &c->reg->hosps[r->hospital];
		namew = fmax(namew, qi_text_width(cr, QI_FONT_LABEL,
		    qi_hospital_name(h, en)));
		for (k = 0; k < 2; k++) {
			lo = fmin(lo, r->rate[k] * m);
			hi = fmax(hi, r->rate[k] * m);
		}
	}
	cap = ind->kind == QI_KIND_RATE ? INFINITY : m;
	if (n == 0) {
		lo = 0;
		hi = m;
	}
	w = F->width - 2 * F->margin;
	L->label_x = F->margin;
	L->label_w = fmin(fmin(fmax(namew, NAME_MIN_W), cfg.label_max), 0.35 * w);
	F->plot_x = L->label_x + L->label_w + st->gap;
	F->plot_w = F->width - F->margin - F->plot_x;
	if (F->plot_w < MIN_PLOT_W - 1e-9) {
		rc = QI_EUSAGE;
		goto out;
	}

	/* Heading strip: the name column's heading, tick labels later. */
	top = n > TOP_TICK_ROWS;
	qi_frame_text(F, cr, QI_FONT_HEAD, en ? "Hospital" : "施設",
	    L->label_x, F->cursor, QI_ALIGN_LEFT, st->ink);
	th = qi_text_height(cr, QI_FONT_HEAD, "国");
	if (top)
		th = fmax(th, qi_text_height(cr, QI_FONT_TICK, "0123456789"));
	y = F->cursor;
	F->cursor += th + 4;

	/* Rows as tall as a name, at least cfg.row_height; the plot at
	   least three rows tall, fewer rows centred in it. */
	F->plot_y = F->cursor;
	L->row_h = fmax(cfg.row_height,
	    ceil(qi_text_height(cr, QI_FONT_LABEL, "国") + 0.5));
	F->plot_h = L->row_h * (double)(n > 3 ? n : 3);
	y0 = F->plot_y + (F->plot_h - L->row_h * (double)n) / 2;
	axis = axis_title(ind, en);
	qi_frame_xaxis(F, cr, lo, hi, 0.0, cap, axis);
	g_free(axis);
	for (i = 0; top && i < F->x.nticks; i++)
		qi_frame_text(F, cr, QI_FONT_TICK, F->x.ticks[i].label,
		    F->x.ticks[i].x, y + th - F->x.label_h, QI_ALIGN_CENTER,
		    st->muted);

	for (i = 0; i < n; i++) {
		r = &c->rows[ord[i].row];
		h = &c->reg->hosps[r->hospital];
		mk = &L->marks[i];
		mk->row = ord[i].row;
		mk->org = h->org;
		mk->y = y0 + ((double)i + 0.5) * L->row_h;
		mk->xa = qi_axis_pos(&F->x, r->rate[0] * m);
		mk->xb = qi_axis_pos(&F->x, r->rate[1] * m);
		s = qi_text_shorten(cr, QI_FONT_LABEL, qi_hospital_name(h, en),
		    L->label_w);
		th = qi_text_height(cr, QI_FONT_LABEL, s);
		mk->label = qi_frame_text(F, cr, QI_FONT_LABEL, s, L->label_x,
		    mk->y - th / 2, QI_ALIGN_LEFT, st->ink);
		g_free(s);
	}
	if (n == 0) {
		note = en ? "No hospital is published under both variants." :
		    "両方の定義で公表された施設はありません。";
		th = qi_text_height(cr, QI_FONT_NOTE, note);
		L->empty = qi_frame_text(F, cr, QI_FONT_NOTE, note,
		    F->plot_x + F->plot_w / 2, F->plot_y + (F->plot_h - th) / 2,
		    QI_ALIGN_CENTER, st->muted);
		F->labels[L->empty].patch = 1;
	}

	if (en)
		foot = g_strdup_printf("%zu of the %zu %s with a result %s "
		    "published under both variants%s", n, c->n,
		    c->n == 1 ? "hospital" : "hospitals", n == 1 ? "is" :
		    "are", n < c->n ? "; the others are withheld under one "
		    "or both and not shown." : ".");
	else
		foot = g_strdup_printf("結果のある %zu 施設のうち、両方の定義で"
		    "公表された施設: %zu。%s", c->n, n, n < c->n ?
		    "残る施設は一方または両方で非公表のため表示していません。" :
		    "");
	qi_frame_end(F, cr, foot);
	g_free(foot);
out:
	g_free(ord);
	qi_measure_end(cr, scratch);
	if (rc != QI_OK)
		qi_varcmp_layout_free(L);
	return rc;
}

/* Every other row banded under the gridlines. */
static void
varcmp_bands(cairo_t *cr, const void *layout)
{
	const struct qi_varcmp_layout *L = layout;
	const struct qi_frame *F = &L->frame;
	size_t i;

	qi_style_set_rgb(cr, qi_style_get()->band);
	for (i = 1; i < L->nmarks; i += 2)
		cairo_rectangle(cr, L->label_x - 4, L->marks[i].y - L->row_h / 2,
		    F->width - F->margin + 4 - (L->label_x - 4), L->row_h);
	cairo_fill(cr);
}

static void
varcmp_marks(cairo_t *cr, const void *layout)
{
	const struct qi_varcmp_layout *L = layout;
	const struct qi_varmark *mk;
	size_t i;

	for (i = 0; i < L->nmarks; i++) {
		mk = &L->marks[i];
		qi_frame_draw_change(cr, qi_style_org(mk->org)->colour, mk->xa,
		    mk->xb, mk->y);
	}
}

/* varcmp_kind, qi_varcmp_draw() and qi_varcmp_write() */
CHART_KIND(varcmp, struct qi_varcmp, "variants chart",
    "the comparison with its definitions and registry",
    varcmp_bands, varcmp_marks)
