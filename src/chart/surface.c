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
 */
#include <errno.h>
#include <math.h>
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
 * cairo's SVG surface names groups and images after the process-wide
 * serial number of a cairo surface ("surface6", "image12"), so a second
 * chart in one process differs from the first.  Renumber every such name
 * in order of first appearance, from 1; all other ids cairo writes are
 * counted per document already.  Returns 0, or -1 with errno.
 */
static int
svg_write_renumbered(const GString *svg, FILE *fp)
{
	static const char *const prefixes[] = { "surface", "image" };
	GHashTable *map[2];
	GString *out;
	const char *p = svg->str, *end = svg->str + svg->len, *q;
	size_t i, plen;
	guint next[2] = { 1, 1 }, num;
	char *key;
	gpointer v;
	int rc = 0;

	out = g_string_sized_new(svg->len);
	for (i = 0; i < 2; i++)
		map[i] = g_hash_table_new_full(g_str_hash, g_str_equal,
		    g_free, NULL);
	while (p < end) {
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
	if (fwrite(out->str, 1, out->len, fp) != out->len)
		rc = -1;
	for (i = 0; i < 2; i++)
		g_hash_table_destroy(map[i]);
	g_string_free(out, TRUE);
	return rc;
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
	cairo_surface_t *surf = NULL;
	cairo_t *cr = NULL;
	cairo_status_t cst = CAIRO_STATUS_SUCCESS;
	enum qi_err rc = QI_ESYS, drc;
	struct stat sb;
	char *creator;
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
		surf = cairo_pdf_surface_create_for_stream(sink_write, &sink,
		    width_pt, height_pt);
		if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS)
			break;
		if (title != NULL)
			cairo_pdf_surface_set_metadata(surf,
			    CAIRO_PDF_METADATA_TITLE, title);
		creator = g_strconcat("qi ", qi_version(), NULL);
		cairo_pdf_surface_set_metadata(surf,
		    CAIRO_PDF_METADATA_CREATOR, creator);
		g_free(creator);
		cairo_pdf_surface_set_metadata(surf,
		    CAIRO_PDF_METADATA_CREATE_DATE, QI_PDF_DATE);
		break;
	case QI_FORMAT_SVG:
		sink.mem = g_string_new(NULL);
		surf = cairo_svg_surface_create_for_stream(sink_write, &sink,
		    width_pt, height_pt);
		if (cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS)
			cairo_svg_surface_set_document_unit(surf,
			    CAIRO_SVG_UNIT_PT);
		break;
	}
	if ((cst = cairo_surface_status(surf)) != CAIRO_STATUS_SUCCESS)
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

	if (sink.mem != NULL && svg_write_renumbered(sink.mem, sink.fp) != 0) {
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
	if (rc != QI_OK && regular)
		(void)unlink(path);	/* leave no partial chart behind */
	return rc;
}

/*
 * The same chart as PNG at 1x and at 2x, for <img srcset="x.png 1x,
 * x@2x.png 2x">.  The page is a whole number of points (the layouts
 * round their height up; widths come from the config), so the 2x image
 * is exactly twice the 1x one in each direction.
 */
enum qi_err
qi_chart_write_1x2x(const char *path, const char *path2x, const char *title,
    double width_pt, double height_pt, qi_draw_fn *draw, void *ctx,
    struct qi_diag *diag)
{
	enum qi_err rc;

	if ((rc = qi_chart_write(path, QI_FORMAT_PNG, title, width_pt,
	    height_pt, 1.0, draw, ctx, diag)) != QI_OK)
		return rc;
	return qi_chart_write(path2x, QI_FORMAT_PNG, title, width_pt,
	    height_pt, 2.0, draw, ctx, diag);
}
