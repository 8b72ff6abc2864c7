/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * figure.c -- the charts on the pages: one <figure> per chart with
 * its SVG, the links to its downloads (SVG, PNG when written, its page
 * of the chart book), and a text
 * alternative that states what the chart shows in words:
 *
 *   caterpillar   each organisation's hospitals and pooled rate
 *   funnel plot   hospitals above and below the 99.8% limits, the target
 *   comparison    each organisation's first and last fiscal year
 *   trend         each organisation's first and last quarter, and where
 *                 the definition version changes (history, --history)
 *   profile       indicators better or worse than the organisation
 *   VLAD          the hospital's published quarters and the sum of
 *                 expected minus observed events over them
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "site.h"

/*
 * Width and height, CSS px, of chart base's SVG: its width="Wpt" and
 * height="Hpt", a point of the chart drawn as a px, as its PNG is (0 if
 * none).  The pages give an image its size, so nothing moves while it
 * loads.
 */
static void
svg_size(const struct site_page *pg, const char *base, unsigned *w,
    unsigned *h)
{
	char head[512], *path, *p;
	size_t n;
	FILE *fp;

	*w = *h = 0;
	path = g_strdup_printf("%s/%s/%s%s.svg", pg->s->dir,
	    pg->s->reg->orgs[pg->org].code, pg->en ? "en/" : "", base);
	if ((fp = fopen(path, "rb")) != NULL) {
		n = fread(head, 1, sizeof(head) - 1, fp);
		head[n] = '\0';
		if ((p = strstr(head, "<svg ")) != NULL) {
			if ((p = strstr(p, " width=\"")) != NULL)
				*w = (unsigned)ceil(g_ascii_strtod(p + 8, NULL));
			if (p != NULL && (p = strstr(p, " height=\"")) != NULL)
				*h = (unsigned)ceil(g_ascii_strtod(p + 9, NULL));
		}
		fclose(fp);
	}
	g_free(path);
}

/*
 * One chart: the SVG (its text is text, it is sharp at any density, and
 * opened on its own it tells each hospital's values under the pointer),
 * its alternative alt (text) and the downloads: the SVG, the PNG when
 * written, and the PDF -- an indicator chart's page of the chart book,
 * a profile's own file with --profile-pdf.
 */
static void
figure(GString *g, const struct site_page *pg, const struct site_chart *c,
    const char *alt)
{
	static const char *const name[SITE_CHART_FILES] = {
		"SVG", "PNG", "PDF"
	};
	GString *base = g_string_new(NULL), *rel = g_string_new(NULL);
	unsigned w, h;
	int en = pg->en, k, n = 0, page;

	site_chart_name(base, pg->s, c);
	svg_size(pg, base->str, &w, &h);
	g_string_printf(rel, "%s.svg", base->str);
	g_string_append(g, "<figure>\n<a href=\"");
	site_href(g, pg, en, rel->str);
	g_string_append(g, "\"><img src=\"");
	site_href(g, pg, en, rel->str);
	g_string_append_printf(g, "\" width=\"%u\" height=\"%u\" alt=\"",
	    w, h);
	site_esc(g, alt);
	g_string_append(g, "\"></a>\n<figcaption>");
	g_string_append(g, SITE_T(en, "図をダウンロード: ",
	    "Download the chart: "));
	for (k = 0; k < SITE_CHART_FILES; k++) {
		if (!site_chart_wanted(pg->s, c, k))
			continue;
		g_string_printf(rel, "%s%s", base->str, site_chart_file(k));
		g_string_append(g, n++ > 0 ? ", <a href=\"" : "<a href=\"");
		site_href(g, pg, en, rel->str);
		g_string_append_printf(g, "\">%s</a>", name[k]);
	}
	if ((page = site_book_page(pg->s, c)) > 0) {
		g_string_append(g, n++ > 0 ? ", <a href=\"" : "<a href=\"");
		site_href(g, pg, en, SITE_BOOK);
		g_string_append_printf(g, "#page=%d\">", page);
		g_string_append_printf(g, SITE_T(en, "PDF（図表集 %d ページ）",
		    "PDF (chart book, page %d)"), page);
		g_string_append(g, "</a>");
	}
	g_string_append(g, "</figcaption>\n</figure>\n");
	g_string_free(base, TRUE);
	g_string_free(rel, TRUE);
}

