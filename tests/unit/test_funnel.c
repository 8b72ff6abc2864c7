/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_funnel.c -- unit tests for funnel.c: funnel limits, z-scores,
 * flags and overdispersion.
 *
 * Reference values come from base R 4.2 (qbinom/pbinom/dbinom,
 * qpois/ppois/dpois, uniroot on Wilson's bound, quantile(type = 7)),
 * written by tests/oracle/gen_funnel.R.  Tolerance: relative 1e-9.
 *
 * SPEC: specs/statistics.md#funnel-limits, #overdispersion
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
#include <gsl/gsl_errno.h>

#include "qi.h"
#include "oracle.h"
#include "test_util.h"

#define RELTOL		1e-9

static const double levels[] = { 0.8, 0.95, 0.99, 0.998 };
#define NLEVELS		(sizeof(levels) / sizeof(levels[0]))

/*
 * Every row of funnel_limits.csv: exact, normal and Wilson-inverted
 * limits for proportions (targets 0 to 1, n = 1 to 1e7, fractional n for
 * the approximations) and exact and normal limits for rates (exposure
 * 0.5 to 1e7), at levels 0.8 to 0.998.
 */
static void
test_funnel_limits_match_r_oracle(void **state)
{
	struct oracle_table t;
	double		 lo, hi, maxrel[2][3] = { { 0 } };
	size_t		 i;
	int		 kind, m, rc;

	(void)state;
	oracle_read(ORACLE_DIR "funnel_limits.csv",
	    "kind,method,target,volume,level,lower,upper", &t);
	assert_true(t.nrows >= 1200);
	for (i = 0; i < t.nrows; i++) {
		const struct oracle_row *r = &t.rows[i];

		kind = strcmp(r->cell[0], "poisson") == 0;
		m = qi_name_value(qi_funnel_method_names, r->cell[1]);
		assert_true(m >= 0);
		if (kind)
			rc = qi_funnel_poisson(m, oracle_num(&t, r, 2),
			    oracle_num(&t, r, 3), oracle_num(&t, r, 4),
			    &lo, &hi);
		else
			rc = qi_funnel_proportion(m, oracle_num(&t, r, 2),
			    oracle_num(&t, r, 3), oracle_num(&t, r, 4),
			    &lo, &hi);
		if (rc != 0)
			fail_msg("%s:%zu: refused", t.path, r->lineno);
		oracle_check(&t, r, 5, lo, ORACLE_REL(RELTOL),
		    &maxrel[kind][m]);
		oracle_check(&t, r, 6, hi, ORACLE_REL(RELTOL),
		    &maxrel[kind][m]);
	}
	print_message("%zu oracle rows; max relative error: proportion "
	    "exact %.3g normal %.3g wilson %.3g; poisson exact %.3g normal "
	    "%.3g\n", t.nrows, maxrel[0][0], maxrel[0][1], maxrel[0][2],
	    maxrel[1][0], maxrel[1][1]);
	oracle_free(&t);
}

/* log P(X = k), X ~ Bin(n, p), for the small n of these tests. */
static double
binom_lpmf(int k, int n, double p)
{
	return lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0) +
	    k * log(p) + (n - k) * log1p(-p);
}

/*
 * The convention of the exact limits: a whole count x of n is below the
 * lower limit exactly when P(X <= x) < tail and above the upper exactly
 * when P(X >= x) < tail -- the one-sided exact binomial tests.  Tails are
 * summed here term by term; near-ties are skipped.
 */
