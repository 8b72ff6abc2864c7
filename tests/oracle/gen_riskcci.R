# SPDX-License-Identifier: GPL-3.0-or-later
# Oracle for the Charlson comorbidity index as a risk-model covariate
# (risk_model.covariates[].charlson): a small patient-level data set with
# diagnoses in tests/oracle/riskcci/, the index of each stay computed here
# from Quan et al. 2005's ICD-10 lists (Med Care 43:1130, Table 1), written
# out below independently of qi's indicators/codes/charlson_*.csv, with
# Quan et al. 2011's weights (Am J Epidemiol 173:676, Table 3) and
# Charlson et al. 1987's, and base R's glm of death on the index and an
# age flag fitted once on FY2024.  Writes every unit's E, O/E, interval and
# adjusted rate, the coefficients, and the stays per index value.
# Run from the source root: Rscript tests/oracle/gen_riskcci.R
set.seed(20261208)
dir <- "tests/oracle/riskcci"
level <- 0.95
source("tests/oracle/risk_units.R")

# Quan 2005 ICD-10 Charlson conditions: code prefixes (a code matches when
# it starts with one), weights of 2011 and 1987, and the severe form a
# condition counts under.
p <- function(l, a, b) sprintf("%s%02d", l, a:b)
conds <- list(
	mi = list(c("I21", "I22", "I252"), 0, 1),
	chf = list(c("I099", "I110", "I130", "I132", "I255", "I420",
	    paste0("I42", 5:9), "I43", "I50", "P290"), 2, 1),
	pvd = list(c("I70", "I71", "I731", "I738", "I739", "I771", "I790",
	    "I792", "K551", "K558", "K559", "Z958", "Z959"), 0, 1),
	cevd = list(c("G45", "G46", "H340", p("I", 60, 69)), 0, 1),
	dementia = list(c("F00", "F01", "F02", "F03", "F051", "G30", "G311"),
	    2, 1),
	cpd = list(c("I278", "I279", p("J", 40, 47), p("J", 60, 67), "J684",
	    "J701", "J703"), 1, 1),
	rheum = list(c("M05", "M06", "M315", "M32", "M33", "M34", "M351",
	    "M353", "M360"), 1, 1),
	pud = list(c("K25", "K26", "K27", "K28"), 0, 1),
	mld = list(c("B18", paste0("K70", c(0:3, 9)), paste0("K71", c(3:5, 7)),
	    "K73", "K74", paste0("K76", c(0, 2:4, 8:9)), "Z944"), 2, 1),
	diab = list(as.vector(outer(paste0("E1", 0:4), c(0, 1, 6, 8, 9),
	    paste0)), 0, 1),
	diabcc = list(as.vector(outer(paste0("E1", 0:4), c(2:5, 7), paste0)),
	    1, 2),
	hp = list(c("G041", "G114", "G801", "G802", "G81", "G82",
	    paste0("G83", c(0:4, 9))), 2, 2),
	renal = list(c("I120", "I131", paste0("N03", 2:7), paste0("N05", 2:7),
	    "N18", "N19", "N250", "Z490", "Z491", "Z492", "Z940", "Z992"), 1, 2),
	cancer = list(c(p("C", 0, 26), p("C", 30, 34), p("C", 37, 41), "C43",
	    p("C", 45, 58), p("C", 60, 76), p("C", 81, 85), "C88",
	    p("C", 90, 97)), 2, 2),
	msld = list(c("I850", "I859", "I864", "I982", "K704", "K711", "K721",
	    "K729", "K765", "K766", "K767"), 4, 3),
	mets = list(p("C", 77, 80), 6, 6),
	aids = list(c("B20", "B21", "B22", "B24"), 4, 6))
severe <- c(mld = "msld", diab = "diabcc", cancer = "mets")

# Codes to draw: in each condition, with 5-character codes as Japanese
# ICD-10 has them, and near misses that are in none (I251, not the old
# MI I252; I421; C44, skin; B23; I10) or in the milder form (E119, K700).
pool <- c("I210", "I2190", "I252", "I500", "I509", "I420", "I421", "I110",
    "I700", "I739", "K559", "I633", "I639", "G459", "H340", "F019", "G300",
    "F051", "J449", "J459", "I278", "M059", "M069", "M329", "K259", "K269",
    "B181", "K700", "K703", "K740", "K760", "K704", "K721", "I850", "E119",
    "E109", "E112", "E115", "E142", "G819", "G820", "N180", "N189", "N19",
    "I120", "C169", "C187", "C509", "C61", "C900", "C787", "C770", "C800",
    "B200", "B24", "I251", "C44", "C449", "B23", "I10", "E785", "J690",
    "K922", "N390", "R509")
# A complication (after admission) never counts: dx_complication is left
# out of the index (any_dx).
dxs <- function() paste(sample(pool, sample(0:4, 1)), collapse = ";")

orgs <- data.frame(code = c("NHO", "JOHAS"),
    name_ja = c("試験機構甲", "試験機構乙"),
    name_en = c("Test organisation A", "Test organisation B"),
    url = c("https://a.example/", "https://b.example/"))
