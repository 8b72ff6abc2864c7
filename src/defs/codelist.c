/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * codelist.c -- loading code lists (indicators/codes/NAME.csv) and
 * matching codes against all of them.
 *
 * Matching runs once per event row, millions of times per run, so the
 * lists are folded into one hash table keyed by code text.  Each key owns
 * two bit sets of qi_codeset_words() words: the lists that hold the key
 * as an exact code, and the lists that hold it as a prefix ("I63*" is key
 * "I63" in the prefix set).  A code is matched by one lookup of the whole
 * code (exact and prefix sets) and one lookup of each shorter prefix
 * whose length occurs among the prefixes of the lists (prefix sets only).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "codelist.h"
#include "csvread.h"
#include "stay.h"

#define CODE_LEN_MAX	(QI_CODE_MAX - 1)	/* characters of a code */

struct qi_codeset {
	char		 *dir;		/* the folder the lists were read from */
	char		**names;	/* n names, byte order */
	size_t		  n;
	unsigned char	 *dx;		/* n flags: 1 if list k holds ICD-10
					   diagnoses (its column is icd10) */
	GArray		**entries;	/* n arrays of struct entry, file order */
	size_t		  words;	/* uint64_t per bit set */
	GHashTable	 *keys;		/* code text -> 1 + key index */
	uint64_t	 *bits;		/* per key: exact set, then prefix set */
	uint32_t	  prefix_lens;	/* bit L set: some prefix has length L */
};

/* One entry of a list file while loading. */
struct entry {
	char		 code[QI_CODE_MAX];
	int		 prefix;	/* written with a trailing '*' */
	unsigned	 line;
};

static int
valid_name(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (!(g_ascii_islower(s[i]) || g_ascii_isdigit(s[i]) ||
		    s[i] == '_'))
			return 0;
	return 1;
}

static int
reserved(const char *s)
{
	static const char *const words[] = { "and", "or", "not", "in",
	    "true", "false", "null" };
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(words); i++)
		if (strcmp(s, words[i]) == 0)
			return 1;
	return 0;
}

/*
 * Check one code field; on success fill *e.  Returns 0, or -1 after
 * recording the error at the field.
 */
static int
check_code(struct qi_csv *csv, size_t col, const char *s, struct entry *e)
{
	size_t len = strlen(s), i, n;

	if (len == 0) {
		qi_csv_error(csv, col, "write one code per row, e.g. I639 or "
		    "I63* for every code that starts with I63", "empty code");
		return -1;
	}
	n = len;
	e->prefix = 0;
	if (s[len - 1] == '*') {
		e->prefix = 1;
		n = len - 1;
	}
	for (i = 0; i < n; i++) {
		char hint[160];

		if (g_ascii_isalnum(s[i]))
			continue;
		if (s[i] == '*') {
			qi_csv_error(csv, col, "'*' may only end a code: I63* "
			    "matches I63, I630, I6390...",
			    "bad wildcard in code '%s'", s);
			return -1;
		}
		if (s[i] == ' ' || s[i] == '\t') {
			qi_csv_error(csv, col, "remove the spaces around and "
			    "inside the code", "space in code '%s'", s);
			return -1;
		}
		if (s[i] == '.')
			g_strlcpy(hint, "write ICD-10 codes without the dot, "
			    "as in the DPC files: I639, not I63.9",
			    sizeof(hint));
		else
			g_strlcpy(hint, "a code is letters and digits, with an "
			    "optional '*' at the end", sizeof(hint));
		if ((unsigned char)s[i] < 0x80)
			qi_csv_error(csv, col, hint, "bad character '%c' in "
			    "code '%s'", s[i], s);
		else
			qi_csv_error(csv, col, "a code is ASCII letters and "
			    "digits (full-width characters are not codes)",
			    "bad character in code '%s'", s);
		return -1;
	}
	if (n == 0) {
		qi_csv_error(csv, col, "a lone '*' would match every code; "
		    "write the prefix before it, e.g. I63*",
		    "bad wildcard: '*' without a prefix");
		return -1;
	}
	if (n > CODE_LEN_MAX) {
		qi_csv_error(csv, col, "codes have at most 15 characters",
		    "code '%s' is too long (%zu characters)", s, n);
		return -1;
	}
	memcpy(e->code, s, n);
	e->code[n] = '\0';
	return 0;
}

