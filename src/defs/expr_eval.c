/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * expr_eval.c -- evaluating compiled expressions on a batch of stays.
 *
 * Values are doubles: numbers, bools as 0/1, dates as days since 1970,
 * and null as NaN (specs/expressions.md, "Null").  Codes are evaluated
 * separately, to a string or NULL for a missing code.
 *
 * An expression is evaluated over a batch of stays at once, node by
 * node: each node's value for all the selected stays of the batch in one
 * loop.  So the interpreter dispatches once per node and batch rather than
 * once per node and stay, and the loops' branches follow the data, not
 * the shape of the tree.  The right operand of "and" and "or" and the
 * second argument of coalesce() are evaluated only on the stays the first
 * one leaves undecided, and an events function looks at its window only
 * for stays with an event in its list: the work done is that of
 * evaluating stay by stay.  An operand is a vector or a constant: the
 * fields of the batch's stays are read from columns filled on first use,
 * like the values of the nodes evaluated.  Nothing is allocated but the
 * context.
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

/* A fact and a list in it that an expression needs to be true. */
struct gate {
	enum fact		 fact;
	size_t			 list;
};

#define COL_LOS	QI_F__COUNT		/* the column of the length of stay */
#define COLS	(QI_F__COUNT + 1)

#define TMPV	3	/* value vectors per nesting level (events: 3 bounds) */

struct qi_expr_ctx {
	const struct qi_codeset	*cs;		/* borrowed; may be NULL */
	struct qi_codecache	*cc;		/* owned; allocated on first use */
	int			 cache;		/* use cc (else match directly) */
	size_t			 words;
	size_t			 cap;		/* stays a batch holds */
	size_t			 n;		/* stays in the batch */
	const struct qi_stay	**s;		/* cap; the stays, borrowed */
	unsigned		*have;		/* cap; bit per enum fact known */
	uint64_t		*bits;		/* cap * F__COUNT * words */
	/* the last first_day(L) asked of each stay: L (-1: none), its value */
	long			*fd_list;	/* cap */
	double			*fd_day;	/* cap */
	/* the numeric fields and the length of stay as columns */
	double			*col;		/* COLS * cap */
	uint64_t		 cols;		/* bit per column filled */
	/* scratch of each nesting level: TMPV vectors and a selection */
	double			*tmp;		/* levels * TMPV * cap */
	unsigned		*sel;		/* levels * cap */
	size_t			 levels;
	/* the day each quantifier binds (X_VAR), by its nesting */
	double			*var;		/* slots * cap */
	size_t			 slots;
	/* the gates (qi_expr_ctx_gate) and the stays that pass each */
	struct gate		*gate;		/* ngate */
	size_t			 ngate;
	enum fact		 gfact[F__COUNT];	/* facts gates read */
	size_t			 ngfact;
	unsigned		 gfacts;	/* bit per fact in gfact */
	uint64_t		*gmask;		/* F__COUNT * words: lists */
	int			*gidx;		/* F__COUNT * words * 64 */
	unsigned		*gsel;		/* ngate * cap */
	size_t			*gn;		/* ngate */
};

/* ------------------------------------------------------------ context */

struct qi_expr_ctx *
qi_expr_ctx_new(const struct qi_codeset *cs, size_t cap)
{
	struct qi_expr_ctx *c = g_new0(struct qi_expr_ctx, 1);

	c->cs = cs;
	c->cache = 1;
	c->words = cs != NULL ? qi_codeset_words(cs) : 0;
	c->cap = cap > 0 ? cap : 1;
	c->s = g_new0(const struct qi_stay *, c->cap);
	c->have = g_new0(unsigned, c->cap);
	c->bits = g_new0(uint64_t, c->cap * F__COUNT * c->words);
	c->col = g_new(double, COLS * c->cap);
	c->fd_list = g_new(long, c->cap);
	c->fd_day = g_new(double, c->cap);
	return c;
}

void
qi_expr_ctx_free(struct qi_expr_ctx *c)
{
	if (c == NULL)
		return;
	qi_codecache_free(c->cc);
	g_free(c->s);
	g_free(c->have);
	g_free(c->bits);
	g_free(c->col);
	g_free(c->fd_list);
	g_free(c->fd_day);
	g_free(c->tmp);
	g_free(c->sel);
	g_free(c->var);
	g_free(c->gate);
	g_free(c->gmask);
	g_free(c->gidx);
	g_free(c->gsel);
	g_free(c->gn);
	g_free(c);
}

