# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by gen_riskref.R and gen_riskcov.R: each unit's observed and
# expected events under a model, O/E with its exact interval and the
# adjusted rate, as qi's results.csv has them.

# The exact (Poisson, Garwood) interval of O/E with E fixed.
ci_exact <- function(o, e, level) {
	lo <- if (o == 0) 0 else qgamma((1 - level) / 2, o)
	hi <- qgamma(1 - (1 - level) / 2, o + 1)
	c(lo, hi) / e
}

# Both organisations, each organisation, each hospital.
risk_units <- function(orgs, hosps)
	rbind(data.frame(scope = "all", org = "", hospital = ""),
	    data.frame(scope = "organisation", org = orgs$code, hospital = ""),
	    data.frame(scope = "hospital", org = hosps$org, hospital = hosps$id))

# One row per unit of the stays s (columns dead, p the predicted risk,
# org, hospital) of indicator ind in period per; rate the reference rate.
unit_rows <- function(ind, per, s, units, rate, level) {
	out <- list()
	for (i in seq_len(nrow(units))) {
		u <- units[i, ]
		w <- if (u$scope == "all") rep(TRUE, nrow(s)) else
		    if (u$scope == "organisation") s$org == u$org else
		    s$hospital == u$hospital
		o <- sum(s$dead[w])
		e <- sum(s$p[w])
		b <- ci_exact(o, e, level)
		out[[i]] <- data.frame(indicator = ind, period = per,
		    scope = u$scope, organisation = u$org,
		    hospital = u$hospital, numerator = o, denominator = sum(w),
		    expected = e, ratio = o / e, ratio_lower = b[1],
		    ratio_upper = b[2], adj_rate = o / e * rate,
		    adj_lower = b[1] * rate, adj_upper = b[2] * rate)
	}
	do.call(rbind, out)
}

# Full precision, without formatC's padding.
fmt <- function(x) trimws(formatC(x, digits = 17, format = "g"))

# The rows of unit_rows() (a list of data frames) written to path.
write_units <- function(out, path) {
	res <- do.call(rbind, out)
	for (c in c("expected", "ratio", "ratio_lower", "ratio_upper",
	    "adj_rate", "adj_lower", "adj_upper"))
		res[[c]] <- fmt(res[[c]])
	write.csv(res, path, row.names = FALSE, quote = FALSE)
}
