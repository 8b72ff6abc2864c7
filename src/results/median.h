/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * median.h -- the medians and their intervals of the results of kind
 * median, from the tallies' histograms (median.c).
 */
#ifndef QI_MEDIAN_H
#define QI_MEDIAN_H

#include "results.h"

/*
 * Set the rate (the median), lower and upper of every result of kind
 * median in res whose denominator is above 0, from the value rows of t
 * (variant 0): a hospital's of its period (a fiscal year: its quarters),
 * a pool's its hospitals' added.  A result whose histogram does not add
 * up to its stays and sum (counts without value rows) is an error,
 * reported with the indicator, period and hospital or pool; then
 * QI_EINPUT, else QI_OK.
 */
enum qi_err	 qi_median_apply(struct qi_results *res,
		    const struct qi_tallies *t, struct qi_diag *);

#endif
