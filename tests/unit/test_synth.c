/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_synth.c -- unit tests of qi_synth_write() (src/pipeline/synth.c).
 *
 * Each test writes the sample into a fresh mkdtemp(3) directory and
 * reads the CSV files back with a small RFC 4180 line splitter.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "qi.h"

#define NHOSP		172
#define NQ		8
#define MAXROWS		20000
#define Z998		3.090232306167813	/* qnorm(0.999) */

static const char *const files[] = {
	"organisations.csv", "hospitals.csv", "counts.csv",
};

/* The shipped indicators, plus two the synthesiser has no entry for. */
static struct qi_indicator fixture_ind[] = {
	{ .id = "abx_prophylaxis_1h", .direction = QI_HIGHER_BETTER },
	{ .id = "blood_culture_two_sets", .direction = QI_HIGHER_BETTER },
	{ .id = "breast_conserving", .direction = QI_NEUTRAL },
	{ .id = "falls_3b", .direction = QI_LOWER_BETTER },
	{ .id = "pci_emergency_mortality", .direction = QI_LOWER_BETTER },
	{ .id = "readmission_6w", .direction = QI_LOWER_BETTER },
	{ .id = "stroke_antiplatelet", .direction = QI_HIGHER_BETTER },
	{ .id = "stroke_early_rehab", .direction = QI_HIGHER_BETTER },
	{ .id = "vte_prophylaxis", .direction = QI_HIGHER_BETTER },
};
#define NIND	(sizeof(fixture_ind) / sizeof(fixture_ind[0]))
#define NSHIPPED 7

static const char *const shipped[NSHIPPED] = {
	"abx_prophylaxis_1h", "blood_culture_two_sets",
	"pci_emergency_mortality", "readmission_6w", "stroke_antiplatelet",
	"stroke_early_rehab", "vte_prophylaxis",
};

static const struct qi_defset fixture = { .v = fixture_ind, .n = NIND };

/* One row of counts.csv. */
struct row {
	char	 hosp[8];
	char	 ind[32];
	int	 fy, q;
	long	 num, den;
};

/* ----------------------------------------------------------- helpers */

static void
make_dir(char *buf, size_t sz)
{
	const char	*tmp;

	if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(buf, sz, "%s/qi-synth-XXXXXX", tmp);
	assert_non_null(mkdtemp(buf));
}

/* Remove dir and whatever the tests put in it (files or directories). */
static void
remove_dir(const char *dir)
{
	char	 p[4096];
	size_t	 i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, files[i]);
		if (unlink(p) == -1 && (errno == EISDIR || errno == EPERM))
			rmdir(p);
	}
	rmdir(dir);
}

/* Whole file into a NUL-terminated buffer; the caller frees it. */
static char *
slurp(const char *dir, const char *name, size_t *szp)
{
	char	 p[4096];
	FILE	*fp;
	char	*buf;
	long	 sz;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	fp = fopen(p, "rb");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	sz = ftell(fp);
	assert_true(sz >= 0);
	rewind(fp);
	buf = malloc((size_t)sz + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)sz, fp), (size_t)sz);
	buf[sz] = '\0';
	fclose(fp);
	if (szp != NULL)
		*szp = (size_t)sz;
	return buf;
}

/*
 * Split one record (no embedded newlines) in place into at most max
 * fields, undoing RFC 4180 quoting.  Returns the number of fields.
 */
static size_t
split(char *line, char **f, size_t max)
{
	size_t	 n = 0;
	char	*r = line, *w;

	for (;;) {
		assert_true(n < max);
		f[n++] = w = r;
		if (*r == '"') {
			for (r++; ; r++) {
				assert_true(*r != '\0');
				if (*r == '"' && r[1] == '"')
					*w++ = *r++;
				else if (*r == '"')
					break;
				else
					*w++ = *r;
			}
			r++;
			assert_true(*r == ',' || *r == '\0');
		} else
			for (; *r != ',' && *r != '\0'; r++)
				*w++ = *r;
		if (*r == '\0') {
			*w = '\0';
			return n;
		}
		*w = '\0';
		r++;
	}
}

/* The next LF-terminated line of *p, NUL-terminated; NULL at the end. */
static char *
next_line(char **p)
{
	char	*s = *p, *nl;

	if (*s == '\0')
		return NULL;
	nl = strchr(s, '\n');
	assert_non_null(nl);		/* every line ends in LF */
	*nl = '\0';
	assert_null(strchr(s, '\r'));	/* no CR */
	*p = nl + 1;
	return s;
}

