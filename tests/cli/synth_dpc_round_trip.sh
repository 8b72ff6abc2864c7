# SPDX-License-Identifier: GPL-3.0-or-later
# qi synth --format dpc writes the sample as the DPC files hospitals
# submit, and they hold exactly the stays and events of qi synth --format
# csv.  Checked by an independent decoder (Python, below) that follows
# the field mapping of specs/input.md: file names, 17 FF1 and 31 EF
# columns, CRLF, CP932 (a few hospitals in UTF-8), the EF title row,
# optional FF1 header rows, 退院年月日 00000000 before the discharge
# month; then every stay and event rebuilt from FF1/EFn/FF4 and
# drug_master.csv equals stays.csv and events.csv (sorted).  The same
# seed gives the same bytes.  Then qi check and qi import dpc on the files.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" synth --format dpc --scale 0.04 -o dpc
expect_status 0 "$QI" synth --format=csv --scale 0.04 -o csv
expect_status 0 "$QI" synth --format dpc --scale 0.04 -o dpc2
[ "$(tree_sum dpc/sample)" = "$(tree_sum dpc2/sample)" ] ||
	fail "same seed, different DPC files"
cut -d, -f1-6 dpc/sample/hospitals.csv | cmp -s - csv/sample/hospitals.csv ||
	fail "the two formats' registries differ"
[ ! -e dpc/sample/stays.csv ] || fail "--format dpc wrote stays.csv"
head -1 dpc/sample/hospitals.csv | grep -q ',facility_code$' ||
	fail "hospitals.csv has no facility_code column"
expect_status 2 "$QI" synth --format xml -o bad
expect_in err "bad --format 'xml'"

python3 - dpc/sample csv/sample <<'EOF' || fail "DPC files and CSV differ"
import csv, datetime as dt, glob, os, re, sys, collections

D, C = sys.argv[1], sys.argv[2]
bad = []
def check(ok, msg):
    if not ok:
        bad.append(msg)
        if len(bad) > 20:
            sys.exit("\n".join(bad))

def date(s):
    return dt.date(int(s[:4]), int(s[4:6]), int(s[6:8]))

hosp = {}
with open(os.path.join(D, 'hospitals.csv'), encoding='utf-8') as f:
    for r in csv.DictReader(f):
        check(re.fullmatch(r'\d{9}', r['facility_code']), 'facility code ' + r['facility_code'])
        hosp[r['facility_code']] = r['id']
check(len(hosp) == 172, 'facility codes not unique')
drug = {}
with open(os.path.join(D, 'drug_master.csv'), encoding='utf-8') as f:
    for r in csv.DictReader(f):
        check(re.fullmatch(r'6\d{8}', r['receipt_code']), 'receipt ' + r['receipt_code'])
        check(re.fullmatch(r'\d{7}[A-Z]\d{4}', r['yj_code']), 'yj ' + r['yj_code'])
        drug[r['receipt_code']] = r['yj_code']

nutf8 = ncp932 = 0
def lines(path):
    global nutf8, ncp932
    b = open(path, 'rb').read()
    check(b.endswith(b'\r\n'), path + ': no CRLF at the end')
    check(b.count(b'\n') == b.count(b'\r\n'), path + ': a bare LF')
    try:
        t = b.decode('utf-8')
        if any(c > 127 for c in b):
            nutf8 += 1
    except UnicodeDecodeError:
        t = b.decode('cp932')
        ncp932 += 1
    return [l.split('\t') for l in t.split('\r\n')[:-1]]

name = re.compile(r'(FF1|EFn|FF4)_(\d{9})_(\d{2})(\d{2})\.txt$')
files = collections.defaultdict(list)
for p in sorted(os.listdir(D)):
    if p.endswith('.csv'):
        continue
    m = name.fullmatch(p)
    check(m is not None, 'file name ' + p)
    check(m.group(2) in hosp, p + ': unknown 施設コード')
    files[m.group(1)].append((p, m.group(2), 2000 + int(m.group(3)), int(m.group(4))))

