# SPDX-License-Identifier: GPL-3.0-or-later
# The VLAD of qi run, render and publish (specs/statistics.md, "VLAD";
# specs/publication.md §5): on the synthetic sample's hf_mortality,
# vlad.csv holds exactly the published (ok) and empty hospital quarters
# (its rows of hf_mortality; it has those of every risk-adjusted indicator),
# each cumulative value the running sum of the published expected minus
# numerator of results.csv, so that the step between two rows -- what a
# reader can subtract -- is always one published quarter's E - O, and no
# withheld quarter appears; render --charts vlad draws one chart per
# hospital with a published quarter with patients.  Then the sites of
# the small risk-model set (tests/oracle/riskmodel): each hospital page
# shows its VLAD figure with a caption and a text alternative in both
# languages (PNG and SVG, no PDF), and a hospital whose quarters are all
# withheld has a sentence instead.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" run -o res --sample-format csv --charts vlad \
	--indicator hf_mortality --format png --quiet
[ -s res/vlad.csv ] || fail "no vlad.csv"
expect_in res/vlad.csv "indicator,version,organisation,hospital,period,observed,expected,difference,cumulative"
awk -F, '
	function abs(x) { return x < 0 ? -x : x }
	FILENAME == ARGV[1] {
		if (FNR > 1 && $1 == "hf_mortality" && $4 == "hospital" &&
		    $3 ~ /Q/) {
			k = $6 " " $3
			st[k] = $16
			if ($16 == "ok") want[k] = $18 - $8
			if ($16 == "empty") want[k] = 0
			if ($16 == "ok" || $16 == "empty") { npub++; if ($18 != "" || $16 == "empty") nmod++ }
		}
		next
	}
	FNR == 1 { next }
	$1 != "hf_mortality" { next }	# the other risk-adjusted indicators
	{
		k = $4 " " $5
		if (!(k in st)) { print "no result for " k; bad = 1; next }
		if (st[k] != "ok" && st[k] != "empty") {
			print k ": a " st[k] " quarter in vlad.csv"; bad = 1 }
		step = $9 - ($4 == prev ? cum : 0)
		if (abs(step - want[k]) > 1e-9 || abs($8 - want[k]) > 1e-9) {
			print k ": step " step ", difference " $8 ", published E - O " want[k]; bad = 1 }
		if (abs($7 - $6 - $8) > 1e-9) { print k ": difference is not expected - observed"; bad = 1 }
		prev = $4; cum = $9; rows++
	}
	END {
		if (rows != nmod) { print rows " rows, " nmod " published quarters with a model"; bad = 1 }
		if (rows < 100) { print "only " rows " rows"; bad = 1 }
		exit bad
	}' res/results.csv res/vlad.csv || fail "vlad.csv is not the published quarters' E - O"
# the sample has withheld hospital quarters for this to guard
[ "$(awk -F, '$1 == "hf_mortality" && $4 == "hospital" && $3 ~ /Q/ && $16 ~ /^suppressed/' \
	res/results.csv | wc -l)" -gt 100 ] || fail "too few withheld quarters in the sample"
# a chart per hospital with a published quarter with patients
want=$(awk -F, 'NR > 1 && $1 == "hf_mortality" && ($6 > 0 || $7 > 0) { print $4 }' res/vlad.csv | sort -u | wc -l)
[ "$(ls res/charts | grep -c '^hf_mortality_.*_vlad\.png$')" = "$want" ] ||
	fail "expected $want VLAD charts"

# The sites of the risk-model set: N6 is withheld in every quarter.
O=$SRC/tests/oracle/riskmodel
expect_status 0 "$QI" compute -i "$O/indicators" -d "$O" -o site
expect_status 0 "$QI" publish -i "$O/indicators" -d "$O" -o site --format png,pdf,svg
for lang in "" en/; do
	page=site/site/NHO/${lang}hospitals/N1.html
	expect_in "$page" '<h2 id="vlad">'
	expect_in "$page" "${lang/en\//..\/}../${lang}charts/rm_exact_N1_vlad.png"
	grep -q 'alt="[^"]*VLAD[^"]*公表された\|alt="[^"]*VLAD[^"]*Over [0-9]* published' "$page" ||
		fail "$page: no text alternative of the VLAD chart"
	[ -f "site/site/NHO/${lang}charts/rm_exact_N1_vlad.svg" ] || fail "no SVG"
	[ ! -e "site/site/NHO/${lang}charts/rm_exact_N1_vlad.pdf" ] || fail "a VLAD PDF"
	[ -f "site/site/JOHAS/${lang}charts/rm_exact_J1_vlad.png" ] || fail "no JOHAS VLAD"
	[ ! -e "site/site/NHO/${lang}charts/rm_exact_N6_vlad.png" ] ||
		fail "a VLAD chart of a hospital with every quarter withheld"
done
expect_in site/site/NHO/hospitals/N6.html "VLAD の図はありません"
expect_in site/site/NHO/en/hospitals/N6.html "No VLAD chart"
echo "vlad: ok"
