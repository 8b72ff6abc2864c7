# SPDX-License-Identifier: GPL-3.0-or-later
# kind: median -- the median of a whole value per stay (here 在院日数,
# los + 1, at most numerator.max) with its interval from the order
# statistics.  The tallies keep the stays, the sum and a histogram (value
# rows: stays per value), shards merge to the bytes of one run (a bin's
# stays split across shards add up), a fiscal year's median comes from
# its quarters' histograms and a pool's from its hospitals', the results
# carry the median in `rate` with method exact (numbers worked out by
# hand from k = qbinom(0.05, n, 0.5), checked in R), a median with too
# few stays for the level has no interval, one under min_denominator is
# withheld with its counts and cannot be recovered from the pools, no
# funnel rows or charts are made for it, values outside 0..numerator.max
# or not whole are errors naming the indicator, period and stay, counts
# without value rows give no median, and the definition errors of a
# median are reported at their keys.
. "$(dirname "$0")/lib.bash"

E="$SRC/tests/examples/hf_mortality"
{ cat "$E/hospitals.csv"; echo "N002,NHO,例示架空第二医療センター,Second Example Center,近畿,200,"; } >hospitals.csv
REG=(--organisations "$E/organisations.csv" --hospitals hospitals.csv)
mkdir defs
cp -r "$SRC/indicators/codes" defs/
cat >defs/hf_los_median.yaml <<'YAML'
id: hf_los_median
version: 1
title: {ja: 心不全患者の在院日数の中央値, en: Median length of stay of heart failure}
source: DPC 様式1
kind: median
unit: proportion
direction: lower_is_better
statistics: {method: exact, level: 0.9}
publication: {min_denominator: 3}
denominator:
  ja: 心不全の退院患者（死亡退院を除く）
  en: Heart failure discharges (deaths excluded)
  when: dx_resource in heart_failure
  exclusions:
    - {name: died, ja: 死亡退院, en: Died, when: "outcome in (6, 7)"}
numerator:
  ja: 在院日数
  en: Length of stay, both ends counted
  value: los + 1
  max: 30
YAML
H=hospital,stay,patient,admission,discharge,age,sex,emergency,ambulance,dx_main,dx_trigger,dx_resource,dx_comorbid,dx_complication,outcome,death_24h,prev_discharge,onset_days,killip,jcs,cancer_stage,dementia,insurance,falls,falls_3b,restraint_days,pressure_ulcer
row() { echo "$1,$2,P$2,$3,$4,80,1,1,0,$5,$5,$5,,,$6,0,,,,0,,0,1,,,,"; }
{
	row N001 S1 2024-04-01 2024-04-03 I500 1	# Q1: 3 days
	row N001 S2 2024-04-01 2024-04-05 I509 1	# Q1: 5
	row N001 S3 2024-07-10 2024-07-19 I110 1	# Q2: 10
	row N001 S4 2024-04-10 2024-04-12 I500 6	# died: excluded
	row N001 S5 2024-04-10 2024-04-12 J189 1	# not heart failure
	row N002 S7 2024-04-01 2024-04-02 I500 1	# Q1: 2
	row N001 S10 2024-10-01 2024-10-02 I500 1	# Q3: 2
} >a.rows
{
	row N002 S8 2024-04-01 2024-04-02 I500 1	# Q1: 2
	row N002 S9 2024-04-01 2024-04-05 I500 1	# Q1: 5
	row R001 S6 2024-05-01 2024-05-07 I500 1	# Q1: 7
	row N001 S11 2025-01-05 2025-01-12 I500 1	# Q4: 8
} >b.rows
# each file sorted by hospital, then stay, byte by byte
for s in a b; do { echo "$H"; LC_ALL=C sort -t, -k1,1 -k2,2 $s.rows; } >$s.csv; done
{ echo "$H"; cat a.rows b.rows | LC_ALL=C sort -t, -k1,1 -k2,2; } >stays.csv
echo "hospital,stay,day,code,kind,qty" >events.csv

"$QI" compute -i defs "${REG[@]}" --stays stays.csv --events events.csv \
	--tallies-only -o - >all.csv 2>err || fail "tallies: $(cat err)"
