/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * logit.c -- logistic regression on grouped binomial data, for risk
 * adjustment: the checks that make a fit meaningful, iteratively
 * reweighted least squares on GSL's QR, and the fit's summaries
 * (standard errors, deviances, AIC, c-statistic).
 *
 * Each pattern i has a covariate row x_i (p values, x_i0 = 1), n_i stays
 * and y_i events; the model is logit P(event) = x_i' beta.  Patterns with
 * n_i = 0 carry no information and are skipped everywhere; "the patterns"
 * below means those with n_i > 0.
 *
 * SPEC: specs/statistics.md#risk-adjustment
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_vector.h>

#include "stats.h"

#define LOGIT_MAX_ITER	25	/* default iterations, as R's glm.control */
#define LOGIT_TOL	1e-10	/* default deviance tolerance (R: 1e-8) */
#define LOGIT_RANK_TOL	1e-11	/* |R_jj| below this times the column norm:
				   collinear (R's glm.fit at its defaults) */
#define LOGIT_SEP_STEP	0.5	/* a further Newton step that moves some
				   pattern's linear predictor by more than
				   this (logits) after the deviance has
				   settled means the estimates diverge */
#define LOGIT_SEP_SHARE	0.1	/* name covariates whose step is at least
				   this share of the largest */
#define LOGIT_HALVINGS	30	/* step halvings when the deviance rises */
#define LOGIT_COEF_EPS	1e-6	/* coefficients shown in a collinearity */

/* The data of one fit, borrowed from the caller. */
struct design {
	size_t			 k, p;
	const double		*x, *y, *n;
	const char *const	*names;
	const char		*file;
	struct qi_diag		*diag;
};

/* Working storage of the fit, over the m patterns with n > 0. */
struct work {
	size_t		 m;	/* patterns with n > 0 */
	size_t		*row;	/* [m] their indices into the design */
	double		*eta;	/* [k] linear predictors */
	gsl_matrix	*a;	/* m x p: sqrt(w) x, then its QR */
	gsl_vector	*tau;	/* p Householder coefficients */
	gsl_vector	*b;	/* m right-hand side */
	gsl_vector	*res;	/* m residual */
	gsl_vector	*beta;	/* p */
	gsl_vector	*step;	/* p */
};

void
qi_logit_opts_defaults(struct qi_logit_opts *o)
{
	o->max_iter = LOGIT_MAX_ITER;
	o->tol = LOGIT_TOL;
	o->allow_separation = 0;
}

/* Name of column j for messages; buf holds at least 32 bytes. */
static const char *
colname(const struct design *d, size_t j, char *buf, size_t sz)
{
	if (d->names != NULL && d->names[j] != NULL)
		return d->names[j];
	snprintf(buf, sz, "x%zu", j);
	return buf;
}

/* log(1 + e^t) without overflow or loss for large |t|. */
static double
softplus(double t)
{
	return t > 0.0 ? t + log1p(exp(-t)) : log1p(exp(t));
}

/* p = expit(eta) and q = 1 - p, each to full relative precision. */
static void
expit2(double eta, double *p, double *q)
{
	double	 e;

	if (eta <= 0.0) {
		e = exp(eta);
		*p = e / (1.0 + e);
		*q = 1.0 / (1.0 + e);
	} else {
		e = exp(-eta);
		*p = 1.0 / (1.0 + e);
		*q = e / (1.0 + e);
	}
}

/*
 * Deviance contribution of y events in n stays at linear predictor eta:
 * 2 [y log(y / np) + (n - y) log((n - y) / nq)], with 0 log 0 = 0 and
 * log p = -softplus(-eta), log q = -softplus(eta).
 */
static double
dev_term(double y, double n, double eta)
{
	double	 d = 0.0;

	if (y > 0.0)
		d += y * (log(y / n) + softplus(-eta));
	if (n - y > 0.0)
		d += (n - y) * (log((n - y) / n) + softplus(eta));
	return 2.0 * d;
}

/* eta = X beta for every pattern (also those with n = 0). */
static void
linpred(const struct design *d, const gsl_vector *beta, double *eta)
{
	size_t	 i, j;
	double	 s;

	for (i = 0; i < d->k; i++) {
		s = 0.0;
		for (j = 0; j < d->p; j++)
			s += d->x[i * d->p + j] * gsl_vector_get(beta, j);
		eta[i] = s;
	}
}

static double
deviance(const struct design *d, const struct work *w)
{
	size_t	 r, i;
	double	 dev = 0.0;

	for (r = 0; r < w->m; r++) {
		i = w->row[r];
		dev += dev_term(d->y[i], d->n[i], w->eta[i]);
	}
	return dev;
}

/*
 * Load the weighted least-squares problem of one IRLS iteration at the
 * current eta: rows sqrt(w_i) x_i with w_i = n_i p_i q_i, and right-hand
 * side sqrt(w_i) z_i, z_i = eta_i + (y_i - n_i p_i) / w_i the working
 * response (McCullagh and Nelder 1989, 2.5), formed without dividing
 * by w_i.  With newton set, eta_i is left out of z_i, so that the solution
 * is the Newton step rather than the new beta.  Returns -1 if a weight
 * underflows to 0 (the pattern's probability is 0 or 1 in floating point).
 */
static int
load_wls(const struct design *d, struct work *w, int newton)
{
	size_t	 r, i, j;
	double	 p, q, sw;

	for (r = 0; r < w->m; r++) {
		i = w->row[r];
		expit2(w->eta[i], &p, &q);
		sw = sqrt(d->n[i] * p * q);
		if (!(sw > 0.0))
			return -1;
		for (j = 0; j < d->p; j++)
			gsl_matrix_set(w->a, r, j, sw * d->x[i * d->p + j]);
		gsl_vector_set(w->b, r, (newton ? 0.0 : sw * w->eta[i]) +
		    (d->y[i] - d->n[i] * p) / sw);
	}
	return 0;
}

/*
 * QR of w->a and the least-squares solution of a x = b into out.  Returns
 * 0, or -1 if GSL fails or R has a zero on its diagonal.
 */
static int
solve_wls(struct work *w, gsl_vector *out)
{
	size_t	 j;

	if (gsl_linalg_QR_decomp(w->a, w->tau) != GSL_SUCCESS)
		return -1;
	for (j = 0; j < w->a->size2; j++)
		if (gsl_matrix_get(w->a, j, j) == 0.0)
			return -1;
	if (gsl_linalg_QR_lssolve(w->a, w->tau, w->b, out, w->res) !=
	    GSL_SUCCESS)
		return -1;
	return 0;
}

/*
 * Input checks that need no fit: counts, the intercept column, and
 * outcomes.  Every problem is reported.  Returns the number of errors.
 */
static size_t
check_counts(const struct design *d, double *stays, double *events)
{
	size_t	 i, j, nerr = 0;
	double	 xv, yv, nv;

	*stays = *events = 0.0;
	for (i = 0; i < d->k; i++) {
		yv = d->y[i];
		nv = d->n[i];
		if (!isfinite(nv) || nv < 0.0 || nv != floor(nv) ||
		    !isfinite(yv) || yv < 0.0 || yv != floor(yv) || yv > nv) {
			qi_diag_add(d->diag, QI_ERROR, d->file, 0, 0,
			    "stays and events of a pattern are whole "
			    "numbers with 0 <= events <= stays",
			    "risk model: covariate pattern %zu has %g events "
			    "in %g stays", i + 1, yv, nv);
			nerr++;
			continue;
		}
		for (j = 0; j < d->p; j++) {
			xv = d->x[i * d->p + j];
			if (!isfinite(xv) || (j == 0 && xv != 1.0)) {
				qi_diag_add(d->diag, QI_ERROR, d->file, 0, 0,
				    j == 0 ? "column 0 is the intercept, 1 "
				    "in every pattern" : "covariates are "
				    "finite numbers",
				    "risk model: covariate pattern %zu has "
				    "%g in column %zu", i + 1, xv, j);
				nerr++;
			}
		}
		*stays += nv;
		*events += yv;
	}
	if (nerr > 0)
		return nerr;
	if (*stays == 0.0) {
		qi_diag_add(d->diag, QI_ERROR, d->file, 0, 0,
		    "a risk model is fitted to the stays of every hospital "
		    "in the period",
		    "risk model: no stays to fit");
		return 1;
	}
	if (*events == 0.0 || *events == *stays) {
		qi_diag_add(d->diag, QI_ERROR, d->file, 0, 0,
		    "the outcome must vary: a model of an outcome that never "
		    "(or always) happens has no finite intercept",
		    "risk model: %s of the %.0f stays is an event",
		    *events == 0.0 ? "none" : "every one", *stays);
		return 1;
	}
	return 0;
}

/* Minimum and maximum of column j over the patterns. */
static void
col_range(const struct design *d, const struct work *w, size_t j,
    double *lo, double *hi)
{
	size_t	 r;
	double	 v;

	*lo = INFINITY;
	*hi = -INFINITY;
	for (r = 0; r < w->m; r++) {
		v = d->x[w->row[r] * d->p + j];
		*lo = fmin(*lo, v);
		*hi = fmax(*hi, v);
	}
}

/* Covariates that take one value in every stay.  Returns the count. */
static size_t
check_variation(const struct design *d, const struct work *w)
{
	size_t	 j, nerr = 0;
	double	 lo, hi;
	char	 buf[32];

	for (j = 1; j < d->p; j++) {
		col_range(d, w, j, &lo, &hi);
		if (lo == hi) {
			qi_diag_add(d->diag, QI_ERROR, d->file, 0, 0,
			    "a covariate that never varies is absorbed by "
			    "the intercept: remove it from the model",
			    "risk model: covariate '%s' is %g in every stay",
			    colname(d, j, buf, sizeof(buf)), lo);
			nerr++;
		}
	}
	return nerr;
}

/*
 * Collinearity: each column in turn, weighted by sw (sqrt(n mu (1 - mu))
 * at the starting values, as the first iteration of R's glm.fit), is
 * projected out of the columns kept so far by Householder QR; if what
 * remains is below LOGIT_RANK_TOL of its norm, the column is a linear
 * combination of earlier ones, which are named with their coefficients.
 * Such a column is then left out, and the next ones are checked against
 * the rest.  Columns are taken in order, so the later of two collinear
 * columns is named, as R's glm gives NA to it.  Columns without
 * variation are skipped (check_variation reports them).  Adds the number of
 * collinear columns to *nerr; returns 0, or -1 if GSL failed.
 */
static int
check_collinear(const struct design *d, struct work *w, const double *sw,
    size_t *nerr)
{
	size_t		 j, c, r, mk, *kept;
	gsl_matrix_view	 v;
	gsl_vector_view	 t;
	double		 norm, rjj, *coef, s, lo, hi;
	GString		*comb;
	char		 buf[32], buf2[32];
	int		 rc = -1;

	kept = g_new(size_t, d->p);
	coef = g_new(double, d->p);
	comb = g_string_new(NULL);
	mk = 0;
	for (j = 0; j < d->p; j++) {
		if (j > 0) {
			col_range(d, w, j, &lo, &hi);
			if (lo == hi)
				continue;	/* check_variation's */
		}
		kept[mk] = j;
		v = gsl_matrix_submatrix(w->a, 0, 0, w->m, mk + 1);
		for (r = 0; r < w->m; r++)
			for (c = 0; c <= mk; c++)
				gsl_matrix_set(&v.matrix, r, c, sw[r] *
				    d->x[w->row[r] * d->p + kept[c]]);
		norm = 0.0;
		for (r = 0; r < w->m; r++)
			norm = hypot(norm, gsl_matrix_get(&v.matrix, r, mk));
		t = gsl_vector_subvector(w->tau, 0, mk + 1);
		if (gsl_linalg_QR_decomp(&v.matrix, &t.vector) != GSL_SUCCESS)
			goto out;
		rjj = fabs(gsl_matrix_get(&v.matrix, mk, mk));
		if (rjj > LOGIT_RANK_TOL * norm) {
			mk++;
			continue;
		}
		/* R11 coef = R12: the combination of the kept columns. */
		for (c = mk; c-- > 0;) {
			s = gsl_matrix_get(&v.matrix, c, mk);
			for (r = c + 1; r < mk; r++)
				s -= gsl_matrix_get(&v.matrix, c, r) * coef[r];
			coef[c] = s / gsl_matrix_get(&v.matrix, c, c);
		}
		g_string_truncate(comb, 0);
		for (c = 0; c < mk; c++) {
			if (fabs(coef[c]) < LOGIT_COEF_EPS)
				continue;
			g_string_append_printf(comb, " %s %.6g %s",
			    coef[c] < 0.0 ? "-" : "+", fabs(coef[c]),
			    colname(d, kept[c], buf2, sizeof(buf2)));
		}
		qi_diag_add(d->diag, QI_ERROR, d->file, 0, 0,
		    "collinear covariates have no separate effects: remove "
		    "one of them (of a categorical covariate's levels, leave "
		    "one out as the reference)",
		    "risk model: covariate '%s' is a linear combination of "
		    "earlier columns: %s =%s", colname(d, j, buf, sizeof(buf)),
		    colname(d, j, buf, sizeof(buf)),
		    comb->len > 0 ? comb->str : " 0");
		(*nerr)++;
	}
	rc = 0;
out:
	g_free(kept);
	g_free(coef);
	g_string_free(comb, TRUE);
	return rc;
}

/*
 * Separation read from the data (Albert and Anderson 1984): for a
 * covariate j with range [lo, hi], if the stays with x_j > lo (or those
 * with x_j < hi) all had the event, or none had it, then moving beta_j
 * (with the intercept) without bound raises the likelihood: the MLE does
 * not exist.  For a 0/1 flag this is "every stay with the flag (or
 * without it) had the same outcome".  Separation by a combination of
 * covariates is left to the divergence rule after the fit.  Each case is
 * reported at level lvl; returns their number.
 */
static size_t
check_separation_data(const struct design *d, const struct work *w,
    enum qi_level lvl)
{
	size_t		 j, r, i, side, nsep = 0;
	double		 lo, hi, cut, v, ns, ys;
	int		 binary;
	char		 buf[32];
	const char	*nm;

	for (j = 1; j < d->p; j++) {
		col_range(d, w, j, &lo, &hi);
		if (lo == hi)
			continue;	/* check_variation's */
		binary = 1;
		for (r = 0; r < w->m; r++) {
			v = d->x[w->row[r] * d->p + j];
			if (v != lo && v != hi)
				binary = 0;
		}
		for (side = 0; side < 2; side++) {
			cut = side == 0 ? lo : hi;
			ns = ys = 0.0;
			for (r = 0; r < w->m; r++) {
				i = w->row[r];
				v = d->x[i * d->p + j];
				if (side == 0 ? v > cut : v < cut) {
					ns += d->n[i];
					ys += d->y[i];
				}
			}
			if (ys != 0.0 && ys != ns)
				continue;
			nm = colname(d, j, buf, sizeof(buf));
			qi_diag_add(d->diag, lvl, d->file, 0, 0,
			    "merge this level with a neighbouring one, or "
			    "leave the covariate out, or pool more periods",
			    "risk model: quasi-complete separation: %s of the "
			    "%.0f stays with %s %s %g had the event, so the "
			    "coefficient of '%s' is infinite",
			    ys == 0.0 ? "none" : "all", ns, nm,
			    binary ? "=" : (side == 0 ? ">" : "<"),
			    binary ? (side == 0 ? hi : lo) : cut, nm);
			nsep++;
		}
	}
	return nsep;
}

/*
 * Separation read from the fit: once the deviance has settled, a further
 * Newton step (in w->step, at the final beta) should be negligible.
 * Where the MLE does not exist, the step moves the linear predictor of
 * the separated patterns by about one logit per iteration for ever
 * (Newton on log(1 + e^eta) as eta -> -inf).  If some pattern's predictor
 * would move by more than LOGIT_SEP_STEP, the covariates whose
 * coefficients move most (step times range, at least LOGIT_SEP_SHARE of
 * the largest) are named.  Returns 1 if separation is found.
 */
static int
check_separation_fit(const struct design *d, const struct work *w,
    enum qi_level lvl)
{
	size_t	 r, i, j;
	double	 s, smax = 0.0, lo, hi, *mv, mmax = 0.0;
	GString	*who;
	char	 buf[32];

	for (r = 0; r < w->m; r++) {
		i = w->row[r];
		s = 0.0;
		for (j = 0; j < d->p; j++)
			s += d->x[i * d->p + j] * gsl_vector_get(w->step, j);
		smax = fmax(smax, fabs(s));
	}
	if (!(smax > LOGIT_SEP_STEP))
		return 0;
	mv = g_new0(double, d->p);
	for (j = 1; j < d->p; j++) {
		col_range(d, w, j, &lo, &hi);
		mv[j] = fabs(gsl_vector_get(w->step, j)) * (hi - lo);
		mmax = fmax(mmax, mv[j]);
	}
	who = g_string_new(NULL);
	for (j = 1; j < d->p; j++)
		if (mv[j] > 0.0 && mv[j] >= LOGIT_SEP_SHARE * mmax)
			g_string_append_printf(who, "%s'%s' (%+.3g)",
			    who->len > 0 ? ", " : "",
			    colname(d, j, buf, sizeof(buf)),
			    gsl_vector_get(w->step, j));
	qi_diag_add(d->diag, lvl, d->file, 0, 0,
	    "some combination of covariates predicts the outcome "
	    "perfectly: merge sparse levels or leave a covariate out",
	    "risk model: quasi-complete separation: the coefficients "
	    "diverge (change per iteration: %s); fitted probabilities "
	    "tend to 0 or 1", who->len > 0 ? who->str : "the intercept");
	g_string_free(who, TRUE);
	g_free(mv);
	return 1;
}

/* A pattern in the order of the c-statistic. */
struct ranked {
	double	 eta;
	size_t	 i;
};

/* By linear predictor, then index (so the order is deterministic). */
static int
ranked_cmp(const void *a, const void *b)
{
	const struct ranked	*u = a, *v = b;

	if (u->eta != v->eta)
		return u->eta < v->eta ? -1 : 1;
	return (u->i > v->i) - (u->i < v->i);
}

/*
 * c-statistic (Hanley and McNeil 1982): over all pairs of one stay with
 * the event and one without, the share in which the stay with the event
 * has the higher fitted probability, ties counting one half.  Exact on
 * grouped data: sort the patterns by eta (monotone in p, and not
 * saturated near p = 1), walk groups of equal eta, and count for each
 * group its events times (non-events below + half the non-events in the
 * group).  Counts are whole numbers, so the sums are exact while below
 * 2^53.  O(m log m).
 */
static double
cstat(const struct design *d, const struct work *w, double events,
    double stays)
{
	struct ranked	*o;
	size_t		 g, h, r;
	double		 below = 0.0, conc2 = 0.0, ge, gn;

	o = g_new(struct ranked, w->m);
	for (r = 0; r < w->m; r++) {
		o[r].i = w->row[r];
		o[r].eta = w->eta[w->row[r]];
	}
	qsort(o, w->m, sizeof(*o), ranked_cmp);
	for (g = 0; g < w->m; g = h) {
		ge = gn = 0.0;
		for (h = g; h < w->m && o[h].eta == o[g].eta; h++) {
			ge += d->y[o[h].i];
			gn += d->n[o[h].i] - d->y[o[h].i];
		}
		conc2 += ge * (2.0 * below + gn);
		below += gn;
	}
	g_free(o);
	return conc2 / 2.0 / (events * (stays - events));
}

static void
work_free(struct work *w)
{
	g_free(w->row);
	g_free(w->eta);
	if (w->a != NULL)
		gsl_matrix_free(w->a);
	if (w->tau != NULL)
		gsl_vector_free(w->tau);
	if (w->b != NULL)
		gsl_vector_free(w->b);
	if (w->res != NULL)
		gsl_vector_free(w->res);
	if (w->beta != NULL)
		gsl_vector_free(w->beta);
	if (w->step != NULL)
		gsl_vector_free(w->step);
}

static int
work_alloc(const struct design *d, struct work *w)
{
	size_t	 i;

	memset(w, 0, sizeof(*w));
	w->row = g_new(size_t, d->k);
	w->eta = g_new0(double, d->k);
	for (i = 0; i < d->k; i++)
		if (d->n[i] > 0.0)
			w->row[w->m++] = i;
	if (w->m < d->p)
		return 0;	/* checked by the caller */
	w->a = gsl_matrix_alloc(w->m, d->p);
	w->tau = gsl_vector_alloc(d->p);
	w->b = gsl_vector_alloc(w->m);
	w->res = gsl_vector_alloc(w->m);
	w->beta = gsl_vector_calloc(d->p);
	w->step = gsl_vector_alloc(d->p);
	if (w->a == NULL || w->tau == NULL || w->b == NULL ||
	    w->res == NULL || w->beta == NULL || w->step == NULL)
		return -1;
	return 0;
}

void
qi_logit_free(struct qi_logit *f)
{
	if (f == NULL)
		return;
	g_free(f->beta);
	g_free(f->se);
	g_free(f->z);
	g_free(f->pvalue);
	g_free(f->fitted);
	g_free(f);
}

double
qi_logit_predict(const struct qi_logit *f, const double *xrow)
{
	size_t	 j;
	double	 eta = 0.0, p, q;

	if (f == NULL || xrow == NULL)
		return NAN;
	for (j = 0; j < f->p; j++)
		eta += xrow[j] * f->beta[j];
	expit2(eta, &p, &q);
	return p;
}

/*
 * IRLS (McCullagh and Nelder 1989, 2.5): from R's starting values
 * mu = (y + 1/2) / (n + 1), solve the weighted least-squares problem,
 * update eta and the deviance, until the relative change in deviance is
 * below tol.  If the deviance rises (Newton overshoots), the step is
 * halved.  Returns 0 (converged, out of iterations, or stopped at
 * weights that underflowed: see *iter and *conv), or -1 if memory ran
 * out or the deviance is not finite.
 */
static int
irls(const struct design *d, struct work *w, const struct qi_logit_opts *o,
    int *iter, int *conv, double *devp)
{
	gsl_vector	*old = NULL;
	size_t		 r, i, h;
	double		 dev, dnew;
	int		 rc = -1;

	*conv = 0;
	for (r = 0; r < w->m; r++) {
		i = w->row[r];
		w->eta[i] = log((d->y[i] + 0.5) / (d->n[i] - d->y[i] + 0.5));
	}
	dev = deviance(d, w);
	if ((old = gsl_vector_alloc(d->p)) == NULL)
		goto out;
	for (*iter = 1; *iter <= o->max_iter; (*iter)++) {
		gsl_vector_memcpy(old, w->beta);
		/*
		 * A weight that underflowed, or a level whose weights all
		 * did, ends the iterations at the last beta; the caller
		 * then meets the same failure and reports separation.
		 */
		if (load_wls(d, w, 0) != 0 || solve_wls(w, w->beta) != 0) {
			gsl_vector_memcpy(w->beta, old);
			linpred(d, w->beta, w->eta);
			break;
		}
		linpred(d, w->beta, w->eta);
		dnew = deviance(d, w);
		/* No step to halve back from at the first iteration. */
		for (h = 0; *iter > 1 && h < LOGIT_HALVINGS &&
		    !(dnew <= dev); h++) {
			gsl_vector_add(w->beta, old);
			gsl_vector_scale(w->beta, 0.5);
			linpred(d, w->beta, w->eta);
			dnew = deviance(d, w);
		}
		if (!isfinite(dnew))
			goto out;
		if (fabs(dnew - dev) / (fabs(dnew) + 0.1) < o->tol) {
			dev = dnew;
			*conv = 1;
			break;
		}
		dev = dnew;
	}
	if (*iter > o->max_iter)
		*iter = o->max_iter;
	*devp = dev;
	rc = 0;
out:
	if (old != NULL)
		gsl_vector_free(old);
	return rc;
}

/*
 * Standard errors from the inverse Fisher information (X'WX)^-1 at the
 * final beta, = R^-1 R^-T from the QR of sqrt(W) X left in w->a by the
 * final Newton step.  (R's summary.glm uses the weights of the iteration
 * before the last, which differ by the last step.)
 */
static int
std_errors(const struct work *w, struct qi_logit *f)
{
	gsl_matrix_const_view	 rv = gsl_matrix_const_submatrix(w->a, 0, 0,
				    f->p, f->p);
	gsl_matrix		*ri;
	size_t			 j, c;
	double			 s;

	if ((ri = gsl_matrix_alloc(f->p, f->p)) == NULL)
		return -1;
	gsl_matrix_memcpy(ri, &rv.matrix);
	if (gsl_linalg_tri_invert(CblasUpper, CblasNonUnit, ri) !=
	    GSL_SUCCESS) {
		gsl_matrix_free(ri);
		return -1;
	}
	for (j = 0; j < f->p; j++) {
		s = 0.0;
		for (c = j; c < f->p; c++)
			s += gsl_matrix_get(ri, j, c) * gsl_matrix_get(ri, j, c);
		f->se[j] = sqrt(s);
		f->z[j] = f->beta[j] / f->se[j];
		f->pvalue[j] = 2.0 * gsl_cdf_ugaussian_Q(fabs(f->z[j]));
	}
	gsl_matrix_free(ri);
	return 0;
}

/* -2 log of the saturated likelihood: sum of -2 log dbinom(y; n, y/n). */
static int
saturated_m2ll(const struct design *d, const struct work *w, double *out)
{
	gsl_sf_result	 lb;
	size_t		 r, i;
	double		 s = 0.0, y, n, lc;

	for (r = 0; r < w->m; r++) {
		i = w->row[r];
		y = d->y[i];
		n = d->n[i];
		if (y == 0.0 || y == n)
			continue;	/* probability 1 */
		/* log C(n, y) = -log(n + 1) - log B(y + 1, n - y + 1) */
		if (gsl_sf_lnbeta_e(y + 1.0, n - y + 1.0, &lb) != GSL_SUCCESS)
			return -1;
		lc = -log(n + 1.0) - lb.val;
		s += -2.0 * (lc + y * log(y / n) + (n - y) * log1p(-y / n));
	}
	*out = s;
	return 0;
}

enum qi_err
qi_logit_fit(size_t k, size_t p, const double *x, const double *y,
    const double *n, const char *const *names, const char *file,
    const struct qi_logit_opts *opts, struct qi_logit **out,
    struct qi_diag *diag)
{
	struct qi_logit_opts	 o;
	struct design		 d;
	struct work		 w;
	struct qi_logit		*f = NULL;
	double			*sw = NULL, stays, events, m2ll, pi, qi, eta0;
	size_t			 r, i, nerr = 0, nsep;
	enum qi_level		 seplvl;
	enum qi_err		 rc = QI_ESYS;

	*out = NULL;
	memset(&w, 0, sizeof(w));
	if (opts == NULL)
		qi_logit_opts_defaults(&o);
	else
		o = *opts;
	d.k = k;
	d.p = p;
	d.x = x;
	d.y = y;
	d.n = n;
	d.names = names;
	d.file = file;
	d.diag = diag;
	seplvl = o.allow_separation ? QI_WARNING : QI_ERROR;

	if (o.max_iter < 1 || !(o.tol > 0.0)) {
		qi_diag_add(diag, QI_ERROR, file, 0, 0,
		    "max_iter is at least 1 and tol is positive",
		    "risk model: invalid options (max_iter %d, tol %g)",
		    o.max_iter, o.tol);
		return QI_EUSAGE;
	}
	if (k == 0 || p == 0 || x == NULL || y == NULL || n == NULL) {
		qi_diag_add(diag, QI_ERROR, file, 0, 0,
		    "a risk model needs an intercept column and at least "
		    "one covariate pattern",
		    "risk model: empty data (%zu patterns, %zu columns)", k, p);
		return QI_EINPUT;
	}
	if (check_counts(&d, &stays, &events) > 0)
		return QI_EINPUT;
	if (work_alloc(&d, &w) != 0)
		goto out;
	if (w.m < p) {
		qi_diag_add(diag, QI_ERROR, file, 0, 0,
		    "every coefficient needs a covariate pattern: merge "
		    "levels or leave covariates out",
		    "risk model: %zu coefficients but only %zu covariate "
		    "patterns with stays", p, w.m);
		/* and which covariates are why (collinearity needs as many
		   patterns as columns to be told) */
		(void)check_variation(&d, &w);
		(void)check_separation_data(&d, &w, seplvl);
		rc = QI_EINPUT;
		goto out;
	}

	/* Starting weights sqrt(n mu (1 - mu)), mu = (y + 1/2)/(n + 1). */
	sw = g_new(double, w.m);
	for (r = 0; r < w.m; r++) {
		i = w.row[r];
		pi = (y[i] + 0.5) / (n[i] + 1.0);
		sw[r] = sqrt(n[i] * pi * (1.0 - pi));
	}
	/* Every problem of the data at once, not the first kind found. */
	nerr = check_variation(&d, &w);
	if (check_collinear(&d, &w, sw, &nerr) != 0)
		goto out;
	nsep = check_separation_data(&d, &w, seplvl);
	if (nerr > 0 || (nsep > 0 && !o.allow_separation)) {
		rc = QI_EINPUT;
		goto out;
	}

	f = g_new0(struct qi_logit, 1);
	f->p = p;
	f->k = k;
	f->beta = g_new(double, p);
	f->se = g_new(double, p);
	f->z = g_new(double, p);
	f->pvalue = g_new(double, p);
	f->fitted = g_new(double, k);
	f->stays = stays;
	f->events = events;
	f->rate = events / stays;
	if (irls(&d, &w, &o, &f->iterations, &f->converged,
	    &f->deviance) != 0)
		goto out;
	/* The Newton step from the final beta, and the information there. */
	if (load_wls(&d, &w, 1) != 0 || solve_wls(&w, w.step) != 0) {
		/* Weights underflowed or the information is singular. */
		if (nsep == 0)
			qi_diag_add(diag, seplvl, file, 0, 0,
			    "some combination of covariates predicts the "
			    "outcome perfectly: merge sparse levels or leave "
			    "a covariate out",
			    "risk model: quasi-complete separation: fitted "
			    "probabilities reached 0 or 1");
		if (!o.allow_separation) {
			rc = QI_EINPUT;
			goto out;
		}
		f->separation = 1;
		for (r = 0; r < p; r++)
			f->se[r] = f->z[r] = f->pvalue[r] = NAN;
	} else {
		if (nsep == 0 && check_separation_fit(&d, &w, seplvl))
			nsep = 1;
		if (nsep > 0 && !o.allow_separation) {
			rc = QI_EINPUT;
			goto out;
		}
		f->separation = nsep > 0;
		if (f->converged && !f->separation) {
			/*
			 * Polish: take the Newton step.  Convergence is
			 * quadratic, so this leaves beta exact to rounding
			 * (the deviance rule alone leaves about sqrt(tol)
			 * in the step before).  The information is then
			 * evaluated at the final beta.
			 */
			gsl_vector_add(w.beta, w.step);
			linpred(&d, w.beta, w.eta);
			f->deviance = deviance(&d, &w);
			f->iterations++;
			if (load_wls(&d, &w, 1) != 0 ||
			    solve_wls(&w, w.step) != 0)
				goto out;
		}
		for (r = 0; r < p; r++)
			f->beta[r] = gsl_vector_get(w.beta, r);
		if (std_errors(&w, f) != 0)
			goto out;
	}
	for (r = 0; r < p; r++)
		f->beta[r] = gsl_vector_get(w.beta, r);
	if (!f->converged && !f->separation) {
		qi_diag_add(diag, QI_ERROR, file, 0, 0,
		    "raise the iteration limit, or simplify the model",
		    "risk model: no convergence in %d iterations",
		    o.max_iter);
		rc = QI_EINPUT;
		goto out;
	}

	for (i = 0; i < k; i++)
		expit2(w.eta[i], &f->fitted[i], &qi);
	eta0 = log(events / (stays - events));
	f->null_deviance = 0.0;
	for (r = 0; r < w.m; r++) {
		i = w.row[r];
		f->null_deviance += dev_term(y[i], n[i], eta0);
	}
	if (saturated_m2ll(&d, &w, &m2ll) != 0)
		goto out;
	f->aic = f->deviance + m2ll + 2.0 * (double)p;
	f->c_stat = cstat(&d, &w, events, stays);
	*out = f;
	f = NULL;
	rc = QI_OK;
out:
	if (rc == QI_ESYS)
		qi_diag_add(diag, QI_ERROR, file, 0, 0, NULL,
		    "risk model: out of memory or linear algebra failure");
	qi_logit_free(f);
	g_free(sw);
	work_free(&w);
	return rc;
}
