/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * xlsx.c -- an organisation's workbook (ORG/data/ORG.xlsx, and
 * qi export --xlsx): a first sheet with each definition's title, unit,
 * direction and method, then one sheet per indicator holding the rows of
 * its CSV download (site_data_rows), cell for cell (qi_result_cells):
 * counts as whole numbers, rates as numbers with a number format,
 * withheld values empty beside their status, text always as a string
 * cell, never a formula.  The document's dates are fixed and
 * libxlsxwriter dates every zip entry 1980-01-01, so the same results
 * give the same bytes.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "site.h"

/* 2000-01-01T00:00:00Z: the workbook's creation date, whatever the day. */
#define WORKBOOK_CREATED	((time_t)946684800)

/* Excel's limit on a sheet name, in characters. */
#define SHEET_NAME_MAX		31

/* The definitions sheet's columns. */
static const char *const def_columns[] = {
	"sheet", "indicator", "version", "title", "title_en", "unit",
	"direction", "numerator", "denominator", "exclusions",
	"numerator_en", "denominator_en", "exclusions_en", "exposure",
	"method", "level", "min_denominator", "min_numerator", "risk_model"
};
#define NDEF_COLUMNS	(sizeof(def_columns) / sizeof(def_columns[0]))

struct book {
	lxw_workbook	*wb;
	lxw_format	*head;		/* header row: bold */
	lxw_format	*whole;		/* counts: 0 */
	lxw_format	*real;		/* reals: 0.0000 */
	lxw_format	*percent;	/* rates of a percent unit: 0.00% */
	GHashTable	*names;		/* sheet names taken, case-folded; owned */
	lxw_error	 err;		/* first error of libxlsxwriter */
};

/* Keep the first error of a libxlsxwriter call. */
static void
check(struct book *b, lxw_error e)
{
	if (b->err == LXW_NO_ERROR)
		b->err = e;
}

/*
 * A sheet name for id (a new string): the characters Excel refuses in
 * one ([]:*?/\) as '_', at most 31 characters, and unique among the
 * sheets (Excel compares names without case; "History" is Excel's): a
 * taken name ends in ~2, ~3, ...  No name starts or ends with an
 * apostrophe.
 */
static char *
sheet_name(struct book *b, const char *id)
{
	GString *g = g_string_new(NULL);
	const char *p;
	char *name, *folded, suffix[24];
	glong len;
	unsigned n;

	for (p = id; *p != '\0'; p = g_utf8_next_char(p)) {
		if (strchr("[]:*?/\\", *p) != NULL ||
		    (*p == '\'' && (p == id || p[1] == '\0')))
			g_string_append_c(g, '_');
		else
			g_string_append_len(g, p, g_utf8_next_char(p) - p);
	}
	if (g->len == 0)
		g_string_append_c(g, '_');
	for (n = 1;; n++) {
		suffix[0] = '\0';
		if (n > 1)
			snprintf(suffix, sizeof(suffix), "~%u", n);
		len = SHEET_NAME_MAX - (glong)strlen(suffix);
		if (g_utf8_strlen(g->str, -1) < len)
			len = g_utf8_strlen(g->str, -1);
		name = g_malloc(strlen(g->str) + sizeof(suffix));
		p = g_utf8_offset_to_pointer(g->str, len);
		memcpy(name, g->str, (size_t)(p - g->str));
		strcpy(name + (p - g->str), suffix);
		folded = g_utf8_casefold(name, -1);
		if (!g_hash_table_contains(b->names, folded)) {
			g_hash_table_add(b->names, folded);
			break;
		}
		g_free(folded);
		g_free(name);
	}
	g_string_free(g, TRUE);
	return name;
}

static lxw_worksheet *
add_sheet(struct book *b, const char *name, const char *const *heads,
    size_t n)
{
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
	size_t k;

	if (ws == NULL) {
		check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return NULL;
	}
	for (k = 0; k < n; k++)
		check(b, worksheet_write_string(ws, 0, (lxw_col_t)k, heads[k],
		    b->head));
	worksheet_freeze_panes(ws, 1, 0);
	return ws;
}

