/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * caterpillar.c -- the ranked caterpillar chart of one indicator in
 * one period: every published hospital as a point and interval whisker,
 * best first, with each organisation's pooled rate as a reference line.
 *
 * Two steps, as in kplot: qi_caterpillar_layout() does all the
 * arithmetic (which rows, their order, the axis and its ticks, where
 * every piece of text goes), measuring text on a cairo_t but drawing
 * nothing; qi_caterpillar_draw() paints a finished layout onto the
 * caller's cairo_t.  Tests check the layout; the drawing has no choices
 * left to make.
 *
 * Page (frame.c), top to bottom (all lengths in points):
 *
 *   title                      indicator and period, wrapped if long
 *   subtitle                   unit, direction, interval, reference lines
 *   legend                     per organisation: marker with its name and
 *                              number of hospitals shown, then its pooled-
 *                              rate line with the rate and n
 *   headings and tick labels   name column | axis ticks | value column
 *   reference-label band       labels of the pooled-rate lines, beside
 *                              their lines or stacked in rows, so that no
 *                              label overlaps another or crosses a line
 *   plot                       one row per hospital, every other shaded
 *   x axis                     the frame's tick labels and axis title
 *   footer                     hospitals withheld by the publication rule
 *
 * Above QI_CATERPILLAR_DENSE_ROWS rows (chart.h) the plot is the
 * distribution form: QI_CATERPILLAR_DENSE_H pt tall whatever the number
 * of hospitals, each hospital a thin interval line and a dot, no row
 * bands; the name column holds rank numbers and, at its row, the name
 * of cfg.highlight's hospital, the value column only its rate.  The
 * highlighted hospital is drawn last, on a guide line across the plot,
 * with its organisation's marker ringed; the highlighted organisation's
 * hospitals are drawn in full colour above the others' paler ones.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "chart_impl.h"

#define EN_DASH		"\xe2\x80\x93"	/* U+2013, in intervals */
#define EM_DASH		"\xe2\x80\x94"	/* U+2014, "no value" */

/* Least space between two reference labels in one row, pt. */
#define REF_PAD		6.0
/* Space between a reference line and its label, pt. */
#define REF_GAP		3.0
/* Narrowest plot area, pt. */
#define MIN_PLOT_W	150.0
/* Narrowest page, pt. */
#define MIN_WIDTH	400.0
/* Inset of the frame's x axis from the plot's edges (frame.c), pt. */
#define AXIS_INSET	8.0
/* Distribution form: how far colours go towards the background, 0..1:
   intervals, and the other organisations' when one is highlighted (their
   intervals go as far as DENSE_PALE_LINE + DENSE_PALE_OTHER / 2). */
#define DENSE_PALE_LINE	0.55
#define DENSE_PALE_OTHER 0.6
/* Distribution form: the most rank numbers down the left. */
#define DENSE_RANKS	8

/* ----------------------------------------------------------- selection */

struct rowkey {
	double		 rate;
	const char	*id;
	size_t		 result;
};

static int
rowkey_cmp_asc(const void *a, const void *b)
{
	const struct rowkey *x = a, *y = b;
	int c;

	if (x->rate < y->rate)
		return -1;
	if (x->rate > y->rate)
		return 1;
	if ((c = strcmp(x->id, y->id)) != 0)
		return c;
	return x->result < y->result ? -1 : x->result > y->result;
}

/* Descending rate; ties still ascending by id, as in rowkey_cmp_asc. */
static int
rowkey_cmp_desc(const void *a, const void *b)
{
	const struct rowkey *x = a, *y = b;

	if (x->rate > y->rate)
		return -1;
	if (x->rate < y->rate)
		return 1;
	return rowkey_cmp_asc(a, b);
}

static int
same_period(struct qi_period a, struct qi_period b)
{
	return a.fy == b.fy && a.q == b.q;
}

/* ------------------------------------------------- reference labels */

/*
 * Where a reference label goes: a row of the band above the plot (0 next
 * to the plot) and a side of its line.  A line runs up from the plot to
 * its label: beside the label (RIGHT, LEFT) it reaches the label's top,
 * under a CENTRED label it stops at the label's bottom.
 */
enum refside { REF_RIGHT, REF_LEFT, REF_CENTRED };

struct refplace {
	int		 row;
	enum refside	 side;
	double		 x0, x1;	/* label's horizontal extent, pt */
};

struct refsearch {
	const double	*x;		/* line positions, pt */
	const double	*w;		/* label widths, pt */
	size_t		 n;
	double		 left, right;	/* labels stay within, pt */
	struct refplace	*cur, *best;
	int		 best_cost;
	unsigned long	 visits;	/* search budget */
};

/* Place label i at (row, side); 0 if it does not fit the plot's width. */
static int
ref_candidate(const struct refsearch *s, size_t i, int row,
    enum refside side, struct refplace *p)
{
	p->row = row;
	p->side = side;
	switch (side) {
	case REF_RIGHT:
		p->x0 = s->x[i] + REF_GAP;
		break;
	case REF_LEFT:
		p->x0 = s->x[i] - REF_GAP - s->w[i];
		break;
	default:
		p->x0 = s->x[i] - s->w[i] / 2;
		if (p->x0 + s->w[i] > s->right)
			p->x0 = s->right - s->w[i];
		if (p->x0 < s->left)
			p->x0 = s->left;
		break;
	}
	p->x1 = p->x0 + s->w[i];
	if (side != REF_CENTRED &&
	    (p->x0 < s->left - 1e-9 || p->x1 > s->right + 1e-9))
		return 0;
	return 1;
}

/* Does the line of a (at xa) cross the label of b? */
static int
line_hits(double xa, const struct refplace *a, const struct refplace *b)
{
	int reaches;

	/* Rows the line passes through: below a's row, and a's own row
	 * when the label sits beside the line. */
	reaches = b->row < a->row || (b->row == a->row && a->side != REF_CENTRED);
	return reaches && xa >= b->x0 - 2.0 && xa <= b->x1 + 2.0;
}

