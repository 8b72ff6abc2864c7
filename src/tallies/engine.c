/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine.c -- patient-level evaluation (specs/definitions.md, "How a stay
 * is counted").  Each stay is evaluated against every definition that
 * has a patient-level rule, and against its variants when asked, in one
 * pass over the records; the sums go to a tally buffer per hospital x
 * fiscal quarter (of the discharge date) x indicator x variant.  Stays
 * are evaluated in batches of BATCH, rule by rule, each expression over
 * the batch's stays still in play (expr_eval.c), starting from the stays
 * that pass its denominator's gate (found for all rules in one walk over
 * the batch); a stay's sums are those of evaluating it alone, and are
 * added in file order.  With jobs > 1 the files are cut into byte ranges
 * read by one thread each, and the threads' buffers are added at the
 * end; the sums are the same as one thread's.  A hook (qi explain) may
 * watch one rule: after that rule's step of each batch, it is told what
 * the step did with each stay it counted or excluded.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "codelist.h"
#include "engine.h"
#include "expr.h"
#include "stay.h"
#include "links.h"
#include "records.h"

static const struct qi_engine_hook *default_hook;
static struct qi_census *default_census;

void
qi_engine_hook_default(const struct qi_engine_hook *h)
{
	default_hook = h;
}

void
qi_engine_census_default(struct qi_census *c)
{
	default_census = c;
}

void
qi_engine_cfg_defaults(struct qi_engine_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->jobs = 1;
	cfg->hook = default_hook;
	cfg->census = default_census;
}

void
qi_engine_stats_clear(struct qi_engine_stats *s)
{
	g_free(s->skipped);
	memset(s, 0, sizeof(*s));
}

/*
 * Fiscal quarter of a day count since 1970-01-01 (civil calendar; H.
 * Hinnant's days-to-civil).  -1 if days is not a date.
 */
static int
quarter_of_days(double days, struct qi_period *p)
{
	long z, era, doe, yoe, doy, mp, y, m, d;

	if (!isfinite(days) || days < -719468.0 || days > 1e7)
		return -1;
	z = (long)days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	if (m <= 2)
		y++;
	return qi_period_of_date((int)y, (int)m, (int)d, p);
}

#define BATCH	256	/* stays evaluated together */

/* A value out of its domain: stay b of the batch, at step j's cond c. */
enum vdom {
	V_COUNT,	/* a whole number 0 .. QI_COUNT_MAX (a sum's term) */
	V_EXPOSURE,	/* a number 0 .. QI_EXPOSURE_MAX */
	V_MEAN,		/* a whole number 0 .. QI_MEAN_VALUE_MAX */
	V_MEDIAN,	/* a whole number 0 .. the indicator's numerator.max */
	V_ABOVE_DEN,	/* a proportion's numerator.value above the stay's
			   denominator.value */
	V_COVARIATE	/* a risk-model covariate's value: null, not whole,
			   or a category outside its levels */
};

struct verr {
	size_t			 b, j;
	const struct qi_cond	*c;
	enum vdom		 dom;
	double			 v;
	double			 den;	/* V_ABOVE_DEN: the denominator value */
};

/* The fiscal quarter of a day (days since 1970-01-01). */
struct qday {
	int			 valid;
	int			 day;
	struct qi_period	 per;
};

#define QDAYS	1024		/* days whose quarters a plan keeps */

/* One rule to evaluate: indicator i's rule k, with its denominator's gate. */
struct step {
	size_t			 i, k;
	const struct qi_indicator *ind;
	const struct qi_rule	*r;
	int			 gate;	/* the context's gate; -1: none */
};

/*
 * What a thread keeps across stays: the evaluation context, the rules to
 * evaluate, in the order of the definitions and their variants, and the
 * batch of stays being evaluated with its per-stay scratch.
 */
struct plan {
	struct qi_expr_ctx	*x;	/* owned */
	struct step		*step;	/* owned */
	size_t			 nstep;
	const struct qi_stay	*st[BATCH];	/* borrowed from the reader */
	size_t			 n;
	struct qi_period	 per[BATCH];	/* fiscal quarter of discharge */
	uint64_t		 key[BATCH];	/* hospital and quarter */
	struct qday		 qday[QDAYS];	/* quarters of days, by day */
	unsigned		 all[BATCH], sel[BATCH];
	double			 v[BATCH], den[BATCH], num[BATCH], ex[BATCH];
	unsigned long		 pat[BATCH];
	GArray			*errs;	/* struct verr, owned */
	/* The watched rule's step (nstep if none), and its batch's
	   excluded stays with the exclusion that took each. */
	const struct qi_engine_hook *hook;
	size_t			 hook_step;
	unsigned		 xs[BATCH], xe[BATCH];
	size_t			 nx;
	struct qi_census	*census;	/* borrowed; NULL: none */
};

