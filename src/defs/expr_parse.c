/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * expr_parse.c -- compiling an expression: lexer, recursive-descent
 * parser, name resolution and type checking in one pass, building the
 * node array of expr_impl.h.
 *
 * Errors: a syntax error ends the expression (what follows cannot be
 * trusted); a name or type error marks its subexpression as failed and
 * the parse goes on, so one expression can report several of them.  A
 * failed subexpression (node -1) never produces a second message in the
 * expressions around it.  Positions are the line and character column in
 * the definition file (see qi_expr_compile in expr.h).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "codelist.h"
#include "expr.h"
#include "expr_impl.h"
#include "items.h"

#define DEPTH_MAX	100	/* nesting of parentheses and operators */

#define T_NULL	QI_VT_NULL	/* the literal null: fits any type */

enum tok {
	TK_EOF, TK_NUM, TK_STR, TK_IDENT, TK_LP, TK_RP, TK_COMMA,
	TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH,
	TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE,
	TK_AND, TK_OR, TK_NOT, TK_IN, TK_TRUE, TK_FALSE, TK_NULL,
	TK_BAD		/* error already reported */
};

struct parser {
	const char		*src;
	size_t			 pos;		/* next byte to lex */
	enum tok		 tk;		/* current token */
	size_t			 toff, tlen;	/* its bytes */
	double			 tnum;
	const char		*file;
	unsigned		 line, col;
	const struct qi_codeset	*cs;
	struct qi_diag		*diag;
	GArray			*nodes;		/* of struct xnode */
	GArray			*nums;		/* of double */
	GPtrArray		*strs;		/* of char *, owned */
	int			 nerr;
	int			 quiet;		/* > 0: count errors, do not report */
	int			 stop;		/* a syntax error: unwind */
	int			 depth;
	uint64_t		 fields;
	int			 events;
	int			 items;
	int			 links;
	GArray			*tests;		/* of struct xevtest */
	GArray			*cond;		/* of size_t: first test */
	/*
	 * The names bound by the quantifiers around the current token
	 * (every(op in LIST, ...)), outermost first, and every name bound
	 * so far in the expression (for the hint of one used outside its
	 * body); both of char *, owned by seen.
	 */
	GPtrArray		*bound;
	GPtrArray		*seen;
	size_t			 nslot;		/* deepest nesting of them */
};

const char *
qi_vtype_name(enum qi_vtype t)
{
	switch (t) {
	case QI_VT_NUMBER:	return "number";
	case QI_VT_BOOL:	return "bool";
	case QI_VT_DATE:	return "date";
	case QI_VT_CODE:	return "code";
	case QI_VT_CODES:	return "codes";
	case QI_VT_STRING:	return "string";
	case QI_VT_LIST:	return "code list";
	case QI_VT_SET:		return "list";
	case QI_VT_ANY:		return "number, bool or date";
	case QI_VT_NULL:	return "null";
	default:		return "?";
	}
}

/* ------------------------------------------------------------ messages */

/* Line and character column of byte off of the source. */
static void
position(const struct parser *p, size_t off, unsigned *line, unsigned *col)
{
	size_t i, ls = 0;
	unsigned l = p->line;

	for (i = 0; i < off && p->src[i] != '\0'; i++)
		if (p->src[i] == '\n') {
			l++;
			ls = i + 1;
		}
	*line = l;
	*col = p->col + (unsigned)g_utf8_strlen(p->src + ls,
	    (gssize)(off - ls));
}

static void
verr(struct parser *p, size_t off, const char *hint, const char *fmt,
    va_list ap)
{
	unsigned line, col;
	char *msg;

	p->nerr++;
	if (p->quiet > 0)
		return;
	position(p, off, &line, &col);
	msg = g_strdup_vprintf(fmt, ap);
	qi_diag_add(p->diag, QI_ERROR, p->file, line, col, hint, "%s", msg);
	g_free(msg);
}

static void __attribute__((format(printf, 4, 5)))
err(struct parser *p, size_t off, const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(p, off, hint, fmt, ap);
	va_end(ap);
}

/* A syntax error: report it and unwind the whole expression. */
static void __attribute__((format(printf, 4, 5)))
syntax(struct parser *p, size_t off, const char *hint, const char *fmt, ...)
{
	va_list ap;

	if (p->stop)
		return;
	va_start(ap, fmt);
	verr(p, off, hint, fmt, ap);
	va_end(ap);
	p->stop = 1;
}

/* Edit distance of two short ASCII words, capped at 9. */
static unsigned
distance(const char *a, const char *b)
{
	unsigned d[33][33];
	size_t la = strlen(a), lb = strlen(b), i, j;

	if (la > 32 || lb > 32)
		return 9;
	for (i = 0; i <= la; i++)
		d[i][0] = (unsigned)i;
	for (j = 0; j <= lb; j++)
		d[0][j] = (unsigned)j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			unsigned c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < c)
				c = d[i - 2][j - 2] + 1;
			d[i][j] = c;
		}
	return d[la][lb] > 9 ? 9 : d[la][lb];
}

/* Keeps the closest candidate to a name. */
struct near {
	const char	*name;
	const char	*best;
	unsigned	 dist;
};

static void
near_try(struct near *n, const char *cand)
{
	unsigned d = distance(n->name, cand);

	if (d < n->dist) {
		n->dist = d;
		n->best = cand;
	}
}

/* "did you mean 'x'?" into buf, or "" if nothing is close enough. */
static const char *
near_hint(const struct near *n, char *buf, size_t sz)
{
	size_t len = strlen(n->name);
	unsigned limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;

	if (n->best == NULL || n->dist > limit) {
		buf[0] = '\0';
		return NULL;
	}
	snprintf(buf, sz, "did you mean '%s'?", n->best);
	return buf;
}

/* --------------------------------------------------------------- lexer */

static int
is_ident_start(char c)
{
	return g_ascii_isalpha(c) || c == '_';
}

static int
is_ident(char c)
{
	return g_ascii_isalnum(c) || c == '_';
}

static void
next(struct parser *p)
{
	static const struct {
		const char	*word;
		enum tok	 tk;
	} words[] = {
		{ "and", TK_AND }, { "or", TK_OR }, { "not", TK_NOT },
		{ "in", TK_IN }, { "true", TK_TRUE }, { "false", TK_FALSE },
		{ "null", TK_NULL }
	};
	const char *s = p->src;
	size_t i = p->pos;
	char c;

	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
		i++;
	p->toff = i;
	c = s[i];
	if (c == '\0') {
		p->tk = TK_EOF;
		p->tlen = 0;
		p->pos = i;
		return;
	}
	if (g_ascii_isdigit(c) || (c == '.' && g_ascii_isdigit(s[i + 1]))) {
		size_t j = i;
		char buf[64];

		while (g_ascii_isdigit(s[j]))
			j++;
		if (s[j] == '.') {
			j++;
			while (g_ascii_isdigit(s[j]))
				j++;
		}
		if (is_ident(s[j]) || s[j] == '.') {
			size_t e = j;

			while (is_ident(s[e]) || s[e] == '.')
				e++;
			syntax(p, i, "a number is digits with an optional "
			    "decimal part, e.g. 3 or 0.5; a code goes in "
			    "quotes: \"I639\"", "bad number '%.*s'",
			    (int)(e - i), s + i);
			p->tk = TK_BAD;
			return;
		}
		if (j - i >= sizeof(buf)) {
			syntax(p, i, NULL, "number too long");
			p->tk = TK_BAD;
			return;
		}
		memcpy(buf, s + i, j - i);
		buf[j - i] = '\0';
		p->tnum = g_ascii_strtod(buf, NULL);
		p->tk = TK_NUM;
		p->tlen = j - i;
		p->pos = j;
		return;
	}
	if (is_ident_start(c)) {
		size_t j = i, w;

		while (is_ident(s[j]))
			j++;
		p->tk = TK_IDENT;
		p->tlen = j - i;
		p->pos = j;
		for (w = 0; w < G_N_ELEMENTS(words); w++)
			if (strlen(words[w].word) == j - i &&
			    memcmp(words[w].word, s + i, j - i) == 0)
				p->tk = words[w].tk;
		return;
	}
	if (c == '"') {
		size_t j = i + 1;

		while (s[j] != '"' && s[j] != '\0' && s[j] != '\n')
			j++;
		if (s[j] != '"') {
			syntax(p, i, "close the string with '\"' on the same "
			    "line", "unterminated string");
			p->tk = TK_BAD;
			return;
		}
		p->tk = TK_STR;
		p->tlen = j + 1 - i;
		p->pos = j + 1;
		return;
	}
	p->tlen = 1;
	p->pos = i + 1;
	switch (c) {
	case '(': p->tk = TK_LP; return;
	case ')': p->tk = TK_RP; return;
	case ',': p->tk = TK_COMMA; return;
	case ':':
		/* YAML reads ": " in a plain scalar as a mapping: no colons */
		syntax(p, i, "write every(op in LIST, condition), with a comma",
		    "unexpected ':'");
		p->tk = TK_BAD;
		return;
	case '+': p->tk = TK_PLUS; return;
	case '-': p->tk = TK_MINUS; return;
	case '*': p->tk = TK_STAR; return;
	case '/': p->tk = TK_SLASH; return;
	case '<': case '>':
		if (s[i + 1] == '=') {
			p->tk = c == '<' ? TK_LE : TK_GE;
			p->tlen = 2;
			p->pos = i + 2;
		} else
			p->tk = c == '<' ? TK_LT : TK_GT;
		return;
	case '=': case '!':
		if (s[i + 1] == '=') {
			p->tk = c == '=' ? TK_EQ : TK_NE;
			p->tlen = 2;
			p->pos = i + 2;
			return;
		}
		if (c == '=')
			syntax(p, i, "did you mean '=='?", "unexpected '='");
		else
			syntax(p, i, "write 'not' for negation, '!=' for "
			    "'not equal'", "unexpected '!'");
		p->tk = TK_BAD;
		return;
	case '&':
		syntax(p, i, "write 'and'", "unexpected '&'");
		p->tk = TK_BAD;
		return;
	case '|':
		syntax(p, i, "write 'or'", "unexpected '|'");
		p->tk = TK_BAD;
		return;
	case '\'':
		syntax(p, i, "strings are written in double quotes: \"I639\"",
		    "unexpected \"'\"");
		p->tk = TK_BAD;
		return;
	default:
		if ((unsigned char)c >= 0x80) {
			gunichar u = g_utf8_get_char_validated(s + i, -1);
			char ch[8] = "";

			if (u != (gunichar)-1 && u != (gunichar)-2)
				ch[g_unichar_to_utf8(u, ch)] = '\0';
			syntax(p, i, "expressions are written in ASCII; "
			    "full-width letters, digits and operators are "
			    "not recognised", ch[0] != '\0' ? "unexpected "
			    "character '%s'" : "invalid UTF-8%s", ch);
		}
		else
			syntax(p, i, NULL, "unexpected character '%c'", c);
		p->tk = TK_BAD;
		return;
	}
}