static int
ref_conflict(const struct refsearch *s, size_t i)
{
	const struct refplace *a = &s->cur[i], *b;
	size_t j;

	for (j = 0; j < i; j++) {
		b = &s->cur[j];
		if (a->row == b->row && a->x0 < b->x1 + REF_PAD &&
		    b->x0 < a->x1 + REF_PAD)
			return 1;
		if (line_hits(s->x[i], a, b) || line_hits(s->x[j], b, a))
			return 1;
	}
	return 0;
}

/*
 * Depth-first search for the placement of every label with the least
 * cost: 10 per row above the plot, 1 for left of the line, 3 for centred
 * above its end.  There are few organisations (two here), so the search
 * is small; a budget stops it for many.
 */
static void
ref_search(struct refsearch *s, size_t i, int cost)
{
	static const int side_cost[] = { 0, 1, 3 };
	int row, side, c;

	if (cost >= s->best_cost || s->visits > 200000)
		return;
	if (i == s->n) {
		s->best_cost = cost;
		memcpy(s->best, s->cur, s->n * sizeof(*s->cur));
		return;
	}
	for (row = 0; row < (int)s->n; row++)
		for (side = 0; side < 3; side++) {
			s->visits++;
			c = cost + 10 * row + side_cost[side];
			if (c >= s->best_cost)
				continue;
			if (!ref_candidate(s, i, row, (enum refside)side,
			    &s->cur[i]))
				continue;
			if (ref_conflict(s, i))
				continue;
			ref_search(s, i + 1, c);
		}
}

/*
 * Place the reference labels in the band whose bottom is band_bottom;
 * sets their boxes and line tops, and returns the number of rows used.
 */
static int
ref_layout(struct qi_caterpillar_layout *L, double rowh, double band_bottom)
{
	struct refsearch s;
	double *x, *w;
	struct refplace *cur, *best;
	size_t i;
	int nrows = 0;

	if (L->nrefs == 0)
		return 0;
	x = g_new0(double, L->nrefs);
	w = g_new0(double, L->nrefs);
	cur = g_new0(struct refplace, L->nrefs);
	best = g_new0(struct refplace, L->nrefs);
	for (i = 0; i < L->nrefs; i++) {
		x[i] = L->refs[i].x;
		w[i] = L->refs[i].box_w;
	}
	s.x = x;
	s.w = w;
	s.n = L->nrefs;
	/* The band is empty beside the plot too: labels may use the page. */
	s.left = L->frame.margin;
	s.right = L->frame.width - L->frame.margin;
	s.cur = cur;
	s.best = best;
	s.best_cost = 1 << 30;
	s.visits = 0;
	ref_search(&s, 0, 0);
	if (s.best_cost == 1 << 30) {
		/* No placement found: one label per row, centred. */
		for (i = 0; i < L->nrefs; i++)
			ref_candidate(&s, i, (int)i, REF_CENTRED, &best[i]);
	}
	for (i = 0; i < L->nrefs; i++) {
		L->refs[i].row = best[i].row;
		L->refs[i].box_x = best[i].x0;
		L->refs[i].box_y = band_bottom - (best[i].row + 1) * rowh;
		L->refs[i].y_top = best[i].side == REF_CENTRED ?
		    L->refs[i].box_y + L->refs[i].box_h :
		    L->refs[i].box_y + 1.0;
		if (best[i].row + 1 > nrows)
			nrows = best[i].row + 1;
	}
	g_free(x);
	g_free(w);
	g_free(cur);
	g_free(best);
	return nrows;
}

/* -------------------------------------------------------------- layout */

void
qi_caterpillar_layout_free(struct qi_caterpillar_layout *L)
{
	size_t i;

	if (L == NULL)
		return;
	for (i = 0; i < L->nrows; i++) {
		g_free(L->rows[i].label);
		g_free(L->rows[i].value);
		g_free(L->rows[i].tip);
	}
	g_free(L->rows);
	for (i = 0; i < L->nrefs; i++)
		g_free(L->refs[i].label);
	g_free(L->refs);
	qi_frame_free(&L->frame);
	memset(L, 0, sizeof(*L));
}

/* The chart's words in Japanese or English; freed by words_free(). */
struct words {
	char	*title;		/* indicator and period */
	char	*subtitle;	/* unit, direction, interval, lines */
	char	*head_label;	/* heading of the name column */
	char	*head_value;	/* heading of the value column */
	char	*axis_title;	/* e.g. "率（%）" */
	char	*empty_note;	/* shown when no row is */
};

static void
words_free(struct words *w)
{
	g_free(w->title);
	g_free(w->subtitle);
	g_free(w->head_label);
	g_free(w->head_value);
	g_free(w->axis_title);
	g_free(w->empty_note);
	memset(w, 0, sizeof(*w));
}

