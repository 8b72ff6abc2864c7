# SPDX-License-Identifier: GPL-3.0-or-later
# Broken data files: every bad row of every file is reported with
# file:line:col, the exit status is 1, and nothing is written.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" run -i "$SRC/indicators" --sample-format csv -o res --format png --charts caterpillar
before=$(tree_sum res)
cp -r res/sample data
# counts: unknown hospital, bad number, numerator above denominator
awk -F, 'BEGIN{OFS=","} NR==3{$1="X999"} NR==5{$4="1O"} NR==7{$4=$5+1} {print}' \
	res/sample/counts.csv >data/counts.csv
# hospitals: a row with a missing field
sed -i '4s/,[^,]*$//' data/hospitals.csv
expect_status 1 "$QI" run -i "$SRC/indicators" -d data -o res
grep -qE "data/hospitals.csv:4:[0-9]+: error: 5 fields where the header has 6" err ||
	fail "short hospitals row not reported at its line and column"
[ "$(tree_sum res)" = "$before" ] || fail "a failed run changed the outputs"
# counts are checked against a registry that loaded
cp res/sample/hospitals.csv data/hospitals.csv
expect_status 1 "$QI" run -i "$SRC/indicators" -d data -o res
expect_in err "data/counts.csv:3:1: error: unknown hospital 'X999'"
expect_in err "data/counts.csv:5:"
expect_in err "error: bad numerator '1O'"
expect_in err "data/counts.csv:7:"
expect_in err "exceeds denominator"
[ "$(tree_sum res)" = "$before" ] || fail "a failed run changed the outputs"

# a missing column is named, with the header found as a hint
cut -d, -f1-4 res/sample/counts.csv >data/counts.csv
cp res/sample/hospitals.csv data/hospitals.csv
expect_status 1 "$QI" compute -i "$SRC/indicators" -d data -o res
expect_in err "data/counts.csv:1:1: error: missing column 'denominator'"
expect_in err "hint: the header has: hospital, indicator, period, numerator"
[ "$(tree_sum res)" = "$before" ] || fail "a failed compute changed the outputs"

# a missing file is a clear error too
expect_status 1 "$QI" compute -i "$SRC/indicators" -d nowhere -o res
expect_in err "nowhere/organisations.csv: error: cannot open: No such file or directory"
echo "bad input: ok"
