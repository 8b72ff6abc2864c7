/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_csvread.c -- the CSV/TSV reader (csvread.c): header, quoting,
 * delimiters, UTF-8 checking and CP932 conversion, positioned errors.
 * Each input is read as UTF-8, then as CP932, with the columns of a
 * counts file, all optional so that any header opens.
 */
#include "csvread.h"
#include "fuzz.h"

static const struct qi_csvcol cols[] = {
	{ "hospital", 0 }, { "indicator", 0 }, { "period", 0 },
	{ "numerator", 0 }, { "denominator", 0 },
};

static void
read_all(const char *path, const char *encoding)
{
	struct qi_diag *d = qi_diag_alloc();
	struct qi_csvcfg cfg;
	struct qi_csv *c;
	const char *const *f;
	size_t i;
	long v;

	qi_csvcfg_defaults(&cfg);
	cfg.encoding = encoding;
	if ((c = qi_csv_open(path, cols, G_N_ELEMENTS(cols), &cfg,
	    d)) != NULL) {
		while (qi_csv_next(c, &f) == 1) {
			for (i = 0; i < G_N_ELEMENTS(cols); i++)
				if (f[i] != NULL &&
				    qi_field_count(f[i], &v) < 0)
					qi_csv_error(c, i, NULL,
					    "not a count: %s", f[i]);
			for (i = 0; i <= qi_csv_width(c); i++)
				(void)qi_csv_field(c, i);
		}
		for (i = 0; i <= qi_csv_width(c); i++)
			(void)qi_csv_header(c, i);
		qi_csv_close(c);
	}
	fuzz_diag_done(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_file("input.csv", data, size);

	read_all(path, NULL);
	read_all(path, "cp932");
	g_free(path);
	return 0;
}
