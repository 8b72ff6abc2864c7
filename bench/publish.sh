#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# publish.sh -- how long qi publish takes against qi compute, and how big
# the sites are, on the embedded sample; run by hand (not a test).
#
# In one run: the sample and its results (qi run), then qi compute and qi
# publish timed on the same machine, each RUNS times with the fastest
# wall time kept (and its CPU time).  Prints the publish-to-compute ratio
# of wall times, the time per chart (publish's wall time over the charts
# it drew, each chart in all its formats once per language) and each
# site's size, by kind of file, against the targets of issue 12: each
# site at most 60 MB, publish at most 30 times compute.
#
# With HOSPITALS=N the sample is qi synth --hospitals N instead (N = 172
# is the embedded sample's registry; any other N a national-scale
# population, synth.c), the same report.  SCALE=1 runs it at 172 and at
# 1,700 hospitals (SCALE_N=...) and then prints, per number of hospitals,
# the stays, compute and publish wall times and the sites' total size,
# each also per hospital, and the ratio 1700/172 of each beside the
# ratio of hospitals: a ratio no larger than the hospitals' is growth
# no faster than the number of hospitals (issue 12).
#
# Usage: bench/publish.sh   (env RUNS, default 2, 1 with SCALE; QI=path
#        to skip the Release build; SAMPLE=csv (default) or dpc: the
#        sample's form, which is what qi compute reads; HOSPITALS=N;
#        SCALE=1, SCALE_N (default 1700))
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
sample=${SAMPLE:-csv}
if [ -n "${SCALE:-}" ]; then
	runs=${RUNS:-1}
else
	runs=${RUNS:-2}
fi
if [ -z "${QI:-}" ]; then
	cmake -S "$src" -B "$here/bin" -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build "$here/bin" -j2 --target qi >/dev/null
	QI=$here/bin/qi
fi

tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.size"' EXIT
declare -A wall cpu
time_best() {
	local name=$1 i best="" bcpu="" w u s
	shift
	for ((i = 0; i < runs; i++)); do
		/usr/bin/time -o "$tmp" -f '%e %U %S' "$@" >/dev/null 2>&1
		read -r w u s <"$tmp"
		if [ -z "$best" ] || awk -v a="$w" -v b="$best" 'BEGIN{exit !(a<b)}'; then
			best=$w
			bcpu=$(awk -v a="$u" -v b="$s" 'BEGIN{printf "%.2f", a+b}')
		fi
	done
	wall[$name]=$best
	cpu[$name]=$bcpu
}

