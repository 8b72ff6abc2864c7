/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_suppress_audit.c -- disclosure control proved on the published
 * file: results.csv, as qi writes it, is solved by an attacker's audit
 * written apart from suppress.c (disclosure_audit.h), and no withheld
 * numerator, denominator, exposure or expected count may be determined.
 * Run on the security review's example, on randomised data sets (many
 * small hospitals, empty and missing quarters, given years, a numerator
 * rule, a rate indicator, two organisations) from a fixed seed, and on
 * the committed counts sample.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "qi.h"
#include "sample_env.h"
#include "disclosure_audit.h"

#define NHOSP	48

static struct qi_org orgs[] = {
	{ "NHO", "国立病院機構", "NHO", "https://a/" },
	{ "JOHAS", "労働者健康安全機構", "JOHAS", "https://b/" },
};
static struct qi_hospital hosps[NHOSP];
static char hosp_ids[NHOSP][8];

/* p: no numerator rule; q: min_numerator 3; r: a rate, min_denominator 5. */
static struct qi_indicator inds[] = {
	{ .id = "p", .version = 1, .unit = QI_UNIT_PERCENT,
	  .direction = QI_HIGHER_BETTER, .method = QI_CI_WILSON,
	  .level = 0.95, .min_denominator = 10 },
	{ .id = "q", .version = 1, .unit = QI_UNIT_PERCENT,
	  .direction = QI_LOWER_BETTER, .method = QI_CI_EXACT,
	  .level = 0.95, .min_denominator = 10, .min_numerator = 3 },
	{ .id = "r", .version = 1, .unit = QI_UNIT_PER_MILLE,
	  .direction = QI_LOWER_BETTER, .kind = QI_KIND_RATE,
	  .rate_method = QI_RATE_EXACT, .level = 0.95,
	  .min_denominator = 5 },
};

static struct qi_registry reg = { orgs, 2, hosps, NHOSP, NULL, NULL };
static const struct qi_defset defs = { .v = inds, .n = 3 };

/* Hospitals H00.. : the first three quarters in NHO, the rest JOHAS. */
static int
setup(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NHOSP; i++) {
		snprintf(hosp_ids[i], sizeof(hosp_ids[i]), "H%02zu", i);
		hosps[i].id = hosp_ids[i];
		hosps[i].org = i < NHOSP * 3 / 4 ? 0 : 1;
		hosps[i].name_ja = hosps[i].name_en = hosp_ids[i];
		hosps[i].region = hosps[i].facility = "";
		hosps[i].beds = 100;
	}
	return 0;
}

/* results.csv (0), trend.csv (1) or results.json (2) as qi writes it; free(). */
static char *
csv_of(const struct qi_results *res, int which)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	if (which == 1) {
		struct qi_analyses *an;

		assert_int_equal(qi_analyses_compute(res, NULL, &an, NULL),
		    QI_OK);
		qi_trend_write_csv(an, fp);
		qi_analyses_free(an);
	} else
		assert_int_equal(which == 2 ? qi_results_write_json(res, NULL,
		    0, fp) : qi_results_write_csv(res, fp), QI_OK);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

/*
 * Withheld values that results.csv determines; and trend.csv and
 * results.json must add nothing to it (each count they show published
 * there).
 */
static size_t
determined(const struct qi_results *res, struct audit_report *rep)
{
	char *text = csv_of(res, 0), *trend = csv_of(res, 1);
	char *json = csv_of(res, 2);

	assert_int_equal(audit_trend_csv(trend, text), 0);
	assert_int_equal(audit_json_csv(json, text), 0);
	free(trend);
	free(json);

	if (getenv("AUDIT_DUMP") != NULL)
		fputs(text, stderr);

	assert_int_equal(audit_results_csv(text, rep), 0);
	free(text);
	return audit_total(rep);
}

static struct qi_results *
compute(struct qi_tally *t, size_t n, size_t nhosp)
{
	struct qi_tallies tl = { .v = t, .n = n };
	struct qi_results *r;

	reg.nhosps = nhosp;
	assert_int_equal(qi_compute(&defs, &reg, &tl, &r, NULL), QI_OK);
	return r;
}

