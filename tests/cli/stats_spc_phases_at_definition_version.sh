# SPDX-License-Identifier: GPL-3.0-or-later
# qi stats spc --phase-at version starts a phase wherever the definition
# version changes, reading trend.csv's or results.csv's own columns
# (numerator, denominator, version): the same limits and runs analysis as
# naming the first period of each version with --phase-at.  Without a
# version column it is an error that says what to give.
. "$(dirname "$0")/lib.bash"

cat >trend.csv <<'CSV'
indicator,version,scope,organisation,hospital,period,numerator,denominator
x,1,all,,,FY2023Q1,40,200
x,1,all,,,FY2023Q2,44,210
x,1,all,,,FY2023Q3,38,190
x,2,all,,,FY2023Q4,61,205
x,2,all,,,FY2024Q1,66,220
x,2,all,,,FY2024Q2,59,199
x,3,all,,,FY2024Q3,20,180
x,3,all,,,FY2024Q4,22,185
CSV
expect_status 0 "$QI" stats spc --phase-at version -o by_version.csv <trend.csv
expect_status 0 "$QI" stats spc --phase-at FY2023Q4,FY2024Q3 -o by_period.csv <trend.csv
cmp -s by_version.csv by_period.csv || {
	diff by_version.csv by_period.csv >&2
	fail "--phase-at version differs from naming the versions' first periods"
}
# three phases, each with its own centre line
[ "$(awk -F, 'NR > 1 { print $12 }' by_version.csv | sort -u | tr '\n' ' ')" = "1 2 3 " ] ||
	fail "expected phases 1 2 3: $(cat by_version.csv)"
[ "$(awk -F, 'NR > 1 { print $9 }' by_version.csv | sort -u | wc -l)" = 3 ] ||
	fail "expected a centre line per version"
# x,n with the same counts give the same limits
awk -F, 'BEGIN { print "period,x,n" } NR > 1 { print $6 "," $7 "," $8 }' trend.csv >xn.csv
expect_status 0 "$QI" stats spc --phase-at FY2023Q4,FY2024Q3 -o xn_out.csv <xn.csv
[ "$(cut -d, -f4- xn_out.csv)" = "$(cut -d, -f9- by_version.csv)" ] ||
	fail "numerator/denominator read differently from x,n"
# no version column
expect_status 1 "$QI" stats spc --phase-at version <xn.csv
expect_in err "--phase-at version needs a column version"
expect_in err "hint: give trend.csv or results.csv rows"
