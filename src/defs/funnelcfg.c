/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * funnelcfg.c -- the funnel settings a definition fixes, when its
 * funnel: key leaves them out.
 */
#include <math.h>
#include <string.h>

#include "defs.h"

void
qi_funnelcfg_defaults(struct qi_funnelcfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->method = QI_FUNNEL_EXACT;
	cfg->inner = 0.95;
	cfg->outer = 0.998;
	cfg->od = QI_OD_NONE;
	cfg->scale = QI_SCALE_RAW;
	cfg->od_test = 0.05;
	cfg->trim = 0.1;
	cfg->target_org = -1;
	cfg->target = NAN;
}
