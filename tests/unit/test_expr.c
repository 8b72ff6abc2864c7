/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_expr.c -- unit tests for the expression language (expr_parse.c,
 * expr_eval.c): the worked examples of specs/expressions.md (read from
 * the spec's ```example blocks and executed here), precedence, null
 * truth tables, event windows, and every kind of error at its line and
 * column with its hint.
 *
 * SPEC: specs/expressions.md
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "codelist.h"
#include "expr.h"
#include "items.h"
#include "qi.h"
#include "stay.h"
#include "fixture.h"
#include "oracle.h"

#define SPEC	QI_TEST_DATA "/../specs/expressions.md"
#define EV_MAX	64
#define IT_MAX	16
#define WORDS	4

/* A stay with its events and their list bits, built from text. */
struct world {
	char			*dir;		/* code lists */
	struct qi_codeset	*cs;
	struct qi_stay		 stay;
	struct qi_event		 ev[EV_MAX];
	uint64_t		 bits[EV_MAX][WORDS];
	struct qi_item		 items[IT_MAX];
};

static double
parse_date(const char *s)
{
	int y, m, d;
	GDate *g;
	double v;

	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    !g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y))
		fail_msg("bad date '%s'", s);
	g = g_date_new_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
	v = (double)g_date_get_julian(g) - 719163.0;
	g_date_free(g);
	return v;
}

/* Set one stays field from "name=value" (value "" = missing). */
static void
set_field(struct qi_stay *s, const char *kv)
{
	char **p = g_strsplit(kv, "=", 2);
	int f = -1;

	if (p[0] == NULL || p[1] == NULL || (f = qi_field_lookup(p[0])) < 0)
		fail_msg("bad stay field '%s'", kv);
	switch (qi_stay_fields[f].type) {
	case QI_FT_DATE:
		s->num[f] = p[1][0] ? parse_date(p[1]) : NAN;
		break;
	case QI_FT_CODE:
		g_strlcpy(s->code[f - QI_F_DX_MAIN], p[1], QI_CODE_MAX);
		break;
	case QI_FT_CODES: {
		char **c = g_strsplit(p[1], ";", -1);
		size_t i, n = 0;

		for (i = 0; c[i] != NULL && p[1][0]; i++, n++)
			g_strlcpy(f == QI_F_DX_COMORBID ? s->comorbid[i] :
			    s->complication[i], c[i], QI_CODE_MAX);
		if (f == QI_F_DX_COMORBID)
			s->ncomorbid = n;
		else
			s->ncomplication = n;
		g_strfreev(c);
		break;
	}
	case QI_FT_TEXT:
		break;
	default:
		s->num[f] = p[1][0] ? g_ascii_strtod(p[1], NULL) : NAN;
	}
	g_strfreev(p);
}

/*
 * The world's code lists from "name = CODE CODE*..." lines (event codes)
 * and "icd10 name = ..." lines (diagnoses).
 */
static void
world_lists(struct world *w, const char *const *lists)
{
	struct qi_diag *diag = qi_diag_alloc();
	size_t i;

	w->dir = fixture_dir();
	for (i = 0; lists[i] != NULL; i++) {
		char **p = g_strsplit(lists[i], "=", 2);
		char **c, *name, *file;
		GString *text;
		size_t j;

		name = g_strstrip(p[0]);
		text = g_string_new("code,label\n");
		if (g_str_has_prefix(name, "icd10 ")) {
			g_string_assign(text, "icd10,label\n");
			name = g_strstrip(name + 6);
		}
		c = g_strsplit(g_strstrip(p[1]), " ", -1);
		for (j = 0; c[j] != NULL; j++)
			if (c[j][0] != '\0')
				g_string_append_printf(text, "%s,\n", c[j]);
		file = g_strdup_printf("%s.csv", name);
		g_free(fixture_file(w->dir, file, text->str));
		g_free(file);
		g_string_free(text, TRUE);
		g_strfreev(c);
		g_strfreev(p);
	}
	if (qi_codeset_load(w->dir, &w->cs, diag) != QI_OK) {
		char *t = fixture_diag_text(diag);
		fail_msg("%s", t);
	}
	assert_true(qi_codeset_words(w->cs) <= WORDS);
	qi_diag_free(diag);
}

static void
world_stay(struct world *w, const char *fields)
{
	char **kv = g_strsplit(fields, " ", -1);
	size_t i;

	memset(&w->stay, 0, sizeof(w->stay));
	for (i = 0; i < QI_F__COUNT; i++)
		w->stay.num[i] = NAN;
	for (i = 0; kv[i] != NULL; i++)
		if (kv[i][0] != '\0')
			set_field(&w->stay, kv[i]);
	g_strfreev(kv);
	w->stay.ev = w->ev;
	w->stay.items = w->items;
}

/*
 * Add a 様式1 item "CODE SEQ P1|P2|...", its payloads typed as the item
 * table types them (a date as YYYY-MM-DD), kept in (code, 連番) order.
 */
static void
world_item(struct world *w, const char *text)
{
	char code[16], pay[256] = "";
	unsigned seq, i;
	struct qi_item it;
	char **p;
	long k = -1;
	size_t j;

	if (sscanf(text, "%15s %u %255s", code, &seq, pay) < 2 ||
	    (k = qi_item_lookup(code, strlen(code))) < 0)
		fail_msg("bad item '%s'", text);
	assert_true(w->stay.nitems < IT_MAX);
	memset(&it, 0, sizeof(it));
	it.key = qi_item_key(code, strlen(code));
	it.seq = seq;
	p = g_strsplit(pay, "|", 9);
	for (i = 0; i < 9; i++) {
		const char *v = i < g_strv_length(p) ? p[i] : "";

		it.num[i] = NAN;
		if (v[0] == '\0')
			continue;
		switch (qi_items[k].p[i].type) {
		case QI_PT_DATE:
			it.num[i] = parse_date(v);
			break;
		case QI_PT_NUMBER:
			it.num[i] = g_ascii_strtod(v, NULL);
			break;
		default:
			g_strlcpy(it.code[i], v, QI_CODE_MAX);
			break;
		}
	}
	g_strfreev(p);
	for (j = w->stay.nitems; j > 0 && (w->items[j - 1].key > it.key ||
	    (w->items[j - 1].key == it.key && w->items[j - 1].seq > seq)); j--)
		w->items[j] = w->items[j - 1];
	w->items[j] = it;
	w->stay.nitems++;
}

/*
 * Event e from "DAY CODE [QTY] [category=N] [department=D] [ward=W]",
 * its list bits in bits (WORDS words).
 */
static void
event_of(const struct qi_codeset *cs, const char *text, struct qi_event *e,
    uint64_t *bits)
{
	char code[32];
	const char *kv;
	double qty = 1;

	memset(e, 0, sizeof(*e));
	if (sscanf(text, "%d %31s %lf", &e->day, code, &qty) < 2)
		fail_msg("bad event '%s'", text);
	if ((kv = strstr(text, "category=")) != NULL)
		e->category = atoi(kv + 9);
	if ((kv = strstr(text, "department=")) != NULL)
		sscanf(kv + 11, "%15s", e->department);
	if ((kv = strstr(text, "ward=")) != NULL)
		sscanf(kv + 5, "%15s", e->ward);
	g_strlcpy(e->code, code, QI_CODE_MAX);
	e->qty = qty;
	qi_codeset_match(cs, e->code, bits);
	e->lists = bits;
}

/* Add an event "DAY CODE [QTY]"; events must come in day order. */
static void
world_event(struct world *w, const char *text)
{
	assert_true(w->stay.nev < EV_MAX);
	event_of(w->cs, text, &w->ev[w->stay.nev], w->bits[w->stay.nev]);
	w->stay.nev++;
}

