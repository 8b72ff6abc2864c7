/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pipeline.h -- the whole run: the synthetic sample, and the inputs of a
 * run -- definitions, registry and every data source -- loaded with all
 * their errors and combined into one set of tallies (inputs.c).
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

#define QI_SYNTH_HOSPITALS	172	/* the sample's hospitals */
#define QI_SYNTH_HOSPITALS_MIN	10	/* both organisations have some */
#define QI_SYNTH_HOSPITALS_MAX	20000

/*
 * The same with nhosp hospitals, in [QI_SYNTH_HOSPITALS_MIN,
 * QI_SYNTH_HOSPITALS_MAX]: QI_SYNTH_HOSPITALS writes the sample above
 * byte for byte; any other number a national-scale population -- NHO
 * and JOHAS in the sample's proportions, licensed beds in the
 * proportions of all DPC hospitals of Japan (synth.c).
 */
enum qi_err	 qi_synth_write_hospitals(const char *dir,
		    const struct qi_defset *, unsigned long seed,
		    size_t nhosp, struct qi_diag *);

/* -------------------------------------------------------------- inputs */

/* What a run reads: paths NULL (counts 0) when not given; all borrowed. */
struct qi_sources {
	const char	*indicators;	/* definitions folder */
	const char	*orgs, *hosps;	/* the registry */
	const char	*sample;	/* the folder of qi run's sample, when
					   no data option named the registry
					   and it comes from there; else NULL */
	const char	*encoding;	/* NULL, "utf-8" or "cp932" */
	const char	*counts;	/* aggregated counts */
	int		 counts_beside;	/* counts found beside records: its rows
					   for patient-level indicators give
					   way to them */
	const char	*stays, *events; /* patient-level records */
	const char	*items;		/* their 様式1 items (items.csv), or NULL */
	char *const	*dpc;		/* DPC files, NULL-terminated */
	const char	*drugs;		/* drug master of the DPC files */
	const char	*tallies;	/* a tallies file */
	const char	**history;	/* earlier runs' results.csv */
	size_t		 nhistory;
	int		 skip_bad_rows;
	unsigned	 jobs;		/* reading threads */
	int		 tallies_only;	/* sums as counted: no zero quarters */
	const char	*tmp_in;	/* output folder for temporary files,
					   or NULL: the system's */
};

/* An input file when the run began: size, inode, mtime (ns). */
struct qi_seen {
	int			 regular;	/* 0: a pipe, "-", or absent */
	uint64_t		 size, ino;
	int64_t			 mtime;
};

/* Everything a run reads, loaded and checked. */
struct qi_inputs {
	struct qi_defset	*defs;
	struct qi_registry	*reg;
	struct qi_tallies	*tallies;	/* counts, records and tallies files, summed */
	struct qi_input		*files;		/* organisations, hospitals, the
						   data, then history; owned */
	struct qi_seen		*seen;		/* files[i] as the run began
						   (not the DPC files); owned */
	size_t			 nfiles;
	struct qi_skipped	*skipped;	/* rows skipped, by reason */
	size_t			 nskipped;
	long			 stays;		/* stays evaluated (patient-level) */
	long			 events;	/* ... and their events */
	unsigned long		 dpc_files;	/* DPC files read, */
	unsigned long		 dpc_events;	/* and the events they gave */
	char			(*dpc_digests)[65]; /* of the DPC files and the
						   drug master as read; owned */
};

/*
 * Load definitions (unless in->defs is already set), registry, and the
 * data s names -- counts.csv, stays.csv + events.csv or DPC files
 * (evaluated by the engine), a tallies file -- into one set of tallies,
 * reporting every problem of every file before giving up.  An indicator
 * may come from one kind of data only.  in must start zeroed or with
 * defs only.  Release with qi_inputs_free().
 */
enum qi_err	 qi_inputs_load(const struct qi_sources *, struct qi_inputs *,
		    struct qi_diag *);
void		 qi_inputs_free(struct qi_inputs *);
/*
 * Fill in->files[].sha256 for the manifest: the digest of the bytes each
 * reader read; a file not read whole is hashed now, and must not have
 * changed since the run began.
 */
enum qi_err	 qi_inputs_digests(struct qi_inputs *, struct qi_diag *);
/*
 * Results of variant (NULL: as defined) from in's tallies, with the
 * manifest's variant and skipped rows set.
 */
enum qi_err	 qi_inputs_compute(const struct qi_inputs *, const char *variant,
		    struct qi_results **, struct qi_diag *);
/*
 * The method of a run: s's definitions (unless *defs is already loaded)
 * and registry, each read with all its errors, then bound.  The one
 * loader of every command that reads them.  Returns the worst error.
 */
enum qi_err	 qi_method_load(const struct qi_sources *, struct qi_defset **,
		    struct qi_registry **, struct qi_diag *);

#endif /* QI_PIPELINE_H */
