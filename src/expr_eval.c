/*
 * expr_eval.c -- evaluating a compiled expression on one stay.
 *
 * Values are doubles: numbers, bools as 0/1, dates as days since 1970,
 * and null as NaN (specs/expressions.md, "Null").  Codes are evaluated
 * separately, to a string or NULL for a missing code.  Nothing is
 * allocated; the expression and the stay are only read.
 */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "codelist.h"
#include "expr.h"
#include "expr_impl.h"

/*
 * The facts of a stay a context keeps, each a bit set of
 * qi_codeset_words() words: the lists of dx_main, dx_trigger and
 * dx_resource (in the order of qi_stay.code), the union over dx_comorbid,
 * over dx_complication, over the four fields any_dx reads, and over the
 * events; then one scratch set.
 */
enum fact {
	F_CODE0, F_CODE1, F_CODE2, F_COMORBID, F_COMPLICATION, F_ANY_DX,
	F_EVENTS, F_SCRATCH, F__COUNT
};

#define SMALL_WORDS	2	/* a context on the stack: up to 128 lists */

struct qi_expr_ctx {
	const struct qi_codeset	*cs;		/* borrowed */
	struct qi_codecache	*cc;		/* owned; NULL until used or on the stack */
	int			 heap;		/* allocated by qi_expr_ctx_new */
	size_t			 words;
	const struct qi_stay	*s;		/* borrowed */
	unsigned		 have;		/* bit per enum fact worked out */
	uint64_t		*bits;		/* F__COUNT * words */
	uint64_t		 small[F__COUNT * SMALL_WORDS];
};

static double ev(const struct qi_expr *, int, const struct qi_stay *,
    struct qi_expr_ctx *);

static void
ctx_match(struct qi_expr_ctx *c, const char *code, uint64_t *bits)
{
	if (code[0] == '\0') {
		memset(bits, 0, c->words * sizeof(*bits));
		return;
	}
	if (c->heap && c->cc == NULL)
		c->cc = qi_codecache_new(c->cs);
	if (c->cc != NULL)
		qi_codecache_match(c->cc, code, bits);
	else
		qi_codeset_match(c->cs, code, bits);
}

/* dst |= the lists of n codes. */
static void
ctx_union(struct qi_expr_ctx *c, uint64_t *dst, const char (*codes)[QI_CODE_MAX],
    size_t n)
{
	uint64_t *tmp = c->bits + F_SCRATCH * c->words;
	size_t i, w;

	for (i = 0; i < n; i++) {
		ctx_match(c, codes[i], tmp);
		for (w = 0; w < c->words; w++)
			dst[w] |= tmp[w];
	}
}

static const uint64_t *fact_work(struct qi_expr_ctx *, enum fact);

/* The bit set of fact f of the context's stay, worked out on first use. */
static inline const uint64_t *
fact(struct qi_expr_ctx *c, enum fact f)
{
	if (c->have & (1u << f))
		return c->bits + (size_t)f * c->words;
	return fact_work(c, f);
}

static const uint64_t *
fact_work(struct qi_expr_ctx *c, enum fact f)
{
	uint64_t *b = c->bits + (size_t)f * c->words;
	const struct qi_stay *s = c->s;
	size_t i, w;

	switch (f) {
	case F_CODE0: case F_CODE1: case F_CODE2:
		ctx_match(c, s->code[f - F_CODE0], b);
		break;
	case F_COMORBID:
		memset(b, 0, c->words * sizeof(*b));
		ctx_union(c, b, s->comorbid, s->ncomorbid);
		break;
	case F_COMPLICATION:
		memset(b, 0, c->words * sizeof(*b));
		ctx_union(c, b, s->complication, s->ncomplication);
		break;
	case F_ANY_DX:
		memcpy(b, fact(c, F_COMORBID), c->words * sizeof(*b));
		for (i = F_CODE0; i <= F_CODE2; i++) {
			const uint64_t *d = fact(c, (enum fact)i);

			for (w = 0; w < c->words; w++)
				b[w] |= d[w];
		}
		break;
	default:		/* F_EVENTS */
		memset(b, 0, c->words * sizeof(*b));
		for (i = 0; i < s->nev; i++)
			if (s->ev[i].lists != NULL)
				for (w = 0; w < c->words; w++)
					b[w] |= s->ev[i].lists[w];
		break;
	}
	c->have |= 1u << f;
	return b;
}

