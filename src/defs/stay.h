/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * stay.h -- patient-level records as the engine hands them to the
 * expression evaluator: one stay (DPC 様式1) with all its activity events
 * (EF).  This is the contract between the record reader (records.c), the
 * evaluator (expr.c), the engine (engine.c) and the synthetic data writer
 * (synth_stays.c).  The normative column list is specs/input.md, section
 * "Patient-level records"; the table qi_stay_fields[] (defs/stay.c) is its
 * machine form and must agree with it.
 *
 * Units: dates are days since 1970-01-01 (civil, no time zone); ages in
 * whole years at admission; durations in days.  A missing value is NaN in
 * num[] and an empty string in a code slot.
 */
#ifndef QI_RECORD_H
#define QI_RECORD_H

#include <stddef.h>
#include <stdint.h>

#define QI_CODE_MAX	16	/* bytes of one code, NUL included */
#define QI_DX_LIST_MAX	10	/* codes in dx_comorbid, dx_complication */

/* The type of a stays column as the expression language sees it. */
enum qi_ftype {
	QI_FT_NUMBER,	/* integer or decimal; NaN = missing */
	QI_FT_BOOL,	/* 0 or 1 in the file; NaN = missing */
	QI_FT_DATE,	/* YYYY-MM-DD in the file, days since 1970 in num[] */
	QI_FT_CODE,	/* one ICD-10 code, e.g. "I639"; "" = missing */
	QI_FT_CODES,	/* ';'-separated list of up to 10 codes */
	QI_FT_TEXT	/* identifiers: hospital, stay, patient */
};

/*
 * Stays columns.  The order is the order of qi_stay_fields[]; the enum
 * value indexes num[] for NUMBER/BOOL/DATE fields.
 */
enum qi_field {
	QI_F_HOSPITAL,		/* TEXT: hospital id (registry) */
	QI_F_STAY,		/* TEXT: stay id, unique within the hospital */
	QI_F_PATIENT,		/* TEXT: pseudonymous patient id */
	QI_F_ADMISSION,		/* DATE */
	QI_F_DISCHARGE,		/* DATE: fixes the fiscal quarter */
	QI_F_AGE,		/* NUMBER: years at admission */
	QI_F_SEX,		/* NUMBER: 1 male, 2 female (DPC) */
	QI_F_EMERGENCY,		/* BOOL: 予定外・救急医療入院 */
	QI_F_AMBULANCE,		/* BOOL: 救急車による搬送 */
	QI_F_DX_MAIN,		/* CODE: 主傷病名 */
	QI_F_DX_TRIGGER,	/* CODE: 入院の契機となった傷病名 */
	QI_F_DX_RESOURCE,	/* CODE: 医療資源を最も投入した傷病名 */
	QI_F_DX_COMORBID,	/* CODES: 入院時併存症 */
	QI_F_DX_COMPLICATION,	/* CODES: 入院後発症疾患 */
	QI_F_OUTCOME,		/* NUMBER: 退院時転帰 1,3,4,5,6,7,9 */
	QI_F_DEATH_24H,		/* BOOL: death within 24 h of admission */
	QI_F_PREV_DISCHARGE,	/* DATE: 前回退院年月日, may be missing */
	QI_F_ONSET_DAYS,	/* NUMBER: 発症から入院までの日数 */
	QI_F_KILLIP,		/* NUMBER: Killip class 1-4 */
	QI_F_JCS,		/* NUMBER: Japan Coma Scale at admission, 0-300 */
	QI_F_CANCER_STAGE,	/* NUMBER: UICC stage 0-4 */
	QI_F_DEMENTIA,		/* BOOL: 認知症 at admission */
	QI_F_INSURANCE,		/* BOOL: 1 = public health insurance; 0 = 労災, 自賠責, 自費 */
	QI_F_FALLS,		/* NUMBER: falls during the stay */
	QI_F_FALLS_3B,		/* NUMBER: falls of level 3b or worse */
	QI_F_RESTRAINT_DAYS,	/* NUMBER: days with physical restraint */
	QI_F_PRESSURE_ULCER,	/* BOOL: new pressure ulcer (d2+) during the stay */
	QI_F__COUNT
};

struct qi_field_info {
	const char	*name;		/* column header and expression name */
	enum qi_ftype	 type;
	int		 required;	/* the column must be in the header */
};

/* Indexed by enum qi_field. */
extern const struct qi_field_info qi_stay_fields[QI_F__COUNT];

/* Index of a stays column by name; -1 if unknown. */
int	qi_field_lookup(const char *name);

