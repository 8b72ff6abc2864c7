/*
 * cmd_stats.c -- qi stats: intervals and two-group comparisons for
 * researchers, CSV on standard input to CSV on standard output.
 *
 *   qi stats ci [--method M] [--level L]    x,n | x,t | o,e
 *   qi stats compare [--level L]            x1,n1,x2,n2
 *   qi stats funnel [--target P] [--level L] [--method M] [--od MODEL]
 *                                           n | t | e, optionally x (or o)
 *   qi stats shrink                         x,n
 *   qi stats spc [--chart p|u|pp|up]        x,n | x,t in time order
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cmd.h"
#include "csvread.h"
#include "emit.h"

#define DEFAULT_LEVEL	0.95

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
	const char	*chart;		/* --chart, NULL = p or u */
	int		 help;
};

/* Options a subcommand takes, besides --level. */
#define SO_METHOD	0x1u
#define SO_TARGET	0x2u
#define SO_OD		0x4u
#define SO_CHART	0x8u

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

static const struct stats_sub subs[] = {
	{ "ci", stats_ci, SO_METHOD },
	{ "compare", stats_compare, 0 },
	{ "funnel", stats_funnel, SO_METHOD | SO_TARGET | SO_OD },
	{ "shrink", stats_shrink, 0 },
	{ "spc", stats_spc, SO_CHART },
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

/* A value for the output: %.17g round-trips doubles; NaN is empty. */
static void
put_number(FILE *fp, double v)
{
	if (isnan(v))
		return;
	if (isinf(v))
		fputs(v > 0 ? "Inf" : "-Inf", fp);
	else
		fprintf(fp, "%.17g", v);
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

/* The current row's fields as read, every column, as one CSV text. */
static char *
echo_row(const struct qi_csv *c)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&buf, &len);

	if (fp == NULL)
		return NULL;
	for (i = 0; i < qi_csv_width(c); i++) {
		if (i > 0)
			fputc(',', fp);
		qi_emit_csv_field(fp, qi_csv_field(c, i));
	}
	if (fclose(fp) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static enum qi_err
no_tmp(struct qi_diag *diag)
{
	qi_diag_add(diag, QI_ERROR, NULL, 0, 0, NULL,
	    "cannot create a temporary file: %s", strerror(errno));
	return QI_ESYS;
}

static enum qi_err
no_memory(struct qi_diag *diag)
{
	qi_diag_add(diag, QI_ERROR, NULL, 0, 0, NULL, "out of memory");
	return QI_ESYS;
}

/* Copy the staged output to stdout.  QI_ESYS (recorded) on failure. */
static enum qi_err
flush_out(FILE *tmp, struct qi_diag *diag)
{
	char	 buf[65536];
	size_t	 n;

	rewind(tmp);
	while ((n = fread(buf, 1, sizeof(buf), tmp)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			break;
	if (ferror(tmp) || ferror(stdout) || fflush(stdout) != 0) {
		qi_diag_add(diag, QI_ERROR, "<stdout>", 0, 0, NULL,
		    "write failed: %s", strerror(errno));
		return QI_ESYS;
	}
	return QI_OK;
}

static int
whole(double v)
{
	return v == floor(v);
}

/*
 * qi stats ci: columns x,n (proportion), x,t (rate) or o,e (ratio), in
 * any order; extra columns are ignored.  Output: the two input fields as
 * written, then estimate,lower,upper.
 */
static enum qi_err
stats_ci(const struct stats_opts *so, struct qi_diag *diag)
{
	static const struct qi_csvcol cols[] = {
		{ "x", 0 }, { "n", 0 }, { "t", 0 }, { "o", 0 }, { "e", 0 },
	};
	enum { CX, CN, CT, CO, CE };
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
	int			 method, r, ok;
	enum qi_err		 rc = QI_EINPUT;

	qi_csvcfg_defaults(&cfg);
	if ((c = qi_csv_open("-", cols, 5, &cfg, diag)) == NULL)
		goto out;
	if (qi_csv_has(c, CX) && qi_csv_has(c, CN) && !qi_csv_has(c, CT)) {
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
		    "x,n (a proportion), x,t (a rate per unit of t) or o,e (an "
		    "observed/expected ratio)", "cannot tell what the rows "
		    "hold from the header");
		goto out;
	}
	if (kind == KIND_PROPORTION)
		method = so->method == NULL ? QI_CI_WILSON :
		    qi_name_value(qi_ci_method_names, so->method);
	else
		method = so->method == NULL ? QI_RATE_HYBRID :
		    qi_name_value(qi_rate_method_names, so->method);
	if (method < 0) {
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
	fputs(",estimate,lower,upper\n", tmp);

	while ((r = qi_csv_next(c, &f)) == 1) {
		if (row_numbers(c, f, cols, idx, 2, v) > 0)
			continue;
		ok = 1;
		if (v[1] <= 0.0) {
			qi_csv_error(c, idx[1], kind == KIND_PROPORTION ?
			    "a proportion needs at least one case" : "exposure "
			    "(or expected count) must be above 0", "%s must be "
			    "positive: %s", cols[idx[1]].name, f[idx[1]]);
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
		est = v[0] / v[1];
		if ((kind == KIND_PROPORTION ? qi_ci_proportion(method, v[0],
		    v[1], so->level, &lo, &hi) : qi_ci_poisson(method, v[0],
		    v[1], so->level, &lo, &hi)) != 0) {
			qi_csv_error(c, idx[0], "report this row to the qi "
			    "maintainers", "no interval could be computed");
			continue;
		}
		echo = echo_row(c);
		fprintf(tmp, "%s,", echo != NULL ? echo : "");
		free(echo);
		put_number(tmp, est);
		fputc(',', tmp);
		put_number(tmp, lo);
		fputc(',', tmp);
		put_number(tmp, hi);
		fputc('\n', tmp);
	}
	if (r < 0) {
		rc = QI_ESYS;
		goto out;
	}
	if (qi_csv_errors(c) == 0)
		rc = flush_out(tmp, diag);
out:
	qi_csv_close(c);
	if (tmp != NULL)
		fclose(tmp);
	return rc;
}

/*
 * qi stats compare: columns x1,n1,x2,n2.  Output: the four input fields
 * as written, then diff,lower,upper,p_chisq,p_yates,p_fisher.
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
	fputs(",diff,lower,upper,p_chisq,p_yates,p_fisher\n", tmp);
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
			if (v[g + 1] == 0.0) {
				qi_csv_error(c, g + 1, "each group needs at "
				    "least one case", "%s is 0", cols[g + 1].name);
				ok = 0;
			} else if (v[g] > v[g + 1]) {
				qi_csv_error(c, g, "events are counted among "
				    "the cases, so x <= n", "%s exceeds %s",
				    cols[g].name, cols[g + 1].name);
				ok = 0;
			}
		}
		if (!ok)
			continue;
		if (qi_compare_proportions(v[0], v[1], v[2], v[3], so->level,
		    &cmp) != 0) {
			qi_csv_error(c, 0, "report this row to the qi "
			    "maintainers", "the groups could not be compared");
			continue;
		}
		echo = echo_row(c);
		fprintf(tmp, "%s,", echo != NULL ? echo : "");
		free(echo);
		put_number(tmp, cmp.diff);
		fputc(',', tmp);
		put_number(tmp, cmp.lower);
		fputc(',', tmp);
		put_number(tmp, cmp.upper);
		fputc(',', tmp);
		put_number(tmp, cmp.p_chisq);
		fputc(',', tmp);
		put_number(tmp, cmp.p_yates);
		fputc(',', tmp);
		put_number(tmp, cmp.p_fisher);
		fputc('\n', tmp);
	}
	if (r < 0) {
		rc = QI_ESYS;
		goto out;
	}
	if (qi_csv_errors(c) == 0)
		rc = flush_out(tmp, diag);
out:
	qi_csv_close(c);
	if (tmp != NULL)
		fclose(tmp);
	return rc;
}

enum qi_err
cmd_stats(int argc, char *argv[], struct qi_diag *diag)
{
	static const struct option longopts[] = {
		{ "method", required_argument, NULL, 'm' },
		{ "level", required_argument, NULL, 'l' },
		{ "target", required_argument, NULL, 't' },
		{ "od", required_argument, NULL, 'o' },
		{ "chart", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd	*self = cmd_find("stats");
	const struct stats_sub	*s;
	struct stats_opts	 so = { NULL, DEFAULT_LEVEL, NAN, NULL, NULL, 0 };
	char			*end;
	int			 ch;

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
	while ((ch = getopt_long(argc - 1, argv + 1, ":m:l:h", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'm':
			if (!(s->opts & SO_METHOD))
				goto bad;
			so.method = optarg;
			break;
		case 't':
			errno = 0;
			so.target = strtod(optarg, &end);
			if (!(s->opts & SO_TARGET))
				goto bad;
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    !(so.target >= 0.0) || !isfinite(so.target)) {
				fprintf(stderr, "qi stats: --target must be a "
				    "proportion or rate of 0 or more, such as "
				    "0.12: '%s'\n", optarg);
				return QI_EUSAGE;
			}
			break;
		case 'o':
			if (!(s->opts & SO_OD))
				goto bad;
			if (qi_name_value(qi_od_model_names, optarg) < 0) {
				fprintf(stderr, "qi stats: --od is none, "
				    "multiplicative or additive: '%s'\n",
				    optarg);
				return QI_EUSAGE;
			}
			so.od = optarg;
			break;
		case 'c':
			if (!(s->opts & SO_CHART))
				goto bad;
			if (qi_name_value(qi_spc_chart_names, optarg) < 0) {
				fprintf(stderr, "qi stats: --chart is p, u, pp "
				    "(Laney p') or up (Laney u'): '%s'\n",
				    optarg);
				return QI_EUSAGE;
			}
			so.chart = optarg;
			break;
		case 'l':
			errno = 0;
			so.level = strtod(optarg, &end);
			if (*end != '\0' || errno != 0 || !(so.level > 0.0 &&
			    so.level < 1.0)) {
				fprintf(stderr, "qi stats: --level must be a "
				    "probability between 0 and 1, such as "
				    "0.95 (not 95): '%s'\n", optarg);
				return QI_EUSAGE;
			}
			break;
		case 'h':
			cmd_usage(self, stdout);
			return QI_OK;
		default:
			goto bad;
		}
	}
	if (optind != argc - 1)
		goto bad;
	return s->fn(&so, diag);
bad:
	fprintf(stderr, "qi stats %s: bad option or argument\n", s->name);
	cmd_usage(self, stderr);
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
	char		*head;		/* the header as read, owned */
};

static void
table_free(struct table *t)
{
	size_t i, k;

	for (i = 0; i < t->n; i++)
		free(t->echo[i]);
	free(t->echo);
	free(t->head);
	for (k = 0; k < 2; k++)
		free(t->v[k]);
	memset(t, 0, sizeof(*t));
}

/* Add a row: its two numbers and the current row of c, echoed. */
static int
table_add(struct table *t, const double *v, const struct qi_csv *c)
{
	size_t k, cap;

	if (t->n == t->cap) {
		cap = t->cap ? 2 * t->cap : 256;
		for (k = 0; k < 2; k++) {
			double *nv = realloc(t->v[k], cap * sizeof(double));

			if (nv == NULL)
				return -1;
			t->v[k] = nv;
		}
		char **ne = realloc(t->echo, cap * sizeof(char *));

		if (ne == NULL)
			return -1;
		t->echo = ne;
		t->cap = cap;
	}
	for (k = 0; k < 2; k++)
		t->v[k][t->n] = v[k];
	if ((t->echo[t->n] = echo_row(c)) == NULL)
		return -1;
	t->n++;
	return 0;
}

/*
 * qi stats funnel: control limits for units of volume n (proportion), t
 * (rate per unit of exposure) or e (O/E ratio, expected count), around
 * --target (default: sum x / sum n when counts are given, 1 for ratios).
 * With counts (x, or o for ratios): also z and flag; --od then widens
 * the limits by the overdispersion of these units.
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
	struct qi_od od;
	enum ci_kind kind;
	enum qi_od_model model = QI_OD_NONE;
	double v[2], target, sx = 0, sv = 0, lo, hi, z, s, val, *zs = NULL,
	    *ss = NULL;
	size_t idx[2], nidx, i;
	int method, r, ok, counts;
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
	method = so->method == NULL ? QI_FUNNEL_EXACT :
	    qi_name_value(qi_funnel_method_names, so->method);
	if (method < 0 || (kind != KIND_PROPORTION &&
	    method == QI_FUNNEL_WILSON)) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, kind ==
		    KIND_PROPORTION ? "use exact, normal or wilson" : "use "
		    "exact or normal", "funnel method '%s' does not apply here",
		    so->method);
		rc = QI_EUSAGE;
		goto out;
	}
	if (so->od != NULL)
		model = qi_name_value(qi_od_model_names, so->od);
	if (model != QI_OD_NONE && !counts) {
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
		if (v[0] <= 0.0 || (kind == KIND_PROPORTION &&
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
		if (table_add(&tb, v, c) == -1) {
			rc = no_memory(diag);
			goto out;
		}
		sv += v[0];
		sx += counts ? v[1] : 0;
	}
	if (r < 0) {
		rc = QI_ESYS;
		goto out;
	}
	if (qi_csv_errors(c) > 0)
		goto out;
	target = so->target;
	if (isnan(target))
		target = kind == KIND_RATIO ? 1.0 : counts && sv > 0 ?
		    sx / sv : NAN;
	if (isnan(target) || (kind == KIND_PROPORTION && target > 1)) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "give --target, or a "
		    "column x so that the pooled rate is the target",
		    isnan(target) ? "no target" : "a proportion's target is "
		    "at most 1");
		rc = QI_EUSAGE;
		goto out;
	}
	if ((zs = calloc(tb.n + 1, sizeof(*zs))) == NULL ||
	    (ss = calloc(tb.n + 1, sizeof(*ss))) == NULL) {
		rc = no_memory(diag);
		goto out;
	}
	for (i = 0; i < tb.n; i++) {
		double vol = tb.v[0][i], x = tb.v[1][i];

		ss[i] = kind == KIND_PROPORTION ?
		    qi_funnel_se_proportion(target, vol) :
		    qi_funnel_se_poisson(target, vol);
		zs[i] = kind == KIND_PROPORTION ?
		    qi_funnel_z_proportion(x, vol, target) :
		    qi_funnel_z_poisson(x, vol, target);
	}
	memset(&od, 0, sizeof(od));
	if (model != QI_OD_NONE && qi_od_estimate(zs, ss, tb.n, 0.1, &od) ==
	    -1) {
		qi_diag_add(diag, QI_ERROR, "<stdin>", 0, 0, "overdispersion "
		    "needs at least two units with a target strictly between "
		    "0 and 1 (or above 0 for rates)", "overdispersion cannot "
		    "be estimated");
		goto out;
	}
	if ((tmp = tmpfile()) == NULL) {
		rc = no_tmp(diag);
		goto out;
	}
	echo_header(tmp, c);
	fprintf(tmp, ",lower,upper%s%s\n", counts ? ",z,flag" : "",
	    model != QI_OD_NONE ? ",phi,tau2" : "");
	for (i = 0; i < tb.n; i++) {
		double vol = tb.v[0][i];

		s = ss[i];
		z = zs[i];
		if (model != QI_OD_NONE && od.phi > 1)
			r = qi_od_limits(&od, model, target, s, so->level, 0,
			    kind == KIND_PROPORTION ? 1 : INFINITY, &lo, &hi);
		else
			r = kind == KIND_PROPORTION ? qi_funnel_proportion(
			    method, target, vol, so->level, &lo, &hi) :
			    qi_funnel_poisson(method, target, vol, so->level,
			    &lo, &hi);
		if (r != 0) {
			qi_diag_add(diag, QI_ERROR, "<stdin>", 0, 0, "the "
			    "exact method takes volumes up to 1e10", "no limits "
			    "at %s = %.17g", cols[idx[0]].name, vol);
			goto out;
		}
		fprintf(tmp, "%s,", tb.echo[i]);
		put_number(tmp, lo);
		fputc(',', tmp);
		put_number(tmp, hi);
		if (counts) {
			val = tb.v[1][i] / vol;
			fputc(',', tmp);
			put_number(tmp, z);
			fprintf(tmp, ",%s", val > hi ? "above" : val < lo ?
			    "below" : "within");
		}
		if (model != QI_OD_NONE) {
			fputc(',', tmp);
			put_number(tmp, od.phi);
			fputc(',', tmp);
			put_number(tmp, od.tau2);
		}
		fputc('\n', tmp);
	}
	rc = flush_out(tmp, diag);
out:
	free(zs);
	free(ss);
	table_free(&tb);
	qi_csv_close(c);
	if (tmp != NULL)
		fclose(tmp);
	return rc;
}

/*
 * Read columns x and n (or x and t when rate_ok) of every row into tb,
 * checking 0 <= x (<= n for proportions) and n > 0.  *rate tells which.
 */
static enum qi_err
read_counts(struct table *tb, int rate_ok, int *rate, struct qi_diag *diag)
{
	static const struct qi_csvcol cols[] = {
		{ "x", 1 }, { "n", 0 }, { "t", 0 },
	};
	struct qi_csvcfg cfg;
	struct qi_csv *c;
	const char *const *f;
	size_t idx[2] = { 0, 1 };
	double v[2];
	int r, ok;
	enum qi_err rc = QI_EINPUT;

	qi_csvcfg_defaults(&cfg);
	if ((c = qi_csv_open("-", cols, 3, &cfg, diag)) == NULL)
		return QI_EINPUT;
	*rate = rate_ok && qi_csv_has(c, 2) && !qi_csv_has(c, 1);
	{
		size_t len = 0;
		FILE *hf = open_memstream(&tb->head, &len);

		if (hf == NULL) {
			rc = no_memory(diag);
			goto out;
		}
		echo_header(hf, c);
		if (fclose(hf) != 0) {
			rc = no_memory(diag);
			goto out;
		}
	}
	idx[1] = *rate ? 2 : 1;
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
		if (table_add(tb, v, c) == -1) {
			rc = no_memory(diag);
			goto out;
		}
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

	(void)so;
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
		put_number(tmp, rate);
		fputc(',', tmp);
		put_number(tmp, rel);
		fputc('\n', tmp);
	}
	rc = flush_out(tmp, diag);
out:
	table_free(&tb);
	if (tmp != NULL)
		fclose(tmp);
	return rc;
}

/*
 * qi stats spc: control limits over subgroups in time order: x,n for p
 * and p' charts, x,t for u and u'.  Output: the two input columns, then
 * cl,lower,upper.
 */
static enum qi_err
stats_spc(const struct stats_opts *so, struct qi_diag *diag)
{
	struct table tb = { 0 };
	FILE *tmp = NULL;
	double cl, sz, *lo = NULL, *hi = NULL;
	size_t i;
	int israte, chart;
	enum qi_err rc;

	if ((rc = read_counts(&tb, 1, &israte, diag)) != QI_OK)
		goto out;
	chart = so->chart != NULL ? qi_name_value(qi_spc_chart_names,
	    so->chart) : israte ? QI_SPC_U : QI_SPC_P;
	if ((chart == QI_SPC_U || chart == QI_SPC_U_LANEY) != israte) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, israte ? "use --chart "
		    "u or up with x,t" : "use --chart p or pp with x,n",
		    "chart '%s' does not fit these columns", so->chart);
		rc = QI_EUSAGE;
		goto out;
	}
	if ((lo = calloc(tb.n + 1, sizeof(*lo))) == NULL ||
	    (hi = calloc(tb.n + 1, sizeof(*hi))) == NULL) {
		rc = no_memory(diag);
		goto out;
	}
	if (qi_spc_limits((enum qi_spc_chart)chart, tb.v[0], tb.v[1], tb.n,
	    QI_SPC_SIGMA, &cl, &sz, lo, hi) == -1) {
		qi_diag_add(diag, QI_ERROR, "<stdin>", 0, 0, "give at least "
		    "one subgroup (two for Laney's charts)", "no control "
		    "limits for these %zu subgroups", tb.n);
		rc = QI_EINPUT;
		goto out;
	}
	if ((tmp = tmpfile()) == NULL) {
		rc = no_tmp(diag);
		goto out;
	}
	fprintf(tmp, "%s,cl,lower,upper\n", tb.head);
	for (i = 0; i < tb.n; i++) {
		fprintf(tmp, "%s,", tb.echo[i]);
		put_number(tmp, cl);
		fputc(',', tmp);
		put_number(tmp, lo[i]);
		fputc(',', tmp);
		put_number(tmp, hi[i]);
		fputc('\n', tmp);
	}
	rc = flush_out(tmp, diag);
out:
	free(lo);
	free(hi);
	table_free(&tb);
	if (tmp != NULL)
		fclose(tmp);
	return rc;
}