/* counts.csv of dir as rows; returns the count.  Checks the header. */
static size_t
read_counts(const char *dir, struct row *rows, size_t max)
{
	char	*buf, *p, *line, *f[8];
	size_t	 n = 0;

	p = buf = slurp(dir, "counts.csv", NULL);
	line = next_line(&p);
	assert_non_null(line);
	assert_string_equal(line,
	    "hospital,indicator,period,numerator,denominator");
	while ((line = next_line(&p)) != NULL) {
		assert_true(n < max);
		assert_int_equal(split(line, f, 8), 5);
		assert_true(strlen(f[0]) < sizeof(rows[n].hosp));
		assert_true(strlen(f[1]) < sizeof(rows[n].ind));
		strcpy(rows[n].hosp, f[0]);
		strcpy(rows[n].ind, f[1]);
		assert_int_equal(sscanf(f[2], "FY%dQ%d", &rows[n].fy,
		    &rows[n].q), 2);
		rows[n].num = strtol(f[3], NULL, 10);
		rows[n].den = strtol(f[4], NULL, 10);
		n++;
	}
	free(buf);
	return n;
}

/* --------------------------------------------------------- fixtures */

struct sample {
	char		 dir[4096];
	struct row	*rows;
	size_t		 n;
};

/* Write seed 20240401 once for the read-only tests. */
static int
setup_sample(void **state)
{
	struct sample	*s;
	struct qi_diag	*d;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return -1;
	if ((s->rows = calloc(MAXROWS, sizeof(*s->rows))) == NULL) {
		free(s);
		return -1;
	}
	make_dir(s->dir, sizeof(s->dir));
	d = qi_diag_alloc();
	assert_non_null(d);
	assert_int_equal(qi_synth_write(s->dir, &fixture, 20240401UL, d),
	    QI_OK);
	assert_int_equal(qi_diag_count(d, QI_ERROR), 0);
	qi_diag_free(d);
	s->n = read_counts(s->dir, s->rows, MAXROWS);
	*state = s;
	return 0;
}

static int
teardown_sample(void **state)
{
	struct sample	*s = *state;

	remove_dir(s->dir);
	free(s->rows);
	free(s);
	return 0;
}

/* ------------------------------------------------------------ tests */

/* The same seed gives byte-identical files in two directories. */
static void
test_synth_same_seed_same_bytes(void **state)
{
	char	 a[4096], b[4096];
	char	*x, *y;
	size_t	 i, nx, ny;

	(void)state;
	make_dir(a, sizeof(a));
	make_dir(b, sizeof(b));
	assert_int_equal(qi_synth_write(a, &fixture, 7, NULL), QI_OK);
	assert_int_equal(qi_synth_write(b, &fixture, 7, NULL), QI_OK);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		x = slurp(a, files[i], &nx);
		y = slurp(b, files[i], &ny);
		assert_true(nx > 0);
		assert_int_equal(nx, ny);
		assert_memory_equal(x, y, nx);
		free(x);
		free(y);
	}
	remove_dir(a);
	remove_dir(b);
}

/* The order of the definitions in the set does not change the bytes. */
static void
test_synth_defset_order_irrelevant(void **state)
{
	struct qi_indicator	 rev[NIND];
	struct qi_defset	 set = { .v = rev, .n = NIND };
	char			 a[4096], b[4096];
	char			*x, *y;
	size_t			 i, nx, ny;

	(void)state;
	for (i = 0; i < NIND; i++)
		rev[i] = fixture_ind[NIND - 1 - i];
	make_dir(a, sizeof(a));
	make_dir(b, sizeof(b));
	assert_int_equal(qi_synth_write(a, &fixture, 11, NULL), QI_OK);
	assert_int_equal(qi_synth_write(b, &set, 11, NULL), QI_OK);
	x = slurp(a, "counts.csv", &nx);
	y = slurp(b, "counts.csv", &ny);
	assert_int_equal(nx, ny);
	assert_memory_equal(x, y, nx);
	free(x);
	free(y);
	remove_dir(a);
	remove_dir(b);
}

/* A different seed gives different counts. */
static void
test_synth_seed_changes_counts(void **state)
{
	char	 a[4096], b[4096];
	char	*x, *y;
	size_t	 nx, ny;

	(void)state;
	make_dir(a, sizeof(a));
	make_dir(b, sizeof(b));
	assert_int_equal(qi_synth_write(a, &fixture, 1, NULL), QI_OK);
	assert_int_equal(qi_synth_write(b, &fixture, 2, NULL), QI_OK);
	x = slurp(a, "counts.csv", &nx);
	y = slurp(b, "counts.csv", &ny);
	assert_true(nx != ny || memcmp(x, y, nx) != 0);
	free(x);
	free(y);
	remove_dir(a);
	remove_dir(b);
}

