# SPDX-License-Identifier: GPL-3.0-or-later
# Every analysis of a run is computed once (qi_analyses_compute()) and read
# by funnel.csv, trend.csv, summary.csv, every chart kind and both sites:
# with QI_TEST_TRACE_ANALYSES=FILE each computation writes a line, and each
# funnel (indicator, period), summary (indicator, period, organisation or
# all), trend (indicator, series) and VLAD (risk-modelled indicator,
# hospital) appears once per command -- with --history too, and in qi publish, which draws every
# chart twice (Japanese and English) and shows funnels on its pages.
. "$(dirname "$0")/lib.bash"

# once: TRACE RESULTS_CSV -- each analysis exactly once, all of them
once() {
	local dup nf ns nt nv want_f want_s want_t want_v nrisk
	dup=$(sort "$1" | uniq -d | head -3)
	[ -z "$dup" ] || fail "computed more than once: $dup"
	nf=$(grep -c '^funnel ' "$1")
	ns=$(grep -c '^summary ' "$1")
	nt=$(grep -c '^trend ' "$1")
	nv=$(grep -c '^vlad ' "$1")
	# a funnel per indicator and period with a result; a trend per
	# indicator for both organisations, each organisation, each hospital
	want_f=$(awk -F, 'NR > 1 { print $1, $3 }' "$2" | sort -u | wc -l)
	nind=$(awk -F, 'NR > 1 { print $1 }' "$2" | sort -u | wc -l)
	norg=$(($(wc -l <$S/organisations.csv) - 1))
	nhosp=$(($(wc -l <$S/hospitals.csv) - 1))
	want_t=$((nind * (1 + norg + nhosp)))
	# a summary per indicator and period for both organisations and each
	want_s=$((want_f * (1 + norg)))
	# a VLAD per indicator with a risk model and hospital
	nrisk=$(awk -F, -v d="$SRC/indicators/" 'NR > 1 { print d $1 ".yaml" }' \
		"$2" | sort -u | xargs grep -l '^risk_model:' | wc -l)
	want_v=$((nrisk * nhosp))
	[ "$nrisk" -gt 0 ] || fail "no indicator with a risk model"
	[ "$nf" -eq "$want_f" ] || fail "$nf funnel analyses, want $want_f"
	[ "$nt" -eq "$want_t" ] || fail "$nt trend analyses, want $want_t"
	[ "$ns" -eq "$want_s" ] || fail "$ns summaries, want $want_s"
	[ "$nv" -eq "$want_v" ] || fail "$nv VLAD analyses, want $want_v"
}

# the sample's counts of 8 hospitals of each organisation, to keep it short
small_counts 8 300

QI_TEST_TRACE_ANALYSES=$PWD/run.trace expect_status 0 "$QI" run "${data[@]}" \
	-o res --charts funnel,spc,trend --format png
once run.trace res/results.csv

# with an earlier run's results as history
cp res/results.csv earlier.csv
QI_TEST_TRACE_ANALYSES=$PWD/hist.trace expect_status 0 "$QI" run "${data[@]}" \
	-o out2 --charts funnel,spc,trend --format png --history earlier.csv
once hist.trace out2/results.csv

QI_TEST_TRACE_ANALYSES=$PWD/publish.trace expect_status 0 "$QI" publish \
	"${data[@]}" -o res --history earlier.csv --format svg
once publish.trace res/results.csv
[ -d res/site ] || fail "no site written"
echo "each analysis once: ok"
