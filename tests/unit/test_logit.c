/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_logit.c -- unit tests for logit.c and riskadj.c (qi_logit_fit,
 * qi_riskadj_compute).
 *
 * Reference values come from R 4.2.2's glm(family = binomial) with
 * epsilon 1e-14, written by tests/oracle/gen_logit.R into
 * tests/oracle/logit_NAME_{data,fit}.csv; the c-statistic there is the
 * Mann-Whitney statistic of the stays expanded one per row.  Tolerance:
 * relative 1e-9 for every number.
 *
 * SPEC: specs/statistics.md#risk-adjustment
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
#include "test_util.h"
#include "oracle.h"

/* relative 1e-9; R's exact 0 met only by 0 */
#define LOGIT_TOL	ORACLE_REL(1e-9)

/*
 * One oracle data set: pooled patterns and the hospital rows of
 * logit_NAME_data.csv, and R's fit, logit_NAME_fit.csv, by "quantity
 * index".
 */
struct logit_set {
	size_t	 k, p;		/* patterns, columns */
	double	*x, *y, *n;	/* pooled: k x p, k, k */
	char	**names;	/* p column names */
	size_t	 nrows;		/* hospital x pattern rows */
	size_t	*rpat, *rhosp;
	double	*ry, *rn;
	size_t	 nhosp;
	char	 fitpath[512];
	struct oracle_table fit;	/* path is fitpath */
	GHashTable *index;	/* "quantity index" -> row of fit */
};

static void
set_load(const char *name, struct logit_set *o)
{
	struct oracle_table	 data;
	const struct oracle_row	*r;
	char			 path[512];
	size_t			 i, j, pat;

	memset(o, 0, sizeof(*o));
	snprintf(path, sizeof(path), ORACLE_DIR "logit_%s_data.csv", name);
	/* the covariates, hence the header, differ from set to set */
	oracle_read(path, NULL, &data);
	assert_true(data.ncols > 4);
	assert_string_equal(data.name[0], "pattern");
	assert_string_equal(data.name[1], "hospital");
	assert_string_equal(data.name[2], "y");
	assert_string_equal(data.name[3], "n");
	o->p = data.ncols - 4;
	o->names = g_new0(char *, o->p + 1);
	for (j = 0; j < o->p; j++)
		o->names[j] = g_strdup(data.name[4 + j]);
	o->nrows = data.nrows;
	for (i = 0; i < o->nrows; i++)
		if ((size_t)oracle_num(&data, &data.rows[i], 0) + 1 > o->k)
			o->k = (size_t)oracle_num(&data, &data.rows[i], 0) + 1;
	o->x = g_new0(double, o->k * o->p);
	o->y = g_new0(double, o->k);
	o->n = g_new0(double, o->k);
	o->rpat = g_new(size_t, o->nrows);
	o->rhosp = g_new(size_t, o->nrows);
	o->ry = g_new(double, o->nrows);
	o->rn = g_new(double, o->nrows);
	for (i = 0; i < o->nrows; i++) {
		r = &data.rows[i];
		pat = (size_t)oracle_num(&data, r, 0);
		o->rpat[i] = pat;
		o->rhosp[i] = (size_t)oracle_num(&data, r, 1);
		o->ry[i] = oracle_num(&data, r, 2);
		o->rn[i] = oracle_num(&data, r, 3);
		o->y[pat] += o->ry[i];
		o->n[pat] += o->rn[i];
		for (j = 0; j < o->p; j++)
			o->x[pat * o->p + j] = oracle_num(&data, r, 4 + j);
		if (o->rhosp[i] + 1 > o->nhosp)
			o->nhosp = o->rhosp[i] + 1;
	}
	oracle_free(&data);

	snprintf(o->fitpath, sizeof(o->fitpath), ORACLE_DIR "logit_%s_fit.csv",
	    name);
	oracle_read(o->fitpath, "quantity,index,value", &o->fit);
	o->index = oracle_index(&o->fit, 2);
}

