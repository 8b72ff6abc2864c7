/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_stage.c -- all-or-nothing output: nothing appears before commit,
 * an abort leaves the last good outputs untouched, a commit replaces
 * files and whole directories.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "qi.h"
#include "fixture.h"

static char *
slurp(const char *dir, const char *name)
{
	char *p = g_build_filename(dir, name, NULL), *text = NULL;

	g_file_get_contents(p, &text, NULL, NULL);
	g_free(p);
	return text;
}

static void
write_in(const char *dir, const char *name, const char *text)
{
	g_free(fixture_file(dir, name, text));
}

static void
rm_rf(const char *dir)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	g_free(cmd);
}

static void
test_stage_abort_keeps_last_good_output(void **state)
{
	struct qi_stage *s;
	char *dir = fixture_dir(), *t;

	(void)state;
	write_in(dir, "results.csv", "old\n");
	assert_int_equal(qi_stage_open(dir, &s, NULL), QI_OK);
	write_in(qi_stage_path(s), "results.csv", "new, half-writ");
	t = slurp(dir, "results.csv");
	assert_string_equal(t, "old\n");	/* nothing visible yet */
	g_free(t);
	qi_stage_abort(s);
	t = slurp(dir, "results.csv");
	assert_string_equal(t, "old\n");
	g_free(t);
	/* the staging directory is gone */
	{
		GDir *d = g_dir_open(dir, 0, NULL);
		assert_string_equal(g_dir_read_name(d), "results.csv");
		assert_null(g_dir_read_name(d));
		g_dir_close(d);
	}
	fixture_rmdir(dir);
}

static void
test_stage_commit_replaces_files_and_directories(void **state)
{
	struct qi_stage *s;
	char *dir = fixture_dir(), *sub, *t;
	GDir *d;
	const char *name;
	int entries = 0;

	(void)state;
	sub = g_build_filename(dir, "charts", NULL);
	g_mkdir(sub, 0777);
	write_in(sub, "stale.png", "x");
	write_in(dir, "results.csv", "old\n");
	write_in(dir, "keep.txt", "mine\n");
	g_free(sub);

	assert_int_equal(qi_stage_open(dir, &s, NULL), QI_OK);
	write_in(qi_stage_path(s), "results.csv", "new\n");
	sub = g_build_filename(qi_stage_path(s), "charts", NULL);
	g_mkdir(sub, 0777);
	write_in(sub, "a.png", "y");
	g_free(sub);
	assert_int_equal(qi_stage_commit(s, QI_STAGE_REPLACE, NULL), QI_OK);

	t = slurp(dir, "results.csv");
	assert_string_equal(t, "new\n");
	g_free(t);
	t = slurp(dir, "keep.txt");	/* files the run did not write stay */
	assert_string_equal(t, "mine\n");
	g_free(t);
	t = slurp(dir, "charts/a.png");
	assert_string_equal(t, "y");
	g_free(t);
	assert_null(slurp(dir, "charts/stale.png"));
	/* no staging or old directories left behind */
	d = g_dir_open(dir, 0, NULL);
	while ((name = g_dir_read_name(d)) != NULL) {
		assert_false(g_str_has_prefix(name, ".qi-stage"));
		entries++;
	}
	g_dir_close(d);
	assert_int_equal(entries, 3);
	rm_rf(dir);
	g_free(dir);
}

/* Drawing one chart must not delete the others. */
static void
test_stage_merge_keeps_other_files_of_a_directory(void **state)
{
	struct qi_stage *s;
	char *dir = fixture_dir(), *sub, *t;

	(void)state;
	sub = g_build_filename(dir, "charts", NULL);
	g_mkdir(sub, 0777);
	write_in(sub, "a.png", "old a");
	write_in(sub, "b.png", "old b");
	g_free(sub);
	assert_int_equal(qi_stage_open(dir, &s, NULL), QI_OK);
	sub = g_build_filename(qi_stage_path(s), "charts", NULL);
	g_mkdir(sub, 0777);
	write_in(sub, "a.png", "new a");
	g_free(sub);
	assert_int_equal(qi_stage_commit(s, QI_STAGE_MERGE, NULL), QI_OK);
	t = slurp(dir, "charts/a.png");
	assert_string_equal(t, "new a");
	g_free(t);
	t = slurp(dir, "charts/b.png");
	assert_string_equal(t, "old b");
	g_free(t);
	rm_rf(dir);
	g_free(dir);
}

