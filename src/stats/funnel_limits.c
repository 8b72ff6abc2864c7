/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * funnel_limits.c -- funnel-plot control limits, z-scores, flags and
 * overdispersion.
 *
 * Pure mathematics: no I/O; the only allocation (a sorted copy of the
 * z-scores) is freed before returning.  GSL's error handler is off (main
 * turns it off), so every GSL status is checked.
 *
 * Exact limits (Spiegelhalter 2005, Stat Med 24:1185, appendix A.1.1):
 * with X the count of events under the target (binomial or Poisson) and
 * tail = (1 - level)/2,
 *   lower: r = smallest r with F(r) >= tail,
 *          a = (F(r) - tail) / P(X = r),          limit (r - a) / n;
 *   upper: r = smallest r with F(r) >= 1 - tail,
 *          a = (F(r) - (1 - tail)) / P(X = r),    limit (r + 1 - a) / n.
 * The paper prints (r - a)/n for both; qi's upper limit is 1/n higher, the
 * convention under which a whole count x is above the upper limit exactly
 * when P(X >= x) < tail (as it is below the lower exactly when P(X <= x) <
 * tail), and the limits for events mirror those for non-events.
 * specs/statistics.md#funnel-limits gives the reasons.
 *
 * SPEC: specs/statistics.md#funnel-limits, #overdispersion
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>

#include "stats.h"

/*
 * Largest n (binomial) or mean (Poisson) for the exact method.  The log
 * pmf carries an absolute rounding error of about eps n log n (lgamma and
 * log-beta of large arguments), which moves a limit by about that over
 * sqrt(n) relative: 5e-10 at 1e10.  No hospital treats 1e10 patients.
 */
#define EXACT_MAXN	1e10

/*
 * The count of events under the target: Bin(n, th) or Poisson(mu).  For
 * the binomial lth = log th and lch = log(1 - th), computed once.
 */
struct count_dist {
	int	 poisson;
	double	 n;		/* binomial: trials */
	double	 th;		/* binomial: probability, in (0,1) */
	double	 lth, lch;
	double	 mu;		/* Poisson: mean, > 0 */
};

/* log P(X = k); 0 on success, -1 if GSL fails. */
static int
count_lpmf(const struct count_dist *d, double k, double *lp)
{
	gsl_sf_result	 r;

	if (d->poisson) {
		if (gsl_sf_lngamma_e(k + 1.0, &r) != GSL_SUCCESS)
			return -1;
		*lp = k * log(d->mu) - d->mu - r.val;
	} else {
		/* log C(n,k) = -log(n + 1) - log B(k + 1, n - k + 1) */
		if (gsl_sf_lnbeta_e(k + 1.0, d->n - k + 1.0, &r) !=
		    GSL_SUCCESS)
			return -1;
		*lp = -log1p(d->n) - r.val + k * d->lth +
		    (d->n - k) * d->lch;
	}
	return isfinite(*lp) ? 0 : -1;
}

/* P(X = k - 1) / P(X = k), for k >= 1. */
static double
ratio_down(const struct count_dist *d, double k)
{
	if (d->poisson)
		return k / d->mu;
	return k * (1.0 - d->th) / ((d->n - k + 1.0) * d->th);
}

/* P(X = k + 1) / P(X = k), for k < n. */
static double
ratio_up(const struct count_dist *d, double k)
{
	if (d->poisson)
		return d->mu / (k + 1.0);
	return (d->n - k) * d->th / ((k + 1.0) * (1.0 - d->th));
}

/* The mode: the pmf rises up to it and falls after it. */
static double
count_mode(const struct count_dist *d)
{
	if (d->poisson)
		return floor(d->mu);
	return fmin(floor((d->n + 1.0) * d->th), d->n);
}

