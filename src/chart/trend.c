/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * trend.c -- quarters on the x axis: each organisation's pooled
 * rate as a line over a translucent interval band (the trend), and one
 * hospital's p- or u-chart with a centre line per definition version,
 * control limits as steps per quarter and the points beyond a limit
 * ringed (the SPC chart).  In both a change of definition version is a
 * vertical rule between two quarters labelled "定義 v2" / "definition
 * v2": results of different versions are never pooled, so the reader
 * must see where one ends.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "chart_impl.h"

#define END_W		86.0	/* least column right of the plot for end labels, pt */

/* ------------------------------------------------------------ shared */

/*
 * Rules where versions[p] differs from versions[p - 1], between the two
 * quarters' slots; each label at the top of the plot, right of its rule,
 * in the first row where it meets no other text.
 */
static void
lay_rules(struct qi_frame *F, cairo_t *cr, const long *versions, size_t n,
    const double *px, double cat_w, struct qi_vrule **out, size_t *nout)
{
	const struct qi_style *st = qi_style_get();
	struct qi_vrule *r;
	char *s;
	double w, h, x, y;
	size_t p, row;

	*out = NULL;
	*nout = 0;
	if (versions == NULL || n < 2)
		return;
	*out = g_new0(struct qi_vrule, n);
	for (p = 1; p < n; p++) {
		if (versions[p] == versions[p - 1])
			continue;
		r = &(*out)[(*nout)++];
		r->x = px[p] - cat_w / 2;
		r->version = versions[p];
		r->y_top = F->plot_y;
		s = g_strdup_printf(F->lang_en ? "definition v%ld" :
		    "定義 v%ld", versions[p]);
		w = qi_text_width(cr, QI_FONT_REF, s);
		h = qi_text_height(cr, QI_FONT_REF, s);
		x = r->x + 3;
		if (x + w > F->plot_x + F->plot_w)
			x = r->x - 3 - w;
		for (row = 0, y = F->plot_y + 2; row < 6; row++,
		    y += h + 2)
			if (!qi_frame_hits(F, x, y, w, h, 1.5))
				break;
		r->label = QI_NOLABEL;
		if (row == 6) {		/* no free row: the rule alone */
			g_free(s);
			continue;
		}
		r->label = qi_frame_text(F, cr, QI_FONT_REF, s, x, y,
		    QI_ALIGN_LEFT, st->ink);
		g_free(s);
		F->labels[r->label].patch = 1;
	}
}

static void
draw_rules(cairo_t *cr, const struct qi_frame *F, const struct qi_vrule *r,
    size_t n)
{
	const struct qi_style *st = qi_style_get();
	size_t i;

	cairo_save(cr);
	qi_style_set_rgb(cr, st->ink);
	cairo_set_line_width(cr, 1.0);
	cairo_set_dash(cr, NULL, 0, 0);
	for (i = 0; i < n; i++)
		qi_style_line(cr, r[i].x, r[i].y_top, r[i].x,
		    F->plot_y + F->plot_h);
	cairo_restore(cr);
}

/* ------------------------------------------------------------- trend */

void
qi_trend_layout_free(struct qi_trend_layout *L)
{
	if (L == NULL)
		return;
	qi_frame_free(&L->frame);
	g_free(L->marks);
	g_free(L->rules);
	memset(L, 0, sizeof(*L));
}

/* The end label of organisation o: its short name and last value. */
static char *
end_label(const struct qi_orgseries *s, size_t o, double mult, int dec,
    int en)
{
	const struct qi_orgcell *c;
	char val[32];
	size_t p;

	for (p = s->nperiods; p > 0; p--) {
		c = &s->cells[(p - 1) * s->norgs + o];
		if (qi_orgcell_shown(c)) {
			qi_fmt_num(c->rate * mult, dec, val, sizeof(val));
			return g_strdup_printf("%s %s",
			    qi_org_short(&s->orgs[o], en), val);
		}
	}
	return NULL;
}

/*
 * The end labels' column: as wide as the widest label, at least END_W
 * and at most a fifth of the chart, where a label is shortened.
 */
