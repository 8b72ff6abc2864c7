/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csvread.c -- row-by-row CSV/TSV reading over libcsv.
 *
 * The file is read one physical line at a time and each line is handed
 * to libcsv, so a record's raw text is at hand when a field has to be
 * located for a diagnostic (libcsv itself reports no positions).  Memory
 * is bounded by the longest record, never by the file.  The bytes come
 * through an input stream (instream.h): a file, a pipe or standard
 * input, gzip or zstd read decompressed, hashed as they are read.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <glib.h>

#include "csvread.h"
#include "instream.h"

#define IN_BLOCK	((size_t)1 << 16)	/* bytes asked of the stream */
#define HINT_MAX	400		/* bytes of header listed in a hint */

struct qi_csv {
	char			*path;		/* as named in diagnostics */
	char			*key;		/* as given: the digest's key */
	struct qi_instream	*in;
	char			*ibuf;		/* bytes read; [ibeg, ilen) unused */
	size_t			 ibeg, ilen, icap;
	int			 ieof;		/* the stream has ended */
	struct qi_diag		*diag;		/* borrowed */
	const struct qi_csvcol	*cols;		/* borrowed */
	size_t			 ncols;
	struct qi_csvcfg	 cfg;
	GIConv			 conv;		/* CP932 -> UTF-8, or (GIConv)-1 */
	struct csv_parser	 parser;
	unsigned		 lineno;	/* physical lines read */
	unsigned		 recline;	/* first line of the current record */
	GString			*raw;		/* the record's text, UTF-8 */
	GString			*fbuf;		/* fields, NUL-separated */
	GArray			*foff;		/* of size_t: field offsets in fbuf */
	int			 complete;	/* a record is waiting */
	int			 in_record;	/* lines fed since last record end */
	size_t			 nheader;	/* fields in the header */
	char			**header;	/* their names, owned (g_strv) */
	long			*map;		/* cols[i] -> header field, or -1 */
	const char		**out;		/* ncols pointers handed out */
	size_t			 errors;
	int			 eof;
	int			 failed;	/* the header was too long */
};

void
qi_csvcfg_defaults(struct qi_csvcfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->max_errors = 100;
}

static void
field_cb(void *s, size_t len, void *arg)
{
	struct qi_csv *c = arg;
	size_t off = c->fbuf->len;

	g_array_append_val(c->foff, off);
	if (s != NULL)
		g_string_append_len(c->fbuf, s, (gssize)len);
	g_string_append_c(c->fbuf, '\0');
}

static void
row_cb(int ch, void *arg)
{
	struct qi_csv *c = arg;

	(void)ch;
	c->complete = 1;
}

/* Only the space character is trimmed: a tab may be the delimiter. */
static int
is_space(unsigned char ch)
{
	return ch == ' ' ? CSV_SPACE : 0;
}

/*
 * Position of the start of field k of the current record as line and
 * character column, found by a quote-aware scan of the raw text.
 */
static void
field_pos(const struct qi_csv *c, size_t k, unsigned *line, unsigned *col)
{
	const char *s = c->raw->str, *linestart = s, *p;
	char delim = c->cfg.delim;
	int quoted = 0;
	size_t field = 0;

	*line = c->recline;
	for (p = s; *p != '\0' && field < k; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == delim && !quoted)
			field++;
		else if (*p == '\n') {
			if (!quoted)
				break;
			(*line)++;
			linestart = p + 1;
		}
	}
	*col = (unsigned)g_utf8_strlen(linestart, p - linestart) + 1;
}

/*
 * Where quoting goes wrong in text (RFC 4180): a quote inside an unquoted
 * field, or a closing quote followed by something other than the
 * delimiter or the end of the line; or, at the end, a quoted field still
 * open.  Returns the byte offset of the offending quote and sets *line_off
 * to the offset of the start of its line; -1 if the quoting is sound.
 */
