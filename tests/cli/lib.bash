# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the command-line tests: each test is run by ctest as
#   bash TEST.sh QI_BINARY SOURCE_DIR WORK_DIR
# and fails with a message on the first broken expectation.
set -euo pipefail
QI=$1
SRC=$2
WORK=$3
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"

# sanitized: qi was built with AddressSanitizer (CI's second suite), where
# the few tests that prove a property by brute force (the disclosure
# audit of the whole sample, kills at every step) are run by the first
# suite only: they would take minutes there and check no more memory.
sanitized() {
	grep -aqF __asan_init "$QI"
}

# registry_only DIR: a small synthetic sample in gen/sample ($S) and a
# folder DIR holding only its organisations.csv and hospitals.csv, for a
# test to add the data file it is about
registry_only() {
	expect_status 0 "$QI" synth -i "$SRC/indicators" -o gen --total-stays 300
	S=gen/sample
	mkdir "$1"
	cp "$S/organisations.csv" "$S/hospitals.csv" "$1/"
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# expect_status CODE COMMAND...: run, keep stdout/stderr in $WORK/out, err
expect_status() {
	local want=$1 got=0
	shift
	"$@" >"$WORK/out" 2>"$WORK/err" || got=$?
	if [ "$got" != "$want" ]; then
		echo "--- stderr:" >&2
		cat "$WORK/err" >&2
		fail "'$*' exited $got, expected $want"
	fi
}

# expect_in FILE TEXT: the file contains the text (fixed string)
expect_in() {
	grep -qF -- "$2" "$1" || {
		echo "--- $1:" >&2
		cat "$1" >&2
		fail "'$2' not found in $1"
	}
}

# tree_sum DIR: one checksum of every file under DIR with its path
tree_sum() {
	(cd "$1" && find . -type f ! -path './.qi-stage*' -print0 | sort -z |
		xargs -0 sha256sum | sha256sum)
}

# compare_cols FILE_A COLS_A FILE_B COLS_B: the listed columns (1-based,
# space-separated) of two CSV files agree row by row within tolerance.
compare_cols() {
	paste -d, "$1" "$3" | awk -F, -v ca="$2" -v cb="$4" -v na="$(head -1 "$1" |
		awk -F, '{print NF}')" '
	function bad(msg) { print "row " NR ": " msg > "/dev/stderr"; fails++ }
	BEGIN { n = split(ca, A, " "); split(cb, B, " ") }
	NR > 1 {
		for (i = 1; i <= n; i++) {
			a = $(A[i]); b = $(na + B[i])
			if (b == "NaN") { if (a != "") bad(a " for NaN"); continue }
			if (b == "Inf") { if (a != "Inf") bad(a " for Inf"); continue }
			if (a == "") { bad("empty for " b); continue }
			d = a - b; if (d < 0) d = -d
			m = b < 0 ? -b : b
			if (b == 0) { if (d > 1e-15) bad(a " for 0") }
			else if (m < 1e-300) { if (a > 1e-300 || a < -1e-300) bad(a " for " b) }
			else if (d / m > 1e-9) bad(a " for " b " (rel " d / m ")")
			checked++
		}
	}
	END { if (fails) exit 1; if (checked < 4) { print "nothing checked" > "/dev/stderr"; exit 1 } }'
}