# --- 様式1
items = collections.defaultdict(list)       # stay key -> rows
headers = 0
for p, fac, y, mo in files['FF1']:
    rows = lines(os.path.join(D, p))
    if rows and rows[0][0] == '施設コード':
        headers += 1
        rows = rows[1:]
    for r in rows:
        check(len(r) == 17, p + ': %d columns' % len(r))
        check(r[0] == fac, p + ': 施設コード ' + r[0])
        check(re.fullmatch(r'\d{10}', r[1]) and re.fullmatch(r'\d{8}', r[2]) and
              re.fullmatch(r'\d{8}', r[6]), p + ': key ' + '|'.join(r[:8]))
        items[(r[0], r[1], r[2], r[3])].append(r)
        if r[5] == 'A000030':
            check((date(r[8]).year, date(r[8]).month) == (y, mo), p + ': discharge month')
check(headers > 0, 'no FF1 file with a header row')

ins = {}
for p, fac, y, mo in files['FF4']:
    for r in lines(os.path.join(D, p)):
        check(len(r) == 6 and r[5] in '01234', p + ': FF4 row ' + '|'.join(r))
        ins[(r[0], r[1], r[3], r[4])] = '0' if r[5] in '1234' else '1'

V24 = dt.date(2024, 6, 1)
def deep(v):                     # DESIGN-R: the depth is the first character
    check(len(v) == 7 and v[0] in '012345DU', 'DESIGN-R ' + v)
    return v[0] in '2345DU'
stays = {}
seen = collections.Counter()
nchild = 0
for key, rows in items.items():
    fac, pid, adm, kaisu = key
    par = {}
    rep = collections.defaultdict(list)
    for r in rows:
        if r[4] != '0':
            nchild += 1
            check(r[4] in '12' and r[5] in ('A000031', 'A000050', 'A006010'), 'child ' + '|'.join(r))
            continue
        seen[r[5]] += 1
        if r[7] != '0':
            rep[r[5]].append((int(r[7]), r[9]))
        else:
            check(r[5] not in par, 'twice: ' + '|'.join(r))
            par[r[5]] = r[8:]
    a = date(adm); b = date(par['A000010'][0]); d = date(par['A000030'][0])
    age = a.year - b.year - ((a.month, a.day) < (b.month, b.day))
    check(par['A000020'][0] == adm, 'A000020 p1')
    p5 = par['A000020'][4]
    check(p5 in ('100', '101', '200') or re.fullmatch(r'3\d\d', p5), 'p5 ' + p5)
    prev = par['A000070'][0]
    dx = lambda c: par[c][1] if c in par else ''
    lst = lambda c: ';'.join(v for _, v in sorted(rep[c]))
    for c in rep:
        check([n for n, _ in sorted(rep[c])] == list(range(1, len(rep[c]) + 1)), '連番 of ' + c)
    onset = {'1': '3', '2': '7', '3': '8', '4': ''}[par['M010010'][2]] if 'M010010' in par else ''
    killip = par['M050030'][1] if 'M050030' in par else ''
    jcs = re.sub('[RIA]$', '', par['JCS0010'][1]) if 'JCS0010' in par else ''
    st = par['CAN0030'][2][0] if 'CAN0030' in par else ''  # payload 3 (p2 is empty)
    new = ('A004040' in par, 'A004050' in par, 'A001040' in par)
    check(all(new) == (d >= V24) and any(new) == all(new), 'the 2024-06 items of a stay discharged %s' % d)
    if d >= V24:
        f = par['A004040']
        pu = par['A001040']
        pu = '1' if deep(pu[4]) and not deep(pu[2]) else '0'
        late = [f[1], f[2], par['A004050'][1], pu]
    else:
        late = ['', '', '', '']
    sid = '%s-%s' % (pid, adm) + ('' if kaisu == '0' else '-' + kaisu)
    stays[key] = [hosp[fac], sid, pid, a.isoformat(), d.isoformat(), str(age),
        par['A000010'][1], '1' if p5 == '200' or p5[0] == '3' else '0', par['A000020'][5],
        dx('A006010'), dx('A006020'), dx('A006030'), lst('A006040'), lst('A006050'),
        par['A000030'][2], '1' if par['A000030'][3] in ('1', '2') else '0',
        '' if prev in ('00000000', '99999999') else date(prev).isoformat(),
        onset, '' if killip == '0' else killip, jcs, '' if st == '9' else st,
        '1' if int(par['A004010'][1]) >= 1 else '0', ins.get((fac, pid, adm, kaisu), '1')] + late
