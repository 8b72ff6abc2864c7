/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * stay.c -- the stays columns as a table: name, type as the expression
 * language sees it, and whether the header must have the column.  The
 * order is enum qi_field (defs/stay.h); specs/input.md lists the same
 * columns.
 */
#include <string.h>

#include "stay.h"

const struct qi_field_info qi_stay_fields[QI_F__COUNT] = {
	[QI_F_HOSPITAL]		= { "hospital",		QI_FT_TEXT,	1 },
	[QI_F_STAY]		= { "stay",		QI_FT_TEXT,	1 },
	[QI_F_PATIENT]		= { "patient",		QI_FT_TEXT,	0 },
	[QI_F_ADMISSION]	= { "admission",	QI_FT_DATE,	1 },
	[QI_F_DISCHARGE]	= { "discharge",	QI_FT_DATE,	1 },
	[QI_F_AGE]		= { "age",		QI_FT_NUMBER,	0 },
	[QI_F_SEX]		= { "sex",		QI_FT_NUMBER,	0 },
	[QI_F_EMERGENCY]	= { "emergency",	QI_FT_BOOL,	0 },
	[QI_F_AMBULANCE]	= { "ambulance",	QI_FT_BOOL,	0 },
	[QI_F_DX_MAIN]		= { "dx_main",		QI_FT_CODE,	0 },
	[QI_F_DX_TRIGGER]	= { "dx_trigger",	QI_FT_CODE,	0 },
	[QI_F_DX_RESOURCE]	= { "dx_resource",	QI_FT_CODE,	0 },
	[QI_F_DX_COMORBID]	= { "dx_comorbid",	QI_FT_CODES,	0 },
	[QI_F_DX_COMPLICATION]	= { "dx_complication",	QI_FT_CODES,	0 },
	[QI_F_OUTCOME]		= { "outcome",		QI_FT_NUMBER,	0 },
	[QI_F_DEATH_24H]	= { "death_24h",	QI_FT_BOOL,	0 },
	[QI_F_PREV_DISCHARGE]	= { "prev_discharge",	QI_FT_DATE,	0 },
	[QI_F_ONSET_DAYS]	= { "onset_days",	QI_FT_NUMBER,	0 },
	[QI_F_KILLIP]		= { "killip",		QI_FT_NUMBER,	0 },
	[QI_F_JCS]		= { "jcs",		QI_FT_NUMBER,	0 },
	[QI_F_CANCER_STAGE]	= { "cancer_stage",	QI_FT_NUMBER,	0 },
	[QI_F_DEMENTIA]		= { "dementia",		QI_FT_BOOL,	0 },
	[QI_F_INSURANCE]	= { "insurance",	QI_FT_BOOL,	0 },
	[QI_F_FALLS]		= { "falls",		QI_FT_NUMBER,	0 },
	[QI_F_FALLS_3B]		= { "falls_3b",		QI_FT_NUMBER,	0 },
	[QI_F_RESTRAINT_DAYS]	= { "restraint_days",	QI_FT_NUMBER,	0 },
	[QI_F_PRESSURE_ULCER]	= { "pressure_ulcer",	QI_FT_BOOL,	0 },
};

int
qi_field_lookup(const char *name)
{
	int	 i;

	if (name == NULL)
		return -1;
	for (i = 0; i < QI_F__COUNT; i++)
		if (strcmp(qi_stay_fields[i].name, name) == 0)
			return i;
	return -1;
}

const struct qi_next_info qi_next_fields[QI_NX__COUNT] = {
	[QI_NX_ADMISSION]	= { "next_admission",	QI_FT_DATE },
	[QI_NX_EMERGENCY]	= { "next_emergency",	QI_FT_BOOL },
	[QI_NX_FOLLOW_UP_END]	= { "follow_up_end",	QI_FT_DATE },
	[QI_NX_DX_MAIN]		= { "next_dx_main",	QI_FT_CODE },
	[QI_NX_DX_TRIGGER]	= { "next_dx_trigger",	QI_FT_CODE },
	[QI_NX_DX_RESOURCE]	= { "next_dx_resource",	QI_FT_CODE },
};

int
qi_next_lookup(const char *name)
{
	int	 i;

	if (name == NULL)
		return -1;
	for (i = 0; i < QI_NX__COUNT; i++)
		if (strcmp(qi_next_fields[i].name, name) == 0)
			return i;
	return -1;
}
