# SPDX-License-Identifier: GPL-3.0-or-later
# qi stats dsr and qi stats isr reproduce the R oracle vectors
# (tests/oracle/gen_stdrates.R) at 1e-9 relative, every method, level
# and multiplier there, with the built-in standards and a standard from
# a file; undefined groups get empty estimates and a status while the
# other groups are still written; malformed input is an error at
# <file>:LINE:COL with nothing written.
. "$(dirname "$0")/lib.bash"

ORACLE=$SRC/tests/oracle

# cmp_rows OUT WANT FIRST: the text columns (group, counts, status) agree
# exactly and columns 4-6 of OUT (estimate, lower, upper) agree with
# columns FIRST.. of WANT, the oracle's rows for this run.
cmp_rows() {
	[ "$(wc -l <"$1")" = "$(wc -l <"$2")" ] || fail "$3: wrong number of rows"
	[ "$(cut -d, -f1,2,7 "$1" | tail -n +2)" = \
		"$(cut -d, -f1,2,7 "$2" | tail -n +2)" ] ||
		fail "$3: group, count or status differ"
	compare_cols "$1" "4 5 6" "$2" "4 5 6" || fail "$3: differs from R"
}

# Directly standardised rates.
for run in $(awk -F, 'NR > 1 {print $1 ":" $2 ":" $3 ":" $4}' \
	"$ORACLE/stdrates_dsr.csv" | sort -u); do
	IFS=: read -r std method level mult <<<"$run"
	awk -F, -v r="$run" 'NR == 1 || $1 ":" $2 ":" $3 ":" $4 == r {
		print $5 "," $6 "," $7 "," $8 "," $9 "," $10 "," $11 }' \
		"$ORACLE/stdrates_dsr.csv" >want.csv
	expect_status 0 "$QI" stats dsr --standard "$std" --method "$method" \
		--level "$level" --multiplier "$mult" \
		<"$ORACLE/stdrates_dsr_${std}_in.csv"
	head -1 out | grep -qx "group,count,population,estimate,lower,upper,status" ||
		fail "dsr header is $(head -1 out)"
	cmp_rows out want.csv "dsr $run"
done

# The defaults are esp2013, byar, 0.95 and per 100000.
"$QI" stats dsr <"$ORACLE/stdrates_dsr_esp2013_in.csv" >a.csv
"$QI" stats dsr --standard esp2013 --method byar --level 0.95 \
	--multiplier 100000 <"$ORACLE/stdrates_dsr_esp2013_in.csv" >b.csv
cmp -s a.csv b.csv || fail "dsr defaults are not esp2013, byar, 0.95, 1e5"

# The built-in Showa 60 model population is the one the oracle typed in.
"$QI" stats dsr --standard "$ORACLE/stdrates_jp1985.csv" \
	<"$ORACLE/stdrates_dsr_jp1985_in.csv" >b.csv
"$QI" stats dsr --standard jp1985 <"$ORACLE/stdrates_dsr_jp1985_in.csv" >a.csv
cmp -s a.csv b.csv || fail "--standard jp1985 differs from the file"
grep -q ',ok$' a.csv || fail "no jp1985 group computed"

# A single group: no group column in, none out; the same numbers.
awk -F, 'NR == 1 {print "band,count,population"} $1 == "H01" {print $2 "," $3 "," $4}' \
	"$ORACLE/stdrates_dsr_esp2013_in.csv" >one.csv
expect_status 0 "$QI" stats dsr <one.csv
head -1 out | grep -qx "count,population,estimate,lower,upper,status" ||
	fail "single-group header is $(head -1 out)"
"$QI" stats dsr <"$ORACLE/stdrates_dsr_esp2013_in.csv" >all.csv
[ "$(tail -n +2 out)" = "$(grep '^H01,' all.csv | cut -d, -f2-)" ] ||
	fail "a single group differs from the same group among others"

