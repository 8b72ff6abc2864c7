/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * xsort.c -- external merge sort of byte records (xsort.h).
 *
 * A record is stored as a 4-byte header (key length, payload length,
 * 16 bits each, host order), the key, then the payload: in memory in one
 * arena, and in the same form in run files.  Entries point into the arena
 * with the key's first 16 bytes as two big-endian numbers in front (a
 * hospital id and a patient id), so most comparisons are integer ones.  Equal keys keep insertion
 * order: within a buffer by arena address, across runs by run number.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "xsort.h"

#define HDR		4
#define RUN_BUF		((size_t)1 << 16)

struct entry {
	uint64_t		 pre[2];	/* the key's first 16 bytes,
						   big-endian */
	const unsigned char	*rec;
};

struct run {
	FILE		*fp;
	unsigned char	*rec;	/* the current record, HDR + at most REC_MAX */
	int		 live;
};

struct qi_xsort {
	char		*dir, *prefix;
	size_t		 budget;
	unsigned char	*arena;		/* records held in memory */
	size_t		 alen, acap;
	struct entry	*ent;
	size_t		 nent, entcap;
	uint64_t	 count;
	GPtrArray	*paths;		/* run files written, in order */
	/* reading */
	int		 finished;
	size_t		 pos;		/* next entry (no runs) */
	struct run	*runs;
	size_t		 nruns;
	size_t		*heap;		/* run numbers, the least on top */
	size_t		 nheap;
	int		 popped;	/* heap[0] was handed over last */
};

/* Bytes [from, from + 8) of a key as a big-endian number, 0-padded. */
static uint64_t
prefix8(const unsigned char *k, size_t n, size_t from)
{
	uint64_t v = 0;
	size_t i;

	for (i = from; i < from + 8; i++)
		v = v << 8 | (i < n ? k[i] : 0);
	return v;
}

static size_t
klen_of(const unsigned char *r)
{
	uint16_t v;

	memcpy(&v, r, 2);
	return v;
}

static size_t
plen_of(const unsigned char *r)
{
	uint16_t v;

	memcpy(&v, r + 2, 2);
	return v;
}

/* Keys as bytes, a prefix first. */
static int
keycmp(const unsigned char *a, const unsigned char *b)
{
	size_t ka = klen_of(a), kb = klen_of(b);
	int c = memcmp(a + HDR, b + HDR, ka < kb ? ka : kb);

	if (c != 0)
		return c;
	return ka < kb ? -1 : ka > kb;
}

static int
entcmp(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	int c;

	if (a->pre[0] != b->pre[0])
		return a->pre[0] < b->pre[0] ? -1 : 1;
	if (a->pre[1] != b->pre[1])
		return a->pre[1] < b->pre[1] ? -1 : 1;
	if ((c = keycmp(a->rec, b->rec)) != 0)
		return c;
	return a->rec < b->rec ? -1 : a->rec > b->rec;	/* insertion order */
}

struct qi_xsort *
qi_xsort_alloc(const char *dir, const char *prefix, size_t budget)
{
	struct qi_xsort *x = g_new0(struct qi_xsort, 1);

	x->dir = g_strdup(dir);
	x->prefix = g_strdup(prefix);
	x->budget = budget < 1024 ? 1024 : budget;
	x->paths = g_ptr_array_new_with_free_func(g_free);
	return x;
}

/* Sort the records held, and write them to a new run file. */
static int
spill(struct qi_xsort *x, struct qi_diag *diag)
{
	char name[64];
	char *path;
	FILE *fp;
	size_t i;

	qsort(x->ent, x->nent, sizeof(*x->ent), entcmp);
	g_snprintf(name, sizeof(name), "%s-%u", x->prefix, x->paths->len);
	path = g_build_filename(x->dir, name, NULL);
	g_ptr_array_add(x->paths, path);
	if ((fp = fopen(path, "wb")) == NULL)
		goto fail;
	for (i = 0; i < x->nent; i++) {
		const unsigned char *r = x->ent[i].rec;

		if (fwrite(r, 1, HDR + klen_of(r) + plen_of(r), fp) !=
		    HDR + klen_of(r) + plen_of(r))
			break;
	}
	if (i < x->nent || fclose(fp) != 0) {
		if (i < x->nent)
			fclose(fp);
		goto fail;
	}
	x->alen = 0;
	x->nent = 0;
	return 0;
fail:
	qi_diag_add(diag, QI_ERROR, path, 0, 0, "the folder for temporary "
	    "files needs free space of about the size of the input",
	    "cannot write a temporary sort file: %s", strerror(errno));
	return -1;
}

