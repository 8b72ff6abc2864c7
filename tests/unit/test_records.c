/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_records.c -- the patient-level reader: stays joined with their
 * events; every kind of bad row reported at its line and column (or
 * counted by reason with skip_bad_rows); encodings, TSV, quoting; shards
 * by byte range that together give exactly one pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "codelist.h"
#include "qi.h"
#include "records.h"
#include "fixture.h"

#define ORGS "code,name_ja,name_en,url\n" \
	"NHO,国立病院機構,National Hospital Organization,https://nho.example/\n"
#define HOSPS "id,org,name_ja,name_en,region,beds\n" \
	"N001,NHO,甲架空病院,Ko Fictional Hospital,関東信越,300\n" \
	"N002,NHO,乙架空病院,Otsu Fictional Hospital,近畿,200\n"

/* Every required stays column, and two optional ones. */
#define SH "hospital,stay,patient,admission,discharge,age,sex,dx_main," \
	"dx_comorbid,outcome\n"
#define EH "hospital,stay,day,code,kind,qty\n"

static struct qi_registry *reg;

static int
group_setup(void **state)
{
	char *dir = fixture_dir();
	char *o = fixture_file(dir, "organisations.csv", ORGS);
	char *h = fixture_file(dir, "hospitals.csv", HOSPS);
	enum qi_err rc = qi_registry_load(o, h, NULL, &reg, NULL);

	(void)state;
	g_free(o);
	g_free(h);
	fixture_rmdir(dir);
	return rc == QI_OK ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	qi_registry_free(reg);
	return 0;
}

struct run {
	char			*stays;		/* "hosp/stay adm-dis dx [ev ...];" */
	char			*diag;		/* printed diagnostics */
	int			 last;		/* last qi_records_next() value */
	enum qi_err		 rc;		/* of qi_records_open() */
	struct qi_records_counts c;
};

static void
run_free(struct run *r)
{
	g_free(r->stays);
	g_free(r->diag);
}

static void
dump_stay(GString *out, const struct qi_stay *st)
{
	size_t i;

	g_string_append_printf(out, "%ld/%s %g-%g %s", st->hospital, st->stay,
	    st->num[QI_F_ADMISSION], st->num[QI_F_DISCHARGE], st->code[0]);
	for (i = 0; i < st->ncomorbid; i++)
		g_string_append_printf(out, "%c%s", i ? ':' : '+',
		    st->comorbid[i]);
	for (i = 0; i < st->nev; i++)
		g_string_append_printf(out, " %d:%s:%d:%g", st->ev[i].day,
		    st->ev[i].code, (int)st->ev[i].kind, st->ev[i].qty);
	g_string_append(out, ";");
}

/* Read stays (and events, if not NULL) through one reader with o. */
static void
read_paths(const char *sp, const char *ep, const struct qi_records_opts *o,
    GString *out, struct run *r, struct qi_diag *d)
{
	struct qi_records *rd;
	const struct qi_stay *st;

	r->rc = qi_records_open(sp, ep, reg, NULL, o, &rd, d);
	r->last = 0;
	if (r->rc != QI_OK)
		return;
	while ((r->last = qi_records_next(rd, &st)) == 1)
		dump_stay(out, st);
	r->c = *qi_records_counts(rd);
	qi_records_free(rd);
}

/* Read stays (sn bytes) and events (en bytes; NULL: none) from files. */
static struct run
read_bytes(const char *stays, size_t sn, const char *events, size_t en,
    int skip, const char *encoding)
{
	struct qi_records_opts o;
	struct run r;
	struct qi_diag *d = qi_diag_alloc();
	char *dir = fixture_dir();
	char *sp = fixture_bytes(dir, "stays.csv", stays, sn);
	char *ep = events ? fixture_bytes(dir, "events.csv", events, en) :
	    NULL;
	GString *out = g_string_new(NULL);

	memset(&r, 0, sizeof(r));
	qi_records_opts_defaults(&o);
	o.skip_bad_rows = skip;
	o.encoding = encoding;
	read_paths(sp, ep, &o, out, &r, d);
	r.stays = g_string_free(out, FALSE);
	r.diag = fixture_diag_text(d);
	qi_diag_free(d);
	g_free(sp);
	g_free(ep);
	fixture_rmdir(dir);
	return r;
}

static struct run
read_text(const char *stays, const char *events, int skip,
    const char *encoding)
{
	return read_bytes(stays, strlen(stays), events, events != NULL ?
	    strlen(events) : 0, skip, encoding);
}

/* The diagnostics must contain needle. */
#define assert_diag(r, needle) do {					\
	if (strstr((r).diag, (needle)) == NULL)				\
		fail_msg("'%s' not in diagnostics:\n%s", (needle),	\
		    (r).diag);						\
} while (0)

