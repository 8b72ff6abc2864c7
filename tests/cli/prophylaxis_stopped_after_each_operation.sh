# SPDX-License-Identifier: GPL-3.0-or-later
# A definition over each operation of a stay: prophylactic antibiotics
# started the day before or the day of each operation (denominator) and
# stopped within 2 days after it (numerator), written with every() and
# the runs of consecutive days run_start() and run_end()
# (specs/expressions.md 5.1, 5.2).  Ten hand-made stays, counted by hand
# below; qi compute's tallies and qi explain's stays must be those.
. "$(dirname "$0")/lib.bash"

E="$SRC/tests/examples/blood_culture_two_sets"
mkdir -p defs/codes
printf 'code,label\nK*,手術\n' >defs/codes/operation.csv
printf 'code,label\n6132*,予防的抗菌薬\n' >defs/codes/prophylactic_abx.csv
cat >defs/prophylaxis_stopped.yaml <<'YAML'
id: prophylaxis_stopped
version: 1
title:
  ja: 予防的抗菌薬の術後2日以内の中止
  en: Prophylactic antibiotics stopped within 2 days after each operation
source: EF
kind: proportion
unit: percent
direction: higher_is_better
statistics: {method: wilson, level: 0.95}
publication: {min_denominator: 1}
denominator:
  ja: 各手術の前日か当日に予防的抗菌薬を開始した手術患者
  en: Stays with an operation, antibiotics started the day before or the day of each
  when: |
    any(operation) and
    every(op in operation, run_start(prophylactic_abx, op - 1, op) >= op - 1)
numerator:
  ja: 分母のうち、各手術の2日後までに抗菌薬を中止した患者
  en: Those whose antibiotics stopped within 2 days after each operation
  when: every(op in operation, run_end(prophylactic_abx, op - 1, op) <= op + 2)
YAML
expect_status 0 "$QI" check -i defs

# Days from admission (day 0); a = antibiotic, K = operation.
#   S01 K 1, a 0-2: starts 0 >= 0, ends 2 <= 3             den, num
#   S02 K 1, a 1-4: ends 4 > 3                             den
#   S03 no operation, a 1-2                                -
#   S04 K 2, no antibiotic: run_start null, every null     -
#   S05 K 1, a 1-2; K 6, a 6-9: the second ends 9 > 8      den
#   S06 K 1, a 0-1 (two rows on 1); K 6, a 5-8: 8 <= 8     den, num
#   S07 K 0 (admission day), a -1 to 1: -1 >= -1, 1 <= 2   den, num
#   S08 K 10 (discharge day), a 9-10                       den, num
#   S09 K 3, a 0-5 (a course begun before: 0 < 2)          -
#   S10 K 2 twice (two rows, one day), a 2-4 and 6: the
#       course stops on 4 <= 4, day 6 is another run       den, num
# denominator 7, numerator 5.
head -1 "$E/stays.csv" >stays.csv
for s in 01 02 03 04 05 06 07 08 09 10; do
	echo "N001,S$s,PS$s,2024-04-10,2024-04-20,70,1,0,0,K359,K359,K359,,,1,0,,,,,,0,1,,,," >>stays.csv
done
{
	echo "hospital,stay,day,code,kind,qty"
	ev() { # STAY KIND CODE DAY...
		local s=$1 k=$2 c=$3 d
		shift 3
		for d in "$@"; do echo "N001,$s,$d,$c,$k,1"; done
	}
	ev S01 procedure K7181 1;  ev S01 drug 613200001 0 1 2
	ev S02 procedure K7181 1;  ev S02 drug 613200001 1 2 3 4
	ev S03 drug 613200001 1 2
	ev S04 procedure K7181 2
	ev S05 procedure K7181 1 6; ev S05 drug 613200001 1 2 6 7 8 9
	ev S06 procedure K7181 1 6; ev S06 drug 613200001 0 1 1 5 6 7 8
	ev S07 procedure K7181 0;  ev S07 drug 613200001 -1 0 1
	ev S08 procedure K7181 10; ev S08 drug 613200001 9 10
	ev S09 procedure K7181 3;  ev S09 drug 613200001 0 1 2 3 4 5
	ev S10 procedure K7181 2;  ev S10 procedure K7182 2
	ev S10 drug 613200001 2 3 4 6
} >events.csv

expect_status 0 "$QI" compute -i defs --organisations "$E/organisations.csv" \
	--hospitals "$E/hospitals.csv" --stays stays.csv --events events.csv \
	--tallies-only -o -
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$col["record"] == "tally" && $col["denominator"] + 0 > 0 {
		print $col["period"], $col["denominator"], $col["numerator"]
	}' out >got
echo "FY2024Q1 7 5" >want
diff want got >&2 || fail "tallies: want denominator 7, numerator 5"

# The stays themselves: in the denominator, and which in the numerator.
expect_status 0 "$QI" explain -i defs --organisations "$E/organisations.csv" \
	--hospitals "$E/hospitals.csv" --stays stays.csv --events events.csv \
	--hospital N001 --indicator prophylaxis_stopped --as csv
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{ print $col["stay"], $col["status"] }' out >got
cat >want <<'WANT'
S01 numerator
S02 denominator_only
S05 denominator_only
S06 numerator
S07 numerator
S08 numerator
S10 numerator
WANT
diff want got >&2 || fail "explain: the stays differ from those counted by hand"
echo "prophylaxis stopped: ok"
