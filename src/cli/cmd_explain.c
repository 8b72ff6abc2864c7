/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_explain.c -- qi explain --hospital H --indicator I [--period P]:
 * the stays behind one hospital's numerator and denominator, each with
 * what the definition did with it (counted in the numerator, in the
 * denominator only, or removed by a named exclusion), so that a QI team
 * can reconcile qi's number with its own records (specs/output.md,
 * "qi explain").  The stays come from the engine's own evaluation, by
 * the hook of engine.h, during the same input loading as qi compute's.
 * Patient-level output: standard output or an explicit -o FILE, never
 * into an output tree that qi publish reads.
 */
#define _XOPEN_SOURCE 700	/* realpath() */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "cmd.h"
#include "cmd_usage.h"
#include "emit.h"
#include "engine.h"
#include "stay.h"
#include "table.h"

/* One listed stay: what the engine reported for it. */
struct row {
	char			 stay[64], patient[64];
	double			 admission, discharge;	/* days since 1970 */
	struct qi_period	 period;
	long			 exclusion;	/* -1: counted */
	long			 denominator, numerator;
	double			 exposure;
};

/* What the hook collects, from one or several reading threads. */
struct watch {
	GMutex			 lock;
	GArray			*rows;		/* struct row */
	const struct opts	*o;		/* --period */
};

/* Whether a stay of quarter p is in the period asked for (any: none). */
static int
wanted(const struct opts *o, struct qi_period p)
{
	if (o->period == NULL)
		return 1;
	return p.fy == o->want.fy && (o->want.q == 0 || p.q == o->want.q);
}

static void
watch_stay(void *arg, const struct qi_outcome *out)
{
	struct watch *w = arg;
	struct row r;

	if (!wanted(w->o, out->period))
		return;
	memset(&r, 0, sizeof(r));
	g_strlcpy(r.stay, out->stay->stay, sizeof(r.stay));
	g_strlcpy(r.patient, out->stay->patient, sizeof(r.patient));
	r.admission = out->stay->num[QI_F_ADMISSION];
	r.discharge = out->stay->num[QI_F_DISCHARGE];
	r.period = out->period;
	r.exclusion = out->exclusion;
	r.denominator = out->denominator;
	r.numerator = out->numerator;
	r.exposure = out->exposure;
	g_mutex_lock(&w->lock);
	g_array_append_val(w->rows, r);
	g_mutex_unlock(&w->lock);
}

/* By period, then stay id in byte order (the order of stays.csv). */
static int
row_cmp(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	int c = qi_period_cmp(a->period, b->period);

	return c != 0 ? c : strcmp(a->stay, b->stay);
}

/* "unknown X 'word'" with a "did you mean" hint from words[0..n). */
static void
unknown(struct qi_diag *diag, const char *what, const char *word,
    const char *const *words, size_t n, const char *fallback)
{
	long best = qi_closest_word(word, words, n);
	char *hint = best >= 0 ? g_strdup_printf("did you mean '%s'?",
	    words[best]) : g_strdup(fallback);

	qi_diag_add(diag, QI_ERROR, NULL, 0, 0, hint, "unknown %s '%s'", what,
	    word);
	g_free(hint);
}

/*
 * The rule asked for: indicator *ind (with a patient-level rule) and
 * variant *var (0: as defined) of defs; hospital *hosp of reg.  Every
 * problem is reported; QI_EUSAGE if any.
 */
static enum qi_err
resolve(const struct opts *o, const struct qi_defset *defs,
    const struct qi_registry *reg, long *ind, size_t *var, long *hosp,
    struct qi_diag *diag)
{
	const char **words;
	enum qi_err rc = QI_OK;
	long v;
	size_t i, n;

