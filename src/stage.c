/*
 * stage.c -- all-or-nothing output.  A command writes into a hidden
 * staging directory beside its outputs; only when everything has been
 * written are the entries moved into place, each by rename(2), so a
 * failed run never leaves half an output nor damages the last good one.
 * A directory entry (e.g. charts/) replaces the old one as a whole, or is
 * merged into it when a command wrote only part of it.
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

/* The names in a directory, sorted; NULL (recorded) if unreadable. */
static GPtrArray *
list_dir(const char *path, struct qi_diag *diag)
{
	GPtrArray *names;
	GError *gerr = NULL;
	GDir *d;
	const char *name;

	if ((d = g_dir_open(path, 0, &gerr)) == NULL) {
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL, "%s",
		    gerr->message);
		g_error_free(gerr);
		return NULL;
	}
	names = g_ptr_array_new_with_free_func(g_free);
	while ((name = g_dir_read_name(d)) != NULL)
		g_ptr_array_add(names, g_strdup(name));
	g_dir_close(d);
	g_ptr_array_sort(names, cmp_str);
	return names;
}

static int
is_dir(const char *path)
{
	return g_file_test(path, G_FILE_TEST_IS_DIR) &&
	    !g_file_test(path, G_FILE_TEST_IS_SYMLINK);
}

/*
 * Move every entry of from/ into to/.  A file replaces its old version
 * atomically.  A directory is swapped whole (old one renamed aside under
 * trash, new one renamed in, old one removed) or, when merging, its
 * entries are moved into the existing one the same way.
 */
static enum qi_err
move_entries(const char *from, const char *to, const char *trash,
    enum qi_stage_mode mode, struct qi_diag *diag)
{
	GPtrArray *names;
	const char *name;
	char *src, *dst, *old;
	enum qi_err rc = QI_OK;
	size_t i;

	if ((names = list_dir(from, diag)) == NULL)
		return QI_ESYS;
	for (i = 0; i < names->len && rc == QI_OK; i++) {
		name = g_ptr_array_index(names, i);
		src = g_build_filename(from, name, NULL);
		dst = g_build_filename(to, name, NULL);
		old = NULL;
		if (is_dir(src) && is_dir(dst) && mode == QI_STAGE_MERGE) {
			rc = move_entries(src, dst, trash, mode, diag);
			goto next;
		}
		if (is_dir(src) && g_file_test(dst, G_FILE_TEST_EXISTS)) {
			old = g_strdup_printf("%s.old-%s-%zu", trash, name, i);
			if (g_rename(dst, old) == -1) {
				qi_diag_add(diag, QI_ERROR, dst, 0, 0, NULL,
				    "cannot replace: %s", strerror(errno));
				rc = QI_ESYS;
				goto next;
			}
		}
		if (g_rename(src, dst) == -1) {
			qi_diag_add(diag, QI_ERROR, dst, 0, 0, NULL,
			    "cannot write: %s", strerror(errno));
			rc = QI_ESYS;
			if (old != NULL)
				g_rename(old, dst);	/* put it back */
		} else if (old != NULL)
			remove_tree(old);
next:
		g_free(old);
		g_free(src);
		g_free(dst);
	}
	g_ptr_array_free(names, TRUE);
	return rc;
}

enum qi_err
qi_stage_commit(struct qi_stage *s, enum qi_stage_mode mode,
    struct qi_diag *diag)
{
	enum qi_err rc;

	rc = move_entries(s->tmp, s->dir, s->tmp, mode, diag);
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
