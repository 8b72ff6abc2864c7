# SPDX-License-Identifier: GPL-3.0-or-later
# A run killed (SIGKILL) at any step of staging and commit -- each
# rename, link and the swap itself (QI_TEST_KILL_AT=N, stage.c) -- leaves
# the output folder as it was or as the run would have made it, never a
# mixture; the next run removes what the killed one left, inside the
# folder and beside it, says so, and ends as an unkilled run does.
# Covered: qi run replacing a whole output, qi render --indicator adding
# charts to one (merge) and qi publish replacing the site.  Also: a
# second run into a locked folder is refused; SIGTERM removes staging.
. "$(dirname "$0")/lib.bash"

I=$SRC/indicators
D=$SRC/tests/dpc/hospital_handover
sanitized && { echo "killed runs: tried by the unsanitized suite"; exit 0; }

# Every visible file with its checksum (qi's hidden staging left out:
# it is what the next run sweeps, checked below).
snap() {
	(cd "$1" && find . \( -path './.qi-stage*' -o -path './.qi-tmp*' \) \
		-prune -o -type f -print0 | sort -z | xargs -0 -r sha256sum)
}

# trials NAME OLD_DIR ARGS...: kill qi ARGS -o o at step 1, 2, ...
# until it finishes unkilled; the result must be OLD_DIR's or NEW's.
trials() {
	local name=$1 old=$2 n=0 st want got
	shift 2
	rm -rf new && cp -a "$old" new
	expect_status 0 "$QI" "$@" -o new
	want=$(snap new)
	[ "$(snap "$old")" != "$want" ] || fail "$name: old and new agree"
	while :; do
		n=$((n + 1))
		[ $n -lt 60 ] || fail "$name: still killed at step $n"
		rm -rf o && cp -a "$old" o
		st=0
		QI_TEST_KILL_AT=$n "$QI" "$@" -o o >/dev/null 2>&1 || st=$?
		got=$(snap o)
		if [ "$got" != "$(snap "$old")" ] && [ "$got" != "$want" ]; then
			diff <(snap "$old") <(echo "$got") | head >&2 || true
			fail "$name: killed at step $n, out is neither old nor new"
		fi
		[ $st = 0 ] && break
		[ $st = 137 ] || fail "$name: step $n exited $st, not killed"
		# the next run sweeps and ends as an unkilled one
		expect_status 0 "$QI" "$@" -o o
		[ "$(snap o)" = "$want" ] || fail "$name: rerun after step $n"
		[ -z "$(ls -A o | grep '^\.qi-')" ] &&
			[ -z "$(ls -A . | grep '^\.o\.qi-')" ] ||
			fail "$name: left behind after step $n: $(ls -A o .)"
	done
	[ $n -gt 4 ] || fail "$name: only $n steps"
	echo "$name: $((n - 1)) kill points, old or new each time"
}

expect_status 0 "$QI" run -i "$I" --data "$D" --charts trend --format png -o v1
expect_in err "written to v1/"
trials run v1 run -i "$I" --data "$D" --charts trend --format png,svg

trials render-indicator v1 render -i "$I" -d "$D" --results v1/results.csv \
	--indicator hf_mortality --period FY2024Q1 --format png
[ -f o/charts/hf_mortality_FY2024Q1.png ] && [ -f o/charts/abx_prophylaxis_day_of_surgery_trend.png ] ||
	fail "render --indicator did not add to the charts"

expect_status 0 "$QI" publish -i "$I" -d "$D" --results v1/results.csv -o v3
rm -rf v3/site/JOHAS
trials publish v3 publish -i "$I" -d "$D" --results v1/results.csv

# What a killed run left is reported by the next run.
rm -rf o && cp -a v1 o
QI_TEST_KILL_AT=3 "$QI" run -i "$I" --data "$D" --format png -o o >/dev/null 2>&1 || :
ls -A o . | grep -q -e '^\.qi-' -e '^\.o\.qi-' ||
	fail "step 3 left nothing to sweep: the test no longer tests it"
expect_status 0 "$QI" run -i "$I" --data "$D" --format png -o o
expect_in err "removed: left by a run that was stopped"

# A second run into a folder being written is refused, and changes
# nothing; the first ends as usual.
flock o sh -c 'touch held; while [ ! -e release ]; do sleep 0.1; done' &
while [ ! -e held ]; do sleep 0.1; done
before=$(snap o)
expect_status 3 "$QI" run -i "$I" --data "$D" --format png -o o
expect_in err "another qi is writing to this output folder"
[ "$(snap o)" = "$before" ] || fail "a refused run changed the output"
touch release
wait

# SIGTERM while computing: the staging goes with the process.
rm -rf big && mkdir big
expect_status 0 "$QI" synth -i "$I" -o big
"$QI" run -i "$I" -d big/sample --charts all -o term >/dev/null 2>&1 &
pid=$!
for _ in $(seq 50); do
	ls -A term 2>/dev/null | grep -q '^\.qi-stage' && break
	sleep 0.1
done
kill -TERM $pid
st=0
wait $pid || st=$?
[ $st = 143 ] || echo "note: the run ended ($st) before SIGTERM came"
[ -z "$(ls -A term | grep '^\.qi-')" ] || fail "SIGTERM left $(ls -A term)"
echo "killed runs: ok"
