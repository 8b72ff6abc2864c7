# SPDX-License-Identifier: GPL-3.0-or-later
# qi explain lists the stays behind a hospital's result: the totals it
# prints per period (its table) equal that hospital's numerator,
# denominator and exposure in results.csv, and every sum of the tallies
# (the stays each named exclusion removed too), for proportions, a rate,
# a summed denominator, a risk model, three exclusions and the patients'
# next stays (explain evaluates its indicator only), per quarter and
# fiscal year; its CSV has the stated header, sums to the same totals,
# and names the exclusion of each excluded stay.
. "$(dirname "$0")/lib.bash"

# the embedded sample, as qi run writes it, a third of its stays (the
# same hospitals; each explain reads them all)
expect_status 0 "$QI" synth -i "$SRC/indicators" -o gen --total-stays 40000
S=gen/sample
expect_status 0 "$QI" compute -i "$SRC/indicators" -d $S -o res
expect_status 0 "$QI" compute -i "$SRC/indicators" -d $S --tallies-only -o -
mv out tallies.csv
HEADER=hospital,stay,patient,admission,discharge,period,status,exclusion,denominator,numerator,exposure

# norm_table FILE: the totals of a table as "period den num exposure excl..."
norm_table() {
	awk '/^totals \(/ { t = 1; next }
	t == 1 { for (i = 1; i <= NF; i++) col[$i] = i; rate = ("exposure" in col)
		t = 2; next }
	t == 2 { t = 3; next }
	t == 3 { line = $1 " " $3 " " $4 " " (rate ? $5 : 0)
		for (i = (rate ? 6 : 5); i <= NF; i++) line = line " " $i
		print line }' "$1" | sort
}

# norm_tallies IND HOSP [FILE]: the same from tallies (tallies.csv), fiscal
# years summed
norm_tallies() {
	awk -F, -v ind="$1" -v h="$2" '
	$1 == "tally" && $3 == ind && $2 == h && $5 == "" {
		n = split($11, ex, ";")
		line = $6 " " $8 " " $9 " " sprintf("%.17g", $10)
		for (i = 1; i <= n; i++) line = line " " ex[i]
		print line
		fy = substr($6, 1, 6); years[fy] = 1; k[fy] = n
		d[fy] += $8; u[fy] += $9; x[fy] += $10
		for (i = 1; i <= n; i++) e[fy, i] += ex[i]
	}
	END { for (fy in years) {
		line = fy " " d[fy] " " u[fy] " " sprintf("%.17g", x[fy])
		for (i = 1; i <= k[fy]; i++) line = line " " e[fy, i]
		print line } }' "${3:-tallies.csv}" | sort
}

# norm_csv FILE: the totals of the CSV rows, by quarter and fiscal year
# (exclusions by name, in the order of the names given after FILE)
norm_csv() {
	local f=$1
	shift
	awk -F, -v names="$*" '
	BEGIN { k = split(names, nm, " ") }
	NR > 1 { for (y = 0; y < 2; y++) {
		p = y ? substr($6, 1, 6) : $6; seen[p] = 1
		if ($7 == "excluded") e[p, $8]++
		else { d[p] += $9; u[p] += $10; x[p] += $11 }
	} }
	END { for (p in seen) {
		line = p " " d[p] + 0 " " u[p] + 0 " " sprintf("%.17g", x[p])
		for (i = 1; i <= k; i++) line = line " " e[p, nm[i]] + 0
		print line } }' "$f" | sort
}