static void
test_funnel_exact_flags_are_exact_binomial_tests(void **state)
{
	static const double targets[] = { 0.002, 0.05, 0.3, 0.5, 0.77, 0.98 };
	static const int ns[] = { 1, 2, 7, 30, 120 };
	double		 lo, hi, tail, ple, pge, t;
	size_t		 a, b, c;
	int		 x, j, n, checked = 0;

	(void)state;
	for (a = 0; a < sizeof(targets) / sizeof(targets[0]); a++)
		for (b = 0; b < sizeof(ns) / sizeof(ns[0]); b++)
			for (c = 0; c < NLEVELS; c++) {
				t = targets[a];
				n = ns[b];
				tail = (1.0 - levels[c]) / 2.0;
				assert_int_equal(qi_funnel_proportion(
				    QI_FUNNEL_EXACT, t, n, levels[c], &lo,
				    &hi), 0);
				for (x = 0; x <= n; x++) {
					ple = pge = 0.0;
					for (j = 0; j <= n; j++) {
						if (j <= x)
							ple += exp(binom_lpmf(
							    j, n, t));
						if (j >= x)
							pge += exp(binom_lpmf(
							    j, n, t));
					}
					if (fabs(ple - tail) > 1e-9) {
						assert_int_equal(x < lo * n,
						    ple < tail);
						checked++;
					}
					if (fabs(pge - tail) > 1e-9) {
						assert_int_equal(x > hi * n,
						    pge < tail);
						checked++;
					}
				}
			}
	assert_true(checked > 1000);
}

/*
 * An indicator and its complement (complications and their absence)
 * give mirrored funnels: lower(t) = 1 - upper(1 - t).  The paper's own
 * upper formula (r - a)/n would miss this by 1/n.
 */
static void
test_funnel_exact_mirrors_complement(void **state)
{
	static const double targets[] = { 0, 1e-4, 0.03, 0.25, 0.5, 0.9 };
	static const double ns[] = { 1, 3, 25, 400, 1e5 };
	double		 lo, hi, mlo, mhi;
	size_t		 a, b, c;

	(void)state;
	for (a = 0; a < sizeof(targets) / sizeof(targets[0]); a++)
		for (b = 0; b < sizeof(ns) / sizeof(ns[0]); b++)
			for (c = 0; c < NLEVELS; c++) {
				assert_int_equal(qi_funnel_proportion(
				    QI_FUNNEL_EXACT, targets[a], ns[b],
				    levels[c], &lo, &hi), 0);
				assert_int_equal(qi_funnel_proportion(
				    QI_FUNNEL_EXACT, 1.0 - targets[a], ns[b],
				    levels[c], &mlo, &mhi), 0);
				assert_near_abs(lo, 1.0 - mhi, 1e-12);
				assert_near_abs(hi, 1.0 - mlo, 1e-12);
			}
}

/*
 * PHE's Wilson-inverted limits are the normal ones: a Wilson bound of p
 * is t exactly when (p - t)^2 = z^2 t(1 - t)/n.
 */
static void
test_funnel_wilson_is_normal(void **state)
{
	static const double targets[] = { 0, 0.001, 0.2, 0.5, 0.97, 1 };
	static const double ns[] = { 0.5, 1, 17.5, 1e4, 1e9 };
	double		 lo, hi, nlo, nhi;
	size_t		 a, b, c;

	(void)state;
	for (a = 0; a < sizeof(targets) / sizeof(targets[0]); a++)
		for (b = 0; b < sizeof(ns) / sizeof(ns[0]); b++)
			for (c = 0; c < NLEVELS; c++) {
				assert_int_equal(qi_funnel_proportion(
				    QI_FUNNEL_WILSON, targets[a], ns[b],
				    levels[c], &lo, &hi), 0);
				assert_int_equal(qi_funnel_proportion(
				    QI_FUNNEL_NORMAL, targets[a], ns[b],
				    levels[c], &nlo, &nhi), 0);
				assert_true(lo == nlo && hi == nhi);
				assert_true(0.0 <= lo && lo <= hi && hi <= 1.0);
			}
}

