# SPDX-License-Identifier: GPL-3.0-or-later
# gen_logit.R -- oracle fits for qi_logit_fit() and qi_riskadj_compute().
#
# For each synthetic data set NAME, writes next to this script:
#   logit_NAME_data.csv  pattern,hospital,y,n,<covariates...>
#       one row per hospital x covariate pattern (stays n, events y); the
#       first covariate column is the intercept (all 1).  The fit is to
#       the patterns summed over hospitals, as qi's engine tallies them.
#   logit_NAME_fit.csv   quantity,index,value
#       coef, se, z, pvalue (index = column, 0-based); deviance,
#       null_deviance, aic, c_stat (index 0); fitted (index = pattern);
#       observed, expected (index = hospital); aliased (index = column
#       that R's glm set to NA); separated (index = column R's estimate
#       diverges most in); warning (1 if glm warned).
# null_deviance is that of glm(cbind(y, n - y) ~ 1).
# Numbers have 17 significant digits so that the doubles round-trip.
#
# The model is glm(cbind(y, n - y) ~ X - 1, family = binomial) in base R
# on the pooled patterns, with glm.control(epsilon = 1e-14, maxit = 100)
# so that the oracle is converged far below the test's 1e-9 (R's default
# 1e-8 leaves about 1e-8 in the coefficients).  R's summary.glm takes its
# covariance from the weights of the iteration before the last; the
# standard errors here come from a second call started at the converged
# coefficients, whose single iteration has the weights at the estimate,
# and they are checked against solve(t(X) W X) computed directly.  The
# collinear set is fitted with R's default tolerance (its rank tolerance
# is min(1e-7, epsilon / 1000), which at 1e-14 would be below rounding).
#
# The c-statistic is computed independently of qi's method: every stay
# is expanded into its own row, scored by its linear predictor, and the
# area under the ROC curve is the Mann-Whitney statistic from mid-ranks,
# (sum of the ranks of events - Y (Y + 1) / 2) / (Y (N - Y)).
#
# Base R only.  Run from anywhere:  Rscript tests/oracle/gen_logit.R

args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else "."

fmt <- function(v) sprintf("%.17g", v)

# Build dummy columns for a grid of categorical covariates.
# levels: named list of level counts; the first level is the reference.
design_grid <- function(levels) {
	g <- expand.grid(lapply(levels, function(k) seq_len(k) - 1L))
	X <- matrix(1, nrow(g), 1, dimnames = list(NULL, "intercept"))
	for (v in names(levels)) {
		k <- levels[[v]]
		if (k == 2) {
			X <- cbind(X, g[[v]])
			colnames(X)[ncol(X)] <- v
		} else {
			for (l in seq_len(k - 1)) {
				X <- cbind(X, as.numeric(g[[v]] == l))
				colnames(X)[ncol(X)] <- paste0(v, l)
			}
		}
	}
	X
}

# Stays per hospital x pattern and events from a true model with a
# hospital effect.  Returns a long data frame.
simulate <- function(X, beta, nhosp, mean_n, hosp_sd) {
	k <- nrow(X)
	h_eff <- rnorm(nhosp, 0, hosp_sd)
	share <- rgamma(k, 1.5)		# uneven pattern frequencies
	rows <- list()
	for (h in seq_len(nhosp)) {
		n <- rpois(k, mean_n * share / mean(share))
		p <- plogis(drop(X %*% beta) + h_eff[h])
		y <- rbinom(k, n, p)
		rows[[h]] <- data.frame(pattern = seq_len(k) - 1L,
		    hospital = h - 1L, y = y, n = n)
	}
	do.call(rbind, rows)
}

write_data <- function(name, long, X) {
	d <- cbind(long, X[long$pattern + 1L, , drop = FALSE])
	out <- file.path(here, paste0("logit_", name, "_data.csv"))
	con <- file(out, "w")
	writeLines(paste(colnames(d), collapse = ","), con)
	for (i in seq_len(nrow(d)))
		writeLines(paste(fmt(unlist(d[i, ])), collapse = ","), con)
	close(con)
}