check(nchild > 0, 'no child segments')
check(any(k[3] == '1' for k in stays), 'no 回数管理番号 1')
for c in ('A000010', 'A000020', 'A000030', 'A000070', 'A006010', 'A004010', 'M010010',
          'M050030', 'JCS0010', 'CAN0030', 'A001040', 'A004040', 'A004050', 'M050010', 'M050011'):
    check(seen[c] > 0, 'no item ' + c)
check(any(k[2][:4] < '2023' or k[2][:6] <= '202303' for k in stays), 'no stay across the first month')

# --- EF
kinds = {'21': 'drug', '22': 'drug', '23': 'drug', '31': 'drug', '32': 'drug', '33': 'drug',
         '50': 'procedure', '54': 'procedure', '60': 'test', '70': 'imaging', '80': 'rehab',
         '13': 'fee', '90': 'fee', '92': 'fee'}
byadm = collections.defaultdict(list)
for k in stays:
    byadm[k[:3]].append(k)
acts = collections.OrderedDict()
nz = nown = ncomment = 0
for p, fac, y, mo in files['EFn']:
    rows = lines(os.path.join(D, p))
    check(rows[0][1] == 'データ識別番号' and len(rows[0]) == 31, p + ': title row')
    prevday = ''
    for r in rows[1:]:
        check(len(r) == 31, p + ': %d EF columns' % len(r))
        check(r[0] == fac, p + ': EF 施設コード')
        w = date(r[23])
        check((w.year, w.month) == (y, mo), p + ': 実施年月日 ' + r[23])
        check(r[23] >= prevday, p + ': not by 実施年月日')
        prevday = r[23]
        if r[2] == '00000000':
            nz += 1
        if r[8].startswith('8'):
            ncomment += 1
            continue
        k = (r[0], r[1], r[3], r[4], r[5], r[23])
        a = acts.setdefault(k, {})
        if r[6] == '000':
            a['parent'] = r
        else:
            a.setdefault('detail', r)
        if r[17] == '0' and r[4] == '21':
            nown += 1
check(nz > 0 and nown > 0 and ncomment > 0, 'no 00000000 / 持参薬 / comment rows')

events = []
ambiguous = open_ = 0
for k, a in acts.items():
    check('parent' in a and 'detail' in a, 'act without its rows %s' % (k,))
    r, q = a['detail'], a['parent']
    check(q[8] == r[8] and q[20] == r[20], 'parent and detail disagree %s' % (k,))
    m = byadm.get(k[:3], [])
    if len(m) != 1:
        if len(m) == 0:
            open_ += 1
        else:
            ambiguous += 1
        continue
    s = stays[m[0]]
    d = date(s[4].replace('-', ''))
    dm = (d.year, d.month)
    w = date(k[5])
    check((r[2] == '00000000') == ((w.year, w.month) < dm), 'EF 退院年月日 %s %s' % (r[2], k))
    kind = kinds.get(k[3], 'other')
    if kind == 'drug' and not r[8].startswith('6'):
        kind = 'other'          # an injection's fee (G005): by its 解釈番号
    if kind == 'drug' and q[17] == '0' and q[18] == '0':
        continue                # 持参薬: no points, not an event
    if kind == 'drug':
        code = drug[r[8]]
        qty = int(r[20]) * float(r[11])
    else:
        code = r[9]
        qty = int(r[20])
    day = (w - date(k[2])).days
    events.append(','.join([s[0], s[1], str(day), code, kind, '%g' % qty]))