/*
 * Both tails at r: *lower = P(X <= r), *upper = P(X > r), *pmf = P(X = r).
 * The tail that does not hold the mode is summed term by term, each term
 * the previous one times the ratio of successive probabilities, so it has
 * full relative precision however small it is; the other is 1 minus it.
 * Terms fall ever faster away from the mode (the pmf is log-concave), so
 * once a term times q/(1 - q), q the current ratio, is below the sum's
 * rounding, the rest is negligible.  About 10 sqrt(var) terms at most.
 */
static int
count_tails(const struct count_dist *d, double r, double *lower,
    double *upper, double *pmf)
{
	double	 lp, t, q, sum, k;

	if (count_lpmf(d, r, &lp) != 0)
		return -1;
	*pmf = exp(lp);
	if (r < count_mode(d)) {
		sum = t = *pmf;
		for (k = r; k > 0.0; k--) {
			q = ratio_down(d, k);
			t *= q;
			sum += t;
			if (q < 1.0 && t * q / (1.0 - q) <= sum * DBL_EPSILON / 4)
				break;
		}
		*lower = sum;
		*upper = 1.0 - sum;
	} else {
		sum = 0.0;
		t = *pmf;
		for (k = r; d->poisson || k < d->n; k++) {
			q = ratio_up(d, k);
			t *= q;
			sum += t;
			if (q < 1.0 && t * q / (1.0 - q) <= sum * DBL_EPSILON / 4)
				break;
			if (t == 0.0)
				break;
		}
		*upper = sum;
		*lower = 1.0 - sum;
	}
	return 0;
}

/*
 * Whether r is at or past the quantile, given its tails lo = P(X <= r)
 * and up = P(X > r): lo >= tail for the lower limit, up <= tail (that is,
 * P(X <= r) >= 1 - tail) for the upper.
 */
static int
far_enough(int upper, double tail, double lo, double up)
{
	return upper ? up <= tail : lo >= tail;
}

/*
 * The interpolated quantile for the given tail probability: for the lower
 * limit (upper == 0) r - a where r is the smallest r with P(X <= r) >=
 * tail; for the upper limit r + 1 - a where r is the smallest r with
 * P(X > r) <= tail.  The search starts from the Cornish-Fisher guess and
 * steps by one; each step sums a tail afresh.
 */
static int
count_limit(const struct count_dist *d, double tail, int upper, double *lim)
{
	double	 mean, var, skew, z, r, lo, up, f, plo, pup, pf, hi;

	if (d->poisson) {
		mean = d->mu;
		var = d->mu;
		skew = 1.0 / sqrt(d->mu);
		hi = INFINITY;
	} else {
		mean = d->n * d->th;
		var = mean * (1.0 - d->th);
		skew = (1.0 - 2.0 * d->th) / sqrt(var);
		hi = d->n;
	}
	z = upper ? gsl_cdf_ugaussian_Qinv(tail) : gsl_cdf_ugaussian_Pinv(tail);
	if (!isfinite(z))
		return -1;
	r = floor(mean + sqrt(var) * (z + skew * (z * z - 1.0) / 6.0));
	r = fmin(fmax(r, 0.0), hi);
	if (!isfinite(r))
		return -1;
	if (count_tails(d, r, &lo, &up, &f) != 0)
		return -1;
	if (far_enough(upper, tail, lo, up)) {
		while (r > 0.0) {
			if (count_tails(d, r - 1.0, &plo, &pup, &pf) != 0)
				return -1;
			if (!far_enough(upper, tail, plo, pup))
				break;
			r -= 1.0;
			lo = plo;
			up = pup;
			f = pf;
		}
	} else {
		do {
			if (r >= hi)
				return -1;	/* cannot happen: F(n) = 1 */
			r += 1.0;
			if (count_tails(d, r, &lo, &up, &f) != 0)
				return -1;
		} while (!far_enough(upper, tail, lo, up));
	}
	if (!(f > 0.0))
		return -1;
	if (upper)
		*lim = r + 1.0 - (tail - up) / f;
	else
		*lim = r - (lo - tail) / f;
	return 0;
}

static int
level_ok(double level)
{
	return isfinite(level) && level > 0.0 && level < 1.0;
}

