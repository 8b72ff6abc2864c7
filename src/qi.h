/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * qi.h -- the contract between qi's stages.
 *
 * definitions (indicators/ID.yaml) --+
 * registry (organisations, hospitals) +--> tallies --> results --> writers
 * counts.csv (aggregated)          --+                            (CSV, JSON, charts)
 *
 * Every stage takes its inputs as const and returns an output that the
 * caller owns and releases with the matching *_free().  Stages never print
 * and never exit: problems in user files go to a struct qi_diag with
 * file:line:col, system failures are recorded there too, and the return
 * value says which kind of failure happened (enum qi_err).  Only the
 * command layer (main.c, cmd_*.c) prints diagnostics and exits.
 */
#ifndef QI_H
#define QI_H

#include <stddef.h>
#include <stdio.h>

/*
 * qi's version: a release's ("0.2.0"), or the base version and the commit
 * it was built from ("0.1.0+g1a2b3c4d5e6f", "-dirty" with local changes).
 * Named by qi --version, results.json's manifest, PDFs and the sites.
 */
const char	*qi_version(void);

/*
 * Return values of stages; they double as the process exit status
 * (documented in qi.1, EXIT STATUS).
 */
enum qi_err {
	QI_OK = 0,	/* success */
	QI_EINPUT = 1,	/* bad input: see the diagnostics */
	QI_EUSAGE = 2,	/* bad command line */
	QI_ESYS = 3	/* I/O, memory or library failure */
};

/* ---------------------------------------------------------------- diag */

enum qi_level {
	QI_NOTE,
	QI_WARNING,
	QI_ERROR
};

/*
 * A list of diagnostics, in the order they were found.  Allocated by
 * qi_diag_alloc(), released by qi_diag_free().  line and col are 1-based;
 * 0 means "not known" and is left out when printed.
 */
struct qi_diag;

struct qi_diag	*qi_diag_alloc(void);
void		 qi_diag_free(struct qi_diag *);
void		 qi_diag_add(struct qi_diag *, enum qi_level, const char *file,
		    unsigned line, unsigned col, const char *hint,
		    const char *fmt, ...)
		    __attribute__((format(printf, 7, 8)));
/*
 * Name the files under folder from as under to instead (a staging
 * folder's outputs by the paths they were to have).
 */
void		 qi_diag_reroot(struct qi_diag *, const char *from,
		    const char *to);
size_t		 qi_diag_count(const struct qi_diag *, enum qi_level);
/* Append src's diagnostics to dst, in their order, and empty src. */
void		 qi_diag_move(struct qi_diag *dst, struct qi_diag *src);
/* Print as "qi: FILE:LINE:COL: error: MESSAGE" plus an indented hint. */
void		 qi_diag_print(const struct qi_diag *, FILE *);

/* -------------------------------------------------------------- period */

/*
 * A Japanese fiscal period.  FY2024 runs 2024-04-01 .. 2025-03-31;
 * FY2024Q1 is April-June 2024, Q4 is January-March 2025.
 */
struct qi_period {
	int	 fy;	/* fiscal year, e.g. 2024 */
	int	 q;	/* quarter 1..4; 0 = the whole fiscal year */
};

/*
 * Parse "FY2024", "FY2024Q1" (case-insensitive), a date
 * "YYYY-MM-DD" (its quarter), or a range "YYYY-MM-DD..YYYY-MM-DD" that
 * spans exactly one fiscal quarter or year.  Returns 0 on success, -1 if s
 * is not a period.
 */
int	 qi_period_parse(const char *s, struct qi_period *);
/* Quarter containing a civil date; -1 if the date is invalid. */
int	 qi_period_of_date(int y, int m, int d, struct qi_period *);
/* Writes "FY2024" or "FY2024Q1" into buf (at least 16 bytes). */
void	 qi_period_format(struct qi_period, char *buf, size_t sz);
/* First and last day as YYYYMMDD integers. */
void	 qi_period_bounds(struct qi_period, long *first, long *last);
/* Orders by fiscal year, then the year before its quarters. */
int	 qi_period_cmp(struct qi_period, struct qi_period);

/*
 * Civil dates (proleptic Gregorian) as days since 1970-01-01, the unit of
 * every date in the records (record.h).
 */
int	 qi_civil_valid(int y, int m, int d);	/* 1 if a real date */
long	 qi_civil_days(int y, int m, int d);
void	 qi_civil_from_days(long days, int *y, int *m, int *d);

/* ------------------------------------------------------------ registry */

struct qi_org {
	char	*code;		/* short code, e.g. "NHO" */
	char	*name_ja;
	char	*name_en;
	char	*url;		/* base URL of its indicator site, ends in '/' */
};

struct qi_hospital {
	char	*id;		/* unique across organisations */
	size_t	 org;		/* index into qi_registry.orgs */
	char	*name_ja;
	char	*name_en;
	char	*region;	/* e.g. "関東信越" */
	long	 beds;		/* licensed beds */
	char	*facility;	/* 施設コード of its DPC files (9 digits), or "" */
};

/*
 * Organisations and hospitals.  Loaded by qi_registry_load(), released
 * by qi_registry_free().  Hospitals keep the order of the file.
 */
struct qi_registry {
	struct qi_org		*orgs;
	size_t			 norgs;
	struct qi_hospital	*hosps;
	size_t			 nhosps;
	void			*index;	/* private: id -> hospital */
	void			*by_facility; /* private: facility code -> hospital */
};

/*
 * encoding: NULL or "utf-8" (checked), or "cp932" (converted); the same
 * for every input CSV reader.
 */
enum qi_err	 qi_registry_load(const char *orgs_csv, const char *hosps_csv,
		    const char *encoding, struct qi_registry **,
		    struct qi_diag *);
void		 qi_registry_free(struct qi_registry *);
/*
 * From now on, qi_registry_load() warns (file:line:col) about each
 * organisation whose url has no path beyond the domain: the sites' partner
 * links (URL + indicators/ID.html) would point into the corporate root
 * rather than the indicator site.  qi check turns it on; the other
 * commands stay quiet.
 */
