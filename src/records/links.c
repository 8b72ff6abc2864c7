/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * links.c -- the same patient's next stay in the same hospital (links.h).
 *
 * In order (link_in_order()): the stays are read once; a patient's stays
 * are consecutive and by admission, so each patient's next stays are
 * found when the patient's last stay has been read, and written out then.
 * Otherwise, pass 1 reads the stays again and adds each stay with a
 * patient to a sort keyed by (hospital, patient, admission, discharge,
 * stay); walking that sort one patient at a time gives the same links,
 * which go to a second sort keyed as the stays file is ordered,
 * "hospital\0stay", and from it to the file.  Either way the largest
 * discharge day of each hospital gives its follow-up end, and the next
 * stay is the first of the patient's stays admitted on or after the
 * discharge day (itself left out).  The file holds records of a 2-byte
 * key length (little-endian), the key and a struct rec; each cursor reads
 * it from its start.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "links.h"
#include "xsort.h"

/* The next stay as stored: dates in days since 1970. */
struct rec {
	int32_t		 admission;	/* INT32_MIN: no next stay */
	int8_t		 emergency;	/* 0, 1; -1 missing */
	char		 code[3][QI_CODE_MAX];
};

/* A stay of pass 1 (the payload of the first sort). */
struct pstay {
	int32_t		 admission, discharge;
	int8_t		 emergency;
	char		 code[3][QI_CODE_MAX];
	uint16_t	 klen;
	char		 key[2 * 64];	/* "hospital\0stay" */
};

struct qi_links {
	char		*path;		/* the links file */
	long		*end;		/* per hospital: follow-up end (days
					   since 1970), or LONG_MIN: none */
	size_t		 nhosp;
};

struct qi_links_cursor {
	const struct qi_links *l;
	FILE		*f;
	int		 valid, eof;
	uint16_t	 klen;
	char		 key[2 * 64];
	struct rec	 r;
	unsigned char	 buf[2 * 64 + sizeof(struct rec)];	/* as read */
};

static void
put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* A stay of pass 1 as p: its dates, flag, diagnoses and key. */
static void
pstay_of(const struct qi_stay *st, const struct qi_registry *reg,
    struct pstay *p)
{
	size_t hn = strlen(reg->hosps[st->hospital].id), sn = strlen(st->stay);
	size_t i;

	memset(p, 0, sizeof(*p));
	p->admission = (int32_t)st->num[QI_F_ADMISSION];
	p->discharge = (int32_t)st->num[QI_F_DISCHARGE];
	p->emergency = isnan(st->num[QI_F_EMERGENCY]) ? -1 :
	    (int8_t)(st->num[QI_F_EMERGENCY] != 0);
	for (i = 0; i < 3; i++)
		memcpy(p->code[i], st->code[i], QI_CODE_MAX);
	memcpy(p->key, reg->hosps[st->hospital].id, hn + 1);
	memcpy(p->key + hn + 1, st->stay, sn);
	p->klen = (uint16_t)(hn + 1 + sn);
}

/*
 * Open the stays for a pass of their own: the whole file, one stay at a
 * time, its errors kept in *quiet (the evaluation pass reports them).
 * NULL if the file cannot be opened (then the evaluation reports why).
 */
static struct qi_records *
stays_open(const char *stays, const struct qi_records_opts *ro,
    const struct qi_registry *reg, struct qi_diag **quiet)
{
	struct qi_records_opts o = *ro;
	struct qi_records *r = NULL;

	o.start = o.end = 0;
	o.hold = 1;
	o.items = NULL;
	o.max_stays = 0;
	*quiet = qi_diag_alloc();
	if (qi_records_open(stays, NULL, reg, NULL, &o, &r, *quiet) != QI_OK)
		return NULL;
	return r;
}

