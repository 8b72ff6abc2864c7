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

#include "codelist.h"
#include "expr.h"
#include "expr_impl.h"

static double ev(const struct qi_expr *, int, const struct qi_stay *);

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

/* The events functions over list n->k in the window [arg1, arg2]. */
static double
ev_events(const struct qi_expr *x, const struct xnode *n,
    const struct qi_stay *s)
{
	double from = -INFINITY, to = INFINITY, least, sum = 0;
	size_t k = (size_t)n->k, i, cnt = 0, days = 0, run = 0, need = 1;
	int last = 0, runday = 0;

	/* a bound that is null is no bound */
	if (n->arg[1] >= 0 && isnan(from = ev(x, n->arg[1], s)))
		from = -INFINITY;
	if (n->arg[2] >= 0 && isnan(to = ev(x, n->arg[2], s)))
		to = INFINITY;
	if (n->op == X_EV_DAYS_WITH) {
		if (isnan(least = ev(x, n->arg[3], s)))
			return NAN;
		if (least > 1)	/* "at least 1.5 events" = at least 2 */
			need = least > 1e9 ? (size_t)1e9 : (size_t)ceil(least);
	}
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
	switch (n->op) {
	case X_EV_ANY:		return 0.0;
	case X_EV_COUNT:	return (double)cnt;
	case X_EV_QTY:		return sum;	/* NaN if a quantity is */
	case X_EV_FIRST:	return NAN;
	case X_EV_LAST:		return cnt > 0 ? last : NAN;
	default:		return (double)days;
	}
}

static double
ev(const struct qi_expr *x, int i, const struct qi_stay *s)
{
	const struct xnode *n = &x->node[i];
	const char (*codes)[QI_CODE_MAX];
	const char *c, *d;
	double a, b;
	size_t j, m;

	switch (n->op) {
	case X_NUM:
		return n->v;
	case X_FIELD:
		return s->num[n->k];
	case X_LOS:
		return s->num[QI_F_DISCHARGE] - s->num[QI_F_ADMISSION];
	case X_NEG:
		return -ev(x, n->arg[0], s);
	case X_ADD:
		return ev(x, n->arg[0], s) + ev(x, n->arg[1], s);
	case X_SUB:
	case X_DAYS_BETWEEN:
		return ev(x, n->arg[0 + (n->op == X_DAYS_BETWEEN)], s) -
		    ev(x, n->arg[1 - (n->op == X_DAYS_BETWEEN)], s);
	case X_MUL:
		return ev(x, n->arg[0], s) * ev(x, n->arg[1], s);
	case X_DIV:
		a = ev(x, n->arg[0], s);
		b = ev(x, n->arg[1], s);
		return b == 0.0 ? NAN : a / b;
	case X_EQ: case X_NE: case X_LT: case X_LE: case X_GT: case X_GE:
		a = ev(x, n->arg[0], s);
		b = ev(x, n->arg[1], s);
		if (isnan(a) || isnan(b))
			return NAN;
		switch (n->op) {
		case X_EQ:	return a == b;
		case X_NE:	return a != b;
		case X_LT:	return a < b;
		case X_LE:	return a <= b;
		case X_GT:	return a > b;
		default:	return a >= b;
		}
	case X_CODE_EQ:
	case X_CODE_NE:
		if ((c = ev_code(x, n->arg[0], s)) == NULL ||
		    (d = ev_code(x, n->arg[1], s)) == NULL)
			return NAN;
		return (strcmp(c, d) == 0) == (n->op == X_CODE_EQ);
	case X_AND:
		a = ev(x, n->arg[0], s);
		if (a == 0.0)
			return 0.0;
		return kleene_and(a, ev(x, n->arg[1], s));
	case X_OR:
		a = ev(x, n->arg[0], s);
		if (a == 1.0)
			return 1.0;
		/* a or b = not (not a and not b) */
		b = kleene_and(1.0 - a, 1.0 - ev(x, n->arg[1], s));
		return 1.0 - b;
	case X_NOT:
		return 1.0 - ev(x, n->arg[0], s);	/* NaN stays NaN */
	case X_IN_NUMS:
		if (isnan(a = ev(x, n->arg[0], s)))
			return NAN;
		for (j = 0; j < n->nk; j++)
			if (x->nums[n->k + (long)j] == a)
				return 1.0;
		return 0.0;
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
		return qi_codeset_has(x->cs, n->k, c);
	case X_CODES_IN_LIST:
		m = ev_codes(x, n->arg[0], s, &codes);
		for (j = 0; j < m; j++)
			if (qi_codeset_has(x->cs, n->k, codes[j]))
				return 1.0;
		return 0.0;
	case X_ANY_DX:
		for (j = 0; j < 3; j++)
			if (qi_codeset_has(x->cs, n->k, s->code[j]))
				return 1.0;
		for (j = 0; j < s->ncomorbid; j++)
			if (qi_codeset_has(x->cs, n->k, s->comorbid[j]))
				return 1.0;
		return 0.0;
	case X_COALESCE:
		if (!isnan(a = ev(x, n->arg[0], s)))
			return a;
		return ev(x, n->arg[1], s);
	case X_MISSING:
		return isnan(ev(x, n->arg[0], s));
	case X_CODE_MISSING:
		return ev_code(x, n->arg[0], s) == NULL;
	case X_CODES_MISSING:
		return ev_codes(x, n->arg[0], s, &codes) == 0;
	case X_MIN:
	case X_MAX:
		a = ev(x, n->arg[0], s);
		b = ev(x, n->arg[1], s);
		if (isnan(a) || isnan(b))
			return NAN;
		return (n->op == X_MIN) == (a < b) ? a : b;
	case X_EV_ANY: case X_EV_COUNT: case X_EV_QTY: case X_EV_FIRST:
	case X_EV_LAST: case X_EV_DAYS_WITH:
		return ev_events(x, n, s);
	default:		/* code-valued nodes never reach here */
		return NAN;
	}
}

double
qi_expr_eval(const struct qi_expr *x, const struct qi_stay *s)
{
	return ev(x, x->root, s);
}
