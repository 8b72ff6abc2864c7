#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A small, independent reading of DPC files into qi's stays.csv and
events.csv, for the worked examples only (tests/cli/worked_examples.sh).

It follows the mapping written in specs/indicators.md and DPC-FILES.md,
not qi's reader: it exists so that the hand-written DPC form of each
worked example (make_dpc.py) is checked against expected.csv before and
besides qi's own reader.  It handles what the examples hold and nothing
more (no child-segment bounds, no FF1 header row, no .gz).

  stay     <データ識別番号>-<入院年月日> (-<回数管理番号> unless "0"),
           hospital by facility_code of hospitals.csv; parent rows
           (統括診療情報番号 0) only
  age      full years from A000010 p1 to 入院年月日; sex A000010 p2
  emergency A000020 p5 200 or 3xx; ambulance p6
  discharge, outcome, death_24h  A000030 p1, p3, p4 in (1, 2)
  prev_discharge  A000070 p1 unless 00000000 or 99999999
  onset_days  M010010 p3: 1 -> 3, 2 -> 7, 3 -> 8, 4 -> missing
  dementia A004010 p2 >= 1; jcs JCS0010 p2 without its suffix
  cancer_stage  CAN0030 p3, first character (9: missing)
  killip   M050030 p2 (0: missing)
  falls, falls_3b  A004040 p2, p3; restraint_days A004050 p2
  pressure_ulcer   A001040: 1 when the depth (first character) is 0 or
           1 at admission (p3) and 2 or more at its worst (p5), else 0
  insurance  FF4 last column: 0 -> 1 (public insurance), else 0
  events   EFn detail rows (行為明細番号 not 000: an act counted once);
           comment rows (レセ電 code 8...) and 持参薬 (flag 3 of
           行為明細区分情報) dropped; code = 解釈番号, or for a drug the
           YJ code of drug_master.csv; qty = 行為回数; day = 実施年月日 -
           入院年月日.  Outpatient files (EFg) are not read.

Usage: dpc_read.py DIR OUT   (writes OUT/stays.csv, OUT/events.csv)
"""
import csv
import datetime as dt
import glob
import os
import sys

D, OUT = sys.argv[1], sys.argv[2]


def lines(path):
    b = open(path, 'rb').read()
    try:
        t = b.decode('utf-8')
    except UnicodeDecodeError:
        t = b.decode('cp932')
    return [ln.split('\t') for ln in t.splitlines() if ln]


def date(s):
    return dt.date(int(s[:4]), int(s[4:6]), int(s[6:8]))


hosp = {r['facility_code']: r['id'] for r in csv.DictReader(open(os.path.join(D, 'hospitals.csv')))}
drugs = {}
if os.path.exists(os.path.join(D, 'drug_master.csv')):
    drugs = {r['receipt_code']: r['yj_code'] for r in csv.DictReader(open(os.path.join(D, 'drug_master.csv')))}

items = {}   # (fac, did, adm, kaisu) -> {code: [payloads by 連番]}
for f in glob.glob(os.path.join(D, 'FF1_*.txt')):
    for r in lines(f):
        if r[4] != '0':
            continue
        items.setdefault((r[0], r[1], r[2], r[3]), {}).setdefault(r[5], []).append((int(r[7]), r[8:17]))
ins = {}
for f in glob.glob(os.path.join(D, 'FF4_*.txt')):
    for r in lines(f):
        ins[(r[0], r[1], r[3])] = '1' if r[4] == '0' else '0'

stays, keys = [], {}
for (fac, did, adm, kaisu), it in items.items():
    def p(code, k, seq=None):
        v = sorted(it.get(code, []))
        return v[0][1][k - 1] if v else ''
    sid = '%s-%s' % (did, adm) + ('' if kaisu == '0' else '-' + kaisu)
    a = date(adm)
    b = p('A000010', 1)
    bd = date(b)
    age = a.year - bd.year - ((a.month, a.day) < (bd.month, bd.day))
    p5 = p('A000020', 5)
    prev = p('A000070', 1)
    onset = {'1': '3', '2': '7', '3': '8'}.get(p('M010010', 3), '')
    jcs = ''.join(ch for ch in p('JCS0010', 2) if ch.isdigit())
    stage = p('CAN0030', 3)[:1]
    killip = p('M050030', 2)
    ulcer = ''
    if 'A001040' in it:
        ulcer = '1' if p('A001040', 3)[:1] in ('0', '1') and p('A001040', 5)[:1] in '2345' else '0'
    s = dict(hospital=hosp[fac], stay=sid, patient=did, admission=a.isoformat(),
             discharge=date(p('A000030', 1)).isoformat(), age=age, sex=p('A000010', 2),
             emergency='1' if p5 == '200' or p5.startswith('3') else '0', ambulance=p('A000020', 6),
             dx_main=p('A006010', 2), dx_trigger=p('A006020', 2), dx_resource=p('A006030', 2),
             dx_comorbid=';'.join(x[1][1] for x in sorted(it.get('A006040', []))),
             dx_complication=';'.join(x[1][1] for x in sorted(it.get('A006050', []))),
             outcome=p('A000030', 3), death_24h='1' if p('A000030', 4) in ('1', '2') else '0',
             prev_discharge='' if prev in ('', '00000000', '99999999') else date(prev).isoformat(),
             onset_days=onset, killip='' if killip in ('', '0') else killip, jcs=jcs,
             cancer_stage='' if stage in ('', '9') else stage,
             dementia='' if p('A004010', 2) == '' else ('1' if int(p('A004010', 2)) >= 1 else '0'),
             insurance=ins.get((fac, did, adm), ''), falls=p('A004040', 2), falls_3b=p('A004040', 3),
             restraint_days=p('A004050', 2), pressure_ulcer=ulcer)
    stays.append(s)
    keys[(fac, did, adm)] = s

KIND = {'21': 'drug', '22': 'drug', '23': 'drug', '31': 'drug', '32': 'drug', '33': 'drug',
        '50': 'procedure', '54': 'procedure', '60': 'test', '70': 'imaging', '80': 'rehab'}
events = []
for f in glob.glob(os.path.join(D, 'EFn_*.txt')):
    for r in lines(f)[1:]:
        if r[6] == '000' or r[8].startswith('8') or r[16][2:3] == '1':
            continue
        s = keys.get((r[0], r[1], r[3]))
        if s is None:
            continue
        code = r[9] or drugs.get(r[8], '')
        if not code:
            continue
        day = (date(r[23]) - date(r[3])).days
        events.append((s['hospital'], s['stay'], day, code, KIND.get(r[4], 'fee'), r[20]))

os.makedirs(OUT, exist_ok=True)
stays.sort(key=lambda s: (s['hospital'], s['stay']))
with open(os.path.join(OUT, 'stays.csv'), 'w', newline='') as f:
    w = csv.DictWriter(f, list(stays[0]), lineterminator='\n')   # the columns of specs/input.md, in order
    w.writeheader()
    w.writerows(stays)
with open(os.path.join(OUT, 'events.csv'), 'w', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['hospital', 'stay', 'day', 'code', 'kind', 'qty'])
    w.writerows(sorted(events, key=lambda e: (e[0], e[1], e[2])))
