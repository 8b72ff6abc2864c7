/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * profile.c -- one hospital across all indicators: a row per
 * indicator, the x axis the hospital's difference from its own
 * organisation's pooled rate in the indicator's display unit (points of
 * %, of ‰, or of a proportion), the sign flipped for lower-is-better
 * indicators so that right is always better (an arrow above the plot
 * says so).  The hospital is its organisation's marker with its interval;
 * the other organisation's pooled rate is that organisation's marker; the
 * own organisation is the zero line.  A withheld value is a note in its
 * row giving the reason.
 *
 * Columns: indicator names | plot | values ("72.3% / 70.1%").
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "chart_impl.h"

#define MIN_PLOT_W	150.0

void
qi_profile_layout_free(struct qi_profile_layout *L)
{
	if (L == NULL)
		return;
	qi_frame_free(&L->frame);
	g_free(L->rows);
	memset(L, 0, sizeof(*L));
}

static int
row_shown(const struct qi_profile_row *r)
{
	return r->status == QI_STATUS_OK && isfinite(r->rate) &&
	    isfinite(r->own);
}

/* Signed display difference from the own organisation, right = better. */
static double
better_diff(const struct qi_profile_row *r, double v)
{
	double d = (v - r->own) * qi_unit_multiplier(r->def->unit);

	return r->def->direction == QI_LOWER_BETTER ? -d : d;
}

static enum qi_err
profile_head(struct qi_frame *F, cairo_t *cr, const struct qi_profile_input *in,
    const struct qi_chartcfg *cfg)
{
	char *title, *sub, *period, *w;
	double x = 0;
	size_t i, nadj = 0;
	enum qi_err rc;
	int en = qi_chart_lang_en(cfg);
	const char *own = qi_org_name(&in->orgs[in->org], en);
	const char *other = in->other_org < in->norgs ?
	    qi_org_name(&in->orgs[in->other_org], en) : NULL;

	period = qi_fmt_period(in->period, en);
	title = g_strdup_printf(en ? "%s: all indicators, %s" :
	    "%s　指標の一覧　%s", in->hospital, period);
	g_free(period);
	sub = g_strdup(en ? "Each row: difference from the hospital's own "
	    "organisation in the indicator's unit (points); for indicators "
	    "where lower is better the sign is turned, so right is always "
	    "better. Whiskers: confidence interval." :
	    "各行は所属機構全体との差（各指標の単位のポイント）。低いほど良い"
	    "指標は符号を反転し、常に右が良い方向。横線は信頼区間。");
	for (i = 0; i < in->nrows; i++)
		nadj += qi_indicator_adjusted(in->rows[i].def);
	if (nadj > 0) {	/* say which values are not crude rates */
		w = g_strconcat(sub, en ? " Risk-adjusted indicators compare "
		    "risk-adjusted rates (observed / expected \xc3\x97 overall "
		    "rate)." : "リスク調整のある指標はリスク調整率（実測 / 期待 "
		    "\xc3\x97 全体の率）で比べる。", NULL);
		g_free(sub);
		sub = w;
	}
	rc = qi_frame_begin(F, cr, cfg, title, sub);
	g_free(title);
	g_free(sub);
	if (rc != QI_OK)
		return rc;
	qi_frame_legend(F, cr, &x, QI_KEY_ORG, in->org, in->hospital);
	w = g_strdup_printf(en ? "%s overall (0)" : "%s 全体（0）", own);
	qi_frame_legend(F, cr, &x, QI_KEY_TARGET, 0, w);
	g_free(w);
	if (other != NULL) {
		w = g_strdup_printf(en ? "%s overall" : "%s 全体", other);
		qi_frame_legend(F, cr, &x, QI_KEY_ORG, in->other_org, w);
		g_free(w);
	}
	qi_frame_legend_end(F, cr, x);
	return QI_OK;
}

/* "72.3% / 70.1%": hospital, then own organisation, in display units. */
static char *
value_text(const struct qi_profile_row *r, const struct qi_indicator *def,
    int en)
{
	char a[32], b[32], why[96];
	double m = qi_unit_multiplier(def->unit);
	int dec = qi_unit_decimals(def->unit);
	const char *u = qi_unit_symbol(def->unit);

	if (isfinite(r->own))
		qi_fmt_num(r->own * m, dec, b, sizeof(b));
	else
		strcpy(b, "\xe2\x80\x94");
	if (!row_shown(r)) {
		if (r->status == QI_STATUS_OK)
			return g_strdup_printf("\xe2\x80\x94 / %s%s", b, u);
		return g_strdup_printf(en ? "withheld (%s)" : "非公表（%s）",
		    qi_status_reason(r->status, def, en, why, sizeof(why)));
	}
	qi_fmt_num(r->rate * m, dec, a, sizeof(a));
	return g_strdup_printf("%s%s / %s%s%s%s", a, u, b, u,
	    qi_indicator_adjusted(def) ? (en ? " (risk-adjusted)" :
	    "（リスク調整）") : "",
	    def->direction == QI_NEUTRAL ? (en ? " (no better direction)" :
	    "（良否の方向なし）") : "");
}