struct qi_expr_ctx *
qi_expr_ctx_new(const struct qi_codeset *cs)
{
	struct qi_expr_ctx *c = g_new0(struct qi_expr_ctx, 1);

	c->cs = cs;
	c->heap = 1;
	c->words = qi_codeset_words(cs);
	c->bits = g_new0(uint64_t, F__COUNT * c->words);
	return c;
}

void
qi_expr_ctx_free(struct qi_expr_ctx *c)
{
	if (c == NULL)
		return;
	qi_codecache_free(c->cc);
	g_free(c->bits);
	g_free(c);
}

void
qi_expr_ctx_stay(struct qi_expr_ctx *c, const struct qi_stay *s)
{
	c->s = s;
	c->have = 0;
}

/* The code a code-valued node stands for; NULL if missing. */
static const char *
ev_code(const struct qi_expr *x, int i, const struct qi_stay *s)
{
	const struct xnode *n = &x->node[i];
	const char *c;

	switch (n->op) {
	case X_STR:
		return x->str[n->k];
	case X_CODE_FIELD:
		c = s->code[n->k];
		return c[0] != '\0' ? c : NULL;
	case X_CODE_COALESCE:
		if ((c = ev_code(x, n->arg[0], s)) != NULL)
			return c;
		return ev_code(x, n->arg[1], s);
	default:		/* the literal null */
		return NULL;
	}
}

/* The codes of a codes field: sets *codes, returns how many. */
static size_t
ev_codes(const struct qi_expr *x, int i, const struct qi_stay *s,
    const char (**codes)[QI_CODE_MAX])
{
	if (x->node[i].k == QI_F_DX_COMORBID) {
		*codes = s->comorbid;
		return s->ncomorbid;
	}
	*codes = s->complication;
	return s->ncomplication;
}

/* code equals a set element, or starts with it if it ends in '*'. */
static int
str_match(const char *code, const char *elem)
{
	size_t len = strlen(elem);

	if (len > 0 && elem[len - 1] == '*')
		return strncmp(code, elem, len - 1) == 0;
	return strcmp(code, elem) == 0;
}

static int
in_strs(const struct qi_expr *x, const struct xnode *n, const char *code)
{
	size_t i;

	for (i = 0; i < n->nk; i++)
		if (str_match(code, x->str[n->k + (long)i]))
			return 1;
	return 0;
}

static double
kleene_and(double a, double b)
{
	if (a == 0.0 || b == 0.0)
		return 0.0;
	if (isnan(a) || isnan(b))
		return NAN;
	return 1.0;
}

static int
is_leaf(const struct xnode *n)
{
	return n->op == X_NUM || n->op == X_FIELD || n->op == X_LOS;
}

void
qi_expr_shape(struct qi_expr *x)
{
	size_t i;

	for (i = 0; i < x->nnode; i++) {
		struct xnode *n = &x->node[i];

		n->shape = XS_CALL;
		if (n->op == X_NUM)
			n->shape = XS_NUM;
		else if (n->op == X_FIELD)
			n->shape = XS_FIELD;
		else if (n->op == X_LOS)
			n->shape = XS_LOS;
		else if (n->op >= X_EQ && n->op <= X_GE &&
		    is_leaf(&x->node[n->arg[0]]) && is_leaf(&x->node[n->arg[1]]))
			n->shape = XS_CMP;
		else if (n->op == X_MISSING && is_leaf(&x->node[n->arg[0]]))
			n->shape = XS_MISSING;
	}
}

static inline double
leaf(const struct xnode *n, const struct qi_stay *s)
{
	if (n->shape == XS_NUM)
		return n->v;
	if (n->shape == XS_FIELD)
		return s->num[n->k];
	return s->num[QI_F_DISCHARGE] - s->num[QI_F_ADMISSION];
}

/*
 * a op b for op X_EQ .. X_GE, without a branch on op: bit 2 of the mask
 * is "true if a < b", bit 1 "if a == b", bit 0 "if a > b".  Null if
 * either is.
 */
