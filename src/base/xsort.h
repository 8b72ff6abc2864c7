/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * xsort.h -- an external merge sort of byte records, for inputs that come
 * in any order and may be larger than memory (the DPC files).
 *
 * Records are added with a key and a payload.  They are held in memory up
 * to a budget; beyond it each full buffer is sorted and written to a run
 * file in a folder the caller names, and reading back merges the runs.
 * Keys are compared as bytes (memcmp; a key that is a prefix of another
 * sorts first); records with equal keys keep the order they were added
 * in, so the result does not depend on the budget.  Memory: the budget,
 * plus one read buffer of 64 KiB per run while merging.
 */
#ifndef QI_XSORT_H
#define QI_XSORT_H

#include <stddef.h>
#include <stdint.h>

#include "base.h"

#define QI_XSORT_KEY_MAX	255	/* bytes of one key */
#define QI_XSORT_REC_MAX	65535	/* bytes of key and payload */

struct qi_xsort;

/*
 * A sorter spilling to files named dir/PREFIX-N (dir must exist; the run
 * files are removed by qi_xsort_free()).  budget: bytes of records held
 * in memory before a run is written (at least 1 KiB).
 */
struct qi_xsort	*qi_xsort_alloc(const char *dir, const char *prefix,
		    size_t budget);

/*
 * Add a record.  0, or -1 when a run cannot be written (recorded in
 * diag at the run file's path).  klen <= QI_XSORT_KEY_MAX and
 * klen + plen <= QI_XSORT_REC_MAX.
 */
int		 qi_xsort_add(struct qi_xsort *, const void *key, size_t klen,
		    const void *payload, size_t plen, struct qi_diag *);

/*
 * Take src's records into dst, after dst's own (equal keys: dst's
 * first), as run files; src is left empty, to be freed.  For sorts filled
 * in several threads.  0, or -1 when a run cannot be written (recorded).
 * Neither may be finished.
 */
int		 qi_xsort_adopt(struct qi_xsort *dst, struct qi_xsort *src,
		    struct qi_diag *);

/* No more records: sort what is held.  0, or -1 (recorded). */
int		 qi_xsort_finish(struct qi_xsort *, struct qi_diag *);

/*
 * The next record in key order: 1 with key, klen, payload and plen set
 * (valid until the next call), 0 at the end, -1 on a read failure
 * (recorded).
 */
int		 qi_xsort_next(struct qi_xsort *, const unsigned char **key,
		    size_t *klen, const unsigned char **payload, size_t *plen,
		    struct qi_diag *);

uint64_t	 qi_xsort_count(const struct qi_xsort *);	/* records added */
size_t		 qi_xsort_runs(const struct qi_xsort *);	/* run files written */

void		 qi_xsort_free(struct qi_xsort *);

#endif /* QI_XSORT_H */
