#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# run.sh -- the patient-level speed benchmark of qi, run by hand (not a
# test).  Builds qi in Release, generates a synthetic sample of about
# STAYS stays with their events (qi synth), then times in one run:
#   (a)  bare libcsv: parse both files, count fields, nothing else
#   (a') the qi reader alone: stays joined with events, values converted
#   (b)  qi computing every shipped indicator, 1 thread
#   (c)  the same with 2 threads (2 shards of the stays file, merged)
#   (d)  DuckDB (node, @duckdb/node-api) running bench/indicators.sql,
#        2 threads
# and prints MB/s, stays/s, CPU seconds and peak RSS, with ratios against
# (a).  Each case runs RUNS times; the fastest wall time is kept.  The
# DuckDB result is checked against qi's tallies, key by key.
#
# Usage: bench/run.sh [STAYS]   (default 5000000; env RUNS, default 3)
# Needs: cmake, gcc, libcsv, node + npm (installs bench/node_modules).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
stays_n=${1:-5000000}
runs=${RUNS:-3}
build=$here/bin
data=$here/data/$stays_n

# ----------------------------------------------------------------- build
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target qi >/dev/null
libs="-lcsv -lm $(pkg-config --libs glib-2.0 gsl libcrypto yaml-0.1 zlib libzstd)"
gcc -O2 -o "$build/bare_libcsv" "$here/bare_libcsv.c" -lcsv
# shellcheck disable=SC2086
# the records stage and the stages below it (src/base .. src/records)
gcc -O2 -I"$src/src/base" -I"$src/src/stats" -I"$src/src/defs" \
	-I"$src/src/records" -o "$build/read_records" "$here/read_records.c" \
	"$build/libqi_records.a" "$build/libqi_defs.a" "$build/libqi_stats.a" \
	"$build/libqi_base.a" $libs
qi=$build/qi
if [ ! -d "$here/node_modules/@duckdb/node-api" ]; then
	(cd "$here" && npm install --no-audit --no-fund >/dev/null)
fi

# ------------------------------------------------------------------ data
if [ ! -s "$data/sample/events.csv" ]; then
	rm -rf "$data"
	mkdir -p "$data"
	"$qi" synth -i "$src/indicators" -o "$data" --total-stays "$stays_n" \
		>/dev/null
fi
s=$data/sample/stays.csv
e=$data/sample/events.csv
bytes=$(( $(stat -c %s "$s") + $(stat -c %s "$e") ))
nstays=$(( $(wc -l < "$s") - 1 ))
nevents=$(( $(wc -l < "$e") - 1 ))

# ------------------------------------------------------------- measuring
# time_best NAME CMD...: run RUNS times; keep the fastest wall time, with
# its CPU time (user + system) and the largest peak RSS.
declare -A wall cpu rss
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
time_best() {
	local name=$1 i best="" bcpu="" maxrss=0 t
	shift
	for ((i = 0; i < runs; i++)); do
		/usr/bin/time -o "$tmp" -f '%e %U %S %M' "$@" >/dev/null 2>&1
		read -r w u sy m <"$tmp"
		if [ -z "$best" ] || awk -v a="$w" -v b="$best" 'BEGIN{exit !(a<b)}'; then
			best=$w
			bcpu=$(awk -v a="$u" -v b="$sy" 'BEGIN{printf "%.2f", a+b}')
		fi
		[ "$m" -gt "$maxrss" ] && maxrss=$m
	done
	wall[$name]=$best
	cpu[$name]=$bcpu
	rss[$name]=$maxrss
}

# every command must succeed once before it is timed
"$build/bare_libcsv" "$s" "$e" >/dev/null
"$build/read_records" "$s" "$e" "$src/indicators/codes" >/dev/null
"$qi" compute -i "$src/indicators" -d "$data/sample" --tallies-only \
	--jobs 1 -o - >"$data/tallies1.csv"
"$qi" compute -i "$src/indicators" -d "$data/sample" --tallies-only \
	--jobs 2 -o - >"$data/tallies2.csv"
cmp -s "$data/tallies1.csv" "$data/tallies2.csv" ||
	{ echo "run.sh: 1 and 2 threads disagree" >&2; exit 1; }
node "$here/duckdb.mjs" "$s" "$e" "$src/indicators/codes" 2 \
	"$data/duckdb.csv" >/dev/null
agree=$(awk -F, -f "$here/compare.awk" "$data/tallies1.csv" "$data/duckdb.csv" | tail -1)

time_best a "$build/bare_libcsv" "$s" "$e"
time_best a1 "$build/read_records" "$s" "$e" "$src/indicators/codes"
time_best b "$qi" compute -i "$src/indicators" -d "$data/sample" \
	--tallies-only --jobs 1 -o -
time_best c "$qi" compute -i "$src/indicators" -d "$data/sample" \
	--tallies-only --jobs 2 -o -
time_best d node "$here/duckdb.mjs" "$s" "$e" "$src/indicators/codes" 2

# the patients' next stays (specs/definitions.md 2.10): one definition
# that reads them, readmission_30d_index, alone -- a second read of the
# stays and two external sorts before the pass -- against one that does
# not, readmission_6w, alone
one=$(mktemp -d)
for id in readmission_6w readmission_30d_index; do
	mkdir -p "$one/$id"
	cp -r "$src/indicators/codes" "$one/$id/"
	cp "$src/indicators/$id.yaml" "$one/$id/"