/* Words of the chart; maxw is the page's text width. */
static void
make_words(struct words *W, const struct qi_caterpillar_layout *L,
    const struct qi_indicator *def, int descending, cairo_t *cr, double maxw)
{
	const char *unit, *dir, *method, *sep, *adj;
	char level[32], *period, *item[5];
	int en = L->lang_en, adjusted = qi_indicator_adjusted(def);
	size_t i, n = 4;

	qi_fmt_level(def->level, level, sizeof(level));
	method = qi_shown_method_words(def, en);
	period = qi_fmt_period(L->period, en);

	if (en) {
		W->title = g_strdup_printf("%s, %s",
		    qi_text_of(&def->title, 1), period);
		unit = def->unit == QI_UNIT_PERCENT ? "Unit: %" :
		    def->unit == QI_UNIT_PER_MILLE ? "Unit: \xe2\x80\xb0" :
		    "Unit: proportion (0" EN_DASH "1)";
		dir = def->direction == QI_HIGHER_BETTER ? "higher is better" :
		    def->direction == QI_LOWER_BETTER ? "lower is better" :
		    "neither direction is better";
		item[0] = g_strdup(unit);
		item[1] = g_strdup(dir);
		item[2] = g_strdup_printf("whiskers: %s%% confidence "
		    "interval (%s)", level, method);
		item[3] = g_strdup(adjusted ? "vertical lines: organisation "
		    "overall risk-adjusted rate" :
		    "vertical lines: organisation overall rate");
		sep = "  \xc2\xb7  ";
		W->head_label = g_strdup(L->dense ? descending ?
		    "Rank (highest rate first)" : "Rank (lowest rate first)" :
		    descending ? "Hospital (highest rate first)" :
		    "Hospital (lowest rate first)");
		W->head_value = g_strdup_printf(adjusted ?
		    "Risk-adjusted rate (%s%% CI)" : "Rate (%s%% CI)", level);
		W->empty_note = g_strdup("No hospital meets the publication "
		    "rule.");
	} else {
		W->title = g_strdup_printf("%s\xe3\x80\x80%s",
		    qi_text_of(&def->title, 0), period);
		unit = def->unit == QI_UNIT_PERCENT ? "単位: %" :
		    def->unit == QI_UNIT_PER_MILLE ? "単位: \xe2\x80\xb0（千分率）" :
		    "単位: 割合（0" EN_DASH "1）";
		dir = def->direction == QI_HIGHER_BETTER ? "高いほど良い" :
		    def->direction == QI_LOWER_BETTER ? "低いほど良い" :
		    "高低で良否は決まらない";
		item[0] = g_strdup(unit);
		item[1] = g_strdup(dir);
		item[2] = g_strdup_printf("横線: %s%% 信頼区間 (%s)", level,
		    method);
		item[3] = g_strdup(adjusted ? "縦線: 機構全体のリスク調整率" :
		    "縦線: 機構全体の率");
		sep = "\xe3\x80\x80\xe3\x80\x80";
		W->head_label = g_strdup(L->dense ? descending ?
		    "順位（率の高い順）" : "順位（率の低い順）" :
		    descending ? "施設（率の高い順）" : "施設（率の低い順）");
		W->head_value = g_strdup_printf(adjusted ?
		    "リスク調整率（%s%% 信頼区間）" : "率（%s%% 信頼区間）",
		    level);
		W->empty_note = g_strdup("公表基準を満たす施設がありません。");
	}
	g_free(period);
	W->axis_title = g_strdup(qi_shown_axis_title(def, en));
	if ((adj = qi_adjusted_words(def, en)) != NULL)
		item[n++] = g_strdup(adj);
	W->subtitle = qi_text_join_fitting(cr, QI_FONT_SUBTITLE, item, n, sep,
	    maxw);
	for (i = 0; i < n; i++)
		g_free(item[i]);
}

/* The footer: how many hospitals the publication rule withholds, and why. */
static char *
make_footer(const struct qi_caterpillar_layout *L,
    const struct qi_indicator *def)
{
	struct qi_withheld w;

	w.n = L->nsuppressed;
	w.small_den = L->nsmall_den;
	w.small_num = L->nsmall_num;
	w.complement = L->ncomplement;
	w.empty = L->nempty;
	return qi_chart_footer_unadjusted(qi_chart_footer(&w, def, L->lang_en),
	    L->nunadjusted, L->lang_en);
}

/* What the layout steps share. */
struct lctx {
	const struct qi_results		*res;
	const struct qi_indicator	*def;
	const struct qi_registry	*reg;
	struct qi_chartcfg		 cfg;
	cairo_t				*cr;		/* for measuring */
	double				 mult;		/* display units per proportion */
	int				 dec;		/* decimals of displayed rates */
	size_t				*nshown;	/* rows per organisation */
	struct words			 w;
};

/* What the chart shows of result i (qi_result_shown()): value, interval. */
static void
shown(const struct lctx *c, size_t i, double *v, double *lo, double *hi)
{
	qi_result_shown(c->def, &c->res->v[i], v, lo, hi);
}

/*
 * A row's pointer tip (an SVG <title>): the hospital's whole name and
 * organisation, the rate and its interval (lo "" if none), e.g.
 * "さくら病院（国立病院機構）\n率（%） 98.1（95% 信頼区間 96.3–99.0）".
 */
static char *
row_tip(const struct lctx *c, const struct qi_result *r, int en,
    const char *rate, const char *lo, const char *hi)
{
	const struct qi_hospital *h = &c->reg->hosps[r->hospital];
	char level[32], *ci;
	char *tip;

	qi_fmt_level(c->def->level, level, sizeof(level));
	ci = lo[0] == '\0' ? g_strdup("") : en ?
	    g_strdup_printf(" (%s%% CI %s" EN_DASH "%s)", level, lo, hi) :
	    g_strdup_printf("（%s%% 信頼区間 %s" EN_DASH "%s）", level, lo, hi);
	tip = g_strdup_printf(en ? "%s (%s)\n%s %s%s" : "%s（%s）\n%s %s%s",
	    qi_hospital_name(h, en), qi_org_short(&c->reg->orgs[h->org], en),
	    qi_shown_axis_title(c->def, en), rate, ci);
	g_free(ci);
	return tip;
}

/*
 * Rows: the hospitals' published results for the indicator and period,
 * best first, ties by hospital id; the others are counted by status.
 */