/* What a chart shows of ind's values in words: "率" or "リスク調整率". */
static const char *
rate_word(const struct qi_indicator *ind, int en)
{
	return qi_indicator_adjusted(ind) ? SITE_T(en, "リスク調整率",
	    "risk-adjusted rate") : SITE_T(en, "率", "rate");
}

/* The value shown (qi_result_shown()) with its unit, or "not published
   (reason)". */
static void
rate_or_reason(GString *g, const struct qi_indicator *ind,
    const struct qi_result *r, int en)
{
	double v, lo, hi;

	qi_result_shown(ind, r, &v, &lo, &hi);
	if (!isnan(v)) {
		site_rate(g, ind, v);
		g_string_append(g, qi_unit_symbol(ind->unit));
		return;
	}
	if (r != NULL && r->status == QI_STATUS_OK) {
		site_unadjusted(g, en);
		return;
	}
	g_string_append(g, SITE_T(en, "非公表（", "not published ("));
	if (r != NULL)
		site_reason(g, ind, r->status, en);
	else
		g_string_append(g, SITE_T(en, "結果なし", "no result"));
	g_string_append(g, SITE_T(en, "）", ")"));
}

/* ---------------------------------------------------------- caterpillar */

static void
caterpillar_alt(GString *g, const struct site *s, size_t i,
    const struct site_year *y, int en)
{
	const struct qi_indicator *ind = &s->defs->v[i];
	const struct qi_registry *reg = s->reg;
	const struct qi_result *r;
	struct site_tally t, all;
	size_t o;
	int k;

	g_string_append_printf(g, en ? "The %s of each hospital with its " :
	    "病院別の%sと", rate_word(ind, en));
	site_level(g, ind->level);
	g_string_append(g, SITE_T(en, "%信頼区間（", "% confidence interval, "));
	if (!en)
		g_string_append(g, rate_word(ind, en));
	g_string_append(g, ind->direction == QI_LOWER_BETTER ?
	    SITE_T(en, "の低い順", "lowest first") :
	    SITE_T(en, "の高い順", "highest first"));
	g_string_append(g, SITE_T(en, "）。", ". "));
	site_period(g, y->p, en);
	g_string_append(g, en ? ": " : "、");
	for (o = 0; o < reg->norgs; o++) {
		site_tally(s, y, (long)o, &t);
		r = site_result_at(s, y->org[o]);
		if (o > 0)
			g_string_append(g, en ? "; " : "、");
		g_string_append(g, reg->orgs[o].code);
		g_string_append_printf(g, en ? ", %zu hospitals, %s " :
		    " %zu病院の%s ", t.total, rate_word(ind, en));
		if (r != NULL && r->status == QI_STATUS_OK) {
			site_pooled(g, ind, r, en);
		} else {
			g_string_append(g, SITE_T(en, "非公表（",
			    "not published ("));
			if (r != NULL)
				site_reason(g, ind, r->status, en);
			else
				g_string_append(g, SITE_T(en, "no result",
				    "結果なし"));
			g_string_append(g, SITE_T(en, ")", "）"));
		}
	}
	site_tally(s, y, -1, &all);
	g_string_append_printf(g, en ? ". Shown: %zu hospitals" :
	    "。公表 %zu病院", all.by[QI_STATUS_OK]);
	for (k = QI_STATUS_SMALL_DENOMINATOR; k <= QI_STATUS_EMPTY; k++) {
		if (all.by[k] == 0)
			continue;
		g_string_append_printf(g, en ? "; %zu not shown (" :
		    "、%zu病院は", all.by[k]);
		site_reason(g, ind, (enum qi_status)k, en);
		if (en)
			g_string_append_c(g, ')');
	}
	g_string_append(g, en ? "." : "。");
}


/* ------------------------------------------------------------- funnel */

/* Hospitals of fp above and below its outer limits. */
static void
funnel_flags(const struct qi_funnelplot *fp, size_t *above, size_t *below)
{
	size_t k;

	*above = *below = 0;
	for (k = 0; k < fp->n; k++) {
		*above += fp->v[k].flag == QI_FUNNEL_ABOVE_OUTER;
		*below += fp->v[k].flag == QI_FUNNEL_BELOW_OUTER;
	}
}

