/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * site.h -- the publish stage: published results -> one static website
 * per organisation, in Japanese and English (specs/publication.md §6).
 *
 *   site.c    the whole: the results arranged per indicator and fiscal
 *             year, the folders, charts (drawn in a thread pool), data
 *             downloads, workbooks, CSS
 *   page.c    the pages: index, hospital list, indicator, hospital
 *   figure.c  the charts on the pages and their text alternatives
 *   xlsx.c    an organisation's workbook
 *   html.c    HTML writing: escaping, numbers, links, page frame
 *   model.c   what they all look up: counts by status, the charts a page
 *             shows and their names, funnels, download rows, files
 *
 * Each file calls only those below it in this list (site.c the others,
 * model.c none), and everything of the stages before this one.
 *
 * Only results whose status is ok are shown as numbers; every other
 * status is shown as "—" with its reason.  Like every stage, nothing here
 * prints or exits.
 */
#ifndef QI_SITE_H
#define QI_SITE_H

#include <stddef.h>

#include <glib.h>

#include "render.h"

struct qi_sitecfg {
	int		 preview;	/* nonzero: links to the partner site are
					   relative (sites side by side); 0: absolute,
					   from organisations.csv's url column */
	const char	*results_path;	/* results file the site is made from, for
					   the data downloads' manifest; may be NULL */
	int		 formats[3];	/* indexed by qi_format: SVG (must be
					   1: the pages show it), PNG (a
					   download; 0 by default), PDF (the
					   chart book of each language, and
					   profiles with profile_pdf; 1) */
	int		 profile_pdf;	/* nonzero: hospital profiles as PDF too
					   (--profile-pdf); 0 by default */
	int		 progress;	/* nonzero: a progress line while the
					   charts are drawn (progress.h: only
					   on a terminal); 0 by default */
};

void		 qi_sitecfg_defaults(struct qi_sitecfg *);

/*
 * Write dir/ORG/ for every organisation of res->reg: Japanese pages at
 * ORG/, English at ORG/en/, charts, CSV and JSON downloads, a workbook
 * (ORG/data/ORG.xlsx) and one CSS file.  dir must exist.  Returns QI_OK, or QI_ESYS with a diagnostic
 * naming the file that could not be written.
 */
enum qi_err	 qi_site_write(const char *dir, const struct qi_analyses *,
		    const struct qi_sitecfg *, struct qi_diag *);

/*
 * The workbook of organisation org's downloads (-1: every organisation's
 * hospitals) as the site writes it, into *buf (to g_free) and *len:
 * a definitions sheet, then a sheet per indicator with the rows of its
 * data/ID.csv.  res as qi publish reads it (thresholds re-applied).
 */
enum qi_err	 qi_workbook(const struct qi_results *, long org, char **buf,
		    size_t *len, struct qi_diag *);

/* ------------------------------------------- private to the site*.c files */

#define EM_DASH	"\xe2\x80\x94"	/* U+2014, "no value" */

/* One fiscal year of one indicator: indices into results->v, -1 if none. */
struct site_year {
	struct qi_period p;		/* q == 0 */
	long		 all;
	long		*org;		/* [norgs] */
	long		*hosp;		/* [nhosps] */
};

struct site_ind {
	struct site_year *years;	/* latest first */
	size_t		 nyears;
	int		 trend;		/* a quarter with data: a trend chart
					   (qi_render_has_trend()) */
};

/* One period's fit of an indicator's risk model (method notes). */
struct site_fit {
	size_t		 ind;
	struct qi_period p;
	char		*reference;	/* owned: a model of every period, the
					   periods it was fitted on ("FY2024Q1..
					   FY2024Q4"); NULL: a model of p */
	int		 fitted;	/* 0: the model could not be fitted */
	double		 c;		/* its c-statistic; NaN if not fitted */
};

struct site {
	const struct qi_analyses	*an;	/* NULL for a workbook alone */
	const struct qi_results		*res;
	const struct qi_registry	*reg;
	const struct qi_defset		*defs;
	const struct qi_sitecfg		*cfg;
	struct site_ind			*ind;	/* [defs->n] */
	struct site_fit			*fits;	/* the risk models' fits, by
						   indicator then period: the
						   results' own (qi_compute()),
						   else results.json's beside
						   cfg->results_path; none if
						   neither is there */
	size_t				 nfits;
	int				 latest_fy; /* INT_MIN: no result */
	GArray				*book;	/* struct site_chart: the indicator
						   charts, in the order of their
						   pages in the chart book */
	char				*sha256; /* of cfg->results_path, or NULL */
	const char			*dir;	/* holds ORG/ */
	struct qi_diag			*diag;
};

/* One page being written. */
struct site_page {
	const struct site	*s;
	size_t			 org;	/* whose site */
	int			 en;	/* 0 Japanese, 1 English */
	const char		*leaf;	/* path below the language root,
					   e.g. "indicators/x.html" */
	GString			*out;
};

#define SITE_T(en, ja, e)	((en) ? (e) : (ja))

