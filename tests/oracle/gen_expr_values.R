# SPDX-License-Identifier: GPL-3.0-or-later
# gen_expr_values.R -- an independent evaluation of expressions of the
# definition language (specs/expressions.md) in base R, for
# tests/unit/test_expr.c.
#
# Writes, next to this script:
#   expr_stays.csv   300 random stays (some values missing)
#   expr_events.csv  their events, sorted by stay and day
#   expr_exprs.txt   the expressions, one a line (EXPRS below)
#   expr_values.csv  stay, expr (1-based line of expr_exprs.txt), value
#                    ("NA" = null; bools as 0/1)
# R's & and | on NA are Kleene's three-valued logic, as the language's,
# and R's TRUE + 1 is 2, as a bool in the language's arithmetic;
# everything else (prefix matching, windows, null bounds) is written out
# here from the spec, not from the C code.
#
# Run: Rscript tests/oracle/gen_expr_values.R   (R 4.2, base only)

set.seed(20261125)
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "",
    args[grep("^--file=", args)])))

EXPRS <- c(
  "dx_resource in stroke and onset_days <= 3",
  "outcome in (6, 7) and los <= 3",
  "any(rehab, 0, 3)",
  "count(rehab, 1, los)",
  "qty(rehab)",
  "first_day(abx)",
  "last_day(rehab, null, 5)",
  "days_with(rehab, 2)",
  "any(abx, first_day(rehab) - 2, first_day(rehab) - 1)",
  "coalesce(killip, 4) >= 3 or emergency",
  "not (age >= 75) or missing(killip)",
  "any_dx(diabetes)",
  "days_between(prev_discharge, admission) <= 30 and emergency == 1",
  "dx_comorbid in diabetes",
  "age / (killip - 2)",
  "not emergency and (onset_days > 1 or dx_main in stroke)",
  "days_with(rehab, 1.5, 1, los)",
  "(age >= 75) + emergency + (killip >= 3) + any(rehab, 0, 3)",
  "if(age >= 75, los, onset_days)",
  "if(emergency, 2, 0) + coalesce(killip >= 3, false) >= 2",
  "every(o in surgery, run_end(abx, o - 1, o) <= o + 2)",
  "count_each(o in surgery, run_end(abx, o - 1, o) <= o + 2)",
  "some(o in surgery, run_length(abx, o) >= 3)",
  "every(o in surgery, not any(abx, o + 3, los))",
  "run_start(abx, first_day(surgery))",
  "run_end(rehab, 0, los)",
  "run_length(abx, last_day(surgery) - 1, last_day(surgery) + 1)",
  "count_each(o in surgery, some(a in abx, a > o and a <= o + 2))",
  "every(o in surgery, o <= killip)",
  "some(o in surgery, o > onset_days)",
  "count_each(o in abx, run_start(abx, o) == o)",
  "every(o in rehab, o >= 0 and o <= los)"
)

# Code lists: exact codes and prefixes (written with a trailing '*').
LISTS <- list(
  stroke = c("I63*", "I61"),
  rehab = c("H001", "H0011*"),
  abx = c("6132*"),
  surgery = c("L008"),
  diabetes = c("E11*", "E14*")
)

in_list <- function(code, list) {
  # one code (or NA / "") against one list; NA if the code is missing
  if (is.na(code) || code == "") return(NA)
  for (e in LISTS[[list]]) {
    if (endsWith(e, "*")) {
      if (startsWith(code, substr(e, 1, nchar(e) - 1))) return(TRUE)
    } else if (code == e) return(TRUE)
  }
  FALSE
}

n <- 300
maybe <- function(x, p) { x[runif(length(x)) < p] <- NA; x }
adm <- as.Date("2024-04-01") + sample(0:365, n, replace = TRUE)
los <- sample(0:30, n, replace = TRUE)
dx <- c("I630", "I639", "I61", "I6", "I610", "I64", "E119", "J690", "C189")
como <- c("E119", "E142", "N184", "I10", "E1", "")
stays <- data.frame(
  stay = sprintf("s%03d", 1:n),
  admission = format(adm),
  discharge = format(maybe(adm + los, 0.05)),
  age = maybe(sample(20:99, n, replace = TRUE), 0.1),
  emergency = maybe(sample(0:1, n, replace = TRUE), 0.1),
  killip = maybe(sample(1:4, n, replace = TRUE), 0.4),
  onset_days = maybe(sample(0:8, n, replace = TRUE), 0.2),
  outcome = maybe(sample(c(1, 3, 4, 5, 6, 7, 9), n, replace = TRUE), 0.05),
  dx_main = maybe(sample(dx, n, replace = TRUE), 0.1),
  dx_resource = maybe(sample(dx, n, replace = TRUE), 0.1),
  dx_comorbid = sapply(1:n, function(i) {
    k <- sample(0:3, 1)
    paste(setdiff(sample(como, k), ""), collapse = ";")
  }),
  prev_discharge = format(maybe(adm - sample(1:90, n, replace = TRUE), 0.5)),
  stringsAsFactors = FALSE
)
stays$discharge[is.na(stays$discharge)] <- ""
stays$prev_discharge[is.na(stays$prev_discharge)] <- ""
stays$dx_main[is.na(stays$dx_main)] <- ""
stays$dx_resource[is.na(stays$dx_resource)] <- ""

