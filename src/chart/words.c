/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * words.c -- the words and numbers every chart kind shares: counts
 * with thousands separators, rates with a fixed number of decimals,
 * periods, confidence levels, the names of indicators, hospitals and
 * organisations in the chart's language, and the footer that says how
 * many hospitals the publication rule withholds and why.
 *
 * Nothing here draws or measures; every function is pure.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "chart.h"

void
qi_chartcfg_defaults(struct qi_chartcfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->width = 900.0;
	cfg->scale = 1.0;
	cfg->lang = "ja";
	cfg->row_height = 11.0;
	cfg->label_max = 230.0;
	cfg->values = 1;
}

int
qi_chart_lang_en(const struct qi_chartcfg *cfg)
{
	return cfg != NULL && cfg->lang != NULL && strcmp(cfg->lang, "en") == 0;
}

void
qi_fmt_count(long n, char *buf, size_t sz)
{
	char tmp[32];
	size_t len, i, o = 0;

	snprintf(tmp, sizeof(tmp), "%ld", n < 0 ? -n : n);
	len = strlen(tmp);
	if (n < 0 && o + 1 < sz)
		buf[o++] = '-';
	for (i = 0; i < len && o + 1 < sz; i++) {
		if (i > 0 && (len - i) % 3 == 0 && o + 1 < sz)
			buf[o++] = ',';
		if (o + 1 < sz)
			buf[o++] = tmp[i];
	}
	buf[o] = '\0';
}

void
qi_fmt_num(double v, int dec, char *buf, size_t sz)
{
	snprintf(buf, sz, "%.*f", dec, v);
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		memmove(buf, buf + 1, strlen(buf));
}

void
qi_fmt_signed(double v, int dec, char *buf, size_t sz)
{
	char num[32], zero[32];

	qi_fmt_num(fabs(v), dec, num, sizeof(num));
	qi_fmt_num(0, dec, zero, sizeof(zero));
	snprintf(buf, sz, "%s%.28s", strcmp(num, zero) == 0 ? "" : v > 0 ?
	    "+" : "\xe2\x88\x92", num);
}

int
qi_unit_decimals(enum qi_unit u)
{
	return u == QI_UNIT_PROPORTION ? 3 : 1;
}

char *
qi_fmt_period(struct qi_period p, int en)
{
	if (en)
		return p.q == 0 ? g_strdup_printf("FY%d", p.fy) :
		    g_strdup_printf("FY%d Q%d", p.fy, p.q);
	return p.q == 0 ? g_strdup_printf("%d年度", p.fy) :
	    g_strdup_printf("%d年度 第%d四半期", p.fy, p.q);
}

char *
qi_fmt_period_short(struct qi_period p, int en)
{
	if (p.q == 0)
		return en ? g_strdup_printf("FY%d", p.fy) :
		    g_strdup_printf("%d年度", p.fy);
	return en ? g_strdup_printf("FY%d Q%d", p.fy, p.q) :
	    g_strdup_printf("%d年度 Q%d", p.fy, p.q);
}

void
qi_fmt_level(double level, char *buf, size_t sz)
{
	snprintf(buf, sz, "%g", round(level * 1e4) / 1e2);
}

const char *
qi_text_of(const struct qi_text *t, int en)
{
	if (en && t->en != NULL && t->en[0] != '\0')
		return t->en;
	return t->ja != NULL ? t->ja : "";
}

const char *
qi_org_short(const struct qi_org *o, int en)
{
	/* the legal form both groups share, which labels need not repeat */
	static const char form[] = "独立行政法人";
	const char *name;

	if (en && o->code != NULL && o->code[0] != '\0')
		return o->code;
	name = qi_org_name(o, en);
	if (!en && name != NULL && strncmp(name, form, strlen(form)) == 0 &&
	    name[strlen(form)] != '\0')
		return name + strlen(form);
	return name;
}