# c-statistic from stays expanded one per row (Mann-Whitney).
cstat_expanded <- function(eta, y, n) {
	score <- c(rep(eta, y), rep(eta, n - y))
	event <- c(rep(TRUE, sum(y)), rep(FALSE, sum(n - y)))
	r <- rank(score, ties.method = "average")
	Y <- as.numeric(sum(event))
	N <- as.numeric(length(event))
	(sum(r[event]) - Y * (Y + 1) / 2) / (Y * (N - Y))
}

write_fit <- function(name, q) {
	out <- file.path(here, paste0("logit_", name, "_fit.csv"))
	con <- file(out, "w")
	writeLines("quantity,index,value", con)
	writeLines(paste(q$quantity, q$index, fmt(q$value), sep = ","), con)
	close(con)
}

fit_and_write <- function(name, long, X, collinear = FALSE) {
	write_data(name, long, X)
	y <- as.vector(tapply(long$y, long$pattern, sum))
	n <- as.vector(tapply(long$n, long$pattern, sum))
	ctl <- if (collinear) glm.control() else
		glm.control(epsilon = 1e-14, maxit = 100)
	warned <- 0
	fit <- withCallingHandlers(
	    glm(cbind(y, n - y) ~ X - 1, family = binomial, control = ctl),
	    warning = function(w) {
		warned <<- 1
		message(name, ": glm warns: ", conditionMessage(w))
		invokeRestart("muffleWarning")
	    })
	q <- data.frame(quantity = character(), index = integer(),
	    value = numeric())
	add <- function(quantity, index, value)
		q <<- rbind(q, data.frame(quantity = quantity, index = index,
		    value = value))
	add("warning", 0L, warned)
	b <- coef(fit)
	if (any(is.na(b))) {
		for (j in which(is.na(b)))
			add("aliased", j - 1L, 1)
	} else {
		# Standard errors at the estimate: one more iteration from it.
		fit2 <- suppressWarnings(glm(cbind(y, n - y) ~ X - 1,
		    family = binomial, start = b, control = ctl))
		s <- summary(fit2)$coefficients
		eta <- drop(X %*% b)
		p <- plogis(eta)
		if (warned == 1) {
			# The estimates diverge: only which one, and the
			# warning, are kept.
			j <- which.max(abs(b[-1])) + 1L
			add("separated", j - 1L, 1)
			message(name, ": coefficients ",
			    paste(sprintf("%.3g", b), collapse = " "))
			write_fit(name, q)
			return(invisible())
		}
		V <- solve(crossprod(X * sqrt(n * p * (1 - p))))
		se_direct <- sqrt(diag(V))
		stopifnot(max(abs(s[, 2] / se_direct - 1)) < 1e-12)
		add("coef", seq_along(b) - 1L, b)
		add("se", seq_along(b) - 1L, se_direct)
		add("z", seq_along(b) - 1L, b / se_direct)
		add("pvalue", seq_along(b) - 1L,
		    2 * pnorm(-abs(b / se_direct)))
		add("deviance", 0L, deviance(fit))
		# The formula has no intercept term (X carries it), so R's
		# null.deviance is that of eta = 0; the intercept-only model
		# is fitted instead.
		fit0 <- glm(cbind(y, n - y) ~ 1, family = binomial,
		    control = ctl)
		add("null_deviance", 0L, deviance(fit0))
		add("aic", 0L, AIC(fit))
		# Distinct linear predictors must differ clearly, so that
		# the tie groups cannot depend on rounding.
		u <- sort(unique(eta[n > 0]))
		stopifnot(length(u) < 2 || min(diff(u)) > 1e-8)
		add("c_stat", 0L, cstat_expanded(eta, y, n))
		add("fitted", seq_along(p) - 1L, fitted(fit))
		hosp <- sort(unique(long$hospital))
		for (h in hosp) {
			r <- long[long$hospital == h, ]
			add("observed", h, sum(r$y))
			add("expected", h, sum(r$n * p[r$pattern + 1L]))
		}
		message(sprintf("%s: %d patterns, %d stays, %d events, %d iterations, c = %.4f",
		    name, nrow(X), sum(n), sum(y), fit$iter,
		    cstat_expanded(eta, y, n)))
	}
	write_fit(name, q)
}

