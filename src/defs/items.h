/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * items.h -- the 様式1 items qi knows: each item code (A000030, ADL0010,
 * ...) with its Japanese and English name and, for each payload 1-9
 * that expressions may read, its meaning and type.  The table is
 * specs/input.md section 7.7 in machine form; expressions read a
 * payload with item(CODE, N) or, for the common ones, by a name such as
 * discharge_to (specs/expressions.md section 4), and the readers of
 * items.csv and of the DPC files (records.c, dpc.c) keep and check
 * exactly the payloads the table types.
 */
#ifndef QI_ITEMS_H
#define QI_ITEMS_H

#include <stddef.h>
#include <stdint.h>

#define QI_ITEM_PAYLOADS	9	/* payloads of a 様式1 row */

/* What a payload holds, as expressions see it. */
enum qi_ptype {
	QI_PT_NONE,	/* not read: blank, free text or not known */
	QI_PT_NUMBER,	/* a decimal number or numeric code (0, 1, 300) */
	QI_PT_DATE,	/* YYYYMMDD; 00000000 and 99999999 are missing */
	QI_PT_CODE	/* 1-15 letters and digits (ICD-10, DESIGN-R, ADL) */
};

struct qi_item_payload {
	enum qi_ptype	 type;
	const char	*ja, *en;
};

struct qi_item_info {
	const char		*code;		/* 7 letters and digits */
	const char		*ja, *en;
	long			 from, to;	/* YYYYMMDD of the table: [from,
						   to), 0 = open */
	struct qi_item_payload	 p[QI_ITEM_PAYLOADS];	/* payload 1 is p[0] */
};

/* A common payload by name: discharge_to is item(A000030, 2). */
struct qi_item_name {
	const char	*name;
	const char	*code;
	unsigned	 payload;	/* 1-9 */
};

extern const struct qi_item_info qi_items[];
extern const size_t qi_nitems;
extern const struct qi_item_name qi_item_names[];
extern const size_t qi_nitem_names;

/* Index in qi_items of a code of n bytes; -1 if unknown. */
long		 qi_item_lookup(const char *code, size_t n);
/* The item named by a common name; NULL if none. */
const struct qi_item_name *qi_item_name_lookup(const char *name);
/*
 * The item code of qi_items nearest to code (a misspelling of it), for
 * a "did you mean" hint; NULL if none is near.
 */
const char	*qi_item_nearest(const char *code);

/*
 * An item code as a 64-bit key: its 7 bytes, zero-padded.  Codes of 1-8
 * bytes; equal codes give equal keys.
 */
uint64_t	 qi_item_key(const char *code, size_t n);

#endif /* QI_ITEMS_H */
