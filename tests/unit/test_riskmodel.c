/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_riskmodel.c -- risk adjustment inside qi_compute(): the model is
 * fitted per period on both organisations' pooled patterns, a fiscal
 * year on its four quarters' sums; withheld results carry no E or ratio;
 * a fit that fails or patterns that disagree with the counts are
 * warnings that leave the crude results alone.  (The numbers themselves
 * are checked against R in tests/cli/risk_adjusted_results.sh.)
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "qi.h"
#include "fixture.h"

static struct qi_org orgs[] = {
	{ "NHO", "国立病院機構", "NHO", "https://a/" },
	{ "JOHAS", "労働者健康安全機構", "JOHAS", "https://b/" },
};
static struct qi_hospital hosps[] = {
	{ "N1", 0, "甲", "Ko", "", 100, "" },
	{ "N2", 0, "乙", "Otsu", "", 100, "" },
	{ "N3", 0, "丁", "Tei", "", 100, "" },
	{ "R1", 1, "丙", "Hei", "", 100, "" },
	{ "R2", 1, "戊", "Bo", "", 100, "" },
};
static struct qi_covariate covs[] = { { .name = "old", .nval = 2, .mult = 1 } };
static struct qi_indicator inds[] = {
	{ .id = "m", .file = "m.yaml", .version = 1,
	  .unit = QI_UNIT_PERCENT, .direction = QI_LOWER_BETTER,
	  .method = QI_CI_EXACT, .level = 0.95, .min_denominator = 20,
	  .kind = QI_KIND_PROPORTION, .covariates = covs,
	  .ncovariates = 1, .ratio_method = QI_RATE_EXACT },
};
static struct qi_registry reg = { orgs, 2, hosps, 5, NULL, NULL };
static const struct qi_defset defs = { .v = inds, .n = 1 };

/* Stays n and deaths y of hospital h in quarter q, young (0) and old (1). */
struct cell {
	size_t	 h;
	int	 q;
	long	 n0, y0, n1, y1;
};

static const struct cell cells[] = {
	{ 0, 1, 40, 2, 30, 6 }, { 1, 1, 25, 1, 35, 9 }, { 2, 1, 4, 0, 6, 2 },
	{ 3, 1, 50, 3, 20, 3 }, { 4, 1, 30, 2, 30, 7 },
	{ 0, 2, 42, 3, 28, 5 }, { 1, 2, 20, 2, 40, 8 }, { 2, 2, 5, 1, 4, 1 },
	{ 3, 2, 45, 2, 25, 6 }, { 4, 2, 33, 1, 27, 5 },
	{ 0, 3, 38, 1, 32, 7 }, { 1, 3, 24, 2, 36, 6 }, { 2, 3, 3, 0, 7, 3 },
	{ 3, 3, 52, 4, 18, 2 }, { 4, 3, 31, 3, 29, 6 },
	{ 0, 4, 41, 2, 29, 6 }, { 1, 4, 26, 1, 34, 9 }, { 2, 4, 5, 1, 5, 1 },
	{ 3, 4, 47, 3, 23, 4 }, { 4, 4, 29, 2, 31, 8 },
};
#define NCELLS	(sizeof(cells) / sizeof(cells[0]))

/* Tallies and patterns of cells; oldvar 0 makes "old" constant. */
static struct qi_tallies *
make(int oldvar)
{
	struct qi_tallies *t = g_new0(struct qi_tallies, 1);
	size_t i;

	t->v = g_new0(struct qi_tally, NCELLS);
	t->pat = g_new0(struct qi_pattern, 2 * NCELLS);
	for (i = 0; i < NCELLS; i++) {
		const struct cell *c = &cells[i];
		struct qi_tally *x = &t->v[t->n++];
		struct qi_pattern *p;

		x->hospital = c->h;
		x->period.fy = 2024;
		x->period.q = c->q;
		x->numerator = c->y0 + c->y1;
		x->denominator = c->n0 + c->n1;
		p = &t->pat[t->npat++];
		p->hospital = c->h;
		p->period = x->period;
		p->pattern = oldvar ? 0 : 1;
		p->n = c->n0;
		p->y = c->y0;
		p = &t->pat[t->npat++];
		p->hospital = c->h;
		p->period = x->period;
		p->pattern = 1;
		p->n = c->n1;
		p->y = c->y1;
	}
	return t;
}

