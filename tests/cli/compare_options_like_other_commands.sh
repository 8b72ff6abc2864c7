# SPDX-License-Identifier: GPL-3.0-or-later
# qi compare takes its options the way every other command does: another
# command's option is refused as not applying here, its own options
# (--hospital, --level, --as) are refused by the other commands, and its
# own misuse messages and abbreviations stay as they were.
. "$(dirname "$0")/lib.bash"

# expect_misuse TEXT COMMAND...: status 2, TEXT and the command's usage
# on stderr, nothing on stdout
expect_misuse() {
	local text=$1
	shift
	expect_status 2 "$QI" "$@"
	expect_in err "$text"
	expect_in err "usage: qi $1"
	[ ! -s out ] || fail "qi $*: wrote to stdout"
}

# Options of other commands, in qi compare.
expect_misuse "qi compare: option '--seed' does not apply here" compare --seed 1
expect_misuse "qi compare: option '--counts' does not apply here" compare --counts c.csv
expect_misuse "qi compare: option '--format' does not apply here" compare --format png
expect_misuse "qi compare: option '--organisations' does not apply here" compare --organisations o.csv
expect_misuse "qi compare: option '--from' does not apply here" compare --fr A
expect_misuse "qi compare: option '--history' needs a value" compare --history
expect_misuse "qi compare: unknown option '--no-such-option'" compare --no-such-option

# Options of qi compare, in other commands.
expect_misuse "qi run: option '--hospital' does not apply here" run --hospital N001
expect_misuse "qi compute: option '--level' does not apply here" compute --level 0.9
expect_misuse "qi render: option '--as' does not apply here" render --as csv
expect_misuse "qi variants: option '--level' does not apply here" variants --lev=0.9
expect_misuse "qi check: option '--as' needs a value" check --as
# ... while an abbreviation of both --hospital and --hospitals is still
# the command's own --hospitals.
expect_status 1 "$QI" check -i "$SRC/tests/golden/indicators" -d "$SRC/tests/golden/sample" --hosp "$WORK/none.csv"
expect_in err "none.csv"

# qi compare's own misuse, as before.
expect_misuse "qi compare: bad --level '1' (a number between 0 and 1, e.g. 0.95)" compare --level 1
expect_misuse "qi compare: bad --level ''" compare --level=
expect_misuse "qi compare: bad --as 'xml' (table, csv or json)" compare --as xml
expect_misuse "qi compare: bad --period 'FY20' (e.g. FY2024 or FY2024Q1)" compare --period FY20
expect_misuse "qi compare: --hospital 'C': at most two hospitals" compare --hospital A --hospital B --hospital C
expect_misuse "qi compare: --hospital 'A' given twice" compare --hospital A --hosp A
expect_misuse "qi compare: option '--level' needs a value" compare --level
expect_misuse "qi compare: unexpected argument 'extra'" compare extra
[ -e output ] && fail "misuse created output/"

# Help, from both spellings.
expect_status 0 "$QI" compare --help
expect_in out "usage: qi compare"
expect_in out "--hospital ID"
[ -s err ] && fail "qi compare --help wrote to stderr"
expect_status 0 "$QI" help compare
expect_in out "--as FORMAT"

# Abbreviations resolve among qi compare's own options, as they did:
# --hosp is --hospital (not --hospitals), --res is --results.
mkdir -p o/sample
expect_status 0 "$QI" compute -i "$SRC/tests/golden/indicators" -d "$SRC/tests/golden/sample" -o o
cp "$SRC"/tests/golden/sample/organisations.csv "$SRC"/tests/golden/sample/hospitals.csv o/sample/
expect_status 0 "$QI" compare -i "$SRC/tests/golden/indicators" --res o --hosp N001 --indicator readmission_6w --a csv --lev 0.9
expect_in out 'readmission_6w,1,FY2024,N001,'
expect_in out 'NHO (other hospitals)'
echo "compare options: ok"
