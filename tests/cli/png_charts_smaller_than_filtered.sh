# SPDX-License-Identifier: GPL-3.0-or-later
# Chart PNGs (1x and 2x) are valid (every chunk's CRC, the image data
# inflates to exactly height rows of width pixels), and at 1x smaller
# than the same pixels encoded as qi wrote them before: the SUB row
# filter at zlib level 3.
# The pixels come from the file itself, so no font or library version
# enters the comparison.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" run -i "$SRC/indicators" --sample-format csv -o res \
	--indicator stroke_early_rehab --period FY2024 \
	--charts caterpillar,funnel --format png --2x

python3 - res/charts/*.png <<'EOF'
import struct, sys, zlib

def fail(msg):
    sys.exit('FAIL: ' + msg)

def unfilter(raw, w, h, bpp):
    stride = (w * bpp * 8 + 7) // 8 if bpp >= 1 else None
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if f == 0:
            rows.append(bytes(line))
            prev = line
            continue
        b = max(1, int(bpp))
        for x in range(stride):
            a = line[x - b] if x >= b else 0
            up = prev[x]
            c = prev[x - b] if x >= b else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + up) & 255
            elif f == 3: line[x] = (line[x] + ((a + up) >> 1)) & 255
            elif f == 4:
                p = a + up - c
                pa, pb, pc = abs(p - a), abs(p - up), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else up if pb <= pc else c)) & 255
            elif f != 0: fail('bad filter type %d' % f)
        rows.append(bytes(line))
        prev = line
    if i != len(raw):
        fail('image data is not height rows')
    return rows

n = 0
for path in sys.argv[1:]:
    d = open(path, 'rb').read()
    if d[:8] != b'\x89PNG\r\n\x1a\n':
        fail(path + ': no PNG signature')
    p, idat, plte = 8, b'', None
    while p < len(d):
        ln, typ = struct.unpack('>I4s', d[p:p + 8])
        body = d[p + 8:p + 8 + ln]
        if struct.unpack('>I', d[p + 8 + ln:p + 12 + ln])[0] != zlib.crc32(typ + body):
            fail('%s: bad CRC in %s' % (path, typ))
        if typ == b'IHDR':
            w, h, depth, ct = struct.unpack('>IIBB', body[:10])
        elif typ == b'PLTE':
            plte = body
        elif typ == b'IDAT':
            idat += body
        p += 12 + ln
    if typ != b'IEND':
        fail(path + ': no IEND')
    bpp = 3 if ct == 2 else depth / 8
    if ct not in (2, 3) or (ct == 3 and plte is None):
        fail('%s: colour type %d' % (path, ct))
    rows = unfilter(zlib.decompress(idat), w, h, bpp)
    n += 1
    if path.endswith('@2x.png'):
        continue    # valid; the size is compared at 1x (faster)
    # The same pixels as RGB rows, SUB-filtered, deflated at level 3.
    if ct == 3:
        pal = [plte[i:i + 3] for i in range(0, len(plte), 3)]
        per = 8 // depth
        rows = [b''.join(pal[(r[x // per] >> (8 - depth * (x % per + 1))) & ((1 << depth) - 1)]
                         for x in range(w)) for r in rows]
    sub = bytearray()
    for r in rows:
        sub.append(1)
        sub += bytes((r[x] - (r[x - 3] if x >= 3 else 0)) & 255 for x in range(len(r)))
    z = zlib.compressobj(3, zlib.DEFLATED, 15, 8, zlib.Z_FILTERED)
    before = len(z.compress(bytes(sub)) + z.flush())
    if not len(idat) < before:
        fail('%s: image data %d bytes, SUB at level 3 %d' % (path, len(idat), before))
    print('%s: %d bytes of image data, %d before' % (path, len(idat), before))
if n != 4:
    fail('%d PNGs drawn, expected 4' % n)
EOF