codes <- c("H001", "H0011", "H00112", "H00", "613210", "613299", "6132",
    "613", "L008")
ev <- do.call(rbind, lapply(1:n, function(i) {
  k <- sample(0:12, 1)
  if (k == 0) return(NULL)
  data.frame(stay = stays$stay[i],
             day = sort(sample(-1:(los[i] + 1), k, replace = TRUE)),
             code = sample(codes, k, replace = TRUE),
             qty = sample(c(1, 2, 0.5), k, replace = TRUE),
             stringsAsFactors = FALSE)
}))

# Operations (L008) on the admission day, the discharge day or between,
# each with a course of antibiotics (613210) of 0 to 4 consecutive days
# from two days before to one day after it, a day of it sometimes given
# twice: runs that begin before the operation's window, touch its ends,
# and repeat a day.
pick <- function(x) x[sample.int(length(x), 1)]
extra <- do.call(rbind, lapply(1:n, function(i) {
  if (runif(1) < 0.4) return(NULL)
  ops <- unique(sample(c(0, los[i], pick(0:los[i])), sample(1:2, 1)))
  do.call(rbind, lapply(ops, function(o) {
    len <- sample(0:4, 1)
    days <- if (len == 0) numeric(0) else o + sample(-2:1, 1) + 0:(len - 1)
    if (len > 0 && runif(1) < 0.3) days <- c(days, pick(days))
    data.frame(stay = stays$stay[i], day = c(o, days),
               code = c("L008", rep("613210", length(days))),
               qty = 1, stringsAsFactors = FALSE)
  }))
}))
ev <- rbind(ev, extra)
ev <- ev[order(ev$stay, ev$day), ]

num <- function(s) if (is.na(s) || s == "") NA_real_ else as.numeric(s)
date <- function(s) if (s == "") NA_real_ else as.numeric(as.Date(s))

# The events of one stay in list `list` and window [from, to] (NA = open).
evsel <- function(e, list, from = NA, to = NA) {
  if (is.na(from)) from <- -Inf
  if (is.na(to)) to <- Inf
  if (nrow(e) == 0) return(e)
  m <- sapply(e$code, function(c) isTRUE(in_list(c, list)))
  e[m & e$day >= from & e$day <= to, , drop = FALSE]
}
first_day <- function(e, l, f = NA, t = NA) {
  s <- evsel(e, l, f, t); if (nrow(s) == 0) NA else min(s$day)
}
last_day <- function(e, l, f = NA, t = NA) {
  s <- evsel(e, l, f, t); if (nrow(s) == 0) NA else max(s$day)
}
nin <- function(x, set) if (is.na(x)) NA else x %in% set
coalesce <- function(a, b) if (is.na(a)) b else a
# The run of consecutive event days of `list` holding the first event
# day in [from, to]: c(start, end), or NULL (also for a null bound).
run_of <- function(e, list, from, to = from) {
  if (is.na(from) || is.na(to)) return(NULL)
  d <- unique(evsel(e, list)$day)
  a <- sort(d[d >= from & d <= to])
  if (length(a) == 0) return(NULL)
  s <- a[1]; while ((s - 1) %in% d) s <- s - 1
  t <- a[1]; while ((t + 1) %in% d) t <- t + 1
  c(s, t)
}
run_start <- function(...) { r <- run_of(...); if (is.null(r)) NA else r[1] }
run_end <- function(...) { r <- run_of(...); if (is.null(r)) NA else r[2] }
run_length <- function(...) {
  r <- run_of(...); if (is.null(r)) NA else r[2] - r[1] + 1
}
# f(day) for each distinct event day of `list`: R's all() and any() are
# Kleene's and / or over them (all(logical(0)) is TRUE, any() FALSE).
each_day <- function(e, list, f)
  vapply(sort(unique(evsel(e, list)$day)), function(d) as.logical(f(d)), NA)
