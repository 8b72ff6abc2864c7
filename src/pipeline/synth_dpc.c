/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * synth_dpc.c -- the synthetic patient-level sample as the DPC survey
 * files hospitals submit (synth_stays.h): the stays and events of
 * qi_synth_stays_each(), the same as stays.csv and events.csv, written
 * as 様式1 (FF1, 縦持ち), the EF統合ファイル (EFn) and 様式4 (FF4), plus
 * drug_master.csv mapping the EF's receipt codes to YJ codes.  Layouts
 * follow notes/DPC-FILES.md; what a reader makes of each field is
 * specs/input.md's mapping, so reading these files back gives stays.csv
 * and events.csv again.
 *
 * Files, one per hospital (施設コード, 9 digits) and month (YYMM):
 *
 *	FF1_<施設コード>_<YYMM>.txt	the stays discharged in that month
 *	EFn_<施設コード>_<YYMM>.txt	the activity of that month (a stay
 *					across months has rows in several
 *					files, 退院年月日 00000000 before its
 *					discharge month)
 *	FF4_<施設コード>_<YYMM>.txt	the insurance class of the stays
 *					discharged in that month
 *
 * Tab-separated, CRLF, CP932 -- but for the hospitals whose registry
 * position is 42 modulo 43, which hand over UTF-8 (no BOM).  Rows are
 * in no key order: FF1 and FF4 rows are shuffled within a file, EF acts
 * come by 実施年月日 (as hospital systems export them) in random order
 * within a day, an act's rows together.  A third of the hospitals start
 * their FF1 files with a header row; every EF file has its title row.
 *
 * FF1 items (統括診療情報番号 0, the parent 様式1; バージョン the date the
 * item was introduced, 20240601 for the items of the 2024-06 table):
 *
 *	A000010	p1 生年月日 (age at admission = the sample's age), p2 性別
 *	A000020	p1 入院年月日, p2 入院経路 (1, 4, 5), p3 他院からの紹介,
 *		p4 自院の外来からの入院, p5 予定・救急医療入院 (100, 101 when
 *		planned; 200 or 3xx when emergency), p6 救急車 0/1
 *	A000030	p1 退院年月日, p2 退院先, p3 退院時転帰, p4 24時間以内の死亡
 *		(0; 1 or 2 for death_24h)
 *	A000050	p2 一般病棟 1
 *	A000070	p1 前回退院年月日; 99999999 (first admission) or 00000000
 *		(unknown) when the sample has none
 *	A006010, A006020, A006030	p2 ICD-10, p9 病名
 *	A006040	連番 1..n comorbidities; A006050 連番 1..n complications
 *	A004010	p2 認知症高齢者の日常生活自立度 (0; 1..5 when dementia)
 *	JCS0010	p2 JCS, a few with a suffix R, I or A ("10R")
 *	M010010	stroke: p2 発症前 Rankin, p3 onset category 1..4
 *	M050030	p2 Killip (0 unclassifiable): AMI (and, see synth_stays.c,
 *		heart failure while SS_HF_KILLIP is 1)
 *	M050010 (to 2024-05) / M050011 (from 2024-06)	heart failure p2 NYHA
 *	CAN0020	cancer: p3 T, p4 N, p5 M, p6 UICC edition 8
 *	CAN0030	cancer: p3 Stage (p2 empty) (0, 1A, 2, 3C, 4B...; 9 unknown)
 *	A007010	連番 1..n operations: p1 date, p2 K code, p6 麻酔, p7 予防的
 *		抗菌薬
 *	A001040	from 2024-06: DESIGN-R p3 admission, p4 discharge, p5 worst,
 *		p6 its date; each a 7-character record, the depth first
 *		(0 d0, 1 d1, 2 d2, 3 D3, 4 D4, 5 D5, D DTI, U), then E S I
 *		G N P as digits ("0000000" without an ulcer)
 *	A004040	from 2024-06: p2 転倒・転落, p3 of which 3b or worse
 *	A004050	from 2024-06: p2 身体的拘束の日数
 *
 * Some long stays have child segments (統括診療情報番号 1 and 2: A000031
 * p1/p2 the segment's first and last day, A000050, A006010).  A
 * patient admitted twice on one day has 回数管理番号 0 and 1.
 *
 * EF rows: an act is a parent row (行為明細番号 000: its code, 行為点数,
 * 行為薬剤料, 行為材料料, 行為回数) and detail rows 001.. (the item with
 * its 使用量 and 明細点数; a comment, code 8xxxxxxxx, on some acts),
 * every row repeating the act's columns 18-21.  Procedures, tests,
 * imaging, rehabilitation and fees carry their 解釈番号 (column 10: K6552,
 * D0183, L0081, A1001); drugs only their receipt code (column 9), mapped
 * to the YJ code through drug_master.csv.  行為回数 is the sample's
 * quantity, 使用量 1 for drugs (so 行為回数 x 使用量 is the quantity too).
 * 持参薬: a drug act of 行為点数 0 and 行為薬剤料 0 with a comment row
 * 持参薬, which is not an event (events.csv has none).  データ区分:
 * 13 B0016; 21 oral drugs; 33 injected drugs and the central venous
 * infusion fees G005, G005-2 (解釈番号, no drug code); 50 operations; 54 L0081;
 * 60 tests and pathology (D, N); 70 imaging; 80 rehabilitation; 90
 * A1001, A2472.  入外区分 1 for activity before admission or after
 * discharge (the sample links them to the stay; qi import dpc leaves the
 * activity after discharge out).  A few stays per hospital are still in
 * hospital when the data end: EF rows in the last month, no 様式1.
 *
 * 様式4 -- ASSUMED LAYOUT (a layout helper is checking the official
 * one): tab-separated, no header, one row per stay:
 *	施設コード, データ識別番号, 退院年月日, 入院年月日, 回数管理番号,
 *	医科保険診療以外のある症例 (0 none, i.e. public insurance only;
 *	1 労災・公務災害; 2 自賠責; 3 自費; 4 その他)
 *
 * Determinism: the stays come from the seed as in stays.csv; this
 * writer's own choices (birth dates, codes, shuffles) come from a second
 * generator seeded from the seed, in the same order every run.  Memory:
 * a month's rows of one hospital are held until no later stay can add to
 * them (250 days behind the current discharge), then written: about
 * 15 MB peak for the default sample (125,000 stays, 380 MB of files),
 * 18 MB for 190,000 stays.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "pipeline.h"
#include "synth_stays.h"

#define DPC_MONTH0	(2022 * 12)	/* month index 0: January 2022 */
#define DPC_NMONTH	48		/* January 2022 .. December 2025 */
#define DPC_LAG		250		/* days a month stays open */
#define DPC_DAY0	(-600)		/* day indexes with a cached date */
#define DPC_NDAY	2000

enum dpc_kind {
	DPC_FF1, DPC_EF, DPC_FF4, DPC__N
};

static const char *const dpc_prefix[DPC__N] = { "FF1", "EFn", "FF4" };

/* One row (FF1, FF4) or one act's rows (EF), with its sort key. */
struct dpc_block {
	int		 day;	/* EF: 実施年月日; else 0 */
	uint64_t	 r;	/* random tie-break */
	char		*text;	/* UTF-8, CRLF-terminated lines */
};

struct dpc {
	const char		*dir;
	const struct qi_registry *reg;
	struct qi_synth_rng	 rng;
	GIConv			 cd;
	size_t			 hidx;		/* current hospital, or
						   SIZE_MAX */
	char			 fac[16];
	int			 utf8, header;
	unsigned long		 maxpid;
	GArray			*buf[DPC__N][DPC_NMONTH];
	int			 used[DPC__N][DPC_NMONTH];
	GHashTable		*drugs;		/* receipt -> YJ, used */
	GString			*line;
	char			(*ymd)[12];	/* YYYYMMDD of day DPC_DAY0 + i */
	int			*mon;		/* month index of that day */
	unsigned long long	 nfiles;
	char			*failed;	/* path that failed */
	int			 err;		/* and its errno */
};

/* ----------------------------------------------------------- the items */

/* What EF writes for a code of the sample. */
struct dpc_item {
	const char	*code;		/* 解釈番号, or the YJ code */
	const char	*kubun;		/* データ区分 */
	const char	*receipt;	/* レセプト電算処理システム用コード */
	const char	*name;		/* 診療明細名称 */
	int		 points;	/* per unit */
	int		 drug;
};

static const struct dpc_item dpc_items[] = {
	{ "A1001", "90", "190117710", "急性期一般入院料１", 1688, 0 },
	{ "A2472", "90", "190215470", "せん妄ハイリスク患者ケア加算", 100, 0 },
	{ "B0016", "13", "113006910", "肺血栓塞栓症予防管理料", 305, 0 },
	{ "L0081", "54", "150282210", "閉鎖循環式全身麻酔５", 6000, 0 },
	{ "K0461", "50", "150052110", "骨折観血的手術（大腿）", 21630, 0 },
	{ "K0811", "50", "150062010", "人工骨頭挿入術（股）", 19500, 0 },
	{ "K0821", "50", "150062510", "人工関節置換術（膝）", 37690, 0 },
	{ "K4762", "50", "150318410", "乳腺悪性腫瘍手術（乳房部分切除術（腋窩部郭清を伴わないもの））", 28210, 0 },
	{ "K4763", "50", "150318510", "乳腺悪性腫瘍手術（乳房切除術（腋窩部郭清を伴わないもの））", 22520, 0 },
	{ "K4764", "50", "150318610", "乳腺悪性腫瘍手術（乳房部分切除術（腋窩部郭清を伴うもの））", 42350, 0 },
	{ "K4765", "50", "150318710", "乳腺悪性腫瘍手術（乳房切除術（腋窩部郭清を伴うもの））", 42350, 0 },
	{ "K5143", "50", "150324510", "肺悪性腫瘍手術（肺葉切除）", 72640, 0 },
	{ "K5461", "50", "150374910", "経皮的冠動脈形成術（急性心筋梗塞に対するもの）", 36000, 0 },
	{ "K5491", "50", "150375310", "経皮的冠動脈ステント留置術（急性心筋梗塞に対するもの）", 34380, 0 },
	{ "K552", "50", "150376610", "冠動脈、大動脈バイパス移植術（１吻合）", 89250, 0 },
	{ "K5522", "50", "150376710", "冠動脈、大動脈バイパス移植術（２吻合以上）", 114600, 0 },
	{ "K554", "50", "150377110", "弁形成術（１弁）", 79860, 0 },
	{ "K555", "50", "150377410", "弁置換術（１弁）", 85500, 0 },
	{ "K5601", "50", "150378410", "大動脈瘤切除術（上行大動脈）", 114510, 0 },
	{ "K654", "50", "150265010", "内視鏡的消化管止血術", 4600, 0 },
	{ "K655", "50", "150265710", "胃切除術（悪性腫瘍手術）", 55870, 0 },
	{ "K6552", "50", "150329910", "腹腔鏡下胃切除術（悪性腫瘍手術）", 64120, 0 },
	{ "K6554", "50", "150330010", "噴門側胃切除術（悪性腫瘍切除術）", 71730, 0 },
	{ "K657", "50", "150266510", "胃全摘術（悪性腫瘍手術）", 69840, 0 },
	{ "K6572", "50", "150330210", "腹腔鏡下胃全摘術（悪性腫瘍手術）", 83090, 0 },
	{ "K6721", "50", "150330710", "腹腔鏡下胆嚢摘出術", 21500, 0 },
	{ "K7192", "50", "150271810", "結腸切除術（全切除、亜全切除又は悪性腫瘍手術）", 39960, 0 },
	{ "K7193", "50", "150331510", "腹腔鏡下結腸悪性腫瘍切除術", 59510, 0 },
	{ "K7402", "50", "150274510", "直腸切除・切断術（低位前方切除術）", 71630, 0 },
	{ "K843", "50", "150288010", "前立腺悪性腫瘍手術", 41080, 0 },
	{ "K877", "50", "150292810", "子宮全摘術", 28210, 0 },
	{ "K8982", "50", "150294910", "帝王切開術（選択帝王切開）", 20140, 0 },
	{ "G005", "33", "130003810", "中心静脈注射", 140, 0 },
	{ "G0052", "33", "130010710", "中心静脈注射用カテーテル挿入", 1400, 0 },
	{ "D0183", "60", "160058010", "細菌培養同定検査（血液又は穿刺液）", 215, 0 },
	{ "D3081", "60", "160093810", "胃・十二指腸ファイバースコピー", 1140, 0 },
	{ "D414", "60", "160100910", "内視鏡下生検法（１臓器につき）", 310, 0 },
	{ "N0001", "60", "160060010", "病理組織標本作製（組織切片によるもの）", 860, 0 },
	{ "N0042", "60", "160151010", "細胞診（穿刺吸引細胞診、体腔洗浄等）", 190, 0 },
	{ "E200", "70", "170011810", "ＣＴ撮影（６４列以上のマルチスライス型）", 1000, 0 },
	{ "E202", "70", "170020110", "ＭＲＩ撮影（３テスラ以上）", 1600, 0 },
	{ "H000", "80", "180027610", "心大血管疾患リハビリテーション料（１）", 205, 0 },
	{ "H001", "80", "180032410", "脳血管疾患等リハビリテーション料（１）", 245, 0 },
	{ "H0021", "80", "180027410", "運動器リハビリテーション料（１）", 185, 0 },
	{ "H0031", "80", "180030810", "呼吸器リハビリテーション料（１）", 175, 0 },
	/* Drugs: the YJ code of the sample, a synthetic receipt code. */
	{ "2139005F1027", "21", "620000101", "フロセミド錠４０ｍｇ", 10, 1 },
	{ "2171022F1029", "21", "620000102", "アムロジピン錠５ｍｇ", 10, 1 },
	{ "3334402A1020", "33", "620000103", "エノキサパリンナトリウム皮下注キット２０００ＩＵ", 780, 1 },
	{ "3339002F1021", "21", "620000104", "ダビガトランエテキシラートカプセル１１０ｍｇ", 130, 1 },
	{ "3399002F1023", "21", "620000105", "シロスタゾール錠１００ｍｇ", 20, 1 },
	{ "3399007H1021", "21", "620000106", "アスピリン腸溶錠１００ｍｇ", 6, 1 },
	{ "3399008F1022", "21", "620000107", "クロピドグレル錠７５ｍｇ", 40, 1 },
	{ "3399009F1027", "21", "620000108", "プラスグレル錠３．７５ｍｇ", 120, 1 },
	{ "3999411A1025", "33", "620000109", "オザグレルナトリウム点滴静注８０ｍｇ", 330, 1 },
	{ "4223005F1028", "21", "620000110", "テガフール・ギメラシル・オテラシルカリウム配合ＯＤ錠Ｔ２０", 380, 1 },
	{ "4291410A1020", "33", "620000111", "オキサリプラチン点滴静注液１００ｍｇ", 18000, 1 },
	{ "6132400A1024", "33", "620000112", "セファゾリンナトリウム注射用１ｇ", 300, 1 },
	{ "6132408A1029", "33", "620000113", "セフトリアキソンナトリウム静注用１ｇ", 250, 1 },
	{ "6139400D1020", "33", "620000115", "メロペネム点滴静注用０．５ｇ", 900, 1 },
	{ "6139504A1026", "33", "620000114", "アンピシリン・スルバクタム静注用１．５ｇ", 450, 1 },
};

static const struct dpc_item *
dpc_item(const char *code)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(dpc_items); i++)
		if (strcmp(dpc_items[i].code, code) == 0)
			return &dpc_items[i];
	return NULL;
}

