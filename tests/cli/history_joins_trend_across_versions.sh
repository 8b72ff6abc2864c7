# SPDX-License-Identifier: GPL-3.0-or-later
# --history FILE: the results.csv of an earlier run, of an earlier
# definition version, joins the trend (trend.csv, the trend charts, the
# site's trend) and nothing else.  Version 1 of stroke_early_rehab is
# computed and archived; version 2 takes effect from FY2024, and its
# FY2023 data is no longer at hand; the run of version 2 with the archive
# as history gives a trend of version 1 up to FY2023Q4 and version 2 from
# FY2024Q1, never pooled, while results.csv holds version 2 only.  A bad
# history file is refused at FILE:LINE:COL and nothing is written.
. "$(dirname "$0")/lib.bash"
G=$SRC/tests/golden

# A small data set from the golden sample: 8 NHO and 4 JOHAS hospitals,
# two indicators.
mkdir -p v1 data
cp "$G/indicators/stroke_early_rehab.yaml" "$G/indicators/abx_prophylaxis_1h.yaml" v1/
cp "$G/sample/organisations.csv" data/
awk -F, 'NR == 1 || ($2 == "NHO" && ++n <= 8) || ($2 == "JOHAS" && ++j <= 4)' \
	"$G/sample/hospitals.csv" >data/hospitals.csv
awk -F, 'NR == FNR { if (FNR > 1) keep[$1] = 1; next }
	FNR == 1 || (keep[$1] && ($2 == "stroke_early_rehab" || $2 == "abx_prophylaxis_1h"))' \
	data/hospitals.csv "$G/sample/counts.csv" >data/counts.csv
expect_status 0 "$QI" compute -i v1 -d data -o old

# Version 2 from FY2024: counts of FY2023 are of version 1, so they are
# refused, each at its row; the run goes on once they are gone.
mkdir v2
cp v1/abx_prophylaxis_1h.yaml v2/
sed 's/^version: 1$/version: 2\neffective: FY2024/' v1/stroke_early_rehab.yaml >v2/stroke_early_rehab.yaml
grep -q '^effective: FY2024' v2/stroke_early_rehab.yaml || fail "definition not bumped"
expect_status 1 "$QI" compute -i v2 -d data -o refused
expect_in err "error: counts for FY2023Q1, but version 2 of 'stroke_early_rehab' applies from FY2024"
expect_in err "hint: counts of earlier periods were made by the earlier version"
[ -e refused ] && fail "a refused run wrote output"
mkdir data2
cp data/organisations.csv data/hospitals.csv data2/
awk -F, '!($2 == "stroke_early_rehab" && $3 ~ /^FY2023/)' data/counts.csv >data2/counts.csv

expect_status 0 "$QI" compute -i v2 -d data2 -o new --history old/results.csv
expect_in err "old/results.csv: note:"
expect_in err "quarterly results not used"
T=new/trend.csv
# Each point its own version: 1 up to FY2023Q4, 2 from FY2024Q1.
awk -F, '$1 == "stroke_early_rehab" && $5 == "" && $4 == "" && $3 == "all"' $T >all.csv
[ "$(cut -d, -f2,6 all.csv | tr '\n' ' ')" = \
"1,FY2023Q1 1,FY2023Q2 1,FY2023Q3 1,FY2023Q4 2,FY2024Q1 2,FY2024Q2 2,FY2024Q3 2,FY2024Q4 " ] ||
	fail "versions of the pooled series: $(cut -d, -f2,6 all.csv | tr '\n' ' ')"
awk -F, '$1 == "stroke_early_rehab" && (($6 ~ /^FY2023/) != ($2 == 1))' $T | grep -q . &&
	fail "a stroke_early_rehab row with the wrong version"
# No rolling window spans the change: none ends in FY2024Q1..Q3, and the
# one ending in FY2024Q4 sums FY2024 only.
awk -F, '$1 == "stroke_early_rehab" && $6 ~ /^FY2024Q[123]$/ && $10 != ""' $T | grep -q . &&
	fail "a rolling window spans the version change"
awk -F, '$6 == "FY2023Q4" { a = $10 } $6 == "FY2024Q4" { b = $10 }
	$6 ~ /^FY2024/ { x += $7 } END { exit !(a != "" && b == x) }' all.csv ||
	fail "rolling windows of the pooled series"
# Centre line per version segment: each the sum x / sum n of its quarters.
awk -F, '{ k = $2; x[k] += $7; n[k] += $8; cl[k] = $15; if (seen[k]++ && last[k] != $15) bad = 1; last[k] = $15 }
	END { for (k in x) { d = cl[k] - x[k] / n[k]; if (d < 0) d = -d; if (d > 1e-12) bad = 1 }
	      if (cl[1] == cl[2] || length(x) != 2) bad = 1; exit bad }' all.csv ||
	fail "centre lines are not per version"
