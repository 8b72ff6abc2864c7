#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# dpc.sh -- the DPC-file speed benchmark, run by hand (not a test).
# Builds qi in Release, writes a synthetic population of about STAYS stays
# as the monthly 様式1/EF/様式4 files hospitals submit (qi synth --format
# dpc: rows of a month by 実施年月日, as hospital systems export them),
# then times in one run, on the same bytes with a warm page cache:
#   (a)  bare libcsv over every FF1 and EF file (tab-separated): rows and
#        fields counted, nothing else
#   (b)  qi compute --tallies-only --data DIR --jobs 1: the files read,
#        sorted, joined and evaluated for every shipped indicator
#   (c)  the same with --jobs 2
#   (i)  qi import dpc (every event written, none filtered)
#   (s)  (b) on the same files with every EF file's rows fully shuffled:
#        time and peak memory (bounded by the sort budget, not the input)
# and prints MB/s, CPU seconds, peak RSS and ratios against (a).  Each
# case runs RUNS times; the fastest wall time is kept.  Before timing it
# checks that (b), (c), (s) and import-then-compute give the same tallies.
#
# Usage: bench/dpc.sh [STAYS]   (default 500000; env RUNS, default 3)
# The synthetic EF holds only the activity the indicators look at (about
# 3 KB a stay); real EF is about 20 KB a stay, mostly fees, drugs and
# materials no code list holds.  PAD=N (default 5) adds N such rows
# (another receipt code, a long 診療明細名称, the same stay and day) after
# every EF row, to bring the files to real proportions.
# Disk: about STAYS x 20 KB under bench/data/dpc-STAYS-padN/ (10 GB for
# 500,000 stays), twice for the shuffled copy, plus the sort's temporary
# files (about the size of the kept EF rows) in the system's temp folder.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
stays_n=${1:-500000}
runs=${RUNS:-3}
build=$here/bin
pad=${PAD:-5}
raw=$here/data/dpc-$stays_n
data=$here/data/dpc-$stays_n-pad$pad
shuf_dir=$here/data/dpc-$stays_n-pad$pad-shuffled
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target qi >/dev/null
sed 's/csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)/csv_init(\&p, CSV_STRICT | CSV_STRICT_FINI) != 0 ||\n\t\t    (csv_set_delim(\&p, 9), 0))/' \
	"$here/bare_libcsv.c" >"$tmp/bare_tab.c"
gcc -O2 -o "$build/bare_libcsv_tab" "$tmp/bare_tab.c" -lcsv
qi=$build/qi

if [ ! -e "$raw/done" ]; then
	rm -rf "$raw"
	"$qi" synth --format dpc --total-stays "$stays_n" -o "$raw" >/dev/null
	touch "$raw/done"
