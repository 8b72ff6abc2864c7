# SPDX-License-Identifier: GPL-3.0-or-later
# gen_stdrates.R -- oracle vectors for qi stats dsr and qi stats isr
# (src/stats_std.c, src/cmd_stats.c).
#
# Writes next to this script, 17 significant digits so that doubles
# round-trip, "NaN" where the estimate is undefined (qi writes it empty):
#   stdrates_dsr_esp2013_in.csv   group,band,count,population (19 bands)
#   stdrates_dsr_jp1985_in.csv    the same over the 18 bands of the
#                                 Showa 60 (1985) model population
#   stdrates_jp1985.csv           band,population: that standard as a file
#   stdrates_dsr.csv              standard,method,level,multiplier,group,
#                                 count,population,estimate,lower,upper,
#                                 status
#   stdrates_isr_in.csv           group,band,count,population
#   stdrates_isr_ref.csv          band,count,population (reference)
#   stdrates_isr_rate.csv         band,rate: the same reference as rates
#   stdrates_isr.csv              method,level,multiplier,group,observed,
#                                 expected,estimate,lower,upper,status
#
# Base R only, written from the papers, independently of qi's C code:
# * DSR = sum(w x / n) / sum(w), var = sum(w^2 x / n^2) / sum(w)^2, and
#   Dobson et al. (1991, Stat Med 10:457) limits DSR + sqrt(var / O)
#   (O_lim - O), O = sum(x), with O_lim Byar's bounds (Breslow and Day
#   1987, as PHEindicatormethods' calculate_dsr) or the exact Poisson
#   bounds qchisq(a/2, 2O)/2, qchisq(1 - a/2, 2O + 2)/2.  PHE's rules for
#   the status: no estimate below 10 events (small_count); qi's rules:
#   a band of the standard absent from the group (missing_band), a band
#   with population 0 (zero_population).
# * ISR: E = sum(n * rate_ref), O = sum(x), O/E times the multiplier,
#   with the exact bounds, Byar's, or PHE's hybrid (exact for O < 10,
#   Byar from 10, as calculate_ISRatio), each divided by E; E = 0 gives
#   zero_expected.
#
#   Rscript tests/oracle/gen_stdrates.R

args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else "."

fmt <- function(v) {
	s <- sprintf("%.17g", v)
	s[is.nan(v) | is.na(v)] <- "NaN"
	s
}
put <- function(df, name)
	write.csv(df, file.path(here, name), row.names = FALSE, quote = FALSE)

# The standards, typed from their sources (specs/statistics.md).
esp2013 <- data.frame(band = c(paste0(seq(0, 85, 5), "-", seq(4, 89, 5)),
    "90+"), population = c(5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000,
    7000, 7000, 7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000))
jp1985 <- data.frame(band = c(paste0(seq(0, 80, 5), "-", seq(4, 84, 5)),
    "85+"), population = 1000 * c(8180, 8338, 8497, 8655, 8814, 8972, 9130,
    9289, 9400, 8651, 7616, 6581, 5546, 4511, 3476, 2441, 1406, 784))
stopifnot(sum(esp2013$population) == 100000,
    sum(jp1985$population) == 120287000)
put(jp1985, "stdrates_jp1985.csv")

byar_lo <- function(x, z) ifelse(x > 0,
    pmax(0, x * (1 - 1 / (9 * x) - z / (3 * sqrt(x)))^3), 0)
byar_hi <- function(x, z) (x + 1) * (1 - 1 / (9 * (x + 1)) +
    z / (3 * sqrt(x + 1)))^3
exact_lo <- function(x, level) ifelse(x > 0,
    qchisq((1 - level) / 2, 2 * x) / 2, 0)
exact_hi <- function(x, level) qchisq((1 + level) / 2, 2 * x + 2) / 2
bounds <- function(method, x, level) {
	z <- qnorm((1 + level) / 2)
	switch(method,
	    byar = c(byar_lo(x, z), byar_hi(x, z)),
	    exact = c(exact_lo(x, level), exact_hi(x, level)),
	    hybrid = if (x < 10) c(exact_lo(x, level), exact_hi(x, level))
		else c(byar_lo(x, z), byar_hi(x, z)))
}

set.seed(20261207)

# Groups over every band: counts rising with age, populations falling.
dsr_groups <- function(std) {
	k <- nrow(std)
	rows <- list()
	add <- function(g, band, count, pop)
		rows[[length(rows) + 1]] <<- data.frame(group = g, band = band,
		    count = count, population = pop)
	for (g in c("H01", "H02", "H03")) {
		pop <- round(runif(k, 2000, 9000) * seq(1.2, 0.3, length.out = k))
		count <- rpois(k, pop * 1e-4 * exp(seq(0, 5, length.out = k)))
		add(g, std$band, count, pop)
	}
	# rows given in another order than the standard's
	pop <- round(runif(k, 500, 3000))
	count <- rpois(k, pop * 2e-3 * exp(seq(0, 2, length.out = k)))
	o <- rev(seq_len(k))
	add("reversed", std$band[o], count[o], pop[o])
	# few events: PHE's small-count rule
	add("small", std$band, c(rep(0, k - 3), 2, 3, 4), rep(1000, k))
	add("zeros", std$band, rep(0, k), rep(800, k))
	# a band with no population
	add("zeropop", std$band, c(0, rep(5, k - 1)), c(0, rep(900, k - 1)))
	# the oldest band absent
	add("missing", std$band[-k], rep(7, k - 1), rep(1000, k - 1))
	do.call(rbind, rows)
}

