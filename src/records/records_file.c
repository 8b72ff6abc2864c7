/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * records_file.c -- block reading and record cutting for the patient-level
 * reader.
 *
 * The file is read in blocks of f->block bytes (1 MiB by default) into
 * one buffer.  A record ends at the first newline outside double quotes.
 * Each block is scanned once as it arrives for its last double quote and
 * its last non-ASCII byte, so that a record past both (nearly all of
 * them) is cut by one memchr() for its newline, needs no UTF-8 check,
 * and is split on the delimiter in place.  Only records that hold a quote
 * go through libcsv, which unquotes their fields into a scratch buffer.
 * The buffer holds one block plus the tail of a record that straddles two
 * blocks, so memory is bounded by block + RF_RECORD_MAX, never by the
 * file.
 */
#define _GNU_SOURCE		/* memrchr() */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvread.h"
#include "instream.h"
#include "records_file.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

static void
verror(struct rfile *f, unsigned long line, unsigned col, const char *hint,
    const char *fmt, va_list ap)
{
	char *msg;

	f->errors++;
	if (f->errors > f->max_errors)
		return;
	msg = g_strdup_vprintf(fmt, ap);
	qi_diag_add(f->diag, f->level, f->path,
	    line > UINT_MAX ? 0 : (unsigned)line, col, hint, "%s", msg);
	g_free(msg);
}

void
rf_error_at(struct rfile *f, unsigned long line, unsigned col,
    const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(f, line, col, hint, fmt, ap);
	va_end(ap);
}

void
rf_error(struct rfile *f, size_t k, const char *hint, const char *fmt, ...)
{
	va_list ap;
	unsigned long line;
	unsigned col;

	rf_pos(f, k, &line, &col);
	va_start(ap, fmt);
	verror(f, line, col, hint, fmt, ap);
	va_end(ap);
}

static int
is_space(unsigned char ch)
{
	return ch == ' ' ? CSV_SPACE : 0;	/* a tab may be the delimiter */
}

int
rf_open(struct rfile *f, const char *path, const char *encoding,
    size_t block, size_t max_errors, struct qi_diag *diag)
{

	memset(f, 0, sizeof(*f));
	f->fd = -1;
	f->conv = (GIConv)-1;
	f->path = g_strdup(path);
	f->diag = diag;
	f->max_errors = max_errors;
	f->level = QI_ERROR;
	f->block = block;
	f->delim = ',';
	if (csv_init(&f->parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL, "out of memory");
		return -1;
	}
	csv_set_space_func(&f->parser, is_space);
	if (encoding != NULL && g_ascii_strcasecmp(encoding, "utf-8") != 0 &&
	    g_ascii_strcasecmp(encoding, "utf8") != 0) {
		if (g_ascii_strcasecmp(encoding, "cp932") != 0) {
			qi_diag_add(diag, QI_ERROR, path, 0, 0,
			    "use utf-8 or cp932", "unknown encoding '%s'",
			    encoding);
			return -1;
		}
		f->conv = g_iconv_open("UTF-8", "CP932");
		if (f->conv == (GIConv)-1) {
			qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
			    "this system cannot convert from CP932");
			return -1;
		}
		f->rawcap = block + 16;
		f->raw = g_malloc(f->rawcap);
	}
	if (qi_instream_open(path, &f->in, diag) != QI_OK)
		return -1;
	/* by offset (shards) only a plain regular file */
	if (qi_instream_compression(f->in) == QI_COMP_NONE)
		f->size = qi_instream_file_size(f->in);
	/* CP932 grows by at most 3/2 when converted to UTF-8. */
	f->cap = 2 * block + 16;
	f->buf = g_malloc(f->cap);
	return 0;
}

void
rf_close(struct rfile *f)
{
	char sha[65];

	/* read whole, front to back: what the results come from */
	if (f->in != NULL && f->fd < 0 && f->eof &&
	    qi_instream_digest(f->in, sha) == 0)
		qi_read_digest_put(f->path, sha);
	qi_instream_free(f->in);
	if (f->fd >= 0)
		close(f->fd);
	if (f->conv != (GIConv)-1)
		g_iconv_close(f->conv);
	csv_free(&f->parser);
	g_free(f->raw);
	g_free(f->buf);
	g_free(f->scratch);
	g_free(f->path);
	g_free(f->file);
	memset(f, 0, sizeof(*f));
	f->fd = -1;
}

