/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * funnel.c -- the funnel plot: each published hospital's rate (or
 * O/E ratio) against its volume (denominator or expected count), in its
 * organisation's colour and marker, with the target line and the inner
 * (95%) and outer (99.8%) limits as curves, the overdispersion-adjusted
 * limits in a third style when given.  The limits come in as arrays
 * (funnel.c computes them); this file only draws them.  Hospitals beyond
 * the outer limit (flagged in the input) are ringed and labelled with
 * their names, each label placed greedily where it meets no other text
 * and no point; hospitals withheld by the publication rule are not
 * plotted but counted in the footer.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "chart_impl.h"

#define NAME_MAX_W	130.0	/* longest outlier label, pt */
#define PT_R		3.5	/* half size of a point's box, pt */

void
qi_funnel_layout_free(struct qi_funnel_layout *L)
{
	size_t i;

	if (L == NULL)
		return;
	qi_frame_free(&L->frame);
	for (i = 0; L->marks != NULL && i < L->nmarks; i++)
		g_free(L->marks[i].tip);
	g_free(L->marks);
	g_free(L->curve_x);
	for (i = 0; i < 8; i++)
		g_free(L->curve_y[i]);
	memset(L, 0, sizeof(*L));
}

/*
 * A point's pointer tip (an SVG <title>): the hospital's name, its value
 * and its volume, as the axes name them, e.g.
 * "さくら病院\n率（%） 12.3、症例数（分母） 1,234".
 */
static char *
point_tip(const struct qi_funnel_input *in, const struct qi_funnel_point *p,
    double mult, int en)
{
	char v[32], n[32];
	const char *vname, *nname;

	qi_fmt_num(p->value * mult, in->ratio ? 2 :
	    qi_unit_decimals(in->def->unit), v, sizeof(v));
	if (in->ratio)
		qi_fmt_num(p->volume, 1, n, sizeof(n));
	else
		qi_fmt_count(lround(p->volume), n, sizeof(n));
	vname = in->ratio ? (en ? "Observed / expected" : "実測 / 予測") :
	    qi_unit_axis_title(in->def->unit, en);
	nname = in->ratio ? (en ? "Expected events" : "予測件数") :
	    in->def->kind == QI_KIND_RATE ? qi_text_of(&in->def->exposure,
	    en) : (en ? "Patients (denominator)" : "症例数（分母）");
	return g_strdup_printf(en ? "%s\n%s %s, %s %s" : "%s\n%s %s、%s %s",
	    p->name != NULL ? p->name : "?", vname, v, nname, n);
}

static int
point_shown(const struct qi_funnel_point *p)
{
	return p->status == QI_STATUS_OK && isfinite(p->value) &&
	    isfinite(p->volume) && p->volume > 0;
}

/* Limit k (0..7, in the order of struct qi_funnel_limit) at one volume. */
static double
limit_k(const struct qi_funnel_limit *l, int k)
{
	switch (k) {
	case 0: return l->lo95;
	case 1: return l->hi95;
	case 2: return l->lo998;
	case 3: return l->hi998;
	case 4: return l->od_lo95;
	case 5: return l->od_hi95;
	case 6: return l->od_lo998;
	default: return l->od_hi998;
	}
}

/*
 * The footer's sentence on overdispersion: how the limits were widened
 * (model, scale, tau2 or phi, the test's p), or that the test did not
 * reject; "" when the definition asks for no widening.  g_free() it.
 */
static char *
od_words(const struct qi_funnel_input *in, int en)
{
	static const char *const scale_ja[] = { "元の", "ロジット",
	    "逆正弦（平方根）", "対数", "平方根" };
	static const char *const scale_en[] = { "raw", "logit",
	    "arcsine square-root", "log", "square-root" };
	char p[32], size[48];

	if (!in->od_tested)
		return g_strdup("");
	if (in->od_p < 0.001)
		g_strlcpy(p, "< 0.001", sizeof(p));
	else
		g_snprintf(p, sizeof(p), "= %.3f", in->od_p);
	if (in->od_model == QI_OD_NONE)
		return g_strdup_printf(en ? " Overdispersion test p %s: limits "
		    "not widened." : "過分散の検定 p %s: 管理限界は拡げていま"
		    "せん。", p);
	if (in->od_model == QI_OD_ADDITIVE)
		g_snprintf(size, sizeof(size), "\xcf\x84\xc2\xb2 = %.3g",
		    in->tau2);
	else
		g_snprintf(size, sizeof(size), "\xcf\x86 = %.2f", in->phi);
	return g_strdup_printf(en ? " Limits widened for overdispersion "
	    "(%s model on the %s scale, %s; test p %s)." : "管理限界は過分散で"
	    "拡げています（%sモデル、%s尺度、%s、検定 p %s）。",
	    in->od_model == QI_OD_ADDITIVE ? (en ? "additive" : "加法") :
	    (en ? "multiplicative" : "乗法"), en ?
	    scale_en[in->od_scale] : scale_ja[in->od_scale], size, p);
}

