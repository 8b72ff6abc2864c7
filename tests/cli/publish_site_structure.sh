# SPDX-License-Identifier: GPL-3.0-or-later
# qi publish: one site per organisation in Japanese and English, with the
# pages, charts and downloads named in specs/publication.md §6; partner
# links absolute by default and relative with --preview; the same results
# give the same bytes; a failed run leaves the last site as it was, and a
# new run replaces the whole site.  The site is that of a small sample
# (tests/cli/publish_sample.bash); the repeated runs draw SVG only, the
# first the defaults (SVG and the chart books).
. "$(dirname "$0")/lib.bash"
. "$SRC/tests/cli/publish_sample.bash"

publish_sample s
P=(-i s/indicators -d s/data -o res)
expect_status 0 "$QI" run "${P[@]}" --format png --charts caterpillar
expect_status 0 "$QI" publish "${P[@]}"
expect_in err "websites of 2 organisations written to res/site/"
for org in NHO JOHAS; do
	for lang in "" en/; do
		for f in index.html hospitals/index.html indicators/stroke_early_rehab.html; do
			[ -s "res/site/$org/$lang$f" ] || fail "missing res/site/$org/$lang$f"
		done
		for c in stroke_early_rehab_FY2024 stroke_early_rehab_FY2024_funnel falls_rate_FY2024_funnel \
			stroke_early_rehab_compare stroke_early_rehab_trend; do
			[ -s "res/site/$org/${lang}charts/$c.svg" ] || fail "missing res/site/$org/${lang}charts/$c.svg"
			# no PNG unless asked for; an indicator chart's PDF is a page of the book
			for x in .png _2x.png .pdf; do
				[ -e "res/site/$org/${lang}charts/$c$x" ] && fail "res/site/$org/${lang}charts/$c$x written by default"
			done
		done
		[ -s "res/site/$org/${lang}charts/indicators.pdf" ] || fail "missing the chart book of res/site/$org/$lang"
	done
	for f in style.css data/stroke_early_rehab.csv data/stroke_early_rehab.json; do
		[ -s "res/site/$org/$f" ] || fail "missing res/site/$org/$f"
	done
done
# a hospital's profile on its organisation's site only (its PDF only with
# --profile-pdf: publish_profile_pdf_only_when_asked.sh)
[ -s "res/site/NHO/en/charts/N001_FY2024_profile.svg" ] || fail "missing N001's profile"
[ -e res/site/JOHAS/charts/N001_FY2024_profile.svg ] && fail "an NHO hospital's profile is on the JOHAS site"
# charts showing every organisation are drawn once and linked, not copied
[ res/site/NHO/charts/stroke_early_rehab_FY2024.svg -ef res/site/JOHAS/charts/stroke_early_rehab_FY2024.svg ] ||
	fail "the organisations' sites do not share one file of a chart"
[ res/site/NHO/en/charts/indicators.pdf -ef res/site/JOHAS/en/charts/indicators.pdf ] ||
	fail "the organisations' sites do not share one chart book"
# one page per hospital, on its organisation's site only
[ "$(ls res/site/NHO/hospitals | wc -l)" = 9 ] || fail "NHO: not 8 hospital pages and a list"
[ "$(ls res/site/JOHAS/en/hospitals | wc -l)" = 5 ] || fail "JOHAS: not 4 hospital pages and a list"
[ -e res/site/NHO/hospitals/R001.html ] && fail "a JOHAS hospital has a page on the NHO site"

page=res/site/NHO/indicators/stroke_early_rehab.html
expect_in "$page" '<html lang="ja">'
expect_in res/site/NHO/en/indicators/stroke_early_rehab.html '<html lang="en">'
# the partner's indicator site, below its corporate domain (the sample's
# organisations.csv, as written by qi synth)
expect_in "$page" '<a href="https://www.johas.go.jp/quality-indicators/indicators/stroke_early_rehab.html">'
expect_in res/site/JOHAS/en/indicators/stroke_early_rehab.html \
	'<a href="https://nho.hosp.go.jp/quality-indicators/en/indicators/stroke_early_rehab.html">'