static struct plan *
plan_new(const struct qi_defset *defs, int variants,
    const struct qi_engine_hook *hook)
{
	struct plan *pl = g_new0(struct plan, 1);
	const struct qi_indicator *ind;
	size_t i, k, n = 0;

	pl->x = qi_expr_ctx_new(defs->codes, BATCH);
	pl->errs = g_array_new(FALSE, FALSE, sizeof(struct verr));
	for (i = 0; i < defs->n; i++)
		n += defs->v[i].nvariants + 1;
	pl->step = g_new0(struct step, n + 1);
	for (i = 0; i < defs->n; i++) {
		ind = &defs->v[i];
		if (hook != NULL && hook->only && i != hook->indicator)
			continue;
		for (k = 0; ind->has_rule && k <= (variants ? ind->nvariants :
		    0); k++) {
			struct step *st = &pl->step[pl->nstep++];

			st->i = i;
			st->k = k;
			st->ind = ind;
			st->r = qi_indicator_rule(ind, k);
			st->gate = qi_expr_ctx_gate(pl->x, st->r->den_when.x);
		}
	}
	pl->hook = hook;
	pl->hook_step = pl->nstep;
	for (k = 0; hook != NULL && k < pl->nstep; k++)
		if (pl->step[k].i == hook->indicator &&
		    pl->step[k].k == hook->variant) {
			pl->hook_step = k;
			break;
		}
	return pl;
}

static void
plan_free(struct plan *pl)
{
	if (pl == NULL)
		return;
	qi_expr_ctx_free(pl->x);
	g_array_free(pl->errs, TRUE);
	g_free(pl->step);
	g_free(pl);
}

/*
 * Keep in pl->sel the stays of src[0..m) for which condition c holds:
 * true.  src may be pl->sel.  Returns how many.
 */
static size_t
keep_true(struct plan *pl, const struct qi_cond *c, const unsigned *src,
    size_t m)
{
	size_t j, k = 0;
	double v;

	if (qi_expr_constant(c->x, &v)) {
		if (v != 1.0)
			return 0;
		memmove(pl->sel, src, m * sizeof(*src));
		return m;
	}
	qi_expr_eval_sel(c->x, pl->x, src, m, pl->v);
	for (j = 0; j < m; j++) {
		pl->sel[k] = src[j];
		k += pl->v[src[j]] == 1.0;
	}
	return k;
}

/*
 * Values in their domain dom (V_COUNT, V_EXPOSURE, V_MEAN or V_MEDIAN:
 * whole numbers or numbers, 0 or more, at most QI_COUNT_MAX,
 * QI_EXPOSURE_MAX, QI_MEAN_VALUE_MAX, the indicator's numerator.max)
 * into out[stay]; null counts as 0.  A
 * stay whose value is out of its domain is noted in pl->errs and left
 * out of sel; returns how many stay.
 */
static size_t
values(struct plan *pl, size_t j, const struct qi_cond *c, enum vdom dom,
    double *out, size_t m)
{
	static const double max[] = { QI_COUNT_MAX, QI_EXPOSURE_MAX,
	    QI_MEAN_VALUE_MAX };
	double hi = dom == V_MEDIAN ? (double)pl->step[j].ind->value_max :
	    max[dom];
	size_t q, k = 0;

	qi_expr_eval_sel(c->x, pl->x, pl->sel, m, out);
	for (q = 0; q < m; q++) {
		unsigned b = pl->sel[q];
		double v = out[b];

		if (isnan(v))
			out[b] = 0;
		else if (!isfinite(v) || v < 0 || v > hi ||
		    (dom != V_EXPOSURE && v != floor(v))) {
			struct verr e = { b, j, c, dom, v, NAN };

			g_array_append_val(pl->errs, e);
			continue;
		}
		pl->sel[k++] = b;
	}
	return k;
}

/*
 * A proportion of units (numerator.value over denominator.value): keep in
 * sel the stays whose numerator is at most their denominator; note the
 * others in pl->errs.  Returns how many stay.
 */
