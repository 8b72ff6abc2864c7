/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_xsort.c -- the external sort gives the same order whatever its
 * memory budget: keys as bytes (a prefix first, keys longer than 8
 * bytes), equal keys in the order they were added, across run files;
 * and its run files are gone afterwards.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "xsort.h"
#include "qi.h"
#include "fixture.h"

struct rec {
	char	 key[24];
	size_t	 klen;
	uint32_t seq;	/* insertion order, the payload */
};

static int
reccmp(const void *pa, const void *pb)
{
	const struct rec *a = pa, *b = pb;
	size_t n = a->klen < b->klen ? a->klen : b->klen;
	int c = memcmp(a->key, b->key, n);

	if (c == 0)
		c = a->klen < b->klen ? -1 : a->klen > b->klen;
	if (c == 0)
		c = a->seq < b->seq ? -1 : a->seq > b->seq;
	return c;
}

/* Files left in dir. */
static int
files_in(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	int n = 0;

	while (d != NULL && g_dir_read_name(d) != NULL)
		n++;
	if (d != NULL)
		g_dir_close(d);
	return n;
}

static void
sort_with_budget(const struct rec *in, size_t n, size_t budget,
    int expect_runs)
{
	struct qi_diag *d = qi_diag_alloc();
	char *dir = fixture_dir();
	struct qi_xsort *x = qi_xsort_alloc(dir, "t", budget);
	struct rec *want = g_memdup2(in, n * sizeof(*in));
	const unsigned char *k, *p;
	size_t kl, pl, i;

	for (i = 0; i < n; i++)
		assert_int_equal(qi_xsort_add(x, in[i].key, in[i].klen,
		    &in[i].seq, sizeof(in[i].seq), d), 0);
	assert_int_equal(qi_xsort_finish(x, d), 0);
	if (expect_runs)
		assert_true(qi_xsort_runs(x) > 2);
	else
		assert_int_equal(qi_xsort_runs(x), 0);
	if (n > 0)
		qsort(want, n, sizeof(*want), reccmp);
	for (i = 0; qi_xsort_next(x, &k, &kl, &p, &pl, d) == 1; i++) {
		uint32_t seq;

		assert_true(i < n);
		assert_int_equal(kl, want[i].klen);
		assert_memory_equal(k, want[i].key, kl);
		assert_int_equal(pl, sizeof(seq));
		memcpy(&seq, p, sizeof(seq));
		assert_int_equal(seq, want[i].seq);
	}
	assert_int_equal(i, n);
	assert_int_equal(qi_xsort_count(x), n);
	assert_int_equal(qi_diag_count(d, QI_ERROR), 0);
	qi_xsort_free(x);
	assert_int_equal(files_in(dir), 0);	/* run files removed */
	g_free(want);
	qi_diag_free(d);
	fixture_rmdir(dir);
}

static void
test_xsort_same_order_in_memory_and_through_run_files(void **state)
{
	size_t n = 20000, i;
	struct rec *in = g_new0(struct rec, n);
	GRand *r = g_rand_new_with_seed(7);

	(void)state;
	for (i = 0; i < n; i++) {
		/*
		 * Keys share long prefixes (past the 8 bytes compared as a
		 * number), some are prefixes of others, many are equal,
		 * and bytes above 0x7f must sort after ASCII.
		 */
		static const char *stem[] = { "N001\0" "0000000001",
		    "N001\0" "0000000001\xe3", "N001", "N0010", "N002\0" "9" };
		static const size_t stemlen[] = { 15, 16, 4, 5, 6 };
		size_t s = (size_t)g_rand_int_range(r, 0, 5);

		memcpy(in[i].key, stem[s], stemlen[s]);
		in[i].klen = stemlen[s];
		if (g_rand_boolean(r)) {
			in[i].key[in[i].klen++] =
			    (char)g_rand_int_range(r, 0, 256);
			in[i].key[in[i].klen++] = (char)('0' +
			    g_rand_int_range(r, 0, 3));
		}
		in[i].seq = (uint32_t)i;
	}
	sort_with_budget(in, n, (size_t)1 << 30, 0);
	sort_with_budget(in, n, 65536, 1);	/* several runs */
	g_rand_free(r);
	g_free(in);
}

/* Records added to two sorts, the second adopted by the first: the order
 * of one sort of them all, the first's before the second's on equal keys. */
static void
test_xsort_adopted_records_follow_their_own(void **state)
{
	struct qi_diag *d = qi_diag_alloc();
	char *dir = fixture_dir();
	struct qi_xsort *a = qi_xsort_alloc(dir, "a", 2048),
	    *b = qi_xsort_alloc(dir, "b", 2048),
	    *one = qi_xsort_alloc(dir, "one", (size_t)1 << 30);
	const unsigned char *k1, *p1, *k2, *p2;
	size_t kl1, pl1, kl2, pl2, i, n = 3000;
	GRand *r = g_rand_new_with_seed(3);

	(void)state;
	for (i = 0; i < n; i++) {
		char key[2] = { (char)('a' + g_rand_int_range(r, 0, 5)),
		    (char)('0' + g_rand_int_range(r, 0, 2)) };
		uint32_t seq = (uint32_t)i;

		assert_int_equal(qi_xsort_add(i < n / 2 ? a : b, key, 2,
		    &seq, sizeof(seq), d), 0);
		assert_int_equal(qi_xsort_add(one, key, 2, &seq, sizeof(seq),
		    d), 0);
	}
	assert_int_equal(qi_xsort_adopt(a, b, d), 0);
	qi_xsort_free(b);
	assert_int_equal(qi_xsort_finish(a, d), 0);
	assert_int_equal(qi_xsort_finish(one, d), 0);
	assert_int_equal(qi_xsort_count(a), n);
	for (i = 0; qi_xsort_next(one, &k1, &kl1, &p1, &pl1, d) == 1; i++) {
		assert_int_equal(qi_xsort_next(a, &k2, &kl2, &p2, &pl2, d), 1);
		assert_memory_equal(k1, k2, 2);
		assert_memory_equal(p1, p2, sizeof(uint32_t));
	}
	assert_int_equal(i, n);
	assert_int_equal(qi_xsort_next(a, &k2, &kl2, &p2, &pl2, d), 0);
	qi_xsort_free(a);
	qi_xsort_free(one);
	assert_int_equal(files_in(dir), 0);
	g_rand_free(r);
	qi_diag_free(d);
	fixture_rmdir(dir);
}

static void
test_xsort_nothing_added_gives_nothing(void **state)
{
	(void)state;
	sort_with_budget(NULL, 0, 65536, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xsort_same_order_in_memory_and_through_run_files),
		cmocka_unit_test(test_xsort_adopted_records_follow_their_own),
		cmocka_unit_test(test_xsort_nothing_added_gives_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
