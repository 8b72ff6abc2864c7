# SPDX-License-Identifier: GPL-3.0-or-later
# Every rate on the indicator pages can be recomputed from what the page
# shows (specs/publication.md, "Indicator page"): a rate per patient-days
# shows its exposure (the definition's word for it, e.g. 延べ在院日数 /
# Patient-days) beside the count of stays, and numerator / exposure gives
# the rate shown; a risk-adjusted indicator shows its expected count, the
# one of results.csv.  A withheld result shows neither (only "—").  A
# hospital's page, whose table mixes indicators, shows the same: the
# exposure of a rate indicator, the expected count and O/E (with its
# interval) of a risk-adjusted one, "—" for the others.
. "$(dirname "$0")/lib.bash"
. "$SRC/tests/cli/publish_sample.bash"

publish_sample s
cp "$SRC/indicators/hf_mortality.yaml" s/indicators/
P=(-i s/indicators -d s/data -o res)
expect_status 0 "$QI" run "${P[@]}" --format png --charts caterpillar
expect_status 0 "$QI" publish "${P[@]}" --format svg

PYTHONPATH="$SRC/tests/cli" python3 - <<'PY' || fail "the pages do not show what their rates are made of"
import csv, html, re, sys

bad = []
rows = list(csv.DictReader(open("res/results.csv", encoding="utf-8")))

from pages import cells

def heads(page):
    m = re.search(r"<caption>[^<]*病院別</caption>\s*<thead><tr>(.*?)</tr>", page, re.S) or \
        re.search(r"<caption>[^<]*hospitals</caption>\s*<thead><tr>(.*?)</tr>", page, re.S)
    return re.findall(r"<th[^>]*>(.*?)</th>", m.group(1)) if m else []

def count(v):
    """As the page shows it: "—" for none, "12,345", or "17.3"."""
    if v == "":
        return "—"
    return f"{int(round(float(v))):,}" if float(v) == round(float(v)) else f"{float(v):.1f}"

seen = {"exposure": 0, "expected": 0, "withheld": 0}
for ind, col, word_ja, word_en in (("falls_rate", "exposure", "延べ在院日数", "Patient-days"),
                                   ("hf_mortality", "expected", "期待数", "Expected")):
    for lang, word in (("", word_ja), ("en/", word_en)):
        page = open(f"res/site/NHO/{lang}indicators/{ind}.html", encoding="utf-8").read()
        h = heads(page)
        if len(h) < 4 or h[3] != word:
            bad.append(f"{lang}{ind}: headings {h}")
            continue
        for r in rows:
            if r["indicator"] != ind or r["scope"] != "hospital" or r["organisation"] != "NHO" \
                    or "Q" in r["period"]:
                continue
            c = cells(page, f"{r['period']}-{r['hospital']}")
            if c is None:
                bad.append(f"{lang}{ind}: no row of {r['hospital']} in {r['period']}")
                continue
            if r["status"] != "ok":
                seen["withheld"] += 1
                if any(ch.isdigit() for x in c[1:6] for ch in x):
                    bad.append(f"{lang}{ind}: withheld {r['hospital']} shows {c}")
                continue
            seen[col] += r[col] != ""
            if c[3] != count(r[col]):
                bad.append(f"{lang}{ind} {r['hospital']} {r['period']}: {col} {c[3]!r}, results.csv {r[col]}")
            if col == "exposure":
                rate = float(c[1].replace(",", "")) / float(c[3].replace(",", "")) * 1000
                if f"{rate:.1f}" != c[4]:
                    bad.append(f"{lang}{ind} {r['hospital']}: {c[1]} / {c[3]} is not {c[4]} per mille")
# the hospital pages' table of every indicator (row id FY2024-ind)
def ratio(v):
    return "—" if v == "" else f"{float(v):.2f}"
for r in rows:
    if r["scope"] != "hospital" or r["organisation"] != "NHO" or "Q" in r["period"] \
            or r["status"] != "ok":
        continue
    for lang in ("", "en/"):
        page = open(f"res/site/NHO/{lang}hospitals/{r['hospital']}.html", encoding="utf-8").read()
        c = cells(page, f"{r['period']}-{r['indicator']}")
        if c is None:
            bad.append(f"{lang}{r['hospital']}: no row of {r['indicator']} in {r['period']}")
            continue
        if r["indicator"] == "falls_rate":
            want = (count(r["exposure"]), "—")
        elif r["indicator"] == "hf_mortality":
            want = (count(r["expected"]), "—" if r["ratio"] == "" else
                    f"{ratio(r['ratio'])} ({ratio(r['ratio_lower'])}–{ratio(r['ratio_upper'])})")
        else:
            want = ("—", "—")
        seen["hospital " + r["indicator"]] = 1
        if tuple(c[3:5]) != want:
            bad.append(f"{lang}{r['hospital']} {r['indicator']} {r['period']}: {c[3:5]}, want {want}")
if not {"hospital falls_rate", "hospital hf_mortality"} <= set(seen):
    bad.append(f"hospital rows seen: {seen}")
if min(seen.values()) == 0:
    bad.append(f"rows seen: {seen}")
for b in bad[:20]:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
echo "reproducible rates: ok"
