/*
 * fuzz_engine.c -- stays and events through the engine: the records
 * reader (records.c, records_file.c) joining the two files, and every
 * definition of indicators/ with its variants evaluated on each stay
 * (engine.c, expr_eval.c).  The input is stays.csv, a NUL byte, then
 * events.csv; without a NUL, stays alone.  Hospitals are those of the
 * worked examples.  A run refused for bad rows is run again skipping
 * them, as a user would.
 */
#include "engine.h"
#include "fuzz.h"

static enum qi_err
run(const char *stays, const char *events, int skip,
    const struct qi_defset *defs, const struct qi_registry *reg)
{
	struct qi_diag *d = qi_diag_alloc();
	struct qi_engine_cfg cfg;
	struct qi_engine_stats st;
	struct qi_tallies *t = NULL;
	enum qi_err rc;

	qi_engine_cfg_defaults(&cfg);
	cfg.stays = stays;
	cfg.events = events;
	cfg.skip_bad_rows = skip;
	cfg.variants = 1;
	memset(&st, 0, sizeof(st));
	if ((rc = qi_engine_run(&cfg, defs, reg, &t, &st, d)) == QI_OK)
		qi_tallies_free(t);
	qi_engine_stats_clear(&st);
	fuzz_diag_done(d);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct qi_defset *defs;
	static struct qi_registry *reg;
	const uint8_t *e;
	size_t ns, ne;
	char *sp, *ep = NULL;

	if (defs == NULL)
		fuzz_load(FUZZ_INDICATORS, &defs, FUZZ_EXAMPLE, &reg);
	if (fuzz_split(data, size, &ns, &e, &ne) == 0)
		ep = fuzz_file("events.csv", e, ne);
	sp = fuzz_file("stays.csv", data, ns);
	if (run(sp, ep, 0, defs, reg) == QI_EINPUT)
		run(sp, ep, 1, defs, reg);
	g_free(sp);
	g_free(ep);
	return 0;
}