	n = reg->nhosps + defs->n + 64;	/* 64: variants at most */
	words = g_new0(const char *, n);
	for (i = 0; i < reg->nhosps; i++)
		words[i] = reg->hosps[i].id;
	if ((*hosp = qi_registry_hospital(reg, o->hospital[0])) < 0) {
		unknown(diag, "hospital", o->hospital[0], words, reg->nhosps,
		    "hospital ids are in the first column of hospitals.csv");
		rc = QI_EUSAGE;
	}
	for (i = 0; i < defs->n; i++)
		words[i] = defs->v[i].id;
	if ((*ind = qi_defset_find(defs, o->indicator)) < 0) {
		unknown(diag, "indicator", o->indicator, words, defs->n,
		    "the indicator ids are the names of the definition files");
		rc = QI_EUSAGE;
	} else if (!defs->v[*ind].has_rule) {
		qi_diag_add(diag, QI_ERROR, defs->v[*ind].file, 0, 0,
		    "qi explain lists the stays of a patient-level definition "
		    "(one with denominator.when)", "indicator '%s' is "
		    "computed from counts.csv: there are no stays to list",
		    o->indicator);
		rc = QI_EUSAGE;
	} else if (o->variant != NULL) {
		const struct qi_indicator *d = &defs->v[*ind];

		for (i = 0; i < d->nvariants; i++)
			words[i] = d->variants[i].name;
		if ((v = qi_variant_find(d, o->variant)) < 0) {
			unknown(diag, "variant", o->variant, words,
			    d->nvariants, d->nvariants == 0 ? "this "
			    "definition has no variants" : "variants are named "
			    "under 'variants:' in the definition");
			rc = QI_EUSAGE;
		} else
			*var = (size_t)v + 1;
	}
	g_free(words);
	return rc;
}

/* YYYY-MM-DD of a day count since 1970-01-01; "" if it is none. */
static void
format_day(double days, char *buf, size_t sz)
{
	GDate d;

	buf[0] = '\0';
	if (!(days >= -719162.0 && days < 2932897.0))	/* years 1..9999 */
		return;
	g_date_clear(&d, 1);
	g_date_set_dmy(&d, 1, G_DATE_JANUARY, 1970);
	if (days >= 0)
		g_date_add_days(&d, (guint)days);
	else
		g_date_subtract_days(&d, (guint)-days);
	snprintf(buf, sz, "%04d-%02d-%02d", g_date_get_year(&d),
	    g_date_get_month(&d), g_date_get_day(&d));
}

enum {
	C_HOSPITAL, C_STAY, C_PATIENT, C_ADMISSION, C_DISCHARGE, C_PERIOD,
	C_STATUS, C_EXCLUSION, C_DENOMINATOR, C_NUMERATOR, C_EXPOSURE, C__N
};

static const char *const headers[C__N] = {
	"hospital", "stay", "patient", "admission", "discharge", "period",
	"status", "exclusion", "denominator", "numerator", "exposure"
};

/* The cells of one row, into buf (C__N cells of 64 bytes). */
static void
row_cells(const struct row *r, const struct qi_indicator *ind,
    const struct qi_rule *rule, const char *hospital, int digits,
    char buf[][64])
{
	char *t;

	g_strlcpy(buf[C_HOSPITAL], hospital, 64);
	g_strlcpy(buf[C_STAY], r->stay, 64);
	g_strlcpy(buf[C_PATIENT], r->patient, 64);
	format_day(r->admission, buf[C_ADMISSION], 64);
	format_day(r->discharge, buf[C_DISCHARGE], 64);
	qi_period_format(r->period, buf[C_PERIOD], 64);
	g_strlcpy(buf[C_STATUS], r->exclusion >= 0 ? "excluded" :
	    r->numerator > 0 ? "numerator" : "denominator_only", 64);
	g_strlcpy(buf[C_EXCLUSION], r->exclusion >= 0 ?
	    rule->excl[r->exclusion].name : "", 64);
	buf[C_DENOMINATOR][0] = buf[C_NUMERATOR][0] = buf[C_EXPOSURE][0] =
	    '\0';
	if (r->exclusion >= 0)
		return;
	snprintf(buf[C_DENOMINATOR], 64, "%ld", r->denominator);
	snprintf(buf[C_NUMERATOR], 64, "%ld", r->numerator);
	if (ind->exposure_value.x != NULL) {
		t = cmd_real_text(r->exposure, digits, -1);
		g_strlcpy(buf[C_EXPOSURE], t, 64);
		g_free(t);
	}
}

/* CSV: the header, then one row per stay. */
static void
write_csv(const GArray *rows, const struct qi_indicator *ind,
    const struct qi_rule *rule, const char *hospital, int digits, FILE *fp)
{
	char cells[C__N][64];
	size_t i, c;

	for (c = 0; c < C__N; c++)
		fprintf(fp, "%s%c", headers[c], c + 1 < C__N ? ',' : '\n');
	for (i = 0; i < rows->len; i++) {
		row_cells(&g_array_index(rows, struct row, i), ind, rule,
		    hospital, digits, cells);
		/* opened in spreadsheets: text before C_DENOMINATOR guarded */
		for (c = 0; c < C__N; c++) {
			if (c < C_DENOMINATOR)
				qi_emit_csv_text(fp, cells[c]);
			else
				qi_emit_csv_field(fp, cells[c]);
			fputc(c + 1 < C__N ? ',' : '\n', fp);
		}
	}
}

