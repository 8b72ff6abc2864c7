/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * chart.h -- the render stage: results -> charts (PNG, PDF, SVG).
 *
 * Layers, each in its own file:
 *
 *   style.c              fonts, sizes, colours, line weights: the one
 *                        place that decides how a chart looks
 *   text.c               pango text: layouts in the chart font and the
 *                        Japanese language, measuring, drawing, shortening
 *   chart/words.c        words and numbers every kind shares: counts,
 *                        rates, periods, names, the withheld footer
 *   chart/axis.c         numeric axes: nice ticks that thin when crowded
 *   chart/frame.c        the page every kind shares: title, legend,
 *                        axes, footer, every text a measured box, greedy
 *                        label placement
 *   chart/kind.c         what every kind does alike (chart_impl.h): each
 *                        kind's file gives its layout, row bands and
 *                        marks; kind.c draws them on the frame's page,
 *                        under its texts, and writes the file
 *   chart/caterpillar.c  the ranked caterpillar chart: a pure layout step
 *                        (qi_caterpillar_layout) and a drawing step that
 *                        paints a layout onto the caller's cairo_t
 *   chart/compare.c      organisations compared period by period
 *   chart/trend.c        quarterly trend and one hospital's SPC chart
 *   chart/funnel.c       funnel plot
 *   chart/vlad.c         one hospital's VLAD (cumulative E - O)
 *   chart/profile.c      one hospital across all indicators
 *   chart/variants.c     qi variants: each hospital's rate under two
 *                        variants of a definition
 *   surface.c            the only place that picks PNG, PDF or SVG
 *
 * specs/charts.md states what each kind shows.
 *
 * All lengths are in points (1/72 inch), the user unit of every cairo_t
 * handed to these functions; a PNG is drawn with the device scaled by
 * qi_chartcfg.scale pixels per point.  Like every stage, nothing here
 * prints or exits: failures come back as enum qi_err, with a diagnostic
 * when a struct qi_diag is given.
 */
#ifndef QI_CHART_H
#define QI_CHART_H

#include <stddef.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "analysis.h"
#include "variants.h"

/* ------------------------------------------------------------- surface */

/* How a text is placed on x (text.c, surface.c). */
enum qi_align {
	QI_ALIGN_LEFT,		/* x is the left edge */
	QI_ALIGN_CENTER,	/* x is the centre */
	QI_ALIGN_RIGHT		/* x is the right edge */
};


enum qi_format {
	QI_FORMAT_PNG,
	QI_FORMAT_PDF,
	QI_FORMAT_SVG
};

/*
 * Draws a whole chart of width x height points onto cr, whose origin is
 * the top-left corner of the page.  Returns QI_OK or the failure.
 */
typedef enum qi_err qi_draw_fn(cairo_t *cr, double width_pt,
    double height_pt, void *ctx);

/*
 * Write one chart to path: draw(cr, width_pt, height_pt, ctx) onto a
 * fresh surface of the format.  PNG: ceil(width_pt * scale) x
 * ceil(height_pt * scale) pixels, opaque.  PDF: one page of width_pt x
 * height_pt, with title as its Title and a fixed creation date, so equal
 * input gives equal bytes.  SVG: width_pt x height_pt.  scale is ignored
 * except for PNG (1 or 2; must be > 0).  title may be NULL.  On failure
 * (cannot open or write path, cairo error) returns QI_ESYS with a
 * diagnostic naming path, and removes the partly written file if it is
 * a regular file; a bad size, scale or format is QI_EUSAGE.
 */
enum qi_err	 qi_chart_write(const char *path, enum qi_format,
		    const char *title, double width_pt, double height_pt,
		    double scale, qi_draw_fn *draw, void *ctx,
		    struct qi_diag *);
/*
 * Write an opaque (CAIRO_FORMAT_RGB24) image surface to fp as a PNG
 * (png.c): a palette image if it has at most 256 colours, else 8-bit
 * RGB.  Returns 0, or -1 if the surface is not such an image or libpng
 * fails (with errno set when writing fp failed).
 */
int		 qi_png_write(cairo_surface_t *, FILE *);
/*
 * A book: many charts in one PDF, a page each at the chart's own size,
 * with an outline entry per page (the chart's title), so that a reader
 * prints a set of charts from one file and its fonts are embedded once
 * (a Japanese chart's font subset is most of a one-chart PDF's bytes).
 * qi_chart_book_open() creates path (NULL, with a diagnostic, if it
 * cannot); a chart whose config names the book (qi_chartcfg.book) is
 * drawn as its next page instead of to its own file when written as
 * PDF; qi_chart_book_close() writes the document and frees the book.
 * With keep 0, or when a page or the document failed, the file is
 * removed and QI_ESYS returned (a diagnostic names it).  Pages are added
 * by one thread at a time, in the order they should appear.
 */
struct qi_chart_book;
struct qi_chart_book *qi_chart_book_open(const char *path, const char *title,
		    struct qi_diag *);
enum qi_err	 qi_chart_book_page(struct qi_chart_book *, const char *title,
		    double width_pt, double height_pt, qi_draw_fn *, void *ctx,
		    struct qi_diag *);
int		 qi_chart_book_pages(const struct qi_chart_book *);
enum qi_err	 qi_chart_book_close(struct qi_chart_book *, int keep,
		    struct qi_diag *);
/* Format from a file name's extension (.png, .pdf, .svg, any case); -1 if none. */
int		 qi_format_of_path(const char *path);

/*
 * SVG text and pointer tips (surface.c).  While qi_chart_write() draws an
 * SVG, its surface carries a record: qi_svg_rec() returns it (NULL for a
 * PNG or PDF, or a cairo_t not made by qi_chart_write()).  qi_svg_text()
 * records one line of text, utf8[0..len), as a <text> element: (x, y) its
 * baseline point in user space (pt), x placed by align, in the source
 * colour of cr, width_pt its width in our font (its textLength; 0: not
 * given); qi_text_draw() is its one caller.  qi_chart_tip() records
 * a transparent box (x, y, w, h, user space, pt) with tip as its <title>,
 * which a browser shows when the pointer rests on it; it does nothing
 * unless cr draws an SVG.  Both copy what they are given.
 */
struct qi_svgrec;
struct qi_svgrec *qi_svg_rec(cairo_t *);
void		 qi_svg_text(struct qi_svgrec *, cairo_t *, double x, double y,
		    enum qi_align, double size_pt, int bold, int tabular,
		    double width_pt, const char *utf8, size_t len);
void		 qi_chart_tip(cairo_t *, double x, double y, double w,
		    double h, const char *tip);

/* -------------------------------------------------------------- config */