/* The rest of a risk-adjusted indicator's funnel words: O/E against E. */
static void
funnel_alt_ratio(GString *g, const struct qi_funnelplot *fp, int en)
{
	size_t above, below;

	funnel_flags(fp, &above, &below);
	g_string_append(g, SITE_T(en, "）: 病院ごとの O/E比（実測数÷リスク"
	    "モデルによる期待数）を期待数に対して示し、1 のまわりに95%と99.8%"
	    "の管理限界を描きます。", "): each hospital's O/E ratio "
	    "(observed ÷ expected events under the risk model) against its "
	    "expected events, with 95% and 99.8% limits around 1. "));
	g_string_append_printf(g, en ? "Of %zu hospitals, %zu are above "
	    "the upper 99.8%% limit and %zu below the lower 99.8%% limit." :
	    "%zu病院のうち、99.8%%上限より上が%zu病院、99.8%%下限より下が"
	    "%zu病院。", fp->n, above, below);
}

/* The words of a funnel plot; fp is its analysis (with a target). */
static void
funnel_alt(GString *g, const struct site *s, size_t i,
    const struct site_year *y, const struct qi_funnelplot *fp, int en)
{
	const struct qi_indicator *ind = &s->defs->v[i];
	size_t above, below;

	g_string_append(g, SITE_T(en, "ファンネルプロット（", "Funnel plot ("));
	site_period(g, y->p, en);
	if (fp->ratio) {
		funnel_alt_ratio(g, fp, en);
		return;
	}
	g_string_append(g, SITE_T(en, "）: 病院ごとの率を",
	    "): each hospital's rate against its "));
	g_string_append(g, ind->kind == QI_KIND_RATE ?
	    SITE_T(en, "観察量", "exposure") : SITE_T(en, "分母", "denominator"));
	g_string_append(g, SITE_T(en, "に対して示し、目標値のまわりに95%と"
	    "99.8%の管理限界を描きます。", ", with 95% and 99.8% limits "
	    "around the target. "));
	funnel_flags(fp, &above, &below);
	g_string_append(g, SITE_T(en, "目標値（両機構の率）",
	    "Target (both organisations' pooled rate) "));
	site_rate(g, ind, fp->target);
	g_string_append(g, qi_unit_symbol(ind->unit));
	g_string_append_printf(g, en ? ". Of %zu hospitals, %zu are above "
	    "the upper 99.8%% limit and %zu below the lower 99.8%% limit." :
	    "。%zu病院のうち、99.8%%上限より上が%zu病院、99.8%%下限より下が"
	    "%zu病院。", fp->n, above, below);
}

/* ------------------------------------------------- comparison, trend */

/*
 * In words, each change of definition version in the quarters pv (with
 * their versions vv): where the trend joins results of two methods,
 * which are not pooled, and the chart's vertical rule marks it.
 */
static void
version_changes(GString *g, const struct qi_period *pv, const long *vv,
    size_t np, int en)
{
	size_t k;

	for (k = 1; k < np; k++) {
		if (vv[k] == vv[k - 1])
			continue;
		if (en) {
			g_string_append_printf(g, " The method changed: "
			    "definition version %ld up to ", vv[k - 1]);
			site_period(g, pv[k - 1], en);
			g_string_append_printf(g, ", version %ld from ", vv[k]);
			site_period(g, pv[k], en);
			g_string_append(g, ". Results of the two versions are "
			    "not comparable and are not pooled; a vertical line "
			    "in the chart marks the change.");
		} else {
			g_string_append(g, "計算方法が変わりました: ");
			site_period(g, pv[k - 1], en);
			g_string_append_printf(g, "までは定義の第%ld版、", vv[k - 1]);
			site_period(g, pv[k], en);
			g_string_append_printf(g, "からは第%ld版です。版の異なる結果"
			    "は比較できず、合算していません。図の縦線が変更の時点"
			    "です。", vv[k]);
		}
	}
}

/*
 * Each organisation's first and last published period: fiscal years
 * (quarters = 0) or quarters (those of the history too).
 */