/*
 * z = Phi^-1(1 - (1 - level)/2) for a two-sided level in (0,1), from the
 * upper tail so that 1 - level is not rounded; NaN if level is invalid.
 */
static double
level_z(double level)
{
	double	 z;

	if (!level_ok(level))
		return NAN;
	z = gsl_cdf_ugaussian_Qinv((1.0 - level) / 2.0);
	return isfinite(z) && z >= 0.0 ? z : NAN;
}

/* Both limits of one count distribution, divided by the volume. */
static int
count_limits(const struct count_dist *d, double volume, double level,
    double *lo, double *hi)
{
	double	 tail = (1.0 - level) / 2.0;

	if (count_limit(d, tail, 0, lo) != 0 ||
	    count_limit(d, tail, 1, hi) != 0)
		return -1;
	*lo /= volume;
	*hi /= volume;
	return 0;
}

double
qi_funnel_se_proportion(double target, double n)
{
	if (!(target >= 0.0 && target <= 1.0) || !(n > 0.0) || !isfinite(n))
		return NAN;
	return sqrt(target * (1.0 - target) / n);
}

double
qi_funnel_se_poisson(double target, double exposure)
{
	if (!(target >= 0.0) || !isfinite(target) || !(exposure > 0.0) ||
	    !isfinite(exposure))
		return NAN;
	return sqrt(target / exposure);
}

int
qi_funnel_proportion(enum qi_funnel_method method, double target, double n,
    double level, double *lo, double *hi)
{
	struct count_dist d;
	double	 z, s;
	int	 rc = -1;

	if (lo == NULL || hi == NULL)
		return -1;
	*lo = *hi = NAN;
	if (!(target >= 0.0 && target <= 1.0) || !(n > 0.0) || !isfinite(n) ||
	    !level_ok(level))
		goto out;
	switch (method) {
	case QI_FUNNEL_EXACT:
		if (n != floor(n) || n > EXACT_MAXN)
			goto out;
		/*
		 * All the mass on 0 (or n): the formulas with F(-1) = 0 and
		 * F(0) = 1 (or F(n - 1) = 0 and F(n) = 1) give these.
		 */
		if (target == 0.0) {
			*lo = 0.0;
			*hi = (1.0 - (1.0 - level) / 2.0) / n;
			rc = 0;
			break;
		}
		if (target == 1.0) {
			*lo = (n - (1.0 - (1.0 - level) / 2.0)) / n;
			*hi = 1.0;
			rc = 0;
			break;
		}
		memset(&d, 0, sizeof(d));
		d.n = n;
		d.th = target;
		d.lth = log(target);
		d.lch = log1p(-target);
		rc = count_limits(&d, n, level, lo, hi);
		break;
	case QI_FUNNEL_NORMAL:
	case QI_FUNNEL_WILSON:
		/*
		 * The proportion whose Wilson bound touches the target solves
		 * (p - t)^2 = z^2 t(1 - t)/n: the Wilson interval is the set
		 * of t with |p - t| <= z sqrt(t(1 - t)/n).
		 */
		z = level_z(level);
		s = qi_funnel_se_proportion(target, n);
		if (isnan(z) || isnan(s))
			goto out;
		*lo = target - z * s;
		*hi = target + z * s;
		rc = 0;
		break;
	default:
		goto out;
	}
	if (rc == 0) {
		*lo = fmin(fmax(*lo, 0.0), 1.0);
		*hi = fmin(fmax(*hi, 0.0), 1.0);
	}
out:
	if (rc != 0)
		*lo = *hi = NAN;
	return rc;
}

