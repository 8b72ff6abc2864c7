/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_funnelplot.c -- the funnel analysis of the embedded sample against
 * base R (tests/oracle/gen_sample_funnel.R): which hospitals take part
 * (the published ones), the target (both organisations pooled), z-scores,
 * exact limits at 95% and 99.8%, overdispersion on the definition's scale
 * with its test, the widened limits where the test rejects, flags and
 * smoothing, for every indicator and period.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "oracle.h"
#include "qi.h"
#include "sample_env.h"
#include "test_util.h"

#define ORACLE	ORACLE_DIR "sample_funnel.csv"
#define HEADER	"indicator,period,hospital,denominator,rate,target,z," \
		"inner_lower,inner_upper,outer_lower,outer_upper,phi,tau2," \
		"flag,smoothed,reliability,od_model,scale,od_p," \
		"adj_inner_lower,adj_inner_upper,adj_outer_lower," \
		"adj_outer_upper"

/* The oracle row of indicator/period/hospital, or NULL. */
static const struct oracle_row *
oracle_find(GHashTable *index, const char *ind, const char *per,
    const char *hosp)
{
	char *key = g_strdup_printf("%s %s %s", ind, per, hosp);
	const struct oracle_row *r = g_hash_table_lookup(index, key);

	g_free(key);
	return r;
}

static void
test_sample_funnel_matches_r(void **state)
{
	struct sample_env *e = *state;
	struct oracle_table t;
	GHashTable *index;
	struct qi_funnelplot *fp;
	const struct qi_funnel_unit *u;
	const struct oracle_row *r;
	const struct qi_result *res;
	double maxrel = 0;
	char pbuf[16];
	size_t i, j, seen = 0;
	struct qi_period done[64];
	size_t ndone;

	oracle_read(ORACLE, HEADER, &t);
	index = oracle_index(&t, 3);
	for (i = 0; i < e->defs->n; i++) {
		ndone = 0;
		for (j = 0; j < e->res->n; j++) {
			struct qi_period p = e->res->v[j].period;
			size_t k;

			if (e->res->v[j].indicator != i)
				continue;
			for (k = 0; k < ndone; k++)
				if (qi_period_cmp(done[k], p) == 0)
					break;
			if (k < ndone)
				continue;
			assert_true(ndone < 64);
			done[ndone++] = p;
			assert_int_equal(qi_funnelplot_compute(e->res, i, p,
			    NULL, &fp, NULL), QI_OK);
			qi_period_format(p, pbuf, sizeof(pbuf));
			for (k = 0; k < fp->n; k++) {
				u = &fp->v[k];
				res = &e->res->v[u->result];
				r = oracle_find(index, e->defs->v[i].id, pbuf,
				    e->reg->hosps[res->hospital].id);
				if (r == NULL)
					fail_msg("%s %s %s: not in the oracle",
					    e->defs->v[i].id, pbuf,
					    e->reg->hosps[res->hospital].id);
				seen++;
				oracle_check(&t, r, 3, u->n, ORACLE_REL(0),
				    &maxrel);
				oracle_check(&t, r, 4, u->rate,
				    ORACLE_REL(1e-9), &maxrel);
				oracle_check(&t, r, 5, fp->target,
				    ORACLE_REL(1e-9), &maxrel);
				oracle_check(&t, r, 6, u->z, ORACLE_REL(1e-9),
				    &maxrel);
				oracle_check(&t, r, 7, u->inner_lo,
				    ORACLE_REL(1e-9), &maxrel);
				oracle_check(&t, r, 8, u->inner_hi,
				    ORACLE_REL(1e-9), &maxrel);
				oracle_check(&t, r, 9, u->outer_lo,
				    ORACLE_REL(1e-9), &maxrel);
				oracle_check(&t, r, 10, u->outer_hi,
				    ORACLE_REL(1e-9), &maxrel);
				oracle_check(&t, r, 11, fp->od.phi,
				    ORACLE_REL(1e-9), &maxrel);
				oracle_check(&t, r, 12, fp->od.tau2,
				    ORACLE_REL(1e-9), &maxrel);
				assert_string_equal(qi_name_of(
				    qi_funnel_flag_names, (int)u->flag),
				    r->cell[13]);
				oracle_check(&t, r, 14, u->smoothed,
				    ORACLE_REL(1e-9), &maxrel);
				oracle_check(&t, r, 15, u->reliability,
				    ORACLE_REL(1e-9), &maxrel);
				assert_string_equal(qi_name_of(
				    qi_od_model_names, (int)fp->od_model),
				    r->cell[16]);
				assert_string_equal(qi_name_of(
				    qi_funnel_scale_names,
				    (int)fp->widen.scale), r->cell[17]);
				oracle_check(&t, r, 18, fp->od.p,
				    ORACLE_REL(1e-9), &maxrel);
				oracle_check(&t, r, 19, u->adj_inner_lo,
				    ORACLE_REL(1e-9), &maxrel);
				oracle_check(&t, r, 20, u->adj_inner_hi,
				    ORACLE_REL(1e-9), &maxrel);
				oracle_check(&t, r, 21, u->adj_outer_lo,
				    ORACLE_REL(1e-9), &maxrel);
				oracle_check(&t, r, 22, u->adj_outer_hi,
				    ORACLE_REL(1e-9), &maxrel);
			}
			qi_funnelplot_free(fp);
		}
	}
	/* Every oracle row was produced, and no other. */
	assert_int_equal(seen, t.nrows);
	print_message("sample funnel: %zu rows, max relative error %.2g\n",
	    seen, maxrel);
	g_hash_table_destroy(index);
	oracle_free(&t);
}

