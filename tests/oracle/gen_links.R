# SPDX-License-Identifier: GPL-3.0-or-later
# gen_links.R -- an independent computation in base R of what the
# definitions of links/indicators/ count when they read the patient's
# next stay (specs/definitions.md, "Patients across stays"), for
# tests/cli/links_match_r_oracle.sh.
#
# Writes, under links/ next to this script:
#   organisations.csv, hospitals.csv   three hospitals
#   stays.csv    random stays of random patients, sorted by (hospital,
#                stay) in byte order, stay ids unrelated to dates; some
#                stays without a patient, overlapping stays, discharges
#                and readmissions on one day, missing emergency flags
#   events.csv   the header only
#   expected.csv hospital,indicator,period,denominator,numerator,excluded
#                (the tallies qi compute --tallies-only must write; a mean
#                also its sum of squares as sumsq)
# The rules are written out here from the spec, not from the C code:
# the next stay is the first of the same patient's stays in the same
# hospital admitted on or after this stay's discharge day (itself left
# out), in (admission, discharge, stay id) order; the follow-up end is
# the last day of the fiscal quarter of the hospital's last discharge.
#
# Run: Rscript tests/oracle/gen_links.R   (R 4.2, base only)

set.seed(20261207)
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "",
    args[grep("^--file=", args)])))
out <- file.path(here, "links")

hosp <- c("N001", "N002", "R001")
org <- c("NHO", "NHO", "JOHAS")
day0 <- as.Date("2023-10-01")
rows <- list()
k <- 0
for (h in hosp) {
  # N002's data end a quarter early
  span <- if (h == "N002") 270 else 360
  for (p in 1:70) {
    n <- sample(1:5, 1, prob = c(.35, .3, .15, .1, .1))
    adm <- day0 + sort(sample(0:span, n, replace = TRUE))
    pid <- if (p %% 17 == 0) "" else sprintf("P%03d", p)
    for (i in seq_len(n)) {
      los <- sample(c(0, 0:20), 1)
      a <- adm[i]
      # a readmission on the discharge day, now and then
      if (i > 1 && runif(1) < .15) a <- rows[[k]]$dis
      k <- k + 1
      rows[[k]] <- list(hospital = h, patient = pid, adm = a,
          dis = a + los,
          emergency = sample(c("0", "1", ""), 1, prob = c(.45, .45, .1)),
          outcome = sample(c(1, 1, 1, 6, 5), 1),
          dx_main = sample(c("I500", "I509", "J189", "J690", ""), 1),
          dx_trigger = sample(c("I500", "J189", ""), 1),
          dx_resource = sample(c("I500", "I509", "J189", "S7200", ""), 1))
    }
  }
}
st <- do.call(rbind, lapply(rows, as.data.frame, stringsAsFactors = FALSE))
st$adm <- as.Date(st$adm, origin = "1970-01-01")
st$dis <- as.Date(st$dis, origin = "1970-01-01")
# stay ids in no date order; unique within a hospital
st$stay <- sprintf("%s%05d", sample(c("s", "S", "x"), nrow(st), TRUE),
    sample(99999, nrow(st)))
st <- st[order(st$hospital, st$stay, method = "radix"), ]

# The next stay.
st$next_adm <- as.Date(NA)
st$next_em <- NA
st$next_main <- st$next_trig <- st$next_res <- ""
for (i in seq_len(nrow(st))) {
  if (st$patient[i] == "") next
  c <- which(st$hospital == st$hospital[i] & st$patient == st$patient[i] &
      st$adm >= st$dis[i] & seq_len(nrow(st)) != i)
  if (length(c) == 0) next
  c <- c[order(as.numeric(st$adm[c]), as.numeric(st$dis[c]), st$stay[c],
      method = "radix")][1]
  st$next_adm[i] <- st$adm[c]
  st$next_em[i] <- if (st$emergency[c] == "") NA else st$emergency[c] == "1"
  st$next_main[i] <- st$dx_main[c]
  st$next_trig[i] <- st$dx_trigger[c]
  st$next_res[i] <- st$dx_resource[c]
}
fq <- function(d) {
  y <- as.integer(format(d, "%Y")); m <- as.integer(format(d, "%m"))
  fy <- ifelse(m >= 4, y, y - 1); q <- ifelse(m >= 4, (m - 4) %/% 3 + 1, 4)
  sprintf("FY%dQ%d", fy, q)
}
qend <- function(d) {
  y <- as.integer(format(d, "%Y")); m <- as.integer(format(d, "%m"))
  em <- ((m - 1) %/% 3) * 3 + 3          # 3, 6, 9, 12: a quarter's last month
  as.Date(sprintf("%d-%02d-01", ifelse(em == 12, y + 1, y),
      ifelse(em == 12, 1, em + 1))) - 1
}
last <- tapply(as.numeric(st$dis), st$hospital, max)
st$fu_end <- qend(as.Date(last[st$hospital], origin = "1970-01-01"))
st$period <- fq(st$dis)

