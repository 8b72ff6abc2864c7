# qi publish: one site per organisation in Japanese and English, with the
# pages, charts and downloads named in specs/publication.md §6; partner
# links absolute by default and relative with --preview; the same results
# give the same bytes; a failed run leaves the last site as it was, and a
# new run replaces the whole site.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" run -i "$SRC/indicators" -o res
expect_status 0 "$QI" publish -i "$SRC/indicators" -o res
expect_in err "websites of 2 organisations written to res/site/"
for org in NHO JOHAS; do
	for lang in "" en/; do
		for f in index.html hospitals/index.html indicators/stroke_early_rehab.html \
			charts/stroke_early_rehab_FY2024.png charts/stroke_early_rehab_FY2024_2x.png \
			charts/stroke_early_rehab_FY2024.pdf charts/stroke_early_rehab_FY2024.svg; do
			[ -s "res/site/$org/$lang$f" ] || fail "missing res/site/$org/$lang$f"
		done
	done
	for f in style.css data/stroke_early_rehab.csv data/stroke_early_rehab.json; do
		[ -s "res/site/$org/$f" ] || fail "missing res/site/$org/$f"
	done
done
# one page per hospital, on its organisation's site only
[ "$(ls res/site/NHO/hospitals | wc -l)" = 141 ] || fail "NHO: not 140 hospital pages and a list"
[ "$(ls res/site/JOHAS/en/hospitals | wc -l)" = 33 ] || fail "JOHAS: not 32 hospital pages and a list"
[ -e res/site/NHO/hospitals/R001.html ] && fail "a JOHAS hospital has a page on the NHO site"
# the 2x PNG has twice the pixels of the 1x (IHDR width)
w1=$(head -c 20 res/site/NHO/charts/stroke_early_rehab_FY2024.png | tail -c 4 | od -An -tu4 --endian=big | tr -d ' ')
w2=$(head -c 20 res/site/NHO/charts/stroke_early_rehab_FY2024_2x.png | tail -c 4 | od -An -tu4 --endian=big | tr -d ' ')
[ "$w1" = 900 ] && [ "$w2" = 1800 ] || fail "PNG widths $w1 and $w2, expected 900 and 1800"

page=res/site/NHO/indicators/stroke_early_rehab.html
expect_in "$page" '<html lang="ja">'
expect_in res/site/NHO/en/indicators/stroke_early_rehab.html '<html lang="en">'
expect_in "$page" '<a href="https://www.johas.go.jp/indicators/stroke_early_rehab.html">'
expect_in res/site/JOHAS/en/indicators/stroke_early_rehab.html \
	'<a href="https://nho.hosp.go.jp/en/indicators/stroke_early_rehab.html">'
expect_in "$page" 'srcset="../charts/stroke_early_rehab_FY2024.png 1x, ../charts/stroke_early_rehab_FY2024_2x.png 2x"'
expect_in "$page" 'alt="病院別の率と95%信頼区間（率の高い順）。2024年度、NHO '
expect_in "$page" '<dt>分子</dt><dd>分母のうち、入院後4日以内に脳血管疾患等リハビリテーションが開始された患者数</dd>'
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
# downloads are rows of results.csv: the NHO FY rows only, with the header
head -1 res/results.csv >want.csv
awk -F, '$1 == "stroke_early_rehab" && $3 !~ /Q/ && ($4 != "hospital" || $5 == "NHO")' res/results.csv |
	sort -t, -k3,3 -s >>want.csv
cmp want.csv res/site/NHO/data/stroke_early_rehab.csv || fail "NHO's CSV download is not its results.csv rows"

# same results, same bytes
sum=$(tree_sum res/site)
expect_status 0 "$QI" publish -i "$SRC/indicators" -o res
[ "$(tree_sum res/site)" = "$sum" ] || fail "a second publish changed the site"
# --preview: relative links, side by side
expect_status 0 "$QI" publish -i "$SRC/indicators" -o res --preview
expect_in "$page" '<a href="../../JOHAS/indicators/stroke_early_rehab.html">'
expect_in res/site/NHO/en/indicators/stroke_early_rehab.html '<a href="../../../JOHAS/en/indicators/stroke_early_rehab.html">'
grep -rq 'https://' res/site --include='*.html' && fail "a preview page links to an absolute URL"
expect_status 0 "$QI" publish -i "$SRC/indicators" -o res --base-urls
[ "$(tree_sum res/site)" = "$sum" ] || fail "--base-urls is not the default"

# a failed run leaves the last site intact
sum=$(tree_sum res)
sed '3s/,[0-9.]*,\([0-9.]*\),\([0-9.]*\),percent/,x,\1,\2,percent/' res/results.csv >bad.csv
expect_status 1 "$QI" publish -i "$SRC/indicators" -o res --results bad.csv
expect_in err "bad.csv:3:"
[ "$(tree_sum res)" = "$sum" ] || fail "a failed publish changed the outputs"
expect_status 1 "$QI" publish -i "$SRC/indicators" -o res -d nowhere
[ "$(tree_sum res)" = "$sum" ] || fail "a failed publish changed the outputs"
# a new run replaces the site whole: a stray file is gone
touch res/site/NHO/stray.html
expect_status 0 "$QI" publish -i "$SRC/indicators" -o res
[ -e res/site/NHO/stray.html ] && fail "the old site was not replaced whole"
ls -a res | grep -q '^.qi-stage' && fail "a staging directory was left behind"
echo "publish: ok"
