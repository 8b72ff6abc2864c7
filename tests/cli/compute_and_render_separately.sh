# SPDX-License-Identifier: GPL-3.0-or-later
# compute, then render from results.csv alone; compute -o - streams CSV;
# check validates without writing.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" synth -i "$SRC/indicators" -o o
expect_status 0 "$QI" check -i "$SRC/indicators"
expect_in out "$(ls "$SRC"/indicators/*.yaml | wc -l) definitions ok"
expect_status 0 "$QI" check -i "$SRC/indicators" -d o/sample
expect_in out "172 hospitals ok"
[ -e o/results.csv ] && fail "check wrote results"
expect_status 0 "$QI" compute -i "$SRC/indicators" -d o/sample -o -
head -1 out | grep -q '^indicator,version,period,scope,organisation,hospital,' ||
	fail "compute -o - did not write results.csv to stdout"
[ -e o/results.csv ] && fail "compute -o - wrote a file"
expect_status 0 "$QI" compute -i "$SRC/indicators" -d o/sample -o o
expect_status 0 "$QI" render -i "$SRC/indicators" -o o --format svg \
	--indicator readmission_6w --period FY2024Q3 --charts caterpillar
[ "$(ls o/charts)" = readmission_6w_FY2024Q3.svg ] || fail "render drew $(ls o/charts)"
head -c 200 o/charts/readmission_6w_FY2024Q3.svg | grep -q '<svg' || fail "not an SVG"
# results that do not match the definitions are refused
sed 's/^readmission_6w,1,/readmission_6w,2,/' o/results.csv >stale.csv
expect_status 1 "$QI" render -i "$SRC/indicators" -o o --results stale.csv
grep -qE "stale.csv:[0-9]+:16: error: results of version 2, definition .readmission_6w. is version 1" err || fail "stale results not refused with a position"
expect_status 2 "$QI" render -i "$SRC/indicators" -o o --format gif
expect_in err "bad --format 'gif'"
echo "compute/render: ok"
