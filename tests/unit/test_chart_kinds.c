/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_chart_kinds.c -- the organisation comparison, quarterly trend, SPC
 * chart, funnel plot, hospital profile, variants, caterpillar and VLAD
 * charts:
 * their layouts (no two texts touch, everything on the page, crowded
 * period labels thinned, long Japanese names shortened, withheld values
 * counted, "better" to the right, variants' and caterpillar rows in order
 * with their marks in the plot) and the files written (the same bytes twice in PNG, PDF and SVG;
 * a 2x PNG exactly twice the 1x one; the PDF's title and embedded fonts).
 *
 * The fixture is built by hand, like a real publication: 140 NHO and 32
 * JOHAS hospitals, rates around 60-90%, volumes 10-600 patients, some
 * withheld; for the variants chart 60 hospitals under two variants,
 * whose rates under the first, with intervals and two pooled rates, are
 * also the caterpillar's results.
 * The limits that funnel.c and spc.c would compute are made here with
 * the normal approximation: the charts only draw what they are given, so
 * any plausible numbers test them.
 *
 * If QI_CHART_OUT names a directory, every chart is also written there
 * as PNG (ja and en; the variants chart also of one hospital and of
 * none published under both) for a person to look at.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "qi.h"
#include "chart.h"
#include "fixture.h"

#define NNHO	140
#define NJOHAS	32
#define NHOSP	(NNHO + NJOHAS)
#define NYEARS	3
#define NQ	12
#define NLIM	120
#define NIND	7
#define NVH	60	/* hospitals of the variants chart */

enum kind { K_COMPARE, K_TREND, K_SPC, K_FUNNEL, K_PROFILE, K_VARIANTS,
    K_CATERPILLAR, K_VLAD, K__MAX };
static const char *const kind_name[] = { "compare", "trend", "spc",
    "funnel", "profile", "variants", "caterpillar", "vlad" };

struct fix {
	struct qi_indicator	 ind[NIND];
	struct qi_org		 orgs[2];
	/* comparison by fiscal year, trend by quarter */
	struct qi_period	 years[NYEARS], quarters[NQ];
	struct qi_orgcell	 ycells[NYEARS * 2], qcells[NQ * 2];
	long			 versions[NQ];
	struct qi_orgseries	 cmp, trend;
	/* spc */
	double			 sv[NQ], scl[NQ], slo[NQ], shi[NQ];
	struct qi_spc_input	 spc;
	/* funnel */
	char			 names[NHOSP][160];
	struct qi_funnel_point	 pts[NHOSP];
	struct qi_funnel_limit	 lim[NLIM];
	struct qi_funnel_input	 fun;
	/* profile */
	struct qi_profile_row	 rows[NIND];
	struct qi_profile_input	 prof;
	/* variants: registry order is the reverse of id order */
	struct qi_variant	 variant;
	struct qi_indicator	 vind;
	struct qi_defset	 vdefs;
	char			 hid[NVH][8], hja[NVH][160], hen[NVH][160];
	struct qi_hospital	 hosps[NVH];
	struct qi_registry	 reg;
	struct qi_varrow	 vrows[NVH];
	struct qi_varcmp	 var;
	/* caterpillar: the variants' hospitals and registry, rates under a */
	struct qi_result	 cres[NVH + 2];
	struct qi_results	 cat;
	/* vlad: one hospital's cumulative E - O, quarter 5 withheld */
	double			 vo[NQ], ve[NQ], vc[NQ];
	struct qi_vlad_input	 vlad;
	cairo_surface_t		*surf;
	cairo_t			*cr;
	char			*dir;
};

union layout {
	struct qi_compare_layout cmp;
	struct qi_trend_layout	 trend;
	struct qi_spc_layout	 spc;
	struct qi_funnel_layout	 fun;
	struct qi_profile_layout prof;
	struct qi_varcmp_layout	 var;
	struct qi_caterpillar_layout cat;
	struct qi_vlad_layout	 vlad;
};

/* A reproducible uniform in [0,1): a 64-bit LCG (Knuth's MMIX). */
static double
unif(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(*s >> 11) / 9007199254740992.0;
}

static const char *const stems_ja[] = {
	"独立行政法人国立病院機構 北海道医療センター附属こどもとおとなの総合医療センター",
	"仙台医療センター", "東京医療センター", "名古屋医療センター",
	"大阪南医療センター", "九州医療センター",
};

/* Cell with a Wilson-like interval for num of den. */
static void
cell(struct qi_orgcell *c, double p, double den)
{
	double z = 1.959963984540054, h = z * sqrt(p * (1 - p) / den);

	c->status = QI_STATUS_OK;
	c->rate = p;
	c->lower = fmax(0, p - h);
	c->upper = fmin(1, p + h);
}

static void
make_indicator(struct qi_indicator *d, const char *ja, const char *en,
    enum qi_unit u, enum qi_direction dir)
{
	memset(d, 0, sizeof(*d));
	d->id = "x";
	d->version = 1;
	d->title.ja = (char *)ja;
	d->title.en = (char *)en;
	d->unit = u;
	d->direction = dir;
	d->method = QI_CI_WILSON;
	d->level = 0.95;
	d->min_denominator = 10;
	d->min_numerator = 3;
}

static int
setup(void **state)
{
	struct fix *f;
	uint64_t seed = 20240401;
	double t = 0.78, se, z95 = 1.959963984540054, z998 = 3.090232306167813;
	double v, n;
	struct qi_result *r;
	size_t i, o, q;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	make_indicator(&f->ind[0], "急性期脳梗塞患者に対する早期リハビリテーション開始率",
	    "Early rehabilitation after acute ischaemic stroke",
	    QI_UNIT_PERCENT, QI_HIGHER_BETTER);
	make_indicator(&f->ind[1], "手術部位感染予防のための術前1時間以内の抗菌薬投与率",
	    "Antibiotic prophylaxis within one hour before incision",
	    QI_UNIT_PERCENT, QI_HIGHER_BETTER);
	make_indicator(&f->ind[2], "退院後6週間以内の予定外再入院率",
	    "Unplanned readmission within six weeks", QI_UNIT_PERCENT,
	    QI_LOWER_BETTER);
	make_indicator(&f->ind[3], "緊急PCI患者の院内死亡率",
	    "In-hospital mortality after emergency PCI", QI_UNIT_PERCENT,
	    QI_LOWER_BETTER);
	make_indicator(&f->ind[4], "血液培養2セット実施率",
	    "Two sets of blood cultures", QI_UNIT_PERCENT, QI_HIGHER_BETTER);
	make_indicator(&f->ind[5], "入院患者の転倒・転落発生率（1000 患者日あたり）",
	    "Inpatient falls per 1000 patient-days", QI_UNIT_PER_MILLE,
	    QI_LOWER_BETTER);
	make_indicator(&f->ind[6], "平均在院日数が地域平均を上回る患者の割合（方向なし）",
	    "Stays longer than the regional mean", QI_UNIT_PERCENT,
	    QI_NEUTRAL);
	f->orgs[0] = (struct qi_org){ "NHO", "国立病院機構",
	    "National Hospital Organization", "https://nho.example/" };
	f->orgs[1] = (struct qi_org){ "JOHAS", "労働者健康安全機構",
	    "Japan Organization of Occupational Health and Safety",
	    "https://johas.example/" };

	/* Comparison: three fiscal years, JOHAS's 2022 value withheld. */
	for (i = 0; i < NYEARS; i++) {
		f->years[i].fy = 2022 + (int)i;
		cell(&f->ycells[i * 2], 0.741 + 0.012 * (double)i, 9000);
		cell(&f->ycells[i * 2 + 1], 0.748 + 0.004 * (double)i, 1800);
	}
	f->ycells[1].status = QI_STATUS_SMALL_DENOMINATOR;
	f->ycells[1].rate = NAN;
	f->cmp = (struct qi_orgseries){ &f->ind[0], f->orgs, 2, f->years,
	    NYEARS, f->ycells, NULL };

	/* Trend: twelve quarters, definition v2 from FY2023 Q3. */
	for (q = 0; q < NQ; q++) {
		f->quarters[q].fy = 2022 + (int)(q / 4);
		f->quarters[q].q = (int)(q % 4) + 1;
		f->versions[q] = q < 6 ? 1 : 2;
		for (o = 0; o < 2; o++)
			cell(&f->qcells[q * 2 + o], 0.70 + 0.01 * (double)q *
			    (o ? 0.5 : 1) + 0.03 * unif(&seed) + (o ? 0.02 : 0),
			    o ? 450 : 2300);
	}
	f->qcells[2 * 2 + 1].status = QI_STATUS_SMALL_NUMERATOR;
	f->qcells[2 * 2 + 1].rate = NAN;
	f->trend = (struct qi_orgseries){ &f->ind[0], f->orgs, 2, f->quarters,
	    NQ, f->qcells, f->versions };

	/* SPC: one hospital's p-chart; quarters 4 and 9 outside. */
	for (q = 0; q < NQ; q++) {
		n = 40 + 10 * (double)(q % 5);
		se = sqrt(t * (1 - t) / n);
		f->slo[q] = fmax(0, t - 3 * se);
		f->shi[q] = fmin(1, t + 3 * se);
		f->sv[q] = t + (unif(&seed) - 0.5) * 2 * se;
		f->scl[q] = t;
	}
	f->sv[4] = f->slo[4] - 0.03;
	f->sv[9] = f->shi[9] + 0.01;
	f->sv[7] = NAN;
	f->spc = (struct qi_spc_input){ &f->ind[0], "仙台医療センター", 0,
	    "p", f->quarters, NQ, f->sv, f->scl, f->slo, f->shi, f->versions };

	/* Funnel: every hospital; some withheld; outliers beyond 99.8%. */
	for (i = 0; i < NHOSP; i++) {
		o = i < NNHO ? 0 : 1;
		snprintf(f->names[i], sizeof(f->names[i]), "%s%zu",
		    stems_ja[i % 6], i);
		n = floor(10 + 590 * pow(unif(&seed), 1.6));
		v = t + (unif(&seed) - 0.5) * 2.4 * sqrt(t * (1 - t) / n);
		if (i % 23 == 5)	/* a few real outliers */
			v = t + (i % 2 ? 1 : -1) * 4.2 * sqrt(t * (1 - t) / n);
		v = fmin(1, fmax(0, round(v * n) / n));
		f->pts[i].name = f->names[i];
		f->pts[i].org = o;
		f->pts[i].status = n < 12 ? QI_STATUS_SMALL_DENOMINATOR :
		    QI_STATUS_OK;
		f->pts[i].volume = n;
		f->pts[i].value = f->pts[i].status == QI_STATUS_OK ? v : NAN;
		se = sqrt(t * (1 - t) / n);
		f->pts[i].outlier = fabs(v - t) > z998 * se;
	}
	for (i = 0; i < NLIM; i++) {
		n = 5 + 5 * (double)i;
		se = sqrt(t * (1 - t) / n);
		f->lim[i].volume = n;
		f->lim[i].lo95 = t - z95 * se;
		f->lim[i].hi95 = t + z95 * se;
		f->lim[i].lo998 = fmax(0, t - z998 * se);
		f->lim[i].hi998 = fmin(1, t + z998 * se);
		se = sqrt(t * (1 - t) / n + 0.0009);
		f->lim[i].od_lo95 = t - z95 * se;
		f->lim[i].od_hi95 = t + z95 * se;
		f->lim[i].od_lo998 = fmax(0, t - z998 * se);
		f->lim[i].od_hi998 = fmin(1, t + z998 * se);
	}
	f->fun = (struct qi_funnel_input){ &f->ind[0], f->orgs, 2,
	    { 2024, 0 }, f->pts, NHOSP, t, f->lim, NLIM, 0, 0.95, 0.998,
	    0, QI_OD_NONE, QI_SCALE_RAW, NAN, NAN, NAN };

	/* Profile: seven indicators, one withheld, one neutral. */
	for (i = 0; i < NIND; i++) {
		f->rows[i].def = &f->ind[i];
		f->rows[i].status = QI_STATUS_OK;
		f->rows[i].own = i == 5 ? 0.0031 : i == 2 || i == 3 ?
		    0.062 : 0.74;
		f->rows[i].other = f->rows[i].own * (1.03 - 0.02 * (double)i);
		f->rows[i].rate = f->rows[i].own * (0.9 + 0.05 * (double)i);
		f->rows[i].lower = f->rows[i].rate * 0.92;
		f->rows[i].upper = fmin(1, f->rows[i].rate * 1.08);
	}
	f->rows[3].status = QI_STATUS_SMALL_DENOMINATOR;
	f->rows[3].rate = f->rows[3].lower = f->rows[3].upper = NAN;
	f->prof = (struct qi_profile_input){ "仙台医療センター", 0, 1,
	    f->orgs, 2, { 2024, 0 }, f->rows, NIND };

	/* Variants: "-" against onset_7d; some withheld under one, ties. */
	f->vind = f->ind[0];
	f->variant.name = (char *)"onset_7d";
	f->variant.ja = (char *)"発症7日以内の入院を対象とする方法";
	f->variant.en = (char *)"Admissions within 7 days of onset";
	f->vind.variants = &f->variant;
	f->vind.nvariants = 1;
	f->vdefs = (struct qi_defset){ &f->vind, 1, NULL };
	for (i = 0; i < NVH; i++) {
		snprintf(f->hid[i], sizeof(f->hid[i]), "H%03zu", NVH - i);
		snprintf(f->hja[i], sizeof(f->hja[i]), "%s%zu",
		    stems_ja[i % 6], i);
		snprintf(f->hen[i], sizeof(f->hen[i]), "%s Hospital %zu",
		    i % 6 == 0 ? "National Hospital Organization Hokkaido "
		    "Medical Center for Children and Adults" : "Regional", i);
		f->hosps[i] = (struct qi_hospital){ f->hid[i], i < 48 ? 0 : 1,
		    f->hja[i], f->hen[i], "", 200, "" };
		f->vrows[i].hospital = i;
		f->vrows[i].rate[0] = i % 10 == 3 ? 0.70 :
		    0.45 + 0.5 * unif(&seed);
		f->vrows[i].rate[1] = fmin(1, fmax(0, f->vrows[i].rate[0] +
		    (unif(&seed) - 0.5) * 0.3));
		for (o = 0; o < 2; o++) {
			f->vrows[i].status[o] = QI_STATUS_OK;
			f->vrows[i].den[o] = 100;
			f->vrows[i].num[o] = lround(f->vrows[i].rate[o] * 100);
		}
		if (i % 9 == 4) {
			f->vrows[i].rate[1] = NAN;
			f->vrows[i].status[1] = QI_STATUS_SMALL_DENOMINATOR;
		}
	}
	f->vrows[7].rate[0] = NAN;
	f->vrows[7].status[0] = QI_STATUS_SMALL_NUMERATOR;
	f->reg = (struct qi_registry){ f->orgs, 2, f->hosps, NVH, NULL, NULL };
	f->var = (struct qi_varcmp){ &f->vdefs, &f->reg, 0, { 2024, 0 },
	    { (char *)"-", (char *)"onset_7d" }, f->vrows, NVH };

	/* Caterpillar: the variants' hospitals, some withheld, with their
	   organisations' pooled rates. */
	for (i = 0; i < NVH; i++) {
		r = &f->cres[i];
		r->indicator = 0;
		r->scope = QI_SCOPE_HOSPITAL;
		r->period = (struct qi_period){ 2024, 0 };
		r->org = (long)f->hosps[i].org;
		r->hospital = (long)i;
		r->numerator = f->vrows[i].num[0];
		r->denominator = 100;
		r->rate = f->vrows[i].rate[0];
		r->lower = fmax(0, r->rate - 0.09);
		r->upper = fmin(1, r->rate + 0.08);
		r->status = QI_STATUS_OK;
		if (i % 11 == 6) {
			r->status = QI_STATUS_SMALL_DENOMINATOR;
			r->rate = r->lower = r->upper = NAN;
		} else if (!isfinite(r->rate)) {
			r->status = QI_STATUS_SMALL_NUMERATOR;
			r->lower = r->upper = NAN;
		}
	}
	for (o = 0; o < 2; o++) {
		r = &f->cres[NVH + o];
		r->indicator = 0;
		r->scope = QI_SCOPE_ORG;
		r->period = (struct qi_period){ 2024, 0 };
		r->org = (long)o;
		r->hospital = -1;
		r->numerator = o == 0 ? 3100 : 780;
		r->denominator = o == 0 ? 4800 : 1200;
		r->rate = (double)r->numerator / (double)r->denominator;
		r->lower = r->rate - 0.01;
		r->upper = r->rate + 0.01;
		r->status = QI_STATUS_OK;
	}
	f->cat = (struct qi_results){ .v = f->cres, .n = NVH + 2,
	    .defs = &f->vdefs, .reg = &f->reg };

	/* VLAD: twelve quarters of deaths against expected deaths; quarter
	   5 withheld (small denominator), quarter 8 complementary */
	for (q = 0; q < NQ; q++) {
		f->ve[q] = 2.0 + 1.5 * unif(&seed);
		f->vo[q] = floor(f->ve[q] + (unif(&seed) - 0.4) * 3);
		f->vo[q] = fmax(0, f->vo[q]);
	}
	f->vo[5] = f->ve[5] = f->vo[8] = f->ve[8] = NAN;
	for (q = 0, v = 0; q < NQ; q++) {
		if (isfinite(f->vo[q]))
			v += f->ve[q] - f->vo[q];
		f->vc[q] = isfinite(f->vo[q]) ? v : NAN;
	}
	f->vlad = (struct qi_vlad_input){ .def = &f->ind[3],
	    .hospital = "仙台医療センター", .org = 0, .periods = f->quarters,
	    .n = NQ, .cum = f->vc, .observed = f->vo, .expected = f->ve };
	f->vlad.withheld.n = 2;
	f->vlad.withheld.small_den = 1;
	f->vlad.withheld.complement = 1;

	f->surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
	f->cr = cairo_create(f->surf);
	if ((f->dir = fixture_dir()) == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	cairo_destroy(f->cr);
	cairo_surface_destroy(f->surf);
	fixture_rmdir(f->dir);
	free(f);
	return 0;
}

static enum qi_err
lay(struct fix *f, enum kind k, const struct qi_chartcfg *cfg,
    union layout *u)
{
	switch (k) {
	case K_COMPARE:
		return qi_compare_layout(&f->cmp, cfg, f->cr, &u->cmp);
	case K_TREND:
		return qi_trend_layout(&f->trend, cfg, f->cr, &u->trend);
	case K_SPC:
		return qi_spc_layout(&f->spc, cfg, f->cr, &u->spc);
	case K_FUNNEL:
		return qi_funnel_layout(&f->fun, cfg, f->cr, &u->fun);
	case K_VARIANTS:
		return qi_varcmp_layout(&f->var, cfg, f->cr, &u->var);
	case K_CATERPILLAR:
		return qi_caterpillar_layout(&f->cat, 0, (struct qi_period){
		    2024, 0 }, cfg, f->cr, &u->cat);
	case K_VLAD:
		return qi_vlad_layout(&f->vlad, cfg, f->cr, &u->vlad);
	default:
		return qi_profile_layout(&f->prof, cfg, f->cr, &u->prof);
	}
}

static struct qi_frame *
frame_of(enum kind k, union layout *u)
{
	switch (k) {
	case K_COMPARE:
		return &u->cmp.frame;
	case K_TREND:
		return &u->trend.frame;
	case K_SPC:
		return &u->spc.frame;
	case K_FUNNEL:
		return &u->fun.frame;
	case K_VARIANTS:
		return &u->var.frame;
	case K_CATERPILLAR:
		return &u->cat.frame;
	case K_VLAD:
		return &u->vlad.frame;
	default:
		return &u->prof.frame;
	}
}

static void
unlay(enum kind k, union layout *u)
{
	switch (k) {
	case K_COMPARE:
		qi_compare_layout_free(&u->cmp);
		break;
	case K_TREND:
		qi_trend_layout_free(&u->trend);
		break;
	case K_SPC:
		qi_spc_layout_free(&u->spc);
		break;
	case K_FUNNEL:
		qi_funnel_layout_free(&u->fun);
		break;
	case K_VARIANTS:
		qi_varcmp_layout_free(&u->var);
		break;
	case K_CATERPILLAR:
		qi_caterpillar_layout_free(&u->cat);
		break;
	case K_VLAD:
		qi_vlad_layout_free(&u->vlad);
		break;
	default:
		qi_profile_layout_free(&u->prof);
		break;
	}
}

static enum qi_err
wr(struct fix *f, enum kind k, const char *path, enum qi_format fmt,
    const struct qi_chartcfg *cfg)
{
	switch (k) {
	case K_COMPARE:
		return qi_compare_write(path, fmt, &f->cmp, cfg, NULL);
	case K_TREND:
		return qi_trend_write(path, fmt, &f->trend, cfg, NULL);
	case K_SPC:
		return qi_spc_write(path, fmt, &f->spc, cfg, NULL);
	case K_FUNNEL:
		return qi_funnel_write(path, fmt, &f->fun, cfg, NULL);
	case K_VARIANTS:
		return qi_varcmp_write(path, fmt, &f->var, cfg, NULL);
	case K_CATERPILLAR:
		return qi_caterpillar_write(path, fmt, &f->cat, 0,
		    (struct qi_period){ 2024, 0 }, cfg, NULL);
	case K_VLAD:
		return qi_vlad_write(path, fmt, &f->vlad, cfg, NULL);
	default:
		return qi_profile_write(path, fmt, &f->prof, cfg, NULL);
	}
}

/* Fails naming the two texts that touch or the one off the page. */
static void
check_frame(const struct qi_frame *F, const char *what)
{
	const struct qi_label *a, *b;
	size_t i, j;

	assert_true(F->height == floor(F->height));
	for (i = 0; i < F->nlabels; i++) {
		a = &F->labels[i];
		if (a->text[0] == '\0')
			continue;
		if (a->x < -1e-9 || a->y < -1e-9 ||
		    a->x + a->w > F->width + 1e-9 ||
		    a->y + a->h > F->height + 1e-9)
			fail_msg("%s: \"%s\" (%g,%g %gx%g) is off the %gx%g "
			    "page\n", what, a->text, a->x, a->y, a->w, a->h,
			    F->width, F->height);
		for (j = i + 1; j < F->nlabels; j++) {
			b = &F->labels[j];
			if (b->text[0] == '\0')
				continue;
			if (qi_box_hits(a->x, a->y, a->w, a->h, b->x, b->y,
			    b->w, b->h, 0))
				fail_msg("%s: \"%s\" (%g,%g %gx%g) overlaps "
				    "\"%s\" (%g,%g %gx%g)\n", what, a->text,
				    a->x, a->y, a->w, a->h, b->text, b->x,
				    b->y, b->w, b->h);
		}
	}
	for (i = 0; i < F->nkeys; i++)
		assert_true(F->keys[i].x - 9 >= 0 &&
		    F->keys[i].x + 9 <= F->width);
}

/*
 * Every kind, in Japanese and English, at the default width and a narrow
 * page: no two text boxes (titles, legend, ticks, period labels, value
 * and outlier labels, version labels, footers) intersect, and all lie on
 * the page.
 */
static void
test_chart_kinds_texts_never_collide_and_stay_on_page(void **state)
{
	struct fix *f = *state;
	static const char *const langs[] = { "ja", "en" };
	static const double widths[] = { 900, 520 };
	struct qi_chartcfg cfg;
	union layout u;
	char what[64];
	size_t k, l, w;

	for (k = 0; k < K__MAX; k++)
		for (l = 0; l < 2; l++)
			for (w = 0; w < 2; w++) {
				qi_chartcfg_defaults(&cfg);
				cfg.lang = langs[l];
				cfg.width = widths[w];
				snprintf(what, sizeof(what), "%s/%s/%g",
				    kind_name[k], langs[l], widths[w]);
				if (lay(f, (enum kind)k, &cfg, &u) != QI_OK)
					fail_msg("%s: no layout\n", what);
				check_frame(frame_of((enum kind)k, &u), what);
				unlay((enum kind)k, &u);
			}
}

/* The collision check itself fails on two boxes that overlap. */
static void
test_chart_kinds_box_test_sees_overlap(void **state)
{
	(void)state;
	assert_true(qi_box_hits(0, 0, 10, 10, 9, 9, 10, 10, 0));
	assert_false(qi_box_hits(0, 0, 10, 10, 10.5, 0, 10, 10, 0));
	assert_true(qi_box_hits(0, 0, 10, 10, 10.5, 0, 10, 10, 1));
}

/*
 * Forty quarters on a narrow page cannot all be labelled: every k-th is,
 * k > 1, and the shown labels keep apart; twelve on a wide page all are.
 */
static void
test_chart_kinds_period_labels_thinned_when_crowded(void **state)
{
	struct fix *f = *state;
	struct qi_period p[40];
	struct qi_orgcell c[80];
	struct qi_orgseries s;
	struct qi_trend_layout L;
	struct qi_chartcfg cfg;
	size_t i;

	for (i = 0; i < 40; i++) {
		p[i].fy = 2015 + (int)(i / 4);
		p[i].q = (int)(i % 4) + 1;
		cell(&c[2 * i], 0.7, 2000);
		cell(&c[2 * i + 1], 0.75, 400);
	}
	s = (struct qi_orgseries){ &f->ind[0], f->orgs, 2, p, 40, c, NULL };
	qi_chartcfg_defaults(&cfg);
	cfg.width = 480;
	assert_int_equal(qi_trend_layout(&s, &cfg, f->cr, &L), QI_OK);
	assert_true(L.thin > 1);
	check_frame(&L.frame, "40 quarters");
	qi_trend_layout_free(&L);

	qi_chartcfg_defaults(&cfg);
	assert_int_equal(qi_trend_layout(&f->trend, &cfg, f->cr, &L), QI_OK);
	assert_int_equal(L.thin, 1);
	qi_trend_layout_free(&L);
}

/* Does s end in "…"? */
static int
ends_in_ellipsis(const char *s)
{
	size_t n = strlen(s);

	return n >= 3 && strcmp(s + n - 3, "\xe2\x80\xa6") == 0;
}

/*
 * Long Japanese names are shortened with "…": outlier labels on the
 * funnel to 130 pt, indicator names in the profile to the name column.
 */
static void
test_chart_kinds_long_japanese_names_shortened(void **state)
{
	struct fix *f = *state;
	struct qi_funnel_layout F;
	struct qi_profile_layout P;
	struct qi_chartcfg cfg;
	const struct qi_label *l;
	size_t i, nshort = 0;

	qi_chartcfg_defaults(&cfg);
	assert_int_equal(qi_funnel_layout(&f->fun, &cfg, f->cr, &F), QI_OK);
	assert_true(F.noutliers > 0);
	for (i = 0; i < F.nmarks; i++) {
		if (F.marks[i].label == QI_NOLABEL)
			continue;
		l = &F.frame.labels[F.marks[i].label];
		assert_true(l->w <= 130.0 + 1e-9);
		if (F.marks[i].period % 6 == 0) {	/* the long stem */
			assert_true(ends_in_ellipsis(l->text));
			nshort++;
		}
	}
	assert_true(nshort > 0);
	qi_funnel_layout_free(&F);

	cfg.label_max = 120;
	assert_int_equal(qi_profile_layout(&f->prof, &cfg, f->cr, &P), QI_OK);
	assert_true(P.label_w <= 120);
	nshort = 0;
	for (i = 0; i < P.frame.nlabels; i++) {
		l = &P.frame.labels[i];
		if (l->role == QI_FONT_LABEL) {
			assert_true(l->w <= P.label_w + 1e-9);
			nshort += ends_in_ellipsis(l->text);
		}
	}
	assert_true(nshort > 0);
	qi_profile_layout_free(&P);
}

/* The change to definition v2 is a rule between FY2023 Q2 and Q3. */
static void
test_chart_kinds_version_change_marked(void **state)
{
	struct fix *f = *state;
	struct qi_trend_layout L;
	struct qi_spc_layout S;
	struct qi_chartcfg cfg;
	double x5, x6;

	qi_chartcfg_defaults(&cfg);
	assert_int_equal(qi_trend_layout(&f->trend, &cfg, f->cr, &L), QI_OK);
	assert_int_equal(L.nrules, 1);
	assert_int_equal(L.rules[0].version, 2);
	assert_string_equal(L.frame.labels[L.rules[0].label].text, "定義 v2");
	x5 = L.frame.plot_x + L.cat_w * 5.5;
	x6 = L.frame.plot_x + L.cat_w * 6.5;
	assert_true(L.rules[0].x > x5 && L.rules[0].x < x6);
	qi_trend_layout_free(&L);

	cfg.lang = "en";
	assert_int_equal(qi_spc_layout(&f->spc, &cfg, f->cr, &S), QI_OK);
	assert_int_equal(S.nrules, 1);
	assert_string_equal(S.frame.labels[S.rules[0].label].text,
	    "definition v2");
	qi_spc_layout_free(&S);
}

/*
 * The SPC chart rings exactly the points beyond their quarter's limits,
 * labels them, draws no point for a quarter without a value, and its
 * limit steps span each quarter's slot.
 */
static void
test_chart_kinds_spc_points_outside_limits_highlighted(void **state)
{
	struct fix *f = *state;
	struct qi_spc_layout L;
	size_t i, nout = 0;

	assert_int_equal(qi_spc_layout(&f->spc, NULL, f->cr, &L), QI_OK);
	assert_int_equal(L.nmarks, NQ - 1);
	assert_int_equal(L.noutside, 2);
	for (i = 0; i < L.nmarks; i++) {
		if (L.marks[i].period == 4 || L.marks[i].period == 9) {
			assert_true(L.marks[i].outside);
			assert_true(L.marks[i].label != QI_NOLABEL);
			nout++;
		} else
			assert_false(L.marks[i].outside);
		assert_true(L.marks[i].period != 7);
	}
	assert_int_equal(nout, 2);
	/* The point below quarter 4's lower limit is drawn below it. */
	for (i = 0; i < L.nmarks; i++)
		if (L.marks[i].period == 4)
			assert_true(L.marks[i].y > L.steps[4].y_lo);
	for (i = 1; i < L.nsteps; i++)
		assert_true(fabs(L.steps[i].x0 - L.steps[i - 1].x1) < 1e-9);
	qi_spc_layout_free(&L);
}

/*
 * The VLAD chart: a point per quarter with a cumulative value, none for
 * the withheld quarters, which break the line and are counted in the
 * footer by reason; higher sums drawn higher; the zero line at 0; the
 * last point's value labelled with its sign; and a hospital with no
 * published quarter says so in the plot.
 */
static void
test_chart_kinds_vlad_withheld_break_the_line(void **state)
{
	struct fix *f = *state;
	struct qi_vlad_layout L;
	struct qi_vlad_input none;
	double nan[NQ];
	const char *foot;
	size_t i, j;

	assert_int_equal(qi_vlad_layout(&f->vlad, NULL, f->cr, &L), QI_OK);
	assert_int_equal(L.nmarks, NQ - 2);
	for (i = 0; i < L.nmarks; i++) {
		assert_true(L.marks[i].period != 5 && L.marks[i].period != 8);
		assert_true(L.marks[i].y >= L.frame.plot_y &&
		    L.marks[i].y <= L.frame.plot_y + L.frame.plot_h);
		for (j = 0; j < i; j++)
			if (f->vc[L.marks[i].period] >
			    f->vc[L.marks[j].period] + 1e-9)
				assert_true(L.marks[i].y < L.marks[j].y);
	}
	assert_true(fabs(L.zero_y - qi_axis_pos(&L.frame.y, 0)) < 1e-9);
	assert_true(L.frame.y.lo <= -1 && L.frame.y.hi >= 1);
	i = L.marks[L.nmarks - 1].label;
	assert_true(i != QI_NOLABEL);
	assert_true(L.frame.labels[i].text[0] == '+' ||
	    strncmp(L.frame.labels[i].text, "\xe2\x88\x92", 3) == 0 ||
	    strcmp(L.frame.labels[i].text, "0.0") == 0);
	foot = L.frame.labels[L.frame.nlabels - 1].text;
	assert_non_null(strstr(foot, "非公表の 2 四半期"));
	assert_non_null(strstr(foot, "分母が 10 未満: 1"));
	qi_vlad_layout_free(&L);

	none = f->vlad;
	for (i = 0; i < NQ; i++)
		nan[i] = NAN;
	none.cum = none.observed = none.expected = nan;
	assert_int_equal(qi_vlad_layout(&none, NULL, f->cr, &L), QI_OK);
	assert_int_equal(L.nmarks, 0);
	for (i = 0; i < L.frame.nlabels; i++)
		if (strcmp(L.frame.labels[i].text,
		    "公表された四半期がありません。") == 0)
			break;
	assert_true(i < L.frame.nlabels);
	check_frame(&L.frame, "vlad without points");
	qi_vlad_layout_free(&L);
}

/*
 * The funnel plots every published hospital and none withheld, counts
 * the withheld in the footer, and gives every outlier a name label or
 * counts it unlabelled.
 */
static void
test_chart_kinds_funnel_withheld_counted_not_plotted(void **state)
{
	struct fix *f = *state;
	struct qi_funnel_layout L;
	const char *foot;
	char want[64];
	size_t i, nok = 0, nout = 0, nlab = 0;

	for (i = 0; i < NHOSP; i++) {
		nok += f->pts[i].status == QI_STATUS_OK;
		nout += f->pts[i].status == QI_STATUS_OK && f->pts[i].outlier;
	}
	assert_true(nok < NHOSP);
	assert_int_equal(qi_funnel_layout(&f->fun, NULL, f->cr, &L), QI_OK);
	assert_int_equal(L.nmarks, nok);
	assert_int_equal(L.withheld.n, NHOSP - nok);
	assert_int_equal(L.noutliers, nout);
	for (i = 0; i < L.nmarks; i++) {
		assert_int_equal(f->pts[L.marks[i].period].status,
		    QI_STATUS_OK);
		nlab += L.marks[i].label != QI_NOLABEL;
		assert_true(L.marks[i].label == QI_NOLABEL ||
		    L.marks[i].outside);
	}
	assert_int_equal(nlab + L.nunlabelled, nout);
	assert_true(L.has_od);
	foot = L.frame.labels[L.frame.nlabels - 1].text;
	snprintf(want, sizeof(want), "%zu 施設を表示していません",
	    NHOSP - nok);
	assert_non_null(strstr(foot, want));
	/* Points lie in the plot, the target inside the value axis. */
	for (i = 0; i < L.nmarks; i++)
		assert_true(L.marks[i].x >= L.frame.plot_x &&
		    L.marks[i].x <= L.frame.plot_x + L.frame.plot_w &&
		    L.marks[i].y >= L.frame.plot_y &&
		    L.marks[i].y <= L.frame.plot_y + L.frame.plot_h);
	qi_funnel_layout_free(&L);
}

/*
 * The comparison dodges organisations within a period, keeps withheld
 * cells out and counts them, and labels values.
 */
static void
test_chart_kinds_compare_dodged_and_withheld_counted(void **state)
{
	struct fix *f = *state;
	struct qi_compare_layout L;
	size_t i, nlab = 0;

	assert_int_equal(qi_compare_layout(&f->cmp, NULL, f->cr, &L), QI_OK);
	assert_int_equal(L.nmarks, NYEARS * 2 - 1);
	assert_int_equal(L.withheld.n, 1);
	assert_int_equal(L.withheld.small_den, 1);
	for (i = 1; i < L.nmarks; i++)
		if (L.marks[i].period == L.marks[i - 1].period)
			assert_true(L.marks[i].x > L.marks[i - 1].x + 5);
	for (i = 0; i < L.nmarks; i++)
		nlab += L.marks[i].label != QI_NOLABEL;
	assert_int_equal(nlab + L.nunlabelled, L.nmarks);
	assert_true(nlab > 0);
	qi_compare_layout_free(&L);
}

/*
 * In the profile right is better: a hospital with a lower rate than its
 * organisation lies right of zero on a lower-is-better indicator and
 * left of it on a higher-is-better one; a withheld row draws no point
 * and says why.
 */
static void
test_chart_kinds_profile_better_is_right(void **state)
{
	struct fix *f = *state;
	struct qi_profile_layout L;
	size_t i;
	int found = 0;

	assert_int_equal(qi_profile_layout(&f->prof, NULL, f->cr, &L), QI_OK);
	/* Row 0: higher better, rate 0.9 x own: left of zero. */
	assert_true(L.rows[0].shown && L.rows[0].x < L.zero_x);
	/* Row 2: lower better, rate 1.0 x own: at zero; row 5 (lower
	   better, 1.15 x own) left; make row 2 lower than own: see below. */
	assert_true(L.rows[5].shown && L.rows[5].x < L.zero_x);
	assert_true(L.rows[5].flipped);
	assert_false(L.rows[3].shown);
	assert_int_equal(L.nwithheld, 1);
	for (i = 0; i < L.frame.nlabels; i++)
		if (strstr(L.frame.labels[i].text, "非公表: 分母が 10 未満"))
			found = 1;
	assert_true(found);
	qi_profile_layout_free(&L);

	f->rows[2].rate = f->rows[2].own * 0.8;	/* fewer readmissions */
	f->rows[2].lower = f->rows[2].rate * 0.9;
	f->rows[2].upper = f->rows[2].rate * 1.1;
	assert_int_equal(qi_profile_layout(&f->prof, NULL, f->cr, &L), QI_OK);
	assert_true(L.rows[2].x > L.zero_x);
	assert_true(L.rows[2].x_lo <= L.rows[2].x && L.rows[2].x <=
	    L.rows[2].x_hi);
	qi_profile_layout_free(&L);
}

/* Index of the first label containing s, or QI_NOLABEL. */
static size_t
find_label(const struct qi_frame *F, const char *s)
{
	size_t i;

	for (i = 0; i < F->nlabels; i++)
		if (strstr(F->labels[i].text, s) != NULL)
			return i;
	return QI_NOLABEL;
}

/*
 * Every mark of a variants layout: its row is published under both, its
 * name label sits in the name column centred on the row and is the
 * hospital's name (or a shortening of it), both dots lie in the plot at
 * their rates; rows go by the rate under a, highest first, equal rates
 * by hospital id.
 */
static void
check_variants(const struct qi_varcmp *c, const struct qi_varcmp_layout *L,
    int en)
{
	const struct qi_frame *F = &L->frame;
	const struct qi_varrow *r, *p;
	const struct qi_varmark *mk;
	const struct qi_label *l;
	const char *name;
	size_t i, n = 0, len;

	for (i = 0; i < c->n; i++)
		n += isfinite(c->rows[i].rate[0]) &&
		    isfinite(c->rows[i].rate[1]);
	assert_int_equal(L->nmarks, n);
	assert_int_equal(L->nresults, c->n);
	for (i = 0; i < L->nmarks; i++) {
		mk = &L->marks[i];
		assert_true(mk->row < c->n);
		r = &c->rows[mk->row];
		assert_true(isfinite(r->rate[0]) && isfinite(r->rate[1]));
		assert_int_equal(mk->org, c->reg->hosps[r->hospital].org);
		assert_true(mk->label < F->nlabels);
		l = &F->labels[mk->label];
		assert_int_equal(l->role, QI_FONT_LABEL);
		assert_true(l->text[0] != '\0');
		assert_true(fabs(l->y + l->h / 2 - mk->y) < 1e-9);
		assert_true(l->x >= L->label_x - 1e-9 &&
		    l->x + l->w <= L->label_x + L->label_w + 1e-9);
		assert_true(l->x + l->w < F->plot_x);
		name = qi_hospital_name(&c->reg->hosps[r->hospital], en);
		if (strcmp(l->text, name) != 0) {
			assert_true(ends_in_ellipsis(l->text));
			len = strlen(l->text) - 3;
			assert_memory_equal(l->text, name, len);
		}
		assert_true(mk->y > F->plot_y && mk->y < F->plot_y + F->plot_h);
		assert_true(mk->xa >= F->plot_x && mk->xa <= F->plot_x +
		    F->plot_w);
		assert_true(mk->xb >= F->plot_x && mk->xb <= F->plot_x +
		    F->plot_w);
		assert_true(fabs(mk->xa - qi_axis_pos(&F->x, r->rate[0] *
		    100)) < 1e-9);
		assert_true(fabs(mk->xb - qi_axis_pos(&F->x, r->rate[1] *
		    100)) < 1e-9);
		if (i == 0)
			continue;
		assert_true(mk->y > L->marks[i - 1].y);
		p = &c->rows[L->marks[i - 1].row];
		assert_true(p->rate[0] > r->rate[0] ||
		    (p->rate[0] == r->rate[0] &&
		    strcmp(c->reg->hosps[p->hospital].id,
		    c->reg->hosps[r->hospital].id) < 0));
	}
}

/*
 * The variants chart on the frame: title (indicator, period, a -> b),
 * a legend with a dot per organisation and the hollow -> filled key, an
 * x axis with its title, a name for every row, the marks in the plot,
 * rows in order (the ties at 70% by id, which here is not registry
 * order), long names shortened, and the counts in the footer.
 */
static void
test_chart_kinds_variants_rows_ordered_in_the_frame(void **state)
{
	struct fix *f = *state;
	struct qi_varcmp_layout L;
	struct qi_chartcfg cfg;
	const struct qi_frame *F = &L.frame;
	char want[96];
	size_t i, nties = 0, nshort = 0;

	qi_chartcfg_defaults(&cfg);
	cfg.label_max = 150;
	assert_int_equal(qi_varcmp_layout(&f->var, &cfg, f->cr, &L), QI_OK);
	check_variants(&f->var, &L, 0);
	check_frame(F, "variants/ja");
	assert_true(L.nmarks > 40 && L.nmarks < NVH);
	assert_non_null(strstr(F->labels[F->title].text,
	    "急性期脳梗塞患者に対する早期リハビリテーション開始率"));
	assert_non_null(strstr(F->labels[F->title].text, "2024年度"));
	assert_non_null(strstr(F->labels[F->title].text,
	    "定義どおり \xe2\x86\x92 onset_7d"));
	assert_true(find_label(F, "発症7日以内の入院を対象とする方法") !=
	    QI_NOLABEL);
	assert_int_equal(F->nkeys, 3);
	assert_int_equal(F->keys[0].kind, QI_KEY_DOT);
	assert_int_equal(F->keys[0].org, 0);
	assert_int_equal(F->keys[1].kind, QI_KEY_DOT);
	assert_int_equal(F->keys[1].org, 1);
	assert_int_equal(F->keys[2].kind, QI_KEY_CHANGE);
	assert_string_equal(F->labels[F->keys[0].label].text,
	    "国立病院機構");
	assert_non_null(strstr(F->labels[F->keys[2].label].text, "白抜き"));
	assert_true(F->xgrid && F->x.nticks >= 2);
	assert_true(F->x.lo >= 0 && F->x.hi <= 100);
	assert_true(find_label(F, "率（%）") != QI_NOLABEL);
	for (i = 0; i < L.nmarks; i++) {
		nties += f->var.rows[L.marks[i].row].rate[0] == 0.70;
		nshort += ends_in_ellipsis(F->labels[L.marks[i].label].text);
	}
	assert_true(nties >= 3);
	assert_true(nshort > 0);
	snprintf(want, sizeof(want), "結果のある %d 施設のうち、両方の定義で"
	    "公表された施設: %zu。", NVH, L.nmarks);
	assert_non_null(strstr(F->labels[F->nlabels - 1].text, want));
	assert_int_equal(L.empty, QI_NOLABEL);
	qi_varcmp_layout_free(&L);

	cfg.lang = "en";
	cfg.width = 520;
	assert_int_equal(qi_varcmp_layout(&f->var, &cfg, f->cr, &L), QI_OK);
	check_variants(&f->var, &L, 1);
	check_frame(F, "variants/en/520");
	assert_non_null(strstr(F->labels[F->title].text,
	    "Early rehabilitation after acute ischaemic stroke, FY2024: "
	    "as defined \xe2\x86\x92 onset_7d"));
	assert_true(find_label(F, "Rate (%)") != QI_NOLABEL);
	snprintf(want, sizeof(want), "%zu of the %d hospitals with a result",
	    L.nmarks, NVH);
	assert_non_null(strstr(F->labels[F->nlabels - 1].text, want));
	qi_varcmp_layout_free(&L);
}

/*
 * One hospital, one hospital with equal rates, none published under
 * both, and no hospital at all: each lays out on the page (a note in
 * the empty plot) and writes; a missing comparison is a usage error.
 */
static void
test_chart_kinds_variants_one_or_no_hospital(void **state)
{
	struct fix *f = *state;
	struct qi_varcmp c = f->var;
	struct qi_varcmp_layout L;
	struct qi_varrow rows[3];
	char *path;
	size_t i;

	c.rows = rows;
	rows[0] = f->vrows[0];
	c.n = 1;
	assert_int_equal(qi_varcmp_layout(&c, NULL, f->cr, &L), QI_OK);
	assert_int_equal(L.nmarks, 1);
	check_variants(&c, &L, 0);
	check_frame(&L.frame, "variants/one");
	assert_true(L.frame.x.nticks >= 2);
	qi_varcmp_layout_free(&L);

	rows[0].rate[1] = rows[0].rate[0];
	assert_int_equal(qi_varcmp_layout(&c, NULL, f->cr, &L), QI_OK);
	check_variants(&c, &L, 0);
	check_frame(&L.frame, "variants/one, equal");
	qi_varcmp_layout_free(&L);

	for (i = 0; i < 3; i++) {
		rows[i] = f->vrows[i];
		rows[i].rate[i % 2] = NAN;
	}
	c.n = 3;
	for (i = 0; i < 2; i++) {
		assert_int_equal(qi_varcmp_layout(&c, NULL, f->cr, &L), QI_OK);
		assert_int_equal(L.nmarks, 0);
		assert_int_equal(L.nresults, c.n);
		assert_true(L.empty != QI_NOLABEL);
		assert_non_null(strstr(L.frame.labels[L.empty].text,
		    "両方の定義で公表された施設はありません"));
		assert_true(L.frame.x.nticks >= 2);
		check_frame(&L.frame, "variants/none");
		qi_varcmp_layout_free(&L);
		path = g_build_filename(f->dir, "variants-none.png", NULL);
		assert_int_equal(qi_varcmp_write(path, QI_FORMAT_PNG, &c, NULL,
		    NULL), QI_OK);
		g_free(path);
		c.n = 0;	/* then no hospital at all */
	}
	assert_int_equal(qi_varcmp_layout(NULL, NULL, f->cr, &L), QI_EUSAGE);
	assert_null(L.marks);
	c.reg = NULL;
	assert_int_equal(qi_varcmp_layout(&c, NULL, f->cr, &L), QI_EUSAGE);
}

/* Whole file into memory; g_free() it. */
static char *
slurp(const char *path, size_t *len)
{
	char *buf = NULL;
	gsize n = 0;

	if (!g_file_get_contents(path, &buf, &n, NULL))
		return NULL;
	*len = n;
	return buf;
}

static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
}

/* Every kind written twice gives the same bytes, in PNG, PDF and SVG. */
static void
test_chart_kinds_files_byte_identical(void **state)
{
	struct fix *f = *state;
	static const char *const ext[] = { "png", "pdf", "svg" };
	char *pa, *pb, *ba, *bb, name[64];
	size_t k, e, la = 0, lb = 0;

	for (k = 0; k < K__MAX; k++)
		for (e = 0; e < 3; e++) {
			snprintf(name, sizeof(name), "%s-a.%s", kind_name[k],
			    ext[e]);
			pa = g_build_filename(f->dir, name, NULL);
			snprintf(name, sizeof(name), "%s-b.%s", kind_name[k],
			    ext[e]);
			pb = g_build_filename(f->dir, name, NULL);
			assert_int_equal(wr(f, (enum kind)k, pa,
			    (enum qi_format)e, NULL), QI_OK);
			assert_int_equal(wr(f, (enum kind)k, pb,
			    (enum qi_format)e, NULL), QI_OK);
			ba = slurp(pa, &la);
			bb = slurp(pb, &lb);
			assert_non_null(ba);
			assert_non_null(bb);
			assert_true(la > 100);
			assert_int_equal(la, lb);
			assert_memory_equal(ba, bb, la);
			g_free(ba);
			g_free(bb);
			g_free(pa);
			g_free(pb);
		}
}

/* For srcset: the 2x PNG of every kind is exactly twice the 1x one. */
static void
test_chart_kinds_png_2x_is_twice_1x(void **state)
{
	struct fix *f = *state;
	struct qi_chartcfg cfg;
	unsigned char *b1, *b2;
	char *p1, *p2, name[64];
	size_t k, l1 = 0, l2 = 0;

	for (k = 0; k < K__MAX; k++) {
		qi_chartcfg_defaults(&cfg);
		snprintf(name, sizeof(name), "%s.png", kind_name[k]);
		p1 = g_build_filename(f->dir, name, NULL);
		snprintf(name, sizeof(name), "%s@2x.png", kind_name[k]);
		p2 = g_build_filename(f->dir, name, NULL);
		assert_int_equal(wr(f, (enum kind)k, p1, QI_FORMAT_PNG, &cfg),
		    QI_OK);
		cfg.scale = 2;
		assert_int_equal(wr(f, (enum kind)k, p2, QI_FORMAT_PNG, &cfg),
		    QI_OK);
		b1 = (unsigned char *)slurp(p1, &l1);
		b2 = (unsigned char *)slurp(p2, &l2);
		assert_non_null(b1);
		assert_non_null(b2);
		assert_true(l1 > 24 && l2 > 24);
		assert_int_equal(be32(b1 + 16), 900);
		assert_int_equal(be32(b2 + 16), 2 * be32(b1 + 16));
		assert_int_equal(be32(b2 + 20), 2 * be32(b1 + 20));
		g_free(b1);
		g_free(b2);
		g_free(p1);
		g_free(p2);
	}
}

static enum qi_err
compare_cb(cairo_t *cr, double w, double h, void *arg)
{
	(void)w;
	(void)h;
	return qi_compare_draw(cr, arg);
}

/*
 * A chart book: each chart a page at its own size, in order, with an
 * outline entry per titled page; a book closed without keeping it, or
 * after a failed page, leaves no file.
 */
static enum qi_err
failing_cb(cairo_t *cr, double w, double h, void *arg)
{
	(void)cr;
	(void)w;
	(void)h;
	(void)arg;
	return QI_ESYS;
}

/* Does the first len bytes of b (a PDF: NULs in its streams) hold s? */
static int
has_bytes(const char *b, size_t len, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(b + i, s, n) == 0)
			return 1;
	return 0;
}

