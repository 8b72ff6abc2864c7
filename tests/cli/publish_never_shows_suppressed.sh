# SPDX-License-Identifier: GPL-3.0-or-later
# No file of the published sites shows a withheld value.  For every
# hospital result withheld in results.csv (fiscal years, which the sites
# show), its true numerator, denominator and rate are recomputed from the
# counts; then the site's rows of that hospital -- the indicator pages'
# tables, the hospital pages' tables (Japanese and English), the CSV and
# the JSON downloads -- must hold none of them, and no file at all (HTML,
# CSV, JSON, SVG) may hold the rate's 15 digits (one grep of the whole
# site for all of them).  The checker itself is shown to catch a value
# leaked on purpose.  The sites are those of the small sample
# (publish_sample.bash), given as counts, drawn as PNG and SVG.
. "$(dirname "$0")/lib.bash"
. "$SRC/tests/cli/publish_sample.bash"

# expectations RESULTS COUNTS HOSPITALS: one line per withheld hospital
# result: org hospital indicator year numerator denominator rate-as-shown
# rate-15-digits.
expectations() {
	awk -F, '
	FILENAME == ARGV[1] { if (FNR > 1) org[$1] = $2; next }
	FILENAME == ARGV[2] {
		if (FNR == 1) next
		p = $3; fy = p; sub(/Q[1-4]$/, "", fy)
		k = $1 SUBSEP $2 SUBSEP fy
		if (p == fy) { yn[k] = $4; yd[k] = $5; whole[k] = 1 }
		else { qn[k] += $4; qd[k] += $5 }
		next
	}
	FNR > 1 && $4 == "hospital" && $3 !~ /Q/ && $16 != "ok" && $16 != "empty" {
		k = $6 SUBSEP $1 SUBSEP $3
		n = whole[k] ? yn[k] : qn[k]; d = whole[k] ? yd[k] : qd[k]
		if (d == 0) { print "no counts for " $6 " " $1 " " $3 > "/dev/stderr"; exit 1 }
		r = n / d
		if ($13 == "proportion") shown = sprintf("%.3f", r)
		else shown = sprintf("%.1f", r * ($13 == "per_mille" ? 1000 : 100))
		printf "%s %s %s %s %d %d %s %.15g\n", org[$6], $6, $1, $3, n, d, shown, r
	}' "$3" "$2" "$1"
}

# with_commas N: 1234 -> 1,234 (as the pages show counts)
with_commas() {
	echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/; ta'
}

# row_leaks FILE ROWID NUM DEN SHOWN FULL: the row exists, and none of
# its cells but the organisations' pooled ones holds a hidden value.
row_leaks() {
	local line
	line=$(grep -F "<tr id=\"$2\">" "$1") || { echo "no row $2 in $1"; return 0; }
	echo "$line" | sed 's/<td/\n<td/g' | { grep '^<td' || true; } | { grep -v 'class="n pool"' || true; } |
		sed 's/<[^>]*>//g' | awk -v n="$3" -v d="$4" -v nc="$(with_commas "$3")" \
		-v dc="$(with_commas "$4")" -v s="$5" -v f="$6" -v where="$1 row $2" '
		$0 == n || $0 == nc { print where ": numerator " n " shown" }
		$0 == d || $0 == dc { print where ": denominator " d " shown" }
		index($0, s) || $0 == f || (length(f) >= 8 && index($0, f)) { print where ": rate " s " shown" }'
}

