/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * frame.c -- the page the caterpillar, comparison, trend, SPC, funnel,
 * profile and variants charts share: title, subtitle, a flowing legend, a plot
 * with a value axis (and a numeric or category x axis), a footer.  Every
 * text is kept as a measured box (struct qi_label), so the layout
 * functions can test a candidate place against all text placed so far,
 * and the tests can check that no two boxes touch.
 *
 * Page, top to bottom (pt): margin, title, subtitle, legend, (chart's own
 * strip), value-axis title, plot, x labels, x-axis title, footer, margin.
 */
#include <math.h>
#include <string.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "chart.h"

#define MIN_WIDTH	400.0
#define KEY_W		18.0	/* legend key sample, pt */
#define CAT_GAP		8.0	/* least space between category labels, pt */
#define ARROW_HEAD	4.5	/* length of a change's arrowhead, pt */

/* Room in *v (of *max elements of size bytes) for element n. */
static void
grow(void **v, size_t *max, size_t n, size_t size)
{
	if (n < *max)
		return;
	*max = *max == 0 ? 32 : *max * 2;
	*v = g_realloc_n(*v, *max, size);
}

static size_t
add_label(struct qi_frame *F, cairo_t *cr, enum qi_font role, const char *s,
    double x, double y, enum qi_align align, struct qi_rgb c, double wrap)
{
	struct qi_label *l;
	PangoLayout *pl;

	grow((void **)&F->labels, &F->maxlabels, F->nlabels,
	    sizeof(*F->labels));
	l = &F->labels[F->nlabels];
	memset(l, 0, sizeof(*l));
	pl = qi_text_layout(cr, role, s, wrap);
	qi_text_size(pl, &l->w, &l->h);
	g_object_unref(pl);
	l->text = g_strdup(s != NULL ? s : "");
	l->role = role;
	l->colour = c;
	l->wrap = wrap;
	l->x = align == QI_ALIGN_RIGHT ? x - l->w :
	    align == QI_ALIGN_CENTER ? x - l->w / 2 : x;
	l->y = y;
	return F->nlabels++;
}

size_t
qi_frame_text(struct qi_frame *F, cairo_t *cr, enum qi_font role,
    const char *s, double x, double y, enum qi_align align, struct qi_rgb c)
{
	return add_label(F, cr, role, s, x, y, align, c, 0);
}

int
qi_box_hits(double ax, double ay, double aw, double ah, double bx, double by,
    double bw, double bh, double pad)
{
	return ax < bx + bw + pad && bx < ax + aw + pad &&
	    ay < by + bh + pad && by < ay + ah + pad;
}

int
qi_frame_hits(const struct qi_frame *F, double x, double y, double w,
    double h, double pad)
{
	size_t i;

	for (i = 0; i < F->nlabels; i++)
		if (F->labels[i].text[0] != '\0' &&
		    qi_box_hits(x, y, w, h, F->labels[i].x, F->labels[i].y,
		    F->labels[i].w, F->labels[i].h, pad))
			return 1;
	return 0;
}

enum qi_err
qi_frame_begin(struct qi_frame *F, cairo_t *cr, const struct qi_chartcfg *cfg,
    const char *title, const char *subtitle)
{
	const struct qi_style *st = qi_style_get();
	double cw;
	size_t i;

	memset(F, 0, sizeof(*F));
	if (cfg == NULL || !(cfg->width >= MIN_WIDTH))
		return QI_EUSAGE;
	F->lang_en = qi_chart_lang_en(cfg);
	F->width = cfg->width;
	F->margin = st->margin;
	cw = F->width - 2 * F->margin;
	F->cursor = F->margin;
	i = add_label(F, cr, QI_FONT_TITLE, title, F->margin, F->cursor,
	    QI_ALIGN_LEFT, st->ink, cw);
	F->title = i;
	F->cursor += F->labels[i].h + 1;
	i = add_label(F, cr, QI_FONT_SUBTITLE, subtitle, F->margin,
	    F->cursor, QI_ALIGN_LEFT, st->muted, cw);
	F->cursor += F->labels[i].h + 10;
	return QI_OK;
}

void
qi_frame_legend(struct qi_frame *F, cairo_t *cr, double *x,
    enum qi_keykind kind, size_t org, const char *words)
{
	const struct qi_style *st = qi_style_get();
	struct qi_legendkey *k;
	double lh, w, right = F->width - F->margin, x0;
	char *s;
	size_t li;

