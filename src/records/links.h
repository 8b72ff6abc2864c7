/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * links.h -- the same patient's next stay in the same hospital
 * (specs/definitions.md, "Patients across stays").
 *
 * The stays file is sorted by (hospital, stay).  qi_links_build() reads
 * it once before the evaluation pass and writes each stay's next stay, in
 * the order of the stays file, to a file of the temporary folder.  When
 * each hospital's stays come by patient and admission (the ids qi makes
 * from DPC files), it links them as they come, one patient's stays held
 * at a time.  Otherwise (a patient's stays scattered through the file)
 * it reads them again, sorts them by (hospital, patient, admission) with
 * the external sort (base/xsort.h), finds each stay's next stay, and
 * sorts what it found back into the file's order.  The reader
 * (records.c) then walks the links file beside the stays, one cursor per
 * byte range, and fills each stay's struct qi_next.
 *
 * Memory: one patient's stays in order; otherwise the sort budget
 * (QI_LINKS_BUDGET) plus 64 KiB per run file while merging, whatever the
 * number of stays; temporary disk at most about 300 bytes per stay (both
 * sorts spilled, and the links file), removed with the folder.
 */
#ifndef QI_LINKS_H
#define QI_LINKS_H

#include <stddef.h>

#include "defs.h"
#include "records.h"
#include "stay.h"

#define QI_LINKS_BUDGET	((size_t)64 << 20)	/* bytes of records in memory */

struct qi_links;
struct qi_links_cursor;

/*
 * Read the stays of stays (with the encoding and skip_bad_rows of ro; its
 * byte range, hold and items are not used) and write the links into a
 * file of tmpdir (an existing folder the caller removes).  The rows the
 * reader rejects are not linked, and not reported here: the evaluation
 * pass reads the same file and reports them.  Returns QI_OK, or QI_ESYS
 * when the file cannot be read or a temporary file written (recorded in
 * diag); *out is then NULL.  Free with qi_links_free().
 */
enum qi_err	 qi_links_build(const char *stays,
		    const struct qi_records_opts *ro,
		    const struct qi_registry *, const char *tmpdir,
		    struct qi_links **out, struct qi_diag *);
void		 qi_links_free(struct qi_links *);

/*
 * A reader of the links in the stays file's order, from its start; one
 * per thread.  NULL on failure to open (recorded).
 */
struct qi_links_cursor *qi_links_open(const struct qi_links *,
		    struct qi_diag *);
/*
 * Fill *nx for the stay of key ("hospital\0stay", klen bytes, as the
 * reader orders stays) of registry hospital h.  Keys come in increasing
 * order; links of keys passed over are skipped.  0, or -1 on a read
 * failure (recorded).
 */
int		 qi_links_fill(struct qi_links_cursor *, const char *key,
		    size_t klen, long h, struct qi_next *nx,
		    struct qi_diag *);
void		 qi_links_close(struct qi_links_cursor *);

#endif /* QI_LINKS_H */
