/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * records.h -- streaming reader of patient-level records: the stays file
 * (DPC 様式1, one row per stay) joined with the events file (EF, one row
 * per activity) by a merge on (hospital, stay) in byte order.  Hands the
 * engine one struct qi_stay (defs/stay.h) at a time with its events; holds
 * only the events of the stays the engine holds (a batch) in memory.  The normative schema is
 * specs/input.md, section "Patient-level records".
 *
 * Errors go to the struct qi_diag at file:line:col with a hint.  By
 * default a malformed row stops the run: the reader keeps scanning to
 * list up to max_errors errors per file, delivers no more stays, and
 * qi_records_next() returns -1.  With skip_bad_rows, bad rows (and the
 * events of a skipped stay) are counted by reason and the run goes on.
 */
#ifndef QI_RECORDS_H
#define QI_RECORDS_H

#include <stdint.h>

#include "defs.h"
#include "stay.h"

struct qi_codeset;	/* codelist.h: all code lists of a definitions folder */
struct qi_links;	/* links.h: the patients' next stays */

struct qi_records_opts {
	const char	*encoding;	/* NULL or "utf-8" (checked), "cp932" */
	int		 skip_bad_rows;	/* 0 (default): bad rows stop the run */
	size_t		 max_errors;	/* listed per file; default 100 */
	/*
	 * Shard: the stays whose row starts at a byte offset in [start, end)
	 * of the stays file (end 0 = end of file); the events file is
	 * positioned by binary search on the key.  Shards that cover a file
	 * deliver, together, exactly the stays and events of one pass.
	 * Default [0, 0): the whole file.  UTF-8 input only.
	 */
	uint64_t	 start;
	uint64_t	 end;
	uint64_t	 max_stays;	/* sample mode (qi check): stop after N; 0 = all */
	size_t		 block;		/* read size in bytes; default 1 MiB */
	/*
	 * Stays handed over that stay valid together, with their events,
	 * until qi_records_release() or the next call after the last of
	 * them: a batch.  Default 1: each stay until the next call.
	 */
	size_t		 hold;
	/*
	 * The items file (items.csv: 様式1 items of the stays, sorted as
	 * the stays), or NULL: stays without items.
	 */
	const char	*items;
	/*
	 * The patients' next stays (links.h), built on the same stays file,
	 * or NULL: every stay's struct qi_next is empty (NaN, "").
	 */
	const struct qi_links *links;
	/*
	 * The name the stays file is known by in messages and the
	 * manifest's digests when stays is a copy of it (a pipe spooled to
	 * a file), or NULL: its own path.
	 */
	const char	*stays_name;
};

void	qi_records_opts_defaults(struct qi_records_opts *);

/* Why a row was rejected (counted in skip mode, and always reported). */
enum qi_rec_reason {
	QI_RR_FIELDS,		/* wrong number of fields, or broken quoting */
	QI_RR_ENCODING,		/* not valid UTF-8 (or CP932) */
	QI_RR_MISSING,		/* required value empty (hospital, stay, dates, code) */
	QI_RR_DATE,		/* not a real YYYY-MM-DD date, or discharge < admission */
	QI_RR_NUMBER,		/* bad number, boolean or event kind */
	QI_RR_CODE,		/* bad or too long code, id, or more than 10 codes */
	QI_RR_HOSPITAL,		/* hospital id not in the registry */
	QI_RR_ORDER,		/* row out of (hospital, stay) order, or duplicate stay */
	QI_RR_ORPHAN,		/* event whose stay is not in the stays file */
	QI_RR_STAY_SKIPPED,	/* event of a stay that was skipped */
	QI_RR__COUNT
};

/* Short English name of a reason, e.g. "bad date". */
const char	*qi_rec_reason_name(enum qi_rec_reason);

struct qi_records_counts {
	uint64_t	stay_rows;			/* data rows read */
	uint64_t	event_rows;
	uint64_t	stays;				/* delivered to the caller */
	uint64_t	events;
	uint64_t	stays_skipped[QI_RR__COUNT];	/* by reason */
	uint64_t	events_skipped[QI_RR__COUNT];
	uint64_t	items_skipped[QI_RR__COUNT];	/* items.csv */
	uint64_t	stays_bytes;			/* bytes consumed */
	uint64_t	events_bytes;
};

struct qi_records;

/*
 * Open both files and read their headers.  reg (hospital ids) and cs
 * (the events' list bits; NULL: no lists, qi_event.lists is NULL) are
 * borrowed and must outlive the reader.  events may be NULL: stays
 * without events.  On failure returns QI_EINPUT or QI_ESYS with the
 * problems in diag, and *out is NULL.  Release with qi_records_free().
 */
enum qi_err	 qi_records_open(const char *stays, const char *events,
		    const struct qi_registry *reg, const struct qi_codeset *cs,
		    const struct qi_records_opts *, struct qi_records **out,
		    struct qi_diag *);

/*
 * Next stay.  Returns 1 and sets *st (owned by the reader; st->ev sorted
 * by day, with list bits), 0 at the end (of the shard, or after
 * max_stays), -1 when the run must stop: malformed rows without
 * skip_bad_rows, or a read failure (all recorded in diag).  The stay is
 * valid until qi_records_release(), or until the call after o.hold stays
 * have been handed over since the last release (o.hold = 1: the next
 * call).
 */
int		 qi_records_next(struct qi_records *, const struct qi_stay **st);
/* The stays handed over so far are no longer needed. */
void		 qi_records_release(struct qi_records *);

const struct qi_records_counts *qi_records_counts(const struct qi_records *);

void		 qi_records_free(struct qi_records *);

/*
 * The headers of stays and events (may be NULL) against what defs read:
 * a stays column that an expression of a definition (or of one of its
 * variants) reads and the header lacks is an error at line 1 naming the
 * column and the definitions, with "did you mean" when the header has a
 * column of a near name (it is then at that column); a column of
 * neither schema is a warning naming it.  Also every error of
 * qi_records_open() about the headers.  Reads the header lines only:
 * the caller passes regular files (a pipe is read once, by the reader).
 * Returns QI_OK, QI_EINPUT or QI_ESYS.
 */
enum qi_err	 qi_records_columns(const char *stays, const char *events,
		    const char *items, const char *encoding, const struct qi_defset *,
		    struct qi_diag *);

#endif /* QI_RECORDS_H */
