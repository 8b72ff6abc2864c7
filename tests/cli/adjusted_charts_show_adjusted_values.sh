# SPDX-License-Identifier: GPL-3.0-or-later
# A risk-adjusted indicator is drawn and tabled risk-adjusted, never as
# crude rates under its adjusted title (specs/charts.md, "Risk-adjusted
# indicators"; specs/publication.md §6): every value its charts plot is
# read back from the SVGs (the pointer tips, the value labels) and the
# site's tables from the pages, and compared, to the digits shown, with
# results.csv -- hf_mortality's adj_rate (caterpillar, comparison, trend,
# profile, tables), ratio and expected (funnel, tables); no SPC chart of
# crude proportions is drawn for it.  Indicators without a risk model
# still show their crude rates.
. "$(dirname "$0")/lib.bash"
. "$SRC/tests/cli/publish_sample.bash"

# 40 + 20 hospitals: the risk model fits in every quarter and year
publish_sample s 40 20
cp "$SRC/indicators/hf_mortality.yaml" s/indicators/
P=(-i s/indicators -d s/data -o res)
expect_status 0 "$QI" run "${P[@]}" --format svg --charts all --quiet
cp err run.err
expect_status 0 "$QI" publish "${P[@]}" --format svg,png --quiet

PYTHONPATH="$SRC/tests/cli" python3 - <<'PY' || fail "a chart or table does not show what it should"
import csv, glob, html, json, os, re, sys

bad = []
rows = list(csv.DictReader(open("res/results.csv", encoding="utf-8")))
orgs = list(csv.DictReader(open("s/data/organisations.csv", encoding="utf-8")))
short = {o["code"]: o["name_ja"].replace("独立行政法人", "", 1) for o in orgs}
colour = {"#0072b2": orgs[0]["code"], "#d55e00": orgs[1]["code"]}
MULT = {"percent": 100, "per_mille": 1000, "proportion": 1}
DEC = {"percent": 1, "per_mille": 1, "proportion": 3}
ADJUSTED = {"hf_mortality"}

def find(ind, period, scope, org="", hosp=""):
    for r in rows:
        if (r["indicator"], r["period"], r["scope"]) == (ind, period, scope) and \
                (scope != "organisation" or r["organisation"] == org) and r["hospital"] == hosp:
            return r
    return None

def value(r, part=""):
    """What a chart or table must show of r, display units: adjusted or crude."""
    cols = ("adj_rate", "adj_lower", "adj_upper") if r["indicator"] in ADJUSTED else \
        ("rate", "lower", "upper")
    col = cols[("", "lo", "hi").index(part)]
    if r["status"] != "ok" or r[col] == "":
        return None
    return float(r[col]) * MULT[r["unit"]]

def shown(r, part=""):
    v = value(r, part)
    return None if v is None else f"{v:.{DEC[r['unit']]}f}"

def same(text, r, part=""):
    """text is r's value to the decimals shown (a tie may round either way)."""
    v = value(r, part)
    return v is not None and abs(float(text) - v) <= 10 ** -DEC[r["unit"]] / 2 + 1e-9

def texts(path):
    """(fill, text) of every <text> of an SVG."""
    svg = open(path, encoding="utf-8").read()
    return [(f, html.unescape(t)) for f, t in
            re.findall(r'<text[^>]*fill="([^"]*)"[^>]*>([^<]*)</text>', svg)]

def tips(path):
    svg = open(path, encoding="utf-8").read()
    return [html.unescape(t) for t in re.findall(r"<rect[^>]*><title>([^<]*)</title>", svg)]

by_name = {}
for r in rows:
    if r["scope"] == "hospital":
        by_name[r["hospital_name"]] = r["hospital"]
seen = {}
def saw(what):
    seen[what] = seen.get(what, 0) + 1

