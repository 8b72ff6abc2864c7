/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * inputs.c -- the inputs of a run (pipeline.h): definitions and registry
 * loaded and bound, and the data sources -- aggregated counts, stays and
 * events, DPC files, tallies files -- combined into one set of tallies by
 * the rules of specs/input.md (an indicator comes from one source;
 * counts beside records give way to them; every quarter of a
 * patient-level span is there), with every file's digest for the
 * manifest.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "csvread.h"
#include "dpc.h"
#include "engine.h"
#include "pipeline.h"

enum qi_err
qi_method_load(const struct qi_sources *s, struct qi_defset **defs,
    struct qi_registry **reg, struct qi_diag *diag)
{
	enum qi_err rc = QI_OK, rc2;

	/* Definitions and registry are independent: report both. */
	if (*defs == NULL)
		rc = qi_defset_load(s->indicators, defs, diag);
	if (s->sample != NULL && !g_file_test(s->sample, G_FILE_TEST_IS_DIR)) {
		/* One cause, one error: not the registry's two files. */
		qi_diag_add(diag, QI_ERROR, s->sample, 0, 0, "give -d DIR, "
		    "the folder of organisations.csv, hospitals.csv and your "
		    "data (qi run writes its sample here only when it reads "
		    "no data of yours)", "no sample here, and no data option "
		    "was given");
		rc2 = QI_EINPUT;
	} else
		rc2 = qi_registry_load(s->orgs, s->hosps, s->encoding, reg,
		    diag);
	if (rc != QI_OK || rc2 != QI_OK)
		return rc > rc2 ? rc : rc2;
	return qi_defset_bind(*defs, *reg, diag);
}

/* The indicators of t, as a set of indexes. */
static GHashTable *
indicators_of(const struct qi_tallies *t)
{
	GHashTable *h = g_hash_table_new(g_direct_hash, g_direct_equal);
	size_t i;

	for (i = 0; t != NULL && i < t->n; i++)
		g_hash_table_add(h, GSIZE_TO_POINTER(t->v[i].indicator + 1));
	return h;
}

/*
 * counts.csv must not give an indicator that the records also give:
 * results never mix two sources for one indicator.
 */
static size_t
conflicts(const struct qi_tallies *counts, const struct qi_tallies *other,
    const struct qi_inputs *in, const char *path, struct qi_diag *diag)
{
	GHashTable *a = indicators_of(counts), *b = indicators_of(other);
	GHashTableIter it;
	gpointer k;
	size_t n = 0;

	g_hash_table_iter_init(&it, a);
	while (g_hash_table_iter_next(&it, &k, NULL))
		if (g_hash_table_contains(b, k)) {
			qi_diag_add(diag, QI_ERROR, path, 0, 0, "remove its rows "
			    "from counts.csv, or compute it from counts only",
			    "indicator '%s' is given both as counts and by "
			    "patient-level records",
			    in->defs->v[GPOINTER_TO_SIZE(k) - 1].id);
			n++;
		}
	g_hash_table_destroy(a);
	g_hash_table_destroy(b);
	return n;
}

/*
 * counts.csv found beside the records in a data folder: its rows for
 * indicators with a patient-level rule give way to the records (noted,
 * not silently).
 */
static void
drop_patient_level(struct qi_tallies *counts, const struct qi_inputs *in,
    const char *path, struct qi_diag *diag)
{
	size_t i, n = 0, dropped = 0;

	for (i = 0; i < counts->n; i++)
		if (in->defs->v[counts->v[i].indicator].has_rule)
			dropped++;
		else
			counts->v[n++] = counts->v[i];
	counts->n = n;
	if (dropped > 0)
		qi_diag_add(diag, QI_NOTE, path, 0, 0, "--counts FILE uses "
		    "every row (and rejects a conflict)", "%zu rows for "
		    "indicators with a patient-level rule not used: those "
		    "come from stays.csv and events.csv", dropped);
}

/* The next fiscal quarter after p. */
static struct qi_period
next_quarter(struct qi_period p)
{
	if (++p.q > 4) {
		p.q = 1;
		p.fy++;
	}
	return p;
}

/*
 * In patient-level data a quarter without eligible stays is a zero
 * denominator, not a missing quarter.  The tallies of records (t, every
 * key a quarter) leave out the hospital-quarters where no stay entered
 * an indicator; this adds them as 0/0: for every hospital with a tally
 * of any indicator, every quarter from the earliest to the latest that
 * any tally has, every indicator with a patient-level rule that counts
 * do not give (skip: indicators_of(counts)), from its effective period
 * on, and every variant.  So each hospital's fiscal year, and the
 * pools, are made of four quarters.  Returns the new tallies; t is
 * released.
 */