int
qi_xsort_add(struct qi_xsort *x, const void *key, size_t klen,
    const void *payload, size_t plen, struct qi_diag *diag)
{
	size_t need = HDR + klen + plen;
	uint16_t k16 = (uint16_t)klen, p16 = (uint16_t)plen;
	unsigned char *r;

	g_assert(klen <= QI_XSORT_KEY_MAX && klen + plen <= QI_XSORT_REC_MAX);
	if (x->alen + need + (x->nent + 1) * sizeof(struct entry) >
	    x->budget && x->nent > 0 && spill(x, diag) == -1)
		return -1;
	if (x->alen + need > x->acap) {
		size_t cap = x->acap ? x->acap : RUN_BUF;
		unsigned char *old = x->arena;

		while (cap < x->alen + need)
			cap *= 2;
		if (cap > x->budget && x->budget >= x->alen + need)
			cap = x->budget;	/* never past the budget */
		x->arena = g_realloc(x->arena, cap);
		x->acap = cap;
		if (old != NULL && x->arena != old)	/* entries follow */
			for (size_t i = 0; i < x->nent; i++)
				x->ent[i].rec = x->arena +
				    (x->ent[i].rec - old);
	}
	if (x->nent == x->entcap) {
		x->entcap = x->entcap ? 2 * x->entcap : 4096;
		x->ent = g_renew(struct entry, x->ent, x->entcap);
	}
	r = x->arena + x->alen;
	memcpy(r, &k16, 2);
	memcpy(r + 2, &p16, 2);
	memcpy(r + HDR, key, klen);
	if (plen > 0)
		memcpy(r + HDR + klen, payload, plen);
	x->alen += need;
	x->ent[x->nent].pre[0] = prefix8(key, klen, 0);
	x->ent[x->nent].pre[1] = prefix8(key, klen, 8);
	x->ent[x->nent].rec = r;
	x->nent++;
	x->count++;
	return 0;
}

int
qi_xsort_adopt(struct qi_xsort *dst, struct qi_xsort *src,
    struct qi_diag *diag)
{
	guint i;

	g_assert(!dst->finished && !src->finished);
	if ((dst->nent > 0 && spill(dst, diag) == -1) ||
	    (src->nent > 0 && spill(src, diag) == -1))
		return -1;
	for (i = 0; i < src->paths->len; i++)
		g_ptr_array_add(dst->paths, src->paths->pdata[i]);
	g_ptr_array_set_free_func(src->paths, NULL);
	g_ptr_array_set_size(src->paths, 0);
	g_ptr_array_set_free_func(src->paths, g_free);
	dst->count += src->count;
	src->count = 0;
	return 0;
}

/* Read run i's next record; 1, 0 at its end, -1 on failure. */
static int
run_read(struct qi_xsort *x, size_t i, struct qi_diag *diag)
{
	struct run *r = &x->runs[i];
	size_t n;

	if ((n = fread(r->rec, 1, HDR, r->fp)) == 0 && feof(r->fp))
		return r->live = 0;
	if (n == HDR) {
		n = klen_of(r->rec) + plen_of(r->rec);
		if (fread(r->rec + HDR, 1, n, r->fp) == n)
			return r->live = 1;
	}
	qi_diag_add(diag, QI_ERROR, g_ptr_array_index(x->paths, i), 0, 0,
	    NULL, "cannot read a temporary sort file back: %s",
	    ferror(r->fp) ? strerror(errno) : "it ends early");
	return -1;
}