static size_t
within_denominator(struct plan *pl, size_t j, size_t m)
{
	const struct qi_rule *r = pl->step[j].r;
	size_t q, k = 0;

	for (q = 0; q < m; q++) {
		unsigned b = pl->sel[q];

		if (pl->num[b] > pl->den[b]) {
			struct verr e = { b, j, &r->num_value, V_ABOVE_DEN,
			    pl->num[b], pl->den[b] };

			g_array_append_val(pl->errs, e);
			continue;
		}
		pl->sel[k++] = b;
	}
	return k;
}

static int
verr_cmp(const void *pa, const void *pb)
{
	const struct verr *a = pa, *b = pb;

	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return (a->j > b->j) - (a->j < b->j);
}

/*
 * Report the batch's values out of their domain, stay by stay in file
 * order: the first VALUE_ERRORS_MAX stays with one into diag, the rest
 * into *quiet (allocated here), as one stay at a time would.  *bad counts
 * the stays.
 */
#define VALUE_ERRORS_MAX	20	/* stays with bad values listed per shard */

static void
report_values(struct plan *pl, struct qi_diag *diag, struct qi_diag **quiet,
    size_t *bad)
{
	struct qi_diag *d = diag;
	size_t q;

	if (pl->errs->len == 0)
		return;
	/* stable: qsort is not, but (stay, step) is a total order */
	qsort(pl->errs->data, pl->errs->len, sizeof(struct verr), verr_cmp);
	for (q = 0; q < pl->errs->len; q++) {
		const struct verr *e = &g_array_index(pl->errs, struct verr, q);
		const struct qi_indicator *ind = pl->step[e->j].ind;

		if (q == 0 || e->b != g_array_index(pl->errs, struct verr,
		    q - 1).b) {
			if (*bad >= VALUE_ERRORS_MAX && quiet != NULL &&
			    *quiet == NULL)
				*quiet = qi_diag_alloc();
			d = *bad < VALUE_ERRORS_MAX || quiet == NULL ? diag :
			    *quiet;
			(*bad)++;
		}
		static const char *const hint[] = {
			[V_COUNT] = "a numerator value is a count: a whole "
			    "number, 0 or more, at most 10^9",
			[V_EXPOSURE] = "an exposure is a number, 0 or more, at "
			    "most 10^15",
			[V_MEAN] = "a mean's value is a whole number, 0 or "
			    "more, at most 10^6 (e.g. days: los + 1)",
			[V_ABOVE_DEN] = "a proportion's numerator is part of "
			    "its denominator: stay by stay, numerator.value "
			    "is at most denominator.value",
			[V_COVARIATE] = "a covariate's value is a whole "
			    "number, for a categorical one a level min..max; "
			    "give a default for a missing value in the "
			    "expression, or add a flag for it"
		};

		if (e->dom == V_MEDIAN) {
			char pbuf[16], *h = g_strdup_printf("a median's "
			    "value is a whole number from 0 to numerator.max, "
			    "%ld", ind->value_max);

			qi_period_format(pl->per[e->b], pbuf, sizeof(pbuf));
			qi_diag_add(d, QI_ERROR, ind->file, e->c->line,
			    e->c->col, h, "%s, %s: stay '%s' gives %g",
			    ind->id, pbuf, pl->st[e->b]->stay, e->v);
			g_free(h);
		} else if (e->dom == V_ABOVE_DEN)
			qi_diag_add(d, QI_ERROR, ind->file, e->c->line,
			    e->c->col, hint[e->dom], "%s: stay '%s' gives %g, "
			    "above its denominator value %g", ind->id,
			    pl->st[e->b]->stay, e->v, e->den);
		else if (e->dom == V_COVARIATE && isnan(e->v))
			qi_diag_add(d, QI_ERROR, ind->file, e->c->line,
			    e->c->col, hint[e->dom], "%s: stay '%s' has no "
			    "value for a risk-model covariate", ind->id,
			    pl->st[e->b]->stay);
		else
			qi_diag_add(d, QI_ERROR, ind->file, e->c->line,
			    e->c->col, hint[e->dom], "%s: stay '%s' gives %g",
			    ind->id, pl->st[e->b]->stay, e->v);
	}
	g_array_set_size(pl->errs, 0);
}