static inline double
compare(enum xop op, double a, double b)
{
	static const unsigned char mask[] = {
		[X_EQ - X_EQ] = 2, [X_NE - X_EQ] = 5, [X_LT - X_EQ] = 4,
		[X_LE - X_EQ] = 6, [X_GT - X_EQ] = 1, [X_GE - X_EQ] = 3
	};
	unsigned got = (unsigned)(a < b) << 2 | (unsigned)(a == b) << 1 |
	    (unsigned)(a > b);

	if (got == 0)
		return NAN;	/* unordered: a or b is null */
	return (mask[op - X_EQ] & got) != 0;
}

/*
 * The value of operand node i: leaves, and comparisons and missing() of
 * leaves -- most of the nodes -- without a call and a dispatch.
 */
static inline double
opnd(const struct qi_expr *x, int i, const struct qi_stay *s,
    struct qi_expr_ctx *ctx)
{
	const struct xnode *n = &x->node[i];

	switch (n->shape) {
	case XS_NUM:
	case XS_FIELD:
	case XS_LOS:
		return leaf(n, s);
	case XS_CMP:
		return compare(n->op, leaf(&x->node[n->arg[0]], s),
		    leaf(&x->node[n->arg[1]], s));
	case XS_MISSING:
		return isnan(leaf(&x->node[n->arg[0]], s));
	default:
		return ev(x, i, s, ctx);
	}
}

/* The events functions over list n->k in the window [arg1, arg2]. */
static __attribute__((noinline)) double
ev_events(const struct qi_expr *x, const struct xnode *n,
    const struct qi_stay *s, struct qi_expr_ctx *c)
{
	double from = -INFINITY, to = INFINITY, least, sum = 0;
	size_t k = (size_t)n->k, i, cnt = 0, days = 0, run = 0, need = 1;
	int last = 0, runday = 0;

	if (n->op == X_EV_DAYS_WITH) {
		if (isnan(least = ev(x, n->arg[3], s, c)))
			return NAN;
		if (least > 1)	/* "at least 1.5 events" = at least 2 */
			need = least > 1e9 ? (size_t)1e9 : (size_t)ceil(least);
	}
	/*
	 * No event of the stay is in the list: the loop below would find
	 * none (the bounds have no side effects).  Without a window, any()
	 * needs no loop either.
	 */
	if (c != NULL) {
		if (!qi_bits_has(fact(c, F_EVENTS), k))
			goto done;
		if (n->op == X_EV_ANY && n->arg[1] < 0 && n->arg[2] < 0)
			return 1.0;
	}
	/* a bound that is null is no bound */
	if (n->arg[1] >= 0 && isnan(from = opnd(x, n->arg[1], s, c)))
		from = -INFINITY;
	if (n->arg[2] >= 0 && isnan(to = opnd(x, n->arg[2], s, c)))
		to = INFINITY;
	for (i = 0; i < s->nev; i++) {
		const struct qi_event *e = &s->ev[i];

		if (e->day < from)
			continue;
		if (e->day > to)
			break;		/* events are sorted by day */
		if (!qi_bits_has(e->lists, k))
			continue;
		switch (n->op) {
		case X_EV_ANY:
			return 1.0;
		case X_EV_FIRST:
			return e->day;
		case X_EV_DAYS_WITH:
			if (run == 0 || e->day != runday) {
				runday = e->day;
				run = 0;
			}
			if (++run == need)
				days++;
			break;
		default:
			break;
		}
		cnt++;
		sum += e->qty;
		last = e->day;
	}
done:
	switch (n->op) {
	case X_EV_ANY:		return 0.0;
	case X_EV_COUNT:	return (double)cnt;
	case X_EV_QTY:		return sum;	/* NaN if a quantity is */
	case X_EV_FIRST:	return NAN;
	case X_EV_LAST:		return cnt > 0 ? last : NAN;
	default:		return (double)days;
	}
}


/*
 * The nodes over codes and code lists, apart from ev() so that its
 * arithmetic and logic, most of the nodes evaluated, stay light.
 */