/* The sums of one period's listed stays. */
struct total {
	struct qi_period	 period;
	long			 stays, denominator, numerator;
	double			 exposure;
	long			 excluded[QI_EXCL_MAX];
};

/* Add r into the total of period p in totals (kept in period order). */
static void
add_total(GArray *totals, struct qi_period p, const struct row *r)
{
	struct total *t = NULL, nt;
	size_t i;

	for (i = 0; i < totals->len; i++) {
		t = &g_array_index(totals, struct total, i);
		if (qi_period_cmp(t->period, p) >= 0)
			break;
	}
	if (i == totals->len || qi_period_cmp(t->period, p) != 0) {
		memset(&nt, 0, sizeof(nt));
		nt.period = p;
		g_array_insert_val(totals, i, nt);
	}
	t = &g_array_index(totals, struct total, i);
	t->stays++;
	if (r->exclusion >= 0) {
		t->excluded[r->exclusion]++;
		return;
	}
	t->denominator += r->denominator;
	t->numerator += r->numerator;
	t->exposure += r->exposure;
}

/*
 * The totals of each fiscal year and quarter of the rows (the rows are
 * those of the period asked for, with --period: a year and its quarters,
 * or a quarter): what results.csv gives the hospital for each period.
 */
static GArray *
totals_of(const GArray *rows, const struct opts *o)
{
	GArray *totals = g_array_new(FALSE, FALSE, sizeof(struct total));
	const struct row *r;
	struct qi_period fy;
	size_t i;

	for (i = 0; i < rows->len; i++) {
		r = &g_array_index(rows, struct row, i);
		fy.fy = r->period.fy;
		fy.q = 0;
		if (o->period == NULL || o->want.q == 0)
			add_total(totals, fy, r);
		add_total(totals, r->period, r);
	}
	return totals;
}

/*
 * The table: a title line, one row per stay, then the totals per period,
 * with the stays each exclusion removed.
 */
static void
write_table(const GArray *rows, const struct opts *o,
    const struct qi_indicator *ind, const struct qi_rule *rule,
    const struct qi_hospital *h, FILE *fp)
{
	char *text;
	static const enum qi_table_align al[C__N] = {
		QI_TABLE_LEFT, QI_TABLE_LEFT, QI_TABLE_LEFT, QI_TABLE_LEFT,
		QI_TABLE_LEFT, QI_TABLE_LEFT, QI_TABLE_LEFT, QI_TABLE_LEFT,
		QI_TABLE_RIGHT, QI_TABLE_RIGHT, QI_TABLE_RIGHT
	};
	const char *th[4 + QI_EXCL_MAX + 1];
	enum qi_table_align ta[4 + QI_EXCL_MAX + 1];
	char cells[C__N][64], tc[4 + QI_EXCL_MAX + 1][64];
	const char *cp[C__N], *tp[4 + QI_EXCL_MAX + 1];
	int rate = ind->exposure_value.x != NULL;
	size_t ncol = rate ? C__N : C__N - 1, i, c, e, nt;
	struct qi_table *t;
	GArray *totals;

	fprintf(fp, "%s %s: %s (version %ld)%s%s\n\n", h->id, h->name_ja,
	    ind->id, ind->version, o->variant != NULL ? ", variant " : "",
	    o->variant != NULL ? o->variant : "");
	/* the hospital is in the title: columns from the stay on */
	t = qi_table_alloc(ncol - 1, headers + 1, al + 1);
	for (i = 0; i < rows->len; i++) {
		row_cells(&g_array_index(rows, struct row, i), ind, rule,
		    h->id, o->digits, cells);
		for (c = 0; c < C__N; c++)
			cp[c] = cells[c];
		qi_table_add(t, cp + 1);
	}
	if (rows->len > 0)
		qi_table_print(t, 40, fp);
	else
		fputs("no stay counted or excluded\n", fp);
	qi_table_free(t);

	/* totals: period, stays, denominator, numerator[, exposure], each
	   exclusion */
	nt = 0;
	th[nt] = "period";
	ta[nt++] = QI_TABLE_LEFT;
	th[nt] = "stays";
	ta[nt++] = QI_TABLE_RIGHT;
	th[nt] = "denominator";
	ta[nt++] = QI_TABLE_RIGHT;
	th[nt] = "numerator";
	ta[nt++] = QI_TABLE_RIGHT;
	if (rate) {
		th[nt] = "exposure";
		ta[nt++] = QI_TABLE_RIGHT;
	}
	for (c = 0; c < rule->nexcl; c++) {
		th[nt] = rule->excl[c].name;
		ta[nt++] = QI_TABLE_RIGHT;
	}
	totals = totals_of(rows, o);
	t = qi_table_alloc(nt, th, ta);
	for (i = 0; i < totals->len; i++) {
		const struct total *s = &g_array_index(totals, struct total, i);

		c = 0;
		qi_period_format(s->period, tc[c++], 64);
		snprintf(tc[c++], 64, "%ld", s->stays);
		snprintf(tc[c++], 64, "%ld", s->denominator);
		snprintf(tc[c++], 64, "%ld", s->numerator);
		if (rate) {
			text = cmd_real_text(s->exposure, o->digits, -1);
			g_strlcpy(tc[c++], text, 64);
			g_free(text);
		}
		for (e = 0; e < rule->nexcl; e++)
			snprintf(tc[c++], 64, "%ld", s->excluded[e]);
		for (c = 0; c < nt; c++)
			tp[c] = tc[c];
		qi_table_add(t, tp);
	}
	if (totals->len > 0) {
		fputs("\ntotals (as results.csv gives this hospital; stays "
		    "excluded by each exclusion):\n", fp);
		qi_table_print(t, 0, fp);
	}
	qi_table_free(t);
	g_array_free(totals, TRUE);
}