/*
 * The audit itself: an organisation's published total minus its
 * published hospitals gives the one withheld hospital, numerator and
 * denominator, whatever suppress.c does.
 */
static void
test_audit_finds_a_total_minus_its_published_parts(void **state)
{
	const char *csv =
	    "indicator,version,period,scope,organisation,hospital,"
	    "hospital_name,numerator,denominator,rate,lower,upper,unit,"
	    "method,level,status,exposure,expected\n"
	    "p,1,FY2024Q1,all,,,,60,100,,,,percent,wilson,0.95,ok,,\n"
	    "p,1,FY2024Q1,organisation,NHO,,,60,100,,,,percent,wilson,0.95,ok,,\n"
	    "p,1,FY2024Q1,hospital,NHO,H1,\"a, b\",,,,,,percent,wilson,0.95,"
	    "suppressed_small_denominator,,\n"
	    "p,1,FY2024Q1,hospital,NHO,H2,b,50,80,,,,percent,wilson,0.95,ok,,\n"
	    "p,1,FY2024Q1,hospital,NHO,H3,c,7,13,,,,percent,wilson,0.95,ok,,\n";
	struct audit_report rep;

	(void)state;
	assert_int_equal(audit_results_csv(csv, &rep), 0);
	assert_int_equal(rep.determined[0], 1);
	assert_int_equal(rep.determined[1], 1);
	assert_int_equal(rep.withheld[0], 1);
}

/* ... and a year whose quarters are all published or empty. */
static void
test_audit_finds_a_year_from_its_quarters(void **state)
{
	const char *csv =
	    "indicator,version,period,scope,organisation,hospital,"
	    "hospital_name,numerator,denominator,status\n"
	    "p,1,FY2024,hospital,NHO,H1,a,,,suppressed_complementary\n"
	    "p,1,FY2024Q1,hospital,NHO,H1,a,5,11,ok\n"
	    "p,1,FY2024Q2,hospital,NHO,H1,a,0,0,empty\n"
	    "p,1,FY2024Q3,hospital,NHO,H1,a,0,0,empty\n"
	    "p,1,FY2024Q4,hospital,NHO,H1,a,0,0,empty\n";
	struct audit_report rep;

	(void)state;
	assert_int_equal(audit_results_csv(csv, &rep), 0);
	assert_int_equal(audit_total(&rep), 2);
}

/* trend.csv may show published quarters and sums of four of them only. */
static void
test_audit_trend_shows_only_published_counts(void **state)
{
	const char *res =
	    "indicator,period,scope,organisation,hospital,numerator,"
	    "denominator,status,exposure\n"
	    "p,FY2024Q1,hospital,NHO,H1,5,11,ok,\n"
	    "p,FY2024Q2,hospital,NHO,H1,6,12,ok,\n"
	    "p,FY2024Q3,hospital,NHO,H1,7,13,ok,\n"
	    "p,FY2024Q4,hospital,NHO,H1,8,14,ok,\n"
	    "p,FY2024Q1,hospital,NHO,H2,,,suppressed_small_denominator,\n";
	const char *hdr = "indicator,version,scope,organisation,hospital,"
	    "period,numerator,denominator,rate,rolling_numerator,"
	    "rolling_denominator\n";
	char *good = g_strconcat(hdr,
	    "p,1,hospital,NHO,H1,FY2024Q1,5,11,,,\n"
	    "p,1,hospital,NHO,H1,FY2024Q2,6,12,,,\n"
	    "p,1,hospital,NHO,H1,FY2024Q3,7,13,,,\n"
	    "p,1,hospital,NHO,H1,FY2024Q4,8,14,,26,50\n", NULL);
	char *bad = g_strconcat(hdr,
	    "p,1,hospital,NHO,H2,FY2024Q1,1,3,,,\n"
	    "p,1,hospital,NHO,H1,FY2024Q2,6,12,,,\n"
	    "p,1,hospital,NHO,H1,FY2024Q4,8,14,,26,50\n", NULL);

	(void)state;
	assert_int_equal(audit_trend_csv(good, res), 0);
	/* a withheld quarter; a rolling sum over quarters not shown */
	assert_int_equal(audit_trend_csv(bad, res), 2);
	g_free(good);
	g_free(bad);
}

