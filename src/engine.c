/*
 * engine.c -- patient-level evaluation (specs/definitions.md, "How a stay
 * is counted").  Each stay is evaluated against every definition that
 * has a patient-level rule, and against its variants when asked, in one
 * pass over the records; the sums go to a tally buffer per hospital x
 * fiscal quarter (of the discharge date) x indicator x variant.  With
 * jobs > 1 the files are cut into byte ranges read by one thread each,
 * and the threads' buffers are added at the end; the sums are the same
 * as one thread's.
 */
#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "codelist.h"
#include "engine.h"
#include "expr.h"
#include "record.h"
#include "records.h"

void
qi_engine_cfg_defaults(struct qi_engine_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->jobs = 1;
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

/* A condition holds on the context's stay: true, not false and not null. */
static int
holds(const struct qi_cond *c, struct qi_expr_ctx *x)
{
	return qi_expr_eval_ctx(c->x, x) == 1.0;
}

/*
 * A value that must be a whole number 0 or more (a numerator sum) or a
 * number 0 or more (an exposure).  Null counts as 0.  Returns -1 and
 * reports if the stay's value is out of its domain.
 */
static int
value(const struct qi_indicator *ind, const struct qi_cond *c, int whole,
    const struct qi_stay *s, struct qi_expr_ctx *x, struct qi_diag *diag,
    double *out)
{
	double v = qi_expr_eval_ctx(c->x, x);

	*out = 0;
	if (isnan(v))
		return 0;
	if (!isfinite(v) || v < 0 || (whole && v != floor(v))) {
		qi_diag_add(diag, QI_ERROR, ind->file, c->line, c->col,
		    whole ? "a numerator value is a count: a whole number, "
		    "0 or more" : "an exposure is a number, 0 or more",
		    "%s: stay '%s' gives %g", ind->id, s->stay, v);
		return -1;
	}
	*out = v;
	return 0;
}

/* One rule to evaluate: indicator i's rule k, with its denominator's gate. */
struct step {
	size_t			 i, k;
	const struct qi_indicator *ind;
	const struct qi_rule	*r;
	struct qi_expr_gate	 gate;
};

/*
 * What a thread keeps across stays: the evaluation context and the rules
 * to evaluate, in the order of the definitions and their variants.
 */
struct plan {
	struct qi_expr_ctx	*x;	/* owned */
	struct step		*step;	/* owned */
	size_t			 nstep;
};

static struct plan *
plan_new(const struct qi_defset *defs, int variants)
{
	struct plan *pl = g_new0(struct plan, 1);
	const struct qi_indicator *ind;
	size_t i, k, n = 0;

	pl->x = qi_expr_ctx_new(defs->codes);
	for (i = 0; i < defs->n; i++)
		n += defs->v[i].nvariants + 1;
	pl->step = g_new0(struct step, n + 1);
	for (i = 0; i < defs->n; i++) {
		ind = &defs->v[i];
		for (k = 0; ind->has_rule && k <= (variants ? ind->nvariants :
		    0); k++) {
			struct step *st = &pl->step[pl->nstep++];

			st->i = i;
			st->k = k;
			st->ind = ind;
			st->r = qi_indicator_rule(ind, k);
			qi_expr_gate_of(st->r->den_when.x, &st->gate);
		}
	}
	return pl;
}

static void
plan_free(struct plan *pl)
{
	if (pl == NULL)
		return;
	qi_expr_ctx_free(pl->x);
	g_free(pl->step);
	g_free(pl);
}

/* qi_engine_stay() with the thread's plan. */
static enum qi_err
stay_eval(const struct qi_stay *s, struct qi_tallybuf *b, struct plan *pl,
    struct qi_diag *diag)
{
	struct qi_expr_ctx *x = pl->x;
	const struct qi_indicator *ind;
	const struct qi_rule *r;
	struct qi_tally *t;
	struct qi_pattern *pt;
	struct qi_period p;
	unsigned long pat;
	double v, ex;
	size_t i, j, k, e, c;
	long y;
	enum qi_err rc = QI_OK;

	if (s->hospital < 0 ||
	    quarter_of_days(s->num[QI_F_DISCHARGE], &p) == -1)
		return QI_OK;	/* the reader has reported it */
	qi_expr_ctx_stay(x, s);
	for (j = 0; j < pl->nstep; j++) {
		ind = pl->step[j].ind;
		i = pl->step[j].i;
		k = pl->step[j].k;
		r = pl->step[j].r;
		if (ind->has_effective && qi_period_cmp(p, ind->effective) < 0)
			continue;
		if (!qi_expr_ctx_pass(x, &pl->step[j].gate) ||
		    !holds(&r->den_when, x))
			continue;
		t = qi_tallybuf_get(b, (size_t)s->hospital, i, k, p);
		/* The first exclusion that matches takes the stay. */
		for (e = 0; e < r->nexcl; e++)
			if (holds(&r->excl[e].when, x))
				break;
		if (e < r->nexcl) {
			t->excluded[e]++;
			continue;
		}
		if (r->den_value.x == NULL)
			t->denominator++;
		else if (value(ind, &r->den_value, 1, s, x, diag, &v) ==
		    0)
			t->denominator += (long)v;
		else {
			rc = QI_EINPUT;
			continue;
		}
		if (r->num_when.x != NULL)
			y = holds(&r->num_when, x);
		else if (value(ind, &r->num_value, 1, s, x, diag, &v) ==
		    0)
			y = (long)v;
		else {
			rc = QI_EINPUT;
			continue;
		}
		t->numerator += y;
		if (ind->exposure_value.x != NULL) {
			if (value(ind, &ind->exposure_value, 0, s,
			    x, diag, &ex) == -1) {
				rc = QI_EINPUT;
				continue;
			}
			t->exposure += ex;
		}
		if (ind->ncovariates == 0)
			continue;
		for (pat = 0, c = 0; c < ind->ncovariates; c++)
			if (holds(&ind->covariates[c].when, x))
				pat |= 1ul << c;
		pt = qi_tallybuf_pattern(b, (size_t)s->hospital, i, k,
		    p, pat);
		pt->n++;
		pt->y += y;
	}
	return rc;
}

enum qi_err
qi_engine_stay(const struct qi_defset *defs, int variants,
    const struct qi_stay *s, struct qi_tallybuf *b, struct qi_diag *diag)
{
	struct plan *pl = plan_new(defs, variants);
	enum qi_err rc = stay_eval(s, b, pl, diag);

	plan_free(pl);
	return rc;
}

/* One thread's share: the stays of a byte range of the stays file. */
struct shard {
	const struct qi_engine_cfg	*cfg;
	const struct qi_defset		*defs;
	const struct qi_registry	*reg;
	uint64_t			 start, end;	/* 0, 0: the whole file */
	struct qi_tallybuf		*b;
	struct qi_diag			*diag;
	struct qi_records_counts	 counts;
	enum qi_err			 rc;
};

#define VALUE_ERRORS_MAX	20	/* stays with bad values listed per shard */

static gpointer
shard_run(gpointer p)
{
	struct shard *sh = p;
	struct qi_records_opts ro;
	struct qi_records *r = NULL;
	struct qi_diag *quiet = NULL;
	struct plan *pl = plan_new(sh->defs, sh->cfg->variants);
	const struct qi_stay *st;
	size_t bad = 0;
	int n;

	qi_records_opts_defaults(&ro);
	ro.encoding = sh->cfg->encoding;
	ro.skip_bad_rows = sh->cfg->skip_bad_rows;
	ro.start = sh->start;
	ro.end = sh->end;
	sh->b = qi_tallybuf_new();
	if ((sh->rc = qi_records_open(sh->cfg->stays, sh->cfg->events,
	    sh->reg, sh->defs->codes, &ro, &r, sh->diag)) != QI_OK) {
		plan_free(pl);
		return NULL;
	}
	while ((n = qi_records_next(r, &st)) == 1)
		if (stay_eval(st, sh->b, pl,
		    bad < VALUE_ERRORS_MAX ? sh->diag : (quiet != NULL ? quiet :
		    (quiet = qi_diag_alloc()))) != QI_OK) {
			bad++;
			sh->rc = QI_EINPUT;
		}
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
	uint64_t c[2][QI_RR__COUNT] = { { 0 } };
	size_t i, k, f;

	for (i = 0; i < n; i++)
		for (k = 0; k < QI_RR__COUNT; k++) {
			c[0][k] += sh[i].counts.stays_skipped[k];
			c[1][k] += sh[i].counts.events_skipped[k];
		}
	st->skipped = g_new0(struct qi_skipped, 2 * QI_RR__COUNT);
	for (f = 0; f < 2; f++)
		for (k = 0; k < QI_RR__COUNT; k++)
			if (c[f][k] > 0) {
				st->skipped[st->nskipped].file = f == 0 ?
				    "stays" : "events";
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

enum qi_err
qi_engine_run(const struct qi_engine_cfg *cfg, const struct qi_defset *defs,
    const struct qi_registry *reg, struct qi_tallies **out,
    struct qi_engine_stats *stats, struct qi_diag *diag)
{
	struct shard *sh;
	struct qi_tallybuf *b;
	GStatBuf sb;
	size_t n = cfg->jobs > 1 ? cfg->jobs : 1, i;
	uint64_t size;
	enum qi_err rc;

	*out = NULL;
	memset(stats, 0, sizeof(*stats));
	/* Byte ranges need UTF-8 (a CP932 file is read in one pass). */
	if (cfg->encoding != NULL && g_ascii_strcasecmp(cfg->encoding,
	    "cp932") == 0)
		n = 1;
	size = g_stat(cfg->stays, &sb) == 0 ? (uint64_t)sb.st_size : 0;
	if (size < n * 4096u)
		n = 1;	/* not worth a thread */
	sh = g_new0(struct shard, n);
	for (i = 0; i < n; i++) {
		sh[i].cfg = cfg;
		sh[i].defs = defs;
		sh[i].reg = reg;
		sh[i].start = n == 1 ? 0 : size * i / n;
		sh[i].end = n == 1 ? 0 : size * (i + 1) / n;
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
		sh->cfg = cfg;
		sh->defs = defs;
		sh->reg = reg;
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
	if (rc != QI_OK) {
		qi_tallybuf_free(b);
		return rc;
	}
	*out = qi_tallybuf_finish(b != NULL ? b : qi_tallybuf_new());
	return QI_OK;
}
