/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dpc.c -- the DPC submission files read as they are (dpc.h); the
 * normative description is specs/input.md section 8.
 *
 * Three passes, none holding more than the sort budget:
 *  1. every file is read row by row: a row is checked, its values are
 *     parsed into a small binary record, and the record is added to one
 *     of three external sorts -- 様式1 items by stay, EF activities by
 *     stay, day and act, 様式4 by stay;
 *  2. the sorts are read back together, stay by stay, in the order of
 *     the flat files (hospital id, then stay id, as bytes);
 *  3. each stay is assembled from its items, joined with its EF acts and
 *     its 様式4 row, and written as one stays row and its events rows.
 * Problems of a row are reported at its FILE:LINE:COL when it is read;
 * problems of a stay (no discharge date, an item given twice) at the row
 * that shows them, from the file number and line each record carries.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "codelist.h"
#include "csvread.h"
#include "dpc.h"
#include "emit.h"
#include "instream.h"
#include "items.h"
#include "stay.h"
#include "xsort.h"

#define LINE_MAX_BYTES	((size_t)1 << 20)
#define FIELDS_MAX	40
#define ID_MAX		32	/* bytes of a データ識別番号 */
#define BLOCK		((size_t)1 << 18)

enum dkind { DK_FF1, DK_EF, DK_FF4 };
static const char *const kind_name[] = { "様式1", "EF", "様式4" };
static const size_t kind_fields[] = { 17, 31, 5 };

enum enc { ENC_UNDECIDED, ENC_UTF8, ENC_CP932 };
static enum enc	enc_of(const char *);

/* ------------------------------------------------------------- items */

/*
 * The 様式1 items qi reads or knows, with the discharge dates of the
 * table that has them: [from, to) as YYYYMMDD, 0 = open.  The 2024-06
 * table (discharges from 2024-06-01) added A001040, A004040 and A004050
 * and renumbered the M0400/M0500 items.
 */
enum item {
	IT_NONE,	/* known, not read */
	IT_BIRTH,	/* A000010 */
	IT_ADMISSION,	/* A000020 */
	IT_DISCHARGE,	/* A000030 */
	IT_PREV,	/* A000070 */
	IT_ULCER,	/* A001040 */
	IT_DEMENTIA,	/* A004010 */
	IT_FALLS,	/* A004040 */
	IT_RESTRAINT,	/* A004050 */
	IT_DX_MAIN,	/* A006010 */
	IT_DX_TRIGGER,	/* A006020 */
	IT_DX_RESOURCE,	/* A006030 */
	IT_DX_COMORBID,	/* A006040 */
	IT_DX_COMPLICATION, /* A006050 */
	IT_STROKE,	/* M010010 */
	IT_KILLIP,	/* M050030 */
	IT_JCS,		/* JCS0010 */
	IT_STAGE,	/* CAN0030 */
	IT__COUNT,
	IT_ITEM = 252,	/* an item of the table of defs/items.h: struct ff1item */
	IT_BAD = 253,	/* a row of the stay was rejected (reported) */
	IT_PRESENCE = 254, /* a stay's first row: the stay exists */
	IT_CHILD = 255	/* a row of a child segment */
};

static const struct item_info {
	const char	*code;
	enum item	 item;
	long		 from, to;
} items[] = {
	{ "A000010", IT_BIRTH, 0, 0 },
	{ "A000020", IT_ADMISSION, 0, 0 },
	{ "A000030", IT_DISCHARGE, 0, 0 },
	{ "A000031", IT_NONE, 0, 0 },
	{ "A000040", IT_NONE, 0, 0 },
	{ "A000050", IT_NONE, 0, 0 },
	{ "A000060", IT_NONE, 0, 0 },
	{ "A000070", IT_PREV, 0, 0 },
	{ "A001040", IT_ULCER, 20240601, 0 },
	{ "A004010", IT_DEMENTIA, 0, 0 },
	{ "A004040", IT_FALLS, 20240601, 0 },
	{ "A004050", IT_RESTRAINT, 20240601, 0 },
	{ "A006010", IT_DX_MAIN, 0, 0 },
	{ "A006020", IT_DX_TRIGGER, 0, 0 },
	{ "A006030", IT_DX_RESOURCE, 0, 0 },
	{ "A006031", IT_NONE, 0, 0 },
	{ "A006040", IT_DX_COMORBID, 0, 0 },
	{ "A006050", IT_DX_COMPLICATION, 0, 0 },
	{ "A007010", IT_NONE, 0, 0 },
	{ "CAN0010", IT_NONE, 0, 0 },
	{ "CAN0020", IT_NONE, 0, 0 },
	{ "CAN0030", IT_STAGE, 0, 0 },
	{ "JCS0010", IT_JCS, 0, 0 },
	{ "M010010", IT_STROKE, 0, 0 },
	{ "M040030", IT_NONE, 0, 20240601 },
	{ "M040031", IT_NONE, 20240601, 0 },
	{ "M050010", IT_NONE, 0, 20240601 },
	{ "M050011", IT_NONE, 20240601, 0 },
	{ "M050030", IT_KILLIP, 0, 0 },
	{ "M050040", IT_NONE, 0, 20240601 },
	{ "M050041", IT_NONE, 20240601, 0 },
	{ "M050050", IT_NONE, 0, 20240601 },
	{ "M050051", IT_NONE, 20240601, 0 },
	{ "M050060", IT_NONE, 0, 20240601 },
};

static const struct item_info *
item_find(const char *code, size_t n)
{
	size_t i;

	if (n != 7)
		return NULL;
	for (i = 0; i < G_N_ELEMENTS(items); i++)
		if (memcmp(items[i].code, code, 7) == 0)
			return &items[i];
	return NULL;
}

static const struct item_info *
item_of(enum item it)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(items); i++)
		if (items[i].item == it)
			return &items[i];
	return NULL;
}

/* ------------------------------------------------------------ records */

/* A 様式1 row as sorted: the stay is the key. */
struct ff1v {
	uint32_t	 file, line;
	uint8_t		 item;		/* enum item, IT_PRESENCE, IT_CHILD */
	uint8_t		 col;		/* field of v[0] (for diagnostics) */
	uint16_t	 seq;		/* 連番 */
	double		 v[3];		/* item values; NaN = missing */
	char		 code[QI_CODE_MAX];	/* diagnoses */
};

/*
 * A parent row of an item of the item table (defs/items.h), for
 * items.csv: h.code its code, h.seq its 連番, the payloads the table
 * types as written (checked), the others empty.
 */
struct ff1item {
	struct ff1v	 h;
	char		 p[QI_ITEM_PAYLOADS][QI_CODE_MAX];
};

/* EF: the key is stay, day, act and code; this is the rest. */
enum evkind {
	EK_PROC, EK_DRUG, EK_MATERIAL,
	EK_MARK		/* times rows of the stay in no code list (opts.keep) */
};
struct efv {
	uint32_t	 file, line;
	uint16_t	 detail;	/* 行為明細番号: 0 is the act's row */
	uint8_t		 kind;		/* enum evkind */
	uint8_t		 unmapped;	/* a drug without a YJ code */
	uint8_t		 own;		/* 持参薬 flag (行為明細区分情報 3) */
	double		 times;		/* 行為回数; NaN = empty */
	double		 points;	/* 行為点数; NaN = empty */
	double		 drugfee;	/* 行為薬剤料; NaN = empty */
	char		 code[QI_CODE_MAX];
	char		 kai[QI_CODE_MAX];	/* 解釈番号, for the kind */
	uint8_t		 category;	/* データ区分 */
	char		 dept[QI_CODE_MAX];	/* 診療科区分; "" = empty */
	char		 ward[QI_CODE_MAX];	/* 病棟コード; "" = empty */
};

struct ff4v {
	uint32_t	 file, line;
	double		 insurance;	/* 1 public insurance only, 0 not */
};

/* ------------------------------------------------------- the reader */

struct dfile {
	const char		*path;
	uint32_t		 no;
	enum dkind		 kind;
	struct qi_instream	*in;
	char			*buf;
	size_t			 beg, len, cap;
	int			 eof;
	unsigned long		 line;	/* of the current line */
	char			*cur;	/* the current line, NUL-terminated */
	size_t			 curlen;
	enum enc		 enc;
	int			 forced;
	size_t			 errors;
	GIConv			 conv;	/* CP932 -> UTF-8, or (GIConv)-1 */
	GHashTable		*cp932_ok;	/* fields found valid, GBytes */
	char			*scratch;	/* its output */
	size_t			 scratchcap;
	char			*shown;	/* a value as messages show it */
	/* fields of the current line */
	const char		*f[FIELDS_MAX];
	size_t			 fn[FIELDS_MAX];
	size_t			 nf;
};

struct unknown_fac {
	uint32_t	 file;
	unsigned long	 line;
	unsigned	 col;
	uint64_t	 rows;
	GHashTable	*files;	/* file numbers */
};

struct dpc {
	const struct qi_registry	*reg;
	const struct qi_dpc_opts	*o;
	struct qi_diag			*diag;
	struct qi_dpc_counts		*n;
	char *const			*paths;		/* and the drug master */
	size_t				 npaths;
	size_t				*file_errors;	/* by file number */
	struct qi_xsort			*sort[3];
	GHashTable			*drugs;		/* receipt -> YJ */
	int				 have_drugs;
	GHashTable			*unknown_fac;	/* code -> unknown_fac */
	GHashTable			*unknown_items;	/* code -> rows */
	GHashTable			*off_items;	/* code -> rows */
	struct qi_codecache		*cc;
	uint64_t			*bits;
	size_t				 nbits;
	/* the last facility code looked up */
	char				 fac[16];
	long				 hosp;
	/* 様式1: the last stay key seen in a file (presence records) */
	GString				*lastkey;
	GString				*key;
	unsigned char			*ff4_hosp;	/* hospitals with 様式4 rows */
	/* EF rows left out (opts.keep), stay by stay, for the counts */
	GString				*mark;
	struct efv			 markv;
	FILE				*stays_out, *events_out, *items_out;
	size_t				 errors;
};

static void
dpc_vdiag(struct dpc *d, enum qi_level lv, uint32_t file, unsigned long line,
    unsigned col, const char *hint, const char *fmt, va_list ap)
{
	char *msg = g_strdup_vprintf(fmt, ap);

	if (lv == QI_ERROR) {
		d->errors++;
		if (d->file_errors[file]++ >= d->o->max_errors) {
			g_free(msg);
			return;
		}
	}
	qi_diag_add(d->diag, lv, d->paths[file], (unsigned)line, col, hint,
	    "%s", msg);
	g_free(msg);
}

static void __attribute__((format(printf, 7, 8)))
dpc_diag(struct dpc *d, enum qi_level lv, uint32_t file, unsigned long line,
    unsigned col, const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dpc_vdiag(d, lv, file, line, col, hint, fmt, ap);
	va_end(ap);
}

/* Character column (1-based) of byte offset off of the current line. */
static unsigned
char_col(const struct dfile *f, size_t off)
{
	unsigned col = 1;
	size_t i;

	for (i = 0; i < off && i < f->curlen; i++) {
		unsigned char c = (unsigned char)f->cur[i];

		if (f->enc == ENC_CP932) {
			if ((c >= 0x81 && c <= 0x9f) || (c >= 0xe0 && c <= 0xfc))
				i++;	/* a double-byte character */
			col++;
		} else if ((c & 0xc0) != 0x80)
			col++;
	}
	return col;
}

/* Column of field k of the current line (past the last: after the end). */
static unsigned
field_col(const struct dfile *f, size_t k)
{
	size_t off = k < f->nf ? (size_t)(f->f[k] - f->cur) : f->curlen + 1;

	return char_col(f, off);
}

/*
 * n bytes of the current line as a message shows them: in UTF-8 (from
 * CP932 if the file is), at most 20 characters.  Valid until the next.
 */
static const char *
shown(struct dfile *f, const char *s, size_t n)
{
	char *u = NULL;

	g_free(f->shown);
	if (f->enc == ENC_CP932)
		u = g_convert(s, (gssize)n, "UTF-8", "CP932", NULL, NULL,
		    NULL);
	if (u == NULL)
		u = g_strndup(s, n);
	if (!g_utf8_validate(u, -1, NULL)) {	/* bytes it is not: hex */
		GString *h = g_string_new(NULL);
		size_t i;

		for (i = 0; i < n && i < 20; i++)
			g_string_append_printf(h, (unsigned char)s[i] < 0x80 &&
			    g_ascii_isprint(s[i]) ? "%c" : "\\x%02X",
			    (unsigned char)s[i]);
		g_free(u);
		u = g_string_free(h, FALSE);
	}
	if (g_utf8_strlen(u, -1) > 20)
		*g_utf8_offset_to_pointer(u, 20) = '\0';
	f->shown = u;
	return u;
}