/* organisations.csv is exactly the two organisations. */
static void
test_synth_organisations(void **state)
{
	struct sample	*s = *state;
	char		*buf;

	buf = slurp(s->dir, "organisations.csv", NULL);
	assert_string_equal(buf,
	    "code,name_ja,name_en,url\n"
	    "NHO,独立行政法人国立病院機構,National Hospital Organization,"
	    "https://nho.hosp.go.jp/quality-indicators/\n"
	    "JOHAS,独立行政法人労働者健康安全機構,"
	    "Japan Organization of Occupational Health and Safety,"
	    "https://www.johas.go.jp/quality-indicators/\n");
	free(buf);
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Number of UTF-8 code points in s. */
static size_t
u8len(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * hospitals.csv: 140 NHO (N001..N140) and 32 JOHAS (R001..R032), unique
 * ids and names, every name fictional, NHO regions, beds in 150..800,
 * some names long enough to need shortening.
 */
static void
test_synth_hospitals(void **state)
{
	static const char *const regions[] = {
		"北海道東北", "関東信越", "東海北陸", "近畿", "中国四国", "九州",
	};
	struct sample	*s = *state;
	char		*buf, *p, *line, *f[8];
	char		 ids[NHOSP][8], ja[NHOSP][128], en[NHOSP][128], want[8];
	size_t		 n = 0, nnho = 0, njohas = 0, nlong = 0, i, j;
	long		 beds;
	int		 ok;

	p = buf = slurp(s->dir, "hospitals.csv", NULL);
	assert_int_not_equal((unsigned char)buf[0], 0xef);	/* no BOM */
	line = next_line(&p);
	assert_string_equal(line, "id,org,name_ja,name_en,region,beds");
	while ((line = next_line(&p)) != NULL) {
		assert_true(n < NHOSP);
		assert_int_equal(split(line, f, 8), 6);
		if (strcmp(f[1], "NHO") == 0) {
			snprintf(want, sizeof(want), "N%03zu", ++nnho);
			assert_string_equal(f[0], want);
		} else {
			assert_string_equal(f[1], "JOHAS");
			snprintf(want, sizeof(want), "R%03zu", ++njohas);
			assert_string_equal(f[0], want);
			assert_true(ends_with(f[2], "労災病院"));
			assert_true(ends_with(f[3], "Rosai Hospital"));
		}
		assert_non_null(strstr(f[2], "架空"));
		assert_non_null(strstr(f[3], "Fictional"));
		assert_true(u8len(f[2]) <= 24);
		if (u8len(f[2]) >= 18)
			nlong++;
		for (ok = 0, i = 0; i < 6; i++)
			ok |= strcmp(f[4], regions[i]) == 0;
		assert_true(ok);
		beds = strtol(f[5], NULL, 10);
		assert_in_range(beds, 150, 800);
		assert_true(strlen(f[2]) < 128 && strlen(f[3]) < 128);
		strcpy(ids[n], f[0]);
		strcpy(ja[n], f[2]);
		strcpy(en[n], f[3]);
		n++;
	}
	free(buf);
	assert_int_equal(nnho, 140);
	assert_int_equal(njohas, 32);
	assert_true(nlong >= 5);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			assert_string_not_equal(ids[i], ids[j]);
			assert_string_not_equal(ja[i], ja[j]);
			assert_string_not_equal(en[i], en[j]);
		}
}

static int
row_cmp(const struct row *a, const struct row *b)
{
	int	 c;

	if ((c = strcmp(a->hosp, b->hosp)) != 0)
		return c;
	if ((c = strcmp(a->ind, b->ind)) != 0)
		return c;
	if (a->fy != b->fy)
		return a->fy < b->fy ? -1 : 1;
	return a->q < b->q ? -1 : a->q > b->q;
}

/*
 * counts.csv: 0 <= numerator <= denominator, known ids and quarters,
 * strictly sorted by hospital, indicator, period, all eight quarters or
 * none for each hospital x indicator, some small and zero denominators,
 * and PCI at about 40% of hospitals.
 */
static void
test_synth_counts_valid(void **state)
{
	struct sample	*s = *state;
	const struct row *r;
	size_t		 i, j, nsmall = 0, nzero = 0, npci = 0;
	int		 ok;

	assert_true(s->n > 0);
	assert_int_equal(s->n % NQ, 0);
	for (i = 0; i < s->n; i++) {
		r = &s->rows[i];
		assert_true(r->num >= 0);
		assert_true(r->num <= r->den);
		assert_true((r->hosp[0] == 'N' || r->hosp[0] == 'R') &&
		    strlen(r->hosp) == 4);
		for (ok = 0, j = 0; j < NIND; j++)
			ok |= strcmp(r->ind, fixture_ind[j].id) == 0;
		assert_true(ok);
		/* Rows of one hospital x indicator come as Q1..Q4 x 2 FYs. */
		assert_int_equal(r->fy, 2023 + (int)(i % NQ) / 4);
		assert_int_equal(r->q, (int)(i % NQ) % 4 + 1);
		if (i > 0)
			assert_true(row_cmp(&s->rows[i - 1], r) < 0);
		if (i % NQ != 0) {
			assert_string_equal(r->hosp, s->rows[i - 1].hosp);
			assert_string_equal(r->ind, s->rows[i - 1].ind);
		}
		nsmall += r->den > 0 && r->den < 10;
		nzero += r->den == 0;
		if (i % NQ == 0 &&
		    strcmp(r->ind, "pci_emergency_mortality") == 0)
			npci++;
	}
	print_message("rows %zu, 0 < den < 10: %zu, den = 0: %zu, "
	    "PCI hospitals %zu\n", s->n, nsmall, nzero, npci);
	assert_true(nsmall > 0);
	assert_true(npci >= NHOSP / 5 && npci <= NHOSP * 3 / 5);
	/* Every indicator, known or not, has data. */
	for (j = 0; j < NIND; j++) {
		for (ok = 0, i = 0; i < s->n; i++)
			ok |= strcmp(s->rows[i].ind, fixture_ind[j].id) == 0;
		assert_true(ok);
	}
}

/*
 * Funnel counts for indicator id over all eight quarters: hospitals
 * beyond the 99.8% limits p0 +- z sqrt(p0 (1 - p0) / n) of the pooled
 * rate p0 (normal approximation).
 */
static void
funnel(const struct sample *s, const char *id, double *p0, size_t *above,
    size_t *below, size_t *nh)
{
	const struct row *r;
	long		 num = 0, den = 0, hn, hd;
	double		 se, rate;
	size_t		 i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->rows[i].ind, id) == 0) {
			num += s->rows[i].num;
			den += s->rows[i].den;
		}
	assert_true(den > 0);
	*p0 = (double)num / (double)den;
	*above = *below = *nh = 0;
	for (i = 0; i < s->n; i += NQ) {
		r = &s->rows[i];
		if (strcmp(r->ind, id) != 0)
			continue;
		for (hn = hd = 0; r < &s->rows[i + NQ]; r++) {
			hn += r->num;
			hd += r->den;
		}
		if (hd == 0)
			continue;
		(*nh)++;
		rate = (double)hn / (double)hd;
		se = sqrt(*p0 * (1.0 - *p0) / (double)hd);
		*above += rate > *p0 + Z998 * se;
		*below += rate < *p0 - Z998 * se;
	}
}