/*
 * Read one list file into entries, and into *dx whether its code column
 * is icd10 (diagnoses) rather than code (events).  Returns the number of
 * errors recorded (0: entries holds the list), or -1 if the file could
 * not be opened (recorded).
 */
static long
read_list(const char *path, GArray *entries, int *dx, struct qi_diag *diag)
{
	static const struct qi_csvcol cols[] = {
		{ "code", 0 }, { "label", 1 }, { "icd10", 0 }
	};
	size_t col;
	struct qi_csvcfg cfg;
	struct qi_csv *csv;
	GHashTable *seen;
	const char *const *f;
	size_t errors;
	int rc;

	qi_csvcfg_defaults(&cfg);
	if ((csv = qi_csv_open(path, cols, G_N_ELEMENTS(cols), &cfg,
	    diag)) == NULL)
		return -1;
	*dx = qi_csv_has(csv, 2);
	col = *dx ? 2 : 0;
	if (qi_csv_has(csv, 0) == *dx) {
		qi_diag_add(diag, QI_ERROR, path, 1, 1, "name the column of "
		    "codes 'icd10' for a list of ICD-10 diagnoses (dx_main in "
		    "LIST, any_dx(LIST)) or 'code' for a list of event codes "
		    "(any(LIST), count(LIST), ...)", *dx ? "code list has both "
		    "a 'code' and an 'icd10' column" : "code list has neither "
		    "a 'code' nor an 'icd10' column");
		qi_csv_close(csv);
		return 1;
	}
	/* written code (with its '*') -> first line */
	seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	while ((rc = qi_csv_next(csv, &f)) > 0) {
		struct entry e;
		gpointer prev;

		memset(&e, 0, sizeof(e));
		e.line = qi_csv_line(csv);
		if (check_code(csv, col, f[col], &e) != 0)
			continue;
		if ((prev = g_hash_table_lookup(seen, f[col])) != NULL) {
			qi_csv_error(csv, col, "remove one of the two rows",
			    "duplicate code '%s' (also on line %u)", f[col],
			    GPOINTER_TO_UINT(prev));
			continue;
		}
		g_hash_table_insert(seen, g_strdup(f[col]),
		    GUINT_TO_POINTER(e.line));
		g_array_append_val(entries, e);
	}
	errors = qi_csv_errors(csv);
	if (rc == 0 && errors == 0 && entries->len == 0) {
		qi_diag_add(diag, QI_ERROR, path, 1, 1, "add at least one "
		    "row 'code,label', or remove the file",
		    "code list has no codes");
		errors = 1;
	}
	if (rc < 0 && errors == 0)
		errors = 1;
	g_hash_table_destroy(seen);
	qi_csv_close(csv);
	return (long)errors;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Add list k's entries to the table; keys are created as needed. */
static void
add_entries(struct qi_codeset *cs, GArray *bitv, size_t k,
    const GArray *entries)
{
	guint i;

	for (i = 0; i < entries->len; i++) {
		const struct entry *e = &g_array_index(entries, struct entry,
		    i);
		gpointer v = g_hash_table_lookup(cs->keys, e->code);
		size_t key, w;
		uint64_t *set;

		if (v == NULL) {
			key = bitv->len / (2 * cs->words);
			g_array_set_size(bitv, bitv->len + 2 * cs->words);
			g_hash_table_insert(cs->keys, g_strdup(e->code),
			    GSIZE_TO_POINTER(key + 1));
		} else
			key = GPOINTER_TO_SIZE(v) - 1;
		set = &g_array_index(bitv, uint64_t, key * 2 * cs->words);
		if (e->prefix) {
			set += cs->words;
			cs->prefix_lens |= 1u << strlen(e->code);
		}
		w = k / 64;
		set[w] |= (uint64_t)1 << (k % 64);
	}
}

enum qi_err
qi_codeset_load(const char *dir, struct qi_codeset **out,
    struct qi_diag *diag)
{
	struct qi_codeset *cs = NULL;
	GPtrArray *files = NULL, *lists = NULL;
	GArray *bitv = NULL;
	GError *gerr = NULL;
	unsigned char *dx = NULL;
	GDir *d;
	const char *name;
	enum qi_err ret = QI_OK;
	long errors = 0;
	size_t k;

	*out = NULL;
	if ((d = g_dir_open(dir, 0, &gerr)) == NULL) {
		qi_diag_add(diag, QI_ERROR, dir, 0, 0, NULL,
		    "cannot read the code lists folder: %s", gerr->message);
		g_error_free(gerr);
		return QI_ESYS;
	}
	files = g_ptr_array_new_with_free_func(g_free);
	while ((name = g_dir_read_name(d)) != NULL)
		if (g_str_has_suffix(name, ".csv"))
			g_ptr_array_add(files, g_strdup(name));
	g_dir_close(d);
	g_ptr_array_sort(files, cmp_str);

	lists = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
	dx = g_new0(unsigned char, files->len + 1);
	for (k = 0; k < files->len; k++) {
		const char *fn = g_ptr_array_index(files, k);
		size_t stem = strlen(fn) - 4;
		char *path = g_build_filename(dir, fn, NULL);
		GArray *entries = g_array_new(FALSE, TRUE,
		    sizeof(struct entry));
		long e;
		int isdx = 0;

		g_ptr_array_add(lists, entries);
		/* keep the stem: the list's name */
		((char *)g_ptr_array_index(files, k))[stem] = '\0';
		if (!valid_name(fn, stem)) {
			qi_diag_add(diag, QI_ERROR, path, 0, 0, "name code list "
			    "files with lower-case letters, digits and '_', "
			    "e.g. stroke_infarct.csv: the name is how "
			    "expressions refer to the list",
			    "bad code list file name '%s.csv'", fn);
			errors++;
		} else if (reserved(fn)) {
			qi_diag_add(diag, QI_ERROR, path, 0, 0, "rename the "
			    "file: and, or, not, in, true, false and null are "
			    "words of the expression language",
			    "code list name '%s' is a reserved word", fn);
			errors++;
		}
		e = read_list(path, entries, &isdx, diag);
		dx[k] = (unsigned char)isdx;
		if (e < 0) {
			/* a header without "code,label" is bad input; a file
			   that cannot be read is a system failure */
			if (g_access(path, R_OK) != 0)
				ret = QI_ESYS;
			errors++;
		} else
			errors += e;
		g_free(path);
	}
	if (errors > 0) {
		if (ret == QI_OK)
			ret = QI_EINPUT;
		goto done;
	}

	cs = g_new0(struct qi_codeset, 1);
	cs->n = files->len;
	cs->words = cs->n == 0 ? 1 : (cs->n + 63) / 64;
	cs->names = g_new0(char *, cs->n + 1);
	cs->dir = g_strdup(dir);
	cs->dx = dx;
	dx = NULL;
	cs->entries = g_new0(GArray *, cs->n + 1);
	cs->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	bitv = g_array_new(FALSE, TRUE, sizeof(uint64_t));
	for (k = 0; k < cs->n; k++) {
		cs->names[k] = g_strdup(g_ptr_array_index(files, k));
		add_entries(cs, bitv, k, g_ptr_array_index(lists, k));
		cs->entries[k] = g_array_ref(g_ptr_array_index(lists, k));
	}
	cs->bits = (uint64_t *)(void *)g_array_free(bitv, FALSE);
	*out = cs;
done:
	g_free(dx);
	g_ptr_array_unref(lists);
	g_ptr_array_unref(files);
	return ret;
}

void
qi_codeset_free(struct qi_codeset *cs)
{
	size_t k;

	if (cs == NULL)
		return;
	for (k = 0; k < cs->n; k++)
		g_array_unref(cs->entries[k]);
	g_free(cs->entries);
	g_free(cs->dx);
	g_free(cs->dir);
	g_strfreev(cs->names);
	g_hash_table_destroy(cs->keys);
	g_free(cs->bits);
	g_free(cs);
}

size_t
qi_codeset_count(const struct qi_codeset *cs)
{
	return cs != NULL ? cs->n : 0;
}

const char *
qi_codeset_name(const struct qi_codeset *cs, size_t k)
{
	return cs != NULL && k < cs->n ? cs->names[k] : NULL;
}

long
qi_codeset_find(const struct qi_codeset *cs, const char *name)
{
	size_t lo = 0, hi;

	if (cs == NULL || name == NULL)
		return -1;
	hi = cs->n;
	while (lo < hi) {		/* names are sorted: binary search */
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(cs->names[mid], name);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int
qi_codeset_is_dx(const struct qi_codeset *cs, size_t k)
{
	return cs != NULL && k < cs->n && cs->dx[k];
}

size_t
qi_codeset_entries(const struct qi_codeset *cs, size_t k)
{
	return cs != NULL && k < cs->n ? cs->entries[k]->len : 0;
}

const char *
qi_codeset_entry(const struct qi_codeset *cs, size_t k, size_t i,
    int *prefix, unsigned *line)
{
	const struct entry *e = &g_array_index(cs->entries[k], struct entry,
	    i);

	*prefix = e->prefix;
	*line = e->line;
	return e->code;
}

size_t
qi_codeset_words(const struct qi_codeset *cs)
{
	return cs != NULL ? cs->words : 1;
}

/* The exact and prefix sets of key, or NULL if key is in no list. */
static const uint64_t *
key_sets(const struct qi_codeset *cs, const char *key)
{
	gpointer v = g_hash_table_lookup(cs->keys, key);

	if (v == NULL)
		return NULL;
	return cs->bits + (GPOINTER_TO_SIZE(v) - 1) * 2 * cs->words;
}

/*
 * Copy code into buf (QI_CODE_MAX bytes); returns its length, or 0 if it
 * is empty or too long to be in any list.
 */
static size_t
code_copy(const char *code, char *buf)
{
	size_t len;

	if (code == NULL)
		return 0;
	len = strnlen(code, QI_CODE_MAX);
	if (len == 0 || len > CODE_LEN_MAX)
		return 0;
	memcpy(buf, code, len + 1);
	return len;
}

void
qi_codeset_match(const struct qi_codeset *cs, const char *code,
    uint64_t *bits)
{
	char buf[QI_CODE_MAX];
	const uint64_t *set;
	size_t len, w, l;

	if (cs == NULL) {
		bits[0] = 0;
		return;
	}
	memset(bits, 0, cs->words * sizeof(*bits));
	if ((len = code_copy(code, buf)) == 0)
		return;
	if ((set = key_sets(cs, buf)) != NULL)
		for (w = 0; w < 2 * cs->words; w++)
			bits[w % cs->words] |= set[w];
	for (l = len - 1; l >= 1; l--) {
		if (!(cs->prefix_lens & (1u << l)))
			continue;
		buf[l] = '\0';
		if ((set = key_sets(cs, buf)) != NULL)
			for (w = 0; w < cs->words; w++)
				bits[w] |= set[cs->words + w];
	}
}

int
qi_codeset_has(const struct qi_codeset *cs, long k, const char *code)
{
	char buf[QI_CODE_MAX];
	const uint64_t *set;
	size_t len, l;

	if (cs == NULL || k < 0 || (size_t)k >= cs->n ||
	    (len = code_copy(code, buf)) == 0)
		return 0;
	if ((set = key_sets(cs, buf)) != NULL &&
	    (qi_bits_has(set, (size_t)k) ||
	    qi_bits_has(set + cs->words, (size_t)k)))
		return 1;
	for (l = len - 1; l >= 1; l--) {
		if (!(cs->prefix_lens & (1u << l)))
			continue;
		buf[l] = '\0';
		if ((set = key_sets(cs, buf)) != NULL &&
		    qi_bits_has(set + cs->words, (size_t)k))
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------- match cache */

/*
 * The slots are at most half filled: they double as codes come, from
 * CACHE_SLOTS_MIN up to 2 * QI_CODECACHE_CODES, so that the slots of the
 * few codes most data use stay in the processor's nearer caches.
 */
#define CACHE_SLOTS_MIN	1024

/* Open addressing; an empty slot has lo 0 (only "" has: no code is cached). */
struct cslot {
	uint64_t	 lo, hi;		/* the zero-padded code */
	uint32_t	 idx;			/* into bits, in words */
};

struct qi_codecache {
	const struct qi_codeset	*cs;		/* borrowed */
	size_t			 words;
	struct cslot		*slots;		/* nslots, owned */
	size_t			 nslots;	/* a power of 2 */
	uint64_t		*bits;		/* QI_CODECACHE_CODES * words, owned */
	size_t			 n;
};

struct qi_codecache *
qi_codecache_new(const struct qi_codeset *cs)
{
	struct qi_codecache *c = g_new0(struct qi_codecache, 1);

	c->cs = cs;
	c->words = qi_codeset_words(cs);
	c->nslots = CACHE_SLOTS_MIN;
	c->slots = g_new0(struct cslot, c->nslots);
	c->bits = g_new(uint64_t, QI_CODECACHE_CODES * c->words);
	return c;
}

void
qi_codecache_free(struct qi_codecache *c)
{
	if (c == NULL)
		return;
	g_free(c->slots);
	g_free(c->bits);
	g_free(c);
}

/* The slot of the code lo, hi: its own, or the empty one it would take. */
static struct cslot *
cache_slot(const struct qi_codecache *c, uint64_t lo, uint64_t hi)
{
	struct cslot *sl;
	uint64_t h;

	/* the key as two words, mixed by multiply-xorshift */
	h = (lo ^ (hi * 0x9e3779b97f4a7c15u)) * 0xbf58476d1ce4e5b9u;
	h ^= h >> 32;
	for (;; h++) {
		sl = &c->slots[h & (c->nslots - 1)];
		if (sl->lo == 0 || (sl->lo == lo && sl->hi == hi))
			return sl;
	}
}

/* Double the slots. */
static void
cache_grow(struct qi_codecache *c)
{
	struct cslot *old = c->slots;
	size_t n = c->nslots, i;

	c->nslots *= 2;
	c->slots = g_new0(struct cslot, c->nslots);
	for (i = 0; i < n; i++)
		if (old[i].lo != 0)
			*cache_slot(c, old[i].lo, old[i].hi) = old[i];
	g_free(old);
}

void
qi_codecache_match(struct qi_codecache *c, const char key[QI_CODE_MAX],
    uint64_t *bits)
{
	struct cslot *sl;
	uint64_t lo, hi;

	memcpy(&lo, key, 8);
	memcpy(&hi, key + 8, 8);
	sl = cache_slot(c, lo, hi);
	if (sl->lo != 0) {
		if (c->words == 1)
			bits[0] = c->bits[sl->idx];
		else
			memcpy(bits, c->bits + sl->idx,
			    c->words * sizeof(*bits));
		return;
	}
	qi_codeset_match(c->cs, key, bits);
	if (key[0] == '\0' || c->n == QI_CODECACHE_CODES)
		return;		/* "" marks an empty slot; full: no caching */
	if (2 * (c->n + 1) > c->nslots) {
		cache_grow(c);
		sl = cache_slot(c, lo, hi);
	}
	sl->lo = lo;
	sl->hi = hi;
	sl->idx = (uint32_t)(c->n * c->words);
	memcpy(c->bits + sl->idx, bits, c->words * sizeof(*bits));
	c->n++;
}

/* ------------------------------------------------------------ census */

struct qi_census {
	GMutex		 lock;
	GHashTable	*codes;		/* code text, owned -> NULL */
};

struct qi_census *
qi_census_new(void)
{
	struct qi_census *c = g_new0(struct qi_census, 1);

	g_mutex_init(&c->lock);
	c->codes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	return c;
}

void
qi_census_free(struct qi_census *c)
{
	if (c == NULL)
		return;
	g_hash_table_destroy(c->codes);
	g_mutex_clear(&c->lock);
	g_free(c);
}

static void
census_put(struct qi_census *c, const char *code)
{
	if (code[0] != '\0' && g_hash_table_size(c->codes) <
	    QI_CENSUS_CODES && !g_hash_table_contains(c->codes, code))
		g_hash_table_add(c->codes, g_strdup(code));
}

void
qi_census_add(struct qi_census *c, const struct qi_stay *const *st,
    size_t n)
{
	size_t i, j;

	g_mutex_lock(&c->lock);
	for (i = 0; i < n; i++) {
		for (j = 0; j < 3; j++)
			census_put(c, st[i]->code[j]);
		for (j = 0; j < st[i]->ncomorbid; j++)
			census_put(c, st[i]->comorbid[j]);
		for (j = 0; j < st[i]->ncomplication; j++)
			census_put(c, st[i]->complication[j]);
	}
	g_mutex_unlock(&c->lock);
}

size_t
qi_codeset_census_warn(const struct qi_codeset *cs,
    const struct qi_census *c, struct qi_diag *diag)
{
	GHashTableIter it;
	GPtrArray *longer;
	const char *code, *e;
	char *path, *some;
	size_t k, i, len, nwarn = 0;
	unsigned line;
	int prefix;

	if (cs == NULL || c == NULL)
		return 0;
	longer = g_ptr_array_new();
	for (k = 0; k < cs->n; k++) {
		if (!cs->dx[k])
			continue;
		for (i = 0; i < cs->entries[k]->len; i++) {
			e = qi_codeset_entry(cs, k, i, &prefix, &line);
			if (prefix || g_hash_table_contains(c->codes, e))
				continue;
			len = strlen(e);
			g_ptr_array_set_size(longer, 0);
			g_hash_table_iter_init(&it, c->codes);
			while (g_hash_table_iter_next(&it, (gpointer *)&code,
			    NULL))
				if (strncmp(code, e, len) == 0 &&
				    !qi_codeset_has(cs, (long)k, code))
					g_ptr_array_add(longer, (gpointer)code);
			if (longer->len == 0)
				continue;
			g_ptr_array_sort(longer, cmp_str);
			some = g_strjoin(", ", (char *)longer->pdata[0],
			    longer->len > 1 ? (char *)longer->pdata[1] : NULL,
			    longer->len > 2 ? (char *)longer->pdata[2] : NULL,
			    NULL);
			path = g_strdup_printf("%s/%s.csv", cs->dir,
			    cs->names[k]);
			qi_diag_add(diag, QI_WARNING, path, line, 1, NULL,
			    "'%s' is matched exactly and no diagnosis of the "
			    "data is '%s', but %u start with it (%s%s): write "
			    "'%s*' to match them", e, e, longer->len, some,
			    longer->len > 3 ? ", ..." : "", e);
			g_free(path);
			g_free(some);
			nwarn++;
		}
	}
	g_ptr_array_free(longer, TRUE);
	return nwarn;
}
