# SPDX-License-Identifier: GPL-3.0-or-later
# gen_sample_funnel.R -- funnel analysis of the embedded sample, computed
# in base R without qi, for tests/unit/test_funnelplot.c.
#
#   Rscript tests/oracle/gen_sample_funnel.R   (from the source tree)
#
# Inputs: tests/oracle/sample_results.csv (every result of the sample,
# computed in base R by gen_sample_results.R) for the counts, and
# tests/golden/sample/results.csv for which hospitals are published (the
# publication rules are tested elsewhere).  Output:
# tests/oracle/sample_funnel.csv, one row per published hospital and
# period: the target (pooled rate of both organisations), z-score, exact
# limits at 95% and 99.8% (Spiegelhalter 2005 interpolation, upper limit
# (r + 1 - a)/n as specs/statistics.md states), overdispersion phi and
# tau2 on the scale the definition's funnel: line names (z winsorised at
# type-7 10%/90% quantiles, DerSimonian-Laird) with the test's p-value
# P(chi2_{k-1} >= k phi), the widened limits (normal on that scale, the
# definition's model) when phi > 1 and p is below the definition's
# overdispersion_test, the flag (against the widened limits when widened),
# and the beta-binomial smoothed rate and reliability (moment estimator
# with weights n).
options(digits = 17)
res <- read.csv("tests/oracle/sample_results.csv", colClasses = "character")
gold <- read.csv("tests/golden/sample/results.csv", colClasses = "character")
key <- function(d) paste(d$indicator, d$period, d$scope, d$hospital)
published <- key(gold)[gold$status == "ok"]

exact_lower <- function(n, t, tail) {
	if (t == 0) return(0)
	r <- qbinom(tail, n, t)
	Fr <- pbinom(r, n, t); Fr1 <- if (r > 0) pbinom(r - 1, n, t) else 0
	a <- (Fr - tail) / (Fr - Fr1)
	max(0, (r - a) / n)
}
exact_upper <- function(n, t, tail) {
	# mirror image: upper(t) = 1 - lower(1 - t)
	1 - exact_lower(n, 1 - t, tail)
}
flag <- function(v, ilo, ihi, olo, ohi) {
	if (v < olo) "below_outer" else if (v < ilo) "below_inner" else
	if (v > ohi) "above_outer" else if (v > ihi) "above_inner" else "within"
}

# The definition's funnel: {...} line: its scale, model and test level.
funnel_cfg <- function(ind) {
	y <- readLines(file.path("tests/golden/indicators", paste0(ind, ".yaml")))
	f <- grep("^funnel:", y, value = TRUE)
	get <- function(key, dflt) {
		m <- regmatches(f, regexec(paste0(key, ": *([a-z0-9.]+)"), f))
		if (length(f) == 1 && length(m[[1]]) == 2) m[[1]][2] else dflt
	}
	list(scale = get("scale", "raw"), od = get("overdispersion", "none"),
	    test = as.numeric(get("overdispersion_test", "0.05")))
}
# g and g^-1 of a scale for proportions, and the standard error at t.
fwd <- function(sc, p) switch(sc, raw = p, logit = log(p / (1 - p)),
	arcsine = asin(sqrt(p)))
back <- function(sc, y) switch(sc, raw = y, logit = 1 / (1 + exp(-y)),
	arcsine = sin(y)^2)
se <- function(sc, t, n) switch(sc, raw = sqrt(t * (1 - t) / n),
	logit = 1 / sqrt(n * t * (1 - t)), arcsine = 1 / (2 * sqrt(n)))
range_of <- function(sc) switch(sc, raw = c(0, 1), logit = c(-Inf, Inf),
	arcsine = c(0, asin(1)))

