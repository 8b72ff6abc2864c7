# SPDX-License-Identifier: GPL-3.0-or-later
# Every chart on every page is shown as its SVG, sized by the SVG's own
# width and height, and no page offers a 2x PNG.  An indicator chart links
# to its page of the chart book (charts/indicators.pdf#page=N) of the
# page's language: that page of the book is that chart -- its text holds
# every character of the chart's title (the SVG's <title>; a title may be
# placed in parts and wrapped) -- and the book has a page for
# every indicator chart of the site and no other.
. "$(dirname "$0")/lib.bash"
. "$SRC/tests/cli/publish_sample.bash"

publish_small
python3 - res/site <<'EOF2'
import glob, os, re, subprocess, sys
from collections import Counter

def fail(msg):
    sys.exit('FAIL: ' + msg)

def page_text(book, n):
    return subprocess.run(['pdftotext', '-f', str(n), '-l', str(n), book, '-'],
                          capture_output=True, check=True, text=True).stdout

imgs = 0
linked = {}
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        if not f.endswith('.html'):
            continue
        path = os.path.join(root, f)
        page = open(path, encoding='utf-8').read()
        if re.search(r'_2x\.png', page):
            fail(path + ': offers a 2x PNG')
        for fig in re.findall(r'<figure>.*?</figure>', page, re.S):
            img = re.search(r'<img [^>]*>', fig).group(0)
            src = re.search(r' src="([^"]*)"', img).group(1)
            if not src.endswith('.svg'):
                fail('%s: the chart shown is not its SVG: %s' % (path, img))
            svg = open(os.path.normpath(os.path.join(root, src)), encoding='utf-8').read()
            m = re.search(r'<svg [^>]*width="([0-9.]+)pt" height="([0-9.]+)pt"', svg)
            want = ' width="%d" height="%d"' % (-(-float(m.group(1)) // 1), -(-float(m.group(2)) // 1))
            if want not in img:
                fail('%s: %s not sized%s' % (path, src, want))
            title = re.search(r'<title>([^<]*)</title>', svg).group(1)
            imgs += 1
            b = re.search(r'<a href="([^"#]*indicators\.pdf)#page=([0-9]+)"', fig)
            if b is None:
                if '_profile' not in src and '_vlad' not in src:
                    fail('%s: indicator chart %s links no page of the chart book' % (path, src))
                continue
            book = os.path.normpath(os.path.join(root, b.group(1)))
            if os.path.dirname(book) != os.path.dirname(os.path.normpath(os.path.join(root, src))):
                fail('%s: %s links the book of another language' % (path, src))
            linked.setdefault(book, {})[int(b.group(2))] = (title, src)
if imgs == 0:
    fail('no chart on any page')
books = glob.glob(os.path.join(sys.argv[1], '*', 'charts', 'indicators.pdf')) + \
    glob.glob(os.path.join(sys.argv[1], '*', 'en', 'charts', 'indicators.pdf'))
if len(books) != 4:
    fail('%d chart books, expected one per organisation and language' % len(books))
for book in books:
    info = subprocess.run(['pdfinfo', book], capture_output=True, check=True, text=True).stdout
    pages = int(re.search(r'^Pages:\s+([0-9]+)', info, re.M).group(1))
    got = linked.get(book, {})
    if sorted(got) != list(range(1, pages + 1)):
        fail('%s: %d pages, the site links pages %s' % (book, pages, sorted(got)))
    for n, (title, src) in sorted(got.items()):
        text = Counter(re.sub(r'\s+', '', page_text(book, n)))
        if Counter(re.sub(r'\s+', '', title)) - text:
            fail('%s page %d is not %s (%s)' % (book, n, src, title))
print('charts: %d images; chart books: %d, every page linked by its chart' % (imgs, len(books)))
EOF2
