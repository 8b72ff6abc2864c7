# SPDX-License-Identifier: GPL-3.0-or-later
# gen_sample_summary.R -- group summaries of the embedded sample, computed
# in base R without qi, for tests/unit/test_summary.c.
#
#   Rscript tests/oracle/gen_sample_summary.R   (from the source tree)
#
# Inputs: tests/oracle/sample_results.csv (every result of the sample,
# computed in base R by gen_sample_results.R) for the counts, and
# tests/golden/sample/results.csv for each hospital's status (the
# publication rules are tested elsewhere).  Definitions
# (specs/output.md, "summary.csv"): for each indicator and period, both
# organisations together ("all") and each organisation in the order of
# organisations.csv, the hospitals shown (status ok), withheld
# (suppressed_small_denominator, suppressed_small_numerator,
# suppressed_complementary) and empty, and of the shown hospitals' rates
# (numerator / denominator: the sample's indicators are proportions)
# mean(), sd() (n - 1), median() and quantile(type = 7) at 0.25 and 0.75;
# all empty (NA) when none is shown, sd when fewer than two are.
#
# Outputs: tests/oracle/sample_summary.csv, one row per summary, and
# tests/oracle/summary_edges.csv, the same statistics of small vectors
# (none, one, two, ties, zeros, unsorted), their values separated by
# spaces.
options(digits = 17)
res <- read.csv("tests/oracle/sample_results.csv", colClasses = "character")
gold <- read.csv("tests/golden/sample/results.csv", colClasses = "character")
orgs <- read.csv("tests/golden/sample/organisations.csv",
	colClasses = "character")$code
key <- function(d) paste(d$indicator, d$period, d$scope, d$hospital)
status <- setNames(gold$status, key(gold))
withheld_statuses <- c("suppressed_small_denominator",
	"suppressed_small_numerator", "suppressed_complementary")

stats <- function(x) {
	n <- length(x)
	if (n == 0) return(c(mean = NA, sd = NA, median = NA, q1 = NA, q3 = NA))
	q <- quantile(x, c(0.25, 0.75), type = 7, names = FALSE)
	c(mean = mean(x), sd = if (n >= 2) sd(x) else NA, median = median(x),
		q1 = q[1], q3 = q[2])
}

out <- list()
for (ind in unique(res$indicator)) for (per in unique(res$period[res$indicator == ind])) {
	h <- res[res$indicator == ind & res$period == per & res$scope == "hospital", ]
	st <- status[key(h)]
	for (org in c("", orgs)) {
		in_org <- if (org == "") rep(TRUE, nrow(h)) else h$organisation == org
		ok <- in_org & st == "ok"
		x <- as.numeric(h$numerator[ok]) / as.numeric(h$denominator[ok])
		s <- stats(x)
		out[[length(out) + 1]] <- data.frame(indicator = ind, period = per,
			organisation = if (org == "") "all" else org,
			shown = sum(ok), withheld = sum(in_org & st %in% withheld_statuses),
			empty = sum(in_org & st == "empty"),
			mean = s[["mean"]], sd = s[["sd"]], median = s[["median"]],
			q1 = s[["q1"]], q3 = s[["q3"]])
	}
}
# numbers with 17 significant digits (write.csv would round to 15), NA empty
num17 <- function(d) {
	for (c in names(d)) if (is.double(d[[c]]))
		d[[c]] <- ifelse(is.na(d[[c]]), NA, sprintf("%.17g", d[[c]]))
	d
}
d <- num17(do.call(rbind, out))
write.csv(d, "tests/oracle/sample_summary.csv", row.names = FALSE, quote = FALSE, na = "")
cat(nrow(d), "rows\n")

edges <- list(
	none = numeric(0),
	one = c(0.25),
	two = c(0.9, 0.1),
	three = c(0.5, 0.2, 0.7),
	ties = c(0.3, 0.3, 0.3, 0.3),
	tied_middle = c(0.1, 0.4, 0.4, 0.4, 0.9, 0.2),
	zeros = c(0, 0, 0, 0.125, 0),
	ones = c(1, 1, 0.95, 1),
	unsorted = c(0.81, 0.12, 0.5, 0.33, 0.99, 0.07, 0.64),
	thirds = c(1/3, 2/3, 1/7, 5/7, 3/11, 9/13, 1/17, 11/19))
e <- do.call(rbind, lapply(names(edges), function(nm) {
	x <- edges[[nm]]; s <- stats(x)
	data.frame(case = nm, n = length(x),
		x = paste(sprintf("%.17g", x), collapse = " "),
		mean = s[["mean"]], sd = s[["sd"]], median = s[["median"]],
		q1 = s[["q1"]], q3 = s[["q3"]])
}))
e <- num17(e)
write.csv(e, "tests/oracle/summary_edges.csv", row.names = FALSE, quote = FALSE, na = "")
cat(nrow(e), "edge cases\n")
