/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * chart_impl.h -- private to the chart stage: what tells one chart kind
 * from another when it is drawn and written.  Each kind's file holds one
 * struct chart_kind, made by CHART_KIND() below with the kind's
 * qi_KIND_draw() and qi_KIND_write(), which hand it to chart_kind_draw()
 * and chart_kind_write() (kind.c): they do the rest the same way for
 * every kind.
 */
#ifndef QI_CHART_IMPL_H
#define QI_CHART_IMPL_H

#include <stddef.h>

#include "chart.h"

struct chart_kind {
	const char	*what;		/* "funnel plot", if its layout fails */
	const char	*needs;		/* its hint: "give <needs>; ..." */
	size_t		 size;		/* of the kind's layout struct */
	size_t		 frame;		/* offsetof(layout struct, frame) */
	/* qi_KIND_layout() of the kind's input, as one object. */
	enum qi_err	(*layout)(const void *in, const struct qi_chartcfg *,
			    cairo_t *measure, void *out);
	/* qi_KIND_layout_free(). */
	void		(*layout_free)(void *layout);
	/* Under the gridlines, over the page (row bands), or NULL. */
	void		(*bands)(cairo_t *, const void *layout);
	/* The kind's marks, over the gridlines, under the frame's front. */
	void		(*marks)(cairo_t *, const void *layout);
};

/*
 * Paint a layout of kind k onto cr, page origin at the user-space
 * origin: the page, k's bands, the gridlines, k's marks, then the
 * frame's front (qi_frame_draw_front()), with cr's state kept.  QI_OK,
 * or QI_ESYS if cr is in error.
 */
enum qi_err	 chart_kind_draw(const struct chart_kind *k, cairo_t *,
		    const void *layout);
/*
 * Lay out in (k's input) in cfg (NULL: the defaults) and write the chart
 * to path (qi_frame_write()); a failed layout is diagnosed
 * (qi_chart_layout_failed() with k's words) and its code returned.
 */
enum qi_err	 chart_kind_write(const struct chart_kind *k, const char *path,
		    enum qi_format, const void *in, const struct qi_chartcfg *,
		    struct qi_diag *);

/*
 * CHART_KIND(K, IN, what, needs, bands, marks), in kind K's file after
 * its bands and marks, defines its struct chart_kind K_kind and its public
 * qi_K_draw(cairo_t *, const struct qi_K_layout *) and
 * qi_K_write(path, format, const IN *, cfg, diag) by the functions
 * above, from qi_K_layout(const IN *, cfg, measure, struct qi_K_layout *)
 * and qi_K_layout_free().  bands (or NULL) and marks are K's own
 * (struct chart_kind).  CHART_KIND_DRAW(K, layout, ...) is the same
 * without qi_K_write(), for a kind whose layout takes more than one
 * input object: layout is its chart_kind.layout.  No semicolon after
 * either.
 */
#define CHART_KIND_DRAW(K, LAYOUT, WHAT, NEEDS, BANDS, MARKS)		\
static void								\
K##_layout_free_any(void *L)						\
{									\
	qi_##K##_layout_free(L);					\
}									\
									\
static const struct chart_kind K##_kind = {				\
	.what = WHAT,							\
	.needs = NEEDS,							\
	.size = sizeof(struct qi_##K##_layout),				\
	.frame = offsetof(struct qi_##K##_layout, frame),		\
	.layout = LAYOUT,						\
	.layout_free = K##_layout_free_any,				\
	.bands = BANDS,							\
	.marks = MARKS							\
};									\
									\
enum qi_err								\
qi_##K##_draw(cairo_t *cr, const struct qi_##K##_layout *L)		\
{									\
	return chart_kind_draw(&K##_kind, cr, L);			\
}

#define CHART_KIND(K, IN, WHAT, NEEDS, BANDS, MARKS)			\
static enum qi_err							\
K##_layout_any(const void *in, const struct qi_chartcfg *cfg,		\
    cairo_t *measure, void *L)						\
{									\
	return qi_##K##_layout(in, cfg, measure, L);			\
}									\
									\
CHART_KIND_DRAW(K, K##_layout_any, WHAT, NEEDS, BANDS, MARKS)		\
									\
enum qi_err								\
qi_##K##_write(const char *path, enum qi_format fmt, const IN *in,	\
    const struct qi_chartcfg *cfg, struct qi_diag *diag)		\
{									\
	return chart_kind_write(&K##_kind, path, fmt, in, cfg, diag);	\
}

#endif /* QI_CHART_IMPL_H */
