/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * synth_stays.c -- the synthetic patient-level sample (synth_stays.h).
 *
 * Model.  Each hospital h discharges, on each day d of FY2023-FY2024,
 * Poisson(beds(h) * scale / 365 * winter(d)) patients.  Each stay falls
 * in one clinical group (stroke, gastric cancer surgery, PCI, heart
 * failure, ...; synth_groups[]) chosen by fixed shares that over-represent
 * the groups of the shipped indicators, so that every indicator has
 * cases at almost every hospital.  The group fixes diagnoses (real ICD-10
 * codes), age, sex, emergency and ambulance shares, length of stay, and
 * the events: procedures, tests and fees by their 解釈番号 (K655-2
 * written K6552), drugs by a 12-character 薬価基準収載医薬品コード (YJ;
 * the first seven characters real, the rest synthetic).
 *
 * Hospital differences are real: each hospital draws once, for each care
 * process p (early rehabilitation, antiplatelet, two blood-culture sets,
 * ...; synth_procs[]), a logit offset u(h,p) ~ N(0, sd_p) plus a shift
 * for JOHAS hospitals, and every stay of h gets the process with
 * probability expit(logit(base_p) + u(h,p) + trend_p * (year - 0.5)).
 * Outcomes (deaths, readmissions, falls) work the same way with the
 * patient's own risk added.
 *
 * Every value is one the DPC files can carry, so that the sample written
 * as FF1/EFn/FF4 (synth_dpc.c) reads back to the same stays.csv and
 * events.csv: the items of the 2024-06 様式1 table (falls, falls_3b,
 * restraint_days, pressure_ulcer) are empty for discharges before
 * 2024-06-01; onset days are 3, 7 or 8 (M010010's categories 1-3) or
 * missing (4); Killip is recorded for acute myocardial infarction (and
 * heart failure, SS_HF_KILLIP); two blood-culture sets the same day are
 * two events, or at some hospitals one event of quantity 2 (行為回数 2);
 * the basic ward fee is one event per calendar month of the stay; stay
 * ids are <データ識別番号>-<入院年月日>, with -1 for the second of two
 * admissions of a patient on one day (回数管理番号 1; the EF rows of such
 * a pair cannot be joined, so events.csv leaves them out).  Events may
 * fall before admission (negative days: outpatient biopsy) or after
 * discharge (outpatient chemotherapy linked to the operation stay), as
 * EF files linked by patient do.
 *
 * Determinism: one xoshiro256** generator seeded through splitmix64 from
 * the seed; draws happen in a fixed order (hospital effects in registry
 * order, then stays hospital by hospital in byte order of their ids).
 * Normal draws use the polar method, so results depend only on IEEE
 * arithmetic and libm's log/sqrt/exp, not on the C library's rand().
 * Detail added later (ss_extra(): post-operative pulmonary embolism,
 * broad-spectrum antibiotics, central lines and their infections,
 * prophylaxis continued after surgery) comes from a second generator
 * seeded per hospital and per stay, so the draws above, and every
 * number pinned on them, stay as they were.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "pipeline.h"
#include "synth_stays.h"

#define SS_NDAYS	QI_SYNTH_NDAYS
#define SS_MAXEV	QI_SYNTH_MAXEV
#define SS_MAXCOM	QI_SYNTH_MAXCOM
/* Killip is an AMI item of 様式1 (M050030); the heart-failure stays
   carry it too while hf_mortality's risk model has Killip terms (a
   covariate that never varies fails the fit).  0 once it has none. */
#define SS_HF_KILLIP	1
#define SS_DEF_SCALE	1.0

/* ------------------------------------------------------------ the PRNG */

static uint64_t
ss_splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
qi_synth_rng_seed(struct qi_synth_rng *r, unsigned long seed)
{
	uint64_t x = seed;
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = ss_splitmix(&x);
}

static uint64_t
ss_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
static uint64_t
ss_next(struct qi_synth_rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = ss_rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = ss_rotl(s[3], 45);
	return out;
}

/* Uniform on [0, 1). */
static double
ss_unif(struct qi_synth_rng *r)
{
	return (double)(ss_next(r) >> 11) * 0x1.0p-53;
}

double
qi_synth_rng_unif(struct qi_synth_rng *r)
{
	return ss_unif(r);
}

int
qi_synth_rng_int(struct qi_synth_rng *r, int lo, int hi)
{
	return lo + (int)(ss_unif(r) * (double)(hi - lo + 1));
}

static int
ss_bern(struct qi_synth_rng *r, double p)
{
	return ss_unif(r) < p;
}

/* Uniform integer in [lo, hi]. */
static int
ss_int(struct qi_synth_rng *r, int lo, int hi)
{
	return lo + (int)(ss_unif(r) * (double)(hi - lo + 1));
}

/* Standard normal, Marsaglia's polar method (one value per call). */
static double
ss_norm(struct qi_synth_rng *r)
{
	double u, v, s;

	do {
		u = 2.0 * ss_unif(r) - 1.0;
		v = 2.0 * ss_unif(r) - 1.0;
		s = u * u + v * v;
	} while (s >= 1.0 || s == 0.0);
	return u * sqrt(-2.0 * log(s) / s);
}

/* Poisson: Knuth's product method below 30, a rounded normal above. */
static long
ss_pois(struct qi_synth_rng *r, double mean)
{
	double l, p;
	long k;

	if (mean <= 0.0)
		return 0;
	if (mean >= 30.0) {
		k = lround(mean + sqrt(mean) * ss_norm(r));
		return k < 0 ? 0 : k;
	}
	l = exp(-mean);
	p = ss_unif(r);
	for (k = 0; p > l; k++)
		p *= ss_unif(r);
	return k;
}

static double
ss_expit(double x)
{
	return 1.0 / (1.0 + exp(-x));
}

static double
ss_logit(double p)
{
	return log(p / (1.0 - p));
}

/* Pick one of n strings, equally likely. */
#define SS_PICK(r, a)	((a)[ss_int((r), 0, (int)G_N_ELEMENTS(a) - 1)])

/* ------------------------------------------------------ hospital effects */

enum ss_proc {
	P_REHAB,	/* cerebrovascular rehab by day 3 */
	P_ANTIPLT,	/* antiplatelet by day 1 */
	P_IMAGING,	/* CT/MRI by day 1 */
	P_PATH,		/* pre-operative histology */
	P_CYTO,		/* peritoneal cytology at gastrectomy */
	P_CHEMO56,	/* adjuvant chemo within 56 days */
	P_BCS,		/* breast conservation, stage I */
	P_DAPT,		/* both antiplatelets by PCI day */
	P_CREHAB,	/* cardiac rehab after surgery */
	P_HAEMO,	/* endoscopic haemostasis */
	P_BC2,		/* second blood-culture set */
	P_DELIR,	/* delirium care fee */
	P_VTE,		/* VTE prophylaxis */
	P_ABX,		/* antibiotic on the day of surgery */
	P_PCI_DEATH,	/* death after emergency PCI */
	P_HF_DEATH,	/* heart-failure death, baseline */
	P_READMIT,	/* unplanned readmission within 42 days */
	P_FALLS,	/* falls, log-rate offset */
	P_RESTRAINT,	/* restraint */
	P_ULCER,	/* new pressure ulcer */
	P__N
};

struct ss_proc_param {
	double	 base;		/* typical hospital, probability */
	double	 sd;		/* between hospitals, logit */
	double	 johas;		/* JOHAS shift, logit */
	double	 trend;		/* per fiscal year, logit */
};

/*
 * Orders of magnitude from published Japanese tables (DOMAIN.md), not
 * any hospital's figures.  Indexed by enum ss_proc.
 */
static const struct ss_proc_param synth_procs[P__N] = {
	{ 0.80, 0.60,  0.25, 0.15 },	/* P_REHAB: JOHAS (rehab-strong) better */
	{ 0.80, 0.50, -0.10, 0.10 },	/* P_ANTIPLT */
	{ 0.95, 0.60,  0.00, 0.05 },	/* P_IMAGING */
	{ 0.90, 0.70,  0.00, 0.05 },	/* P_PATH */
	{ 0.75, 0.80, -0.30, 0.10 },	/* P_CYTO */
	{ 0.70, 0.60, -0.20, 0.10 },	/* P_CHEMO56 */
	{ 0.65, 0.50,  0.00, 0.00 },	/* P_BCS */
	{ 0.85, 0.60,  0.10, 0.10 },	/* P_DAPT */
	{ 0.70, 0.90,  0.40, 0.15 },	/* P_CREHAB */
	{ 0.60, 0.50,  0.00, 0.05 },	/* P_HAEMO */
	{ 0.80, 0.80, -0.35, 0.25 },	/* P_BC2: JOHAS behind, catching up */
	{ 0.45, 0.90, -0.50, 0.40 },	/* P_DELIR: new fee, spreading */
	{ 0.88, 0.60,  0.30, 0.10 },	/* P_VTE: orthopaedics-heavy JOHAS better */
	{ 0.85, 0.60, -0.10, 0.10 },	/* P_ABX */
	{ 0.04, 0.35, -0.10, -0.05 },	/* P_PCI_DEATH */
	{ 0.06, 0.30,  0.00, -0.05 },	/* P_HF_DEATH */
	{ 0.045, 0.30, 0.10, -0.05 },	/* P_READMIT */
	{ 0.0025, 0.35, 0.00, 0.00 },	/* P_FALLS: per patient-day */
	{ 0.05, 0.70, -0.20, -0.20 },	/* P_RESTRAINT: per patient-day */
	{ 0.012, 0.45, 0.00, -0.05 },	/* P_ULCER */
};

/*
 * Processes of the detail added after the sample's first indicators
 * (ss_extra()): their hospital offsets come from a generator of their
 * own (ss_xseed()), so the draws above are those they always were.
 */
enum ss_xproc {
	X_PE,		/* pulmonary embolism after an operation */
	X_BC_FIRST,	/* blood culture before a broad-spectrum antibiotic */
	X_BROAD,	/* broad-spectrum antibiotic without any culture */
	X_CLABSI,	/* catheter infection, per catheter-day */
	X_ABX_LONG,	/* prophylaxis continued past the day after surgery */
	X__N
};

static const struct ss_proc_param synth_xprocs[X__N] = {
	{ 0.0015, 0.45,  0.00, -0.10 },	/* X_PE */
	{ 0.75, 0.70, -0.25,  0.20 },	/* X_BC_FIRST: JOHAS behind, as P_BC2 */
	{ 0.15, 0.60,  0.10, -0.10 },	/* X_BROAD */
	{ 0.0015, 0.50, 0.00, -0.10 },	/* X_CLABSI: per catheter-day */
	{ 0.25, 0.80, 0.20, -0.30 },	/* X_ABX_LONG: JOHAS longer, falling */
};

struct ss_hosp {
	const char	*id;
	int		 johas;
	double		 rate;		/* discharges per day */
	double		 u[P__N];	/* logit offsets, incl. JOHAS shift */
	double		 x[X__N];	/* the same for ss_extra()'s processes */
	int		 cardiac;	/* offers cardiac surgery */
	double		 planned;	/* share of planned readmissions */
	double		 noins;		/* share not on public insurance */
	double		 bc_onerow;	/* share of two-set blood cultures
					   recorded as one row, 行為回数 2 */
	size_t		 ridx;		/* position in the registry */
};

/* ---------------------------------------------------------------- stays */

/* Generation state of one run. */
struct ss_gen {
	struct qi_synth_rng	 rng;
	const struct ss_hosp	*h;
	double			 year;	/* 0..2, fractional, of discharge */
	unsigned long		 seed;	/* the run's seed */
	struct qi_synth_rng	 xr;	/* ss_extra()'s generator */
	struct qi_synth_stay	 s;
};

/* The probability of a process of parameters pp at hospital offset u. */
static double
ss_prob(const struct ss_gen *g, const struct ss_proc_param *pp, double u,
    double extra)
{
	return ss_expit(ss_logit(pp->base) + u + extra +
	    pp->trend * (g->year - 1.0));
}

static double
ss_p(struct ss_gen *g, enum ss_proc p, double extra)
{
	return ss_prob(g, &synth_procs[p], g->h->u[p], extra);
}

static int
ss_has(struct ss_gen *g, enum ss_proc p)
{
	return ss_bern(&g->rng, ss_p(g, p, 0.0));
}

static void
ss_ev(struct ss_gen *g, int day, const char *kind, const char *code,
    double qty)
{
	struct qi_synth_ev *e;

	if (g->s.nev >= SS_MAXEV)
		return;
	e = &g->s.ev[g->s.nev++];
	e->day = day;
	e->kind = kind;
	e->code = code;
	e->qty = qty;
}

static void
ss_com(struct ss_gen *g, const char *code)
{
	int i;

	for (i = 0; i < g->s.ncom; i++)
		if (strcmp(g->s.com[i], code) == 0)
			return;
	if (g->s.ncom < SS_MAXCOM)
		g->s.com[g->s.ncom++] = code;
}

static int
ss_age(struct ss_gen *g, double mean, double sd, int lo, int hi)
{
	int a = (int)lround(mean + sd * ss_norm(&g->rng));

	return a < lo ? lo : a > hi ? hi : a;
}

/* Length of stay in days: lognormal around median m, at least lo. */
static int
ss_los(struct ss_gen *g, double m, double lsd, int lo)
{
	int l = (int)lround(m * exp(lsd * ss_norm(&g->rng)));

	return l < lo ? lo : l > 180 ? 180 : l;
}

/* Comorbidities common to all groups, by age. */
static void
ss_comorbid(struct ss_gen *g)
{
	struct qi_synth_stay *s = &g->s;
	double old = s->age >= 75 ? 1.5 : s->age >= 65 ? 1.0 : 0.5;

	if (ss_bern(&g->rng, 0.12 * old))
		ss_com(g, "I10");
	if (ss_bern(&g->rng, 0.10 * old))
		ss_com(g, "E119");
	if (ss_bern(&g->rng, 0.05 * old))
		ss_com(g, "N183");
	if (ss_bern(&g->rng, 0.04 * old))
		ss_com(g, "J449");
	if (ss_bern(&g->rng, 0.05 * old))
		ss_com(g, "E785");
	s->dementia = ss_bern(&g->rng, s->age >= 85 ? 0.25 :
	    s->age >= 75 ? 0.10 : 0.01);
	if (s->dementia)
		ss_com(g, "F03");
	if (ss_bern(&g->rng, s->age >= 80 ? 0.03 : 0.005))
		ss_com(g, "L893");
}

/* A blood culture episode on day d: one set, or two when the hospital
   takes two, as two rows or (as some hospitals' systems record it) one
   row of quantity 2. */
static void
ss_blood_cultures(struct ss_gen *g, int d)
{
	if (!ss_has(g, P_BC2))
		ss_ev(g, d, "test", "D0183", 1);
	else if (ss_bern(&g->rng, g->h->bc_onerow))
		ss_ev(g, d, "test", "D0183", 2);
	else {
		ss_ev(g, d, "test", "D0183", 1);
		ss_ev(g, d, "test", "D0183", 1);
	}
}

/*
 * An operation under general anaesthesia on day op: the anaesthesia
 * fee, the procedure, prophylactic antibiotic, VTE prophylaxis when the
 * procedure carries a moderate or higher risk.
 */
static void
ss_operation(struct ss_gen *g, int op, const char *k, int vte_risk)
{
	ss_ev(g, op, "procedure", "L0081", 1);
	ss_ev(g, op, "procedure", k, 1);
	if (ss_has(g, P_ABX))
		ss_ev(g, op, "drug", ss_bern(&g->rng, 0.8) ? "6132400A1024" :
		    "6139504A1026", 1);
	ss_ev(g, op + 1, "drug", "6132400A1024", 2);
	if (ss_bern(&g->rng, 0.03))
		ss_ev(g, op - 1, "drug", "6132408A1029", 2);	/* pre-op infection */
	if (vte_risk && g->s.age >= 40 && ss_has(g, P_VTE)) {
		if (ss_bern(&g->rng, 0.7))
			ss_ev(g, op, "fee", "B0016", 1);
		else
			ss_ev(g, op + 1, "drug", "3334402A1020", 1);
	}
}

static const char *const ss_infarct[] = {
	"I633", "I635", "I638", "I639", "I634", "I630"
};
static const char *const ss_haem[] = { "I609", "I610", "I611", "I619" };

static void
grp_stroke(struct ss_gen *g, int infarct)
{
	struct qi_synth_stay *s = &g->s;
	double u;
	int d;

	s->age = ss_age(g, 76, 11, 30, 102);
	s->emerg = ss_bern(&g->rng, 0.96);
	s->amb = s->emerg && ss_bern(&g->rng, 0.65);
	s->dx_main = infarct ? SS_PICK(&g->rng, ss_infarct) :
	    SS_PICK(&g->rng, ss_haem);
	s->dis = ss_los(g, 18, 0.6, 1);
	/* 様式1 M010010 records the onset as a category, read back as
	   days: 1 (within 3 days) 3, 2 (4-7 days) 7, 3 (8 or more) 8,
	   4 (asymptomatic) missing. */
	u = ss_unif(&g->rng);
	s->onset_cat = u < 0.92 ? 1 : u < 0.97 ? 2 : u < 0.995 ? 3 : 4;
	s->onset = s->onset_cat == 1 ? 3 : s->onset_cat == 2 ? 7 :
	    s->onset_cat == 3 ? 8 : -1;
	s->jcs = ss_bern(&g->rng, 0.6) ? 0 : ss_bern(&g->rng, 0.7) ?
	    ss_int(&g->rng, 1, 3) * 1 : ss_bern(&g->rng, 0.7) ? 10 : 100;
	s->died = ss_bern(&g->rng, infarct ? 0.05 : 0.12);
	if (s->died && ss_bern(&g->rng, 0.3))
		s->dis = ss_int(&g->rng, 0, 3);
	if (ss_bern(&g->rng, 0.25))
		ss_com(g, "I489");
	if (ss_has(g, P_IMAGING))
		ss_ev(g, ss_int(&g->rng, 0, 1), "imaging",
		    ss_bern(&g->rng, 0.6) ? "E200" : "E202", 1);
	else
		ss_ev(g, ss_int(&g->rng, 2, 4), "imaging", "E202", 1);
	if (!infarct)
		return;
	if (ss_has(g, P_ANTIPLT)) {
		ss_ev(g, 0, "drug", ss_bern(&g->rng, 0.5) ? "3999411A1025" :
		    "3399007H1021", 2);
		ss_ev(g, 1, "drug", "3399008F1022", 1);
	} else if (ss_bern(&g->rng, 0.5))
		ss_ev(g, ss_int(&g->rng, 2, 5), "drug", "3399002F1023", 2);
	if (ss_has(g, P_REHAB))
		d = ss_int(&g->rng, 0, 3);
	else
		d = ss_int(&g->rng, 4, 10);
	for (; d <= s->dis && d < 16; d += 3)
		ss_ev(g, d, "rehab", "H001", 3);
}

static void
grp_gastric(struct ss_gen *g)
{
	struct qi_synth_stay *s = &g->s;
	static const char *const dx[] = { "C160", "C162", "C163", "C165",
	    "C169" };
	int op;

	s->age = ss_age(g, 72, 10, 35, 95);
	s->sex = ss_bern(&g->rng, 0.68) ? 1 : 2;
	s->emerg = ss_bern(&g->rng, 0.05);
	s->dx_main = SS_PICK(&g->rng, dx);
	s->stage = ss_int(&g->rng, 0, 9) < 1 ? 0 : ss_int(&g->rng, 1, 4);
	if (s->stage == 4 && ss_bern(&g->rng, 0.5))
		s->stage = 2;
	op = ss_int(&g->rng, 1, 2);
	s->dis = op + ss_los(g, 13, 0.4, 6);
	s->died = ss_bern(&g->rng, 0.01);
	if (ss_has(g, P_PATH))
		ss_ev(g, -ss_int(&g->rng, 10, 40), "test", "D414", 1),
		ss_ev(g, -ss_int(&g->rng, 8, 9), "test", "N0001", 1);
	ss_operation(g, op, SS_PICK(&g->rng, ((const char *const[]){
	    "K6552", "K655", "K6572", "K657", "K6554" })), 1);
	if (ss_has(g, P_CYTO))
		ss_ev(g, op, "test", "N0042", 1);
	ss_ev(g, op, "test", "N0001", 1);	/* the specimen */
}

static void
grp_colorectal(struct ss_gen *g)
{
	struct qi_synth_stay *s = &g->s;
	static const char *const dx[] = { "C180", "C182", "C187", "C19",
	    "C20" };
	int op, c, k;

	s->age = ss_age(g, 70, 11, 30, 96);
	s->sex = ss_bern(&g->rng, 0.56) ? 1 : 2;
	s->emerg = ss_bern(&g->rng, 0.10);
	s->dx_main = SS_PICK(&g->rng, dx);
	s->stage = ss_bern(&g->rng, 0.45) ? 3 : ss_int(&g->rng, 0, 4);
	op = ss_int(&g->rng, 1, 2);
	s->dis = op + ss_los(g, 12, 0.4, 5);
	s->died = ss_bern(&g->rng, 0.01);
	ss_operation(g, op, strcmp(s->dx_main, "C20") == 0 ? "K7402" :
	    ss_bern(&g->rng, 0.6) ? "K7193" : "K7192", 1);
	if (s->stage == 3 && !s->died && ss_bern(&g->rng,
	    s->age >= 80 ? 0.3 : 0.75)) {
		c = ss_has(g, P_CHEMO56) ? op + ss_int(&g->rng, 28, 56) :
		    op + ss_int(&g->rng, 57, 90);
		for (k = 0; k < 4; k++)
			ss_ev(g, c + 21 * k, "drug", k % 2 ? "4223005F1028" :
			    "4291410A1020", 1);
	}
}

static void
grp_breast(struct ss_gen *g)
{
	struct qi_synth_stay *s = &g->s;
	static const char *const dx[] = { "C504", "C502", "C509", "C508" };
	int op;

	s->age = ss_age(g, 60, 13, 28, 95);
	s->sex = ss_bern(&g->rng, 0.01) ? 1 : 2;
	s->dx_main = SS_PICK(&g->rng, dx);
	s->stage = ss_bern(&g->rng, 0.5) ? 1 : ss_int(&g->rng, 0, 3);
	op = 1;
	s->dis = op + ss_los(g, 6, 0.4, 2);
	ss_operation(g, op, ss_has(g, P_BCS) && s->stage <= 2 ?
	    (ss_bern(&g->rng, 0.8) ? "K4762" : "K4764") :
	    (ss_bern(&g->rng, 0.6) ? "K4763" : "K4765"), 0);
}

static void
grp_pci(struct ss_gen *g, int acs)
{
	struct qi_synth_stay *s = &g->s;
	static const char *const dx_acs[] = { "I210", "I211", "I214",
	    "I219", "I200" };
	static const char *const dx_cad[] = { "I209", "I251", "I259" };
	int pci, oac;
	double u;

	s->age = ss_age(g, 70, 11, 35, 98);
	s->sex = ss_bern(&g->rng, 0.74) ? 1 : 2;
	s->emerg = acs ? ss_bern(&g->rng, 0.95) : ss_bern(&g->rng, 0.05);
	s->amb = acs && s->emerg && ss_bern(&g->rng, 0.70);
	s->dx_main = acs ? SS_PICK(&g->rng, dx_acs) : SS_PICK(&g->rng, dx_cad);
	if (acs && strncmp(s->dx_main, "I21", 3) == 0) {
		s->killip_item = 1;	/* M050030: acute infarction only */
		u = ss_unif(&g->rng);
		s->killip = u < 0.75 ? 1 : u < 0.88 ? 2 : u < 0.95 ? 3 : 4;
		if (ss_bern(&g->rng, 0.03))
			s->killip = 0;
	}
	pci = acs ? 0 : 1;
	s->dis = pci + ss_los(g, acs ? 12 : 3, 0.5, 1);
	s->died = acs && ss_bern(&g->rng, ss_p(g, P_PCI_DEATH,
	    s->killip >= 3 ? 2.2 : s->killip == 2 ? 0.8 : 0.0) +
	    (s->age >= 80 ? 0.02 : 0.0));
	if (s->died && ss_bern(&g->rng, 0.2))
		s->dis = pci, s->died = 2;	/* within 24 hours */
	oac = ss_bern(&g->rng, 0.08);
	if (oac)
		ss_ev(g, 0, "drug", "3339002F1021", 1);
	if (ss_has(g, P_DAPT)) {
		ss_ev(g, pci, "drug", "3399007H1021", 2);
		ss_ev(g, pci, "drug", ss_bern(&g->rng, 0.7) ? "3399009F1027" :
		    "3399008F1022", acs ? 4 : 1);
	} else {
		ss_ev(g, pci, "drug", "3399007H1021", 1);
		ss_ev(g, pci + 1, "drug", "3399008F1022", 1);
	}
	ss_ev(g, pci, "procedure", ss_bern(&g->rng, 0.85) ? "K5491" :
	    "K5461", 1);
}

static void
grp_cardiac_surgery(struct ss_gen *g)
{
	struct qi_synth_stay *s = &g->s;
	static const char *const dx[] = { "I251", "I350", "I340", "I712",
	    "I710" };
	static const char *const k[] = { "K5522", "K552", "K555", "K554",
	    "K5601" };
	int op, d;

	s->age = ss_age(g, 70, 10, 30, 92);
	s->sex = ss_bern(&g->rng, 0.65) ? 1 : 2;
	s->emerg = ss_bern(&g->rng, 0.15);
	s->amb = s->emerg && ss_bern(&g->rng, 0.5);
	s->dx_main = SS_PICK(&g->rng, dx);
	op = ss_int(&g->rng, 1, 3);
	s->dis = op + ss_los(g, 18, 0.4, 8);
	s->died = ss_bern(&g->rng, 0.03);
	ss_ev(g, op, "procedure", "L0081", 1);
	ss_ev(g, op, "procedure", SS_PICK(&g->rng, k), 1);
	ss_ev(g, op, "drug", "6132400A1024", 1);
	if (ss_has(g, P_CREHAB) && !s->died)
		for (d = op + ss_int(&g->rng, 2, 5); d <= s->dis &&
		    d < op + 15; d += 3)
			ss_ev(g, d, "rehab", "H000", 2);
}

static void
grp_ulcer(struct ss_gen *g)
{
	struct qi_synth_stay *s = &g->s;
	static const char *const dx[] = { "K250", "K254", "K260", "K264",
	    "K256", "K259" };

	s->age = ss_age(g, 70, 14, 20, 100);
	s->sex = ss_bern(&g->rng, 0.68) ? 1 : 2;
	s->emerg = ss_bern(&g->rng, 0.95);
	s->amb = s->emerg && ss_bern(&g->rng, 0.4);
	s->dx_main = SS_PICK(&g->rng, dx);
	s->dis = ss_los(g, 10, 0.4, 1);
	s->died = ss_bern(&g->rng, 0.03);
	if (s->died && ss_bern(&g->rng, 0.2))
		s->dis = 0, s->died = 2;
	ss_ev(g, 0, "test", "D3081", 1);	/* gastroduodenoscopy */
	if (ss_has(g, P_HAEMO))
		ss_ev(g, ss_int(&g->rng, 0, 1), "procedure", "K654", 1);
}

static void
grp_heart_failure(struct ss_gen *g)
{
	struct qi_synth_stay *s = &g->s;
	static const char *const dx[] = { "I500", "I501", "I509", "I110",
	    "I130" };
	double u, x;

	s->age = ss_age(g, 79, 12, 25, 104);
	s->sex = ss_bern(&g->rng, 0.52) ? 1 : 2;
	s->emerg = ss_bern(&g->rng, 0.85);
	s->amb = s->emerg && ss_bern(&g->rng, 0.45);
	s->dx_main = SS_PICK(&g->rng, dx);
	u = ss_unif(&g->rng);
	s->killip = u < 0.45 ? 1 : u < 0.75 ? 2 : u < 0.92 ? 3 : 4;
	s->killip_item = SS_HF_KILLIP;
	s->dis = ss_los(g, 17, 0.5, 1);
	if (ss_bern(&g->rng, 0.35))
		ss_com(g, "I489");
	if (ss_bern(&g->rng, 0.25))
		ss_com(g, "N183");
	if (ss_bern(&g->rng, 0.03))
		ss_com(g, "I214");	/* excluded: AMI */
	x = 0.35 * (s->age >= 65) + 0.35 * (s->age >= 75) +
	    0.5 * (s->age >= 85) + 0.15 * (s->sex == 1) +
	    0.9 * (s->killip == 3) + 1.8 * (s->killip == 4) +
	    0.25 * s->amb - 0.9;
	if (!s->killip_item)
		s->killip = 0;	/* severity, not recorded */
	s->died = ss_bern(&g->rng, ss_p(g, P_HF_DEATH, x));
	if (ss_bern(&g->rng, 0.3))
		ss_blood_cultures(g, 0);
	ss_ev(g, 0, "drug", "2139005F1027", 2);	/* furosemide */
}

static void
grp_aspiration(struct ss_gen *g)
{
	struct qi_synth_stay *s = &g->s;

	s->age = ss_age(g, 85, 7, 50, 105);
	s->sex = ss_bern(&g->rng, 0.58) ? 1 : 2;
	s->emerg = ss_bern(&g->rng, 0.95);
	s->amb = s->emerg && ss_bern(&g->rng, 0.55);
	s->dx_main = "J690";
	s->dis = ss_los(g, 20, 0.5, 1);
	s->died = ss_bern(&g->rng, 0.10);
	ss_blood_cultures(g, 0);
	ss_ev(g, 0, "drug", "6139504A1026", 3);
	if (ss_bern(&g->rng, 0.15))
		ss_blood_cultures(g, ss_int(&g->rng, 2, 6));
	if (ss_bern(&g->rng, 0.30))
		ss_ev(g, ss_int(&g->rng, 2, 5), "rehab", "H0031", 1);
}

static void
grp_ortho(struct ss_gen *g)
{
	struct qi_synth_stay *s = &g->s;
	int op, frac = ss_bern(&g->rng, 0.6), d;

	s->age = frac ? ss_age(g, 84, 8, 50, 104) : ss_age(g, 72, 9, 40, 92);
	s->sex = ss_bern(&g->rng, frac ? 0.22 : 0.2) ? 1 : 2;
	s->emerg = frac && ss_bern(&g->rng, 0.9);
	s->amb = s->emerg && ss_bern(&g->rng, 0.7);
	s->dx_main = frac ? (ss_bern(&g->rng, 0.5) ? "S7200" : "S7210") :
	    (ss_bern(&g->rng, 0.6) ? "M170" : "M160");
	op = frac ? ss_int(&g->rng, 1, 3) : 1;
	s->dis = op + ss_los(g, frac ? 20 : 16, 0.4, 5);
	s->died = ss_bern(&g->rng, frac ? 0.015 : 0.002);
	ss_operation(g, op, frac ? (ss_bern(&g->rng, 0.5) ? "K0461" :
	    "K0811") : "K0821", 1);
	for (d = op + 1; d <= s->dis && d < op + 10; d += 3)
		ss_ev(g, d, "rehab", "H0021", 2);
}

static void
grp_other_surgery(struct ss_gen *g)
{
	struct qi_synth_stay *s = &g->s;
	int op, w = ss_int(&g->rng, 0, 4);

	static const struct {
		const char *dx, *k;
		int vte, female, age;
	} ops[5] = {
		{ "C341", "K5143", 1, 0, 70 },
		{ "D259", "K877", 1, 1, 48 },
		{ "O821", "K8982", 0, 1, 33 },
		{ "K802", "K6721", 0, 0, 60 },
		{ "C61", "K843", 1, -1, 69 },
	};

	s->age = ss_age(g, ops[w].age, 8, ops[w].female == 1 ? 18 : 20,
	    ops[w].female == 1 && w == 2 ? 45 : 95);
	s->sex = ops[w].female == 1 ? 2 : ops[w].female == -1 ? 1 :
	    (ss_bern(&g->rng, 0.55) ? 1 : 2);
	s->emerg = w == 2 ? ss_bern(&g->rng, 0.5) : ss_bern(&g->rng, 0.05);
	s->dx_main = ops[w].dx;
	op = w == 2 ? 0 : 1;
	s->dis = op + ss_los(g, 7, 0.4, 2);
	if (strncmp(ops[w].dx, "C", 1) == 0)
		s->stage = ss_int(&g->rng, 1, 3);
	ss_operation(g, op, ops[w].k, ops[w].vte);
}

static void
grp_medicine(struct ss_gen *g)
{
	struct qi_synth_stay *s = &g->s;
	static const char *const dx[] = { "J189", "N390", "A419", "E119",
	    "K566", "K810", "J441", "R55", "S0650", "K922", "I480", "C349",
	    "K703", "E86" };

	s->age = ss_age(g, 72, 16, 15, 104);
	s->emerg = ss_bern(&g->rng, 0.7);
	s->amb = s->emerg && ss_bern(&g->rng, 0.4);
	s->dx_main = SS_PICK(&g->rng, dx);
	s->dis = ss_los(g, 11, 0.7, 0);
	s->died = ss_bern(&g->rng, 0.04);
	if (strcmp(s->dx_main, "A419") == 0 || strcmp(s->dx_main, "J189") == 0 ||
	    strcmp(s->dx_main, "N390") == 0 || ss_bern(&g->rng, 0.08))
		ss_blood_cultures(g, ss_int(&g->rng, 0, 1));
	if (strcmp(s->dx_main, "C349") == 0)
		s->stage = 4;
}

/* The day index of the last day of the calendar month of day index d. */
static int
ss_month_end(int d)
{
	int y, m, dd;

	qi_synth_ymd(d, &y, &m, &dd);
	/* the day before the first of the next month */
	return d + (int)(qi_civil_days(m == 12 ? y + 1 : y, m % 12 + 1, 1) -
	    qi_civil_days(y, m, 1)) - dd;
}

/* The basic ward fee A100-1: one event a calendar month of the stay. */
static void
ss_ward_fee(struct ss_gen *g)
{
	struct qi_synth_stay *s = &g->s;
	int from, to;

	for (from = s->adm; from <= s->dis; from = to + 1) {
		to = ss_month_end(from);
		if (to > s->dis)
			to = s->dis;
		ss_ev(g, from - s->adm, "fee", "A1001", to - from + 1);
	}
}

/* Clinical groups and their shares of all stays (sum 1). */
enum ss_group {
	G_INFARCT, G_HAEM, G_GASTRIC, G_COLORECTAL, G_BREAST, G_ACS, G_CAD,
	G_CARDIAC, G_ULCER, G_HF, G_ASPIRATION, G_ORTHO, G_SURGERY,
	G_MEDICINE, G__N
};

static const double synth_groups[G__N] = {
	0.075, 0.025, 0.045, 0.05, 0.04, 0.045, 0.03,
	0.03, 0.035, 0.075, 0.06, 0.07, 0.06,
	0.36
};

/* Draws one stay of hospital g->h discharged on day dis. */
static void
ss_stay_draw(struct ss_gen *g, int dis)
{
	struct qi_synth_stay *s = &g->s;
	double u = ss_unif(&g->rng), c = 0.0;
	enum ss_group k;
	int los, gap, early;

	memset(s, 0, sizeof(*s));
	s->sex = ss_bern(&g->rng, 0.53) ? 1 : 2;
	s->onset = s->jcs = s->stage = -1;
	for (k = 0; k < G__N - 1; k++)
		if (u < (c += synth_groups[k]))
			break;
	if (k == G_CARDIAC && !g->h->cardiac)
		k = G_CAD;
	switch (k) {
	case G_INFARCT:	grp_stroke(g, 1); break;
	case G_HAEM:	grp_stroke(g, 0); break;
	case G_GASTRIC:	grp_gastric(g); break;
	case G_COLORECTAL: grp_colorectal(g); break;
	case G_BREAST:	grp_breast(g); break;
	case G_ACS:	grp_pci(g, 1); break;
	case G_CAD:	grp_pci(g, 0); break;
	case G_CARDIAC:	grp_cardiac_surgery(g); break;
	case G_ULCER:	grp_ulcer(g); break;
	case G_HF:	grp_heart_failure(g); break;
	case G_ASPIRATION: grp_aspiration(g); break;
	case G_ORTHO:	grp_ortho(g); break;
	case G_SURGERY:	grp_other_surgery(g); break;
	default:	grp_medicine(g); break;
	}
	ss_comorbid(g);
	/* s->dis holds the length of stay until here. */
	los = s->dis;
	s->dis = dis;
	s->adm = dis - los;
	s->dx_trigger = s->dx_main;
	s->dx_resource = s->dx_main;
	if (s->jcs < 0 && ss_bern(&g->rng, 0.9))
		s->jcs = ss_bern(&g->rng, 0.85) ? 0 : 1;
	s->insured = !ss_bern(&g->rng, g->h->noins);

	/* Previous discharge: early unplanned, early planned, or later. */
	early = ss_bern(&g->rng, ss_p(g, P_READMIT, s->age >= 80 ? 0.3 : 0.0));
	if (early && !s->emerg)
		s->emerg = 1;
	if (!early && !s->emerg && ss_bern(&g->rng, g->h->planned))
		early = 1;
	if (early) {
		gap = ss_int(&g->rng, 1, 42);
	} else if (ss_bern(&g->rng, 0.12)) {
		gap = ss_int(&g->rng, 43, 365);
	} else
		gap = -1;
	if (gap > 0) {
		s->has_prev = 1;
		s->prev = s->adm - gap;
	}

	s->died = s->died != 0;	/* 2: within 24 hours, los 0 */

	/* Delirium care for the high-risk. */
	if ((s->age >= 70 || s->dementia) && los >= 2 &&
	    ss_has(g, P_DELIR))
		ss_ev(g, 0, "fee", "A2472", 1);
	/* The basic ward fee, for every stay: one row per calendar month
	   of the stay, its quantity the days of the stay in that month. */
	ss_ward_fee(g);
	if (ss_bern(&g->rng, 0.05))
		s->compl = ss_bern(&g->rng, 0.5) ? "J690" : "N390";
	/* The patient's own medicines (持参薬): EF rows without points,
	   which are not events. */
	s->own_drug = ss_bern(&g->rng, s->age >= 65 ? 0.12 : 0.04);
}

/* ------------------------------------------------------ the second stream */

/*
 * The seed of a second generator for hospital ridx (pid 0) or for the
 * stay pid of that hospital: splitmix64 in qi_synth_rng_seed() spreads
 * neighbouring values apart.
 */
static unsigned long
ss_xseed(unsigned long seed, size_t ridx, unsigned long pid)
{
	return (unsigned long)((uint64_t)seed * 0x9e3779b97f4a7c15ULL ^
	    (uint64_t)ridx << 40 ^ (uint64_t)pid ^ 0x5851f42d4c957f2dULL);
}

static double
ss_xp(struct ss_gen *g, enum ss_xproc p, double extra)
{
	return ss_prob(g, &synth_xprocs[p], g->h->x[p], extra);
}

static int
ss_dx_is(const char *dx, const char *const *set)
{
	for (; *set != NULL; set++)
		if (strncmp(dx, *set, strlen(*set)) == 0)
			return 1;
	return 0;
}

static void
ss_xcompl(struct qi_synth_stay *s, const char *code)
{
	if (s->nxcompl < (int)G_N_ELEMENTS(s->xcompl))
		s->xcompl[s->nxcompl++] = code;
}

/*
 * Detail added to a drawn stay after the sample's first indicators:
 * pulmonary embolism after an operation (a complication, A006050),
 * broad-spectrum antibiotics (meropenem) for infections, with or
 * without a blood culture first, and central venous lines (insertion
 * G005-2, the daily infusion fee G005) with their infections (T80.2,
 * T82.7), and prophylaxis continued from the second day after an
 * operation.  Drawn from the stay's own generator, seeded by hospital
 * and データ識別番号, so every value drawn before is unchanged: the stay
 * only gains events and complications, which no earlier definition
 * reads (the prophylaxis days lie after the days
 * abx_prophylaxis_day_of_surgery looks at).
 * Called before ss_finish() sorts the events; s->dis - s->adm is the
 * length of stay.
 */
static void
ss_extra(struct ss_gen *g)
{
	static const char *const cardiac[] = { "I251", "I350", "I340", "I71",
	    NULL };
	static const char *const gi_cancer[] = { "C16", "C18", "C19", "C20",
	    NULL };
	static const char *const ortho[] = { "S72", "M16", "M17", NULL };
	struct qi_synth_stay *s = &g->s;
	struct qi_synth_rng *r = &g->xr;
	int los = s->dis - s->adm, n0 = s->nev, op = -1, bc = -1, i, d, from,
	    to;
	double pb = 0.0, pc = 0.0;
	const char *dx = s->dx_main;

	qi_synth_rng_seed(r, ss_xseed(g->seed, g->h->ridx, s->pid));
	for (i = 0; i < n0; i++) {
		d = s->ev[i].day;
		if (strcmp(s->ev[i].code, "L0081") == 0 && (op < 0 || d < op))
			op = d;
		if (strcmp(s->ev[i].code, "D0183") == 0 && d >= 0 &&
		    (bc < 0 || d < bc))
			bc = d;
	}
	/* Pulmonary embolism after an operation under general anaesthesia:
	   more after hip and knee surgery, in cancer and at 75 or over. */
	if (op >= 0 && ss_bern(r, ss_xp(g, X_PE, 0.6 * (s->age >= 75) +
	    0.9 * ss_dx_is(dx, ortho) + 0.5 * (dx[0] == 'C'))))
		ss_xcompl(s, ss_bern(r, 0.7) ? "I269" : "I260");

	/* Broad-spectrum antibiotic: started on the day of a blood culture
	   or the next (at most hospitals), or days after the admission
	   day's culture; where no culture was taken, rarely and more at
	   some hospitals. */
	if (strcmp(dx, "A419") == 0)
		pb = 0.55;
	else if (strcmp(dx, "K810") == 0)
		pb = 0.35;
	else if (strcmp(dx, "J189") == 0)
		pb = 0.30;
	else if (strcmp(dx, "N390") == 0)
		pb = 0.20;
	else if (strcmp(dx, "K566") == 0 || strcmp(dx, "J441") == 0)
		pb = 0.10;
	if (s->age >= 18 && ss_bern(r, pb)) {
		d = -1;
		if (bc >= 0)
			d = ss_bern(r, ss_xp(g, X_BC_FIRST, 0.0)) ? bc +
			    ss_int(r, 0, 1) : bc + ss_int(r, 3, 5);
		else if (ss_bern(r, ss_xp(g, X_BROAD, 0.0)))
			d = ss_int(r, 0, 2);
		for (to = d + ss_int(r, 2, 5); d >= 0 && d <= los && d <= to;
		    d++)
			ss_ev(g, d, "drug", "6139400D1020", 3);
	}

	/* Central venous lines: sepsis, ileus, major abdominal and cardiac
	   surgery; a few others. */
	if (strcmp(dx, "A419") == 0)
		pc = 0.25;
	else if (strcmp(dx, "K566") == 0)
		pc = 0.20;
	else if (op >= 0 && ss_dx_is(dx, gi_cancer))
		pc = 0.15;
	else if (op >= 0 && ss_dx_is(dx, cardiac))
		pc = 0.60;
	else if (strcmp(dx, "J690") == 0 || strcmp(dx, "J189") == 0)
		pc = 0.03;
	if (los >= 2 && ss_bern(r, pc)) {
		from = op >= 0 ? op : ss_int(r, 0, 1);
		to = from + ss_int(r, 2, 9);
		if (to > los)
			to = los;
		if (to - from + 2 > SS_MAXEV - s->nev)
			to = from + (SS_MAXEV - s->nev) - 2;
		if (from <= to) {
			ss_ev(g, from, "other", "G0052", 1);
			for (d = from; d <= to; d++)
				ss_ev(g, d, "other", "G005", 1);
			if (ss_bern(r, 1.0 - pow(1.0 - ss_xp(g, X_CLABSI, 0.0),
			    (double)(to - from + 1))))
				ss_xcompl(s, ss_bern(r, 0.7) ? "T802" :
				    "T827");
		}
	}

	/* Prophylaxis continued past the day after the operation (the
	   operation's course is the day of surgery and the next): one to
	   four more days, at some hospitals far more often. */
	if (op >= 0 && ss_bern(r, ss_xp(g, X_ABX_LONG, 0.0)))
		for (d = op + 2, to = op + 1 + ss_int(r, 1, 4); d <= to &&
		    d <= los; d++)
			ss_ev(g, d, "drug", "6132400A1024", 2);
}

/* ---------------------------------------------------------------- dates */

void
qi_synth_ymd(int day, int *y, int *m, int *d)
{
	/* day 0 is 2023-04-01 */
	qi_civil_from_days(qi_civil_days(2023, 4, 1) + day, y, m, d);
}

void
qi_synth_date(int day, char sep, char *buf, size_t sz)
{
	int y, m, d;

	qi_synth_ymd(day, &y, &m, &d);
	if (sep != 0)
		snprintf(buf, sz, "%04d%c%02d%c%02d", y, sep, m, sep, d);
	else
		snprintf(buf, sz, "%04d%02d%02d", y, m, d);
}

void
qi_synth_stay_id(const struct qi_synth_stay *s, char *buf, size_t sz)
{
	char adm[16];

	qi_synth_date(s->adm, 0, adm, sizeof(adm));
	if (s->kaisu != 0)
		snprintf(buf, sz, "%010lu-%s-%d", s->pid, adm, s->kaisu);
	else
		snprintf(buf, sz, "%010lu-%s", s->pid, adm);
}

static int
ss_ev_cmp(const void *a, const void *b)
{
	const struct qi_synth_ev *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x < y ? -1 : x > y;
}

/*
 * The draws that follow a stay's own (outcome, the 2024-06 items), in
 * the order the generator has always made them; then the events sorted
 * by day.
 */
static void
ss_finish(struct ss_gen *g)
{
	struct qi_synth_stay *s = &g->s;
	int i, los = s->dis - s->adm;
	double r;

	s->v2024 = s->dis >= QI_SYNTH_V2024;
	if (s->died)
		s->outcome = ss_bern(&g->rng, 0.8) ? 6 : 7;
	else {
		r = ss_unif(&g->rng);
		s->outcome = r < 0.80 ? 1 : r < 0.83 ? 3 : r < 0.95 ? 4 :
		    r < 0.98 ? 5 : 9;
	}
	s->death24 = s->died && los == 0;
	s->falls = s->falls_3b = s->restraint = s->pu = 0;
	if (s->v2024) {
		r = s->age >= 80 || s->dementia ? 1.8 : s->age >= 65 ? 1.0 :
		    0.4;
		s->falls = (int)ss_pois(&g->rng, los * r *
		    ss_p(g, P_FALLS, 0.0));
		for (i = 0; i < s->falls; i++)
			s->falls_3b += ss_bern(&g->rng, 0.07);
		if (los > 0 && ss_bern(&g->rng, s->dementia ? 0.35 :
		    s->age >= 80 ? 0.12 : 0.03)) {
			s->restraint = (int)lround(los * ss_p(g, P_RESTRAINT,
			    2.0) * (0.5 + ss_unif(&g->rng)));
			s->restraint = s->restraint < 1 ? 1 :
			    s->restraint > los ? los : s->restraint;
		}
		s->pu = los >= 2 && ss_bern(&g->rng, ss_p(g, P_ULCER,
		    s->age >= 80 ? 0.5 : 0.0) + 0.0015 * (los > 14));
	}
	qsort(s->ev, (size_t)s->nev, sizeof(s->ev[0]), ss_ev_cmp);
}

/*
 * The first of two admissions of one patient on the same day (回数管理番号
 * 0 and 1): a short stay of the patient of s, admitted and discharged on
 * s's admission day, written into *t.  The patient is readmitted the
 * same day, so s's previous discharge is that day.
 */
static void
ss_same_day_first(struct ss_gen *g, struct qi_synth_stay *t)
{
	struct qi_synth_stay *s = &g->s;

	memset(t, 0, sizeof(*t));
	t->hosp = s->hosp;
	t->hidx = s->hidx;
	t->pid = s->pid;
	t->adm = t->dis = s->adm;
	t->age = s->age;
	t->sex = s->sex;
	t->dx_main = t->dx_trigger = t->dx_resource =
	    ss_bern(&g->rng, 0.5) ? "R55" : "E86";
	t->outcome = ss_bern(&g->rng, 0.5) ? 1 : 4;
	t->onset = t->jcs = t->stage = -1;
	t->jcs = 0;
	t->dementia = s->dementia;
	t->insured = s->insured;
	t->v2024 = t->dis >= QI_SYNTH_V2024;
	t->ev[0] = (struct qi_synth_ev){ 0, "A1001", "fee", 1 };
	t->nev = 1;
	t->setaside = s->setaside = 1;
	s->kaisu = 1;
	s->has_prev = 1;
	s->prev = s->adm;
}

/*
 * The stay a readmission follows, when it lies inside the data: about
 * seven in ten readmissions within 42 days (the rest follow a stay in
 * another hospital or before the data).  The patient of s, discharged on
 * s's previous discharge day, alive; drawn like any stay but from
 * generators of its own, so that the main stream's draws, and every stay
 * drawn from it, are what they were.  Its patient links to s's
 * (specs/definitions.md, "Patients across stays").  Written into *t; 1
 * if there is one.
 */
static int
ss_index_first(struct ss_gen *g, struct qi_synth_stay *t)
{
	struct qi_synth_stay keep = g->s;	/* the readmission */
	struct qi_synth_rng save = g->rng;
	double year = g->year;

	if (!keep.has_prev || keep.prev < 0 || keep.prev >= keep.adm ||
	    keep.adm - keep.prev > 42)
		return 0;
	qi_synth_rng_seed(&g->xr, ss_xseed(g->seed, g->h->ridx, keep.pid) ^
	    0x1d8e4e27c47d124fULL);
	if (!ss_bern(&g->xr, 0.7))
		return 0;
	qi_synth_rng_seed(&g->rng,
	    (unsigned long)(ss_unif(&g->xr) * 4294967296.0));
	g->year = (double)keep.prev / 365.0;
	ss_stay_draw(g, keep.prev);
	g->s.hosp = keep.hosp;
	g->s.hidx = keep.hidx;
	g->s.pid = keep.pid;
	g->s.age = keep.age;
	g->s.sex = keep.sex;
	g->s.dementia = keep.dementia;
	g->s.insured = keep.insured;
	g->s.died = 0;		/* readmitted since */
	ss_extra(g);
	ss_finish(g);
	*t = g->s;
	g->s = keep;
	g->rng = save;
	g->year = year;
	return 1;
}


/* ---------------------------------------------------------------- write */

static const char ss_stays_header[] =
    "hospital,stay,patient,admission,discharge,age,sex,emergency,ambulance,"
    "dx_main,dx_trigger,dx_resource,dx_comorbid,dx_complication,outcome,"
    "death_24h,prev_discharge,onset_days,killip,jcs,cancer_stage,dementia,"
    "insurance,falls,falls_3b,restraint_days,pressure_ulcer\n";

/* The CSV writer: stays.csv and events.csv. */
struct ss_csv {
	FILE			*fs, *fe;
	unsigned long long	 nev;
};

static int
ss_csv_stay(const struct qi_synth_stay *s, void *arg)
{
	struct ss_csv *c = arg;
	char id[40], adm[16], dis[16], prev[16], com[SS_MAXCOM * 8];
	char cpl[4 * 8];
	int i;
	size_t off = 0;

	if (s == NULL)
		return 0;
	qi_synth_stay_id(s, id, sizeof(id));
	qi_synth_date(s->adm, '-', adm, sizeof(adm));
	qi_synth_date(s->dis, '-', dis, sizeof(dis));
	prev[0] = '\0';
	if (s->has_prev)
		qi_synth_date(s->prev, '-', prev, sizeof(prev));
	com[0] = '\0';
	for (i = 0; i < s->ncom; i++)
		off += (size_t)snprintf(com + off, sizeof(com) - off, "%s%s",
		    i ? ";" : "", s->com[i]);
	/* complications in 連番 order: the first draw's, then ss_extra()'s */
	snprintf(cpl, sizeof(cpl), "%s", s->compl != NULL ? s->compl : "");
	for (i = 0; i < s->nxcompl; i++) {
		off = strlen(cpl);
		snprintf(cpl + off, sizeof(cpl) - off, "%s%s", off ? ";" : "",
		    s->xcompl[i]);
	}
	if (fprintf(c->fs, "%s,%s,%010lu,%s,%s,%d,%d,%d,%d,%s,%s,%s,%s,%s,"
	    "%d,%d,%s,", s->hosp, id, s->pid, adm, dis,
	    s->age, s->sex, s->emerg, s->amb, s->dx_main, s->dx_trigger,
	    s->dx_resource, com, cpl,
	    s->outcome, s->death24, prev) < 0)
		return -1;
	if ((s->onset >= 0 ? fprintf(c->fs, "%d,", s->onset) :
	    fputs(",", c->fs)) < 0 ||
	    (s->killip > 0 ? fprintf(c->fs, "%d,", s->killip) :
	    fputs(",", c->fs)) < 0 ||
	    (s->jcs >= 0 ? fprintf(c->fs, "%d,", s->jcs) :
	    fputs(",", c->fs)) < 0 ||
	    (s->stage >= 0 ? fprintf(c->fs, "%d,", s->stage) :
	    fputs(",", c->fs)) < 0 ||
	    fprintf(c->fs, "%d,%d,", s->dementia, s->insured) < 0)
		return -1;
	if ((s->v2024 ? fprintf(c->fs, "%d,%d,%d,%d\n", s->falls,
	    s->falls_3b, s->restraint, s->pu) : fputs(",,,\n", c->fs)) < 0)
		return -1;
	if (s->setaside)
		return 0;
	for (i = 0; i < s->nev; i++)
		if (fprintf(c->fe, "%s,%s,%d,%s,%s,%g\n", s->hosp, id,
		    s->ev[i].day, s->ev[i].code, s->ev[i].kind,
		    s->ev[i].qty) < 0)
			return -1;
	c->nev += (unsigned long long)s->nev;
	return 0;
}

void
qi_synth_stays_cfg_default(struct qi_synth_stays_cfg *c)
{
	c->seed = 20240401UL;
	c->scale = SS_DEF_SCALE;
	c->stays = 0;
}

static int
ss_hosp_cmp(const void *a, const void *b)
{
	const struct ss_hosp *x = a, *y = b;

	return strcmp(x->id, y->id);
}

/* Winter volume factor of day index d (0 = 1 April). */
static double
ss_winter(int d)
{
	return 1.0 + 0.12 * cos(2.0 * G_PI * ((double)(d % 365) - 290.0) /
	    365.0);
}

enum qi_err
qi_synth_stays_each(const struct qi_registry *reg,
    const struct qi_synth_stays_cfg *cfg, qi_synth_stay_fn fn, void *arg,
    unsigned long long *nstays, struct qi_diag *diag)
{
	struct ss_gen *g;
	struct ss_hosp *hs;
	struct qi_synth_stay *first;
	double scale, beds = 0.0;
	unsigned long n;
	unsigned long long ns = 0;
	size_t i;
	int p, d, k, m;
	enum qi_err rc = QI_ESYS;

	g = g_new0(struct ss_gen, 1);
	first = g_new0(struct qi_synth_stay, 1);
	hs = g_new0(struct ss_hosp, reg->nhosps + 1);
	qi_synth_rng_seed(&g->rng, cfg->seed);
	g->seed = cfg->seed;
	for (i = 0; i < reg->nhosps; i++)
		beds += (double)reg->hosps[i].beds;
	scale = cfg->scale;
	if (cfg->stays > 0 && beds > 0.0)
		scale = (double)cfg->stays / (beds * SS_NDAYS / 365.0);
	for (i = 0; i < reg->nhosps; i++) {
		hs[i].id = reg->hosps[i].id;
		hs[i].ridx = i;
		hs[i].johas = strcmp(reg->orgs[reg->hosps[i].org].code,
		    "JOHAS") == 0;
		hs[i].rate = (double)reg->hosps[i].beds * scale / 365.0;
		for (p = 0; p < P__N; p++)
			hs[i].u[p] = synth_procs[p].sd * ss_norm(&g->rng) +
			    (hs[i].johas ? synth_procs[p].johas : 0.0);
		/* Two or three clear outliers per process, mostly worse. */
		if (i % 23 == 7)
			hs[i].u[(i / 23) % P__N] += (i / 23) % 4 == 0 ? 1.5 :
			    (synth_procs[(i / 23) % P__N].base < 0.5 ? 1.5 : -1.8);
		hs[i].cardiac = reg->hosps[i].beds >= 250 &&
		    ss_bern(&g->rng, 0.85);
		hs[i].planned = hs[i].johas ? 0.05 : 0.025;
		hs[i].noins = hs[i].johas ? 0.06 : 0.015;
		/* Hospital systems differ: a third record two blood-culture
		   sets as one row of 行為回数 2, a third as two rows, a third
		   either way. */
		hs[i].bc_onerow = (double)(i % 3) * 0.5;
		/* ss_extra()'s processes, from a generator of their own */
		qi_synth_rng_seed(&g->xr, ss_xseed(cfg->seed, i, 0));
		for (p = 0; p < X__N; p++)
			hs[i].x[p] = synth_xprocs[p].sd * ss_norm(&g->xr) +
			    (hs[i].johas ? synth_xprocs[p].johas : 0.0);
	}
	qsort(hs, reg->nhosps, sizeof(*hs), ss_hosp_cmp);

	for (i = 0; i < reg->nhosps; i++) {
		g->h = &hs[i];
		n = 0;
		for (d = 0; d < SS_NDAYS; d++) {
			m = (int)ss_pois(&g->rng, hs[i].rate * ss_winter(d));
			g->year = (double)d / 365.0;
			for (k = 0; k < m; k++) {
				ss_stay_draw(g, d);
				g->s.hosp = hs[i].id;
				g->s.hidx = hs[i].ridx;
				g->s.pid = ++n;
				/* Rarely, a second admission the same day. */
				if (g->s.adm > 0 && g->s.dis > g->s.adm &&
				    ss_bern(&g->rng, 0.002)) {
					ss_same_day_first(g, first);
					if (fn(first, arg) != 0)
						goto werr;
					ns++;
				} else if (ss_index_first(g, first)) {
					if (fn(first, arg) != 0)
						goto werr;
					ns++;
				}
				ss_extra(g);
				ss_finish(g);
				if (fn(&g->s, arg) != 0)
					goto werr;
				ns++;
			}
		}
	}
	if (fn(NULL, arg) != 0)
		goto werr;
	rc = QI_OK;
	goto out;
werr:
	qi_diag_add(diag, QI_ERROR, NULL, 0, 0, NULL,
	    "cannot write the synthetic stays: %s", strerror(errno));
out:
	if (nstays != NULL)
		*nstays = ns;
	g_free(first);
	g_free(hs);
	g_free(g);
	return rc;
}

enum qi_err
qi_synth_stays_stream(const struct qi_registry *reg,
    const struct qi_synth_stays_cfg *cfg, FILE *fs, FILE *fe,
    unsigned long long *nstays, unsigned long long *nevents,
    struct qi_diag *diag)
{
	struct ss_csv c = { fs, fe, 0 };
	enum qi_err rc;

	if (fputs(ss_stays_header, fs) < 0 ||
	    fputs("hospital,stay,day,code,kind,qty\n", fe) < 0) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0, NULL,
		    "cannot write the synthetic stays: %s", strerror(errno));
		return QI_ESYS;
	}
	rc = qi_synth_stays_each(reg, cfg, ss_csv_stay, &c, nstays, diag);
	if (nevents != NULL)
		*nevents = c.nev;
	return rc;
}