static void __attribute__((format(printf, 5, 6)))
row_error(struct dpc *d, struct dfile *f, size_t k, const char *hint,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dpc_vdiag(d, QI_ERROR, f->no, f->line,
	    k == (size_t)-1 ? 0 : field_col(f, k), hint, fmt, ap);
	va_end(ap);
}

/* ---------------------------------------------------- lines and text */

/* Structurally valid CP932: ASCII, half-width kana, lead + trail bytes. */
static int
cp932_valid(const unsigned char *s, size_t n, size_t *bad)
{
	uint64_t w;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned c;

		while (i + 8 <= n) {	/* ASCII runs, eight bytes at a time */
			memcpy(&w, s + i, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		c = s[i];
		if (c < 0x80 || (c >= 0xa1 && c <= 0xdf))
			continue;
		if (((c >= 0x81 && c <= 0x9f) || (c >= 0xe0 && c <= 0xfc)) &&
		    i + 1 < n && s[i + 1] >= 0x40 && s[i + 1] != 0x7f &&
		    s[i + 1] <= 0xfc) {
			i++;
			continue;
		}
		*bad = i;
		return 0;
	}
	return 1;
}

/* The first byte of s[0, n) above 0x7F, or NULL. */
static const char *
first_high(const char *s, size_t n)
{
	uint64_t w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		if (w & UINT64_C(0x8080808080808080))
			break;
	}
	for (; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return s + i;
	return NULL;
}

static int
has_high(const char *s, size_t n)
{
	uint64_t w, acc = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {	/* eight bytes at a time */
		memcpy(&w, s + i, 8);
		acc |= w;
	}
	for (; i < n; i++)
		acc |= (unsigned char)s[i];
	return (acc & UINT64_C(0x8080808080808080)) != 0;
}

/* A hash of a text eight bytes at a time (FNV-1a over words). */
static guint
text_hash(gconstpointer p)
{
	const char *s = p;
	size_t n = strlen(s), i;
	uint64_t h = UINT64_C(1469598103934665603), w;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * UINT64_C(1099511628211);
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * UINT64_C(1099511628211);
	return (guint)(h ^ h >> 32);
}

/*
 * Whether the current line is CP932, every character one it assigns:
 * converted by iconv.  1, or 0 with the offset of the first bad byte in
 * *bad.
 */
static int
cp932_assigned(struct dfile *f, size_t *bad)
{
	const char *p = f->cur, *end = f->cur + f->curlen, *b, *t;
	gchar *in, *out;
	gsize inleft, outleft;
	size_t n;

	if (f->conv == NULL) {
		f->conv = g_iconv_open("UTF-8", "CP932");
		f->cp932_ok = g_hash_table_new_full(text_hash, g_str_equal,
		    g_free, NULL);
	}
	if (f->conv == (GIConv)-1)	/* no converter: the structure only */
		return cp932_valid((const unsigned char *)f->cur, f->curlen,
		    bad);
	/*
	 * The fields that hold non-ASCII bytes, one by one: a text seen
	 * before in the file (a 診療明細名称) is not converted again.
	 */
	while ((p = first_high(p, (size_t)(end - p))) != NULL) {
		for (b = p; b > f->cur && b[-1] != '\t'; b--)
			;
		if ((t = memchr(p, '\t', (size_t)(end - p))) == NULL)
			t = end;
		n = (size_t)(t - b);
		if (f->scratchcap < 4 * n + 1) {
			f->scratchcap = 4 * n + 1;
			f->scratch = g_realloc(f->scratch, f->scratchcap);
		}
		memcpy(f->scratch, b, n);	/* the key, NUL-terminated */
		f->scratch[n] = '\0';
		p = t;
		if (g_hash_table_contains(f->cp932_ok, f->scratch))
			continue;
		in = (gchar *)b;
		inleft = n;
		out = f->scratch + n + 1;
		outleft = f->scratchcap - n - 1;
		g_iconv(f->conv, NULL, NULL, NULL, NULL);
		if (g_iconv(f->conv, &in, &inleft, &out, &outleft) ==
		    (gsize)-1) {
			*bad = (size_t)(in - f->cur);
			return 0;
		}
		if (g_hash_table_size(f->cp932_ok) < 65536)
			g_hash_table_add(f->cp932_ok, g_strndup(b, n));
	}
	return 1;
}

/*
 * Check the current line's encoding; the first line with non-ASCII bytes
 * decides an undecided file.  0 if good, -1 if reported.
 */
static int
line_encoding(struct dpc *d, struct dfile *f)
{
	const char *end = NULL;
	size_t bad = 0;

	if (!has_high(f->cur, f->curlen))
		return 0;
	if (f->enc == ENC_UNDECIDED)
		f->enc = g_utf8_validate(f->cur, (gssize)f->curlen, NULL) ?
		    ENC_UTF8 : ENC_CP932;
	if (f->enc == ENC_UTF8) {
		if (g_utf8_validate(f->cur, (gssize)f->curlen, &end))
			return 0;
		f->nf = 0;
		dpc_diag(d, QI_ERROR, f->no, f->line,
		    char_col(f, (size_t)(end - f->cur)),
		    f->forced ? "the file is not in the encoding given by "
		    "--encoding" : "the file's first non-ASCII line was "
		    "UTF-8; a file must be in one encoding",
		    "invalid UTF-8 byte 0x%02X",
		    (unsigned)(unsigned char)*end);
		return -1;
	}
	if (cp932_assigned(f, &bad))
		return 0;
	dpc_diag(d, QI_ERROR, f->no, f->line, char_col(f, bad),
	    "DPC files are CP932 (Shift_JIS as Windows writes it) or UTF-8",
	    "not valid CP932 text (byte 0x%02X)",
	    (unsigned)(unsigned char)f->cur[bad]);
	return -1;
}

/* The next line into f->cur.  1, 0 at the end, -1 on failure. */
static int
line_next(struct dpc *d, struct dfile *f)
{
	char *nl;
	long k;

	for (;;) {
		nl = f->len > f->beg ? memchr(f->buf + f->beg, '\n',
		    f->len - f->beg) : NULL;
		if (nl != NULL || (f->eof && f->len > f->beg))
			break;
		if (f->eof)
			return 0;
		if (f->beg > 0) {
			memmove(f->buf, f->buf + f->beg, f->len - f->beg);
			f->len -= f->beg;
			f->beg = 0;
		}
		if (f->len + BLOCK + 1 > f->cap) {
			if (f->len >= LINE_MAX_BYTES) {
				dpc_diag(d, QI_ERROR, f->no, f->line + 1, 0,
				    NULL, "a line longer than %zu bytes",
				    LINE_MAX_BYTES);
				return -1;
			}
			f->cap = f->len + BLOCK + 1;
			f->buf = g_realloc(f->buf, f->cap);
		}
		if ((k = qi_instream_read(f->in, f->buf + f->len, BLOCK)) < 0)
			return -1;
		if (k == 0)
			f->eof = 1;
		f->len += (size_t)k;
	}
	f->cur = f->buf + f->beg;
	if (nl == NULL)
		nl = f->buf + f->len;
	f->curlen = (size_t)(nl - f->cur);
	f->beg = nl < f->buf + f->len ? (size_t)(nl - f->buf) + 1 : f->len;
	if (f->curlen > 0 && f->cur[f->curlen - 1] == '\r')
		f->curlen--;
	f->cur[f->curlen] = '\0';	/* over '\r', '\n' or the spare byte */
	f->line++;
	if (f->line == 1 && f->curlen >= 3 &&
	    memcmp(f->cur, "\xef\xbb\xbf", 3) == 0) {	/* a UTF-8 BOM */
		f->cur += 3;
		f->curlen -= 3;
		if (!f->forced)
			f->enc = ENC_UTF8;
	}
	return 1;
}

/* The file's digest for the manifest: of every byte, read to the end. */
static enum qi_err
digest(struct dpc *d, struct dfile *f)
{
	if (d->o->digests == NULL)
		return QI_OK;
	if (qi_instream_drain(f->in) == -1)
		return QI_ESYS;
	if (qi_instream_digest(f->in, d->o->digests[f->no]) == -1) {
		qi_diag_add(d->diag, QI_ERROR, f->path, 0, 0, NULL,
		    "SHA-256 digest failed (libcrypto)");
		return QI_ESYS;
	}
	return QI_OK;
}

static void
dfile_close(struct dfile *f)
{
	qi_instream_free(f->in);
	if (f->conv != NULL && f->conv != (GIConv)-1)
		g_iconv_close(f->conv);
	if (f->cp932_ok != NULL)
		g_hash_table_destroy(f->cp932_ok);
	g_free(f->buf);
	g_free(f->scratch);
	g_free(f->shown);
}

/* Split the current line on tabs; spaces and enclosing quotes trimmed. */
static void
split(struct dfile *f)
{
	const char *s = f->cur, *end = f->cur + f->curlen, *t;

	f->nf = 0;
	for (;;) {
		const char *b, *e;

		t = memchr(s, '\t', (size_t)(end - s));
		e = t != NULL ? t : end;
		b = s;
		while (b < e && *b == ' ')
			b++;
		while (e > b && e[-1] == ' ')
			e--;
		if (e - b >= 2 && *b == '"' && e[-1] == '"') {
			b++;
			e--;
		}
		if (f->nf < FIELDS_MAX) {
			f->f[f->nf] = b;
			f->fn[f->nf] = (size_t)(e - b);
		}
		f->nf++;
		if (t == NULL)
			break;
		s = t + 1;
	}
}

/* Whether the current line is all empty fields (a blank line). */
static int
blank(const struct dfile *f)
{
	size_t i;

	for (i = 0; i < f->nf && i < FIELDS_MAX; i++)
		if (f->fn[i] > 0)
			return 0;
	return 1;
}

/* ----------------------------------------------------------- values */

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

static int
all_alnum(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!g_ascii_isalnum(s[i]))
			return 0;
	return n > 0;
}

static long
digits_val(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/*
 * A YYYYMMDD date: 1 and *days (since 1970), 0 for a sentinel (00000000,
 * 99999999) or empty, -1 if malformed.
 */
static int
ymd(const char *s, size_t n, long *days, long *ymdv)
{
	long v;
	int y, m, dd;

	if (n == 0)
		return 0;
	if (n != 8 || !all_digits(s, n))
		return -1;
	v = digits_val(s, 8);
	if (v == 0 || v == 99999999)
		return 0;
	y = (int)(v / 10000);
	m = (int)(v / 100 % 100);
	dd = (int)(v % 100);
	if (y < 1900 || !qi_civil_valid(y, m, dd))
		return -1;
	*days = qi_civil_days(y, m, dd);
	if (ymdv != NULL)
		*ymdv = v;
	return 1;
}

/* A whole number >= 0 of at most 9 digits: 1 and *v, 0 empty, -1 bad. */
static int
count_of(const char *s, size_t n, double *v)
{
	if (n == 0)
		return 0;
	if (n > 9 || !all_digits(s, n))
		return -1;
	*v = (double)digits_val(s, n);
	return 1;
}

/* A decimal number >= 0 ("2", "0.5", "1.000"): 1, 0 empty, -1 bad. */
static int
decimal_of(const char *s, size_t n, double *v)
{
	char tmp[32], *end;
	size_t i, dots = 0;

	if (n == 0)
		return 0;
	if (n <= 9 && all_digits(s, n)) {	/* most: whole numbers */
		*v = (double)digits_val(s, n);
		return 1;
	}
	if (n >= sizeof(tmp))
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] == '.')
			dots++;
		else if (s[i] < '0' || s[i] > '9')
			return -1;
	}
	if (dots > 1 || s[0] == '.' || s[n - 1] == '.')
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	*v = g_ascii_strtod(tmp, &end);
	return 1;
}

/* ------------------------------------------------------ facilities */

/*
 * The hospital of a facility code field, or -1 (an unknown facility is
 * counted and reported once, at the end; a malformed one is an error).
 */
static long
hospital_of(struct dpc *d, struct dfile *f, size_t k)
{
	const char *s = f->f[k];
	size_t n = f->fn[k];
	struct unknown_fac *u;
	char code[16];

	if (n != 9 || !all_digits(s, n)) {
		row_error(d, f, k, "the 施設コード is nine digits",
		    "bad facility code '%s'", shown(f, s, n));
		return -2;
	}
	if (memcmp(d->fac, s, 9) == 0 && d->fac[9] == '\0')
		return d->hosp;
	memcpy(code, s, 9);
	code[9] = '\0';
	memcpy(d->fac, code, 10);
	d->hosp = qi_registry_facility(d->reg, code);
	if (d->hosp >= 0)
		return d->hosp;
	if ((u = g_hash_table_lookup(d->unknown_fac, code)) == NULL) {
		u = g_new0(struct unknown_fac, 1);
		u->file = f->no;
		u->line = f->line;
		u->col = field_col(f, k);
		u->files = g_hash_table_new(NULL, NULL);
		g_hash_table_insert(d->unknown_fac, g_strdup(code), u);
	}
	return -1;
}

