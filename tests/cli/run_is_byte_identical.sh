# The same inputs give byte-identical results, JSON, PNG, PDF and SVG.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" run -i "$SRC/indicators" -o a --format png,pdf,svg
expect_status 0 "$QI" run -i "$SRC/indicators" -o b --format png,pdf,svg
diff -r a b >/dev/null || fail "two runs differ: $(diff -rq a b | head -3)"
[ "$(ls a/charts | grep -c svg)" = 14 ] || fail "SVG charts missing"
echo "deterministic: ok"