/*
 * How a chart is made.  Fill with qi_chartcfg_defaults(), then change
 * fields; a NULL config means the defaults.
 */
struct qi_chartcfg {
	double		 width;		/* page width, pt (default 900) */
	double		 scale;		/* PNG device px per pt: 1 or 2 (default 1) */
	const char	*lang;		/* "ja" (default) or "en": title, words, names */
	double		 row_height;	/* pt per hospital row (default 11) */
	double		 label_max;	/* widest hospital-name column, pt; longer
					   names end in an ellipsis (default 230) */
	int		 values;	/* nonzero: a column with rate and interval
					   at the right (default 1) */
	struct qi_chart_book *book;	/* not NULL: a PDF is drawn as the book's
					   next page, path unused (default
					   NULL); not owned */
	const char	*highlight;	/* caterpillar: id of a hospital to
					   emphasise -- ringed, and in the
					   distribution form labelled with its
					   name and rate, its organisation
					   highlighted (default NULL: none) */
	const char	*highlight_org;	/* caterpillar, distribution form: code of
					   the organisation highlighted when
					   highlight names no hospital (default
					   NULL) */
};

void		 qi_chartcfg_defaults(struct qi_chartcfg *);

/* ---------------------------------------------------------- caterpillar */

/*
 * A ranked caterpillar chart of one indicator in one period: one row per
 * hospital whose result is published (QI_STATUS_OK), best first -- by
 * descending rate when higher is better or the direction is neutral, by
 * ascending rate when lower is better; equal rates are ordered by
 * hospital id (strcmp), so the order never depends on input order.  Each
 * row has the hospital's name, a point at the rate and a whisker for its
 * interval, coloured and shaped by organisation.  Each organisation's
 * pooled rate (QI_SCOPE_ORG) is a vertical reference line with a label.
 * Every rate and interval is qi_result_shown()'s: a risk-adjusted
 * indicator's are its adjusted rates (specs/charts.md, "Risk-adjusted
 * indicators").
 *
 * Coordinates are points from the top-left corner of the page; values on
 * the x axis ("display units") are rates times qi_unit_multiplier().
 */

/*
 * More rows than QI_CATERPILLAR_DENSE_ROWS (a national programme's
 * ~1,700 hospitals) are drawn as a distribution: no name row, each
 * hospital a thin interval line and a dot in its organisation's colour,
 * ranked as above, in a plot QI_CATERPILLAR_DENSE_H pt tall whatever the
 * number of hospitals; rank numbers down the left; cfg.highlight's
 * hospital labelled with its name and rate, ringed, on a guide line;
 * its organisation (or cfg.highlight_org) in full colour above the
 * others, drawn paler.  Every hospital keeps its pointer tip in an SVG.
 * Up to QI_CATERPILLAR_DENSE_ROWS rows the chart is as above.
 */
#define QI_CATERPILLAR_DENSE_ROWS	200
#define QI_CATERPILLAR_DENSE_H		600.0

struct qi_catrow {
	size_t		 result;	/* index into results->v */
	size_t		 org;		/* index into registry orgs */
	char		*label;		/* hospital name, shortened to fit label_w;
					   NULL in the distribution form but for
					   the highlighted row */
	char		*value;		/* "12.3 (10.1–14.5)", display units; NULL
					   unless cfg->values (and, in the
					   distribution form, the row is the
					   highlighted one) */
	char		*tip;		/* pointer tip of the row in an SVG: whole
					   name, organisation, rate, interval */
	double		 y;		/* centre of the row, pt */
	double		 x, x_lo, x_hi;	/* point and whisker ends, pt */
};

struct qi_cattick {
	double		 value;		/* display units */
	double		 x;		/* pt */
	char		 label[32];	/* e.g. "12.5" */
	double		 w;		/* width of label, pt */
};

/* An organisation's pooled-rate reference line and its label. */
struct qi_catref {
	size_t		 result;	/* index into results->v (QI_SCOPE_ORG) */
	size_t		 org;		/* index into registry orgs */
	double		 x;		/* line position, pt */
	double		 y_top;		/* line runs from y_top to the plot bottom, pt */
	char		*label;		/* e.g. "国立病院機構 12.3%" */
	double		 box_x, box_y;	/* label's top-left corner, pt */
	double		 box_w, box_h;	/* label's logical size, pt */
	int		 row;		/* 0 = next to the plot, 1 = above it, ... */
};


/* ---------------------------------------------------------------- style */

/* Text roles; each has one size and weight in the style. */
enum qi_font {
	QI_FONT_TITLE,		/* chart title */
	QI_FONT_SUBTITLE,	/* unit, direction, interval */
	QI_FONT_LEGEND,		/* organisation entries */
	QI_FONT_HEAD,		/* column headings */
	QI_FONT_LABEL,		/* hospital names */
	QI_FONT_VALUE,		/* rate and interval column */
	QI_FONT_TICK,		/* axis tick labels */
	QI_FONT_AXIS,		/* axis title */
	QI_FONT_REF,		/* reference-line labels */
	QI_FONT_NOTE,		/* footer */
	QI_FONT__MAX
};

struct qi_fontspec {
	double		 size;		/* pt (absolute, not scaled by DPI) */
	int		 bold;		/* nonzero: bold weight */
	int		 tabular;	/* nonzero: tabular figures ("tnum") */
};

struct qi_rgb {
	double		 r, g, b;	/* 0..1, sRGB */
};

enum qi_marker {
	QI_MARKER_CIRCLE,
	QI_MARKER_SQUARE,
	QI_MARKER_DIAMOND,
	QI_MARKER_TRIANGLE
};

/* How an organisation is drawn: colour, marker, reference-line dashes. */
struct qi_orgstyle {
	struct qi_rgb	 colour;
	enum qi_marker	 marker;
	double		 dash[2];	/* on, off, pt */
};

#define QI_STYLE_NORGS 4		/* organisation styles before they repeat */

struct qi_style {
	const char	*family;	/* font family, named explicitly */
	const char	*language;	/* pango language of every layout */
	struct qi_fontspec font[QI_FONT__MAX];
	struct qi_rgb	 background;
	struct qi_rgb	 ink;		/* titles, names */
	struct qi_rgb	 muted;		/* subtitle, ticks, notes */
	struct qi_rgb	 grid;		/* gridlines */
	struct qi_rgb	 axis;		/* plot frame lines */
	struct qi_rgb	 band;		/* every other row */
	struct qi_orgstyle org[QI_STYLE_NORGS];
	double		 margin;	/* page margin, pt */
	double		 gap;		/* between columns, pt */
	double		 grid_width;	/* pt */
	double		 axis_width;	/* pt */
	double		 whisker_width;	/* pt */
	double		 ref_width;	/* reference lines, pt */
	double		 marker_size;	/* circle diameter, pt; other shapes
					   have the same area */
	double		 marker_outline; /* white ring around markers, pt */
	struct qi_rgb	 limit;		/* funnel and control limits */
	struct qi_rgb	 limit_od;	/* overdispersion-adjusted limits */
	struct qi_rgb	 highlight;	/* ring of points outside limits */
	double		 limit_width;	/* pt */
	double		 band_alpha;	/* opacity of interval bands, 0..1 */
};