static void
unknown_fac_free(GHashTable *h)
{
	GHashTableIter it;
	gpointer k, v;

	g_hash_table_iter_init(&it, h);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		g_hash_table_destroy(((struct unknown_fac *)v)->files);
		g_free(v);
	}
	g_hash_table_destroy(h);
}

static void
unknown_fac_row(struct dpc *d, struct dfile *f)
{
	struct unknown_fac *u = g_hash_table_lookup(d->unknown_fac, d->fac);

	u->rows++;
	g_hash_table_add(u->files, GUINT_TO_POINTER(f->no + 1));
}

static void
count_code(GHashTable *h, const char *s, size_t n)
{
	char *k = g_strndup(s, n);
	gpointer v = g_hash_table_lookup(h, k);

	g_hash_table_replace(h, k, GSIZE_TO_POINTER(GPOINTER_TO_SIZE(v) + 1));
}

/* ------------------------------------------------------ stay keys */

/*
 * The sort key of a stay: hospital id, NUL, データ識別番号, NUL,
 * 入院年月日 (8 digits), then for 様式1 and 様式4 the 回数管理番号
 * without leading zeros and a NUL.  Byte order of these keys is the
 * byte order of the flat files' (hospital, stay id) -- see stay_id().
 */
static int
stay_key(struct dpc *d, struct dfile *f, long hosp, size_t kid, size_t kadm,
    size_t kseq)
{
	const char *id = d->reg->hosps[hosp].id;
	long days;

	if (!all_alnum(f->f[kid], f->fn[kid]) || f->fn[kid] > ID_MAX) {
		row_error(d, f, kid, "letters and digits, at most 32",
		    f->fn[kid] == 0 ? "empty データ識別番号%s" :
		    "bad データ識別番号 '%.40s'", f->fn[kid] == 0 ? "" :
		    f->f[kid]);
		return -1;
	}
	if (ymd(f->f[kadm], f->fn[kadm], &days, NULL) != 1) {
		row_error(d, f, kadm, "YYYYMMDD, a real date",
		    "bad 入院年月日 '%s'", shown(f, f->f[kadm],
		    f->fn[kadm]));
		return -1;
	}
	g_string_truncate(d->key, 0);
	g_string_append_len(d->key, id, (gssize)strlen(id) + 1);
	g_string_append_len(d->key, f->f[kid], (gssize)f->fn[kid]);
	g_string_append_c(d->key, '\0');
	g_string_append_len(d->key, f->f[kadm], 8);
	if (kseq != (size_t)-1) {
		const char *s = f->f[kseq];
		size_t n = f->fn[kseq];

		if (n > 0 && (!all_digits(s, n) || n > 9)) {
			row_error(d, f, kseq, "a whole number, 0 for the first "
			    "admission of a day", "bad 回数管理番号 '%s'",
			    shown(f, s, n));
			return -1;
		}
		while (n > 1 && *s == '0') {
			s++;
			n--;
		}
		if (n == 0)
			g_string_append_c(d->key, '0');
		else
			g_string_append_len(d->key, s, (gssize)n);
		g_string_append_c(d->key, '\0');
	}
	return 0;
}

/* Length of the join part of a key: hospital, id and admission date. */
static size_t
base_len(const unsigned char *k, size_t n)
{
	const unsigned char *p = memchr(k, '\0', n);

	p = memchr(p + 1, '\0', n - (size_t)(p + 1 - k));
	return (size_t)(p + 1 - k) + 8;
}

static int
add(struct dpc *d, enum dkind kind, const void *payload, size_t plen)
{
	return qi_xsort_add(d->sort[kind], d->key->str, d->key->len, payload,
	    plen, d->diag);
}

/* ---------------------------------------------------------- 様式1 */

/* Payload field p (1-9) of a 様式1 row. */
#define P(n)	(7 + (n))

static int
ff1_date(struct dpc *d, struct dfile *f, size_t k, const char *what,
    double *v)
{
	long days;

	switch (ymd(f->f[k], f->fn[k], &days, NULL)) {
	case 1:
		*v = (double)days;
		return 0;
	case 0:
		return 0;
	}
	row_error(d, f, k, "YYYYMMDD, a real date (00000000 if unknown)",
	    "bad %s '%s'", what, shown(f, f->f[k], f->fn[k]));
	return -1;
}

/* A field that must be one of the digits in allowed (or empty). */
static int
ff1_code(struct dpc *d, struct dfile *f, size_t k, const char *what,
    const char *allowed, double *v)
{
	if (f->fn[k] == 0)
		return 0;
	if (f->fn[k] == 1 && strchr(allowed, f->f[k][0]) != NULL) {
		*v = f->f[k][0] - '0';
		return 0;
	}
	row_error(d, f, k, NULL, "bad %s '%s' (one of %s)", what,
	    shown(f, f->f[k], f->fn[k]), allowed);
	return -1;
}

/*
 * Field k as a number 0 or more (whole: a count) into *v, unchanged when
 * empty; 0, or -1 (reported).
 */
static int
num_field(struct dpc *d, struct dfile *f, size_t k, const char *what,
    int whole, double *v)
{
	if ((whole ? count_of(f->f[k], f->fn[k], v) :
	    decimal_of(f->f[k], f->fn[k], v)) >= 0)
		return 0;
	row_error(d, f, k, whole ? "a whole number 0 or more" :
	    "a number 0 or more", "bad %s '%s'", what,
	    shown(f, f->f[k], f->fn[k]));
	return -1;
}

/* An ICD-10 code as 様式1 writes it (no dot), upper case. */
static int
ff1_icd(struct dpc *d, struct dfile *f, size_t k, char out[QI_CODE_MAX])
{
	size_t i, n = f->fn[k];

	memset(out, 0, QI_CODE_MAX);
	if (n == 0)
		return 0;
	if (n >= QI_CODE_MAX || !all_alnum(f->f[k], n)) {
		row_error(d, f, k, "an ICD-10 code without the dot, e.g. I639",
		    "bad ICD-10 code '%s'", shown(f, f->f[k], n));
		return -1;
	}
	for (i = 0; i < n; i++)
		out[i] = g_ascii_toupper(f->f[k][i]);
	return 0;
}

/*
 * DESIGN-R depth, the first character of the 7-character record: 0 and 1
 * (d0, d1) are shallow, 2 (d2) and deeper, U and D (DTI) are deep.
 * 0 shallow, 1 deep; NaN if empty.
 */
static int
ff1_depth(struct dpc *d, struct dfile *f, size_t k, double *v)
{
	char c;

	if (f->fn[k] == 0)
		return 0;
	c = g_ascii_toupper(f->f[k][0]);
	if (c == '0' || c == '1') {
		*v = 0;
		return 0;
	}
	if ((c >= '2' && c <= '5') || c == 'U' || c == 'D') {
		*v = 1;
		return 0;
	}
	row_error(d, f, k, "DESIGN-R: the first character is the depth (0-5, "
	    "D for DTI, U)", "bad DESIGN-R record '%s'",
	    shown(f, f->f[k], f->fn[k]));
	return -1;
}

/* Values of one item's payload into r; 0, or -1 (reported). */
static int
ff1_values(struct dpc *d, struct dfile *f, struct ff1v *r)
{
	const char *s;
	size_t n;
	double v;
	int bad = 0;

	switch ((enum item)r->item) {
	case IT_BIRTH:
		bad |= ff1_date(d, f, P(1), "生年月日", &r->v[0]);
		bad |= ff1_code(d, f, P(2), "性別", "12", &r->v[1]);
		break;
	case IT_ADMISSION:
		s = f->f[P(5)];
		n = f->fn[P(5)];
		if (n == 3 && all_digits(s, 3) && s[0] >= '1' && s[0] <= '3')
			r->v[0] = s[0] == '1' ? 0 : 1;
		else if (n > 0) {
			row_error(d, f, P(5), "100, 101 (planned), 200 "
			    "(unplanned) or 3xx (emergency)",
			    "bad 予定・救急医療入院 '%s'", shown(f, s, n));
			bad = 1;
		}
		bad |= ff1_code(d, f, P(6), "救急車による搬送", "01", &r->v[1]);
		break;
	case IT_DISCHARGE:
		r->col = P(1);
		bad |= ff1_date(d, f, P(1), "退院年月日", &r->v[0]);
		bad |= ff1_code(d, f, P(3), "退院時転帰", "1345679", &r->v[1]);
		v = NAN;
		bad |= ff1_code(d, f, P(4), "24時間以内の死亡", "012", &v);
		r->v[2] = isnan(v) ? NAN : v >= 1;
		break;
	case IT_PREV:
		bad |= ff1_date(d, f, P(1), "前回退院年月日", &r->v[0]);
		break;
	case IT_ULCER:
		bad |= ff1_depth(d, f, P(3), &r->v[0]);
		bad |= ff1_depth(d, f, P(5), &r->v[1]);
		break;
	case IT_DEMENTIA:
		bad |= ff1_code(d, f, P(2), "認知症高齢者の日常生活自立度",
		    "012345", &r->v[0]);
		break;
	case IT_FALLS:
		bad |= num_field(d, f, P(2), "転倒・転落の回数", 1, &r->v[0]);
		bad |= num_field(d, f, P(3), "転倒・転落 (3b以上) の回数",
		    1, &r->v[1]);
		break;
	case IT_RESTRAINT:
		bad |= num_field(d, f, P(2), "身体的拘束の日数", 1, &r->v[0]);
		break;
	case IT_DX_MAIN:
	case IT_DX_TRIGGER:
	case IT_DX_RESOURCE:
	case IT_DX_COMORBID:
	case IT_DX_COMPLICATION:
		r->col = P(2);
		bad |= ff1_icd(d, f, P(2), r->code);
		break;
	case IT_STROKE:
		v = NAN;
		bad |= ff1_code(d, f, P(3), "脳卒中の発症時期", "1234", &v);
		/* categories to days: <= 3, 4-7, >= 8; 4 asymptomatic */
		r->v[0] = v == 1 ? 3 : v == 2 ? 7 : v == 3 ? 8 : NAN;
		break;
	case IT_KILLIP:
		v = NAN;
		bad |= ff1_code(d, f, P(2), "Killip分類", "01234", &v);
		r->v[0] = v == 0 ? NAN : v;
		break;
	case IT_JCS:
		s = f->f[P(2)];
		n = f->fn[P(2)];
		while (n > 0 && g_ascii_isalpha(s[n - 1]))
			n--;	/* R, I, A */
		if (n > 0 && n <= 3 && all_digits(s, n)) {
			long j = digits_val(s, n);

			if (j <= 3 || j == 10 || j == 20 || j == 30 ||
			    j == 100 || j == 200 || j == 300) {
				r->v[0] = (double)j;
				break;
			}
		}
		if (f->fn[P(2)] > 0) {
			row_error(d, f, P(2), "0, 1, 2, 3, 10, 20, 30, 100, "
			    "200 or 300, maybe with R, I or A",
			    "bad JCS '%s'", shown(f, f->f[P(2)],
			    f->fn[P(2)]));
			bad = 1;
		}
		break;
	case IT_STAGE:		/* payload 3: 2 is left empty */
		s = f->f[P(3)];
		n = f->fn[P(3)];
		if (n > 0 && s[0] >= '0' && s[0] <= '4')
			r->v[0] = s[0] - '0';
		else if (n > 0 && s[0] != '9') {
			row_error(d, f, P(3), "0, 1, 1A ... 4C, 9 unknown",
			    "bad cancer stage '%s'", shown(f, s, n));
			bad = 1;
		}
		break;
	default:
		break;
	}
	return bad ? -1 : 0;
}

/*
 * The payloads of a parent row of item it (an index of qi_items) that
 * the item table types, checked, into x; 0, or -1 (reported).
 */