check(ambiguous > 0 and open_ > 0, 'no same-day or open-stay EF rows')
print('%d stays, %d events; %d FF1, %d EFn, %d FF4 files (%d CP932, %d UTF-8); '
      'EF acts set aside: %d same-day, %d open' % (len(stays), len(events), len(files['FF1']),
      len(files['EFn']), len(files['FF4']), ncp932, nutf8, ambiguous, open_), file=sys.stderr)
check(ncp932 > 10 * nutf8 and nutf8 > 0, 'encodings: %d CP932, %d UTF-8' % (ncp932, nutf8))

def body(path):
    with open(path, encoding='utf-8') as f:
        return f.read().split('\n')[1:-1]
want = sorted(body(os.path.join(C, 'stays.csv')))
got = sorted(','.join(v) for v in stays.values())
if want != got:
    ws, gs = set(want), set(got)
    for l in sorted(ws - gs)[:5]: bad.append('csv only:  ' + l)
    for l in sorted(gs - ws)[:5]: bad.append('dpc only:  ' + l)
    bad.append('stays differ: %d csv, %d dpc' % (len(want), len(got)))
want = sorted(body(os.path.join(C, 'events.csv')))
got = sorted(events)
if want != got:
    ws, gs = collections.Counter(want), collections.Counter(got)
    for l in list((ws - gs).elements())[:5]: bad.append('csv only:  ' + l)
    for l in list((gs - ws).elements())[:5]: bad.append('dpc only:  ' + l)
    bad.append('events differ: %d csv, %d dpc' % (len(want), len(got)))
if bad:
    sys.exit('\n'.join(bad))
EOF

# qi's own reader (qi import dpc) gives the same stays, and the same events
# but for the activity after discharge (outpatient chemotherapy linked to
# the operation stay), which it leaves out with a warning; it sets aside
# the EF rows of same-day admissions and of the patients still in hospital.
expect_status 0 "$QI" check -i "$SRC/indicators" --data dpc/sample
expect_in out "DPC files ok"
expect_status 0 "$QI" import dpc --data dpc/sample -o imp
expect_in err "match two same-day stays in 様式1"
expect_in err "stays without a 様式1 were set aside"
expect_in err "after their stay's discharge"
python3 - csv/sample imp <<'EOF2' || fail "qi import dpc differs from the CSV sample"
import csv, datetime as dt, os, sys
C, I = sys.argv[1], sys.argv[2]
def rows(d, f):
    with open(os.path.join(d, f), encoding='utf-8') as fp:
        return list(csv.reader(fp))
sc, si = rows(C, 'stays.csv'), rows(I, 'stays.csv')
if sc[0] != si[0] or sorted(map(tuple, sc[1:])) != sorted(map(tuple, si[1:])):
    a, b = set(map(tuple, sc[1:])), set(map(tuple, si[1:]))
    print('stays: csv only', sorted(a - b)[:3], 'import only', sorted(b - a)[:3], file=sys.stderr)
    sys.exit(1)
los = {(r[0], r[1]): (dt.date.fromisoformat(r[4]) - dt.date.fromisoformat(r[3])).days for r in sc[1:]}
ec, ei = rows(C, 'events.csv'), rows(I, 'events.csv')
keep = [tuple(r) for r in ec[1:] if int(r[2]) <= los[(r[0], r[1])]]
after = len(ec) - 1 - len(keep)
# the import adds the EF columns category, department and ward, which the
# CSV sample does not carry
got = [tuple(r[:6]) for r in ei[1:]]
if ec[0] != ei[0][:6] or ei[0][6:] != ['category', 'department', 'ward'] \
        or sorted(keep) != sorted(got) or after == 0:
    a, b = set(keep), set(got)
    print('events: csv only', sorted(a - b)[:3], 'import only', sorted(b - a)[:3], 'after', after, file=sys.stderr)
    sys.exit(1)
print('qi import dpc: %d stays, %d events equal; %d after discharge left out'
      % (len(si) - 1, len(got), after), file=sys.stderr)
EOF2