/* The current token's text, for messages. */
static const char *
tok_text(const struct parser *p, char *buf, size_t sz)
{
	if (p->tk == TK_EOF)
		return "end of expression";
	snprintf(buf, sz, "'%.*s'", (int)(p->tlen > 40 ? 40 : p->tlen),
	    p->src + p->toff);
	return buf;
}

static int
expect(struct parser *p, enum tok tk, const char *what, size_t open)
{
	char buf[64];

	if (p->tk == tk) {
		next(p);
		return 0;
	}
	if (p->stop)
		return -1;
	if (tk == TK_RP) {
		char hint[80];
		unsigned line, col;

		position(p, open, &line, &col);
		snprintf(hint, sizeof(hint), "to close the '(' at %u:%u",
		    line, col);
		syntax(p, p->toff, hint, "expected ')' before %s",
		    tok_text(p, buf, sizeof(buf)));
	} else
		syntax(p, p->toff, NULL, "expected %s before %s", what,
		    tok_text(p, buf, sizeof(buf)));
	return -1;
}

/* -------------------------------------------------------------- nodes */

static int
add(struct parser *p, enum xop op, enum qi_vtype type, size_t off, int a0,
    int a1)
{
	struct xnode n;

	memset(&n, 0, sizeof(n));
	n.op = op;
	n.type = type;
	n.off = off;
	n.arg[0] = a0;
	n.arg[1] = a1;
	n.arg[2] = n.arg[3] = -1;
	g_array_append_val(p->nodes, n);
	return (int)p->nodes->len - 1;
}

static struct xnode *
N(struct parser *p, int i)
{
	return &g_array_index(p->nodes, struct xnode, (guint)i);
}

static enum qi_vtype
type_of(struct parser *p, int i)
{
	return N(p, i)->type;
}

static int
is_const(struct parser *p, int i)
{
	return N(p, i)->op == X_NUM;
}

static int
add_num(struct parser *p, double v, enum qi_vtype type, size_t off)
{
	int i = add(p, X_NUM, type, off, -1, -1);

	N(p, i)->v = v;
	return i;
}

/* A type that fits where t is wanted: itself or null. */
static int
fits(enum qi_vtype have, enum qi_vtype t)
{
	return have == t || have == T_NULL;
}

/* ----------------------------------------------------------- grammar */

static int parse_or(struct parser *);

static int parse_call(struct parser *, size_t off, const char *name);

enum fkind {
	F_DAYS_BETWEEN, F_ANY_DX, F_COALESCE, F_MISSING, F_MIN, F_MAX, F_DATE,
	F_ANY, F_COUNT, F_QTY, F_FIRST_DAY, F_LAST_DAY, F_DAYS_WITH, F_IF,
	F_ITEM, F_ITEM_COUNT, F_RUN_START, F_RUN_END, F_RUN_LENGTH,
	F_EVERY, F_SOME, F_COUNT_EACH
};

struct func {
	const char	*name;
	enum fkind	 kind;
	int		 list;		/* first argument is a code list name */
	int		 nmin, nmax;	/* arguments; nmax -1: any number */
	const char	*usage;
};

static const struct func funcs[] = {
	{ "any",	F_ANY,		1, 1, 3, "any(LIST[, from, to])" },
	{ "any_dx",	F_ANY_DX,	1, 1, 1, "any_dx(LIST)" },
	{ "coalesce",	F_COALESCE,	0, 2, -1, "coalesce(a, b[, ...])" },
	{ "count",	F_COUNT,	1, 1, 3, "count(LIST[, from, to])" },
	{ "count_each",	F_COUNT_EACH,	0, 1, 1,
	    "count_each(op in LIST, condition)" },
	{ "date",	F_DATE,		0, 1, 1, "date(\"YYYY-MM-DD\")" },
	{ "days_between", F_DAYS_BETWEEN, 0, 2, 2, "days_between(a, b)" },
	{ "days_with",	F_DAYS_WITH,	1, 2, 4,
	    "days_with(LIST, N[, from, to])" },
	{ "every",	F_EVERY,	0, 1, 1, "every(op in LIST, condition)" },
	{ "first_day",	F_FIRST_DAY,	1, 1, 3, "first_day(LIST[, from, to])" },
	{ "if",		F_IF,		0, 3, 3, "if(condition, a, b)" },
	{ "item",	F_ITEM,		0, 2, 3, "item(CODE, payload[, 連番])" },
	{ "item_count",	F_ITEM_COUNT,	0, 1, 1, "item_count(CODE)" },
	{ "last_day",	F_LAST_DAY,	1, 1, 3, "last_day(LIST[, from, to])" },
	{ "max",	F_MAX,		0, 2, 2, "max(a, b)" },
	{ "min",	F_MIN,		0, 2, 2, "min(a, b)" },
	{ "missing",	F_MISSING,	0, 1, 1, "missing(x)" },
	{ "qty",	F_QTY,		1, 1, 3, "qty(LIST[, from, to])" },
	{ "run_end",	F_RUN_END,	1, 2, 3, "run_end(LIST, day) or "
	    "run_end(LIST, from, to)" },
	{ "run_length",	F_RUN_LENGTH,	1, 2, 3, "run_length(LIST, day) or "
	    "run_length(LIST, from, to)" },
	{ "run_start",	F_RUN_START,	1, 2, 3, "run_start(LIST, day) or "
	    "run_start(LIST, from, to)" },
	{ "some",	F_SOME,		0, 1, 1, "some(op in LIST, condition)" },
};

static const char *const field_only_names[] = { "los" };

/* The EF columns of event conditions, by enum xevf. */
static const char *const evfield_names[] = { "category", "department",
    "ward" };

/*
 * Payload pay (1-9) of item it (an index of qi_items) at 連番 seq (NaN:
 * the smallest) as a node: a number, a date or a code, as the item
 * table types it; -1 (reported at off) if the table does not type it.
 */
