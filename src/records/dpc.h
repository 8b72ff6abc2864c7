/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dpc.h -- the DPC survey files as hospitals submit them, read directly:
 * 様式1 (FF1_*.txt, the long "縦持ち" layout), the EF統合ファイル
 * (EFn_*.txt) and 様式4 (FF4_*.txt), any number of months, plain, .gz or
 * .zst, rows in any order, UTF-8 or CP932 per file.  The reader turns
 * them into the flat stays and events of specs/input.md section 7, in the
 * order that reader wants, so that `qi import dpc` and reading the files
 * directly give the same records.  specs/input.md section 8 is the
 * normative description: which item and payload gives each field, how
 * EF rows join their stay, what is set aside and what is an error.
 *
 * Memory does not grow with the files: rows are sorted by an external
 * merge sort (xsort.h) within a budget, spilling to a folder the caller
 * names.
 */
#ifndef QI_DPC_H
#define QI_DPC_H

#include <stdint.h>
#include <stdio.h>

#include "defs.h"

struct qi_codeset;

struct qi_dpc_opts {
	/*
	 * NULL: each file's own encoding (a UTF-8 BOM, or valid UTF-8
	 * where the first non-ASCII line is, means UTF-8; else CP932);
	 * "utf-8" or "cp932" (also "sjis", "shift_jis", "windows-31j")
	 * for every file.
	 */
	const char	*encoding;
	const char	*tmpdir;	/* an existing folder for sort runs */
	size_t		 budget;	/* bytes of rows held before spilling;
					   default 512 MiB */
	/*
	 * Events in none of these lists are left out (reading for the
	 * indicators, whose expressions see events only through lists).
	 * NULL: every event (qi import).
	 */
	const struct qi_codeset *keep;
	size_t		 max_errors;	/* listed per file; default 100 */
	/*
	 * Threads reading the files (each file read by one; default 1).
	 * The output does not depend on it.
	 */
	unsigned	 jobs;
	/*
	 * NULL, or one slot per path and one for the drug master: the
	 * SHA-256 (hex) of each file's bytes as read, for the manifest.
	 */
	char		(*digests)[65];
};

void	 qi_dpc_opts_defaults(struct qi_dpc_opts *);

/* What was read, kept and set aside; for the run's notes and manifest. */
struct qi_dpc_counts {
	uint64_t	files[3];		/* FF1, EF, FF4 */
	uint64_t	ff1_rows, ef_rows, ff4_rows;
	uint64_t	stays, events;		/* written */
	uint64_t	child_rows;		/* 様式1 child segments (統括 1..) */
	uint64_t	unknown_item_rows;	/* item codes no table knows */
	uint64_t	off_table_rows;		/* items outside their table's dates */
	uint64_t	ef_no_stay_rows;	/* stays without a 様式1 (yet) */
	uint64_t	ef_no_stay_stays;
	uint64_t	ef_ambiguous_rows;	/* two same-day admissions */
	uint64_t	ef_ambiguous_stays;	/* ... their join keys */
	uint64_t	ef_comment_rows;	/* comment codes (8...) */
	uint64_t	ef_own_drug_rows;	/* 持参薬: act of 0 points */
	uint64_t	ef_repeat_rows;		/* an act's code seen again */
	uint64_t	ef_unmapped_drug_rows;	/* receipt code not in the master */
	uint64_t	ef_after_discharge_rows;
	uint64_t	ef_filtered_rows;	/* in no code list (opts.keep) */
	uint64_t	sort_runs;		/* run files the sort wrote */
};

/*
 * The DPC files of folder dir, sorted by name: FF1_*, EFn_* and FF4_*
 * with .txt, .txt.gz or .txt.zst (any case).  Returns the paths (a
 * NULL-terminated vector to g_strfreev()), or NULL if there are none.
 */
char	**qi_dpc_files(const char *dir);

/*
 * Read the DPC files (paths, NULL-terminated; FF1/EFn/FF4 by name) and
 * write the stays, events and 様式1 items as CSV (specs/input.md section
 * 7) to stays, events and items (NULL: not written), each sorted by
 * hospital and stay in byte order.  drugs:
 * drug_master.csv (receipt_code,yj_code) or the official 医薬品マスター
 * file, or NULL.  reg maps 施設コード to hospitals (facility_code).  Every
 * problem is recorded in diag at its FILE:LINE:COL; returns QI_OK,
 * QI_EINPUT (nothing useful written: the caller discards the output) or
 * QI_ESYS.  counts may be NULL.
 */
enum qi_err qi_dpc_read(char *const *paths, const char *drugs,
	    const struct qi_registry *reg, const struct qi_dpc_opts *,
	    FILE *stays, FILE *events, FILE *items,
	    struct qi_dpc_counts *counts,
	    struct qi_diag *);

/* The drug master of folder dir (drug_master.csv, else y*.csv), or NULL. */
char	*qi_dpc_drug_master(const char *dir);

#endif /* QI_DPC_H */