static ssize_t
read_some(struct rfile *f, char *dst, size_t n)
{
	ssize_t got;

	if (f->fd < 0)		/* failures recorded by the stream */
		return qi_instream_read(f->in, dst, n);
	do
		got = read(f->fd, dst, n);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		rf_error_at(f, 0, 0, NULL, "cannot read: %s", g_strerror(errno));
	return got;
}

/* Convert the pending CP932 bytes into buf; -1 on invalid text. */
static int
convert(struct rfile *f)
{
	gchar *in = f->raw, *out = f->buf + f->len;
	gsize inleft = f->rawlen, outleft = f->cap - f->len;
	size_t r;

	r = g_iconv(f->conv, &in, &inleft, &out, &outleft);
	f->len = (size_t)(out - f->buf);
	memmove(f->raw, in, inleft);
	f->rawlen = inleft;
	if (r == (size_t)-1 && errno == EILSEQ) {
		unsigned long nl = 0;
		const char *p;

		for (p = f->buf + f->beg; p < f->buf + f->len; p++)
			nl += *p == '\n';
		rf_error_at(f, rf_line(f) - f->recline + f->line + nl, 0,
		    "check the file's encoding: it is not valid CP932 "
		    "(Shift_JIS as Windows writes it)", "not valid CP932 text");
		return -1;
	}
	return 0;
}

/*
 * Note where the last double quote and the last non-ASCII byte of the
 * bytes just read, [from, len), end: records that start past them need
 * neither the quote-aware cut nor the UTF-8 check.
 */
static void
mark(struct rfile *f, size_t from)
{
	const unsigned char *b = (const unsigned char *)f->buf;
	const char *q;
	size_t i, j;

	q = memrchr(f->buf + from, '"', f->len - from);
	if (q != NULL)
		f->qlast = (size_t)(q - f->buf) + 1;
	for (i = from; i < f->len; i = j) {
		unsigned char acc = 0;
		size_t k = i;

		j = f->len - i > 64 ? i + 64 : f->len;
#ifdef __SSE2__
		if (j - i == 64) {	/* the sign bits of 64 bytes */
			__m128i v = _mm_or_si128(
			    _mm_or_si128(_mm_loadu_si128((const void *)(b + i)),
			    _mm_loadu_si128((const void *)(b + i + 16))),
			    _mm_or_si128(_mm_loadu_si128((const void *)(b + i + 32)),
			    _mm_loadu_si128((const void *)(b + i + 48))));

			acc = _mm_movemask_epi8(v) != 0 ? 0x80 : 0;
			k = j;
		}
#endif
		for (; k < j; k++)
			acc |= b[k];
		if (acc >= 0x80)
			f->hlast = j;
	}
}

/*
 * Read one more block.  Keeps [beg, len), moved to the front; grows the
 * buffer when one record fills it.  -1 on failure (recorded).
 */
static int
fill(struct rfile *f)
{
	ssize_t got;
	size_t room;

	size_t old;

	if (f->beg > 0) {
		memmove(f->buf, f->buf + f->beg, f->len - f->beg);
		f->buf_off += f->beg;
		f->len -= f->beg;
		f->qlast = f->qlast > f->beg ? f->qlast - f->beg : 0;
		f->hlast = f->hlast > f->beg ? f->hlast - f->beg : 0;
		f->beg = 0;
	}
	if (f->cap - f->len < f->block + 16) {
		if (f->len > RF_RECORD_MAX) {
			rf_error_at(f, rf_line(f) - f->recline + f->line, 1,
			    "a quote is probably not closed: a field that "
			    "holds a quote must be quoted and the quote doubled",
			    "record longer than %zu bytes", RF_RECORD_MAX);
			return -1;
		}
		f->cap = f->len + 2 * f->block + 16;
		f->buf = g_realloc(f->buf, f->cap);
	}
	old = f->len;
	if (f->conv == (GIConv)-1) {
		room = f->cap - f->len < f->block ? f->cap - f->len : f->block;
		got = read_some(f, f->buf + f->len, room);
		if (got < 0)
			return -1;
		if (got == 0)
			f->eof = 1;
		f->len += (size_t)got;
	} else {
		got = read_some(f, f->raw + f->rawlen, f->rawcap - f->rawlen);
		if (got < 0)
			return -1;
		f->rawlen += (size_t)got;
		if (convert(f) < 0)
			return -1;
		if (got == 0) {
			f->eof = 1;
			if (f->rawlen > 0) {
				rf_error_at(f, 0, 0, "check the file's encoding",
				    "the file ends inside a CP932 character");
				return -1;
			}
		}
	}
	mark(f, old);
	/* A byte order mark at the start of the file is not data. */
	if (f->buf_off == 0 && f->len >= 3 && f->beg == 0 &&
	    memcmp(f->buf, "\xef\xbb\xbf", 3) == 0 && f->line == 0 &&
	    f->recoff == 0 && f->rec == NULL)
		f->beg = 3;
	return 0;
}