/*
 * The covariate pattern of each stay in pl->sel[0..m), into pl->pat
 * (qi_risk_digit() of each covariate at its place value).  A covariate
 * value without a digit is noted in pl->errs (step j): the run fails.
 */
static void
covariates(struct plan *pl, size_t j, const struct qi_indicator *ind,
    size_t m)
{
	const struct qi_covariate *cv;
	const struct qi_cond *c;
	unsigned long d;
	size_t k, q;

	for (q = 0; q < m; q++)
		pl->pat[pl->sel[q]] = 0;
	for (k = 0; k < ind->ncovariates; k++) {
		cv = &ind->covariates[k];
		c = cv->kind == QI_COVAR_FLAG ? &cv->when : &cv->value;
		qi_expr_eval_sel(c->x, pl->x, pl->sel, m, pl->v);
		for (q = 0; q < m; q++) {
			unsigned b = pl->sel[q];

			if (qi_risk_digit(cv, pl->v[b], &d) == 0) {
				pl->pat[b] += d * cv->mult;
				continue;
			}
			struct verr e = { b, j, c, V_COVARIATE, pl->v[b],
			    NAN };
			g_array_append_val(pl->errs, e);
		}
	}
}

/*
 * The tally of stay b for step j.  *last caches the previous answer, for
 * key *lastkey: stays come by hospital and often in discharge order, so
 * many a stay has the key of the one before.  The tally stays valid until
 * the next qi_tallybuf_get() of another key.
 */
static struct qi_tally *
tally_of(struct plan *pl, struct qi_tallybuf *tb, size_t j, unsigned b,
    struct qi_tally **last, uint64_t *lastkey)
{
	if (*last != NULL && *lastkey == pl->key[b])
		return *last;
	*lastkey = pl->key[b];
	return *last = qi_tallybuf_get(tb, (size_t)pl->st[b]->hospital,
	    pl->step[j].i, pl->step[j].k, pl->per[b]);
}

/*
 * What stay b adds to step j's tally, once its values are in pl->den,
 * pl->num and pl->ex: its denominator (1, or denominator.value), its
 * numerator (a "when" counts 1 if true, else a value) and its exposure.
 */
static long
den_of(const struct plan *pl, size_t j, unsigned b)
{
	return pl->step[j].r->den_value.x != NULL ? (long)pl->den[b] : 1;
}

static long
num_of(const struct plan *pl, size_t j, unsigned b)
{
	return pl->step[j].r->num_when.x != NULL ? pl->num[b] == 1.0 :
	    (long)pl->num[b];
}

/*
 * The tally's second sum: a rate's exposure, a mean's square of the
 * value (whole, below 10^12: exact in a double).
 */
static double
exposure_of(const struct plan *pl, size_t j, unsigned b)
{
	if (pl->step[j].ind->kind == QI_KIND_MEAN)
		return pl->num[b] * pl->num[b];
	return pl->step[j].ind->exposure_value.x != NULL ? pl->ex[b] : 0;
}

/*
 * Tell the hook what step j did with the batch's stays of its hospital:
 * those its exclusions took (pl->xs, pl->xe) and the m it counted
 * (pl->sel).
 */
static void
report_outcomes(const struct plan *pl, size_t j, size_t m)
{
	const struct qi_engine_hook *h = pl->hook;
	struct qi_outcome o;
	size_t q;
	unsigned b;

	for (q = 0; q < pl->nx + m; q++) {
		b = q < pl->nx ? pl->xs[q] : pl->sel[q - pl->nx];
		if (h->hospital >= 0 && pl->st[b]->hospital != h->hospital)
			continue;
		memset(&o, 0, sizeof(o));
		o.stay = pl->st[b];
		o.period = pl->per[b];
		o.exclusion = q < pl->nx ? (long)pl->xe[q] : -1;
		if (q >= pl->nx) {
			o.denominator = den_of(pl, j, b);
			o.numerator = num_of(pl, j, b);
			/* a mean's second sum is not the stay's exposure */
			o.exposure = pl->step[j].ind->kind == QI_KIND_MEAN ? 0 :
			    exposure_of(pl, j, b);
		}
		h->fn(h->arg, &o);
	}
}

/*
 * The fiscal quarter of stay q of the batch into pl->per[q], and its
 * tally key (hospital and quarter) into pl->key[q]; -1 if it has none.
 * The quarters of the last days seen are kept, by day, in pl->qday.
 */
