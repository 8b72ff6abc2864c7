/*
 * emit.c -- CSV fields (as they are, or made safe for spreadsheets) and
 * JSON strings.
 */
#include <string.h>

#include "emit.h"

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