static double
end_width(cairo_t *cr, const struct qi_orgseries *s, double mult, int dec,
    int en, double width)
{
	double w = END_W - 6;
	size_t o;

	for (o = 0; o < s->norgs; o++) {
		char *txt = end_label(s, o, mult, dec, en);

		if (txt != NULL)
			w = fmax(w, qi_text_width(cr, QI_FONT_REF, txt));
		g_free(txt);
	}
	return fmin(w + 6, fmax(END_W, width / 5));
}

/* End labels: "NHO 72.3" right of each line's last point, pushed apart. */
static void
lay_ends(struct qi_trend_layout *L, cairo_t *cr, const struct qi_orgseries *s,
    double mult, int dec)
{
	struct qi_frame *F = &L->frame;
	const struct qi_mark *last, *m;
	size_t o, i, k, *idx, n = 0, t;
	double *ly, h, prev;
	char *txt;

	idx = g_new0(size_t, s->norgs);
	ly = g_new0(double, s->norgs);
	h = qi_text_height(cr, QI_FONT_REF, "0");
	for (o = 0; o < s->norgs; o++) {
		last = NULL;
		for (i = 0; i < L->nmarks; i++)
			if (L->marks[i].org == o)
				last = &L->marks[i];
		if (last == NULL)
			continue;
		idx[n] = (size_t)(last - L->marks);
		ly[n] = last->y - h / 2;
		n++;
	}
	/* Sort by y (insertion: few organisations), then push down. */
	for (i = 1; i < n; i++)
		for (k = i; k > 0 && ly[k] < ly[k - 1]; k--) {
			t = idx[k];
			idx[k] = idx[k - 1];
			idx[k - 1] = t;
			prev = ly[k];
			ly[k] = ly[k - 1];
			ly[k - 1] = prev;
		}
	prev = F->plot_y - h;
	for (i = 0; i < n; i++) {
		if (ly[i] < prev + h + 1)
			ly[i] = prev + h + 1;
		prev = ly[i];
	}
	/* If pushed below the plot, pull the stack back up. */
	if (n > 0 && ly[n - 1] + h > F->plot_y + F->plot_h) {
		ly[n - 1] = F->plot_y + F->plot_h - h;
		for (i = n - 1; i > 0; i--)
			if (ly[i - 1] > ly[i] - h - 1)
				ly[i - 1] = ly[i] - h - 1;
	}
	for (i = 0; i < n; i++) {
		m = &L->marks[idx[i]];
		/* m is a last mark: its organisation has a value */
		txt = end_label(s, m->org, mult, dec, F->lang_en);
		qi_text_shorten_in_place(cr, QI_FONT_REF, &txt, L->end_w - 6);
		qi_frame_text(F, cr, QI_FONT_REF, txt,
		    F->plot_x + F->plot_w + 6, ly[i], QI_ALIGN_LEFT,
		    qi_style_org(m->org)->colour);
		g_free(txt);
	}
	g_free(idx);
	g_free(ly);
}