static int
stay_quarter(struct plan *pl, size_t q)
{
	const struct qi_stay *s = pl->st[q];
	double d = s->num[QI_F_DISCHARGE];
	struct qday *c;

	if (s->hospital < 0 || !isfinite(d) || d < INT_MIN || d > INT_MAX)
		return -1;
	c = &pl->qday[(unsigned)(int)d % QDAYS];
	if (!c->valid || c->day != (int)d) {
		if (quarter_of_days(d, &c->per) == -1)
			return -1;
		c->day = (int)d;
		c->valid = 1;
	}
	pl->per[q] = c->per;
	pl->key[q] = (uint64_t)s->hospital << 32 |
	    (uint32_t)(c->per.fy * 5 + c->per.q);
	return 0;
}

/*
 * Evaluate every rule on the batch pl->st[0..pl->n), rule by rule, each
 * over the stays still in play, and add them to the tallies; then empty
 * the batch.  Returns QI_EINPUT if a stay had a value out of its domain
 * (reported as report_values() says).
 */
static enum qi_err
batch_eval(struct plan *pl, struct qi_tallybuf *tb, struct qi_diag *diag,
    struct qi_diag **quiet, size_t *bad)
{
	const struct qi_indicator *ind;
	const struct qi_rule *r;
	struct qi_tally *t, *last;
	struct qi_pattern *pt;
	size_t j, q, e, c, m, nall = 0;
	uint64_t lastkey = 0;
	enum qi_err rc;

	for (q = 0; q < pl->n; q++)
		if (stay_quarter(pl, q) == 0)
			pl->all[nall++] = (unsigned)q;
		/* else the reader has reported it */
	if (pl->census != NULL)
		qi_census_add(pl->census, pl->st, pl->n);
	qi_expr_ctx_stays(pl->x, pl->st, pl->n);
	qi_expr_ctx_gates(pl->x, pl->all, nall);
	for (j = 0; j < pl->nstep; j++) {
		const unsigned *src = pl->all;

		ind = pl->step[j].ind;
		r = pl->step[j].r;
		m = nall;
		if (pl->step[j].gate >= 0)
			src = qi_expr_ctx_gated(pl->x, pl->step[j].gate, &m);
		if (ind->has_effective) {
			for (c = 0, q = 0; q < m; q++)
				if (qi_period_cmp(pl->per[src[q]],
				    ind->effective) >= 0)
					pl->sel[c++] = src[q];
			src = pl->sel;
			m = c;
		}
		if (m > 0)
			m = keep_true(pl, &r->den_when, src, m);
		/* The first exclusion that matches takes the stay. */
		last = NULL;
		pl->nx = 0;
		for (e = 0; e < r->nexcl && m > 0; e++) {
			size_t k = 0;

			qi_expr_eval_sel(r->excl[e].when.x, pl->x, pl->sel, m,
			    pl->v);
			for (q = 0; q < m; q++) {
				unsigned b = pl->sel[q];

				if (pl->v[b] != 1.0) {
					pl->sel[k++] = b;
					continue;
				}
				t = tally_of(pl, tb, j, b, &last, &lastkey);
				t->excluded[e]++;
				pl->xs[pl->nx] = b;
				pl->xe[pl->nx++] = (unsigned)e;
			}
			m = k;
		}
		if (m == 0) {
			if (j == pl->hook_step)
				report_outcomes(pl, j, 0);
			continue;
		}
		if (r->den_value.x != NULL)
			m = values(pl, j, &r->den_value, V_COUNT, pl->den, m);
		if (r->num_when.x != NULL)
			qi_expr_eval_sel(r->num_when.x, pl->x, pl->sel, m,
			    pl->num);
		else
			m = values(pl, j, &r->num_value, ind->kind ==
			    QI_KIND_MEAN ? V_MEAN : ind->kind == QI_KIND_MEDIAN ?
			    V_MEDIAN : V_COUNT, pl->num, m);
		if (ind->kind == QI_KIND_PROPORTION && r->den_value.x != NULL &&
		    r->num_value.x != NULL)
			m = within_denominator(pl, j, m);
		if (ind->exposure_value.x != NULL)
			m = values(pl, j, &ind->exposure_value, V_EXPOSURE,
			    pl->ex, m);
		if (ind->ncovariates > 0)
			covariates(pl, j, ind, m);
		for (q = 0; q < m; q++) {
			unsigned b = pl->sel[q];
			long num = num_of(pl, j, b);

			t = tally_of(pl, tb, j, b, &last, &lastkey);
			t->denominator += den_of(pl, j, b);
			t->numerator += num;
			t->exposure += exposure_of(pl, j, b);
			if (ind->kind == QI_KIND_MEDIAN) {
				/* the histogram: stays per value */
				qi_tallybuf_pattern(tb, (size_t)pl->st[b]->
				    hospital, pl->step[j].i, pl->step[j].k,
				    pl->per[b], (unsigned long)num)->n++;
				continue;
			}
			if (ind->ncovariates == 0)
				continue;
			pt = qi_tallybuf_pattern(tb,
			    (size_t)pl->st[b]->hospital, pl->step[j].i,
			    pl->step[j].k, pl->per[b], pl->pat[b]);
			pt->n++;
			pt->y += num;
		}
		if (j == pl->hook_step)
			report_outcomes(pl, j, m);
	}
	rc = pl->errs->len > 0 ? QI_EINPUT : QI_OK;
	report_values(pl, diag, quiet, bad);
	pl->n = 0;
	return rc;
}