static struct qi_tallies *
zero_fill(struct qi_tallies *t, const struct qi_defset *defs,
    const struct qi_registry *reg, GHashTable *skip)
{
	struct qi_tallybuf *b;
	struct qi_period lo = { 0, 0 }, hi = { 0, 0 }, p;
	const struct qi_indicator *ind;
	gboolean *seen;
	size_t i, h, v;

	if (t->n == 0)
		return t;
	seen = g_new0(gboolean, reg->nhosps + 1);
	lo = hi = t->v[0].period;
	for (i = 0; i < t->n; i++) {
		seen[t->v[i].hospital] = TRUE;
		if (qi_period_cmp(t->v[i].period, lo) < 0)
			lo = t->v[i].period;
		if (qi_period_cmp(t->v[i].period, hi) > 0)
			hi = t->v[i].period;
	}
	b = qi_tallybuf_new();
	qi_tallybuf_add(b, t);
	qi_tallies_free(t);
	for (i = 0; i < defs->n; i++) {
		ind = &defs->v[i];
		if (!ind->has_rule || g_hash_table_contains(skip,
		    GSIZE_TO_POINTER(i + 1)))
			continue;
		for (p = lo; lo.q != 0 && qi_period_cmp(p, hi) <= 0;
		    p = next_quarter(p)) {
			if (ind->has_effective &&
			    qi_period_cmp(p, ind->effective) < 0)
				continue;
			for (h = 0; h < reg->nhosps; h++)
				for (v = 0; seen[h] && v <= ind->nvariants;
				    v++)
					(void)qi_tallybuf_get(b, h, i, v, p);
		}
	}
	g_free(seen);
	return qi_tallybuf_finish(b);
}

static void
add_file(struct qi_inputs *in, const char *role, const char *path)
{
	if (path == NULL)
		return;
	in->files = g_renew(struct qi_input, in->files, in->nfiles + 1);
	memset(&in->files[in->nfiles], 0, sizeof(*in->files));
	in->files[in->nfiles].role = role;
	in->files[in->nfiles++].path = path;
}

/* A file as it is now, to tell later whether it changed meanwhile. */
static void
seen_now(const char *path, struct qi_seen *w)
{
	GStatBuf sb;

	memset(w, 0, sizeof(*w));
	if (strcmp(path, "-") == 0 || g_stat(path, &sb) != 0 ||
	    !S_ISREG(sb.st_mode))
		return;
	w->regular = 1;
	w->size = (uint64_t)sb.st_size;
	w->ino = (uint64_t)sb.st_ino;
	w->mtime = (int64_t)sb.st_mtim.tv_sec * 1000000000 +
	    sb.st_mtim.tv_nsec;
}

/*
 * The manifest's SHA-256 of every input: that of the
 * bytes its reader read, as it read them (csvread.h, qi_read_digest_get()),
 * so that a pipe, which is read once, and a file changed during the run
 * are named by the bytes the results come from.  A file that no reader
 * read whole, front to back -- stays and events read in byte ranges by
 * several threads (--jobs) -- is hashed now, and must be as it was when
 * the run began.
 */
enum qi_err
qi_inputs_digests(struct qi_inputs *in, struct qi_diag *diag)
{
	struct qi_seen now;
	enum qi_err rc;
	size_t i;

	for (i = 0; i < in->nfiles; i++) {
		struct qi_input *f = &in->files[i];

		if (f->sha256[0] != '\0' ||	/* the DPC reader's, already */
		    qi_read_digest_get(f->path, f->sha256) == 0)
			continue;
		seen_now(f->path, &now);
		if (!in->seen[i].regular) {
			qi_diag_add(diag, QI_ERROR, f->path, 0, 0, "read it "
			    "with --jobs 1, or from a file", "not read to its "
			    "end, and a pipe cannot be read again to hash it");
			return QI_ESYS;
		}
		if (memcmp(&now, &in->seen[i], sizeof(now)) != 0) {
			qi_diag_add(diag, QI_ERROR, f->path, 0, 0, "run again "
			    "when the file stays as it is", "changed while qi "
			    "read it: the results would not be of one file");
			return QI_EINPUT;
		}
		if ((rc = qi_input_hash(f, diag)) != QI_OK)
			return rc;
	}
	return QI_OK;
}

static enum qi_err	inputs_read(const struct qi_sources *,
			    struct qi_inputs *, struct qi_diag *);

/* DPC files turned into flat stays and events in a temporary folder. */
struct flat {
	char	*dir, *stays, *events, *items;
};

static void
flat_free(struct flat *f)
{
	qi_tmpdir_remove(f->dir);
	g_free(f->stays);
	g_free(f->events);
	g_free(f->items);
}