fi
if [ ! -e "$data/done" ]; then
	rm -rf "$data"
	mkdir -p "$data/sample"
	cp "$raw"/sample/*.csv "$raw"/sample/FF1_* "$data/sample/"
	cp "$raw"/sample/FF4_* "$data/sample/" 2>/dev/null || true
	for f in "$raw"/sample/EFn_*; do
		# after each act's row, PAD rows of a fee no list holds: a
		# 順序番号 of its own (9000+), names as long as real ones
		LC_ALL=C awk -F'\t' -v OFS='\t' -v pad="$pad" '
		NR == 1 { print; next }
		{
			print
			# a long name, in the encoding of the file (CP932 or UTF-8)
			name = $11 $11 $11
			for (i = 1; i <= pad; i++) {
				$6 = 9000 + i; $7 = "001"; $9 = "190000010"
				$10 = "A9999"; $18 = 10; $21 = 1
				$11 = name
				print
			}
		}' "$f" >"$data/sample/$(basename "$f")"
	done
	touch "$data/done"
fi
d=$data/sample
if [ ! -e "$shuf_dir/done" ]; then
	rm -rf "$shuf_dir"
	mkdir -p "$shuf_dir"
	cp "$d"/*.csv "$d"/FF1_* "$shuf_dir"/
	cp "$d"/FF4_* "$shuf_dir"/ 2>/dev/null || true
	for f in "$d"/EFn_*; do
		b=$(basename "$f")
		{ head -1 "$f"; tail -n +2 "$f" | shuf --random-source=<(yes); } \
			>"$shuf_dir/$b"
	done
	touch "$shuf_dir/done"
fi
files=("$d"/FF1_* "$d"/EFn_*)
bytes=$(cat "${files[@]}" | wc -c)
stays=$(cat "$d"/FF1_* | cut -f2-4 | sort -u | wc -l)
echo "data: $d"
printf '%s FF1/EF files, %.1f MB, about %s stays (%.1f KB of FF1+EF a stay)\n' \
	"${#files[@]}" "$(echo "$bytes / 1000000" | bc -l)" "$stays" \
	"$(echo "$bytes / $stays / 1000" | bc -l)"
cat "${files[@]}" >/dev/null

# time_case NAME CMD...: fastest wall of RUNS, its CPU, the largest RSS
declare -A wall cpu rss
time_case() {
	local name=$1 best= bcpu= mrss=0 i w c r
	shift
	for ((i = 0; i < runs; i++)); do
		/usr/bin/time -f '%e %U %S %M' -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" ||
			{ cat "$tmp/err" >&2; echo "case $name failed" >&2; exit 1; }
		read -r w u s r <"$tmp/t"
		c=$(echo "$u + $s" | bc -l)
		if [ -z "$best" ] || (($(echo "$w < $best" | bc -l))); then
			best=$w
			bcpu=$c
		fi
		((r > mrss)) && mrss=$r
	done
	wall[$name]=$best
	cpu[$name]=$bcpu
	rss[$name]=$mrss
}

# the same tallies whatever the path
"$qi" compute --data "$d" --tallies-only --jobs 1 -o - >"$tmp/b.csv" 2>/dev/null
"$qi" compute --data "$d" --tallies-only --jobs 2 -o - >"$tmp/c.csv" 2>/dev/null
"$qi" compute --data "$shuf_dir" --tallies-only -o - >"$tmp/s.csv" 2>/dev/null
# (the flat files beside the sample's registry and counts.csv, as --data reads them)
"$qi" import dpc --data "$d" -o "$tmp/flat" 2>/dev/null
cp "$d"/organisations.csv "$d"/hospitals.csv "$tmp/flat/"
cp "$d"/counts.csv "$tmp/flat/" 2>/dev/null || true
"$qi" compute --data "$tmp/flat" --tallies-only -o - >"$tmp/i.csv" 2>/dev/null
rm -rf "$tmp/flat"
for x in c s i; do
	cmp -s "$tmp/b.csv" "$tmp/$x.csv" || { echo "tallies differ: b and $x" >&2; exit 1; }
done
echo "tallies: (b), (c), shuffled (s) and import-then-compute agree ($(wc -l <"$tmp/b.csv") rows)"

time_case a "$build/bare_libcsv_tab" "${files[@]}"
time_case b "$qi" compute --data "$d" --tallies-only --jobs 1 -o -
time_case c "$qi" compute --data "$d" --tallies-only --jobs 2 -o -
time_case i "$qi" import dpc --data "$d" -o "$tmp/flat"
time_case s "$qi" compute --data "$shuf_dir" --tallies-only --jobs 1 -o -

printf '\n| case | wall s | CPU s | MB/s | peak RSS MB | vs (a) |\n|---|--:|--:|--:|--:|--:|\n'
for k in a b c i s; do
	printf '| (%s) | %.2f | %.2f | %.0f | %.1f | %.2fx |\n' "$k" "${wall[$k]}" \
		"${cpu[$k]}" "$(echo "$bytes / ${wall[$k]} / 1000000" | bc -l)" \
		"$(echo "${rss[$k]} / 1024" | bc -l)" \
		"$(echo "${wall[$k]} / ${wall[a]}" | bc -l)"
done
c_ratio=$(echo "${wall[c]} / ${wall[a]}" | bc -l)
if (($(echo "$c_ratio <= 1" | bc -l))); then
	echo "target (c) <= 1x (a): met"
else
	echo "target (c) <= 1x (a): NOT met ($(printf %.2f "$c_ratio")x)"
fi