	lh = qi_text_height(cr, QI_FONT_LEGEND, "国") + 2;
	s = g_strdup(words);
	/* A legend entry never passes the page: shorten its words. */
	qi_text_shorten_in_place(cr, QI_FONT_LEGEND, &s,
	    right - F->margin - KEY_W - 6);
	w = KEY_W + 6 + qi_text_width(cr, QI_FONT_LEGEND, s);
	x0 = *x <= 0 ? F->margin : *x;
	if (x0 > F->margin && x0 + w > right) {
		x0 = F->margin;
		F->cursor += lh;
	}
	grow((void **)&F->keys, &F->maxkeys, F->nkeys, sizeof(*F->keys));
	li = add_label(F, cr, QI_FONT_LEGEND, s, x0 + KEY_W + 6,
	    F->cursor + 1, QI_ALIGN_LEFT, st->ink, 0);
	g_free(s);
	k = &F->keys[F->nkeys++];
	k->kind = kind;
	k->org = org;
	k->x = x0 + KEY_W / 2;
	k->y = F->labels[li].y + F->labels[li].h / 2;
	k->label = li;
	*x = x0 + w + 22;
}

void
qi_frame_legend_end(struct qi_frame *F, cairo_t *cr, double x)
{
	if (x > 0)
		F->cursor += qi_text_height(cr, QI_FONT_LEGEND, "国") + 2;
	F->cursor += 8;
}

void
qi_frame_yaxis(struct qi_frame *F, cairo_t *cr, double dlo, double dhi,
    double floor_v, double cap, const char *title, double right_w)
{
	const struct qi_style *st = qi_style_get();
	double tw = 0, th;
	size_t i;

	th = qi_text_height(cr, QI_FONT_AXIS, title);
	add_label(F, cr, QI_FONT_AXIS, title, F->margin, F->cursor,
	    QI_ALIGN_LEFT, st->muted, 0);
	F->cursor += th + 6;
	F->plot_y = F->cursor;
	F->y.vertical = 1;
	F->y.p0 = F->plot_y + F->plot_h - 6;
	F->y.p1 = F->plot_y + 6;
	qi_axis_choose(&F->y, cr, dlo, dhi, floor_v, cap);
	for (i = 0; i < F->y.nticks; i++)
		tw = fmax(tw, F->y.ticks[i].w);
	F->plot_x = F->margin + tw + 6;
	F->plot_w = F->width - F->margin - right_w - F->plot_x;
	for (i = 0; i < F->y.nticks; i++)
		add_label(F, cr, QI_FONT_TICK, F->y.ticks[i].label,
		    F->plot_x - 5, F->y.ticks[i].x - F->y.label_h / 2,
		    QI_ALIGN_RIGHT, st->muted, 0);
	F->ygrid = 1;
	F->cursor = F->plot_y + F->plot_h;
}

void
qi_frame_xaxis(struct qi_frame *F, cairo_t *cr, double dlo, double dhi,
    double floor_v, double cap, const char *title)
{
	const struct qi_style *st = qi_style_get();
	size_t i, li;

	F->x.vertical = 0;
	F->x.p0 = F->plot_x + 8;
	F->x.p1 = F->plot_x + F->plot_w - 8;
	qi_axis_choose(&F->x, cr, dlo, dhi, floor_v, cap);
	F->cursor = F->plot_y + F->plot_h + 3;
	for (i = 0; i < F->x.nticks; i++)
		add_label(F, cr, QI_FONT_TICK, F->x.ticks[i].label,
		    F->x.ticks[i].x, F->cursor, QI_ALIGN_CENTER, st->muted, 0);
	F->cursor += F->x.label_h + 2;
	li = add_label(F, cr, QI_FONT_AXIS, title, F->plot_x + F->plot_w / 2,
	    F->cursor, QI_ALIGN_CENTER, st->muted, 0);
	F->xgrid = 1;
	F->cursor += F->labels[li].h + 10;
}

size_t
qi_frame_categories(struct qi_frame *F, cairo_t *cr, char *const *names,
    const double *x, size_t n)
{
	const struct qi_style *st = qi_style_get();
	double *w, prev, h = 0;
	size_t i, k, ok;

	if (n == 0)
		return 1;
	w = g_new0(double, n);
	for (i = 0; i < n; i++) {
		w[i] = qi_text_width(cr, QI_FONT_TICK, names[i]);
		h = fmax(h, qi_text_height(cr, QI_FONT_TICK, names[i]));
	}
	for (k = 1; k < n; k++) {
		ok = 1;
		prev = -INFINITY;
		for (i = 0; i < n; i += k) {
			if (x[i] - w[i] / 2 < prev + CAT_GAP)
				ok = 0;
			prev = x[i] + w[i] / 2;
		}
		if (ok)
			break;
	}
	g_free(w);
	F->cursor = F->plot_y + F->plot_h + 3;
	for (i = 0; i < n; i += k)
		add_label(F, cr, QI_FONT_TICK, names[i], x[i], F->cursor,
		    QI_ALIGN_CENTER, st->muted, 0);
	F->cursor += h + 12;
	return k;
}