enum qi_err
qi_profile_layout(const struct qi_profile_input *in,
    const struct qi_chartcfg *cfgp, cairo_t *measure,
    struct qi_profile_layout *L)
{
	const struct qi_style *st = qi_style_get();
	const struct qi_profile_row *r;
	struct qi_profrow *pr;
	struct qi_chartcfg cfg;
	struct qi_frame *F = &L->frame;
	cairo_surface_t *scratch = NULL;
	cairo_t *cr;
	double a = 0, namew = 0, valw = 0, w, d[4], h, y, deficit, cut;
	char **vals = NULL, *s, why[96], *foot;
	size_t i, k, li;
	enum qi_err rc;
	int en;

	memset(L, 0, sizeof(*L));
	if (cfgp != NULL)
		cfg = *cfgp;
	else
		qi_chartcfg_defaults(&cfg);
	if (in == NULL || in->hospital == NULL || in->orgs == NULL ||
	    in->org >= in->norgs || in->nrows == 0 || in->rows == NULL)
		return QI_EUSAGE;
	for (i = 0; i < in->nrows; i++)
		if (in->rows[i].def == NULL)
			return QI_EUSAGE;
	en = qi_chart_lang_en(&cfg);
	cr = qi_measure_begin(measure, &scratch);
	if ((rc = profile_head(F, cr, in, &cfg)) != QI_OK)
		goto out;
	L->org = in->org;
	L->other_org = in->other_org;
	L->nrows = in->nrows;
	L->rows = g_new0(struct qi_profrow, in->nrows);
	vals = g_new0(char *, in->nrows);

	/* Columns and the symmetric axis of differences. */
	for (i = 0; i < in->nrows; i++) {
		r = &in->rows[i];
		namew = fmax(namew, qi_text_width(cr, QI_FONT_LABEL,
		    qi_text_of(&r->def->title, en)));
		vals[i] = value_text(r, r->def, en);
		valw = fmax(valw, qi_text_width(cr, QI_FONT_VALUE, vals[i]));
		if (!row_shown(r))
			continue;
		d[0] = better_diff(r, r->rate);
		d[1] = isfinite(r->lower) ? better_diff(r, r->lower) : d[0];
		d[2] = isfinite(r->upper) ? better_diff(r, r->upper) : d[0];
		d[3] = isfinite(r->other) ? better_diff(r, r->other) : 0;
		for (k = 0; k < 4; k++)
			a = fmax(a, fabs(d[k]));
	}
	if (!(a > 0))
		a = 1;
	w = F->width - 2 * F->margin;
	L->label_x = F->margin;
	L->label_w = fmin(fmin(namew, cfg.label_max), 0.35 * w);
	valw = fmin(valw, 0.3 * w);
	/* On a narrow page names, then values, give way to the plot. */
	deficit = MIN_PLOT_W - (w - L->label_w - valw - 2 * st->gap);
	if (deficit > 0) {
		cut = fmin(deficit, fmax(0.0, L->label_w - 90.0));
		L->label_w -= cut;
		deficit -= cut;
	}
	if (deficit > 0)
		valw -= fmin(deficit, fmax(0.0, valw - 90.0));
	F->plot_x = L->label_x + L->label_w + st->gap;
	F->plot_w = F->width - F->margin - valw - st->gap - F->plot_x;
	if (F->plot_w < MIN_PLOT_W - 1e-9) {
		rc = QI_EUSAGE;
		goto out;
	}

	/* Heading strip: "← worse" and "better →" over the plot's ends. */
	qi_frame_text(F, cr, QI_FONT_HEAD, en ? "\xe2\x86\x90 worse" :
	    "\xe2\x86\x90 悪い", F->plot_x, F->cursor, QI_ALIGN_LEFT,
	    st->muted);
	qi_frame_text(F, cr, QI_FONT_HEAD, en ? "better \xe2\x86\x92" :
	    "良い \xe2\x86\x92", F->plot_x + F->plot_w, F->cursor,
	    QI_ALIGN_RIGHT, st->ink);
	qi_frame_text(F, cr, QI_FONT_HEAD, en ? "Indicator" : "指標",
	    L->label_x, F->cursor, QI_ALIGN_LEFT, st->ink);
	qi_frame_text(F, cr, QI_FONT_HEAD, en ? "Hospital / own org." :
	    "施設 / 所属機構", F->width - F->margin, F->cursor,
	    QI_ALIGN_RIGHT, st->ink);
	F->cursor += qi_text_height(cr, QI_FONT_HEAD, "国") + 4;

	F->plot_y = F->cursor;
	L->row_h = fmax(2 * cfg.row_height, 18.0);
	F->plot_h = L->row_h * (double)in->nrows;
	qi_frame_xaxis(F, cr, -a, a, -INFINITY, INFINITY, en ?
	    "Difference from own organisation (points; right is better)" :
	    "所属機構全体との差（ポイント、右が良い）");
	L->zero_x = qi_axis_pos(&F->x, 0.0);

