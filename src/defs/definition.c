/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * definition.c -- indicator definitions: indicators/ID.yaml, one file per
 * indicator (specs/definitions.md).
 *
 * The YAML is loaded as a node tree (libyaml's document API) and checked
 * against a schema table, so that every problem of a file -- unknown or
 * duplicate key, missing field, wrong type, misspelt enum value, value out
 * of range -- is reported in one run with its line and column.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <yaml.h>

#include "codelist.h"
#include "csvread.h"
#include "expr.h"
#include "defs.h"

enum ftype {
	F_STR,		/* nonempty string */
	F_INT,		/* integer in [min, max] */
	F_REAL,		/* real in (rmin, rmax) */
	F_ENUM,		/* one of names[] */
	F_MAP,		/* a nested mapping described by sub[], same object */
	F_EXPR,		/* an expression: struct qi_cond */
	F_PERIOD,	/* a fiscal period: struct qi_period */
	F_METHOD,	/* statistics.method: resolved once kind is known */
	F_SEQ,		/* a list of mappings sub[]: array at off, count at cnt */
	F_DICT,		/* a mapping NAME -> mapping sub[]; name at element 0 */
	F_FUNNEL	/* the funnel: mapping, into ind->funnel (check_funnel) */
};

struct field {
	const char		*key;
	enum ftype		 type;
	size_t			 off;		/* in the object being filled */
	int			 required;
	const struct qi_name	*names;		/* F_ENUM */
	const struct field	*sub;		/* F_MAP, F_SEQ, F_DICT; ends in key NULL */
	long			 min, max;	/* F_INT, inclusive; F_SEQ/F_DICT: max items */
	double			 rmin, rmax;	/* F_REAL, exclusive */
	size_t			 cnt;		/* F_SEQ, F_DICT: offset of the size_t count */
	size_t			 elsize;	/* F_SEQ, F_DICT: element size */
};

/* F_ENUM stores an int into the enum fields. */
_Static_assert(sizeof(enum qi_unit) == sizeof(int) &&
    sizeof(enum qi_direction) == sizeof(int) &&
    sizeof(enum qi_ci_method) == sizeof(int) &&
    sizeof(enum qi_kind) == sizeof(int) &&
    sizeof(enum qi_rate_method) == sizeof(int), "enums must be int-sized");

#define OFF(f)		offsetof(struct qi_indicator, f)
#define TEXT_OFF(f, l)	(offsetof(struct qi_indicator, f) + \
			    offsetof(struct qi_text, l))
#define RULE_OFF(T, f)	(offsetof(T, rule) + offsetof(struct qi_rule, f))

#define STR(k, o, r)	{ .key = (k), .type = F_STR, .off = (o), .required = (r) }
#define EXPR(k, o)	{ .key = (k), .type = F_EXPR, .off = (o) }
#define MAP(k, s, r)	{ .key = (k), .type = F_MAP, .sub = (s), .required = (r) }
#define END		{ .key = NULL }

#define TEXT_FIELDS(f) {						\
	STR("ja", TEXT_OFF(f, ja), 1), STR("en", TEXT_OFF(f, en), 1), END }

static const struct field title_fields[] = TEXT_FIELDS(title);
static const struct field excl_fields[] = TEXT_FIELDS(exclusions);

/* denominator.exclusions[]: offsets into struct qi_exclusion. */
static const struct field exclusion_fields[] = {
	STR("name", offsetof(struct qi_exclusion, name), 1),
	STR("ja", offsetof(struct qi_exclusion, ja), 1),
	STR("en", offsetof(struct qi_exclusion, en), 1),
	EXPR("when", offsetof(struct qi_exclusion, when)),
	END
};

#define EXCLUSIONS(T) { .key = "exclusions", .type = F_SEQ,		\
	.off = RULE_OFF(T, excl), .cnt = RULE_OFF(T, nexcl),		\
	.elsize = sizeof(struct qi_exclusion), .sub = exclusion_fields,	\
	.max = QI_EXCL_MAX }

static const struct field den_fields[] = {
	STR("ja", TEXT_OFF(denominator, ja), 1),
	STR("en", TEXT_OFF(denominator, en), 1),
	EXPR("when", RULE_OFF(struct qi_indicator, den_when)),
	EXPR("value", RULE_OFF(struct qi_indicator, den_value)),
	EXCLUSIONS(struct qi_indicator),
	END
};

static const struct field num_fields[] = {
	STR("ja", TEXT_OFF(numerator, ja), 1),
	STR("en", TEXT_OFF(numerator, en), 1),
	EXPR("when", RULE_OFF(struct qi_indicator, num_when)),
	EXPR("value", RULE_OFF(struct qi_indicator, num_value)),
	{ .key = "max", .type = F_INT, .off = OFF(value_max), .min = 1,
	    .max = QI_MEDIAN_VALUE_MAX },
	END
};

static const struct field exposure_fields[] = {
	STR("ja", TEXT_OFF(exposure, ja), 1),
	STR("en", TEXT_OFF(exposure, en), 1),
	{ .key = "value", .type = F_EXPR, .required = 1,
	    .off = OFF(exposure_value) },
	END
};

/* variants.NAME: offsets into struct qi_variant. */
static const struct field var_den_fields[] = {
	EXPR("when", RULE_OFF(struct qi_variant, den_when)),
	EXPR("value", RULE_OFF(struct qi_variant, den_value)),
	EXCLUSIONS(struct qi_variant),
	END
};

static const struct field var_num_fields[] = {
	EXPR("when", RULE_OFF(struct qi_variant, num_when)),
	EXPR("value", RULE_OFF(struct qi_variant, num_value)),
	END
};

static const struct field variant_fields[] = {
	STR("ja", offsetof(struct qi_variant, ja), 1),
	STR("en", offsetof(struct qi_variant, en), 1),
	MAP("denominator", var_den_fields, 0),
	MAP("numerator", var_num_fields, 0),
	END
};

/* risk_model.covariates[]: offsets into struct qi_covariate. */
#define COVAR_INT(k, f) { .key = (k), .type = F_INT,			\
	.off = offsetof(struct qi_covariate, f), .min = -1000000,	\
	.max = 1000000 }
static const struct field covariate_fields[] = {
	STR("name", offsetof(struct qi_covariate, name), 1),
	EXPR("when", offsetof(struct qi_covariate, when)),
	EXPR("value", offsetof(struct qi_covariate, value)),
	COVAR_INT("min", min),
	COVAR_INT("max", max),
	COVAR_INT("reference", reference),
	{ .key = "charlson", .type = F_ENUM,
	    .off = offsetof(struct qi_covariate, charlson),
	    .names = qi_charlson_names },
	END
};

static const struct field risk_fields[] = {
	STR("ja", TEXT_OFF(risk_model, ja), 0),
	STR("en", TEXT_OFF(risk_model, en), 0),
	{ .key = "covariates", .type = F_SEQ, .required = 1,
	    .off = OFF(covariates), .cnt = OFF(ncovariates),
	    .elsize = sizeof(struct qi_covariate), .sub = covariate_fields,
	    .max = QI_COVAR_MAX },
	{ .key = "ratio_method", .type = F_ENUM, .off = OFF(ratio_method),
	    .names = qi_rate_method_names },
	STR("reference", OFF(risk_reference), 0),
	STR("coefficients", OFF(risk_coef_src), 0),
	END
};

static const struct field stat_fields[] = {
	{ .key = "method", .type = F_METHOD, .required = 1 },
	{ .key = "level", .type = F_REAL, .off = OFF(level), .required = 1,
	    .rmin = 0.0, .rmax = 1.0 },
	END
};

