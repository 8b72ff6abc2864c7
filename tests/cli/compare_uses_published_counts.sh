# SPDX-License-Identifier: GPL-3.0-or-later
# qi compare: organisation against organisation, a hospital against the
# rest of its organisation, and two hospitals, from published results;
# withheld hospitals stay withheld.  The statistics themselves are checked
# against R in the unit tests; here: which counts go in, and the formats.
. "$(dirname "$0")/lib.bash"
# The committed sample (tests/golden/sample: counts only) pairs with the
# seven aggregated definitions it was made for, tests/golden/indicators.

expect_status 0 "$QI" compute -i "$SRC/tests/golden/indicators" -d "$SRC/tests/golden/sample" -o o
mkdir -p o/sample
cp "$SRC"/tests/golden/sample/organisations.csv "$SRC"/tests/golden/sample/hospitals.csv o/sample/
R=o/results.csv

# Organisations, latest fiscal year, CSV: counts equal the pooled rows.
expect_status 0 "$QI" compare -i "$SRC/tests/golden/indicators" --results o --as csv
head -1 out | grep -q '^indicator,version,period,a,a_name,b,b_name,a_numerator,a_denominator,a_rate,b_numerator,b_denominator,b_rate,diff,lower,upper,p_chisq,p_yates,p_fisher,a_exposure,b_exposure,rate_ratio,ratio_lower,ratio_upper,p_ratio,status$' ||
	fail "compare header: $(head -1 out)"
[ "$(tail -n +2 out | wc -l)" = "$(cut -d, -f1 "$R" | tail -n +2 | sort -u | wc -l)" ] ||
	fail "not one row per indicator"
awk -F, 'NR == FNR {
		if ($4 == "organisation" && $3 == "FY2024") { x[$1 "," $5] = $8; n[$1 "," $5] = $9 }
		next
	}
	FNR > 1 {
		if ($3 != "FY2024" || $4 != "NHO" || $6 != "JOHAS") { print "row " FNR ": " $0; bad = 1; next }
		if ($8 != x[$1 ",NHO"] || $9 != n[$1 ",NHO"] || $11 != x[$1 ",JOHAS"] || $12 != n[$1 ",JOHAS"]) {
			print "counts differ for " $1; bad = 1
		}
		d = $10 - $13 - $14
		if (d > 1e-15 || d < -1e-15) { print "diff is not a_rate - b_rate for " $1; bad = 1 }
		if (!($15 < $14 && $14 < $16)) { print "interval does not hold the difference for " $1; bad = 1 }
		if ($26 != "ok") { print "status " $26 " for " $1; bad = 1 }
	}
	END { exit bad }' "$R" out || fail "organisation comparison"

# A hospital against the rest of its organisation: B = organisation - A.
expect_status 0 "$QI" compare -i "$SRC/tests/golden/indicators" --results o --as csv --hospital N001 --indicator readmission_6w --period FY2024
line=$(tail -1 out)
hx=$(awk -F, '$1 == "readmission_6w" && $3 == "FY2024" && $6 == "N001" { print $8 "," $9 }' "$R")
ox=$(awk -F, '$1 == "readmission_6w" && $3 == "FY2024" && $4 == "organisation" && $5 == "NHO" { print $8 "," $9 }' "$R")
want="$hx,$((${ox%,*} - ${hx%,*})),$((${ox#*,} - ${hx#*,}))"
got=$(echo "$line" | awk -F, '{ print $8 "," $9 "," $11 "," $12 }')
[ "$got" = "$want" ] || fail "hospital against the rest: got $got, want $want"
expect_in out 'NHO (other hospitals)'

# A withheld hospital is shown as withheld, with no numbers.
wh=$(awk -F, '$4 == "hospital" && $16 == "suppressed_small_denominator" { print $1 " " $6 " " $3; exit }' "$R")
[ -n "$wh" ] || fail "the sample has no withheld hospital"
set -- $wh
expect_status 0 "$QI" compare -i "$SRC/tests/golden/indicators" --results o --as csv --hospital "$2" --indicator "$1" --period "$3"
tail -1 out | grep -q ',,,,,,,,,,,,,,,,,,,suppressed_small_denominator$' ||
	fail "withheld hospital compared: $(tail -1 out)"

# Two hospitals, as a table: Japanese names in aligned columns.
expect_status 0 "$QI" compare -i "$SRC/tests/golden/indicators" --results o --hospital N001 --hospital R001 --indicator readmission_6w --as table
expect_in out "A − B (95% CI)"
expect_in out "N001 "
expect_in out "R001 "

# JSON parses, one comparison per indicator.
expect_status 0 "$QI" compare -i "$SRC/tests/golden/indicators" --results o --as json --level 0.99
node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1])); if (d.level !== 0.99 || d.comparisons.length === 0) process.exit(1)' out ||
	fail "compare JSON"

# A rate indicator is compared by the ratio of its rates, with the
# exposures that make them (a small patient-level sample).
expect_status 0 "$QI" synth -o p --total-stays 20000
expect_status 0 "$QI" compute -d p/sample -o p
expect_status 0 "$QI" compare --results p -d p/sample --as csv --indicator falls_rate
tail -1 out | awk -F, '{
	if ($20 == "" || $21 == "" || $14 != "") exit 1
	r = ($8 / $20) / ($11 / $21); d = r - $22; if (d < 0) d = -d
	if (d > 1e-12 * r || !($23 < $22 && $22 < $24) || $26 != "ok") exit 1
}' || fail "rate comparison: $(tail -1 out)"

# Misuse.
expect_status 2 "$QI" compare --results o --level 1.5
expect_in err "bad --level '1.5'"
expect_status 2 "$QI" compare --results o --as xml
expect_in err "bad --as 'xml'"
expect_status 1 "$QI" compare -i "$SRC/tests/golden/indicators" --results o --hospital X999
expect_in err "unknown hospital 'X999'"
echo "compare: ok"
