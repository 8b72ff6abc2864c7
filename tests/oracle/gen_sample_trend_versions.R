# SPDX-License-Identifier: GPL-3.0-or-later
# gen_sample_trend_versions.R -- quarterly trends of the embedded sample
# across a change of definition version, computed in base R without qi,
# for tests/unit/test_trend_versions.c.
#
#   Rscript tests/oracle/gen_sample_trend_versions.R   (from the source tree)
#
# As gen_sample_trend.R, but every indicator is taken to have changed
# definition at FY2024Q1: the quarters before it are version 1 (in the
# test, archived results joined with --history), those from it version
# 2 (the current run).  Results of two versions are never pooled: a
# rolling four-quarter window is published only when its four quarters
# are consecutive, published and of one version, and the centre line,
# p and Laney p' limits are computed per version segment, with at least
# two points in the segment.
options(digits = 17)
res <- read.csv("tests/oracle/sample_results.csv", colClasses = "character")
gold <- read.csv("tests/golden/sample/results.csv", colClasses = "character")
key <- function(d) paste(d$indicator, d$period, d$scope, d$organisation, d$hospital)
published <- key(gold)[gold$status == "ok"]
meth <- unique(gold[, c("indicator", "method", "level")])

qindex <- function(p) { fy <- as.numeric(substr(p, 3, 6)); q <- as.numeric(substr(p, 8, 8)); fy * 4 + q }
change <- qindex("FY2024Q1")
ci <- function(x, n, method, level) {
	if (method == "exact") return(as.numeric(binom.test(x, n, conf.level = level)$conf.int))
	as.numeric(suppressWarnings(prop.test(x, n, correct = FALSE, conf.level = level))$conf.int)
}
# p and Laney p' limits of one segment (k >= 2 points).
limits <- function(x, n) {
	k <- length(x)
	cl <- sum(x) / sum(n)
	s0 <- sqrt(cl * (1 - cl) / n)
	z <- if (cl > 0 && cl < 1) (x / n - cl) / s0 else rep(0, k)
	sz <- mean(abs(diff(z))) / 1.128
	pplo <- pmax(0, cl - 3 * s0 * sz); pphi <- pmin(1, cl + 3 * s0 * sz)
	p <- x / n
	list(cl = rep(cl, k), plo = pmax(0, cl - 3 * s0), phi = pmin(1, cl + 3 * s0),
		sz = rep(sz, k), pplo = pplo, pphi = pphi,
		sig = ifelse(p > pphi, "above", ifelse(p < pplo, "below", "within")))
}
out <- list()
q <- res[nchar(res$period) == 8, ]
q <- q[key(q) %in% published & as.numeric(q$denominator) > 0, ]
for (ind in unique(res$indicator)) {
	m <- meth[meth$indicator == ind, ]
	a <- q[q$indicator == ind, ]
	series <- unique(a[, c("scope", "organisation", "hospital")])
	for (s in seq_len(nrow(series))) {
		b <- a[a$scope == series$scope[s] & a$organisation == series$organisation[s] &
			a$hospital == series$hospital[s], ]
		b <- b[order(qindex(b$period)), ]
		x <- as.numeric(b$numerator); n <- as.numeric(b$denominator); k <- length(x)
		qi <- qindex(b$period)
		ver <- ifelse(qi < change, 1, 2)
		rx <- rn <- rr <- rl <- rh <- rep(NA, k)
		for (i in seq_len(k)) if (i >= 4 && qi[i] - qi[i - 3] == 3 &&
			all(ver[(i - 3):i] == ver[i])) {
			rx[i] <- sum(x[(i - 3):i]); rn[i] <- sum(n[(i - 3):i]); rr[i] <- rx[i] / rn[i]
			c <- ci(rx[i], rn[i], m$method, as.numeric(m$level)); rl[i] <- c[1]; rh[i] <- c[2]
		}
		cl <- sz <- plo <- phi <- pplo <- pphi <- rep(NA, k); sig <- rep("", k)
		for (v in unique(ver)) {
			w <- which(ver == v)
			if (length(w) < 2) next
			l <- limits(x[w], n[w])
			cl[w] <- l$cl; sz[w] <- l$sz; plo[w] <- l$plo; phi[w] <- l$phi
			pplo[w] <- l$pplo; pphi[w] <- l$pphi; sig[w] <- l$sig
		}
		out[[length(out) + 1]] <- data.frame(indicator = ind, scope = series$scope[s],
			organisation = series$organisation[s], hospital = series$hospital[s],
			period = b$period, version = ver, numerator = x, denominator = n,
			rolling_rate = rr, rolling_lower = rl, rolling_upper = rh, cl = cl,
			p_lower = plo, p_upper = phi, sigma_z = sz, pp_lower = pplo,
			pp_upper = pphi)
		out[[length(out)]]$signal <- sig
	}
}
d <- do.call(rbind, out)
write.csv(d, "tests/oracle/sample_trend_versions.csv", row.names = FALSE, quote = FALSE, na = "")
cat(nrow(d), "rows\n")
