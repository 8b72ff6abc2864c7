/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_synth_stays.c -- unit tests of the synthetic patient-level sample
 * (src/pipeline/synth_stays.c): same seed same bytes, byte-order sorting of both
 * files, every field inside its domain, every shipped code list present,
 * and hospitals that really differ.
 *
 * The registry comes from qi_synth_write() as in qi synth; the stays are
 * written at a small scale (about 30,000) to keep the test fast.  The
 * generator writes no quoted fields, so rows are split on commas.
 */
#include <math.h>
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

#define SEED		20240401UL
#define SCALE		0.25
#define NSTAYCOL	27

/* Column positions in stays.csv, in the order the generator writes. */
enum {
	C_HOSP, C_STAY, C_PAT, C_ADM, C_DIS, C_AGE, C_SEX, C_EMERG, C_AMB,
	C_DXMAIN, C_DXTRIG, C_DXRES, C_COM, C_COMPL, C_OUTCOME, C_D24,
	C_PREV, C_ONSET, C_KILLIP, C_JCS, C_STAGE, C_DEMENTIA, C_INS,
	C_FALLS, C_F3B, C_RESTR, C_PU
};

struct sample {
	char	*dir;
	char	*stays;		/* file contents */
	char	*events;
	gsize	 nstays, nevents;
};

static struct sample *
sample_make(unsigned long seed, double scale)
{
	struct sample *s = g_new0(struct sample, 1);
	struct qi_synth_stays_cfg cfg;
	struct qi_diag *diag = qi_diag_alloc();
	char *p;

	s->dir = fixture_dir();
	assert_non_null(s->dir);
	assert_int_equal(qi_synth_write(s->dir, NULL, seed, diag), QI_OK);
	qi_synth_stays_cfg_default(&cfg);
	cfg.seed = seed;
	cfg.scale = scale;
	assert_int_equal(qi_synth_stays_write(s->dir, &cfg, diag), QI_OK);
	assert_int_equal(qi_diag_count(diag, QI_ERROR), 0);
	p = g_build_filename(s->dir, "stays.csv", NULL);
	assert_true(g_file_get_contents(p, &s->stays, &s->nstays, NULL));
	g_free(p);
	p = g_build_filename(s->dir, "events.csv", NULL);
	assert_true(g_file_get_contents(p, &s->events, &s->nevents, NULL));
	g_free(p);
	qi_diag_free(diag);
	return s;
}

static void
sample_free(struct sample *s)
{
	fixture_rmdir(s->dir);
	g_free(s->stays);
	g_free(s->events);
	g_free(s);
}

static int
setup(void **state)
{
	*state = sample_make(SEED, SCALE);
	return 0;
}

static int
teardown(void **state)
{
	sample_free(*state);
	return 0;
}

/* GLib Julian day of "YYYY-MM-DD"; fails the test if it is not a date. */
static long
day_of(const char *s)
{
	GDate d;
	unsigned y, m, dd;

	assert_int_equal(strlen(s), 10);
	assert_int_equal(sscanf(s, "%4u-%2u-%2u", &y, &m, &dd), 3);
	assert_true(g_date_valid_dmy((GDateDay)dd, (GDateMonth)m,
	    (GDateYear)y));
	g_date_clear(&d, 1);
	g_date_set_dmy(&d, (GDateDay)dd, (GDateMonth)m, (GDateYear)y);
	return (long)g_date_get_julian(&d);
}