static const struct qi_result *
find(const struct qi_results *r, int q, enum qi_scope s, long org, long h)
{
	struct qi_period p = { 2024, q };

	return qi_results_find(r, 0, p, s, org, h);
}

/* Every quarter and the year are fitted; O/E of both organisations is 1. */
static void
test_riskmodel_each_period_fitted_on_both_organisations(void **state)
{
	struct qi_tallies *t = make(1);
	struct qi_results *r;
	struct qi_diag *d = qi_diag_alloc();
	const struct qi_result *all, *h;
	size_t i;
	int q;

	(void)state;
	assert_int_equal(qi_compute(&defs, &reg, t, &r, d), QI_OK);
	assert_int_equal(qi_diag_count(d, QI_WARNING), 0);
	assert_int_equal(r->nmodels, 5);	/* FY2024 and its 4 quarters */
	for (i = 0; i < r->nmodels; i++) {
		assert_non_null(r->models[i].fit);
		assert_int_equal(r->models[i].fit->p, 2);
	}
	/* the year's model is fitted on all four quarters' stays */
	assert_int_equal(r->models[0].period.q, 0);
	assert_true(r->models[0].fit->stays == 1079.0);
	for (q = 0; q <= 4; q++) {
		all = find(r, q, QI_SCOPE_ALL, -1, -1);
		assert_non_null(all);
		assert_true(fabs(all->ratio - 1.0) < 1e-12);
		assert_true(fabs(all->expected - (double)all->numerator) <
		    1e-9);
		assert_true(all->ratio_lower < 1.0 && all->ratio_upper > 1.0);
		assert_true(fabs(all->adj_rate - all->rate) < 1e-12);
		assert_true(fabs(all->adj_lower - all->ratio_lower *
		    all->rate) < 1e-15);
		/* organisations' E add up to both's */
		assert_true(fabs(find(r, q, QI_SCOPE_ORG, 0, -1)->expected +
		    find(r, q, QI_SCOPE_ORG, 1, -1)->expected -
		    all->expected) < 1e-9);
	}
	/* a published hospital: E between its all-young and all-old bounds */
	h = find(r, 0, QI_SCOPE_HOSPITAL, 1, 3);
	assert_int_equal(h->status, QI_STATUS_OK);
	assert_true(h->expected > 0.0 && isfinite(h->ratio));
	assert_true(fabs(h->ratio - (double)h->numerator / h->expected) <
	    1e-15);
	qi_results_free(r);
	qi_tallies_free(t);
	qi_diag_free(d);
}

/*
 * N3 is too small (withheld) and so, complementarily, is another NHO
 * hospital: neither shows E or a ratio, while its organisation does.
 */
static void
test_riskmodel_withheld_results_carry_no_expected(void **state)
{
	struct qi_tallies *t = make(1);
	struct qi_results *r;
	size_t i, hidden = 0;

	(void)state;
	assert_int_equal(qi_compute(&defs, &reg, t, &r, NULL), QI_OK);
	for (i = 0; i < r->n; i++) {
		const struct qi_result *x = &r->v[i];
		if (x->status == QI_STATUS_OK) {
			assert_true(isfinite(x->expected));
			continue;
		}
		hidden++;
		assert_true(isnan(x->expected) && isnan(x->ratio) &&
		    isnan(x->ratio_lower) && isnan(x->ratio_upper) &&
		    isnan(x->adj_rate) && isnan(x->adj_lower) &&
		    isnan(x->adj_upper));
	}
	assert_true(hidden >= 8);	/* N3 and its complement, 4 quarters */
	assert_int_equal(find(r, 1, QI_SCOPE_HOSPITAL, 0, 2)->status,
	    QI_STATUS_SMALL_DENOMINATOR);
	assert_true(isfinite(find(r, 1, QI_SCOPE_ORG, 0, -1)->expected));
	qi_results_free(r);
	qi_tallies_free(t);
}

