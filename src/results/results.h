/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * results.h -- what is published: each hospital's rate and interval, the
 * organisations' pooled rates, risk-adjusted ratios, with the publication
 * rules applied once inside qi_compute() before any writer sees a number;
 * results.csv and results.json written and read back; the results of
 * earlier runs (--history) joined as an input of the trend.
 */
#ifndef QI_RESULTS_H
#define QI_RESULTS_H

#include "tallies.h"

/* ------------------------------------------------------------- results */

enum qi_scope {
	QI_SCOPE_HOSPITAL,
	QI_SCOPE_ORG,		/* one organisation, pooled */
	QI_SCOPE_ALL		/* both organisations, pooled */
};

enum qi_status {
	QI_STATUS_OK,
	QI_STATUS_SMALL_DENOMINATOR,	/* suppressed: den < min_denominator */
	QI_STATUS_SMALL_NUMERATOR,	/* rate suppressed: num < min_numerator */
	QI_STATUS_COMPLEMENTARY,	/* suppressed so that another withheld
					   result cannot be found by subtraction */
	QI_STATUS_EMPTY,		/* denominator 0: no rate */
	QI_STATUS_NO_DATA		/* pooled only: no hospital has data for
					   this indicator and period; counts
					   -1 (nothing was counted) */
};

extern const struct qi_name qi_scope_names[];	/* "hospital", ... */
extern const struct qi_name qi_status_names[];	/* "ok", ... */

struct qi_result {
	enum qi_scope		 scope;
	size_t			 indicator;	/* index into defset */
	struct qi_period	 period;
	long			 org;		/* -1 for QI_SCOPE_ALL */
	long			 hospital;	/* -1 unless QI_SCOPE_HOSPITAL */
	long			 numerator;
	long			 denominator;
	double			 rate;		/* proportion 0..1, or events per unit of
						   exposure (kind rate); NaN if not published */
	double			 lower;		/* interval, same scale */
	double			 upper;
	enum qi_status		 status;
	double			 exposure;	/* kind rate: sum of exposure; NaN otherwise */
	/*
	 * Risk adjustment (riskmodel.c): NaN when the indicator has no
	 * covariates, its model could not be fitted, or the result is
	 * withheld.  expected: E = sum of n p-hat, events; ratio: O / E with
	 * its interval (risk_model.ratio_method, the definition's level);
	 * adj_rate: (O / E) x the model's overall rate, a proportion (may
	 * exceed 1), its interval the ratio's scaled the same way.
	 */
	double			 expected;
	double			 ratio, ratio_lower, ratio_upper;
	double			 adj_rate, adj_lower, adj_upper;
};

/*
 * Whether published charts and tables show ind risk-adjusted: it has a
 * risk model (covariates) and is a proportion.
 */
int		 qi_indicator_adjusted(const struct qi_indicator *);
/*
 * The value a published chart or table shows for r, a result of ind,
 * with its interval, on the rate's scale (a proportion, or events per
 * unit of exposure): the risk-adjusted rate (O/E x the model's overall
 * rate) for an adjusted indicator, else the rate.  NaN when r is not
 * published, or when an adjusted indicator's model gave no expected
 * count: an adjusted title never stands over a crude value.
 */
void		 qi_result_shown(const struct qi_indicator *,
		    const struct qi_result *, double *v, double *lo,
		    double *hi);

/*
 * Who a result is about, for messages: "hospital N001", "NHO pooled" or
 * "all organisations pooled".  g_free() it.
 */
char		*qi_result_who(const struct qi_result *,
		    const struct qi_registry *);

/* Where a risk model comes from (definitions.md, risk_model). */
enum qi_riskfrom {
	QI_RISK_PERIOD,		/* fitted on the period it adjusts */
	QI_RISK_REFERENCE,	/* fitted once on risk_model.reference */
	QI_RISK_FILE		/* read from risk_model.coefficients */
};

/*
 * The risk model of one indicator: of one period (QI_RISK_PERIOD), or of
 * every period (the others), for the manifest and risk_models.csv.
 */
