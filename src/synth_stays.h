/*
 * synth_stays.h -- a deterministic synthetic patient-level sample: DPC
 * 様式1-like stays and EF-like activity events for the fictional
 * hospitals of the synthetic registry (synth.c), discharges from
 * FY2023Q1 to FY2024Q4.  Columns are those of record.h / specs/input.md;
 * both files are sorted by (hospital, stay) in byte order.  No real
 * patient's data is involved.
 */
#ifndef QI_SYNTH_STAYS_H
#define QI_SYNTH_STAYS_H

#include <stdio.h>

#include "qi.h"

/* Options of the generator; fill with qi_synth_stays_cfg_default(). */
struct qi_synth_stays_cfg {
	unsigned long		 seed;	/* PRNG seed; same seed, same bytes */
	double			 scale;	/* stays per licensed bed per fiscal
					   year; default 1.0 (about 360 a
					   year for an average hospital) */
	unsigned long long	 stays;	/* > 0: aim at about this many stays
					   in all, overriding scale */
};

void		 qi_synth_stays_cfg_default(struct qi_synth_stays_cfg *);

/*
 * Write the stays of every hospital of reg to stays and their events to
 * events (headers first), streaming: memory does not grow with the
 * number of stays.  *nstays, *nevents (either may be NULL) receive the
 * rows written.  QI_ESYS with a diagnostic if a write fails.
 */
enum qi_err	 qi_synth_stays_stream(const struct qi_registry *reg,
		    const struct qi_synth_stays_cfg *, FILE *stays,
		    FILE *events, unsigned long long *nstays,
		    unsigned long long *nevents, struct qi_diag *);

/*
 * Read dir/organisations.csv and dir/hospitals.csv (as qi_synth_write()
 * writes them) and write dir/stays.csv and dir/events.csv.
 */
enum qi_err	 qi_synth_stays_write(const char *dir,
		    const struct qi_synth_stays_cfg *, struct qi_diag *);

#endif /* QI_SYNTH_STAYS_H */
