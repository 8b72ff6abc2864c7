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
expect_in res/results.json '"qi_version" : "0.1.0"'
expect_in res/results.json '"role" : "counts"'
sum=$(sha256sum res/sample/counts.csv | cut -d' ' -f1)
expect_in res/results.json "\"sha256\" : \"$sum\""
sum=$(sha256sum "$SRC/indicators/readmission_6w.yaml" | cut -d' ' -f1)
expect_in res/results.json "\"sha256\" : \"$sum\""
ls -a res | grep -q '^\.qi-stage' && fail "staging directory left behind"
echo "golden: ok"