int
qi_funnel_poisson(enum qi_funnel_method method, double target,
    double exposure, double level, double *lo, double *hi)
{
	struct count_dist d;
	double	 z, s;
	int	 rc = -1;

	if (lo == NULL || hi == NULL)
		return -1;
	*lo = *hi = NAN;
	s = qi_funnel_se_poisson(target, exposure);
	if (isnan(s) || !level_ok(level))
		goto out;
	switch (method) {
	case QI_FUNNEL_EXACT:
		if (target == 0.0) {	/* all the mass on 0 */
			*lo = 0.0;
			*hi = (1.0 - (1.0 - level) / 2.0) / exposure;
			rc = 0;
			break;
		}
		memset(&d, 0, sizeof(d));
		d.poisson = 1;
		d.mu = target * exposure;
		if (!(d.mu > 0.0) || !isfinite(d.mu) || d.mu > EXACT_MAXN)
			goto out;
		rc = count_limits(&d, exposure, level, lo, hi);
		break;
	case QI_FUNNEL_NORMAL:
		z = level_z(level);
		if (isnan(z))
			goto out;
		*lo = target - z * s;
		*hi = target + z * s;
		rc = 0;
		break;
	default:
		goto out;
	}
	if (rc == 0) {
		*lo = fmax(*lo, 0.0);
		*hi = fmax(*hi, 0.0);
	}
out:
	if (rc != 0)
		*lo = *hi = NAN;
	return rc;
}

double
qi_funnel_z_proportion(double x, double n, double target)
{
	double	 s;

	s = qi_funnel_se_proportion(target, n);
	if (!(s > 0.0) || !isfinite(x))
		return NAN;
	return (x / n - target) / s;
}

double
qi_funnel_z_poisson(double x, double exposure, double target)
{
	double	 s;

	s = qi_funnel_se_poisson(target, exposure);
	if (!(s > 0.0) || !isfinite(x))
		return NAN;
	return (x / exposure - target) / s;
}

enum qi_funnel_flag
qi_funnel_flag(double value, double inner_lo, double inner_hi,
    double outer_lo, double outer_hi)
{
	if (value < outer_lo)
		return QI_FUNNEL_BELOW_OUTER;
	if (value < inner_lo)
		return QI_FUNNEL_BELOW_INNER;
	if (value > outer_hi)
		return QI_FUNNEL_ABOVE_OUTER;
	if (value > inner_hi)
		return QI_FUNNEL_ABOVE_INNER;
	return QI_FUNNEL_WITHIN;
}

/* ------------------------------------------------------ overdispersion */

static int
cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * R's quantile(type = 7) of sorted v[0..k-1] at probability p, computed as
 * R does: index 1 + (k - 1) p, then (1 - h) v[lo] + h v[hi].
 */
static double
quantile7(const double *v, size_t k, double p)
{
	double	 index, h;
	size_t	 lo;

	index = 1.0 + (double)(k - 1) * p;
	lo = (size_t)floor(index);
	h = index - (double)lo;
	if (h == 0.0 || lo >= k || v[lo] == v[lo - 1])
		return v[lo - 1];
	return (1.0 - h) * v[lo - 1] + h * v[lo];
}

int
qi_od_estimate(const double *z, const double *s, size_t k, double trim,
    struct qi_od *od)
{
	double	*v = NULL, zw, w, sw = 0.0, sw2 = 0.0, sz2 = 0.0;
	size_t	 i;
	int	 rc = -1;

	if (od == NULL)
		return -1;
	memset(od, 0, sizeof(*od));
	if (z == NULL || s == NULL || k < 2 || !(trim >= 0.0 && trim < 0.5))
		goto out;
	for (i = 0; i < k; i++)
		if (!isfinite(z[i]) || !(s[i] > 0.0) || !isfinite(s[i]))
			goto out;
	v = g_memdup2(z, k * sizeof(*v));
	qsort(v, k, sizeof(*v), cmp_double);
	od->k = k;
	od->trim = trim;
	od->zlo = quantile7(v, k, trim);
	od->zhi = quantile7(v, k, 1.0 - trim);
	for (i = 0; i < k; i++) {
		zw = fmin(fmax(z[i], od->zlo), od->zhi);
		sz2 += zw * zw;
		w = 1.0 / (s[i] * s[i]);
		sw += w;
		sw2 += w * w;
	}
	od->phi = sz2 / (double)k;
	/* DerSimonian-Laird; k phi = sum z_w^2 is the Q statistic. */
	if (sz2 < (double)(k - 1) || !(sw - sw2 / sw > 0.0))
		od->tau2 = 0.0;
	else
		od->tau2 = (sz2 - (double)(k - 1)) / (sw - sw2 / sw);
	if (!isfinite(od->phi) || !isfinite(od->tau2))
		goto out;
	od->p = gsl_cdf_chisq_Q(sz2, (double)(k - 1));
	rc = 0;
out:
	g_free(v);
	if (rc != 0)
		memset(od, 0, sizeof(*od));
	return rc;
}