# the pages show the SVG at its size in points as CSS px
w=$(sed -n 's/.*<svg [^>]* width="\([0-9.]*\)pt" height="\([0-9.]*\)pt".*/\1x\2/p' res/site/NHO/charts/stroke_early_rehab_FY2024.svg)
expect_in "$page" "<img src=\"../charts/stroke_early_rehab_FY2024.svg\" width=\"${w%x*}\" height=\"$(awk -v h="${w#*x}" 'BEGIN { printf "%d", (h == int(h)) ? h : int(h) + 1 }')\""
expect_in "$page" 'src="../charts/stroke_early_rehab_FY2024_funnel.svg"'
expect_in "$page" 'src="../charts/stroke_early_rehab_compare.svg"'
expect_in "$page" 'src="../charts/stroke_early_rehab_trend.svg"'
expect_in "$page" '<a href="../charts/stroke_early_rehab_trend.svg">SVG</a>'
expect_in "$page" 'alt="病院別の率と95%信頼区間（率の高い順）。2024年度、NHO '
# the funnel's words: the 99.8% flags of the analysis (funnel.csv of qi run)
en=res/site/NHO/en/indicators/stroke_early_rehab.html
expect_in "$en" 'alt="Funnel plot (FY2024): each hospital'
expect_in "$en" '&apos;s rate by quarter. NHO: FY20'
expect_in res/site/NHO/en/hospitals/N001.html 'alt="Each indicator: this hospital&apos;s rate minus its organisation&apos;s'
expect_in res/site/NHO/hospitals/N001.html 'src="../charts/N001_FY2024_profile.svg"'
expect_in "$page" '<dt>分子</dt><dd>分母のうち、入院後4日以内（0〜3日目）に脳血管疾患等リハビリテーション料（H001）が算定された患者数</dd>'
expect_in "$page" '95%信頼区間: Wilson のスコア法'
expect_in "$page" '第1版（stroke_early_rehab）'
expect_in "$page" '<a href="../data/stroke_early_rehab.csv">CSV</a>'
# the pooled NHO result, as computed
row=$(awk -F, '$1 == "stroke_early_rehab" && $3 == "FY2024" && $4 == "organisation" && $5 == "NHO"' res/results.csv)
num=$(echo "$row" | cut -d, -f8) den=$(echo "$row" | cut -d, -f9)
rate=$(echo "$row" | awk -F, '{ printf "%.1f", $10 * 100 }')
expect_in "$page" "<tr id=\"FY2024-org-NHO\"><th scope=\"row\">独立行政法人国立病院機構</th>"
grep -F '<tr id="FY2024-org-NHO">' "$page" | grep -qF "<td class=\"n\">$rate</td>" ||
	fail "NHO FY2024 rate $rate ($num/$den) not in its row"
# downloads are rows of results.csv: the NHO FY rows only, with the header,
# after the UTF-8 byte order mark that Japanese Excel needs
printf '\357\273\277' >want.csv
head -1 res/results.csv >>want.csv
awk -F, '$1 == "stroke_early_rehab" && $3 !~ /Q/ && ($4 != "hospital" || $5 == "NHO")' res/results.csv |
	sort -t, -k3,3 -s >>want.csv
cmp want.csv res/site/NHO/data/stroke_early_rehab.csv || fail "NHO's CSV download is not its results.csv rows"

# every format again: the same bytes
sum=$(tree_sum res/site)
expect_status 0 "$QI" publish "${P[@]}"
[ "$(tree_sum res/site)" = "$sum" ] || fail "a second publish changed the site"
# PNG downloads when asked for, linked beside the SVG
expect_status 0 "$QI" publish "${P[@]}" --format svg,png
[ -s res/site/NHO/charts/stroke_early_rehab_FY2024.png ] || fail "--format svg,png wrote no PNG"
expect_in "$page" '<a href="../charts/stroke_early_rehab_FY2024.png">PNG</a>'
# SVG only: nothing else drawn or linked; --base-urls is the default, and
# the same results give the same bytes
expect_status 0 "$QI" publish "${P[@]}" --format svg
[ -e res/site/NHO/charts/stroke_early_rehab_FY2024.png ] && fail "--format svg wrote a PNG"
[ -e res/site/NHO/charts/indicators.pdf ] && fail "--format svg wrote a chart book"
grep -q 'indicators.pdf' "$page" && fail "--format svg links to a PDF"
sum=$(tree_sum res/site)
expect_status 0 "$QI" publish "${P[@]}" --base-urls --format=svg
[ "$(tree_sum res/site)" = "$sum" ] || fail "--base-urls is not the default, or the same results gave other bytes"
expect_status 2 "$QI" publish "${P[@]}" --format png,pdf
expect_in err "bad --format 'png,pdf'"
# --preview: relative links, side by side; the new run replaces the site
# whole (a stray file is gone)
touch res/site/NHO/stray.html
expect_status 0 "$QI" publish "${P[@]}" --preview --format svg
[ -e res/site/NHO/stray.html ] && fail "the old site was not replaced whole"
ls -a res | grep -q '^.qi-stage' && fail "a staging directory was left behind"
expect_in "$page" '<a href="../../JOHAS/indicators/stroke_early_rehab.html">'
expect_in res/site/NHO/en/indicators/stroke_early_rehab.html '<a href="../../../JOHAS/en/indicators/stroke_early_rehab.html">'
grep -rq 'https://' res/site --include='*.html' && fail "a preview page links to an absolute URL"

# a failed run leaves the last site intact
sum=$(tree_sum res)
awk -F, 'BEGIN { OFS = "," } NR == 3 { $8 = "x" } { print }' res/results.csv >bad.csv
grep -q ',x,' bad.csv || fail "bad.csv is not broken"
expect_status 1 "$QI" publish "${P[@]}" --results bad.csv --format svg
expect_in err "bad.csv:3:"
[ "$(tree_sum res)" = "$sum" ] || fail "a failed publish changed the outputs"
expect_status 1 "$QI" publish -i s/indicators -o res -d nowhere --format svg
[ "$(tree_sum res)" = "$sum" ] || fail "a failed publish changed the outputs"
echo "publish: ok"
