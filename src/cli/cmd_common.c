/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_common.c -- what several commands share: option parsing, loading
 * every input with all its errors, writing results and charts.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "chart.h"
#include "render.h"
#include "cmd.h"
#include "emit.h"
#include "dpc.h"
#include "engine.h"
#include "csvread.h"
#include "records.h"
#include "suppress.h"

enum {
	OPT_ORGS = 256, OPT_HOSPS, OPT_COUNTS, OPT_RESULTS, OPT_ENCODING,
	OPT_INDICATOR, OPT_PERIOD, OPT_FORMAT, OPT_SEED, OPT_SAMPLE_FORMAT,
	OPT_STAYS, OPT_EVENTS, OPT_ITEMS,
	OPT_SKIP, OPT_JOBS, OPT_VARIANT, OPT_TALLIES, OPT_TALLIES_ONLY,
	OPT_FROM, OPT_TO, OPT_CHARTS, OPT_2X, OPT_QUIET, OPT_HISTORY,
	OPT_HOSPITAL,
	OPT_LEVEL, OPT_AS, OPT_DIGITS
};

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "indicators", required_argument, NULL, 'i' },
	{ "data", required_argument, NULL, 'd' },
	{ "organisations", required_argument, NULL, OPT_ORGS },
	{ "hospitals", required_argument, NULL, OPT_HOSPS },
	{ "counts", required_argument, NULL, OPT_COUNTS },
	{ "results", required_argument, NULL, OPT_RESULTS },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "indicator", required_argument, NULL, OPT_INDICATOR },
	{ "period", required_argument, NULL, OPT_PERIOD },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "charts", required_argument, NULL, OPT_CHARTS },
	{ "2x", no_argument, NULL, OPT_2X },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "sample-format", required_argument, NULL, OPT_SAMPLE_FORMAT },
	{ "stays", required_argument, NULL, OPT_STAYS },
	{ "events", required_argument, NULL, OPT_EVENTS },
	{ "items", required_argument, NULL, OPT_ITEMS },
	{ "skip-bad-rows", no_argument, NULL, OPT_SKIP },
	{ "jobs", required_argument, NULL, OPT_JOBS },
	{ "variant", required_argument, NULL, OPT_VARIANT },
	{ "tallies", required_argument, NULL, OPT_TALLIES },
	{ "tallies-only", no_argument, NULL, OPT_TALLIES_ONLY },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "history", required_argument, NULL, OPT_HISTORY },
	{ "hospital", required_argument, NULL, OPT_HOSPITAL },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "as", required_argument, NULL, OPT_AS },
	{ "digits", required_argument, NULL, OPT_DIGITS },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/*
 * The shipped definitions when no -i is given: beside the executable as
 * installed, BIN/../share/qi/indicators (the build tree keeps a copy the
 * same way, build/share/qi/indicators), never the current folder's
 * indicators/ unless asked for with -i.  Static: lives to the end.
 */
const char *
opts_default_indicators(void)
{
	static char *dir;
	char *exe, *bin;

	if (dir != NULL)
		return dir;
	if ((exe = g_file_read_link("/proc/self/exe", NULL)) != NULL) {
		bin = g_path_get_dirname(exe);
		g_free(exe);
		/* canonical: /usr/share/qi/indicators, without .. */
		dir = g_canonicalize_filename("../share/qi/indicators", bin);
		if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
			g_free(dir);
			dir = g_build_filename(bin, "share", "qi",
			    "indicators", NULL);
		}
		g_free(bin);
	}
	if (dir == NULL || !g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		g_free(dir);
		dir = g_strdup("indicators");	/* reported as missing */
	}
	return dir;
}

