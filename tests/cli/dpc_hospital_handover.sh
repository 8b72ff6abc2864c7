# SPDX-License-Identifier: GPL-3.0-or-later
# A newcomer's first run on DPC files as hospitals hand them over (tests/dpc/hospital_handover/, written by
# tests/dpc/make_handover.py with every value chosen and every expected count made by hand, independently of qi):
# qi check is clean, qi import dpc gives the expected stays.csv, qi run succeeds and its counts are the hand counts,
# the official 医薬品マスター gives what drug_master.csv gives, and each broken file of bad/ is an error at its place.
#
# Every mismatch is listed before the test fails (MISMATCH: lines), so one run shows them all.
. "$2/tests/cli/lib.bash"

D=$SRC/tests/dpc/hospital_handover
Y=$SRC/tests/dpc/hospital_handover_ymaster
IND=$SRC/indicators
problems=0
problem() {
	echo "MISMATCH: $*" >&2
	problems=$((problems + 1))
}

# --- 1. qi check: clean (warnings allowed), the unknown item code reported once, the ambiguous EF row named ---------
expect_status 0 "$QI" check -i "$IND" --data "$D"
cat out err >check.txt
n=$(grep -o 'Z999999' check.txt | wc -l)
[ "$n" = 1 ] || problem "qi check mentions Z999999 $n times, expected once (an unknown code is reported once)"
grep -q '0000001031' check.txt ||
	problem "qi check does not name 0000001031, whose same-day admissions one EF row matches both"
grep -q 'A004040' check.txt ||
	problem "qi check does not report A004040 in a May 2024 (2023-table) 様式1 of R201"
# the EF rows of 0000002006 at N102 (still in hospital, no 様式1 yet): 8 rows set aside and counted
awk 'tolower($0) ~ /set.aside/ && / 8 / { found = 1 } END { exit !found }' check.txt ||
	problem "qi check does not count the 8 set-aside EF rows of 0000002006 (no 様式1 yet)"
expect_status 0 "$QI" check -i "$IND" --data "$Y"

# --- 2. qi import dpc: stays.csv as expected_stays.csv, column by column -------------------------------------------
expect_status 0 "$QI" import dpc --data "$D" -o imp
[ -s imp/stays.csv ] || fail "qi import dpc wrote no imp/stays.csv"
[ -s imp/events.csv ] || fail "qi import dpc wrote no imp/events.csv"
# compare_by_name EXPECTED ACTUAL: every column of EXPECTED, matched by name, row by row on (hospital, stay)
compare_by_name() {
	awk -F, '
	function unq(s) { gsub(/^"|"$/, "", s); return s }
	FNR == 1 && NR == 1 { ne = NF; for (i = 1; i <= NF; i++) en[i] = $i; next }
	FNR == 1 { for (i = 1; i <= NF; i++) col[unq($i)] = i
		for (i = 1; i <= ne; i++) if (!(en[i] in col)) { print "column " en[i] " missing"; bad++ }
		next }
	NR == FNR { key = $1 "," $2; want[key] = $0; order[++n] = key; next }
	{ key = unq($(col["hospital"])) "," unq($(col["stay"])); got[key] = $0
		if (!(key in want)) { print "unexpected stay " key; bad++ } }
	END {
		for (k = 1; k <= n; k++) {
			key = order[k]
			if (!(key in got)) { print "stay " key " missing"; bad++; continue }
			split(want[key], w, ","); split(got[key], g, ",")
			for (i = 3; i <= ne; i++) if (en[i] in col && w[i] != unq(g[col[en[i]]])) {
				print key " " en[i] ": expected \"" w[i] "\", got \"" unq(g[col[en[i]]]) "\""; bad++ }
		}
		exit bad > 0
	}' "$1" "$2"
}
compare_by_name "$D/expected_stays.csv" imp/stays.csv >stays.diff ||
	problem "imp/stays.csv differs from expected_stays.csv: $(wc -l <stays.diff) differences:
$(cat stays.diff)"
expect_status 0 "$QI" import dpc --data "$Y" -o impy
cmp -s imp/stays.csv impy/stays.csv || problem "stays.csv differs with the official 医薬品マスター"
cmp -s imp/events.csv impy/events.csv ||
	problem "events.csv differs between drug_master.csv and the official 医薬品マスター"

# --- 3. qi run: exit 0 on the shipped definitions, same results with either drug master ----------------------------
# (a failing run is recorded and the comparisons go on, so that one report lists every mismatch)
run_ok() { # DIR OUT
	local st=0
	"$QI" run -i "$IND" --data "$1" -o "$2" >"$2.out" 2>"$2.err" || st=$?
	if [ "$st" != 0 ]; then
		problem "qi run --data $(basename "$1") exited $st, expected 0: $(grep -m1 'error' "$2.err")"
		return 1
	fi
	[ -s "$2/results.csv" ] || { problem "qi run wrote no $2/results.csv"; return 1; }
}
if run_ok "$D" run && run_ok "$Y" runy; then
	cmp -s run/results.csv runy/results.csv || problem "results.csv differs with the official 医薬品マスター"