static const struct field pub_fields[] = {
	{ .key = "min_denominator", .type = F_INT,
	    .off = OFF(min_denominator), .required = 1, .min = 1,
	    .max = 1000000 },
	{ .key = "min_numerator", .type = F_INT, .off = OFF(min_numerator),
	    .min = 0, .max = 1000000 },
	END
};

static const struct field top_fields[] = {
	STR("id", OFF(id), 1),
	{ .key = "version", .type = F_INT, .off = OFF(version),
	    .required = 1, .min = 1, .max = 9999 },
	{ .key = "effective", .type = F_PERIOD, .off = OFF(effective) },
	MAP("title", title_fields, 1),
	{ .key = "kind", .type = F_ENUM, .off = OFF(kind),
	    .names = qi_kind_names },
	MAP("numerator", num_fields, 1),
	MAP("denominator", den_fields, 1),
	MAP("exclusions", excl_fields, 0),
	MAP("exposure", exposure_fields, 0),
	STR("source", OFF(source), 1),
	{ .key = "unit", .type = F_ENUM, .off = OFF(unit), .required = 1,
	    .names = qi_unit_names },
	{ .key = "direction", .type = F_ENUM, .off = OFF(direction),
	    .required = 1, .names = qi_direction_names },
	MAP("statistics", stat_fields, 1),
	MAP("publication", pub_fields, 1),
	{ .key = "variants", .type = F_DICT, .off = OFF(variants),
	    .cnt = OFF(nvariants), .elsize = sizeof(struct qi_variant),
	    .sub = variant_fields, .max = 64 },
	MAP("risk_model", risk_fields, 0),
	{ .key = "funnel", .type = F_FUNNEL },
	END
};

/* funnel: read into this, then into the indicator's struct qi_funnelcfg. */
struct funnel_src {
	int	 method;	/* enum qi_funnel_method */
	int	 od;		/* enum qi_od_model */
	int	 scale;		/* enum qi_funnel_scale */
	double	 od_test;	/* level of the test for overdispersion */
	char	*target;	/* "all", an organisation code or a number */
};

static const struct field funnel_fields[] = {
	{ .key = "method", .type = F_ENUM,
	    .off = offsetof(struct funnel_src, method),
	    .names = qi_funnel_method_names },
	{ .key = "overdispersion", .type = F_ENUM,
	    .off = offsetof(struct funnel_src, od),
	    .names = qi_od_model_names },
	{ .key = "scale", .type = F_ENUM,
	    .off = offsetof(struct funnel_src, scale),
	    .names = qi_funnel_scale_names },
	{ .key = "overdispersion_test", .type = F_REAL,
	    .off = offsetof(struct funnel_src, od_test),
	    .rmin = 0.0, .rmax = 1.0 },
	STR("target", offsetof(struct funnel_src, target), 0),
	END
};

/* One file being checked. */
struct loader {
	const char		*path;
	yaml_document_t		*doc;
	struct qi_diag		*diag;
	size_t			 errors;
	const char		*text;		/* the file's bytes */
	const yaml_node_t	*method;	/* statistics.method, if given */
	const yaml_node_t	*funnel_target;	/* funnel.target, if a number */
};

static void
err(struct loader *l, const yaml_node_t *n, const char *hint,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void check_funnel(struct loader *, const yaml_node_t *,
    const char *, struct qi_indicator *);
static const yaml_node_t *find_node(yaml_document_t *, const yaml_node_t *,
    const char *);

static void
err(struct loader *l, const yaml_node_t *n, const char *hint,
    const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	qi_diag_add(l->diag, QI_ERROR, l->path,
	    (unsigned)n->start_mark.line + 1,
	    (unsigned)n->start_mark.column + 1, hint, "%s", msg);
	g_free(msg);
	l->errors++;
}



/*
 * A hint naming the closest word, or listing them all when none is close.
 * Returned string is the caller's to g_free().
 */
static char *
suggest(const char *word, const char *const *words, size_t n)
{
	long best = qi_closest_word(word, words, n);
	GString *all;
	size_t i;

	if (best >= 0)
		return g_strdup_printf("did you mean '%s'?", words[best]);
	all = g_string_new("expected one of: ");
	for (i = 0; i < n; i++)
		g_string_append_printf(all, "%s%s", i ? ", " : "", words[i]);
	return g_string_free(all, FALSE);
}

static char *
suggest_name(const char *word, const struct qi_name *t)
{
	const char *words[16];
	size_t n = 0;

	for (; t->name != NULL && n < G_N_ELEMENTS(words); t++)
		words[n++] = t->name;
	return suggest(word, words, n);
}

static char *
suggest_key(const char *word, const struct field *f)
{
	const char *words[32];
	size_t n = 0;

	for (; f->key != NULL && n < G_N_ELEMENTS(words); f++)
		words[n++] = f->key;
	return suggest(word, words, n);
}

static const char *
scalar(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static const char *
node_kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_SEQUENCE_NODE:
		return "a list";
	default:
		return "a scalar";
	}
}

static void check_map(struct loader *, const yaml_node_t *,
    const struct field *, const char *, void *);

/*
 * Where the text of a scalar starts: for a quoted scalar, after the
 * quote; for a block scalar ("|" or ">"), the first non-blank line after
 * the indicator, at its indentation.  1-based.
 */
static void
scalar_start(const struct loader *l, const yaml_node_t *v, unsigned *line,
    unsigned *col)
{
	const char *p, *ls;
	size_t n;
	int first;

	*line = (unsigned)v->start_mark.line + 1;
	*col = (unsigned)v->start_mark.column + 1;
	switch (v->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		(*col)++;
		break;
	case YAML_LITERAL_SCALAR_STYLE:
	case YAML_FOLDED_SCALAR_STYLE:
		/*
		 * The text starts on the line after the indicator (leading
		 * blank lines are part of it), at the indentation of its
		 * first non-blank line.
		 */
		/* libyaml's mark index counts characters: find the line. */
		p = l->text;
		for (n = 0; n < v->start_mark.line && p != NULL; n++)
			if ((p = strchr(p, '\n')) != NULL)
				p++;
		if (p == NULL)
			return;
		first = 1;
		for (;;) {
			while (*p != '\0' && *p != '\n')
				p++;
			if (*p == '\0')
				return;
			ls = ++p;
			if (first)
				(*line)++;
			first = 0;
			while (*p == ' ')
				p++;
			if (*p != '\n' && *p != '\r' && *p != '\0')
				break;
		}
		*col = (unsigned)(p - ls) + 1;
		break;
	default:
		break;
	}
}

static char *
join(const char *prefix, const char *key)
{
	return prefix[0] ? g_strconcat(prefix, ".", key, NULL) :
	    g_strdup(key);
}

/*
 * A list (F_SEQ) or a mapping of names (F_DICT) of mappings, each checked
 * against f->sub into a new array at f->off, its length at f->cnt.  An
 * absent key leaves the pointer NULL; a present but empty one allocates
 * one zeroed element, so that "given" and "not given" differ.
 */
