# SPDX-License-Identifier: GPL-3.0-or-later
# Patient-level records without counts.csv, as an analyst first tries qi
# (issue 11): an indicator the records cannot give (abx_prophylaxis_1h has
# no patient-level rule) gets no_data pools and no charts, never a failed
# run; a quarter in which a hospital of the records has no eligible stay is
# 0/0, so its fiscal year and the pools are made of four quarters.
. "$(dirname "$0")/lib.bash"

mkdir d
cat >d/organisations.csv <<'CSV'
code,name_ja,name_en,url
NHO,国立病院機構,National Hospital Organization,https://nho.example/
JOHAS,労働者健康安全機構,Japan Organization of Occupational Health and Safety,https://johas.example/
CSV
cat >d/hospitals.csv <<'CSV'
id,org,name_ja,name_en,region,beds
N001,NHO,あおば架空医療センター,Aoba Fictional Medical Center,北海道東北,253
N002,NHO,いずみ架空病院,Izumi Fictional Hospital,関東,300
R001,JOHAS,みなと架空労災病院,Minato Fictional Rosai Hospital,関東,400
CSV
# N001: acute infarctions in FY2024 Q1, Q2 and Q4, none in Q3; R001: only
# pneumonia, every quarter; N002: no stays at all.
# Every column the definitions read is in the header, mostly empty.
X=patient,emergency,ambulance,dx_trigger,dx_comorbid,dx_complication,death_24h,prev_discharge,killip,jcs,cancer_stage,dementia,insurance,falls,falls_3b,restraint_days,pressure_ulcer
E=$(echo ",$X" | tr -cd ,)
{
	echo "hospital,stay,admission,discharge,age,sex,dx_main,dx_resource,outcome,onset_days,$X"
	for m in 04 05 07 08 01 02; do
		y=2024; [ "$m" = 01 ] || [ "$m" = 02 ] && y=2025
		echo "N001,s$y$m,$y-$m-01,$y-$m-15,78,2,I639,I639,1,0$E"
	done
	for m in 04 07 10 01; do
		y=2024; [ "$m" = 01 ] && y=2025
		echo "R001,s$y$m,$y-$m-03,$y-$m-20,81,1,J189,J189,1,$E"
	done
} >d/stays.csv
{
	echo "hospital,stay,day,code,kind"
	echo "N001,s202404,1,H001,rehab"
} >d/events.csv

expect_status 0 "$QI" run -i "$SRC/indicators" -d d -o res
grep -q '\.qi-stage' err && fail "a message names the staging folder"
r=res/results.csv
row() { awk -F, -v i="$1" -v p="$2" -v s="$3" -v h="$4" \
	'$1 == i && $3 == p && $4 == s && ($5 == h || $6 == h) { print $16 }' "$r"; }

# no data for an indicator: its pools say so, it has no charts, one note
[ "$(row abx_prophylaxis_1h FY2024 all '')" = no_data ] ||
	fail "abx_prophylaxis_1h FY2024 is not no_data"
[ "$(row abx_prophylaxis_1h FY2024Q3 organisation JOHAS)" = no_data ] ||
	fail "abx_prophylaxis_1h has no JOHAS row"
awk -F, '$16 == "no_data" && ($8 $9 $10) != "" { exit 1 }' "$r" ||
	fail "a no_data row shows counts"
ls res/charts | grep -q '^abx_prophylaxis_1h' && fail "charts of no data"
expect_in err "no data for 1 indicator (abx_prophylaxis_1h)"

# a quarter without eligible stays is 0/0: N001 keeps its fiscal year,
# R001 (in the records, no infarction) is 0/0 in every quarter and year,
# N002 (no records) has no rows
[ "$(row stroke_early_rehab FY2024Q3 hospital N001)" = empty ] ||
	fail "N001's quarter without stays is not 0/0"
[ -n "$(row stroke_early_rehab FY2024 hospital N001)" ] ||
	fail "N001 lost its fiscal year"
[ "$(row stroke_early_rehab FY2024 hospital R001)" = empty ] ||
	fail "R001 has no 0/0 fiscal year"
[ "$(row stroke_early_rehab FY2024 organisation JOHAS)" = empty ] ||
	fail "JOHAS's pool of 0/0 hospitals is not empty"
[ -n "$(row stroke_early_rehab FY2024 all '')" ] || fail "no FY2024 pool"
[ -z "$(row stroke_early_rehab FY2024Q1 hospital N002)" ] ||
	fail "N002, absent from the records, has a row"
awk -F, '$1 == "stroke_early_rehab" && $3 == "FY2024" && $6 == "N001" &&
	$8 $9 == "" && $16 != "suppressed_small_denominator" { exit 1 }' "$r" ||
	fail "N001's fiscal year is not its four quarters"
[ -s res/charts/stroke_early_rehab_FY2024.png ] ||
	fail "no caterpillar chart of FY2024"
[ -s res/charts/stroke_early_rehab_compare.png ] || fail "no comparison chart"
# the websites: a page per indicator, whose no_data pools say so
expect_status 0 "$QI" publish -i "$SRC/indicators" -d d -o res --format svg
expect_in res/site/NHO/indicators/abx_prophylaxis_1h.html "データなし"
expect_in res/site/NHO/en/indicators/abx_prophylaxis_1h.html "no data"
echo "records without counts: ok"
