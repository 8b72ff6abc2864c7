/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_check.c -- qi check: validate definitions (with their expressions
 * and code lists) and, when data is given, every row of every input
 * file -- registry, counts, stays and events, the records read and
 * evaluated as qi compute reads and evaluates them -- without writing
 * anything.  Files named as operands are checked by their kind: a .yaml
 * file is one definition, with the code lists of its folder; a CSV file
 * stands for the file of its kind in --data; DPC files (FF1_*, EFn_*,
 * FF4_*) named stand for the folder's records.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cmd.h"
#include "cmd_usage.h"
#include "codelist.h"
#include "dpc.h"
#include "engine.h"
#include "instream.h"

/* What an operand is. */
enum kind {
	K_DEF, K_ORGS, K_HOSPS, K_COUNTS, K_STAYS, K_EVENTS, K_ITEMS, K_DPC,
	K_UNKNOWN
};

/*
 * The columns that tell a CSV file's kind when its name does not: the
 * first entry whose two columns are both in the header.
 */
static const struct {
	const char	*name;		/* start of the file's base name */
	const char	*col[2];	/* ... or these two header columns */
	enum kind	 kind;
} kinds[] = {
	{ "stays", { "stay", "admission" }, K_STAYS },
	{ "items", { "seq", "code" }, K_ITEMS },
	{ "events", { "stay", "code" }, K_EVENTS },
	{ "counts", { "numerator", "denominator" }, K_COUNTS },
	{ "organisations", { "code", "url" }, K_ORGS },
	{ "hospitals", { "id", "org" }, K_HOSPS },
};

/*
 * The header line of path (BOM and line end removed; read decompressed),
 * or NULL.  Only a regular file is looked into: a pipe is read once, by
 * the reader.
 */
static char *
header_line(const char *path)
{
	struct qi_instream *in;
	char buf[4096], *s;
	long n;

	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR) ||
	    qi_instream_open(path, &in, NULL) != QI_OK)
		return NULL;
	n = qi_instream_read(in, buf, sizeof(buf) - 1);
	qi_instream_free(in);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	s = strncmp(buf, "\xEF\xBB\xBF", 3) == 0 ? buf + 3 : buf;
	s[strcspn(s, "\r\n")] = '\0';
	return g_strdup(s);
}

/* Whether the header line h has column name (comma or tab separated). */
static int
has_column(char *const *cols, const char *name)
{
	size_t i;

	for (i = 0; cols[i] != NULL; i++)
		if (strcmp(g_strstrip(cols[i]), name) == 0)
			return 1;
	return 0;
}

/*
 * Whether base names a DPC file as submitted: FF1_*, EFn_* or FF4_*,
 * .txt, .txt.gz or .txt.zst, in any case (as qi_dpc_files() finds them).
 */
static int
dpc_name(const char *base)
{
	char *l = g_ascii_strdown(base, -1);
	int yes;

	yes = (g_str_has_prefix(l, "ff1_") || g_str_has_prefix(l, "efn_") ||
	    g_str_has_prefix(l, "ff4_")) && (g_str_has_suffix(l, ".txt") ||
	    g_str_has_suffix(l, ".txt.gz") || g_str_has_suffix(l, ".txt.zst"));
	g_free(l);
	return yes;
}

/*
 * The kind of an operand: .yaml; a DPC file by its name; a CSV by its
 * name, else by its header.
 */
static enum kind
kind_of(const char *path)
{
	char *base = g_path_get_basename(path), *h;
	gchar **cols;
	enum kind k = K_UNKNOWN;
	size_t i;

	if (g_str_has_suffix(base, ".yaml") || g_str_has_suffix(base, ".yml"))
		k = K_DEF;
	else if (dpc_name(base))
		k = K_DPC;
	for (i = 0; k == K_UNKNOWN && i < G_N_ELEMENTS(kinds); i++)
		if (g_str_has_prefix(base, kinds[i].name))
			k = kinds[i].kind;
	g_free(base);
	if (k != K_UNKNOWN || (h = header_line(path)) == NULL)
		return k;
	cols = g_strsplit_set(h, ",\t", -1);
	for (i = 0; k == K_UNKNOWN && i < G_N_ELEMENTS(kinds); i++)
		if (has_column(cols, kinds[i].col[0]) &&
		    has_column(cols, kinds[i].col[1]))
			k = kinds[i].kind;
	g_strfreev(cols);
	g_free(h);
	return k;
}

