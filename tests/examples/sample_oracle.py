#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Independent oracle for the shipped indicators over the synthetic sample.

Each indicator of indicators/*.yaml is re-coded here by hand in plain
Python (not by evaluating its expressions), reading stays.csv and
events.csv of a sample and the code lists of indicators/codes/.  It
writes, per hospital and indicator (and the variant johas_pre_fy2016),
the sums over all periods: the denominator (patient-days for rate
indicators), the numerator and the number of excluded stays.
tests/cli/worked_examples.sh compares qi's tallies of the default
sample (qi synth, seed 20240401) with the committed output.

Usage: python3 tests/examples/sample_oracle.py SAMPLE_DIR > tests/examples/sample_tallies.csv
(about half a minute).  Rerun when the sample generator or a definition changes.
"""
import collections, csv, datetime as dt, glob, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
D = sys.argv[1]


def d(s):
    return dt.date.fromisoformat(s) if s else None


def num(s):
    return float(s) if s != '' else None


ev = collections.defaultdict(list)
for r in csv.DictReader(open(D + '/events.csv')):
    ev[(r['hospital'], r['stay'])].append((int(r['day']), r['code'],
                                           float(r['qty']) if r['qty'] != '' else 1.0))


def m(code, pfx):
    return any(code.startswith(p[:-1]) if p.endswith('*') else code == p for p in pfx)


L = {}
for f in glob.glob(os.path.join(ROOT, 'indicators', 'codes', '*.csv')):
    L[os.path.basename(f)[:-4]] = [r.get('code') or r['icd10'] for r in csv.DictReader(open(f))]


def inl(c, l):
    return c != '' and m(c, L[l])


def evs(s, l, lo=None, hi=None):
    return [(dd, q) for dd, c, q in ev[(s['hospital'], s['stay'])]
            if m(c, L[l]) and (lo is None or dd >= lo) and (hi is None or dd <= hi)]


def days(s, l, lo=None, hi=None):
    return [dd for dd, q in evs(s, l, lo, hi)]


def qty(s, l):
    return sum(q for dd, q in evs(s, l))


def any_(s, l, lo=None, hi=None):
    return len(days(s, l, lo, hi)) > 0


def first(s, l):
    x = days(s, l)
    return min(x) if x else None


def dw(s, l, n):
    # a day counts when its events' quantities add up to n
    c = collections.defaultdict(float)
    for dd, q in evs(s, l):
        c[dd] += q
    return sum(1 for v in c.values() if v >= n)


def com(s, l):
    return any(inl(c, l) for c in s['dx_comorbid'].split(';') if c)


def dead(s):
    return s['outcome'] in ('6', '7')


# The same patient's next stay in the same hospital: the first admitted on
# or after the discharge day, by (admission, discharge, stay id), the stay
# itself left out; the follow-up end is the last day of the fiscal quarter
# of the hospital's last discharge.
STAYS = list(csv.DictReader(open(D + '/stays.csv')))
NEXT, FU_END = {}, {}
byp = collections.defaultdict(list)
for s in STAYS:
    h = s['hospital']
    FU_END[h] = max(FU_END.get(h, d(s['discharge'])), d(s['discharge']))
    if s['patient']:
        byp[(h, s['patient'])].append(s)
for g in byp.values():
    g.sort(key=lambda x: (x['admission'], x['discharge'], x['stay'].encode()))
    for s in g:
        nx = [x for x in g if x is not s and x['admission'] >= s['discharge']]
        if nx:
            NEXT[(s['hospital'], s['stay'])] = nx[0]
for h, e in FU_END.items():
    m3 = (e.month - 1) // 3 * 3 + 3          # 3, 6, 9, 12
    FU_END[h] = (dt.date(e.year + (m3 == 12), m3 % 12 + 1, 1) - dt.timedelta(days=1))


def course(a, lo, hi):
    """The run of consecutive days of a (a set) holding the first day of
    [lo, hi] in a: (start, end), or None."""
    for x in range(lo, hi + 1):
        if x in a:
            st, en = x, x
            while st - 1 in a:
                st -= 1
            while en + 1 in a:
                en += 1
            return st, en
    return None


res=collections.defaultdict(lambda: collections.defaultdict(lambda:[0,0,0]))
for s in STAYS:
    h=s['hospital']; los=(d(s['discharge'])-d(s['admission'])).days
    age=int(s['age']); on=num(s['onset_days']); em=s['emergency']=='1'
    pd=d(s['prev_discharge']); gap=(d(s['admission'])-pd).days if pd else None
    def add(i,den,excl,n,dv=1,nv=None):
        if not den: return
        if excl: res[i][h][2]+=1; return
        res[i][h][0]+=dv; res[i][h][1]+= (nv if nv is not None else (1 if n else 0))
    inf=inl(s['dx_resource'],'stroke_infarct') and on is not None and on<=3
    add('stroke_early_rehab',inf,(dead(s) and los<=3) or (los<=1 and not dead(s)),inf and any_(s,'rehab_cerebrovascular',0,3))
    add('stroke_antiplatelet',inf,inl(s['dx_resource'],'stroke_cardioembolic') or com(s,'atrial_fibrillation') or (dead(s) and los<=1),inf and any_(s,'antiplatelet_stroke',0,1))
    add('stroke_early_imaging',inl(s['dx_resource'],'stroke_acute') and em, s['death_24h']=='1', any_(s,'ct_mri',0,1))
    gs=first(s,'gastric_surgery')
    if gs is not None and inl(s['dx_main'],'gastric_cancer'):
        add('gastric_preop_pathology', not em, False, any_(s,'pathology',None,gs-1))
        add('gastric_peritoneal_cytology', True, s['cancer_stage']=='0', any_(s,'cytology',gs,gs))
    cs=first(s,'colorectal_surgery')
    if cs is not None and inl(s['dx_resource'],'colorectal_cancer') and s['cancer_stage']=='3' and any_(s,'chemo_colorectal',cs,None):
        add('colorectal_adjuvant_chemo_56d',True,age>=80,any_(s,'chemo_colorectal',cs,cs+56))
    add('breast_conserving_stage1', inl(s['dx_resource'],'breast_cancer') and s['cancer_stage']=='1' and any_(s,'breast_cancer_surgery'), s['sex']=='1', any_(s,'breast_conserving_surgery'))
    p=first(s,'pci')
    if p is not None:
        add('pci_dapt', inl(s['dx_resource'],'coronary_disease'), any_(s,'oral_anticoagulant',None,p), any_(s,'aspirin',None,p) and any_(s,'p2y12_inhibitor',None,p))
        k=num(s['killip'])
        if k is None: k=4 if inl(s['dx_resource'],'ami') else 1   # Killip is an AMI item
        add('pci_emergency_mortality', inl(s['dx_resource'],'acs') and s['ambulance']=='1', k>=3 or s['death_24h']=='1', dead(s))
    c=first(s,'cardiac_surgery')
    if c is not None: add('cardiac_rehab_after_surgery',True,dead(s),any_(s,'rehab_cardiac',c+1,None))
    add('ulcer_endoscopic_haemostasis', inl(s['dx_resource'],'bleeding_ulcer'), s['death_24h']=='1', any_(s,'endoscopic_haemostasis'))
    if age>=15 and any_(s,'blood_culture'):
        add('blood_culture_two_sets',True,False,None,dw(s,'blood_culture',1),dw(s,'blood_culture',2))
    add('readmission_6w',True,dead(s), em and gap is not None and gap<=42)
    add('readmission_6w:johas_pre_fy2016',True,dead(s), gap is not None and gap<=42)
    add('aspiration_pneumonia_readmission_30d', inl(s['dx_resource'],'aspiration_pneumonia') and em, s['insurance']=='0', gap is not None and gap<=30)
    ga=first(s,'general_anaesthesia')
    add('delirium_prevention', age>=70 or s['dementia']=='1' or ga is not None, los<=1, any_(s,'delirium_care'))
    # the 2024-06 items: discharges from 1 June 2024 only, whatever a converter wrote before
    june=d(s['discharge'])>=dt.date(2024,6,1)
    for i,f in (('falls_rate','falls'),('falls_injurious_rate','falls_3b'),('physical_restraint_rate','restraint_days')):
        if s[f]!='' and june: add(i,True,False,None,los,int(s[f]))
    add('pressure_ulcer_incidence', june and los>=2 and s['pressure_ulcer']!='', com(s,'pressure_ulcer_dx'), s['pressure_ulcer']=='1')
    add('vte_prophylaxis', age>=40 and any_(s,'vte_risk_surgery'), False, any_(s,'vte_prophylaxis_fee') or any_(s,'anticoagulant'))
    if ga is not None:
        add('abx_prophylaxis_day_of_surgery',True, qty(s,'general_anaesthesia')>=2 or any_(s,'prophylactic_abx',ga-2,ga-1) or any_(s,'caesarean'), any_(s,'prophylactic_abx',ga,ga))
    if ga is not None:
        ops = sorted(set(days(s, 'general_anaesthesia')))
        abx = set(days(s, 'prophylactic_abx'))
        runs = [course(abx, o - 1, o) for o in ops]
        if all(r is not None and r[0] >= o - 1 for r, o in zip(runs, ops)):
            add('abx_prophylaxis_stopped_48h', True, any_(s, 'caesarean'),
                all(r[1] <= o + 2 for r, o in zip(runs, ops)))
    nx = NEXT.get((h, s['stay']))
    add('readmission_30d_index', True, dead(s) or (FU_END[h] - d(s['discharge'])).days < 30,
        nx is not None and nx['emergency'] == '1' and (d(nx['admission']) - d(s['discharge'])).days <= 30)
    # a point each: age (men 70+, women 75+), JCS 1+, dementia, ambulance;
    # a missing item 0
    score=(age>=(70 if s['sex']=='1' else 75)) + (s['jcs']!='' and float(s['jcs'])>=1) \
        + (s['dementia']=='1') + (s['ambulance']=='1')
    hr=inl(s['dx_resource'],'aspiration_pneumonia') and score>=2
    add('aspiration_pneumonia_high_risk_mortality', hr, False, dead(s))
    add('aspiration_pneumonia_high_risk_early_rehab', hr, dead(s) and los<=3, any_(s,'rehab_respiratory',0,3))
    add('hf_mortality', inl(s['dx_resource'],'heart_failure') and age>=18, any(inl(c,'ami') for c in [s['dx_main'],s['dx_trigger'],s['dx_resource']]+s['dx_comorbid'].split(';')), dead(s))
    adm_dx=[s['dx_main'],s['dx_trigger'],s['dx_resource']]+s['dx_comorbid'].split(';')
    compl=[c for c in s['dx_complication'].split(';') if c]
    add('postop_pulmonary_embolism', age>=18 and ga is not None, any(inl(c,'pulmonary_embolism') for c in adm_dx),
        any(inl(c,'pulmonary_embolism') for c in compl))
    hip=age>=65 and inl(s['dx_resource'],'hip_fracture') and any_(s,'hip_fracture_surgery')
    add('hip_fracture_surgery_2d', hip, False, hip and first(s,'hip_fracture_surgery')<=1)
    # a mean's tally: the stays, the sum of the values (numerator) and of
    # their squares (exposure, which the comparison takes as denominator)
    add('hip_fracture_los_mean', hip, dead(s), None, (los+1)**2, los+1)
    add('hip_fracture_stay_over_28d', hip, dead(s), los+1>28)
    # a median's tally: the stays and the sum of the values
    add('joint_replacement_los_median', inl(s['dx_resource'],'hip_knee_osteoarthritis') and any_(s,'joint_replacement') and not em,
        dead(s), None, 1, los+1)
    add('pneumonia_mortality', inl(s['dx_resource'],'pneumonia_community') and age>=18, s['death_24h']=='1', dead(s))
    b=days(s,'broad_spectrum_abx',0,None)
    if age>=18 and b:
        add('broad_spectrum_abx_blood_culture', True, False, any_(s,'blood_culture',min(b)-2,min(b)))
    if any_(s,'cvc_infusion'):
        add('cvc_bloodstream_infection_rate', True, any(inl(c,'cvc_infection') for c in adm_dx), None,
            dw(s,'cvc_infusion',1), 1 if any(inl(c,'cvc_infection') for c in compl) else 0)

w = csv.writer(sys.stdout, lineterminator='\n')
w.writerow(['hospital', 'indicator', 'denominator', 'numerator', 'excluded'])
for i in sorted(res):
    for h, x in sorted(res[i].items()):
        w.writerow([h, i, x[0], x[1], x[2]])