# Indirectly standardised ratios.
for run in $(awk -F, 'NR > 1 {print $1 ":" $2 ":" $3}' \
	"$ORACLE/stdrates_isr.csv" | sort -u); do
	IFS=: read -r method level mult <<<"$run"
	awk -F, -v r="$run" 'NR == 1 || $1 ":" $2 ":" $3 == r {
		print $4 "," $5 "," $6 "," $7 "," $8 "," $9 "," $10 }' \
		"$ORACLE/stdrates_isr.csv" >want.csv
	expect_status 0 "$QI" stats isr --reference "$ORACLE/stdrates_isr_ref.csv" \
		--method "$method" --level "$level" --multiplier "$mult" \
		<"$ORACLE/stdrates_isr_in.csv"
	head -1 out | grep -qx "group,observed,expected,estimate,lower,upper,status" ||
		fail "isr header is $(head -1 out)"
	cmp_rows out want.csv "isr $run"
	compare_cols out "3" want.csv "3" || fail "isr $run: expected differs"
done
# Reference rates given as rates: the same output.
"$QI" stats isr --reference "$ORACLE/stdrates_isr_ref.csv" \
	<"$ORACLE/stdrates_isr_in.csv" >a.csv
"$QI" stats isr --reference "$ORACLE/stdrates_isr_rate.csv" \
	<"$ORACLE/stdrates_isr_in.csv" >b.csv
cmp -s a.csv b.csv || fail "band,rate differs from band,count,population"
grep -q '^nobody,0,0,,,,zero_expected$' a.csv ||
	fail "a group with no population is not zero_expected"

# A band whose standard population is 0 takes no part: it may be absent.
printf 'band,population\n0-4,10\n5-9,20\n10-14,0\n' >std0.csv
printf 'band,population\n0-4,10\n5-9,20\n' >std2.csv
printf 'band,count,population\n0-4,20,100\n5-9,20,100\n' >in2.csv
"$QI" stats dsr --standard std0.csv <in2.csv >a.csv
"$QI" stats dsr --standard std2.csv <in2.csv >b.csv
cmp -s a.csv b.csv || fail "a band of standard population 0 changes the rate"
grep -q ',ok$' a.csv || fail "a band of standard population 0 is required"

# Malformed input: every bad row at its position, nothing written.
printf 'group,band,count,population\nA,0-4,3,100\nA,5-10,2,100\nA,0-4,1,50\nB,10-14,1.5,10\nB,15-19,2,-3\n' >bad.csv
expect_status 1 "$QI" stats dsr <bad.csv
[ ! -s out ] || fail "a bad dsr input still wrote to stdout"
expect_in err "qi: <stdin>:3:3: error: band '5-10' is not in esp2013"
expect_in err "did you mean '5-9'?"
expect_in err "qi: <stdin>:4:3: error: band '0-4' repeated in group A (first on line 2)"
expect_in err "qi: <stdin>:5:9: error: count must be a count: 1.5"
expect_in err "qi: <stdin>:6:11: error: population is negative: -3"

# A band of the input missing from a standard file.
printf 'band,population\n0-4,10\n5-9,20\n' >std.csv
printf 'band,count,population\n0-4,20,100\n5-9,20,100\n10-14,2,100\n' >in.csv
expect_status 1 "$QI" stats dsr --standard std.csv <in.csv
[ ! -s out ] || fail "a band outside the standard still wrote output"
expect_in err "qi: <stdin>:4:1: error: band '10-14' is not in std.csv"
# A bad standard file, at its own positions.
printf 'band,population\n0-4,10\n0-4,20\n5-9,x\n' >std.csv
expect_status 1 "$QI" stats dsr --standard std.csv <in.csv
expect_in err "qi: std.csv:3:1: error: band '0-4' is repeated"
expect_in err "qi: std.csv:4:5: error: population is not a number: 'x'"
printf 'band,count,population\n0-4,1,0\n' >ref.csv
expect_status 1 "$QI" stats isr --reference ref.csv <in.csv
expect_in err "qi: ref.csv:2:7: error: population must be positive: 0"

# Options.
expect_status 2 "$QI" stats isr <in.csv
expect_in err "qi stats isr needs --reference"
expect_status 2 "$QI" stats dsr --method hybrid <in.csv
expect_in err "method 'hybrid' does not apply to a directly standardised rate"
expect_status 2 "$QI" stats dsr --multiplier 0 <in.csv
expect_in err "--multiplier must be a number above 0"
expect_status 2 "$QI" stats dsr --reference ref.csv <in.csv
expect_status 2 "$QI" stats ci --standard esp2013 <in.csv
exit 0
