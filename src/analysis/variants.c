/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * variants.c -- the per-hospital comparison of two variants of one
 * indicator (variants.h): both computed with qi_compute() from the
 * tallies of each variant, so rates, intervals and publication rules are
 * those of the results.
 */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "variants.h"

/* The latest period of indicator ind in res: a fiscal year if any. */
static int
latest(const struct qi_results *res, size_t ind, struct qi_period *p)
{
	int found = 0, year = 0;
	size_t i;

	for (i = 0; i < res->n; i++) {
		const struct qi_result *r = &res->v[i];
		int y = r->period.q == 0;

		if (r->indicator != ind || r->scope != QI_SCOPE_ALL)
			continue;
		if (!found || (y && !year) || (y == year &&
		    qi_period_cmp(r->period, *p) > 0)) {
			*p = r->period;
			year = y;
			found = 1;
		}
	}
	return found ? 0 : -1;
}

static const char *
vname(const char *v)
{
	return v == NULL || strcmp(v, "-") == 0 ? NULL : v;
}

enum qi_err
qi_varcmp_build(const struct qi_defset *defs, const struct qi_registry *reg,
    const struct qi_tallies *t, size_t ind, const char *a, const char *b,
    struct qi_period p, struct qi_varcmp **out, struct qi_diag *diag)
{
	const char *names[2] = { vname(a), vname(b) };
	struct qi_results *res[2] = { NULL, NULL };
	struct qi_tallies *sel;
	struct qi_varcmp *c;
	enum qi_err rc = QI_OK;
	char label[16];
	long *slot;
	size_t k, i, h;

	*out = NULL;
	for (k = 0; k < 2; k++)
		if (names[k] != NULL &&
		    qi_variant_find(&defs->v[ind], names[k]) < 0) {
			qi_diag_add(diag, QI_ERROR, defs->v[ind].file, 0, 0,
			    "the variants are named under 'variants:'; '-' "
			    "is the definition as written", "'%s' has no "
			    "variant '%s'", defs->v[ind].id, names[k]);
			rc = QI_EUSAGE;
		}
	if (rc != QI_OK)
		return rc;
	for (k = 0; k < 2 && rc == QI_OK; k++) {
		sel = qi_tallies_variant(t, defs, names[k]);
		rc = qi_compute(defs, reg, sel, &res[k], diag);
		qi_tallies_free(sel);
	}
	if (rc != QI_OK)
		goto out;
	if (p.fy == 0 && latest(res[0], ind, &p) == -1) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "the data has no stay "
		    "in the indicator's denominator", "no results for '%s'",
		    defs->v[ind].id);
		rc = QI_EINPUT;
		goto out;
	}
	c = g_new0(struct qi_varcmp, 1);
	c->defs = defs;
	c->reg = reg;
	c->indicator = ind;
	c->period = p;
	for (k = 0; k < 2; k++)
		c->name[k] = g_strdup(names[k] != NULL ? names[k] : "-");
	/* Rows in registry order: slot[h] is the row of hospital h + 1. */
	slot = g_new0(long, reg->nhosps);
	c->rows = g_new0(struct qi_varrow, reg->nhosps ? reg->nhosps : 1);
	for (h = 0; h < reg->nhosps; h++) {
		c->rows[h].hospital = h;
		for (k = 0; k < 2; k++) {
			c->rows[h].rate[k] = NAN;
			c->rows[h].num[k] = c->rows[h].den[k] = -1;
			c->rows[h].status[k] = QI_STATUS_EMPTY;
		}
	}
	for (k = 0; k < 2; k++)
		for (i = 0; i < res[k]->n; i++) {
			const struct qi_result *r = &res[k]->v[i];

			if (r->indicator != ind || r->scope !=
			    QI_SCOPE_HOSPITAL || qi_period_cmp(r->period, p)
			    != 0)
				continue;
			h = (size_t)r->hospital;
			slot[h] = 1;
			c->rows[h].num[k] = r->numerator;
			c->rows[h].den[k] = r->denominator;
			c->rows[h].rate[k] = r->rate;
			c->rows[h].status[k] = r->status;
		}
	/* Keep the hospitals with a result under either variant. */
	for (h = 0; h < reg->nhosps; h++)
		if (slot[h])
			c->rows[c->n++] = c->rows[h];
	g_free(slot);
	if (c->n == 0) {
		qi_period_format(p, label, sizeof(label));
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, "try another --period",
		    "no hospital results for '%s' in %s", defs->v[ind].id,
		    label);
		qi_varcmp_free(c);
		rc = QI_EINPUT;
		goto out;
	}
	*out = c;
out:
	qi_results_free(res[0]);
	qi_results_free(res[1]);
	return rc;
}

void
qi_varcmp_free(struct qi_varcmp *c)
{
	if (c == NULL)
		return;
	g_free(c->name[0]);
	g_free(c->name[1]);
	g_free(c->rows);
	g_free(c);
}
