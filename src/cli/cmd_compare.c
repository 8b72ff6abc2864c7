/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_compare.c -- qi compare: published results side by side, with the
 * difference of the two rates, its interval and tests, for researchers.
 *
 *   (no --hospital)          each organisation against the other
 *   --hospital A             A against the rest of its organisation
 *   --hospital A --hospital B   A against B
 *
 * Only published results are compared: a side whose counts the
 * publication rules withhold is shown as withheld, never estimated.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cmd.h"
#include "cmd_usage.h"
#include "emit.h"
#include "table.h"

/* One side of a comparison: published counts, or why there are none. */
struct side {
	char		*label;		/* owned: "ID name", for the table */
	const char	*id;		/* organisation code or hospital id */
	char		*name;		/* owned: its name, or what the side
					   is ("NHO (other hospitals)") */
	long		 x, n;		/* -1 when withheld */
	double		 t;		/* exposure of a rate indicator, the
					   expected count of a risk-adjusted
					   one; NaN otherwise or when
					   withheld */
	const char	*why;		/* status name when withheld, else NULL */
	double		 median;	/* kind median: the published median;
					   NaN otherwise */
};

struct cmp_row {
	size_t			 indicator;
	int			 rate;	/* a rate indicator, or a risk-
					   adjusted one (x/t is O/E): compared
					   by the ratio of the rates, not c */
	struct side		 a, b;
	struct qi_compare	 c;
	double			 rr, rr_lo, rr_hi, rr_p; /* rate ratio a/b */
	int			 ok;	/* c (or rr) is filled */
};

/* The latest fiscal year (q = 0) among the results. */
static int
latest_year(const struct qi_results *res, struct qi_period *p)
{
	size_t i;
	int found = 0;

	for (i = 0; i < res->n; i++)
		if (res->v[i].period.q == 0 && (!found ||
		    qi_period_cmp(res->v[i].period, *p) > 0)) {
			*p = res->v[i].period;
			found = 1;
		}
	return found ? 0 : -1;
}

/*
 * Fill a side from a result (or its absence).  A risk-adjusted
 * indicator's side holds its expected count as t, so that x/t is its
 * O/E and two sides compare by the ratio of their O/E (the Poisson
 * comparison of two indirectly standardised ratios).  A median's side
 * (median set) holds its published median.
 */
static void
side_set(struct side *s, const char *id, char *name,
    const struct qi_result *r, int adjusted, int median)
{
	s->id = id;
	s->name = name;
	s->label = g_strdup_printf("%s %s", id, name);
	s->x = s->n = -1;
	s->t = s->median = NAN;
	s->why = NULL;
	if (r == NULL)
		s->why = "no data";
	else if (r->status != QI_STATUS_OK || r->numerator < 0 ||
	    r->denominator <= 0)
		s->why = qi_name_of(qi_status_names, (int)r->status);
	else if (adjusted && !(r->expected > 0.0))
		s->why = "no expected count";
	else {
		s->x = r->numerator;
		s->n = r->denominator;
		s->t = adjusted ? r->expected : r->exposure;
		if (median)
			s->median = r->rate;
	}
}

/*
 * The rows for one indicator: organisation against organisation, a
 * hospital against the rest of its organisation, or two hospitals.
 */