/*
 * JSON: the hospital, indicator and variant, the stays as objects of the
 * CSV's columns (numbers as numbers, what is empty in CSV null), and the
 * totals of each period, each exclusion's stays by its name.
 */
static void
write_json(const GArray *rows, const struct opts *o,
    const struct qi_indicator *ind, const struct qi_rule *rule,
    const char *hospital, FILE *fp)
{
	char cells[C__N][64];
	GArray *totals;
	size_t i, c, e;

	fputs("{\n  \"hospital\": ", fp);
	qi_emit_json_string(fp, hospital);
	fputs(",\n  \"indicator\": ", fp);
	qi_emit_json_string(fp, ind->id);
	fprintf(fp, ",\n  \"version\": %ld,\n  \"variant\": ", ind->version);
	qi_emit_json_string(fp, o->variant);
	fputs(",\n  \"stays\": [", fp);
	for (i = 0; i < rows->len; i++) {
		const struct row *r = &g_array_index(rows, struct row, i);

		row_cells(r, ind, rule, hospital, o->digits, cells);
		fputs(i ? ",\n    {" : "\n    {", fp);
		for (c = C_STAY; c <= C_EXCLUSION; c++) {
			fprintf(fp, "%s\"%s\": ", c > C_STAY ? ", " : "",
			    headers[c]);
			qi_emit_json_string(fp, cells[c][0] != '\0' ?
			    cells[c] : NULL);
		}
		cmd_json_count(fp, "denominator", r->exclusion < 0 ?
		    r->denominator : -1);
		cmd_json_count(fp, "numerator", r->exclusion < 0 ?
		    r->numerator : -1);
		fputs(", \"exposure\": ", fp);
		qi_emit_json_real(fp, r->exclusion < 0 &&
		    ind->exposure_value.x != NULL ? r->exposure : NAN,
		    o->digits);
		putc('}', fp);
	}
	fputs(rows->len ? "\n  ],\n  \"totals\": [" : "],\n  \"totals\": [",
	    fp);
	totals = totals_of(rows, o);
	for (i = 0; i < totals->len; i++) {
		const struct total *t = &g_array_index(totals, struct total, i);

		qi_period_format(t->period, cells[0], 64);
		fputs(i ? ",\n    {\"period\": " : "\n    {\"period\": ", fp);
		qi_emit_json_string(fp, cells[0]);
		cmd_json_count(fp, "stays", t->stays);
		cmd_json_count(fp, "denominator", t->denominator);
		cmd_json_count(fp, "numerator", t->numerator);
		fputs(", \"exposure\": ", fp);
		qi_emit_json_real(fp, ind->exposure_value.x != NULL ?
		    t->exposure : NAN, o->digits);
		fputs(", \"excluded\": {", fp);
		for (e = 0; e < rule->nexcl; e++) {
			fputs(e ? ", " : "", fp);
			qi_emit_json_string(fp, rule->excl[e].name);
			fprintf(fp, ": %ld", t->excluded[e]);
		}
		fputs("}}", fp);
	}
	fputs(totals->len ? "\n  ]\n}\n" : "]\n}\n", fp);
	g_array_free(totals, TRUE);
}