static int
ff1_item(struct dpc *d, struct dfile *f, long it, struct ff1item *x)
{
	const struct qi_item_info *ii = &qi_items[it];
	unsigned p;
	double v;
	long days;
	int bad = 0;

	for (p = 0; p < QI_ITEM_PAYLOADS; p++) {
		const char *s = f->f[P(p + 1)];
		size_t n = f->fn[P(p + 1)];

		if (ii->p[p].type == QI_PT_NONE || n == 0)
			continue;
		if (ii->p[p].type == QI_PT_DATE ? ymd(s, n, &days, NULL) < 0 :
		    ii->p[p].type == QI_PT_NUMBER ? (n >= QI_CODE_MAX ||
		    n == (size_t)(s[0] == '-') || decimal_of(s[0] == '-' ?
		    s + 1 : s, n - (s[0] == '-'), &v) < 0) : (n >= QI_CODE_MAX || !all_alnum(s, n))) {
			row_error(d, f, P(p + 1), ii->p[p].type == QI_PT_DATE ?
			    "YYYYMMDD, a real date (00000000 if unknown)" :
			    ii->p[p].type == QI_PT_NUMBER ? "a number" :
			    "1 to 15 letters and digits", "bad %s '%s' (payload "
			    "%u of %s)", ii->p[p].ja, shown(f, s, n), p + 1,
			    ii->code);
			bad = 1;
			continue;
		}
		memcpy(x->p[p], s, n);
	}
	return bad ? -1 : 0;
}

static void
ff1_row(struct dpc *d, struct dfile *f)
{
	const struct item_info *ii;
	struct ff1v r;
	struct ff1item x;
	long hosp, it;
	double seq = 0;
	int parent;

	d->n->ff1_rows++;
	if ((hosp = hospital_of(d, f, 0)) < 0) {
		if (hosp == -1)
			unknown_fac_row(d, f);
		return;
	}
	if (stay_key(d, f, hosp, 1, 2, 3) == -1)
		return;
	memset(&r, 0, sizeof(r));
	r.file = f->no;
	r.line = (uint32_t)f->line;
	r.v[0] = r.v[1] = r.v[2] = NAN;
	/*
	 * From here a bad row marks its stay bad (IT_BAD): reported once
	 * here, the stay is left out without a second error of its own.
	 */
	r.item = IT_BAD;
	if (f->fn[4] != 1 || !g_ascii_isalnum(f->f[4][0]))
		row_error(d, f, 4, "0 for the parent 様式1 of the stay, 1-9 or "
		    "a letter for a child record", "bad 統括診療情報番号 '%s'",
		    shown(f, f->f[4], f->fn[4]));
	else if (f->fn[5] != 7 || !all_alnum(f->f[5], 7))
		row_error(d, f, 5, "an item code of the 様式1 layout, e.g. "
		    "A000010", "bad item code '%s'", shown(f, f->f[5],
		    f->fn[5]));
	else if (count_of(f->f[7], f->fn[7], &seq) < 0 || seq > 65535)
		row_error(d, f, 7, "0 for a single item, 1, 2, ... for "
		    "repeated ones", "bad 連番 '%s'", shown(f, f->f[7],
		    f->fn[7]));
	else
		r.item = IT_NONE;
	if (r.item == IT_BAD) {
		add(d, DK_FF1, &r, sizeof(r));
		return;
	}
	parent = f->f[4][0] == '0';
	r.seq = (uint16_t)seq;
	it = qi_item_lookup(f->f[5], 7);
	if ((ii = item_find(f->f[5], f->fn[5])) == NULL && it < 0)
		count_code(d->unknown_items, f->f[5], 7);
	/* an item of the table, for items.csv (its stay's other records follow) */
	if (parent && it >= 0) {
		memset(&x, 0, sizeof(x));
		x.h = r;
		x.h.item = IT_ITEM;
		memcpy(x.h.code, f->f[5], 7);
		if (ff1_item(d, f, it, &x) == -1) {
			r.item = IT_BAD;
			add(d, DK_FF1, &r, sizeof(r));
			return;
		}
		add(d, DK_FF1, &x, sizeof(x));
	}
	if (!parent) {
		d->n->child_rows++;
		r.item = IT_CHILD;
	} else if (ii != NULL && ii->item != IT_NONE) {
		r.item = (uint8_t)ii->item;
		if (ff1_values(d, f, &r) == -1)
			r.item = IT_BAD;
	} else if (d->lastkey->len != d->key->len ||
	    memcmp(d->lastkey->str, d->key->str, d->key->len) != 0)
		r.item = IT_PRESENCE;
	else
		return;		/* nothing to keep */
	g_string_truncate(d->lastkey, 0);
	g_string_append_len(d->lastkey, d->key->str, (gssize)d->key->len);
	add(d, DK_FF1, &r, sizeof(r));
}

/* --------------------------------------------------------------- EF */

/*
 * Split the current line as CSV: fields between commas, a field in double
 * quotes may hold commas and doubled quotes (left doubled: only the
 * ASCII code fields are used).
 */
static void
split_csv(struct dfile *f)
{
	const char *p = f->cur, *end = f->cur + f->curlen;

	f->nf = 0;
	for (;;) {
		const char *b = p, *e;
		int q = p < end && *p == '"';

		if (q) {
			b = ++p;
			while (p < end && !(*p == '"' && (p + 1 == end ||
			    p[1] != '"')))
				p += *p == '"' ? 2 : 1;
			e = p;
			if (p < end)
				p++;
			while (p < end && *p != ',')
				p++;
		} else {
			while (p < end && *p != ',')
				p++;
			e = p;
		}
		if (f->nf < FIELDS_MAX) {
			f->f[f->nf] = b;
			f->fn[f->nf] = (size_t)(e - b);
		}
		f->nf++;
		if (p >= end)
			break;
		p++;
	}
}

/* One mapping receipt code -> YJ code, checked; 0 or -1 (reported). */
static int
drug_add(struct dpc *d, struct dfile *f, size_t krc, size_t kyj)
{
	if (f->fn[krc] != 9 || !all_digits(f->f[krc], 9)) {
		row_error(d, f, krc, "the 9-digit レセプト電算処理システム用コード",
		    "bad receipt code '%s'", shown(f, f->f[krc],
		    f->fn[krc]));
		return -1;
	}
	if (f->fn[kyj] == 0)
		return 0;	/* a drug without a YJ code (院内製剤) */
	if (f->fn[kyj] != 12 || !all_alnum(f->f[kyj], 12)) {
		row_error(d, f, kyj, "the 12-character 薬価基準収載医薬品コード",
		    "bad YJ code '%s'", shown(f, f->f[kyj], f->fn[kyj]));
		return -1;
	}
	g_hash_table_replace(d->drugs, g_strndup(f->f[krc], 9),
	    g_strndup(f->f[kyj], 12));
	return 0;
}

/*
 * The drug master, file number no: drug_master.csv (a header naming
 * receipt_code and yj_code, other columns ignored), or the official
 * 医薬品マスター (no header; column 3 the receipt code, column 32 the YJ
 * code), either in UTF-8 or CP932.
 */
static enum qi_err
drugs_load(struct dpc *d, uint32_t no)
{
	struct dfile f;
	char *base = g_path_get_basename(d->paths[no]);
	int official = g_ascii_strcasecmp(base, "drug_master.csv") != 0, r;
	size_t krc = 2, kyj = 31, need = 32, i;
	enum qi_err rc = QI_OK;

	g_free(base);
	memset(&f, 0, sizeof(f));
	f.path = d->paths[no];
	f.no = no;
	f.enc = enc_of(d->o->encoding);
	f.forced = f.enc != ENC_UNDECIDED;
	if (qi_instream_open(f.path, &f.in, d->diag) != QI_OK)
		return QI_ESYS;
	while ((r = line_next(d, &f)) == 1) {
		if (line_encoding(d, &f) == -1)
			continue;
		split_csv(&f);
		if (blank(&f))
			continue;
		if (!official && f.line == 1) {
			krc = kyj = SIZE_MAX;
			for (i = 0; i < f.nf && i < FIELDS_MAX; i++) {
				if (f.fn[i] == 12 &&
				    memcmp(f.f[i], "receipt_code", 12) == 0)
					krc = i;
				if (f.fn[i] == 7 &&
				    memcmp(f.f[i], "yj_code", 7) == 0)
					kyj = i;
			}
			if (krc == SIZE_MAX || kyj == SIZE_MAX) {
				row_error(d, &f, (size_t)-1, "drug_master.csv "
				    "has a header with receipt_code and "
				    "yj_code", "missing column '%s'",
				    krc == SIZE_MAX ? "receipt_code" :
				    "yj_code");
				rc = QI_EINPUT;
				break;
			}
			need = MAX(krc, kyj) + 1;
			continue;
		}
		if (f.nf < need) {
			row_error(d, &f, (size_t)-1, official ? "the official "
			    "医薬品マスター has the YJ code in column 32" : NULL,
			    "%zu fields where the drug master needs %zu",
			    f.nf, need);
			continue;
		}
		drug_add(d, &f, krc, kyj);
	}
	if (r == -1)
		rc = QI_ESYS;
	if (rc == QI_OK)
		rc = digest(d, &f);
	dfile_close(&f);
	d->have_drugs = 1;
	return rc;
}

/* Event kind from the 解釈番号's letter (the K, D, E, H... sections). */
static const char *
kind_of(const struct efv *e)
{
	if (e->kind == EK_DRUG)
		return "drug";
	switch (e->kai[0]) {
	case 'K': case 'J': case 'L':
		return "procedure";
	case 'D': case 'N':
		return "test";
	case 'E':
		return "imaging";
	case 'H':
		return "rehab";
	case 'A': case 'B':
		return "fee";
	}
	return "other";
}

/* Add the pending record of EF rows left out, if any. */
static void
mark_flush(struct dpc *d)
{
	if (d->mark->len > 0 && d->markv.times > 0)
		qi_xsort_add(d->sort[DK_EF], d->mark->str, d->mark->len,
		    &d->markv, sizeof(d->markv), d->diag);
	g_string_truncate(d->mark, 0);
}

static void
ef_row(struct dpc *d, struct dfile *f)
{
	struct efv r;
	long hosp, days;
	const char *rc = f->f[8], *kai = f->f[9];
	size_t rcn = f->fn[8], kain = f->fn[9], i, j;
	char pad[16];
	int bad = 0;

	d->n->ef_rows++;
	if ((hosp = hospital_of(d, f, 0)) < 0) {
		if (hosp == -1)
			unknown_fac_row(d, f);
		return;
	}
	if (stay_key(d, f, hosp, 1, 3, (size_t)-1) == -1)
		return;
	memset(&r, 0, sizeof(r));
	r.file = f->no;
	r.line = (uint32_t)f->line;
	if (f->fn[4] != 2 || !all_digits(f->f[4], 2)) {
		row_error(d, f, 4, "two digits, e.g. 50 for operations",
		    "bad データ区分 '%s'", shown(f, f->f[4], f->fn[4]));
		return;
	}
	if (!all_digits(f->f[5], f->fn[5]) || f->fn[5] > 10) {
		row_error(d, f, 5, "a whole number", "bad 順序番号 '%s'",
		    shown(f, f->f[5], f->fn[5]));
		return;
	}
	if (!all_digits(f->f[6], f->fn[6]) || f->fn[6] > 4) {
		row_error(d, f, 6, "000 for the act, 001-999 for its details",
		    "bad 行為明細番号 '%s'", shown(f, f->f[6], f->fn[6]));
		return;
	}
	r.detail = (uint16_t)digits_val(f->f[6], f->fn[6]);
	r.category = (uint8_t)digits_val(f->f[4], 2);
	/* 診療科区分 and 病棟コード, for event conditions */
	for (i = 0; i < 2; i++) {
		size_t k = i == 0 ? 25 : 27;
		char *dst = i == 0 ? r.dept : r.ward;

		if (f->fn[k] > 0 && (f->fn[k] >= QI_CODE_MAX ||
		    !all_alnum(f->f[k], f->fn[k]))) {
			row_error(d, f, k, "1 to 15 letters and digits",
			    "bad %s '%s'", i == 0 ? "診療科区分" : "病棟コード",
			    shown(f, f->f[k], f->fn[k]));
			return;
		}
		memcpy(dst, f->f[k], f->fn[k]);
	}
	r.own = f->fn[16] >= 3 && f->f[16][2] == '1';
	if (ymd(f->f[23], f->fn[23], &days, NULL) != 1) {
		row_error(d, f, 23, "YYYYMMDD, a real date",
		    "bad 実施年月日 '%s'", shown(f, f->f[23], f->fn[23]));
		return;
	}
	r.times = r.points = r.drugfee = NAN;
	bad |= num_field(d, f, 20, "行為回数", 0, &r.times);
	bad |= num_field(d, f, 17, "行為点数", 0, &r.points);
	bad |= num_field(d, f, 18, "行為薬剤料", 0, &r.drugfee);
	if (bad)
		return;
	if (rcn == 0 && kain == 0)
		return;		/* an act's row without a code */
	if (rcn > 0 && (rcn != 9 || !all_digits(rc, 9))) {
		row_error(d, f, 8, "the 9-digit レセプト電算処理システム用コード",
		    "bad receipt code '%s'", shown(f, rc, rcn));
		return;
	}
	/* 解釈番号 without '-', spaces and other punctuation, upper case */
	for (i = j = 0; i < kain && j < QI_CODE_MAX - 1; i++)
		if (g_ascii_isalnum(kai[i]))
			r.kai[j++] = g_ascii_toupper(kai[i]);
	if (rcn > 0 && rc[0] == '8') {
		d->n->ef_comment_rows++;
		return;
	}
	if (rcn > 0 && rc[0] == '6') {
		const char *yj;

		r.kind = EK_DRUG;
		memcpy(pad, rc, 9);
		pad[9] = '\0';
		if ((yj = g_hash_table_lookup(d->drugs, pad)) != NULL)
			g_strlcpy(r.code, yj, QI_CODE_MAX);
		else {
			r.unmapped = 1;
			memcpy(r.code, pad, 10);
		}
	} else {
		r.kind = rcn > 0 && rc[0] == '7' ? EK_MATERIAL : EK_PROC;
		if (r.kai[0] != '\0')
			memcpy(r.code, r.kai, QI_CODE_MAX);
		else
			memcpy(r.code, rc, rcn);
	}
	if (d->cc != NULL) {
		qi_codecache_match(d->cc, r.code, d->bits);
		for (i = 0; i < d->nbits && d->bits[i] == 0; i++)
			;
		if (i == d->nbits) {	/* only counted, stay by stay */
			d->n->ef_filtered_rows++;
			if (d->mark->len != d->key->len || memcmp(d->mark->str,
			    d->key->str, d->key->len) != 0) {
				mark_flush(d);
				g_string_assign(d->mark, "");
				g_string_append_len(d->mark, d->key->str,
				    (gssize)d->key->len);
				d->markv = r;
				d->markv.kind = EK_MARK;
				d->markv.times = 0;
			}
			d->markv.times++;
			return;
		}
	}
	/*
	 * key: the stay, 実施年月日, データ区分, 順序番号, code, 行為明細番号:
	 * only a row given twice has the key of another, so the order of
	 * the files and threads that read them does not matter
	 */
	g_string_append_len(d->key, f->f[23], 8);
	g_string_append_len(d->key, f->f[4], 2);
	for (i = f->fn[5]; i < 10; i++)	/* 順序番号, zero-padded to 10 */
		g_string_append_c(d->key, '0');
	g_string_append_len(d->key, f->f[5], (gssize)f->fn[5]);
	g_string_append_len(d->key, r.code, (gssize)strlen(r.code) + 1);
	for (i = f->fn[6]; i < 4; i++)
		g_string_append_c(d->key, '0');
	g_string_append_len(d->key, f->f[6], (gssize)f->fn[6]);
	add(d, DK_EF, &r, sizeof(r));
}