void
qi_expr_ctx_stays(struct qi_expr_ctx *c, const struct qi_stay *const *s,
    size_t n)
{
	size_t b;

	g_assert(n <= c->cap);
	memcpy(c->s, s, n * sizeof(*s));
	memset(c->have, 0, n * sizeof(*c->have));
	c->cols = 0;
	if (c->ngate > 0)	/* no stays pass until qi_expr_ctx_gates() */
		memset(c->gn, 0, c->ngate * sizeof(*c->gn));
	for (b = 0; b < n; b++)
		c->fd_list[b] = -1;
	c->n = n;
}

/*
 * Scratch for an expression nested levels deep, with slots quantifiers
 * one inside the other.
 */
static void
ensure_levels(struct qi_expr_ctx *c, size_t levels, size_t slots)
{
	if (slots > c->slots) {
		c->slots = slots;
		c->var = g_renew(double, c->var, slots * c->cap);
	}
	if (levels <= c->levels)
		return;
	c->levels = levels;
	c->tmp = g_renew(double, c->tmp, levels * TMPV * c->cap);
	c->sel = g_renew(unsigned, c->sel, levels * c->cap);
}

/*
 * The lists of a stay's code: QI_CODE_MAX bytes, NUL-terminated and
 * zero-padded (defs/stay.h).  The cache keys it by all its bytes, as they
 * are; bytes past the NUL that were not zeroed would cost a cache entry,
 * not a wrong answer.
 */
static void
ctx_match(struct qi_expr_ctx *c, const char code[QI_CODE_MAX],
    uint64_t *bits)
{
	if (code[0] == '\0') {
		memset(bits, 0, c->words * sizeof(*bits));
		return;
	}
	if (c->cache && c->cc == NULL)
		c->cc = qi_codecache_new(c->cs);
	if (c->cc != NULL)
		qi_codecache_match(c->cc, code, bits);
	else
		qi_codeset_match(c->cs, code, bits);
}

/* dst |= the lists of n codes; tmp: words of scratch. */
static void
ctx_union(struct qi_expr_ctx *c, uint64_t *dst, uint64_t *tmp,
    const char (*codes)[QI_CODE_MAX], size_t n)
{
	size_t i, w;

	for (i = 0; i < n; i++) {
		ctx_match(c, codes[i], tmp);
		for (w = 0; w < c->words; w++)
			dst[w] |= tmp[w];
	}
}

static const uint64_t *fact_work(struct qi_expr_ctx *, size_t, enum fact);

/* The bit set of fact f of stay b, worked out on first use. */
static inline const uint64_t *
fact(struct qi_expr_ctx *c, size_t b, enum fact f)
{
	if (c->have[b] & (1u << f))
		return c->bits + (b * F__COUNT + (size_t)f) * c->words;
	return fact_work(c, b, f);
}