static void
check_items(struct loader *l, const yaml_node_t *v, const struct field *f,
    const char *where, void *obj)
{
	char **arr = (char **)(void *)((char *)obj + f->off);
	size_t *cnt = (size_t *)(void *)((char *)obj + f->cnt), n, i;
	const yaml_node_item_t *it;
	const yaml_node_pair_t *pair;
	const yaml_node_t *k, *e;
	char *w, *elem;

	if (f->type == F_SEQ && v->type != YAML_SEQUENCE_NODE) {
		err(l, v, "write one '- ' item per entry", "'%s' must be a "
		    "list, not %s", where, node_kind(v));
		return;
	}
	if (f->type == F_DICT && v->type != YAML_MAPPING_NODE) {
		err(l, v, NULL, "'%s' must be a mapping of names, not %s",
		    where, node_kind(v));
		return;
	}
	n = f->type == F_SEQ ? (size_t)(v->data.sequence.items.top -
	    v->data.sequence.items.start) : (size_t)(v->data.mapping.pairs.top
	    - v->data.mapping.pairs.start);
	if (n > (size_t)f->max) {
		err(l, v, NULL, "'%s' has %zu entries; at most %ld are allowed",
		    where, n, f->max);
		return;
	}
	*arr = g_malloc0(f->elsize * (n ? n : 1));
	*cnt = n;
	for (i = 0; i < n; i++) {
		elem = *arr + i * f->elsize;
		if (f->type == F_SEQ) {
			it = v->data.sequence.items.start + i;
			e = yaml_document_get_node(l->doc, *it);
			w = g_strdup_printf("%s[%zu]", where, i + 1);
		} else {
			pair = v->data.mapping.pairs.start + i;
			k = yaml_document_get_node(l->doc, pair->key);
			e = yaml_document_get_node(l->doc, pair->value);
			if (k->type != YAML_SCALAR_NODE) {
				err(l, k, NULL, "a key must be a plain word");
				continue;
			}
			w = join(where, scalar(k));
			/* The element starts with its name (char *). */
			*(char **)(void *)elem = g_strdup(scalar(k));
		}
		if (e->type != YAML_MAPPING_NODE)
			err(l, e, NULL, "'%s' must be a mapping, not %s", w,
			    node_kind(e));
		else
			check_map(l, e, f->sub, w, elem);
		g_free(w);
	}
}

/*
 * funnel: {method, overdispersion, target}.  target is "all" (both
 * organisations' pooled rate, the default), a number (a fixed target,
 * checked against the kind later), or an organisation's code, kept as a
 * string for the caller to resolve.
 */
static void
check_funnel(struct loader *l, const yaml_node_t *v, const char *where,
    struct qi_indicator *ind)
{
	static const char *const all_word[] = { "all" };
	struct funnel_src src;
	const yaml_node_t *tn;
	char *hint;
	double t;

	if (v->type != YAML_MAPPING_NODE) {
		err(l, v, "write for example {method: exact, overdispersion: "
		    "multiplicative, target: all}", "'%s' must be a mapping, "
		    "not %s", where, node_kind(v));
		return;
	}
	memset(&src, 0, sizeof(src));
	src.method = (int)ind->funnel->method;
	src.od = (int)ind->funnel->od;
	src.scale = (int)ind->funnel->scale;
	src.od_test = ind->funnel->od_test;
	check_map(l, v, funnel_fields, where, &src);
	ind->funnel->method = (enum qi_funnel_method)src.method;
	ind->funnel->od = (enum qi_od_model)src.od;
	ind->funnel->scale = (enum qi_funnel_scale)src.scale;
	ind->funnel->od_test = src.od_test;
	if (src.target == NULL || strcmp(src.target, "all") == 0)
		goto done;
	tn = find_node(l->doc, v, "target");
	if (qi_field_real(src.target, &t) == 0) {
		if (!isfinite(t) || t < 0.0) {
			err(l, tn, "a target is a rate, 0 or more",
			    "'%s.target' is %s", where, src.target);
			goto done;
		}
		ind->funnel->target = t;
		l->funnel_target = tn;	/* a proportion's: checked later */
	} else if (g_ascii_isalpha(*src.target) && strspn(src.target,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_-") == strlen(src.target)) {
		/*
		 * Organisation codes are upper case (NHO, JOHAS): a lower
		 * case word near "all" is taken for a misspelling of it.
		 */
		hint = g_ascii_islower(*src.target) ? suggest(src.target,
		    all_word, 1) : NULL;
		if (hint != NULL && strncmp(hint, "did you", 7) == 0)
			err(l, tn, hint, "'%s.target' has no value '%s'",
			    where, src.target);
		else
			ind->funnel_target_org = g_strdup(src.target);
		g_free(hint);
	} else
		err(l, tn, "write all, an organisation's code such as NHO, "
		    "or a number such as 0.1", "'%s.target' is '%s'", where,
		    src.target);
done:
	g_free(src.target);
}

/* Check one value against its field and store it into obj. */
static void
check_value(struct loader *l, const yaml_node_t *v, const struct field *f,
    const char *where, void *obj)
{
	char *p = (char *)obj + f->off, *end, *hint;
	struct qi_cond *c;
	const char *s;
	long lv;
	double dv;
	int ev;

	if (f->type == F_MAP) {
		if (v->type != YAML_MAPPING_NODE) {
			err(l, v, NULL, "'%s' must be a mapping, not %s",
			    where, node_kind(v));
			return;
		}
		check_map(l, v, f->sub, where, obj);
		return;
	}
	if (f->type == F_SEQ || f->type == F_DICT) {
		check_items(l, v, f, where, obj);
		return;
	}
	if (f->type == F_FUNNEL) {
		check_funnel(l, v, where, obj);
		return;
	}
	if (v->type != YAML_SCALAR_NODE) {
		err(l, v, NULL, "'%s' must be a single value, not %s", where,
		    node_kind(v));
		return;
	}
	s = scalar(v);
	switch (f->type) {
	case F_STR:
		if (*s == '\0') {
			err(l, v, NULL, "'%s' is empty", where);
			return;
		}
		g_free(*(char **)(void *)p);
		*(char **)(void *)p = g_strdup(s);
		break;
	case F_EXPR:
		if (strspn(s, " \t\r\n") == strlen(s)) {
			err(l, v, "write a condition such as 'age >= 75'",
			    "'%s' is empty", where);
			return;
		}
		c = (struct qi_cond *)(void *)p;
		g_free(c->src);
		c->src = g_strdup(s);
		scalar_start(l, v, &c->line, &c->col);
		break;
	case F_PERIOD:
		if (qi_period_parse(s, (struct qi_period *)(void *)p) == -1) {
			err(l, v, "write a fiscal year or quarter such as "
			    "FY2016 or FY2016Q3", "'%s' is not a period: '%s'",
			    where, s);
			return;
		}
		break;
	case F_METHOD:
		l->method = v;
		break;
	case F_INT:
		errno = 0;
		lv = strtol(s, &end, 10);
		if (*s == '\0' || *end != '\0' || errno != 0) {
			err(l, v, "write a whole number such as 10",
			    "'%s' must be an integer, not '%s'", where, s);
			return;
		}
		if (lv < f->min || lv > f->max) {
			err(l, v, NULL, "'%s' is %ld; it must be between %ld "
			    "and %ld", where, lv, f->min, f->max);
			return;
		}
		*(long *)(void *)p = lv;
		break;
	case F_REAL:
		if (qi_field_real(s, &dv) == -1) {
			err(l, v, "write a decimal number such as 0.95",
			    "'%s' must be a number, not '%s'", where, s);
			return;
		}
		if (!(dv > f->rmin && dv < f->rmax)) {
			err(l, v, NULL, "'%s' is %s; it must lie strictly "
			    "between %g and %g", where, s, f->rmin, f->rmax);
			return;
		}
		*(double *)(void *)p = dv;
		break;
	case F_ENUM:
		if ((ev = qi_name_value(f->names, s)) < 0) {
			hint = suggest_name(s, f->names);
			err(l, v, hint, "'%s' has no value '%s'", where, s);
			g_free(hint);
			return;
		}
		*(int *)(void *)p = ev;
		break;
	default:
		break;
	}
}

/*
 * Check a mapping against its fields: unknown and duplicate keys, every
 * value, then the required fields that are missing.
 */
static void
check_map(struct loader *l, const yaml_node_t *map,
    const struct field *fields, const char *prefix, void *obj)
{
	const yaml_node_pair_t *pair;
	const yaml_node_t *k, *v;
	const struct field *f;
	unsigned char seen[32] = { 0 };
	char *where, *hint;
	size_t i;

	for (pair = map->data.mapping.pairs.start;
	    pair < map->data.mapping.pairs.top; pair++) {
		k = yaml_document_get_node(l->doc, pair->key);
		v = yaml_document_get_node(l->doc, pair->value);
		if (k->type != YAML_SCALAR_NODE) {
			err(l, k, NULL, "a key must be a plain word");
			continue;
		}
		for (f = fields, i = 0; f->key != NULL; f++, i++)
			if (strcmp(f->key, scalar(k)) == 0)
				break;
		where = join(prefix, scalar(k));
		if (f->key == NULL) {
			/* "{when: f(a, b)}": YAML ends the entry at the comma. */
			hint = strpbrk(scalar(k), "() ") != NULL ? g_strdup(
			    "an expression with a comma inside { } must be "
			    "quoted: {when: \"f(a, b) <= 3\"}") :
			    suggest_key(scalar(k), fields);
			err(l, k, hint, "unknown key '%s'", where);
			g_free(hint);
		} else if (seen[i]) {
			err(l, k, "each key may appear only once",
			    "duplicate key '%s'", where);
		} else {
			seen[i] = 1;
			check_value(l, v, f, where, obj);
		}
		g_free(where);
	}
	for (f = fields, i = 0; f->key != NULL; f++, i++)
		if (f->required && !seen[i]) {
			where = join(prefix, f->key);
			err(l, map, NULL, "missing field '%s'", where);
			g_free(where);
		}
}

static void
cond_clear(struct qi_cond *c)
{
	qi_expr_free(c->x);
	g_free(c->src);
	memset(c, 0, sizeof(*c));
}

static void
cond_copy(struct qi_cond *dst, const struct qi_cond *src)
{
	dst->src = g_strdup(src->src);
	dst->line = src->line;
	dst->col = src->col;
	dst->x = NULL;
	dst->inherited = 1;
}

static void
rule_clear(struct qi_rule *r)
{
	size_t i;

	cond_clear(&r->den_when);
	cond_clear(&r->den_value);
	cond_clear(&r->num_when);
	cond_clear(&r->num_value);
	if (r->excl != NULL)
		for (i = 0; i < r->nexcl; i++) {
			g_free(r->excl[i].name);
			g_free(r->excl[i].ja);
			g_free(r->excl[i].en);
			cond_clear(&r->excl[i].when);
		}
	g_free(r->excl);
	memset(r, 0, sizeof(*r));
}

static void
indicator_clear(struct qi_indicator *ind)
{
	size_t i;

	g_free(ind->id);
	g_free(ind->title.ja);
	g_free(ind->title.en);
	g_free(ind->numerator.ja);
	g_free(ind->numerator.en);
	g_free(ind->denominator.ja);
	g_free(ind->denominator.en);
	g_free(ind->exclusions.ja);
	g_free(ind->exclusions.en);
	g_free(ind->exposure.ja);
	g_free(ind->exposure.en);
	g_free(ind->risk_model.ja);
	g_free(ind->risk_model.en);
	g_free(ind->risk_reference);
	g_free(ind->risk_coef_src);
	qi_riskcoef_free(ind->risk_coef);
	g_free(ind->funnel);
	g_free(ind->funnel_target_org);
	g_free(ind->source);
	g_free(ind->file);
	rule_clear(&ind->rule);
	cond_clear(&ind->exposure_value);
	for (i = 0; ind->variants != NULL && i < ind->nvariants; i++) {
		g_free(ind->variants[i].name);
		g_free(ind->variants[i].ja);
		g_free(ind->variants[i].en);
		rule_clear(&ind->variants[i].rule);
	}
	g_free(ind->variants);
	for (i = 0; ind->covariates != NULL && i < ind->ncovariates; i++) {
		g_free(ind->covariates[i].name);
		cond_clear(&ind->covariates[i].when);
		cond_clear(&ind->covariates[i].value);
	}
	g_free(ind->covariates);
	memset(ind, 0, sizeof(*ind));
}

/* An id is [a-z0-9_]+, as file names and URLs take it. */
static int
valid_id(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!g_ascii_islower(*s) && !g_ascii_isdigit(*s) && *s != '_')
			return 0;
	return 1;
}