static void
lay_rows(struct qi_caterpillar_layout *L, struct lctx *c, int descending)
{
	const struct qi_result *r;
	struct rowkey *keys;
	size_t i, k, n = 0;
	char lo_s[32], hi_s[32], rate_s[32];
	double v, lo, hi;

	keys = g_new0(struct rowkey, c->res->n + 1);
	for (i = 0; i < c->res->n; i++) {
		r = &c->res->v[i];
		if (r->scope != QI_SCOPE_HOSPITAL || r->indicator != L->ind ||
		    !same_period(r->period, L->period))
			continue;
		if (r->hospital < 0 || (size_t)r->hospital >= c->reg->nhosps ||
		    c->reg->hosps[r->hospital].org >= c->reg->norgs)
			continue;
		shown(c, i, &v, &lo, &hi);
		if (r->status == QI_STATUS_OK && !isfinite(v) &&
		    isfinite(r->rate)) {
			L->nunadjusted++;	/* no adjusted value */
			continue;
		}
		if (r->status != QI_STATUS_OK || !isfinite(v)) {
			L->nsuppressed++;
			if (r->status == QI_STATUS_SMALL_DENOMINATOR)
				L->nsmall_den++;
			else if (r->status == QI_STATUS_SMALL_NUMERATOR)
				L->nsmall_num++;
			else if (r->status == QI_STATUS_COMPLEMENTARY)
				L->ncomplement++;
			else if (r->status == QI_STATUS_EMPTY)
				L->nempty++;
			continue;
		}
		keys[n].rate = v;
		keys[n].id = c->reg->hosps[r->hospital].id != NULL ?
		    c->reg->hosps[r->hospital].id : "";
		keys[n].result = i;
		n++;
	}
	qsort(keys, n, sizeof(*keys),
	    descending ? rowkey_cmp_desc : rowkey_cmp_asc);
	L->rows = g_new0(struct qi_catrow, n);
	L->nrows = n;
	for (k = 0; k < n; k++) {
		r = &c->res->v[keys[k].result];
		shown(c, keys[k].result, &v, &lo, &hi);
		L->rows[k].result = keys[k].result;
		L->rows[k].org = c->reg->hosps[r->hospital].org;
		c->nshown[L->rows[k].org]++;
		qi_fmt_num(v * c->mult, c->dec, rate_s, sizeof(rate_s));
		if (isfinite(lo) && isfinite(hi)) {
			qi_fmt_num(lo * c->mult, c->dec, lo_s, sizeof(lo_s));
			qi_fmt_num(hi * c->mult, c->dec, hi_s, sizeof(hi_s));
			if (c->cfg.values)
				L->rows[k].value = g_strdup_printf("%s (%s"
				    EN_DASH "%s)", rate_s, lo_s, hi_s);
		} else {
			lo_s[0] = '\0';
			if (c->cfg.values)
				L->rows[k].value = g_strdup(rate_s);
		}
		L->rows[k].tip = row_tip(c, r, L->lang_en, rate_s, lo_s, hi_s);
	}
	g_free(keys);
}

/* Reference lines: each organisation's published pooled rate. */
static void
lay_refs(struct qi_caterpillar_layout *L, struct lctx *c)
{
	const struct qi_result *r;
	struct qi_catref *ref;
	char rate_s[32];
	double v, lo, hi;
	size_t i, k;

	L->refs = g_new0(struct qi_catref, c->reg->norgs + 1);
	for (i = 0; i < c->res->n; i++) {
		r = &c->res->v[i];
		if (r->scope != QI_SCOPE_ORG || r->indicator != L->ind ||
		    !same_period(r->period, L->period) || r->org < 0 ||
		    (size_t)r->org >= c->reg->norgs)
			continue;
		shown(c, i, &v, &lo, &hi);
		if (!isfinite(v))
			continue;
		for (k = 0; k < L->nrefs; k++)
			if (L->refs[k].org == (size_t)r->org)
				break;
		if (k < L->nrefs)
			continue;	/* one line per organisation */
		ref = &L->refs[L->nrefs++];
		ref->result = i;
		ref->org = (size_t)r->org;
		qi_fmt_num(v * c->mult, c->dec, rate_s, sizeof(rate_s));
		ref->label = g_strdup_printf("%s %s%s",
		    qi_org_short(&c->reg->orgs[r->org], L->lang_en), rate_s,
		    qi_unit_symbol(c->def->unit));
		ref->box_w = qi_text_width(c->cr, QI_FONT_REF, ref->label);
		ref->box_h = qi_text_height(c->cr, QI_FONT_REF, ref->label);
	}
}

/*
 * The distribution form or not, and what is highlighted: the row of
 * cfg.highlight's hospital, if shown; its organisation (shown or not),
 * else cfg.highlight_org's, in the distribution form only.
 */
static void
lay_highlight(struct qi_caterpillar_layout *L, const struct lctx *c)
{
	const struct qi_hospital *h;
	size_t k, o;

	L->dense = L->nrows > QI_CATERPILLAR_DENSE_ROWS;
	L->hl_row = L->hl_org = QI_NOLABEL;
	if (c->cfg.highlight != NULL) {
		for (k = 0; k < L->nrows; k++) {
			h = &c->reg->hosps[c->res->v[L->rows[k].result].hospital];
			if (h->id != NULL && strcmp(h->id, c->cfg.highlight) == 0)
				L->hl_row = k;
		}
		for (k = 0; k < c->reg->nhosps; k++) {
			h = &c->reg->hosps[k];
			if (h->id != NULL && strcmp(h->id, c->cfg.highlight) == 0)
				L->hl_org = h->org;
		}
	}
	if (L->hl_org == QI_NOLABEL && c->cfg.highlight_org != NULL)
		for (o = 0; o < c->reg->norgs; o++)
			if (c->reg->orgs[o].code != NULL &&
			    strcmp(c->reg->orgs[o].code, c->cfg.highlight_org) == 0)
				L->hl_org = o;
	if (!L->dense)
		L->hl_org = QI_NOLABEL;
}

/* Does row k carry its name and value?  All do but in the distribution
   form, where only the highlighted row does. */
static int
row_named(const struct qi_caterpillar_layout *L, size_t k)
{
	return !L->dense || k == L->hl_row;
}

/*
 * Title and subtitle (qi_frame_begin), then the legend: per organisation
 * with rows or a pooled rate, its marker on a whisker with its name and
 * number of hospitals shown, then a sample of its reference line with
 * its pooled rate and n (or "overall —" after the name if none).
 */