/* Line and column of byte off of the current record. */
static void
pos_of(struct rfile *f, size_t off, unsigned long *line, unsigned *col)
{
	const char *s = f->rec, *ls = s, *p;
	unsigned long l = rf_line(f);

	for (p = s; p < s + off; p++)
		if (*p == '\n') {
			l++;
			ls = p + 1;
		}
	*line = l;
	*col = (unsigned)g_utf8_strlen(ls, s + off - ls) + 1;
}

static int
ascii(const char *s, size_t n)
{
	size_t i;
	unsigned char acc = 0;

	for (i = 0; i < n; i++)
		acc |= (unsigned char)s[i];
	return acc < 0x80;
}

/*
 * Whether the current record (without quotes) is all empty fields: only
 * delimiters and spaces, as Excel writes below a table (",,,,").  Such a
 * row is a blank line.  The first byte settles almost every record.
 */
static int
blank(const struct rfile *f)
{
	size_t i;

	for (i = 0; i < f->reclen; i++)
		if (f->rec[i] != f->delim && f->rec[i] != ' ')
			return 0;
	return 1;
}

/* 0 if the record is valid UTF-8; else reports it and returns -1. */
static int
check_utf8(struct rfile *f)
{
	const gchar *bad;
	unsigned long line;
	unsigned col;
	gchar *try;
	const char *hint = "save the file as UTF-8";

	if ((size_t)(f->rec - f->buf) >= f->hlast ||
	    ascii(f->rec, f->reclen) ||
	    g_utf8_validate(f->rec, (gssize)f->reclen, &bad))
		return 0;
	pos_of(f, (size_t)(bad - f->rec), &line, &col);
	try = g_convert(f->rec, (gssize)f->reclen, "UTF-8", "CP932", NULL,
	    NULL, NULL);
	if (try != NULL)
		hint = "this looks like CP932 (Shift_JIS): read it with "
		    "--encoding cp932, or save the file as UTF-8";
	g_free(try);
	rf_error_at(f, line, col, hint, "invalid UTF-8 byte 0x%02X",
	    (unsigned char)*bad);
	return -1;
}

int
rf_next(struct rfile *f)
{
	for (;;) {
		size_t i = f->beg, stop, end, next;
		unsigned long inner = 0;
		int inq = 0, anyq = 0;
		const char *q, *nl;

		for (;;) {
			nl = memchr(f->buf + i, '\n', f->len - i);
			stop = nl != NULL ? (size_t)(nl - f->buf) : f->len;
			if (!inq && i >= f->qlast)
				break;	/* no quote from here to the end */
			for (q = memchr(f->buf + i, '"', stop - i); q != NULL;
			    q = memchr(q + 1, '"', (size_t)(f->buf + stop - q - 1))) {
				inq ^= 1;
				anyq = 1;
			}
			if (nl == NULL || !inq)
				break;
			inner++;
			i = stop + 1;
		}
		if (nl == NULL && inq && (f->eof ||
		    f->len - f->beg > RF_RECORD_MAX)) {
			/*
			 * A stray quote: cut at the first newline, so that
			 * libcsv reports the quote and the next rows are read.
			 */
			nl = memchr(f->buf + f->beg, '\n', f->len - f->beg);
			if (nl != NULL) {
				stop = (size_t)(nl - f->buf);
				inq = 0;
				inner = 0;
			}
		}
		if (nl == NULL && !f->eof) {
			if (fill(f) < 0)
				return -1;
			continue;
		}
		if (nl == NULL && f->beg == f->len)
			return 0;
		end = stop;
		next = nl != NULL ? stop + 1 : stop;
		f->rec = f->buf + f->beg;
		f->recoff = f->buf_off + f->beg;
		f->recline = f->line;
		f->line += inner + (nl != NULL);
		f->beg = next;
		if (end > (size_t)(f->rec - f->buf) && f->buf[end - 1] == '\r')
			end--;
		f->reclen = end - (size_t)(f->rec - f->buf);
		f->recquote = anyq;
		if (inq) {
			unsigned long line;
			unsigned col;

			q = memchr(f->rec, '"', f->reclen);
			pos_of(f, q != NULL ? (size_t)(q - f->rec) : 0, &line,
			    &col);
			rf_error_at(f, line, col, "close the quoted field: a "
			    "quote inside a field is written twice (\"\")",
			    "end of file inside a quoted field");
			return -1;
		}
		if (f->reclen == 0 || (!anyq && blank(f)))
			continue;	/* a blank line, or ",,,," */
		if (f->conv == (GIConv)-1 && check_utf8(f) < 0)
			return 2;
		return 1;
	}
}