static void
test_records_stays_joined_with_events_sorted_by_day(void **state)
{
	struct run r;

	(void)state;
	r = read_text(SH
	    "N001,s1,p1,2024-04-01,2024-04-10,80,1,I639,E119;I10,1\n"
	    "N001,s2,p2,2024-04-02,2024-04-02,70,2,S7200,,6\n"
	    "N002,s1,p3,1970-01-01,1970-01-03,65,2,J189,,1\n",
	    EH
	    "N001,s1,3,K1781,procedure,1\n"
	    "N001,s1,0,H001,rehab,2.5\n"
	    "N001,s1,0,D001,test,\n"
	    "N002,s1,1,620000001,drug,3\n", 0, NULL);
	assert_int_equal(r.last, 0);
	assert_string_equal(r.diag, "");
	assert_string_equal(r.stays,
	    "0/s1 19814-19823 I639+E119:I10 0:H001:4:2.5 0:D001:2:1 "
	    "3:K1781:1:1;"
	    "0/s2 19815-19815 S7200;"
	    "1/s1 0-2 J189 1:620000001:0:3;");
	assert_int_equal(r.c.stays, 3);
	assert_int_equal(r.c.events, 4);
	assert_int_equal(r.c.stay_rows, 3);
	assert_int_equal(r.c.event_rows, 4);
	run_free(&r);
}

static void
test_records_event_date_becomes_day_from_admission(void **state)
{
	struct run r;

	(void)state;
	r = read_text(SH "N001,s1,p1,2024-02-28,2024-03-02,80,1,I639,,1\n",
	    "hospital,stay,date,code\n"
	    "N001,s1,2024-03-01,K1781\nN001,s1,2024-02-28,K000\n", 0, NULL);
	assert_string_equal(r.diag, "");
	assert_string_equal(r.stays,
	    "0/s1 19781-19784 I639 0:K000:6:1 2:K1781:6:1;");
	run_free(&r);
}

static void
test_records_event_without_day_or_date(void **state)
{
	struct run r;

	(void)state;
	r = read_text(SH "N001,s1,p1,2024-02-28,2024-03-02,80,1,I639,,1\n",
	    "hospital,stay,code,date\nN001,s1,K1781,\n", 0, NULL);
	assert_diag(r, "events.csv:2:15: error: event without day or date");
	run_free(&r);
}

/*
 * Stays read before the first event, and an events file of a header
 * only: the events arena does not exist yet (issue 14, finding 12: an
 * offset added to its NULL pointer, reported by clang's UBSan).
 */
static void
test_records_stays_before_any_event(void **state)
{
	struct run r;

	(void)state;
	r = read_text(SH "N001,s1,p1,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s2,p2,2024-04-02,2024-04-02,70,2,S7200,,6\n",
	    "hospital,stay,day,code\nN001,s2,0,K000\n", 0, NULL);
	assert_string_equal(r.diag, "");
	assert_string_equal(r.stays,
	    "0/s1 19814-19823 I639;0/s2 19815-19815 S7200 0:K000:6:1;");
	run_free(&r);
	r = read_text(SH "N001,s1,p1,2024-04-01,2024-04-10,80,1,I639,,1\n",
	    "hospital,stay,day,code\n", 0, NULL);
	assert_string_equal(r.diag, "");
	assert_string_equal(r.stays, "0/s1 19814-19823 I639;");
	run_free(&r);
}

/*
 * A day is a whole number within 100,000 days of admission, written as
 * digits or as a number such as 3.0; anything else is reported.
 */
static void
test_records_event_day_whole_and_in_range(void **state)
{
	struct run r;

	(void)state;
	r = read_text(SH "N001,s1,p1,2024-04-01,2024-04-10,80,1,I639,,1\n",
	    EH "N001,s1,3.0,K1781,other,1\nN001,s1,-2,K1781,other,1\n"
	    "N001,s1,007,K1781,other,1\nN001,s1,100000,K1781,other,1\n",
	    0, NULL);
	/* a day after discharge is kept, and told once (follow-up care) */
	assert_diag(r, "events.csv:5:9: note: 1 event after the discharge of "
	    "its stay, the first of stay 's1' of hospital 'N001' on day "
	    "100000 (discharge on day 9)");
	assert_null(strstr(r.diag, "error"));
	assert_string_equal(r.stays, "0/s1 19814-19823 I639 -2:K1781:6:1 "
	    "3:K1781:6:1 7:K1781:6:1 100000:K1781:6:1;");
	run_free(&r);
	r = read_text(SH "N001,s1,p1,2024-04-01,2024-04-10,80,1,I639,,1\n",
	    EH "N001,s1,100001,K1781,other,1\nN001,s1,2.5,K1781,other,1\n"
	    "N001,s1,-100001,K1781,other,1\nN001,s1,3x,K1781,other,1\n",
	    1, NULL);
	assert_diag(r, "events.csv:2:9: warning: bad day '100001'");
	assert_diag(r, "events.csv:3:9: warning: bad day '2.5'");
	assert_diag(r, "events.csv:4:9: warning: bad day '-100001'");
	assert_diag(r, "events.csv:5:9: warning: bad day '3x'");
	run_free(&r);
}

static void
test_records_bad_date_at_line_and_column(void **state)
{
	struct run r;

	(void)state;
	r = read_text(SH
	    "N001,s1,p1,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s2,p2,2024-02-01,2024-02-30,80,1,I639,,1\n"
	    "N001,s3,p2,2023-02-01,2023-02-29,80,1,I639,,1\n", NULL, 0, NULL);
	assert_int_equal(r.last, -1);
	assert_diag(r, "stays.csv:3:23: error: bad date '2024-02-30' in "
	    "discharge");
	assert_diag(r, "stays.csv:4:23: error: bad date '2023-02-29'");
	assert_diag(r, "YYYY-MM-DD");
	/* the good first stay is delivered before the error is found */
	assert_string_equal(r.stays, "0/s1 19814-19823 I639;");
	run_free(&r);
}