static void
series_alt(GString *g, const struct site *s, size_t i, int quarters, int en)
{
	const struct qi_indicator *ind = &s->defs->v[i];
	const struct qi_result *r, *first, *last;
	struct qi_period *pv = NULL;
	long *vv = NULL;
	size_t o, k, np = 0;
	int any = 0;

	if (en)
		g_string_append_printf(g, quarters ? "Each organisation's %s "
		    "by quarter. " : "Each organisation's %s by fiscal year, "
		    "with its 95%% confidence interval. ", rate_word(ind, en));
	else
		g_string_append_printf(g, quarters ? "四半期ごとの機構全体の%s"
		    "の推移。" : "年度ごとの機構全体の%sと95%%信頼区間。",
		    rate_word(ind, en));
	if (quarters)
		np = qi_trend_quarters(s->an, i, &pv, &vv);
	else
		np = s->ind[i].nyears;
	for (o = 0; o < s->reg->norgs; o++) {
		first = last = NULL;
		for (k = 0; k < np; k++) {
			r = qi_trend_find(s->an, i, quarters ? pv[k] :
			    s->ind[i].years[np - 1 - k].p, QI_SCOPE_ORG,
			    (long)o, -1);
			if (r == NULL || r->status != QI_STATUS_OK)
				continue;
			if (first == NULL)
				first = r;
			last = r;
		}
		if (first == NULL)
			continue;
		if (any++ > 0)
			g_string_append(g, en ? "; " : "、");
		g_string_append(g, s->reg->orgs[o].code);
		g_string_append(g, en ? ": " : " ");
		site_period(g, first->period, en);
		g_string_append(g, en ? " " : "は");
		rate_or_reason(g, ind, first, en);
		if (last != first) {
			g_string_append(g, SITE_T(en, "、", ", "));
			site_period(g, last->period, en);
			g_string_append(g, en ? " " : "は");
			rate_or_reason(g, ind, last, en);
		}
	}
	if (any == 0)
		g_string_append(g, SITE_T(en, "公表された機構全体の率はありません",
		    "No organisation's rate is published"));
	g_string_append(g, en ? "." : "。");
	if (quarters)
		version_changes(g, pv, vv, np, en);
	g_free(pv);
	g_free(vv);
}

/* ------------------------------------------------------------ profile */

static void
profile_alt(GString *g, const struct site *s, size_t hosp, int fy, int en)
{
	const struct qi_hospital *hp = &s->reg->hosps[hosp];
	struct qi_period p = { fy, 0 };
	const struct qi_result *r, *pool;
	double v, lo, hi, pv, plo, phi;
	size_t i, shown = 0, better = 0, worse = 0, within = 0, other = 0,
	    adjusted = 0;
	int up;

	for (i = 0; i < s->defs->n; i++) {
		r = qi_results_find(s->res, i, p, QI_SCOPE_HOSPITAL, -1,
		    (long)hosp);
		if (r == NULL || qi_kind_location(s->defs->v[i].kind))
			continue;
		pool = qi_results_find(s->res, i, p, QI_SCOPE_ORG, (long)hp->org,
		    -1);
		if (r->status != QI_STATUS_OK || pool == NULL ||
		    pool->status != QI_STATUS_OK) {
			other++;
			continue;
		}
		qi_result_shown(&s->defs->v[i], r, &v, &lo, &hi);
		qi_result_shown(&s->defs->v[i], pool, &pv, &plo, &phi);
		if (isnan(v) || isnan(pv)) {
			other++;
			continue;
		}
		shown++;
		adjusted += qi_indicator_adjusted(&s->defs->v[i]);
		up = lo > pv ? 1 : hi < pv ? -1 : 0;
		if (up == 0 || s->defs->v[i].direction == QI_NEUTRAL)
			within++;
		else if ((up > 0) == (s->defs->v[i].direction ==
		    QI_HIGHER_BETTER))
			better++;
		else
			worse++;
	}
	g_string_append(g, SITE_T(en, "指標ごとの、この病院の率と機構全体の率"
	    "との差（右ほど良い）。", "Each indicator: this hospital's rate "
	    "minus its organisation's (better to the right). "));
	site_period(g, p, en);
	if (en)
		g_string_append_printf(g, ": of %zu indicators shown, %zu "
		    "better and %zu worse than %s (95%% interval clear of its "
		    "rate), %zu not different or without a direction; %zu not "
		    "shown.", shown, better, worse, s->reg->orgs[hp->org].code,
		    within, other);
	else
		g_string_append_printf(g, "、表示した%zu指標のうち%sより良い指標が"
		    "%zu、悪い指標が%zu（95%%信頼区間が機構の率を含まない）、差の"
		    "ない又は方向のない指標が%zu。%zu指標は非表示。", shown,
		    s->reg->orgs[hp->org].code, better, worse, within, other);
	if (adjusted > 0)
		g_string_append_printf(g, en ? " %zu risk-adjusted %s compared "
		    "by risk-adjusted rates." : "リスク調整のある%zu指標は"
		    "リスク調整率で比べています。", adjusted, adjusted == 1 ?
		    "indicator is" : "indicators are");
}

