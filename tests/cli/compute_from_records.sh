# SPDX-License-Identifier: GPL-3.0-or-later
# qi compute from patient-level records: -d DIR with stays.csv and
# events.csv, --variant, bad rows stopping the run or (--skip-bad-rows)
# skipped and counted by reason in the manifest; qi check with records
# checks every row.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" synth -i "$SRC/indicators" -o gen --total-stays 20000
S=gen/sample
expect_status 0 "$QI" compute -i "$SRC/indicators" -d $S -o res
for f in results.csv results.json; do [ -s res/$f ] || fail "res/$f missing"; done
expect_in res/results.json '"role": "stays"'
expect_in res/results.json '"role": "events"'
grep -q '"skipped_rows"' res/results.json && fail "skipped_rows without --skip-bad-rows"
# patient-level indicators and the counts-only one side by side
grep -q '^stroke_early_rehab,1,FY2024,all,' res/results.csv || fail "no stroke_early_rehab"
grep -q '^abx_prophylaxis_1h,1,FY2024,all,' res/results.csv || fail "no abx_prophylaxis_1h"
# a rate indicator: exposure column filled, method exact
awk -F, '$1 == "falls_rate" && $4 == "all" && $16 == "ok" {
	if ($17 == "" || $14 != "exact") bad = 1; n++ }
	END { exit !(n > 0 && !bad) }' res/results.csv ||
	fail "falls_rate has no exposure or the wrong method"

# --variant: the variant's denominator is larger (7 days of onset, not 3)
expect_status 0 "$QI" compute -i "$SRC/indicators" -d $S --variant onset_7d -o var
expect_in var/results.json '"variant": "onset_7d"'
a=$(awk -F, '$1 == "stroke_early_rehab" && $3 == "FY2024" && $4 == "all" { print $9 }' res/results.csv)
b=$(awk -F, '$1 == "stroke_early_rehab" && $3 == "FY2024" && $4 == "all" { print $9 }' var/results.csv)
[ -n "$a" ] && [ "$b" -gt "$a" ] || fail "variant denominator $b not above $a"
expect_status 2 "$QI" compute -i "$SRC/indicators" -d $S --variant nosuch -o -
expect_in err "no definition has a variant 'nosuch'"

# A bad date on line 3 of stays.csv: an error, nothing written.
mkdir bad
cp $S/organisations.csv $S/hospitals.csv $S/events.csv bad/
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "discharge") c = i }
	NR == 3 { $c = "2024-02-30" } { print }' $S/stays.csv >bad/stays.csv
expect_status 1 "$QI" compute -i "$SRC/indicators" -d bad -o badres
expect_in err "bad/stays.csv:3:"
[ ! -e badres ] || fail "a failed compute wrote outputs"
# ... with --skip-bad-rows: counted in the manifest
expect_status 0 "$QI" compute -i "$SRC/indicators" -d bad --skip-bad-rows -o skipres
expect_in skipres/results.json '"skipped_rows": ['
expect_in skipres/results.json '{"file": "stays", "reason": '
expect_in skipres/results.json '"rows": 1}'

# qi check with records: every row, read and evaluated as compute does
expect_status 0 "$QI" check -i "$SRC/indicators" -d $S
n=$(($(wc -l <$S/stays.csv) - 1))
expect_in out "$n stays ("
expect_in out "every row ok"
expect_status 1 "$QI" check -i "$SRC/indicators" -d bad
expect_in err "bad/stays.csv:3:"
echo "records: ok"