/* ------------------------------------------------------------- 様式4 */

static void
ff4_row(struct dpc *d, struct dfile *f)
{
	struct ff4v r;
	long hosp;
	size_t k;

	d->n->ff4_rows++;
	if ((hosp = hospital_of(d, f, 0)) < 0) {
		if (hosp == -1)
			unknown_fac_row(d, f);
		return;
	}
	d->ff4_hosp[hosp] = 1;
	/* 5 columns; or 6, with a 回数管理番号 before the class */
	k = f->nf - 1;
	if (stay_key(d, f, hosp, 1, 3, f->nf == 6 ? 4 : (size_t)-1) == -1)
		return;
	if (f->fn[k] != 1 || f->f[k][0] < '0' || f->f[k][0] > '4') {
		row_error(d, f, k, "0 none, 1 労災・公務災害, 2 自賠責, 3 自費, "
		    "4 その他", "bad 医科保険診療以外のある症例 '%s'",
		    shown(f, f->f[k], f->fn[k]));
		return;
	}
	r.file = f->no;
	r.line = (uint32_t)f->line;
	r.insurance = f->f[k][0] == '0';
	add(d, DK_FF4, &r, sizeof(r));
}

/* ---------------------------------------------------------- a file */

static enum dkind
kind_of_name(const char *path)
{
	char *base = g_path_get_basename(path);
	enum dkind k = g_ascii_strncasecmp(base, "EF", 2) == 0 ? DK_EF :
	    g_ascii_strncasecmp(base, "FF4", 3) == 0 ? DK_FF4 : DK_FF1;

	g_free(base);
	return k;
}

static enum enc
enc_of(const char *name)
{
	static const char *const sjis[] = { "cp932", "sjis", "shift_jis",
	    "shift-jis", "windows-31j", "ms932" };
	size_t i;

	if (name == NULL)
		return ENC_UNDECIDED;
	for (i = 0; i < G_N_ELEMENTS(sjis); i++)
		if (g_ascii_strcasecmp(name, sjis[i]) == 0)
			return ENC_CP932;
	return ENC_UTF8;
}

static enum qi_err
read_file(struct dpc *d, uint32_t no)
{
	struct dfile f;
	enum qi_err rc = QI_OK;
	int r;

	memset(&f, 0, sizeof(f));
	f.path = d->paths[no];
	f.no = no;
	f.kind = kind_of_name(f.path);
	f.enc = enc_of(d->o->encoding);
	f.forced = f.enc != ENC_UNDECIDED;
	d->n->files[f.kind]++;
	g_string_truncate(d->lastkey, 0);
	if (qi_instream_open(f.path, &f.in, d->diag) != QI_OK)
		return QI_ESYS;
	while ((r = line_next(d, &f)) == 1) {
		if (line_encoding(d, &f) == -1)
			continue;
		split(&f);
		if (blank(&f))
			continue;
		/* A title or header row: the first, not starting with a code. */
		if (f.line == 1 && !all_digits(f.f[0], f.fn[0]))
			continue;
		if (f.nf != kind_fields[f.kind] &&
		    !(f.kind == DK_FF4 && f.nf == 6)) {
			row_error(d, &f, f.nf > kind_fields[f.kind] ?
			    kind_fields[f.kind] : (size_t)-1, "the layout of "
			    "the official 実施説明資料; fields are separated by "
			    "tabs", "%zu fields where a %s row has %zu", f.nf,
			    kind_name[f.kind], kind_fields[f.kind]);
			continue;
		}
		switch (f.kind) {
		case DK_FF1:
			ff1_row(d, &f);
			break;
		case DK_EF:
			ef_row(d, &f);
			break;
		case DK_FF4:
			ff4_row(d, &f);
			break;
		}
	}
	if (r == -1)
		rc = QI_ESYS;
	mark_flush(d);
	if (rc == QI_OK)
		rc = digest(d, &f);
	dfile_close(&f);
	return rc;
}

/* -------------------------------------------------------- the stays */

/* A sorted stream of one kind: the record at hand. */
struct cursor {
	struct qi_xsort		*x;
	const unsigned char	*k, *p;
	size_t			 kn, pn;
	int			 live;
};

static int
cur_next(struct dpc *d, struct cursor *c)
{
	int r = qi_xsort_next(c->x, &c->k, &c->kn, &c->p, &c->pn, d->diag);

	c->live = r == 1;
	return r;
}

/* The stay being assembled from its 様式1 records. */
struct stay {
	GString		*key;
	size_t		 base;		/* bytes of the join part of key */
	uint32_t	 file, line;	/* its first record */
	int		 parent;	/* has parent records */
	int		 bad;		/* a row was rejected: left out */
	uint32_t	 child_file, child_line;
	struct ff1v	 item[IT__COUNT];
	int		 has[IT__COUNT];
	char		 list[2][QI_DX_LIST_MAX][QI_CODE_MAX];
	uint16_t	 lseq[2][QI_DX_LIST_MAX];	/* their 連番 */
	int		 nlist[2];
	double		 insurance;
	GArray		*items;		/* struct ff1item: the table's items */
};

#define STAY_ITEMS_MAX	500	/* items of one stay (records.c reads as many) */

static int
keyeq(const unsigned char *a, size_t an, const char *b, size_t bn)
{
	return an == bn && memcmp(a, b, an) == 0;
}

static int
keycmp2(const unsigned char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, MIN(an, bn));

	return c != 0 ? c : an < bn ? -1 : an > bn;
}

static long
ymd_of_days(double days)
{
	int y, m, dd;

	qi_civil_from_days((long)days, &y, &m, &dd);
	return (long)y * 10000 + m * 100 + dd;
}

/*
 * A diagnosis of a list, kept in 連番 order (then code order, should two
 * share one) whatever the rows' order.
 */
static void
list_add(struct stay *s, int l, const struct ff1v *r)
{
	int i = s->nlist[l]++;

	for (; i > 0 && (s->lseq[l][i - 1] > r->seq || (s->lseq[l][i - 1] ==
	    r->seq && strcmp(s->list[l][i - 1], r->code) > 0)); i--) {
		memcpy(s->list[l][i], s->list[l][i - 1], QI_CODE_MAX);
		s->lseq[l][i] = s->lseq[l][i - 1];
	}
	memcpy(s->list[l][i], r->code, QI_CODE_MAX);
	s->lseq[l][i] = r->seq;
}

/* Gather the next stay's records from c.  1, 0 at the end, -1. */
static int
stay_gather(struct dpc *d, struct cursor *c, struct stay *s)
{
	size_t i;

	if (!c->live)
		return 0;
	g_string_truncate(s->key, 0);
	g_string_append_len(s->key, (const char *)c->k, (gssize)c->kn);
	s->base = base_len(c->k, c->kn);
	s->parent = 0;
	s->bad = 0;
	s->child_file = UINT32_MAX;
	memset(s->has, 0, sizeof(s->has));
	s->nlist[0] = s->nlist[1] = 0;
	memset(s->list, 0, sizeof(s->list));
	s->insurance = NAN;
	s->file = UINT32_MAX;
	g_array_set_size(s->items, 0);
	while (c->live && keyeq(c->k, c->kn, s->key->str, s->key->len)) {
		struct ff1v r;

		memcpy(&r, c->p, sizeof(r));
		if (s->file == UINT32_MAX) {
			s->file = r.file;
			s->line = r.line;
		}
		if (r.item == IT_BAD)
			s->bad = 1;
		else if (r.item == IT_ITEM && !s->bad) {
			struct ff1item x;

			memcpy(&x, c->p, sizeof(x));
			s->parent = 1;
			for (i = 0; i < s->items->len; i++) {
				const struct ff1item *y = &g_array_index(
				    s->items, struct ff1item, i);

				if (y->h.seq == x.h.seq &&
				    strcmp(y->h.code, x.h.code) == 0)
					break;
			}
			if (i < s->items->len && item_find(x.h.code, 7) !=
			    NULL && item_find(x.h.code, 7)->item != IT_NONE)
				;	/* reported below, as an item qi reads */
			else if (i < s->items->len) {
				dpc_diag(d, QI_ERROR, x.h.file, x.h.line, 0,
				    "a stay has one parent 様式1 record of "
				    "each item and 連番", "item %s 連番 %u "
				    "given twice for this stay (first at "
				    "%s:%u)", x.h.code, x.h.seq,
				    d->paths[g_array_index(s->items, struct
				    ff1item, i).h.file], g_array_index(
				    s->items, struct ff1item, i).h.line);
				s->bad = 1;
			} else if (s->items->len == STAY_ITEMS_MAX) {
				dpc_diag(d, QI_ERROR, x.h.file, x.h.line, 0,
				    NULL, "more than %d 様式1 items for one "
				    "stay", STAY_ITEMS_MAX);
				s->bad = 1;
			} else
				g_array_append_val(s->items, x);
		} else if (r.item == IT_ITEM)
			;	/* the stay is left out */
		else if (r.item == IT_CHILD) {
			if (s->child_file == UINT32_MAX) {
				s->child_file = r.file;
				s->child_line = r.line;
			}
		} else {
			s->parent = 1;
			if (r.item == IT_DX_COMORBID ||
			    r.item == IT_DX_COMPLICATION) {
				int l = r.item == IT_DX_COMPLICATION;

				if (r.code[0] != '\0' && s->nlist[l] <
				    QI_DX_LIST_MAX) {
					for (i = 0; i < (size_t)s->nlist[l]; i++)
						if (strcmp(s->list[l][i],
						    r.code) == 0)
							break;
					if (i == (size_t)s->nlist[l])
						list_add(s, l, &r);
				}
			} else if (r.item < IT__COUNT && r.item != IT_NONE) {
				if (s->has[r.item] &&
				    s->item[r.item].seq == r.seq) {
					const struct item_info *ii =
					    item_of((enum item)r.item);

					dpc_diag(d, QI_ERROR, r.file, r.line, 0,
					    "a stay has one parent 様式1 "
					    "record of each item", "item %s "
					    "given twice for this stay (first "
					    "at %s:%u)", ii->code,
					    d->paths[s->item[r.item].file],
					    s->item[r.item].line);
				} else if (!s->has[r.item]) {
					s->item[r.item] = r;
					s->has[r.item] = 1;
				}
			}
		}
		if (cur_next(d, c) == -1)
			return -1;
	}
	return 1;
}

