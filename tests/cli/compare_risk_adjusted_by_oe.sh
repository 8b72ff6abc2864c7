# SPDX-License-Identifier: GPL-3.0-or-later
# qi compare compares a risk-adjusted indicator (hf_mortality) by O/E,
# not by crude rates: each side's exposure is its expected count, its
# rate O/E, and the two sides by the ratio of their O/E with the exact
# interval of qi stats ci's rate ratio; a hospital against the rest of
# its organisation takes O and E of the organisation minus the hospital.
. "$(dirname "$0")/lib.bash"
. "$SRC/tests/cli/publish_sample.bash"

# 40 + 20 hospitals of the sample: the risk model fits in every period
publish_sample s 40 20
cp "$SRC/indicators/hf_mortality.yaml" s/indicators/
expect_status 0 "$QI" compute -i s/indicators -d s/data -o res
R=res/results.csv
C=(-i s/indicators -d s/data --results res)
expect_status 0 "$QI" compare "${C[@]}" --indicator hf_mortality --period FY2024 --as csv -o org.csv
awk -F, 'NR == FNR {
		if ($1 == "hf_mortality" && $3 == "FY2024" && $4 == "organisation") {
			o[$5] = $8; e[$5] = $18
		}
		next
	}
	function near(a, b) { d = a - b; if (d < 0) d = -d; return d <= 1e-12 * (b < 0 ? -b : b) }
	FNR > 1 {
		n++
		if ($8 != o[$4] || $11 != o[$6]) { print "observed differ"; bad = 1 }
		if (!near($20, e[$4]) || !near($21, e[$6])) { print "exposures are not the expected counts: " $20 " " e[$4]; bad = 1 }
		if (!near($10, o[$4] / e[$4]) || !near($13, o[$6] / e[$6])) { print "rates are not O/E"; bad = 1 }
		if (!near($22, (o[$4] / e[$4]) / (o[$6] / e[$6]))) { print "rate_ratio is not the ratio of O/E"; bad = 1 }
		if (!($23 < $22 && $22 < $24)) { print "interval does not hold the ratio"; bad = 1 }
		if ($14 $15 $16 != "") { print "a difference of crude rates was given"; bad = 1 }
	}
	END { exit bad || n != 1 }' "$R" org.csv || fail "organisation comparison of hf_mortality: $(cat org.csv)"
# A hospital against the rest of its organisation.
h=$(awk -F, '$1 == "hf_mortality" && $3 == "FY2024" && $4 == "hospital" && $16 == "ok" && $8 > 0 { print $6; exit }' "$R")
[ -n "$h" ] || fail "no published hf_mortality hospital"
expect_status 0 "$QI" compare "${C[@]}" --indicator hf_mortality --period FY2024 --hospital "$h" --as csv -o hosp.csv
awk -F, -v h="$h" 'NR == FNR {
		if ($1 == "hf_mortality" && $3 == "FY2024") {
			if ($4 == "hospital" && $6 == h) { oh = $8; eh = $18; org = $5 }
			if ($4 == "organisation") { o[$5] = $8; e[$5] = $18 }
		}
		next
	}
	function near(a, b) { d = a - b; if (d < 0) d = -d; return d <= 1e-9 * (b < 0 ? -b : b) }
	FNR > 1 {
		if ($8 != oh || $11 != o[org] - oh) { print "observed: " $8 "," $11; bad = 1 }
		if (!near($21, e[org] - eh)) { print "rest expected " $21 " vs " e[org] - eh; bad = 1 }
		if (!near($22, (oh / eh) / ((o[org] - oh) / (e[org] - eh)))) { print "ratio"; bad = 1 }
	}
	END { exit bad }' "$R" hosp.csv || fail "hospital against the rest: $(cat hosp.csv)"
# The table says O/E.
expect_status 0 "$QI" compare "${C[@]}" --indicator hf_mortality --period FY2024 --as table
expect_in out "O/E "