/* The chart style; a static table, never NULL. */
const struct qi_style	*qi_style_get(void);
/* Style of organisation i (wraps after QI_STYLE_NORGS). */
const struct qi_orgstyle *qi_style_org(size_t i);
void		 qi_style_set_rgb(cairo_t *, struct qi_rgb);
/* Path and fill a marker of organisation org centred at (x, y), pt. */
void		 qi_style_marker(cairo_t *, size_t org, double x, double y);
/* Stroke a line in the current source and width; leaves no path. */
void		 qi_style_line(cairo_t *, double x0, double y0, double x1,
		    double y1);
/* Stroke organisation org's dashed reference line; keeps the cairo state. */
void		 qi_style_org_line(cairo_t *, size_t org, double x0, double y0,
		    double x1, double y1);

/* ----------------------------------------------------------------- text */

/*
 * A pango layout of utf8 in the style's family, the role's size and
 * weight, language ja, unhinted metrics.  wrap > 0 wraps lines at that
 * width (pt) between words or characters; 0 keeps one line.  Release
 * with g_object_unref().
 */
PangoLayout	*qi_text_layout(cairo_t *, enum qi_font, const char *utf8,
		    double wrap);
/* Logical width and height of a layout, pt; either pointer may be NULL. */
void		 qi_text_size(PangoLayout *, double *w, double *h);
/* Logical width and height of one line of utf8 in a role, pt. */
double		 qi_text_width(cairo_t *, enum qi_font, const char *utf8);
double		 qi_text_height(cairo_t *, enum qi_font, const char *utf8);
/*
 * Draw a layout with its logical box's top at y and x placed by align,
 * in the current source; then clear the path (pango leaves a current
 * point that would join the next shape with a stray line).
 */
void		 qi_text_draw(cairo_t *, PangoLayout *, double x, double y,
		    enum qi_align);
/*
 * A copy of utf8 that fits in max_w pt in a role: the whole string if it
 * fits, else its longest prefix of whole characters (grapheme clusters)
 * followed by "…", trailing spaces dropped; "" if not even "…" fits.
 * g_free() the result.
 */
char		*qi_text_shorten(cairo_t *, enum qi_font, const char *utf8,
		    double max_w);
/*
 * Replace *s, a g_malloc'd string, by a g_malloc'd copy shortened to
 * max_w pt (qi_text_shorten()); *s is kept if it fits.
 */
void		 qi_text_shorten_in_place(cairo_t *, enum qi_font, char **s,
		    double max_w);
/*
 * Join n items with sep, starting a new line instead where the next item
 * would pass maxw pt, so that lines break between items, not inside one
 * (Japanese text may otherwise break between any two characters).
 * g_free() the result.
 */
char		*qi_text_join_fitting(cairo_t *, enum qi_font,
		    char *const *item, size_t n, const char *sep, double maxw);
/* Height, pt, of text in a role wrapped to width. */
double		 qi_text_wrapped_height(cairo_t *, enum qi_font, const char *s,
		    double width);
/* Draw s in a role and colour, its box's top at y, x placed by align. */
void		 qi_text_put(cairo_t *, enum qi_font, const char *s, double x,
		    double y, enum qi_align, struct qi_rgb, double wrap);
/* Draw one line of s in a role vertically centred on yc. */
void		 qi_text_put_mid(cairo_t *, enum qi_font, const char *s,
		    double x, double yc, enum qi_align, struct qi_rgb);

/* ------------------------------------------------- shared by chart kinds */

/* Whether the chart's words are English (cfg->lang "en"); NULL means ja. */
int		 qi_chart_lang_en(const struct qi_chartcfg *);

/* chart/words.c: words and numbers, pure. */
/* "45,678": n with thousands separators, into buf. */
void		 qi_fmt_count(long n, char *buf, size_t sz);
/* v with dec decimals, never "-0.0". */
void		 qi_fmt_num(double v, int dec, char *buf, size_t sz);
/* "+1.6", "−0.4" (U+2212 minus), "0.0": v with dec decimals and
   its sign always, never "-0.0" (a difference of counts). */
void		 qi_fmt_signed(double v, int dec, char *buf, size_t sz);
/* Decimals for rates in a unit: 1 for % and ‰, 3 for proportions. */
int		 qi_unit_decimals(enum qi_unit);
/* "2024年度 第1四半期" or "FY2024 Q1"; g_free() the result. */
char		*qi_fmt_period(struct qi_period, int en);
/* Axis form "2024年度 Q1" / "FY2024 Q1" / "2024年度" / "FY2024"; g_free() it. */
char		*qi_fmt_period_short(struct qi_period, int en);
/* "95" for 0.95, "99.8" for 0.998. */
void		 qi_fmt_level(double level, char *buf, size_t sz);
/* The text in the language (Japanese when English is missing); never NULL. */
const char	*qi_text_of(const struct qi_text *, int en);
/* Short name: the Japanese name without "独立行政法人", or the code in English. */
const char	*qi_org_short(const struct qi_org *, int en);
/* Subtitle: unit, direction, interval, then extra (may be NULL), lines
   broken between items to fit maxw pt; g_free() it. */
char		*qi_chart_subtitle(cairo_t *, const struct qi_indicator *,
		    int en, const char *extra, double maxw);
/* "率（%）", "Rate (%)", ...: a rate axis's title. */
const char	*qi_unit_axis_title(enum qi_unit, int en);
/*
 * The title of an axis of the values a chart shows for def
 * (qi_result_shown()): "リスク調整率（%）" / "Risk-adjusted rate (%)" for
 * a risk-adjusted indicator (qi_indicator_adjusted()), else
 * qi_unit_axis_title().
 */
const char	*qi_shown_axis_title(const struct qi_indicator *, int en);
/* For a risk-adjusted indicator the subtitle item saying its values are
   risk-adjusted rates (O/E x overall rate); NULL for any other. */
const char	*qi_adjusted_words(const struct qi_indicator *, int en);
/* foot (g_malloc'd, consumed) with a sentence after it on n published
   values without a risk-adjusted value (no fitted model), if n > 0;
   g_free() the result. */
