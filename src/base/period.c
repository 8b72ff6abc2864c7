/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * period.c -- Japanese fiscal periods.  FY2024 = 2024-04-01..2025-03-31;
 * FY2024Q1 = April-June 2024, ..., FY2024Q4 = January-March 2025.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "base.h"

/* Years outside this range are taken as typing mistakes. */
#define FY_MIN 1900
#define FY_MAX 2999

int
qi_period_of_date(int y, int m, int d, struct qi_period *p)
{
	if (y < FY_MIN || y > FY_MAX + 1 || !g_date_valid_dmy(
	    (GDateDay)d, (GDateMonth)m, (GDateYear)y))
		return -1;
	p->fy = m >= 4 ? y : y - 1;
	p->q = m >= 4 ? (m - 4) / 3 + 1 : 4;
	return 0;
}

void
qi_period_bounds(struct qi_period p, long *first, long *last)
{
	static const long qstart[] = { 401, 701, 1001, 101 };
	static const long qend[] = { 630, 930, 1231, 331 };

	if (p.q == 0) {
		*first = p.fy * 10000L + 401;
		*last = (p.fy + 1) * 10000L + 331;
		return;
	}
	*first = (p.q == 4 ? p.fy + 1 : p.fy) * 10000L + qstart[p.q - 1];
	*last = (p.q == 4 ? p.fy + 1 : p.fy) * 10000L + qend[p.q - 1];
}

int
qi_date_parse(const char *s, size_t len, int *y, int *m, int *d)
{
	size_t i;
	int v[3] = { 0, 0, 0 }, k = 0;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			k++;
			continue;
		}
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v[k] = v[k] * 10 + (s[i] - '0');
	}
	*y = v[0];
	*m = v[1];
	*d = v[2];
	return *y >= 1 && qi_civil_valid(*y, *m, *d) ? 0 : -1;
}

/*
 * "FY2024", "FY2024Q3" (any case).  The FY is required: "2024Q1" reads as
 * calendar January-March to many, and fiscal Q1 is April-June.
 */
static int
parse_label(const char *s, struct qi_period *p)
{
	const char *c = s;
	int fy = 0, q = 0, i;

	if (g_ascii_strncasecmp(c, "FY", 2) != 0)
		return -1;
	c += 2;
	for (i = 0; i < 4; i++, c++) {
		if (!isdigit((unsigned char)*c))
			return -1;
		fy = fy * 10 + (*c - '0');
	}
	if (*c == 'Q' || *c == 'q') {
		if (c[1] < '1' || c[1] > '4' || c[2] != '\0')
			return -1;
		q = c[1] - '0';
	} else if (*c != '\0')
		return -1;
	if (fy < FY_MIN || fy > FY_MAX)
		return -1;
	p->fy = fy;
	p->q = q;
	return 0;
}

int
qi_period_parse(const char *s, struct qi_period *p)
{
	const char *dots;
	int y, m, d, y2, m2, d2;
	struct qi_period a;
	long first, last, want_first, want_last;

	if (parse_label(s, p) == 0)
		return 0;
	if ((dots = strstr(s, "..")) == NULL) {
		if (qi_date_parse(s, strlen(s), &y, &m, &d) == -1)
			return -1;
		return qi_period_of_date(y, m, d, p);
	}
	/* A range must cover exactly one quarter or one fiscal year. */
	if (qi_date_parse(s, (size_t)(dots - s), &y, &m, &d) == -1 ||
	    qi_date_parse(dots + 2, strlen(dots + 2), &y2, &m2, &d2) == -1 ||
	    qi_period_of_date(y, m, d, &a) == -1)
		return -1;
	want_first = y * 10000L + m * 100 + d;
	want_last = y2 * 10000L + m2 * 100 + d2;
	qi_period_bounds(a, &first, &last);
	if (first == want_first && last == want_last) {
		*p = a;
		return 0;
	}
	a.q = 0;
	qi_period_bounds(a, &first, &last);
	if (first == want_first && last == want_last) {
		*p = a;
		return 0;
	}
	return -1;
}

void
qi_period_format(struct qi_period p, char *buf, size_t sz)
{
	if (p.q == 0)
		snprintf(buf, sz, "FY%04d", p.fy);
	else
		snprintf(buf, sz, "FY%04dQ%d", p.fy, p.q);
}

int
qi_period_cmp(struct qi_period a, struct qi_period b)
{
	if (a.fy != b.fy)
		return a.fy < b.fy ? -1 : 1;
	if (a.q != b.q)
		return a.q < b.q ? -1 : 1;
	return 0;
}

/* ------------------------------------------------------ civil dates */

int
qi_civil_valid(int y, int m, int d)
{
	static const int mdays[12] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	return m != 2 || d != 29 || (y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0));
}

/* H. Hinnant's days_from_civil (proleptic Gregorian). */
long
qi_civil_days(int y, int m, int d)
{
	long yy = y - (m <= 2), era, yoe, doy, doe;

	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
qi_civil_from_days(long days, int *y, int *m, int *d)
{
	long z = days + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}