/* The option group of each option character; 0 for -h. */
static unsigned
group_of(int ch)
{
	switch (ch) {
	case 'o':
		return OPTS_OUTPUT;
	case 'i':
		return OPTS_DEFS;
	case 'd':
		return OPTS_DATA;
	case OPT_ORGS:
	case OPT_HOSPS:
		return OPTS_REGFILES;
	case OPT_COUNTS:
		return OPTS_COUNTS;
	case OPT_ENCODING:
		return OPTS_ENCODING;
	case OPT_RESULTS:
		return OPTS_RESULTS;
	case OPT_INDICATOR:
	case OPT_PERIOD:
		return OPTS_SELECT;
	case OPT_FORMAT:
		return OPTS_FORMAT;
	case OPT_CHARTS:
	case OPT_2X:
	case OPT_QUIET:
		return OPTS_DRAW;
	case OPT_SEED:
		return OPTS_SEED;
	case OPT_SAMPLE_FORMAT:
		return OPTS_SAMPLE;
	case OPT_STAYS:
	case OPT_EVENTS:
	case OPT_ITEMS:
	case OPT_SKIP:
	case OPT_JOBS:
		return OPTS_PATIENT;
	case OPT_VARIANT:
		return OPTS_VARIANT;
	case OPT_TALLIES:
		return OPTS_TALLIES;
	case OPT_TALLIES_ONLY:
		return OPTS_TALLYOUT;
	case OPT_FROM:
	case OPT_TO:
		return OPTS_COMPARE;
	case OPT_HISTORY:
		return OPTS_HISTORY;
	case OPT_HOSPITAL:
		return OPTS_SIDES;
	case OPT_AS:
	case OPT_DIGITS:
		return OPTS_PRINT;
	case OPT_LEVEL:
		return OPTS_LEVEL;
	default:
		return 0;
	}
}

/* "--name" of an option, as the user may have typed it. */
static const char *
option_name(int ch)
{
	static char buf[64];
	const struct option *lo;

	for (lo = longopts; lo->name != NULL; lo++)
		if (lo->val == ch)
			break;
	snprintf(buf, sizeof(buf), "--%s", lo->name != NULL ? lo->name : "?");
	return buf;
}

/*
 * After getopt_long's '?' for argv[optind - 1]: an abbreviation that is
 * ambiguous among all the commands' options but names one option of c
 * is that option, as if each command had a table of its own.  Returns
 * its character with optarg set, ':' when its value is missing, or '?'.
 */
static int
own_abbreviation(const struct cmd *c, int argc, char *argv[])
{
	const struct option *lo, *found = NULL;
	char *arg = argv[optind - 1], *eq;
	size_t len;
	int n = 0;

	if (strncmp(arg, "--", 2) != 0)
		return '?';
	len = strcspn(arg + 2, "=");
	for (lo = longopts; lo->name != NULL; lo++)
		if ((group_of(lo->val) & c->opts) == group_of(lo->val) &&
		    strncmp(lo->name, arg + 2, len) == 0) {
			found = lo;
			if (lo->name[len] == '\0') {	/* exact */
				n = 1;
				break;
			}
			n++;
		}
	if (n != 1)
		return '?';
	eq = strchr(arg, '=');
	if (found->has_arg == no_argument)
		return eq == NULL ? found->val : '?';
	if (eq != NULL)
		optarg = eq + 1;
	else if (optind < argc)
		optarg = argv[optind++];
	else
		return ':';
	return found->val;
}

enum qi_err
cmd_misuse(const struct cmd *c, const char *sub, const char *fmt,
    const char *arg)
{
	char *safe = qi_text_no_controls(arg != NULL ? arg : "", 0);

	fprintf(stderr, "qi %s%s%s: ", c->name, sub != NULL ? " " : "",
	    sub != NULL ? sub : "");
	fprintf(stderr, fmt, safe);	/* no control character acts */
	fputc('\n', stderr);
	g_free(safe);
	cmd_usage(c, stderr);
	return QI_EUSAGE;
}

static enum qi_err
misuse(const struct cmd *c, const char *fmt, const char *arg)
{
	return cmd_misuse(c, NULL, fmt, arg);
}

