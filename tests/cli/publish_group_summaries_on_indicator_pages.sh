# SPDX-License-Identifier: GPL-3.0-or-later
# Each organisation's indicator page shows, for each fiscal year, the
# group summaries of summary.csv (specs/publication.md, "Group
# summaries"): a row for its own organisation first, then the other, then
# both together, with the hospitals shown and withheld and the mean, SD,
# median and quartiles of the published rates in the indicator's display
# unit (percent, per mille), "—" where summary.csv is empty; in Japanese
# and English.  qi run's summary.csv is the one the pages show.
. "$(dirname "$0")/lib.bash"
. "$SRC/tests/cli/publish_sample.bash"

publish_small --format svg
[ -s res/summary.csv ] || fail "qi run wrote no summary.csv"
head -1 res/summary.csv | grep -qx 'indicator,version,period,scope,organisation,shown,withheld,empty,mean,sd,median,q1,q3' ||
	fail "summary.csv header: $(head -1 res/summary.csv)"

PYTHONPATH="$SRC/tests/cli" python3 - <<'PY' || fail "the pages' group summaries are not summary.csv's"
import csv, html, re

rows = list(csv.DictReader(open("res/summary.csv", encoding="utf-8")))
units = {}
for r in csv.DictReader(open("res/results.csv", encoding="utf-8")):
    units[r["indicator"]] = r["unit"]
orgs = [r["code"] for r in csv.DictReader(open("s/data/organisations.csv", encoding="utf-8"))]
mult = {"percent": 100.0, "per_mille": 1000.0, "proportion": 1.0}
dec = {"percent": 1, "per_mille": 1, "proportion": 3}

from pages import cells

def same(cell, v, unit):
    """The page's cell shows v (summary.csv, a proportion) in the unit."""
    if v == "":
        return cell == "—"
    if not re.fullmatch(r"-?[0-9]+\.[0-9]{%d}" % dec[unit], cell):
        return False
    # summary.csv has 15 digits: allow the last displayed digit's rounding
    return abs(float(cell) - float(v) * mult[unit]) <= 0.5 * 10 ** -dec[unit] + 1e-9

bad, seen = [], 0
for org in orgs:
    for lang, both in (("", "両機構の計"), ("en/", "All organisations")):
        for ind in sorted({r["indicator"] for r in rows}):
            page = open(f"res/site/{org}/{lang}indicators/{ind}.html", encoding="utf-8").read()
            unit = units[ind]
            head = "施設数（公表／非公表）" if lang == "" else "Hospitals (shown / withheld)"
            if head not in page:
                bad.append(f"{org} {lang}{ind}: no heading {head}")
            years = [r for r in rows if r["indicator"] == ind and "Q" not in r["period"]]
            for per in sorted({r["period"] for r in years}):
                order = re.findall(r'<tr id="%s-dist-([^"]+)">' % per, page)
                want = [org] + [o for o in orgs if o != org] + ["all"]
                if order != want:
                    bad.append(f"{org} {lang}{ind} {per}: rows {order}, want {want}")
                for r in years:
                    if r["period"] != per:
                        continue
                    who = r["organisation"] or "all"
                    c = cells(page, f"{per}-dist-{who}")
                    if c is None:
                        bad.append(f"{org} {lang}{ind} {per}: no row {who}")
                        continue
                    seen += 1
                    sep = "／" if lang == "" else " / "
                    if c[0] == "" or (who == "all" and c[0] != both):
                        bad.append(f"{org} {lang}{ind} {per} {who}: name {c[0]!r}")
                    if c[1] != f"{r['shown']}{sep}{r['withheld']}":
                        bad.append(f"{org} {lang}{ind} {per} {who}: counts {c[1]!r}, "
                                   f"summary.csv {r['shown']}/{r['withheld']}")
                    for k, col in ((2, "mean"), (3, "sd"), (4, "median")):
                        if not same(c[k], r[col], unit):
                            bad.append(f"{org} {lang}{ind} {per} {who}: {col} {c[k]!r}, "
                                       f"summary.csv {r[col]} ({unit})")
                    q = c[5].split("–")
                    if r["q1"] == "":
                        ok = c[5] == "—"
                    else:
                        ok = len(q) == 2 and same(q[0], r["q1"], unit) and same(q[1], r["q3"], unit)
                    if not ok:
                        bad.append(f"{org} {lang}{ind} {per} {who}: quartiles {c[5]!r}, "
                                   f"summary.csv {r['q1']}..{r['q3']} ({unit})")
if seen == 0:
    bad.append("no group summary row on any page")
for b in bad[:20]:
    print(b)
print(f"{seen} group summary rows checked, {len(bad)} wrong")
raise SystemExit(1 if bad else 0)
PY
echo "group summaries on the indicator pages: ok"