/* Japanese names of the sample's diagnoses, by ICD-10 prefix. */
static const char *
dpc_dx_name(const char *icd)
{
	static const struct {
		const char *pfx, *name;
	} t[] = {
		{ "A41", "敗血症" }, { "C16", "胃癌" }, { "C18", "結腸癌" },
		{ "C19", "直腸Ｓ状結腸移行部癌" }, { "C20", "直腸癌" },
		{ "C34", "肺癌" }, { "C50", "乳癌" }, { "C61", "前立腺癌" },
		{ "D25", "子宮筋腫" }, { "E11", "２型糖尿病" },
		{ "E78", "脂質異常症" }, { "E86", "脱水症" },
		{ "F03", "認知症" }, { "I10", "本態性高血圧症" },
		{ "I11", "高血圧性心不全" }, { "I13", "高血圧性心腎疾患" },
		{ "I20", "不安定狭心症" }, { "I21", "急性心筋梗塞" },
		{ "I25", "陳旧性心筋梗塞" }, { "I34", "僧帽弁閉鎖不全症" },
		{ "I35", "大動脈弁狭窄症" }, { "I48", "心房細動" },
		{ "I26", "肺塞栓症" },
		{ "I50", "うっ血性心不全" }, { "I60", "くも膜下出血" },
		{ "I61", "脳内出血" }, { "I63", "脳梗塞" },
		{ "I71", "大動脈瘤" }, { "J18", "肺炎" },
		{ "J44", "慢性閉塞性肺疾患" }, { "J69", "誤嚥性肺炎" },
		{ "K25", "胃潰瘍" }, { "K26", "十二指腸潰瘍" },
		{ "K56", "イレウス" }, { "K70", "アルコール性肝硬変" },
		{ "K80", "胆石症" }, { "K81", "急性胆嚢炎" },
		{ "K92", "消化管出血" }, { "L89", "褥瘡" },
		{ "M16", "変形性股関節症" }, { "M17", "変形性膝関節症" },
		{ "N18", "慢性腎臓病" }, { "N39", "尿路感染症" },
		{ "O82", "帝王切開による単胎分娩" }, { "R55", "失神" },
		{ "S06", "外傷性硬膜下血腫" }, { "S72", "大腿骨頚部骨折" },
		{ "T80", "輸液に続発する感染症" },
		{ "T82", "血管内機器による感染症" },
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(t); i++)
		if (strncmp(icd, t[i].pfx, 3) == 0)
			return t[i].name;
	return "その他の疾患";
}

