# The same inputs give byte-identical results, JSON, PNG, PDF and SVG.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" run -i "$SRC/indicators" -o a --format png,pdf,svg
# the second reads the records in two threads: the same bytes
expect_status 0 "$QI" run -i "$SRC/indicators" -o b --format png,pdf,svg --jobs 2
diff -r a b >/dev/null || fail "two runs differ: $(diff -rq a b | head -3)"
want=$(awk -F, 'NR > 1 && $4 == "all" && $3 !~ /Q/ { print $1 "_" $3 }' \
	a/results.csv | sort -u | wc -l)
[ "$want" -gt 10 ] && [ "$(ls a/charts | grep -c svg)" = "$want" ] ||
	fail "SVG charts missing"
echo "deterministic: ok"
