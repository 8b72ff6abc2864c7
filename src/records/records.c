/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * records.c -- the patient-level reader: stays joined with their events
 * and their 様式1 items (items.csv, joined as the events are).
 *
 * Both files are sorted by (hospital, stay) in byte order.  The reader
 * reads one stays row, then every events row with the same key, and hands
 * the stay over; an events row with a smaller key has no stay (an
 * "orphan").  One events row is read ahead.  A row is split into fields
 * in place (records_file.c), and each column is converted by its type
 * straight into struct qi_stay (or the pending event), so no row is ever
 * copied.
 *
 * Memory: two read buffers (2 * block + the longest record, each), the
 * o.hold stays held (about 730 bytes each) and their events: nev *
 * (sizeof(struct qi_event) + 8 * words) bytes, nev at most QI_EVENTS_MAX
 * a stay, the 様式1 items of the held stays (items.csv: sizeof(struct
 * qi_item), about 230 bytes, each, at most QI_ITEMS_MAX a stay), and the
 * code cache (struct qi_codecache: at most 1.8 MB for one word, growing
 * with the codes seen).
 * Nothing grows with the number of stays: about 5 MB in all with 1 MiB
 * blocks and a batch of 256.
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "codelist.h"
#include "expr.h"
#include "items.h"
#include "links.h"
#include "records.h"
#include "records_file.h"

#define QI_EVENTS_MAX	1000000		/* events of one stay */
#define QI_ITEMS_MAX	500		/* 様式1 items of one stay */
#define ORPHANS_LISTED	10		/* events without stay listed */
#define ID_MAX		64		/* bytes of an id, NUL included */

/* Events columns. */
enum ecol {
	EC_HOSPITAL, EC_STAY, EC_DAY, EC_DATE, EC_CODE, EC_KIND, EC_QTY,
	EC_CATEGORY, EC_DEPARTMENT, EC_WARD,
	EC__COUNT
};

static const struct {
	const char	*name;
	int		 required;
} ecols[EC__COUNT] = {
	{ "hospital", 1 }, { "stay", 1 }, { "day", 0 }, { "date", 0 },
	{ "code", 1 }, { "kind", 0 }, { "qty", 0 }, { "category", 0 },
	{ "department", 0 }, { "ward", 0 }
};

/* Items columns (items.csv): the ids, the item, its 連番, payloads 1-9. */
enum icol {
	IC_HOSPITAL, IC_STAY, IC_CODE, IC_SEQ, IC_P1,
	IC__COUNT = IC_P1 + QI_ITEM_PAYLOADS
};

static const struct {
	const char	*name;
	int		 required;
} icols[IC__COUNT] = {
	{ "hospital", 1 }, { "stay", 1 }, { "code", 1 }, { "seq", 0 },
	{ "p1", 0 }, { "p2", 0 }, { "p3", 0 }, { "p4", 0 }, { "p5", 0 },
	{ "p6", 0 }, { "p7", 0 }, { "p8", 0 }, { "p9", 0 }
};

static const char *const kinds[] = {
	"drug", "procedure", "test", "imaging", "rehab", "fee", "other"
};

/*
 * A (hospital, stay) key as "hospital\0stay": memcmp() over it orders keys
 * as (hospital, stay) compared field by field in byte order.
 */
struct key {
	size_t	 n;		/* bytes, the NUL between the ids included */
	char	 b[2 * ID_MAX];
};

/* The events row read ahead. */
struct pending {
	char		 hosp[ID_MAX];
	char		 stay[ID_MAX];
	int		 bad;		/* reported and counted already */
	int		 has_day, has_date;
	long		 day, date;	/* date: days since 1970 */
	enum qi_event_kind kind;
	double		 qty;
	char		 code[QI_CODE_MAX];
	int		 category;	/* 0: missing */
	char		 department[QI_CODE_MAX], ward[QI_CODE_MAX];
	struct key	 key;
	int		 same;		/* same key as the row before, which
					   passed the order check */
};

/* The items row read ahead. */
struct ipending {
	char		 hosp[ID_MAX];
	char		 stay[ID_MAX];
	int		 bad;		/* reported and counted already */
	long		 known;		/* index in qi_items; -1: not kept */
	struct qi_item	 it;
	struct key	 key;
};

/* A stays column of the header, with its field and type. */
struct scol {
	size_t		 k;		/* index in the row */
	int		 f;		/* enum qi_field */
	enum qi_ftype	 type;
};

struct qi_records {
	struct rfile		 sf, ef;
	struct rf_field		*fld;		/* the fields of the current row */
	size_t			 fldcap;	/* max(snf, enf) */
	int			 has_events;
	const struct qi_registry *reg;
	const struct qi_codeset	*cs;
	size_t			 words;
	struct qi_records_opts	 o;
	struct qi_records_counts c;
	struct qi_diag		*diag;		/* borrowed */
	/* stays: header field -> enum qi_field or -1 */
	int			*smap;
	size_t			 snf;
	/* the known stays columns, by type (a type's columns in a run keep
	   the conversion's branches predictable), then by position */
	struct scol		*scols;
	size_t			 nscols;
	struct scol		 req[4];	/* the required, by position */
	size_t			 nreq;
	/* events: header field -> enum ecol or -1 */
	int			*emap;
	size_t			 enf;
	size_t			 ecol_at[EC__COUNT];	/* header field of each */
	/* the stays handed over and held (o.hold of them), and the one being
	   read: st is hold[nhold] */
	struct qi_stay		*hold, *st, blank;
	struct qi_links_cursor	*lc;		/* o.links' cursor, or NULL */
	size_t			 nhold;
	char			 hosp[ID_MAX];
	int			 bad;		/* 0 or 1 + enum qi_rec_reason */
	struct key		 key, prev;	/* of the stays row, previous one */
	int			 have_prev;
	char			 cache_hosp[ID_MAX];
	long			 cache_idx;
	/* events */
	struct pending		 pe;
	int			 pe_valid, ev_end;
	int			 pe_ordered;	/* pe.key is r->eprev */
	struct key		 eprev;
	int			 have_eprev;
	/* the events of the held stays and of the one being read, which are
	   ev[evbase, evbase + nev), their list bits alike in bits */
	struct qi_event		*ev;
	uint64_t		*bits;
	size_t			 evbase, nev, evcap;
	struct qi_codecache	*cc;		/* codes already matched */
	/*
	 * items: the row read ahead, and the items of the held stays and
	 * of the one being read, which are items[itbase, itbase + nit)
	 */
	struct rfile		 itf;
	int			 has_items;
	int			*imap;
	size_t			 inf;
	size_t			 icol_at[IC__COUNT];
	struct ipending		 pi;
	int			 pi_valid, it_end, have_iprev;
	struct key		 iprev;
	uint64_t		 iorder;	/* items rows out of order */
	struct qi_item		*items;
	size_t			 itbase, nit, itcap;
	/* shard */
	int			 have_bound, positioned;
	struct key		 bound;
	/*
	 * One root cause, one error.  An unknown hospital id is reported
	 * once, with its rows counted (id -> struct unknown, owned); a
	 * stays file out of order once, at its first row out of place,
	 * and its later rows, and the events it leaves without a stay,
	 * are only counted (they follow from it).
	 */
	GHashTable		*unknown;
	struct orphan {			/* an event: where, and its ids */
		unsigned long	 line;
		unsigned	 col;
		char		 hosp[ID_MAX], stay[ID_MAX];
	}			 orphan[ORPHANS_LISTED], late_at;
	uint64_t		 late;		/* events after their stay's
						   discharge; the first at late_at */
	long			 late_day, late_los;
	uint64_t		 sorder;	/* stays rows out of order */
	uint64_t		 eorder;	/* events rows out of order */
	/* state */
	uint64_t		 orphans;
	int			 failed, done;
};

/* An unknown hospital id: where it was first seen, and on how many rows. */
struct unknown {
	unsigned long	 line;
	unsigned	 col;
	uint64_t	 rows;
};

void
qi_records_opts_defaults(struct qi_records_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->max_errors = 100;
	o->block = (size_t)1 << 20;
	o->hold = 1;
}

const char *
qi_rec_reason_name(enum qi_rec_reason r)
{
	static const char *const names[QI_RR__COUNT] = {
		"wrong number of fields", "invalid encoding",
		"missing value", "bad date", "bad number",
		"bad code", "unknown hospital", "out of order",
		"event without stay", "event of a skipped stay"
	};

	return (unsigned)r < QI_RR__COUNT ? names[r] : "?";
}

const struct qi_records_counts *
qi_records_counts(const struct qi_records *r)
{
	return &r->c;
}

/* ------------------------------------------------------------ values */

static int
digits(const char *s, size_t n, long *v)
{
	long x = 0;
	size_t i;

	if (n == 0 || n > 9)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 0;
}

/* YYYY-MM-DD, a real calendar date from 1900 on; -1 otherwise. */
static int
parse_date(const char *s, size_t n, long *days)
{
	int y, m, d;

	if (qi_date_parse(s, n, &y, &m, &d) == -1 || y < 1900)
		return -1;
	*days = qi_civil_days(y, m, d);
	return 0;
}

/* [-]digits[.digits]; -1 otherwise. */
static int
parse_num(const char *s, size_t n, double *v)
{
	double x = 0, scale = 1;
	size_t i = 0;
	int neg = 0, nd = 0, dot = 0;
	long whole;

	if (digits(s, n, &whole) == 0) {	/* most numbers: 0 to 9 digits */
		*v = (double)whole;
		return 0;
	}
	if (n > 0 && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			nd++;
			if (dot) {
				scale *= 10;
				x += (s[i] - '0') / scale;
			} else
				x = x * 10 + (s[i] - '0');
		} else if (s[i] == '.' && !dot)
			dot = 1;
		else
			return -1;
	}
	if (nd == 0 || nd > 15 || s[n - 1] == '.')
		return -1;
	if (dot) {		/* exact rounding for decimals */
		char tmp[32];

		memcpy(tmp, s, n);
		tmp[n] = '\0';
		x = g_ascii_strtod(tmp, NULL);
		*v = x;
		return 0;
	}
	*v = neg ? -x : x;
	return 0;
}