enum qi_err
qi_trend_layout(const struct qi_orgseries *s, const struct qi_chartcfg *cfgp,
    cairo_t *measure, struct qi_trend_layout *L)
{
	const struct qi_orgcell *c;
	struct qi_chartcfg cfg;
	struct qi_frame *F = &L->frame;
	cairo_surface_t *surf;
	cairo_t *cr;
	struct qi_mark *m;
	double *px, lo, hi, mult;
	size_t p, o, nunadj = 0;
	char *foot;
	enum qi_err rc;
	int dec, en;

	memset(L, 0, sizeof(*L));
	if (cfgp != NULL)
		cfg = *cfgp;
	else
		qi_chartcfg_defaults(&cfg);
	if (!qi_orgseries_valid(s))
		return QI_EUSAGE;
	en = qi_chart_lang_en(&cfg);
	cr = qi_measure_begin(measure, &surf);
	mult = qi_unit_multiplier(s->def->unit);
	dec = qi_unit_decimals(s->def->unit);
	if ((rc = qi_orgseries_head(F, cr, s, &cfg, "四半期の推移",
	    "quarterly trend", QI_KEY_BAND)) != QI_OK)
		goto out;
	qi_orgseries_range(s, mult, &lo, &hi);
	F->plot_h = fmax(220.0, fmin(400.0, cfg.width * 0.4));
	L->end_w = end_width(cr, s, mult, dec, en, cfg.width);
	qi_frame_yaxis(F, cr, lo, hi, 0.0, mult,
	    qi_shown_axis_title(s->def, en), L->end_w);
	px = g_new0(double, s->nperiods);
	L->thin = qi_frame_periods(F, cr, s->periods, s->nperiods, px);
	L->cat_w = F->plot_w / (double)s->nperiods;
	L->marks = g_new0(struct qi_mark, s->nperiods * s->norgs);
	for (o = 0; o < s->norgs; o++)
		for (p = 0; p < s->nperiods; p++) {
			c = &s->cells[p * s->norgs + o];
			if (c->status == QI_STATUS_OK && !qi_orgcell_shown(c)) {
				nunadj++;	/* published, no adjusted value */
				continue;
			}
			if (!qi_orgcell_shown(c)) {
				qi_withheld_count(&L->withheld, c->status);
				continue;
			}
			m = &L->marks[L->nmarks++];
			m->org = o;
			m->period = p;
			m->x = px[p];
			m->y = qi_axis_pos(&F->y, c->rate * mult);
			m->y_lo = isfinite(c->lower) ?
			    qi_axis_pos(&F->y, c->lower * mult) : m->y;
			m->y_hi = isfinite(c->upper) ?
			    qi_axis_pos(&F->y, c->upper * mult) : m->y;
			m->label = QI_NOLABEL;
			m->lx = NAN;
		}
	lay_ends(L, cr, s, mult, dec);
	lay_rules(F, cr, s->versions, s->nperiods, px, L->cat_w, &L->rules,
	    &L->nrules);
	g_free(px);
	foot = qi_chart_footer_values(&L->withheld, s->def, en);
	foot = qi_chart_footer_unadjusted(foot, nunadj, en);
	if (*foot == '\0') {
		g_free(foot);
		foot = g_strdup(en ? "Bands: confidence intervals. Every "
		    "value is published." : "帯は信頼区間。すべての値を公表して"
		    "います。");
	}
	if (L->nrules > 0) {	/* say what the rule means */
		char *t = g_strconcat(foot, en ? " Vertical rule: the "
		    "definition changed; results of two versions are not "
		    "pooled." : "縦線: 定義の版の変更（版の異なる結果は合算"
		    "しません）。", NULL);

		g_free(foot);
		foot = t;
	}
	qi_frame_end(F, cr, foot);
	g_free(foot);
out:
	qi_measure_end(cr, surf);
	if (rc != QI_OK)
		qi_trend_layout_free(L);
	return rc;
}

/*
 * Consecutive marks of one organisation in adjacent periods form a run,
 * unless a version rule lies between them: a line never joins results of
 * two definition versions.
 */
static int
continues(const struct qi_trend_layout *L, const struct qi_mark *a,
    const struct qi_mark *b)
{
	size_t i;

	if (a->org != b->org || b->period != a->period + 1)
		return 0;
	for (i = 0; i < L->nrules; i++)
		if (L->rules[i].x > a->x && L->rules[i].x < b->x)
			return 0;
	return 1;
}

static void
trend_marks(cairo_t *cr, const void *layout)
{
	const struct qi_trend_layout *L = layout;
	const struct qi_style *st = qi_style_get();
	const struct qi_orgstyle *os;
	size_t i, j, k;

	draw_rules(cr, &L->frame, L->rules, L->nrules);
	/* Bands, then lines, of each run of adjacent quarters. */
	for (i = 0; i < L->nmarks; i = j) {
		for (j = i + 1; j < L->nmarks &&
		    continues(L, &L->marks[j - 1], &L->marks[j]); j++)
			continue;
		os = qi_style_org(L->marks[i].org);
		cairo_new_path(cr);
		if (j - i == 1)
			cairo_rectangle(cr, L->marks[i].x - 3,
			    L->marks[i].y_hi, 6,
			    L->marks[i].y_lo - L->marks[i].y_hi);
		else {
			for (k = i; k < j; k++)
				cairo_line_to(cr, L->marks[k].x,
				    L->marks[k].y_hi);
			for (k = j; k > i; k--)
				cairo_line_to(cr, L->marks[k - 1].x,
				    L->marks[k - 1].y_lo);
			cairo_close_path(cr);
		}
		cairo_set_source_rgba(cr, os->colour.r, os->colour.g,
		    os->colour.b, st->band_alpha);
		cairo_fill(cr);
		cairo_new_path(cr);
		for (k = i; k < j; k++)
			cairo_line_to(cr, L->marks[k].x, L->marks[k].y);
		qi_style_set_rgb(cr, os->colour);
		cairo_set_line_width(cr, st->ref_width);
		cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
		cairo_stroke(cr);
	}
	for (i = 0; i < L->nmarks; i++)
		qi_style_marker(cr, L->marks[i].org, L->marks[i].x,
		    L->marks[i].y);
}

