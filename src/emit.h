/*
 * emit.h -- writing values into CSV and JSON text, shared by every
 * writer so that the same value is spelled the same way everywhere.
 */
#ifndef QI_EMIT_H
#define QI_EMIT_H

#include <stdio.h>

/* A CSV field, quoted when it holds ',', '"', CR or LF (RFC 4180). */
void	qi_emit_csv_field(FILE *, const char *);
/* A JSON string literal; NULL is written as null.  UTF-8 passes through. */
void	qi_emit_json_string(FILE *, const char *);

#endif /* QI_EMIT_H */
