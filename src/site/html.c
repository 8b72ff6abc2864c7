/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * html.c -- writing the sites' HTML: escaping (GLib's
 * g_markup_escape_text), numbers as shown on the pages, links between
 * pages, to the other language and to the partner organisation's site,
 * and the frame every page shares (head, header, footer).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "emit.h"
#include "site.h"

#define EN_DASH		"\xe2\x80\x93"	/* U+2013, in intervals */

/*
 * Text as HTML: '&', '<', '>', quotes escaped by g_markup_escape_text(),
 * after every control character HTML forbids -- C0 but tab and LF, DEL,
 * C1 (U+0080-U+009F) -- has become U+FFFD: GLib would write them as
 * character references, which HTML forbids as well.
 */
void
site_esc(GString *g, const char *text)
{
	char *t = qi_text_no_controls(text != NULL ? text : "", 1);
	char *e = g_markup_escape_text(t, -1);

	g_string_append(g, e);
	g_free(e);
	g_free(t);
}

/* "45,678". */
void
site_count(GString *g, long n)
{
	char tmp[32];
	size_t len, i;

	if (n < 0) {
		g_string_append_c(g, '-');
		n = -n;
	}
	snprintf(tmp, sizeof(tmp), "%ld", n);
	len = strlen(tmp);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			g_string_append_c(g, ',');
		g_string_append_c(g, tmp[i]);
	}
}

/* A proportion in the indicator's display unit: "62.3", or "0.623". */
void
site_rate(GString *g, const struct qi_indicator *ind, double v)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.*f", ind->unit == QI_UNIT_PROPORTION ?
	    3 : 1, v * qi_unit_multiplier(ind->unit));
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		memmove(buf, buf + 1, strlen(buf));	/* never "-0.0" */
	g_string_append(g, buf);
}

/* "61.8–62.8"; "—" if either end is missing */
void
site_interval(GString *g, const struct qi_indicator *ind, double lo,
    double hi)
{
	if (isnan(lo) || isnan(hi)) {
		g_string_append(g, EM_DASH);
		return;
	}
	site_rate(g, ind, lo);
	g_string_append(g, EN_DASH);
	site_rate(g, ind, hi);
}

/* "95" for 0.95, "99.8" for 0.998. */
void
site_level(GString *g, double level)
{
	char buf[32];

	qi_fmt_level(level, buf, sizeof(buf));	/* as the charts say it */
	g_string_append(g, buf);
}

void
site_period(GString *g, struct qi_period p, int en)
{
	char *t = qi_fmt_period(p, en);	/* as the charts say it */

	g_string_append(g, t);
	g_free(t);
}

/* Why a result is shown as it is, in words. */
void
site_reason(GString *g, const struct qi_indicator *ind, enum qi_status st,
    int en)
{
	switch (st) {
	case QI_STATUS_OK:
		g_string_append(g, SITE_T(en, "公表", "published"));
		break;
	case QI_STATUS_SMALL_DENOMINATOR:
		g_string_append_printf(g, SITE_T(en, "分母%ld未満のため非公表",
		    "withheld: denominator under %ld"), ind->min_denominator);
		break;
	case QI_STATUS_SMALL_NUMERATOR:
		g_string_append_printf(g, SITE_T(en, "分子%ld未満のため非公表",
		    "withheld: numerator under %ld"), ind->min_numerator);
		break;
	case QI_STATUS_COMPLEMENTARY:
		g_string_append(g, SITE_T(en, "他の非公表値の逆算を防ぐため非公表",
		    "withheld so that another withheld value cannot be "
		    "derived by subtraction"));
		break;
	case QI_STATUS_EMPTY:
		g_string_append(g, SITE_T(en, "対象患者なし",
		    "no eligible patients"));
		break;
	case QI_STATUS_NO_DATA:
		g_string_append(g, SITE_T(en, "データなし",
		    "no data"));
		break;
	}
}


/* "../" once per folder between the page and its organisation's root. */
static void
up_to_root(GString *g, const struct site_page *pg)
{
	const char *p;

	if (pg->en)
		g_string_append(g, "../");
	for (p = pg->leaf; *p != '\0'; p++)
		if (*p == '/')
			g_string_append(g, "../");
}

/* Relative link to the page leaf of this site in language en. */
void
site_href(GString *g, const struct site_page *pg, int en, const char *leaf)
{
	GString *t = g_string_new(NULL);

	up_to_root(t, pg);
	if (en)
		g_string_append(t, "en/");
	g_string_append(t, leaf);
	site_esc(g, t->str);
	g_string_free(t, TRUE);
}

/* Relative link to a file below the organisation's root (style, data). */
void
site_href_root(GString *g, const struct site_page *pg, const char *rel)
{
	GString *t = g_string_new(NULL);

	up_to_root(t, pg);
	g_string_append(t, rel);
	site_esc(g, t->str);
	g_string_free(t, TRUE);
}

/*
 * Link to the page leaf of organisation org's site, in the page's
 * language: absolute from its url when publishing, relative to the
 * folder beside this site in a preview.
 */
