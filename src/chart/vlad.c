/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * vlad.c -- one hospital's VLAD chart for a risk-modelled indicator: the
 * cumulative expected minus observed events (analysis/vlad.c) over the
 * quarters, with a zero line; a point per published quarter, joined to
 * the next only when the quarters are consecutive, so a withheld quarter
 * breaks the line.  The last point's value is labelled.  On the shared
 * frame (frame.c); specs/charts.md, "VLAD".
 */
#include <math.h>
#include <string.h>

#include <cairo.h>
#include <glib.h>

#include "chart_impl.h"

#define PT_R	5.0	/* half the box a point keeps clear, pt */

void
qi_vlad_layout_free(struct qi_vlad_layout *L)
{
	size_t i;

	if (L == NULL)
		return;
	qi_frame_free(&L->frame);
	for (i = 0; i < L->nmarks; i++)
		g_free(L->marks[i].tip);
	g_free(L->marks);
	memset(L, 0, sizeof(*L));
}

/* A point's pointer tip: quarter, observed, expected, cumulative. */
static char *
point_tip(const struct qi_vlad_input *s, size_t i, int en)
{
	char *p = qi_fmt_period(s->periods[i], en), o[32], e[32], c[40], *t;

	qi_fmt_num(s->observed[i], 0, o, sizeof(o));
	qi_fmt_num(s->expected[i], 2, e, sizeof(e));
	qi_fmt_signed(s->cum[i], 1, c, sizeof(c));
	t = g_strdup_printf(en ? "%s\nobserved %s, expected %s\n"
	    "cumulative E \xe2\x88\x92 O %s" : "%s\n実測 %s、期待 %s\n"
	    "累積（期待 \xe2\x88\x92 実測）%s", p, o, e, c);
	g_free(p);
	return t;
}

/*
 * The footer: what the line is, the quarters left out by reason, and
 * the published quarters without a model.  g_free() it.
 */
static char *
vlad_footer(const struct qi_vlad_input *s, size_t npoints, int en)
{
	const struct qi_withheld *w = &s->withheld;
	char why[96];
	GString *g = g_string_new(NULL);

	g_string_append(g, en ? "Each point adds the quarter's expected "
	    "minus observed events under the risk model to the points "
	    "before it: up is fewer events than expected, down more. " :
	    "各点は、リスクモデルによる四半期の期待数から実測数を引いた値を"
	    "それまでの点に加えたものです（上向き: 期待より少ない、下向き: "
	    "期待より多い）。");
	if (w->n > 0) {
		if (en)
			g_string_append_printf(g, "%zu %s withheld under the "
			    "publication rule %s no point and %s nothing to "
			    "the sum (", w->n, w->n == 1 ? "quarter" :
			    "quarters", w->n == 1 ? "has" : "have",
			    w->n == 1 ? "adds" : "add");
		else
			g_string_append_printf(g, "公表基準により非公表の %zu "
			    "四半期は点を描かず、累積にも加えていません（",
			    w->n);
		const enum qi_status st[] = { QI_STATUS_SMALL_DENOMINATOR,
		    QI_STATUS_SMALL_NUMERATOR, QI_STATUS_COMPLEMENTARY };
		const size_t cnt[] = { w->small_den, w->small_num,
		    w->complement };
		const char *sep = "";
		for (size_t k = 0; k < G_N_ELEMENTS(st); k++) {
			if (cnt[k] == 0)
				continue;
			g_string_append_printf(g, en ? "%s%s: %zu" :
			    "%s%s: %zu", sep, qi_status_reason(st[k], s->def,
			    en, why, sizeof(why)), cnt[k]);
			sep = en ? "; " : "、";
		}
		g_string_append(g, en ? "). " : "）。");
	}
	if (s->unmodelled > 0)
		g_string_append_printf(g, en ? "%zu published %s without a "
		    "fitted risk model %s no point. " : "リスクモデルを当て"
		    "はめられなかった %zu 四半期は点を描いていません。",
		    s->unmodelled, s->unmodelled == 1 ? "quarter" : "quarters",
		    s->unmodelled == 1 ? "has" : "have");
	if (npoints == 0)
		g_string_append(g, en ? "No quarter of this hospital is "
		    "published." : "この病院の公表された四半期はありません。");
	while (g->len > 0 && g->str[g->len - 1] == ' ')
		g_string_truncate(g, g->len - 1);
	return g_string_free(g, FALSE);
}