int
rf_seek(struct rfile *f, uint64_t off)
{
	char *nl;

	if (off == 0)
		off = 1;
	/* from now on by offset, from the file itself (no digest) */
	if (f->fd < 0 && (f->size == 0 ||
	    (f->fd = open(f->file != NULL ? f->file : f->path,
	    O_RDONLY)) < 0)) {
		rf_error_at(f, 0, 0, NULL, "cannot read by offset: %s",
		    f->size == 0 ? "not a plain file" : g_strerror(errno));
		return -1;
	}
	if (lseek(f->fd, (off_t)(off - 1), SEEK_SET) < 0) {
		rf_error_at(f, 0, 0, NULL, "cannot seek: %s", g_strerror(errno));
		return -1;
	}
	f->beg = f->len = 0;
	f->qlast = f->hlast = 0;
	f->buf_off = off - 1;
	f->eof = 0;
	f->rec = f->buf;	/* no byte order mark check past the start */
	for (;;) {
		nl = memchr(f->buf, '\n', f->len);
		if (nl != NULL || f->eof)
			break;
		if (fill(f) < 0)
			return -1;
	}
	f->beg = nl != NULL ? (size_t)(nl - f->buf) + 1 : f->len;
	f->line = 0;
	f->line_from = f->buf_off + f->beg;
	f->line_base = -1;
	f->reclen = 0;
	return 0;
}

unsigned long
rf_line(struct rfile *f)
{
	if (f->line_base < 0) {
		char *tmp = g_malloc(1 << 16);
		uint64_t at = 0;
		long n = 0;
		ssize_t got, k;

		while (at < f->line_from) {
			size_t want = f->line_from - at < (1 << 16) ?
			    (size_t)(f->line_from - at) : (1 << 16);

			got = pread(f->fd, tmp, want, (off_t)at);
			if (got <= 0)
				break;
			for (k = 0; k < got; k++)
				n += tmp[k] == '\n';
			at += (uint64_t)got;
		}
		g_free(tmp);
		f->line_base = n;
	}
	return 1 + (unsigned long)f->line_base + f->recline;
}

void
rf_pos(struct rfile *f, size_t k, unsigned long *line, unsigned *col)
{
	const char *s = f->rec, *p;
	size_t field = 0;
	int quoted = 0;

	for (p = s; p < s + f->reclen && field < k; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == f->delim && !quoted)
			field++;
	}
	pos_of(f, (size_t)(p - s), line, col);
}

/*
 * Offset of the quote that breaks RFC 4180 in the current record: a quote
 * inside an unquoted field, or a closing quote not followed by the
 * delimiter or the end.
 */
static size_t
bad_quote(const struct rfile *f)
{
	const char *s = f->rec, *e = s + f->reclen, *p;
	int inq = 0, start = 1;

	for (p = s; p < e; p++) {
		if (inq) {
			if (*p != '"')
				continue;
			if (p + 1 < e && p[1] == '"') {
				p++;
				continue;
			}
			inq = 0;
			if (p + 1 < e && p[1] != f->delim)
				return (size_t)(p - s);
			continue;
		}
		if (*p == '"' && !start)
			return (size_t)(p - s);
		if (*p == '"')
			inq = 1;
		if (*p != ' ')
			start = *p == f->delim;
	}
	return 0;
}