int
cmd_take_own(const struct cmd *c, int argc, char *argv[], char *rest[],
    const struct cmd_own *own, size_t n)
{
	const struct cmd_own *w;
	size_t k, len;
	int i, r = 0;

	for (i = 0; i < argc; i++) {
		if (i > 0 && strcmp(argv[i], "--") == 0) {
			while (i < argc)
				rest[r++] = argv[i++];
			break;
		}
		for (w = NULL, k = 0; i > 0 && k < n && w == NULL; k++) {
			len = strlen(own[k].name);
			if (strcmp(argv[i], own[k].name) == 0 ||
			    (own[k].alias != NULL &&
			    strcmp(argv[i], own[k].alias) == 0))
				w = &own[k];
			else if (own[k].value != NULL &&
			    strncmp(argv[i], own[k].name, len) == 0 &&
			    argv[i][len] == '=') {
				*own[k].value = argv[i] + len + 1;
				w = &own[k];
				goto next;
			}
		}
		if (w == NULL)
			rest[r++] = argv[i];
		else if (w->value == NULL)
			*w->flag = w->set;
		else if (i + 1 >= argc) {
			misuse(c, "option '%s' needs a value", argv[i]);
			return -1;
		} else
			*w->value = argv[++i];
next:		;
	}
	rest[r] = NULL;
	return r;
}

/* Parse "png,pdf,svg" into flags; -1 on an unknown word. */
static int
parse_formats(const char *list, int want[3])
{
	static const char *names[] = { "png", "pdf", "svg" };
	char **words = g_strsplit(list, ",", -1);
	int i, k, rc = 0;

	want[0] = want[1] = want[2] = 0;
	for (i = 0; words[i] != NULL; i++) {
		for (k = 0; k < 3; k++)
			if (g_ascii_strcasecmp(g_strstrip(words[i]),
			    names[k]) == 0)
				break;
		if (k == 3)
			rc = -1;
		else
			want[k] = 1;
	}
	g_strfreev(words);
	return i == 0 ? -1 : rc;
}

/* The canonical name of an encoding, or NULL if it is not one qi reads. */
static const char *
encoding_name(const char *name)
{
	static const char *const cp932[] = { "cp932", "sjis", "shift_jis",
	    "shift-jis", "windows-31j", "ms932" };
	size_t i;

	if (g_ascii_strcasecmp(name, "utf-8") == 0 ||
	    g_ascii_strcasecmp(name, "utf8") == 0)
		return "utf-8";
	for (i = 0; i < G_N_ELEMENTS(cp932); i++)
		if (g_ascii_strcasecmp(name, cp932[i]) == 0)
			return "cp932";
	return NULL;
}

/*
 * The data files of a folder not named one by one: stays.csv and
 * events.csv when both are there, else the DPC files (FF1_*, EFn_*,
 * FF4_*) when there are some; counts.csv when it is there or when the
 * patient-level files are not (so that its absence is reported).
 */
static void
data_files(struct opts *o, const char *data)
{
	char *s, *e, *c;

	if (data == NULL || o->stays != NULL || o->counts != NULL ||
	    o->tallies != NULL)
		return;
	s = g_build_filename(data, "stays.csv", NULL);
	e = g_build_filename(data, "events.csv", NULL);
	c = g_build_filename(data, "counts.csv", NULL);
	if (!g_file_test(s, G_FILE_TEST_EXISTS) &&
	    (o->dpc = qi_dpc_files(data)) != NULL)
		o->drugs = qi_dpc_drug_master(data);
	if (o->dpc != NULL || (g_file_test(s, G_FILE_TEST_EXISTS) &&
	    g_file_test(e, G_FILE_TEST_EXISTS))) {
		if (o->dpc == NULL) {
			o->stays = s;
			o->events = e;
			s = e = NULL;
			/* the 様式1 items, when the folder has them */
			o->items = g_build_filename(data, "items.csv", NULL);
			if (!g_file_test(o->items, G_FILE_TEST_EXISTS)) {
				g_free(o->items);
				o->items = NULL;
			}
		}
		if (!g_file_test(c, G_FILE_TEST_EXISTS)) {
			g_free(c);
			c = NULL;
		} else
			o->counts_beside = 1;
	}
	o->counts = c;
	g_free(s);
	g_free(e);
}

