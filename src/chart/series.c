/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * series.c -- what the organisation comparison (compare.c) and the trend
 * (trend.c) share: the series of organisations' pooled rates over
 * periods, its range and heading, and its marks drawn.
 */
#include <math.h>
#include <string.h>

#include <cairo.h>

#include "chart.h"

/* The series' cells that can be drawn. */
int
qi_orgcell_shown(const struct qi_orgcell *c)
{
	return c->status == QI_STATUS_OK && isfinite(c->rate);
}

/* Is s usable: a definition, organisations, periods and cells. */
int
qi_orgseries_valid(const struct qi_orgseries *s)
{
	return s != NULL && s->def != NULL && s->orgs != NULL &&
	    s->norgs > 0 && s->periods != NULL && s->nperiods > 0 &&
	    s->cells != NULL;
}

/* Data range of the published cells, display units; 0 if there is none. */
int
qi_orgseries_range(const struct qi_orgseries *s, double m, double *lo,
    double *hi)
{
	const struct qi_orgcell *c;
	size_t i;

	*lo = INFINITY;
	*hi = -INFINITY;
	for (i = 0; i < s->nperiods * s->norgs; i++) {
		c = &s->cells[i];
		if (!qi_orgcell_shown(c))
			continue;
		*lo = fmin(*lo, c->rate * m);
		*hi = fmax(*hi, c->rate * m);
		if (isfinite(c->lower))
			*lo = fmin(*lo, c->lower * m);
		if (isfinite(c->upper))
			*hi = fmax(*hi, c->upper * m);
	}
	if (!isfinite(*lo)) {
		*lo = 0;
		*hi = m;
		return 0;
	}
	return 1;
}

/* Title, subtitle, legend of a series chart; what is the chart's name. */
enum qi_err
qi_orgseries_head(struct qi_frame *F, cairo_t *cr,
    const struct qi_orgseries *s, const struct qi_chartcfg *cfg,
    const char *what_ja, const char *what_en, enum qi_keykind key)
{
	char *title, *sub, *p0, *p1;
	double x = 0;
	size_t o;
	enum qi_err rc;
	int en = qi_chart_lang_en(cfg);

	p0 = qi_fmt_period(s->periods[0], en);
	p1 = qi_fmt_period(s->periods[s->nperiods - 1], en);
	if (s->nperiods == 1)
		title = g_strdup_printf(en ? "%s: %s, %s" : "%s　%s　%s",
		    qi_text_of(&s->def->title, en), en ? what_en : what_ja, p0);
	else
		title = g_strdup_printf(en ? "%s: %s, %s to %s" :
		    "%s　%s　%s〜%s", qi_text_of(&s->def->title, en),
		    en ? what_en : what_ja, p0, p1);
	g_free(p0);
	g_free(p1);
	memset(F, 0, sizeof(*F));
	if (cfg == NULL || !(cfg->width >= 400)) {
		g_free(title);
		return QI_EUSAGE;
	}
	sub = qi_chart_subtitle(cr, s->def, en, qi_adjusted_words(s->def, en),
	    cfg->width - 2 * qi_style_get()->margin);
	rc = qi_frame_begin(F, cr, cfg, title, sub);
	g_free(title);
	g_free(sub);
	if (rc != QI_OK)
		return rc;
	for (o = 0; o < s->norgs; o++)
		qi_frame_legend(F, cr, &x, key, o,
		    qi_org_name(&s->orgs[o], en));
	qi_frame_legend_end(F, cr, x);
	return QI_OK;
}

/* Whisker and marker of every mark, in its organisation's style. */
void
qi_marks_draw(cairo_t *cr, const struct qi_mark *marks, size_t n)
{
	const struct qi_style *st = qi_style_get();
	size_t i;

	cairo_set_line_width(cr, st->whisker_width);
	for (i = 0; i < n; i++) {
		if (!(marks[i].y_lo > marks[i].y_hi))
			continue;
		qi_style_set_rgb(cr, qi_style_org(marks[i].org)->colour);
		qi_style_line(cr, marks[i].x, marks[i].y_hi, marks[i].x,
		    marks[i].y_lo);
		qi_style_line(cr, marks[i].x - 2.5, marks[i].y_hi,
		    marks[i].x + 2.5, marks[i].y_hi);
		qi_style_line(cr, marks[i].x - 2.5, marks[i].y_lo,
		    marks[i].x + 2.5, marks[i].y_lo);
	}
	for (i = 0; i < n; i++)
		qi_style_marker(cr, marks[i].org, marks[i].x, marks[i].y);
}
