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
#include <json-glib/json-glib.h>

#include "qi.h"

enum qi_err
qi_input_hash(struct qi_input *in, struct qi_diag *diag)
{
	GChecksum *ck;
	FILE *fp;
	unsigned char buf[1 << 16];
	size_t n;
	enum qi_err rc = QI_OK;

	if ((fp = fopen(in->path, "rb")) == NULL) {
		qi_diag_add(diag, QI_ERROR, in->path, 0, 0, NULL,
		    "cannot open: %s", strerror(errno));
		return QI_ESYS;
	}
	ck = g_checksum_new(G_CHECKSUM_SHA256);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		g_checksum_update(ck, buf, (gssize)n);
	if (ferror(fp)) {
		qi_diag_add(diag, QI_ERROR, in->path, 0, 0, NULL,
		    "read failed: %s", strerror(errno));
		rc = QI_ESYS;
	} else
		g_strlcpy(in->sha256, g_checksum_get_string(ck),
		    sizeof(in->sha256));
	g_checksum_free(ck);
	fclose(fp);
	return rc;
}

/* Quote a CSV field when it needs it (RFC 4180). */
static void
csv_field(FILE *fp, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, fp);
		return;
	}
	putc('"', fp);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putc('"', fp);
		putc(*s, fp);
	}
	putc('"', fp);
}

static void
csv_count(FILE *fp, long v)
{
	if (v >= 0)
		fprintf(fp, "%ld", v);
}

static void
csv_real(FILE *fp, double v)
{
	if (!isnan(v))
		fprintf(fp, "%.15g", v);
}

enum qi_err
qi_results_write_csv(const struct qi_results *res, FILE *fp)
{
	const struct qi_registry *reg = res->reg;
	size_t i;
	char period[16];

	fputs("indicator,version,period,scope,organisation,hospital,"
	    "hospital_name,numerator,denominator,rate,lower,upper,unit,"
	    "method,level,status\n", fp);
	for (i = 0; i < res->n; i++) {
		const struct qi_result *r = &res->v[i];
		const struct qi_indicator *ind = &res->defs->v[r->indicator];

		qi_period_format(r->period, period, sizeof(period));
		fprintf(fp, "%s,%ld,%s,%s,", ind->id, ind->version, period,
		    qi_name_of(qi_scope_names, (int)r->scope));
		if (r->org >= 0)
			fputs(reg->orgs[r->org].code, fp);
		putc(',', fp);
		if (r->hospital >= 0) {
			fputs(reg->hosps[r->hospital].id, fp);
			putc(',', fp);
			csv_field(fp, reg->hosps[r->hospital].name_ja);
		} else
			putc(',', fp);
		putc(',', fp);
		csv_count(fp, r->numerator);
		putc(',', fp);
		csv_count(fp, r->denominator);
		putc(',', fp);
		csv_real(fp, r->rate);
		putc(',', fp);
		csv_real(fp, r->lower);
		putc(',', fp);
		csv_real(fp, r->upper);
		fprintf(fp, ",%s,%s,%g,%s\n",
		    qi_name_of(qi_unit_names, (int)ind->unit),
		    qi_name_of(qi_ci_method_names, (int)ind->method),
		    ind->level, qi_name_of(qi_status_names, (int)r->status));
	}
	return ferror(fp) ? QI_ESYS : QI_OK;
}

static void
json_count(JsonBuilder *b, const char *name, long v)
{
	json_builder_set_member_name(b, name);
	if (v >= 0)
		json_builder_add_int_value(b, v);
	else
		json_builder_add_null_value(b);
}

static void
json_real(JsonBuilder *b, const char *name, double v)
{
	json_builder_set_member_name(b, name);
	if (isnan(v))
		json_builder_add_null_value(b);
	else
		json_builder_add_double_value(b, v);
}

static void
json_str(JsonBuilder *b, const char *name, const char *v)
{
	json_builder_set_member_name(b, name);
	if (v == NULL)
		json_builder_add_null_value(b);
	else
		json_builder_add_string_value(b, v);
}

static void
json_manifest(JsonBuilder *b, const struct qi_results *res,
    const struct qi_input *in, size_t nin)
{
	size_t i;

	json_builder_set_member_name(b, "manifest");
	json_builder_begin_object(b);
	json_str(b, "qi_version", QI_VERSION);
	json_builder_set_member_name(b, "definitions");
	json_builder_begin_array(b);
	for (i = 0; i < res->defs->n; i++) {
		const struct qi_indicator *ind = &res->defs->v[i];
		json_builder_begin_object(b);
		json_str(b, "id", ind->id);
		json_count(b, "version", ind->version);
		json_str(b, "sha256", ind->sha256);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "inputs");
	json_builder_begin_array(b);
	for (i = 0; i < nin; i++) {
		char *base = g_path_get_basename(in[i].path);
		json_builder_begin_object(b);
		json_str(b, "role", in[i].role);
		json_str(b, "file", base);
		json_str(b, "sha256", in[i].sha256);
		json_builder_end_object(b);
		g_free(base);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
}

enum qi_err
qi_results_write_json(const struct qi_results *res,
    const struct qi_input *in, size_t nin, FILE *fp)
{
	const struct qi_registry *reg = res->reg;
	JsonBuilder *b;
	JsonGenerator *gen;
	JsonNode *root;
	char period[16], *text;
	size_t i;

	b = json_builder_new();
	json_builder_begin_object(b);
	json_manifest(b, res, in, nin);
	json_builder_set_member_name(b, "results");
	json_builder_begin_array(b);
	for (i = 0; i < res->n; i++) {
		const struct qi_result *r = &res->v[i];
		const struct qi_indicator *ind = &res->defs->v[r->indicator];

		qi_period_format(r->period, period, sizeof(period));
		json_builder_begin_object(b);
		json_str(b, "indicator", ind->id);
		json_count(b, "version", ind->version);
		json_str(b, "period", period);
		json_str(b, "scope", qi_name_of(qi_scope_names,
		    (int)r->scope));
		json_str(b, "organisation", r->org >= 0 ?
		    reg->orgs[r->org].code : NULL);
		json_str(b, "hospital", r->hospital >= 0 ?
		    reg->hosps[r->hospital].id : NULL);
		json_str(b, "hospital_name", r->hospital >= 0 ?
		    reg->hosps[r->hospital].name_ja : NULL);
		json_count(b, "numerator", r->numerator);
		json_count(b, "denominator", r->denominator);
		json_real(b, "rate", r->rate);
		json_real(b, "lower", r->lower);
		json_real(b, "upper", r->upper);
		json_str(b, "unit", qi_name_of(qi_unit_names,
		    (int)ind->unit));
		json_str(b, "method", qi_name_of(qi_ci_method_names,
		    (int)ind->method));
		json_real(b, "level", ind->level);
		json_str(b, "status", qi_name_of(qi_status_names,
		    (int)r->status));
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);

	root = json_builder_get_root(b);
	gen = json_generator_new();
	json_generator_set_pretty(gen, TRUE);
	json_generator_set_indent(gen, 1);
	json_generator_set_root(gen, root);
	text = json_generator_to_data(gen, NULL);
	fputs(text, fp);
	putc('\n', fp);
	g_free(text);
	json_node_unref(root);
	g_object_unref(gen);
	g_object_unref(b);
	return ferror(fp) ? QI_ESYS : QI_OK;
}
