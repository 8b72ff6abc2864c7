# SPDX-License-Identifier: GPL-3.0-or-later
# 様式1 items and the EF columns in definitions: item(CODE, payload[, 連番]),
# a common item by name (discharge_to, adl_admission) and an event
# condition on the ward and データ区分 compute the same tallies from
# hand-made DPC files read directly, from their qi import dpc, and from
# flat stays.csv, events.csv and items.csv written by hand from the specs
# (specs/input.md sections 7 and 8); the counts are worked out by hand
# below.  A definition that reads items without an items file is an
# error, and an unknown item code is a qi check error at its place with
# "did you mean".
. "$(dirname "$0")/lib.bash"

HD=$SRC/tests/dpc/hospital_handover
mkdir dpc defs defs/codes
cp "$HD/organisations.csv" dpc/
{ echo "id,org,name_ja,name_en,region,beds,facility_code"
  echo "N101,NHO,あおば架空医療センター,Aoba Fictional Medical Center,北海道東北,410,011234567"; } >dpc/hospitals.csv
REG=(--organisations dpc/organisations.csv --hospitals dpc/hospitals.csv)

printf 'code,label\nH001*,脳血管疾患等リハビリテーション料\n' >defs/codes/rehab.csv
cat >defs/home_discharge.yaml <<'YAML'
id: home_discharge
version: 1
title: {ja: 自宅退院率, en: Discharge home}
source: DPC 様式1
kind: proportion
unit: percent
direction: higher_is_better
statistics: {method: wilson, level: 0.95}
publication: {min_denominator: 1}
denominator:
  ja: 生存退院のうち入院時ADLの記録がある患者
  en: Discharged alive with an ADL score at admission
  when: not outcome in (6, 7) and not missing(adl_admission)
  exclusions:
    - {name: three_comorbidities, ja: 併存症3つ以上, en: Three comorbidities or more, when: "item_count(A006040) >= 3"}
numerator:
  ja: 退院先が家庭で、2番目の併存症が高血圧の患者
  en: Discharged home, with hypertension as the second comorbidity
  when: |
    discharge_to == 1 and item(A000030, 2) == 1 and
    item(A006040, 2, 2) == "I10"
YAML
cat >defs/rehab_on_ward.yaml <<'YAML'
id: rehab_on_ward
version: 1
title: {ja: 病棟W3での早期リハビリ, en: Early rehabilitation on ward W3}
source: DPC EF
kind: proportion
unit: percent
direction: higher_is_better
statistics: {method: wilson, level: 0.95}
publication: {min_denominator: 1}
denominator:
  ja: リハビリを受けた患者
  en: Patients with rehabilitation
  when: any(rehab)
numerator:
  ja: 入院0-1日目に病棟W3でリハビリ（データ区分80）を受けた患者
  en: Rehabilitation (データ区分 80) on ward W3 on day 0 or 1
  when: any(rehab where ward == "W3" and category == 80, 0, 1)
YAML

# 様式1: 17 tab-separated columns; EF: 31, a title row (specs/input.md 8.3, 8.4)
T=$'\t'
ff1() {	# id admission code 連番 payloads (|-separated)
	local p=$5 i out
	IFS='|' read -r -a pay <<<"$p"
	out="011234567$T$1$T$2${T}0${T}0$T$3${T}20240601$T$4"
	for i in 0 1 2 3 4 5 6 7 8; do out+="$T${pay[$i]:-}"; done
	printf '%s\r\n' "$out"
}
ef() {	# id admission date データ区分 順序番号 解釈番号 診療科区分 病棟コード
	printf '011234567\t%s\t00000000\t%s\t%s\t%s\t000\t\t180027610\t%s\tリハ\t1\t\t\t\t\t\t245\t\t\t1\t\t\t%s\t\t%s\t\t%s\t\t0\t\r\n' \
		"$1" "$2" "$4" "$5" "$6" "$3" "$7" "$8"
}
{
	# S1: home (退院先 1), ADL recorded, comorbidities E119 and I10
	ff1 0000000001 20240701 A000010 0 '19400101|1'
	ff1 0000000001 20240701 A000030 0 '20240710|1|1|0'
	ff1 0000000001 20240701 A006040 2 '|I10'
	ff1 0000000001 20240701 ADL0010 0 '|2222222222'
	ff1 0000000001 20240701 A006040 1 '|E119'
	ff1 0000000001 20240701 M040020 0 '|1100000|0'
	# S2: to another hospital (退院先 4), ADL recorded
	ff1 0000000002 20240702 A000030 0 '20240712|4|1|0'
	ff1 0000000002 20240702 ADL0010 0 '|1111111111'
	ff1 0000000002 20240702 A006040 1 '|I10'
	# S3: died; S4: no ADL score
	ff1 0000000003 20240703 A000030 0 '20240713||6|0'
	ff1 0000000003 20240703 ADL0010 0 '|0000000000'
	ff1 0000000004 20240704 A000030 0 '20240714|1|1|0'
	# S5: home, ADL, but three comorbidities (excluded)
	ff1 0000000005 20240705 A000030 0 '20240715|1|1|0'
	ff1 0000000005 20240705 ADL0010 0 '|2222222222'
	ff1 0000000005 20240705 A006040 1 '|E119'
	ff1 0000000005 20240705 A006040 2 '|I10'
	ff1 0000000005 20240705 A006040 3 '|N184'
} >dpc/FF1_011234567_2407.txt
{
	printf '施設コード\tデータ識別番号\t退院年月日\t入院年月日\tデータ区分\t順序番号\t行為明細番号\t病院点数マスタコード\tレセプト電算処理システム用コード\t解釈番号\t診療明細名称\t使用量\t基準単位\t明細点数・金額\t円・点区分\t出来高実績点数\t行為明細区分情報\t行為点数\t行為薬剤料\t行為材料料\t行為回数\t保険者番号\tレセプト種別コード\t実施年月日\tレセプト科区分\t診療科区分\t医師コード\t病棟コード\t病棟区分\t入外区分\t施設タイプ\r\n'
	ef 0000000001 20240701 20240702 80 1 H001 010 W3	# day 1 on W3
	ef 0000000001 20240701 20240703 80 2 H001 010 W5
	ef 0000000002 20240702 20240703 80 1 H001 010 W5	# W5 only
	ef 0000000004 20240704 20240704 80 1 H001 020 W3	# day 0 on W3
	ef 0000000005 20240705 20240708 80 1 H001 010 W3	# day 3: too late
} >dpc/EFn_011234567_2407.txt

