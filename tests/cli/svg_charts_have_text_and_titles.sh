# SPDX-License-Identifier: GPL-3.0-or-later
# SVG charts keep their words as text: every text is a <text> element in
# the Japanese font stack (no glyph outlines), and every hospital shown on
# the caterpillar chart and the funnel plot has a <title> (its name, rate
# and, on the caterpillar, its interval) that a pointer shows.  The file
# is well-formed XML.
. "$(dirname "$0")/lib.bash"

ind=stroke_early_rehab
expect_status 0 "$QI" run -i "$SRC/indicators" --sample-format csv -o res \
	--indicator $ind --period FY2024 --charts caterpillar,funnel \
	--format png,svg
cat=res/charts/${ind}_FY2024.svg
fun=res/charts/${ind}_FY2024_funnel.svg
for f in "$cat" "$fun"; do
	[ -s "$f" ] || fail "no $f"
done

python3 - "$cat" "$fun" res/results.csv res/sample/hospitals.csv "$ind" <<'EOF'
import csv, sys
import xml.etree.ElementTree as ET

cat, fun, results, hospitals, ind = sys.argv[1:]
NS = '{http://www.w3.org/2000/svg}'
XL = '{http://www.w3.org/XML/1998/namespace}lang'

def fail(msg):
    sys.exit('FAIL: ' + msg)

names = {r['id']: r['name_ja'] for r in csv.DictReader(open(hospitals, encoding='utf-8'))}
shown = [r for r in csv.DictReader(open(results, encoding='utf-8'))
         if r['indicator'] == ind and r['period'] == 'FY2024'
         and r['scope'] == 'hospital' and r['status'] == 'ok']
if not shown:
    fail('no published hospital in the sample')

for path in (cat, fun):
    raw = open(path, encoding='utf-8').read()
    if '<symbol' in raw or 'id="glyph' in raw:
        fail(path + ': glyph outlines written')
    root = ET.parse(path).getroot()      # well-formed, or this raises
    texts = root.findall('.//' + NS + 'text')
    if not texts:
        fail(path + ': no <text>')
    groups = [g for g in root.iter(NS + 'g') if g.get('font-family')]
    if not groups:
        fail(path + ': no font-family on the text')
    fam = groups[0].get('font-family')
    for want in ('Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', 'Meiryo', 'sans-serif'):
        if want not in fam:
            fail(path + ': font-family lacks ' + want + ': ' + fam)
    if groups[0].get(XL) != 'ja':
        fail(path + ': text group without xml:lang="ja"')
    words = '\n'.join(''.join(t.itertext()) for t in texts)
    if '急性期脳梗塞' not in words or '2024年度' not in words:
        fail(path + ': the title is not text')
    doc_title = root.find(NS + 'title')
    if doc_title is None or '急性期脳梗塞' not in doc_title.text:
        fail(path + ': the document has no <title>')
    tips = [''.join(t.itertext()) for r in root.iter(NS + 'rect')
            for t in r.findall(NS + 'title')]
    if len(tips) != len(shown):
        fail('%s: %d tips for %d hospitals shown' % (path, len(tips), len(shown)))
    for r in shown:
        name = names[r['hospital']]
        rate = '%.1f' % (float(r['rate']) * 100)
        tip = [t for t in tips if t.startswith(name + ('（' if path == cat else '\n'))]
        if len(tip) != 1:
            fail('%s: no single tip for %s' % (path, name))
        if rate not in tip[0]:
            fail('%s: tip of %s lacks its rate %s: %s' % (path, name, rate, tip[0]))
        if path == cat:
            lo = '%.1f' % (float(r['lower']) * 100)
            hi = '%.1f' % (float(r['upper']) * 100)
            if lo + '\u2013' + hi not in tip[0]:
                fail('%s: tip of %s lacks its interval: %s' % (path, name, tip[0]))
print('svg: %d texts, %d tips' % (len(texts), len(tips)))
EOF