# compare_named GOT WANT COL...: the named columns of two CSV files (no
# quoted fields) agree row by row: numbers within 1e-9 relative (1e-15
# absolute near 0), other text exactly; NaN in WANT is an empty field in
# GOT, Inf and -Inf are written so.  The largest relative difference is
# appended to $WORK/maxrel ("COL REL").
compare_named() {
	local got=$1 want=$2
	shift 2
	[ "$(wc -l <"$got")" = "$(wc -l <"$want")" ] ||
		fail "$got has $(wc -l <"$got") lines, $want $(wc -l <"$want")"
	paste "$got" "$want" | awk -v cols="$*" -v logf="$WORK/maxrel" '
	function isnum(s) { return s ~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/ }
	function bad(msg) { print "row " NR ", " c ": " msg > "/dev/stderr"; fails++ }
	BEGIN { FS = "\t"; nc = split(cols, C, " ") }
	{
		na = split($1, A, ","); nb = split($2, B, ",")
		if (NR == 1) {
			for (i = 1; i <= na; i++) ia[A[i]] = i
			for (i = 1; i <= nb; i++) ib[B[i]] = i
			for (j = 1; j <= nc; j++)
				if (!(C[j] in ia) || !(C[j] in ib)) {
					print "no column " C[j] > "/dev/stderr"; exit 2
				}
			next
		}
		for (j = 1; j <= nc; j++) {
			c = C[j]; a = A[ia[c]]; b = B[ib[c]]
			checked++
			if (b == "NaN") { if (a != "") bad(a " for NaN"); continue }
			if (!isnum(b)) { if (a != b) bad(a " for " b); continue }
			if (!isnum(a)) { bad(a " for " b); continue }
			d = a - b; if (d < 0) d = -d
			m = b < 0 ? -b : b
			if (m < 1e-300) { if (d > 1e-15) bad(a " for " b); continue }
			if (d / m > rel[c] + 0) rel[c] = d / m
			if (d / m > 1e-9 && d > 1e-15) bad(a " for " b " (rel " d / m ")")
		}
	}
	END {
		for (c in rel) printf "%s %.3g\n", c, rel[c] >> logf
		if (fails) exit 1
		if (checked < 1) { print "nothing checked" > "/dev/stderr"; exit 1 }
	}'
}

# small_counts N STAYS: a folder $S (small/) holding the synthetic
# sample's registry and aggregated counts cut to the first N hospitals
# of each organisation (of a sample of about STAYS stays), and data=(...)
# the options that read it with the shipped definitions
small_counts() {
	expect_status 0 "$QI" synth -i "$SRC/indicators" -o gen --total-stays "$2"
	S=small
	mkdir "$S"
	cp gen/sample/organisations.csv "$S/"
	awk -F, -v n="$1" 'NR == 1 || k[$2]++ < n' gen/sample/hospitals.csv \
		>"$S/hospitals.csv"
	awk -F, 'NR == FNR { keep[$1] = 1; next } FNR == 1 || keep[$1]' \
		"$S/hospitals.csv" gen/sample/counts.csv >"$S/counts.csv"
	data=(-d "$S" -i "$SRC/indicators")
}

# adjusted_rows RESULTS ORACLE IND MIN: the risk-adjusted columns of
# indicator IND's published rows of RESULTS (a results.csv) into got.csv
# and the same rows of ORACLE (indicator, period, scope, organisation,
# hospital, then $ADJUSTED_COLS, as tests/oracle/gen_risk*.R write them)
# into want.csv, in the oracle's order, for compare_named.  Fails when a
# row is missing, a withheld row has a risk-adjusted value, fewer than
# MIN rows are published or none is withheld.
ADJUSTED_COLS="numerator denominator expected ratio ratio_lower ratio_upper adj_rate adj_lower adj_upper"
adjusted_rows() {
	awk -F, -v ind="$3" -v min="$4" '
		function k2(k) { gsub(/,/, "/", k); return k }
		FILENAME == ARGV[1] { if (FNR > 1 && $1 == ind) {
			k = $1 "," $3 "," $4 "," $5 "," $6
			row[k] = $8 "," $9 "," $18 "," $19 "," $20 "," $21 "," $22 "," $23 "," $24
			ok[k] = $16 == "ok"
			if ($16 != "ok" && ($18 $19 $20 $21 $22 $23 $24) != "") { print "withheld with E: " $0 > "/dev/stderr"; exit 1 }
		}; next }
		FNR == 1 { h = "key,numerator,denominator,expected,ratio,ratio_lower,ratio_upper,adj_rate,adj_lower,adj_upper"
			print h > "got.csv"; print h > "want.csv"; next }
		$1 == ind {
			k = $1 "," $2 "," $3 "," $4 "," $5
			if (!(k in row)) { print "no result for " k > "/dev/stderr"; exit 1 }
			if (!ok[k]) { withheld++; next }
			gsub(/ /, "")
			print k2(k) "," row[k] > "got.csv"
			print k2(k) "," $6 "," $7 "," $8 "," $9 "," $10 "," $11 "," $12 "," $13 "," $14 > "want.csv"
			n++
		}
		END { printf "%s: %d published results compared, %d withheld\n", ind, n, withheld
			exit (n < min || withheld < 1) }' "$1" "$2"
}
