/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csvread.h -- reading CSV/TSV input files row by row (libcsv), with
 * columns found by header name, UTF-8 checked (or CP932 converted), and
 * diagnostics that point at the line and character column of a field.
 * Private to the input stages.
 */
#ifndef QI_CSVREAD_H
#define QI_CSVREAD_H

#include "base.h"

/* A column the caller wants, by header name. */
struct qi_csvcol {
	const char	*name;
	int		 required;	/* missing from the header: error */
};

struct qi_csvcfg {
	const char	*encoding;	/* NULL or "utf-8" (checked), "cp932" */
	char		 delim;		/* 0: tab if the header has tabs and no commas, else ',' */
	size_t		 max_errors;	/* per file; beyond, errors are counted, not listed */
};

void		 qi_csvcfg_defaults(struct qi_csvcfg *);

struct qi_csv;

/*
 * Open path ("-" for standard input, named "<stdin>" in diagnostics; a
 * pipe or FIFO; gzip or zstd, read decompressed) and read its header.  Returns NULL after recording the
 * problems in diag (file missing, header without a required column).
 * cols is borrowed and must outlive the reader.  Release with
 * qi_csv_close().
 */
struct qi_csv	*qi_csv_open(const char *path, const struct qi_csvcol *cols,
		    size_t ncols, const struct qi_csvcfg *, struct qi_diag *);

/*
 * Next data row.  Returns 1 and sets (*fields)[i] to the text of cols[i]
 * (NULL when an optional column is absent), valid until the next call;
 * 0 at the end of the file; -1 on a read failure (recorded).  Rows with
 * the wrong number of fields or broken quoting are recorded as errors and
 * skipped, so a caller sees every good row and every bad one is reported.
 */
int		 qi_csv_next(struct qi_csv *, const char *const **fields);

/* Whether the header has column cols[col] (optional columns). */
int		 qi_csv_has(const struct qi_csv *, size_t col);

/* Line of the current row's first character (1-based). */
unsigned	 qi_csv_line(const struct qi_csv *);

/*
 * Record an error about column cols[col] of the current row, at its line
 * and character column.  Counts toward the file's error total.
 */
void		 qi_csv_error(struct qi_csv *, size_t col, const char *hint,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A warning about column cols[col] of the current row: as an error, but
   not counted. */
void		 qi_csv_warning(struct qi_csv *, size_t col, const char *hint,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Errors recorded for this file so far (by the reader and the caller). */
size_t		 qi_csv_errors(const struct qi_csv *);

/* Bytes of one record (a line, or the lines of a quoted field). */
#define QI_CSV_RECORD_MAX	((size_t)1 << 20)

/*
 * A field holding a whole number from 0 to QI_POOL_MAX (2^53) in decimal
 * digits, nothing else ("1x", "-1", " 2", "", "0x10" are not).  Returns
 * 0 and sets *v, or -1.
 */
int		 qi_field_count(const char *s, long *v);

/*
 * A field holding a decimal number, nothing else: an optional sign,
 * digits with an optional point and more digits, an optional exponent
 * ("0.5", "-2", "1e-04"; ".5", "3.", "3.e2" are not); no hex, inf or
 * nan, nor one that overflows or underflows a double ("1e400",
 * "1e-400").  The one routine by which the readers take real numbers
 * from text.  Returns 0 and sets *v, or -1.
 */
int		 qi_field_real(const char *s, double *v);

/*
 * qi_field_count() of field col of the current row, at most max (e.g.
 * QI_COUNT_MAX), what naming it in the error recorded when it is not a
 * count or is too large.  Returns 0 and sets *v, or -1.
 */
int		 qi_csv_count(struct qi_csv *, const char *const *f,
		    size_t col, const char *what, long max, long *v);

/*
 * Field col of the current row as a name or id: no control character
 * (C0, tab and line breaks included, DEL, C1), which would reach a
 * terminal or a page raw.  Records an error naming the character
 * escaped (\x1b), what naming the field, and returns -1; else 0.
 */
int		 qi_csv_text(struct qi_csv *, const char *const *f, size_t col,
		    const char *what);

/* Close; notes how many errors were not listed, if any. */
void		 qi_csv_close(struct qi_csv *);
/*
 * Every column, mapped or not: the number of header fields, the name of
 * header field i, and field i of the row qi_csv_next() returned last
 * (NULL out of range).  For commands that echo their input.
 */
size_t		 qi_csv_width(const struct qi_csv *);
const char	*qi_csv_header(const struct qi_csv *, size_t i);
const char	*qi_csv_field(const struct qi_csv *, size_t i);

/*
 * The SHA-256 (64 hex digits) of the bytes of an input file as a reader
 * took them, recorded by every reader that reads a file whole, front to
 * back (qi_csv_close(), the records' rf_close()), so that the manifest
 * names exactly the bytes the results come from: for a pipe, which can
 * be read once, or for a file changed during the run.  By the path as
 * given to the reader; a later reading replaces an earlier one.
 * qi_read_digest_get() returns 0 and fills out, or -1 if path has not
 * been read whole.  Thread-safe.
 */
void		 qi_read_digest_put(const char *path, const char sha256[65]);
int		 qi_read_digest_get(const char *path, char out[65]);
void		 qi_read_digest_forget(const char *path);

#endif /* QI_CSVREAD_H */
