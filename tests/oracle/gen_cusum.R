# SPDX-License-Identifier: GPL-3.0-or-later
# gen_cusum.R -- oracle vectors for the risk-adjusted Bernoulli CUSUM
# (qi stats cusum; src/stats_cusum.c).  Written from Steiner SH, Cook RJ,
# Farewell VT, Treasure T (2000), Monitoring surgical performance using
# risk-adjusted cumulative sum charts, Biostatistics 1:441-452, the
# Markov chain of Brook D, Evans DA (1972), Biometrika 59:539-549, and
# specs/statistics.md, not from the C code.  Base R only.  Run:
#   Rscript tests/oracle/gen_cusum.R
#
# Writes next to this script:
#   cusum_rows.csv  set,or,h,outcome,p,weight,cusum,signal
#       one row per patient, the chart restarted at 0 after a signal
#   cusum_arl.csv   set,or,h,states,arl_in_control,arl_out_of_control
#   cusum_h.csv     set,or,arl0,states,h,arl_in_control
# The patients of each set are cusum_rows.csv's rows of that set (the
# same for every h and or).

args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else "."
num <- function(v) sprintf("%.17g", v)

# Steiner et al. (2000), section 2: the log-likelihood ratio score of a
# patient with predicted risk p and outcome y, testing odds ratio R0
# (here 1) against RA:
#   W = log( (1 - p + R0 p) RA^y / ((1 - p + RA p) R0^y) ).
weight <- function(p, y, RA, R0 = 1)
	log(((1 - p + R0 * p) * RA^y) / ((1 - p + RA * p) * R0^y))

cusum <- function(p, y, RA, h) {
	w <- weight(p, y, RA)
	x <- numeric(length(p))
	s <- integer(length(p))
	prev <- 0
	for (t in seq_along(p)) {
		x[t] <- max(0, prev + w[t])
		s[t] <- as.integer(x[t] >= h)
		prev <- if (s[t]) 0 else x[t]
	}
	list(w = w, x = x, s = s)
}

# The Markov chain: m transient states j = 0..m-1 for X = j h/m; a
# weight w moves state i to max(0, i + round(w m / h)), absorbed (a
# signal) at m or above.  A patient is drawn from the set's risks, each
# equally likely; the outcome has odds RT times the odds of p (RT = 1:
# in control).  ARL from state 0 = first element of (I - Q)^-1 1.
arl <- function(p, RA, RT, h, m) {
	step <- h / m
	q <- RT * p / (1 - p + RT * p)
	Q <- matrix(0, m, m)
	for (y in 0:1) {
		d <- round(weight(p, y, RA) / step)
		pr <- (if (y == 1) q else 1 - q) / length(p)
		for (k in seq_along(p)) for (i in 0:(m - 1)) {
			to <- max(0, i + d[k])
			if (to < m)
				Q[i + 1, to + 1] <- Q[i + 1, to + 1] + pr[k]
		}
	}
	solve(diag(m) - Q, rep(1, m))[1]
}

# h for a target in-control ARL: hi doubled from 1 until ARL(hi) >= arl0,
# then 50 bisections keeping ARL(hi) >= arl0.
h_for <- function(p, RA, arl0, m) {
	lo <- 0
	hi <- 1
	while (arl(p, RA, 1, hi, m) < arl0) {
		lo <- hi
		hi <- 2 * hi
	}
	for (i in 1:50) {
		mid <- (lo + hi) / 2
		if (arl(p, RA, 1, mid, m) >= arl0) hi <- mid else lo <- mid
	}
	hi
}

set.seed(2000)
sets <- list()
# Cardiac surgery like: Parsonnet-type risks, skewed, 2 to 60%; outcomes
# at the predicted risk for 150 patients, then at odds ratio 2.
p <- plogis(rnorm(300, qlogis(0.06), 0.9))
y <- rbinom(300, 1, c(p[1:150], (2 * p / (1 - p + 2 * p))[151:300]))
sets$surgery <- list(p = p, y = y)
# Low risks (1 in 1000 to 1 in 50) and no event at all: never a signal.
sets$no_events <- list(p = runif(60, 0.001, 0.02), y = rep(0, 60))
# Extreme risks: tiny and near 1.
sets$extreme <- list(p = c(1e-6, 0.999999, 0.5, 1e-6, 0.3, 0.999999, 0.02,
    0.9), y = c(1, 0, 1, 0, 1, 1, 1, 0))
# One patient.
sets$one <- list(p = 0.2, y = 1)
# Many events: frequent signals and restarts with a small h.
p <- runif(40, 0.1, 0.4)
sets$restarts <- list(p = p, y = rbinom(40, 1, pmin(3 * p, 0.95)))

rows <- character(0)
arls <- character(0)
hs <- character(0)
configs <- list(list(or = 2, h = c(4.5, 2, 0.5)), list(or = 0.5, h = c(3, 1)),
    list(or = 1.5, h = 2.5))
for (set in names(sets)) {
	d <- sets[[set]]
	for (cf in configs) for (h in cf$h) {
		r <- cusum(d$p, d$y, cf$or, h)
		rows <- c(rows, sprintf("%s,%s,%s,%d,%s,%s,%s,%d", set, num(cf$or),
		    num(h), d$y, num(d$p), num(r$w), num(r$x), r$s))
		# ARLs beyond 1e12 are left out: the chain is then singular
		# to working precision, and no chart is run that long.
		for (m in c(200, 60)) {
			a0 <- tryCatch(arl(d$p, cf$or, 1, h, m), error = function(e) NA)
			a1 <- tryCatch(arl(d$p, cf$or, cf$or, h, m),
			    error = function(e) NA)
			if (!is.na(a0) && !is.na(a1) && a0 < 1e12 && a1 < 1e12)
				arls <- c(arls, sprintf("%s,%s,%s,%d,%s,%s", set,
				    num(cf$or), num(h), m, num(a0), num(a1)))
		}
	}
}
for (set in c("surgery", "no_events", "restarts")) {
	d <- sets[[set]]
	for (cf in list(c(2, 1000, 200), c(2, 100, 60), c(0.5, 500, 200),
	    c(1.5, 2000, 100))) {
		h <- h_for(d$p, cf[1], cf[2], cf[3])
		hs <- c(hs, sprintf("%s,%s,%s,%d,%s,%s", set, num(cf[1]), num(cf[2]),
		    cf[3], num(h), num(arl(d$p, cf[1], 1, h, cf[3]))))
	}
}
out <- function(name, header, lines) {
	con <- file(file.path(here, name), "wb")
	writeLines(c(header, lines), con)
	close(con)
	cat(sprintf("%s: %d rows\n", name, length(lines)))
}
out("cusum_rows.csv", "set,or,h,outcome,p,weight,cusum,signal", rows)
out("cusum_arl.csv", "set,or,h,states,arl_in_control,arl_out_of_control",
    arls)
out("cusum_h.csv", "set,or,arl0,states,h,arl_in_control", hs)