/* After a pass: n < 0 from a read failure, not a bad row, is an error. */
static enum qi_err
stays_close(struct qi_records *r, struct qi_diag *quiet, int n,
    const char *stays, struct qi_diag *diag)
{
	enum qi_err rc = QI_OK;

	if (n < 0 && qi_diag_count(quiet, QI_ERROR) == 0) {
		qi_diag_add(diag, QI_ERROR, stays, 0, 0, NULL,
		    "cannot read the stays to link them");
		rc = QI_ESYS;
	}
	qi_records_free(r);
	qi_diag_free(quiet);
	return rc;
}

/* Pass 1: every stay with a patient into s; each hospital's last discharge. */
static enum qi_err
read_stays(const char *stays, const struct qi_records_opts *ro,
    const struct qi_registry *reg, struct qi_xsort *s, long *last,
    struct qi_diag *diag)
{
	struct qi_diag *quiet;
	struct qi_records *r = stays_open(stays, ro, reg, &quiet);
	const struct qi_stay *st;
	unsigned char key[4 + 64 + 1 + 8 + 64];
	struct pstay p;
	size_t pn, sn, kn;
	int n = 0;

	if (r == NULL) {
		qi_diag_free(quiet);
		return QI_OK;
	}
	while ((n = qi_records_next(r, &st)) == 1) {
		if (st->num[QI_F_DISCHARGE] > last[st->hospital])
			last[st->hospital] = (long)st->num[QI_F_DISCHARGE];
		if ((pn = strlen(st->patient)) == 0)
			continue;
		pstay_of(st, reg, &p);
		sn = strlen(st->stay);
		/* (hospital, patient, admission, discharge, stay) */
		put_be32(key, (uint32_t)st->hospital);
		memcpy(key + 4, st->patient, pn + 1);
		kn = 4 + pn + 1;
		put_be32(key + kn, (uint32_t)p.admission ^ 0x80000000u);
		put_be32(key + kn + 4, (uint32_t)p.discharge ^ 0x80000000u);
		memcpy(key + kn + 8, st->stay, sn);
		kn += 8 + sn;
		if (qi_xsort_add(s, key, kn, &p, offsetof(struct pstay, key) +
		    p.klen, diag) < 0) {
			qi_records_free(r);
			qi_diag_free(quiet);
			return QI_ESYS;
		}
	}
	return stays_close(r, quiet, n, stays, diag);
}

/* Where links go: into a sort, or straight into the links file. */
struct sink {
	struct qi_xsort	*sort;		/* or NULL: */
	FILE		*f;
};

/* One stay's link, its key "hospital\0stay" of klen bytes, into k. */
static int
sink_put(struct sink *k, const void *key, size_t klen, const struct rec *r,
    struct qi_diag *diag)
{
	unsigned char b[2 + 2 * 64 + sizeof(struct rec)];

	if (k->sort != NULL)
		return qi_xsort_add(k->sort, key, klen, r, sizeof(*r), diag);
	/* a record of the links file, one write */
	b[0] = (unsigned char)klen;
	b[1] = (unsigned char)(klen >> 8);
	memcpy(b + 2, key, klen);
	memcpy(b + 2 + klen, r, sizeof(*r));
	return fwrite(b, 1, 2 + klen + sizeof(*r), k->f) ==
	    2 + klen + sizeof(*r) ? 0 : -1;
}

/* The next stay of each stay of one patient's g (sorted) into out. */
static int
link_patient(GArray *g, struct sink *out, struct qi_diag *diag)
{
	const struct pstay *v = (const struct pstay *)(void *)g->data;
	size_t i, lo, hi, mid, n = g->len;
	struct rec r;

	for (i = 0; i < n; i++) {
		/* the first admitted on or after this discharge day */
		lo = 0;
		hi = n;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (v[mid].admission < v[i].discharge)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == i)
			lo++;		/* a stay is not its own next stay */
		memset(&r, 0, sizeof(r));
		r.admission = INT32_MIN;
		r.emergency = -1;
		if (lo < n) {
			r.admission = v[lo].admission;
			r.emergency = v[lo].emergency;
			memcpy(r.code, v[lo].code, sizeof(r.code));
		}
		if (sink_put(out, v[i].key, v[i].klen, &r, diag) < 0)
			return -1;
	}
	g_array_set_size(g, 0);
	return 0;
}