/* Parse "caterpillar,funnel,..." or "all" into QI_CHART_* bits; 0 on error. */
static unsigned
parse_charts(const char *list)
{
	static const struct { const char *name; unsigned bit; } kinds[] = {
		{ "caterpillar", QI_CHART_CATERPILLAR },
		{ "funnel", QI_CHART_FUNNEL },
		{ "compare", QI_CHART_COMPARE },
		{ "trend", QI_CHART_TREND },
		{ "profile", QI_CHART_PROFILE },
		{ "spc", QI_CHART_SPC },
		{ "vlad", QI_CHART_VLAD },
		{ "all", QI_CHART_CATERPILLAR | QI_CHART_FUNNEL |
		    QI_CHART_COMPARE | QI_CHART_TREND | QI_CHART_PROFILE |
		    QI_CHART_SPC | QI_CHART_VLAD },
	};
	char **words = g_strsplit(list, ",", -1);
	unsigned bits = 0;
	size_t i, k;

	for (i = 0; words[i] != NULL; i++) {
		for (k = 0; k < G_N_ELEMENTS(kinds); k++)
			if (strcmp(g_strstrip(words[i]), kinds[k].name) == 0)
				break;
		if (k == G_N_ELEMENTS(kinds)) {
			bits = 0;
			break;
		}
		bits |= kinds[k].bit;
	}
	g_strfreev(words);
	return bits;
}

/* The words of --as. */
static const struct qi_name as_names[] = {
	{ "table", OPTS_AS_TABLE }, { "csv", OPTS_AS_CSV },
	{ "json", OPTS_AS_JSON }, { NULL, 0 }
};

int
cmd_parse_as(const char *arg)
{
	return qi_name_value(as_names, arg);
}

int
cmd_parse_digits(const char *arg)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno != 0 || v < 1 || v > 17)
		return -1;
	return (int)v;
}