	for (i = 0; i < in->nrows; i++) {
		r = &in->rows[i];
		pr = &L->rows[i];
		pr->y = F->plot_y + ((double)i + 0.5) * L->row_h;
		pr->flipped = r->def->direction == QI_LOWER_BETTER;
		pr->x_other = NAN;
		s = qi_text_shorten(cr, QI_FONT_LABEL,
		    qi_text_of(&r->def->title, en), L->label_w);
		h = qi_text_height(cr, QI_FONT_LABEL, s);
		qi_frame_text(F, cr, QI_FONT_LABEL, s, L->label_x,
		    pr->y - h / 2, QI_ALIGN_LEFT, st->ink);
		g_free(s);
		qi_text_shorten_in_place(cr, QI_FONT_VALUE, &vals[i], valw);
		h = qi_text_height(cr, QI_FONT_VALUE, vals[i]);
		qi_frame_text(F, cr, QI_FONT_VALUE, vals[i],
		    F->width - F->margin, pr->y - h / 2, QI_ALIGN_RIGHT,
		    st->muted);
		if (isfinite(r->other) && isfinite(r->own))
			pr->x_other = qi_axis_pos(&F->x,
			    better_diff(r, r->other));
		if (!row_shown(r)) {
			L->nwithheld++;
			if (r->status == QI_STATUS_OK)
				continue;
			/* The reason, in the plot, clear of the zero line. */
			s = g_strdup_printf(en ? "withheld: %s" : "非公表: %s",
			    qi_status_reason(r->status, r->def, en, why,
			    sizeof(why)));
			h = qi_text_height(cr, QI_FONT_NOTE, s);
			y = pr->y - h / 2;
			li = qi_frame_text(F, cr, QI_FONT_NOTE, s,
			    F->plot_x + 4, y, QI_ALIGN_LEFT, st->muted);
			g_free(s);
			F->labels[li].patch = 1;
			continue;
		}
		pr->shown = 1;
		pr->x = qi_axis_pos(&F->x, better_diff(r, r->rate));
		d[1] = isfinite(r->lower) ? better_diff(r, r->lower) :
		    better_diff(r, r->rate);
		d[2] = isfinite(r->upper) ? better_diff(r, r->upper) :
		    better_diff(r, r->rate);
		pr->x_lo = qi_axis_pos(&F->x, fmin(d[1], d[2]));
		pr->x_hi = qi_axis_pos(&F->x, fmax(d[1], d[2]));
	}
	foot = g_strdup_printf(en ? "%zu of %zu indicators have no published "
	    "value for this hospital." : "この施設の非公表の指標: %zu / %zu。",
	    L->nwithheld, in->nrows);
	qi_frame_end(F, cr, foot);
	g_free(foot);
out:
	for (i = 0; vals != NULL && i < in->nrows; i++)
		g_free(vals[i]);
	g_free(vals);
	qi_measure_end(cr, scratch);
	if (rc != QI_OK)
		qi_profile_layout_free(L);
	return rc;
}

static void
profile_marks(cairo_t *cr, const void *layout)
{
	const struct qi_profile_layout *L = layout;
	const struct qi_style *st = qi_style_get();
	const struct qi_frame *F = &L->frame;
	const struct qi_profrow *r;
	size_t i, org = L->org, other = L->other_org;

	/* Every other row banded over the gridlines. */
	qi_style_set_rgb(cr, st->band);
	for (i = 1; i < L->nrows; i += 2)
		cairo_rectangle(cr, L->label_x - 4, L->rows[i].y - L->row_h / 2,
		    F->width - F->margin + 4 - (L->label_x - 4), L->row_h);
	cairo_fill(cr);
	qi_style_set_rgb(cr, st->ink);
	cairo_set_line_width(cr, st->ref_width);
	qi_style_line(cr, L->zero_x, F->plot_y, L->zero_x,
	    F->plot_y + F->plot_h);
	cairo_set_line_width(cr, st->whisker_width);
	for (i = 0; i < L->nrows; i++) {
		r = &L->rows[i];
		if (isfinite(r->x_other))
			qi_style_marker(cr, other, r->x_other, r->y);
		if (!r->shown)
			continue;
		qi_style_set_rgb(cr, qi_style_org(org)->colour);
		cairo_set_line_width(cr, st->whisker_width);
		if (r->x_hi > r->x_lo)
			qi_style_line(cr, r->x_lo, r->y, r->x_hi, r->y);
		qi_style_marker(cr, org, r->x, r->y);
	}
}

/* profile_kind, qi_profile_draw() and qi_profile_write() */
CHART_KIND(profile, struct qi_profile_input, "hospital profile",
    "the hospital, its organisation and at least one indicator row",
    NULL, profile_marks)