static __attribute__((noinline)) double
ev_lists(const struct qi_expr *x, const struct xnode *n,
    const struct qi_stay *s, struct qi_expr_ctx *ctx)
{
	const char (*codes)[QI_CODE_MAX];
	const char *c, *d;
	size_t j, m;

	switch (n->op) {
	case X_CODE_EQ:
	case X_CODE_NE:
		if ((c = ev_code(x, n->arg[0], s)) == NULL ||
		    (d = ev_code(x, n->arg[1], s)) == NULL)
			return NAN;
		return (strcmp(c, d) == 0) == (n->op == X_CODE_EQ);
	case X_IN_STRS:
		if ((c = ev_code(x, n->arg[0], s)) == NULL)
			return NAN;
		return in_strs(x, n, c);
	case X_CODES_IN_STRS:
		m = ev_codes(x, n->arg[0], s, &codes);
		for (j = 0; j < m; j++)
			if (in_strs(x, n, codes[j]))
				return 1.0;
		return 0.0;
	case X_IN_LIST:
		if ((c = ev_code(x, n->arg[0], s)) == NULL)
			return NAN;
		if (ctx != NULL && x->node[n->arg[0]].op == X_CODE_FIELD)
			return qi_bits_has(fact(ctx, (enum fact)(F_CODE0 +
			    x->node[n->arg[0]].k)), (size_t)n->k);
		return qi_codeset_has(x->cs, n->k, c);
	case X_CODES_IN_LIST:
		if (ctx != NULL)
			return qi_bits_has(fact(ctx, x->node[n->arg[0]].k ==
			    QI_F_DX_COMORBID ? F_COMORBID : F_COMPLICATION),
			    (size_t)n->k);
		m = ev_codes(x, n->arg[0], s, &codes);
		for (j = 0; j < m; j++)
			if (qi_codeset_has(x->cs, n->k, codes[j]))
				return 1.0;
		return 0.0;
	case X_ANY_DX:
		if (ctx != NULL)
			return qi_bits_has(fact(ctx, F_ANY_DX), (size_t)n->k);
		for (j = 0; j < 3; j++)
			if (qi_codeset_has(x->cs, n->k, s->code[j]))
				return 1.0;
		for (j = 0; j < s->ncomorbid; j++)
			if (qi_codeset_has(x->cs, n->k, s->comorbid[j]))
				return 1.0;
		return 0.0;
	case X_CODE_MISSING:
		return ev_code(x, n->arg[0], s) == NULL;
	case X_CODES_MISSING:
		return ev_codes(x, n->arg[0], s, &codes) == 0;
	default:
		return NAN;
	}
}

static double
ev(const struct qi_expr *x, int i, const struct qi_stay *s,
    struct qi_expr_ctx *ctx)
{
	const struct xnode *n = &x->node[i];
	double a, b;
	size_t j;