char		*qi_chart_footer_unadjusted(char *foot, size_t n, int en);
/* "高いほど良い", "higher is better", ... */
const char	*qi_direction_words(enum qi_direction, int en);
/* The name of the definition's interval method, for subtitles. */
const char	*qi_method_words(const struct qi_indicator *, int en);
/* The name of the interval method of the values shown: a risk-adjusted
   indicator's O/E interval method (risk_model.ratio_method), else
   qi_method_words(). */
const char	*qi_shown_method_words(const struct qi_indicator *, int en);

/* Results the publication rule withholds, by reason. */
struct qi_withheld {
	size_t		 n;		/* all withheld */
	size_t		 small_den;	/* QI_STATUS_SMALL_DENOMINATOR */
	size_t		 small_num;	/* QI_STATUS_SMALL_NUMERATOR */
	size_t		 complement;	/* QI_STATUS_COMPLEMENTARY */
	size_t		 empty;		/* QI_STATUS_EMPTY */
	size_t		 no_data;	/* QI_STATUS_NO_DATA: not withheld,
					   not in n; told apart */
};

/* Count one withheld result of status s. */
void		 qi_withheld_count(struct qi_withheld *, enum qi_status);
/* "分母が 10 未満" ...: why a result of status s is withheld, into buf. */
const char	*qi_status_reason(enum qi_status, const struct qi_indicator *,
		    int en, char *buf, size_t sz);
/* The footer sentence for w; def gives the thresholds; g_free() it. */
char		*qi_chart_footer(const struct qi_withheld *,
		    const struct qi_indicator *, int en);

/*
 * chart/axis.c: a numeric axis.  Values in display units map linearly
 * from lo at p0 to hi at p1 (pt); a horizontal axis has p1 > p0, a
 * vertical one p1 < p0 (values grow upwards).  Each tick's x is its
 * position along the axis (an x on a horizontal axis, a y on a vertical
 * one).
 */
struct qi_axis {
	double		 lo, hi;	/* range, display units */
	double		 p0, p1;	/* positions of lo and hi, pt */
	int		 vertical;	/* nonzero: labels stack vertically */
	struct qi_cattick *ticks;	/* ascending by value; free with
					   qi_axis_free() */
	size_t		 nticks;
	int		 decimals;	/* of tick labels */
	double		 label_h;	/* height of a tick label, pt */
};

/* Position, pt, of display value v. */
double		 qi_axis_pos(const struct qi_axis *, double v);
/*
 * Choose range and ticks for data in [dlo, dhi], kept within [floor_v,
 * cap] (either may be infinite): the smallest nice step (1, 2, 2.5, 5 x
 * 10^k) whose labels keep 10 pt apart along the axis (widths on a
 * horizontal axis, heights on a vertical one), at most 12 ticks; the
 * range is the data widened to whole steps.  p0, p1 and vertical must be
 * set.  The ticks replace any the axis had.
 */
void		 qi_axis_choose(struct qi_axis *, cairo_t *, double dlo,
		    double dhi, double floor_v, double cap);
void		 qi_axis_free(struct qi_axis *);

/* --------------------------------------------------------------- frame */

/*
 * chart/frame.c: what every chart kind shares -- a
 * page with title, subtitle, legend, a plot with a value axis, and a
 * footer -- and every piece of text as a measured box, so that one test
 * can prove for every kind that no two texts touch and all lie on the
 * page.  All lengths are points from the page's top-left corner.
 */
#define QI_NOLABEL	((size_t)-1)	/* no label index */

struct qi_label {
	char		*text;		/* owned; g_free */
	enum qi_font	 role;
	double		 x, y;		/* box's top-left corner, pt */
	double		 w, h;		/* box's logical size, pt */
	struct qi_rgb	 colour;
	double		 wrap;		/* > 0: wrapped to this width, pt */
	int		 patch;		/* nonzero: on a background patch */
};

/* What a legend key shows before its words. */
enum qi_keykind {
	QI_KEY_ORG,		/* organisation's marker on a whisker */
	QI_KEY_BAND,		/* organisation's line over its interval band */
	QI_KEY_TARGET,		/* target / centre line */
	QI_KEY_LIMIT_INNER,	/* 95% limit */
	QI_KEY_LIMIT_OUTER,	/* 99.8% limit, or SPC control limits */
	QI_KEY_LIMIT_OD,	/* overdispersion-adjusted limits */
	QI_KEY_OUTSIDE,		/* a point outside the limits */
	QI_KEY_DOT,		/* organisation's colour as a filled dot */
	QI_KEY_CHANGE,		/* hollow dot, arrow, filled dot, in ink */
	QI_KEY_REFLINE		/* organisation's pooled-rate line, upright */
};

struct qi_legendkey {
	enum qi_keykind	 kind;
	size_t		 org;		/* for QI_KEY_ORG, QI_KEY_BAND, QI_KEY_DOT,
					   QI_KEY_REFLINE */
	double		 x, y;		/* centre of the key sample, pt */
	size_t		 label;		/* index into frame labels */
};

struct qi_frame {
	int		 lang_en;	/* nonzero: English words */
	double		 width, height;	/* page, pt; height a whole number */
	double		 margin;	/* pt */
	double		 cursor;	/* next free y while laying out, pt */
	double		 plot_x, plot_y; /* top-left of the plot area, pt */
	double		 plot_w, plot_h; /* pt */
	struct qi_axis	 y;		/* value axis (vertical), or unused */
	struct qi_axis	 x;		/* numeric x axis, or unused (nticks 0) */
	int		 ygrid;		/* nonzero: horizontal gridlines at y ticks */
	int		 xgrid;		/* nonzero: vertical gridlines at x ticks */
	struct qi_label	*labels;	/* every text of the chart */
	size_t		 nlabels, maxlabels;
	struct qi_legendkey *keys;
	size_t		 nkeys, maxkeys;
	size_t		 title;		/* index of the title label */
};

/* Start a page of cfg->width (>= 400 pt, else QI_EUSAGE): title and
   subtitle (wrapped), then cursor below them. */
enum qi_err	 qi_frame_begin(struct qi_frame *, cairo_t *,
		    const struct qi_chartcfg *, const char *title,
		    const char *subtitle);
/* Add a text box: x placed by align, y the box's top.  Returns its index. */
size_t		 qi_frame_text(struct qi_frame *, cairo_t *, enum qi_font,
		    const char *s, double x, double y, enum qi_align,
		    struct qi_rgb);
/* Add a legend entry of words after a key sample; entries flow left to
   right from the cursor and wrap; call qi_frame_legend_end() after the
   last.  *x carries the flow position (start at 0). */