/* A covariate without variation: a warning per period, crude kept. */
static void
test_riskmodel_failed_fit_is_a_warning(void **state)
{
	struct qi_tallies *t = make(0);
	struct qi_results *r;
	struct qi_diag *d = qi_diag_alloc();
	const struct qi_result *all;
	char *text;

	(void)state;
	assert_int_equal(qi_compute(&defs, &reg, t, &r, d), QI_OK);
	/* each period: that it failed, then every reason */
	assert_int_equal(qi_diag_count(d, QI_WARNING), 15);
	assert_int_equal(qi_diag_count(d, QI_ERROR), 0);
	text = fixture_diag_text(d);
	assert_non_null(strstr(text, "m.yaml: warning: m FY2024Q3: the risk "
	    "model could not be fitted"));
	assert_non_null(strstr(text, "m.yaml: warning: m FY2024Q3: risk "
	    "model: 2 coefficients but only 1 covariate patterns"));
	assert_non_null(strstr(text, "m.yaml: warning: m FY2024Q3: risk "
	    "model: covariate 'old' is 1 in every stay"));
	assert_int_equal(r->nmodels, 5);
	assert_null(r->models[2].fit);
	all = find(r, 2, QI_SCOPE_ALL, -1, -1);
	assert_int_equal(all->status, QI_STATUS_OK);
	assert_true(isfinite(all->rate));
	assert_true(isnan(all->expected) && isnan(all->ratio) &&
	    isnan(all->adj_rate));
	g_free(text);
	qi_results_free(r);
	qi_tallies_free(t);
	qi_diag_free(d);
}

/* Patterns that do not add up to the counts: a warning, no adjustment. */
static void
test_riskmodel_patterns_must_match_counts(void **state)
{
	struct qi_tallies *t = make(1);
	struct qi_results *r;
	struct qi_diag *d = qi_diag_alloc();
	char *text;

	(void)state;
	t->pat[2].n += 1;	/* N2, FY2024Q1, young */
	assert_int_equal(qi_compute(&defs, &reg, t, &r, d), QI_OK);
	text = fixture_diag_text(d);
	assert_non_null(strstr(text, "m FY2024Q1, N2: covariate patterns "
	    "add up to"));
	assert_non_null(strstr(text, "m FY2024, N2:"));	/* and the year */
	assert_true(isnan(find(r, 1, QI_SCOPE_ALL, -1, -1)->expected));
	assert_true(isfinite(find(r, 2, QI_SCOPE_ALL, -1, -1)->expected));
	assert_int_equal(r->nmodels, 3);	/* Q2-Q4 */
	g_free(text);
	qi_results_free(r);
	qi_tallies_free(t);
	qi_diag_free(d);
}

/* counts.csv has no patterns: no model, no warning, NaN columns. */
static void
test_riskmodel_counts_without_patterns_are_not_adjusted(void **state)
{
	struct qi_tallies *t = make(1);
	struct qi_results *r;
	struct qi_diag *d = qi_diag_alloc();

	(void)state;
	t->npat = 0;
	assert_int_equal(qi_compute(&defs, &reg, t, &r, d), QI_OK);
	assert_int_equal(qi_diag_count(d, QI_WARNING), 0);
	assert_int_equal(r->nmodels, 0);
	assert_true(isnan(find(r, 0, QI_SCOPE_ALL, -1, -1)->expected));
	qi_results_free(r);
	qi_tallies_free(t);
	qi_diag_free(d);
}