void
qi_frame_end(struct qi_frame *F, cairo_t *cr, const char *footer)
{
	const struct qi_style *st = qi_style_get();
	size_t i;

	i = add_label(F, cr, QI_FONT_NOTE, footer, F->margin, F->cursor,
	    QI_ALIGN_LEFT, st->muted, F->width - 2 * F->margin);
	F->cursor += F->labels[i].h;
	F->height = ceil(F->cursor + F->margin * 0.8);
}

void
qi_frame_free(struct qi_frame *F)
{
	size_t i;

	if (F == NULL)
		return;
	for (i = 0; i < F->nlabels; i++)
		g_free(F->labels[i].text);
	g_free(F->labels);
	g_free(F->keys);
	qi_axis_free(&F->x);
	qi_axis_free(&F->y);
	memset(F, 0, sizeof(*F));
}

void
qi_frame_draw_page(cairo_t *cr, const struct qi_frame *F)
{
	const struct qi_style *st = qi_style_get();

	cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	qi_style_set_rgb(cr, st->background);
	cairo_rectangle(cr, 0, 0, F->width, F->height);
	cairo_fill(cr);
}

void
qi_frame_draw_grid(cairo_t *cr, const struct qi_frame *F)
{
	const struct qi_style *st = qi_style_get();
	size_t i;

	if (F->plot_w <= 0)
		return;
	qi_style_set_rgb(cr, st->grid);
	cairo_set_line_width(cr, st->grid_width);
	for (i = 0; F->ygrid && i < F->y.nticks; i++)
		qi_style_line(cr, F->plot_x, F->y.ticks[i].x,
		    F->plot_x + F->plot_w, F->y.ticks[i].x);
	for (i = 0; F->xgrid && i < F->x.nticks; i++)
		qi_style_line(cr, F->x.ticks[i].x, F->plot_y,
		    F->x.ticks[i].x, F->plot_y + F->plot_h);
	qi_style_set_rgb(cr, st->axis);
	cairo_set_line_width(cr, st->axis_width);
	qi_style_line(cr, F->plot_x, F->plot_y + F->plot_h,
	    F->plot_x + F->plot_w, F->plot_y + F->plot_h);
	qi_style_line(cr, F->plot_x, F->plot_y, F->plot_x,
	    F->plot_y + F->plot_h);
}

