# SPDX-License-Identifier: GPL-3.0-or-later
# gen_stats_ci.R -- oracle vectors for qi's intervals and two-group
# comparisons (src/stats.c, src/stats_poisson.c, src/compare.c).
#
# Writes next to this script, 17 significant digits so that doubles
# round-trip, "NaN" for an undefined value and "Inf" for infinity:
#   ci_methods.csv      method,x,n,level,lower,upper
#                       wilson, exact, wilson-cc, jeffreys, agresti-coull,
#                       wald for one proportion
#   ci_poisson.csv      method,x,t,level,lower,upper
#                       exact, byar, hybrid for the rate x/t
#   compare.csv         x1,n1,x2,n2,level,diff,lower,upper,chisq,p_chisq,
#                       p_yates,p_fisher
#   rate_ratio.csv      x1,t1,x2,t2,level,rr,lower,upper,p
#
# Base R only (R 4.2): prop.test, binom.test, qbeta, qgamma, qchisq,
# poisson.test, chisq.test, fisher.test.  Methods that base R lacks are
# written here from their papers, independently of qi's C code:
# Agresti-Coull and Wald (closed forms), Byar (Breslow and Day 1987,
# as PHEindicatormethods), Newcombe's hybrid score interval (Newcombe
# 1998, method 10, from prop.test's Wilson intervals).
#
#   Rscript tests/oracle/gen_stats_ci.R
#
# Conventions checked here rather than assumed (the script stops if R
# disagrees):
# * Wilson-CC: prop.test(correct = TRUE) uses the correction
#   min(0.5, |x - n p0|) with p0 = 1/2 by default; qi always uses 1/2
#   (Newcombe's method 4).  The oracle passes a p0 with |x - n p0| >= 1/2,
#   so that R applies the full 1/2, and checks the result against
#   Newcombe's closed form.
# * Jeffreys: qbeta with lower.tail = FALSE for the upper bound (no
#   1 - alpha/2 rounding); lower 0 at x = 0 and upper 1 at x = n (Brown,
#   Cai and DasGupta 2001).
# * Poisson exact: qgamma(alpha/2, x) and qgamma(alpha/2, x + 1,
#   lower.tail = FALSE), divided by t; checked against qchisq(., 2x)/2.
# * Byar's lower limit is 0 where the formula goes negative and at x = 0
#   (qi's rule; PHE gives NA there).
# * chisq.test's statistic is NaN when a margin is 0; kept as NaN.

args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else "."

conf_levels <- c(0.8, 0.9, 0.95, 0.99, 0.998)
fmt <- function(v) {
	s <- sprintf("%.17g", v)
	s[is.nan(v)] <- "NaN"
	s[is.infinite(v) & v > 0] <- "Inf"
	s
}
write_rows <- function(name, header, rows) {
	con <- file(file.path(here, name), "wb")
	writeLines(c(header, rows), con)
	close(con)
	cat(sprintf("wrote %d rows to %s\n", length(rows), name))
}

# ------------------------------------------------------------ proportion
prop_cases <- list(
	c(0, 1), c(1, 1), c(0, 2), c(1, 2), c(2, 2),
	c(0, 25), c(1, 25), c(12, 25), c(25, 25),
	c(3, 7), c(45, 60), c(30, 60), c(118, 250),
	c(1, 1e5), c(10, 1e5), c(6, 110237),
	c(2500, 1e6), c(499999, 1e6),
	c(0, 1e7), c(1, 1e7), c(7, 1e7), c(50, 1e7), c(300, 5e6),
	c(3000, 1e7), c(1234567, 1e7), c(5e6, 1e7),
	c(1e7 - 1, 1e7), c(1e7, 1e7)
)

wilson_f <- function(x, n, z) {
	c <- (x + z^2 / 2) / (n + z^2)
	h <- z * sqrt(x * (n - x) / n + z^2 / 4) / (n + z^2)
	c(c - h, c + h)
}

wilson <- function(x, n, level) {
	ci <- suppressWarnings(prop.test(x, n, correct = FALSE,
	    conf.level = level)$conf.int)
	as.numeric(ci)
}