# The other indicator: the archive adds nothing, its trend is as before.
[ "$(grep -c '^abx_prophylaxis_1h,1,' $T)" -gt 0 ] || fail "no abx rows"
diff <(grep '^abx_prophylaxis_1h,' old/trend.csv) <(grep '^abx_prophylaxis_1h,' $T) >/dev/null ||
	fail "history changed the trend of an indicator the current run holds"
# History never enters results.csv, funnel.csv or the results of
# results.json: the same bytes as without it.  The manifest names the
# history file among the inputs, with its SHA-256.
expect_status 0 "$QI" compute -i v2 -d data2 -o plain
for f in results.csv funnel.csv; do
	cmp -s plain/$f new/$f || fail "--history changed $f"
done
grep -q '"role": "history", "file": "results.csv", "sha256": "'"$(sha256sum old/results.csv | cut -c1-64)"'"' new/results.json ||
	fail "the manifest does not name the history file"
grep -q '"role": "history"' plain/results.json && fail "history in a plain manifest"
diff <(grep -v '"role": "history"' new/results.json | sed 's/}, *$/}/') \
	<(sed 's/}, *$/}/' plain/results.json) >/dev/null ||
	fail "--history changed results.json beyond its manifest"
cmp -s plain/trend.csv new/trend.csv && fail "--history did not join trend.csv"
grep -q '^stroke_early_rehab,1,' new/results.csv && fail "a version-1 row in results.csv"
grep -q '^stroke_early_rehab,[0-9]*,FY2023' new/results.csv && fail "history in results.csv"
grep -q '^stroke_early_rehab,[0-9]*,FY2023' new/funnel.csv && fail "history in funnel.csv"

# Bad history: every error located, all in one run, nothing written.
before=$(tree_sum new)
awk -F, -v OFS=, '$1 == "stroke_early_rehab" && $3 == "FY2023Q1" && $4 == "all" { $2 = 3 }
	$1 == "stroke_early_rehab" && $3 == "FY2023Q2" && $4 == "all" { $2 = 2 } { print }' \
	old/results.csv >bad.csv
l3=$(grep -n '^stroke_early_rehab,3,FY2023Q1,all' bad.csv | cut -d: -f1)
l2=$(grep -n '^stroke_early_rehab,2,FY2023Q2,all' bad.csv | cut -d: -f1)
expect_status 1 "$QI" compute -i v2 -d data2 -o new --history bad.csv
expect_in err "bad.csv:$l3:20: error: results of version 3, but definition 'stroke_early_rehab' is version 2"
expect_in err "bad.csv:$l2:20: error: FY2023Q2 of 'stroke_early_rehab' is given as version 2, which applies from FY2024 on"
[ "$(tree_sum new)" = "$before" ] || fail "a failed run changed the outputs"
expect_status 1 "$QI" render -i v2 -d data2 -o new --history bad.csv --charts trend
[ "$(tree_sum new)" = "$before" ] || fail "a failed render changed the outputs"
expect_status 2 "$QI" merge -i v2 -d data2 -o - --history old/results.csv old/results.csv
expect_in err "option '--history' does not apply here"
expect_status 2 "$QI" compute -i v2 -d data2 -o new --tallies-only --history old/results.csv
expect_in err "--history does not apply with --tallies-only"
[ "$(tree_sum new)" = "$before" ] || fail "a misused compute changed the outputs"

# The charts: render and run draw the trend with the history.
expect_status 0 "$QI" render -i v2 -d data2 -o new --history old/results.csv \
	--charts trend --format png,svg
[ -s new/charts/stroke_early_rehab_trend.png ] || fail "no trend chart"
expect_status 0 "$QI" run -i v2 -d data2 -o run --history old/results.csv \
	--charts trend --format svg
cmp -s run/trend.csv new/trend.csv || fail "run and compute disagree on trend.csv"
[ -s run/charts/stroke_early_rehab_trend.svg ] || fail "run drew no trend chart"

# The site says where the method changed, in both languages.
expect_status 0 "$QI" publish -i v2 -d data2 -o new --history old/results.csv --format svg
for org in NHO JOHAS; do
	expect_in "new/site/$org/indicators/stroke_early_rehab.html" \
		"計算方法が変わりました: 2023年度 第4四半期までは定義の第1版、2024年度 第1四半期からは第2版です。"
	expect_in "new/site/$org/en/indicators/stroke_early_rehab.html" \
		"The method changed: definition version 1 up to FY2023 Q4, version 2 from FY2024 Q1."
	grep -q 'alt="[^"]*The method changed' "new/site/$org/en/indicators/stroke_early_rehab.html" ||
		fail "the trend chart's alt text does not say the method changed"
	grep -q '計算方法が変わりました' "new/site/$org/indicators/abx_prophylaxis_1h.html" &&
		fail "a change where there is none"
done
echo "history: ok"