enum qi_err
opts_parse(const struct cmd *c, int argc, char *argv[], struct opts *o)
{
	const char *data;
	char *end, *sample;
	int ch, idx, v;

	memset(o, 0, sizeof(*o));
	o->output = c->opts & OPTS_OUTFILE ? "-" : "output";
	o->seed = 20240401UL;
	o->sample_format = "dpc";
	o->jobs = 1;
	o->level = 0.95;
	o->as = OPTS_AS_AUTO;
	o->formats[QI_FORMAT_PNG] = o->formats[QI_FORMAT_PDF] = 1;
	o->charts = QI_CHART_CATERPILLAR | QI_CHART_FUNNEL | QI_CHART_COMPARE |
	    QI_CHART_TREND;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":o:i:d:h", longopts, &idx))
	    != -1) {
		if (ch == '?')
			ch = own_abbreviation(c, argc, argv);
		if ((group_of(ch) & c->opts) != group_of(ch))
			return misuse(c, "option '%s' does not apply here",
			    option_name(ch));
		switch (ch) {
		case 'o':
			o->output = optarg;
			break;
		case 'i':
			o->indicators = optarg;
			break;
		case 'd':
			o->data = optarg;
			break;
		case OPT_ORGS:
			o->orgs = g_strdup(optarg);
			break;
		case OPT_HOSPS:
			o->hosps = g_strdup(optarg);
			break;
		case OPT_COUNTS:
			o->counts = g_strdup(optarg);
			break;
		case OPT_RESULTS:
			o->results = optarg;
			break;
		case OPT_ENCODING:
			o->encoding = optarg;
			break;
		case OPT_INDICATOR:
			o->indicator = optarg;
			break;
		case OPT_PERIOD:
			o->period = optarg;
			if (qi_period_parse(optarg, &o->want) == -1)
				return misuse(c, "bad --period '%s' (e.g. "
				    "FY2024 or FY2024Q1)", optarg);
			break;
		case OPT_CHARTS:
			if ((o->charts = parse_charts(optarg)) == 0)
				return misuse(c, "bad --charts '%s' (caterpillar, "
				    "funnel, compare, trend, profile, spc or all, "
				    "separated by commas)", optarg);
			break;
		case OPT_2X:
			o->png2x = 1;
			break;
		case OPT_QUIET:
			o->quiet = 1;
			break;
		case OPT_FORMAT:
			if (parse_formats(optarg, o->formats) == -1)
				return misuse(c, "bad --format '%s' (png, pdf, "
				    "svg, separated by commas)", optarg);
			break;
		case OPT_SEED:
			errno = 0;
			o->seed = strtoul(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0)
				return misuse(c, "bad seed '%s'", optarg);
			break;
		case OPT_SAMPLE_FORMAT:
			if (strcmp(optarg, "dpc") != 0 &&
			    strcmp(optarg, "csv") != 0)
				return misuse(c, "bad --sample-format '%s' (dpc "
				    "or csv)", optarg);
			o->sample_format = optarg;
			break;
		case OPT_STAYS:
			o->stays = g_strdup(optarg);
			break;
		case OPT_EVENTS:
			o->events = g_strdup(optarg);
			break;
		case OPT_ITEMS:
			o->items = g_strdup(optarg);
			break;
		case OPT_SKIP:
			o->skip_bad_rows = 1;
			break;
		case OPT_JOBS:
			errno = 0;
			o->jobs = (unsigned)strtoul(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    o->jobs < 1 || o->jobs > 64)
				return misuse(c, "bad --jobs '%s' (1 to 64)",
				    optarg);
			break;
		case OPT_VARIANT:
			o->variant = optarg;
			break;
		case OPT_TALLIES:
			o->tallies = optarg;
			break;
		case OPT_TALLIES_ONLY:
			o->tallies_only = 1;
			break;
		case OPT_FROM:
			o->from = optarg;
			break;
		case OPT_TO:
			o->to = optarg;
			break;
		case OPT_HISTORY:
			o->history = g_renew(const char *, o->history,
			    o->nhistory + 1);
			o->history[o->nhistory++] = optarg;
			break;
		case OPT_HOSPITAL:
			if (o->nhospitals == 2)
				return misuse(c, "--hospital '%s': at most two "
				    "hospitals", optarg);
			o->hospital[o->nhospitals++] = optarg;
			break;
		case OPT_LEVEL:
			errno = 0;
			o->level = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    !(o->level > 0 && o->level < 1))
				return misuse(c, "bad --level '%s' (a number "
				    "between 0 and 1, e.g. 0.95)", optarg);
			break;
		case OPT_AS:
			if ((v = cmd_parse_as(optarg)) < 0)
				return misuse(c, CMD_BAD_AS, optarg);
			o->as = (enum opts_as)v;
			break;
		case OPT_DIGITS:
			if ((o->digits = cmd_parse_digits(optarg)) < 0)
				return misuse(c, CMD_BAD_DIGITS, optarg);
			break;
		case 'h':
			cmd_usage(c, stdout);
			o->help = 1;
			return QI_OK;
		case ':':
			return misuse(c, "option '%s' needs a value",
			    argv[optind - 1]);
		default:
			return misuse(c, "unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (optind < argc && !(c->opts & OPTS_FILES))
		return misuse(c, "unexpected argument '%s'", argv[optind]);
	if (o->nhospitals == 2 && strcmp(o->hospital[0], o->hospital[1]) == 0)
		return misuse(c, "--hospital '%s' given twice", o->hospital[0]);
	o->writes = (c->opts & (OPTS_OUTPUT | OPTS_OUTFILE)) == OPTS_OUTPUT;
	o->files = argv + optind;
	o->nfiles = argc - optind;
	if ((o->stays == NULL) != (o->events == NULL))
		return misuse(c, "%s", "give --stays and --events together");
	if (o->items != NULL && o->stays == NULL)
		return misuse(c, "%s", "--items goes with --stays and --events");
	if (o->indicators == NULL)
		o->indicators = opts_default_indicators();
	if (o->encoding != NULL) {
		const char *e = encoding_name(o->encoding);

		if (e == NULL)
			return misuse(c, "unknown encoding '%s' (utf-8, or "
			    "cp932: also sjis, shift_jis, windows-31j)",
			    o->encoding);
		o->encoding = e;
	}

	/*
	 * Files not named one by one come from the data folder; with no
	 * data options at all, from the sample that qi run writes (under
	 * output/ when the output goes to a file or standard output, and
	 * beside the results of --results DIR).
	 */
	o->sample = o->data == NULL && o->orgs == NULL && o->hosps == NULL &&
	    o->counts == NULL && o->stays == NULL && o->tallies == NULL;
	o->home = (c->opts & OPTS_OUTFILE) || strcmp(o->output, "-") == 0 ?
	    "output" : o->output;
	if (o->results != NULL && g_file_test(o->results, G_FILE_TEST_IS_DIR))
		o->home = o->results;
	sample = !o->sample ? NULL : g_build_filename(o->home, "sample",
	    NULL);
	data = o->sample ? sample : o->data;
	if (o->sample)
		o->sample_dir = g_strdup(sample);
	if (o->orgs == NULL && data != NULL)
		o->orgs = g_build_filename(data, "organisations.csv", NULL);
	if (o->hosps == NULL && data != NULL)
		o->hosps = g_build_filename(data, "hospitals.csv", NULL);
	data_files(o, data);
	g_free(sample);
	if (o->orgs == NULL || o->hosps == NULL)
		return misuse(c, "%s", "give --data DIR, or both "
		    "--organisations and --hospitals");
	return QI_OK;
}

void
opts_free(struct opts *o)
{
	g_free(o->orgs);
	g_free(o->hosps);
	g_free(o->counts);
	g_free(o->stays);
	g_strfreev(o->dpc);
	g_free(o->drugs);
	g_free(o->events);
	g_free(o->items);
	g_free(o->history);
	g_free(o->sample_dir);
}

void
sources_of(const struct opts *o, struct qi_sources *s)
{
	memset(s, 0, sizeof(*s));
	s->indicators = o->indicators;
	s->sample = o->sample_dir;
	s->orgs = o->orgs;
	s->hosps = o->hosps;
	s->encoding = o->encoding;
	s->counts = o->counts;
	s->counts_beside = o->counts_beside;
	s->stays = o->stays;
	s->events = o->events;
	s->items = o->items;
	s->dpc = o->dpc;
	s->drugs = o->drugs;
	s->tallies = o->tallies;
	s->history = o->history;
	s->nhistory = o->nhistory;
	s->skip_bad_rows = o->skip_bad_rows;
	s->jobs = o->jobs;
	s->tallies_only = o->tallies_only;
	s->tmp_in = o->writes ? o->output : NULL;
}

enum qi_err
inputs_load(const struct opts *o, struct qi_inputs *in, struct qi_diag *diag)
{
	struct qi_sources s;

	sources_of(o, &s);
	return qi_inputs_load(&s, in, diag);
}

enum qi_err
analyse(const struct opts *o, const struct qi_results *res,
    struct qi_history **hist, struct qi_analyses **an, struct qi_diag *diag)
{
	enum qi_err rc;

	*hist = NULL;
	*an = NULL;
	if (o->nhistory > 0 && (rc = qi_history_load(o->history, o->nhistory,
	    res, hist, diag)) != QI_OK)
		return rc;
	return qi_analyses_compute(res, *hist, an, diag);
}

/* fopen for writing, with the failure recorded. */
static FILE *
create(const char *path, struct qi_diag *diag)
{
	FILE *fp;

	if ((fp = fopen(path, "w")) == NULL)
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "cannot create: %s", strerror(errno));
	return fp;
}