void		 qi_frame_legend(struct qi_frame *, cairo_t *, double *x,
		    enum qi_keykind, size_t org, const char *words);
void		 qi_frame_legend_end(struct qi_frame *, cairo_t *, double x);
/* Does the box (x, y, w, h) come within pad pt of any text box? */
int		 qi_frame_hits(const struct qi_frame *, double x, double y,
		    double w, double h, double pad);
/* Do boxes a and b come within pad pt of each other? */
int		 qi_box_hits(double ax, double ay, double aw, double ah,
		    double bx, double by, double bw, double bh, double pad);
/*
 * The value axis down the left of the plot: plot_y and plot_h set, the
 * axis chosen for [dlo, dhi] within [floor_v, cap] with its title above
 * its labels; sets plot_x, plot_w (up to the right margin less right_w).
 */
void		 qi_frame_yaxis(struct qi_frame *, cairo_t *, double dlo,
		    double dhi, double floor_v, double cap, const char *title,
		    double right_w);
/* A numeric x axis under the plot with its title; advances the cursor. */
void		 qi_frame_xaxis(struct qi_frame *, cairo_t *, double dlo,
		    double dhi, double floor_v, double cap, const char *title);
/*
 * Category labels under the plot, centred at x[i]: every k-th label for
 * the least k that keeps them 8 pt apart (k = 1 when they fit); returns
 * k; advances the cursor.
 */
size_t		 qi_frame_categories(struct qi_frame *, cairo_t *,
		    char *const *names, const double *x, size_t n);
/*
 * Period labels under the plot: x[i] (caller's array of n) is set to the
 * centre of period i's slot (plot_w / n wide); labels thinned as in
 * qi_frame_categories(), whose k is returned.
 */
size_t		 qi_frame_periods(struct qi_frame *, cairo_t *,
		    const struct qi_period *, size_t n, double *x);

struct qi_box {
	double		 x, y, w, h;	/* top-left and size, pt */
};

/*
 * Place a one-line label of s next to anchor, greedily: the first of
 * nplaces (at most 8: right, left, above, below, then the corners) at
 * gaps 2, 10, 22 pt whose box is inside area, 1.5 pt from every text and
 * 0.5 pt from every obstacle.  Returns the label's index, or QI_NOLABEL
 * if none fits.  (*lx, *ly) is where a leader line from
 * the anchor's centre meets the label, or NaN when the label is close.
 */
size_t		 qi_frame_place(struct qi_frame *, cairo_t *, enum qi_font,
		    const char *s, struct qi_rgb, const struct qi_box *anchor,
		    const struct qi_box *obst, size_t nobst,
		    const struct qi_box *area, size_t nplaces, double *lx,
		    double *ly);
/* The footer, wrapped, at the cursor; then the page height. */
void		 qi_frame_end(struct qi_frame *, cairo_t *, const char *footer);
void		 qi_frame_free(struct qi_frame *);
/* qi_chart_write() of a laid-out frame: its title, size, cfg's scale. */
enum qi_err	 qi_frame_write(const char *path, enum qi_format,
		    const struct qi_frame *, const struct qi_chartcfg *,
		    qi_draw_fn *, void *layout, struct qi_diag *);
/* Diagnose a failed layout of what ("funnel plot"); a usage error gets
   the hint "give <needs>; ...".  Returns rc. */
enum qi_err	 qi_chart_layout_failed(struct qi_diag *, const char *path,
		    enum qi_err rc, const char *needs, const char *what);
/* measure, or a scratch cairo_t on a 1x1 surface (*scratch) if NULL;
   release with qi_measure_end(). */
cairo_t		*qi_measure_begin(cairo_t *measure, cairo_surface_t **scratch);
void		 qi_measure_end(cairo_t *, cairo_surface_t *scratch);
/* The page background (and line join and cap); then, after any row
   bands, the gridlines and plot frame, under the marks
   (chart_kind_draw()). */
void		 qi_frame_draw_page(cairo_t *, const struct qi_frame *);
void		 qi_frame_draw_grid(cairo_t *, const struct qi_frame *);
/* Legend keys and every text box; draw after the marks. */
void		 qi_frame_draw_front(cairo_t *, const struct qi_frame *);
/* The sample of a key kind centred at (x, y). */
void		 qi_frame_draw_key(cairo_t *, enum qi_keykind, size_t org,
		    double x, double y);
/*
 * A change between two values on the line y (pt): a hollow dot at xa
 * and, when the dots stand apart, an arrow on to a filled dot at xb, in
 * colour c; the dots are the style's marker size.  Keeps the cairo state.
 */
void		 qi_frame_draw_change(cairo_t *, struct qi_rgb c, double xa,
		    double xb, double y);

/* ---------------------------------------------------------- caterpillar */

/*
 * The caterpillar's page is a frame (frame.c): title, subtitle, legend
 * (per organisation its marker with its name and number of hospitals
 * shown, then its pooled-rate line with the overall rate), a strip with
 * the column headings and tick labels, the reference-label band, the
 * rows, the frame's x axis, the footer.  Every text is a frame label.
 */
struct qi_caterpillar_layout {
	struct qi_frame	 frame;		/* page, axis (frame.x), every text */
	size_t		 ind;		/* index into results->defs */
	struct qi_period period;
	int		 lang_en;	/* nonzero: English words */

	struct qi_catrow *rows;		/* best first */
	size_t		 nrows;
	size_t		 nsuppressed;	/* hospital results not shown (status != OK) */
	size_t		 nsmall_den;	/* ... of them QI_STATUS_SMALL_DENOMINATOR */
	size_t		 nsmall_num;	/* ... QI_STATUS_SMALL_NUMERATOR */
	size_t		 ncomplement;	/* ... QI_STATUS_COMPLEMENTARY */
	size_t		 nempty;	/* ... QI_STATUS_EMPTY */
	size_t		 nunadjusted;	/* published but not shown: a risk-
					   adjusted indicator's result without
					   an adjusted value (no fitted model) */

	struct qi_catref *refs;		/* by organisation index */
	size_t		 nrefs;

	int		 dense;		/* nonzero: more than
					   QI_CATERPILLAR_DENSE_ROWS rows, drawn
					   as a distribution */
	size_t		 hl_row;	/* the row of cfg.highlight, or
					   QI_NOLABEL */
	size_t		 hl_org;	/* organisation highlighted (distribution
					   form), or QI_NOLABEL */
	double		 row_h;		/* pt; in the distribution form
					   QI_CATERPILLAR_DENSE_H / nrows */
	double		 label_x, label_w; /* hospital-name column (rank numbers
					   in the distribution form), pt */
	double		 value_x, value_w; /* value column (right edge value_x +
					   value_w); value_w 0 if not shown */
	double		 head_y;	/* top of the top tick labels and headings */
	double		 tick_h;	/* height of a tick label, pt */
	size_t		 subtitle;	/* frame label of the subtitle */
	size_t		 empty;		/* frame label of the note shown when no
					   row is, or QI_NOLABEL */
	size_t		 footer;	/* frame label of the footer: how many
					   hospitals are not shown, and why */
};