/* A text cell: always a string (a leading '=' stays text); NULL empty. */
static void
put_text(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
    const char *s)
{
	if (s != NULL && *s != '\0')
		check(b, worksheet_write_string(ws, row, col, s, NULL));
}

static void
put_number(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
    double v, lxw_format *f)
{
	check(b, worksheet_write_number(ws, row, col, v, f));
}

/* The definitions sheet: one row per indicator, naming its sheet. */
static void
definitions(struct book *b, const struct site *s, char **sheets)
{
	lxw_worksheet *ws;
	lxw_row_t row = 0;
	size_t i;

	if ((ws = add_sheet(b, "definitions", def_columns, NDEF_COLUMNS)) ==
	    NULL)
		return;
	worksheet_set_column(ws, 0, 1, 24, NULL);
	worksheet_set_column(ws, 3, 4, 40, NULL);
	for (i = 0; i < s->defs->n; i++) {
		const struct qi_indicator *ind = &s->defs->v[i];

		if (qi_kind_location(ind->kind))
			continue;	/* the site shows no means (yet) */
		row++;
		put_text(b, ws, row, 0, sheets[i]);
		put_text(b, ws, row, 1, ind->id);
		put_number(b, ws, row, 2, (double)ind->version, b->whole);
		put_text(b, ws, row, 3, ind->title.ja);
		put_text(b, ws, row, 4, ind->title.en);
		put_text(b, ws, row, 5, qi_name_of(qi_unit_names,
		    (int)ind->unit));
		put_text(b, ws, row, 6, qi_name_of(qi_direction_names,
		    (int)ind->direction));
		put_text(b, ws, row, 7, ind->numerator.ja);
		put_text(b, ws, row, 8, ind->denominator.ja);
		put_text(b, ws, row, 9, ind->exclusions.ja);
		put_text(b, ws, row, 10, ind->numerator.en);
		put_text(b, ws, row, 11, ind->denominator.en);
		put_text(b, ws, row, 12, ind->exclusions.en);
		if (ind->kind == QI_KIND_RATE)
			put_text(b, ws, row, 13, ind->exposure.ja);
		put_text(b, ws, row, 14, ind->kind == QI_KIND_RATE ?
		    qi_name_of(qi_rate_method_names, (int)ind->rate_method) :
		    qi_name_of(qi_ci_method_names, (int)ind->method));
		put_number(b, ws, row, 15, ind->level, NULL);
		put_number(b, ws, row, 16, (double)ind->min_denominator,
		    b->whole);
		put_number(b, ws, row, 17, (double)ind->min_numerator,
		    b->whole);
		put_text(b, ws, row, 18, ind->risk_model.ja);
	}
}

/*
 * An indicator's sheet: the rows of its CSV download, each cell as
 * qi_result_cells gives it, the rate columns (rate, lower, upper) in the
 * unit's format.
 */
static void
indicator_sheet(struct book *b, const struct site *s, long org, size_t i,
    const char *name)
{
	const struct qi_indicator *ind = &s->defs->v[i];
	struct qi_results *sub;
	struct qi_cell c[QI_RESULT_COLUMNS];
	lxw_worksheet *ws;
	lxw_format *f, *rate;
	char period[16];
	size_t j, k;

	if ((ws = add_sheet(b, name, qi_result_columns, QI_RESULT_COLUMNS)) ==
	    NULL)
		return;
	worksheet_set_column(ws, 0, 0, 24, NULL);
	worksheet_set_column(ws, 6, 6, 28, NULL);
	rate = ind->unit == QI_UNIT_PERCENT ? b->percent : b->real;
	sub = site_data_rows(s, i, org);
	for (j = 0; j < sub->n && b->err == LXW_NO_ERROR; j++) {
		qi_result_cells(sub, j, period, c);
		for (k = 0; k < QI_RESULT_COLUMNS; k++) {
			f = k >= 9 && k <= 11 ? rate : b->real;
			if (c[k].kind == QI_CELL_TEXT)
				put_text(b, ws, (lxw_row_t)(j + 1),
				    (lxw_col_t)k, c[k].text);
			else if (c[k].kind == QI_CELL_COUNT)
				put_number(b, ws, (lxw_row_t)(j + 1),
				    (lxw_col_t)k, c[k].v, b->whole);
			else if (c[k].kind == QI_CELL_REAL)
				put_number(b, ws, (lxw_row_t)(j + 1),
				    (lxw_col_t)k, c[k].v, f);
			else if (c[k].kind == QI_CELL_LEVEL)
				put_number(b, ws, (lxw_row_t)(j + 1),
				    (lxw_col_t)k, c[k].v, NULL);
		}
	}
	qi_results_free(sub);
}