static void
test_chart_kinds_book_pages_in_order(void **state)
{
	struct fix *f = *state;
	struct qi_compare_layout L;
	struct qi_chart_book *b;
	struct qi_diag *d = qi_diag_alloc();
	char *p, *pdf, *box;
	size_t len = 0;

	assert_int_equal(qi_compare_layout(&f->cmp, NULL, f->cr, &L), QI_OK);
	p = g_build_filename(f->dir, "book.pdf", NULL);
	assert_non_null(b = qi_chart_book_open(p, "book", d));
	assert_int_equal(qi_chart_book_page(b, "first", L.frame.width,
	    L.frame.height, compare_cb, &L, d), QI_OK);
	assert_int_equal(qi_chart_book_page(b, "second", 600, 400,
	    compare_cb, &L, d), QI_OK);
	assert_int_equal(qi_chart_book_pages(b), 2);
	assert_int_equal(qi_chart_book_close(b, 1, d), QI_OK);
	assert_non_null(pdf = slurp(p, &len));
	assert_memory_equal(pdf, "%PDF-", 5);
	/* two pages, the first at the chart's size, then 600 x 400 */
	box = g_strdup_printf("/MediaBox [ 0 0 %g %g ]", L.frame.width,
	    L.frame.height);
	assert_true(has_bytes(pdf, len, box));
	g_free(box);
	assert_true(has_bytes(pdf, len, "/MediaBox [ 0 0 600 400 ]"));
	assert_true(has_bytes(pdf, len, "/Count 2"));
	g_free(pdf);
	assert_int_equal(qi_diag_count(d, QI_ERROR), 0);

	/* not kept, or a page failed: no file, the failure told once */
	assert_int_equal(g_unlink(p), 0);
	assert_non_null(b = qi_chart_book_open(p, "book", d));
	assert_int_equal(qi_chart_book_close(b, 0, d), QI_ESYS);
	assert_false(g_file_test(p, G_FILE_TEST_EXISTS));
	assert_non_null(b = qi_chart_book_open(p, "book", d));
	assert_int_equal(qi_chart_book_page(b, "bad", 600, 400, failing_cb,
	    NULL, d), QI_ESYS);
	assert_int_equal(qi_chart_book_page(b, "after", 600, 400,
	    compare_cb, &L, d), QI_ESYS);
	assert_int_equal(qi_chart_book_close(b, 1, d), QI_ESYS);
	assert_false(g_file_test(p, G_FILE_TEST_EXISTS));
	assert_int_equal(qi_diag_count(d, QI_ERROR), 1);
	g_free(p);
	qi_diag_free(d);
	qi_compare_layout_free(&L);
}

