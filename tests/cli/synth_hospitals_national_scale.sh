# SPDX-License-Identifier: GPL-3.0-or-later
# qi synth --hospitals N writes N fictional hospitals of a national-scale
# population: ids and names (Japanese and English) unique and plainly
# fictional at 300 and 1,700 hospitals, ids in byte order, NHO and JOHAS
# in the sample's ratio 140:32, and licensed beds in the proportions of
# the 1,786 DPC hospitals of June 2024 by bed class (363, 466, 328, 222,
# 156, 251 hospitals under 100, 100-199, ..., 500 or more beds), each
# class within one hospital of its share.  Stays grow with the beds; the
# 300 hospitals run through qi run, and 40 written as DPC files (fewer:
# a hospital has a file per month and kind) too.  Numbers out of range
# are usage errors.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" synth -i "$SRC/indicators" -o h300 --hospitals 300 \
	--total-stays 1500
expect_status 0 "$QI" synth -i "$SRC/indicators" -o h1700 --hospitals=1700 \
	--total-stays 2000
expect_status 0 "$QI" synth -i "$SRC/indicators" -o d40 --hospitals 40 \
	--total-stays 400 --format dpc
expect_status 0 "$QI" synth -i "$SRC/indicators" -o h40 --hospitals 40 \
	--total-stays 400
cut -d, -f1-6 d40/sample/hospitals.csv | cmp -s - h40/sample/hospitals.csv ||
	fail "the two formats' registries differ"

python3 - <<'EOF' || fail "the registries are not a national-scale population"
import csv, sys
bad = []
share = [363, 466, 328, 222, 156, 251]
for d, n in (("h300", 300), ("h1700", 1700)):
    rows = list(csv.DictReader(open(d + "/sample/hospitals.csv", encoding="utf-8")))
    if len(rows) != n:
        bad.append(f"{d}: {len(rows)} hospitals, not {n}")
    for col in ("id", "name_ja", "name_en"):
        if len({r[col] for r in rows}) != len(rows):
            bad.append(f"{d}: {col} not unique")
    ids = [r["id"].encode() for r in rows]
    if ids != sorted(ids):
        bad.append(f"{d}: ids not in byte order")
    for r in rows:
        if "架空" not in r["name_ja"] or "Fictional" not in r["name_en"]:
            bad.append(f"{d}: {r['id']} not plainly fictional")
    nho = sum(r["org"] == "NHO" for r in rows)
    if abs(nho - n * 140 / 172) > 1 or nho + sum(r["org"] == "JOHAS" for r in rows) != n:
        bad.append(f"{d}: {nho} NHO hospitals of {n}")
    cls = [0] * 6
    for r in rows:
        b = int(r["beds"])
        if not 20 <= b < 1200:
            bad.append(f"{d}: {r['id']} has {b} beds")
        cls[min(b // 100, 5)] += 1
    for i in range(6):
        want = n * share[i] / sum(share)
        if abs(cls[i] - want) > 1:
            bad.append(f"{d}: bed class {i}: {cls[i]} hospitals, want {want:.1f}")
# stays follow the beds: the larger half of the hospitals has more stays
# than the smaller half by about the ratio of their beds
rows = list(csv.DictReader(open("h300/sample/hospitals.csv", encoding="utf-8")))
stays = {}
for s in csv.DictReader(open("h300/sample/stays.csv", encoding="utf-8")):
    stays[s["hospital"]] = stays.get(s["hospital"], 0) + 1
rows.sort(key=lambda r: int(r["beds"]))
small = sum(stays.get(r["id"], 0) for r in rows[:150])
large = sum(stays.get(r["id"], 0) for r in rows[150:])
bs = sum(int(r["beds"]) for r in rows[:150])
bl = sum(int(r["beds"]) for r in rows[150:])
if not (0.8 < (large / max(small, 1)) / (bl / bs) < 1.25):
    bad.append(f"stays {small} vs {large} for beds {bs} vs {bl}")
if bad:
    sys.exit("\n".join(bad[:20]))
EOF

for d in h300 d40; do
	expect_status 0 "$QI" run -i "$SRC/indicators" -d $d/sample -o run-$d \
		--format svg --charts caterpillar --indicator stroke_early_rehab --quiet
	expect_in err "for ${d#?} hospitals written"
	[ -s run-$d/charts/stroke_early_rehab_FY2024.svg ] || fail "$d: no chart"
done

expect_status 2 "$QI" synth -o bad --hospitals 9
expect_in err "bad --hospitals '9'"
expect_status 2 "$QI" synth -o bad --hospitals 20001
expect_status 2 "$QI" synth -o bad --hospitals 1e3
[ ! -e bad ] || fail "a bad --hospitals wrote bad/"
