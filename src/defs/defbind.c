/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * defbind.c -- what in a definition names the registry, resolved once
 * both are loaded: the organisation a funnel target names.
 */
#include "defs.h"

enum qi_err
qi_defset_bind(struct qi_defset *defs, const struct qi_registry *reg,
    struct qi_diag *diag)
{
	struct qi_indicator *ind;
	enum qi_err rc = QI_OK;
	long org;
	size_t i;

	for (i = 0; i < defs->n; i++) {
		ind = &defs->v[i];
		if (ind->funnel_target_org == NULL || ind->funnel == NULL)
			continue;
		if ((org = qi_registry_org(reg, ind->funnel_target_org)) < 0) {
			qi_diag_add(diag, QI_ERROR, ind->file, 0, 0, "funnel."
			    "target is all, a number, or an organisation code "
			    "of organisations.csv", "unknown organisation '%s' "
			    "as funnel target", ind->funnel_target_org);
			rc = QI_EINPUT;
			continue;
		}
		ind->funnel->target_org = org;
	}
	return rc;
}