static void
rows_for(const struct qi_results *res, size_t ind, struct qi_period per,
    const long *hosp, size_t nhosp, GArray *rows)
{
	const struct qi_registry *reg = res->reg;
	const struct qi_result *ra, *rb;
	struct cmp_row row;
	size_t i, j;
	int adj = qi_indicator_adjusted(&res->defs->v[ind]);
	int med = res->defs->v[ind].kind == QI_KIND_MEDIAN;

	if (nhosp == 0) {
		for (i = 0; i < reg->norgs; i++)
			for (j = i + 1; j < reg->norgs; j++) {
				memset(&row, 0, sizeof(row));
				row.indicator = ind;
				side_set(&row.a, reg->orgs[i].code,
				    g_strdup(qi_org_name(&reg->orgs[i], 0)),
				    qi_results_find(res, ind, per, QI_SCOPE_ORG,
				    (long)i, -1), adj, med);
				side_set(&row.b, reg->orgs[j].code,
				    g_strdup(qi_org_name(&reg->orgs[j], 0)),
				    qi_results_find(res, ind, per, QI_SCOPE_ORG,
				    (long)j, -1), adj, med);
				g_array_append_val(rows, row);
			}
		return;
	}
	memset(&row, 0, sizeof(row));
	row.indicator = ind;
	ra = qi_results_find(res, ind, per, QI_SCOPE_HOSPITAL, -1, hosp[0]);
	side_set(&row.a, reg->hosps[hosp[0]].id,
	    g_strdup(qi_hospital_name(&reg->hosps[hosp[0]], 0)), ra, adj, med);
	if (nhosp == 2) {
		rb = qi_results_find(res, ind, per, QI_SCOPE_HOSPITAL, -1, hosp[1]);
		side_set(&row.b, reg->hosps[hosp[1]].id,
		    g_strdup(qi_hospital_name(&reg->hosps[hosp[1]], 0)), rb,
		    adj, med);
	} else {
		size_t org = reg->hosps[hosp[0]].org;

		/* The rest of the organisation: its pool minus the hospital. */
		rb = qi_results_find(res, ind, per, QI_SCOPE_ORG, (long)org, -1);
		side_set(&row.b, reg->orgs[org].code, g_strdup_printf(
		    "%s (other hospitals)", reg->orgs[org].code), rb, adj, med);
		if (row.b.why == NULL && row.a.why != NULL)
			row.b.why = "hospital withheld";
		else if (row.b.why == NULL && !isnan(row.b.median))
			row.b.why = "no median of the others";
		else if (row.b.why == NULL) {
			row.b.x -= row.a.x;
			row.b.n -= row.a.n;
			row.b.t -= row.a.t;
			if (row.b.n <= 0)
				row.b.why = "no other hospital";
		}
		if (row.b.why != NULL) {
			row.b.x = row.b.n = -1;
			row.b.t = NAN;
		}
	}
	g_array_append_val(rows, row);
}

static void
compare_rows(const struct qi_results *res, GArray *rows, double level)
{
	struct cmp_row *r;
	size_t i;

	for (i = 0; i < rows->len; i++) {
		r = &g_array_index(rows, struct cmp_row, i);
		r->rate = res->defs->v[r->indicator].kind == QI_KIND_RATE ||
		    qi_indicator_adjusted(&res->defs->v[r->indicator]);
		r->rr = r->rr_lo = r->rr_hi = r->rr_p = NAN;
		if (r->a.why != NULL || r->b.why != NULL)
			r->ok = 0;
		else if (r->rate)
			r->ok = r->a.t > 0 && r->b.t > 0 && qi_rate_ratio(
			    (double)r->a.x, r->a.t, (double)r->b.x, r->b.t,
			    level, &r->rr, &r->rr_lo, &r->rr_hi, &r->rr_p) == 0;
		else
			r->ok = qi_compare_proportions((double)r->a.x,
			    (double)r->a.n, (double)r->b.x, (double)r->b.n,
			    level, &r->c) == 0;
	}
}

/* ---------------------------------------------------------- writers */

/*
 * A side's rate: per patient, or per unit of exposure; NaN if withheld
 * or undefined (no exposure).
 */
static double
side_rate(const struct side *s)
{
	if (s->why != NULL || !(isnan(s->t) || s->t > 0))
		return NAN;
	if (!isnan(s->median))
		return s->median;
	return isnan(s->t) ? (double)s->x / (double)s->n : (double)s->x / s->t;
}

static const char *
status_of(const struct cmp_row *r)
{
	if (r->a.why != NULL)
		return r->a.why;
	if (r->b.why != NULL)
		return r->b.why;
	if (r->rate && (!(r->a.t > 0) || !(r->b.t > 0)))
		return "undefined_t0";	/* a rate over no exposure */
	if (r->ok && r->rate && r->b.x == 0)	/* ratio a/0: no number */
		return r->a.x == 0 ? "no events on either side" :
		    "no events in b, ratio infinite";
	return r->ok ? "ok" : "not computable";
}

static void
csv_count(FILE *fp, long v)
{
	if (v >= 0)
		fprintf(fp, "%ld", v);
}

/* ",v1,v2,...": n numbers with the digits of --digits (0: the fewest
   that read back), or n empty fields when !shown. */
