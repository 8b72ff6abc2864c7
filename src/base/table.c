/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * table.c -- aligned text tables measured in terminal cells; cells shown
 * without the control characters a terminal would act on (U+FFFD instead).
 */
#include <string.h>

#include <glib.h>

#include "emit.h"
#include "table.h"

struct qi_table {
	size_t		 ncols;
	char		**headers;	/* ncols strings, owned */
	enum qi_table_align	*aligns;	/* ncols */
	GPtrArray	*rows;		/* of char ** (ncols strings), owned */
};

static void
row_free(gpointer p)
{
	g_strfreev(p);
}

static char **
row_copy(size_t n, const char *const *cells)
{
	char **row = g_new0(char *, n + 1);
	size_t i;

	for (i = 0; i < n; i++)
		row[i] = qi_text_no_controls(cells[i] != NULL ? cells[i] : "",
		    0);
	return row;
}

struct qi_table *
qi_table_alloc(size_t ncols, const char *const *headers,
    const enum qi_table_align *aligns)
{
	struct qi_table *t = g_new0(struct qi_table, 1);

	t->ncols = ncols;
	t->headers = row_copy(ncols, headers);
	t->aligns = g_memdup2(aligns, ncols * sizeof(*aligns));
	t->rows = g_ptr_array_new_with_free_func(row_free);
	return t;
}

void
qi_table_free(struct qi_table *t)
{
	if (t == NULL)
		return;
	g_strfreev(t->headers);
	g_free(t->aligns);
	g_ptr_array_unref(t->rows);
	g_free(t);
}

void
qi_table_add(struct qi_table *t, const char *const *cells)
{
	g_ptr_array_add(t->rows, row_copy(t->ncols, cells));
}

/* Cells of one character: 2 for East Asian wide, 0 for combining marks. */
static size_t
char_cells(gunichar c)
{
	if (g_unichar_iszerowidth(c))
		return 0;
	return g_unichar_iswide(c) ? 2 : 1;
}

size_t
qi_text_cells(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s = g_utf8_next_char(s))
		w += char_cells(g_utf8_get_char(s));
	return w;
}

/*
 * A copy of s cut to at most max cells, with "…" (one cell) at the end
 * when something was cut; max = 0 means no limit.  Caller frees.
 */
static char *
clip(const char *s, size_t max)
{
	GString *out;
	size_t w = 0, cw;

	if (max == 0 || qi_text_cells(s) <= max)
		return g_strdup(s);
	out = g_string_new(NULL);
	for (; *s != '\0'; s = g_utf8_next_char(s)) {
		cw = char_cells(g_utf8_get_char(s));
		if (w + cw > max - 1)
			break;
		g_string_append_len(out, s, g_utf8_next_char(s) - s);
		w += cw;
	}
	g_string_append(out, "…");
	return g_string_free(out, FALSE);
}

static void
print_row(const struct qi_table *t, char **row, const size_t *width,
    size_t max, FILE *fp)
{
	size_t i, w, pad;
	char *cell;

	for (i = 0; i < t->ncols; i++) {
		cell = clip(row[i], max);
		w = qi_text_cells(cell);
		pad = width[i] > w ? width[i] - w : 0;
		if (i > 0)
			fputs("  ", fp);
		if (t->aligns[i] == QI_TABLE_RIGHT)
			fprintf(fp, "%*s%s", (int)pad, "", cell);
		else if (i + 1 < t->ncols)
			fprintf(fp, "%s%*s", cell, (int)pad, "");
		else
			fputs(cell, fp);	/* no trailing blanks */
		g_free(cell);
	}
	fputc('\n', fp);
}

void
qi_table_print(const struct qi_table *t, size_t max, FILE *fp)
{
	size_t *width = g_new0(size_t, t->ncols);
	size_t i, r, w, total = 0;
	char *cell;

	for (r = 0; r <= t->rows->len; r++) {
		char **row = r == 0 ? t->headers : t->rows->pdata[r - 1];

		for (i = 0; i < t->ncols; i++) {
			cell = clip(row[i], max);
			w = qi_text_cells(cell);
			if (w > width[i])
				width[i] = w;
			g_free(cell);
		}
	}
	print_row(t, t->headers, width, max, fp);
	for (i = 0; i < t->ncols; i++)
		total += width[i] + (i > 0 ? 2 : 0);
	for (i = 0; i < total; i++)
		fputc('-', fp);
	fputc('\n', fp);
	for (r = 0; r < t->rows->len; r++)
		print_row(t, t->rows->pdata[r], width, max, fp);
	g_free(width);
}