/*
 * One definition file on its own, with the code lists of its folder (or,
 * if it has none, of the definitions folder defsdir): loaded from a
 * scratch folder that links to both, its diagnostics naming the real
 * paths.
 */
static enum qi_err
check_definition(const char *path, const char *defsdir, struct qi_diag *diag)
{
	struct qi_defset *defs = NULL;
	char *tmp, *abs = NULL, *dir, *codes, *abscodes = NULL;
	char *lpath = NULL, *lcodes = NULL, *stem;
	GError *gerr = NULL;
	enum qi_err rc = QI_ESYS;

	stem = g_path_get_basename(path);
	stem[strcspn(stem, ".")] = '\0';	/* the loader reads ID.yaml */
	dir = g_path_get_dirname(path);
	codes = g_build_filename(dir, "codes", NULL);
	if (!g_file_test(codes, G_FILE_TEST_IS_DIR)) {
		g_free(codes);
		codes = g_build_filename(defsdir, "codes", NULL);
	}
	if ((tmp = g_dir_make_tmp("qi-check-XXXXXX", &gerr)) == NULL) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, NULL, "cannot create a "
		    "scratch folder: %s", gerr->message);
		g_error_free(gerr);
		goto out;
	}
	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL, "cannot open: %s",
		    g_strerror(ENOENT));
		rc = QI_EINPUT;
		goto out;
	}
	abs = g_canonicalize_filename(path, NULL);
	abscodes = g_canonicalize_filename(codes, NULL);
	lpath = g_strdup_printf("%s/%s.yaml", tmp, stem);
	lcodes = g_build_filename(tmp, "codes", NULL);
	if (symlink(abs, lpath) == -1 || (g_file_test(codes,
	    G_FILE_TEST_IS_DIR) && symlink(abscodes, lcodes) == -1)) {
		qi_diag_add(diag, QI_ERROR, tmp, 0, 0, NULL, "cannot link: %s",
		    g_strerror(errno));
		goto out;
	}
	rc = qi_defset_load(tmp, &defs, diag);
	qi_diag_reroot(diag, lpath, path);
	qi_diag_reroot(diag, lcodes, codes);
	if (rc == QI_OK)
		printf("%s: definition '%s' (version %ld) ok\n", path,
		    defs->v[0].id, defs->v[0].version);
out:
	qi_defset_free(defs);
	if (tmp != NULL) {
		if (lpath != NULL)
			g_unlink(lpath);
		if (lcodes != NULL)
			g_unlink(lcodes);
		g_rmdir(tmp);
	}
	g_free(tmp);
	g_free(abs);
	g_free(abscodes);
	g_free(lpath);
	g_free(lcodes);
	g_free(codes);
	g_free(dir);
	g_free(stem);
	return rc;
}

/* Replace *slot (owned) with a copy of path. */
static void
take(char **slot, const char *path)
{
	g_free(*slot);
	*slot = g_strdup(path);
}

/* A data folder's file if it is there, else NULL (owned). */
static char *
beside(const char *data, const char *name)
{
	char *p;

	if (data == NULL)
		return NULL;
	p = g_build_filename(data, name, NULL);
	if (g_file_test(p, G_FILE_TEST_EXISTS))
		return p;
	g_free(p);
	return NULL;
}

/*
 * The operands: definitions checked now, each on its own; CSV files put
 * in the place of the data folder's file of their kind.  *ncsv counts
 * them.
 */