static void
put_reals(FILE *fp, const double *v, size_t n, int shown, int digits)
{
	size_t i;

	for (i = 0; i < n; i++) {
		putc(',', fp);
		if (shown)
			qi_emit_csv_real(fp, v[i], digits);
	}
}

/* For a spreadsheet: every text cell through qi_emit_csv_text. */
static void
write_csv(const struct qi_results *res, struct qi_period per, GArray *rows,
    int digits, FILE *fp)
{
	const struct qi_indicator *d;
	const struct cmp_row *r;
	char pbuf[16];
	size_t i;

	qi_period_format(per, pbuf, sizeof(pbuf));
	fputs("indicator,version,period,a,a_name,b,b_name,a_numerator,"
	    "a_denominator,"
	    "a_rate,b_numerator,b_denominator,b_rate,diff,lower,upper,"
	    "p_chisq,p_yates,p_fisher,a_exposure,b_exposure,rate_ratio,"
	    "ratio_lower,ratio_upper,p_ratio,status\n", fp);
	for (i = 0; i < rows->len; i++) {
		r = &g_array_index(rows, struct cmp_row, i);
		d = &res->defs->v[r->indicator];
		qi_emit_csv_text(fp, d->id);
		fprintf(fp, ",%ld,", d->version);
		qi_emit_csv_text(fp, pbuf);
		putc(',', fp);
		qi_emit_csv_text(fp, r->a.id);
		putc(',', fp);
		qi_emit_csv_text(fp, r->a.name);
		putc(',', fp);
		qi_emit_csv_text(fp, r->b.id);
		putc(',', fp);
		qi_emit_csv_text(fp, r->b.name);
		putc(',', fp);
		csv_count(fp, r->a.x);
		putc(',', fp);
		csv_count(fp, r->a.n);
		putc(',', fp);
		qi_emit_csv_real(fp, side_rate(&r->a), digits);
		putc(',', fp);
		csv_count(fp, r->b.x);
		putc(',', fp);
		csv_count(fp, r->b.n);
		putc(',', fp);
		qi_emit_csv_real(fp, side_rate(&r->b), digits);
		put_reals(fp, (const double[]){ r->c.diff, r->c.lower,
		    r->c.upper, r->c.p_chisq, r->c.p_yates, r->c.p_fisher }, 6,
		    r->ok && !r->rate, digits);
		putc(',', fp);
		qi_emit_csv_real(fp, r->a.t, digits);
		putc(',', fp);
		qi_emit_csv_real(fp, r->b.t, digits);
		put_reals(fp, (const double[]){ r->rr, r->rr_lo, r->rr_hi,
		    r->rr_p }, 4, r->ok && r->rate, digits);
		putc(',', fp);
		qi_emit_csv_text(fp, status_of(r));
		putc('\n', fp);
	}
}

static void
json_side(FILE *fp, const char *key, const struct side *s, int digits)
{
	fprintf(fp, "      \"%s\": {\"id\": ", key);
	qi_emit_json_string(fp, s->id);
	fputs(", \"name\": ", fp);
	qi_emit_json_string(fp, s->name);
	if (s->why == NULL) {
		fprintf(fp, ", \"numerator\": %ld, \"denominator\": %ld, "
		    "\"exposure\": ", s->x, s->n);
		qi_emit_json_real(fp, s->t, digits);
		fputs(", \"rate\": ", fp);
		qi_emit_json_real(fp, side_rate(s), digits);
		putc('}', fp);
	} else
		fputs(", \"numerator\": null, \"denominator\": null, "
		    "\"exposure\": null, \"rate\": null}", fp);
}