static long
bad_quote(const char *text, char delim, size_t *line_off)
{
	const char *p = text, *open = NULL, *ls = text, *open_ls = text;
	int start = 1;		/* at the start of a field */

	for (; *p != '\0'; p++) {
		if (open != NULL) {		/* inside a quoted field */
			if (*p == '\n')
				ls = p + 1;
			if (*p != '"')
				continue;
			if (p[1] == '"') {
				p++;
				continue;
			}
			open = NULL;
			if (p[1] != delim && p[1] != '\r' && p[1] != '\n' &&
			    p[1] != '\0') {
				*line_off = (size_t)(ls - text);
				return p - text;
			}
			continue;
		}
		if (*p == '"' && start) {
			open = p;
			open_ls = ls;
		} else if (*p == '"') {
			*line_off = (size_t)(ls - text);
			return p - text;
		} else if (*p == '\n')
			ls = p + 1;
		start = *p == delim || *p == '\n';
		if (*p == ' ' && start == 0 && p > text &&
		    (p[-1] == delim || p[-1] == '\n'))
			start = 1;	/* spaces before a quote are trimmed */
	}
	if (open != NULL) {
		*line_off = (size_t)(open_ls - text);
		return open - text;
	}
	return -1;
}

/* Character column of byte offset off in text whose line starts at ls. */
static unsigned
column(const char *text, size_t ls, long off)
{
	return (unsigned)g_utf8_strlen(text + ls, off - (long)ls) + 1;
}

static void	reset_parser(struct qi_csv *);

static void
verror(struct qi_csv *c, unsigned line, unsigned col, const char *hint,
    const char *fmt, va_list ap)
{
	char *msg;

	c->errors++;
	if (c->errors > c->cfg.max_errors)
		return;
	msg = g_strdup_vprintf(fmt, ap);
	qi_diag_add(c->diag, QI_ERROR, c->path, line, col, hint, "%s", msg);
	g_free(msg);
}

static void
error_at(struct qi_csv *c, unsigned line, unsigned col, const char *hint,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(c, line, col, hint, fmt, ap);
	va_end(ap);
}

/* Where column col of the current row starts (line, character column). */
static void
csv_pos(const struct qi_csv *c, size_t col, unsigned *line, unsigned *pos)
{
	*line = c->recline;
	*pos = 0;
	if (col < c->ncols && c->map[col] >= 0)
		field_pos(c, (size_t)c->map[col], line, pos);
}

void
qi_csv_error(struct qi_csv *c, size_t col, const char *hint,
    const char *fmt, ...)
{
	va_list ap;
	unsigned line, pos;

	csv_pos(c, col, &line, &pos);
	va_start(ap, fmt);
	verror(c, line, pos, hint, fmt, ap);
	va_end(ap);
}

void
qi_csv_warning(struct qi_csv *c, size_t col, const char *hint,
    const char *fmt, ...)
{
	va_list ap;
	unsigned line, pos;
	char *msg;

	csv_pos(c, col, &line, &pos);
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	qi_diag_add(c->diag, QI_WARNING, c->path, line, pos, hint, "%s", msg);
	g_free(msg);
}

/*
 * A line longer than QI_CSV_RECORD_MAX bytes: reported at its line and
 * passed over to its newline (or the end), block by block, so that it
 * never lies in memory whole; the partial record it was part of is
 * dropped.  A header that long ends the reading (the columns are not
 * known).  Returns 0, or -1 on a read failure or a header (recorded).
 */