static void
test_records_wrong_field_count_at_line_and_column(void **state)
{
	struct run r;

	(void)state;
	r = read_text(SH
	    "N001,s1,p1,2024-04-01,2024-04-10,80,1,I639,,1,extra\n"
	    "N001,s2,p1,2024-04-01,2024-04-10,80,1,I639,\n", NULL, 0, NULL);
	assert_int_equal(r.last, -1);
	assert_diag(r, "stays.csv:2:47: error: 11 fields where the header has 10");
	assert_diag(r, "stays.csv:3:44: error: 9 fields where the header has 10");
	assert_string_equal(r.stays, "");
	run_free(&r);
}

static void
test_records_bad_number_and_boolean(void **state)
{
	struct run r;

	(void)state;
	r = read_text("hospital,stay,admission,discharge,age,sex,dx_main,"
	    "outcome,emergency\n"
	    "N001,s1,2024-04-01,2024-04-10,8O,1,I639,1,1\n"
	    "N001,s2,2024-04-01,2024-04-10,80,1,I639,1,yes\n", NULL, 0, NULL);
	assert_diag(r, "stays.csv:2:31: error: bad number '8O' in age");
	assert_diag(r, "stays.csv:3:43: error: bad boolean 'yes' in emergency");
	run_free(&r);
}

static void
test_records_unknown_hospital(void **state)
{
	struct run r;

	(void)state;
	r = read_text(SH "X999,s1,p1,2024-04-01,2024-04-10,80,1,I639,,1\n",
	    NULL, 0, NULL);
	assert_int_equal(r.last, -1);
	assert_diag(r, "stays.csv:2:1: error: unknown hospital 'X999' (1 row)");
	assert_diag(r, "hospitals.csv");
	run_free(&r);
	/*
	 * One root cause, one error: an unknown id on many rows is one
	 * error at its first row with the rows counted, and its stays'
	 * events are left out with them, not reported again.
	 */
	r = read_text(SH
	    "N001,s1,p1,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "X999,s1,p1,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "X999,s2,p1,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "X999,s3,p1,2024-04-01,2024-04-10,80,1,I639,,1\n",
	    EH "N001,s1,1,K1,procedure,1\n"
	    "X999,s1,1,K1,procedure,1\nX999,s2,1,K1,procedure,1\n"
	    "X999,s3,1,K1,procedure,1\nX999,s3,2,K1,procedure,1\n", 0, NULL);
	assert_int_equal(r.last, -1);
	assert_diag(r, "stays.csv:3:1: error: unknown hospital 'X999' (3 rows)");
	assert_null(strstr(strstr(r.diag, "(3 rows)"), "error"));
	assert_null(strstr(r.diag, "events.csv"));
	assert_null(strstr(r.diag, "stays.csv:4:"));
	run_free(&r);
}

static void
test_records_missing_column_lists_expected_names(void **state)
{
	struct run r;

	(void)state;
	r = read_text("hospital,stay,admission,age,sex,dx_main,outcome\n",
	    "hospital,code\n", 0, NULL);
	assert_int_equal(r.rc, QI_EINPUT);
	assert_diag(r, "stays.csv:1:1: error: missing column 'discharge'");
	assert_diag(r, "the columns are hospital, stay, patient (optional), "
	    "admission, discharge");
	assert_diag(r, "events.csv:1:1: error: missing column 'stay'");
	assert_diag(r, "events.csv:1:1: error: missing column 'day' or 'date'");
	run_free(&r);
}

static void
test_records_duplicate_column(void **state)
{
	struct run r;

	(void)state;
	r = read_text("hospital,stay,admission,discharge,age,sex,dx_main,"
	    "outcome,age\n", NULL, 0, NULL);
	assert_int_equal(r.rc, QI_EINPUT);
	assert_diag(r, "stays.csv:1:59: error: duplicate column 'age'");
	run_free(&r);
}

static void
test_records_out_of_order_stay_with_sort_hint(void **state)
{
	struct run r;

	(void)state;
	r = read_text(SH
	    "N001,s2,p1,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s10,p1,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s10,p1,2024-04-01,2024-04-10,80,1,I639,,1\n", NULL, 0, NULL);
	assert_int_equal(r.last, -1);
	/*
	 * One root cause, one error: the first row out of place, the order
	 * explained (no shell command), the other rows counted in a note.
	 */
	assert_diag(r, "stays.csv:3:1: error: not sorted by hospital, then "
	    "stay: stay 's10' of hospital 'N001' comes after 's2' of 'N001'");
	assert_diag(r, "sorted by the hospital column, then the stay column, "
	    "comparing the text byte by byte");
	assert_diag(r, "so 's10' comes before 's2'");
	assert_diag(r, "stays.csv: note: 2 rows out of order in all");
	assert_null(strstr(r.diag, "stays.csv:4:"));
	assert_null(strstr(r.diag, "sort -t"));
	run_free(&r);
	/* a duplicate: s10 then s10 */
	r = read_text(SH
	    "N001,s10,p1,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s10,p1,2024-04-01,2024-04-10,80,1,I639,,1\n", NULL, 0, NULL);
	assert_diag(r, "stays.csv:3:1: error: stay 's10' of hospital 'N001' "
	    "appears twice");
	run_free(&r);
}