static enum qi_err
lay_head(struct qi_caterpillar_layout *L, struct lctx *c)
{
	struct qi_frame *F = &L->frame;
	const struct qi_result *pr;
	char rate_s[32], n_s[32], *s, *pooled;
	const char *unit = qi_unit_symbol(c->def->unit);
	const char *oname;
	double x = 0, v = NAN, lo, hi;
	size_t o, k;
	enum qi_err rc;
	int en = L->lang_en;

	if ((rc = qi_frame_begin(F, c->cr, &c->cfg, c->w.title,
	    c->w.subtitle)) != QI_OK)
		return rc;
	L->subtitle = F->title + 1;
	for (o = 0; o < c->reg->norgs; o++) {
		pr = NULL;
		for (k = 0; k < L->nrefs; k++)
			if (L->refs[k].org == o) {
				pr = &c->res->v[L->refs[k].result];
				shown(c, L->refs[k].result, &v, &lo, &hi);
			}
		if (c->nshown[o] == 0 && pr == NULL)
			continue;
		oname = qi_org_name(&c->reg->orgs[o], en);
		if (en)
			s = g_strdup_printf("%s (%zu %s)%s", oname,
			    c->nshown[o], c->nshown[o] == 1 ? "hospital" :
			    "hospitals", pr == NULL ? "  overall " EM_DASH : "");
		else
			s = g_strdup_printf("%s（%zu 施設）%s", oname,
			    c->nshown[o], pr == NULL ? "　全体 " EM_DASH : "");
		qi_frame_legend(F, c->cr, &x, QI_KEY_ORG, o, s);
		g_free(s);
		if (pr == NULL)
			continue;
		qi_fmt_num(v * c->mult, c->dec, rate_s, sizeof(rate_s));
		qi_fmt_count(pr->denominator, n_s, sizeof(n_s));
		if (pr->denominator >= 0)
			pooled = g_strdup_printf(en ? "overall %s%s (n = %s)" :
			    "全体 %s%s（n = %s）", rate_s, unit, n_s);
		else
			pooled = g_strdup_printf(en ? "overall %s%s" :
			    "全体 %s%s", rate_s, unit);
		qi_frame_legend(F, c->cr, &x, QI_KEY_REFLINE, o, pooled);
		g_free(pooled);
	}
	qi_frame_legend_end(F, c->cr, x);
	return QI_OK;
}

/*
 * Columns, left to right: names, plot, values.  The name column is as
 * wide as the widest name, at most cfg.label_max and 40% of the page.
 * On a narrow page the plot keeps MIN_PLOT_W: names are shortened
 * further (to 100 pt), then the value column goes, then names shrink
 * to no less than 60 pt; narrower still is QI_EUSAGE.
 */
static enum qi_err
lay_columns(struct qi_caterpillar_layout *L, struct lctx *c)
{
	const struct qi_style *st = qi_style_get();
	struct qi_frame *F = &L->frame;
	const struct qi_result *r;
	double content_w = F->width - 2 * F->margin, w, x, avail, vw;
	size_t k;

	L->label_x = F->margin;
	w = qi_text_width(c->cr, QI_FONT_HEAD, c->w.head_label);
	for (k = 0; k < L->nrows; k++) {
		if (!row_named(L, k)) {
			g_free(L->rows[k].value);
			L->rows[k].value = NULL;
			continue;
		}
		r = &c->res->v[L->rows[k].result];
		x = qi_text_width(c->cr, QI_FONT_LABEL,
		    qi_hospital_name(&c->reg->hosps[r->hospital], L->lang_en));
		w = fmax(w, x);
	}
	w = fmin(fmin(w, c->cfg.label_max), 0.4 * content_w);
	L->value_w = 0;
	if (c->cfg.values && (!L->dense || L->hl_row != QI_NOLABEL)) {
		L->value_w = qi_text_width(c->cr, QI_FONT_HEAD,
		    c->w.head_value);
		for (k = 0; k < L->nrows; k++)
			if (L->rows[k].value != NULL)
				L->value_w = fmax(L->value_w, qi_text_width(c->cr,
				    QI_FONT_VALUE, L->rows[k].value));
	}

	avail = content_w - st->gap - MIN_PLOT_W;
	vw = L->value_w > 0 ? L->value_w + st->gap : 0;
	if (w + vw <= avail)
		L->label_w = w;
	else if (avail - vw >= fmin(w, 100.0))
		L->label_w = avail - vw;
	else {
		for (k = 0; k < L->nrows; k++) {
			g_free(L->rows[k].value);
			L->rows[k].value = NULL;
		}
		L->value_w = vw = 0;
		L->label_w = fmin(w, avail);
	}
	if (L->label_w < fmin(w, 60.0))
		return QI_EUSAGE;
	F->plot_x = L->label_x + L->label_w + st->gap;
	L->value_x = F->width - F->margin - L->value_w;
	F->plot_w = F->width - F->margin - vw - F->plot_x;

	qi_text_shorten_in_place(c->cr, QI_FONT_HEAD, &c->w.head_label,
	    L->label_w);
	for (k = 0; k < L->nrows; k++) {
		if (!row_named(L, k))
			continue;
		r = &c->res->v[L->rows[k].result];
		L->rows[k].label = qi_text_shorten(c->cr, QI_FONT_LABEL,
		    qi_hospital_name(&c->reg->hosps[r->hospital], L->lang_en),
		    L->label_w);
	}
	return QI_OK;
}

/* The data range of every point, whisker and reference line, display
   units, within [0, multiplier]. */
static void
data_range(const struct qi_caterpillar_layout *L, const struct lctx *c,
    double *lo, double *hi)
{
	double dlo = INFINITY, dhi = -INFINITY, m = c->mult, v, vlo, vhi;
	size_t k;

	for (k = 0; k < L->nrows; k++) {
		shown(c, L->rows[k].result, &v, &vlo, &vhi);
		dlo = fmin(dlo, v * m);
		dhi = fmax(dhi, v * m);
		if (isfinite(vlo))
			dlo = fmin(dlo, vlo * m);
		if (isfinite(vhi))
			dhi = fmax(dhi, vhi * m);
	}
	for (k = 0; k < L->nrefs; k++) {
		shown(c, L->refs[k].result, &v, &vlo, &vhi);
		dlo = fmin(dlo, v * m);
		dhi = fmax(dhi, v * m);
	}
	if (!isfinite(dlo) || !isfinite(dhi)) {
		dlo = 0;
		dhi = m;
	}
	dlo = fmax(0.0, dlo);
	*lo = dlo;
	*hi = fmax(dlo, fmin(m, dhi));
}