/* Heap order: by key, then by run number (runs were added in order). */
static int
heap_less(const struct qi_xsort *x, size_t a, size_t b)
{
	int c = keycmp(x->runs[a].rec, x->runs[b].rec);

	return c < 0 || (c == 0 && a < b);
}

static void
sift_down(struct qi_xsort *x, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i, t;

		if (l < x->nheap && heap_less(x, x->heap[l], x->heap[m]))
			m = l;
		if (l + 1 < x->nheap && heap_less(x, x->heap[l + 1],
		    x->heap[m]))
			m = l + 1;
		if (m == i)
			return;
		t = x->heap[i];
		x->heap[i] = x->heap[m];
		x->heap[m] = t;
		i = m;
	}
}

int
qi_xsort_finish(struct qi_xsort *x, struct qi_diag *diag)
{
	size_t i;

	x->finished = 1;
	if (x->paths->len == 0) {
		if (x->nent > 0)
			qsort(x->ent, x->nent, sizeof(*x->ent), entcmp);
		return 0;
	}
	if (x->nent > 0 && spill(x, diag) == -1)
		return -1;
	g_free(x->arena);
	g_free(x->ent);
	x->arena = NULL;
	x->ent = NULL;
	x->acap = x->entcap = 0;
	x->nruns = x->paths->len;
	x->runs = g_new0(struct run, x->nruns);
	x->heap = g_new(size_t, x->nruns);
	for (i = 0; i < x->nruns; i++) {
		struct run *r = &x->runs[i];
		const char *path = g_ptr_array_index(x->paths, i);

		r->rec = g_malloc(HDR + QI_XSORT_REC_MAX);
		if ((r->fp = fopen(path, "rb")) == NULL) {
			qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
			    "cannot open a temporary sort file: %s",
			    strerror(errno));
			return -1;
		}
		setvbuf(r->fp, NULL, _IOFBF, RUN_BUF);
		switch (run_read(x, i, diag)) {
		case -1:
			return -1;
		case 1:
			x->heap[x->nheap++] = i;
			break;
		}
	}
	for (i = x->nheap / 2; i-- > 0;)
		sift_down(x, i);
	return 0;
}

int
qi_xsort_next(struct qi_xsort *x, const unsigned char **key, size_t *klen,
    const unsigned char **payload, size_t *plen, struct qi_diag *diag)
{
	const unsigned char *r;

	g_assert(x->finished);
	if (x->runs == NULL) {
		if (x->pos == x->nent)
			return 0;
		r = x->ent[x->pos++].rec;
	} else {
		if (x->popped) {	/* advance the run handed over last */
			x->popped = 0;
			switch (run_read(x, x->heap[0], diag)) {
			case -1:
				return -1;
			case 0:
				x->heap[0] = x->heap[--x->nheap];
				break;
			}
			if (x->nheap > 0)
				sift_down(x, 0);
		}
		if (x->nheap == 0)
			return 0;
		r = x->runs[x->heap[0]].rec;
		x->popped = 1;
	}
	*key = r + HDR;
	*klen = klen_of(r);
	*payload = r + HDR + *klen;
	*plen = plen_of(r);
	return 1;
}

uint64_t
qi_xsort_count(const struct qi_xsort *x)
{
	return x->count;
}

size_t
qi_xsort_runs(const struct qi_xsort *x)
{
	return x->paths->len;
}

void
qi_xsort_free(struct qi_xsort *x)
{
	size_t i;

	if (x == NULL)
		return;
	for (i = 0; i < x->nruns; i++) {
		if (x->runs[i].fp != NULL)
			fclose(x->runs[i].fp);
		g_free(x->runs[i].rec);
	}
	for (i = 0; i < x->paths->len; i++)
		g_remove(g_ptr_array_index(x->paths, i));
	g_ptr_array_free(x->paths, TRUE);
	g_free(x->runs);
	g_free(x->heap);
	g_free(x->arena);
	g_free(x->ent);
	g_free(x->dir);
	g_free(x->prefix);
	g_free(x);
}