/* The test definition with its risk model fixed as given. */
static struct qi_indicator fixed_ind;
static const struct qi_defset fixed_defs = { .v = &fixed_ind, .n = 1 };

/*
 * qi_compute() of make(oldvar) under fixed_defs with risk_model.reference
 * (may be NULL) and coefficients coef (may be NULL); diagnostics into d.
 */
static struct qi_results *
compute_fixed(const char *reference, struct qi_riskcoef *coef, int oldvar,
    struct qi_diag *d)
{
	struct qi_tallies *t = make(oldvar);
	struct qi_results *r;

	fixed_ind = inds[0];
	fixed_ind.risk_reference = (char *)reference;
	if (reference != NULL)
		assert_int_equal(qi_risk_reference_parse(reference,
		    &fixed_ind.ref_from, &fixed_ind.ref_to), 0);
	fixed_ind.risk_coef = coef;
	assert_int_equal(qi_compute(&fixed_defs, &reg, t, &r, d), QI_OK);
	qi_tallies_free(t);
	return r;
}

/*
 * risk_model.reference: one model, fitted on the reference quarters'
 * pooled patterns, adjusts every period; over the reference the
 * expected deaths of both organisations add up to the observed ones (the
 * intercept's score equation), outside it they need not.
 */
static void
test_riskmodel_reference_fits_once_for_every_period(void **state)
{
	struct qi_diag *d = qi_diag_alloc();
	struct qi_results *r = compute_fixed("FY2024Q1..FY2024Q2", NULL, 1, d);
	const struct qi_result *q1, *q2, *all;
	double rate;
	int q;

	(void)state;
	assert_int_equal(qi_diag_count(d, QI_WARNING), 0);
	assert_int_equal(r->nmodels, 1);
	assert_int_equal(r->models[0].from, QI_RISK_REFERENCE);
	assert_string_equal(r->models[0].reference, "FY2024Q1..FY2024Q2");
	assert_non_null(r->models[0].fit);
	q1 = qi_results_find(r, 0, (struct qi_period){ 2024, 1 },
	    QI_SCOPE_ALL, -1, -1);
	q2 = qi_results_find(r, 0, (struct qi_period){ 2024, 2 },
	    QI_SCOPE_ALL, -1, -1);
	assert_true(r->models[0].fit->stays == (double)(q1->denominator +
	    q2->denominator));
	assert_true(fabs(q1->expected + q2->expected - (double)(
	    q1->numerator + q2->numerator)) < 1e-9);
	assert_true(fabs(q1->ratio - 1.0) > 1e-6);	/* not per quarter */
	rate = r->models[0].fit->rate;
	for (q = 0; q <= 4; q++) {
		all = find(r, q, QI_SCOPE_ALL, -1, -1);
		assert_true(isfinite(all->expected) && all->expected > 0.0);
		assert_true(fabs(all->adj_rate - all->ratio * rate) < 1e-15);
	}
	qi_results_free(r);
	qi_diag_free(d);
}

/*
 * A quarter of the reference without patterns: no model (a fit on part
 * of the reference would be another one) and one warning naming it.
 */
static void
test_riskmodel_reference_quarter_missing_is_a_warning(void **state)
{
	struct qi_diag *d = qi_diag_alloc();
	struct qi_results *r = compute_fixed("FY2023Q4..FY2024Q1", NULL, 1, d);
	char *text;

	(void)state;
	assert_int_equal(qi_diag_count(d, QI_WARNING), 1);
	text = fixture_diag_text(d);
	assert_non_null(strstr(text, "m FY2023Q4..FY2024Q1: no covariate "
	    "patterns in FY2023Q4; the risk model is not fitted"));
	assert_int_equal(r->nmodels, 1);
	assert_null(r->models[0].fit);
	assert_true(isnan(find(r, 1, QI_SCOPE_ALL, -1, -1)->expected));
	assert_true(isnan(find(r, 3, QI_SCOPE_ALL, -1, -1)->expected));
	g_free(text);
	qi_results_free(r);
	qi_diag_free(d);
}

