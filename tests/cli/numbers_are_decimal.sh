# SPDX-License-Identifier: GPL-3.0-or-later
# Numbers read from input files are decimal (specs/input.md): an
# exponent is allowed (1e-04), hex (0x10, 0x1p1), inf and nan are not,
# and neither is a number that overflows or silently underflows to 0
# (1e400, 1e-400); each refused at its row and column.
. "$(dirname "$0")/lib.bash"

I="$SRC/indicators"
expect_status 0 "$QI" synth -i "$I" -o gen --total-stays 300
S=gen/sample
expect_status 0 "$QI" compute -i "$I" -d "$S" --tallies-only -o t
# tallies: the exposure of a rate's rows, line by line
awk -F, -v OFS=, 'BEGIN { split("0x10 0x1p1 inf nan 1e400 1e-400 1e-04", v, " ") }
	NR == 1 { print; next }
	$10 != 0 && n < 7 { n++; $10 = v[n]; line[n] = NR }
	{ print }
	END { for (k = 1; k <= 7; k++) print line[k] >"lines" }' t/tallies.csv >bad.csv
mapfile -t L <lines
expect_status 1 "$QI" compute -i "$I" -d "$S" --tallies bad.csv -o res
k=0
for v in 0x10 0x1p1 inf nan 1e400 1e-400; do
	expect_in err "bad.csv:${L[$k]}:"
	expect_in err "error: bad exposure '$v'"
	k=$((k + 1))
done
grep -q "bad.csv:${L[6]}:" err && fail "1e-04 was refused"
[ "$(grep -c ': error: ' err)" = 6 ] || fail "not one error a bad number"

# results read back: a rate in hex is refused, one with an exponent taken
expect_status 0 "$QI" compute -i "$I" -d "$S" -o r
awk -F, -v OFS=, 'NR == 2 { $10 = "0x1p-1" } NR == 3 { $11 = "1e-400" } { print }' \
	r/results.csv >results.csv
expect_status 1 "$QI" render -i "$I" -d "$S" --results results.csv -o out --format svg
expect_in err "results.csv:2:"
expect_in err "error: bad value '0x1p-1'"
expect_in err "results.csv:3:"
expect_in err "error: bad value '1e-400'"

# a definition's numbers: no hex either
mkdir defs
cp "$I"/*.yaml defs/
sed -i 's/level: 0.95/level: 0x1.ep-1/' defs/abx_prophylaxis_1h.yaml
expect_status 1 "$QI" check -i defs
expect_in err "defs/abx_prophylaxis_1h.yaml:14:"
expect_in err "'statistics.level' must be a number, not '0x1.ep-1'"
echo "numbers are decimal: ok"
