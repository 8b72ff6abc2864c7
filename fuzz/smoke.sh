#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: fuzz/smoke.sh BUILD_DIR SECONDS
# Run every harness of BUILD_DIR (configured with -DQI_FUZZ=ON) for
# SECONDS over its seed corpus fuzz/corpus/<target>/, one after another.
# The seeds are only read: new inputs go to a scratch folder, removed at
# the end, and so do crash files, which are kept (and named) when a
# target fails.  Exits 1 if any target crashes, leaks, trips a sanitizer
# or has no seeds.
set -euo pipefail
[ $# = 2 ] || { echo "usage: $0 BUILD_DIR SECONDS" >&2; exit 2; }
build=$1 secs=$2
src=$(cd "$(dirname "$0")" && pwd)

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$src/../.ci/lsan.supp:print_suppressions=0}

work=$(mktemp -d "${TMPDIR:-/tmp}/qi-fuzz-smoke-XXXXXX")
failed=()
n=0
for h in "$src"/fuzz_*.c; do
	t=$(basename "$h" .c)
	t=${t#fuzz_}
	bin=$build/fuzz/fuzz_$t
	seeds=$src/corpus/$t
	if [ ! -x "$bin" ]; then
		echo "fuzz smoke: $bin not built (-DQI_FUZZ=ON?)" >&2
		failed+=("$t")
		continue
	fi
	if [ -z "$(ls -A "$seeds" 2>/dev/null)" ]; then
		echo "fuzz smoke: no seeds in $seeds" >&2
		failed+=("$t")
		continue
	fi
	mkdir -p "$work/$t/new" "$work/$t/crash"
	if "$bin" -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$work/$t/crash/" "$work/$t/new" "$seeds" \
		>"$work/$t/log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t/log")
		echo "fuzz smoke: $t: ${runs:-?} runs in ${secs}s, no crash"
	else
		echo "fuzz smoke: $t FAILED; last lines of its log:" >&2
		tail -n 40 "$work/$t/log" >&2
		failed+=("$t")
	fi
	n=$((n + 1))
done
if ((${#failed[@]})); then
	echo "fuzz smoke: failed: ${failed[*]}; inputs and logs in $work" >&2
	exit 1
fi
rm -rf "$work"
echo "fuzz smoke: $n targets, no crash"
