/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_variants.c -- qi variants --indicator ID --from A --to B: for each
 * hospital, the rate under variant A, under variant B, and the
 * difference, printed as --as says (cmd_out_open()), and unless -o - the
 * dot-and-arrow chart OUTPUT/charts/ID_PERIOD_A_B.FORMAT.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "chart.h"
#include "cmd.h"
#include "cmd_usage.h"
#include "emit.h"
#include "table.h"
#include "variants.h"

static enum qi_err
write_chart(const struct opts *o, const struct qi_varcmp *c,
    struct qi_diag *diag)
{
	static const char *ext[] = { "png", "pdf", "svg" };
	struct qi_stage *stage = NULL;
	char *dir, *path, label[16];
	enum qi_err rc;
	int k;

	if ((rc = qi_stage_open(o->output, &stage, diag)) != QI_OK)
		return rc;
	dir = g_build_filename(qi_stage_path(stage), "charts", NULL);
	if (g_mkdir_with_parents(dir, 0777) == -1) {
		qi_diag_add(diag, QI_ERROR, dir, 0, 0, NULL, "cannot create: %s",
		    strerror(errno));
		g_free(dir);
		qi_stage_abort(stage);
		return QI_ESYS;
	}
	qi_period_format(c->period, label, sizeof(label));
	for (k = 0; k < 3 && rc == QI_OK; k++) {
		if (!o->formats[k])
			continue;
		path = g_strdup_printf("%s/%s_%s_%s_%s.%s", dir,
		    c->defs->v[c->indicator].id, label, c->name[0][0] == '-' ?
		    "defined" : c->name[0], c->name[1][0] == '-' ? "defined" :
		    c->name[1], ext[k]);
		rc = qi_varcmp_write(path, (enum qi_format)k, c, NULL, diag);
		g_free(path);
	}
	g_free(dir);
	if (rc != QI_OK) {
		qi_stage_abort(stage);
		return rc;
	}
	return qi_stage_commit(stage, QI_STAGE_MERGE, diag);
}

static const char *const heads[] = {
	"hospital", "organisation", "numerator_a", "denominator_a", "rate_a",
	"numerator_b", "denominator_b", "rate_b", "difference"
};
#define NCOL	G_N_ELEMENTS(heads)

/* A count cell: empty (or null) where withheld. */
static char *
count_text(long v)
{
	return v < 0 ? g_strdup("") : g_strdup_printf("%ld", v);
}

/*
 * The numbers of a row: rate a, rate b and b - a, as proportions (or
 * rates per unit of exposure), NaN where withheld.
 */
static void
row_rates(const struct qi_varrow *r, double v[3])
{
	v[0] = r->rate[0];
	v[1] = r->rate[1];
	v[2] = isnan(v[0]) || isnan(v[1]) ? NAN : v[1] - v[0];
}

/* CSV: the rates and the difference as numbers, as results.csv has them. */
static void
write_csv(const struct qi_varcmp *c, int digits, FILE *fp)
{
	const struct qi_varrow *r;
	double v[3];
	size_t i, k;
	char *t;

	for (k = 0; k < NCOL; k++)
		fprintf(fp, "%s%s", k ? "," : "", heads[k]);
	fputc('\n', fp);
	for (i = 0; i < c->n; i++) {
		r = &c->rows[i];
		row_rates(r, v);
		qi_emit_csv_text(fp, c->reg->hosps[r->hospital].id);
		fputc(',', fp);
		qi_emit_csv_text(fp, c->reg->orgs[c->reg->hosps[
		    r->hospital].org].code);
		for (k = 0; k < 2; k++) {
			t = count_text(r->num[k]);
			fprintf(fp, ",%s,", t);
			g_free(t);
			t = count_text(r->den[k]);
			fprintf(fp, "%s,", t);
			g_free(t);
			qi_emit_csv_real(fp, v[k], digits);
		}
		fputc(',', fp);
		qi_emit_csv_real(fp, v[2], digits);
		fputc('\n', fp);
	}
}