# home_discharge: S1, S2, S5 in the denominator (S3 died, S4 no ADL), S5
# excluded (3 comorbidities): 2 stays, numerator S1 (home, 2nd = I10).
# rehab_on_ward: S1, S2, S4, S5 have rehab; S1 (day 1) and S4 (day 0) on W3.
want() {
	expect_in "$1" "tally,N101,home_discharge,1,,FY2024Q2,,2,1,0,1"
	expect_in "$1" "tally,N101,rehab_on_ward,1,,FY2024Q2,,4,2,0,"
}
expect_status 0 "$QI" compute -i defs --data dpc --tallies-only -o -
cp out direct.csv
want direct.csv

expect_status 0 "$QI" import dpc --data dpc -o flat
expect_in flat/items.csv "N101,0000000001-20240701,A006040,2,,I10,,,,,,,"
expect_in flat/events.csv "N101,0000000004-20240704,0,H001,rehab,1,80,020,W3"
expect_status 0 "$QI" compute -i defs "${REG[@]}" --stays flat/stays.csv \
	--events flat/events.csv --items flat/items.csv --tallies-only -o -
cmp direct.csv out || fail "direct and imported tallies differ"
# -d DIR finds items.csv beside stays.csv
cp dpc/organisations.csv dpc/hospitals.csv flat/
expect_status 0 "$QI" compute -i defs --data flat --tallies-only -o -
cmp direct.csv out || fail "-d flat gives other tallies"

# the flat form written by hand (specs/input.md section 7): the same tallies
mkdir hand
cp dpc/organisations.csv dpc/hospitals.csv hand/
{
	echo "hospital,stay,admission,discharge,outcome"
	echo "N101,S1,2024-07-01,2024-07-10,1"
	echo "N101,S2,2024-07-02,2024-07-12,1"
	echo "N101,S3,2024-07-03,2024-07-13,6"
	echo "N101,S4,2024-07-04,2024-07-14,1"
	echo "N101,S5,2024-07-05,2024-07-15,1"
} >hand/stays.csv
{
	echo "hospital,stay,date,code,kind,ward,category"
	echo "N101,S1,2024-07-02,H001,rehab,W3,80"
	echo "N101,S1,2024-07-03,H001,rehab,W5,80"
	echo "N101,S2,2024-07-03,H001,rehab,W5,80"
	echo "N101,S4,2024-07-04,H001,rehab,W3,80"
	echo "N101,S5,2024-07-08,H001,rehab,W3,80"
} >hand/events.csv
{
	echo "hospital,stay,code,seq,p2"
	echo "N101,S1,A000030,0,1"
	echo "N101,S1,A006040,2,I10"	# rows of a stay in any order
	echo "N101,S1,A006040,1,E119"
	echo "N101,S1,ADL0010,0,2222222222"
	echo "N101,S2,A000030,0,4"
	echo "N101,S2,ADL0010,0,1111111111"
	echo "N101,S3,ADL0010,0,0000000000"
	echo "N101,S4,A000030,0,1"
	echo "N101,S5,A000030,0,1"
	echo "N101,S5,A006040,1,E119"
	echo "N101,S5,A006040,2,I10"
	echo "N101,S5,A006040,3,N184"
	echo "N101,S5,ADL0010,0,2222222222"
	echo "N101,S5,ZZZ0010,0,x y"	# an item qi does not know: passed over
} >hand/items.csv
expect_status 0 "$QI" compute -i defs --data hand --tallies-only -o -
want out
expect_status 0 "$QI" check -i defs --data hand
expect_in out "hand/stays.csv, hand/events.csv, hand/items.csv: 5 stays (5 events), every row ok"

# a definition that reads items needs the items file
rm hand/items.csv
expect_status 1 "$QI" compute -i defs --data hand --tallies-only -o -
expect_in err "no items file, which home_discharge needs"

# an unknown item code: an error at its place, with the nearest code
sed 's/item(A000030, 2)/item(A00030, 2)/' defs/home_discharge.yaml >bad.yaml
mkdir bad && cp -r defs/codes bad/ && mv bad.yaml bad/home_discharge.yaml
expect_status 1 "$QI" check bad/home_discharge.yaml
expect_in err "home_discharge.yaml:20:32: error: unknown 様式1 item 'A00030'"
expect_in err "did you mean 'A000030'?"
