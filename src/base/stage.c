/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * stage.c -- whole-or-untouched output.
 *
 * A command writes into a hidden staging folder inside its output folder
 * (OUT/.qi-stage-XXXXXX).  At the commit the next version of the whole
 * folder is assembled beside it (PARENT/.OUT.qi-next-XXXXXX): the staged
 * entries are moved in and every other entry of OUT is hard-linked in
 * (copied where links cannot be made), so nothing of the old version is
 * written to.  One renameat2(RENAME_EXCHANGE) then swaps the two folders:
 * a reader, a web server or a killed run sees the old folder or the new
 * one, never a mixture.  The old version, now at the hidden name, is
 * removed.
 *
 * The output folder is locked (flock) from the first file a command puts
 * in it until the command exits, so a second run into the same folder is
 * refused instead of mixing its outputs with the first's.  What a killed
 * run left (staging and temporary folders, a next version) is removed by
 * the next run that takes the lock, and reported.  SIGINT, SIGTERM and
 * SIGHUP remove the staging and temporary folders before the process
 * dies; they are held off during the swap itself.
 *
 * No link is ever followed when removing or replacing: an output entry
 * that is a symbolic link and would be replaced is refused, whole.
 *
 * Fault injection for the tests: QI_TEST_KILL_AT=N in the environment
 * kills the process (SIGKILL) at the N-th step of staging and commit.
 */
#define _GNU_SOURCE	/* renameat2, syncfs, getdents64 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "base.h"

struct qi_stage {
	char	*dir;	/* final destination, its real path */
	char	*tmp;	/* DIR/.qi-stage-XXXXXX */
};

#define STAGE_PREFIX	".qi-stage-"
#define TMP_PREFIX	".qi-tmp-"
#define NEXT_INFIX	".qi-next-"

/*
 * The output folder this process holds locked: one at a time, taken by
 * the first user (a stage, a temporary folder) and released by the last.
 */
static struct {
	char	*dir;	/* its real path, or NULL */
	int	 fd;	/* open on it, flock()ed */
	int	 users;
	int	 created;	/* the lock made it: removed at the last unlock
				   if nothing was written into it */
} held = { NULL, -1, 0, 0 };

/* ------------------------------------------------- faults, for the tests */

static void
step(void)
{
	static long at = -1, n;
	const char *s;

	if (at == -1)
		at = (s = getenv("QI_TEST_KILL_AT")) != NULL ? atol(s) : 0;
	if (at > 0 && ++n == at)
		raise(SIGKILL);
}

/* ------------------------------------------------------------- removal */

/*
 * Remove name (relative to the folder dfd) and, if it is a folder,
 * everything under it, never following a link: a link is removed, not
 * what it points to.  0 when it is gone.  Only async-signal-safe calls,
 * so that the signal handler can use it too.
 */
static int
remove_at(int dfd, const char *name)
{
	char buf[2048];
	struct dirent64 *e;
	ssize_t n, off;
	int fd, seen, gone;

	if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return -1;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1)
		return -1;
	/* Entries removed while reading may be skipped: read again. */
	do {
		seen = gone = 0;
		(void)lseek(fd, 0, SEEK_SET);
		while ((n = getdents64(fd, buf, sizeof(buf))) > 0)
			for (off = 0; off < n; off += e->d_reclen) {
				e = (struct dirent64 *)(void *)(buf + off);
				if (strcmp(e->d_name, ".") == 0 ||
				    strcmp(e->d_name, "..") == 0)
					continue;
				seen++;
				gone += remove_at(fd, e->d_name) == 0;
			}
	} while (seen > 0 && gone > 0);
	close(fd);
	return unlinkat(dfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT ?
	    0 : -1;
}

void
qi_remove_tree(const char *path)
{
	(void)remove_at(AT_FDCWD, path);
}

/* ------------------------------------------------ cleanup on a signal */

/*
 * Folders removed if the process is stopped by a signal: fixed slots, so
 * that the handler needs no allocation.  Changed with the signals held.
 */
