/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * items.c -- the 様式1 item table (items.h): the item codes of the
 * 2023 and 2024-06 tables of the 「DPC導入の影響評価に係る調査」実施説明資料
 * as public transcriptions give them (tests/dpc/LAYOUTS.md), with the
 * payloads an expression may read typed.  Free text (payload 9 of the
 * diagnoses: the disease name) and blank payloads are not read.  The
 * order is the order of the codes; specs/input.md section 7.7 lists
 * the same table.
 */
#include <string.h>

#include <glib.h>

#include "base.h"
#include "items.h"

#define NO		{ QI_PT_NONE, NULL, NULL }
#define N(ja, en)	{ QI_PT_NUMBER, ja, en }
#define D(ja, en)	{ QI_PT_DATE, ja, en }
#define C(ja, en)	{ QI_PT_CODE, ja, en }
#define DX(what)	{ NO, C("ICD10コード", "ICD-10 code"), NO, \
	C("傷病名コード", "disease name code"), \
	C("修飾語コード", "modifier code 1"), \
	C("修飾語コード", "modifier code 2"), \
	C("修飾語コード", "modifier code 3"), \
	C("修飾語コード", "modifier code 4"), NO }

const struct qi_item_info qi_items[] = {
	{ "A000010", "患者属性", "patient", 0, 0, {
	    D("生年月日", "birth date"), N("性別", "sex (1 male, 2 female)"),
	    NO, NO, NO, NO, NO, NO, NO } },	/* p3 郵便番号: not read */
	{ "A000020", "入院情報", "admission", 0, 0, {
	    D("入院年月日", "admission date"),
	    N("入院経路", "admission route"),
	    N("他院よりの紹介の有無", "referred by another hospital"),
	    N("自院の外来からの入院", "admitted from own outpatients"),
	    N("予定・救急医療入院", "planned or emergency admission"),
	    N("救急車による搬送の有無", "brought by ambulance"),
	    N("入院前の在宅医療の有無", "home care before admission"),
	    N("自傷行為・自殺企図の有無", "self-harm or suicide attempt"),
	    N("過去の自傷行為・自殺企図の有無",
	    "past self-harm or suicide attempt") } },
	{ "A000030", "退院情報", "discharge", 0, 0, {
	    D("退院年月日", "discharge date"),
	    N("退院先", "discharge destination"),
	    N("退院時転帰", "discharge outcome"),
	    N("24時間以内の死亡の有無", "death within 24 hours"),
	    N("退院後の在宅医療の有無", "home care after discharge"),
	    NO, NO, NO, NO } },
	{ "A000031", "様式1開始日・終了日", "segment dates", 0, 0, {
	    D("様式1開始日", "segment start"), D("様式1終了日", "segment end"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "A000040", "診療科", "department", 0, 0, {
	    NO, C("診療科コード", "department code"),
	    N("転科の有無", "change of department"), NO, NO, NO, NO, NO, NO } },
	{ "A000050", "調査対象となる病棟への入院", "ward type", 0, 0, {
	    NO, N("一般病棟への入院の有無", "general ward"),
	    N("精神病棟への入院の有無", "psychiatric ward"),
	    N("その他の病棟への入院の有無", "other ward"),
	    NO, NO, NO, NO, NO } },
	{ "A000060", "入院中の主な診療目的", "purpose of the stay", 0, 0, {
	    NO, N("入院中の主な診療目的", "main purpose"),
	    N("治験実施の有無", "clinical trial"), NO, NO, NO, NO, NO, NO } },
	{ "A000070", "前回入院", "previous stay", 0, 0, {
	    D("前回退院年月日", "previous discharge date"),
	    N("前回同一傷病で自院入院の有無",
	    "previous stay here for the same disease"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "A000080", "再入院", "readmission", 0, 0, {
	    NO, N("再入院種別", "kind of readmission"),
	    N("理由の種別", "reason"), NO, NO, NO, NO, NO, NO } },
	{ "A000090", "再転棟", "return to the ward", 0, 0, {
	    NO, N("再転棟種別", "kind of return"), N("理由の種別", "reason"),
	    NO, NO, NO, NO, NO, NO } },
	{ "A001010", "身長・体重", "height and weight", 0, 0, {
	    NO, N("身長", "height (cm)"),
	    N("入院時体重", "weight at admission (kg)"),
	    N("退院時体重", "weight at discharge (kg)"),
	    NO, NO, NO, NO, NO } },
	{ "A001020", "喫煙指数", "smoking index", 0, 0, {
	    NO, N("喫煙指数", "cigarettes a day times years"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "A001030", "病棟の褥瘡", "pressure ulcer on a ward", 0, 0, {
	    D("入棟日", "ward entry date"), D("退棟日", "ward exit date"),
	    N("入棟時の褥瘡の有無", "pressure ulcer at entry"),
	    N("退棟時の褥瘡の有無", "pressure ulcer at exit"),
	    NO, NO, NO, NO, NO } },
	{ "A001040", "褥瘡 (DESIGN-R)", "pressure ulcer (DESIGN-R)",
	    20240601, 0, {
	    NO, NO, C("入院時の褥瘡", "at admission"),
	    C("退院時の褥瘡", "at discharge"),
	    C("入院中の褥瘡の最大深度等", "worst during the stay"),
	    D("最大深度等の日付", "date of the worst"), NO, NO, NO } },
	{ "A002010", "妊娠", "pregnancy", 0, 0, {
	    NO, N("現在の妊娠の有無", "pregnant"),
	    N("入院時の妊娠週数", "weeks of pregnancy"),
	    NO, NO, NO, NO, NO, NO } },
	{ "A003010", "出生時", "at birth", 0, 0, {
	    NO, N("出生時体重", "birth weight (g)"),
	    N("出生時妊娠週数", "weeks of gestation"),
	    NO, NO, NO, NO, NO, NO } },
	{ "A004010", "認知症高齢者の日常生活自立度", "dementia", 0, 0, {
	    NO, N("認知症高齢者の日常生活自立度判定基準",
	    "dementia level (0 none, 1-4, 5 M)"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "A004020", "要介護度", "care level", 0, 0, {
	    NO, C("要介護度", "care level"), NO, NO, NO, NO, NO, NO, NO } },
	{ "A004030", "栄養", "nutrition", 0, 0, {
	    NO, NO, N("低栄養の有無（開始時）", "malnutrition at start"),
	    N("摂食・嚥下機能障害の有無（開始時）",
	    "dysphagia at start"),
	    N("低栄養の有無（終了時）", "malnutrition at end"),
	    N("摂食・嚥下機能障害の有無（終了時）", "dysphagia at end"),
	    N("経管・経静脈栄養の状況（開始時）",
	    "tube or parenteral feeding at start"),
	    N("経管・経静脈栄養の状況（終了時）",
	    "tube or parenteral feeding at end"),
	    N("入院後48時間以内の栄養アセスメントの実施",
	    "nutrition assessment within 48 hours") } },
	{ "A004040", "転倒・転落", "falls", 20240601, 0, {
	    NO, N("転倒・転落回数", "falls"),
	    N("レベル3b以上の転倒・転落", "falls of level 3b or worse"),
	    NO, NO, NO, NO, NO, NO } },
	{ "A004050", "身体的拘束", "physical restraint", 20240601, 0, {
	    NO, N("身体的拘束日数", "days of restraint"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "A006010", "主傷病名", "main diagnosis", 0, 0, DX(main) },
	{ "A006020", "入院の契機となった傷病名", "diagnosis that led to "
	    "admission", 0, 0, DX(trigger) },
	{ "A006030", "医療資源を最も投入した傷病名", "diagnosis that used "
	    "the most resources", 0, 0, {
	    NO, C("ICD10コード", "ICD-10 code"),
	    C("病名付加コード", "added disease code"),
	    C("傷病名コード", "disease name code"),
	    C("修飾語コード", "modifier code 1"),
	    C("修飾語コード", "modifier code 2"),
	    C("修飾語コード", "modifier code 3"),
	    C("修飾語コード", "modifier code 4"), NO } },
	{ "A006031", "医療資源を2番目に投入した傷病名", "diagnosis that used "
	    "the second most resources", 0, 0, DX(second) },
	{ "A006040", "入院時併存症名", "comorbidity", 0, 0, DX(comorbid) },
	{ "A006050", "入院後発症疾患名", "complication", 0, 0,
	    DX(complication) },
	{ "A006060", "難病", "designated intractable disease", 0, 0, {
	    NO, C("難病の告示番号1", "disease number 1"),
	    N("医療費助成の有無1", "subsidy 1"),
	    C("難病の告示番号2", "disease number 2"),
	    N("医療費助成の有無2", "subsidy 2"), NO, NO, NO, NO } },
	{ "A007010", "手術", "operation", 0, 0, {
	    D("手術日", "date of operation"),
	    C("点数表コード", "fee table code"),
	    C("手術基幹コード", "operation base code"),
	    N("手術回数", "times"), N("手術側数", "sides"),
	    N("麻酔", "anaesthesia"),
	    N("予防的抗菌薬投与", "prophylactic antibiotics"), NO, NO } },
	{ "ADL0010", "入院時のADLスコア", "ADL score at admission", 0, 0, {
	    NO, C("入院時のADLスコア", "ADL score at admission"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "ADL0020", "退院時のADLスコア", "ADL score at discharge", 0, 0, {
	    NO, C("退院時のADLスコア", "ADL score at discharge"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "ADL0030", "入棟・入室時のADLスコア", "ADL score at ward entry",
	    0, 0, {
	    NO, C("入棟・入室時のADLスコア", "ADL score at ward entry"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "ADL0040", "退棟・退室時のADLスコア", "ADL score at ward exit",
	    0, 0, {
	    NO, C("退棟・退室時のADLスコア", "ADL score at ward exit"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "CAN0010", "がんの初発・再発", "cancer: first or recurrent", 0, 0, {
	    NO, NO, N("がんの初発、再発", "first or recurrent"),
	    NO, NO, NO, NO, NO, NO } },
	{ "CAN0020", "UICC病期分類", "UICC TNM", 0, 0, {
	    NO, NO, C("UICC病期分類(T)", "T"), C("UICC病期分類(N)", "N"),
	    C("UICC病期分類(M)", "M"), N("UICC病期分類(版)", "edition"),
	    NO, NO, NO } },
	{ "CAN0030", "癌取扱い規約に基づくStage分類", "cancer stage", 0, 0, {
	    NO, NO, C("Stage分類", "stage (0, 1, 1A ... 4C, 9 unknown)"),
	    NO, NO, NO, NO, NO, NO } },
	{ "CAN0040", "化学療法の有無", "chemotherapy", 0, 0, {
	    NO, NO, N("化学療法の有無", "chemotherapy"),
	    NO, NO, NO, NO, NO, NO } },
	{ "FIM0010", "FIM (入棟・退棟時)", "FIM at ward entry and exit", 0, 0, {
	    D("入棟日", "ward entry date"), D("退棟日", "ward exit date"),
	    N("入棟時FIM得点", "FIM at entry"), N("退棟時FIM得点", "FIM at exit"),
	    N("入棟時体重", "weight at entry (kg)"),
	    N("退棟時体重", "weight at exit (kg)"), NO, NO, NO } },
	{ "FIM0020", "FIM (入棟中)", "FIM during the stay", 20240601, 0, {
	    D("入棟中測定日", "date measured"), N("入棟中のFIM得点", "FIM"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "JCS0010", "入院時のJCS", "JCS at admission", 0, 0, {
	    NO, C("入院時のJCS", "JCS at admission"),
	    C("救急受診時のJCS", "JCS at the emergency visit"),
	    C("治療室又は病棟入室時のJCS", "JCS at ward entry"),
	    NO, NO, NO, NO, NO } },
	{ "JCS0020", "退院時のJCS", "JCS at discharge", 0, 0, {
	    NO, C("退院時のJCS", "JCS at discharge"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "M010010", "脳卒中", "stroke", 0, 0, {
	    NO, N("発症前Rankin Scale", "Rankin scale before onset"),
	    N("脳卒中の発症時期", "onset (1 <= 3 days, 2 4-7, 3 >= 8, "
	    "4 no symptoms)"), NO, NO, NO, NO, NO, NO } },
	{ "M010020", "退院時modified Rankin Scale", "mRS at discharge", 0, 0, {
	    NO, N("退院時modified Rankin Scale", "mRS at discharge"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "M010030", "テモゾロミド", "temozolomide", 0, 0, {
	    NO, N("テモゾロミド（初回治療）の有無", "temozolomide"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "M040010", "Hugh-Jones分類", "Hugh-Jones grade", 0, 0, {
	    NO, N("Hugh-Jones分類", "Hugh-Jones grade"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "M040020", "肺炎の重症度", "pneumonia severity", 0, 0, {
	    NO, C("肺炎の重症度分類", "pneumonia severity record"),
	    N("医療介護関連肺炎に該当の有無", "healthcare-associated "
	    "pneumonia"), NO, NO, NO, NO, NO, NO } },
	{ "M040030", "呼吸 (2023年表)", "respiration (2023 table)", 0,
	    20240601, { NO, NO, NO, NO, NO, NO, NO, NO, NO } },
	{ "M040031", "呼吸", "respiration", 20240601, 0, {
	    NO, N("救急受診時のP/F比", "P/F ratio at the emergency visit"),
	    N("救急受診時の酸素投与の有無", "oxygen at the emergency visit"),
	    N("救急受診時のFiO2", "FiO2 at the emergency visit"),
	    N("救急受診時の呼吸補助の有無", "ventilatory support at the "
	    "emergency visit"),
	    N("入室時のP/F比", "P/F ratio at ward entry"),
	    N("入室時の酸素投与の有無", "oxygen at ward entry"),
	    N("入室時のFiO2", "FiO2 at ward entry"),
	    N("入室時の呼吸補助の有無", "ventilatory support at ward "
	    "entry") } },
	{ "M050010", "NYHA (2023年表)", "NYHA (2023 table)", 0, 20240601,
	    { NO, NO, NO, NO, NO, NO, NO, NO, NO } },
	{ "M050011", "NYHA心機能分類", "NYHA class", 20240601, 0, {
	    NO, NO, N("救急受診時のNYHA心機能分類", "NYHA at the emergency "
	    "visit"), N("入室時のNYHA心機能分類", "NYHA at ward entry"),
	    NO, NO, NO, NO, NO } },
	{ "M050020", "CCS分類", "CCS class", 0, 0, {
	    NO, N("CCS分類", "CCS class (angina)"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "M050030", "Killip分類", "Killip class", 0, 0, {
	    NO, N("Killip分類", "Killip class (0 unclassifiable)"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "M050040", "循環 (2023年表)", "circulation (2023 table)", 0,
	    20240601, { NO, NO, NO, NO, NO, NO, NO, NO, NO } },
	{ "M050041", "収縮期血圧・循環作動薬", "systolic pressure and "
	    "vasoactive drugs", 20240601, 0, {
	    NO, N("救急受診時の収縮期血圧", "systolic pressure at the "
	    "emergency visit"),
	    N("救急受診時の循環作動薬の使用", "vasoactive drugs at the "
	    "emergency visit"),
	    N("入室時の収縮期血圧", "systolic pressure at ward entry"),
	    N("入室時の循環作動薬の使用", "vasoactive drugs at ward entry"),
	    NO, NO, NO, NO } },
	{ "M050050", "急性心筋梗塞 (2023年表)", "myocardial infarction "
	    "(2023 table)", 0, 20240601,
	    { NO, NO, NO, NO, NO, NO, NO, NO, NO } },
	{ "M050051", "急性心筋梗塞の発症時期", "myocardial infarction onset",
	    20240601, 0, {
	    NO, N("急性心筋梗塞の発症時期", "onset"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "M050060", "循環 (2023年表)", "circulation (2023 table)", 0,
	    20240601, { NO, NO, NO, NO, NO, NO, NO, NO, NO } },
	{ "M050070", "Stanford分類", "Stanford type", 0, 0, {
	    NO, C("Stanford A/B型", "Stanford type (A, B)"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "M050080", "解離性大動脈瘤の発症時期", "aortic dissection onset",
	    20240601, 0, {
	    NO, N("解離性大動脈瘤の発症時期", "onset"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "M050090", "入院時BNP・NT-proBNP", "BNP or NT-proBNP at "
	    "admission", 20240601, 0, {
	    NO, N("入院時BNP・NT-proBNP", "BNP or NT-proBNP"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "M060010", "Child-Pugh分類", "Child-Pugh class", 0, 0, {
	    NO, C("Child-Pugh分類", "Child-Pugh class (A, B, C)"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "M060020", "急性膵炎の重症度", "acute pancreatitis severity", 0, 0, {
	    NO, N("急性膵炎の重症度分類", "severity"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "M120010", "分娩", "delivery", 0, 0, {
	    NO, N("入院周辺の分娩の有無", "delivery"),
	    N("分娩時出血量", "blood loss (ml)"),
	    NO, NO, NO, NO, NO, NO } },
	{ "M150010", "ガンマグロブリン追加治療", "additional "
	    "immunoglobulin", 20240601, 0, {
	    NO, N("ガンマグロブリンの追加治療の有無", "additional "
	    "immunoglobulin"), NO, NO, NO, NO, NO, NO, NO } },
	{ "M160010", "Burn Index", "burn index", 0, 0, {
	    NO, N("Burn Index", "burn index"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "M170010", "入院時GAF尺度", "GAF at admission", 0, 0, {
	    NO, N("入院時GAF尺度", "GAF at admission"),
	    NO, NO, NO, NO, NO, NO, NO } },
	{ "M170020", "精神保健福祉法", "mental health act", 0, 0, {
	    NO, N("入院形態", "form of admission"),
	    N("隔離日数", "days of seclusion"),
	    N("身体拘束日数", "days of restraint"),
	    NO, NO, NO, NO, NO } },
};

const size_t qi_nitems = G_N_ELEMENTS(qi_items);

/* The common payloads, by the names expressions use (specs/expressions.md). */
const struct qi_item_name qi_item_names[] = {
	{ "admission_route",	"A000020", 2 },
	{ "discharge_to",	"A000030", 2 },
	{ "home_care_after",	"A000030", 5 },
	{ "height",		"A001010", 2 },
	{ "weight",		"A001010", 3 },
	{ "care_level",		"A004020", 2 },
	{ "malnutrition",	"A004030", 3 },
	{ "dysphagia",		"A004030", 4 },
	{ "nutrition_assessment", "A004030", 9 },
	{ "adl_admission",	"ADL0010", 2 },
	{ "adl_discharge",	"ADL0020", 2 },
	{ "rankin_before",	"M010010", 2 },
	{ "mrs_discharge",	"M010020", 2 },
	{ "pneumonia_severity",	"M040020", 2 },
	{ "hcap",		"M040020", 3 },
	{ "child_pugh",		"M060010", 2 },
};

const size_t qi_nitem_names = G_N_ELEMENTS(qi_item_names);

uint64_t
qi_item_key(const char *code, size_t n)
{
	unsigned char b[8] = { 0 };
	uint64_t k = 0;
	size_t i;

	memcpy(b, code, n < 8 ? n : 8);
	for (i = 0; i < 8; i++)
		k = k << 8 | b[i];
	return k;
}

long
qi_item_lookup(const char *code, size_t n)
{
	size_t i;

	if (n != 7)
		return -1;
	for (i = 0; i < qi_nitems; i++)
		if (memcmp(qi_items[i].code, code, 7) == 0)
			return (long)i;
	return -1;
}

const struct qi_item_name *
qi_item_name_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < qi_nitem_names; i++)
		if (strcmp(qi_item_names[i].name, name) == 0)
			return &qi_item_names[i];
	return NULL;
}

const char *
qi_item_nearest(const char *code)
{
	const char *words[G_N_ELEMENTS(qi_items)];
	size_t i;
	long k;

	for (i = 0; i < qi_nitems; i++)
		words[i] = qi_items[i].code;
	k = qi_closest_word(code, words, qi_nitems);
	return k < 0 ? NULL : words[k];
}
