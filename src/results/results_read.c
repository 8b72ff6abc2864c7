/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * results_read.c -- results.csv read back, so that qi render can draw
 * charts from results computed earlier (or elsewhere) without the data;
 * and, for --history, the results.csv of an earlier run, which may be of
 * an earlier definition version (specs/definitions.md §3).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "csvread.h"
#include "results.h"

enum { R_IND, R_VER, R_PERIOD, R_SCOPE, R_ORG, R_HOSP, R_NUM, R_DEN,
    R_RATE, R_LO, R_HI, R_STATUS, R_EXPOSURE, R_EXPECTED, R_RATIO,
    R_RATIO_LO, R_RATIO_HI, R_ADJ, R_ADJ_LO, R_ADJ_HI, R_METHOD, R_LEVEL };
static const struct qi_csvcol result_cols[] = {
	{ "indicator", 1 }, { "version", 1 }, { "period", 1 },
	{ "scope", 1 }, { "organisation", 1 }, { "hospital", 1 },
	{ "numerator", 1 }, { "denominator", 1 }, { "rate", 1 },
	{ "lower", 1 }, { "upper", 1 }, { "status", 1 }, { "exposure", 0 },
	/* Risk adjustment: optional, so older results.csv still load. */
	{ "expected", 0 }, { "ratio", 0 }, { "ratio_lower", 0 },
	{ "ratio_upper", 0 }, { "adj_rate", 0 }, { "adj_lower", 0 },
	{ "adj_upper", 0 },
	/* Read for history rows: the interval of an earlier version. */
	{ "method", 0 }, { "level", 0 }
};

/*
 * How rows are checked against the definitions: results of the current
 * version only (qi render, qi publish), or history (--history): any
 * version up to the current one, one per indicator in a file.
 */
struct seen {
	long		 version;
	unsigned	 line;		/* first row of the indicator */
};

struct mode {
	int		 history;
	GHashTable	*seen;		/* indicator + 1 -> struct seen */
};

/* Empty is "suppressed" (-1); otherwise a count >= 0. */
static int
get_count(struct qi_csv *c, const char *const *f, size_t col, long *v)
{
	if (*f[col] == '\0') {
		*v = -1;
		return 0;
	}
	return qi_csv_count(c, f, col, "count", QI_POOL_MAX, v);
}

/*
 * Empty is "not published" (NaN); otherwise a proportion in [0,1], or
 * for a rate or a mean (rate set) any number 0 or more.
 */
static int
get_real(struct qi_csv *c, const char *const *f, size_t col, int rate,
    double *v)
{
	if (f[col] == NULL || *f[col] == '\0') {
		*v = NAN;
		return 0;
	}
	if (qi_field_real(f[col], v) == -1 || !(*v >= 0.0 &&
	    (rate || *v <= 1.0))) {
		qi_csv_error(c, col, rate ? "rates and exposures are decimal "
		    "numbers, 0 or more" : "rates are decimal proportions "
		    "between 0 and 1",
		    "bad value '%s'", f[col]);
		return -1;
	}
	return 0;
}

/*
 * The version of a history row: at most the definition's; the current
 * one only from its effective period on; one per indicator in a file.
 */
