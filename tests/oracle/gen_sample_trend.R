# SPDX-License-Identifier: GPL-3.0-or-later
# gen_sample_trend.R -- quarterly trends of the embedded sample, computed
# in base R without qi, for tests/unit/test_trend.c.
#
#   Rscript tests/oracle/gen_sample_trend.R   (from the source tree)
#
# Counts from tests/oracle/sample_results.csv (base R, gen_sample_results.R);
# which quarters are published, and each indicator's interval method and
# level, from tests/golden/sample/results.csv.  For every indicator and
# series (both organisations, each organisation, each hospital): the
# published quarters in order; rolling four-quarter sums where the four
# quarters are consecutive and published, with their interval (Wilson
# from prop.test, exact from binom.test); p-chart limits cl +- 3 sqrt(cl
# (1 - cl)/n) and Laney p' limits (sigma_z = mean |diff(z)| / 1.128),
# clipped to [0, 1] (Laney 2002; qicharts2).
options(digits = 17)
res <- read.csv("tests/oracle/sample_results.csv", colClasses = "character")
gold <- read.csv("tests/golden/sample/results.csv", colClasses = "character")
key <- function(d) paste(d$indicator, d$period, d$scope, d$organisation, d$hospital)
published <- key(gold)[gold$status == "ok"]
meth <- unique(gold[, c("indicator", "method", "level")])

qindex <- function(p) { fy <- as.numeric(substr(p, 3, 6)); q <- as.numeric(substr(p, 8, 8)); fy * 4 + q }
ci <- function(x, n, method, level) {
	if (method == "exact") return(as.numeric(binom.test(x, n, conf.level = level)$conf.int))
	as.numeric(suppressWarnings(prop.test(x, n, correct = FALSE, conf.level = level))$conf.int)
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
		rx <- rn <- rr <- rl <- rh <- rep(NA, k)
		for (i in seq_len(k)) if (i >= 4 && qi[i] - qi[i - 3] == 3) {
			rx[i] <- sum(x[(i - 3):i]); rn[i] <- sum(n[(i - 3):i]); rr[i] <- rx[i] / rn[i]
			c <- ci(rx[i], rn[i], m$method, as.numeric(m$level)); rl[i] <- c[1]; rh[i] <- c[2]
		}
		cl <- sz <- NA; plo <- phi <- pplo <- pphi <- rep(NA, k); sig <- rep("", k)
		if (k >= 2) {
			cl <- sum(x) / sum(n)
			s0 <- sqrt(cl * (1 - cl) / n)
			plo <- pmax(0, cl - 3 * s0); phi <- pmin(1, cl + 3 * s0)
			z <- if (cl > 0 && cl < 1) (x / n - cl) / s0 else rep(0, k)
			sz <- mean(abs(diff(z))) / 1.128
			pplo <- pmax(0, cl - 3 * s0 * sz); pphi <- pmin(1, cl + 3 * s0 * sz)
			p <- x / n
			sig <- ifelse(p > pphi, "above", ifelse(p < pplo, "below", "within"))
		}
		out[[length(out) + 1]] <- data.frame(indicator = ind, scope = series$scope[s],
			organisation = series$organisation[s], hospital = series$hospital[s],
			period = b$period, numerator = x, denominator = n, rolling_rate = rr,
			rolling_lower = rl, rolling_upper = rh, cl = cl, p_lower = plo,
			p_upper = phi, sigma_z = sz, pp_lower = pplo, pp_upper = pphi)
		out[[length(out)]]$signal <- sig
	}
}
d <- do.call(rbind, out)
write.csv(d, "tests/oracle/sample_trend.csv", row.names = FALSE, quote = FALSE, na = "")
cat(nrow(d), "rows\n")