enum qi_err
qi_synth_stays_write(const char *dir, const struct qi_synth_stays_cfg *cfg,
    struct qi_diag *diag)
{
	struct qi_registry *reg = NULL;
	char *po, *ph, *ps, *pe;
	FILE *fs = NULL, *fe = NULL;
	enum qi_err rc;

	po = g_build_filename(dir, "organisations.csv", NULL);
	ph = g_build_filename(dir, "hospitals.csv", NULL);
	ps = g_build_filename(dir, "stays.csv", NULL);
	pe = g_build_filename(dir, "events.csv", NULL);
	if ((rc = qi_registry_load(po, ph, NULL, &reg, diag)) != QI_OK)
		goto out;
	rc = QI_ESYS;
	if ((fs = fopen(ps, "w")) == NULL || (fe = fopen(pe, "w")) == NULL) {
		qi_diag_add(diag, QI_ERROR, fs == NULL ? ps : pe, 0, 0, NULL,
		    "cannot create: %s", strerror(errno));
		goto out;
	}
	setvbuf(fs, NULL, _IOFBF, 1 << 20);
	setvbuf(fe, NULL, _IOFBF, 1 << 20);
	rc = qi_synth_stays_stream(reg, cfg, fs, fe, NULL, NULL, diag);
out:
	if (fs != NULL && fclose(fs) != 0 && rc == QI_OK) {
		qi_diag_add(diag, QI_ERROR, ps, 0, 0, NULL, "cannot write: %s",
		    strerror(errno));
		rc = QI_ESYS;
	}
	if (fe != NULL && fclose(fe) != 0 && rc == QI_OK) {
		qi_diag_add(diag, QI_ERROR, pe, 0, 0, NULL, "cannot write: %s",
		    strerror(errno));
		rc = QI_ESYS;
	}
	qi_registry_free(reg);
	g_free(po);
	g_free(ph);
	g_free(ps);
	g_free(pe);
	return rc;
}