checked=0
for ind in stroke_early_rehab falls_rate blood_culture_two_sets hf_mortality \
	abx_prophylaxis_day_of_surgery readmission_30d_index; do
	for h in N140 N089 R031; do
		expect_status 0 "$QI" explain -i "$SRC/indicators" -d $S \
			--hospital $h --indicator $ind --as table
		mv out table.txt
		norm_table table.txt >t_table
		[ -s t_table ] || fail "$ind $h: no totals in the table"
		norm_tallies $ind $h >t_tallies
		diff t_table t_tallies >&2 ||
			fail "$ind $h: explain's totals are not the tallies"
		# the exclusion names, in order, from the totals' header
		names=$(awk '/^totals \(/ { getline; for (i = 1; i <= NF; i++)
			if (i > 4 && $i != "exposure") printf "%s ", $i; exit }' table.txt)

		expect_status 0 "$QI" explain -i "$SRC/indicators" -d $S \
			--hospital $h --indicator $ind
		mv out rows.csv
		[ "$(head -1 rows.csv)" = "$HEADER" ] || fail "header: $(head -1 rows.csv)"
		awk -F, -v h=$h -v names=" $names" 'NR > 1 {
			if (NF != 11) { print "fields: " $0; bad = 1 }
			if ($1 != h) { print "hospital: " $0; bad = 1 }
			if ($7 == "excluded") {
				if ($8 == "" || index(names, " " $8 " ") == 0 ||
				    $9 != "" || $10 != "") { print "excluded: " $0; bad = 1 }
			} else if ($7 == "numerator" || $7 == "denominator_only") {
				if ($8 != "" || $9 == "" || $10 == "" ||
				    ($7 == "numerator") != ($10 > 0)) { print "counted: " $0; bad = 1 }
			} else { print "status: " $0; bad = 1 }
		} END { exit bad }' rows.csv >&2 || fail "$ind $h: bad rows"
		norm_csv rows.csv $names >t_csv
		diff t_csv t_table >&2 || fail "$ind $h: CSV rows do not sum to the totals"

		# results.csv: every hospital row with counts shown
		while read -r p den num exp rest; do
			row=$(awk -F, -v i=$ind -v p=$p -v h=$h '$1 == i && $3 == p &&
				$4 == "hospital" && $6 == h && $8 != "" {
				print $9 " " $8 " " ($17 == "" ? 0 : $17) }' res/results.csv)
			[ -n "$row" ] || continue
			[ "$row" = "$den $num $exp" ] ||
				fail "$ind $h $p: explain $den $num $exp, results.csv $row"
			checked=$((checked + 1))
			echo "$ind $p" >>compared
		done <t_table

		# --period: the same stays, those of the period
		[ $h = N140 ] || continue
		for p in FY2024 FY2023Q3; do
			expect_status 0 "$QI" explain -i "$SRC/indicators" -d $S \
				--hospital $h --indicator $ind --period $p --as table
			norm_table out >t_period
			grep "^$p " t_table >t_want || true
			if [ "${p#*Q}" = "$p" ]; then	# a year: its quarters too
				grep "^${p}Q" t_table >>t_want || true
			fi
			sort -o t_want t_want
			diff t_period t_want >&2 || fail "$ind $h --period $p"
		done
	done
done
[ $checked -ge 60 ] || fail "only $checked results rows compared"
grep -q '^falls_rate FY....$' compared || fail "no rate's fiscal year compared"
grep -q '^hf_mortality ' compared || fail "no risk model's result compared"
grep -q '^falls_rate FY....Q' compared || fail "no quarter compared"
echo "checked $checked results rows"

# an excluded stay carries its exclusion's name; two threads list the same
expect_status 0 "$QI" explain -i "$SRC/indicators" -d $S --hospital R003 \
	--indicator stroke_antiplatelet -o rows1.csv
grep -q ',excluded,cardioembolic,,,$' rows1.csv || fail "no cardioembolic exclusion"
expect_status 0 "$QI" explain -i "$SRC/indicators" -d $S --hospital R003 \
	--indicator stroke_antiplatelet --jobs 2 -o -
cmp out rows1.csv || fail "--jobs 2 lists other rows"

# a variant: its own denominator (onset within 7 days, not 3)
expect_status 0 "$QI" explain -i "$SRC/indicators" -d $S --hospital R003 \
	--indicator stroke_early_rehab --variant onset_7d -o var.csv
expect_status 0 "$QI" explain -i "$SRC/indicators" -d $S --hospital R003 \
	--indicator stroke_early_rehab -o def.csv
[ "$(wc -l <var.csv)" -gt "$(wc -l <def.csv)" ] || fail "variant lists no more stays"

# DPC files as submitted (FF1/EFn/FF4 and a drug master): the same
# totals, stay ids <データ識別番号>-<入院年月日>
D="$SRC/tests/dpc/hospital_handover"
expect_status 0 "$QI" compute -i "$SRC/indicators" -d "$D" --tallies-only -o -
mv out dpc_tallies.csv
n=0
for ind in falls_rate aspiration_pneumonia_readmission_30d hf_mortality \
	delirium_prevention; do
	for h in N101 N102 R201; do
		norm_tallies $ind $h dpc_tallies.csv >t_tallies
		[ -s t_tallies ] || continue
		expect_status 0 "$QI" explain -i "$SRC/indicators" -d "$D" \
			--hospital $h --indicator $ind --as table
		norm_table out >t_table
		diff t_table t_tallies >&2 || fail "DPC $ind $h: not the tallies"
		n=$((n + 1))
	done
done
[ $n -ge 8 ] || fail "only $n DPC hospitals and indicators compared"
expect_status 0 "$QI" explain -i "$SRC/indicators" -d "$D" --hospital R201 \
	--indicator aspiration_pneumonia_readmission_30d
expect_in out ',excluded,non_insured,,,'
grep -q '^R201,[0-9]*-2024[0-9]*,' out || fail "DPC stay ids"
echo "explain totals: ok"