enum qi_err
qi_engine_stay(const struct qi_defset *defs, int variants,
    const struct qi_stay *s, struct qi_tallybuf *b, struct qi_diag *diag)
{
	struct plan *pl = plan_new(defs, variants, NULL);
	size_t bad = 0;
	enum qi_err rc;

	pl->st[pl->n++] = s;
	rc = batch_eval(pl, b, diag, NULL, &bad);
	plan_free(pl);
	return rc;
}

/* One thread's share: the stays of a byte range of the stays file. */
struct shard {
	const struct qi_engine_cfg	*cfg;
	const struct qi_defset		*defs;
	const struct qi_registry	*reg;
	uint64_t			 start, end;	/* 0, 0: the whole file */
	const struct qi_links		*links;		/* or NULL */
	const char			*stays_name;	/* of a copy; or NULL */
	struct qi_tallybuf		*b;
	struct qi_diag			*diag;
	struct qi_records_counts	 counts;
	enum qi_err			 rc;
};

static gpointer
shard_run(gpointer p)
{
	struct shard *sh = p;
	struct qi_records_opts ro;
	struct qi_records *r = NULL;
	struct qi_diag *quiet = NULL;
	struct plan *pl = plan_new(sh->defs, sh->cfg->variants,
	    sh->cfg->hook);
	const struct qi_stay *st;
	size_t bad = 0;
	int n;

	pl->census = sh->cfg->census;

	qi_records_opts_defaults(&ro);
	ro.encoding = sh->cfg->encoding;
	ro.skip_bad_rows = sh->cfg->skip_bad_rows;
	ro.start = sh->start;
	ro.end = sh->end;
	ro.hold = BATCH;
	ro.items = sh->cfg->items;
	ro.links = sh->links;
	ro.stays_name = sh->stays_name;
	sh->b = qi_tallybuf_new();
	if ((sh->rc = qi_records_open(sh->cfg->stays, sh->cfg->events,
	    sh->reg, sh->defs->codes, &ro, &r, sh->diag)) != QI_OK) {
		plan_free(pl);
		return NULL;
	}
	while ((n = qi_records_next(r, &st)) == 1) {
		pl->st[pl->n++] = st;
		if (pl->n == BATCH) {
			if (batch_eval(pl, sh->b, sh->diag, &quiet, &bad) !=
			    QI_OK)
				sh->rc = QI_EINPUT;
			qi_records_release(r);
		}
	}
	if (pl->n > 0 && batch_eval(pl, sh->b, sh->diag, &quiet, &bad) !=
	    QI_OK)
		sh->rc = QI_EINPUT;
	if (n < 0 && sh->rc == QI_OK)
		sh->rc = qi_diag_count(sh->diag, QI_ERROR) > 0 ? QI_EINPUT :
		    QI_ESYS;
	if (bad > VALUE_ERRORS_MAX)
		qi_diag_add(sh->diag, QI_NOTE, sh->cfg->stays, 0, 0, NULL,
		    "%zu more stays with values out of their domain",
		    bad - VALUE_ERRORS_MAX);
	sh->counts = *qi_records_counts(r);
	qi_records_free(r);
	qi_diag_free(quiet);
	plan_free(pl);
	return NULL;
}