static void
world_free(struct world *w)
{
	qi_codeset_free(w->cs);
	w->cs = NULL;
	if (w->dir != NULL)
		fixture_rmdir(w->dir);
	w->dir = NULL;
}

/* Compile, expecting success. */
static struct qi_expr *
compile(const struct world *w, const char *src, enum qi_vtype want)
{
	struct qi_diag *diag = qi_diag_alloc();
	struct qi_expr *x = qi_expr_compile(src, w->cs, "t.yaml", 1, 1, want,
	    diag);

	if (x == NULL) {
		char *t = fixture_diag_text(diag);
		fail_msg("%s: %s", src, t);
	}
	qi_diag_free(diag);
	return x;
}

static double
eval(const struct world *w, const char *src)
{
	struct qi_expr *x = compile(w, src, QI_VT_ANY);
	double v = qi_expr_eval(x, &w->stay);

	qi_expr_free(x);
	return v;
}

/* "true", "false", "null", a date or a number. */
static double
value_of(const char *s)
{
	if (strcmp(s, "true") == 0)
		return 1;
	if (strcmp(s, "false") == 0)
		return 0;
	if (strcmp(s, "null") == 0)
		return NAN;
	if (strlen(s) == 10 && s[4] == '-')
		return parse_date(s);
	return g_ascii_strtod(s, NULL);
}

static int
same(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

#define assert_eval(w, src, expected) do {				\
	double v_ = eval((w), (src)), e_ = (expected);			\
	if (!same(v_, e_))						\
		fail_msg("%s = %g, expected %g", (src), v_, e_);	\
} while (0)

/* The diagnostics of compiling src at line, col (expected to fail). */
static char *
errors_of(const struct world *w, const char *src, unsigned line,
    unsigned col, enum qi_vtype want, size_t nerr)
{
	struct qi_diag *diag = qi_diag_alloc();
	struct qi_expr *x = qi_expr_compile(src, w->cs, "d.yaml", line, col,
	    want, diag);
	char *t = fixture_diag_text(diag);

	if (x != NULL)
		fail_msg("'%s' compiled", src);
	if (qi_diag_count(diag, QI_ERROR) != nerr)
		fail_msg("'%s': %zu errors, expected %zu:\n%s", src,
		    qi_diag_count(diag, QI_ERROR), nerr, t);
	qi_diag_free(diag);
	return t;
}

#define assert_has(text, needle) do {					\
	if (strstr((text), (needle)) == NULL)				\
		fail_msg("missing \"%s\" in:\n%s", (needle), (text));	\
} while (0)

/* ------------------------------------------------- the spec's examples */

/*
 * Every ```example block of specs/expressions.md: "list NAME = CODES",
 * "stay FIELD=VALUE ...", "event DAY CODE [QTY]", then "EXPR => VALUE"
 * (evaluated) or "EXPR => error LINE:COL MESSAGE" (compiled at 1:1 and
 * the message expected at LINE:COL).
 */
static void
spec_examples_hold(void **state)
{
	char *text = NULL, **lines;
	size_t i, nblocks = 0, nchecks = 0;
	int in = 0;
	GPtrArray *lists = NULL;
	struct world w;

	(void)state;
	memset(&w, 0, sizeof(w));
	assert_true(g_file_get_contents(SPEC, &text, NULL, NULL));
	lines = g_strsplit(text, "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		char *l = lines[i], *arrow;

		if (!in) {
			if (strcmp(l, "```example") == 0) {
				in = 1;
				nblocks++;
				lists = g_ptr_array_new();
				world_stay(&w, "");
			}
			continue;
		}
		if (strcmp(l, "```") == 0) {
			in = 0;
			world_free(&w);
			g_ptr_array_free(lists, TRUE);
			continue;
		}
		if (g_str_has_prefix(l, "list ")) {
			g_ptr_array_add(lists, l + 5);
			continue;
		}
		if (g_str_has_prefix(l, "icd10 ")) {
			g_ptr_array_add(lists, l);
			continue;
		}
		if (w.cs == NULL) {
			g_ptr_array_add(lists, NULL);
			world_lists(&w, (const char *const *)lists->pdata);
		}
		if (g_str_has_prefix(l, "stay ")) {
			world_stay(&w, l + 5);
			continue;
		}
		if (g_str_has_prefix(l, "event ")) {
			world_event(&w, l + 6);
			continue;
		}
		if (g_str_has_prefix(l, "item ")) {
			world_item(&w, l + 5);
			continue;
		}
		if ((arrow = strstr(l, " => ")) == NULL)
			continue;	/* a comment line */
		*arrow = '\0';
		arrow += 4;
		if (g_str_has_prefix(arrow, "error ")) {
			unsigned el, ec;
			int n = 0;
			char *want, *t;

			if (sscanf(arrow, "error %u:%u: %n", &el, &ec, &n) < 2 ||
			    n == 0)
				fail_msg("bad error example '%s'", arrow);
			t = errors_of(&w, g_strstrip(l), 1, 1, QI_VT_ANY, 1);
			want = g_strdup_printf("d.yaml:%u:%u: error: %s", el, ec,
			    arrow + n);
			if (strstr(t, want) == NULL)
				fail_msg("%s: expected \"%s\", got:\n%s", l,
				    want, t);
			g_free(want);
			g_free(t);
		} else {
			double v = eval(&w, g_strstrip(l));

			if (!same(v, value_of(g_strstrip(arrow))))
				fail_msg("spec example %s = %g, expected %s",
				    l, v, arrow);
		}
		nchecks++;
	}
	assert_false(in);
	g_strfreev(lines);
	g_free(text);
	/* the spec must keep its examples */
	assert_true(nblocks >= 4);
	assert_true(nchecks >= 30);
}

/* ----------------------------------------------------------- precedence */

static const char *const no_lists[] = { NULL };

/* The value of src, or -999 if it does not compile. */
static double
eval_or_error(const struct world *w, const char *src)
{
	struct qi_diag *diag = qi_diag_alloc();
	struct qi_expr *x = qi_expr_compile(src, w->cs, "t", 1, 1, QI_VT_ANY,
	    diag);
	double v = x != NULL ? qi_expr_eval(x, &w->stay) : -999;

	qi_expr_free(x);
	qi_diag_free(diag);
	return v;
}

static void
arithmetic_binds_tighter_than_comparison_and_logic(void **state)
{
	struct world w;

	(void)state;
	memset(&w, 0, sizeof(w));
	world_lists(&w, no_lists);
	world_stay(&w, "age=70 killip=2");
	assert_eval(&w, "1 + 2 * 3", 7);
	assert_eval(&w, "(1 + 2) * 3", 9);
	assert_eval(&w, "10 - 4 - 3", 3);		/* left to right */
	assert_eval(&w, "12 / 3 / 2", 2);
	assert_eval(&w, "-2 * -3", 6);
	assert_eval(&w, "- - 2", 2);
	assert_eval(&w, "-age + 1", -69);
	assert_eval(&w, "age - 10 >= 60", 1);
	assert_eval(&w, "1 / 0", NAN);			/* division by 0: null */
	assert_eval(&w, "age / (killip - 2)", NAN);
	assert_eval(&w, ".5 + 0.25", 0.75);
	/* not < and < or: not a or b = (not a) or b */
	assert_eval(&w, "not false or true", 1);
	assert_eval(&w, "not (false or true)", 0);
	assert_eval(&w, "true or false and false", 1);	/* and first */
	assert_eval(&w, "(true or false) and false", 0);
	assert_eval(&w, "not age > 80", 1);		/* not (age > 80) */
	assert_eval(&w, "not not true", 1);
	assert_eval(&w, "killip in (1, 2) and age >= 70", 1);
	assert_eval(&w, "killip in (-1, 3)", 0);
	assert_true(eval_or_error(&w, "age == 70 == true") == -999);
	world_free(&w);
}

