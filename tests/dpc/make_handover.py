#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes tests/dpc/hospital_handover/: DPC files as three hospitals would hand them over.

Independent of qi: no qi code, no qi output. Every value below is chosen by hand and written out; the script only
lays the rows out as the files hospitals export (CP932, CRLF, tabs, unsorted, one file per month, a header row in one
FF1 file and not the others, an EF title row, one .gz file, one UTF-8 file with a BOM) and adds up the hand-counted
per-stay expectations into expected.csv. The layouts and what is unverified about them: tests/dpc/LAYOUTS.md.

    python3 tests/dpc/make_handover.py            # rewrites tests/dpc/hospital_handover/

The output is deterministic (gzip without a time stamp), so re-running it must leave `git status` clean.
"""
import gzip
import os
import shutil
import sys
from datetime import date

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "hospital_handover")

# ---------------------------------------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------------------------------------
ORGANISATIONS = [
    ("code", "name_ja", "name_en", "url"),
    ("NHO", "独立行政法人国立病院機構", "National Hospital Organization", "https://nho.hosp.go.jp/quality-indicators/"),
    ("JOHAS", "独立行政法人労働者健康安全機構", "Japan Organization of Occupational Health and Safety",
     "https://www.johas.go.jp/quality-indicators/"),
]
HOSPITALS = [
    ("id", "org", "name_ja", "name_en", "region", "beds", "facility_code"),
    ("N101", "NHO", "あおば架空医療センター", "Aoba Fictional Medical Center", "北海道東北", "410", "011234567"),
    ("N102", "NHO", "こまち架空病院", "Komachi Fictional Hospital", "北海道東北", "199", "051234569"),
    ("R201", "JOHAS", "みやこ架空労災病院", "Miyako Fictional Rosai Hospital", "関東信越", "350", "131234568"),
]
FAC = {h[0]: h[6] for h in HOSPITALS[1:]}

# ---------------------------------------------------------------------------------------------------------------
# Drugs: EF carries the 9-digit receipt code; qi's lists use the YJ code. Fictional products, real YJ prefixes.
# (receipt code, YJ code, 漢字名称, カナ名称, 単位, 薬価, 剤形 1 内用 4 注射)
# ---------------------------------------------------------------------------------------------------------------
DRUGS = [
    ("620004501", "3399007H1021", "バイアスピリン錠１００ｍｇ", "ﾊﾞｲｱｽﾋﾟﾘﾝｼﾞｮｳ100MG", "錠", "5.70", "1"),
    ("620007301", "3399008F1025", "クロピドグレル錠７５ｍｇ「アオバ」", "ｸﾛﾋﾟﾄﾞｸﾞﾚﾙｼﾞｮｳ75MG", "錠", "23.50", "1"),
    ("622219801", "3399009F1024", "プラスグレル錠３．７５ｍｇ「ミヤコ」", "ﾌﾟﾗｽｸﾞﾚﾙｼﾞｮｳ3.75MG", "錠", "64.10", "1"),
    ("620000411", "3332001F1020", "ワルファリンＫ錠１ｍｇ「コマチ」", "ﾜﾙﾌｧﾘﾝKｼﾞｮｳ1MG", "錠", "9.80", "1"),
    ("640453101", "3334402G1020", "エノキサパリンＮａ皮下注キット２０００ＩＵ「アオバ」", "ｴﾉｷｻﾊﾟﾘﾝNAﾋｶﾁｭｳｷｯﾄ2000IU",
     "キット", "766.00", "4"),
    ("620005601", "3339403G1023", "フォンダパリヌクスＮａ皮下注２．５ｍｇ「ミヤコ」", "ﾌｫﾝﾀﾞﾊﾟﾘﾇｸｽNAﾋｶﾁｭｳ2.5MG",
     "筒", "1503.00", "4"),
]
# 酸化マグネシウム: a drug row whose receipt code is in no master (a laxative, used by no indicator).
UNMAPPED_DRUG = ("620999901", "酸化マグネシウム錠３３０ｍｇ「架空」")

# ---------------------------------------------------------------------------------------------------------------
# FF1 rows. r(統括, code, version, 連番, p1..p9): every payload written out.
# ---------------------------------------------------------------------------------------------------------------
V14, V24 = "20140401", "20240601"


def r(tokatsu, code, version, renban, *p):
    assert len(p) == 9, (code, p)
    return (tokatsu, code, version, str(renban)) + tuple(p)


def P(*p):
    """Pad payloads to nine with empty strings."""
    return list(p) + [""] * (9 - len(p))


def dx(code, renban, icd, byomei_code, name, tokatsu="0"):
    return r(tokatsu, code, V14, renban, *P("", icd, "", byomei_code, "", "", "", "", name))


# EF acts: a(date, データ区分, 順序番号, items, 行為回数, 行為点数, flags) where items are
# (病院点数マスタコード, レセ電コード, 解釈番号, 診療明細名称, 使用量, 基準単位, 明細点数・金額, 円・点区分).
def a(date_, kubun, seq, items, times="1", points="0", flags="000000000000", single_row=False):
    return dict(date=date_, kubun=kubun, seq=seq, items=items, times=times, points=points, flags=flags,
                single_row=single_row)


ADMIT = ("A100", "190117710", "A100", "急性期一般入院料１", "1", "", "1688", "0")
ADMIT_DPC = ("A100", "190117710", "A100", "急性期一般入院料１（ＤＰＣ包括）", "1", "", "1688", "0")
CT = ("E200", "170011810", "E200", "ＣＴ撮影（６４列以上のマルチスライス型の機器）", "1", "", "1000", "0")
REHAB = ("H001", "180027610", "H001", "脳血管疾患等リハビリテーション料（１）（廃用症候群以外）", "2", "", "245", "0")
BLOOD = ("D0183", "160059110", "D0183", "細菌培養同定検査（血液又は穿刺液）", "1", "", "190", "0")
PCI_STENT = ("K5493", "150375010", "K5493", "経皮的冠動脈ステント留置術（その他のもの）", "1", "", "24380", "0")
PCI_POBA = ("K5462", "150374910", "K5462", "経皮的冠動脈形成術（不安定狭心症に対するもの）", "1", "", "22000", "0")
STENT = ("T0001", "737250000", "", "冠動脈用ステントセット（一般型）", "1", "", "1520", "1")
ORIF = ("K0461", "150048510", "K0461", "骨折観血的手術（大腿）", "1", "", "21630", "0")
GASTRECTOMY = ("K6552", "150354410", "K6552", "腹腔鏡下胃切除術（悪性腫瘍手術）", "1", "", "64120", "0")
TKA = ("K0821", "150050910", "K0821", "人工関節置換術（膝）", "1", "", "37690", "0")
GA = ("L008", "150228810", "L008", "閉鎖循環式全身麻酔５（その他）", "1", "", "6000", "0")
VTE_FEE = ("B0016", "113006910", "B0016", "肺血栓塞栓症予防管理料", "1", "", "305", "0")


def drug(receipt, qty, unit="033"):
    """A drug detail: 基準単位 is a 3-digit unit code (033 錠 here, 059 キット・筒)."""
    name = {d[0]: d[2] for d in DRUGS}.get(receipt) or UNMAPPED_DRUG[1]
    return ("Y" + receipt[-4:], receipt, "", name, qty, unit, "0", "1")


def comment(code, text):
    return ("C" + code[-4:], code, "", text, "", "", "", "0")


MIKOMI = "001000000000"  # 行為明細区分情報: position 3 = 持参薬

# ---------------------------------------------------------------------------------------------------------------
# The stays. Each: hospital, データ識別番号, 入院年月日, 回数管理番号, 退院年月日, the FF1 rows, the EF acts,
# `flat` = the stays.csv row expected from `qi import dpc` (hand-written), `fy` = FF4's code (or None),
# `expect` = indicator -> (denominator, numerator[, exposure]) with the reason, counted by hand.
# Indicators: see indicators/*.yaml; "den" = in the denominator after exclusions.
# ---------------------------------------------------------------------------------------------------------------
STAYS = []


def stay(**kw):
    STAYS.append(kw)


# ----- N101 あおば (011234567): both quarters ------------------------------------------------------------------
stay(hosp="N101", id="0000001001", adm="20240403", kaisu="0", dis="20240420",
     ff1=[
         r("0", "A000010", V14, 0, *P("19440515", "2", "0600001")),
         r("0", "A000020", V14, 0, *P("20240403", "1", "0", "0", "309", "1", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240420", "1", "1", "0", "0")),
         r("0", "A000040", V14, 0, *P("", "280", "0")),
         r("0", "A000050", V14, 0, *P("", "1", "0", "0")),
         r("0", "A000060", V14, 0, *P("", "1", "0")),
         r("0", "A000070", V14, 0, *P("99999999", "0")),
         r("0", "A004010", V14, 0, *P("", "1")),
         dx("A006010", 0, "I634", "8843968", "アテローム血栓性脳梗塞"),
         dx("A006020", 0, "I634", "8843968", "アテローム血栓性脳梗塞"),
         dx("A006030", 0, "I634", "8843968", "アテローム血栓性脳梗塞"),
         dx("A006040", 1, "I10", "8833421", "本態性高血圧症"),
         dx("A006040", 2, "E785", "2720004", "脂質異常症"),
         r("0", "M010010", V14, 0, *P("", "0", "1")),
         r("0", "JCS0010", V14, 0, *P("", "10R")),
     ],
     ef=[a("20240403", "90", "0001", [ADMIT]), a("20240403", "70", "0002", [CT], points="1000"),
         a("20240405", "80", "0003", [REHAB, comment("830100121", "リハビリ開始日：令和６年４月５日")], points="490"),
         a("20240408", "80", "0004", [REHAB], points="490")],
     flat=dict(age=79, sex=2, emergency=1, ambulance=1, dx_main="I634", dx_trigger="I634", dx_resource="I634",
               dx_comorbid="I10;E785", outcome=1, death_24h=0, onset_days=3, jcs=10, dementia=1),
     expect={"stroke_early_rehab": (1, 1, "I634, 発症時期 1 (<=3 days), rehab H001 on day 2"),
             "readmission_6w": (1, 0, "alive; 前回退院 99999999 = first admission, no date")})

stay(hosp="N101", id="0000001002", adm="20240508", kaisu="0", dis="20240528",
     ff1=[
         r("0", "A000010", V14, 0, *P("19520210", "1", "0600042")),
         r("0", "A000020", V14, 0, *P("20240508", "1", "0", "0", "200", "0", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240528", "2", "1", "0", "0")),
         r("0", "A000040", V14, 0, *P("", "280", "0")),
         r("0", "A000070", V14, 0, *P("20240330", "1")),
         r("0", "A004010", V14, 0, *P("", "0")),
         dx("A006010", 0, "I639", "4349004", "脳梗塞"),
         dx("A006020", 0, "I639", "4349004", "脳梗塞"),
         dx("A006030", 0, "I639", "4349004", "脳梗塞"),
         dx("A006040", 1, "E119", "2500015", "２型糖尿病"),
         r("0", "M010010", V14, 0, *P("", "1", "2")),
         r("0", "JCS0010", V14, 0, *P("", "1")),
     ],
     ef=[a("20240508", "90", "0001", [ADMIT]), a("20240509", "80", "0002", [REHAB], points="490")],
     flat=dict(age=72, sex=1, emergency=1, ambulance=0, dx_main="I639", dx_trigger="I639", dx_resource="I639",
               dx_comorbid="E119", outcome=1, death_24h=0, prev_discharge="2024-03-30", onset_days=7, jcs=1,
               dementia=0),
     expect={"stroke_early_rehab": (0, 0, "発症時期 2 = 4-7 days: onset_days 7, not <= 3"),
             "readmission_6w": (1, 1, "予定外 200; 2024-03-30 -> 2024-05-08 = 39 days <= 42")})

stay(hosp="N101", id="0000001003", adm="20240602", kaisu="0", dis="20240604",
     ff1=[
         r("0", "A000010", V14, 0, *P("19370101", "1", "0600005")),
         r("0", "A000020", V14, 0, *P("20240602", "1", "0", "0", "302", "1", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240604", "8", "6", "0", "0")),
         r("0", "A000070", V14, 0, *P("99999999", "0")),
         r("0", "A001040", V24, 0, *P("", "", "0000000", "0000000", "0000000", "")),
         r("0", "A004010", V14, 0, *P("", "0")),
         r("0", "A004040", V24, 0, *P("", "0", "0")),
         r("0", "A004050", V24, 0, *P("", "1")),
         dx("A006010", 0, "I633", "8843941", "脳梗塞（心原性）"),
         dx("A006020", 0, "I633", "8843941", "脳梗塞（心原性）"),
         dx("A006030", 0, "I633", "8843941", "脳梗塞（心原性）"),
         r("0", "M010010", V14, 0, *P("", "0", "1")),
         r("0", "JCS0010", V14, 0, *P("", "200")),
     ],
     ef=[a("20240602", "90", "0001", [ADMIT]), a("20240602", "70", "0002", [CT], points="1000")],
     flat=dict(age=87, sex=1, emergency=1, ambulance=1, dx_main="I633", dx_trigger="I633", dx_resource="I633",
               outcome=6, death_24h=0, onset_days=3, jcs=200, dementia=0, falls=0, falls_3b=0, restraint_days=1,
               pressure_ulcer=0),
     expect={"stroke_early_rehab": (0, 0, "in the denominator, excluded died_within_4_days (転帰 6, los 2)"),
             "readmission_6w": (0, 0, "excluded: died"),
             "falls_rate": (1, 0, 2, "June discharge, A004040 0; los 2"),
             "pressure_ulcer_incidence": (1, 0, "los 2, A001040 all d0")})

stay(hosp="N101", id="0000001004", adm="20240610", kaisu="0", dis="20240611",
     ff1=[
         r("0", "A000010", V14, 0, *P("19580909", "1", "0600011")),
         r("0", "A000020", V14, 0, *P("20240610", "1", "1", "0", "309", "1", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240611", "4", "4", "0", "0")),
         r("0", "A000070", V14, 0, *P("99999999", "0")),
         r("0", "A004040", V24, 0, *P("", "1", "0")),
         r("0", "A004050", V24, 0, *P("", "0")),
         dx("A006010", 0, "I634", "8843968", "アテローム血栓性脳梗塞"),
         dx("A006020", 0, "I634", "8843968", "アテローム血栓性脳梗塞"),
         dx("A006030", 0, "I634", "8843968", "アテローム血栓性脳梗塞"),
         r("0", "M010010", V14, 0, *P("", "0", "1")),
         r("0", "JCS0010", V14, 0, *P("", "3")),
     ],
     ef=[a("20240610", "90", "0001", [ADMIT]), a("20240611", "80", "0002", [REHAB], points="490")],
     flat=dict(age=65, sex=1, emergency=1, ambulance=1, dx_main="I634", dx_trigger="I634", dx_resource="I634",
               outcome=4, death_24h=0, onset_days=3, jcs=3, falls=1, falls_3b=0, restraint_days=0),
     expect={"stroke_early_rehab": (0, 0, "excluded discharged_alive_next_day (los 1, 転帰 4)"),
             "readmission_6w": (1, 0, "first admission"),
             "falls_rate": (1, 1, 1, "one fall; los 1"),
             "pressure_ulcer_incidence": (0, 0, "no A001040: pressure_ulcer missing")})

# Spans April and May: EF rows in EFn_2404 (退院年月日 00000000) and EFn_2405. 行為回数 2 on one row on day 0.
stay(hosp="N101", id="0000001005", adm="20240412", kaisu="0", dis="20240502",
     ff1=[
         r("0", "A000010", V14, 0, *P("19411120", "2", "0600023")),
         r("0", "A000020", V14, 0, *P("20240412", "5", "0", "0", "200", "1", "1", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240502", "5", "1", "0", "1")),
         r("0", "A000070", V14, 0, *P("00000000", "0")),
         r("0", "A004010", V14, 0, *P("", "3")),
         dx("A006010", 0, "J189", "4860004", "肺炎"),
         dx("A006020", 0, "J189", "4860004", "肺炎"),
         dx("A006030", 0, "J189", "4860004", "肺炎"),
         dx("A006040", 1, "F03", "2900004", "認知症"),
         dx("A006040", 2, "I10", "8833421", "本態性高血圧症"),
     ],
     ef=[a("20240412", "90", "0001", [ADMIT]),
         a("20240412", "60", "0002", [BLOOD], times="2", points="190"),
         a("20240415", "60", "0003", [BLOOD], times="1", points="190"),
         a("20240416", "21", "0004", [drug(UNMAPPED_DRUG[0], "3")], times="7", points="2"),
         a("20240501", "90", "0005", [ADMIT])],
     flat=dict(age=82, sex=2, emergency=1, ambulance=1, dx_main="J189", dx_trigger="J189", dx_resource="J189",
               dx_comorbid="F03;I10", outcome=1, death_24h=0, dementia=1),
     expect={"blood_culture_two_sets": (2, 1, "days 0 (one row, 行為回数 2 = two sets) and 3 (one set)"),
             "readmission_6w": (1, 0, "前回退院 00000000 = unknown")})

# Two blood-culture rows (two acts) on days 0 and 7, one on day 1.
stay(hosp="N101", id="0000001006", adm="20240614", kaisu="0", dis="20240630",
     ff1=[
         r("0", "A000010", V14, 0, *P("19570303", "1", "0600031")),
         r("0", "A000020", V14, 0, *P("20240614", "1", "0", "1", "200", "0", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240630", "1", "1", "0", "0")),
         r("0", "A000070", V14, 0, *P("20240510", "0")),
         r("0", "A001040", V24, 0, *P("", "", "0000000", "1000000", "2100000", "20240620")),
         r("0", "A004010", V14, 0, *P("", "2")),
         r("0", "A004040", V24, 0, *P("", "0", "0")),
         r("0", "A004050", V24, 0, *P("", "0")),
         dx("A006010", 0, "A419", "0389003", "敗血症"),
         dx("A006020", 0, "A419", "0389003", "敗血症"),
         dx("A006030", 0, "A419", "0389003", "敗血症"),
         dx("A006040", 1, "E119", "2500015", "２型糖尿病"),
     ],
     ef=[a("20240614", "90", "0001", [ADMIT]),
         a("20240614", "60", "0003", [BLOOD], points="190"),
         a("20240614", "60", "0004", [BLOOD], points="190"),
         a("20240615", "60", "0005", [BLOOD], points="190"),
         a("20240621", "60", "0006", [BLOOD], points="190"),
         a("20240621", "60", "0007", [BLOOD], points="190")],
     flat=dict(age=67, sex=1, emergency=1, ambulance=0, dx_main="A419", dx_trigger="A419", dx_resource="A419",
               dx_comorbid="E119", outcome=1, death_24h=0, prev_discharge="2024-05-10", dementia=1, falls=0,
               falls_3b=0, restraint_days=0, pressure_ulcer=1),
     expect={"blood_culture_two_sets": (3, 2, "days 0 and 7 two rows each, day 1 one row"),
             "readmission_6w": (1, 1, "予定外 200; 2024-05-10 -> 2024-06-14 = 35 days"),
             "falls_rate": (1, 0, 16, "no fall; los 16"),
             "pressure_ulcer_incidence": (1, 1, "admission d0, worst d2 on 06-20")})

# AMI with PCI on day 0, aspirin and clopidogrel on day 0, and the patient's own aspirin (持参薬).
stay(hosp="N101", id="0000001007", adm="20240422", kaisu="0", dis="20240501",
     ff1=[
         r("0", "A000010", V14, 0, *P("19600707", "1", "0600044")),
         r("0", "A000020", V14, 0, *P("20240422", "1", "0", "0", "309", "1", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240501", "1", "1", "0", "0")),
         r("0", "A000070", V14, 0, *P("99999999", "0")),
         dx("A006010", 0, "I214", "4109010", "急性心内膜下梗塞"),
         dx("A006020", 0, "I214", "4109010", "急性心内膜下梗塞"),
         dx("A006030", 0, "I214", "4109010", "急性心内膜下梗塞"),
         dx("A006040", 1, "E785", "2720004", "脂質異常症"),
         r("0", "A007010", V14, 1, *P("20240422", "K5493", "", "1", "0", "9", "0", "", "経皮的冠動脈ステント留置術")),
         r("0", "M050030", V14, 0, *P("", "2")),
     ],
     ef=[a("20240422", "90", "0001", [ADMIT]),
         a("20240422", "50", "0002", [PCI_STENT, STENT], points="25900"),
         a("20240422", "21", "0003", [drug("620004501", "1")], points="1"),
         a("20240422", "21", "0004", [drug("620007301", "4")], points="9"),
         a("20240422", "21", "0005", [drug("620004501", "1")], points="0", flags=MIKOMI),
         a("20240501", "90", "0006", [ADMIT])],
     flat=dict(age=63, sex=1, emergency=1, ambulance=1, dx_main="I214", dx_trigger="I214", dx_resource="I214",
               dx_comorbid="E785", outcome=1, death_24h=0, killip=2),
     expect={"pci_dapt": (1, 1, "I214, K5493 day 0; aspirin and clopidogrel day 0"),
             "readmission_6w": (1, 0, "first admission")})

# ----- N101, FY2024Q2
stay(hosp="N101", id="0000001008", adm="20240709", kaisu="0", dis="20240712",
     ff1=[
         r("0", "A000010", V14, 0, *P("19490830", "2", "0600051")),
         r("0", "A000020", V14, 0, *P("20240709", "1", "1", "1", "100", "0", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240712", "1", "1", "0", "0")),
         r("0", "A000070", V14, 0, *P("20240601", "1")),
         r("0", "A001040", V24, 0, *P("", "", "0000000", "0000000", "0000000", "")),
         r("0", "A004040", V24, 0, *P("", "0", "0")),
         r("0", "A004050", V24, 0, *P("", "0")),
         dx("A006010", 0, "I200", "4111006", "不安定狭心症"),
         dx("A006020", 0, "I200", "4111006", "不安定狭心症"),
         dx("A006030", 0, "I200", "4111006", "不安定狭心症"),
         r("0", "A007010", V14, 1, *P("20240710", "K5462", "", "1", "0", "9", "0", "", "経皮的冠動脈形成術")),
     ],
     ef=[a("20240709", "90", "0001", [ADMIT]),
         a("20240709", "21", "0002", [drug("620004501", "1")], points="1"),
         a("20240710", "50", "0003", [PCI_POBA], points="22000"),
         a("20240711", "21", "0004", [drug("622219801", "1")], points="6")],
     flat=dict(age=74, sex=2, emergency=0, ambulance=0, dx_main="I200", dx_trigger="I200", dx_resource="I200",
               outcome=1, death_24h=0, prev_discharge="2024-06-01", falls=0, falls_3b=0, restraint_days=0,
               pressure_ulcer=0),
     expect={"pci_dapt": (1, 0, "PCI day 1; aspirin day 0 but prasugrel only on day 2"),
             "readmission_6w": (1, 0, "38 days but 予定入院 100"),
             "falls_rate": (1, 0, 3, "los 3"),
             "pressure_ulcer_incidence": (1, 0, "los 3, all d0")})

stay(hosp="N101", id="0000001009", adm="20240805", kaisu="0", dis="20240809",
     ff1=[
         r("0", "A000010", V14, 0, *P("19450412", "1", "0600063")),
         r("0", "A000020", V14, 0, *P("20240805", "1", "1", "1", "100", "0", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240809", "1", "1", "0", "0")),
         r("0", "A000070", V14, 0, *P("99999999", "0")),
         r("0", "A004040", V24, 0, *P("", "0", "0")),
         r("0", "A004050", V24, 0, *P("", "0")),
         dx("A006010", 0, "I251", "4140006", "陳旧性心筋梗塞"),
         dx("A006020", 0, "I251", "4140006", "陳旧性心筋梗塞"),
         dx("A006030", 0, "I251", "4140006", "陳旧性心筋梗塞"),
         dx("A006040", 1, "I480", "4273006", "発作性心房細動"),
         r("0", "A007010", V14, 1, *P("20240806", "K5493", "", "1", "0", "9", "0", "", "経皮的冠動脈ステント留置術")),
     ],
     ef=[a("20240805", "90", "0001", [ADMIT]),
         a("20240805", "21", "0002", [drug("620000411", "3")], points="3"),
         a("20240805", "21", "0003", [drug("620004501", "1")], points="1"),
         a("20240805", "21", "0004", [drug("620007301", "1")], points="2"),
         a("20240806", "50", "0005", [PCI_STENT, STENT], points="25900")],
     flat=dict(age=79, sex=1, emergency=0, ambulance=0, dx_main="I251", dx_trigger="I251", dx_resource="I251",
               dx_comorbid="I480", outcome=1, death_24h=0, falls=0, falls_3b=0, restraint_days=0),
     expect={"pci_dapt": (0, 0, "excluded oral_anticoagulant: warfarin day 0 <= PCI day 1"),
             "readmission_6w": (1, 0, "first admission"),
             "falls_rate": (1, 0, 4, "los 4")})

# Spans July and August; K0461 on day 2, enoxaparin on day 3; a pressure ulcer D3 from d1.
stay(hosp="N101", id="0000001010", adm="20240715", kaisu="0", dis="20240810",
     ff1=[
         r("0", "A000010", V14, 0, *P("19400101", "2", "0600072")),
         r("0", "A000020", V14, 0, *P("20240715", "1", "0", "0", "308", "1", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240810", "4", "1", "0", "0")),
         r("0", "A000070", V14, 0, *P("20240620", "0")),
         r("0", "A001040", V24, 0, *P("", "", "1000000", "2000000", "3200000", "20240801")),
         r("0", "A004010", V14, 0, *P("", "2")),
         r("0", "A004040", V24, 0, *P("", "2", "1")),
         r("0", "A004050", V24, 0, *P("", "3")),
         dx("A006010", 0, "S7200", "8206010", "大腿骨頚部骨折"),
         dx("A006020", 0, "S7200", "8206010", "大腿骨頚部骨折"),
         dx("A006030", 0, "S7200", "8206010", "大腿骨頚部骨折"),
         dx("A006040", 1, "M8190", "7330015", "骨粗鬆症"),
         dx("A006050", 1, "L891", "7070010", "褥瘡"),
         r("0", "A007010", V14, 1, *P("20240717", "K0461", "", "1", "2", "1", "1", "", "骨折観血的手術（大腿）")),
     ],
     ef=[a("20240715", "90", "0001", [ADMIT]),
         a("20240717", "50", "0002", [ORIF], points="21630"),
         a("20240717", "54", "0003", [GA], points="6000"),
         a("20240718", "31", "0004", [drug("640453101", "1", "059")], points="77"),
         a("20240801", "90", "0005", [ADMIT])],
     flat=dict(age=84, sex=2, emergency=1, ambulance=1, dx_main="S7200", dx_trigger="S7200", dx_resource="S7200",
               dx_comorbid="M8190", dx_complication="L891", outcome=1, death_24h=0, prev_discharge="2024-06-20",
               dementia=1, falls=2, falls_3b=1, restraint_days=3, pressure_ulcer=1),
     expect={"vte_prophylaxis": (1, 1, "84, K0461; enoxaparin (3334) day 3"),
             "readmission_6w": (1, 1, "救急 308; 2024-06-20 -> 2024-07-15 = 25 days"),
             "falls_rate": (1, 2, 26, "two falls; los 26"),
             "pressure_ulcer_incidence": (1, 1, "d1 at admission, worst D3; L891 is a complication, not a comorbidity")})

stay(hosp="N101", id="0000001011", adm="20240819", kaisu="0", dis="20240830",
     ff1=[
         r("0", "A000010", V14, 0, *P("19660102", "1", "0600083")),
         r("0", "A000020", V14, 0, *P("20240819", "1", "1", "1", "200", "0", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240830", "1", "1", "0", "0")),
         r("0", "A000070", V14, 0, *P("20240707", "0")),
         r("0", "A004040", V24, 0, *P("", "0", "0")),
         r("0", "A004050", V24, 0, *P("", "0")),
         dx("A006010", 0, "C162", "1510006", "胃体部癌"),
         dx("A006020", 0, "C162", "1510006", "胃体部癌"),
         dx("A006030", 0, "C162", "1510006", "胃体部癌"),
         r("0", "A007010", V14, 1, *P("20240821", "K6552", "", "1", "0", "1", "1", "", "腹腔鏡下胃切除術")),
         r("0", "CAN0010", V14, 0, *P("", "", "0")),
         r("0", "CAN0020", V14, 0, *P("", "", "2", "0", "0", "8")),
         r("0", "CAN0030", V14, 0, *P("", "", "2A")),
     ],
     ef=[a("20240819", "90", "0001", [ADMIT]),
         a("20240821", "50", "0002", [GASTRECTOMY, comment("810000001", "手術開始　１０時０５分")], points="64120"),
         a("20240821", "54", "0003", [GA], points="6000")],
     flat=dict(age=58, sex=1, emergency=1, ambulance=0, dx_main="C162", dx_trigger="C162", dx_resource="C162",
               outcome=1, death_24h=0, prev_discharge="2024-07-07", cancer_stage=2, falls=0, falls_3b=0,
               restraint_days=0),
     expect={"vte_prophylaxis": (1, 0, "58, K6552 (K655*); no fee, no anticoagulant"),
             "readmission_6w": (1, 0, "予定外 200 but 2024-07-07 -> 2024-08-19 = 43 days > 42"),
             "falls_rate": (1, 0, 11, "los 11")})

stay(hosp="N101", id="0000001012", adm="20240902", kaisu="0", dis="20240920",
     ff1=[
         r("0", "A000010", V14, 0, *P("19480225", "2", "0600094")),
         r("0", "A000020", V14, 0, *P("20240902", "1", "1", "1", "100", "0", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240920", "1", "1", "0", "0")),
         r("0", "A000070", V14, 0, *P("99999999", "0")),
         r("0", "A004040", V24, 0, *P("", "1", "0")),
         r("0", "A004050", V24, 0, *P("", "0")),
         dx("A006010", 0, "M170", "7150029", "両側性原発性膝関節症"),
         dx("A006020", 0, "M170", "7150029", "両側性原発性膝関節症"),
         dx("A006030", 0, "M170", "7150029", "両側性原発性膝関節症"),
         r("0", "A007010", V14, 1, *P("20240903", "K0821", "", "1", "1", "1", "1", "", "人工関節置換術（膝）")),
     ],
     ef=[a("20240902", "90", "0001", [ADMIT]),
         a("20240903", "50", "0002", [TKA], points="37690"),
         a("20240903", "54", "0003", [GA], points="6000"),
         a("20240903", "13", "0004", [VTE_FEE], points="305")],
     flat=dict(age=76, sex=2, emergency=0, ambulance=0, dx_main="M170", dx_trigger="M170", dx_resource="M170",
               outcome=1, death_24h=0, falls=1, falls_3b=0, restraint_days=0),
     expect={"vte_prophylaxis": (1, 1, "76, K0821; 肺血栓塞栓症予防管理料 113006910 day 1"),
             "readmission_6w": (1, 0, "first admission"),
             "falls_rate": (1, 1, 18, "one fall; los 18")})

# Child segment: parent 様式1 (統括 0) and a ward-group segment (統括 1, A000031) whose items differ.
stay(hosp="N101", id="0000001013", adm="20240720", kaisu="0", dis="20240825",
     ff1=[
         r("0", "A000010", V14, 0, *P("19360606", "2", "0600105")),
         r("0", "A000020", V14, 0, *P("20240720", "5", "1", "0", "334", "1", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240825", "8", "6", "0", "0")),
         r("0", "A000070", V14, 0, *P("99999999", "0")),
         r("0", "A001040", V24, 0, *P("", "", "1000000", "1000000", "1000000", "")),
         r("0", "A004010", V14, 0, *P("", "3")),
         r("0", "A004040", V24, 0, *P("", "1", "1")),
         r("0", "A004050", V24, 0, *P("", "5")),
         dx("A006010", 0, "I500", "4280009", "うっ血性心不全"),
         dx("A006020", 0, "I500", "4280009", "うっ血性心不全"),
         dx("A006030", 0, "I500", "4280009", "うっ血性心不全"),
         dx("A006040", 1, "N183", "5859004", "慢性腎臓病ステージＧ３"),
         r("0", "M050011", V24, 0, *P("", "", "4", "4")),
         r("1", "A000031", V14, 0, *P("20240805", "20240825")),
         dx("A006010", 0, "J189", "4860004", "肺炎", tokatsu="1"),
         dx("A006030", 0, "J189", "4860004", "肺炎", tokatsu="1"),
         r("1", "A001040", V24, 0, *P("", "", "1000000", "2000000", "2000000", "20240820")),
         r("1", "A004040", V24, 0, *P("", "3", "2")),
         r("1", "A004050", V24, 0, *P("", "9")),
     ],
     ef=[a("20240720", "90", "0001", [ADMIT]), a("20240805", "92", "0002", [ADMIT_DPC]),
         a("20240824", "90", "0003", [ADMIT])],
     flat=dict(age=88, sex=2, emergency=1, ambulance=1, dx_main="I500", dx_trigger="I500", dx_resource="I500",
               dx_comorbid="N183", outcome=6, death_24h=0, dementia=1, falls=1, falls_3b=1, restraint_days=5,
               pressure_ulcer=0),
     expect={"hf_mortality": (1, 1, "parent I500 (the child's J189 does not count), 88, 転帰 6"),
             "readmission_6w": (0, 0, "excluded: died"),
             "falls_rate": (1, 1, 36, "parent A004040 1 (the child's 3 does not count); los 36"),
             "pressure_ulcer_incidence": (1, 0, "parent A001040 d1 throughout (the child's d2 does not count)")})

# HF with an AMI comorbidity (excluded), discharged in May: NYHA as the 2023 table's M050010.
stay(hosp="N101", id="0000001014", adm="20240513", kaisu="0", dis="20240525",
     ff1=[
         r("0", "A000010", V14, 0, *P("19510808", "1", "0600116")),
         r("0", "A000020", V14, 0, *P("20240513", "1", "0", "1", "324", "1", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240525", "1", "1", "0", "0")),
         r("0", "A000070", V14, 0, *P("20240401", "0")),
         dx("A006010", 0, "I500", "4280009", "うっ血性心不全"),
         dx("A006020", 0, "I500", "4280009", "うっ血性心不全"),
         dx("A006030", 0, "I500", "4280009", "うっ血性心不全"),
         dx("A006040", 1, "I214", "4109010", "急性心内膜下梗塞"),
         dx("A006040", 2, "E119", "2500015", "２型糖尿病"),
         r("0", "M050010", V14, 0, *P("", "3")),
     ],
     ef=[a("20240513", "90", "0001", [ADMIT])],
     flat=dict(age=72, sex=1, emergency=1, ambulance=1, dx_main="I500", dx_trigger="I500", dx_resource="I500",
               dx_comorbid="I214;E119", outcome=1, death_24h=0, prev_discharge="2024-04-01"),
     expect={"hf_mortality": (0, 0, "excluded acute_myocardial_infarction: I214 comorbidity"),
             "readmission_6w": (1, 1, "救急 324; 2024-04-01 -> 2024-05-13 = 42 days, the limit")})

# Two admissions on one day (回数管理番号 0 and 1); the one EF row for that day matches both.
stay(hosp="N101", id="0000001031", adm="20240910", kaisu="0", dis="20240910",
     ff1=[
         r("0", "A000010", V14, 0, *P("19700315", "1", "0600127")),
         r("0", "A000020", V14, 0, *P("20240910", "1", "0", "0", "200", "1", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240910", "1", "9", "0", "0")),
         r("0", "A000070", V14, 0, *P("99999999", "0")),
         r("0", "A004040", V24, 0, *P("", "0", "0")),
         r("0", "A004050", V24, 0, *P("", "0")),
         dx("A006010", 0, "R55", "7802002", "失神"),
         dx("A006020", 0, "R55", "7802002", "失神"),
         dx("A006030", 0, "R55", "7802002", "失神"),
     ],
     ef=[a("20240910", "90", "0001", [ADMIT], single_row=True)],
     flat=dict(age=54, sex=1, emergency=1, ambulance=1, dx_main="R55", dx_trigger="R55", dx_resource="R55",
               outcome=9, death_24h=0, falls=0, falls_3b=0, restraint_days=0),
     expect={"readmission_6w": (1, 0, "first admission"),
             "falls_rate": (1, 0, 0, "los 0")})
stay(hosp="N101", id="0000001031", adm="20240910", kaisu="1", dis="20240918",
     ff1=[
         r("0", "A000010", V14, 0, *P("19700315", "1", "0600127")),
         r("0", "A000020", V14, 0, *P("20240910", "1", "0", "0", "200", "1", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240918", "1", "1", "0", "0")),
         r("0", "A000070", V14, 0, *P("20240910", "0")),
         r("0", "A004040", V24, 0, *P("", "0", "0")),
         r("0", "A004050", V24, 0, *P("", "0")),
         dx("A006010", 0, "I480", "4273006", "発作性心房細動"),
         dx("A006020", 0, "I480", "4273006", "発作性心房細動"),
         dx("A006030", 0, "I480", "4273006", "発作性心房細動"),
     ],
     ef=[],  # its EF rows carry 入院年月日 20240910 too: the row above is the ambiguous one
     flat=dict(age=54, sex=1, emergency=1, ambulance=1, dx_main="I480", dx_trigger="I480", dx_resource="I480",
               outcome=1, death_24h=0, prev_discharge="2024-09-10", falls=0, falls_3b=0, restraint_days=0),
     expect={"readmission_6w": (1, 1, "予定外 200, readmitted the day of the previous discharge: 0 days"),
             "falls_rate": (1, 0, 8, "los 8")})

# ----- N102 こまち (051234569): FY2024Q1 only; no discharge in FY2024Q2 (FF1_2407 holds the header row alone)
stay(hosp="N102", id="0000002001", adm="20240426", kaisu="0", dis="20240515",
     ff1=[
         r("0", "A000010", V14, 0, *P("19390920", "2", "0100001")),
         r("0", "A000020", V14, 0, *P("20240426", "1", "0", "0", "309", "1", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240515", "1", "1", "0", "0")),
         r("0", "A000070", V14, 0, *P("99999999", "0")),
         r("0", "A004010", V14, 0, *P("", "0")),
         dx("A006010", 0, "I639", "4349004", "脳梗塞"),
         dx("A006020", 0, "I639", "4349004", "脳梗塞"),
         dx("A006030", 0, "I639", "4349004", "脳梗塞"),
         dx("A006040", 1, "I10", "8833421", "本態性高血圧症"),
         r("0", "M010010", V14, 0, *P("", "1", "1")),
         r("0", "JCS0010", V14, 0, *P("", "0")),
         r("0", "Z999999", V24, 0, *P("", "1")),
     ],
     ef=[a("20240426", "90", "0001", [ADMIT]),
         a("20240430", "80", "0002", [REHAB], points="490"),
         a("20240502", "80", "0003", [REHAB], points="490")],
     flat=dict(age=84, sex=2, emergency=1, ambulance=1, dx_main="I639", dx_trigger="I639", dx_resource="I639",
               dx_comorbid="I10", outcome=1, death_24h=0, onset_days=3, jcs=0, dementia=0),
     expect={"stroke_early_rehab": (1, 0, "first rehab on day 4, outside days 0-3"),
             "readmission_6w": (1, 0, "first admission")})

stay(hosp="N102", id="0000002002", adm="20240605", kaisu="0", dis="20240625",
     ff1=[
         r("0", "A000010", V14, 0, *P("19500505", "1", "0100012")),
         r("0", "A000020", V14, 0, *P("20240605", "1", "0", "0", "200", "0", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240625", "1", "1", "0", "0")),
         r("0", "A000070", V14, 0, *P("00000000", "0")),
         r("0", "A001040", V24, 0, *P("", "", "2000000", "2000000", "2000000", "20240605")),
         r("0", "A004040", V24, 0, *P("", "0", "0")),
         r("0", "A004050", V24, 0, *P("", "0")),
         dx("A006010", 0, "I634", "8843968", "アテローム血栓性脳梗塞"),
         dx("A006020", 0, "I634", "8843968", "アテローム血栓性脳梗塞"),
         dx("A006030", 0, "I634", "8843968", "アテローム血栓性脳梗塞"),
         dx("A006040", 1, "L890", "7070010", "褥瘡"),
         r("0", "M010010", V14, 0, *P("", "2", "1")),
         r("0", "JCS0010", V14, 0, *P("", "1")),
     ],
     ef=[a("20240605", "90", "0001", [ADMIT]), a("20240608", "80", "0002", [REHAB], points="490")],
     flat=dict(age=74, sex=1, emergency=1, ambulance=0, dx_main="I634", dx_trigger="I634", dx_resource="I634",
               dx_comorbid="L890", outcome=1, death_24h=0, onset_days=3, jcs=1, falls=0, falls_3b=0,
               restraint_days=0, pressure_ulcer=0),
     expect={"stroke_early_rehab": (1, 1, "rehab day 3"),
             "readmission_6w": (1, 0, "前回退院 00000000"),
             "falls_rate": (1, 0, 20, "los 20"),
             "pressure_ulcer_incidence": (0, 0, "excluded present_on_admission: L890 comorbidity (d2 on admission)")})

stay(hosp="N102", id="0000002003", adm="20240520", kaisu="0", dis="20240521",
     ff1=[
         r("0", "A000010", V14, 0, *P("19790202", "1", "0100023")),
         r("0", "A000020", V14, 0, *P("20240520", "1", "0", "0", "334", "1", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240521", "8", "7", "1", "0")),
         r("0", "A000070", V14, 0, *P("99999999", "0")),
         dx("A006010", 0, "I500", "4280009", "うっ血性心不全"),
         dx("A006020", 0, "I500", "4280009", "うっ血性心不全"),
         dx("A006030", 0, "I500", "4280009", "うっ血性心不全"),
         r("0", "JCS0010", V14, 0, *P("", "100")),
     ],
     ef=[a("20240520", "90", "0001", [ADMIT])],
     flat=dict(age=45, sex=1, emergency=1, ambulance=1, dx_main="I500", dx_trigger="I500", dx_resource="I500",
               outcome=7, death_24h=1, jcs=100),
     expect={"hf_mortality": (1, 1, "45, I500, 転帰 7"),
             "readmission_6w": (0, 0, "excluded: died")})

stay(hosp="N102", id="0000002004", adm="20240601", kaisu="0", dis="20240618",
     ff1=[
         r("0", "A000010", V14, 0, *P("19321010", "2", "0100034")),
         r("0", "A000020", V14, 0, *P("20240601", "5", "0", "0", "334", "1", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240618", "5", "1", "0", "0")),
         r("0", "A000070", V14, 0, *P("20240520", "0")),
         r("0", "A001040", V24, 0, *P("", "", "0000000", "0000000", "0000000", "")),
         r("0", "A004010", V14, 0, *P("", "4")),
         r("0", "A004040", V24, 0, *P("", "0", "0")),
         r("0", "A004050", V24, 0, *P("", "2")),
         dx("A006010", 0, "I509", "4289003", "心不全"),
         dx("A006020", 0, "I509", "4289003", "心不全"),
         dx("A006030", 0, "I509", "4289003", "心不全"),
         dx("A006040", 1, "E119", "2500015", "２型糖尿病"),
         dx("A006050", 1, "I219", "4109007", "急性心筋梗塞"),
         r("0", "M050011", V24, 0, *P("", "", "3", "3")),
     ],
     ef=[a("20240601", "90", "0001", [ADMIT])],
     flat=dict(age=91, sex=2, emergency=1, ambulance=1, dx_main="I509", dx_trigger="I509", dx_resource="I509",
               dx_comorbid="E119", dx_complication="I219", outcome=1, death_24h=0, prev_discharge="2024-05-20",
               dementia=1, falls=0, falls_3b=0, restraint_days=2, pressure_ulcer=0),
     expect={"hf_mortality": (1, 0, "I509, 91; I219 is a complication, which any_dx() does not look at"),
             "readmission_6w": (1, 1, "救急 334; 2024-05-20 -> 2024-06-01 = 12 days"),
             "falls_rate": (1, 0, 17, "los 17"),
             "pressure_ulcer_incidence": (1, 0, "all d0")})

stay(hosp="N102", id="0000002005", adm="20240620", kaisu="0", dis="20240627",
     ff1=[
         r("0", "A000010", V14, 0, *P("20140101", "1", "0100045")),
         r("0", "A000020", V14, 0, *P("20240620", "1", "1", "0", "200", "0", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240627", "1", "1", "0", "0")),
         r("0", "A000070", V14, 0, *P("99999999", "0")),
         r("0", "A004040", V24, 0, *P("", "0", "0")),
         r("0", "A004050", V24, 0, *P("", "0")),
         dx("A006010", 0, "J181", "4859003", "大葉性肺炎"),
         dx("A006020", 0, "J181", "4859003", "大葉性肺炎"),
         dx("A006030", 0, "J181", "4859003", "大葉性肺炎"),
     ],
     ef=[a("20240620", "90", "0001", [ADMIT]), a("20240620", "60", "0002", [BLOOD], times="2", points="190")],
     flat=dict(age=10, sex=1, emergency=1, ambulance=0, dx_main="J181", dx_trigger="J181", dx_resource="J181",
               outcome=1, death_24h=0, falls=0, falls_3b=0, restraint_days=0),
     expect={"blood_culture_two_sets": (0, 0, "age 10 < 15"),
             "readmission_6w": (1, 0, "first admission"),
             "falls_rate": (1, 0, 7, "los 7")})

# ----- R201 みやこ (131234568): both quarters; hands over 様式4 (FF4)
stay(hosp="R201", id="0000003001", adm="20240502", kaisu="0", dis="20240520", ff4="0",
     ff1=[
         r("0", "A000010", V14, 0, *P("19380404", "1", "1200001")),
         r("0", "A000020", V14, 0, *P("20240502", "5", "0", "0", "200", "1", "1", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240520", "5", "1", "0", "1")),
         r("0", "A000070", V14, 0, *P("20240410", "1")),
         r("0", "A004010", V14, 0, *P("", "2")),
         dx("A006010", 0, "J690", "5070002", "誤嚥性肺炎"),
         dx("A006020", 0, "J690", "5070002", "誤嚥性肺炎"),
         dx("A006030", 0, "J690", "5070002", "誤嚥性肺炎"),
         dx("A006040", 1, "G20", "3320006", "パーキンソン病"),
     ],
     ef=[a("20240502", "90", "0001", [ADMIT])],
     flat=dict(age=86, sex=1, emergency=1, ambulance=1, dx_main="J690", dx_trigger="J690", dx_resource="J690",
               dx_comorbid="G20", outcome=1, death_24h=0, prev_discharge="2024-04-10", dementia=1, insurance=1),
     expect={"aspiration_pneumonia_readmission_30d": (1, 1, "J690, 予定外 200, 医科保険のみ; 22 days <= 30"),
             "readmission_6w": (1, 1, "2024-04-10 -> 2024-05-02 = 22 days")})

stay(hosp="R201", id="0000003002", adm="20240603", kaisu="0", dis="20240619", ff4="0",
     ff1=[
         r("0", "A000010", V14, 0, *P("19330303", "2", "1200012")),
         r("0", "A000020", V14, 0, *P("20240603", "1", "0", "0", "301", "1", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240619", "1", "1", "0", "0")),
         r("0", "A000070", V14, 0, *P("20240301", "1")),
         r("0", "A004010", V14, 0, *P("", "5")),
         r("0", "A004040", V24, 0, *P("", "0", "0")),
         r("0", "A004050", V24, 0, *P("", "4")),
         dx("A006010", 0, "J690", "5070002", "誤嚥性肺炎"),
         dx("A006020", 0, "J690", "5070002", "誤嚥性肺炎"),
         dx("A006030", 0, "J690", "5070002", "誤嚥性肺炎"),
     ],
     ef=[a("20240603", "90", "0001", [ADMIT])],
     flat=dict(age=91, sex=2, emergency=1, ambulance=1, dx_main="J690", dx_trigger="J690", dx_resource="J690",
               outcome=1, death_24h=0, prev_discharge="2024-03-01", dementia=1, insurance=1, falls=0, falls_3b=0,
               restraint_days=4),
     expect={"aspiration_pneumonia_readmission_30d": (1, 0, "2024-03-01 -> 2024-06-03 = 94 days"),
             "readmission_6w": (1, 0, "94 days"),
             "falls_rate": (1, 0, 16, "los 16")})

stay(hosp="R201", id="0000003003", adm="20240620", kaisu="0", dis="20240705", ff4="3",
     ff1=[
         r("0", "A000010", V14, 0, *P("19600606", "1", "1200023")),
         r("0", "A000020", V14, 0, *P("20240620", "1", "0", "0", "301", "1", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240705", "1", "1", "0", "0")),
         r("0", "A000070", V14, 0, *P("20240610", "1")),
         r("0", "A004010", V14, 0, *P("", "0")),
         r("0", "A004040", V24, 0, *P("", "0", "0")),
         r("0", "A004050", V24, 0, *P("", "0")),
         dx("A006010", 0, "J690", "5070002", "誤嚥性肺炎"),
         dx("A006020", 0, "J690", "5070002", "誤嚥性肺炎"),
         dx("A006030", 0, "J690", "5070002", "誤嚥性肺炎"),
     ],
     ef=[a("20240620", "90", "0001", [ADMIT]), a("20240701", "90", "0002", [ADMIT])],
     flat=dict(age=64, sex=1, emergency=1, ambulance=1, dx_main="J690", dx_trigger="J690", dx_resource="J690",
               outcome=1, death_24h=0, prev_discharge="2024-06-10", dementia=0, insurance=0, falls=0, falls_3b=0,
               restraint_days=0),
     expect={"aspiration_pneumonia_readmission_30d": (0, 0, "excluded non_insured: 様式4 says 自費"),
             "readmission_6w": (1, 1, "救急 301; 2024-06-10 -> 2024-06-20 = 10 days (no insurance exclusion here)"),
             "falls_rate": (1, 0, 15, "July discharge; los 15")})

stay(hosp="R201", id="0000003004", adm="20240722", kaisu="0", dis="20240814", ff4="1",
     ff1=[
         r("0", "A000010", V14, 0, *P("19690101", "1", "1200034")),
         r("0", "A000020", V14, 0, *P("20240722", "1", "0", "0", "308", "1", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240814", "1", "1", "0", "0")),
         r("0", "A000070", V14, 0, *P("99999999", "0")),
         r("0", "A001040", V24, 0, *P("", "", "0000000", "1000000", "4100000", "20240805")),
         r("0", "A004040", V24, 0, *P("", "1", "1")),
         r("0", "A004050", V24, 0, *P("", "0")),
         dx("A006010", 0, "S7200", "8206010", "大腿骨頚部骨折"),
         dx("A006020", 0, "S7200", "8206010", "大腿骨頚部骨折"),
         dx("A006030", 0, "S7200", "8206010", "大腿骨頚部骨折"),
         r("0", "A007010", V14, 1, *P("20240723", "K0461", "", "1", "1", "1", "1", "", "骨折観血的手術（大腿）")),
     ],
     ef=[a("20240722", "90", "0001", [ADMIT]),
         a("20240723", "50", "0002", [ORIF], points="21630"),
         a("20240723", "54", "0003", [GA], points="6000"),
         a("20240724", "31", "0004", [drug("620005601", "1", "059")], points="150"),
         a("20240801", "90", "0005", [ADMIT])],
     flat=dict(age=55, sex=1, emergency=1, ambulance=1, dx_main="S7200", dx_trigger="S7200", dx_resource="S7200",
               outcome=1, death_24h=0, insurance=0, falls=1, falls_3b=1, restraint_days=0, pressure_ulcer=1),
     expect={"vte_prophylaxis": (1, 1, "55, K0461; fondaparinux (3339) day 2"),
             "readmission_6w": (1, 0, "first admission"),
             "falls_rate": (1, 1, 23, "one fall (3b); los 23"),
             "pressure_ulcer_incidence": (1, 1, "d0 at admission, worst D4")})

stay(hosp="R201", id="0000003005", adm="20240801", kaisu="0", dis="20240812", ff4="0",
     ff1=[
         r("0", "A000010", V14, 0, *P("19781111", "2", "1200045")),
         r("0", "A000020", V14, 0, *P("20240801", "1", "0", "1", "200", "0", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240812", "1", "1", "0", "0")),
         r("0", "A000070", V14, 0, *P("99999999", "0")),
         r("0", "A004040", V24, 0, *P("", "0", "0")),
         r("0", "A004050", V24, 0, *P("", "0")),
         dx("A006010", 0, "L031", "6820006", "蜂巣炎"),
         dx("A006020", 0, "L031", "6820006", "蜂巣炎"),
         dx("A006030", 0, "L031", "6820006", "蜂巣炎"),
     ],
     ef=[a("20240801", "90", "0001", [ADMIT]),
         a("20240801", "60", "0002", [BLOOD], times="1", points="190"),
         a("20240803", "60", "0003", [BLOOD], times="2", points="190")],
     flat=dict(age=45, sex=2, emergency=1, ambulance=0, dx_main="L031", dx_trigger="L031", dx_resource="L031",
               outcome=1, death_24h=0, insurance=1, falls=0, falls_3b=0, restraint_days=0),
     expect={"blood_culture_two_sets": (2, 1, "day 0 one set; day 2 行為回数 2"),
             "readmission_6w": (1, 0, "first admission"),
             "falls_rate": (1, 0, 11, "los 11")})

stay(hosp="R201", id="0000003006", adm="20240820", kaisu="0", dis="20240905", ff4="0",
     ff1=[
         r("0", "A000010", V14, 0, *P("19530520", "1", "1200056")),
         r("0", "A000020", V14, 0, *P("20240820", "1", "0", "0", "309", "1", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240905", "1", "1", "0", "0")),
         r("0", "A000070", V14, 0, *P("00000000", "0")),
         r("0", "A001040", V24, 0, *P("", "", "1000000", "0000000", "1000000", "20240820")),
         r("0", "A004010", V14, 0, *P("", "0")),
         r("0", "A004040", V24, 0, *P("", "0", "0")),
         r("0", "A004050", V24, 0, *P("", "0")),
         dx("A006010", 0, "I634", "8843968", "アテローム血栓性脳梗塞"),
         dx("A006020", 0, "I634", "8843968", "アテローム血栓性脳梗塞"),
         dx("A006030", 0, "I634", "8843968", "アテローム血栓性脳梗塞"),
         r("0", "M010010", V14, 0, *P("", "0", "1")),
         r("0", "JCS0010", V14, 0, *P("", "3I")),
     ],
     ef=[a("20240820", "90", "0001", [ADMIT]), a("20240820", "80", "0002", [REHAB], points="490"),
         a("20240902", "90", "0003", [ADMIT])],
     flat=dict(age=71, sex=1, emergency=1, ambulance=1, dx_main="I634", dx_trigger="I634", dx_resource="I634",
               outcome=1, death_24h=0, onset_days=3, jcs=3, dementia=0, insurance=1, falls=0, falls_3b=0,
               restraint_days=0, pressure_ulcer=0),
     expect={"stroke_early_rehab": (1, 1, "rehab day 0"),
             "readmission_6w": (1, 0, "前回退院 00000000"),
             "falls_rate": (1, 0, 16, "los 16"),
             "pressure_ulcer_incidence": (1, 0, "d1 at worst")})

stay(hosp="R201", id="0000003007", adm="20240415", kaisu="0", dis="20240425", ff4="0",
     ff1=[
         r("0", "A000010", V14, 0, *P("19470707", "2", "1200067")),
         r("0", "A000020", V14, 0, *P("20240415", "1", "1", "1", "100", "0", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240425", "1", "4", "0", "0")),
         r("0", "A000070", V14, 0, *P("99999999", "0")),
         r("0", "A004010", V14, 0, *P("", "0")),
         dx("A006010", 0, "I639", "4349004", "脳梗塞"),
         dx("A006020", 0, "I639", "4349004", "脳梗塞"),
         dx("A006030", 0, "I639", "4349004", "脳梗塞"),
         r("0", "M010010", V14, 0, *P("", "0", "4")),
     ],
     ef=[a("20240415", "90", "0001", [ADMIT]), a("20240416", "80", "0002", [REHAB], points="490")],
     flat=dict(age=76, sex=2, emergency=0, ambulance=0, dx_main="I639", dx_trigger="I639", dx_resource="I639",
               outcome=4, death_24h=0, dementia=0, insurance=1),
     expect={"stroke_early_rehab": (0, 0, "発症時期 4 (無症候): onset_days missing"),
             "readmission_6w": (1, 0, "first admission")})

stay(hosp="R201", id="0000003008", adm="20240909", kaisu="0", dis="20240927", ff4="0",
     ff1=[
         r("0", "A000010", V14, 0, *P("19450219", "1", "1200078")),
         r("0", "A000020", V14, 0, *P("20240909", "1", "0", "0", "324", "1", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240927", "8", "7", "0", "0")),
         r("0", "A000070", V14, 0, *P("00000000", "0")),
         r("0", "A004010", V14, 0, *P("", "1")),
         r("0", "A004040", V24, 0, *P("", "0", "0")),
         r("0", "A004050", V24, 0, *P("", "0")),
         dx("A006010", 0, "I130", "4040003", "心不全を伴う高血圧性心腎疾患"),
         dx("A006020", 0, "I130", "4040003", "心不全を伴う高血圧性心腎疾患"),
         dx("A006030", 0, "I130", "4040003", "心不全を伴う高血圧性心腎疾患"),
         r("0", "M050011", V24, 0, *P("", "", "4", "4")),
     ],
     ef=[a("20240909", "90", "0001", [ADMIT])],
     flat=dict(age=79, sex=1, emergency=1, ambulance=1, dx_main="I130", dx_trigger="I130", dx_resource="I130",
               outcome=7, death_24h=0, dementia=1, insurance=1, falls=0, falls_3b=0, restraint_days=0),
     expect={"hf_mortality": (1, 1, "I130, 79, 転帰 7"),
             "readmission_6w": (0, 0, "excluded: died"),
             "falls_rate": (1, 0, 18, "los 18")})

# A May (2023-table) discharge carrying A004040, which that table does not know, and the unknown Z999999.
stay(hosp="R201", id="0000003009", adm="20240507", kaisu="0", dis="20240514", ff4="0",
     ff1=[
         r("0", "A000010", V14, 0, *P("19850825", "2", "1200089")),
         r("0", "A000020", V14, 0, *P("20240507", "1", "1", "1", "100", "0", "0", "0", "0")),
         r("0", "A000030", V14, 0, *P("20240514", "1", "1", "0", "0")),
         r("0", "A000070", V14, 0, *P("20240101", "0")),
         r("0", "A004040", V24, 0, *P("", "1", "0")),
         r("0", "Z999999", V24, 0, *P("", "1")),
         dx("A006010", 0, "K802", "5742008", "胆石症"),
         dx("A006020", 0, "K802", "5742008", "胆石症"),
         dx("A006030", 0, "K802", "5742008", "胆石症"),
     ],
     ef=[a("20240507", "90", "0001", [ADMIT])],
     flat=dict(age=38, sex=2, emergency=0, ambulance=0, dx_main="K802", dx_trigger="K802", dx_resource="K802",
               outcome=1, death_24h=0, prev_discharge="2024-01-01", insurance=1),
     expect={"readmission_6w": (1, 0, "予定入院 100, 127 days"),
             "falls_rate": (0, 0, 0, "A004040 unknown to the 2023 table (May discharge): falls missing")})

# Still in hospital when the data end (admitted 2024-06-28): EF rows in June and July, no 様式1. Set aside.
SET_ASIDE = dict(hosp="N102", id="0000002006", adm="20240628",
                 ef=[a("20240628", "90", "0001", [ADMIT]),
                     a("20240628", "60", "0002", [BLOOD], times="2", points="190"),
                     a("20240701", "90", "0003", [ADMIT]),
                     a("20240702", "21", "0004", [drug("620004501", "1")], points="1")])

# FF4 codes (医科保険診療以外のある症例): unverified layout, see LAYOUTS.md.
FF4_CODE = {"0": "医科保険のみ", "1": "労災・公務災害", "2": "自賠責", "3": "自費", "4": "その他"}

INDICATORS = ["stroke_early_rehab", "blood_culture_two_sets", "readmission_6w", "hf_mortality", "falls_rate",
              "pci_dapt", "vte_prophylaxis", "pressure_ulcer_incidence", "aspiration_pneumonia_readmission_30d"]
RATE = {"falls_rate"}
QUARTERS = ["FY2024Q1", "FY2024Q2"]
YEAR = "FY2024"

# ---------------------------------------------------------------------------------------------------------------
# The flat stays.csv columns (specs/input.md §7.1)
# ---------------------------------------------------------------------------------------------------------------
COLUMNS = ["hospital", "stay", "patient", "admission", "discharge", "age", "sex", "emergency", "ambulance", "dx_main",
           "dx_trigger", "dx_resource", "dx_comorbid", "dx_complication", "outcome", "death_24h", "prev_discharge",
           "onset_days", "killip", "jcs", "cancer_stage", "dementia", "insurance", "falls", "falls_3b",
           "restraint_days", "pressure_ulcer"]


def iso(d):
    return f"{d[:4]}-{d[4:6]}-{d[6:]}"


def stay_id(s):
    return f"{s['id']}-{s['adm']}" + ("" if s["kaisu"] == "0" else f"-{s['kaisu']}")


def quarter(d):
    y, m = int(d[:4]), int(d[4:6])
    fy = y if m >= 4 else y - 1
    return f"FY{fy}Q{(m - 4) % 12 // 3 + 1}"


def ddate(d):
    return date(int(d[:4]), int(d[4:6]), int(d[6:]))


def flat_row(s):
    row = dict(hospital=s["hosp"], stay=stay_id(s), patient=s["id"], admission=iso(s["adm"]),
               discharge=iso(s["dis"]))
    row.update(s["flat"])
    return [str(row.get(c, "")) for c in COLUMNS]


# ---------------------------------------------------------------------------------------------------------------
# Self-check: a second reading of the FF1 rows above, to catch typing mistakes in the hand-written `flat` values.
# It is this script's own reading of the layouts (LAYOUTS.md), not qi's.
# ---------------------------------------------------------------------------------------------------------------
def derive(s):
    items = {}
    for row in s["ff1"]:
        if row[0] != "0":
            continue
        items.setdefault(row[1], []).append(row)
    known_2023 = {"A004040", "A004050", "A001040", "M050011", "Z999999"}  # codes the 2023 table lacks (here)
    table2023 = s["dis"] < "20240601"

    def p(code, n, renban_first=True):
        if code not in items or (table2023 and code in known_2023) or code == "Z999999":
            return None
        return items[code][0][3 + n]

    out = {}
    birth = p("A000010", 1)
    b, ad = ddate(birth), ddate(s["adm"])
    out["age"] = ad.year - b.year - ((ad.month, ad.day) < (b.month, b.day))
    out["sex"] = int(p("A000010", 2))
    e = p("A000020", 5)
    out["emergency"] = 1 if e == "200" or e.startswith("3") else 0
    out["ambulance"] = int(p("A000020", 6))
    out["dx_main"], out["dx_trigger"], out["dx_resource"] = (p(c, 2) for c in ("A006010", "A006020", "A006030"))
    for code, key in (("A006040", "dx_comorbid"), ("A006050", "dx_complication")):
        if code in items:
            out[key] = ";".join(x[5] for x in sorted(items[code], key=lambda x: int(x[3])))
    out["outcome"] = int(p("A000030", 3))
    out["death_24h"] = 1 if p("A000030", 4) in ("1", "2") else 0
    prev = p("A000070", 1)
    if prev not in (None, "00000000", "99999999"):
        out["prev_discharge"] = iso(prev)
    onset = p("M010010", 3)
    if onset in ("1", "2", "3"):
        out["onset_days"] = {"1": 3, "2": 7, "3": 8}[onset]
    k = p("M050030", 2)
    if k not in (None, "0"):
        out["killip"] = int(k)
    j = p("JCS0010", 2)
    if j is not None:
        out["jcs"] = int(j.rstrip("RIA"))
    c = p("CAN0030", 3)
    if c is not None and c[0] != "9":
        out["cancer_stage"] = int(c[0])
    dm = p("A004010", 2)
    if dm is not None:
        out["dementia"] = 1 if int(dm) >= 1 else 0
    if "ff4" in s:
        out["insurance"] = 1 if s["ff4"] == "0" else 0
    if p("A004040", 2) is not None:
        out["falls"], out["falls_3b"] = int(p("A004040", 2)), int(p("A004040", 3))
    if p("A004050", 2) is not None:
        out["restraint_days"] = int(p("A004050", 2))
    if p("A001040", 3) is not None:
        adm_d, worst = int(p("A001040", 3)[0]), int(p("A001040", 5)[0])
        out["pressure_ulcer"] = 1 if worst >= 2 and adm_d <= 1 else 0
    return out


def self_check():
    bad = 0
    for s in STAYS:
        got, want = derive(s), s["flat"]
        for k in set(got) | set(want):
            if got.get(k) != want.get(k):
                print(f"self-check: {stay_id(s)} {k}: hand {want.get(k)!r}, derived {got.get(k)!r}", file=sys.stderr)
                bad += 1
        los = (ddate(s["dis"]) - ddate(s["adm"])).days
        for ind, v in s["expect"].items():
            assert ind in INDICATORS, ind
            if ind in RATE and v[0]:
                if v[2] != los:
                    print(f"self-check: {stay_id(s)} {ind}: exposure {v[2]} but los {los}", file=sys.stderr)
                    bad += 1
    ids = [(s["hosp"], stay_id(s)) for s in STAYS]
    assert len(set(ids)) == len(ids)
    if bad:
        sys.exit(f"{bad} self-check failures")


# ---------------------------------------------------------------------------------------------------------------
# Writing the files
# ---------------------------------------------------------------------------------------------------------------
FF1_HEADER = ["施設ｺｰﾄﾞ", "ﾃﾞｰﾀ識別番号", "入院年月日", "回数管理番号", "統括診療情報番号", "ｺｰﾄﾞ", "ﾊﾞｰｼﾞｮﾝ", "連番",
              "ﾍﾟｲﾛｰﾄﾞ1(日付等)", "ﾍﾟｲﾛｰﾄﾞ2(ｺｰﾄﾞ等)", "ﾍﾟｲﾛｰﾄﾞ3", "ﾍﾟｲﾛｰﾄﾞ4", "ﾍﾟｲﾛｰﾄﾞ5", "ﾍﾟｲﾛｰﾄﾞ6", "ﾍﾟｲﾛｰﾄﾞ7",
              "ﾍﾟｲﾛｰﾄﾞ8", "ﾍﾟｲﾛｰﾄﾞ9(可変長文字列)"]
EF_TITLE = ["施設コード", "データ識別番号", "退院年月日(西暦)", "入院年月日(西暦)", "データ区分", "順序番号", "行為明細番号",
            "病院点数マスタコード", "レセプト電算処理システム用コード", "解釈番号", "診療明細名称", "使用量", "基準単位",
            "明細点数・金額", "円・点区分", "出来高実績点数", "行為明細区分情報", "行為点数", "行為薬剤料", "行為材料料",
            "行為回数", "保険者番号", "レセプト種別コード", "実施年月日", "レセプト科区分", "診療科区分", "医師コード",
            "病棟コード", "病棟区分", "入外区分", "施設タイプ"]
INSURER = {"N101": "06010015", "N102": "06050015", "R201": "06130012"}

# How each file is encoded and laid out (all CRLF): the realities a handover brings.
HEADER_FF1 = {("N101", "2404"), ("N102", "2407")}  # FF1 files with the optional header row
UTF8_BOM = {("FF1", "R201", "2406")}                 # one file saved as UTF-8 with a BOM
GZIPPED = {("EFn", "R201", "2408")}                  # one file compressed


def ff1_line(fac, s, row):
    return [fac, s["id"], s["adm"], s["kaisu"]] + list(row)


def ef_lines(fac, s, act, ef_dis):
    rows = []
    items = act["items"]
    first = items[0]

    def line(detail_no, it, parent):
        hosp_code, receipt, kaishaku, name, qty, unit, points, yen = it
        return [fac, s["id"], ef_dis, s["adm"], act["kubun"], act["seq"], detail_no, hosp_code, receipt, kaishaku,
                name, "" if parent else qty, "" if parent else unit, "" if parent else points, yen,
                act["points"] if parent else points, act["flags"], act["points"], "0", "0", act["times"],
                INSURER[s["hosp"]], "1112", act["date"], "01", "010", "0000012345", "0000003A", "1", "0", "011"]
    if act["single_row"]:
        return [line("001", first, False)]
    rows.append(line("000", first, True))
    for i, it in enumerate(items, 1):
        rows.append(line(f"{i:03d}", it, False))
    return rows


def encode(text, how):
    if how == "utf-8-sig":
        return "\ufeff".encode() + text.encode("utf-8")
    return text.encode("cp932")


def write(path, lines, how="cp932", gz=False):
    text = "".join("\t".join(f) + "\r\n" for f in lines)
    data = encode(text, how)
    if gz:
        with open(path + ".gz", "wb") as f:
            with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0) as g:
                g.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        for row in rows:
            f.write(",".join(row) + "\n")


def write_folder(out, drug_master):
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    write_csv(os.path.join(out, "organisations.csv"), ORGANISATIONS)
    write_csv(os.path.join(out, "hospitals.csv"), HOSPITALS)
    drug_master(out)

    for hosp, fac in FAC.items():
        stays = [s for s in STAYS if s["hosp"] == hosp]
        # FF1: one file per discharge month, rows in the order of (code, 連番, データ識別番号 descending): the
        # long format as an export by item gives it, so a stay's rows are scattered through the file.
        months = sorted({s["dis"][2:6] for s in stays} | ({"2407"} if hosp == "N102" else set()))
        for ym in months:
            rows = []
            for s in stays:
                if s["dis"][2:6] == ym:
                    rows += [ff1_line(fac, s, row) for row in s["ff1"]]
            rows.sort(key=lambda f: (f[5], f[4], int(f[7]), [-ord(c) for c in f[1]], f[3]))
            if (hosp, ym) in HEADER_FF1:
                rows.insert(0, FF1_HEADER)
            how = "utf-8-sig" if ("FF1", hosp, ym) in UTF8_BOM else "cp932"
            write(os.path.join(out, f"FF1_{fac}_{ym}.txt"), rows, how)
        # FF4 (R201 only)
        for ym in months:
            rows = [[fac, s["id"], s["dis"], s["adm"], s["ff4"]] for s in stays
                    if s["dis"][2:6] == ym and "ff4" in s]
            if rows:
                write(os.path.join(out, f"FF4_{fac}_{ym}.txt"), rows)
        # EFn: one file per month of activity, rows in the order of 実施年月日 (then データ区分, patient, act)
        everyone = stays + ([SET_ASIDE] if hosp == SET_ASIDE["hosp"] else [])
        ef_months = sorted({act["date"][2:6] for s in everyone for act in s["ef"]})
        for ym in ef_months:
            rows = []
            for s in everyone:
                dis = s.get("dis")
                ef_dis = dis if dis and dis[2:6] == ym else "00000000"
                for act in s["ef"]:
                    if act["date"][2:6] == ym:
                        rows += ef_lines(fac, s, act, ef_dis)
            rows.sort(key=lambda f: (f[23], f[4], f[1], f[5], f[6]))
            rows.insert(0, EF_TITLE)
            write(os.path.join(out, f"EFn_{fac}_{ym}.txt"), rows, gz=("EFn", hosp, ym) in GZIPPED)


def simple_master(out):
    rows = [("receipt_code", "yj_code", "name")] + [(d[0], d[1], d[2]) for d in DRUGS]
    write_csv(os.path.join(out, "drug_master.csv"), rows)


def official_master(out):
    """医薬品マスター as published: CP932, no header, CRLF, 1-based column 3 = receipt code, 32 = YJ code."""
    lines = []
    for receipt, yj, name, kana, unit, price, form in DRUGS:
        f = [""] * 42
        f[0], f[1], f[2] = "0", "Y", receipt
        f[3], f[4] = str(len(name)), f'"{name}"'
        f[5], f[6] = str(len(kana)), f'"{kana}"'
        f[7], f[8], f[9] = "033" if unit == "錠" else "059", str(len(unit)), f'"{unit}"'
        f[10], f[11], f[12] = "1", price, "0"
        f[13], f[14], f[15], f[16], f[17], f[18], f[19], f[20] = "0", "0", "0", "0", "0", "0", "0", "0"
        f[21], f[22], f[23], f[24] = "0", "0", "0", "0"
        f[25], f[26], f[27] = "0", "0", form
        f[29], f[30], f[31] = "20240401", "99999999", yj
        f[32] = "0"
        lines.append(",".join(f))
    with open(os.path.join(out, "y_ALL20240801.csv"), "wb") as fh:
        fh.write("".join(x + "\r\n" for x in lines).encode("cp932"))


KIND = {"13": "fee", "21": "drug", "22": "drug", "23": "drug", "31": "drug", "32": "drug", "33": "drug",
        "50": "procedure", "54": "procedure", "60": "test", "70": "imaging", "80": "rehab", "90": "fee", "92": "fee"}


def expected_events():
    """expected_events.csv: the events qi should make of the EF acts, one per act (its 000 and 001 rows are one
    act), code = 解釈番号, or the YJ code of a drug, quantity = 行為回数; comment rows (codes 8…) and the drug that no
    master maps are left out; so are the ambiguous row of 0000001031 and the set-aside stay."""
    yj = {d[0]: d[1] for d in DRUGS}
    rows = [("hospital", "stay", "day", "date", "code", "kind", "qty")]
    for s in STAYS:
        if s["id"] == "0000001031":
            continue
        for act in s["ef"]:
            it = act["items"][0]
            code = it[2] or yj.get(it[1])
            if not code:
                continue
            day = (ddate(act["date"]) - ddate(s["adm"])).days
            rows.append((s["hosp"], stay_id(s), str(day), iso(act["date"]), code, KIND[act["kubun"]], act["times"]))
    rows[1:] = sorted(rows[1:], key=lambda x: (x[0].encode(), x[1].encode(), int(x[2]), x[4]))
    return rows


def sums():
    """expected.csv: the hand-counted per-stay values added up by hospital × indicator × quarter, and the year."""
    table = {}
    for hosp in FAC:
        for ind in INDICATORS:
            for per in QUARTERS + [YEAR]:
                table[(hosp, ind, per)] = [0, 0, 0]
    for s in STAYS:
        q = quarter(s["dis"])
        for ind, v in s["expect"].items():
            den, num = v[0], v[1]
            exp = v[2] if ind in RATE else 0
            for per in (q, YEAR):
                t = table[(s["hosp"], ind, per)]
                t[0] += num
                t[1] += den
                t[2] += exp if den else 0
    rows = [("hospital", "indicator", "period", "numerator", "denominator", "exposure")]
    for (hosp, ind, per), (num, den, exp) in table.items():
        rows.append((hosp, ind, per, str(num), str(den), str(exp) if ind in RATE else ""))
    return rows


# ---------------------------------------------------------------------------------------------------------------
# bad/: one broken file per case, each in a folder with the registry, and the error it must give
# ---------------------------------------------------------------------------------------------------------------
def col_of(fields, k):
    """1-based character column where field k (0-based) starts in a tab-joined line."""
    return 1 + sum(len(x) + 1 for x in fields[:k])


def bad_cases(root):
    os.makedirs(root)
    expected = ["# case/FILE:LINE[:COL]<TAB>phrase (an extended regular expression the message must match)",
                "# COL is left out where the problem is the whole record (specs/input.md §1)."]
    reg_n101 = [HOSPITALS[0], HOSPITALS[1]]
    base = next(s for s in STAYS if s["id"] == "0000001003")

    def case(name, hospitals=reg_n101):
        d = os.path.join(root, name)
        os.makedirs(d)
        write_csv(os.path.join(d, "organisations.csv"), ORGANISATIONS[:2])
        write_csv(os.path.join(d, "hospitals.csv"), hospitals)
        return d

    def rows_of(s, fac="011234567"):
        return [ff1_line(fac, s, row) for row in s["ff1"]]

    # 1. A000030 with 退院年月日 20240631 (June has 30 days)
    d = case("bad_date")
    rows = rows_of(base)
    i = next(n for n, f in enumerate(rows) if f[5] == "A000030")
    rows[i][8] = "20240631"
    write(os.path.join(d, "FF1_011234567_2406.txt"), rows)
    expected.append(f"bad_date/FF1_011234567_2406.txt:{i + 1}:{col_of(rows[i], 8)}\t20240631")

    # 2. One FF1 row of 16 fields (ペイロード9 and its tab missing)
    d = case("ff1_16_columns")
    rows = rows_of(base)
    i = next(n for n, f in enumerate(rows) if f[5] == "A004040")
    rows[i] = rows[i][:16]
    write(os.path.join(d, "FF1_011234567_2406.txt"), rows)
    expected.append(f"ff1_16_columns/FF1_011234567_2406.txt:{i + 1}\t16")

    # 3. An EF row whose 行為回数 is a full-width "２" (typed in a spreadsheet)
    d = case("ef_bad_count")
    write(os.path.join(d, "FF1_011234567_2406.txt"), rows_of(base))
    ef = [EF_TITLE]
    for act in base["ef"]:
        ef += ef_lines("011234567", base, act, base["dis"])
    ef[3][20] = "２"
    write(os.path.join(d, "EFn_011234567_2406.txt"), ef)
    expected.append(f"ef_bad_count/EFn_011234567_2406.txt:4:{col_of(ef[3], 20)}\t行為回数|２")

    # 4. An FF1 file of a facility that hospitals.csv does not list
    d = case("unknown_facility")
    rows = rows_of(base, fac="099999999")
    write(os.path.join(d, "FF1_099999999_2406.txt"), rows)
    expected.append("unknown_facility/FF1_099999999_2406.txt:1:1\t099999999")

    # 5. Bytes that are not CP932 (0x85 0x40: a lead byte CP932 leaves unassigned; iconv and Python refuse it) at the
    #    start of ペイロード9 of a diagnosis row
    d = case("invalid_cp932")
    rows = rows_of(base)
    i = next(n for n, f in enumerate(rows) if f[5] == "A006020")
    col = col_of(rows[i], 16)
    text = "".join("\t".join(f) + "\r\n" for f in rows).encode("cp932")
    target = ("\t".join(rows[i]) + "\r\n").encode("cp932")
    broken = ("\t".join(rows[i][:16]) + "\t").encode("cp932") + b"\x85\x40" + rows[i][16].encode("cp932") + b"\r\n"
    assert text.count(target) == 1
    with open(os.path.join(d, "FF1_011234567_2406.txt"), "wb") as f:
        f.write(text.replace(target, broken))
    expected.append(f"invalid_cp932/FF1_011234567_2406.txt:{i + 1}:{col}\tCP932|cp932")

    # 6. A lead byte cut from its trail byte (0x82 then a tab): structurally broken, as a field cut mid-character
    d = case("invalid_cp932_trail")
    rows = rows_of(base)
    i = next(n for n, f in enumerate(rows) if f[5] == "A006030")
    col = col_of(rows[i], 15)
    text = "".join("\t".join(f) + "\r\n" for f in rows).encode("cp932")
    target = ("\t".join(rows[i]) + "\r\n").encode("cp932")
    assert rows[i][15] == ""
    broken = ("\t".join(rows[i][:15]) + "\t").encode("cp932") + b"\x82\t" + rows[i][16].encode("cp932") + b"\r\n"
    assert text.count(target) == 1
    with open(os.path.join(d, "FF1_011234567_2406.txt"), "wb") as f:
        f.write(text.replace(target, broken))
    expected.append(f"invalid_cp932_trail/FF1_011234567_2406.txt:{i + 1}:{col}\tCP932|cp932")

    with open(os.path.join(root, "expected_errors.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(expected) + "\n")


def main():
    self_check()
    write_folder(OUT, simple_master)
    with open(os.path.join(OUT, "expected_stays.csv"), "w", encoding="utf-8", newline="") as f:
        rows = sorted((flat_row(s) for s in STAYS), key=lambda x: (x[0].encode(), x[1].encode()))
        f.write(",".join(COLUMNS) + "\n")
        for row in rows:
            f.write(",".join(row) + "\n")
    write_csv(os.path.join(OUT, "expected.csv"), sums())
    write_csv(os.path.join(OUT, "expected_events.csv"), expected_events())
    bad_cases(os.path.join(OUT, "bad"))
    # The same hand-over with the official 医薬品マスター instead of drug_master.csv
    variant = os.path.join(HERE, "hospital_handover_ymaster")
    write_folder(variant, official_master)
    print(f"{len(STAYS)} stays of {len(FAC)} hospitals, 1 set aside; written to {OUT} and {variant}")


if __name__ == "__main__":
    main()
