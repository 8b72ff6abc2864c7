# qi run on the embedded sample writes results, JSON and charts, and the
# results are exactly the committed golden file.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" run -i "$SRC/indicators" -o res
expect_in err "results of 7 indicators for 172 hospitals"
for f in results.csv results.json sample/organisations.csv \
	sample/hospitals.csv sample/counts.csv; do
	[ -s "res/$f" ] || fail "res/$f missing"
done
diff -u "$SRC/tests/golden/sample/results.csv" res/results.csv >diff.txt ||
	{ head -40 diff.txt >&2; fail "results.csv differs from the golden file"; }
n=$(ls res/charts | wc -l)
[ "$n" = 28 ] || fail "expected 28 charts (7 indicators x 2 years x png,pdf), got $n"
expect_in res/results.json "\"qi_version\": \"0.1.0\""
expect_in res/results.json "\"role\": \"counts\""
sum=$(sha256sum res/sample/counts.csv | cut -d' ' -f1)
expect_in res/results.json "\"sha256\": \"$sum\""
sum=$(sha256sum "$SRC/indicators/readmission_6w.yaml" | cut -d' ' -f1)
expect_in res/results.json "\"sha256\": \"$sum\""
ls -a res | grep -q '^\.qi-stage' && fail "staging directory left behind"
# drawing one more chart keeps the others
expect_status 0 "$QI" render -i "$SRC/indicators" -o res --format svg \
	--indicator readmission_6w --period FY2024Q2
[ "$(ls res/charts | wc -l)" = 29 ] || fail "render --indicator removed other charts"
# no published file holds a withheld value: suppressed rows are empty
awk -F, 'NR > 1 && $16 ~ /^suppressed/ && ($8 $9 $10 $11 $12) != "" &&
	!($16 == "suppressed_small_numerator" && ($8 $10 $11 $12) == "") {
		print; bad = 1 } END { exit bad }' res/results.csv ||
	fail "a suppressed row shows a value"
echo "golden: ok"
