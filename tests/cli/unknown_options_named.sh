# SPDX-License-Identifier: GPL-3.0-or-later
# Every command names a bad command line the same way, through one
# function: status 2, a first line "qi COMMAND: ..." that names the
# option (or the value) and why, then the command's usage, and nothing
# on standard output -- an unknown option, another command's option, a
# missing value and a bad value alike, in every command and in each
# subcommand of qi stats.
. "$(dirname "$0")/lib.bash"

# misuse "TEXT" COMMAND...: status 2, the first line of stderr is
# "qi COMMAND...: " with TEXT in it, the usage follows, stdout is empty
misuse() {
	local text=$1 first
	shift
	expect_status 2 "$QI" "$@" </dev/null
	first=$(head -1 err)
	case $first in
	"qi $1"*": "*"$text"*) ;;
	*) fail "qi $*: first line '$first', expected 'qi $1...: ...$text...'" ;;
	esac
	grep -q "^usage: qi $1" err || fail "qi $*: no usage after the message: $(cat err)"
	[ ! -s out ] || fail "qi $*: wrote to standard output"
}

# an unknown option, named, in every command qi help lists
"$QI" help | awk '/^commands:/ { on = 1; next } on && !NF { exit }
	on && $1 != "help" { print $1 }' >commands.txt
[ "$(wc -l <commands.txt)" -ge 12 ] || fail "qi help lists too few commands"
while read -r c; do
	case $c in
	stats) misuse "unknown (or ambiguous) option '--no-such-option'" stats ci --no-such-option ;;
	import) misuse "unknown option '--no-such-option'" import dpc --no-such-option ;;
	*) misuse "unknown option '--no-such-option'" "$c" --no-such-option ;;
	esac
done <commands.txt

# the subcommands of qi stats, and why an option is refused there
for s in ci compare funnel shrink spc dsr isr logit cusum; do
	misuse "unknown (or ambiguous) option '--no-such-option'" stats $s --no-such-option
done
misuse "option '--target' does not apply to ci (it is taken by qi stats funnel)" stats ci --target 0.2
misuse "--target must be a proportion or rate of 0 or more, such as 0.12: 'x'" stats funnel --target x
misuse "--level must be a probability between 0 and 1, such as 0.95 (not 95): '95'" stats ci --level 95
misuse "option '--level' needs a value" stats ci --level
misuse "bad --as 'xml' (table, csv or json)" stats ci --as xml
misuse "--digits must be a whole number of significant digits from 1 to 17: '0'" stats spc --digits 0

# bad values and missing values of the other commands, each named
misuse "bad --as 'xml' (table, csv or json)" compare --as xml
misuse "bad --as 'yaml' (table, csv or json)" explain --as yaml
misuse "bad --as 'html' (table, csv or json)" variants --as=html
misuse "--digits must be a whole number of significant digits from 1 to 17: 'x'" compare --digits x
misuse "--digits must be a whole number of significant digits from 1 to 17: '4.5'" explain --digits 4.5
misuse "--digits must be a whole number of significant digits from 1 to 17: '18'" variants --digits 18
misuse "bad --level '2' (a number between 0 and 1, e.g. 0.95)" compare --level 2
misuse "bad --jobs '0' (1 to 64)" run --jobs 0
misuse "bad --period 'FY24' (e.g. FY2024 or FY2024Q1)" render --period FY24
misuse "option '--digits' does not apply here" compute --digits 3
misuse "option '--as' does not apply here" merge --as csv
misuse "option '--output' needs a value" compare --output
misuse "bad --format 'xml' (csv: stays.csv, events.csv; or dpc: FF1/EFn/FF4 files)" synth --format xml
misuse "bad --scale '-1' (a positive number of stays per bed and year, e.g. 1.2)" synth --scale -1
misuse "bad --total-stays '0' (a positive whole number, e.g. 5000000)" synth --total-stays 0
misuse "option '--total-stays' needs a value" synth --total-stays
misuse "bad --format 'pdf': give svg (the pages show it), with pdf and png if wanted; the default is svg,pdf" publish --format pdf
[ -e output ] && fail "misuse created output/"
echo "unknown options named: ok"
