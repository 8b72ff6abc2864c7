/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_registry.c -- the registry reader (registry.c).  The input is
 * organisations.csv, a NUL byte, then hospitals.csv; without a NUL it is
 * hospitals.csv beside the golden sample's organisations.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qi_diag *d = qi_diag_alloc();
	struct qi_registry *reg = NULL;
	const uint8_t *h;
	size_t no, nh, i;
	char *op, *hp;

	if (fuzz_split(data, size, &no, &h, &nh) == 0) {
		op = fuzz_file("organisations.csv", data, no);
		hp = fuzz_file("hospitals.csv", h, nh);
	} else {
		op = g_strdup(FUZZ_GOLDEN "/sample/organisations.csv");
		hp = fuzz_file("hospitals.csv", data, size);
	}
	if (qi_registry_load(op, hp, NULL, &reg, d) == QI_OK) {
		/* every id and facility code finds its own hospital */
		for (i = 0; i < reg->nhosps; i++) {
			if (qi_registry_hospital(reg, reg->hosps[i].id) !=
			    (long)i)
				abort();
			if (reg->hosps[i].facility[0] != '\0' &&
			    qi_registry_facility(reg,
			    reg->hosps[i].facility) != (long)i)
				abort();
		}
		for (i = 0; i < reg->norgs; i++)
			if (qi_registry_org(reg, reg->orgs[i].code) != (long)i)
				abort();
		qi_registry_free(reg);
	}
	fuzz_diag_done(d);
	g_free(op);
	g_free(hp);
	return 0;
}
