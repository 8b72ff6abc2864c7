/*
 * emit.h -- writing values into CSV and JSON text, shared by every
 * writer so that the same value is spelled the same way everywhere.
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
/* A JSON string literal; NULL is written as null.  UTF-8 passes through. */
void	qi_emit_json_string(FILE *, const char *);

#endif /* QI_EMIT_H */
