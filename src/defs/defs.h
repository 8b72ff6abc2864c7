/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * defs.h -- what the method is: the registry of organisations and
 * hospitals, and the indicator definitions (indicators/ID.yaml, their
 * expressions and code lists) that fix the method for both organisations
 * (specs/definitions.md, specs/input.md).  Loaded once, read-only after.
 */
#ifndef QI_DEFS_H
#define QI_DEFS_H

#include <stdint.h>

#include "stats.h"

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
/*
 * The name to show (en: English if the registry gives one): Japanese
 * when English is missing, the id or code when both are.  The one rule
 * of every chart, page and table.
 */
const char	*qi_hospital_name(const struct qi_hospital *, int en);
const char	*qi_org_name(const struct qi_org *, int en);

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

/* What an indicator measures (specs/definitions.md, "kind"). */
enum qi_kind {
	QI_KIND_PROPORTION,	/* numerator / denominator, stays */
	QI_KIND_RATE,		/* numerator / exposure (e.g. per 1000 patient-days) */
	QI_KIND_MEAN,		/* mean of numerator.value per stay (e.g. days),
				   with a t-interval */
	QI_KIND_MEDIAN		/* median of numerator.value per stay, 0 ..
				   numerator.max, from a histogram */
};

/*
 * A mean or a median: a value per stay summarised over the stays, not a
 * count.  Published in results.csv and results.json; no funnel, control
 * limits, charts or website pages (specs/definitions.md §2.8, §2.9).
 */
static inline int
qi_kind_location(enum qi_kind k)
{
	return k == QI_KIND_MEAN || k == QI_KIND_MEDIAN;
}

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
#define QI_COVAR_MAX	16	/* risk-model covariates */
#define QI_PATTERN_MAX	1048576ul /* covariate patterns of a model: the
				   product of its covariates' levels */

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

/* What a risk-model covariate is (definitions.md §2.5). */
enum qi_covar_kind {
	QI_COVAR_FLAG,		/* when: 1 if it holds, else 0 */
	QI_COVAR_INTEGER,	/* value: a whole number in [min, max], one
				   column of its value (e.g. age in years) */
	QI_COVAR_CATEGORY	/* value: a level min..max, one column per
				   level but the reference */
};

/*
 * risk_model.covariates[].charlson: a Charlson comorbidity index of the
 * stay's diagnoses, by Quan et al.'s 2005 ICD-10 coding, with the
 * weights named (riskdef.c).
 */
enum qi_charlson {
	QI_CHARLSON_NONE,
	QI_CHARLSON_QUAN2011,	/* Quan et al. 2011's updated weights, 0..24 */
	QI_CHARLSON_1987	/* Charlson et al. 1987's weights, 0..29 */
};

/*
 * A covariate.  Its value in a stay is a digit 0 .. nval - 1 (a flag's
 * 0/1, an integer's or a category's value - min); a stay's pattern is
 * the sum of each covariate's digit times its place value mult, the
 * product of the earlier covariates' nval (so a model of flags only has
 * bit i for covariate i).
 */
struct qi_covariate {
	char			*name;
	struct qi_cond		 when;		/* QI_COVAR_FLAG */
	struct qi_cond		 value;		/* the others: a number */
	long			 min, max;	/* stated range, inclusive */
	long			 reference;	/* QI_COVAR_CATEGORY: the
						   reference level */
	enum qi_covar_kind	 kind;
	unsigned long		 nval, mult;	/* levels; place value */
	enum qi_charlson	 charlson;	/* not NONE: value is the index's
						   expression (qi_charlson_expr) */
};

/*
 * risk_model.coefficients: a model fixed by a file of coefficients (the
 * risk_models.csv a run writes, specs/output.md), applied as it is to
 * every period instead of a fit.
 */
