/*
 * cmd_stats.c -- qi stats: intervals and two-group comparisons for
 * researchers, CSV on standard input to CSV on standard output.
 *
 *   qi stats ci [--method M] [--level L]    x,n | x,t | o,e
 *   qi stats compare [--level L]            x1,n1,x2,n2
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

#include "cmd.h"
#include "csvread.h"

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
	int		 help;
};

/*
 * The subcommands.  A funnel subcommand (funnel limits for a set of
 * units) belongs here too, as one more entry with its own function.
 */
struct stats_sub {
	const char	*name;
	enum qi_err	(*fn)(const struct stats_opts *, struct qi_diag *);
	int		 takes_method;
};

static enum qi_err	stats_ci(const struct stats_opts *, struct qi_diag *);
static enum qi_err	stats_compare(const struct stats_opts *,
			    struct qi_diag *);

static const struct stats_sub subs[] = {
	{ "ci", stats_ci, 1 },
	{ "compare", stats_compare, 0 },
	{ NULL, NULL, 0 }
};

/*
 * A field holding a finite number, nothing else (no spaces, not empty,
 * not NaN or Inf).  Returns 0 and sets *v, or -1.
 */
static int
field_number(const char *s, double *v)
{
	char	*end;

	if (s == NULL || *s == '\0' || *s == ' ')
		return -1;
	errno = 0;
	*v = strtod(s, &end);
	if (*end != '\0' || !isfinite(*v) || (errno != 0 && *v != 0.0 &&
	    fabs(*v) >= 1.0))
		return -1;
	return 0;
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
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, NULL,
		    "cannot create a temporary file: %s", strerror(errno));
		rc = QI_ESYS;
		goto out;
	}
	fprintf(tmp, "%s,%s,estimate,lower,upper\n", cols[idx[0]].name,
	    cols[idx[1]].name);

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
		fprintf(tmp, "%s,%s,", f[idx[0]], f[idx[1]]);
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
	size_t			 g, i;
	int			 r, ok;
	enum qi_err		 rc = QI_EINPUT;

	qi_csvcfg_defaults(&cfg);
	if ((c = qi_csv_open("-", cols, 4, &cfg, diag)) == NULL)
		goto out;
	if ((tmp = tmpfile()) == NULL) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, NULL,
		    "cannot create a temporary file: %s", strerror(errno));
		rc = QI_ESYS;
		goto out;
	}
	fputs("x1,n1,x2,n2,diff,lower,upper,p_chisq,p_yates,p_fisher\n", tmp);
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
		for (i = 0; i < 4; i++)
			fprintf(tmp, "%s,", f[i]);
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd	*self = cmd_find("stats");
	const struct stats_sub	*s;
	struct stats_opts	 so = { NULL, DEFAULT_LEVEL, 0 };
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
			if (!s->takes_method)
				goto bad;
			so.method = optarg;
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