static int
item_node(struct parser *p, size_t off, long it, unsigned pay, double seq)
{
	const struct qi_item_info *ii = &qi_items[it];
	enum qi_ptype t = ii->p[pay - 1].type;
	GString *hint;
	unsigned i;
	int n;

	if (t == QI_PT_NONE) {
		hint = g_string_new(NULL);
		g_string_append_printf(hint, "%s (%s) has ", ii->code, ii->en);
		for (i = 0; i < QI_ITEM_PAYLOADS; i++)
			if (ii->p[i].type != QI_PT_NONE)
				g_string_append_printf(hint, "%s%u %s (%s)",
				    hint->str[hint->len - 1] == ' ' ? "" :
				    ", ", i + 1, ii->p[i].en,
				    ii->p[i].type == QI_PT_NUMBER ? "number" :
				    ii->p[i].type == QI_PT_DATE ? "date" :
				    "code");
		if (hint->str[hint->len - 1] == ' ')
			g_string_append(hint, "no payload qi reads");
		err(p, off, hint->str, "payload %u of %s is not one qi reads",
		    pay, ii->code);
		g_string_free(hint, TRUE);
		return -1;
	}
	n = add(p, t == QI_PT_CODE ? X_ITEM_CODE : X_ITEM, t == QI_PT_CODE ?
	    QI_VT_CODE : t == QI_PT_DATE ? QI_VT_DATE : QI_VT_NUMBER, off,
	    -1, -1);
	N(p, n)->k = (long)pay - 1;
	N(p, n)->nk = qi_item_key(ii->code, 7);
	N(p, n)->v = seq;
	p->items = 1;
	return n;
}

/* Resolve a name used as a value. */
static int
resolve_name(struct parser *p, size_t off, const char *name)
{
	char hint[512];
	struct near nr = { name, NULL, 99 };
	int f, n;
	size_t i;

	/* the day of a quantifier around, the innermost first */
	for (i = p->bound->len; i-- > 0;)
		if (strcmp(g_ptr_array_index(p->bound, (guint)i), name) == 0) {
			n = add(p, X_VAR, QI_VT_NUMBER, off, -1, -1);
			N(p, n)->slot = (int)i;
			return n;
		}
	for (i = 0; i < p->seen->len; i++)
		if (strcmp(g_ptr_array_index(p->seen, (guint)i), name) == 0) {
			snprintf(hint, sizeof(hint), "'%s' is the day of each "
			    "event only inside the condition that binds it: "
			    "every(%s in LIST, condition)", name, name);
			err(p, off, hint, "unknown name '%s'", name);
			return -1;
		}
	if (strcmp(name, "los") == 0) {
		p->fields |= (uint64_t)1 << QI_F_ADMISSION |
		    (uint64_t)1 << QI_F_DISCHARGE;
		return add(p, X_LOS, QI_VT_NUMBER, off, -1, -1);
	}
	if ((f = qi_field_lookup(name)) >= 0) {
		enum qi_ftype ft = qi_stay_fields[f].type;

		if (ft == QI_FT_TEXT) {
			err(p, off, "definitions treat every hospital, stay "
			    "and patient alike", "'%s' is an identifier "
			    "column and cannot be used in expressions", name);
			return -1;
		}
		p->fields |= (uint64_t)1 << f;
		switch (ft) {
		case QI_FT_CODE:
			n = add(p, X_CODE_FIELD, QI_VT_CODE, off, -1, -1);
			N(p, n)->k = f - QI_F_DX_MAIN;
			return n;
		case QI_FT_CODES:
			n = add(p, X_CODES_FIELD, QI_VT_CODES, off, -1, -1);
			N(p, n)->k = f;
			return n;
		default:
			n = add(p, X_FIELD, ft == QI_FT_BOOL ? QI_VT_BOOL :
			    ft == QI_FT_DATE ? QI_VT_DATE : QI_VT_NUMBER, off,
			    -1, -1);
			N(p, n)->k = f;
			return n;
		}
	}
	if ((f = qi_next_lookup(name)) >= 0) {
		enum qi_ftype ft = qi_next_fields[f].type;

		/* the next stay is found by patient, in admission order */
		p->fields |= (uint64_t)1 << QI_F_DISCHARGE;
		if (f != QI_NX_FOLLOW_UP_END)
			p->fields |= (uint64_t)1 << QI_F_PATIENT |
			    (uint64_t)1 << QI_F_ADMISSION;
		p->links = 1;
		n = add(p, ft == QI_FT_CODE ? X_NEXT_CODE : X_NEXT,
		    ft == QI_FT_CODE ? QI_VT_CODE : ft == QI_FT_BOOL ?
		    QI_VT_BOOL : QI_VT_DATE, off, -1, -1);
		N(p, n)->k = f;
		return n;
	}
	if (qi_item_name_lookup(name) != NULL) {
		const struct qi_item_name *in = qi_item_name_lookup(name);

		return item_node(p, off, qi_item_lookup(in->code, 7),
		    in->payload, NAN);
	}
	if (qi_codeset_find(p->cs, name) >= 0) {
		snprintf(hint, sizeof(hint), "'%s' is a code list: write e.g. "
		    "'dx_main in %s', 'any_dx(%s)' or 'any(%s)'", name, name,
		    name, name);
		err(p, off, hint, "code list '%s' used as a value", name);
		return -1;
	}
	for (i = 0; i < G_N_ELEMENTS(funcs); i++)
		if (strcmp(funcs[i].name, name) == 0) {
			snprintf(hint, sizeof(hint), "call it: %s",
			    funcs[i].usage);
			err(p, off, hint, "function '%s' used without "
			    "arguments", name);
			return -1;
		}
	for (i = 0; i < QI_F__COUNT; i++)
		if (qi_stay_fields[i].type != QI_FT_TEXT)
			near_try(&nr, qi_stay_fields[i].name);
	for (i = 0; i < G_N_ELEMENTS(field_only_names); i++)
		near_try(&nr, field_only_names[i]);
	for (i = 0; i < QI_NX__COUNT; i++)
		near_try(&nr, qi_next_fields[i].name);
	for (i = 0; i < qi_nitem_names; i++)
		near_try(&nr, qi_item_names[i].name);
	err(p, off, near_hint(&nr, hint, sizeof(hint)) != NULL ? hint :
	    "names are the stays columns (specs/input.md), los and the "
	    "names of common 様式1 items; any item is item(CODE, payload)",
	    "unknown name '%s'", name);
	return -1;
}

/* A code list name at the current token; returns its index or -1. */
static long
parse_list_name(struct parser *p)
{
	char *name, hint[512], buf[64];
	size_t off = p->toff;
	long k;

	if (p->tk != TK_IDENT) {
		syntax(p, p->toff, "e.g. stroke_infarct: a file "
		    "codes/stroke_infarct.csv", "expected a code list name "
		    "before %s", tok_text(p, buf, sizeof(buf)));
		return -2;
	}
	name = g_strndup(p->src + p->toff, p->tlen);
	next(p);
	if ((k = qi_codeset_find(p->cs, name)) >= 0) {
		g_free(name);
		return k;
	}
	if (qi_codeset_count(p->cs) == 0)
		err(p, off, "put the list in the definitions' codes/ folder "
		    "as codes/NAME.csv", "unknown code list '%s' (there are "
		    "no code lists)", name);
	else {
		struct near nr = { name, NULL, 99 };
		size_t i;

		for (i = 0; i < qi_codeset_count(p->cs); i++)
			near_try(&nr, qi_codeset_name(p->cs, i));
		if (near_hint(&nr, hint, sizeof(hint)) == NULL) {
			if (qi_field_lookup(name) >= 0 ||
			    strcmp(name, "los") == 0)
				snprintf(hint, sizeof(hint), "'%s' is a field; "
				    "a code list is a file codes/NAME.csv",
				    name);
			else
				snprintf(hint, sizeof(hint), "a code list is a "
				    "file codes/%s.csv", name);
		}
		err(p, off, hint, "unknown code list '%s'", name);
	}
	g_free(name);
	return -1;
}

/*
 * Check that code list k, named at off, holds the codes it is matched
 * against: ICD-10 diagnoses (dx 1: dx_main in LIST, any_dx(LIST)) or
 * event codes (dx 0: any(LIST), count(LIST), ...).  A list of the other
 * kind would compile and never match.  Returns 0, or -1 after the error.
 */
static int
list_kind(struct parser *p, long k, size_t off, int dx)
{
	const char *name = qi_codeset_name(p->cs, (size_t)k);
	char hint[512];

	if (qi_codeset_is_dx(p->cs, (size_t)k) == dx)
		return 0;
	if (dx)
		snprintf(hint, sizeof(hint), "codes/%s.csv names its column "
		    "'code': event codes, tested with any(%s); if it lists "
		    "diagnoses, name the column 'icd10'", name, name);
	else
		snprintf(hint, sizeof(hint), "codes/%s.csv names its column "
		    "'icd10': a diagnosis of the stay is tested with "
		    "any_dx(%s) or dx_main in %s", name, name, name);
	err(p, off, hint, dx ? "code list '%s' holds event codes, not "
	    "diagnoses" : "code list '%s' holds ICD-10 diagnoses, not event "
	    "codes", name);
	return -1;
}