/* Hospitals of a year by status: with a result, and per status. */
struct site_tally {
	size_t		 total;
	size_t		 by[QI_STATUS_EMPTY + 1];	/* indexed by qi_status */
};

/* A chart of the sites. */
enum site_kind {
	SITE_CATERPILLAR,	/* ind, p: hospitals ranked */
	SITE_FUNNEL,		/* ind, p: rate against volume */
	SITE_COMPARE,		/* ind: organisations over fiscal years */
	SITE_TREND,		/* ind: organisations over quarters */
	SITE_PROFILE,		/* hosp, p: every indicator */
	SITE_VLAD		/* ind, hosp: cumulative E - O over
				   quarters (risk-modelled indicators) */
};

struct site_chart {
	enum site_kind	 kind;
	size_t		 ind, hosp;
	struct qi_period p;
};

/* A chart's files: 0 SVG (shown), 1 PNG, 2 PDF (a profile's). */
#define SITE_CHART_FILES	3

/* The chart book of each language: the indicator charts, a page each. */
#define SITE_BOOK	"charts/indicators.pdf"

/* site.c */
void		 site_chart_name(GString *, const struct site *,
		    const struct site_chart *);	/* "charts/NAME" */
const char	*site_chart_file(int k);	/* ".svg", ".png", ".pdf" */
/* Is file k of chart c written (the formats; a PDF only of a profile,
   with cfg->profile_pdf: the indicator charts are pages of the book)? */
int		 site_chart_wanted(const struct site *, const struct site_chart *,
		    int k);
/* Page of chart c in the chart book, from 1; 0 if it is not there. */
int		 site_book_page(const struct site *, const struct site_chart *);
/* Has hosp a result in the latest fiscal year (else no profile)? */
int		 site_has_profile(const struct site *, size_t hosp);
/* Is there a quarter with data of ind (else there is no trend chart)? */
int		 site_has_quarters(const struct site *, size_t ind);
/* The funnel analysis of ind in p if it has a target and a published
   hospital, else NULL (there is no funnel plot). */
const struct qi_funnelplot *site_funnel(const struct site *, size_t ind,
		    struct qi_period);
void		 site_tally(const struct site *, const struct site_year *,
		    long org, struct site_tally *);
/* Create the folders above path; -1 (errno set) if one cannot be made. */
int		 site_make_parents(const char *path);
enum qi_err	 site_file(const struct site *, size_t org, const char *rel,
		    const char *data, size_t len);
/* An indicator's rows of the downloads of org (-1: all hospitals);
   release with qi_results_free(). */
struct qi_results *site_data_rows(const struct site *, size_t ind, long org);
/* "data/ORG.xlsx" (to g_free). */
char		*site_workbook_name(const struct site *, size_t org);

/* site/xlsx.c: the workbook of org (-1: all) into *buf (g_free) */
enum qi_err	 site_workbook(const struct site *, long org, char **buf,
		    size_t *len);

/* site/html.c */
void		 site_esc(GString *, const char *text);
void		 site_count(GString *, long);
void		 site_rate(GString *, const struct qi_indicator *, double);
void		 site_interval(GString *, const struct qi_indicator *,
		    double lo, double hi);
void		 site_unadjusted(GString *, int en);
void		 site_level(GString *, double level);
void		 site_period(GString *, struct qi_period, int en);
void		 site_reason(GString *, const struct qi_indicator *,
		    enum qi_status, int en);
void		 site_href(GString *, const struct site_page *, int en,
		    const char *leaf);
void		 site_href_root(GString *, const struct site_page *,
		    const char *rel);
void		 site_href_partner(GString *, const struct site_page *,
		    size_t org, const char *leaf);
void		 site_head(struct site_page *, const char *title);
enum qi_err	 site_end(struct site_page *);

/* site/figure.c: a <figure> per chart, with its text alternative */
void		 site_figures_year(GString *, const struct site_page *,
		    size_t ind, const struct site_year *); /* caterpillar,
							      funnel */
void		 site_figures_series(GString *, const struct site_page *,
		    size_t ind);			/* comparison, trend */
void		 site_figure_profile(GString *, const struct site_page *,
		    size_t hosp);			/* latest fiscal year */
void		 site_figures_vlad(GString *, const struct site_page *,
		    size_t hosp);			/* risk-modelled
							   indicators */

/* site/page.c */
void		 site_pooled(GString *, const struct qi_indicator *,
		    const struct qi_result *, int en);
enum qi_err	 site_page_index(const struct site *, size_t org, int en);
enum qi_err	 site_page_hospitals(const struct site *, size_t org, int en);
enum qi_err	 site_page_indicator(const struct site *, size_t org, int en,
		    size_t ind);
enum qi_err	 site_page_hospital(const struct site *, size_t org, int en,
		    size_t hosp);

/* The result at index idx of s->res, or NULL for idx -1 (none). */
static inline const struct qi_result *
site_result_at(const struct site *s, long idx)
{
	return idx >= 0 ? &s->res->v[idx] : NULL;
}

#endif /* QI_SITE_H */
