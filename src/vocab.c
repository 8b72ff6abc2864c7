/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * vocab.c -- the words that stand for enum values in definition files and
 * results, and the units' multipliers and symbols.  One table per enum,
 * used both to read and to write, so the two never disagree.
 */
#include <string.h>

#include <glib.h>

#include "qi.h"

const struct qi_name qi_unit_names[] = {
	{ "percent", QI_UNIT_PERCENT },
	{ "per_mille", QI_UNIT_PER_MILLE },
	{ "proportion", QI_UNIT_PROPORTION },
	{ NULL, 0 }
};

const struct qi_name qi_direction_names[] = {
	{ "higher_is_better", QI_HIGHER_BETTER },
	{ "lower_is_better", QI_LOWER_BETTER },
	{ "neutral", QI_NEUTRAL },
	{ NULL, 0 }
};

const struct qi_name qi_ci_method_names[] = {
	{ "wilson", QI_CI_WILSON },
	{ "exact", QI_CI_EXACT },
	{ "wilson-cc", QI_CI_WILSON_CC },
	{ "jeffreys", QI_CI_JEFFREYS },
	{ "agresti-coull", QI_CI_AGRESTI_COULL },
	{ "wald", QI_CI_WALD },
	{ NULL, 0 }
};

const struct qi_name qi_kind_names[] = {
	{ "proportion", QI_KIND_PROPORTION },
	{ "rate", QI_KIND_RATE },
	{ "mean", QI_KIND_MEAN },
	{ NULL, 0 }
};

const struct qi_name qi_mean_method_names[] = {
	{ "t", 0 },
	{ NULL, 0 }
};

const struct qi_name *
qi_kind_methods(enum qi_kind k)
{
	return k == QI_KIND_RATE ? qi_rate_method_names :
	    k == QI_KIND_MEAN ? qi_mean_method_names : qi_ci_method_names;
}

const char *
qi_indicator_method(const struct qi_indicator *ind)
{
	return qi_name_of(qi_kind_methods(ind->kind), ind->kind ==
	    QI_KIND_RATE ? (int)ind->rate_method : ind->kind == QI_KIND_MEAN ?
	    0 : (int)ind->method);
}

const struct qi_name qi_rate_method_names[] = {
	{ "exact", QI_RATE_EXACT },
	{ "byar", QI_RATE_BYAR },
	{ "hybrid", QI_RATE_HYBRID },
	{ NULL, 0 }
};

const struct qi_name qi_scope_names[] = {
	{ "hospital", QI_SCOPE_HOSPITAL },
	{ "organisation", QI_SCOPE_ORG },
	{ "all", QI_SCOPE_ALL },
	{ NULL, 0 }
};

const struct qi_name qi_status_names[] = {
	{ "ok", QI_STATUS_OK },
	{ "suppressed_small_denominator", QI_STATUS_SMALL_DENOMINATOR },
	{ "suppressed_small_numerator", QI_STATUS_SMALL_NUMERATOR },
	{ "suppressed_complementary", QI_STATUS_COMPLEMENTARY },
	{ "empty", QI_STATUS_EMPTY },
	{ "no_data", QI_STATUS_NO_DATA },
	{ NULL, 0 }
};

const struct qi_name qi_funnel_method_names[] = {
	{ "exact", QI_FUNNEL_EXACT },
	{ "normal", QI_FUNNEL_NORMAL },
	{ "wilson", QI_FUNNEL_WILSON },
	{ NULL, 0 }
};

const struct qi_name qi_funnel_flag_names[] = {
	{ "below_outer", QI_FUNNEL_BELOW_OUTER },
	{ "below_inner", QI_FUNNEL_BELOW_INNER },
	{ "within", QI_FUNNEL_WITHIN },
	{ "above_inner", QI_FUNNEL_ABOVE_INNER },
	{ "above_outer", QI_FUNNEL_ABOVE_OUTER },
	{ NULL, 0 }
};

const struct qi_name qi_od_model_names[] = {
	{ "none", QI_OD_NONE },
	{ "multiplicative", QI_OD_MULTIPLICATIVE },
	{ "additive", QI_OD_ADDITIVE },
	{ NULL, 0 }
};

const struct qi_name qi_spc_chart_names[] = {
	{ "p", QI_SPC_P },
	{ "u", QI_SPC_U },
	{ "pp", QI_SPC_P_LANEY },
	{ "up", QI_SPC_U_LANEY },
	{ NULL, 0 }
};

int
qi_name_value(const struct qi_name *t, const char *name)
{
	for (; t->name != NULL; t++)
		if (strcmp(t->name, name) == 0)
			return t->value;
	return -1;
}

char *
qi_name_list(const struct qi_name *t)
{
	GString *g = g_string_new(NULL);

	for (; t->name != NULL; t++)
		g_string_append_printf(g, "%s%s", g->len == 0 ? "" :
		    t[1].name == NULL ? " or " : ", ", t->name);
	return g_string_free(g, FALSE);
}

const char *
qi_name_of(const struct qi_name *t, int value)
{
	for (; t->name != NULL; t++)
		if (t->value == value)
			return t->name;
	return "?";
}

double
qi_unit_multiplier(enum qi_unit u)
{
	switch (u) {
	case QI_UNIT_PERCENT:
		return 100.0;
	case QI_UNIT_PER_MILLE:
		return 1000.0;
	default:
		return 1.0;
	}
}

const char *
qi_unit_symbol(enum qi_unit u)
{
	switch (u) {
	case QI_UNIT_PERCENT:
		return "%";
	case QI_UNIT_PER_MILLE:
		return "\u2030";
	default:
		return "";
	}
}