/* ------------------------------------------------------------- public */

void
site_figures_year(GString *g, const struct site_page *pg, size_t i,
    const struct site_year *y)
{
	struct site_chart c = { SITE_CATERPILLAR, i, 0, y->p };
	const struct qi_funnelplot *fp;
	GString *alt = g_string_new(NULL);

	caterpillar_alt(alt, pg->s, i, y, pg->en);
	figure(g, pg, &c, alt->str);
	g_string_truncate(alt, 0);
	c.kind = SITE_FUNNEL;
	if ((fp = site_funnel(pg->s, i, y->p)) != NULL) {
		funnel_alt(alt, pg->s, i, y, fp, pg->en);
		figure(g, pg, &c, alt->str);
	} else
		g_string_append(g, SITE_T(pg->en, "<p>この年度のファンネル"
		    "プロットはありません: 目標値となる両機構の率か、公表された"
		    "病院の結果がありません。</p>\n", "<p>No funnel plot for "
		    "this year: there is no published pooled rate of both "
		    "organisations to serve as target, or no published "
		    "hospital result.</p>\n"));
	g_string_free(alt, TRUE);
}

/* A paragraph before the trend saying where its method changed, if it does. */
static void
version_note(GString *g, const struct site *s, size_t i, int en)
{
	struct qi_period *pv = NULL;
	long *vv = NULL;
	size_t np = qi_trend_quarters(s->an, i, &pv, &vv);
	GString *t = g_string_new(NULL);

	version_changes(t, pv, vv, np, en);
	if (t->len > 0) {
		g_string_append(g, "<p class=\"version-change\">");
		site_esc(g, g_strstrip(t->str));
		g_string_append(g, "</p>\n");
	}
	g_string_free(t, TRUE);
	g_free(pv);
	g_free(vv);
}

void
site_figures_series(GString *g, const struct site_page *pg, size_t i)
{
	struct site_chart c = { SITE_COMPARE, i, 0, { 0, 0 } };
	GString *alt = g_string_new(NULL);
	int quarters;

	for (quarters = 0; quarters < 2; quarters++) {
		c.kind = quarters ? SITE_TREND : SITE_COMPARE;
		if (!quarters && pg->s->ind[i].nyears == 0)
			continue;	/* nothing to compare yet */
		if (quarters && !site_has_quarters(pg->s, i)) {
			g_string_append(g, SITE_T(pg->en, "<p>四半期の結果がない"
			    "ため、四半期の推移の図はありません。</p>\n", "<p>No "
			    "quarterly trend: there are no quarterly results."
			    "</p>\n"));
			continue;
		}
		g_string_truncate(alt, 0);
		series_alt(alt, pg->s, i, quarters, pg->en);
		if (quarters)
			version_note(g, pg->s, i, pg->en);
		figure(g, pg, &c, alt->str);
	}
	g_string_free(alt, TRUE);
}

void
site_figure_profile(GString *g, const struct site_page *pg, size_t hosp)
{
	struct site_chart c = { SITE_PROFILE, 0, hosp,
	    { pg->s->latest_fy, 0 } };
	GString *alt = g_string_new(NULL);

	profile_alt(alt, pg->s, hosp, pg->s->latest_fy, pg->en);
	figure(g, pg, &c, alt->str);
	g_string_free(alt, TRUE);
}

/* --------------------------------------------------------------- vlad */