/*
 * The node of key (a dotted path of mapping keys) under root, or NULL.  A
 * key given twice is found where it is first given, as check_map() reads
 * it (the second is reported as a duplicate there).
 */
static const yaml_node_t *
find_node(yaml_document_t *doc, const yaml_node_t *root, const char *path)
{
	char **keys = g_strsplit(path, ".", -1);
	const yaml_node_pair_t *pair;
	const yaml_node_t *n = root, *k, *found;
	size_t i;

	for (i = 0; keys[i] != NULL && n != NULL; i++) {
		if (n->type != YAML_MAPPING_NODE) {
			n = NULL;
			break;
		}
		found = NULL;
		for (pair = n->data.mapping.pairs.start;
		    pair < n->data.mapping.pairs.top; pair++) {
			k = yaml_document_get_node(doc, pair->key);
			if (k->type == YAML_SCALAR_NODE &&
			    strcmp(scalar(k), keys[i]) == 0) {
				found = yaml_document_get_node(doc,
				    pair->value);
				break;
			}
		}
		n = found;
	}
	g_strfreev(keys);
	return n;
}

/* statistics.method: interval words depend on the kind. */
static void
resolve_method(struct loader *l, struct qi_indicator *ind)
{
	const struct qi_name *t = qi_kind_methods(ind->kind);
	char *hint;
	int v;

	if (l->method == NULL)
		return;
	if ((v = qi_name_value(t, scalar(l->method))) < 0) {
		hint = suggest_name(scalar(l->method), t);
		err(l, l->method, hint, "'statistics.method' has no value '%s' "
		    "for a %s indicator", scalar(l->method),
		    qi_name_of(qi_kind_names, (int)ind->kind));
		g_free(hint);
	} else if (ind->kind == QI_KIND_RATE)
		ind->rate_method = (enum qi_rate_method)v;
	else if (ind->kind == QI_KIND_PROPORTION)
		ind->method = (enum qi_ci_method)v;
	/* a mean has one method, t */
}

static int valid_id(const char *);

/*
 * The node naming item i of a list of mappings (its "name" value) or of
 * a mapping of names (its key); the container itself if not found.
 */
static const yaml_node_t *
item_node(struct loader *l, const yaml_node_t *c, size_t i)
{
	const yaml_node_t *e;

	if (c == NULL)
		return NULL;
	if (c->type == YAML_SEQUENCE_NODE && (ptrdiff_t)i <
	    c->data.sequence.items.top - c->data.sequence.items.start) {
		e = yaml_document_get_node(l->doc,
		    c->data.sequence.items.start[i]);
		return (e = find_node(l->doc, e, "name")) != NULL ? e : c;
	}
	if (c->type == YAML_MAPPING_NODE && (ptrdiff_t)i <
	    c->data.mapping.pairs.top - c->data.mapping.pairs.start)
		return yaml_document_get_node(l->doc,
		    c->data.mapping.pairs.start[i].key);
	return c;
}