/* The rows skipped, by file and reason, from the shards' counts. */
static void
skipped_rows(const struct shard *sh, size_t n, struct qi_engine_stats *st)
{
	static const char *const file[3] = { "stays", "events", "items" };
	uint64_t c[3][QI_RR__COUNT] = { { 0 } };
	size_t i, k, f;

	for (i = 0; i < n; i++)
		for (k = 0; k < QI_RR__COUNT; k++) {
			c[0][k] += sh[i].counts.stays_skipped[k];
			c[1][k] += sh[i].counts.events_skipped[k];
			c[2][k] += sh[i].counts.items_skipped[k];
		}
	st->skipped = g_new0(struct qi_skipped, 3 * QI_RR__COUNT);
	for (f = 0; f < 3; f++)
		for (k = 0; k < QI_RR__COUNT; k++)
			if (c[f][k] > 0) {
				st->skipped[st->nskipped].file = file[f];
				st->skipped[st->nskipped].reason =
				    qi_rec_reason_name((enum qi_rec_reason)k);
				st->skipped[st->nskipped++].rows =
				    (long)c[f][k];
			}
}

/*
 * Run n shards, each in its own thread (one shard: in this thread), each
 * with its own diagnostics.  Returns the worst status.
 */
static enum qi_err
run_shards(struct shard *sh, size_t n)
{
	GThread **th = g_new0(GThread *, n);
	enum qi_err rc = QI_OK;
	size_t i;

	for (i = 0; i < n; i++)
		if (n == 1)
			shard_run(&sh[i]);
		else
			th[i] = g_thread_new("qi-shard", shard_run, &sh[i]);
	for (i = 0; i < n; i++) {
		if (th[i] != NULL)
			g_thread_join(th[i]);
		if (sh[i].rc > rc)
			rc = sh[i].rc;
	}
	g_free(th);
	return rc;
}

/*
 * Copy the stays (a pipe, read once) to the file copy, byte for byte.
 * QI_OK, or QI_ESYS (recorded).
 */
