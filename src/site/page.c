/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * page.c -- the pages of an organisation's site: the index of
 * indicators, the list of its hospitals, one page per indicator (charts,
 * tables, definition, method, downloads, link to the partner's page) and
 * one page per hospital (every indicator against each organisation).
 *
 * Numbers appear only for results whose status is ok; any other result
 * is a "—" with its reason.  Table rows are written one per line with an
 * id (YEAR-HOSPITAL, YEAR-org-CODE, YEAR-INDICATOR), so a row can be
 * linked to, and checked by tests.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "site.h"

#define EN_DASH		"\xe2\x80\x93"	/* U+2013, a range */

static void
page_open(struct site_page *pg, const struct site *s, size_t org, int en,
    const char *leaf)
{
	pg->s = s;
	pg->org = org;
	pg->en = en;
	pg->leaf = leaf;
	pg->out = g_string_sized_new(1 << 14);
}

/* "（%）", "（‰）" or "" after a rate heading. */
static void
unit_suffix(GString *g, const struct qi_indicator *ind, int en)
{
	if (ind->unit == QI_UNIT_PROPORTION)
		return;
	g_string_append_printf(g, en ? " (%s)" : "（%s）",
	    qi_unit_symbol(ind->unit));
}

/*
 * What an indicator's tables show beside the denominator so that a reader
 * can recompute the rate: a rate's exposure (e.g. patient-days: the rate
 * is numerator / exposure), a risk-adjusted indicator's expected count
 * and O/E with its interval (O/E is numerator / expected; the rate
 * columns then hold the risk-adjusted rate, qi_result_shown()), or
 * nothing.
 */
enum extra { EXTRA_NONE, EXTRA_EXPOSURE, EXTRA_EXPECTED,
	EXTRA_MIXED	/* a table of many indicators (a hospital's): the
			   exposure of a rate or the expected count of a
			   risk-adjusted indicator in one column, O/E with
			   its interval in the next, "—" where none */
};

static enum extra
extra_of(const struct qi_indicator *ind)
{
	if (ind->kind == QI_KIND_RATE)
		return EXTRA_EXPOSURE;
	return qi_indicator_adjusted(ind) ? EXTRA_EXPECTED : EXTRA_NONE;
}

/* Number cells of result_cells() for an extra: after the counts, before
   the rate and its interval. */
static int
extra_cells(enum extra extra)
{
	return extra == EXTRA_EXPECTED ? 3 : extra == EXTRA_MIXED ? 2 :
	    extra == EXTRA_EXPOSURE;
}

/* O/E as the tables show it: two decimals, "—" for none. */
static void
ratio(GString *g, double v)
{
	if (isnan(v))
		g_string_append(g, EM_DASH);
	else
		g_string_append_printf(g, "%.2f", v);
}

/* An O/E interval "0.85–1.21", "—" for none. */
static void
ratio_interval(GString *g, double lo, double hi)
{
	if (isnan(lo) || isnan(hi))
		g_string_append(g, EM_DASH);
	else {
		ratio(g, lo);
		g_string_append(g, EN_DASH);
		ratio(g, hi);
	}
}

/*
 * A whole number with separators, else one decimal: "12,345", "17.3";
 * "—" for none (NaN: e.g. no expected count without a fitted model).
 */
static void
amount(GString *g, double v)
{
	if (isnan(v))
		g_string_append(g, EM_DASH);
	else if (v == floor(v) && fabs(v) < 1e15)
		site_count(g, (long)v);
	else
		g_string_append_printf(g, "%.1f", v);
}

/*
 * The cells of one result: numerator, denominator, the extra columns (if
 * any: exposure; or expected, O/E and its interval), the value shown
 * (qi_result_shown(): the rate, or a risk-adjusted indicator's adjusted
 * rate) and its interval, status.  Not ok: "—" in every number cell and
 * the reason.
 */
static void
result_cells(GString *g, const struct qi_indicator *ind,
    const struct qi_result *r, enum extra extra, int en)
{
	double v, lo, hi;
	int k;

	if (r == NULL || r->status != QI_STATUS_OK) {
		for (k = 0; k < extra_cells(extra); k++)
			g_string_append(g, "<td class=\"n\">" EM_DASH "</td>");
		g_string_append(g, "<td class=\"n\">" EM_DASH "</td>"
		    "<td class=\"n\">" EM_DASH "</td><td class=\"n\">" EM_DASH
		    "</td><td class=\"n\">" EM_DASH "</td><td class=\"w\">");
		if (r != NULL)
			site_reason(g, ind, r->status, en);
		else
			g_string_append(g, SITE_T(en, "結果なし", "no result"));
		g_string_append(g, "</td>");
		return;
	}
	g_string_append(g, "<td class=\"n\">");
	site_count(g, r->numerator);
	g_string_append(g, "</td><td class=\"n\">");
	site_count(g, r->denominator);
	if (extra == EXTRA_MIXED) {
		g_string_append(g, "</td><td class=\"n\">");
		amount(g, ind->kind == QI_KIND_RATE ? r->exposure :
		    qi_indicator_adjusted(ind) ? r->expected : NAN);
		g_string_append(g, "</td><td class=\"n\">");
		if (qi_indicator_adjusted(ind) && !isnan(r->ratio)) {
			ratio(g, r->ratio);
			g_string_append(g, " (");
			ratio_interval(g, r->ratio_lower, r->ratio_upper);
			g_string_append(g, ")");
		} else
			g_string_append(g, EM_DASH);
	} else if (extra != EXTRA_NONE) {
		g_string_append(g, "</td><td class=\"n\">");
		amount(g, extra == EXTRA_EXPOSURE ? r->exposure : r->expected);
	}
	if (extra == EXTRA_EXPECTED) {
		g_string_append(g, "</td><td class=\"n\">");
		ratio(g, r->ratio);
		g_string_append(g, "</td><td class=\"n\">");
		ratio_interval(g, r->ratio_lower, r->ratio_upper);
	}
	qi_result_shown(ind, r, &v, &lo, &hi);
	g_string_append(g, "</td><td class=\"n\">");
	if (isnan(v))
		g_string_append(g, EM_DASH);
	else
		site_rate(g, ind, v);
	g_string_append(g, "</td><td class=\"n\">");
	site_interval(g, ind, lo, hi);
	g_string_append(g, "</td><td>");
	site_reason(g, ind, r->status, en);
	if (isnan(v)) {
		g_string_append(g, en ? ": " : "。");
		site_unadjusted(g, en);
	}
	g_string_append(g, "</td>");
}

/*
 * Column headings of result_cells(): the exposure named by the start of
 * the definition's words for it ("延べ在院日数", "Patient-days").
 */
static void
result_heads(GString *g, const struct qi_indicator *ind, enum extra extra,
    int en)
{
	const char *what;
	char *name, *cut;

	if (extra == EXTRA_EXPECTED)
		g_string_append(g, SITE_T(en, "<th scope=\"col\">分子（実測数）"
		    "</th><th scope=\"col\">分母</th>",
		    "<th scope=\"col\">Observed (numerator)</th>"
		    "<th scope=\"col\">Denominator</th>"));
	else
		g_string_append(g, SITE_T(en, "<th scope=\"col\">分子</th>"
		    "<th scope=\"col\">分母</th>",
		    "<th scope=\"col\">Numerator</th><th scope=\"col\">"
		    "Denominator</th>"));
	if (extra == EXTRA_EXPOSURE) {
		what = en ? ind->exposure.en : ind->exposure.ja;
		g_string_append(g, "<th scope=\"col\">");
		if (what == NULL)
			g_string_append(g, SITE_T(en, "曝露量", "Exposure"));
		else {
			/* up to the first bracket, full-width or not */
			name = g_strdup(what);
			if ((cut = strstr(name, "（")) != NULL)
				*cut = '\0';
			if ((cut = strchr(name, '(')) != NULL)
				*cut = '\0';
			site_esc(g, g_strchomp(name));
			g_free(name);
		}
		g_string_append(g, "</th>");
	} else if (extra == EXTRA_EXPECTED) {
		g_string_append(g, SITE_T(en, "<th scope=\"col\">期待数</th>"
		    "<th scope=\"col\">O/E比（実測÷期待）</th><th scope="
		    "\"col\">O/E比の", "<th scope=\"col\">Expected</th>"
		    "<th scope=\"col\">O/E (observed ÷ expected)</th>"
		    "<th scope=\"col\">O/E "));
		site_level(g, ind->level);
		g_string_append(g, SITE_T(en, "%信頼区間</th>", "% CI</th>"));
	}
	g_string_append(g, extra == EXTRA_EXPECTED ? SITE_T(en,
	    "<th scope=\"col\">リスク調整率", "<th scope=\"col\">"
	    "Risk-adjusted rate") : SITE_T(en, "<th scope=\"col\">率",
	    "<th scope=\"col\">Rate"));
	unit_suffix(g, ind, en);
	g_string_append(g, "</th><th scope=\"col\">");
	site_level(g, ind->level);
	g_string_append(g, SITE_T(en, "%信頼区間", "% CI"));
	g_string_append(g, SITE_T(en, "</th><th scope=\"col\">状態</th>",
	    "</th><th scope=\"col\">Status</th>"));
}

/* Links to the same page on every other organisation's site. */
static void
partner_links(GString *g, const struct site_page *pg, const char *leaf,
    const char *what_ja, const char *what_en)
{
	const struct qi_registry *reg = pg->s->reg;
	size_t o;

	for (o = 0; o < reg->norgs; o++) {
		if (o == pg->org)
			continue;
		g_string_append(g, "<p class=\"partner\"><a href=\"");
		site_href_partner(g, pg, o, leaf);
		g_string_append(g, "\">");
		if (pg->en) {
			g_string_append(g, what_en);
			g_string_append(g, " on the site of the ");
			site_esc(g, reg->orgs[o].name_en);
		} else {
			site_esc(g, reg->orgs[o].name_ja);
			g_string_append(g, "のサイトで");
			g_string_append(g, what_ja);
		}
		g_string_append(g, "</a></p>\n");
	}
}

/* ------------------------------------------------------------- index */

enum qi_err
site_page_index(const struct site *s, size_t org, int en)
{
	const struct qi_registry *reg = s->reg;
	struct site_page pg;
	struct site_tally t;
	GString *g;
	char *title, *rel;
	size_t i, o;

	page_open(&pg, s, org, en, "index.html");
	g = pg.out;
	title = g_strdup(SITE_T(en, "指標一覧", "Indicators"));
	site_head(&pg, title);
	g_string_append(g, "<h1>");
	site_esc(g, qi_org_name(&reg->orgs[org], en));
	g_string_append(g, SITE_T(en, " 臨床評価指標</h1>\n",
	    ": clinical quality indicators</h1>\n"));
	g_string_append(g, "<p>");
	for (o = 0; o < reg->norgs; o++) {
		if (o > 0)
			g_string_append(g, en ? (o + 1 < reg->norgs ? ", " :
			    " and ") : "と");
		if (en)
			g_string_append(g, o == 0 ? "The " : "the ");
		site_esc(g, qi_org_name(&reg->orgs[o], en));
	}
	g_string_append(g, SITE_T(en, "は、同じ定義で計算した臨床評価指標を公表し、"
	    "互いのサイトにリンクしています。各指標の最新年度の結果を、"
	    "信頼区間とともに示します。", " publish clinical quality "
	    "indicators computed with the same definitions, and link to "
	    "each other's sites. These are the latest fiscal year's "
	    "results, with their confidence intervals."));
	g_string_append(g, "</p>\n");
	partner_links(g, &pg, "index.html", "臨床評価指標を見る",
	    "The indicators");

	g_string_append(g, SITE_T(en, "<h2>指標</h2>\n", "<h2>Indicators</h2>\n"));
	g_string_append(g, "<div class=\"scroll\"><table>\n<caption>");
	g_string_append(g, SITE_T(en, "最新年度の率（信頼区間）と病院数",
	    "Latest fiscal year: rate (confidence interval) and hospitals"));
	g_string_append(g, "</caption>\n<thead><tr><th scope=\"col\">");
	g_string_append(g, SITE_T(en, "指標</th><th scope=\"col\">年度",
	    "Indicator</th><th scope=\"col\">Year"));
	for (o = 0; o < reg->norgs; o++) {
		g_string_append(g, "</th><th scope=\"col\">");
		site_esc(g, reg->orgs[o].code);
		g_string_append(g, SITE_T(en, " 全体", " overall"));
	}
	g_string_append(g, "</th><th scope=\"col\">");
	site_esc(g, reg->orgs[org].code);
	g_string_append(g, SITE_T(en, " 公表病院数</th><th scope=\"col\">",
	    " hospitals published</th><th scope=\"col\">"));
	site_esc(g, reg->orgs[org].code);
	g_string_append(g, SITE_T(en, " 非公表病院数</th></tr></thead>\n<tbody>\n",
	    " hospitals not shown</th></tr></thead>\n<tbody>\n"));
	for (i = 0; i < s->defs->n; i++) {
		const struct qi_indicator *ind = &s->defs->v[i];
		const struct site_year *y = s->ind[i].nyears > 0 ?
		    &s->ind[i].years[0] : NULL;
		char *leaf;

		if (qi_kind_location(ind->kind))
			continue;	/* the site shows no means (yet) */
		leaf = g_strdup_printf("indicators/%s.html", ind->id);

		g_string_append_printf(g, "<tr id=\"%s\"><th scope=\"row\">"
		    "<a href=\"", ind->id);
		site_href(g, &pg, en, leaf);
		g_string_append(g, "\">");
		site_esc(g, en ? ind->title.en : ind->title.ja);
		g_string_append(g, "</a></th><td>");
		g_free(leaf);
		if (y == NULL) {
			g_string_append(g, SITE_T(en, "結果なし", "no results"));
			g_string_append(g, "</td>");
			for (o = 0; o < reg->norgs + 2; o++)
				g_string_append(g, "<td>" EM_DASH "</td>");
			g_string_append(g, "</tr>\n");
			continue;
		}
		site_period(g, y->p, en);
		g_string_append(g, "</td>");
		for (o = 0; o < reg->norgs; o++) {
			g_string_append(g, "<td class=\"n\">");
			site_pooled(g, ind, site_result_at(s, y->org[o]), en);
			g_string_append(g, "</td>");
		}
		site_tally(s, y, (long)org, &t);
		g_string_append_printf(g, "<td class=\"n\">%zu</td><td class="
		    "\"n\">%zu</td></tr>\n", t.by[QI_STATUS_OK],
		    t.total - t.by[QI_STATUS_OK]);
	}
	g_string_append(g, "</tbody>\n</table></div>\n");

	g_string_append(g, SITE_T(en, "<h2>結果の見方</h2>\n<ul>\n"
	    "<li>率は分子÷分母です。信頼区間は、偶然のばらつきを考えたときに"
	    "真の率がありうる範囲です。</li>\n"
	    "<li>リスク調整のある指標（題名に「リスク調整」）は、患者の年齢や"
	    "重症度などの違いを調整したリスク調整率（実測数÷期待数×全体の率）"
	    "を示します。</li>\n"
	    "<li>患者が少ない病院の結果は公表しません。その値は「" EM_DASH
	    "」と理由で示します。</li>\n"
	    "<li>各指標の頁に、定義、計算方法、病院別の結果と図、データ"
	    "（CSV・JSON）があります。</li>\n</ul>\n",
	    "<h2>How to read the results</h2>\n<ul>\n"
	    "<li>A rate is the numerator divided by the denominator. The "
	    "confidence interval is the range in which the true rate may "
	    "lie, given chance variation.</li>\n"
	    "<li>Indicators with risk adjustment (\"risk-adjusted\" in the "
	    "title) show the risk-adjusted rate (observed ÷ expected × the "
	    "overall rate), which allows for differences in the patients' "
	    "age, severity and other risks.</li>\n"
	    "<li>Results of hospitals with few patients are not published; "
	    "they are shown as \"" EM_DASH "\" with the reason.</li>\n"
	    "<li>Each indicator's page has its definition, method, results "
	    "per hospital with charts, and the data (CSV, JSON).</li>\n"
	    "</ul>\n"));
	g_string_append(g, "<p><a href=\"");
	site_href(g, &pg, en, "hospitals/index.html");
	g_string_append(g, "\">");
	g_string_append(g, SITE_T(en, "病院別の結果", "Results by hospital"));
	g_string_append(g, "</a></p>\n<p>");
	g_string_append(g, SITE_T(en, "全指標の公表値（Excel）: <a href=\"",
	    "All indicators' published values (Excel): <a href=\""));
	rel = site_workbook_name(s, org);
	site_href_root(g, &pg, rel);
	g_free(rel);
	g_string_append(g, "\">");
	site_esc(g, s->reg->orgs[org].code);
	g_string_append(g, ".xlsx</a></p>\n");
	g_free(title);
	return site_end(&pg);
}

/* ---------------------------------------------------------- hospitals */

enum qi_err
site_page_hospitals(const struct site *s, size_t org, int en)
{
	const struct qi_registry *reg = s->reg;
	struct site_page pg;
	GString *g;
	char *leaf;
	size_t h;

	page_open(&pg, s, org, en, "hospitals/index.html");
	g = pg.out;
	site_head(&pg, SITE_T(en, "病院一覧", "Hospitals"));
	g_string_append(g, "<h1>");
	g_string_append(g, SITE_T(en, "病院一覧（", "Hospitals of the "));
	site_esc(g, qi_org_name(&reg->orgs[org], en));
	g_string_append(g, SITE_T(en, "）</h1>\n", "</h1>\n"));
	partner_links(g, &pg, "hospitals/index.html", "病院一覧を見る",
	    "The hospitals");
	g_string_append(g, "<div class=\"scroll\"><table>\n<thead><tr>");
	g_string_append(g, SITE_T(en, "<th scope=\"col\">病院</th>"
	    "<th scope=\"col\">地域</th><th scope=\"col\">病床数</th>",
	    "<th scope=\"col\">Hospital</th><th scope=\"col\">Region</th>"
	    "<th scope=\"col\">Beds</th>"));
	g_string_append(g, "</tr></thead>\n<tbody>\n");
	for (h = 0; h < reg->nhosps; h++) {
		const struct qi_hospital *hp = &reg->hosps[h];

		if (hp->org != org)
			continue;
		leaf = g_strdup_printf("hospitals/%s.html", hp->id);
		g_string_append_printf(g, "<tr id=\"%s\"><th scope=\"row\">"
		    "<a href=\"", hp->id);
		site_href(g, &pg, en, leaf);
		g_string_append(g, "\">");
		site_esc(g, qi_hospital_name(hp, en));
		g_string_append(g, "</a></th><td>");
		site_esc(g, hp->region);
		g_string_append(g, "</td><td class=\"n\">");
		if (hp->beds > 0)
			site_count(g, hp->beds);
		g_string_append(g, "</td></tr>\n");
		g_free(leaf);
	}
	g_string_append(g, "</tbody>\n</table></div>\n");
	return site_end(&pg);
}

/* ---------------------------------------------------------- indicator */

/* Summary table of a year: each organisation and both together. */
static void
summary_table(GString *g, const struct site_page *pg, size_t i,
    const struct site_year *y)
{
	const struct site *s = pg->s;
	const struct qi_indicator *ind = &s->defs->v[i];
	struct site_tally t;
	size_t o;
	int en = pg->en;
	char label[16];

	qi_period_format(y->p, label, sizeof(label));
	g_string_append(g, "<div class=\"scroll\"><table>\n<caption>");
	site_period(g, y->p, en);
	g_string_append(g, SITE_T(en, " 機構全体の結果",
	    ": organisations overall"));
	g_string_append(g, "</caption>\n<thead><tr><th scope=\"col\">");
	g_string_append(g, SITE_T(en, "集計</th><th scope=\"col\">病院数"
	    "</th><th scope=\"col\">公表病院数</th>",
	    "Group</th><th scope=\"col\">Hospitals</th><th scope=\"col\">"
	    "Published</th>"));
	result_heads(g, ind, extra_of(ind), en);
	g_string_append(g, "</tr></thead>\n<tbody>\n");
	for (o = 0; o <= s->reg->norgs; o++) {
		const struct qi_result *r;

		if (o < s->reg->norgs) {
			r = site_result_at(s, y->org[o]);
			site_tally(s, y, (long)o, &t);
			g_string_append_printf(g, "<tr id=\"%s-org-%s\"><th "
			    "scope=\"row\">", label, s->reg->orgs[o].code);
			site_esc(g, qi_org_name(&s->reg->orgs[o], en));
		} else {
			r = site_result_at(s, y->all);
			site_tally(s, y, -1, &t);
			g_string_append_printf(g, "<tr id=\"%s-all\"><th "
			    "scope=\"row\">", label);
			g_string_append(g, SITE_T(en, "両機構の計",
			    "All organisations"));
		}
		g_string_append_printf(g, "</th><td class=\"n\">%zu</td>"
		    "<td class=\"n\">%zu</td>", t.total, t.by[QI_STATUS_OK]);
		result_cells(g, ind, r, extra_of(ind), en);
		g_string_append(g, "</tr>\n");
	}
	g_string_append(g, "</tbody>\n</table></div>\n");
}

/* A statistic of a group summary in display units, "—" for none. */
static void
summary_value(GString *g, const struct qi_indicator *ind, double v)
{
	g_string_append(g, "<td class=\"n\">");
	if (isnan(v))
		g_string_append(g, EM_DASH);
	else
		site_rate(g, ind, v);
	g_string_append(g, "</td>");
}

/* One row of the group summaries: organisation o, or both (o < 0). */
static void
group_row(GString *g, const struct site_page *pg, size_t i,
    const struct site_year *y, long o)
{
	const struct site *s = pg->s;
	const struct qi_indicator *ind = &s->defs->v[i];
	const struct qi_summary *sm = qi_analyses_summary(s->an, i, y->p, o);
	char label[16];
	int en = pg->en;

	if (sm == NULL)
		return;
	qi_period_format(y->p, label, sizeof(label));
	if (o >= 0) {
		g_string_append_printf(g, "<tr id=\"%s-dist-%s\"><th "
		    "scope=\"row\">", label, s->reg->orgs[o].code);
		site_esc(g, qi_org_name(&s->reg->orgs[o], en));
	} else {
		g_string_append_printf(g, "<tr id=\"%s-dist-all\"><th "
		    "scope=\"row\">", label);
		g_string_append(g, SITE_T(en, "両機構の計",
		    "All organisations"));
	}
	g_string_append_printf(g, en ? "</th><td class=\"n\">%zu / %zu</td>" :
	    "</th><td class=\"n\">%zu／%zu</td>", sm->shown, sm->withheld);
	summary_value(g, ind, sm->mean);
	summary_value(g, ind, sm->sd);
	summary_value(g, ind, sm->median);
	g_string_append(g, "<td class=\"n\">");
	if (isnan(sm->q1))
		g_string_append(g, EM_DASH);
	else {
		site_rate(g, ind, sm->q1);
		g_string_append(g, EN_DASH);
		site_rate(g, ind, sm->q3);
	}
	g_string_append(g, "</td></tr>\n");
}

/*
 * The group summaries of a year (analysis.h, struct qi_summary): the
 * page's organisation, each other one, both together -- the hospitals
 * shown and withheld, and the mean, SD, median and quartiles of the
 * shown hospitals' rates, as summary.csv holds them.
 */
static void
group_table(GString *g, const struct site_page *pg, size_t i,
    const struct site_year *y)
{
	const struct site *s = pg->s;
	const struct qi_indicator *ind = &s->defs->v[i];
	size_t o;
	int en = pg->en;

	if (s->an == NULL)
		return;
	g_string_append(g, "<div class=\"scroll\"><table>\n<caption>");
	site_period(g, y->p, en);
	g_string_append(g, SITE_T(en, " 公表病院の率の分布",
	    ": rates of the published hospitals"));
	unit_suffix(g, ind, en);
	g_string_append(g, "</caption>\n<thead><tr><th scope=\"col\">");
	g_string_append(g, SITE_T(en, "集計</th><th scope=\"col\">"
	    "施設数（公表／非公表）</th><th scope=\"col\">平均</th>"
	    "<th scope=\"col\">標準偏差</th><th scope=\"col\">中央値</th>"
	    "<th scope=\"col\">四分位（25%" EN_DASH "75%）</th>",
	    "Group</th><th scope=\"col\">Hospitals (shown / withheld)</th>"
	    "<th scope=\"col\">Mean</th><th scope=\"col\">SD</th>"
	    "<th scope=\"col\">Median</th><th scope=\"col\">Quartiles "
	    "(25%" EN_DASH "75%)</th>"));
	g_string_append(g, "</tr></thead>\n<tbody>\n");
	group_row(g, pg, i, y, (long)pg->org);
	for (o = 0; o < s->reg->norgs; o++)
		if (o != pg->org)
			group_row(g, pg, i, y, (long)o);
	group_row(g, pg, i, y, -1);
	g_string_append(g, "</tbody>\n</table></div>\n<p>");
	g_string_append(g, SITE_T(en, "公表した病院の率だけから計算しています"
	    "（非公表の病院と対象患者のいない病院は含みません）。標準偏差は"
	    "公表病院が2施設以上のときに示します。",
	    "Computed from the published hospitals' rates only (withheld "
	    "hospitals and hospitals without eligible patients are not "
	    "included). The SD is shown when at least 2 hospitals are "
	    "published."));
	g_string_append(g, "</p>\n");
}

/* The organisation's hospitals in one year. */
static void
hospital_table(GString *g, const struct site_page *pg, size_t i,
    const struct site_year *y)
{
	const struct site *s = pg->s;
	const struct qi_indicator *ind = &s->defs->v[i];
	const struct qi_registry *reg = s->reg;
	char label[16], *leaf;
	size_t h;
	int en = pg->en;

	qi_period_format(y->p, label, sizeof(label));
	g_string_append(g, "<h3>");
	g_string_append(g, SITE_T(en, "病院別の結果（", "Results by hospital ("));
	site_esc(g, qi_org_name(&reg->orgs[pg->org], en));
	g_string_append(g, SITE_T(en, "）</h3>\n", ")</h3>\n"));
	g_string_append(g, "<div class=\"scroll\"><table>\n<caption>");
	site_period(g, y->p, en);
	g_string_append(g, SITE_T(en, " 病院別", ": hospitals"));
	g_string_append(g, "</caption>\n<thead><tr><th scope=\"col\">");
	g_string_append(g, SITE_T(en, "病院", "Hospital"));
	g_string_append(g, "</th>");
	result_heads(g, ind, extra_of(ind), en);
	g_string_append(g, "</tr></thead>\n<tbody>\n");
	for (h = 0; h < reg->nhosps; h++) {
		const struct qi_hospital *hp = &reg->hosps[h];

		if (hp->org != pg->org || y->hosp[h] < 0)
			continue;
		leaf = g_strdup_printf("hospitals/%s.html", hp->id);
		g_string_append_printf(g, "<tr id=\"%s-%s\"><th scope=\"row\">"
		    "<a href=\"", label, hp->id);
		site_href(g, pg, en, leaf);
		g_string_append(g, "\">");
		site_esc(g, qi_hospital_name(hp, en));
		g_string_append(g, "</a></th>");
		result_cells(g, ind, site_result_at(s, y->hosp[h]),
		    extra_of(ind), en);
		g_string_append(g, "</tr>\n");
		g_free(leaf);
	}
	g_string_append(g, "</tbody>\n</table></div>\n");
}

/*
 * The method notes of a risk-adjusted indicator: the model in the
 * definition's words, its covariates, how O/E and the adjusted rate are
 * made, and each period's fit with its c-statistic (struct site, fits).
 */
static void
risk_notes(GString *g, const struct site_page *pg, size_t i)
{
	const struct site *s = pg->s;
	const struct qi_indicator *ind = &s->defs->v[i];
	const char *model = qi_text_of(&ind->risk_model, pg->en);
	size_t k, n = 0;
	int en = pg->en;

	g_string_append(g, SITE_T(en, "<li>リスク調整: ", "<li>Risk "
	    "adjustment: "));
	if (*model != '\0') {
		site_esc(g, model);
		g_string_append(g, SITE_T(en, "。", ". "));
	}
	g_string_append(g, SITE_T(en, "期間ごとにロジスティック回帰で各患者の"
	    "死亡などの確率を推定し、その和を期待数とします。O/E比は実測数÷期待"
	    "数（", "A logistic regression fitted in each period gives each "
	    "patient's probability of the event; their sum is the expected "
	    "count. O/E is observed ÷ expected (its "));
	site_level(g, ind->level);
	g_string_append(g, SITE_T(en, "%信頼区間: ", "% confidence interval: "));
	site_esc(g, qi_shown_method_words(ind, en));
	g_string_append(g, SITE_T(en, "）、リスク調整率は O/E比 × 両機構全体の"
	    "率で、図と表はこの率を示します。</li>\n<li>モデルの説明変数: ",
	    "), and the risk-adjusted rate is O/E × both organisations' "
	    "overall rate, which the charts and tables show.</li>\n<li>The "
	    "model's covariates: "));
	for (k = 0; k < ind->ncovariates; k++) {
		g_string_append(g, k > 0 ? SITE_T(en, "、", ", ") : "");
		g_string_append(g, "<code>");
		site_esc(g, ind->covariates[k].name);
		g_string_append(g, "</code>");
		if (ind->covariates[k].when.src != NULL) {
			g_string_append(g, en ? " (" : "（");
			site_esc(g, ind->covariates[k].when.src);
			g_string_append(g, en ? ")" : "）");
		} else if (ind->covariates[k].value.src != NULL) {
			/* a number or a category: its expression and range */
			g_string_append(g, en ? " (" : "（");
			site_esc(g, ind->covariates[k].value.src);
			g_string_append_printf(g, ", %ld–%ld",
			    ind->covariates[k].min, ind->covariates[k].max);
			if (ind->covariates[k].kind == QI_COVAR_CATEGORY)
				g_string_append_printf(g, SITE_T(en,
				    "、基準 %ld", ", reference %ld"),
				    ind->covariates[k].reference);
			g_string_append(g, en ? ")" : "）");
		}
	}
	g_string_append(g, SITE_T(en, "。</li>\n<li>モデルの識別能（c統計量、"
	    "0.5 は偶然と同じ、1 は完全）: ", ".</li>\n<li>The model's "
	    "discrimination (c-statistic: 0.5 is chance, 1 perfect): "));
	for (k = 0; k < s->nfits; k++) {
		if (s->fits[k].ind != i)
			continue;
		g_string_append(g, n++ > 0 ? SITE_T(en, "、", "; ") : "");
		if (s->fits[k].reference != NULL)
			site_esc(g, s->fits[k].reference);
		else
			site_period(g, s->fits[k].p, en);
		g_string_append(g, " ");
		if (!s->fits[k].fitted || isnan(s->fits[k].c))
			g_string_append(g, SITE_T(en, "当てはめられず",
			    "not fitted"));
		else
			g_string_append_printf(g, "%.3f", s->fits[k].c);
	}
	if (n == 0)
		g_string_append(g, SITE_T(en, "不明（結果のマニフェスト "
		    "results.json がありません）", "unknown (the results' "
		    "manifest, results.json, is not there)"));
	g_string_append(g, SITE_T(en, "。</li>\n", ".</li>\n"));
}

/* Definition in plain language, method notes, version, downloads. */
static void
definition(GString *g, const struct site_page *pg, size_t i)
{
	const struct qi_indicator *ind = &pg->s->defs->v[i];
	const struct qi_text *ex = &ind->exclusions;
	int en = pg->en;
	char *rel;

	g_string_append(g, SITE_T(en, "<h2 id=\"definition\">定義</h2>\n<dl>\n"
	    "<dt>分子</dt><dd>", "<h2 id=\"definition\">Definition</h2>\n"
	    "<dl>\n<dt>Numerator</dt><dd>"));
	site_esc(g, en ? ind->numerator.en : ind->numerator.ja);
	g_string_append(g, SITE_T(en, "</dd>\n<dt>分母</dt><dd>",
	    "</dd>\n<dt>Denominator</dt><dd>"));
	site_esc(g, en ? ind->denominator.en : ind->denominator.ja);
	g_string_append(g, SITE_T(en, "</dd>\n<dt>除外</dt><dd>",
	    "</dd>\n<dt>Exclusions</dt><dd>"));
	if ((en ? ex->en : ex->ja) != NULL)
		site_esc(g, en ? ex->en : ex->ja);
	else
		g_string_append(g, SITE_T(en, "なし", "none"));
	g_string_append(g, SITE_T(en, "</dd>\n<dt>データ</dt><dd>",
	    "</dd>\n<dt>Data source</dt><dd>"));
	site_esc(g, ind->source);
	g_string_append(g, SITE_T(en, "</dd>\n<dt>望ましい方向</dt><dd>",
	    "</dd>\n<dt>Better is</dt><dd>"));
	g_string_append(g, ind->direction == QI_HIGHER_BETTER ?
	    SITE_T(en, "率が高いほど良い", "a higher rate") :
	    ind->direction == QI_LOWER_BETTER ?
	    SITE_T(en, "率が低いほど良い", "a lower rate") :
	    SITE_T(en, "どちらとも言えない", "neither (neutral)"));
	g_string_append_printf(g, SITE_T(en, "</dd>\n<dt>定義の版</dt><dd>"
	    "第%ld版（%s）</dd>\n</dl>\n", "</dd>\n<dt>Definition version"
	    "</dt><dd>version %ld (%s)</dd>\n</dl>\n"), ind->version, ind->id);

	g_string_append(g, SITE_T(en, "<h2 id=\"method\">計算方法と公表基準</h2>"
	    "\n<ul>\n<li>", "<h2 id=\"method\">Method and publication rule</h2>"
	    "\n<ul>\n<li>"));
	site_level(g, ind->level);
	g_string_append(g, ind->method == QI_CI_WILSON ? SITE_T(en,
	    "%信頼区間: Wilson のスコア法（連続修正なし）",
	    "% confidence interval: Wilson score, no continuity correction") :
	    SITE_T(en, "%信頼区間: Clopper–Pearson の正確法",
	    "% confidence interval: Clopper–Pearson (exact)"));
	g_string_append_printf(g, SITE_T(en, "。</li>\n<li>分母が%ld未満の結果は"
	    "公表しません。", ".</li>\n<li>Results with a denominator under "
	    "%ld are not published."), ind->min_denominator);
	if (ind->min_numerator > 0)
		g_string_append_printf(g, SITE_T(en, "分子が%ld未満の結果も率を"
		    "公表しません。", " Nor are rates with a numerator under "
		    "%ld."), ind->min_numerator);

	g_string_append(g, SITE_T(en, "</li>\n<li>非公表の値が他の公表値からの"
	    "差し引きで求められる場合は、もう一つの値も非公表にします。</li>\n"
	    "<li>機構全体の率は、所属する全病院（非公表の病院を含む）の分子と"
	    "分母の合計から計算します。</li>\n",
	    "</li>\n<li>Where a withheld value could be derived by "
	    "subtraction from published ones, one more value is withheld."
	    "</li>\n<li>An organisation's rate is computed from the sums of "
	    "all its hospitals' numerators and denominators, withheld "
	    "hospitals included.</li>\n"));
	if (qi_indicator_adjusted(ind))
		risk_notes(g, pg, i);
	g_string_append(g, "</ul>\n");

	g_string_append(g, SITE_T(en, "<h2 id=\"data\">データ</h2>\n<p>",
	    "<h2 id=\"data\">Data</h2>\n<p>"));
	g_string_append(g, SITE_T(en, "この頁の公表値（年度別、非公表の値は空欄）: ",
	    "Published values of this page (fiscal years; withheld values "
	    "are empty): "));
	rel = g_strdup_printf("data/%s", ind->id);
	g_string_append(g, "<a href=\"");
	site_href_root(g, pg, rel);
	g_string_append(g, ".csv\">CSV</a>, <a href=\"");
	site_href_root(g, pg, rel);
	g_string_append(g, ".json\">JSON</a>");
	g_free(rel);
	rel = site_workbook_name(pg->s, pg->org);
	g_string_append(g, SITE_T(en, "。全指標の公表値（指標ごとのシートと定義の"
	    "シート）: <a href=\"", ". All indicators' published values (a "
	    "sheet per indicator and one of the definitions): <a href=\""));
	site_href_root(g, pg, rel);
	g_string_append(g, "\">Excel (.xlsx)</a></p>\n");
	g_free(rel);
}

enum qi_err
site_page_indicator(const struct site *s, size_t org, int en, size_t i)
{
	const struct qi_indicator *ind = &s->defs->v[i];
	const struct site_ind *si = &s->ind[i];
	struct site_page pg;
	GString *g;
	char *leaf, label[16];
	size_t j;
	enum qi_err rc;

	leaf = g_strdup_printf("indicators/%s.html", ind->id);
	page_open(&pg, s, org, en, leaf);
	g = pg.out;
	site_head(&pg, en ? ind->title.en : ind->title.ja);
	g_string_append(g, "<h1>");
	site_esc(g, en ? ind->title.en : ind->title.ja);
	g_string_append(g, "</h1>\n");
	partner_links(g, &pg, leaf, "同じ指標を見る", "The same indicator");
	if (si->nyears == 0)
		g_string_append(g, site_has_quarters(s, i) ? SITE_T(en,
		    "<p>この指標の年度の結果はまだありません（1年度の4四半期が"
		    "そろうと示します）。<a href=\"#trends\">四半期の推移</a>"
		    "をご覧ください。</p>\n", "<p>There are no fiscal-year "
		    "results for this indicator yet (a fiscal year is shown "
		    "once its four quarters are in); see the <a href=\""
		    "#trends\">quarterly trend</a>.</p>\n") : SITE_T(en,
		    "<p>この指標の年度の結果はまだありません。</p>\n",
		    "<p>There are no fiscal-year results for this indicator "
		    "yet.</p>\n"));
	else {
		g_string_append(g, "<nav aria-label=\"");
		g_string_append(g, SITE_T(en, "年度", "Fiscal years"));
		g_string_append(g, "\"><ul>\n");
		for (j = 0; j < si->nyears; j++) {
			qi_period_format(si->years[j].p, label, sizeof(label));
			g_string_append_printf(g, "<li><a href=\"#%s\">",
			    label);
			site_period(g, si->years[j].p, en);
			g_string_append(g, "</a></li>\n");
		}
		g_string_append(g, "<li><a href=\"#trends\">");
		g_string_append(g, SITE_T(en, "推移", "Over time"));
		g_string_append(g, "</a></li>\n");
		g_string_append(g, "<li><a href=\"#definition\">");
		g_string_append(g, SITE_T(en, "定義", "Definition"));
		g_string_append(g, "</a></li>\n</ul></nav>\n");
	}
	for (j = 0; j < si->nyears; j++) {
		const struct site_year *y = &si->years[j];

		qi_period_format(y->p, label, sizeof(label));
		g_string_append_printf(g, "<h2 id=\"%s\">", label);
		site_period(g, y->p, en);
		g_string_append(g, "</h2>\n");
		summary_table(g, &pg, i, y);
		group_table(g, &pg, i, y);
		site_figures_year(g, &pg, i, y);
		hospital_table(g, &pg, i, y);
	}
	if (si->nyears > 0 || site_has_quarters(s, i)) {
		g_string_append(g, "<h2 id=\"trends\">");
		g_string_append(g, SITE_T(en, "推移", "Over time"));
		g_string_append(g, "</h2>\n");
		site_figures_series(g, &pg, i);
	}
	definition(g, &pg, i);
	rc = site_end(&pg);
	g_free(leaf);
	return rc;
}

/* ----------------------------------------------------------- hospital */

static gint
cmp_desc(gconstpointer a, gconstpointer b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x > y ? -1 : x < y;
}

/* The hospital's row for indicator i in fiscal year fy. */
static void
hospital_row(GString *g, const struct site_page *pg, size_t hosp, size_t i,
    int fy)
{
	const struct site *s = pg->s;
	const struct qi_indicator *ind = &s->defs->v[i];
	const struct site_year *y = NULL;
	const struct qi_result *r;
	char *leaf;
	size_t j, o;
	int en = pg->en;

	for (j = 0; j < s->ind[i].nyears; j++)
		if (s->ind[i].years[j].p.fy == fy)
			y = &s->ind[i].years[j];
	if (y == NULL || y->hosp[hosp] < 0)
		return;
	r = site_result_at(s, y->hosp[hosp]);
	leaf = g_strdup_printf("indicators/%s.html", ind->id);
	g_string_append_printf(g, "<tr id=\"FY%d-%s\"><th scope=\"row\">"
	    "<a href=\"", fy, ind->id);
	site_href(g, pg, en, leaf);
	g_string_append(g, "\">");
	site_esc(g, en ? ind->title.en : ind->title.ja);
	g_string_append(g, "</a>");
	if (qi_indicator_adjusted(ind))	/* its rate cells: adjusted */
		g_string_append_printf(g, ind->unit != QI_UNIT_PROPORTION ?
		    SITE_T(en, "（リスク調整率、%s）", " (risk-adjusted rate, "
		    "%s)") : SITE_T(en, "（リスク調整率）%s",
		    " (risk-adjusted rate)%s"), qi_unit_symbol(ind->unit));
	else if (ind->unit != QI_UNIT_PROPORTION)
		g_string_append_printf(g, SITE_T(en, "（%s）", " (%s)"),
		    qi_unit_symbol(ind->unit));
	g_string_append(g, "</th>");
	result_cells(g, ind, r, EXTRA_MIXED, en);
	for (o = 0; o < s->reg->norgs; o++) {
		g_string_append(g, "<td class=\"n pool\">");
		site_pooled(g, ind, site_result_at(s, y->org[o]), en);
		g_string_append(g, "</td>");
	}
	g_string_append(g, "</tr>\n");
	g_free(leaf);
}

enum qi_err
site_page_hospital(const struct site *s, size_t org, int en, size_t hosp)
{
	const struct qi_hospital *hp = &s->reg->hosps[hosp];
	const struct qi_registry *reg = s->reg;
	struct site_page pg;
	GArray *fys;
	GString *g;
	char *leaf;
	size_t i, j, o;
	int fy;
	enum qi_err rc;

	leaf = g_strdup_printf("hospitals/%s.html", hp->id);
	page_open(&pg, s, org, en, leaf);
	g = pg.out;
	site_head(&pg, qi_hospital_name(hp, en));
	g_string_append(g, "<h1>");
	site_esc(g, qi_hospital_name(hp, en));
	g_string_append(g, "</h1>\n<p>");
	site_esc(g, qi_org_name(&reg->orgs[org], en));
	if (hp->region != NULL && *hp->region != '\0') {
		g_string_append(g, SITE_T(en, "・", ", "));
		site_esc(g, hp->region);
	}
	if (hp->beds > 0) {
		g_string_append(g, SITE_T(en, "・", ", "));
		site_count(g, hp->beds);
		g_string_append(g, SITE_T(en, "床", " beds"));
	}
	g_string_append(g, "</p>\n<p>");
	g_string_append(g, SITE_T(en, "この病院の結果を、各機構全体の率と並べて"
	    "示します。", "This hospital's results beside each "
	    "organisation's overall rate."));
	g_string_append(g, "</p>\n");
	if (site_has_profile(s, hosp))
		site_figure_profile(g, &pg, hosp);

	fys = g_array_new(FALSE, FALSE, sizeof(int));
	for (i = 0; i < s->defs->n; i++)
		for (j = 0; j < s->ind[i].nyears; j++) {
			fy = s->ind[i].years[j].p.fy;
			for (o = 0; o < fys->len; o++)
				if (g_array_index(fys, int, o) == fy)
					break;
			if (o == fys->len)
				g_array_append_val(fys, fy);
		}
	g_array_sort(fys, cmp_desc);
	if (fys->len == 0)
		g_string_append(g, SITE_T(en, "<p>結果はまだありません。</p>\n",
		    "<p>There are no results yet.</p>\n"));
	for (j = 0; j < fys->len; j++) {
		fy = g_array_index(fys, int, j);
		g_string_append_printf(g, "<h2 id=\"FY%d\">", fy);
		site_period(g, (struct qi_period){ fy, 0 }, en);
		g_string_append(g, "</h2>\n<div class=\"scroll\"><table>\n"
		    "<caption>");
		site_esc(g, qi_hospital_name(hp, en));
		g_string_append(g, en ? ", " : " ");
		site_period(g, (struct qi_period){ fy, 0 }, en);
		g_string_append(g, "</caption>\n<thead><tr><th scope=\"col\">");
		g_string_append(g, SITE_T(en, "指標", "Indicator"));
		g_string_append(g, SITE_T(en, "</th><th scope=\"col\">分子"
		    "</th><th scope=\"col\">分母</th><th scope=\"col\">"
		    "曝露量（率）・期待数（リスク調整）</th><th scope=\"col\">"
		    "O/E比（信頼区間）</th><th scope=\"col\">率</th>"
		    "<th scope=\"col\">信頼区間</th><th scope=\"col\">状態</th>",
		    "</th><th scope=\"col\">Numerator</th><th scope=\"col\">"
		    "Denominator</th><th scope=\"col\">Exposure (rates), "
		    "expected (risk-adjusted)</th><th scope=\"col\">O/E (CI)"
		    "</th><th scope=\"col\">Rate</th><th scope="
		    "\"col\">CI</th><th scope=\"col\">Status</th>"));
		for (o = 0; o < reg->norgs; o++) {
			g_string_append(g, "<th scope=\"col\">");
			site_esc(g, reg->orgs[o].code);
			g_string_append(g, SITE_T(en, " 全体</th>",
			    " overall</th>"));
		}
		g_string_append(g, "</tr></thead>\n<tbody>\n");
		for (i = 0; i < s->defs->n; i++)
			if (!qi_kind_location(s->defs->v[i].kind))
				hospital_row(g, &pg, hosp, i, fy);
		g_string_append(g, "</tbody>\n</table></div>\n");
	}
	g_array_free(fys, TRUE);
	site_figures_vlad(g, &pg, hosp);
	rc = site_end(&pg);
	g_free(leaf);
	return rc;
}
