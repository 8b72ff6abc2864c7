/*
 * cmd_common.c -- what several commands share: option parsing, loading
 * every input with all its errors, writing results and charts.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "chart.h"
#include "cmd.h"

enum {
	OPT_ORGS = 256, OPT_HOSPS, OPT_COUNTS, OPT_RESULTS, OPT_ENCODING,
	OPT_INDICATOR, OPT_PERIOD, OPT_FORMAT, OPT_SEED
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
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

const char *
opts_default_indicators(void)
{
	if (g_file_test("indicators", G_FILE_TEST_IS_DIR))
		return "indicators";
	if (g_file_test(QI_DATADIR "/indicators", G_FILE_TEST_IS_DIR))
		return QI_DATADIR "/indicators";
	return QI_SOURCE_DIR "/indicators";
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
	case OPT_ORGS:
	case OPT_HOSPS:
		return OPTS_REGISTRY;
	case OPT_COUNTS:
		return OPTS_COUNTS;
	case OPT_ENCODING:
		return OPTS_ENCODING;
	case OPT_RESULTS:
		return OPTS_RESULTS;
	case OPT_INDICATOR:
	case OPT_PERIOD:
	case OPT_FORMAT:
		return OPTS_CHARTS;
	case OPT_SEED:
		return OPTS_SEED;
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

static enum qi_err
misuse(const struct cmd *c, const char *fmt, const char *arg)
{
	fprintf(stderr, "qi %s: ", c->name);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	cmd_usage(c, stderr);
	return QI_EUSAGE;
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

enum qi_err
opts_parse(const struct cmd *c, int argc, char *argv[], struct opts *o)
{
	const char *data;
	char *end, *sample;
	int ch, idx;

	memset(o, 0, sizeof(*o));
	o->output = "output";
	o->seed = 20240401UL;
	o->formats[QI_FORMAT_PNG] = o->formats[QI_FORMAT_PDF] = 1;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":o:i:d:h", longopts, &idx))
	    != -1) {
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
	if (optind < argc)
		return misuse(c, "unexpected argument '%s'", argv[optind]);
	if (o->indicators == NULL)
		o->indicators = opts_default_indicators();
	if (o->encoding != NULL &&
	    g_ascii_strcasecmp(o->encoding, "utf-8") != 0 &&
	    g_ascii_strcasecmp(o->encoding, "cp932") != 0)
		return misuse(c, "unknown encoding '%s' (utf-8 or cp932)",
		    o->encoding);

	/*
	 * Files not named one by one come from the data folder; with no
	 * data options at all, from the sample that qi run writes (under
	 * output/ when the results go to standard output).
	 */
	o->sample = o->data == NULL && o->orgs == NULL && o->hosps == NULL &&
	    o->counts == NULL;
	sample = !o->sample ? NULL : g_build_filename(strcmp(o->output, "-")
	    == 0 ? "output" : o->output, "sample", NULL);
	data = o->sample ? sample : o->data;
	if (o->orgs == NULL && data != NULL)
		o->orgs = g_build_filename(data, "organisations.csv", NULL);
	if (o->hosps == NULL && data != NULL)
		o->hosps = g_build_filename(data, "hospitals.csv", NULL);
	if (o->counts == NULL && data != NULL)
		o->counts = g_build_filename(data, "counts.csv", NULL);
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
}

enum qi_err
inputs_load(const struct opts *o, struct inputs *in, struct qi_diag *diag)
{
	enum qi_err rc, worst;
	size_t i;

	in->files[0].role = "organisations";
	in->files[0].path = o->orgs;
	in->files[1].role = "hospitals";
	in->files[1].path = o->hosps;
	in->files[2].role = "counts";
	in->files[2].path = o->counts;

	/* Definitions and registry are independent: report both. */
	worst = in->defs != NULL ? QI_OK :
	    qi_defset_load(o->indicators, &in->defs, diag);
	rc = qi_registry_load(o->orgs, o->hosps, o->encoding, &in->reg, diag);
	if (rc > worst)
		worst = rc;
	if (worst != QI_OK || o->counts == NULL)
		return worst;
	if ((rc = qi_counts_load(o->counts, o->encoding, in->reg, in->defs,
	    &in->tallies, diag)) != QI_OK)
		return rc;
	for (i = 0; i < 3; i++)
		if ((rc = qi_input_hash(&in->files[i], diag)) != QI_OK)
			return rc;
	return QI_OK;
}

