# SPDX-License-Identifier: GPL-3.0-or-later
# The Charlson comorbidity index as a risk-model covariate: the shipped
# code lists (indicators/codes/charlson_*.csv, Quan et al. 2005) with Quan
# 2011's weights (cq_2011) and the 1987 weights top-coded at 6 (cc_1987)
# give each stay the index that tests/oracle/gen_riskcci.R computes from
# its own copy of the paper's lists -- the stays per index value in the
# tallies equal R's -- and the model fitted once on FY2024 equals base R's
# glm on the patient rows: coefficients, and every published E, O/E,
# interval and adjusted rate to 1e-9 relative.
. "$(dirname "$0")/lib.bash"

O=$SRC/tests/oracle
D=$O/riskcci
mkdir -p defs/codes
cp "$D"/indicators/*.yaml defs/
cp "$SRC"/indicators/codes/charlson_*.csv defs/codes/
expect_status 0 "$QI" compute -i defs -d "$D" -o res
for ind in cq_2011 cc_1987; do
	adjusted_rows res/results.csv "$O/riskcci_results.csv" "$ind" 25 ||
		fail "$ind: results missing"
	compare_named got.csv want.csv $ADJUSTED_COLS || fail "$ind: results differ from R"
done
# the coefficients, by indicator and term
awk -F, 'BEGIN { OFS = "," } NR == 1 { print "indicator,term,coefficient,se"; next }
	{ print $1, $4, $5, $6 }' res/risk_models.csv | (read -r h; echo "$h"; LC_ALL=C sort) >got.csv
(read -r h; echo "$h"; LC_ALL=C sort) <"$O/riskcci_fit.csv" >want.csv
compare_named got.csv want.csv indicator term coefficient se || fail "coefficients differ from R"

# each stay's index: the stays per index value, from the tallies' patterns
expect_status 0 "$QI" compute -i defs -d "$D" --tallies-only -o tal
awk -F, 'BEGIN { OFS = "," } $1 == "pattern" { split($7, v, ";"); n[$3 "," v[1]] += $8 }
	END { for (k in n) print k, n[k] }' tal/tallies.csv | LC_ALL=C sort >got.csv
tail -n +2 "$O/riskcci_index.csv" | LC_ALL=C sort >want.csv
diff got.csv want.csv || fail "stays per Charlson index differ from R's"
echo "Charlson index: ok"
