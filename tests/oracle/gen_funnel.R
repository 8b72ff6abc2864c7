# SPDX-License-Identifier: GPL-3.0-or-later
# gen_funnel.R -- oracle vectors for funnel limits, overdispersion,
# empirical-Bayes smoothing and SPC limits (src/funnel.c, src/shrink.c,
# src/spc.c).  Written from the papers and specs/statistics.md, not from
# the C code.  Base R only.  Run from anywhere:
#   Rscript tests/oracle/gen_funnel.R
#
# Files written next to this script (numbers with 17 significant digits):
#   funnel_limits.csv  kind,method,target,volume,level,lower,upper
#       kind "proportion" (volume n) or "poisson" (volume = exposure);
#       method exact (qbinom/pbinom/dbinom, qpois/ppois/dpois with
#       Spiegelhalter's interpolation), normal, wilson (uniroot on the
#       Wilson bound).
#   od_units.csv   set,z,s          the units of each overdispersion set
#   od_fit.csv     set,trim,k,zlo,zhi,phi,tau2,p  (p: P(chi2_{k-1} >= k phi))
#   od_limits.csv  set,model,target,s,level,min,max,lower,upper
#   shrink_units.csv  set,x,n,rate,reliability
#   shrink_fit.csv    set,pooled,rho,m        (m = Inf printed as "inf")
#   spc_units.csv  set,chart,mult,x,n,lower,upper
#   spc_fit.csv    set,chart,mult,cl,sigma_z

args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else "."

num <- function(v) ifelse(is.infinite(v), ifelse(v > 0, "inf", "-inf"),
    sprintf("%.17g", v))
write_csv <- function(name, header, rows) {
	con <- file(file.path(here, name), "wb")
	writeLines(c(header, rows), con)
	close(con)
	cat(sprintf("%s: %d rows\n", name, length(rows)))
}
source(file.path(here, "funnel_lib.R"))	# clamp, exact_limits, pois_exact

# ------------------------------------------------------------ funnels
#
# Exact limits.  tail = (1 - level)/2.  Lower: r = qbinom(tail), a =
# (F(r) - tail)/P(X = r), limit (r - a)/n.  Upper: r = qbinom(1 - tail),
# a = (F(r) - (1 - tail))/P(X = r) = (tail - P(X > r))/P(X = r), limit
# (r + 1 - a)/n.  The upper tail is taken from pbinom(lower.tail = FALSE)
# so that F(r) - (1 - tail) does not cancel.
binom_exact <- function(t, n, level) {
	tail <- (1 - level) / 2
	clamp(exact_limits(function(pr) qbinom(pr, n, t),
	    function(r, lt) pbinom(r, n, t, lower.tail = lt),
	    function(r) dbinom(r, n, t), tail, n), 0, 1)
}
binom_normal <- function(t, n, level) {
	z <- qnorm((1 + level) / 2)
	clamp(t + c(-1, 1) * z * sqrt(t * (1 - t) / n), 0, 1)
}
pois_normal <- function(t, e, level) {
	z <- qnorm((1 + level) / 2)
	pmax(t + c(-1, 1) * z * sqrt(t / e), 0)
}
# PHE (calculate_funnel_limits): the proportion p whose Wilson score
# interval at volume n has a bound on the target.  Found by root finding
# on Wilson's formula; the lower bound uses the product of the roots so
# that it does not cancel for rare events.
wilson_bounds <- function(x, n, z) {
	up <- (x + z^2 / 2 + z * sqrt(x * (n - x) / n + z^2 / 4)) / (n + z^2)
	c(x^2 / (n * (n + z^2) * up), up)
}
binom_wilson <- function(t, n, level) {
	z <- qnorm((1 + level) / 2)
	f_lo <- function(p) wilson_bounds(p * n, n, z)[2] - t
	f_hi <- function(p) wilson_bounds(p * n, n, z)[1] - t
	# t = 0 or 1: the bound touches t at p = t as a double root, which
	# root finding resolves only to sqrt(eps); the limit is t itself.
	if (t == 0 || t == 1)
		return(c(t, t))
	# No root inside: the bound passes the target at an end (a volume so
	# small that even x = 0 or x = n is within).
	lo <- if (f_lo(0) >= 0) 0 else if (f_lo(t) <= 0) t else
		uniroot(f_lo, c(0, t), tol = 1e-300, maxiter = 10000)$root
	hi <- if (f_hi(1) <= 0) 1 else if (f_hi(t) >= 0) t else
		uniroot(f_hi, c(t, 1), tol = 1e-300, maxiter = 10000)$root
	c(lo, hi)
}