void
qi_withheld_count(struct qi_withheld *w, enum qi_status s)
{
	if (s == QI_STATUS_NO_DATA) {	/* nothing to publish or withhold */
		w->no_data++;
		return;
	}
	w->n++;
	if (s == QI_STATUS_SMALL_DENOMINATOR)
		w->small_den++;
	else if (s == QI_STATUS_SMALL_NUMERATOR)
		w->small_num++;
	else if (s == QI_STATUS_COMPLEMENTARY)
		w->complement++;
	else if (s == QI_STATUS_EMPTY)
		w->empty++;
}

const char *
qi_status_reason(enum qi_status s, const struct qi_indicator *def, int en,
    char *buf, size_t sz)
{
	switch (s) {
	case QI_STATUS_SMALL_DENOMINATOR:
		snprintf(buf, sz, en ? "denominator below %ld" :
		    "分母が %ld 未満", def != NULL ? def->min_denominator : 0L);
		break;
	case QI_STATUS_SMALL_NUMERATOR:
		snprintf(buf, sz, en ? "numerator below %ld" :
		    "分子が %ld 未満", def != NULL ? def->min_numerator : 0L);
		break;
	case QI_STATUS_COMPLEMENTARY:
		snprintf(buf, sz, "%s", en ? "withheld so that others cannot "
		    "be derived" : "逆算防止のため非表示");
		break;
	case QI_STATUS_EMPTY:
		snprintf(buf, sz, "%s", en ? "no cases" : "対象患者なし");
		break;
	case QI_STATUS_NO_DATA:
		snprintf(buf, sz, "%s", en ? "no data" : "データなし");
		break;
	default:
		snprintf(buf, sz, "%s", "");
		break;
	}
	return buf;
}

char *
qi_chart_footer(const struct qi_withheld *w, const struct qi_indicator *def,
    int en)
{
	GString *s = g_string_new(NULL);
	const char *sep = "";

	if (en) {
		if (w->n == 0)
			g_string_append(s, "No hospital is withheld under the "
			    "publication rule.");
		else {
			g_string_append_printf(s, "%zu %s not shown under the "
			    "publication rule (", w->n,
			    w->n == 1 ? "hospital is" : "hospitals are");
			if (w->small_den > 0) {
				g_string_append_printf(s, "%sdenominator below "
				    "%ld: %zu", sep, def->min_denominator,
				    w->small_den);
				sep = "; ";
			}
			if (w->small_num > 0) {
				g_string_append_printf(s, "%snumerator below "
				    "%ld: %zu", sep, def->min_numerator,
				    w->small_num);
				sep = "; ";
			}
			if (w->complement > 0) {
				g_string_append_printf(s, "%sso that withheld "
				    "values cannot be derived: %zu", sep,
				    w->complement);
				sep = "; ";
			}
			if (w->empty > 0)
				g_string_append_printf(s, "%sno cases: %zu",
				    sep, w->empty);
			g_string_append(s, ").");
		}
	} else {
		if (w->n == 0)
			g_string_append(s, "公表基準により非表示とした施設は"
			    "ありません。");
		else {
			g_string_append_printf(s, "公表基準により %zu 施設を"
			    "表示していません（", w->n);
			if (w->small_den > 0) {
				g_string_append_printf(s, "%s分母が %ld 未満: "
				    "%zu 施設", sep, def->min_denominator,
				    w->small_den);
				sep = "、";
			}
			if (w->small_num > 0) {
				g_string_append_printf(s, "%s分子が %ld 未満: "
				    "%zu 施設", sep, def->min_numerator,
				    w->small_num);
				sep = "、";
			}
			if (w->complement > 0) {
				g_string_append_printf(s, "%s非表示の値の逆算を"
				    "防ぐため: %zu 施設", sep, w->complement);
				sep = "、";
			}
			if (w->empty > 0)
				g_string_append_printf(s, "%s対象患者なし: "
				    "%zu 施設", sep, w->empty);
			g_string_append(s, "）。");
		}
	}
	return g_string_free(s, FALSE);
}

