# SPDX-License-Identifier: GPL-3.0-or-later
# gen_funnel_scale.R -- oracle vectors for funnels on a transformed scale
# with overdispersion (qi stats funnel --scale, --od, --winsor; the
# library function qi_funnel_units in src/funnel.c).  Written from
# Spiegelhalter (2005) "Handling over-dispersion of performance
# indicators", Qual Saf Health Care 14:347-351, and specs/statistics.md,
# not from the C code.  Base R only.  Run from anywhere:
#   Rscript tests/oracle/gen_funnel_scale.R
#
# Writes funnel_scale.csv next to this script, one row per unit and
# configuration:
#   config,set,kind,method,scale,od,winsor,level,outer_level,target_given,
#   v,x,target,rate,z,lower,upper,outer_lower,outer_upper,flag,z_adj,phi,
#   tau2,winsor_lower,winsor_upper,status
# kind: proportion (v = n), rate (v = t) or ratio (v = e, x = o).
# target_given: the --target passed, or NaN (the default: pooled sum
# x / sum v, or 1 for ratios).  NA is written NaN.

args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else "."

num <- function(v) ifelse(is.na(v), "NaN", ifelse(is.infinite(v),
    ifelse(v > 0, "Inf", "-Inf"), sprintf("%.17g", v)))

# The scales: g, its inverse on g's range, and the range.
g <- function(scale, v) switch(scale, raw = v, logit = log(v / (1 - v)),
    arcsine = asin(sqrt(v)), log = log(v), sqrt = sqrt(v))
ginv <- function(scale, y) switch(scale, raw = y, logit = 1 / (1 + exp(-y)),
    arcsine = sin(y)^2, log = exp(y), sqrt = y^2)
grange <- function(scale, kind) switch(scale,
    raw = c(0, if (kind == "proportion") 1 else Inf),
    logit = c(-Inf, Inf), arcsine = c(0, pi / 2), log = c(-Inf, Inf),
    sqrt = c(0, Inf))
# Delta-method standard error of g(x/v) under target t (the paper's
# table: binomial variance t(1-t)/n, Poisson t/E, times g'(t)^2).
gse <- function(scale, kind, t, v) {
	var <- if (kind == "proportion") t * (1 - t) / v else t / v
	dg <- switch(scale, raw = 1, logit = 1 / (t * (1 - t)),
	    arcsine = 1 / (2 * sqrt(t * (1 - t))), log = 1 / t,
	    sqrt = 1 / (2 * sqrt(t)))
	# arcsine and sqrt: the variance-stabilised closed forms, which hold
	# also at t = 0 where the product above is 0 * Inf
	switch(scale, arcsine = 1 / (2 * sqrt(v)), sqrt = 1 / (2 * sqrt(v)),
	    sqrt(var) * dg)
}

# Exact limits on the raw scale (Spiegelhalter 2005a, with the upper
# limit (r + 1 - a)/n of specs/statistics.md#exact-limits-exact).
exact <- function(kind, t, v, level) {
	tail <- (1 - level) / 2
	if (kind == "proportion") {
		if (t == 0) return(c(0, (1 - tail) / v))
		if (t == 1) return(c((v - (1 - tail)) / v, 1))
		q <- function(p) qbinom(p, v, t)
		p <- function(r, lt) pbinom(r, v, t, lower.tail = lt)
		d <- function(r) dbinom(r, v, t)
	} else {
		if (t == 0) return(c(0, (1 - tail) / v))
		mu <- t * v
		q <- function(p) qpois(p, mu)
		p <- function(r, lt) ppois(r, mu, lower.tail = lt)
		d <- function(r) dpois(r, mu)
	}
	r_lo <- q(tail)
	r_hi <- q(1 - tail)
	lim <- c((r_lo - (p(r_lo, TRUE) - tail) / d(r_lo)) / v,
	    (r_hi + 1 - (tail - p(r_hi, FALSE)) / d(r_hi)) / v)
	if (kind == "proportion") pmin(pmax(lim, 0), 1) else pmax(lim, 0)
}

flag_of <- function(r, lo, hi, olo, ohi) {
	if (r < olo) "below_outer" else if (r < lo) "below_inner" else
	if (r > ohi) "above_outer" else if (r > hi) "above_inner" else "within"
}

funnel <- function(kind, x, v, method, scale, od, trim, level, outer,
    target_given) {
	use <- v > 0
	t <- if (!is.na(target_given)) target_given else
	    if (kind == "ratio") 1 else sum(x[use]) / sum(v[use])
	ty <- g(scale, t)
	rate <- ifelse(use, x / v, NA)
	s <- ifelse(use, gse(scale, kind, t, v), NA)
	z <- (g(scale, rate) - ty) / s
	z[!is.finite(z)] <- NA
	ok <- use & !is.na(z)
	status <- ifelse(!use, c(proportion = "undefined_n0",
	    rate = "undefined_t0", ratio = "undefined_e0")[[kind]],
	    ifelse(ok, "ok", "undefined_z"))
	phi <- tau2 <- zlo <- zhi <- NA
	widened <- FALSE
	if (od != "none") {
		zz <- z[ok]
		k <- length(zz)
		qs <- quantile(zz, c(trim, 1 - trim), type = 7, names = FALSE)
		zlo <- qs[1]
		zhi <- qs[2]
		zw <- pmin(pmax(zz, zlo), zhi)
		phi <- sum(zw^2) / k
		w <- 1 / s[ok]^2
		tau2 <- max(0, (k * phi - (k - 1)) / (sum(w) - sum(w^2) / sum(w)))
		widened <- phi > 1
	}
	rng <- grange(scale, kind)
	lim <- function(i, L) {
		zL <- qnorm((1 + L) / 2)
		if (!widened && scale == "raw") {
			if (method == "exact") return(exact(kind, t, v[i], L))
			return(pmin(pmax(t + c(-1, 1) * zL * s[i], rng[1]), rng[2]))
		}
		half <- if (!widened) zL * s[i] else if (od == "multiplicative")
		    zL * sqrt(phi) * s[i] else zL * sqrt(s[i]^2 + tau2)
		ginv(scale, pmin(pmax(ty + c(-1, 1) * half, rng[1]), rng[2]))
	}
	out <- NULL
	for (i in seq_along(v)) {
		li <- if (use[i]) lim(i, level) else c(NA, NA)
		lo <- if (use[i]) lim(i, outer) else c(NA, NA)
		zadj <- z[i]
		if (widened && !is.na(z[i]))
			zadj <- (g(scale, rate[i]) - ty) / (if (od == "multiplicative")
			    sqrt(phi) * s[i] else sqrt(s[i]^2 + tau2))
		fl <- if (use[i]) flag_of(rate[i], li[1], li[2], lo[1], lo[2]) else ""
		out <- rbind(out, data.frame(v = v[i], x = x[i], target = t,
		    rate = rate[i], z = z[i], lower = li[1], upper = li[2],
		    outer_lower = lo[1], outer_upper = lo[2], flag = fl,
		    z_adj = zadj, phi = phi, tau2 = tau2, winsor_lower = zlo,
		    winsor_upper = zhi, status = status[i]))
	}
	out
}

