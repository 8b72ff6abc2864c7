/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * riskdef.c -- what a definition's risk_model says beyond its covariates:
 * the terms of the model and the design row of a covariate pattern, the
 * reference periods it is fitted on (risk_model.reference), and a model
 * fixed by a file of coefficients (risk_model.coefficients).
 *
 * SPEC: specs/definitions.md#25-risk-model
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "csvread.h"
#include "defs.h"

char **
qi_risk_terms(const struct qi_indicator *ind, size_t *p)
{
	const struct qi_covariate *c;
	GPtrArray *v = g_ptr_array_new();
	size_t j;
	long l;

	g_ptr_array_add(v, g_strdup("(intercept)"));
	for (j = 0; j < ind->ncovariates; j++) {
		c = &ind->covariates[j];
		if (c->kind != QI_COVAR_CATEGORY) {
			g_ptr_array_add(v, g_strdup(c->name));
			continue;
		}
		for (l = c->min; l <= c->max; l++)
			if (l != c->reference)
				g_ptr_array_add(v, g_strdup_printf("%s=%ld",
				    c->name, l));
	}
	*p = v->len;
	g_ptr_array_add(v, NULL);
	return (char **)g_ptr_array_free(v, FALSE);
}

long
qi_risk_value(const struct qi_covariate *c, unsigned long pattern)
{
	unsigned long d = (pattern / c->mult) % c->nval;

	return c->kind == QI_COVAR_FLAG ? (long)d : c->min + (long)d;
}

void
qi_risk_row(const struct qi_indicator *ind, unsigned long pattern, double *x)
{
	const struct qi_covariate *c;
	size_t j, k = 1;
	long l, v;

	x[0] = 1.0;
	for (j = 0; j < ind->ncovariates; j++) {
		c = &ind->covariates[j];
		v = qi_risk_value(c, pattern);
		if (c->kind != QI_COVAR_CATEGORY) {
			x[k++] = (double)v;
			continue;
		}
		for (l = c->min; l <= c->max; l++)
			if (l != c->reference)
				x[k++] = v == l ? 1.0 : 0.0;
	}
}

int
qi_risk_digit(const struct qi_covariate *c, double v, unsigned long *digit)
{
	if (c->kind == QI_COVAR_FLAG) {
		*digit = v == 1.0;
		return 0;
	}
	if (isnan(v) || v != floor(v))
		return -1;
	if (c->kind == QI_COVAR_CATEGORY && (v < (double)c->min ||
	    v > (double)c->max))
		return -1;
	v = fmin(fmax(v, (double)c->min), (double)c->max);
	*digit = (unsigned long)(v - (double)c->min);
	return 0;
}

long
qi_risk_pattern(const struct qi_indicator *ind, const long *vals)
{
	const struct qi_covariate *c;
	unsigned long pat = 0;
	size_t j;

	for (j = 0; j < ind->ncovariates; j++) {
		c = &ind->covariates[j];
		if (c->kind == QI_COVAR_FLAG ? vals[j] != 0 && vals[j] != 1 :
		    vals[j] < c->min || vals[j] > c->max)
			return -1;
		pat += (unsigned long)(c->kind == QI_COVAR_FLAG ? vals[j] :
		    vals[j] - c->min) * c->mult;
	}
	return (long)pat;
}

int
qi_risk_flags_only(const struct qi_indicator *ind)
{
	size_t j;

	for (j = 0; j < ind->ncovariates; j++)
		if (ind->covariates[j].kind != QI_COVAR_FLAG)
			return 0;
	return 1;
}

const struct qi_name qi_charlson_names[] = {
	{ "quan2011", QI_CHARLSON_QUAN2011 },
	{ "charlson1987", QI_CHARLSON_1987 },
	{ NULL, 0 }
};

/*
 * The Charlson comorbidity index.  Conditions: Quan H, Sundararajan V,
 * Halfon P, et al.  Coding algorithms for defining comorbidities in
 * ICD-9-CM and ICD-10 administrative data.  Med Care 2005;43(11):1130-9,
 * Table 1 (the ICD-10 column of the Charlson conditions), one code list
 * per condition in indicators/codes/charlson_NAME.csv.  Weights: Quan H,
 * Li B, Couris CM, et al.  Updating and validating the Charlson
 * comorbidity index and score for risk adjustment in hospital discharge
 * abstracts using data from 6 countries.  Am J Epidemiol 2011;173(6):
 * 676-82, Table 3 (0..24), or Charlson ME, Pompei P, Ales KL, MacKenzie
 * CR.  A new method of classifying prognostic comorbidity in
 * longitudinal studies.  J Chronic Dis 1987;40(5):373-83 (0..29).  A
 * condition with a more severe form counts once, as the severe one:
 * mild liver disease under moderate or severe, diabetes under diabetes
 * with chronic complication, any malignancy under metastatic solid
 * tumour (the usual hierarchy, as R's comorbidity package applies it).
 */
