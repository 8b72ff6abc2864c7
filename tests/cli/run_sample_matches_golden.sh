# SPDX-License-Identifier: GPL-3.0-or-later
# qi run with no data uses the synthetic patient-level sample: registry,
# stays.csv and events.csv, and counts.csv for the definitions without a
# patient-level rule; every definition gets results and charts, and the
# manifest names the records.  The committed sample (tests/golden/sample,
# counts only) with the seven definitions it was made for
# (tests/golden/indicators) gives exactly the golden results.csv.
. "$(dirname "$0")/lib.bash"

n=$(ls "$SRC"/indicators/*.yaml | wc -l)
expect_status 0 "$QI" run -i "$SRC/indicators" --sample-format csv -o res
expect_in err "results of $n indicators for 172 hospitals"
for f in results.csv results.json sample/organisations.csv \
	sample/hospitals.csv sample/counts.csv sample/stays.csv sample/events.csv; do
	[ -s "res/$f" ] || fail "res/$f missing"
done
# every definition has results
got=$(awk -F, 'NR > 1 { print $1 }' res/results.csv | sort -u | wc -l)
[ "$got" = "$n" ] || fail "results for $got of $n indicators"
# means and medians have no charts (specs/definitions.md §2.8, §2.9)
loc=$(grep -lE '^kind: (mean|median)$' "$SRC"/indicators/*.yaml | sed 's|.*/||; s|\.yaml$||' | tr '\n' ' ')
nloc=$(echo $loc | wc -w)
[ "$nloc" -gt 0 ] || fail "no mean or median shipped"
# a caterpillar chart per indicator and fiscal year with data (FY2023 of the
# indicators recorded from FY2024 on is 0/0, empty), a funnel plot per one
# with a published pooled rate, a comparison and a trend chart per
# indicator, in png and pdf
want=$(awk -F, -v loc=" $loc " 'NR > 1 && $4 == "all" && $3 !~ /Q/ && $16 != "no_data" &&
	index(loc, " " $1 " ") == 0 { print $1 "_" $3 }' res/results.csv | sort -u | wc -l)
[ "$(ls res/charts | grep -cE '_FY[0-9]{4}\.(png|pdf)$')" = "$((want * 2))" ] ||
	fail "expected $((want * 2)) caterpillar charts"
want=$(awk -F, -v loc=" $loc " 'NR > 1 && $4 == "all" && $3 !~ /Q/ && $16 == "ok" &&
	index(loc, " " $1 " ") == 0 { print $1 "_" $3 }' res/results.csv | sort -u | wc -l)
[ "$(ls res/charts | grep -cE '_FY[0-9]{4}_funnel\.(png|pdf)$')" = "$((want * 2))" ] ||
	fail "expected $((want * 2)) funnel plots"
[ "$(ls res/charts | grep -cE '_(compare|trend)\.(png|pdf)$')" = "$(((n - nloc) * 4))" ] ||
	fail "expected $(((n - nloc) * 4)) comparison and trend charts"
for f in funnel.csv trend.csv; do
	[ "$(wc -l <res/$f)" -gt 1000 ] || fail "res/$f is nearly empty"
done
expect_in res/results.json "\"qi_version\": \"$("$QI" --version | cut -d' ' -f2)\""
expect_in res/results.json "\"role\": \"stays\""
expect_in res/results.json "\"role\": \"events\""
sum=$(sha256sum res/sample/stays.csv | cut -d' ' -f1)
expect_in res/results.json "\"sha256\": \"$sum\""
sum=$(sha256sum "$SRC/indicators/readmission_6w.yaml" | cut -d' ' -f1)
expect_in res/results.json "\"sha256\": \"$sum\""
ls -a res | grep -q '^\.qi-stage' && fail "staging directory left behind"
before=$(ls res/charts | wc -l)
expect_status 0 "$QI" render -i "$SRC/indicators" -o res --format svg \
	--indicator readmission_6w --period FY2024Q2
# the caterpillar chart and the funnel plot of that quarter join the others
[ "$(ls res/charts | wc -l)" = "$((before + 2))" ] ||
	fail "render --indicator removed other charts"
awk -F, 'NR > 1 && $16 ~ /^suppressed/ && ($8 $9 $10 $11 $12 $17) != "" &&
	!($16 == "suppressed_small_numerator" && ($8 $10 $11 $12 $17) == "") {
		print; bad = 1 } END { exit bad }' res/results.csv ||
	fail "a suppressed row shows a value"

# The golden results of the committed counts.
expect_status 0 "$QI" run -i "$SRC/tests/golden/indicators" \
	-d "$SRC/tests/golden/sample" -o gold
expect_in err "results of 7 indicators for 172 hospitals"
diff -u "$SRC/tests/golden/sample/results.csv" gold/results.csv >diff.txt ||
	{ head -40 diff.txt >&2; fail "results.csv differs from the golden file"; }
[ "$(ls gold/charts | wc -l)" = 84 ] ||
	fail "expected 84 charts (7 indicators x (2 years x 2 kinds + comparison + trend) x png,pdf), got $(ls gold/charts | wc -l)"
# control charts: one per hospital with two or more published quarters
expect_status 0 "$QI" render -i "$SRC/indicators" -o res --format png \
	--charts spc --indicator readmission_6w
want=$(awk -F, '$1 == "readmission_6w" && $4 == "hospital" && $3 ~ /Q/ && $16 == "ok" { print $6 }' \
	res/results.csv | sort | uniq -c | awk '$1 >= 2' | wc -l)
[ "$want" -gt 100 ] && [ "$(ls res/charts | grep -c '^readmission_6w_.*_spc\.png$')" = "$want" ] ||
	fail "expected $want control charts"
echo "golden: ok"
