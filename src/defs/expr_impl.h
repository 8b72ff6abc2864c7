/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * expr_impl.h -- the compiled form of an expression, shared by the
 * compiler (expr_parse.c) and the evaluator (expr_eval.c).  Private to
 * those two files.
 *
 * A compiled expression is a flat array of nodes; a node names its
 * operands by index into the same array, and the root is the last node
 * built.  Names are resolved (field index, code list index), literal lists
 * are stored once, and every type is known, so the evaluator switches on
 * the operation only.
 */
#ifndef QI_EXPR_IMPL_H
#define QI_EXPR_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "expr.h"

enum xop {
	X_NUM,		/* constant v (number, bool, date or null as NaN) */
	X_STR,		/* constant code text str[k] */
	X_FIELD,	/* num[k]: number, bool or date field */
	X_CODE_FIELD,	/* code[k]: dx_main, dx_trigger, dx_resource */
	X_CODES_FIELD,	/* comorbid (k = QI_F_DX_COMORBID) or complication */
	X_LOS,		/* discharge - admission */
	X_NEG,
	X_ADD, X_SUB, X_MUL, X_DIV,
	X_EQ, X_NE, X_LT, X_LE, X_GT, X_GE,	/* numbers, bools, dates */
	X_CODE_EQ, X_CODE_NE,			/* code and code */
	X_AND, X_OR, X_NOT,
	X_IN_NUMS,	/* arg0 in nums[k .. k + nk) */
	X_IN_STRS,	/* code arg0 in str[k .. k + nk) (a trailing '*' = prefix) */
	X_CODES_IN_STRS,	/* any element of codes arg0 in str[...] */
	X_IN_LIST,	/* code arg0 in code list k */
	X_CODES_IN_LIST,	/* any element of codes arg0 in code list k */
	X_ANY_DX,	/* any diagnosis (main, trigger, resource, comorbid) in list k */
	X_DAYS_BETWEEN,	/* arg1 - arg0 */
	X_COALESCE,	/* first of arg0, arg1 that is not null (nested for more) */
	X_CODE_COALESCE,
	X_MISSING,	/* arg0 is null */
	X_CODE_MISSING,
	X_CODES_MISSING,	/* no element */
	X_MIN, X_MAX,
	X_IF,		/* arg1 if arg0 is true, arg2 if false, null if null */
	/* events of list k in the day window [arg1, arg2] (-1: unbounded) */
	X_EV_ANY, X_EV_COUNT, X_EV_QTY, X_EV_FIRST, X_EV_LAST,
	X_EV_DAYS_WITH,	/* arg3: at least this many events per day */
	/*
	 * runs of consecutive days with an event of list k: the first day,
	 * last day, number of days of the run holding the first such day in
	 * [arg1, arg2] (arg2 -1: [arg1, arg1]); null if none or a bound is
	 */
	X_RUN_START, X_RUN_END, X_RUN_LENGTH,
	/*
	 * each distinct day of an event of list k: arg0 (the body) with the
	 * day in bound name slot; every (Kleene and, true if no event),
	 * some (or, false if none), the number of days it is true on
	 */
	X_EVERY, X_SOME, X_COUNT_EACH,
	X_VAR,		/* the day of bound name slot (its quantifier's nesting) */
	/*
	 * 様式1 items: payload k (0-8) of item nk (qi_item_key()) at 連番 v
	 * (NaN: the smallest), a number or date, or a code; the number of
	 * rows of item nk.
	 */
	X_ITEM, X_ITEM_CODE, X_ITEM_COUNT,
	/*
	 * The patient's next stay (stay.h, struct qi_next): next.num[k], a
	 * date or bool; next.code[k - QI_NX__NUM], a code.
	 */
	X_NEXT, X_NEXT_CODE
};

/* The EF columns an event condition tests (any(LIST where ...)). */
enum xevf { XEF_CATEGORY, XEF_DEPARTMENT, XEF_WARD };

/*
 * One test of an event condition: field == value, != value, or in a
 * set (negated by "not"): values nums[k .. k + nk) for the category,
 * str[k .. k + nk) for the others.  An event whose field is missing
 * fails every test.
 */
struct xevtest {
	enum xevf	 field;
	int		 neg;
	long		 k;
	size_t		 nk;
};

struct xnode {
	enum xop	 op;
	enum qi_vtype	 type;
	int		 arg[4];	/* operand nodes; -1 = none */
	long		 k;		/* field, code list, or first set element */
	size_t		 nk;		/* set elements; item key; events:
					   1 + their condition, 0 = none */
	double		 v;		/* X_NUM */
	int		 slot;		/* X_VAR and quantifiers: nesting, 0 outermost */
	size_t		 off;		/* byte offset in the source (messages) */
};

struct qi_expr {
	struct xnode		*node;		/* owned */
	size_t			 nnode;
	int			 root;
	size_t			 depth;		/* levels of nodes under root, root's included */
	size_t			 nslot;		/* nesting of quantifiers (bound names) */
	double			*nums;		/* owned: numbers of literal lists */
	char			**str;		/* owned: code texts */
	size_t			 nstr;
	const struct qi_codeset	*cs;		/* borrowed */
	enum qi_vtype		 type;
	uint64_t		 fields;	/* bit per enum qi_field read */
	int			 events;	/* reads the events */
	int			 items;		/* reads 様式1 items */
	int			 links;		/* reads the next stay (X_NEXT*) */
	/* event conditions: condition c is tests[cond[c] .. cond[c + 1]) */
	struct xevtest		*tests;		/* owned */
	size_t			*cond;		/* owned; ncond + 1 */
	size_t			 ncond;
};

/* Work out what evaluation needs (depth; expr_eval.c); called last. */
void	qi_expr_finish(struct qi_expr *);

#endif /* QI_EXPR_IMPL_H */
