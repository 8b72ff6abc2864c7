# SPDX-License-Identifier: GPL-3.0-or-later
# gen_ci_proportion.R -- oracle intervals for qi_ci_proportion().
#
# Writes ci_proportion.csv next to this script, with columns
#   method,x,n,level,lower,upper
# method is "wilson" (Wilson 1927 score interval, no continuity
# correction: prop.test(x, n, correct = FALSE)) or "exact" (Clopper and
# Pearson 1934: binom.test(x, n)).  Bounds are proportions in [0,1],
# printed with 17 significant digits so that the doubles round-trip.
#
# Base R only.  Run from anywhere:
#   Rscript tests/oracle/gen_ci_proportion.R
#
# Edge rules checked here rather than assumed:
# * prop.test clamps by itself (R 4.2: p.l is set to 0 when x = 0 and p.u
#   to 1 when x = n, and the interval is cut to [0,1]), so its output is
#   used as is; the script stops if x = 0 does not give exactly 0 or x = n
#   exactly 1, and it checks every Wilson row against the closed formula.
# * binom.test gives 0 at x = 0 and 1 at x = n by definition.
# * prop.test warns "Chi-squared approximation may be incorrect" for small
#   expected counts; the warning concerns the test, not the interval, and
#   is suppressed.

args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else "."
out <- file.path(here, "ci_proportion.csv")

conf_levels <- c(0.8, 0.9, 0.95, 0.99, 0.998)

# x, n: edges, small, moderate and very large counts, rare events.
cases <- list(
	c(0, 1), c(1, 1),			# n = 1
	c(0, 25), c(25, 25),			# x = 0, x = n
	c(3, 7),				# small n
	c(45, 60),				# specs/statistics.md example
	c(118, 250),				# moderate
	c(1, 1e5), c(10, 1e5),			# rare events
	c(6, 110237),				# GSL's AS 26.5.17 branch
	c(2500, 1e6),
	c(1, 1e7), c(7, 1e7),			# rarest
	c(5e6, 1e7),				# GSL's beta_Pinv hangs
	c(1e7 - 1, 1e7),			# almost all
	c(0, 1e7)
)

# Low levels for huge n: the bounds lie within a standard error of the
# mode, where GSL's incomplete beta can give NaN (within about 0.44
# standard errors at n = 1e7; qi then sums the binomial tail instead).
extra <- list(
	list(x = 5e6, n = 1e7, level = 0.2),
	list(x = 5e6, n = 1e7, level = 0.5),
	list(x = 1234567, n = 1e7, level = 0.3)
)

# Fractional counts: Wilson only (the exact method needs integers).
fractional <- list(
	list(x = 2.5, n = 10, level = 0.95),
	list(x = 0.5, n = 3.5, level = 0.9)
)

wilson_formula <- function(x, n, level) {
	z <- qnorm((1 + level) / 2)
	centre <- (x + z^2 / 2) / (n + z^2)
	half <- z * sqrt(x * (n - x) / n + z^2 / 4) / (n + z^2)
	c(max(centre - half, 0), min(centre + half, 1))
}

wilson <- function(x, n, level) {
	ci <- suppressWarnings(prop.test(x, n, correct = FALSE,
	    conf.level = level)$conf.int)
	if (x == 0 && ci[1] != 0)
		stop(sprintf("prop.test(%g, %g) lower is %.17g, not 0",
		    x, n, ci[1]))
	if (x == n && ci[2] != 1)
		stop(sprintf("prop.test(%g, %g) upper is %.17g, not 1",
		    x, n, ci[2]))
	f <- wilson_formula(x, n, level)
	# Absolute check: the closed formula cancels for rare events.
	if (any(abs(ci - f) > 1e-13))
		stop(sprintf("prop.test(%g, %g) disagrees with the formula",
		    x, n))
	as.numeric(ci)
}

exact <- function(x, n, level) {
	ci <- binom.test(x, n, conf.level = level)$conf.int
	if (x == 0 && ci[1] != 0)
		stop("binom.test lower is not 0 at x = 0")
	if (x == n && ci[2] != 1)
		stop("binom.test upper is not 1 at x = n")
	as.numeric(ci)
}

rows <- list()
add <- function(method, x, n, level, ci) {
	rows[[length(rows) + 1]] <<- sprintf("%s,%.17g,%.17g,%.17g,%.17g,%.17g",
	    method, x, n, level, ci[1], ci[2])
}

for (method in c("wilson", "exact")) {
	fn <- if (method == "wilson") wilson else exact
	for (cs in cases)
		for (level in conf_levels)
			add(method, cs[1], cs[2], level,
			    fn(cs[1], cs[2], level))
	for (e in extra)
		add(method, e$x, e$n, e$level, fn(e$x, e$n, e$level))
}
for (e in fractional)
	add("wilson", e$x, e$n, e$level, wilson(e$x, e$n, e$level))

con <- file(out, "wb")
writeLines(c("method,x,n,level,lower,upper", unlist(rows)), con)
close(con)
cat(sprintf("wrote %d rows to %s with %s\n", length(rows), out,
    R.version.string))