/* Integer field in [lo, hi]; "" allowed when opt. Returns -1 for "". */
static long
int_in(const char *f, long lo, long hi, int opt, const char *what)
{
	char *end;
	long v;

	if (*f == '\0') {
		if (!opt)
			fail_msg("%s is empty", what);
		return -1;
	}
	v = strtol(f, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		fail_msg("%s '%s' outside [%ld, %ld]", what, f, lo, hi);
	return v;
}

/*
 * The lines of text as a NULL-terminated vector for g_strfreev().  Not
 * g_strsplit(): under ASan its strstr() rescans the rest of a large
 * buffer at every line.
 */
static char **
split_lines(const char *text)
{
	GPtrArray *v = g_ptr_array_new();
	const char *p = text, *nl;

	while ((nl = strchr(p, '\n')) != NULL) {
		g_ptr_array_add(v, g_strndup(p, (gsize)(nl - p)));
		p = nl + 1;
	}
	g_ptr_array_add(v, g_strdup(p));
	g_ptr_array_add(v, NULL);
	return (char **)g_ptr_array_free(v, FALSE);
}

static void
same_seed_same_bytes(void **state)
{
	struct sample *a = *state, *b = sample_make(SEED, SCALE);

	assert_int_equal(a->nstays, b->nstays);
	assert_int_equal(a->nevents, b->nevents);
	assert_memory_equal(a->stays, b->stays, a->nstays);
	assert_memory_equal(a->events, b->events, a->nevents);
	sample_free(b);
}

static void
other_seed_other_bytes(void **state)
{
	struct sample *a = *state, *b = sample_make(SEED + 1, SCALE);

	assert_true(a->nstays != b->nstays ||
	    memcmp(a->stays, b->stays, a->nstays) != 0);
	sample_free(b);
}

/* Compare "H,S" keys of two rows in byte order. */
static int
key_cmp(char **a, char **b)
{
	int c = strcmp(a[0], b[0]);

	return c != 0 ? c : strcmp(a[1], b[1]);
}

static void
stays_sorted_and_in_domain(void **state)
{
	struct sample *s = *state;
	char **lines = split_lines(s->stays), **f, **prev = NULL;
	long first = day_of("2023-04-01"), last = day_of("2025-03-31");
	long v24 = day_of("2024-06-01"), adm, dis, los, out, n = 0;
	long falls, f3b, r, jcs;
	size_t i;

	assert_string_equal(lines[0], "hospital,stay,patient,admission,"
	    "discharge,age,sex,emergency,ambulance,dx_main,dx_trigger,"
	    "dx_resource,dx_comorbid,dx_complication,outcome,death_24h,"
	    "prev_discharge,onset_days,killip,jcs,cancer_stage,dementia,"
	    "insurance,falls,falls_3b,restraint_days,pressure_ulcer");
	for (i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++) {
		f = g_strsplit(lines[i], ",", -1);
		assert_int_equal(g_strv_length(f), NSTAYCOL);
		if (prev != NULL && key_cmp(prev, f) >= 0)
			fail_msg("line %zu: %s,%s not after %s,%s", i + 1,
			    f[0], f[1], prev[0], prev[1]);
		adm = day_of(f[C_ADM]);
		dis = day_of(f[C_DIS]);
		los = dis - adm;
		assert_true(los >= 0 && los <= 200);
		assert_true(dis >= first && dis <= last);
		int_in(f[C_AGE], 0, 110, 0, "age");
		int_in(f[C_SEX], 1, 2, 0, "sex");
		int_in(f[C_EMERG], 0, 1, 0, "emergency");
		if (int_in(f[C_AMB], 0, 1, 0, "ambulance") == 1)
			assert_string_equal(f[C_EMERG], "1");
		assert_true(strlen(f[C_DXMAIN]) >= 3);
		out = int_in(f[C_OUTCOME], 1, 9, 0, "outcome");
		assert_true(out != 2 && out != 8);
		if (int_in(f[C_D24], 0, 1, 0, "death_24h") == 1)
			assert_true((out == 6 || out == 7) && los <= 1);
		/* A readmission the same day has its previous discharge
		   that day. */
		if (f[C_PREV][0] != '\0')
			assert_true(day_of(f[C_PREV]) <= adm);
		/* Stay ids are <patient>-<admission>[-回数管理番号]. */
		assert_int_equal(strlen(f[C_PAT]), 10);
		assert_true(strncmp(f[C_STAY], f[C_PAT], 10) == 0 &&
		    f[C_STAY][10] == '-');
		assert_true(strncmp(f[C_STAY] + 11, f[C_ADM], 4) == 0);
		/* onset_days as 様式1's categories give it: 3, 7, 8. */
		if (f[C_ONSET][0] != '\0')
			assert_true(strcmp(f[C_ONSET], "3") == 0 ||
			    strcmp(f[C_ONSET], "7") == 0 ||
			    strcmp(f[C_ONSET], "8") == 0);
		/* Killip is recorded for infarctions (and heart failure). */
		if (int_in(f[C_KILLIP], 1, 4, 1, "killip") > 0)
			assert_true(strncmp(f[C_DXRES], "I21", 3) == 0 ||
			    strncmp(f[C_DXRES], "I50", 3) == 0 ||
			    strncmp(f[C_DXRES], "I11", 3) == 0 ||
			    strncmp(f[C_DXRES], "I13", 3) == 0);
		jcs = int_in(f[C_JCS], 0, 300, 1, "jcs");
		assert_true(jcs < 0 || jcs <= 3 || jcs == 10 || jcs == 20 ||
		    jcs == 30 || jcs == 100 || jcs == 200 || jcs == 300);
		int_in(f[C_STAGE], 0, 4, 1, "cancer_stage");
		int_in(f[C_DEMENTIA], 0, 1, 0, "dementia");
		int_in(f[C_INS], 0, 1, 0, "insurance");
		/* Fields of the 2024-06 様式1 only from 2024-06-01 on. */
		if (dis < v24) {
			assert_string_equal(f[C_FALLS], "");
			assert_string_equal(f[C_PU], "");
		} else {
			falls = int_in(f[C_FALLS], 0, 100, 0, "falls");
			f3b = int_in(f[C_F3B], 0, 100, 0, "falls_3b");
			r = int_in(f[C_RESTR], 0, 200, 0, "restraint_days");
			assert_true(f3b <= falls && r <= los);
			int_in(f[C_PU], 0, 1, 0, "pressure_ulcer");
		}
		g_strfreev(prev);
		prev = f;
		n++;
	}
	g_strfreev(prev);
	g_strfreev(lines);
	/* 0.25 stays per bed and year: about 30,000. */
	assert_true(n > 20000 && n < 45000);
}

static void
events_sorted_and_joined_to_stays(void **state)
{
	struct sample *s = *state;
	char **sl = split_lines(s->stays);
	char **el = split_lines(s->events), **f, **g = NULL;
	GHashTable *keys = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	static const char *const kinds[] = { "drug", "procedure", "test",
	    "imaging", "rehab", "fee", "other" };
	char *end;
	double q;
	size_t i, k;
	long day, pday = 0;

	for (i = 1; sl[i] != NULL && sl[i][0] != '\0'; i++) {
		f = g_strsplit(sl[i], ",", 3);
		g_hash_table_add(keys, g_strconcat(f[0], ",", f[1], NULL));
		g_strfreev(f);
	}
	assert_string_equal(el[0], "hospital,stay,day,code,kind,qty");
	for (i = 1; el[i] != NULL && el[i][0] != '\0'; i++) {
		f = g_strsplit(el[i], ",", -1);
		assert_int_equal(g_strv_length(f), 6);
		char *key = g_strconcat(f[0], ",", f[1], NULL);
		if (!g_hash_table_contains(keys, key))
			fail_msg("line %zu: no stay %s", i + 1, key);
		g_free(key);
		day = strtol(f[2], &end, 10);
		assert_true(*end == '\0' && day >= -60 && day <= 400);
		if (g != NULL) {
			assert_true(key_cmp(g, f) <= 0);
			if (key_cmp(g, f) == 0)
				assert_true(pday <= day);	/* by day */
		}
		for (k = 0; k < G_N_ELEMENTS(kinds); k++)
			if (strcmp(f[4], kinds[k]) == 0)
				break;
		assert_true(k < G_N_ELEMENTS(kinds));
		q = strtod(f[5], &end);
		assert_true(*end == '\0' && q > 0.0);
		assert_true(f[3][0] != '\0' && strlen(f[3]) < 16);
		g_strfreev(g);
		g = f;
		pday = day;
	}
	g_strfreev(g);
	g_strfreev(el);
	g_strfreev(sl);
	g_hash_table_destroy(keys);
}

/* Does code match an entry of a code list ("I63*" = prefix)? */
static int
list_has(char **codes, const char *code)
{
	size_t n;

	for (; *codes != NULL; codes++) {
		n = strlen(*codes);
		if (n > 0 && (*codes)[n - 1] == '*' ?
		    strncmp(*codes, code, n - 1) == 0 :
		    strcmp(*codes, code) == 0)
			return 1;
	}
	return 0;
}

/*
 * Every code list shipped in indicators/codes/ is matched by some
 * diagnosis (main, trigger, resource, comorbidity, complication) or
 * event code of the sample, so every expression over it can be true.
 * The Charlson index's conditions (charlson_*.csv) are not: they are a
 * classification of all comorbidities for a risk-model covariate, which
 * no shipped definition uses, and the sample is fixed (its golden sum);
 * tests/cli/risk_model_charlson_index.sh draws a code of each instead.
 */
static void
every_code_list_appears(void **state)
{
	struct sample *s = *state;
	char *dirname = g_build_filename(QI_TEST_DATA, "..", "indicators",
	    "codes", NULL);
	GDir *dir = g_dir_open(dirname, 0, NULL);
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	char **lines, **f, **c, *text, *path;
	const char *name;
	GHashTableIter it;
	gpointer code;
	GPtrArray *list;
	size_t i, nlists = 0;
	int hit;

	assert_non_null(dir);
	lines = split_lines(s->stays);
	for (i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++) {
		f = g_strsplit(lines[i], ",", -1);
		for (int k = C_DXMAIN; k <= C_COMPL; k++) {
			c = g_strsplit(f[k], ";", -1);
			for (char **p = c; *p != NULL; p++)
				if (**p != '\0')
					g_hash_table_add(seen, g_strdup(*p));
			g_strfreev(c);
		}
		g_strfreev(f);
	}
	g_strfreev(lines);
	lines = split_lines(s->events);
	for (i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++) {
		f = g_strsplit(lines[i], ",", -1);
		g_hash_table_add(seen, g_strdup(f[3]));
		g_strfreev(f);
	}
	g_strfreev(lines);

	while ((name = g_dir_read_name(dir)) != NULL) {
		if (!g_str_has_suffix(name, ".csv") ||
		    g_str_has_prefix(name, "charlson_"))
			continue;
		path = g_build_filename(dirname, name, NULL);
		assert_true(g_file_get_contents(path, &text, NULL, NULL));
		lines = split_lines(text);
		assert_true(strcmp(lines[0], "code,label") == 0 ||
		    strcmp(lines[0], "icd10,label") == 0);
		list = g_ptr_array_new_with_free_func(g_free);
		for (i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++) {
			f = g_strsplit(lines[i], ",", 2);
			g_ptr_array_add(list, g_strdup(f[0]));
			g_strfreev(f);
		}
		g_ptr_array_add(list, NULL);
		hit = 0;
		g_hash_table_iter_init(&it, seen);
		while (!hit && g_hash_table_iter_next(&it, &code, NULL))
			hit = list_has((char **)list->pdata, code);
		if (!hit)
			fail_msg("no code of list %s in the sample", name);
		nlists++;
		g_ptr_array_free(list, TRUE);
		g_strfreev(lines);
		g_free(text);
		g_free(path);
	}
	assert_true(nlists >= 20);
	g_dir_close(dir);
	g_hash_table_destroy(seen);
	g_free(dirname);
}

/*
 * Hospitals differ for real: the share of blood-culture days with two
 * sets (two rows, or one of quantity 2) varies between hospitals far
 * beyond binomial noise (chi-square test of homogeneity, p < 1e-9 needs
 * X2 > ~280 on 171 df).
 */
static void
hospitals_differ_beyond_chance(void **state)
{
	struct sample *s = *state;
	char **lines = split_lines(s->events), **f;
	GHashTable *day = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	GHashTableIter it;
	gpointer k, v;
	double two[200] = { 0 }, all[200] = { 0 }, x2 = 0.0, p, tt = 0, ta = 0;
	int h;
	size_t i;

	for (i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++) {
		f = g_strsplit(lines[i], ",", -1);
		if (strcmp(f[3], "D0183") == 0) {
			char *key = g_strjoin(",", f[0], f[1], f[2], NULL);
			g_hash_table_insert(day, key, GINT_TO_POINTER(
			    GPOINTER_TO_INT(g_hash_table_lookup(day, key)) +
			    atoi(f[5])));
		}
		g_strfreev(f);
	}
	g_hash_table_iter_init(&it, day);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		h = atoi((char *)k + 1) + (((char *)k)[0] == 'R' ? 140 : 0) - 1;
		assert_true(h >= 0 && h < 172);
		all[h]++;
		two[h] += GPOINTER_TO_INT(v) >= 2;
	}
	for (h = 0; h < 172; h++)
		tt += two[h], ta += all[h];
	p = tt / ta;
	assert_true(p > 0.5 && p < 0.95);
	for (h = 0; h < 172; h++)
		if (all[h] > 0)
			x2 += (two[h] - all[h] * p) * (two[h] - all[h] * p) /
			    (all[h] * p * (1 - p));
	assert_true(x2 > 280.0);
	g_hash_table_destroy(day);
	g_strfreev(lines);
}

