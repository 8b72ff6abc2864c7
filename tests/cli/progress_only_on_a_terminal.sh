# SPDX-License-Identifier: GPL-3.0-or-later
# The progress line of qi run / render / publish goes to standard error
# only when it is a terminal: none when it is a file, none with --quiet
# on a terminal (script(1) gives one), and on a terminal a count of the
# charts drawn with an estimate of the time left, erased at the end.
# The line appears only after the first second of drawing, so its
# presence is required only of a run that took longer than that.
. "$(dirname "$0")/lib.bash"
. "$SRC/tests/cli/publish_sample.bash"

publish_sample s
P=(-i s/indicators -d s/data -o res)
expect_status 0 "$QI" run "${P[@]}" --format png --charts caterpillar
grep -q $'\r\|left' err && fail "run: progress written to a file"
expect_status 0 "$QI" render "${P[@]}" --format png
grep -q $'\r\|left' err && fail "render: progress written to a file"
expect_status 0 "$QI" publish "${P[@]}" --format svg
grep -q $'\r\|left' err && fail "publish: progress written to a file"
expect_in err "websites of 2 organisations written"

command -v script >/dev/null || { echo "no script(1): terminal cases skipped"; exit 0; }
# on a terminal, the charts of the whole sample's 172 hospitals (several
# seconds of drawing; a fifth of its stays, as the number of charts
# depends on the hospitals)
expect_status 0 "$QI" synth -i "$SRC/indicators" -o big --total-stays 30000
expect_status 0 "$QI" compute -i "$SRC/indicators" -d big/sample -o big
quoted=$(printf '%q ' "$QI" render -i "$SRC/indicators" -o big --format png,svg)
t0=$(date +%s%N)
script -qec "$quoted --quiet" tty-quiet.log >/dev/null </dev/null
grep -q 'left' tty-quiet.log && fail "render --quiet: progress on a terminal"
script -qec "$quoted" tty.log >/dev/null </dev/null
t1=$(date +%s%N)
if [ $(( (t1 - t0) / 1000000 )) -gt 4000 ]; then
	grep -q 'qi: charts: [0-9]*/[0-9]* charts (.*), about [0-9]* s left' tty.log ||
		fail "render on a terminal: no progress line: $(tr '\r' '\n' <tty.log)"
	grep -q $'\r\033\\[K' tty.log || fail "the progress line is not erased"
else
	echo "drawing took under a second: presence not checked"
fi
echo "progress: ok"