void
inputs_free(struct inputs *in)
{
	qi_tallies_free(in->tallies);
	qi_registry_free(in->reg);
	qi_defset_free(in->defs);
	memset(in, 0, sizeof(*in));
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

static enum qi_err
close_checked(FILE *fp, const char *path, enum qi_err rc,
    struct qi_diag *diag)
{
	if (fclose(fp) != 0 && rc == QI_OK)
		rc = QI_ESYS;
	if (rc != QI_OK)
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "write failed: %s", strerror(errno));
	return rc;
}

enum qi_err
write_results(const char *dir, const struct qi_results *res,
    const struct inputs *in, struct qi_diag *diag)
{
	enum qi_err rc;
	char *path;
	FILE *fp;

	path = g_build_filename(dir, "results.csv", NULL);
	if ((fp = create(path, diag)) == NULL) {
		g_free(path);
		return QI_ESYS;
	}
	rc = close_checked(fp, path, qi_results_write_csv(res, fp), diag);
	g_free(path);
	if (rc != QI_OK)
		return rc;
	path = g_build_filename(dir, "results.json", NULL);
	if ((fp = create(path, diag)) == NULL) {
		g_free(path);
		return QI_ESYS;
	}
	rc = close_checked(fp, path, qi_results_write_json(res, in->files, 3,
	    fp), diag);
	g_free(path);
	return rc;
}

enum qi_err
write_charts(const char *dir, const struct qi_results *res,
    const struct opts *o, struct qi_diag *diag)
{
	static const char *ext[] = { "png", "pdf", "svg" };
	struct qi_chartcfg cfg;
	struct qi_period p;
	GHashTable *done;
	char *charts, *path, label[16], *key;
	long only = -1;
	int k;
	size_t i;
	enum qi_err rc = QI_OK;

	if (o->indicator != NULL &&
	    (only = qi_defset_find(res->defs, o->indicator)) < 0) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "the indicator ids "
		    "are the names of the definition files",
		    "unknown indicator '%s'", o->indicator);
		return QI_EUSAGE;
	}
	charts = g_build_filename(dir, "charts", NULL);
	if (g_mkdir_with_parents(charts, 0777) == -1) {
		qi_diag_add(diag, QI_ERROR, charts, 0, 0, NULL,
		    "cannot create: %s", strerror(errno));
		g_free(charts);
		return QI_ESYS;
	}
	qi_chartcfg_defaults(&cfg);
	done = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (i = 0; i < res->n && rc == QI_OK; i++) {
		p = res->v[i].period;
		if (res->v[i].scope != QI_SCOPE_ALL)
			continue;
		if (only >= 0 && res->v[i].indicator != (size_t)only)
			continue;
		/* By default, the fiscal years; else the period asked for. */
		if (o->period != NULL ? qi_period_cmp(p, o->want) != 0 :
		    p.q != 0)
			continue;
		qi_period_format(p, label, sizeof(label));
		key = g_strdup_printf("%s_%s",
		    res->defs->v[res->v[i].indicator].id, label);
		if (!g_hash_table_add(done, key))
			continue;
		for (k = 0; k < 3 && rc == QI_OK; k++) {
			if (!o->formats[k])
				continue;
			path = g_strdup_printf("%s/%s.%s", charts, key,
			    ext[k]);
			rc = qi_caterpillar_write(path, (enum qi_format)k, res,
			    res->v[i].indicator, p, &cfg, diag);
			g_free(path);
		}
	}
	if (rc == QI_OK && g_hash_table_size(done) == 0)
		qi_diag_add(diag, QI_WARNING, NULL, 0, 0, o->period == NULL ?
		    "fiscal-year charts need all four quarters of a year; "
		    "--period FY2024Q1 draws one quarter" : NULL,
		    "no chart drawn: no results for the period asked for");
	g_hash_table_destroy(done);
	g_free(charts);
	return rc;
}