/* Names in a list must be ids and unique; errors at the name. */
static void
check_names(struct loader *l, const yaml_node_t *root, const char *path,
    const char *const *names, size_t n, size_t stride)
{
	const yaml_node_t *c = find_node(l->doc, root, path), *at;
	const char *a, *b;
	size_t i, j;

	for (i = 0; i < n; i++) {
		a = *(const char *const *)(const void *)((const char *)names +
		    i * stride);
		if (a == NULL)
			continue;
		at = item_node(l, c, i);
		if (!valid_id(a))
			err(l, at, "use lower-case letters, digits and '_'",
			    "%s: bad name '%s'", path, a);
		for (j = 0; j < i; j++) {
			b = *(const char *const *)(const void *)((const char *)
			    names + j * stride);
			if (b != NULL && strcmp(a, b) == 0)
				err(l, at, "each name may appear only once",
				    "%s: duplicate name '%s'", path, a);
		}
	}
}

/* A variant takes the definition's parts it does not give. */
static void
inherit(struct qi_rule *v, const struct qi_rule *base)
{
	size_t i;

	if (v->den_when.src == NULL && base->den_when.src != NULL)
		cond_copy(&v->den_when, &base->den_when);
	if (v->den_value.src == NULL && base->den_value.src != NULL)
		cond_copy(&v->den_value, &base->den_value);
	if (v->num_when.src == NULL && v->num_value.src == NULL) {
		if (base->num_when.src != NULL)
			cond_copy(&v->num_when, &base->num_when);
		if (base->num_value.src != NULL)
			cond_copy(&v->num_value, &base->num_value);
	}
	if (v->excl == NULL && base->excl != NULL) {
		v->nexcl = base->nexcl;
		v->excl = g_new0(struct qi_exclusion, v->nexcl ? v->nexcl : 1);
		for (i = 0; i < v->nexcl; i++) {
			v->excl[i].name = g_strdup(base->excl[i].name);
			v->excl[i].ja = g_strdup(base->excl[i].ja);
			v->excl[i].en = g_strdup(base->excl[i].en);
			if (base->excl[i].when.src != NULL)
				cond_copy(&v->excl[i].when,
				    &base->excl[i].when);
		}
	}
}

/* The node at path under m, else m itself. */
static const yaml_node_t *
node_or(struct loader *l, const yaml_node_t *m, const char *path)
{
	const yaml_node_t *n = find_node(l->doc, m, path);

	return n != NULL ? n : m;
}

/*
 * The parts of a patient-level definition that only make sense together.
 * m is the mapping holding the rule's keys (the file's top level or a
 * variant); where names the rule ("" or "variants.NAME: ").
 */
static void
check_rule(struct loader *l, const yaml_node_t *m, const struct qi_rule *r,
    enum qi_kind kind, const char *where)
{
	const yaml_node_t *ex = find_node(l->doc, m, "denominator.exclusions");
	size_t i, with = 0;
	char *path;

	for (i = 0; r->excl != NULL && i < r->nexcl; i++)
		with += r->excl[i].when.src != NULL;
	if (r->num_when.src != NULL && r->num_value.src != NULL)
		err(l, node_or(l, m, "numerator.value"), "a numerator either "
		    "counts stays (when) or sums a value (value)",
		    "%snumerator has both 'when' and 'value'", where);
	if (r->den_when.src == NULL && (r->num_when.src != NULL ||
	    r->num_value.src != NULL || r->den_value.src != NULL ||
	    with > 0))
		err(l, node_or(l, m, r->num_when.src != NULL ||
		    r->num_value.src != NULL ? "numerator" : "denominator"),
		    "add denominator.when: the stays the indicator is about",
		    "%sexpressions given without denominator.when", where);
	if (r->den_when.src != NULL && r->num_when.src == NULL &&
	    r->num_value.src == NULL)
		err(l, node_or(l, m, "denominator.when"), "add numerator.when "
		    "(a count) or numerator.value (a sum)", "%sdenominator.when "
		    "given without a patient-level numerator", where);
	/*
	 * A proportion's numerator is part of its denominator: both count
	 * stays (when) or both sum one value per stay (value), e.g. days.
	 * A sum over counted stays could exceed them (falls per stay).
	 */
	if (kind == QI_KIND_PROPORTION && r->den_when.src != NULL &&
	    r->num_value.src != NULL && r->den_value.src == NULL)
		err(l, node_or(l, m, "numerator.value"), "a proportion of "
		    "stays counts them with numerator.when; a sum of events "
		    "per stay is a rate (kind: rate with an exposure); a "
		    "proportion of units, e.g. days, gives denominator.value "
		    "too", "%snumerator.value in a proportion of stays",
		    where);
	if (kind == QI_KIND_PROPORTION && r->den_value.src != NULL &&
	    r->num_when.src != NULL)
		err(l, node_or(l, m, "numerator.when"), "give numerator.value "
		    "in the units of denominator.value, or remove "
		    "denominator.value to count stays", "%snumerator.when "
		    "counts stays, but denominator.value sums a value",
		    where);
	/* A mean or median summarises numerator.value over the stays. */
	if (qi_kind_location(kind) && r->num_when.src != NULL)
		err(l, node_or(l, m, "numerator.when"), "a mean or a median "
		    "summarises a value per stay: give numerator.value, e.g. "
		    "los + 1", "%snumerator.when in a %s", where,
		    qi_name_of(qi_kind_names, (int)kind));
	if (qi_kind_location(kind) && r->den_value.src != NULL)
		err(l, node_or(l, m, "denominator.value"), "a mean or a median "
		    "is over stays: remove denominator.value",
		    "%sdenominator.value in a %s", where,
		    qi_name_of(qi_kind_names, (int)kind));
	/* A patient-level rule needs a condition for each exclusion. */
	for (i = 0; r->den_when.src != NULL && r->excl != NULL &&
	    i < r->nexcl; i++)
		if (r->excl[i].when.src == NULL) {
			path = g_strdup_printf("denominator.exclusions[%zu].when",
			    i + 1);
			err(l, ex != NULL ? item_node(l, ex, i) : m, "each "
			    "exclusion of a patient-level rule says when it "
			    "applies", "%smissing field '%s'", where, path);
			g_free(path);
		}
}

static size_t compile_all(struct loader *, struct qi_indicator *,
    const struct qi_codeset *);

/*
 * kind: mean or median -- a patient-level mean or median of
 * numerator.value over stays: no risk model, funnel or numerator rule,
 * and at least two stays before one is published (one stay's mean or
 * median is its value).  A median states the largest value,
 * numerator.max, which bounds its histogram.
 */
