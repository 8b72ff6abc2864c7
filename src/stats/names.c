/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * names.c -- the words of the statistics' enum values, as definition
 * files, results and qi stats write them; and the library's set-up.
 */
#include <gsl/gsl_errno.h>

#include "stats.h"

const struct qi_name qi_ci_method_names[] = {
	{ "wilson", QI_CI_WILSON },
	{ "exact", QI_CI_EXACT },
	{ "wilson-cc", QI_CI_WILSON_CC },
	{ "jeffreys", QI_CI_JEFFREYS },
	{ "agresti-coull", QI_CI_AGRESTI_COULL },
	{ "wald", QI_CI_WALD },
	{ NULL, 0 }
};

const struct qi_name qi_rate_method_names[] = {
	{ "exact", QI_RATE_EXACT },
	{ "byar", QI_RATE_BYAR },
	{ "hybrid", QI_RATE_HYBRID },
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

void
qi_stats_init(void)
{
	gsl_set_error_handler_off();
}