/* Funnels narrow as volume grows and widen as the level rises. */
static void
test_funnel_limits_nest(void **state)
{
	static const double ns[] = { 1, 2, 5, 20, 100, 1000, 1e5, 1e7 };
	double		 lo, hi, plo, phi;
	size_t		 b, c;
	int		 m;

	(void)state;
	for (m = QI_FUNNEL_EXACT; m <= QI_FUNNEL_NORMAL; m++)
		for (c = 0; c < NLEVELS; c++) {
			plo = 0.0;
			phi = 1.0;
			for (b = 0; b < sizeof(ns) / sizeof(ns[0]); b++) {
				assert_int_equal(qi_funnel_proportion(m, 0.12,
				    ns[b], levels[c], &lo, &hi), 0);
				assert_true(lo >= plo && hi <= phi);
				assert_true(lo <= 0.12 && 0.12 <= hi);
				plo = lo;
				phi = hi;
			}
		}
	for (c = 1; c < NLEVELS; c++) {
		assert_int_equal(qi_funnel_poisson(QI_FUNNEL_EXACT, 1.0, 40.0,
		    levels[c - 1], &plo, &phi), 0);
		assert_int_equal(qi_funnel_poisson(QI_FUNNEL_EXACT, 1.0, 40.0,
		    levels[c], &lo, &hi), 0);
		assert_true(lo < plo && hi > phi);
	}
}

static void
test_funnel_rejects_bad_arguments(void **state)
{
	double		 lo, hi;

	(void)state;
	/* Exact needs a whole n of at most 1e10; the others take any n > 0. */
	assert_int_equal(qi_funnel_proportion(QI_FUNNEL_EXACT, 0.1, 10.5,
	    0.95, &lo, &hi), -1);
	assert_true(isnan(lo) && isnan(hi));
	assert_int_equal(qi_funnel_proportion(QI_FUNNEL_EXACT, 0.1, 2e10,
	    0.95, &lo, &hi), -1);
	assert_int_equal(qi_funnel_proportion(QI_FUNNEL_NORMAL, 0.1, 10.5,
	    0.95, &lo, &hi), 0);
	assert_int_equal(qi_funnel_proportion(QI_FUNNEL_NORMAL, 0.1, 0.0,
	    0.95, &lo, &hi), -1);
	assert_int_equal(qi_funnel_proportion(QI_FUNNEL_NORMAL, 1.01, 10.0,
	    0.95, &lo, &hi), -1);
	assert_int_equal(qi_funnel_proportion(QI_FUNNEL_NORMAL, -0.01, 10.0,
	    0.95, &lo, &hi), -1);
	assert_int_equal(qi_funnel_proportion(QI_FUNNEL_EXACT, 0.1, 10.0,
	    95.0, &lo, &hi), -1);
	assert_int_equal(qi_funnel_proportion(QI_FUNNEL_EXACT, 0.1, 10.0,
	    1.0, &lo, &hi), -1);
	assert_int_equal(qi_funnel_proportion(QI_FUNNEL_EXACT, NAN, 10.0,
	    0.95, &lo, &hi), -1);
	assert_int_equal(qi_funnel_proportion((enum qi_funnel_method)9, 0.1,
	    10.0, 0.95, &lo, &hi), -1);
	assert_int_equal(qi_funnel_proportion(QI_FUNNEL_EXACT, 0.1, 10.0,
	    0.95, NULL, &hi), -1);
	/* Rates: no Wilson; positive exposure; target >= 0. */
	assert_int_equal(qi_funnel_poisson(QI_FUNNEL_WILSON, 1.0, 10.0, 0.95,
	    &lo, &hi), -1);
	assert_true(isnan(lo) && isnan(hi));
	assert_int_equal(qi_funnel_poisson(QI_FUNNEL_EXACT, 1.0, 0.0, 0.95,
	    &lo, &hi), -1);
	assert_int_equal(qi_funnel_poisson(QI_FUNNEL_EXACT, -1.0, 10.0, 0.95,
	    &lo, &hi), -1);
	assert_int_equal(qi_funnel_poisson(QI_FUNNEL_EXACT, 1.0, 2e10, 0.95,
	    &lo, &hi), -1);
	assert_int_equal(qi_funnel_poisson(QI_FUNNEL_EXACT, 1.0, INFINITY,
	    0.95, &lo, &hi), -1);
}