struct charlson_cond {
	const char	*list;		/* charlson_NAME */
	int		 w2011, w1987;	/* weights */
	const char	*severe;	/* the form it counts under, or NULL */
};

static const struct charlson_cond charlson_conds[] = {
	{ "charlson_mi", 0, 1, NULL },
	{ "charlson_chf", 2, 1, NULL },
	{ "charlson_pvd", 0, 1, NULL },
	{ "charlson_cevd", 0, 1, NULL },
	{ "charlson_dementia", 2, 1, NULL },
	{ "charlson_cpd", 1, 1, NULL },
	{ "charlson_rheum", 1, 1, NULL },
	{ "charlson_pud", 0, 1, NULL },
	{ "charlson_mld", 2, 1, "charlson_msld" },
	{ "charlson_diab", 0, 1, "charlson_diabcc" },
	{ "charlson_diabcc", 1, 2, NULL },
	{ "charlson_hp", 2, 2, NULL },
	{ "charlson_renal", 1, 2, NULL },
	{ "charlson_cancer", 2, 2, "charlson_mets" },
	{ "charlson_msld", 4, 3, NULL },
	{ "charlson_mets", 6, 6, NULL },
	{ "charlson_aids", 4, 6, NULL },
};

char *
qi_charlson_expr(enum qi_charlson scheme, long *max)
{
	const struct charlson_cond *c;
	GString *g = g_string_new(NULL);
	size_t i;
	int w;

	*max = 0;
	for (i = 0; i < G_N_ELEMENTS(charlson_conds); i++) {
		c = &charlson_conds[i];
		w = scheme == QI_CHARLSON_1987 ? c->w1987 : c->w2011;
		if (w == 0)
			continue;
		g_string_append(g, g->len > 0 ? " + " : "");
		if (c->severe != NULL)
			g_string_append_printf(g, "if(any_dx(%s), 0, "
			    "if(any_dx(%s), %d, 0))", c->severe, c->list, w);
		else
			g_string_append_printf(g, "if(any_dx(%s), %d, 0)",
			    c->list, w);
		*max += c->severe != NULL ? 0 : w;
	}
	return g_string_free(g, FALSE);
}

/* "FY2024" or "FY2024Q1" (any case), nothing else. */
static int
fiscal_label(const char *s, size_t len, struct qi_period *p)
{
	char buf[16];

	if (len < 6 || len >= sizeof(buf) || g_ascii_strncasecmp(s, "FY", 2))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return qi_period_parse(buf, p);
}

int
qi_risk_reference_parse(const char *s, struct qi_period *from,
    struct qi_period *to)
{
	const char *dots = strstr(s, "..");
	size_t la = dots != NULL ? (size_t)(dots - s) : strlen(s);

	if (fiscal_label(s, la, from) != 0)
		return -1;
	if (dots == NULL)
		*to = *from;
	else if (fiscal_label(dots + 2, strlen(dots + 2), to) != 0)
		return -1;
	/* A year runs from its first quarter to its last. */
	if (from->q == 0)
		from->q = 1;
	if (to->q == 0)
		to->q = 4;
	return qi_period_cmp(*from, *to) > 0 ? -1 : 0;
}

int
qi_risk_in_reference(const struct qi_indicator *ind, struct qi_period q)
{
	return ind->risk_reference != NULL && q.q != 0 &&
	    qi_period_cmp(q, ind->ref_from) >= 0 &&
	    qi_period_cmp(q, ind->ref_to) <= 0;
}

void
qi_riskcoef_free(struct qi_riskcoef *c)
{
	if (c == NULL)
		return;
	g_free(c->path);
	g_free(c->reference);
	g_free(c->beta);
	g_free(c->se);
	g_free(c);
}

/* Columns of a coefficients file (output.md, risk_models.csv). */
enum { C_IND, C_VER, C_REF, C_TERM, C_COEF, C_SE, C_STAYS, C_EVENTS };
static const struct qi_csvcol coef_cols[] = {
	{ "indicator", 1 }, { "version", 0 }, { "reference", 1 },
	{ "term", 1 }, { "coefficient", 1 }, { "se", 0 }, { "stays", 0 },
	{ "events", 0 }
};

/*
 * Stays or events of a row: empty (NaN) or a whole number; the same on
 * every row of the model (*v NaN-or-set by the first row, *seen).
 */
