/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * codelist.h -- the code lists of a definitions folder
 * (indicators/codes/NAME.csv): which diagnosis, procedure, drug or fee
 * codes make up "stroke_infarct" or "rehab_cerebrovascular".
 *
 * A list file has the header "code,label", UTF-8.  A code is letters and
 * digits; a trailing '*' makes it a prefix ("I63*" matches I63, I630,
 * I6390...).  NAME is [a-z0-9_]+ and is how expressions name the list.
 * Lists are numbered 0..n-1 in the byte order of their names.
 * Normative: specs/expressions.md, "Code lists".
 */
#ifndef QI_CODELIST_H
#define QI_CODELIST_H

#include <stddef.h>
#include <stdint.h>

#include "defs.h"
#include "stay.h"

struct qi_codeset;

/*
 * Load every *.csv file of dir (normally DEFINITIONS/codes).  Every error
 * of every file is recorded in diag at file:line:col with a hint (bad
 * file name, bad characters, bad wildcard, duplicate code, code too long,
 * empty list, not UTF-8); then QI_EINPUT and *out is NULL.  QI_ESYS if
 * dir cannot be read.  Release with qi_codeset_free().
 */
enum qi_err	 qi_codeset_load(const char *dir, struct qi_codeset **out,
		    struct qi_diag *diag);
void		 qi_codeset_free(struct qi_codeset *);

/* Number of lists, and the name of list k (borrowed). */
size_t		 qi_codeset_count(const struct qi_codeset *);
const char	*qi_codeset_name(const struct qi_codeset *, size_t k);

/* Index of a list by name; -1 if unknown (also when cs is NULL). */
long		 qi_codeset_find(const struct qi_codeset *, const char *name);

/* uint64_t words in one membership bit set: ceil(count / 64), at least 1. */
size_t		 qi_codeset_words(const struct qi_codeset *);

/*
 * Membership of code in every list: bits[k / 64] bit (k % 64) is set when
 * code is in list k.  bits has qi_codeset_words() words and is
 * overwritten.  No allocation; safe to call from several threads.  An
 * empty code matches nothing.
 */
void		 qi_codeset_match(const struct qi_codeset *, const char *code,
		    uint64_t *bits);

/* 1 if code is in list k, else 0.  No allocation. */
int		 qi_codeset_has(const struct qi_codeset *, long k,
		    const char *code);

/*
 * A cache of qi_codeset_match() results: codes repeat a lot (event codes,
 * diagnosis codes), and one probe of the cache costs less than the
 * lists' lookup of every prefix length.  Holds up to QI_CODECACHE_CODES
 * codes, then matches the rest uncached.  Its slots grow with the codes
 * seen, from 24 KB up to 24 * 2 * QI_CODECACHE_CODES bytes; the codes'
 * bits, 8 * words * QI_CODECACHE_CODES bytes, are allocated at once: at
 * most 1.8 MB for one word.  One cache per thread; cs is borrowed and
 * must outlive it.
 */
#define QI_CODECACHE_CODES	(1u << 15)

struct qi_codecache;

struct qi_codecache *qi_codecache_new(const struct qi_codeset *cs);
void		 qi_codecache_free(struct qi_codecache *);
/*
 * As qi_codeset_match(cs, code, bits), through the cache, for a code of
 * QI_CODE_MAX bytes zero-padded after its NUL (as a stay's and an
 * event's are, record.h): the cache keys it by all its bytes.
 */
void		 qi_codecache_match(struct qi_codecache *,
		    const char code[QI_CODE_MAX], uint64_t *bits);

/* Test whether bit k is set in a membership bit set. */
static inline int
qi_bits_has(const uint64_t *bits, size_t k)
{
	return (int)((bits[k / 64] >> (k % 64)) & 1u);
}

#endif /* QI_CODELIST_H */