/*
 * z-scores of od_zscores.csv: proportions (x/n - t)/sqrt(t(1-t)/n) and
 * ratios (O - E)/sqrt(E) with target 1, and their standard errors.
 */
static void
test_funnel_z_scores_match_r_oracle(void **state)
{
	struct oracle_table t;
	double		 x, v, tg, z, s, maxrel = 0.0;
	size_t		 i;

	(void)state;
	oracle_read(ORACLE_DIR "od_zscores.csv",
	    "set,kind,target,x,volume,z,s", &t);
	assert_true(t.nrows >= 100);
	for (i = 0; i < t.nrows; i++) {
		const struct oracle_row *r = &t.rows[i];

		tg = oracle_num(&t, r, 2);
		x = oracle_num(&t, r, 3);
		v = oracle_num(&t, r, 4);
		if (strcmp(r->cell[1], "poisson") == 0) {
			z = qi_funnel_z_poisson(x, v, tg);
			s = qi_funnel_se_poisson(tg, v);
		} else {
			z = qi_funnel_z_proportion(x, v, tg);
			s = qi_funnel_se_proportion(tg, v);
		}
		oracle_check(&t, r, 5, z, ORACLE_REL(RELTOL), &maxrel);
		oracle_check(&t, r, 6, s, ORACLE_REL(RELTOL), &maxrel);
	}
	print_message("%zu z-scores; max relative error %.3g\n", t.nrows,
	    maxrel);
	oracle_free(&t);
	/* No spread under the target: no z. */
	assert_true(isnan(qi_funnel_z_proportion(0.0, 10.0, 0.0)));
	assert_true(isnan(qi_funnel_z_proportion(10.0, 10.0, 1.0)));
	assert_true(isnan(qi_funnel_z_poisson(1.0, 10.0, 0.0)));
	assert_true(isnan(qi_funnel_se_proportion(0.5, 0.0)));
}

/* Values on a limit are inside it; the bands are ordered. */
static void
test_funnel_flag_bands(void **state)
{
	(void)state;
	assert_int_equal(qi_funnel_flag(0.05, 0.2, 0.4, 0.1, 0.5),
	    QI_FUNNEL_BELOW_OUTER);
	assert_int_equal(qi_funnel_flag(0.1, 0.2, 0.4, 0.1, 0.5),
	    QI_FUNNEL_BELOW_INNER);
	assert_int_equal(qi_funnel_flag(0.2, 0.2, 0.4, 0.1, 0.5),
	    QI_FUNNEL_WITHIN);
	assert_int_equal(qi_funnel_flag(0.4, 0.2, 0.4, 0.1, 0.5),
	    QI_FUNNEL_WITHIN);
	assert_int_equal(qi_funnel_flag(0.45, 0.2, 0.4, 0.1, 0.5),
	    QI_FUNNEL_ABOVE_INNER);
	assert_int_equal(qi_funnel_flag(0.5, 0.2, 0.4, 0.1, 0.5),
	    QI_FUNNEL_ABOVE_INNER);
	assert_int_equal(qi_funnel_flag(0.51, 0.2, 0.4, 0.1, 0.5),
	    QI_FUNNEL_ABOVE_OUTER);
	assert_string_equal(qi_name_of(qi_funnel_flag_names,
	    QI_FUNNEL_ABOVE_OUTER), "above_outer");
	assert_int_equal(qi_name_value(qi_funnel_method_names, "wilson"),
	    QI_FUNNEL_WILSON);
}

/* The units of one overdispersion set, gathered from od_units.csv. */
struct od_set {
	char	 name[64];
	double	 z[64], s[64];
	size_t	 k;
};

static void
od_set_load(const struct oracle_table *u, const char *name,
    struct od_set *set)
{
	size_t	 i;

	memset(set, 0, sizeof(*set));
	snprintf(set->name, sizeof(set->name), "%s", name);
	for (i = 0; i < u->nrows; i++) {
		if (strcmp(u->rows[i].cell[0], name) != 0)
			continue;
		assert_true(set->k < 64);
		set->z[set->k] = oracle_num(u, &u->rows[i], 1);
		set->s[set->k] = oracle_num(u, &u->rows[i], 2);
		set->k++;
	}
	if (set->k == 0)
		fail_msg("no units for set %s", name);
}

