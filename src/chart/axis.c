/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * axis.c -- a numeric axis: its range and ticks, chosen so that the
 * tick labels never crowd, and the mapping from values to points.
 *
 * The step is the smallest "nice" one (1, 2, 2.5 or 5 times a power of
 * ten) whose labels keep QI_TICK_GAP pt apart: on a horizontal axis the
 * labels are centred on their ticks and their widths count; on a vertical
 * axis they are centred vertically and their heights count.  A crowded
 * axis therefore thins itself by taking a larger step.
 */
#include <math.h>
#include <string.h>

#include <cairo.h>

#include "chart.h"

/* Least free space between neighbouring tick labels, pt. */
#define QI_TICK_GAP	10.0

double
qi_axis_pos(const struct qi_axis *a, double v)
{
	if (a->hi <= a->lo)
		return (a->p0 + a->p1) / 2;
	return a->p0 + (v - a->lo) / (a->hi - a->lo) * (a->p1 - a->p0);
}

void
qi_axis_free(struct qi_axis *a)
{
	if (a == NULL)
		return;
	g_free(a->ticks);
	a->ticks = NULL;
	a->nticks = 0;
}

/* Fewest decimals that show step exactly (at most 6). */
static int
step_decimals(double step)
{
	double s;
	int d;

	for (d = 0; d < 6; d++) {
		s = step * pow(10.0, d);
		if (fabs(s - round(s)) < 1e-6 * fmax(1.0, s))
			break;
	}
	return d;
}

/* Extent of tick label t along the axis, pt. */
static double
tick_extent(const struct qi_axis *a, const struct qi_cattick *t)
{
	return a->vertical ? a->label_h : t->w;
}

void
qi_axis_choose(struct qi_axis *a, cairo_t *cr, double dlo, double dhi,
    double floor_v, double cap)
{
	static const double mant[] = { 1.0, 2.0, 2.5, 5.0 };
	struct qi_cattick *t = NULL;
	double span, step, lo, hi, base, prev_r, len, ext, win, along;
	double sign = a->p1 >= a->p0 ? 1.0 : -1.0;
	size_t n, i, max_ticks;
	int e, m, ok, dec;

	qi_axis_free(a);
	a->label_h = qi_text_height(cr, QI_FONT_TICK, "0123456789");
	if (!isfinite(dlo) || !isfinite(dhi) || dlo > dhi) {
		/* No finite data (or data only beyond the cap): the limits. */
		dlo = isfinite(floor_v) ? floor_v : 0.0;
		dhi = isfinite(cap) && cap > dlo ? cap : dlo + 1.0;
	}
	span = dhi - dlo;
	if (!(span > 1e-12 * fmax(1.0, isfinite(cap) ? cap : fabs(dhi)))) {
		/* One value: show a small window around it. */
		win = isfinite(cap) ? cap * 0.02 : fmax(fabs(dhi) * 0.02, 1.0);
		span = fmax(fabs(dhi) * 0.2, win);
		dlo = fmax(floor_v, dlo - span / 2);
		dhi = fmin(cap, dlo + span);
		if (!(dhi > dlo)) {	/* at the cap: the window below it */
			dhi = dlo;
			dlo = fmax(floor_v, dhi - span);
		}
		span = dhi - dlo;
		if (!(span > 0.0)) {	/* floor_v == cap: a unit window */
			dlo = floor_v;
			dhi = dlo + 1.0;
			span = 1.0;
		}
	}
	len = fabs(a->p1 - a->p0);
	max_ticks = (size_t)floor(len / (a->vertical ? 28.0 : 40.0)) + 1;
	if (max_ticks > 12)
		max_ticks = 12;
	if (max_ticks < 2)
		max_ticks = 2;

	/* span is finite and > 0 here: e starts at most a few hundred down */
	for (e = (int)fmax(-320.0, floor(log10(span / 12.0))); e < 12; e++) {
		base = pow(10.0, e);
		for (m = 0; m < 4; m++) {
			step = mant[m] * base;
			lo = floor(dlo / step + 1e-9) * step;
			hi = ceil(dhi / step - 1e-9) * step;
			if (hi - lo < step / 2)
				hi = lo + step;
			if (lo < floor_v)
				lo = floor_v;
			if (hi > cap && dhi <= cap && cap - lo >= step / 2)
				hi = cap;
			n = (size_t)floor((hi - lo) / step + 0.5) + 1;
			if (n > max_ticks)
				continue;
			g_free(t);
			t = g_new0(struct qi_cattick, n);
			a->lo = lo;
			a->hi = hi;
			dec = step_decimals(step);
			ok = 1;
			prev_r = -INFINITY;
			for (i = 0; i < n; i++) {
				t[i].value = lo + (double)i * step;
				if (t[i].value > hi)
					t[i].value = hi;
				t[i].x = qi_axis_pos(a, t[i].value);
				qi_fmt_num(t[i].value, dec, t[i].label,
				    sizeof(t[i].label));
				t[i].w = qi_text_width(cr, QI_FONT_TICK,
				    t[i].label);
				ext = tick_extent(a, &t[i]);
				along = sign * t[i].x;
				if (along - ext / 2 < prev_r + QI_TICK_GAP)
					ok = 0;
				prev_r = along + ext / 2;
			}
			if (!ok)
				continue;
			a->ticks = t;
			a->nticks = n;
			a->decimals = dec;
			return;
		}
	}
	/* Not reached for any finite range; fall back to the two ends. */
	g_free(t);
	t = g_new0(struct qi_cattick, 2);
	a->lo = dlo;
	a->hi = dhi;
	for (i = 0; i < 2; i++) {
		t[i].value = i == 0 ? dlo : dhi;
		t[i].x = qi_axis_pos(a, t[i].value);
		qi_fmt_num(t[i].value, 2, t[i].label, sizeof(t[i].label));
		t[i].w = qi_text_width(cr, QI_FONT_TICK, t[i].label);
	}
	a->ticks = t;
	a->nticks = 2;
	a->decimals = 2;
}
