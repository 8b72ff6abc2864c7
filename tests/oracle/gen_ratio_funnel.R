# SPDX-License-Identifier: GPL-3.0-or-later
# gen_ratio_funnel.R -- the funnel of a risk-adjusted indicator, observed
# against expected events (O/E, target 1), computed in base R without qi,
# for tests/cli/risk_adjusted_funnel_matches_r.sh.
#
#   Rscript tests/oracle/gen_ratio_funnel.R   (from the source tree)
#
# Input: tests/oracle/ratio_funnel_input.csv -- the published hospital
# rows (period, hospital, observed deaths O, expected deaths E) of
# hf_mortality in 60 hospitals of the synthetic sample (the test's
# publish_sample s 40 20), as results.csv of `qi compute` holds them (E is the logistic model's sum of predicted risks, which
# test_riskmodel checks against glm).  The funnel settings are those of
# indicators/hf_mortality.yaml: exact Poisson limits for O with mean E at
# 95% and 99.8%, overdispersion on the square-root scale (the counts'
# counterpart of the proportions' arcsine: y = sqrt(O/E), s = 1/(2
# sqrt(E)), z winsorised at the type-7 10%/90% quantiles, phi, tau2 by
# DerSimonian-Laird), the test P(chi2_{k-1} >= k phi), and when phi > 1
# and the test rejects at 5% the additive widened limits (1 +- z_L
# sqrt(s^2 + tau2))^2, the flag against them.
# Output: tests/oracle/ratio_funnel.csv.
args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else "."
source(file.path(here, "funnel_lib.R"))

d <- read.csv(file.path(here, "ratio_funnel_input.csv"),
    colClasses = c("character", "character", "numeric", "numeric"))
flag <- function(v, ilo, ihi, olo, ohi) {
	if (v < olo) "below_outer" else if (v < ilo) "below_inner" else
	if (v > ohi) "above_outer" else if (v > ihi) "above_inner" else "within"
}
num <- function(v) ifelse(is.na(v), "", sprintf("%.17g", v))
out <- character()
for (per in unique(d$period)) {
	a <- d[d$period == per & d$expected > 0, ]
	O <- a$observed; E <- a$expected; k <- nrow(a)
	r <- O / E
	z <- (r - 1) / sqrt(1 / E)
	s <- 1 / (2 * sqrt(E))
	zs <- (sqrt(r) - 1) / s
	phi <- tau2 <- p <- NA
	widened <- FALSE
	if (k >= 2) {
		q <- quantile(zs, c(0.1, 0.9), type = 7, names = FALSE)
		zw <- pmin(pmax(zs, q[1]), q[2])
		phi <- sum(zw^2) / k
		w <- 1 / s^2
		tau2 <- if (k * phi < k - 1) 0 else
			max(0, (k * phi - (k - 1)) / (sum(w) - sum(w^2) / sum(w)))
		p <- pchisq(k * phi, k - 1, lower.tail = FALSE)
		widened <- phi > 1 && p < 0.05
	}
	lim <- function(level) t(sapply(E, function(e) pois_exact(1, e, level)))
	i95 <- lim(0.95); i998 <- lim(0.998)
	adj <- function(level, side) {
		if (!widened) return(rep(NA, k))
		y <- 1 + side * qnorm((1 + level) / 2) * sqrt(s^2 + tau2)
		pmax(y, 0)^2
	}
	a95 <- cbind(adj(0.95, -1), adj(0.95, 1))
	a998 <- cbind(adj(0.998, -1), adj(0.998, 1))
	for (i in seq_len(k)) {
		fl <- if (widened) flag(r[i], a95[i, 1], a95[i, 2], a998[i, 1],
		    a998[i, 2]) else flag(r[i], i95[i, 1], i95[i, 2], i998[i, 1],
		    i998[i, 2])
		out <- c(out, paste(per, a$hospital[i], num(E[i]), num(r[i]),
		    num(z[i]), num(i95[i, 1]), num(i95[i, 2]), num(i998[i, 1]),
		    num(i998[i, 2]), if (widened) "additive" else "none",
		    num(phi), num(tau2), num(p), num(a95[i, 1]), num(a95[i, 2]),
		    num(a998[i, 1]), num(a998[i, 2]), fl, sep = ","))
	}
}
con <- file(file.path(here, "ratio_funnel.csv"), "wb")
writeLines(c(paste("period,hospital,volume,rate,z,inner_lower,inner_upper,",
    "outer_lower,outer_upper,od_model,phi,tau2,od_p,adj_inner_lower,",
    "adj_inner_upper,adj_outer_lower,adj_outer_upper,flag", sep = ""), out),
    con)
close(con)
cat(length(out), "rows\n")
