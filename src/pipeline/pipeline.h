/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pipeline.h -- the whole run: the synthetic sample, and the inputs of a
 * run loaded with all their errors.
 */
#ifndef QI_PIPELINE_H
#define QI_PIPELINE_H

#include "site.h"

/* ---------------------------------------------------------- synthetic */

/*
 * Write a deterministic synthetic sample into dir: organisations.csv
 * (NHO and JOHAS), hospitals.csv (172 fictional hospitals, 140 NHO and 32
 * JOHAS) and counts.csv (eight quarters, FY2023Q1..FY2024Q4, for every
 * indicator of defs).  Same seed, same bytes.
 */
enum qi_err	 qi_synth_write(const char *dir, const struct qi_defset *,
		    unsigned long seed, struct qi_diag *);

#endif /* QI_PIPELINE_H */