/* The flat file's stay id: データ識別番号-入院年月日[-回数管理番号]. */
static void
stay_id(const struct stay *s, GString *out)
{
	const char *k = s->key->str, *id = k + strlen(k) + 1,
	    *adm = id + strlen(id) + 1, *seq = adm + 8;

	g_string_truncate(out, 0);
	g_string_append_printf(out, "%s-%.8s", id, adm);
	if (strcmp(seq, "0") != 0)
		g_string_append_printf(out, "-%s", seq);
}

static void
put_date(FILE *fp, double v)
{
	int y, m, dd;

	if (isnan(v))
		return;
	qi_civil_from_days((long)v, &y, &m, &dd);
	fprintf(fp, "%04d-%02d-%02d", y, m, dd);
}

/* Admission day of a stay key (days since 1970). */
static long
key_admission(const char *k, size_t base)
{
	const char *a = k + base - 8;

	return qi_civil_days((int)digits_val(a, 4), (int)digits_val(a + 4, 2),
	    (int)digits_val(a + 6, 2));
}

/*
 * Items out of their table's dates (by the discharge date) are counted
 * and left out, so a 2023-table stay never shows a 2024-06 item.
 */
static void
table_dates(struct dpc *d, struct stay *s, long discharge)
{
	size_t it;

	for (it = 1; it < IT__COUNT; it++) {
		const struct item_info *ii = item_of((enum item)it);

		if (!s->has[it] || ii == NULL)
			continue;
		if ((ii->from != 0 && discharge < ii->from) ||
		    (ii->to != 0 && discharge >= ii->to)) {
			count_code(d->off_items, ii->code, 7);
			d->n->off_table_rows++;
			s->has[it] = 0;
		}
	}
}

/* Write the stay.  Returns its discharge (days) or NaN if not written. */
static double
stay_write(struct dpc *d, struct stay *s, const char *hosp, GString *id)
{
	FILE *fp = d->stays_out;
	const struct ff1v *it = s->item;
	double adm, dis, age = NAN, num[QI_F__COUNT];
	const char *text[QI_F__COUNT];
	int f, k, l;

	if (s->bad)		/* its rejected row is reported already */
		return NAN;
	if (!s->parent) {
		dpc_diag(d, QI_ERROR, s->child_file, s->child_line, 5, "each "
		    "stay has a parent 様式1 record (統括診療情報番号 0); its "
		    "child records alone are not a stay", "stay %s has child "
		    "records but no parent 様式1 record", id->str);
		return NAN;
	}
	if (!s->has[IT_DISCHARGE] || isnan(it[IT_DISCHARGE].v[0])) {
		dpc_diag(d, QI_ERROR, s->file, s->line, 0, "A000030 payload 1 "
		    "holds the 退院年月日", "stay %s has no discharge date",
		    id->str);
		return NAN;
	}
	adm = (double)key_admission(s->key->str, s->base);
	dis = it[IT_DISCHARGE].v[0];
	if (dis < adm) {
		dpc_diag(d, QI_ERROR, it[IT_DISCHARGE].file,
		    it[IT_DISCHARGE].line, 0, NULL, "stay %s: discharge "
		    "before admission", id->str);
		return NAN;
	}
	table_dates(d, s, ymd_of_days(dis));
	if (s->has[IT_BIRTH] && !isnan(it[IT_BIRTH].v[0])) {
		int by, bm, bd, ay, am, ad;

		qi_civil_from_days((long)it[IT_BIRTH].v[0], &by, &bm, &bd);
		qi_civil_from_days((long)adm, &ay, &am, &ad);
		age = ay - by - (am < bm || (am == bm && ad < bd));
		if (age < 0) {
			dpc_diag(d, QI_ERROR, it[IT_BIRTH].file,
			    it[IT_BIRTH].line, 0, NULL, "stay %s: born after "
			    "admission", id->str);
			return NAN;
		}
	}
#define V(i, k)	(s->has[i] ? it[i].v[k] : NAN)
	/* the fields of the flat schema (defs/stay.h), then one row of them */
	for (f = 0; f < QI_F__COUNT; f++)
		num[f] = NAN;
	memset(text, 0, sizeof(text));
	text[QI_F_HOSPITAL] = hosp;
	text[QI_F_STAY] = id->str;
	text[QI_F_PATIENT] = s->key->str + strlen(s->key->str) + 1;
	num[QI_F_ADMISSION] = adm;
	num[QI_F_DISCHARGE] = dis;
	num[QI_F_AGE] = age;
	num[QI_F_SEX] = V(IT_BIRTH, 1);
	num[QI_F_EMERGENCY] = V(IT_ADMISSION, 0);
	num[QI_F_AMBULANCE] = V(IT_ADMISSION, 1);
	text[QI_F_DX_MAIN] = s->has[IT_DX_MAIN] ? it[IT_DX_MAIN].code : "";
	text[QI_F_DX_TRIGGER] = s->has[IT_DX_TRIGGER] ?
	    it[IT_DX_TRIGGER].code : "";
	text[QI_F_DX_RESOURCE] = s->has[IT_DX_RESOURCE] ?
	    it[IT_DX_RESOURCE].code : "";
	num[QI_F_OUTCOME] = V(IT_DISCHARGE, 1);
	num[QI_F_DEATH_24H] = V(IT_DISCHARGE, 2);
	num[QI_F_PREV_DISCHARGE] = V(IT_PREV, 0);
	num[QI_F_ONSET_DAYS] = V(IT_STROKE, 0);
	num[QI_F_KILLIP] = V(IT_KILLIP, 0);
	num[QI_F_JCS] = V(IT_JCS, 0);
	num[QI_F_CANCER_STAGE] = V(IT_STAGE, 0);
	num[QI_F_DEMENTIA] = isnan(V(IT_DEMENTIA, 0)) ? NAN :
	    V(IT_DEMENTIA, 0) >= 1;
	num[QI_F_INSURANCE] = s->insurance;
	num[QI_F_FALLS] = V(IT_FALLS, 0);
	num[QI_F_FALLS_3B] = V(IT_FALLS, 1);
	num[QI_F_RESTRAINT_DAYS] = V(IT_RESTRAINT, 0);
	if (s->has[IT_ULCER] && !isnan(it[IT_ULCER].v[1]))	/* new, d2+ */
		num[QI_F_PRESSURE_ULCER] = it[IT_ULCER].v[1] == 1 &&
		    !(it[IT_ULCER].v[0] == 1);
#undef V
	for (f = 0; f < QI_F__COUNT; f++) {
		if (f > 0)
			fputc(',', fp);
		switch (qi_stay_fields[f].type) {
		case QI_FT_TEXT:
		case QI_FT_CODE:
			fputs(text[f], fp);
			break;
		case QI_FT_CODES:
			l = f == QI_F_DX_COMPLICATION;
			for (k = 0; k < s->nlist[l]; k++)
				fprintf(fp, "%s%s", k ? ";" : "",
				    s->list[l][k]);
			break;
		case QI_FT_DATE:
			put_date(fp, num[f]);
			break;
		default:
			qi_emit_csv_real(fp, num[f], 15);
			break;
		}
	}
	fputc('\n', fp);
	d->n->stays++;
	return dis;
}

static int
by_code_seq(const void *a, const void *b)
{
	const struct ff1item *x = a, *y = b;
	int c = strcmp(x->h.code, y->h.code);

	return c != 0 ? c : (x->h.seq > y->h.seq) - (x->h.seq < y->h.seq);
}

/*
 * The items.csv rows of a stay written (discharge dis, days): its items
 * of the table, by code and 連番, but those outside their table's dates.
 */
static void
items_write(struct dpc *d, struct stay *s, const char *hosp,
    const GString *id, double dis)
{
	long ymd = ymd_of_days(dis);
	size_t i;
	unsigned p;

	g_array_sort(s->items, by_code_seq);
	for (i = 0; i < s->items->len; i++) {
		const struct ff1item *x = &g_array_index(s->items,
		    struct ff1item, i);
		const struct qi_item_info *ii =
		    &qi_items[qi_item_lookup(x->h.code, 7)];

		if ((ii->from != 0 && ymd < ii->from) ||
		    (ii->to != 0 && ymd >= ii->to))
			continue;
		fprintf(d->items_out, "%s,%s,%s,%u", hosp, id->str, x->h.code,
		    x->h.seq);
		for (p = 0; p < QI_ITEM_PAYLOADS; p++)
			fprintf(d->items_out, ",%s", x->p[p]);
		fputc('\n', d->items_out);
	}
}

/* Decimal digits of v into the end of buf; returns where they start. */
static char *
ltoa_end(long v, char *end)
{
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	do
		*--end = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		*--end = '-';
	return end;
}

/*
 * One events.csv row, without printf: there is one per EF act.  x: the
 * act's EF columns (category, department, ward; "" where empty).
 */
static void
event_put(FILE *fp, const char *hosp, const char *id, long day,
    const char *code, const char *kind, double qty, const struct efv *x)
{
	char buf[256], num[32], *p = buf, *q;
	size_t n;

#define PUT(s) do { n = strlen(s); memcpy(p, s, n); p += n; *p++ = ','; } \
    while (0)
	if (strlen(hosp) + strlen(id) + strlen(code) + 64 + 2 * QI_CODE_MAX >
	    sizeof(buf)) {
		fprintf(fp, "%s,%s,%ld,%s,%s,%.15g,", hosp, id, day, code,
		    kind, qty);
		if (x->category > 0)
			fprintf(fp, "%u", x->category);
		fprintf(fp, ",%s,%s\n", x->dept, x->ward);
		return;
	}
	PUT(hosp);
	PUT(id);
	q = ltoa_end(day, num + sizeof(num) - 1);
	num[sizeof(num) - 1] = '\0';
	PUT(q);
	PUT(code);
	PUT(kind);
#undef PUT
	if (qty == floor(qty) && fabs(qty) < 1e15) {
		q = ltoa_end((long)qty, num + sizeof(num) - 1);
		n = (size_t)(num + sizeof(num) - 1 - q);
		memcpy(p, q, n);
		p += n;
	} else
		p += snprintf(p, 32, "%.15g", qty);
	*p++ = ',';
	if (x->category > 0) {
		*p++ = (char)('0' + x->category / 10);
		*p++ = (char)('0' + x->category % 10);
	}
	*p++ = ',';
	n = strlen(x->dept);
	memcpy(p, x->dept, n);
	p += n;
	*p++ = ',';
	n = strlen(x->ward);
	memcpy(p, x->ward, n);
	p += n;
	*p++ = '\n';
	fwrite(buf, 1, (size_t)(p - buf), fp);
}

/* The rows of one act (same stay, day, データ区分 and 順序番号). */
struct act {
	GArray		*rows;	/* struct efv, in key order (by code) */
};

/* Write the events of one act; rows sorted by code, then detail. */
static void
act_write(struct dpc *d, GArray *rows, const char *hosp, const GString *id,
    long day, long los)
{
	double times = NAN, points = NAN, drugfee = NAN;
	struct efv where;	/* the act's EF columns */
	int own = 0;
	size_t i;

	/* the act's department and ward: its 000 row's, else any row's */
	memset(&where, 0, sizeof(where));
	for (i = 0; i < rows->len; i++) {
		const struct efv *e = &g_array_index(rows, struct efv, i);

		where.category = e->category;
		if (e->dept[0] != '\0' && (e->detail == 0 ||
		    where.dept[0] == '\0'))
			memcpy(where.dept, e->dept, QI_CODE_MAX);
		if (e->ward[0] != '\0' && (e->detail == 0 ||
		    where.ward[0] == '\0'))
			memcpy(where.ward, e->ward, QI_CODE_MAX);
	}
	/* the act's 行為回数 and 行為点数: its 000 row's, else any row's */
	for (i = 0; i < rows->len; i++) {
		const struct efv *e = &g_array_index(rows, struct efv, i);

		if (e->detail == 0 || isnan(times))
			if (!isnan(e->times) && (e->detail == 0 ||
			    isnan(times)))
				times = e->times;
		if (!isnan(e->points) && (e->detail == 0 || isnan(points)))
			points = e->points;
		if (!isnan(e->drugfee) && (e->detail == 0 || isnan(drugfee)))
			drugfee = e->drugfee;
		own |= e->own;
	}
	if (isnan(times) || times <= 0)
		times = 1;
	for (i = 0; i < rows->len; i++) {
		const struct efv *e = &g_array_index(rows, struct efv, i);

		if (i > 0 && strcmp(e->code, g_array_index(rows, struct efv,
		    i - 1).code) == 0) {
			d->n->ef_repeat_rows++;
			continue;
		}
		if (e->kind == EK_DRUG && (own || (points == 0 &&
		    (isnan(drugfee) || drugfee == 0)))) {
			d->n->ef_own_drug_rows++;	/* 持参薬 */
			continue;
		}
		if (day > los) {
			/* one warning, at the first; a count at the end */
			if (d->n->ef_after_discharge_rows++ == 0)
				dpc_diag(d, QI_WARNING, e->file, e->line, 0,
				    "the activity is left out",
				    "activity on day %ld of stay %s, which "
				    "was discharged on day %ld", day, id->str,
				    los);
			continue;
		}
		if (e->unmapped)
			d->n->ef_unmapped_drug_rows++;
		event_put(d->events_out, hosp, id->str, day, e->code,
		    kind_of(e), times, &where);
		d->n->events++;
	}
}