/*
 * Every shipped indicator has real between-hospital spread: some
 * hospital lies beyond the 99.8% binomial funnel.
 */
static void
test_synth_spread(void **state)
{
	struct sample	*s = *state;
	double		 p0;
	size_t		 i, above, below, nh;

	for (i = 0; i < NSHIPPED; i++) {
		funnel(s, shipped[i], &p0, &above, &below, &nh);
		print_message("%-24s pooled %.4f  hospitals %3zu  "
		    "above %2zu  below %2zu\n", shipped[i], p0, nh, above,
		    below);
		assert_true(above + below >= 1);
	}
}

/* Pooled rate of id in fiscal year fy, optionally of one org's prefix. */
static double
pooled(const struct sample *s, const char *id, int fy, char prefix)
{
	long	 num = 0, den = 0;
	size_t	 i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->rows[i].ind, id) == 0 && s->rows[i].fy == fy &&
		    (prefix == 0 || s->rows[i].hosp[0] == prefix)) {
			num += s->rows[i].num;
			den += s->rows[i].den;
		}
	assert_true(den > 0);
	return (double)num / (double)den;
}

/*
 * Pooled rates are near the intended levels, and the two large-volume
 * indicators improve from FY2023 to FY2024.
 */
static void
test_synth_rates_plausible(void **state)
{
	static const struct {
		const char	*id;
		double		 lo, hi;
	} want[] = {
		{ "abx_prophylaxis_1h", 0.78, 0.95 },
		{ "blood_culture_two_sets", 0.75, 0.93 },
		{ "pci_emergency_mortality", 0.02, 0.10 },
		{ "readmission_6w", 0.025, 0.06 },
		{ "stroke_antiplatelet", 0.65, 0.85 },
		{ "stroke_early_rehab", 0.70, 0.90 },
		{ "vte_prophylaxis", 0.80, 0.96 },
		{ "falls_3b", 0.0, 0.30 },		/* lower better */
	};
	struct sample	*s = *state;
	double		 p;
	size_t		 i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		p = pooled(s, want[i].id, 2024, 0);
		assert_true(p >= want[i].lo && p <= want[i].hi);
	}
	assert_true(pooled(s, "blood_culture_two_sets", 2024, 0) >
	    pooled(s, "blood_culture_two_sets", 2023, 0));
	assert_true(pooled(s, "readmission_6w", 2024, 0) <
	    pooled(s, "readmission_6w", 2023, 0));
}

