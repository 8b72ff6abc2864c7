# SPDX-License-Identifier: GPL-3.0-or-later
# Patient-level input errors as a user meets them: every bad row of both
# files reported at FILE:LINE:COL in one run with a hint, exit status 1
# and nothing written; an unsorted file reported once, and fixed by sorting
# it as the hint says; --skip-bad-rows counts instead; a CP932 file read with
# --encoding cp932 and detected without it.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" synth -i "$SRC/indicators" -o gen --total-stays 3000
S=gen/sample
mkdir in
cp $S/organisations.csv $S/hospitals.csv in/
H=hospital,stay,patient,admission,discharge,age,sex,emergency,dx_main,dx_resource,outcome
# the other columns the definitions read, empty (missing values)
X=ambulance,dx_trigger,dx_comorbid,dx_complication,death_24h,prev_discharge,onset_days,killip,jcs,cancer_stage,dementia,insurance,falls,falls_3b,restraint_days,pressure_ulcer
E=$(echo ",$X" | tr -cd ,)
cat >in/stays.csv <<CSV
$H,$X
N001,s1,p1,2024-04-01,2024-04-10,80,1,1,I639,I639,1$E
N001,s2,p2,2024-04-01,2024-02-30,80,1,1,I639,I639,1$E
N001,s3,p3,2024-04-01,2024-04-10,8O,1,1,I639,I639,1$E
N001,s4,p4,2024-04-01,2024-04-10,80,1,1,I63.9,I639,1$E
X999,s5,p5,2024-04-01,2024-04-10,80,1,1,I639,I639,1$E
CSV
cat >in/events.csv <<CSV
hospital,stay,day,code,kind,qty
N001,s0,0,E200,imaging,1
N001,s1,0,E200,imaging,1
N001,s1,1,E200,scan,1
CSV
expect_status 1 "$QI" compute -i "$SRC/indicators" -d in -o res
expect_in err "in/stays.csv:3:23: error: bad date '2024-02-30' in discharge"
expect_in err "in/stays.csv:4:34: error: bad number '8O' in age"
expect_in err "in/stays.csv:5:41: error: bad code 'I63.9' in dx_main"
expect_in err "in/stays.csv:6:1: error: unknown hospital 'X999' (1 row)"
expect_in err "in/events.csv:2:6: error: event of stay 's0' of hospital 'N001', which is not in the stays file"
expect_in err "in/events.csv:4:16: error: unknown kind 'scan'"
expect_in err "hint: dates are YYYY-MM-DD"
[ ! -e res ] || fail "a failed compute wrote outputs"

# the same rows skipped and counted by reason
expect_status 0 "$QI" compute -i "$SRC/indicators" -d in --skip-bad-rows -o skip
expect_in err "in/stays.csv:3:23: warning: bad date"
expect_in skip/results.json '{"file": "stays", "reason": "bad date", "rows": 1}'
expect_in skip/results.json '{"file": "stays", "reason": "unknown hospital", "rows": 1}'
expect_in skip/results.json '{"file": "events", "reason": "event without stay", "rows": 1}'

# out of order: the error names the sort command, which fixes the file
mkdir unsorted
cp $S/organisations.csv $S/hospitals.csv $S/counts.csv unsorted/
{ head -1 $S/stays.csv; tail -n +2 $S/stays.csv | sort -r; } >unsorted/stays.csv
cp $S/events.csv unsorted/
expect_status 1 "$QI" compute -i "$SRC/indicators" -d unsorted -o res
# one root cause, one error: the order explained once, no cascade of
# rows out of place or of events without a stay
expect_in err "unsorted/stays.csv:3:1: error: not sorted by hospital, then stay: stay"
expect_in err "comparing the text byte by byte"
[ "$(grep -c 'error:' err)" = 1 ] || fail "more than one error for one unsorted file"
grep -q 'without a stay not listed\|which is not in the stays file' err &&
	fail "events reported as a second cascade"
{ head -1 unsorted/stays.csv; tail -n +2 unsorted/stays.csv |
	LC_ALL=C sort -t, -k1,1 -k2,2; } >unsorted/fixed && mv unsorted/fixed unsorted/stays.csv
expect_status 0 "$QI" compute -i "$SRC/indicators" -d unsorted -o sorted
expect_status 0 "$QI" compute -i "$SRC/indicators" -d $S -o orig
cmp -s sorted/results.csv orig/results.csv || fail "sorted file gives other results"

# a missing column: every expected name listed, at line 1
mkdir nocol
cp $S/organisations.csv $S/hospitals.csv nocol/
cut -d, -f1-4 $S/stays.csv >nocol/stays.csv
cp $S/events.csv nocol/
expect_status 1 "$QI" compute -i "$SRC/indicators" -d nocol -o res
expect_in err "nocol/stays.csv:1:1: error: missing column 'discharge'"
expect_in err "hint: the columns are hospital, stay, patient (optional), admission, discharge"

# CP932: read with --encoding cp932; without it, a hint
mkdir sjis
for f in organisations hospitals; do
	iconv -f UTF-8 -t CP932 $S/$f.csv >sjis/$f.csv
done
sed '2s/,[^,]*,2/,患者,2/' in/stays.csv | head -2 | iconv -f UTF-8 -t CP932 >sjis/stays.csv
head -1 in/events.csv >sjis/events.csv
expect_status 0 "$QI" compute -i "$SRC/indicators" -d sjis --encoding cp932 -o cp
mkdir mixed
cp $S/organisations.csv $S/hospitals.csv sjis/stays.csv sjis/events.csv mixed/
expect_status 1 "$QI" compute -i "$SRC/indicators" -d mixed -o res
expect_in err "mixed/stays.csv:2:9: error: invalid UTF-8 byte 0x8A"
expect_in err "--encoding cp932"
echo "records errors: ok"
