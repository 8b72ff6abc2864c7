# SPDX-License-Identifier: GPL-3.0-or-later
# gen_mean_interval.R -- the mean of a whole-number value per stay and its
# t-interval (specs/statistics.md, "Means"), computed in base R from the
# values themselves, for tests/unit/test_stats_location.c.
#
# Writes mean_interval.csv next to this script: one row per case with
# the sums qi keeps (n, the sum, the sum of squares), the level and R's
# mean and interval: mean -/+ qt(1 - (1 - level)/2, n - 1) sd / sqrt(n),
# sd by R's sd() (two-pass, from the values, not from the sums), the
# lower bound cut at 0 (the values are 0 or more).  n = 1 has no
# interval (empty fields).
#
# Run: Rscript tests/oracle/gen_mean_interval.R   (R 4.2, base only)

set.seed(20261207)
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "",
    args[grep("^--file=", args)])))

cases <- list(
  list(name = "one stay", x = 7),
  list(name = "one stay of 0", x = 0),
  list(name = "two stays", x = c(3, 9)),
  list(name = "all equal", x = rep(12, 5)),
  list(name = "all zero", x = rep(0, 30)),
  list(name = "small", x = c(1, 2, 2, 3, 15)),
  list(name = "lower bound cut at 0", x = c(0, 0, 0, 0, 40)),
  list(name = "length of stay", x = rpois(200, 17) + 1),
  list(name = "skewed", x = round(rexp(1000, 1 / 12))),
  list(name = "scores 0..5", x = sample(0:5, 57, replace = TRUE)),
  # large values, small spread: n sumsq - sum^2 cancels 12 digits in
  # doubles; qi works it out in integers
  list(name = "large values", x = 999990 + sample(0:10, 1000, replace = TRUE)),
  list(name = "largest values", x = c(rep(1e6, 999), 999999)),
  list(name = "many stays", x = rpois(100000, 9))
)

rows <- list()
for (cs in cases) {
  x <- cs$x
  n <- length(x)
  for (level in c(0.9, 0.95, 0.99)) {
    m <- mean(x)
    if (n >= 2) {
      h <- qt(1 - (1 - level) / 2, n - 1) * sd(x) / sqrt(n)
      lo <- max(0, m - h)
      hi <- m + h
    } else {
      lo <- NA
      hi <- NA
    }
    f <- function(v) if (is.na(v)) "" else format(v, digits = 17)
    rows[[length(rows) + 1]] <- data.frame(case = cs$name, n = n,
        sum = format(sum(x), scientific = FALSE),
        sumsq = format(sum(x^2), scientific = FALSE), level = level,
        mean = f(m), lower = f(lo), upper = f(hi))
  }
}
out <- do.call(rbind, rows)
stopifnot(all(as.numeric(out$sumsq) < 2^53))
write.csv(out, file.path(here, "mean_interval.csv"), row.names = FALSE,
    quote = FALSE)
cat(sprintf("%d rows\n", nrow(out)))
