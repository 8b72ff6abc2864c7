/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * text.c -- chart text through pango: layouts in the style's font and
 * language, measuring, drawing, and shortening to a width.
 *
 * cairo's own text API has no font fallback, so all text goes through
 * pango.  Every layout gets the same settings, whatever cairo_t it is made
 * on, so text measured during layout has exactly the width it is drawn
 * with on a PNG, PDF or SVG surface:
 *   - the family named explicitly ("Noto Sans CJK JP") and an absolute
 *     size in points (not scaled by pango's 96 dpi default);
 *   - language ja, so any fallback keeps Japanese glyph forms;
 *   - hint style NONE, hint metrics OFF and unrounded glyph positions, so
 *     metrics do not depend on the device scale.
 *
 * On an SVG the text is not drawn but recorded as <text> elements
 * (qi_text_draw(), surface.c), so that it stays text.
 */
#include <string.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "chart.h"

static const char ellipsis[] = "\xe2\x80\xa6";	/* U+2026 */

static PangoLayout *
layout_new(cairo_t *cr, enum qi_font role, const char *utf8, double wrap)
{
	const struct qi_style *st = qi_style_get();
	const struct qi_fontspec *fs = &st->font[role];
	PangoContext *ctx;
	PangoLayout *l;
	PangoFontDescription *fd;
	PangoAttrList *attrs;
	cairo_font_options_t *fo;

	ctx = pango_cairo_create_context(cr);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(ctx, FALSE);
	pango_context_set_language(ctx,
	    pango_language_from_string(st->language));

	l = pango_layout_new(ctx);
	g_object_unref(ctx);

	fd = pango_font_description_new();
	pango_font_description_set_family_static(fd, st->family);
	pango_font_description_set_weight(fd,
	    fs->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(fd, fs->size * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);

	if (fs->tabular) {
		attrs = pango_attr_list_new();
		pango_attr_list_insert(attrs,
		    pango_attr_font_features_new("tnum 1"));
		pango_layout_set_attributes(l, attrs);
		pango_attr_list_unref(attrs);
	}
	if (wrap > 0) {
		pango_layout_set_width(l, (int)(wrap * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_text(l, utf8 != NULL ? utf8 : "", -1);
	return l;
}

/*
 * Layouts already made, per thread: a chart is laid out and drawn once
 * per format (PNG, its 2x, PDF, SVG), each time with the same texts, and
 * shaping them again was a fifth of publishing's time.  The key is the
 * role, wrap width, device scale (a 2x PNG has its own) and text; a
 * layout handed out is a new reference, so the caller's unref is as
 * before, and no caller changes a layout's text or attributes (the
 * shortening below makes its own).  pango_cairo_update_layout() adapts
 * a layout to the cairo_t it is drawn on, as for a new one.  The table
 * is emptied when it holds CACHE_MAX layouts: a chart's texts stay
 * together, and memory stays bounded.
 */
#define CACHE_MAX	4096

static void
cache_free(gpointer t)
{
	g_hash_table_destroy(t);
}

static GPrivate layout_cache = G_PRIVATE_INIT(cache_free);

PangoLayout *
qi_text_layout(cairo_t *cr, enum qi_font role, const char *utf8, double wrap)
{
	GHashTable *t = g_private_get(&layout_cache);
	double sx = 1, sy = 0;
	PangoLayout *l;
	char *key;

	if (t == NULL) {
		t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
		    g_object_unref);
		g_private_set(&layout_cache, t);
	}
	cairo_user_to_device_distance(cr, &sx, &sy);
	key = g_strdup_printf("%d %a %a %a %s", (int)role, wrap, sx, sy,
	    utf8 != NULL ? utf8 : "");
	if ((l = g_hash_table_lookup(t, key)) != NULL) {
		g_free(key);
		return g_object_ref(l);
	}
	l = layout_new(cr, role, utf8, wrap);
	if (g_hash_table_size(t) >= CACHE_MAX)
		g_hash_table_remove_all(t);
	g_hash_table_insert(t, key, g_object_ref(l));
	return l;
}

void
qi_text_size(PangoLayout *l, double *w, double *h)
{
	PangoRectangle lr;

	pango_layout_get_extents(l, NULL, &lr);
	if (w != NULL)
		*w = (double)lr.width / PANGO_SCALE;
	if (h != NULL)
		*h = (double)lr.height / PANGO_SCALE;
}

double
qi_text_width(cairo_t *cr, enum qi_font role, const char *utf8)
{
	PangoLayout *l = qi_text_layout(cr, role, utf8, 0);
	double w;

	qi_text_size(l, &w, NULL);
	g_object_unref(l);
	return w;
}

double
qi_text_height(cairo_t *cr, enum qi_font role, const char *utf8)
{
	PangoLayout *l = qi_text_layout(cr, role, utf8, 0);
	double h;

	qi_text_size(l, NULL, &h);
	g_object_unref(l);
	return h;
}

/*
 * An SVG's text: each line of the layout as one <text> at its baseline
 * (surface.c), where pango would have drawn it from the origin (ox, oy),
 * pt.  A one-line layout keeps align, so the reader's font, whose widths
 * may differ from ours, stays anchored where the text was placed (left
 * edge, centre, right edge); the lines of a wrapped layout start at their
 * left edge, as pango sets them.  Size and weight come from the layout's
 * font; qi_text_layout() gives a layout attributes only for tabular
 * figures.
 */
static void
text_record(struct qi_svgrec *rec, cairo_t *cr, PangoLayout *l, double ox,
    double oy, enum qi_align align)
{
	const PangoFontDescription *fd = pango_layout_get_font_description(l);
	const char *text = pango_layout_get_text(l);
	PangoLayoutIter *it;
	PangoLayoutLine *line;
	PangoRectangle lr;
	double size, x, base;
	int bold, tabular, one = pango_layout_get_line_count(l) == 1;

	size = fd != NULL ? (double)pango_font_description_get_size(fd) /
	    PANGO_SCALE : 10;
	bold = fd != NULL && pango_font_description_get_weight(fd) >=
	    PANGO_WEIGHT_BOLD;
	tabular = pango_layout_get_attributes(l) != NULL;
	it = pango_layout_get_iter(l);
	do {
		line = pango_layout_iter_get_line_readonly(it);
		pango_layout_iter_get_line_extents(it, NULL, &lr);
		base = oy + (double)pango_layout_iter_get_baseline(it) /
		    PANGO_SCALE;
		x = ox + (double)lr.x / PANGO_SCALE;
		if (one && align == QI_ALIGN_RIGHT)
			x += (double)lr.width / PANGO_SCALE;
		else if (one && align == QI_ALIGN_CENTER)
			x += (double)lr.width / PANGO_SCALE / 2;
		qi_svg_text(rec, cr, x, base, one ? align : QI_ALIGN_LEFT,
		    size, bold, tabular, (double)lr.width / PANGO_SCALE,
		    text + line->start_index, (size_t)line->length);
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

void
qi_text_draw(cairo_t *cr, PangoLayout *l, double x, double y,
    enum qi_align align)
{
	struct qi_svgrec *rec;
	PangoRectangle lr;
	double w;

	pango_layout_get_extents(l, NULL, &lr);
	w = (double)lr.width / PANGO_SCALE;
	if (align == QI_ALIGN_RIGHT)
		x -= w;
	else if (align == QI_ALIGN_CENTER)
		x -= w / 2;
	x -= (double)lr.x / PANGO_SCALE;
	y -= (double)lr.y / PANGO_SCALE;
	if ((rec = qi_svg_rec(cr)) != NULL)
		text_record(rec, cr, l, x, y, align);
	else {
		cairo_move_to(cr, x, y);
		pango_cairo_update_layout(cr, l);
		pango_cairo_show_layout(cr, l);
	}
	cairo_new_path(cr);	/* no current point left for the next shape */
}

/* Width, pt, of the first len bytes of utf8 followed by an ellipsis. */
static double
prefix_width(PangoLayout *l, GString *buf, const char *utf8, size_t len)
{
	double w;

	g_string_truncate(buf, 0);
	g_string_append_len(buf, utf8, (gssize)len);
	g_string_append(buf, ellipsis);
	pango_layout_set_text(l, buf->str, (int)buf->len);
	qi_text_size(l, &w, NULL);
	return w;
}

/*
 * Shortening cuts only at cursor positions (grapheme-cluster boundaries
 * as pango's log attrs give them), so neither a UTF-8 sequence nor a
 * base character and its combining marks are split.  The longest prefix
 * that fits is found by bisection over those positions; widths grow with
 * the prefix (up to kerning, which a final check covers).
 */
char *
qi_text_shorten(cairo_t *cr, enum qi_font role, const char *utf8,
    double max_w)
{
	PangoLayout *l;
	const PangoLogAttr *la;
	GString *buf = NULL;
	size_t *pos = NULL, npos = 0, lo, hi, mid, cut;
	const char *p, *prev;
	gunichar c;
	char *out = NULL;
	double w;
	int nla, i;

	if (utf8 == NULL)
		utf8 = "";
	l = layout_new(cr, role, utf8, 0);	/* its text changed below */
	qi_text_size(l, &w, NULL);
	if (w <= max_w) {
		out = g_strdup(utf8);
		goto out;
	}

	/* Byte offsets of cursor positions before each character. */
	la = pango_layout_get_log_attrs_readonly(l, &nla);
	pos = g_new0(size_t, (size_t)nla + 1);
	for (p = utf8, i = 0; *p != '\0' && i < nla; p = g_utf8_next_char(p), i++)
		if (la[i].is_cursor_position)
			pos[npos++] = (size_t)(p - utf8);
	if (npos == 0)
		pos[npos++] = 0;

	buf = g_string_new(NULL);
	lo = 0;
	hi = npos - 1;	/* pos[0] == 0: the empty prefix */
	while (lo < hi) {
		mid = lo + (hi - lo + 1) / 2;
		if (prefix_width(l, buf, utf8, pos[mid]) <= max_w)
			lo = mid;
		else
			hi = mid - 1;
	}
	while (lo > 0 && prefix_width(l, buf, utf8, pos[lo]) > max_w)
		lo--;
	cut = pos[lo];

	/* Drop spaces and opening brackets left dangling before the "…". */
	while (cut > 0) {
		prev = g_utf8_find_prev_char(utf8, utf8 + cut);
		if (prev == NULL)
			break;
		c = g_utf8_get_char(prev);
		if (!g_unichar_isspace(c) &&
		    g_unichar_type(c) != G_UNICODE_OPEN_PUNCTUATION)
			break;
		cut = (size_t)(prev - utf8);
	}

	if (cut == 0 && prefix_width(l, buf, "", 0) > max_w) {
		out = g_strdup("");
		goto out;
	}
	out = g_malloc(cut + sizeof(ellipsis));
	memcpy(out, utf8, cut);
	memcpy(out + cut, ellipsis, sizeof(ellipsis));
out:
	if (buf != NULL)
		g_string_free(buf, TRUE);
	g_object_unref(l);
	g_free(pos);
	return out;
}

char *
qi_text_join_fitting(cairo_t *cr, enum qi_font role, char *const *item,
    size_t n, const char *sep, double maxw)
{
	GString *all = g_string_new(NULL), *line = g_string_new(NULL);
	size_t i, mark;

	for (i = 0; i < n; i++) {
		mark = line->len;
		if (line->len > 0)
			g_string_append(line, sep);
		g_string_append(line, item[i]);
		if (mark > 0 &&
		    qi_text_width(cr, role, line->str) > maxw) {
			g_string_truncate(line, mark);
			g_string_append(all, line->str);
			g_string_append_c(all, '\n');
			g_string_assign(line, item[i]);
		}
	}
	g_string_append(all, line->str);
	g_string_free(line, TRUE);
	return g_string_free(all, FALSE);
}

void
qi_text_shorten_in_place(cairo_t *cr, enum qi_font role, char **s,
    double max_w)
{
	char *t;

	if (qi_text_width(cr, role, *s) <= max_w)
		return;
	t = qi_text_shorten(cr, role, *s, max_w);
	g_free(*s);
	*s = t;
}

double
qi_text_wrapped_height(cairo_t *cr, enum qi_font role, const char *s,
    double width)
{
	PangoLayout *pl = qi_text_layout(cr, role, s, width);
	double h;

	qi_text_size(pl, NULL, &h);
	g_object_unref(pl);
	return h;
}

void
qi_text_put(cairo_t *cr, enum qi_font role, const char *s, double x,
    double y, enum qi_align align, struct qi_rgb c, double wrap)
{
	PangoLayout *pl;

	if (s == NULL || *s == '\0')
		return;
	pl = qi_text_layout(cr, role, s, wrap);
	qi_style_set_rgb(cr, c);
	qi_text_draw(cr, pl, x, y, align);
	g_object_unref(pl);
}

void
qi_text_put_mid(cairo_t *cr, enum qi_font role, const char *s, double x,
    double yc, enum qi_align align, struct qi_rgb c)
{
	PangoLayout *pl;
	double h;

	if (s == NULL || *s == '\0')
		return;
	pl = qi_text_layout(cr, role, s, 0);
	qi_text_size(pl, NULL, &h);
	qi_style_set_rgb(cr, c);
	qi_text_draw(cr, pl, x, yc - h / 2, align);
	g_object_unref(pl);
}
