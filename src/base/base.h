/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * base.h -- what every stage of qi stands on: the version, the return
 * values of stages, diagnostics (a stage never prints: problems in user
 * files and system failures are collected in a struct qi_diag and the
 * command layer prints them), fiscal periods and civil dates, the words
 * of enum values, the limits of counts, input digests and the output
 * folder's staging.  Needs nothing else of qi.
 *
 * Memory and errors, for every stage: an object made by qi_X_alloc() or
 * returned through an out-parameter is released by its qi_X_free(); memory
 * comes from GLib (g_malloc and friends, which abort when memory runs
 * out, so no caller checks for NULL) unless a comment names another
 * allocator.  A stage returns enum qi_err and records the reason in the
 * caller's struct qi_diag: user errors at file:line:col with a hint,
 * system failures (a write that failed, with the writer's own reason
 * from errno) as QI_ESYS.  Only the command layer prints and exits.
 */
#ifndef QI_BASE_H
#define QI_BASE_H

#include <stddef.h>
#include <stdio.h>

/*
 * qi's version: a release's ("0.2.0"), or the base version and the commit
 * it was built from ("0.1.0+g1a2b3c4d5e6f", "-dirty" with local changes).
 * Named by qi --version, results.json's manifest, PDFs and the sites.
 */
const char	*qi_version(void);

/*
 * Return values of stages; they double as the process exit status
 * (documented in qi.1, EXIT STATUS).
 */
enum qi_err {
	QI_OK = 0,	/* success */
	QI_EINPUT = 1,	/* bad input: see the diagnostics */
	QI_EUSAGE = 2,	/* bad command line */
	QI_ESYS = 3	/* I/O, memory or library failure */
};

/* ---------------------------------------------------------------- diag */

enum qi_level {
	QI_NOTE,
	QI_WARNING,
	QI_ERROR
};

/*
 * A list of diagnostics, in the order they were found.  Allocated by
 * qi_diag_alloc(), released by qi_diag_free().  line and col are 1-based;
 * 0 means "not known" and is left out when printed.
 */
struct qi_diag;

struct qi_diag	*qi_diag_alloc(void);
void		 qi_diag_free(struct qi_diag *);
void		 qi_diag_add(struct qi_diag *, enum qi_level, const char *file,
		    unsigned line, unsigned col, const char *hint,
		    const char *fmt, ...)
		    __attribute__((format(printf, 7, 8)));
/*
 * Name the files under folder from as under to instead (a staging
 * folder's outputs by the paths they were to have).
 */
void		 qi_diag_reroot(struct qi_diag *, const char *from,
		    const char *to);
size_t		 qi_diag_count(const struct qi_diag *, enum qi_level);
/*
 * Lower every diagnostic of d above level to level, and put prefix (may
 * be NULL) before each message: a part's errors as its caller's warnings.
 */
void		 qi_diag_relevel(struct qi_diag *, enum qi_level,
		    const char *prefix);
/* Append src's diagnostics to dst, in their order, and empty src. */
void		 qi_diag_move(struct qi_diag *dst, struct qi_diag *src);
/* Print as "qi: FILE:LINE:COL: error: MESSAGE" plus an indented hint. */
void		 qi_diag_print(const struct qi_diag *, FILE *);

/* -------------------------------------------------------------- period */

/*
 * A Japanese fiscal period.  FY2024 runs 2024-04-01 .. 2025-03-31;
 * FY2024Q1 is April-June 2024, Q4 is January-March 2025.
 */
struct qi_period {
	int	 fy;	/* fiscal year, e.g. 2024 */
	int	 q;	/* quarter 1..4; 0 = the whole fiscal year */
};

/*
 * Parse "FY2024", "FY2024Q1" (case-insensitive), a date
 * "YYYY-MM-DD" (its quarter), or a range "YYYY-MM-DD..YYYY-MM-DD" that
 * spans exactly one fiscal quarter or year.  Returns 0 on success, -1 if s
 * is not a period.
 */
int	 qi_period_parse(const char *s, struct qi_period *);
/* Quarter containing a civil date; -1 if the date is invalid. */
int	 qi_period_of_date(int y, int m, int d, struct qi_period *);
/* Writes "FY2024" or "FY2024Q1" into buf (at least 16 bytes). */
void	 qi_period_format(struct qi_period, char *buf, size_t sz);
/* First and last day as YYYYMMDD integers. */
void	 qi_period_bounds(struct qi_period, long *first, long *last);
/* Orders by fiscal year, then the year before its quarters. */
int	 qi_period_cmp(struct qi_period, struct qi_period);

/*
 * Civil dates (proleptic Gregorian) as days since 1970-01-01, the unit of
 * every date in the records (defs/stay.h).
 */
int	 qi_civil_valid(int y, int m, int d);	/* 1 if a real date */
/*
 * Exactly "YYYY-MM-DD" (len bytes of s, no more), a real date of year 1
 * or later: 0 and *y, *m, *d; else -1.  The one date syntax of qi's
 * files and expressions.
 */
int	 qi_date_parse(const char *s, size_t len, int *y, int *m, int *d);
long	 qi_civil_days(int y, int m, int d);
void	 qi_civil_from_days(long days, int *y, int *m, int *d);

