# SPDX-License-Identifier: GPL-3.0-or-later
# gen_sample_results.R -- an independent computation of the sample's results.
#
# Reads the committed sample (tests/golden/sample/{counts,hospitals}.csv)
# and the definitions (indicators/*.yaml: only the method and level lines),
# and computes, without qi, every result qi publishes before suppression:
#   - each hospital's rate per quarter, and per fiscal year where all four
#     quarters are present (specs/input.md);
#   - each organisation's and both organisations' pooled rate: sums of the
#     hospitals' counts (specs/statistics.md);
#   - intervals with base R: prop.test(x, n, correct = FALSE) for Wilson,
#     binom.test(x, n) for exact (Clopper-Pearson).
# Writes sample_results.csv next to this script, with 17 significant digits:
#   indicator,period,scope,organisation,hospital,numerator,denominator,
#   rate,lower,upper
# The tests read that file and compare it with qi's results; they never need R.
#
# Run from the repository root: Rscript tests/oracle/gen_sample_results.R

here <- "tests/oracle"
sample <- "tests/golden/sample"
counts <- read.csv(file.path(sample, "counts.csv"), colClasses = "character")
hosps <- read.csv(file.path(sample, "hospitals.csv"), colClasses = "character")
counts$numerator <- as.numeric(counts$numerator)
counts$denominator <- as.numeric(counts$denominator)
counts$org <- hosps$org[match(counts$hospital, hosps$id)]
stopifnot(!anyNA(counts$org))

# method and level of each definition, from its YAML text
defs <- list()
for (f in Sys.glob("indicators/*.yaml")) {
	txt <- readLines(f, encoding = "UTF-8")
	id <- sub("^id: *", "", grep("^id:", txt, value = TRUE))
	method <- sub("^ +method: *", "", grep("^ +method:", txt, value = TRUE))
	level <- as.numeric(sub("^ +level: *", "", grep("^ +level:", txt,
	    value = TRUE)))
	defs[[id]] <- list(method = method, level = level)
}

# fiscal years from complete quarters
counts$fy <- sub("Q[1-4]$", "", counts$period)
key <- paste(counts$hospital, counts$indicator, counts$fy)
nq <- table(key)
full <- counts[nq[key] == 4, ]
years <- aggregate(cbind(numerator, denominator) ~ hospital + indicator +
    fy + org, data = full, FUN = sum)
years$period <- years$fy
rows <- rbind(counts[, c("hospital", "indicator", "period", "org",
    "numerator", "denominator")], years[, c("hospital", "indicator",
    "period", "org", "numerator", "denominator")])

interval <- function(x, n, def) {
	if (n == 0)
		return(c(NA, NA))
	if (def$method == "wilson")
		return(suppressWarnings(prop.test(x, n, correct = FALSE,
		    conf.level = def$level)$conf.int[1:2]))
	binom.test(x, n, conf.level = def$level)$conf.int[1:2]
}

out <- list()
emit <- function(ind, period, scope, org, hosp, x, n) {
	ci <- interval(x, n, defs[[ind]])
	out[[length(out) + 1]] <<- data.frame(indicator = ind, period = period,
	    scope = scope, organisation = org, hospital = hosp,
	    numerator = x, denominator = n,
	    rate = if (n > 0) x / n else NA, lower = ci[1], upper = ci[2])
}
for (g in split(rows, list(rows$indicator, rows$period), drop = TRUE)) {
	ind <- g$indicator[1]
	p <- g$period[1]
	emit(ind, p, "all", "", "", sum(g$numerator), sum(g$denominator))
	for (o in unique(g$org))
		emit(ind, p, "organisation", o, "",
		    sum(g$numerator[g$org == o]), sum(g$denominator[g$org == o]))
	for (i in seq_len(nrow(g)))
		emit(ind, p, "hospital", g$org[i], g$hospital[i],
		    g$numerator[i], g$denominator[i])
}
res <- do.call(rbind, out)
res <- res[order(res$indicator, res$period, res$scope, res$organisation,
    res$hospital), ]
fmt <- function(v) ifelse(is.na(v), "", sprintf("%.17g", v))
res$rate <- fmt(res$rate)
res$lower <- fmt(res$lower)
res$upper <- fmt(res$upper)
write.csv(res, file.path(here, "sample_results.csv"), row.names = FALSE,
    quote = FALSE, na = "")
cat(sprintf("wrote %d rows\n", nrow(res)))