/* A one-line text centred on y. */
static size_t
text_mid(struct qi_frame *F, cairo_t *cr, enum qi_font role, const char *s,
    double x, double y, enum qi_align align, struct qi_rgb colour)
{
	return qi_frame_text(F, cr, role, s, x,
	    y - qi_text_height(cr, role, s) / 2, align, colour);
}

/*
 * The distribution form's rank numbers, right-aligned in the name
 * column at their rows: 1 and every multiple of the least of 1, 2, 2.5,
 * 5 x 10^k that gives at most DENSE_RANKS, but none where it would
 * touch the highlighted hospital's name.
 */
static void
lay_ranks(struct qi_caterpillar_layout *L, struct lctx *c)
{
	static const double steps[] = { 1.0, 2.0, 2.5, 5.0 };
	const struct qi_style *st = qi_style_get();
	struct qi_frame *F = &L->frame;
	char s[32];
	double y, th = qi_text_height(c->cr, QI_FONT_TICK, "0123456789");
	size_t i, r, step = 0, pow10;

	for (pow10 = 1; step == 0; pow10 *= 10)
		for (i = 0; i < G_N_ELEMENTS(steps) && step == 0; i++)
			if (steps[i] * (double)pow10 >= 1.0 &&
			    (double)L->nrows / (steps[i] * (double)pow10) <=
			    DENSE_RANKS)
				step = (size_t)(steps[i] * (double)pow10);
	for (r = 1; r <= L->nrows; r = r == 1 && step > 1 ? step : r + step) {
		y = F->plot_y + ((double)r - 0.5) * L->row_h;
		if (L->hl_row != QI_NOLABEL &&
		    fabs(y - L->rows[L->hl_row].y) < th * 1.2)
			continue;
		qi_fmt_count((long)r, s, sizeof(s));
		text_mid(F, c->cr, QI_FONT_TICK, s, L->label_x + L->label_w,
		    y, QI_ALIGN_RIGHT, st->muted);
	}
}

/*
 * Below the legend (see the top of this file): headings and top tick
 * labels, the reference-label band, the rows, the frame's x axis, the
 * footer.  The reference labels need their lines' x before the plot's
 * top is known, so the axis is first chosen on a scratch axis along the
 * same span as the frame's (the same choice), then made by the frame.
 */
static void
lay_page(struct qi_caterpillar_layout *L, struct lctx *c)
{
	const struct qi_style *st = qi_style_get();
	struct qi_frame *F = &L->frame;
	struct qi_catref *ref;
	struct qi_catrow *row;
	struct qi_axis a;
	double dlo, dhi, m = c->mult, rowh = 0, y, v, lo, hi;
	char *foot;
	size_t k, li;
	int nband;

	data_range(L, c, &dlo, &dhi);
	memset(&a, 0, sizeof(a));
	a.p0 = F->plot_x + AXIS_INSET;
	a.p1 = F->plot_x + F->plot_w - AXIS_INSET;
	qi_axis_choose(&a, c->cr, dlo, dhi, 0.0, m);
	for (k = 0; k < L->nrefs; k++) {
		shown(c, L->refs[k].result, &v, &lo, &hi);
		L->refs[k].x = qi_axis_pos(&a, v * m);
	}
	qi_axis_free(&a);

	/* Headings and top tick labels. */
	L->head_y = F->cursor;
	L->tick_h = qi_text_height(c->cr, QI_FONT_TICK, "0123456789");
	F->cursor += fmax(L->tick_h, qi_text_height(c->cr, QI_FONT_HEAD,
	    c->w.head_label)) + 2;

	/*
	 * Reference-label band.  Its rows count up from the plot, so the
	 * labels are placed against a provisional bottom of 0 and moved
	 * down once the band's height is known.
	 */
	for (k = 0; k < L->nrefs; k++)
		rowh = fmax(rowh, L->refs[k].box_h);
	rowh += 1;
	if (L->nrefs > 0) {
		nband = ref_layout(L, rowh, 0.0);
		F->cursor += nband * rowh + 2;
		for (k = 0; k < L->nrefs; k++) {
			L->refs[k].box_y += F->cursor - 2;
			L->refs[k].y_top += F->cursor - 2;
		}
	}

	/* Plot: a row per hospital, or room for a note if none; in the
	   distribution form a fixed height shared by the rows. */
	F->plot_y = F->cursor;
	if (L->dense) {
		F->plot_h = QI_CATERPILLAR_DENSE_H;
		L->row_h = F->plot_h / (double)L->nrows;
	} else
		F->plot_h = (L->nrows > 0 ? (double)L->nrows : 3.0) * L->row_h;
	qi_frame_xaxis(F, c->cr, dlo, dhi, 0.0, m, c->w.axis_title);
	for (k = 0; k < L->nrefs; k++) {
		shown(c, L->refs[k].result, &v, &lo, &hi);
		L->refs[k].x = qi_axis_pos(&F->x, v * m);
	}

	/* Texts: headings, top tick labels, reference labels, rows. */
	qi_frame_text(F, c->cr, QI_FONT_HEAD, c->w.head_label, L->label_x,
	    L->head_y, QI_ALIGN_LEFT, st->ink);
	if (L->value_w > 0)
		qi_frame_text(F, c->cr, QI_FONT_HEAD, c->w.head_value,
		    L->value_x + L->value_w, L->head_y, QI_ALIGN_RIGHT,
		    st->ink);
	for (k = 0; k < F->x.nticks; k++)
		qi_frame_text(F, c->cr, QI_FONT_TICK, F->x.ticks[k].label,
		    F->x.ticks[k].x, L->head_y, QI_ALIGN_CENTER, st->muted);
	for (k = 0; k < L->nrefs; k++) {
		ref = &L->refs[k];
		li = qi_frame_text(F, c->cr, QI_FONT_REF, ref->label,
		    ref->box_x, ref->box_y, QI_ALIGN_LEFT,
		    qi_style_org(ref->org)->colour);
		F->labels[li].patch = 1;	/* over the gridlines */
	}
	for (k = 0; k < L->nrows; k++) {
		row = &L->rows[k];
		shown(c, row->result, &v, &lo, &hi);
		row->y = F->plot_y + ((double)k + 0.5) * L->row_h;
		row->x = qi_axis_pos(&F->x, v * m);
		row->x_lo = isfinite(lo) ? qi_axis_pos(&F->x, lo * m) : row->x;
		row->x_hi = isfinite(hi) ? qi_axis_pos(&F->x, hi * m) : row->x;
		if (row->label != NULL)
			text_mid(F, c->cr, QI_FONT_LABEL, row->label,
			    L->label_x, row->y, QI_ALIGN_LEFT, st->ink);
		if (row->value != NULL)
			text_mid(F, c->cr, QI_FONT_VALUE, row->value,
			    L->value_x + L->value_w, row->y, QI_ALIGN_RIGHT,
			    st->muted);
	}
	if (L->dense)
		lay_ranks(L, c);
	if (L->nrows == 0) {
		y = F->plot_y + F->plot_h / 2;
		L->empty = text_mid(F, c->cr, QI_FONT_NOTE, c->w.empty_note,
		    F->plot_x + F->plot_w / 2, y, QI_ALIGN_CENTER, st->muted);
		F->labels[L->empty].patch = 1;
	}

	foot = make_footer(L, c->def);
	L->footer = F->nlabels;
	qi_frame_end(F, c->cr, foot);
	g_free(foot);
}

