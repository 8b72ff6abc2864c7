# SPDX-License-Identifier: GPL-3.0-or-later
# gen_stats_logit.R -- oracle fits for qi stats logit (src/cmd_stats.c
# over qi_logit_fit() in src/logit.c), one row per stay.
#
# For each data set NAME, writes next to this script:
#   stats_logit_NAME_in.csv    the table qi reads on standard input
#   stats_logit_NAME_fit.csv   term,estimate,std_error,z,p as R's glm
#                              names and computes them
#   stats_logit_NAME_sum.csv   statistic,value: n, events, deviance,
#                              null_deviance, aic, c_statistic
# and for the data sets R cannot fit:
#   stats_logit_NAME_r.csv     problem,term: "aliased" and the term glm
#                              set to NA, or "separated" and the term whose
#                              estimate diverges most (glm warned)
# Numbers have 17 significant digits so that the doubles round-trip.
#
# glm(y ~ ..., family = binomial) with glm.control(epsilon = 1e-14,
# maxit = 100), so that the oracle is converged far below the test's
# 1e-9.  Standard errors are sqrt(diag(solve(t(X) W X))) at the estimate
# (R's summary.glm takes W from the iteration before the last); they are
# checked against summary() of a fit restarted at the estimate.  Factors
# are made with factor(), whose levels are sort(unique(x)): numerically
# for a numeric column, by bytes for text with LC_COLLATE=C (set below;
# in other locales R may order letters of different case otherwise).
# The c-statistic is the Mann-Whitney form from mid-ranks of the linear
# predictor, (sum of the ranks of events - Y (Y + 1) / 2) / (Y (N - Y)).
#
# Base R only.   Rscript tests/oracle/gen_stats_logit.R

invisible(Sys.setlocale("LC_COLLATE", "C"))
args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else "."
fmt <- function(v) sprintf("%.17g", v)
put <- function(df, name)
	write.csv(df, file.path(here, name), row.names = FALSE, quote = FALSE)
ctl <- glm.control(epsilon = 1e-14, maxit = 100)

cstat <- function(eta, y) {
	r <- rank(eta, ties.method = "average")
	ny <- sum(y)
	(sum(r[y == 1]) - ny * (ny + 1) / 2) / (ny * (length(y) - ny))
}

# d: the table as qi reads it; f: the formula; factors: columns made
# factors in R (qi's --factor).
fit_and_write <- function(name, d, f, factors, control = ctl) {
	put(d, paste0("stats_logit_", name, "_in.csv"))
	for (v in factors)
		d[[v]] <- factor(d[[v]])
	warned <- 0
	fit <- withCallingHandlers(glm(f, family = binomial, data = d,
	    control = control), warning = function(w) {
		warned <<- 1
		message(name, ": glm warns: ", conditionMessage(w))
		invokeRestart("muffleWarning")
	    })
	b <- coef(fit)
	if (any(is.na(b))) {
		put(data.frame(problem = "aliased", term = names(b)[is.na(b)]),
		    paste0("stats_logit_", name, "_r.csv"))
		return(invisible())
	}
	if (warned == 1) {
		put(data.frame(problem = "separated",
		    term = names(b)[which.max(abs(b[-1])) + 1L]),
		    paste0("stats_logit_", name, "_r.csv"))
		return(invisible())
	}
	X <- model.matrix(fit)
	p <- fitted(fit)
	se <- sqrt(diag(solve(crossprod(X * sqrt(p * (1 - p))))))
	fit2 <- glm(f, family = binomial, data = d, start = b, control = ctl)
	stopifnot(max(abs(summary(fit2)$coefficients[, 2] / se - 1)) < 1e-12)
	z <- b / se
	put(data.frame(term = names(b), estimate = fmt(b), std_error = fmt(se),
	    z = fmt(z), p = fmt(2 * pnorm(-abs(z)))),
	    paste0("stats_logit_", name, "_fit.csv"))
	y <- fit$y
	put(data.frame(statistic = c("n", "events", "deviance",
	    "null_deviance", "aic", "c_statistic"),
	    value = c(fmt(length(y)), fmt(sum(y)), fmt(deviance(fit)),
	    fmt(fit$null.deviance), fmt(AIC(fit)),
	    fmt(cstat(predict(fit, type = "link"), y)))),
	    paste0("stats_logit_", name, "_sum.csv"))
}

set.seed(13)

# A numeric covariate, a 0/1-coded sex as a factor (sex2) and a ward of
# three levels as a factor (wardB, wardC).
n <- 600
d <- data.frame(age = round(rnorm(n, 72, 11)), sex = sample(1:2, n, TRUE),
    ward = sample(c("A", "B", "C"), n, TRUE), los = round(rexp(n, 1 / 9), 1))
eta <- -6 + 0.06 * d$age + 0.4 * (d$sex == 2) +
    c(A = 0, B = 0.5, C = -0.3)[d$ward] + 0.02 * d$los
d <- data.frame(died = rbinom(n, 1, plogis(eta)), d)
fit_and_write("main", d, died ~ age + sex + ward + los, c("sex", "ward"))

# Level order: numeric levels by value (stage 1, 2, 10: not "10" < "2"),
# text levels by bytes ("B" < "C" < "a"); a factor given before a number.
n <- 400
d <- data.frame(stage = sample(c(1, 2, 10), n, TRUE),
    unit = sample(c("a", "B", "C"), n, TRUE), age = round(rnorm(n, 65, 12)))
eta <- -2 + c(`1` = 0, `2` = 0.6, `10` = 1.2)[as.character(d$stage)] +
    c(a = 0.3, B = 0, C = -0.4)[d$unit] + 0.01 * (d$age - 65)
d <- data.frame(event = rbinom(n, 1, plogis(eta)), d)
fit_and_write("levels", d, event ~ stage + unit + age, c("stage", "unit"))

# A rare outcome with one numeric covariate.
n <- 2000
d <- data.frame(x = round(runif(n, 0, 10), 2))
d <- data.frame(y = rbinom(n, 1, plogis(-5.5 + 0.2 * d$x)), d)
fit_and_write("rare", d, y ~ x, character())

# Rank-deficient: dose2 is twice dose; glm sets its coefficient to NA.
n <- 200
d <- data.frame(dose = round(runif(n, 1, 5), 1))
d$dose2 <- 2 * d$dose
d <- data.frame(y = rbinom(n, 1, plogis(-1 + 0.3 * d$dose)), d)
# (R's default control: its rank tolerance, min(1e-7, epsilon / 1000), is
# below rounding at epsilon = 1e-14.)
fit_and_write("aliased", d, y ~ dose + dose2, character(), glm.control())

# Completely separated by a factor level: every stay in ward C died.
n <- 150
d <- data.frame(ward = sample(c("A", "B", "C"), n, TRUE),
    age = round(rnorm(n, 70, 10)))
d <- data.frame(died = ifelse(d$ward == "C", 1, rbinom(n, 1, 0.3)), d)
fit_and_write("separated", d, died ~ ward + age, "ward")