/*
 * Read o's DPC files into flat stays.csv and events.csv in a temporary
 * folder, keeping only the events some code list holds (the expressions
 * see events only through lists, so the tallies are those of every
 * event).
 */
static enum qi_err
dpc_flatten(const struct qi_sources *src, struct qi_inputs *in,
    struct flat *f, struct qi_diag *diag)
{
	struct qi_dpc_counts n;
	struct qi_dpc_opts dopts;
	size_t k;
	FILE *s = NULL, *e = NULL, *it = NULL;
	enum qi_err rc;

	if ((f->dir = qi_tmpdir(src->tmp_in, diag)) == NULL)
		return QI_ESYS;
	f->stays = g_build_filename(f->dir, "stays.csv", NULL);
	f->events = g_build_filename(f->dir, "events.csv", NULL);
	f->items = g_build_filename(f->dir, "items.csv", NULL);
	if ((s = fopen(f->stays, "w")) == NULL ||
	    (e = fopen(f->events, "w")) == NULL ||
	    (it = fopen(f->items, "w")) == NULL) {
		qi_diag_add(diag, QI_ERROR, s == NULL ? f->stays : e == NULL ?
		    f->events : f->items, 0, 0, NULL, "cannot create: %s",
		    g_strerror(errno));
		if (s != NULL)
			fclose(s);
		if (e != NULL)
			fclose(e);
		return QI_ESYS;
	}
	qi_dpc_opts_defaults(&dopts);
	dopts.encoding = src->encoding;
	dopts.tmpdir = f->dir;
	dopts.jobs = src->jobs;
	dopts.keep = in->defs->codes;
	for (k = 0; src->dpc[k] != NULL; k++)
		;
	in->dpc_digests = g_malloc0((k + 1) * sizeof(*in->dpc_digests));
	dopts.digests = in->dpc_digests;
	rc = qi_dpc_read(src->dpc, src->drugs, in->reg, &dopts, s, e, it, &n,
	    diag);
	in->dpc_files = (unsigned long)(n.files[0] + n.files[1] + n.files[2]);
	in->dpc_events = (unsigned long)n.events;
	if ((fclose(s) | fclose(e) | fclose(it)) != 0 && rc == QI_OK) {
		qi_diag_add(diag, QI_ERROR, f->dir, 0, 0, NULL,
		    "cannot write temporary files: %s", g_strerror(errno));
		rc = QI_ESYS;
	}
	return rc;
}

enum qi_err
qi_inputs_load(const struct qi_sources *s, struct qi_inputs *in,
    struct qi_diag *diag)
{
	enum qi_err rc;
	size_t i;

	in->nfiles = 0;
	add_file(in, "organisations", s->orgs);
	add_file(in, "hospitals", s->hosps);
	add_file(in, "counts", s->counts);
	add_file(in, "stays", s->stays);
	add_file(in, "events", s->events);
	add_file(in, "items", s->items);
	add_file(in, "tallies", s->tallies);
	/* results joined to the trend: in the manifest too */
	for (i = 0; i < s->nhistory; i++)
		add_file(in, "history", s->history[i]);
	/* as they are before any is read (qi_inputs_digests()) */
	in->seen = g_new0(struct qi_seen, in->nfiles + 1);
	for (i = 0; i < in->nfiles; i++) {
		seen_now(in->files[i].path, &in->seen[i]);
		qi_read_digest_forget(in->files[i].path);
	}
	rc = inputs_read(s, in, diag);
	/* DPC files: hashed by their reader, as it read them */
	for (i = 0; rc == QI_OK && s->dpc != NULL && s->dpc[i] != NULL; i++) {
		add_file(in, "dpc", s->dpc[i]);
		memcpy(in->files[in->nfiles - 1].sha256, in->dpc_digests[i], 65);
	}
	if (rc == QI_OK && s->drugs != NULL) {
		add_file(in, "drugs", s->drugs);
		memcpy(in->files[in->nfiles - 1].sha256, in->dpc_digests[i], 65);
	}
	return rc;
}

/* Everything qi_inputs_load() reads, but the hashes. */
static enum qi_err
inputs_read(const struct qi_sources *s, struct qi_inputs *in,
    struct qi_diag *diag)
{
	struct qi_engine_cfg cfg;
	struct qi_engine_stats st;
	struct qi_tallies *counts = NULL, *rec = NULL;
	struct qi_tallybuf *b;
	GHashTable *skip;
	struct flat flat = { NULL, NULL, NULL, NULL };
	enum qi_err rc, worst;

	memset(&st, 0, sizeof(st));

