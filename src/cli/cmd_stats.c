/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_stats.c -- qi stats: intervals and two-group comparisons for
 * researchers, CSV on standard input to a table on standard output (or
 * -o FILE): CSV, JSON or aligned text (--as).
 *
 *   qi stats ci [--method M] [--level L]    x,n | x,t | o,e
 *   qi stats compare [--level L]            x1,n1,x2,n2
 *   qi stats funnel [--target P] [--level L] [--outer-level L]
 *       [--method M] [--scale S] [--od MODEL [--winsor F]]
 *                                           n | t | e, optionally x (or o)
 *   qi stats shrink                         x,n
 *   qi stats spc [--chart run|p|u|pp|up] [--phase-at PERIOD[,...]]
 *                                           x,n | x,t in time order
 *   qi stats cusum (--h H | --arl0 N) [--or R] [--states M] [--summary]
 *                                           outcome,p per patient in order
 *
 * Every bad row is reported (qi: <stdin>:LINE:COL: error: ...) and then
 * nothing is written: results go to a temporary file first and are
 * copied to standard output only when the whole input was good.
 *
 * SPEC: specs/statistics.md#qi-stats
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cmd.h"
#include "cmd_usage.h"
#include "csvread.h"
#include "emit.h"
#include "table.h"

#define DEFAULT_LEVEL	0.95
#define CHART_RUN	"run"	/* qi stats spc --chart run: median, no limits */

/* What a row of qi stats ci holds, decided by the header. */
enum ci_kind {
	KIND_PROPORTION,	/* x events of n */
	KIND_RATE,		/* x events in exposure t */
	KIND_RATIO		/* o observed of e expected */
};

struct stats_opts {
	const char	*method;	/* --method, NULL = default */
	double		 level;		/* --level */
	double		 target;	/* --target, NaN = not given */
	const char	*od;		/* --od, NULL = none */
	const char	*scale;		/* --scale, NULL = raw */
	double		 winsor;	/* --winsor, NaN = not given */
	double		 outer_level;	/* --outer-level, NaN = not given */
	const char	*chart;		/* --chart, NULL = p or u */
	const char	*phase_at;	/* --phase-at PERIOD[,...], NULL: one
					   phase */
	long		 freeze;	/* --freeze N: the first phase's
					   baseline subgroups; 0 = all */
	double		 odds_ratio;	/* --or */
	double		 h;		/* --h, NaN = not given */
	double		 arl0;		/* --arl0, NaN = not given */
	long		 states;	/* --states */
	const char	*standard;	/* --standard, NULL = esp2013 */
	const char	*reference;	/* --reference FILE */
	double		 multiplier;	/* --multiplier, NaN = the default */
	const char	*y;		/* --y COL */
	const char	*x;		/* --x COL[,COL...] */
	char		*factors;	/* --factor, comma-joined; owned */
	int		 summary;	/* --summary */
	int		 digits;	/* --digits: significant digits
					   printed, 1 to 17 */
	const char	*output;	/* -o FILE, "-" = standard output */
	enum opts_as	 as;		/* --as */
	int		 help;
};

/* Options a subcommand takes, besides --level. */
#define SO_METHOD	0x1u
#define SO_TARGET	0x2u
#define SO_OD		0x4u
#define SO_CHART	0x8u
#define SO_STANDARD	0x10u
#define SO_REFERENCE	0x20u
#define SO_MULTIPLIER	0x40u
#define SO_LOGIT	0x80u
#define SO_SCALE	0x100u	/* --scale, --winsor, --outer-level */
#define SO_PHASE	0x200u	/* --phase-at, --freeze */
#define SO_CUSUM	0x400u	/* --or, --h, --arl0, --states */
#define SO_SUMMARY	0x800u	/* --summary */

#define DEFAULT_OUTER_LEVEL	0.998
#define DEFAULT_WINSOR		0.1	/* FunnelPlotR, Spiegelhalter 2005b */
#define DEFAULT_STATES		200	/* CUSUM Markov chain states */
#define MAX_STATES		2000	/* an m x m matrix: 32 MB */

/* The subcommands. */
struct stats_sub {
	const char	*name;
	enum qi_err	(*fn)(const struct stats_opts *, struct qi_diag *);
	unsigned	 opts;
};

static enum qi_err	stats_ci(const struct stats_opts *, struct qi_diag *);
static enum qi_err	stats_compare(const struct stats_opts *,
			    struct qi_diag *);
static enum qi_err	stats_funnel(const struct stats_opts *,
			    struct qi_diag *);
static enum qi_err	stats_shrink(const struct stats_opts *,
			    struct qi_diag *);
static enum qi_err	stats_spc(const struct stats_opts *, struct qi_diag *);
static enum qi_err	stats_dsr(const struct stats_opts *, struct qi_diag *);
static enum qi_err	stats_isr(const struct stats_opts *, struct qi_diag *);
static enum qi_err	stats_logit(const struct stats_opts *,
			    struct qi_diag *);
static enum qi_err	stats_cusum(const struct stats_opts *,
			    struct qi_diag *);

static const struct stats_sub subs[] = {
	{ "ci", stats_ci, SO_METHOD },
	{ "compare", stats_compare, 0 },
	{ "funnel", stats_funnel, SO_METHOD | SO_TARGET | SO_OD | SO_SCALE },
	{ "shrink", stats_shrink, 0 },
	{ "spc", stats_spc, SO_CHART | SO_PHASE },
	{ "dsr", stats_dsr, SO_METHOD | SO_STANDARD | SO_MULTIPLIER },
	{ "isr", stats_isr, SO_METHOD | SO_REFERENCE | SO_MULTIPLIER },
	{ "logit", stats_logit, SO_LOGIT | SO_SUMMARY },
	{ "cusum", stats_cusum, SO_CUSUM | SO_SUMMARY },
	{ NULL, NULL, 0 }
};

/*
 * A field holding a finite number, nothing else (no spaces, not empty,
 * not NaN or Inf).  Returns 0 and sets *v, or -1.
 */
static int
field_number(const char *s, double *v)
{
	return s == NULL ? -1 : qi_field_real(s, v);
}

/*
 * One number per wanted column of the current row, reported at its
 * position when it is not a number.  Returns the count of bad fields.
 */
static size_t
row_numbers(struct qi_csv *c, const char *const *f, const struct qi_csvcol
    *cols, const size_t *idx, size_t n, double *v)
{
	size_t	 i, bad = 0;

	for (i = 0; i < n; i++)
		if (field_number(f[idx[i]], &v[i]) != 0) {
			qi_csv_error(c, idx[i], "write a plain number such as "
			    "12 or 0.5, without spaces or units",
			    "%s is not a number: '%s'", cols[idx[i]].name,
			    f[idx[i]]);
			bad++;
		}
	return bad;
}

/*
 * A value for the output with the given significant digits (--digits),
 * or with 0 (the default) the shortest text that reads back as the same
 * double: 0.15, not 0.14999999999999999.  NaN is empty.
 */
static void
put_number(FILE *fp, double v, int digits)
{
	if (isnan(v))
		return;
	if (isinf(v)) {
		fputs(v > 0 ? "Inf" : "-Inf", fp);
		return;
	}
	qi_emit_csv_real(fp, v, digits);
}

/* The input's header as read, every column, without a newline. */
static void
echo_header(FILE *fp, const struct qi_csv *c)
{
	size_t i;

	for (i = 0; i < qi_csv_width(c); i++) {
		if (i > 0)
			fputc(',', fp);
		qi_emit_csv_field(fp, qi_csv_header(c, i));
	}
}

/*
 * What a writer of FILE * (the CSV emitters) wrote, as a string to
 * g_free(): open with text_open(), finish with text_close().  Memory
 * runs out as GLib's does: qi stops.
 */
struct text {
	char	*buf;
	size_t	 len;
	FILE	*fp;
};

static FILE *
text_open(struct text *t)
{
	t->buf = NULL;
	t->len = 0;
	if ((t->fp = open_memstream(&t->buf, &t->len)) == NULL)
		g_error("out of memory");
	return t->fp;
}

static char *
text_close(struct text *t)
{
	char *s;

	if (fclose(t->fp) != 0)
		g_error("out of memory");
	s = g_strdup(t->buf);
	free(t->buf);	/* open_memstream's, from malloc */
	return s;
}

/* The current row's fields as read, every column, as one CSV text. */
static char *
echo_row(const struct qi_csv *c)
{
	struct text t;
	FILE *fp = text_open(&t);
	size_t i;

	for (i = 0; i < qi_csv_width(c); i++) {
		if (i > 0)
			fputc(',', fp);
		qi_emit_csv_field(fp, qi_csv_field(c, i));
	}
	return text_close(&t);
}

static enum qi_err
no_tmp(struct qi_diag *diag)
{
	qi_diag_add(diag, QI_ERROR, NULL, 0, 0, NULL,
	    "cannot create a temporary file: %s", strerror(errno));
	return QI_ESYS;
}

/*
 * The staged CSV read back for --as table and json: its sections (the
 * table, then after an empty line the --summary's statistic,value rows),
 * each a GPtrArray of rows, each row a NULL-ended vector of fields.
 */
static GPtrArray *
csv_sections(const char *s, size_t len)
{
	GPtrArray *secs = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)g_ptr_array_unref);
	GPtrArray *rows = NULL, *row;
	GString *f = g_string_new(NULL);
	size_t i = 0;

	while (i < len) {
		if (s[i] == '\n') {	/* an empty line: the next section */
			rows = NULL;
			i++;
			continue;
		}
		if (rows == NULL) {
			rows = g_ptr_array_new_with_free_func(
			    (GDestroyNotify)g_strfreev);
			g_ptr_array_add(secs, rows);
		}
		row = g_ptr_array_new();
		for (;;) {
			g_string_truncate(f, 0);
			if (s[i] == '"')	/* quoted, "" for a quote */
				for (i++; i < len && (s[i] != '"' ||
				    (i + 1 < len && s[i + 1] == '"')); i++)
					g_string_append_c(f, s[i] == '"' ?
					    s[i++] : s[i]);
			if (i < len && s[i] == '"')
				i++;
			while (i < len && s[i] != ',' && s[i] != '\n')
				g_string_append_c(f, s[i++]);
			g_ptr_array_add(row, g_strdup(f->str));
			if (i >= len || s[i++] == '\n')
				break;
		}
		g_ptr_array_add(row, NULL);
		g_ptr_array_add(rows, g_ptr_array_free(row, FALSE));
	}
	g_string_free(f, TRUE);
	return secs;
}

/* Whether a field is a number as JSON spells one: -?int(.digits)?(e[+-]?digits)? */
static int
json_number(const char *s)
{
	const char *p = s + (*s == '-');

	if (!g_ascii_isdigit(*p) || (*p == '0' && g_ascii_isdigit(p[1])))
		return 0;
	while (g_ascii_isdigit(*p))
		p++;
	if (*p == '.') {
		if (!g_ascii_isdigit(*++p))
			return 0;
		while (g_ascii_isdigit(*p))
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p += p[1] == '+' || p[1] == '-' ? 2 : 1;
		if (!g_ascii_isdigit(*p))
			return 0;
		while (g_ascii_isdigit(*p))
			p++;
	}
	return *p == '\0';
}

/* A field as a JSON value: a number as written, empty or Inf null. */
static void
json_field(FILE *fp, const char *f)
{
	if (*f == '\0' || strcmp(f, "Inf") == 0 || strcmp(f, "-Inf") == 0)
		fputs("null", fp);
	else if (json_number(f))
		fputs(f, fp);
	else
		qi_emit_json_string(fp, f);
}

/*
 * JSON of the sections: {"rows": [ {column: value, ...}, ... ]}, and a
 * --summary's statistic,value rows as "summary": {statistic: value}.
 */
static void
write_json_sections(const GPtrArray *secs, FILE *fp)
{
	const GPtrArray *rows;
	char **head, **row;
	size_t k, i, c;

	fputs("{", fp);
	for (k = 0; k < secs->len; k++) {
		rows = g_ptr_array_index(secs, k);
		head = g_ptr_array_index(rows, 0);
		fprintf(fp, "%s\n  \"%s\": %s", k ? "," : "", k ? "summary" :
		    "rows", k ? "{" : "[");
		for (i = 1; i < rows->len; i++) {
			row = g_ptr_array_index(rows, i);
			fputs(i > 1 ? ",\n    " : "\n    ", fp);
			if (k > 0) {	/* statistic,value */
				qi_emit_json_string(fp, row[0]);
				fputs(": ", fp);
				json_field(fp, row[1] != NULL ? row[1] : "");
				continue;
			}
			fputc('{', fp);
			for (c = 0; head[c] != NULL; c++) {
				fputs(c ? ", " : "", fp);
				qi_emit_json_string(fp, head[c]);
				fputs(": ", fp);
				json_field(fp, c < g_strv_length(row) ?
				    row[c] : "");
			}
			fputc('}', fp);
		}
		fprintf(fp, "%s%s", rows->len > 1 ? "\n  " : "", k ? "}" : "]");
	}
	fputs(secs->len ? "\n}\n" : "}\n", fp);
}