/* ------------------------------------------------------------------ null */

static void
and_or_not_follow_kleene_logic(void **state)
{
	static const char *const v[] = { "true", "false", "null" };
	/* expected[a][b] for a and b, a or b; 2 = null */
	static const int and_t[3][3] = { { 1, 0, 2 }, { 0, 0, 0 }, { 2, 0, 2 } };
	static const int or_t[3][3] = { { 1, 1, 1 }, { 1, 0, 2 }, { 1, 2, 2 } };
	static const int not_t[3] = { 0, 1, 2 };
	struct world w;
	size_t a, b;
	char src[64];

	(void)state;
	memset(&w, 0, sizeof(w));
	world_lists(&w, no_lists);
	world_stay(&w, "");
	for (a = 0; a < 3; a++) {
		for (b = 0; b < 3; b++) {
			snprintf(src, sizeof(src), "%s and %s", v[a], v[b]);
			assert_eval(&w, src, and_t[a][b] == 2 ? NAN :
			    and_t[a][b]);
			snprintf(src, sizeof(src), "%s or %s", v[a], v[b]);
			assert_eval(&w, src, or_t[a][b] == 2 ? NAN : or_t[a][b]);
		}
		snprintf(src, sizeof(src), "not %s", v[a]);
		assert_eval(&w, src, not_t[a] == 2 ? NAN : not_t[a]);
	}
	/* the same through fields, where null means missing */
	world_stay(&w, "emergency=1 ambulance=");
	assert_eval(&w, "emergency and ambulance", NAN);
	assert_eval(&w, "not emergency and ambulance", 0);
	assert_eval(&w, "emergency or ambulance", 1);
	assert_eval(&w, "ambulance == 1", NAN);
	assert_eval(&w, "missing(ambulance)", 1);
	assert_eval(&w, "missing(emergency)", 0);
	assert_eval(&w, "ambulance in (0, 1)", NAN);
	assert_eval(&w, "age + 1", NAN);
	assert_eval(&w, "age < 3", NAN);
	assert_eval(&w, "-age", NAN);
	assert_eval(&w, "coalesce(age, killip, 4)", 4);
	assert_eval(&w, "coalesce(null, 2)", 2);
	assert_eval(&w, "min(age, 3)", NAN);
	assert_eval(&w, "max(2, 3)", 3);
	assert_eval(&w, "min(2, 3)", 2);
	assert_eval(&w, "dx_main in (\"I63*\")", NAN);	/* missing code */
	assert_eval(&w, "dx_main == \"I639\"", NAN);
	assert_eval(&w, "missing(dx_main)", 1);
	assert_eval(&w, "missing(dx_comorbid)", 1);
	assert_eval(&w, "dx_comorbid in (\"E11*\")", 0);	/* none: false */
	assert_eval(&w, "missing(null)", 1);
	assert_eval(&w, "null", NAN);
	world_free(&w);
}

/* A "when" that is null counts as false (qi_expr_true). */
static void
null_condition_is_not_true(void **state)
{
	struct world w;
	struct qi_expr *x;

	(void)state;
	memset(&w, 0, sizeof(w));
	world_lists(&w, no_lists);
	world_stay(&w, "age=");
	x = compile(&w, "age >= 65", QI_VT_BOOL);
	assert_false(qi_expr_true(x, &w.stay));
	assert_false(qi_expr_true(x, &w.stay) || 0);
	w.stay.num[QI_F_AGE] = 65;
	assert_true(qi_expr_true(x, &w.stay));
	w.stay.num[QI_F_AGE] = 64;
	assert_false(qi_expr_true(x, &w.stay));
	assert_int_equal(qi_expr_type(x), QI_VT_BOOL);
	assert_true(qi_expr_fields(x) == (uint64_t)1 << QI_F_AGE);
	assert_false(qi_expr_uses_events(x));
	qi_expr_free(x);
	world_free(&w);
}

/* ---------------------------------------------------------- codes, dates */

static const char *const dx_lists[] = {
	"icd10 stroke = I63* I61",
	"icd10 diabetes = E11* E14*",
	"rehab = H001 H0011*",
	"abx = 6132*",
	"unused = 9999*",
	NULL
};

static void
codes_match_lists_by_prefix(void **state)
{
	struct world w;

	(void)state;
	memset(&w, 0, sizeof(w));
	world_lists(&w, dx_lists);
	world_stay(&w, "dx_main=I639 dx_trigger=I61 dx_resource=I6 "
	    "dx_comorbid=N184;E119 dx_complication=J690");
	assert_eval(&w, "dx_main in stroke", 1);
	assert_eval(&w, "dx_trigger in stroke", 1);
	assert_eval(&w, "dx_resource in stroke", 0);	/* I6 is shorter */
	assert_eval(&w, "dx_comorbid in diabetes", 1);	/* any element */
	assert_eval(&w, "dx_complication in diabetes", 0);
	assert_eval(&w, "dx_main in diabetes", 0);
	assert_eval(&w, "any_dx(diabetes)", 1);		/* through comorbid */
	assert_eval(&w, "any_dx(stroke)", 1);
	assert_eval(&w, "dx_main == \"I639\"", 1);
	assert_eval(&w, "dx_main != \"I639\"", 0);
	assert_eval(&w, "dx_main == dx_trigger", 0);
	assert_eval(&w, "dx_main in (\"I63\", \"I639\")", 1);
	assert_eval(&w, "dx_main in (\"I63\")", 0);	/* exact */
	assert_eval(&w, "dx_main in (\"I6*\")", 1);	/* prefix */
	assert_eval(&w, "dx_comorbid in (\"E1*\")", 1);
	assert_eval(&w, "coalesce(dx_main, \"X\") == \"I639\"", 1);
	assert_eval(&w, "missing(dx_comorbid)", 0);
	/* complications are not in any_dx */
	world_stay(&w, "dx_complication=E119");
	assert_eval(&w, "any_dx(diabetes)", 0);
	assert_eval(&w, "coalesce(dx_main, \"E110\") in diabetes", 1);
	world_free(&w);
}

static void
dates_subtract_to_days(void **state)
{
	struct world w;

	(void)state;
	memset(&w, 0, sizeof(w));
	world_lists(&w, no_lists);
	world_stay(&w, "admission=2024-02-27 discharge=2024-03-02 "
	    "prev_discharge=2024-01-31");
	assert_eval(&w, "los", 4);			/* 2024 is a leap year */
	assert_eval(&w, "discharge - admission", 4);
	assert_eval(&w, "days_between(admission, discharge)", 4);
	assert_eval(&w, "days_between(discharge, admission)", -4);
	assert_eval(&w, "days_between(prev_discharge, admission)", 27);
	assert_eval(&w, "admission + 3", value_of("2024-03-01"));
	assert_eval(&w, "3 + admission", value_of("2024-03-01"));
	assert_eval(&w, "discharge - 1", value_of("2024-03-01"));
	assert_eval(&w, "admission >= date(\"2024-02-27\")", 1);
	assert_eval(&w, "admission > date(\"2024-02-27\")", 0);
	assert_eval(&w, "date(\"1970-01-01\")", 0);
	assert_eval(&w, "max(admission, prev_discharge)",
	    value_of("2024-02-27"));
	world_stay(&w, "admission=2024-02-27");
	assert_eval(&w, "los", NAN);
	assert_eval(&w, "days_between(prev_discharge, admission) <= 30", NAN);
	world_free(&w);
}

/* ---------------------------------------------------------------- events */

