/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tallyio.c -- tallies summed in memory (struct qi_tallybuf) and the
 * tallies file that carries them between runs: qi compute --tallies-only
 * writes it, qi merge adds several, qi compute --tallies reads it
 * (specs/output.md, "tallies.csv").  Sums are whole numbers except the
 * exposure, so merging shards gives the bytes of one run.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "csvread.h"
#include "engine.h"

/* The key of a tally or pattern; pattern is 0 for a tally. */
struct tkey {
	size_t			 hospital, indicator, variant;
	int			 fy, q;
	unsigned long		 pattern;
};

/*
 * A direct-mapped cache of the index's answers: the engine asks for
 * the same few keys stay after stay (a hospital's stays come together),
 * and one compare of a cached key costs less than a probe into the array.
 */
#define TCACHE_SLOTS	1024u

struct tcache {
	struct tkey	 k;
	size_t		 idx;		/* 0: empty; else 1 + index */
};

/*
 * Open addressing over the entries of one array, which hold their own
 * keys: a slot is 0 (empty) or 1 + an entry's index.  At most half full.
 * About 8 to 16 bytes per entry, where a GHashTable with a key of its own
 * per entry took over 150: with a risk model, the covariate patterns of
 * every hospital and quarter run to hundreds of thousands.
 */
struct index {
	uint32_t	*slot;		/* cap slots, owned */
	size_t		 cap;		/* 0 or a power of 2 */
	size_t		 n;
};

struct qi_tallybuf {
	struct tcache	 tc[TCACHE_SLOTS], pc[TCACHE_SLOTS];	/* tally, pat */
	struct index	 tix, pix;	/* into tv, pv */
	GArray		*tv;		/* struct qi_tally */
	GArray		*pv;		/* struct qi_pattern */
};

static guint
tkey_hash(const struct tkey *k)
{
	return (guint)(k->hospital * 2654435761u ^ k->indicator * 40503u ^
	    k->variant * 97u ^ (size_t)k->fy * 7919u ^ (size_t)k->q * 31u ^
	    k->pattern * 104729u);
}

static int
tkey_equal(const struct tkey *a, const struct tkey *b)
{
	return a->hospital == b->hospital && a->indicator == b->indicator &&
	    a->variant == b->variant && a->fy == b->fy && a->q == b->q &&
	    a->pattern == b->pattern;
}

/* The key of entry i of an array of struct qi_tally or qi_pattern. */
static void
tally_key(const GArray *a, size_t i, struct tkey *k)
{
	const struct qi_tally *t = &g_array_index(a, struct qi_tally, i);

	k->hospital = t->hospital;
	k->indicator = t->indicator;
	k->variant = t->variant;
	k->fy = t->period.fy;
	k->q = t->period.q;
	k->pattern = 0;
}

static void
pattern_key(const GArray *a, size_t i, struct tkey *k)
{
	const struct qi_pattern *t = &g_array_index(a, struct qi_pattern, i);

	k->hospital = t->hospital;
	k->indicator = t->indicator;
	k->variant = t->variant;
	k->fy = t->period.fy;
	k->q = t->period.q;
	k->pattern = t->pattern;
}

typedef void	 key_fn(const GArray *, size_t, struct tkey *);

/* Double the slots and put every entry back. */
static void
index_grow(struct index *ix, const GArray *a, key_fn *key_at)
{
	struct tkey k;
	size_t i, m;

	g_free(ix->slot);
	ix->cap = ix->cap ? 2 * ix->cap : 1024;
	ix->slot = g_new0(uint32_t, ix->cap);
	for (i = 0; i < a->len; i++) {
		key_at(a, i, &k);
		for (m = tkey_hash(&k) & (ix->cap - 1); ix->slot[m] != 0;
		    m = (m + 1) & (ix->cap - 1))
			;
		ix->slot[m] = (uint32_t)(i + 1);
	}
}

struct qi_tallybuf *
qi_tallybuf_new(void)
{
	struct qi_tallybuf *b = g_new0(struct qi_tallybuf, 1);

	b->tv = g_array_new(FALSE, TRUE, sizeof(struct qi_tally));
	b->pv = g_array_new(FALSE, TRUE, sizeof(struct qi_pattern));
	return b;
}

