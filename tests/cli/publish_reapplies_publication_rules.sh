# SPDX-License-Identifier: GPL-3.0-or-later
# qi publish does not trust the status column of the results it reads,
# nor does qi export --xlsx, which reads them the same way.
# A results.csv edited to mark a small cell ok (its true counts filled
# in) is refused, with the row named, and so is one that publishes a
# complementary cell: then another withheld result could be derived by
# subtraction.  Nothing is written either time.  The results are the
# golden ones of the committed counts sample.
. "$(dirname "$0")/lib.bash"

G=$SRC/tests/golden
# edit STATUS OUT: the first hospital quarter of that status marked ok,
# with its counts from counts.csv and a rate; prints the row's line.
edit() {
	awk -F, -v OFS=, -v want="$1" '
	FILENAME == ARGV[1] { n[$1, $2, $3] = $4; d[$1, $2, $3] = $5; next }
	!done && $4 == "hospital" && $3 ~ /Q/ && $16 == want {
		$8 = n[$6, $1, $3]; $9 = d[$6, $1, $3]
		$10 = $8 / $9; $11 = 0; $12 = 1; $16 = "ok"
		done = FNR; print FNR > "/dev/stderr"
	}
	{ print }' "$G/sample/counts.csv" "$G/sample/results.csv" 2>line >"$2"
	[ -s line ] || fail "no hospital quarter $1 in the golden results"
}

edit suppressed_small_denominator small.csv
line=$(cat line)
expect_status 1 "$QI" publish -i "$G/indicators" -d "$G/sample" \
	--results small.csv -o out
expect_in err "small.csv:$line:"
expect_in err "under the publication thresholds"
[ ! -e out/site ] || fail "a site was written from edited results"
expect_status 1 "$QI" export -i "$G/indicators" -d "$G/sample" \
	--results small.csv --xlsx -o book.xlsx
expect_in err "small.csv:$line:"
expect_in err "under the publication thresholds"

edit suppressed_complementary compl.csv
awk -F, -v l="$(cat line)" 'FNR == l && $9 < 10 { exit 1 }' compl.csv ||
	fail "the complementary cell picked is small"
expect_status 1 "$QI" publish -i "$G/indicators" -d "$G/sample" \
	--results compl.csv -o out
expect_in err "could be derived from the published ones"
[ ! -e out/site ] || fail "a site was written from edited results"
expect_status 1 "$QI" export -i "$G/indicators" -d "$G/sample" \
	--results compl.csv --xlsx -o book.xlsx
expect_in err "could be derived from the published ones"
ls -a | grep -q 'book\.xlsx' && fail "qi export wrote a workbook from edited results"
# the golden results themselves export
expect_status 0 "$QI" export -i "$G/indicators" -d "$G/sample" \
	--results "$G/sample/results.csv" --xlsx -o book.xlsx
[ -s book.xlsx ] || fail "no workbook from the golden results"
echo "publish and export re-apply the rules: ok"
