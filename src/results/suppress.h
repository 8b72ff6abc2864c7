/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * suppress.h -- the publication rules: applied by compute.c, checked again
 * by qi publish.
 */
#ifndef QI_SUPPRESS_H
#define QI_SUPPRESS_H

#include "results.h"

/*
 * Apply primary and complementary suppression to results whose status is
 * QI_STATUS_OK or QI_STATUS_EMPTY and whose counts are all present; then
 * clear every withheld count (-1) and rate (NaN).  specs/publication.md.
 */
void	 qi_suppress(struct qi_results *);

/*
 * The withheld results of results read back (qi publish) that the
 * published ones determine, by the equations qi_suppress() protects
 * against: 0 for results qi_suppress() made.
 */
size_t	 qi_suppress_leaks(const struct qi_results *);

#endif
