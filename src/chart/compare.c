/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * compare.c -- the organisation comparison: period by period (on
 * the x axis), each organisation's pooled rate as a point with its
 * interval whisker, organisations side by side within a period in their
 * own colours and markers; every value labelled where its label meets no
 * other text and no mark.
 *
 * Page: title, subtitle, legend (one key per organisation), value-axis
 * title, plot, period labels, footer (withheld values, unlabelled ones).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "chart_impl.h"

#define MARK_R		3.5	/* half size of a marker's box, pt */

void
qi_compare_layout_free(struct qi_compare_layout *L)
{
	if (L == NULL)
		return;
	qi_frame_free(&L->frame);
	g_free(L->marks);
	memset(L, 0, sizeof(*L));
}

/* A mark's boxes as obstacles: marker and whisker. */
static size_t
mark_boxes(const struct qi_mark *m, struct qi_box *b)
{
	b[0].x = m->x - MARK_R;
	b[0].y = m->y - MARK_R;
	b[0].w = b[0].h = 2 * MARK_R;
	b[1].x = m->x - 1;
	b[1].y = m->y_hi;
	b[1].w = 2;
	b[1].h = m->y_lo - m->y_hi;
	return 2;
}

enum qi_err
qi_compare_layout(const struct qi_orgseries *s, const struct qi_chartcfg *cfgp,
    cairo_t *measure, struct qi_compare_layout *L)
{
	const struct qi_orgcell *c;
	struct qi_chartcfg cfg;
	struct qi_frame *F = &L->frame;
	cairo_surface_t *scratch = NULL;
	cairo_t *cr;
	struct qi_box *ob, anchor, area;
	struct qi_mark *m;
	double *px, lo, hi, mult, dodge, x;
	size_t p, o, i, nob = 0, nunadj = 0;
	char val[32], *foot, *note;
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
	cr = qi_measure_begin(measure, &scratch);
	mult = qi_unit_multiplier(s->def->unit);
	dec = qi_unit_decimals(s->def->unit);
	if ((rc = qi_orgseries_head(F, cr, s, &cfg, "機構別の比較",
	    "organisations compared", QI_KEY_ORG)) != QI_OK)
		goto out;
	qi_orgseries_range(s, mult, &lo, &hi);
	F->plot_h = fmax(220.0, fmin(420.0, cfg.width * 0.42));
	qi_frame_yaxis(F, cr, lo, hi, 0.0, mult,
	    qi_shown_axis_title(s->def, en), 0);
	px = g_new0(double, s->nperiods);
	qi_frame_periods(F, cr, s->periods, s->nperiods, px);
	L->cat_w = F->plot_w / (double)s->nperiods;
	dodge = fmin(L->cat_w * 0.8 / (double)s->norgs, 44.0);

	/* Marks, then each value's label around its mark. */
	L->marks = g_new0(struct qi_mark, s->nperiods * s->norgs);
	ob = g_new0(struct qi_box, 2 * s->nperiods * s->norgs + 1);
	for (p = 0; p < s->nperiods; p++)
		for (o = 0; o < s->norgs; o++) {
			c = &s->cells[p * s->norgs + o];
			x = px[p] + ((double)o - (double)(s->norgs - 1) / 2) *
			    dodge;
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
			m->x = x;
			m->y = qi_axis_pos(&F->y, c->rate * mult);
			m->y_lo = isfinite(c->lower) ?
			    qi_axis_pos(&F->y, c->lower * mult) : m->y;
			m->y_hi = isfinite(c->upper) ?
			    qi_axis_pos(&F->y, c->upper * mult) : m->y;
			m->label = QI_NOLABEL;
			m->lx = NAN;
			nob += mark_boxes(m, ob + nob);
		}
	area.x = F->plot_x + 1;
	area.y = F->plot_y;
	area.w = F->plot_w - 1;
	area.h = F->plot_h;
	for (i = 0; i < L->nmarks; i++) {
		m = &L->marks[i];
		c = &s->cells[m->period * s->norgs + m->org];
		qi_fmt_num(c->rate * mult, dec, val, sizeof(val));
		/* The anchor is the whisker: right, left, above, below it. */
		anchor.x = m->x - MARK_R;
		anchor.w = 2 * MARK_R;
		anchor.y = m->y_hi;
		anchor.h = m->y_lo - m->y_hi;
		if (anchor.h < 2 * MARK_R) {
			anchor.y = m->y - MARK_R;
			anchor.h = 2 * MARK_R;
		}
		m->label = qi_frame_place(F, cr, QI_FONT_VALUE, val,
		    qi_style_org(m->org)->colour, &anchor, ob, nob, &area, 4,
		    &m->lx, &m->ly);
		if (m->label == QI_NOLABEL)
			L->nunlabelled++;
		/* Only the four places next to the whisker: no leader. */
		m->lx = NAN;
	}

	foot = qi_chart_footer_values(&L->withheld, s->def, en);
	foot = qi_chart_footer_unadjusted(foot, nunadj, en);
	if (L->nunlabelled > 0) {
		note = g_strdup_printf(en ? "%s%s%zu values are not labelled "
		    "where labels would overlap." : "%s%s重なるため %zu 件の"
		    "値はラベルを省略しています。", foot, *foot ? " " : "",
		    L->nunlabelled);
		g_free(foot);
		foot = note;
	}
	if (*foot == '\0') {
		g_free(foot);
		foot = g_strdup(en ? "Every value is published." :
		    "すべての値を公表しています。");
	}
	qi_frame_end(F, cr, foot);
	g_free(foot);
	g_free(px);
	g_free(ob);
out:
	qi_measure_end(cr, scratch);
	if (rc != QI_OK)
		qi_compare_layout_free(L);
	return rc;
}

static void
compare_marks(cairo_t *cr, const void *layout)
{
	const struct qi_compare_layout *L = layout;

	qi_marks_draw(cr, L->marks, L->nmarks);
}

/* compare_kind, qi_compare_draw() and qi_compare_write() */
CHART_KIND(compare, struct qi_orgseries, "organisation comparison chart",
    "a definition, organisations, periods and cells",
    NULL, compare_marks)