/*
 * The workbook of organisation org (-1: every organisation's hospitals)
 * into *buf (g_free) and *len.  libxlsxwriter writes only to a named
 * file: it is made in a private temporary folder, read back and removed.
 */
enum qi_err
site_workbook(const struct site *s, long org, char **buf, size_t *len)
{
	lxw_doc_properties props;
	struct book b;
	GError *gerr = NULL;
	char *dir, *path = NULL, **sheets = NULL;
	gsize n;
	size_t i;
	enum qi_err rc = QI_OK;

	*buf = NULL;
	*len = 0;
	memset(&b, 0, sizeof(b));
	if ((dir = g_dir_make_tmp("qi-xlsx-XXXXXX", &gerr)) == NULL) {
		qi_diag_add(s->diag, QI_ERROR, NULL, 0, 0, NULL,
		    "cannot create a temporary folder: %s", gerr->message);
		g_error_free(gerr);
		return QI_ESYS;
	}
	path = g_build_filename(dir, "book.xlsx", NULL);
	if ((b.wb = workbook_new(path)) == NULL) {
		qi_diag_add(s->diag, QI_ERROR, path, 0, 0, NULL,
		    "cannot start a workbook");
		rc = QI_ESYS;
		goto out;
	}
	memset(&props, 0, sizeof(props));
	props.created = WORKBOOK_CREATED;
	check(&b, workbook_set_properties(b.wb, &props));
	b.head = workbook_add_format(b.wb);
	format_set_bold(b.head);
	b.whole = workbook_add_format(b.wb);
	format_set_num_format(b.whole, "0");
	b.real = workbook_add_format(b.wb);
	format_set_num_format(b.real, "0.0000");
	b.percent = workbook_add_format(b.wb);
	format_set_num_format(b.percent, "0.00%");
	b.names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	/* ours, and the one name Excel keeps for itself */
	g_hash_table_add(b.names, g_utf8_casefold("definitions", -1));
	g_hash_table_add(b.names, g_utf8_casefold("History", -1));
	sheets = g_new0(char *, s->defs->n + 1);
	for (i = 0; i < s->defs->n; i++)
		sheets[i] = sheet_name(&b, s->defs->v[i].id);
	definitions(&b, s, sheets);
	for (i = 0; i < s->defs->n && b.err == LXW_NO_ERROR; i++)
		if (!qi_kind_location(s->defs->v[i].kind))
			indicator_sheet(&b, s, org, i, sheets[i]);
	check(&b, workbook_close(b.wb));
	if (b.err != LXW_NO_ERROR) {
		qi_diag_add(s->diag, QI_ERROR, NULL, 0, 0, NULL,
		    "cannot write the workbook: %s", lxw_strerror(b.err));
		rc = QI_ESYS;
	} else if (!g_file_get_contents(path, buf, &n, &gerr)) {
		qi_diag_add(s->diag, QI_ERROR, path, 0, 0, NULL,
		    "cannot read the workbook back: %s", gerr->message);
		g_error_free(gerr);
		rc = QI_ESYS;
	} else
		*len = n;
out:
	if (b.names != NULL)
		g_hash_table_destroy(b.names);
	g_strfreev(sheets);
	g_remove(path);
	g_rmdir(dir);
	g_free(path);
	g_free(dir);
	return rc;
}