levels <- c(0.8, 0.95, 0.99, 0.998)
prop_targets <- c(0, 1e-4, 0.01, 0.05, 0.3, 0.5, 0.9, 0.999, 1)
prop_n <- c(1, 2, 10, 37, 100, 1000, 12345, 1e5, 1e7, 1e9, 1e10)
pois_targets <- c(0, 0.002, 0.5, 1, 3)
pois_e <- c(0.5, 1, 10, 123.4, 1e4, 1e7, 1e9)

rows <- character()
add <- function(kind, method, t, v, level, lim)
	rows <<- c(rows, paste(kind, method, num(t), num(v), num(level),
	    num(lim[1]), num(lim[2]), sep = ","))
for (level in levels) {
	for (t in prop_targets) for (n in prop_n) {
		add("proportion", "exact", t, n, level, binom_exact(t, n, level))
		add("proportion", "normal", t, n, level, binom_normal(t, n, level))
		add("proportion", "wilson", t, n, level, binom_wilson(t, n, level))
	}
	for (n in c(2.5, 17.25))	# fractional volumes: not exact
		for (t in c(0.05, 0.5)) {
			add("proportion", "normal", t, n, level,
			    binom_normal(t, n, level))
			add("proportion", "wilson", t, n, level,
			    binom_wilson(t, n, level))
		}
	for (t in pois_targets) for (e in pois_e) {
		add("poisson", "exact", t, e, level, pois_exact(t, e, level))
		add("poisson", "normal", t, e, level, pois_normal(t, e, level))
	}
}

# The claims of the spec, checked rather than assumed.
# 1. Wilson-inverted limits are the normal ones (they are algebraically).
for (t in prop_targets) for (n in prop_n) for (level in levels) {
	w <- binom_wilson(t, n, level)
	m <- binom_normal(t, n, level)
	if (any(abs(w - m) > 1e-12 * pmax(abs(m), 1e-300) & abs(w - m) > 1e-17))
		stop(sprintf("wilson != normal at t=%g n=%g level=%g", t, n, level))
}
# 2. A whole count x is below the exact lower limit iff P(X <= x) < tail
#    and above the upper iff P(X >= x) < tail; and the limits for events
#    mirror those for non-events: lower(t) = 1 - upper(1 - t).
for (t in c(1e-3, 0.07, 0.3, 0.5, 0.9, 0.999)) for (n in c(1, 5, 40, 300))
	for (level in levels) {
		tail <- (1 - level) / 2
		l <- binom_exact(t, n, level)
		x <- 0:n
		below <- x / n < l[1]
		above <- x / n > l[2]
		pl <- pbinom(x, n, t)
		pu <- pbinom(x - 1, n, t, lower.tail = FALSE)
		# Ties (P = tail up to rounding) can go either way.
		ok <- abs(pl - tail) > 1e-12 & abs(pu - tail) > 1e-12
		if (any((below != (pl < tail))[ok]) ||
		    any((above != (pu < tail))[ok]))
			stop(sprintf("exact flags != exact tests at t=%g n=%g", t, n))
		m <- binom_exact(1 - t, n, level)
		if (any(abs(l - (1 - rev(m))) > 1e-12))
			stop(sprintf("exact limits not mirrored at t=%g n=%g", t, n))
	}
write_csv("funnel_limits.csv", "kind,method,target,volume,level,lower,upper",
    rows)