void
qi_frame_draw_key(cairo_t *cr, enum qi_keykind kind, size_t org, double x,
    double y)
{
	const struct qi_style *st = qi_style_get();
	const struct qi_orgstyle *os = qi_style_org(org);
	static const double dash_outer[] = { 4.0, 2.5 };
	static const double dash_od[] = { 1.2, 1.8 };
	double h = KEY_W / 2;

	cairo_save(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	switch (kind) {
	case QI_KEY_ORG:
		qi_style_set_rgb(cr, os->colour);
		cairo_set_line_width(cr, st->whisker_width);
		qi_style_line(cr, x - h, y, x + h, y);
		qi_style_marker(cr, org, x, y);
		break;
	case QI_KEY_BAND:
		cairo_set_source_rgba(cr, os->colour.r, os->colour.g,
		    os->colour.b, st->band_alpha);
		cairo_rectangle(cr, x - h, y - 4, KEY_W, 8);
		cairo_fill(cr);
		qi_style_set_rgb(cr, os->colour);
		cairo_set_line_width(cr, st->ref_width);
		qi_style_line(cr, x - h, y, x + h, y);
		qi_style_marker(cr, org, x, y);
		break;
	case QI_KEY_TARGET:
		qi_style_set_rgb(cr, st->ink);
		cairo_set_line_width(cr, st->ref_width);
		qi_style_line(cr, x - h, y, x + h, y);
		break;
	case QI_KEY_LIMIT_INNER:
		qi_style_set_rgb(cr, st->limit);
		cairo_set_line_width(cr, st->limit_width);
		qi_style_line(cr, x - h, y, x + h, y);
		break;
	case QI_KEY_LIMIT_OUTER:
		qi_style_set_rgb(cr, st->limit);
		cairo_set_line_width(cr, st->limit_width);
		cairo_set_dash(cr, dash_outer, 2, 0);
		qi_style_line(cr, x - h, y, x + h, y);
		break;
	case QI_KEY_LIMIT_OD:
		qi_style_set_rgb(cr, st->limit_od);
		cairo_set_line_width(cr, st->limit_width * 1.4);
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
		cairo_set_dash(cr, dash_od, 2, 0);
		qi_style_line(cr, x - h, y, x + h, y);
		break;
	case QI_KEY_OUTSIDE:
		qi_style_marker(cr, org, x, y);
		qi_style_set_rgb(cr, st->highlight);
		cairo_set_line_width(cr, 1.2);
		cairo_new_path(cr);
		cairo_arc(cr, x, y, st->marker_size * 0.95, 0, 2 * G_PI);
		cairo_stroke(cr);
		break;
	case QI_KEY_DOT:
		qi_frame_draw_change(cr, os->colour, x, x, y);
		break;
	case QI_KEY_CHANGE:
		qi_frame_draw_change(cr, st->ink, x - h + st->marker_size / 2,
		    x + h - st->marker_size / 2, y);
		break;
	case QI_KEY_REFLINE:
		qi_style_org_line(cr, org, x, y - h * 0.75, x, y + h * 0.75);
		break;
	}
	cairo_restore(cr);
}

void
qi_frame_draw_change(cairo_t *cr, struct qi_rgb c, double xa, double xb,
    double y)
{
	const struct qi_style *st = qi_style_get();
	double r = st->marker_size / 2, d = xb > xa ? 1.0 : -1.0;

	cairo_save(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	cairo_set_line_width(cr, 1.0);
	qi_style_set_rgb(cr, c);
	if (fabs(xb - xa) > 2 * r + ARROW_HEAD) {
		/* Shaft from a's dot into the head, the head touching b's. */
		qi_style_line(cr, xa + d * r, y, xb - d * (r + ARROW_HEAD / 2),
		    y);
		cairo_move_to(cr, xb - d * r, y);
		cairo_line_to(cr, xb - d * (r + ARROW_HEAD),
		    y - ARROW_HEAD / 2);
		cairo_line_to(cr, xb - d * (r + ARROW_HEAD),
		    y + ARROW_HEAD / 2);
		cairo_close_path(cr);
		cairo_fill(cr);
	}
	/* Hollow: a ring of outer radius r on the background. */
	cairo_new_path(cr);
	cairo_arc(cr, xa, y, r - 0.5, 0, 2 * G_PI);
	qi_style_set_rgb(cr, st->background);
	cairo_fill_preserve(cr);
	qi_style_set_rgb(cr, c);
	cairo_stroke(cr);
	cairo_arc(cr, xb, y, r, 0, 2 * G_PI);
	cairo_fill(cr);
	cairo_restore(cr);
}

void
qi_frame_draw_front(cairo_t *cr, const struct qi_frame *F)
{
	const struct qi_style *st = qi_style_get();
	const struct qi_label *l;
	size_t i;

	for (i = 0; i < F->nkeys; i++)
		qi_frame_draw_key(cr, F->keys[i].kind, F->keys[i].org,
		    F->keys[i].x, F->keys[i].y);
	for (i = 0; i < F->nlabels; i++) {
		l = &F->labels[i];
		if (l->patch) {
			qi_style_set_rgb(cr, st->background);
			cairo_rectangle(cr, l->x - 1, l->y, l->w + 2, l->h);
			cairo_fill(cr);
		}
		qi_text_put(cr, l->role, l->text, l->x, l->y, QI_ALIGN_LEFT,
		    l->colour, l->wrap);
	}
}

size_t
qi_frame_periods(struct qi_frame *F, cairo_t *cr,
    const struct qi_period *p, size_t n, double *x)
{
	char **names;
	size_t i, k;
	double cat_w;

	if (n == 0)
		return 1;
	names = g_new0(char *, n);
	cat_w = F->plot_w / (double)n;
	for (i = 0; i < n; i++) {
		x[i] = F->plot_x + cat_w * ((double)i + 0.5);
		names[i] = qi_fmt_period_short(p[i], F->lang_en);
	}
	k = qi_frame_categories(F, cr, names, x, n);
	for (i = 0; i < n; i++)
		g_free(names[i]);
	g_free(names);
	return k;
}

/* Does box b come within pad pt of any of the n obstacles? */
static int
hits_any(const struct qi_box *b, const struct qi_box *ob, size_t n,
    double pad)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (qi_box_hits(b->x, b->y, b->w, b->h, ob[i].x, ob[i].y,
		    ob[i].w, ob[i].h, pad))
			return 1;
	return 0;
}

/*
 * Greedy placement: the candidates are the eight places around the
 * anchor box (right, left, above, below, then the corners) at gaps of 2,
 * 10 and 22 pt; the first whose box lies inside area, meets no text
 * already placed (1.5 pt apart) and no obstacle (0.5 pt apart) wins.
 */
size_t
qi_frame_place(struct qi_frame *F, cairo_t *cr, enum qi_font role,
    const char *s, struct qi_rgb colour, const struct qi_box *anchor,
    const struct qi_box *obst, size_t nobst, const struct qi_box *area,
    size_t nplaces, double *lx, double *ly)
{
	static const double gaps[] = { 2.0, 10.0, 22.0 };
	struct qi_box b;
	double w, h, cx, cy;
	size_t g, k, li;

	*lx = *ly = NAN;
	w = qi_text_width(cr, role, s);
	h = qi_text_height(cr, role, s);
	cx = anchor->x + anchor->w / 2;
	cy = anchor->y + anchor->h / 2;
	if (nplaces > 8)
		nplaces = 8;
	for (g = 0; g < sizeof(gaps) / sizeof(gaps[0]); g++)
		for (k = 0; k < nplaces; k++) {
			b.w = w;
			b.h = h;
			switch (k) {
			case 0:	/* right */
				b.x = anchor->x + anchor->w + gaps[g];
				b.y = cy - h / 2;
				break;
			case 1:	/* left */
				b.x = anchor->x - gaps[g] - w;
				b.y = cy - h / 2;
				break;
			case 2:	/* above */
				b.x = cx - w / 2;
				b.y = anchor->y - gaps[g] - h;
				break;
			case 3:	/* below */
				b.x = cx - w / 2;
				b.y = anchor->y + anchor->h + gaps[g];
				break;
			case 4:	/* upper right */
				b.x = anchor->x + anchor->w + gaps[g] * 0.7;
				b.y = anchor->y - gaps[g] * 0.7 - h;
				break;
			case 5:	/* lower right */
				b.x = anchor->x + anchor->w + gaps[g] * 0.7;
				b.y = anchor->y + anchor->h + gaps[g] * 0.7;
				break;
			case 6:	/* upper left */
				b.x = anchor->x - gaps[g] * 0.7 - w;
				b.y = anchor->y - gaps[g] * 0.7 - h;
				break;
			default: /* lower left */
				b.x = anchor->x - gaps[g] * 0.7 - w;
				b.y = anchor->y + anchor->h + gaps[g] * 0.7;
				break;
			}
			if (b.x < area->x || b.y < area->y ||
			    b.x + b.w > area->x + area->w ||
			    b.y + b.h > area->y + area->h)
				continue;
			if (qi_frame_hits(F, b.x, b.y, b.w, b.h, 1.5) ||
			    hits_any(&b, obst, nobst, 0.5))
				continue;
			li = qi_frame_text(F, cr, role, s, b.x, b.y,
			    QI_ALIGN_LEFT, colour);
			if (g > 0) {	/* leader to the box's nearest point */
				*lx = fmin(fmax(cx, b.x), b.x + b.w);
				*ly = fmin(fmax(cy, b.y), b.y + b.h);
			}
			return li;
		}
	return QI_NOLABEL;
}

enum qi_err
qi_frame_write(const char *path, enum qi_format fmt, const struct qi_frame *F,
    const struct qi_chartcfg *cfg, qi_draw_fn *draw, void *layout,
    struct qi_diag *diag)
{
	if (fmt == QI_FORMAT_PDF && cfg != NULL && cfg->book != NULL)
		return qi_chart_book_page(cfg->book, F->labels[F->title].text,
		    F->width, F->height, draw, layout, diag);
	return qi_chart_write(path, fmt, F->labels[F->title].text, F->width,
	    F->height, cfg != NULL ? cfg->scale : 1.0, draw, layout, diag);
}

enum qi_err
qi_chart_layout_failed(struct qi_diag *diag, const char *path, enum qi_err rc,
    const char *needs, const char *what)
{
	char *hint = NULL;

	if (rc == QI_EUSAGE)
		hint = g_strdup_printf("give %s; the chart width must be at "
		    "least 400 pt", needs);
	qi_diag_add(diag, QI_ERROR, path, 0, 0, hint, "cannot lay out %s",
	    what);
	g_free(hint);
	return rc;
}

cairo_t *
qi_measure_begin(cairo_t *measure, cairo_surface_t **scratch)
{
	*scratch = NULL;
	if (measure != NULL)
		return measure;
	*scratch = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
	return cairo_create(*scratch);
}

void
qi_measure_end(cairo_t *cr, cairo_surface_t *scratch)
{
	if (scratch == NULL)
		return;
	cairo_destroy(cr);
	cairo_surface_destroy(scratch);
}
