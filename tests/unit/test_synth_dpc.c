/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_synth_dpc.c -- unit tests of the DPC writer of the synthetic
 * sample (src/pipeline/synth_dpc.c): facility codes of 9 digits, unique, with
 * leading zeros kept; a small sample's files named and laid out as the
 * DPC files are (17 FF1 and 31 EF columns, the EF title row, CRLF,
 * CP932 that is not UTF-8); the stays of FF1 as many as stays.csv's;
 * a write that fails is an error naming the file.  The round trip to
 * stays.csv and events.csv is tests/cli/synth_dpc_round_trip.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "qi.h"
#include "synth_stays.h"
#include "fixture.h"

#define SEED	20240401UL

static void
facility_codes_unique_and_padded(void **state)
{
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	const char *regions[] = { "北海道東北", "関東信越", "東海北陸", "近畿",
	    "中国四国", "九州" };
	char id[8], fac[16];
	int k, r, zero = 0;

	(void)state;
	for (k = 0; k < 172; k++) {
		snprintf(id, sizeof(id), "%c%03d", k < 140 ? 'N' : 'R',
		    k < 140 ? k + 1 : k - 139);
		r = k % 6;
		qi_synth_facility_code(id, regions[r], fac, sizeof(fac));
		assert_int_equal(strlen(fac), 9);
		assert_int_equal(strspn(fac, "0123456789"), 9);
		assert_true((fac[0] - '0') * 10 + fac[1] - '0' >= 1 &&
		    (fac[0] - '0') * 10 + fac[1] - '0' <= 47);
		zero += fac[0] == '0';
		assert_false(g_hash_table_contains(seen, fac));
		g_hash_table_add(seen, g_strdup(fac));
	}
	assert_true(zero > 0);		/* Hokkaido-Tohoku: 01..07 */
	g_hash_table_destroy(seen);
}

/* Count lines of the file at path; checks CRLF and the column count. */
static size_t
check_file(const char *path, size_t ncol, int title)
{
	char *raw, *text, **lines;
	gsize n;
	size_t i, nl = 0;

	assert_true(g_file_get_contents(path, &raw, &n, NULL));
	assert_true(n >= 2 && raw[n - 2] == '\r' && raw[n - 1] == '\n');
	for (i = 0; i < n; i++)
		if (raw[i] == '\n')
			assert_true(i > 0 && raw[i - 1] == '\r');
	if (g_utf8_validate(raw, (gssize)n, NULL))
		text = g_strndup(raw, n);
	else
		text = g_convert(raw, (gssize)n, "UTF-8", "CP932", NULL, NULL,
		    NULL);
	assert_non_null(text);
	lines = g_strsplit(text, "\r\n", -1);
	for (i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++) {
		char **f = g_strsplit(lines[i], "\t", -1);

		assert_int_equal(g_strv_length(f), ncol);
		if (i == 0 && title)
			assert_string_equal(f[1], "データ識別番号");
		else if (strcmp(f[0], "施設コード") != 0)
			nl++;
		g_strfreev(f);
	}
	g_strfreev(lines);
	g_free(text);
	g_free(raw);
	return nl;
}