for ind, axis in (("hf_mortality", "リスク調整率（%）"), ("stroke_early_rehab", "率（%）"),
                  ("falls_rate", "率（‰）")):
    years = sorted({r["period"] for r in rows if r["indicator"] == ind and "Q" not in r["period"]})
    quarters = sorted({r["period"] for r in rows if r["indicator"] == ind and "Q" in r["period"]})
    for fy in years:
        # caterpillar: a tip per hospital row, the pooled lines' labels
        path = f"res/charts/{ind}_{fy}.svg"
        want = {r["hospital"] for r in rows if r["indicator"] == ind and r["period"] == fy
                and r["scope"] == "hospital" and shown(r) is not None}
        got = set()
        for t in tips(path):
            m = re.fullmatch(r"(.*)（.*）\n(.*) ([0-9.]+)（95% 信頼区間 ([0-9.]+)–([0-9.]+)）", t)
            if m is None:
                bad.append(f"{path}: tip {t!r}")
                continue
            h = by_name[m.group(1)]
            r = find(ind, fy, "hospital", hosp=h)
            got.add(h)
            if m.group(2) != axis:
                bad.append(f"{path}: {h} tip says {m.group(2)}, not {axis}")
            for part, v in (("", m.group(3)), ("lo", m.group(4)), ("hi", m.group(5))):
                if not same(v, r, part):
                    bad.append(f"{path}: {h} {part or 'value'} {v}, results.csv {shown(r, part)}")
            saw(f"{ind} caterpillar")
        if got != want:
            bad.append(f"{path}: rows {sorted(got ^ want)} differ from the published")
        for o in orgs:
            r = find(ind, fy, "organisation", o["code"])
            lab = [t for f, t in texts(path) if t.startswith(short[o["code"]] + " ")]
            if shown(r) is None:
                if lab:
                    bad.append(f"{path}: a line for {o['code']} without a shown value")
                continue
            if len(lab) != 1 or not same(lab[0].split(" ")[1].rstrip("%‰"), r):
                bad.append(f"{path}: {o['code']} line {lab}, results.csv {shown(r)}")
            saw(f"{ind} pooled lines")
        # funnel: O/E against expected events for the adjusted indicator
        path = f"res/charts/{ind}_{fy}_funnel.svg"
        if ind == "hf_mortality":
            for t in tips(path):
                m = re.fullmatch(r"(.*)\n実測 / 予測 ([0-9.]+)、予測件数 ([0-9.]+)", t)
                if m is None:
                    bad.append(f"{path}: tip {t!r}")
                    continue
                r = find(ind, fy, "hospital", hosp=by_name[m.group(1)])
                if m.group(2) != f"{float(r['ratio']):.2f}" or \
                        m.group(3) != f"{float(r['expected']):.1f}":
                    bad.append(f"{path}: {r['hospital']} {m.group(2)} at {m.group(3)}, "
                               f"results.csv {r['ratio']} at {r['expected']}")
                saw("funnel O/E")
    # comparison: each value label (in its organisation's colour) is that
    # organisation's shown value in one of the fiscal years
    path = f"res/charts/{ind}_compare.svg"
    t = texts(path)
    if not any(x == axis for f, x in t):
        bad.append(f"{path}: no axis title {axis}")
    for f, x in t:
        if f in colour and re.fullmatch(r"[0-9.]+", x):
            rs = [find(ind, fy, "organisation", colour[f]) for fy in years]
            if not any(same(x, r) for r in rs):
                bad.append(f"{path}: {colour[f]} label {x}, results.csv {[shown(r) for r in rs]}")
            saw(f"{ind} compare")
    # trend: each organisation's end label is its last shown quarter
    path = f"res/charts/{ind}_trend.svg"
    t = texts(path)
    if not any(x == axis for f, x in t):
        bad.append(f"{path}: no axis title {axis}")
    for o in orgs:
        last = [r for r in (find(ind, q, "organisation", o["code"]) for q in quarters)
                if r is not None and shown(r) is not None][-1]
        lab = [x for f, x in t if x.startswith(short[o["code"]] + " ")]
        if len(lab) != 1 or not same(lab[0].split(" ")[1], last):
            bad.append(f"{path}: {o['code']} end label {lab}, results.csv {shown(last)}")
        saw(f"{ind} trend")
    # SPC: none of crude proportions for the adjusted indicator
    spc = glob.glob(f"res/charts/{ind}_*_spc.svg")
    if (ind in ADJUSTED) != (not spc):
        bad.append(f"{ind}: {len(spc)} SPC charts")

# profiles: each indicator's row "hospital / own organisation"
title = {"hf_mortality": "心不全患者の院内死亡率（リスク調整）"}
for path in sorted(glob.glob("res/charts/*_profile.svg")):
    h, fy = os.path.basename(path).split("_")[:2]
    t = [x for f, x in texts(path)]
    for ind in ("hf_mortality",):
        if title[ind] not in t:
            continue
        r = find(ind, fy, "hospital", hosp=h)
        pool = find(ind, fy, "organisation", r["organisation"])
        v = t[t.index(title[ind]) + 1]
        m = re.fullmatch(r"([0-9.]+)% / ([0-9.]+)%（リスク調整）", v)
        if shown(r) is None:
            continue
        if m is None or not same(m.group(1), r) or not same(m.group(2), pool):
            bad.append(f"{path}: {v!r}, results.csv {shown(r)} / {shown(pool)}")
        saw("profile")