static void
write_json(const struct qi_results *res, struct qi_period per,
    double level, GArray *rows, int digits, FILE *fp)
{
	const struct qi_indicator *d;
	const struct cmp_row *r;
	static const char *keys[] = { "diff", "lower", "upper", "p_chisq",
	    "p_yates", "p_fisher", "rate_ratio", "ratio_lower",
	    "ratio_upper", "p_ratio" };
	double v[10];
	char pbuf[16];
	size_t i, k;

	qi_period_format(per, pbuf, sizeof(pbuf));
	fputs("{\n  \"period\": ", fp);
	qi_emit_json_string(fp, pbuf);
	fputs(",\n  \"level\": ", fp);
	qi_emit_json_real(fp, level, 0);
	fputs(",\n  \"comparisons\": [", fp);
	for (i = 0; i < rows->len; i++) {
		r = &g_array_index(rows, struct cmp_row, i);
		d = &res->defs->v[r->indicator];
		fprintf(fp, "%s\n    {\n      \"indicator\": ", i ? "," : "");
		qi_emit_json_string(fp, d->id);
		fprintf(fp, ",\n      \"version\": %ld,\n", d->version);
		json_side(fp, "a", &r->a, digits);
		fputs(",\n", fp);
		json_side(fp, "b", &r->b, digits);
		v[0] = r->c.diff, v[1] = r->c.lower, v[2] = r->c.upper;
		v[3] = r->c.p_chisq, v[4] = r->c.p_yates, v[5] = r->c.p_fisher;
		v[6] = r->rr, v[7] = r->rr_lo, v[8] = r->rr_hi, v[9] = r->rr_p;
		for (k = 0; k < 10; k++) {
			fprintf(fp, ",\n      \"%s\": ", keys[k]);
			qi_emit_json_real(fp, r->ok && (k >= 6) == r->rate ? v[k] :
			    NAN, digits);
		}
		fputs(",\n      \"status\": ", fp);
		qi_emit_json_string(fp, status_of(r));
		fputs("\n    }", fp);
	}
	fputs(rows->len ? "\n  ]\n}\n" : "]\n}\n", fp);
}

/* "123/456" or the reason the counts are withheld. */
static char *
counts_text(const struct side *s)
{
	if (s->why != NULL)
		return g_strdup(s->why);
	if (!isnan(s->t))	/* events / exposure */
		return g_strdup_printf("%ld/%.0f", s->x, s->t);
	return g_strdup_printf("%ld/%ld", s->x, s->n);
}

/* A number of the table: decimals after the point, or --digits. */
static char *
num_text(double v, int digits, int decimals, int sign)
{
	char *t = cmd_real_text(v, digits, decimals), *s;

	if (!sign || t[0] == '-')
		return t;
	s = g_strconcat("+", t, NULL);
	g_free(t);
	return s;
}

static char *
rate_text(const struct side *s, const struct qi_indicator *d, int digits)
{
	char *n, *t;

	if (s->why != NULL || isnan(side_rate(s)))	/* withheld, or
							   no exposure */
		return g_strdup("—");
	if (qi_indicator_adjusted(d)) {	/* O/E, a ratio */
		n = num_text(side_rate(s), digits, 2, 0);
		t = g_strconcat("O/E ", n, NULL);
		g_free(n);
		return t;
	}
	n = num_text(side_rate(s) * qi_unit_multiplier(d->unit), digits,
	    isnan(s->t) ? 1 : 2, 0);
	t = g_strconcat(n, qi_unit_symbol(d->unit), NULL);
	g_free(n);
	return t;
}

static char *
p_text(double p, int digits)
{
	return p < 0.0001 && digits == 0 ? g_strdup("<0.0001") :
	    num_text(p, digits, 4, 0);
}

/* "E (L, U)": an estimate and its interval, times m, the ratio "×E". */
static char *
interval_text(const char *pre, double e, double l, double u, double m,
    int digits, int decimals, int sign)
{
	char *te = num_text(e * m, digits, decimals, sign);
	char *tl = num_text(l * m, digits, decimals, sign);
	char *tu = num_text(u * m, digits, decimals, sign);
	char *t = g_strdup_printf("%s%s (%s, %s)", pre, te, tl, tu);

	g_free(te);
	g_free(tl);
	g_free(tu);
	return t;
}