/*
 * phi, tau2 and the winsorising bounds of od_fit.csv: sets of 2 to 40
 * units, overdispersed, binomial, underdispersed, phi just below 1 with
 * k phi > k - 1, trim 0, 0.1 and 0.2; and the test for overdispersion's
 * p-value.
 */
static void
test_od_fit_matches_r_oracle(void **state)
{
	struct oracle_table u, f;
	struct od_set	 set;
	struct qi_od	 od;
	double		 maxrel = 0.0;
	size_t		 i;

	(void)state;
	oracle_read(ORACLE_DIR "od_units.csv", "set,z,s", &u);
	oracle_read(ORACLE_DIR "od_fit.csv",
	    "set,trim,k,zlo,zhi,phi,tau2,p", &f);
	assert_true(f.nrows >= 24);
	for (i = 0; i < f.nrows; i++) {
		const struct oracle_row *r = &f.rows[i];

		od_set_load(&u, r->cell[0], &set);
		assert_int_equal(qi_od_estimate(set.z, set.s, set.k,
		    oracle_num(&f, r, 1), &od), 0);
		assert_int_equal(od.k, (size_t)oracle_num(&f, r, 2));
		oracle_check(&f, r, 3, od.zlo, ORACLE_REL(RELTOL), &maxrel);
		oracle_check(&f, r, 4, od.zhi, ORACLE_REL(RELTOL), &maxrel);
		oracle_check(&f, r, 5, od.phi, ORACLE_REL(RELTOL), &maxrel);
		oracle_check(&f, r, 6, od.tau2, ORACLE_REL(RELTOL), &maxrel);
		oracle_check(&f, r, 7, od.p, ORACLE_REL(RELTOL), &maxrel);
	}
	print_message("%zu fits; max relative error %.3g\n", f.nrows, maxrel);
	oracle_free(&u);
	oracle_free(&f);
}

/* Limits of od_limits.csv: none, multiplicative and additive. */
static void
test_od_limits_match_r_oracle(void **state)
{
	struct oracle_table u, l;
	struct od_set	 set;
	struct qi_od	 od;
	double		 lo, hi, maxrel = 0.0;
	size_t		 i;
	int		 model;

	(void)state;
	oracle_read(ORACLE_DIR "od_units.csv", "set,z,s", &u);
	oracle_read(ORACLE_DIR "od_limits.csv",
	    "set,model,target,s,level,min,max,lower,upper", &l);
	assert_true(l.nrows >= 600);
	set.name[0] = '\0';
	for (i = 0; i < l.nrows; i++) {
		const struct oracle_row *r = &l.rows[i];

		if (strcmp(set.name, r->cell[0]) != 0) {
			od_set_load(&u, r->cell[0], &set);
			assert_int_equal(qi_od_estimate(set.z, set.s, set.k,
			    0.1, &od), 0);
		}
		model = qi_name_value(qi_od_model_names, r->cell[1]);
		assert_true(model >= 0);
		assert_int_equal(qi_od_limits(&od, model, oracle_num(&l, r, 2),
		    oracle_num(&l, r, 3), oracle_num(&l, r, 4),
		    oracle_num(&l, r, 5), oracle_num(&l, r, 6), &lo, &hi), 0);
		oracle_check(&l, r, 7, lo, ORACLE_REL(RELTOL), &maxrel);
		oracle_check(&l, r, 8, hi, ORACLE_REL(RELTOL), &maxrel);
	}
	print_message("%zu limits; max relative error %.3g\n", l.nrows,
	    maxrel);
	oracle_free(&u);
	oracle_free(&l);
}

/*
 * phi <= 1: no adjustment, even where DerSimonian-Laird gives tau2 > 0
 * (k phi > k - 1); phi > 1 widens both models.
 */