/*
 * Compute the layout of the caterpillar chart for indicator ind (index
 * into results->defs) and period p.  measure is a cairo_t used only to
 * measure text (its font options do not matter: metrics are unhinted); if
 * NULL, a scratch one is made.  On QI_OK *out is filled and must be
 * released with qi_caterpillar_layout_free(); on failure *out is zeroed.
 * Returns QI_EUSAGE if ind is out of range or the page is too narrow
 * (width < 400 pt), QI_ESYS if cairo fails.
 */
enum qi_err	 qi_caterpillar_layout(const struct qi_results *, size_t ind,
		    struct qi_period, const struct qi_chartcfg *,
		    cairo_t *measure, struct qi_caterpillar_layout *out);
/* Release what a layout owns (not the struct itself); NULL is allowed. */
void		 qi_caterpillar_layout_free(struct qi_caterpillar_layout *);

/*
 * Paint a layout onto cr, page origin at the user-space origin, size
 * layout->frame.width x layout->frame.height pt.  Returns QI_ESYS if cr
 * is in an error state afterwards.
 */
enum qi_err	 qi_caterpillar_draw(cairo_t *cr,
		    const struct qi_caterpillar_layout *);

/*
 * Lay out and write the caterpillar chart of indicator ind, period p, to
 * path in the given format (qi_chart_write()).  Returns QI_OK, QI_EUSAGE
 * (bad ind, config) or QI_ESYS, with a diagnostic on failure.
 */
enum qi_err	 qi_caterpillar_write(const char *path, enum qi_format,
		    const struct qi_results *, size_t ind, struct qi_period,
		    const struct qi_chartcfg *, struct qi_diag *);

/* Footer for withheld values that are not hospitals (organisation cells);
   "" if none; g_free() it. */
char		*qi_chart_footer_values(const struct qi_withheld *,
		    const struct qi_indicator *, int en);

/* ------------------------------------------------ comparison and trend */

/*
 * One organisation's pooled result in one period, as computed elsewhere
 * (compute.c, QI_SCOPE_ORG).  Only QI_STATUS_OK cells with a finite rate
 * are drawn; the others are counted in the footer and marked withheld.
 */
struct qi_orgcell {
	enum qi_status	 status;
	double		 rate;		/* events / denominator, proportion [0,1] */
	double		 lower, upper;	/* interval, proportions; NaN: none */
};

/* Input of the comparison and trend charts; all borrowed. */
struct qi_orgseries {
	const struct qi_indicator *def;	/* title, unit, direction, level,
					   method, thresholds */
	const struct qi_org *orgs;	/* organisation i is drawn in style i */
	size_t		 norgs;
	const struct qi_period *periods; /* x axis, in time order */
	size_t		 nperiods;
	const struct qi_orgcell *cells;	/* [p * norgs + o], nperiods * norgs */
	const long	*versions;	/* definition version in force in each
					   period (trend only), or NULL */
};

/* A point with an interval, as placed on the page (pt). */
struct qi_mark {
	size_t		 org;		/* style index */
	size_t		 period;	/* index into the input's periods, or
					   the hospital index (funnel) */
	double		 x, y;		/* point */
	double		 y_lo, y_hi;	/* interval ends; y_lo >= y_hi */
	int		 outside;	/* nonzero: highlighted (SPC, funnel) */
	size_t		 label;		/* its value or name label in the
					   frame, or QI_NOLABEL */
	double		 lx, ly;	/* leader from (x, y) to here, or lx NaN */
	char		*tip;		/* pointer tip in an SVG (funnel: name,
					   value, volume), owned, or NULL */
};

/*
 * Organisation comparison: x = periods, organisations dodged side by
 * side within each period, each a point at its pooled rate with its
 * interval whisker, in its colour and marker; each value labelled where
 * the label meets no other text and no other mark (right, left, above,
 * below, in that order; unlabelled if none fits).
 */
struct qi_compare_layout {
	struct qi_frame	 frame;
	struct qi_mark	*marks;
	size_t		 nmarks;
	size_t		 nunlabelled;	/* published values without a label */
	struct qi_withheld withheld;	/* cells not drawn */
	double		 cat_w;		/* width of one period, pt */
};

/* The series, shared by the comparison and the trend (series.c). */
/* Is the cell drawn: published, with a finite rate? */
int		 qi_orgcell_shown(const struct qi_orgcell *);
/* Nonzero if s has a definition, organisations, periods and cells. */
int		 qi_orgseries_valid(const struct qi_orgseries *);
/* [lo, hi] of published rates and intervals times m; 0 (and [0, m]) if
   nothing is published. */
int		 qi_orgseries_range(const struct qi_orgseries *, double m,
		    double *lo, double *hi);
/* Begin a series chart's frame: title "<indicator> <what> <periods>",
   subtitle, a legend key of kind key per organisation. */
enum qi_err	 qi_orgseries_head(struct qi_frame *, cairo_t *,
		    const struct qi_orgseries *, const struct qi_chartcfg *,
		    const char *what_ja, const char *what_en, enum qi_keykind);
/* Whiskers (with caps) and markers of n marks. */
void		 qi_marks_draw(cairo_t *, const struct qi_mark *, size_t n);

enum qi_err	 qi_compare_layout(const struct qi_orgseries *,
		    const struct qi_chartcfg *, cairo_t *measure,
		    struct qi_compare_layout *out);
void		 qi_compare_layout_free(struct qi_compare_layout *);
enum qi_err	 qi_compare_draw(cairo_t *, const struct qi_compare_layout *);
enum qi_err	 qi_compare_write(const char *path, enum qi_format,
		    const struct qi_orgseries *, const struct qi_chartcfg *,
		    struct qi_diag *);

/* A change of definition version between two periods. */
struct qi_vrule {
	double		 x;		/* the rule, pt */
	double		 y_top;		/* from here to the plot bottom, pt */
	long		 version;	/* the new version */
	size_t		 label;		/* "定義 v2" in the frame, or QI_NOLABEL
					   if six rows of such labels are full */
};

/*
 * Quarterly trend: each organisation's pooled rate as a line with a
 * translucent interval band, broken where a value is withheld; a change
 * of definition version (versions[p] != versions[p - 1]) is a vertical
 * rule between the quarters with the label "定義 vN" / "definition vN".
 */
