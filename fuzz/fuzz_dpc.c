/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_dpc.c -- the DPC survey file reader (dpc.c): the input is a 様式1
 * file (FF1), a NUL byte, then an EF file; without a NUL, a 様式1 file
 * alone.  Read with each file's own encoding, the worked examples'
 * hospitals and drug master; the stays and events go to /dev/null.
 */
#include "dpc.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct qi_registry *reg;
	static FILE *null;
	struct qi_diag *d = qi_diag_alloc();
	struct qi_dpc_opts o;
	const uint8_t *e;
	size_t nf, ne;
	char *paths[3] = { NULL, NULL, NULL };

	if (reg == NULL) {
		fuzz_load(NULL, NULL, FUZZ_EXAMPLE, &reg);
		if ((null = fopen("/dev/null", "w")) == NULL)
			abort();
	}
	if (fuzz_split(data, size, &nf, &e, &ne) == 0)
		paths[1] = fuzz_file("EFn_011000014_2404.txt", e, ne);
	paths[0] = fuzz_file("FF1_011000014_2404.txt", data, nf);
	qi_dpc_opts_defaults(&o);
	o.tmpdir = fuzz_dir();
	(void)qi_dpc_read(paths, FUZZ_EXAMPLE "/drug_master.csv", reg, &o,
	    null, null, null, NULL, d);
	fuzz_diag_done(d);
	g_free(paths[0]);
	g_free(paths[1]);
	return 0;
}