struct qi_riskfit {
	size_t			 indicator;	/* index into defset */
	struct qi_period	 period;	/* QI_RISK_PERIOD: the period;
						   else the reference's last
						   quarter, or 0/0 for a file */
	enum qi_riskfrom	 from;
	char			*reference;	/* owned: the periods fitted on,
						   "FY2024Q1" or "FY2023..FY2025",
						   or as the file says */
	struct qi_logit		*fit;		/* owned; NULL if it failed */
};

/*
 * Results, ordered by indicator, period, then scope: both organisations,
 * each organisation (registry order), each hospital (registry order).  The defset and registry are
 * borrowed: they must outlive the results.  Publication rules have been
 * applied (suppress.c): a suppressed result carries NaN in rate, lower and
 * upper, and -1 in each count the rule hides (the numerator only when the
 * numerator is small, else both).  Pooled results are summed from the
 * hospitals' counts before any hospital is suppressed.  An organisation
 * appears for an indicator and period only if one of its hospitals does.
 */
struct qi_results {
	struct qi_result		*v;
	size_t				 n;
	const struct qi_defset		*defs;
	const struct qi_registry	*reg;
	/* For the manifest, borrowed; set by the caller. */
	const char			*variant;	/* NULL: as defined */
	const struct qi_skipped		*skipped;	/* rows skipped, by reason */
	size_t				 nskipped;
	/* Risk models fitted by qi_compute(), by indicator then period. */
	struct qi_riskfit		*models;	/* owned */
	size_t				 nmodels;
	/* qi_results_find()'s index of v, built at its first call (any
	   thread); owned, 0 until then.  Private to result.c. */
	size_t				 index;
};

/*
 * The tallies of one variant: for each indicator that has a variant named
 * name, that variant's tallies, for the others the definition's own
 * (name NULL: the definitions' own throughout).  Variant fields of the
 * copy are 0.  Release with qi_tallies_free().
 */
struct qi_tallies *qi_tallies_variant(const struct qi_tallies *,
		    const struct qi_defset *, const char *name);

/*
 * Results from tallies holding at most one variant per key (counts.csv,
 * or qi_tallies_variant()).  Rate indicators (kind rate): rate =
 * numerator / exposure with a Poisson interval.
 */
enum qi_err	 qi_compute(const struct qi_defset *, const struct qi_registry *,
		    const struct qi_tallies *, struct qi_results **,
		    struct qi_diag *);
void		 qi_results_free(struct qi_results *);
/* Drop qi_results_find()'s index: before rows are added, removed or
   moved (it is built again at the next call). */
void		 qi_results_index_free(struct qi_results *);
/*
 * The result of indicator ind in period p at scope; org is used for
 * QI_SCOPE_ORG, hosp for QI_SCOPE_HOSPITAL.  NULL if there is none; the
 * first such row if there are several.  Looked up in an index of the
 * rows built at the first call, so it takes constant time whatever the
 * number of hospitals; the rows must not be added or moved after it.
 */
const struct qi_result *qi_results_find(const struct qi_results *, size_t ind,
		    struct qi_period p, enum qi_scope scope, long org,
		    long hosp);


/* ------------------------------------------------------------- history */

/*
 * One row of a results.csv written by an earlier run, read for the trend
 * (specs/definitions.md §3).  r as qi_results_load() reads it; version
 * is the definition version it was computed with (at most the current
 * one), method and level its interval's (enum qi_ci_method, or enum
 * qi_rate_method for kind rate), so that rolling intervals of an earlier
 * version use that version's method.
 */
struct qi_history_row {
	struct qi_result r;
	long		 version;
	int		 method;
	double		 level;
	unsigned	 file;		/* index of the --history file */
};

/*
 * The rows of every --history file that the trend uses: quarters only,
 * none for a key (indicator, scope, organisation, hospital, quarter) the
 * current run holds; of two files holding a key, the one given later.
 * The pooled rows (scopes all and organisation) of one indicator and
 * quarter come from one source, so a quarter has one version.  Sorted by
 * indicator, period, scope as results are.
 */