static void
event_windows_are_inclusive_and_null_bounds_open(void **state)
{
	struct world w;

	(void)state;
	memset(&w, 0, sizeof(w));
	world_lists(&w, dx_lists);
	world_stay(&w, "admission=2024-04-01 discharge=2024-04-11");
	world_event(&w, "0 613210 1");
	world_event(&w, "2 H001 1");
	world_event(&w, "2 H001 2");
	world_event(&w, "3 H0011 1.5");
	world_event(&w, "3 X999 1");
	world_event(&w, "5 H001 1");
	world_event(&w, "5 613299 1");
	world_event(&w, "9 H001 1");

	assert_eval(&w, "any(rehab)", 1);
	assert_eval(&w, "any(rehab, 0, 1)", 0);
	assert_eval(&w, "any(rehab, 0, 2)", 1);		/* to inclusive */
	assert_eval(&w, "any(rehab, 9, 9)", 1);		/* from inclusive */
	assert_eval(&w, "any(rehab, 10, null)", 0);
	assert_eval(&w, "any(rehab, 6, null)", 1);
	assert_eval(&w, "any(rehab, null, 1)", 0);
	assert_eval(&w, "any(rehab, 4, 3)", 0);		/* empty window */
	assert_eval(&w, "any(abx, null, null)", 1);
	assert_eval(&w, "count(rehab)", 5);
	assert_eval(&w, "count(rehab, 2, 3)", 3);
	assert_eval(&w, "count(abx)", 2);
	assert_eval(&w, "qty(rehab)", 6.5);
	assert_eval(&w, "qty(rehab, 3, 3)", 1.5);
	assert_eval(&w, "qty(rehab, 4, 4)", 0);
	assert_eval(&w, "first_day(rehab)", 2);
	assert_eval(&w, "last_day(rehab)", 9);
	assert_eval(&w, "first_day(rehab, 3, null)", 3);
	assert_eval(&w, "last_day(rehab, null, 8)", 5);
	assert_eval(&w, "first_day(unused)", NAN);	/* none: null */
	assert_eval(&w, "last_day(unused)", NAN);
	assert_eval(&w, "count(unused)", 0);
	/* days_with() sums the quantities of a day: 3, 1.5, 1, 1 */
	assert_eval(&w, "days_with(rehab, 1)", 4);	/* days 2, 3, 5, 9 */
	assert_eval(&w, "days_with(rehab, 2)", 1);	/* day 2 */
	assert_eval(&w, "days_with(rehab, 3)", 1);	/* day 2: 1 + 2 */
	assert_eval(&w, "days_with(rehab, 3.5)", 0);
	assert_eval(&w, "days_with(rehab, 1.5)", 2);	/* days 2, 3 */
	assert_eval(&w, "days_with(rehab, 0)", 4);	/* every event day */
	assert_eval(&w, "days_with(rehab, 1, 3, 9)", 3);
	assert_eval(&w, "days_with(rehab, 2, 3, 9)", 0);	/* 1.5, 1, 1 */
	assert_eval(&w, "days_with(rehab, null)", NAN);
	/* bounds are expressions evaluated on the stay */
	assert_eval(&w, "any(abx, first_day(rehab) + 1, los)", 1);
	assert_eval(&w, "any(abx, first_day(rehab) - 2, first_day(rehab) - 1)",
	    1);
	assert_eval(&w, "any(abx, 1, first_day(rehab) + 2)", 0);
	/* a null bound from an expression is no bound */
	assert_eval(&w, "count(abx, first_day(unused), null)", 2);
	assert_eval(&w, "count(rehab, null, last_day(unused))", 5);
	/* no events at all */
	w.stay.nev = 0;
	assert_eval(&w, "any(rehab)", 0);
	assert_eval(&w, "qty(rehab)", 0);
	assert_eval(&w, "days_with(rehab, 1)", 0);
	world_free(&w);
}

static void
fields_and_events_used_are_reported(void **state)
{
	struct world w;
	struct qi_expr *x;

	(void)state;
	memset(&w, 0, sizeof(w));
	world_lists(&w, dx_lists);
	x = compile(&w, "los > 1 and any(rehab) or any_dx(stroke)", QI_VT_BOOL);
	assert_true(qi_expr_fields(x) == ((uint64_t)1 << QI_F_ADMISSION |
	    (uint64_t)1 << QI_F_DISCHARGE | (uint64_t)1 << QI_F_DX_MAIN |
	    (uint64_t)1 << QI_F_DX_TRIGGER | (uint64_t)1 << QI_F_DX_RESOURCE |
	    (uint64_t)1 << QI_F_DX_COMORBID));
	assert_true(qi_expr_uses_events(x));
	qi_expr_free(x);
	x = compile(&w, "restraint_days", QI_VT_NUMBER);
	assert_int_equal(qi_expr_type(x), QI_VT_NUMBER);
	qi_expr_free(x);
	x = compile(&w, "null", QI_VT_BOOL);
	assert_int_equal(qi_expr_type(x), QI_VT_BOOL);
	assert_true(isnan(qi_expr_eval(x, &w.stay)));
	qi_expr_free(x);
	world_free(&w);
}

/* --------------------------------------------------------------- errors */

/* Compile src at 1:1 expecting one error "1:COL: error: MSG..." whose
   hint contains hint. */
static void
check_error(const struct world *w, const char *src, enum qi_vtype want,
    const char *where_msg, const char *hint)
{
	char *t = errors_of(w, src, 1, 1, want, 1);
	char *m = g_strdup_printf("d.yaml:%s", where_msg);

	assert_has(t, m);
	if (hint != NULL)	/* a part of the hint line */
		assert_has(strstr(t, "    hint: "), hint);
	g_free(m);
	g_free(t);
}