const char *
qi_unit_axis_title(enum qi_unit u, int en)
{
	if (en)
		return u == QI_UNIT_PERCENT ? "Rate (%)" :
		    u == QI_UNIT_PER_MILLE ? "Rate (\xe2\x80\xb0)" : "Proportion";
	return u == QI_UNIT_PERCENT ? "率（%）" :
	    u == QI_UNIT_PER_MILLE ? "率（\xe2\x80\xb0）" : "割合";
}

const char *
qi_shown_axis_title(const struct qi_indicator *def, int en)
{
	if (!qi_indicator_adjusted(def))
		return qi_unit_axis_title(def->unit, en);
	if (en)
		return def->unit == QI_UNIT_PERCENT ? "Risk-adjusted rate (%)" :
		    def->unit == QI_UNIT_PER_MILLE ?
		    "Risk-adjusted rate (\xe2\x80\xb0)" :
		    "Risk-adjusted proportion";
	return def->unit == QI_UNIT_PERCENT ? "リスク調整率（%）" :
	    def->unit == QI_UNIT_PER_MILLE ? "リスク調整率（\xe2\x80\xb0）" :
	    "リスク調整割合";
}

const char *
qi_adjusted_words(const struct qi_indicator *def, int en)
{
	if (!qi_indicator_adjusted(def))
		return NULL;
	return en ? "values: risk-adjusted rates (observed / expected "
	    "\xc3\x97 overall rate)" :
	    "値: リスク調整率（実測 / 期待 \xc3\x97 全体の率）";
}

char *
qi_chart_footer_unadjusted(char *foot, size_t n, int en)
{
	char *s;

	if (n == 0)
		return foot;
	if (en)
		s = g_strdup_printf("%s%s%zu published %s no risk-adjusted "
		    "value (the risk model could not be fitted).", foot,
		    *foot != '\0' ? " " : "", n, n == 1 ? "value has" :
		    "values have");
	else
		s = g_strdup_printf("%sリスクモデルを当てはめられず、リスク調整率"
		    "のない公表値: %zu 件。", foot, n);
	g_free(foot);
	return s;
}

const char *
qi_direction_words(enum qi_direction d, int en)
{
	if (en)
		return d == QI_HIGHER_BETTER ? "higher is better" :
		    d == QI_LOWER_BETTER ? "lower is better" :
		    "neither direction is better";
	return d == QI_HIGHER_BETTER ? "高いほど良い" :
	    d == QI_LOWER_BETTER ? "低いほど良い" : "高低で良否は決まらない";
}

/* The name of a Poisson interval method. */
static const char *
rate_method_words(enum qi_rate_method m, int en)
{
	switch (m) {
	case QI_RATE_EXACT:
		return en ? "exact Poisson" : "Poisson 正確法";
	case QI_RATE_BYAR:
		return "Byar";
	default:
		return en ? "exact Poisson below 10 events, Byar above" :
		    "10件未満は Poisson 正確法、以上は Byar";
	}
}

const char *
qi_shown_method_words(const struct qi_indicator *def, int en)
{
	/* an adjusted rate's interval is its O/E's, scaled */
	return qi_indicator_adjusted(def) ?
	    rate_method_words(def->ratio_method, en) :
	    qi_method_words(def, en);
}

const char *
qi_method_words(const struct qi_indicator *def, int en)
{
	if (def->kind == QI_KIND_RATE)
		return rate_method_words(def->rate_method, en);
	switch (def->method) {
	case QI_CI_EXACT:
		return "Clopper\xe2\x80\x93Pearson";
	case QI_CI_WILSON_CC:
		return en ? "Wilson, continuity-corrected" : "Wilson 連続修正";
	case QI_CI_JEFFREYS:
		return "Jeffreys";
	case QI_CI_AGRESTI_COULL:
		return "Agresti\xe2\x80\x93" "Coull";
	case QI_CI_WALD:
		return "Wald";
	default:
		return "Wilson";
	}
}