struct qi_history {
	struct qi_history_row *v;	/* owned */
	size_t		 n;
};

/*
 * Read one history file: like qi_results_load(), but a row may be of an
 * earlier version of its definition.  Errors (each at FILE:LINE:COL, all
 * of the file): a version newer than the definition's; a row of the
 * current version for a period before the definition's effective; two
 * versions of one indicator in the file (a run writes one).  Returns
 * QI_OK and *rows (g_free) and *n, else nothing.
 */
enum qi_err	 qi_results_load_history(const char *path,
		    const struct qi_defset *, const struct qi_registry *,
		    struct qi_history_row **rows, size_t *n, struct qi_diag *);
/*
 * Read every history file (paths[0..npaths), all errors of all files),
 * then join them to the results of the current run cur, which they never
 * enter: the history is an input of the analyses (qi_analyses_compute()).  Rows the current run or a later
 * file holds are left out, counted in one note per file.  Returns QI_OK
 * and *out (qi_history_free()), QI_EINPUT on a bad file, QI_ESYS.
 */
enum qi_err	 qi_history_load(const char *const *paths, size_t npaths,
		    const struct qi_results *cur, struct qi_history **out,
		    struct qi_diag *);
void		 qi_history_free(struct qi_history *);
/* The history row of ind at quarter p and scope (as qi_results_find), or NULL. */
const struct qi_history_row *qi_history_find(const struct qi_history *,
		    size_t ind, struct qi_period p, enum qi_scope scope,
		    long org, long hosp);


/* ------------------------------------------------------------- writers */

/*
 * results.csv: one row per result, header first; rates as proportions
 * with 15 significant digits; suppressed values left empty.
 */
enum qi_err	 qi_results_write_csv(const struct qi_results *, FILE *);
/*
 * risk_models.csv: each model's coefficients, one row per term
 * (specs/output.md), as risk_model.coefficients reads them back.
 */
enum qi_err	 qi_results_write_models_csv(const struct qi_results *,
		    FILE *);
/*
 * The same rows for a spreadsheet (the sites' data/ID.csv): text cells
 * through qi_emit_csv_text (emit.h), so a name such as "=HYPERLINK(...)"
 * is written "'=HYPERLINK(...)"; numbers as in results.csv; a UTF-8
 * byte order mark first, for Japanese Excel.  qi never reads this back
 * (its CSV reader would skip the mark).
 */
enum qi_err	 qi_results_write_download_csv(const struct qi_results *,
		    FILE *);
/*
 * One row of results.csv as typed cells, for the writers that must agree
 * (the CSV downloads and the workbooks): the columns of
 * qi_result_columns, each a text, a count, a real or a level (printed
 * %g), or empty where results.csv leaves it empty.  Text points into the
 * results, the definitions, the registry or period[] (the caller's).
 */
enum qi_cell_kind { QI_CELL_EMPTY, QI_CELL_TEXT, QI_CELL_COUNT,
	QI_CELL_REAL, QI_CELL_LEVEL };

struct qi_cell {
	enum qi_cell_kind	 kind;
	const char		*text;	/* QI_CELL_TEXT */
	double			 v;	/* the others (a count is whole) */
};

#define QI_RESULT_COLUMNS	24
extern const char *const qi_result_columns[QI_RESULT_COLUMNS];
void		 qi_result_cells(const struct qi_results *, size_t i,
		    char period[16], struct qi_cell out[QI_RESULT_COLUMNS]);
/*
 * results.json: {"manifest": {...}, "results": [...]}; the manifest names
 * qi's version, each definition's id, version and SHA-256, and each input
 * file's SHA-256.  No timestamps: the same inputs give the same bytes.
 */
enum qi_err	 qi_results_write_json(const struct qi_results *,
		    const struct qi_input *, size_t ninputs, FILE *);
/*
 * Read results.csv back (for qi render), checking it against the
 * definitions and registry it is rendered with.
 */
enum qi_err	 qi_results_load(const char *path, const struct qi_defset *,
		    const struct qi_registry *, struct qi_results **,
		    struct qi_diag *);

#endif /* QI_RESULTS_H */
