/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_expr.c -- the expression language (expr_parse.c, expr_eval.c):
 * the input is an expression's text (up to its first NUL), compiled with
 * the code lists of indicators/codes for any type and as a condition.
 * What compiles is evaluated on two stays, one by one and as a batch
 * through a context, which must give the same values.
 */
#include <math.h>

#include "codelist.h"
#include "expr.h"
#include "fuzz.h"

#define NEV	4	/* events of the first stay */

static struct qi_codeset *cs;
static struct qi_stay stays[2];
static struct qi_event ev[NEV];
static uint64_t *bits;		/* NEV x qi_codeset_words() words */

/*
 * The stays: a stroke admission with rehabilitation, a drug, a procedure
 * and an event after discharge; and one with every value missing.
 */
static void
setup(void)
{
	static const struct {
		int		 day;
		const char	*code;
		double		 qty;
	} evs[NEV] = {
		{ 0, "H0011", 1 }, { 1, "620000001", 2.5 }, { 3, "K5461", 1 },
		{ 30, "D0001", 1 },
	};
	struct qi_diag *d = qi_diag_alloc();
	struct qi_stay *s = &stays[0];
	size_t i, w;

	if (qi_codeset_load(FUZZ_CODES, &cs, d) != QI_OK) {
		qi_diag_print(d, stderr);
		abort();
	}
	qi_diag_free(d);
	w = qi_codeset_words(cs);
	bits = g_new0(uint64_t, NEV * w);
	for (i = 0; i < QI_F__COUNT; i++)
		stays[0].num[i] = stays[1].num[i] = NAN;
	g_strlcpy(s->stay, "S01", sizeof(s->stay));
	g_strlcpy(s->patient, "P01", sizeof(s->patient));
	s->num[QI_F_ADMISSION] = (double)qi_civil_days(2024, 4, 1);
	s->num[QI_F_DISCHARGE] = (double)qi_civil_days(2024, 4, 21);
	s->num[QI_F_PREV_DISCHARGE] = (double)qi_civil_days(2024, 3, 1);
	s->num[QI_F_AGE] = 80;
	s->num[QI_F_SEX] = 1;
	s->num[QI_F_EMERGENCY] = 1;
	s->num[QI_F_OUTCOME] = 1;
	s->num[QI_F_ONSET_DAYS] = 1;
	s->num[QI_F_JCS] = 10;
	g_strlcpy(s->code[0], "I639", QI_CODE_MAX);
	g_strlcpy(s->code[1], "I639", QI_CODE_MAX);
	g_strlcpy(s->code[2], "I634", QI_CODE_MAX);
	g_strlcpy(s->comorbid[0], "E119", QI_CODE_MAX);
	g_strlcpy(s->comorbid[1], "I48", QI_CODE_MAX);
	s->ncomorbid = 2;
	g_strlcpy(s->complication[0], "J690", QI_CODE_MAX);
	s->ncomplication = 1;
	for (i = 0; i < NEV; i++) {
		ev[i].day = evs[i].day;
		ev[i].kind = QI_EV_OTHER;
		ev[i].qty = evs[i].qty;
		g_strlcpy(ev[i].code, evs[i].code, QI_CODE_MAX);
		qi_codeset_match(cs, ev[i].code, bits + i * w);
		ev[i].lists = bits + i * w;
	}
	s->ev = ev;
	s->nev = NEV;
}

/* Equal values, null (NaN) included. */
static int
same(double a, double b)
{
	return a == b || (isnan(a) && isnan(b));
}

static void
evaluate(const struct qi_expr *x)
{
	const struct qi_stay *ptr[2] = { &stays[0], &stays[1] };
	const unsigned sel[2] = { 0, 1 };
	struct qi_expr_ctx *ctx = qi_expr_ctx_new(cs, 2);
	double out[2], v;
	size_t i, m;
	int g;

	(void)qi_expr_type(x);
	(void)qi_expr_fields(x);
	(void)qi_expr_uses_events(x);
	(void)qi_expr_constant(x, &v);
	qi_expr_ctx_stays(ctx, ptr, 2);
	if ((g = qi_expr_ctx_gate(ctx, x)) >= 0) {
		qi_expr_ctx_gates(ctx, sel, 2);
		(void)qi_expr_ctx_gated(ctx, g, &m);
	}
	qi_expr_eval_sel(x, ctx, sel, 2, out);
	for (i = 0; i < 2; i++)
		if (!same(out[i], qi_expr_eval(x, &stays[i])))
			abort();
	qi_expr_ctx_free(ctx);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum qi_vtype wants[] = { QI_VT_ANY, QI_VT_BOOL };
	struct qi_diag *d;
	struct qi_expr *x;
	char *src;
	size_t i;

	if (cs == NULL)
		setup();
	src = g_strndup((const char *)data, size);
	for (i = 0; i < G_N_ELEMENTS(wants); i++) {
		d = qi_diag_alloc();
		if ((x = qi_expr_compile(src, cs, "fuzz.yaml", 3, 9, wants[i],
		    d)) != NULL) {
			evaluate(x);
			qi_expr_free(x);
		}
		fuzz_diag_done(d);
	}
	g_free(src);
	return 0;
}
