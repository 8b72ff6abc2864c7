# SPDX-License-Identifier: GPL-3.0-or-later
# The funnel of a risk-adjusted indicator (hf_mortality) plots observed
# against expected deaths: O/E against E around 1, exact Poisson limits,
# and overdispersion widening by the definition's rule, as base R
# computes them from the same O and E (tests/oracle/gen_ratio_funnel.R;
# its input is this run's published O and E, checked first).  Crude
# rates never enter it.
. "$(dirname "$0")/lib.bash"
. "$SRC/tests/cli/publish_sample.bash"

# 40 + 20 hospitals of the sample (the model fits in every period)
publish_sample s 40 20
cp "$SRC/indicators/hf_mortality.yaml" s/indicators/
expect_status 0 "$QI" compute -i s/indicators -d s/data -o res
awk -F, 'BEGIN { print "period,hospital,observed,expected" }
	$1 == "hf_mortality" && $4 == "hospital" && $16 == "ok" && $18 != "" {
		print $3 "," $6 "," $8 "," $18 }' res/results.csv >input.csv
cmp -s input.csv "$SRC/tests/oracle/ratio_funnel_input.csv" ||
	fail "the sample's hf_mortality O and E changed: copy $WORK/input.csv to tests/oracle/ratio_funnel_input.csv and rerun gen_ratio_funnel.R"
grep '^hf_mortality,' res/funnel.csv >qi.csv
[ "$(wc -l <qi.csv)" = "$(($(wc -l <"$SRC/tests/oracle/ratio_funnel.csv") - 1))" ] ||
	fail "funnel.csv has $(wc -l <qi.csv) hf_mortality rows"
awk -F, '$4 != "ratio" || $9 != 1 { print "not an O/E row: " $0; bad = 1 }
	END { exit bad }' qi.csv || fail "hf_mortality's funnel is not O/E"
# qi's columns: 3 period, 6 hospital, 7 volume, 8 rate, 10 z, 11-14 limits,
# 15 od_model, 17 phi, 18 tau2, 19 od_p, 20-23 widened limits, 24 flag;
# the oracle's: 1, 2, 3, 4, 5, 6-9, 10, 11, 12, 13, 14-17, 18.
awk -F, '
	function near(a, b) {
		if (a == "" || b == "") return a == b
		d = a - b; if (d < 0) d = -d
		m = b < 0 ? -b : b
		return d <= 1e-9 * (m > 1 ? m : 1)
	}
	NR == FNR { if (FNR > 1) want[$1 "," $2] = $0; next }
	{
		key = $3 "," $6
		if (!(key in want)) { print "no oracle row for " key; bad = 1; next }
		split(want[key], w, ",")
		qi[1] = $7; qi[2] = $8; qi[3] = $10; qi[4] = $11; qi[5] = $12
		qi[6] = $13; qi[7] = $14; qi[8] = $17; qi[9] = $18; qi[10] = $19
		qi[11] = $20; qi[12] = $21; qi[13] = $22; qi[14] = $23
		split("3 4 5 6 7 8 9 11 12 13 14 15 16 17", col, " ")
		for (i = 1; i <= 14; i++)
			if (!near(qi[i], w[col[i]])) {
				print key ": column " col[i] " qi " qi[i] " R " w[col[i]]
				bad = 1
			}
		if ($15 != w[10] || $24 != w[18]) {
			print key ": model/flag qi " $15 "/" $24 " R " w[10] "/" w[18]
			bad = 1
		}
		n++
	}
	END { if (n == 0) bad = 1; exit bad }' "$SRC/tests/oracle/ratio_funnel.csv" qi.csv ||
	fail "hf_mortality's funnel differs from R"
# Both outcomes of the rule occur in the sample: widened and not.
cut -d, -f15 qi.csv | sort -u | tr '\n' ' ' | grep -q "additive none" ||
	fail "expected periods with and without widening"