static void
test_od_phi_at_most_one_keeps_unadjusted_limits(void **state)
{
	/* Sum of squares 9.42 over 10 units: phi 0.942, tau2 > 0. */
	static const double z[] = { -1.2, -1.1, -1.0, -0.9, -0.5, 0.5, 0.9,
	    1.0, 1.1, 1.2 };
	static const double s[] = { 0.05, 0.04, 0.06, 0.03, 0.05, 0.02, 0.05,
	    0.04, 0.03, 0.06 };
	struct qi_od	 od;
	double		 lo, hi, ulo, uhi;
	int		 m;

	(void)state;
	assert_int_equal(qi_od_estimate(z, s, 10, 0.0, &od), 0);
	assert_near(od.phi, 0.942, 1e-14);
	assert_true(od.tau2 > 0.0);
	assert_int_equal(qi_od_limits(&od, QI_OD_NONE, 0.5, 0.05, 0.95, 0.0,
	    1.0, &ulo, &uhi), 0);
	for (m = QI_OD_MULTIPLICATIVE; m <= QI_OD_ADDITIVE; m++) {
		assert_int_equal(qi_od_limits(&od, m, 0.5, 0.05, 0.95, 0.0,
		    1.0, &lo, &hi), 0);
		assert_true(lo == ulo && hi == uhi);
	}
	od.phi = 1.5;
	for (m = QI_OD_MULTIPLICATIVE; m <= QI_OD_ADDITIVE; m++) {
		assert_int_equal(qi_od_limits(&od, m, 0.5, 0.05, 0.95, 0.0,
		    1.0, &lo, &hi), 0);
		assert_true(lo < ulo && hi > uhi);
	}
}