int
qi_od_limits(const struct qi_od *od, enum qi_od_model model, double target,
    double s, double level, double min, double max, double *lo, double *hi)
{
	double	 z, half;
	int	 rc = -1;

	if (lo == NULL || hi == NULL)
		return -1;
	*lo = *hi = NAN;
	z = level_z(level);
	if (od == NULL || isnan(z) || !isfinite(target) || !(s > 0.0) ||
	    !isfinite(s) || !(min <= target && target <= max))
		goto out;
	switch (model) {
	case QI_OD_NONE:
		half = z * s;
		break;
	case QI_OD_MULTIPLICATIVE:
		half = z * (od->phi > 1.0 ? sqrt(od->phi) : 1.0) * s;
		break;
	case QI_OD_ADDITIVE:
		half = z * (od->phi > 1.0 ? sqrt(s * s + od->tau2) : s);
		break;
	default:
		goto out;
	}
	*lo = fmax(target - half, min);
	*hi = fmin(target + half, max);
	rc = isfinite(half) ? 0 : -1;
out:
	if (rc != 0)
		*lo = *hi = NAN;
	return rc;
}

/* ----------------------------------------------------- transformed scales */

const struct qi_name qi_funnel_scale_names[] = {
	{ "raw", QI_SCALE_RAW },
	{ "logit", QI_SCALE_LOGIT },
	{ "arcsine", QI_SCALE_ARCSINE },
	{ "log", QI_SCALE_LOG },
	{ "sqrt", QI_SCALE_SQRT },
	{ NULL, 0 }
};

int
qi_funnel_scale_fits(enum qi_funnel_scale sc, int poisson)
{
	switch (sc) {
	case QI_SCALE_RAW:
		return 1;
	case QI_SCALE_LOGIT:
	case QI_SCALE_ARCSINE:
		return !poisson;
	case QI_SCALE_LOG:
	case QI_SCALE_SQRT:
		return poisson;
	default:
		return 0;
	}
}

/* g(v): a proportion or rate v on the scale; +-Inf at the edges. */
static double
scale_fwd(enum qi_funnel_scale sc, double v)
{
	switch (sc) {
	case QI_SCALE_LOGIT:
		return log(v) - log1p(-v);
	case QI_SCALE_ARCSINE:
		return asin(sqrt(v));
	case QI_SCALE_LOG:
		return log(v);
	case QI_SCALE_SQRT:
		return sqrt(v);
	default:
		return v;
	}
}

/* g^-1(y), y already clamped to the scale's range (scale_range). */
static double
scale_back(enum qi_funnel_scale sc, double y)
{
	switch (sc) {
	case QI_SCALE_LOGIT:
		return 1.0 / (1.0 + exp(-y));
	case QI_SCALE_ARCSINE:
		return sin(y) * sin(y);
	case QI_SCALE_LOG:
		return exp(y);
	case QI_SCALE_SQRT:
		return y * y;
	default:
		return y;
	}
}

/* The values g can take: where limits on the scale are clamped. */
static void
scale_range(enum qi_funnel_scale sc, int poisson, double *min, double *max)
{
	*min = -INFINITY;
	*max = INFINITY;
	if (sc == QI_SCALE_RAW || sc == QI_SCALE_SQRT)
		*min = 0.0;
	if (sc == QI_SCALE_RAW && !poisson)
		*max = 1.0;
	if (sc == QI_SCALE_ARCSINE) {
		*min = 0.0;
		*max = asin(1.0);
	}
}