/*
 * Event kinds (events column "kind").
 */
enum qi_event_kind {
	QI_EV_DRUG,		/* 薬剤 */
	QI_EV_PROCEDURE,	/* 手術・処置 (K, J codes) */
	QI_EV_TEST,		/* 検査 (D codes) */
	QI_EV_IMAGING,		/* 画像 (E codes) */
	QI_EV_REHAB,		/* リハビリ (H codes) */
	QI_EV_FEE,		/* 基本料・加算 */
	QI_EV_OTHER
};

/*
 * One activity event of a stay.  day is the day of the event counted from
 * admission: the admission day is 0.  lists points to the stay's
 * membership words: bit k of lists[k / 64] is set when code matches code
 * list k of the code list set (codelist.c).  Owned by the engine, valid
 * while the stay is being evaluated.
 */
struct qi_event {
	int			 day;
	enum qi_event_kind	 kind;
	double			 qty;
	char			 code[QI_CODE_MAX];
	const uint64_t		*lists;
	/*
	 * The EF columns of the row (events.csv category, department,
	 * ward): データ区分 (11-99; 0 = missing), 診療科区分 and 病棟コード
	 * (NUL-terminated, zero-padded; "" = missing).
	 */
	int			 category;
	char			 department[QI_CODE_MAX];
	char			 ward[QI_CODE_MAX];
};

/*
 * One 様式1 item of a stay (items.csv, or a parent 様式1 row): its code
 * as qi_item_key() gives it, its 連番 and the payloads the item table
 * (defs/items.h) types, payload p at index p - 1: a number or a date
 * (days since 1970) in num[] (NaN = missing), a code in code[] ("" =
 * missing; zero-padded).
 */
struct qi_item {
	uint64_t		 key;
	unsigned		 seq;
	double			 num[9];
	char			 code[9][QI_CODE_MAX];
};

/*
 * What qi found of the same patient in the same hospital's other stays
 * (records/links.h; specs/definitions.md, "Patients across stays"):
 * the next stay, the first admitted on or after this stay's discharge
 * day, and the last day the hospital's records cover.  Filled only when
 * a definition reads it (NaN, "" otherwise, and when there is none).
 */
enum qi_next_field {
	QI_NX_ADMISSION,	/* DATE: the next stay's admission */
	QI_NX_EMERGENCY,	/* BOOL: it was unplanned or an emergency */
	QI_NX_FOLLOW_UP_END,	/* DATE: last day of the last fiscal quarter
				   with a discharge of the hospital */
	QI_NX__NUM,
	QI_NX_DX_MAIN = QI_NX__NUM,	/* CODE: its 主傷病名 */
	QI_NX_DX_TRIGGER,	/* CODE: its 入院の契機となった傷病名 */
	QI_NX_DX_RESOURCE,	/* CODE: its 医療資源を最も投入した傷病名 */
	QI_NX__COUNT
};

struct qi_next_info {
	const char	*name;		/* expression name, e.g. next_admission */
	enum qi_ftype	 type;
};

/* Indexed by enum qi_next_field. */
extern const struct qi_next_info qi_next_fields[QI_NX__COUNT];

/* Index of a linked name; -1 if unknown. */
int	qi_next_lookup(const char *name);

struct qi_next {
	double		 num[QI_NX__NUM];	/* dates in days since 1970 */
	char		 code[QI_NX__COUNT - QI_NX__NUM][QI_CODE_MAX];
};

/*
 * One stay with its events, as evaluated.  Owned by the engine and reused
 * from stay to stay; expressions only read it.  Its codes are
 * NUL-terminated and zero-padded to QI_CODE_MAX bytes, as the reader
 * writes them: the code cache reads them whole.
 */
struct qi_stay {
	long		 hospital;	/* registry index */
	char		 stay[64];
	char		 patient[64];
	double		 num[QI_F__COUNT];	/* NUMBER, BOOL, DATE fields */
	char		 code[3][QI_CODE_MAX];	/* DX_MAIN, DX_TRIGGER, DX_RESOURCE */
	char		 comorbid[QI_DX_LIST_MAX][QI_CODE_MAX];
	size_t		 ncomorbid;
	char		 complication[QI_DX_LIST_MAX][QI_CODE_MAX];
	size_t		 ncomplication;
	const struct qi_event *ev;	/* sorted by day */
	size_t		 nev;
	const struct qi_item *items;	/* sorted by key, then seq */
	size_t		 nitems;
	struct qi_next	 next;		/* the patient's next stay */
};

#endif /* QI_RECORD_H */