static int
skip_line(struct qi_csv *c)
{
	const char *nl = NULL;
	long got;

	error_at(c, c->lineno + 1, 0, "a quote is probably not closed, or "
	    "the file is not a table; a record holds at most 1 MiB",
	    "line longer than %zu bytes", QI_CSV_RECORD_MAX);
	if (c->lineno == 0) {
		c->failed = 1;
		return -1;
	}
	reset_parser(c);
	for (;;) {
		nl = memchr(c->ibuf + c->ibeg, '\n', c->ilen - c->ibeg);
		if (nl != NULL || c->ieof)
			break;
		c->ibeg = c->ilen = 0;
		if ((got = qi_instream_read(c->in, c->ibuf, c->icap)) < 0)
			return -1;
		c->ieof = got == 0;
		c->ilen = (size_t)got;
	}
	c->lineno++;
	c->ibeg = nl != NULL ? (size_t)(nl + 1 - c->ibuf) : c->ilen;
	return 0;
}

/*
 * Have the unused bytes hold a whole line (up to and with its newline),
 * or all that is left at the end.  Returns the length of that line (0 at
 * the end), or -1 on a read failure (recorded by the stream).
 */
static long
fill_line(struct qi_csv *c)
{
	const char *nl;
	long got;

	if (c->failed)
		return -1;
	for (;;) {
		nl = memchr(c->ibuf + c->ibeg, '\n', c->ilen - c->ibeg);
		if (nl != NULL)
			return (long)(nl + 1 - (c->ibuf + c->ibeg));
		if (c->ieof)
			return (long)(c->ilen - c->ibeg);
		if (c->ilen - c->ibeg > QI_CSV_RECORD_MAX) {
			if (skip_line(c) == -1)
				return -1;
			continue;
		}
		if (c->ibeg > 0) {	/* keep the unused part only */
			memmove(c->ibuf, c->ibuf + c->ibeg, c->ilen - c->ibeg);
			c->ilen -= c->ibeg;
			c->ibeg = 0;
		}
		if (c->icap - c->ilen < IN_BLOCK) {
			c->icap = c->ilen + 2 * IN_BLOCK;
			c->ibuf = g_realloc(c->ibuf, c->icap);
		}
		if ((got = qi_instream_read(c->in, c->ibuf + c->ilen,
		    c->icap - c->ilen)) < 0)
			return -1;
		c->ieof = got == 0;
		c->ilen += (size_t)got;
	}
}

/*
 * Read one physical line, convert it to UTF-8 and check it.  Returns the
 * line (owned by c or by *conv_out, valid until the next call), NULL at
 * end of file or on error.
 */
static const char *
read_line(struct qi_csv *c, size_t *len, char **conv_out, int *err)
{
	long n;
	const char *s, *bad;

	*conv_out = NULL;
	*err = 0;
	if ((n = fill_line(c)) <= 0) {
		*err = n < 0;
		return NULL;
	}
	c->lineno++;
	s = c->ibuf + c->ibeg;
	c->ibeg += (size_t)n;
	*len = (size_t)n;
	if (c->conv != (GIConv)-1) {
		gsize inread, written;
		*conv_out = g_convert_with_iconv(s, (gssize)*len, c->conv,
		    &inread, &written, NULL);
		if (*conv_out == NULL) {
			error_at(c, c->lineno, 0, "check that the file is "
			    "really CP932 (Shift_JIS as Windows writes it)",
			    "not valid CP932 text");
			*len = 0;
			return "";
		}
		s = *conv_out;
		*len = written;
	}
	if (!g_utf8_validate(s, (gssize)*len, &bad)) {
		error_at(c, c->lineno,
		    (unsigned)g_utf8_strlen(s, bad - s) + 1,
		    "save the file as UTF-8, or read it with --encoding cp932 "
		    "if it came from Excel or an EF export",
		    "invalid UTF-8 byte 0x%02X", (unsigned char)*bad);
		*len = 0;
		return "";
	}
	if (c->lineno == 1 && *len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;			/* byte order mark, as Excel writes */
		*len -= 3;
	}
	return s;
}