set.seed(20261207)
sets <- list()
# 30 overdispersed proportions, one with no events, one with all.
n <- sample(40:1500, 30)
p <- plogis(qlogis(0.12) + rnorm(30, 0, 0.45))
x <- rbinom(30, n, p)
x[3] <- 0
n[7] <- 12
x[7] <- 12
sets$od_prop <- list(kind = "proportion", x = x, v = n)
# 25 proportions drawn at the target: phi about 1 or below, tau2 = 0.
n <- sample(100:800, 25)
sets$at_target <- list(kind = "proportion", x = rbinom(25, n, 0.3), v = n)
# Every unit exactly on the target: z = 0, phi = 0 (tiny phi).
sets$on_target <- list(kind = "proportion", x = c(10, 20, 30, 5),
    v = c(100, 200, 300, 50))
# Huge phi: units far apart.
sets$huge_phi <- list(kind = "proportion", x = c(5, 950, 100, 880, 20, 500),
    v = c(1000, 1000, 1000, 1000, 1000, 1000))
# Two units, and a unit of volume 0.
sets$two <- list(kind = "proportion", x = c(3, 40, 0), v = c(50, 120, 0))
# 30 O/E ratios (e expected, o observed), one with o = 0.
e <- round(runif(30, 2, 300), 2)
o <- rpois(30, e * exp(rnorm(30, 0, 0.2)))
o[5] <- 0
sets$oe <- list(kind = "ratio", x = o, v = e)
# 20 rates per exposure (falls per patient-day).
t <- round(runif(20, 800, 20000))
sets$rates <- list(kind = "rate", x = rpois(20, t * 0.004 * exp(rnorm(20, 0,
    0.3))), v = t)

scales <- list(proportion = c("raw", "logit", "arcsine"),
    rate = c("raw", "log", "sqrt"), ratio = c("raw", "log", "sqrt"))
rows <- character(0)
config <- 0
emit <- function(set, kind, method, scale, od, trim, level, outer, tg, r) {
	config <<- config + 1
	rows <<- c(rows, sprintf("%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s", config,
	    set, kind, method, scale, od, num(trim), num(level), num(outer),
	    num(tg), apply(data.frame(num(r$v), num(r$x), num(r$target),
	    num(r$rate), num(r$z), num(r$lower), num(r$upper),
	    num(r$outer_lower), num(r$outer_upper), r$flag, num(r$z_adj),
	    num(r$phi), num(r$tau2), num(r$winsor_lower),
	    num(r$winsor_upper), r$status), 1, paste, collapse = ",")))
}
for (set in names(sets)) {
	d <- sets[[set]]
	for (scale in scales[[d$kind]]) {
		for (od in c("none", "multiplicative", "additive")) {
			methods <- if (scale == "raw" && od == "none")
			    c("exact", "normal") else "normal"
			trims <- if (od == "none") NA else c(0.1, 0, 0.2)
			for (method in methods) for (trim in trims) {
				r <- funnel(d$kind, d$x, d$v, method, scale, od,
				    if (is.na(trim)) 0.1 else trim, 0.95, 0.998, NA)
				emit(set, d$kind, method, scale, od, trim, 0.95,
				    0.998, NA, r)
			}
		}
	}
}
# Other levels and a given target.
d <- sets$od_prop
r <- funnel("proportion", d$x, d$v, "normal", "logit", "additive", 0.1,
    0.8, 0.99, 0.1)
emit("od_prop", "proportion", "normal", "logit", "additive", 0.1, 0.8, 0.99,
    0.1, r)
d <- sets$rates
r <- funnel("rate", d$x, d$v, "normal", "log", "multiplicative", 0.05, 0.9,
    0.999, 0.004)
emit("rates", "rate", "normal", "log", "multiplicative", 0.05, 0.9, 0.999,
    0.004, r)

con <- file(file.path(here, "funnel_scale.csv"), "wb")
writeLines(c(paste0("config,set,kind,method,scale,od,winsor,level,",
    "outer_level,target_given,v,x,target,rate,z,lower,upper,outer_lower,",
    "outer_upper,flag,z_adj,phi,tau2,winsor_lower,winsor_upper,status"),
    rows), con)
close(con)
cat(sprintf("funnel_scale.csv: %d rows, %d configurations\n", length(rows),
    config))