static void
test_records_event_without_stay_and_out_of_order_event(void **state)
{
	struct run r;

	(void)state;
	r = read_text(SH
	    "N001,s1,p1,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s3,p1,2024-04-01,2024-04-10,80,1,I639,,1\n",
	    EH
	    "N001,s0,1,K1,procedure,1\n"
	    "N001,s1,1,K1,procedure,1\n"
	    "N001,s2,1,K1,procedure,1\n"
	    "N001,s1,1,K1,procedure,1\n"
	    "N001,s4,1,K1,procedure,1\n", 0, NULL);
	assert_int_equal(r.last, -1);
	assert_diag(r, "events.csv:2:6: error: event of stay 's0' of hospital "
	    "'N001', which is not in the stays file");
	assert_diag(r, "events.csv:4:6: error: event of stay 's2'");
	assert_diag(r, "events.csv:5:1: error: not sorted by hospital, then "
	    "stay: event of stay 's1' of hospital 'N001' comes after stay 's2' "
	    "of 'N001'");
	assert_diag(r, "events.csv:6:6: error: event of stay 's4'");
	run_free(&r);
}

static void
test_records_invalid_utf8_hints_cp932(void **state)
{
	struct run r;

	(void)state;
	/* 患者 in CP932 */
	r = read_text(SH "N001,s1,\x8a\xb3\x8e\xd2,2024-04-01,2024-04-10,80,"
	    "1,I639,,1\n", NULL, 0, NULL);
	assert_int_equal(r.last, -1);
	assert_diag(r, "stays.csv:2:9: error: invalid UTF-8 byte 0x8A");
	assert_diag(r, "--encoding cp932");
	run_free(&r);
	r = read_text(SH "N001,s1,\xff\xfe,2024-04-01,2024-04-10,80,"
	    "1,I639,,1\n", NULL, 0, NULL);
	assert_diag(r, "stays.csv:2:9: error: invalid UTF-8 byte 0xFF");
	assert_true(strstr(r.diag, "cp932") == NULL);
	run_free(&r);
}

static void
test_records_cp932_file_read(void **state)
{
	struct run r;

	(void)state;
	r = read_text(SH "N001,s1,\x8a\xb3\x8e\xd2,2024-04-01,2024-04-10,80,"
	    "1,I639,,1\nN001,s2,p,2024-04-01,2024-04-1x,80,1,I639,,1\n",
	    EH "N001,s1,1,K1,procedure,1\n", 0, "cp932");
	assert_string_equal(r.stays, "0/s1 19814-19823 I639 1:K1:1:1;");
	assert_diag(r, "stays.csv:3:22: error: bad date '2024-04-1x'");
	run_free(&r);
}

static void
test_records_tsv_bom_crlf(void **state)
{
	struct run r;

	(void)state;
	r = read_text("\xEF\xBB\xBFhospital\tstay\tadmission\tdischarge\tage"
	    "\tsex\tdx_main\toutcome\r\n"
	    "N001\ts1\t2024-04-01\t2024-04-10\t80\t1\tI639\t1\r\n"
	    "N001\ts2\t2024-04-01\t2024-04-10\t80\t1\tI639\t1", 
	    "\xEF\xBB\xBFhospital\tstay\tday\tcode\r\nN001\ts2\t4\tK1\r\n", 0,
	    NULL);
	assert_string_equal(r.diag, "");
	assert_string_equal(r.stays, "0/s1 19814-19823 I639;"
	    "0/s2 19814-19823 I639 4:K1:6:1;");
	run_free(&r);
}

static void
test_records_spaces_around_fields_trimmed(void **state)
{
	struct run r;

	(void)state;
	/*
	 * Spaces before and after a field go, inside it they stay (and make
	 * a code bad); a row without spaces is read as it is.  The rows are
	 * long enough to be split 16 bytes at a time and then byte by byte.
	 */
	r = read_text("hospital,stay,admission,discharge,age,sex,dx_main,"
	    "dx_comorbid,outcome\n"
	    "  N001 , s1,2024-04-01 ,  2024-04-10,80,1, I639 ,E119;N189  ,1\n"
	    "N001,s2,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s3,2024-04-01,2024-04-10,80,1,I6 39,,1   \n",
	    "hospital,stay,day,code\n N001,s1 , 4 ,K1 \nN001,s2,3,  K2\n", 0,
	    NULL);
	assert_diag(r, "stays.csv:4:36: error: bad code 'I6 39' in dx_main");
	assert_string_equal(r.stays, "0/s1 19814-19823 I639+E119:N189 4:K1:6:1;"
	    "0/s2 19814-19823 I639 3:K2:6:1;");
	run_free(&r);
}

static void
test_records_quoted_commas_and_newlines_keep_line_numbers(void **state)
{
	struct run r;

	(void)state;
	r = read_text("hospital,stay,note,admission,discharge,age,sex,dx_main,"
	    "outcome\n"
	    "N001,\"s,1\",\"two\nlines, \"\"quoted\"\"\",2024-04-01,2024-04-10,"
	    "80,1,I639,1\n"
	    "N001,s2,\"x\",2024-04-01,2024-04-10,80,1,I6X.9,1\n", NULL, 0, NULL);
	assert_diag(r, "stays.csv:4:40: error: bad code 'I6X.9' in dx_main");
	assert_string_equal(r.stays, "0/s,1 19814-19823 I639;");
	run_free(&r);
}