static enum qi_err
spool(const char *stays, const char *copy, struct qi_diag *diag)
{
	FILE *in = strcmp(stays, "-") == 0 ? stdin : fopen(stays, "rb");
	FILE *out = NULL;
	char *buf;
	size_t n;
	enum qi_err rc = QI_OK;

	if (in == NULL || (out = fopen(copy, "wb")) == NULL) {
		qi_diag_add(diag, QI_ERROR, in == NULL ? stays : copy, 0, 0,
		    NULL, "cannot %s: %s", in == NULL ? "open" : "create",
		    g_strerror(errno));
		if (in != NULL && in != stdin)
			fclose(in);
		return QI_ESYS;
	}
	buf = g_malloc(1 << 20);
	while ((n = fread(buf, 1, 1 << 20, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			break;
	if (ferror(in)) {
		qi_diag_add(diag, QI_ERROR, stays, 0, 0, NULL, "cannot read: %s",
		    g_strerror(errno));
		rc = QI_ESYS;
	}
	if ((ferror(out) | fclose(out)) != 0 && rc == QI_OK) {
		qi_diag_add(diag, QI_ERROR, copy, 0, 0, NULL, "cannot write: %s",
		    g_strerror(errno));
		rc = QI_ESYS;
	}
	if (in != stdin)
		fclose(in);
	g_free(buf);
	return rc;
}

/*
 * The patients' next stays, when a definition reads them: *links, and
 * the temporary folder *tmp holding them.  Stays that are not a file (a
 * pipe, read once) are first copied there: *copy names the copy, which
 * the evaluation then reads.  QI_OK with *links NULL when no definition
 * reads them.
 */
static enum qi_err
links_build(const struct qi_engine_cfg *cfg, const struct qi_defset *defs,
    const struct qi_registry *reg, struct qi_links **links, char **tmp,
    char **copy, struct qi_diag *diag)
{
	struct qi_records_opts ro;
	size_t k;
	enum qi_err rc;

	*links = NULL;
	*tmp = *copy = NULL;
	for (k = 0; k < defs->n; k++)
		if ((cfg->hook == NULL || !cfg->hook->only ||
		    k == cfg->hook->indicator) &&
		    qi_indicator_reads(&defs->v[k]) & QI_READS_LINKS)
			break;
	if (k == defs->n)
		return QI_OK;
	if ((*tmp = qi_tmpdir(cfg->tmp_in, diag)) == NULL)
		return QI_ESYS;
	rc = QI_OK;
	if (!g_file_test(cfg->stays, G_FILE_TEST_IS_REGULAR)) {
		*copy = g_build_filename(*tmp, "stays", NULL);
		rc = spool(cfg->stays, *copy, diag);
	}
	qi_records_opts_defaults(&ro);
	ro.encoding = cfg->encoding;
	ro.skip_bad_rows = cfg->skip_bad_rows;
	if (rc == QI_OK)
		rc = qi_links_build(*copy != NULL ? *copy : cfg->stays, &ro,
		    reg, *tmp, links, diag);
	if (rc != QI_OK) {
		qi_tmpdir_remove(*tmp);
		*tmp = NULL;
		g_free(*copy);
		*copy = NULL;
	}
	return rc;
}

enum qi_err
qi_engine_run(const struct qi_engine_cfg *cfg, const struct qi_defset *defs,
    const struct qi_registry *reg, struct qi_tallies **out,
    struct qi_engine_stats *stats, struct qi_diag *diag)
{
	struct shard *sh;
	struct qi_tallybuf *b;
	struct qi_engine_cfg c;
	struct qi_links *links;
	char *tmp, *copy;
	GStatBuf sb;
	size_t n = cfg->jobs > 1 ? cfg->jobs : 1, i;
	uint64_t size;
	enum qi_err rc;

	*out = NULL;
	memset(stats, 0, sizeof(*stats));
	if ((rc = links_build(cfg, defs, reg, &links, &tmp, &copy, diag)) !=
	    QI_OK)
		return rc;
	/* a pipe's copy is read in its place, under its name */
	c = *cfg;
	if (copy != NULL)
		c.stays = copy;
	/* Byte ranges need UTF-8 (a CP932 file is read in one pass). */
	if (cfg->encoding != NULL && g_ascii_strcasecmp(cfg->encoding,
	    "cp932") == 0)
		n = 1;
	size = g_stat(cfg->stays, &sb) == 0 ? (uint64_t)sb.st_size : 0;
	if (size < n * 4096u)
		n = 1;	/* not worth a thread */
	sh = g_new0(struct shard, n);
	for (i = 0; i < n; i++) {
		sh[i].cfg = &c;
		sh[i].stays_name = copy != NULL ? cfg->stays : NULL;
		sh[i].defs = defs;
		sh[i].reg = reg;
		sh[i].start = n == 1 ? 0 : size * i / n;
		sh[i].end = n == 1 ? 0 : size * (i + 1) / n;
		sh[i].links = links;
		/* One shard reports straight into diag. */
		sh[i].diag = n == 1 ? diag : qi_diag_alloc();
	}
	rc = run_shards(sh, n);
	if (rc != QI_OK && n > 1) {
		/*
		 * The threads' diagnostics are private; the errors are
		 * reported from one pass, in file order, so that they read
		 * the same whatever the number of threads.
		 */
		for (i = 0; i < n; i++) {
			qi_tallybuf_free(sh[i].b);
			qi_diag_free(sh[i].diag);
		}
		g_free(sh);
		n = 1;
		sh = g_new0(struct shard, 1);
		sh->cfg = &c;
		sh->stays_name = copy != NULL ? cfg->stays : NULL;
		sh->defs = defs;
		sh->reg = reg;
		sh->links = links;
		sh->diag = diag;
		rc = run_shards(sh, 1);
	}
	b = NULL;
	for (i = 0; i < n; i++) {
		stats->stays += (long)sh[i].counts.stays;
		stats->events += (long)sh[i].counts.events;
		if (sh[i].b != NULL && b == NULL)
			b = sh[i].b;	/* takes the other shards' sums */
		else if (sh[i].b != NULL) {
			struct qi_tallies *t = qi_tallybuf_finish(sh[i].b);
			qi_tallybuf_add(b, t);
			qi_tallies_free(t);
		}
		if (sh[i].diag != diag)
			qi_diag_free(sh[i].diag);
	}
	if (cfg->skip_bad_rows)
		skipped_rows(sh, n, stats);
	g_free(sh);
	qi_links_free(links);
	qi_tmpdir_remove(tmp);
	g_free(copy);
	if (rc != QI_OK) {
		qi_tallybuf_free(b);
		return rc;
	}
	*out = qi_tallybuf_finish(b != NULL ? b : qi_tallybuf_new());
	return QI_OK;
}