/* Walk the patients of s, adding each stay's link to out. */
static enum qi_err
link_stays(struct qi_xsort *s, struct qi_xsort *o, struct qi_diag *diag)
{
	struct sink out = { o, NULL };
	GArray *g = g_array_new(FALSE, FALSE, sizeof(struct pstay));
	unsigned char prev[4 + 64 + 1];
	size_t prevn = 0, pn, pl;
	const unsigned char *k, *pay;
	size_t kl;
	struct pstay p;
	int n;
	enum qi_err rc = QI_OK;

	while ((n = qi_xsort_next(s, &k, &kl, &pay, &pl, diag)) == 1) {
		pn = 4 + strlen((const char *)k + 4) + 1;  /* hospital, patient */
		if (prevn != pn || memcmp(prev, k, pn) != 0) {
			if (link_patient(g, &out, diag) < 0)
				break;
			memcpy(prev, k, pn);
			prevn = pn;
		}
		memset(&p, 0, sizeof(p));
		memcpy(&p, pay, pl);
		g_array_append_val(g, p);
	}
	if (n < 0 || (n == 0 && link_patient(g, &out, diag) < 0) || n > 0)
		rc = QI_ESYS;
	g_array_free(g, TRUE);
	return rc;
}

/* Create the links file at path, buffered: NULL on failure (recorded). */
static FILE *
links_create(const char *path, struct qi_diag *diag)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "cannot create: %s", g_strerror(errno));
	else
		setvbuf(f, NULL, _IOFBF, 1 << 16);
	return f;
}

static enum qi_err
links_close(FILE *f, const char *path, struct qi_diag *diag)
{
	if ((ferror(f) | fclose(f)) != 0) {
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "cannot write: %s", g_strerror(errno));
		return QI_ESYS;
	}
	return QI_OK;
}

/* The links of o, in the stays file's order, into the file path. */
static enum qi_err
write_links(struct qi_xsort *o, const char *path, struct qi_diag *diag)
{
	struct sink out = { NULL, links_create(path, diag) };
	const unsigned char *k, *pay;
	struct rec r;
	size_t kl, pl;
	enum qi_err rc;
	int n;

	if (out.f == NULL)
		return QI_ESYS;
	while ((n = qi_xsort_next(o, &k, &kl, &pay, &pl, diag)) == 1) {
		memcpy(&r, pay, sizeof(r));
		sink_put(&out, k, kl, &r, diag);
	}
	rc = links_close(out.f, path, diag);
	return n < 0 ? QI_ESYS : rc;
}

/*
 * 1 if stay p of a patient comes at or after q, the patient's stay
 * before it in the file, in (admission, discharge, stay id) order.
 */
static int
later_or_same(const struct pstay *p, const struct pstay *q)
{
	size_t ph = strlen(p->key) + 1, qh = strlen(q->key) + 1;
	size_t pn = p->klen - ph, qn = q->klen - qh;
	int c;

	if (p->admission != q->admission)
		return p->admission > q->admission;
	if (p->discharge != q->discharge)
		return p->discharge > q->discharge;
	c = memcmp(p->key + ph, q->key + qh, pn < qn ? pn : qn);
	return c != 0 ? c > 0 : pn >= qn;
}

/*
 * The links straight from the stays, when each hospital's stays come in
 * patient order -- by patient, then admission, discharge and stay id, as
 * stay ids <データ識別番号>-<入院年月日> from DPC files give -- one
 * patient's stays held at a time and the links written in the file's
 * order, with no sort.  1 when done, 0 when the stays are not in that
 * order (the file is then to be discarded), -1 on failure (recorded).
 */