/* results.json may not show a count results.csv withholds. */
static void
test_audit_json_shows_what_the_csv_shows(void **state)
{
	const char *csv =
	    "indicator,version,period,scope,organisation,hospital,numerator,"
	    "denominator,status\n"
	    "p,1,FY2024Q1,hospital,NHO,H1,5,11,ok\n"
	    "p,1,FY2024Q1,hospital,NHO,H2,,,suppressed_small_denominator\n";
	const char *good = "{\"manifest\": {}, \"results\": ["
	    "{\"numerator\": 5, \"denominator\": 11},"
	    "{\"numerator\": null, \"denominator\": null}]}";
	const char *bad = "{\"manifest\": {}, \"results\": ["
	    "{\"numerator\": 5, \"denominator\": 11},"
	    "{\"numerator\": 1, \"denominator\": null}]}";

	(void)state;
	assert_int_equal(audit_json_csv(good, csv), 0);
	assert_int_equal(audit_json_csv(bad, csv), 1);
}

/*
 * The security review's case, min_denominator 10, FY2024: H1 is 5/11 in
 * Q1 and 0/0 after, H2 1/3 and 0/3, H3 120/200 and H4 44/88 over the
 * year, H5 5/10 each quarter; NHO 190/345 less H3, H4, H5 and H1 gave
 * H2's withheld 1/6, H1's year being withheld but its quarters not.
 */
static void
test_suppress_security_review_example_reveals_nothing(void **state)
{
	struct qi_tally t[32];
	static const long h3[4][2] = { { 30, 50 }, { 30, 50 }, { 30, 50 },
	    { 30, 50 } }, h4[4][2] = { { 11, 22 }, { 11, 22 }, { 11, 22 },
	    { 11, 22 } };
	struct audit_report rep;
	struct qi_results *r;
	size_t n = 0, q, i;

	(void)state;
	for (q = 1; q <= 4; q++) {
		long v[6][2] = { { q == 1 ? 5 : 0, q == 1 ? 11 : 0 },
		    { q == 1 ? 1 : 0, q <= 2 ? 3 : 0 },
		    { h3[q - 1][0], h3[q - 1][1] }, { h4[q - 1][0],
		    h4[q - 1][1] }, { 5, 10 }, { 40, 80 } };
		size_t who[6] = { 0, 1, 2, 3, 4, NHOSP - 1 };
		for (i = 0; i < 6; i++) {
			memset(&t[n], 0, sizeof(t[n]));
			t[n].hospital = who[i];
			t[n].indicator = 0;
			t[n].period.fy = 2024;
			t[n].period.q = (int)q;
			t[n].numerator = v[i][0];
			t[n].denominator = v[i][1];
			n++;
		}
	}
	r = compute(t, n, NHOSP);
	assert_int_equal(determined(r, &rep), 0);
	/* H2's year is withheld, and so its small quarters */
	for (i = 0; i < r->n; i++)
		if (r->v[i].hospital == 1)
			assert_int_not_equal(r->v[i].status, QI_STATUS_OK);
	qi_results_free(r);
}

/* A small reproducible generator (xorshift64*). */
static uint64_t
next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static long
below(uint64_t *s, long n)
{
	return (long)(next(s) % (uint64_t)n);
}

/*
 * One random data set: nhosp hospitals, two fiscal years, the three
 * indicators; many small or empty quarters, some missing (no year then),
 * some hospitals giving a whole year only.  Returns the tallies' count.
 */