/* Start over after broken quoting: drop the partial record. */
static void
reset_parser(struct qi_csv *c)
{
	csv_free(&c->parser);
	csv_init(&c->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	csv_set_blk_size(&c->parser, IN_BLOCK);
	csv_set_delim(&c->parser, c->cfg.delim);
	csv_set_space_func(&c->parser, is_space);
	g_string_truncate(c->fbuf, 0);
	g_array_set_size(c->foff, 0);
	g_string_truncate(c->raw, 0);
	c->in_record = 0;
	c->complete = 0;
}

/*
 * Feed lines until one record is complete.  Returns 1 with the record in
 * fbuf/foff, 0 at the end, -1 on a read failure.
 */
static int
next_record(struct qi_csv *c)
{
	const char *s;
	char *conv;
	size_t len;
	int err;

	g_string_truncate(c->fbuf, 0);
	g_array_set_size(c->foff, 0);
	c->complete = 0;
	while (!c->complete) {
		if (c->eof)
			return 0;
		s = read_line(c, &len, &conv, &err);
		if (err)
			return -1;
		if (s == NULL) {
			c->eof = 1;
			if (csv_fini(&c->parser, field_cb, row_cb, c) != 0) {
				size_t ls = 0;
				long q = bad_quote(c->raw->str, c->cfg.delim,
				    &ls);
				unsigned line = c->recline;
				const char *nl;
				for (nl = c->raw->str; q >= 0 && nl < c->raw->str
				    + ls; nl++)
					line += *nl == '\n';
				error_at(c, line, q >= 0 ? column(c->raw->str,
				    ls, q) : 0, "close the quoted field with a "
				    "double quote", "end of file inside a quoted "
				    "field");
				reset_parser(c);
				return 0;
			}
			break;
		}
		if (!c->in_record && (len == 0 || s[0] == '\n' ||
		    (s[0] == '\r' && (len == 1 || s[1] == '\n')))) {
			g_free(conv);	/* a blank line between records */
			continue;
		}
		if (!c->in_record) {
			c->recline = c->lineno;
			g_string_truncate(c->raw, 0);
		}
		if (c->raw->len + len > QI_CSV_RECORD_MAX) {
			error_at(c, c->recline, 0, "a quote is probably not "
			    "closed: a field that holds a quote or a line "
			    "break must be quoted and its quotes doubled",
			    "record longer than %zu bytes", QI_CSV_RECORD_MAX);
			g_free(conv);
			reset_parser(c);
			continue;
		}
		c->in_record = 1;
		g_string_append_len(c->raw, s, (gssize)len);
		if (csv_parse(&c->parser, s, len, field_cb, row_cb, c) != len) {
			size_t ls = 0;
			long q = bad_quote(s, c->cfg.delim, &ls);
			error_at(c, c->lineno, q >= 0 ? column(s, ls, q) : 0,
			    "a quote inside a field must be doubled (\"\") "
			    "and the field quoted", "malformed quoting: %s",
			    csv_strerror(csv_error(&c->parser)));
			g_free(conv);
			reset_parser(c);
			continue;
		}
		g_free(conv);
		if (c->complete)
			c->in_record = 0;
	}
	return c->complete;
}

static const char *
field(const struct qi_csv *c, size_t i)
{
	return c->fbuf->str + g_array_index(c->foff, size_t, i);
}

struct qi_csv *
qi_csv_open(const char *path, const struct qi_csvcol *cols, size_t ncols,
    const struct qi_csvcfg *cfg, struct qi_diag *diag)
{
	struct qi_csv *c;
	GString *found = NULL;
	GHashTable *names;		/* borrows header's names */
	size_t i, j;
	int rc;

	c = g_new0(struct qi_csv, 1);
	c->path = g_strdup(path);
	c->key = g_strdup(path);
	c->diag = diag;
	c->cols = cols;
	c->ncols = ncols;
	if (cfg != NULL)
		c->cfg = *cfg;
	else
		qi_csvcfg_defaults(&c->cfg);
	c->conv = (GIConv)-1;
	c->raw = g_string_new(NULL);
	c->fbuf = g_string_new(NULL);
	c->foff = g_array_new(FALSE, FALSE, sizeof(size_t));
	c->map = g_new(long, ncols);
	c->out = g_new0(const char *, ncols);
	csv_init(&c->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	/* libcsv grows a field by this much: a 1 MiB one in 16 steps */
	csv_set_blk_size(&c->parser, IN_BLOCK);

	if (c->cfg.encoding != NULL &&
	    g_ascii_strcasecmp(c->cfg.encoding, "utf-8") != 0) {
		if (g_ascii_strcasecmp(c->cfg.encoding, "cp932") != 0) {
			qi_diag_add(diag, QI_ERROR, path, 0, 0,
			    "use utf-8 or cp932", "unknown encoding '%s'",
			    c->cfg.encoding);
			goto fail;
		}
		c->conv = g_iconv_open("UTF-8", "CP932");
		if (c->conv == (GIConv)-1) {
			qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
			    "this system cannot convert from CP932");
			goto fail;
		}
	}
	if (strcmp(path, "-") == 0) {	/* standard input, so named */
		g_free(c->path);
		c->path = g_strdup("<stdin>");
	}
	c->icap = 2 * IN_BLOCK;
	c->ibuf = g_malloc(c->icap);
	if (qi_instream_open(path, &c->in, diag) != QI_OK)
		goto fail;

	/*
	 * The header decides the delimiter unless the caller did: its line
	 * is looked at in the buffer before it is read.
	 */
	if (c->cfg.delim == 0) {
		long n = fill_line(c), k, tabs = 0, commas = 0;

		for (k = 0; k < n; k++) {
			tabs += c->ibuf[c->ibeg + (size_t)k] == '\t';
			commas += c->ibuf[c->ibeg + (size_t)k] == ',';
		}
		c->cfg.delim = tabs > 0 && commas == 0 ? '\t' : ',';
	}
	csv_set_delim(&c->parser, c->cfg.delim);
	csv_set_space_func(&c->parser, is_space);

	if ((rc = next_record(c)) <= 0) {
		if (rc == 0)
			qi_diag_add(diag, QI_ERROR, path, 1, 1,
			    "the first line names the columns",
			    "empty file: no header line");
		goto fail;
	}
	c->nheader = c->foff->len;
	c->header = g_new0(char *, c->nheader + 1);
	for (j = 0; j < c->nheader; j++)
		c->header[j] = g_strdup(field(c, j));
	/* Names to their first field (+1), in time linear in the header. */
	names = g_hash_table_new(g_str_hash, g_str_equal);
	found = g_string_new(NULL);
	for (j = 0; j < c->nheader; j++) {
		if (found->len < HINT_MAX)
			g_string_append_printf(found, "%s%s", j ? ", " : "",
			    c->header[j]);
		else if (j + 1 == c->nheader)
			g_string_append(found, ", …");
		if (g_hash_table_contains(names, c->header[j])) {
			unsigned line = 1, col = 0;
			/* a scan of the header: only for errors listed */
			if (c->errors < c->cfg.max_errors)
				field_pos(c, j, &line, &col);
			error_at(c, line, col, "each column name may appear "
			    "only once", "duplicate column '%s'",
			    c->header[j]);
			continue;
		}
		g_hash_table_insert(names, c->header[j],
		    GSIZE_TO_POINTER(j + 1));
	}
	for (i = 0; i < ncols; i++) {
		gsize at = GPOINTER_TO_SIZE(g_hash_table_lookup(names,
		    cols[i].name));

		c->map[i] = (long)at - 1;
		if (c->map[i] == -1 && cols[i].required) {
			char *hint = g_strdup_printf("the header has: %s",
			    found->str);
			error_at(c, 1, 1, hint, "missing column '%s'",
			    cols[i].name);
			g_free(hint);
		}
	}
	g_string_free(found, TRUE);
	g_hash_table_destroy(names);
	if (c->errors > 0)
		goto fail;
	return c;
fail:
	qi_csv_close(c);
	return NULL;
}

/*
 * Whether the record just read is all empty fields, none quoted: a row
 * Excel leaves below a table, taken as a blank line whatever its number
 * of fields.
 */
static int
blank(const struct qi_csv *c)
{
	size_t i;

	if (c->foff->len < 2 || strchr(c->raw->str, '"') != NULL)
		return 0;
	for (i = 0; i < c->foff->len; i++)
		if (field(c, i)[0] != '\0')
			return 0;
	return 1;
}

int
qi_csv_next(struct qi_csv *c, const char *const **fields)
{
	size_t i;
	int rc;

	for (;;) {
		if ((rc = next_record(c)) <= 0)
			return rc;
		if (blank(c))
			continue;	/* ",,,," below a table: a blank line */
		if (c->foff->len == c->nheader)
			break;
		if (c->foff->len > c->nheader) {
			unsigned line, col;
			field_pos(c, c->nheader, &line, &col);
			error_at(c, line, col, "quote fields that contain "
			    "the delimiter", "%zu fields where the header "
			    "has %zu", (size_t)c->foff->len, c->nheader);
		} else {
			/* just after the last field: where a comma is missing */
			const char *r = c->raw->str, *p;
			size_t end = c->raw->len, ls = 0;
			unsigned line = c->recline;

			while (end > 0 && (r[end - 1] == '\n' ||
			    r[end - 1] == '\r'))
				end--;
			for (p = r; p < r + end; p++)
				if (*p == '\n') {
					line++;
					ls = (size_t)(p - r) + 1;
				}
			error_at(c, line, column(r, ls, (long)end),
			    "every row needs a value (possibly empty) for "
			    "each column", "%zu fields where the header has "
			    "%zu", (size_t)c->foff->len, c->nheader);
		}
	}
	for (i = 0; i < c->ncols; i++)
		c->out[i] = c->map[i] >= 0 ? field(c, (size_t)c->map[i]) : NULL;
	*fields = c->out;
	return 1;
}

int
qi_field_count(const char *s, long *v)
{
	char *end;

	if (!g_ascii_isdigit(*s))
		return -1;
	errno = 0;
	*v = strtol(s, &end, 10);
	return *end != '\0' || errno != 0 || *v > QI_POOL_MAX ? -1 : 0;
}

int
qi_field_real(const char *s, double *v)
{
	const char *p = s, *end;
	int digits = 0, nonzero = 0;

	if (*p == '-' || *p == '+')
		p++;
	for (; g_ascii_isdigit(*p); p++, digits++)
		nonzero |= *p != '0';
	if (digits == 0)
		return -1;
	if (*p == '.') {		/* digits on both sides */
		if (!g_ascii_isdigit(p[1]))
			return -1;
		for (p++; g_ascii_isdigit(*p); p++)
			nonzero |= *p != '0';
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!g_ascii_isdigit(*p))
			return -1;
		while (g_ascii_isdigit(*p))
			p++;
	}
	if (*p != '\0')
		return -1;
	errno = 0;
	*v = g_ascii_strtod(s, (char **)&end);
	/* out of range either way: no infinity, no silent 0 or subnormal */
	if (end != p || errno == ERANGE || !isfinite(*v) ||
	    (nonzero && *v == 0.0))
		return -1;
	return 0;
}