/* Overdispersion widens the limits and changes the flags' basis. */
static void
test_additive_overdispersion_widens_limits(void **state)
{
	struct sample_env *e = *state;
	struct qi_funnelcfg cfg;
	struct qi_funnelplot *plain, *adj;
	struct qi_period p = { 2024, 0 };
	long ind = qi_defset_find(e->defs, "readmission_6w");
	size_t k, nout_plain = 0, nout_adj = 0;

	assert_true(ind >= 0);
	qi_funnelcfg_defaults(&cfg);
	assert_int_equal(qi_funnelplot_compute(e->res, (size_t)ind, p, &cfg,
	    &plain, NULL), QI_OK);
	cfg.od = QI_OD_ADDITIVE;
	assert_int_equal(qi_funnelplot_compute(e->res, (size_t)ind, p, &cfg,
	    &adj, NULL), QI_OK);
	assert_true(adj->od.phi > 1);
	assert_int_equal(adj->od_model, QI_OD_ADDITIVE);
	assert_int_equal(plain->n, adj->n);
	for (k = 0; k < adj->n; k++) {
		assert_true(adj->v[k].adj_outer_lo <= adj->v[k].outer_lo + 1e-12 ||
		    adj->v[k].adj_outer_lo == 0);
		assert_true(adj->v[k].adj_outer_hi >= adj->v[k].outer_hi - 1e-3);
		assert_true(isnan(plain->v[k].adj_outer_lo));
		nout_plain += plain->v[k].flag == QI_FUNNEL_ABOVE_OUTER ||
		    plain->v[k].flag == QI_FUNNEL_BELOW_OUTER;
		nout_adj += adj->v[k].flag == QI_FUNNEL_ABOVE_OUTER ||
		    adj->v[k].flag == QI_FUNNEL_BELOW_OUTER;
	}
	assert_true(nout_adj < nout_plain);
	qi_funnelplot_free(plain);
	qi_funnelplot_free(adj);
}

/* A fixed target replaces the pooled rate; a bad one is refused. */
static void
test_fixed_target(void **state)
{
	struct sample_env *e = *state;
	struct qi_funnelcfg cfg;
	struct qi_funnelplot *fp;
	struct qi_diag *d = qi_diag_alloc();
	struct qi_period p = { 2024, 0 };

	qi_funnelcfg_defaults(&cfg);
	cfg.target = 0.5;
	assert_int_equal(qi_funnelplot_compute(e->res, 0, p, &cfg, &fp, d),
	    QI_OK);
	assert_true(fp->target == 0.5);
	qi_funnelplot_free(fp);
	cfg.target = 1.5;
	assert_int_equal(qi_funnelplot_compute(e->res, 0, p, &cfg, &fp, d),
	    QI_EINPUT);
	assert_null(fp);
	assert_int_equal(qi_diag_count(d, QI_ERROR), 1);
	qi_diag_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_funnel_matches_r),
		cmocka_unit_test(test_additive_overdispersion_widens_limits),
		cmocka_unit_test(test_fixed_target),
	};

	return cmocka_run_group_tests(tests, sample_setup, sample_teardown);
}
