/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * codelist.h -- the code lists of a definitions folder
 * (indicators/codes/NAME.csv): which diagnosis, procedure, drug or fee
 * codes make up "stroke_infarct" or "rehab_cerebrovascular".
 *
 * A list file has the header "code,label" (event codes) or "icd10,label"
 * (ICD-10 diagnoses), UTF-8.  A code is letters and
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

/*
 * 1 if list k holds ICD-10 diagnoses (its file's code column is named
 * icd10), 0 if it holds event codes (the column is named code).  The
 * expression compiler refuses a list of the one kind where the other is
 * matched (specs/expressions.md, "Code lists").
 */
int		 qi_codeset_is_dx(const struct qi_codeset *, size_t k);

/*
 * The entries of list k in file order: their number, and entry i's code
 * (without its '*', borrowed), whether it is a prefix, and its line in
 * the file.  For qi check's comparison of the lists with the data.
 */
size_t		 qi_codeset_entries(const struct qi_codeset *, size_t k);
const char	*qi_codeset_entry(const struct qi_codeset *, size_t k,
		    size_t i, int *prefix, unsigned *line);

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
 * event's are, defs/stay.h): the cache keys it by all its bytes.
 */
void		 qi_codecache_match(struct qi_codecache *,
		    const char code[QI_CODE_MAX], uint64_t *bits);

/*
 * The distinct diagnosis codes of the stays a run reads (qi check), to
 * find list entries shorter than the codes they are matched against: an
 * exact 'S720' never matches the 'S7200' a DPC file records.  At most
 * QI_CENSUS_CODES codes are kept (ICD-10 has about 14,000), the rest
 * not counted.  qi_census_add() may be called from several threads.
 */
#define QI_CENSUS_CODES	100000

struct qi_census;

struct qi_census *qi_census_new(void);
void		 qi_census_free(struct qi_census *);
/* Add the diagnosis codes (main, trigger, resource, comorbid,
   complication) of stays st[0..n). */
void		 qi_census_add(struct qi_census *,
		    const struct qi_stay *const *st, size_t n);
/*
 * A warning at FILE:LINE:1 for each exact entry of a diagnosis list
 * (icd10) that no code of the census equals but some census codes
 * start with (and the list does not match otherwise); they name up to
 * three of those codes and suggest the prefix entry.  Returns how many.
 */
size_t		 qi_codeset_census_warn(const struct qi_codeset *,
		    const struct qi_census *, struct qi_diag *);

/* Test whether bit k is set in a membership bit set. */
static inline int
qi_bits_has(const uint64_t *bits, size_t k)
{
	return (int)((bits[k / 64] >> (k % 64)) & 1u);
}

#endif /* QI_CODELIST_H */