static int
parse_primary(struct parser *p)
{
	char buf[64];
	size_t off = p->toff;
	int n;

	switch (p->tk) {
	case TK_NUM:
		n = add_num(p, p->tnum, QI_VT_NUMBER, off);
		next(p);
		return n;
	case TK_TRUE:
	case TK_FALSE:
		n = add_num(p, p->tk == TK_TRUE, QI_VT_BOOL, off);
		next(p);
		return n;
	case TK_NULL:
		n = add_num(p, NAN, T_NULL, off);
		next(p);
		return n;
	case TK_STR:
		g_ptr_array_add(p->strs, g_strndup(p->src + off + 1,
		    p->tlen - 2));
		n = add(p, X_STR, QI_VT_STRING, off, -1, -1);
		N(p, n)->k = (long)p->strs->len - 1;
		next(p);
		return n;
	case TK_IDENT: {
		char *name = g_strndup(p->src + off, p->tlen);

		next(p);
		if (p->tk == TK_LP)
			n = parse_call(p, off, name);
		else
			n = resolve_name(p, off, name);
		g_free(name);
		return n;
	}
	case TK_LP:
		next(p);
		n = parse_or(p);
		if (p->tk == TK_COMMA && !p->stop) {
			syntax(p, p->toff, "a list like (6, 7) is written "
			    "after 'in': outcome in (6, 7)", "unexpected ','");
			return -1;
		}
		if (expect(p, TK_RP, "')'", off) < 0)
			return -1;
		return n;
	case TK_BAD:
		return -1;
	default:
		syntax(p, off, p->tk == TK_EOF ? "the expression is "
		    "incomplete" : NULL, "expected a value before %s",
		    tok_text(p, buf, sizeof(buf)));
		return -1;
	}
}

/* The operand of a prefix operator at off: skip it, parse, count depth. */
static int
prefix_operand(struct parser *p, size_t off, int (*operand)(struct parser *))
{
	int a;

	next(p);
	if (++p->depth > DEPTH_MAX) {
		syntax(p, off, NULL, "expression nested too deeply");
		return -1;
	}
	a = operand(p);
	p->depth--;
	return a;
}

static int
parse_unary(struct parser *p)
{
	size_t off = p->toff;
	int a;

	if (p->tk != TK_MINUS)
		return parse_primary(p);
	a = prefix_operand(p, off, parse_unary);
	if (a < 0)
		return -1;
	if (type_of(p, a) != QI_VT_NUMBER && type_of(p, a) != QI_VT_BOOL &&
	    type_of(p, a) != T_NULL) {
		err(p, off, "'-' takes a number", "cannot negate a %s",
		    qi_vtype_name(type_of(p, a)));
		return -1;
	}
	if (is_const(p, a)) {
		N(p, a)->v = -N(p, a)->v;
		N(p, a)->off = off;
		if (type_of(p, a) == QI_VT_BOOL)
			N(p, a)->type = QI_VT_NUMBER;
		return a;
	}
	return add(p, X_NEG, QI_VT_NUMBER, off, a, -1);
}

/*
 * Type of a + b, a - b, a * b, a / b; -1 if they do not combine.  In
 * arithmetic a bool is the number 1 (true) or 0 (false), so that
 * conditions add up to a score.
 */
static int
arith_type(enum tok op, enum qi_vtype a, enum qi_vtype b)
{
	if (a == QI_VT_BOOL)
		a = QI_VT_NUMBER;
	if (b == QI_VT_BOOL)
		b = QI_VT_NUMBER;
	if (a == T_NULL)
		a = b == QI_VT_DATE && op == TK_PLUS ? QI_VT_NUMBER : b;
	if (b == T_NULL)
		b = a == QI_VT_DATE ? QI_VT_NUMBER : a;
	if (a == T_NULL && b == T_NULL)
		return QI_VT_NUMBER;
	if (a == QI_VT_NUMBER && b == QI_VT_NUMBER)
		return QI_VT_NUMBER;
	if (op == TK_PLUS && ((a == QI_VT_DATE && b == QI_VT_NUMBER) ||
	    (a == QI_VT_NUMBER && b == QI_VT_DATE)))
		return QI_VT_DATE;
	if (op == TK_MINUS && a == QI_VT_DATE && b == QI_VT_NUMBER)
		return QI_VT_DATE;
	if (op == TK_MINUS && a == QI_VT_DATE && b == QI_VT_DATE)
		return QI_VT_NUMBER;
	return -1;
}

static double
fold(enum xop op, double a, double b)
{
	switch (op) {
	case X_ADD:	return a + b;
	case X_SUB:	return a - b;
	case X_MUL:	return a * b;
	default:	return b == 0 ? NAN : a / b;
	}
}

static int
binary_arith(struct parser *p, enum tok op, size_t off, int a, int b)
{
	static const char sym[] = "+-*/";
	enum xop xop = op == TK_PLUS ? X_ADD : op == TK_MINUS ? X_SUB :
	    op == TK_STAR ? X_MUL : X_DIV;
	int t;

	if (a < 0 || b < 0)
		return -1;
	if ((t = arith_type(op, type_of(p, a), type_of(p, b))) < 0) {
		err(p, off, "arithmetic takes numbers; a date plus or minus "
		    "days is a date, a date minus a date is days",
		    "type mismatch: %s %c %s", qi_vtype_name(type_of(p, a)),
		    sym[xop - X_ADD], qi_vtype_name(type_of(p, b)));
		return -1;
	}
	if (is_const(p, a) && is_const(p, b)) {
		N(p, a)->v = fold(xop, N(p, a)->v, N(p, b)->v);
		N(p, a)->type = (enum qi_vtype)t;
		return a;	/* b stays behind, unused */
	}
	return add(p, xop, (enum qi_vtype)t, off, a, b);
}

/* Left-associative arithmetic: level 0 is + and -, level 1 is * and /. */
static int
parse_arith(struct parser *p, int level)
{
	int a = level == 0 ? parse_arith(p, 1) : parse_unary(p);

	while (!p->stop && (level == 0 ? p->tk == TK_PLUS ||
	    p->tk == TK_MINUS : p->tk == TK_STAR || p->tk == TK_SLASH)) {
		enum tok op = p->tk;
		size_t off = p->toff;
		int b;

		next(p);
		b = level == 0 ? parse_arith(p, 1) : parse_unary(p);
		a = binary_arith(p, op, off, a, b);
	}
	return p->stop ? -1 : a;
}

/* Literal list after 'in': ( literal {, literal} ). */
static int
parse_set(struct parser *p, int lhs, size_t inoff)
{
	enum qi_vtype lt = lhs >= 0 ? type_of(p, lhs) : T_NULL;
	size_t open = p->toff, nk = 0;
	long k;
	int want_str = lt == QI_VT_CODE || lt == QI_VT_CODES, bad = 0, n;
	char buf[64];

	next(p);		/* ( */
	k = want_str ? (long)p->strs->len : (long)p->nums->len;
	for (;;) {
		size_t off = p->toff;
		int neg = 0;

		if (p->tk == TK_MINUS) {
			neg = 1;
			next(p);
		}
		if (p->tk == TK_NUM && !want_str) {
			double v = neg ? -p->tnum : p->tnum;

			g_array_append_val(p->nums, v);
			nk++;
		} else if (p->tk == TK_STR && want_str && !neg) {
			char *s = g_strndup(p->src + p->toff + 1, p->tlen - 2);

			g_ptr_array_add(p->strs, s);
			nk++;
		} else if (p->tk == TK_NUM || p->tk == TK_STR) {
			if (lhs >= 0 && !bad)
				err(p, off, want_str ? "codes are written in "
				    "double quotes: (\"I630\", \"I631\")" :
				    "a number is compared with numbers: "
				    "outcome in (6, 7)", "type mismatch: %s "
				    "in a list of %ss", qi_vtype_name(lt),
				    p->tk == TK_NUM ? "number" : "string");
			bad = 1;
		} else {
			syntax(p, p->toff, "list elements are numbers or "
			    "strings: (6, 7) or (\"I630\", \"I631\")",
			    "expected a number or a string before %s",
			    tok_text(p, buf, sizeof(buf)));
			return -1;
		}
		next(p);
		if (p->tk != TK_COMMA)
			break;
		next(p);
	}
	if (expect(p, TK_RP, "')'", open) < 0)
		return -1;
	if (lhs < 0 || bad)
		return -1;
	switch (lt) {
	case QI_VT_NUMBER: case QI_VT_BOOL: case T_NULL:
		n = add(p, X_IN_NUMS, QI_VT_BOOL, inoff, lhs, -1);
		break;
	case QI_VT_CODE:
		n = add(p, X_IN_STRS, QI_VT_BOOL, inoff, lhs, -1);
		break;
	case QI_VT_CODES:
		n = add(p, X_CODES_IN_STRS, QI_VT_BOOL, inoff, lhs, -1);
		break;
	default:
		err(p, inoff, "'in' takes a number, bool, code or codes on "
		    "its left", "type mismatch: %s in a list",
		    qi_vtype_name(lt));
		return -1;
	}
	N(p, n)->k = k;
	N(p, n)->nk = nk;
	return n;
}

