# SPDX-License-Identifier: GPL-3.0-or-later
# The same inputs give byte-identical results, JSON, analyses, and every
# chart kind in PNG (1x and 2x), PDF and SVG, and qi publish (whose
# charts are drawn in threads) the same sites.  Charts are drawn for one
# proportion and one rate indicator, to keep the test short; every
# shipped indicator's results are compared.  The data are the 12
# hospitals of the small sample (publish_sample.bash).
. "$(dirname "$0")/lib.bash"
. "$SRC/tests/cli/publish_sample.bash"
publish_sample s

for ind in stroke_early_rehab falls_rate; do
	expect_status 0 "$QI" run -i "$SRC/indicators" -d s/data -o "a_$ind" --format png,pdf,svg \
		--2x --charts caterpillar,funnel,compare,trend,profile --indicator "$ind"
	# the second reads the records in two threads: the same bytes
	expect_status 0 "$QI" run -i "$SRC/indicators" -d s/data -o "b_$ind" --format png,pdf,svg \
		--2x --charts caterpillar,funnel,compare,trend,profile --indicator "$ind" --jobs 2
	diff -r "a_$ind" "b_$ind" >/dev/null ||
		fail "two runs differ: $(diff -rq "a_$ind" "b_$ind" | head -3)"
	for kind in "${ind}_FY2024" "${ind}_FY2024_funnel" "${ind}_compare" "${ind}_trend"; do
		for ext in .png @2x.png .pdf .svg; do
			[ -s "a_$ind/charts/$kind$ext" ] || fail "a_$ind/charts/$kind$ext missing"
		done
	done
done
for f in results.csv results.json funnel.csv trend.csv; do
	cmp -s "a_falls_rate/$f" "a_stroke_early_rehab/$f" || fail "$f depends on --indicator"
done
# the SVGs' text is written as <text> (surface.c), and is in the bytes compared
grep -q '<text ' a_stroke_early_rehab/charts/stroke_early_rehab_FY2024.svg ||
	fail "the SVG has no <text>: its text path was not compared"
# qi publish draws its charts in threads: two publishes of the small
# sites (publish_sample.bash), every format, the same bytes
P=(-i s/indicators -d s/data -o pub)
expect_status 0 "$QI" run "${P[@]}" --format png --charts caterpillar
expect_status 0 "$QI" publish "${P[@]}" --format png,pdf,svg --profile-pdf
mv pub/site site1
expect_status 0 "$QI" publish "${P[@]}" --format png,pdf,svg --profile-pdf
diff -r site1 pub/site >/dev/null ||
	fail "two publishes differ: $(diff -rq site1 pub/site | head -3)"
echo "deterministic: ok"