static void
count_field(struct qi_csv *csv, const char *const *f, size_t col,
    const char *what, int first, double *v)
{
	double x = NAN;
	long n;

	if (f[col] != NULL && f[col][0] != '\0') {
		if (qi_csv_count(csv, f, col, what, QI_POOL_MAX, &n) != 0)
			return;
		x = (double)n;
	}
	if (first)
		*v = x;
	else if (!(x == *v || (isnan(x) && isnan(*v))))
		qi_csv_error(csv, col, "every row of a model gives its "
		    "reference population once", "%s differs from the "
		    "model's first row", what);
}

size_t
qi_riskcoef_load(struct qi_indicator *ind, const char *defpath,
    struct qi_diag *diag)
{
	struct qi_csvcfg cfg;
	struct qi_csv *csv;
	struct qi_riskcoef *c;
	const char *const *f;
	char **terms, *dir, *want, *hint;
	size_t p, i = 0, errors;
	double v;
	int rc;

	c = g_new0(struct qi_riskcoef, 1);
	dir = g_path_get_dirname(defpath);
	c->path = g_path_is_absolute(ind->risk_coef_src) ?
	    g_strdup(ind->risk_coef_src) : g_build_filename(dir,
	    ind->risk_coef_src, NULL);
	g_free(dir);
	terms = qi_risk_terms(ind, &p);
	want = g_strjoinv(",", terms);
	c->p = p;
	c->beta = g_new(double, p);
	c->se = g_new(double, p);
	c->stays = c->events = NAN;
	qi_csvcfg_defaults(&cfg);
	if ((csv = qi_csv_open(c->path, coef_cols, G_N_ELEMENTS(coef_cols),
	    &cfg, diag)) == NULL) {
		errors = 1;
		goto out;
	}
	while ((rc = qi_csv_next(csv, &f)) > 0) {
		if (strcmp(f[C_IND], ind->id) != 0)
			continue;	/* another indicator's model */
		if (i == 0)
			c->reference = g_strdup(f[C_REF]);
		else if (strcmp(f[C_REF], c->reference) != 0) {
			qi_csv_error(csv, C_REF, "keep the rows of the one "
			    "model to apply", "a second model of '%s' (%s; "
			    "the first is %s)", ind->id, f[C_REF],
			    c->reference);
			continue;
		} else if (i >= p) {
			qi_csv_error(csv, C_TERM, "keep the rows of the one "
			    "model to apply", "more rows of '%s' than its %zu "
			    "terms (%s)", ind->id, p, want);
			continue;
		}
		if (strcmp(f[C_TERM], terms[i]) != 0) {
			hint = g_strdup_printf("the terms of this model, in "
			    "order: %s", want);
			qi_csv_error(csv, C_TERM, hint, "term '%s' where the "
			    "model has '%s'", f[C_TERM], terms[i]);
			g_free(hint);
			i++;
			continue;
		}
		if (qi_field_real(f[C_COEF], &c->beta[i]) != 0)
			qi_csv_error(csv, C_COEF, "a coefficient in log-odds, "
			    "e.g. -2.5 or 1e-3", "bad coefficient '%s'",
			    f[C_COEF]);
		c->se[i] = NAN;
		if (f[C_SE] != NULL && f[C_SE][0] != '\0') {
			if (qi_field_real(f[C_SE], &v) != 0 || v < 0.0)
				qi_csv_error(csv, C_SE, "a standard error, "
				    "0 or more, or empty", "bad standard "
				    "error '%s'", f[C_SE]);
			else
				c->se[i] = v;
		}
		count_field(csv, f, C_STAYS, "stays", i == 0, &c->stays);
		count_field(csv, f, C_EVENTS, "events", i == 0, &c->events);
		i++;
	}
	errors = qi_csv_errors(csv) + (rc < 0);
	if (rc == 0 && errors == 0 && i != p) {
		qi_diag_add(diag, QI_ERROR, c->path, 0, 0, i == 0 ?
		    "write the model with qi compute (risk_models.csv), or "
		    "add its rows" : "give every term of the model",
		    i == 0 ? "no coefficients of '%s'" : "the model of '%s' "
		    "has %zu of its %zu terms (%s)", ind->id, i, p, want);
		errors++;
	}
	if (errors == 0 && !isnan(c->stays) && (isnan(c->events) ||
	    c->events > c->stays)) {
		qi_diag_add(diag, QI_ERROR, c->path, 0, 0, "events are stays "
		    "with the event", "the model of '%s' has %.0f events in "
		    "%.0f stays", ind->id, c->events, c->stays);
		errors++;
	}
	qi_csv_close(csv);
out:
	g_strfreev(terms);
	g_free(want);
	if (errors == 0)
		ind->risk_coef = c;
	else
		qi_riskcoef_free(c);
	return errors;
}
