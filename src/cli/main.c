/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main.c -- qi's entry point: the list of commands (each defined with its
 * options and help in its cmd_NAME.c) and dispatch.  The only place that
 * prints diagnostics and chooses the exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "cmd.h"

static enum qi_err cmd_help(int, char *[], struct qi_diag *);

/* qi help's own entry; the other commands' are in their cmd_NAME.c. */
static const struct cmd cmd_help_def = {
	.name = "help",
	.fn = cmd_help,
	.opts = 0,
	.synopsis = "show help for qi or one command",
	.usage = "usage: qi help [COMMAND]\n"
};

/* The commands in the order "qi help" lists them; NULL ends the list. */
static const struct cmd *const cmds[] = {
	&cmd_run_def,
	&cmd_check_def,
	&cmd_import_def,
	&cmd_compute_def,
	&cmd_render_def,
	&cmd_publish_def,
	&cmd_export_def,
	&cmd_synth_def,
	&cmd_merge_def,
	&cmd_variants_def,
	&cmd_explain_def,
	&cmd_compare_def,
	&cmd_stats_def,
	&cmd_help_def,
	NULL
};

const struct cmd *
cmd_find(const char *name)
{
	const struct cmd *const *c;

	for (c = cmds; *c != NULL; c++)
		if (strcmp((*c)->name, name) == 0)
			return *c;
	return NULL;
}

void
cmd_usage(const struct cmd *c, FILE *fp)
{
	fputs(c->usage, fp);
	if (c->options != NULL)
		fputs(c->options, fp);
}

static void
usage(FILE *fp)
{
	const struct cmd *const *c;

	fputs("usage: qi [-h | --version] COMMAND [options]\n"
	    "Clinical quality indicators for NHO and JOHAS hospitals.\n\n"
	    "commands:\n", fp);
	for (c = cmds; *c != NULL; c++)
		fprintf(fp, "  %-10s %s\n", (*c)->name, (*c)->synopsis);
	fputs("\nevery command:\n"
	    "  -o names where the output goes: a folder, or a file for the\n"
	    "     commands that write one; -o - is standard output\n"
	    "  --as table|csv|json: how compare, explain, variants and stats\n"
	    "     print a table (default: a table on a terminal, else CSV)\n"
	    "  --digits N: significant digits of the numbers they print\n"
	    "     (default: the fewest that read back as the same number)\n"
	    "  an unknown option or a bad value is named, with the usage\n"
	    "\nqi help COMMAND (or qi COMMAND --help) shows its options; "
	    "man qi for more.\n", fp);
}

static enum qi_err
unknown_command(const char *name)
{
	fprintf(stderr, "qi: unknown command '%s'\n", name);
	usage(stderr);
	return QI_EUSAGE;
}

static enum qi_err
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
	const char *trace;
	FILE *tfp = NULL;
	enum qi_err rc;

	qi_stats_init();
	/* For the tests: each analysis computed, a line (analysis.h). */
	if ((trace = getenv("QI_TEST_TRACE_ANALYSES")) != NULL &&
	    (tfp = fopen(trace, "a")) != NULL)
		qi_analysis_trace(tfp);
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
	if (tfp != NULL)
		fclose(tfp);
	return (int)rc;
}
