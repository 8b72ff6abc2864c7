/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_engine.c -- stays and events through the engine: the records
 * reader (records.c, records_file.c) joining the two files, and every
 * definition of indicators/ with its variants evaluated on each stay
 * (engine.c, expr_eval.c).  The input is stays.csv, a NUL byte, then
 * events.csv, and after a second NUL items.csv (様式1 items); without a
 * NUL, stays alone.  Hospitals are those of the
 * worked examples.  A run refused for bad rows is run again skipping
 * them, as a user would.  Stays the reader takes whole must come out
 * the same from two shards (byte ranges) as from one pass.
 */
#include "engine.h"
#include "fuzz.h"
#include "records.h"

/*
 * Read the stays of bytes [start, end) of sp with their events, appending
 * "hospital/stay:events;" for each to out.  Returns qi_records_next()'s
 * last value (0 at a clean end), or -1 if the files do not open.
 */
static int
pass(const char *sp, const char *ep, const char *ip,
    const struct qi_defset *defs, const struct qi_registry *reg,
    uint64_t start, uint64_t end, GString *out)
{
	struct qi_diag *d = qi_diag_alloc();
	struct qi_records_opts o;
	struct qi_records *r;
	const struct qi_stay *st;
	int rc = -1;

	qi_records_opts_defaults(&o);
	o.start = start;
	o.end = end;
	o.items = ip;
	if (qi_records_open(sp, ep, reg, defs->codes, &o, &r, d) == QI_OK) {
		while ((rc = qi_records_next(r, &st)) == 1)
			g_string_append_printf(out, "%ld/%s:%zu;", st->hospital,
			    st->stay, st->nev);
		qi_records_free(r);
	}
	fuzz_diag_done(d);
	return rc;
}

/* One pass and two shards cut at byte cut give the same stays. */
static void
shards(const char *sp, const char *ep, const char *ip, uint64_t cut,
    const struct qi_defset *defs, const struct qi_registry *reg)
{
	GString *one = g_string_new(NULL), *two = g_string_new(NULL);

	if (pass(sp, ep, ip, defs, reg, 0, 0, one) == 0 && (pass(sp, ep, ip,
	    defs, reg, 0, cut, two) != 0 || pass(sp, ep, ip, defs, reg, cut,
	    0, two) != 0 || strcmp(one->str, two->str) != 0)) {
		fprintf(stderr, "one pass: %s\nshards at %llu: %s\n", one->str,
		    (unsigned long long)cut, two->str);
		abort();
	}
	g_string_free(one, TRUE);
	g_string_free(two, TRUE);
}

static enum qi_err
run(const char *stays, const char *events, const char *items, int skip,
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
	cfg.items = items;
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
	const uint8_t *e, *i;
	size_t ns, ne, ni;
	char *sp, *ep = NULL, *ip = NULL;

	if (defs == NULL)
		fuzz_load(FUZZ_INDICATORS, &defs, FUZZ_EXAMPLE, &reg);
	if (fuzz_split(data, size, &ns, &e, &ne) == 0) {
		if (fuzz_split(e, ne, &ne, &i, &ni) == 0)
			ip = fuzz_file("items.csv", i, ni);
		ep = fuzz_file("events.csv", e, ne);
	}
	sp = fuzz_file("stays.csv", data, ns);
	if (run(sp, ep, ip, 0, defs, reg) == QI_EINPUT)
		run(sp, ep, ip, 1, defs, reg);
	else if (ns > 1)
		shards(sp, ep, ip, ns / 2, defs, reg);
	g_free(sp);
	g_free(ep);
	g_free(ip);
	return 0;
}