/* trend_kind, qi_trend_draw() and qi_trend_write() */
CHART_KIND(trend, struct qi_orgseries, "trend chart",
    "a definition, organisations, quarters and cells",
    NULL, trend_marks)

/* --------------------------------------------------------------- spc */

void
qi_spc_layout_free(struct qi_spc_layout *L)
{
	if (L == NULL)
		return;
	qi_frame_free(&L->frame);
	g_free(L->marks);
	g_free(L->steps);
	g_free(L->centres);
	g_free(L->rules);
	memset(L, 0, sizeof(*L));
}

/* Does quarter i begin a new run of one definition version? */
static int
version_starts(const struct qi_spc_input *s, size_t i)
{
	return i == 0 || (s->versions != NULL &&
	    s->versions[i] != s->versions[i - 1]);
}

/*
 * The pieces of centre line (struct qi_spccentre, positions left for
 * later): within each run of one version, one piece per change of the
 * finite centre values, the run's first piece widened to the run's first
 * quarter and its last to the run's last.  *nruns counts the runs;
 * *several is set if some run has more than one piece.
 */
static void
centre_pieces(const struct qi_spc_input *s, struct qi_spccentre **out,
    size_t *nout, size_t *nruns, int *several)
{
	struct qi_spccentre *c = NULL;
	size_t i, a = 0, n = 0, run0 = 0;

	*out = NULL;
	*nout = *nruns = 0;
	*several = 0;
	if (s->centre != NULL)
		c = g_new0(struct qi_spccentre, s->n);
	for (i = 0; i < s->n; i++) {
		if (version_starts(s, i)) {
			a = i;		/* the run begins here */
			run0 = n;	/* its first piece, if any */
			(*nruns)++;
		}
		if (c != NULL && isfinite(s->centre[i]) &&
		    (n == run0 || c[n - 1].value != s->centre[i])) {
			*several |= n > run0;
			c[n].value = s->centre[i];
			c[n].first = n == run0 ? a : i;
			c[n].version = s->versions != NULL ?
			    s->versions[c[n].first] : 0;
			n++;
		}
		if (c != NULL && isfinite(s->centre[i]))
			c[n - 1].last = i;
		/* The run's last piece reaches the run's last quarter. */
		if (n > run0 && (i + 1 == s->n || version_starts(s, i + 1)))
			c[n - 1].last = i;
	}
	*out = c;
	*nout = n;
}

/*
 * What the centre pieces are, for the subtitle (legend == 0) or the
 * legend: the rate over all quarters (one version), over one version's
 * quarters, or over each version's; NULL when there is no centre line.
 * g_free() it.
 */
static char *
centre_words(const struct qi_spccentre *c, size_t n, size_t nruns,
    int several, int en, int legend)
{
	if (n == 0)
		return NULL;
	if (legend)
		return g_strdup(n == 1 ? (en ? "centre line" : "中心線") :
		    several || c[0].version == 0 ? (en ? "centre lines" :
		    "中心線") : (en ? "centre lines (one per version)" :
		    "中心線（定義の版ごと）"));
	if (n == 1 && nruns == 1)
		return g_strdup(en ? "centre line: the hospital's rate over "
		    "all quarters" : "中心線: 全四半期の率");
	if (n == 1 && c[0].version != 0)
		return g_strdup_printf(en ? "centre line: the hospital's rate "
		    "over the quarters of definition v%ld" : "中心線: 定義 "
		    "v%ld の四半期の率", c[0].version);
	if (!several && c[0].version != 0)
		return g_strdup(en ? "centre lines: the hospital's rate over "
		    "each definition version's quarters" : "中心線: 定義の版"
		    "ごとの四半期の率");
	return g_strdup(en ? "centre lines: as given per quarter" :
	    "中心線: 四半期ごとに与えられた値");
}

