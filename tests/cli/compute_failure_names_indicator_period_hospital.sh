# SPDX-License-Identifier: GPL-3.0-or-later
# A result whose interval cannot be computed is an error that names the
# indicator, the period, the hospital (or the pool) and the cause, for
# every such result in one run; nothing is written.  Here a tallies file
# gives a proportion's numerator above its denominator (a tallies file is
# read as made by qi, so only the interval notices).
. "$(dirname "$0")/lib.bash"

E="$SRC/tests/examples/stroke_early_rehab"
REG=(--organisations "$E/organisations.csv" --hospitals "$E/hospitals.csv")
"$QI" compute -i "$SRC/indicators" "${REG[@]}" \
	--stays "$E/stays.csv" --events "$E/events.csv" --tallies-only -o - >tallies.csv
grep -q '^tally,R001,readmission_6w,1,,FY2024Q1,,3,0,0,0$' tallies.csv ||
	fail "the tally to change is not there"
sed 's/^tally,R001,readmission_6w,1,,FY2024Q1,,3,0,0,0$/tally,R001,readmission_6w,1,,FY2024Q1,,3,5,0,0/' \
	tallies.csv >bad.csv
expect_status 1 "$QI" compute -i "$SRC/indicators" "${REG[@]}" --tallies bad.csv -o out
expect_in err "readmission_6w.yaml: error: readmission_6w, FY2024Q1, hospital R001: the wilson interval of 5 of 3 could not be computed: the numerator is above the denominator"
expect_in err "readmission_6w, FY2024Q1, JOHAS pooled: the wilson interval of 5 of 3 could not be computed"
# the pool of both organisations, 5 of 8, is computed: no error
if grep -q "all organisations pooled" err; then fail "a good pool reported"; fi
[ ! -e out/results.csv ] || fail "a failed compute wrote results"