/*
 * Close fp, written by a writer that returned rc.  "write failed" is
 * reported only when the stream failed, with the reason where the
 * system gave one; a writer's own failure (bad input, memory) it has
 * reported itself, and errno then says nothing.
 */
enum qi_err
cmd_close_written(FILE *fp, const char *path, enum qi_err rc,
    struct qi_diag *diag)
{
	int failed = ferror(fp), e = 0;

	errno = 0;
	if (fclose(fp) != 0) {
		failed = 1;
		e = errno;
	}
	if (!failed)
		return rc;
	if (e != 0)
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "write failed: %s", strerror(e));
	else
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL, "write failed");
	return QI_ESYS;
}

/* dir/name written by one of the analyses' CSV writers. */
static enum qi_err
write_analysis(const char *dir, const char *name,
    void (*writer)(const struct qi_analyses *, FILE *),
    const struct qi_analyses *an, struct qi_diag *diag)
{
	char *path = g_build_filename(dir, name, NULL);
	enum qi_err rc;
	FILE *fp;

	if ((fp = create(path, diag)) == NULL) {
		g_free(path);
		return QI_ESYS;
	}
	writer(an, fp);
	rc = cmd_close_written(fp, path, QI_OK, diag);
	g_free(path);
	return rc;
}

enum qi_err
write_results(const char *dir, const struct qi_analyses *an,
    struct qi_inputs *in, struct qi_diag *diag)
{
	const struct qi_results *res = an->res;
	enum qi_err rc;
	char *path;
	FILE *fp;

