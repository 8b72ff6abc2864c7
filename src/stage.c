/*
 * stage.c -- all-or-nothing output.  A command writes into a hidden
 * staging directory beside its outputs; only when everything has been
 * written are the entries moved into place, each by rename(2), so a
 * failed run never leaves half an output nor damages the last good one.
 * A directory entry (e.g. charts/) replaces the old one as a whole.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "qi.h"

struct qi_stage {
	char	*dir;	/* final destination */
	char	*tmp;	/* DIR/.qi-stage-XXXXXX */
};

/* Remove a tree; errors are ignored (best effort cleanup). */
static void
remove_tree(const char *path)
{
	GDir *d;
	const char *name;
	char *p;

	if ((d = g_dir_open(path, 0, NULL)) != NULL) {
		while ((name = g_dir_read_name(d)) != NULL) {
			p = g_build_filename(path, name, NULL);
			if (g_file_test(p, G_FILE_TEST_IS_DIR) &&
			    !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
				remove_tree(p);
			else
				g_unlink(p);
			g_free(p);
		}
		g_dir_close(d);
	}
	g_remove(path);
}

enum qi_err
qi_stage_open(const char *dir, struct qi_stage **out, struct qi_diag *diag)
{
	struct qi_stage *s;

	*out = NULL;
	if (g_mkdir_with_parents(dir, 0777) == -1) {
		qi_diag_add(diag, QI_ERROR, dir, 0, 0, NULL,
		    "cannot create output directory: %s", strerror(errno));
		return QI_ESYS;
	}
	s = g_new0(struct qi_stage, 1);
	s->dir = g_strdup(dir);
	s->tmp = g_build_filename(dir, ".qi-stage-XXXXXX", NULL);
	if (g_mkdtemp(s->tmp) == NULL) {
		qi_diag_add(diag, QI_ERROR, dir, 0, 0, "check that the "
		    "output directory is writable",
		    "cannot create a staging directory: %s", strerror(errno));
		g_free(s->tmp);
		g_free(s->dir);
		g_free(s);
		return QI_ESYS;
	}
	*out = s;
	return QI_OK;
}

const char *
qi_stage_path(const struct qi_stage *s)
{
	return s->tmp;
}

static gint
cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Move every staged entry into place.  A file replaces its old version
 * atomically; a directory is swapped: the old one is renamed aside, the
 * new one renamed in, then the old one removed.
 */
enum qi_err
qi_stage_commit(struct qi_stage *s, struct qi_diag *diag)
{
	GPtrArray *names;
	GDir *d;
	GError *gerr = NULL;
	const char *name;
	char *from, *to, *old;
	enum qi_err rc = QI_OK;
	size_t i;

	if ((d = g_dir_open(s->tmp, 0, &gerr)) == NULL) {
		qi_diag_add(diag, QI_ERROR, s->tmp, 0, 0, NULL, "%s",
		    gerr->message);
		g_error_free(gerr);
		qi_stage_abort(s);
		return QI_ESYS;
	}
	names = g_ptr_array_new_with_free_func(g_free);
	while ((name = g_dir_read_name(d)) != NULL)
		g_ptr_array_add(names, g_strdup(name));
	g_dir_close(d);
	g_ptr_array_sort(names, cmp_str);

	for (i = 0; i < names->len && rc == QI_OK; i++) {
		name = g_ptr_array_index(names, i);
		from = g_build_filename(s->tmp, name, NULL);
		to = g_build_filename(s->dir, name, NULL);
		old = NULL;
		if (g_file_test(from, G_FILE_TEST_IS_DIR) &&
		    g_file_test(to, G_FILE_TEST_EXISTS)) {
			old = g_strconcat(s->tmp, ".old-", name, NULL);
			if (g_rename(to, old) == -1) {
				qi_diag_add(diag, QI_ERROR, to, 0, 0, NULL,
				    "cannot replace: %s", strerror(errno));
				rc = QI_ESYS;
			}
		}
		if (rc == QI_OK && g_rename(from, to) == -1) {
			qi_diag_add(diag, QI_ERROR, to, 0, 0, NULL,
			    "cannot write: %s", strerror(errno));
			rc = QI_ESYS;
			if (old != NULL)
				g_rename(old, to);	/* put it back */
		} else if (old != NULL)
			remove_tree(old);
		g_free(old);
		g_free(from);
		g_free(to);
	}
	g_ptr_array_free(names, TRUE);
	remove_tree(s->tmp);
	g_free(s->tmp);
	g_free(s->dir);
	g_free(s);
	return rc;
}

void
qi_stage_abort(struct qi_stage *s)
{
	if (s == NULL)
		return;
	remove_tree(s->tmp);
	g_free(s->tmp);
	g_free(s->dir);
	g_free(s);
}