void		 qi_registry_warn_urls(int on);
/* Index of a hospital or organisation by id/code; -1 if unknown. */
long		 qi_registry_hospital(const struct qi_registry *, const char *id);
/* Index of the hospital with this facility code (施設コード), or -1. */
long		 qi_registry_facility(const struct qi_registry *, const char *code);
long		 qi_registry_org(const struct qi_registry *, const char *code);

/* --------------------------------------------------------- definitions */

enum qi_unit {
	QI_UNIT_PERCENT,	/* rate x 100, shown with "%" */
	QI_UNIT_PER_MILLE,	/* rate x 1000, shown with "‰" */
	QI_UNIT_PROPORTION	/* rate as is, 0..1 */
};

enum qi_direction {
	QI_HIGHER_BETTER,
	QI_LOWER_BETTER,
	QI_NEUTRAL		/* depends on context: no "better" */
};

/* Interval methods for one proportion (specs/statistics.md). */
enum qi_ci_method {
	QI_CI_WILSON,		/* Wilson score, no continuity correction */
	QI_CI_EXACT,		/* Clopper-Pearson */
	QI_CI_WILSON_CC,	/* Wilson score with continuity correction */
	QI_CI_JEFFREYS,		/* Beta(x + 1/2, n - x + 1/2) quantiles */
	QI_CI_AGRESTI_COULL,	/* add z^2/2 events and non-events */
	QI_CI_WALD		/* p -/+ z se, cut to [0,1] */
};

/* What an indicator measures (specs/definitions.md, "kind"). */
enum qi_kind {
	QI_KIND_PROPORTION,	/* numerator / denominator, stays */
	QI_KIND_RATE,		/* numerator / exposure (e.g. per 1000 patient-days) */
	QI_KIND_MEAN		/* mean of numerator.value per stay (e.g. days),
				   with a t-interval */
};

/*
 * Interval methods for a Poisson rate or an O/E ratio (qi_ci_poisson(),
 * specs/statistics.md); also the intervals of rate indicators.
 */
enum qi_rate_method {
	QI_RATE_EXACT,		/* gamma (chi-square) quantiles */
	QI_RATE_BYAR,		/* Byar's approximation */
	QI_RATE_HYBRID		/* exact if x < 10, else Byar (PHE) */
};

struct qi_expr;		/* a compiled expression (expr.h) */
struct qi_codeset;	/* the code lists of a definitions folder (codelist.h) */

/*
 * An expression as written in a definition: its text, where it starts in
 * the file (1-based line and column of the first character), and its
 * compiled form.  src NULL: the key is absent.
 */
struct qi_cond {
	char		*src;
	unsigned	 line, col;
	struct qi_expr	*x;		/* owned; NULL until compiled */
	int		 inherited;	/* a variant's copy of its definition's */
};

/* A named exclusion from the denominator (denominator.exclusions[]). */
struct qi_exclusion {
	char		*name;		/* [a-z0-9_]+, unique in the list */
	char		*ja, *en;
	struct qi_cond	 when;
};

#define QI_EXCL_MAX	8	/* exclusions of one definition or variant */
#define QI_COVAR_MAX	16	/* risk-model covariates: patterns < 2^16 */

/*
 * The patient-level rule of a definition or of one of its variants: the
 * denominator condition, its exclusions in order, and the numerator as a
 * condition (count) or a value (sum).  A variant's rule is its
 * definition's with the parts the variant gives replaced.
 */
struct qi_rule {
	struct qi_cond		 den_when;
	struct qi_cond		 den_value;	/* optional: the denominator sums this
						   value instead of counting stays */
	struct qi_exclusion	*excl;
	size_t			 nexcl;
	struct qi_cond		 num_when;
	struct qi_cond		 num_value;
};

struct qi_variant {
	char		*name;		/* the key under variants: */
	char		*ja, *en;
	struct qi_rule	 rule;		/* complete (inherited parts copied) */
};

struct qi_covariate {
	char		*name;
	struct qi_cond	 when;
};

struct qi_text {
	char	*ja;
	char	*en;
};

/*
 * One indicator definition, as read from indicators/ID.yaml.
 * The definition fixes the method for both organisations.
 */
struct qi_indicator {
	char			*id;		/* file stem, [a-z0-9_]+ */
	long			 version;	/* >= 1; results never pool versions */
	struct qi_text		 title;
	struct qi_text		 numerator;	/* plain-language rule */
	struct qi_text		 denominator;
	struct qi_text		 exclusions;	/* may be NULL/NULL */
	char			*source;	/* data source, e.g. "DPC 様式1 + EF" */
	enum qi_unit		 unit;
	enum qi_direction	 direction;
	enum qi_ci_method	 method;
	double			 level;		/* confidence level, (0,1) */
	long			 min_denominator; /* publish only if den >= this */
	long			 min_numerator;	/* publish the rate only if num >= this; 0 = no rule */
	char			*file;		/* path it was read from */
	char			 sha256[65];	/* of the file's bytes, hex */

	/* Patient-level definition (all optional: see has_rule). */
	enum qi_kind		 kind;
	enum qi_rate_method	 rate_method;	/* kind rate */
	int			 has_effective;
	struct qi_period	 effective;	/* first period this version covers */
	int			 has_rule;	/* denominator.when is given */
	struct qi_rule		 rule;
	struct qi_text		 exposure;	/* kind rate: what the rate is per */
	struct qi_cond		 exposure_value; /* ... its value per stay */
	struct qi_variant	*variants;	/* sorted by name */
	size_t			 nvariants;
	struct qi_covariate	*covariates;
	size_t			 ncovariates;
	struct qi_text		 risk_model;	/* plain-language model, may be NULL/NULL */
	enum qi_rate_method	 ratio_method;	/* risk_model.ratio_method: interval
						   of O/E (default hybrid) */
	/*
	 * funnel: the funnel analysis's settings (method, overdispersion,
	 * target), owned; qi_defset_load() always sets it (the defaults of
	 * qi_funnelcfg_defaults() where the key is absent); NULL in a
	 * definition made by hand means the defaults too.  A target given
	 * as an organisation code is kept in funnel_target_org and
	 * funnel->target_org stays -1 until the caller resolves the code
	 * with qi_registry_org() (the registry is not known here).
	 */
	struct qi_funnelcfg	*funnel;
	char			*funnel_target_org;	/* owned; NULL: none */
};