/*
 * The 9-digit 施設コード of a synthetic hospital: a prefecture of its
 * region (2 digits, 01 Hokkaido .. 47 Okinawa), then 1, the
 * organisation (1 NHO, 2 JOHAS, from the id's letter) and the id's
 * number in 5 digits.  Hokkaido-Tohoku hospitals get leading zeros.
 */
void
qi_synth_facility_code(const char *id, const char *region, char *buf,
    size_t sz)
{
	static const struct {
		const char	*region;
		int		 lo, n;
	} pref[] = {
		{ "北海道東北", 1, 7 }, { "関東信越", 8, 8 },
		{ "東海北陸", 16, 9 }, { "近畿", 25, 6 },
		{ "中国四国", 31, 9 }, { "九州", 40, 8 },
	};
	size_t i;
	long num = strtol(id + (id[0] != '\0'), NULL, 10);
	int p = 13;

	for (i = 0; i < sizeof(pref) / sizeof(pref[0]); i++)
		if (region != NULL && strcmp(region, pref[i].region) == 0)
			p = pref[i].lo + (int)(num % pref[i].n);
	snprintf(buf, sz, "%02d1%d%05ld", p, id[0] == 'R' ? 2 : 1,
	    num % 100000);
}

/* ------------------------------------------------------------ buffers */

static uint64_t
dpc_r64(struct dpc *w)
{
	return (uint64_t)(qi_synth_rng_unif(&w->rng) * 0x1.0p53);
}

static int
dpc_block_cmp(const void *a, const void *b)
{
	const struct dpc_block *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->r < y->r ? -1 : x->r > y->r;
}

/* Month index of day index d (0 = January 2022). */
static int
dpc_month_of(int d)
{
	int y, m, dd;

	qi_synth_ymd(d, &y, &m, &dd);
	m = y * 12 + (m - 1) - DPC_MONTH0;
	return m < 0 ? 0 : m >= DPC_NMONTH ? DPC_NMONTH - 1 : m;
}