static enum qi_err
operands(struct opts *o, size_t *ncsv, struct qi_diag *diag)
{
	char **slot[K_UNKNOWN] = {	/* where each kind of CSV goes */
		[K_ORGS] = &o->orgs, [K_HOSPS] = &o->hosps,
		[K_COUNTS] = &o->counts, [K_STAYS] = &o->stays,
		[K_EVENTS] = &o->events, [K_ITEMS] = &o->items
	};
	unsigned given = 0;	/* bit (1 << kind) for each CSV operand */
	GPtrArray *dpc = g_ptr_array_new_with_free_func(g_free);
	enum qi_err rc = QI_OK, r;
	enum kind k;
	char *p;
	int i;

	*ncsv = 0;
	for (i = 0; i < o->nfiles; i++) {
		const char *f = o->files[i];

		if (!g_file_test(f, G_FILE_TEST_EXISTS)) {
			qi_diag_add(diag, QI_ERROR, f, 0, 0, "name a definition "
			    "(ID.yaml) or a data file to check", "no such file");
			rc = QI_EUSAGE;
			continue;
		}
		if ((k = kind_of(f)) == K_DEF) {
			if ((r = check_definition(f, o->indicators, diag)) > rc)
				rc = r;
			continue;
		}
		if (k == K_UNKNOWN) {
			qi_diag_add(diag, QI_ERROR, f, 0, 0, "a definition is "
			    "ID.yaml; a CSV file is named organisations, "
			    "hospitals, counts, stays, events or items (e.g. "
			    "stays_2024.csv), or has their header; a DPC file "
			    "FF1_*, EFn_* or FF4_*.txt; a pipe is given with "
			    "--stays, --events, --counts",
			    "cannot tell what kind of file this is");
			rc = QI_EUSAGE > rc ? QI_EUSAGE : rc;
			continue;
		}
		if (k == K_DPC)
			g_ptr_array_add(dpc, g_strdup(f));
		else
			take(slot[k], f);
		given |= 1u << k;
		(*ncsv)++;
	}
	/* DPC files named stand for the data folder's records */
	if (dpc->len > 0) {
		g_strfreev(o->dpc);
		g_ptr_array_add(dpc, NULL);
		o->dpc = (char **)g_ptr_array_free(dpc, FALSE);
		take(&o->stays, NULL);
		take(&o->events, NULL);
		take(&o->items, NULL);
		if (o->drugs == NULL && o->data != NULL)
			o->drugs = qi_dpc_drug_master(o->data);
	} else
		g_ptr_array_free(dpc, TRUE);
	if (*ncsv == 0)
		return rc;
	/* Without --data the registry must be among the operands. */
	if (o->sample && (given & ((1u << K_ORGS) | (1u << K_HOSPS))) !=
	    ((1u << K_ORGS) | (1u << K_HOSPS))) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "give --data DIR with "
		    "organisations.csv and hospitals.csv, or name both files",
		    "a data file is checked against the registry");
		return QI_EUSAGE;
	}
	if (o->sample) {
		/* nothing of the sample stands in for what was not named */
		if (!(given & (1u << K_COUNTS)))
			take(&o->counts, NULL);
		if (!(given & (1u << K_STAYS)))
			take(&o->stays, NULL);
		if (!(given & (1u << K_EVENTS)))
			take(&o->events, NULL);
		if (!(given & (1u << K_ITEMS)))
			take(&o->items, NULL);
		if (!(given & (1u << K_DPC))) {
			g_strfreev(o->dpc);
			o->dpc = NULL;
			take(&o->drugs, NULL);
		}
		o->sample = 0;
	}
	/* Named records stand for the data folder's DPC files too. */
	if (given & ((1u << K_STAYS) | (1u << K_EVENTS))) {
		g_strfreev(o->dpc);
		o->dpc = NULL;
		take(&o->drugs, NULL);
	}
	/* A stays file is read with its events: those of --data if any. */
	if ((given & (1u << K_STAYS)) && !(given & (1u << K_EVENTS)) &&
	    o->events == NULL) {
		o->events = beside(o->data, "events.csv");
	}
	if ((given & (1u << K_STAYS)) && !(given & (1u << K_ITEMS)) &&
	    o->items == NULL)
		o->items = beside(o->data, "items.csv");
	if ((given & (1u << K_ITEMS)) && o->stays == NULL) {
		qi_diag_add(diag, QI_ERROR, o->items, 0, 0, "name the stays "
		    "file too, or give --data DIR that holds it",
		    "items are checked with their stays");
		return QI_EUSAGE;
	}
	if ((given & (1u << K_EVENTS)) && o->stays == NULL) {
		qi_diag_add(diag, QI_ERROR, o->events, 0, 0, "name the stays "
		    "file too, or give --data DIR that holds it",
		    "events are checked with their stays");
		return QI_EUSAGE;
	}
	/* counts.csv of --data only if it is there (the records replace it) */
	if ((given & ((1u << K_STAYS) | (1u << K_EVENTS) | (1u << K_DPC))) &&
	    !(given & (1u << K_COUNTS))) {
		p = beside(o->data, "counts.csv");
		take(&o->counts, p);
		o->counts_beside = p != NULL;
		g_free(p);
	}
	return rc;
}

