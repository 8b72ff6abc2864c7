# SPDX-License-Identifier: GPL-3.0-or-later
# qi stats ci reads results.csv as qi compute writes it, so the pipe
# `qi compute -o - | qi stats ci` works: each published row by its kind
# (a rate where it has an exposure, else a proportion), by its own
# method, recomputes the published interval; a withheld row passes
# through with empty estimates and its own status; a mean's or a
# median's row (its numerator a sum of values, not a count) passes
# through with empty estimates and ci_status not_a_count.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" synth -i "$SRC/indicators" -o gen --total-stays 2000
"$QI" compute -i "$SRC/indicators" -d gen/sample -o - 2>/dev/null |
	"$QI" stats ci >ci.csv 2>err || fail "the pipe failed: $(cat err)"
python3 - ci.csv "$SRC/indicators" <<'PY' || fail "stats ci on results.csv"
import csv, glob, os, re, sys
location = {os.path.basename(f)[:-5] for f in glob.glob(sys.argv[2] + '/*.yaml')
            if re.search(r'^kind: (mean|median)$', open(f).read(), re.M)}
assert location, 'no mean or median shipped'
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
h = rows[0]
assert h[-4:] == ["estimate", "lower", "upper", "ci_status"], h[-4:]
lo_r, up_r = h.index("lower"), h.index("upper")
st, exp, unit = h.index("status"), h.index("exposure"), h.index("unit")
ok = rate = withheld = loc = 0
for r in rows[1:]:
    if r[st] == "ok" and r[0] in location:
        assert r[-4:] == ["", "", "", "not_a_count"], r
        loc += 1
        continue
    assert r[-1] != "not_a_count", r
    if r[st] != "ok":
        assert r[-4:] == ["", "", "", r[st]], r
        withheld += 1
        continue
    assert r[-1] == "ok", r
    for a, b in ((r[lo_r], r[-3]), (r[up_r], r[-2])):
        a, b = float(a), float(b)
        assert abs(a - b) <= 1e-12 * max(abs(a), 1e-300), (r, a, b)
    ok += 1
    rate += r[exp] != ""
assert ok > 1000 and rate > 0 and withheld > 0 and loc > 0, (ok, rate, withheld, loc)
print(ok, "published rows recomputed,", rate, "of them rates;", withheld,
      "withheld and", loc, "means and medians passed through")
PY
echo "stats reads results.csv: ok"
