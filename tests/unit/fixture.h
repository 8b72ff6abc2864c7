/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fixture.h -- small helpers for unit tests that need files: a fresh
 * temporary directory and files written into it from strings.
 */
#ifndef QI_TEST_FIXTURE_H
#define QI_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

/* A new empty directory under $TMPDIR; g_free() the name. */
static inline char *
fixture_dir(void)
{
	return g_dir_make_tmp("qi-test-XXXXXX", NULL);
}

/* Write n bytes to dir/name; returns the path, to g_free(). */
static inline char *
fixture_bytes(const char *dir, const char *name, const char *bytes,
    size_t n)
{
	char *path = g_build_filename(dir, name, NULL);

	if (!g_file_set_contents(path, bytes, (gssize)n, NULL))
		abort();
	return path;
}

/* Write text to dir/name; returns the path, to g_free(). */
static inline char *
fixture_file(const char *dir, const char *name, const char *text)
{
	return fixture_bytes(dir, name, text, strlen(text));
}

/* Remove dir and the files directly inside it. */
static inline void
fixture_rmdir(char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;

	while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
		char *p = g_build_filename(dir, name, NULL);
		g_remove(p);
		g_free(p);
	}
	if (d != NULL)
		g_dir_close(d);
	g_remove(dir);
	g_free(dir);
}

/* The diagnostics as printed, for assertions on their text; g_free(). */
static inline char *
fixture_diag_text(const struct qi_diag *diag)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	qi_diag_print(diag, fp);
	fclose(fp);
	return buf;
}

/*
 * Load the definitions of dir (with dir/codes/) and the registry of
 * dir/organisations.csv and dir/hospitals.csv.  On a problem, prints
 * the diagnostics and returns -1, a cmocka setup's failure.
 */
static inline int
fixture_load(const char *dir, struct qi_defset **defs,
    struct qi_registry **reg)
{
	struct qi_diag *d = qi_diag_alloc();
	char *o = g_build_filename(dir, "organisations.csv", NULL);
	char *h = g_build_filename(dir, "hospitals.csv", NULL);
	int rc = 0;

	if (qi_defset_load(dir, defs, d) != QI_OK ||
	    qi_registry_load(o, h, NULL, reg, d) != QI_OK) {
		char *text = fixture_diag_text(d);

		fprintf(stderr, "%s", text);
		g_free(text);
		rc = -1;
	}
	qi_diag_free(d);
	g_free(o);
	g_free(h);
	return rc;
}

/*
 * Release what fixture_load() loaded and remove dir/codes/ and dir
 * (g_free()ing the name).
 */
static inline void
fixture_unload(char *dir, struct qi_defset *defs, struct qi_registry *reg)
{
	qi_defset_free(defs);
	qi_registry_free(reg);
	fixture_rmdir(g_build_filename(dir, "codes", NULL));
	fixture_rmdir(dir);
}

#endif
