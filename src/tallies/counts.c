/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * counts.c -- aggregated input: one row per hospital x indicator x period
 * with a numerator and a denominator (specs/input.md), read into tallies.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "csvread.h"
#include "tallies.h"

enum { C_HOSP, C_IND, C_PERIOD, C_NUM, C_DEN, C_VERSION };
static const struct qi_csvcol count_cols[] = {
	{ "hospital", 1 }, { "indicator", 1 }, { "period", 1 },
	{ "numerator", 1 }, { "denominator", 1 }, { "version", 0 }
};

/*
 * A count: a whole number from 0 to QI_COUNT_MAX.  Records an error and
 * returns -1 if not.
 */
static long
count(struct qi_csv *c, const char *const *f, size_t col, const char *what)
{
	long v;

	return qi_csv_count(c, f, col, what, QI_COUNT_MAX, &v) == 0 ? v : -1;
}

enum qi_err
qi_counts_load(const char *path, const char *encoding,
    const struct qi_registry *reg, const struct qi_defset *defs,
    struct qi_tallies **out, struct qi_diag *diag)
{
	struct qi_csvcfg cfg;
	struct qi_csv *c;
	const char *const *f;
	struct qi_tally t;
	GArray *v;
	GHashTable *seen;
	char label[16], *key;
	long h, ind, ver;
	size_t errors;
	int rc;

	*out = NULL;
	qi_csvcfg_defaults(&cfg);
	cfg.encoding = encoding;
	if ((c = qi_csv_open(path, count_cols, G_N_ELEMENTS(count_cols), &cfg,
	    diag)) == NULL)
		return QI_EINPUT;
	v = g_array_new(FALSE, FALSE, sizeof(struct qi_tally));
	seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	while ((rc = qi_csv_next(c, &f)) == 1) {
		memset(&t, 0, sizeof(t));
		if ((h = qi_registry_hospital(reg, f[C_HOSP])) < 0) {
			qi_csv_error(c, C_HOSP, "hospitals.csv lists the "
			    "known hospital ids", "unknown hospital '%s'",
			    f[C_HOSP]);
			continue;
		}
		if ((ind = qi_defset_find(defs, f[C_IND])) < 0) {
			qi_csv_error(c, C_IND, "each indicator needs a "
			    "definition file indicators/ID.yaml",
			    "unknown indicator '%s'", f[C_IND]);
			continue;
		}
		if (qi_period_parse(f[C_PERIOD], &t.period) == -1) {
			qi_csv_error(c, C_PERIOD, "write FY2024Q1 (April-June "
			    "2024), FY2024, or a date such as 2024-05-31",
			    "bad period '%s'", f[C_PERIOD]);
			continue;
		}
		if (f[C_VERSION] != NULL && *f[C_VERSION] != '\0') {
			if (qi_field_count(f[C_VERSION], &ver) == -1) {
				qi_csv_error(c, C_VERSION, "the definition's "
				    "version number, e.g. 1", "bad version "
				    "'%s'", f[C_VERSION]);
				continue;
			}
			if (ver != defs->v[ind].version) {
				qi_csv_error(c, C_VERSION, "recompute the "
				    "counts with the current definition; "
				    "versions are never pooled", "counts for "
				    "version %s of '%s', but the definition "
				    "is version %ld", f[C_VERSION], f[C_IND],
				    defs->v[ind].version);
				continue;
			}
		}
		if (defs->v[ind].has_effective &&
		    qi_period_cmp(t.period, defs->v[ind].effective) < 0) {
			char from[16];

			qi_period_format(defs->v[ind].effective, from,
			    sizeof(from));
			qi_csv_error(c, C_PERIOD, "counts of earlier periods "
			    "were made by the earlier version: join that "
			    "version's published results.csv with --history",
			    "counts for %s, but version %ld of '%s' applies "
			    "from %s", f[C_PERIOD], defs->v[ind].version,
			    f[C_IND], from);
			continue;
		}
		if ((t.numerator = count(c, f, C_NUM, "numerator")) < 0 ||
		    (t.denominator = count(c, f, C_DEN, "denominator")) < 0)
			continue;
		if (t.numerator > t.denominator) {
			qi_csv_error(c, C_NUM, "the numerator counts cases "
			    "within the denominator", "numerator %ld exceeds "
			    "denominator %ld", t.numerator, t.denominator);
			continue;
		}
		qi_period_format(t.period, label, sizeof(label));
		key = g_strdup_printf("%s\t%s\t%s", label, f[C_HOSP],
		    f[C_IND]);
		if (g_hash_table_contains(seen, key)) {
			qi_csv_error(c, C_PERIOD, "one row per hospital, "
			    "indicator and period", "second row for %s, %s, "
			    "%s", f[C_HOSP], f[C_IND], label);
			g_free(key);
			continue;
		}
		g_hash_table_add(seen, key);
		t.hospital = (size_t)h;
		t.indicator = (size_t)ind;
		g_array_append_val(v, t);
	}
	errors = qi_csv_errors(c);
	qi_csv_close(c);
	g_hash_table_destroy(seen);
	if (rc < 0 || errors > 0) {
		g_array_free(v, TRUE);
		return rc < 0 ? QI_ESYS : QI_EINPUT;
	}
	*out = g_new0(struct qi_tallies, 1);
	(*out)->n = v->len;
	(*out)->v = (struct qi_tally *)(void *)g_array_free(v, FALSE);
	return QI_OK;
}

void
qi_tallies_free(struct qi_tallies *t)
{
	if (t == NULL)
		return;
	g_free(t->v);
	g_free(t->pat);
	g_free(t);
}