void
qi_tallybuf_free(struct qi_tallybuf *b)
{
	if (b == NULL)
		return;
	g_free(b->tix.slot);
	g_free(b->pix.slot);
	if (b->tv != NULL)
		g_array_free(b->tv, TRUE);
	if (b->pv != NULL)
		g_array_free(b->pv, TRUE);
	g_free(b);
}

/*
 * The index of the entry with key k in arr, appended (zeroed, *created
 * set: the caller fills its key) if there is none.  A small cache of
 * recent keys in front saves most probes into the array.
 */
static size_t
slot(struct index *ix, GArray *arr, struct tcache *cache, key_fn *key_at,
    const struct tkey *k, int *created)
{
	guint h = tkey_hash(k);
	struct tcache *c = &cache[h % TCACHE_SLOTS];
	struct tkey at;
	size_t m;

	*created = 0;
	if (c->idx != 0 && tkey_equal(&c->k, k))
		return c->idx - 1;
	c->k = *k;
	if (2 * (ix->n + 1) > ix->cap)
		index_grow(ix, arr, key_at);
	for (m = h & (ix->cap - 1); ix->slot[m] != 0;
	    m = (m + 1) & (ix->cap - 1)) {
		key_at(arr, ix->slot[m] - 1, &at);
		if (tkey_equal(&at, k)) {
			c->idx = ix->slot[m];
			return c->idx - 1;
		}
	}
	g_array_set_size(arr, arr->len + 1);
	ix->slot[m] = (uint32_t)arr->len;
	ix->n++;
	c->idx = arr->len;
	*created = 1;
	return arr->len - 1;
}

struct qi_tally *
qi_tallybuf_get(struct qi_tallybuf *b, size_t hospital, size_t indicator,
    size_t variant, struct qi_period p)
{
	struct tkey k = { hospital, indicator, variant, p.fy, p.q, 0 };
	struct qi_tally *t;
	int created;
	size_t i = slot(&b->tix, b->tv, b->tc, tally_key, &k, &created);

	t = &g_array_index(b->tv, struct qi_tally, i);
	if (created) {
		t->hospital = hospital;
		t->indicator = indicator;
		t->variant = variant;
		t->period = p;
	}
	return t;
}

struct qi_pattern *
qi_tallybuf_pattern(struct qi_tallybuf *b, size_t hospital, size_t indicator,
    size_t variant, struct qi_period p, unsigned long pattern)
{
	struct tkey k = { hospital, indicator, variant, p.fy, p.q, pattern };
	struct qi_pattern *t;
	int created;
	size_t i = slot(&b->pix, b->pv, b->pc, pattern_key, &k, &created);

	t = &g_array_index(b->pv, struct qi_pattern, i);
	if (created) {
		t->hospital = hospital;
		t->indicator = indicator;
		t->variant = variant;
		t->period = p;
		t->pattern = pattern;
	}
	return t;
}

void
qi_tallybuf_add(struct qi_tallybuf *b, const struct qi_tallies *t)
{
	const struct qi_tally *s;
	const struct qi_pattern *ps;
	struct qi_tally *d;
	struct qi_pattern *pd;
	size_t i, e;

	for (i = 0; i < t->n; i++) {
		s = &t->v[i];
		d = qi_tallybuf_get(b, s->hospital, s->indicator, s->variant,
		    s->period);
		d->numerator += s->numerator;
		d->denominator += s->denominator;
		d->exposure += s->exposure;
		for (e = 0; e < QI_EXCL_MAX; e++)
			d->excluded[e] += s->excluded[e];
	}
	for (i = 0; i < t->npat; i++) {
		ps = &t->pat[i];
		pd = qi_tallybuf_pattern(b, ps->hospital, ps->indicator,
		    ps->variant, ps->period, ps->pattern);
		pd->n += ps->n;
		pd->y += ps->y;
	}
}

