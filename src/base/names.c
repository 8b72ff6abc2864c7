/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * names.c -- enum values by their words (one struct qi_name table per
 * enum, kept beside the enum in its stage) and the "did you mean" hints
 * for words that are not in a table.
 */
#include <string.h>

#include <glib.h>

#include "base.h"

int
qi_name_value(const struct qi_name *t, const char *name)
{
	for (; t->name != NULL; t++)
		if (strcmp(t->name, name) == 0)
			return t->value;
	return -1;
}

char *
qi_name_list(const struct qi_name *t)
{
	GString *g = g_string_new(NULL);

	for (; t->name != NULL; t++)
		g_string_append_printf(g, "%s%s", g->len == 0 ? "" :
		    t[1].name == NULL ? " or " : ", ", t->name);
	return g_string_free(g, FALSE);
}

const char *
qi_name_of(const struct qi_name *t, int value)
{
	for (; t->name != NULL; t++)
		if (t->value == value)
			return t->name;
	return "?";
}

size_t
qi_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, *row, prev, tmp, best;

	row = g_new(size_t, lb + 1);
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	best = row[lb];
	g_free(row);
	return best;
}

long
qi_closest_word(const char *word, const char *const *words, size_t n)
{
	size_t i, d, bestd = (size_t)-1, best = 0;

	for (i = 0; i < n; i++)
		if (words[i] != NULL &&
		    (d = qi_edit_distance(word, words[i])) < bestd) {
			bestd = d;
			best = i;
		}
	return n > 0 && bestd <= 1 + strlen(word) / 3 ? (long)best : -1;
}