/* Each section as an aligned table, numbers to the right. */
static void
write_table_sections(const GPtrArray *secs, FILE *fp)
{
	const GPtrArray *rows;
	enum qi_table_align *al;
	struct qi_table *t;
	char **head, **row;
	size_t k, i, c, n;

	for (k = 0; k < secs->len; k++) {
		rows = g_ptr_array_index(secs, k);
		head = g_ptr_array_index(rows, 0);
		n = g_strv_length(head);
		al = g_new(enum qi_table_align, n + 1);
		for (c = 0; c < n; c++) {
			al[c] = QI_TABLE_RIGHT;
			for (i = 1; i < rows->len; i++) {
				row = g_ptr_array_index(rows, i);
				if (c < g_strv_length(row) && *row[c] != '\0' &&
				    !json_number(row[c]) &&
				    strcmp(row[c], "Inf") != 0 &&
				    strcmp(row[c], "-Inf") != 0)
					al[c] = QI_TABLE_LEFT;
			}
		}
		t = qi_table_alloc(n, (const char *const *)head, al);
		for (i = 1; i < rows->len; i++) {
			row = g_ptr_array_index(rows, i);
			if (g_strv_length(row) >= n)
				qi_table_add(t, (const char *const *)row);
		}
		if (k > 0)
			fputc('\n', fp);
		qi_table_print(t, 0, fp);
		qi_table_free(t);
		g_free(al);
	}
}

/*
 * Write the staged CSV where -o says, as --as says (a table on a
 * terminal, else the CSV as it is).  QI_ESYS (recorded) on failure.
 */
static enum qi_err
flush_out(FILE *tmp, const struct stats_opts *so, struct qi_diag *diag)
{
	struct cmd_out out;
	GString *all;
	GPtrArray *secs;
	char buf[65536];
	size_t n;
	enum qi_err rc;

	if ((rc = cmd_out_open(&out, so->output, so->as, so->digits, diag)) !=
	    QI_OK)
		return rc;
	rewind(tmp);
	all = g_string_new(NULL);
	while ((n = fread(buf, 1, sizeof(buf), tmp)) > 0) {
		if (out.as == OPTS_AS_CSV) {
			if (fwrite(buf, 1, n, out.fp) != n)
				break;
		} else
			g_string_append_len(all, buf, (gssize)n);
	}
	if (ferror(tmp)) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, NULL, "cannot read "
		    "the temporary file back: %s", strerror(errno));
		rc = QI_ESYS;
	} else if (out.as != OPTS_AS_CSV) {
		secs = csv_sections(all->str, all->len);
		if (out.as == OPTS_AS_JSON)
			write_json_sections(secs, out.fp);
		else
			write_table_sections(secs, out.fp);
		g_ptr_array_unref(secs);
	}
	g_string_free(all, TRUE);
	return cmd_out_close(&out, rc, diag);
}

static int
whole(double v)
{
	return v == floor(v);
}

/*
 * The status column: "ok", or why a well-formed row has no estimate
 * (its fields are left empty, as R gives NA).  specs/statistics.md.
 */
#define ST_OK		"ok"
#define ST_N0		"undefined_n0"	/* a proportion of no cases */
#define ST_T0		"undefined_t0"	/* a rate over no exposure */
#define ST_E0		"undefined_e0"	/* a ratio to no expected count */
#define ST_LOC		"not_a_count"	/* results.csv: a mean or a median */

/* The status of a row with volume 0, by enum ci_kind. */
static const char *const undefined_status[] = { ST_N0, ST_T0, ST_E0 };

/*
 * Whether a published row of results.csv is a mean or a median
 * (definitions.md §2.8, §2.9), whose numerator is a sum of values, not
 * a count: no exposure, and the method t (a mean), or the unit
 * proportion (a location's) with a rate other than numerator over
 * denominator (a median; a proportion's rate is that quotient).
 * results.csv has no kind column; a median equal to the mean of its
 * values is told only when that mean is above 1.
 */
static int
location_row(struct qi_csv *c, const char *const *f, size_t cnum,
    size_t cden, size_t cexp, size_t cmethod, size_t cunit, size_t crate)
{
	double x, n, r;
	char *end;

	if (qi_csv_has(c, cexp) && f[cexp][0] != '\0')
		return 0;
	if (qi_csv_has(c, cmethod) && strcmp(f[cmethod], "t") == 0)
		return 1;
	if (!qi_csv_has(c, cunit) || strcmp(f[cunit], "proportion") != 0)
		return 0;
	x = g_ascii_strtod(f[cnum], &end);
	if (end == f[cnum] || *end != '\0')
		return 0;
	n = g_ascii_strtod(f[cden], &end);
	if (end == f[cden] || *end != '\0' || n <= 0.0)
		return 0;
	if (x > n)
		return 1;
	if (!qi_csv_has(c, crate) || f[crate][0] == '\0')
		return 0;
	r = g_ascii_strtod(f[crate], &end);
	return end != f[crate] && *end == '\0' &&
	    fabs(r - x / n) > 1e-12 * fabs(x / n);
}

/*
 * qi stats ci: columns x,n (proportion), x,t (rate) or o,e (ratio), in
 * any order; extra columns are ignored.  Output: the input fields as
 * written, then estimate,lower,upper,status; a row with n, t or e = 0
 * has empty estimates and status undefined_n0, _t0 or _e0.
 *
 * Or results.csv as qi compute writes it (numerator,denominator,
 * exposure,status,method): each row by its kind, a rate where it has
 * an exposure (numerator per exposure), else a proportion (numerator of
 * denominator), by the row's own method unless --method is given; a
 * row not published (status other than ok) is passed
 * through with empty estimates and its own status, a mean's or a
 * median's (location_row()) with empty estimates and not_a_count.  The added status
 * column is then named ci_status, results.csv having one.
 */
static enum qi_err
stats_ci(const struct stats_opts *so, struct qi_diag *diag)
{
	static const struct qi_csvcol cols[] = {
		{ "x", 0 }, { "n", 0 }, { "t", 0 }, { "o", 0 }, { "e", 0 },
		{ "numerator", 0 }, { "denominator", 0 }, { "exposure", 0 },
		{ "status", 0 }, { "method", 0 }, { "unit", 0 }, { "rate", 0 },
	};
	enum { CX, CN, CT, CO, CE, CNUM, CDEN, CEXP, CSTATUS, CMETHOD, CUNIT,
	    CRATE };
	static const char *const kind_names[] = {
		"proportion", "rate", "ratio"
	};
	struct qi_csvcfg	 cfg;
	struct qi_csv		*c = NULL;
	const char *const	*f;
	FILE			*tmp = NULL;
	enum ci_kind		 kind;
	size_t			 idx[2];
	double			 v[2], est, lo, hi;
	char			*echo;
	int			 method, methods[2], r, ok, results;
	enum qi_err		 rc = QI_EINPUT;

	qi_csvcfg_defaults(&cfg);
	if ((c = qi_csv_open("-", cols, 12, &cfg, diag)) == NULL)
		goto out;
	results = qi_csv_has(c, CNUM) && qi_csv_has(c, CDEN) &&
	    !qi_csv_has(c, CX) && !qi_csv_has(c, CO);
	if (results) {
		kind = KIND_PROPORTION;	/* each row's own, below */
		idx[0] = CNUM;
		idx[1] = CDEN;
	} else if (qi_csv_has(c, CX) && qi_csv_has(c, CN) &&
	    !qi_csv_has(c, CT)) {
		kind = KIND_PROPORTION;
		idx[0] = CX;
		idx[1] = CN;
	} else if (qi_csv_has(c, CX) && qi_csv_has(c, CT) &&
	    !qi_csv_has(c, CN)) {
		kind = KIND_RATE;
		idx[0] = CX;
		idx[1] = CT;
	} else if (qi_csv_has(c, CO) && qi_csv_has(c, CE) &&
	    !qi_csv_has(c, CX)) {
		kind = KIND_RATIO;
		idx[0] = CO;
		idx[1] = CE;
	} else {
		qi_diag_add(diag, QI_ERROR, "<stdin>", 1, 1, "name the columns "
		    "x,n (a proportion), x,t (a rate per unit of t), o,e (an "
		    "observed/expected ratio), or give results.csv as qi "
		    "compute writes it", "cannot tell what the rows hold from "
		    "the header");
		goto out;
	}
	/* The method of each kind: --method where it applies. */
	methods[0] = so->method == NULL ? QI_CI_WILSON :
	    qi_name_value(qi_ci_method_names, so->method);
	methods[1] = so->method == NULL ? QI_RATE_HYBRID :
	    qi_name_value(qi_rate_method_names, so->method);
	if (results && methods[0] < 0 && methods[1] < 0) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "for proportions use "
		    "wilson, wilson-cc, exact, jeffreys, agresti-coull or "
		    "wald; for rates exact, byar or hybrid", "method '%s' "
		    "applies to no kind of row", so->method);
		rc = QI_EUSAGE;
		goto out;
	}
	method = methods[kind != KIND_PROPORTION];
	if (!results && method < 0) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, kind ==
		    KIND_PROPORTION ? "for proportions use wilson, wilson-cc, "
		    "exact, jeffreys, agresti-coull or wald" : "for rates and "
		    "ratios use exact, byar or hybrid", "method '%s' does not "
		    "apply to a %s", so->method, kind_names[kind]);
		rc = QI_EUSAGE;
		goto out;
	}
	if ((tmp = tmpfile()) == NULL) {
		rc = no_tmp(diag);
		goto out;
	}
	echo_header(tmp, c);
	fputs(results ? ",estimate,lower,upper,ci_status\n" :
	    ",estimate,lower,upper,status\n", tmp);

	while ((r = qi_csv_next(c, &f)) == 1) {
		if (results && qi_csv_has(c, CSTATUS) &&
		    strcmp(f[CSTATUS], "ok") != 0) {
			echo = echo_row(c);	/* withheld: no counts */
			fprintf(tmp, "%s,,,,%s\n", echo,
			    f[CSTATUS]);
			g_free(echo);
			continue;
		}
		if (results && location_row(c, f, CNUM, CDEN, CEXP, CMETHOD,
		    CUNIT, CRATE)) {
			echo = echo_row(c);	/* a mean, a median */
			fprintf(tmp, "%s,,,," ST_LOC "\n", echo);
			g_free(echo);
			continue;
		}
		if (results) {	/* the row's kind and method */
			kind = qi_csv_has(c, CEXP) && f[CEXP][0] != '\0' ?
			    KIND_RATE : KIND_PROPORTION;
			idx[1] = kind == KIND_RATE ? CEXP : CDEN;
			method = methods[kind != KIND_PROPORTION];
			if (so->method == NULL && qi_csv_has(c, CMETHOD) &&
			    qi_name_value(kind == KIND_RATE ?
			    qi_rate_method_names : qi_ci_method_names,
			    f[CMETHOD]) >= 0)
				method = qi_name_value(kind == KIND_RATE ?
				    qi_rate_method_names : qi_ci_method_names,
				    f[CMETHOD]);
			if (method < 0) {
				qi_csv_error(c, idx[0], "choose a --method "
				    "for both kinds, or none", "method '%s' "
				    "does not apply to a %s row", so->method,
				    kind_names[kind]);
				continue;
			}
		}
		if (row_numbers(c, f, cols, idx, 2, v) > 0)
			continue;
		ok = 1;
		if (v[1] < 0.0) {
			qi_csv_error(c, idx[1], kind == KIND_PROPORTION ?
			    "n counts cases, 0 or more" : "exposure (or "
			    "expected count) is 0 or more", "%s must not be "
			    "negative: %s", cols[idx[1]].name, f[idx[1]]);
			ok = 0;
		}
		if (v[0] < 0.0 || (kind == KIND_PROPORTION && ok &&
		    v[0] > v[1])) {
			qi_csv_error(c, idx[0], kind == KIND_PROPORTION ?
			    "x counts cases among the n, so 0 <= x <= n" :
			    "counts are 0 or more", "%s out of range: %s",
			    cols[idx[0]].name, f[idx[0]]);
			ok = 0;
		}
		if (ok && !whole(v[0]) && (kind == KIND_PROPORTION ?
		    method == QI_CI_EXACT : method == QI_RATE_EXACT ||
		    (method == QI_RATE_HYBRID && v[0] < 10.0))) {
			qi_csv_error(c, idx[0], "the exact method counts whole "
			    "events; choose another --method for weighted "
			    "counts", "%s must be a whole number: %s",
			    cols[idx[0]].name, f[idx[0]]);
			ok = 0;
		}
		if (ok && kind == KIND_PROPORTION && method == QI_CI_EXACT &&
		    !whole(v[1])) {
			qi_csv_error(c, idx[1], "the exact method counts whole "
			    "cases", "n must be a whole number: %s", f[idx[1]]);
			ok = 0;
		}
		if (!ok)
			continue;
		if (v[1] == 0.0) {	/* well formed, no estimate */
			echo = echo_row(c);
			fprintf(tmp, "%s,,,,%s\n", echo,
			    undefined_status[kind]);
			g_free(echo);
			continue;
		}
		est = v[0] / v[1];
		if ((kind == KIND_PROPORTION ? qi_ci_proportion(method, v[0],
		    v[1], so->level, &lo, &hi) : qi_ci_poisson(method, v[0],
		    v[1], so->level, &lo, &hi)) != 0) {
			qi_csv_error(c, idx[0], "report this row to the qi "
			    "maintainers", "no interval could be computed");
			continue;
		}
		echo = echo_row(c);
		fprintf(tmp, "%s,", echo);
		g_free(echo);
		put_number(tmp, est, so->digits);
		fputc(',', tmp);
		put_number(tmp, lo, so->digits);
		fputc(',', tmp);
		put_number(tmp, hi, so->digits);
		fputs("," ST_OK "\n", tmp);
	}
	if (r < 0) {
		rc = QI_ESYS;
		goto out;
	}
	if (qi_csv_errors(c) == 0)
		rc = flush_out(tmp, so, diag);
