/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * registry.c -- the organisations and their hospitals, from two CSV files:
 *   organisations.csv: code,name_ja,name_en,url
 *   hospitals.csv:     id,org,name_ja,name_en,region,beds,facility_code
 * (specs/input.md).  Every bad row of both files is reported in one run.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "csvread.h"
#include "defs.h"

enum { O_CODE, O_NAME_JA, O_NAME_EN, O_URL };
static const struct qi_csvcol org_cols[] = {
	{ "code", 1 }, { "name_ja", 1 }, { "name_en", 1 }, { "url", 1 }
};

enum { H_ID, H_ORG, H_NAME_JA, H_NAME_EN, H_REGION, H_BEDS, H_FACILITY };
static const struct qi_csvcol hosp_cols[] = {
	{ "id", 1 }, { "org", 1 }, { "name_ja", 1 }, { "name_en", 1 },
	{ "region", 0 }, { "beds", 0 }, { "facility_code", 0 }
};

/* The text fields of each file, with what they are called. */
struct text_col {
	size_t		 col;
	const char	*what;
};
static const struct text_col org_texts[] = {
	{ O_CODE, "organisation code" }, { O_NAME_JA, "Japanese name" },
	{ O_NAME_EN, "English name" }, { O_URL, "website URL" },
	{ (size_t)-1, NULL }
};
static const struct text_col hosp_texts[] = {
	{ H_ID, "hospital id" }, { H_ORG, "organisation" },
	{ H_NAME_JA, "Japanese name" }, { H_NAME_EN, "English name" },
	{ H_REGION, "region" }, { H_FACILITY, "facility code" },
	{ (size_t)-1, NULL }
};

/*
 * Whether a text field of the row (of those present) holds a control
 * character; the first one found is recorded, as the row's one error.
 */
static int
names_bad(struct qi_csv *c, const char *const *f, const struct text_col *t)
{
	for (; t->what != NULL; t++)
		if (f[t->col] != NULL && qi_csv_text(c, f, t->col, t->what) ==
		    -1)
			return 1;
	return 0;
}

/* A 施設コード: nine digits, kept as text (leading zeros matter). */
static int
valid_facility(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!g_ascii_isdigit(s[i]))
			return 0;
	return i == 9;
}

/* Identifiers: letters, digits, '-', '_'; what file names and URLs take. */
static int
valid_id(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!g_ascii_isalnum(*s) && *s != '-' && *s != '_')
			return 0;
	return 1;
}

/*
 * The id in field col, what naming it ("hospital id"): at most QI_ID_MAX
 * bytes of letters, digits, '-' and '_', and unlike every earlier one
 * but in case, for case-insensitive file systems and web servers.
 * folded maps the ids taken (keep_id()), in lower case, to how they were
 * written and their line ("'N001' on line 2"), both owned.  Records an
 * error and returns 0 when the id is refused.
 */
static int
check_id(struct qi_csv *c, const char *const *f, size_t col,
    const char *what, GHashTable *folded)
{
	const char *id = f[col], *first;
	char *low;

	if (strlen(id) > QI_ID_MAX) {
		qi_csv_error(c, col, "ids name files and web pages: keep them "
		    "short", "%s of %zu bytes; at most %d", what, strlen(id),
		    QI_ID_MAX);
		return 0;
	}
	if (!valid_id(id)) {
		qi_csv_error(c, col, "use letters, digits, '-' and '_'",
		    "bad %s '%s'", what, id);
		return 0;
	}
	low = g_ascii_strdown(id, -1);
	if ((first = g_hash_table_lookup(folded, low)) != NULL) {
		qi_csv_error(c, col, "ids name files and web pages, which "
		    "some servers do not tell apart by case", "%s '%s' "
		    "differs only in case from %s", what, id, first);
		g_free(low);
		return 0;
	}
	g_free(low);
	return 1;
}

/* An id taken, into check_id()'s folded. */
static void
keep_id(GHashTable *folded, const char *id, const struct qi_csv *c)
{
	g_hash_table_insert(folded, g_ascii_strdown(id, -1), g_strdup_printf(
	    "'%s' on line %u", id, qi_csv_line(c)));
}

/* Nonempty field check; records an error and returns 0 when empty. */
static int
need(struct qi_csv *c, const char *const *f, size_t col, const char *name)
{
	if (f[col] != NULL && *f[col] != '\0')
		return 1;
	qi_csv_error(c, col, NULL, "empty %s", name);
	return 0;
}

/* qi check's warnings about the organisations' URLs: off unless asked. */
static int warn_urls;

/* Warn if url (ends in '/') has no path beyond its domain. */
static void
url_warning(struct qi_csv *c, const char *url, const char *code)
{
	const char *host = strstr(url, "://") + 3, *path = strchr(host, '/');

	if (path == NULL || path[1] != '\0')
		return;
	qi_csv_warning(c, O_URL, "give the base of the indicator site, e.g. "
	    "https://example.jp/quality-indicators/ (the sites link to "
	    "URL + indicators/ID.html)", "website URL '%s' of '%s' has no "
	    "path beyond the domain: partner links would point into the "
	    "corporate site's root", url, code);
}

