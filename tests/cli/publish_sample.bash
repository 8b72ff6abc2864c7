# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the publish tests (source it after lib.bash): the data of a
# small pair of websites.  8 NHO and 4 JOHAS hospitals of the synthetic
# patient-level sample (of about 150,000 stays over FY2023-FY2024) and two
# indicators -- a proportion, higher is better (stroke_early_rehab), and a
# rate per patient-days, lower is better (falls_rate) -- so that every
# kind of page and chart is there while a site stays small enough to draw
# in seconds and to open every page of in the browser.

# publish_sample DIR [NHO JOHAS]: DIR/indicators/ (the two definitions and the code
# lists) and DIR/data/ (organisations, hospitals, stays, events, and
# the same sample as counts for tests that need the true values), the
# same bytes every time.  NHO and JOHAS: how many hospitals of each
# (default 8 and 4).
publish_sample() {
	local dir=$1 nho=${2:-8} johas=${3:-4} id f
	mkdir -p "$dir/indicators" "$dir/data"
	for id in stroke_early_rehab falls_rate; do
		cp "$SRC/indicators/$id.yaml" "$dir/indicators/"
	done
	ln -s "$SRC/indicators/codes" "$dir/indicators/codes"
	expect_status 0 "$QI" synth -i "$dir/indicators" -o "$dir/synth" --total-stays 150000
	cp "$dir/synth/sample/organisations.csv" "$dir/data/"
	awk -F, -v nho="$nho" -v johas="$johas" \
		'NR == 1 || ($2 == "NHO" && ++n <= nho) || ($2 == "JOHAS" && ++j <= johas)' \
		"$dir/synth/sample/hospitals.csv" >"$dir/data/hospitals.csv"
	for f in stays events counts; do
		awk -F, 'NR == FNR { if (FNR > 1) keep[$1] = 1; next } FNR == 1 || keep[$1]' \
			"$dir/data/hospitals.csv" "$dir/synth/sample/$f.csv" >"$dir/data/$f.csv"
	done
	rm -rf "$dir/synth"
	[ "$(wc -l <"$dir/data/hospitals.csv")" = $((nho + johas + 1)) ] ||
		fail "sample: not $((nho + johas)) hospitals"
}

# publish_small [PUBLISH OPTIONS]: the small sites in res/site/, from the
# sample in s/ (publish_sample s) and its results (qi run, caterpillar
# PNGs in res/charts/); P holds the options that name them, for more runs.
publish_small() {
	publish_sample s
	P=(-i s/indicators -d s/data -o res)
	expect_status 0 "$QI" run "${P[@]}" --format png --charts caterpillar
	expect_status 0 "$QI" publish "${P[@]}" "$@"
}
