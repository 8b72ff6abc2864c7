/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * surface.c -- the only place that picks PNG, PDF or SVG.
 *
 * A chart is a draw callback working in points; this file makes the
 * surface for the format, runs the callback and writes the file through
 * a stdio stream, so a failure can name the file and errno.  Output is
 * deterministic: PNG carries no time, the PDF's creation date is fixed
 * (cairo 1.16 ignores SOURCE_DATE_EPOCH), and the SVG's surface names,
 * which cairo numbers process-wide, are renumbered per document.
 *
 * SVG text is real text.  cairo's SVG surface would write every glyph
 * as an outline, so while an SVG is drawn the surface carries a record
 * (struct qi_svgrec, as cairo user data): text.c, the one place that
 * draws text, appends each line of text to it as a <text> element
 * instead of drawing glyphs, and qi_chart_tip() appends a transparent
 * box with a <title> (a mark's pointer tip).  Shapes are drawn by cairo
 * as before; the record is written after them, text above the shapes and
 * the tips above all, just before </svg>.  See specs/publication.md.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib.h>

#include "chart.h"

/* Fixed PDF creation date, ISO 8601, so equal charts give equal bytes. */
#define QI_PDF_DATE	"2025-01-01T00:00:00"

/* Fonts a reader's system has for Japanese, best first. */
#define QI_SVG_FONTS	"'Noto Sans CJK JP','Hiragino Sans','Yu Gothic'," \
			"Meiryo,sans-serif"

/* What an SVG surface records instead of drawing (see the top). */
struct qi_svgrec {
	GString	*text;		/* <text> elements, in drawing order */
	GString	*tips;		/* <rect><title/></rect>, in drawing order */
};

static const cairo_user_data_key_t svgrec_key;

struct qi_svgrec *
qi_svg_rec(cairo_t *cr)
{
	return cairo_surface_get_user_data(cairo_get_target(cr),
	    &svgrec_key);
}

/* A length or coordinate, pt, as SVG writes it: at most two decimals,
   no trailing zeros, C locale, never "-0". */
static void
svg_num(GString *g, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	size_t n;

	g_ascii_formatd(buf, sizeof(buf), "%.2f", v);
	n = strlen(buf);
	while (n > 1 && buf[n - 1] == '0' && strchr(buf, '.') != NULL)
		buf[--n] = '\0';
	if (buf[n - 1] == '.')
		buf[--n] = '\0';
	g_string_append(g, strcmp(buf, "-0") == 0 ? "0" : buf);
}

/* XML text or attribute value: & < > " escaped, control characters
   (none reach a chart: ids and names refuse them) dropped. */
static void
svg_esc(GString *g, const char *s, gssize len)
{
	const char *end = s + (len < 0 ? (gssize)strlen(s) : len);

	for (; s < end; s++)
		switch (*s) {
		case '&': g_string_append(g, "&amp;"); break;
		case '<': g_string_append(g, "&lt;"); break;
		case '>': g_string_append(g, "&gt;"); break;
		case '"': g_string_append(g, "&quot;"); break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\n')
				g_string_append_c(g, *s);
		}
}

static int
svg_byte(double v)
{
	return (int)lround(fmin(1.0, fmax(0.0, v)) * 255.0);
}

void
qi_svg_text(struct qi_svgrec *rec, cairo_t *cr, double x, double y,
    enum qi_align align, double size_pt, int bold, int tabular,
    double width_pt, const char *utf8, size_t len)
{
	static const char *const anchor[] = { NULL, "middle", "end" };
	double r = 0, gr = 0, b = 0, a = 1, ux = 1, uy = 0, deg;
	GString *g = rec->text;

	while (len > 0 && (utf8[len - 1] == '\n' || utf8[len - 1] == '\r'))
		len--;
	if (len == 0)
		return;
	(void)cairo_pattern_get_rgba(cairo_get_source(cr), &r, &gr, &b, &a);
	/* Where the user space puts the point, and which way its x runs. */
	cairo_user_to_device(cr, &x, &y);
	cairo_user_to_device_distance(cr, &ux, &uy);
	deg = atan2(uy, ux) * 180.0 / G_PI;
	g_string_append(g, "<text x=\"");
	svg_num(g, x);
	g_string_append(g, "\" y=\"");
	svg_num(g, y);
	g_string_append(g, "\" font-size=\"");
	svg_num(g, size_pt * hypot(ux, uy));
	g_string_append(g, "\"");
	if (bold)
		g_string_append(g, " font-weight=\"bold\"");
	g_string_append_printf(g, " fill=\"#%02x%02x%02x\"", svg_byte(r),
	    svg_byte(gr), svg_byte(b));
	if (a < 1)
		g_string_append_printf(g, " fill-opacity=\"%d%%\"",
		    (int)lround(a * 100));
	if (align != QI_ALIGN_LEFT)
		g_string_append_printf(g, " text-anchor=\"%s\"",
		    anchor[align]);
	if (tabular)
		g_string_append(g, " style=\"font-variant-numeric:"
		    "tabular-nums\"");
	/* the reader's font takes the width ours has, so nothing the
	   layout kept apart can touch (lengths in device space) */
	if (width_pt > 0) {
		g_string_append(g, " textLength=\"");
		svg_num(g, width_pt * hypot(ux, uy));
		g_string_append(g, "\" lengthAdjust=\"spacingAndGlyphs\"");
	}
	if (fabs(deg) >= 0.005) {
		g_string_append(g, " transform=\"rotate(");
		svg_num(g, deg);
		g_string_append_c(g, ' ');
		svg_num(g, x);
		g_string_append_c(g, ' ');
		svg_num(g, y);
		g_string_append(g, ")\"");
	}
	g_string_append_c(g, '>');
	svg_esc(g, utf8, (gssize)len);
	g_string_append(g, "</text>\n");
}

void
qi_chart_tip(cairo_t *cr, double x, double y, double w, double h,
    const char *tip)
{
	struct qi_svgrec *rec = qi_svg_rec(cr);
	double x1 = x + w, y1 = y + h;

	if (rec == NULL || tip == NULL || *tip == '\0')
		return;
	cairo_user_to_device(cr, &x, &y);
	cairo_user_to_device(cr, &x1, &y1);
	g_string_append(rec->tips, "<rect x=\"");
	svg_num(rec->tips, fmin(x, x1));
	g_string_append(rec->tips, "\" y=\"");
	svg_num(rec->tips, fmin(y, y1));
	g_string_append(rec->tips, "\" width=\"");
	svg_num(rec->tips, fabs(x1 - x));
	g_string_append(rec->tips, "\" height=\"");
	svg_num(rec->tips, fabs(y1 - y));
	g_string_append(rec->tips, "\"><title>");
	svg_esc(rec->tips, tip, -1);
	g_string_append(rec->tips, "</title></rect>\n");
}

/*
 * The record into the document: the chart's title as the SVG's first
 * child (its accessible name), the text and the tips before </svg>.
 * The tips are painted (transparent fill) so that a pointer finds them.
 */
static void
svg_insert_rec(GString *svg, const struct qi_svgrec *rec, const char *title)
{
	GString *add = g_string_new(NULL);
	const char *open, *close;
	gssize at;

	if ((open = strstr(svg->str, "<svg")) != NULL &&
	    (open = strchr(open, '>')) != NULL && title != NULL) {
		g_string_append(add, "\n<title>");
		svg_esc(add, title, -1);
		g_string_append(add, "</title>");
		at = open + 1 - svg->str;
		g_string_insert_len(svg, at, add->str, (gssize)add->len);
		g_string_truncate(add, 0);
	}
	if (rec->text->len > 0) {
		g_string_append(add, "<g font-family=\"" QI_SVG_FONTS
		    "\" xml:lang=\"ja\">\n");
		g_string_append_len(add, rec->text->str,
		    (gssize)rec->text->len);
		g_string_append(add, "</g>\n");
	}
	if (rec->tips->len > 0) {
		g_string_append(add, "<g fill=\"#fff\" fill-opacity=\"0\">\n");
		g_string_append_len(add, rec->tips->str,
		    (gssize)rec->tips->len);
		g_string_append(add, "</g>\n");
	}
	if ((close = g_strrstr(svg->str, "</svg>")) != NULL)
		g_string_insert_len(svg, close - svg->str, add->str,
		    (gssize)add->len);
	g_string_free(add, TRUE);
}

struct sink {
	FILE	*fp;
	GString	*mem;	/* if not NULL, collect here instead of fp */
	int	 err;	/* errno of the first failed write; 0 if none */
};

static cairo_status_t
sink_write(void *arg, const unsigned char *data, unsigned int len)
{
	struct sink *s = arg;

	if (s->err != 0)
		return CAIRO_STATUS_WRITE_ERROR;
	if (s->mem != NULL) {
		g_string_append_len(s->mem, (const char *)data, (gssize)len);
		return CAIRO_STATUS_SUCCESS;
	}
	if (fwrite(data, 1, len, s->fp) != len) {
		s->err = errno != 0 ? errno : EIO;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

/*
 * Append the number at *pp (in a path's data or an rgb() colour, as
 * cairo writes them: -?digits(.digits)?, no exponent) to out with at most
 * two decimals, trailing zeros dropped: cairo writes six ("147.191406"),
 * a hundredth of a point is below any screen's or printer's pixel, and
 * the digits were most of an SVG's bytes.  *pp is left after it.
 */
static void
svg_trim_number(GString *out, const char **pp, const char *end)
{
	const char *p = *pp, *dot = NULL;
	char *num;

	if (p < end && *p == '-')
		p++;
	for (; p < end && (g_ascii_isdigit(*p) || (*p == '.' && dot == NULL));
	    p++)
		if (*p == '.')
			dot = p;
	if (dot == NULL || p - dot <= 3) {	/* two decimals or fewer */
		g_string_append_len(out, *pp, p - *pp);
		*pp = p;
		return;
	}
	num = g_strndup(*pp, (gsize)(p - *pp));
	svg_num(out, g_ascii_strtod(num, NULL));
	g_free(num);
	*pp = p;
}

/*
 * Each distinct style="..." cairo wrote becomes a class of one <style>
 * sheet at the top of the document, numbered by first appearance (s1,
 * s2, ...): a chart repeats a few styles hundreds of times, a marker or
 * whisker per hospital.
 */
static void
svg_style_classes(GString *svg)
{
	static const char attr[] = " style=\"";
	const size_t alen = sizeof(attr) - 1;
	GHashTable *cls = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	GString *out = g_string_sized_new(svg->len), *sheet = g_string_new(NULL);
	const char *p = svg->str, *end = svg->str + svg->len, *q, *open;
	guint next = 1, n;
	gpointer v;
	char *key, *rule;

	while (p < end) {
		if ((size_t)(end - p) <= alen || memcmp(p, attr, alen) != 0 ||
		    (q = memchr(p + alen, '"', (size_t)(end - p - alen))) ==
		    NULL) {
			g_string_append_c(out, *p++);
			continue;
		}
		key = g_strndup(p + alen, (gsize)(q - p - alen));
		if ((v = g_hash_table_lookup(cls, key)) == NULL) {
			n = next++;
			rule = g_strstrip(g_strdup(key));
			g_string_append_printf(sheet, ".s%u{%s}\n", n, rule);
			g_free(rule);
			g_hash_table_insert(cls, key, GUINT_TO_POINTER(n));
		} else {
			n = GPOINTER_TO_UINT(v);
			g_free(key);
		}
		g_string_append_printf(out, " class=\"s%u\"", n);
		p = q + 1;
	}
	if (sheet->len > 0 && (open = strstr(out->str, "<svg")) != NULL &&
	    (open = strchr(open, '>')) != NULL) {
		g_string_prepend(sheet, "\n<style>\n");
		g_string_append(sheet, "</style>");
		g_string_insert_len(out, open + 1 - out->str, sheet->str,
		    (gssize)sheet->len);
	}
	g_string_assign(svg, out->str);
	g_string_free(out, TRUE);
	g_string_free(sheet, TRUE);
	g_hash_table_destroy(cls);
}

/*
 * cairo's SVG surface names groups and images after the process-wide
 * serial number of a cairo surface ("surface6", "image12"), so a second
 * chart in one process differs from the first.  Renumber every such name
 * in order of first appearance, from 1; all other ids cairo writes are
 * counted per document already; numbers of path data and colours keep
 * two decimals (svg_trim_number()) and its styles become classes
 * (svg_style_classes()).  Then the record goes in
 * (svg_insert_rec()) and the whole is written to fp.  Returns 0, or -1
 * with errno.
 */
static int
svg_write_renumbered(const GString *svg, const struct qi_svgrec *rec,
    const char *title, FILE *fp)
{
	static const char *const prefixes[] = { "surface", "image" };
	GHashTable *map[2];
	GString *out;
	const char *p = svg->str, *end = svg->str + svg->len, *q;
	size_t i, plen;
	guint next[2] = { 1, 1 }, num;
	char *key, in_num = '\0';	/* '"' in path data, ')' in rgb() */
	gpointer v;
	int rc = 0;

	out = g_string_sized_new(svg->len);
	for (i = 0; i < 2; i++)
		map[i] = g_hash_table_new_full(g_str_hash, g_str_equal,
		    g_free, NULL);
	while (p < end) {
		/* numbers of path data and colours, to two decimals */
		if (in_num != '\0' && *p == in_num)
			in_num = '\0';
		else if (in_num == '\0' && end - p > 4 &&
		    (memcmp(p, " d=\"", 4) == 0 || memcmp(p, "rgb(", 4) == 0)) {
			in_num = p[1] == 'd' ? '"' : ')';
			g_string_append_len(out, p, 4);
			p += 4;
			continue;
		} else if (in_num != '\0' && (g_ascii_isdigit(*p) ||
		    *p == '-') && !g_ascii_isalnum(p[-1]) && p[-1] != '.') {
			svg_trim_number(out, &p, end);
			continue;
		}
		for (i = 0; i < 2; i++) {
			plen = strlen(prefixes[i]);
			if ((size_t)(end - p) > plen &&
			    memcmp(p, prefixes[i], plen) == 0 &&
			    g_ascii_isdigit(p[plen]) &&
			    (p == svg->str || !g_ascii_isalnum(p[-1])))
				break;
		}
		if (i == 2) {
			g_string_append_c(out, *p++);
			continue;
		}
		for (q = p + plen; q < end && g_ascii_isdigit(*q); q++)
			continue;
		key = g_strndup(p + plen, (gsize)(q - p - plen));
		if ((v = g_hash_table_lookup(map[i], key)) == NULL) {
			num = next[i]++;
			g_hash_table_insert(map[i], key, GUINT_TO_POINTER(num));
		} else {
			num = GPOINTER_TO_UINT(v);
			g_free(key);
		}
		g_string_append_printf(out, "%s%u", prefixes[i], num);
		p = q;
	}
	svg_style_classes(out);
	svg_insert_rec(out, rec, title);
	if (fwrite(out->str, 1, out->len, fp) != out->len)
		rc = -1;
	for (i = 0; i < 2; i++)
		g_hash_table_destroy(map[i]);
	g_string_free(out, TRUE);
	return rc;
}

/* A PDF surface writing to sink, first page width x height pt, with
   title (may be NULL), qi's version as Creator and the fixed date. */
static cairo_surface_t *
pdf_surface(struct sink *sink, double width_pt, double height_pt,
    const char *title)
{
	cairo_surface_t *surf;
	char *creator;

	surf = cairo_pdf_surface_create_for_stream(sink_write, sink, width_pt,
	    height_pt);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS)
		return surf;
	if (title != NULL)
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE,
		    title);
	creator = g_strconcat("qi ", qi_version(), NULL);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
	    creator);
	g_free(creator);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE,
	    QI_PDF_DATE);
	return surf;
}