struct qi_trend_layout {
	struct qi_frame	 frame;
	struct qi_mark	*marks;		/* by organisation, then period */
	size_t		 nmarks;
	struct qi_vrule	*rules;
	size_t		 nrules;
	struct qi_withheld withheld;
	double		 cat_w;
	double		 end_w;		/* column for the end labels, pt */
	size_t		 thin;		/* every thin-th quarter is labelled */
};

enum qi_err	 qi_trend_layout(const struct qi_orgseries *,
		    const struct qi_chartcfg *, cairo_t *measure,
		    struct qi_trend_layout *out);
void		 qi_trend_layout_free(struct qi_trend_layout *);
enum qi_err	 qi_trend_draw(cairo_t *, const struct qi_trend_layout *);
enum qi_err	 qi_trend_write(const char *path, enum qi_format,
		    const struct qi_orgseries *, const struct qi_chartcfg *,
		    struct qi_diag *);

/* ------------------------------------------------------------------ spc */

/*
 * One hospital's p- or u-chart over quarters, with centre lines and
 * limits computed elsewhere (trend.c per version segment, spc.c
 * qi_spc_limits()).  Values are on the indicator's own scale (proportions
 * for p, events per unit of exposure for u) and are shown times
 * qi_unit_multiplier(def->unit).
 */
struct qi_spc_input {
	const struct qi_indicator *def;
	const char	*hospital;	/* name in the chart's language */
	size_t		 org;		/* style index of its organisation */
	const char	*chart;		/* "p", "u", "p'", "u'" */
	const struct qi_period *periods; /* quarters in time order */
	size_t		 n;
	const double	*value;		/* x_i / n_i; NaN: no subgroup */
	const double	*centre;	/* centre line in force in each quarter
					   (its version segment's), NaN where
					   none; NULL: no centre line at all */
	const double	*lo, *hi;	/* control limits per quarter */
	const long	*versions;	/* definition versions, or NULL */
};

/*
 * One horizontal piece of centre line.  Within a run of quarters of one
 * definition version (between two rules) the quarters with a finite
 * centre give one piece per value; the first piece of the run starts at
 * the run's left edge (a rule or the plot's edge), the last ends at its
 * right edge, so a line never crosses a version rule.
 */
struct qi_spccentre {
	double		 x0, x1;	/* pt; x0 < x1 */
	double		 y;		/* pt */
	double		 value;		/* the centre line, input scale */
	size_t		 first, last;	/* quarters it spans (indices into
					   periods), first <= last */
	long		 version;	/* versions[first], or 0 if NULL */
};

/* A control-limit step over one quarter. */
struct qi_spcstep {
	double		 x0, x1;	/* pt */
	double		 y_lo, y_hi;	/* pt; NaN when the limit is missing */
};

struct qi_spc_layout {
	struct qi_frame	 frame;
	struct qi_mark	*marks;		/* one per quarter with a value */
	size_t		 nmarks;
	struct qi_spcstep *steps;	/* one per quarter */
	size_t		 nsteps;
	struct qi_spccentre *centres;	/* left to right; none if no quarter
					   has a centre line */
	size_t		 ncentres;
	struct qi_vrule	*rules;
	size_t		 nrules;
	size_t		 noutside;	/* points beyond a limit */
	double		 cat_w;
	size_t		 thin;
};

enum qi_err	 qi_spc_layout(const struct qi_spc_input *,
		    const struct qi_chartcfg *, cairo_t *measure,
		    struct qi_spc_layout *out);
void		 qi_spc_layout_free(struct qi_spc_layout *);
enum qi_err	 qi_spc_draw(cairo_t *, const struct qi_spc_layout *);
enum qi_err	 qi_spc_write(const char *path, enum qi_format,
		    const struct qi_spc_input *, const struct qi_chartcfg *,
		    struct qi_diag *);

/* ----------------------------------------------------------------- vlad */

/*
 * One hospital's VLAD chart for a risk-modelled indicator (vlad.c): the
 * cumulative expected minus observed events (analysis.h, struct
 * qi_vlad) over the quarters, with a zero line.  Counts of events, not
 * rates: nothing is multiplied by the unit.
 */
struct qi_vlad_input {
	const struct qi_indicator *def;
	const char	*hospital;	/* name in the chart's language */
	size_t		 org;		/* style index of its organisation */
	const struct qi_period *periods; /* the x axis: quarters in time
					   order */
	size_t		 n;
	const double	*cum;		/* cumulative E - O at each quarter;
					   NaN: no point there */
	const double	*observed, *expected; /* the quarter's O and E
					   (pointer tips); NaN with cum */
	struct qi_withheld withheld;	/* the hospital's quarters withheld,
					   by reason (footer) */
	size_t		 unmodelled;	/* published quarters without an
					   expected count */
};

struct qi_vlad_layout {
	struct qi_frame	 frame;
	struct qi_mark	*marks;		/* one per quarter with a point; the
					   last one's value labelled */
	size_t		 nmarks;
	double		 zero_y;	/* the zero line, pt */
	double		 cat_w;
	size_t		 thin;		/* every thin-th quarter labelled */
};

enum qi_err	 qi_vlad_layout(const struct qi_vlad_input *,
		    const struct qi_chartcfg *, cairo_t *measure,
		    struct qi_vlad_layout *out);
void		 qi_vlad_layout_free(struct qi_vlad_layout *);
enum qi_err	 qi_vlad_draw(cairo_t *, const struct qi_vlad_layout *);
enum qi_err	 qi_vlad_write(const char *path, enum qi_format,
		    const struct qi_vlad_input *, const struct qi_chartcfg *,
		    struct qi_diag *);

/* --------------------------------------------------------------- funnel */

/* One hospital on a funnel plot. */
struct qi_funnel_point {
	const char	*name;		/* in the chart's language */
	size_t		 org;		/* style index */
	enum qi_status	 status;	/* not QI_STATUS_OK: not plotted, counted */
	double		 volume;	/* denominator (patients) or expected E */
	double		 value;		/* rate (proportion) or O/E ratio */
	int		 outlier;	/* nonzero: beyond the outer limit, as
					   funnel.c's flag says; labelled */
};

/* The limits at one volume (funnel.c); NaN where not given. */
struct qi_funnel_limit {
	double		 volume;
	double		 lo95, hi95;	/* inner (e.g. 95%) limits */
	double		 lo998, hi998;	/* outer (e.g. 99.8%) limits */
	double		 od_lo95, od_hi95; /* overdispersion-adjusted, or NaN */
	double		 od_lo998, od_hi998;
};

