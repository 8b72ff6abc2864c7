/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * expr.h -- the expression language of definitions: "dx_resource in
 * stroke_infarct and onset_days <= 3", "any(rehab_cerebrovascular, 0, 3)".
 * Compiled once per definition (names resolved to stays fields and code
 * list ids, types checked), evaluated on each stay -- a batch of stays at
 * a time, through a context.
 * Normative: specs/expressions.md.
 */
#ifndef QI_EXPR_H
#define QI_EXPR_H

#include <stdint.h>

#include "defs.h"
#include "stay.h"

struct qi_codeset;

/* The types of the language. */
enum qi_vtype {
	QI_VT_NUMBER,	/* double */
	QI_VT_BOOL,	/* 0 or 1 */
	QI_VT_DATE,	/* days since 1970-01-01 */
	QI_VT_CODE,	/* one code: dx_main, "I639" */
	QI_VT_CODES,	/* a list of codes of a stay: dx_comorbid */
	QI_VT_STRING,	/* a string literal */
	QI_VT_LIST,	/* a code list name: stroke_infarct */
	QI_VT_SET,	/* a literal list: (6, 7) */
	QI_VT_ANY,	/* only as 'want': number, bool or date */
	QI_VT_NULL	/* the literal null, before it meets a type */
};

/* "number", "bool", ... as the spec and the messages name them. */
const char	*qi_vtype_name(enum qi_vtype);

struct qi_expr;

/*
 * Compile src.  file, line, col: where src[0] is in its file (1-based);
 * a newline in src moves to the next line at column col again, which is
 * exact for YAML block scalars ('|') and for single-line scalars.
 * cs may be NULL (no code lists); it is borrowed and must stay valid
 * while the expression is evaluated (qi_expr_free does not touch it).  want: the type the caller needs
 * (QI_VT_BOOL for "when", QI_VT_NUMBER for "value", QI_VT_ANY for
 * number, bool or date).  Every error found is recorded in diag at its
 * line:col with a hint; then NULL is returned.  Release with
 * qi_expr_free().
 */
struct qi_expr	*qi_expr_compile(const char *src, const struct qi_codeset *cs,
		    const char *file, unsigned line, unsigned col,
		    enum qi_vtype want, struct qi_diag *diag);
void		 qi_expr_free(struct qi_expr *);

/* The type of the compiled expression (number, bool or date). */
enum qi_vtype	 qi_expr_type(const struct qi_expr *);

/*
 * The stays fields the expression reads: bit f set for enum qi_field f
 * (los reads admission and discharge; any_dx the diagnosis fields).
 */
uint64_t	 qi_expr_fields(const struct qi_expr *);

/* 1 if the expression reads the stay's events. */
int		 qi_expr_uses_events(const struct qi_expr *);

/* 1 if the expression reads 様式1 items (item(), a common item's name). */
int		 qi_expr_uses_items(const struct qi_expr *);

/*
 * 1 if the expression reads the patient's next stay or the follow-up
 * end (next_admission, follow_up_end, ...: struct qi_next).
 */
int		 qi_expr_uses_links(const struct qi_expr *);

/*
 * Evaluate on one stay.  Returns a number, a bool as 0 or 1, or a date
 * in days since 1970; NaN is null.  No side effects; the same compiled
 * expression may be evaluated from several threads.  Allocates a
 * one-stay context: to evaluate many stays, use a context.
 */
double		 qi_expr_eval(const struct qi_expr *, const struct qi_stay *);

/*
 * A context for evaluating many expressions on a batch of stays, one per
 * thread.  Each expression is evaluated node by node over the batch (see
 * expr_eval.c); facts of a stay that several expressions test are worked
 * out once, on first use, and reused until the next batch -- the
 * code-list bits of each diagnosis field (dx_main in LIST, any_dx(LIST)
 * become bit tests) and the union of the events' list bits (any(LIST) is
 * false without a look at the events when no event is in LIST).  The
 * values are those of qi_expr_eval().  cs: the code lists the expressions
 * were compiled with (borrowed, may be NULL).  cap: stays in a batch.
 * Owns a code cache (at most 1.8 MB with one word of lists, allocated on
 * first use).
 */
struct qi_expr_ctx;
struct qi_expr_ctx *qi_expr_ctx_new(const struct qi_codeset *cs, size_t cap);
void		 qi_expr_ctx_free(struct qi_expr_ctx *);
/* Begin a batch: stays s[0..n), n <= cap (borrowed until the next call). */
void		 qi_expr_ctx_stays(struct qi_expr_ctx *,
		    const struct qi_stay *const *s, size_t n);
/*
 * Evaluate x on the stays sel[0..m) of the batch (indices into it):
 * out[sel[j]] is stay sel[j]'s value; out holds cap values.  Allocates
 * only the code cache and the scratch of the deepest expression yet.
 */
void		 qi_expr_eval_sel(const struct qi_expr *, struct qi_expr_ctx *,
		    const unsigned *sel, size_t m, double *out);
/*
 * Gates: quick tests that must pass for an expression to be true, a code
 * list that a diagnosis field of the stay or one of its events must be in
 * ("dx_resource in stroke_infarct and ..." needs dx_resource in
 * stroke_infarct; "any(pci) and ..." needs an event in pci).  They let
 * the engine skip a denominator most stays cannot enter: the stays that
 * pass each gate are found, for all gates, in one walk over the batch.
 *
 * qi_expr_ctx_gate() gives x's gate, the first one found in its top-level
 * "and" chain, a number in the context (expressions with the same gate
 * share it); -1 if x has none or was not compiled with the context's code
 * lists.  qi_expr_ctx_gates() finds, for every gate, the stays of
 * sel[0..m) that pass it, in order; qi_expr_ctx_gated() returns gate g's,
 * borrowed until the next qi_expr_ctx_gates(), with their number in *m.
 */
int		 qi_expr_ctx_gate(struct qi_expr_ctx *, const struct qi_expr *);
void		 qi_expr_ctx_gates(struct qi_expr_ctx *, const unsigned *sel,
		    size_t m);
const unsigned	*qi_expr_ctx_gated(const struct qi_expr_ctx *, int g,
		    size_t *m);

/* Whether x is a constant (as "true" is); its value into *v. */
int		 qi_expr_constant(const struct qi_expr *, double *v);

/*
 * A "when" condition: 1 if the expression is true, 0 if false or null.
 */
static inline int
qi_expr_true(const struct qi_expr *x, const struct qi_stay *s)
{
	return qi_expr_eval(x, s) == 1.0;
}

#endif /* QI_EXPR_H */