hosps <- data.frame(id = c("N1", "N2", "N3", "J1", "J2"),
    org = c("NHO", "NHO", "NHO", "JOHAS", "JOHAS"))
hosps$name_ja <- paste0("試験病院", hosps$id)
hosps$name_en <- paste0("Test hospital ", hosps$id)
hosps$region <- "関東信越"
hosps$beds <- 300
size <- c(N1 = 110, N2 = 90, N3 = 7, J1 = 120, J2 = 80)
mid <- as.Date(c("2024-05-01", "2024-08-01", "2024-11-01", "2025-02-01"))
rows <- list()
k <- 0
for (q in 1:4) for (h in hosps$id) {
	m <- size[[h]]
	main <- sample(pool, m, replace = TRUE)
	com <- vapply(seq_len(m), function(i) dxs(), "")
	cpl <- sample(c("", "I219", "C787", "B200"), m, replace = TRUE)
	age <- sample(20:99, m, replace = TRUE)
	dis <- mid[q] + sample(-20:20, m, replace = TRUE)
	k0 <- k + seq_len(m)
	k <- k + m
	rows[[length(rows) + 1]] <- data.frame(hospital = h,
	    stay = sprintf("S%05d", k0), admission = format(dis - 5),
	    discharge = format(dis), age = age, dx_main = main,
	    dx_trigger = main, dx_resource = main, dx_comorbid = com,
	    dx_complication = cpl, q = q)
}
stays <- do.call(rbind, rows)

# The index of each stay: its diagnoses but complications.
has <- function(codes, prefixes) any(vapply(prefixes, function(x)
    any(startsWith(codes, x)), TRUE))
cci <- function(codes, col) {
	hit <- vapply(conds, function(cd) has(codes, cd[[1]]), TRUE)
	for (mild in names(severe)) if (hit[[severe[[mild]]]]) hit[[mild]] <- FALSE
	sum(vapply(names(conds), function(n) if (hit[[n]]) conds[[n]][[col]] else 0, 0))
}
codes <- lapply(seq_len(nrow(stays)), function(i)
    c(stays$dx_main[i], stays$dx_trigger[i], stays$dx_resource[i],
    if (stays$dx_comorbid[i] == "") character() else
    strsplit(stays$dx_comorbid[i], ";")[[1]]))
stays$q2011 <- vapply(codes, cci, 0, col = 2)
stays$c1987 <- vapply(codes, cci, 0, col = 3)
stays$dead <- rbinom(nrow(stays), 1, plogis(-3.2 + 0.35 * stays$q2011 +
    0.8 * (stays$age >= 75)))
stays$outcome <- ifelse(stays$dead == 1, 6, 1)
stays <- stays[order(stays$hospital, stays$stay, method = "radix"), ]
dir.create(file.path(dir, "indicators"), recursive = TRUE, showWarnings = FALSE)
write.csv(orgs, file.path(dir, "organisations.csv"), row.names = FALSE, quote = FALSE)
write.csv(hosps, file.path(dir, "hospitals.csv"), row.names = FALSE, quote = FALSE)
write.csv(stays[, c("hospital", "stay", "admission", "discharge", "age",
    "dx_main", "dx_trigger", "dx_resource", "dx_comorbid", "dx_complication",
    "outcome")], file.path(dir, "stays.csv"), row.names = FALSE, quote = FALSE)
writeLines("hospital,stay,day,code", file.path(dir, "events.csv"))

d <- stays
d$org <- hosps$org[match(d$hospital, hosps$id)]
d$old <- as.integer(d$age >= 75)
# cq_2011: Quan 2011 weights, 0..24; cc_1987: 1987 weights top-coded at 6
d$cq_2011 <- d$q2011
d$cc_1987 <- pmin(d$c1987, 6)
units <- risk_units(orgs, hosps)
out <- list()
coefs <- list()
tally <- list()
for (ind in c("cq_2011", "cc_1987")) {
	d$cci <- d[[ind]]
	fit <- glm(dead ~ cci + old, family = binomial, data = d,
	    control = glm.control(epsilon = 1e-14, maxit = 100))
	X <- model.matrix(fit)
	pr <- fitted(fit)
	se <- sqrt(diag(solve(crossprod(X, X * (pr * (1 - pr))))))
	coefs[[ind]] <- data.frame(indicator = ind,
	    term = c("(intercept)", "cci", "old"), coefficient = fmt(coef(fit)),
	    se = fmt(se))
	tab <- table(d$cci)
	tally[[ind]] <- data.frame(indicator = ind, cci = names(tab),
	    stays = as.vector(tab))
	d$p <- pr
	rate <- mean(d$dead)
	for (per in c("FY2024Q1", "FY2024Q2", "FY2024Q3", "FY2024Q4", "FY2024")) {
		s <- if (per == "FY2024") d else
		    d[d$q == as.integer(substr(per, 8, 8)), ]
		out[[length(out) + 1]] <- unit_rows(ind, per, s, units, rate,
		    level)
	}
}
write_units(out, "tests/oracle/riskcci_results.csv")
write.csv(do.call(rbind, coefs), "tests/oracle/riskcci_fit.csv",
    row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, tally), "tests/oracle/riskcci_index.csv",
    row.names = FALSE, quote = FALSE)
