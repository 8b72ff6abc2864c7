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
 * Page, top to bottom (all lengths in points):
 *
 *   title                      indicator and period, wrapped if long
 *   subtitle                   unit, direction, interval, reference lines
 *   legend                     per organisation: marker, name and number
 *                              of hospitals shown, line sample, pooled rate
 *   headings and tick labels   name column | axis ticks | value column
 *   reference-label band       labels of the pooled-rate lines, beside
 *                              their lines or stacked in rows, so that no
 *                              label overlaps another or crosses a line
 *   plot                       one row per hospital, every other shaded
 *   tick labels, axis title
 *   footer                     hospitals withheld by the publication rule
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "chart.h"

#define EN_DASH		"\xe2\x80\x93"	/* U+2013, in intervals */
#define EM_DASH		"\xe2\x80\x94"	/* U+2014, "no value" */

/* Inset of the data range from the plot's left and right edges, pt. */
#define DATA_INSET	10.0
/* Least space between two reference labels in one row, pt. */
#define REF_PAD		6.0
/* Space between a reference line and its label, pt. */
#define REF_GAP		3.0
/* Narrowest plot area, pt. */
#define MIN_PLOT_W	150.0
/* Narrowest page, pt. */
#define MIN_WIDTH	400.0

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

/* ---------------------------------------------------------------- axis */

/* Display value v to x, pt. */
static double
axis_x(const struct qi_caterpillar_layout *L, double v)
{
	if (L->xmax <= L->xmin)
		return (L->data_x0 + L->data_x1) / 2;
	return L->data_x0 + (v - L->xmin) / (L->xmax - L->xmin) *
	    (L->data_x1 - L->data_x0);
}

/*
 * Choose the axis range and ticks for data in [dlo, dhi] (display units,
 * within [0, cap]) along the data range of the plot (qi_axis_choose()).
 * Returns 0, or -1 if memory fails.
 */
