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

#include "qi.h"

enum ftype {
	F_STR,		/* nonempty string */
	F_INT,		/* integer in [min, max] */
	F_REAL,		/* real in (rmin, rmax) */
	F_ENUM,		/* one of names[] */
	F_MAP		/* a nested mapping described by sub[] */
};

struct field {
	const char		*key;
	enum ftype		 type;
	size_t			 off;		/* in the struct being filled */
	int			 required;
	const struct qi_name	*names;		/* F_ENUM */
	const struct field	*sub;		/* F_MAP, ends in key NULL */
	long			 min, max;	/* F_INT, inclusive */
	double			 rmin, rmax;	/* F_REAL, exclusive */
};

/* F_ENUM stores an int into the enum fields. */
_Static_assert(sizeof(enum qi_unit) == sizeof(int) &&
    sizeof(enum qi_direction) == sizeof(int) &&
    sizeof(enum qi_ci_method) == sizeof(int), "enums must be int-sized");

#define OFF(f)		offsetof(struct qi_indicator, f)
#define TEXT_OFF(f, l)	(offsetof(struct qi_indicator, f) + \
			    offsetof(struct qi_text, l))

#define TEXT_FIELDS(f) {						\
	{ "ja", F_STR, TEXT_OFF(f, ja), 1, NULL, NULL, 0, 0, 0, 0 },	\
	{ "en", F_STR, TEXT_OFF(f, en), 1, NULL, NULL, 0, 0, 0, 0 },	\
	{ NULL, F_STR, 0, 0, NULL, NULL, 0, 0, 0, 0 } }

static const struct field title_fields[] = TEXT_FIELDS(title);
static const struct field num_fields[] = TEXT_FIELDS(numerator);
static const struct field den_fields[] = TEXT_FIELDS(denominator);
static const struct field excl_fields[] = TEXT_FIELDS(exclusions);

static const struct field stat_fields[] = {
	{ "method", F_ENUM, OFF(method), 1, qi_ci_method_names, NULL,
	    0, 0, 0, 0 },
	{ "level", F_REAL, OFF(level), 1, NULL, NULL, 0, 0, 0.0, 1.0 },
	{ NULL, F_STR, 0, 0, NULL, NULL, 0, 0, 0, 0 }
};

static const struct field pub_fields[] = {
	{ "min_denominator", F_INT, OFF(min_denominator), 1, NULL, NULL,
	    1, 1000000, 0, 0 },
	{ "min_numerator", F_INT, OFF(min_numerator), 0, NULL, NULL,
	    0, 1000000, 0, 0 },
	{ NULL, F_STR, 0, 0, NULL, NULL, 0, 0, 0, 0 }
};

static const struct field top_fields[] = {
	{ "id", F_STR, OFF(id), 1, NULL, NULL, 0, 0, 0, 0 },
	{ "version", F_INT, OFF(version), 1, NULL, NULL, 1, 9999, 0, 0 },
	{ "title", F_MAP, 0, 1, NULL, title_fields, 0, 0, 0, 0 },
	{ "numerator", F_MAP, 0, 1, NULL, num_fields, 0, 0, 0, 0 },
	{ "denominator", F_MAP, 0, 1, NULL, den_fields, 0, 0, 0, 0 },
	{ "exclusions", F_MAP, 0, 0, NULL, excl_fields, 0, 0, 0, 0 },
	{ "source", F_STR, OFF(source), 1, NULL, NULL, 0, 0, 0, 0 },
	{ "unit", F_ENUM, OFF(unit), 1, qi_unit_names, NULL, 0, 0, 0, 0 },
	{ "direction", F_ENUM, OFF(direction), 1, qi_direction_names, NULL,
	    0, 0, 0, 0 },
	{ "statistics", F_MAP, 0, 1, NULL, stat_fields, 0, 0, 0, 0 },
	{ "publication", F_MAP, 0, 1, NULL, pub_fields, 0, 0, 0, 0 },
	{ NULL, F_STR, 0, 0, NULL, NULL, 0, 0, 0, 0 }
};

/* One file being checked. */
struct loader {
	const char		*path;
	yaml_document_t		*doc;
	struct qi_diag		*diag;
	size_t			 errors;
};

