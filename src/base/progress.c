/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * progress.c -- the progress line of long commands (progress.h).  The
 * estimate is the time so far per unit done times the units left.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib.h>

#include "progress.h"

#define SHOW_AFTER	1000000	/* µs of work before the line appears */
#define EVERY		200000	/* µs between two updates of the line */

struct qi_progress {
	GMutex		 lock;		/* guards all below */
	const char	*what, *unit;	/* borrowed */
	size_t		 total, done;
	gint64		 start;		/* monotonic µs */
	gint64		 shown;		/* when last written; 0: never */
};

struct qi_progress *
qi_progress_start(const char *what, const char *unit, size_t total,
    int quiet)
{
	struct qi_progress *p;

	if (quiet || total == 0 || !isatty(STDERR_FILENO))
		return NULL;
	p = g_new0(struct qi_progress, 1);
	g_mutex_init(&p->lock);
	p->what = what;
	p->unit = unit;
	p->total = total;
	p->start = g_get_monotonic_time();
	return p;
}

void
qi_progress_add(struct qi_progress *p, size_t n, const char *label)
{
	gint64 now, spent;
	double left;

	if (p == NULL)
		return;
	g_mutex_lock(&p->lock);
	p->done += n;
	now = g_get_monotonic_time();
	spent = now - p->start;
	if (spent >= SHOW_AFTER && now - p->shown >= EVERY &&
	    p->done < p->total) {
		left = (double)spent / 1e6 * (double)(p->total - p->done) /
		    (double)p->done;
		fprintf(stderr, "\rqi: %s: %zu/%zu %s%s%s%s, about %.0f s "
		    "left\033[K", p->what, p->done, p->total, p->unit,
		    label != NULL ? " (" : "", label != NULL ? label : "",
		    label != NULL ? ")" : "", left);
		fflush(stderr);
		p->shown = now;
	}
	g_mutex_unlock(&p->lock);
}

void
qi_progress_end(struct qi_progress *p)
{
	if (p == NULL)
		return;
	if (p->shown != 0) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	g_mutex_clear(&p->lock);
	g_free(p);
}
