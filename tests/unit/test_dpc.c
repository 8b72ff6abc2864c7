/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_dpc.c -- the DPC files read as hospitals hand them over: items to
 * stays fields, EF acts to events (a code once per act, 行為回数 as the
 * quantity, comments and 持参薬 left out), the same flat files whatever
 * the rows' order, files and sort budget, and each problem reported
 * once at its FILE:LINE:COL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <zlib.h>

#include "dpc.h"
#include "qi.h"
#include "fixture.h"

#define FAC	"011234567"

static struct qi_registry *
registry(char *dir)
{
	struct qi_diag *d = qi_diag_alloc();
	struct qi_registry *r = NULL;
	char *o = fixture_file(dir, "organisations.csv",
	    "code,name_ja,name_en,url\nNHO,機構,Org,https://x.example/qi/\n");
	char *h = fixture_file(dir, "hospitals.csv",
	    "id,org,name_ja,name_en,facility_code\n"
	    "N001,NHO,甲,Ko," FAC "\nN002,NHO,乙,Otsu,\n");

	assert_int_equal(qi_registry_load(o, h, NULL, &r, d), QI_OK);
	g_free(o);
	g_free(h);
	qi_diag_free(d);
	return r;
}

/* Threads reading the files (qi_dpc_opts.jobs), for the next run(). */
static unsigned jobs = 1;

struct out {
	char	*stays, *events, *items, *diag;
	enum qi_err rc;
	struct qi_dpc_counts n;
};

static void
out_free(struct out *o)
{
	g_free(o->stays);
	g_free(o->events);
	g_free(o->items);
	g_free(o->diag);
}

/* Read files (name, text) of dir through qi_dpc_read(). */
static struct out
run(char *dir, const char *const *files, size_t budget, const char *drugs,
    const char *encoding)
{
	struct qi_registry *reg = registry(dir);
	struct qi_diag *d = qi_diag_alloc();
	struct qi_dpc_opts o;
	GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
	char *tmp = fixture_dir(), *drugpath = NULL;
	char *sb = NULL, *eb = NULL, *ib = NULL;
	size_t sn = 0, en = 0, in = 0, i;
	FILE *s = open_memstream(&sb, &sn), *e = open_memstream(&eb, &en);
	FILE *it = open_memstream(&ib, &in);
	struct out r;

	for (i = 0; files[i] != NULL; i += 2)
		g_ptr_array_add(paths, fixture_file(dir, files[i],
		    files[i + 1]));
	g_ptr_array_add(paths, NULL);
	if (drugs != NULL)
		drugpath = fixture_file(dir, "drug_master.csv", drugs);
	qi_dpc_opts_defaults(&o);
	o.tmpdir = tmp;
	o.encoding = encoding;
	o.jobs = jobs;
	if (budget > 0)
		o.budget = budget;
	r.rc = qi_dpc_read((char *const *)paths->pdata, drugpath, reg, &o, s,
	    e, it, &r.n, d);
	fclose(s);
	fclose(e);
	fclose(it);
	r.stays = sb;
	r.events = eb;
	r.items = ib;
	r.diag = fixture_diag_text(d);
	for (i = 0; i + 1 < paths->len; i++)
		g_remove(paths->pdata[i]);
	if (drugpath != NULL)
		g_remove(drugpath);
	g_free(drugpath);
	g_ptr_array_free(paths, TRUE);
	fixture_rmdir(tmp);
	qi_registry_free(reg);
	qi_diag_free(d);
	return r;
}

/* 様式1 rows: id, admission, item, 連番, payloads 1..9 (tab-joined). */
static char *
ff1(const char *id, const char *adm, const char *tok, const char *item,
    const char *seq, const char *payload)
{
	char **p = g_strsplit(payload, "|", 9);
	GString *s = g_string_new(NULL);
	size_t i, n = g_strv_length(p);

	g_string_append_printf(s, FAC "\t%s\t%s\t0\t%s\t%s\t20240601\t%s", id,
	    adm, tok, item, seq);
	for (i = 0; i < 9; i++)
		g_string_append_printf(s, "\t%s", i < n ? p[i] : "");
	g_string_append(s, "\r\n");
	g_strfreev(p);
	return g_string_free(s, FALSE);
}