out <- list()
for (ind in unique(res$indicator)) for (per in unique(res$period[res$indicator == ind])) {
	a <- res[res$indicator == ind & res$period == per, ]
	all <- a[a$scope == "all", ]
	if (nrow(all) != 1 || !(key(all) %in% published)) next
	t <- as.numeric(all$numerator) / as.numeric(all$denominator)
	h <- a[a$scope == "hospital" & key(a) %in% published, ]
	h <- h[as.numeric(h$denominator) > 0, ]
	if (nrow(h) == 0) next
	x <- as.numeric(h$numerator); n <- as.numeric(h$denominator)
	p <- x / n
	s <- sqrt(t * (1 - t) / n)
	z <- (p - t) / s
	k <- length(z)
	cfg <- funnel_cfg(ind)
	phi <- tau2 <- pv <- NA
	widened <- FALSE
	ys <- fwd(cfg$scale, p); ss <- se(cfg$scale, t, n)
	zs <- (ys - fwd(cfg$scale, t)) / ss
	if (k >= 2 && t > 0 && t < 1) {
		q <- quantile(zs, c(0.1, 0.9), type = 7, names = FALSE)
		zw <- pmin(pmax(zs, q[1]), q[2])
		phi <- sum(zw^2) / k
		w <- 1 / ss^2
		tau2 <- if (k * phi < k - 1) 0 else
			max(0, (k * phi - (k - 1)) / (sum(w) - sum(w^2) / sum(w)))
		pv <- pchisq(k * phi, k - 1, lower.tail = FALSE)
		widened <- cfg$od != "none" && phi > 1 && pv < cfg$test
	}
	adj <- function(level, side) {
		if (!widened) return(rep(NA, k))
		half <- qnorm((1 + level) / 2) * (if (cfg$od == "additive")
			sqrt(ss^2 + tau2) else sqrt(phi) * ss)
		r <- range_of(cfg$scale)
		y <- fwd(cfg$scale, t) + side * half
		back(cfg$scale, pmin(pmax(y, r[1]), r[2]))
	}
	ailo <- adj(0.95, -1); aihi <- adj(0.95, 1)
	aolo <- adj(0.998, -1); aohi <- adj(0.998, 1)
	sm <- rel <- rep(NA, k)
	if (k >= 2) {
		N <- sum(n); pi <- sum(x) / N
		den <- N - sum(n^2) / N - (k - 1)
		if (den > 0) {
			S <- sum(n * (p - pi)^2)
			rho <- if (pi == 0 || pi == 1) 0 else (S / (pi * (1 - pi)) - (k - 1)) / den
			if (rho <= 0) { rel <- rep(0, k) } else if (rho >= 1) { rel <- rep(1, k) } else {
				m <- 1 / rho - 1
				rel <- n / (n + m)
			}
			sm <- rel * p + (1 - rel) * pi
		}
	}
	ilo <- mapply(exact_lower, n, t, 0.025); ihi <- mapply(exact_upper, n, t, 0.025)
	olo <- mapply(exact_lower, n, t, 0.001); ohi <- mapply(exact_upper, n, t, 0.001)
	fl <- if (widened) mapply(flag, p, ailo, aihi, aolo, aohi) else
		mapply(flag, p, ilo, ihi, olo, ohi)
	out[[length(out) + 1]] <- data.frame(indicator = ind, period = per,
		hospital = h$hospital, denominator = n, rate = p, target = t, z = z,
		inner_lower = ilo, inner_upper = ihi, outer_lower = olo, outer_upper = ohi,
		phi = phi, tau2 = tau2, flag = fl, smoothed = sm, reliability = rel,
		od_model = if (widened) cfg$od else "none", scale = cfg$scale,
		od_p = pv, adj_inner_lower = ailo, adj_inner_upper = aihi,
		adj_outer_lower = aolo, adj_outer_upper = aohi)
}
d <- do.call(rbind, out)
write.csv(d, "tests/oracle/sample_funnel.csv", row.names = FALSE, quote = FALSE, na = "")
cat(nrow(d), "rows\n")