# the sites' tables
from pages import cells

def ci(lo, hi, dec):
    return f"{float(lo):.{dec}f}–{float(hi):.{dec}f}"

fits = {m["period"]: m for m in json.load(open("res/results.json"))["manifest"]["risk_models"]}
for org in (o["code"] for o in orgs):
    page = open(f"res/site/{org}/indicators/hf_mortality.html", encoding="utf-8").read()
    for r in rows:
        if r["indicator"] != "hf_mortality" or "Q" in r["period"] or r["status"] != "ok":
            continue
        if r["scope"] == "hospital" and r["organisation"] == org:
            c = cells(page, f"{r['period']}-{r['hospital']}")[1:]
        elif r["scope"] == "organisation":
            c = cells(page, f"{r['period']}-org-{r['organisation']}")[3:]
        else:
            continue
        want = [f"{int(r['numerator']):,}", f"{int(r['denominator']):,}",
                f"{float(r['expected']):.1f}", f"{float(r['ratio']):.2f}",
                ci(r["ratio_lower"], r["ratio_upper"], 2), shown(r),
                ci(float(r["adj_lower"]) * 100, float(r["adj_upper"]) * 100, 1), "公表"]
        if c[:2] + c[3:] != want[:2] + want[3:] or c[2] not in (want[2], want[2].replace(".0", "")):
            bad.append(f"{org} hf_mortality {r['period']} {r['scope']} {r['hospital']}: {c}, want {want}")
        saw("indicator tables")
    for fy, m in fits.items():
        if "Q" not in fy and f"{fy[2:]}年度 {m['c_statistic']:.3f}" not in page:
            bad.append(f"{org}: no c-statistic of {fy} ({m['c_statistic']:.3f}) in the method notes")
    head = open(f"res/site/{org}/data/hf_mortality.csv", encoding="utf-8-sig").readline()
    for col in ("expected", "ratio", "ratio_lower", "ratio_upper", "adj_rate", "adj_lower", "adj_upper"):
        if col not in head.strip().split(","):
            bad.append(f"{org}: data/hf_mortality.csv has no {col}")
    for r in rows:
        if r["indicator"] != "hf_mortality" or "Q" in r["period"] or r["scope"] != "hospital" \
                or r["organisation"] != org or shown(r) is None:
            continue
        p = open(f"res/site/{org}/hospitals/{r['hospital']}.html", encoding="utf-8").read()
        c = cells(p, f"{r['period']}-hf_mortality")
        pool = find("hf_mortality", r["period"], "organisation", org)
        if c is None or c[5] != shown(r) or not c[8 + [o["code"] for o in orgs].index(org)] \
                .startswith(shown(pool) + "%") or "リスク調整率" not in c[0]:
            bad.append(f"{org} hospital page {r['hospital']} {r['period']}: {c}")
        saw("hospital pages")
# the group summaries: of the adjusted rates
for s in csv.DictReader(open("res/summary.csv", encoding="utf-8")):
    if s["indicator"] != "hf_mortality" or s["mean"] == "":
        continue
    v = [float(r["adj_rate"]) for r in rows if r["indicator"] == "hf_mortality"
         and r["period"] == s["period"] and r["scope"] == "hospital" and r["status"] == "ok"
         and (s["scope"] == "all" or r["organisation"] == s["organisation"])]
    if len(v) != int(s["shown"]) or abs(sum(v) / len(v) - float(s["mean"])) > 1e-12:
        bad.append(f"summary.csv {s['period']} {s['organisation']}: mean {s['mean']} of {s['shown']}")
    saw("summary")

for what in ("hf_mortality caterpillar", "hf_mortality pooled lines", "funnel O/E",
             "hf_mortality compare", "hf_mortality trend", "profile", "stroke_early_rehab caterpillar",
             "stroke_early_rehab compare", "falls_rate caterpillar", "indicator tables",
             "hospital pages", "summary"):
    if seen.get(what, 0) == 0:
        bad.append(f"nothing seen of {what}")
for b in bad[:25]:
    print(b, file=sys.stderr)
print(f"{len(bad)} problems; seen {seen}", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
expect_in run.err "no SPC charts for 1 risk-adjusted indicator (hf_mortality)"
echo "risk-adjusted charts and tables: ok"
