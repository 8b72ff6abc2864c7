# SPDX-License-Identifier: GPL-3.0-or-later
# A header of 200,000 columns is checked in linear time (its duplicate
# names were found by comparing every pair, which took over 20 s and
# minutes for one repeated name: a check that does not end within the
# generous 60 s guard fails), its duplicate reported at its position, and
# the hint that lists the header is cut.  Not a timing: the guard only
# tells an unending check from one that ends.
. "$(dirname "$0")/lib.bash"

I="$SRC/indicators"
registry_only d
# 200,000 distinct names of three characters (800 KB, below the 1 MiB
# record limit), then 'numerator' again
header() {
	awk -v n=200000 -v tail="$1" 'BEGIN {
		c = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		printf "hospital,indicator,period,numerator,denominator"
		for (i = 0; i < n; i++)
			printf ",%s%s%s", substr(c, int(i / 3844) + 1, 1),
			    substr(c, int(i / 62) % 62 + 1, 1), substr(c, i % 62 + 1, 1)
		printf "%s\n", tail
	}'
}
header ",numerator" >d/counts.csv
[ "$(head -1 d/counts.csv | tr ',' '\n' | wc -l)" = 200006 ] || fail "header not generated"
expect_status 1 timeout 60 "$QI" check -i "$I" -d d
expect_in err "d/counts.csv:1:800049: error: duplicate column 'numerator'"
[ "$(grep -c ': error: ' err)" = 1 ] || fail "not one error for one duplicate"

# a missing column: the hint lists the header's start, not 800 KB
header "" | sed 's/,denominator,/,denominatr,/' >d/counts.csv
expect_status 1 timeout 60 "$QI" check -i "$I" -d d
expect_in err "error: missing column 'denominator'"
[ "$(wc -c <err)" -lt 2000 ] || fail "the hint echoes the whole header ($(wc -c <err) bytes)"

# 200,000 columns of one name: 100 duplicates listed, the rest counted
awk 'BEGIN { printf "hospital,indicator,period,numerator,denominator"
	for (i = 0; i < 200000; i++) printf ",x"; printf "\n" }' >d/counts.csv
expect_status 1 timeout 60 "$QI" check -i "$I" -d d
expect_in err "d/counts.csv:1:51: error: duplicate column 'x'"
expect_in err "d/counts.csv: note: 199899 more errors in this file not shown"
echo "wide header: ok"
