/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * diag.c -- diagnostics: problems found in user files and system failures,
 * collected in order and printed once by the command layer.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "base.h"

struct qi_diag_entry {
	enum qi_level	 level;
	char		*file;	/* may be NULL */
	unsigned	 line;	/* 1-based; 0 = unknown */
	unsigned	 col;	/* 1-based, in characters; 0 = unknown */
	char		*msg;
	char		*hint;	/* may be NULL */
};

struct qi_diag {
	GPtrArray	*entries;	/* of struct qi_diag_entry */
};

static void
entry_free(gpointer p)
{
	struct qi_diag_entry *e = p;

	g_free(e->file);
	g_free(e->msg);
	g_free(e->hint);
	g_free(e);
}

/*
 * Returns a new, empty list; release with qi_diag_free().
 */
struct qi_diag *
qi_diag_alloc(void)
{
	struct qi_diag *d;

	d = g_new0(struct qi_diag, 1);
	d->entries = g_ptr_array_new_with_free_func(entry_free);
	return d;
}

void
qi_diag_free(struct qi_diag *d)
{
	if (d == NULL)
		return;
	g_ptr_array_free(d->entries, TRUE);
	g_free(d);
}

/*
 * Record one diagnostic.  A NULL diag is allowed and ignores it.  The
 * text is kept as given; qi_diag_print() makes it safe to show.
 */
void
qi_diag_add(struct qi_diag *d, enum qi_level level, const char *file,
    unsigned line, unsigned col, const char *hint, const char *fmt, ...)
{
	struct qi_diag_entry *e;
	va_list ap;
	char *msg;

	if (d == NULL)
		return;
	e = g_new0(struct qi_diag_entry, 1);
	e->level = level;
	e->file = g_strdup(file);
	e->line = line;
	e->col = col;
	e->hint = g_strdup(hint);
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	e->msg = msg;
	g_ptr_array_add(d->entries, e);
}

void
qi_diag_move(struct qi_diag *dst, struct qi_diag *src)
{
	guint i;

	for (i = 0; i < src->entries->len; i++)
		g_ptr_array_add(dst->entries, src->entries->pdata[i]);
	g_ptr_array_set_free_func(src->entries, NULL);
	g_ptr_array_set_size(src->entries, 0);
	g_ptr_array_set_free_func(src->entries, entry_free);
}

void
qi_diag_relevel(struct qi_diag *d, enum qi_level level, const char *prefix)
{
	struct qi_diag_entry *e;
	char *m;
	size_t i;

	for (i = 0; d != NULL && i < d->entries->len; i++) {
		e = g_ptr_array_index(d->entries, i);
		if (e->level > level)
			e->level = level;
		if (prefix == NULL)
			continue;
		m = g_strconcat(prefix, e->msg, NULL);
		g_free(e->msg);
		e->msg = m;
	}
}

void
qi_diag_reroot(struct qi_diag *d, const char *from, const char *to)
{
	size_t i, n = strlen(from);
	char *f;

	for (i = 0; d != NULL && i < d->entries->len; i++) {
		struct qi_diag_entry *e = g_ptr_array_index(d->entries, i);

		if (e->file == NULL || strncmp(e->file, from, n) != 0 ||
		    (e->file[n] != '/' && e->file[n] != '\0'))
			continue;
		f = g_strconcat(to, e->file + n, NULL);
		g_free(e->file);
		e->file = f;
	}
}

size_t
qi_diag_count(const struct qi_diag *d, enum qi_level level)
{
	size_t i, n = 0;

	for (i = 0; d != NULL && i < d->entries->len; i++) {
		const struct qi_diag_entry *e = g_ptr_array_index(d->entries, i);
		if (e->level == level)
			n++;
	}
	return n;
}

static const char *
level_name(enum qi_level l)
{
	switch (l) {
	case QI_NOTE:
		return "note";
	case QI_WARNING:
		return "warning";
	default:
		return "error";
	}
}

/*
 * The most of one part of a diagnostic (file name, message or hint) that
 * is printed, in bytes: a message that echoes a 100 MB id is cut there;
 * and the most characters of a message's or hint's word (a run without
 * a space: an echoed id or value) before the rest of the word is cut.
 */
#define DIAG_PART_MAX	1000
#define DIAG_WORD_MAX	100

/*
 * s as it may reach a terminal: control characters (C0, DEL, C1) and
 * bytes that are not UTF-8 written as \xNN, so that no value read from
 * a file can move the cursor, retitle or recolour the terminal, or start
 * a line of its own; a word longer than word_max characters (0: no
 * limit) cut with an ellipsis; the whole cut after DIAG_PART_MAX bytes
 * on a whole character, with how many bytes were left out.
 */
static void
put_text(FILE *fp, const char *s, size_t word_max)
{
	const char *p = s, *end = s + strlen(s);
	gunichar c;
	size_t len, i, word = 0;

	while (p < end) {
		c = g_utf8_get_char_validated(p, end - p);
		len = c < 0x80 ? 1 : c >= (gunichar)-2 ? 1 :
		    (size_t)(g_utf8_next_char(p) - p);
		if ((size_t)(p - s) + len > DIAG_PART_MAX) {
			fprintf(fp, "... (%zu more bytes)", (size_t)(end - p));
			return;
		}
		word = c == ' ' ? 0 : word + 1;
		if (word_max > 0 && word > word_max) {
			if (word == word_max + 1)
				fputs("…", fp);
		} else if (c < 0x20 || (c >= 0x7f && c < 0xa0) ||
		    c >= (gunichar)-2)
			for (i = 0; i < len; i++)
				fprintf(fp, "\\x%02x", (unsigned char)p[i]);
		else
			fwrite(p, 1, len, fp);
		p += len;
	}
}

/*
 * Print every diagnostic as "qi: FILE:LINE:COL: LEVEL: MESSAGE", the
 * position parts left out when unknown, each hint on the next line; the
 * file, message and hint through put_text().
 */
void
qi_diag_print(const struct qi_diag *d, FILE *fp)
{
	size_t i;

	for (i = 0; d != NULL && i < d->entries->len; i++) {
		const struct qi_diag_entry *e = g_ptr_array_index(d->entries, i);

		fputs("qi: ", fp);
		if (e->file != NULL) {
			put_text(fp, e->file, 0);
			if (e->line > 0) {
				fprintf(fp, ":%u", e->line);
				if (e->col > 0)
					fprintf(fp, ":%u", e->col);
			}
			fputs(": ", fp);
		}
		fprintf(fp, "%s: ", level_name(e->level));
		put_text(fp, e->msg, DIAG_WORD_MAX);
		putc('\n', fp);
		if (e->hint != NULL) {
			fputs("    hint: ", fp);
			put_text(fp, e->hint, DIAG_WORD_MAX);
			putc('\n', fp);
		}
	}
}