	switch (n->op) {
	case X_NUM:
		return n->v;
	case X_FIELD:
		return s->num[n->k];
	case X_LOS:
		return s->num[QI_F_DISCHARGE] - s->num[QI_F_ADMISSION];
	case X_NEG:
		return -opnd(x, n->arg[0], s, ctx);
	case X_ADD:
		return opnd(x, n->arg[0], s, ctx) + opnd(x, n->arg[1], s, ctx);
	case X_SUB:
	case X_DAYS_BETWEEN:
		return opnd(x, n->arg[0 + (n->op == X_DAYS_BETWEEN)], s, ctx) -
		    opnd(x, n->arg[1 - (n->op == X_DAYS_BETWEEN)], s, ctx);
	case X_MUL:
		return opnd(x, n->arg[0], s, ctx) * opnd(x, n->arg[1], s, ctx);
	case X_DIV:
		a = opnd(x, n->arg[0], s, ctx);
		b = opnd(x, n->arg[1], s, ctx);
		return b == 0.0 ? NAN : a / b;
	case X_EQ: case X_NE: case X_LT: case X_LE: case X_GT: case X_GE:
		return compare(n->op, opnd(x, n->arg[0], s, ctx),
		    opnd(x, n->arg[1], s, ctx));
	case X_CODE_EQ: case X_CODE_NE: case X_IN_STRS: case X_CODES_IN_STRS:
	case X_IN_LIST: case X_CODES_IN_LIST: case X_ANY_DX:
	case X_CODE_MISSING: case X_CODES_MISSING:
		return ev_lists(x, n, s, ctx);
	case X_AND:
		a = opnd(x, n->arg[0], s, ctx);
		if (a == 0.0)
			return 0.0;
		return kleene_and(a, opnd(x, n->arg[1], s, ctx));
	case X_OR:
		a = opnd(x, n->arg[0], s, ctx);
		if (a == 1.0)
			return 1.0;
		/* a or b = not (not a and not b) */
		b = kleene_and(1.0 - a, 1.0 - opnd(x, n->arg[1], s, ctx));
		return 1.0 - b;
	case X_NOT:
		return 1.0 - opnd(x, n->arg[0], s, ctx);	/* NaN stays NaN */
	case X_IN_NUMS:
		if (isnan(a = opnd(x, n->arg[0], s, ctx)))
			return NAN;
		for (j = 0; j < n->nk; j++)
			if (x->nums[n->k + (long)j] == a)
				return 1.0;
		return 0.0;
	case X_COALESCE:
		if (!isnan(a = opnd(x, n->arg[0], s, ctx)))
			return a;
		return opnd(x, n->arg[1], s, ctx);
	case X_MISSING:
		return isnan(opnd(x, n->arg[0], s, ctx));
	case X_MIN:
	case X_MAX:
		a = opnd(x, n->arg[0], s, ctx);
		b = opnd(x, n->arg[1], s, ctx);
		if (isnan(a) || isnan(b))
			return NAN;
		return (n->op == X_MIN) == (a < b) ? a : b;
	case X_EV_ANY: case X_EV_COUNT: case X_EV_QTY: case X_EV_FIRST:
	case X_EV_LAST: case X_EV_DAYS_WITH:
		return ev_events(x, n, s, ctx);
	default:		/* code-valued nodes never reach here */
		return NAN;
	}
}

double
qi_expr_eval_ctx(const struct qi_expr *x, struct qi_expr_ctx *c)
{
	if (x->cs == NULL || x->cs != c->cs)
		return opnd(x, x->root, c->s, NULL);	/* no lists to cache */
	return opnd(x, x->root, c->s, c);
}

double
qi_expr_eval(const struct qi_expr *x, const struct qi_stay *s)
{
	struct qi_expr_ctx c;

	/* the path of qi_expr_eval_ctx(), with a context on the stack */
	if (x->cs == NULL || qi_codeset_words(x->cs) > SMALL_WORDS)
		return ev(x, x->root, s, NULL);
	memset(&c, 0, sizeof(c));
	c.cs = x->cs;
	c.words = qi_codeset_words(x->cs);
	c.bits = c.small;
	c.s = s;
	return ev(x, x->root, s, &c);
}

/* The gate of node i: a fact and list its truth needs; 0 if none. */
static int
gate_of(const struct qi_expr *x, int i, struct qi_expr_gate *g)
{
	const struct xnode *n = &x->node[i];

	g->list = (size_t)n->k;
	switch (n->op) {
	case X_AND:
		return gate_of(x, n->arg[0], g) || gate_of(x, n->arg[1], g);
	case X_IN_LIST:
		if (x->node[n->arg[0]].op != X_CODE_FIELD)
			return 0;
		g->fact = F_CODE0 + (int)x->node[n->arg[0]].k;
		return 1;
	case X_CODES_IN_LIST:
		g->fact = x->node[n->arg[0]].k == QI_F_DX_COMORBID ?
		    F_COMORBID : F_COMPLICATION;
		return 1;
	case X_ANY_DX:
		g->fact = F_ANY_DX;
		return 1;
	case X_EV_ANY:		/* any(L, from, to) needs an event in L */
		g->fact = F_EVENTS;
		return 1;
	default:
		return 0;
	}
}

void
qi_expr_gate_of(const struct qi_expr *x, struct qi_expr_gate *g)
{
	g->fact = -1;
	g->list = 0;
	if (x == NULL || x->cs == NULL || !gate_of(x, x->root, g))
		g->fact = -1;
}

int
qi_expr_ctx_pass(struct qi_expr_ctx *c, const struct qi_expr_gate *g)
{
	return g->fact < 0 || qi_bits_has(fact(c, (enum fact)g->fact),
	    g->list);
}