static int
parse_in(struct parser *p, int lhs, size_t inoff)
{
	size_t loff;
	long k;
	int n;

	if (p->tk == TK_LP)
		return parse_set(p, lhs, inoff);
	if (p->tk != TK_IDENT) {
		char buf[64];

		syntax(p, p->toff, "e.g. dx_main in stroke_infarct, or "
		    "outcome in (6, 7)", "expected a code list name or a "
		    "list before %s", tok_text(p, buf, sizeof(buf)));
		return -1;
	}
	loff = p->toff;
	k = parse_list_name(p);
	if (lhs < 0 || k < 0)
		return -1;
	/* a code of an item may be a diagnosis or a procedure: any list */
	if ((type_of(p, lhs) == QI_VT_CODE || type_of(p, lhs) == QI_VT_CODES) &&
	    N(p, lhs)->op != X_ITEM_CODE && list_kind(p, k, loff, 1) < 0)
		return -1;
	switch (type_of(p, lhs)) {
	case QI_VT_CODE:
		n = add(p, X_IN_LIST, QI_VT_BOOL, inoff, lhs, -1);
		break;
	case QI_VT_CODES:
		n = add(p, X_CODES_IN_LIST, QI_VT_BOOL, inoff, lhs, -1);
		break;
	default:
		err(p, inoff, "a code list holds codes: dx_main, "
		    "dx_resource, dx_comorbid...; for events use any(LIST)",
		    "type mismatch: %s in a code list",
		    qi_vtype_name(type_of(p, lhs)));
		return -1;
	}
	N(p, n)->k = k;
	return n;
}

static int
is_cmp(enum tok t)
{
	return t >= TK_EQ && t <= TK_GE;
}

static int
compare(struct parser *p, enum tok op, size_t off, int a, int b)
{
	static const char *const sym[] = { "==", "!=", "<", "<=", ">", ">=" };
	enum qi_vtype ta, tb;
	int eq = op == TK_EQ || op == TK_NE;
	const char *hint = NULL;

	if (a < 0 || b < 0)
		return -1;
	ta = type_of(p, a);
	tb = type_of(p, b);
	if (ta == T_NULL || tb == T_NULL) {
		err(p, off, "use missing(x) or not missing(x)",
		    "comparison with null is always null");
		return -1;
	}
	if (ta == QI_VT_STRING)
		ta = QI_VT_CODE;
	if (tb == QI_VT_STRING)
		tb = QI_VT_CODE;
	if (ta == QI_VT_CODE && tb == QI_VT_CODE) {
		if (eq)
			return add(p, op == TK_EQ ? X_CODE_EQ : X_CODE_NE,
			    QI_VT_BOOL, off, a, b);
		hint = "codes are compared with == and != only";
	} else if ((ta == QI_VT_NUMBER && tb == QI_VT_NUMBER) ||
	    (ta == QI_VT_DATE && tb == QI_VT_DATE) ||
	    (eq && (ta == QI_VT_BOOL || tb == QI_VT_BOOL) &&
	    (ta == QI_VT_BOOL || ta == QI_VT_NUMBER) &&
	    (tb == QI_VT_BOOL || tb == QI_VT_NUMBER)))
		return add(p, X_EQ + (op - TK_EQ), QI_VT_BOOL, off, a, b);
	else if (ta == QI_VT_BOOL || tb == QI_VT_BOOL)
		hint = "a bool is compared with == and != only";
	else if ((ta == QI_VT_DATE && type_of(p, b) == QI_VT_STRING) ||
	    (tb == QI_VT_DATE && type_of(p, a) == QI_VT_STRING))
		hint = "write a date as date(\"2024-04-01\")";
	else if (ta == QI_VT_DATE || tb == QI_VT_DATE)
		hint = "days between two dates: days_between(a, b)";
	else if (ta == QI_VT_CODES || tb == QI_VT_CODES)
		hint = "test the codes of a list field with 'in': "
		    "dx_comorbid in diabetes";
	err(p, off, hint, "type mismatch: %s %s %s",
	    qi_vtype_name(type_of(p, a)), sym[op - TK_EQ],
	    qi_vtype_name(type_of(p, b)));
	return -1;
}

static int
parse_cmp(struct parser *p)
{
	int a = parse_arith(p, 0), b;
	enum tok op;
	size_t off;

	if (p->stop)
		return -1;
	if (p->tk == TK_IN) {
		off = p->toff;
		next(p);
		a = parse_in(p, a, off);
	} else if (is_cmp(p->tk)) {
		op = p->tk;
		off = p->toff;
		next(p);
		b = parse_arith(p, 0);
		a = compare(p, op, off, a, b);
	} else
		return a;
	if (!p->stop && (is_cmp(p->tk) || p->tk == TK_IN))
		syntax(p, p->toff, "comparisons do not chain: write "
		    "'a < b and b < c'", "unexpected %s after a comparison",
		    p->tk == TK_IN ? "'in'" : "comparison");
	return p->stop ? -1 : a;
}

static int
want_bool(struct parser *p, int a, const char *op, size_t off)
{
	if (a < 0)
		return -1;
	if (type_of(p, a) == QI_VT_BOOL || type_of(p, a) == T_NULL)
		return 0;
	err(p, off, "a condition is a comparison, 'in', or a bool field",
	    "'%s' takes a bool, not a %s", op, qi_vtype_name(type_of(p, a)));
	return -1;
}

static int
parse_not(struct parser *p)
{
	size_t off = p->toff;
	int a;

	if (p->tk != TK_NOT)
		return parse_cmp(p);
	a = prefix_operand(p, off, parse_not);
	if (want_bool(p, a, "not", off) < 0)
		return -1;
	return add(p, X_NOT, QI_VT_BOOL, off, a, -1);
}

/* Left-associative logic: "or" over "and" over "not". */
static int
parse_logic(struct parser *p, int is_or)
{
	enum tok tk = is_or ? TK_OR : TK_AND;
	const char *name = is_or ? "or" : "and";
	int a;

	if (is_or && ++p->depth > DEPTH_MAX) {	/* once per parenthesis */
		syntax(p, p->toff, NULL, "expression nested too deeply");
		return -1;
	}
	a = is_or ? parse_logic(p, 0) : parse_not(p);
	while (!p->stop && p->tk == tk) {
		size_t off = p->toff;
		int b, ea, eb;

		next(p);
		b = is_or ? parse_logic(p, 0) : parse_not(p);
		ea = want_bool(p, a, name, off);
		eb = want_bool(p, b, name, off);
		a = ea < 0 || eb < 0 ? -1 : add(p, is_or ? X_OR : X_AND,
		    QI_VT_BOOL, off, a, b);
	}
	if (is_or)
		p->depth--;
	return p->stop ? -1 : a;
}

static int
parse_or(struct parser *p)
{
	return parse_logic(p, 1);
}

/* ----------------------------------------------------------- functions */

/* Parse a date constant "YYYY-MM-DD" into days since 1970; -1 if bad. */
static int
parse_date(const char *s, double *days)
{
	int y, m, d;

	if (qi_date_parse(s, strlen(s), &y, &m, &d) == -1)
		return -1;
	*days = (double)qi_civil_days(y, m, d);
	return 0;
}

/* Check one argument's type; the function usage goes in the hint. */
static int
arg_type(struct parser *p, const struct func *f, int a, size_t off,
    unsigned pos, enum qi_vtype t, enum qi_vtype t2)
{
	char hint[512];

	if (a < 0)
		return -1;
	if (fits(type_of(p, a), t) || (t2 != T_NULL && type_of(p, a) == t2))
		return 0;
	snprintf(hint, sizeof(hint), "%s", f->usage);
	if (t2 != T_NULL)
		err(p, off, hint, "argument %u of %s must be a %s or %s, not "
		    "a %s", pos, f->name, qi_vtype_name(t), qi_vtype_name(t2),
		    qi_vtype_name(type_of(p, a)));
	else
		err(p, off, hint, "argument %u of %s must be a %s, not a %s",
		    pos, f->name, qi_vtype_name(t),
		    qi_vtype_name(type_of(p, a)));
	return -1;
}