/* A reference model that cannot be fitted fails once, with its reasons. */
static void
test_riskmodel_reference_failure_is_reported_once(void **state)
{
	struct qi_diag *d = qi_diag_alloc();
	struct qi_results *r = compute_fixed("FY2024", NULL, 0, d);
	char *text;

	(void)state;
	assert_int_equal(qi_diag_count(d, QI_WARNING), 3);
	text = fixture_diag_text(d);
	assert_non_null(strstr(text, "m FY2024Q1..FY2024Q4: the risk model "
	    "could not be fitted"));
	assert_non_null(strstr(text, "m FY2024Q1..FY2024Q4: risk model: "));
	assert_int_equal(r->nmodels, 1);
	assert_null(r->models[0].fit);
	g_free(text);
	qi_results_free(r);
	qi_diag_free(d);
}

/*
 * risk_model.coefficients: the file's model, not a fit: a hospital's E is
 * the sum of its stays' predicted risks under those coefficients, and
 * the adjusted rate takes the file's reference rate.
 */
static void
test_riskmodel_file_coefficients_are_applied(void **state)
{
	double beta[2] = { -2.5, 1.0 }, se[2] = { 0.1, 0.2 };
	struct qi_riskcoef c = { .path = "c.csv", .reference = "FY2020",
	    .p = 2, .beta = beta, .se = se, .stays = 1000.0, .events = 80.0 };
	struct qi_diag *d = qi_diag_alloc();
	struct qi_results *r = compute_fixed(NULL, &c, 1, d);
	const struct qi_result *h;
	double e;

	(void)state;
	assert_int_equal(qi_diag_count(d, QI_WARNING), 0);
	assert_int_equal(r->nmodels, 1);
	assert_int_equal(r->models[0].from, QI_RISK_FILE);
	assert_string_equal(r->models[0].reference, "FY2020");
	h = find(r, 1, QI_SCOPE_HOSPITAL, 0, 0);	/* N1: 40/2, 30/6 */
	e = 40.0 / (1.0 + exp(2.5)) + 30.0 / (1.0 + exp(1.5));
	assert_true(fabs(h->expected - e) < 1e-12);
	assert_true(fabs(h->adj_rate - 8.0 / e * 0.08) < 1e-15);
	qi_results_free(r);
	qi_diag_free(d);
}

/* qi_tallies_variant keeps the chosen variant's patterns only. */
static void
test_riskmodel_variant_selection_keeps_its_patterns(void **state)
{
	struct qi_tallies *t = make(1), *sel;

	(void)state;
	t->pat[0].variant = 1;	/* not the definition's own */
	sel = qi_tallies_variant(t, &defs, NULL);
	assert_int_equal(sel->npat, t->npat - 1);
	assert_int_equal(sel->pat[0].pattern, t->pat[1].pattern);
	qi_tallies_free(sel);
	qi_tallies_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_riskmodel_each_period_fitted_on_both_organisations),
		cmocka_unit_test(test_riskmodel_withheld_results_carry_no_expected),
		cmocka_unit_test(test_riskmodel_failed_fit_is_a_warning),
		cmocka_unit_test(test_riskmodel_patterns_must_match_counts),
		cmocka_unit_test(test_riskmodel_counts_without_patterns_are_not_adjusted),
		cmocka_unit_test(test_riskmodel_variant_selection_keeps_its_patterns),
		cmocka_unit_test(test_riskmodel_reference_fits_once_for_every_period),
		cmocka_unit_test(test_riskmodel_reference_quarter_missing_is_a_warning),
		cmocka_unit_test(test_riskmodel_reference_failure_is_reported_once),
		cmocka_unit_test(test_riskmodel_file_coefficients_are_applied),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
