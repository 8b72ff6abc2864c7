/*
 * suppress.h -- the publication rules; private to compute.c.
 */
#ifndef QI_SUPPRESS_H
#define QI_SUPPRESS_H

#include "qi.h"

/*
 * Apply primary and complementary suppression to results whose status is
 * QI_STATUS_OK or QI_STATUS_EMPTY and whose counts are all present; then
 * clear every withheld count (-1) and rate (NaN).  specs/publication.md.
 */
void	 qi_suppress(struct qi_results *);

#endif