/*
 * The EF records of stay s's join key, from c: written as its events, or
 * (ambiguous: another stay has the same key) set aside.
 */
static int
events_write(struct dpc *d, struct cursor *c, const struct stay *s,
    const char *hosp, const GString *id, double discharge, int ambiguous)
{
	GArray *rows = g_array_new(FALSE, FALSE, sizeof(struct efv));
	GString *act = g_string_new(NULL);
	long adm = key_admission(s->key->str, s->base), los, day = 0;
	int warned = 0;

	los = isnan(discharge) ? LONG_MAX : (long)discharge - adm;
	while (c->live && c->kn >= s->base &&
	    memcmp(c->k, s->key->str, s->base) == 0) {
		struct efv e;
		/* the act: stay, 実施年月日, データ区分, 順序番号 */
		size_t an = s->base + 8 + 2 + 10;

		memcpy(&e, c->p, sizeof(e));
		if (ambiguous || isnan(discharge) || e.kind == EK_MARK) {
			if (ambiguous) {
				d->n->ef_ambiguous_rows += e.kind == EK_MARK ?
				    (uint64_t)e.times : 1;
				if (!warned++ &&
				    d->n->ef_ambiguous_stays++ == 0)
					dpc_diag(d, QI_WARNING, e.file, e.line,
					    2, "EF has no 回数管理番号, so its "
					    "rows cannot be given to either "
					    "stay; they are left out",
					    "EF rows of データ識別番号 %s "
					    "admitted %.8s match two same-day "
					    "stays in 様式1", s->key->str +
					    strlen(s->key->str) + 1,
					    s->key->str + s->base - 8);
			}
		} else {
			if (act->len != an || memcmp(act->str, c->k, an) != 0) {
				if (rows->len > 0)
					act_write(d, rows, hosp, id, day, los);
				g_array_set_size(rows, 0);
				g_string_truncate(act, 0);
				g_string_append_len(act, (const char *)c->k,
				    (gssize)an);
				day = key_admission((const char *)c->k,
				    s->base + 8) - adm;
			}
			g_array_append_val(rows, e);
		}
		if (cur_next(d, c) == -1) {
			g_array_free(rows, TRUE);
			g_string_free(act, TRUE);
			return -1;
		}
	}
	if (rows->len > 0)
		act_write(d, rows, hosp, id, day, los);
	g_array_free(rows, TRUE);
	g_string_free(act, TRUE);
	return 0;
}

/* Set aside EF records of stays before key (no 様式1: still in hospital). */
static int
events_orphans(struct dpc *d, struct cursor *c, const char *key, size_t kn)
{
	GString *last = g_string_new(NULL);

	while (c->live && (key == NULL || keycmp2(c->k, MIN(c->kn,
	    base_len(c->k, c->kn)), key, kn) < 0)) {
		size_t b = base_len(c->k, c->kn);

		if (last->len != b || memcmp(last->str, c->k, b) != 0) {
			d->n->ef_no_stay_stays++;
			g_string_truncate(last, 0);
			g_string_append_len(last, (const char *)c->k,
			    (gssize)b);
		}
		{
			struct efv e;

			memcpy(&e, c->p, sizeof(e));
			d->n->ef_no_stay_rows += e.kind == EK_MARK ?
			    (uint64_t)e.times : 1;
		}
		if (cur_next(d, c) == -1) {
			g_string_free(last, TRUE);
			return -1;
		}
	}
	g_string_free(last, TRUE);
	return 0;
}

static enum qi_err
join(struct dpc *d)
{
	struct cursor c[3];
	struct stay s[2];
	GString *id = g_string_new(NULL);
	enum qi_err rc = QI_ESYS;
	int k, have, next, amb_prev = 0;
	size_t cur = 0;

	memset(c, 0, sizeof(c));
	memset(s, 0, sizeof(s));
	for (k = 0; k < 3; k++) {
		c[k].x = d->sort[k];
		if (cur_next(d, &c[k]) == -1)
			goto out;
	}
	s[0].key = g_string_new(NULL);
	s[1].key = g_string_new(NULL);
	s[0].items = g_array_new(FALSE, FALSE, sizeof(struct ff1item));
	s[1].items = g_array_new(FALSE, FALSE, sizeof(struct ff1item));
	if (d->items_out != NULL)
		fputs("hospital,stay,code,seq,p1,p2,p3,p4,p5,p6,p7,p8,p9\n",
		    d->items_out);
	for (k = 0; k < QI_F__COUNT; k++)	/* the flat schema's columns */
		fprintf(d->stays_out, "%s%s", k ? "," : "",
		    qi_stay_fields[k].name);
	fputc('\n', d->stays_out);
	fputs("hospital,stay,day,code,kind,qty,category,department,ward\n",
	    d->events_out);
	if ((have = stay_gather(d, &c[DK_FF1], &s[0])) == -1)
		goto out;
	while (have) {
		struct stay *st = &s[cur], *nx = &s[cur ^ 1];
		const char *hosp = st->key->str;
		double dis;
		int amb;

		if ((next = stay_gather(d, &c[DK_FF1], nx)) == -1)
			goto out;
		amb = amb_prev || (next && nx->base == st->base &&
		    memcmp(nx->key->str, st->key->str, st->base) == 0);
		amb_prev = next && nx->base == st->base &&
		    memcmp(nx->key->str, st->key->str, st->base) == 0;
		/*
		 * 様式4: the row of this stay, keyed by the whole stay key
		 * or (without 回数管理番号) by its join part, which then
		 * serves both stays of a day.
		 */
		while (c[DK_FF4].live && keycmp2(c[DK_FF4].k, c[DK_FF4].kn,
		    st->key->str, st->key->len) < 0 && !keyeq(c[DK_FF4].k,
		    c[DK_FF4].kn, st->key->str, st->base))
			if (cur_next(d, &c[DK_FF4]) == -1)
				goto out;
		if (c[DK_FF4].live && (keyeq(c[DK_FF4].k, c[DK_FF4].kn,
		    st->key->str, st->key->len) || keyeq(c[DK_FF4].k,
		    c[DK_FF4].kn, st->key->str, st->base))) {
			struct ff4v r;

			memcpy(&r, c[DK_FF4].p, sizeof(r));
			st->insurance = r.insurance;
		} else if (d->ff4_hosp[qi_registry_hospital(d->reg, hosp)])
			st->insurance = 1;	/* none: public insurance */
		stay_id(st, id);
		if (events_orphans(d, &c[DK_EF], st->key->str, st->base) == -1)
			goto out;
		dis = stay_write(d, st, hosp, id);
		if (!isnan(dis) && d->items_out != NULL)
			items_write(d, st, hosp, id, dis);
		if (events_write(d, &c[DK_EF], st, hosp, id, dis, amb) == -1)
			goto out;
		have = next;
		cur ^= 1;
	}
	if (events_orphans(d, &c[DK_EF], NULL, 0) == -1)
		goto out;
	rc = QI_OK;
out:
	g_string_free(id, TRUE);
	if (s[0].key != NULL)
		g_string_free(s[0].key, TRUE);
	if (s[1].key != NULL)
		g_string_free(s[1].key, TRUE);
	if (s[0].items != NULL)
		g_array_free(s[0].items, TRUE);
	if (s[1].items != NULL)
		g_array_free(s[1].items, TRUE);
	return rc;
}

/* ------------------------------------------------------- reporting */