/* All definitions of a run, sorted by id. */
struct qi_defset {
	struct qi_indicator	*v;
	size_t			 n;
	struct qi_codeset	*codes;		/* owned; NULL if no codes/ */
};

/*
 * Load every *.yaml file in dir (sorted by name) and the code lists of
 * dir/codes/ (if that folder exists), compiling every expression once.
 * Every error of every file is reported to diag; on any error QI_EINPUT
 * is returned and *out is NULL.  Release with qi_defset_free().
 */
enum qi_err	 qi_defset_load(const char *dir, struct qi_defset **,
		    struct qi_diag *);
void		 qi_defset_free(struct qi_defset *);
long		 qi_defset_find(const struct qi_defset *, const char *id);
/*
 * Resolve what definitions name in the registry (a funnel target given
 * as an organisation code).  Call once both are loaded; an unknown code
 * is an error at the definition's file.
 */
enum qi_err	 qi_defset_bind(struct qi_defset *, const struct qi_registry *,
		    struct qi_diag *);
/* Index of a variant of ind by name; -1 if it has none of that name. */
long		 qi_variant_find(const struct qi_indicator *, const char *name);
/* The rule of variant v (0 = as defined, k = variants[k - 1]). */
const struct qi_rule *qi_indicator_rule(const struct qi_indicator *,
		    size_t v);
/* 100, 1000 or 1. */
double		 qi_unit_multiplier(enum qi_unit);
/* "%", "‰" or "" (UTF-8). */
const char	*qi_unit_symbol(enum qi_unit);

/*
 * The words that stand for enum values in files (definitions, results):
 * one table per enum, ending in { NULL, 0 }.  vocab.c holds them all.
 */
struct qi_name {
	const char	*name;
	int		 value;
};

extern const struct qi_name qi_unit_names[];
extern const struct qi_name qi_direction_names[];
extern const struct qi_name qi_ci_method_names[];
extern const struct qi_name qi_kind_names[];
extern const struct qi_name qi_scope_names[];
extern const struct qi_name qi_status_names[];

/* Value of name in table; -1 if absent. */
int		 qi_name_value(const struct qi_name *, const char *name);
/* Name of value in table; "?" if absent. */
const char	*qi_name_of(const struct qi_name *, int value);
/*
 * Levenshtein distance of two words (bytes), for "did you mean" hints:
 * a word within 1 + strlen(word) / 3 of a known one is taken as its
 * misspelling.
 */
size_t		 qi_edit_distance(const char *, const char *);
/* The table's words as "a, b or c", for hints; g_free() it. */
char		*qi_name_list(const struct qi_name *);
/*
 * For a "did you mean" hint: the index of the word of words[0..n)
 * closest to word (Levenshtein), if within 1 + strlen(word) / 3 edits
 * (specs/definitions.md §5); else -1.  NULL words are passed over.
 */
long		 qi_closest_word(const char *word, const char *const *words,
		    size_t n);

/*
 * Means (kind mean).  Each stay's value (numerator.value) is a whole
 * number 0 .. QI_MEAN_VALUE_MAX; a tally keeps the stays (denominator),
 * the sum of the values (numerator) and the sum of their squares (the
 * exposure field and column: the second sum of a tally), all whole
 * numbers, summed exactly: a double holds every whole number below 2^53
 * and the sums are kept below it (QI_EXPOSURE_MAX for a hospital,
 * QI_POOL_MAX for a pool).  The interval is Student's t (qi_ci_mean(),
 * stats_location.c; specs/statistics.md, "Means").
 */
#define QI_MEAN_VALUE_MAX	1000000L	/* 10^6: squares below 10^12 */

extern const struct qi_name qi_mean_method_names[];	/* "t" */
/* The interval methods of a kind: qi_ci_method_names, ... */
const struct qi_name *qi_kind_methods(enum qi_kind);
/* The word of ind's interval method ("wilson", "exact", "t"). */
const char	*qi_indicator_method(const struct qi_indicator *);

/*
 * The mean of n whole numbers from their sum and the sum of their
 * squares, and its t-interval at level: mean -/+ t(n - 1) s / sqrt(n),
 * s^2 = (n sumsq - sum^2) / (n (n - 1)), worked out in exact integer
 * arithmetic (no cancellation); the lower bound is cut at 0 (the values
 * are 0 or more).  n >= 1, 0 <= sum, sumsq <= 2^53 and consistent
 * (sum^2 <= n sumsq).  Returns 0 with *mean and the bounds
 * (both NaN when n = 1: no spread is known); -1 with all three NaN on a
 * domain error.
 */
int	 qi_ci_mean(long n, long sum, long sumsq, double level, double *mean,
	    double *lo, double *hi);

/* ------------------------------------------------------------- tallies */

/*
 * Sums for one hospital x period x indicator x variant.  Every field but
 * the key merges by addition.  From counts.csv only the key, numerator
 * and denominator are set (variant 0, the rest zero).
 */
/*
 * The largest count (numerator, denominator, stays excluded) of one row
 * or stay, and the largest sum of one hospital over a period: the
 * funnel's exact limits hold to 10^10, and a pool of every hospital
 * stays below 2^53, where a double holds every whole number.  An
 * exposure (a real number, in the definition's unit) is kept at most
 * 10^15 for a stay, a row or a hospital, so that sums stay finite
 * (specs/input.md).
 */
#define QI_ID_MAX	64	/* bytes of an organisation, hospital or indicator id */
#define QI_COUNT_MAX	1000000000L		/* 10^9 */
#define QI_SUM_MAX	10000000000L		/* 10^10 */
#define QI_POOL_MAX	9007199254740992L	/* 2^53 */
#define QI_EXPOSURE_MAX	1e15

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

/* ----------------------------------------------------------- statistics */

/*
 * A confidence interval for a proportion x/n at the given level
 * (specs/statistics.md).  Returns 0 and fills *lo, *hi in [0,1]; -1 if
 * the arguments are outside their domain (n <= 0, x < 0, x > n, level not
 * in (0,1), non-integer counts for the exact method, n > 2^53) or the
 * root-finding failed, and then both bounds are NaN.
 */
int	 qi_ci_proportion(enum qi_ci_method, double x, double n, double level,
	    double *lo, double *hi);

/* enum qi_rate_method: in the definitions section above. */