static void
err(struct loader *l, const yaml_node_t *n, const char *hint,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

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

/* Edit distance, for "did you mean" hints. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, *row, prev, tmp, best;

	row = g_new(size_t, lb + 1);
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	best = row[lb];
	g_free(row);
	return best;
}

/*
 * A hint naming the closest word, or listing them all when none is close.
 * Returned string is the caller's to g_free().
 */
static char *
suggest(const char *word, const char *const *words, size_t n)
{
	GString *all = g_string_new(NULL);
	size_t i, d, bestd = (size_t)-1, best = 0;

	for (i = 0; i < n; i++) {
		d = distance(word, words[i]);
		if (d < bestd) {
			bestd = d;
			best = i;
		}
		g_string_append_printf(all, "%s%s", i ? ", " : "", words[i]);
	}
	if (n > 0 && bestd <= 1 + strlen(word) / 3) {
		g_string_free(all, TRUE);
		return g_strdup_printf("did you mean '%s'?", words[best]);
	}
	g_string_prepend(all, "expected one of: ");
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
    const struct field *, const char *, struct qi_indicator *);

/* Check one value against its field and store it. */
static void
check_value(struct loader *l, const yaml_node_t *v, const struct field *f,
    const char *where, struct qi_indicator *ind)
{
	char *p = (char *)ind + f->off, *end, *hint;
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
		check_map(l, v, f->sub, where, ind);
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
		errno = 0;
		dv = strtod(s, &end);
		if (*s == '\0' || *end != '\0' || errno != 0 ||
		    !isfinite(dv)) {
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
    const struct field *fields, const char *prefix,
    struct qi_indicator *ind)
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
		where = prefix[0] ? g_strconcat(prefix, ".", scalar(k), NULL) :
		    g_strdup(scalar(k));
		if (f->key == NULL) {
			hint = suggest_key(scalar(k), fields);
			err(l, k, hint, "unknown key '%s'", where);
			g_free(hint);
		} else if (seen[i]) {
			err(l, k, "each key may appear only once",
			    "duplicate key '%s'", where);
		} else {
			seen[i] = 1;
			check_value(l, v, f, where, ind);
		}
		g_free(where);
	}
	for (f = fields, i = 0; f->key != NULL; f++, i++)
		if (f->required && !seen[i]) {
			where = prefix[0] ? g_strconcat(prefix, ".", f->key,
			    NULL) : g_strdup(f->key);
			err(l, map, NULL, "missing field '%s'", where);
			g_free(where);
		}
}

static void
indicator_clear(struct qi_indicator *ind)
{
	g_free(ind->id);
	g_free(ind->title.ja);
	g_free(ind->title.en);
	g_free(ind->numerator.ja);
	g_free(ind->numerator.en);
	g_free(ind->denominator.ja);
	g_free(ind->denominator.en);
	g_free(ind->exclusions.ja);
	g_free(ind->exclusions.en);
	g_free(ind->source);
	g_free(ind->file);
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
 * Load and check one file into *ind.  Returns the number of errors.
 */
static size_t
load_file(const char *path, struct qi_indicator *ind, struct qi_diag *diag)
{
	struct loader l = { path, NULL, diag, 0 };
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root, *idnode = NULL;
	const yaml_node_pair_t *pair;
	GError *gerr = NULL;
	gchar *text = NULL, *base = NULL, *stem = NULL;
	gsize len;
	int have_doc = 0;

	memset(ind, 0, sizeof(*ind));
	ind->method = QI_CI_WILSON;
	if (!g_file_get_contents(path, &text, &len, &gerr)) {
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL, "cannot read: %s",
		    gerr->message);
		g_error_free(gerr);
		return 1;
	}
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

	/* The id names the file, so that links and results agree. */
	base = g_path_get_basename(path);
	stem = g_strndup(base, strlen(base) - strlen(".yaml"));
	for (pair = root->data.mapping.pairs.start;
	    pair < root->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = yaml_document_get_node(&doc, pair->key);
		if (k->type == YAML_SCALAR_NODE &&
		    strcmp(scalar(k), "id") == 0)
			idnode = yaml_document_get_node(&doc, pair->value);
	}
	if (ind->id != NULL && !valid_id(ind->id))
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
		GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
		g_checksum_update(ck, (const guchar *)text, (gssize)len);
		g_strlcpy(ind->sha256, g_checksum_get_string(ck),
		    sizeof(ind->sha256));
		g_checksum_free(ck);
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
	char *path;
	size_t i, errors = 0;

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
	set->v = g_new0(struct qi_indicator, names->len ? names->len : 1);
	for (i = 0; i < names->len; i++) {
		path = g_build_filename(dir, g_ptr_array_index(names, i),
		    NULL);
		if (load_file(path, &set->v[set->n], diag) > 0) {
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