newcombe4 <- function(x, n, z) {
	p <- x / n
	l <- if (x == 0) 0 else (2 * n * p + z^2 - 1 - z * sqrt(z^2 - 2 -
	    1 / n + 4 * p * (n * (1 - p) + 1))) / (2 * (n + z^2))
	u <- if (x == n) 1 else (2 * n * p + z^2 + 1 + z * sqrt(z^2 + 2 -
	    1 / n + 4 * p * (n * (1 - p) - 1))) / (2 * (n + z^2))
	c(max(l, 0), min(u, 1))
}

wilson_cc <- function(x, n, level) {
	# a null p0 at least 1/2 count from x, so prop.test's YATES is 1/2
	p0 <- if (abs(x - n / 2) >= 0.5) 0.5 else
		if (x + 0.5 < n) (x + 0.5) / n else (x - 0.5) / n
	ci <- as.numeric(suppressWarnings(prop.test(x, n, p = p0,
	    correct = TRUE, conf.level = level)$conf.int))
	f <- newcombe4(x, n, qnorm((1 + level) / 2))
	if (any(abs(ci - f) > 1e-12 * pmax(abs(f), 1e-300)))
		stop(sprintf("prop.test(%g, %g, correct) vs Newcombe: %s / %s",
		    x, n, paste(ci, collapse = " "), paste(f, collapse = " ")))
	ci
}

exact <- function(x, n, level)
	as.numeric(binom.test(x, n, conf.level = level)$conf.int)

jeffreys <- function(x, n, level) {
	a <- (1 - level) / 2
	c(if (x == 0) 0 else qbeta(a, x + 0.5, n - x + 0.5),
	  if (x == n) 1 else qbeta(a, x + 0.5, n - x + 0.5,
	      lower.tail = FALSE))
}

agresti_coull <- function(x, n, level) {
	z <- qnorm((1 + level) / 2)
	nt <- n + z^2
	pt <- (x + z^2 / 2) / nt
	h <- z * sqrt(pt * (1 - pt) / nt)
	c(max(pt - h, 0), min(pt + h, 1))
}

wald <- function(x, n, level) {
	z <- qnorm((1 + level) / 2)
	p <- x / n
	h <- z * sqrt(p * (1 - p) / n)
	c(max(p - h, 0), min(p + h, 1))
}

methods <- list(wilson = wilson, exact = exact, "wilson-cc" = wilson_cc,
    jeffreys = jeffreys, "agresti-coull" = agresti_coull, wald = wald)
rows <- character()
for (m in names(methods))
	for (cs in prop_cases)
		for (level in conf_levels) {
			ci <- methods[[m]](cs[1], cs[2], level)
			rows <- c(rows, paste(m, fmt(cs[1]), fmt(cs[2]),
			    fmt(level), fmt(ci[1]), fmt(ci[2]), sep = ","))
		}
write_rows("ci_methods.csv", "method,x,n,level,lower,upper", rows)

# ----------------------------------------------------------------- rates
pois_x <- c(0, 1, 2, 5, 9, 10, 11, 37, 1000, 123456, 1e6, 9999999, 1e7)
pois_t <- c(1, 0.37, 2500, 1e-9, 1e12)

pois_exact <- function(x, t, level) {
	a <- (1 - level) / 2
	lo <- if (x == 0) 0 else qgamma(a, x)
	hi <- qgamma(a, x + 1, lower.tail = FALSE)
	lc <- if (x == 0) 0 else qchisq(a, 2 * x) / 2
	hc <- qchisq(a, 2 * x + 2, lower.tail = FALSE) / 2
	if (abs(lo - lc) > 1e-12 * lo || abs(hi - hc) > 1e-12 * hi)
		stop(sprintf("qgamma vs qchisq at x = %g", x))
	c(lo, hi) / t
}

byar <- function(x, t, level) {
	z <- qnorm((1 + level) / 2)
	lo <- if (x == 0) 0 else x * (1 - 1 / (9 * x) - z / (3 * sqrt(x)))^3
	hi <- (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * sqrt(x + 1)))^3
	c(max(lo, 0), hi) / t
}