# ----------------------------------------------------- overdispersion
#
# Spiegelhalter (2005, QSHC) and FunnelPlotR: z winsorised at
# quantile(z, c(trim, 1 - trim), type = 7); phi = mean(z_w^2); tau2 =
# DerSimonian-Laird with w = 1/s^2, 0 if k phi < k - 1.  Limits: none t
# +- z s; multiplicative t +- z sqrt(phi) s; additive t +- z sqrt(s^2 +
# tau2); both adjusted ones fall back to none when phi <= 1.
od_fit <- function(z, s, trim) {
	k <- length(z)
	q <- quantile(z, c(trim, 1 - trim), type = 7, names = FALSE)
	zw <- pmin(pmax(z, q[1]), q[2])
	phi <- sum(zw^2) / k
	w <- 1 / s^2
	tau2 <- if (k * phi < k - 1) 0 else
		max(0, (k * phi - (k - 1)) / (sum(w) - sum(w^2) / sum(w)))
	list(k = k, zlo = q[1], zhi = q[2], phi = phi, tau2 = tau2,
	    p = pchisq(k * phi, k - 1, lower.tail = FALSE))
}
od_lim <- function(f, model, t, s, level, mn, mx) {
	z <- qnorm((1 + level) / 2)
	half <- if (model == "none" || f$phi <= 1) z * s else
		if (model == "multiplicative") z * sqrt(f$phi) * s else
		z * sqrt(s^2 + f$tau2)
	c(max(t - half, mn), min(t + half, mx))
}

set.seed(20240401)
od_sets <- list()
# Proportions from counts: 40 hospitals with true rates spread around 0.12
# (overdispersed), and 25 hospitals drawn at the target (phi near 1).
mk_prop <- function(x, n) {
	t <- sum(x) / sum(n)
	list(kind = "proportion", t = t, x = x, n = n,
	    z = (x / n - t) / sqrt(t * (1 - t) / n),
	    s = sqrt(t * (1 - t) / n), min = 0, max = 1)
}
n1 <- round(exp(runif(40, log(30), log(3000))))
x1 <- rbinom(40, n1, plogis(rnorm(40, qlogis(0.12), 0.45)))
od_sets$prop_overdispersed <- mk_prop(x1, n1)
n2 <- round(exp(runif(25, log(50), log(800))))
x2 <- rbinom(25, n2, 0.2)
od_sets$prop_binomial <- mk_prop(x2, n2)
# Standardised ratios O/E with target 1: z = (O - E)/sqrt(E), s = 1/sqrt(E).
e3 <- exp(runif(30, log(5), log(400)))
o3 <- rpois(30, e3 * exp(rnorm(30, 0, 0.25)))
od_sets$ratio_overdispersed <- list(kind = "poisson", t = 1, x = o3, n = e3,
    z = (o3 - e3) / sqrt(e3), s = 1 / sqrt(e3), min = 0, max = Inf)
# Underdispersed: every count at its expectation rounded (phi << 1).
n4 <- c(40, 90, 150, 220, 310, 480, 650, 900, 1200, 2000)
x4 <- round(0.3 * n4)
od_sets$prop_underdispersed <- mk_prop(x4, n4)
# Given z and s: phi just below 1 with k phi > k - 1 (trim 0 and 0.1), so
# tau2 > 0 but the limits are not widened; two and three units; equal
# weights.
od_sets$phi_just_below_one <- list(kind = "given", t = 0.5,
    z = c(-1.2, -1.1, -1.0, -0.9, -0.5, 0.5, 0.9, 1.0, 1.1, 1.2),
    s = c(0.05, 0.04, 0.06, 0.03, 0.05, 0.02, 0.05, 0.04, 0.03, 0.06),
    min = 0, max = 1)
od_sets$two_units <- list(kind = "given", t = 0.2, z = c(-2.5, 3.1),
    s = c(0.02, 0.05), min = 0, max = 1)
od_sets$three_units <- list(kind = "given", t = 0.2, z = c(4, -3, 0.5),
    s = c(0.01, 0.03, 0.02), min = 0, max = 1)