/*
 * Whether path lies in an output tree that qi publish reads: the folder
 * output/ of the current directory (every other command's default -o),
 * or a folder holding a results.json (the manifest qi compute and qi run
 * write), or a folder below either.  *tree is set to that folder.
 */
static int
in_output_tree(const char *path, char **tree)
{
	char *dir = g_path_get_dirname(path), *cur, *up, *m;
	char *deflt = realpath("output", NULL);
	int found = 0;

	cur = realpath(dir, NULL);
	g_free(dir);
	while (cur != NULL && !found) {
		m = g_build_filename(cur, "results.json", NULL);
		found = (deflt != NULL && strcmp(cur, deflt) == 0) ||
		    g_file_test(m, G_FILE_TEST_EXISTS);
		g_free(m);
		if (found) {
			*tree = g_strdup(cur);
			break;
		}
		up = g_path_get_dirname(cur);
		if (strcmp(up, cur) == 0) {
			g_free(up);
			break;
		}
		free(cur);
		cur = strdup(up);
		g_free(up);
	}
	free(cur);
	free(deflt);
	return found;
}

/* Refuse a destination that is a folder or inside an output tree. */
static enum qi_err
check_dest(const char *dest, struct qi_diag *diag)
{
	char *tree = NULL;

	if (g_file_test(dest, G_FILE_TEST_IS_DIR)) {
		qi_diag_add(diag, QI_ERROR, dest, 0, 0, "give a file name, or "
		    "-o - for standard output", "-o names a folder");
		return QI_EUSAGE;
	}
	if (in_output_tree(dest, &tree)) {
		qi_diag_add(diag, QI_ERROR, dest, 0, 0, "qi explain lists "
		    "patients' stays: write it outside the output folder, or "
		    "to standard output", "refusing to write patient-level "
		    "rows into the output tree %s, which qi publish reads",
		    tree);
		g_free(tree);
		return QI_EUSAGE;
	}
	return QI_OK;
}