/* Winsorising clamps the extremes only: phi with trim 0 is mean z^2. */
static void
test_od_winsorises_at_type7_quantiles(void **state)
{
	/* Sorted 1..11 (shuffled): type 7 at 0.1 is 2, at 0.9 is 10. */
	static const double z[] = { 5, 11, 1, 7, 3, 9, 2, 10, 4, 8, 6 };
	static const double s[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	struct qi_od	 od;

	(void)state;
	assert_int_equal(qi_od_estimate(z, s, 11, 0.1, &od), 0);
	assert_true(od.zlo == 2.0 && od.zhi == 10.0);
	/* (2^2 + 2^2 + 3^2 + ... + 9^2 + 10^2 + 10^2) / 11 */
	assert_near(od.phi, (4.0 + 4.0 + 9 + 16 + 25 + 36 + 49 + 64 + 81 +
	    100 + 100) / 11.0, 1e-15);
	/* Equal weights: sum w - sum w^2 / sum w = k - 1. */
	assert_near(od.tau2, (11.0 * od.phi - 10.0) / 10.0, 1e-15);
	assert_int_equal(qi_od_estimate(z, s, 11, 0.0, &od), 0);
	assert_true(od.zlo == 1.0 && od.zhi == 11.0);
	assert_near(od.phi, 506.0 / 11.0, 1e-15);
}

static void
test_od_rejects_bad_input(void **state)
{
	static const double z[] = { 1.0, -2.0, 0.5 };
	static const double s[] = { 0.1, 0.2, 0.3 };
	static const double s0[] = { 0.1, 0.0, 0.3 };
	static const double zn[] = { 1.0, NAN, 0.5 };
	struct qi_od	 od;
	double		 lo, hi;

	(void)state;
	assert_int_equal(qi_od_estimate(z, s, 1, 0.1, &od), -1);
	assert_true(od.k == 0 && od.phi == 0.0);
	assert_int_equal(qi_od_estimate(z, s0, 3, 0.1, &od), -1);
	assert_int_equal(qi_od_estimate(zn, s, 3, 0.1, &od), -1);
	assert_int_equal(qi_od_estimate(z, s, 3, 0.5, &od), -1);
	assert_int_equal(qi_od_estimate(z, s, 3, -0.1, &od), -1);
	assert_int_equal(qi_od_estimate(NULL, s, 3, 0.1, &od), -1);
	assert_int_equal(qi_od_estimate(z, s, 2, 0.1, &od), 0);
	assert_int_equal(qi_od_limits(&od, QI_OD_ADDITIVE, 0.5, 0.0, 0.95,
	    0.0, 1.0, &lo, &hi), -1);
	assert_true(isnan(lo) && isnan(hi));
	assert_int_equal(qi_od_limits(&od, QI_OD_ADDITIVE, 1.5, 0.1, 0.95,
	    0.0, 1.0, &lo, &hi), -1);
	assert_int_equal(qi_od_limits(&od, (enum qi_od_model)7, 0.5, 0.1,
	    0.95, 0.0, 1.0, &lo, &hi), -1);
	assert_int_equal(qi_od_limits(&od, QI_OD_NONE, 0.5, 0.1, 0.0, 0.0,
	    1.0, &lo, &hi), -1);
}

/*
 * The worked example of specs/statistics.md#funnel-limits: target 0.12,
 * n = 50, 95%: exact [0.026237, 0.22790] (the paper's upper formula would
 * give 0.20790), normal [0.029927, 0.210073]; 11 of 50 within, 12 of 50
 * above.  O/E with E = 20: exact [0.56025, 1.48729].  R values from
 * qbinom/pbinom/dbinom and qpois/ppois/dpois.
 */
static void
test_funnel_spec_worked_example(void **state)
{
	double		 lo, hi, nlo, nhi;

	(void)state;
	assert_int_equal(qi_funnel_proportion(QI_FUNNEL_EXACT, 0.12, 50.0,
	    0.95, &lo, &hi), 0);
	assert_near(lo, 0.026236562104078088, 1e-13);
	assert_near(hi, 0.22790354545912553, 1e-13);
	assert_near(hi - 1.0 / 50.0, 0.20790354545912554, 1e-13);
	assert_int_equal(qi_funnel_proportion(QI_FUNNEL_NORMAL, 0.12, 50.0,
	    0.95, &nlo, &nhi), 0);
	assert_near(nlo, 0.029926912846810955, 1e-14);
	assert_near(nhi, 0.21007308715318904, 1e-14);
	assert_int_equal(qi_funnel_flag(11.0 / 50.0, lo, hi, 0.0, 1.0),
	    QI_FUNNEL_WITHIN);
	assert_int_equal(qi_funnel_flag(12.0 / 50.0, lo, hi, 0.0, 1.0),
	    QI_FUNNEL_ABOVE_INNER);
	assert_near(qi_funnel_z_proportion(12.0, 50.0, 0.12), 2.611165, 1e-6);
	assert_int_equal(qi_funnel_poisson(QI_FUNNEL_EXACT, 1.0, 20.0, 0.95,
	    &lo, &hi), 0);
	assert_near(lo, 0.56025005192244204, 1e-13);
	assert_near(hi, 1.4872884335020131, 1e-13);
}

static int
setup(void **state)
{
	(void)state;
	qi_stats_init();	/* as main() does */
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_funnel_limits_match_r_oracle),
		cmocka_unit_test(
		    test_funnel_exact_flags_are_exact_binomial_tests),
		cmocka_unit_test(test_funnel_exact_mirrors_complement),
		cmocka_unit_test(test_funnel_wilson_is_normal),
		cmocka_unit_test(test_funnel_limits_nest),
		cmocka_unit_test(test_funnel_rejects_bad_arguments),
		cmocka_unit_test(test_funnel_z_scores_match_r_oracle),
		cmocka_unit_test(test_funnel_flag_bands),
		cmocka_unit_test(test_funnel_spec_worked_example),
		cmocka_unit_test(test_od_fit_matches_r_oracle),
		cmocka_unit_test(test_od_limits_match_r_oracle),
		cmocka_unit_test(
		    test_od_phi_at_most_one_keeps_unadjusted_limits),
		cmocka_unit_test(test_od_winsorises_at_type7_quantiles),
		cmocka_unit_test(test_od_rejects_bad_input),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