/* What hospital hosp's VLAD of indicator i shows, in words. */
static void
vlad_alt(GString *g, const struct site *s, const struct qi_vlad *v,
    int en)
{
	const struct qi_vlad_point *a = &v->v[0], *b = &v->v[v->n - 1];
	char sum[40], mag[24];

	qi_fmt_signed(b->cum, 1, sum, sizeof(sum));
	qi_fmt_num(fabs(b->cum), 1, mag, sizeof(mag));
	if (en)
		g_string_append_printf(g, "VLAD of %s at %s: expected minus "
		    "observed events under the risk model, added up quarter by "
		    "quarter (up: fewer events than expected). ",
		    qi_text_of(&s->defs->v[v->indicator].title, 1),
		    qi_hospital_name(&s->reg->hosps[v->hospital], 1));
	else
		g_string_append_printf(g, "%sの%sの VLAD: リスクモデルによる期待"
		    "数から実測数を引いた値の四半期ごとの累積（上向きは期待より少"
		    "ない）。", qi_hospital_name(&s->reg->hosps[v->hospital], 0),
		    qi_text_of(&s->defs->v[v->indicator].title, 0));
	g_string_append_printf(g, en ? "Over %zu published %s, " :
	    "公表された %zu 四半期（", v->n, v->n == 1 ? "quarter" :
	    "quarters");
	site_period(g, a->period, en);
	if (v->n > 1) {
		g_string_append(g, en ? " to " : "〜");
		site_period(g, b->period, en);
	}
	if (en)
		g_string_append_printf(g, ", the sum is %s (%s %s events "
		    "than expected).", sum, mag, b->cum < 0 ? "more" :
		    "fewer");
	else
		g_string_append_printf(g, "）の累積は %s（期待より %s 件%s）。",
		    sum, mag, b->cum < 0 ? "多い" : "少ない");
	if (v->withheld > 0)
		g_string_append_printf(g, en ? " %zu withheld %s no point and "
		    "%s not in the sum." : "非公表の %zu 四半期は点がなく、累積"
		    "に含みません。", v->withheld, v->withheld == 1 ?
		    "quarter has" : "quarters have", v->withheld == 1 ? "is" :
		    "are");
}

void
site_figures_vlad(GString *g, const struct site_page *pg, size_t hosp)
{
	const struct site *s = pg->s;
	const struct qi_vlad *v;
	struct site_chart c = { SITE_VLAD, 0, hosp, { 0, 0 } };
	GString *alt = g_string_new(NULL);
	size_t i;
	int en = pg->en, head = 0;

	for (i = 0; i < s->defs->n; i++) {
		if ((v = qi_analyses_vlad(s->an, i, (long)hosp)) == NULL)
			continue;
		if (!head++) {
			g_string_append(g, SITE_T(en, "<h2 id=\"vlad\">リスク調整"
			    "した結果の四半期ごとの累積（VLAD）</h2>\n<p>リスク"
			    "モデルのある指標について、四半期ごとに期待数（患者の"
			    "リスクから予測される件数）から実測数を引き、その累積"
			    "を示します。線が上がる四半期は期待より少なく、下がる"
			    "四半期は期待より多く発生しています。非公表の四半期は"
			    "点を描かず、累積にも加えません。</p>\n",
			    "<h2 id=\"vlad\">Risk-adjusted results over the "
			    "quarters (VLAD)</h2>\n<p>For each indicator with a "
			    "risk model: each quarter's expected events (as the "
			    "patients' risks predict) minus the events observed, "
			    "added up over the quarters. The line rises in a "
			    "quarter with fewer events than expected and falls "
			    "in one with more. Withheld quarters have no point "
			    "and add nothing to the sum.</p>\n"));
		}
		g_string_append_printf(g, "<h3 id=\"vlad-%s\">",
		    s->defs->v[i].id);
		site_esc(g, qi_text_of(&s->defs->v[i].title, en));
		g_string_append(g, "</h3>\n");
		if (!qi_render_has_vlad(s->an, i, hosp)) {
			g_string_append(g, SITE_T(en, "<p>公表された四半期（対象"
			    "患者のいる四半期）がないため、VLAD の図はありません。"
			    "</p>\n", "<p>No VLAD chart: no quarter with "
			    "patients is published.</p>\n"));
			continue;
		}
		c.ind = i;
		g_string_truncate(alt, 0);
		vlad_alt(alt, s, v, en);
		g_string_append(g, "<p>");
		site_esc(g, alt->str);
		g_string_append(g, "</p>\n");
		figure(g, pg, &c, alt->str);
	}
	g_string_free(alt, TRUE);
}
