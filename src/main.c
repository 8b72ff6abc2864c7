/*
 * main.c -- qi's entry point: the command table and dispatch.  The only
 * place that prints diagnostics and chooses the exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cmd.h"

#define COMMON_IO \
	"  -o, --output DIR         where outputs go (default: output)\n" \
	"  -i, --indicators DIR     definition files (default: indicators/)\n"
#define COMMON_DATA \
	"  -d, --data DIR           folder with organisations.csv,\n" \
	"                           hospitals.csv and the data: counts.csv,\n" \
	"                           stays.csv and events.csv, or the DPC\n" \
	"                           files (FF1_*, EFn_*, FF4_*.txt[.gz|.zst])\n" \
	"      --organisations FILE  organisations (code,name_ja,name_en,url)\n" \
	"      --hospitals FILE     hospitals (id,org,name_ja,name_en,region,beds,\n" \
	"                           facility_code)\n" \
	"      --counts FILE        counts (hospital,indicator,period,\n" \
	"                           numerator,denominator)\n" \
	"      --encoding ENC       input encoding: utf-8 (default; DPC files:\n" \
	"                           each file's own), cp932 (also sjis)\n"
#define COMMON_PATIENT \
	"      --stays FILE         patient-level stays (DPC 様式1), with --events\n" \
	"      --events FILE        their activity events (EF); -d DIR takes\n" \
	"                           DIR/stays.csv and DIR/events.csv if present\n" \
	"      --skip-bad-rows      skip bad rows of stays/events, counted by reason\n" \
	"                           in results.json (default: stop at errors)\n" \
	"      --jobs N             read the records in N threads (default 1)\n"
#define COMMON_CHART \
	"      --format LIST        chart formats: png,pdf,svg (default png,pdf)\n" \
	"      --indicator ID       only this indicator's charts\n" \
	"      --period P           only this period (FY2024, FY2024Q1)\n" \
	"      --charts LIST        chart kinds: caterpillar, funnel, compare,\n" \
	"                           trend, profile, spc, or all (default:\n" \
	"                           caterpillar,funnel,compare,trend)\n" \
	"      --2x                 also NAME@2x.png at twice the pixels\n"

#define COMMON_HISTORY \
	"      --history FILE       results.csv of an earlier run (earlier\n" \
	"                           definition versions too), joined to the\n" \
	"                           trend only; repeatable\n"

const struct cmd cmds[] = {
	{ "run", cmd_run, OPTS_OUTPUT | OPTS_DEFS | OPTS_REGISTRY | OPTS_COUNTS |
	    OPTS_ENCODING | OPTS_CHARTS | OPTS_SEED | OPTS_SAMPLE | OPTS_PATIENT |
	    OPTS_VARIANT | OPTS_HISTORY, "compute and render everything (default: the "
	    "embedded sample)",
	    "usage: qi run [options]\n"
	    "Reads definitions and data, writes results.csv, results.json and\n"
	    "charts/ under the output folder.  Without data options it first\n"
	    "writes the synthetic patient-level sample (the registry and the\n"
	    "DPC files hospitals submit: 様式1, EF, 様式4) to OUTPUT/sample/ and\n"
	    "computes from it, as from a hospital's own files.\n\n"
	    COMMON_IO COMMON_DATA COMMON_PATIENT
	    "      --variant NAME       results of this variant of the definitions\n"
	    COMMON_HISTORY COMMON_CHART
	    "      --seed N             random seed of the sample (default 20240401)\n"
	    "      --sample-format F    dpc (default): the sample as DPC files;\n"
	    "                           csv: as stays.csv and events.csv (faster)\n"
	    "  -h, --help               this help\n" },
	{ "check", cmd_check, OPTS_DEFS | OPTS_REGISTRY | OPTS_COUNTS |
	    OPTS_ENCODING | OPTS_PATIENT | OPTS_FILES,
	    "validate definitions and input files",
	    "usage: qi check [options] [FILE...]\n"
	    "Checks every definition file, its expressions and code lists and,\n"
	    "when data is given, every row of the organisations, hospitals,\n"
	    "counts, stays and events files; reports every problem with\n"
	    "file:line:col and writes nothing.  Each FILE is checked by its\n"
	    "kind: ID.yaml is one definition (with its folder's code lists),\n"
	    "a CSV file (by its name, e.g. stays_2024.csv, or its header)\n"
	    "stands for the file of its kind in --data, and DPC files\n"
	    "(FF1_*, EFn_*, FF4_*.txt) for the folder's records.\n\n"
	    "  -i, --indicators DIR     definition files (default: indicators/)\n"
	    COMMON_DATA COMMON_PATIENT
	    "  -h, --help               this help\n" },
	{ "import", cmd_import, OPTS_OUTPUT | OPTS_REGISTRY | OPTS_ENCODING |
	    OPTS_FILES, "write DPC files as flat stays.csv and events.csv",
	    "usage: qi import dpc --data DIR -o OUT [options]\n"
	    "Reads the DPC files of DIR as hospitals submit them -- 様式1\n"
	    "(FF1_*.txt), EF (EFn_*.txt) and 様式4 (FF4_*.txt), plain, .gz or\n"
	    ".zst, rows in any order -- and writes OUT/stays.csv and\n"
	    "OUT/events.csv (specs/input.md).  DIR also holds organisations.csv\n"
	    "and hospitals.csv (with facility_code) and, for drugs,\n"
	    "drug_master.csv.  The files are patient-level: OUT must be a\n"
	    "folder of their own.\n\n"
	    "  -o, --output DIR         where stays.csv and events.csv go\n"
	    COMMON_DATA
	    "  -h, --help               this help\n" },
	{ "compute", cmd_compute, OPTS_OUTPUT | OPTS_DEFS | OPTS_REGISTRY |
	    OPTS_COUNTS | OPTS_ENCODING | OPTS_PATIENT | OPTS_VARIANT |
	    OPTS_TALLIES | OPTS_HISTORY, "compute results from counts or patient records",
	    "usage: qi compute [options]\n"
	    "Writes results.csv and results.json under the output folder, or\n"
	    "results.csv to standard output with -o -.  With --tallies-only,\n"
	    "writes the sums instead (OUTPUT/tallies.csv, or stdout with -o -)\n"
	    "for qi merge.\n\n"
	    COMMON_IO COMMON_DATA COMMON_PATIENT
	    "      --tallies FILE       sums from qi compute --tallies-only / qi merge\n"
	    "      --tallies-only       write tallies.csv, not results\n"
	    "      --variant NAME       results of this variant of the definitions\n"
	    COMMON_HISTORY
	    "  -h, --help               this help\n" },
	{ "render", cmd_render, OPTS_OUTPUT | OPTS_DEFS | OPTS_REGISTRY |
	    OPTS_ENCODING | OPTS_RESULTS | OPTS_CHARTS | OPTS_HISTORY,
	    "draw charts from computed results",
	    "usage: qi render [options]\n"
	    "Reads results.csv (default OUTPUT/results.csv) and writes\n"
	    "OUTPUT/charts/INDICATOR_PERIOD.FORMAT for every fiscal year.\n\n"
	    COMMON_IO
	    "  -d, --data DIR           folder with organisations.csv and\n"
	    "                           hospitals.csv (default: OUTPUT/sample)\n"
	    "      --organisations FILE, --hospitals FILE  as for qi compute\n"
	    "      --encoding ENC       input CSV encoding: utf-8 (default), cp932\n"
	    "      --results FILE       results to draw\n"
	    COMMON_HISTORY COMMON_CHART
	    "  -h, --help               this help\n" },
	{ "publish", cmd_publish, OPTS_OUTPUT | OPTS_DEFS | OPTS_REGISTRY |
	    OPTS_ENCODING | OPTS_RESULTS | OPTS_HISTORY,
	    "build the organisations' websites from computed results",
	    "usage: qi publish [options]\n"
	    "Reads results.csv (default OUTPUT/results.csv) and writes one\n"
	    "static website per organisation, OUTPUT/site/ORG/ (Japanese) and\n"
	    "OUTPUT/site/ORG/en/ (English), replacing the previous site whole.\n\n"
	    COMMON_IO
	    "  -d, --data DIR           folder with organisations.csv and\n"
	    "                           hospitals.csv (default: OUTPUT/sample)\n"
	    "      --organisations FILE, --hospitals FILE  as for qi compute\n"
	    "      --encoding ENC       input CSV encoding: utf-8 (default), cp932\n"
	    "      --results FILE       results to publish\n"
	    COMMON_HISTORY
	    "      --base-urls          link to the partner site by its url in\n"
	    "                           organisations.csv (default)\n"
	    "      --preview            relative links between the sites, to\n"
	    "                           browse OUTPUT/site/ locally\n"
	    "      --format LIST        chart formats: png (required), pdf, svg\n"
	    "                           (default png,pdf,svg)\n"
	    "  -h, --help               this help\n" },
	{ "export", cmd_export, OPTS_DEFS | OPTS_REGISTRY | OPTS_ENCODING |
	    OPTS_RESULTS, "write the sites' workbook (.xlsx) from results",
	    "usage: qi export --xlsx -o FILE [options]\n"
	    "Reads results.csv as qi publish does (the definitions' publication\n"
	    "thresholds re-applied) and writes the workbook of the websites'\n"
	    "downloads to FILE: a sheet of the definitions, then one sheet per\n"
	    "indicator with the rows of its data/ID.csv.  With --organisation\n"
	    "ORG it is the site's ORG/data/ORG.xlsx byte for byte; without, it\n"
	    "holds every organisation's hospitals.  FILE is written beside\n"
	    "itself and renamed; a symbolic link is refused.\n\n"
	    "      --xlsx               an Excel workbook (the one format)\n"
	    "  -o, --output FILE        the workbook to write (required)\n"
	    "      --organisation ORG   one organisation's workbook (its code)\n"
	    "      --results FILE       results to export (default\n"
	    "                           output/results.csv)\n"
	    "  -i, --indicators DIR     definition files (default: indicators/)\n"
	    "  -d, --data DIR           folder with organisations.csv and\n"
	    "                           hospitals.csv (default: output/sample)\n"
	    "      --organisations FILE, --hospitals FILE  as for qi compute\n"
	    "      --encoding ENC       input CSV encoding: utf-8 (default), cp932\n"
	    "  -h, --help               this help\n" },
	{ "synth", cmd_synth, OPTS_OUTPUT | OPTS_DEFS | OPTS_SEED, "write the synthetic sample data set",
	    "usage: qi synth [options]\n"
	    "Writes organisations.csv, hospitals.csv, counts.csv and the\n"
	    "patient-level stays.csv and events.csv for 172 fictional\n"
	    "hospitals (140 NHO, 32 JOHAS) over FY2023Q1..FY2024Q4 into\n"
	    "OUTPUT/sample/.  The same seed gives the same bytes.\n\n"
	    COMMON_IO
	    "      --seed N             random seed (default 20240401)\n"
	    "  -h, --help               this help\n" },
	{ "merge", cmd_merge, OPTS_OUTPUT | OPTS_DEFS | OPTS_REGISTRY |
	    OPTS_ENCODING | OPTS_FILES, "add tallies files into one",
	    "usage: qi merge [options] FILE... -o OUT\n"
	    "Adds tallies files written by qi compute --tallies-only (e.g. one\n"
	    "per shard of the records) into OUT (a file, OUT/tallies.csv if OUT\n"
	    "is a folder, or stdout with -o -).  Merging shards gives the same\n"
	    "bytes as tallying all records in one run.\n\n"
	    COMMON_IO
	    "  -d, --data DIR           folder with organisations.csv and hospitals.csv\n"
	    "      --organisations FILE, --hospitals FILE  as for qi compute\n"
	    "  -h, --help               this help\n" },
	{ "variants", cmd_variants, OPTS_OUTPUT | OPTS_DEFS | OPTS_REGISTRY |
	    OPTS_ENCODING | OPTS_PATIENT | OPTS_TALLIES | OPTS_COMPARE |
	    OPTS_CHARTS, "how each hospital's rate changes between two variants",
	    "usage: qi variants --indicator ID --from A --to B [options]\n"
	    "For one indicator, each hospital's rate under variant A and under\n"
	    "variant B (\"-\" is the definition as written) and the difference,\n"
	    "as an aligned table on stdout (CSV with -o -), and with -o DIR a\n"
	    "dot-and-arrow chart DIR/charts/ID_A_B.FORMAT.\n\n"
	    COMMON_IO
	    "  -d, --data DIR           folder with the registry and the records\n"
	    COMMON_PATIENT
	    "      --tallies FILE       sums from qi compute --tallies-only\n"
	    "      --from A, --to B     the two variants (\"-\" = as defined)\n"
	    "      --indicator ID       the indicator (required)\n"
	    "      --period P           the period (default: the latest fiscal year)\n"
	    "      --format LIST        chart formats: png,pdf,svg (default png,pdf)\n"
	    "  -h, --help               this help\n" },
	{ "explain", cmd_explain, OPTS_OUTPUT | OPTS_DEFS | OPTS_REGISTRY |
	    OPTS_ENCODING | OPTS_PATIENT | OPTS_SELECT | OPTS_SIDES |
	    OPTS_VARIANT, "list the stays behind one hospital's numerator and "
	    "denominator",
	    "usage: qi explain --hospital H --indicator I [--period P] [options]\n"
	    "Lists each stay of hospital H that indicator I counts in its\n"
	    "denominator (and whether in its numerator) or removes by a named\n"
	    "exclusion, with what it adds to the numerator, denominator and\n"
	    "exposure, then (as a table) the totals of each period, which are\n"
	    "the hospital's counts in results.csv.  Patient-level: written to\n"
	    "standard output or to -o FILE, never into an output folder.\n\n"
	    "      --hospital H         the hospital (required)\n"
	    "      --indicator I        the indicator (required; patient-level)\n"
	    "      --period P           FY2024 or FY2024Q1 (default: every period)\n"
	    "      --variant NAME       the stays of this variant of I\n"
	    "  -o, --output FILE        write to FILE (- or none: standard output);\n"
	    "                           refused inside an output folder\n"
	    "      --as FORMAT          csv (default unless on a terminal) or table\n"
	    "  -i, --indicators DIR     definition files (default: indicators/)\n"
	    "  -d, --data DIR           folder with the registry and the records\n"
	    "                           (default: output/sample)\n"
	    "      --organisations FILE, --hospitals FILE  as for qi compute\n"
	    "      --encoding ENC       input CSV encoding: utf-8 (default), cp932\n"
	    COMMON_PATIENT
	    "  -h, --help               this help\n" },
	{ "compare", cmd_compare, OPTS_OUTPUT | OPTS_DEFS | OPTS_DATA |
	    OPTS_RESULTS | OPTS_SELECT | OPTS_SIDES, "compare organisations or "
	    "hospitals on published results",
	    "usage: qi compare [options]\n"
	    "Compares published results (results.csv) for a fiscal year or\n"
	    "quarter: each organisation against the other (default), a hospital\n"
	    "against the rest of its organisation (--hospital A), or two\n"
	    "hospitals (--hospital A --hospital B).  For each indicator: both\n"
	    "rates, the difference with Newcombe's hybrid score interval, and\n"
	    "the chi-square (with and without Yates' correction) and Fisher\n"
	    "exact tests.  Withheld results are shown as withheld.\n\n"
	    "  -o, --output DIR         folder with results.csv (default: output)\n"
	    "      --results FILE       results to compare\n"
	    "  -i, --indicators DIR     definition files (default: indicators/)\n"
	    "  -d, --data DIR           organisations.csv and hospitals.csv\n"
	    "                           (default: OUTPUT/sample)\n"
	    "      --indicator ID       one indicator (default: all)\n"
	    "      --period P           FY2024 or FY2024Q1 (default: the latest\n"
	    "                           fiscal year)\n"
	    "      --hospital ID        a hospital; give it twice for two\n"
	    "      --level L            confidence level (default 0.95)\n"
	    "      --as FORMAT          table (default), csv or json\n"
	    "  -h, --help               this help\n" },
	{ "stats", cmd_stats, 0, "intervals, comparisons, funnel and control "
	    "limits (CSV on stdin, CSV on stdout)",
	    "usage: qi stats ci [--method M] [--level L] <in.csv >out.csv\n"
	    "       qi stats compare [--level L] <in.csv >out.csv\n"
	    "       qi stats funnel [--target P] [--level L] [--method M]\n"
	    "                       [--od MODEL] <in.csv >out.csv\n"
	    "       qi stats shrink <in.csv >out.csv\n"
	    "       qi stats spc [--chart C] <in.csv >out.csv\n"
	    "ci reads columns x,n (a proportion), x,t (a rate: x events in\n"
	    "exposure t) or o,e (an observed/expected ratio), in any order,\n"
	    "other columns ignored, and writes them back followed by\n"
	    "estimate,lower,upper.  compare reads x1,n1,x2,n2 and writes them\n"
	    "back followed by diff,lower,upper,p_chisq,p_yates,p_fisher.\n"
	    "funnel reads volumes n (patients), t (exposure) or e (expected)\n"
	    "and writes the control limits lower,upper at each; with the\n"
	    "units' counts x (or o) also z and flag, and --od widens the\n"
	    "limits by the units' overdispersion (phi, tau2).  shrink reads\n"
	    "x,n and writes smoothed,reliability (beta-binomial empirical\n"
	    "Bayes).  spc reads x,n or x,t in time order and writes\n"
	    "cl,lower,upper.  Numbers are written with 17 significant digits;\n"
	    "an undefined value is left empty.  If any row is bad, every bad\n"
	    "row is reported and nothing is written.  See specs/statistics.md.\n\n"
	    "      --method M           ci, proportions: wilson (default),\n"
	    "                           wilson-cc, exact, jeffreys,\n"
	    "                           agresti-coull, wald; rates and ratios:\n"
	    "                           hybrid (default), exact, byar;\n"
	    "                           funnel: exact (default), normal, wilson\n"
	    "      --level L            confidence level, 0 < L < 1 (default 0.95)\n"
	    "      --target P           funnel target (default: sum x / sum n,\n"
	    "                           or 1 for O/E ratios)\n"
	    "      --od MODEL           funnel: none (default), multiplicative,\n"
	    "                           additive\n"
	    "      --chart C            spc: p (default for x,n), pp (Laney p'),\n"
	    "                           u (default for x,t), up (Laney u')\n"
	    "  -h, --help               this help\n" },
	{ "help", cmd_help, 0, "show help for qi or one command",
	    "usage: qi help [COMMAND]\n" },
	{ NULL, NULL, 0, NULL, NULL }
};

const struct cmd *
cmd_find(const char *name)
{
	const struct cmd *c;

	for (c = cmds; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

void
cmd_usage(const struct cmd *c, FILE *fp)
{
	fputs(c->usage, fp);
}

static void
usage(FILE *fp)
{
	const struct cmd *c;

	fputs("usage: qi [-h | --version] COMMAND [options]\n"
	    "Clinical quality indicators for NHO and JOHAS hospitals.\n\n"
	    "commands:\n", fp);
	for (c = cmds; c->name != NULL; c++)
		fprintf(fp, "  %-10s %s\n", c->name, c->synopsis);
	fputs("\nqi help COMMAND (or qi COMMAND --help) shows its options; "
	    "man qi for more.\n", fp);
}

static enum qi_err
unknown_command(const char *name)
{
	fprintf(stderr, "qi: unknown command '%s'\n", name);
	usage(stderr);
	return QI_EUSAGE;
}

enum qi_err
cmd_help(int argc, char *argv[], struct qi_diag *diag)
{
	const struct cmd *c;

	(void)diag;
	if (argc < 2) {
		usage(stdout);
		return QI_OK;
	}
	if ((c = cmd_find(argv[1])) == NULL)
		return unknown_command(argv[1]);
	cmd_usage(c, stdout);
	return QI_OK;
}

int
main(int argc, char *argv[])
{
	const struct cmd *c;
	struct qi_diag *diag;
	enum qi_err rc;

	gsl_set_error_handler_off();
	if (argc < 2) {
		usage(stderr);
		return QI_EUSAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("qi %s\n", qi_version());
		return QI_OK;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return QI_OK;
	}
	if ((c = cmd_find(argv[1])) == NULL)
		return unknown_command(argv[1]);
	diag = qi_diag_alloc();
	rc = c->fn(argc - 1, argv + 1, diag);
	fflush(stdout);
	qi_diag_print(diag, stderr);
	qi_diag_free(diag);
	return (int)rc;
}
