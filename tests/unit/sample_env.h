/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sample_env.h -- a cmocka group fixture holding the results of the
 * committed counts sample (tests/golden/sample) under the seven
 * definitions it was made for (tests/golden/indicators), for tests that
 * check analyses of the sample against R.
 */
#ifndef QI_SAMPLE_ENV_H
#define QI_SAMPLE_ENV_H

#include <stdlib.h>

#include "qi.h"

#define SAMPLE_DIR	QI_TEST_DATA "/golden/sample/"

struct sample_env {
	struct qi_defset	*defs;
	struct qi_registry	*reg;
	struct qi_tallies	*tallies;
	struct qi_results	*res;
	struct qi_analyses	*an;	/* of res, no history */
};

static int
sample_setup(void **state)
{
	struct sample_env *e = calloc(1, sizeof(*e));

	if (e == NULL ||
	    qi_defset_load(QI_TEST_DATA "/golden/indicators", &e->defs,
	    NULL) != QI_OK ||
	    qi_registry_load(SAMPLE_DIR "organisations.csv",
	    SAMPLE_DIR "hospitals.csv", NULL, &e->reg, NULL) != QI_OK ||
	    qi_counts_load(SAMPLE_DIR "counts.csv", NULL, e->reg, e->defs,
	    &e->tallies, NULL) != QI_OK ||
	    qi_compute(e->defs, e->reg, e->tallies, &e->res, NULL) != QI_OK ||
	    qi_analyses_compute(e->res, NULL, &e->an, NULL) != QI_OK)
		return -1;
	*state = e;
	return 0;
}

static int
sample_teardown(void **state)
{
	struct sample_env *e = *state;

	qi_analyses_free(e->an);
	qi_results_free(e->res);
	qi_tallies_free(e->tallies);
	qi_registry_free(e->reg);
	qi_defset_free(e->defs);
	free(e);
	return 0;
}

#endif /* QI_SAMPLE_ENV_H */
