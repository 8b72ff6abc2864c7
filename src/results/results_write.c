/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * results_write.c -- results as CSV and JSON (specs/output.md), and the
 * SHA-256 of input files for the manifest.  Writers see only published
 * results: suppression happened in qi_compute().
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "emit.h"
#include "results.h"


const char *const qi_result_columns[QI_RESULT_COLUMNS] = {
	"indicator", "version", "period", "scope", "organisation",
	"hospital", "hospital_name", "numerator", "denominator", "rate",
	"lower", "upper", "unit", "method", "level", "status", "exposure",
	"expected", "ratio", "ratio_lower", "ratio_upper", "adj_rate",
	"adj_lower", "adj_upper"
};

static void
cell_text(struct qi_cell *c, const char *s)
{
	c->kind = s != NULL ? QI_CELL_TEXT : QI_CELL_EMPTY;
	c->text = s;
}

/* A count; a negative one (withheld) is empty. */
static void
cell_count(struct qi_cell *c, long v)
{
	c->kind = v >= 0 ? QI_CELL_COUNT : QI_CELL_EMPTY;
	c->v = (double)v;
}

/* A real; NaN (withheld, undefined) is empty. */
static void
cell_real(struct qi_cell *c, double v)
{
	c->kind = isnan(v) ? QI_CELL_EMPTY : QI_CELL_REAL;
	c->v = v;
}

void
qi_result_cells(const struct qi_results *res, size_t i, char period[16],
    struct qi_cell out[QI_RESULT_COLUMNS])
{
	const struct qi_registry *reg = res->reg;
	const struct qi_result *r = &res->v[i];
	const struct qi_indicator *ind = &res->defs->v[r->indicator];
	const struct qi_hospital *h = r->hospital >= 0 ?
	    &reg->hosps[r->hospital] : NULL;
	/* the risk-adjusted columns: only a published result has them
	   (compute.c clears the others, and a result from elsewhere is
	   checked here again) */
	const double risk[] = { r->expected, r->ratio, r->ratio_lower,
	    r->ratio_upper, r->adj_rate, r->adj_lower, r->adj_upper };
	size_t k;

	qi_period_format(r->period, period, 16);
	cell_text(&out[0], ind->id);
	cell_count(&out[1], ind->version);
	cell_text(&out[2], period);
	cell_text(&out[3], qi_name_of(qi_scope_names, (int)r->scope));
	cell_text(&out[4], r->org >= 0 ? reg->orgs[r->org].code : NULL);
	cell_text(&out[5], h != NULL ? h->id : NULL);
	cell_text(&out[6], h != NULL ? h->name_ja : NULL);
	cell_count(&out[7], r->numerator);
	cell_count(&out[8], r->denominator);
	cell_real(&out[9], r->rate);
	cell_real(&out[10], r->lower);
	cell_real(&out[11], r->upper);
	cell_text(&out[12], qi_name_of(qi_unit_names, (int)ind->unit));
	cell_text(&out[13], qi_indicator_method(ind));
	out[14].kind = QI_CELL_LEVEL;
	out[14].v = ind->level;
	cell_text(&out[15], qi_name_of(qi_status_names, (int)r->status));
	cell_real(&out[16], r->status == QI_STATUS_OK ||
	    r->status == QI_STATUS_EMPTY ? r->exposure : NAN);
	for (k = 0; k < sizeof(risk) / sizeof(risk[0]); k++)
		cell_real(&out[17 + k], r->status == QI_STATUS_OK ? risk[k] :
		    NAN);
}

/*
 * The rows of res as CSV, every text cell (ids, names, periods and
 * words) through text(): qi_emit_csv_field for results.csv as qi reads
 * it back, qi_emit_csv_text for a spreadsheet.
 */
static enum qi_err
write_csv(const struct qi_results *res, FILE *fp,
    void (*text)(FILE *, const char *))
{
	struct qi_cell c[QI_RESULT_COLUMNS];
	char period[16];
	size_t i, k;

	for (k = 0; k < QI_RESULT_COLUMNS; k++)
		fprintf(fp, "%s%s", k ? "," : "", qi_result_columns[k]);
	putc('\n', fp);
	for (i = 0; i < res->n; i++) {
		qi_result_cells(res, i, period, c);
		for (k = 0; k < QI_RESULT_COLUMNS; k++) {
			if (k > 0)
				putc(',', fp);
			if (c[k].kind == QI_CELL_TEXT)
				text(fp, c[k].text);
			else if (c[k].kind == QI_CELL_COUNT)
				fprintf(fp, "%ld", (long)c[k].v);
			else if (c[k].kind == QI_CELL_REAL)
				fprintf(fp, "%.15g", c[k].v);
			else if (c[k].kind == QI_CELL_LEVEL)
				fprintf(fp, "%g", c[k].v);
		}
		putc('\n', fp);
	}
	return ferror(fp) ? QI_ESYS : QI_OK;
}

