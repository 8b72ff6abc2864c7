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
#include <errno.h>
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

#ifndef QI_TEST_DATA
#error "QI_TEST_DATA must name the tests directory"
#endif

#define ORACLE_DIR	QI_TEST_DATA "/oracle/"
#define ORACLE_RELTOL	1e-9

/* One oracle data set: pooled patterns and the hospital rows. */
struct oracle {
	size_t	 k, p;		/* patterns, columns */
	double	*x, *y, *n;	/* pooled: k x p, k, k */
	char	**names;	/* p column names */
	size_t	 nrows;		/* hospital x pattern rows */
	size_t	*rpat, *rhosp;
	double	*ry, *rn;
	size_t	 nhosp;
	GHashTable *fit;	/* "quantity/index" -> double* */
};

/* Split a CSV line (no quoting in these files) into fields. */
static char **
fields(char *line)
{
	line[strcspn(line, "\r\n")] = '\0';
	return g_strsplit(line, ",", -1);
}

static double
num(const char *s, const char *file, size_t lineno)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0)
		fail_msg("%s:%zu: bad number '%s'", file, lineno, s);
	return v;
}

static void
oracle_load(const char *name, struct oracle *o)
{
	char	 path[512], line[4096], **f;
	FILE	*fp;
	size_t	 lineno = 0, ncol = 0, i, j, pat, cap = 0;
	double	*v;
	GArray	*rows = g_array_new(FALSE, FALSE, sizeof(double));

	memset(o, 0, sizeof(*o));
	snprintf(path, sizeof(path), ORACLE_DIR "logit_%s_data.csv", name);
	if ((fp = fopen(path, "r")) == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		f = fields(line);
		if (lineno == 1) {
			ncol = g_strv_length(f);
			assert_true(ncol > 4);
			assert_string_equal(f[0], "pattern");
			assert_string_equal(f[3], "n");
			o->p = ncol - 4;
			o->names = g_new0(char *, o->p + 1);
			for (j = 0; j < o->p; j++)
				o->names[j] = g_strdup(f[4 + j]);
			g_strfreev(f);
			continue;
		}
		assert_int_equal(g_strv_length(f), ncol);
		for (j = 0; j < ncol; j++) {
			double d = num(f[j], path, lineno);
			g_array_append_val(rows, d);
		}
		g_strfreev(f);
	}
	fclose(fp);
	o->nrows = rows->len / ncol;
	v = (double *)(void *)rows->data;
	for (i = 0; i < o->nrows; i++)
		if ((size_t)v[i * ncol] + 1 > cap)
			cap = (size_t)v[i * ncol] + 1;
	o->k = cap;
	o->x = g_new0(double, o->k * o->p);
	o->y = g_new0(double, o->k);
	o->n = g_new0(double, o->k);
	o->rpat = g_new(size_t, o->nrows);
	o->rhosp = g_new(size_t, o->nrows);
	o->ry = g_new(double, o->nrows);
	o->rn = g_new(double, o->nrows);
	for (i = 0; i < o->nrows; i++) {
		pat = (size_t)v[i * ncol];
		o->rpat[i] = pat;
		o->rhosp[i] = (size_t)v[i * ncol + 1];
		o->ry[i] = v[i * ncol + 2];
		o->rn[i] = v[i * ncol + 3];
		o->y[pat] += o->ry[i];
		o->n[pat] += o->rn[i];
		for (j = 0; j < o->p; j++)
			o->x[pat * o->p + j] = v[i * ncol + 4 + j];
		if (o->rhosp[i] + 1 > o->nhosp)
			o->nhosp = o->rhosp[i] + 1;
	}
	g_array_free(rows, TRUE);

	o->fit = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    g_free);
	snprintf(path, sizeof(path), ORACLE_DIR "logit_%s_fit.csv", name);
	if ((fp = fopen(path, "r")) == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	lineno = 0;
	while (fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		f = fields(line);
		assert_int_equal(g_strv_length(f), 3);
		if (lineno > 1) {
			double *d = g_new(double, 1);
			*d = num(f[2], path, lineno);
			g_hash_table_insert(o->fit,
			    g_strdup_printf("%s/%s", f[0], f[1]), d);
		}
		g_strfreev(f);
	}
	fclose(fp);
}

static void
oracle_free(struct oracle *o)
{
	g_free(o->x);
	g_free(o->y);
	g_free(o->n);
	g_strfreev(o->names);
	g_free(o->rpat);
	g_free(o->rhosp);
	g_free(o->ry);
	g_free(o->rn);
	g_hash_table_destroy(o->fit);
}