int
qi_format_of_path(const char *path)
{
	const char *dot;

	if (path == NULL || (dot = strrchr(path, '.')) == NULL)
		return -1;
	if (strcasecmp(dot, ".png") == 0)
		return QI_FORMAT_PNG;
	if (strcasecmp(dot, ".pdf") == 0)
		return QI_FORMAT_PDF;
	if (strcasecmp(dot, ".svg") == 0)
		return QI_FORMAT_SVG;
	return -1;
}

enum qi_err
qi_chart_write(const char *path, enum qi_format fmt, const char *title,
    double width_pt, double height_pt, double scale, qi_draw_fn *draw,
    void *ctx, struct qi_diag *diag)
{
	struct sink sink = { NULL, NULL, 0 };
	struct qi_svgrec rec = { NULL, NULL };
	cairo_surface_t *surf = NULL;
	cairo_t *cr = NULL;
	cairo_status_t cst = CAIRO_STATUS_SUCCESS;
	enum qi_err rc = QI_ESYS, drc;
	struct stat sb;
	int wpx, hpx, regular;

	if (!(width_pt > 0) || !(height_pt > 0) || !(scale > 0) ||
	    width_pt * scale > 32767 || height_pt * scale > 32767) {
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "chart size %g x %g pt at scale %g is not drawable",
		    width_pt, height_pt, scale);
		return QI_EUSAGE;
	}
	if (fmt != QI_FORMAT_PNG && fmt != QI_FORMAT_PDF &&
	    fmt != QI_FORMAT_SVG) {
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "unknown chart format %d", (int)fmt);
		return QI_EUSAGE;
	}
	if ((sink.fp = fopen(path, "wb")) == NULL) {
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "cannot create chart: %s", strerror(errno));
		return QI_ESYS;
	}
	/* Only a regular file is removed on failure (never /dev/stdout). */
	regular = fstat(fileno(sink.fp), &sb) == 0 && S_ISREG(sb.st_mode);

	switch (fmt) {
	case QI_FORMAT_PNG:
		wpx = (int)ceil(width_pt * scale - 1e-9);
		hpx = (int)ceil(height_pt * scale - 1e-9);
		surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, wpx, hpx);
		break;
	case QI_FORMAT_PDF:
		surf = pdf_surface(&sink, width_pt, height_pt, title);
		break;
	case QI_FORMAT_SVG:
		sink.mem = g_string_new(NULL);
		surf = cairo_svg_surface_create_for_stream(sink_write, &sink,
		    width_pt, height_pt);
		if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS)
			break;
		cairo_svg_surface_set_document_unit(surf, CAIRO_SVG_UNIT_PT);
		rec.text = g_string_new(NULL);
		rec.tips = g_string_new(NULL);
		cst = cairo_surface_set_user_data(surf, &svgrec_key, &rec,
		    NULL);
		break;
	}
	if (cst != CAIRO_STATUS_SUCCESS ||
	    (cst = cairo_surface_status(surf)) != CAIRO_STATUS_SUCCESS)
		goto out;

	cr = cairo_create(surf);
	if ((cst = cairo_status(cr)) != CAIRO_STATUS_SUCCESS)
		goto out;
	if (fmt == QI_FORMAT_PNG)
		cairo_scale(cr, scale, scale);

	if ((drc = draw(cr, width_pt, height_pt, ctx)) != QI_OK) {
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "cannot draw chart");
		rc = drc;
		goto out;
	}
	if ((cst = cairo_status(cr)) != CAIRO_STATUS_SUCCESS)
		goto out;
	cairo_destroy(cr);
	cr = NULL;

	if (fmt == QI_FORMAT_PNG) {
		errno = 0;
		if (qi_png_write(surf, sink.fp) != 0) {
			qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
			    "cannot write chart: %s", errno != 0 ?
			    strerror(errno) : "PNG encoding failed");
			goto out;
		}
	} else {
		cairo_surface_finish(surf);	/* writes the document */
		cst = cairo_surface_status(surf);
	}
	if (cst != CAIRO_STATUS_SUCCESS)
		goto out;
	cairo_surface_destroy(surf);
	surf = NULL;

	if (sink.mem != NULL && svg_write_renumbered(sink.mem, &rec, title,
	    sink.fp) != 0) {
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "cannot write chart: %s", strerror(errno));
		goto out;
	}
	if (fclose(sink.fp) != 0) {
		sink.fp = NULL;
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "cannot write chart: %s", strerror(errno));
		goto out;
	}
	sink.fp = NULL;
	rc = QI_OK;
