/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * emit.h -- writing values into CSV and JSON text, shared by every
 * writer so that the same value is spelled the same way everywhere, and
 * text made free of control characters for HTML and the terminal.
 */
#ifndef QI_EMIT_H
#define QI_EMIT_H

#include <stdio.h>

/*
 * A CSV field, quoted when it holds ',', '"', CR or LF (RFC 4180): the
 * text exactly as it is, for the files qi reads back (results.csv,
 * tallies, trend.csv) and every other CSV.
 */
void	qi_emit_csv_field(FILE *, const char *);
/*
 * A text cell of a file meant for spreadsheets (the sites' data
 * downloads, qi compare --as csv): text starting with '=', '+', '-',
 * '@', tab or CR is written after a single quote, "'=SUM(A1)", so that
 * no spreadsheet runs it as a formula; otherwise as qi_emit_csv_field().
 * Never for numbers: -0.5 in a number column stays -0.5.
 */
void	qi_emit_csv_text(FILE *, const char *);
/*
 * A copy of the UTF-8 text s with every control character -- C0, DEL and
 * C1 (U+0080-U+009F) -- replaced by U+FFFD, tab and LF kept when
 * keep_lines: for HTML, which forbids them, and terminal tables, where
 * they would act.  Caller frees with g_free().
 */
char	*qi_text_no_controls(const char *s, int keep_lines);
/*
 * A CSV number with the given significant digits (15 in the files qi
 * writes), or with 0 the fewest that read back as the same double (0.15,
 * not 0.14999999999999999; 90, not 9e+01); NaN is an empty field.
 */
void	qi_emit_csv_real(FILE *, double, int digits);
/* A JSON string literal; NULL is written as null.  UTF-8 passes through. */
void	qi_emit_json_string(FILE *, const char *);

/*
 * A JSON number with the given significant digits (0: the fewest that
 * read back, as qi_emit_csv_real()); NaN and +-Inf, which JSON cannot
 * hold, are written as null -- the writer says why in a status member
 * beside it.
 */
void	qi_emit_json_real(FILE *, double, int digits);

#endif /* QI_EMIT_H */