/* An EF row: id, admission, day, データ区分, 順序番号, 明細, receipt,
 * 解釈番号, 行為点数, 行為回数. */
static char *
ef(const char *id, const char *adm, const char *day, const char *kubun,
    const char *seq, const char *detail, const char *rc, const char *kai,
    const char *points, const char *times)
{
	return g_strdup_printf(FAC "\t%s\t00000000\t%s\t%s\t%s\t%s\t\t%s\t%s\t"
	    "名称\t1\t\t\t\t\t\t%s\t\t\t%s\t\t\t%s\t\t\t\t\t\t0\t\r\n", id,
	    adm, kubun, seq, detail, rc, kai, points, times, day);
}

static const char *const ef_title = "施設コード\tデータ識別番号\t退院年月日\t"
    "入院年月日\tデータ区分\t順序番号\t行為明細番号\t病院点数マスタコード\t"
    "レセプト電算処理システム用コード\t解釈番号\t診療明細名称\t使用量\t基準単位\t"
    "明細点数・金額\t円・点区分\t出来高実績点数\t行為明細区分情報\t行為点数\t"
    "行為薬剤料\t行為材料料\t行為回数\t保険者番号\tレセプト種別コード\t"
    "実施年月日\tレセプト科区分\t診療科区分\t医師コード\t病棟コード\t病棟区分\t"
    "入外区分\t施設タイプ\r\n";

/* The rows of the sample stays, as a list of strings to g_free(). */
static GPtrArray *
ff1_rows(void)
{
	GPtrArray *v = g_ptr_array_new_with_free_func(g_free);

#define R(...)	g_ptr_array_add(v, ff1(__VA_ARGS__))
	/* a stroke, discharged in July 2024 (2024-06 table) */
	R("0000000001", "20240701", "0", "A000010", "0", "19400702|1");
	R("0000000001", "20240701", "0", "A000020", "0",
	    "20240701|1|||300|1");
	R("0000000001", "20240701", "0", "A000030", "0", "20240720||1|0");
	R("0000000001", "20240701", "0", "A000070", "0", "99999999");
	R("0000000001", "20240701", "0", "A006010", "0", "|I639");
	R("0000000001", "20240701", "0", "A006030", "0", "|I639");
	R("0000000001", "20240701", "0", "A006040", "2", "|I10");
	R("0000000001", "20240701", "0", "A006040", "1", "|E119");
	R("0000000001", "20240701", "0", "M010010", "0", "|0|2");
	R("0000000001", "20240701", "0", "JCS0010", "0", "|10R");
	R("0000000001", "20240701", "0", "A004010", "0", "|2");
	R("0000000001", "20240701", "0", "A004040", "0", "|2|1");
	R("0000000001", "20240701", "0", "A004050", "0", "|0");
	R("0000000001", "20240701", "0", "A001040", "0",
	    "||1000000|0000000|3000000|20240710");
	R("0000000001", "20240701", "1", "A000031", "0", "20240701|20240710");
	/* pneumonia death in May 2024 (2023 table): A004040 not read */
	R("0000000002", "20240505", "0", "A000010", "0", "19500506|2");
	R("0000000002", "20240505", "0", "A000020", "0",
	    "20240505|1|||100|0");
	R("0000000002", "20240505", "0", "A000030", "0", "20240506||6|1");
	R("0000000002", "20240505", "0", "A000070", "0", "20240101");
	R("0000000002", "20240505", "0", "A006010", "0", "|J189");
	R("0000000002", "20240505", "0", "A004040", "0", "|1|0");
	R("0000000002", "20240505", "0", "M050030", "0", "|0");
	/* two admissions on one day: 回数管理番号 0 and 1 */
	R("0000000003", "20240801", "0", "A000030", "0", "20240801||1|0");
	R("0000000003", "20240801", "0", "A006010", "0", "|S7200");
#undef R
	{
		char *s = ff1("0000000003", "20240801", "0", "A000030", "0",
		    "20240815||1|0");

		s[strlen(FAC) + 1 + 10 + 1 + 8 + 1] = '1';	/* 回数 1 */
		g_ptr_array_add(v, s);
	}
	return v;
}