/* JSON: the CSV's columns per hospital, null where withheld. */
static void
write_json(const struct qi_varcmp *c, int digits, FILE *fp)
{
	const struct qi_indicator *ind = &c->defs->v[c->indicator];
	const struct qi_varrow *r;
	char label[16];
	double v[3];
	size_t i, k;

	qi_period_format(c->period, label, sizeof(label));
	fputs("{\n  \"indicator\": ", fp);
	qi_emit_json_string(fp, ind->id);
	fprintf(fp, ",\n  \"version\": %ld,\n  \"period\": ", ind->version);
	qi_emit_json_string(fp, label);
	fputs(",\n  \"a\": ", fp);
	qi_emit_json_string(fp, c->name[0]);
	fputs(",\n  \"b\": ", fp);
	qi_emit_json_string(fp, c->name[1]);
	fputs(",\n  \"hospitals\": [", fp);
	for (i = 0; i < c->n; i++) {
		r = &c->rows[i];
		row_rates(r, v);
		fputs(i ? ",\n    {\"hospital\": " : "\n    {\"hospital\": ",
		    fp);
		qi_emit_json_string(fp, c->reg->hosps[r->hospital].id);
		fputs(", \"organisation\": ", fp);
		qi_emit_json_string(fp, c->reg->orgs[c->reg->hosps[
		    r->hospital].org].code);
		for (k = 0; k < 2; k++) {
			cmd_json_count(fp, heads[2 + 3 * k], r->num[k]);
			cmd_json_count(fp, heads[3 + 3 * k], r->den[k]);
			fprintf(fp, ", \"%s\": ", heads[4 + 3 * k]);
			qi_emit_json_real(fp, v[k], digits);
		}
		fputs(", \"difference\": ", fp);
		qi_emit_json_real(fp, v[2], digits);
		putc('}', fp);
	}
	fputs(c->n ? "\n  ]\n}\n" : "]\n}\n", fp);
}

/*
 * The table: rates and the difference in the indicator's display units
 * (percent, per mille ...), two decimals unless --digits.
 */
static void
write_table(const struct qi_varcmp *c, int digits, FILE *fp)
{
	static const enum qi_table_align al[] = { QI_TABLE_LEFT,
	    QI_TABLE_LEFT, QI_TABLE_RIGHT, QI_TABLE_RIGHT, QI_TABLE_RIGHT,
	    QI_TABLE_RIGHT, QI_TABLE_RIGHT, QI_TABLE_RIGHT, QI_TABLE_RIGHT };
	const struct qi_indicator *ind = &c->defs->v[c->indicator];
	double m = qi_unit_multiplier(ind->unit), v[3];
	const struct qi_varrow *r;
	struct qi_table *t;
	char *cell[NCOL], label[16], *sign;
	size_t i, k;

	t = qi_table_alloc(NCOL, heads, al);
	for (i = 0; i < c->n; i++) {
		r = &c->rows[i];
		row_rates(r, v);
		cell[0] = g_strdup(c->reg->hosps[r->hospital].id);
		cell[1] = g_strdup(c->reg->orgs[c->reg->hosps[
		    r->hospital].org].code);
		for (k = 0; k < 2; k++) {
			cell[2 + 3 * k] = count_text(r->num[k]);
			cell[3 + 3 * k] = count_text(r->den[k]);
			cell[4 + 3 * k] = isnan(v[k]) ? g_strdup("") :
			    cmd_real_text(v[k] * m, digits, 2);
		}
		sign = isnan(v[2]) ? g_strdup("") : cmd_real_text(v[2] * m,
		    digits, 2);
		cell[8] = sign[0] == '\0' || sign[0] == '-' ? sign :
		    g_strconcat("+", sign, NULL);
		if (cell[8] != sign)
			g_free(sign);
		qi_table_add(t, (const char *const *)cell);
		for (k = 0; k < NCOL; k++)
			g_free(cell[k]);
	}
	qi_period_format(c->period, label, sizeof(label));
	fprintf(fp, "%s %s: a = %s, b = %s; rates in %s%s\n", ind->id, label,
	    c->name[0], c->name[1],
	    qi_name_of(qi_unit_names, (int)ind->unit),
	    ind->kind == QI_KIND_RATE ? " of exposure" : "");
	qi_table_print(t, 0, fp);
	qi_table_free(t);
}