done
# the records without counts.csv, which has rows of other definitions
only=(--organisations "$data/sample/organisations.csv"
	--hospitals "$data/sample/hospitals.csv"
	--stays "$data/sample/stays.csv" --events "$data/sample/events.csv")
time_best l0 "$qi" compute -i "$one/readmission_6w" "${only[@]}" \
	--tallies-only --jobs 1 -o -
time_best l "$qi" compute -i "$one/readmission_30d_index" "${only[@]}" \
	--tallies-only --jobs 1 -o -

# memory flat in the number of stays: (b) on a sample 10 times smaller
small=$here/data/$((stays_n / 10))
if [ ! -s "$small/sample/events.csv" ]; then
	rm -rf "$small"
	mkdir -p "$small"
	"$qi" synth -i "$src/indicators" -o "$small" \
		--total-stays $((stays_n / 10)) >/dev/null
fi
/usr/bin/time -o "$tmp" -f '%M' "$qi" compute -i "$src/indicators" \
	-d "$small/sample" --tallies-only --jobs 1 -o - >/dev/null 2>&1
rss_small=$(cat "$tmp")
/usr/bin/time -o "$tmp" -f '%M' "$qi" compute -i "$one/readmission_30d_index" \
	--organisations "$small/sample/organisations.csv" \
	--hospitals "$small/sample/hospitals.csv" \
	--stays "$small/sample/stays.csv" --events "$small/sample/events.csv" \
	--tallies-only --jobs 1 -o - >/dev/null 2>&1
rss_small_l=$(cat "$tmp")
# the same two runs without the definitions that have a risk model, whose
# covariate-pattern tallies grow with the patterns seen (see README.md)
norisk=$(mktemp -d)
trap 'rm -f "$tmp"; rm -rf "$norisk" "$one"' EXIT
cp -r "$src/indicators/codes" "$norisk/"
for f in "$src"/indicators/*.yaml; do
	grep -q '^risk_model:' "$f" || cp "$f" "$norisk/"
done
declare -A rss_norisk
for n in "$small" "$data"; do
	/usr/bin/time -o "$tmp" -f '%M' "$qi" compute -i "$norisk" \
		--organisations "$n/sample/organisations.csv" \
		--hospitals "$n/sample/hospitals.csv" \
		--stays "$n/sample/stays.csv" --events "$n/sample/events.csv" \
		--tallies-only --jobs 1 -o - >/dev/null 2>&1
	rss_norisk[$n]=$(cat "$tmp")
done

# ---------------------------------------------------------------- report
echo "qi patient-level benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores,"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg); best of $runs runs"
echo "data: $nstays stays, $nevents events, $((bytes / 1000000)) MB" \
	"(stays.csv + events.csv, warm page cache)"
echo "DuckDB vs qi tallies (den, num, exposure by hospital x quarter x indicator): $agree"
echo
printf '| %-35s | %7s | %7s | %8s | %10s | %8s | %6s |\n' case "wall s" "CPU s" "MB/s" "stays/s" "RSS MB" "vs (a)"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' "-------------------------------------" --------: --------: ---------: -----------: ---------: -------:
for k in a a1 b c d l0 l; do
	case $k in
	a) label="(a) bare libcsv, count fields" ;;
	a1) label="(a') qi reader only (join, convert)" ;;
	b) label="(b) qi, all indicators, 1 thread" ;;
	c) label="(c) qi, all indicators, 2 threads" ;;
	d) label="(d) DuckDB (node), 2 threads" ;;
	l0) label="(l0) qi, readmission_6w alone" ;;
	l) label="(l) qi, readmission_30d_index alone" ;;
	esac
	awk -v l="$label" -v w="${wall[$k]}" -v c="${cpu[$k]}" -v r="${rss[$k]}" \
		-v b="$bytes" -v n="$nstays" -v a="${wall[a]}" 'BEGIN {
		printf "| %-35s | %7.2f | %7.2f | %8.0f | %10.0f | %8.1f | %5.2fx |\n",
		    l, w, c, b / 1e6 / w, n / w, r / 1024, w / a }'
done
echo
awk -v b="${wall[b]}" -v c="${wall[c]}" -v a="${wall[a]}" -v d="${wall[d]}" 'BEGIN {
	printf "targets: (b) <= 1.25x (a): %.2fx %s; ", b / a, ((b / a <= 1.25) ? "met" : "NOT met")
	printf "(c) faster than (a): %.2fx %s; ", c / a, ((c < a) ? "met" : "NOT met")
	printf "(d)/(c) >= 3: %.2f %s\n", d / c, ((d / c >= 3) ? "met" : "NOT met") }'
echo "memory: (b) peak RSS $((rss_small / 1024)) MB with $((stays_n / 10)) stays," \
	"$((${rss[b]} / 1024)) MB with $stays_n"
awk -v l="${wall[l]}" -v l0="${wall[l0]}" -v cl="${cpu[l]}" -v cl0="${cpu[l0]}" 'BEGIN {
	printf "next stays: (l) / (l0) %.2fx wall, %.2fx CPU (the link pass: a second read of the stays; sorts only when the stays of a patient are scattered)\n", l / l0, cl / cl0 }'
echo "memory of (l): $((rss_small_l / 1024)) MB with $((stays_n / 10)) stays," \
	"$((${rss[l]} / 1024)) MB with $stays_n (in patient order: one patient's stays; scattered: the 64 MiB sort budget)"
echo "memory without risk-model definitions: $((${rss_norisk[$small]} / 1024)) MB" \
	"with $((stays_n / 10)) stays, $((${rss_norisk[$data]} / 1024)) MB with $stays_n"