static void
load_orgs(const char *path, const struct qi_csvcfg *cfg, GArray *orgs,
    struct qi_diag *diag, size_t *errors)
{
	struct qi_csv *c;
	const char *const *f;
	GHashTable *seen, *folded;
	struct qi_org o;
	int ok;

	if ((c = qi_csv_open(path, org_cols, G_N_ELEMENTS(org_cols), cfg,
	    diag)) == NULL) {
		(*errors)++;
		return;
	}
	seen = g_hash_table_new(g_str_hash, g_str_equal);
	folded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	while (qi_csv_next(c, &f) == 1) {
		ok = need(c, f, O_CODE, "organisation code") &
		    need(c, f, O_NAME_JA, "Japanese name") &
		    need(c, f, O_NAME_EN, "English name") &
		    need(c, f, O_URL, "website URL");
		if (!ok || names_bad(c, f, org_texts))
			continue;
		if (g_hash_table_contains(seen, f[O_CODE])) {
			qi_csv_error(c, O_CODE, NULL, "organisation '%s' "
			    "listed twice", f[O_CODE]);
			continue;
		}
		if (!check_id(c, f, O_CODE, "organisation code", folded))
			continue;
		if (strncmp(f[O_URL], "https://", 8) != 0 &&
		    strncmp(f[O_URL], "http://", 7) != 0) {
			qi_csv_error(c, O_URL, "e.g. https://example.jp/",
			    "website URL must start with https:// or http://");
			continue;
		}
		o.code = g_strdup(f[O_CODE]);
		o.name_ja = g_strdup(f[O_NAME_JA]);
		o.name_en = g_strdup(f[O_NAME_EN]);
		o.url = g_str_has_suffix(f[O_URL], "/") ?
		    g_strdup(f[O_URL]) : g_strconcat(f[O_URL], "/", NULL);
		if (warn_urls)
			url_warning(c, o.url, o.code);
		g_array_append_val(orgs, o);
		g_hash_table_add(seen, o.code);
		keep_id(folded, o.code, c);
	}
	*errors += qi_csv_errors(c);
	g_hash_table_destroy(seen);
	g_hash_table_destroy(folded);
	qi_csv_close(c);
}

static void
load_hosps(const char *path, const struct qi_csvcfg *cfg,
    struct qi_registry *r, GArray *hosps, struct qi_diag *diag,
    size_t *errors)
{
	struct qi_csv *c;
	const char *const *f;
	GHashTable *idx = r->index, *folded;
	struct qi_hospital h;
	long org;
	int ok;

	if ((c = qi_csv_open(path, hosp_cols, G_N_ELEMENTS(hosp_cols), cfg,
	    diag)) == NULL) {
		(*errors)++;
		return;
	}
	folded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	while (qi_csv_next(c, &f) == 1) {
		memset(&h, 0, sizeof(h));
		ok = need(c, f, H_ID, "hospital id") &
		    need(c, f, H_ORG, "organisation") &
		    need(c, f, H_NAME_JA, "Japanese name") &
		    need(c, f, H_NAME_EN, "English name");
		if (!ok || names_bad(c, f, hosp_texts))
			continue;
		if (g_hash_table_contains(idx, f[H_ID])) {
			qi_csv_error(c, H_ID, "hospital ids are unique across "
			    "both organisations", "hospital '%s' listed twice",
			    f[H_ID]);
			continue;
		}
		if (!check_id(c, f, H_ID, "hospital id", folded))
			continue;
		if ((org = qi_registry_org(r, f[H_ORG])) < 0) {
			qi_csv_error(c, H_ORG, "organisations.csv lists the "
			    "known codes", "unknown organisation '%s'",
			    f[H_ORG]);
			continue;
		}
		h.beds = -1;
		if (f[H_BEDS] != NULL && *f[H_BEDS] != '\0') {
			if (qi_field_count(f[H_BEDS], &h.beds) == -1) {
				qi_csv_error(c, H_BEDS, "a whole number of "
				    "beds, or empty if unknown",
				    "bad bed count '%s'", f[H_BEDS]);
				continue;
			}
		}
		if (f[H_FACILITY] != NULL && *f[H_FACILITY] != '\0') {
			if (!valid_facility(f[H_FACILITY])) {
				qi_csv_error(c, H_FACILITY, "the 9-digit 施設コード "
				    "of the DPC files, leading zeros kept (format "
				    "the column as text in Excel)",
				    "bad facility code '%s'", f[H_FACILITY]);
				continue;
			}
			if (g_hash_table_contains(r->by_facility,
			    f[H_FACILITY])) {
				qi_csv_error(c, H_FACILITY, "each facility code "
				    "names one hospital", "facility code '%s' "
				    "listed twice", f[H_FACILITY]);
				continue;
			}
		}
		h.id = g_strdup(f[H_ID]);
		h.facility = g_strdup(f[H_FACILITY] != NULL ? f[H_FACILITY] :
		    "");
		h.org = (size_t)org;
		h.name_ja = g_strdup(f[H_NAME_JA]);
		h.name_en = g_strdup(f[H_NAME_EN]);
		h.region = g_strdup(f[H_REGION] != NULL ? f[H_REGION] : "");
		g_array_append_val(hosps, h);
		keep_id(folded, h.id, c);
		/* Indices are stored +1 so that NULL means absent. */
		g_hash_table_insert(idx, h.id, GSIZE_TO_POINTER(hosps->len));
		if (*h.facility != '\0')
			g_hash_table_insert(r->by_facility, h.facility,
			    GSIZE_TO_POINTER(hosps->len));
	}
	*errors += qi_csv_errors(c);
	g_hash_table_destroy(folded);
	qi_csv_close(c);
}