static void
set_free(struct logit_set *o)
{
	g_free(o->x);
	g_free(o->y);
	g_free(o->n);
	g_strfreev(o->names);
	g_free(o->rpat);
	g_free(o->rhosp);
	g_free(o->ry);
	g_free(o->rn);
	g_hash_table_destroy(o->index);
	oracle_free(&o->fit);
}

/* R's row for quantity/index, or NULL. */
static const struct oracle_row *
fit_row(const struct logit_set *o, const char *q, size_t i)
{
	char	 key[64];

	snprintf(key, sizeof(key), "%s %zu", q, i);
	return g_hash_table_lookup(o->index, key);
}

static int
has(const struct logit_set *o, const char *q, size_t i)
{
	return fit_row(o, q, i) != NULL;
}

/* R's row for quantity/index; fails the test if absent. */
static const struct oracle_row *
need(const struct logit_set *o, const char *q, size_t i)
{
	const struct oracle_row *r = fit_row(o, q, i);

	if (r == NULL)
		fail_msg("%s: no %s %zu", o->fit.path, q, i);
	return r;
}

/* R's value of quantity/index. */
static double
want(const struct logit_set *o, const char *q, size_t i)
{
	return oracle_num(&o->fit, need(o, q, i), 2);
}

/* Compare actual with R's quantity/index, within LOGIT_TOL. */
static void
near(const struct logit_set *o, double actual, const char *q, size_t i,
    double *maxrel)
{
	oracle_check(&o->fit, need(o, q, i), 2, actual, LOGIT_TOL, maxrel);
}

/*
 * Fit the pooled patterns of an oracle set and compare every number R
 * gives: coefficients, standard errors, Wald z and p, deviances, AIC,
 * c-statistic, fitted probabilities, and each hospital's O and E.
 */
static void
check_against_r(const char *name)
{
	struct logit_set	 o;
	struct qi_logit		*f = NULL;
	struct qi_diag		*diag = qi_diag_alloc();
	struct qi_riskadj	 ra;
	double			 maxrel = 0.0, *hx, *hy, *hn;
	size_t			 j, i, h, m;

	set_load(name, &o);
	assert_int_equal(qi_logit_fit(o.k, o.p, o.x, o.y, o.n,
	    (const char *const *)o.names, "test.yaml", NULL, &f, diag), QI_OK);
	assert_non_null(f);
	assert_int_equal(qi_diag_count(diag, QI_ERROR), 0);
	assert_int_equal(qi_diag_count(diag, QI_WARNING), 0);
	assert_true(f->converged);
	assert_false(f->separation);
	assert_int_equal(want(&o, "warning", 0), 0.0);
	for (j = 0; j < o.p; j++) {
		near(&o, f->beta[j], "coef", j, &maxrel);
		near(&o, f->se[j], "se", j, &maxrel);
		near(&o, f->z[j], "z", j, &maxrel);
		near(&o, f->pvalue[j], "pvalue", j, &maxrel);
	}
	near(&o, f->deviance, "deviance", 0, &maxrel);
	near(&o, f->null_deviance, "null_deviance", 0, &maxrel);
	near(&o, f->aic, "aic", 0, &maxrel);
	near(&o, f->c_stat, "c_stat", 0, &maxrel);
	for (i = 0; i < o.k; i++)
		near(&o, f->fitted[i], "fitted", i, &maxrel);

	/* Each hospital from its own rows. */
	hx = g_new(double, o.nrows * o.p);
	hy = g_new(double, o.nrows);
	hn = g_new(double, o.nrows);
	for (h = 0; h < o.nhosp; h++) {
		m = 0;
		for (i = 0; i < o.nrows; i++) {
			if (o.rhosp[i] != h)
				continue;
			memcpy(hx + m * o.p, o.x + o.rpat[i] * o.p,
			    o.p * sizeof(double));
			hy[m] = o.ry[i];
			hn[m] = o.rn[i];
			m++;
		}
		assert_int_equal(qi_riskadj_compute(f, m, hx, hy, hn, &ra), 0);
		assert_true(ra.observed == want(&o, "observed", h));
		near(&o, ra.expected, "expected", h, &maxrel);
		assert_near(ra.ratio, ra.observed / ra.expected, 1e-15);
		assert_near(ra.rate, ra.ratio * f->events / f->stays, 1e-15);
	}
	g_free(hx);
	g_free(hy);
	g_free(hn);
	print_message("%s: %zu patterns, %d iterations, max relative error "
	    "%.3g\n", name, o.k, f->iterations, maxrel);
	qi_logit_free(f);
	qi_diag_free(diag);
	set_free(&o);
}