out:
	if (cst != CAIRO_STATUS_SUCCESS && sink.err != 0)
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "cannot write chart: %s", strerror(sink.err));
	else if (cst != CAIRO_STATUS_SUCCESS)
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "cannot draw chart: cairo: %s",
		    cairo_status_to_string(cst));
	if (cr != NULL)
		cairo_destroy(cr);
	if (surf != NULL) {
		/* A stream surface still writes when destroyed: stop that. */
		sink.err = sink.err != 0 ? sink.err : ECANCELED;
		cairo_surface_destroy(surf);
	}
	if (sink.fp != NULL)
		fclose(sink.fp);
	if (sink.mem != NULL)
		g_string_free(sink.mem, TRUE);
	if (rec.text != NULL)
		g_string_free(rec.text, TRUE);
	if (rec.tips != NULL)
		g_string_free(rec.tips, TRUE);
	if (rc != QI_OK && regular)
		(void)unlink(path);	/* leave no partial chart behind */
	return rc;
}

/* ---------------------------------------------------------------- book */

struct qi_chart_book {
	char		*path;		/* owned */
	struct sink	 sink;
	cairo_surface_t	*surf;
	int		 pages;
	int		 failed;	/* a page could not be drawn */
};

struct qi_chart_book *
qi_chart_book_open(const char *path, const char *title, struct qi_diag *diag)
{
	struct qi_chart_book *b;
	FILE *fp;

	if ((fp = fopen(path, "wb")) == NULL) {
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "cannot create chart book: %s", strerror(errno));
		return NULL;
	}
	b = g_new0(struct qi_chart_book, 1);
	b->path = g_strdup(path);
	b->sink.fp = fp;
	/* the size is set again for each page, before it is drawn */
	b->surf = pdf_surface(&b->sink, 100, 100, title);
	return b;
}