/*
 * A 様式1 item code at the current token, bare (A000030) or quoted: its
 * index in qi_items; -1 if unknown (reported, with the nearest code),
 * -2 after a syntax error.
 */
static long
parse_item_code(struct parser *p)
{
	char buf[64], hint[128];
	size_t off = p->toff, n;
	const char *s, *near;
	char *code;
	long k;

	if (p->tk != TK_IDENT && p->tk != TK_STR) {
		syntax(p, p->toff, "e.g. item(A000030, 2), payload 2 (退院先) "
		    "of A000030", "expected a 様式1 item code before %s",
		    tok_text(p, buf, sizeof(buf)));
		return -2;
	}
	s = p->src + p->toff + (p->tk == TK_STR);
	n = p->tlen - (p->tk == TK_STR ? 2 : 0);
	next(p);
	if ((k = qi_item_lookup(s, n)) >= 0)
		return k;
	code = g_strndup(s, n);
	if ((near = qi_item_nearest(code)) != NULL)
		snprintf(hint, sizeof(hint), "did you mean '%s'?", near);
	else
		snprintf(hint, sizeof(hint), "the item codes are those of the "
		    "様式1 table, specs/input.md section 7.7");
	err(p, off, hint, "unknown 様式1 item '%s'", code);
	g_free(code);
	return -1;
}

/* A whole number from lo to hi, written as a constant: 0, or -1. */
static int
const_whole(struct parser *p, int a, double lo, double hi, double *v)
{
	if (a < 0 || !is_const(p, a) || type_of(p, a) != QI_VT_NUMBER)
		return -1;
	*v = N(p, a)->v;
	return *v == floor(*v) && *v >= lo && *v <= hi ? 0 : -1;
}

/*
 * The condition of an events function after "where": tests of the EF
 * columns joined by "and" (ward == "W3", category in (31, 32, 33), not
 * department == "010").  Returns 1 + its number, or -1 after a syntax
 * error.
 */
static long
parse_where(struct parser *p)
{
	size_t first = p->tests->len, i;
	char buf[64], hint[128];

	for (;;) {
		struct xevtest t;
		int num, set;

		memset(&t, 0, sizeof(t));
		if (p->tk == TK_NOT) {
			t.neg = 1;
			next(p);
		}
		for (i = 0; p->tk == TK_IDENT && i < G_N_ELEMENTS(evfield_names);
		    i++)
			if (strlen(evfield_names[i]) == p->tlen && memcmp(
			    evfield_names[i], p->src + p->toff, p->tlen) == 0)
				break;
		if (p->tk != TK_IDENT || i == G_N_ELEMENTS(evfield_names)) {
			struct near nr = { NULL, NULL, 99 };
			char *name = g_strndup(p->src + p->toff, p->tlen);

			nr.name = name;
			for (i = 0; i < G_N_ELEMENTS(evfield_names); i++)
				near_try(&nr, evfield_names[i]);
			if (p->tk != TK_IDENT || near_hint(&nr, hint,
			    sizeof(hint)) == NULL)
				snprintf(hint, sizeof(hint), "an event condition "
				    "tests category, department or ward");
			syntax(p, p->toff, hint, "expected an event column "
			    "before %s", tok_text(p, buf, sizeof(buf)));
			g_free(name);
			return -1;
		}
		t.field = (enum xevf)i;
		num = t.field == XEF_CATEGORY;
		next(p);
		if (p->tk == TK_NE)
			t.neg = !t.neg;
		set = p->tk == TK_IN;
		if (p->tk != TK_EQ && p->tk != TK_NE && p->tk != TK_IN) {
			syntax(p, p->toff, "e.g. ward == \"W3\" or category in "
			    "(31, 32, 33)", "expected ==, != or in before %s",
			    tok_text(p, buf, sizeof(buf)));
			return -1;
		}
		next(p);
		if (set && expect(p, TK_LP, "'('", p->toff) < 0)
			return -1;
		t.k = num ? (long)p->nums->len : (long)p->strs->len;
		for (;;) {
			if (num && p->tk == TK_NUM) {
				g_array_append_val(p->nums, p->tnum);
			} else if (!num && p->tk == TK_STR) {
				g_ptr_array_add(p->strs, g_strndup(p->src +
				    p->toff + 1, p->tlen - 2));
			} else {
				syntax(p, p->toff, num ? "the category "
				    "(データ区分) is a number: category == 50" :
				    "department and ward codes are strings: "
				    "ward == \"W3\"", "expected a %s before %s",
				    num ? "number" : "string",
				    tok_text(p, buf, sizeof(buf)));
				return -1;
			}
			t.nk++;
			next(p);
			if (!set || p->tk != TK_COMMA)
				break;
			next(p);
		}
		if (set && expect(p, TK_RP, "')'", p->toff) < 0)
			return -1;
		g_array_append_val(p->tests, t);
		if (p->tk != TK_AND)
			break;
		next(p);
	}
	g_array_append_val(p->cond, first);
	return (long)p->cond->len;
}

/*
 * What name already means, for a name a quantifier binds: NULL if
 * nothing (the name is free to bind).
 */
static const char *
name_taken(struct parser *p, const char *name)
{
	size_t i;

	if (strcmp(name, "los") == 0 || qi_field_lookup(name) >= 0)
		return "a stays column";
	if (qi_next_lookup(name) >= 0)
		return "a name of the patient's next stay";
	if (qi_item_name_lookup(name) != NULL)
		return "a 様式1 item";
	if (qi_codeset_find(p->cs, name) >= 0)
		return "a code list";
	for (i = 0; i < p->bound->len; i++)
		if (strcmp(g_ptr_array_index(p->bound, (guint)i), name) == 0)
			return "the day of a quantifier around this one";
	return NULL;
}

/*
 * every(NAME in LIST [where ...], condition), some(...), count_each(...),
 * at the '(' after the function's name (at off): the condition is
 * evaluated once for each distinct day of an event of LIST, NAME being
 * that day (a number), visible in the condition only.
 */
static int
parse_quant(struct parser *p, const struct func *f, size_t off)
{
	static const enum xop ops[] = { [F_EVERY] = X_EVERY,
	    [F_SOME] = X_SOME, [F_COUNT_EACH] = X_COUNT_EACH };
	size_t open = p->toff, noff, loff, boff;
	char buf[64], hint[256];
	const char *taken;
	char *name;
	long list, where = 0;
	int body, bad = 0, n;

	next(p);		/* ( */
	snprintf(hint, sizeof(hint), "%s: op is the day of each event of "
	    "LIST", f->usage);
	if (p->tk != TK_IDENT) {
		syntax(p, p->toff, hint, "expected a name for the day of each "
		    "event before %s", tok_text(p, buf, sizeof(buf)));
		return -1;
	}
	noff = p->toff;
	name = g_strndup(p->src + p->toff, p->tlen);
	g_ptr_array_add(p->seen, name);		/* owns it */
	next(p);
	if (p->tk != TK_IN) {
		syntax(p, p->toff, hint, "expected 'in' before %s",
		    tok_text(p, buf, sizeof(buf)));
		return -1;
	}
	if ((taken = name_taken(p, name)) != NULL) {
		char h[256];

		snprintf(h, sizeof(h), "name the day of each event otherwise, "
		    "e.g. %s(op in LIST, ...)", f->name);
		err(p, noff, h, "'%s' is already %s", name, taken);
		bad = 1;
	}
	next(p);
	loff = p->toff;
	if ((list = parse_list_name(p)) < 0)
		bad = 1;
	if (p->stop)
		return -1;
	if (p->tk == TK_IDENT && p->tlen == 5 &&
	    memcmp(p->src + p->toff, "where", 5) == 0) {
		next(p);
		if ((where = parse_where(p)) < 0)
			return -1;
	}
	if (p->tk != TK_COMMA) {
		syntax(p, p->toff, hint, "expected ',' before %s",
		    tok_text(p, buf, sizeof(buf)));
		return -1;
	}
	next(p);
	boff = p->toff;
	g_ptr_array_add(p->bound, name);
	if (p->bound->len > p->nslot)
		p->nslot = p->bound->len;
	body = parse_or(p);
	g_ptr_array_set_size(p->bound, (guint)p->bound->len - 1);
	if (p->stop || expect(p, TK_RP, "')'", open) < 0)
		return -1;
	if (!bad && list_kind(p, list, loff, 0) < 0)
		bad = 1;
	if (body < 0 || bad)
		return -1;
	if (type_of(p, body) != QI_VT_BOOL && type_of(p, body) != T_NULL) {
		err(p, boff, hint, "the condition of %s must be a bool, not a "
		    "%s", f->name, qi_vtype_name(type_of(p, body)));
		return -1;
	}
	n = add(p, ops[f->kind], f->kind == F_COUNT_EACH ? QI_VT_NUMBER :
	    QI_VT_BOOL, off, body, -1);
	N(p, n)->k = list;
	N(p, n)->nk = (size_t)where;
	N(p, n)->slot = (int)p->bound->len;
	p->events = 1;
	return n;
}