static void
small_sample_laid_out(void **state)
{
	struct qi_synth_stays_cfg cfg;
	struct qi_diag *diag = qi_diag_alloc();
	char *dir = fixture_dir(), *csv = fixture_dir(), *p, *text;
	GDir *d;
	const char *name;
	size_t nff1 = 0, nef = 0, nff4 = 0, stays = 0, ff1rows = 0;
	GHashTable *keys = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);

	(void)state;
	assert_int_equal(qi_synth_write(dir, NULL, SEED, diag), QI_OK);
	assert_int_equal(qi_synth_write(csv, NULL, SEED, diag), QI_OK);
	qi_synth_stays_cfg_default(&cfg);
	cfg.stays = 2000;
	assert_int_equal(qi_synth_dpc_write(dir, &cfg, diag), QI_OK);
	assert_int_equal(qi_synth_stays_write(csv, &cfg, diag), QI_OK);
	assert_int_equal(qi_diag_count(diag, QI_ERROR), 0);

	d = g_dir_open(dir, 0, NULL);
	assert_non_null(d);
	while ((name = g_dir_read_name(d)) != NULL) {
		p = g_build_filename(dir, name, NULL);
		if (g_str_has_prefix(name, "FF1_")) {
			nff1++;
			ff1rows += check_file(p, 17, 0);
			/* the stays: one A000010 row each */
			assert_true(g_file_get_contents(p, &text, NULL, NULL));
			/* (統括診療情報番号 0, the parent) */
			for (char *c = text; (c = strstr(c, "\t0\tA000010\t"))
			    != NULL; c++)
				stays++;
			g_free(text);
		} else if (g_str_has_prefix(name, "EFn_")) {
			nef++;
			check_file(p, 31, 1);
		} else if (g_str_has_prefix(name, "FF4_")) {
			nff4++;
			check_file(p, 6, 0);
		} else
			assert_true(strcmp(name, "drug_master.csv") == 0 ||
			    g_str_has_suffix(name, ".csv"));
		if (name[0] == 'F' || name[0] == 'E') {
			assert_int_equal(strlen(name), 3 + 1 + 9 + 1 + 4 + 4);
			g_hash_table_add(keys, g_strndup(name + 4, 9));
		}
		g_free(p);
	}
	g_dir_close(d);
	assert_true(nff1 > 100 && nef >= nff1 && nff4 == nff1);
	assert_true(ff1rows > 10 * stays);
	assert_int_equal(g_hash_table_size(keys), 172);

	/* As many stays as stays.csv has rows. */
	p = g_build_filename(csv, "stays.csv", NULL);
	assert_true(g_file_get_contents(p, &text, NULL, NULL));
	{
		size_t n = 0;

		for (char *c = text; *c != '\0'; c++)
			n += *c == '\n';
		assert_int_equal(stays, n - 1);
	}
	g_free(text);
	g_free(p);
	g_hash_table_destroy(keys);
	fixture_rmdir(dir);
	fixture_rmdir(csv);
	qi_diag_free(diag);
}

/*
 * The sample written with a folder where file name would go: QI_ESYS and
 * one error, naming the file.
 */
static void
write_fails_at(const char *name, unsigned long long stays)
{
	struct qi_synth_stays_cfg cfg;
	struct qi_diag *diag = qi_diag_alloc();
	char *dir = fixture_dir(), *msg, *p, *want;

	assert_int_equal(qi_synth_write(dir, NULL, SEED, diag), QI_OK);
	p = g_build_filename(dir, name, NULL);
	assert_int_equal(g_mkdir(p, 0755), 0);
	qi_synth_stays_cfg_default(&cfg);
	cfg.stays = stays;
	assert_int_equal(qi_synth_dpc_write(dir, &cfg, diag), QI_ESYS);
	assert_int_equal(qi_diag_count(diag, QI_ERROR), 1);
	msg = fixture_diag_text(diag);
	want = g_strconcat(name, ": error: cannot write", NULL);
	assert_non_null(strstr(msg, want));
	g_free(want);
	free(msg);
	g_rmdir(p);
	g_free(p);
	fixture_rmdir(dir);
	qi_diag_free(diag);
}

/* drug_master.csv, written last. */
static void
write_error_is_reported(void **state)
{
	(void)state;
	write_fails_at("drug_master.csv", 500);
}

/* A month's 様式1 file, mid-way. */
static void
ff1_write_error_is_reported(void **state)
{
	char fac[16], name[64];

	(void)state;
	qi_synth_facility_code("N001", "北海道東北", fac, sizeof(fac));
	snprintf(name, sizeof(name), "FF1_%s_2304.txt", fac);
	write_fails_at(name, 20000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(facility_codes_unique_and_padded),
		cmocka_unit_test(small_sample_laid_out),
		cmocka_unit_test(write_error_is_reported),
		cmocka_unit_test(ff1_write_error_is_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
