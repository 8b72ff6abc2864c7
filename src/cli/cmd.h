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
#define OPTS_SIDES	 0x8000u	/* --hospital, --as (qi compare, explain) */
#define OPTS_REGFILES	 0x10000u	/* --organisations, --hospitals */
#define OPTS_SAMPLE	 0x20000u	/* --sample-format (qi run) */
#define OPTS_FORMAT	 0x40000u	/* --format (chart formats) */
#define OPTS_LEVEL	 0x80000u	/* --level (qi compare) */
#define OPTS_TALLYOUT	 0x100000u	/* --tallies-only (qi compute) */
	/* and these together: */
#define OPTS_REGISTRY	 (OPTS_DATA | OPTS_REGFILES)
#define OPTS_CHARTS	 (OPTS_SELECT | OPTS_FORMAT | OPTS_DRAW)
	const char	*synopsis;	/* one line for "qi help" */
	const char	*usage;		/* options, for "qi help NAME" / --help
					   (static text) */
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

/* --as: how qi compare writes its comparisons. */
enum opts_as { OPTS_AS_TABLE, OPTS_AS_CSV, OPTS_AS_JSON };

/*
 * Options shared by the commands that read inputs.  Paths are borrowed
 * from argv or are static strings, except those built by opts_finish().
 */
struct opts {
	const char	*output;	/* -o DIR, default "output" */
	const char	*indicators;	/* -i DIR */
	const char	*data;		/* -d DIR holding the three files */
	char		*orgs;		/* --organisations FILE */
	char		*hosps;		/* --hospitals FILE */
	char		*counts;	/* --counts FILE */
	const char	*results;	/* --results FILE (render) */
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
	enum opts_as	 as;		/* --as, default table */
	char *const	*files;		/* operands (OPTS_FILES) */
	int		 nfiles;
	int		 sample;	/* no data given: use the sample */
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
 * What the commands that read results (render, publish, export) need
 * first: o's definitions and registry, loaded and bound, and the results
 * file to read (*results: --results, or OUTPUT/results.csv; to g_free).
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
