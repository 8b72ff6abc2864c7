/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine.h -- patient-level evaluation: every selected definition (and
 * variant) applied to each stay of stays.csv + events.csv in one pass,
 * summed into tallies per hospital x fiscal quarter x indicator x variant
 * (specs/definitions.md, "How a stay is counted"); and the tallies file
 * that carries those sums between runs (specs/output.md, "tallies.csv").
 */
#ifndef QI_ENGINE_H
#define QI_ENGINE_H

#include <stdio.h>

#include "tallies.h"
#include "stay.h"

/* ------------------------------------------------------- tally buffer */

/*
 * Tallies being summed: from the engine, from tallies files, or both.
 * Opaque; qi_tallybuf_finish() turns it into sorted struct qi_tallies.
 */
struct qi_tallybuf;

struct qi_tallybuf *qi_tallybuf_new(void);
void		 qi_tallybuf_free(struct qi_tallybuf *);
/* The tally of a key, created zeroed on first use.  Owned by the buffer. */
struct qi_tally	*qi_tallybuf_get(struct qi_tallybuf *, size_t hospital,
		    size_t indicator, size_t variant, struct qi_period);
/* The risk-model counts of a key and covariate pattern, likewise. */
struct qi_pattern *qi_tallybuf_pattern(struct qi_tallybuf *, size_t hospital,
		    size_t indicator, size_t variant, struct qi_period,
		    unsigned long pattern);
/* Add every sum of t into b. */
void		 qi_tallybuf_add(struct qi_tallybuf *, const struct qi_tallies *);
/*
 * The sums, sorted by indicator, variant, period and hospital (patterns
 * likewise, then by pattern), so that the same sums give the same bytes
 * whatever order they were added in.  Releases the buffer.
 */
struct qi_tallies *qi_tallybuf_finish(struct qi_tallybuf *);
/*
 * Add t's sums to into, both sorted as qi_tallybuf_finish() sorts, when
 * no key is in both (their indicators differ): the sums of adding both
 * to one buffer, without copying into's.
 */
void		 qi_tallies_join(struct qi_tallies *into,
		    const struct qi_tallies *t);

/* ------------------------------------------------------- tallies file */

/*
 * Write tallies as CSV (specs/output.md, "tallies.csv"): one row per
 * tally, then one per risk-model pattern, each naming the hospital,
 * indicator, definition version, variant and period.
 */
enum qi_err	 qi_tallies_write(const struct qi_tallies *,
		    const struct qi_defset *, const struct qi_registry *,
		    FILE *);
/*
 * Read a tallies file and add its sums into b.  Rows for another version
 * of a definition than defs holds, unknown hospitals, indicators or
 * variants, and repeated keys are errors at their line and column.
 */
enum qi_err	 qi_tallies_read(const char *path, const struct qi_defset *,
		    const struct qi_registry *, struct qi_tallybuf *,
		    struct qi_diag *);

/* ------------------------------------------------------------- engine */

/*
 * What the engine decided for one stay under one rule (qi explain): the
 * stay was removed by exclusion `exclusion` (an index into the rule's
 * excl), or, with exclusion -1, counted with these contributions to the
 * tally -- the same numbers, from the same evaluation, that it adds.
 * Stays for which denominator.when does not hold (or before the
 * definition's effective period) are not reported.
 */
struct qi_outcome {
	const struct qi_stay	*stay;		/* valid during the call only */
	struct qi_period	 period;	/* fiscal quarter of discharge */
	long			 exclusion;	/* -1: counted */
	long			 denominator;	/* 1, or denominator.value */
	long			 numerator;	/* 0/1 (when), or numerator.value */
	double			 exposure;	/* exposure.value; 0 without one */
};

/*
 * A watch on one rule: fn is called for every stay of hospital (-1: of
 * every hospital) that the rule of defs->v[indicator] (variant 0: as
 * defined, k: variants[k - 1]) counts or excludes.  With jobs > 1 it is
 * called from the reading threads at once; stays come batch by batch,
 * in no set order within a batch.  A run that fails may have called it for
 * stays whose sums are then discarded.
 */
struct qi_engine_hook {
	size_t		 indicator, variant;
	long		 hospital;
	int		 only;		/* evaluate that indicator (and its
					   variants) only: the other sums
					   are not wanted */
	void		(*fn)(void *arg, const struct qi_outcome *);
	void		*arg;
};

struct qi_census;	/* the diagnosis codes of the data (codelist.h) */

struct qi_engine_cfg {
	const struct qi_engine_hook *hook;	/* NULL: none */
	struct qi_census *census;	/* NULL: none; else every stay's
					   diagnosis codes are added to it */
	const char	*stays;		/* stays.csv */
	const char	*events;	/* events.csv */
	const char	*items;		/* items.csv, or NULL */
	const char	*encoding;	/* NULL, "utf-8" or "cp932" */
	int		 skip_bad_rows;	/* skip and count bad rows instead of failing */
	int		 variants;	/* also evaluate every variant */
	unsigned	 jobs;		/* threads, each over a byte range; 0 = 1 */
	/*
	 * Where the patients' next stays are sorted when a definition reads
	 * them (records/links.h): a temporary folder inside this output
	 * folder, or the system's when NULL.
	 */
	const char	*tmp_in;
};

/*
 * Zero, one job, and the hook set by qi_engine_hook_default() (NULL
 * unless set).
 */
void		 qi_engine_cfg_defaults(struct qi_engine_cfg *);
/*
 * The hook qi_engine_cfg_defaults() puts into every configuration made
 * after this call (NULL: none again), so that a command can watch a run
 * made by the shared input loading (cmd_common.c's inputs_load()) without
 * a path of its own.  Set it before the run, from one thread.
 */
void		 qi_engine_hook_default(const struct qi_engine_hook *);
/*
 * Likewise, the census qi_engine_cfg_defaults() puts into every
 * configuration made after this call (qi check: borrowed, NULL: none).
 */
void		 qi_engine_census_default(struct qi_census *);

/* What a run read. */
struct qi_engine_stats {
	long		 stays;		/* stays evaluated */
	long		 events;	/* events read */
	struct qi_skipped *skipped;	/* with skip_bad_rows: rows skipped by
					   file and reason (non-zero only;
					   allocated even if none) */
	size_t		 nskipped;
};

void		 qi_engine_stats_clear(struct qi_engine_stats *);

/*
 * Evaluate one stay against every definition of defs that has a
 * patient-level rule (and its variants if variants is set), adding to b.
 * Returns QI_EINPUT after reporting a numerator or exposure value out of
 * its domain (the stay is then left out of that indicator's sums).
 */
enum qi_err	 qi_engine_stay(const struct qi_defset *, int variants,
		    const struct qi_stay *, struct qi_tallybuf *,
		    struct qi_diag *);

/*
 * Evaluate every definition of defs that has a patient-level rule over
 * the stays and events of cfg into *out (sorted as by
 * qi_tallybuf_finish()).  Definitions without a rule are not evaluated.
 * Errors in the files go to diag at file:line:col.
 */
enum qi_err	 qi_engine_run(const struct qi_engine_cfg *,
		    const struct qi_defset *, const struct qi_registry *,
		    struct qi_tallies **, struct qi_engine_stats *,
		    struct qi_diag *);

#endif /* QI_ENGINE_H */
