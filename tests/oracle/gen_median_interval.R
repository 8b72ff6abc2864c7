# SPDX-License-Identifier: GPL-3.0-or-later
# gen_median_interval.R -- the median of a whole-number value per stay and
# its distribution-free interval from the order statistics
# (specs/statistics.md, "Medians"), computed in base R from the values
# themselves, for tests/unit/test_stats_location.c.
#
# The rule (as DescTools::MedianCI(method = "exact"), two-sided):
#   k <- qbinom((1 - level) / 2, n, 0.5)
#   interval sort(x)[c(k, n - k + 1)] when k >= 1; none when k = 0 (n too
#   small: even [min, max] covers the median with probability
#   1 - 2^(1 - n) < level).  Its coverage is 1 - 2 pbinom(k - 1, n, 0.5).
# The median is R's median(): the middle value, or the mean of the two
# middle values for an even n.
#
# Writes median_interval.csv next to this script: one row per case and
# level with n, the values as qi's tallies keep them (a histogram:
# "value:count" joined by ';', values increasing), R's median, the
# interval (empty when there is none), the rank k and the coverage.
#
# Run: Rscript tests/oracle/gen_median_interval.R   (R 4.2, base only)

set.seed(20261207)
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "",
    args[grep("^--file=", args)])))

cases <- list(
  list(name = "one stay", x = 7),
  list(name = "one stay of 0", x = 0),
  list(name = "two stays", x = c(3, 9)),
  list(name = "three stays", x = c(4, 1, 30)),
  list(name = "five stays", x = c(2, 8, 3, 3, 21)),
  list(name = "six stays: the interval is min..max", x = c(5, 1, 9, 2, 14, 6)),
  list(name = "seven stays", x = c(10, 3, 3, 7, 12, 4, 40)),
  list(name = "all equal", x = rep(12, 9)),
  list(name = "all zero", x = rep(0, 30)),
  list(name = "ties at the median", x = c(1, 2, 5, 5, 5, 5, 5, 6, 9, 9)),
  list(name = "even n with two middle values apart", x = c(1:10, 20, 30)),
  list(name = "two values", x = c(rep(0, 13), rep(1, 12))),
  list(name = "length of stay", x = rpois(200, 17) + 1),
  list(name = "skewed", x = pmin(round(rexp(1001, 1 / 12)), 365)),
  list(name = "scores 0..5", x = sample(0:5, 57, replace = TRUE)),
  list(name = "largest values", x = c(rep(100000, 40), 99999, 0)),
  list(name = "many stays", x = rpois(100000, 9))
)

hist_of <- function(x) {
  t <- table(x)
  v <- as.numeric(names(t))
  o <- order(v)
  paste(sprintf("%d:%d", v[o], as.integer(t)[o]), collapse = ";")
}

f <- function(v) if (is.na(v)) "" else format(v, digits = 17)

rows <- list()
for (cs in cases) {
  x <- cs$x
  n <- length(x)
  for (level in c(0.75, 0.9, 0.95, 0.99)) {
    k <- qbinom((1 - level) / 2, n, 0.5)
    s <- sort(x)
    if (k >= 1) {
      lo <- s[k]
      hi <- s[n - k + 1]
      cover <- 1 - 2 * pbinom(k - 1, n, 0.5)
    } else {
      lo <- NA
      hi <- NA
      cover <- NA
    }
    rows[[length(rows) + 1]] <- data.frame(case = cs$name, n = n,
        level = level, median = f(median(x)), lower = f(lo), upper = f(hi),
        rank = k, coverage = f(cover), bins = hist_of(x))
  }
}
out <- do.call(rbind, rows)
write.csv(out, file.path(here, "median_interval.csv"), row.names = FALSE,
    quote = FALSE)
cat(sprintf("%d rows\n", nrow(out)))