hf <- function(code) ifelse(code == "", NA, startsWith(code, "I50"))
gap <- as.numeric(st$next_adm - st$dis)
emerg <- st$emergency
rules <- list(
  readm_any = list(
    den = rep(TRUE, nrow(st)),
    excl = list(st$outcome %in% c(6, 7),
        as.numeric(st$fu_end - st$dis) < 30),
    num = st$next_em & gap <= 30),
  readm_hf_same = list(
    den = hf(st$dx_resource),
    excl = list(),
    num = hf(st$next_res) & gap <= 42),
  next_gap = list(
    den = !is.na(st$next_adm) & (hf(st$next_trig) | st$next_adm > st$dis |
        ifelse(st$next_main == "", NA, st$next_main == "J189")),
    excl = list(),
    value = gap))
res <- NULL
for (id in names(rules)) {
  r <- rules[[id]]
  inden <- !is.na(r$den) & r$den
  taken <- rep(FALSE, nrow(st))
  ex <- matrix(0L, nrow(st), max(1, length(r$excl)))
  for (e in seq_along(r$excl)) {
    hit <- inden & !taken & !is.na(r$excl[[e]]) & r$excl[[e]]
    ex[hit, e] <- 1L
    taken <- taken | hit
  }
  counted <- inden & !taken
  if (is.null(r$value)) {
    v <- ifelse(counted & !is.na(r$num) & r$num, 1, 0)
  } else {
    v <- ifelse(counted & !is.na(r$value), r$value, 0)
  }
  for (g in unique(paste(st$hospital[inden], st$period[inden]))) {
    s <- inden & paste(st$hospital, st$period) == g
    c <- s & counted
    res <- rbind(res, data.frame(hospital = sub(" .*", "", g),
        indicator = id, period = sub(".* ", "", g),
        denominator = sum(c), numerator = sum(v[c]),
        sumsq = if (is.null(r$value)) "0" else format(sum(v[c]^2)),
        excluded = if (length(r$excl)) paste(colSums(ex[s, , drop = FALSE]),
            collapse = ";") else "",
        stringsAsFactors = FALSE))
  }
}
res <- res[order(res$indicator, res$period, res$hospital, method = "radix"), ]

dir.create(out, showWarnings = FALSE)
writeLines(c("code,name_ja,name_en,url",
    "NHO,国立病院機構,National Hospital Organization,https://www.hosp.go.jp/quality-indicators/",
    "JOHAS,労働者健康安全機構,Japan Organization of Occupational Health and Safety,https://www.johas.go.jp/quality-indicators/"),
    file.path(out, "organisations.csv"))
writeLines(c("id,org,name_ja,name_en,region,beds,facility_code",
    sprintf("%s,%s,架空病院%d,Fictional Hospital %d,関東信越,300,", hosp, org,
        1:3, 1:3)), file.path(out, "hospitals.csv"))
write.csv(data.frame(hospital = st$hospital, stay = st$stay,
    patient = st$patient, admission = format(st$adm),
    discharge = format(st$dis), emergency = st$emergency,
    outcome = st$outcome, dx_main = st$dx_main, dx_trigger = st$dx_trigger,
    dx_resource = st$dx_resource), file.path(out, "stays.csv"),
    row.names = FALSE, quote = FALSE)
writeLines("hospital,stay,day,kind,code", file.path(out, "events.csv"))
write.csv(res, file.path(out, "expected.csv"), row.names = FALSE,
    quote = FALSE)
