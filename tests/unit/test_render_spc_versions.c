/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_render_spc_versions.c -- a hospital's SPC chart input as render.c
 * builds it from the trend (qi_render_spc_input()), when the quarters
 * span two definition versions: every quarter's centre line is its own
 * trend point's (its version segment's sum x / sum n), so the chart gets
 * one centre-line piece per version, ending at the rule; a series of one
 * version still gets one piece over every quarter.
 *
 * The data: the committed counts sample (FY2023-FY2024) computed under
 * the golden definitions and archived as version 1; the definitions then
 * become version 2 from FY2024, the current run keeps FY2024 only, and
 * the archive joins as history (as tests/cli/history_joins_trend_across_
 * versions.sh does through the command line).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "qi.h"
#include "fixture.h"
#include "render.h"
#include "versions_env.h"

/* The trend point of hospital h at quarter p, or NULL. */
static const struct qi_trend_point *
point_at(const struct qi_trend *t, struct qi_period p)
{
	size_t k;

	for (k = 0; k < t->n; k++)
		if (qi_period_cmp(t->v[k].period, p) == 0)
			return &t->v[k];
	return NULL;
}

/* Points of version ver in t. */
static size_t
points_of(const struct qi_trend *t, long ver)
{
	size_t k, n = 0;

	for (k = 0; k < t->n; k++)
		n += t->v[k].version == ver;
	return n;
}

/*
 * Every hospital with at least two points in each version: each quarter's
 * centre is its point's cl (NaN without a point), v1's and v2's differ,
 * and the layout draws two pieces at those values meeting at the rule.
 */
static void
test_render_spc_centre_per_version_from_trend_points(void **state)
{
	struct versions_env *v = *state;
	const struct qi_trend_point *pt;
	struct qi_spc_input in;
	struct qi_spc_layout L;
	const struct qi_trend *t;
	size_t h, i, nboth = 0;

	for (h = 0; h < v->cur->reg->nhosps; h++) {
		assert_non_null(t = qi_analyses_trend(v->an, 0,
		    QI_SCOPE_HOSPITAL, -1, (long)h));
		if (points_of(t, 1) < 2 || points_of(t, 2) < 2)
			continue;
		nboth++;
		assert_int_equal(qi_render_spc_input(v->an, 0, h, 0, &in,
		    NULL), QI_OK);
		assert_int_equal(in.n, 8);
		for (i = 0; i < in.n; i++) {
			assert_int_equal(in.versions[i],
			    in.periods[i].fy < 2024 ? 1 : 2);
			if ((pt = point_at(t, in.periods[i])) == NULL) {
				assert_true(isnan(in.centre[i]));
				continue;
			}
			assert_true(in.centre[i] == pt->cl);
			assert_true(in.value[i] == pt->rate);
		}
		assert_int_equal(qi_spc_layout(&in, NULL, NULL, &L), QI_OK);
		assert_int_equal(L.nrules, 1);
		assert_int_equal(L.ncentres, 2);
		assert_int_equal(L.centres[0].version, 1);
		assert_int_equal(L.centres[1].version, 2);
		assert_true(L.centres[0].value != L.centres[1].value);
		for (i = 0; i < 2; i++)
			assert_true(L.centres[i].value ==
			    t->v[i == 0 ? 0 : t->n - 1].cl);
		assert_true(fabs(L.centres[0].x1 - L.rules[0].x) < 1e-9);
		assert_true(fabs(L.centres[1].x0 - L.rules[0].x) < 1e-9);
		qi_spc_layout_free(&L);
		qi_render_spc_input_free(&in);
	}
	assert_true(nboth > 0);
}

/* Without history: one version, one piece over all eight quarters. */
static void
test_render_spc_one_version_one_centre(void **state)
{
	struct versions_env *v = *state;
	const struct qi_results *r = v->e->res;
	struct qi_spc_input in;
	struct qi_spc_layout L;
	struct qi_analyses *an;
	const struct qi_trend *t;
	size_t h, i, n = 0;

	assert_int_equal(qi_analyses_compute(r, NULL, &an, NULL), QI_OK);
	for (h = 0; h < r->reg->nhosps; h++) {
		assert_non_null(t = qi_analyses_trend(an, 0, QI_SCOPE_HOSPITAL,
		    -1, (long)h));
		if (t->n < 2)
			continue;
		n++;
		assert_int_equal(t->nsegments, 1);
		assert_int_equal(qi_render_spc_input(an, 0, h, 1, &in, NULL),
		    QI_OK);
		for (i = 0; i < in.n; i++)
			assert_true(isnan(in.centre[i]) ||
			    in.centre[i] == t->cl);
		assert_int_equal(qi_spc_layout(&in, NULL, NULL, &L), QI_OK);
		assert_int_equal(L.nrules, 0);
		assert_int_equal(L.ncentres, 1);
		assert_int_equal(L.centres[0].first, 0);
		assert_int_equal(L.centres[0].last, in.n - 1);
		assert_true(L.centres[0].value == t->cl);
		assert_true(fabs(L.centres[0].x0 - L.frame.plot_x) < 1e-9);
		assert_true(fabs(L.centres[0].x1 - L.frame.plot_x -
		    L.frame.plot_w) < 1e-9);
		qi_spc_layout_free(&L);
		qi_render_spc_input_free(&in);
	}
	qi_analyses_free(an);
	assert_true(n > 0);
}

int
main(int argc, char *argv[])
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_render_spc_centre_per_version_from_trend_points),
		cmocka_unit_test(test_render_spc_one_version_one_centre),
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, versions_setup,
	    versions_teardown);
}