static size_t
random_set(uint64_t *s, size_t nhosp, struct qi_tally *t)
{
	size_t n = 0, h, ind;
	int fy, q;
	long den;

	for (ind = 0; ind < 3; ind++)
		for (fy = 2023; fy <= 2024; fy++)
			for (h = 0; h < nhosp; h++) {
				int yearly = below(s, 12) == 0;
				for (q = yearly ? 0 : 1; q <= (yearly ? 0 : 4);
				    q++) {
					if (below(s, 10) == 0)
						continue;	/* no row */
					switch (below(s, 4)) {
					case 0:
						den = below(s, 3) ? 0 :
						    below(s, 4);
						break;
					case 1:
					case 2:
						den = 1 + below(s, 16);
						break;
					default:
						den = 10 + below(s, 120);
						break;
					}
					memset(&t[n], 0, sizeof(t[n]));
					t[n].hospital = h;
					t[n].indicator = ind;
					t[n].period.fy = fy;
					t[n].period.q = q;
					t[n].denominator = den;
					t[n].numerator = den ? below(s, den +
					    1) / (below(s, 3) + 1) : 0;
					t[n].exposure = ind == 2 ? (double)(den *
					    (3 + below(s, 9))) : 0;
					n++;
				}
			}
	return n;
}

static void
test_suppress_random_sets_reveal_nothing(void **state)
{
	struct qi_tally *t = calloc(3 * 2 * 5 * NHOSP, sizeof(*t));
	struct audit_report rep;
	struct qi_results *r;
	uint64_t s = 0x9e3779b97f4a7c15ULL;
	size_t set, n, nhosp, total = 0, withheld = 0;
	int q;

	(void)state;
	assert_non_null(t);
	for (set = 0; set < 60; set++) {
		nhosp = 2 + (size_t)below(&s, NHOSP - 1);
		n = random_set(&s, nhosp, t);
		r = compute(t, n, nhosp);
		total += determined(r, &rep);
		for (q = 0; q < AUDIT_NQ; q++)
			withheld += rep.withheld[q];
		qi_results_free(r);
	}
	free(t);
	print_message("random sets: %zu withheld values, %zu determined\n",
	    withheld, total);
	assert_true(withheld > 1000);
	assert_int_equal(total, 0);
}

/* The committed counts sample under its seven definitions. */
static void
test_suppress_sample_reveals_nothing(void **state)
{
	struct sample_env *e;
	struct audit_report rep;

	assert_int_equal(sample_setup(state), 0);
	e = *state;
	assert_int_equal(determined(e->res, &rep), 0);
	assert_true(rep.withheld[1] > 100);
	sample_teardown(state);
}

/*
 * By hand: QI_AUDIT_FILE=results.csv test_suppress_audit audits that file
 * too (e.g. the full synthetic sample of qi run), and with
 * QI_AUDIT_TREND=trend.csv and QI_AUDIT_JSON=results.json the files beside
 * it.
 */
static void
test_audit_of_the_file_named_by_the_environment(void **state)
{
	const char *path = getenv("QI_AUDIT_FILE");
	const char *tpath = getenv("QI_AUDIT_TREND");
	const char *jpath = getenv("QI_AUDIT_JSON");
	struct audit_report rep;
	char *text = NULL, *trend = NULL;
	int q;

	(void)state;
	if (path == NULL)
		skip();
	assert_true(g_file_get_contents(path, &text, NULL, NULL));
	assert_int_equal(audit_results_csv(text, &rep), 0);
	if (tpath != NULL) {
		assert_true(g_file_get_contents(tpath, &trend, NULL, NULL));
		assert_int_equal(audit_trend_csv(trend, text), 0);
		g_free(trend);
	}
	if (jpath != NULL) {
		assert_true(g_file_get_contents(jpath, &trend, NULL, NULL));
		assert_int_equal(audit_json_csv(trend, text), 0);
		g_free(trend);
	}
	g_free(text);
	for (q = 0; q < AUDIT_NQ; q++)
		print_message("%s: %zu of %zu withheld determined\n",
		    audit_qname[q], rep.determined[q], rep.withheld[q]);
	assert_int_equal(audit_total(&rep), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audit_finds_a_total_minus_its_published_parts),
		cmocka_unit_test(test_audit_finds_a_year_from_its_quarters),
		cmocka_unit_test(test_audit_trend_shows_only_published_counts),
		cmocka_unit_test(test_audit_json_shows_what_the_csv_shows),
		cmocka_unit_test(test_suppress_security_review_example_reveals_nothing),
		cmocka_unit_test(test_suppress_random_sets_reveal_nothing),
		cmocka_unit_test(test_suppress_sample_reveals_nothing),
		cmocka_unit_test(test_audit_of_the_file_named_by_the_environment),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
