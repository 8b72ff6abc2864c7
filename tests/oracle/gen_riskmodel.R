# SPDX-License-Identifier: GPL-3.0-or-later
# Oracle for risk-adjusted results (src/riskmodel.c through the engine):
# writes a small patient-level data set into tests/oracle/riskmodel/ and,
# from the same stays, base R's glm fit per quarter and fiscal year with
# every hospital's, organisation's and both organisations' E, O/E, its
# exact (rm_exact) and Byar (rm_byar) interval and the adjusted rate.
# Run from the source root: Rscript tests/oracle/gen_riskmodel.R
set.seed(20261125)
dir <- "tests/oracle/riskmodel"
level <- 0.95

orgs <- data.frame(code = c("NHO", "JOHAS"),
    name_ja = c("試験機構甲", "試験機構乙"),
    name_en = c("Test organisation A", "Test organisation B"),
    url = c("https://a.example/", "https://b.example/"))
hosps <- data.frame(id = c("N1", "N2", "N3", "N4", "N5", "N6", "J1", "J2", "J3"),
    org = c(rep("NHO", 6), rep("JOHAS", 3)))
hosps$name_ja <- paste0("試験病院", hosps$id)
hosps$name_en <- paste0("Test hospital ", hosps$id)
hosps$region <- "関東信越"
hosps$beds <- 300
# stays per quarter (N6 is small: withheld) and a hospital effect on the log-odds
size <- c(N1 = 140, N2 = 90, N3 = 60, N4 = 120, N5 = 45, N6 = 6,
    J1 = 110, J2 = 70, J3 = 50)
effect <- c(N1 = 0, N2 = 0.4, N3 = -0.3, N4 = 0.1, N5 = 0.6, N6 = 0,
    J1 = -0.2, J2 = 0.3, J3 = 0)
mid <- as.Date(c("2024-05-01", "2024-08-01", "2024-11-01", "2025-02-01"))

rows <- list()
k <- 0
for (q in 1:4) for (h in hosps$id) {
	m <- size[[h]]
	age <- sample(c(10:17, 18:99), m, replace = TRUE)
	sex <- sample(1:2, m, replace = TRUE)
	emergency <- rbinom(m, 1, 0.5)
	eta <- -3 + 1.1 * (age >= 75) + 0.3 * (sex == 1) + 0.8 * emergency +
	    effect[[h]]
	dead <- rbinom(m, 1, plogis(eta))
	dis <- mid[q] + sample(-20:20, m, replace = TRUE)
	k0 <- k + seq_len(m)
	k <- k + m
	rows[[length(rows) + 1]] <- data.frame(hospital = h,
	    stay = sprintf("S%05d", k0), admission = format(dis - 5),
	    discharge = format(dis), age = age, sex = sex,
	    emergency = emergency, outcome = ifelse(dead == 1, 6, 1), q = q)
}
stays <- do.call(rbind, rows)
# qi reads stays sorted by hospital, then stay, in byte order
stays <- stays[order(stays$hospital, stays$stay, method = "radix"), ]
dir.create(file.path(dir, "indicators"), recursive = TRUE, showWarnings = FALSE)
write.csv(orgs, file.path(dir, "organisations.csv"), row.names = FALSE, quote = FALSE)
write.csv(hosps, file.path(dir, "hospitals.csv"), row.names = FALSE, quote = FALSE)
write.csv(stays[, setdiff(names(stays), "q")], file.path(dir, "stays.csv"),
    row.names = FALSE, quote = FALSE)
writeLines("hospital,stay,day,code", file.path(dir, "events.csv"))

