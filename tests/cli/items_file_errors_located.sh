# SPDX-License-Identifier: GPL-3.0-or-later
# items.csv and the EF columns of events.csv as a user meets their errors:
# every bad row reported at FILE:LINE:COL in one run (a payload that is not
# of its item's type, an item given twice, an item without a stay, rows
# out of order, a bad データ区分 or ward), exit status 1 and nothing
# written; the DPC reader reports a bad typed payload or 病棟コード at the
# 様式1/EF row.  And items are joined the same when the files are read in
# byte ranges by several threads (--jobs).
. "$(dirname "$0")/lib.bash"

HD=$SRC/tests/dpc/hospital_handover
mkdir in defs defs/codes
cp "$HD/organisations.csv" in/
{ echo "id,org,name_ja,name_en,region,beds,facility_code"
  echo "N101,NHO,あおば架空医療センター,Aoba Fictional Medical Center,北海道東北,410,011234567"; } >in/hospitals.csv
printf 'code,label\nH001*,リハ\n' >defs/codes/rehab.csv
cat >defs/home.yaml <<'YAML'
id: home
version: 1
title: {ja: 自宅退院, en: Discharge home}
source: DPC 様式1
kind: proportion
unit: percent
direction: higher_is_better
statistics: {method: wilson, level: 0.95}
publication: {min_denominator: 1}
denominator: {ja: 退院患者, en: Discharges, when: "not missing(discharge_to)"}
numerator: {ja: 家庭, en: Home, when: "discharge_to == 1 and any(rehab where ward == \"W3\")"}
YAML
cat >in/stays.csv <<'CSV'
hospital,stay,admission,discharge
N101,S1,2024-07-01,2024-07-10
N101,S2,2024-07-01,2024-07-10
CSV
cat >in/events.csv <<'CSV'
hospital,stay,day,code,category,ward
N101,S1,0,H001,5x,W3
N101,S2,0,H001,80,W-3
CSV
cat >in/items.csv <<'CSV'
hospital,stay,code,seq,p1,p2,p3
N101,S0,A000030,0,,1,
N101,S1,A000030,0,20240710,1,1
N101,S1,A000030,0,,2,
N101,S1,A000070,0,20240230,,
N101,S2,A000030,0,,x,
N101,S2,ADL0010,0,,1.2,
N101,S1,A000030,1,,1,
CSV
expect_status 1 "$QI" compute -i defs -d in -o res
expect_in err "in/items.csv:2:6: error: item of stay 'S0' of hospital 'N101', which is not in the stays file"
expect_in err "in/items.csv:4:9: error: item A000030 連番 0 given twice for stay 'S1' of hospital 'N101'"
expect_in err "in/items.csv:5:19: error: bad date '20240230' in p1 of A000070 (previous discharge date)"
expect_in err "in/items.csv:6:20: error: bad number 'x' in p2 of A000030 (discharge destination)"
expect_in err "in/items.csv:7:20: error: bad code '1.2' in p2 of ADL0010 (ADL score at admission)"
expect_in err "in/items.csv:8:1: error: not sorted by hospital, then stay: item of stay 'S1' of hospital 'N101' comes after stay 'S2' of 'N101'"
expect_in err "in/events.csv:2:16: error: bad category '5x'"
expect_in err "in/events.csv:3:19: error: bad ward 'W-3'"
[ ! -e res ] || fail "a failed compute wrote outputs"

# the DPC reader: a typed payload and a 病棟コード, at their row and column
mkdir dpc
cp in/organisations.csv in/hospitals.csv dpc/
printf '011234567\t0000000001\t20240701\t0\t0\tA000030\t20240601\t0\t20240710\tX\t1\t0\t\t\t\t\t\r\n' \
	>dpc/FF1_011234567_2407.txt
{
	printf '施設コード\tデータ識別番号\t退院年月日\t入院年月日\tデータ区分\t順序番号\t行為明細番号\t病院点数マスタコード\tレセプト電算処理システム用コード\t解釈番号\t診療明細名称\t使用量\t基準単位\t明細点数・金額\t円・点区分\t出来高実績点数\t行為明細区分情報\t行為点数\t行為薬剤料\t行為材料料\t行為回数\t保険者番号\tレセプト種別コード\t実施年月日\tレセプト科区分\t診療科区分\t医師コード\t病棟コード\t病棟区分\t入外区分\t施設タイプ\r\n'
	printf '011234567\t0000000001\t00000000\t20240701\t80\t1\t000\t\t180027610\tH001\tリハ\t1\t\t\t\t\t\t245\t\t\t1\t\t\t20240702\t\t010\t\tW-3\t\t0\t\r\n'
} >dpc/EFn_011234567_2407.txt
expect_status 1 "$QI" check -i defs --data dpc
expect_in err "FF1_011234567_2407.txt:1:63: error: bad 退院先 'X' (payload 2 of A000030)"
expect_in err "EFn_011234567_2407.txt:2:"
expect_in err "bad 病棟コード 'W-3'"

# a larger flat set, read by 1 and by 3 threads: the same tallies
mkdir big
cp in/organisations.csv in/hospitals.csv big/
awk 'BEGIN {
	print "hospital,stay,admission,discharge" >"big/stays.csv"
	print "hospital,stay,day,code,ward" >"big/events.csv"
	print "hospital,stay,code,seq,p1,p2,p3" >"big/items.csv"
	for (i = 1000; i < 1600; i++) {
		s = "S" i
		print "N101," s ",2024-07-01,2024-07-10" >"big/stays.csv"
		print "N101," s ",1,H001," (i % 3 ? "W3" : "W5") >"big/events.csv"
		if (i % 5)
			print "N101," s ",A000030,0,20240710," (i % 7 ? 1 : 4) ",1" >"big/items.csv"
		print "N101," s ",A006040,1,,E119," >"big/items.csv"
	}
}'
expect_status 0 "$QI" compute -i defs -d big --tallies-only -o -
cp out one.csv
expect_status 0 "$QI" compute -i defs -d big --tallies-only --jobs 3 -o -
cmp one.csv out || fail "3 threads give other tallies"
# 480 stays with A000030 (i % 5 != 0); home (i % 7 != 0) on W3 (i % 3 != 0)
den=$(awk 'BEGIN { for (i = 1000; i < 1600; i++) n += i % 5 != 0; print n }')
num=$(awk 'BEGIN { for (i = 1000; i < 1600; i++) n += i % 5 && i % 7 && i % 3; print n }')
expect_in one.csv "tally,N101,home,1,,FY2024Q2,,$den,$num,0,"

# --skip-bad-rows: the bad items rows are left out and counted by reason,
# their stays kept; the bad events rows likewise
expect_status 0 "$QI" compute -i defs -d in --skip-bad-rows -o res
expect_in res/results.json '{"file": "items", "reason": "bad date", "rows": 1}'
expect_in res/results.json '{"file": "items", "reason": "event without stay", "rows": 1}'
expect_in res/results.json '{"file": "items", "reason": "out of order", "rows": 2}'