static int
link_in_order(const char *stays, const struct qi_records_opts *ro,
    const struct qi_registry *reg, long *last, FILE *f,
    struct qi_diag *diag)
{
	struct sink out = { NULL, f };
	struct qi_diag *quiet;
	struct qi_records *r = stays_open(stays, ro, reg, &quiet);
	GArray *g = g_array_new(FALSE, FALSE, sizeof(struct pstay));
	const struct qi_stay *st;
	struct pstay p;
	char pat[64] = "";	/* the last patient seen, of hospital hosp */
	long hosp = -1;
	int n = 0, ok = 1;

	if (r == NULL) {
		qi_diag_free(quiet);
		g_array_free(g, TRUE);
		return 1;	/* nothing to link: the evaluation says why */
	}
	while (ok == 1 && (n = qi_records_next(r, &st)) == 1) {
		if (st->num[QI_F_DISCHARGE] > last[st->hospital])
			last[st->hospital] = (long)st->num[QI_F_DISCHARGE];
		if (g->len > 0 && (st->patient[0] == '\0' ||
		    st->hospital != hosp || strcmp(st->patient, pat) != 0)) {
			/* the patient's stays end here */
			if (link_patient(g, &out, diag) < 0)
				ok = -1;
		}
		if (st->patient[0] == '\0')
			continue;
		if (g->len == 0) {
			/* a new patient: after the last one, never again */
			if (st->hospital == hosp && strcmp(st->patient, pat) <= 0)
				ok = 0;
			hosp = st->hospital;
			g_strlcpy(pat, st->patient, sizeof(pat));
		}
		pstay_of(st, reg, &p);
		if (g->len > 0 && !later_or_same(&p,
		    &g_array_index(g, struct pstay, g->len - 1)))
			ok = 0;			/* not in admission order */
		g_array_append_val(g, p);
	}
	if (ok == 1 && n == 0 && link_patient(g, &out, diag) < 0)
		ok = -1;
	g_array_free(g, TRUE);
	if (stays_close(r, quiet, ok == 1 ? n : 0, stays, diag) != QI_OK)
		ok = -1;
	return ok;
}

enum qi_err
qi_links_build(const char *stays, const struct qi_records_opts *ro,
    const struct qi_registry *reg, const char *tmpdir,
    struct qi_links **out, struct qi_diag *diag)
{
	struct qi_links *l = g_new0(struct qi_links, 1);
	struct qi_xsort *s, *o;
	struct qi_period per;
	FILE *f;
	long first, lastday;
	int y, m, d, k = 1;
	size_t h;
	enum qi_err rc = QI_OK;

	*out = NULL;
	l->nhosp = reg->nhosps;
	l->end = g_new(long, l->nhosp + 1);
	for (h = 0; h < l->nhosp; h++)
		l->end[h] = LONG_MIN;
	l->path = g_build_filename(tmpdir, "links", NULL);
	/* stays in patient order need no sort; others are sorted twice */
	if ((f = links_create(l->path, diag)) == NULL)
		rc = QI_ESYS;
	else if ((k = link_in_order(stays, ro, reg, l->end, f, diag)) < 0)
		rc = QI_ESYS;
	if (f != NULL && links_close(f, l->path, diag) != QI_OK)
		rc = QI_ESYS;
	if (rc == QI_OK && k == 0) {
		for (h = 0; h < l->nhosp; h++)
			l->end[h] = LONG_MIN;
		s = qi_xsort_alloc(tmpdir, "patients", QI_LINKS_BUDGET / 2);
		o = qi_xsort_alloc(tmpdir, "links", QI_LINKS_BUDGET / 2);
		if ((rc = read_stays(stays, ro, reg, s, l->end, diag)) ==
		    QI_OK && qi_xsort_finish(s, diag) < 0)
			rc = QI_ESYS;
		if (rc == QI_OK)
			rc = link_stays(s, o, diag);
		if (rc == QI_OK && qi_xsort_finish(o, diag) < 0)
			rc = QI_ESYS;
		if (rc == QI_OK)
			rc = write_links(o, l->path, diag);
		qi_xsort_free(s);
		qi_xsort_free(o);
	}
	for (h = 0; h < l->nhosp; h++) {
		if (l->end[h] == LONG_MIN)
			continue;
		qi_civil_from_days(l->end[h], &y, &m, &d);
		if (qi_period_of_date(y, m, d, &per) < 0)
			continue;
		qi_period_bounds(per, &first, &lastday);	/* YYYYMMDD */
		l->end[h] = qi_civil_days((int)(lastday / 10000),
		    (int)(lastday / 100 % 100), (int)(lastday % 100));
	}
	if (rc != QI_OK) {
		qi_links_free(l);
		return rc;
	}
	*out = l;
	return QI_OK;
}

