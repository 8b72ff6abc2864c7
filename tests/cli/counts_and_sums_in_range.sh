# SPDX-License-Identifier: GPL-3.0-or-later
# Counts and their sums are kept in range (specs/input.md): a count above
# 10^9 in counts.csv is refused at its row (two denominators of 2^63-1
# used to wrap the pooled sum to 0, one of 2e10 to fail later with "write
# failed: Success" and no position), and tallies files that add up to
# more than 10^10 for one hospital are refused at the row that does it.
. "$(dirname "$0")/lib.bash"

I="$SRC/indicators"
registry_only d
awk -F, -v OFS=, '
	NR == 2 || NR == 3 { $4 = 0; $5 = "9223372036854775807" }
	NR == 4 { $4 = 0; $5 = "20000000000" }
	NR == 5 { $4 = 0; $5 = "1000000000" }	# the largest count: taken
	{ print }' $S/counts.csv >d/counts.csv
expect_status 1 "$QI" run -i "$I" -d d -o res
expect_in err "d/counts.csv:2:"
expect_in err "d/counts.csv:3:"
expect_in err "error: denominator 9223372036854775807 is above the largest allowed, 1000000000"
expect_in err "d/counts.csv:4:"
expect_in err "error: denominator 20000000000 is above the largest allowed"
grep -q "d/counts.csv:5:" err && fail "a count of 10^9 was refused"
grep -q "Success" err && fail "an error reported with errno 0"
[ "$(grep -c ': error: ' err)" = 3 ] || fail "not one error a bad row: $(cat err)"
[ -e res/results.csv ] && fail "a refused run wrote results"

# tallies: one row's counts bounded, and the sums of several files
expect_status 0 "$QI" compute -i "$I" -d "$S" --tallies-only -o t
awk -F, -v OFS=, 'NR == 1 { print } NR == 2 { $8 = "6000000000"; $9 = 0; print }' \
	t/tallies.csv >t1.csv
cp t1.csv t2.csv
expect_status 1 "$QI" merge -i "$I" -d d -o m.csv t1.csv t2.csv
expect_in err "t2.csv:2:"
expect_in err "add up to more than 10000000000"
grep -q "t1.csv" err && fail "the first file, in range, was refused"
[ -e m.csv ] && fail "a refused merge wrote its output"
awk -F, -v OFS=, 'NR == 2 { $8 = "9223372036854775807" } { print }' t1.csv >t3.csv
expect_status 1 "$QI" compute -i "$I" -d d --tallies t3.csv -o res
expect_in err "t3.csv:2:"
expect_in err "denominator 9223372036854775807 is above the largest allowed"

# a rate's pooled numerator sets the funnel's target: kept at most 10^10,
# where its exact limits hold (2e10 failed with "funnel limits cannot be
# computed" and "write failed: Success")
v=$(awk -F, '$3 == "falls_rate" { print $4; exit }' t/tallies.csv)
[ -n "$v" ] || fail "no falls_rate tallies in the sample"
{
	head -1 t/tallies.csv
	echo "tally,$(sed -n 2p d/hospitals.csv | cut -d, -f1),falls_rate,$v,,FY2023Q1,,100,10000000000,1,"
	echo "tally,$(sed -n 3p d/hospitals.csv | cut -d, -f1),falls_rate,$v,,FY2023Q1,,100,10000000000,10000000000000,"
} >t4.csv
expect_status 1 "$QI" compute -i "$I" -d d --tallies t4.csv -o res
expect_in err "error: falls_rate, FY2023Q1: the hospitals add up to more than 10000000000"
grep -q "write failed\|funnel limits" err && fail "the pooled numerator reached the funnel"
echo "counts and sums in range: ok"