/*
 * Put byte c of a code at position i (0 .. QI_CODE_MAX - 1) of the code
 * held as two words w, zero-padded, where memcpy() of the code's
 * QI_CODE_MAX bytes into w would put it, whatever the byte order.
 */
static inline void
code_put(uint64_t w[2], size_t i, char c)
{
	size_t sh = G_BYTE_ORDER == G_LITTLE_ENDIAN ? i % 8 : 7 - i % 8;

	w[i / 8] |= (uint64_t)(unsigned char)c << (8 * sh);
}

/*
 * A code: 1 to 15 letters and digits, into dst zero-padded to
 * QI_CODE_MAX bytes.  The code is put together in two words and stored
 * whole, so that the code cache reads it back as it was written.
 */
G_STATIC_ASSERT(QI_CODE_MAX == 2 * sizeof(uint64_t));

static int
copy_code(char *dst, const char *s, size_t n)
{
	uint64_t w[2] = { 0, 0 };
	unsigned bad = 0;
	size_t i;

	if (n == 0 || n >= QI_CODE_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		bad |= !g_ascii_isalnum(s[i]);
		code_put(w, i, s[i]);
	}
	if (bad)
		return -1;
	memcpy(dst, w, QI_CODE_MAX);
	return 0;
}


/* The key of ids h (hn bytes) and s (sn bytes), each under ID_MAX. */
static void
key_set(struct key *k, const char *h, size_t hn, const char *s, size_t sn)
{
	memcpy(k->b, h, hn);
	k->b[hn] = '\0';
	memcpy(k->b + hn + 1, s, sn);
	k->n = hn + 1 + sn;
}

static void
key_make(struct key *k, const char *h, const char *s)
{
	key_set(k, h, strlen(h), s, strlen(s));
}

static int
key_cmp(const struct key *a, const struct key *b)
{
	int c = memcmp(a->b, b->b, a->n < b->n ? a->n : b->n);

	return c != 0 ? c : (a->n > b->n) - (a->n < b->n);
}

/* The ids of a key, for messages. */
static const char *
key_hosp(const struct key *k)
{
	return k->b;
}

static const char *
key_stay(const struct key *k)
{
	return k->b + strlen(k->b) + 1;
}

/* ------------------------------------------------------------ errors */

static const char *const code_hint =
    "a code is 1 to 15 letters and digits, without dots: I639, not I63.9";
static const char *const sort_hint =
    "stays.csv and events.csv are read together in one pass: both must be "
    "sorted by the hospital column, then the stay column, comparing the "
    "text byte by byte (digits before capital letters before small ones, "
    "so 's10' comes before 's2'), the header line first; a file exported "
    "in admission-date order needs sorting by those two columns";