/* Expressions with one error each, compiled at 1:1. */
static const struct {
	const char	*src;
	enum qi_vtype	 want;
	const char	*where_msg;	/* "LINE:COL: error: MESSAGE" (a prefix) */
	const char	*hint;		/* part of the hint, or NULL */
} bad_exprs[] = {
	{ "age + dx_main", QI_VT_ANY,
	    "1:5: error: type mismatch: number + code", "arithmetic takes" },
	{ "onset_day <= 3", QI_VT_BOOL,
	    "1:1: error: unknown name 'onset_day'",
	    "did you mean 'onset_days'?" },
	{ "not missing", QI_VT_BOOL,
	    "1:5: error: function 'missing' used without arguments",
	    "call it: missing(x)" },
	{ "xyzzy", QI_VT_BOOL,
	    "1:1: error: unknown name 'xyzzy'", "names are the stays" },
	{ "anny(rehab)", QI_VT_BOOL,
	    "1:1: error: unknown function 'anny'", "did you mean 'any'?" },
	{ "frobnicate(rehab)", QI_VT_BOOL,
	    "1:1: error: unknown function 'frobnicate'", "functions: any," },
	{ "dx_main in strok", QI_VT_BOOL,
	    "1:12: error: unknown code list 'strok'",
	    "did you mean 'stroke'?" },
	{ "any(diabetis, 0, 3)", QI_VT_BOOL,
	    "1:5: error: unknown code list 'diabetis'",
	    "did you mean 'diabetes'?" },
	{ "dx_main in age", QI_VT_BOOL,
	    "1:12: error: unknown code list 'age'", "'age' is a field" },
	{ "stroke and true", QI_VT_BOOL,
	    "1:1: error: code list 'stroke' used as a value",
	    "'stroke' is a code list: write e.g. 'dx_main in stroke'" },
	{ "hospital == \"X\"", QI_VT_BOOL,
	    "1:1: error: 'hospital' is an identifier column", NULL },
	{ "(age > 3 and (los < 2)", QI_VT_BOOL,
	    "1:23: error: expected ')' before end of expression",
	    "to close the '(' at 1:1" },
	{ "any(rehab, 0, 3", QI_VT_BOOL,
	    "1:16: error: expected ')' before end of expression",
	    "to close the '(' at 1:4" },
	{ "age > 3)", QI_VT_BOOL,
	    "1:8: error: unexpected ')'", "this ')' closes no '('" },
	{ "age 3", QI_VT_BOOL,
	    "1:5: error: unexpected '3'", "an operator is missing" },
	{ "age = 3", QI_VT_BOOL,
	    "1:5: error: unexpected '='", "did you mean '=='?" },
	{ "age >= 65 && dementia", QI_VT_BOOL,
	    "1:11: error: unexpected '&'", "write 'and'" },
	{ "age >= 65 || dementia", QI_VT_BOOL,
	    "1:11: error: unexpected '|'", "write 'or'" },
	{ "!dementia", QI_VT_BOOL,
	    "1:1: error: unexpected '!'", "write 'not'" },
	{ "dx_main == 'I639'", QI_VT_BOOL,
	    "1:12: error: unexpected \"'\"", "double quotes" },
	{ "dx_main == \"I639", QI_VT_BOOL,
	    "1:12: error: unterminated string", NULL },
	{ "age > 3x", QI_VT_BOOL,
	    "1:7: error: bad number '3x'", NULL },
	{ "age >= 65 and", QI_VT_BOOL,
	    "1:14: error: expected a value before end of expression",
	    "incomplete" },
	{ "", QI_VT_BOOL, "1:1: error: empty expression", NULL },
	{ "   ", QI_VT_BOOL, "1:1: error: empty expression", NULL },
	{ "1 < age < 3", QI_VT_BOOL,
	    "1:9: error: unexpected comparison after a comparison",
	    "comparisons do not chain" },
	{ "age == null", QI_VT_BOOL,
	    "1:5: error: comparison with null is always null",
	    "use missing(x)" },
	{ "dementia < 1", QI_VT_BOOL,
	    "1:10: error: type mismatch: bool < number",
	    "a bool is compared with == and != only" },
	{ "admission > \"2024-04-01\"", QI_VT_BOOL,
	    "1:11: error: type mismatch: date > string",
	    "date(\"2024-04-01\")" },
	{ "admission > 3", QI_VT_BOOL,
	    "1:11: error: type mismatch: date > number", "days_between" },
	{ "dx_comorbid == \"E119\"", QI_VT_BOOL,
	    "1:13: error: type mismatch: codes == string",
	    "dx_comorbid in diabetes" },
	{ "dx_main < \"I63\"", QI_VT_BOOL,
	    "1:9: error: type mismatch: code < string", "== and != only" },
	{ "age in stroke", QI_VT_BOOL,
	    "1:5: error: type mismatch: number in a code list", "any(LIST)" },
	{ "dx_main in (6, 7)", QI_VT_BOOL,
	    "1:13: error: type mismatch: code in a list of numbers",
	    "double quotes" },
	{ "outcome in (\"6\")", QI_VT_BOOL,
	    "1:13: error: type mismatch: number in a list of strings", NULL },
	{ "outcome in (6, age)", QI_VT_BOOL,
	    "1:16: error: expected a number or a string before 'age'", NULL },
	{ "outcome in 6", QI_VT_BOOL,
	    "1:12: error: expected a code list name or a list before '6'",
	    NULL },
	{ "(6, 7)", QI_VT_BOOL, "1:3: error: unexpected ','",
	    "after 'in'" },
	{ "age and true", QI_VT_BOOL,
	    "1:5: error: 'and' takes a bool, not a number", NULL },
	{ "not los", QI_VT_BOOL,
	    "1:1: error: 'not' takes a bool, not a number", NULL },
	{ "-dx_main", QI_VT_ANY,
	    "1:1: error: cannot negate a code", NULL },
	{ "(age >= 75) + dx_main", QI_VT_ANY,
	    "1:13: error: type mismatch: bool + code", NULL },
	{ "if(age >= 75, 1)", QI_VT_ANY,
	    "1:1: error: if takes 3 arguments, not 2 arguments",
	    "if(condition, a, b)" },
	{ "if(age >= 75, dx_main, 1)", QI_VT_ANY,
	    "1:15: error: if() gives a number, bool or date, not a code",
	    NULL },
	{ "los", QI_VT_BOOL,
	    "1:1: error: expected a bool expression, not a number",
	    "e.g. 'age >= 65'" },
	{ "los > 3", QI_VT_NUMBER,
	    "1:1: error: expected a number expression, not a bool", NULL },
	{ "dx_main", QI_VT_ANY,
	    "1:1: error: expected a number, bool or date expression, not a "
	    "code", NULL },
	{ "any(rehab, 0)", QI_VT_BOOL,
	    "1:1: error: any takes a code list and optionally a day window "
	    "[from, to], not 2 arguments", "any(LIST[, from, to])" },
	{ "days_with(rehab)", QI_VT_ANY,
	    "1:1: error: days_with takes", "days_with(LIST, N[, from, to])" },
	{ "missing(age, los)", QI_VT_BOOL,
	    "1:1: error: missing takes 1 argument, not 2 arguments", NULL },
	{ "any(3)", QI_VT_BOOL,
	    "1:5: error: expected a code list name before '3'", NULL },
	{ "any(rehab, admission, 3)", QI_VT_BOOL,
	    "1:12: error: argument 2 of any must be a number, not a date",
	    NULL },
	{ "days_between(admission, 3) > 1", QI_VT_BOOL,
	    "1:25: error: argument 2 of days_between must be a date", NULL },
	{ "coalesce(age, admission) > 1", QI_VT_BOOL,
	    "1:15: error: type mismatch in coalesce(): number and date", NULL },
	{ "admission > date(\"2024-02-30\")", QI_VT_BOOL,
	    "1:19: error: bad date \"2024-02-30\"", "YYYY-MM-DD" },
	{ "admission > date(2024)", QI_VT_BOOL,
	    "1:18: error: date() takes a date in double quotes", NULL },
	{ "age >\xef\xbc\x9d 65", QI_VT_BOOL,
	    "1:6: error: unexpected character '\xef\xbc\x9d'", "full-width" },
	{ "age > 6\xff", QI_VT_BOOL,
	    "1:8: error: invalid UTF-8", "ASCII" },
};

static void
every_error_names_its_place_and_a_hint(void **state)
{
	struct world w;
	size_t i;

	(void)state;
	memset(&w, 0, sizeof(w));
	world_lists(&w, dx_lists);
	for (i = 0; i < G_N_ELEMENTS(bad_exprs); i++)
		check_error(&w, bad_exprs[i].src, bad_exprs[i].want,
		    bad_exprs[i].where_msg, bad_exprs[i].hint);
	world_free(&w);
}

/* Several independent errors of one expression are all reported. */
static void
one_expression_reports_several_errors(void **state)
{
	struct world w;
	char *t;

	(void)state;
	memset(&w, 0, sizeof(w));
	world_lists(&w, dx_lists);
	t = errors_of(&w, "agee > 3 and foo(x) or dx_main in strok", 1, 1,
	    QI_VT_BOOL, 3);
	assert_has(t, "d.yaml:1:1: error: unknown name 'agee'");
	assert_has(t, "d.yaml:1:14: error: unknown function 'foo'");
	assert_has(t, "d.yaml:1:35: error: unknown code list 'strok'");
	/* no follow-up error about 'x' inside the unknown function */
	assert_null(strstr(t, "'x'"));
	g_free(t);
	/* a failed operand gives no second error in the operator around it */
	t = errors_of(&w, "agee + 1 > dx_main", 1, 1, QI_VT_BOOL, 1);
	g_free(t);
	world_free(&w);
}

