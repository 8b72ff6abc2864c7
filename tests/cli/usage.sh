# SPDX-License-Identifier: GPL-3.0-or-later
# The command line: help, version, misuse and unknown commands.
. "$(dirname "$0")/lib.bash"

expect_status 2 "$QI"
expect_in err "usage: qi"
# the version names the commit built from (or a release's VERSION file)
expect_status 0 "$QI" --version
if [ -f "$SRC/VERSION" ]; then
	expect_in out "qi $(head -1 "$SRC/VERSION")"
elif tag=$(git -C "$SRC" describe --tags --match 'v[0-9]*' 2>/dev/null); then
	expect_in out "qi ${tag#v}"
elif git -C "$SRC" rev-parse HEAD >/dev/null 2>&1; then
	expect_in out "+g$(git -C "$SRC" rev-parse --short=12 HEAD)"
else
	expect_in out "qi 0.1.0"
fi
expect_status 0 "$QI" help
expect_in out "compute"
for c in run check compute render synth help; do
	expect_status 0 "$QI" help "$c"
	expect_in out "usage: qi $c"
	[ "$c" = help ] && continue
	expect_status 0 "$QI" "$c" --help
	expect_in out "usage: qi $c"
	[ -s err ] && fail "qi $c --help wrote to stderr"
done
# qi help COMMAND and qi COMMAND --help say the same, for every command
n=0
for c in $("$QI" help | awk '/^commands:/ { on = 1; next } on && !NF { exit } on { print $1 }'); do
	n=$((n + 1))
	[ "$c" = help ] && continue
	"$QI" help "$c" >help.txt
	"$QI" "$c" --help >dash.txt
	cmp -s help.txt dash.txt || { diff help.txt dash.txt >&2 || true
		fail "qi help $c differs from qi $c --help"; }
done
[ "$n" -ge 12 ] || fail "qi help lists $n commands"
# every long option a command's help lists is one the command takes: given
# with a value and followed by an unknown option, it is refused for its
# value or passes, never as not applying (qi stats: by subcommand)
n=0
for c in $("$QI" help | awk '/^commands:/ { on = 1; next } on && !NF { exit } on { print $1 }'); do
	case $c in help|stats) continue ;; esac
	for o in $("$QI" help "$c" | sed -n 's/^ \{2,6\}\(-[^ ].*\)$/\1/p' |
	    sed 's/  .*//' | tr ' ,' '\n\n' | grep -E '^--[a-z0-9]' |
	    grep -vx -- --help); do
		n=$((n + 1))
		expect_status 2 "$QI" "$c" "$o" 1 --zz-no-such-option
		if grep -qF -e "does not apply" -e "unknown option '$o" err; then
			cat err >&2
			fail "qi help $c lists $o, which qi $c refuses"
		fi
	done
done
[ "$n" -ge 100 ] || fail "only $n options of the commands tried"
# and back: every option of qi that a command's help does not list (nor
# abbreviates) is refused by the command
all=$(for c in $("$QI" help | awk '/^commands:/ { on = 1; next } on && !NF { exit } on { print $1 }'); do
	"$QI" help "$c" | sed -n 's/^ \{2,6\}\(-[^ ].*\)$/\1/p' | sed 's/  .*//' |
	    tr ' ,' '\n\n' | grep -E '^--[a-z0-9]' || true
done | sort -u | grep -vx -- --help)
[ "$(echo "$all" | wc -l)" -ge 30 ] || fail "too few options of qi: $all"
for c in $("$QI" help | awk '/^commands:/ { on = 1; next } on && !NF { exit } on { print $1 }'); do
	case $c in help|stats) continue ;; esac
	"$QI" help "$c" | sed -n 's/^ \{2,6\}\(-[^ ].*\)$/\1/p' | sed 's/  .*//' |
	    tr ' ,' '\n\n' | grep -E '^--[a-z0-9]' >listed.txt || true
	for o in $all; do
		grep -q -- "^$o" listed.txt && continue
		expect_status 2 "$QI" "$c" "$o" 1 --zz-no-such-option
		grep -qF -e "does not apply" -e "unknown option '$o" err || {
			cat err >&2
			fail "qi $c takes $o, which qi help $c does not list"; }
	done
done
[ -e output ] && fail "trying the options created output/"
expect_status 2 "$QI" frobnicate
expect_in err "unknown command 'frobnicate'"
expect_status 2 "$QI" run --no-such-option
expect_in err "unknown option '--no-such-option'"
expect_status 2 "$QI" run -o
expect_in err "needs a value"
expect_status 2 "$QI" synth --counts x.csv
expect_in err "option '--counts' does not apply here"
expect_status 2 "$QI" compute --encoding latin1 -d x
expect_in err "unknown encoding 'latin1'"
expect_status 2 "$QI" check extra-argument
expect_in err "extra-argument: error: no such file"
expect_status 2 "$QI" compute extra-argument
expect_in err "unexpected argument"
[ -e output ] && fail "misuse created output/"
# a system failure (an output folder that cannot be made) is status 3
expect_status 3 "$QI" synth -i "$SRC/indicators" -o /proc/qi-cannot-exist
expect_in err "qi: /proc/qi-cannot-exist: error: cannot create the output folder"
# bad input is status 1
expect_status 1 "$QI" check -i "$WORK"
expect_in err "no definitions (*.yaml) in this folder"
echo "usage: ok"