/* Reject the row being read (first reason counts) and report at field k. */
static void
bad_field(struct qi_records *r, struct rfile *f, int *bad, size_t k,
    enum qi_rec_reason why, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static void
bad_field(struct qi_records *r, struct rfile *f, int *bad, size_t k,
    enum qi_rec_reason why, const char *hint, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (!r->o.skip_bad_rows)
		r->failed = 1;
	if (*bad != 0)
		return;		/* only a row's first problem is reported */
	*bad = 1 + (int)why;
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	rf_error(f, k, hint, "%s", msg);
	g_free(msg);
}

/*
 * Reject the row being read, as bad_field() does, without a message: its
 * cause has been reported already.
 */
static void
bad_quiet(struct qi_records *r, int *bad, enum qi_rec_reason why)
{
	if (!r->o.skip_bad_rows)
		r->failed = 1;
	if (*bad == 0)
		*bad = 1 + (int)why;
}

/*
 * Id field k of the row, s (n bytes), into dst: a bad one (too long, or
 * with a NUL byte) is reported and leaves dst "".  Ids are a few bytes: a
 * byte loop beats calls to memchr() and memcpy().
 */
static void
read_id(struct qi_records *r, struct rfile *f, int *bad, size_t k,
    const char *name, char *dst, const char *s, size_t n)
{
	unsigned nul = 0;
	size_t i;

	if (n >= ID_MAX) {
		dst[0] = '\0';
		bad_field(r, f, bad, k, QI_RR_CODE, "ids are at most 63 bytes",
		    "%s id too long", name);
		return;
	}
	for (i = 0; i < n; i++)
		nul |= (dst[i] = s[i]) == '\0';
	dst[nul ? 0 : n] = '\0';	/* a bad id leaves no part behind */
	if (nul)
		bad_field(r, f, bad, k, QI_RR_ENCODING, "a NUL byte is not "
		    "text: check that the file is UTF-8 or CP932, not UTF-16",
		    "NUL byte in %s id", name);
}

/* ------------------------------------------------------------- stays */

/* Convert field k of the stays row, s (n bytes), into field f of r->st. */
static void
stay_value(struct qi_records *r, size_t k, int f, enum qi_ftype type,
    const char *s, size_t n)
{
	struct qi_stay *st = r->st;
	long d;
	double v;

	switch (type) {
	case QI_FT_TEXT: {
		char *dst = f == QI_F_HOSPITAL ? r->hosp :
		    f == QI_F_STAY ? st->stay : st->patient;

		read_id(r, &r->sf, &r->bad, k, qi_stay_fields[f].name, dst, s,
		    n);
		break;
	}
	case QI_FT_DATE:
		if (n == 0)
			break;
		if (parse_date(s, n, &d) < 0)
			bad_field(r, &r->sf, &r->bad, k, QI_RR_DATE,
			    "dates are YYYY-MM-DD and must exist, e.g. "
			    "2024-02-29", "bad date '%.*s' in %s", (int)n, s,
			    qi_stay_fields[f].name);
		else
			st->num[f] = (double)d;
		break;
	case QI_FT_BOOL:
		if (n == 0)
			break;
		if (n != 1 || (s[0] != '0' && s[0] != '1'))
			bad_field(r, &r->sf, &r->bad, k, QI_RR_NUMBER,
			    "write 1 for yes, 0 for no, nothing if unknown",
			    "bad boolean '%.*s' in %s", (int)n, s,
			    qi_stay_fields[f].name);
		else
			st->num[f] = s[0] - '0';
		break;
	case QI_FT_NUMBER:
		if (n == 0)
			break;
		if (parse_num(s, n, &v) < 0)
			bad_field(r, &r->sf, &r->bad, k, QI_RR_NUMBER,
			    "numbers are written like 12 or 0.5, without "
			    "spaces or units", "bad number '%.*s' in %s",
			    (int)n, s, qi_stay_fields[f].name);
		else
			st->num[f] = v;
		break;
	case QI_FT_CODE:
		if (n == 0)
			break;
		if (copy_code(st->code[f - QI_F_DX_MAIN], s, n) < 0)
			bad_field(r, &r->sf, &r->bad, k, QI_RR_CODE, code_hint,
			    "bad code '%.*s' in %s", (int)n, s,
			    qi_stay_fields[f].name);
		break;
	case QI_FT_CODES: {
		char (*list)[QI_CODE_MAX] = f == QI_F_DX_COMORBID ?
		    st->comorbid : st->complication;
		size_t *cnt = f == QI_F_DX_COMORBID ? &st->ncomorbid :
		    &st->ncomplication, i = 0, j;

		if (n == 0)
			break;
		while (i <= n) {
			const char *e = memchr(s + i, ';', n - i);

			j = e != NULL ? (size_t)(e - s) : n;
			if (*cnt == QI_DX_LIST_MAX) {
				bad_field(r, &r->sf, &r->bad, k, QI_RR_CODE,
				    "a list holds at most 10 codes",
				    "more than 10 codes in %s",
				    qi_stay_fields[f].name);
				return;
			}
			if (copy_code(list[*cnt], s + i, j - i) < 0) {
				bad_field(r, &r->sf, &r->bad, k, QI_RR_CODE,
				    "codes are separated by ';' without spaces "
				    "or empty entries; a code is 1 to 15 "
				    "letters and digits", "bad code '%.*s' in %s",
				    (int)(j - i), s + i, qi_stay_fields[f].name);
				return;
			}
			(*cnt)++;
			i = j + 1;
		}
		break;
	}
	}
}

/* Look the hospital id up, with a one-entry cache (rows come sorted). */
static long
hospital(struct qi_records *r)
{
	if (strcmp(r->hosp, r->cache_hosp) != 0) {
		memcpy(r->cache_hosp, r->hosp, sizeof(r->hosp));
		r->cache_idx = r->reg != NULL ?
		    qi_registry_hospital(r->reg, r->hosp) : -1;
	}
	return r->cache_idx;
}

static void
fields_error(struct qi_records *r, struct rfile *f, int *bad, size_t got,
    size_t want)
{
	bad_field(r, f, bad, got < want ? got : want, QI_RR_FIELDS,
	    "every row has as many fields as the header; quote a field that "
	    "holds the delimiter", "%zu fields where the header has %zu", got, want);
}

/* Empty the stay for the next row: only what a row may have set. */
static void
reset_stay(struct qi_records *r)
{
	struct qi_stay *st = r->st;
	size_t i;

	memcpy(st->num, r->blank.num, sizeof(st->num));
	st->hospital = -1;
	st->stay[0] = st->patient[0] = '\0';
	for (i = 0; i < 3; i++)
		st->code[i][0] = '\0';
	st->ncomorbid = st->ncomplication = 0;
	st->ev = NULL;
	st->nev = 0;
	st->items = NULL;
	st->nitems = 0;
	st->next = r->blank.next;
}

/*
 * Read and check the next stays row.  1: a row (r->bad says whether it
 * is usable); 0: end of the file or the shard; -1: fatal (recorded).
 */
static int
read_stay(struct qi_records *r)
{
	int k, c, nf = 0, ids;
	size_t i;

	k = rf_next(&r->sf);
	if (k <= 0)
		return k;
	if (r->o.end != 0 && r->sf.recoff >= r->o.end)
		return 0;
	r->c.stay_rows++;
	reset_stay(r);
	r->hosp[0] = '\0';
	r->bad = 0;
	if (k == 2) {
		r->bad = 1 + QI_RR_ENCODING;
		if (!r->o.skip_bad_rows)
			r->failed = 1;
	} else if ((nf = rf_split(&r->sf, r->fld, r->fldcap)) < 0) {
		r->bad = 1 + QI_RR_FIELDS;
		if (!r->o.skip_bad_rows)
			r->failed = 1;
	} else {
		for (i = 0; i < r->nscols; i++) {
			const struct scol *sc = &r->scols[i];

			if (sc->k < (size_t)nf)
				stay_value(r, sc->k, sc->f, sc->type,
				    r->fld[sc->k].s, r->fld[sc->k].n);
		}
		if ((size_t)nf != r->snf)
			fields_error(r, &r->sf, &r->bad, (size_t)nf, r->snf);
	}
	key_make(&r->key, r->hosp, r->st->stay);
	if (k == 2 || r->bad == 1 + QI_RR_FIELDS)
		return 1;
	for (i = 0; i < r->nreq; i++) {
		int f = r->req[i].f;
		int empty = f == QI_F_HOSPITAL ? r->hosp[0] == '\0' :
		    f == QI_F_STAY ? r->st->stay[0] == '\0' :
		    isnan(r->st->num[f]) && r->bad == 0;

		if (empty)
			bad_field(r, &r->sf, &r->bad, r->req[i].k,
			    QI_RR_MISSING, "every stay needs hospital, stay, "
			    "admission and discharge", "empty %s",
			    qi_stay_fields[f].name);
	}
	if (r->bad == 0 && r->st->num[QI_F_DISCHARGE] <
	    r->st->num[QI_F_ADMISSION])
		bad_field(r, &r->sf, &r->bad, r->snf, QI_RR_DATE,
		    "check both dates", "discharge before admission");
	if (r->hosp[0] != '\0' && r->reg != NULL &&
	    (r->st->hospital = hospital(r)) < 0) {
		size_t at;

		struct unknown *u;

		for (at = 0; at < r->snf && r->smap[at] != QI_F_HOSPITAL; at++)
			;
		/* reported once, with its rows, when the file is read */
		if ((u = g_hash_table_lookup(r->unknown, r->hosp)) == NULL) {
			u = g_new0(struct unknown, 1);
			rf_pos(&r->sf, at, &u->line, &u->col);
			g_hash_table_insert(r->unknown, g_strdup(r->hosp), u);
		}
		u->rows++;
		bad_quiet(r, &r->bad, QI_RR_HOSPITAL);
	}
	/* a row without both ids (empty or bad) has no place in the order */
	ids = r->hosp[0] != '\0' && r->st->stay[0] != '\0';
	if (r->have_prev && ids && (c = key_cmp(&r->key, &r->prev)) <= 0) {
		if (c == 0)
			bad_field(r, &r->sf, &r->bad, 0, QI_RR_ORDER,
			    "each (hospital, stay) is one row of stays.csv",
			    "stay '%s' of hospital '%s' appears twice",
			    r->st->stay, r->hosp);
		else if (r->sorder++ == 0)
			bad_field(r, &r->sf, &r->bad, 0, QI_RR_ORDER, sort_hint,
			    "not sorted by hospital, then stay: stay "
			    "'%s' of hospital '%s' comes after '%s' of '%s'",
			    r->st->stay, r->hosp,
			    key_stay(&r->prev), key_hosp(&r->prev));
		else
			bad_quiet(r, &r->bad, QI_RR_ORDER);
		r->bad = 1 + QI_RR_ORDER;	/* its events are not its own */
		return 1;
	}
	if (ids) {
		r->prev = r->key;
		r->have_prev = 1;
	}
	return 1;
}

/* ------------------------------------------------------------ events */

#define DAY_MAX	100000		/* days from admission, either way */

/*
 * A day: a whole number within DAY_MAX of admission, written [-]digits,
 * or as a number such as 3.0; -1 otherwise.
 */
static int
parse_day(const char *s, size_t n, long *v)
{
	int neg = n > 0 && s[0] == '-';
	double x;

	if (digits(s + neg, n - (size_t)neg, v) == 0) {
		if (*v > DAY_MAX)
			return -1;
		*v = neg ? -*v : *v;
		return 0;
	}
	if (parse_num(s, n, &x) < 0 || x != floor(x) || fabs(x) > DAY_MAX)
		return -1;
	*v = (long)x;
	return 0;
}

/*
 * Convert the fields of the events row (nf of them, in r->fld) into the
 * pending event.  A row with the ids of the row before (e->same) keeps
 * them.
 */
static void
event_values(struct qi_records *r, size_t nf)
{
	struct pending *e = &r->pe;
	const struct rf_field *fl = r->fld;
	size_t k, i;

	if (!e->same) {
		if ((k = r->ecol_at[EC_HOSPITAL]) < nf)
			read_id(r, &r->ef, &e->bad, k, "hospital", e->hosp,
			    fl[k].s, fl[k].n);
		if ((k = r->ecol_at[EC_STAY]) < nf)
			read_id(r, &r->ef, &e->bad, k, "stay", e->stay,
			    fl[k].s, fl[k].n);
	}
	if ((k = r->ecol_at[EC_DAY]) < nf && fl[k].n > 0) {
		if (parse_day(fl[k].s, fl[k].n, &e->day) == 0)
			e->has_day = 1;
		else
			bad_field(r, &r->ef, &e->bad, k, QI_RR_NUMBER,
			    "day is a whole number of days from admission "
			    "(admission day = 0)", "bad day '%.*s'",
			    (int)fl[k].n, fl[k].s);
	}
	if ((k = r->ecol_at[EC_DATE]) < nf && fl[k].n > 0) {
		if (parse_date(fl[k].s, fl[k].n, &e->date) < 0)
			bad_field(r, &r->ef, &e->bad, k, QI_RR_DATE,
			    "dates are YYYY-MM-DD and must exist, e.g. "
			    "2024-02-29", "bad date '%.*s'", (int)fl[k].n,
			    fl[k].s);
		else
			e->has_date = 1;
	}
	if ((k = r->ecol_at[EC_CODE]) < nf &&
	    copy_code(e->code, fl[k].s, fl[k].n) < 0)
		bad_field(r, &r->ef, &e->bad, k,
		    fl[k].n == 0 ? QI_RR_MISSING : QI_RR_CODE, code_hint,
		    fl[k].n == 0 ? "empty code%.*s" : "bad code '%.*s'",
		    (int)fl[k].n, fl[k].s);
	if ((k = r->ecol_at[EC_KIND]) < nf && fl[k].n > 0) {
		const char *s = fl[k].s;
		size_t n = fl[k].n;

		for (i = 0; i < G_N_ELEMENTS(kinds); i++)
			if (kinds[i][0] == s[0] && strlen(kinds[i]) == n &&
			    memcmp(kinds[i], s, n) == 0)
				break;
		if (i == G_N_ELEMENTS(kinds))
			bad_field(r, &r->ef, &e->bad, k, QI_RR_NUMBER,
			    "kind is one of drug, procedure, test, imaging, "
			    "rehab, fee, other", "unknown kind '%.*s'", (int)n,
			    s);
		else
			e->kind = (enum qi_event_kind)i;
	}
	if ((k = r->ecol_at[EC_QTY]) < nf && fl[k].n > 0 &&
	    parse_num(fl[k].s, fl[k].n, &e->qty) < 0)
		bad_field(r, &r->ef, &e->bad, k, QI_RR_NUMBER,
		    "qty is a number like 2 or 0.5", "bad quantity '%.*s'",
		    (int)fl[k].n, fl[k].s);
	if ((k = r->ecol_at[EC_CATEGORY]) < nf && fl[k].n > 0) {
		long c;

		if (digits(fl[k].s, fl[k].n, &c) < 0 || fl[k].n > 2 || c < 1)
			bad_field(r, &r->ef, &e->bad, k, QI_RR_NUMBER,
			    "category is the EF データ区分, two digits such as "
			    "50", "bad category '%.*s'", (int)fl[k].n, fl[k].s);
		else
			e->category = (int)c;
	}
	for (i = 0; i < 2; i++) {
		k = r->ecol_at[i == 0 ? EC_DEPARTMENT : EC_WARD];
		if (k < nf && fl[k].n > 0 && copy_code(i == 0 ?
		    e->department : e->ward, fl[k].s, fl[k].n) < 0)
			bad_field(r, &r->ef, &e->bad, k, QI_RR_CODE,
			    "a department or ward code is 1 to 15 letters and "
			    "digits", "bad %s '%.*s'", i == 0 ? "department" :
			    "ward", (int)fl[k].n, fl[k].s);
	}
}

static void
count_event_skip(struct qi_records *r, enum qi_rec_reason why)
{
	r->c.events_skipped[why]++;
}

/*
 * Ids are a few bytes: words compared in place beat a call to memcmp().
 * From 4 bytes on, the last word overlaps the one before it; nothing is
 * read past either end.
 */
static inline int
same_bytes(const char *a, const char *b, size_t n)
{
	uint64_t x, y;
	uint32_t u, v;
	size_t i;

	if (n >= 8) {
		for (i = 0; i + 8 < n; i += 8) {
			memcpy(&x, a + i, 8);
			memcpy(&y, b + i, 8);
			if (x != y)
				return 0;
		}
		memcpy(&x, a + n - 8, 8);
		memcpy(&y, b + n - 8, 8);
		return x == y;
	}
	if (n >= 4) {
		memcpy(&u, a, 4);
		memcpy(&v, b, 4);
		if (u != v)
			return 0;
		memcpy(&u, a + n - 4, 4);
		memcpy(&v, b + n - 4, 4);
		return u == v;
	}
	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/*
 * Do the ids of the events row just split (nf fields) equal the key of
 * the row before?  Most rows follow one of the same stay, and then
 * neither the ids nor the order need checking again.
 */
static int
same_ids(const struct qi_records *r, size_t nf)
{
	const struct key *k = &r->pe.key;
	const struct rf_field *h, *st;

	if (!r->pe_ordered || r->ecol_at[EC_HOSPITAL] >= nf ||
	    r->ecol_at[EC_STAY] >= nf)
		return 0;
	h = &r->fld[r->ecol_at[EC_HOSPITAL]];
	st = &r->fld[r->ecol_at[EC_STAY]];
	return h->n + 1 + st->n == k->n && k->b[h->n] == '\0' &&
	    same_bytes(k->b, h->s, h->n) &&
	    same_bytes(k->b + h->n + 1, st->s, st->n);
}

/*
 * Read the next events row into r->pe.  Rows out of order are reported,
 * counted and passed over here.  Sets r->ev_end at the end of the file
 * or past the shard's last key.  -1: fatal.
 */
static int
read_event(struct qi_records *r)
{
	struct pending *e = &r->pe;
	int k, nf, ids;

	for (;;) {
		r->pe_valid = 0;
		if (!r->has_events || r->ev_end)
			return 0;
		k = rf_next(&r->ef);
		if (k <= 0) {
			r->ev_end = 1;
			return k;
		}
		e->bad = e->has_day = e->has_date = e->same = 0;
		memset(e->code, 0, sizeof(e->code));
		memset(e->department, 0, sizeof(e->department));
		memset(e->ward, 0, sizeof(e->ward));
		e->category = 0;
		e->kind = QI_EV_OTHER;
		e->qty = 1;
		nf = k == 2 ? 0 : rf_split(&r->ef, r->fld, r->fldcap);
		if (nf > 0)
			e->same = same_ids(r, (size_t)nf);
		r->pe_ordered = 0;
		if (!e->same)
			e->hosp[0] = e->stay[0] = '\0';
		if (k == 2) {
			e->bad = 1 + QI_RR_ENCODING;
			if (!r->o.skip_bad_rows)
				r->failed = 1;
		} else if (nf < 0) {
			e->bad = 1 + QI_RR_FIELDS;
			if (!r->o.skip_bad_rows)
				r->failed = 1;
		} else {
			event_values(r, (size_t)nf);
			if ((size_t)nf != r->enf)
				fields_error(r, &r->ef, &e->bad, (size_t)nf,
				    r->enf);
		}
		if (!e->same)
			key_make(&e->key, e->hosp, e->stay);
		/* the row before was within the bound */
		if (!e->same && r->have_bound &&
		    key_cmp(&e->key, &r->bound) >= 0) {
			r->ev_end = 1;
			return 0;
		}
		r->c.event_rows++;
		if (e->bad == 0 && !e->has_day && !e->has_date)
			bad_field(r, &r->ef, &e->bad, r->ecol_at[EC_DAY] <
			    r->enf ? r->ecol_at[EC_DAY] : r->ecol_at[EC_DATE],
			    QI_RR_MISSING, "give the day from admission or "
			    "the date", "event without day or date");
		/* a row without both ids (empty or bad) has no place */
		ids = e->same || (e->hosp[0] != '\0' && e->stay[0] != '\0');
		if (!e->same && ids && r->have_eprev &&
		    key_cmp(&e->key, &r->eprev) < 0) {
			if (r->eorder++ == 0)
				bad_field(r, &r->ef, &e->bad, 0, QI_RR_ORDER,
				    sort_hint, "not sorted by hospital, then "
				    "stay: event of stay '%s' of hospital "
				    "'%s' comes after stay '%s' of '%s'",
				    e->stay, e->hosp,
				    key_stay(&r->eprev), key_hosp(&r->eprev));
			else
				bad_quiet(r, &e->bad, QI_RR_ORDER);
			count_event_skip(r, QI_RR_ORDER);
			continue;
		}
		if (!e->same && ids)
			r->eprev = e->key;
		r->have_eprev |= ids;
		r->pe_ordered = ids;
		if (e->bad != 0)
			count_event_skip(r, (enum qi_rec_reason)(e->bad - 1));
		r->pe_valid = 1;
		return 1;
	}
}

/*
 * Double the events arena; the held stays' events and their list bits
 * move with it.
 */
static void
grow_events(struct qi_records *r)
{
	const struct qi_event *old = r->ev;
	const uint64_t *oldbits = r->bits;
	size_t h, i;

	r->evcap = r->evcap ? 2 * r->evcap : 256;
	r->ev = g_realloc_n(r->ev, r->evcap, sizeof(*r->ev));
	if (r->words > 0)
		r->bits = g_realloc_n(r->bits, r->evcap * r->words,
		    sizeof(*r->bits));
	for (h = 0; h < r->nhold; h++) {
		struct qi_stay *st = &r->hold[h];
		struct qi_event *ev;

		if (st->nev == 0)
			continue;
		/* offsets, computed on addresses: old is freed */
		ev = r->ev + ((uintptr_t)st->ev - (uintptr_t)old) / sizeof(*ev);
		st->ev = ev;
		for (i = 0; i < st->nev; i++)
			if (ev[i].lists != NULL)
				ev[i].lists = r->bits + ((uintptr_t)ev[i].lists -
				    (uintptr_t)oldbits) / sizeof(*r->bits);
	}
}

/* Add the pending event to the current stay. */
static int
add_event(struct qi_records *r)
{
	struct pending *e = &r->pe;
	struct qi_event *ev;
	long day, los;

	if (e->has_day)
		day = e->day;
	else
		day = e->date - (long)r->st->num[QI_F_ADMISSION];
	los = (long)(r->st->num[QI_F_DISCHARGE] - r->st->num[QI_F_ADMISSION]);
	if (day > los && r->late++ == 0) {
		/* kept (follow-up activity), told once: root_causes() */
		rf_pos(&r->ef, e->has_day ? r->ecol_at[EC_DAY] :
		    r->ecol_at[EC_DATE], &r->late_at.line, &r->late_at.col);
		g_strlcpy(r->late_at.hosp, e->hosp, sizeof(r->late_at.hosp));
		g_strlcpy(r->late_at.stay, e->stay, sizeof(r->late_at.stay));
		r->late_day = day;
		r->late_los = los;
	}
	if (r->nev == QI_EVENTS_MAX) {
		bad_field(r, &r->ef, &e->bad, 0, QI_RR_NUMBER,
		    "split the stay or check the events file",
		    "more than %d events for one stay", QI_EVENTS_MAX);
		count_event_skip(r, QI_RR_NUMBER);
		return -1;
	}
	if (r->evbase + r->nev == r->evcap)
		grow_events(r);
	ev = &r->ev[r->evbase + r->nev];
	ev->day = (int)day;
	ev->kind = e->kind;
	ev->qty = e->qty;
	memcpy(ev->code, e->code, QI_CODE_MAX);
	ev->category = e->category;
	memcpy(ev->department, e->department, QI_CODE_MAX);
	memcpy(ev->ward, e->ward, QI_CODE_MAX);
	ev->lists = NULL;
	if (r->words > 0)
		qi_codecache_match(r->cc, e->code,
		    r->bits + (r->evbase + r->nev) * r->words);
	r->nev++;
	return 0;
}

static int
by_day(const void *a, const void *b)
{
	const struct qi_event *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	/* stable: file order, kept in the lists pointer's slot index */
	return (uintptr_t)x->lists < (uintptr_t)y->lists ? -1 :
	    (uintptr_t)x->lists > (uintptr_t)y->lists;
}

/* Sort the stay's events by day (file order within a day), point lists. */
static void
finish_events(struct qi_records *r)
{
	struct qi_event *ev;
	const uint64_t *bits;
	size_t i;
	int sorted = 1;

	if (r->nev == 0) {
		/* the arenas may not exist yet: no offset on NULL */
		r->st->ev = NULL;
		r->st->nev = 0;
		return;
	}
	ev = r->ev + r->evbase;
	bits = r->words > 0 ? r->bits + r->evbase * r->words : NULL;
	for (i = 1; i < r->nev && sorted; i++)
		sorted = ev[i - 1].day <= ev[i].day;
	if (!sorted) {
		/* lists temporarily holds the row's slot, for stability */
		for (i = 0; i < r->nev; i++)
			ev[i].lists = (const uint64_t *)(uintptr_t)(i + 1);
		qsort(ev, r->nev, sizeof(*ev), by_day);
	}
	for (i = 0; i < r->nev; i++) {
		size_t slot = sorted ? i : (size_t)(uintptr_t)ev[i].lists - 1;

		ev[i].lists = r->words > 0 ? bits + slot * r->words : NULL;
	}
	r->st->ev = ev;
	r->st->nev = r->nev;
}

/*
 * The pending event has no stay.  Only the first ORPHANS_LISTED are
 * listed: a stays file out of order makes thousands, and its own error
 * (the cause) must not be crowded out.  The rest are counted.  They are
 * listed when the files have been read (root_causes()), and only if the
 * stays file was in order: its order error may be found only after the
 * events it leaves without a stay.  (Events out of order are reported as
 * such, never as events without a stay.)
 */
static void
orphan(struct qi_records *r)
{
	struct pending *e = &r->pe;
	struct orphan *o;

	count_event_skip(r, QI_RR_ORPHAN);
	bad_quiet(r, &e->bad, QI_RR_ORPHAN);
	if (r->orphans++ >= ORPHANS_LISTED)
		return;
	o = &r->orphan[r->orphans - 1];
	rf_pos(&r->ef, r->ecol_at[EC_STAY], &o->line, &o->col);
	g_strlcpy(o->hosp, e->hosp, sizeof(o->hosp));
	g_strlcpy(o->stay, e->stay, sizeof(o->stay));
}

/*
 * Consume the events up to the key of the current stay row: smaller keys
 * are orphans; equal keys belong to it (added if the stay is usable).
 */
static int
join_events(struct qi_records *r, int stay_ok)
{
	int c = 1;

	r->nev = 0;
	while (r->pe_valid) {
		struct pending *e = &r->pe;

		/* a row with the key of the one before compares alike */
		if (!(e->same && c == 0))
			c = key_cmp(&e->key, &r->key);
		if (c > 0)
			break;
		if (c < 0 && e->bad == 0)
			orphan(r);
		else if (c == 0 && e->bad == 0 && !stay_ok)
			count_event_skip(r, QI_RR_STAY_SKIPPED);
		else if (c == 0 && e->bad == 0 && add_event(r) == 0)
			r->c.events++;
		if (read_event(r) < 0)
			return -1;
	}
	return 0;
}

/* The events after the last stay: orphans up to the shard's end. */
static int
drain_events(struct qi_records *r)
{
	while (r->pe_valid && !(r->failed && r->ef.errors >= r->o.max_errors)) {
		if (r->pe.bad == 0)
			orphan(r);
		if (read_event(r) < 0)
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------- items */

/*
 * A payload of an item the table types, field k, s (n bytes), into slot
 * p of the pending item: a number, a date (YYYYMMDD as 様式1 writes it,
 * or YYYY-MM-DD; 00000000 and 99999999 are missing) or a code.
 */
static void
item_payload(struct qi_records *r, size_t k, const struct qi_item_info *ii,
    unsigned p, const char *s, size_t n)
{
	struct ipending *e = &r->pi;
	char iso[10];
	long d;

	switch (ii->p[p].type) {
	case QI_PT_NUMBER:
		if (parse_num(s, n, &e->it.num[p]) < 0)
			bad_field(r, &r->itf, &e->bad, k, QI_RR_NUMBER,
			    "numbers are written like 12 or 0.5",
			    "bad number '%.*s' in p%u of %s (%s)", (int)n, s,
			    p + 1, ii->code, ii->p[p].en);
		break;
	case QI_PT_DATE:
		if (n == 8 && (memcmp(s, "00000000", 8) == 0 ||
		    memcmp(s, "99999999", 8) == 0))
			break;
		if (n == 8) {		/* YYYYMMDD as YYYY-MM-DD */
			memcpy(iso, s, 4);
			iso[4] = iso[7] = '-';
			memcpy(iso + 5, s + 4, 2);
			memcpy(iso + 8, s + 6, 2);
		}
		if (parse_date(n == 8 ? iso : s, n == 8 ? 10 : n, &d) == 0) {
			e->it.num[p] = (double)d;
			break;
		}
		bad_field(r, &r->itf, &e->bad, k, QI_RR_DATE, "dates are "
		    "YYYYMMDD as in 様式1 (00000000 unknown) or YYYY-MM-DD",
		    "bad date '%.*s' in p%u of %s (%s)", (int)n, s, p + 1,
		    ii->code, ii->p[p].en);
		break;
	case QI_PT_CODE:
		if (copy_code(e->it.code[p], s, n) < 0)
			bad_field(r, &r->itf, &e->bad, k, QI_RR_CODE, code_hint,
			    "bad code '%.*s' in p%u of %s (%s)", (int)n, s,
			    p + 1, ii->code, ii->p[p].en);
		break;
	default:
		break;		/* not read */
	}
}

/* Convert the fields of the items row (nf of them) into r->pi. */
static void
item_values(struct qi_records *r, size_t nf)
{
	struct ipending *e = &r->pi;
	const struct rf_field *fl = r->fld;
	const struct qi_item_info *ii;
	size_t k;
	unsigned p;
	long v;

	if ((k = r->icol_at[IC_HOSPITAL]) < nf)
		read_id(r, &r->itf, &e->bad, k, "hospital", e->hosp, fl[k].s,
		    fl[k].n);
	if ((k = r->icol_at[IC_STAY]) < nf)
		read_id(r, &r->itf, &e->bad, k, "stay", e->stay, fl[k].s,
		    fl[k].n);
	if ((k = r->icol_at[IC_CODE]) < nf) {
		/* 1-8 letters and digits (copy_code() checks them) */
		if (fl[k].n > 8 || copy_code(e->it.code[0], fl[k].s,
		    fl[k].n) < 0) {
			bad_field(r, &r->itf, &e->bad, k, fl[k].n == 0 ?
			    QI_RR_MISSING : QI_RR_CODE, "an item code of the "
			    "様式1 layout, e.g. A000030", fl[k].n == 0 ?
			    "empty item code%.*s" : "bad item code '%.*s'",
			    (int)fl[k].n, fl[k].s);
			return;
		}
		memset(e->it.code[0], 0, QI_CODE_MAX);
		e->it.key = qi_item_key(fl[k].s, fl[k].n);
		e->known = qi_item_lookup(fl[k].s, fl[k].n);
	}
	if ((k = r->icol_at[IC_SEQ]) < nf && fl[k].n > 0) {
		if (digits(fl[k].s, fl[k].n, &v) < 0 || v > 65535)
			bad_field(r, &r->itf, &e->bad, k, QI_RR_NUMBER, "the "
			    "連番: 0 for a single item, 1, 2, ... for repeated "
			    "ones", "bad seq '%.*s'", (int)fl[k].n, fl[k].s);
		else
			e->it.seq = (unsigned)v;
	}
	if (e->known < 0)
		return;		/* an item qi does not know: not read */
	ii = &qi_items[e->known];
	for (p = 0; p < QI_ITEM_PAYLOADS; p++)
		if ((k = r->icol_at[IC_P1 + p]) < nf && fl[k].n > 0)
			item_payload(r, k, ii, p, fl[k].s, fl[k].n);
}

/*
 * Read the next items row into r->pi.  Rows out of order are reported
 * (once), counted and passed over.  -1: fatal.
 */
static int
read_item(struct qi_records *r)
{
	struct ipending *e = &r->pi;
	int k, nf, ids;
	size_t p;

	for (;;) {
		r->pi_valid = 0;
		if (!r->has_items || r->it_end)
			return 0;
		k = rf_next(&r->itf);
		if (k <= 0) {
			r->it_end = 1;
			return k;
		}
		e->bad = 0;
		e->known = -1;
		e->hosp[0] = e->stay[0] = '\0';
		memset(&e->it, 0, sizeof(e->it));
		for (p = 0; p < QI_ITEM_PAYLOADS; p++)
			e->it.num[p] = NAN;
		nf = k == 2 ? 0 : rf_split(&r->itf, r->fld, r->fldcap);
		if (k == 2 || nf < 0) {
			e->bad = 1 + (k == 2 ? QI_RR_ENCODING : QI_RR_FIELDS);
			if (!r->o.skip_bad_rows)
				r->failed = 1;
		} else {
			item_values(r, (size_t)nf);
			if ((size_t)nf != r->inf)
				fields_error(r, &r->itf, &e->bad, (size_t)nf,
				    r->inf);
		}
		key_make(&e->key, e->hosp, e->stay);
		if (r->have_bound && key_cmp(&e->key, &r->bound) >= 0) {
			r->it_end = 1;
			return 0;
		}
		ids = e->hosp[0] != '\0' && e->stay[0] != '\0';
		if (ids && r->have_iprev && key_cmp(&e->key, &r->iprev) < 0) {
			if (r->iorder++ == 0)
				bad_field(r, &r->itf, &e->bad, 0, QI_RR_ORDER,
				    sort_hint, "not sorted by hospital, then "
				    "stay: item of stay '%s' of hospital '%s' "
				    "comes after stay '%s' of '%s'", e->stay,
				    e->hosp, key_stay(&r->iprev),
				    key_hosp(&r->iprev));
			else
				bad_quiet(r, &e->bad, QI_RR_ORDER);
			r->c.items_skipped[QI_RR_ORDER]++;
			continue;
		}
		if (ids) {
			r->iprev = e->key;
			r->have_iprev = 1;
		}
		if (e->bad != 0)
			r->c.items_skipped[e->bad - 1]++;
		r->pi_valid = 1;
		return 1;
	}
}

/* Add the pending item to the current stay; a second (code, 連番) is an error. */
static void
add_item(struct qi_records *r)
{
	struct ipending *e = &r->pi;
	struct qi_item *base;
	size_t h, i;

	/* the arena may not exist yet: no offset on NULL */
	base = r->nit > 0 ? r->items + r->itbase : NULL;
	for (i = 0; i < r->nit; i++)
		if (base[i].key == e->it.key && base[i].seq == e->it.seq) {
			bad_field(r, &r->itf, &e->bad, r->icol_at[IC_CODE],
			    QI_RR_ORDER, "a stay has one row of each item and "
			    "連番", "item %s 連番 %u given twice for stay '%s' "
			    "of hospital '%s'", qi_items[e->known].code,
			    e->it.seq, e->stay, e->hosp);
			return;
		}
	if (r->nit == QI_ITEMS_MAX) {
		bad_field(r, &r->itf, &e->bad, 0, QI_RR_NUMBER, "check the "
		    "items file", "more than %d items for one stay",
		    QI_ITEMS_MAX);
		return;
	}
	if (r->itbase + r->nit == r->itcap) {
		const struct qi_item *old = r->items;

		r->itcap = r->itcap ? 2 * r->itcap : 1024;
		r->items = g_realloc_n(r->items, r->itcap, sizeof(*r->items));
		/* the held stays' items move; offsets computed on addresses,
		   for old is freed */
		for (h = 0; h < r->nhold; h++)
			if (r->hold[h].nitems > 0)
				r->hold[h].items = r->items + ((uintptr_t)
				    r->hold[h].items - (uintptr_t)old) /
				    sizeof(*r->items);
	}
	r->items[r->itbase + r->nit++] = e->it;
}

static int
by_key_seq(const void *a, const void *b)
{
	const struct qi_item *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The current stay's items, sorted by code and 連番. */
static void
finish_items(struct qi_records *r)
{
	r->st->items = r->nit > 0 ? r->items + r->itbase : NULL;
	r->st->nitems = r->nit;
	if (r->nit > 1)
		qsort(r->items + r->itbase, r->nit, sizeof(*r->items),
		    by_key_seq);
}

/*
 * An items row without a stay: an error at its stay column, unless the
 * stays file is out of order (its own error says why).
 */
static void
item_orphan(struct qi_records *r)
{
	struct ipending *e = &r->pi;

	if (r->sorder > 0)
		bad_quiet(r, &e->bad, QI_RR_ORPHAN);
	else
		bad_field(r, &r->itf, &e->bad, r->icol_at[IC_STAY],
		    QI_RR_ORPHAN, "every item's (hospital, stay) must be in "
		    "the stays file", "item of stay '%s' of hospital '%s', "
		    "which is not in the stays file", e->stay, e->hosp);
}

/* The items rows up to the current stay's key, as join_events(). */
static int
join_items(struct qi_records *r, int stay_ok)
{
	int c;

	r->nit = 0;
	while (r->pi_valid) {
		struct ipending *e = &r->pi;

		c = key_cmp(&e->key, &r->key);
		if (c > 0)
			break;
		if (c < 0 && e->bad == 0) {
			item_orphan(r);
			r->c.items_skipped[QI_RR_ORPHAN]++;
		} else if (c == 0 && e->bad == 0 && !stay_ok)
			r->c.items_skipped[QI_RR_STAY_SKIPPED]++;
		else if (c == 0 && e->bad == 0 && e->known >= 0) {
			add_item(r);
			if (e->bad != 0)	/* given twice, or too many */
				r->c.items_skipped[e->bad - 1]++;
		}
		if (read_item(r) < 0)
			return -1;
	}
	return 0;
}

/* The items after the last stay: orphans up to the shard's end. */
static int
drain_items(struct qi_records *r)
{
	while (r->pi_valid && !(r->failed && r->itf.errors >=
	    r->o.max_errors)) {
		if (r->pi.bad == 0) {
			item_orphan(r);
			r->c.items_skipped[QI_RR_ORPHAN]++;
		}
		if (read_item(r) < 0)
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ shards */

/* Key of the current record of f, ids in columns hcol and scol. */
static int
record_key(struct qi_records *r, struct rfile *f, size_t hcol, size_t scol,
    struct key *k)
{
	size_t errs = f->errors;
	int nf;

	f->errors = f->max_errors;	/* quiet: another shard reports it */
	nf = rf_split(f, r->fld, r->fldcap);
	f->errors = errs;
	if (nf < 0 || hcol >= (size_t)nf || scol >= (size_t)nf)
		return -1;
	/* an id too long is reported when its row is read */
	key_set(k, r->fld[hcol].s, MIN(r->fld[hcol].n, ID_MAX - 1),
	    r->fld[scol].s, MIN(r->fld[scol].n, ID_MAX - 1));
	return 0;
}

/*
 * Position f (the events or the items file, ids in columns hcol and
 * scol) at its first row whose key is >= want: binary search on byte
 * offsets, then a short linear scan.  Sets *end when there is none.
 */
static int
seek_rows(struct qi_records *r, struct rfile *f, size_t hcol, size_t scol,
    uint64_t data_start, const struct key *want, int *end)
{
	uint64_t lo = data_start, hi = f->size, mid;
	struct key got;
	int k;

	while (hi - lo > 2 * r->o.block) {
		mid = lo + (hi - lo) / 2;
		if (rf_seek(f, mid) < 0)
			return -1;
		k = rf_next(f);
		if (k < 0)
			return -1;
		if (k == 0 || record_key(r, f, hcol, scol, &got) < 0 ||
		    key_cmp(&got, want) >= 0)
			hi = mid;
		else
			lo = f->recoff;
	}
	if (lo > data_start && rf_seek(f, lo) < 0)
		return -1;
	if (lo == data_start && rf_seek(f, lo) < 0)
		return -1;
	for (;;) {
		uint64_t at;

		k = rf_next(f);
		if (k < 0)
			return -1;
		if (k == 0) {
			*end = 1;
			return 0;
		}
		if (record_key(r, f, hcol, scol, &got) == 0 &&
		    key_cmp(&got, want) < 0)
			continue;
		/* step back so that read_event() reads this row */
		at = f->recoff;
		return rf_seek(f, at);
	}
}

/* The key of the first stays row at or after byte end: the shard's bound. */
static int
find_bound(struct qi_records *r)
{
	size_t hcol = 0, scol = 0, i;
	int k;

	for (i = 0; i < r->snf; i++) {
		if (r->smap[i] == QI_F_HOSPITAL)
			hcol = i;
		if (r->smap[i] == QI_F_STAY)
			scol = i;
	}
	if (r->o.end >= r->sf.size)
		return 0;
	if (rf_seek(&r->sf, r->o.end) < 0)
		return -1;
	k = rf_next(&r->sf);
	if (k < 0)
		return -1;
	if (k > 0 && record_key(r, &r->sf, hcol, scol, &r->bound) == 0)
		r->have_bound = 1;
	return 0;
}

/* -------------------------------------------------------------- open */

/* Column j of the stays (kind 0), events (1) or items (2) schema. */
static const char *
column_name(int kind, size_t j)
{
	return kind == 2 ? icols[j].name : kind == 1 ? ecols[j].name :
	    qi_stay_fields[j].name;
}

static int
column_required(int kind, size_t j)
{
	return kind == 2 ? icols[j].required : kind == 1 ?
	    ecols[j].required : qi_stay_fields[j].required;
}

/*
 * Read the header of f, of the stays (is_events 0), the events (1) or
 * the items (2): delimiter, and column i -> index by name.
 */
static int
read_header(struct qi_records *r, struct rfile *f, int is_events,
    int **map, size_t *nf)
{
	gchar **names;
	char *text;
	size_t n, i, j, want = is_events == 2 ? IC__COUNT : is_events ?
	    EC__COUNT : QI_F__COUNT;
	int k, ret = 0, *seen;
	GString *list;

	k = rf_next(f);
	if (k <= 0 || k == 2) {
		if (k == 0)
			rf_error_at(f, 1, 1, "the first line names the columns",
			    "empty file");
		return -1;
	}
	if (memchr(f->rec, '\t', f->reclen) != NULL &&
	    memchr(f->rec, ',', f->reclen) == NULL)
		f->delim = '\t';
	csv_set_delim(&f->parser, (unsigned char)f->delim);
	/* header names hold no quotes in practice; libcsv-free split */
	text = g_strndup(f->rec, f->reclen);
	names = g_strsplit(text, f->delim == '\t' ? "\t" : ",", -1);
	g_free(text);
	n = g_strv_length(names);
	*map = g_new(int, n);
	*nf = n;
	seen = g_new0(int, want);
	for (i = 0; i < n; i++) {
		char *nm = g_strstrip(names[i]);
		long idx = -1;

		if (nm[0] == '"' && strlen(nm) >= 2 &&
		    nm[strlen(nm) - 1] == '"') {
			memmove(nm, nm + 1, strlen(nm));
			nm[strlen(nm) - 1] = '\0';
		}
		if (is_events == 2) {
			for (j = 0; j < IC__COUNT; j++)
				if (strcmp(nm, icols[j].name) == 0)
					idx = (long)j;
		} else if (is_events) {
			for (j = 0; j < EC__COUNT; j++)
				if (strcmp(nm, ecols[j].name) == 0)
					idx = (long)j;
		} else
			idx = qi_field_lookup(nm);
		(*map)[i] = (int)idx;
		if (idx < 0)
			continue;
		if (seen[idx]) {
			rf_error(f, i, "remove one of the two columns",
			    "duplicate column '%s'", nm);
			ret = -1;
		}
		seen[idx] = 1;
		if (is_events == 2)
			r->icol_at[idx] = i;
		else if (is_events)
			r->ecol_at[idx] = i;
	}
	list = g_string_new("the columns are ");
	for (j = 0; j < want; j++)
		g_string_append_printf(list, "%s%s%s", j ? ", " : "",
		    column_name(is_events, j), column_required(is_events, j) ?
		    "" : " (optional)");
	for (j = 0; j < want; j++) {
		int req = column_required(is_events, j);
		const char *nm = column_name(is_events, j);

		if (req && !seen[j]) {
			rf_error_at(f, 1, 1, list->str,
			    "missing column '%s'", nm);
			ret = -1;
		}
	}
	if (is_events == 1 && !seen[EC_DAY] && !seen[EC_DATE]) {
		rf_error_at(f, 1, 1, list->str,
		    "missing column 'day' or 'date'");
		ret = -1;
	}
	g_string_free(list, TRUE);
	g_free(seen);
	g_strfreev(names);
	return ret;
}

static int
scol_cmp(const void *a, const void *b)
{
	const struct scol *x = a, *y = b;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return (x->k > y->k) - (x->k < y->k);
}

/* The known stays columns of the header, ordered by type, then position. */
static void
stay_columns(struct qi_records *r)
{
	size_t k;

	r->scols = g_new(struct scol, r->snf);
	for (k = 0; k < r->snf; k++)
		if (r->smap[k] >= 0) {
			struct scol *c = &r->scols[r->nscols++];

			c->k = k;
			c->f = r->smap[k];
			c->type = qi_stay_fields[c->f].type;
			if (c->f == QI_F_HOSPITAL || c->f == QI_F_STAY ||
			    c->f == QI_F_ADMISSION || c->f == QI_F_DISCHARGE)
				r->req[r->nreq++] = *c;
		}
	qsort(r->scols, r->nscols, sizeof(*r->scols), scol_cmp);
}

enum qi_err
qi_records_open(const char *stays, const char *events,
    const struct qi_registry *reg, const struct qi_codeset *cs,
    const struct qi_records_opts *o, struct qi_records **out,
    struct qi_diag *diag)
{
	struct qi_records *r = g_new0(struct qi_records, 1);
	enum qi_err err = QI_EINPUT;
	size_t i;
	int bad;
	uint64_t sdata;

	*out = NULL;
	r->sf.fd = r->ef.fd = -1;
	if (o != NULL)
		r->o = *o;
	else
		qi_records_opts_defaults(&r->o);
	if (r->o.block < 4096)
		r->o.block = 4096;
	r->reg = reg;
	r->cs = cs;
	r->diag = diag;
	r->words = cs != NULL ? qi_codeset_words(cs) : 0;
	if (r->words > 0) {
		r->cc = qi_codecache_new(cs);
	}
	if (r->o.hold == 0)
		r->o.hold = 1;
	r->hold = g_new0(struct qi_stay, r->o.hold);
	r->st = r->hold;
	r->cache_idx = -1;
	r->cache_hosp[0] = '\x01';	/* matches no id */
	r->unknown = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    g_free);
	r->has_events = events != NULL;
	r->has_items = r->o.items != NULL;
	r->itf.fd = -1;
	for (i = 0; i < EC__COUNT; i++)
		r->ecol_at[i] = SIZE_MAX;	/* column absent */
	for (i = 0; i < IC__COUNT; i++)
		r->icol_at[i] = SIZE_MAX;
	for (i = 0; i < QI_F__COUNT; i++)
		r->blank.num[i] = NAN;
	for (i = 0; i < QI_NX__NUM; i++)
		r->blank.next.num[i] = NAN;
	r->blank.hospital = -1;
	if ((r->o.start != 0 || r->o.end != 0) && r->o.encoding != NULL &&
	    g_ascii_strcasecmp(r->o.encoding, "cp932") == 0) {
		qi_diag_add(diag, QI_ERROR, stays, 0, 0, "convert the files "
		    "to UTF-8 first (iconv -f CP932 -t UTF-8)",
		    "shards by byte range need UTF-8 input");
		err = QI_EUSAGE;
		goto fail;
	}
	/*
	 * A pipe is read once, whole, by the shard that starts at 0 (below);
	 * another shard must not open it and take bytes from it.
	 */
	if (r->o.start != 0 && (!g_file_test(stays, G_FILE_TEST_IS_REGULAR) ||
	    (events != NULL && !g_file_test(events,
	    G_FILE_TEST_IS_REGULAR)) || (r->has_items &&
	    !g_file_test(r->o.items, G_FILE_TEST_IS_REGULAR)))) {
		r->done = 1;
		*out = r;
		return QI_OK;
	}
	if (rf_open(&r->sf, stays, r->o.encoding, r->o.block, r->o.max_errors,
	    diag) < 0 || (events != NULL && rf_open(&r->ef, events,
	    r->o.encoding, r->o.block, r->o.max_errors, diag) < 0) ||
	    (r->has_items && rf_open(&r->itf, r->o.items, r->o.encoding,
	    r->o.block, r->o.max_errors, diag) < 0))
		goto fail;
	if (r->o.stays_name != NULL) {
		r->sf.file = r->sf.path;
		r->sf.path = g_strdup(r->o.stays_name);
	}
	if (r->o.skip_bad_rows)
		r->sf.level = r->ef.level = r->itf.level = QI_WARNING;
	/* both headers checked, so that one run reports both */
	bad = read_header(r, &r->sf, 0, &r->smap, &r->snf) < 0;
	if (events != NULL && read_header(r, &r->ef, 1, &r->emap,
	    &r->enf) < 0)
		bad = 1;
	if (r->has_items && read_header(r, &r->itf, 2, &r->imap,
	    &r->inf) < 0)
		bad = 1;
	if (bad)
		goto fail;
	/*
	 * A shard is a byte range, read by offset: a file that cannot be (a
	 * pipe, a compressed file) is read whole by the shard that starts
	 * at 0, and the other shards have nothing.
	 */
	if ((r->o.start != 0 || r->o.end != 0) && (r->sf.size == 0 ||
	    (events != NULL && r->ef.size == 0) || (r->has_items &&
	    r->itf.size == 0))) {
		r->done = r->o.start != 0;
		r->o.start = r->o.end = 0;
	}
	r->fldcap = MAX(MAX(r->snf, r->enf), r->inf);
	r->fld = g_new(struct rf_field, r->fldcap);
	stay_columns(r);
	sdata = r->sf.buf_off + r->sf.beg;
	if (r->o.end != 0 && find_bound(r) < 0)
		goto fail;
	if (r->o.start > sdata || r->o.end != 0) {
		if (rf_seek(&r->sf, r->o.start > sdata ? r->o.start : sdata) < 0)
			goto fail;
	}
	if (r->o.start <= sdata)
		r->positioned = 1;	/* events from the top */
	if (r->o.links != NULL && (r->lc = qi_links_open(r->o.links,
	    diag)) == NULL)
		goto fail;
	*out = r;
	return QI_OK;
fail:
	if (qi_diag_count(diag, QI_ERROR) == 0)
		err = QI_ESYS;
	qi_records_free(r);
	return err;
}

void
qi_records_free(struct qi_records *r)
{
	if (r == NULL)
		return;
	if (r->sf.path != NULL)
		rf_close(&r->sf);
	if (r->ef.path != NULL)
		rf_close(&r->ef);
	if (r->itf.path != NULL)
		rf_close(&r->itf);
	g_free(r->smap);
	g_free(r->emap);
	g_free(r->imap);
	g_free(r->items);
	g_free(r->scols);
	g_free(r->fld);
	g_free(r->ev);
	g_free(r->bits);
	g_free(r->hold);
	qi_codecache_free(r->cc);
	qi_links_close(r->lc);
	if (r->unknown != NULL)
		g_hash_table_destroy(r->unknown);
	g_free(r);
}

/* ------------------------------------------------------------- next */

static int
stop_listing(const struct qi_records *r)
{
	return r->failed && (r->sf.errors >= r->o.max_errors ||
	    r->ef.errors >= r->o.max_errors);
}

/* In skip mode: how many problems were counted but not listed. */
static void
unlisted(struct qi_records *r)
{
	struct rfile *f[2] = { &r->sf, &r->ef };
	size_t i;

	for (i = 0; i < 2; i++)
		if (f[i]->path != NULL && f[i]->errors > f[i]->max_errors) {
			qi_diag_add(r->diag, QI_NOTE, f[i]->path, 0, 0, NULL,
			    "%zu more problems in this file not shown",
			    f[i]->errors - f[i]->max_errors);
			f[i]->max_errors = f[i]->errors;	/* once */
		}
}

static gint
unknown_cmp(gconstpointer a, gconstpointer b, gpointer table)
{
	const struct unknown *x = g_hash_table_lookup(table, *(char **)a);
	const struct unknown *y = g_hash_table_lookup(table, *(char **)b);

	return (x->line > y->line) - (x->line < y->line);
}

/*
 * Once the file is read: each unknown hospital as one error at its first
 * row, with the number of rows that carry it; and how many more rows the
 * one order error stands for.  Each said once.
 */
static void
root_causes(struct qi_records *r)
{
	GPtrArray *ids;
	GHashTableIter it;
	gpointer k;
	size_t i;

	if (g_hash_table_size(r->unknown) > 0) {
		ids = g_ptr_array_new();
		g_hash_table_iter_init(&it, r->unknown);
		while (g_hash_table_iter_next(&it, &k, NULL))
			g_ptr_array_add(ids, k);
		g_ptr_array_sort_with_data(ids, unknown_cmp, r->unknown);
		for (i = 0; i < ids->len; i++) {
			const char *id = g_ptr_array_index(ids, i);
			const struct unknown *u = g_hash_table_lookup(
			    r->unknown, id);

			rf_error_at(&r->sf, u->line, u->col, "the hospital ids "
			    "are those of the registry (hospitals.csv); the "
			    "events of these stays are left out with them",
			    "unknown hospital '%s' (%" PRIu64 " row%s)", id,
			    u->rows, u->rows == 1 ? "" : "s");
		}
		g_ptr_array_free(ids, TRUE);
		g_hash_table_remove_all(r->unknown);
	}
	for (i = 0; r->sorder == 0 && i < MIN(r->orphans,
	    ORPHANS_LISTED); i++)
		rf_error_at(&r->ef, r->orphan[i].line, r->orphan[i].col,
		    "every event's (hospital, stay) must be in the stays file",
		    "event of stay '%s' of hospital '%s', which is not in the "
		    "stays file", r->orphan[i].stay, r->orphan[i].hosp);
	if (r->orphans > ORPHANS_LISTED && r->sorder == 0)
		qi_diag_add(r->diag, QI_NOTE, r->ef.path, 0, 0,
		    "the stays file must be complete", "%" PRIu64 " more "
		    "events without a stay not listed", r->orphans -
		    ORPHANS_LISTED);
	r->orphans = 0;
	if (r->late > 0)
		qi_diag_add(r->diag, QI_NOTE, r->ef.path, r->late_at.line,
		    r->late_at.col, "they are kept as the stay's activity "
		    "after discharge (e.g. outpatient chemotherapy); check the "
		    "day or date if they should lie within the stay",
		    "%" PRIu64 " event%s after the discharge of %s stay, the "
		    "first of stay '%s' of hospital '%s' on day %ld (discharge "
		    "on day %ld)", r->late, r->late == 1 ? "" : "s",
		    r->late == 1 ? "its" : "their", r->late_at.stay,
		    r->late_at.hosp, r->late_day, r->late_los);
	r->late = 0;
	if (r->sorder > 1)
		qi_diag_add(r->diag, QI_NOTE, r->sf.path, 0, 0, NULL, "%" PRIu64
		    " rows out of order in all; the events they leave without "
		    "a stay are not listed", r->sorder);
	if (r->eorder > 1)
		qi_diag_add(r->diag, QI_NOTE, r->ef.path, 0, 0, NULL, "%" PRIu64
		    " rows out of order in all", r->eorder);
	if (r->iorder > 1)
		qi_diag_add(r->diag, QI_NOTE, r->itf.path, 0, 0, NULL, "%" PRIu64
		    " rows out of order in all", r->iorder);
	r->iorder = r->iorder > 0;
	r->sorder = r->sorder > 0;	/* once */
	r->eorder = r->eorder > 0;
}

void
qi_records_release(struct qi_records *r)
{
	r->nhold = 0;
	r->evbase = 0;
	r->itbase = 0;
	r->st = r->hold;
}

int
qi_records_next(struct qi_records *r, const struct qi_stay **st)
{
	int k;

	*st = NULL;
	if (r->nhold == r->o.hold)
		qi_records_release(r);
	r->st = &r->hold[r->nhold];
	while (!r->done) {
		if (r->o.max_stays != 0 && r->c.stays >= r->o.max_stays) {
			r->done = 1;
			break;
		}
		if (stop_listing(r)) {
			qi_diag_add(r->diag, QI_NOTE, r->sf.errors >=
			    r->o.max_errors ? r->sf.path : r->ef.path, 0, 0,
			    "correct these rows and run again",
			    "stopped after %zu errors", r->o.max_errors);
			r->done = 1;
			break;
		}
		k = read_stay(r);
		if (k < 0) {
			r->failed = r->done = 1;
			break;
		}
		if (!r->positioned && (r->has_events || r->has_items) &&
		    k == 0) {
			/* an empty shard */
			r->positioned = r->ev_end = r->it_end = 1;
		} else if (!r->positioned && (r->has_events ||
		    r->has_items)) {
			r->positioned = 1;
			if ((r->has_events && seek_rows(r, &r->ef,
			    r->ecol_at[EC_HOSPITAL], r->ecol_at[EC_STAY], 0,
			    &r->key, &r->ev_end) < 0) || (r->has_items &&
			    seek_rows(r, &r->itf, r->icol_at[IC_HOSPITAL],
			    r->icol_at[IC_STAY], 0, &r->key,
			    &r->it_end) < 0)) {
				r->failed = r->done = 1;
				break;
			}
		}
		if ((r->has_events && !r->pe_valid && !r->ev_end &&
		    read_event(r) < 0) || (r->has_items && !r->pi_valid &&
		    !r->it_end && read_item(r) < 0)) {
			r->failed = r->done = 1;
			break;
		}
		if (k == 0) {
			if (drain_events(r) < 0 || drain_items(r) < 0)
				r->failed = 1;
			r->done = 1;
			break;
		}
		r->c.stays_bytes = r->sf.recoff + r->sf.reclen;
		if (r->bad == 1 + QI_RR_ORDER) {
			r->c.stays_skipped[QI_RR_ORDER]++;
			continue;
		}
		if (join_events(r, r->bad == 0) < 0 ||
		    join_items(r, r->bad == 0) < 0) {
			r->failed = r->done = 1;
			break;
		}
		if (r->bad != 0) {
			r->c.stays_skipped[r->bad - 1]++;
			continue;
		}
		if (r->failed)
			continue;	/* only listing errors now */
		finish_events(r);
		finish_items(r);
		if (r->lc != NULL && qi_links_fill(r->lc, r->key.b, r->key.n,
		    r->st->hospital, &r->st->next, r->diag) < 0) {
			r->failed = r->done = 1;
			break;
		}
		r->c.stays++;
		*st = r->st;
		r->nhold++;
		r->evbase += r->nev;
		r->nev = 0;
		r->itbase += r->nit;
		r->nit = 0;
		return 1;
	}
	r->c.events_bytes = r->ef.buf_off + r->ef.beg;
	root_causes(r);
	if (r->o.skip_bad_rows)
		unlisted(r);
	return r->failed ? -1 : 0;
}

/* ---------------------------------------------------------- columns */

/* The closest of n words to w, if it is near enough to be its misspelling. */
static const char *
nearest(const char *w, const char *const *words, size_t n)
{
	long k = qi_closest_word(w, words, n);

	return k < 0 ? NULL : words[k];
}

/*
 * The names of the header just read by f, unquoted as read_header()
 * does.  g_strfreev() them.
 */
static gchar **
header_names(const struct rfile *f)
{
	char *text = g_strndup(f->rec, f->reclen);
	gchar **v = g_strsplit(text, f->delim == '\t' ? "\t" : ",", -1);
	size_t i, n;

	g_free(text);
	for (i = 0; v[i] != NULL; i++) {
		g_strstrip(v[i]);
		n = strlen(v[i]);
		if (n >= 2 && v[i][0] == '"' && v[i][n - 1] == '"') {
			memmove(v[i], v[i] + 1, n - 2);
			v[i][n - 2] = '\0';
		}
	}
	return v;
}

/*
 * Warn of each column of f (the stays file, or the events file) that its
 * schema does not know, but those used[] (by an error already).
 */
static void
unknown_columns(struct qi_records *r, struct rfile *f, gchar **names,
    const int *used)
{
	int kind = f == &r->itf ? 2 : f == &r->ef;
	const int *map = kind == 2 ? r->imap : kind ? r->emap : r->smap;
	size_t nf = kind == 2 ? r->inf : kind ? r->enf : r->snf;
	const char *known[QI_F__COUNT + EC__COUNT + IC__COUNT];
	size_t nknown = kind == 2 ? IC__COUNT : kind ? EC__COUNT : QI_F__COUNT;
	const char *near;
	unsigned long line;
	unsigned col;
	char *hint;
	size_t i;

	for (i = 0; i < nknown; i++)
		known[i] = column_name(kind, i);
	for (i = 0; i < nf && names[i] != NULL; i++) {
		if (map[i] >= 0 || used[i] || names[i][0] == '\0')
			continue;
		near = nearest(names[i], known, nknown);
		hint = near != NULL ? g_strdup_printf("did you mean '%s'?",
		    near) : g_strdup("columns qi does not know are not read: "
		    "the schema is in specs/input.md, section 7");
		rf_pos(f, i, &line, &col);
		qi_diag_add(r->diag, QI_WARNING, f->path, (unsigned)line, col,
		    hint, "unknown column '%s', not read", names[i]);
		g_free(hint);
	}
}

enum qi_err
qi_records_columns(const char *stays, const char *events, const char *items,
    const char *encoding, const struct qi_defset *defs,
    struct qi_diag *diag)
{
	struct qi_records_opts o;
	struct qi_records *r;
	const char *known[1];
	gchar **names;
	GString *who;
	uint64_t need;
	unsigned long line;
	unsigned col;
	size_t f, i, k, nwho, errs = 0;
	int present[QI_F__COUNT], *used;
	char *hint;
	enum qi_err rc;

	qi_records_opts_defaults(&o);
	o.encoding = encoding;
	o.block = 4096;
	o.items = items;
	if ((rc = qi_records_open(stays, events, NULL, NULL, &o, &r, diag)) !=
	    QI_OK)
		return rc;
	memset(present, 0, sizeof(present));
	for (i = 0; i < r->snf; i++)
		if (r->smap[i] >= 0)
			present[r->smap[i]] = 1;
	names = header_names(&r->sf);
	used = g_new0(int, r->snf + 1);
	for (f = 0; f < QI_F__COUNT; f++) {
		if (present[f])
			continue;
		who = g_string_new(NULL);
		for (k = 0, nwho = 0; defs != NULL && k < defs->n; k++) {
			need = qi_indicator_reads(&defs->v[k]);
			if (need & ((uint64_t)1 << f))
				g_string_append_printf(who, "%s%s",
				    nwho++ ? ", " : "", defs->v[k].id);
		}
		if (nwho > 0) {
			line = 1;
			col = 1;
			hint = g_strdup("add the column (empty values are "
			    "missing values), or compute without those "
			    "definitions (-i DIR)");
			/* a misspelling of it in the header? */
			known[0] = qi_stay_fields[f].name;
			for (i = 0; i < r->snf; i++)
				if (r->smap[i] < 0 && !used[i] && names[i] !=
				    NULL && nearest(names[i], known, 1) != NULL)
					break;
			if (i < r->snf) {
				used[i] = 1;
				rf_pos(&r->sf, i, &line, &col);
				g_free(hint);
				hint = g_strdup_printf("the header has '%s': did "
				    "you mean '%s'?", names[i],
				    qi_stay_fields[f].name);
			}
			rf_error_at(&r->sf, line, col, hint, "missing column "
			    "'%s', which %s need%s", qi_stay_fields[f].name,
			    who->str, nwho == 1 ? "s" : "");
			g_free(hint);
			errs++;
		}
		g_string_free(who, TRUE);
	}
	unknown_columns(r, &r->sf, names, used);
	g_strfreev(names);
	g_free(used);
	if (events != NULL) {
		names = header_names(&r->ef);
		used = g_new0(int, r->enf + 1);
		unknown_columns(r, &r->ef, names, used);
		g_strfreev(names);
		g_free(used);
	}
	if (items != NULL) {
		names = header_names(&r->itf);
		used = g_new0(int, r->inf + 1);
		unknown_columns(r, &r->itf, names, used);
		g_strfreev(names);
		g_free(used);
	}
	/* definitions that read 様式1 items need the items file */
	who = g_string_new(NULL);
	for (k = 0, nwho = 0; items == NULL && defs != NULL && k < defs->n;
	    k++)
		if (qi_indicator_reads(&defs->v[k]) & QI_READS_ITEMS)
			g_string_append_printf(who, "%s%s", nwho++ ? ", " : "",
			    defs->v[k].id);
	if (nwho > 0) {
		qi_diag_add(diag, QI_ERROR, stays, 0, 0, "put items.csv (hospital,"
		    " stay, code, seq, p1 ... p9) beside stays.csv, or name it "
		    "with --items", "no items file, which %s need%s (they "
		    "read 様式1 items)", who->str, nwho == 1 ? "s" : "");
		errs++;
	}
	g_string_free(who, TRUE);
	qi_records_free(r);
	return errs > 0 ? QI_EINPUT : QI_OK;
}