set.seed(20241)

# 1. Realistic AMI-like model: 6 age bands x sex x Killip 1-4 x two
#    comorbidity flags = 192 patterns, 20 hospitals, in-hospital death
#    about 5%.  Two patterns have no stays at all.
lv <- list(age = 6, female = 2, killip = 4, diabetes = 2, ckd = 2)
X <- design_grid(lv)
beta <- c(-5.6, 0.25, 0.55, 0.9, 1.3, 1.7, 0.15, 0.8, 1.5, 2.3, 0.2, 0.6)
long <- simulate(X, beta, nhosp = 20, mean_n = 6, hosp_sd = 0.3)
long$n[long$pattern %in% c(190, 191)] <- 0L
long$y[long$pattern %in% c(190, 191)] <- 0L
fit_and_write("realistic", long, X)

# 2. A million stays: 6 age bands x sex x emergency, 24 patterns, 8
#    hospitals, about 10%.
X <- design_grid(list(age = 6, female = 2, emergency = 2))
beta <- c(-3.2, 0.2, 0.45, 0.7, 1.0, 1.3, -0.1, 0.9)
long <- simulate(X, beta, nhosp = 8, mean_n = 1e6 / 8 / 24, hosp_sd = 0.2)
fit_and_write("large", long, X)

# 3. Very rare events: about 3 per 10 000 stays.
X <- design_grid(list(age = 4, female = 2, dementia = 2))
beta <- c(-9.0, 0.5, 1.0, 1.6, -0.3, 0.7)
long <- simulate(X, beta, nhosp = 6, mean_n = 2e4 / 6, hosp_sd = 0.2)
fit_and_write("rare", long, X)

# 4. One stay per pattern (n = 1, as ungrouped data): age in whole
#    years (per decade) and sex, 400 stays in 5 hospitals; stays that
#    share age and sex are separate patterns with equal fitted risk
#    (ties in the c-statistic).
age <- sample(50:95, 400, replace = TRUE)
female <- rbinom(400, 1, 0.45)
X <- cbind(intercept = 1, age10 = (age - 70) / 10, female = female)
yy <- rbinom(400, 1, plogis(-2.2 + 0.6 * X[, 2] - 0.3 * female))
long <- data.frame(pattern = 0:399, hospital = rep(0:4, 80), y = yy,
    n = 1L)
fit_and_write("ungrouped", long, X)

# 5. Quasi-complete separation by a combination: Killip class as one
#    integer covariate 1-4; no deaths in classes 1-2, some in class 3,
#    all in class 4 (so no single side of the range is pure, and only the
#    direction killip - 3 separates).  R warns "fitted probabilities
#    numerically 0 or 1 occurred".
X <- cbind(intercept = 1, killip = rep(1:4, each = 2), female = rep(0:1, 4))
long <- data.frame(pattern = 0:7, hospital = 0L,
    y = c(0, 0, 0, 0, 12, 9, 7, 5), n = c(300, 250, 120, 90, 40, 35, 7, 5))
fit_and_write("separated", long, X)

# 6. Collinear: sex coded both ways (female and male = 1 - female).
X <- design_grid(list(age = 3, female = 2, diabetes = 2))
X <- cbind(X, male = 1 - X[, "female"])
beta <- c(-2.5, 0.4, 0.9, 0.2, 0.5, 0)
long <- simulate(X, beta, nhosp = 4, mean_n = 50, hosp_sd = 0.1)
fit_and_write("collinear", long, X, collinear = TRUE)