/*
 * Standard error of g(x/v) under the target t (delta method; Spiegelhalter
 * 2005b, table 1): raw sqrt(t(1-t)/v) or sqrt(t/v); logit 1/sqrt(v t
 * (1-t)); arcsine 1/(2 sqrt(v)); log 1/sqrt(v t); sqrt 1/(2 sqrt(v)).
 */
static double
scale_se(enum qi_funnel_scale sc, int poisson, double t, double v)
{
	switch (sc) {
	case QI_SCALE_LOGIT:
		return 1.0 / sqrt(v * t * (1.0 - t));
	case QI_SCALE_ARCSINE:
	case QI_SCALE_SQRT:
		return 1.0 / (2.0 * sqrt(v));
	case QI_SCALE_LOG:
		return 1.0 / sqrt(v * t);
	default:
		return poisson ? qi_funnel_se_poisson(t, v) :
		    qi_funnel_se_proportion(t, v);
	}
}

const char *
qi_funnel_spec_problem(const struct qi_funnel_spec *sp, const char **hint)
{
	*hint = NULL;
	if (!qi_funnel_scale_fits(sp->scale, sp->poisson)) {
		*hint = sp->poisson ? "for rates and ratios use raw, log or "
		    "sqrt" : "for proportions use raw, logit or arcsine";
		return "this scale does not apply to these units";
	}
	if (sp->poisson && sp->method == QI_FUNNEL_WILSON) {
		*hint = "for rates and ratios use exact or normal";
		return "Wilson limits are for proportions";
	}
	if (sp->scale != QI_SCALE_RAW && sp->method != QI_FUNNEL_NORMAL) {
		*hint = "exact and Wilson limits are on the raw scale: use "
		    "--method normal (the default with --scale) or --scale raw";
		return "a transformed scale gives normal limits on that scale";
	}
	if (sp->od != QI_OD_NONE && sp->method == QI_FUNNEL_EXACT) {
		*hint = "use --method normal (the default with --od): the "
		    "widened limits are normal limits";
		return "exact limits cannot be widened for overdispersion";
	}
	if (!(sp->od_test >= 0.0 && sp->od_test < 1.0)) {
		*hint = "a significance level such as 0.05, or 0 to widen "
		    "whenever phi > 1";
		return "the overdispersion test's level is out of range";
	}
	if (!(sp->trim >= 0.0 && sp->trim < 0.5)) {
		*hint = "a fraction at each end, 0 <= f < 0.5, such as 0.1";
		return "the winsorising fraction is out of range";
	}
	if (!level_ok(sp->level[0]) || !level_ok(sp->level[1]) ||
	    !(sp->level[0] <= sp->level[1])) {
		*hint = "two probabilities, the inner not above the outer, such "
		    "as 0.95 and 0.998";
		return "the levels are out of range";
	}
	return NULL;
}

int
qi_funnel_limits_at(const struct qi_funnel_spec *sp,
    const struct qi_funnel_fit *fit, double v, double level, double *lo,
    double *hi)
{
	enum qi_od_model model = fit->widened ? sp->od : QI_OD_NONE;
	double	 min, max, s, t = fit->target;

	if (sp->scale == QI_SCALE_RAW && model == QI_OD_NONE)
		return sp->poisson ? qi_funnel_poisson(sp->method, t, v, level,
		    lo, hi) : qi_funnel_proportion(sp->method, t, v, level,
		    lo, hi);
	scale_range(sp->scale, sp->poisson, &min, &max);
	s = scale_se(sp->scale, sp->poisson, t, v);
	if (qi_od_limits(&fit->od, model, scale_fwd(sp->scale, t), s, level,
	    min, max, lo, hi) != 0)
		return -1;
	*lo = scale_back(sp->scale, *lo);
	*hi = scale_back(sp->scale, *hi);
	return 0;
}