/*
 * From inside the output folder (qi run -o .) the folder is not swapped,
 * which would strand the shell in a removed folder: entries are put in
 * place one by one, merged as from outside.
 */
static void
test_stage_commit_from_inside_the_output_keeps_the_folder(void **state)
{
	struct qi_stage *s;
	struct stat before, after;
	char *dir = fixture_dir(), *sub, *t, *cwd = g_get_current_dir();

	(void)state;
	sub = g_build_filename(dir, "charts", NULL);
	g_mkdir(sub, 0777);
	write_in(sub, "a.png", "old a");
	write_in(sub, "b.png", "old b");
	g_free(sub);
	write_in(dir, "results.csv", "old\n");
	assert_int_equal(stat(dir, &before), 0);
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(qi_stage_open(".", &s, NULL), QI_OK);
	sub = g_build_filename(qi_stage_path(s), "charts", NULL);
	g_mkdir(sub, 0777);
	write_in(sub, "a.png", "new a");
	g_free(sub);
	write_in(qi_stage_path(s), "results.csv", "new\n");
	assert_int_equal(qi_stage_commit(s, QI_STAGE_MERGE, NULL), QI_OK);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(stat(dir, &after), 0);
	assert_true(before.st_ino == after.st_ino);
	t = slurp(dir, "charts/a.png");
	assert_string_equal(t, "new a");
	g_free(t);
	t = slurp(dir, "charts/b.png");
	assert_string_equal(t, "old b");
	g_free(t);
	t = slurp(dir, "results.csv");
	assert_string_equal(t, "new\n");
	g_free(t);
	rm_rf(dir);
	g_free(dir);
	g_free(cwd);
}

/* From outside, the folder is swapped whole: a new folder, all there. */
static void
test_stage_commit_swaps_the_whole_folder(void **state)
{
	struct qi_stage *s;
	struct stat before, after;
	char *dir = fixture_dir(), *t;

	(void)state;
	write_in(dir, "keep.txt", "mine\n");
	assert_int_equal(stat(dir, &before), 0);
	assert_int_equal(qi_stage_open(dir, &s, NULL), QI_OK);
	write_in(qi_stage_path(s), "results.csv", "new\n");
	assert_int_equal(qi_stage_commit(s, QI_STAGE_REPLACE, NULL), QI_OK);
	assert_int_equal(stat(dir, &after), 0);
	assert_true(before.st_ino != after.st_ino);
	t = slurp(dir, "keep.txt");
	assert_string_equal(t, "mine\n");
	g_free(t);
	t = slurp(dir, "results.csv");
	assert_string_equal(t, "new\n");
	g_free(t);
	rm_rf(dir);
	g_free(dir);
}

static void
test_stage_unwritable_directory_is_a_system_error(void **state)
{
	struct qi_stage *s;
	struct qi_diag *d = qi_diag_alloc();

	(void)state;
	assert_int_equal(qi_stage_open("/proc/qi-cannot-exist", &s, d),
	    QI_ESYS);
	assert_null(s);
	assert_int_equal(qi_diag_count(d, QI_ERROR), 1);
	qi_diag_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stage_abort_keeps_last_good_output),
		cmocka_unit_test(test_stage_commit_replaces_files_and_directories),
		cmocka_unit_test(test_stage_merge_keeps_other_files_of_a_directory),
		cmocka_unit_test(test_stage_commit_from_inside_the_output_keeps_the_folder),
		cmocka_unit_test(test_stage_commit_swaps_the_whole_folder),
		cmocka_unit_test(test_stage_unwritable_directory_is_a_system_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