/* Positions inside the YAML file, also for block scalars. */
static void
positions_follow_the_yaml_file(void **state)
{
	struct world w;
	char *t;

	(void)state;
	memset(&w, 0, sizeof(w));
	world_lists(&w, dx_lists);
	/* "  when: age >= 65 and agee < 3" on line 12: the scalar at 12:9 */
	t = errors_of(&w, "age >= 65 and agee < 3", 12, 9, QI_VT_BOOL, 1);
	assert_has(t, "d.yaml:12:23: error: unknown name 'agee'");
	g_free(t);
	/*
	 * "    when: |" on line 20, then the block at column 7:
	 *       dx_resource in stroke
	 *         and onset_dayz <= 3
	 */
	t = errors_of(&w, "dx_resource in stroke\n  and onset_dayz <= 3\n", 21,
	    7, QI_VT_BOOL, 1);
	assert_has(t, "d.yaml:22:13: error: unknown name 'onset_dayz'");
	g_free(t);
	/* an unclosed parenthesis at the end of a block scalar */
	t = errors_of(&w, "(age > 3\nand los < 2\n", 5, 3, QI_VT_BOOL, 1);
	assert_has(t, "d.yaml:7:3: error: expected ')' before end of "
	    "expression");
	assert_has(t, "to close the '(' at 5:3");
	g_free(t);
	/* columns count characters, not bytes */
	t = errors_of(&w, "dx_main == \"\xe8\x84\xb3\" and agee", 1, 1,
	    QI_VT_BOOL, 1);
	assert_has(t, "d.yaml:1:20: error: unknown name 'agee'");
	g_free(t);
	world_free(&w);
}

static void
deep_nesting_is_an_error_not_a_crash(void **state)
{
	struct world w;
	GString *s = g_string_new(NULL);
	char *t;
	int i;

	(void)state;
	memset(&w, 0, sizeof(w));
	world_lists(&w, no_lists);
	for (i = 0; i < 5000; i++)
		g_string_append_c(s, '(');
	t = errors_of(&w, s->str, 1, 1, QI_VT_ANY, 1);
	assert_has(t, "nested too deeply");
	g_free(t);
	g_string_assign(s, "");
	for (i = 0; i < 5000; i++)
		g_string_append(s, "not ");
	g_string_append(s, "true");
	t = errors_of(&w, s->str, 1, 1, QI_VT_ANY, 1);
	assert_has(t, "nested too deeply");
	g_free(t);
	/* 99 levels of parentheses are fine */
	g_string_assign(s, "");
	for (i = 0; i < 99; i++)
		g_string_append_c(s, '(');
	g_string_append_c(s, '1');
	for (i = 0; i < 99; i++)
		g_string_append_c(s, ')');
	assert_eval(&w, s->str, 1);
	g_string_free(s, TRUE);
	world_free(&w);
}

/*
 * Random token soup: compiling never crashes, fails exactly when it
 * reports an error, and what compiles evaluates (under the sanitizers in
 * CI).  Fixed seed.
 */
static void
random_input_compiles_or_reports(void **state)
{
	static const char *const toks[] = {
		"(", ")", ",", "+", "-", "*", "/", "==", "!=", "<", "<=", ">",
		">=", "and", "or", "not", "in", "true", "false", "null", "3",
		"0.5", "\"I63*\"", "age", "los", "dx_main", "dx_comorbid",
		"admission", "emergency", "killip", "stroke", "rehab", "any(",
		"count(", "first_day(", "days_with(", "coalesce(", "missing(",
		"date(\"2024-04-01\")", "any_dx(", "=", "&", "\n", "agee",
		"(6, 7)", "\"x", "\xe3\x80\x80"
	};
	struct world w;
	GRand *rng = g_rand_new_with_seed(20261125);
	size_t i, ok = 0;

	(void)state;
	memset(&w, 0, sizeof(w));
	world_lists(&w, dx_lists);
	world_stay(&w, "admission=2024-04-01 discharge=2024-04-05 age=70 "
	    "dx_main=I639 dx_comorbid=E119");
	world_event(&w, "1 H001 2");
	for (i = 0; i < 20000; i++) {
		GString *src = g_string_new(NULL);
		struct qi_diag *diag = qi_diag_alloc();
		struct qi_expr *x;
		int n = g_rand_int_range(rng, 1, 12), k;

		for (k = 0; k < n; k++) {
			g_string_append(src, toks[g_rand_int_range(rng, 0,
			    G_N_ELEMENTS(toks))]);
			g_string_append_c(src, ' ');
		}
		x = qi_expr_compile(src->str, w.cs, "r", 1, 1, QI_VT_ANY, diag);
		if ((x == NULL) != (qi_diag_count(diag, QI_ERROR) > 0))
			fail_msg("'%s': compiled %d with %zu errors", src->str,
			    x != NULL, qi_diag_count(diag, QI_ERROR));
		if (x != NULL) {
			double v = qi_expr_eval(x, &w.stay);

			(void)v;
			ok++;
		}
		qi_expr_free(x);
		qi_diag_free(diag);
		g_string_free(src, TRUE);
	}
	assert_true(ok > 100);		/* some of the soup is valid */
	g_rand_free(rng);
	world_free(&w);
}

/* Names are not truncated: a list name of 80 characters is found. */
static void
long_names_are_resolved_whole(void **state)
{
	static const char *const lists[] = {
		"icd10 a_very_long_code_list_name_that_goes_on_and_on_past_sixty_four"
		    "_characters_x = I63*",
		NULL
	};
	struct world w;
	char *t;

	(void)state;
	memset(&w, 0, sizeof(w));
	world_lists(&w, lists);
	world_stay(&w, "dx_main=I639");
	assert_eval(&w, "dx_main in a_very_long_code_list_name_that_goes_on_"
	    "and_on_past_sixty_four_characters_x", 1);
	t = errors_of(&w, "dx_main in a_very_long_code_list_name_that_goes_on_"
	    "and_on_past_sixty_four_characters_y", 1, 1, QI_VT_BOOL, 1);
	assert_has(t, "characters_y'");
	g_free(t);
	world_free(&w);
}

/* Without code lists, list names are unknown but the rest works. */
static void
no_code_lists(void **state)
{
	struct qi_diag *diag = qi_diag_alloc();
	struct qi_expr *x;
	char *t;

	(void)state;
	x = qi_expr_compile("any(rehab)", NULL, "n.yaml", 3, 7, QI_VT_BOOL,
	    diag);
	assert_null(x);
	t = fixture_diag_text(diag);
	assert_has(t, "n.yaml:3:11: error: unknown code list 'rehab' (there "
	    "are no code lists)");
	g_free(t);
	qi_diag_free(diag);
	diag = qi_diag_alloc();
	x = qi_expr_compile("age >= 65", NULL, NULL, 0, 0, QI_VT_BOOL, diag);
	assert_non_null(x);
	qi_expr_free(x);
	qi_diag_free(diag);
}

/* ---------------------------------------------------------------- oracle */

static const char *const oracle_lists[] = {
	"icd10 stroke = I63* I61",
	"rehab = H001 H0011*",
	"abx = 6132*",
	"surgery = L008",
	"icd10 diabetes = E11* E14*",
	NULL
};

/* R's vectors: the stays, events, expressions and values, compiled. */
struct rvec {
	struct oracle_table	 st, ev, val;
	char			**xs;		/* the expressions' text */
	size_t			 nx;
	struct qi_expr		**x;		/* nx, compiled */
	struct world		 w;		/* the code lists */
};