# stays, sum, no second sum, one exclusion; then the histogram
expect_in all.csv "tally,N001,hf_los_median,1,,FY2024Q1,,2,8,0,1"
expect_in all.csv "tally,N002,hf_los_median,1,,FY2024Q1,,3,9,0,0"
expect_in all.csv "value,N002,hf_los_median,1,,FY2024Q1,2,2,,,"
expect_in all.csv "value,N002,hf_los_median,1,,FY2024Q1,5,1,,,"
expect_in all.csv "value,N001,hf_los_median,1,,FY2024Q4,8,1,,,"
# shards merge to the bytes of one run: N002's two stays of 2 days
# are in different shards
for s in a b; do
	"$QI" compute -i defs "${REG[@]}" --stays $s.csv --events events.csv \
		--tallies-only -o - >t$s.csv 2>err || fail "shard $s: $(cat err)"
done
expect_in ta.csv "value,N002,hf_los_median,1,,FY2024Q1,2,1,,,"
expect_status 0 "$QI" merge -i defs "${REG[@]}" -o merged.csv ta.csv tb.csv
cmp merged.csv all.csv || fail "merged shards differ from one run"

expect_status 0 "$QI" compute -i defs "${REG[@]}" --tallies all.csv -o res
# N002, FY2024Q1 (2, 2, 5): median 2; k = qbinom(0.05, 3, 0.5) = 0, so
# no interval at level 0.9
expect_in res/results.csv "hf_los_median,1,FY2024Q1,hospital,NHO,N002,例示架空第二医療センター,9,3,2,,,proportion,exact,0.9,ok"
# N001, FY2024 from its four quarters (3, 5 | 10 | 2 | 8): median 5;
# k = qbinom(0.05, 5, 0.5) = 1: [x(1), x(5)] = [2, 10]
expect_in res/results.csv "hf_los_median,1,FY2024,hospital,NHO,N001,例示架空医療センター,28,5,5,2,10,proportion,exact,0.9,ok"
# each quarter of N001 has under 3 stays: withheld
expect_in res/results.csv "hf_los_median,1,FY2024Q2,hospital,NHO,N001,例示架空医療センター,,,,,,proportion,exact,0.9,suppressed_small_denominator"
# R001 (one stay) is withheld, counts and all, as is JOHAS (R001 alone);
# and R001 must not follow from the pools: all minus NHO is R001
expect_in res/results.csv "hf_los_median,1,FY2024Q1,hospital,JOHAS,R001,例示架空労災病院,,,,,,proportion,exact,0.9,suppressed_small_denominator"
expect_in res/results.csv "hf_los_median,1,FY2024Q1,organisation,JOHAS,,,,,,,,proportion,exact,0.9,suppressed_small_denominator"
if grep -q '^hf_los_median,1,FY2024Q1,all,,,,[0-9]' res/results.csv &&
	grep -q '^hf_los_median,1,FY2024Q1,organisation,NHO,,,[0-9]' res/results.csv; then
	fail "R001's sum and stays follow from the published pools"
fi
# the pool that is published has the median of its hospitals' values:
# NHO (2, 2, 3, 5, 5): median 3, [2, 5] (k = 1); all (2, 2, 3, 5, 5, 7):
# median 4, [2, 7] (k = qbinom(0.05, 6, 0.5) = 1)
awk -F, '$1 == "hf_los_median" && $3 == "FY2024Q1" && $16 == "ok" &&
	($4 == "all" || $4 == "organisation") {
	ok = ($4 == "all" && $8 == 24 && $9 == 6 && $10 == 4 && $11 == 2 &&
	    $12 == 7) || ($5 == "NHO" && $8 == 17 && $9 == 5 && $10 == 3 &&
	    $11 == 2 && $12 == 5)
	print ok ? "good" : "bad: " $0 }' res/results.csv >got
expect_in got good
if grep -q bad got; then fail "$(cat got)"; fi
grep -q '"rate": 2,' res/results.json || fail "no median 2 in results.json"
# no funnel for a median
if grep -q '^hf_los_median,' res/funnel.csv; then fail "funnel rows for a median"; fi
# no charts, said once
expect_status 0 "$QI" render -i defs "${REG[@]}" -o res --charts all
if ls res/charts | grep -q '^hf_los_median'; then fail "charts drawn for a median"; fi
expect_in err "no charts for 1 indicator of kind mean or median (hf_los_median)"

# qi compare shows each hospital's median (not sum / stays), without a
# comparison; the rest of an organisation has no median by subtraction.
mkdir d
cp "$E/organisations.csv" hospitals.csv d/
expect_status 0 "$QI" compare -i defs -d d --results res --period FY2024 \
	--hospital N001 --hospital N002 -o cmp.csv
expect_in cmp.csv "hf_los_median,1,FY2024,N001,例示架空医療センター,N002,例示架空第二医療センター,28,5,5,9,3,2,,,,,,,,,,,,,not computable"
expect_status 0 "$QI" compare -i defs -d d --results res --period FY2024 \
	--hospital N001 -o cmp.csv