enum qi_err
qi_caterpillar_layout(const struct qi_results *res, size_t ind,
    struct qi_period period, const struct qi_chartcfg *cfgp,
    cairo_t *measure, struct qi_caterpillar_layout *L)
{
	struct lctx c;
	cairo_surface_t *scratch = NULL;
	enum qi_err rc = QI_ESYS;
	int descending;

	memset(L, 0, sizeof(*L));
	L->empty = L->subtitle = L->footer = QI_NOLABEL;
	memset(&c, 0, sizeof(c));
	if (cfgp != NULL)
		c.cfg = *cfgp;
	else
		qi_chartcfg_defaults(&c.cfg);
	if (res == NULL || res->defs == NULL || res->reg == NULL ||
	    ind >= res->defs->n || !(c.cfg.width >= MIN_WIDTH) ||
	    !(c.cfg.row_height > 0) || !(c.cfg.label_max > 0))
		return QI_EUSAGE;
	c.res = res;
	c.def = &res->defs->v[ind];
	c.reg = res->reg;
	c.mult = qi_unit_multiplier(c.def->unit);
	c.dec = qi_unit_decimals(c.def->unit);
	c.cr = qi_measure_begin(measure, &scratch);
	if (cairo_status(c.cr) != CAIRO_STATUS_SUCCESS)
		goto out;
	c.nshown = g_new0(size_t, c.reg->norgs + 1);

	L->ind = ind;
	L->period = period;
	L->lang_en = qi_chart_lang_en(&c.cfg);
	/* Rows as tall as a name, at least cfg.row_height, so that the
	   names of neighbouring rows never touch. */
	L->row_h = fmax(c.cfg.row_height,
	    ceil(qi_text_height(c.cr, QI_FONT_LABEL, "国") + 0.5));
	descending = c.def->direction != QI_LOWER_BETTER;

	lay_rows(L, &c, descending);
	lay_highlight(L, &c);
	lay_refs(L, &c);
	make_words(&c.w, L, c.def, descending, c.cr,
	    c.cfg.width - 2 * qi_style_get()->margin);
	if (L->nrows == 0 && L->nsuppressed == 0 && L->nunadjusted > 0) {
		/* published, but no model: no adjusted rate to show */
		g_free(c.w.empty_note);
		c.w.empty_note = g_strdup(L->lang_en ? "No risk-adjusted rate: "
		    "the risk model could not be fitted." : "リスクモデルを当て"
		    "はめられないため、リスク調整率がありません。");
	} else if (L->nrows == 0 && L->nsuppressed == 0) {
		/* no hospital has a result here: no data, not withheld */
		g_free(c.w.empty_note);
		c.w.empty_note = g_strdup(L->lang_en ? "No data." :
		    "データがありません。");
	}
	if ((rc = lay_head(L, &c)) != QI_OK ||
	    (rc = lay_columns(L, &c)) != QI_OK)
		goto out;
	lay_page(L, &c);
out:
	g_free(c.nshown);
	words_free(&c.w);
	qi_measure_end(c.cr, scratch);
	if (rc != QI_OK) {
		qi_caterpillar_layout_free(L);
		L->empty = L->subtitle = L->footer = QI_NOLABEL;
	}
	return rc;
}

/* ---------------------------------------------------------------- draw */

/* qi_caterpillar_layout()'s input as one object. */
struct catin {
	const struct qi_results	*res;
	size_t			 ind;
	struct qi_period	 period;
};

static enum qi_err
caterpillar_layout_any(const void *in, const struct qi_chartcfg *cfg,
    cairo_t *measure, void *L)
{
	const struct catin *c = in;

	return qi_caterpillar_layout(c->res, c->ind, c->period, cfg, measure,
	    L);
}

/* The rows' band, from the label column to the values or the plot. */
static void
band_span(const struct qi_caterpillar_layout *L, double *x0, double *x1)
{
	const struct qi_frame *F = &L->frame;

	*x0 = L->label_x - 4;
	*x1 = L->value_w > 0 ? L->value_x + L->value_w + 4 :
	    F->plot_x + F->plot_w;
}

/* Shade every other row, the second first, under the gridlines. */
static void
caterpillar_bands(cairo_t *cr, const void *layout)
{
	const struct qi_caterpillar_layout *L = layout;
	double band_x0, band_x1;
	size_t i;

	if (L->dense)
		return;		/* rows thinner than a line */
	band_span(L, &band_x0, &band_x1);
	qi_style_set_rgb(cr, qi_style_get()->band);
	for (i = 1; i < L->nrows; i += 2)
		cairo_rectangle(cr, band_x0, L->rows[i].y - L->row_h / 2,
		    band_x1 - band_x0, L->row_h);
	cairo_fill(cr);
}

