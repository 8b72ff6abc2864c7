# SPDX-License-Identifier: GPL-3.0-or-later
# qi variants: per hospital, the rate under two variants and the
# difference, as a table, as CSV, and as a chart.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" synth -i "$SRC/indicators" -o gen --total-stays 100000
S=gen/sample
expect_status 0 "$QI" variants -i "$SRC/indicators" -d $S \
	--indicator stroke_early_rehab --from - --to onset_7d -o -
head -1 out | grep -qx 'hospital,organisation,numerator_a,denominator_a,rate_a,numerator_b,denominator_b,rate_b,difference' ||
	fail "bad CSV header: $(head -1 out)"
# every row with both rates has difference = rate_b - rate_a, the rates
# proportions as results.csv has them: x/n, not percent
awk -F, 'NR > 1 && $5 != "" && $8 != "" { n++
	d = $8 - $5; if (d - $9 > 1e-12 || $9 - d > 1e-12) { print; bad = 1 }
	if ($5 > 1 || $8 > 1 || ($5 - $3 / $4) ^ 2 > 1e-24) { print "not x/n: " $0; bad = 1 } }
	NR > 1 && $7 != "" && $4 != "" && $7 < $4 { print "den shrank: " $0; bad = 1 }
	END { exit bad || n < 10 }' out || fail "differences do not add up"
mv out v.csv
# the table and the chart
expect_status 0 "$QI" variants -i "$SRC/indicators" -d $S \
	--indicator stroke_early_rehab --from - --to onset_7d -o res --format png,svg --as table
expect_in out "stroke_early_rehab FY2024: a = -, b = onset_7d"
# title, header and rule, then the rows of the CSV
[ "$(wc -l <out)" -eq "$(( $(wc -l <v.csv) + 2 ))" ] || fail "table and CSV rows differ"
f=res/charts/stroke_early_rehab_FY2024_defined_onset_7d
[ -s $f.png ] && [ -s $f.svg ] || fail "chart missing"
head -c 8 $f.png | od -An -tx1 | grep -q '89 50 4e 47 0d 0a 1a 0a' || fail "not a PNG"
grep -q '<svg' $f.svg || fail "not an SVG"
expect_status 2 "$QI" variants -i "$SRC/indicators" -d $S \
	--indicator stroke_early_rehab --from - --to nosuch -o -
expect_in err "'stroke_early_rehab' has no variant 'nosuch'"
echo "variants: ok"
