# SPDX-License-Identifier: GPL-3.0-or-later
# gen_vlad.R -- the VLAD series (variable life-adjusted display, Lovegrove
# et al. 1997) of every hospital of a risk-modelled indicator, computed in
# base R without qi from a results.csv's per-quarter observed (numerator)
# and expected columns, for tests/unit/test_vlad.c.
#
#   Rscript tests/oracle/gen_vlad.R   (from the source tree)
#
# Two inputs:
#   - vlad_sample_results.csv: the hf_mortality hospital-quarter rows of
#     the embedded sample's results.csv, as `qi run --sample-format csv`
#     wrote them (header and rows kept as they are:
#       awk -F, 'NR == 1 || ($1 == "hf_mortality" && $4 == "hospital" &&
#           $3 ~ /Q/)' output/results.csv);
#   - vlad_edge_results.csv: made by hand below: an empty quarter, a
#     withheld quarter between two published ones, a complementary
#     withheld one, a hospital with every quarter withheld, a published
#     quarter without an expected count (a model that was not fitted), a
#     hospital whose only quarter is the last, rows out of time order.
# The rule (specs/statistics.md, "VLAD"; specs/publication.md §5): the
# points are the quarters whose result is published -- ok with an
# expected count (O = numerator, E = expected), or empty (O = E = 0) --
# in time order; the cumulative is cumsum(E - O) over them.  Withheld
# quarters are no point and add nothing.
# Writes vlad_sample.csv and vlad_edge.csv (one row per point, 17
# significant digits) and vlad_counts.csv (per hospital with a row: the
# points, withheld and unmodelled quarters).
options(digits = 17)
here <- "tests/oracle"

# --- the hand-made edge case, in results.csv's columns -----------------
cols <- c("indicator", "version", "period", "scope", "organisation", "hospital",
	"hospital_name", "numerator", "denominator", "rate", "lower", "upper", "unit",
	"method", "level", "status", "exposure", "expected", "ratio", "ratio_lower",
	"ratio_upper", "adj_rate", "adj_lower", "adj_upper")
row <- function(period, org, hosp, name, x, n, status, e) {
	ok <- status == "ok"
	ci <- if (ok) as.numeric(binom.test(x, n)$conf.int) else c(NA, NA)
	data.frame(indicator = "hf_mortality", version = 2, period = period,
		scope = "hospital", organisation = org, hospital = hosp,
		hospital_name = name,
		numerator = if (ok || status == "empty") x else NA,
		denominator = if (ok || status == "empty") n else NA,
		rate = if (ok) x / n else NA, lower = ci[1], upper = ci[2],
		unit = "percent", method = "exact", level = 0.95, status = status,
		exposure = NA, expected = if (ok) e else NA,
		ratio = NA, ratio_lower = NA, ratio_upper = NA,
		adj_rate = NA, adj_lower = NA, adj_upper = NA)
}
N1 <- "あおば架空医療センター"; N2 <- "みなだい架空病院"
N3 <- "ほしせ架空総合医療センター"; R1 <- "なぎおか架空労災病院"
edge <- rbind(
	# N001: published, empty, withheld, published, published
	row("FY2023Q4", "NHO", "N001", N1, 3, 20, "ok", 2.5),
	row("FY2024Q1", "NHO", "N001", N1, 0, 0, "empty", NA),
	row("FY2024Q2", "NHO", "N001", N1, 1, 4, "suppressed_small_denominator", NA),
	row("FY2024Q3", "NHO", "N001", N1, 0, 15, "ok", 1.25),
	row("FY2024Q4", "NHO", "N001", N1, 4, 18, "ok", 1.9),
	# N002: every quarter withheld: no point
	row("FY2024Q1", "NHO", "N002", N2, 1, 6, "suppressed_small_denominator", NA),
	row("FY2024Q2", "NHO", "N002", N2, 2, 11, "suppressed_complementary", NA),
	# N003: a published quarter without an expected count, then two
	# published, then a complementary withheld one
	row("FY2024Q1", "NHO", "N003", N3, 2, 14, "ok", NA),
	row("FY2024Q2", "NHO", "N003", N3, 5, 30, "ok", 4.75),
	row("FY2024Q3", "NHO", "N003", N3, 1, 12, "ok", 2.2),
	row("FY2024Q4", "NHO", "N003", N3, 3, 13, "suppressed_complementary", NA),
	# R001: its only quarter is the last
	row("FY2024Q4", "JOHAS", "R001", R1, 2, 10, "ok", 0.5))
# results.csv order: by period, then hospital (registry order)
edge <- edge[order(edge$period, match(edge$hospital, c("N001", "N002", "N003", "R001"))), cols]
write.csv(edge, file.path(here, "vlad_edge_results.csv"), row.names = FALSE,
	quote = FALSE, na = "")

# --- the VLAD of a results.csv ------------------------------------------
qindex <- function(p) as.numeric(substr(p, 3, 6)) * 4 + as.numeric(substr(p, 8, 8))
vlad <- function(file) {
	res <- read.csv(file.path(here, file), colClasses = "character")
	res <- res[res$scope == "hospital" & nchar(res$period) == 8, ]
	pts <- list(); cnt <- list()
	for (key in unique(paste(res$indicator, res$hospital))) {
		b <- res[paste(res$indicator, res$hospital) == key, ]
		b <- b[order(qindex(b$period)), ]
		e <- suppressWarnings(as.numeric(b$expected))
		ok <- b$status == "ok" & !is.na(e)
		empty <- b$status == "empty"
		point <- ok | empty
		o <- ifelse(empty, 0, suppressWarnings(as.numeric(b$numerator)))
		e <- ifelse(empty, 0, e)
		cnt[[length(cnt) + 1]] <- data.frame(dataset = sub("_results.csv", "", file),
			indicator = b$indicator[1], hospital = b$hospital[1],
			points = sum(point), withheld = sum(grepl("^suppressed", b$status)),
			unmodelled = sum(b$status == "ok" & is.na(e)))
		if (!any(point)) next
		d <- e[point] - o[point]
		pts[[length(pts) + 1]] <- data.frame(indicator = b$indicator[1],
			hospital = b$hospital[1], period = b$period[point],
			observed = o[point], expected = e[point], difference = d,
			cumulative = cumsum(d))
	}
	list(points = do.call(rbind, pts), counts = do.call(rbind, cnt))
}
fmt <- function(d) {
	for (c in names(d)) if (is.numeric(d[[c]])) d[[c]] <- sprintf("%.17g", d[[c]])
	d
}
s <- vlad("vlad_sample_results.csv")
g <- vlad("vlad_edge_results.csv")
write.csv(fmt(s$points), file.path(here, "vlad_sample.csv"), row.names = FALSE, quote = FALSE)
write.csv(fmt(g$points), file.path(here, "vlad_edge.csv"), row.names = FALSE, quote = FALSE)
write.csv(rbind(s$counts, g$counts), file.path(here, "vlad_counts.csv"),
	row.names = FALSE, quote = FALSE)
cat(nrow(s$points), "sample points,", nrow(g$points), "edge points\n")