enum qi_err
qi_results_write_csv(const struct qi_results *res, FILE *fp)
{
	return write_csv(res, fp, qi_emit_csv_field);
}

/*
 * A UTF-8 byte order mark first: without it Japanese Excel reads the file
 * as CP932 and shows mojibake.  qi's reader skips it (csvread.c).
 */
enum qi_err
qi_results_write_download_csv(const struct qi_results *res, FILE *fp)
{
	fputs("\xEF\xBB\xBF", fp);
	return write_csv(res, fp, qi_emit_csv_text);
}

/*
 * JSON is written by hand rather than through json-glib: its generator
 * prints every double with 17 significant digits (0.95 becomes
 * 0.94999999999999996), and results.json must carry the same digits as
 * results.csv.
 */
static void
json_count(FILE *fp, long v)
{
	if (v >= 0)
		fprintf(fp, "%ld", v);
	else
		fputs("null", fp);
}

/* One "name": member; first says whether a comma goes before it. */
static void
json_key(FILE *fp, const char *name, int first, const char *indent)
{
	fprintf(fp, "%s\n%s\"%s\": ", first ? "" : ",", indent, name);
}

/* The risk-adjusted members of a result; null unless published. */
static void
json_risk(FILE *fp, const struct qi_result *r, const char *indent)
{
	static const char *const names[] = { "expected", "ratio",
	    "ratio_lower", "ratio_upper", "adj_rate", "adj_lower",
	    "adj_upper" };
	const double v[] = { r->expected, r->ratio, r->ratio_lower,
	    r->ratio_upper, r->adj_rate, r->adj_lower, r->adj_upper };
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		json_key(fp, names[i], 0, indent);
		qi_emit_json_real(fp, r->status == QI_STATUS_OK ? v[i] : NAN,
		    15);
	}
}

static void
json_reals(FILE *fp, const double *v, size_t n)
{
	size_t i;

	putc('[', fp);
	for (i = 0; i < n; i++) {
		if (i)
			fputs(", ", fp);
		qi_emit_json_real(fp, v[i], 15);
	}
	putc(']', fp);
}

/*
 * Whether the reference counts (stays, events, rate) of model m may be
 * written: they are both organisations' pooled counts of its periods, so
 * only when each period's pooled result is published (for a reference of
 * several quarters, every quarter's), or as read from a coefficients
 * file (already published by whoever wrote it).
 */
static int
counts_shown(const struct qi_results *res,
    const struct qi_riskfit *m)
{
	const struct qi_indicator *ind = &res->defs->v[m->indicator];
	const struct qi_result *all;
	struct qi_period q;

	if (m->from == QI_RISK_FILE)
		return 1;
	if (m->from == QI_RISK_PERIOD) {
		all = qi_results_find(res, m->indicator, m->period,
		    QI_SCOPE_ALL, -1, -1);
		return all != NULL && all->status == QI_STATUS_OK;
	}
	for (q = ind->ref_from; qi_period_cmp(q, ind->ref_to) <= 0;) {
		all = qi_results_find(res, m->indicator, q, QI_SCOPE_ALL, -1,
		    -1);
		if (all == NULL || all->status != QI_STATUS_OK)
			return 0;
		if (++q.q > 4) {
			q.q = 1;
			q.fy++;
		}
	}
	return 1;
}

/*
 * risk_models.csv: the coefficients of every model fitted or read, one
 * row per term (specs/output.md), the file risk_model.coefficients loads.
 */
enum qi_err
qi_results_write_models_csv(const struct qi_results *res, FILE *fp)
{
	char **terms;
	size_t i, j, p;
	int shown;

	fputs("indicator,version,reference,term,coefficient,se,stays,"
	    "events\n", fp);
	for (i = 0; i < res->nmodels; i++) {
		const struct qi_riskfit *m = &res->models[i];
		const struct qi_indicator *ind = &res->defs->v[m->indicator];
		const struct qi_logit *f = m->fit;

		if (f == NULL)
			continue;
		shown = counts_shown(res, m) && !isnan(f->stays);
		terms = qi_risk_terms(ind, &p);
		for (j = 0; j < p && j < f->p; j++) {
			qi_emit_csv_field(fp, ind->id);
			fprintf(fp, ",%ld,", ind->version);
			qi_emit_csv_field(fp, m->reference);
			putc(',', fp);
			qi_emit_csv_field(fp, terms[j]);
			fprintf(fp, ",%.17g,", f->beta[j]);
			if (!isnan(f->se[j]))
				fprintf(fp, "%.17g", f->se[j]);
			if (shown)
				fprintf(fp, ",%.0f,%.0f\n", f->stays,
				    f->events);
			else
				fputs(",,\n", fp);
		}
		g_strfreev(terms);
	}
	return ferror(fp) ? QI_ESYS : QI_OK;
}