enum qi_err
qi_chart_book_page(struct qi_chart_book *b, const char *title,
    double width_pt, double height_pt, qi_draw_fn *draw, void *ctx,
    struct qi_diag *diag)
{
	cairo_status_t cst;
	cairo_t *cr;
	enum qi_err rc;
	char *link;

	if (b->failed || cairo_surface_status(b->surf) != CAIRO_STATUS_SUCCESS)
		return QI_ESYS;	/* told once, at the failure */
	cairo_pdf_surface_set_size(b->surf, width_pt, height_pt);
	cr = cairo_create(b->surf);
	if ((rc = draw(cr, width_pt, height_pt, ctx)) != QI_OK) {
		qi_diag_add(diag, QI_ERROR, b->path, 0, 0, NULL,
		    "cannot draw page %d", b->pages + 1);
		b->failed = 1;
		cairo_destroy(cr);
		return rc;
	}
	cairo_show_page(cr);
	if ((cst = cairo_status(cr)) != CAIRO_STATUS_SUCCESS) {
		qi_diag_add(diag, QI_ERROR, b->path, 0, 0, NULL,
		    "cannot draw page %d: cairo: %s", b->pages + 1,
		    cairo_status_to_string(cst));
		b->failed = 1;
		cairo_destroy(cr);
		return QI_ESYS;
	}
	cairo_destroy(cr);
	b->pages++;
	if (title != NULL) {
		link = g_strdup_printf("page=%d", b->pages);
		cairo_pdf_surface_add_outline(b->surf, CAIRO_PDF_OUTLINE_ROOT,
		    title, link, 0);
		g_free(link);
	}
	return QI_OK;
}