static gint
strcmp_ptr(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Codes of h, sorted, as "A (n rows), B (m rows)" (at most 10). */
static char *
code_list(GHashTable *h)
{
	GPtrArray *keys = g_ptr_array_new();
	GString *s = g_string_new(NULL);
	GHashTableIter it;
	gpointer k, v;
	guint i;

	g_hash_table_iter_init(&it, h);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_ptr_array_add(keys, k);
	g_ptr_array_sort(keys, strcmp_ptr);
	for (i = 0; i < keys->len && i < 10; i++)
		g_string_append_printf(s, "%s%s (%zu rows)", i ? ", " : "",
		    (char *)keys->pdata[i], GPOINTER_TO_SIZE(
		    g_hash_table_lookup(h, keys->pdata[i])));
	if (keys->len > 10)
		g_string_append_printf(s, " and %u more", keys->len - 10);
	g_ptr_array_free(keys, TRUE);
	return g_string_free(s, FALSE);
}

static void
report(struct dpc *d, const char *drugs)
{
	GHashTableIter it;
	gpointer k, v;
	GPtrArray *codes = g_ptr_array_new();
	guint i;
	char *list;

	/* One error per unknown facility, at its first row, in code order. */
	g_hash_table_iter_init(&it, d->unknown_fac);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_ptr_array_add(codes, k);
	g_ptr_array_sort(codes, strcmp_ptr);
	for (i = 0; i < codes->len; i++) {
		struct unknown_fac *u = g_hash_table_lookup(d->unknown_fac,
		    codes->pdata[i]);

		dpc_diag(d, QI_ERROR, u->file, u->line, u->col, "add the "
		    "hospital's 施設コード to hospitals.csv's facility_code "
		    "column (nine digits, as text)", "facility code '%s' is "
		    "not in hospitals.csv (%" G_GUINT64_FORMAT " rows in %u "
		    "files)", (char *)codes->pdata[i], u->rows,
		    g_hash_table_size(u->files));
	}
	g_ptr_array_free(codes, TRUE);
	if (g_hash_table_size(d->unknown_items) > 0) {
		list = code_list(d->unknown_items);
		qi_diag_add(d->diag, QI_NOTE, NULL, 0, 0, "specs/input.md "
		    "section 8 lists the items qi reads", "様式1 items qi does "
		    "not know were skipped: %s", list);
		g_free(list);
	}
	if (g_hash_table_size(d->off_items) > 0) {
		list = code_list(d->off_items);
		qi_diag_add(d->diag, QI_WARNING, NULL, 0, 0, "an item is read "
		    "only for discharges its table covers: A001040, A004040 "
		    "and A004050 from 2024-06-01", "様式1 items outside "
		    "their table's discharge dates were left out: %s", list);
		g_free(list);
	}
	if (d->n->ef_no_stay_rows > 0)
		qi_diag_add(d->diag, QI_NOTE, NULL, 0, 0, "they join their "
		    "stay when its 様式1 arrives (the patient is still in "
		    "hospital at the end of the data)", "%" G_GUINT64_FORMAT
		    " EF rows of %" G_GUINT64_FORMAT " stays without a 様式1 "
		    "were set aside", d->n->ef_no_stay_rows,
		    d->n->ef_no_stay_stays);
	if (d->n->ef_unmapped_drug_rows > 0)
		qi_diag_add(d->diag, QI_WARNING, drugs, 0, 0, drugs == NULL ?
		    "put drug_master.csv (receipt_code,yj_code) or the "
		    "official 医薬品マスター file beside the DPC files" :
		    "update the drug master", "%" G_GUINT64_FORMAT " EF drug "
		    "rows have receipt codes %s, so the drug code lists "
		    "(YJ codes) cannot match them", d->n->ef_unmapped_drug_rows,
		    drugs == NULL ? "and no drug master maps them to YJ codes" :
		    "that the drug master does not list");
	if (d->n->ef_after_discharge_rows > 1)
		qi_diag_add(d->diag, QI_NOTE, NULL, 0, 0, "outpatient activity "
		    "after a stay belongs to the outpatient files, which qi "
		    "does not read", "%" G_GUINT64_FORMAT " EF rows after their "
		    "stay's discharge were left out in all (the first is "
		    "listed)", d->n->ef_after_discharge_rows);
	if (d->n->ef_ambiguous_stays > 1)
		qi_diag_add(d->diag, QI_NOTE, NULL, 0, 0, NULL, "%"
		    G_GUINT64_FORMAT " EF rows of %" G_GUINT64_FORMAT " "
		    "same-day admissions were left out in all (the first is "
		    "listed)", d->n->ef_ambiguous_rows,
		    d->n->ef_ambiguous_stays);
	for (i = 0; i < d->npaths; i++)
		if (d->paths[i] != NULL && d->file_errors[i] > d->o->max_errors)
			qi_diag_add(d->diag, QI_NOTE, d->paths[i], 0, 0, NULL,
			    "%zu more errors in this file not shown",
			    d->file_errors[i] - d->o->max_errors);
}

/* ------------------------------------------------------------ entry */

void
qi_dpc_opts_defaults(struct qi_dpc_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->budget = (size_t)512 << 20;
	o->max_errors = 100;
	o->jobs = 1;
}

/* ------------------------------------------------------------ threads */

static const char *const sort_prefix[3] = { "ff1", "ef", "ff4" };
static const size_t sort_share[3] = { 4, 11, 1 };	/* of 16ths */

/*
 * A reading thread: a copy of the reader with its own sorts, buffers,
 * code cache and tallies, reading files w, w + jobs, w + 2 jobs, ...,
 * each file's diagnostics into a list of its own (put back in file order).
 */
struct worker {
	struct dpc		 d;
	struct qi_dpc_counts	 n;
	unsigned		 w, jobs;
	size_t			 nfiles;
	struct qi_diag		**fdiag;
	enum qi_err		 rc;
};

static gpointer
worker_run(gpointer arg)
{
	struct worker *wk = arg;
	enum qi_err r;
	size_t k;

	for (k = wk->w; k < wk->nfiles; k += wk->jobs) {
		wk->d.diag = wk->fdiag[k];
		if ((r = read_file(&wk->d, (uint32_t)k)) > wk->rc)
			wk->rc = r;
	}
	return NULL;
}

static void
worker_init(struct worker *wk, const struct dpc *d, unsigned w)
{
	size_t k;

	wk->d = *d;
	wk->d.n = &wk->n;
	wk->d.errors = 0;
	wk->d.hosp = -1;
	wk->d.fac[0] = '\0';
	wk->d.key = g_string_new(NULL);
	wk->d.lastkey = g_string_new(NULL);
	wk->d.mark = g_string_new(NULL);
	wk->d.ff4_hosp = g_new0(unsigned char, d->reg->nhosps + 1);
	wk->d.unknown_fac = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	wk->d.unknown_items = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	for (k = 0; k < 3; k++) {
		char *pre = g_strdup_printf("%s-w%u", sort_prefix[k], w);

		wk->d.sort[k] = qi_xsort_alloc(d->o->tmpdir, pre,
		    d->o->budget / 16 * sort_share[k] / wk->jobs);
		g_free(pre);
	}
	if (d->o->keep != NULL) {
		wk->d.cc = qi_codecache_new(d->o->keep);
		wk->d.bits = g_new0(uint64_t, d->nbits);
	}
}

/* Fold a worker's tallies into d, and release them. */
static enum qi_err
worker_fold(struct dpc *d, struct worker *wk)
{
	uint64_t *to = (uint64_t *)(void *)d->n, *from = (uint64_t *)(void *)&wk->n;
	GHashTableIter it;
	gpointer key, v;
	enum qi_err rc = wk->rc;
	size_t k;

	for (k = 0; k < sizeof(wk->n) / sizeof(uint64_t); k++)
		to[k] += from[k];
	d->errors += wk->d.errors;
	for (k = 0; k < d->reg->nhosps; k++)
		d->ff4_hosp[k] |= wk->d.ff4_hosp[k];
	g_hash_table_iter_init(&it, wk->d.unknown_items);
	while (g_hash_table_iter_next(&it, &key, &v))
		g_hash_table_replace(d->unknown_items, g_strdup(key),
		    GSIZE_TO_POINTER(GPOINTER_TO_SIZE(g_hash_table_lookup(
		    d->unknown_items, key)) + GPOINTER_TO_SIZE(v)));
	g_hash_table_iter_init(&it, wk->d.unknown_fac);
	while (g_hash_table_iter_next(&it, &key, &v)) {
		struct unknown_fac *u = v, *m = g_hash_table_lookup(
		    d->unknown_fac, key);
		GHashTableIter fi;
		gpointer f;

		if (m == NULL) {
			g_hash_table_iter_steal(&it);
			g_hash_table_insert(d->unknown_fac, key, u);
			continue;
		}
		if (u->file < m->file) {	/* the first row in file order */
			m->file = u->file;
			m->line = u->line;
			m->col = u->col;
		}
		m->rows += u->rows;
		g_hash_table_iter_init(&fi, u->files);
		while (g_hash_table_iter_next(&fi, &f, NULL))
			g_hash_table_add(m->files, f);
	}
	for (k = 0; k < 3; k++)
		if (rc != QI_ESYS && qi_xsort_adopt(d->sort[k], wk->d.sort[k],
		    d->diag) == -1)
			rc = QI_ESYS;
	for (k = 0; k < 3; k++)
		qi_xsort_free(wk->d.sort[k]);
	unknown_fac_free(wk->d.unknown_fac);
	g_hash_table_destroy(wk->d.unknown_items);
	qi_codecache_free(wk->d.cc);
	g_free(wk->d.bits);
	g_string_free(wk->d.key, TRUE);
	g_string_free(wk->d.lastkey, TRUE);
	g_string_free(wk->d.mark, TRUE);
	g_free(wk->d.ff4_hosp);
	return rc;
}

/* Read files [0, nfiles) in o->jobs threads into d's sorts. */
static enum qi_err
read_files(struct dpc *d, size_t nfiles)
{
	unsigned jobs = d->o->jobs, w;
	struct worker *wk;
	struct qi_diag **fdiag;
	GThread **t;
	enum qi_err rc = QI_OK, r;
	size_t k;

	if (jobs > nfiles)
		jobs = (unsigned)nfiles;
	if (jobs <= 1) {
		for (k = 0; k < nfiles; k++)
			if ((r = read_file(d, (uint32_t)k)) > rc)
				rc = r;
		return rc;
	}
	wk = g_new0(struct worker, jobs);
	t = g_new0(GThread *, jobs);
	fdiag = g_new0(struct qi_diag *, nfiles);
	for (k = 0; k < nfiles; k++)
		fdiag[k] = qi_diag_alloc();
	for (w = 0; w < jobs; w++) {
		wk[w].w = w;
		wk[w].jobs = jobs;
		wk[w].nfiles = nfiles;
		wk[w].fdiag = fdiag;
		worker_init(&wk[w], d, w);
		t[w] = g_thread_new("qi-dpc", worker_run, &wk[w]);
	}
	for (w = 0; w < jobs; w++)
		g_thread_join(t[w]);
	for (k = 0; k < nfiles; k++) {
		qi_diag_move(d->diag, fdiag[k]);
		qi_diag_free(fdiag[k]);
	}
	for (w = 0; w < jobs; w++)
		if ((r = worker_fold(d, &wk[w])) > rc)
			rc = r;
	g_free(fdiag);
	g_free(t);
	g_free(wk);
	return rc;
}

static int
dpc_name(const char *name)
{
	static const char *const pre[] = { "FF1_", "EFN_", "FF4_" };
	static const char *const suf[] = { ".txt", ".txt.gz", ".txt.zst" };
	size_t i, j, n = strlen(name);

	for (i = 0; i < G_N_ELEMENTS(pre); i++)
		if (g_ascii_strncasecmp(name, pre[i], 4) == 0)
			for (j = 0; j < G_N_ELEMENTS(suf); j++)
				if (n > strlen(suf[j]) && g_ascii_strcasecmp(
				    name + n - strlen(suf[j]), suf[j]) == 0)
					return 1;
	return 0;
}

char **
qi_dpc_files(const char *dir)
{
	GPtrArray *v = g_ptr_array_new();
	GDir *dh;
	const char *name;

	if ((dh = g_dir_open(dir, 0, NULL)) != NULL) {
		while ((name = g_dir_read_name(dh)) != NULL)
			if (dpc_name(name))
				g_ptr_array_add(v, g_build_filename(dir, name,
				    NULL));
		g_dir_close(dh);
	}
	if (v->len == 0) {
		g_ptr_array_free(v, TRUE);
		return NULL;
	}
	g_ptr_array_sort(v, strcmp_ptr);
	g_ptr_array_add(v, NULL);
	return (char **)g_ptr_array_free(v, FALSE);
}

char *
qi_dpc_drug_master(const char *dir)
{
	char *p = g_build_filename(dir, "drug_master.csv", NULL), *found = NULL;
	const char *name;
	GDir *dh;

	if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
		return p;
	g_free(p);
	/* the official 医薬品マスター: y.csv, y_ALL20240801.csv, ... */
	if ((dh = g_dir_open(dir, 0, NULL)) == NULL)
		return NULL;
	while ((name = g_dir_read_name(dh)) != NULL) {
		size_t n = strlen(name);

		if ((name[0] == 'y' || name[0] == 'Y') && n >= 5 &&
		    (name[1] == '.' || name[1] == '_') &&
		    g_ascii_strcasecmp(name + n - 4, ".csv") == 0 &&
		    (found == NULL || strcmp(name, found) > 0)) {
			g_free(found);
			found = g_strdup(name);	/* the latest by name */
		}
	}
	g_dir_close(dh);
	if (found == NULL)
		return NULL;
	p = g_build_filename(dir, found, NULL);
	g_free(found);
	return p;
}

enum qi_err
qi_dpc_read(char *const *paths, const char *drugs,
    const struct qi_registry *reg, const struct qi_dpc_opts *o, FILE *stays,
    FILE *events, FILE *itemsf, struct qi_dpc_counts *counts,
    struct qi_diag *diag)
{
	struct qi_dpc_counts local;
	struct dpc d;
	char **all;
	enum qi_err rc = QI_OK, r;
	size_t nfiles = 0, k;

	memset(&d, 0, sizeof(d));
	memset(&local, 0, sizeof(local));
	if (counts == NULL)
		counts = &local;
	memset(counts, 0, sizeof(*counts));
	while (paths[nfiles] != NULL)
		nfiles++;
	/* the drug master is file number nfiles, for its diagnostics */
	all = g_new0(char *, nfiles + 2);
	memcpy(all, paths, nfiles * sizeof(*all));
	all[nfiles] = (char *)drugs;
	paths = all;
	d.reg = reg;
	d.o = o;
	d.diag = diag;
	d.n = counts;
	d.paths = paths;
	d.npaths = nfiles + 1;
	d.file_errors = g_new0(size_t, nfiles + 2);
	d.stays_out = stays;
	d.events_out = events;
	d.items_out = itemsf;
	d.hosp = -1;
	d.key = g_string_new(NULL);
	d.lastkey = g_string_new(NULL);
	d.mark = g_string_new(NULL);
	d.ff4_hosp = g_new0(unsigned char, reg->nhosps + 1);
	d.drugs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    g_free);
	d.unknown_fac = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	d.unknown_items = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	d.off_items = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	for (k = 0; k < 3; k++)
		d.sort[k] = qi_xsort_alloc(o->tmpdir, sort_prefix[k],
		    o->budget / 16 * sort_share[k]);
	if (o->keep != NULL) {
		d.cc = qi_codecache_new(o->keep);
		d.nbits = qi_codeset_words(o->keep);
		d.bits = g_new0(uint64_t, d.nbits);
	}
	if (drugs != NULL && (r = drugs_load(&d, (uint32_t)nfiles)) > rc)
		rc = r;
	if ((r = read_files(&d, nfiles)) > rc)
		rc = r;
	for (k = 0; k < 3 && rc != QI_ESYS; k++)
		if (qi_xsort_finish(d.sort[k], diag) == -1)
			rc = QI_ESYS;
	if (rc != QI_ESYS && join(&d) != QI_OK)
		rc = QI_ESYS;
	for (k = 0; k < 3; k++)
		counts->sort_runs += qi_xsort_runs(d.sort[k]);
	report(&d, drugs);
	if (rc == QI_OK && d.errors > 0)
		rc = QI_EINPUT;
	if (rc == QI_OK && counts->stays == 0 && counts->files[DK_FF1] == 0) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "a stay is made from "
		    "its 様式1 (FF1_*.txt); EF rows alone are not stays",
		    "no 様式1 files among the DPC files");
		rc = QI_EINPUT;
	}
	for (k = 0; k < 3; k++)
		qi_xsort_free(d.sort[k]);
	unknown_fac_free(d.unknown_fac);
	g_hash_table_destroy(d.unknown_items);
	g_hash_table_destroy(d.off_items);
	g_hash_table_destroy(d.drugs);
	qi_codecache_free(d.cc);
	g_free(d.bits);
	g_free(d.file_errors);
	g_free(all);
	g_string_free(d.key, TRUE);
	g_string_free(d.lastkey, TRUE);
	g_string_free(d.mark, TRUE);
	g_free(d.ff4_hosp);
	return rc;
}