static void
rvec_load(struct rvec *o)
{
	char *text = NULL;
	size_t j;

	memset(o, 0, sizeof(*o));
	if (!g_file_get_contents(ORACLE_DIR "expr_exprs.txt", &text, NULL,
	    NULL))
		fail_msg("cannot read %s", ORACLE_DIR "expr_exprs.txt");
	o->xs = g_strsplit(g_strchomp(text), "\n", -1);
	g_free(text);
	o->nx = g_strv_length(o->xs);
	assert_int_equal(o->nx, 32);
	oracle_read(ORACLE_DIR "expr_stays.csv", "stay,admission,discharge,"
	    "age,emergency,killip,onset_days,outcome,dx_main,dx_resource,"
	    "dx_comorbid,prev_discharge", &o->st);
	oracle_read(ORACLE_DIR "expr_events.csv", "stay,day,code,qty", &o->ev);
	oracle_read(ORACLE_DIR "expr_values.csv", "stay,expr,value", &o->val);
	world_lists(&o->w, oracle_lists);
	o->x = g_new(struct qi_expr *, o->nx);
	for (j = 0; j < o->nx; j++)
		o->x[j] = compile(&o->w, o->xs[j], QI_VT_ANY);
}

static void
rvec_free(struct rvec *o)
{
	size_t j;

	for (j = 0; j < o->nx; j++)
		qi_expr_free(o->x[j]);
	g_free(o->x);
	world_free(&o->w);
	g_strfreev(o->xs);
	oracle_free(&o->st);
	oracle_free(&o->ev);
	oracle_free(&o->val);
}

/* Stay i of R's vectors into o->w.stay, without events. */
static void
rvec_stay(struct rvec *o, size_t i)
{
	GString *kv = g_string_new(NULL);
	size_t j;

	for (j = 1; j < o->st.ncols; j++)
		g_string_append_printf(kv, "%s=%s ", o->st.name[j],
		    o->st.rows[i].cell[j]);
	world_stay(&o->w, kv->str);
	g_string_free(kv, TRUE);
}

/* Event e of R's vectors as "DAY CODE QTY" (free it). */
static char *
rvec_event(const struct rvec *o, size_t e)
{
	return g_strjoin(" ", o->ev.rows[e].cell[1], o->ev.rows[e].cell[2],
	    o->ev.rows[e].cell[3], NULL);
}

/*
 * R's value of expression j on stay i (values come stay by stay, nx a
 * stay); got must be it.  Returns whether it is null.
 */
static int
rvec_check(const struct rvec *o, size_t i, size_t j, double got,
    const char *how)
{
	const struct oracle_row *r;
	double want;

	assert_true(i * o->nx + j < o->val.nrows);
	r = &o->val.rows[i * o->nx + j];
	if (strcmp(r->cell[0], o->st.rows[i].cell[0]) != 0 ||
	    oracle_num(&o->val, r, 1) != (double)(j + 1))
		fail_msg("%s:%zu: out of step", o->val.path, r->lineno);
	want = strcmp(r->cell[2], "NA") == 0 ? NAN : oracle_num(&o->val, r,
	    2);
	if (!same(got, want))
		fail_msg("%s:%zu: stay %s%s: %s = %.17g, R gives %s",
		    o->val.path, r->lineno, r->cell[0], how, o->xs[j], got,
		    r->cell[2]);
	return isnan(want);
}

/*
 * 300 random stays with missing values and events, the 32 expressions of
 * expr_exprs.txt (one a line, commas in them: not a table), each value
 * computed independently in base R (gen_expr_values.R): every one must
 * agree exactly (nulls, which R writes "NA", included).
 */
static void
values_agree_with_r(void **state)
{
	struct rvec o;
	size_t i, j, e = 0, checked = 0, nulls = 0;

	(void)state;
	rvec_load(&o);
	for (i = 0; i < o.st.nrows; i++) {
		rvec_stay(&o, i);
		for (; e < o.ev.nrows && strcmp(o.ev.rows[e].cell[0],
		    o.st.rows[i].cell[0]) == 0; e++) {
			char *sp = rvec_event(&o, e);

			world_event(&o.w, sp);
			g_free(sp);
		}
		for (j = 0; j < o.nx; j++, checked++)
			nulls += (size_t)rvec_check(&o, i, j,
			    qi_expr_eval(o.x[j], &o.w.stay), "");
	}
	assert_int_equal(e, o.ev.nrows);	/* every event had its stay */
	assert_int_equal(checked, o.val.nrows);
	assert_int_equal(checked, 300 * o.nx);
	assert_true(nulls > 100);	/* nulls are exercised */
	print_message("R's values: %zu stays, %zu events, %zu values (%zu "
	    "null), all exact\n", o.st.nrows, o.ev.nrows, checked, nulls);
	rvec_free(&o);
}

/*
 * The same stays and expressions evaluated in batches, as the engine
 * does: 300 stays in batches of 64 (the last one short), each expression
 * over every stay of a batch and then over every other one, in the order
 * of expr_exprs.txt, so that columns, selections and the first_day()
 * kept for a stay (first_day(abx), then first_day(rehab)) are all at
 * work.  Every value must be R's.
 */
static void
batch_values_agree_with_r(void **state)
{
	struct rvec o;
	struct qi_stay *stays;
	const struct qi_stay **ps;
	struct qi_event *evs;
	uint64_t *bits;
	struct qi_expr_ctx *ctx;
	double out[64];
	unsigned sel[64];
	size_t i, j, k, e = 0, b0, n, m, step, checked = 0, want = 0;

	(void)state;
	rvec_load(&o);
	stays = g_new0(struct qi_stay, o.st.nrows);
	ps = g_new(const struct qi_stay *, o.st.nrows);
	evs = g_new0(struct qi_event, o.ev.nrows + 1);
	bits = g_new0(uint64_t, (o.ev.nrows + 1) * WORDS);
	for (i = 0; i < o.st.nrows; i++) {
		rvec_stay(&o, i);
		stays[i] = o.w.stay;
		stays[i].ev = evs + e;
		stays[i].nev = 0;
		for (; e < o.ev.nrows && strcmp(o.ev.rows[e].cell[0],
		    o.st.rows[i].cell[0]) == 0; e++) {
			char *sp = rvec_event(&o, e);

			event_of(o.w.cs, sp, &evs[e], bits + e * WORDS);
			stays[i].nev++;
			g_free(sp);
		}
		ps[i] = &stays[i];
	}
	assert_int_equal(e, o.ev.nrows);
	ctx = qi_expr_ctx_new(o.w.cs, G_N_ELEMENTS(sel));
	for (b0 = 0; b0 < o.st.nrows; b0 += n) {
		n = MIN(G_N_ELEMENTS(sel), o.st.nrows - b0);
		qi_expr_ctx_stays(ctx, ps + b0, n);
		for (step = 1; step <= 2; step++)
			for (j = 0; j < o.nx; j++) {
				for (m = 0, k = step - 1; k < n; k += step)
					sel[m++] = (unsigned)k;
				qi_expr_eval_sel(o.x[j], ctx, sel, m, out);
				want += m;
				for (k = 0; k < m; k++, checked++)
					rvec_check(&o, b0 + sel[k], j,
					    out[sel[k]], " in a batch");
			}
	}
	assert_int_equal(checked, want);
	/* every stay once, every other one again */
	assert_true(want >= o.st.nrows * o.nx * 3 / 2);
	qi_expr_ctx_free(ctx);
	g_free(stays);
	g_free(ps);
	g_free(evs);
	g_free(bits);
	rvec_free(&o);
}

/* ----------------------------------------------------------------- gates */

/*
 * Gates: each expression's gate is the first code list of its top-level
 * "and" chain; expressions with the same gate share it; for every gate,
 * the stays of the batch that pass are found in order, over code lists
 * of two words (list 65 is in the second), diagnoses and events alike.
 */
