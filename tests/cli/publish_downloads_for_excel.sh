# SPDX-License-Identifier: GPL-3.0-or-later
# The sites' downloads open correctly in Japanese Excel
# (specs/publication.md, "Data downloads and spreadsheets"): each
# data/ID.csv starts with a UTF-8 byte order mark, which results.csv does
# not, and qi still reads such a download back; each organisation has a
# workbook data/ORG.xlsx, linked from its pages, that holds the rows of its
# CSV downloads cell for cell (numbers as numbers, withheld values empty,
# no formula: tests/cli/xlsx_check.py), the same bytes from run to run
# and in any time zone; qi export --xlsx writes the same workbook from
# results.csv (--organisation ORG), or every organisation's rows.
. "$(dirname "$0")/lib.bash"
. "$SRC/tests/cli/publish_sample.bash"

publish_sample s
# two more definitions whose ids share their first 31 characters, Excel's
# limit on a sheet name: the sheets are cut and told apart
for x in a b; do
	id=stroke_early_rehab_long_name_for_sheets_$x
	sed "s/^id: stroke_early_rehab\$/id: $id/" s/indicators/stroke_early_rehab.yaml >"s/indicators/$id.yaml"
	grep -q "^id: $id\$" "s/indicators/$id.yaml" || fail "could not make $id"
done
P=(-i s/indicators -d s/data -o res)
expect_status 0 "$QI" run "${P[@]}" --format png --charts caterpillar
expect_status 0 "$QI" publish "${P[@]}" --format svg
bom=$(printf '\357\273\277')
[ "$(head -c 10 res/results.csv)" = "indicator," ] || fail "results.csv does not start with its header"
for org in NHO JOHAS; do
	for ind in stroke_early_rehab falls_rate stroke_early_rehab_long_name_for_sheets_b; do
		[ "$(head -c 13 "res/site/$org/data/$ind.csv")" = "${bom}indicator," ] ||
			fail "res/site/$org/data/$ind.csv has no UTF-8 byte order mark"
		[ "$(head -c 1 "res/site/$org/data/$ind.json")" = "{" ] ||
			fail "res/site/$org/data/$ind.json does not start with {"
	done
	book=res/site/$org/data/$org.xlsx
	unzip -l "$book" >list || fail "$book is not a zip file"
	expect_in list xl/worksheets/sheet5.xml
	expect_in list docProps/core.xml
	python3 "$SRC/tests/cli/xlsx_check.py" "$book" "res/site/$org/data" --withheld ||
		fail "$book does not hold its CSV downloads"
	expect_in "res/site/$org/index.html" "<a href=\"data/$org.xlsx\">$org.xlsx</a>"
	expect_in "res/site/$org/en/indicators/falls_rate.html" "<a href=\"../../data/$org.xlsx\">Excel (.xlsx)</a>"
	cp "$book" "$org.first.xlsx"
done
unzip -p res/site/NHO/data/NHO.xlsx xl/workbook.xml >workbook.xml
expect_in workbook.xml '<sheet name="stroke_early_rehab_long_name_fo" '
expect_in workbook.xml '<sheet name="stroke_early_rehab_long_name_~2" '
# the workbook's dates are fixed: 2000-01-01 in the document, 1980-01-01
# on every zip entry
unzip -p res/site/NHO/data/NHO.xlsx docProps/core.xml >core.xml
expect_in core.xml '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>'
awk '$2 ~ /^[0-9]+-[0-9]+-[0-9]+$/ { n++; if ($2 != "1980-01-01") exit 1 } END { exit n < 10 }' list ||
	fail "a zip entry of the workbook is not dated 1980-01-01"

# a download fed back: the byte order mark is skipped
expect_status 0 "$QI" compare -i s/indicators -d s/data --results res/site/NHO/data/stroke_early_rehab.csv \
	--indicator stroke_early_rehab --as csv
[ "$(sed -n 2p out | cut -d, -f1,4,6)" = "stroke_early_rehab,NHO,JOHAS" ] ||
	fail "qi compare on a download: $(sed -n 2p out)"
sed -n 2p out | cut -d, -f8 | grep -qE '^[0-9]+$' || fail "qi compare on a download: no count"

# again, in another time zone: the same bytes
TZ=Asia/Tokyo expect_status 0 "$QI" publish "${P[@]}" --format svg
for org in NHO JOHAS; do
	cmp "$org.first.xlsx" "res/site/$org/data/$org.xlsx" || fail "$org.xlsx differs from run to run"
done

# qi export --xlsx: the site's workbook, or every organisation's rows
E=(export -i s/indicators -d s/data --results res/results.csv)
expect_status 0 "$QI" "${E[@]}" --xlsx -o nho.xlsx --organisation NHO
cmp nho.xlsx res/site/NHO/data/NHO.xlsx || fail "qi export --organisation NHO is not the site's workbook"
TZ=America/New_York expect_status 0 "$QI" "${E[@]}" --xlsx --output=all.xlsx
python3 "$SRC/tests/cli/xlsx_check.py" all.xlsx res/site/NHO/data,res/site/JOHAS/data \
	--string "$(awk -F, '$2 == "JOHAS" { print $3; exit }' s/data/hospitals.csv)" ||
	fail "qi export's workbook is not both sites' rows"
expect_status 0 "$QI" "${E[@]}" --xlsx -o all2.xlsx
cmp all.xlsx all2.xlsx || fail "qi export differs from run to run"
ls -a >before
expect_status 2 "$QI" "${E[@]}" -o x.xlsx
expect_in err "give --xlsx"
expect_status 2 "$QI" "${E[@]}" --xlsx -o x.xlsx --organisation XX
expect_in err "no organisation 'XX'"
ln -s all.xlsx link.xlsx
expect_status 3 "$QI" "${E[@]}" --xlsx -o link.xlsx
expect_in err "is a symbolic link"
ls -a | grep -v '^link.xlsx$' | cmp - before || fail "a refused export left a file"
echo "downloads for Excel: ok"