/* 192 patterns of an AMI-like model, 20 hospitals, two empty patterns. */
static void
test_logit_matches_r_realistic(void **state)
{
	(void)state;
	check_against_r("realistic");
}

/* A million stays in 24 patterns. */
static void
test_logit_matches_r_million_stays(void **state)
{
	(void)state;
	check_against_r("large");
}

/* 147 events in 320 401 stays. */
static void
test_logit_matches_r_rare_events(void **state)
{
	(void)state;
	check_against_r("rare");
}

/* 400 stays, one per pattern (n = 1), age per decade as a number. */
static void
test_logit_matches_r_one_stay_per_pattern(void **state)
{
	(void)state;
	check_against_r("ungrouped");
}

/* Fit with diagnostics; returns the status, and the text in *text. */
static enum qi_err
fit_text(size_t k, size_t p, const double *x, const double *y,
    const double *n, const char *const *names,
    const struct qi_logit_opts *opts, struct qi_logit **f, char **text)
{
	struct qi_diag	*diag = qi_diag_alloc();
	enum qi_err	 rc;

	rc = qi_logit_fit(k, p, x, y, n, names, "ami.yaml", opts, f, diag);
	*text = fixture_diag_text(diag);
	qi_diag_free(diag);
	return rc;
}

/*
 * The Killip set R warns about: only the direction killip - 3 separates,
 * so the divergence rule must find it, name the covariate R's estimate
 * runs away in, and refuse the fit unless separation is allowed.
 */
static void
test_logit_reports_separation_r_warns_about(void **state)
{
	struct logit_set	 o;
	struct qi_logit		*f = NULL;
	struct qi_logit_opts	 opts;
	char			*text, quoted[64];
	size_t			 j;

	(void)state;
	set_load("separated", &o);
	assert_int_equal(want(&o, "warning", 0), 1.0);
	for (j = 0; j < o.p && !has(&o, "separated", j); j++)
		;
	assert_true(j < o.p);
	snprintf(quoted, sizeof(quoted), "'%s'", o.names[j]);

	assert_int_equal(fit_text(o.k, o.p, o.x, o.y, o.n,
	    (const char *const *)o.names, NULL, &f, &text), QI_EINPUT);
	assert_null(f);
	assert_non_null(strstr(text, "ami.yaml: error: risk model: "
	    "quasi-complete separation"));
	assert_non_null(strstr(text, quoted));
	assert_null(strstr(text, "'female'"));
	free(text);

	qi_logit_opts_defaults(&opts);
	opts.allow_separation = 1;
	assert_int_equal(fit_text(o.k, o.p, o.x, o.y, o.n,
	    (const char *const *)o.names, &opts, &f, &text), QI_OK);
	assert_non_null(f);
	assert_true(f->separation);
	assert_non_null(strstr(text, "warning: risk model: quasi-complete "
	    "separation"));
	/* The separated patterns' probabilities head for 0 and 1. */
	assert_true(f->fitted[0] < 1e-8 && f->fitted[7] > 1.0 - 1e-8);
	qi_logit_free(f);
	free(text);
	set_free(&o);
}

