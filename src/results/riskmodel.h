/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * riskmodel.h -- risk adjustment of results; private to compute.c.
 */
#ifndef QI_RISKMODEL_H
#define QI_RISKMODEL_H

#include "results.h"

/*
 * For every indicator with risk_model covariates (kind proportion) and
 * every period of res, fill expected, ratio, adj_rate and their intervals
 * of each result under the indicator's model: its coefficients file, or
 * fitted once on the pooled covariate patterns of all hospitals in the
 * quarters of its risk_model.reference, or else fitted per period on that
 * period's (t->pat; a fiscal year sums its quarters).  Call before the
 * publication rules; res->models receives every model used or tried.  A
 * model that cannot be fitted (with each of its problems), or patterns
 * that disagree with the counts, is a warning and leaves those columns
 * NaN.
 * Returns QI_OK, or QI_ESYS if memory, GSL or an interval failed.
 */
enum qi_err	 qi_riskmodel_apply(struct qi_results *res,
		    const struct qi_tallies *t, struct qi_diag *);

/* NaN in every risk-adjusted column of r. */
void		 qi_riskmodel_clear(struct qi_result *r);

#endif
