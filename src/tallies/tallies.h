/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tallies.h -- what was counted: sums for each hospital x period x
 * indicator x variant (and the risk model's covariate patterns), from
 * patient-level records through the engine (engine.h) or from aggregated
 * counts.  Tallies merge by addition, so shards of the data add up.
 */
#ifndef QI_TALLIES_H
#define QI_TALLIES_H

#include "records.h"

/* ------------------------------------------------------------- tallies */

/*
 * Sums for one hospital x period x indicator x variant.  Every field but
 * the key merges by addition.  From counts.csv only the key, numerator
 * and denominator are set (variant 0, the rest zero).
 */

struct qi_tally {
	size_t			 hospital;	/* index into registry hosps */
	size_t			 indicator;	/* index into defset */
	struct qi_period	 period;
	long			 numerator;	/* stays, or the sum of numerator.value */
	long			 denominator;	/* stays left after exclusions */
	size_t			 variant;	/* 0 = as defined; k = variants[k - 1] */
	double			 exposure;	/* kind rate: sum of exposure.value */
	long			 excluded[QI_EXCL_MAX]; /* stays removed by each exclusion */
};

/*
 * Risk-model counts: for one tally key and one covariate pattern (bit i
 * set when covariates[i] holds), the stays in the denominator (n) and
 * those in the numerator (y).
 */
struct qi_pattern {
	size_t			 hospital, indicator, variant;
	struct qi_period	 period;
	unsigned long		 pattern;
	long			 n, y;
};

struct qi_tallies {
	struct qi_tally		*v;
	size_t			 n;
	struct qi_pattern	*pat;		/* may be NULL when npat is 0 */
	size_t			 npat;
};

/*
 * Read aggregated counts (columns hospital, indicator, period, numerator,
 * denominator; any order, extra columns ignored).  Every bad row is
 * reported; on any error QI_EINPUT and *out is NULL.
 */
enum qi_err	 qi_counts_load(const char *path, const char *encoding,
		    const struct qi_registry *, const struct qi_defset *,
		    struct qi_tallies **, struct qi_diag *);
void		 qi_tallies_free(struct qi_tallies *);

/* Rows skipped with --skip-bad-rows, by reason (recorded in the manifest). */
struct qi_skipped {
	const char	*file;		/* "stays" or "events"; static */
	const char	*reason;	/* e.g. "bad date"; static */
	long		 rows;
};

#endif /* QI_TALLIES_H */