/* R gives NA to the column it finds aliased; qi names the same one. */
static void
test_logit_names_collinear_column_as_r(void **state)
{
	struct logit_set o;
	struct qi_logit	*f = NULL;
	char		*text, msg[128];
	size_t		 j, naliased = 0;

	(void)state;
	set_load("collinear", &o);
	assert_int_equal(fit_text(o.k, o.p, o.x, o.y, o.n,
	    (const char *const *)o.names, NULL, &f, &text), QI_EINPUT);
	assert_null(f);
	for (j = 0; j < o.p; j++) {
		if (!has(&o, "aliased", j))
			continue;
		naliased++;
		snprintf(msg, sizeof(msg), "covariate '%s' is a linear "
		    "combination", o.names[j]);
		assert_non_null(strstr(text, msg));
	}
	assert_int_equal(naliased, 1);
	/* male = intercept - female, spelt out. */
	assert_non_null(strstr(text, "male = + 1 intercept - 1 female"));
	free(text);
	set_free(&o);
}

/* A small design: intercept, age80 (0/1), flag (0/1); 4 patterns. */
static const double small_x[] = {
	1, 0, 0,
	1, 1, 0,
	1, 0, 1,
	1, 1, 1,
};
static const char *const small_names[] = { "intercept", "age80", "flag" };

/* A flag whose stays never had the event is named before any fit. */
static void
test_logit_flag_without_events_is_separation(void **state)
{
	const double	 y[] = { 5, 9, 0, 0 }, n[] = { 100, 80, 20, 15 };
	struct qi_logit	*f = NULL;
	char		*text;

	(void)state;
	assert_int_equal(fit_text(4, 3, small_x, y, n, small_names, NULL, &f,
	    &text), QI_EINPUT);
	assert_null(f);
	assert_non_null(strstr(text, "none of the 35 stays with flag = 1 "
	    "had the event, so the coefficient of 'flag' is infinite"));
	free(text);
}

/* Constant covariates and constant outcomes are refused with reasons. */
static void
test_logit_refuses_constant_covariate_and_outcome(void **state)
{
	double		 x[12], y[] = { 5, 9, 3, 4 }, n[] = { 100, 80, 20, 15 };
	double		 y0[] = { 0, 0, 0, 0 };
	struct qi_logit	*f = NULL;
	char		*text;
	size_t		 i;

	(void)state;
	memcpy(x, small_x, sizeof(x));
	for (i = 0; i < 4; i++)
		x[i * 3 + 2] = 1.0;	/* flag set for every stay */
	assert_int_equal(fit_text(4, 3, x, y, n, small_names, NULL, &f,
	    &text), QI_EINPUT);
	assert_non_null(strstr(text, "covariate 'flag' is 1 in every stay"));
	/* Reported once: not also as collinear with the intercept. */
	assert_null(strstr(text, "linear combination"));
	free(text);

	assert_int_equal(fit_text(4, 3, small_x, y0, n, small_names, NULL,
	    &f, &text), QI_EINPUT);
	assert_non_null(strstr(text, "none of the 215 stays is an event"));
	free(text);
	assert_null(f);
}

/*
 * Every problem at once: a covariate that is 0 in every stay does not
 * hide another that separates the outcome, so one run names both.
 */
static void
test_logit_reports_constant_and_separated_covariates_together(void **state)
{
	const double	 x[] = {
		1, 0, 0, 0,
		1, 1, 0, 0,
		1, 0, 1, 0,
		1, 1, 1, 0,
	};
	const double	 y[] = { 5, 9, 0, 0 }, n[] = { 100, 80, 20, 15 };
	const char *const names[] = { "intercept", "age80", "flag", "zero" };
	struct qi_logit	*f = NULL;
	char		*text;

	(void)state;
	assert_int_equal(fit_text(4, 4, x, y, n, names, NULL, &f, &text),
	    QI_EINPUT);
	assert_null(f);
	assert_non_null(strstr(text, "covariate 'zero' is 0 in every stay"));
	assert_non_null(strstr(text, "none of the 35 stays with flag = 1 "
	    "had the event"));
	free(text);
}