static int
cmp_key(size_t ia, size_t ib, size_t va, size_t vb, struct qi_period pa,
    struct qi_period pb, size_t ha, size_t hb)
{
	int c;

	if (ia != ib)
		return ia < ib ? -1 : 1;
	if (va != vb)
		return va < vb ? -1 : 1;
	if ((c = qi_period_cmp(pa, pb)) != 0)
		return c;
	if (ha != hb)
		return ha < hb ? -1 : 1;
	return 0;
}

static int
cmp_tally(const void *pa, const void *pb)
{
	const struct qi_tally *a = pa, *b = pb;

	return cmp_key(a->indicator, b->indicator, a->variant, b->variant,
	    a->period, b->period, a->hospital, b->hospital);
}

static int
cmp_pattern(const void *pa, const void *pb)
{
	const struct qi_pattern *a = pa, *b = pb;
	int c = cmp_key(a->indicator, b->indicator, a->variant, b->variant,
	    a->period, b->period, a->hospital, b->hospital);

	if (c != 0)
		return c;
	return a->pattern < b->pattern ? -1 : a->pattern > b->pattern;
}

void
qi_tallies_join(struct qi_tallies *into, const struct qi_tallies *t)
{
	if (t->n > 0) {
		into->v = g_renew(struct qi_tally, into->v, into->n + t->n);
		memcpy(into->v + into->n, t->v, t->n * sizeof(*t->v));
		into->n += t->n;
		qsort(into->v, into->n, sizeof(*into->v), cmp_tally);
	}
	if (t->npat > 0) {
		into->pat = g_renew(struct qi_pattern, into->pat, into->npat +
		    t->npat);
		memcpy(into->pat + into->npat, t->pat, t->npat *
		    sizeof(*t->pat));
		into->npat += t->npat;
		qsort(into->pat, into->npat, sizeof(*into->pat), cmp_pattern);
	}
}

struct qi_tallies *
qi_tallybuf_finish(struct qi_tallybuf *b)
{
	struct qi_tallies *t = g_new0(struct qi_tallies, 1);

	if (b->tv->len > 0)
		qsort(b->tv->data, b->tv->len, sizeof(struct qi_tally),
		    cmp_tally);
	if (b->pv->len > 0)
		qsort(b->pv->data, b->pv->len, sizeof(struct qi_pattern),
		    cmp_pattern);
	t->n = b->tv->len;
	t->v = (struct qi_tally *)(void *)g_array_free(b->tv, FALSE);
	t->npat = b->pv->len;
	t->pat = (struct qi_pattern *)(void *)g_array_free(b->pv, FALSE);
	b->tv = b->pv = NULL;
	qi_tallybuf_free(b);
	return t;
}

/* ------------------------------------------------------------ the file */

/*
 * Columns, in this order.  record is "tally", "pattern" or "value".
 * excluded is the exclusions' counts in definition order, joined by ';'.
 * pattern is one character 0/1 per covariate, in definition order; for a
 * "value" row (kind median: one bin of the histogram) it is the value, a
 * whole number, and denominator the stays with it (numerator empty).
 */
enum {
	T_RECORD, T_HOSP, T_IND, T_VERSION, T_VARIANT, T_PERIOD, T_PATTERN,
	T_DEN, T_NUM, T_EXPOSURE, T_EXCLUDED
};
static const struct qi_csvcol tally_cols[] = {
	{ "record", 1 }, { "hospital", 1 }, { "indicator", 1 },
	{ "version", 1 }, { "variant", 1 }, { "period", 1 },
	{ "pattern", 1 }, { "denominator", 1 }, { "numerator", 1 },
	{ "exposure", 1 }, { "excluded", 1 }
};

static const char *
variant_name(const struct qi_indicator *ind, size_t v)
{
	return v == 0 ? "" : ind->variants[v - 1].name;
}

static size_t
nexcl(const struct qi_indicator *ind, size_t v)
{
	return qi_indicator_rule(ind, v)->nexcl;
}