enum qi_err
cmd_explain(int argc, char *argv[], struct qi_diag *diag)
{
	struct opts o;
	struct qi_inputs in;
	struct qi_engine_hook hook;
	struct watch w;
	struct qi_defset *defs = NULL;
	struct qi_registry *reg = NULL;
	struct cmd_out out;
	size_t var = 0;
	long ind = -1, hosp = -1;
	enum qi_err rc;

	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	memset(&w, 0, sizeof(w));
	g_mutex_init(&w.lock);
	w.rows = g_array_new(FALSE, FALSE, sizeof(struct row));
	w.o = &o;
	if ((rc = opts_parse(&cmd_explain_def, argc, argv, &o)) != QI_OK ||
	    o.help)
		goto out;
	if (o.indicator == NULL || o.nhospitals != 1) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "qi explain --hospital "
		    "H --indicator I [--period P]", "give one --hospital and "
		    "--indicator");
		rc = QI_EUSAGE;
		goto out;
	}
	if (strcmp(o.output, "-") != 0 &&
	    (rc = check_dest(o.output, diag)) != QI_OK)
		goto out;
	/* counts carry no stays */
	g_free(o.counts);
	o.counts = NULL;
	/* no manifest: inputs_load() need not hash the inputs */
	o.tallies_only = 1;

	/*
	 * The hospital and the rule first, so that a misspelling is told
	 * before the records are read; inputs_load() then reads them with
	 * these definitions.
	 */
	if ((rc = method_load(&o, &defs, &reg, diag)) != QI_OK ||
	    (rc = resolve(&o, defs, reg, &ind, &var, &hosp,
	    diag)) != QI_OK)
		goto out;
	in.defs = defs;
	defs = NULL;
	memset(&hook, 0, sizeof(hook));
	hook.indicator = (size_t)ind;
	hook.variant = var;
	hook.hospital = hosp;
	hook.only = 1;		/* the other indicators' sums are not shown */
	hook.fn = watch_stay;
	hook.arg = &w;
	qi_engine_hook_default(&hook);
	rc = inputs_load(&o, &in, diag);
	qi_engine_hook_default(NULL);
	if (rc != QI_OK)
		goto out;
	if (in.stays == 0) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "give --data DIR with "
		    "stays.csv and events.csv, or --stays FILE --events FILE",
		    "no patient-level records: qi explain lists stays");
		rc = QI_EUSAGE;
		goto out;
	}
	if (in.nskipped > 0)
		qi_diag_add(diag, QI_WARNING, NULL, 0, 0, "qi check lists "
		    "them", "bad rows were skipped (--skip-bad-rows): their "
		    "stays are not listed, as they are not counted");
	g_array_sort(w.rows, row_cmp);

	/* a file: written beside it and renamed, whole or not at all */
	if ((rc = cmd_out_open(&out, o.output, o.as, o.digits, diag)) !=
	    QI_OK)
		goto out;
	{
		const struct qi_indicator *d = &in.defs->v[ind];
		const struct qi_rule *rule = qi_indicator_rule(d, var);
		const struct qi_hospital *h = &in.reg->hosps[hosp];

		if (out.as == OPTS_AS_TABLE)
			write_table(w.rows, &o, d, rule, h, out.fp);
		else if (out.as == OPTS_AS_JSON)
			write_json(w.rows, &o, d, rule, h->id, out.fp);
		else
			write_csv(w.rows, d, rule, h->id, o.digits, out.fp);
	}
	if ((rc = cmd_out_close(&out, rc, diag)) == QI_OK &&
	    out.path != NULL && w.rows->len > 0)
		qi_diag_add(diag, QI_NOTE, out.path, 0, 0, NULL, "%u stays "
		    "listed", w.rows->len);
	if (rc == QI_OK && w.rows->len == 0)
		qi_diag_add(diag, QI_NOTE, NULL, 0, 0, NULL, "no stay of "
		    "hospital '%s' is counted or excluded by '%s'%s%s",
		    o.hospital[0], o.indicator, o.period != NULL ? " in " : "",
		    o.period != NULL ? o.period : "");
out:
	rc = cmd_out_close(&out, rc, diag);
	qi_defset_free(defs);
	qi_registry_free(reg);
	qi_inputs_free(&in);
	opts_free(&o);
	g_array_free(w.rows, TRUE);
	g_mutex_clear(&w.lock);
	return rc;
}

/* qi explain's entry in the command table (main.c): its options and help. */
const struct cmd cmd_explain_def = {
	.name = "explain",
	.fn = cmd_explain,
	.opts = OPTS_OUTPUT | OPTS_OUTFILE | OPTS_DEFS | OPTS_REGISTRY |
	    OPTS_ENCODING | OPTS_PATIENT | OPTS_SELECT | OPTS_SIDES |
	    OPTS_VARIANT | OPTS_PRINT,
	.synopsis =
	    "list the stays behind one hospital's numerator and "
	    "denominator",
	.usage =
	    "usage: qi explain --hospital H --indicator I [--period P] [options]\n"
	    "Lists each stay of hospital H that indicator I counts in its\n"
	    "denominator (and whether in its numerator) or removes by a named\n"
	    "exclusion, with what it adds to the numerator, denominator and\n"
	    "exposure, then (as a table) the totals of each period, which are\n"
	    "the hospital's counts in results.csv.  Patient-level: written to\n"
	    "standard output or to -o FILE, never into an output folder.\n\n"
	    "      --hospital H         the hospital (required)\n"
	    "      --indicator I        the indicator (required; patient-level)\n"
	    "      --period P           FY2024 or FY2024Q1 (default: every period)\n"
	    "      --variant NAME       the stays of this variant of I\n"
	    "  -o, --output FILE        write to FILE (default -: standard output);\n"
	    "                           refused inside an output folder\n"
	    PRINT_OPTIONS
	    COMMON_DEFS
	    "  -d, --data DIR           folder with the registry and the records\n"
	    "                           (default: output/sample)\n"
	    "      --organisations FILE, --hospitals FILE  as for qi compute\n"
	    "      --encoding ENC       input CSV encoding: utf-8 (default), cp932\n"
	    COMMON_PATIENT
	    "  -h, --help               this help\n"
};