/* --------------------------------------------------------------- names */

/*
 * The words that stand for enum values in files (definitions, results):
 * one table per enum, ending in { NULL, 0 }, beside the enum it names.
 */
struct qi_name {
	const char	*name;
	int		 value;
};


/* Value of name in table; -1 if absent. */
int		 qi_name_value(const struct qi_name *, const char *name);
/* Name of value in table; "?" if absent. */
const char	*qi_name_of(const struct qi_name *, int value);
/*
 * Levenshtein distance of two words (bytes), for "did you mean" hints:
 * a word within 1 + strlen(word) / 3 of a known one is taken as its
 * misspelling.
 */
size_t		 qi_edit_distance(const char *, const char *);
/* The table's words as "a, b or c", for hints; g_free() it. */
char		*qi_name_list(const struct qi_name *);
/*
 * For a "did you mean" hint: the index of the word of words[0..n)
 * closest to word (Levenshtein), if within 1 + strlen(word) / 3 edits
 * (specs/definitions.md §5); else -1.  NULL words are passed over.
 */
long		 qi_closest_word(const char *word, const char *const *words,
		    size_t n);

/* -------------------------------------------------------------- limits */

/*
 * The largest count (numerator, denominator, stays excluded) of one row
 * or stay, and the largest sum of one hospital over a period: the
 * funnel's exact limits hold to 10^10, and a pool of every hospital
 * stays below 2^53, where a double holds every whole number.  An
 * exposure (a real number, in the definition's unit) is kept at most
 * 10^15 for a stay, a row or a hospital, so that sums stay finite
 * (specs/input.md).
 */
#define QI_ID_MAX	64	/* bytes of an organisation, hospital or indicator id */
#define QI_COUNT_MAX	1000000000L		/* 10^9 */
#define QI_SUM_MAX	10000000000L		/* 10^10 */
#define QI_POOL_MAX	9007199254740992L	/* 2^53 */
#define QI_EXPOSURE_MAX	1e15

/* -------------------------------------------------------------- inputs */

/* An input file of a run, for the manifest. */
struct qi_input {
	const char	*role;		/* "organisations", "hospitals", "counts" */
	const char	*path;
	char		 sha256[65];	/* hex, filled by qi_input_hash() */
};

/* SHA-256 of the file, streamed.  QI_ESYS (recorded) if unreadable. */
enum qi_err	 qi_input_hash(struct qi_input *, struct qi_diag *);
/* SHA-256 of n bytes as 64 lower-case hex digits; -1 if it fails. */
int		 qi_sha256_hex(const void *, size_t n, char out[65]);

/* --------------------------------------------------------------- output */

/*
 * The output folder dir, created if need be and locked for this process
 * (flock: a second process is refused with an error), taken again by
 * every stage and temporary folder in it and released by the last
 * qi_output_unlock().  Taking it removes what a stopped run left there
 * (warnings).  One output folder per process at a time.
 */
enum qi_err	 qi_output_lock(const char *dir, struct qi_diag *);
void		 qi_output_unlock(void);

/* Remove path and all under it, never following a symbolic link. */
void		 qi_remove_tree(const char *path);

/*
 * Folders to remove should the process be stopped by SIGINT, SIGTERM or
 * SIGHUP (at most 8 at a time): temporary and staging folders.
 */
void		 qi_cleanup_add(const char *path);
void		 qi_cleanup_remove(const char *path);

/*
 * A staging directory for one command's outputs: everything is written
 * under qi_stage_path(); qi_stage_commit() swaps the whole output folder
 * for a new version made of the staged entries and the old ones it keeps
 * (stage.c), so readers and stopped runs see the old outputs or the new,
 * never a mixture, and a failed run leaves the last good outputs as they
 * were.  An old entry that is a symbolic link and would be replaced is
 * refused.  Both commit and abort release the stage and its lock.
 */
struct qi_stage;

enum qi_stage_mode {
	QI_STAGE_REPLACE,	/* a staged directory replaces the old one whole */
	QI_STAGE_MERGE		/* its files join the old one, replacing namesakes */
};

enum qi_err	 qi_stage_open(const char *dir, struct qi_stage **,
		    struct qi_diag *);
const char	*qi_stage_path(const struct qi_stage *);
enum qi_err	 qi_stage_commit(struct qi_stage *, enum qi_stage_mode,
		    struct qi_diag *);
void		 qi_stage_abort(struct qi_stage *);

/*
 * A new temporary folder inside output (created if need be, and locked
 * until qi_tmpdir_remove()), or in the system's temporary folder when
 * output is NULL or "-"; removed should qi be stopped by a signal.  NULL
 * on failure (recorded).  qi_tmpdir_remove() removes it with its files
 * and frees the name.
 */
char		*qi_tmpdir(const char *output, struct qi_diag *);
void		 qi_tmpdir_remove(char *dir);
/*
 * A new file beside target, created exclusively under a unique name
 * (*tmp, to g_free()), never through a link at target's name, to be
 * renamed over target; NULL on failure (recorded).
 */
FILE		*qi_create_beside(const char *target, char **tmp,
		    struct qi_diag *);

#endif /* QI_BASE_H */
