# SPDX-License-Identifier: GPL-3.0-or-later
# Every result qi computes from the committed sample agrees with an
# independent computation in base R (tests/oracle/gen_sample_results.R):
# the same rows (pooling, fiscal-year roll-ups), the same counts, rates and
# intervals within 1e-9 relative; and each withheld row is withheld for a
# reason the R figures confirm.  Also: qi synth reproduces the committed
# sample byte for byte.
. "$(dirname "$0")/lib.bash"
# The committed sample (tests/golden/sample: counts only) pairs with the
# seven aggregated definitions it was made for, tests/golden/indicators.

expect_status 0 "$QI" synth -i "$SRC/tests/golden/indicators" -o gen
for f in organisations hospitals counts; do
	cmp -s "gen/sample/$f.csv" "$SRC/tests/golden/sample/$f.csv" ||
		fail "qi synth no longer writes the committed sample ($f.csv)"
done

expect_status 0 "$QI" compute -i "$SRC/tests/golden/indicators" -d "$SRC/tests/golden/sample" -o -
mv out qi.csv
awk -F, -v OFS=, '
function rel(a, b,    d, s) { d = a - b; if (d < 0) d = -d; s = b < 0 ? -b : b;
	return s == 0 ? d : d / s }
FNR == 1 { next }
NR == FNR {	# the R oracle
	k = $1 FS $2 FS $3 FS $4 FS $5
	num[k] = $6; den[k] = $7; rate[k] = $8; lo[k] = $9; hi[k] = $10
	n++
	next
}
{		# qi: indicator,version,period,scope,organisation,hospital,...
	k = $1 FS $3 FS $4 FS $5 FS $6
	if (!(k in den)) { print "qi has a row R does not: " k; bad++; next }
	seen[k] = 1
	st = $16
	if (st == "ok") {
		if ($8 != num[k] || $9 != den[k]) { print "counts differ: " k; bad++ }
		if (rel($10, rate[k]) > 1e-9 || rel($11, lo[k]) > 1e-9 ||
		    rel($12, hi[k]) > 1e-9) {
			print "interval differs: " k ": " $10 " " $11 " " $12 \
			    " vs " rate[k] " " lo[k] " " hi[k]; bad++ }
		maxerr = rel($11, lo[k]) > maxerr ? rel($11, lo[k]) : maxerr
		maxerr = rel($12, hi[k]) > maxerr ? rel($12, hi[k]) : maxerr
	} else if (st == "suppressed_small_denominator") {
		if (den[k] >= 10 || $9 != "" || $10 != "") {
			print "wrongly withheld or leaked: " k; bad++ }
	} else if (st == "suppressed_complementary") {
		if (den[k] < 10 || $9 != "" || $10 != "") {
			print "complementary row is small or leaked: " k; bad++ }
	} else if (st == "empty") {
		if (den[k] != 0) { print "empty but R has cases: " k; bad++ }
	} else { print "unexpected status " st ": " k; bad++ }
	m++
}
END {
	for (k in den) if (!(k in seen)) { print "R has a row qi does not: " k; bad++ }
	printf "%d rows compared, max relative error of bounds %.3g\n", m, maxerr
	exit (bad > 0 || m != n)
}' "$SRC/tests/oracle/sample_results.csv" qi.csv >report.txt || {
	head -20 report.txt >&2; fail "qi and the R oracle disagree"; }
cat report.txt
echo "oracle: ok"
