#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the worked examples of specs/indicators.md as files.

Each example is a handful of stays (and events) with the role a reader
of the definition gives each stay by hand: 'num' (in the denominator and
the numerator), 'den' (denominator only), 'excl:NAME' (caught by that
exclusion), 'out' (not in the denominator).  For indicators that sum a
value, the stay carries its contributions explicitly.  expected.csv is
derived from these hand labels, never from evaluating the expressions,
so tests/cli/worked_examples.sh checks qi against the definitions as
written in words.

Usage: python3 tests/examples/make_examples.py [TABLES.md]
writes tests/examples/ID/{organisations,hospitals,stays,events,expected}.csv
(and, for a median, values.csv: its histogram, the stays of each value)
and, if asked, the tables of specs/indicators.md (section "Worked
examples") as Markdown.  patterns.csv (a risk model's covariate patterns)
is written by hand.
"""
import csv, datetime, io, os, sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'tests', 'examples')

COLS = ['hospital', 'stay', 'patient', 'admission', 'discharge', 'age', 'sex',
        'emergency', 'ambulance', 'dx_main', 'dx_trigger', 'dx_resource',
        'dx_comorbid', 'dx_complication', 'outcome', 'death_24h',
        'prev_discharge', 'onset_days', 'killip', 'jcs', 'cancer_stage',
        'dementia', 'insurance', 'falls', 'falls_3b', 'restraint_days',
        'pressure_ulcer']

ORGS = ('code,name_ja,name_en,url\n'
        'NHO,国立病院機構,National Hospital Organization,https://www.hosp.go.jp/quality-indicators/\n'
        'JOHAS,労働者健康安全機構,Japan Organization of Occupational Health and Safety,https://www.johas.go.jp/quality-indicators/\n')
# facility_code: the 施設コード of the DPC files of the same example
# (tests/examples/make_dpc.py), text with its leading zero.
HOSPS = ('id,org,name_ja,name_en,region,beds,facility_code\n'
         'N001,NHO,例示架空医療センター,Example Fictional Medical Center,関東信越,400,011000014\n'
         'R001,JOHAS,例示架空労災病院,Example Fictional Rosai Hospital,近畿,300,271000013\n')


def stay(sid, role, note, los=10, adm='2024-04-10', hosp='N001', ev=(), val=None, **kw):
    a = datetime.date.fromisoformat(adm)
    s = dict(hospital=hosp, stay=sid, patient='P' + sid, admission=adm,
             discharge=(a + datetime.timedelta(days=los)).isoformat(),
             age=70, sex=1, emergency=1, ambulance=0, dx_main='', dx_trigger='',
             dx_resource='', dx_comorbid='', dx_complication='', outcome=1,
             death_24h=0, prev_discharge='', onset_days='', killip='', jcs='',
             cancer_stage='', dementia=0, insurance=1, falls='', falls_3b='',
             restraint_days='', pressure_ulcer='')
    dx = kw.pop('dx', None)
    if dx:
        s['dx_main'] = s['dx_trigger'] = s['dx_resource'] = dx
    s.update(kw)
    return dict(row=s, role=role, note=note, ev=list(ev), val=val or {})


def E(day, code, kind, qty=1):
    return (day, code, kind, qty)


X = {}   # id -> (intro, stays, variants to expect)

X['stroke_early_rehab'] = ("Acute infarcts admitted within 3 days of onset; rehabilitation must start by day 3.", [
    stay('S01', 'num', 'I639, onset 0 d, H001 on day 2', dx='I639', onset_days=0, ev=[E(2, 'H001', 'rehab', 3)]),
    stay('S02', 'den', 'I634, onset 1 d, H001 first on day 5', dx='I634', onset_days=1, ev=[E(5, 'H001', 'rehab', 3)]),
    stay('S03', 'excl:died_within_4_days', 'I633, died on day 2', dx='I633', onset_days=0, outcome=6, los=2),
    stay('S04', 'excl:discharged_alive_next_day', 'I638, discharged alive on day 1', dx='I638', onset_days=0, los=1),
    stay('S05', 'out', 'I639 but onset 5 d (outside 3 days; in under onset_7d)', dx='I639', onset_days=5,
         ev=[E(1, 'H001', 'rehab', 3)], variant={'onset_7d': 'num'}),
    stay('S06', 'out', 'I610 (haemorrhage, not infarct)', dx='I610', onset_days=0, ev=[E(1, 'H001', 'rehab', 3)]),
    stay('S07', 'num', 'JOHAS: I635, onset 3 d, H001 on day 3', hosp='R001', dx='I635', onset_days=3, ev=[E(3, 'H001', 'rehab', 3)]),
    stay('S08', 'out', 'JOHAS: I639, onset missing (null is not <= 3)', hosp='R001', dx='I639', ev=[E(0, 'H001', 'rehab', 3)],
         variant={'onset_7d': 'out'}),
    stay('S09', 'out', 'JOHAS: I639, onset 6 d, H001 on day 1 (in only under onset_7d)', hosp='R001', dx='I639', onset_days=6,
         ev=[E(1, 'H001', 'rehab', 3)], variant={'onset_7d': 'num'}),
], ['onset_7d'])

X['stroke_antiplatelet'] = ("Acute infarcts within 3 days of onset; antiplatelet on day 0 or 1.", [
    stay('S01', 'num', 'I639, aspirin (3399007) day 0', dx='I639', onset_days=0, ev=[E(0, '3399007', 'drug', 2)]),
    stay('S02', 'num', 'I633, ozagrel (3999411) day 1', dx='I633', onset_days=1, ev=[E(1, '3999411', 'drug', 2)]),
    stay('S03', 'den', 'I639, cilostazol (3399002) first on day 2', dx='I639', onset_days=0, ev=[E(2, '3399002', 'drug', 2)]),
    stay('S04', 'excl:cardioembolic', 'I634 cardioembolic', dx='I634', onset_days=0),
    stay('S05', 'excl:cardioembolic', 'I639 with atrial fibrillation I489 on admission', dx='I639', onset_days=0, dx_comorbid='I10;I489'),
    stay('S06', 'excl:died_within_2_days', 'I639, died on day 1', dx='I639', onset_days=0, outcome=7, los=1),
    stay('S07', 'out', 'I639, onset 10 d', dx='I639', onset_days=10, ev=[E(0, '3399007', 'drug', 2)]),
])

X['stroke_early_imaging'] = ("Unplanned stroke admissions (I60, I61, I63); CT or MRI on day 0 or 1.", [
    stay('S01', 'num', 'I610, CT (E200) day 0', dx='I610', ev=[E(0, 'E200', 'imaging')]),
    stay('S02', 'num', 'I639, MRI (E202) day 1', dx='I639', ev=[E(1, 'E202', 'imaging')]),
    stay('S03', 'den', 'I609, MRI first on day 3', dx='I609', ev=[E(3, 'E202', 'imaging')]),
    stay('S04', 'excl:death_within_24h', 'I619, died within 24 h', dx='I619', outcome=6, death_24h=1, los=0),
    stay('S05', 'out', 'I639 planned admission (emergency 0)', dx='I639', emergency=0, ev=[E(0, 'E200', 'imaging')]),
    stay('S06', 'out', 'G459 (TIA, not in the list)', dx='G459', ev=[E(0, 'E200', 'imaging')]),
])

X['gastric_preop_pathology'] = ("Elective gastrectomies for gastric cancer; histology before the day of surgery, outpatient days included.", [
    stay('S01', 'num', 'C162, biopsy D414 on day -20 (outpatient), K6552 on day 1', dx='C162', emergency=0,
         ev=[E(-20, 'D414', 'test'), E(1, 'L0081', 'procedure'), E(1, 'K6552', 'procedure')]),
    stay('S02', 'num', 'C169, N0001 on day 0, K657 on day 2', dx='C169', emergency=0,
         ev=[E(0, 'N0001', 'test'), E(2, 'K657', 'procedure')]),
    stay('S03', 'den', 'C163, N0001 only on the day of surgery (day 1)', dx='C163', emergency=0,
         ev=[E(1, 'K655', 'procedure'), E(1, 'N0001', 'test')]),
    stay('S04', 'out', 'C162 emergency admission', dx='C162', emergency=1, ev=[E(-20, 'D414', 'test'), E(1, 'K655', 'procedure')]),
    stay('S05', 'out', 'C162, no gastrectomy (endoscopic resection K6532)', dx='C162', emergency=0, ev=[E(1, 'K6532', 'procedure')]),
])

X['gastric_peritoneal_cytology'] = ("Gastrectomies for gastric cancer; cytology on the day of the first gastric operation.", [
    stay('S01', 'num', 'C162 stage 2, K6552 and N0042 on day 1', dx='C162', cancer_stage=2,
         ev=[E(1, 'K6552', 'procedure'), E(1, 'N0042', 'test')]),
    stay('S02', 'den', 'C163 stage 3, cytology on day 2, operation day 1', dx='C163', cancer_stage=3,
         ev=[E(1, 'K657', 'procedure'), E(2, 'N0042', 'test')]),
    stay('S03', 'den', 'C160 stage missing, no cytology', dx='C160', ev=[E(1, 'K655', 'procedure')]),
    stay('S04', 'excl:stage_0', 'C162 stage 0', dx='C162', cancer_stage=0, ev=[E(1, 'K6552', 'procedure')]),
    stay('S05', 'out', 'C162 without gastrectomy', dx='C162', cancer_stage=2, ev=[E(1, 'N0042', 'test')]),
])

X['colorectal_adjuvant_chemo_56d'] = ("Stage III colorectal cancer, operated, with chemotherapy after the operation; chemotherapy within 56 days of the operation day (outpatient events after discharge are linked to the stay).", [
    stay('S01', 'num', 'C182 stage 3, K7193 day 1, oxaliplatin (4291410) day 40', dx='C182', cancer_stage=3,
         ev=[E(1, 'K7193', 'procedure'), E(40, '4291410', 'drug')]),
    stay('S02', 'num', 'C20 stage 3, K7402 day 2, capecitabine (4223005) day 58 = 56 days after', dx='C20', cancer_stage=3,
         ev=[E(2, 'K7402', 'procedure'), E(58, '4223005', 'drug')]),
    stay('S03', 'den', 'C187 stage 3, K7192 day 1, first chemotherapy day 70', dx='C187', cancer_stage=3,
         ev=[E(1, 'K7192', 'procedure'), E(70, '4223005', 'drug')]),
    stay('S04', 'excl:age_80_plus', 'C180 stage 3, aged 82, chemotherapy day 30', dx='C180', cancer_stage=3, age=82,
         ev=[E(1, 'K7193', 'procedure'), E(30, '4291410', 'drug')]),
    stay('S05', 'out', 'C182 stage 3, operated, no chemotherapy', dx='C182', cancer_stage=3, ev=[E(1, 'K7193', 'procedure')]),
    stay('S06', 'out', 'C182 stage 2, chemotherapy day 30', dx='C182', cancer_stage=2,
         ev=[E(1, 'K7193', 'procedure'), E(30, '4291410', 'drug')]),
])

X['breast_conserving_stage1'] = ("Stage I breast cancer operated (K476); partial mastectomy K476-2 or K476-4.", [
    stay('S01', 'num', 'C504 stage 1, K4762', dx='C504', sex=2, cancer_stage=1, ev=[E(1, 'K4762', 'procedure')]),
    stay('S02', 'num', 'C509 stage 1, K4764', dx='C509', sex=2, cancer_stage=1, ev=[E(1, 'K4764', 'procedure')]),
    stay('S03', 'den', 'C502 stage 1, mastectomy K4763', dx='C502', sex=2, cancer_stage=1, ev=[E(1, 'K4763', 'procedure')]),
    stay('S04', 'excl:male', 'C504 stage 1, male, K4763', dx='C504', sex=1, cancer_stage=1, ev=[E(1, 'K4763', 'procedure')]),
    stay('S05', 'out', 'C504 stage 2, K4762', dx='C504', sex=2, cancer_stage=2, ev=[E(1, 'K4762', 'procedure')]),
])

X['pci_dapt'] = ("PCI for ischaemic heart disease; aspirin and a P2Y12 inhibitor by the day of the first PCI.", [
    stay('S01', 'num', 'I251, aspirin and clopidogrel day 0, K5491 day 1', dx='I251', emergency=0,
         ev=[E(0, '3399007', 'drug'), E(0, '3399008', 'drug'), E(1, 'K5491', 'procedure')]),
    stay('S02', 'num', 'I210, loading aspirin + prasugrel on day 0, PCI day 0', dx='I210',
         ev=[E(0, '3399007', 'drug', 2), E(0, '3399009', 'drug', 4), E(0, 'K5491', 'procedure')]),
    stay('S03', 'den', 'I209, aspirin day 0, clopidogrel only on day 2 after PCI day 1', dx='I209', emergency=0,
         ev=[E(0, '3399007', 'drug'), E(1, 'K5461', 'procedure'), E(2, '3399008', 'drug')]),
    stay('S04', 'excl:oral_anticoagulant', 'I251 on a DOAC (3339002) day 0, PCI day 1', dx='I251', emergency=0,
         ev=[E(0, '3339002', 'drug'), E(0, '3399008', 'drug'), E(1, 'K5491', 'procedure')]),
    stay('S05', 'out', 'I500 (heart failure) with PCI', dx='I500', ev=[E(1, 'K5491', 'procedure')]),
])

X['cardiac_rehab_after_surgery'] = ("Cardiac or aortic surgery; cardiac rehabilitation after the day of surgery.", [
    stay('S01', 'num', 'K5522 day 2, H000 day 5', dx='I251', ev=[E(2, 'K5522', 'procedure'), E(5, 'H000', 'rehab', 2)]),
    stay('S02', 'den', 'K555 day 1, H000 only on day 1', dx='I350', ev=[E(1, 'K555', 'procedure'), E(1, 'H000', 'rehab', 2)]),
    stay('S03', 'excl:died_in_hospital', 'K5601 day 1, died', dx='I710', outcome=6, ev=[E(1, 'K5601', 'procedure')]),
    stay('S04', 'out', 'PCI only (K5491)', dx='I251', ev=[E(1, 'K5491', 'procedure'), E(3, 'H000', 'rehab', 2)]),
])

X['ulcer_endoscopic_haemostasis'] = ("Bleeding gastric or duodenal ulcer; endoscopic haemostasis K654.", [
    stay('S01', 'num', 'K254, K654 day 0', dx='K254', ev=[E(0, 'K654', 'procedure')]),
    stay('S02', 'den', 'K260, endoscopy D3081 only', dx='K260', ev=[E(0, 'D3081', 'procedure')]),
    stay('S03', 'excl:death_within_24h', 'K250, died within 24 h', dx='K250', outcome=6, death_24h=1, los=0),
    stay('S04', 'out', 'K259 (no haemorrhage)', dx='K259', ev=[E(0, 'K654', 'procedure')]),
])

X['pci_emergency_mortality'] = ("Ambulance arrivals with AMI or unstable angina and PCI, Killip I-II; deaths.", [
    stay('S01', 'num', 'I219 ambulance Killip 1 PCI, died day 5', dx='I219', ambulance=1, killip=1, outcome=6, los=5,
         ev=[E(0, 'K5491', 'procedure')]),
    stay('S02', 'den', 'I200 ambulance Killip 2 PCI, alive', dx='I200', ambulance=1, killip=2, ev=[E(0, 'K5461', 'procedure')]),
    stay('S03', 'den', 'I210 ambulance Killip 1 PCI, alive', dx='I210', ambulance=1, killip=1, ev=[E(0, 'K5491', 'procedure')]),
    stay('S04', 'excl:killip_3_4', 'I211 ambulance Killip 3, died', dx='I211', ambulance=1, killip=3, outcome=6,
         ev=[E(0, 'K5491', 'procedure')]),
    stay('S05', 'excl:killip_3_4', 'I214 ambulance Killip missing', dx='I214', ambulance=1, ev=[E(0, 'K5491', 'procedure')]),
    stay('S06', 'excl:death_within_24h', 'I210 ambulance Killip 1 PCI, died within 24 h', dx='I210', ambulance=1, killip=1,
         outcome=6, death_24h=1, los=0, ev=[E(0, 'K5491', 'procedure')]),
    stay('S07', 'out', 'I210 walk-in (ambulance 0)', dx='I210', killip=1, ev=[E(0, 'K5491', 'procedure')]),
    stay('S08', 'out', 'I209 (stable angina)', dx='I209', ambulance=1, killip=1, ev=[E(0, 'K5491', 'procedure')]),
    stay('S09', 'den', 'I200 ambulance PCI, no Killip class (an AMI item, not recorded for unstable angina), alive', dx='I200',
         ambulance=1, ev=[E(0, 'K5492', 'procedure')]),
])

X['blood_culture_two_sets'] = ("Patient-days with a blood culture (D018 3) at age 15 or over; days with two or more sets.  Denominator and numerator are sums of days.", [
    stay('S01', 'num', 'two sets day 0 as one EF row of quantity 2, one set day 3: 2 culture days, 1 with two sets', dx='A419',
         ev=[E(0, 'D0183', 'test', 2), E(3, 'D0183', 'test')], val={'den': 2, 'num': 1}),
    stay('S02', 'num', 'two sets day 1: 1 day, 1 with two sets', dx='J189', ev=[E(1, 'D0183', 'test'), E(1, 'D0183', 'test')],
         val={'den': 1, 'num': 1}),
    stay('S03', 'den', 'one set day 0: 1 day, none with two', dx='N390', ev=[E(0, 'D0183', 'test')], val={'den': 1, 'num': 0}),
    stay('S04', 'out', 'aged 12', dx='J189', age=12, ev=[E(0, 'D0183', 'test'), E(0, 'D0183', 'test')]),
    stay('S05', 'out', 'no blood culture', dx='J189'),
    stay('S06', 'num', 'one set on day 0, two on day 2 (rows of 1 and 1), three on day 4 (one row of 3): 3 days, 2 with two sets or more',
         dx='A419', ev=[E(0, 'D0183', 'test'), E(2, 'D0183', 'test'), E(2, 'D0183', 'test'), E(4, 'D0183', 'test', 3)],
         val={'den': 3, 'num': 2}),
])

X['readmission_6w'] = ("Discharges (deaths excluded); the stay is an unplanned or emergency readmission within 42 days of the previous discharge.  The JOHAS variant before FY2016 counts planned readmissions too.", [
    stay('S01', 'num', 'emergency, previous discharge 30 days before', prev_discharge='2024-03-11'),
    stay('S02', 'den', 'planned, previous discharge 20 days before (numerator only in johas_pre_fy2016)', emergency=0,
         prev_discharge='2024-03-21', variant={'johas_pre_fy2016': 'num'}),
    stay('S03', 'den', 'emergency, previous discharge 43 days before', prev_discharge='2024-02-27'),
    stay('S04', 'den', 'emergency, first admission (no previous discharge)'),
    stay('S05', 'excl:died', 'emergency readmission within 42 days, died', prev_discharge='2024-04-01', outcome=6),
    stay('S06', 'num', 'JOHAS: emergency, previous discharge exactly 42 days before', hosp='R001', prev_discharge='2024-02-28'),
], ['johas_pre_fy2016'])

X['aspiration_pneumonia_readmission_30d'] = ("Unplanned aspiration-pneumonia admissions (J690); readmissions within 30 days of a discharge.", [
    stay('S01', 'num', 'J690 emergency, previous discharge 12 days before', dx='J690', age=88, prev_discharge='2024-03-29'),
    stay('S02', 'den', 'J690 emergency, previous discharge 31 days before', dx='J690', age=88, prev_discharge='2024-03-10'),
    stay('S03', 'den', 'J690 emergency, no previous discharge', dx='J690', age=91),
    stay('S04', 'excl:non_insured', 'J690 emergency, 労災 (insurance 0)', dx='J690', insurance=0, prev_discharge='2024-04-01'),
    stay('S05', 'out', 'J189 (other pneumonia)', dx='J189', prev_discharge='2024-04-01'),
])

X['delirium_prevention'] = ("High-risk patients (70+, dementia, or general anaesthesia); the delirium care fee A247-2.", [
    stay('S01', 'num', 'aged 78, A2472 day 0', dx='J189', age=78, ev=[E(0, 'A2472', 'fee')]),
    stay('S02', 'den', 'aged 60 with dementia, no fee', dx='J189', age=60, dementia=1),
    stay('S03', 'num', 'aged 50, general anaesthesia, A2472', dx='K802', age=50, ev=[E(0, 'A2472', 'fee'), E(1, 'L0081', 'procedure')]),
    stay('S04', 'excl:stay_under_2_days', 'aged 85, discharged day 1', dx='R55', age=85, los=1),
    stay('S05', 'out', 'aged 45, no dementia, no operation', dx='N390', age=45, ev=[E(0, 'A2472', 'fee')]),
])

X['falls_rate'] = ("Falls per 1,000 patient-days: numerator sums falls, exposure sums length of stay.  The falls item (A004040) exists for discharges from 1 June 2024 only.", [
    stay('S01', 'num', '2 falls in a 20-day stay', adm='2024-06-03', los=20, falls=2, falls_3b=0, restraint_days=0, pressure_ulcer=0,
         val={'num': 2, 'exp': 20}),
    stay('S02', 'den', 'no fall in 10 days', adm='2024-06-10', los=10, falls=0, falls_3b=0, restraint_days=0, pressure_ulcer=0,
         val={'num': 0, 'exp': 10}),
    stay('S03', 'num', 'JOHAS: 1 fall in 5 days', hosp='R001', adm='2024-06-10', los=5, falls=1, falls_3b=1, restraint_days=0,
         pressure_ulcer=0, val={'num': 1, 'exp': 5}),
    stay('S04', 'out', 'FY2023 record without the falls field', adm='2024-03-20', los=5),
    stay('S05', 'out', 'discharged 2024-05-20, before the item existed, though a converter wrote 0 falls', adm='2024-05-10',
         los=10, falls=0, falls_3b=0, restraint_days=0, pressure_ulcer=0),
    stay('S06', 'out', 'discharged in June without the falls item (missing, not zero)', adm='2024-06-02', los=10),
])

X['falls_injurious_rate'] = ("Falls of level 3b or worse per 1,000 patient-days, discharges from 1 June 2024.", [
    stay('S01', 'num', '3 falls, 1 of level 3b+, 30 days, admitted in May and discharged in June', adm='2024-05-25', los=30,
         falls=3, falls_3b=1, restraint_days=0, pressure_ulcer=0, val={'num': 1, 'exp': 30}),
    stay('S02', 'den', '1 fall, none 3b+, 12 days', adm='2024-06-05', los=12, falls=1, falls_3b=0, restraint_days=0,
         pressure_ulcer=0, val={'num': 0, 'exp': 12}),
    stay('S03', 'out', 'falls_3b missing', adm='2024-06-05', los=8),
    stay('S04', 'out', 'discharged 2024-05-31, before the item existed, with 1 fall of 3b written by a converter',
         adm='2024-05-21', los=10, falls=1, falls_3b=1, restraint_days=0, pressure_ulcer=0),
])

X['physical_restraint_rate'] = ("Restraint days per patient-day (shown as percent), discharges from 1 June 2024.", [
    stay('S01', 'num', '4 restraint days in 16', adm='2024-06-03', los=16, falls=0, falls_3b=0, restraint_days=4, pressure_ulcer=0,
         val={'num': 4, 'exp': 16}),
    stay('S02', 'den', 'no restraint, 9 days', adm='2024-06-03', los=9, falls=0, falls_3b=0, restraint_days=0, pressure_ulcer=0,
         val={'num': 0, 'exp': 9}),
    stay('S03', 'out', 'restraint_days missing', adm='2024-06-03', los=7),
    stay('S04', 'out', 'discharged 2024-05-15, before the item existed, with 3 restraint days written by a converter',
         adm='2024-05-05', los=10, falls=0, falls_3b=0, restraint_days=3, pressure_ulcer=0),
])

X['pressure_ulcer_incidence'] = ("Stays of 2 days or more discharged from 1 June 2024 with the assessment recorded; new pressure ulcers (d2+).", [
    stay('S01', 'num', '14 days, new ulcer', adm='2024-06-03', los=14, falls=0, falls_3b=0, restraint_days=0, pressure_ulcer=1),
    stay('S02', 'den', '6 days, no ulcer', adm='2024-06-03', los=6, falls=0, falls_3b=0, restraint_days=0, pressure_ulcer=0),
    stay('S03', 'excl:present_on_admission', 'ulcer L893 present on admission', adm='2024-06-03', los=20, dx_comorbid='L893',
         falls=0, falls_3b=0, restraint_days=0, pressure_ulcer=1),
    stay('S04', 'out', '1-day stay', adm='2024-06-03', los=1, falls=0, falls_3b=0, restraint_days=0, pressure_ulcer=0),
    stay('S05', 'out', 'assessment missing', adm='2024-06-03', los=10),
    stay('S06', 'out', 'discharged 2024-05-20, before the item existed, with a new ulcer written by a converter', adm='2024-05-10',
         los=10, falls=0, falls_3b=0, restraint_days=0, pressure_ulcer=1),
])

X['vte_prophylaxis'] = ("Moderate- or higher-risk operations at age 40+; the prophylaxis fee or an anticoagulant.", [
    stay('S01', 'num', 'hip arthroplasty K0821, fee 113006910', dx='M160', ev=[E(1, 'K0821', 'procedure'), E(1, '113006910', 'fee')]),
    stay('S02', 'num', 'hip fracture K0461, enoxaparin (3334402) day 2', dx='S7200', age=85,
         ev=[E(1, 'K0461', 'procedure'), E(2, '3334402', 'drug')]),
    stay('S03', 'den', 'colectomy K7193, no prophylaxis', dx='C182', ev=[E(1, 'K7193', 'procedure')]),
    stay('S04', 'out', 'hysterectomy K877 at 38', dx='D259', age=38, sex=2, ev=[E(1, 'K877', 'procedure'), E(1, 'B0016', 'fee')]),
    stay('S05', 'out', 'cholecystectomy K6721 (not in the risk list)', dx='K802', ev=[E(1, 'K6721', 'procedure')]),
])

X['abx_prophylaxis_day_of_surgery'] = ("Operations under general anaesthesia; a penicillin or cephalosporin on the day of surgery (EF has no clock time).", [
    stay('S01', 'num', 'L0081 day 1, cefazolin (6132400) day 1', dx='M160', ev=[E(1, 'L0081', 'procedure'), E(1, '6132400', 'drug')]),
    stay('S02', 'den', 'L0081 day 1, cefazolin only day 2', dx='C182', ev=[E(1, 'L0081', 'procedure'), E(2, '6132400', 'drug')]),
    stay('S03', 'excl:multiple_operations', 'L0081 on days 1 and 5', dx='C182',
         ev=[E(1, 'L0081', 'procedure'), E(1, '6132400', 'drug'), E(5, 'L0081', 'procedure')]),
    stay('S04', 'excl:preoperative_antibiotic', 'cefmetazole (6132408) day 0, L0081 day 1', dx='K352',
         ev=[E(0, '6132408', 'drug'), E(1, 'L0081', 'procedure'), E(1, '6132408', 'drug')]),
    stay('S05', 'excl:caesarean', 'caesarean K8982 under L0081 day 0', dx='O821', sex=2, age=33,
         ev=[E(0, 'L0081', 'procedure'), E(0, 'K8982', 'procedure'), E(0, '6132400', 'drug')]),
    stay('S06', 'out', 'no general anaesthesia', dx='J189', ev=[E(0, '6132400', 'drug')]),
    stay('S07', 'excl:multiple_operations', 'two operations on day 1 in one L0081 row of quantity 2', dx='C182',
         ev=[E(1, 'L0081', 'procedure', 2), E(1, '6132400', 'drug')]),
])

X['abx_prophylaxis_stopped_48h'] = ("Operations under general anaesthesia with a penicillin or cephalosporin started the day before or the day of each operation; the course (consecutive days) ends by the second day after each operation (within_24h: by the next day).", [
    stay('S01', 'num', 'L0081 day 1, cefazolin days 1-2', dx='M160', emergency=0,
         ev=[E(1, 'L0081', 'procedure'), E(1, '6132400', 'drug'), E(2, '6132400', 'drug')]),
    stay('S02', 'den', 'L0081 day 1, cefazolin days 0-4 (ends 3 days after)', dx='C182', emergency=0,
         ev=[E(1, 'L0081', 'procedure')] + [E(d, '6132400', 'drug') for d in range(0, 5)],
         variant={'within_24h': 'den'}),
    stay('S03', 'num', 'L0081 day 2, cefazolin days 2-4 (ends 2 days after; not within 24 h)', dx='C182', emergency=0,
         ev=[E(2, 'L0081', 'procedure')] + [E(d, '6132400', 'drug') for d in range(2, 5)],
         variant={'within_24h': 'den'}),
    stay('S04', 'den', 'L0081 days 1 and 6; cefazolin days 1-2, then 6-9 (the second operation\'s course too long)',
         dx='C182', emergency=0,
         ev=[E(1, 'L0081', 'procedure'), E(6, 'L0081', 'procedure')] +
            [E(d, '6132400', 'drug') for d in (1, 2, 6, 7, 8, 9)], variant={'within_24h': 'den'}),
    stay('S05', 'num', 'L0081 days 1 and 6; cefazolin day 1, days 6-7', dx='C182', emergency=0,
         ev=[E(1, 'L0081', 'procedure'), E(6, 'L0081', 'procedure')] +
            [E(d, '6132400', 'drug') for d in (1, 6, 7)]),
    stay('S06', 'out', 'L0081 day 2, cefazolin from day 0 (a treatment going on, not prophylaxis)', dx='K352',
         ev=[E(2, 'L0081', 'procedure')] + [E(d, '6132400', 'drug') for d in range(0, 4)]),
    stay('S07', 'out', 'L0081 day 1, no antibiotic', dx='M160', emergency=0, ev=[E(1, 'L0081', 'procedure')]),
    stay('S08', 'excl:caesarean', 'caesarean K8982 under L0081 day 0, cefazolin day 0', dx='O821', sex=2, age=33,
         emergency=0, ev=[E(0, 'L0081', 'procedure'), E(0, 'K8982', 'procedure'), E(0, '6132400', 'drug')]),
    stay('S09', 'out', 'cefazolin, no general anaesthesia', dx='J189', ev=[E(0, '6132400', 'drug')]),
    stay('S10', 'num', 'L0081 day 1, cefazolin days 1-2, again day 4 (a second course: the first ended in time)',
         dx='C182', emergency=0,
         ev=[E(1, 'L0081', 'procedure')] + [E(d, '6132400', 'drug') for d in (1, 2, 4)]),
    stay('S11', 'num', 'JOHAS: L0081 day 3, cefazolin day 3 only', hosp='R001', dx='M160', emergency=0,
         ev=[E(3, 'L0081', 'procedure'), E(3, '6132400', 'drug')]),
], ['within_24h'])

X['readmission_30d_index'] = ("Live discharges whose 30 days of follow-up lie inside the data (to 2024-06-30, the end of the quarter of each hospital\'s last discharge); the same patient\'s next stay in the same hospital is an unplanned admission within 30 days.  The same_diagnosis variant counts only a next stay with the same main resource diagnosis.", [
    stay('S01', 'num', 'PA, discharged 04-10; next stay S02 04-25, emergency, same diagnosis', patient='PA', adm='2024-04-01', los=9,
         emergency=0, dx='I500'),
    stay('S02', 'den', 'PA, discharged 04-30; next stay S03 05-20 is planned', patient='PA', adm='2024-04-25', los=5, dx='I500'),
    stay('S03', 'den', 'PA, planned, discharged 05-24; no next stay, 37 days of follow-up', patient='PA', adm='2024-05-20', los=4,
         emergency=0, dx='I500'),
    stay('S04', 'den', 'PB, discharged 04-05; next stay S05 05-06 (31 days)', patient='PB', adm='2024-04-02', los=3, dx='J189'),
    stay('S05', 'excl:died', 'PB, died 05-08', patient='PB', adm='2024-05-06', los=2, outcome=6, dx='J189'),
    stay('S06', 'num', 'PC, discharged 04-10; readmitted the same day (S07, another diagnosis)', patient='PC', adm='2024-04-03',
         los=7, emergency=0, dx='I500', variant={'same_diagnosis': 'den'}),
    stay('S07', 'den', 'PC, emergency the day of the last discharge, discharged 04-20; no next stay', patient='PC',
         adm='2024-04-10', los=10, dx='J189'),
    stay('S08', 'excl:follow_up_incomplete', 'PD, discharged 06-15, 15 days before the end of the data', patient='PD',
         adm='2024-06-10', los=5, dx='J189'),
    stay('S09', 'den', 'JOHAS: PA again, but in another hospital: not linked to N001\'s stays', hosp='R001', patient='PA',
         adm='2024-04-12', los=2, dx='I500'),
], ['same_diagnosis'])

X['hf_mortality'] = ("Heart failure at 18+, AMI excluded; deaths.  The risk model's covariates are items every heart-failure stay carries (no Killip class): each stay's covariate pattern is labelled by hand in patterns.csv.", [
    stay('S01', 'num', 'I500 aged 88, male, emergency by ambulance, JCS 10, a stray Killip 3 (not a covariate), died', dx='I500', age=88,
         ambulance=1, jcs=10, killip=3, outcome=6),
    stay('S02', 'den', 'I509 aged 72, female, planned, JCS 0, CKD and diabetes on admission, alive', dx='I509', age=72, sex=2,
         emergency=0, jcs=0, dx_comorbid='N183;E119'),
    stay('S03', 'den', 'I110 aged 80, male, emergency, JCS 1, dementia, COPD and atrial fibrillation, alive', dx='I110', age=80,
         jcs=1, dementia=1, dx_comorbid='J449;I489'),
    stay('S04', 'excl:acute_myocardial_infarction', 'I500 with I214 on admission, died', dx='I500', dx_comorbid='I214', outcome=6),
    stay('S05', 'out', 'I500 aged 16', dx='I500', age=16),
    stay('S06', 'out', 'J189 (pneumonia) died', dx='J189', outcome=6),
    stay('S07', 'den', 'I500 aged 55, female, emergency, JCS not recorded, alive', dx='I500', age=55, sex=2),
])


X['aspiration_pneumonia_high_risk_mortality'] = ("Aspiration pneumonia (J690) with a simple risk score of 2 or more (age: men 70+, women 75+; JCS 1+; dementia; ambulance; one point each, a missing item 0); deaths.", [
    stay('S01', 'num', 'J690 man of 72 (1), by ambulance (1), JCS 0: score 2, died', dx='J690', age=72, ambulance=1, jcs=0, outcome=6),
    stay('S02', 'den', 'J690 woman of 78 (1), JCS 10 (1): score 2, alive', dx='J690', age=78, sex=2, jcs=10),
    stay('S03', 'out', 'J690 woman of 72 (0: women count from 75), JCS 1 (1): score 1', dx='J690', age=72, sex=2, jcs=1),
    stay('S04', 'num', 'J690 man of 65 (0), dementia (1), JCS 3 (1), by ambulance (1): score 3, died (outcome 7)', dx='J690', age=65,
         dementia=1, jcs=3, ambulance=1, outcome=7),
    stay('S05', 'out', 'J189 (other pneumonia) man of 85 by ambulance, JCS 10', dx='J189', age=85, ambulance=1, jcs=10),
    stay('S06', 'out', 'J690 man of 80 (1), JCS not recorded (0): score 1', dx='J690', age=80),
    stay('S07', 'den', 'JOHAS: J690 woman of 90 (1) with dementia (1): score 2, alive', hosp='R001', dx='J690', age=90, sex=2,
         dementia=1, jcs=0),
])


X['aspiration_pneumonia_high_risk_early_rehab'] = ("Aspiration pneumonia (J690) with the simple risk score of 2 or more, deaths within 3 days excluded; respiratory rehabilitation (H003) on days 0-3.", [
    stay('S01', 'num', 'J690 man of 72 (1) by ambulance (1): score 2; H0031 day 2', dx='J690', age=72, ambulance=1, jcs=0,
         ev=[E(2, 'H0031', 'rehab')]),
    stay('S02', 'den', 'J690 woman of 78 (1), JCS 10 (1): score 2; H0031 on day 4 only', dx='J690', age=78, sex=2, jcs=10,
         ev=[E(4, 'H0031', 'rehab')]),
    stay('S03', 'out', 'J690 woman of 72 (0), JCS 1 (1): score 1; H0031 day 1', dx='J690', age=72, sex=2, jcs=1,
         ev=[E(1, 'H0031', 'rehab')]),
    stay('S04', 'excl:died_within_3_days', 'J690 man of 80 (1) with dementia (1), died on day 2', dx='J690', age=80, dementia=1,
         jcs=0, los=2, outcome=6),
    stay('S05', 'num', 'J690 man of 65 (0), dementia (1), JCS 3 (1): score 2; H0032 day 0', dx='J690', age=65, dementia=1, jcs=3,
         ev=[E(0, 'H0032', 'rehab')]),
    stay('S06', 'den', 'JOHAS: J690 woman of 90 (1), by ambulance (1), no rehabilitation', hosp='R001', dx='J690', age=90, sex=2,
         ambulance=1, jcs=0),
])


X['postop_pulmonary_embolism'] = ("Operations under general anaesthesia (L008) at 18 or over; pulmonary embolism (I26) recorded as a complication (入院後発症疾患), which has no date and is taken to follow the operation.", [
    stay('S01', 'num', 'gastrectomy K6552 under L0081 day 1, complication I269', dx='C162', emergency=0,
         dx_complication='I269', ev=[E(1, 'L0081', 'procedure'), E(1, 'K6552', 'procedure')]),
    stay('S02', 'den', 'hip replacement K0821 under L0081 day 1, no complication', dx='M160', emergency=0,
         ev=[E(1, 'L0081', 'procedure'), E(1, 'K0821', 'procedure')]),
    stay('S03', 'excl:present_on_admission', 'PE (I269) already on admission, L0081 day 2', dx='C182', emergency=0,
         dx_comorbid='I269', ev=[E(2, 'L0081', 'procedure'), E(2, 'K7193', 'procedure')]),
    stay('S04', 'out', 'no general anaesthesia (pneumonia), complication I269', dx='J189', dx_complication='I269'),
    stay('S05', 'out', 'aged 16, L0081 day 0, complication I260', dx='K358', age=16, dx_complication='I260',
         ev=[E(0, 'L0081', 'procedure')]),
    stay('S06', 'den', 'L0081 day 1, another complication (J690)', dx='C182', emergency=0, dx_complication='J690',
         ev=[E(1, 'L0081', 'procedure'), E(1, 'K7193', 'procedure')]),
    stay('S07', 'num', 'JOHAS: colectomy under L0081 day 1, complications N390 and I260 (the second)', hosp='R001', dx='C182',
         emergency=0, dx_complication='N390;I260', ev=[E(1, 'L0081', 'procedure'), E(1, 'K7193', 'procedure')]),
])

X['hip_fracture_surgery_2d'] = ("Hip fractures (S72.0-S72.2) at 65 or over operated (K046 1, K081 1, K082 1); first operation on day 0 or 1.", [
    stay('S01', 'num', 'S7200 aged 84, hemiarthroplasty K0811 day 1', dx='S7200', age=84, sex=2, ambulance=1,
         ev=[E(1, 'L0081', 'procedure'), E(1, 'K0811', 'procedure')]),
    stay('S02', 'num', 'S7210 aged 78, fixation K0461 day 0', dx='S7210', age=78, sex=2, ev=[E(0, 'K0461', 'procedure')]),
    stay('S03', 'den', 'S7200 aged 90, K0461 on day 2', dx='S7200', age=90, ev=[E(2, 'K0461', 'procedure')]),
    stay('S04', 'out', 'S7200 aged 60, K0461 day 0', dx='S7200', age=60, ev=[E(0, 'K0461', 'procedure')]),
    stay('S05', 'out', 'S7200 aged 85, not operated', dx='S7200', age=85),
    stay('S06', 'out', 'M160 (osteoarthritis) aged 75, K0821 day 1', dx='M160', age=75, emergency=0,
         ev=[E(1, 'K0821', 'procedure')]),
    stay('S07', 'num', 'JOHAS: S7220 aged 88, K0461 day 1 and K0811 day 5 (the first counts)', hosp='R001', dx='S7220',
         age=88, sex=2, ev=[E(1, 'K0461', 'procedure'), E(5, 'K0811', 'procedure')]),
])

X['hip_fracture_los_mean'] = ("Hip fractures at 65 or over operated, deaths excluded; the mean of 在院日数 (los + 1).  A mean's tally sums the values (numerator) and their squares (exposure).", [
    stay('S01', 'num', 'S7200 aged 84, K0811 day 1, discharged day 20: 21 days', dx='S7200', age=84, los=20,
         ev=[E(1, 'K0811', 'procedure')], val={'num': 21, 'exp': 441}),
    stay('S02', 'num', 'S7210 aged 90, K0461 day 2, discharged day 34: 35 days', dx='S7210', age=90, los=34,
         ev=[E(2, 'K0461', 'procedure')], val={'num': 35, 'exp': 1225}),
    stay('S03', 'num', 'S7200 aged 70, K0461 day 0, discharged day 6: 7 days', dx='S7200', age=70, los=6,
         ev=[E(0, 'K0461', 'procedure')], val={'num': 7, 'exp': 49}),
    stay('S04', 'excl:died_in_hospital', 'S7200 aged 92, K0811 day 1, died on day 8', dx='S7200', age=92, los=8, outcome=6,
         ev=[E(1, 'K0811', 'procedure')]),
    stay('S05', 'out', 'S7200 aged 62, K0461 day 1', dx='S7200', age=62, ev=[E(1, 'K0461', 'procedure')]),
    stay('S06', 'out', 'S7200 aged 85, not operated', dx='S7200', age=85, los=30),
])

X['joint_replacement_los_median'] = ("Planned joint replacement (K082 1) for osteoarthritis of the hip or knee (M16, M17), deaths excluded; the median of 在院日数 (los + 1): here 18 of 14, 18 and 21.  The tally sums the values; the histogram (value rows) gives the median.", [
    stay('S01', 'num', 'M170 planned, K0821 day 1, discharged day 17: 18 days', dx='M170', age=74, sex=2, emergency=0, los=17,
         ev=[E(1, 'L0081', 'procedure'), E(1, 'K0821', 'procedure')], val={'num': 18}),
    stay('S02', 'num', 'M160 planned, K0821 day 1, discharged day 20: 21 days', dx='M160', age=68, sex=2, emergency=0, los=20,
         ev=[E(1, 'K0821', 'procedure')], val={'num': 21}),
    stay('S03', 'num', 'M171 planned, K0821 day 1, discharged day 13: 14 days', dx='M171', age=71, emergency=0, los=13,
         ev=[E(1, 'K0821', 'procedure')], val={'num': 14}),
    stay('S04', 'excl:died_in_hospital', 'M160 planned, K0821 day 1, died on day 9', dx='M160', age=86, emergency=0, los=9,
         outcome=6, ev=[E(1, 'K0821', 'procedure')]),
    stay('S05', 'out', 'M170 emergency admission, K0821', dx='M170', age=80, emergency=1, ev=[E(2, 'K0821', 'procedure')]),
    stay('S06', 'out', 'S7200 (fracture, not osteoarthritis) planned, K0821', dx='S7200', age=80, emergency=0,
         ev=[E(1, 'K0821', 'procedure')]),
    stay('S07', 'out', 'M170 planned, no joint replacement', dx='M170', age=70, emergency=0),
])

X['hip_fracture_stay_over_28d'] = ("Hip fractures at 65 or over operated, deaths excluded; 在院日数 (los + 1) above 28.", [
    stay('S01', 'num', 'S7200 aged 80, K0811 day 1, discharged day 28: 29 days', dx='S7200', age=80, los=28,
         ev=[E(1, 'K0811', 'procedure')]),
    stay('S02', 'den', 'S7210 aged 80, K0461 day 1, discharged day 27: 28 days, not above 28', dx='S7210', age=80, los=27,
         ev=[E(1, 'K0461', 'procedure')]),
    stay('S03', 'den', 'S7200 aged 75, K0461 day 0, 15 days', dx='S7200', age=75, los=14, ev=[E(0, 'K0461', 'procedure')]),
    stay('S04', 'excl:died_in_hospital', 'S7200 aged 95, K0811 day 2, died on day 40', dx='S7200', age=95, los=40, outcome=6,
         ev=[E(2, 'K0811', 'procedure')]),
    stay('S05', 'out', 'S7200 aged 64, K0461 day 1, 40 days', dx='S7200', age=64, los=39, ev=[E(1, 'K0461', 'procedure')]),
])

X['pneumonia_mortality'] = ("Pneumonia (J12-J18) at 18 or over, deaths within 24 hours excluded; deaths.  Risk-model covariates (patterns.csv, by hand): adrop_ao = A (men 70+, women 75+) + O (JCS 1+; missing 0), male, ambulance, dementia, Charlson index (Quan 2011, at most 6).", [
    stay('S01', 'num', 'J189 man of 78 (A 1), JCS 10 (O 1), ambulance, died: pattern 2;1;1;0;0', dx='J189', age=78, ambulance=1,
         jcs=10, outcome=6),
    stay('S02', 'den', 'J159 woman of 72 (A 0), JCS 0, dementia, N183 (renal 1) and E119 (diabetes 0): pattern 0;0;0;1;1', dx='J159',
         age=72, sex=2, jcs=0, dementia=1, dx_comorbid='N183;E119'),
    stay('S03', 'den', 'J181 woman of 80 (A 1), JCS not recorded (O 0), ambulance, C349 (cancer 2) and I500 (heart failure 2): pattern 1;0;1;0;4',
         dx='J181', age=80, sex=2, ambulance=1, dx_comorbid='C349;I500'),
    stay('S04', 'excl:death_within_24h', 'J189 died within 24 hours', dx='J189', age=90, jcs=100, outcome=6, death_24h=1, los=0),
    stay('S05', 'out', 'J690 (aspiration pneumonia), died', dx='J690', age=88, outcome=6),
    stay('S06', 'out', 'J189 aged 17', dx='J189', age=17),
    stay('S07', 'num', 'JOHAS: J120 man of 66 (A 0), JCS 3 (O 1), C787 and C349 (metastatic 6, the cancer counted once), died (outcome 7): pattern 1;1;0;0;6',
         hosp='R001', dx='J120', age=66, jcs=3, dx_comorbid='C787;C349', outcome=7),
])

X['broad_spectrum_abx_blood_culture'] = ("Stays with a broad-spectrum antibiotic (meropenem 6139400, tazobactam/piperacillin 6139505) at 18 or over; a blood culture (D018 3) on the day of the first dose or the 2 days before.", [
    stay('S01', 'num', 'A419, two culture sets day 0, meropenem days 0-3', dx='A419',
         ev=[E(0, 'D0183', 'test', 2), E(0, '6139400', 'drug', 3), E(1, '6139400', 'drug', 3), E(2, '6139400', 'drug', 3),
             E(3, '6139400', 'drug', 3)]),
    stay('S02', 'num', 'J189, culture day 0, tazobactam/piperacillin from day 2 (window days 0-2)', dx='J189',
         ev=[E(0, 'D0183', 'test'), E(2, '6139505', 'drug', 3), E(3, '6139505', 'drug', 3)]),
    stay('S03', 'den', 'N390, culture day 0, meropenem from day 3 (window days 1-3)', dx='N390',
         ev=[E(0, 'D0183', 'test'), E(3, '6139400', 'drug', 3)]),
    stay('S04', 'den', 'K810, no culture, meropenem day 1', dx='K810', ev=[E(1, '6139400', 'drug', 3)]),
    stay('S05', 'out', 'aged 16, culture and meropenem day 0', dx='A419', age=16,
         ev=[E(0, 'D0183', 'test'), E(0, '6139400', 'drug', 3)]),
    stay('S06', 'out', 'cefazolin only (not broad-spectrum), culture day 0', dx='N390',
         ev=[E(0, 'D0183', 'test'), E(0, '6132400', 'drug', 2)]),
    stay('S07', 'den', 'JOHAS: meropenem day 1, culture only on day 2, after it', hosp='R001', dx='A419',
         ev=[E(1, '6139400', 'drug', 3), E(2, 'D0183', 'test', 2)]),
])

X['cvc_bloodstream_infection_rate'] = ("Stays with the central venous infusion fee (G005); infections (T80.2, T82.7) recorded as complications per 1,000 catheter-days (days with G005).", [
    stay('S01', 'num', 'line inserted (G0052) day 1, G005 days 1-10, complication T802', dx='A419', dx_complication='T802',
         los=14, ev=[E(1, 'G0052', 'other')] + [E(d, 'G005', 'other') for d in range(1, 11)], val={'num': 1, 'exp': 10}),
    stay('S02', 'den', 'G005 days 0-4, no complication', dx='K566',
         ev=[E(d, 'G005', 'other') for d in range(0, 5)], val={'num': 0, 'exp': 5}),
    stay('S03', 'num', 'G005 days 2-9 (day 5 in two rows: one catheter-day), complication T827', dx='C182', emergency=0,
         dx_complication='T827', los=12, ev=[E(d, 'G005', 'other') for d in range(2, 10)] + [E(5, 'G005', 'other')],
         val={'num': 1, 'exp': 8}),
    stay('S04', 'excl:present_on_admission', 'G005 days 0-3, T802 on admission', dx='A419', dx_comorbid='T802',
         ev=[E(d, 'G005', 'other') for d in range(0, 4)]),
    stay('S05', 'out', 'line inserted (G0052), no infusion fee billed, complication T802', dx='A419', dx_complication='T802',
         ev=[E(0, 'G0052', 'other')]),
    stay('S06', 'den', 'JOHAS: G005 days 0-2, another complication (J690)', hosp='R001', dx='J189', dx_complication='J690',
         ev=[E(d, 'G005', 'other') for d in range(0, 3)], val={'num': 0, 'exp': 3}),
])


def fiscal_q(date):
    d = datetime.date.fromisoformat(date)
    fy = d.year if d.month >= 4 else d.year - 1
    q = ((d.month - 4) % 12) // 3 + 1
    return 'FY%dQ%d' % (fy, q)


def excl_names(ind, variant=None):
    den = ind.get('denominator', {})
    return [e['name'] for e in den.get('exclusions', []) or []]


def expected(iid, ind, stays, variants):
    rows = {}
    names = excl_names(ind)
    for var in [''] + variants:
        for s in stays:
            role = s.get('variant', {}).get(var, s['role']) if var else s['role']
            if role == 'out':
                continue
            key = (s['row']['hospital'], iid, var, fiscal_q(s['row']['discharge']))
            r = rows.setdefault(key, {'den': 0, 'num': 0, 'exp': 0.0, 'excl': [0] * len(names)})
            if role.startswith('excl:'):
                r['excl'][names.index(role[5:])] += 1
                continue
            v = s['val']
            r['den'] += v.get('den', 1)
            r['num'] += v.get('num', 1 if role == 'num' else 0)
            r['exp'] += v.get('exp', 0)
    return rows


def fmt_num(x):
    return ('%d' % x) if float(x).is_integer() else repr(x)


def main():
    md = io.StringIO()
    for iid, (intro, stays, *rest) in X.items():
        variants = rest[0] if rest else []
        for s in stays:
            s['variant'] = s['row'].pop('variant', {})
        ind = yaml.safe_load(open(os.path.join(ROOT, 'indicators', iid + '.yaml')))
        d = os.path.join(OUT, iid)
        os.makedirs(d, exist_ok=True)
        stays.sort(key=lambda s: (s['row']['hospital'].encode(), s['row']['stay'].encode()))
        with open(os.path.join(d, 'organisations.csv'), 'w') as f:
            f.write(ORGS)
        with open(os.path.join(d, 'hospitals.csv'), 'w') as f:
            f.write(HOSPS)
        with open(os.path.join(d, 'stays.csv'), 'w', newline='') as f:
            w = csv.writer(f, lineterminator='\n')
            w.writerow(COLS)
            for s in stays:
                w.writerow([s['row'][c] for c in COLS])
        with open(os.path.join(d, 'events.csv'), 'w', newline='') as f:
            w = csv.writer(f, lineterminator='\n')
            w.writerow(['hospital', 'stay', 'day', 'code', 'kind', 'qty'])
            for s in stays:
                for e in sorted(s['ev'], key=lambda e: e[0]):
                    w.writerow([s['row']['hospital'], s['row']['stay'], e[0], e[1], e[2], e[3]])
        rows = expected(iid, ind, stays, variants)
        with open(os.path.join(d, 'expected.csv'), 'w', newline='') as f:
            w = csv.writer(f, lineterminator='\n')
            w.writerow(['hospital', 'indicator', 'variant', 'period', 'denominator', 'numerator', 'exposure', 'excluded'])
            for k in sorted(rows):
                r = rows[k]
                w.writerow(list(k) + [r['den'], r['num'], fmt_num(r['exp']), ';'.join(map(str, r['excl']))])
        # A median's histogram: the stays of each value, from the hand
        # labels (tallies.csv's value rows).
        vp = os.path.join(d, 'values.csv')
        if ind.get('kind') == 'median':
            hist = {}
            for s in stays:
                if s['role'] in ('num', 'den'):
                    k = (s['row']['hospital'], iid, fiscal_q(s['row']['discharge']), s['val']['num'])
                    hist[k] = hist.get(k, 0) + 1
            with open(vp, 'w', newline='') as f:
                w = csv.writer(f, lineterminator='\n')
                w.writerow(['hospital', 'indicator', 'period', 'value', 'stays'])
                for k in sorted(hist):
                    w.writerow(list(k) + [hist[k]])
        elif os.path.exists(vp):
            os.remove(vp)
        # Markdown
        md.write('### %s -- %s\n\n%s\n\n' % (iid, ind['title']['en'], intro))
        md.write('| stay | hosp | discharge | data | events | role |\n|---|---|---|---|---|---|\n')
        for s in stays:
            r = s['row']
            ev = '; '.join('d%d %s' % (e[0], e[1]) + (' x%g' % e[3] if e[3] != 1 else '')
                           for e in sorted(s['ev'], key=lambda e: e[0])) or '-'
            role = s['role']
            if s['variant']:
                role += ' (' + ', '.join('%s: %s' % kv for kv in s['variant'].items()) + ')'
            if s['val']:
                role += ' [' + ', '.join('%s %s' % kv for kv in s['val'].items()) + ']'
            md.write('| %s | %s | %s | %s | %s | %s |\n' % (r['stay'], r['hospital'], r['discharge'], s['note'], ev, role))
        md.write('\nResult (tallies; `excluded` in the order of the exclusions: %s):\n\n'
                 % (', '.join(excl_names(ind)) or 'none'))
        md.write('| hospital | variant | period | denominator | numerator | exposure | excluded |\n|---|---|---|---|---|---|---|\n')
        for k in sorted(rows):
            r = rows[k]
            md.write('| %s | %s | %s | %d | %d | %s | %s |\n' % (k[0], k[2] or '(base)', k[3], r['den'], r['num'],
                                                                fmt_num(r['exp']), ';'.join(map(str, r['excl'])) or '-'))
        md.write('\n')
    if len(sys.argv) > 1:
        with open(sys.argv[1], 'w') as f:
            f.write(md.getvalue())


if __name__ == '__main__':
    main()