/*
 * Title, subtitle (what the centre line is, how the limits are made) and
 * legend; the centre line is described, and keyed, only if drawn.
 */
static enum qi_err
spc_head(struct qi_frame *F, cairo_t *cr, const struct qi_spc_input *s,
    const struct qi_chartcfg *cfg, const char *csub, const char *ckey)
{
	char *title, *sub, *item[2];
	size_t n = 0;
	double x = 0;
	enum qi_err rc;
	int en = qi_chart_lang_en(cfg);

	title = g_strdup_printf(en ? "%s: %s, %s chart" : "%s　%s　%s 管理図",
	    s->hospital, qi_text_of(&s->def->title, en), s->chart);
	if (csub != NULL)
		item[n++] = (char *)csub;
	item[n++] = (char *)(en ? "limits: 3 sigma per quarter" :
	    "管理限界: 四半期ごとの 3σ");
	sub = qi_text_join_fitting(cr, QI_FONT_SUBTITLE, item, n,
	    en ? "; " : "　", cfg->width - 2 * qi_style_get()->margin);
	rc = qi_frame_begin(F, cr, cfg, title, sub);
	g_free(title);
	g_free(sub);
	if (rc != QI_OK)
		return rc;
	qi_frame_legend(F, cr, &x, QI_KEY_ORG, s->org, s->hospital);
	if (ckey != NULL)
		qi_frame_legend(F, cr, &x, QI_KEY_TARGET, 0, ckey);
	qi_frame_legend(F, cr, &x, QI_KEY_LIMIT_OUTER, 0,
	    en ? "control limits" : "管理限界");
	qi_frame_legend(F, cr, &x, QI_KEY_OUTSIDE, s->org,
	    en ? "outside the limits" : "管理限界外");
	qi_frame_legend_end(F, cr, x);
	return QI_OK;
}

