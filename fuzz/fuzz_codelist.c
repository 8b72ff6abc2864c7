/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_codelist.c -- the code list loader (codelist.c): one list file.
 * When it loads, some fixed codes and the first field of each of the
 * input's lines (the codes it lists, wildcards and all) are matched
 * against it through the lists and through the cache, which must agree.
 */
#include "codelist.h"
#include "fuzz.h"

static const char *const probes[] = {
	"", "I", "I6", "I63", "I639", "I6390", "K5461", "620000001",
	"Z99999999999999", "i63", "*", "I63*",
};

/* Match code (cut to QI_CODE_MAX - 1 bytes) both ways; abort if unlike. */
static void
probe(const struct qi_codeset *cs, struct qi_codecache *cc, const char *s,
    size_t n)
{
	char code[QI_CODE_MAX];
	uint64_t bits[1], cached[1];

	memset(code, 0, sizeof(code));
	memcpy(code, s, MIN(n, sizeof(code) - 1));
	qi_codeset_match(cs, code, bits);
	qi_codecache_match(cc, code, cached);
	if (bits[0] != cached[0] ||
	    (int)(bits[0] & 1) != qi_codeset_has(cs, 0, code))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qi_diag *d = qi_diag_alloc();
	struct qi_codeset *cs = NULL;
	struct qi_codecache *cc;
	const char *s = (const char *)data, *end = s + size, *nl, *comma;
	size_t i;
	char *path;

	path = fuzz_file("fuzz_list.csv", data, size);
	if (qi_codeset_load(fuzz_dir(), &cs, d) == QI_OK) {
		if (qi_codeset_words(cs) != 1 || qi_codeset_count(cs) != 1 ||
		    qi_codeset_find(cs, "fuzz_list") != 0)
			abort();
		cc = qi_codecache_new(cs);
		for (i = 0; i < G_N_ELEMENTS(probes); i++)
			probe(cs, cc, probes[i], strlen(probes[i]));
		for (i = 0; i < 256 && s < end; i++, s = nl + 1) {
			if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
				nl = end;
			if ((comma = memchr(s, ',', (size_t)(nl - s))) == NULL)
				comma = nl;
			probe(cs, cc, s, (size_t)(comma - s));
		}
		qi_codecache_free(cc);
		qi_codeset_free(cs);
	}
	fuzz_diag_done(d);
	g_free(path);
	return 0;
}