static void
check_location(struct loader *l, const yaml_node_t *root,
    const struct qi_indicator *ind)
{
	const yaml_node_t *at = find_node(l->doc, root, "kind");
	const char *k = qi_name_of(qi_kind_names, (int)ind->kind);

	if (!ind->has_rule || ind->rule.num_value.src == NULL)
		err(l, at != NULL ? at : root, "a mean or a median summarises "
		    "numerator.value over the stays of denominator.when",
		    "a %s needs denominator.when and numerator.value", k);
	if (ind->kind == QI_KIND_MEDIAN && ind->value_max == 0)
		err(l, node_or(l, root, "numerator"), "state the largest "
		    "value, e.g. max: 365 (days); larger values are errors",
		    "a median needs numerator.max");
	if (ind->covariates != NULL)
		err(l, find_node(l->doc, root, "risk_model"), "risk "
		    "adjustment is for proportions", "risk_model given for a "
		    "%s", k);
	if ((at = find_node(l->doc, root, "funnel")) != NULL)
		err(l, at, "a mean or a median has no funnel analysis "
		    "(specs/statistics.md, \"Means\")", "funnel given for a %s",
		    k);
	if (ind->min_numerator > 0)
		err(l, find_node(l->doc, root, "publication.min_numerator"),
		    "its numerator is a sum of values, not a count of events: "
		    "remove min_numerator", "min_numerator given for a %s", k);
	if (ind->min_denominator < 2)
		err(l, find_node(l->doc, root, "publication.min_denominator"),
		    "a mean or a median of one stay is its value", "'publication."
		    "min_denominator' is %ld; a %s needs at least 2",
		    ind->min_denominator, k);
}

/*
 * A Charlson index covariate (charlson: SCHEME) is a number whose value is
 * the index's expression, placed at the key, its range 0 .. the scheme's
 * largest score unless min or max narrow it.  Returns 0, or -1 when
 * reported (with when or value too).
 */
static int
charlson_value(struct loader *l, const yaml_node_t *it,
    struct qi_covariate *c, int *hasmin, int *hasmax)
{
	const yaml_node_t *at = find_node(l->doc, it, "charlson");
	long max;

	if (c->when.src != NULL || c->value.src != NULL) {
		err(l, it, "the index is its own value: remove 'when' and "
		    "'value'", "covariate '%s' has 'charlson' with '%s'",
		    c->name, c->when.src != NULL ? "when" : "value");
		return -1;
	}
	c->value.src = qi_charlson_expr(c->charlson, &max);
	c->value.line = (unsigned)at->start_mark.line + 1;
	c->value.col = (unsigned)at->start_mark.column + 1;
	if (!*hasmin)
		c->min = 0;
	if (!*hasmax)
		c->max = max;
	*hasmin = *hasmax = 1;
	return 0;
}

/*
 * Each covariate is a flag (when), or a number (value) with its stated
 * range min..max, categorical when it names a reference level; the
 * product of the covariates' levels, the patterns a model can have, is
 * at most QI_PATTERN_MAX.  Sets kind, nval and mult of each.
 */
static void
check_covariates(struct loader *l, const yaml_node_t *root,
    struct qi_indicator *ind)
{
	const yaml_node_t *seq = find_node(l->doc, root,
	    "risk_model.covariates"), *it, *at;
	struct qi_covariate *c;
	unsigned long patterns = 1;
	int over = 0, hasmin, hasmax, hasref;
	size_t i;

	for (i = 0; i < ind->ncovariates; i++) {
		c = &ind->covariates[i];
		it = seq != NULL && seq->type == YAML_SEQUENCE_NODE ?
		    yaml_document_get_node(l->doc,
		    seq->data.sequence.items.start[i]) : root;
		hasmin = find_node(l->doc, it, "min") != NULL;
		hasmax = find_node(l->doc, it, "max") != NULL;
		hasref = find_node(l->doc, it, "reference") != NULL;
		c->nval = 2;
		if (c->charlson != QI_CHARLSON_NONE && charlson_value(l, it,
		    c, &hasmin, &hasmax) != 0)
			continue;
		c->kind = hasref ? QI_COVAR_CATEGORY : c->value.src != NULL ?
		    QI_COVAR_INTEGER : QI_COVAR_FLAG;
		if (c->when.src == NULL && c->value.src == NULL &&
		    find_node(l->doc, it, "charlson") != NULL)
			continue;	/* a bad scheme, reported */
		if ((c->when.src == NULL) == (c->value.src == NULL)) {
			err(l, it, "a flag has 'when' (a condition), a number "
			    "'value' with 'min' and 'max', a Charlson index "
			    "'charlson' (quan2011 or charlson1987)",
			    "covariate '%s' needs one of 'when', 'value' and "
			    "'charlson'", c->name);
			continue;
		}
		if (c->when.src != NULL) {
			if (hasmin || hasmax || hasref)
				err(l, it, "'min', 'max' and 'reference' are "
				    "for a covariate with 'value'",
				    "covariate '%s' is a flag (when) with a "
				    "range", c->name);
			continue;
		}
		if (!hasmin || !hasmax) {
			err(l, it, "state the range of the value, e.g. age: "
			    "min: 18, max: 100 (values beyond count at the "
			    "ends)", "covariate '%s' has a value without "
			    "'min' and 'max'", c->name);
			continue;
		}
		if (c->min >= c->max) {
			err(l, find_node(l->doc, it, "max"), "max is above "
			    "min", "covariate '%s': max %ld is not above min "
			    "%ld", c->name, c->max, c->min);
			continue;
		}
		if (hasref && (c->reference < c->min || c->reference >
		    c->max))
			err(l, find_node(l->doc, it, "reference"), "the "
			    "reference is one of the levels min..max",
			    "covariate '%s': reference %ld is outside %ld..%ld",
			    c->name, c->reference, c->min, c->max);
		c->nval = (unsigned long)(c->max - c->min) + 1;
	}
	for (i = 0; i < ind->ncovariates; i++) {
		c = &ind->covariates[i];
		c->mult = patterns;
		if (c->nval > QI_PATTERN_MAX / patterns)
			over = 1;
		else
			patterns *= c->nval;
	}
	if (over) {
		at = seq != NULL ? seq : root;
		err(l, at, "narrow the ranges (e.g. age from 18 to 100, or in "
		    "bands) or drop covariates", "the covariates' levels "
		    "make more than %lu patterns", QI_PATTERN_MAX);
	}
}

/*
 * risk_model beyond its covariates: only for a proportion; reference
 * periods or fixed coefficients, not both.  The coefficients file is
 * loaded once the definition has no other error (its terms are the
 * covariates').
 */
static void
check_risk(struct loader *l, const yaml_node_t *root,
    struct qi_indicator *ind)
{
	const yaml_node_t *at;

	check_covariates(l, root, ind);
	if (ind->kind == QI_KIND_RATE)
		err(l, find_node(l->doc, root, "risk_model"), "qi fits "
		    "logistic models of proportions; a rate would need a "
		    "Poisson model: remove risk_model, or count the "
		    "indicator as a proportion of stays",
		    "risk_model given for a rate");
	at = find_node(l->doc, root, "risk_model.reference");
	if (ind->risk_reference != NULL && qi_risk_reference_parse(
	    ind->risk_reference, &ind->ref_from, &ind->ref_to) != 0)
		err(l, at, "fiscal periods FROM..TO, e.g. FY2022..FY2024 or "
		    "FY2024Q1..FY2024Q4, or one period, FY2024",
		    "bad risk_model.reference '%s'", ind->risk_reference);
	if (ind->risk_reference != NULL && ind->risk_coef_src != NULL)
		err(l, at, "fixed coefficients were fitted elsewhere: give "
		    "either the periods to fit on or the coefficients",
		    "risk_model.reference given with risk_model."
		    "coefficients");
}

/* Checks across fields, once the schema has been checked. */
static void
check_indicator(struct loader *l, const yaml_node_t *root,
    struct qi_indicator *ind)
{
	const yaml_node_t *at;
	char *where;
	size_t i;