enum qi_err
qi_tallies_write(const struct qi_tallies *t, const struct qi_defset *defs,
    const struct qi_registry *reg, FILE *fp)
{
	const struct qi_indicator *ind;
	char label[16];
	size_t i, e, c;
	int flags;

	fputs("record,hospital,indicator,version,variant,period,pattern,"
	    "denominator,numerator,exposure,excluded\n", fp);
	for (i = 0; i < t->n; i++) {
		ind = &defs->v[t->v[i].indicator];
		qi_period_format(t->v[i].period, label, sizeof(label));
		fprintf(fp, "tally,%s,%s,%ld,%s,%s,,%ld,%ld,%.17g,",
		    reg->hosps[t->v[i].hospital].id, ind->id, ind->version,
		    variant_name(ind, t->v[i].variant), label,
		    t->v[i].denominator, t->v[i].numerator,
		    t->v[i].exposure);
		for (e = 0; e < nexcl(ind, t->v[i].variant); e++)
			fprintf(fp, "%s%ld", e ? ";" : "",
			    t->v[i].excluded[e]);
		fputc('\n', fp);
	}
	for (i = 0; i < t->npat; i++) {
		ind = &defs->v[t->pat[i].indicator];
		qi_period_format(t->pat[i].period, label, sizeof(label));
		fprintf(fp, "%s,%s,%s,%ld,%s,%s,", ind->kind == QI_KIND_MEDIAN ?
		    "value" : "pattern",
		    reg->hosps[t->pat[i].hospital].id, ind->id, ind->version,
		    variant_name(ind, t->pat[i].variant), label);
		if (ind->kind == QI_KIND_MEDIAN) {
			fprintf(fp, "%lu,%ld,,,\n", t->pat[i].pattern,
			    t->pat[i].n);
			continue;
		}
		/* flags: 0/1 each; with numbers, the values joined by ';' */
		flags = qi_risk_flags_only(ind);
		for (c = 0; c < ind->ncovariates; c++)
			fprintf(fp, flags ? "%ld" : c ? ";%ld" : "%ld",
			    qi_risk_value(&ind->covariates[c],
			    t->pat[i].pattern));
		fprintf(fp, ",%ld,%ld,,\n", t->pat[i].n, t->pat[i].y);
	}
	return ferror(fp) ? QI_ESYS : QI_OK;
}

/* A count field; records an error and returns -1 if bad. */
static int
count_field(struct qi_csv *c, const char *const *f, size_t col, long *v)
{
	return qi_csv_count(c, f, col, tally_cols[col].name, QI_SUM_MAX, v);
}

/* The excluded column: exactly n counts joined by ';' (n may be 0). */
static int
excluded_field(struct qi_csv *c, const char *s, size_t n, long *out)
{
	char **parts = g_strsplit(s, ";", -1);
	size_t k = *s == '\0' ? 0 : g_strv_length(parts), i;
	int rc = 0;

	if (k != n) {
		qi_csv_error(c, T_EXCLUDED, "one count per exclusion of the "
		    "definition, joined by ';'", "%zu exclusion counts; the "
		    "definition has %zu exclusions", k, n);
		rc = -1;
	}
	for (i = 0; rc == 0 && i < k; i++)
		if (qi_field_count(parts[i], &out[i]) == -1 ||
		    out[i] > QI_SUM_MAX) {
			qi_csv_error(c, T_EXCLUDED, "counts are whole "
			    "numbers, 0 or more, at most 10^10",
			    "bad exclusion count '%s'", parts[i]);
			rc = -1;
		}
	g_strfreev(parts);
	return rc;
}

/*
 * The pattern column: one 0/1 per covariate of a model of flags, else
 * each covariate's value (a flag's 0/1, a number in its range) joined by
 * ';'.
 */