static enum qi_err
funnel_head(struct qi_funnel_layout *L, cairo_t *cr,
    const struct qi_funnel_input *in, const struct qi_chartcfg *cfg,
    size_t *nshown)
{
	struct qi_frame *F = &L->frame;
	char *title, *sub, *period, lv[2][32], *w;
	double x = 0;
	size_t o;
	enum qi_err rc;
	int en = qi_chart_lang_en(cfg);

	period = qi_fmt_period(in->period, en);
	title = g_strdup_printf(en ? "%s: funnel plot, %s" :
	    "%s　ファンネルプロット　%s", qi_text_of(&in->def->title, en),
	    period);
	g_free(period);
	if (in->ratio) {
		/* O/E: no unit or interval of the rate; limits around 1. */
		char *item[3] = {
			(char *)(en ? "Value: observed / expected events (O/E)" :
			    "値: 実測数 / 予測数（O/E 比）"),
			(char *)qi_direction_words(in->def->direction, en),
			(char *)(en ? "limits around 1 by expected events; "
			    "ringed: beyond the outer limit" :
			    "管理限界は 1 と予測件数から。丸囲みは外側の限界の外"),
		};

		sub = qi_text_join_fitting(cr, QI_FONT_SUBTITLE, item, 3,
		    en ? "  \xc2\xb7  " : "\xe3\x80\x80\xe3\x80\x80",
		    cfg->width - 2 * qi_style_get()->margin);
	} else
		sub = qi_chart_subtitle(cr, in->def, en, en ? "limits around "
		    "the target by volume; ringed: beyond the outer limit" :
		    "管理限界は目標値と症例数から。丸囲みは外側の限界の外",
		    cfg->width - 2 * qi_style_get()->margin);
	rc = qi_frame_begin(F, cr, cfg, title, sub);
	g_free(title);
	g_free(sub);
	if (rc != QI_OK)
		return rc;
	for (o = 0; o < in->norgs; o++) {
		w = g_strdup_printf(en ? "%s (%zu)" : "%s（%zu 施設）",
		    qi_org_name(&in->orgs[o], en), nshown[o]);
		qi_frame_legend(F, cr, &x, QI_KEY_ORG, o, w);
		g_free(w);
	}
	qi_fmt_level(in->inner, lv[0], sizeof(lv[0]));
	qi_fmt_level(in->outer, lv[1], sizeof(lv[1]));
	qi_frame_legend(F, cr, &x, QI_KEY_TARGET, 0, en ? "target" : "目標値");
	w = g_strdup_printf(en ? "%s%% limits" : "%s%% 管理限界", lv[0]);
	qi_frame_legend(F, cr, &x, QI_KEY_LIMIT_INNER, 0, w);
	g_free(w);
	w = g_strdup_printf(en ? "%s%% limits" : "%s%% 管理限界", lv[1]);
	qi_frame_legend(F, cr, &x, QI_KEY_LIMIT_OUTER, 0, w);
	g_free(w);
	if (L->has_od) {
		w = g_strdup_printf(en ? "%s%% and %s%% limits widened for "
		    "overdispersion" : "過分散で拡げた %s%%・%s%% 管理限界",
		    lv[0], lv[1]);
		qi_frame_legend(F, cr, &x, QI_KEY_LIMIT_OD, 0, w);
		g_free(w);
	}
	qi_frame_legend_end(F, cr, x);
	return QI_OK;
}

enum qi_err
qi_funnel_layout(const struct qi_funnel_input *in,
    const struct qi_chartcfg *cfgp, cairo_t *measure,
    struct qi_funnel_layout *L)
{
	const struct qi_style *st = qi_style_get();
	const struct qi_funnel_point *p;
	struct qi_chartcfg cfg;
	struct qi_frame *F = &L->frame;
	cairo_surface_t *scratch = NULL;
	cairo_t *cr;
	struct qi_box *ob = NULL, anchor, area;
	struct qi_mark *m;
	size_t *nshown = NULL, i, k, nob = 0;
	double mult, cap, ylo = INFINITY, yhi = -INFINITY, xmax = 0, pad, v;
	char *name, *foot, *t, *od;
	enum qi_err rc;
	int en;