out:
	qi_csv_close(c);
	if (tmp != NULL)
		fclose(tmp);
	return rc;
}

/*
 * qi stats compare: columns x1,n1,x2,n2.  Output: the four input fields
 * as written, then diff,lower,upper,p_chisq,p_yates,p_fisher,status; a
 * row where a group has n = 0 has empty results, status undefined_n0.
 */
static enum qi_err
stats_compare(const struct stats_opts *so, struct qi_diag *diag)
{
	static const struct qi_csvcol cols[] = {
		{ "x1", 1 }, { "n1", 1 }, { "x2", 1 }, { "n2", 1 },
	};
	static const size_t idx[] = { 0, 1, 2, 3 };
	struct qi_csvcfg	 cfg;
	struct qi_csv		*c = NULL;
	const char *const	*f;
	FILE			*tmp = NULL;
	struct qi_compare	 cmp;
	double			 v[4];
	char			*echo;
	size_t			 g;
	int			 r, ok;
	enum qi_err		 rc = QI_EINPUT;

	qi_csvcfg_defaults(&cfg);
	if ((c = qi_csv_open("-", cols, 4, &cfg, diag)) == NULL)
		goto out;
	if ((tmp = tmpfile()) == NULL) {
		rc = no_tmp(diag);
		goto out;
	}
	echo_header(tmp, c);
	fputs(",diff,lower,upper,p_chisq,p_yates,p_fisher,status\n", tmp);
	while ((r = qi_csv_next(c, &f)) == 1) {
		if (row_numbers(c, f, cols, idx, 4, v) > 0)
			continue;
		ok = 1;
		for (g = 0; g < 4; g++)
			if (!whole(v[g]) || v[g] < 0.0 || v[g] > 0x1p53) {
				qi_csv_error(c, g, "counts are whole numbers, "
				    "0 or more", "%s must be a count: %s",
				    cols[g].name, f[g]);
				ok = 0;
			}
		for (g = 0; ok && g < 4; g += 2) {
			if (v[g] > v[g + 1]) {
				qi_csv_error(c, g, "events are counted among "
				    "the cases, so x <= n", "%s exceeds %s",
				    cols[g].name, cols[g + 1].name);
				ok = 0;
			}
		}
		if (!ok)
			continue;
		if (v[1] == 0.0 || v[3] == 0.0) {	/* no estimate */
			echo = echo_row(c);
			fprintf(tmp, "%s,,,,,,," ST_N0 "\n", echo);
			g_free(echo);
			continue;
		}
		if (qi_compare_proportions(v[0], v[1], v[2], v[3], so->level,
		    &cmp) != 0) {
			qi_csv_error(c, 0, "report this row to the qi "
			    "maintainers", "the groups could not be compared");
			continue;
		}
		echo = echo_row(c);
		fprintf(tmp, "%s,", echo);
		g_free(echo);
		put_number(tmp, cmp.diff, so->digits);
		fputc(',', tmp);
		put_number(tmp, cmp.lower, so->digits);
		fputc(',', tmp);
		put_number(tmp, cmp.upper, so->digits);
		fputc(',', tmp);
		put_number(tmp, cmp.p_chisq, so->digits);
		fputc(',', tmp);
		put_number(tmp, cmp.p_yates, so->digits);
		fputc(',', tmp);
		put_number(tmp, cmp.p_fisher, so->digits);
		fputs("," ST_OK "\n", tmp);
	}
	if (r < 0) {
		rc = QI_ESYS;
		goto out;
	}
	if (qi_csv_errors(c) == 0)
		rc = flush_out(tmp, so, diag);
out:
	qi_csv_close(c);
	if (tmp != NULL)
		fclose(tmp);
	return rc;
}

/*
 * The options whose value is a number in an interval: (lo, hi), or
 * [lo, hi) when lo_in, and not the value `not' (NaN: none).  One table,
 * so that each is parsed and refused the same way.
 */
struct number_opt {
	int		 ch;		/* getopt value */
	size_t		 off;		/* its double in struct stats_opts */
	double		 lo, hi;
	int		 lo_in;
	double		 not;
	const char	*message;	/* the misuse, '%s' the value */
};

static const struct number_opt number_opts[] = {
	{ 'w', offsetof(struct stats_opts, winsor), 0.0, 0.5, 1, NAN,
	    "--winsor must be a fraction from 0 to below 0.5, such as 0.1: "
	    "'%s'" },
	{ 'L', offsetof(struct stats_opts, outer_level), 0.0, 1.0, 0, NAN,
	    "--outer-level must be a probability between 0 and 1, such as "
	    "0.998: '%s'" },
	{ 'r', offsetof(struct stats_opts, odds_ratio), 0.0, INFINITY, 0, 1.0,
	    "--or must be an odds ratio above 0 and not 1, such as 2: '%s'" },
	{ 'H', offsetof(struct stats_opts, h), 0.0, INFINITY, 0, NAN,
	    "--h must be a threshold above 0, such as 4.5: '%s'" },
	{ 'A', offsetof(struct stats_opts, arl0), 1.0, INFINITY, 0, NAN,
	    "--arl0 must be an average run length above 1, such as 1000: "
	    "'%s'" },
	{ 'M', offsetof(struct stats_opts, multiplier), 0.0, INFINITY, 0, NAN,
	    "--multiplier must be a number above 0, such as 100000: '%s'" },
};

static const struct number_opt *
number_option(int ch)
{
	size_t i;

	for (i = 0; i < sizeof(number_opts) / sizeof(number_opts[0]); i++)
		if (number_opts[i].ch == ch)
			return &number_opts[i];
	return NULL;
}

/* Parse arg into the option's field of so: 0, or -1 if out of range. */
static int
number_option_set(const struct number_opt *no, const char *arg,
    struct stats_opts *so)
{
	double v;

	if (field_number(arg, &v) != 0 || !(no->lo_in ? v >= no->lo :
	    v > no->lo) || !(v < no->hi) || v == no->not)
		return -1;
	*(double *)(void *)((char *)so + no->off) = v;
	return 0;
}

/* The SO_ flag of an option (by its getopt value); 0 for --level, --help. */
static unsigned
opt_group(int ch)
{
	switch (ch) {
	case 'm':
		return SO_METHOD;
	case 't':
		return SO_TARGET;
	case 'O':
		return SO_OD;
	case 'c':
		return SO_CHART;
	case 'S':
		return SO_STANDARD;
	case 'R':
		return SO_REFERENCE;
	case 'M':
		return SO_MULTIPLIER;
	case 'Y':
	case 'X':
	case 'F':
		return SO_LOGIT;
	case 's':
		return SO_SUMMARY;
	case 'k':
	case 'w':
	case 'L':
		return SO_SCALE;
	case 'P':
	case 'Z':
		return SO_PHASE;
	case 'r':
	case 'H':
	case 'A':
	case 'N':
		return SO_CUSUM;
	default:
		return 0;
	}
}

/* "qi stats SUB: " and the message about arg: cmd_misuse(). */
static void
stats_misuse(const struct stats_sub *s, const char *fmt, const char *arg)
{
	cmd_misuse(&cmd_stats_def, s->name, fmt, arg);
}

/*
 * An option given to a subcommand that does not take it: its full name
 * (even when abbreviated) and the subcommands that take it.
 */
static void
not_here(const struct stats_sub *s, int ch, const struct option *longopts)
{
	const struct stats_sub *t;
	const char *name = "?";
	GString *takers = g_string_new(NULL);
	char *msg;

	for (; longopts->name != NULL; longopts++)
		if (longopts->val == ch)
			name = longopts->name;
	for (t = subs; t->name != NULL; t++)
		if (t->opts & opt_group(ch))
			g_string_append_printf(takers, "%s%s",
			    takers->len ? ", " : "", t->name);
	msg = g_strdup_printf("option '--%s' does not apply to %s (it is "
	    "taken by qi stats %s)", name, s->name, takers->str);
	stats_misuse(s, "%s", msg);
	g_free(msg);
	g_string_free(takers, TRUE);
}

enum qi_err
cmd_stats(int argc, char *argv[], struct qi_diag *diag)
{
	static const struct option longopts[] = {
		{ "method", required_argument, NULL, 'm' },
		{ "level", required_argument, NULL, 'l' },
		{ "target", required_argument, NULL, 't' },
		{ "od", required_argument, NULL, 'O' },
		{ "scale", required_argument, NULL, 'k' },
		{ "winsor", required_argument, NULL, 'w' },
		{ "outer-level", required_argument, NULL, 'L' },
		{ "chart", required_argument, NULL, 'c' },
		{ "phase-at", required_argument, NULL, 'P' },
		{ "freeze", required_argument, NULL, 'Z' },
		{ "or", required_argument, NULL, 'r' },
		{ "h", required_argument, NULL, 'H' },
		{ "arl0", required_argument, NULL, 'A' },
		{ "states", required_argument, NULL, 'N' },
		{ "standard", required_argument, NULL, 'S' },
		{ "reference", required_argument, NULL, 'R' },
		{ "multiplier", required_argument, NULL, 'M' },
		{ "y", required_argument, NULL, 'Y' },
		{ "x", required_argument, NULL, 'X' },
		{ "factor", required_argument, NULL, 'F' },
		{ "summary", no_argument, NULL, 's' },
		{ "digits", required_argument, NULL, 'D' },
		{ "output", required_argument, NULL, 'o' },
		{ "as", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd	*self = &cmd_stats_def;
	const struct stats_sub	*s;
	const struct number_opt	*no;
	struct stats_opts	 so;
	char			*end, *joined;
	int			 ch, v;
	enum qi_err		 rc;

	memset(&so, 0, sizeof(so));
	so.level = DEFAULT_LEVEL;
	so.target = NAN;
	so.winsor = NAN;
	so.outer_level = NAN;
	so.multiplier = NAN;
	so.odds_ratio = 2.0;
	so.h = NAN;
	so.arl0 = NAN;
	so.states = DEFAULT_STATES;
	so.digits = 0;	/* the shortest that reads back */
	so.output = "-";
	so.as = OPTS_AS_AUTO;
	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		cmd_usage(self, stdout);
		return QI_OK;
	}
	for (s = subs; argc >= 2 && s->name != NULL; s++)
		if (strcmp(s->name, argv[1]) == 0)
			break;
	if (argc < 2 || s->name == NULL) {
		if (argc >= 2)
			fprintf(stderr, "qi stats: unknown subcommand '%s'\n",
			    argv[1]);
		cmd_usage(self, stderr);
		return QI_EUSAGE;
	}
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc - 1, argv + 1, ":m:l:o:h", longopts,
	    NULL)) != -1) {
		if ((opt_group(ch) & s->opts) != opt_group(ch)) {
			not_here(s, ch, longopts);
			goto misuse;
		}
		if ((no = number_option(ch)) != NULL) {
			if (number_option_set(no, optarg, &so) != 0) {
				stats_misuse(s, no->message, optarg);
				goto misuse;
			}
			continue;
		}
		switch (ch) {
		case 'm':
			so.method = optarg;
			break;
		case 't':
			errno = 0;
			so.target = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    !(so.target >= 0.0) || !isfinite(so.target)) {
				stats_misuse(s, "--target must be a "
				    "proportion or rate of 0 or more, such as "
				    "0.12: '%s'", optarg);
				goto misuse;
			}
			break;
		case 'o':
			so.output = optarg;
			break;
		case 'a':
			if ((v = cmd_parse_as(optarg)) < 0) {
				stats_misuse(s, CMD_BAD_AS, optarg);
				goto misuse;
			}
			so.as = (enum opts_as)v;
			break;
		case 'O':
			if (qi_name_value(qi_od_model_names, optarg) < 0) {
				stats_misuse(s, "--od is none, "
				    "multiplicative or additive: '%s'", optarg);
				goto misuse;
			}
			so.od = optarg;
			break;
		case 'c':
			if (strcmp(optarg, CHART_RUN) != 0 &&
			    qi_name_value(qi_spc_chart_names, optarg) < 0) {
				stats_misuse(s, "--chart is run, p, u, pp "
				    "(Laney p') or up (Laney u'): '%s'",
				    optarg);
				goto misuse;
			}
			so.chart = optarg;
			break;
		case 'k':
			if (qi_name_value(qi_funnel_scale_names, optarg) < 0) {
				stats_misuse(s, "--scale is raw, logit, "
				    "arcsine (proportions), log or sqrt (rates "
				    "and ratios): '%s'", optarg);
				goto misuse;
			}
			so.scale = optarg;
			break;
		case 'P':
			so.phase_at = optarg;
			break;
		case 'Z':
			errno = 0;
			so.freeze = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    so.freeze < 1) {
				stats_misuse(s, "--freeze must be a whole "
				    "number of subgroups, 1 or more: '%s'",
				    optarg);
				goto misuse;
			}
			break;
		case 'N':
			errno = 0;
			so.states = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    so.states < 10 || so.states > MAX_STATES) {
				stats_misuse(s, "--states must be a whole "
				    "number from 10 to 2000: '%s'", optarg);
				goto misuse;
			}
			break;
		case 'S':
			so.standard = optarg;
			break;
		case 'R':
			so.reference = optarg;
			break;
		case 'Y':
		case 'X':
		case 'F':
		case 's':
			if (ch == 'Y')
				so.y = optarg;
			else if (ch == 'X')
				so.x = optarg;
			else if (ch == 's')
				so.summary = 1;
			else {
				joined = so.factors == NULL ? g_strdup(optarg) :
				    g_strconcat(so.factors, ",", optarg, NULL);
				g_free(so.factors);
				so.factors = joined;
			}
			break;
		case 'D':
			if ((so.digits = cmd_parse_digits(optarg)) < 0) {
				stats_misuse(s, CMD_BAD_DIGITS, optarg);
				goto misuse;
			}
			break;
		case 'l':
			errno = 0;
			so.level = strtod(optarg, &end);
			if (*end != '\0' || errno != 0 || !(so.level > 0.0 &&
			    so.level < 1.0)) {
				stats_misuse(s, "--level must be a "
				    "probability between 0 and 1, such as "
				    "0.95 (not 95): '%s'", optarg);
				goto misuse;
			}
			break;
		case 'h':
			cmd_usage(self, stdout);
			g_free(so.factors);
			return QI_OK;
		case ':':	/* argv + 1 was parsed: its optind - 1 */
			stats_misuse(s, "option '%s' needs a value",
			    argv[optind]);
			goto misuse;
		default:
			stats_misuse(s, "unknown (or ambiguous) option '%s'",
			    argv[optind]);
			goto misuse;
		}
	}
	if (optind != argc - 1) {
		stats_misuse(s, "unexpected argument '%s' (the table is "
		    "read from stdin)", argv[optind + 1]);
		goto misuse;
	}
	rc = s->fn(&so, diag);
	g_free(so.factors);
	return rc;