# The model, fitted to every stay in the denominator (ungrouped: an
# independent route from qi's grouped patterns).
d <- stays[stays$age >= 18, ]
d$org <- hosps$org[match(d$hospital, hosps$id)]
d$dead <- as.integer(d$outcome %in% c(6, 7))
d$age_75_plus <- as.integer(d$age >= 75)
d$male <- as.integer(d$sex == 1)
z <- qnorm(1 - (1 - level) / 2)
ci <- function(method, o, e) {
	if (method == "exact") {
		lo <- if (o == 0) 0 else qgamma((1 - level) / 2, o)
		hi <- qgamma(1 - (1 - level) / 2, o + 1)
	} else {
		lo <- if (o == 0) 0 else max(0, o * (1 - 1 / (9 * o) - z / (3 * sqrt(o)))^3)
		hi <- (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * sqrt(o + 1)))^3
	}
	c(lo, hi) / e
}
out <- list()
coefs <- list()
for (per in c("FY2024Q1", "FY2024Q2", "FY2024Q3", "FY2024Q4", "FY2024")) {
	s <- if (per == "FY2024") d else d[d$q == as.integer(substr(per, 8, 8)), ]
	fit <- glm(dead ~ age_75_plus + male + emergency, family = binomial,
	    data = s, control = glm.control(epsilon = 1e-14, maxit = 100))
	s$p <- fitted(fit)
	rate <- mean(s$dead)
	sm <- summary(fit)$coefficients
	pr <- s$p
	pos <- pr[s$dead == 1]
	neg <- pr[s$dead == 0]
	cstat <- mean(outer(pos, neg, ">") + 0.5 * outer(pos, neg, "=="))
	# qi fits covariate patterns (grouped binomial): the same
	# coefficients, but deviance and AIC are those of the grouped data
	g <- aggregate(cbind(y = dead, n = 1) ~ age_75_plus + male + emergency,
	    data = s, FUN = sum)
	gfit <- glm(cbind(y, n - y) ~ age_75_plus + male + emergency,
	    family = binomial, data = g,
	    control = glm.control(epsilon = 1e-14, maxit = 100))
	# standard errors from the Fisher information at the final beta (R's
	# summary uses the weights of the iteration before it)
	X <- model.matrix(fit)
	se <- sqrt(diag(solve(crossprod(X, X * (s$p * (1 - s$p))))))
	coefs[[per]] <- data.frame(period = per,
	    term = c("(intercept)", "age_75_plus", "male", "emergency"),
	    estimate = sm[, 1], se = se, deviance = deviance(gfit),
	    null_deviance = gfit$null.deviance, aic = AIC(gfit),
	    c_statistic = cstat, stays = nrow(s), events = sum(s$dead))
	units <- rbind(data.frame(scope = "all", org = "", hospital = ""),
	    data.frame(scope = "organisation", org = orgs$code, hospital = ""),
	    data.frame(scope = "hospital", org = hosps$org, hospital = hosps$id))
	for (i in seq_len(nrow(units))) {
		u <- units[i, ]
		w <- if (u$scope == "all") rep(TRUE, nrow(s)) else
		    if (u$scope == "organisation") s$org == u$org else
		    s$hospital == u$hospital
		o <- sum(s$dead[w])
		e <- sum(s$p[w])
		for (m in c("exact", "byar")) {
			b <- ci(m, o, e)
			out[[length(out) + 1]] <- data.frame(
			    indicator = paste0("rm_", m), period = per,
			    scope = u$scope, organisation = u$org,
			    hospital = u$hospital, numerator = o,
			    denominator = sum(w), expected = e, ratio = o / e,
			    ratio_lower = b[1], ratio_upper = b[2],
			    adj_rate = o / e * rate, adj_lower = b[1] * rate,
			    adj_upper = b[2] * rate)
		}
	}
}
res <- do.call(rbind, out)
fmt <- function(x) formatC(x, digits = 17, format = "g")
for (c in c("expected", "ratio", "ratio_lower", "ratio_upper", "adj_rate",
    "adj_lower", "adj_upper"))
	res[[c]] <- fmt(res[[c]])
write.csv(res, "tests/oracle/riskmodel_results.csv", row.names = FALSE,
    quote = FALSE)
cf <- do.call(rbind, coefs)
for (c in c("estimate", "se", "deviance", "null_deviance", "aic", "c_statistic"))
	cf[[c]] <- fmt(cf[[c]])
write.csv(cf, "tests/oracle/riskmodel_fit.csv", row.names = FALSE, quote = FALSE)
