/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kind.c -- the one way every chart kind is drawn and written
 * (chart_impl.h): the page, the kind's bands, the gridlines, its marks
 * and the frame's front; a layout, a diagnostic if it fails, the file,
 * and the layout released.
 */
#include <cairo.h>
#include <glib.h>

#include "chart_impl.h"

static const struct qi_frame *
frame_of(const struct chart_kind *k, const void *layout)
{
	return (const struct qi_frame *)((const char *)layout + k->frame);
}

enum qi_err
chart_kind_draw(const struct chart_kind *k, cairo_t *cr, const void *layout)
{
	const struct qi_frame *F = frame_of(k, layout);

	cairo_save(cr);
	qi_frame_draw_page(cr, F);
	if (k->bands != NULL)
		k->bands(cr, layout);
	qi_frame_draw_grid(cr, F);
	k->marks(cr, layout);
	qi_frame_draw_front(cr, F);
	cairo_restore(cr);
	return cairo_status(cr) == CAIRO_STATUS_SUCCESS ? QI_OK : QI_ESYS;
}

struct drawing {
	const struct chart_kind	*kind;
	const void		*layout;
};

static enum qi_err
draw_cb(cairo_t *cr, double width_pt, double height_pt, void *arg)
{
	const struct drawing *d = arg;

	(void)width_pt;
	(void)height_pt;
	return chart_kind_draw(d->kind, cr, d->layout);
}

enum qi_err
chart_kind_write(const struct chart_kind *k, const char *path,
    enum qi_format fmt, const void *in, const struct qi_chartcfg *cfg,
    struct qi_diag *diag)
{
	struct drawing d;
	void *L = g_malloc0(k->size);
	enum qi_err rc;

	if ((rc = k->layout(in, cfg, NULL, L)) != QI_OK)
		rc = qi_chart_layout_failed(diag, path, rc, k->needs, k->what);
	else {
		d.kind = k;
		d.layout = L;
		rc = qi_frame_write(path, fmt, frame_of(k, L), cfg, draw_cb,
		    &d, diag);
		k->layout_free(L);
	}
	g_free(L);
	return rc;
}