/* "exact", "byar", "hybrid". */
extern const struct qi_name qi_rate_method_names[];

/*
 * A confidence interval for the rate x/t: x events (>= 0, whole for the
 * exact method, at most 2^53) in exposure t (> 0, any unit; an O/E ratio
 * is the call with t = E).  Returns 0 with 0 <= *lo <= *hi (events per
 * unit of t), or -1 with both NaN if an argument is outside its domain or
 * a bound is not finite.
 */
int	 qi_ci_poisson(enum qi_rate_method, double x, double t, double level,
	    double *lo, double *hi);

/*
 * Two proportions x1/n1 and x2/n2 compared (specs/statistics.md).
 * diff = p1 - p2 with Newcombe's hybrid score interval [lower, upper];
 * chisq the Pearson statistic without continuity correction, p_chisq and
 * p_yates its p-values without and with Yates' correction (NaN, like
 * chisq, when no event or no non-event occurred at all); p_fisher
 * Fisher's exact two-sided p-value.
 */
struct qi_compare {
	double	 diff, lower, upper;
	double	 chisq, p_chisq, p_yates, p_fisher;
};

/*
 * Counts are whole numbers, 0 <= x <= n, 0 < n <= 2^53 (Fisher's test
 * costs O(sqrt(n)) per table).  Returns 0, or -1 with every field NaN if
 * an argument is outside its domain.
 */
int	 qi_compare_proportions(double x1, double n1, double x2, double n2,
	    double level, struct qi_compare *);

/*
 * Ratio of two Poisson rates (x1/t1)/(x2/t2) with the exact conditional
 * (binomial) interval and two-sided p-value of H0: ratio = 1, as R's
 * poisson.test(c(x1, x2), c(t1, t2)).  x whole and >= 0, t > 0.  *rr is
 * Inf when x2 = 0 (and *hi Inf), NaN when both are 0 (then [0, Inf],
 * p = 1).  Returns 0, or -1 with all four NaN on a domain error.
 */
int	 qi_rate_ratio(double x1, double t1, double x2, double t2,
	    double level, double *rr, double *lo, double *hi, double *p);

/* ------------------------------------------------------- funnel limits */

/*
 * Funnel-plot control limits around a target (specs/statistics.md#funnel-
 * limits).  All values are on the indicator's own scale: proportions in
 * [0,1] (not percent), rates per unit of exposure.  level is a
 * probability in (0,1), e.g. 0.95 or 0.998; the limits cut (1 - level)/2
 * off each tail.  A plotting layer draws a funnel by calling these for a
 * grid of volumes (whole volumes for the exact method); a table layer
 * calls them at each unit's own volume and passes the unit's rate with
 * the limits at two levels to qi_funnel_flag().
 */
enum qi_funnel_method {
	QI_FUNNEL_EXACT,	/* binomial/Poisson quantile with
				   Spiegelhalter's (2005) interpolation;
				   upper limit (r + 1 - a)/n (see spec) */
	QI_FUNNEL_NORMAL,	/* target +- z * standard error */
	QI_FUNNEL_WILSON	/* PHE's Wilson-inverted limits: the same
				   numbers as QI_FUNNEL_NORMAL (see spec) */
};

extern const struct qi_name qi_funnel_method_names[];	/* "exact", ... */

/*
 * Limits for a proportion at volume n (patients) around target in [0,1].
 * For QI_FUNNEL_EXACT n must be a whole number in [1, 1e10]; the other
 * methods take any n > 0.  Returns 0 with 0 <= *lo <= *hi <= 1, or -1
 * with both NaN for arguments outside their domain.  At a target of 0
 * the exact limits are [0, (1 - tail)/n], at 1 [1 - (1 - tail)/n, 1]
 * (tail = (1 - level)/2), the normal ones [t, t].  The exact method sums
 * O(sqrt(n t(1-t))) terms: microseconds for small n, 0.1 ms at n = 1e7
 * and t = 0.5.
 */
int	 qi_funnel_proportion(enum qi_funnel_method, double target, double n,
	    double level, double *lo, double *hi);
/*
 * Limits for a rate: target events per unit of exposure (>= 0), exposure
 * > 0 (person-days, or the expected count E of an O/E ratio with target
 * 1).  QI_FUNNEL_EXACT uses the Poisson quantile of target * exposure
 * (at most 1e10) with the same interpolation, QI_FUNNEL_NORMAL target +-
 * z sqrt(target / exposure); QI_FUNNEL_WILSON is refused (-1).  Limits
 * are in events per unit of exposure, lower clamped at 0; a target of 0
 * gives [0, (1 - tail)/exposure] (exact) or [0, 0] (normal).
 */
int	 qi_funnel_poisson(enum qi_funnel_method, double target,
	    double exposure, double level, double *lo, double *hi);

/* Standard error of the indicator under the target: sqrt(t(1-t)/n) and
   sqrt(t/exposure).  NaN outside the domain (n, exposure <= 0, t < 0). */
double	 qi_funnel_se_proportion(double target, double n);
double	 qi_funnel_se_poisson(double target, double exposure);
/*
 * z-scores under the target: (x/n - t) / se_proportion(t, n) and
 * (x/exposure - t) / se_poisson(t, exposure) = (x - t E)/sqrt(t E).  x is
 * the count of events.  NaN if the standard error is 0 or NaN, i.e. for a
 * target of 0 or 1 (proportion) or 0 (rate).
 */
double	 qi_funnel_z_proportion(double x, double n, double target);
double	 qi_funnel_z_poisson(double x, double exposure, double target);

/* Where a unit's value lies against two pairs of limits. */
enum qi_funnel_flag {
	QI_FUNNEL_BELOW_OUTER,	/* value < outer lower limit (e.g. 99.8%) */
	QI_FUNNEL_BELOW_INNER,	/* outer lo <= value < inner lo (e.g. 95%) */
	QI_FUNNEL_WITHIN,	/* inner lo <= value <= inner hi */
	QI_FUNNEL_ABOVE_INNER,	/* inner hi < value <= outer hi */
	QI_FUNNEL_ABOVE_OUTER	/* outer hi < value */
};

extern const struct qi_name qi_funnel_flag_names[];	/* "below_outer", ... */

