/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * synth_stays.h -- a deterministic synthetic patient-level sample: DPC
 * 様式1-like stays and EF-like activity events for the fictional
 * hospitals of the synthetic registry (synth.c), discharges from
 * FY2023Q1 to FY2024Q4.  Columns are those of defs/stay.h / specs/input.md;
 * both files are sorted by (hospital, stay) in byte order.  No real
 * patient's data is involved.
 */
#ifndef QI_SYNTH_STAYS_H
#define QI_SYNTH_STAYS_H

#include <stdint.h>
#include <stdio.h>

#include "site.h"

#define QI_SYNTH_MAXEV	112	/* events of one stay, at most */
#define QI_SYNTH_MAXCOM	10	/* comorbidities, as in 様式1 */

/*
 * Day indexes: 0 is 2023-04-01, the first day of the sample's data;
 * QI_SYNTH_V2024 is 2024-06-01, from which discharges follow the
 * 2024-06 様式1 item table (falls, restraint, DESIGN-R).
 */
#define QI_SYNTH_NDAYS	731	/* 2023-04-01 .. 2025-03-31 */
#define QI_SYNTH_V2024	427	/* 2024-06-01 */
#define QI_SYNTH_OWN_DRUG "2171022F1029"	/* amlodipine, as 持参薬 */

/* One activity of a stay: day from admission, code, kind, quantity. */
struct qi_synth_ev {
	int		 day;
	const char	*code;	/* 解釈番号 (K6552, D0183, A1001), or a
				   drug's 12-character YJ code */
	const char	*kind;	/* as in events.csv */
	double		 qty;
};

/*
 * One synthetic stay, every value as stays.csv carries it and as a DPC
 * 様式1 can carry it (onset_days 3, 7 or 8 from M010010's category;
 * Killip only where M050030 is recorded; the 2024-06 items only from
 * QI_SYNTH_V2024 on).  Events are sorted by day.
 */
struct qi_synth_stay {
	const char	*hosp;		/* registry id */
	size_t		 hidx;		/* position in the registry */
	unsigned long	 pid;		/* データ識別番号, per hospital */
	int		 kaisu;		/* 回数管理番号: 1 = the second
					   admission of pid on that day */
	int		 setaside;	/* EF rows of this stay match two
					   same-day admissions: a reader
					   reports them and drops them, so
					   events.csv has none */
	int		 adm, dis;	/* day indexes */
	int		 age, sex, emerg, amb;
	const char	*dx_main, *dx_trigger, *dx_resource;
	const char	*com[QI_SYNTH_MAXCOM];
	int		 ncom;
	const char	*compl;
	const char	*xcompl[2];	/* further complications (A006050
					   連番 2, 3, ...), drawn by the
					   stay's second generator */
	int		 nxcompl;
	int		 died;		/* 0, 1 */
	int		 outcome;	/* 退院時転帰 */
	int		 death24;
	int		 has_prev;
	int		 prev;		/* previous discharge, day index */
	int		 onset_cat;	/* M010010 p3: 1..4; 0 = no item */
	int		 onset;		/* days: 3, 7, 8; -1 = missing */
	int		 killip;	/* 0 = missing */
	int		 killip_item;	/* M050030 recorded (value killip,
					   0 = unclassifiable) */
	int		 jcs;		/* -1 = missing */
	int		 stage;		/* -1 = missing */
	int		 dementia;
	int		 insured;
	int		 v2024;		/* discharged from QI_SYNTH_V2024 */
	int		 falls, falls_3b, restraint, pu;
	int		 own_drug;	/* EF has a 持参薬 act (points 0) of
					   QI_SYNTH_OWN_DRUG on the admission
					   day; a reader leaves it out, so
					   events.csv has no event for it */
	struct qi_synth_ev ev[QI_SYNTH_MAXEV];
	int		 nev;
};

/*
 * Called with each stay in turn, hospital by hospital in byte order of
 * the ids and, within a hospital, in byte order of the stay ids; then
 * once with NULL at the end.  Returns 0, or -1 with errno set to stop.
 */
typedef int	(*qi_synth_stay_fn)(const struct qi_synth_stay *, void *);

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
 * Generate the stays of every hospital of reg and hand each to fn, in
 * the order above; the same draws as qi_synth_stays_stream(), so the
 * stays are those of stays.csv.  *nstays receives the stays generated.
 * QI_ESYS with a diagnostic if fn fails.
 */
enum qi_err	 qi_synth_stays_each(const struct qi_registry *reg,
		    const struct qi_synth_stays_cfg *, qi_synth_stay_fn fn,
		    void *arg, unsigned long long *nstays, struct qi_diag *);

/* Year, month (1-12) and day of the month of day index day. */
void		 qi_synth_ymd(int day, int *y, int *m, int *d);

/* "YYYY-MM-DD" (sep '-') or "YYYYMMDD" (sep 0) of day index day. */
void		 qi_synth_date(int day, char sep, char *buf, size_t sz);

/* The stay id of s in stays.csv: <pid 10 digits>-<YYYYMMDD>[-kaisu]. */
void		 qi_synth_stay_id(const struct qi_synth_stay *s, char *buf,
		    size_t sz);

/*
 * A small deterministic generator (xoshiro256**) for writers that add
 * detail of their own (synth_dpc.c), independent of the stays' draws.
 */
struct qi_synth_rng {
	uint64_t	 s[4];
};

void		 qi_synth_rng_seed(struct qi_synth_rng *, unsigned long seed);
double		 qi_synth_rng_unif(struct qi_synth_rng *);	/* [0, 1) */
int		 qi_synth_rng_int(struct qi_synth_rng *, int lo, int hi);

/*
 * The 9-digit 施設コード (text, leading zeros) of the synthetic hospital
 * id in region, as hospitals.csv's facility_code gives it.
 */
void		 qi_synth_facility_code(const char *id, const char *region,
		    char *buf, size_t sz);

/*
 * Read dir/organisations.csv and dir/hospitals.csv and write the same
 * stays and events as qi_synth_stays_write() would, as the DPC files
 * hospitals submit: FF1_*.txt (様式1), EFn_*.txt (EF), FF4_*.txt (様式4)
 * per hospital and month, and drug_master.csv (synth_dpc.c).
 */
enum qi_err	 qi_synth_dpc_write(const char *dir,
		    const struct qi_synth_stays_cfg *, struct qi_diag *);

/*
 * Read dir/organisations.csv and dir/hospitals.csv (as qi_synth_write()
 * writes them) and write dir/stays.csv and dir/events.csv.
 */
enum qi_err	 qi_synth_stays_write(const char *dir,
		    const struct qi_synth_stays_cfg *, struct qi_diag *);

#endif /* QI_SYNTH_STAYS_H */
