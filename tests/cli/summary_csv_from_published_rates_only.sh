# SPDX-License-Identifier: GPL-3.0-or-later
# summary.csv (specs/output.md §3d) is what a reader can compute from
# results.csv alone (specs/publication.md, "Group summaries"): for each
# indicator and period and each organisation and both, the hospitals
# shown (ok), withheld (suppressed_*) and empty, and the mean, SD (n - 1),
# median and type-7 quartiles of the shown hospitals' published rates,
# recomputed here from results.csv; none shown: all empty, one: no SD.
# For a risk-adjusted indicator the rates are its adjusted rates
# (adj_rate; none from counts, which carry no risk model).
# A small sample (4 hospitals of each organisation) has groups of 0, 1
# and 2 shown hospitals.  The same results give the same bytes, and
# --history does not change the file.
. "$(dirname "$0")/lib.bash"

small_counts 4 20000
expect_status 0 "$QI" compute "${data[@]}" -o res

SRC=$SRC python3 - <<'PY' || fail "summary.csv is not what results.csv's published rates give"
import csv, glob, math, os, re

# the indicators with a risk model: their published rates are adjusted
adjusted = {os.path.basename(f)[:-5] for f in glob.glob(os.environ["SRC"] + "/indicators/*.yaml")
            if re.search(r"^risk_model:(.|\n)*^  covariates:", open(f, encoding="utf-8").read(), re.M)}

res = list(csv.DictReader(open("res/results.csv", encoding="utf-8")))
got = list(csv.DictReader(open("res/summary.csv", encoding="utf-8")))
orgs = [r["code"] for r in csv.DictReader(open("small/organisations.csv", encoding="utf-8"))]
withheld = {"suppressed_small_denominator", "suppressed_small_numerator",
            "suppressed_complementary"}

def q7(x, p):
    h = (len(x) - 1) * p
    j = math.floor(h)
    return x[j] if j + 1 >= len(x) else x[j] + (h - j) * (x[j + 1] - x[j])

def stats(x):
    x = sorted(x)
    n = len(x)
    if n == 0:
        return [None] * 5
    m = sum(x) / n
    sd = math.sqrt(sum((v - m) ** 2 for v in x) / (n - 1)) if n >= 2 else None
    med = x[n // 2] if n % 2 else (x[n // 2 - 1] + x[n // 2]) / 2
    return [m, sd, med, q7(x, 0.25), q7(x, 0.75)]

# the rows summary.csv must have, in its order
keys = []
for r in res:
    k = (r["indicator"], r["period"])
    if k not in keys:
        keys.append(k)
want = [(i, p, o) for i, p in keys for o in [""] + orgs]
have = [(r["indicator"], r["period"], r["organisation"]) for r in got]
bad = []
if have != want:
    bad.append(f"rows: {len(have)}, want {len(want)} (first difference "
               f"{next((a, b) for a, b in zip(have + [None] * len(want), want) if a != b)})")
cols = ["mean", "sd", "median", "q1", "q3"]
shown_seen = set()
for r in got:
    h = [x for x in res if x["indicator"] == r["indicator"] and x["period"] == r["period"]
         and x["scope"] == "hospital" and (r["organisation"] == "" or x["organisation"] == r["organisation"])]
    col = "adj_rate" if r["indicator"] in adjusted else "rate"
    ok = [float(x[col]) for x in h if x["status"] == "ok" and x[col] != ""]
    counts = (len(ok), sum(x["status"] in withheld for x in h), sum(x["status"] == "empty" for x in h))
    who = f'{r["indicator"]} {r["period"]} {r["organisation"] or "all"}'
    if r["scope"] != ("all" if r["organisation"] == "" else "organisation"):
        bad.append(f"{who}: scope {r['scope']}")
    if (int(r["shown"]), int(r["withheld"]), int(r["empty"])) != counts:
        bad.append(f"{who}: shown/withheld/empty {r['shown']}/{r['withheld']}/{r['empty']}, want {counts}")
    shown_seen.add(min(len(ok), 3))
    for c, v in zip(cols, stats(ok)):
        if v is None:
            if r[c] != "":
                bad.append(f"{who}: {c} {r[c]!r}, want empty")
        elif r[c] == "" or abs(float(r[c]) - v) > 1e-9 * abs(v) + 1e-14:
            bad.append(f"{who}: {c} {r[c]!r}, want {v!r}")
if shown_seen != {0, 1, 2, 3}:
    bad.append(f"the sample has groups of {sorted(shown_seen)} shown hospitals, want 0, 1, 2 and more")
if "hf_mortality" not in adjusted:
    bad.append(f"risk-adjusted indicators: {sorted(adjusted)}")
for b in bad[:20]:
    print(b)
print(f"{len(got)} summaries checked against results.csv, {len(bad)} wrong")
raise SystemExit(1 if bad else 0)
PY

# the same bytes again, and with an earlier run as history
expect_status 0 "$QI" compute "${data[@]}" -o again
cmp -s res/summary.csv again/summary.csv || fail "summary.csv differs between two runs"
cp res/results.csv earlier.csv
expect_status 0 "$QI" compute "${data[@]}" -o hist --history earlier.csv
cmp -s res/summary.csv hist/summary.csv || fail "--history changed summary.csv"
echo "summary.csv from published rates only: ok"
