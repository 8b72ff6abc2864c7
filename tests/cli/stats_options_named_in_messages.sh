# SPDX-License-Identifier: GPL-3.0-or-later
# qi stats says which option is wrong and why: an option the subcommand
# does not take is named in full (even abbreviated) with the subcommands
# that take it; an unknown option, a missing value, a stray argument and
# a bad value are each named.  Status 2, the usage, nothing on stdout.
. "$(dirname "$0")/lib.bash"

# expect_misuse TEXT ARGS...: qi stats ARGS exits 2 with TEXT on stderr
expect_misuse() {
	local text=$1
	shift
	printf 'x,n\n1,10\n' >in.csv
	expect_status 2 "$QI" stats "$@" <in.csv
	expect_in err "$text"
	expect_in err "usage: qi stats"
	[ ! -s out ] || fail "qi stats $*: wrote to stdout"
	grep -qF "bad option or argument" err && fail "qi stats $*: unnamed misuse"
	return 0
}

expect_misuse "qi stats ci: option '--target' does not apply to ci (it is taken by qi stats funnel)" ci --target 0.2
expect_misuse "qi stats ci: option '--target' does not apply to ci" ci --tar=0.2
expect_misuse "qi stats ci: option '--summary' does not apply to ci (it is taken by qi stats logit, cusum)" ci --summary
expect_misuse "qi stats compare: option '--method' does not apply to compare (it is taken by qi stats ci, funnel, dsr, isr)" compare --method exact
expect_misuse "qi stats shrink: option '--chart' does not apply to shrink (it is taken by qi stats spc)" shrink --chart p
expect_misuse "qi stats ci: unknown (or ambiguous) option '--nope'" ci --nope
expect_misuse "qi stats ci: unknown (or ambiguous) option '--s'" ci --s
expect_misuse "qi stats ci: option '--level' needs a value" ci --level
expect_misuse "qi stats logit: option '--y' needs a value" logit --y
expect_misuse "qi stats ci: unexpected argument 'in.csv' (the table is read from stdin)" ci in.csv
# Bad values: the option and the value.
expect_misuse "--level must be a probability between 0 and 1, such as 0.95 (not 95): '95'" ci --level 95
expect_misuse "--target must be a proportion or rate of 0 or more, such as 0.12: 'abc'" funnel --target abc
expect_misuse "--od is none, multiplicative or additive: 'big'" funnel --target 0.1 --od big
expect_misuse "--chart is run, p, u, pp (Laney p') or up (Laney u'): 'q'" spc --chart q
expect_misuse "--scale is raw, logit, arcsine (proportions), log or sqrt (rates and ratios): 'ln'" funnel --scale ln
expect_misuse "--winsor must be a fraction from 0 to below 0.5, such as 0.1: '0.5'" funnel --winsor 0.5
expect_misuse "--outer-level must be a probability between 0 and 1, such as 0.998: '99.8'" funnel --outer-level 99.8
expect_misuse "--or must be an odds ratio above 0 and not 1, such as 2: '1'" cusum --or 1
expect_misuse "--h must be a threshold above 0, such as 4.5: '-2'" cusum --h -2
expect_misuse "--arl0 must be an average run length above 1, such as 1000: '1'" cusum --arl0 1
expect_misuse "--states must be a whole number from 10 to 2000: '5'" cusum --states 5
expect_misuse "qi stats cusum: option '--scale' does not apply to cusum (it is taken by qi stats funnel)" cusum --scale log
expect_misuse "qi stats funnel: option '--h' does not apply to funnel (it is taken by qi stats cusum)" funnel --h 4
expect_misuse "--multiplier must be a number above 0, such as 100000: '-1'" dsr --multiplier -1
# A standard or reference that is neither built in nor a file: named as
# the option's value, a usage error (was: '<name>: cannot open').
printf 'band,count,population\n0-4,1,10\n' >in.csv
expect_status 2 "$QI" stats dsr --standard esp2031 <in.csv
expect_in err "qi: error: --standard 'esp2031': no such standard population (esp2013, jp1985) or file"
[ ! -s out ] || fail "dsr with an unknown standard wrote output"
expect_status 2 "$QI" stats isr --reference nofile.csv <in.csv
expect_in err "qi: error: --reference 'nofile.csv': no such file"
echo "stats options: ok"