static int
check_history_version(struct qi_csv *c, const struct qi_indicator *d,
    size_t ind, long ver, struct qi_period per, struct mode *m)
{
	char pbuf[16], ebuf[16];
	struct seen *old;

	if (ver > d->version) {
		qi_csv_error(c, R_VER, "history holds results of this or "
		    "earlier versions of the definitions", "results of "
		    "version %ld, but definition '%s' is version %ld", ver,
		    d->id, d->version);
		return -1;
	}
	if (ver == d->version && d->has_effective &&
	    qi_period_cmp(per, d->effective) < 0) {
		qi_period_format(per, pbuf, sizeof(pbuf));
		qi_period_format(d->effective, ebuf, sizeof(ebuf));
		qi_csv_error(c, R_VER, "results before the definition's "
		    "'effective' period are of an earlier version: check the "
		    "version column, or the definition's 'effective'",
		    "%s of '%s' is given as version %ld, which applies from "
		    "%s on", pbuf, d->id, ver, ebuf);
		return -1;
	}
	if ((old = g_hash_table_lookup(m->seen, GSIZE_TO_POINTER(ind + 1)))
	    == NULL) {
		old = g_new(struct seen, 1);
		old->version = ver;
		old->line = qi_csv_line(c);
		g_hash_table_insert(m->seen, GSIZE_TO_POINTER(ind + 1), old);
	} else if (old->version != ver) {
		qi_csv_error(c, R_VER, "a run writes one version of each "
		    "definition: give each run's results as a --history file "
		    "of its own", "version %ld of '%s', but line %u has "
		    "version %ld", ver, d->id, old->line, old->version);
		return -1;
	}
	return 0;
}

/*
 * A history row's interval method and level, by which its version's
 * rolling intervals are computed; the definition's when the columns are
 * absent.
 */
static int
get_method(struct qi_csv *c, const char *const *f,
    const struct qi_indicator *d, int *method, double *level)
{
	int v;

	*method = d->kind == QI_KIND_RATE ? (int)d->rate_method :
	    qi_kind_location(d->kind) ? 0 : (int)d->method;
	*level = d->level;
	if (f[R_METHOD] != NULL && *f[R_METHOD] != '\0') {
		const struct qi_name *t = qi_kind_methods(d->kind);

		if ((v = qi_name_value(t, f[R_METHOD])) < 0) {
			char *hint = qi_name_list(t);

			qi_csv_error(c, R_METHOD, hint,
			    "bad interval method '%s'", f[R_METHOD]);
			g_free(hint);
			return -1;
		}
		*method = v;
	}
	if (f[R_LEVEL] != NULL && *f[R_LEVEL] != '\0') {
		if (qi_field_real(f[R_LEVEL], level) == -1 || !(*level > 0 &&
		    *level < 1)) {
			qi_csv_error(c, R_LEVEL, "e.g. 0.95", "bad level '%s'",
			    f[R_LEVEL]);
			return -1;
		}
	}
	return 0;
}