/* The risk models: one per indicator and period fitted (or tried). */
static void
json_models(FILE *fp, const struct qi_results *res)
{
	const char *in = "        ";
	char **terms;
	size_t i, j, p;
	int pub;

	json_key(fp, "risk_models", 0, "    ");
	fputs("[", fp);
	for (i = 0; i < res->nmodels; i++) {
		const struct qi_riskfit *m = &res->models[i];
		const struct qi_indicator *ind = &res->defs->v[m->indicator];
		const struct qi_logit *f = m->fit;

		fprintf(fp, "%s\n      {", i ? "," : "");
		json_key(fp, "indicator", 1, in);
		qi_emit_json_string(fp, ind->id);
		/* A model of one period, or of every period from elsewhere. */
		json_key(fp, m->from == QI_RISK_PERIOD ? "period" :
		    "reference", 0, in);
		qi_emit_json_string(fp, m->reference);
		if (m->from != QI_RISK_PERIOD) {
			json_key(fp, "source", 0, in);
			qi_emit_json_string(fp, m->from == QI_RISK_FILE ?
			    "file" : "reference");
		}
		json_key(fp, "fitted", 0, in);
		fputs(f != NULL ? "true" : "false", fp);
		json_key(fp, "covariates", 0, in);
		terms = qi_risk_terms(ind, &p);
		for (j = 0; j < p; j++) {
			fputs(j ? ", " : "[", fp);
			qi_emit_json_string(fp, terms[j]);
		}
		g_strfreev(terms);
		putc(']', fp);
		if (f != NULL) {
			json_key(fp, "coefficients", 0, in);
			json_reals(fp, f->beta, f->p);
			json_key(fp, "se", 0, in);
			json_reals(fp, f->se, f->p);
			json_key(fp, "iterations", 0, in);
			fprintf(fp, "%d", f->iterations);
			json_key(fp, "converged", 0, in);
			fputs(f->converged ? "true" : "false", fp);
			json_key(fp, "separation", 0, in);
			fputs(f->separation ? "true" : "false", fp);
			json_key(fp, "deviance", 0, in);
			qi_emit_json_real(fp, f->deviance, 15);
			json_key(fp, "null_deviance", 0, in);
			qi_emit_json_real(fp, f->null_deviance, 15);
			json_key(fp, "aic", 0, in);
			qi_emit_json_real(fp, f->aic, 15);
			json_key(fp, "c_statistic", 0, in);
			qi_emit_json_real(fp, f->c_stat, 15);
			/*
			 * The reference counts are both organisations'
			 * pooled result: shown only if that is published.
			 */
			pub = counts_shown(res, m);
			json_key(fp, "stays", 0, in);
			qi_emit_json_real(fp, pub ? f->stays : NAN, 15);
			json_key(fp, "events", 0, in);
			qi_emit_json_real(fp, pub ? f->events : NAN, 15);
			json_key(fp, "rate", 0, in);
			qi_emit_json_real(fp, pub ? f->rate : NAN, 15);
		}
		fputs("\n      }", fp);
	}
	fputs(res->nmodels ? "\n    ]" : "]", fp);
}