/* The same from the cache (dates are formatted a few million times). */
static int
dpc_month(const struct dpc *w, int d)
{
	if (d >= DPC_DAY0 && d < DPC_DAY0 + DPC_NDAY)
		return w->mon[d - DPC_DAY0];
	return dpc_month_of(d);
}

/* YYYYMMDD of day index d into buf, from the cache when it can. */
static const char *
dpc_date(const struct dpc *w, int d, char *buf, size_t sz)
{
	if (d >= DPC_DAY0 && d < DPC_DAY0 + DPC_NDAY)
		return w->ymd[d - DPC_DAY0];
	qi_synth_date(d, 0, buf, sz);
	return buf;
}

/* Queue the text of w->line as a block of file kind k, month mi. */
static void
dpc_put(struct dpc *w, enum dpc_kind k, int mi, int day)
{
	struct dpc_block b;

	if (w->buf[k][mi] == NULL)
		w->buf[k][mi] = g_array_new(FALSE, FALSE, sizeof(b));
	b.day = day;
	b.r = dpc_r64(w);
	b.text = g_strndup(w->line->str, w->line->len);
	g_array_append_val(w->buf[k][mi], b);
	w->used[k][mi] = 1;
	g_string_truncate(w->line, 0);
}

static const char dpc_ef_title[] =
    "施設コード\tデータ識別番号\t退院年月日\t入院年月日\tデータ区分\t"
    "順序番号\t行為明細番号\t病院点数マスタコード\t"
    "レセプト電算処理システム用コード\t解釈番号\t診療明細名称\t使用量\t"
    "基準単位\t明細点数・金額\t円・点区分\t出来高実績点数\t"
    "行為明細区分情報\t行為点数\t行為薬剤料\t行為材料料\t行為回数\t"
    "保険者番号\tレセプト種別コード\t実施年月日\tレセプト科区分\t"
    "診療科区分\t医師コード\t病棟コード\t病棟区分\t入外区分\t"
    "施設タイプ\r\n";

static const char dpc_ff1_header[] =
    "施設コード\tデータ識別番号\t入院年月日\t回数管理番号\t"
    "統括診療情報番号\tコード\tバージョン\t連番\tペイロード1\t"
    "ペイロード2\tペイロード3\tペイロード4\tペイロード5\tペイロード6\t"
    "ペイロード7\tペイロード8\tペイロード9\r\n";

/* Write the file of kind k and month mi of the current hospital. */
static int
dpc_flush_one(struct dpc *w, enum dpc_kind k, int mi)
{
	GArray *a = w->buf[k][mi];
	GString *all;
	char *path, *name, *out = NULL;
	gsize len = 0;
	FILE *fp;
	size_t i;
	int y = (DPC_MONTH0 + mi) / 12, m = (DPC_MONTH0 + mi) % 12 + 1, rc = 0;

	if (a == NULL)
		return 0;
	g_array_sort(a, dpc_block_cmp);
	all = g_string_sized_new(a->len * 160 + 1024);
	if (k == DPC_EF)
		g_string_append(all, dpc_ef_title);
	else if (k == DPC_FF1 && w->header)
		g_string_append(all, dpc_ff1_header);
	for (i = 0; i < a->len; i++) {
		g_string_append(all, g_array_index(a, struct dpc_block,
		    i).text);
		g_free(g_array_index(a, struct dpc_block, i).text);
	}
	g_array_free(a, TRUE);
	w->buf[k][mi] = NULL;

	name = g_strdup_printf("%s_%s_%02d%02d.txt", dpc_prefix[k], w->fac,
	    y % 100, m);
	path = g_build_filename(w->dir, name, NULL);
	g_free(name);
	if (!w->utf8) {
		out = g_convert_with_iconv(all->str, (gssize)all->len, w->cd,
		    NULL, &len, NULL);
		if (out == NULL) {
			errno = EILSEQ;
			rc = -1;
		}
	}
	if (rc == 0) {
		if ((fp = fopen(path, "wb")) == NULL)
			rc = -1;
		else {
			if (fwrite(out != NULL ? out : all->str, 1,
			    out != NULL ? len : all->len, fp) !=
			    (out != NULL ? len : all->len))
				rc = -1;
			if (fclose(fp) != 0)
				rc = -1;
		}
	}
	if (rc != 0 && w->failed == NULL) {
		w->err = errno != 0 ? errno : EIO;
		w->failed = g_strdup(path);
	} else
		w->nfiles++;
	g_free(out);
	g_free(path);
	g_string_free(all, TRUE);
	return rc;
}

/* Write every month of the current hospital that ends before day. */
static int
dpc_flush(struct dpc *w, int before)
{
	int k, mi, last = before == INT32_MAX ? DPC_NMONTH :
	    dpc_month(w, before);

	for (k = 0; k < DPC__N; k++)
		for (mi = 0; mi < last && mi < DPC_NMONTH; mi++)
			if (w->buf[k][mi] != NULL &&
			    dpc_flush_one(w, k, mi) != 0)
				return -1;
	return 0;
}

/* ---------------------------------------------------------------- FF1 */

/* Append one FF1 row to w->line and queue it. */
static void
dpc_ff1(struct dpc *w, const struct qi_synth_stay *s, int mi,
    const char *tokatsu, const char *code, const char *ver, int ren,
    const char *const p[9])
{
	char buf[16];
	int i;

	g_string_append_printf(w->line, "%s\t%010lu\t%s\t%d\t%s\t%s\t%s\t%d",
	    w->fac, s->pid, dpc_date(w, s->adm, buf, sizeof(buf)), s->kaisu,
	    tokatsu, code, ver, ren);
	for (i = 0; i < 9; i++) {
		g_string_append_c(w->line, '\t');
		if (p[i] != NULL)
			g_string_append(w->line, p[i]);
	}
	g_string_append(w->line, "\r\n");
	dpc_put(w, DPC_FF1, mi, 0);
}

#define P9(...)	((const char *const[9]){ __VA_ARGS__ })

