# SPDX-License-Identifier: GPL-3.0-or-later
# Charts: PNG and PDF are valid files; the PDF embeds Noto Sans CJK JP and
# pdftotext finds the Japanese title and hospital names in it.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" run -i "$SRC/indicators" --sample-format csv -o res \
	--indicator stroke_early_rehab --period FY2024 --charts caterpillar
png=res/charts/stroke_early_rehab_FY2024.png
pdf=res/charts/stroke_early_rehab_FY2024.pdf
[ "$(ls res/charts)" = "$(printf '%s\n' stroke_early_rehab_FY2024.pdf stroke_early_rehab_FY2024.png)" ] ||
	fail "--indicator/--period drew: $(ls res/charts)"
[ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
	fail "not a PNG signature"
# IHDR width (bytes 17-20, big-endian) is 900 px
[ "$(head -c 20 "$png" | tail -c 4 | od -An -tu1 | tr -s ' ')" = " 0 0 3 132" ] ||
	fail "PNG is not 900 px wide"
[ "$(head -c 5 "$pdf")" = "%PDF-" ] || fail "not a PDF"
pdftotext "$pdf" text.txt
expect_in text.txt "急性期脳梗塞患者に対する早期リハビリテーション開始率"
expect_in text.txt "2024年度"
name=$(awk -F, 'NR==2 {print $3}' res/sample/hospitals.csv)
pdffonts "$pdf" >fonts.txt
expect_in fonts.txt "NotoSansCJK"
grep -q "NotoSansCJK.* yes yes" fonts.txt || fail "CJK font not embedded as a subset"
pdfinfo "$pdf" >info.txt
expect_in info.txt "急性期脳梗塞"
echo "charts: ok ($name)"