static int
read_row(struct qi_csv *c, const char *const *f, const struct qi_defset *defs,
    const struct qi_registry *reg, struct mode *m, struct qi_result *r,
    long *version)
{
	long ind, ver;
	int v, rate, proportion;

	memset(r, 0, sizeof(*r));
	if ((ind = qi_defset_find(defs, f[R_IND])) < 0) {
		qi_csv_error(c, R_IND, "render with the definitions the "
		    "results were computed with", "unknown indicator '%s'",
		    f[R_IND]);
		return -1;
	}
	r->indicator = (size_t)ind;
	rate = defs->v[ind].kind == QI_KIND_RATE;
	proportion = defs->v[ind].kind == QI_KIND_PROPORTION;
	if (qi_field_count(f[R_VER], &ver) == -1 || ver < 1) {
		qi_csv_error(c, R_VER, "a definition version is a whole "
		    "number from 1", "bad version '%s'", f[R_VER]);
		return -1;
	}
	if (!m->history && ver != defs->v[ind].version) {
		qi_csv_error(c, R_VER, "recompute the results with the "
		    "current definitions, or give them as --history FILE",
		    "results of version %s, definition '%s' is version %ld",
		    f[R_VER], f[R_IND], defs->v[ind].version);
		return -1;
	}
	*version = ver;
	if (qi_period_parse(f[R_PERIOD], &r->period) == -1) {
		qi_csv_error(c, R_PERIOD, NULL, "bad period '%s'",
		    f[R_PERIOD]);
		return -1;
	}
	if (m->history && check_history_version(c, &defs->v[ind],
	    (size_t)ind, ver, r->period, m) == -1)
		return -1;
	if ((v = qi_name_value(qi_scope_names, f[R_SCOPE])) < 0) {
		qi_csv_error(c, R_SCOPE, "hospital, organisation or all",
		    "bad scope '%s'", f[R_SCOPE]);
		return -1;
	}
	r->scope = (enum qi_scope)v;
	r->org = -1;
	r->hospital = -1;
	if (r->scope != QI_SCOPE_ALL &&
	    (r->org = qi_registry_org(reg, f[R_ORG])) < 0) {
		qi_csv_error(c, R_ORG, NULL, "unknown organisation '%s'",
		    f[R_ORG]);
		return -1;
	}
	if (r->scope == QI_SCOPE_HOSPITAL &&
	    (r->hospital = qi_registry_hospital(reg, f[R_HOSP])) < 0) {
		qi_csv_error(c, R_HOSP, NULL, "unknown hospital '%s'",
		    f[R_HOSP]);
		return -1;
	}
	if ((v = qi_name_value(qi_status_names, f[R_STATUS])) < 0) {
		qi_csv_error(c, R_STATUS, NULL, "bad status '%s'",
		    f[R_STATUS]);
		return -1;
	}
	r->status = (enum qi_status)v;
	if (get_count(c, f, R_NUM, &r->numerator) == -1 ||
	    get_count(c, f, R_DEN, &r->denominator) == -1 ||
	    get_real(c, f, R_RATE, !proportion, &r->rate) == -1 ||
	    get_real(c, f, R_LO, !proportion, &r->lower) == -1 ||
	    get_real(c, f, R_HI, !proportion, &r->upper) == -1 ||
	    get_real(c, f, R_EXPOSURE, 1, &r->exposure) == -1 ||
	    get_real(c, f, R_EXPECTED, 1, &r->expected) == -1 ||
	    get_real(c, f, R_RATIO, 1, &r->ratio) == -1 ||
	    get_real(c, f, R_RATIO_LO, 1, &r->ratio_lower) == -1 ||
	    get_real(c, f, R_RATIO_HI, 1, &r->ratio_upper) == -1 ||
	    get_real(c, f, R_ADJ, 1, &r->adj_rate) == -1 ||
	    get_real(c, f, R_ADJ_LO, 1, &r->adj_lower) == -1 ||
	    get_real(c, f, R_ADJ_HI, 1, &r->adj_upper) == -1)
		return -1;
	if (r->status != QI_STATUS_OK && (!isnan(r->expected) ||
	    !isnan(r->ratio) || !isnan(r->ratio_lower) ||
	    !isnan(r->ratio_upper) || !isnan(r->adj_rate) ||
	    !isnan(r->adj_lower) || !isnan(r->adj_upper))) {
		qi_csv_error(c, R_EXPECTED, "a withheld result has no "
		    "risk-adjusted values", "risk-adjusted values in a "
		    "result that is not published");
		return -1;
	}
	/*
	 * A median of too few stays for its level has no interval
	 * (qi_ci_median(): k = 0, only when 2^(1 - n) > 1 - level, so
	 * n <= 64 for any level a double holds).
	 */
	if (r->status == QI_STATUS_OK && defs->v[ind].kind == QI_KIND_MEDIAN &&
	    !isnan(r->rate) && isnan(r->lower) && isnan(r->upper) &&
	    r->denominator <= 64 && qi_qbinom_half((1 - defs->v[ind].level) /
	    2, (size_t)r->denominator) == 0)
		;
	else if (r->status == QI_STATUS_OK && (isnan(r->rate) ||
	    isnan(r->lower) || isnan(r->upper))) {
		qi_csv_error(c, R_RATE, NULL, "a published result needs "
		    "rate, lower and upper");
		return -1;
	}
	/*
	 * The definition's thresholds again, whatever the status says: a
	 * results file edited to publish a small cell is refused, never
	 * drawn or published (specs/publication.md section 6).  History
	 * rows were judged under their own version's thresholds.
	 */
	if (!m->history && r->status == QI_STATUS_OK &&
	    (r->denominator < defs->v[ind].min_denominator ||
	    (defs->v[ind].min_numerator > 0 &&
	    r->numerator < defs->v[ind].min_numerator))) {
		qi_csv_error(c, R_STATUS, "publication thresholds are applied "
		    "by qi compute; recompute the results rather than edit "
		    "them", "status 'ok' for %ld/%ld, under the publication "
		    "thresholds of '%s' (min_denominator %ld, min_numerator "
		    "%ld)", r->numerator, r->denominator, defs->v[ind].id,
		    defs->v[ind].min_denominator, defs->v[ind].min_numerator);
		return -1;
	}
	if (m->history && rate && r->status == QI_STATUS_OK &&
	    !(r->exposure > 0)) {
		qi_csv_error(c, R_EXPOSURE, "the trend sums numerators and "
		    "exposures", "a published rate of '%s' needs its exposure",
		    defs->v[ind].id);
		return -1;
	}
	return 0;
}