# bench_one [N]: the report for the embedded sample (no N) or for qi
# synth --hospitals N; leaves the stays, the wall times and the sites'
# total bytes (hard links once) in last_stays, wall[], last_bytes
bench_one() {
	local n=${1:-} work
	work=$here/data/publish-$sample${n:+-$n}
	rm -rf "$work"
	mkdir -p "$work"
	if [ -z "$n" ]; then
		"$QI" run -i "$src/indicators" -o "$work" --sample-format "$sample" \
			--format png --charts caterpillar --indicator stroke_early_rehab \
			--quiet >/dev/null 2>&1
	else
		"$QI" synth -i "$src/indicators" -o "$work" --format "$sample" \
			--hospitals "$n" >/dev/null 2>&1
	fi
	last_stays=0	# not counted in DPC files (様式1 has rows per item)
	if [ -f "$work/sample/stays.csv" ]; then
		last_stays=$(($(wc -l <"$work/sample/stays.csv") - 1))
	fi

	time_best compute "$QI" compute -i "$src/indicators" -o "$work" -d "$work/sample"
	time_best publish "$QI" publish -i "$src/indicators" -o "$work" --quiet

	local site=$work/site charts files ratio per over o org
	# a chart: one drawing in one language, counted by its SVG (every chart
	# has one; the chart books' pages are these charts again); charts shared
	# by the sites are hard links, counted once
	charts=$(find "$site" -type f -name '*.svg' -printf '%i\n' |
		sort -u | wc -l)
	files=$(find "$site" -type f \( -name '*.png' -o -name '*.pdf' -o -name '*.svg' \) \
		-printf '%i\n' | sort -u | wc -l)
	last_bytes=$(find "$site" -type f -printf '%i %s\n' | sort -u |
		awk '{ t += $2 } END { printf "%.0f", t }')
	ratio=$(awk -v p="${wall[publish]}" -v c="${wall[compute]}" 'BEGIN{printf "%.1f", p/c}')
	per=$(awk -v p="${wall[publish]}" -v n="$charts" 'BEGIN{printf "%.0f", 1000*p/n}')

	echo "qi publish benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores,"
	echo "load average $(cut -d' ' -f1-3 /proc/loadavg); best of $runs runs; sample: $sample${n:+, $n hospitals (qi synth --hospitals)}"
	"$QI" --version 2>/dev/null | head -1
	echo
	printf '| %-8s | %7s | %7s |\n' step "wall s" "CPU s"
	printf '|%s|%s|%s|\n' ---------- --------: --------:
	for k in compute publish; do
		printf '| %-8s | %7s | %7s |\n' "$k" "${wall[$k]}" "${cpu[$k]}"
	done
	echo
	echo "publish / compute (wall): $ratio x (target at most 30)"
	echo "publish / compute (CPU): $(awk -v p="${cpu[publish]}" -v c="${cpu[compute]}" 'BEGIN{printf "%.1f", p/c}') x"
	echo "charts drawn: $charts ($files files); $per ms a chart (wall)"
	echo
	printf '| %-6s | %8s | %8s | %8s | %8s | %8s | %8s | %8s |\n' site "total MB" "PNG 1x" "PNG 2x" PDF SVG HTML other
	printf '|%s|%s|%s|%s|%s|%s|%s|%s|\n' -------- ---------: ---------: ---------: ---------: ---------: ---------: ---------:
	rm -f "$tmp.size"
	for org in "$site"/*/; do
		o=$(basename "$org")
		find "$org" -type f -printf '%s %f\n' | awk -v o="$o" '
		{ if ($2 ~ /_2x\.png$/) k = "2x"; else if ($2 ~ /\.png$/) k = "png"
		  else if ($2 ~ /\.pdf$/) k = "pdf"; else if ($2 ~ /\.svg$/) k = "svg"
		  else if ($2 ~ /\.html$/) k = "html"; else k = "other"
		  b[k] += $1; t += $1 }
		function mb(x) { return sprintf("%.1f", x / 1e6) }
		END { printf "| %-6s | %8s | %8s | %8s | %8s | %8s | %8s | %8s |\n", o, mb(t),
		      mb(b["png"]), mb(b["2x"]), mb(b["pdf"]), mb(b["svg"]), mb(b["html"]), mb(b["other"])
		      print (t > 60e6 ? "over" : "within") > "/dev/stderr" }' 2>>"$tmp.size"
	done
	echo
	over=$(grep -c over "$tmp.size" || true)
	rm -f "$tmp.size"
	echo "sites within 60 MB: $([ "$over" = 0 ] && echo yes || echo "no ($over over)")"
	echo "publish within 30 x compute: $(awk -v r="$ratio" 'BEGIN{print (r <= 30) ? "yes" : "no"}')"
}

if [ -z "${SCALE:-}" ]; then
	bench_one "${HOSPITALS:-}"
	exit 0
fi

declare -A s_stays s_compute s_publish s_bytes
sizes=(172 "${SCALE_N:-1700}")
for n in "${sizes[@]}"; do
	bench_one "$n"
	echo
	s_stays[$n]=$last_stays
	s_compute[$n]=${wall[compute]}
	s_publish[$n]=${wall[publish]}
	s_bytes[$n]=$last_bytes
done

a=${sizes[0]} b=${sizes[1]}
echo "Scale: $a and $b hospitals (qi synth --hospitals; sample: $sample; best of $runs)"
echo
printf '| %-9s | %9s | %9s | %9s | %9s | %11s | %11s | %11s |\n' hospitals stays \
	"compute s" "publish s" "sites MB" "compute ms/h" "publish ms/h" "sites kB/h"
printf '|%s|%s|%s|%s|%s|%s|%s|%s|\n' ----------- ----------: ----------: ----------: \
	----------: ------------: ------------: ------------:
for n in "${sizes[@]}"; do
	awk -v n="$n" -v st="${s_stays[$n]}" -v c="${s_compute[$n]}" -v p="${s_publish[$n]}" \
		-v by="${s_bytes[$n]}" 'BEGIN {
		printf "| %-9s | %9s | %9.2f | %9.2f | %9.1f | %11.1f | %11.1f | %11.1f |\n",
		    n, (st > 0 ? st : "-"), c, p, by / 1e6, 1000 * c / n, 1000 * p / n, by / 1e3 / n }'
done
awk -v a="$a" -v b="$b" -v sa="${s_stays[$a]}" -v sb="${s_stays[$b]}" \
	-v ca="${s_compute[$a]}" -v cb="${s_compute[$b]}" -v pa="${s_publish[$a]}" \
	-v pb="${s_publish[$b]}" -v ba="${s_bytes[$a]}" -v bb="${s_bytes[$b]}" 'BEGIN {
	h = b / a
	printf "| %-9s | %9s | %8.2fx | %8.2fx | %8.2fx | %11s | %11s | %11s |\n",
	    b "/" a, (sa > 0 ? sprintf("%.2fx", sb / sa) : "-"), cb / ca, pb / pa, bb / ba,
	    "", "", ""
	printf "\nhospitals grew %.2fx; no faster than the hospitals (ratio <= %.2f):\n", h, h
	printf "  compute %s, publish %s, site size %s\n",
	    (cb / ca <= h ? "yes" : "no"), (pb / pa <= h ? "yes" : "no"),
	    (bb / ba <= h ? "yes" : "no") }'