void
qi_links_free(struct qi_links *l)
{
	if (l == NULL)
		return;
	g_free(l->path);
	g_free(l->end);
	g_free(l);
}

struct qi_links_cursor *
qi_links_open(const struct qi_links *l, struct qi_diag *diag)
{
	struct qi_links_cursor *c = g_new0(struct qi_links_cursor, 1);

	c->l = l;
	if ((c->f = fopen(l->path, "rb")) == NULL) {
		qi_diag_add(diag, QI_ERROR, l->path, 0, 0, NULL,
		    "cannot open: %s", g_strerror(errno));
		g_free(c);
		return NULL;
	}
	setvbuf(c->f, NULL, _IOFBF, 1 << 16);
	return c;
}

/* Read the next link: 1, 0 at the end, -1 on failure (recorded). */
static int
cursor_read(struct qi_links_cursor *c, struct qi_diag *diag)
{
	unsigned char len[2];

	if (fread(len, 1, 2, c->f) != 2)
		goto end;
	c->klen = (uint16_t)(len[0] | len[1] << 8);
	if (c->klen > sizeof(c->key) || fread(c->buf, 1, c->klen +
	    sizeof(c->r), c->f) != c->klen + sizeof(c->r)) {
		qi_diag_add(diag, QI_ERROR, c->l->path, 0, 0, NULL,
		    "cannot read: truncated");
		return -1;
	}
	memcpy(c->key, c->buf, c->klen);
	memcpy(&c->r, c->buf + c->klen, sizeof(c->r));
	return 1;
end:
	if (ferror(c->f)) {
		qi_diag_add(diag, QI_ERROR, c->l->path, 0, 0, NULL,
		    "cannot read: %s", g_strerror(errno));
		return -1;
	}
	c->eof = 1;
	return 0;
}

static int
key_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);

	return c != 0 ? c : (an > bn) - (an < bn);
}

int
qi_links_fill(struct qi_links_cursor *c, const char *key, size_t klen,
    long h, struct qi_next *nx, struct qi_diag *diag)
{
	int n, k;

	nx->num[QI_NX_ADMISSION] = nx->num[QI_NX_EMERGENCY] = NAN;
	memset(nx->code, 0, sizeof(nx->code));
	nx->num[QI_NX_FOLLOW_UP_END] = h >= 0 && (size_t)h < c->l->nhosp &&
	    c->l->end[h] != LONG_MIN ? (double)c->l->end[h] : NAN;
	for (;;) {
		if (!c->valid && !c->eof) {
			if ((n = cursor_read(c, diag)) < 0)
				return -1;
			c->valid = n == 1;
		}
		if (!c->valid)
			return 0;
		if ((k = key_cmp(c->key, c->klen, key, klen)) > 0)
			return 0;
		c->valid = 0;
		if (k == 0)
			break;
	}
	if (c->r.admission != INT32_MIN) {
		nx->num[QI_NX_ADMISSION] = c->r.admission;
		nx->num[QI_NX_EMERGENCY] = c->r.emergency < 0 ? NAN :
		    c->r.emergency;
		memcpy(nx->code, c->r.code, sizeof(nx->code));
	}
	return 0;
}

void
qi_links_close(struct qi_links_cursor *c)
{
	if (c == NULL)
		return;
	fclose(c->f);
	g_free(c);
}
