# SPDX-License-Identifier: GPL-3.0-or-later
# Risk-model covariates beyond flags: age in years with its stated range
# (40..95, ages beyond counted at the ends) and Killip class as a category
# (levels 1..4, reference 1).  qi's fit from covariate-pattern tallies
# equals base R's glm on the patient rows (tests/oracle/gen_riskcov.R):
# coefficients, standard errors, and every published E, O/E, interval and
# adjusted rate to 1e-9 relative, fitted once on FY2024 (rc_ref) and per
# period (rc_period).  The tallies carry such patterns as values and give
# the same results read back.  A stay without a Killip class is an error
# naming it.
. "$(dirname "$0")/lib.bash"

O=$SRC/tests/oracle
D=$O/riskcov
expect_status 0 "$QI" compute -i "$D/indicators" -d "$D" -o res
for ind in rc_ref rc_period; do
	adjusted_rows res/results.csv "$O/riskcov_results.csv" "$ind" 40 ||
		fail "$ind: results missing"
	compare_named got.csv want.csv $ADJUSTED_COLS || fail "$ind: results differ from R"
done
# the models, by indicator, reference and term
cut -d, -f1,3- res/risk_models.csv | (read -r h; echo "$h"; LC_ALL=C sort) >got.csv
(read -r h; echo "$h"; LC_ALL=C sort) <"$O/riskcov_fit.csv" >want.csv
compare_named got.csv want.csv indicator reference term coefficient se stays events ||
	fail "coefficients differ from R"

# tallies: age and Killip class as values; read back, the same results
expect_status 0 "$QI" compute -i "$D/indicators" -d "$D" --tallies-only -o tal
grep -q '^pattern,[^,]*,rc_ref,1,,FY2024Q[1-4],[0-9]*;[1-4];[01],' tal/tallies.csv ||
	fail "no value patterns in tallies.csv"
awk -F, '$1 == "pattern" { split($7, v, ";"); if (v[1] < 40 || v[1] > 95) bad = 1 } END { exit bad }' \
	tal/tallies.csv || fail "an age outside the stated range in the tallies"
cp "$D/organisations.csv" "$D/hospitals.csv" tal/
expect_status 0 "$QI" compute -i "$D/indicators" -d tal --tallies tal/tallies.csv -o back
cmp res/results.csv back/results.csv || fail "results from the tallies differ"

# a missing Killip class: an error at the covariate, naming the stay
mkdir bad
cp "$D/organisations.csv" "$D/hospitals.csv" "$D/events.csv" bad/
awk -F, 'BEGIN { OFS = "," } NR == 2 { $7 = "" } { print }' "$D/stays.csv" >bad/stays.csv
stay=$(awk -F, 'NR == 2 { print $2 }' "$D/stays.csv")
expect_status 1 "$QI" compute -i "$D/indicators" -d bad -o badres
expect_in err "rc_ref: stay '$stay' has no value for a risk-model covariate"
echo "numeric and categorical covariates: ok"