expect_in cmp.csv ",no median of the others"

# A variant has its own histogram: los instead of los + 1 for N001,
# FY2024 (2, 4, 9, 1, 7): median 4, [1, 9].
cat >>defs/hf_los_median.yaml <<'YAML'
variants:
  los0:
    ja: 入院日を含まない
    en: Admission day not counted
    numerator: {value: los}
YAML
expect_status 0 "$QI" compute -i defs "${REG[@]}" --stays stays.csv \
	--events events.csv --variant los0 -o resv
expect_in resv/results.csv "hf_los_median,1,FY2024,hospital,NHO,N001,例示架空医療センター,23,5,4,1,9,proportion,exact,0.9,ok"
sed -i '/^variants:$/,$d' defs/hf_los_median.yaml

# Tally rows without their value rows give no median.
grep -v '^value,' all.csv >novalues.csv
expect_status 1 "$QI" compute -i defs "${REG[@]}" --tallies novalues.csv -o res3
expect_in err "hf_los_median, FY2024Q1, hospital N002: the values add up to 0 stays summing to 0, the counts are 3 stays summing to 9"

# A value row above numerator.max, or for an indicator that is not a
# median, is an error at its row.
{ cat all.csv; echo "value,N002,hf_los_median,1,,FY2024Q2,31,1,,,"; } >big.csv
expect_status 1 "$QI" compute -i defs "${REG[@]}" --tallies big.csv -o res4
expect_in err "big.csv:16:"
expect_in err "bad value '31' for 'hf_los_median' (numerator.max 30)"
sed 's/^value,\(N00[12]\),hf_los_median,/pattern,\1,hf_los_median,/' all.csv >pat.csv
expect_status 1 "$QI" compute -i defs "${REG[@]}" --tallies pat.csv -o res4
expect_in err "pattern row for 'hf_los_median', a median"

# Errors of a median, each at its key, in one run.
sed -e 's/^  value: los + 1$/  when: los > 3/' -e '/^  max: 30$/d' \
	-e 's/min_denominator: 3}/min_denominator: 1, min_numerator: 2}/' \
	defs/hf_los_median.yaml >defs/bad_los.yaml
sed -i 's/^id: hf_los_median$/id: bad_los/' defs/bad_los.yaml
printf 'funnel: {method: normal}\n' >>defs/bad_los.yaml
sed -e 's/^kind: median$/kind: proportion/' -e 's/method: exact,/method: wilson,/' \
	-e 's/^  value: los + 1$/  when: los > 3/' defs/hf_los_median.yaml >defs/prop_max.yaml
sed -i 's/^id: hf_los_median$/id: prop_max/' defs/prop_max.yaml
expect_status 1 "$QI" check -i defs
expect_in err "defs/bad_los.yaml:19:9: error: numerator.when in a median"
expect_in err "defs/bad_los.yaml:5:7: error: a median needs denominator.when and numerator.value"
expect_in err "defs/bad_los.yaml:17:3: error: a median needs numerator.max"
expect_in err "defs/bad_los.yaml:9:32: error: 'publication.min_denominator' is 1; a median needs at least 2"
expect_in err "defs/bad_los.yaml:9:50: error: min_numerator given for a median"
expect_in err "defs/bad_los.yaml:20:9: error: funnel given for a median"
expect_in err "defs/prop_max.yaml:20:8: error: numerator.max given for a proportion"
rm defs/bad_los.yaml defs/prop_max.yaml

# A value above numerator.max, or not a whole number, is an error naming
# the indicator, the period and the stay; nothing is written.
sed -i 's/^  max: 30$/  max: 9/' defs/hf_los_median.yaml
expect_status 1 "$QI" compute -i defs "${REG[@]}" --stays stays.csv \
	--events events.csv -o res2
expect_in err "hf_los_median, FY2024Q2: stay 'S3' gives 10"
expect_in err "a median's value is a whole number from 0 to numerator.max, 9"
[ ! -e res2/results.csv ] || fail "results written despite errors"
sed -i -e 's/^  max: 9$/  max: 30/' -e 's/^  value: los + 1$/  value: (los + 1) \/ 2/' defs/hf_los_median.yaml
expect_status 1 "$QI" compute -i defs "${REG[@]}" --stays stays.csv \
	--events events.csv -o res2
expect_in err "hf_los_median, FY2024Q1: stay 'S1' gives 1.5"