#define ARGS_MAX 16

static int
parse_call(struct parser *p, size_t off, const char *name)
{
	const struct func *f = NULL;
	int arg[ARGS_MAX], bad = 0, n = -1;
	size_t aoff[ARGS_MAX], open = p->toff, i;
	unsigned na = 0;
	long list = -1, where = 0;
	int special;		/* the first argument is a list or an item */
	char hint[512];
	double pay, seq = NAN;

	for (i = 0; i < G_N_ELEMENTS(funcs); i++)
		if (strcmp(funcs[i].name, name) == 0)
			f = &funcs[i];
	if (f == NULL) {
		struct near nr = { name, NULL, 99 };

		for (i = 0; i < G_N_ELEMENTS(funcs); i++)
			near_try(&nr, funcs[i].name);
		if (near_hint(&nr, hint, sizeof(hint)) == NULL)
			snprintf(hint, sizeof(hint), "functions: any, any_dx, "
			    "coalesce, count, count_each, date, days_between, "
			    "days_with, every, first_day, if, item, "
			    "item_count, last_day, max, min, missing, qty, "
			    "run_end, run_length, run_start, some");
		err(p, off, hint, "unknown function '%s'", name);
		p->quiet++;		/* the arguments mean nothing now */
		bad = 1;
	} else if (f->kind == F_EVERY || f->kind == F_SOME ||
	    f->kind == F_COUNT_EACH)
		return parse_quant(p, f, off);
	special = f != NULL && (f->list || f->kind == F_ITEM ||
	    f->kind == F_ITEM_COUNT);
	next(p);		/* ( */
	if (p->tk != TK_RP) {
		for (;;) {
			if (na == ARGS_MAX) {
				syntax(p, p->toff, NULL, "too many arguments");
				break;
			}
			aoff[na] = p->toff;
			if (na == 0 && special) {
				list = f->list ? parse_list_name(p) :
				    parse_item_code(p);
				arg[na] = -1;
				if (list < 0)
					bad = 1;
				/* an event condition: any(LIST where ...) */
				if (f->list && f->kind != F_ANY_DX &&
				    p->tk == TK_IDENT && p->tlen == 5 &&
				    memcmp(p->src + p->toff, "where", 5) == 0) {
					next(p);
					where = parse_where(p);
				}
			} else
				arg[na] = parse_or(p);
			if (p->stop)
				break;
			if (arg[na] < 0 && !(na == 0 && special))
				bad = 1;
			na++;
			if (p->tk != TK_COMMA)
				break;
			next(p);
		}
	}
	if (f == NULL)
		p->quiet--;
	if (p->stop || expect(p, TK_RP, "')'", open) < 0)
		return -1;
	if (f == NULL)
		return -1;
	if (na < (unsigned)f->nmin || (f->nmax >= 0 && na > (unsigned)f->nmax) ||
	    (f->list && f->nmin == 1 && f->nmax == 3 && na == 2) ||
	    (f->kind == F_DAYS_WITH && na == 3)) {
		char takes[32];
		int run = f->kind == F_RUN_START || f->kind == F_RUN_END ||
		    f->kind == F_RUN_LENGTH;

		snprintf(takes, sizeof(takes), "%d argument%s", f->nmin,
		    f->nmin == 1 ? "" : "s");
		err(p, off, f->usage, "%s takes %s, not %u argument%s",
		    f->name, f->nmin == f->nmax ? takes : run ? "a code list "
		    "and a day or a day window [from, to]" : f->list ? "a code "
		    "list and optionally a day window [from, to]" : "2 or more "
		    "arguments", na, na == 1 ? "" : "s");
		return -1;
	}
	if (!bad && f->list && list_kind(p, list, aoff[0],
	    f->kind == F_ANY_DX) < 0)
		bad = 1;
	if (bad)
		return -1;

	switch (f->kind) {
	case F_ITEM_COUNT:
		n = add(p, X_ITEM_COUNT, QI_VT_NUMBER, off, -1, -1);
		N(p, n)->nk = qi_item_key(qi_items[list].code, 7);
		p->items = 1;
		return n;
	case F_ITEM:
		if (const_whole(p, arg[1], 1, QI_ITEM_PAYLOADS, &pay) < 0) {
			err(p, aoff[1], f->usage, "the payload of item() is a "
			    "number from 1 to 9");
			return -1;
		}
		if (na == 3 && const_whole(p, arg[2], 0, 65535, &seq) < 0) {
			err(p, aoff[2], f->usage, "the 連番 of item() is a whole "
			    "number from 0 to 65535");
			return -1;
		}
		return item_node(p, aoff[1], list, (unsigned)pay, seq);
	case F_DATE: {
		double d;

		if (N(p, arg[0])->op != X_STR) {
			err(p, aoff[0], f->usage, "date() takes a date in "
			    "double quotes");
			return -1;
		}
		if (parse_date(g_ptr_array_index(p->strs,
		    (guint)N(p, arg[0])->k), &d) < 0) {
			err(p, aoff[0] + 1, "dates are written YYYY-MM-DD, "
			    "e.g. date(\"2024-04-01\")", "bad date \"%s\"",
			    (const char *)g_ptr_array_index(p->strs,
			    (guint)N(p, arg[0])->k));
			return -1;
		}
		return add_num(p, d, QI_VT_DATE, off);
	}
	case F_DAYS_BETWEEN:
		bad |= arg_type(p, f, arg[0], aoff[0], 1, QI_VT_DATE, T_NULL);
		bad |= arg_type(p, f, arg[1], aoff[1], 2, QI_VT_DATE, T_NULL);
		return bad ? -1 : add(p, X_DAYS_BETWEEN, QI_VT_NUMBER, off,
		    arg[0], arg[1]);
	case F_MIN:
	case F_MAX: {
		enum qi_vtype t = type_of(p, arg[0]) == T_NULL ?
		    type_of(p, arg[1]) : type_of(p, arg[0]);

		if (t != QI_VT_DATE)
			t = QI_VT_NUMBER;
		bad |= arg_type(p, f, arg[0], aoff[0], 1, t, T_NULL);
		bad |= arg_type(p, f, arg[1], aoff[1], 2, t, T_NULL);
		return bad ? -1 : add(p, f->kind == F_MIN ? X_MIN : X_MAX, t,
		    off, arg[0], arg[1]);
	}
	case F_IF: {
		enum qi_vtype t1 = type_of(p, arg[1]), t2 = type_of(p, arg[2]);
		enum qi_vtype t = t1 == T_NULL ? t2 : t1;

		bad |= arg_type(p, f, arg[0], aoff[0], 1, QI_VT_BOOL, T_NULL);
		if ((t1 == QI_VT_BOOL && t2 == QI_VT_NUMBER) ||
		    (t1 == QI_VT_NUMBER && t2 == QI_VT_BOOL) || t == T_NULL)
			t = QI_VT_NUMBER;
		else if (t != QI_VT_NUMBER && t != QI_VT_BOOL &&
		    t != QI_VT_DATE) {
			err(p, aoff[t1 == T_NULL ? 2 : 1], f->usage, "if() "
			    "gives a number, bool or date, not a %s",
			    qi_vtype_name(t));
			return -1;
		} else if (!fits(t1, t) || !fits(t2, t)) {
			err(p, aoff[2], f->usage, "type mismatch in if(): %s "
			    "and %s", qi_vtype_name(t1), qi_vtype_name(t2));
			return -1;
		}
		if (bad)
			return -1;
		n = add(p, X_IF, t, off, arg[0], arg[1]);
		N(p, n)->arg[2] = arg[2];
		return n;
	}
	case F_MISSING: {
		enum qi_vtype t = type_of(p, arg[0]);

		n = add(p, t == QI_VT_CODE ? X_CODE_MISSING :
		    t == QI_VT_CODES ? X_CODES_MISSING : X_MISSING, QI_VT_BOOL,
		    off, arg[0], -1);
		if (t == QI_VT_STRING) {
			err(p, aoff[0], f->usage, "missing() of a string "
			    "literal is always false");
			return -1;
		}
		return n;
	}
	case F_COALESCE: {
		enum qi_vtype t = T_NULL;
		int code;

		for (i = 0; i < na; i++)
			if (type_of(p, arg[i]) != T_NULL) {
				t = type_of(p, arg[i]);
				break;
			}
		if (t == QI_VT_STRING)
			t = QI_VT_CODE;
		if (t == QI_VT_CODES || t == QI_VT_SET || t == QI_VT_LIST) {
			err(p, aoff[i], f->usage, "coalesce() takes numbers, "
			    "bools, dates or codes, not a %s",
			    qi_vtype_name(t));
			return -1;
		}
		code = t == QI_VT_CODE;
		for (i = 0; i < na; i++) {
			enum qi_vtype ti = type_of(p, arg[i]);

			if (ti == t || ti == T_NULL ||
			    (code && ti == QI_VT_STRING))
				continue;
			err(p, aoff[i], f->usage, "type mismatch in coalesce(): "
			    "%s and %s", qi_vtype_name(t), qi_vtype_name(ti));
			bad = 1;
		}
		if (bad)
			return -1;
		n = arg[na - 1];
		for (i = na - 1; i-- > 0;)
			n = add(p, code ? X_CODE_COALESCE : X_COALESCE, t, off,
			    arg[i], n);
		return n;
	}
	case F_ANY_DX:
		p->fields |= (uint64_t)1 << QI_F_DX_MAIN |
		    (uint64_t)1 << QI_F_DX_TRIGGER |
		    (uint64_t)1 << QI_F_DX_RESOURCE |
		    (uint64_t)1 << QI_F_DX_COMORBID;
		n = add(p, X_ANY_DX, QI_VT_BOOL, off, -1, -1);
		N(p, n)->k = list;
		return n;
	default:
		break;
	}

	/* events functions: LIST [, N] [, from, to] */
	{
		unsigned w = f->kind == F_DAYS_WITH ? 2 : 1;
		static const enum xop ops[] = {
			[F_ANY] = X_EV_ANY, [F_COUNT] = X_EV_COUNT,
			[F_QTY] = X_EV_QTY, [F_FIRST_DAY] = X_EV_FIRST,
			[F_LAST_DAY] = X_EV_LAST, [F_DAYS_WITH] = X_EV_DAYS_WITH,
			[F_RUN_START] = X_RUN_START, [F_RUN_END] = X_RUN_END,
			[F_RUN_LENGTH] = X_RUN_LENGTH
		};
		int run = f->kind >= F_RUN_START && f->kind <= F_RUN_LENGTH;

		if (f->kind == F_DAYS_WITH)
			bad |= arg_type(p, f, arg[1], aoff[1], 2,
			    QI_VT_NUMBER, T_NULL);
		for (i = w; i < na; i++)
			bad |= arg_type(p, f, arg[i], aoff[i], (unsigned)i + 1,
			    QI_VT_NUMBER, T_NULL);
		if (bad)
			return -1;
		n = add(p, ops[f->kind], f->kind == F_ANY ? QI_VT_BOOL :
		    QI_VT_NUMBER, off, -1, -1);
		N(p, n)->k = list;
		if (run) {
			/* the anchor: a null one makes the run null */
			N(p, n)->arg[1] = arg[1];
			N(p, n)->arg[2] = na == 3 ? arg[2] : -1;
		} else if (na > w) {
			/* a null literal bound is no bound */
			N(p, n)->arg[1] = type_of(p, arg[w]) == T_NULL ? -1 :
			    arg[w];
			N(p, n)->arg[2] = type_of(p, arg[w + 1]) == T_NULL ?
			    -1 : arg[w + 1];
		}
		if (f->kind == F_DAYS_WITH)
			N(p, n)->arg[3] = arg[1];
		N(p, n)->nk = (size_t)where;
		p->events = 1;
		return n;
	}
}

