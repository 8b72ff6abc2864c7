# SPDX-License-Identifier: GPL-3.0-or-later
# CP932 (Shift_JIS as Excel writes it): refused with a hint when read as
# UTF-8; read with --encoding cp932 it gives the same results as UTF-8.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" synth -i "$SRC/indicators" -o gen
mkdir sj
for f in organisations hospitals counts stays events; do
	iconv -f UTF-8 -t CP932 "gen/sample/$f.csv" >"sj/$f.csv"
done
expect_status 1 "$QI" compute -i "$SRC/indicators" -d sj -o -
expect_in err "sj/organisations.csv:2:5: error: invalid UTF-8 byte"
expect_in err "--encoding cp932"
expect_status 0 "$QI" compute -i "$SRC/indicators" -d sj --encoding cp932 -o -
mv out sj.csv
expect_status 0 "$QI" compute -i "$SRC/indicators" -d gen/sample -o -
cmp -s out sj.csv || fail "CP932 input gave different results"
echo "cp932: ok"