static int
axis_ticks(struct qi_caterpillar_layout *L, cairo_t *cr, double dlo,
    double dhi, double cap)
{
	struct qi_axis a;

	memset(&a, 0, sizeof(a));
	a.p0 = L->data_x0;
	a.p1 = L->data_x1;
	if (qi_axis_choose(&a, cr, dlo, dhi, 0.0, cap) != 0)
		return -1;
	L->xmin = a.lo;
	L->xmax = a.hi;
	L->ticks = a.ticks;
	L->nticks = a.nticks;
	L->decimals = a.decimals;
	return 0;
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
 * Returns -1 if memory fails.
 */
static int
ref_layout(struct qi_caterpillar_layout *L, double rowh, double band_bottom)
{
	struct refsearch s;
	double *x = NULL, *w = NULL;
	struct refplace *cur = NULL, *best = NULL;
	size_t i;
	int nrows = 0, rc = -1;

	if (L->nrefs == 0)
		return 0;
	x = calloc(L->nrefs, sizeof(*x));
	w = calloc(L->nrefs, sizeof(*w));
	cur = calloc(L->nrefs, sizeof(*cur));
	best = calloc(L->nrefs, sizeof(*best));
	if (x == NULL || w == NULL || cur == NULL || best == NULL)
		goto out;
	for (i = 0; i < L->nrefs; i++) {
		x[i] = L->refs[i].x;
		w[i] = L->refs[i].box_w;
	}
	s.x = x;
	s.w = w;
	s.n = L->nrefs;
	/* The band is empty beside the plot too: labels may use the page. */
	s.left = L->margin;
	s.right = L->width - L->margin;
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
	rc = nrows;
out:
	free(x);
	free(w);
	free(cur);
	free(best);
	return rc;
}

/* -------------------------------------------------------------- layout */

void
qi_caterpillar_layout_free(struct qi_caterpillar_layout *L)
{
	size_t i;

	if (L == NULL)
		return;
	for (i = 0; i < L->nrows; i++) {
		free(L->rows[i].label);
		g_free(L->rows[i].value);
		g_free(L->rows[i].tip);
	}
	free(L->rows);
	for (i = 0; i < L->nrefs; i++)
		g_free(L->refs[i].label);
	free(L->refs);
	for (i = 0; i < L->nlegend; i++) {
		g_free(L->legend[i].name);
		g_free(L->legend[i].pooled);
	}
	free(L->legend);
	free(L->ticks);
	g_free(L->title);
	g_free(L->subtitle);
	g_free(L->head_label);
	g_free(L->head_value);
	g_free(L->axis_title);
	g_free(L->empty_note);
	g_free(L->footer);
	memset(L, 0, sizeof(*L));
}

/* Words of the chart in Japanese or English; maxw is the page's text width. */
static void
make_words(struct qi_caterpillar_layout *L, const struct qi_indicator *def,
    int descending, cairo_t *cr, double maxw)
{
	const char *unit, *dir, *method, *sep;
	char level[32], *period, *item[4];
	int en = L->lang_en;
	size_t i;

	qi_fmt_level(def->level, level, sizeof(level));
	method = qi_method_words(def, en);
	period = qi_fmt_period(L->period, en);

	if (en) {
		L->title = g_strdup_printf("%s, %s",
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
		item[3] = g_strdup("vertical lines: organisation overall rate");
		sep = "  \xc2\xb7  ";
		L->head_label = g_strdup(descending ?
		    "Hospital (highest rate first)" :
		    "Hospital (lowest rate first)");
		L->head_value = g_strdup_printf("Rate (%s%% CI)", level);
		L->axis_title = g_strdup(def->unit == QI_UNIT_PERCENT ?
		    "Rate (%)" : def->unit == QI_UNIT_PER_MILLE ?
		    "Rate (\xe2\x80\xb0)" : "Proportion");
		L->empty_note = g_strdup("No hospital meets the publication "
		    "rule.");
	} else {
		L->title = g_strdup_printf("%s\xe3\x80\x80%s",
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
		item[3] = g_strdup("縦線: 機構全体の率");
		sep = "\xe3\x80\x80\xe3\x80\x80";
		L->head_label = g_strdup(descending ?
		    "施設（率の高い順）" : "施設（率の低い順）");
		L->head_value = g_strdup_printf("率（%s%% 信頼区間）", level);
		L->axis_title = g_strdup(def->unit == QI_UNIT_PERCENT ?
		    "率（%）" : def->unit == QI_UNIT_PER_MILLE ?
		    "率（\xe2\x80\xb0）" : "割合");
		L->empty_note = g_strdup("公表基準を満たす施設がありません。");
	}
	g_free(period);
	L->subtitle = qi_text_join_fitting(cr, QI_FONT_SUBTITLE, item, 4, sep, maxw);
	for (i = 0; i < 4; i++)
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
	return qi_chart_footer(&w, def, L->lang_en);
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
};

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
	    qi_unit_axis_title(c->def->unit, en), rate, ci);
	g_free(ci);
	return tip;
}

/*
 * Rows: the hospitals' published results for the indicator and period,
 * best first, ties by hospital id; the others are counted by status.
 */
static enum qi_err
lay_rows(struct qi_caterpillar_layout *L, struct lctx *c, int descending)
{
	const struct qi_result *r;
	struct rowkey *keys;
	size_t i, k, n = 0;
	char lo_s[32], hi_s[32], rate_s[32];
	enum qi_err rc = QI_ESYS;

	if ((keys = calloc(c->res->n + 1, sizeof(*keys))) == NULL)
		return QI_ESYS;
	for (i = 0; i < c->res->n; i++) {
		r = &c->res->v[i];
		if (r->scope != QI_SCOPE_HOSPITAL || r->indicator != L->ind ||
		    !same_period(r->period, L->period))
			continue;
		if (r->hospital < 0 || (size_t)r->hospital >= c->reg->nhosps ||
		    c->reg->hosps[r->hospital].org >= c->reg->norgs)
			continue;
		if (r->status != QI_STATUS_OK || !isfinite(r->rate)) {
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
		keys[n].rate = r->rate;
		keys[n].id = c->reg->hosps[r->hospital].id != NULL ?
		    c->reg->hosps[r->hospital].id : "";
		keys[n].result = i;
		n++;
	}
	qsort(keys, n, sizeof(*keys),
	    descending ? rowkey_cmp_desc : rowkey_cmp_asc);
	if (n > 0 && (L->rows = calloc(n, sizeof(*L->rows))) == NULL)
		goto out;
	L->nrows = n;
	for (k = 0; k < n; k++) {
		r = &c->res->v[keys[k].result];
		L->rows[k].result = keys[k].result;
		L->rows[k].org = c->reg->hosps[r->hospital].org;
		c->nshown[L->rows[k].org]++;
		qi_fmt_num(r->rate * c->mult, c->dec, rate_s, sizeof(rate_s));
		if (isfinite(r->lower) && isfinite(r->upper)) {
			qi_fmt_num(r->lower * c->mult, c->dec, lo_s, sizeof(lo_s));
			qi_fmt_num(r->upper * c->mult, c->dec, hi_s, sizeof(hi_s));
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
	rc = QI_OK;
out:
	free(keys);
	return rc;
}

/* Reference lines: each organisation's published pooled rate. */
static enum qi_err
lay_refs(struct qi_caterpillar_layout *L, struct lctx *c)
{
	const struct qi_result *r;
	struct qi_catref *ref;
	PangoLayout *pl;
	char rate_s[32];
	size_t i, k;

	if ((L->refs = calloc(c->reg->norgs + 1, sizeof(*L->refs))) == NULL)
		return QI_ESYS;
	for (i = 0; i < c->res->n; i++) {
		r = &c->res->v[i];
		if (r->scope != QI_SCOPE_ORG || r->indicator != L->ind ||
		    !same_period(r->period, L->period) || r->org < 0 ||
		    (size_t)r->org >= c->reg->norgs ||
		    r->status != QI_STATUS_OK || !isfinite(r->rate))
			continue;
		for (k = 0; k < L->nrefs; k++)
			if (L->refs[k].org == (size_t)r->org)
				break;
		if (k < L->nrefs)
			continue;	/* one line per organisation */
		ref = &L->refs[L->nrefs++];
		ref->result = i;
		ref->org = (size_t)r->org;
		qi_fmt_num(r->rate * c->mult, c->dec, rate_s, sizeof(rate_s));
		ref->label = g_strdup_printf("%s %s%s",
		    qi_org_short(&c->reg->orgs[r->org], L->lang_en), rate_s,
		    qi_unit_symbol(c->def->unit));
		if ((pl = qi_text_layout(c->cr, QI_FONT_REF, ref->label,
		    0)) == NULL)
			return QI_ESYS;
		qi_text_size(pl, &ref->box_w, &ref->box_h);
		g_object_unref(pl);
	}
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
	const struct qi_result *r;
	double content_w = L->width - 2 * L->margin, w, x, avail, vw;
	size_t k;

	L->label_x = L->margin;
	w = qi_text_width(c->cr, QI_FONT_HEAD, L->head_label);
	for (k = 0; k < L->nrows; k++) {
		r = &c->res->v[L->rows[k].result];
		x = qi_text_width(c->cr, QI_FONT_LABEL,
		    qi_hospital_name(&c->reg->hosps[r->hospital], L->lang_en));
		w = fmax(w, x);
	}
	w = fmin(fmin(w, c->cfg.label_max), 0.4 * content_w);
	L->value_w = 0;
	if (c->cfg.values) {
		L->value_w = qi_text_width(c->cr, QI_FONT_HEAD, L->head_value);
		for (k = 0; k < L->nrows; k++)
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
	L->plot_x = L->label_x + L->label_w + st->gap;
	L->value_x = L->width - L->margin - L->value_w;
	L->plot_w = L->width - L->margin - vw - L->plot_x;
	L->data_x0 = L->plot_x + DATA_INSET;
	L->data_x1 = L->plot_x + L->plot_w - DATA_INSET;

	if (qi_text_shorten_in_place(c->cr, QI_FONT_HEAD, &L->head_label,
	    L->label_w) != QI_OK)
		return QI_ESYS;
	for (k = 0; k < L->nrows; k++) {
		r = &c->res->v[L->rows[k].result];
		L->rows[k].label = qi_text_shorten(c->cr, QI_FONT_LABEL,
		    qi_hospital_name(&c->reg->hosps[r->hospital], L->lang_en),
		    L->label_w);
		if (L->rows[k].label == NULL)
			return QI_ESYS;
	}
	return QI_OK;
}

/*
 * The x axis: every point, whisker and reference line, widened to whole
 * tick steps within [0, multiplier]; then the x of each mark.
 */
static enum qi_err
lay_axis(struct qi_caterpillar_layout *L, struct lctx *c)
{
	const struct qi_result *r;
	double dlo = INFINITY, dhi = -INFINITY, m = c->mult;
	size_t k;

	for (k = 0; k < L->nrows; k++) {
		r = &c->res->v[L->rows[k].result];
		dlo = fmin(dlo, r->rate * m);
		dhi = fmax(dhi, r->rate * m);
		if (isfinite(r->lower))
			dlo = fmin(dlo, r->lower * m);
		if (isfinite(r->upper))
			dhi = fmax(dhi, r->upper * m);
	}
	for (k = 0; k < L->nrefs; k++) {
		r = &c->res->v[L->refs[k].result];
		dlo = fmin(dlo, r->rate * m);
		dhi = fmax(dhi, r->rate * m);
	}
	if (!isfinite(dlo) || !isfinite(dhi)) {
		dlo = 0;
		dhi = m;
	}
	dlo = fmax(0.0, dlo);
	dhi = fmax(dlo, fmin(m, dhi));
	if (axis_ticks(L, c->cr, dlo, dhi, m) != 0)
		return QI_ESYS;

	for (k = 0; k < L->nrows; k++) {
		r = &c->res->v[L->rows[k].result];
		L->rows[k].x = axis_x(L, r->rate * m);
		L->rows[k].x_lo = isfinite(r->lower) ?
		    axis_x(L, r->lower * m) : L->rows[k].x;
		L->rows[k].x_hi = isfinite(r->upper) ?
		    axis_x(L, r->upper * m) : L->rows[k].x;
	}
	for (k = 0; k < L->nrefs; k++)
		L->refs[k].x = axis_x(L,
		    c->res->v[L->refs[k].result].rate * m);
	return QI_OK;
}

/*
 * Legend from *y down: per organisation with rows or a pooled rate, a
 * marker on a whisker, its name and number of hospitals shown, a sample
 * of its reference line and its pooled rate and n; entries flow left to
 * right and wrap.  Advances *y past the legend.
 */
static enum qi_err
lay_legend(struct qi_caterpillar_layout *L, struct lctx *c, double *y)
{
	const struct qi_result *pr;
	struct qi_catlegend *e;
	double content_w = L->width - 2 * L->margin, x = L->margin;
	double wn, wp, ew;
	char rate_s[32], n_s[32], *oname, *count;
	const char *unit = qi_unit_symbol(c->def->unit);
	size_t o, k;

	if ((L->legend = calloc(c->reg->norgs + 1,
	    sizeof(*L->legend))) == NULL)
		return QI_ESYS;
	L->legend_h = qi_text_height(c->cr, QI_FONT_LEGEND, "国") + 2;
	for (o = 0; o < c->reg->norgs; o++) {
		pr = NULL;
		for (k = 0; k < L->nrefs; k++)
			if (L->refs[k].org == o)
				pr = &c->res->v[L->refs[k].result];
		if (c->nshown[o] == 0 && pr == NULL)
			continue;
		e = &L->legend[L->nlegend++];
		e->org = o;
		e->ref = pr != NULL;
		oname = g_strdup(qi_org_name(&c->reg->orgs[o], L->lang_en));
		if (L->lang_en)
			count = g_strdup_printf(" (%zu %s)", c->nshown[o],
			    c->nshown[o] == 1 ? "hospital" : "hospitals");
		else
			count = g_strdup_printf("（%zu 施設）", c->nshown[o]);
		if (pr == NULL)
			e->pooled = g_strdup(L->lang_en ?
			    "overall " EM_DASH : "全体 " EM_DASH);
		else {
			qi_fmt_num(pr->rate * c->mult, c->dec, rate_s,
			    sizeof(rate_s));
			qi_fmt_count(pr->denominator, n_s, sizeof(n_s));
			if (pr->denominator >= 0)
				e->pooled = g_strdup_printf(L->lang_en ?
				    "overall %s%s (n = %s)" :
				    "全体 %s%s（n = %s）", rate_s, unit, n_s);
			else
				e->pooled = g_strdup_printf(L->lang_en ?
				    "overall %s%s" : "全体 %s%s", rate_s, unit);
		}
		wp = qi_text_width(c->cr, QI_FONT_LEGEND, e->pooled);
		wn = qi_text_width(c->cr, QI_FONT_LEGEND, oname) +
		    qi_text_width(c->cr, QI_FONT_LEGEND, count);
		/* whisker sample 16, gap 6, name, gap 12, line, gap 5, pooled */
		ew = 16 + 6 + wn + 12 + 5 + wp;
		if (ew > content_w && qi_text_shorten_in_place(c->cr, QI_FONT_LEGEND,
		    &oname, fmax(0.0, qi_text_width(c->cr, QI_FONT_LEGEND,
		    oname) - (ew - content_w))) != QI_OK) {
			/* Only on narrow pages: the name, not the count. */
			g_free(oname);
			g_free(count);
			return QI_ESYS;
		}
		e->name = g_strconcat(oname, count, NULL);
		g_free(oname);
		g_free(count);
		wn = qi_text_width(c->cr, QI_FONT_LEGEND, e->name);
		ew = 16 + 6 + wn + 12 + 5 + wp;
		if (x > L->margin && x + ew > L->width - L->margin) {
			x = L->margin;
			*y += L->legend_h;
		}
		e->x_marker = x + 8;
		e->x_name = x + 16 + 6;
		e->x_line = e->x_name + wn + 12;
		e->x_pooled = e->x_line + 5;
		e->y = *y + L->legend_h / 2;
		x += ew + 28;
	}
	if (L->nlegend > 0)
		*y += L->legend_h;
	return QI_OK;
}

/* The page from top to bottom (see the top of this file). */
static enum qi_err
lay_page(struct qi_caterpillar_layout *L, struct lctx *c)
{
	double content_w = L->width - 2 * L->margin, y, rowh = 0;
	size_t k;
	int nband;

	y = L->margin;
	L->title_y = y;
	if ((L->title_h = qi_text_wrapped_height(c->cr, QI_FONT_TITLE, L->title,
	    content_w)) < 0)
		return QI_ESYS;
	y += L->title_h + 1;
	L->subtitle_y = y;
	if ((L->subtitle_h = qi_text_wrapped_height(c->cr, QI_FONT_SUBTITLE,
	    L->subtitle, content_w)) < 0)
		return QI_ESYS;
	y += L->subtitle_h + 10;

	if (lay_legend(L, c, &y) != QI_OK)
		return QI_ESYS;
	y += 12;

	/* Headings and top tick labels. */
	L->head_y = y;
	L->tick_h = qi_text_height(c->cr, QI_FONT_TICK, "0123456789");
	y += fmax(L->tick_h, qi_text_height(c->cr, QI_FONT_HEAD,
	    L->head_label)) + 2;

	/*
	 * Reference-label band.  Its rows count up from the plot, so the
	 * labels are placed against a provisional bottom of 0 and moved
	 * down once the band's height is known.
	 */
	for (k = 0; k < L->nrefs; k++)
		rowh = fmax(rowh, L->refs[k].box_h);
	rowh += 1;
	if (L->nrefs > 0) {
		if ((nband = ref_layout(L, rowh, 0.0)) < 0)
			return QI_ESYS;
		y += nband * rowh + 2;
		for (k = 0; k < L->nrefs; k++) {
			L->refs[k].box_y += y - 2;
			L->refs[k].y_top += y - 2;
		}
	}

	/* Plot: a row per hospital, or room for a note if none. */
	L->plot_y = y;
	L->plot_h = (L->nrows > 0 ? (double)L->nrows : 3.0) * L->row_h;
	for (k = 0; k < L->nrows; k++)
		L->rows[k].y = L->plot_y + ((double)k + 0.5) * L->row_h;
	y += L->plot_h;

	/* Bottom tick labels, axis title, footer. */
	L->bottom_ticks_y = y + 3;
	y += 3 + L->tick_h;
	L->axis_title_y = y + 1;
	y += 1 + qi_text_height(c->cr, QI_FONT_AXIS, L->axis_title) + 12;
	L->footer_y = y;
	if ((L->footer_h = qi_text_wrapped_height(c->cr, QI_FONT_NOTE, L->footer,
	    content_w)) < 0)
		return QI_ESYS;
	y += L->footer_h;
	L->height = ceil(y + L->margin * 0.8);
	return QI_OK;
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
	if ((c.cr = measure) == NULL) {
		scratch = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
		c.cr = cairo_create(scratch);
		if (cairo_status(c.cr) != CAIRO_STATUS_SUCCESS)
			goto out;
	}
	if ((c.nshown = calloc(c.reg->norgs + 1, sizeof(*c.nshown))) == NULL)
		goto out;

	L->ind = ind;
	L->period = period;
	L->lang_en = c.cfg.lang != NULL && strcmp(c.cfg.lang, "en") == 0;
	L->width = c.cfg.width;
	L->margin = qi_style_get()->margin;
	L->row_h = c.cfg.row_height;
	descending = c.def->direction != QI_LOWER_BETTER;

	if ((rc = lay_rows(L, &c, descending)) != QI_OK ||
	    (rc = lay_refs(L, &c)) != QI_OK)
		goto out;
	make_words(L, c.def, descending, c.cr, L->width - 2 * L->margin);
	if (L->nrows == 0 && L->nsuppressed == 0) {
		/* no hospital has a result here: no data, not withheld */
		g_free(L->empty_note);
		L->empty_note = g_strdup(L->lang_en ? "No data." :
		    "データがありません。");
	}
	L->footer = make_footer(L, c.def);
	if ((rc = lay_columns(L, &c)) != QI_OK ||
	    (rc = lay_axis(L, &c)) != QI_OK ||
	    (rc = lay_page(L, &c)) != QI_OK)
		goto out;
	rc = QI_OK;
out:
	free(c.nshown);
	if (scratch != NULL) {
		cairo_destroy(c.cr);
		cairo_surface_destroy(scratch);
	}
	if (rc != QI_OK)
		qi_caterpillar_layout_free(L);
	return rc;
}

/* ---------------------------------------------------------------- draw */

enum qi_err
qi_caterpillar_draw(cairo_t *cr, const struct qi_caterpillar_layout *L,
    const struct qi_results *res, const struct qi_chartcfg *cfg)
{
	const struct qi_style *st = qi_style_get();
	const struct qi_catrow *row;
	const struct qi_catlegend *e;
	const struct qi_catref *ref;
	double plot_bottom, grid_top, band_x0, band_x1;
	size_t i;

	(void)res;
	(void)cfg;
	cairo_save(cr);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);

	/* Page. */
	qi_style_set_rgb(cr, st->background);
	cairo_rectangle(cr, 0, 0, L->width, L->height);
	cairo_fill(cr);

	/* Title, subtitle. */
	qi_text_put(cr, QI_FONT_TITLE, L->title, L->margin, L->title_y,
	    QI_ALIGN_LEFT, st->ink, L->width - 2 * L->margin);
	qi_text_put(cr, QI_FONT_SUBTITLE, L->subtitle, L->margin,
	    L->subtitle_y, QI_ALIGN_LEFT, st->muted, L->width - 2 * L->margin);

	/* Legend. */
	for (i = 0; i < L->nlegend; i++) {
		e = &L->legend[i];
		qi_style_set_rgb(cr, qi_style_org(e->org)->colour);
		cairo_set_line_width(cr, st->whisker_width);
		qi_style_line(cr, e->x_marker - 8, e->y, e->x_marker + 8,
		    e->y);
		qi_style_marker(cr, e->org, e->x_marker, e->y);
		qi_text_put_mid(cr, QI_FONT_LEGEND, e->name, e->x_name, e->y,
		    QI_ALIGN_LEFT, st->ink);
		if (e->ref)
			qi_style_org_line(cr, e->org, e->x_line,
			    e->y - L->legend_h * 0.42, e->x_line,
			    e->y + L->legend_h * 0.42);
		qi_text_put_mid(cr, QI_FONT_LEGEND, e->pooled, e->x_pooled, e->y,
		    QI_ALIGN_LEFT, st->ink);
	}

	plot_bottom = L->plot_y + L->plot_h;
	grid_top = L->head_y + L->tick_h + 1;
	band_x0 = L->label_x - 4;
	band_x1 = L->value_w > 0 ? L->value_x + L->value_w + 4 :
	    L->plot_x + L->plot_w;

	/* Shade every other row, the second first. */
	qi_style_set_rgb(cr, st->band);
	for (i = 1; i < L->nrows; i += 2)
		cairo_rectangle(cr, band_x0, L->rows[i].y - L->row_h / 2,
		    band_x1 - band_x0, L->row_h);
	cairo_fill(cr);

	/* Gridlines from the top tick labels to the bottom ones. */
	qi_style_set_rgb(cr, st->grid);
	cairo_set_line_width(cr, st->grid_width);
	for (i = 0; i < L->nticks; i++)
		qi_style_line(cr, L->ticks[i].x, grid_top, L->ticks[i].x,
		    plot_bottom + 2);

	/* Plot frame: top and bottom rules. */
	qi_style_set_rgb(cr, st->axis);
	cairo_set_line_width(cr, st->axis_width);
	qi_style_line(cr, L->plot_x, L->plot_y, L->plot_x + L->plot_w,
	    L->plot_y);
	qi_style_line(cr, L->plot_x, plot_bottom, L->plot_x + L->plot_w,
	    plot_bottom);

	/* Headings and tick labels. */
	qi_text_put(cr, QI_FONT_HEAD, L->head_label, L->label_x, L->head_y,
	    QI_ALIGN_LEFT, st->ink, 0);
	if (L->value_w > 0)
		qi_text_put(cr, QI_FONT_HEAD, L->head_value,
		    L->value_x + L->value_w, L->head_y, QI_ALIGN_RIGHT,
		    st->ink, 0);
	for (i = 0; i < L->nticks; i++) {
		qi_text_put(cr, QI_FONT_TICK, L->ticks[i].label, L->ticks[i].x,
		    L->head_y, QI_ALIGN_CENTER, st->muted, 0);
		qi_text_put(cr, QI_FONT_TICK, L->ticks[i].label, L->ticks[i].x,
		    L->bottom_ticks_y, QI_ALIGN_CENTER, st->muted, 0);
	}
	qi_text_put(cr, QI_FONT_AXIS, L->axis_title,
	    (L->data_x0 + L->data_x1) / 2, L->axis_title_y, QI_ALIGN_CENTER,
	    st->muted, 0);

	/* Reference lines, under the hospitals' marks. */
	for (i = 0; i < L->nrefs; i++)
		qi_style_org_line(cr, L->refs[i].org, L->refs[i].x,
		    L->refs[i].y_top, L->refs[i].x, plot_bottom);

	/* Rows: whisker, marker, name, value. */
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
		qi_chart_tip(cr, band_x0, row->y - L->row_h / 2,
		    band_x1 - band_x0, L->row_h, row->tip);
		qi_text_put_mid(cr, QI_FONT_LABEL, row->label, L->label_x,
		    row->y, QI_ALIGN_LEFT, st->ink);
		if (row->value != NULL)
			qi_text_put_mid(cr, QI_FONT_VALUE, row->value,
			    L->value_x + L->value_w, row->y, QI_ALIGN_RIGHT,
			    st->muted);
	}
	if (L->nrows == 0)
		qi_text_put_mid(cr, QI_FONT_NOTE, L->empty_note,
		    L->plot_x + L->plot_w / 2, L->plot_y + L->plot_h / 2,
		    QI_ALIGN_CENTER, st->muted);

	/* Reference labels on a background patch over the gridlines. */
	for (i = 0; i < L->nrefs; i++) {
		ref = &L->refs[i];
		qi_style_set_rgb(cr, st->background);
		cairo_rectangle(cr, ref->box_x - 1, ref->box_y,
		    ref->box_w + 2, ref->box_h);
		cairo_fill(cr);
		qi_text_put(cr, QI_FONT_REF, ref->label, ref->box_x, ref->box_y,
		    QI_ALIGN_LEFT, qi_style_org(ref->org)->colour, 0);
	}

	/* Footer. */
	qi_text_put(cr, QI_FONT_NOTE, L->footer, L->margin, L->footer_y,
	    QI_ALIGN_LEFT, st->muted, L->width - 2 * L->margin);

	cairo_restore(cr);
	return cairo_status(cr) == CAIRO_STATUS_SUCCESS ? QI_OK : QI_ESYS;
}

/* ------------------------------------------------------------- writing */

struct drawctx {
	const struct qi_caterpillar_layout	*layout;
	const struct qi_results			*res;
	const struct qi_chartcfg		*cfg;
};

static enum qi_err
draw_cb(cairo_t *cr, double width_pt, double height_pt, void *arg)
{
	const struct drawctx *d = arg;

	(void)width_pt;
	(void)height_pt;
	return qi_caterpillar_draw(cr, d->layout, d->res, d->cfg);
}

enum qi_err
qi_caterpillar_write(const char *path, enum qi_format fmt,
    const struct qi_results *res, size_t ind, struct qi_period period,
    const struct qi_chartcfg *cfgp, struct qi_diag *diag)
{
	struct qi_caterpillar_layout L;
	struct qi_chartcfg cfg;
	struct drawctx d;
	enum qi_err rc;

	if (cfgp != NULL)
		cfg = *cfgp;
	else
		qi_chartcfg_defaults(&cfg);
	if ((rc = qi_caterpillar_layout(res, ind, period, &cfg, NULL,
	    &L)) != QI_OK) {
		qi_diag_add(diag, QI_ERROR, path, 0, 0,
		    rc == QI_EUSAGE ? "check the indicator and the chart "
		    "width (at least 400 pt)" : NULL,
		    "cannot lay out caterpillar chart");
		return rc;
	}
	d.layout = &L;
	d.res = res;
	d.cfg = &cfg;
	rc = qi_chart_write(path, fmt, L.title, L.width, L.height, cfg.scale,
	    draw_cb, &d, diag);
	qi_caterpillar_layout_free(&L);
	return rc;
}
