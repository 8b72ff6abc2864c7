/*
 * fuzz.h -- what the libFuzzer harnesses of fuzz/ share.  The readers
 * take paths, so an input is written to a file in a folder of the
 * process's own (made on first use, removed at exit); readers of two
 * files take an input cut in two at its first NUL byte; the definitions
 * and registries the readers check against are the source tree's, loaded
 * once.  Built only with -DQI_FUZZ=ON (fuzz/README.md).
 */
#ifndef QI_FUZZ_H
#define QI_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qi.h"
#include "fixture.h"	/* tests/unit: fixture_dir(), fixture_rmdir() */

/* The source tree's sample inputs. */
#define FUZZ_INDICATORS	QI_SOURCE_DIR "/indicators"
#define FUZZ_CODES	QI_SOURCE_DIR "/indicators/codes"
#define FUZZ_GOLDEN	QI_SOURCE_DIR "/tests/golden"
#define FUZZ_EXAMPLE	QI_SOURCE_DIR "/tests/examples/hf_mortality"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char *fuzz_dir_name;	/* owned; NULL until fuzz_dir() */

static inline void
fuzz_dir_remove(void)
{
	if (fuzz_dir_name != NULL)
		fixture_rmdir(fuzz_dir_name);
	fuzz_dir_name = NULL;
}

/* The process's temporary folder (its files only, no subfolders). */
static inline const char *
fuzz_dir(void)
{
	if (fuzz_dir_name == NULL) {
		if ((fuzz_dir_name = fixture_dir()) == NULL)
			abort();
		atexit(fuzz_dir_remove);
	}
	return fuzz_dir_name;
}

/*
 * Write n bytes to name in fuzz_dir(), replacing it; g_free() the path.
 * Plain stdio: fixture_bytes() syncs the file to disk, which takes most
 * of the time of an execution.
 */
static inline char *
fuzz_file(const char *name, const uint8_t *data, size_t n)
{
	char *path = g_build_filename(fuzz_dir(), name, NULL);
	FILE *fp;

	if ((fp = fopen(path, "wb")) == NULL ||
	    (n > 0 && fwrite(data, 1, n, fp) != n) || fclose(fp) != 0)
		abort();
	return path;
}

/*
 * Cut data at its first NUL byte: the part before is [data, *n1), the
 * part after [*p2, *p2 + *n2).  Returns 0, or -1 (and *n1 = size, *n2 =
 * 0) when there is no NUL.
 */
static inline int
fuzz_split(const uint8_t *data, size_t size, size_t *n1,
    const uint8_t **p2, size_t *n2)
{
	const uint8_t *nul = memchr(data, '\0', size);

	if (nul == NULL) {
		*n1 = size;
		*p2 = data + size;
		*n2 = 0;
		return -1;
	}
	*n1 = (size_t)(nul - data);
	*p2 = nul + 1;
	*n2 = size - *n1 - 1;
	return 0;
}

/*
 * Definitions of folder defs and the registry of folder regdir
 * (organisations.csv, hospitals.csv); either pointer may be NULL.
 * Aborts if they do not load: the harness would test nothing.
 */
static inline void
fuzz_load(const char *defs, struct qi_defset **dp, const char *regdir,
    struct qi_registry **rp)
{
	struct qi_diag *d = qi_diag_alloc();
	char *o = g_build_filename(regdir, "organisations.csv", NULL);
	char *h = g_build_filename(regdir, "hospitals.csv", NULL);

	if ((dp != NULL && qi_defset_load(defs, dp, d) != QI_OK) ||
	    (rp != NULL && qi_registry_load(o, h, NULL, rp, d) != QI_OK)) {
		qi_diag_print(d, stderr);
		abort();
	}
	qi_diag_free(d);
	g_free(o);
	g_free(h);
}

/*
 * Print the diagnostics (to /dev/null: their formatting is exercised
 * too) and release them.
 */
static inline void
fuzz_diag_done(struct qi_diag *d)
{
	static FILE *null;

	if (null == NULL && (null = fopen("/dev/null", "w")) == NULL)
		abort();
	qi_diag_print(d, null);
	qi_diag_free(d);
}

#endif /* QI_FUZZ_H */