/*
 * Every row of path, checked in mode m; the results to *rows, and for
 * history their version, method and level to *hist (NULL otherwise).
 */
static enum qi_err
read_file(const char *path, const struct qi_defset *defs,
    const struct qi_registry *reg, struct mode *m, GArray *rows,
    GArray *hist, struct qi_diag *diag)
{
	struct qi_csv *c;
	const char *const *f;
	struct qi_history_row h;
	size_t errors;
	int rc;

	if ((c = qi_csv_open(path, result_cols, G_N_ELEMENTS(result_cols),
	    NULL, diag)) == NULL)
		return QI_EINPUT;
	while ((rc = qi_csv_next(c, &f)) == 1) {
		memset(&h, 0, sizeof(h));
		if (read_row(c, f, defs, reg, m, &h.r, &h.version) != 0)
			continue;
		if (hist == NULL) {
			g_array_append_val(rows, h.r);
			continue;
		}
		if (get_method(c, f, &defs->v[h.r.indicator], &h.method,
		    &h.level) == 0)
			g_array_append_val(hist, h);
	}
	errors = qi_csv_errors(c);
	qi_csv_close(c);
	return rc < 0 ? QI_ESYS : errors > 0 ? QI_EINPUT : QI_OK;
}

enum qi_err
qi_results_load(const char *path, const struct qi_defset *defs,
    const struct qi_registry *reg, struct qi_results **out,
    struct qi_diag *diag)
{
	struct mode m = { 0, NULL };
	GArray *v;
	enum qi_err rc;

	*out = NULL;
	v = g_array_new(FALSE, FALSE, sizeof(struct qi_result));
	if ((rc = read_file(path, defs, reg, &m, v, NULL, diag)) != QI_OK) {
		g_array_free(v, TRUE);
		return rc;
	}
	*out = g_new0(struct qi_results, 1);
	(*out)->n = v->len;
	(*out)->v = (struct qi_result *)(void *)g_array_free(v, FALSE);
	(*out)->defs = defs;
	(*out)->reg = reg;
	return QI_OK;
}

enum qi_err
qi_results_load_history(const char *path, const struct qi_defset *defs,
    const struct qi_registry *reg, struct qi_history_row **rows, size_t *n,
    struct qi_diag *diag)
{
	struct mode m;
	GArray *v;
	enum qi_err rc;

	*rows = NULL;
	*n = 0;
	m.history = 1;
	m.seen = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	    g_free);
	v = g_array_new(FALSE, FALSE, sizeof(struct qi_history_row));
	rc = read_file(path, defs, reg, &m, NULL, v, diag);
	g_hash_table_destroy(m.seen);
	if (rc != QI_OK) {
		g_array_free(v, TRUE);
		return rc;
	}
	*n = v->len;
	*rows = (struct qi_history_row *)(void *)g_array_free(v, FALSE);
	return QI_OK;
}
