/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * style.c -- how charts look: the one place for fonts, sizes, colours and
 * line weights.  Every length is in points.
 *
 * Organisations are told apart twice, so a chart survives colour-blind
 * readers and greyscale printing: by colour, from the Okabe-Ito palette
 * (Okabe M, Ito K. "Color Universal Design (CUD): how to make figures and
 * presentations that are friendly to colorblind people", 2008), and by
 * marker shape and reference-line dashes.  Organisation 0 (NHO in the
 * sample) is blue with circles, organisation 1 (JOHAS) vermillion with
 * squares.
 */
#include <math.h>

#include <cairo.h>

#include "chart.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, \
	((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0 }

static const struct qi_style style = {
	/*
	 * Named explicitly: a generic "Sans" mixes DejaVu Latin with CJK
	 * glyphs.  Noto Sans CJK JP has Latin, kana and kanji in one design.
	 */
	.family = "Noto Sans CJK JP",
	.language = "ja",
	.font = {
		[QI_FONT_TITLE] =	{ 17.0, 1, 0 },
		[QI_FONT_SUBTITLE] =	{ 10.0, 0, 0 },
		[QI_FONT_LEGEND] =	{ 10.0, 0, 1 },
		[QI_FONT_HEAD] =	{ 8.5, 1, 0 },
		[QI_FONT_LABEL] =	{ 8.0, 0, 0 },
		[QI_FONT_VALUE] =	{ 8.0, 0, 1 },
		[QI_FONT_TICK] =	{ 8.5, 0, 1 },
		[QI_FONT_AXIS] =	{ 9.0, 0, 0 },
		[QI_FONT_REF] =		{ 8.5, 1, 1 },
		[QI_FONT_NOTE] =	{ 8.5, 0, 1 },
	},
	.background =	RGB(0xffffff),
	.ink =		RGB(0x1a1a1a),
	.muted =	RGB(0x595959),	/* 7:1 on white */
	.grid =		RGB(0xdedede),
	.axis =		RGB(0x8c8c8c),
	.band =		RGB(0xf3f4f6),
	.org = {
		/* Okabe-Ito blue, vermillion, bluish green, reddish purple */
		{ RGB(0x0072b2), QI_MARKER_CIRCLE,	{ 5.0, 2.5 } },
		{ RGB(0xd55e00), QI_MARKER_SQUARE,	{ 1.6, 1.6 } },
		{ RGB(0x009e73), QI_MARKER_DIAMOND,	{ 7.0, 2.0 } },
		{ RGB(0xcc79a7), QI_MARKER_TRIANGLE,	{ 3.0, 3.0 } },
	},
	.margin = 30.0,
	.gap = 10.0,
	.grid_width = 0.6,
	.axis_width = 0.8,
	.whisker_width = 1.1,
	.ref_width = 1.3,
	.marker_size = 5.4,
	.marker_outline = 0.6,
	.limit =	RGB(0x4d4d4d),
	.limit_od =	RGB(0xcc79a7),	/* Okabe-Ito reddish purple */
	.highlight =	RGB(0x000000),
	.limit_width = 1.0,
	.band_alpha = 0.16,
};

const struct qi_style *
qi_style_get(void)
{
	return &style;
}

const struct qi_orgstyle *
qi_style_org(size_t i)
{
	return &style.org[i % QI_STYLE_NORGS];
}

void
qi_style_set_rgb(cairo_t *cr, struct qi_rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/*
 * Marker of organisation org centred at (x, y): filled in the
 * organisation's colour with a thin ring in the background colour, so
 * overlapping markers and whiskers stay apart.  Every shape has the area
 * of the circle of diameter marker_size.  Leaves no current path.
 */
void
qi_style_marker(cairo_t *cr, size_t org, double x, double y)
{
	const struct qi_orgstyle *os = qi_style_org(org);
	double r = style.marker_size / 2.0;
	double area = M_PI * r * r;
	double s, h;

	cairo_new_path(cr);
	switch (os->marker) {
	case QI_MARKER_SQUARE:
		s = sqrt(area);
		cairo_rectangle(cr, x - s / 2, y - s / 2, s, s);
		break;
	case QI_MARKER_DIAMOND:
		s = sqrt(area / 2.0);	/* half diagonal */
		cairo_move_to(cr, x, y - s);
		cairo_line_to(cr, x + s, y);
		cairo_line_to(cr, x, y + s);
		cairo_line_to(cr, x - s, y);
		cairo_close_path(cr);
		break;
	case QI_MARKER_TRIANGLE:
		/* equilateral, side s, centred on its centroid */
		s = sqrt(4.0 * area / sqrt(3.0));
		h = s * sqrt(3.0) / 2.0;
		cairo_move_to(cr, x, y - 2.0 * h / 3.0);
		cairo_line_to(cr, x + s / 2, y + h / 3.0);
		cairo_line_to(cr, x - s / 2, y + h / 3.0);
		cairo_close_path(cr);
		break;
	default:
		cairo_arc(cr, x, y, r, 0, 2 * M_PI);
		cairo_close_path(cr);
		break;
	}
	qi_style_set_rgb(cr, os->colour);
	cairo_fill_preserve(cr);
	qi_style_set_rgb(cr, style.background);
	cairo_set_line_width(cr, style.marker_outline);
	cairo_set_dash(cr, NULL, 0, 0);
	cairo_stroke(cr);
}

/* A straight line from (x0, y0) to (x1, y1) in the current source and width. */
void
qi_style_line(cairo_t *cr, double x0, double y0, double x1, double y1)
{
	cairo_new_path(cr);
	cairo_move_to(cr, x0, y0);
	cairo_line_to(cr, x1, y1);
	cairo_stroke(cr);
}

/*
 * A reference line of organisation org from (x0, y0) to (x1, y1): its
 * colour and dashes at the style's reference width.  Keeps the caller's
 * source, width and dashes.
 */
void
qi_style_org_line(cairo_t *cr, size_t org, double x0, double y0, double x1,
    double y1)
{
	const struct qi_orgstyle *os = qi_style_org(org);

	cairo_save(cr);
	qi_style_set_rgb(cr, os->colour);
	cairo_set_line_width(cr, style.ref_width);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	cairo_set_dash(cr, os->dash, 2, 0);
	qi_style_line(cr, x0, y0, x1, y1);
	cairo_restore(cr);
}
