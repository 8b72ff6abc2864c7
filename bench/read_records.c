/*
 * read_records.c -- the qi reader alone over stays + events: every stay
 * with its events, values converted, events matched against the code
 * lists, and nothing computed.  Shows how much of qi's time is reading.
 * Usage: read_records STAYS EVENTS CODES_DIR   (run by bench/run.sh)
 */
#include <stdio.h>

#include "codelist.h"
#include "records.h"

int
main(int argc, char *argv[])
{
	struct qi_diag *d = qi_diag_alloc();
	struct qi_codeset *cs = NULL;
	struct qi_records *r = NULL;
	struct qi_records_opts o;
	const struct qi_stay *st;
	unsigned long long nev = 0, nst = 0;
	int k = -1;

	if (argc != 4) {
		fprintf(stderr, "usage: read_records STAYS EVENTS CODES_DIR\n");
		return 2;
	}
	qi_records_opts_defaults(&o);
	if (qi_codeset_load(argv[3], &cs, d) == QI_OK &&
	    qi_records_open(argv[1], argv[2], NULL, cs, &o, &r, d) == QI_OK)
		while ((k = qi_records_next(r, &st)) == 1) {
			nst++;
			nev += st->nev;
		}
	qi_diag_print(d, stderr);
	printf("stays %llu events %llu\n", nst, nev);
	qi_records_free(r);
	qi_codeset_free(cs);
	qi_diag_free(d);
	return k == 0 ? 0 : 1;
}