enum qi_err
qi_spc_layout(const struct qi_spc_input *s, const struct qi_chartcfg *cfgp,
    cairo_t *measure, struct qi_spc_layout *L)
{
	const struct qi_style *st = qi_style_get();
	struct qi_chartcfg cfg;
	struct qi_frame *F = &L->frame;
	cairo_surface_t *surf;
	cairo_t *cr;
	struct qi_mark *m;
	struct qi_box *ob, anchor, area;
	struct qi_spccentre *c;
	double *px, lo = INFINITY, hi = -INFINITY, mult, v[3], lx, ly;
	size_t i, k, nob = 0, nvalues = 0, nruns;
	char val[32], *foot, *csub, *ckey;
	enum qi_err rc;
	int dec, en, several;

	memset(L, 0, sizeof(*L));
	if (cfgp != NULL)
		cfg = *cfgp;
	else
		qi_chartcfg_defaults(&cfg);
	if (s == NULL || s->def == NULL || s->periods == NULL || s->n == 0 ||
	    s->value == NULL || s->lo == NULL || s->hi == NULL ||
	    s->hospital == NULL || s->chart == NULL)
		return QI_EUSAGE;
	en = qi_chart_lang_en(&cfg);
	cr = qi_measure_begin(measure, &surf);
	mult = qi_unit_multiplier(s->def->unit);
	dec = qi_unit_decimals(s->def->unit) + 1;
	centre_pieces(s, &L->centres, &L->ncentres, &nruns, &several);
	csub = centre_words(L->centres, L->ncentres, nruns, several, en, 0);
	ckey = centre_words(L->centres, L->ncentres, nruns, several, en, 1);
	rc = spc_head(F, cr, s, &cfg, csub, ckey);
	g_free(csub);
	g_free(ckey);
	if (rc != QI_OK)
		goto out;
	for (i = 0; i < s->n; i++) {
		v[0] = s->value[i];
		v[1] = s->lo[i];
		v[2] = s->hi[i];
		for (k = 0; k < 3; k++)
			if (isfinite(v[k])) {
				lo = fmin(lo, v[k] * mult);
				hi = fmax(hi, v[k] * mult);
			}
	}
	for (i = 0; i < L->ncentres; i++) {
		lo = fmin(lo, L->centres[i].value * mult);
		hi = fmax(hi, L->centres[i].value * mult);
	}
	if (!isfinite(lo)) {
		lo = 0;
		hi = mult;
	}
	F->plot_h = fmax(200.0, fmin(360.0, cfg.width * 0.36));
	qi_frame_yaxis(F, cr, lo, hi, 0.0,
	    s->chart[0] == 'p' ? mult : INFINITY,
	    qi_unit_axis_title(s->def->unit, en), 0);
	px = g_new0(double, s->n);
	L->thin = qi_frame_periods(F, cr, s->periods, s->n, px);
	L->cat_w = F->plot_w / (double)s->n;
	for (i = 0; i < L->ncentres; i++) {	/* slot edges, as the steps */
		c = &L->centres[i];
		c->x0 = px[c->first] - L->cat_w / 2;
		c->x1 = px[c->last] + L->cat_w / 2;
		c->y = qi_axis_pos(&F->y, c->value * mult);
	}
	L->steps = g_new0(struct qi_spcstep, s->n);
	L->marks = g_new0(struct qi_mark, s->n);
	ob = g_new0(struct qi_box, s->n + 1);
	L->nsteps = s->n;
	for (i = 0; i < s->n; i++) {
		L->steps[i].x0 = px[i] - L->cat_w / 2;
		L->steps[i].x1 = px[i] + L->cat_w / 2;
		L->steps[i].y_lo = isfinite(s->lo[i]) ?
		    qi_axis_pos(&F->y, s->lo[i] * mult) : NAN;
		L->steps[i].y_hi = isfinite(s->hi[i]) ?
		    qi_axis_pos(&F->y, s->hi[i] * mult) : NAN;
		if (!isfinite(s->value[i]))
			continue;
		nvalues++;
		m = &L->marks[L->nmarks++];
		m->org = s->org;
		m->period = i;
		m->x = px[i];
		m->y = m->y_lo = m->y_hi = qi_axis_pos(&F->y,
		    s->value[i] * mult);
		m->outside = (isfinite(s->hi[i]) && s->value[i] > s->hi[i]) ||
		    (isfinite(s->lo[i]) && s->value[i] < s->lo[i]);
		m->label = QI_NOLABEL;
		m->lx = NAN;
		ob[nob].x = m->x - 5;
		ob[nob].y = m->y - 5;
		ob[nob].w = ob[nob].h = 10;
		nob++;
		if (m->outside)
			L->noutside++;
	}
	lay_rules(F, cr, s->versions, s->n, px, L->cat_w, &L->rules,
	    &L->nrules);
	g_free(px);
	/* Label the value of every point outside the limits. */
	area.x = F->plot_x + 1;
	area.y = F->plot_y;
	area.w = F->plot_w - 1;
	area.h = F->plot_h;
	for (i = 0; i < L->nmarks; i++) {
		m = &L->marks[i];
		if (!m->outside)
			continue;
		qi_fmt_num(s->value[m->period] * mult, dec, val, sizeof(val));
		anchor.x = m->x - 5;
		anchor.y = m->y - 5;
		anchor.w = anchor.h = 10;
		m->label = qi_frame_place(F, cr, QI_FONT_VALUE, val, st->ink,
		    &anchor, ob, nob, &area, 8, &lx, &ly);
		m->lx = lx;
		m->ly = ly;
	}
	if (en)
		foot = g_strdup_printf("%zu of %zu quarters outside the control "
		    "limits.%s%s", L->noutside, nvalues, nvalues < s->n ?
		    " Quarters without a value have no point." : "",
		    L->nrules == 0 ? "" : L->ncentres > 0 ? " Vertical rule: "
		    "the definition changed; centre line and limits are "
		    "those of each version, and values of two versions are "
		    "not joined." : " Vertical rule: the definition "
		    "changed; limits are those of each version, and values "
		    "of two versions are not joined.");
	else
		foot = g_strdup_printf("管理限界外: %zu / %zu 四半期。%s%s",
		    L->noutside, nvalues, nvalues < s->n ?
		    "値のない四半期は点を描いていません。" : "",
		    L->nrules == 0 ? "" : L->ncentres > 0 ? "縦線: 定義の版の"
		    "変更（中心線と管理限界は版ごとに計算し、版の異なる値は結び"
		    "ません）。" : "縦線: 定義の版の変更（管理限界は版ごとに計算"
		    "し、版の異なる値は結びません）。");
	qi_frame_end(F, cr, foot);
	g_free(foot);
	g_free(ob);
out:
	qi_measure_end(cr, surf);
	if (rc != QI_OK)
		qi_spc_layout_free(L);
	return rc;
}