misuse:
	g_free(so.factors);
	return QI_EUSAGE;
}

/* ------------------------------------------------ whole-table commands */

/*
 * The rows of a table whose units are analysed together (funnel
 * overdispersion, smoothing, control limits): numbers of the wanted
 * columns, and the fields as written to echo them.
 */
struct table {
	size_t		 n, cap;
	double		*v[2];		/* [col][row]; NaN when absent */
	char		**echo;		/* [row]: its fields as read, owned */
	char		**period;	/* [row]: column period as read, owned;
					   NULL when the input has none */
	char		**version;	/* [row]: column version (a definition
					   version), likewise */
	char		*head;		/* the header as read, owned */
};

static void
table_free(struct table *t)
{
	size_t i, k;

	for (i = 0; i < t->n; i++) {
		g_free(t->echo[i]);
		if (t->period != NULL)
			g_free(t->period[i]);
		if (t->version != NULL)
			g_free(t->version[i]);
	}
	g_free(t->echo);
	g_free(t->period);
	g_free(t->version);
	g_free(t->head);
	for (k = 0; k < 2; k++)
		g_free(t->v[k]);
	memset(t, 0, sizeof(*t));
}

/*
 * Add a row: its two numbers and the current row of c, echoed; with
 * period (the text of the row's column period, or NULL) kept too.
 */
static void
table_add_period(struct table *t, const double *v, const struct qi_csv *c,
    const char *period, const char *version)
{
	size_t k;

	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		for (k = 0; k < 2; k++)
			t->v[k] = g_renew(double, t->v[k], t->cap);
		t->echo = g_renew(char *, t->echo, t->cap);
		if (period != NULL || t->period != NULL)
			t->period = g_renew(char *, t->period, t->cap);
		if (version != NULL || t->version != NULL)
			t->version = g_renew(char *, t->version, t->cap);
	}
	for (k = 0; k < 2; k++)
		t->v[k][t->n] = v[k];
	t->echo[t->n] = echo_row(c);
	if (period != NULL)
		t->period[t->n] = g_strdup(period);
	if (version != NULL)
		t->version[t->n] = g_strdup(version);
	t->n++;
}

static void
table_add(struct table *t, const double *v, const struct qi_csv *c)
{
	table_add_period(t, v, c, NULL, NULL);
}

/* Status of a funnel row, by enum qi_funnel_row_status and ci_kind. */
static const char *
funnel_status(enum qi_funnel_row_status st, enum ci_kind kind)
{
	if (st == QI_FUNNEL_ROW_NO_VOLUME)
		return undefined_status[kind];
	return st == QI_FUNNEL_ROW_NO_Z ? "undefined_z" : ST_OK;
}

/*
 * qi stats funnel: control limits for units of volume n (proportion), t
 * (rate per unit of exposure) or e (O/E ratio, expected count), around
 * --target (default: sum x / sum n when counts are given, 1 for ratios),
 * at two levels, on --scale.  With counts (x, or o for ratios): also the
 * rate, z and the flag; --od widens the limits by the overdispersion of
 * these units.  The statistics are qi_funnel_units()'s (funnel.c); this
 * only reads, checks and prints.
 */
static enum qi_err
stats_funnel(const struct stats_opts *so, struct qi_diag *diag)
{
	static const struct qi_csvcol cols[] = {
		{ "n", 0 }, { "t", 0 }, { "e", 0 }, { "x", 0 }, { "o", 0 },
	};
	enum { CN, CT, CE, CX, CO };
	struct qi_csvcfg cfg;
	struct qi_csv *c = NULL;
	const char *const *f;
	struct table tb = { 0 };
	FILE *tmp = NULL;
	struct qi_funnel_spec sp;
	struct qi_funnel_fit fit;
	struct qi_funnel_row *rows = NULL;
	enum ci_kind kind;
	const char *problem, *hint;
	double v[2];
	size_t idx[2], nidx, i, l;
	int method, r, ok, counts, od;
	enum qi_err rc = QI_EINPUT;

	qi_csvcfg_defaults(&cfg);
	if ((c = qi_csv_open("-", cols, 5, &cfg, diag)) == NULL)
		goto out;
	kind = qi_csv_has(c, CN) ? KIND_PROPORTION : qi_csv_has(c, CT) ?
	    KIND_RATE : KIND_RATIO;
	if (qi_csv_has(c, CN) + qi_csv_has(c, CT) + qi_csv_has(c, CE) != 1) {
		qi_diag_add(diag, QI_ERROR, "<stdin>", 1, 1, "name one volume "
		    "column: n (patients), t (exposure) or e (expected)",
		    "cannot tell the volume of the units from the header");
		goto out;
	}
	idx[0] = kind == KIND_PROPORTION ? CN : kind == KIND_RATE ? CT : CE;
	counts = kind == KIND_RATIO ? qi_csv_has(c, CO) : qi_csv_has(c, CX);
	idx[1] = kind == KIND_RATIO ? CO : CX;
	nidx = counts ? 2 : 1;

	memset(&sp, 0, sizeof(sp));
	sp.poisson = kind != KIND_PROPORTION;
	sp.scale = so->scale == NULL ? QI_SCALE_RAW :
	    (enum qi_funnel_scale)qi_name_value(qi_funnel_scale_names,
	    so->scale);
	sp.od = so->od == NULL ? QI_OD_NONE :
	    (enum qi_od_model)qi_name_value(qi_od_model_names, so->od);
	/* Exact limits by default; normal ones where exact cannot be. */
	method = so->method == NULL ? (sp.scale == QI_SCALE_RAW && sp.od ==
	    QI_OD_NONE ? QI_FUNNEL_EXACT : QI_FUNNEL_NORMAL) :
	    qi_name_value(qi_funnel_method_names, so->method);
	if (method < 0) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, kind ==
		    KIND_PROPORTION ? "use exact, normal or wilson" : "use "
		    "exact or normal", "funnel method '%s' does not apply here",
		    so->method);
		rc = QI_EUSAGE;
		goto out;
	}
	sp.method = (enum qi_funnel_method)method;
	sp.trim = isnan(so->winsor) ? DEFAULT_WINSOR : so->winsor;
	sp.od_test = 0.0;	/* widen whenever phi > 1 */
	sp.level[0] = so->level;
	/* --outer-level: default 0.998, or --level if that is higher */
	sp.level[1] = !isnan(so->outer_level) ? so->outer_level :
	    fmax(DEFAULT_OUTER_LEVEL, so->level);
	sp.target = so->target;
	if (kind == KIND_RATIO && isnan(sp.target))
		sp.target = 1.0;
	od = sp.od != QI_OD_NONE;
	if (!isnan(so->winsor) && !od) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "add --od "
		    "multiplicative or --od additive", "--winsor applies to "
		    "the overdispersion estimate, and --od is not given");
		rc = QI_EUSAGE;
		goto out;
	}
	if (!(sp.level[0] <= sp.level[1])) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "the inner limits "
		    "(--level) lie within the outer (--outer-level): e.g. "
		    "--level 0.95 --outer-level 0.998", "--level %g is above "
		    "--outer-level %g", sp.level[0], sp.level[1]);
		rc = QI_EUSAGE;
		goto out;
	}
	if ((problem = qi_funnel_spec_problem(&sp, &hint)) != NULL) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, hint, "%s (--method "
		    "%s, --scale %s%s%s)", problem, qi_name_of(
		    qi_funnel_method_names, method), qi_name_of(
		    qi_funnel_scale_names, (int)sp.scale), od ? ", --od " : "",
		    od ? so->od : "");
		rc = QI_EUSAGE;
		goto out;
	}
	if (od && !counts) {
		qi_diag_add(diag, QI_ERROR, "<stdin>", 1, 1, "add a column x "
		    "(or o) with each unit's events", "--od needs the units' "
		    "counts");
		rc = QI_EUSAGE;
		goto out;
	}
	while ((r = qi_csv_next(c, &f)) == 1) {
		if (row_numbers(c, f, cols, idx, nidx, v) > 0)
			continue;
		ok = 1;
		if (v[0] < 0.0 || (kind == KIND_PROPORTION && v[0] > 0.0 &&
		    method == QI_FUNNEL_EXACT && !whole(v[0]))) {
			qi_csv_error(c, idx[0], method == QI_FUNNEL_EXACT ?
			    "the exact funnel needs whole volumes above 0" :
			    "volumes are above 0", "%s out of range: %s",
			    cols[idx[0]].name, f[idx[0]]);
			ok = 0;
		}
		if (counts && (v[1] < 0.0 || (kind == KIND_PROPORTION &&
		    v[1] > v[0]))) {
			qi_csv_error(c, idx[1], "0 <= x <= n",
			    "%s out of range: %s", cols[idx[1]].name,
			    f[idx[1]]);
			ok = 0;
		}
		if (!ok)
			continue;
		if (!counts)
			v[1] = NAN;
		table_add(&tb, v, c);
	}
	if (r < 0) {
		rc = QI_ESYS;
		goto out;
	}
	if (qi_csv_errors(c) > 0)
		goto out;
	if (!sp.poisson && sp.target > 1.0) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "give --target as a "
		    "proportion such as 0.12", "a proportion's target is at "
		    "most 1");
		rc = QI_EUSAGE;
		goto out;
	}
	rows = g_new0(struct qi_funnel_row, tb.n + 1);	/* never NULL */
	switch (qi_funnel_units(&sp, counts ? tb.v[1] : NULL, tb.v[0], tb.n,
	    &fit, rows)) {
	case QI_FUNNEL_OK:
		break;
	case QI_FUNNEL_ENOTARGET:
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "give --target, or a "
		    "column x so that the pooled rate is the target",
		    "no target");
		rc = QI_EUSAGE;
		goto out;
	case QI_FUNNEL_ETARGET:
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "on a logit scale the "
		    "target lies strictly between 0 and 1, on a log scale "
		    "above 0", "the target %.17g has no value on the %s scale",
		    fit.target, qi_name_of(qi_funnel_scale_names,
		    (int)sp.scale));
		rc = QI_EUSAGE;
		goto out;
	case QI_FUNNEL_EOD:
		qi_diag_add(diag, QI_ERROR, "<stdin>", 0, 0, "overdispersion "
		    "needs at least two units with a finite z: a target "
		    "strictly between 0 and 1 (above 0 for rates)",
		    "overdispersion cannot be estimated");
		goto out;
	case QI_FUNNEL_ELIMITS:
		qi_diag_add(diag, QI_ERROR, "<stdin>", 0, 0, "the exact method "
		    "takes volumes up to 1e10", "no limits at some %s",
		    cols[idx[0]].name);
		goto out;
	default:	/* QI_FUNNEL_EARG: refused above already */
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "report this to the "
		    "qi maintainers", "the funnel specification was refused");
		rc = QI_ESYS;
		goto out;
	}
	if ((tmp = tmpfile()) == NULL) {
		rc = no_tmp(diag);
		goto out;
	}
	echo_header(tmp, c);
	fprintf(tmp, ",target%s,level,lower,upper,outer_level,outer_lower,"
	    "outer_upper%s%s,status\n", counts ? ",rate,z" : "", counts ?
	    ",flag" : "", od ? ",z_adj,phi,tau2,winsor,winsor_lower,"
	    "winsor_upper" : "");
	for (i = 0; i < tb.n; i++) {
		const struct qi_funnel_row *u = &rows[i];
		int none = u->status == QI_FUNNEL_ROW_NO_VOLUME;

		fprintf(tmp, "%s,", tb.echo[i]);
		put_number(tmp, fit.target, so->digits);
		if (counts) {
			fputc(',', tmp);
			put_number(tmp, u->rate, so->digits);
			fputc(',', tmp);
			put_number(tmp, u->z, so->digits);
		}
		for (l = 0; l < 2; l++) {
			fputc(',', tmp);
			put_number(tmp, sp.level[l], so->digits);
			fputc(',', tmp);
			put_number(tmp, u->lo[l], so->digits);
			fputc(',', tmp);
			put_number(tmp, u->hi[l], so->digits);
		}
		if (counts)
			fprintf(tmp, ",%s", none ? "" :
			    qi_name_of(qi_funnel_flag_names, (int)u->flag));
		if (od) {
			fputc(',', tmp);
			put_number(tmp, u->z_adj, so->digits);
			fputc(',', tmp);
			put_number(tmp, fit.od.phi, so->digits);
			fputc(',', tmp);
			put_number(tmp, fit.od.tau2, so->digits);
			fputc(',', tmp);
			put_number(tmp, fit.od.trim, so->digits);
			fputc(',', tmp);
			put_number(tmp, fit.od.zlo, so->digits);
			fputc(',', tmp);
			put_number(tmp, fit.od.zhi, so->digits);
		}
		fprintf(tmp, ",%s\n", funnel_status(u->status, kind));
	}
	rc = flush_out(tmp, so, diag);