/* Output of a command into a string; g_free() it. */
static char *
run(const char *cmd)
{
	char *out = NULL;

	if (!g_spawn_command_line_sync(cmd, &out, NULL, NULL, NULL))
		return NULL;
	return out;
}

/*
 * Each PDF has the chart's title in its metadata and embeds its fonts as
 * subsets (pdfinfo, pdffonts from poppler-utils).
 */
static void
test_chart_kinds_pdf_has_title_and_embedded_fonts(void **state)
{
	struct fix *f = *state;
	static const char *const want[] = { "機構別の比較", "四半期の推移",
	    "管理図", "ファンネルプロット", "指標の一覧",
	    "定義どおり \xe2\x86\x92 onset_7d", "2024年度", "VLAD" };
	char *path, *cmd, *out, name[64], *line, *save;
	size_t k, nfont;

	for (k = 0; k < K__MAX; k++) {
		snprintf(name, sizeof(name), "%s.pdf", kind_name[k]);
		path = g_build_filename(f->dir, name, NULL);
		assert_int_equal(wr(f, (enum kind)k, path, QI_FORMAT_PDF,
		    NULL), QI_OK);
		cmd = g_strdup_printf("pdfinfo '%s'", path);
		out = run(cmd);
		assert_non_null(out);
		assert_non_null(strstr(out, "Title:"));
		assert_non_null(strstr(out, want[k]));
		g_free(out);
		g_free(cmd);
		cmd = g_strdup_printf("pdffonts '%s'", path);
		out = run(cmd);
		assert_non_null(out);
		assert_non_null(strstr(out, "NotoSansCJK"));
		/* Every font line after the header says emb yes, sub yes. */
		nfont = 0;
		for (line = strtok_r(out, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			if (strncmp(line, "name", 4) == 0 ||
			    strncmp(line, "----", 4) == 0)
				continue;
			assert_non_null(strstr(line, " yes yes "));
			nfont++;
		}
		assert_true(nfont > 0);
		g_free(out);
		g_free(cmd);
		g_free(path);
	}
}

/* Missing input and narrow pages are usage errors, with nothing laid out. */
static void
test_chart_kinds_bad_input_is_eusage(void **state)
{
	struct fix *f = *state;
	struct qi_chartcfg cfg;
	struct qi_orgseries s = f->cmp;
	union layout u;
	size_t k;

	qi_chartcfg_defaults(&cfg);
	cfg.width = 300;
	for (k = 0; k < K__MAX; k++) {
		assert_int_equal(lay(f, (enum kind)k, &cfg, &u), QI_EUSAGE);
		assert_null(frame_of((enum kind)k, &u)->labels);
	}
	s.nperiods = 0;
	assert_int_equal(qi_compare_layout(&s, NULL, f->cr, &u.cmp),
	    QI_EUSAGE);
	assert_int_equal(qi_trend_layout(NULL, NULL, f->cr, &u.trend),
	    QI_EUSAGE);
	assert_int_equal(qi_funnel_layout(NULL, NULL, f->cr, &u.fun),
	    QI_EUSAGE);
}

/* With QI_CHART_OUT set, write every kind as PNG to look at. */
static void
test_chart_kinds_write_for_viewing(void **state)
{
	struct fix *f = *state;
	const char *dir = getenv("QI_CHART_OUT");
	struct qi_chartcfg cfg;
	struct qi_varcmp c;
	struct qi_varrow rows[2];
	char *path, name[64];
	size_t k, l;

	if (dir == NULL || *dir == '\0')
		skip();
	for (k = 0; k < K__MAX; k++)
		for (l = 0; l < 2; l++) {
			qi_chartcfg_defaults(&cfg);
			cfg.lang = l ? "en" : "ja";
			snprintf(name, sizeof(name), "%s-%s.png", kind_name[k],
			    cfg.lang);
			path = g_build_filename(dir, name, NULL);
			assert_int_equal(wr(f, (enum kind)k, path,
			    QI_FORMAT_PNG, &cfg), QI_OK);
			g_free(path);
		}
	/* The variants chart of one hospital, and of none under both. */
	c = f->var;
	c.n = 1;
	rows[0] = f->vrows[0];
	rows[1] = f->vrows[4];	/* withheld under b */
	for (k = 1; k <= 2; k++) {
		c.rows = rows + k - 1;
		snprintf(name, sizeof(name), "variants-%s-ja.png",
		    k == 1 ? "one" : "none");
		path = g_build_filename(dir, name, NULL);
		assert_int_equal(qi_varcmp_write(path, QI_FORMAT_PNG, &c, NULL,
		    NULL), QI_OK);
		g_free(path);
	}
}

/*
 * The caterpillar on the frame: per organisation its marker key (name
 * and hospitals shown) then its pooled-rate line key; rows best first
 * with the name centred on the row and the point at the frame axis's
 * position of the rate; reference lines at their pooled rates; the
 * withheld counted in the footer; the axis title under the plot.
 */
static void
test_chart_kinds_caterpillar_in_the_frame(void **state)
{
	struct fix *f = *state;
	union layout u;
	const struct qi_caterpillar_layout *L = &u.cat;
	const struct qi_frame *F;
	const struct qi_label *lb;
	const struct qi_result *r;
	size_t i, k, o, nlab;
	int found;

	assert_int_equal(lay(f, K_CATERPILLAR, NULL, &u), QI_OK);
	F = &L->frame;
	check_frame(F, "caterpillar");
	assert_int_equal(F->nkeys, 4);
	for (o = 0; o < 2; o++) {
		assert_int_equal(F->keys[2 * o].kind, QI_KEY_ORG);
		assert_int_equal(F->keys[2 * o].org, o);
		assert_int_equal(F->keys[2 * o + 1].kind, QI_KEY_REFLINE);
		assert_int_equal(F->keys[2 * o + 1].org, o);
		assert_non_null(strstr(F->labels[F->keys[2 * o + 1].label].text,
		    "全体"));
	}
	assert_non_null(strstr(F->labels[F->keys[0].label].text, "43 施設"));
	assert_non_null(strstr(F->labels[F->keys[2].label].text, "11 施設"));
	assert_int_equal(L->nrows, NVH - 6);
	assert_int_equal(L->nsuppressed, 6);
	assert_non_null(strstr(F->labels[L->footer].text, "6 施設"));
	assert_true(L->footer == F->nlabels - 1);
	assert_true(L->empty == QI_NOLABEL);
	for (i = 0; i < L->nrows; i++) {
		r = &f->cres[L->rows[i].result];
		if (i > 0)
			assert_true(f->cres[L->rows[i - 1].result].rate >=
			    r->rate);
		assert_true(fabs(L->rows[i].x - qi_axis_pos(&F->x,
		    r->rate * 100)) < 1e-9);
		assert_true(L->rows[i].y > F->plot_y &&
		    L->rows[i].y < F->plot_y + F->plot_h);
		found = 0;
		for (k = 0; k < F->nlabels; k++) {
			lb = &F->labels[k];
			if (lb->role == QI_FONT_LABEL &&
			    strcmp(lb->text, L->rows[i].label) == 0 &&
			    fabs(lb->y + lb->h / 2 - L->rows[i].y) < 1e-9)
				found = 1;
		}
		assert_true(found);
	}
	assert_int_equal(L->nrefs, 2);
	for (k = 0; k < 2; k++) {
		r = &f->cres[L->refs[k].result];
		assert_true(fabs(L->refs[k].x - qi_axis_pos(&F->x,
		    r->rate * 100)) < 1e-9);
		assert_true(L->refs[k].box_y + L->refs[k].box_h <= F->plot_y);
	}
	nlab = 0;
	for (k = 0; k < F->nlabels; k++)
		if (F->labels[k].role == QI_FONT_AXIS &&
		    strcmp(F->labels[k].text, "率（%）") == 0 &&
		    F->labels[k].y > F->plot_y + F->plot_h)
			nlab++;
	assert_int_equal(nlab, 1);
	unlay(K_CATERPILLAR, &u);
}

int
main(int argc, char *argv[])
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chart_kinds_box_test_sees_overlap),
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_chart_kinds_texts_never_collide_and_stay_on_page),
		T(test_chart_kinds_period_labels_thinned_when_crowded),
		T(test_chart_kinds_long_japanese_names_shortened),
		T(test_chart_kinds_version_change_marked),
		T(test_chart_kinds_spc_points_outside_limits_highlighted),
		T(test_chart_kinds_funnel_withheld_counted_not_plotted),
		T(test_chart_kinds_compare_dodged_and_withheld_counted),
		T(test_chart_kinds_profile_better_is_right),
		T(test_chart_kinds_variants_rows_ordered_in_the_frame),
		T(test_chart_kinds_variants_one_or_no_hospital),
		T(test_chart_kinds_caterpillar_in_the_frame),
		T(test_chart_kinds_vlad_withheld_break_the_line),
		T(test_chart_kinds_files_byte_identical),
		T(test_chart_kinds_png_2x_is_twice_1x),
		T(test_chart_kinds_book_pages_in_order),
		T(test_chart_kinds_pdf_has_title_and_embedded_fonts),
		T(test_chart_kinds_bad_input_is_eusage),
		T(test_chart_kinds_write_for_viewing),
#undef T
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