static void
gates_find_the_stays_each_needs(void **state)
{
	static const char *const srcs[] = {
		"dx_resource in l65 and age > 1",	/* gate: dx_resource l65 */
		"age > 1 and dx_resource in l65",	/* the same gate, shared */
		"any(l03) and age > 1",		/* an event in l03 */
		"dx_main in l65",			/* dx_main l65 */
		"any_dx(l65)",				/* any diagnosis in l65 */
		"age > 1 or dx_resource in l65",	/* "or": no gate */
		"some(op in l03, op > 1)",	/* as any(l03): the same gate */
	};
	/* what each gate needs, as an expression */
	static const char *const needs[] = {
		"dx_resource in l65", "dx_resource in l65", "any(l03)",
		"dx_main in l65", "any_dx(l65)",
	};
	const char *lists[72];
	char *names[70];
	struct world w;
	struct qi_stay stays[9];
	const struct qi_stay *ps[9];
	struct qi_event evs[9];
	uint64_t bits[9][WORDS];
	struct qi_expr_ctx *ctx;
	struct qi_expr *x[G_N_ELEMENTS(srcs)], *need;
	unsigned all[9];
	int g[G_N_ELEMENTS(srcs)];
	size_t i, j, m, k;

	(void)state;
	for (i = 0; i < 70; i++)
		lists[i] = names[i] = g_strdup_printf(i >= 64 ? "icd10 l%02zu = "
		    "X%zu*" : "l%02zu = X%zu*", i, i);
	lists[70] = NULL;
	memset(&w, 0, sizeof(w));
	world_lists(&w, lists);
	assert_int_equal(qi_codeset_words(w.cs), 2);
	for (i = 0; i < G_N_ELEMENTS(srcs); i++)
		x[i] = compile(&w, srcs[i], QI_VT_BOOL);
	/* stay i: dx_resource X65 if i % 3 == 0, dx_main X65 if i % 4 == 0,
	   an event in l03 if i % 2 == 1, a comorbidity X65 if i == 7 */
	for (i = 0; i < 9; i++) {
		char *kv = g_strdup_printf("age=50 dx_resource=%s dx_main=%s "
		    "dx_comorbid=%s", i % 3 == 0 ? "X65" : "X1", i % 4 == 0 ?
		    "X65" : "X2", i == 7 ? "X655" : "X4");

		world_stay(&w, kv);
		g_free(kv);
		stays[i] = w.stay;
		event_of(w.cs, i % 2 == 1 ? "2 X3" : "2 X5", &evs[i], bits[i]);
		stays[i].ev = &evs[i];
		stays[i].nev = 1;
		ps[i] = &stays[i];
		all[i] = (unsigned)i;
	}
	ctx = qi_expr_ctx_new(w.cs, 9);
	for (i = 0; i < G_N_ELEMENTS(srcs); i++)
		g[i] = qi_expr_ctx_gate(ctx, x[i]);
	assert_true(g[0] >= 0 && g[1] == g[0]);
	assert_true(g[2] >= 0 && g[3] >= 0 && g[4] >= 0);
	assert_true(g[2] != g[0] && g[3] != g[0] && g[4] != g[0] &&
	    g[3] != g[2] && g[4] != g[3]);
	assert_int_equal(g[5], -1);
	assert_int_equal(g[6], g[2]);
	qi_expr_ctx_stays(ctx, ps, 9);
	qi_expr_ctx_gates(ctx, all, 9);
	for (i = 0; i < G_N_ELEMENTS(needs); i++) {
		const unsigned *sel = qi_expr_ctx_gated(ctx, g[i], &m);

		need = compile(&w, needs[i], QI_VT_BOOL);
		for (j = 0, k = 0; j < 9; j++)
			if (qi_expr_eval(need, &stays[j]) == 1.0) {
				if (k >= m || sel[k] != j)
					fail_msg("%s: stay %zu missing", srcs[i],
					    j);
				k++;
			}
		if (k != m)
			fail_msg("%s: %zu stays pass, %zu should", srcs[i], m,
			    k);
		assert_true(m > 0 && m < 9);
		qi_expr_free(need);
	}
	qi_expr_ctx_free(ctx);
	for (i = 0; i < G_N_ELEMENTS(srcs); i++)
		qi_expr_free(x[i]);
	for (i = 0; i < 70; i++)
		g_free(names[i]);
	world_free(&w);
}

/* ----------------------------------------------------------------- speed */

/*
 * Not a timed test: prints evaluations per second of a typical set of
 * conditions on a stay with 40 events (specs/expressions.md, "Speed").
 */
static void
evaluation_speed_is_reported(void **state)
{
	static const char *const srcs[] = {
		"dx_resource in stroke and onset_days <= 3",
		"outcome in (6, 7) and los <= 3",
		"any(rehab, 0, 3)",
		"any(abx, first_day(rehab) - 2, first_day(rehab) - 1)",
		"age >= 75 and age < 85",
		"dx_comorbid in diabetes",
		"days_with(rehab, 2)",
		("emergency == 1 and days_between(prev_discharge, admission) "
		    "<= 42"),	/* one string, parenthesised as such */
	};
	struct qi_expr *x[G_N_ELEMENTS(srcs)];
	struct world w;
	struct timespec t0, t1;
	size_t i, j, n = 200000;
	double s, acc = 0;
	char ev[32];

	(void)state;
	memset(&w, 0, sizeof(w));
	world_lists(&w, dx_lists);
	world_stay(&w, "admission=2024-04-01 discharge=2024-04-21 age=80 "
	    "dx_resource=I639 onset_days=1 outcome=1 emergency=1 "
	    "dx_comorbid=E119;N184 prev_discharge=2024-03-01");
	for (i = 0; i < 40; i++) {
		snprintf(ev, sizeof(ev), "%zu %s 1", i / 2, i % 3 == 0 ? "H001" :
		    i % 3 == 1 ? "613210" : "620000001");
		world_event(&w, ev);
	}
	for (i = 0; i < G_N_ELEMENTS(srcs); i++)
		x[i] = compile(&w, srcs[i], QI_VT_ANY);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (j = 0; j < n; j++)
		for (i = 0; i < G_N_ELEMENTS(srcs); i++)
			acc += qi_expr_eval(x[i], &w.stay);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec -
	    t0.tv_nsec);
	fprintf(stderr, "expr: %.1f million evaluations per second "
	    "(%zu conditions, 40 events; sum %g)\n",
	    (double)n * (double)G_N_ELEMENTS(srcs) / s / 1e6,
	    G_N_ELEMENTS(srcs), acc);
	assert_false(isnan(acc));
	for (i = 0; i < G_N_ELEMENTS(srcs); i++)
		qi_expr_free(x[i]);
	world_free(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec_examples_hold),
		cmocka_unit_test(arithmetic_binds_tighter_than_comparison_and_logic),
		cmocka_unit_test(and_or_not_follow_kleene_logic),
		cmocka_unit_test(null_condition_is_not_true),
		cmocka_unit_test(codes_match_lists_by_prefix),
		cmocka_unit_test(dates_subtract_to_days),
		cmocka_unit_test(event_windows_are_inclusive_and_null_bounds_open),
		cmocka_unit_test(fields_and_events_used_are_reported),
		cmocka_unit_test(every_error_names_its_place_and_a_hint),
		cmocka_unit_test(one_expression_reports_several_errors),
		cmocka_unit_test(positions_follow_the_yaml_file),
		cmocka_unit_test(deep_nesting_is_an_error_not_a_crash),
		cmocka_unit_test(random_input_compiles_or_reports),
		cmocka_unit_test(long_names_are_resolved_whole),
		cmocka_unit_test(no_code_lists),
		cmocka_unit_test(values_agree_with_r),
		cmocka_unit_test(batch_values_agree_with_r),
		cmocka_unit_test(gates_find_the_stays_each_needs),
		cmocka_unit_test(evaluation_speed_is_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