char *
qi_chart_subtitle(cairo_t *cr, const struct qi_indicator *def, int en,
    const char *extra, double maxw)
{
	char level[32], *item[4], *s;
	const char *method;
	size_t n = 0, i;

	qi_fmt_level(def->level, level, sizeof(level));
	method = qi_shown_method_words(def, en);
	if (en) {
		item[n++] = g_strdup(def->unit == QI_UNIT_PERCENT ? "Unit: %" :
		    def->unit == QI_UNIT_PER_MILLE ? "Unit: \xe2\x80\xb0" :
		    "Unit: proportion (0\xe2\x80\x93" "1)");
		item[n++] = g_strdup(qi_direction_words(def->direction, 1));
		item[n++] = g_strdup_printf("intervals: %s%% confidence "
		    "(%s)", level, method);
	} else {
		item[n++] = g_strdup(def->unit == QI_UNIT_PERCENT ? "単位: %" :
		    def->unit == QI_UNIT_PER_MILLE ?
		    "単位: \xe2\x80\xb0（千分率）" : "単位: 割合（0\xe2\x80\x93" "1）");
		item[n++] = g_strdup(qi_direction_words(def->direction, 0));
		item[n++] = g_strdup_printf("区間: %s%% 信頼区間 (%s)", level,
		    method);
	}
	if (extra != NULL && *extra != '\0')
		item[n++] = g_strdup(extra);
	s = qi_text_join_fitting(cr, QI_FONT_SUBTITLE, item, n,
	    en ? "  \xc2\xb7  " : "\xe3\x80\x80\xe3\x80\x80", maxw);
	for (i = 0; i < n; i++)
		g_free(item[i]);
	return s;
}

char *
qi_chart_footer_values(const struct qi_withheld *w,
    const struct qi_indicator *def, int en)
{
	char why[96];
	GString *s = g_string_new(NULL);

	if (w->no_data > 0 && en)
		g_string_append_printf(s, "No data: %zu %s. ", w->no_data,
		    w->no_data == 1 ? "value" : "values");
	else if (w->no_data > 0)
		g_string_append_printf(s, "データなし: %zu 件。", w->no_data);
	if (w->n == 0) {
		if (s->len > 0 && en)
			g_string_truncate(s, s->len - 1);
		return g_string_free(s, FALSE);
	}
	if (en)
		g_string_append_printf(s, "%zu %s withheld under the "
		    "publication rule", w->n, w->n == 1 ? "value is" :
		    "values are");
	else
		g_string_append_printf(s, "公表基準により %zu 件の値を"
		    "表示していません", w->n);
	if (w->small_den > 0)
		g_string_append_printf(s, en ? "; %s: %zu" : "、%s: %zu 件",
		    qi_status_reason(QI_STATUS_SMALL_DENOMINATOR, def, en, why,
		    sizeof(why)), w->small_den);
	if (w->small_num > 0)
		g_string_append_printf(s, en ? "; %s: %zu" : "、%s: %zu 件",
		    qi_status_reason(QI_STATUS_SMALL_NUMERATOR, def, en, why,
		    sizeof(why)), w->small_num);
	if (w->complement > 0)
		g_string_append_printf(s, en ? "; %s: %zu" : "、%s: %zu 件",
		    qi_status_reason(QI_STATUS_COMPLEMENTARY, def, en, why,
		    sizeof(why)), w->complement);
	if (w->empty > 0)
		g_string_append_printf(s, en ? "; %s: %zu" : "、%s: %zu 件",
		    qi_status_reason(QI_STATUS_EMPTY, def, en, why,
		    sizeof(why)), w->empty);
	g_string_append(s, en ? "." : "。");
	return g_string_free(s, FALSE);
}