static enum qi_err
vlad_head(struct qi_frame *F, cairo_t *cr, const struct qi_vlad_input *s,
    const struct qi_chartcfg *cfg)
{
	char *title, *sub, *item[2];
	double x = 0;
	enum qi_err rc;
	int en = qi_chart_lang_en(cfg);

	title = g_strdup_printf(en ? "%s: %s, VLAD (cumulative expected "
	    "\xe2\x88\x92 observed)" : "%s　%s　VLAD（期待 \xe2\x88\x92 実測"
	    "の累積）", s->hospital, qi_text_of(&s->def->title, en));
	item[0] = (char *)(en ? "expected events from the risk model, by "
	    "quarter" : "期待数: リスクモデルによる四半期ごとの値");
	item[1] = (char *)(en ? "published quarters only" :
	    "公表された四半期のみ");
	sub = qi_text_join_fitting(cr, QI_FONT_SUBTITLE, item, 2,
	    en ? "; " : "　", cfg->width - 2 * qi_style_get()->margin);
	rc = qi_frame_begin(F, cr, cfg, title, sub);
	g_free(title);
	g_free(sub);
	if (rc != QI_OK)
		return rc;
	qi_frame_legend(F, cr, &x, QI_KEY_ORG, s->org, s->hospital);
	qi_frame_legend(F, cr, &x, QI_KEY_TARGET, 0,
	    en ? "0: as many events as expected" : "0: 期待どおり");
	qi_frame_legend_end(F, cr, x);
	return QI_OK;
}

enum qi_err
qi_vlad_layout(const struct qi_vlad_input *s, const struct qi_chartcfg *cfgp,
    cairo_t *measure, struct qi_vlad_layout *L)
{
	const struct qi_style *st = qi_style_get();
	struct qi_chartcfg cfg;
	struct qi_frame *F = &L->frame;
	cairo_surface_t *surf;
	cairo_t *cr;
	struct qi_mark *m;
	struct qi_box *ob = NULL, anchor, area;
	double *px = NULL, lo = -1, hi = 1, lx, ly;
	size_t i, nob = 0;
	char val[40], *foot = NULL;
	enum qi_err rc = QI_ESYS;
	int en;

	memset(L, 0, sizeof(*L));
	if (cfgp != NULL)
		cfg = *cfgp;
	else
		qi_chartcfg_defaults(&cfg);
	if (s == NULL || s->def == NULL || s->periods == NULL || s->n == 0 ||
	    s->cum == NULL || s->observed == NULL || s->expected == NULL ||
	    s->hospital == NULL)
		return QI_EUSAGE;
	en = qi_chart_lang_en(&cfg);
	cr = qi_measure_begin(measure, &surf);
	if ((rc = vlad_head(F, cr, s, &cfg)) != QI_OK)
		goto out;
	rc = QI_ESYS;
	for (i = 0; i < s->n; i++)
		if (isfinite(s->cum[i])) {
			lo = fmin(lo, s->cum[i]);
			hi = fmax(hi, s->cum[i]);
		}
	F->plot_h = fmax(200.0, fmin(320.0, cfg.width * 0.32));
	qi_frame_yaxis(F, cr, lo, hi, -INFINITY, INFINITY, en ?
	    "Cumulative expected \xe2\x88\x92 observed events" :
	    "期待数 \xe2\x88\x92 実測数 の累積（件）", 0);
	px = g_new0(double, s->n);
	L->thin = qi_frame_periods(F, cr, s->periods, s->n, px);
	L->cat_w = F->plot_w / (double)s->n;
	L->zero_y = qi_axis_pos(&F->y, 0);
	L->marks = g_new0(struct qi_mark, s->n);
	ob = g_new0(struct qi_box, s->n + 1);
	for (i = 0; i < s->n; i++) {
		if (!isfinite(s->cum[i]))
			continue;
		m = &L->marks[L->nmarks++];
		m->org = s->org;
		m->period = i;
		m->x = px[i];
		m->y = m->y_lo = m->y_hi = qi_axis_pos(&F->y, s->cum[i]);
		m->label = QI_NOLABEL;
		m->lx = NAN;
		m->tip = point_tip(s, i, en);
		ob[nob].x = m->x - PT_R;
		ob[nob].y = m->y - PT_R;
		ob[nob].w = ob[nob].h = 2 * PT_R;
		nob++;
	}
	/* The last point's value, where it meets no other text or point. */
	if (L->nmarks > 0) {
		m = &L->marks[L->nmarks - 1];
		qi_fmt_signed(s->cum[m->period], 1, val, sizeof(val));
		area.x = F->plot_x + 1;
		area.y = F->plot_y;
		area.w = F->plot_w - 1;
		area.h = F->plot_h;
		anchor.x = m->x - PT_R;
		anchor.y = m->y - PT_R;
		anchor.w = anchor.h = 2 * PT_R;
		m->label = qi_frame_place(F, cr, QI_FONT_VALUE, val, st->ink,
		    &anchor, ob, nob, &area, 8, &lx, &ly);
		m->lx = lx;
		m->ly = ly;
	} else
		qi_frame_text(F, cr, QI_FONT_NOTE, en ? "No published "
		    "quarter." : "公表された四半期がありません。", F->plot_x +
		    F->plot_w / 2, F->plot_y + 8, QI_ALIGN_CENTER, st->muted);
	foot = vlad_footer(s, L->nmarks, en);
	qi_frame_end(F, cr, foot);
	rc = QI_OK;
out:
	g_free(foot);
	g_free(px);
	g_free(ob);
	qi_measure_end(cr, surf);
	if (rc != QI_OK)
		qi_vlad_layout_free(L);
	return rc;
}