	if ((worst = qi_method_load(s, &in->defs, &in->reg, diag)) != QI_OK)
		return worst;
	if (s->counts != NULL && (rc = qi_counts_load(s->counts, s->encoding,
	    in->reg, in->defs, &counts, diag)) > worst)
		worst = rc;
	if (worst == QI_OK && s->dpc != NULL &&
	    (rc = dpc_flatten(s, in, &flat, diag)) > worst)
		worst = rc;
	/*
	 * Every column the definitions read must be in the stays file (a
	 * misspelt one would drop indicators without a word); checked on
	 * the header before any row is read.  A pipe is read once, by the
	 * reader, and so not here.
	 */
	if (s->stays != NULL && g_file_test(s->stays, G_FILE_TEST_IS_REGULAR) &&
	    (s->events == NULL || g_file_test(s->events,
	    G_FILE_TEST_IS_REGULAR)) && (s->items == NULL ||
	    g_file_test(s->items, G_FILE_TEST_IS_REGULAR)) &&
	    (rc = qi_records_columns(s->stays, s->events, s->items,
	    s->encoding, in->defs, diag)) != QI_OK) {
		if (rc > worst)
			worst = rc;
	} else if (s->stays != NULL || (s->dpc != NULL && worst == QI_OK)) {
		qi_engine_cfg_defaults(&cfg);
		cfg.stays = s->dpc != NULL ? flat.stays : s->stays;
		cfg.events = s->dpc != NULL ? flat.events : s->events;
		cfg.items = s->dpc != NULL ? flat.items : s->items;
		cfg.encoding = s->encoding;
		cfg.skip_bad_rows = s->skip_bad_rows;
		cfg.variants = 1;
		cfg.jobs = s->jobs;
		cfg.tmp_in = s->tmp_in;
		if ((rc = qi_engine_run(&cfg, in->defs, in->reg, &rec, &st,
		    diag)) > worst)
			worst = rc;
		in->skipped = st.skipped;
		in->nskipped = st.nskipped;
		in->stays = st.stays;
		in->events = st.events;
	}
	if (s->tallies == NULL && rec != NULL) {
		in->tallies = rec;	/* sorted already: not copied */
		rec = NULL;
	} else {
		b = qi_tallybuf_new();
		if (s->tallies != NULL && (rc = qi_tallies_read(s->tallies,
		    in->defs, in->reg, b, diag)) > worst)
			worst = rc;
		if (rec != NULL)
			qi_tallybuf_add(b, rec);
		in->tallies = qi_tallybuf_finish(b);
	}
	if (worst == QI_OK && counts != NULL && s->counts_beside)
		drop_patient_level(counts, in, s->counts, diag);
	if (worst == QI_OK && counts != NULL &&
	    conflicts(counts, in->tallies, in, s->counts, diag) > 0)
		worst = QI_EINPUT;
	/*
	 * Results from records have every quarter of their span (a tallies
	 * file for qi merge keeps the sums as counted, so that shards add
	 * up to one run's bytes).
	 */
	if (worst == QI_OK && !s->tallies_only &&
	    (s->stays != NULL || s->dpc != NULL || s->tallies != NULL)) {
		skip = indicators_of(counts);
		in->tallies = zero_fill(in->tallies, in->defs, in->reg, skip);
		g_hash_table_destroy(skip);
	}
	/* no indicator is in both (conflicts()): joined, not summed again */
	if (worst == QI_OK && counts != NULL)
		qi_tallies_join(in->tallies, counts);
	qi_tallies_free(counts);
	qi_tallies_free(rec);
	flat_free(&flat);
	return worst;
}

void
qi_inputs_free(struct qi_inputs *in)
{
	qi_tallies_free(in->tallies);
	qi_registry_free(in->reg);
	qi_defset_free(in->defs);
	g_free(in->skipped);
	g_free(in->dpc_digests);
	g_free(in->files);
	g_free(in->seen);
	memset(in, 0, sizeof(*in));
}

enum qi_err
qi_inputs_compute(const struct qi_inputs *in, const char *variant,
    struct qi_results **res, struct qi_diag *diag)
{
	struct qi_tallies *sel;
	enum qi_err rc;
	size_t i;

	*res = NULL;
	if (variant != NULL) {
		for (i = 0; i < in->defs->n; i++)
			if (qi_variant_find(&in->defs->v[i], variant) >= 0)
				break;
		if (i == in->defs->n) {
			qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "variants are "
			    "named under 'variants:' in the definitions",
			    "no definition has a variant '%s'", variant);
			return QI_EUSAGE;
		}
	}
	sel = qi_tallies_variant(in->tallies, in->defs, variant);
	rc = qi_compute(in->defs, in->reg, sel, res, diag);
	qi_tallies_free(sel);
	if (rc != QI_OK)
		return rc;
	(*res)->variant = variant;
	(*res)->skipped = in->skipped;
	(*res)->nskipped = in->nskipped;
	return QI_OK;
}