out:
	g_free(rows);
	table_free(&tb);
	qi_csv_close(c);
	if (tmp != NULL)
		fclose(tmp);
	return rc;
}

/*
 * Read columns x and n (or x and t when rate_ok) of every row into tb,
 * checking 0 <= x (<= n for proportions) and n > 0.  *rate tells which.
 * Without x, the columns of results.csv and trend.csv stand in:
 * numerator and denominator (or exposure, for a rate, when there is no
 * denominator).  Columns period and version are kept when present.
 */
static enum qi_err
read_counts(struct table *tb, int rate_ok, int *rate, struct qi_diag *diag)
{
	static const struct qi_csvcol cols[] = {
		{ "x", 0 }, { "n", 0 }, { "t", 0 }, { "period", 0 },
		{ "numerator", 0 }, { "denominator", 0 }, { "exposure", 0 },
		{ "version", 0 },
	};
	struct qi_csvcfg cfg;
	struct qi_csv *c;
	const char *const *f;
	size_t idx[2] = { 0, 1 };
	double v[2];
	int r, ok;
	enum qi_err rc = QI_EINPUT;

	qi_csvcfg_defaults(&cfg);
	if ((c = qi_csv_open("-", cols, 8, &cfg, diag)) == NULL)
		return QI_EINPUT;
	if (!qi_csv_has(c, 0) && qi_csv_has(c, 4)) {
		idx[0] = 4;	/* results.csv, trend.csv */
		*rate = rate_ok && qi_csv_has(c, 6) && !qi_csv_has(c, 5);
		idx[1] = *rate ? 6 : 5;
	} else {
		*rate = rate_ok && qi_csv_has(c, 2) && !qi_csv_has(c, 1);
		idx[1] = *rate ? 2 : 1;
	}
	{
		struct text head;

		echo_header(text_open(&head), c);
		tb->head = text_close(&head);
	}
	if (!qi_csv_has(c, idx[0])) {
		qi_diag_add(diag, QI_ERROR, "<stdin>", 1, 1, rate_ok ?
		    "name the columns x,n (proportions) or x,t (rates), or "
		    "give results.csv or trend.csv" : "name the columns x,n",
		    "no column x");
		goto out;
	}
	if (!qi_csv_has(c, idx[1])) {
		qi_diag_add(diag, QI_ERROR, "<stdin>", 1, 1, rate_ok ?
		    "name the columns x,n (proportions) or x,t (rates)" :
		    "name the columns x,n", "no denominator column");
		goto out;
	}
	while ((r = qi_csv_next(c, &f)) == 1) {
		if (row_numbers(c, f, cols, idx, 2, v) > 0)
			continue;
		ok = v[1] > 0 && v[0] >= 0 && (*rate || v[0] <= v[1]);
		if (!ok) {
			qi_csv_error(c, idx[0], *rate ? "0 <= x, t > 0" :
			    "0 <= x <= n, n > 0", "counts out of range: %s of %s",
			    f[idx[0]], f[idx[1]]);
			continue;
		}
		table_add_period(tb, v, c, qi_csv_has(c, 3) ? f[3] : NULL,
		    qi_csv_has(c, 7) ? f[7] : NULL);
	}
	if (r < 0)
		rc = QI_ESYS;
	else if (qi_csv_errors(c) == 0)
		rc = QI_OK;
out:
	qi_csv_close(c);
	return rc;
}

/*
 * qi stats shrink: empirical-Bayes smoothed proportions of the units
 * x,n (beta-binomial, method of moments).  Output: x,n,smoothed,
 * reliability.
 */
static enum qi_err
stats_shrink(const struct stats_opts *so, struct qi_diag *diag)
{
	struct table tb = { 0 };
	struct qi_shrink sh;
	FILE *tmp = NULL;
	double rate, rel;
	size_t i;
	int israte;
	enum qi_err rc;

	if ((rc = read_counts(&tb, 0, &israte, diag)) != QI_OK)
		goto out;
	if (qi_shrink_fit(tb.v[0], tb.v[1], tb.n, &sh) == -1) {
		qi_diag_add(diag, QI_ERROR, "<stdin>", 0, 0, "smoothing needs "
		    "at least two units, not all with n = 1", "the prior "
		    "cannot be estimated from these %zu units", tb.n);
		rc = QI_EINPUT;
		goto out;
	}
	if ((tmp = tmpfile()) == NULL) {
		rc = no_tmp(diag);
		goto out;
	}
	fprintf(tmp, "%s,smoothed,reliability\n", tb.head);
	for (i = 0; i < tb.n; i++) {
		qi_shrink_unit(&sh, tb.v[0][i], tb.v[1][i], &rate, &rel);
		fprintf(tmp, "%s,", tb.echo[i]);
		put_number(tmp, rate, so->digits);
		fputc(',', tmp);
		put_number(tmp, rel, so->digits);
		fputc('\n', tmp);
	}
	rc = flush_out(tmp, so, diag);
out:
	table_free(&tb);
	if (tmp != NULL)
		fclose(tmp);
	return rc;
}

static int
cmp_real(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of v[0..k-1], k >= 1 (as R's median); v is reordered. */
static double
median_of(double *v, size_t k)
{
	qsort(v, k, sizeof(*v), cmp_real);
	return k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2.0;
}

/*
 * The phases of --phase-at: start[0] = 0 and start[p] the row whose
 * period is the p-th value given, in increasing order.  Returns the
 * number of phases, or 0 after a message.
 */
static size_t
spc_phases(const struct stats_opts *so, const struct table *tb,
    size_t **start, struct qi_diag *diag)
{
	char **at;
	size_t np, i, j, *st;

	*start = NULL;
	if (so->phase_at == NULL) {
		*start = g_new0(size_t, 1);
		return 1;
	}
	if (strcmp(so->phase_at, "version") == 0) {
		/* A phase per run of rows of one definition version. */
		if (tb->version == NULL) {
			qi_diag_add(diag, QI_ERROR, "<stdin>", 1, 1, "give "
			    "trend.csv or results.csv rows, or add a column "
			    "version", "--phase-at version needs a column "
			    "version");
			return 0;
		}
		st = g_new0(size_t, tb->n + 1);
		for (np = 1, j = 1; j < tb->n; j++)
			if (strcmp(tb->version[j], tb->version[j - 1]) != 0)
				st[np++] = j;
		*start = st;
		return np;
	}
	if (tb->period == NULL) {
		qi_diag_add(diag, QI_ERROR, "<stdin>", 1, 1, "add a column "
		    "period naming each subgroup, e.g. 2024Q1", "--phase-at "
		    "needs a column period");
		return 0;
	}
	at = g_strsplit(so->phase_at, ",", -1);
	np = g_strv_length(at) + 1;
	st = g_new0(size_t, np);
	for (i = 1; i < np; i++) {
		for (j = 0; j < tb->n; j++)
			if (strcmp(tb->period[j], at[i - 1]) == 0)
				break;
		if (j == tb->n || j <= st[i - 1]) {
			qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "name periods "
			    "of the input in time order, after the first row",
			    j == tb->n ? "--phase-at: no period '%s' in the "
			    "input" : "--phase-at: period '%s' does not start "
			    "a later phase", at[i - 1]);
			g_strfreev(at);
			g_free(st);
			return 0;
		}
		st[i] = j;
	}
	g_strfreev(at);
	*start = st;
	return np;
}

/*
 * qi stats spc: a run chart (the median) or control limits over
 * subgroups in time order, x,n for p and p' charts, x,t for u and u',
 * either for run charts; per phase (--phase-at), with Anhoej's runs
 * rules around each phase's centre line (stats/runs.c).  Output: the
 * input columns, then cl,lower,upper,phase,useful,longest_run,
 * longest_run_max,crossings,crossings_min,runs_signal,status.
 */
static enum qi_err
stats_spc(const struct stats_opts *so, struct qi_diag *diag)
{
	struct table tb = { 0 };
	struct qi_runs runs;
	FILE *tmp = NULL;
	double cl, sz, *lo = NULL, *hi = NULL, *y = NULL, *ys = NULL;
	size_t i, p, np, a, b, base, *start = NULL;
	int israte, chart, run;
	enum qi_err rc;

	if ((rc = read_counts(&tb, 1, &israte, diag)) != QI_OK)
		goto out;
	run = so->chart != NULL && strcmp(so->chart, CHART_RUN) == 0;
	chart = so->chart == NULL || run ? (israte ? QI_SPC_U : QI_SPC_P) :
	    qi_name_value(qi_spc_chart_names, so->chart);
	if ((chart == QI_SPC_U || chart == QI_SPC_U_LANEY) != israte) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, israte ? "use --chart "
		    "u, up or run with x,t" : "use --chart p, pp or run with "
		    "x,n", "chart '%s' does not fit these columns", so->chart);
		rc = QI_EUSAGE;
		goto out;
	}
	rc = QI_EINPUT;
	if ((np = spc_phases(so, &tb, &start, diag)) == 0)
		goto out;
	/* n + 1: never NULL, even for no subgroups */
	lo = g_new0(double, tb.n + 1);
	hi = g_new0(double, tb.n + 1);
	y = g_new0(double, tb.n + 1);
	ys = g_new0(double, tb.n + 1);
	if (tb.n == 0) {
		qi_diag_add(diag, QI_ERROR, "<stdin>", 0, 0, "give at least "
		    "one subgroup", "no subgroups");
		goto out;
	}
	for (i = 0; i < tb.n; i++)
		y[i] = tb.v[0][i] / tb.v[1][i];
	if ((tmp = tmpfile()) == NULL) {
		rc = no_tmp(diag);
		goto out;
	}
	fprintf(tmp, "%s,cl,lower,upper,phase,useful,longest_run,"
	    "longest_run_max,crossings,crossings_min,runs_signal,status\n",
	    tb.head);
	if (so->freeze > 0 && (size_t)so->freeze > (np > 1 ? start[1] :
	    tb.n)) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "freeze at most the "
		    "first phase's subgroups", "--freeze %ld: the first phase "
		    "has %zu subgroups", so->freeze, np > 1 ? start[1] : tb.n);
		goto out;
	}
	for (p = 0; p < np; p++) {
		a = start[p];
		b = p + 1 < np ? start[p + 1] : tb.n;
		/* the baseline: the first phase's first --freeze subgroups */
		base = p == 0 && so->freeze > 0 ? (size_t)so->freeze : b - a;
		if (run) {
			memcpy(ys, y + a, base * sizeof(*ys));
			cl = median_of(ys, base);
			for (i = a; i < b; i++)
				lo[i] = hi[i] = NAN;
		} else if (qi_spc_limits_base((enum qi_spc_chart)chart,
		    tb.v[0] + a, tb.v[1] + a, b - a, base, QI_SPC_SIGMA, &cl,
		    &sz, lo + a, hi + a) == -1) {
			qi_diag_add(diag, QI_ERROR, "<stdin>", 0, 0, "give at "
			    "least two subgroups in each phase (and baseline) "
			    "for Laney's charts", "no control limits for phase "
			    "%zu (%zu subgroups)", p + 1, base);
			goto out;
		}
		qi_runs_anhoej(y + a, b - a, cl, &runs);
		for (i = a; i < b; i++) {
			fprintf(tmp, "%s,", tb.echo[i]);
			put_number(tmp, cl, so->digits);
			fputc(',', tmp);
			put_number(tmp, lo[i], so->digits);
			fputc(',', tmp);
			put_number(tmp, hi[i], so->digits);
			fprintf(tmp, ",%zu,", p + 1);
			if (runs.useful == 0) {
				fputs(",,,,,,no_useful_points\n", tmp);
				continue;
			}
			fprintf(tmp, "%zu,%zu,%zu,%zu,%zu,%d," ST_OK "\n",
			    runs.useful, runs.longest, runs.longest_max,
			    runs.crossings, runs.crossings_min, runs.signal);
		}
	}
	rc = flush_out(tmp, so, diag);
