# SPDX-License-Identifier: GPL-3.0-or-later
# qi publish writes no PDF of a hospital's profile unless --profile-pdf
# asks for it, and the hospital page links to one only then; indicator
# charts are pages of the chart book either way.
. "$(dirname "$0")/lib.bash"
. "$SRC/tests/cli/publish_sample.bash"

publish_small
n=$(find res/site -name '*_profile.pdf' | wc -l)
[ "$n" = 0 ] || fail "$n profile PDFs written by default"
[ -s res/site/NHO/en/charts/N001_FY2024_profile.svg ] || fail "no profile SVG"
grep -q 'N001_FY2024_profile.pdf' res/site/NHO/hospitals/N001.html &&
	fail "the hospital page links to a profile PDF not written"
[ -s res/site/NHO/charts/indicators.pdf ] || fail "no chart book"
expect_in res/site/NHO/indicators/stroke_early_rehab.html 'charts/indicators.pdf#page='

expect_status 0 "$QI" publish "${P[@]}" --profile-pdf
for lang in "" en/; do
	[ -s "res/site/NHO/${lang}charts/N001_FY2024_profile.pdf" ] ||
		fail "--profile-pdf wrote no ${lang}N001 profile PDF"
	expect_in "res/site/NHO/${lang}hospitals/N001.html" 'charts/N001_FY2024_profile.pdf'
done
[ -e res/site/JOHAS/charts/N001_FY2024_profile.pdf ] &&
	fail "an NHO hospital's profile PDF is on the JOHAS site"
expect_status 0 "$QI" publish "${P[@]}" --profile-pdf --format svg,png
n=$(find res/site -name '*.pdf' | wc -l)
[ "$n" = 0 ] || fail "--profile-pdf without pdf among the formats wrote $n PDFs"
echo "profile PDFs: ok"