/* Is there a version rule at x (a step's left edge)?  Limits of two
   versions are not joined. */
static int
rule_at(const struct qi_spc_layout *L, double x)
{
	size_t i;

	for (i = 0; i < L->nrules; i++)
		if (fabs(L->rules[i].x - x) < 0.01)
			return 1;
	return 0;
}

static void
spc_marks(cairo_t *cr, const void *layout)
{
	const struct qi_spc_layout *L = layout;
	const struct qi_style *st = qi_style_get();
	static const double dash[] = { 4.0, 2.5 };
	const struct qi_spcstep *t;
	size_t i, k;
	int side;

	draw_rules(cr, &L->frame, L->rules, L->nrules);
	/* Limits: a step per quarter, joined where both sides have one. */
	qi_style_set_rgb(cr, st->limit);
	cairo_set_line_width(cr, st->limit_width);
	cairo_set_dash(cr, dash, 2, 0);
	for (side = 0; side < 2; side++) {
		cairo_new_path(cr);
		for (i = 0; i < L->nsteps; i++) {
			t = &L->steps[i];
			if (!isfinite(side ? t->y_hi : t->y_lo)) {
				cairo_stroke(cr);
				continue;
			}
			if (i == 0 || !isfinite(side ? L->steps[i - 1].y_hi :
			    L->steps[i - 1].y_lo) || rule_at(L, t->x0))
				cairo_move_to(cr, t->x0, side ? t->y_hi :
				    t->y_lo);
			else
				cairo_line_to(cr, t->x0, side ? t->y_hi :
				    t->y_lo);
			cairo_line_to(cr, t->x1, side ? t->y_hi : t->y_lo);
		}
		cairo_stroke(cr);
	}
	cairo_set_dash(cr, NULL, 0, 0);
	/* Each piece of centre line over its own quarters only. */
	qi_style_set_rgb(cr, st->ink);
	cairo_set_line_width(cr, st->ref_width);
	for (i = 0; i < L->ncentres; i++)
		qi_style_line(cr, L->centres[i].x0, L->centres[i].y,
		    L->centres[i].x1, L->centres[i].y);
	/* The hospital's values joined in time order, gaps left open. */
	if (L->nmarks > 0) {
		qi_style_set_rgb(cr, qi_style_org(L->marks[0].org)->colour);
		cairo_set_line_width(cr, st->whisker_width);
		cairo_new_path(cr);
		for (k = 0; k < L->nmarks; k++) {
			if (k > 0 && L->marks[k].period ==
			    L->marks[k - 1].period + 1 &&
			    !rule_at(L, L->steps[L->marks[k].period].x0))
				cairo_line_to(cr, L->marks[k].x, L->marks[k].y);
			else
				cairo_move_to(cr, L->marks[k].x, L->marks[k].y);
		}
		cairo_stroke(cr);
	}
	for (k = 0; k < L->nmarks; k++) {
		if (L->marks[k].outside)
			qi_frame_draw_key(cr, QI_KEY_OUTSIDE, L->marks[k].org,
			    L->marks[k].x, L->marks[k].y);
		else
			qi_style_marker(cr, L->marks[k].org, L->marks[k].x,
			    L->marks[k].y);
		if (isfinite(L->marks[k].lx)) {
			qi_style_set_rgb(cr, st->muted);
			cairo_set_line_width(cr, 0.6);
			qi_style_line(cr, L->marks[k].x, L->marks[k].y,
			    L->marks[k].lx, L->marks[k].ly);
		}
	}
}

/* spc_kind, qi_spc_draw() and qi_spc_write() */
CHART_KIND(spc, struct qi_spc_input, "control chart",
    "a definition, hospital, chart kind, quarters, values and limits",
    NULL, spc_marks)