/* Birth date (YYYYMMDD) that makes age the full years at admission. */
static void
dpc_birth(struct dpc *w, const struct qi_synth_stay *s, char *buf,
    size_t sz)
{
	GDate hi, lo;
	int y, m, d;
	guint span;

	qi_synth_ymd(s->adm, &y, &m, &d);
	g_date_clear(&hi, 1);
	g_date_set_dmy(&hi, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
	lo = hi;
	/* Born on (adm - age years) at the latest, after (adm - age - 1
	   years) at the earliest. */
	g_date_subtract_years(&hi, (guint)s->age);
	g_date_subtract_years(&lo, (guint)s->age + 1);
	g_date_add_days(&lo, 1);
	span = g_date_get_julian(&hi) - g_date_get_julian(&lo);
	g_date_add_days(&lo, (guint)qi_synth_rng_int(&w->rng, 0, (int)span));
	snprintf(buf, sz, "%04u%02u%02u", (unsigned)g_date_get_year(&lo),
	    (unsigned)g_date_get_month(&lo), (unsigned)g_date_get_day(&lo));
}

/*
 * A DESIGN-R record of 7 characters: the depth (0 d0, 1 d1, 2 d2, 3 D3,
 * 4 D4, 5 D5, D DTI, U unstageable), then E, S, I, G, N, P as digits,
 * all 0 without an ulcer.
 */
static const char *
dpc_design(struct dpc *w, char depth, char *buf, size_t sz)
{
	if (depth == '0')
		snprintf(buf, sz, "0000000");
	else
		snprintf(buf, sz, "%c%d%d%d%d%d0", depth,
		    qi_synth_rng_int(&w->rng, 0, 3),
		    qi_synth_rng_int(&w->rng, 0, 9),
		    qi_synth_rng_int(&w->rng, 0, 1),
		    qi_synth_rng_int(&w->rng, 0, 3),
		    qi_synth_rng_int(&w->rng, 0, 3));
	return buf;
}

static int
dpc_is(const char *dx, const char *pfx)
{
	return dx != NULL && strncmp(dx, pfx, strlen(pfx)) == 0;
}

static void
dpc_stay_ff1(struct dpc *w, const struct qi_synth_stay *s)
{
	char adm[16], dis[16], birth[16], prev[16], sex[16], route[16];
	char p5[16], amb[16], outc[16], d24[16], lvl[16], jcs[16], num[16];
	char num2[16], a3[40], a4[40], a5[40], when[16], n1[16], n2[16];
	char n3[16], d1[16], d2[16];
	const char *v = "20140401";
	char depth[3];
	double u;
	int mi = dpc_month(w, s->dis), i, k, cut, ga;

	qi_synth_date(s->adm, 0, adm, sizeof(adm));
	qi_synth_date(s->dis, 0, dis, sizeof(dis));
	dpc_birth(w, s, birth, sizeof(birth));
	snprintf(sex, sizeof(sex), "%d", s->sex);
	dpc_ff1(w, s, mi, "0", "A000010", v, 0, P9(birth, sex));

	u = qi_synth_rng_unif(&w->rng);
	snprintf(route, sizeof(route), "%d", u < 0.85 ? 1 : u < 0.95 ? 4 : 5);
	if (!s->emerg)
		snprintf(p5, sizeof(p5), "%d",
		    qi_synth_rng_unif(&w->rng) < 0.1 ? 101 : 100);
	else if (!s->amb && qi_synth_rng_unif(&w->rng) < 0.4)
		snprintf(p5, sizeof(p5), "200");
	else
		snprintf(p5, sizeof(p5), "%d", 300 + qi_synth_rng_int(&w->rng,
		    1, 13));
	snprintf(amb, sizeof(amb), "%d", s->amb);
	dpc_ff1(w, s, mi, "0", "A000020", v, 0, P9(adm, route,
	    qi_synth_rng_unif(&w->rng) < 0.3 ? "1" : "0",
	    qi_synth_rng_unif(&w->rng) < 0.4 ? "1" : "0", p5, amb));

	snprintf(outc, sizeof(outc), "%d", s->outcome);
	snprintf(d24, sizeof(d24), "%d", !s->death24 ? 0 :
	    qi_synth_rng_unif(&w->rng) < 0.2 ? 2 : 1);
	dpc_ff1(w, s, mi, "0", "A000030", v, 0, P9(dis,
	    s->outcome >= 6 && s->outcome <= 7 ? "4" :
	    qi_synth_rng_unif(&w->rng) < 0.8 ? "1" : "5", outc, d24));
	dpc_ff1(w, s, mi, "0", "A000050", "20160401", 0, P9(NULL, "1"));

	if (s->has_prev)
		qi_synth_date(s->prev, 0, prev, sizeof(prev));
	else
		snprintf(prev, sizeof(prev), "%s",
		    qi_synth_rng_unif(&w->rng) < 0.05 ? "00000000" :
		    "99999999");
	dpc_ff1(w, s, mi, "0", "A000070", v, 0, P9(prev));

	dpc_ff1(w, s, mi, "0", "A006010", v, 0, P9(NULL, s->dx_main,
	    NULL, NULL, NULL, NULL, NULL, NULL, dpc_dx_name(s->dx_main)));
	dpc_ff1(w, s, mi, "0", "A006020", v, 0, P9(NULL, s->dx_trigger,
	    NULL, NULL, NULL, NULL, NULL, NULL, dpc_dx_name(s->dx_trigger)));
	dpc_ff1(w, s, mi, "0", "A006030", v, 0, P9(NULL, s->dx_resource,
	    NULL, NULL, NULL, NULL, NULL, NULL,
	    dpc_dx_name(s->dx_resource)));
	for (i = 0; i < s->ncom; i++)
		dpc_ff1(w, s, mi, "0", "A006040", v, i + 1, P9(NULL,
		    s->com[i], NULL, NULL, NULL, NULL, NULL, NULL,
		    dpc_dx_name(s->com[i])));
	k = 0;
	if (s->compl != NULL)
		dpc_ff1(w, s, mi, "0", "A006050", v, ++k, P9(NULL, s->compl,
		    NULL, NULL, NULL, NULL, NULL, NULL,
		    dpc_dx_name(s->compl)));
	for (i = 0; i < s->nxcompl; i++)
		dpc_ff1(w, s, mi, "0", "A006050", v, ++k, P9(NULL,
		    s->xcompl[i], NULL, NULL, NULL, NULL, NULL, NULL,
		    dpc_dx_name(s->xcompl[i])));

	snprintf(lvl, sizeof(lvl), "%d", s->dementia ?
	    qi_synth_rng_int(&w->rng, 1, 5) : 0);
	dpc_ff1(w, s, mi, "0", "A004010", "20160401", 0, P9(NULL, lvl));

	if (s->jcs >= 0) {
		snprintf(jcs, sizeof(jcs), "%d%s", s->jcs, s->jcs > 0 &&
		    qi_synth_rng_unif(&w->rng) < 0.2 ?
		    (const char *const[]){ "R", "I", "A" }[
		    qi_synth_rng_int(&w->rng, 0, 2)] : "");
		dpc_ff1(w, s, mi, "0", "JCS0010", v, 0, P9(NULL, jcs));
	}
	if (s->onset_cat > 0) {
		snprintf(num, sizeof(num), "%d", qi_synth_rng_int(&w->rng,
		    0, 3));
		snprintf(num2, sizeof(num2), "%d", s->onset_cat);
		dpc_ff1(w, s, mi, "0", "M010010", v, 0, P9(NULL, num, num2));
	}
	if (s->killip_item) {
		snprintf(num, sizeof(num), "%d", s->killip);
		dpc_ff1(w, s, mi, "0", "M050030", v, 0, P9(NULL, num));
	}
	if (dpc_is(s->dx_resource, "I50") || dpc_is(s->dx_resource, "I11") ||
	    dpc_is(s->dx_resource, "I13")) {
		snprintf(num, sizeof(num), "%d", qi_synth_rng_int(&w->rng,
		    2, 4));
		if (s->v2024)
			dpc_ff1(w, s, mi, "0", "M050011", "20240601", 0,
			    P9(NULL, num));
		else
			dpc_ff1(w, s, mi, "0", "M050010", v, 0,
			    P9(NULL, num));
	}
	if (s->dx_main[0] == 'C') {
		if (s->stage >= 0) {
			snprintf(n1, sizeof(n1), "T%d", s->stage == 0 ? 0 :
			    qi_synth_rng_int(&w->rng, 1, 4));
			snprintf(n2, sizeof(n2), "N%d", s->stage <= 2 ? 0 :
			    qi_synth_rng_int(&w->rng, 1, 3));
			snprintf(n3, sizeof(n3), "M%d", s->stage == 4 &&
			    qi_synth_rng_unif(&w->rng) < 0.7);
			dpc_ff1(w, s, mi, "0", "CAN0020", v, 0, P9(NULL, "0",
			    n1, n2, n3, "8"));
			snprintf(num, sizeof(num), "%d%s", s->stage,
			    s->stage == 0 ? "" : (const char *const[]){ "",
			    "A", "B", "C" }[qi_synth_rng_int(&w->rng, 0, 3)]);
		} else
			snprintf(num, sizeof(num), "9");
		dpc_ff1(w, s, mi, "0", "CAN0030", v, 0, P9(NULL, NULL, num));
	}
	/* Operations: the K codes of the stay's procedures. */
	for (i = k = 0; i < s->nev; i++) {
		if (s->ev[i].code[0] != 'K' ||
		    s->ev[i].day < 0 || s->ev[i].day > s->dis - s->adm)
			continue;
		ga = 0;
		for (cut = 0; cut < s->nev; cut++)
			ga |= s->ev[cut].day == s->ev[i].day &&
			    strcmp(s->ev[cut].code, "L0081") == 0;
		qi_synth_date(s->adm + s->ev[i].day, 0, when, sizeof(when));
		dpc_ff1(w, s, mi, "0", "A007010", v, ++k, P9(when,
		    s->ev[i].code, NULL, NULL, NULL, ga ? "1" : "9",
		    ga ? "1" : "0"));
	}
	if (s->v2024) {
		/* DESIGN-R: new ulcers of depth d2 or worse are the
		   sample's pressure_ulcer; one present at admission
		   (L89 comorbidity) is not new. */
		depth[0] = depth[1] = depth[2] = '0';
		for (i = 0; i < s->ncom; i++)
			if (dpc_is(s->com[i], "L89"))
				depth[0] = depth[1] = depth[2] = '3';
		if (s->pu) {
			depth[0] = qi_synth_rng_unif(&w->rng) < 0.2 ? '1' :
			    '0';
			u = qi_synth_rng_unif(&w->rng);
			depth[2] = u < 0.55 ? '2' : u < 0.75 ? '3' :
			    u < 0.82 ? '4' : u < 0.85 ? '5' : u < 0.95 ?
			    'D' : 'U';
			depth[1] = qi_synth_rng_unif(&w->rng) < 0.5 ? '1' :
			    depth[2];
		} else if (depth[0] == '0' &&
		    qi_synth_rng_unif(&w->rng) < 0.05)
			depth[2] = '1';
		if (depth[2] != '0')
			qi_synth_date(s->adm + qi_synth_rng_int(&w->rng, 0,
			    s->dis - s->adm), 0, when, sizeof(when));
		else
			when[0] = '\0';
		dpc_ff1(w, s, mi, "0", "A001040", "20240601", 0, P9(NULL,
		    NULL, dpc_design(w, depth[0], a3, sizeof(a3)),
		    dpc_design(w, depth[1], a4, sizeof(a4)),
		    dpc_design(w, depth[2], a5, sizeof(a5)), when));
		snprintf(num, sizeof(num), "%d", s->falls);
		snprintf(num2, sizeof(num2), "%d", s->falls_3b);
		dpc_ff1(w, s, mi, "0", "A004040", "20240601", 0, P9(NULL, num,
		    num2));
		snprintf(num, sizeof(num), "%d", s->restraint);
		dpc_ff1(w, s, mi, "0", "A004050", "20240601", 0, P9(NULL,
		    num));
	}
	/* Ward-group segments of some long stays. */
	if (s->dis - s->adm >= 10 && qi_synth_rng_unif(&w->rng) < 0.15) {
		cut = s->adm + qi_synth_rng_int(&w->rng, 3, s->dis - s->adm - 3);
		for (i = 0; i < 2; i++) {
			qi_synth_date(i == 0 ? s->adm : cut + 1, 0, d1,
			    sizeof(d1));
			qi_synth_date(i == 0 ? cut : s->dis, 0, d2, sizeof(d2));
			dpc_ff1(w, s, mi, i == 0 ? "1" : "2", "A000031",
			    "20160401", 0, P9(d1, d2));
			dpc_ff1(w, s, mi, i == 0 ? "1" : "2", "A000050",
			    "20160401", 0, P9(NULL, "1"));
			dpc_ff1(w, s, mi, i == 0 ? "1" : "2", "A006010", v, 0,
			    P9(NULL, s->dx_main, NULL, NULL, NULL, NULL, NULL,
			    NULL, dpc_dx_name(s->dx_main)));
		}
	}
}

/* ----------------------------------------------------------------- FF4 */

static void
dpc_stay_ff4(struct dpc *w, const struct qi_synth_stay *s)
{
	char adm[16], dis[16];
	int cls = 0;
	double u;

	if (!s->insured) {
		u = qi_synth_rng_unif(&w->rng);
		cls = u < 0.6 ? 1 : u < 0.8 ? 2 : u < 0.95 ? 3 : 4;
	}
	qi_synth_date(s->adm, 0, adm, sizeof(adm));
	qi_synth_date(s->dis, 0, dis, sizeof(dis));
	g_string_append_printf(w->line, "%s\t%010lu\t%s\t%s\t%d\t%d\r\n",
	    w->fac, s->pid, dis, adm, s->kaisu, cls);
	dpc_put(w, DPC_FF4, dpc_month(w, s->dis), 0);
}

/* ------------------------------------------------------------------ EF */

/* One EF row of an act into w->line. */
static void
dpc_ef_row(struct dpc *w, const struct qi_synth_stay *s, int dis_known,
    const char *kubun, int seq, int row, const char *receipt,
    const char *kaishaku, const char *name, const char *use,
    const char *pts, const char *dekidaka, long act_pts, long drug_fee,
    long kaisu, int day, int outpatient)
{
	char b1[16], b2[16], b3[16];
	const char *adm = dpc_date(w, s->adm, b1, sizeof(b1));
	const char *dis = dis_known ? dpc_date(w, s->dis, b2, sizeof(b2)) :
	    "00000000";
	const char *when = dpc_date(w, s->adm + day, b3, sizeof(b3));
	g_string_append_printf(w->line,
	    "%s\t%010lu\t%s\t%s\t%s\t%04d\t%03d\t%s\t%s\t%s\t%s\t%s\t%s\t"
	    "%s\t%s\t%s\t000000000000\t%ld\t%ld\t0\t%ld\t%08lu\t%s\t%s\t"
	    "01\t%03zu\tD%04zu\t%s\t%s\t%d\t1\r\n",
	    w->fac, s->pid, dis, adm, kubun, seq, row, receipt, receipt,
	    kaishaku, name, use, use[0] != '\0' ? "1" : "", pts,
	    pts[0] != '\0' ? "1" : "", dekidaka, act_pts, drug_fee, kaisu,
	    s->insured ? 6130000UL + (unsigned long)w->hidx % 97 : 0UL,
	    s->insured ? "1111" : "1911", when,
	    (size_t)(10 + (s->pid % 7) * 10), 1 + (s->pid % 40),
	    outpatient ? "" : (s->pid % 3 ? "W31" : "W52"),
	    outpatient ? "" : "1", outpatient);
}

/* An act of the stay: parent row 000 and its details. */
static void
dpc_act(struct dpc *w, const struct qi_synth_stay *s,
    const struct qi_synth_ev *e, int seq)
{
	const struct dpc_item *it = dpc_item(e->code);
	int dmi = dpc_month(w, s->dis);
	int mi = dpc_month(w, s->adm + e->day);
	int known = mi >= dmi, out = e->day < 0 || e->day > s->dis - s->adm;
	int own = strcmp(e->code, QI_SYNTH_OWN_DRUG) == 0;
	long pts, kaisu, act;
	char use[32], mp[32];
	const char *kubun, *receipt, *kai, *name;

	if (it == NULL) {	/* not expected: written as "other" */
		kubun = "80";
		receipt = "199999999";
		kai = e->code;
		name = "その他";
		pts = 0;
	} else {
		kubun = it->kubun;
		receipt = it->receipt;
		kai = it->drug ? "" : it->code;
		name = it->name;
		pts = it->points;
	}
	if (it != NULL && it->drug) {
		/* 使用量 1, 行為回数 the quantity: qty = 行為回数 x 使用量
		   either way. */
		snprintf(use, sizeof(use), "1");
		kaisu = lround(e->qty);
		act = own ? 0 : lround(pts / 10.0) < 1 ? 1 : lround(pts / 10.0);
		snprintf(mp, sizeof(mp), "%ld", own ? 0 : pts);
		g_hash_table_insert(w->drugs, (gpointer)it->receipt,
		    (gpointer)it->code);
	} else {
		use[0] = '\0';
		kaisu = lround(e->qty);
		act = pts;
		snprintf(mp, sizeof(mp), "%ld", pts);
	}
	dpc_ef_row(w, s, known, kubun, seq, 0, receipt, kai, name, "", "", "",
	    act, it != NULL && it->drug ? act : 0, kaisu, e->day, out);
	dpc_ef_row(w, s, known, kubun, seq, 1, receipt, kai, name, use, mp,
	    mp, act, it != NULL && it->drug ? act : 0, kaisu, e->day, out);
	if (own)
		dpc_ef_row(w, s, known, kubun, seq, 2, "820100001", "",
		    "持参薬", "", "", "", act, 0, kaisu, e->day, out);
	else if (strcmp(e->code, "D0183") == 0 &&
	    qi_synth_rng_unif(&w->rng) < 0.5)
		dpc_ef_row(w, s, known, kubun, seq, 2, "842100013", "",
		    "採取時刻：１０時００分～１０時１５分", "", "", "", act,
		    0, kaisu, e->day, out);
	dpc_put(w, DPC_EF, mi, s->adm + e->day);
}

static void
dpc_stay_ef(struct dpc *w, const struct qi_synth_stay *s)
{
	struct qi_synth_ev own = { 0, QI_SYNTH_OWN_DRUG, "drug", 1 };
	int i;

	if (s->own_drug)
		dpc_act(w, s, &own, 499 + 500 * s->kaisu);
	/* 順序番号: the second admission of a day numbers on from 501. */
	for (i = 0; i < s->nev; i++)
		dpc_act(w, s, &s->ev[i], i + 1 + 500 * s->kaisu);
}

/*
 * Patients still in hospital when the data end: admitted in March
 * 2025, EF rows of March, no 様式1 yet.
 */
static void
dpc_open_stays(struct dpc *w)
{
	struct qi_synth_stay *s = g_new0(struct qi_synth_stay, 1);
	int k, d;

	for (k = 0; k < 2; k++) {
		memset(s, 0, sizeof(*s));
		s->pid = ++w->maxpid;
		s->adm = QI_SYNTH_NDAYS - qi_synth_rng_int(&w->rng, 1, 20);
		s->dis = QI_SYNTH_NDAYS + 30;	/* not yet, as EF shows it */
		s->insured = 1;
		d = QI_SYNTH_NDAYS - 1 - s->adm;
		s->ev[0] = (struct qi_synth_ev){ 0, "A1001", "fee", d + 1 };
		s->ev[1] = (struct qi_synth_ev){ 0, "D0183", "test", 1 };
		s->nev = 2;
		dpc_stay_ef(w, s);
	}
	g_free(s);
}

/* ------------------------------------------------------------- driving */

/* Set the current hospital to s's, writing out the previous one. */
static int
dpc_hospital(struct dpc *w, const struct qi_synth_stay *s)
{
	const struct qi_hospital *h;

	if (s != NULL && s->hidx == w->hidx)
		return 0;
	if (w->hidx != SIZE_MAX) {
		dpc_open_stays(w);
		if (dpc_flush(w, INT32_MAX) != 0)
			return -1;
	}
	if (s == NULL)
		return 0;
	w->hidx = s->hidx;
	h = &w->reg->hosps[s->hidx];
	qi_synth_facility_code(h->id, h->region, w->fac, sizeof(w->fac));
	w->utf8 = s->hidx % 43 == 42;
	w->header = s->hidx % 3 == 1;
	w->maxpid = 0;
	return 0;
}

static int
dpc_stay(const struct qi_synth_stay *s, void *arg)
{
	struct dpc *w = arg;

	if (dpc_hospital(w, s) != 0)
		return -1;
	if (s == NULL)
		return 0;
	if (s->pid > w->maxpid)
		w->maxpid = s->pid;
	dpc_stay_ff1(w, s);
	dpc_stay_ff4(w, s);
	dpc_stay_ef(w, s);
	return dpc_flush(w, s->dis - DPC_LAG);
}

static gint
dpc_str_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* drug_master.csv: the receipt codes written, their YJ codes. */
static int
dpc_drug_master(struct dpc *w)
{
	GPtrArray *keys = g_ptr_array_new();
	GHashTableIter it;
	gpointer k;
	char *path = g_build_filename(w->dir, "drug_master.csv", NULL);
	FILE *fp;
	guint i;
	int rc = 0;

	g_hash_table_iter_init(&it, w->drugs);
	while (g_hash_table_iter_next(&it, &k, NULL))
		g_ptr_array_add(keys, k);
	g_ptr_array_sort(keys, dpc_str_cmp);
	if ((fp = fopen(path, "w")) == NULL)
		rc = -1;
	else {
		if (fputs("receipt_code,yj_code\n", fp) < 0)
			rc = -1;
		for (i = 0; rc == 0 && i < keys->len; i++)
			if (fprintf(fp, "%s,%s\n", (char *)keys->pdata[i],
			    (char *)g_hash_table_lookup(w->drugs,
			    keys->pdata[i])) < 0)
				rc = -1;
		if (fclose(fp) != 0)
			rc = -1;
	}
	if (rc != 0 && w->failed == NULL) {
		w->err = errno != 0 ? errno : EIO;
		w->failed = g_strdup(path);
	}
	g_free(path);
	g_ptr_array_free(keys, TRUE);
	return rc;
}

/*
 * Add the column facility_code to dir/hospitals.csv as qi_synth_write()
 * wrote it (one line a hospital, no line breaks inside fields).
 */
static enum qi_err
dpc_facility_codes(const char *path, const struct qi_registry *reg,
    struct qi_diag *diag)
{
	GString *out = g_string_new(NULL);
	char *text = NULL, **lines = NULL, fac[16], *tmp;
	GError *err = NULL;
	size_t i, n = 0;
	enum qi_err rc = QI_ESYS;

	if (!g_file_get_contents(path, &text, NULL, &err))
		goto out;
	lines = g_strsplit(text, "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		if (lines[i][0] == '\0')
			continue;
		if (i == 0) {
			if (strstr(lines[0], "facility_code") != NULL) {
				rc = QI_OK;	/* already there */
				goto out;
			}
			g_string_append_printf(out, "%s,facility_code\n",
			    lines[0]);
			continue;
		}
		if (n >= reg->nhosps)
			break;
		qi_synth_facility_code(reg->hosps[n].id, reg->hosps[n].region,
		    fac, sizeof(fac));
		n++;
		g_string_append_printf(out, "%s,%s\n", lines[i], fac);
	}
	if (n != reg->nhosps) {
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "%zu hospitals in the registry, %zu rows", reg->nhosps, n);
		goto out;
	}
	tmp = g_strconcat(path, ".tmp", NULL);
	if (g_file_set_contents(tmp, out->str, (gssize)out->len, &err) &&
	    rename(tmp, path) == 0)
		rc = QI_OK;
	g_free(tmp);
out:
	if (rc != QI_OK && err != NULL)
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL, "%s",
		    err->message);
	else if (rc != QI_OK && n == reg->nhosps)
		qi_diag_add(diag, QI_ERROR, path, 0, 0, NULL,
		    "cannot write: %s", strerror(errno));
	g_clear_error(&err);
	g_strfreev(lines);
	g_free(text);
	g_string_free(out, TRUE);
	return rc;
}

