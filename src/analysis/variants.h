/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * variants.h -- how each hospital's rate of one indicator changes between
 * two variants of its definition (e.g. JOHAS's method before
 * harmonisation and the common one): the table behind qi variants and
 * its dot-and-arrow chart (chart/variants.c); qi variants prints it
 * (cli/cmd_variants.c).
 */
#ifndef QI_VARIANTS_H
#define QI_VARIANTS_H

#include <stdio.h>


#include "analysis.h"

/* One hospital under both variants; rates NaN where not published. */
struct qi_varrow {
	size_t		 hospital;	/* registry index */
	long		 num[2], den[2];	/* -1 where withheld */
	double		 rate[2];	/* proportions (or rates per exposure) */
	enum qi_status	 status[2];
};

struct qi_varcmp {
	const struct qi_defset		*defs;		/* borrowed */
	const struct qi_registry	*reg;		/* borrowed */
	size_t				 indicator;
	struct qi_period		 period;
	char				*name[2];	/* variant names; "-" = as defined */
	struct qi_varrow		*rows;		/* registry order */
	size_t				 n;
};

/*
 * Compare variants a and b (names; NULL or "-" = as defined) of
 * indicator ind in period p (p.fy 0: the latest fiscal year with
 * results, else the latest quarter), each computed from tallies with
 * the publication rules applied.  Unknown variants are QI_EUSAGE.
 */
enum qi_err	 qi_varcmp_build(const struct qi_defset *,
		    const struct qi_registry *, const struct qi_tallies *,
		    size_t ind, const char *a, const char *b,
		    struct qi_period p, struct qi_varcmp **,
		    struct qi_diag *);
void		 qi_varcmp_free(struct qi_varcmp *);

#endif /* QI_VARIANTS_H */