	if ((rc = qi_inputs_digests(in, diag)) != QI_OK)
		return rc;

	path = g_build_filename(dir, "results.csv", NULL);
	if ((fp = create(path, diag)) == NULL) {
		g_free(path);
		return QI_ESYS;
	}
	rc = cmd_close_written(fp, path, qi_results_write_csv(res, fp), diag);
	g_free(path);
	if (rc != QI_OK)
		return rc;
	path = g_build_filename(dir, "results.json", NULL);
	if ((fp = create(path, diag)) == NULL) {
		g_free(path);
		return QI_ESYS;
	}
	rc = cmd_close_written(fp, path, qi_results_write_json(res, in->files,
	    in->nfiles, fp), diag);
	g_free(path);
	if (rc != QI_OK)
		return rc;
	path = g_build_filename(dir, "risk_models.csv", NULL);
	if ((fp = create(path, diag)) == NULL) {
		g_free(path);
		return QI_ESYS;
	}
	rc = cmd_close_written(fp, path, qi_results_write_models_csv(res, fp),
	    diag);
	g_free(path);
	if (rc != QI_OK)
		return rc;
	/* The analyses of the published results. */
	if ((rc = write_analysis(dir, "funnel.csv", qi_funnelplot_write_csv,
	    an, diag)) != QI_OK ||
	    (rc = write_analysis(dir, "trend.csv", qi_trend_write_csv, an,
	    diag)) != QI_OK ||
	    (rc = write_analysis(dir, "vlad.csv", qi_vlad_write_csv, an,
	    diag)) != QI_OK)
		return rc;
	return write_analysis(dir, "summary.csv", qi_summary_write_csv, an,
	    diag);
}

enum qi_err
write_charts(const char *dir, const struct qi_analyses *an,
    const struct opts *o, struct qi_diag *diag)
{
	const struct qi_results *res = an->res;
	struct qi_rendercfg cfg;
	size_t drawn = 0;
	enum qi_err rc;

	qi_rendercfg_defaults(&cfg);
	memcpy(cfg.formats, o->formats, sizeof(cfg.formats));
	cfg.kinds = o->charts;
	cfg.png2x = o->png2x;
	cfg.progress = !o->quiet;
	if (o->indicator != NULL &&
	    (cfg.indicator = qi_defset_find(res->defs, o->indicator)) < 0) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "the indicator ids "
		    "are the names of the definition files",
		    "unknown indicator '%s'", o->indicator);
		return QI_EUSAGE;
	}
	if (o->period != NULL) {
		cfg.has_period = 1;
		cfg.period = o->want;
	}
	rc = qi_render_charts(dir, an, &cfg, &drawn, diag);
	/* the staging folder goes with a failure: name the chart's own path */
	qi_diag_reroot(diag, dir, o->output);
	if (rc == QI_OK && drawn == 0)
		qi_diag_add(diag, QI_WARNING, NULL, 0, 0, o->period == NULL ?
		    "fiscal-year charts need all four quarters of a year; "
		    "--period FY2024Q1 draws one quarter" : NULL,
		    "no chart drawn: no results for the period asked for");
	return rc;
}

