/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd.h -- the command layer: one file per subcommand, cmd_NAME.c, which
 * defines its entry cmd_NAME_def (handler, option groups, summary and
 * help; the help's shared lines are in cmd_usage.h), listed and
 * dispatched by main.c.  A new option of a command touches its own file,
 * and the option table of opts_parse() in cmd_common.c if no command had
 * it before.  Commands return an enum qi_err, which becomes the exit
 * status; they record problems in the diag they are given and main.c
 * prints them once.
 */
#ifndef QI_CMD_H
#define QI_CMD_H

#include <stdint.h>

#include "qi.h"

struct qi_diag;

typedef enum qi_err cmd_fn(int argc, char *argv[], struct qi_diag *);

struct cmd {
	const char	*name;
	cmd_fn		*fn;
	unsigned	 opts;		/* the option groups it takes: */
#define OPTS_OUTPUT	 0x01u		/* -o */
#define OPTS_DEFS	 0x02u		/* -i */
#define OPTS_DATA	 0x04u		/* -d */
#define OPTS_COUNTS	 0x08u		/* --counts */
#define OPTS_ENCODING	 0x10u		/* --encoding */
#define OPTS_RESULTS	 0x20u		/* --results */
#define OPTS_SELECT	 0x40u		/* --indicator, --period */
#define OPTS_SEED	 0x80u		/* --seed */
#define OPTS_PATIENT	 0x100u		/* --stays, --events, --skip-bad-rows, --jobs */
#define OPTS_VARIANT	 0x200u		/* --variant */
#define OPTS_TALLIES	 0x400u		/* --tallies */
#define OPTS_FILES	 0x800u		/* FILE... operands */
#define OPTS_COMPARE	 0x1000u	/* --from, --to (qi variants) */
#define OPTS_HISTORY	 0x2000u	/* --history (results joined to the trend) */
#define OPTS_DRAW	 0x4000u	/* --charts, --2x, --quiet */
#define OPTS_SIDES	 0x8000u	/* --hospital (qi compare, explain) */
#define OPTS_REGFILES	 0x10000u	/* --organisations, --hospitals */
#define OPTS_SAMPLE	 0x20000u	/* --sample-format (qi run) */
#define OPTS_FORMAT	 0x40000u	/* --format (chart formats) */
#define OPTS_LEVEL	 0x80000u	/* --level (qi compare) */
#define OPTS_TALLYOUT	 0x100000u	/* --tallies-only (qi compute) */
#define OPTS_PRINT	 0x200000u	/* --as, --digits: a printed table */
	/* not an option group: -o names a file or "-" (the default), and
	   the results and sample stay under output/ (or --results DIR) */
#define OPTS_OUTFILE	 0x400000u
	/* and these together: */
#define OPTS_REGISTRY	 (OPTS_DATA | OPTS_REGFILES)
#define OPTS_CHARTS	 (OPTS_SELECT | OPTS_FORMAT | OPTS_DRAW)
	const char	*synopsis;	/* one line for "qi help" */
	const char	*usage;		/* options, for "qi help NAME" / --help
					   (static text) */
	const char	*options;	/* NULL, or the usage continued (a C
					   string literal is at most 4095
					   bytes) */
};

/* Each command's entry, defined in its cmd_NAME.c (qi help's in main.c). */
extern const struct cmd cmd_run_def;
extern const struct cmd cmd_check_def;
extern const struct cmd cmd_import_def;
extern const struct cmd cmd_compute_def;
extern const struct cmd cmd_render_def;
extern const struct cmd cmd_publish_def;
extern const struct cmd cmd_export_def;
extern const struct cmd cmd_synth_def;
extern const struct cmd cmd_merge_def;
extern const struct cmd cmd_variants_def;
extern const struct cmd cmd_explain_def;
extern const struct cmd cmd_compare_def;
extern const struct cmd cmd_stats_def;

enum qi_err	 cmd_run(int, char *[], struct qi_diag *);
enum qi_err	 cmd_check(int, char *[], struct qi_diag *);
enum qi_err	 cmd_compute(int, char *[], struct qi_diag *);
enum qi_err	 cmd_render(int, char *[], struct qi_diag *);
enum qi_err	 cmd_synth(int, char *[], struct qi_diag *);
enum qi_err	 cmd_compare(int, char *[], struct qi_diag *);
enum qi_err	 cmd_publish(int, char *[], struct qi_diag *);
enum qi_err	 cmd_merge(int, char *[], struct qi_diag *);
enum qi_err	 cmd_import(int, char *[], struct qi_diag *);
enum qi_err	 cmd_variants(int, char *[], struct qi_diag *);
/* qi explain: the stays behind one hospital's result (patient-level). */
enum qi_err	 cmd_explain(int, char *[], struct qi_diag *);
/* qi stats ci|compare: intervals and comparisons, CSV in and out. */
enum qi_err	 cmd_stats(int, char *[], struct qi_diag *);
/* qi export --xlsx: an organisation's workbook from results.csv. */
enum qi_err	 cmd_export(int, char *[], struct qi_diag *);

/*
 * A command's own option, taken out of argv before opts_parse() reads the
 * shared ones: a flag (*flag = set) when value is NULL, else one that
 * takes a value (*value points into argv; "--name value" or
 * "--name=value").  alias: a second spelling ("-o"), or NULL.
 */
struct cmd_own {
	const char	 *name;
	const char	 *alias;
	const char	**value;
	int		 *flag;
	int		  set;
};

/*
 * Move argv's words other than the n options of own into rest (argv[0]
 * first, NULL-ended; everything after "--" too).  Returns the new argc,
 * or -1 after command c's misuse message for an option without its value.
 */
int		 cmd_take_own(const struct cmd *c, int argc, char *argv[],
		    char *rest[], const struct cmd_own *own, size_t n);

/* Print a command's usage to fp ("qi NAME --help" and misuse). */
void		 cmd_usage(const struct cmd *, FILE *);
const struct cmd *cmd_find(const char *name);

/*
 * --as: how a command prints a table.  OPTS_AS_AUTO (not given): an
 * aligned table on a terminal, CSV otherwise (cmd_out_open()).
 */
enum opts_as { OPTS_AS_TABLE, OPTS_AS_CSV, OPTS_AS_JSON, OPTS_AS_AUTO };

/* The words of --as, and the words of --digits: the value, or -1. */
int		 cmd_parse_as(const char *);
int		 cmd_parse_digits(const char *);
/* Their misuse messages ('%s': the value given). */
#define CMD_BAD_AS	"bad --as '%s' (table, csv or json)"
#define CMD_BAD_DIGITS	"--digits must be a whole number of significant " \
			"digits from 1 to 17: '%s'"

/*
 * The one report of a bad command line: "qi NAME[ SUB]: " and the
 * message (fmt with arg, control characters made harmless), then the
 * command's usage, on stderr.  Returns QI_EUSAGE.
 */
enum qi_err	 cmd_misuse(const struct cmd *, const char *sub,
		    const char *fmt, const char *arg);

/*
 * Where a printed table goes (-o FILE or "-"), and in which form: *as
 * resolved (OPTS_AS_AUTO: a table when it goes to a terminal, else CSV).
 * A file is written beside its name and renamed by cmd_out_close(),
 * whole or not at all.
 */
struct cmd_out {
	FILE		*fp;
	const char	*path;		/* NULL: standard output */
	char		*tmp;		/* the file beside path, owned */
	enum opts_as	 as;
	int		 digits;	/* --digits; 0: the fewest that read
					   back (tables: their own rounding) */
};

enum qi_err	 cmd_out_open(struct cmd_out *, const char *dest,
		    enum opts_as as, int digits, struct qi_diag *);
/*
 * Finish what cmd_out_open() began after a writer that returned rc:
 * the file renamed into place when everything went well, else removed.
 * Returns rc, or QI_ESYS (recorded) when writing failed.
 */
enum qi_err	 cmd_out_close(struct cmd_out *, enum qi_err rc,
		    struct qi_diag *);
/*
 * A number for a table cell: with digits (--digits N) N significant
 * digits, else decimals digits after the point, or with decimals < 0
 * the fewest digits that read back.  g_free() it.
 */
char		*cmd_real_text(double v, int digits, int decimals);
/* ', "key": v' of a JSON object, v a count, or null when v < 0. */
void		 cmd_json_count(FILE *, const char *key, long v);

/*
 * Options shared by the commands that read inputs.  Paths are borrowed
 * from argv or are static strings, except those built by opts_finish().
 */
struct opts {
	const char	*output;	/* -o DIR, default "output"; with
					   OPTS_OUTFILE -o FILE, default "-" */
	const char	*home;		/* the folder of the default results.csv
					   and sample/: OUTPUT, or output/
					   (OPTS_OUTFILE), or --results DIR */
	const char	*indicators;	/* -i DIR */
	const char	*data;		/* -d DIR holding the three files */
	char		*orgs;		/* --organisations FILE */
	char		*hosps;		/* --hospitals FILE */
	char		*counts;	/* --counts FILE */
	const char	*results;	/* --results FILE or DIR */
	const char	*encoding;	/* --encoding utf-8|cp932 */
	const char	*indicator;	/* --indicator ID */
	const char	*period;	/* --period P as given, or NULL */
	struct qi_period want;		/* ... parsed */
	int		 formats[3];	/* --format: PNG, PDF, SVG wanted */
	unsigned	 charts;	/* --charts: QI_CHART_* kinds (render.h) */
	int		 png2x;		/* --2x: also NAME@2x.png */
	int		 quiet;		/* --quiet: no progress line */
	unsigned long	 seed;		/* --seed N (synth) */
	const char	*sample_format;	/* --sample-format dpc (default) or
					   csv: qi run's sample */
	char		*stays;		/* --stays FILE, or DIR/stays.csv */
	char		*events;	/* --events FILE, or DIR/events.csv */
	char		*items;		/* --items FILE, or DIR/items.csv if
					   there; NULL: none */
	char		**dpc;		/* DPC files of the data folder (FF1_*,
					   EFn_*, FF4_*), when it has no
					   stays.csv; owned */
	char		*drugs;		/* DIR/drug_master.csv, owned */
	int		 writes;	/* the command writes into -o */
	int		 counts_beside;	/* counts.csv found beside stays.csv in
					   DIR: only for indicators without a
					   patient-level rule */
	int		 skip_bad_rows;	/* --skip-bad-rows */
	unsigned	 jobs;		/* --jobs N, default 1 */
	const char	*variant;	/* --variant NAME */
	const char	*tallies;	/* --tallies FILE */
	int		 tallies_only;	/* --tallies-only */
	const char	*from, *to;	/* --from A --to B (variants) */
	const char	**history;	/* --history FILE, each given (owned
					   array of borrowed paths) */
	size_t		 nhistory;
	const char	*hospital[2];	/* --hospital ID, given 0..2 times
					   (compare), distinct */
	size_t		 nhospitals;
	double		 level;		/* --level, 0 < L < 1, default 0.95 */
	enum opts_as	 as;		/* --as, default OPTS_AS_AUTO */
	int		 digits;	/* --digits N, 0 if not given */
	char *const	*files;		/* operands (OPTS_FILES) */
	int		 nfiles;
	int		 sample;	/* no data given: use the sample */
	char		*sample_dir;	/* owned: that sample's folder (NULL
					   unless sample) */
	int		 help;
};

/*
 * Parse the shared options of command c.  Returns QI_OK, or QI_EUSAGE
 * after printing the usage to stderr.  On --help prints the usage to
 * stdout and sets o->help.
 */
enum qi_err	 opts_parse(const struct cmd *c, int argc, char *argv[],
		    struct opts *o);
void		 opts_free(struct opts *);
/*
 * Close fp, written by a writer that returned rc; "write failed" (with
 * the system's reason, if any) only when the stream failed.  Returns rc,
 * or QI_ESYS if the stream failed.
 */
enum qi_err	 cmd_close_written(FILE *fp, const char *path, enum qi_err rc,
		    struct qi_diag *);
/* The definitions folder to use when -i is not given. */
const char	*opts_default_indicators(void);

/* o's paths and data options as the pipeline reads them. */
void		 sources_of(const struct opts *, struct qi_sources *);
/* qi_inputs_load() of o's sources. */
enum qi_err	 inputs_load(const struct opts *, struct qi_inputs *,
		    struct qi_diag *);

/* qi_method_load() of o's definitions and registry. */
enum qi_err	 method_load(const struct opts *, struct qi_defset **,
		    struct qi_registry **, struct qi_diag *);
/*
 * What the commands that read results (render, publish, export, compare)
 * need first: o's definitions and registry, loaded and bound, and the
 * results file to read (*results: --results FILE, DIR/results.csv for
 * --results DIR, or HOME/results.csv; to g_free).
 * Every problem of every file is recorded; the first error returned.
 */
enum qi_err	 results_setup(const struct opts *, struct qi_defset **,
		    struct qi_registry **, char **results, struct qi_diag *);
/*
 * Read results.csv as qi publish does: the definitions' publication
 * thresholds re-applied by the reader, and refused (QI_EINPUT, recorded)
 * if a withheld result could be derived from the published ones.  *out
 * is set whenever the file was read (qi_results_free() it).
 */
enum qi_err	 results_load_published(const char *path,
		    const struct qi_defset *, const struct qi_registry *,
		    struct qi_results **out, struct qi_diag *);

/*
 * Read o's --history files (*hist, NULL without --history) and compute
 * every analysis of res with them, once (*an).  The caller releases
 * *an, then *hist, then res.
 */
enum qi_err	 analyse(const struct opts *, const struct qi_results *,
		    struct qi_history **hist, struct qi_analyses **an,
		    struct qi_diag *);

/*
 * Write results.csv, results.json, funnel.csv, trend.csv and summary.csv
 * into dir,
 * the manifest naming each input by the SHA-256 of the bytes its reader
 * read (in->files[].sha256 set here).
 */
enum qi_err	 write_results(const char *dir, const struct qi_analyses *,
		    struct qi_inputs *, struct qi_diag *);
/*
 * Draw the charts of results into dir/charts/: per indicator and fiscal
 * year (or the one period/indicator asked for), in each format of
 * o->formats (PNG and PDF by default).
 */
enum qi_err	 write_charts(const char *dir, const struct qi_analyses *,
		    const struct opts *, struct qi_diag *);

#endif /* QI_CMD_H */
