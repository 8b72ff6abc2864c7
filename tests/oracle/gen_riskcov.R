# SPDX-License-Identifier: GPL-3.0-or-later
# Oracle for risk models with a whole-number covariate (age in years, its
# stated range 40..95: ages beyond count at the ends) and a categorical one
# (Killip class 1..4, reference 1) beside a flag (male): writes a small
# patient-level data set into tests/oracle/riskcov/ and base R's glm on
# the ungrouped stays -- fitted once on FY2024 (rc_ref, risk_model.reference)
# and per period (rc_period) -- with every unit's E, O/E, exact interval
# and adjusted rate, and each model's coefficients.
# Run from the source root: Rscript tests/oracle/gen_riskcov.R
set.seed(20261207)
dir <- "tests/oracle/riskcov"
level <- 0.95
source("tests/oracle/risk_units.R")

orgs <- data.frame(code = c("NHO", "JOHAS"),
    name_ja = c("試験機構甲", "試験機構乙"),
    name_en = c("Test organisation A", "Test organisation B"),
    url = c("https://a.example/", "https://b.example/"))
hosps <- data.frame(id = c("N1", "N2", "N3", "N4", "J1", "J2", "J3"),
    org = c(rep("NHO", 4), rep("JOHAS", 3)))
hosps$name_ja <- paste0("試験病院", hosps$id)
hosps$name_en <- paste0("Test hospital ", hosps$id)
hosps$region <- "関東信越"
hosps$beds <- 300
size <- c(N1 = 120, N2 = 80, N3 = 8, N4 = 100, J1 = 110, J2 = 70, J3 = 60)
effect <- c(N1 = 0, N2 = 0.4, N3 = 0, N4 = -0.2, J1 = 0.1, J2 = 0.3, J3 = -0.3)
mid <- as.Date(c("2024-05-01", "2024-08-01", "2024-11-01", "2025-02-01"))

rows <- list()
k <- 0
for (q in 1:4) for (h in hosps$id) {
	m <- size[[h]]
	age <- sample(30:99, m, replace = TRUE)
	sex <- sample(1:2, m, replace = TRUE)
	killip <- sample(1:4, m, replace = TRUE, prob = c(0.55, 0.25, 0.12, 0.08))
	eta <- -6 + 0.05 * pmin(pmax(age, 40), 95) + 0.3 * (sex == 1) +
	    c(0, 0.6, 1.2, 2.0)[killip] + effect[[h]]
	dead <- rbinom(m, 1, plogis(eta))
	dis <- mid[q] + sample(-20:20, m, replace = TRUE)
	k0 <- k + seq_len(m)
	k <- k + m
	rows[[length(rows) + 1]] <- data.frame(hospital = h,
	    stay = sprintf("S%05d", k0), admission = format(dis - 5),
	    discharge = format(dis), age = age, sex = sex, killip = killip,
	    outcome = ifelse(dead == 1, 6, 1), q = q)
}
stays <- do.call(rbind, rows)
stays <- stays[order(stays$hospital, stays$stay, method = "radix"), ]
dir.create(file.path(dir, "indicators"), recursive = TRUE, showWarnings = FALSE)
write.csv(orgs, file.path(dir, "organisations.csv"), row.names = FALSE, quote = FALSE)
write.csv(hosps, file.path(dir, "hospitals.csv"), row.names = FALSE, quote = FALSE)
write.csv(stays[, setdiff(names(stays), "q")], file.path(dir, "stays.csv"),
    row.names = FALSE, quote = FALSE)
writeLines("hospital,stay,day,code", file.path(dir, "events.csv"))

# Every stay is in the denominator; the covariates as qi states them.
d <- stays
d$org <- hosps$org[match(d$hospital, hosps$id)]
d$dead <- as.integer(d$outcome %in% c(6, 7))
d$age_c <- pmin(pmax(d$age, 40), 95)
d$killip_f <- factor(d$killip, levels = 1:4)
d$male <- as.integer(d$sex == 1)
terms <- c("(intercept)", "age", "killip=2", "killip=3", "killip=4", "male")
form <- dead ~ age_c + killip_f + male
fitm <- function(s) glm(form, family = binomial, data = s,
    control = glm.control(epsilon = 1e-14, maxit = 100))
coefs <- list()
model <- function(name, ref, s) {
	fit <- fitm(s)
	X <- model.matrix(fit)
	p <- fitted(fit)
	se <- sqrt(diag(solve(crossprod(X, X * (p * (1 - p))))))
	coefs[[length(coefs) + 1]] <<- data.frame(indicator = name,
	    reference = ref, term = terms, coefficient = fmt(coef(fit)),
	    se = fmt(se), stays = nrow(s), events = sum(s$dead))
	fit
}
units <- risk_units(orgs, hosps)
periods <- c("FY2024Q1", "FY2024Q2", "FY2024Q3", "FY2024Q4", "FY2024")
of <- function(per) if (per == "FY2024") d else
    d[d$q == as.integer(substr(per, 8, 8)), ]
refit <- model("rc_ref", "FY2024Q1..FY2024Q4", d)
out <- list()
for (per in periods) {
	s <- of(per)
	for (name in c("rc_ref", "rc_period")) {
		fit <- if (name == "rc_ref") refit else model(name, per, s)
		rate <- if (name == "rc_ref") mean(d$dead) else mean(s$dead)
		s$p <- predict(fit, newdata = s, type = "response")
		out[[length(out) + 1]] <- unit_rows(name, per, s, units, rate,
		    level)
	}
}
write_units(out, "tests/oracle/riskcov_results.csv")
write.csv(do.call(rbind, coefs), "tests/oracle/riskcov_fit.csv",
    row.names = FALSE, quote = FALSE)
