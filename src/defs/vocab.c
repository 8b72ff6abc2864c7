/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * vocab.c -- the words that stand for the definitions' enum values in
 * definition files and results, and the units' multipliers and symbols.  One table per enum,
 * used both to read and to write, so the two never disagree.
 */
#include <string.h>

#include <glib.h>

#include "defs.h"

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

const struct qi_name qi_kind_names[] = {
	{ "proportion", QI_KIND_PROPORTION },
	{ "rate", QI_KIND_RATE },
	{ "mean", QI_KIND_MEAN },
	{ "median", QI_KIND_MEDIAN },
	{ NULL, 0 }
};

const struct qi_name qi_mean_method_names[] = {
	{ "t", 0 },
	{ NULL, 0 }
};

const struct qi_name qi_median_method_names[] = {
	{ "exact", 0 },
	{ NULL, 0 }
};

const struct qi_name *
qi_kind_methods(enum qi_kind k)
{
	return k == QI_KIND_RATE ? qi_rate_method_names :
	    k == QI_KIND_MEAN ? qi_mean_method_names :
	    k == QI_KIND_MEDIAN ? qi_median_method_names : qi_ci_method_names;
}

const char *
qi_indicator_method(const struct qi_indicator *ind)
{
	return qi_name_of(qi_kind_methods(ind->kind), ind->kind ==
	    QI_KIND_RATE ? (int)ind->rate_method : qi_kind_location(ind->kind) ?
	    0 : (int)ind->method);
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