hybrid <- function(x, t, level)
	if (x < 10) pois_exact(x, t, level) else byar(x, t, level)

rmethods <- list(exact = pois_exact, byar = byar, hybrid = hybrid)
rows <- character()
for (m in names(rmethods))
	for (x in pois_x)
		for (t in pois_t)
			for (level in conf_levels) {
				ci <- rmethods[[m]](x, t, level)
				rows <- c(rows, paste(m, fmt(x), fmt(t),
				    fmt(level), fmt(ci[1]), fmt(ci[2]),
				    sep = ","))
			}
write_rows("ci_poisson.csv", "method,x,t,level,lower,upper", rows)

# ----------------------------------------------------------- comparisons
cmp_cases <- list(
	c(0, 10, 0, 10), c(10, 10, 10, 10), c(0, 1, 1, 1), c(1, 1, 0, 1),
	c(1, 1, 1, 1), c(10, 10, 5, 10), c(15, 20, 5, 20), c(3, 7, 1, 9),
	c(45, 60, 12, 40), c(0, 100, 5, 100), c(56, 70, 48, 80),
	c(1, 1e5, 9, 1e5), c(5000, 1e6, 4800, 1e6), c(1, 1e6, 10, 1e6),
	c(123456, 1e6, 121000, 1e6), c(500000, 1e6, 498000, 1e6),
	c(7, 1e6, 0, 1e6), c(30, 300, 300, 3000)
)

newcombe10 <- function(x1, n1, x2, n2, level) {
	w1 <- wilson(x1, n1, level)
	w2 <- wilson(x2, n2, level)
	p1 <- x1 / n1
	p2 <- x2 / n2
	d <- p1 - p2
	c(d, d - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2),
	  d + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2))
}

rows <- character()
for (cs in cmp_cases) {
	tab <- matrix(c(cs[1], cs[2] - cs[1], cs[3], cs[4] - cs[3]), 2)
	c0 <- suppressWarnings(chisq.test(tab, correct = FALSE))
	c1 <- suppressWarnings(chisq.test(tab, correct = TRUE))
	fp <- fisher.test(tab)$p.value
	for (level in conf_levels) {
		nc <- newcombe10(cs[1], cs[2], cs[3], cs[4], level)
		rows <- c(rows, paste(fmt(cs[1]), fmt(cs[2]), fmt(cs[3]),
		    fmt(cs[4]), fmt(level), fmt(nc[1]), fmt(nc[2]),
		    fmt(nc[3]), fmt(unname(c0$statistic)),
		    fmt(c0$p.value), fmt(c1$p.value), fmt(fp), sep = ","))
	}
}
write_rows("compare.csv",
    "x1,n1,x2,n2,level,diff,lower,upper,chisq,p_chisq,p_yates,p_fisher",
    rows)

rr_cases <- list(
	c(10, 1000, 20, 1500), c(0, 100, 5, 100), c(5, 100, 0, 100),
	c(1, 1e-3, 1, 2e-3), c(3, 2.5, 3, 2.5), c(17, 41.5, 4, 37.25),
	c(250, 1e5, 180, 9e4), c(1e6, 1e9, 1.002e6, 1e9),
	c(12345, 7.5e6, 98765, 4e7)
)
rows <- character()
for (cs in rr_cases)
	for (level in conf_levels) {
		r <- poisson.test(c(cs[1], cs[3]), c(cs[2], cs[4]),
		    conf.level = level)
		rows <- c(rows, paste(fmt(cs[1]), fmt(cs[2]), fmt(cs[3]),
		    fmt(cs[4]), fmt(level), fmt(unname(r$estimate)),
		    fmt(r$conf.int[1]), fmt(r$conf.int[2]), fmt(r$p.value),
		    sep = ","))
	}
write_rows("rate_ratio.csv", "x1,t1,x2,t2,level,rr,lower,upper,p", rows)
cat(R.version.string, "\n")