/*
 * A value on a limit is inside it (PHE and FunnelPlotR compare strictly).
 * The inner limits must lie within the outer ones.  NaN compares false:
 * a NaN value gives QI_FUNNEL_WITHIN, so test isnan() first.
 */
enum qi_funnel_flag qi_funnel_flag(double value, double inner_lo,
	    double inner_hi, double outer_lo, double outer_hi);

/* ------------------------------------------------------ overdispersion */

/*
 * Overdispersion of k units' z-scores (Spiegelhalter 2005, Qual Saf
 * Health Care 14:347; FunnelPlotR).  z are winsorised at the type-7
 * quantiles (R's default) trim and 1 - trim; phi = sum z_w^2 / k; tau2 is
 * DerSimonian-Laird with weights 1/s_i^2, 0 when k phi < k - 1.  s are
 * the units' standard errors on the scale of the limits (for a
 * proportion qi_funnel_se_proportion(target, n_i)), tau2 is in the square
 * of that scale.
 */
struct qi_od {
	size_t	 k;		/* units */
	double	 trim;		/* fraction winsorised at each end */
	double	 zlo, zhi;	/* the winsorising bounds on z */
	double	 phi;		/* overdispersion factor, >= 0 */
	double	 tau2;		/* between-unit variance, >= 0 */
};

/*
 * k >= 2 units; z and s finite, s > 0; trim in [0, 0.5).  FunnelPlotR's
 * default trim is 0.1.  Returns 0, or -1 (and *od zeroed) on a domain
 * error or allocation failure.
 */
int	 qi_od_estimate(const double *z, const double *s, size_t k,
	    double trim, struct qi_od *od);

enum qi_od_model {
	QI_OD_NONE,		/* target +- z s */
	QI_OD_MULTIPLICATIVE,	/* target +- z sqrt(phi) s */
	QI_OD_ADDITIVE		/* target +- z sqrt(s^2 + tau2) */
};

extern const struct qi_name qi_od_model_names[];	/* "none", ... */

/*
 * Limits for one unit with standard error s > 0 at level in (0,1),
 * clamped to [min, max] (0 and 1 for proportions, 0 and INFINITY for
 * rates, -INFINITY and INFINITY on a log scale).  If phi <= 1 both
 * adjusted models give the unadjusted limits (FunnelPlotR's rule: no
 * adjustment for underdispersion).  Returns 0, or -1 with NaN limits.
 */
int	 qi_od_limits(const struct qi_od *, enum qi_od_model, double target,
	    double s, double level, double min, double max, double *lo,
	    double *hi);

/* ----------------------------------------------------------- shrinkage */

/*
 * Empirical-Bayes beta-binomial smoothing of k units' proportions x_i/n_i
 * (specs/statistics.md#smoothing).  The prior Beta(alpha, beta) has mean
 * the pooled rate and prior sample size m = alpha + beta = 1/rho - 1,
 * where rho is the moment estimate of the intraclass correlation with
 * weights n_i (Kleinman 1973).  A unit's smoothed rate is (x + alpha)/(n +
 * m) = w x/n + (1 - w) pooled with reliability w = n/(n + m).
 */
struct qi_shrink {
	size_t	 k;		/* units */
	double	 pooled;	/* sum x / sum n */
	double	 rho;		/* moment estimate; may be <= 0 or >= 1 */
	double	 m;		/* alpha + beta: INFINITY if rho <= 0 (no
				   heterogeneity), 0 if rho >= 1 */
	double	 alpha, beta;	/* pooled * m, (1 - pooled) * m */
};

/*
 * x_i, n_i counts (may be fractional) with 0 <= x_i <= n_i, n_i > 0,
 * k >= 2, and not all n_i = 1 (then nothing identifies rho).  Returns 0,
 * or -1 (and *out zeroed) on a domain error.
 */
int	 qi_shrink_fit(const double *x, const double *n, size_t k,
	    struct qi_shrink *out);
/*
 * Smoothed rate and reliability of one unit with x of n under a fitted
 * prior.  m = INFINITY gives the pooled rate and weight 0; m = 0 gives
 * x/n and weight 1.  Returns 0, or -1 with NaN outputs.
 */
int	 qi_shrink_unit(const struct qi_shrink *, double x, double n,
	    double *rate, double *reliability);

/* ----------------------------------------------------------------- spc */

/*
 * Shewhart p and u charts over k subgroups in time order, and Laney's
 * (2002) p' and u' (specs/statistics.md#spc).  x_i events, n_i patients
 * (p) or exposure (u), all > 0 denominators.  Centre line cl = sum x /
 * sum n; sigma_i = sqrt(cl(1 - cl)/n_i) (p) or sqrt(cl/n_i) (u); limits
 * cl +- mult * sigma_i * sigma_z, with sigma_z = 1 for the Shewhart
 * charts and mean |z_i - z_(i-1)| / 1.128 for Laney's (z_i = (x_i/n_i -
 * cl)/sigma_i).  p limits are clipped to [0,1], u limits at 0.
 */
enum qi_spc_chart {
	QI_SPC_P,
	QI_SPC_U,
	QI_SPC_P_LANEY,		/* p' */
	QI_SPC_U_LANEY		/* u' */
};

extern const struct qi_name qi_spc_chart_names[];	/* "p", "u", "pp", "up" */

#define QI_SPC_SIGMA	3.0	/* the usual multiplier */

/*
 * Fills *cl, *sigma_z and lo[i], hi[i] for i < k (caller-owned arrays of
 * k doubles).  mult > 0 (QI_SPC_SIGMA).  Laney charts need k >= 2.
 * Returns 0, or -1 with NaN outputs on a domain error.
 */
int	 qi_spc_limits(enum qi_spc_chart, const double *x, const double *n,
	    size_t k, double mult, double *cl, double *sigma_z, double *lo,
	    double *hi);

/* -------------------------------------------------------- standardising */

/*
 * A standard population for direct standardisation: n age bands by name
 * with their populations (persons; only their proportions matter).
 * SPEC: specs/statistics.md#directly-standardised-rates
 */
struct qi_stdpop {
	const char		*name;	/* "esp2013", "jp1985" */
	size_t			 n;	/* bands */
	const char *const	*band;	/* [n] "0-4", ..., "90+" */
	const double		*pop;	/* [n] persons */
};