int
qi_csv_count(struct qi_csv *c, const char *const *f, size_t col,
    const char *what, long max, long *v)
{
	const char *s = f[col], *p;

	if (qi_field_count(s, v) == 0 && *v <= max)
		return 0;
	for (p = s; g_ascii_isdigit(*p); p++)
		;
	if (p > s && *p == '\0')
		qi_csv_error(c, col, "specs/input.md states the limits",
		    "%s %s is above the largest allowed, %ld", what, s, max);
	else
		qi_csv_error(c, col, "counts are whole numbers, 0 or more, "
		    "in decimal digits", "bad %s '%s'", what, s);
	return -1;
}

int
qi_csv_text(struct qi_csv *c, const char *const *f, size_t col,
    const char *what)
{
	const unsigned char *p;

	for (p = (const unsigned char *)f[col]; *p != '\0'; p++) {
		unsigned ch = *p;

		if (ch == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			ch = 0x80 + (p[1] - 0x80u);	/* C1: U+0080..U+009F */
		else if (ch >= 0x20 && ch != 0x7F)
			continue;
		qi_csv_error(c, col, "names and ids are one line of printable "
		    "text: remove the character (it may come from a copy "
		    "and paste)", ch < 0x80 ? "control character \\x%02x in %s" :
		    "control character U+%04X in %s", ch, what);
		return -1;
	}
	return 0;
}

int
qi_csv_has(const struct qi_csv *c, size_t col)
{
	return col < c->ncols && c->map[col] >= 0;
}

unsigned
qi_csv_line(const struct qi_csv *c)
{
	return c->recline;
}

size_t
qi_csv_errors(const struct qi_csv *c)
{
	return c->errors;
}

void
qi_csv_close(struct qi_csv *c)
{
	char sha[65];

	if (c == NULL)
		return;
	if (c->errors > c->cfg.max_errors)
		qi_diag_add(c->diag, QI_NOTE, c->path, 0, 0, NULL,
		    "%zu more errors in this file not shown",
		    c->errors - c->cfg.max_errors);
	/* read whole: the manifest names the bytes the rows came from */
	if (c->in != NULL && c->eof && c->errors == 0 &&
	    qi_instream_digest(c->in, sha) == 0)
		qi_read_digest_put(c->key, sha);
	qi_instream_free(c->in);
	g_free(c->ibuf);
	g_free(c->key);
	if (c->conv != (GIConv)-1)
		g_iconv_close(c->conv);
	csv_free(&c->parser);
	g_string_free(c->raw, TRUE);
	g_string_free(c->fbuf, TRUE);
	g_array_free(c->foff, TRUE);
	g_free(c->map);
	g_free(c->out);
	g_strfreev(c->header);
	g_free(c->path);
	g_free(c);
}

size_t
qi_csv_width(const struct qi_csv *c)
{
	return c->nheader;
}

const char *
qi_csv_header(const struct qi_csv *c, size_t i)
{
	return i < c->nheader ? c->header[i] : NULL;
}

const char *
qi_csv_field(const struct qi_csv *c, size_t i)
{
	return i < c->nheader && i < c->foff->len ? field(c, i) : NULL;
}

/* --------------------------------------------------------- digests */

/*
 * The SHA-256 of each input read whole, by the path it was opened with.
 * Process-wide: the readers run inside the stages (and the engine's
 * threads) while the manifest is made by the command layer, which has no
 * other way to them.  Guarded by a mutex.
 */
static GMutex		 digest_lock;
static GHashTable	*digests;	/* path -> hex, both owned */

void
qi_read_digest_put(const char *path, const char sha256[65])
{
	g_mutex_lock(&digest_lock);
	if (digests == NULL)
		digests = g_hash_table_new_full(g_str_hash, g_str_equal,
		    g_free, g_free);
	g_hash_table_replace(digests, g_strdup(path), g_strndup(sha256, 64));
	g_mutex_unlock(&digest_lock);
}

int
qi_read_digest_get(const char *path, char out[65])
{
	const char *v = NULL;

	g_mutex_lock(&digest_lock);
	if (digests != NULL)
		v = g_hash_table_lookup(digests, path);
	if (v != NULL)
		g_strlcpy(out, v, 65);
	g_mutex_unlock(&digest_lock);
	return v != NULL ? 0 : -1;
}

void
qi_read_digest_forget(const char *path)
{
	g_mutex_lock(&digest_lock);
	if (digests != NULL)
		g_hash_table_remove(digests, path);
	g_mutex_unlock(&digest_lock);
}
