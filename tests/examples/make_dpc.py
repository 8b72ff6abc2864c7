#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the worked examples again as the DPC files hospitals submit.

Each example of specs/indicators.md (tests/examples/ID/, written by
make_examples.py as stays.csv/events.csv) is described here a second
time, by hand, in the vocabulary of the DPC survey files rather than of
qi's stays.csv: birth dates instead of ages, 予定・救急医療入院 codes
(100, 200, 3xx) instead of an emergency flag, 退院時転帰 codes, the
stroke onset category of M010010 instead of a number of days, the
取扱い規約 stage string of CAN0030 ("2A"), JCS with its suffix ("10R"),
A001040's DESIGN-R strings, EF rows with their データ区分, 行為回数 and
解釈番号, drugs by their 9-digit receipt codes (mapped to YJ codes by
the example's drug_master.csv), and the realities a reader must survive:
持参薬 rows (行為点数 0, flag 3 of 行為明細区分情報), comment rows (codes
starting with 8), an act's 000 parent row beside its 001 detail row, a
child 様式1 segment (統括診療情報番号 1) whose diagnosis differs from the
parent's, a stay across two monthly EF files, rows in no particular
order, CP932 for some examples and UTF-8 for others, CRLF line ends.

This script only lays the rows out (17 FF1 columns, 31 EF columns and
the title row, file names by facility and month); what each stay is, is
written below by hand, not derived from stays.csv.  The tallies the DPC
form must give are those of expected.csv, except where expected_dpc.csv
says otherwise (outpatient activity: qi reads the inpatient EFn files,
and an example that relies on outpatient EF says what the inpatient
files alone give).  tests/cli/worked_examples.sh checks the layout,
the tallies of the files as an independent Python reading of the mapping
sees them (dpc_read.py), and, once qi reads DPC files (qi import dpc),
the tallies as qi sees them, directly and through qi import dpc.

Layout facts: /work/shared/notes/DPC-FILES.md and tests/dpc/LAYOUTS.md
(corpus branch); the points marked unverified there (A001040's character
order, the EFg outpatient file, FF4) are assumptions here too.

Usage: python3 tests/examples/make_dpc.py   (rewrites the DPC files of
every example it knows; other files are left alone)
"""
import datetime as dt
import glob
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'tests', 'examples')

FAC = {'N001': '011000014', 'R001': '271000013'}


def table(text):
    """A table of the text below: the first word of a line is the key,
    the others (the last one may contain no space) its values."""
    return {w[0]: tuple(w[1:]) for w in (line.split() for line in text.strip().splitlines())}


# Drugs: fictional 9-digit receipt codes (レセ電), their YJ codes (12
# characters; the first 7 are what the code lists name), データ区分, names.
DRUGS = table('''
aspirin 620000101 3399007H1021 21 バイアスピリン錠１００ｍｇ
ozagrel 620000201 3999411A1027 33 オザグレルＮａ点滴静注８０ｍｇ
cilostazol 620000301 3399002F1020 21 シロスタゾール錠１００ｍｇ
clopidogrel 620000401 3399008F1029 21 クロピドグレル錠７５ｍｇ
prasugrel 620000501 3399009F1023 21 エフィエント錠３．７５ｍｇ
edoxaban 620000601 3339002F1024 21 リクシアナ錠３０ｍｇ
enoxaparin 620000701 3334402G1025 31 クレキサン皮下注キット２０００ＩＵ
cefazolin 620000801 6132400D1026 33 セファゾリンＮａ注射用１ｇ
cefmetazole 620000901 6132408F1029 33 セフメタゾールＮａ静注用１ｇ
oxaliplatin 620001001 4291410A1025 33 オキサリプラチン点滴静注１００ｍｇ
capecitabine 620001101 4223005F1020 21 カペシタビン錠３００ｍｇ
furosemide 620001201 2139005F1023 21 フロセミド錠２０ｍｇ
meropenem 620001301 6139400D1020 33 メロペネム点滴静注用０．５ｇ
tazopipera 620001401 6139505F4020 33 タゾバクタム・ピペラシリン静注用４．５
''')

# Non-drug acts: 解釈番号 -> (データ区分, レセ電 code, name).  The receipt
# codes are fictional too; qi's event code is the 解釈番号.
ACTS = table('''
H0011 80 180027610 脳血管疾患等リハビリテーション料（１）
H0001 80 180027410 心大血管疾患リハビリテーション料（１）
H0031 80 180030810 呼吸器リハビリテーション料（１）
H0032 80 180030910 呼吸器リハビリテーション料（２）
E2001 70 170011810 ＣＴ撮影（６４列以上）
E2021 70 170020110 ＭＲＩ撮影（３テスラ以上）
D414 60 160093810 内視鏡下生検法
N0001 60 160060010 病理組織標本作製（組織切片）
N0042 60 160062310 細胞診（穿刺吸引細胞診、体腔洗浄等）
D0183 60 160058210 細菌培養同定検査（血液又は穿刺液）
D308 60 160093210 胃・十二指腸ファイバースコピー
L0081 54 150254310 閉鎖循環式全身麻酔５
K6552 50 150251410 胃切除術（悪性腫瘍手術）
K6572 50 150252110 胃全摘術（悪性腫瘍手術）
K6532 50 150250210 内視鏡的胃、十二指腸ポリープ・粘膜切除術
K7193 50 150264310 結腸切除術（全切除、亜全切除又は悪性腫瘍手術）
K7402 50 150266110 直腸切除・切断術（低位前方切除術）
K4762 50 150232610 乳腺悪性腫瘍手術（乳房部分切除術（腋窩部郭清を伴わない））
K4763 50 150232710 乳腺悪性腫瘍手術（乳房切除術（腋窩部郭清を伴わない））
K4764 50 150232810 乳腺悪性腫瘍手術（乳房部分切除術（腋窩部郭清を伴う））
K5491 50 150263910 経皮的冠動脈ステント留置術（急性心筋梗塞）
K5492 50 150264010 経皮的冠動脈ステント留置術（不安定狭心症）
K5461 50 150259110 経皮的冠動脈形成術（急性心筋梗塞）
K5522 50 150260410 冠動脈、大動脈バイパス移植術（２吻合以上）
K5551 50 150260810 弁置換術（１弁）
K5601 50 150261410 大動脈瘤切除術（上行）
K654 50 150250610 内視鏡的消化管止血術
K0821 50 150180210 人工関節置換術（股）
K0811 50 150179910 人工骨頭挿入術（股）
G005 33 130003810 中心静脈注射
G0052 33 130010710 中心静脈注射用カテーテル挿入
K0461 50 150176110 骨折観血的手術（大腿）
K877 50 150286410 子宮全摘術
K672 50 150253310 胆嚢摘出術
K8982 50 150296510 帝王切開術（選択帝王切開）
B0016 13 113006910 肺血栓塞栓症予防管理料
A2472 90 190218770 せん妄ハイリスク患者ケア加算
''')
COMMENT = ('820100005', '実施理由：臨床症状による')

V2014, V2024 = '20140401', '20240601'


def D(s):
    return dt.date.fromisoformat(s)


def ymd(d):
    return d.strftime('%Y%m%d')


class Stay:
    """One stay, in DPC terms.  ev: (day, code or drug name, 行為回数[, flag])
    with flag 'own' (持参薬), 'comment' (a comment row under the act) or
    'out' (outpatient, EFg file)."""

    def __init__(self, sid, adm, los, birth, hosp='N001', sex='1', p5='200', amb='0', out='1',
                 d24='0', dx='J189', main=None, trig=None, com=(), prev='99999999', dem='0',
                 jcs='0', onset=None, first=None, stage=None, killip=None, falls=None,
                 restraint=None, ulcer=None, ev=(), child=None, ff4=None, comp=(), did=None):
        self.__dict__.update(locals())
        self.adm = D(adm)
        self.dis = self.adm + dt.timedelta(days=los)
        # データ識別番号: the patient's, which a hospital keeps across stays
        self.did = did or '00001%05d' % int(sid[1:])
        self.fac = FAC[hosp]


X = {}

# Stroke: M010010 p3 is a category, 1 = within 3 days of onset, 2 = 4-7
# days, 3 = 8 days or more, 4 = asymptomatic (no onset).
X['stroke_early_rehab'] = [
    Stay('S01', '2024-04-10', 10, '1953-11-30', dx='I639', p5='302', amb='1', onset='1',
         ev=[(2, 'H0011', 3)],
         child=('2024-04-15', 'I610')),       # a child segment: the parent's diagnosis holds
    Stay('S02', '2024-04-10', 10, '1953-09-01', dx='I634', onset='1', ev=[(5, 'H0011', 3, 'comment')]),
    Stay('S03', '2024-04-10', 2, '1953-08-08', dx='I633', onset='1', out='6'),
    Stay('S04', '2024-04-10', 1, '1953-07-07', dx='I638', onset='1'),
    Stay('S05', '2024-04-10', 10, '1953-06-06', dx='I639', onset='2', ev=[(1, 'H0011', 3)]),
    Stay('S06', '2024-04-10', 10, '1953-05-05', dx='I610', onset='1', ev=[(1, 'H0011', 3)]),
    Stay('S07', '2024-04-10', 10, '1953-12-12', hosp='R001', dx='I635', onset='1', ev=[(3, 'H0011', 3)]),
    Stay('S08', '2024-04-10', 10, '1953-12-13', hosp='R001', dx='I639', onset='4', ev=[(0, 'H0011', 3)]),
    Stay('S09', '2024-04-10', 10, '1953-12-14', hosp='R001', dx='I639', onset='2', ev=[(1, 'H0011', 3)]),
]

X['stroke_antiplatelet'] = [
    Stay('S01', '2024-04-10', 10, '1953-10-01', dx='I639', onset='1', ev=[(0, 'aspirin', 2)]),
    Stay('S02', '2024-04-10', 10, '1953-10-02', dx='I633', onset='1', ev=[(1, 'ozagrel', 2)]),
    # cilostazol from day 2; the aspirin the patient brought in (持参薬) does not count
    Stay('S03', '2024-04-10', 10, '1953-10-03', dx='I639', onset='1',
         ev=[(2, 'cilostazol', 2), (0, 'aspirin', 1, 'own')]),
    Stay('S04', '2024-04-10', 10, '1953-10-04', dx='I634', onset='1'),
    Stay('S05', '2024-04-10', 10, '1953-10-05', dx='I639', onset='1', com=('I10', 'I489')),
    Stay('S06', '2024-04-10', 1, '1953-10-06', dx='I639', onset='1', out='7'),
    Stay('S07', '2024-04-10', 10, '1953-10-07', dx='I639', onset='3', ev=[(0, 'aspirin', 2)]),
]

X['stroke_early_imaging'] = [
    Stay('S01', '2024-04-10', 10, '1953-10-01', dx='I610', p5='302', onset='1', ev=[(0, 'E2001', 1)]),
    Stay('S02', '2024-04-10', 10, '1953-10-02', dx='I639', onset='1', ev=[(1, 'E2021', 1)]),
    Stay('S03', '2024-04-10', 10, '1953-10-03', dx='I609', onset='1', ev=[(3, 'E2021', 1)]),
    Stay('S04', '2024-04-10', 0, '1953-10-04', dx='I619', p5='303', amb='1', out='6', d24='1', onset='1'),
    Stay('S05', '2024-04-10', 10, '1953-10-05', dx='I639', p5='100', onset='1', ev=[(0, 'E2001', 1)]),
    Stay('S06', '2024-04-10', 10, '1953-10-06', dx='G459', ev=[(0, 'E2001', 1)]),
]

# Cancer: CAN0010 p3 0 = first occurrence, 1 = recurrence; CAN0030 p3
# the 取扱い規約 stage, whose first character qi reads.
X['gastric_preop_pathology'] = [
    Stay('S01', '2024-04-10', 10, '1953-10-01', dx='C162', p5='100', first='0', stage='1A',
         ev=[(-20, 'D414', 1, 'out'), (1, 'L0081', 1), (1, 'K6552', 1)]),
    Stay('S02', '2024-04-10', 10, '1953-10-02', dx='C169', p5='100', first='0', stage='2A',
         ev=[(0, 'N0001', 1), (2, 'K6572', 1)]),
    Stay('S03', '2024-04-10', 10, '1953-10-03', dx='C163', p5='100', first='0', stage='1B',
         ev=[(1, 'K6552', 1), (1, 'N0001', 1)]),
    Stay('S04', '2024-04-10', 10, '1953-10-04', dx='C162', p5='200', first='0', stage='3A',
         ev=[(-20, 'D414', 1, 'out'), (1, 'K6552', 1)]),
    Stay('S05', '2024-04-10', 10, '1953-10-05', dx='C162', p5='100', first='0', stage='1A', ev=[(1, 'K6532', 1)]),
]

X['gastric_peritoneal_cytology'] = [
    Stay('S01', '2024-04-10', 10, '1953-10-01', dx='C162', p5='100', first='0', stage='2A',
         ev=[(1, 'K6552', 1), (1, 'N0042', 1)]),
    Stay('S02', '2024-04-10', 10, '1953-10-02', dx='C163', p5='100', first='0', stage='3B',
         ev=[(1, 'K6572', 1), (2, 'N0042', 1)]),
    Stay('S03', '2024-04-10', 10, '1953-10-03', dx='C160', p5='100', first='1', ev=[(1, 'K6552', 1)]),
    Stay('S04', '2024-04-10', 10, '1953-10-04', dx='C162', p5='100', first='0', stage='0', ev=[(1, 'K6552', 1)]),
    Stay('S05', '2024-04-10', 10, '1953-10-05', dx='C162', p5='100', first='0', stage='2B', ev=[(1, 'N0042', 1)]),
]

X['colorectal_adjuvant_chemo_56d'] = [
    Stay('S01', '2024-04-10', 10, '1953-10-01', dx='C182', p5='100', first='0', stage='3B',
         ev=[(1, 'K7193', 1), (40, 'oxaliplatin', 1, 'out')]),
    Stay('S02', '2024-04-10', 10, '1953-10-02', dx='C20', p5='100', first='0', stage='3A',
         ev=[(2, 'K7402', 1), (58, 'capecitabine', 1, 'out')]),
    Stay('S03', '2024-04-10', 10, '1953-10-03', dx='C187', p5='100', first='0', stage='3C',
         ev=[(1, 'K7193', 1), (70, 'capecitabine', 1, 'out')]),
    Stay('S04', '2024-04-10', 10, '1941-10-04', dx='C180', p5='100', first='0', stage='3B',
         ev=[(1, 'K7193', 1), (30, 'oxaliplatin', 1, 'out')]),
    Stay('S05', '2024-04-10', 10, '1953-10-05', dx='C182', p5='100', first='0', stage='3A', ev=[(1, 'K7193', 1)]),
    Stay('S06', '2024-04-10', 10, '1953-10-06', dx='C182', p5='100', first='0', stage='2A',
         ev=[(1, 'K7193', 1), (30, 'oxaliplatin', 1, 'out')]),
]

X['breast_conserving_stage1'] = [
    Stay('S01', '2024-04-10', 10, '1953-10-01', sex='2', dx='C504', p5='100', first='0', stage='1', ev=[(1, 'K4762', 1)]),
    Stay('S02', '2024-04-10', 10, '1953-10-02', sex='2', dx='C509', p5='100', first='0', stage='1', ev=[(1, 'K4764', 1)]),
    Stay('S03', '2024-04-10', 10, '1953-10-03', sex='2', dx='C502', p5='100', first='0', stage='1', ev=[(1, 'K4763', 1)]),
    Stay('S04', '2024-04-10', 10, '1953-10-04', sex='1', dx='C504', p5='100', first='0', stage='1', ev=[(1, 'K4763', 1)]),
    Stay('S05', '2024-04-10', 10, '1953-10-05', sex='2', dx='C504', p5='100', first='0', stage='2A', ev=[(1, 'K4762', 1)]),
]

X['pci_dapt'] = [
    Stay('S01', '2024-04-10', 10, '1953-10-01', dx='I251', p5='100',
         ev=[(0, 'aspirin', 1), (0, 'clopidogrel', 1), (1, 'K5491', 1)]),
    Stay('S02', '2024-04-10', 10, '1953-10-02', dx='I210', p5='302', amb='1', killip='1',
         ev=[(0, 'aspirin', 2), (0, 'prasugrel', 4), (0, 'K5491', 1)]),
    # clopidogrel given from day 2; the patient's own clopidogrel (持参薬) on day 0 does not count
    Stay('S03', '2024-04-10', 10, '1953-10-03', dx='I209', p5='100',
         ev=[(0, 'aspirin', 1), (1, 'K5461', 1), (2, 'clopidogrel', 1), (0, 'clopidogrel', 1, 'own')]),
    Stay('S04', '2024-04-10', 10, '1953-10-04', dx='I251', p5='100',
         ev=[(0, 'edoxaban', 1), (0, 'clopidogrel', 1), (1, 'K5491', 1)]),
    Stay('S05', '2024-04-10', 10, '1953-10-05', dx='I500', ev=[(1, 'K5491', 1)]),
]

X['cardiac_rehab_after_surgery'] = [
    Stay('S01', '2024-04-10', 10, '1953-10-01', dx='I251', p5='100', ev=[(2, 'K5522', 1), (5, 'H0001', 2)]),
    Stay('S02', '2024-04-10', 10, '1953-10-02', dx='I350', p5='100', ev=[(1, 'K5551', 1), (1, 'H0001', 2)]),
    Stay('S03', '2024-04-10', 10, '1953-10-03', dx='I710', out='6', ev=[(1, 'K5601', 1)]),
    Stay('S04', '2024-04-10', 10, '1953-10-04', dx='I251', ev=[(1, 'K5491', 1), (3, 'H0001', 2)]),
]

X['ulcer_endoscopic_haemostasis'] = [
    Stay('S01', '2024-04-10', 10, '1953-10-01', dx='K254', p5='302', amb='1', ev=[(0, 'K654', 1)]),
    Stay('S02', '2024-04-10', 10, '1953-10-02', dx='K260', ev=[(0, 'D308', 1)]),
    Stay('S03', '2024-04-10', 0, '1953-10-03', dx='K250', p5='302', amb='1', out='6', d24='1'),
    Stay('S04', '2024-04-10', 10, '1953-10-04', dx='K259', ev=[(0, 'K654', 1)]),
]

# Killip (M050030) is recorded for acute myocardial infarction only;
# p2 0 = unclassifiable.
X['pci_emergency_mortality'] = [
    Stay('S01', '2024-04-10', 5, '1953-10-01', dx='I219', p5='302', amb='1', killip='1', out='6', ev=[(0, 'K5491', 1)]),
    Stay('S02', '2024-04-10', 10, '1953-10-02', dx='I200', p5='302', amb='1', ev=[(0, 'K5461', 1)]),
    Stay('S03', '2024-04-10', 10, '1953-10-03', dx='I210', p5='302', amb='1', killip='1', ev=[(0, 'K5491', 1)]),
    Stay('S04', '2024-04-10', 10, '1953-10-04', dx='I211', p5='302', amb='1', killip='3', out='6', ev=[(0, 'K5491', 1)]),
    Stay('S05', '2024-04-10', 10, '1953-10-05', dx='I214', p5='302', amb='1', killip='0', ev=[(0, 'K5491', 1)]),
    Stay('S06', '2024-04-10', 0, '1953-10-06', dx='I210', p5='302', amb='1', killip='1', out='6', d24='1',
         ev=[(0, 'K5491', 1)]),
    Stay('S07', '2024-04-10', 10, '1953-10-07', dx='I210', p5='302', amb='0', killip='1', ev=[(0, 'K5491', 1)]),
    Stay('S08', '2024-04-10', 10, '1953-10-08', dx='I209', p5='302', amb='1', ev=[(0, 'K5491', 1)]),
    Stay('S09', '2024-04-10', 10, '1953-10-09', dx='I200', p5='302', amb='1', ev=[(0, 'K5492', 1)]),
]

# Blood cultures: two sets as one act of 行為回数 2, or as two acts.
X['blood_culture_two_sets'] = [
    Stay('S01', '2024-04-10', 10, '1953-10-01', dx='A419', ev=[(0, 'D0183', 2), (3, 'D0183', 1)]),
    Stay('S02', '2024-04-10', 10, '1953-10-02', dx='J189', ev=[(1, 'D0183', 1), (1, 'D0183', 1, 'comment')]),
    Stay('S03', '2024-04-10', 10, '1953-10-03', dx='N390', ev=[(0, 'D0183', 1)]),
    Stay('S04', '2024-04-10', 10, '2011-04-11', dx='J189', ev=[(0, 'D0183', 2)]),      # 12 on admission
    Stay('S05', '2024-04-10', 10, '1953-10-05', dx='J189'),
    Stay('S06', '2024-04-10', 10, '1953-10-06', dx='A419',
         ev=[(0, 'D0183', 1), (2, 'D0183', 1), (2, 'D0183', 1), (4, 'D0183', 3)]),
]

# A000070 p1: the previous discharge, 99999999 for a first admission.
X['readmission_6w'] = [
    Stay('S01', '2024-04-10', 10, '1953-10-01', prev='20240311'),
    Stay('S02', '2024-04-10', 10, '1953-10-02', p5='100', prev='20240321'),
    Stay('S03', '2024-04-10', 10, '1953-10-03', prev='20240227'),
    Stay('S04', '2024-04-10', 10, '1953-10-04', p5='302'),
    Stay('S05', '2024-04-10', 10, '1953-10-05', prev='20240401', out='7'),
    Stay('S06', '2024-04-10', 10, '1953-10-06', hosp='R001', prev='20240228'),
]

# 様式4 (FF4): 1 = 労災 (not public health insurance).
X['aspiration_pneumonia_readmission_30d'] = [
    Stay('S01', '2024-04-10', 10, '1935-10-01', dx='J690', p5='302', amb='1', prev='20240329', ff4='0'),
    Stay('S02', '2024-04-10', 10, '1935-10-02', dx='J690', prev='20240310', ff4='0'),
    Stay('S03', '2024-04-10', 10, '1932-10-03', dx='J690', ff4='0'),
    Stay('S04', '2024-04-10', 10, '1953-10-04', dx='J690', prev='20240401', ff4='1'),
    Stay('S05', '2024-04-10', 10, '1953-10-05', dx='J189', prev='20240401', ff4='0'),
]

# A004010 p2: 認知症高齢者の日常生活自立度, 0 none, 1 I ... 5 M.
X['delirium_prevention'] = [
    Stay('S01', '2024-04-10', 10, '1945-10-01', ev=[(0, 'A2472', 1)]),
    Stay('S02', '2024-04-10', 10, '1963-10-02', dem='2'),
    Stay('S03', '2024-04-10', 10, '1973-10-03', dx='K802', p5='100', ev=[(0, 'A2472', 1), (1, 'L0081', 1)]),
    Stay('S04', '2024-04-10', 1, '1938-10-04', dx='R55'),
    Stay('S05', '2024-04-10', 10, '1978-10-05', dx='N390', ev=[(0, 'A2472', 1)]),
]

# The 2024-06 items: A004040 (p2 falls, p3 of level 3b+), A004050 (p2
# restraint days), A001040 (DESIGN-R, 7 characters, depth first: p3 at
# admission, p4 at discharge, p5 worst, p6 its date), for discharges from
# 1 June 2024 only.  Earlier discharges have no such rows.
NEW = dict(falls=('0', '0'), restraint='0', ulcer=('0000000', '0000000', '0000000', ''))

X['falls_rate'] = [
    Stay('S01', '2024-06-03', 20, '1953-10-01', **dict(NEW, falls=('2', '0'))),
    Stay('S02', '2024-06-10', 10, '1953-10-02', **NEW),
    Stay('S03', '2024-06-10', 5, '1953-10-03', hosp='R001', **dict(NEW, falls=('1', '1'))),
    Stay('S04', '2024-03-20', 5, '1953-10-04'),
    Stay('S05', '2024-05-10', 10, '1953-10-05'),
    Stay('S06', '2024-06-02', 10, '1953-10-06'),
]

X['falls_injurious_rate'] = [
    Stay('S01', '2024-05-25', 30, '1953-10-01', ev=[(0, 'furosemide', 1), (20, 'furosemide', 1)],
         **dict(NEW, falls=('3', '1'))),       # EF rows in the May and the June file
    Stay('S02', '2024-06-05', 12, '1953-10-02', **dict(NEW, falls=('1', '0'))),
    Stay('S03', '2024-06-05', 8, '1953-10-03'),
    Stay('S04', '2024-05-21', 10, '1953-10-04'),
]

X['physical_restraint_rate'] = [
    Stay('S01', '2024-06-03', 16, '1953-10-01', **dict(NEW, restraint='4')),
    Stay('S02', '2024-06-03', 9, '1953-10-02', **NEW),
    Stay('S03', '2024-06-03', 7, '1953-10-03'),
    Stay('S04', '2024-05-05', 10, '1953-10-04'),
]

X['pressure_ulcer_incidence'] = [
    Stay('S01', '2024-06-03', 14, '1953-10-01', **dict(NEW, ulcer=('0000000', '2100000', '2100000', '20240610'))),
    Stay('S02', '2024-06-03', 6, '1953-10-02', **NEW),
    Stay('S03', '2024-06-03', 20, '1953-10-03', com=('L893',),
         **dict(NEW, ulcer=('3110000', '2100000', '3110000', '20240603'))),
    Stay('S04', '2024-06-03', 1, '1953-10-04', **NEW),
    Stay('S05', '2024-06-03', 10, '1953-10-05', falls=('0', '0'), restraint='0'),
    Stay('S06', '2024-05-10', 10, '1953-10-06'),
]

X['vte_prophylaxis'] = [
    Stay('S01', '2024-04-10', 10, '1953-10-01', dx='M160', p5='100', ev=[(1, 'K0821', 1), (1, 'B0016', 1)]),
    Stay('S02', '2024-04-10', 10, '1938-10-02', dx='S7200', p5='302', amb='1',
         ev=[(1, 'K0461', 1), (2, 'enoxaparin', 2)]),
    Stay('S03', '2024-04-10', 10, '1953-10-03', dx='C182', p5='100', ev=[(1, 'K7193', 1)]),
    Stay('S04', '2024-04-10', 10, '1985-10-04', sex='2', dx='D259', p5='100', ev=[(1, 'K877', 1), (1, 'B0016', 1)]),
    Stay('S05', '2024-04-10', 10, '1953-10-05', dx='K802', p5='100', ev=[(1, 'K672', 1)]),
]

X['abx_prophylaxis_day_of_surgery'] = [
    Stay('S01', '2024-04-10', 10, '1953-10-01', dx='M160', p5='100', ev=[(1, 'L0081', 1), (1, 'cefazolin', 1)]),
    Stay('S02', '2024-04-10', 10, '1953-10-02', dx='C182', p5='100', ev=[(1, 'L0081', 1), (2, 'cefazolin', 1)]),
    Stay('S03', '2024-04-10', 10, '1953-10-03', dx='C182', p5='100',
         ev=[(1, 'L0081', 1), (1, 'cefazolin', 1), (5, 'L0081', 1)]),
    Stay('S04', '2024-04-10', 10, '1953-10-04', dx='K352',
         ev=[(0, 'cefmetazole', 1), (1, 'L0081', 1), (1, 'cefmetazole', 1)]),
    Stay('S05', '2024-04-10', 10, '1990-10-05', sex='2', dx='O821', p5='100',
         ev=[(0, 'L0081', 1), (0, 'K8982', 1), (0, 'cefazolin', 1)]),
    Stay('S06', '2024-04-10', 10, '1953-10-06', ev=[(0, 'cefazolin', 1)]),
    Stay('S07', '2024-04-10', 10, '1953-10-07', dx='C182', p5='100', ev=[(1, 'L0081', 2), (1, 'cefazolin', 1)]),
]

# Each operation's course: consecutive days of cefazolin around it.
X['abx_prophylaxis_stopped_48h'] = [
    Stay('S01', '2024-04-10', 10, '1953-10-01', dx='M160', p5='100', ev=[(1, 'L0081', 1), (1, 'cefazolin', 1), (2, 'cefazolin', 1)]),
    Stay('S02', '2024-04-10', 10, '1953-10-02', dx='C182', p5='100',
         ev=[(1, 'L0081', 1)] + [(d, 'cefazolin', 1) for d in range(0, 5)]),
    Stay('S03', '2024-04-10', 10, '1953-10-03', dx='C182', p5='100',
         ev=[(2, 'L0081', 1)] + [(d, 'cefazolin', 1) for d in range(2, 5)]),
    Stay('S04', '2024-04-10', 10, '1953-10-04', dx='C182', p5='100',
         ev=[(1, 'L0081', 1), (6, 'L0081', 1)] + [(d, 'cefazolin', 1) for d in (1, 2, 6, 7, 8, 9)]),
    Stay('S05', '2024-04-10', 10, '1953-10-05', dx='C182', p5='100',
         ev=[(1, 'L0081', 1), (6, 'L0081', 1)] + [(d, 'cefazolin', 1) for d in (1, 6, 7)]),
    Stay('S06', '2024-04-10', 10, '1953-10-06', dx='K352', ev=[(2, 'L0081', 1)] + [(d, 'cefazolin', 1) for d in range(0, 4)]),
    Stay('S07', '2024-04-10', 10, '1953-10-07', dx='M160', p5='100', ev=[(1, 'L0081', 1)]),
    Stay('S08', '2024-04-10', 10, '1990-10-08', sex='2', dx='O821', p5='100',
         ev=[(0, 'L0081', 1), (0, 'K8982', 1), (0, 'cefazolin', 1)]),
    Stay('S09', '2024-04-10', 10, '1953-10-09', ev=[(0, 'cefazolin', 1)]),
    Stay('S10', '2024-04-10', 10, '1953-10-10', dx='C182', p5='100',
         ev=[(1, 'L0081', 1)] + [(d, 'cefazolin', 1) for d in (1, 2, 4)]),
    Stay('S11', '2024-04-10', 10, '1953-10-11', hosp='R001', dx='M160', p5='100', ev=[(3, 'L0081', 1), (3, 'cefazolin', 1)]),
]

# A patient's stays share the データ識別番号 (did): 0000200001 is PA in
# both hospitals, linked within each only.
X['readmission_30d_index'] = [
    Stay('S01', '2024-04-01', 9, '1950-05-01', did='0000200001', dx='I500', p5='100'),
    Stay('S02', '2024-04-25', 5, '1950-05-01', did='0000200001', dx='I500'),
    Stay('S03', '2024-05-20', 4, '1950-05-01', did='0000200001', dx='I500', p5='100'),
    Stay('S04', '2024-04-02', 3, '1948-02-02', did='0000200002'),
    Stay('S05', '2024-05-06', 2, '1948-02-02', did='0000200002', out='6'),
    Stay('S06', '2024-04-03', 7, '1944-03-03', did='0000200003', dx='I500', p5='100'),
    Stay('S07', '2024-04-10', 10, '1944-03-03', did='0000200003'),
    Stay('S08', '2024-06-10', 5, '1960-04-04', did='0000200004'),
    Stay('S09', '2024-04-12', 2, '1950-05-01', hosp='R001', did='0000200001', dx='I500'),
]

# JCS0010 p2 with its suffix (R, I, A); A004010 level 3 is dementia.
X['hf_mortality'] = [
    Stay('S01', '2024-04-10', 10, '1935-10-01', dx='I500', p5='302', amb='1', jcs='10R', killip='3', out='6',
         ev=[(0, 'furosemide', 2)]),
    Stay('S02', '2024-04-10', 10, '1951-10-02', sex='2', dx='I509', p5='100', com=('N183', 'E119')),
    Stay('S03', '2024-04-10', 10, '1943-10-03', dx='I110', jcs='1', dem='3', com=('J449', 'I489')),
    Stay('S04', '2024-04-10', 10, '1953-10-04', dx='I500', com=('I214',), out='6'),
    Stay('S05', '2024-04-10', 10, '2007-10-05', dx='I500'),
    Stay('S06', '2024-04-10', 10, '1953-10-06', dx='J189', out='6'),
    Stay('S07', '2024-04-10', 10, '1968-10-07', sex='2', dx='I500', jcs=None),
]

# A004010 p2 (dementia) 0 none, 1-5 the levels; no JCS0010 row: missing.
X['aspiration_pneumonia_high_risk_mortality'] = [
    Stay('S01', '2024-04-10', 10, '1951-10-01', dx='J690', p5='302', amb='1', out='6'),
    Stay('S02', '2024-04-10', 10, '1945-10-02', sex='2', dx='J690', jcs='10R'),
    Stay('S03', '2024-04-10', 10, '1951-10-03', sex='2', dx='J690', jcs='1'),
    Stay('S04', '2024-04-10', 10, '1958-10-04', dx='J690', p5='302', amb='1', dem='2', jcs='3', out='7'),
    Stay('S05', '2024-04-10', 10, '1938-10-05', dx='J189', p5='302', amb='1', jcs='10'),
    Stay('S06', '2024-04-10', 10, '1943-10-06', dx='J690', jcs=None),
    Stay('S07', '2024-04-10', 10, '1933-10-07', hosp='R001', sex='2', dx='J690', dem='4'),
]

X['aspiration_pneumonia_high_risk_early_rehab'] = [
    Stay('S01', '2024-04-10', 10, '1951-10-01', dx='J690', p5='302', amb='1', ev=[(2, 'H0031', 1)]),
    Stay('S02', '2024-04-10', 10, '1945-10-02', sex='2', dx='J690', jcs='10', ev=[(4, 'H0031', 1)]),
    Stay('S03', '2024-04-10', 10, '1951-10-03', sex='2', dx='J690', jcs='1', ev=[(1, 'H0031', 1)]),
    Stay('S04', '2024-04-10', 2, '1943-10-04', dx='J690', dem='1', out='6'),
    Stay('S05', '2024-04-10', 10, '1958-10-05', dx='J690', dem='3', jcs='3A', ev=[(0, 'H0032', 1)]),
    Stay('S06', '2024-04-10', 10, '1933-10-06', hosp='R001', sex='2', dx='J690', p5='302', amb='1'),
]

# A006050: 入院後発症疾患 (complications), 連番 1, 2, ...
X['postop_pulmonary_embolism'] = [
    Stay('S01', '2024-04-10', 10, '1953-10-01', dx='C162', p5='100', comp=('I269',),
         ev=[(1, 'L0081', 1), (1, 'K6552', 1)]),
    Stay('S02', '2024-04-10', 10, '1953-10-02', dx='M160', p5='100', ev=[(1, 'L0081', 1), (1, 'K0821', 1)]),
    Stay('S03', '2024-04-10', 10, '1953-10-03', dx='C182', p5='100', com=('I269',),
         ev=[(2, 'L0081', 1), (2, 'K7193', 1)]),
    Stay('S04', '2024-04-10', 10, '1953-10-04', dx='J189', comp=('I269',)),
    Stay('S05', '2024-04-10', 10, '2007-10-05', dx='K358', comp=('I260',), ev=[(0, 'L0081', 1)]),
    Stay('S06', '2024-04-10', 10, '1953-10-06', dx='C182', p5='100', comp=('J690',),
         ev=[(1, 'L0081', 1), (1, 'K7193', 1)]),
    Stay('S07', '2024-04-10', 10, '1953-10-07', hosp='R001', dx='C182', p5='101', comp=('N390', 'I260'),
         ev=[(1, 'L0081', 1), (1, 'K7193', 1)]),
]

X['hip_fracture_surgery_2d'] = [
    Stay('S01', '2024-04-10', 10, '1939-10-01', sex='2', dx='S7200', p5='302', amb='1',
         ev=[(1, 'L0081', 1), (1, 'K0811', 1)]),
    Stay('S02', '2024-04-10', 10, '1945-10-02', sex='2', dx='S7210', ev=[(0, 'K0461', 1)]),
    Stay('S03', '2024-04-10', 10, '1933-10-03', dx='S7200', ev=[(2, 'K0461', 1)]),
    Stay('S04', '2024-04-10', 10, '1963-10-04', dx='S7200', ev=[(0, 'K0461', 1)]),
    Stay('S05', '2024-04-10', 10, '1938-10-05', dx='S7200'),
    Stay('S06', '2024-04-10', 10, '1948-10-06', dx='M160', p5='100', ev=[(1, 'K0821', 1)]),
    Stay('S07', '2024-04-10', 10, '1935-10-07', hosp='R001', sex='2', dx='S7220',
         ev=[(5, 'K0811', 1), (1, 'K0461', 1)]),
]

# S02 runs into May: its EF rows are in the April file, its 様式1 in May's.
X['hip_fracture_los_mean'] = [
    Stay('S01', '2024-04-10', 20, '1939-10-01', dx='S7200', ev=[(1, 'K0811', 1)]),
    Stay('S02', '2024-04-10', 34, '1933-10-02', dx='S7210', ev=[(2, 'K0461', 1)]),
    Stay('S03', '2024-04-10', 6, '1953-10-03', dx='S7200', ev=[(0, 'K0461', 1)]),
    Stay('S04', '2024-04-10', 8, '1931-10-04', dx='S7200', out='6', ev=[(1, 'K0811', 1)]),
    Stay('S05', '2024-04-10', 10, '1961-10-05', dx='S7200', ev=[(1, 'K0461', 1)]),
    Stay('S06', '2024-04-10', 30, '1938-10-06', dx='S7200'),
]

X['joint_replacement_los_median'] = [
    Stay('S01', '2024-04-10', 17, '1949-10-01', sex='2', dx='M170', p5='100', ev=[(1, 'L0081', 1), (1, 'K0821', 1)]),
    Stay('S02', '2024-04-10', 20, '1955-10-02', sex='2', dx='M160', p5='100', ev=[(1, 'K0821', 1)]),
    Stay('S03', '2024-04-10', 13, '1952-10-03', dx='M171', p5='101', ev=[(1, 'K0821', 1)]),
    Stay('S04', '2024-04-10', 9, '1937-10-04', dx='M160', p5='100', out='6', ev=[(1, 'K0821', 1)]),
    Stay('S05', '2024-04-10', 10, '1943-10-05', dx='M170', p5='200', ev=[(2, 'K0821', 1)]),
    Stay('S06', '2024-04-10', 10, '1943-10-06', dx='S7200', p5='100', ev=[(1, 'K0821', 1)]),
    Stay('S07', '2024-04-10', 10, '1953-10-07', dx='M170', p5='100'),
]

X['hip_fracture_stay_over_28d'] = [
    Stay('S01', '2024-04-10', 28, '1943-10-01', dx='S7200', ev=[(1, 'K0811', 1)]),
    Stay('S02', '2024-04-10', 27, '1943-10-02', dx='S7210', ev=[(1, 'K0461', 1)]),
    Stay('S03', '2024-04-10', 14, '1948-10-03', dx='S7200', ev=[(0, 'K0461', 1)]),
    Stay('S04', '2024-04-10', 40, '1928-10-04', dx='S7200', out='6', ev=[(2, 'K0811', 1)]),
    Stay('S05', '2024-04-10', 39, '1959-10-05', dx='S7200', ev=[(1, 'K0461', 1)]),
]

# JCS0010 with its suffix; A004010 2 is dementia; no JCS0010 row: missing.
X['pneumonia_mortality'] = [
    Stay('S01', '2024-04-10', 10, '1945-10-01', dx='J189', p5='302', amb='1', jcs='10R', out='6'),
    Stay('S02', '2024-04-10', 10, '1951-10-02', sex='2', dx='J159', dem='2', com=('N183', 'E119')),
    Stay('S03', '2024-04-10', 10, '1943-10-03', sex='2', dx='J181', p5='302', amb='1', jcs=None,
         com=('C349', 'I500')),
    Stay('S04', '2024-04-10', 0, '1933-10-04', dx='J189', p5='302', amb='0', jcs='100', out='6', d24='1'),
    Stay('S05', '2024-04-10', 10, '1935-10-05', dx='J690', out='6'),
    Stay('S06', '2024-04-10', 10, '2006-10-06', dx='J189'),
    Stay('S07', '2024-04-10', 10, '1957-10-07', hosp='R001', dx='J120', jcs='3', com=('C787', 'C349'), out='7'),
]

X['broad_spectrum_abx_blood_culture'] = [
    Stay('S01', '2024-04-10', 10, '1953-10-01', dx='A419',
         ev=[(0, 'D0183', 2), (0, 'meropenem', 3), (1, 'meropenem', 3), (2, 'meropenem', 3), (3, 'meropenem', 3)]),
    Stay('S02', '2024-04-10', 10, '1953-10-02', dx='J189',
         ev=[(0, 'D0183', 1, 'comment'), (2, 'tazopipera', 3), (3, 'tazopipera', 3)]),
    Stay('S03', '2024-04-10', 10, '1953-10-03', dx='N390', ev=[(0, 'D0183', 1), (3, 'meropenem', 3)]),
    Stay('S04', '2024-04-10', 10, '1953-10-04', dx='K810', ev=[(1, 'meropenem', 3)]),
    Stay('S05', '2024-04-10', 10, '2007-10-05', dx='A419', ev=[(0, 'D0183', 1), (0, 'meropenem', 3)]),
    Stay('S06', '2024-04-10', 10, '1953-10-06', dx='N390', ev=[(0, 'D0183', 1), (0, 'cefazolin', 2)]),
    Stay('S07', '2024-04-10', 10, '1953-10-07', hosp='R001', dx='A419', ev=[(1, 'meropenem', 3), (2, 'D0183', 2)]),
]

# G005 (中心静脈注射) one act a day, データ区分 33 as the injections; G005-2
# the insertion.
X['cvc_bloodstream_infection_rate'] = [
    Stay('S01', '2024-04-10', 14, '1953-10-01', dx='A419', comp=('T802',),
         ev=[(1, 'G0052', 1)] + [(d, 'G005', 1) for d in range(1, 11)]),
    Stay('S02', '2024-04-10', 10, '1953-10-02', dx='K566', ev=[(d, 'G005', 1) for d in range(0, 5)]),
    Stay('S03', '2024-04-10', 12, '1953-10-03', dx='C182', p5='100', comp=('T827',),
         ev=[(d, 'G005', 1) for d in range(2, 10)] + [(5, 'G005', 1)]),
    Stay('S04', '2024-04-10', 10, '1953-10-04', dx='A419', com=('T802',), ev=[(d, 'G005', 1) for d in range(0, 4)]),
    Stay('S05', '2024-04-10', 10, '1953-10-05', dx='A419', comp=('T802',), ev=[(0, 'G0052', 1)]),
    Stay('S06', '2024-04-10', 10, '1953-10-06', hosp='R001', dx='J189', comp=('J690',),
         ev=[(d, 'G005', 1) for d in range(0, 3)]),
]

# Examples written in CP932 (the others in UTF-8, as some hospitals do).
CP932 = {'stroke_early_rehab', 'stroke_antiplatelet', 'pci_dapt', 'blood_culture_two_sets',
         'falls_injurious_rate', 'hf_mortality', 'gastric_peritoneal_cytology', 'aspiration_pneumonia_readmission_30d',
         'hip_fracture_surgery_2d', 'pneumonia_mortality'}

DXNAME = '傷病名'


def ff1_rows(s):
    r = []

    def item(code, ver, p, seq='0', tokatsu='0'):
        p = list(p) + [''] * (9 - len(p))
        r.append([s.fac, s.did, ymd(s.adm), '0', tokatsu, code, ver, seq] + p)

    item('A000010', V2014, [s.birth.replace('-', ''), s.sex, '1000001'])
    item('A000020', V2014, [ymd(s.adm), '1', '0', '0', s.p5, s.amb, '0', '0', '0'])
    item('A000030', V2014, [ymd(s.dis), '9' if s.out in ('6', '7') else '1', s.out, s.d24, '0'])
    item('A000070', V2014, [s.prev, '0'])
    item('A004010', V2014, ['', s.dem])
    for code, dx in (('A006010', s.main or s.dx), ('A006020', s.trig or s.dx), ('A006030', s.dx)):
        item(code, V2014, ['', dx, '', '0000999', '', '', '', '', DXNAME + '（' + dx + '）'])
    for i, c in enumerate(s.com, 1):
        item('A006040', V2014, ['', c, '', '0000999', '', '', '', '', '併存症'], seq=str(i))
    for i, c in enumerate(s.comp, 1):
        item('A006050', V2014, ['', c, '', '0000999', '', '', '', '', '入院後発症疾患'], seq=str(i))
    if s.jcs is not None:
        item('JCS0010', V2014, ['', s.jcs])
    if s.onset is not None:
        item('M010010', V2014, ['', '0', s.onset])
    if s.first is not None:
        item('CAN0010', V2014, ['', '', s.first])
    if s.stage is not None:
        item('CAN0030', V2014, ['', '', s.stage])
    if s.killip is not None:
        item('M050030', V2014, ['', s.killip])
    if s.dis >= D('2024-06-01'):
        if s.falls is not None:
            item('A004040', V2024, ['', s.falls[0], s.falls[1]])
        if s.restraint is not None:
            item('A004050', V2024, ['', s.restraint])
        if s.ulcer is not None:
            item('A001040', V2024, ['', ''] + list(s.ulcer))
    if s.child:
        # a ward-group segment of the stay (統括診療情報番号 1)
        item('A000031', V2014, [ymd(s.adm), s.child[0].replace('-', '')], tokatsu='1')
        item('A006030', V2014, ['', s.child[1], '', '0000999', '', '', '', '', '子レコード'], tokatsu='1')
    return r


def ef_rows(s, seqs):
    """(month file key, row) for each EF row of the stay; outpatient rows
    go to the EFg file with 入院年月日 00000000."""
    out = []
    for e in s.ev:
        day, code, qty = e[:3]
        flag = e[3] if len(e) > 3 else ''
        when = s.adm + dt.timedelta(days=day)
        outpatient = flag == 'out'
        if code in DRUGS:
            rc, yj, kubun, name = DRUGS[code]
            kaisyaku, ten = '', '12'
        else:
            kubun, rc, name = ACTS[code]
            kaisyaku, ten = code, '500'
        mkey = ('EFg' if outpatient else 'EFn', when.strftime('%y%m'))
        seq = seqs.setdefault((s.did, kubun), 0) + 1
        seqs[(s.did, kubun)] = seq
        info = '000000000000'
        if flag == 'own':
            info, ten = '001000000000', '0'          # 持参薬: flag 3, no points
        # 退院年月日 is 00000000 in a month file the patient is still in hospital at its end
        month_end = (when.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        dis = '00000000' if outpatient or s.dis > month_end else ymd(s.dis)
        adm = '00000000' if outpatient else ymd(s.adm)

        def row(detail, rcode, kno, nm, use, pts):
            return [s.fac, s.did, dis, adm, kubun, '%04d' % seq, detail, rcode, rcode, kno, nm, use, '',
                    pts, '1', pts, info, ten, '0', '0', str(qty), '06010015', '1112', ymd(when), '01', '010',
                    '0000012345', '0000003A', '1', '1' if outpatient else '0', '011']

        out.append((mkey, row('000', rc, kaisyaku, name, '', ten)))
        out.append((mkey, row('001', rc, kaisyaku, name, '1', ten)))
        if flag == 'comment':
            out.append((mkey, row('002', COMMENT[0], '', COMMENT[1], '', '0')))
    return out


EF_TITLE = ['施設コード', 'データ識別番号', '退院年月日', '入院年月日', 'データ区分', '順序番号', '行為明細番号',
            '病院点数マスタコード', 'レセプト電算処理システム用コード', '解釈番号', '診療明細名称', '使用量', '基準単位',
            '明細点数・金額', '円・点区分', '出来高実績点数', '行為明細区分情報', '行為点数', '行為薬剤料', '行為材料料',
            '行為回数', '保険者番号', 'レセプト種別コード', '実施年月日', 'レセプト科区分', '診療科区分', '医師コード',
            '病棟コード', '病棟区分', '入外区分', '施設タイプ']


def write(path, rows, enc):
    with open(path, 'wb') as f:
        for r in rows:
            f.write(('\t'.join(r) + '\r\n').encode(enc))


def main():
    for iid, stays in X.items():
        d = os.path.join(OUT, iid)
        for f in glob.glob(os.path.join(d, 'FF[14]_*.txt')) + glob.glob(os.path.join(d, 'EF[ng]_*.txt')):
            os.remove(f)
        enc = 'cp932' if iid in CP932 else 'utf-8'
        rng = random.Random(iid)
        ff1, ff4, ef, seqs = {}, {}, {}, {}
        for s in stays:
            ff1.setdefault((s.fac, s.dis.strftime('%y%m')), []).extend(ff1_rows(s))
            if s.ff4 is not None:
                ff4.setdefault((s.fac, s.dis.strftime('%y%m')), []).append(
                    [s.fac, s.did, ymd(s.dis), ymd(s.adm), s.ff4])
            for (kind, ym), r in ef_rows(s, seqs):
                ef.setdefault((kind, s.fac, ym), []).append(r)
        for (fac, ym), rows in ff1.items():
            rng.shuffle(rows)
            write(os.path.join(d, 'FF1_%s_%s.txt' % (fac, ym)), rows, enc)
        for (fac, ym), rows in ff4.items():
            write(os.path.join(d, 'FF4_%s_%s.txt' % (fac, ym)), rows, enc)
        for (kind, fac, ym), rows in ef.items():
            rng.shuffle(rows)
            write(os.path.join(d, '%s_%s_%s.txt' % (kind, fac, ym)), [EF_TITLE] + rows, enc)
        used = sorted({e[1] for s in stays for e in s.ev if e[1] in DRUGS})
        dm = os.path.join(d, 'drug_master.csv')
        if used:
            with open(dm, 'w') as f:
                f.write('receipt_code,yj_code,name\n')
                for k in used:
                    f.write('%s,%s,%s\n' % (DRUGS[k][0], DRUGS[k][1], DRUGS[k][3]))
        elif os.path.exists(dm):
            os.remove(dm)


if __name__ == '__main__':
    main()
