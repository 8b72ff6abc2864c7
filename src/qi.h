/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * qi.h -- the pipeline's data model and stage entry points, for the
 * command layer (cli/): every stage's public header, lowest first.
 *
 *   base <- stats <- defs <- records <- tallies <- results <- analysis
 *        <- chart <- render <- site <- pipeline <- cli
 *
 * definitions (indicators/ID.yaml) --+
 * registry (organisations, hospitals) +--> tallies --> results --> analyses
 * records or counts.csv            --+                  --> charts, sites
 *
 * Each stage is a folder of src/ and a static library that sees only
 * the stages below it (README.md, "Architecture"): a stage that included
 * or called one above it would fail to compile or to link.
 */
#ifndef QI_H
#define QI_H

#include "base.h"
#include "stats.h"
#include "defs.h"
#include "records.h"
#include "tallies.h"
#include "results.h"
#include "analysis.h"
#include "chart.h"
#include "render.h"
#include "site.h"
#include "pipeline.h"

#endif /* QI_H */