static void
test_records_broken_quote_reported(void **state)
{
	struct run r;

	(void)state;
	r = read_text(SH "N001,s1,p\"1,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s2,p1,2024-04-01,2024-04-10,80,1,I639,,1\n", NULL, 1, NULL);
	assert_diag(r, "stays.csv:2:10: warning: malformed quoting");
	run_free(&r);
}

static void
test_records_skip_mode_counts_by_reason(void **state)
{
	struct run r;

	(void)state;
	r = read_text(SH
	    "N001,s1,p1,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s2,p1,2024-04-01,2024-04-31,80,1,I639,,1\n"
	    "N001,s3,p1,2024-04-01,2024-04-10,eighty,1,I639,,1\n"
	    "N001,s4,p1,2024-04-01,2024-04-10,80,1,I639,,1,x\n"
	    "N001,s5,p1,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s0,p1,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "X001,s1,p1,2024-04-01,2024-04-10,80,1,I639,,1\n",
	    EH
	    "N001,s1,1,K1,procedure,1\n"
	    "N001,s2,1,K1,procedure,1\n"
	    "N001,s2,1,K1,procedure,1\n"
	    "N001,s5,1,K1,procedure,x\n"
	    "N001,s5,2,K2,procedure,1\n"
	    "N001,s6,1,K1,procedure,1\n", 1, NULL);
	assert_int_equal(r.last, 0);
	assert_string_equal(r.stays, "0/s1 19814-19823 I639 1:K1:1:1;"
	    "0/s5 19814-19823 I639 2:K2:1:1;");
	assert_int_equal(r.c.stay_rows, 7);
	assert_int_equal(r.c.stays, 2);
	assert_int_equal(r.c.stays_skipped[QI_RR_DATE], 1);
	assert_int_equal(r.c.stays_skipped[QI_RR_NUMBER], 1);
	assert_int_equal(r.c.stays_skipped[QI_RR_FIELDS], 1);
	assert_int_equal(r.c.stays_skipped[QI_RR_ORDER], 1);
	assert_int_equal(r.c.stays_skipped[QI_RR_HOSPITAL], 1);
	assert_int_equal(r.c.event_rows, 6);
	assert_int_equal(r.c.events, 2);
	assert_int_equal(r.c.events_skipped[QI_RR_STAY_SKIPPED], 2);
	assert_int_equal(r.c.events_skipped[QI_RR_NUMBER], 1);
	assert_int_equal(r.c.events_skipped[QI_RR_ORPHAN], 1);
	assert_diag(r, "stays.csv:3:23: warning: bad date '2024-04-31'");
	run_free(&r);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Each event goes to the stay of its whole id: ids of 3 to 17 bytes, in
 * pairs that differ in one byte (second, middle or last), each stay with
 * one event of its own, the events of neighbours in consecutive rows.
 */
static void
test_records_events_join_by_the_whole_id(void **state)
{
	static const size_t lens[] = { 3, 5, 8, 9, 12, 17 };
	GString *st = g_string_new(SH), *ev = g_string_new(EH);
	GString *want = g_string_new(NULL);
	GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
	size_t i, p, k;
	struct run r;

	(void)state;
	for (i = 0; i < G_N_ELEMENTS(lens); i++)
		for (p = 1; p < lens[i]; p++) {
			if (p != 1 && p != lens[i] / 2 && p != lens[i] - 1)
				continue;
			for (k = 1; k <= 2; k++) {
				char *id = g_strnfill(lens[i], '0');

				id[0] = (char)('a' + i);	/* a length's ids together */
				id[p] = (char)('0' + k);
				g_ptr_array_add(ids, id);
			}
		}
	g_ptr_array_sort(ids, cmp_str);		/* byte order, as sort does */
	for (k = 0; k < ids->len; k++) {
		const char *id = g_ptr_array_index(ids, k);

		g_string_append_printf(st, "N001,%s,p1,2024-04-01,2024-04-10,"
		    "80,1,I639,,1\n", id);
		g_string_append_printf(ev, "N001,%s,%zu,K%zu,procedure,1\n", id,
		    k % 9, k);
		g_string_append_printf(want, "0/%s 19814-19823 I639 %zu:K%zu:1:1;",
		    id, k % 9, k);
	}
	r = read_text(st->str, ev->str, 0, NULL);
	assert_string_equal(r.diag, "");
	assert_string_equal(r.stays, want->str);
	run_free(&r);
	g_ptr_array_free(ids, TRUE);
	g_string_free(st, TRUE);
	g_string_free(ev, TRUE);
	g_string_free(want, TRUE);
}

static void
test_records_bad_ids_reported_and_left_out(void **state)
{
	/* a NUL byte in an id, an id of 65 bytes; sizeof - 1: the last NUL */
	static const char stays[] = SH
	    "N001,s0,p1,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s1\0x,p1,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s1,p1,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s2,p0123456789012345678901234567890123456789012345678"
	    "901234567890123,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s3,p1,2024-04-01,2024-04-10,80,1,I639,,1\n";
	static const char events[] = EH
	    "N001,s1,1,K1,procedure,1\n"
	    "N0\0,s3,1,K1,procedure,1\n"
	    "N001,s3,2,K2,procedure,1\n";
	struct run r;

	(void)state;
	r = read_bytes(stays, sizeof(stays) - 1, events, sizeof(events) - 1,
	    1, NULL);
	/* the bad rows leave no part of their ids behind: s1 reads */
	assert_string_equal(r.stays, "0/s0 19814-19823 I639;"
	    "0/s1 19814-19823 I639 1:K1:1:1;0/s3 19814-19823 I639 2:K2:1:1;");
	assert_int_equal(r.c.stays_skipped[QI_RR_ENCODING], 1);
	assert_int_equal(r.c.stays_skipped[QI_RR_CODE], 1);
	assert_int_equal(r.c.events_skipped[QI_RR_ENCODING], 1);
	assert_diag(r, "stays.csv:3:6: warning: NUL byte in stay id");
	assert_diag(r, "stays.csv:5:9: warning: patient id too long");
	assert_diag(r, "events.csv:3:1: warning: NUL byte in hospital id");
	run_free(&r);
}

static void
test_records_errors_stop_delivery_and_are_capped(void **state)
{
	GString *s = g_string_new(SH);
	struct qi_records_opts o;
	struct qi_records *rd;
	const struct qi_stay *st;
	struct qi_diag *d = qi_diag_alloc();
	char *dir = fixture_dir(), *sp;
	int i, n = 0, k;

	(void)state;
	for (i = 0; i < 300; i++)
		g_string_append_printf(s, "N001,s%03d,p,2024-04-01,2024-04-%s,"
		    "80,1,I639,,1\n", i, i % 2 ? "99" : "10");
	sp = fixture_file(dir, "stays.csv", s->str);
	qi_records_opts_defaults(&o);
	o.max_errors = 5;
	assert_int_equal(qi_records_open(sp, NULL, reg, NULL, &o, &rd, d),
	    QI_OK);
	while ((k = qi_records_next(rd, &st)) == 1)
		n++;
	assert_int_equal(k, -1);
	assert_int_equal(n, 1);		/* s000; none after s001's error */
	assert_int_equal(qi_diag_count(d, QI_ERROR), 5);
	qi_records_free(rd);
	qi_diag_free(d);
	g_free(sp);
	g_string_free(s, TRUE);
	fixture_rmdir(dir);
}

static void
test_records_sample_mode_stops_after_n(void **state)
{
	struct qi_records_opts o;
	struct qi_records *rd;
	const struct qi_stay *st;
	char *dir = fixture_dir();
	char *sp = fixture_file(dir, "stays.csv", SH
	    "N001,s1,p1,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s2,p1,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s3,p1,2024-04-01,2024-04-10,80,1,I639,,1\n");
	int n = 0;

	(void)state;
	qi_records_opts_defaults(&o);
	o.max_stays = 2;
	assert_int_equal(qi_records_open(sp, NULL, reg, NULL, &o, &rd, NULL),
	    QI_OK);
	while (qi_records_next(rd, &st) == 1)
		n++;
	assert_int_equal(n, 2);
	qi_records_free(rd);
	g_free(sp);
	fixture_rmdir(dir);
}

/* A larger pair of files: n stays in two hospitals, 0-5 events each. */
static void
make_files(GString *s, GString *e, int n)
{
	int i, j;
	guint32 x = 12345;

	g_string_assign(s, SH);
	g_string_assign(e, EH);
	for (i = 0; i < n; i++) {
		const char *h = i < n / 3 ? "N001" : "N002";

		x = x * 1103515245u + 12345u;
		g_string_append_printf(s, "%s,st%06d,\"p,%d\",2024-04-%02d,"
		    "2024-05-%02d,%u,1,I%03u,E119;I10,1\n", h, i, i,
		    1 + i % 28, 1 + i % 28, x % 100, x % 1000);
		for (j = 0; j < (int)(x >> 8) % 6; j++)
			g_string_append_printf(e, "%s,st%06d,%d,K%u,procedure,"
			    "1\n", h, i, (j * 7) % 5, (x >> (j + 3)) % 900);
		if (i % 97 == 5)	/* an orphan between two stays */
			g_string_append_printf(e, "%s,st%06d~,1,K1,fee,1\n",
			    h, i);
	}
}

/* One pass over the files with block size blk, in shards split at cuts. */
static char *
pass(const char *sp, const char *ep, size_t blk, const uint64_t *cuts,
    size_t ncuts, uint64_t *orphans)
{
	GString *out = g_string_new(NULL);
	struct qi_records_opts o;
	struct run r;
	size_t i;

	*orphans = 0;
	for (i = 0; i <= ncuts; i++) {
		struct qi_diag *d = qi_diag_alloc();

		qi_records_opts_defaults(&o);
		o.skip_bad_rows = 1;
		o.block = blk;
		o.start = i == 0 ? 0 : cuts[i - 1];
		o.end = i == ncuts ? 0 : cuts[i];
		memset(&r, 0, sizeof(r));
		read_paths(sp, ep, &o, out, &r, d);
		assert_int_equal(r.rc, QI_OK);
		assert_int_equal(r.last, 0);
		*orphans += r.c.events_skipped[QI_RR_ORPHAN];
		qi_diag_free(d);
	}
	return g_string_free(out, FALSE);
}

static void
test_records_shards_together_equal_one_pass(void **state)
{
	GString *s = g_string_new(NULL), *e = g_string_new(NULL);
	char *dir = fixture_dir(), *sp, *ep, *one, *two;
	uint64_t cut, size, o1, o2;
	int nstep = 0;

	(void)state;
	make_files(s, e, 3000);
	sp = fixture_file(dir, "stays.csv", s->str);
	ep = fixture_file(dir, "events.csv", e->str);
	size = s->len;
	one = pass(sp, ep, 4096, NULL, 0, &o1);
	assert_true(strlen(one) > 100000);
	assert_int_equal(o1, 3000 / 97 + 1);
	/* the default block reads the same as small blocks */
	two = pass(sp, ep, (size_t)1 << 20, NULL, 0, &o2);
	assert_string_equal(one, two);
	g_free(two);
	/* cuts anywhere, mid-row included, with or without a binary search */
	for (cut = 1; cut < size + 10; cut += size / 37 + 1, nstep++) {
		two = pass(sp, ep, 4096, &cut, 1, &o2);
		assert_string_equal(one, two);
		assert_int_equal(o1, o2);
		g_free(two);
	}
	assert_true(nstep > 30);
	{
		uint64_t cuts[3] = { size / 4, size / 4 + 1, size / 2 + 3 };

		two = pass(sp, ep, 4096, cuts, 3, &o2);
		assert_string_equal(one, two);
		assert_int_equal(o1, o2);
		g_free(two);
	}
	g_free(one);
	g_free(sp);
	g_free(ep);
	g_string_free(s, TRUE);
	g_string_free(e, TRUE);
	fixture_rmdir(dir);
}

static void
test_records_error_line_is_absolute_in_a_shard(void **state)
{
	GString *s = g_string_new(SH);
	struct qi_records_opts o;
	struct qi_records *rd;
	const struct qi_stay *st;
	struct qi_diag *d = qi_diag_alloc();
	char *dir = fixture_dir(), *sp, *text;
	int i;

	(void)state;
	for (i = 0; i < 100; i++)
		g_string_append_printf(s, "N001,s%03d,p,2024-04-01,2024-04-%s,"
		    "80,1,I639,,1\n", i, i == 70 ? "99" : "10");
	sp = fixture_file(dir, "stays.csv", s->str);
	qi_records_opts_defaults(&o);
	o.start = s->len / 2;
	assert_int_equal(qi_records_open(sp, NULL, reg, NULL, &o, &rd, d),
	    QI_OK);
	while (qi_records_next(rd, &st) == 1)
		;
	text = fixture_diag_text(d);
	if (strstr(text, "stays.csv:72:24: error: bad date") == NULL)
		fail_msg("not at line 72:\n%s", text);
	g_free(text);
	qi_records_free(rd);
	qi_diag_free(d);
	g_free(sp);
	g_string_free(s, TRUE);
	fixture_rmdir(dir);
}

static void
test_records_event_list_bits_equal_the_code_lists(void **state)
{
	GString *e = g_string_new(EH);
	struct qi_codeset *cs = NULL;
	struct qi_records_opts o;
	struct qi_records *rd;
	const struct qi_stay *st;
	char *dir = fixture_dir(), *sp, *ep;
	static const char *const real[] = {
		"I639", "K1781", "H001", "620000001", "E200", "A1001", "K0461"
	};
	uint64_t want[64];
	size_t i, w, words, nev = 0, nset = 0;

	(void)state;
	assert_int_equal(qi_codeset_load(QI_TEST_DATA "/../indicators/codes",
	    &cs, NULL), QI_OK);
	words = qi_codeset_words(cs);
	assert_true(words > 0 && words <= 64);
	/* more distinct codes than the cache holds, and many repeats */
	for (i = 0; i < 40000; i++)
		g_string_append_printf(e, "N001,s1,%zu,%s,other,1\n", i % 9,
		    real[i % G_N_ELEMENTS(real)]);
	for (i = 0; i < 40000; i++)
		g_string_append_printf(e, "N001,s1,1,K%zu,other,1\n", i);
	sp = fixture_file(dir, "stays.csv", SH
	    "N001,s1,p1,2024-04-01,2024-04-10,80,1,I639,,1\n");
	ep = fixture_file(dir, "events.csv", e->str);
	qi_records_opts_defaults(&o);
	assert_int_equal(qi_records_open(sp, ep, reg, cs, &o, &rd, NULL),
	    QI_OK);
	assert_int_equal(qi_records_next(rd, &st), 1);
	for (i = 0; i < st->nev; i++, nev++) {
		assert_non_null(st->ev[i].lists);
		qi_codeset_match(cs, st->ev[i].code, want);
		for (w = 0; w < words; w++) {
			if (st->ev[i].lists[w] != want[w])
				fail_msg("event %zu code %s: bits differ", i,
				    st->ev[i].code);
			nset += want[w] != 0;
		}
	}
	assert_int_equal(nev, 80000);
	assert_true(nset > 1000);	/* real codes in real lists */
	assert_int_equal(qi_records_next(rd, &st), 0);
	qi_records_free(rd);
	qi_codeset_free(cs);
	g_free(sp);
	g_free(ep);
	g_string_free(e, TRUE);
	fixture_rmdir(dir);
}

/*
 * A batch: with hold = 3, the three stays handed over stay whole, events
 * and list bits included, while later stays' events make the reader's
 * events arena grow (a stay with 700 events); after the third, the next
 * call reuses the slots.  Each held stay equals what a reader holding
 * one stay at a time gives.
 */
static void
test_records_held_batch_survives_events_growth(void **state)
{
	GString *e = g_string_new(EH), *one = g_string_new(NULL),
	    *held = g_string_new(NULL);
	struct qi_codeset *cs = NULL;
	struct qi_records_opts o;
	struct qi_records *rd;
	const struct qi_stay *st, *batch[3];
	char *dir = fixture_dir(), *sp, *ep;
	static const char *const codes[] = { "A1001", "K0461", "I639", "Z99" };
	size_t i, k, w, words, pass;

	(void)state;
	assert_int_equal(qi_codeset_load(QI_TEST_DATA "/../indicators/codes",
	    &cs, NULL), QI_OK);
	words = qi_codeset_words(cs);
	for (k = 1; k <= 5; k++)
		for (i = 0; i < (k == 2 ? 700u : 3u + k); i++)
			g_string_append_printf(e, "N001,s%zu,%zu,%s,other,1\n",
			    k, (i * 7) % 11, codes[(i + k) % 4]);
	sp = fixture_file(dir, "stays.csv", SH
	    "N001,s1,p1,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s2,p2,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s3,p3,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s4,p4,2024-04-01,2024-04-10,80,1,I639,,1\n"
	    "N001,s5,p5,2024-04-01,2024-04-10,80,1,I639,,1\n");
	ep = fixture_file(dir, "events.csv", e->str);
	for (pass = 0; pass < 2; pass++) {
		GString *out = pass == 0 ? one : held;
		size_t n = 0;
		int r;

		qi_records_opts_defaults(&o);
		o.hold = pass == 0 ? 1 : 3;
		assert_int_equal(qi_records_open(sp, ep, reg, cs, &o, &rd,
		    NULL), QI_OK);
		while ((r = qi_records_next(rd, &st)) == 1) {
			if (pass == 0) {
				dump_stay(out, st);
				continue;
			}
			batch[n++] = st;
			if (n < 3)
				continue;
			for (k = 0; k < n; k++)	/* all three, only now */
				dump_stay(out, batch[k]);
			n = 0;
		}
		assert_int_equal(r, 0);
		for (k = 0; k < n; k++)
			dump_stay(out, batch[k]);
		qi_records_free(rd);
	}
	assert_string_equal(held->str, one->str);
	assert_non_null(strstr(one->str, "s5 "));
	/* and the bits of a held stay's events are its codes' lists */
	qi_records_opts_defaults(&o);
	o.hold = 3;
	assert_int_equal(qi_records_open(sp, ep, reg, cs, &o, &rd, NULL),
	    QI_OK);
	for (k = 0; k < 3; k++)
		assert_int_equal(qi_records_next(rd, &batch[k]), 1);
	assert_int_equal(batch[1]->nev, 700);
	for (k = 0; k < 3; k++)
		for (i = 0; i < batch[k]->nev; i++) {
			uint64_t want[64];

			qi_codeset_match(cs, batch[k]->ev[i].code, want);
			for (w = 0; w < words; w++)
				if (batch[k]->ev[i].lists[w] != want[w])
					fail_msg("stay %zu event %zu: bits "
					    "differ", k + 1, i);
		}
	qi_records_free(rd);
	qi_codeset_free(cs);
	g_free(sp);
	g_free(ep);
	g_string_free(e, TRUE);
	g_string_free(one, TRUE);
	g_string_free(held, TRUE);
	fixture_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records_stays_before_any_event),
		cmocka_unit_test(
		    test_records_stays_joined_with_events_sorted_by_day),
		cmocka_unit_test(
		    test_records_event_date_becomes_day_from_admission),
		cmocka_unit_test(test_records_event_without_day_or_date),
		cmocka_unit_test(test_records_bad_date_at_line_and_column),
		cmocka_unit_test(
		    test_records_wrong_field_count_at_line_and_column),
		cmocka_unit_test(test_records_bad_number_and_boolean),
		cmocka_unit_test(test_records_unknown_hospital),
		cmocka_unit_test(
		    test_records_missing_column_lists_expected_names),
		cmocka_unit_test(test_records_duplicate_column),
		cmocka_unit_test(test_records_out_of_order_stay_with_sort_hint),
		cmocka_unit_test(
		    test_records_event_without_stay_and_out_of_order_event),
		cmocka_unit_test(test_records_invalid_utf8_hints_cp932),
		cmocka_unit_test(test_records_cp932_file_read),
		cmocka_unit_test(test_records_tsv_bom_crlf),
		cmocka_unit_test(test_records_spaces_around_fields_trimmed),
		cmocka_unit_test(
		    test_records_quoted_commas_and_newlines_keep_line_numbers),
		cmocka_unit_test(test_records_broken_quote_reported),
		cmocka_unit_test(test_records_skip_mode_counts_by_reason),
		cmocka_unit_test(test_records_bad_ids_reported_and_left_out),
		cmocka_unit_test(test_records_events_join_by_the_whole_id),
		cmocka_unit_test(
		    test_records_errors_stop_delivery_and_are_capped),
		cmocka_unit_test(test_records_sample_mode_stops_after_n),
		cmocka_unit_test(test_records_shards_together_equal_one_pass),
		cmocka_unit_test(test_records_error_line_is_absolute_in_a_shard),
		cmocka_unit_test(
		    test_records_event_list_bits_equal_the_code_lists),
		cmocka_unit_test(
		    test_records_held_batch_survives_events_growth),
		cmocka_unit_test(test_records_event_day_whole_and_in_range),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