/* libcsv's side of rf_split(): fields unquoted into f->scratch. */
struct split {
	struct rfile	*f;
	struct rf_field	*fld;
	size_t		 max, n, used;
};

static void
split_field(void *p, size_t len, void *arg)
{
	struct split *sp = arg;
	char *dst = sp->f->scratch + sp->used;

	memcpy(dst, p, len);
	sp->used += len;
	if (sp->n < sp->max) {
		sp->fld[sp->n].s = dst;
		sp->fld[sp->n].n = len;
	}
	sp->n++;
}

static void
split_row(int c, void *arg)
{
	(void)c;
	(void)arg;
}

/* Field [fs, fe) of a record without quotes. */
static inline void
put_field(struct rf_field *fld, size_t max, size_t *n, const char *fs,
    const char *fe)
{
	if (*n < max) {
		fld[*n].s = fs;
		fld[*n].n = (size_t)(fe - fs);
	}
	(*n)++;
}

/* Trim the spaces around the n fields of a record that has spaces. */
static void
trim_fields(struct rf_field *fld, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		while (fld[i].n > 0 && fld[i].s[0] == ' ') {
			fld[i].s++;
			fld[i].n--;
		}
		while (fld[i].n > 0 && fld[i].s[fld[i].n - 1] == ' ')
			fld[i].n--;
	}
}

/*
 * rf_split() of a record without quotes: the delimiters (and whether
 * there is a space to trim at all) are found 16 bytes at a time where
 * SSE2 is there (every x86-64), bytes one by one elsewhere.  A load may
 * read past the record's end, never past the buffer's: the bits past the
 * end are masked off.
 */
static int
split_plain(const struct rfile *f, struct rf_field *fld, size_t max)
{
	const char *p = f->rec, *e = f->rec + f->reclen, *fs = p;
	size_t n = 0;
	unsigned spaces = 0;

#ifdef __SSE2__
	const char *lim = f->buf + f->cap;
	const __m128i d = _mm_set1_epi8(f->delim), sp = _mm_set1_epi8(' ');

	for (; p < e && p + 16 <= lim; p += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, d));
		unsigned s = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x,
		    sp));

		if (e - p < 16) {
			m &= (1u << (e - p)) - 1;
			s &= (1u << (e - p)) - 1;
		}
		spaces |= s;
		for (; m != 0; m &= m - 1) {
			const char *de = p + __builtin_ctz(m);

			put_field(fld, max, &n, fs, de);
			fs = de + 1;
		}
	}
#endif
	for (; p < e; p++) {
		spaces |= *p == ' ';
		if (*p == f->delim) {
			put_field(fld, max, &n, fs, p);
			fs = p + 1;
		}
	}
	put_field(fld, max, &n, fs, e);
	if (spaces)
		trim_fields(fld, n < max ? n : max);
	return n > INT_MAX ? INT_MAX : (int)n;
}

int
rf_split(struct rfile *f, struct rf_field *fld, size_t max)
{
	struct split sp = { f, fld, max, 0, 0 };
	size_t done;
	unsigned long line;
	unsigned col;

	if (!f->recquote)
		return split_plain(f, fld, max);
	/* unquoted text is never longer than the record */
	if (f->scratchcap < f->reclen + 1) {
		f->scratchcap = f->reclen + 1;
		f->scratch = g_realloc(f->scratch, f->scratchcap);
	}
	done = csv_parse(&f->parser, f->rec, f->reclen, split_field, split_row,
	    &sp);
	if (done == f->reclen && csv_fini(&f->parser, split_field, split_row,
	    &sp) == 0)
		return sp.n > INT_MAX ? INT_MAX : (int)sp.n;
	csv_free(&f->parser);
	csv_init(&f->parser, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_space_func(&f->parser, is_space);
	csv_set_delim(&f->parser, (unsigned char)f->delim);
	pos_of(f, bad_quote(f), &line, &col);
	rf_error_at(f, line, col, "a field that holds a quote, the delimiter "
	    "or a line break must be quoted, and its quotes doubled (\"\")",
	    "malformed quoting: a quote inside an unquoted field, or text "
	    "after a closing quote");
	return -1;
}