static void
json_manifest(FILE *fp, const struct qi_results *res,
    const struct qi_input *in, size_t nin)
{
	size_t i;
	char *base, label[16];

	fputs("  \"manifest\": {", fp);
	json_key(fp, "qi_version", 1, "    ");
	qi_emit_json_string(fp, qi_version());
	json_key(fp, "definitions", 0, "    ");
	fputs("[", fp);
	for (i = 0; i < res->defs->n; i++) {
		const struct qi_indicator *ind = &res->defs->v[i];
		fprintf(fp, "%s\n      {\"id\": ", i ? "," : "");
		qi_emit_json_string(fp, ind->id);
		fprintf(fp, ", \"version\": %ld, \"sha256\": ", ind->version);
		qi_emit_json_string(fp, ind->sha256);
		if (ind->has_effective) {
			/* A trend across this period changes method. */
			qi_period_format(ind->effective, label, sizeof(label));
			fputs(", \"effective\": ", fp);
			qi_emit_json_string(fp, label);
		}
		fputs("}", fp);
	}
	fputs("\n    ]", fp);
	if (res->variant != NULL) {
		json_key(fp, "variant", 0, "    ");
		qi_emit_json_string(fp, res->variant);
	}
	if (res->skipped != NULL) {
		json_key(fp, "skipped_rows", 0, "    ");
		fputs("[", fp);
		for (i = 0; i < res->nskipped; i++) {
			fprintf(fp, "%s\n      {\"file\": ", i ? "," : "");
			qi_emit_json_string(fp, res->skipped[i].file);
			fputs(", \"reason\": ", fp);
			qi_emit_json_string(fp, res->skipped[i].reason);
			fprintf(fp, ", \"rows\": %ld}", res->skipped[i].rows);
		}
		fputs(res->nskipped ? "\n    ]" : "]", fp);
	}
	if (res->nmodels > 0)
		json_models(fp, res);
	json_key(fp, "inputs", 0, "    ");
	fputs("[", fp);
	for (i = 0; i < nin; i++) {
		base = g_path_get_basename(in[i].path);
		fprintf(fp, "%s\n      {\"role\": ", i ? "," : "");
		qi_emit_json_string(fp, in[i].role);
		fputs(", \"file\": ", fp);
		qi_emit_json_string(fp, base);
		fputs(", \"sha256\": ", fp);
		qi_emit_json_string(fp, in[i].sha256);
		fputs("}", fp);
		g_free(base);
	}
	fputs("\n    ]\n  }", fp);
}

enum qi_err
qi_results_write_json(const struct qi_results *res,
    const struct qi_input *in, size_t nin, FILE *fp)
{
	const struct qi_registry *reg = res->reg;
	const char *ind_ = "      ";
	char period[16];
	size_t i;

	fputs("{\n", fp);
	json_manifest(fp, res, in, nin);
	fputs(",\n  \"results\": [", fp);
	for (i = 0; i < res->n; i++) {
		const struct qi_result *r = &res->v[i];
		const struct qi_indicator *ind = &res->defs->v[r->indicator];

		qi_period_format(r->period, period, sizeof(period));
		fprintf(fp, "%s\n    {", i ? "," : "");
		json_key(fp, "indicator", 1, ind_);
		qi_emit_json_string(fp, ind->id);
		json_key(fp, "version", 0, ind_);
		json_count(fp, ind->version);
		json_key(fp, "period", 0, ind_);
		qi_emit_json_string(fp, period);
		json_key(fp, "scope", 0, ind_);
		qi_emit_json_string(fp, qi_name_of(qi_scope_names, (int)r->scope));
		json_key(fp, "organisation", 0, ind_);
		qi_emit_json_string(fp, r->org >= 0 ? reg->orgs[r->org].code : NULL);
		json_key(fp, "hospital", 0, ind_);
		qi_emit_json_string(fp, r->hospital >= 0 ? reg->hosps[r->hospital].id :
		    NULL);
		json_key(fp, "hospital_name", 0, ind_);
		qi_emit_json_string(fp, r->hospital >= 0 ?
		    reg->hosps[r->hospital].name_ja : NULL);
		json_key(fp, "numerator", 0, ind_);
		json_count(fp, r->numerator);
		json_key(fp, "denominator", 0, ind_);
		json_count(fp, r->denominator);
		json_key(fp, "rate", 0, ind_);
		qi_emit_json_real(fp, r->rate, 15);
		json_key(fp, "lower", 0, ind_);
		qi_emit_json_real(fp, r->lower, 15);
		json_key(fp, "upper", 0, ind_);
		qi_emit_json_real(fp, r->upper, 15);
		json_key(fp, "unit", 0, ind_);
		qi_emit_json_string(fp, qi_name_of(qi_unit_names, (int)ind->unit));
		json_key(fp, "method", 0, ind_);
		qi_emit_json_string(fp, qi_indicator_method(ind));
		json_key(fp, "level", 0, ind_);
		qi_emit_json_real(fp, ind->level, 15);
		json_key(fp, "status", 0, ind_);
		qi_emit_json_string(fp, qi_name_of(qi_status_names, (int)r->status));
		if (ind->kind == QI_KIND_RATE) {
			json_key(fp, "exposure", 0, ind_);
			qi_emit_json_real(fp, r->status == QI_STATUS_OK ||
			    r->status == QI_STATUS_EMPTY ? r->exposure : NAN, 15);
		}
		if (ind->ncovariates > 0)
			json_risk(fp, r, ind_);
		fputs("\n    }", fp);
	}
	fputs("\n  ]\n}\n", fp);
	return ferror(fp) ? QI_ESYS : QI_OK;
}
