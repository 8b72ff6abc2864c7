# SPDX-License-Identifier: GPL-3.0-or-later
# kind: mean -- the mean of a value per stay (here 在院日数, los + 1) with
# its t-interval.  The tallies keep the stays, the sum and the sum of
# squares (exposure column), shards merge to the bytes of one run, the
# results carry the mean in `rate` with method t (numbers worked out by
# hand, R's qt() for the t quantiles), a mean under min_denominator is withheld
# with its counts and cannot be recovered from the pools, no funnel rows
# or charts are made for it, and the definition errors of a mean are
# reported at their keys.
. "$(dirname "$0")/lib.bash"

E="$SRC/tests/examples/hf_mortality"
{ cat "$E/hospitals.csv"; echo "N002,NHO,例示架空第二医療センター,Second Example Center,近畿,200,"; } >hospitals.csv
REG=(--organisations "$E/organisations.csv" --hospitals hospitals.csv)
mkdir defs
cp -r "$SRC/indicators/codes" defs/
cat >defs/hf_los.yaml <<'YAML'
id: hf_los
version: 1
title: {ja: 心不全患者の平均在院日数, en: Mean length of stay of heart failure}
source: DPC 様式1
kind: mean
unit: proportion
direction: lower_is_better
statistics: {method: t, level: 0.95}
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
YAML
H=hospital,stay,patient,admission,discharge,age,sex,emergency,ambulance,dx_main,dx_trigger,dx_resource,dx_comorbid,dx_complication,outcome,death_24h,prev_discharge,onset_days,killip,jcs,cancer_stage,dementia,insurance,falls,falls_3b,restraint_days,pressure_ulcer
row() { echo "$1,$2,P$2,$3,$4,80,1,1,0,$5,$5,$5,,,$6,0,,,,0,,0,1,,,,"; }
{
	echo "$H"
	row N001 S1 2024-04-01 2024-04-03 I500 1	# 3 days
	row N001 S2 2024-04-01 2024-04-05 I509 1	# 5
	row N001 S3 2024-04-10 2024-04-19 I110 1	# 10
	row N001 S4 2024-04-10 2024-04-12 I500 6	# died: excluded
	row N001 S5 2024-04-10 2024-04-12 J189 1	# not heart failure
	row N002 S7 2024-04-01 2024-04-02 I500 1	# 2
	row N002 S8 2024-04-01 2024-04-02 I500 1	# 2
	row N002 S9 2024-04-01 2024-04-05 I500 1	# 5
} >n.csv
{
	echo "$H"
	row R001 S6 2024-05-01 2024-05-07 I500 1	# 7
} >r.csv
{ cat n.csv; tail -n +2 r.csv; } >stays.csv
echo "hospital,stay,day,code,kind,qty" >events.csv

"$QI" compute -i defs "${REG[@]}" --stays stays.csv --events events.csv \
	--tallies-only -o - >all.csv 2>err || fail "tallies: $(cat err)"
# stays, sum, sum of squares (9 + 25 + 100), one exclusion
expect_in all.csv "tally,N001,hf_los,1,,FY2024Q1,,3,18,134,1"
expect_in all.csv "tally,R001,hf_los,1,,FY2024Q1,,1,7,49,0"
expect_in all.csv "tally,N002,hf_los,1,,FY2024Q1,,3,9,33,0"
# shards merge to the bytes of one run
"$QI" compute -i defs "${REG[@]}" --stays n.csv --events events.csv \
	--tallies-only -o - >a.csv 2>err || fail "shard a: $(cat err)"
"$QI" compute -i defs "${REG[@]}" --stays r.csv --events events.csv \
	--tallies-only -o - >b.csv 2>err || fail "shard b: $(cat err)"
expect_status 0 "$QI" merge -i defs "${REG[@]}" -o merged.csv a.csv b.csv
cmp merged.csv all.csv || fail "merged shards differ from one run"

