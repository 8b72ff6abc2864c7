# SPDX-License-Identifier: GPL-3.0-or-later
# Oracle for risk models fitted once on a reference period and applied to
# every period (risk_model.reference), and for a model given by its
# coefficients (risk_model.coefficients): the stays of
# tests/oracle/riskmodel (written by gen_riskmodel.R), base R's glm on the
# ungrouped stays of the reference quarters, and every unit's E, O/E, exact
# interval and adjusted rate in every quarter and the fiscal year under
# that one model.  Writes
#   tests/oracle/riskref_results.csv   expected results (rr_ref, rr_file)
#   tests/oracle/riskref_fit.csv       the model's coefficients and SEs
#   tests/oracle/riskref/indicators/rr_model.csv  the same model as a
#       risk_models.csv file (specs/output.md), read by rr_file.yaml
# Run from the source root: Rscript tests/oracle/gen_riskref.R
dir <- "tests/oracle/riskmodel"
level <- 0.95
source("tests/oracle/risk_units.R")
reference <- c(1, 2)	# FY2024Q1..FY2024Q2

stays <- read.csv(file.path(dir, "stays.csv"), stringsAsFactors = FALSE)
hosps <- read.csv(file.path(dir, "hospitals.csv"), stringsAsFactors = FALSE)
orgs <- read.csv(file.path(dir, "organisations.csv"), stringsAsFactors = FALSE)
d <- stays[stays$age >= 18, ]
m <- as.integer(substr(d$discharge, 6, 7))
d$q <- ifelse(m >= 4 & m <= 6, 1, ifelse(m >= 7 & m <= 9, 2,
    ifelse(m >= 10, 3, 4)))
d$org <- hosps$org[match(d$hospital, hosps$id)]
d$dead <- as.integer(d$outcome %in% c(6, 7))
d$age_75_plus <- as.integer(d$age >= 75)
d$male <- as.integer(d$sex == 1)

ref <- d[d$q %in% reference, ]
fit <- glm(dead ~ age_75_plus + male + emergency, family = binomial,
    data = ref, control = glm.control(epsilon = 1e-14, maxit = 100))
X <- model.matrix(fit)
p <- fitted(fit)
se <- sqrt(diag(solve(crossprod(X, X * (p * (1 - p))))))
rate <- mean(ref$dead)
terms <- c("(intercept)", "age_75_plus", "male", "emergency")
beta <- coef(fit)
write.csv(data.frame(term = terms, estimate = fmt(beta), se = fmt(se),
    stays = nrow(ref), events = sum(ref$dead)),
    "tests/oracle/riskref_fit.csv", row.names = FALSE, quote = FALSE)
write.csv(data.frame(indicator = "rr_file", version = 1,
    reference = "FY2024Q1..FY2024Q2", term = terms, coefficient = fmt(beta),
    se = fmt(se), stays = nrow(ref), events = sum(ref$dead)),
    "tests/oracle/riskref/indicators/rr_model.csv", row.names = FALSE,
    quote = FALSE)

# Every unit in every period under the one model.
d$p <- predict(fit, newdata = d, type = "response")
units <- risk_units(orgs, hosps)
out <- list()
for (per in c("FY2024Q1", "FY2024Q2", "FY2024Q3", "FY2024Q4", "FY2024")) {
	s <- if (per == "FY2024") d else d[d$q == as.integer(substr(per, 8, 8)), ]
	for (ind in c("rr_ref", "rr_file"))
		out[[length(out) + 1]] <- unit_rows(ind, per, s, units, rate,
		    level)
}
write_units(out, "tests/oracle/riskref_results.csv")
