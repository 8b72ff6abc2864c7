/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * emit.c -- CSV fields (as they are, or made safe for spreadsheets), JSON
 * strings, and text without control characters for HTML and terminals.
 */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "emit.h"

#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */

char *
qi_text_no_controls(const char *s, int keep_lines)
{
	GString *t = g_string_sized_new(strlen(s));
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (keep_lines && (*p == '\t' || *p == '\n'))
			g_string_append_c(t, (char)*p);
		else if (*p < 0x20 || *p == 0x7f)
			g_string_append(t, REPLACEMENT);
		else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0) {
			g_string_append(t, REPLACEMENT);
			p++;
		} else
			g_string_append_c(t, (char)*p);
	}
	return g_string_free(t, FALSE);
}

/* prefix (text that needs no quoting) and s as one field, RFC 4180. */
static void
csv_field(FILE *fp, const char *prefix, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(prefix, fp);
		fputs(s, fp);
		return;
	}
	putc('"', fp);
	fputs(prefix, fp);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putc('"', fp);
		putc(*s, fp);
	}
	putc('"', fp);
}

void
qi_emit_csv_field(FILE *fp, const char *s)
{
	csv_field(fp, "", s);
}

/*
 * A spreadsheet runs a cell that starts with '=', '+', '-' or '@' as a
 * formula, and some also after a leading tab or CR (OWASP, "CSV
 * Injection"): such text gets a leading single quote, which the
 * spreadsheet shows as text and hides.
 */
void
qi_emit_csv_text(FILE *fp, const char *s)
{
	csv_field(fp, s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL ?
	    "'" : "", s);
}

void
qi_emit_json_string(FILE *fp, const char *s)
{
	const unsigned char *p;

	if (s == NULL) {
		fputs("null", fp);
		return;
	}
	putc('"', fp);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", fp);
		else if (*p < 0x20)
			fprintf(fp, "\\u%04x", *p);
		else
			putc(*p, fp);
	}
	putc('"', fp);
}

/*
 * Significant digits to print v with: digits, or with 0 the fewest that
 * read back as v (whole numbers below 10^17 in full: 90, not 9e+01).
 */
static int
digits_of(double v, int digits)
{
	char buf[40];
	int d;

	if (digits > 0 || !isfinite(v))
		return digits > 0 ? digits : 17;
	for (d = 1; d < 17; d++) {
		snprintf(buf, sizeof(buf), "%.*g", d, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	if (fabs(v) >= 1 && fabs(v) < 1e17 && d < (int)floor(log10(fabs(v))) +
	    1)
		d = (int)floor(log10(fabs(v))) + 1;
	return d;
}

void
qi_emit_json_real(FILE *fp, double v, int digits)
{
	if (!isfinite(v))
		fputs("null", fp);
	else
		fprintf(fp, "%.*g", digits_of(v, digits), v);
}

void
qi_emit_csv_real(FILE *fp, double v, int digits)
{
	if (!isnan(v))
		fprintf(fp, "%.*g", digits_of(v, digits), v);
}