static int
pattern_field(struct qi_csv *c, const char *s, const struct qi_indicator *ind,
    unsigned long *out)
{
	size_t i, n = ind->ncovariates;
	long *vals = g_new(long, n ? n : 1), pat = -1;
	char **parts = NULL, *end;

	if (qi_risk_flags_only(ind)) {
		for (i = 0; i < n && strlen(s) == n; i++)
			vals[i] = s[i] == '1' ? 1 : s[i] == '0' ? 0 : -1;
		if (strlen(s) == n)
			pat = qi_risk_pattern(ind, vals);
	} else if (g_strv_length(parts = g_strsplit(s, ";", -1)) == n) {
		for (i = 0; i < n; i++) {
			errno = 0;
			vals[i] = strtol(parts[i], &end, 10);
			if (errno != 0 || end == parts[i] || *end != '\0')
				break;
		}
		if (i == n)
			pat = qi_risk_pattern(ind, vals);
	}
	g_strfreev(parts);
	g_free(vals);
	if (pat < 0) {
		qi_csv_error(c, T_PATTERN, qi_risk_flags_only(ind) ? "one 0 "
		    "or 1 per covariate of the risk model" : "each "
		    "covariate's value in its range, joined by ';'",
		    "bad covariate pattern '%s' (%zu covariates)", s, n);
		return -1;
	}
	*out = (unsigned long)pat;
	return 0;
}

/* The value column of a "value" row: a whole number 0 .. numerator.max. */
static int
value_field(struct qi_csv *c, const char *s, const struct qi_indicator *ind,
    unsigned long *out)
{
	long v;

	if (qi_field_count(s, &v) == -1 || v > ind->value_max) {
		qi_csv_error(c, T_PATTERN, "a value of a median is a whole "
		    "number from 0 to the definition's numerator.max",
		    "bad value '%s' for '%s' (numerator.max %ld)", s, ind->id,
		    ind->value_max);
		return -1;
	}
	*out = (unsigned long)v;
	return 0;
}