enum qi_err
qi_registry_load(const char *orgs_csv, const char *hosps_csv,
    const char *encoding, struct qi_registry **out, struct qi_diag *diag)
{
	struct qi_registry *r;
	struct qi_csvcfg cfg;
	GArray *orgs, *hosps;
	size_t errors = 0;

	qi_csvcfg_defaults(&cfg);
	cfg.encoding = encoding;
	*out = NULL;
	r = g_new0(struct qi_registry, 1);
	r->index = g_hash_table_new(g_str_hash, g_str_equal);
	r->by_facility = g_hash_table_new(g_str_hash, g_str_equal);
	orgs = g_array_new(FALSE, TRUE, sizeof(struct qi_org));
	hosps = g_array_new(FALSE, TRUE, sizeof(struct qi_hospital));
	load_orgs(orgs_csv, &cfg, orgs, diag, &errors);
	r->norgs = orgs->len;
	r->orgs = (struct qi_org *)(void *)g_array_free(orgs, FALSE);
	if (errors == 0 && r->norgs == 0) {
		qi_diag_add(diag, QI_ERROR, orgs_csv, 0, 0, NULL,
		    "no organisations listed");
		errors++;
	}
	load_hosps(hosps_csv, &cfg, r, hosps, diag, &errors);
	r->nhosps = hosps->len;
	r->hosps = (struct qi_hospital *)(void *)g_array_free(hosps, FALSE);
	if (errors > 0) {
		qi_registry_free(r);
		return QI_EINPUT;
	}
	*out = r;
	return QI_OK;
}

void
qi_registry_warn_urls(int on)
{
	warn_urls = on;
}

void
qi_registry_free(struct qi_registry *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->norgs; i++) {
		g_free(r->orgs[i].code);
		g_free(r->orgs[i].name_ja);
		g_free(r->orgs[i].name_en);
		g_free(r->orgs[i].url);
	}
	for (i = 0; i < r->nhosps; i++) {
		g_free(r->hosps[i].id);
		g_free(r->hosps[i].name_ja);
		g_free(r->hosps[i].name_en);
		g_free(r->hosps[i].region);
		g_free(r->hosps[i].facility);
	}
	g_free(r->orgs);
	g_free(r->hosps);
	if (r->index != NULL)
		g_hash_table_destroy(r->index);
	if (r->by_facility != NULL)
		g_hash_table_destroy(r->by_facility);
	g_free(r);
}

long
qi_registry_hospital(const struct qi_registry *r, const char *id)
{
	gpointer v = g_hash_table_lookup(r->index, id);

	return v == NULL ? -1 : (long)GPOINTER_TO_SIZE(v) - 1;
}

long
qi_registry_facility(const struct qi_registry *r, const char *code)
{
	gpointer v = r->by_facility == NULL ? NULL :
	    g_hash_table_lookup(r->by_facility, code);

	return v == NULL ? -1 : (long)GPOINTER_TO_SIZE(v) - 1;
}

long
qi_registry_org(const struct qi_registry *r, const char *code)
{
	size_t i;

	for (i = 0; i < r->norgs; i++)
		if (strcmp(r->orgs[i].code, code) == 0)
			return (long)i;
	return -1;
}

const char *
qi_hospital_name(const struct qi_hospital *h, int en)
{
	if (en && h->name_en != NULL && h->name_en[0] != '\0')
		return h->name_en;
	if (h->name_ja != NULL && h->name_ja[0] != '\0')
		return h->name_ja;
	return h->id != NULL ? h->id : "?";
}

const char *
qi_org_name(const struct qi_org *o, int en)
{
	if (en && o->name_en != NULL && o->name_en[0] != '\0')
		return o->name_en;
	if (o->name_ja != NULL && o->name_ja[0] != '\0')
		return o->name_ja;
	return o->code != NULL ? o->code : "?";
}
