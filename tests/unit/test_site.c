/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_site.c -- the site's small writing rules: counts and rates as the
 * pages show them, the reasons for withheld results, HTML escaping, and
 * the links between pages, languages and the partner organisation's
 * site (absolute when publishing, relative in a preview).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "qi.h"
#include "site.h"

static struct qi_org orgs[2] = {
	{ "NHO", "国立病院機構", "National Hospital Organization",
	    "https://nho.example.jp/" },
	{ "JOHAS", "労働者健康安全機構", "JOHAS", "https://johas.example.jp/qi/" }
};

/* g's text, then g emptied. */
static const char *
take(GString *g)
{
	static char buf[512];

	g_strlcpy(buf, g->str, sizeof(buf));
	g_string_truncate(g, 0);
	return buf;
}

static void
test_site_counts_have_thousands_separators(void **state)
{
	GString *g = g_string_new(NULL);

	(void)state;
	site_count(g, 0);
	assert_string_equal(take(g), "0");
	site_count(g, 999);
	assert_string_equal(take(g), "999");
	site_count(g, 1000);
	assert_string_equal(take(g), "1,000");
	site_count(g, 1234567);
	assert_string_equal(take(g), "1,234,567");
	site_count(g, -45678);
	assert_string_equal(take(g), "-45,678");
	g_string_free(g, TRUE);
}

static void
test_site_rates_in_display_units(void **state)
{
	struct qi_indicator ind;
	GString *g = g_string_new(NULL);

	(void)state;
	memset(&ind, 0, sizeof(ind));
	ind.unit = QI_UNIT_PERCENT;
	site_rate(g, &ind, 0.746987951807229);
	assert_string_equal(take(g), "74.7");
	site_rate(g, &ind, -1e-12);		/* never "-0.0" */
	assert_string_equal(take(g), "0.0");
	ind.unit = QI_UNIT_PER_MILLE;
	site_rate(g, &ind, 0.0123);
	assert_string_equal(take(g), "12.3");
	ind.unit = QI_UNIT_PROPORTION;
	site_rate(g, &ind, 1.0);
	assert_string_equal(take(g), "1.000");
	ind.unit = QI_UNIT_PERCENT;
	site_interval(g, &ind, 0.618, 0.628);
	assert_string_equal(take(g), "61.8\xe2\x80\x93" "62.8");
	site_interval(g, &ind, NAN, 0.628);	/* no interval: "—" */
	assert_string_equal(take(g), "\xe2\x80\x94");
	site_level(g, 0.95);
	assert_string_equal(take(g), "95");
	site_level(g, 0.998);
	assert_string_equal(take(g), "99.8");
	g_string_free(g, TRUE);
}

static void
test_site_withheld_results_give_their_reason(void **state)
{
	struct qi_indicator ind;
	GString *g = g_string_new(NULL);

	(void)state;
	memset(&ind, 0, sizeof(ind));
	ind.min_denominator = 10;
	ind.min_numerator = 3;
	site_reason(g, &ind, QI_STATUS_SMALL_DENOMINATOR, 0);
	assert_string_equal(take(g), "分母10未満のため非公表");
	site_reason(g, &ind, QI_STATUS_SMALL_NUMERATOR, 1);
	assert_string_equal(take(g), "withheld: numerator under 3");
	site_reason(g, &ind, QI_STATUS_EMPTY, 0);
	assert_string_equal(take(g), "対象患者なし");
	site_period(g, (struct qi_period){ 2024, 0 }, 0);
	assert_string_equal(take(g), "2024年度");
	site_period(g, (struct qi_period){ 2024, 2 }, 1);
	assert_string_equal(take(g), "FY2024 Q2");
	g_string_free(g, TRUE);
}

static void
test_site_text_is_escaped(void **state)
{
	GString *g = g_string_new(NULL);

	(void)state;
	site_esc(g, "A&B <病院> \"x\"");
	assert_string_equal(take(g), "A&amp;B &lt;病院&gt; &quot;x&quot;");
	site_esc(g, NULL);
	assert_string_equal(take(g), "");
	g_string_free(g, TRUE);
}

/*
 * HTML allows no control character in text but tab, LF and (as white
 * space) CR, not even as a character reference: ESC, BEL, DEL and the
 * C1 controls (U+0080-U+009F, which a browser even reads as
 * Windows-1252 letters in a reference) are written as U+FFFD.
 */
static void
test_site_text_has_no_control_characters(void **state)
{
	GString *g = g_string_new(NULL);
	const unsigned char *p;

	(void)state;
	site_esc(g, "N\x1b]0;x\x07病院\x01\x7f\xc2\x80\xc2\x9b" "1\tA\nB\rC<");
	for (p = (const unsigned char *)g->str; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f ||
		    (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0))
			fail_msg("control character 0x%02x in '%s'", *p, g->str);
	assert_null(strstr(g->str, "&#x"));
	assert_string_equal(take(g), "N\uFFFD]0;x\uFFFD病院\uFFFD\uFFFD\uFFFD"
	    "\uFFFD" "1\tA\nB\uFFFDC&lt;");
	g_string_free(g, TRUE);
}

static void
test_site_links_between_pages_languages_and_partners(void **state)
{
	struct qi_registry reg;
	struct qi_sitecfg cfg;
	struct site s;
	struct site_page pg;
	GString *g = g_string_new(NULL);

	(void)state;
	memset(&reg, 0, sizeof(reg));
	reg.orgs = orgs;
	reg.norgs = 2;
	qi_sitecfg_defaults(&cfg);
	memset(&s, 0, sizeof(s));
	s.reg = &reg;
	s.cfg = &cfg;
	memset(&pg, 0, sizeof(pg));
	pg.s = &s;
	pg.org = 0;

	pg.en = 0;
	pg.leaf = "index.html";
	site_href(g, &pg, 1, "index.html");
	assert_string_equal(take(g), "en/index.html");
	site_href_root(g, &pg, "style.css");
	assert_string_equal(take(g), "style.css");

	pg.leaf = "indicators/x.html";
	site_href(g, &pg, 0, "hospitals/N001.html");
	assert_string_equal(take(g), "../hospitals/N001.html");
	site_href_partner(g, &pg, 1, "indicators/x.html");
	assert_string_equal(take(g),
	    "https://johas.example.jp/qi/indicators/x.html");

	pg.en = 1;
	site_href(g, &pg, 0, "indicators/x.html");
	assert_string_equal(take(g), "../../indicators/x.html");
	site_href_root(g, &pg, "data/x.csv");
	assert_string_equal(take(g), "../../data/x.csv");
	site_href_partner(g, &pg, 1, "indicators/x.html");
	assert_string_equal(take(g),
	    "https://johas.example.jp/qi/en/indicators/x.html");

	cfg.preview = 1;
	site_href_partner(g, &pg, 1, "indicators/x.html");
	assert_string_equal(take(g), "../../../JOHAS/en/indicators/x.html");
	pg.en = 0;
	pg.leaf = "index.html";
	site_href_partner(g, &pg, 1, "index.html");
	assert_string_equal(take(g), "../JOHAS/index.html");
	g_string_free(g, TRUE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_site_counts_have_thousands_separators),
		cmocka_unit_test(test_site_rates_in_display_units),
		cmocka_unit_test(test_site_withheld_results_give_their_reason),
		cmocka_unit_test(test_site_text_is_escaped),
		cmocka_unit_test(test_site_text_has_no_control_characters),
		cmocka_unit_test(test_site_links_between_pages_languages_and_partners),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
