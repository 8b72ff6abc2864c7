# SPDX-License-Identifier: GPL-3.0-or-later
# funnel_lib.R -- base-R funnel limits shared by the oracle scripts that
# source it (gen_funnel.R, gen_ratio_funnel.R).  No qi code is used.
clamp <- function(v, lo, hi) pmin(pmax(v, lo), hi)
# Exact limits.  tail = (1 - level)/2.  Lower: r = qbinom(tail), a =
# (F(r) - tail)/P(X = r), limit (r - a)/n.  Upper: r = qbinom(1 - tail),
# a = (F(r) - (1 - tail))/P(X = r) = (tail - P(X > r))/P(X = r), limit
# (r + 1 - a)/n.  The upper tail is taken from pbinom(lower.tail = FALSE)
# so that F(r) - (1 - tail) does not cancel.
exact_limits <- function(q, p, d, tail, volume) {
	r_lo <- q(tail)
	a_lo <- (p(r_lo, TRUE) - tail) / d(r_lo)
	r_hi <- q(1 - tail)
	a_hi <- (tail - p(r_hi, FALSE)) / d(r_hi)
	c((r_lo - a_lo) / volume, (r_hi + 1 - a_hi) / volume)
}
pois_exact <- function(t, e, level) {
	tail <- (1 - level) / 2
	mu <- t * e
	pmax(exact_limits(function(pr) qpois(pr, mu),
	    function(r, lt) ppois(r, mu, lower.tail = lt),
	    function(r) dpois(r, mu), tail, e), 0)
}
