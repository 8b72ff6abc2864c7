/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * parallel.h -- independent pieces of work on every processor: the
 * charts of qi publish and qi render, each its own file.
 */
#ifndef QI_PARALLEL_H
#define QI_PARALLEL_H

#include <stddef.h>

/*
 * fn(item, user) for each of the n items of size bytes at items, on a
 * pool of one thread per processor (GLib's GThreadPool); returns when
 * every call has returned.  The items are handed out in order; fn must
 * touch only its item and what it is given read-only or safely shared,
 * so that the outcome does not depend on which thread ran it.  Each item
 * carries what its call must tell (its own diagnostics, its result), and
 * the caller reads them in order afterwards.  fn returns 0, or nonzero
 * when the work failed: then the items not yet begun are skipped (left
 * as they were), as a serial loop would stop.
 */
void	 qi_parallel(void *items, size_t n, size_t size,
	    int (*fn)(void *item, void *user), void *user);

#endif /* QI_PARALLEL_H */