# check SITE EXPECTATIONS RESULTS: prints every leak; the number of rows checked
# goes to $WORK/nrows.
check() {
	local site=$1 org hosp ind fy n d s f en rows=0 line flat
	: >"$WORK/digits"
	while read -r org hosp ind fy n d s f; do
		for en in "" en/; do
			row_leaks "$site/$org/${en}indicators/$ind.html" "$fy-$hosp" "$n" "$d" "$s" "$f"
			row_leaks "$site/$org/${en}hospitals/$hosp.html" "$fy-$ind" "$n" "$d" "$s" "$f"
			rows=$((rows + 2))
		done
		line=$(awk -F, -v p="$fy" -v h="$hosp" '$3 == p && $6 == h' "$site/$org/data/$ind.csv")
		[ -n "$line" ] || echo "no row $fy $hosp in $org/data/$ind.csv"
		echo "$line" | awk -F, -v n="$n" -v d="$d" -v f="$f" -v where="$org/data/$ind.csv $fy $hosp" '
			$8 != "" || $9 != "" || $10 != "" || $11 != "" || $12 != "" { print where ": values not empty: " $0 }
			{ for (i = 8; i <= 12; i++) if ($i == n || $i == d || $i == f) print where ": field " i " is " $i }'
		flat=$(awk '/^    \{/ { o = "" } { o = o $0 } /^    \}/ { print o }' "$site/$org/data/$ind.json" |
			grep -F "\"period\": \"$fy\"," | grep -F "\"hospital\": \"$hosp\",") ||
			echo "no object $fy $hosp in $org/data/$ind.json"
		if echo "$flat" | grep -qE '"(numerator|denominator|rate|lower|upper)": [0-9]'; then
			echo "$org/data/$ind.json $fy $hosp: a value is not null"
		fi
		rows=$((rows + 2))
		# the 15 digits of the rate, anywhere; short ones are checked per
		# row, and so are those that results.csv publishes for another result
		if [ ${#f} -ge 8 ] && ! grep -qF -- ",$f," "$3"; then
			echo "$f $hosp $ind $fy" >>"$WORK/digits"
		fi
	done <"$2"
	# all those rates at once, in every file of the site
	if [ -s "$WORK/digits" ]; then
		{ grep -roF -f <(cut -d' ' -f1 "$WORK/digits") "$site" || true; } |
			awk 'NR == FNR { who[$1] = $2 " " $3 " " $4; next }
			{ i = index($0, ":"); f = substr($0, i + 1)
			  print "rate " f " of " who[f] " in " substr($0, 1, i - 1) }' "$WORK/digits" -
	fi
	echo "$rows" >"$WORK/nrows"
}

publish_sample s 24 8
# Two data sets from the sample's counts: each hospital's first half year
# given as its fiscal year, and its first quarter (small denominators:
# many results withheld).
mkdir sample small
cp s/data/organisations.csv s/data/hospitals.csv sample/
awk -F, 'BEGIN { OFS = "," } NR == 1 { print; next }
	$3 ~ /Q[12]$/ { sub(/Q[12]$/, "", $3); k = $1 SUBSEP $2 SUBSEP $3
	  if (!(k in n)) o[++m] = k; n[k] += $4; d[k] += $5 }
	END { for (i = 1; i <= m; i++) { split(o[i], f, SUBSEP); print f[1], f[2], f[3], n[o[i]], d[o[i]] } }' \
	s/data/counts.csv >sample/counts.csv
expect_status 0 "$QI" run -i s/indicators -d sample -o res --format png --charts caterpillar
expect_status 0 "$QI" publish -i s/indicators -d sample -o res --format svg,png

cp s/data/organisations.csv s/data/hospitals.csv small/
awk -F, 'BEGIN { OFS = "," } NR == 1 { print; next }
	$3 ~ /Q1$/ { sub(/Q1$/, "", $3); print }' s/data/counts.csv >small/counts.csv
expect_status 0 "$QI" run -i s/indicators -d small -o res2 --format png --charts caterpillar
expect_status 0 "$QI" publish -i s/indicators -d small -o res2 --format svg,png

for set in res:sample res2:small; do
	out=${set%%:*} data=${set#*:}
	expectations "$out/results.csv" "$data/counts.csv" "$data/hospitals.csv" >"$out.expect"
	nexp=$(wc -l <"$out.expect")
	[ "$nexp" -gt 0 ] || fail "$out: no withheld hospital result to check"
	check "$out/site" "$out.expect" "$out/results.csv" >"$out.leaks"
	if [ -s "$out.leaks" ]; then
		head -20 "$out.leaks" >&2
		fail "$out: withheld values appear in the site"
	fi
	[ "$(cat "$WORK/nrows")" = $((nexp * 6)) ] || fail "$out: checked $(cat "$WORK/nrows") rows"
	echo "$out: $nexp withheld hospital results, $((nexp * 6)) rows checked, no value shown"
done
[ "$(wc -l <res2.expect)" -ge 5 ] || fail "the small data set withholds too few results to be a test"
awk -F, '$4 == "hospital" && $3 !~ /Q/ && $16 == "suppressed_complementary"' res/results.csv res2/results.csv | grep -q . ||
	fail "no fiscal-year hospital result withheld as complementary: the test misses that case"

# The check can fail: leak one withheld numerator into an indicator page,
# one into a hospital page, and one denominator into a CSV download.
read -r org hosp ind fy n d s f <res2.expect
cp -r res2/site leak1
sed -i "/<tr id=\"$fy-$hosp\">/s|<td class=\"n\">—</td>|<td class=\"n\">$n</td>|" "leak1/$org/indicators/$ind.html"
check leak1 res2.expect res2/results.csv >leak1.out || true
grep -q "numerator $n shown" leak1.out || fail "a numerator leaked into an indicator page was not caught"
cp -r res2/site leak2
sed -i "/<tr id=\"$fy-$ind\">/s|<td class=\"w\">|<td class=\"w\">$s |" "leak2/$org/en/hospitals/$hosp.html"
check leak2 res2.expect res2/results.csv >leak2.out || true
grep -q "rate $s shown" leak2.out || fail "a rate leaked into a hospital page was not caught"
cp -r res2/site leak3
awk -F, -v p="$fy" -v h="$hosp" -v d="$d" 'BEGIN { OFS = "," } $3 == p && $6 == h { $9 = d } { print }' \
	"res2/site/$org/data/$ind.csv" >"leak3/$org/data/$ind.csv"
check leak3 res2.expect res2/results.csv >leak3.out || true
grep -q "values not empty" leak3.out || fail "a denominator leaked into a CSV was not caught"
echo "suppressed values: never shown"
