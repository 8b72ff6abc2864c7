/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * instream.h -- one input file read as a stream of bytes.  Every reader
 * of a user's file opens it here, so that every input may be
 *  - a regular file, a pipe or a FIFO ("-" is standard input): read once,
 *    front to back, never reopened or measured twice;
 *  - compressed with gzip (zlib) or Zstandard (libzstd), recognised by its
 *    first bytes, not by its name; other bytes are read as they are.
 * The SHA-256 of the bytes taken from the file (compressed bytes as they
 * are on disk) is computed as they are read, so the manifest names
 * exactly the bytes the results come from, for a pipe or for a file that
 * is changed during the run.
 */
#ifndef QI_INSTREAM_H
#define QI_INSTREAM_H

#include <stddef.h>
#include <stdint.h>

#include "base.h"

enum qi_compression {
	QI_COMP_NONE,
	QI_COMP_GZIP,
	QI_COMP_ZSTD
};

struct qi_instream;

/*
 * Open path ("-": standard input, not closed at the end).  Returns QI_OK
 * and *out (release with qi_instream_free()), or QI_ESYS with the reason
 * recorded in diag at path.
 */
enum qi_err	 qi_instream_open(const char *path, struct qi_instream **out,
		    struct qi_diag *);

/*
 * Up to n bytes of the content (decompressed) into buf.  Returns the
 * number of bytes, 0 at the end, -1 on a read or decompression failure
 * (recorded in diag at the path, once).  A compressed stream that ends
 * inside a frame is a failure ("truncated gzip data").
 */
long		 qi_instream_read(struct qi_instream *, void *buf, size_t n);

/*
 * The SHA-256 of every byte taken from the file so far, as 64 lower-case
 * hex digits.  Call it after qi_instream_read() returned 0 to name the
 * whole file; qi_instream_drain() reads the rest first.  -1 on failure.
 */
int		 qi_instream_digest(struct qi_instream *, char out[65]);
/* Read (and hash) what is left, e.g. after a reader stopped early. */
int		 qi_instream_drain(struct qi_instream *);

enum qi_compression qi_instream_compression(const struct qi_instream *);
/* Bytes taken from the file so far (compressed, as on disk). */
uint64_t	 qi_instream_raw_bytes(const struct qi_instream *);
/* Size of a regular file in bytes as on disk; 0 for a pipe or FIFO. */
uint64_t	 qi_instream_file_size(const struct qi_instream *);
const char	*qi_instream_path(const struct qi_instream *);

void		 qi_instream_free(struct qi_instream *);

#endif /* QI_INSTREAM_H */
