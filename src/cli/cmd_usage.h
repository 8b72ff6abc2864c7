/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_usage.h -- pieces of usage text that several commands' help shares
 * (cmd_NAME.c), each a run of option lines ending in a newline, to be
 * joined with the command's own lines by string concatenation.
 */
#ifndef QI_CMD_USAGE_H
#define QI_CMD_USAGE_H

#define COMMON_IO \
	"  -o, --output DIR         where outputs go (default: output)\n" \
	COMMON_DEFS
#define COMMON_DEFS \
	"  -i, --indicators DIR     definition files (default: those shipped with qi)\n"
/* -d and the registry files; COMMON_DATA adds --counts and --encoding. */
#define COMMON_REGISTRY \
	"  -d, --data DIR           folder with organisations.csv,\n" \
	"                           hospitals.csv and the data: counts.csv,\n" \
	"                           stays.csv and events.csv, or the DPC\n" \
	"                           files (FF1_*, EFn_*, FF4_*.txt[.gz|.zst])\n" \
	"      --organisations FILE  organisations (code,name_ja,name_en,url)\n" \
	"      --hospitals FILE     hospitals (id,org,name_ja,name_en,region,beds,\n" \
	"                           facility_code)\n"
#define COMMON_ENCODING \
	"      --encoding ENC       input encoding: utf-8 (default; DPC files:\n" \
	"                           each file's own), cp932 (also sjis)\n"
#define COMMON_DATA COMMON_REGISTRY \
	"      --counts FILE        counts (hospital,indicator,period,\n" \
	"                           numerator,denominator)\n" \
	COMMON_ENCODING
#define COMMON_PATIENT \
	"      --stays FILE         patient-level stays (DPC 様式1), with --events\n" \
	"      --events FILE        their activity events (EF); -d DIR takes\n" \
	"                           DIR/stays.csv and DIR/events.csv if present\n" \
	"      --items FILE         their 様式1 items (items.csv); -d DIR takes\n" \
	"                           DIR/items.csv if present\n" \
	"      --skip-bad-rows      skip bad rows of stays/events, counted by reason\n" \
	"                           in results.json (default: stop at errors)\n" \
	"      --jobs N             read the records in N threads (default 1)\n"
#define COMMON_CHART \
	"      --format LIST        chart formats: png,pdf,svg (default png,pdf)\n" \
	"      --indicator ID       only this indicator's charts\n" \
	"      --period P           only this period (FY2024, FY2024Q1)\n" \
	"      --charts LIST        chart kinds: caterpillar, funnel, compare,\n" \
	"                           trend, profile, spc, vlad, or all\n" \
	"                           (default: caterpillar,funnel,compare,\n" \
	"                           trend)\n" \
	"      --2x                 also NAME@2x.png at twice the pixels\n" \
	"      --quiet              no progress line on the terminal\n"
#define COMMON_HISTORY \
	"      --history FILE       results.csv of an earlier run (earlier\n" \
	"                           definition versions too), joined to the\n" \
	"                           trend only; repeatable\n"

/* The commands that print a table (compare, explain, variants, stats). */
#define PRINT_OPTIONS \
	"      --as FORMAT          table, csv or json (default: a table on a\n" \
	"                           terminal, csv otherwise)\n" \
	"      --digits N           significant digits, 1 to 17 (default: the\n" \
	"                           fewest that read back; the tables of compare\n" \
	"                           and variants round for reading)\n"

#endif /* QI_CMD_USAGE_H */