/* Empty input, bad counts and a missing intercept, all reported. */
static void
test_logit_refuses_empty_and_bad_counts(void **state)
{
	double		 x[12], y[] = { 5, 90, -1, 2.5 }, n[] = { 100, 80, 20, 15 };
	double		 n0[] = { 0, 0, 0, 0 }, y0[] = { 0, 0, 0, 0 };
	struct qi_logit	*f = NULL;
	char		*text;

	(void)state;
	assert_int_equal(fit_text(0, 3, small_x, y, n, small_names, NULL, &f,
	    &text), QI_EINPUT);
	assert_non_null(strstr(text, "empty data (0 patterns"));
	free(text);

	assert_int_equal(fit_text(4, 3, small_x, y0, n0, small_names, NULL,
	    &f, &text), QI_EINPUT);
	assert_non_null(strstr(text, "no stays to fit"));
	free(text);

	memcpy(x, small_x, sizeof(x));
	x[3] = 2.0;	/* pattern 2's intercept */
	assert_int_equal(fit_text(4, 3, x, y, n, small_names, NULL, &f,
	    &text), QI_EINPUT);
	assert_non_null(strstr(text, "pattern 2 has 90 events in 80 stays"));
	assert_non_null(strstr(text, "pattern 3 has -1 events"));
	assert_non_null(strstr(text, "pattern 4 has 2.5 events"));
	assert_null(strstr(text, "pattern 1 has"));
	free(text);
	assert_null(f);
}

/*
 * An iteration limit too low to converge is an error, not a result; a
 * limit below 1 is a misuse.
 */
static void
test_logit_reports_no_convergence(void **state)
{
	const double		 y[] = { 5, 9, 3, 4 }, n[] = { 100, 80, 20, 15 };
	struct qi_logit_opts	 opts;
	struct qi_logit		*f = NULL;
	char			*text;

	(void)state;
	qi_logit_opts_defaults(&opts);
	opts.max_iter = 1;
	assert_int_equal(fit_text(4, 3, small_x, y, n, small_names, &opts,
	    &f, &text), QI_EINPUT);
	assert_null(f);
	assert_non_null(strstr(text, "no convergence in 1 iterations"));
	free(text);

	opts.max_iter = 0;
	assert_int_equal(fit_text(4, 3, small_x, y, n, small_names, &opts,
	    &f, &text), QI_EUSAGE);
	assert_non_null(strstr(text, "invalid options (max_iter 0"));
	free(text);

	opts.max_iter = 25;
	assert_int_equal(fit_text(4, 3, small_x, y, n, small_names, &opts,
	    &f, &text), QI_OK);
	assert_true(f->converged && f->iterations > 1 && f->iterations < 25);
	qi_logit_free(f);
	free(text);
}

/*
 * A saturated model reproduces every pattern's rate; with an intercept,
 * sum n p-hat = sum y at the MLE, so over all stays O/E = 1 and the
 * risk-adjusted rate is the overall rate.
 */
static void
test_logit_expected_equals_observed_overall(void **state)
{
	struct logit_set	 o;
	struct qi_logit		*f = NULL;
	struct qi_diag		*diag = qi_diag_alloc();
	struct qi_riskadj	 ra;

	(void)state;
	set_load("realistic", &o);
	assert_int_equal(qi_logit_fit(o.k, o.p, o.x, o.y, o.n, NULL, NULL,
	    NULL, &f, diag), QI_OK);
	assert_int_equal(qi_riskadj_compute(f, o.k, o.x, o.y, o.n, &ra), 0);
	assert_true(ra.observed == f->events && ra.stays == f->stays);
	assert_near(ra.expected, ra.observed, 1e-12);
	assert_near(ra.rate, f->rate, 1e-12);
	/* Invalid rows are refused, with NaN out. */
	o.y[3] = o.n[3] + 1.0;
	assert_int_equal(qi_riskadj_compute(f, o.k, o.x, o.y, o.n, &ra), -1);
	assert_true(isnan(ra.expected) && isnan(ra.rate));
	/* No stays: O = E = 0 and no ratio. */
	assert_int_equal(qi_riskadj_compute(f, 0, NULL, NULL, NULL, &ra), 0);
	assert_true(ra.expected == 0.0 && isnan(ra.ratio));
	qi_logit_free(f);
	qi_diag_free(diag);
	set_free(&o);
}