void
site_href_partner(GString *g, const struct site_page *pg, size_t org,
    const char *leaf)
{
	const struct qi_org *o = &pg->s->reg->orgs[org];
	GString *t = g_string_new(NULL);

	if (pg->s->cfg->preview) {
		up_to_root(t, pg);
		g_string_append_printf(t, "../%s/", o->code);
	} else
		g_string_append(t, o->url);
	if (pg->en)
		g_string_append(t, "en/");
	g_string_append(t, leaf);
	site_esc(g, t->str);
	g_string_free(t, TRUE);
}

/* The organisation's site title: "国立病院機構 臨床評価指標". */
static void
site_title(GString *g, const struct site_page *pg)
{
	const struct qi_org *o = &pg->s->reg->orgs[pg->org];

	site_esc(g, qi_org_name(o, pg->en));
	g_string_append(g, SITE_T(pg->en, " 臨床評価指標",
	    ": clinical quality indicators"));
}

void
site_head(struct site_page *pg, const char *title)
{
	GString *g = pg->out;
	int en = pg->en;

	g_string_append_printf(g, "<!DOCTYPE html>\n<html lang=\"%s\">\n"
	    "<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>", en ? "en" : "ja");
	site_esc(g, title);
	g_string_append(g, " | ");
	site_title(g, pg);
	g_string_append(g, "</title>\n<link rel=\"stylesheet\" href=\"");
	site_href_root(g, pg, "style.css");
	g_string_append(g, "\">\n</head>\n<body>\n<a class=\"skip\" "
	    "href=\"#main\">");
	g_string_append(g, SITE_T(en, "本文へ移動", "Skip to content"));
	g_string_append(g, "</a>\n<header>\n<p><a href=\"");
	site_href(g, pg, en, "index.html");
	g_string_append(g, "\">");
	site_title(g, pg);
	g_string_append(g, "</a></p>\n<nav aria-label=\"");
	g_string_append(g, SITE_T(en, "サイト内", "Site"));
	g_string_append(g, "\"><ul>\n<li><a href=\"");
	site_href(g, pg, en, "index.html");
	g_string_append(g, "\">");
	g_string_append(g, SITE_T(en, "指標一覧", "Indicators"));
	g_string_append(g, "</a></li>\n<li><a href=\"");
	site_href(g, pg, en, "hospitals/index.html");
	g_string_append(g, "\">");
	g_string_append(g, SITE_T(en, "病院一覧", "Hospitals"));
	g_string_append(g, "</a></li>\n<li><a href=\"");
	site_href(g, pg, !en, pg->leaf);
	g_string_append_printf(g, "\" hreflang=\"%s\" lang=\"%s\">%s</a>"
	    "</li>\n</ul></nav>\n</header>\n<main id=\"main\">\n",
	    en ? "ja" : "en", en ? "ja" : "en", en ? "日本語" : "English");
}

/* Close the page and write it to ORG/[en/]leaf. */
enum qi_err
site_end(struct site_page *pg)
{
	const struct site *s = pg->s;
	GString *g = pg->out;
	char *rel;
	enum qi_err rc;

	g_string_append(g, "</main>\n<footer>\n<p>");
	g_string_append_printf(g, SITE_T(pg->en, "この頁は qi %s "
	    "が計算済みの結果から作成しました。",
	    "This page was made by qi %s from computed results."),
	    qi_version());
	if (s->sha256 != NULL) {
		g_string_append(g, SITE_T(pg->en, "結果ファイルの SHA-256: ",
		    " SHA-256 of the results file: "));
		g_string_append_printf(g, "<code>%s</code>", s->sha256);
	}
	g_string_append(g, "</p>\n</footer>\n</body>\n</html>\n");
	rel = g_strconcat(pg->en ? "en/" : "", pg->leaf, NULL);
	rc = site_file(s, pg->org, rel, g->str, g->len);
	g_free(rel);
	g_string_free(g, TRUE);
	pg->out = NULL;
	return rc;
}

/*
 * "62.3%（95%CI 61.8–62.8）" for an ok result, the value it shows
 * (qi_result_shown(): a risk-adjusted indicator's adjusted rate), else
 * "— " and the reason; "—" when there is no result.
 */
void
site_pooled(GString *g, const struct qi_indicator *ind,
    const struct qi_result *r, int en)
{
	double v, lo, hi;

	if (r == NULL) {
		g_string_append(g, EM_DASH);
		return;
	}
	if (r->status != QI_STATUS_OK) {
		g_string_append(g, EM_DASH " ");
		site_reason(g, ind, r->status, en);
		return;
	}
	qi_result_shown(ind, r, &v, &lo, &hi);
	if (isnan(v)) {
		g_string_append(g, EM_DASH " ");
		site_unadjusted(g, en);
		return;
	}
	site_rate(g, ind, v);
	g_string_append(g, qi_unit_symbol(ind->unit));
	g_string_append(g, en ? " (" : "（");
	site_level(g, ind->level);
	g_string_append(g, en ? "% CI " : "%CI ");
	site_interval(g, ind, lo, hi);
	g_string_append(g, en ? ")" : "）");
}

/* Why a published result of a risk-adjusted indicator shows no value. */
void
site_unadjusted(GString *g, int en)
{
	g_string_append(g, SITE_T(en, "リスク調整率なし（リスクモデルを当て"
	    "はめられず）", "no risk-adjusted rate (the risk model could not "
	    "be fitted)"));
}