/* One data row into b; -1 if it was bad (recorded). */
static int
read_row(struct qi_csv *c, const char *const *f, const struct qi_defset *defs,
    const struct qi_registry *reg, struct qi_tallybuf *b, GHashTable *seen)
{
	const struct qi_indicator *ind;
	struct qi_tally *t;
	struct qi_pattern *pt;
	struct qi_period p;
	long h, i, ver, v = 0, den, num, ex[QI_EXCL_MAX] = { 0 };
	unsigned long pat = 0;
	int is_tally, is_value;
	double exposure = 0;
	char *key;
	size_t e;

	if (strcmp(f[T_RECORD], "tally") != 0 &&
	    strcmp(f[T_RECORD], "pattern") != 0 &&
	    strcmp(f[T_RECORD], "value") != 0) {
		qi_csv_error(c, T_RECORD, "tally, pattern or value", "bad "
		    "record kind '%s'", f[T_RECORD]);
		return -1;
	}
	is_tally = f[T_RECORD][0] == 't';
	is_value = f[T_RECORD][0] == 'v';
	if ((h = qi_registry_hospital(reg, f[T_HOSP])) < 0) {
		qi_csv_error(c, T_HOSP, "hospitals.csv lists the known "
		    "hospital ids", "unknown hospital '%s'", f[T_HOSP]);
		return -1;
	}
	if ((i = qi_defset_find(defs, f[T_IND])) < 0) {
		qi_csv_error(c, T_IND, "each indicator needs a definition "
		    "file indicators/ID.yaml", "unknown indicator '%s'",
		    f[T_IND]);
		return -1;
	}
	ind = &defs->v[i];
	if (qi_field_count(f[T_VERSION], &ver) == -1 || ver != ind->version) {
		qi_csv_error(c, T_VERSION, "tally again with the current "
		    "definition; versions are never pooled", "tallies for "
		    "version %s of '%s', but the definition is version %ld",
		    f[T_VERSION], ind->id, ind->version);
		return -1;
	}
	if (*f[T_VARIANT] != '\0' &&
	    (v = qi_variant_find(ind, f[T_VARIANT]) + 1) == 0) {
		qi_csv_error(c, T_VARIANT, "the variants are named under "
		    "'variants:' in the definition", "'%s' has no variant "
		    "'%s'", ind->id, f[T_VARIANT]);
		return -1;
	}
	if (qi_period_parse(f[T_PERIOD], &p) == -1) {
		qi_csv_error(c, T_PERIOD, "write FY2024Q1", "bad period '%s'",
		    f[T_PERIOD]);
		return -1;
	}
	if (!is_tally && is_value != (ind->kind == QI_KIND_MEDIAN)) {
		qi_csv_error(c, T_RECORD, "a median's histogram is in value "
		    "rows, a risk model's covariates in pattern rows",
		    "%s row for '%s', a %s", f[T_RECORD], ind->id,
		    qi_name_of(qi_kind_names, (int)ind->kind));
		return -1;
	}
	if (count_field(c, f, T_DEN, &den) == -1 ||
	    (!is_value && count_field(c, f, T_NUM, &num) == -1))
		return -1;
	if (is_value) {
		if (value_field(c, f[T_PATTERN], ind, &pat) == -1)
			return -1;
	} else if (is_tally) {
		if (qi_field_real(f[T_EXPOSURE], &exposure) == -1 ||
		    exposure < 0 || exposure > QI_EXPOSURE_MAX) {
			qi_csv_error(c, T_EXPOSURE, "a decimal number, 0 or "
			    "more, at most 10^15", "bad exposure '%s'",
			    f[T_EXPOSURE]);
			return -1;
		}
		if (excluded_field(c, f[T_EXCLUDED], nexcl(ind, (size_t)v),
		    ex) == -1)
			return -1;
	} else if (pattern_field(c, f[T_PATTERN], ind, &pat) == -1)
		return -1;
	key = g_strdup_printf("%s\t%s\t%s\t%s\t%s\t%lu", f[T_RECORD],
	    f[T_HOSP], f[T_IND], f[T_VARIANT], f[T_PERIOD], pat);
	if (!g_hash_table_add(seen, key)) {
		qi_csv_error(c, T_PERIOD, "one row per key in a tallies file; "
		    "qi merge adds files", "second row for %s, %s, %s",
		    f[T_HOSP], f[T_IND], f[T_PERIOD]);
		return -1;
	}
	/* Rows of other files or records add up: each sum kept in range. */
	if (is_tally) {
		t = qi_tallybuf_get(b, (size_t)h, (size_t)i, (size_t)v, p);
		t->denominator += den;
		t->numerator += num;
		t->exposure += exposure;
		for (e = 0; e < QI_EXCL_MAX; e++)
			t->excluded[e] += ex[e];
		if (t->denominator > QI_SUM_MAX || t->numerator > QI_SUM_MAX ||
		    t->exposure > QI_EXPOSURE_MAX)
			goto too_large;
	} else {
		pt = qi_tallybuf_pattern(b, (size_t)h, (size_t)i, (size_t)v,
		    p, pat);
		pt->n += den;
		pt->y += num;
		if (pt->n > QI_SUM_MAX)
			goto too_large;
	}
	return 0;
too_large:
	qi_csv_error(c, T_DEN, "specs/input.md states the limits", "the "
	    "rows for %s, %s, %s add up to more than %ld (exposure %g)",
	    f[T_HOSP], f[T_IND], f[T_PERIOD], QI_SUM_MAX, QI_EXPOSURE_MAX);
	return -1;
}

enum qi_err
qi_tallies_read(const char *path, const struct qi_defset *defs,
    const struct qi_registry *reg, struct qi_tallybuf *b,
    struct qi_diag *diag)
{
	struct qi_csvcfg cfg;
	struct qi_csv *c;
	const char *const *f;
	GHashTable *seen;
	size_t errors;
	int rc;

	qi_csvcfg_defaults(&cfg);
	if ((c = qi_csv_open(path, tally_cols, G_N_ELEMENTS(tally_cols), &cfg,
	    diag)) == NULL)
		return QI_EINPUT;
	seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	while ((rc = qi_csv_next(c, &f)) == 1)
		(void)read_row(c, f, defs, reg, b, seen);
	errors = qi_csv_errors(c);
	qi_csv_close(c);
	g_hash_table_destroy(seen);
	if (rc < 0)
		return QI_ESYS;
	return errors > 0 ? QI_EINPUT : QI_OK;
}
