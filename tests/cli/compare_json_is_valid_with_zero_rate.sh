# SPDX-License-Identifier: GPL-3.0-or-later
# qi compare --as json is JSON even when a number is not finite: a rate
# ratio against a side with no events is infinite, written as null with
# a status saying why (JSON has no inf), by the one JSON number writer.
. "$(dirname "$0")/lib.bash"

mkdir -p r/sample ind
cp "$SRC/indicators/falls_rate.yaml" ind/
cp "$SRC"/tests/golden/sample/organisations.csv "$SRC"/tests/golden/sample/hospitals.csv r/sample/
cat >r/results.csv <<'CSV'
indicator,version,period,scope,organisation,hospital,hospital_name,numerator,denominator,rate,lower,upper,unit,method,level,status,exposure,expected,ratio,ratio_lower,ratio_upper,adj_rate,adj_lower,adj_upper
falls_rate,2,FY2024,organisation,NHO,,,12,500,0.003,0.001,0.005,per_mille,exact,0.95,ok,4000,,,,,,,
falls_rate,2,FY2024,organisation,JOHAS,,,0,400,0,0,0.001,per_mille,exact,0.95,ok,3000,,,,,,,
CSV

expect_status 0 "$QI" compare -i ind --results r --as json
python3 -c 'import json, sys; json.load(sys.stdin)' <out || fail "not JSON: $(cat out)"
expect_in out '"rate_ratio": null'
expect_in out '"ratio_upper": null'
expect_in out '"status": "no events in b, ratio infinite"'
grep -qiE ': -?(inf|nan)' out && fail "non-finite number written: $(cat out)"

# The table says why too, instead of printing inf.
expect_status 0 "$QI" compare -i ind --results r --as table
expect_in out 'no events in b, ratio infinite'
grep -qiE '\binf\b' out && fail "inf in the table: $(cat out)"

# Both sides without events: the ratio is 0/0, said so.
sed -i 's/,12,500,/,0,500,/' r/results.csv
expect_status 0 "$QI" compare -i ind --results r --as json
python3 -c 'import json, sys; json.load(sys.stdin)' <out || fail "not JSON: $(cat out)"
expect_in out '"status": "no events on either side"'

# The CSV says the same.
expect_status 0 "$QI" compare -i ind --results r --as csv
tail -1 out | grep -q ',no events on either side$' || fail "csv status: $(tail -1 out)"

# No exposure on one side: its rate is undefined, not inf, in both forms.
sed -i 's/,3000,/,0,/' r/results.csv
expect_status 0 "$QI" compare -i ind --results r --as json
python3 -c 'import json, sys; json.load(sys.stdin)' <out || fail "not JSON: $(cat out)"
expect_in out '"exposure": 0, "rate": null}'
expect_in out '"status": "undefined_t0"'
expect_status 0 "$QI" compare -i ind --results r --as csv
grep -qi 'inf' out && fail "inf in the CSV: $(cat out)"
tail -1 out | grep -q ',undefined_t0$' || fail "csv status: $(tail -1 out)"
expect_status 0 "$QI" compare -i ind --results r --as table
grep -qi 'nan' out && fail "nan in the table: $(cat out)"
echo "compare json: ok"
