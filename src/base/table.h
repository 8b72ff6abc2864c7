/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * table.h -- an aligned text table for the terminal: columns padded by
 * their display width, so that Japanese hospital names (East Asian wide
 * characters take two cells) line up with ASCII numbers.
 */
#ifndef QI_TABLE_H
#define QI_TABLE_H

#include <stddef.h>
#include <stdio.h>

struct qi_table;

enum qi_table_align {
	QI_TABLE_LEFT,
	QI_TABLE_RIGHT
};

/* A table with ncols columns; headers and aligns are copied. */
struct qi_table	*qi_table_alloc(size_t ncols, const char *const *headers,
		    const enum qi_table_align *aligns);
void		 qi_table_free(struct qi_table *);
/* Append a row of ncols UTF-8 cells (copied); NULL prints as "". */
void		 qi_table_add(struct qi_table *, const char *const *cells);
/*
 * Print header, a rule, then the rows; cells wider than max_width
 * display cells (0 = no limit) are shortened with "…".
 */
void		 qi_table_print(const struct qi_table *, size_t max_width,
		    FILE *);
/* Display width of a UTF-8 string in terminal cells. */
size_t		 qi_text_cells(const char *);

#endif /* QI_TABLE_H */