static GPtrArray *
ef_rows(void)
{
	GPtrArray *v = g_ptr_array_new_with_free_func(g_free);

#define R(...)	g_ptr_array_add(v, ef(__VA_ARGS__))
	/* the act's 000 row and its detail: E200 once, 行為回数 1 */
	R("0000000001", "20240701", "20240701", "70", "1", "000", "170011810",
	    "E200", "1000", "1");
	R("0000000001", "20240701", "20240701", "70", "1", "001", "170011810",
	    "E200", "", "");
	/* two blood-culture sets as one row: 行為回数 2 */
	R("0000000001", "20240701", "20240703", "60", "4", "000", "160060010",
	    "D018-3", "210", "2");
	R("0000000001", "20240701", "20240703", "60", "4", "001", "160060010",
	    "D018-3", "", "");
	R("0000000001", "20240701", "20240703", "60", "4", "002", "840000001",
	    "", "", "");	/* a comment */
	/* a drug given (mapped to YJ), and a 持参薬 (0 points) */
	R("0000000001", "20240701", "20240702", "21", "5", "001", "620000001",
	    "", "12", "3");
	R("0000000001", "20240701", "20240702", "21", "6", "001", "620000002",
	    "", "0", "1");
	/* after discharge (day 19 is the last) */
	R("0000000001", "20240701", "20240725", "80", "7", "001", "180027610",
	    "H001", "245", "1");
	/* still in hospital: no 様式1 */
	R("0000000009", "20240720", "20240721", "60", "1", "001", "160060010",
	    "D0183", "210", "1");
	/* the same-day admissions: EF cannot tell them apart */
	R("0000000003", "20240801", "20240802", "50", "1", "001", "150000110",
	    "K0461", "20000", "1");
#undef R
	return v;
}

/* Rows joined in the given order. */
static char *
joined(const char *head, GPtrArray *rows, const size_t *order, size_t from,
    size_t to)
{
	GString *s = g_string_new(head);
	size_t i;

	for (i = from; i < to; i++)
		g_string_append(s, rows->pdata[order != NULL ? order[i] : i]);
	return g_string_free(s, FALSE);
}

static const char drugs[] = "receipt_code,yj_code\n"
    "620000001,3399007H1021\n620000002,3332001F1020\n";

