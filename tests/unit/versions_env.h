/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * versions_env.h -- a cmocka group fixture for trends across a change of
 * definition version: the committed counts sample (sample_env.h)
 * archived as version 1 (dir/archive.csv); every definition then becomes
 * version 2 with effective FY2024, the current run keeps FY2024 only,
 * and the archive joins it as history (as tests/cli/
 * history_joins_trend_across_versions.sh does through the command line).
 */
#ifndef QI_VERSIONS_ENV_H
#define QI_VERSIONS_ENV_H

#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#include "fixture.h"
#include "qi.h"
#include "sample_env.h"

struct versions_env {
	struct sample_env	*e;		/* the sample, one version */
	char			*dir;		/* temporary, owned */
	char			*archive;	/* dir/archive.csv: version 1 */
	struct qi_results	*cur;		/* FY2024 only, version 2 */
	struct qi_history	*hist;		/* FY2023 as version 1 */
	struct qi_analyses	*an;		/* of cur with hist */
	struct qi_diag		*diag;		/* of the join */
};

static int
versions_setup(void **state)
{
	struct versions_env *v = calloc(1, sizeof(*v));
	struct qi_results *r;
	void *es = NULL;
	FILE *fp;
	size_t i, n = 0;
	int ok;

	if (v == NULL || sample_setup(&es) != 0)
		return -1;
	v->e = es;
	r = v->e->res;
	v->dir = fixture_dir();
	v->archive = g_build_filename(v->dir, "archive.csv", NULL);
	ok = (fp = fopen(v->archive, "w")) != NULL &&
	    qi_results_write_csv(r, fp) == QI_OK;
	if (fp != NULL && fclose(fp) != 0)
		ok = 0;
	for (i = 0; i < v->e->defs->n; i++) {
		v->e->defs->v[i].version = 2;
		v->e->defs->v[i].has_effective = 1;
		v->e->defs->v[i].effective = (struct qi_period){ 2024, 0 };
	}
	v->cur = g_new0(struct qi_results, 1);
	v->cur->v = g_new(struct qi_result, r->n + 1);
	for (i = 0; i < r->n; i++)
		if (r->v[i].period.fy >= 2024)
			v->cur->v[n++] = r->v[i];
	v->cur->n = n;
	v->cur->defs = r->defs;
	v->cur->reg = r->reg;
	v->diag = qi_diag_alloc();
	if (!ok || qi_history_load((const char *const *)&v->archive, 1,
	    v->cur, &v->hist, v->diag) != QI_OK ||
	    qi_analyses_compute(v->cur, v->hist, &v->an, v->diag) != QI_OK)
		return -1;
	*state = v;
	return 0;
}

static int
versions_teardown(void **state)
{
	struct versions_env *v = *state;
	void *es = v->e;

	g_free(v->archive);
	fixture_rmdir(v->dir);	/* frees dir */
	qi_analyses_free(v->an);
	qi_history_free(v->hist);
	qi_results_free(v->cur);
	qi_diag_free(v->diag);
	free(v);
	return sample_teardown(&es);
}

#endif /* QI_VERSIONS_ENV_H */