/*
 * c-statistic by hand.  Intercept + one 0/1 covariate: two groups, p_0 <
 * p_1.  Events: 2 in group 0 (of 10), 6 in group 1 (of 10).  Pairs: 8
 * events x 12 non-events = 96.  Events in group 1 beat the 8 non-events
 * of group 0 (6 x 8 = 48) and tie with the 4 of group 1 (6 x 4 x 1/2 =
 * 12); events in group 0 tie with its 8 non-events (2 x 8 x 1/2 = 8).
 * c = (48 + 12 + 8) / 96 = 68/96.  Duplicated patterns tie exactly.
 */
static void
test_logit_cstat_counts_ties_as_half(void **state)
{
	const double	 x[] = { 1, 0, 1, 1, 1, 0, 1, 1 };
	const double	 y[] = { 1, 3, 1, 3 }, n[] = { 5, 5, 5, 5 };
	struct qi_logit	*f = NULL;
	char		*text;

	(void)state;
	assert_int_equal(fit_text(4, 2, x, y, n, NULL, NULL, &f, &text),
	    QI_OK);
	assert_near(f->c_stat, 68.0 / 96.0, 1e-15);
	/* Saturated here: the fit reproduces each group's rate. */
	assert_near(f->fitted[0], 0.2, 1e-12);
	assert_near(f->fitted[1], 0.6, 1e-12);
	assert_true(f->fitted[0] == f->fitted[2]);
	qi_logit_free(f);
	free(text);
}

/*
 * The intercept-only model: beta_0 = logit(Y / N), the deviance is the
 * null deviance, every stay ties (c = 1/2), and O/E = 1.
 */
static void
test_logit_intercept_only_model(void **state)
{
	const double	 x[] = { 1, 1, 1 }, y[] = { 3, 0, 7 }, n[] = { 40, 9, 51 };
	struct qi_logit	*f = NULL;
	char		*text;

	(void)state;
	assert_int_equal(fit_text(3, 1, x, y, n, NULL, NULL, &f, &text),
	    QI_OK);
	assert_near(f->beta[0], log(10.0 / 90.0), 1e-14);
	assert_near(f->se[0], sqrt(1.0 / 10.0 + 1.0 / 90.0), 1e-13);
	assert_near(f->deviance, f->null_deviance, 1e-14);
	assert_true(f->c_stat == 0.5);
	assert_near(f->fitted[1], 0.1, 1e-14);
	qi_logit_free(f);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_logit_matches_r_realistic),
		cmocka_unit_test(test_logit_matches_r_million_stays),
		cmocka_unit_test(test_logit_matches_r_rare_events),
		cmocka_unit_test(test_logit_matches_r_one_stay_per_pattern),
		cmocka_unit_test(test_logit_reports_separation_r_warns_about),
		cmocka_unit_test(test_logit_names_collinear_column_as_r),
		cmocka_unit_test(test_logit_flag_without_events_is_separation),
		cmocka_unit_test(test_logit_refuses_constant_covariate_and_outcome),
		cmocka_unit_test(test_logit_reports_constant_and_separated_covariates_together),
		cmocka_unit_test(test_logit_refuses_empty_and_bad_counts),
		cmocka_unit_test(test_logit_reports_no_convergence),
		cmocka_unit_test(test_logit_expected_equals_observed_overall),
		cmocka_unit_test(test_logit_cstat_counts_ties_as_half),
		cmocka_unit_test(test_logit_intercept_only_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