static void
vlad_marks(cairo_t *cr, const void *layout)
{
	const struct qi_vlad_layout *L = layout;
	const struct qi_style *st = qi_style_get();
	const struct qi_frame *F = &L->frame;
	const struct qi_mark *m;
	size_t k;

	/* The zero line: as many events as expected. */
	qi_style_set_rgb(cr, st->ink);
	cairo_set_line_width(cr, st->ref_width);
	qi_style_line(cr, F->plot_x, L->zero_y, F->plot_x + F->plot_w,
	    L->zero_y);
	/* Consecutive quarters joined; a quarter without a point breaks. */
	if (L->nmarks > 0) {
		qi_style_set_rgb(cr, qi_style_org(L->marks[0].org)->colour);
		cairo_set_line_width(cr, st->whisker_width * 1.5);
		cairo_new_path(cr);
		for (k = 0; k < L->nmarks; k++) {
			m = &L->marks[k];
			if (k > 0 && m->period == L->marks[k - 1].period + 1)
				cairo_line_to(cr, m->x, m->y);
			else
				cairo_move_to(cr, m->x, m->y);
		}
		cairo_stroke(cr);
	}
	for (k = 0; k < L->nmarks; k++) {
		m = &L->marks[k];
		qi_style_marker(cr, m->org, m->x, m->y);
		if (isfinite(m->lx)) {
			qi_style_set_rgb(cr, st->muted);
			cairo_set_line_width(cr, 0.6);
			qi_style_line(cr, m->x, m->y, m->lx, m->ly);
		}
		qi_chart_tip(cr, m->x - PT_R, m->y - PT_R, 2 * PT_R, 2 * PT_R,
		    m->tip);
	}
}

/* vlad_kind, qi_vlad_draw() and qi_vlad_write() */
CHART_KIND(vlad, struct qi_vlad_input, "VLAD chart",
    "a definition, hospital, quarters and their cumulative values",
    NULL, vlad_marks)