enum qi_err
cmd_variants(int argc, char *argv[], struct qi_diag *diag)
{
	struct opts o;
	struct qi_inputs in;
	struct qi_varcmp *c = NULL;
	struct qi_period p = { 0, 0 };
	struct cmd_out out;
	enum qi_err rc;
	long ind;

	memset(&in, 0, sizeof(in));
	if ((rc = opts_parse(&cmd_variants_def, argc, argv, &o)) !=
	    QI_OK || o.help)
		goto out;
	if (o.indicator == NULL || o.from == NULL || o.to == NULL) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "qi variants "
		    "--indicator ID --from A --to B ('-' = as defined)",
		    "give --indicator, --from and --to");
		rc = QI_EUSAGE;
		goto out;
	}
	if (o.stays == NULL && o.dpc == NULL && o.tallies == NULL) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "give --stays FILE "
		    "--events FILE, --tallies FILE or --data DIR",
		    "variants are computed from patient-level records");
		rc = QI_EUSAGE;
		goto out;
	}
	g_free(o.counts);	/* counts carry no variants */
	o.counts = NULL;
	if ((rc = inputs_load(&o, &in, diag)) != QI_OK)
		goto out;
	if ((ind = qi_defset_find(in.defs, o.indicator)) < 0) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "the indicator ids "
		    "are the names of the definition files",
		    "unknown indicator '%s'", o.indicator);
		rc = QI_EUSAGE;
		goto out;
	}
	if (o.period != NULL)
		p = o.want;
	if ((rc = qi_varcmp_build(in.defs, in.reg, in.tallies, (size_t)ind,
	    o.from, o.to, p, &c, diag)) != QI_OK)
		goto out;
	if ((rc = cmd_out_open(&out, "-", o.as, o.digits, diag)) != QI_OK)
		goto out;
	if (out.as == OPTS_AS_TABLE)
		write_table(c, out.digits, out.fp);
	else if (out.as == OPTS_AS_JSON)
		write_json(c, out.digits, out.fp);
	else
		write_csv(c, out.digits, out.fp);
	/* -o DIR: the chart there too; -o -: standard output only */
	if ((rc = cmd_out_close(&out, rc, diag)) == QI_OK &&
	    strcmp(o.output, "-") != 0)
		rc = write_chart(&o, c, diag);
out:
	qi_varcmp_free(c);
	qi_inputs_free(&in);
	opts_free(&o);
	return rc;
}

/* qi variants's entry in the command table (main.c): its options and help. */
const struct cmd cmd_variants_def = {
	.name = "variants",
	.fn = cmd_variants,
	.opts = OPTS_OUTPUT | OPTS_DEFS | OPTS_REGISTRY | OPTS_ENCODING |
	    OPTS_PATIENT | OPTS_TALLIES | OPTS_COMPARE | OPTS_SELECT |
	    OPTS_FORMAT | OPTS_PRINT,
	.synopsis = "how each hospital's rate changes between two variants",
	.usage =
	    "usage: qi variants --indicator ID --from A --to B [options]\n"
	    "For one indicator, each hospital's rate under variant A and under\n"
	    "variant B (\"-\" is the definition as written) and the difference\n"
	    "b - a, printed on standard output (proportions, or rates per unit\n"
	    "of exposure; the table in the indicator's unit), and a\n"
	    "dot-and-arrow chart OUTPUT/charts/ID_PERIOD_A_B.FORMAT.\n\n"
	    "  -o, --output DIR         where the chart goes (default: output;\n"
	    "                           -: no chart, standard output only)\n"
	    COMMON_DEFS
	    PRINT_OPTIONS
	    "  -d, --data DIR           folder with the registry and the records\n"
	    "      --organisations FILE, --hospitals FILE  as for qi compute\n"
	    "      --encoding ENC       input encoding, as for qi compute\n"
	    COMMON_PATIENT
	    "      --tallies FILE       sums from qi compute --tallies-only\n"
	    "      --from A, --to B     the two variants (\"-\" = as defined)\n"
	    "      --indicator ID       the indicator (required)\n"
	    "      --period P           the period (default: the latest fiscal year)\n"
	    "      --format LIST        chart formats: png,pdf,svg (default png,pdf)\n"
	    "  -h, --help               this help\n"
};
