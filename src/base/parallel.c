/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * parallel.c -- qi_parallel(): a GThreadPool of one thread per
 * processor over an array of items (parallel.h).
 */
#include <glib.h>

#include "parallel.h"

struct run {
	int	(*fn)(void *item, void *user);
	void	*user;
	gint	 failed;	/* atomic: an item failed, skip the rest */
};

static void
run_one(gpointer item, gpointer arg)
{
	struct run *r = arg;

	if (!g_atomic_int_get(&r->failed) && r->fn(item, r->user) != 0)
		g_atomic_int_set(&r->failed, 1);
}

void
qi_parallel(void *items, size_t n, size_t size,
    int (*fn)(void *item, void *user), void *user)
{
	struct run r = { fn, user, 0 };
	GThreadPool *tp;
	size_t k;

	if (n == 0)
		return;
	tp = g_thread_pool_new(run_one, &r, (gint)MAX(1,
	    g_get_num_processors()), FALSE, NULL);
	for (k = 0; k < n; k++)
		g_thread_pool_push(tp, (char *)items + k * size, NULL);
	g_thread_pool_free(tp, FALSE, TRUE);	/* waits for every item */
}