static void
test_dpc_items_and_acts_become_stays_and_events(void **state)
{
	char *dir = fixture_dir();
	GPtrArray *f = ff1_rows(), *e = ef_rows();
	char *ft = joined("", f, NULL, 0, f->len),
	    *et = joined(ef_title, e, NULL, 0, e->len);
	const char *files[] = { "FF1_" FAC "_2407.txt", ft,
	    "EFn_" FAC "_2407.txt", et, NULL };
	struct out o;

	(void)state;
	o = run(dir, files, 0, drugs, NULL);
	if (o.rc != QI_OK)
		fprintf(stderr, "%s", o.diag);
	assert_int_equal(o.rc, QI_OK);
	assert_string_equal(o.stays, "hospital,stay,patient,admission,"
	    "discharge,age,sex,emergency,ambulance,dx_main,dx_trigger,"
	    "dx_resource,dx_comorbid,dx_complication,outcome,death_24h,"
	    "prev_discharge,onset_days,killip,jcs,cancer_stage,dementia,"
	    "insurance,falls,falls_3b,restraint_days,pressure_ulcer\n"
	    /* 連番 order; 84 on the eve of the birthday; onset category 2 */
	    "N001,0000000001-20240701,0000000001,2024-07-01,2024-07-20,83,1,"
	    "1,1,I639,,I639,E119;I10,,1,0,,7,,10,,1,,2,1,0,1\n"
	    /* May 2024: no falls (2023 table); Killip 0 unclassifiable */
	    "N001,0000000002-20240505,0000000002,2024-05-05,2024-05-06,73,2,"
	    "0,0,J189,,,,,6,1,2024-01-01,,,,,,,,,,\n"
	    "N001,0000000003-20240801,0000000003,2024-08-01,2024-08-01,,,,,"
	    "S7200,,,,,1,0,,,,,,,,,,,\n"
	    "N001,0000000003-20240801-1,0000000003,2024-08-01,2024-08-15,,,,,"
	    ",,,,,1,0,,,,,,,,,,,\n");
	/* データ区分 of each act; 診療科区分 and 病棟コード are empty here */
	assert_string_equal(o.events, "hospital,stay,day,code,kind,qty,"
	    "category,department,ward\n"
	    "N001,0000000001-20240701,0,E200,imaging,1,70,,\n"
	    "N001,0000000001-20240701,1,3399007H1021,drug,3,21,,\n"
	    "N001,0000000001-20240701,2,D0183,test,2,60,,\n");
	/*
	 * items.csv: the parent items of the table, by code and 連番, the
	 * typed payloads as written; the child segment's A000031 is not
	 * there, nor A004040 of a May 2024 discharge (2023 table)
	 */
	assert_true(g_str_has_prefix(o.items, "hospital,stay,code,seq,p1,p2,"
	    "p3,p4,p5,p6,p7,p8,p9\n"
	    "N001,0000000001-20240701,A000010,0,19400702,1,,,,,,,\n"
	    "N001,0000000001-20240701,A000020,0,20240701,1,,,300,1,,,\n"
	    "N001,0000000001-20240701,A000030,0,20240720,,1,0,,,,,\n"
	    "N001,0000000001-20240701,A000070,0,99999999,,,,,,,,\n"
	    "N001,0000000001-20240701,A001040,0,,,1000000,0000000,3000000,"
	    "20240710,,,\n"));
	assert_non_null(strstr(o.items, "N001,0000000001-20240701,A006040,1,"
	    ",E119,,,,,,,\nN001,0000000001-20240701,A006040,2,,I10,,,,,,,\n"));
	assert_non_null(strstr(o.items, ",JCS0010,0,,10R,"));
	assert_null(strstr(o.items, "A000031"));
	assert_null(strstr(o.items, "0000000002-20240505,A004040"));
	assert_non_null(strstr(o.items, "0000000002-20240505,M050030,0,,0,"));
	assert_int_equal(o.n.ef_comment_rows, 1);
	assert_int_equal(o.n.ef_own_drug_rows, 1);
	assert_int_equal(o.n.ef_repeat_rows, 2);
	assert_int_equal(o.n.ef_no_stay_rows, 1);
	assert_int_equal(o.n.ef_no_stay_stays, 1);
	assert_int_equal(o.n.ef_ambiguous_rows, 1);
	assert_int_equal(o.n.ef_after_discharge_rows, 1);
	assert_int_equal(o.n.off_table_rows, 1);
	assert_int_equal(o.n.child_rows, 1);
	/* reported: the ambiguous rows, the day after discharge, A004040 */
	assert_non_null(strstr(o.diag, "EFn_" FAC "_2407.txt:11:"));
	assert_non_null(strstr(o.diag, "match two same-day stays"));
	assert_non_null(strstr(o.diag, "activity on day 24 of stay "
	    "0000000001-20240701"));
	assert_non_null(strstr(o.diag, "A004040 (1 rows)"));
	assert_non_null(strstr(o.diag, "1 EF rows of 1 stays without a 様式1 "
	    "were set aside"));
	assert_int_equal(o.n.stays, 4);
	out_free(&o);
	g_free(ft);
	g_free(et);
	g_ptr_array_free(f, TRUE);
	g_ptr_array_free(e, TRUE);
	fixture_rmdir(dir);
}