static void
write_table(const struct qi_results *res, struct qi_period per,
    double level, GArray *rows, int digits, FILE *fp)
{
	static const char *head[] = { "indicator", "A", "A x/n", "A rate",
	    "B", "B x/n", "B rate", NULL, "p (chi2)", "p (Fisher)" };
	static const enum qi_table_align al[] = { QI_TABLE_LEFT, QI_TABLE_LEFT,
	    QI_TABLE_RIGHT, QI_TABLE_RIGHT, QI_TABLE_LEFT, QI_TABLE_RIGHT,
	    QI_TABLE_RIGHT, QI_TABLE_RIGHT, QI_TABLE_RIGHT, QI_TABLE_RIGHT };
	const char *headers[10];
	char *cell[10], pbuf[16];
	struct qi_table *t;
	const struct qi_indicator *d;
	const struct cmp_row *r;
	double m;
	size_t i, k;

	memcpy(headers, head, sizeof(headers));
	cell[0] = g_strdup_printf("A − B (%g%% CI)", level * 100);
	headers[7] = cell[0];
	t = qi_table_alloc(10, headers, al);
	g_free(cell[0]);
	for (i = 0; i < rows->len; i++) {
		r = &g_array_index(rows, struct cmp_row, i);
		d = &res->defs->v[r->indicator];
		m = qi_unit_multiplier(d->unit);
		cell[0] = g_strdup_printf("%s v%ld", d->id, d->version);
		cell[1] = g_strdup(r->a.label);
		cell[2] = counts_text(&r->a);
		cell[3] = rate_text(&r->a, d, digits);
		cell[4] = g_strdup(r->b.label);
		cell[5] = counts_text(&r->b);
		cell[6] = rate_text(&r->b, d, digits);
		if (r->ok && r->rate && !isfinite(r->rr)) {
			/* A/0 or 0/0: the reason, not "inf" or "nan". */
			cell[7] = g_strdup(status_of(r));
			cell[8] = p_text(r->rr_p, digits);
			cell[9] = g_strdup("—");
		} else if (r->ok && r->rate) {
			/* Rates: the ratio A/B, its exact interval and p. */
			cell[7] = interval_text("×", r->rr, r->rr_lo,
			    r->rr_hi, 1.0, digits, 2, 0);
			cell[8] = p_text(r->rr_p, digits);
			cell[9] = g_strdup("—");
		} else if (r->ok) {
			cell[7] = interval_text("", r->c.diff, r->c.lower,
			    r->c.upper, m, digits, 1, 1);
			cell[8] = p_text(r->c.p_chisq, digits);
			cell[9] = p_text(r->c.p_fisher, digits);
		} else {
			cell[7] = g_strdup("—");
			cell[8] = g_strdup("—");
			cell[9] = g_strdup("—");
		}
		qi_table_add(t, (const char *const *)cell);
		for (k = 0; k < 10; k++)
			g_free(cell[k]);
	}
	qi_period_format(per, pbuf, sizeof(pbuf));
	fprintf(fp, "%s: differences in points of each indicator's unit; "
	    "rates (x/exposure) and risk-adjusted indicators (O/E) compared "
	    "by their ratio A/B, p exact\n\n", pbuf);
	qi_table_print(t, 32, fp);
	qi_table_free(t);
}

