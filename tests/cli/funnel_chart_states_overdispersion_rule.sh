# SPDX-License-Identifier: GPL-3.0-or-later
# A funnel chart says what the overdispersion rule decided for its
# indicator and period, with the numbers funnel.csv holds: the legend
# keys the widened limits, the footer names the model, the scale, tau2
# and the test's p where they were widened, and the test's p where they
# were not; the value axis reaches the limits at the largest volume.
. "$(dirname "$0")/lib.bash"
. "$SRC/tests/cli/publish_sample.bash"

# 40 + 20 hospitals, a proportion, a rate and a risk-adjusted indicator:
# in FY2024 the test rejects for the first two and not for the third
publish_sample s 40 20
cp "$SRC/indicators/hf_mortality.yaml" s/indicators/
expect_status 0 "$QI" run -i s/indicators -d s/data -o res --period FY2024 \
	--format svg --charts funnel --quiet
python3 - res <<'PY' || fail "funnel charts and funnel.csv disagree"
import csv, html, re, sys
res = sys.argv[1]
rows = {}
for r in csv.DictReader(open(res + "/funnel.csv", encoding="utf-8")):
    if r["period"] == "FY2024":
        rows[r["indicator"]] = r
seen = {"additive": 0, "none": 0}
for ind, r in sorted(rows.items()):
    svg = open(f"{res}/charts/{ind}_FY2024_funnel.svg", encoding="utf-8").read()
    # wrapped lines are separate elements: joined as written (Japanese)
    text = "".join(html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    p = float(r["od_p"]) if r["od_p"] else None
    pw = "< 0.001" if p is not None and p < 0.001 else (f"= {p:.3f}" if p is not None else None)
    if r["od_model"] == "additive":
        seen["additive"] += 1
        want = f"τ² = {float(r['tau2']):.3g}"
        for w in ("過分散で拡げた", "管理限界は過分散で拡げています（加法モデル", want, "検定 p " + pw):
            if w not in text:
                sys.exit(f"{ind}: '{w}' not in the chart's text")
    elif pw is not None:
        seen["none"] += 1
        if f"過分散の検定 p {pw}: 管理限界は拡げていません" not in text:
            sys.exit(f"{ind}: the chart does not say the test (p {pw}) did not widen")
        if "過分散で拡げた" in text:
            sys.exit(f"{ind}: widened limits keyed but not widened")
if not (seen["additive"] and seen["none"]):
    sys.exit(f"expected both outcomes among the FY2024 funnels: {seen}")
PY