out:
	g_free(start);
	g_free(lo);
	g_free(hi);
	g_free(y);
	g_free(ys);
	table_free(&tb);
	if (tmp != NULL)
		fclose(tmp);
	return rc;
}

/* ------------------------------------------------------ standardisation */

/*
 * The bands of a standard population (dsr: persons by band) or of the
 * reference rates (isr: events per person by band), in the order given.
 */
struct bands {
	size_t		 n;
	char		**name;		/* [n] owned */
	double		*v;		/* [n] persons, or events per person */
	GHashTable	*idx;		/* name -> index + 1; keys borrowed */
	char		*label;		/* owned: "esp2013" or the file name */
};

static void
bands_free(struct bands *b)
{
	size_t i;

	if (b->idx != NULL)
		g_hash_table_destroy(b->idx);
	for (i = 0; i < b->n; i++)
		g_free(b->name[i]);
	g_free(b->name);
	g_free(b->v);
	g_free(b->label);
	memset(b, 0, sizeof(*b));
}

/* Add band name with value v: 0, or -1 if the band is there already. */
static int
bands_add(struct bands *b, const char *name, double v)
{
	if (g_hash_table_contains(b->idx, name))
		return -1;
	b->name = g_renew(char *, b->name, b->n + 1);
	b->v = g_renew(double, b->v, b->n + 1);
	b->name[b->n] = g_strdup(name);
	b->v[b->n] = v;
	g_hash_table_insert(b->idx, b->name[b->n], GSIZE_TO_POINTER(b->n + 1));
	b->n++;
	return 0;
}

/* Index of band name, or -1. */
static long
bands_find(const struct bands *b, const char *name)
{
	gpointer p = g_hash_table_lookup(b->idx, name);

	return p == NULL ? -1 : (long)GPOINTER_TO_SIZE(p) - 1;
}

/*
 * Read the bands from a file: band,population (rates = 0) or band,rate
 * or band,count,population (rates = 1, the rate count/population).  Every
 * bad row is reported at its position.  QI_OK or QI_EINPUT / QI_ESYS.
 */
static enum qi_err
bands_read(struct bands *b, const char *path, int rates,
    struct qi_diag *diag)
{
	static const struct qi_csvcol cols[] = {
		{ "band", 1 }, { "population", 0 }, { "rate", 0 },
		{ "count", 0 },
	};
	enum { CB, CP, CR, CC };
	struct qi_csvcfg cfg;
	struct qi_csv *c;
	const char *const *f;
	size_t idx[2];
	double v[2], val;
	int r, byrate;
	enum qi_err rc = QI_EINPUT;

	qi_csvcfg_defaults(&cfg);
	if ((c = qi_csv_open(path, cols, 4, &cfg, diag)) == NULL)
		return QI_EINPUT;
	byrate = rates && qi_csv_has(c, CR);
	if (rates ? !byrate && !(qi_csv_has(c, CC) && qi_csv_has(c, CP)) :
	    !qi_csv_has(c, CP)) {
		qi_diag_add(diag, QI_ERROR, path, 1, 1, rates ? "name the "
		    "columns band,rate (events per person) or "
		    "band,count,population" : "name the columns "
		    "band,population", "cannot tell what the rows hold from "
		    "the header");
		goto out;
	}
	idx[0] = byrate ? CR : rates ? CC : CP;
	idx[1] = CP;
	while ((r = qi_csv_next(c, &f)) == 1) {
		if (row_numbers(c, f, cols, idx, rates && !byrate ? 2 : 1,
		    v) > 0)
			continue;
		if (*f[CB] == '\0') {
			qi_csv_error(c, CB, "name every band, e.g. 0-4",
			    "empty band");
			continue;
		}
		if (v[0] < 0.0) {
			qi_csv_error(c, idx[0], "counts, rates and "
			    "populations are 0 or more", "%s is negative: %s",
			    cols[idx[0]].name, f[idx[0]]);
			continue;
		}
		val = v[0];
		if (rates && !byrate) {
			if (!(v[1] > 0.0)) {
				qi_csv_error(c, CP, "a reference rate needs "
				    "people to count events among",
				    "population must be positive: %s", f[CP]);
				continue;
			}
			val = v[0] / v[1];
		}
		if (bands_add(b, f[CB], val) != 0)
			qi_csv_error(c, CB, "give each band once", "band '%s' "
			    "is repeated", f[CB]);
	}
	if (r < 0)
		rc = QI_ESYS;
	else if (qi_csv_errors(c) == 0 && b->n == 0)
		qi_diag_add(diag, QI_ERROR, path, 0, 0, "give one row per "
		    "band", "no bands");
	else if (qi_csv_errors(c) == 0)
		rc = QI_OK;
out:
	qi_csv_close(c);
	return rc;
}

/*
 * The standard (dsr) or reference (isr) bands named by the option: a
 * built-in standard population by name, else a file.
 */
static enum qi_err
bands_load(struct bands *b, const char *arg, int rates, struct qi_diag *diag)
{
	const struct qi_stdpop *sp = rates ? NULL : qi_stdpop_find(arg);
	size_t i;

	memset(b, 0, sizeof(*b));
	b->idx = g_hash_table_new(g_str_hash, g_str_equal);
	b->label = g_strdup(arg);
	if (sp == NULL && !g_file_test(arg, G_FILE_TEST_EXISTS)) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, rates ? "give a CSV "
		    "file band,rate or band,count,population" : "give one of "
		    "the built-in standards or a CSV file band,population",
		    "%s '%s': no such %s%s%s", rates ? "--reference" :
		    "--standard", arg, rates ? "file" : "standard population "
		    "(", rates ? "" : qi_stdpop_list, rates ? "" : ") or file");
		return QI_EUSAGE;
	}
	if (sp == NULL)
		return bands_read(b, arg, rates, diag);
	for (i = 0; i < sp->n; i++)
		bands_add(b, sp->band[i], sp->pop[i]);
	return QI_OK;
}

/* One group's events and persons by band (the order of b). */
struct sgroup {
	char		*name;		/* owned; "" without a group column */
	double		*x, *n;		/* [nb] events, persons */
	unsigned	*line;		/* [nb] input line; 0 = band absent */
};

static void
groups_free(GPtrArray *gs)
{
	size_t i;

	if (gs == NULL)
		return;
	for (i = 0; i < gs->len; i++) {
		struct sgroup *g = g_ptr_array_index(gs, i);

		g_free(g->name);
		g_free(g->x);
		g_free(g->n);
		g_free(g->line);
		g_free(g);
	}
	g_ptr_array_free(gs, TRUE);
}

/*
 * Read group (optional), band, count, population from standard input
 * into groups in the order they first appear.  Counts are whole numbers
 * 0 or more; populations 0 or more; every band is one of b's, once per
 * group.  *grouped tells whether the input had a group column.  QI_OK,
 * or QI_EINPUT with every bad row reported.
 */
static enum qi_err
groups_read(const struct bands *b, GPtrArray **out, int *grouped,
    struct qi_diag *diag)
{
	static const struct qi_csvcol cols[] = {
		{ "group", 0 }, { "band", 1 }, { "count", 1 },
		{ "population", 1 },
	};
	static const size_t idx[] = { 2, 3 };
	enum { CG, CB, CC, CP };
	struct qi_csvcfg cfg;
	struct qi_csv *c;
	const char *const *f;
	GPtrArray *gs = g_ptr_array_new();
	GHashTable *byname = g_hash_table_new(g_str_hash, g_str_equal);
	struct sgroup *g;
	const char *gname;
	char *hint;
	double v[2];
	long k, near;
	int r, ok;
	enum qi_err rc = QI_EINPUT;

	*out = NULL;
	qi_csvcfg_defaults(&cfg);
	if ((c = qi_csv_open("-", cols, 4, &cfg, diag)) == NULL)
		goto out;
	*grouped = qi_csv_has(c, CG);
	while ((r = qi_csv_next(c, &f)) == 1) {
		ok = row_numbers(c, f, cols, idx, 2, v) == 0;
		if ((k = bands_find(b, f[CB])) < 0) {
			near = qi_closest_word(f[CB], (const char *const *)
			    b->name, b->n);
			hint = g_strdup_printf(near >= 0 ? "the bands are "
			    "named as in the standard: did you mean '%s'?" :
			    "the bands are named as in the standard, such as "
			    "'%s'", b->name[near >= 0 ? near : 0]);
			qi_csv_error(c, CB, hint, "band '%s' is not in %s",
			    f[CB], b->label);
			g_free(hint);
			ok = 0;
		}
		if (ok && (v[0] < 0.0 || !whole(v[0]))) {
			qi_csv_error(c, CC, "counts are whole numbers, 0 or "
			    "more", "count must be a count: %s", f[CC]);
			ok = 0;
		}
		if (ok && v[1] < 0.0) {
			qi_csv_error(c, CP, "populations are 0 or more",
			    "population is negative: %s", f[CP]);
			ok = 0;
		}
		if (!ok)
			continue;
		gname = *grouped ? f[CG] : "";
		if ((g = g_hash_table_lookup(byname, gname)) == NULL) {
			g = g_new0(struct sgroup, 1);
			g->name = g_strdup(gname);
			g->x = g_new0(double, b->n);
			g->n = g_new0(double, b->n);
			g->line = g_new0(unsigned, b->n);
			g_ptr_array_add(gs, g);
			g_hash_table_insert(byname, g->name, g);
		}
		if (g->line[k] != 0) {
			qi_csv_error(c, CB, "give each band once per group",
			    "band '%s' repeated%s%s (first on line %u)",
			    f[CB], *grouped ? " in group " : "", gname,
			    g->line[k]);
			continue;
		}
		g->line[k] = qi_csv_line(c);
		g->x[k] = v[0];
		g->n[k] = v[1];
	}
	if (r < 0)
		rc = QI_ESYS;
	else if (qi_csv_errors(c) == 0 && gs->len == 0)
		qi_diag_add(diag, QI_ERROR, "<stdin>", 0, 0, "give one row "
		    "per group and band", "no rows");
	else if (qi_csv_errors(c) == 0)
		rc = QI_OK;
out:
	qi_csv_close(c);
	g_hash_table_destroy(byname);
	if (rc == QI_OK)
		*out = gs;
	else
		groups_free(gs);
	return rc;
}

/*
 * One output row of dsr or isr: the group's name (when grouped), its two
 * totals a, b (count and population, or observed and expected), then
 * estimate,lower,upper (NaN written empty) and the status.
 */
static void
put_std_row(FILE *fp, int grouped, const struct sgroup *g, double a,
    double b, double est, double lo, double hi, const char *status,
    int digits)
{
	if (grouped) {
		qi_emit_csv_field(fp, g->name);
		fputc(',', fp);
	}
	put_number(fp, a, digits);
	fputc(',', fp);
	put_number(fp, b, digits);
	fputc(',', fp);
	put_number(fp, est, digits);
	fputc(',', fp);
	put_number(fp, lo, digits);
	fputc(',', fp);
	put_number(fp, hi, digits);
	fprintf(fp, ",%s\n", status);
}

#define DSR_MIN_COUNT	10.0	/* PHE: no DSR below 10 events */

/*
 * One standardised estimate of group g under bands b: the two counts the
 * row shows (*a, *b), the estimate and its interval unscaled, and the
 * row's status ("ok" or why there is no estimate).
 */
typedef const char *std_fn(const struct stats_opts *, const struct bands *,
    const struct sgroup *, void *arg, double *a, double *b, double *est,
    double *lo, double *hi);

/*
 * The table of dsr and isr: the groups of standard input under bands b,
 * a row each ([group,]heads,estimate,lower,upper,status), the estimate
 * and interval times mult where ok.  Frees nothing of b.
 */
static enum qi_err
std_table(const struct stats_opts *so, const struct bands *b,
    const char *heads, std_fn *fn, void *arg, double mult,
    struct qi_diag *diag)
{
	GPtrArray *gs = NULL;
	FILE *tmp = NULL;
	double x, y, est, lo, hi;
	const char *status;
	size_t i;
	int grouped = 0;
	enum qi_err rc;

