# SPDX-License-Identifier: GPL-3.0-or-later
# qi stats ci and qi stats compare reproduce the R oracle vectors
# (tests/oracle/gen_stats_ci.R) through the command line, at 1e-9
# relative (1e-15 absolute where R gives 0; an empty field where R gives
# NaN); bad rows are all reported with <stdin>:LINE:COL and nothing is
# written to standard output.
. "$(dirname "$0")/lib.bash"

ORACLE=$SRC/tests/oracle

# One-proportion and rate intervals: one run per method and level.
for spec in "ci_methods.csv:x,n:wilson wilson-cc exact jeffreys agresti-coull wald" \
	"ci_poisson.csv:x,t:exact byar hybrid"; do
	file=${spec%%:*}
	rest=${spec#*:}
	cols=${rest%%:*}
	for method in ${rest#*:}; do
		for level in $(awk -F, -v m="$method" 'NR > 1 && $1 == m {print $4}' \
			"$ORACLE/$file" | sort -u); do
			awk -F, -v m="$method" -v l="$level" -v h="id,$cols" \
				'BEGIN {print h} $1 == m && $4 == l {print "r" NR "," $2 "," $3}' \
				"$ORACLE/$file" >in.csv
			awk -F, -v m="$method" -v l="$level" \
				'BEGIN {print "lower,upper"} $1 == m && $4 == l {print $5 "," $6}' \
				"$ORACLE/$file" >want.csv
			expect_status 0 "$QI" stats ci --method "$method" --level "$level" <in.csv
			[ "$(wc -l <out)" = "$(wc -l <want.csv)" ] ||
				fail "$method $level: wrong number of rows"
			# every input column comes back, in its order
			head -1 out | grep -qx "id,$cols,estimate,lower,upper,status" ||
				fail "$method: header is $(head -1 out)"
			awk -F, 'NR > 1 && $1 !~ /^r[0-9]+$/ { exit 1 }' out ||
				fail "$method: ids not echoed"
			compare_cols out "5 6" want.csv "1 2" ||
				fail "qi stats ci --method $method --level $level differs from $file"
		done
	done
done

# An O/E ratio is the rate interval with t = E.
printf 'e,o,hospital\n24.6,30,H1\n' >in.csv
expect_status 0 "$QI" stats ci --method byar <in.csv
printf 't,x\n24.6,30\n' | "$QI" stats ci --method byar >rate.csv
[ "$(cut -d, -f4- out)" = "$(cut -d, -f3- rate.csv)" ] ||
	fail "o,e differs from x,t"

# Two proportions: one run per level.
for level in $(awk -F, 'NR > 1 {print $5}' "$ORACLE/compare.csv" | sort -u); do
	awk -F, -v l="$level" 'BEGIN {print "n2,x2,n1,x1"} $5 == l {print $4 "," $3 "," $2 "," $1}' \
		"$ORACLE/compare.csv" >in.csv
	awk -F, -v l="$level" 'NR == 1 || $5 == l {print $6 "," $7 "," $8 "," $10 "," $11 "," $12}' \
		"$ORACLE/compare.csv" >want.csv
	expect_status 0 "$QI" stats compare --level "$level" <in.csv
	head -1 out | grep -qx "n2,x2,n1,x1,diff,lower,upper,p_chisq,p_yates,p_fisher,status" ||
		fail "compare header is $(head -1 out)"
	compare_cols out "5 6 7 8 9 10" want.csv "1 2 3 4 5 6" ||
		fail "qi stats compare --level $level differs from compare.csv"
done

# Output is byte-identical from run to run.
"$QI" stats compare <in.csv >a.csv
"$QI" stats compare <in.csv >b.csv
cmp -s a.csv b.csv || fail "qi stats compare is not deterministic"

# Bad rows: every one reported at its line and column, exit 1, no output.
printf 'x,n\n3,10\n4x,60\n5,-1\n\n7,3\n2.5,10\n' >bad.csv
expect_status 1 "$QI" stats ci --method exact <bad.csv
[ ! -s out ] || fail "a bad input still wrote to stdout"
expect_in err "qi: <stdin>:3:1: error: x is not a number: '4x'"
expect_in err "hint: write a plain number"
expect_in err "qi: <stdin>:4:3: error: n must not be negative: -1"
expect_in err "qi: <stdin>:6:1: error: x out of range: 7"
expect_in err "qi: <stdin>:7:1: error: x must be a whole number: 2.5"
printf 'x1,n1,x2,n2\n1,10,2,0\n1,10,2,\n1.5,10,3,4\n' >bad.csv
expect_status 1 "$QI" stats compare <bad.csv
[ ! -s out ] || fail "a bad compare input still wrote to stdout"
expect_in err "qi: <stdin>:2:6: error: x2 exceeds n2"
expect_in err "qi: <stdin>:3:8: error: n2 is not a number: ''"
expect_in err "qi: <stdin>:4:1: error: x1 must be a count: 1.5"

# Header and option problems.
printf 'a,b\n1,2\n' | expect_status 1 "$QI" stats ci
expect_in err "qi: <stdin>:1:1: error: cannot tell what the rows hold from the header"
printf 'x1,n1,x2\n1,2,3\n' | expect_status 1 "$QI" stats compare
expect_in err "qi: <stdin>:1:1: error: missing column 'n2'"
printf 'x,n\n1,2\n' | expect_status 2 "$QI" stats ci --method byar
expect_in err "method 'byar' does not apply to a proportion"
printf 'x,n\n1,2\n' | expect_status 2 "$QI" stats ci --level 95
expect_in err "--level must be a probability between 0 and 1"
expect_status 2 "$QI" stats nonsense
expect_in err "unknown subcommand 'nonsense'"
echo "stats ci and compare: ok"