static void
shuffle(size_t *v, size_t n, GRand *r)
{
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = i;
	for (i = n; i > 1; i--) {
		size_t j = (size_t)g_rand_int_range(r, 0, (gint32)i), t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

static void
test_dpc_same_output_whatever_order_files_budget_and_threads(void **state)
{
	char *dir = fixture_dir();
	GPtrArray *f = ff1_rows(), *e = ef_rows();
	char *ft = joined("", f, NULL, 0, f->len),
	    *et = joined(ef_title, e, NULL, 0, e->len);
	const char *files[] = { "FF1_" FAC "_2407.txt", ft,
	    "EFn_" FAC "_2407.txt", et, NULL };
	struct out want = run(dir, files, 0, drugs, NULL), got;
	GRand *r = g_rand_new_with_seed(11);
	size_t *fo = g_new(size_t, f->len), *eo = g_new(size_t, e->len);
	int trial;

	(void)state;
	assert_int_equal(want.rc, QI_OK);
	for (trial = 0; trial < 20; trial++) {
		/* shuffled, split over two monthly files each, header or not */
		size_t fh = (size_t)g_rand_int_range(r, 0, (gint32)f->len),
		    eh = (size_t)g_rand_int_range(r, 0, (gint32)e->len);
		char *f1, *f2, *e1, *e2;

		shuffle(fo, f->len, r);
		shuffle(eo, e->len, r);
		f1 = joined(trial % 2 ? "施設コード\tデータ識別番号\r\n" : "", f,
		    fo, 0, fh);
		f2 = joined("", f, fo, fh, f->len);
		e1 = joined(ef_title, e, eo, 0, eh);
		e2 = joined(ef_title, e, eo, eh, e->len);
		{
			const char *v[] = { "FF1_" FAC "_2405.txt", f1,
			    "FF1_" FAC "_2408.txt", f2, "EFn_" FAC "_2405.txt",
			    e1, "EFn_" FAC "_2408.txt", e2, NULL };

			/*
			 * a small budget: the sort spills to run files; one
			 * to three threads reading the four files
			 */
			jobs = 1 + (unsigned)trial % 3;
			got = run(dir, v, trial % 3 == 0 ? 1 : 0, drugs, NULL);
			jobs = 1;
		}
		assert_int_equal(got.rc, QI_OK);
		assert_string_equal(got.stays, want.stays);
		assert_string_equal(got.events, want.events);
		assert_string_equal(got.items, want.items);
		out_free(&got);
		g_free(f1);
		g_free(f2);
		g_free(e1);
		g_free(e2);
	}
	out_free(&want);
	g_free(fo);
	g_free(eo);
	g_rand_free(r);
	g_free(ft);
	g_free(et);
	g_ptr_array_free(f, TRUE);
	g_ptr_array_free(e, TRUE);
	fixture_rmdir(dir);
}

static void
test_dpc_cp932_gzip_and_bom_read_alike(void **state)
{
	char *dir = fixture_dir();
	GPtrArray *f = ff1_rows(), *e = ef_rows();
	char *ft = joined("", f, NULL, 0, f->len),
	    *et = joined(ef_title, e, NULL, 0, e->len), *ecp, *fbom, *path;
	const char *files[] = { "FF1_" FAC "_2407.txt", ft,
	    "EFn_" FAC "_2407.txt", et, NULL };
	struct out want = run(dir, files, 0, drugs, NULL), got;
	gsize n;
	gzFile gz;

	(void)state;
	/* EF in CP932, compressed; 様式1 in UTF-8 with a BOM */
	ecp = g_convert(et, -1, "CP932", "UTF-8", NULL, &n, NULL);
	assert_non_null(ecp);
	path = g_build_filename(dir, "EFn_" FAC "_2407.txt.gz", NULL);
	gz = gzopen(path, "wb");
	gzwrite(gz, ecp, (unsigned)n);
	gzclose(gz);
	fbom = g_strconcat("\xef\xbb\xbf", ft, NULL);
	{
		struct qi_registry *reg = registry(dir);
		struct qi_diag *d = qi_diag_alloc();
		struct qi_dpc_opts o;
		char *fpath = fixture_file(dir, "FF1_" FAC "_2407.txt", fbom);
		char *dpath = fixture_file(dir, "drug_master.csv", drugs);
		char *paths[] = { fpath, path, NULL }, *tmp = fixture_dir();
		char *sb = NULL, *eb = NULL;
		size_t sn = 0, en = 0;
		FILE *s = open_memstream(&sb, &sn), *e2 = open_memstream(&eb,
		    &en);

		qi_dpc_opts_defaults(&o);
		o.tmpdir = tmp;
		got.rc = qi_dpc_read(paths, dpath, reg, &o, s, e2, NULL, &got.n, d);
		fclose(s);
		fclose(e2);
		got.stays = sb;
		got.events = eb;
		got.diag = fixture_diag_text(d);
		got.items = NULL;
		qi_diag_free(d);
		qi_registry_free(reg);
		fixture_rmdir(tmp);
		g_remove(fpath);
		g_remove(dpath);
		g_free(fpath);
		g_free(dpath);
	}
	assert_int_equal(got.rc, QI_OK);
	assert_string_equal(got.stays, want.stays);
	assert_string_equal(got.events, want.events);
	out_free(&got);
	out_free(&want);
	g_remove(path);
	g_free(path);
	g_free(ecp);
	g_free(fbom);
	g_free(ft);
	g_free(et);
	g_ptr_array_free(f, TRUE);
	g_ptr_array_free(e, TRUE);
	fixture_rmdir(dir);
}

static void
test_dpc_problems_reported_once_at_their_place(void **state)
{
	char *dir = fixture_dir();
	GString *ft = g_string_new(NULL);
	char *row;
	struct out o;
	size_t i;

	(void)state;
	row = ff1("0000000001", "20240701", "0", "A000030", "0",
	    "20240732||1|0");				/* line 1: bad date */
	g_string_append(ft, row);
	g_free(row);
	g_string_append(ft, FAC "\t0000000002\t20240701\t0\t0\tA000030\t"
	    "20240601\t0\t20240705\r\n");		/* line 2: 9 fields */
	row = ff1("0000000003", "20240701", "0", "A000030", "0",
	    "20240705||8|0");				/* line 3: outcome 8 */
	g_string_append(ft, row);
	g_free(row);
	g_string_append(ft, "\t\t\t\r\n");		/* Excel's blank row */
	for (i = 0; i < 50; i++) {	/* lines 5-54: an unknown facility */
		row = ff1("0000000004", "20240701", "0", "A000030", "0",
		    "20240705||1|0");
		memcpy(row, "099999999", 9);
		g_string_append(ft, row);
		g_free(row);
	}
	{
		const char *files[] = { "FF1_" FAC "_2407.txt", ft->str,
		    "EFn_" FAC "_2407.txt", "\x82\xa0\t\xff\xfe\r\n", NULL };

		struct out o2;

		o = run(dir, files, 0, NULL, NULL);
		/* two threads report the same, in the order of the files */
		jobs = 2;
		o2 = run(dir, files, 0, NULL, NULL);
		jobs = 1;
		assert_string_equal(o2.diag, o.diag);
		out_free(&o2);
	}
	assert_int_equal(o.rc, QI_EINPUT);
	assert_non_null(strstr(o.diag, "FF1_" FAC "_2407.txt:1:54: error: "
	    "bad 退院年月日 '20240732'"));
	assert_non_null(strstr(o.diag, "FF1_" FAC "_2407.txt:2: error: 9 "
	    "fields where a 様式1 row has 17"));
	assert_non_null(strstr(o.diag, "FF1_" FAC "_2407.txt:3:64: error: "
	    "bad 退院時転帰 '8'"));
	/* one error for 50 rows of an unknown facility */
	assert_non_null(strstr(o.diag, "FF1_" FAC "_2407.txt:5:1: error: "
	    "facility code '099999999' is not in hospitals.csv (50 rows in "
	    "1 files)"));
	assert_null(strstr(strstr(o.diag, "099999999") + 1, "099999999"));
	assert_non_null(strstr(o.diag, "EFn_" FAC "_2407.txt:1:3: error: not "
	    "valid CP932 text (byte 0xFF)"));
	assert_null(strstr(o.diag, ":4:"));	/* the blank row */
	out_free(&o);
	fixture_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dpc_items_and_acts_become_stays_and_events),
		cmocka_unit_test(test_dpc_same_output_whatever_order_files_budget_and_threads),
		cmocka_unit_test(test_dpc_cp932_gzip_and_bom_read_alike),
		cmocka_unit_test(test_dpc_problems_reported_once_at_their_place),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