/* -------------------------------------------------------------- compile */

static void
parser_free(struct parser *p)
{
	g_array_free(p->nodes, TRUE);
	g_array_free(p->nums, TRUE);
	g_ptr_array_unref(p->strs);
	if (p->tests != NULL)
		g_array_free(p->tests, TRUE);
	if (p->cond != NULL)
		g_array_free(p->cond, TRUE);
	g_ptr_array_unref(p->bound);
	g_ptr_array_unref(p->seen);
}

struct qi_expr *
qi_expr_compile(const char *src, const struct qi_codeset *cs,
    const char *file, unsigned line, unsigned col, enum qi_vtype want,
    struct qi_diag *diag)
{
	struct parser p;
	struct qi_expr *x;
	char buf[64];
	size_t ntests;
	int root;

	memset(&p, 0, sizeof(p));
	p.src = src != NULL ? src : "";
	p.file = file;
	p.line = line > 0 ? line : 1;
	p.col = col > 0 ? col : 1;
	p.cs = cs;
	p.diag = diag;
	p.nodes = g_array_new(FALSE, TRUE, sizeof(struct xnode));
	p.nums = g_array_new(FALSE, TRUE, sizeof(double));
	p.strs = g_ptr_array_new_with_free_func(g_free);
	p.tests = g_array_new(FALSE, TRUE, sizeof(struct xevtest));
	p.cond = g_array_new(FALSE, TRUE, sizeof(size_t));
	p.bound = g_ptr_array_new();
	p.seen = g_ptr_array_new_with_free_func(g_free);

	next(&p);
	if (p.tk == TK_EOF) {
		syntax(&p, 0, "write a condition such as 'age >= 65', or "
		    "'true'", "empty expression");
		root = -1;
	} else
		root = parse_or(&p);
	if (!p.stop && p.tk != TK_EOF) {
		const char *hint = NULL;

		if (p.tk == TK_RP)
			hint = "this ')' closes no '('";
		else if (p.tk == TK_IDENT || p.tk == TK_NUM || p.tk == TK_STR ||
		    p.tk == TK_LP || p.tk == TK_NOT)
			hint = "an operator is missing, e.g. 'and'";
		syntax(&p, p.toff, hint, "unexpected %s",
		    tok_text(&p, buf, sizeof(buf)));
	}
	if (root >= 0 && p.nerr == 0) {
		enum qi_vtype t = type_of(&p, root);
		int ok = t == T_NULL || t == want || (want == QI_VT_ANY &&
		    (t == QI_VT_NUMBER || t == QI_VT_BOOL || t == QI_VT_DATE));

		if (!ok)
			err(&p, 0, want == QI_VT_BOOL ? "a condition is a "
			    "comparison, 'in', or a bool: e.g. 'age >= 65'" :
			    want == QI_VT_NUMBER ? "a value is a number: a "
			    "field like los, a count, or arithmetic (a "
			    "condition counts 1 in it: (los > 3) + 0, or "
			    "if(los > 3, 1, 0))" : NULL,
			    "expected a %s expression, not a %s",
			    qi_vtype_name(want), qi_vtype_name(t));
	}
	if (p.nerr > 0 || root < 0) {
		parser_free(&p);
		return NULL;
	}

	x = g_new0(struct qi_expr, 1);
	x->nnode = p.nodes->len;
	x->node = (struct xnode *)(void *)g_array_free(p.nodes, FALSE);
	x->root = root;
	x->nums = (double *)(void *)g_array_free(p.nums, FALSE);
	x->nstr = p.strs->len;
	g_ptr_array_set_free_func(p.strs, NULL);
	x->str = (char **)g_ptr_array_free(p.strs, FALSE);
	x->cs = cs;
	x->type = x->node[root].type;
	if (x->type == T_NULL)	/* the literal null, e.g. "when: null" */
		x->type = want == QI_VT_ANY ? QI_VT_NUMBER : want;
	x->fields = p.fields;
	x->events = p.events;
	x->items = p.items;
	x->links = p.links;
	x->ncond = p.cond->len;
	ntests = p.tests->len;
	g_array_append_val(p.cond, ntests);
	x->cond = (size_t *)(void *)g_array_free(p.cond, FALSE);
	x->tests = (struct xevtest *)(void *)g_array_free(p.tests, FALSE);
	p.cond = p.tests = NULL;
	x->nslot = p.nslot;
	g_ptr_array_unref(p.bound);
	g_ptr_array_unref(p.seen);
	qi_expr_finish(x);
	return x;
}

void
qi_expr_free(struct qi_expr *x)
{
	size_t i;

	if (x == NULL)
		return;
	for (i = 0; i < x->nstr; i++)
		g_free(x->str[i]);
	g_free(x->str);
	g_free(x->nums);
	g_free(x->node);
	g_free(x->tests);
	g_free(x->cond);
	g_free(x);
}

enum qi_vtype
qi_expr_type(const struct qi_expr *x)
{
	return x->type;
}

uint64_t
qi_expr_fields(const struct qi_expr *x)
{
	return x->fields;
}

int
qi_expr_uses_events(const struct qi_expr *x)
{
	return x->events;
}

int
qi_expr_uses_items(const struct qi_expr *x)
{
	return x->items;
}

int
qi_expr_uses_links(const struct qi_expr *x)
{
	return x->links;
}