static const uint64_t *
fact_work(struct qi_expr_ctx *c, size_t sb, enum fact f)
{
	uint64_t *base = c->bits + sb * F__COUNT * c->words;
	uint64_t *b = base + (size_t)f * c->words;
	uint64_t *tmp = base + F_SCRATCH * c->words;
	const struct qi_stay *s = c->s[sb];
	size_t i, w;

	switch (f) {
	case F_CODE0:
		ctx_match(c, s->code[0], b);
		break;
	case F_CODE1: case F_CODE2:
		/*
		 * The diagnoses are often one code: matched once.  (Codes
		 * equal in all their bytes are one; the reader pads them.)
		 */
		if (memcmp(s->code[f - F_CODE0], s->code[0], QI_CODE_MAX) == 0)
			memcpy(b, fact(c, sb, F_CODE0), c->words * sizeof(*b));
		else
			ctx_match(c, s->code[f - F_CODE0], b);
		break;
	case F_COMORBID:
		memset(b, 0, c->words * sizeof(*b));
		ctx_union(c, b, tmp, s->comorbid, s->ncomorbid);
		break;
	case F_COMPLICATION:
		memset(b, 0, c->words * sizeof(*b));
		ctx_union(c, b, tmp, s->complication, s->ncomplication);
		break;
	case F_ANY_DX:
		memcpy(b, fact(c, sb, F_COMORBID), c->words * sizeof(*b));
		for (i = F_CODE0; i <= F_CODE2; i++) {
			const uint64_t *d = fact(c, sb, (enum fact)i);

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
	c->have[sb] |= 1u << f;
	return b;
}

/* ------------------------------------------------------ one stay's codes */

/*
 * The item of node n (key n->nk) on stay s: the row of 連番 n->v, or
 * the one of the smallest 連番 when n->v is NaN; NULL if the stay has
 * none.  Items are sorted by key, then 連番.
 */
static const struct qi_item *
item_of(const struct xnode *n, const struct qi_stay *s)
{
	size_t i;

	for (i = 0; i < s->nitems; i++) {
		const struct qi_item *it = &s->items[i];

		if (it->key == n->nk && (isnan(n->v) || it->seq == n->v))
			return it;
	}
	return NULL;
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
	case X_NEXT_CODE:
		c = s->next.code[n->k - QI_NX__NUM];
		return c[0] != '\0' ? c : NULL;
	case X_ITEM_CODE: {
		const struct qi_item *it = item_of(n, s);

		c = it != NULL ? it->code[n->k] : NULL;
		return c != NULL && c[0] != '\0' ? c : NULL;
	}
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

/*
 * A node over codes and code lists on stay b.  With facts (the
 * expression's code lists are the context's), list membership is a bit
 * test on the stay's facts.
 */
static double
one_lists(const struct qi_expr *x, const struct xnode *n,
    struct qi_expr_ctx *c, size_t b, int facts)
{
	const struct qi_stay *s = c->s[b];
	const char (*codes)[QI_CODE_MAX];
	const char *p, *q;
	size_t j, m;

	switch (n->op) {
	case X_CODE_EQ:
	case X_CODE_NE:
		if ((p = ev_code(x, n->arg[0], s)) == NULL ||
		    (q = ev_code(x, n->arg[1], s)) == NULL)
			return NAN;
		return (strcmp(p, q) == 0) == (n->op == X_CODE_EQ);
	case X_IN_STRS:
		if ((p = ev_code(x, n->arg[0], s)) == NULL)
			return NAN;
		return in_strs(x, n, p);
	case X_CODES_IN_STRS:
		m = ev_codes(x, n->arg[0], s, &codes);
		for (j = 0; j < m; j++)
			if (in_strs(x, n, codes[j]))
				return 1.0;
		return 0.0;
	case X_IN_LIST:
		if ((p = ev_code(x, n->arg[0], s)) == NULL)
			return NAN;
		if (facts && x->node[n->arg[0]].op == X_CODE_FIELD)
			return qi_bits_has(fact(c, b, (enum fact)(F_CODE0 +
			    x->node[n->arg[0]].k)), (size_t)n->k);
		return qi_codeset_has(x->cs, n->k, p);
	case X_CODES_IN_LIST:
		if (facts)
			return qi_bits_has(fact(c, b, x->node[n->arg[0]].k ==
			    QI_F_DX_COMORBID ? F_COMORBID : F_COMPLICATION),
			    (size_t)n->k);
		m = ev_codes(x, n->arg[0], s, &codes);
		for (j = 0; j < m; j++)
			if (qi_codeset_has(x->cs, n->k, codes[j]))
				return 1.0;
		return 0.0;
	case X_ANY_DX:
		if (facts)
			return qi_bits_has(fact(c, b, F_ANY_DX), (size_t)n->k);
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
	case X_ITEM: {
		const struct qi_item *it = item_of(n, s);

		return it != NULL ? it->num[n->k] : NAN;
	}
	case X_NEXT:
		return s->next.num[n->k];
	case X_ITEM_COUNT:
		for (j = m = 0; j < s->nitems; j++)
			m += s->items[j].key == n->nk;
		return (double)m;
	default:
		return NAN;
	}
}

/* A code of an event condition's set: equal, or a prefix ending in '*'. */
static int
ev_in_strs(const struct qi_expr *x, const struct xevtest *t, const char *v)
{
	size_t i;

	for (i = 0; i < t->nk; i++)
		if (str_match(v, x->str[t->k + (long)i]))
			return 1;
	return 0;
}

/*
 * Does event e pass condition c (1 + its number; 0: no condition)?
 * Every test must hold; a missing column fails its test, negated or not.
 */
static int
ev_pass(const struct qi_expr *x, size_t c, const struct qi_event *e)
{
	size_t t, i;

	if (c == 0)
		return 1;
	for (t = x->cond[c - 1]; t < x->cond[c]; t++) {
		const struct xevtest *xt = &x->tests[t];
		int in = 0;

		switch (xt->field) {
		case XEF_CATEGORY:
			if (e->category == 0)
				return 0;
			for (i = 0; i < xt->nk && !in; i++)
				in = x->nums[xt->k + (long)i] == e->category;
			break;
		case XEF_DEPARTMENT:
			if (e->department[0] == '\0')
				return 0;
			in = ev_in_strs(x, xt, e->department);
			break;
		default:
			if (e->ward[0] == '\0')
				return 0;
			in = ev_in_strs(x, xt, e->ward);
			break;
		}
		if (in == xt->neg)
			return 0;
	}
	return 1;
}

/* Is event e in node n's list and does it pass n's condition? */
static inline int
ev_in(const struct qi_expr *x, const struct xnode *n,
    const struct qi_event *e)
{
	return qi_bits_has(e->lists, (size_t)n->k) && ev_pass(x, n->nk, e);
}

/* An events function's value for a stay with no event in its list. */
static double
no_events(enum xop op)
{
	return op == X_EV_ANY || op == X_EV_COUNT || op == X_EV_QTY ||
	    op == X_EV_DAYS_WITH ? 0.0 : NAN;
}

/*
 * The run of consecutive days with an event of n's list on stay s that
 * holds the first such day in [from, to] (days from admission): its first
 * day, last day or number of days as n->op asks; null if no such day.
 */
static double
one_run(const struct qi_expr *x, const struct xnode *n,
    const struct qi_stay *s, double from, double to)
{
	size_t i;
	int found = 0, start = 0, end = 0, have = 0;

	for (i = 0; i < s->nev; i++) {
		const struct qi_event *e = &s->ev[i];

		if (!ev_in(x, n, e))
			continue;
		if (have && e->day <= end + 1)
			end = e->day > end ? e->day : end;
		else if (found)
			break;		/* the anchor's run is over */
		else {
			start = end = e->day;
			have = 1;
		}
		if (!found && e->day >= from && e->day <= to)
			found = 1;
		else if (!found && e->day > to)
			return NAN;	/* events are sorted by day */
	}
	if (!found)
		return NAN;
	return n->op == X_RUN_START ? start : n->op == X_RUN_END ? end :
	    end - start + 1;
}

/*
 * An events function over list n->k on stay s, in the day window
 * [from, to] (infinite: unbounded); days_with() counts the days whose
 * events' quantities add up to at least need.
 */
static double
one_events(const struct qi_expr *x, const struct xnode *n,
    const struct qi_stay *s, double from, double to, double need)
{
	double sum = 0, daysum = 0;
	size_t i, cnt = 0, days = 0;
	int last = 0, runday = 0;

	for (i = 0; i < s->nev; i++) {
		const struct qi_event *e = &s->ev[i];

		if (e->day < from)
			continue;
		if (e->day > to)
			break;		/* events are sorted by day */
		if (!ev_in(x, n, e))
			continue;
		switch (n->op) {
		case X_EV_ANY:
			return 1.0;
		case X_EV_FIRST:
			return e->day;
		case X_EV_DAYS_WITH:
			/* a day's quantities are summed, then the day is judged */
			if (cnt > 0 && e->day != runday) {
				days += daysum >= need;
				daysum = 0;
			}
			runday = e->day;
			daysum += e->qty;
			break;
		default:
			break;
		}
		cnt++;
		sum += e->qty;
		last = e->day;
	}
	switch (n->op) {
	case X_EV_ANY:		return 0.0;
	case X_EV_COUNT:	return (double)cnt;
	case X_EV_QTY:		return sum;	/* NaN if a quantity is */
	case X_EV_FIRST:	return NAN;
	case X_EV_LAST:		return cnt > 0 ? last : NAN;
	default:		return (double)(days + (cnt > 0 && daysum >= need));
	}
}

/*
 * first_day(L) of stay b, without a window.  A rule often asks for it
 * several times ("on the day of the operation": any(abx, first_day(op),
 * first_day(op))): the last one asked of each stay is kept.
 */
static double
first_day(struct qi_expr_ctx *c, const struct qi_expr *x,
    const struct xnode *n, size_t b)
{
	if (c->fd_list[b] != n->k) {
		c->fd_list[b] = n->k;
		c->fd_day[b] = one_events(x, n, c->s[b], -INFINITY, INFINITY,
		    1);
	}
	return c->fd_day[b];
}

/* ----------------------------------------------------------- the batch */

/*
 * a and b of Kleene's logic on 0, 1 and null, without a branch: false if
 * either is false, else null if either is null, else true.
 */
static inline double
kleene_and(double a, double b)
{
	static const double v[4] = { 1.0, NAN, 0.0, 0.0 };

	return v[(unsigned)(a == 0.0 || b == 0.0) << 1 |
	    (unsigned)(isnan(a) || isnan(b))];
}

/* Node i's value for the stays sel[0..m) of the batch, into out[stay]. */
static void
evb(const struct qi_expr *x, int i, struct qi_expr_ctx *c,
    const unsigned *sel, size_t m, double *out, size_t lvl, int facts);

/* The events functions: first their arguments, then one loop per stay. */
static void
evb_events(const struct qi_expr *x, const struct xnode *n,
    struct qi_expr_ctx *c, const unsigned *sel, size_t m, double *out,
    size_t lvl, int facts)
{
	double *from = c->tmp + (lvl * TMPV) * c->cap;
	double *to = from + c->cap, *least = to + c->cap;
	unsigned *s2 = c->sel + lvl * c->cap;
	size_t j, m2 = 0;
	double need;

	if (n->op == X_EV_DAYS_WITH)
		evb(x, n->arg[3], c, sel, m, least, lvl + 1, facts);
	for (j = 0; j < m; j++) {
		unsigned b = sel[j];

		if (n->op == X_EV_DAYS_WITH && isnan(least[b]))
			out[b] = NAN;
		/* no event in the list: no window to look at */
		else if (facts && !qi_bits_has(fact(c, b, F_EVENTS),
		    (size_t)n->k))
			out[b] = no_events(n->op);
		else if (facts && n->op == X_EV_ANY && n->arg[1] < 0 &&
		    n->arg[2] < 0 && n->nk == 0)
			out[b] = 1.0;
		else
			s2[m2++] = b;
	}
	if (m2 == 0)
		return;
	if (n->arg[1] >= 0)
		evb(x, n->arg[1], c, s2, m2, from, lvl + 1, facts);
	if (n->arg[2] >= 0)
		evb(x, n->arg[2], c, s2, m2, to, lvl + 1, facts);
	for (j = 0; j < m2; j++) {
		unsigned b = s2[j];
		/* a bound that is null is no bound */
		double lo = n->arg[1] >= 0 && !isnan(from[b]) ? from[b] :
		    -INFINITY;
		double hi = n->arg[2] >= 0 && !isnan(to[b]) ? to[b] : INFINITY;

		/* days_with(): the quantity a day needs (not null here) */
		need = n->op == X_EV_DAYS_WITH ? least[b] : 1.0;
		/* the kept first day is that of the list, unconditioned */
		if (n->op >= X_RUN_START && n->op <= X_RUN_LENGTH)
			/* a run needs its anchor: a null bound is null */
			out[b] = isnan(from[b]) || (n->arg[2] >= 0 &&
			    isnan(to[b])) ? NAN : one_run(x, n, c->s[b],
			    from[b], n->arg[2] >= 0 ? to[b] : from[b]);
		else if (facts && n->op == X_EV_FIRST && n->arg[1] < 0 &&
		    n->arg[2] < 0 && n->nk == 0)
			out[b] = first_day(c, x, n, b);
		else
			out[b] = one_events(x, n, c->s[b], lo, hi, need);
	}
}

/*
 * every(), some(), count_each(): round r evaluates the body on the stays
 * that have an r-th distinct day with an event of the list and whose
 * value the earlier rounds left open (every: not yet false; some: not yet
 * true), the day in the quantifier's slot.  Per stay, the next event to
 * look at is kept in the level's scratch.
 */
static void
evb_quant(const struct qi_expr *x, const struct xnode *n,
    struct qi_expr_ctx *c, const unsigned *sel, size_t m, double *out,
    size_t lvl, int facts)
{
	double *t = c->tmp + (lvl * TMPV) * c->cap;	/* the body's values */
	double *next = t + c->cap;		/* event index, per stay */
	double *day = c->var + (size_t)n->slot * c->cap;
	unsigned *s2 = c->sel + lvl * c->cap;
	const unsigned *from = sel;
	size_t j, i, m2 = 0, mf = m;

	for (j = 0; j < m; j++) {
		unsigned b = sel[j];

		out[b] = n->op == X_EVERY ? 1.0 : 0.0;	/* no event */
		next[b] = 0;
		day[b] = -INFINITY;
	}
	for (;;) {
		/* the stays still open that have a next day, and that day */
		for (j = m2 = 0; j < mf; j++) {
			unsigned b = from[j];
			const struct qi_stay *s = c->s[b];

			if ((n->op == X_EVERY && out[b] == 0.0) ||
			    (n->op == X_SOME && out[b] == 1.0) ||
			    (facts && !qi_bits_has(fact(c, b, F_EVENTS),
			    (size_t)n->k)))
				continue;
			for (i = (size_t)next[b]; i < s->nev; i++)
				if (s->ev[i].day != day[b] &&
				    ev_in(x, n, &s->ev[i]))
					break;
			if (i == s->nev)
				continue;
			day[b] = s->ev[i].day;
			next[b] = (double)(i + 1);
			s2[m2++] = b;
		}
		if (m2 == 0)
			return;
		evb(x, n->arg[0], c, s2, m2, t, lvl + 1, facts);
		for (j = 0; j < m2; j++) {
			unsigned b = s2[j];

			if (n->op == X_EVERY)
				out[b] = kleene_and(out[b], t[b]);
			else if (n->op == X_SOME)
				out[b] = 1.0 - kleene_and(1.0 - out[b],
				    1.0 - t[b]);
			else
				out[b] += t[b] == 1.0;
		}
		from = s2;	/* the next round's stays are among these */
		mf = m2;
	}
}

/*
 * Column k of the batch (a numeric field, or COL_LOS), filled for all its
 * stays on first use: leaves are read from columns, as evaluated nodes
 * are read from vectors.
 */
static const double *
column(struct qi_expr_ctx *c, size_t k)
{
	double *v = c->col + k * c->cap;
	size_t b;

	G_STATIC_ASSERT(COLS <= 64);
	if (c->cols & ((uint64_t)1 << k))
		return v;
	for (b = 0; b < c->n; b++)
		v[b] = k == COL_LOS ? c->s[b]->num[QI_F_DISCHARGE] -
		    c->s[b]->num[QI_F_ADMISSION] : c->s[b]->num[k];
	c->cols |= (uint64_t)1 << k;
	return v;
}

/*
 * An operand: the value of stay b is v[b & mask], a vector (mask all
 * ones) or a constant (mask 0, v the constant).
 */
struct opnd {
	const double		*v;
	unsigned		 mask;
};

/* Node a as an operand if it is a constant or a column; .v NULL if not. */
static struct opnd
in_place(const struct xnode *a, struct qi_expr_ctx *c)
{
	struct opnd o = { NULL, ~0u };

	if (a->op == X_NUM) {
		o.v = &a->v;
		o.mask = 0;
	} else if (a->op == X_FIELD)
		o.v = column(c, (size_t)a->k);
	else if (a->op == X_LOS)
		o.v = column(c, COL_LOS);
	else if (a->op == X_VAR)
		o.v = c->var + (size_t)a->slot * c->cap;
	return o;
}

/*
 * Operand k of node n over the selection: a constant or a column is read
 * in place; anything else is evaluated into dst.
 */
static struct opnd
operand(const struct qi_expr *x, const struct xnode *n, int k,
    struct qi_expr_ctx *c, const unsigned *sel, size_t m, double *dst,
    size_t lvl, int facts)
{
	struct opnd o = in_place(&x->node[n->arg[k]], c);

	if (o.v == NULL) {
		evb(x, n->arg[k], c, sel, m, dst, lvl + 1, facts);
		o.v = dst;
	}
	return o;
}

/* out[b] = e for the stays of the selection, a and y the operands. */
#define EACH(e) do {							\
		for (j = 0; j < m; j++) {				\
			unsigned b = sel[j];				\
			double a = o0.v[b & o0.mask];			\
			double y = o1.v[b & o1.mask];			\
									\
			(void)y;					\
			out[b] = (e);					\
		}							\
	} while (0)

/*
 * The comparisons as tables: entry (a < b) << 2 | (a == b) << 1 | (a > b)
 * is the result; entry 0, unordered, is null (a or b is).
 */
static const double cmp_tab[X_GE - X_EQ + 1][8] = {
#define CMP(mask) { NAN, (mask) & 1 ? 1 : 0, (mask) & 2 ? 1 : 0, 0, \
	(mask) & 4 ? 1 : 0, 0, 0, 0 }
	[X_EQ - X_EQ] = CMP(2), [X_NE - X_EQ] = CMP(5), [X_LT - X_EQ] = CMP(4),
	[X_LE - X_EQ] = CMP(6), [X_GT - X_EQ] = CMP(1), [X_GE - X_EQ] = CMP(3)
#undef CMP
};

static void
evb(const struct qi_expr *x, int i, struct qi_expr_ctx *c,
    const unsigned *sel, size_t m, double *out, size_t lvl, int facts)
{
	const struct xnode *n = &x->node[i];
	double *t = c->tmp + (lvl * TMPV) * c->cap;
	unsigned *s2 = c->sel + lvl * c->cap;
	static const double zero = 0;
	struct opnd o0, o1 = { &zero, 0 };
	const double *tab;
	size_t j, k, m2 = 0;

	switch (n->op) {
	case X_NUM: case X_FIELD: case X_LOS: case X_VAR:
		o0 = in_place(n, c);
		EACH(a);
		return;
	case X_NEG: case X_NOT: case X_MISSING: case X_IN_NUMS:
		o0 = operand(x, n, 0, c, sel, m, out, lvl, facts);
		switch (n->op) {
		case X_NEG:
			EACH(-a);
			break;
		case X_NOT:		/* NaN stays NaN */
			EACH(1.0 - a);
			break;
		case X_MISSING:
			EACH(isnan(a));
			break;
		default:		/* X_IN_NUMS */
			for (j = 0; j < m; j++) {
				unsigned b = sel[j];
				double a = o0.v[b & o0.mask];

				for (k = 0; k < n->nk &&
				    x->nums[n->k + (long)k] != a; k++)
					;
				out[b] = isnan(a) ? NAN : k < n->nk;
			}
			break;
		}
		return;
	case X_ADD: case X_SUB: case X_MUL: case X_DIV: case X_DAYS_BETWEEN:
	case X_EQ: case X_NE: case X_LT: case X_LE: case X_GT: case X_GE:
	case X_MIN: case X_MAX:
		o0 = operand(x, n, 0, c, sel, m, out, lvl, facts);
		o1 = operand(x, n, 1, c, sel, m, t, lvl, facts);
		switch (n->op) {
		case X_ADD:		EACH(a + y); break;
		case X_SUB:		EACH(a - y); break;
		case X_DAYS_BETWEEN:	EACH(y - a); break;
		case X_MUL:		EACH(a * y); break;
		case X_DIV:		EACH(y == 0.0 ? NAN : a / y); break;
		case X_MIN:
			EACH(isnan(a) || isnan(y) ? NAN : a < y ? a : y);
			break;
		case X_MAX:
			EACH(isnan(a) || isnan(y) ? NAN : !(a < y) ? a : y);
			break;
		default:		/* X_EQ .. X_GE */
			tab = cmp_tab[n->op - X_EQ];
			EACH(tab[(unsigned)(a < y) << 2 |
			    (unsigned)(a == y) << 1 | (unsigned)(a > y)]);
			break;
		}
		return;
	case X_AND:
	case X_OR:
	case X_COALESCE:
		/* the right side only where the left leaves it open */
		evb(x, n->arg[0], c, sel, m, out, lvl + 1, facts);
		for (j = 0; j < m; j++) {
			double a = out[sel[j]];

			s2[m2] = sel[j];	/* kept if still open */
			m2 += n->op == X_AND ? a != 0.0 : n->op == X_OR ?
			    a != 1.0 : isnan(a);
		}
		if (m2 > 0)
			evb(x, n->arg[1], c, s2, m2, t, lvl + 1, facts);
		for (j = 0; j < m2; j++) {
			unsigned b = s2[j];

			if (n->op == X_AND)
				out[b] = kleene_and(out[b], t[b]);
			else if (n->op == X_OR)	/* not (not a and not b) */
				out[b] = 1.0 - kleene_and(1.0 - out[b],
				    1.0 - t[b]);
			else
				out[b] = t[b];
		}
		return;
	case X_IF:
		/*
		 * The condition into out; each branch only over its stays,
		 * into t (disjoint stays: the then branch, then the else
		 * branch); a null condition gives null.
		 */
		evb(x, n->arg[0], c, sel, m, out, lvl + 1, facts);
		for (k = 1; k <= 2; k++) {
			for (j = 0, m2 = 0; j < m; j++) {
				s2[m2] = sel[j];
				m2 += out[sel[j]] == (k == 1 ? 1.0 : 0.0);
			}
			if (m2 > 0)
				evb(x, n->arg[k], c, s2, m2, t, lvl + 1, facts);
		}
		for (j = 0; j < m; j++)
			if (!isnan(out[sel[j]]))
				out[sel[j]] = t[sel[j]];
		return;
	case X_EV_ANY: case X_EV_COUNT: case X_EV_QTY: case X_EV_FIRST:
	case X_EV_LAST: case X_EV_DAYS_WITH:
	case X_RUN_START: case X_RUN_END: case X_RUN_LENGTH:
		evb_events(x, n, c, sel, m, out, lvl, facts);
		return;
	case X_EVERY: case X_SOME: case X_COUNT_EACH:
		evb_quant(x, n, c, sel, m, out, lvl, facts);
		return;
	default:		/* codes and code lists */
		for (j = 0; j < m; j++)
			out[sel[j]] = one_lists(x, n, c, sel[j], facts);
		return;
	}
}

void
qi_expr_eval_sel(const struct qi_expr *x, struct qi_expr_ctx *c,
    const unsigned *sel, size_t m, double *out)
{
	ensure_levels(c, x->depth + 1, x->nslot);
	/* facts: the expression's code lists are the context's */
	evb(x, x->root, c, sel, m, out, 0, x->cs != NULL && x->cs == c->cs);
}

double
qi_expr_eval(const struct qi_expr *x, const struct qi_stay *s)
{
	struct qi_expr_ctx *c = qi_expr_ctx_new(x->cs, 1);
	unsigned sel = 0;
	double v;

	c->cache = 0;		/* one stay: no code cache worth building */
	qi_expr_ctx_stays(c, &s, 1);
	qi_expr_eval_sel(x, c, &sel, 1, &v);
	qi_expr_ctx_free(c);
	return v;
}

/* ---------------------------------------------------------- the shape */

/* How deep the tree under node i goes: 1 for a leaf. */
static size_t
depth_of(const struct qi_expr *x, int i)
{
	const struct xnode *n = &x->node[i];
	size_t d = 0, k, a;

	for (k = 0; k < G_N_ELEMENTS(n->arg); k++)
		if (n->arg[k] >= 0 && (a = depth_of(x, n->arg[k])) > d)
			d = a;
	return d + 1;
}

void
qi_expr_finish(struct qi_expr *x)
{
	x->depth = depth_of(x, x->root);
}

/* ------------------------------------------------------------ the gates */

/* The gate of node i: a fact and list its truth needs; 0 if none. */
static int
gate_of(const struct qi_expr *x, int i, struct gate *g)
{
	const struct xnode *n = &x->node[i];

	g->list = (size_t)n->k;
	switch (n->op) {
	case X_AND:
		return gate_of(x, n->arg[0], g) || gate_of(x, n->arg[1], g);
	case X_IN_LIST:
		if (x->node[n->arg[0]].op != X_CODE_FIELD)
			return 0;
		g->fact = (enum fact)(F_CODE0 + x->node[n->arg[0]].k);
		return 1;
	case X_CODES_IN_LIST:
		g->fact = x->node[n->arg[0]].k == QI_F_DX_COMORBID ?
		    F_COMORBID : F_COMPLICATION;
		return 1;
	case X_ANY_DX:
		g->fact = F_ANY_DX;
		return 1;
	case X_EV_ANY:		/* any(L, from, to) needs an event in L */
	case X_SOME:		/* as some(op in L, ...) does */
		g->fact = F_EVENTS;
		return 1;
	default:
		return 0;
	}
}

int
qi_expr_ctx_gate(struct qi_expr_ctx *c, const struct qi_expr *x)
{
	struct gate g;
	size_t k, bits = c->words * 64;

	if (x == NULL || x->cs == NULL || x->cs != c->cs ||
	    !gate_of(x, x->root, &g))
		return -1;
	for (k = 0; k < c->ngate; k++)
		if (c->gate[k].fact == g.fact && c->gate[k].list == g.list)
			return (int)k;
	if (c->gidx == NULL) {
		c->gmask = g_new0(uint64_t, F__COUNT * c->words);
		c->gidx = g_new(int, F__COUNT * bits);
	}
	c->gate = g_renew(struct gate, c->gate, c->ngate + 1);
	c->gate[c->ngate] = g;
	c->gmask[(size_t)g.fact * c->words + g.list / 64] |=
	    (uint64_t)1 << (g.list % 64);
	c->gidx[(size_t)g.fact * bits + g.list] = (int)c->ngate;
	if (!(c->gfacts & (1u << g.fact)))
		c->gfact[c->ngfact++] = g.fact;
	c->gfacts |= 1u << g.fact;
	c->ngate++;
	c->gsel = g_renew(unsigned, c->gsel, c->ngate * c->cap);
	c->gn = g_renew(size_t, c->gn, c->ngate);
	c->gn[c->ngate - 1] = 0;	/* no stays until qi_expr_ctx_gates() */
	return (int)c->ngate - 1;
}

void
qi_expr_ctx_gates(struct qi_expr_ctx *c, const unsigned *sel, size_t m)
{
	size_t j, f, w, bits = c->words * 64;

	if (c->ngate == 0)
		return;
	memset(c->gn, 0, c->ngate * sizeof(*c->gn));
	for (j = 0; j < m; j++)
		for (f = 0; f < c->ngfact; f++) {
			const uint64_t *b = fact(c, sel[j], c->gfact[f]);
			const uint64_t *mask = c->gmask + (size_t)c->gfact[f] *
			    c->words;
			const int *gi = c->gidx + (size_t)c->gfact[f] * bits;

			for (w = 0; w < c->words; w++) {
				uint64_t x = b[w] & mask[w];

				while (x != 0) {
					int g = gi[w * 64 +
					    (size_t)__builtin_ctzll(x)];

					c->gsel[(size_t)g * c->cap +
					    c->gn[g]++] = sel[j];
					x &= x - 1;
				}
			}
		}
}

const unsigned *
qi_expr_ctx_gated(const struct qi_expr_ctx *c, int g, size_t *m)
{
	*m = c->gn[g];
	return c->gsel + (size_t)g * c->cap;
}

int
qi_expr_constant(const struct qi_expr *x, double *v)
{
	if (x == NULL || x->node[x->root].op != X_NUM)
		return 0;
	*v = x->node[x->root].v;
	return 1;
}