od_sets$equal_weights <- list(kind = "given", t = 0, z = c(-3, -1, 0, 2, 5,
    -4, 1.5, 2.5), s = rep(0.1, 8), min = -Inf, max = Inf)

unit_rows <- character(); fit_rows <- character(); lim_rows <- character()
zcheck_rows <- character()
for (name in names(od_sets)) {
	d <- od_sets[[name]]
	stopifnot(all(is.finite(d$z)), all(d$s > 0))
	unit_rows <- c(unit_rows, paste(name, num(d$z), num(d$s), sep = ","))
	if (d$kind != "given")
		zcheck_rows <- c(zcheck_rows, paste(name, d$kind, num(d$t),
		    num(d$x), num(d$n), num(d$z), num(d$s), sep = ","))
	for (trim in c(0, 0.1, 0.2)) {
		f <- od_fit(d$z, d$s, trim)
		if (name == "phi_just_below_one" && trim < 0.2 &&
		    !(f$phi < 1 && f$tau2 > 0))
			stop("phi_just_below_one does not test what it says")
		fit_rows <- c(fit_rows, paste(name, num(trim), f$k, num(f$zlo),
		    num(f$zhi), num(f$phi), num(f$tau2), num(f$p), sep = ","))
		if (trim != 0.1)
			next
		for (model in c("none", "multiplicative", "additive"))
			for (level in c(0.95, 0.998))
				for (s in unique(d$s)) {
					l <- od_lim(f, model, d$t, s, level,
					    d$min, d$max)
					lim_rows <- c(lim_rows, paste(name,
					    model, num(d$t), num(s),
					    num(level), num(d$min),
					    num(d$max), num(l[1]), num(l[2]),
					    sep = ","))
				}
	}
}
write_csv("od_units.csv", "set,z,s", unit_rows)
write_csv("od_zscores.csv", "set,kind,target,x,volume,z,s", zcheck_rows)
write_csv("od_fit.csv", "set,trim,k,zlo,zhi,phi,tau2,p", fit_rows)
write_csv("od_limits.csv", "set,model,target,s,level,min,max,lower,upper",
    lim_rows)

# ---------------------------------------------------------- smoothing
#
# Beta-binomial by moments (Kleinman 1973, weights n_i): pooled p =
# sum x/sum n; S = sum n_i (x_i/n_i - p)^2; rho = (S/(p(1-p)) - (k-1)) /
# (N - sum n_i^2/N - (k-1)); m = 1/rho - 1.  Smoothed rate = w x/n +
# (1 - w) p with w = n/(n + m); rho <= 0 gives w = 0, rho >= 1 w = 1.
shrink <- function(x, n) {
	k <- length(x)
	N <- sum(n)
	p <- sum(x) / N
	S <- sum(n * (x / n - p)^2)
	rho <- if (p * (1 - p) == 0) 0 else
		(S / (p * (1 - p)) - (k - 1)) / (N - sum(n^2) / N - (k - 1))
	m <- if (rho <= 0) Inf else if (rho >= 1) 0 else 1 / rho - 1
	w <- if (is.infinite(m)) rep(0, k) else n / (n + m)
	list(p = p, rho = rho, m = m, w = w, rate = w * (x / n) + (1 - w) * p)
}
shrink_sets <- list()
n5 <- round(exp(runif(50, log(20), log(5000))))
shrink_sets$heterogeneous <- list(x = rbinom(50, n5,
    plogis(rnorm(50, qlogis(0.08), 0.5))), n = n5)
n6 <- round(exp(runif(30, log(20), log(2000))))
shrink_sets$homogeneous <- list(x = round(0.25 * n6), n = n6)
shrink_sets$no_events <- list(x = c(0, 0, 0, 0), n = c(10, 250, 33, 1))
shrink_sets$all_events <- list(x = c(5, 12, 1), n = c(5, 12, 1))
shrink_sets$rho_above_one <- list(x = c(0, 10), n = c(10, 10))
shrink_sets$two_units <- list(x = c(3, 40), n = c(50, 200))
shrink_sets$fractional <- list(x = c(2.5, 7.25, 0.5, 30), n = c(10, 20.5,
    3.5, 60))