	resolve_method(l, ind);
	if (l->funnel_target != NULL && ind->kind == QI_KIND_PROPORTION &&
	    ind->funnel->target > 1.0)
		err(l, l->funnel_target, "a proportion's target lies between "
		    "0 and 1 (not percent)", "'funnel.target' is %g",
		    ind->funnel->target);
	if (ind->funnel != NULL &&
	    !qi_funnel_scale_fits(ind->funnel->scale, ind->kind ==
	    QI_KIND_RATE))
		err(l, (at = find_node(l->doc, root, "funnel.scale")) ? at :
		    root, ind->kind == QI_KIND_RATE ? "for a rate use "
		    "raw, log or sqrt" : "for a proportion use raw, logit or "
		    "arcsine", "'funnel.scale' %s does not apply to a %s",
		    qi_name_of(qi_funnel_scale_names, (int)ind->funnel->scale),
		    qi_name_of(qi_kind_names, (int)ind->kind));
	ind->has_effective = ind->effective.fy != 0;
	ind->has_rule = ind->rule.den_when.src != NULL;
	check_rule(l, root, &ind->rule, ind->kind, "");
	if (ind->rule.excl != NULL)
		check_names(l, root, "denominator.exclusions",
		    (const char *const *)(void *)&ind->rule.excl[0].name,
		    ind->rule.nexcl, sizeof(struct qi_exclusion));
	if (ind->kind == QI_KIND_RATE && ind->exposure_value.src == NULL)
		err(l, (at = find_node(l->doc, root, "kind")) ? at : root,
		    "add exposure: {ja, en, value} (e.g. patient-days, value: "
		    "los)", "a rate indicator needs an exposure");
	if (ind->kind != QI_KIND_RATE && ind->exposure_value.src != NULL)
		err(l, find_node(l->doc, root, "exposure"), "add 'kind: rate' "
		    "or remove exposure", "exposure given for a %s",
		    qi_name_of(qi_kind_names, (int)ind->kind));
	if (qi_kind_location(ind->kind))
		check_location(l, root, ind);
	if (ind->kind != QI_KIND_MEDIAN && ind->value_max != 0)
		err(l, find_node(l->doc, root, "numerator.max"), "only a median "
		    "states the largest value", "numerator.max given for a %s",
		    qi_name_of(qi_kind_names, (int)ind->kind));
	if (ind->exposure_value.src != NULL && !ind->has_rule)
		err(l, find_node(l->doc, root, "exposure"), "add "
		    "denominator.when", "exposure given without "
		    "denominator.when");
	if (ind->variants != NULL) {
		at = find_node(l->doc, root, "variants");
		if (!ind->has_rule)
			err(l, at, "variants change a patient-level rule: add "
			    "denominator.when", "variants given without "
			    "denominator.when");
		check_names(l, root, "variants",
		    (const char *const *)(void *)&ind->variants[0].name,
		    ind->nvariants, sizeof(struct qi_variant));
		for (i = 0; i < ind->nvariants; i++) {
			inherit(&ind->variants[i].rule, &ind->rule);
			where = g_strdup_printf("variants.%s: ",
			    ind->variants[i].name);
			if (ind->has_rule && at != NULL &&
			    at->type == YAML_MAPPING_NODE)
				check_rule(l, yaml_document_get_node(l->doc,
				    at->data.mapping.pairs.start[i].value),
				    &ind->variants[i].rule, ind->kind, where);
			g_free(where);
		}
	}
	if (ind->covariates != NULL) {
		if (!ind->has_rule)
			err(l, find_node(l->doc, root, "risk_model"), "add "
			    "denominator.when", "risk_model given without "
			    "denominator.when");
		check_names(l, root, "risk_model.covariates",
		    (const char *const *)(void *)&ind->covariates[0].name,
		    ind->ncovariates, sizeof(struct qi_covariate));
		check_risk(l, root, ind);
	}
}

/*
 * Load and check one file into *ind, compiling its expressions against
 * codes (NULL: the code lists failed to load, so expressions are not
 * compiled).  Returns the number of errors.
 */
static size_t
load_file(const char *path, const struct qi_codeset *codes, int compile,
    struct qi_indicator *ind, struct qi_diag *diag)
{
	struct loader l = { path, NULL, diag, 0, NULL, NULL, NULL };
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root;
	const yaml_node_t *idnode;
	GError *gerr = NULL;
	gchar *text = NULL, *base = NULL, *stem = NULL;
	gsize len;
	int have_doc = 0;

	memset(ind, 0, sizeof(*ind));
	ind->method = QI_CI_WILSON;
	ind->ratio_method = QI_RATE_HYBRID;
	ind->funnel = g_new(struct qi_funnelcfg, 1);
	qi_funnelcfg_defaults(ind->funnel);
	if (!g_file_get_contents(path, &text, &len, &gerr)) {
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL, "cannot read: %s",
		    gerr->message);
		g_error_free(gerr);
		return 1;
	}
	l.text = text;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text,
	    len);
	if (!yaml_parser_load(&parser, &doc)) {
		unsigned line = (unsigned)parser.problem_mark.line + 1;
		unsigned col = (unsigned)parser.problem_mark.column + 1;

		if (parser.error == YAML_READER_ERROR &&
		    parser.problem_offset <= len) {
			/* Encoding errors carry a byte offset, not a mark. */
			const char *ls = text, *p;
			line = 1;
			for (p = text; p < text + parser.problem_offset; p++)
				if (*p == '\n') {
					line++;
					ls = p + 1;
				}
			col = (unsigned)g_utf8_strlen(ls, p - ls) + 1;
		}
		qi_diag_add(diag, QI_ERROR, path, line, col,
		    parser.error == YAML_READER_ERROR ? "save the definition "
		    "as UTF-8 (not Shift_JIS/CP932)" : "check indentation "
		    "(spaces, not tabs), colons and quotes",
		    "YAML syntax: %s", parser.problem != NULL ?
		    parser.problem : "unreadable");
		l.errors++;
		goto out;
	}
	have_doc = 1;
	l.doc = &doc;
	if ((root = yaml_document_get_root_node(&doc)) == NULL) {
		qi_diag_add(diag, QI_ERROR, path, 1, 1, "see "
		    "specs/definitions.md for the fields", "empty definition");
		l.errors++;
		goto out;
	}
	if (root->type != YAML_MAPPING_NODE) {
		err(&l, root, "see specs/definitions.md for the fields",
		    "a definition must be a mapping of fields, not %s",
		    node_kind(root));
		goto out;
	}
	check_map(&l, root, top_fields, "", ind);
	check_indicator(&l, root, ind);
	if (compile)
		l.errors += compile_all(&l, ind, codes);
	if (l.errors == 0 && ind->risk_coef_src != NULL &&
	    ind->covariates != NULL)
		l.errors += qi_riskcoef_load(ind, path, diag);

	/* The id names the file, so that links and results agree. */
	base = g_path_get_basename(path);
	stem = g_strndup(base, strlen(base) - strlen(".yaml"));
	idnode = find_node(&doc, root, "id");
	if (ind->id != NULL && strlen(ind->id) > QI_ID_MAX)
		err(&l, idnode, "ids name files and web pages: keep them "
		    "short", "indicator id of %zu bytes; at most %d",
		    strlen(ind->id), QI_ID_MAX);
	else if (ind->id != NULL && !valid_id(ind->id))
		err(&l, idnode, "use lower-case letters, digits and '_'",
		    "bad indicator id '%s'", ind->id);
	else if (ind->id != NULL && strcmp(ind->id, stem) != 0)
		err(&l, idnode, "rename the file or change the id",
		    "id '%s' does not match the file name '%s'", ind->id,
		    base);
	if (l.errors == 0 && ind->min_numerator > ind->min_denominator)
		qi_diag_add(diag, QI_WARNING, path, 0, 0, NULL,
		    "min_numerator %ld is above min_denominator %ld",
		    ind->min_numerator, ind->min_denominator);
