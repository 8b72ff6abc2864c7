# SPDX-License-Identifier: GPL-3.0-or-later
# gen_runs.R -- oracle vectors for Anhoej's runs rules on run charts and
# on p, p', u and u' charts, with phases (qi stats spc --chart,
# --phase-at; src/stats_runs.c, src/spc.c).  Written from Anhoej J,
# Olesen AV (2014), Run charts revisited, PLoS ONE 9(11):e113825, and
# specs/statistics.md, not from the C code.  Base R only.  Run:
#   Rscript tests/oracle/gen_runs.R
#
# Writes next to this script:
#   runs_points.csv  set,chart,phase_at,period,x,n,cl,lower,upper,phase,
#       useful,longest_run,longest_run_max,crossings,crossings_min,
#       runs_signal,status
#     chart run (centre: the phase's median of x/n, no limits), p, pp, u,
#     up (centre sum x / sum n of the phase, 3 sigma; Laney's sigma_z for
#     pp and up); phase_at the periods starting a phase, ";"-separated,
#     or "-" for one phase; NaN for a missing value.
#   runs_qbinom.csv  n,qbinom    qbinom(0.05, n, 0.5) for n = 0..400

args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else "."
num <- function(v) ifelse(is.na(v), "NaN", sprintf("%.17g", v))

# The rules, from the paper: points on the centre line are not useful;
# a run is a sequence of useful points on the same side; a crossing is
# a change of side between consecutive useful points.
anhoej <- function(y, cl) {
	side <- sign(y - cl)
	side <- side[side != 0]
	n <- length(side)
	if (n == 0)
		return(NULL)
	runs <- rle(side)$lengths
	longest_max <- round(log2(n) + 3)
	crossings_min <- qbinom(0.05, n - 1, 0.5)
	list(useful = n, longest = max(runs), longest_max = longest_max,
	    crossings = length(runs) - 1, crossings_min = crossings_min,
	    signal = as.integer(max(runs) > longest_max ||
	    length(runs) - 1 < crossings_min))
}

# Control limits of one phase (as qicharts2 and Laney 2002).
# base: the subgroups the centre line and Laney's sigma_z come from (a
# frozen baseline, qicharts2's freeze); the limits are for all.
limits <- function(chart, x, n, base = length(x)) {
	y <- x / n
	b <- seq_len(base)
	if (chart == "run")
		return(list(cl = median(y[b]), lo = rep(NA, length(y)),
		    hi = rep(NA, length(y))))
	cl <- sum(x[b]) / sum(n[b])
	prop <- chart %in% c("p", "pp")
	s <- sqrt((if (prop) cl * (1 - cl) else cl) / n)
	sz <- 1
	if (chart %in% c("pp", "up")) {
		z <- if (cl > 0 && (!prop || cl < 1)) (y - cl) / s else 0 * y
		sz <- mean(abs(diff(z[b]))) / 1.128
	}
	lo <- pmax(cl - 3 * s * sz, 0)
	hi <- cl + 3 * s * sz
	if (prop)
		hi <- pmin(hi, 1)
	list(cl = cl, lo = lo, hi = hi)
}

rows <- character(0)
chart_set <- function(set, chart, period, x, n, phase_at, freeze = NA) {
	starts <- c(1, match(phase_at, period))
	ends <- c(starts[-1] - 1, length(x))
	for (p in seq_along(starts)) {
		i <- starts[p]:ends[p]
		l <- limits(chart, x[i], n[i],
		    if (p == 1 && !is.na(freeze)) freeze else length(i))
		r <- anhoej(x[i] / n[i], l$cl)
		tail <- if (is.null(r)) rep("", 6) else c(r$useful, r$longest,
		    r$longest_max, r$crossings, r$crossings_min, r$signal)
		for (j in seq_along(i))
			rows <<- c(rows, paste(c(set, chart,
			    if (!is.na(freeze)) freeze else
			    if (length(phase_at)) paste(phase_at, collapse = ";")
			    else "-", period[i[j]], num(x[i[j]]), num(n[i[j]]),
			    num(l$cl), num(l$lo[j]), num(l$hi[j]), p, tail,
			    if (is.null(r)) "no_useful_points" else "ok"),
			    collapse = ","))
	}
}