enum qi_err
cmd_check(int argc, char *argv[], struct qi_diag *diag)
{
	struct opts o;
	struct qi_inputs in;
	struct qi_census *census = NULL;
	enum qi_err rc;
	size_t ncsv;

	memset(&in, 0, sizeof(in));
	if ((rc = opts_parse(&cmd_check_def, argc, argv, &o)) != QI_OK ||
	    o.help)
		goto out;
	if ((rc = operands(&o, &ncsv, diag)) != QI_OK ||
	    (o.nfiles > 0 && ncsv == 0))
		goto out;	/* definitions named: those only */
	if (o.sample) {
		/* Definitions only. */
		if ((rc = qi_defset_load(o.indicators, &in.defs, diag)) ==
		    QI_OK)
			printf("%s: %zu definitions ok\n", o.indicators,
			    in.defs->n);
		goto out;
	}
	/*
	 * Every row of every file, the records evaluated as qi compute
	 * evaluates them; nothing is written, so no manifest is hashed.
	 */
	o.tallies_only = 1;
	census = qi_census_new();
	qi_engine_census_default(census);
	qi_registry_warn_urls(1);
	rc = inputs_load(&o, &in, diag);
	qi_registry_warn_urls(0);
	qi_engine_census_default(NULL);
	if (rc != QI_OK)
		goto out;
	/* Diagnosis list entries shorter than the data's codes. */
	qi_codeset_census_warn(in.defs->codes, census, diag);
	printf("%s: %zu definitions ok\n", o.indicators, in.defs->n);
	printf("%s: %zu organisations ok\n", o.orgs, in.reg->norgs);
	printf("%s: %zu hospitals ok\n", o.hosps, in.reg->nhosps);
	if (o.counts != NULL)
		printf("%s: ok\n", o.counts);
	if (o.stays != NULL)
		printf("%s%s%s%s%s: %ld stays (%ld events), every row ok\n",
		    o.stays, o.events != NULL ? ", " : "",
		    o.events != NULL ? o.events : "", o.items != NULL ?
		    ", " : "", o.items != NULL ? o.items : "", in.stays,
		    in.events);
	if (o.dpc != NULL)
		printf("%s: %lu DPC files ok: %ld stays, %lu events that the "
		    "definitions use\n", o.data, in.dpc_files, in.stays,
		    in.dpc_events);
out:
	qi_census_free(census);
	qi_inputs_free(&in);
	opts_free(&o);
	return rc;
}

/* qi check's entry in the command table (main.c): its options and help. */
const struct cmd cmd_check_def = {
	.name = "check",
	.fn = cmd_check,
	.opts = OPTS_DEFS | OPTS_REGISTRY | OPTS_COUNTS | OPTS_ENCODING |
	    OPTS_PATIENT | OPTS_FILES,
	.synopsis = "validate definitions and input files",
	.usage =
	    "usage: qi check [options] [FILE...]\n"
	    "Checks every definition file, its expressions and code lists and,\n"
	    "when data is given, every row of the organisations, hospitals,\n"
	    "counts, stays and events files; reports every problem with\n"
	    "file:line:col and writes nothing.  Each FILE is checked by its\n"
	    "kind: ID.yaml is one definition (with its folder's code lists),\n"
	    "a CSV file (by its name, e.g. stays_2024.csv, or its header)\n"
	    "stands for the file of its kind in --data, and DPC files\n"
	    "(FF1_*, EFn_*, FF4_*.txt) for the folder's records.\n\n"
	    COMMON_DEFS
	    COMMON_DATA
	    COMMON_PATIENT
	    "  -h, --help               this help\n"
};
