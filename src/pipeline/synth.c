/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * synth.c -- a deterministic synthetic sample for qi.
 *
 * qi_synth_write() fills an existing directory with organisations.csv,
 * hospitals.csv and counts.csv: the two organisations, 172 plainly
 * fictional hospitals (every name contains 架空 / "Fictional") and eight
 * quarters of counts, FY2023Q1..FY2024Q4, for every indicator of a
 * definition set but the means and medians (whose tallies are more than
 * counts).  No real hospital's data is involved.
 *
 * qi_synth_write_hospitals() writes any number N of hospitals instead.
 * N = 172 is the sample above, byte for byte.  Any other N is a
 * national-scale population (synth_hospitals(), national): the same two
 * organisations in the sample's proportions (140:32) and regions, but
 * licensed beds in the proportions of all DPC hospitals of Japan --
 * 1,786 DPC 対象病院 in June 2024 by bed class: <100 beds 363, 100-199
 * 466, 200-299 328, 300-399 222, 400-499 156, 500 or more 251 (中医協
 * 総会 第587回, 2024-04-10, 総-7-3 "令和6年度改定を踏まえたDPC/PDPSの
 * 現況について"; smallest 12, largest 1,218 DPC beds, mean 271).  Within
 * a class beds are spread evenly; above 500 with density falling
 * towards SYNTH_NAT_BEDS_MAX.  The classes are stratified: the N
 * hospitals' quantiles are (j + U) / N for a random permutation j, so
 * the class shares are those of the table to within one hospital.
 *
 * The model, for indicator i, hospital h and quarter t = 0..7:
 *
 *	offers(h,i)  ~ Bernoulli(offer_i[org(h)])		once per h,i
 *	u(h,i)       ~ N(0, sd_i)				between hospitals
 *	o(h,i)       = +-shift for 2..4 outliers per indicator, else 0;
 *	               shift 1.2..2.0, mostly the worse way
 *	e(h,i,t)     ~ N(0, SYNTH_QSD)			quarter noise
 *	logit p(h,i,t) = logit(base_i) + org_i(h) + u + o + e
 *	                 + dir_i * trend_i * (t - 3.5)
 *	den(h,i,t)   ~ Poisson(vol_i * beds(h) / 100 * m(h,i) * season_i(t))
 *	num(h,i,t)   ~ Binomial(p(h,i,t), den(h,i,t))
 *
 * with m(h,i) ~ lognormal(0, SYNTH_VSD) for a hospital's case mix and
 * dir_i = +1 when higher is better, -1 when lower is better, 0 when
 * neutral, taken from the definition.  A hospital that does not offer a
 * service gets no rows for that indicator; one that offers it but had no
 * case in a quarter gets a row with denominator 0.
 *
 * Parameters come from synth_params[] for the shipped indicators and are
 * derived from an FNV-1a hash of the id and the definition's direction
 * for any other id, so new indicators still get data.
 *
 * Determinism: one gsl_rng_mt19937 seeded with the caller's seed; draws
 * happen in a fixed order (hospitals; then per indicator, sorted by id,
 * the hospital-level effects; then per hospital, indicator and quarter
 * the counts), so the same seed and definitions give the same bytes.
 * gsl_rng_set() maps seed 0 to mt19937's default seed 4357.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "pipeline.h"

#define SYNTH_NNHO	140
#define SYNTH_NJOHAS	32
#define SYNTH_NHOSP	(SYNTH_NNHO + SYNTH_NJOHAS)
#if SYNTH_NHOSP != QI_SYNTH_HOSPITALS
#error "the sample's hospitals are QI_SYNTH_HOSPITALS"
#endif
#define SYNTH_NAT_BEDS_MIN 20	/* national population: smallest beds */
#define SYNTH_NAT_BEDS_MAX 1200	/* and largest */
#define SYNTH_FY0	2023	/* first fiscal year */
#define SYNTH_NQ	8	/* quarters, FY2023Q1..FY2024Q4 */
#define SYNTH_BEDS_MIN	150
#define SYNTH_BEDS_MAX	800
#define SYNTH_QSD	0.08	/* quarter-to-quarter noise, logit */
#define SYNTH_VSD	0.35	/* case-mix volume spread, log */
#define SYNTH_P_BETTER	0.2	/* share of outliers in the better direction */
#define SYNTH_OUT_BEDS	300.0	/* outliers have at least this many beds' volume */

enum synth_org {
	SYNTH_NHO,
	SYNTH_JOHAS
};

/* Model parameters of one indicator; see the top of the file. */
struct synth_param {
	const char	*id;
	double		 base;		/* typical hospital's rate, (0,1) */
	double		 sd;		/* between-hospital SD, logit */
	double		 vol;		/* cases per 100 beds per quarter */
	double		 johas;		/* JOHAS shift, logit, signed */
	double		 trend;		/* improvement per quarter, logit */
	double		 offer[2];	/* P(offers the service): NHO, JOHAS */
	double		 season;	/* winter volume amplitude, 0 = none */
};

/*
 * The shipped indicators.  Rates are rough orders of magnitude from
 * published Japanese tables (DOMAIN.md), not any hospital's figures.
 */
static const struct synth_param synth_params[] = {
	{ "abx_prophylaxis_1h",      0.88, 0.55,  30.0, -0.15, 0.040,
	    { 0.95, 1.00 }, 0.00 },
	{ "blood_culture_two_sets",  0.85, 0.55,  80.0, -0.25, 0.050,
	    { 1.00, 1.00 }, 0.05 },
	{ "pci_emergency_mortality", 0.05, 0.40,   3.0, -0.15, 0.020,
	    { 0.35, 0.60 }, 0.10 },
	{ "readmission_6w",          0.04, 0.25, 500.0,  0.10, 0.015,
	    { 1.00, 1.00 }, 0.00 },
	{ "stroke_antiplatelet",     0.75, 0.45,   6.0, -0.10, 0.030,
	    { 0.80, 0.95 }, 0.10 },
	{ "stroke_early_rehab",      0.80, 0.50,   6.0,  0.20, 0.040,
	    { 0.80, 0.95 }, 0.10 },
	{ "vte_prophylaxis",         0.90, 0.60,  25.0,  0.30, 0.030,
	    { 0.95, 1.00 }, 0.00 },
};

/* Volume factor by quarter of the fiscal year: a winter peak. */
static const double synth_winter[4] = { -0.5, -1.0, 0.5, 1.0 };

/* ---------------------------------------------------------------- names */

struct synth_word {
	const char	*ja;
	const char	*en;
};

/* Invented place-like syllables: head x tail gives 192 distinct stems. */
static const struct synth_word synth_head[16] = {
	{ "あお", "Ao" }, { "みな", "Mina" }, { "さく", "Saku" },
	{ "ゆり", "Yuri" }, { "かすみ", "Kasumi" }, { "ほし", "Hoshi" },
	{ "つき", "Tsuki" }, { "はる", "Haru" }, { "しの", "Shino" },
	{ "もえ", "Moe" }, { "ふた", "Futa" }, { "ひさ", "Hisa" },
	{ "なぎ", "Nagi" }, { "こと", "Koto" }, { "まそ", "Maso" },
	{ "くれ", "Kure" },
};

static const struct synth_word synth_tail[12] = {
	{ "ば", "ba" }, { "せ", "se" }, { "はら", "hara" },
	{ "みね", "mine" }, { "さわ", "sawa" }, { "だい", "dai" },
	{ "の", "no" }, { "ぎ", "gi" }, { "おか", "oka" },
	{ "たに", "tani" }, { "ざき", "zaki" }, { "かわ", "kawa" },
};

static const struct synth_word synth_district[5] = {
	{ "ひがし", "Higashi-" }, { "にし", "Nishi-" },
	{ "みなみ", "Minami-" }, { "きた", "Kita-" }, { "しん", "Shin-" },
};

/* Kinds of hospital, after 架空 / "Fictional". */
static const struct synth_word synth_nho_kind[6] = {
	{ "医療センター", "Medical Center" },
	{ "病院", "Hospital" },
	{ "総合医療センター", "General Medical Center" },
	{ "中央病院", "Central Hospital" },
	{ "リハビリテーション病院", "Rehabilitation Hospital" },
	{ "呼吸器・アレルギー医療センター",
	    "Respiratory and Allergy Medical Center" },
};

/* Which kind the k-th NHO hospital is, cycling. */
static const int synth_nho_cycle[12] = { 0, 1, 0, 0, 1, 2, 0, 1, 3, 0, 4, 5 };

static const struct synth_word synth_johas_kind[2] = {
	{ "労災病院", "Rosai Hospital" },
	{ "中央労災病院", "Central Rosai Hospital" },
};

/* NHO's six blocks, and how many hospitals of each org lie in each. */
static const char *const synth_region[6] = {
	"北海道東北", "関東信越", "東海北陸", "近畿", "中国四国", "九州",
};
static const int synth_region_n[2][6] = {
	{ 20, 30, 20, 22, 24, 24 },	/* NHO, sums to 140 */
	{ 6, 8, 5, 5, 4, 4 },		/* JOHAS, sums to 32 */
};

/* Median and log-SD of licensed beds, per organisation. */
static const double synth_beds_median[2] = { 320.0, 400.0 };
static const double synth_beds_lsd[2] = { 0.40, 0.30 };

static const struct synth_org_row {
	const char	*code;
	const char	*name_ja;
	const char	*name_en;
	const char	*url;
} synth_orgs[2] = {
	{ "NHO", "独立行政法人国立病院機構",
	    "National Hospital Organization",
	    "https://nho.hosp.go.jp/quality-indicators/" },
	{ "JOHAS", "独立行政法人労働者健康安全機構",
	    "Japan Organization of Occupational Health and Safety",
	    "https://www.johas.go.jp/quality-indicators/" },
};

/* --------------------------------------------------------------- state */

struct synth_hosp {
	char		 id[16];	/* N001..N140, R001..R032; wider for
					   more than 999 of an organisation */
	enum synth_org	 org;
	char		 name_ja[160];
	char		 name_en[160];
	const char	*region;
	long		 beds;
};

/* One hospital x indicator, drawn once. */
struct synth_cell {
	int		 offers;	/* 0: no rows at all */
	double		 eta;		/* logit without trend and noise */
	double		 mu;		/* mean quarterly volume, no season */
};

struct synth {
	gsl_rng			 *rng;
	size_t			  nd;		/* indicators */
	const struct qi_indicator **ind;	/* the defset's, sorted by id */
	struct synth_param	 *par;		/* parallel to ind */
	size_t			  nh;		/* hospitals */
	struct synth_hosp	 *hosp;		/* [nh], owned */
	struct synth_cell	 *cell;		/* [indicator][hospital] */
};

/* ------------------------------------------------------------- helpers */

static double
synth_logit(double p)
{

	return log(p / (1.0 - p));
}

static double
synth_expit(double x)
{

	return 1.0 / (1.0 + exp(-x));
}

/* +1 if higher is better, -1 if lower is better, 0 if neutral. */
static double
synth_sign(enum qi_direction d)
{

	switch (d) {
	case QI_HIGHER_BETTER:
		return 1.0;
	case QI_LOWER_BETTER:
		return -1.0;
	default:
		return 0.0;
	}
}

/* FNV-1a, 64 bits (Fowler, Noll, Vo). */
static uint64_t
synth_fnv1a(const char *s)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/*
 * splitmix64 (Steele, Lea, Flood 2014): the next uniform in [0,1) of a
 * stream keyed by *x.  Platform-independent, unlike the C library.
 */
static double
synth_unit(uint64_t *x)
{
	uint64_t	 z;

	z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (double)(z >> 11) * 0x1.0p-53;
}

/*
 * Fill *p for indicator d: the table entry for a shipped id, otherwise
 * values derived from the id's hash and the direction.  p->id borrows
 * d->id.
 */
static void
synth_param_of(const struct qi_indicator *d, struct synth_param *p)
{
	size_t		 i;
	uint64_t	 x;
	double		 u[6];

	for (i = 0; i < sizeof(synth_params) / sizeof(synth_params[0]); i++)
		if (strcmp(synth_params[i].id, d->id) == 0) {
			*p = synth_params[i];
			p->id = d->id;
			return;
		}

	x = synth_fnv1a(d->id);
	for (i = 0; i < 6; i++)
		u[i] = synth_unit(&x);

	p->id = d->id;
	switch (d->direction) {
	case QI_HIGHER_BETTER:
		p->base = 0.60 + 0.35 * u[0];
		break;
	case QI_LOWER_BETTER:
		p->base = 0.01 + 0.14 * u[0];
		break;
	default:
		p->base = 0.20 + 0.60 * u[0];
		break;
	}
	p->sd = 0.25 + 0.35 * u[1];
	p->vol = 2.0 + 58.0 * u[2] * u[2];
	p->johas = 0.4 * (u[3] - 0.5);
	p->trend = d->direction == QI_NEUTRAL ? 0.0 : 0.03;
	if (u[4] < 0.3) {
		/* A specialised service. */
		p->offer[SYNTH_NHO] = 0.4 + 0.4 * u[5];
		p->offer[SYNTH_JOHAS] = 0.6 + 0.35 * u[5];
	} else {
		p->offer[SYNTH_NHO] = 0.97;
		p->offer[SYNTH_JOHAS] = 1.0;
	}
	p->season = 0.0;
}

static int
synth_ind_cmp(const void *a, const void *b)
{
	const struct qi_indicator *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

/*
 * How many of total fall to each of the n weights w: largest remainder
 * (Hamilton), ties to the earlier weight; out[] sums to total.
 */
static void
synth_quota(const int *w, size_t n, size_t total, size_t *out)
{
	double		 sum = 0.0, q, best;
	size_t		 i, given = 0, pick;
	int		*used;

	used = g_new0(int, n);
	for (i = 0; i < n; i++)
		sum += w[i];
	for (i = 0; i < n; i++) {
		out[i] = (size_t)floor((double)total * w[i] / sum);
		given += out[i];
	}
	for (; given < total; given++) {
		best = -1.0;
		pick = 0;
		for (i = 0; i < n; i++) {
			q = (double)total * w[i] / sum - (double)out[i];
			if (!used[i] && q > best) {
				best = q;
				pick = i;
			}
		}
		used[pick] = 1;
		out[pick]++;
	}
	g_free(used);
}

/*
 * DPC 対象病院 by licensed-bed class, June 2024 (see the top of the
 * file): class i holds synth_nat_n[i] hospitals of beds in
 * [synth_nat_lo[i], synth_nat_lo[i + 1]).
 */
static const int synth_nat_n[6] = { 363, 466, 328, 222, 156, 251 };
static const int synth_nat_lo[7] = {
	SYNTH_NAT_BEDS_MIN, 100, 200, 300, 400, 500, SYNTH_NAT_BEDS_MAX
};

/*
 * Beds at quantile u in [0,1) of the national population: even within
 * a class, density falling as 1/sqrt above 500 beds.
 */
static long
synth_nat_beds(double u)
{
	double		 total = 0.0, c = 0.0, v, lo, hi;
	size_t		 i;

	for (i = 0; i < 6; i++)
		total += synth_nat_n[i];
	for (i = 0; i < 5; i++) {
		if (u < c + synth_nat_n[i] / total)
			break;
		c += synth_nat_n[i] / total;
	}
	v = (u - c) / (synth_nat_n[i] / total);
	v = v < 0.0 ? 0.0 : v >= 1.0 ? nextafter(1.0, 0.0) : v;
	if (i == 5)
		v *= v;
	lo = synth_nat_lo[i];
	hi = synth_nat_lo[i + 1];
	return (long)lo + (long)floor((hi - lo) * v);
}

/*
 * Names, ids and regions of the s->nh hospitals, fixed by their index
 * so that they do not depend on the seed: nin[org] of each
 * organisation, NHO first, and rn[org][r] of an organisation in region
 * r.  Beds are drawn: for the sample (national 0) lognormal, redrawn
 * until inside [SYNTH_BEDS_MIN, SYNTH_BEDS_MAX]; for a national
 * population stratified quantiles of synth_nat_beds().
 *
 * Names are unique for any number of hospitals: (k % 192) gives the
 * stem (head, tail), and in a national population (k / 192) % 6 a
 * district prefix or none and k / 1152 a number after 架空 (第2,
 * "No. 2"); the sample's 172 use k % 7 for the prefix, as always.
 */
static void
synth_hospitals(struct synth *s, const size_t nin[2],
    const size_t rn[2][6], int national)
{
	struct synth_hosp	*h;
	const struct synth_word	*hd, *tl, *di, *kd;
	enum synth_org		 org;
	size_t			*perm = NULL;
	size_t			 k, j, r, left, nth;
	char			 num_ja[24], num_en[24];
	int			 width;
	double			 b;

	width = 3;
	for (k = nin[0] > nin[1] ? nin[0] : nin[1]; k >= 1000; k /= 10)
		width++;
	if (national) {
		perm = g_new(size_t, s->nh);
		for (k = 0; k < s->nh; k++)
			perm[k] = k;
		gsl_ran_shuffle(s->rng, perm, s->nh, sizeof(perm[0]));
	}
	r = 0;
	left = 0;
	for (k = 0; k < s->nh; k++) {
		h = &s->hosp[k];
		org = k < nin[0] ? SYNTH_NHO : SYNTH_JOHAS;
		j = org == SYNTH_NHO ? k : k - nin[0];
		if (j == 0) {
			r = 0;
			left = rn[org][0];
		}
		while (left == 0)
			left = rn[org][++r];
		left--;

		/* k -> (k % 16, (k / 16 + 5 * (k % 16)) % 12) is one-to-one
		   on 0..191. */
		hd = &synth_head[k % 16];
		tl = &synth_tail[(k / 16 + 5 * (k % 16)) % 12];
		if (org == SYNTH_NHO)
			kd = &synth_nho_kind[synth_nho_cycle[j % 12]];
		else
			kd = &synth_johas_kind[j % 8 == 5 ? 1 : 0];
		nth = 0;
		if (!national)
			di = k % 7 == 3 && kd != &synth_nho_kind[5] ?
			    &synth_district[(k / 7) % 5] : NULL;
		else {
			di = (k / 192) % 6 == 0 ? NULL :
			    &synth_district[(k / 192) % 6 - 1];
			nth = k / 1152;
		}
		num_ja[0] = num_en[0] = '\0';
		if (nth > 0) {
			snprintf(num_ja, sizeof(num_ja), "第%zu", nth + 1);
			snprintf(num_en, sizeof(num_en), " No. %zu", nth + 1);
		}

		snprintf(h->id, sizeof(h->id), "%c%0*zu",
		    org == SYNTH_NHO ? 'N' : 'R', width, j + 1);
		h->org = org;
		snprintf(h->name_ja, sizeof(h->name_ja), "%s%s%s架空%s%s",
		    di != NULL ? di->ja : "", hd->ja, tl->ja, num_ja, kd->ja);
		snprintf(h->name_en, sizeof(h->name_en),
		    "%s%s%s Fictional %s%s", di != NULL ? di->en : "", hd->en,
		    tl->en, kd->en, num_en);
		h->region = synth_region[r];

		if (national) {
			h->beds = synth_nat_beds(((double)perm[k] +
			    gsl_rng_uniform(s->rng)) / (double)s->nh);
			continue;
		}
		do
			b = synth_beds_median[org] *
			    exp(gsl_ran_gaussian(s->rng, synth_beds_lsd[org]));
		while (b < SYNTH_BEDS_MIN || b > SYNTH_BEDS_MAX);
		h->beds = lround(b);
	}
	g_free(perm);
}

/*
 * Hospital-level draws of the indicator at sorted position i: who offers
 * it, each hospital's offset and volume, then 2..4 outliers.  Outliers
 * are planted only where the volume is at least that of a typical
 * SYNTH_OUT_BEDS-bed hospital, so that a funnel plot can show them.
 */
static void
synth_effects(struct synth *s, size_t i, size_t *pool)
{
	const struct synth_param *p = &s->par[i];
	struct synth_cell	*c = &s->cell[i * s->nh];
	const struct synth_hosp	*h;
	double			 sign, shift;
	size_t			 k, n, nofr, nout, chosen[4];

	sign = synth_sign(s->ind[i]->direction);
	for (n = nofr = 0, k = 0; k < s->nh; k++) {
		h = &s->hosp[k];
		c[k].offers = gsl_rng_uniform(s->rng) < p->offer[h->org];
		c[k].eta = synth_logit(p->base) +
		    (h->org == SYNTH_JOHAS ? p->johas : 0.0) +
		    gsl_ran_gaussian(s->rng, p->sd);
		c[k].mu = p->vol * (double)h->beds / 100.0 *
		    exp(gsl_ran_gaussian(s->rng, SYNTH_VSD));
		if (c[k].offers)
			nofr++;
		if (c[k].offers && c[k].mu >= SYNTH_OUT_BEDS / 100.0 * p->vol)
			pool[n++] = k;
	}

	/* Too few large providers (odd parameters): any provider will do. */
	if (n < 4 && nofr > n)
		for (n = 0, k = 0; k < s->nh; k++)
			if (c[k].offers)
				pool[n++] = k;

	nout = 2 + gsl_rng_uniform_int(s->rng, 3);
	if (nout > n)
		nout = n;
	if (nout == 0)
		return;
	gsl_ran_choose(s->rng, chosen, nout, pool, n, sizeof(pool[0]));
	for (k = 0; k < nout; k++) {
		shift = 1.2 + 0.8 * gsl_rng_uniform(s->rng);
		if (sign == 0.0)
			shift *= gsl_rng_uniform(s->rng) < 0.5 ? -1.0 : 1.0;
		else if (gsl_rng_uniform(s->rng) < SYNTH_P_BETTER)
			shift *= sign;
		else
			shift *= -sign;
		c[chosen[k]].eta += shift;
	}
}

/* ------------------------------------------------------------- writers */

/*
 * Write str as a CSV field followed by ',' or, if last, '\n'; quoted as
 * RFC 4180 says only if it holds a comma, quote, CR or LF.  Returns 0,
 * or -1 with errno set.
 */
static int
synth_field(FILE *fp, const char *str, int last)
{
	const char	*c;

	if (strpbrk(str, ",\"\r\n") == NULL) {
		if (fputs(str, fp) == EOF)
			return -1;
	} else {
		if (putc('"', fp) == EOF)
			return -1;
		for (c = str; *c != '\0'; c++) {
			if (*c == '"' && putc('"', fp) == EOF)
				return -1;
			if (putc(*c, fp) == EOF)
				return -1;
		}
		if (putc('"', fp) == EOF)
			return -1;
	}
	return putc(last ? '\n' : ',', fp) == EOF ? -1 : 0;
}

static int
synth_orgs_body(FILE *fp, struct synth *s)
{
	size_t	 i;

	(void)s;
	if (fputs("code,name_ja,name_en,url\n", fp) == EOF)
		return -1;
	for (i = 0; i < 2; i++)
		if (synth_field(fp, synth_orgs[i].code, 0) == -1 ||
		    synth_field(fp, synth_orgs[i].name_ja, 0) == -1 ||
		    synth_field(fp, synth_orgs[i].name_en, 0) == -1 ||
		    synth_field(fp, synth_orgs[i].url, 1) == -1)
			return -1;
	return 0;
}

static int
synth_hosps_body(FILE *fp, struct synth *s)
{
	const struct synth_hosp	*h;
	size_t			 k;

	if (fputs("id,org,name_ja,name_en,region,beds\n", fp) == EOF)
		return -1;
	for (k = 0; k < s->nh; k++) {
		h = &s->hosp[k];
		if (synth_field(fp, h->id, 0) == -1 ||
		    synth_field(fp, synth_orgs[h->org].code, 0) == -1 ||
		    synth_field(fp, h->name_ja, 0) == -1 ||
		    synth_field(fp, h->name_en, 0) == -1 ||
		    synth_field(fp, h->region, 0) == -1 ||
		    fprintf(fp, "%ld\n", h->beds) < 0)
			return -1;
	}
	return 0;
}

/*
 * The counts, drawn as they are written: hospitals in id order, then
 * indicators in id order, then quarters in time order.
 */
static int
synth_counts_body(FILE *fp, struct synth *s)
{
	const struct synth_param *p;
	const struct synth_cell	*c;
	size_t			 k, i;
	int			 t;
	unsigned int		 num, den;
	double			 mu, eta;

	if (fputs("hospital,indicator,period,numerator,denominator\n",
	    fp) == EOF)
		return -1;
	for (k = 0; k < s->nh; k++)
		for (i = 0; i < s->nd; i++) {
			p = &s->par[i];
			c = &s->cell[i * s->nh + k];
			if (!c->offers)
				continue;
			for (t = 0; t < SYNTH_NQ; t++) {
				mu = c->mu * (1.0 + p->season *
				    synth_winter[t % 4]);
				eta = c->eta + synth_sign(s->ind[i]->direction) *
				    p->trend * (t - 3.5) +
				    gsl_ran_gaussian(s->rng, SYNTH_QSD);
				den = gsl_ran_poisson(s->rng, mu);
				num = gsl_ran_binomial(s->rng,
				    synth_expit(eta), den);
				if (synth_field(fp, s->hosp[k].id, 0) == -1 ||
				    synth_field(fp, s->ind[i]->id, 0) == -1 ||
				    fprintf(fp, "FY%dQ%d,%u,%u\n",
				    SYNTH_FY0 + t / 4, t % 4 + 1,
				    num, den) < 0)
					return -1;
			}
		}
	return 0;
}

/*
 * Create dir/name and fill it with body.  On failure, record a
 * diagnostic naming the file and return QI_ESYS; the file is closed on
 * every path.
 */
static enum qi_err
synth_file(const char *dir, const char *name,
    int (*body)(FILE *, struct synth *), struct synth *s,
    struct qi_diag *diag)
{
	FILE		*fp = NULL;
	char		*path;
	const char	*what = NULL, *hint = NULL;
	int		 err = 0;
	enum qi_err	 rc = QI_ESYS;

	path = g_strdup_printf("%s/%s", dir, name);

	errno = 0;
	if ((fp = fopen(path, "w")) == NULL) {
		err = errno;
		what = "cannot create";
		hint = "the output directory must exist and be writable";
		goto out;
	}
	errno = 0;
	if (body(fp, s) == -1 || fflush(fp) == EOF || ferror(fp)) {
		err = errno != 0 ? errno : EIO;
		what = "cannot write";
		hint = "check the free space of the output device";
		goto out;
	}
	errno = 0;
	if (fclose(fp) == EOF) {
		fp = NULL;
		err = errno != 0 ? errno : EIO;
		what = "cannot close";
		hint = "check the free space of the output device";
		goto out;
	}
	fp = NULL;
	rc = QI_OK;
out:
	if (fp != NULL)
		fclose(fp);
	if (rc != QI_OK)
		qi_diag_add(diag, QI_ERROR, path, 0, 0, hint, "%s: %s", what,
		    strerror(err));
	g_free(path);
	return rc;
}

/* ---------------------------------------------------------------- entry */

/*
 * Write the synthetic sample of nhosp hospitals into the existing
 * directory dir (see the top of the file): QI_SYNTH_HOSPITALS gives the
 * sample, any other number in [QI_SYNTH_HOSPITALS_MIN,
 * QI_SYNTH_HOSPITALS_MAX] a national-scale population.  Returns QI_OK,
 * or QI_ESYS with a diagnostic in diag if a file cannot be written or
 * GSL cannot make its generator; files written before the failure are
 * left in dir for the caller's stage to discard.
 */
enum qi_err
qi_synth_write_hospitals(const char *dir, const struct qi_defset *defs,
    unsigned long seed, size_t nhosp, struct qi_diag *diag)
{
	static const int synth_org_w[2] = { SYNTH_NNHO, SYNTH_NJOHAS };
	struct synth	*s;
	size_t		*pool;
	size_t		 i, nd, nin[2], rn[2][6];
	int		 national;
	enum qi_err	 rc = QI_ESYS;

	g_return_val_if_fail(nhosp >= QI_SYNTH_HOSPITALS_MIN &&
	    nhosp <= QI_SYNTH_HOSPITALS_MAX, QI_EUSAGE);
	national = nhosp != SYNTH_NHOSP;
	nd = defs != NULL ? defs->n : 0;
	s = g_new0(struct synth, 1);
	s->nh = nhosp;
	s->hosp = g_new0(struct synth_hosp, nhosp);
	s->ind = g_new0(const struct qi_indicator *, nd + 1);
	s->par = g_new0(struct synth_param, nd + 1);
	s->cell = g_new0(struct synth_cell, nd * nhosp + 1);
	pool = g_new0(size_t, nhosp);
	if ((s->rng = gsl_rng_alloc(gsl_rng_mt19937)) == NULL) {
		qi_diag_add(diag, QI_ERROR, dir, 0, 0, NULL,
		    "cannot allocate the random number generator: %s",
		    strerror(ENOMEM));
		goto out;
	}
	gsl_rng_set(s->rng, seed);

	/* A mean or a median is not a count: counts.csv cannot give it
	   (its sum of squares, its histogram), so it gets no rows. */
	for (s->nd = i = 0; i < nd; i++)
		if (!qi_kind_location(defs->v[i].kind))
			s->ind[s->nd++] = &defs->v[i];
	nd = s->nd;
	qsort(s->ind, nd, sizeof(*s->ind), synth_ind_cmp);
	for (i = 0; i < nd; i++)
		synth_param_of(s->ind[i], &s->par[i]);

	/* Organisations and their regions in the sample's proportions. */
	synth_quota(synth_org_w, 2, nhosp, nin);
	for (i = 0; i < 2; i++)
		synth_quota(synth_region_n[i], 6, nin[i], rn[i]);
	synth_hospitals(s, nin, (const size_t (*)[6])rn, national);
	for (i = 0; i < nd; i++)
		synth_effects(s, i, pool);

	if ((rc = synth_file(dir, "organisations.csv", synth_orgs_body, s,
	    diag)) != QI_OK ||
	    (rc = synth_file(dir, "hospitals.csv", synth_hosps_body, s,
	    diag)) != QI_OK ||
	    (rc = synth_file(dir, "counts.csv", synth_counts_body, s,
	    diag)) != QI_OK)
		goto out;
	rc = QI_OK;
out:
	if (s->rng != NULL)
		gsl_rng_free(s->rng);
	g_free(s->cell);
	g_free(s->par);
	g_free(s->ind);
	g_free(s->hosp);
	g_free(s);
	g_free(pool);
	return rc;
}

/* The sample: QI_SYNTH_HOSPITALS hospitals. */
enum qi_err
qi_synth_write(const char *dir, const struct qi_defset *defs,
    unsigned long seed, struct qi_diag *diag)
{

	return qi_synth_write_hospitals(dir, defs, seed, QI_SYNTH_HOSPITALS,
	    diag);
}