struct qi_riskcoef {
	char	*path;		/* the file, as opened (owned) */
	char	*reference;	/* the periods it was fitted on, as the file
				   says (owned) */
	size_t	 p;		/* terms: the intercept, then qi_risk_terms() */
	double	*beta;		/* [p] log-odds (owned) */
	double	*se;		/* [p] standard errors; NaN where not given */
	double	 stays, events;	/* of its reference population; NaN if the
				   file leaves them empty */
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
	long			 value_max;	/* kind median: numerator.max, the
						   largest value (1 .. QI_MEDIAN_VALUE_MAX);
						   0 when not given */
	struct qi_text		 exposure;	/* kind rate: what the rate is per */
	struct qi_cond		 exposure_value; /* ... its value per stay */
	struct qi_variant	*variants;	/* sorted by name */
	size_t			 nvariants;
	struct qi_covariate	*covariates;
	size_t			 ncovariates;
	struct qi_text		 risk_model;	/* plain-language model, may be NULL/NULL */
	enum qi_rate_method	 ratio_method;	/* risk_model.ratio_method: interval
						   of O/E (default hybrid) */
	char			*risk_reference; /* risk_model.reference as written;
						   NULL: a fit per period */
	struct qi_period	 ref_from, ref_to; /* its first and last quarter */
	char			*risk_coef_src;	/* risk_model.coefficients as written */
	struct qi_riskcoef	*risk_coef;	/* that file, loaded (owned); NULL
						   without the key */
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
/*
 * What the expressions of ind (all its variants, exposure and risk
 * model) read: bit f for each stays field f (enum qi_field, stay.h),
 * QI_READS_ITEMS if 様式1 items, QI_READS_LINKS if the patient's next
 * stay or the follow-up end.
 */
#define QI_READS_ITEMS	((uint64_t)1 << 62)
#define QI_READS_LINKS	((uint64_t)1 << 63)
uint64_t	 qi_indicator_reads(const struct qi_indicator *);
/*
 * Risk models (riskdef.c).  The terms of ind's model: "(intercept)", then
 * one per covariate column, in definition order; *p receives their
 * number.  A NULL-terminated vector, the caller's to g_strfreev().
 */
char		**qi_risk_terms(const struct qi_indicator *, size_t *p);
/* The design row (p values, qi_risk_terms()) of a covariate pattern. */
void		 qi_risk_row(const struct qi_indicator *, unsigned long pattern,
		    double *x);
/*
 * The digit of covariate c for a stay whose expression gave v (NaN:
 * null): a flag's 1 when v is 1, else 0; an integer's value, a value
 * outside [min, max] counted at the nearer end; a category's level.
 * Returns 0 and *digit, or -1 (null, not a whole number, or a category
 * outside its levels).
 */
int		 qi_risk_digit(const struct qi_covariate *, double v,
		    unsigned long *digit);
/* Covariate c's value (flag 0/1, integer or level) in a pattern. */
long		 qi_risk_value(const struct qi_covariate *, unsigned long pattern);
/*
 * The pattern of covariate values vals[0..ncovariates), -1 if one is
 * outside its covariate's range (a flag's 0/1).
 */
long		 qi_risk_pattern(const struct qi_indicator *, const long *vals);
/*
 * The expression of a Charlson index over the code lists
 * indicators/codes/charlson_*.csv (any_dx: main, trigger, resource and
 * comorbidity diagnoses, not complications), the caller's to g_free(),
 * and its largest value in *max.
 */
char		*qi_charlson_expr(enum qi_charlson, long *max);
extern const struct qi_name qi_charlson_names[];
/* Whether every covariate of ind is a flag. */
int		 qi_risk_flags_only(const struct qi_indicator *);
/*
 * Whether quarter q lies in ind's risk_model.reference (0 without one).
 */
int		 qi_risk_in_reference(const struct qi_indicator *,
		    struct qi_period q);
/*
 * risk_model.reference text: "FY2023..FY2025", "FY2024Q3..FY2025Q2" or
 * one period "FY2024", into its first and last quarters.  Returns 0, or
 * -1 (not of that form, or the end before the start).
 */
int		 qi_risk_reference_parse(const char *s, struct qi_period *from,
		    struct qi_period *to);
/*
 * Load ind->risk_coef_src (a path relative to the folder of ind's
 * definition file, defpath) into ind->risk_coef: the rows of ind's id,
 * one model whose terms are qi_risk_terms(ind) in order.  Every problem is
 * an error in diag (at the file's line and column); returns their number.
 */
size_t		 qi_riskcoef_load(struct qi_indicator *, const char *defpath,
		    struct qi_diag *);
void		 qi_riskcoef_free(struct qi_riskcoef *);
/* 100, 1000 or 1. */
double		 qi_unit_multiplier(enum qi_unit);
/* "%", "‰" or "" (UTF-8). */
const char	*qi_unit_symbol(enum qi_unit);


extern const struct qi_name qi_unit_names[];
extern const struct qi_name qi_direction_names[];
extern const struct qi_name qi_kind_names[];

/*
 * Means (kind mean).  Each stay's value (numerator.value) is a whole
 * number 0 .. QI_MEAN_VALUE_MAX; a tally keeps the stays (denominator),
 * the sum of the values (numerator) and the sum of their squares (the
 * exposure field and column: the second sum of a tally), all whole
 * numbers, summed exactly: a double holds every whole number below 2^53
 * and the sums are kept below it (QI_EXPOSURE_MAX for a hospital,
 * QI_POOL_MAX for a pool).  The interval is Student's t (qi_ci_mean(),
 * stats/location.c; specs/statistics.md, "Means").
 */
#define QI_MEAN_VALUE_MAX	1000000L	/* 10^6: squares below 10^12 */

extern const struct qi_name qi_mean_method_names[];	/* "t" */

/*
 * Medians (kind median).  Each stay's value (numerator.value) is a whole
 * number 0 .. numerator.max, at most QI_MEDIAN_VALUE_MAX; a tally keeps
 * the stays (denominator) and the sum of the values (numerator), and a
 * histogram -- stays per value, struct qi_pattern with the value as its
 * pattern -- which shards add.  The interval is from the order
 * statistics (qi_ci_median(), stats/location.c; specs/statistics.md,
 * "Medians").
 */
#define QI_MEDIAN_VALUE_MAX	100000L	/* 10^5 bins at most per tally */

extern const struct qi_name qi_median_method_names[];	/* "exact" */
/* The interval methods of a kind: qi_ci_method_names, ... */
const struct qi_name *qi_kind_methods(enum qi_kind);
/* The word of ind's interval method ("wilson", "exact", "t"). */
const char	*qi_indicator_method(const struct qi_indicator *);

/* ------------------------------------------------------ funnel settings */

/*
 * The funnel analysis's settings a definition fixes (its funnel: key;
 * specs/statistics.md#funnel-analysis-of-results).  Fill a config with
 * qi_funnelcfg_defaults(); NULL means the defaults.
 */
struct qi_funnelcfg {
	enum qi_funnel_method method;	/* limits at each volume (exact) */
	double		 inner, outer;	/* levels (0.95, 0.998) */
	enum qi_od_model od;		/* overdispersion model (none) */
	enum qi_funnel_scale scale;	/* of z and the widened limits (raw) */
	double		 od_test;	/* widen only when the test for
					   overdispersion rejects at this
					   level (0.05) */
	double		 trim;		/* winsorising of z (0.1) */
	long		 target_org;	/* target: pooled rate of this
					   organisation, -1 = both (default) */
	double		 target;	/* a fixed target, proportion; NaN
					   (default) = the pooled rate */
};

void	 qi_funnelcfg_defaults(struct qi_funnelcfg *);

#endif /* QI_DEFS_H */