enum qi_funnel_err
qi_funnel_units(const struct qi_funnel_spec *sp, const double *x,
    const double *v, size_t k, struct qi_funnel_fit *fit,
    struct qi_funnel_row *row)
{
	double	*zd = NULL, *sd = NULL, sx = 0.0, sv = 0.0, t, ty, y, s, sa;
	size_t	 i, nd = 0, l;
	enum qi_od_model model = QI_OD_NONE;
	enum qi_funnel_err rc = QI_FUNNEL_EARG;
	const char *hint;

	memset(fit, 0, sizeof(*fit));
	if (qi_funnel_spec_problem(sp, &hint) != NULL)
		return QI_FUNNEL_EARG;
	for (i = 0; i < k; i++) {
		row[i].status = v[i] > 0.0 ? QI_FUNNEL_ROW_OK :
		    QI_FUNNEL_ROW_NO_VOLUME;
		row[i].rate = row[i].z = row[i].z_adj = NAN;
		for (l = 0; l < 2; l++)
			row[i].lo[l] = row[i].hi[l] = NAN;
		row[i].flag = QI_FUNNEL_WITHIN;
		if (v[i] > 0.0) {
			sv += v[i];
			sx += x != NULL ? x[i] : NAN;
		}
	}
	t = isnan(sp->target) ? (sv > 0.0 ? sx / sv : NAN) : sp->target;
	fit->target = t;
	if (isnan(t))
		return QI_FUNNEL_ENOTARGET;
	ty = scale_fwd(sp->scale, t);
	if (!(t >= 0.0) || (!sp->poisson && t > 1.0) || !isfinite(t) ||
	    !isfinite(ty))
		return QI_FUNNEL_ETARGET;
	zd = g_new(double, k + 1);
	sd = g_new(double, k + 1);
	for (i = 0; i < k; i++) {
		if (row[i].status != QI_FUNNEL_ROW_OK || x == NULL)
			continue;
		row[i].rate = x[i] / v[i];
		y = scale_fwd(sp->scale, row[i].rate);
		s = scale_se(sp->scale, sp->poisson, t, v[i]);
		row[i].z = row[i].z_adj = (y - ty) / s;
		if (!isfinite(row[i].z)) {
			row[i].z = row[i].z_adj = NAN;
			row[i].status = QI_FUNNEL_ROW_NO_Z;
			continue;
		}
		zd[nd] = row[i].z;
		sd[nd++] = s;
	}
	fit->k = nd;
	if (sp->od != QI_OD_NONE) {
		if (x == NULL || qi_od_estimate(zd, sd, nd, sp->trim,
		    &fit->od) != 0) {
			rc = QI_FUNNEL_EOD;
			goto out;
		}
		if (fit->od.phi > 1.0 && (sp->od_test == 0.0 ||
		    fit->od.p < sp->od_test)) {
			model = sp->od;
			fit->widened = 1;
		}
	}
	for (i = 0; i < k; i++) {
		if (row[i].status == QI_FUNNEL_ROW_NO_VOLUME)
			continue;
		for (l = 0; l < 2; l++)
			if (qi_funnel_limits_at(sp, fit, v[i], sp->level[l],
			    &row[i].lo[l], &row[i].hi[l]) != 0) {
				rc = QI_FUNNEL_ELIMITS;
				goto out;
			}
		if (x == NULL)
			continue;
		if (row[i].status == QI_FUNNEL_ROW_OK && model != QI_OD_NONE) {
			s = scale_se(sp->scale, sp->poisson, t, v[i]);
			sa = model == QI_OD_MULTIPLICATIVE ? s *
			    sqrt(fit->od.phi) : sqrt(s * s + fit->od.tau2);
			row[i].z_adj = row[i].z * s / sa;
		}
		row[i].flag = qi_funnel_flag(row[i].rate, row[i].lo[0],
		    row[i].hi[0], row[i].lo[1], row[i].hi[1]);
	}
	rc = QI_FUNNEL_OK;
out:
	g_free(zd);
	g_free(sd);
	return rc;
}
