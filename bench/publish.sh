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
# Usage: bench/publish.sh   (env RUNS, default 2; QI=path to skip the
#        Release build; SAMPLE=csv (default) or dpc: the sample's form,
#        which is what qi compute reads)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
runs=${RUNS:-2}
sample=${SAMPLE:-csv}
work=$here/data/publish-$sample
if [ -z "${QI:-}" ]; then
	cmake -S "$src" -B "$here/bin" -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build "$here/bin" -j2 --target qi >/dev/null
	QI=$here/bin/qi
fi

rm -rf "$work"
mkdir -p "$work"
"$QI" run -i "$src/indicators" -o "$work" --sample-format "$sample" \
	--format png --charts caterpillar --indicator stroke_early_rehab \
	--quiet >/dev/null 2>&1

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
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
time_best compute "$QI" compute -i "$src/indicators" -o "$work" -d "$work/sample"
time_best publish "$QI" publish -i "$src/indicators" -o "$work" --quiet

site=$work/site
# a chart: one drawing (all its formats) in one language; charts shared by
# the sites are hard links, counted once
charts=$(find "$site" -type f \( -name '*.png' ! -name '*_2x.png' \) -printf '%i\n' |
	sort -u | wc -l)
files=$(find "$site" -type f \( -name '*.png' -o -name '*.pdf' -o -name '*.svg' \) \
	-printf '%i\n' | sort -u | wc -l)
ratio=$(awk -v p="${wall[publish]}" -v c="${wall[compute]}" 'BEGIN{printf "%.1f", p/c}')
per=$(awk -v p="${wall[publish]}" -v n="$charts" 'BEGIN{printf "%.0f", 1000*p/n}')

echo "qi publish benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores,"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg); best of $runs runs; sample: $sample"
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