dsr_oracle <- function(std, name, input, method, level, mult) {
	out <- list()
	for (g in unique(input$group)) {
		d <- input[input$group == g, ]
		m <- match(std$band, d$band)
		O <- sum(d$count)
		N <- sum(d$population)
		est <- lo <- hi <- NaN
		if (any(is.na(m))) {
			status <- "missing_band"
		} else if (any(d$population[m] == 0)) {
			status <- "zero_population"
		} else if (O < 10) {
			status <- "small_count"
		} else {
			x <- d$count[m]
			n <- d$population[m]
			w <- std$population
			dsr <- sum(w * x / n) / sum(w)
			v <- sum(w^2 * x / n^2) / sum(w)^2
			b <- bounds(method, O, level)
			est <- dsr * mult
			lo <- (dsr + sqrt(v / O) * (b[1] - O)) * mult
			hi <- (dsr + sqrt(v / O) * (b[2] - O)) * mult
			status <- "ok"
		}
		out[[length(out) + 1]] <- data.frame(standard = name,
		    method = method, level = fmt(level), multiplier = fmt(mult),
		    group = g, count = O, population = N, estimate = fmt(est),
		    lower = fmt(lo), upper = fmt(hi), status = status)
	}
	do.call(rbind, out)
}

dsr_esp <- dsr_groups(esp2013)
dsr_jp <- dsr_groups(jp1985)
put(dsr_esp, "stdrates_dsr_esp2013_in.csv")
put(dsr_jp, "stdrates_dsr_jp1985_in.csv")
res <- list()
for (method in c("byar", "exact"))
	for (level in c(0.95, 0.998)) {
		res[[length(res) + 1]] <- dsr_oracle(esp2013, "esp2013", dsr_esp,
		    method, level, 1e5)
		res[[length(res) + 1]] <- dsr_oracle(jp1985, "jp1985", dsr_jp,
		    method, level, 1e5)
	}
res[[length(res) + 1]] <- dsr_oracle(esp2013, "esp2013", dsr_esp, "byar",
    0.95, 1000)
put(do.call(rbind, res), "stdrates_dsr.csv")

# Indirect standardisation: a reference by band, groups of all sizes.
bands <- esp2013$band
ref <- data.frame(band = bands,
    count = rpois(19, 40 * exp(seq(0, 4, length.out = 19))),
    population = round(runif(19, 1e5, 4e5)))
put(ref, "stdrates_isr_ref.csv")
put(data.frame(band = bands, rate = fmt(ref$count / ref$population)),
    "stdrates_isr_rate.csv")
rows <- list()
add <- function(g, band, count, pop)
	rows[[length(rows) + 1]] <<- data.frame(group = g, band = band,
	    count = count, population = pop)
for (g in c("H01", "H02", "H03", "H04")) {
	pop <- round(runif(19, 100, 5000))
	rr <- c(H01 = 1, H02 = 1.3, H03 = 0.7, H04 = 1)[[g]]
	add(g, bands, rpois(19, rr * pop * ref$count / ref$population), pop)
}
add("few", bands[15:19], c(1, 0, 2, 1, 3), c(300, 250, 200, 120, 60))
add("none", bands[10:19], rep(0, 10), rep(400, 10))
add("one_band", "90+", 4, 30)
add("nobody", bands[1:3], c(0, 0, 0), c(0, 0, 0))
isr_in <- do.call(rbind, rows)
put(isr_in, "stdrates_isr_in.csv")

res <- list()
for (method in c("hybrid", "exact", "byar"))
	for (level in c(0.95, 0.998))
		for (mult in if (method == "hybrid" && level == 0.95) c(1, 100)
		    else 1)
			for (g in unique(isr_in$group)) {
				d <- isr_in[isr_in$group == g, ]
				r <- ref$count / ref$population
				E <- sum(d$population * r[match(d$band, bands)])
				O <- sum(d$count)
				est <- lo <- hi <- NaN
				status <- "zero_expected"
				if (E > 0) {
					b <- bounds(method, O, level)
					est <- O / E * mult
					lo <- b[1] / E * mult
					hi <- b[2] / E * mult
					status <- "ok"
				}
				res[[length(res) + 1]] <- data.frame(
				    method = method, level = fmt(level),
				    multiplier = fmt(mult), group = g,
				    observed = O, expected = fmt(E),
				    estimate = fmt(est), lower = fmt(lo),
				    upper = fmt(hi), status = status)
			}
put(do.call(rbind, res), "stdrates_isr.csv")