#define NCLEAN	8
static char		 cleanup_path[NCLEAN][PATH_MAX];
static volatile sig_atomic_t cleanup_used[NCLEAN];
static const int	 cleanup_sigs[] = { SIGINT, SIGTERM, SIGHUP };

static void
on_signal(int sig)
{
	int i;

	for (i = 0; i < NCLEAN; i++)
		if (cleanup_used[i])
			(void)remove_at(AT_FDCWD, cleanup_path[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
signals_hold(sigset_t *old)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < G_N_ELEMENTS(cleanup_sigs); i++)
		sigaddset(&set, cleanup_sigs[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

static void
signals_release(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

void
qi_cleanup_add(const char *path)
{
	static int installed;
	struct sigaction sa;
	sigset_t old;
	size_t i;

	signals_hold(&old);
	if (!installed) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		for (i = 0; i < G_N_ELEMENTS(cleanup_sigs); i++)
			sigaction(cleanup_sigs[i], &sa, NULL);
		installed = 1;
	}
	for (i = 0; i < NCLEAN; i++)
		if (!cleanup_used[i] && strlen(path) < PATH_MAX) {
			strcpy(cleanup_path[i], path);
			cleanup_used[i] = 1;
			break;
		}
	signals_release(&old);
}

void
qi_cleanup_remove(const char *path)
{
	sigset_t old;
	size_t i;

	signals_hold(&old);
	for (i = 0; i < NCLEAN; i++)
		if (cleanup_used[i] && strcmp(cleanup_path[i], path) == 0)
			cleanup_used[i] = 0;
	signals_release(&old);
}

/* ---------------------------------------------------------------- lock */

/* PARENT and the name of dir, whose real path it is. */
static void
split(const char *dir, char **parent, char **base)
{
	*parent = g_path_get_dirname(dir);
	*base = g_path_get_basename(dir);
}

/* Remove the entries of dir whose names begin with p1 or p2, warning. */
static void
sweep_in(const char *dir, const char *p1, const char *p2,
    struct qi_diag *diag)
{
	const char *name;
	char *p;
	GDir *d;
	int fd;

	if ((d = g_dir_open(dir, 0, NULL)) == NULL)
		return;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		while ((name = g_dir_read_name(d)) != NULL)
			if (g_str_has_prefix(name, p1) ||
			    (p2 != NULL && g_str_has_prefix(name, p2))) {
				p = g_build_filename(dir, name, NULL);
				qi_diag_add(diag, QI_WARNING, p, 0, 0, NULL,
				    "removed: left by a run that was "
				    "stopped");
				(void)remove_at(fd, name);
				g_free(p);
			}
		close(fd);
	}
	g_dir_close(d);
}

/*
 * Remove what a killed run left in the output folder (staging and
 * temporary folders) and beside it (a next version, or an old one the
 * swap left), with a warning each.
 */
static void
sweep(const char *dir, struct qi_diag *diag)
{
	char *parent, *base, *next;

	sweep_in(dir, STAGE_PREFIX, TMP_PREFIX, diag);
	split(dir, &parent, &base);
	next = g_strdup_printf(".%s" NEXT_INFIX, base);
	sweep_in(parent, next, NULL, diag);
	g_free(next);
	g_free(parent);
	g_free(base);
}

/* Two opens of one file. */
static int
same_file(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/*
 * A run stopped inside a two-rename swap (file systems without
 * RENAME_EXCHANGE) may have left the output folder missing and its last
 * version at PARENT/.OUT.qi-next-XXXXXX.old: put it back.
 */
static void
restore(const char *dir, struct qi_diag *diag)
{
	char *parent, *base, *next, *p;
	const char *name;
	GDir *d;

	if (g_file_test(dir, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
		return;
	split(dir, &parent, &base);
	next = g_strdup_printf(".%s" NEXT_INFIX, base);
	if ((d = g_dir_open(parent, 0, NULL)) != NULL) {
		while ((name = g_dir_read_name(d)) != NULL)
			if (g_str_has_prefix(name, next) &&
			    g_str_has_suffix(name, ".old")) {
				p = g_build_filename(parent, name, NULL);
				if (g_rename(p, dir) == 0)
					qi_diag_add(diag, QI_WARNING, dir, 0,
					    0, NULL, "put back from %s, where "
					    "a run that was stopped left it",
					    name);
				g_free(p);
				break;
			}
		g_dir_close(d);
	}
	g_free(next);
	g_free(parent);
	g_free(base);
}

enum qi_err
qi_output_lock(const char *dir, struct qi_diag *diag)
{
	char *real;
	int fd, tries, created;

	restore(dir, diag);
	created = !g_file_test(dir, G_FILE_TEST_EXISTS);
	if (g_mkdir_with_parents(dir, 0777) == -1) {
		qi_diag_add(diag, QI_ERROR, dir, 0, 0, "check that the "
		    "folder above it exists and is writable",
		    "cannot create the output folder: %s", g_strerror(errno));
		return QI_ESYS;
	}
	if ((real = realpath(dir, NULL)) == NULL) {
		qi_diag_add(diag, QI_ERROR, dir, 0, 0, NULL,
		    "cannot open the output folder: %s", g_strerror(errno));
		return QI_ESYS;
	}
	if (held.dir != NULL) {
		if (strcmp(held.dir, real) != 0) {
			qi_diag_add(diag, QI_ERROR, dir, 0, 0, NULL,
			    "a second output folder in one run (%s was "
			    "the first)", held.dir);
			free(real);
			return QI_ESYS;
		}
		free(real);
		held.users++;
		return QI_OK;
	}
	/* The folder's version may be swapped while we wait: lock again. */
	for (tries = 0; tries < 100; tries++) {
		if ((fd = open(real, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
		    -1) {
			qi_diag_add(diag, QI_ERROR, dir, 0, 0, NULL,
			    "cannot open the output folder: %s",
			    g_strerror(errno));
			free(real);
			return QI_ESYS;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
			qi_diag_add(diag, QI_ERROR, dir, 0, 0, "wait for it "
			    "to finish, or give another -o",
			    "another qi is writing to this output folder");
			close(fd);
			free(real);
			return QI_ESYS;
		}
		if (same_file(fd, real))
			break;
		close(fd);
		fd = -1;
	}
	if (fd == -1) {
		qi_diag_add(diag, QI_ERROR, dir, 0, 0, NULL,
		    "the output folder keeps changing");
		free(real);
		return QI_ESYS;
	}
	held.dir = g_strdup(real);
	held.fd = fd;
	held.users = 1;
	held.created = created;
	free(real);
	sweep(held.dir, diag);
	return QI_OK;
}

void
qi_output_unlock(void)
{
	if (held.users == 0 || --held.users > 0)
		return;
	close(held.fd);
	held.fd = -1;
	/* a run that failed before writing leaves no folder behind */
	if (held.created)
		(void)g_rmdir(held.dir);
	g_free(held.dir);
	held.dir = NULL;
}

/* --------------------------------------------------------------- stage */

enum qi_err
qi_stage_open(const char *dir, struct qi_stage **out, struct qi_diag *diag)
{
	struct qi_stage *s;
	enum qi_err rc;

	*out = NULL;
	if ((rc = qi_output_lock(dir, diag)) != QI_OK)
		return rc;
	s = g_new0(struct qi_stage, 1);
	s->dir = g_strdup(held.dir);
	s->tmp = g_build_filename(held.dir, STAGE_PREFIX "XXXXXX", NULL);
	step();
	if (g_mkdtemp(s->tmp) == NULL) {
		qi_diag_add(diag, QI_ERROR, dir, 0, 0, "check that the "
		    "output folder is writable",
		    "cannot create a staging folder: %s", g_strerror(errno));
		g_free(s->tmp);
		g_free(s->dir);
		g_free(s);
		qi_output_unlock();
		return QI_ESYS;
	}
	qi_cleanup_add(s->tmp);
	*out = s;
	return QI_OK;
}

const char *
qi_stage_path(const struct qi_stage *s)
{
	return s->tmp;
}

/* A copy of the regular file name from sfd into dfd. */
static int
copy_file(int sfd, int dfd, const char *name, mode_t mode)
{
	char buf[65536];
	ssize_t n = 0;
	int in, out, rc = -1;

	if ((in = openat(sfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	if ((out = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    mode & 07777)) != -1) {
		while ((n = read(in, buf, sizeof(buf))) > 0)
			if (write(out, buf, (size_t)n) != n) {
				n = -1;
				break;
			}
		rc = close(out) == 0 && n == 0 ? 0 : -1;
	}
	close(in);
	return rc;
}

static enum qi_err fill(int, int, const char *, int, int, struct qi_diag *);

/* fill() of the folders name in sfd and in dfd, merging. */
static enum qi_err
fill_sub(int sfd, int dfd, const char *name, const char *path,
    struct qi_diag *diag)
{
	int s2, d2;
	enum qi_err rc;

	s2 = openat(sfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	d2 = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (s2 == -1 || d2 == -1) {
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "cannot open: %s", g_strerror(errno));
		rc = QI_ESYS;
	} else
		rc = fill(s2, d2, path, 1, 0, diag);
	if (s2 != -1)
		close(s2);
	if (d2 != -1)
		close(d2);
	return rc;
}

/* An old entry at path is a link the run would replace. */
static enum qi_err
refuse_link(const char *path, struct qi_diag *diag)
{
	qi_diag_add(diag, QI_ERROR, path, 0, 0, "point -o at the real folder, "
	    "or copy the outputs where they are to go after the run",
	    "is a symbolic link: qi replaces its outputs and never writes "
	    "through a link");
	return QI_ESYS;
}

/*
 * Put every entry of the folder sfd that the folder dfd lacks into dfd:
 * files (and links, as links) hard-linked, folders made anew and filled
 * the same way when merge is set or dfd has no namesake.  A namesake in
 * dfd (what the run staged) wins; one that is a link in sfd is refused.
 * skip_own leaves out qi's own staging and temporary folders.
 */
static enum qi_err
fill(int sfd, int dfd, const char *path, int merge, int skip_own,
    struct qi_diag *diag)
{
	struct stat ss, ds;
	struct dirent *e;
	DIR *d;
	char *p;
	int fd;
	enum qi_err rc = QI_OK;

	if ((fd = dup(sfd)) == -1 || (d = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "cannot read: %s", g_strerror(errno));
		return QI_ESYS;
	}
	rewinddir(d);
	while (rc == QI_OK && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (skip_own && (g_str_has_prefix(e->d_name, STAGE_PREFIX) ||
		    g_str_has_prefix(e->d_name, TMP_PREFIX)))
			continue;
		p = g_build_filename(path, e->d_name, NULL);
		if (fstatat(sfd, e->d_name, &ss, AT_SYMLINK_NOFOLLOW) == -1) {
			qi_diag_add(diag, QI_ERROR, p, 0, 0, NULL,
			    "cannot read: %s", g_strerror(errno));
			rc = QI_ESYS;
		} else if (fstatat(dfd, e->d_name, &ds, AT_SYMLINK_NOFOLLOW) ==
		    0) {
			/* staged anew: the run's version wins */
			if (S_ISLNK(ss.st_mode))
				rc = refuse_link(p, diag);
			else if (merge && S_ISDIR(ss.st_mode) &&
			    S_ISDIR(ds.st_mode))
				rc = fill_sub(sfd, dfd, e->d_name, p, diag);
		} else if (S_ISDIR(ss.st_mode)) {
			if (mkdirat(dfd, e->d_name, ss.st_mode & 07777) == -1) {
				qi_diag_add(diag, QI_ERROR, p, 0, 0, NULL,
				    "cannot copy: %s", g_strerror(errno));
				rc = QI_ESYS;
			} else
				rc = fill_sub(sfd, dfd, e->d_name, p, diag);
		} else if (linkat(sfd, e->d_name, dfd, e->d_name, 0) == -1 &&
		    (!S_ISREG(ss.st_mode) ||
		    copy_file(sfd, dfd, e->d_name, ss.st_mode) == -1)) {
			qi_diag_add(diag, QI_ERROR, p, 0, 0, NULL,
			    "cannot copy: %s", g_strerror(errno));
			rc = QI_ESYS;
		}
		g_free(p);
	}
	closedir(d);
	return rc;
}

/* Move every entry of the folder from into the empty folder to. */
static enum qi_err
move_all(const char *from, int tfd, const char *to, struct qi_diag *diag)
{
	const char *name;
	char *p;
	GDir *d;
	int ffd;
	enum qi_err rc = QI_OK;

	if ((d = g_dir_open(from, 0, NULL)) == NULL ||
	    (ffd = open(from, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		qi_diag_add(diag, QI_ERROR, from, 0, 0, NULL,
		    "cannot read: %s", g_strerror(errno));
		if (d != NULL)
			g_dir_close(d);
		return QI_ESYS;
	}
	while (rc == QI_OK && (name = g_dir_read_name(d)) != NULL) {
		step();
		if (renameat(ffd, name, tfd, name) == -1) {
			p = g_build_filename(to, name, NULL);
			qi_diag_add(diag, QI_ERROR, p, 0, 0, NULL,
			    "cannot move into place: %s", g_strerror(errno));
			g_free(p);
			rc = QI_ESYS;
		}
	}
	close(ffd);
	g_dir_close(d);
	return rc;
}

/*
 * Swap the folders a and b of the folder pfd: atomically where the file
 * system can, else by two renames (a run killed between them leaves a at
 * the hidden name b, which the next run removes).
 */
static int
swap(int pfd, const char *a, const char *b)
{
	char *aside;
	int rc;

	if (renameat2(pfd, a, pfd, b, RENAME_EXCHANGE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return -1;
	aside = g_strdup_printf("%s.old", a);
	rc = renameat(pfd, b, pfd, aside) == 0 &&
	    renameat(pfd, a, pfd, b) == 0 &&
	    renameat(pfd, aside, pfd, a) == 0 ? 0 : -1;
	g_free(aside);
	return rc;
}

/*
 * Can the folder dir (a real path) be swapped whole with a folder beside
 * it?  Not when the current folder is in it (the shell that started qi
 * would be left in a removed folder), nor when it is a mount point or on
 * another file system than its parent (a container's volume, say), where
 * no rename can cross.
 */
static int
swappable(const char *dir, const char *parent)
{
	struct statx sx;
	struct stat a, b;
	char *cwd = g_get_current_dir();
	size_t n = strlen(dir);
	int in;

	in = strncmp(cwd, dir, n) == 0 && (cwd[n] == '\0' || cwd[n] == '/' ||
	    strcmp(dir, "/") == 0);
	g_free(cwd);
	if (in || stat(dir, &a) == -1 || stat(parent, &b) == -1 ||
	    a.st_dev != b.st_dev)
		return 0;
	if (statx(AT_FDCWD, dir, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS,
	    &sx) == 0 && (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) &&
	    (sx.stx_attributes & STATX_ATTR_MOUNT_ROOT))
		return 0;
	return 1;
}

/*
 * The commit entry by entry, when the folder cannot be swapped whole:
 * each staged entry (a merged folder made whole first) is exchanged with
 * its namesake, atomically each, and the old ones removed.  A run
 * stopped in between leaves some entries new, the rest old.
 */
static enum qi_err
commit_in_place(struct qi_stage *s, enum qi_stage_mode mode,
    struct qi_diag *diag)
{
	struct stat ss, os;
	GPtrArray *names;
	const char *name;
	char *p, *aside;
	GDir *d;
	int tfd;
	size_t i;
	enum qi_err rc = QI_OK;

	if ((tfd = open(s->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    (d = g_dir_open(s->tmp, 0, NULL)) == NULL) {
		qi_diag_add(diag, QI_ERROR, s->tmp, 0, 0, NULL,
		    "cannot read: %s", g_strerror(errno));
		if (tfd != -1)
			close(tfd);
		return QI_ESYS;
	}
	names = g_ptr_array_new_with_free_func(g_free);
	while ((name = g_dir_read_name(d)) != NULL)
		g_ptr_array_add(names, g_strdup(name));
	g_dir_close(d);
	/* Every check and merge first: a refusal changes nothing. */
	for (i = 0; i < names->len && rc == QI_OK; i++) {
		name = g_ptr_array_index(names, i);
		if (fstatat(held.fd, name, &os, AT_SYMLINK_NOFOLLOW) == -1)
			continue;
		p = g_build_filename(s->dir, name, NULL);
		if (S_ISLNK(os.st_mode))
			rc = refuse_link(p, diag);
		else if (mode == QI_STAGE_MERGE && S_ISDIR(os.st_mode) &&
		    fstatat(tfd, name, &ss, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISDIR(ss.st_mode))
			rc = fill_sub(held.fd, tfd, name, p, diag);
		g_free(p);
	}
	for (i = 0; i < names->len && rc == QI_OK; i++) {
		name = g_ptr_array_index(names, i);
		step();
		if (renameat2(tfd, name, held.fd, name, RENAME_EXCHANGE) == 0)
			continue;	/* the old one is in the stage now */
		if (errno == ENOENT && renameat(tfd, name, held.fd, name) == 0)
			continue;
		/* no exchange here: the old one aside, the new one in */
		aside = g_strdup_printf("%s.old", name);
		if (errno != ENOENT && renameat(held.fd, name, tfd, aside) == 0 &&
		    renameat(tfd, name, held.fd, name) == 0) {
			g_free(aside);
			continue;
		}
		g_free(aside);
		p = g_build_filename(s->dir, name, NULL);
		qi_diag_add(diag, QI_ERROR, p, 0, 0, NULL,
		    "cannot put in place: %s", g_strerror(errno));
		g_free(p);
		rc = QI_ESYS;
	}
	g_ptr_array_free(names, TRUE);
	close(tfd);
	return rc;
}

enum qi_err
qi_stage_commit(struct qi_stage *s, enum qi_stage_mode mode,
    struct qi_diag *diag)
{
	char *parent, *base, *next, *nname;
	int pfd = -1, nfd = -1, e;
	sigset_t old;
	enum qi_err rc = QI_ESYS;

	split(s->dir, &parent, &base);
	next = g_strdup_printf("%s/.%s" NEXT_INFIX "XXXXXX", parent, base);
	nname = NULL;
	step();
	/* Swapped whole, unless it cannot be or nothing can go beside it. */
	if (!swappable(s->dir, parent) ||
	    (pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    g_mkdtemp(next) == NULL) {
		e = errno;
		g_free(next);
		next = NULL;
		if (pfd == -1 || e == EACCES || e == EPERM || e == EROFS) {
			signals_hold(&old);
			rc = commit_in_place(s, mode, diag);
			signals_release(&old);
			goto out;
		}
		qi_diag_add(diag, QI_ERROR, s->dir, 0, 0, NULL,
		    "cannot create the next version beside it: %s",
		    g_strerror(e));
		goto out;
	}
	qi_cleanup_add(next);
	nname = g_path_get_basename(next);
	if ((nfd = open(next, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    flock(nfd, LOCK_EX | LOCK_NB) == -1) {
		qi_diag_add(diag, QI_ERROR, next, 0, 0, NULL,
		    "cannot open: %s", g_strerror(errno));
		goto out;
	}
	if ((rc = move_all(s->tmp, nfd, next, diag)) != QI_OK)
		goto out;
	step();
	if ((rc = fill(held.fd, nfd, s->dir, mode == QI_STAGE_MERGE, 1,
	    diag)) != QI_OK)
		goto out;
	/* On disk before it is in place. */
	step();
	(void)syncfs(nfd);

	signals_hold(&old);
	step();
	if (swap(pfd, nname, base) == -1) {
		qi_diag_add(diag, QI_ERROR, s->dir, 0, 0, NULL,
		    "cannot put the new version in place: %s",
		    g_strerror(errno));
		signals_release(&old);
		rc = QI_ESYS;
		goto out;
	}
	step();
	(void)fsync(pfd);
	/* The lock moves with the version now in place. */
	close(held.fd);
	held.fd = nfd;
	nfd = -1;
	qi_cleanup_remove(s->tmp);
	signals_release(&old);
	rc = QI_OK;
out:
	step();
	if (next != NULL) {
		(void)remove_at(pfd, nname);	/* the old version, or unused */
		qi_cleanup_remove(next);
	}
	if (nfd != -1)
		close(nfd);
	if (pfd != -1)
		close(pfd);
	qi_remove_tree(s->tmp);	/* gone with the old version, or not used */
	qi_cleanup_remove(s->tmp);
	g_free(nname);
	g_free(next);
	g_free(parent);
	g_free(base);
	g_free(s->tmp);
	g_free(s->dir);
	g_free(s);
	qi_output_unlock();
	return rc;
}

void
qi_stage_abort(struct qi_stage *s)
{
	if (s == NULL)
		return;
	qi_remove_tree(s->tmp);
	qi_cleanup_remove(s->tmp);
	g_free(s->tmp);
	g_free(s->dir);
	g_free(s);
	qi_output_unlock();
}

/*
 * A new temporary folder: inside the output folder (created if need be,
 * and locked until qi_tmpdir_remove()) when there is one, so that
 * nothing outside it is touched, else in the system's temporary folder
 * (qi check).  Removed should qi be stopped by a signal.  NULL on failure
 * (recorded).
 */
char *
qi_tmpdir(const char *output, struct qi_diag *diag)
{
	char *t, *dir;

	if (output != NULL && strcmp(output, "-") != 0) {
		if (qi_output_lock(output, diag) != QI_OK)
			return NULL;
		t = g_build_filename(output, ".qi-tmp-XXXXXX", NULL);
		if ((dir = g_mkdtemp(t)) == NULL) {
			g_free(t);
			qi_output_unlock();
		}
	} else
		dir = g_dir_make_tmp("qi-tmp-XXXXXX", NULL);
	if (dir == NULL)
		qi_diag_add(diag, QI_ERROR, output, 0, 0, NULL, "cannot create "
		    "a temporary folder: %s", g_strerror(errno));
	else
		qi_cleanup_add(dir);
	return dir;
}

/*
 * A new file beside target, created exclusively (never through a link
 * planted at its name) with a unique name in *tmp (to g_free()), for
 * writing and then renaming over target.  NULL on failure (recorded).
 */
FILE *
qi_create_beside(const char *target, char **tmp, struct qi_diag *diag)
{
	char *dir = g_path_get_dirname(target),
	    *base = g_path_get_basename(target), *name;
	FILE *fp = NULL;
	int fd = -1;

	*tmp = NULL;
	if (g_file_test(target, G_FILE_TEST_IS_SYMLINK)) {
		qi_diag_add(diag, QI_ERROR, target, 0, 0, "give the real "
		    "file's path, or copy the output there after the run",
		    "is a symbolic link: qi replaces its outputs and never "
		    "writes through a link");
		g_free(dir);
		g_free(base);
		return NULL;
	}
	name = g_strdup_printf(".%s.qi-XXXXXX", base);
	*tmp = g_build_filename(dir, name, NULL);
	if ((fd = g_mkstemp_full(*tmp, O_WRONLY | O_CLOEXEC, 0666)) == -1 ||
	    (fp = fdopen(fd, "w")) == NULL) {
		qi_diag_add(diag, QI_ERROR, target, 0, 0, NULL,
		    "cannot create a file beside it: %s", g_strerror(errno));
		if (fd != -1) {
			close(fd);
			g_remove(*tmp);
		}
	}
	g_free(dir);
	g_free(base);
	g_free(name);
	return fp;
}

/* Remove a temporary folder of qi_tmpdir() and all in it; frees dir. */
void
qi_tmpdir_remove(char *dir)
{
	char *base;

	if (dir == NULL)
		return;
	qi_remove_tree(dir);
	qi_cleanup_remove(dir);
	base = g_path_get_basename(dir);
	if (base[0] == '.')	/* .qi-tmp-*: one in an output folder */
		qi_output_unlock();
	g_free(base);
	g_free(dir);
}