/* The highlighted hospital's ring around its marker at (x, y). */
static void
highlight_ring(cairo_t *cr, double x, double y)
{
	const struct qi_style *st = qi_style_get();

	qi_style_set_rgb(cr, st->highlight);
	cairo_set_line_width(cr, 1.2);
	cairo_set_dash(cr, NULL, 0, 0);
	cairo_new_path(cr);
	cairo_arc(cr, x, y, st->marker_size * 0.95, 0, 2 * G_PI);
	cairo_stroke(cr);
}

/* Colour c taken the fraction t of the way to the background. */
static struct qi_rgb
pale(struct qi_rgb c, double t)
{
	const struct qi_rgb bg = qi_style_get()->background;

	c.r += (bg.r - c.r) * t;
	c.g += (bg.g - c.g) * t;
	c.b += (bg.b - c.b) * t;
	return c;
}

/*
 * The distribution form's hospitals (see the top of the file): pale
 * interval lines, then dots in full colour; in each, pass 0 the
 * organisations not highlighted (paler if one is), pass 1 the
 * highlighted one, above them; each organisation's as one path (a
 * small SVG: a dot is a line of length 0 with round caps); then the
 * highlighted hospital.
 */
static void
dense_marks(cairo_t *cr, const struct qi_caterpillar_layout *L)
{
	const struct qi_style *st = qi_style_get();
	const struct qi_frame *F = &L->frame;
	const struct qi_catrow *row;
	double t, r;
	size_t i, o, norgs = 0;
	int pass, what;

	for (i = 0; i < L->nrows; i++)
		norgs = L->rows[i].org + 1 > norgs ? L->rows[i].org + 1 : norgs;
	r = fmin(st->marker_size / 2, fmax(1.0, 0.9 * L->row_h));
	for (what = 0; what < 2; what++)
		for (pass = 0; pass < 2; pass++)
			for (o = 0; o < norgs; o++) {
				if ((o == L->hl_org) != pass)
					continue;
				t = L->hl_org != QI_NOLABEL && !pass ?
				    DENSE_PALE_OTHER : 0.0;
				if (what == 0)
					t = DENSE_PALE_LINE + t / 2;
				qi_style_set_rgb(cr,
				    pale(qi_style_org(o)->colour, t));
				cairo_set_line_width(cr, what == 1 ? 2 * r :
				    fmin(st->whisker_width,
				    fmax(0.25, 0.8 * L->row_h)));
				cairo_set_line_cap(cr, what == 1 ?
				    CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
				cairo_new_path(cr);
				for (i = 0; i < L->nrows; i++) {
					row = &L->rows[i];
					if (row->org != o)
						continue;
					if (what == 0 && row->x_hi > row->x_lo) {
						cairo_move_to(cr, row->x_lo,
						    row->y);
						cairo_line_to(cr, row->x_hi,
						    row->y);
					} else if (what == 1) {
						cairo_move_to(cr, row->x, row->y);
						cairo_line_to(cr, row->x, row->y);
					}
				}
				cairo_stroke(cr);
			}
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	if (L->hl_row != QI_NOLABEL) {
		row = &L->rows[L->hl_row];
		qi_style_set_rgb(cr, st->ink);
		cairo_set_line_width(cr, 0.5);
		qi_style_line(cr, L->label_x + L->label_w + 2, row->y,
		    F->plot_x + F->plot_w, row->y);
		qi_style_set_rgb(cr, qi_style_org(row->org)->colour);
		cairo_set_line_width(cr, st->whisker_width * 1.5);
		if (row->x_hi > row->x_lo)
			qi_style_line(cr, row->x_lo, row->y, row->x_hi, row->y);
		qi_style_marker(cr, row->org, row->x, row->y);
		highlight_ring(cr, row->x, row->y);
	}
	for (i = 0; i < L->nrows; i++)
		qi_chart_tip(cr, F->plot_x, L->rows[i].y - L->row_h / 2,
		    F->plot_w, L->row_h, L->rows[i].tip);
}

static void
caterpillar_marks(cairo_t *cr, const void *layout)
{
	const struct qi_caterpillar_layout *L = layout;
	const struct qi_style *st = qi_style_get();
	const struct qi_catrow *row;
	double band_x0, band_x1;
	size_t i;

	band_span(L, &band_x0, &band_x1);
	/* Reference lines, under the hospitals' marks. */
	for (i = 0; i < L->nrefs; i++)
		qi_style_org_line(cr, L->refs[i].org, L->refs[i].x,
		    L->refs[i].y_top, L->refs[i].x,
		    L->frame.plot_y + L->frame.plot_h);
	if (L->dense) {
		dense_marks(cr, L);
		return;
	}

	/* Rows: whisker, marker, tip. */
	cairo_set_line_width(cr, st->whisker_width);
	for (i = 0; i < L->nrows; i++) {
		row = &L->rows[i];
		qi_style_set_rgb(cr, qi_style_org(row->org)->colour);
		if (row->x_hi > row->x_lo)
			qi_style_line(cr, row->x_lo, row->y, row->x_hi, row->y);
	}
	for (i = 0; i < L->nrows; i++) {
		row = &L->rows[i];
		qi_style_marker(cr, row->org, row->x, row->y);
		if (i == L->hl_row)
			highlight_ring(cr, row->x, row->y);
		qi_chart_tip(cr, band_x0, row->y - L->row_h / 2,
		    band_x1 - band_x0, L->row_h, row->tip);
	}
}

/* caterpillar_kind and qi_caterpillar_draw() */
CHART_KIND_DRAW(caterpillar, caterpillar_layout_any, "caterpillar chart",
    "an indicator of the results", caterpillar_bands, caterpillar_marks)

/* ------------------------------------------------------------- writing */

enum qi_err
qi_caterpillar_write(const char *path, enum qi_format fmt,
    const struct qi_results *res, size_t ind, struct qi_period period,
    const struct qi_chartcfg *cfg, struct qi_diag *diag)
{
	const struct catin in = { res, ind, period };

	return chart_kind_write(&caterpillar_kind, path, fmt, &in, cfg, diag);
}