struct qi_funnel_input {
	const struct qi_indicator *def;
	const struct qi_org *orgs;
	size_t		 norgs;
	struct qi_period period;
	const struct qi_funnel_point *points;
	size_t		 npoints;
	double		 target;	/* same scale as value */
	const struct qi_funnel_limit *limits; /* ascending volume */
	size_t		 nlimits;
	int		 ratio;		/* nonzero: value is O/E and volume is
					   E (shown as is); else a rate shown
					   times the unit's multiplier */
	double		 inner, outer;	/* levels, e.g. 0.95 and 0.998 */
	/*
	 * Overdispersion as the analysis decided it (specs/statistics.md,
	 * "Funnel analysis of results"), for the footer: od_tested when
	 * the definition asks for widening and phi was estimated; od_model
	 * the widening applied (none: the test did not reject).
	 */
	int		 od_tested;
	enum qi_od_model od_model;
	enum qi_funnel_scale od_scale;
	double		 phi, tau2, od_p;
};

struct qi_funnel_layout {
	struct qi_frame	 frame;
	struct qi_mark	*marks;		/* plotted hospitals; period = index
					   into points */
	size_t		 nmarks;
	double		*curve_x;	/* nlimits x positions, pt */
	double		*curve_y[8];	/* lo95 hi95 lo998 hi998 od_lo95
					   od_hi95 od_lo998 od_hi998, pt; NaN
					   where not given */
	size_t		 ncurve;
	int		 has_od;
	double		 target_y;	/* pt */
	size_t		 noutliers;
	size_t		 nunlabelled;	/* outliers whose name found no room */
	struct qi_withheld withheld;
};

enum qi_err	 qi_funnel_layout(const struct qi_funnel_input *,
		    const struct qi_chartcfg *, cairo_t *measure,
		    struct qi_funnel_layout *out);
void		 qi_funnel_layout_free(struct qi_funnel_layout *);
enum qi_err	 qi_funnel_draw(cairo_t *, const struct qi_funnel_layout *);
enum qi_err	 qi_funnel_write(const char *path, enum qi_format,
		    const struct qi_funnel_input *, const struct qi_chartcfg *,
		    struct qi_diag *);

/* -------------------------------------------------------------- profile */

/* One indicator of the hospital profile (proportions, like results). */
struct qi_profile_row {
	const struct qi_indicator *def;
	enum qi_status	 status;	/* of the hospital's result */
	double		 rate, lower, upper; /* hospital; NaN if withheld */
	double		 own;		/* its organisation's pooled rate */
	double		 other;		/* the other organisation's; NaN: none */
};

struct qi_profile_input {
	const char	*hospital;	/* in the chart's language */
	size_t		 org, other_org; /* style indices */
	const struct qi_org *orgs;
	size_t		 norgs;
	struct qi_period period;
	const struct qi_profile_row *rows;
	size_t		 nrows;
};

/*
 * Per row: the x axis is the difference from the own organisation's
 * pooled rate in the indicator's display unit (points), with the sign
 * flipped for lower-is-better indicators, so that right is always better.
 */
struct qi_profrow {
	double		 y;		/* centre, pt */
	int		 shown;		/* nonzero: hospital value drawn */
	double		 x, x_lo, x_hi;	/* hospital and interval, pt */
	double		 x_other;	/* other organisation, pt; NaN: none */
	int		 flipped;	/* lower is better: sign flipped */
};

struct qi_profile_layout {
	struct qi_frame	 frame;
	struct qi_profrow *rows;
	size_t		 nrows;
	double		 zero_x;	/* own organisation, pt */
	double		 row_h;
	double		 label_x, label_w; /* indicator-name column */
	size_t		 org, other_org; /* style indices (from the input) */
	size_t		 nwithheld;
};

enum qi_err	 qi_profile_layout(const struct qi_profile_input *,
		    const struct qi_chartcfg *, cairo_t *measure,
		    struct qi_profile_layout *out);
void		 qi_profile_layout_free(struct qi_profile_layout *);
enum qi_err	 qi_profile_draw(cairo_t *, const struct qi_profile_layout *);
enum qi_err	 qi_profile_write(const char *path, enum qi_format,
		    const struct qi_profile_input *, const struct qi_chartcfg *,
		    struct qi_diag *);

/* ------------------------------------------------------------ variants */

/*
 * The dot-and-arrow chart of qi variants (variants.c): one indicator in
 * one period, one row per hospital published under both variants a and
 * b (a finite rate under each), ordered by the rate under a, highest
 * first, equal rates by hospital id (strcmp); a hollow dot at the rate
 * under a and an arrow to a filled dot at the rate under b, in the
 * organisation's colour (qi_frame_draw_change()).  The x axis is the
 * rate in the indicator's display unit (times qi_unit_multiplier()).
 */
struct qi_varmark {
	size_t		 row;		/* index into the input's rows */
	size_t		 org;		/* style index (registry organisation) */
	double		 y;		/* centre of the row, pt */
	double		 xa, xb;	/* rate under a and under b, pt */
	size_t		 label;		/* the hospital's name in the frame */
};

struct qi_varcmp_layout {
	struct qi_frame	 frame;
	struct qi_varmark *marks;	/* top to bottom; owned */
	size_t		 nmarks;	/* hospitals published under both */
	size_t		 nresults;	/* hospitals with a result (input's n) */
	double		 row_h;		/* pt */
	double		 label_x, label_w; /* hospital-name column, pt */
	size_t		 empty;		/* the note in an empty plot, or
					   QI_NOLABEL */
};

/*
 * Lay out the chart of c (borrowed, with its definitions and registry)
 * in cfg (NULL: the defaults), measuring text with measure (NULL: a
 * scratch one).  On QI_OK *out must be released with
 * qi_varcmp_layout_free(); on failure it is zeroed.  QI_EUSAGE if c
 * lacks its definitions or registry or the page is narrower than 400 pt.
 * No row at all is a chart saying so.
 */
enum qi_err	 qi_varcmp_layout(const struct qi_varcmp *,
		    const struct qi_chartcfg *, cairo_t *measure,
		    struct qi_varcmp_layout *out);
/* Release what a layout owns (not the struct itself); NULL is allowed. */
void		 qi_varcmp_layout_free(struct qi_varcmp_layout *);
/* Paint a layout onto cr, page origin at the user-space origin. */
enum qi_err	 qi_varcmp_draw(cairo_t *, const struct qi_varcmp_layout *);
/* Lay out and write the chart to path (qi_frame_write()), with a
   diagnostic on failure. */
enum qi_err	 qi_varcmp_write(const char *path, enum qi_format,
		    const struct qi_varcmp *, const struct qi_chartcfg *,
		    struct qi_diag *);

#endif /* QI_CHART_H */