enum qi_err
cmd_compare(int argc, char *argv[], struct qi_diag *diag)
{
	struct opts o;
	struct cmd_out out;
	struct qi_defset *defs = NULL;
	struct qi_registry *reg = NULL;
	struct qi_results *res = NULL;
	struct qi_period per;
	GArray *rows = NULL;
	char *results = NULL, *held;
	long hosp[2] = { -1, -1 };
	long ind = -1;
	size_t i;
	enum qi_err rc;

	memset(&out, 0, sizeof(out));
	if ((rc = opts_parse(&cmd_compare_def, argc, argv, &o)) != QI_OK ||
	    o.help)
		goto out;
	/* -o was once the folder of the results: say where that went */
	held = g_build_filename(o.output, "results.csv", NULL);
	if (g_file_test(o.output, G_FILE_TEST_IS_DIR) &&
	    g_file_test(held, G_FILE_TEST_EXISTS)) {
		g_free(held);
		held = g_strdup_printf("-o is where output goes; give the "
		    "results folder with --results %s", o.output);
		qi_diag_add(diag, QI_ERROR, o.output, 0, 0, held, "-o names "
		    "a folder of results, not where the comparison goes");
		rc = QI_EUSAGE;
	}
	g_free(held);
	if (rc != QI_OK)
		goto out;
	if ((rc = results_setup(&o, &defs, &reg, &results, diag)) != QI_OK ||
	    (rc = qi_results_load(results, defs, reg, &res, diag)) != QI_OK)
		goto out;
	for (i = 0; i < o.nhospitals; i++)
		if ((hosp[i] = qi_registry_hospital(reg, o.hospital[i])) ==
		    -1) {
			qi_diag_add(diag, QI_ERROR, o.hosps, 0, 0,
			    "hospital ids are in the first column of "
			    "hospitals.csv", "unknown hospital '%s'",
			    o.hospital[i]);
			rc = QI_EINPUT;
		}
	if (o.indicator != NULL &&
	    (ind = qi_defset_find(defs, o.indicator)) == -1) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "'qi check' lists the "
		    "definitions", "unknown indicator '%s'", o.indicator);
		rc = QI_EINPUT;
	}
	if (rc != QI_OK)
		goto out;
	if (o.period != NULL)
		per = o.want;
	else if (latest_year(res, &per) == -1) {
		qi_diag_add(diag, QI_ERROR, results, 0, 0, "compute a whole "
		    "fiscal year, or name a quarter with --period",
		    "no fiscal-year results to compare");
		rc = QI_EINPUT;
		goto out;
	}
	rows = g_array_new(FALSE, TRUE, sizeof(struct cmp_row));
	for (i = 0; i < defs->n; i++)
		if (ind == -1 || (size_t)ind == i)
			rows_for(res, i, per, hosp, o.nhospitals, rows);
	compare_rows(res, rows, o.level);
	if ((rc = cmd_out_open(&out, o.output, o.as, o.digits, diag)) !=
	    QI_OK)
		goto out;
	if (out.as == OPTS_AS_CSV)
		write_csv(res, per, rows, out.digits, out.fp);
	else if (out.as == OPTS_AS_JSON)
		write_json(res, per, o.level, rows, out.digits, out.fp);
	else
		write_table(res, per, o.level, rows, out.digits, out.fp);
out:
	rc = cmd_out_close(&out, rc, diag);
	if (rows != NULL) {
		for (i = 0; i < rows->len; i++) {
			g_free(g_array_index(rows, struct cmp_row, i).a.label);
			g_free(g_array_index(rows, struct cmp_row, i).b.label);
			g_free(g_array_index(rows, struct cmp_row, i).a.name);
			g_free(g_array_index(rows, struct cmp_row, i).b.name);
		}
		g_array_free(rows, TRUE);
	}
	qi_results_free(res);
	qi_registry_free(reg);
	qi_defset_free(defs);
	g_free(results);
	opts_free(&o);
	return rc;
}

/* qi compare's entry in the command table (main.c): its options and help. */
const struct cmd cmd_compare_def = {
	.name = "compare",
	.fn = cmd_compare,
	.opts = OPTS_OUTPUT | OPTS_OUTFILE | OPTS_DEFS | OPTS_DATA |
	    OPTS_RESULTS | OPTS_SELECT | OPTS_SIDES | OPTS_LEVEL | OPTS_PRINT,
	.synopsis =
	    "compare organisations or "
	    "hospitals on published results",
	.usage =
	    "usage: qi compare [options]\n"
	    "Compares published results (results.csv) for a fiscal year or\n"
	    "quarter: each organisation against the other (default), a hospital\n"
	    "against the rest of its organisation (--hospital A), or two\n"
	    "hospitals (--hospital A --hospital B).  For each indicator: both\n"
	    "rates, the difference with Newcombe's hybrid score interval, and\n"
	    "the chi-square (with and without Yates' correction) and Fisher\n"
	    "exact tests.  Withheld results are shown as withheld.\n\n"
	    "      --results FILE|DIR   results to compare: a results.csv, or the\n"
	    "                           folder holding it (default: output)\n"
	    "  -o, --output FILE        where the comparison goes (default -:\n"
	    "                           standard output)\n"
	    COMMON_DEFS
	    "  -d, --data DIR           organisations.csv and hospitals.csv\n"
	    "                           (default: the sample/ beside --results DIR,\n"
	    "                           else output/sample)\n"
	    "      --indicator ID       one indicator (default: all)\n"
	    "      --period P           FY2024 or FY2024Q1 (default: the latest\n"
	    "                           fiscal year)\n"
	    "      --hospital ID        a hospital; give it twice for two\n"
	    "      --level L            confidence level (default 0.95)\n"
	    PRINT_OPTIONS
	    "  -h, --help               this help\n"
};