	if ((rc = groups_read(b, &gs, &grouped, diag)) != QI_OK)
		goto out;
	if ((tmp = tmpfile()) == NULL) {
		rc = no_tmp(diag);
		goto out;
	}
	fprintf(tmp, "%s%s,estimate,lower,upper,status\n",
	    grouped ? "group," : "", heads);
	for (i = 0; i < gs->len; i++) {
		const struct sgroup *g = g_ptr_array_index(gs, i);

		est = lo = hi = NAN;
		status = fn(so, b, g, arg, &x, &y, &est, &lo, &hi);
		if (strcmp(status, "ok") == 0) {
			est *= mult;
			lo *= mult;
			hi *= mult;
		} else
			est = lo = hi = NAN;
		put_std_row(tmp, grouped, g, x, y, est, lo, hi, status,
		    so->digits);
	}
	rc = flush_out(tmp, so, diag);
out:
	groups_free(gs);
	if (tmp != NULL)
		fclose(tmp);
	return rc;
}

/* dsr's scratch: the bands with weight, their weights, counts, people. */
struct dsr_work {
	int		 method;
	double		*w, *x, *n;
};

static const char *
dsr_of(const struct stats_opts *so, const struct bands *b,
    const struct sgroup *g, void *arg, double *o, double *pop, double *est,
    double *lo, double *hi)
{
	struct dsr_work *dw = arg;
	size_t j, k;
	int missing = 0, zero = 0;

	*o = *pop = 0.0;
	for (j = k = 0; j < b->n; j++) {
		*o += g->x[j];
		*pop += g->n[j];
		if (b->v[j] == 0.0)
			continue;	/* weight 0: no part in the rate */
		if (g->line[j] == 0)
			missing = 1;
		else if (g->n[j] == 0.0)
			zero = 1;
		dw->w[k] = b->v[j];
		dw->x[k] = g->x[j];
		dw->n[k++] = g->n[j];
	}
	if (missing)
		return "missing_band";
	if (zero)
		return "zero_population";
	if (*o < DSR_MIN_COUNT)
		return "small_count";
	if (qi_dsr(dw->x, dw->n, dw->w, k, (enum qi_rate_method)dw->method,
	    so->level, est, lo, hi) != 0)
		return "undefined";
	return "ok";
}

/*
 * qi stats dsr: directly standardised rates per group, per --multiplier
 * persons, with Dobson's interval around Byar's (default) or the exact
 * bounds of the total count.  Output: [group,]count,population,estimate,
 * lower,upper,status.
 */
static enum qi_err
stats_dsr(const struct stats_opts *so, struct qi_diag *diag)
{
	struct bands b;
	struct dsr_work dw = { 0 };
	double pop;
	size_t i;
	enum qi_err rc;

	memset(&b, 0, sizeof(b));
	dw.method = so->method == NULL ? QI_RATE_BYAR :
	    qi_name_value(qi_rate_method_names, so->method);
	if (dw.method != QI_RATE_BYAR && dw.method != QI_RATE_EXACT) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "Dobson's interval "
		    "takes byar (as PHEindicatormethods) or exact bounds for "
		    "the total count", "method '%s' does not apply to a "
		    "directly standardised rate", so->method);
		rc = QI_EUSAGE;
		goto out;
	}
	if ((rc = bands_load(&b, so->standard != NULL ? so->standard :
	    "esp2013", 0, diag)) != QI_OK)
		goto out;
	for (i = 0, pop = 0.0; i < b.n; i++)
		pop += b.v[i];
	if (!(pop > 0.0)) {
		qi_diag_add(diag, QI_ERROR, b.label, 0, 0, "a standard "
		    "population needs people in some band", "the standard "
		    "population is 0");
		rc = QI_EINPUT;
		goto out;
	}
	dw.w = g_new(double, b.n);
	dw.x = g_new(double, b.n);
	dw.n = g_new(double, b.n);
	rc = std_table(so, &b, "count,population", dsr_of, &dw,
	    isnan(so->multiplier) ? 100000.0 : so->multiplier, diag);
out:
	g_free(dw.w);
	g_free(dw.x);
	g_free(dw.n);
	bands_free(&b);
	return rc;
}

static const char *
isr_of(const struct stats_opts *so, const struct bands *b,
    const struct sgroup *g, void *arg, double *o, double *e, double *est,
    double *lo, double *hi)
{
	size_t j;

	*o = *e = 0.0;
	for (j = 0; j < b->n; j++) {
		*o += g->x[j];
		*e += g->n[j] * b->v[j];
	}
	if (!(*e > 0.0))
		return "zero_expected";
	if (qi_ci_poisson((enum qi_rate_method)*(int *)arg, *o, *e,
	    so->level, lo, hi) != 0)
		return "undefined";
	*est = *o / *e;
	return "ok";
}

/*
 * qi stats isr: indirectly standardised ratios per group: observed
 * events O over expected E = sum of population x reference rate by band,
 * times --multiplier (default 1), with the interval of
 * qi_ci_poisson(method, O, E) (default hybrid: exact below 10, Byar
 * from 10, as PHEindicatormethods).  Output: [group,]observed,expected,
 * estimate,lower,upper,status.
 */
static enum qi_err
stats_isr(const struct stats_opts *so, struct qi_diag *diag)
{
	struct bands b;
	int method;
	enum qi_err rc;

	memset(&b, 0, sizeof(b));
	method = so->method == NULL ? QI_RATE_HYBRID :
	    qi_name_value(qi_rate_method_names, so->method);
	if (method < 0) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "for ratios use "
		    "exact, byar or hybrid", "method '%s' does not apply to "
		    "an indirectly standardised ratio", so->method);
		return QI_EUSAGE;
	}
	if (so->reference == NULL) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "give the reference "
		    "rates by band: --reference FILE with columns band,rate "
		    "or band,count,population", "qi stats isr needs "
		    "--reference");
		return QI_EUSAGE;
	}
	if ((rc = bands_load(&b, so->reference, 1, diag)) == QI_OK)
		rc = std_table(so, &b, "observed,expected", isr_of, &method,
		    isnan(so->multiplier) ? 1.0 : so->multiplier, diag);
	bands_free(&b);
	return rc;
}

/* ------------------------------------------------------------- cusum */

/*
 * qi stats cusum: the risk-adjusted Bernoulli CUSUM (stats/cusum.c) over
 * patients in time order, columns outcome (0 or 1) and p (predicted risk,
 * strictly between 0 and 1).  Threshold --h, or the h whose in-control
 * ARL is --arl0.  Output: the input, then weight,cusum,signal; the CUSUM
 * restarts at 0 after a signal.  --summary adds, after an empty line,
 * statistic,value rows.
 */
static enum qi_err
stats_cusum(const struct stats_opts *so, struct qi_diag *diag)
{
	static const struct qi_csvcol cols[] = {
		{ "outcome", 1 }, { "p", 1 },
	};
	static const size_t idx[] = { 0, 1 };
	struct qi_csvcfg cfg;
	struct qi_csv *c = NULL;
	struct table tb = { 0 };
	const char *const *f;
	FILE *tmp = NULL;
	double v[2], h, w, x = 0.0, arl0, arl1;
	size_t i, signals = 0;
	int r, ok;
	enum qi_err rc = QI_EUSAGE;

	if (isnan(so->h) == isnan(so->arl0)) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "give the threshold "
		    "(--h 4.5) or the in-control average run length it is "
		    "chosen for (--arl0 1000)", isnan(so->h) ? "qi stats cusum "
		    "needs --h or --arl0" : "give --h or --arl0, not both");
		goto out;
	}
	rc = QI_EINPUT;
	qi_csvcfg_defaults(&cfg);
	if ((c = qi_csv_open("-", cols, 2, &cfg, diag)) == NULL)
		goto out;
	while ((r = qi_csv_next(c, &f)) == 1) {
		if (row_numbers(c, f, cols, idx, 2, v) > 0)
			continue;
		ok = 1;
		if (v[0] != 0.0 && v[0] != 1.0) {
			qi_csv_error(c, 0, "the outcome is 1 (event) or 0 (no "
			    "event)", "outcome must be 0 or 1: '%s'", f[0]);
			ok = 0;
		}
		if (!(v[1] > 0.0 && v[1] < 1.0)) {
			qi_csv_error(c, 1, "a predicted risk lies strictly "
			    "between 0 and 1: a risk of 0 or 1 claims certainty, "
			    "and qi does not clip it for you", "p out of range: "
			    "%s", f[1]);
			ok = 0;
		}
		if (ok)
			table_add(&tb, v, c);
	}
	if (r < 0) {
		rc = QI_ESYS;
		goto out;
	}
	if (qi_csv_errors(c) > 0)
		goto out;
	if (tb.n == 0) {
		qi_diag_add(diag, QI_ERROR, "<stdin>", 0, 0, "give one row per "
		    "patient", "no patients");
		goto out;
	}
	h = so->h;
	if (isnan(h) && isnan(h = qi_cusum_h_for_arl(tb.v[1], tb.n,
	    so->odds_ratio, so->arl0, (size_t)so->states))) {
		qi_diag_add(diag, QI_ERROR, "<stdin>", 0, 0, "with these risks "
		    "the chart cannot reach that run length: try a smaller "
		    "--arl0 or more --states", "no threshold gives an "
		    "in-control ARL of %g", so->arl0);
		goto out;
	}
	if ((tmp = tmpfile()) == NULL) {
		rc = no_tmp(diag);
		goto out;
	}
	echo_header(tmp, c);
	fputs(",weight,cusum,signal\n", tmp);
	for (i = 0; i < tb.n; i++) {
		w = qi_cusum_weight(tb.v[1][i], (int)tb.v[0][i],
		    so->odds_ratio);
		x = fmax(0.0, x + w);
		fprintf(tmp, "%s,", tb.echo[i]);
		put_number(tmp, w, so->digits);
		fputc(',', tmp);
		put_number(tmp, x, so->digits);
		fprintf(tmp, ",%d\n", x >= h);
		if (x >= h) {
			signals++;
			x = 0.0;	/* restart after a signal */
		}
	}
	if (so->summary) {
		arl0 = qi_cusum_arl(tb.v[1], tb.n, so->odds_ratio, 1.0, h,
		    (size_t)so->states);
		arl1 = qi_cusum_arl(tb.v[1], tb.n, so->odds_ratio,
		    so->odds_ratio, h, (size_t)so->states);
		fprintf(tmp, "\nstatistic,value\nn,%zu\nsignals,%zu\n"
		    "odds_ratio,", tb.n, signals);
		put_number(tmp, so->odds_ratio, so->digits);
		fputs("\nh,", tmp);
		put_number(tmp, h, so->digits);
		fprintf(tmp, "\nstates,%ld\narl_in_control,", so->states);
		put_number(tmp, arl0, so->digits);
		fputs("\narl_out_of_control,", tmp);
		put_number(tmp, arl1, so->digits);
		fputc('\n', tmp);
	}
	rc = flush_out(tmp, so, diag);
out:
	table_free(&tb);
	qi_csv_close(c);
	if (tmp != NULL)
		fclose(tmp);
	return rc;
}

/* ------------------------------------------------------------- logit */

/* A covariate of qi stats logit: a numeric column or a factor. */
struct lterm {
	const char	*col;		/* column name, borrowed from opts */
	int		 factor;	/* 1: a factor, 0: numeric */
	GArray		*num;		/* numeric: [row] double */
	GPtrArray	*text;		/* factor: [row] level text, owned */
	char		**levels;	/* factor: distinct levels, sorted;
					   owned (g_strfreev) */
	size_t		 nlev;
};

static void	terms_free(struct lterm *, size_t);

/* Whether every level of a factor reads as a number (R: numeric). */
static int numeric_levels;

/*
 * Order of factor levels as R's factor(): by value when every level is a
 * number (then ties of equal value by text), else by bytes (R with
 * LC_COLLATE=C).
 */
static int
level_cmp(const void *a, const void *b)
{
	const char *s = *(const char *const *)a, *t = *(const char *const *)b;
	double u, v;

	if (numeric_levels && field_number(s, &u) == 0 &&
	    field_number(t, &v) == 0 && u != v)
		return u < v ? -1 : 1;
	return strcmp(s, t);
}

/* Sort the distinct levels of a factor term into t->levels. */
static void
term_levels(struct lterm *t)
{
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	GPtrArray *lv = g_ptr_array_new();
	double v;
	size_t i;

	numeric_levels = 1;
	for (i = 0; i < t->text->len; i++) {
		char *s = g_ptr_array_index(t->text, i);

		if (g_hash_table_add(seen, s)) {
			g_ptr_array_add(lv, g_strdup(s));
			if (field_number(s, &v) != 0)
				numeric_levels = 0;
		}
	}
	qsort(lv->pdata, lv->len, sizeof(char *), level_cmp);
	t->nlev = lv->len;
	g_ptr_array_add(lv, NULL);
	t->levels = (char **)g_ptr_array_free(lv, FALSE);
	g_hash_table_destroy(seen);
}

/*
 * The covariates named by --x and --factor: the --x columns in order
 * (factors where --factor names them too), then the --factor columns
 * not in --x.  *names is the split option text the terms borrow from.
 * Returns the count, or 0 after a message on a bad list.
 */
