# SPDX-License-Identifier: GPL-3.0-or-later
# Every chart on every page is an <img> whose srcset offers its 2x PNG to
# high-density screens, the 2x file exists beside the 1x, and no page
# links to a 2x PNG as a download (PNG, PDF and SVG are the downloads).
. "$(dirname "$0")/lib.bash"
. "$SRC/tests/cli/publish_sample.bash"

publish_small
python3 - res/site <<'EOF2'
import os, re, sys

def fail(msg):
    sys.exit('FAIL: ' + msg)

imgs = 0
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        if not f.endswith('.html'):
            continue
        path = os.path.join(root, f)
        page = open(path, encoding='utf-8').read()
        if re.search(r'<a href="[^"]*_2x\.png"', page):
            fail(path + ': links to a 2x PNG')
        for img in re.findall(r'<img [^>]*>', page):
            src = re.search(r' src="([^"]*)"', img).group(1)
            m = re.search(r' srcset="([^"]*) 1x, ([^"]*) 2x"', img)
            if m is None or m.group(1) != src or m.group(2) != src[:-4] + '_2x.png':
                fail('%s: no srcset of 1x and 2x: %s' % (path, img))
            if not os.path.isfile(os.path.join(root, m.group(2))):
                fail('%s: %s missing' % (path, m.group(2)))
            imgs += 1
if imgs == 0:
    fail('no chart on any page')
print('srcset: %d images' % imgs)
EOF2