q_every <- function(e, list, f) all(each_day(e, list, f))
q_some <- function(e, list, f) any(each_day(e, list, f))
q_count <- function(e, list, f) sum(each_day(e, list, f) %in% TRUE)
codes_in <- function(s, list) {
  cs <- if (s == "") character(0) else strsplit(s, ";")[[1]]
  any(vapply(cs, function(c) isTRUE(in_list(c, list)), TRUE))
}

values <- function(st, e) {
  adm <- date(st$admission); dis <- date(st$discharge)
  los <- dis - adm
  age <- num(st$age); em <- num(st$emergency); kil <- num(st$killip)
  ons <- num(st$onset_days); out <- num(st$outcome)
  prev <- date(st$prev_discharge)
  fr <- first_day(e, "rehab")
  div <- if (is.na(kil) || is.na(age)) NA else
    if (kil - 2 == 0) NA else age / (kil - 2)
  list(
    in_list(st$dx_resource, "stroke") & ons <= 3,
    nin(out, c(6, 7)) & los <= 3,
    nrow(evsel(e, "rehab", 0, 3)) > 0,
    nrow(evsel(e, "rehab", 1, los)),
    sum(evsel(e, "rehab")$qty),
    first_day(e, "abx"),
    last_day(e, "rehab", NA, 5),
    # days_with: a day counts when its events' quantities add up to N
    { s <- evsel(e, "rehab"); sum(tapply(s$qty, s$day, sum) >= 2) },
    nrow(evsel(e, "abx", fr - 2, fr - 1)) > 0,
    coalesce(kil, 4) >= 3 | em == 1,
    !(age >= 75) | is.na(kil),
    isTRUE(in_list(st$dx_main, "diabetes")) ||
      isTRUE(in_list(st$dx_resource, "diabetes")) ||
      codes_in(st$dx_comorbid, "diabetes"),
    (adm - prev) <= 30 & em == 1,
    codes_in(st$dx_comorbid, "diabetes"),
    div,
    !(em == 1) & (ons > 1 | in_list(st$dx_main, "stroke")),
    { s <- evsel(e, "rehab", 1, los); sum(tapply(s$qty, s$day, sum) >= 1.5) },
    # a score: true counts 1, false 0, a null term makes it null
    (age >= 75) + (em == 1) + (kil >= 3) + (nrow(evsel(e, "rehab", 0, 3)) > 0),
    # if(): null condition gives null, else the branch chosen
    if (is.na(age >= 75)) NA else if (age >= 75) los else ons,
    (if (is.na(em)) NA else if (em == 1) 2 else 0) + coalesce(kil >= 3, FALSE) >= 2,
    q_every(e, "surgery", function(o) run_end(e, "abx", o - 1, o) <= o + 2),
    q_count(e, "surgery", function(o) run_end(e, "abx", o - 1, o) <= o + 2),
    q_some(e, "surgery", function(o) run_length(e, "abx", o) >= 3),
    q_every(e, "surgery", function(o) !(nrow(evsel(e, "abx", o + 3, los)) > 0)),
    run_start(e, "abx", first_day(e, "surgery")),
    run_end(e, "rehab", 0, los),
    { l <- last_day(e, "surgery"); run_length(e, "abx", l - 1, l + 1) },
    q_count(e, "surgery", function(o)
      q_some(e, "abx", function(a) a > o & a <= o + 2)),
    q_every(e, "surgery", function(o) o <= kil),
    q_some(e, "surgery", function(o) o > ons),
    q_count(e, "abx", function(o) run_start(e, "abx", o) == o),
    q_every(e, "rehab", function(o) o >= 0 & o <= los)
  )
}

rows <- list()
for (i in 1:n) {
  e <- ev[!is.null(ev) & ev$stay == stays$stay[i], , drop = FALSE]
  v <- values(stays[i, ], e)
  stopifnot(length(v) == length(EXPRS))
  for (k in seq_along(v)) {
    x <- as.numeric(v[[k]])
    rows[[length(rows) + 1]] <- data.frame(stay = stays$stay[i], expr = k,
        value = if (is.na(x)) "NA" else format(x, digits = 17))
  }
}
out <- do.call(rbind, rows)

write.csv(stays, file.path(here, "expr_stays.csv"), row.names = FALSE,
    quote = FALSE, na = "")
write.csv(ev, file.path(here, "expr_events.csv"), row.names = FALSE,
    quote = FALSE)
write.csv(out, file.path(here, "expr_values.csv"), row.names = FALSE,
    quote = FALSE)
writeLines(EXPRS, file.path(here, "expr_exprs.txt"))
cat(sprintf("%d stays, %d events, %d values\n", n, nrow(ev), nrow(out)))
