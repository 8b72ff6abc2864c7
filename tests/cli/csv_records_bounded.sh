# SPDX-License-Identifier: GPL-3.0-or-later
# The CSV readers hold at most one record of 1 MiB (specs/input.md): a
# 100 MB line in counts.csv (it took 600 MB and was echoed whole) is
# reported at its line, passed over without being held, and the rows
# after it are still read; an unclosed quote does not swallow the file.
# (Memory is checked against 200 MB: the line alone is 100 MB; the
# reader takes about 15 MB, 60 MB under AddressSanitizer.)
. "$(dirname "$0")/lib.bash"

I="$SRC/indicators"
registry_only d
{
	head -3 $S/counts.csv
	head -c 100000000 /dev/zero | tr '\0' x
	echo ",abx_prophylaxis_1h,FY2023Q1,1,2"
	sed -n 4p $S/counts.csv | awk -F, -v OFS=, '{ $4 = "1O"; print }'
	tail -n +5 $S/counts.csv
} >d/counts.csv
/usr/bin/time -f %M -o rss "$QI" check -i "$I" -d d >out 2>err && fail "check passed"
expect_in err "d/counts.csv:4: error: line longer than 1048576 bytes"
expect_in err "d/counts.csv:5:"
expect_in err "error: bad numerator '1O'"
[ "$(grep -c ': error: ' err)" = 2 ] || fail "not two errors"
[ "$(wc -c <err)" -lt 2000 ] || fail "the long line echoed ($(wc -c <err) bytes)"
[ "$(tail -1 rss)" -lt 200000 ] || fail "the long line took $(tail -1 rss) KiB"

# an unclosed quote: the record stops at 1 MiB
{
	head -2 $S/counts.csv
	printf 'N001,"abx_prophylaxis_1h,FY2023Q1,1,2\n'
	awk 'BEGIN { for (i = 0; i < 30000; i++) print "N001,abx_prophylaxis_1h,FY2023Q1,1,2,0123456789" }'
} >d/counts.csv
/usr/bin/time -f %M -o rss "$QI" check -i "$I" -d d >out 2>err && fail "check passed"
expect_in err "d/counts.csv:3: error: record longer than 1048576 bytes"
[ "$(tail -1 rss)" -lt 200000 ] || fail "the open quote took $(tail -1 rss) KiB"
echo "csv records bounded: ok"