set.seed(14)
per <- function(k) sprintf("P%02d", seq_len(k))
sets <- list()
# 24 months with a shift up after month 12 (a long run: a signal).
n <- sample(150:400, 24, replace = TRUE)
x <- rbinom(24, n, rep(c(0.10, 0.16), each = 12))
sets$shift <- list(x = x, n = n, phases = list(character(0), "P13"))
# 30 stable months (no signal expected, usually).
n <- sample(80:200, 30, replace = TRUE)
sets$stable <- list(x = rbinom(30, n, 0.2), n = n,
    phases = list(character(0), c("P11", "P21")))
# Alternating around the median: many crossings, short runs.
sets$alternating <- list(x = rep(c(5, 15), 10), n = rep(100, 20),
    phases = list(character(0)))
# Few crossings: ten low, ten high, ten low.
sets$few_crossings <- list(x = c(rep(8, 5), 9, 7, 8, 9, 8, rep(20, 10),
    rep(8, 10)), n = rep(100, 30), phases = list(character(0)))
# Every point on the median (all rates equal).
sets$all_on_median <- list(x = rep(10, 8), n = rep(100, 8),
    phases = list(character(0)))
# Points on the median mixed in (odd count: the middle one is on it).
sets$some_on_median <- list(x = c(10, 12, 10, 8, 10, 14, 6, 10, 11),
    n = rep(100, 9), phases = list(character(0)))
# Small n: one, two and three points.
sets$one <- list(x = 4, n = 50, phases = list(character(0)))
sets$two <- list(x = c(4, 9), n = c(50, 60), phases = list(character(0)))
sets$three <- list(x = c(4, 9, 2), n = c(50, 60, 40),
    phases = list(character(0), "P02"))
# No events at all: cl = 0, every point on it.
sets$no_events <- list(x = rep(0, 6), n = c(30, 40, 50, 60, 70, 80),
    phases = list(character(0)))
# Rates per exposure (u charts).
t <- round(runif(20, 2000, 5000))
sets$rates <- list(x = rpois(20, t * 0.003), n = t, rate = TRUE,
    phases = list(character(0), "P09"))

for (set in names(sets)) {
	d <- sets[[set]]
	period <- per(length(d$x))
	charts <- if (isTRUE(d$rate)) c("run", "u", "up") else
	    c("run", "p", "pp")
	for (chart in charts) for (ph in d$phases) {
		starts <- c(1, match(ph, period))
		if (chart %in% c("pp", "up") &&
		    any(diff(c(starts, length(d$x) + 1)) < 2))
			next	# Laney needs two subgroups per phase
		chart_set(set, chart, period, d$x, d$n, ph)
	}
}
con <- file(file.path(here, "runs_points.csv"), "wb")
writeLines(c(paste0("set,chart,phase_at,period,x,n,cl,lower,upper,phase,",
    "useful,longest_run,longest_run_max,crossings,crossings_min,",
    "runs_signal,status"), rows), con)
close(con)
cat(sprintf("runs_points.csv: %d rows\n", length(rows)))

# A frozen baseline (--freeze N): the shift and rates sets judged against
# their first months; with the shift's phases, the first phase's.
rows <- character(0)
for (fz in list(list("shift", "p", 12), list("shift", "pp", 12),
    list("shift", "run", 12), list("stable", "p", 10), list("rates", "u", 8),
    list("rates", "up", 8), list("rates", "run", 5), list("shift", "p", 2))) {
	d <- sets[[fz[[1]]]]
	chart_set(fz[[1]], fz[[2]], per(length(d$x)), d$x, d$n, character(0),
	    fz[[3]])
}
con <- file(file.path(here, "runs_freeze.csv"), "wb")
writeLines(c(paste0("set,chart,freeze,period,x,n,cl,lower,upper,phase,",
    "useful,longest_run,longest_run_max,crossings,crossings_min,",
    "runs_signal,status"), rows), con)
close(con)
cat(sprintf("runs_freeze.csv: %d rows\n", length(rows)))

con <- file(file.path(here, "runs_qbinom.csv"), "wb")
writeLines(c("n,qbinom", sprintf("%d,%d", 0:400, qbinom(0.05, 0:400, 0.5))),
    con)
close(con)
cat("runs_qbinom.csv: 401 rows\n")