enum qi_err
qi_synth_dpc_write(const char *dir, const struct qi_synth_stays_cfg *cfg,
    struct qi_diag *diag)
{
	struct qi_registry *reg = NULL;
	struct qi_diag *scratch;
	struct dpc *w;
	char *po, *ph;
	int k, mi;
	enum qi_err rc;

	po = g_build_filename(dir, "organisations.csv", NULL);
	ph = g_build_filename(dir, "hospitals.csv", NULL);
	w = g_new0(struct dpc, 1);
	w->cd = (GIConv)-1;
	if ((rc = qi_registry_load(po, ph, NULL, &reg, diag)) != QI_OK)
		goto out;
	w->dir = dir;
	w->reg = reg;
	w->hidx = SIZE_MAX;
	w->line = g_string_sized_new(512);
	w->drugs = g_hash_table_new(g_str_hash, g_str_equal);
	w->ymd = g_malloc(DPC_NDAY * sizeof(*w->ymd));
	w->mon = g_new(int, DPC_NDAY);
	for (k = 0; k < DPC_NDAY; k++) {
		qi_synth_date(DPC_DAY0 + k, 0, w->ymd[k], sizeof(w->ymd[k]));
		w->mon[k] = dpc_month_of(DPC_DAY0 + k);
	}
	qi_synth_rng_seed(&w->rng, cfg->seed ^ 0x44504346494c4553UL);
	if ((w->cd = g_iconv_open("CP932", "UTF-8")) == (GIConv)-1) {
		qi_diag_add(diag, QI_ERROR, NULL, 0, 0,
		    "the C library's iconv must know CP932",
		    "cannot convert to CP932: %s", strerror(errno));
		rc = QI_ESYS;
		goto out;
	}
	if ((rc = dpc_facility_codes(ph, reg, diag)) != QI_OK)
		goto out;
	/* The generator's own message names no file: one error, ours. */
	scratch = qi_diag_alloc();
	rc = qi_synth_stays_each(reg, cfg, dpc_stay, w, NULL, scratch);
	if (rc == QI_OK && dpc_drug_master(w) != 0)
		rc = QI_ESYS;
	if (rc != QI_OK && w->failed != NULL)
		qi_diag_add(diag, QI_ERROR, w->failed, 0, 0,
		    "check the free space of the output device",
		    "cannot write: %s", strerror(w->err));
	else if (rc != QI_OK)
		qi_diag_add(diag, QI_ERROR, dir, 0, 0, NULL,
		    "cannot write the synthetic DPC files");
	qi_diag_free(scratch);
out:
	for (k = 0; k < DPC__N; k++)
		for (mi = 0; mi < DPC_NMONTH; mi++)
			if (w->buf[k][mi] != NULL) {
				for (guint i = 0; i < w->buf[k][mi]->len; i++)
					g_free(g_array_index(w->buf[k][mi],
					    struct dpc_block, i).text);
				g_array_free(w->buf[k][mi], TRUE);
			}
	if (w->cd != (GIConv)-1)
		g_iconv_close(w->cd);
	if (w->line != NULL)
		g_string_free(w->line, TRUE);
	if (w->drugs != NULL)
		g_hash_table_destroy(w->drugs);
	g_free(w->failed);
	g_free(w->ymd);
	g_free(w->mon);
	g_free(w);
	qi_registry_free(reg);
	g_free(po);
	g_free(ph);
	return rc;
}