fi

# --- 4. the hand counts: every hospital, quarter and year, and the pooled rows -------------------------------------
# With 30 stays every hospital result is under the shipped min_denominator of 10 and withheld, so the counts are
# compared on a copy of the definitions whose only change is min_denominator: 1 (2 for a mean or a
# median, the least they take).
cp -r "$IND" lowind
for f in lowind/*.yaml; do
	m=1
	grep -qE '^kind: (mean|median)$' "$f" && m=2
	sed -i "s/min_denominator: 10/min_denominator: $m/" "$f"
done
expect_status 0 "$QI" compute -i lowind --data "$D" -o low
# expected rows for hospitals, organisations (NHO = N101 + N102, JOHAS = R201) and all
awk -F, -v OFS=, 'NR > 1 {
	print "hospital", $1, $2, $3, $4, $5, $6
	org = ($1 == "R201") ? "JOHAS" : "NHO"
	k = $2 SUBSEP $3; on[org, k] += $4; od[org, k] += $5; ox[org, k] += $6; an[k] += $4; ad[k] += $5; ax[k] += $6
	keys[k] = 1; rate[k] = ($6 != "") }
	END { for (k in keys) { split(k, p, SUBSEP)
		for (o = 1; o <= 2; o++) { org = o == 1 ? "NHO" : "JOHAS"
			print "organisation", org, p[1], p[2], on[org, k] + 0, od[org, k] + 0, rate[k] ? ox[org, k] + 0 : "" }
		print "all", "all", p[1], p[2], an[k], ad[k], rate[k] ? ax[k] : "" } }' "$D/expected.csv" | sort >want.csv
awk -F, -v OFS=, 'NR > 1 {
	who = $4 == "hospital" ? $6 : ($4 == "organisation" ? $5 : "all")
	print $4, who, $1, $3, $8, $9, $1 == "falls_rate" ? $17 : "" }' low/results.csv | sort >got.csv
# A row with no cases may leave its counts empty (status no_data): that matches an expected 0. The data cover
# FY2024Q1-Q2 only, so an FY2024 row is compared when qi makes one, and its absence is noted, not failed.
awk -F, '
	function z(x) { return x == "" ? "0" : x }
	NR == FNR { k = $1 "," $2 "," $3 "," $4; got[k] = z($5) "," z($6) "," ($7 == "" && $3 == "falls_rate" ? "0" : $7)
		next }
	{ k = $1 "," $2 "," $3 "," $4; w = $5 "," $6 "," $7; n++
		if (!(k in got)) {
			if ($4 ~ /Q/) { print "no result row " k " (expected numerator,denominator,exposure " w ")"; bad++ }
			else noyear++
		} else if (got[k] != w) { print k ": expected " w ", got " got[k]; bad++ } }
	END { if (n != 162) { print n " expected rows, not 162"; bad++ }
		if (noyear) print "note: " noyear " of the 54 FY2024 rows were not made (the data cover two quarters)" > "/dev/stderr"
		exit bad > 0 }' got.csv want.csv >counts.diff ||
	problem "results differ from the hand counts in $(wc -l <counts.diff) rows:
$(cat counts.diff)"

# --- 4b. the events the indicators use: per stay and day, the codes, and the blood-culture sets counted ------------
# expected_events.csv has one row per EF act (000 and 001 rows are one act), quantity 行為回数. Compared: which
# stays have which list codes on which day (drugs by the YJ code's first 7 characters, the VTE fee by either code),
# and the number of blood-culture sets a day (qty summed, so one event of qty 2 or two events of qty 1 both do).
events_key() { # FILE WHEN: WHEN is day or date
	awk -F, -v OFS=, -v when="$2" '
	function unq(s) { gsub(/^"|"$/, "", s); return s }
	FNR == 1 { for (i = 1; i <= NF; i++) c[unq($i)] = i; next }
	{ code = unq($(c["code"]))
		if (code == "113006910") code = "B0016"
		if (code ~ /^[0-9][0-9][0-9][0-9][0-9A-Z]+$/ && length(code) == 12) code = substr(code, 1, 7)
		if (code !~ /^(D0183|H001|K546|K549|K046|K655|K082|B0016|3399007|3399008|3399009|3332|3334|3339)/) next
		q = ("qty" in c && unq($(c["qty"])) != "") ? unq($(c["qty"])) : 1
		k = unq($(c["hospital"])) OFS unq($(c["stay"])) OFS unq($(c[when])) OFS code
		seen[k] = 1; if (code == "D0183") sets[k] += q }
	END { for (k in seen) print k, (k in sets) ? sets[k] : "" }' "$1" | sort
}
# by day when imp/events.csv has a day column, else by date
when=date
head -1 imp/events.csv | tr -d '"\r' | tr , '\n' | grep -qx day && when=day
events_key "$D/expected_events.csv" $when >events.want
events_key imp/events.csv $when >events.got
diff events.want events.got >events.diff ||
	problem "events of the list codes differ by $when (< expected, > imp/events.csv):
$(cat events.diff)"

# --- 5. bad/: each broken file is an error at its line and column, and nothing is written --------------------------
mkdir bad
grep -v '^#' "$D/bad/expected_errors.txt" | while IFS=$'\t' read -r loc phrase; do
	case_dir=${loc%%/*}
	cp -r "$D/bad/$case_dir" "bad/$case_dir"
	(cd bad && "$QI" check -i "$IND" --data "$case_dir" >../bad.out 2>../bad.err) && st=0 || st=$?
	[ "$st" = 1 ] || { echo "MISMATCH: bad/$case_dir: qi check exited $st, expected 1" >&2; echo x >>bad.fail; continue; }
	file_line=$(echo "$loc" | cut -d: -f1-2)
	col=$(echo "$loc" | cut -d: -f3)
	if [ -n "$col" ]; then pat="$file_line:$col:"; else pat="$file_line(:[0-9]+)?:"; fi
	hit=$(cat bad.out bad.err | grep -a -E -- "$(printf '%s' "$pat" | sed 's/\./\\./g')" || true)
	nerr=$(cat bad.out bad.err | grep -a -c ': error: ' || true)
	if [ -z "$hit" ]; then
		echo "MISMATCH: bad/$case_dir: no error at $loc; qi said:" >&2
		cat bad.out bad.err | head -5 >&2
		echo x >>bad.fail
	elif ! printf '%s\n' "$hit" | grep -a -q -E -- "$phrase"; then
		echo "MISMATCH: bad/$case_dir: the error at $loc does not mention /$phrase/: $(printf '%s' "$hit" | cat -v)" >&2
		echo x >>bad.fail
	elif ! cat bad.out bad.err | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1; then
		echo "MISMATCH: bad/$case_dir: the message is not UTF-8 (a CP932 value echoed as it was read?): $(printf '%s' "$hit" | cat -v)" >&2
		echo x >>bad.fail
	elif [ "$nerr" != 1 ]; then
		echo "MISMATCH: bad/$case_dir: $nerr errors for one broken field (one root cause, one error):" >&2
		cat bad.out bad.err | grep -a ': error: ' | cat -v >&2
		echo x >>bad.fail
	fi
done
[ ! -e bad.fail ] || problems=$((problems + $(wc -l <bad.fail)))

# --- 6. the next step a newcomer takes: publishing the results of their own data ------------------------------------
# Without -d, publish looks for qi run's sample beside the results, which a run on one's own data never writes: one
# error at that folder, saying to give -d (not two "cannot open" errors for the registry's files).
st=0
"$QI" publish -i lowind -o low --quiet >pub.out 2>pub.err || st=$?
if [ "$st" != 1 ] || [ "$(grep -c ': error: ' pub.err)" != 1 ] || ! grep -q "low/sample: error: no sample here" pub.err ||
	! grep -q "hint: give -d DIR" pub.err; then
	echo "MISMATCH: qi publish without -d after a run on own data exited $st and said: $(cat pub.err)" >&2
	problems=$((problems + 1))
fi
st=0
"$QI" publish -i lowind -o low -d "$D" --quiet >pub.out 2>pub.err || st=$?
if [ "$st" != 0 ] || [ ! -s low/site/NHO/index.html ] || [ ! -s low/site/JOHAS/index.html ]; then
	echo "MISMATCH: qi publish -d exited $st: $(cat pub.err)" >&2
	problems=$((problems + 1))
fi
# two quarters make no fiscal year: each indicator page says so and shows the quarterly trend, if its quarters hold
# data (abx_prophylaxis_1h's hold none: no chart of nothing), and the chart book holds those trends and nothing else
ntrend=0
for page in low/site/NHO/indicators/*.html; do
	id=$(basename "$page" .html)
	if [ -e "low/site/NHO/charts/${id}_trend.svg" ]; then
		ntrend=$((ntrend + 1))
		grep -q "src=\"../charts/${id}_trend.svg\"" "$page" && grep -q 'indicators.pdf#page=' "$page" &&
			grep -q '四半期の推移</a>をご覧ください' "$page" ||
			{ echo "MISMATCH: $page does not show its trend and its page of the chart book" >&2; problems=$((problems + 1)); }
	fi
done
pages=$(pdfinfo low/site/NHO/charts/indicators.pdf 2>/dev/null | sed -n 's/^Pages: *//p' || true)
if [ -e low/site/NHO/charts/abx_prophylaxis_1h_trend.svg ] || [ "$ntrend" -lt 20 ] || [ "$pages" != "$ntrend" ]; then
	echo "MISMATCH: $ntrend trend charts (abx_prophylaxis_1h's: $(ls low/site/NHO/charts/abx_prophylaxis_1h_trend.svg 2>&1)), a chart book of ${pages:-no} pages" >&2
	problems=$((problems + 1))
fi

[ "$problems" = 0 ] || fail "$problems mismatches (listed above)"
echo "dpc hospital handover: ok"