/* --total-stays aims at a total, streamed: 5,000 asked, 5,000 +- 5 %. */
static void
total_stays_hits_its_target(void **state)
{
	struct qi_synth_stays_cfg cfg;
	struct qi_diag *diag = qi_diag_alloc();
	struct qi_registry *reg = NULL;
	struct sample *s = *state;
	char *po = g_build_filename(s->dir, "organisations.csv", NULL);
	char *ph = g_build_filename(s->dir, "hospitals.csv", NULL);
	unsigned long long ns = 0, ne = 0;
	FILE *fs = fopen("/dev/null", "w"), *fe = fopen("/dev/null", "w");

	assert_non_null(fs);
	assert_non_null(fe);
	assert_int_equal(qi_registry_load(po, ph, NULL, &reg, diag), QI_OK);
	qi_synth_stays_cfg_default(&cfg);
	cfg.stays = 5000;
	assert_int_equal(qi_synth_stays_stream(reg, &cfg, fs, fe, &ns, &ne,
	    diag), QI_OK);
	assert_true(ns > 4750 && ns < 5250);
	assert_true(ne > 2 * ns);
	fclose(fs);
	fclose(fe);
	qi_registry_free(reg);
	qi_diag_free(diag);
	g_free(po);
	g_free(ph);
	(void)state;
}