out:
	if (l.errors == 0) {
		if (qi_sha256_hex(text, len, ind->sha256) < 0)
			qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
			    "SHA-256 digest failed (libcrypto)");
		ind->file = g_strdup(path);
	}
	if (have_doc)
		yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	g_free(base);
	g_free(stem);
	g_free(text);
	return l.errors;
}

/*
 * Compile one expression; returns the number of errors it reported (at
 * least 1 on failure).  skip_inherited: a variant's copy of a part of
 * its definition that did not compile is not compiled again (its errors
 * are already reported, at the same place).
 */
static size_t
compile(struct loader *l, struct qi_cond *c, const struct qi_codeset *codes,
    enum qi_vtype want, int skip_inherited)
{
	size_t before;

	if (c->src == NULL || c->x != NULL || (skip_inherited &&
	    c->inherited))
		return 0;
	before = qi_diag_count(l->diag, QI_ERROR);
	c->x = qi_expr_compile(c->src, codes, l->path, c->line, c->col, want,
	    l->diag);
	if (c->x != NULL)
		return 0;
	return qi_diag_count(l->diag, QI_ERROR) > before ?
	    qi_diag_count(l->diag, QI_ERROR) - before : 1;
}

static size_t
compile_rule(struct loader *l, struct qi_rule *r,
    const struct qi_codeset *codes, int skip)
{
	size_t i, e = 0;

	e += compile(l, &r->den_when, codes, QI_VT_BOOL, skip);
	e += compile(l, &r->den_value, codes, QI_VT_NUMBER, skip);
	for (i = 0; r->excl != NULL && i < r->nexcl; i++)
		e += compile(l, &r->excl[i].when, codes, QI_VT_BOOL, skip);
	e += compile(l, &r->num_when, codes, QI_VT_BOOL, skip);
	e += compile(l, &r->num_value, codes, QI_VT_NUMBER, skip);
	return e;
}

/*
 * Every expression of a definition, each compiled once (a variant's
 * inherited parts are compiled for the variant, but only if the
 * definition's compiled cleanly, so that no error is reported twice).
 */
static size_t
compile_all(struct loader *l, struct qi_indicator *ind,
    const struct qi_codeset *codes)
{
	size_t i, e, own;

	e = compile_rule(l, &ind->rule, codes, 0);
	e += compile(l, &ind->exposure_value, codes, QI_VT_NUMBER, 0);
	for (i = 0; ind->covariates != NULL && i < ind->ncovariates; i++) {
		e += compile(l, &ind->covariates[i].when, codes, QI_VT_BOOL,
		    0);
		e += compile(l, &ind->covariates[i].value, codes,
		    QI_VT_NUMBER, 0);
	}
	own = e;
	for (i = 0; ind->variants != NULL && i < ind->nvariants; i++)
		e += compile_rule(l, &ind->variants[i].rule, codes, own > 0);
	return e;
}

static gint
cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum qi_err
qi_defset_load(const char *dir, struct qi_defset **out,
    struct qi_diag *diag)
{
	struct qi_defset *set;
	GPtrArray *names;
	GError *gerr = NULL;
	GDir *d;
	const char *name;
	char *path, *codes;
	size_t i, errors = 0;
	int compile_ok = 1;

	*out = NULL;
	if ((d = g_dir_open(dir, 0, &gerr)) == NULL) {
		qi_diag_add(diag, QI_ERROR, dir, 0, 0, "point --indicators "
		    "at the folder of definition files", "cannot open: %s",
		    gerr->message);
		g_error_free(gerr);
		return QI_EINPUT;
	}
	names = g_ptr_array_new_with_free_func(g_free);
	while ((name = g_dir_read_name(d)) != NULL)
		if (g_str_has_suffix(name, ".yaml") && name[0] != '.')
			g_ptr_array_add(names, g_strdup(name));
	g_dir_close(d);
	g_ptr_array_sort(names, cmp_str);

	set = g_new0(struct qi_defset, 1);
	/*
	 * The code lists first: expressions name them.  If they do not
	 * load, their errors are reported and the definitions are still
	 * checked, without compiling their expressions.
	 */
	codes = g_build_filename(dir, "codes", NULL);
	if (g_file_test(codes, G_FILE_TEST_IS_DIR) &&
	    qi_codeset_load(codes, &set->codes, diag) != QI_OK) {
		errors++;
		compile_ok = 0;
	}
	g_free(codes);
	set->v = g_new0(struct qi_indicator, names->len ? names->len : 1);
	for (i = 0; i < names->len; i++) {
		path = g_build_filename(dir, g_ptr_array_index(names, i),
		    NULL);
		if (load_file(path, set->codes, compile_ok, &set->v[set->n],
		    diag) > 0) {
			errors++;
			indicator_clear(&set->v[set->n]);
		} else
			set->n++;
		g_free(path);
	}
	if (names->len == 0) {
		qi_diag_add(diag, QI_ERROR, dir, 0, 0, "each indicator is a "
		    "file ID.yaml", "no definitions (*.yaml) in this folder");
		errors++;
	}
	g_ptr_array_free(names, TRUE);
	if (errors > 0) {
		qi_defset_free(set);
		return QI_EINPUT;
	}
	*out = set;
	return QI_OK;
}

void
qi_defset_free(struct qi_defset *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		indicator_clear(&set->v[i]);
	g_free(set->v);
	qi_codeset_free(set->codes);
	g_free(set);
}

long
qi_defset_find(const struct qi_defset *set, const char *id)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->v[i].id, id) == 0)
			return (long)i;
	return -1;
}

long
qi_variant_find(const struct qi_indicator *ind, const char *name)
{
	size_t i;

	for (i = 0; i < ind->nvariants; i++)
		if (strcmp(ind->variants[i].name, name) == 0)
			return (long)i;
	return -1;
}

const struct qi_rule *
qi_indicator_rule(const struct qi_indicator *ind, size_t v)
{
	return v == 0 ? &ind->rule : &ind->variants[v - 1].rule;
}

uint64_t
qi_indicator_reads(const struct qi_indicator *ind)
{
	const struct qi_rule *ru;
	uint64_t m = 0;
	size_t v, e;

#define READS(c)	((c).x != NULL ? qi_expr_fields((c).x) | \
	(qi_expr_uses_items((c).x) ? QI_READS_ITEMS : 0) | \
	(qi_expr_uses_links((c).x) ? QI_READS_LINKS : 0) : 0)
	for (v = 0; v <= ind->nvariants; v++) {
		ru = qi_indicator_rule(ind, v);
		m |= READS(ru->den_when) | READS(ru->den_value) |
		    READS(ru->num_when) | READS(ru->num_value);
		for (e = 0; e < ru->nexcl; e++)
			m |= READS(ru->excl[e].when);
	}
	m |= READS(ind->exposure_value);
	for (e = 0; e < ind->ncovariates; e++)
		m |= READS(ind->covariates[e].when) |
		    READS(ind->covariates[e].value);
#undef READS
	return m;
}