expect_status 0 "$QI" compute -i defs "${REG[@]}" --tallies all.csv -o res
# N002 (2, 2, 5): mean 3, s^2 = (3 * 33 - 9^2) / 6 = 3, half-width
# qt(0.975, 2) sqrt(3 / 3) = 4.30265272974946; the lower limit cut at 0
awk -F, '$1 == "hf_los" && $3 == "FY2024Q1" && $6 == "N002" {
	ok = $8 == 9 && $9 == 3 && $10 == 3 && $11 == 0 &&
	    ($12 - 7.3026527297494643)^2 < 1e-24 && $13 == "proportion" &&
	    $14 == "t" && $16 == "ok" && $17 == ""
	print ok ? "good" : "bad: " $0 }' res/results.csv >got
expect_in got good
# both organisations: 7 stays, sum 34, s^2 = (7 * 216 - 34^2) / 42,
# qt(0.975, 6) = 2.4469118511449697
awk -F, '$1 == "hf_los" && $3 == "FY2024Q1" && $4 == "all" {
	h = 2.4469118511449697 * sqrt((7 * 216 - 34 * 34) / 42 / 7)
	ok = $8 == 34 && $9 == 7 && ($10 - 34 / 7)^2 < 1e-26 &&
	    ($11 - (34 / 7 - h))^2 < 1e-24 && ($12 - (34 / 7 + h))^2 < 1e-24
	print ok ? "good" : "bad: " $0 }' res/results.csv >got
expect_in got good
# R001 (one stay) is withheld, counts and all, as is JOHAS (R001 alone);
# and R001 must not follow from the pools: all minus NHO is R001
expect_in res/results.csv "hf_los,1,FY2024Q1,hospital,JOHAS,R001,例示架空労災病院,,,,,,proportion,t,0.95,suppressed_small_denominator"
expect_in res/results.csv "hf_los,1,FY2024Q1,organisation,JOHAS,,,,,,,,proportion,t,0.95,suppressed_small_denominator"
if grep -q '^hf_los,1,FY2024Q1,all,,,,[0-9]' res/results.csv &&
	grep -q '^hf_los,1,FY2024Q1,organisation,NHO,,,[0-9]' res/results.csv; then
	fail "R001's sum and stays follow from the published pools"
fi
# no funnel for a mean
if grep -q '^hf_los,' res/funnel.csv; then fail "funnel rows for a mean"; fi
# no charts, said once
expect_status 0 "$QI" render -i defs "${REG[@]}" -o res --charts all
if ls res/charts | grep -q '^hf_los'; then fail "charts drawn for a mean"; fi
expect_in err "no charts for 1 indicator of kind mean or median (hf_los)"

# Errors of a mean, each at its key, in one run.
sed -e 's/^  value: los + 1$/  when: los > 3/' \
	-e 's/min_denominator: 3}/min_denominator: 1, min_numerator: 2}/' \
	defs/hf_los.yaml >defs/bad_los.yaml
sed -i 's/^id: hf_los$/id: bad_los/' defs/bad_los.yaml
printf 'funnel: {method: normal}\n' >>defs/bad_los.yaml
expect_status 1 "$QI" check -i defs
expect_in err "defs/bad_los.yaml:19:9: error: numerator.when in a mean"
expect_in err "defs/bad_los.yaml:5:7: error: a mean needs denominator.when and numerator.value"
expect_in err "defs/bad_los.yaml:9:32: error: 'publication.min_denominator' is 1; a mean needs at least 2"
expect_in err "defs/bad_los.yaml:9:50: error: min_numerator given for a mean"
expect_in err "defs/bad_los.yaml:20:9: error: funnel given for a mean"
rm defs/bad_los.yaml

# A value that is not a whole number is an error naming the stay.
sed -i 's/^  value: los + 1$/  value: (los + 1) \/ 2/' defs/hf_los.yaml
expect_status 1 "$QI" compute -i defs "${REG[@]}" --stays stays.csv \
	--events events.csv -o res2
expect_in err "hf_los: stay 'S1' gives 1.5"
expect_in err "a mean's value is a whole number, 0 or more, at most 10^6"