/* A write error is reported, not ignored. */
static void
write_error_is_reported(void **state)
{
	struct qi_synth_stays_cfg cfg;
	struct qi_diag *diag = qi_diag_alloc();
	struct qi_registry *reg = NULL;
	struct sample *s = *state;
	char *po = g_build_filename(s->dir, "organisations.csv", NULL);
	char *ph = g_build_filename(s->dir, "hospitals.csv", NULL);
	FILE *fs = fopen("/dev/full", "w"), *fe = fopen("/dev/full", "w");

	if (fs == NULL || fe == NULL)
		skip();
	setvbuf(fs, NULL, _IONBF, 0);
	assert_int_equal(qi_registry_load(po, ph, NULL, &reg, diag), QI_OK);
	qi_synth_stays_cfg_default(&cfg);
	cfg.stays = 1000;
	assert_int_equal(qi_synth_stays_stream(reg, &cfg, fs, fe, NULL, NULL,
	    diag), QI_ESYS);
	assert_int_equal(qi_diag_count(diag, QI_ERROR), 1);
	fclose(fs);
	fclose(fe);
	qi_registry_free(reg);
	qi_diag_free(diag);
	g_free(po);
	g_free(ph);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_seed_same_bytes),
		cmocka_unit_test(other_seed_other_bytes),
		cmocka_unit_test(stays_sorted_and_in_domain),
		cmocka_unit_test(events_sorted_and_joined_to_stays),
		cmocka_unit_test(every_code_list_appears),
		cmocka_unit_test(hospitals_differ_beyond_chance),
		cmocka_unit_test(total_stays_hits_its_target),
		cmocka_unit_test(write_error_is_reported),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