int
qi_chart_book_pages(const struct qi_chart_book *b)
{
	return b->pages;
}

enum qi_err
qi_chart_book_close(struct qi_chart_book *b, int keep, struct qi_diag *diag)
{
	cairo_status_t cst;
	enum qi_err rc = QI_ESYS;

	if (keep && !b->failed) {
		cairo_surface_finish(b->surf);	/* writes the document */
		cst = cairo_surface_status(b->surf);
		if (cst != CAIRO_STATUS_SUCCESS)
			qi_diag_add(diag, QI_ERROR, b->path, 0, 0, NULL,
			    "cannot write chart book: %s", b->sink.err != 0 ?
			    strerror(b->sink.err) :
			    cairo_status_to_string(cst));
		else if (fclose(b->sink.fp) != 0)
			qi_diag_add(diag, QI_ERROR, b->path, 0, 0, NULL,
			    "cannot write chart book: %s", strerror(errno));
		else
			rc = QI_OK;
		if (cst == CAIRO_STATUS_SUCCESS)
			b->sink.fp = NULL;
	}
	/* A stream surface still writes when destroyed: stop that. */
	b->sink.err = b->sink.err != 0 ? b->sink.err : ECANCELED;
	cairo_surface_destroy(b->surf);
	if (b->sink.fp != NULL)
		fclose(b->sink.fp);
	if (rc != QI_OK)
		(void)unlink(b->path);
	g_free(b->path);
	g_free(b);
	return rc;
}