/* The built-in standards; NULL if name is none of them. */
const struct qi_stdpop	*qi_stdpop_find(const char *name);
extern const char	 qi_stdpop_list[];	/* "esp2013, jp1985" */

/*
 * Directly standardised rate over k bands with events x_i (>= 0),
 * population n_i (> 0) and standard weights w_i (>= 0, sum > 0), per
 * person: dsr = sum w x/n / sum w, and its Dobson et al. (1991) interval
 * dsr + sqrt(v / O) (O_lo - O), dsr + sqrt(v / O) (O_hi - O), where O =
 * sum x (> 0), v = sum w^2 x/n^2 / (sum w)^2, and O_lo, O_hi are the
 * bounds of qi_ci_poisson(method, O, 1, level) (exact: O whole).
 * Returns 0, or -1 with NaN outputs outside the domain.
 */
int	 qi_dsr(const double *x, const double *n, const double *w, size_t k,
	    enum qi_rate_method, double level, double *dsr, double *lo,
	    double *hi);

/* ----------------------------------------------------- risk adjustment */

/*
 * A logistic risk model fitted to grouped binomial data: k covariate
 * patterns, each with n stays and y events, summed over hospitals (sums of
 * shards merge by addition).  Exact for categorical covariates.
 * SPEC: specs/statistics.md#risk-adjustment
 *
 * Options: fill with qi_logit_opts_defaults(); NULL means the defaults.
 */
struct qi_logit_opts {
	int	 max_iter;	/* IRLS iterations (default 25, as R) */
	double	 tol;		/* converged when |D - D'| / (|D| + 0.1) < tol,
				   D, D' the deviance after and before an
				   iteration (default 1e-10; R's glm 1e-8);
				   one more Newton step then polishes beta */
	int	 allow_separation; /* 0 (default): separation is an error;
				   1: a warning, and the fit is returned */
};

void		 qi_logit_opts_defaults(struct qi_logit_opts *);

/*
 * A fitted model.  Owned by the caller, released by qi_logit_free().
 * Coefficients are log-odds per unit of the covariate, column 0 the
 * intercept; standard errors come from the Fisher information at beta.
 */
struct qi_logit {
	size_t	 p;		/* coefficients (columns of x) */
	size_t	 k;		/* patterns fitted */
	double	*beta;		/* [p] coefficients, log-odds */
	double	*se;		/* [p] standard errors */
	double	*z;		/* [p] Wald statistics beta / se */
	double	*pvalue;	/* [p] two-sided, 2 Q(|z|) */
	double	*fitted;	/* [k] fitted probability of each pattern */
	int	 iterations;	/* IRLS iterations done, the polish included */
	int	 converged;	/* 1 if the deviance rule was met */
	int	 separation;	/* 1 if (quasi-)complete separation was found
				   (only with allow_separation) */
	double	 deviance;	/* residual deviance */
	double	 null_deviance;	/* deviance of the intercept-only model */
	double	 aic;		/* -2 log L + 2p, as R's glm */
	double	 c_stat;	/* area under the ROC curve, 0.5 .. 1 */
	double	 stays;		/* N = sum of n */
	double	 events;	/* Y = sum of y */
	double	 rate;		/* reference rate Y / N, a proportion */
};

/*
 * Fit by iteratively reweighted least squares.  x is k x p, row-major,
 * column 0 all ones (the intercept); y and n are counts (integers,
 * 0 <= y <= n; patterns with n = 0 are ignored).  names (p strings, or
 * NULL for "x0", "x1", ...) and file (the model's definition, may be
 * NULL) are used only in diagnostics.  Returns QI_OK and *out; QI_EINPUT
 * with *out NULL and every problem in diag (empty data, no or only
 * events, a covariate without variation, collinear covariates, separation
 * unless allowed, no convergence); QI_EUSAGE if the options are invalid
 * (max_iter < 1, tol <= 0); QI_ESYS if memory or GSL failed.
 */
enum qi_err	 qi_logit_fit(size_t k, size_t p, const double *x,
		    const double *y, const double *n,
		    const char *const *names, const char *file,
		    const struct qi_logit_opts *, struct qi_logit **,
		    struct qi_diag *);
void		 qi_logit_free(struct qi_logit *);
/* Fitted probability for one covariate row of p values; NaN if NULL. */
double		 qi_logit_predict(const struct qi_logit *, const double *xrow);

/*
 * One hospital's (or organisation's) risk-adjusted result: observed and
 * expected events from its own patterns.  The interval for O/E comes from
 * a Poisson interval of O with E fixed (not computed here).
 */
struct qi_riskadj {
	double	 stays;		/* sum of n */
	double	 observed;	/* O = sum of y, events */
	double	 expected;	/* E = sum of n p-hat, events */
	double	 ratio;		/* O / E; NaN if E = 0 */
	double	 rate;		/* risk-adjusted rate (O / E) x model rate,
				   a proportion (may exceed 1); NaN if E = 0 */
};

/*
 * Observed and expected for k patterns (x k x p row-major as for the fit,
 * y events, n stays) under a fitted model.  Returns 0, or -1 with out
 * filled with NaN if an argument is invalid (non-finite, y > n, n < 0).
 */
int		 qi_riskadj_compute(const struct qi_logit *, size_t k,
		    const double *x, const double *y, const double *n,
		    struct qi_riskadj *);

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
 * Who a result is about, for messages: "hospital N001", "NHO pooled" or
 * "all organisations pooled".  g_free() it.
 */
char		*qi_result_who(const struct qi_result *,
		    const struct qi_registry *);

/* The risk model of one indicator in one period (for the manifest). */
struct qi_riskfit {
	size_t			 indicator;	/* index into defset */
	struct qi_period	 period;
	struct qi_logit		*fit;		/* owned; NULL if it failed */
};