/*
 * Results read back are not trusted: the reader applies the definitions'
 * thresholds to every row marked ok; here no withheld result may be
 * derivable from the published ones (specs/publication.md section 5),
 * as after qi compute.
 */
enum qi_err
results_load_published(const char *path, const struct qi_defset *defs,
    const struct qi_registry *reg, struct qi_results **out,
    struct qi_diag *diag)
{
	size_t n;
	enum qi_err rc;

	if ((rc = qi_results_load(path, defs, reg, out, diag)) != QI_OK ||
	    (n = qi_suppress_leaks(*out)) == 0)
		return rc;
	qi_diag_add(diag, QI_ERROR, path, 0, 0, "recompute the results with "
	    "qi compute rather than edit them", "%zu withheld result%s could "
	    "be derived from the published ones", n, n == 1 ? "" : "s");
	return QI_EINPUT;
}

enum qi_err
method_load(const struct opts *o, struct qi_defset **defs,
    struct qi_registry **reg, struct qi_diag *diag)
{
	struct qi_sources s;

	sources_of(o, &s);
	return qi_method_load(&s, defs, reg, diag);
}

enum qi_err
results_setup(const struct opts *o, struct qi_defset **defs,
    struct qi_registry **reg, char **results, struct qi_diag *diag)
{
	*results = o->results != NULL && o->home != o->results ?
	    g_strdup(o->results) : g_build_filename(o->home, "results.csv",
	    NULL);
	return method_load(o, defs, reg, diag);
}

enum qi_err
cmd_out_open(struct cmd_out *out, const char *dest, enum opts_as as,
    int digits, struct qi_diag *diag)
{
	memset(out, 0, sizeof(*out));
	out->digits = digits;
	if (dest != NULL && strcmp(dest, "-") != 0)
		out->path = dest;
	if (as == OPTS_AS_AUTO)
		as = out->path == NULL && isatty(STDOUT_FILENO) ?
		    OPTS_AS_TABLE : OPTS_AS_CSV;
	out->as = as;
	if (out->path == NULL) {
		out->fp = stdout;
		return QI_OK;
	}
	if (g_file_test(dest, G_FILE_TEST_IS_DIR)) {
		qi_diag_add(diag, QI_ERROR, dest, 0, 0, "give a file name, or "
		    "-o - for standard output", "-o names a folder");
		return QI_EUSAGE;
	}
	if ((out->fp = qi_create_beside(dest, &out->tmp, diag)) == NULL)
		return QI_ESYS;
	return QI_OK;
}

enum qi_err
cmd_out_close(struct cmd_out *out, enum qi_err rc, struct qi_diag *diag)
{
	const char *name = out->path != NULL ? out->path : "<stdout>";
	int failed;

	if (out->fp == NULL)
		return rc;
	failed = fflush(out->fp) != 0 || ferror(out->fp);
	if (out->path != NULL) {
		failed |= fclose(out->fp) != 0;
		if (rc == QI_OK && !failed && rename(out->tmp, out->path) != 0)
			failed = 1;
		if (rc != QI_OK || failed)
			remove(out->tmp);
	}
	if (failed) {
		qi_diag_add(diag, QI_ERROR, name, 0, 0, NULL,
		    "write failed: %s", g_strerror(errno));
		rc = QI_ESYS;
	}
	out->fp = NULL;
	g_free(out->tmp);
	out->tmp = NULL;
	return rc;
}

char *
cmd_real_text(double v, int digits, int decimals)
{
	char *buf = NULL, *text;
	size_t len = 0;
	FILE *fp;

	if (digits <= 0 && decimals >= 0)
		return g_strdup_printf("%.*f", decimals, v);
	if ((fp = open_memstream(&buf, &len)) == NULL)
		g_error("out of memory");
	qi_emit_csv_real(fp, v, digits);
	fclose(fp);
	text = g_strdup(buf);
	free(buf);
	return text;
}

void
cmd_json_count(FILE *fp, const char *key, long v)
{
	fprintf(fp, ", \"%s\": ", key);
	if (v >= 0)
		fprintf(fp, "%ld", v);
	else
		fputs("null", fp);
}
