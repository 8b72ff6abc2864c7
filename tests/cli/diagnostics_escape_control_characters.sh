# SPDX-License-Identifier: GPL-3.0-or-later
# Diagnostics never hand the terminal a control character: a value echoed
# in a message (here an unknown hospital given on the command line, which
# no input reader checks) has ESC, BEL, CR and LF written as \x1b, \x07,
# \x0d, \x0a, so it can neither retitle, recolour or clear the terminal
# nor forge a diagnostic line of its own; a value of 100,000 bytes is cut,
# saying how much was left out.
. "$(dirname "$0")/lib.bash"

mkdir o
cp "$SRC/tests/golden/sample/results.csv" o/
C=(compare -i "$SRC/tests/golden/indicators" -d "$SRC/tests/golden/sample" --results o)

expect_status 1 "$QI" "${C[@]}" --hospital $'N\e]0;owned\a\e[2J\rX\nqi: error: forged'
LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' err && fail "a control character reached standard error: $(od -c err | head)"
expect_in err "unknown hospital 'N\\x1b]0;owned\\x07\\x1b[2J\\x0dX\\x0aqi: error: forged'"
[ "$(wc -l <err)" = 2 ] || fail "not one diagnostic and its hint: $(cat err)"

expect_status 1 "$QI" "${C[@]}" --hospital "$(head -c 100000 /dev/zero | tr '\0' 'N')"
[ "$(wc -c <err)" -lt 2000 ] || fail "a 100,000-byte id echoed whole ($(wc -c <err) bytes)"
expect_in err "unknown hospital 'NNNN"
expect_in err "NNNN…... (99"
expect_in err " more bytes)"
# a bad option value is echoed with its control characters disarmed
expect_status 2 "$QI" run --format "$(printf 'png\033]0;owned\007')"
grep -q "$(printf '\033')" err && fail "an option value's ESC reached the terminal"
expect_in err "bad --format"
echo "diagnostics: ok"