/* Rows skipped with --skip-bad-rows, by reason (recorded in the manifest). */
struct qi_skipped {
	const char	*file;		/* "stays" or "events"; static */
	const char	*reason;	/* e.g. "bad date"; static */
	long		 rows;
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
	/*
	 * Quarterly results of earlier runs (--history, history.c), of this
	 * or earlier definition versions, for the trend only (trend.csv,
	 * the trend and SPC charts).  Borrowed, NULL: none.  Set by the
	 * caller after qi_history_load().
	 */
	const struct qi_history		*history;
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
/*
 * The result of indicator ind in period p at scope; org is used for
 * QI_SCOPE_ORG, hosp for QI_SCOPE_HOSPITAL.  NULL if there is none.
 * A linear search.
 */
const struct qi_result *qi_results_find(const struct qi_results *, size_t ind,
		    struct qi_period p, enum qi_scope scope, long org,
		    long hosp);

/* ---------------------------------------------------- funnel analysis */

/*
 * The funnel analysis of one indicator in one period over the published
 * hospital results (specs/statistics.md#funnel-analysis-of-results).
 * Fill a config with qi_funnelcfg_defaults(); NULL means the defaults.
 */
struct qi_funnelcfg {
	enum qi_funnel_method method;	/* limits at each volume (exact) */
	double		 inner, outer;	/* levels (0.95, 0.998) */
	enum qi_od_model od;		/* overdispersion model (none) */
	double		 trim;		/* winsorising of z (0.1) */
	long		 target_org;	/* target: pooled rate of this
					   organisation, -1 = both (default) */
	double		 target;	/* a fixed target, proportion; NaN
					   (default) = the pooled rate */
};

void	 qi_funnelcfg_defaults(struct qi_funnelcfg *);

/*
 * One published hospital in a funnel analysis.  Rates are proportions,
 * or events per unit of exposure for rate indicators.
 */
struct qi_funnel_unit {
	size_t		 result;	/* index into results->v */
	double		 n;		/* volume: denominator, or exposure */
	double		 rate;		/* numerator / n */
	double		 z, se;		/* z-score and standard error under
					   the target */
	double		 inner_lo, inner_hi; /* limits at n, cfg method */
	double		 outer_lo, outer_hi;
	double		 adj_inner_lo, adj_inner_hi; /* overdispersion-adjusted
					   limits; NaN when not adjusted */
	double		 adj_outer_lo, adj_outer_hi;
	enum qi_funnel_flag flag;	/* against the adjusted limits when
					   adjusted, else the plain ones */
	double		 smoothed;	/* empirical-Bayes rate; NaN if none */
	double		 reliability;	/* its weight n/(n + m), 0..1 */
};

struct qi_funnelplot {
	size_t		 indicator;	/* index into defset */
	struct qi_period period;
	int		 rate;		/* kind rate: volumes are exposures,
					   limits Poisson, no smoothing */
	double		 target;	/* proportion, or events per unit of
					   exposure */
	int		 has_od;	/* od was estimated (>= 2 hospitals,
					   0 < target < 1) */
	struct qi_od	 od;
	enum qi_od_model od_model;	/* model applied: none when not
					   asked, not estimable, or phi <= 1 */
	int		 has_shrink;	/* shrink was fitted */
	struct qi_shrink shrink;
	struct qi_funnel_unit *v;	/* results order: registry order */
	size_t		 n;
};

/*
 * Analyse indicator ind in period per.  Returns QI_OK and *out (release
 * with qi_funnelplot_free()), QI_EINPUT when the fixed target is not a
 * proportion or a limit cannot be computed, QI_ESYS if memory fails.
 * Without a published pooled rate to serve as target the analysis is
 * empty (target NaN, n = 0).
 */
enum qi_err	 qi_funnelplot_compute(const struct qi_results *, size_t ind,
		    struct qi_period, const struct qi_funnelcfg *,
		    struct qi_funnelplot **, struct qi_diag *);
void		 qi_funnelplot_free(struct qi_funnelplot *);
/*
 * The analysis's limits at any volume (a chart's curves): plain ones by
 * cfg's method, and the adjusted ones (NaN unless od_model is set).
 * cfg must be the one the analysis was computed with.  Returns 0, or -1
 * when the volume is outside the method's domain.
 */
int		 qi_funnelplot_limits(const struct qi_funnelplot *,
		    const struct qi_funnelcfg *, double volume, double level,
		    double *lo, double *hi, double *adj_lo, double *adj_hi);
/*
 * funnel.csv: every indicator and period of the results, one row per
 * published hospital (header first, 15 significant digits, empty for
 * NaN).  Stops at the first analysis that fails.
 */
enum qi_err	 qi_funnelplot_write_csv(const struct qi_results *,
		    const struct qi_funnelcfg *, FILE *, struct qi_diag *);

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
 * then join them to the results of the current run cur (which they never
 * enter: set cur->history to *out).  Rows the current run or a later
 * file holds are left out, counted in one note per file.  Returns QI_OK
 * and *out (qi_history_free()), QI_EINPUT on a bad file, QI_ESYS.
 */
enum qi_err	 qi_history_load(const char *const *paths, size_t npaths,
		    const struct qi_results *cur, struct qi_history **out,
		    struct qi_diag *);
void		 qi_history_free(struct qi_history *);
/*
 * The rows the trend reads: the current run's (i < res->n), then its
 * history's; *version is the row's definition version.  NULL past the
 * last.
 */
const struct qi_result *qi_trend_row(const struct qi_results *, size_t i,
		    long *version);
/*
 * The result of (ind, p, scope, org, hosp) as the trend sees it: the
 * current run's, else its history's (quarters only); NULL if neither.
 */
const struct qi_result *qi_trend_find(const struct qi_results *, size_t ind,
		    struct qi_period p, enum qi_scope scope, long org,
		    long hosp);
/* The history row of ind at quarter p and scope (as qi_results_find), or NULL. */
const struct qi_history_row *qi_history_find(const struct qi_history *,
		    size_t ind, struct qi_period p, enum qi_scope scope,
		    long org, long hosp);

/* -------------------------------------------------------------- trends */

/*
 * Quarterly monitoring of one series: an indicator for one hospital, one
 * organisation or both organisations (specs/statistics.md#trends).
 * Points are the published quarters in time order; rates are
 * proportions.
 */
struct qi_trend_point {
	size_t		 result;	/* index into results->v, or into
					   results->history->v if history */
	int		 history;	/* from an earlier run (--history) */
	long		 version;	/* definition version of the point */
	struct qi_period period;	/* a quarter */
	double		 x, n, rate;	/* numerator, denominator (exposure for
					   a rate indicator), x/n */
	double		 roll_x, roll_n; /* the four quarters ending here, when
					   all four are consecutive, published
					   and of one version; NaN otherwise */
	double		 roll_rate, roll_lo, roll_hi; /* and its interval (the
					   method and level of that version:
					   the definition's, or as published) */
	double		 cl, sigma_z;	/* of the point's version segment (a
					   run of points of one version):
					   centre line and Laney's factor;
					   NaN if it has fewer than 2 points */
	double		 p_lo, p_hi;	/* p-chart (u-chart for rates) limits,
					   3 sigma */
	double		 pp_lo, pp_hi;	/* Laney p' (u') limits */
	int		 signal;	/* +1 above, -1 below p', 0 within */
};

struct qi_trend {
	size_t		 indicator;
	enum qi_scope	 scope;
	long		 org;		/* QI_SCOPE_ORG: its index, else -1 */
	long		 hospital;	/* QI_SCOPE_HOSPITAL: its index, else -1 */
	double		 cl;		/* the last version segment's centre
					   line sum x / sum n (each point has
					   its own segment's); NaN if it has
					   fewer than 2 points */
	double		 sigma_z;	/* its Laney's factor; NaN likewise */
	size_t		 nsegments;	/* runs of points of one version */
	struct qi_trend_point *v;
	size_t		 n;
};

/*
 * The series of indicator ind at scope (org or hosp as it needs): the
 * current run's quarters and its history's (results->history), each
 * point with its version.  Rolling windows and control limits never
 * span two versions: limits are computed per version segment.
 * Returns QI_OK and *out (release with qi_trend_free()), QI_EINPUT when
 * an interval or limit cannot be computed, QI_ESYS if memory fails.
 */
enum qi_err	 qi_trend_compute(const struct qi_results *, size_t ind,
		    enum qi_scope, long org, long hosp, struct qi_trend **,
		    struct qi_diag *);
void		 qi_trend_free(struct qi_trend *);
/*
 * An indicator's series in the order of trend.csv, numbered from 0: both
 * organisations, then each organisation, then each hospital;
 * qi_trend_nseries() of them.  qi_trend_series() sets series s's scope,
 * organisation and hospital (-1 where its scope has none) as
 * qi_trend_compute() takes them.
 */
size_t		 qi_trend_nseries(const struct qi_registry *);
void		 qi_trend_series(const struct qi_registry *, size_t s,
		    enum qi_scope *, long *org, long *hosp);
/*
 * trend.csv: every indicator's series for both organisations, each
 * organisation and each hospital, one row per published quarter.
 */
enum qi_err	 qi_trend_write_csv(const struct qi_results *, FILE *,
		    struct qi_diag *);
/*
 * The quarters of indicator ind with a pooled result (scope all or
 * organisation) in the current run or its history, in time order, and
 * the definition version of each (*periods and *versions malloc'd, the
 * caller's to free, also when there are none).  Returns the number, or
 * (size_t)-1 if memory fails.
 */
size_t		 qi_trend_quarters(const struct qi_results *, size_t ind,
		    struct qi_period **periods, long **versions);

/* ------------------------------------------------------------- writers */

/* An input file of a run, for the manifest. */
struct qi_input {
	const char	*role;		/* "organisations", "hospitals", "counts" */
	const char	*path;
	char		 sha256[65];	/* hex, filled by qi_input_hash() */
};

/* SHA-256 of the file, streamed.  QI_ESYS (recorded) if unreadable. */
enum qi_err	 qi_input_hash(struct qi_input *, struct qi_diag *);
/* SHA-256 of n bytes as 64 lower-case hex digits; -1 if it fails. */
int		 qi_sha256_hex(const void *, size_t n, char out[65]);

/*
 * results.csv: one row per result, header first; rates as proportions
 * with 15 significant digits; suppressed values left empty.
 */
enum qi_err	 qi_results_write_csv(const struct qi_results *, FILE *);
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

/* ---------------------------------------------------------- synthetic */

/*
 * Write a deterministic synthetic sample into dir: organisations.csv
 * (NHO and JOHAS), hospitals.csv (172 fictional hospitals, 140 NHO and 32
 * JOHAS) and counts.csv (eight quarters, FY2023Q1..FY2024Q4, for every
 * indicator of defs).  Same seed, same bytes.
 */
enum qi_err	 qi_synth_write(const char *dir, const struct qi_defset *,
		    unsigned long seed, struct qi_diag *);

/* --------------------------------------------------------------- output */

/*
 * The output folder dir, created if need be and locked for this process
 * (flock: a second process is refused with an error), taken again by
 * every stage and temporary folder in it and released by the last
 * qi_output_unlock().  Taking it removes what a stopped run left there
 * (warnings).  One output folder per process at a time.
 */
enum qi_err	 qi_output_lock(const char *dir, struct qi_diag *);
void		 qi_output_unlock(void);

/* Remove path and all under it, never following a symbolic link. */
void		 qi_remove_tree(const char *path);

/*
 * Folders to remove should the process be stopped by SIGINT, SIGTERM or
 * SIGHUP (at most 8 at a time): temporary and staging folders.
 */
void		 qi_cleanup_add(const char *path);
void		 qi_cleanup_remove(const char *path);

/*
 * A staging directory for one command's outputs: everything is written
 * under qi_stage_path(); qi_stage_commit() swaps the whole output folder
 * for a new version made of the staged entries and the old ones it keeps
 * (stage.c), so readers and stopped runs see the old outputs or the new,
 * never a mixture, and a failed run leaves the last good outputs as they
 * were.  An old entry that is a symbolic link and would be replaced is
 * refused.  Both commit and abort release the stage and its lock.
 */
struct qi_stage;

enum qi_stage_mode {
	QI_STAGE_REPLACE,	/* a staged directory replaces the old one whole */
	QI_STAGE_MERGE		/* its files join the old one, replacing namesakes */
};

enum qi_err	 qi_stage_open(const char *dir, struct qi_stage **,
		    struct qi_diag *);
const char	*qi_stage_path(const struct qi_stage *);
enum qi_err	 qi_stage_commit(struct qi_stage *, enum qi_stage_mode,
		    struct qi_diag *);
void		 qi_stage_abort(struct qi_stage *);

#endif /* QI_H */
