/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * progress.h -- a progress line on the terminal for the commands that
 * take more than a moment (qi publish, qi render, qi run's charts).
 *
 * The command makes it (qi_progress_start) and hands it to the stage,
 * which counts its units of work as they finish (qi_progress_add, from
 * any thread); the stage prints nothing itself.  The line goes to
 * standard error, only when that is a terminal and the user did not ask
 * for quiet, and only once the work has taken a second: e.g.
 *
 *   qi: publish: 412/1104 charts (stroke_early_rehab), about 25 s left
 *
 * rewritten in place at most five times a second and erased at the end.
 * Every function accepts NULL (no progress shown).
 */
#ifndef QI_PROGRESS_H
#define QI_PROGRESS_H

#include <stddef.h>

struct qi_progress;

/*
 * A progress line for total units of what (e.g. "publish", "charts"),
 * counted in unit ("charts", "indicators"); both strings are borrowed
 * and must outlive it.  NULL if quiet or if standard error is not a
 * terminal.
 */
struct qi_progress *qi_progress_start(const char *what, const char *unit,
		    size_t total, int quiet);
/* n more units done; label (may be NULL) names the last, e.g. an id. */
void		 qi_progress_add(struct qi_progress *, size_t n,
		    const char *label);
/* Erase the line and free. */
void		 qi_progress_end(struct qi_progress *);

#endif /* QI_PROGRESS_H */