shrink_sets$huge_and_single <- list(x = c(0, 1, 12345, 70, 1),
    n = c(1, 1, 1e7, 5000, 3))
su_rows <- character(); sf_rows <- character()
for (name in names(shrink_sets)) {
	d <- shrink_sets[[name]]
	r <- shrink(d$x, d$n)
	su_rows <- c(su_rows, paste(name, num(d$x), num(d$n), num(r$rate),
	    num(r$w), sep = ","))
	sf_rows <- c(sf_rows, paste(name, num(r$p), num(r$rho), num(r$m),
	    sep = ","))
}
write_csv("shrink_units.csv", "set,x,n,rate,reliability", su_rows)
write_csv("shrink_fit.csv", "set,pooled,rho,m", sf_rows)

# ---------------------------------------------------------------- SPC
#
# qicharts2 / Laney (2002): cl = sum x/sum n; sigma_i = sqrt(cl(1-cl)/n)
# (p) or sqrt(cl/n) (u); Laney sigma_z = mean(|diff(z)|)/1.128 with z =
# (x/n - cl)/sigma_i; limits cl +- mult sigma_i sigma_z, p clipped to
# [0,1], u at 0.
spc <- function(chart, x, n, mult) {
	cl <- sum(x) / sum(n)
	p <- chart %in% c("p", "pp")
	sig <- if (p) sqrt(cl * (1 - cl) / n) else sqrt(cl / n)
	sz <- 1
	if (chart %in% c("pp", "up")) {
		z <- ifelse(sig > 0, (x / n - cl) / sig, 0)
		sz <- mean(abs(diff(z))) / 1.128
	}
	lo <- pmax(cl - mult * sig * sz, 0)
	hi <- cl + mult * sig * sz
	if (p) hi <- pmin(hi, 1)
	list(cl = cl, sz = sz, lo = lo, hi = hi)
}
spc_sets <- list()
n7 <- round(runif(12, 8000, 15000))	# big quarters: Laney's case
spc_sets$big_quarters <- list(x = rbinom(12, n7,
    plogis(rnorm(12, qlogis(0.1), 0.08))), n = n7)
n8 <- round(runif(8, 5, 40))		# small quarters, p near 0.5
spc_sets$small_quarters <- list(x = rbinom(8, n8, 0.45), n = n8)
spc_sets$rare_events <- list(x = c(0, 1, 0, 0, 2, 0, 1, 0),
    n = c(120, 95, 130, 110, 140, 100, 90, 125))
spc_sets$no_events <- list(x = c(0, 0, 0), n = c(10, 20, 30))
spc_sets$two_points <- list(x = c(3, 9), n = c(100, 120))
e9 <- runif(10, 500, 3000)		# exposure, e.g. patient-days
spc_sets$rates <- list(x = rpois(10, e9 * 0.004 * exp(rnorm(10, 0, 0.3))),
    n = e9)
spu_rows <- character(); spf_rows <- character()
for (name in names(spc_sets)) {
	d <- spc_sets[[name]]
	charts <- if (name == "rates") c("u", "up") else
		c("p", "pp", "u", "up")
	for (chart in charts) for (mult in c(3, 2)) {
		r <- spc(chart, d$x, d$n, mult)
		spu_rows <- c(spu_rows, paste(name, chart, num(mult),
		    num(d$x), num(d$n), num(r$lo), num(r$hi), sep = ","))
		spf_rows <- c(spf_rows, paste(name, chart, num(mult),
		    num(r$cl), num(r$sz), sep = ","))
	}
}
write_csv("spc_units.csv", "set,chart,mult,x,n,lower,upper", spu_rows)
write_csv("spc_fit.csv", "set,chart,mult,cl,sigma_z", spf_rows)
cat(R.version.string, "\n")