	memset(L, 0, sizeof(*L));
	if (cfgp != NULL)
		cfg = *cfgp;
	else
		qi_chartcfg_defaults(&cfg);
	if (in == NULL || in->def == NULL || in->orgs == NULL ||
	    in->norgs == 0 || (in->npoints > 0 && in->points == NULL) ||
	    (in->nlimits > 0 && in->limits == NULL) || !isfinite(in->target))
		return QI_EUSAGE;
	en = qi_chart_lang_en(&cfg);
	cr = qi_measure_begin(measure, &scratch);
	mult = in->ratio ? 1.0 : qi_unit_multiplier(in->def->unit);
	nshown = g_new0(size_t, in->norgs);
	for (i = 0; i < in->npoints; i++) {
		p = &in->points[i];
		if (!point_shown(p) || p->org >= in->norgs)
			continue;
		nshown[p->org]++;
		ylo = fmin(ylo, p->value * mult);
		yhi = fmax(yhi, p->value * mult);
		xmax = fmax(xmax, p->volume);
	}
	for (i = 0; i < in->nlimits; i++)
		if (isfinite(in->limits[i].od_lo95) ||
		    isfinite(in->limits[i].od_hi998))
			L->has_od = 1;
	if ((rc = funnel_head(L, cr, in, &cfg, nshown)) != QI_OK)
		goto out;

	/*
	 * Value axis: the points, the target and the limits at the largest
	 * volume (where they are narrowest), so the limits always show.
	 */
	ylo = fmin(ylo, in->target * mult);
	yhi = fmax(yhi, in->target * mult);
	if (in->nlimits > 0)
		for (k = 0; k < 8; k++) {
			v = limit_k(&in->limits[in->nlimits - 1], (int)k);
			if (isfinite(v)) {
				ylo = fmin(ylo, v * mult);
				yhi = fmax(yhi, v * mult);
			}
		}
	pad = (yhi - ylo) * 0.08;
	cap = in->ratio || in->def->unit == QI_UNIT_PER_MILLE ? INFINITY :
	    mult;
	F->plot_h = fmax(240.0, fmin(460.0, cfg.width * 0.5));
	qi_frame_yaxis(F, cr, fmax(0.0, ylo - pad), fmin(cap, yhi + pad),
	    0.0, cap,
	    in->ratio ? (en ? "Observed / expected" : "実測 / 予測") :
	    qi_unit_axis_title(in->def->unit, en), 0);
	if (xmax <= 0)
		xmax = 1;
	qi_frame_xaxis(F, cr, 0.0, xmax, 0.0, INFINITY, in->ratio ?
	    (en ? "Expected events" : "予測件数") :
	    in->def->kind == QI_KIND_RATE ? qi_text_of(&in->def->exposure,
	    en) : (en ? "Patients (denominator)" : "症例数（分母）"));
	L->target_y = qi_axis_pos(&F->y, in->target * mult);

	/* Curves, clipped to the plot when drawn. */
	if (in->nlimits > 0) {
		L->curve_x = g_new0(double, in->nlimits);
		for (k = 0; k < 8; k++)
			L->curve_y[k] = g_new0(double, in->nlimits);
		L->ncurve = in->nlimits;
		for (i = 0; i < in->nlimits; i++) {
			L->curve_x[i] = qi_axis_pos(&F->x,
			    in->limits[i].volume);
			for (k = 0; k < 8; k++) {
				v = limit_k(&in->limits[i], (int)k);
				L->curve_y[k][i] = isfinite(v) ?
				    qi_axis_pos(&F->y, v * mult) : NAN;
			}
		}
	}

	/* Points, then the outliers' names around them. */
	L->marks = g_new0(struct qi_mark, in->npoints + 1);
	ob = g_new0(struct qi_box, in->npoints + 1);
	for (i = 0; i < in->npoints; i++) {
		p = &in->points[i];
		if (!point_shown(p) || p->org >= in->norgs) {
			if (!point_shown(p))
				qi_withheld_count(&L->withheld, p->status ==
				    QI_STATUS_OK ? QI_STATUS_EMPTY : p->status);
			continue;
		}
		m = &L->marks[L->nmarks++];
		m->org = p->org;
		m->period = i;
		m->x = qi_axis_pos(&F->x, p->volume);
		m->y = m->y_lo = m->y_hi = qi_axis_pos(&F->y, p->value * mult);
		m->outside = p->outlier != 0;
		m->label = QI_NOLABEL;
		m->lx = NAN;
		m->tip = point_tip(in, p, mult, en);
		ob[nob].x = m->x - PT_R;
		ob[nob].y = m->y - PT_R;
		ob[nob].w = ob[nob].h = 2 * PT_R;
		nob++;
	}
	area.x = F->plot_x + 1;
	area.y = F->plot_y;
	area.w = F->plot_w - 1;
	area.h = F->plot_h;
	for (i = 0; i < L->nmarks; i++) {
		m = &L->marks[i];
		if (!m->outside)
			continue;
		L->noutliers++;
		name = qi_text_shorten(cr, QI_FONT_LABEL,
		    in->points[m->period].name != NULL ?
		    in->points[m->period].name : "?", NAME_MAX_W);
		anchor.x = m->x - PT_R;
		anchor.y = m->y - PT_R;
		anchor.w = anchor.h = 2 * PT_R;
		m->label = qi_frame_place(F, cr, QI_FONT_LABEL, name, st->ink,
		    &anchor, ob, nob, &area, 8, &m->lx, &m->ly);
		g_free(name);
		if (m->label == QI_NOLABEL)
			L->nunlabelled++;
	}