static size_t
logit_terms(const struct stats_opts *so, struct lterm **out, char ***xs,
    char ***fs, struct qi_diag *diag)
{
	struct lterm *t;
	size_t nx, nf, i, j, m = 0;

	*xs = g_strsplit(so->x, ",", -1);
	*fs = g_strsplit(so->factors != NULL ? so->factors : "", ",", -1);
	nx = g_strv_length(*xs);
	nf = g_strv_length(*fs);
	t = g_new0(struct lterm, nx + nf + 1);
	for (i = 0; i < nx + nf; i++) {
		const char *col = i < nx ? (*xs)[i] : (*fs)[i - nx];

		if (*col == '\0')
			continue;
		for (j = 0; j < m; j++)
			if (strcmp(t[j].col, col) == 0)
				break;
		if (j < m && i >= nx)
			continue;	/* a factor already among --x */
		if (j < m || strcmp(col, so->y) == 0) {
			qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "name each "
			    "covariate once, and not the outcome", "column "
			    "'%s' given twice", col);
			terms_free(t, m);
			return 0;
		}
		t[m].col = col;
		t[m].factor = i >= nx || g_strv_contains(
		    (const char *const *)*fs, col);
		if (t[m].factor)
			t[m].text = g_ptr_array_new_with_free_func(g_free);
		else
			t[m].num = g_array_new(FALSE, FALSE, sizeof(double));
		m++;
	}
	if (m == 0)
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "name the covariates, "
		    "e.g. --x age,sex", "no covariates");
	*out = t;
	return m;
}

static void
terms_free(struct lterm *t, size_t m)
{
	size_t i;

	for (i = 0; t != NULL && i < m; i++) {
		if (t[i].num != NULL)
			g_array_free(t[i].num, TRUE);
		if (t[i].text != NULL)
			g_ptr_array_free(t[i].text, TRUE);
		g_strfreev(t[i].levels);
	}
	g_free(t);
}

/*
 * qi stats logit --y COL --x COL[,COL...] [--factor COL...] [--summary]:
 * a logistic regression of the 0/1 column y on the covariates, fitted by
 * qi_logit_fit() (the risk models' fitter) with every row a pattern of
 * one stay.  Output: term,estimate,std_error,z,p, one row per
 * coefficient, named as R's glm names them; --summary adds, after an
 * empty line, statistic,value rows.
 */
static enum qi_err
stats_logit(const struct stats_opts *so, struct qi_diag *diag)
{
	struct qi_csvcfg cfg;
	struct qi_csv *c = NULL;
	struct qi_csvcol *cols = NULL;
	struct lterm *t = NULL;
	struct qi_logit *fit = NULL;
	const char *const *f;
	char **xs = NULL, **fs = NULL;
	GArray *ys = g_array_new(FALSE, FALSE, sizeof(double));
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	FILE *tmp = NULL;
	double v, *x = NULL, *ones = NULL;
	size_t m = 0, i, j, l, k, p, col;
	int r, ok;
	enum qi_err rc = QI_EUSAGE;

	if (so->y == NULL || so->x == NULL) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "e.g. qi stats logit "
		    "--y died --x age --factor sex", "qi stats logit needs "
		    "--y and --x");
		goto out;
	}
	if ((m = logit_terms(so, &t, &xs, &fs, diag)) == 0)
		goto out;
	rc = QI_EINPUT;
	cols = g_new(struct qi_csvcol, m + 1);
	cols[0].name = so->y;
	cols[0].required = 1;
	for (i = 0; i < m; i++) {
		cols[i + 1].name = t[i].col;
		cols[i + 1].required = 1;
	}
	qi_csvcfg_defaults(&cfg);
	if ((c = qi_csv_open("-", cols, m + 1, &cfg, diag)) == NULL)
		goto out;
	while ((r = qi_csv_next(c, &f)) == 1) {
		ok = 1;
		if (field_number(f[0], &v) != 0 || (v != 0.0 && v != 1.0)) {
			qi_csv_error(c, 0, "the outcome is 1 (event) or 0 (no "
			    "event)", "%s must be 0 or 1: '%s'", so->y, f[0]);
			ok = 0;
		}
		for (i = 0; i < m; i++) {
			double u;

			if (t[i].factor ? *f[i + 1] == '\0' :
			    field_number(f[i + 1], &u) != 0) {
				qi_csv_error(c, i + 1, t[i].factor ? "rows with "
				    "missing values are not dropped: remove "
				    "them or give the level a name" : "write a "
				    "plain number such as 12 or 0.5; rows with "
				    "missing values are not dropped",
				    t[i].factor ? "%s is empty" : "%s is not a "
				    "number: '%s'", t[i].col, f[i + 1]);
				ok = 0;
			}
		}
		if (!ok)
			continue;
		g_array_append_val(ys, v);
		for (i = 0; i < m; i++) {
			if (t[i].factor)
				g_ptr_array_add(t[i].text, g_strdup(f[i + 1]));
			else {
				field_number(f[i + 1], &v);
				g_array_append_val(t[i].num, v);
			}
		}
	}
	if (r < 0) {
		rc = QI_ESYS;
		goto out;
	}
	if (qi_csv_errors(c) > 0)
		goto out;
	k = ys->len;
	g_ptr_array_add(names, g_strdup("(Intercept)"));
	for (i = 0; i < m; i++) {
		if (!t[i].factor) {
			g_ptr_array_add(names, g_strdup(t[i].col));
			continue;
		}
		term_levels(&t[i]);
		if (t[i].nlev < 2) {
			qi_diag_add(diag, QI_ERROR, "<stdin>", 0, 0, "a factor "
			    "needs two levels or more to contrast", "factor "
			    "'%s' has %s", t[i].col, t[i].nlev == 0 ? "no "
			    "rows" : "one level");
			goto out;
		}
		for (l = 1; l < t[i].nlev; l++)
			g_ptr_array_add(names, g_strconcat(t[i].col,
			    t[i].levels[l], NULL));
	}
	p = names->len;
	x = g_new0(double, k * p + 1);
	ones = g_new(double, k + 1);
	for (j = 0; j < k; j++) {
		ones[j] = 1.0;
		x[j * p] = 1.0;
		for (i = 0, col = 1; i < m; i++) {
			if (!t[i].factor) {
				x[j * p + col++] = g_array_index(t[i].num,
				    double, j);
				continue;
			}
			const char *s = g_ptr_array_index(t[i].text, j);

			for (l = 1; l < t[i].nlev; l++, col++)
				x[j * p + col] = strcmp(s, t[i].levels[l]) ==
				    0 ? 1.0 : 0.0;
		}
	}
	if ((rc = qi_logit_fit(k, p, x, (const double *)(void *)ys->data,
	    ones, (const char *const *)names->pdata, "<stdin>", NULL, &fit,
	    diag)) != QI_OK)
		goto out;
	if ((tmp = tmpfile()) == NULL) {
		rc = no_tmp(diag);
		goto out;
	}
	fputs("term,estimate,std_error,z,p\n", tmp);
	for (i = 0; i < p; i++) {
		qi_emit_csv_field(tmp, g_ptr_array_index(names, i));
		fputc(',', tmp);
		put_number(tmp, fit->beta[i], so->digits);
		fputc(',', tmp);
		put_number(tmp, fit->se[i], so->digits);
		fputc(',', tmp);
		put_number(tmp, fit->z[i], so->digits);
		fputc(',', tmp);
		put_number(tmp, fit->pvalue[i], so->digits);
		fputc('\n', tmp);
	}
	if (so->summary) {
		fprintf(tmp, "\nstatistic,value\nn,%zu\nevents,", k);
		put_number(tmp, fit->events, so->digits);
		fputs("\ndeviance,", tmp);
		put_number(tmp, fit->deviance, so->digits);
		fputs("\nnull_deviance,", tmp);
		put_number(tmp, fit->null_deviance, so->digits);
		fputs("\naic,", tmp);
		put_number(tmp, fit->aic, so->digits);
		fputs("\nc_statistic,", tmp);
		put_number(tmp, fit->c_stat, so->digits);
		fputc('\n', tmp);
	}
	rc = flush_out(tmp, so, diag);
out:
	qi_logit_free(fit);
	qi_csv_close(c);
	terms_free(t, m);
	g_strfreev(xs);
	g_strfreev(fs);
	g_free(cols);
	g_free(x);
	g_free(ones);
	g_array_free(ys, TRUE);
	g_ptr_array_free(names, TRUE);
	if (tmp != NULL)
		fclose(tmp);
	return rc;
}

/*
 * qi stats's entry in the command table (main.c): its summary and help.
 * It takes none of the shared options: cmd_stats() parses its own.
 */
const struct cmd cmd_stats_def = {
	.name = "stats",
	.fn = cmd_stats,
	.opts = 0,
	.synopsis =
	    "intervals, comparisons, funnel and control "
	    "limits, CUSUM (CSV on stdin, a table out)",
	.usage =
	    "usage: qi stats ci [--method M] [--level L] <in.csv >out.csv\n"
	    "       qi stats compare [--level L] <in.csv >out.csv\n"
	    "       qi stats funnel [--target P] [--level L] [--outer-level L]\n"
	    "                       [--method M] [--scale S] [--od MODEL\n"
	    "                       [--winsor F]] <in.csv >out.csv\n"
	    "       qi stats shrink <in.csv >out.csv\n"
	    "       qi stats spc [--chart C] [--phase-at P[,...]|version]\n"
	    "                    [--freeze N] <in.csv >out.csv\n"
	    "       qi stats cusum (--h H | --arl0 N) [--or R] [--states M]\n"
	    "                      [--summary] <in.csv >out.csv\n"
	    "       qi stats dsr [--standard S] [--method M] [--multiplier K]\n"
	    "                    [--level L] <in.csv >out.csv\n"
	    "       qi stats isr --reference FILE [--method M] [--multiplier K]\n"
	    "                    [--level L] <in.csv >out.csv\n"
	    "       qi stats logit --y COL --x COL[,COL...] [--factor COL...]\n"
	    "                      [--summary] <in.csv >out.csv\n"
	    "Each reads CSV on stdin: ci x,n | x,t | o,e | results.csv;\n"
	    "compare x1,n1,x2,n2; funnel n | t | e, and x or o; shrink x,n;\n"
	    "spc x,n | x,t, and period; cusum outcome,p; dsr and isr\n"
	    "[group,]band,count,population; logit --y, --x (columns added,\n"
	    "methods: specs/statistics.md).  An undefined value is empty, with\n"
	    "a status; bad rows are each reported, and nothing is written.\n\n",
	.options =
	    "      --method M           proportions: wilson (default), wilson-cc,\n"
	    "                           exact, jeffreys, agresti-coull, wald;\n"
	    "                           rates, ratios (isr): hybrid (default),\n"
	    "                           exact, byar; dsr: byar (default), exact;\n"
	    "                           funnel: exact (default on the raw\n"
	    "                           scale without --od), normal, wilson\n"
	    "      --level L            confidence level, 0 < L < 1 (default 0.95)\n"
	    "  -o, --output FILE        where the table goes (default -: standard\n"
	    "                           output)\n"
	    PRINT_OPTIONS
	    "      --target P           funnel target (default: sum x / sum n,\n"
	    "                           or 1 for O/E ratios)\n"
	    "      --outer-level L      funnel: the outer limits (default 0.998\n"
	    "                           or --level; --level gives the inner)\n"
	    "      --scale S            funnel: raw (default), logit, arcsine\n"
	    "                           (proportions), log, sqrt (rates)\n"
	    "      --od MODEL           funnel: none, multiplicative, additive\n"
	    "      --winsor F           funnel --od: fraction of z winsorised\n"
	    "                           at each end (default 0.1)\n"
	    "      --chart C            spc: p (default for x,n), pp (Laney p'),\n"
	    "                           u (default for x,t), up (Laney u'),\n"
	    "                           run (the median, no limits)\n"
	    "      --phase-at P[,P...]|version  spc: phases from periods P, or\n"
	    "                           at each change of column version\n"
	    "      --freeze N           spc: first phase's limits from its\n"
	    "                           first N subgroups\n"
	    "      --or R               cusum: odds ratio to detect (default 2)\n"
	    "      --h H, --arl0 N      cusum: the threshold, or h for an\n"
	    "                           in-control ARL of N\n"
	    "      --states M           cusum: Markov states (default 200)\n"
	    "      --standard S         dsr: esp2013 (default), jp1985 (the\n"
	    "                           Showa 60 model population) or a file\n"
	    "                           band,population\n"
	    "      --reference FILE     isr: band,rate or band,count,population\n"
	    "      --multiplier K       dsr: per K persons (default 100000);\n"
	    "                           isr: O/E times K (default 1)\n"
	    "      --y COL              logit: the outcome column, 0 or 1\n"
	    "      --x COL[,COL...]     logit: covariates, numeric unless in\n"
	    "                           --factor\n"
	    "      --factor COL[,COL...] logit: factors (the first level in\n"
	    "                           sorted order is the reference)\n"
	    "      --summary            logit: n, events, deviances, aic, c;\n"
	    "                           cusum: h and the run lengths\n"
	    "  -h, --help               this help\n"
};
