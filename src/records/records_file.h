/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * records_file.h -- one patient-level CSV/TSV file read in large blocks
 * and cut into records (quote-aware), each parsed by libcsv straight from
 * the block.  Keeps the record's raw text at hand so that a field can be
 * located at its line and character column for a diagnostic.  Private to
 * records.c.
 */
#ifndef QI_RECORDS_FILE_H
#define QI_RECORDS_FILE_H

#include <stdint.h>

#include <csv.h>
#include <glib.h>

#include "defs.h"

#define RF_RECORD_MAX	((size_t)1 << 20)	/* bytes of one record */

struct qi_instream;

struct rfile {
	char		*path;		/* the name in messages and digests */
	char		*file;		/* the file read, when not path (a
					   copy of a pipe); NULL: path */
	struct qi_instream *in;		/* the file as read: plain, gzip or
					   zstd, from a file or a pipe,
					   hashed as read (instream.h) */
	int		 fd;		/* after rf_seek(): the file read by
					   offset, -1 before (then in) */
	GIConv		 conv;		/* CP932 -> UTF-8, or (GIConv)-1 */
	char		*raw;		/* CP932 bytes not yet converted */
	size_t		 rawlen, rawcap;
	char		*buf;		/* UTF-8 text; [beg, len) not yet cut */
	size_t		 beg, len, cap;
	size_t		 block;		/* bytes per read() */
	uint64_t	 buf_off;	/* file offset of buf[0] (UTF-8 input) */
	uint64_t	 size;		/* file size in bytes; 0 unless the
					   file can be read by offset (a
					   regular, uncompressed file) */
	int		 eof;
	char		 delim;		/* ',' or '\t', from the header */
	struct csv_parser parser;
	char		*scratch;	/* unquoted fields of a quoted record */
	size_t		 scratchcap;
	size_t		 qlast;		/* buf[qlast, len) holds no '"' */
	size_t		 hlast;		/* buf[hlast, len) is all ASCII */
	/* the current record */
	const char	*rec;		/* raw text, terminator excluded */
	size_t		 reclen;
	int		 recquote;	/* it holds a double quote */
	uint64_t	 recoff;	/* file offset of its first byte */
	unsigned long	 recline;	/* relative line of its first byte */
	/* lines: absolute = 1 + newlines before line_from + relative */
	unsigned long	 line;		/* relative line of buf[beg] */
	uint64_t	 line_from;
	long		 line_base;	/* newlines before line_from; -1 unknown */
	/* diagnostics */
	struct qi_diag	*diag;
	size_t		 errors, max_errors;
	enum qi_level	 level;		/* QI_ERROR, or QI_WARNING when skipping */
};

/*
 * Open path ("-": standard input; gzip and zstd read decompressed);
 * encoding NULL/"utf-8" or "cp932".  -1 on failure (recorded).  When
 * the file has been read to its end, front to back and without rf_seek(),
 * rf_close() records the SHA-256 of its bytes as read for the manifest
 * (qi_read_digest_put(), csvread.h).
 */
int	rf_open(struct rfile *, const char *path, const char *encoding,
	    size_t block, size_t max_errors, struct qi_diag *);
void	rf_close(struct rfile *);

/*
 * Cut the next record.  1: f->rec holds it; 2: it does, but it is not
 * valid UTF-8 (reported); 0: end of file; -1: a fatal error (read failure,
 * invalid CP932, unclosed quote), recorded.  Blank lines are passed over.
 */
int	rf_next(struct rfile *);

/*
 * Continue reading at the first record that starts at or after byte off
 * (the byte after a newline).  UTF-8 input of a file with f->size > 0
 * only.  -1 on failure.
 */
int	rf_seek(struct rfile *, uint64_t off);

/* A field of the current record: n bytes at s, not NUL-terminated. */
struct rf_field {
	const char	*s;
	size_t		 n;
};

/*
 * Split the current record into its fields, the first max of them into
 * fld.  A record without quotes is split on the delimiter in place
 * (spaces around fields trimmed, as libcsv does); one with quotes is
 * parsed by libcsv into f's scratch buffer.  The fields stay valid until
 * the next rf_next() or rf_split().  Returns the number of fields in the
 * record (possibly more than max), or -1 if the quoting is broken
 * (recorded).
 */
int	rf_split(struct rfile *, struct rf_field *fld, size_t max);

/* Absolute line of the current record's first byte. */
unsigned long rf_line(struct rfile *);

/* Line and character column of the start of field k of the current record
 * (past the last field: just after the record's end). */
void	rf_pos(struct rfile *, size_t k, unsigned long *line, unsigned *col);

/* Record a diagnostic about field k of the current record. */
void	rf_error(struct rfile *, size_t k, const char *hint, const char *fmt,
	    ...) __attribute__((format(printf, 4, 5)));
/* Record a diagnostic at an explicit position. */
void	rf_error_at(struct rfile *, unsigned long line, unsigned col,
	    const char *hint, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

#endif /* QI_RECORDS_FILE_H */