	foot = qi_chart_footer(&L->withheld, in->def, en);
	od = od_words(in, en);
	t = g_strdup_printf(en ? "%s %zu %s beyond the outer limit%s.%s" :
	    "%s外側の限界の外: %zu 施設%s%s。%s", foot, L->noutliers,
	    en ? (L->noutliers == 1 ? "hospital" : "hospitals") : "",
	    L->nunlabelled == 0 ? "" : en ? " (some names left out where "
	    "they would overlap)" : "（重なる名前は省略）", od);
	g_free(od);
	g_free(foot);
	foot = t;
	qi_frame_end(F, cr, foot);
	g_free(foot);
	g_free(ob);
out:
	g_free(nshown);
	qi_measure_end(cr, scratch);
	if (rc != QI_OK)
		qi_funnel_layout_free(L);
	return rc;
}

/* One limit curve, skipping NaN. */
static void
curve(cairo_t *cr, const double *x, const double *y, size_t n)
{
	size_t i;
	int pen = 0;

	cairo_new_path(cr);
	for (i = 0; i < n; i++) {
		if (!isfinite(y[i])) {
			pen = 0;
			continue;
		}
		if (pen)
			cairo_line_to(cr, x[i], y[i]);
		else
			cairo_move_to(cr, x[i], y[i]);
		pen = 1;
	}
	cairo_stroke(cr);
}

static void
funnel_marks(cairo_t *cr, const void *layout)
{
	const struct qi_funnel_layout *L = layout;
	const struct qi_style *st = qi_style_get();
	const struct qi_frame *F = &L->frame;
	static const double dash_outer[] = { 4.0, 2.5 };
	static const double dash_od[] = { 1.2, 1.8 };
	size_t i, k;

	cairo_save(cr);
	cairo_rectangle(cr, F->plot_x, F->plot_y, F->plot_w, F->plot_h);
	cairo_clip(cr);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	for (k = 0; k < 8 && L->ncurve > 0; k++) {
		cairo_set_dash(cr, NULL, 0, 0);
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
		if (k >= 4) {
			qi_style_set_rgb(cr, st->limit_od);
			cairo_set_line_width(cr, st->limit_width * 1.4);
			cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
			cairo_set_dash(cr, dash_od, 2, 0);
		} else {
			qi_style_set_rgb(cr, st->limit);
			cairo_set_line_width(cr, st->limit_width);
			if (k >= 2)
				cairo_set_dash(cr, dash_outer, 2, 0);
		}
		curve(cr, L->curve_x, L->curve_y[k], L->ncurve);
	}
	cairo_set_dash(cr, NULL, 0, 0);
	qi_style_set_rgb(cr, st->ink);
	cairo_set_line_width(cr, st->ref_width);
	qi_style_line(cr, F->plot_x, L->target_y, F->plot_x + F->plot_w,
	    L->target_y);
	/* Leaders under the points; then points, outliers ringed. */
	qi_style_set_rgb(cr, st->muted);
	cairo_set_line_width(cr, 0.6);
	for (i = 0; i < L->nmarks; i++)
		if (L->marks[i].label != QI_NOLABEL &&
		    isfinite(L->marks[i].lx))
			qi_style_line(cr, L->marks[i].x, L->marks[i].y,
			    L->marks[i].lx, L->marks[i].ly);
	for (i = 0; i < L->nmarks; i++)
		if (!L->marks[i].outside)
			qi_style_marker(cr, L->marks[i].org, L->marks[i].x,
			    L->marks[i].y);
	for (i = 0; i < L->nmarks; i++)
		if (L->marks[i].outside)
			qi_frame_draw_key(cr, QI_KEY_OUTSIDE, L->marks[i].org,
			    L->marks[i].x, L->marks[i].y);
	for (i = 0; i < L->nmarks; i++)
		qi_chart_tip(cr, L->marks[i].x - PT_R, L->marks[i].y - PT_R,
		    2 * PT_R, 2 * PT_R, L->marks[i].tip);
	cairo_restore(cr);
}

/* funnel_kind, qi_funnel_draw() and qi_funnel_write() */
CHART_KIND(funnel, struct qi_funnel_input, "funnel plot",
    "a definition, organisations, a finite target, points and limits",
    NULL, funnel_marks)