/*
 * A nonexistent directory is a system error with one diagnostic that
 * names the file and the system's reason.
 */
static void
test_synth_nonexistent_dir(void **state)
{
	char		 a[4096], p[4200];
	char		*text = NULL;
	size_t		 sz = 0;
	FILE		*mem;
	struct qi_diag	*d;

	(void)state;
	make_dir(a, sizeof(a));
	snprintf(p, sizeof(p), "%s/missing", a);
	d = qi_diag_alloc();
	assert_non_null(d);
	assert_int_equal(qi_synth_write(p, &fixture, 1, d), QI_ESYS);
	assert_int_equal(qi_diag_count(d, QI_ERROR), 1);
	mem = open_memstream(&text, &sz);
	assert_non_null(mem);
	qi_diag_print(d, mem);
	fclose(mem);
	assert_non_null(strstr(text, "missing/organisations.csv"));
	assert_non_null(strstr(text, "error"));
	assert_non_null(strstr(text, strerror(ENOENT)));
	free(text);
	qi_diag_free(d);
	remove_dir(a);
}

/*
 * A file that cannot be created after others were written is a system
 * error; nothing leaks (checked under ASan) and the diagnostic is one.
 */
static void
test_synth_unwritable_file(void **state)
{
	static const char *const blocked[] = { "hospitals.csv", "counts.csv" };
	char		 a[4096], p[4200];
	struct qi_diag	*d;
	size_t		 i;

	(void)state;
	for (i = 0; i < 2; i++) {
		make_dir(a, sizeof(a));
		snprintf(p, sizeof(p), "%s/%s", a, blocked[i]);
		assert_int_equal(mkdir(p, 0700), 0);
		d = qi_diag_alloc();
		assert_non_null(d);
		assert_int_equal(qi_synth_write(a, &fixture, 1, d), QI_ESYS);
		assert_int_equal(qi_diag_count(d, QI_ERROR), 1);
		qi_diag_free(d);
		remove_dir(a);
	}
}

/* No definitions: counts.csv is only its header. */
static void
test_synth_empty_defset(void **state)
{
	struct qi_defset	 empty = { .v = NULL, .n = 0 };
	char			 a[4096];
	char			*x;

	(void)state;
	make_dir(a, sizeof(a));
	assert_int_equal(qi_synth_write(a, &empty, 3, NULL), QI_OK);
	x = slurp(a, "counts.csv", NULL);
	assert_string_equal(x,
	    "hospital,indicator,period,numerator,denominator\n");
	free(x);
	remove_dir(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_synth_same_seed_same_bytes),
		cmocka_unit_test(test_synth_defset_order_irrelevant),
		cmocka_unit_test(test_synth_seed_changes_counts),
		cmocka_unit_test(test_synth_nonexistent_dir),
		cmocka_unit_test(test_synth_unwritable_file),
		cmocka_unit_test(test_synth_empty_defset),
		cmocka_unit_test_setup_teardown(test_synth_organisations,
		    setup_sample, teardown_sample),
		cmocka_unit_test_setup_teardown(test_synth_hospitals,
		    setup_sample, teardown_sample),
		cmocka_unit_test_setup_teardown(test_synth_counts_valid,
		    setup_sample, teardown_sample),
		cmocka_unit_test_setup_teardown(test_synth_spread,
		    setup_sample, teardown_sample),
		cmocka_unit_test_setup_teardown(test_synth_rates_plausible,
		    setup_sample, teardown_sample),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