/* The oracle value quantity/index; fails the test if absent. */
static double
want(const struct oracle *o, const char *q, size_t i)
{
	char	 key[64];
	double	*d;

	snprintf(key, sizeof(key), "%s/%zu", q, i);
	d = g_hash_table_lookup(o->fit, key);
	if (d == NULL)
		fail_msg("oracle has no %s", key);
	return d == NULL ? NAN : *d;
}

static int
has(const struct oracle *o, const char *q, size_t i)
{
	char	 key[64];

	snprintf(key, sizeof(key), "%s/%zu", q, i);
	return g_hash_table_lookup(o->fit, key) != NULL;
}

static void
near(double actual, double expected, const char *what, size_t i,
    double *maxrel)
{
	double	 e = qi_test_relerr(actual, expected);

	if (!(e <= ORACLE_RELTOL))
		print_error("%s[%zu]\n", what, i);
	assert_near(actual, expected, ORACLE_RELTOL);
	if (e > *maxrel)
		*maxrel = e;
}

/*
 * Fit the pooled patterns of an oracle set and compare every number R
 * gives: coefficients, standard errors, Wald z and p, deviances, AIC,
 * c-statistic, fitted probabilities, and each hospital's O and E.
 */
static void
check_against_r(const char *name)
{
	struct oracle		 o;
	struct qi_logit		*f = NULL;
	struct qi_diag		*diag = qi_diag_alloc();
	struct qi_riskadj	 ra;
	double			 maxrel = 0.0, *hx, *hy, *hn;
	size_t			 j, i, h, m;

	oracle_load(name, &o);
	assert_int_equal(qi_logit_fit(o.k, o.p, o.x, o.y, o.n,
	    (const char *const *)o.names, "test.yaml", NULL, &f, diag), QI_OK);
	assert_non_null(f);
	assert_int_equal(qi_diag_count(diag, QI_ERROR), 0);
	assert_int_equal(qi_diag_count(diag, QI_WARNING), 0);
	assert_true(f->converged);
	assert_false(f->separation);
	assert_int_equal(want(&o, "warning", 0), 0.0);
	for (j = 0; j < o.p; j++) {
		near(f->beta[j], want(&o, "coef", j), "coef", j, &maxrel);
		near(f->se[j], want(&o, "se", j), "se", j, &maxrel);
		near(f->z[j], want(&o, "z", j), "z", j, &maxrel);
		near(f->pvalue[j], want(&o, "pvalue", j), "pvalue", j,
		    &maxrel);
	}
	near(f->deviance, want(&o, "deviance", 0), "deviance", 0, &maxrel);
	near(f->null_deviance, want(&o, "null_deviance", 0), "null_deviance",
	    0, &maxrel);
	near(f->aic, want(&o, "aic", 0), "aic", 0, &maxrel);
	near(f->c_stat, want(&o, "c_stat", 0), "c_stat", 0, &maxrel);
	for (i = 0; i < o.k; i++)
		near(f->fitted[i], want(&o, "fitted", i), "fitted", i,
		    &maxrel);

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
		near(ra.expected, want(&o, "expected", h), "expected", h,
		    &maxrel);
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
	oracle_free(&o);
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
	struct oracle		 o;
	struct qi_logit		*f = NULL;
	struct qi_logit_opts	 opts;
	char			*text, quoted[64];
	size_t			 j;

	(void)state;
	oracle_load("separated", &o);
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
	oracle_free(&o);
}

/* R gives NA to the column it finds aliased; qi names the same one. */
static void
test_logit_names_collinear_column_as_r(void **state)
{
	struct oracle	 o;
	struct qi_logit	*f = NULL;
	char		*text, msg[128];
	size_t		 j, naliased = 0;

	(void)state;
	oracle_load("collinear", &o);
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
	oracle_free(&o);
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
	struct oracle		 o;
	struct qi_logit		*f = NULL;
	struct qi_diag		*diag = qi_diag_alloc();
	struct qi_riskadj	 ra;

	(void)state;
	oracle_load("realistic", &o);
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
	oracle_free(&o);
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
		cmocka_unit_test(test_logit_refuses_empty_and_bad_counts),
		cmocka_unit_test(test_logit_reports_no_convergence),
		cmocka_unit_test(test_logit_expected_equals_observed_overall),
		cmocka_unit_test(test_logit_cstat_counts_ties_as_half),
		cmocka_unit_test(test_logit_intercept_only_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
