# SPDX-License-Identifier: GPL-3.0-or-later
# Every command that prints a table -- compare, explain, variants, stats
# -- prints it the same way: CSV off a terminal and an aligned table on
# one, unless --as table|csv|json says; JSON that parses; numbers with
# the fewest digits that read back, or --digits N significant digits.
# qi variants' CSV has proportions as results.csv does (0.8421), not
# percentages (84.21, +0.32).
. "$(dirname "$0")/lib.bash"

GI=(-i "$SRC/tests/golden/indicators")
expect_status 0 "$QI" compute "${GI[@]}" -d "$SRC/tests/golden/sample" -o o
mkdir -p o/sample
cp "$SRC"/tests/golden/sample/organisations.csv "$SRC"/tests/golden/sample/hospitals.csv o/sample/
expect_status 0 "$QI" synth -i "$SRC/indicators" -o gen --total-stays 5000
printf 'x,n\n3,20\n0,0\n7,9\n' >ci.csv

# each printing command, as words after qi (stats reads ci.csv)
C_compare=(compare "${GI[@]}" --results o/results.csv -d o/sample --hospital N001)
C_explain=(explain -i "$SRC/indicators" -d gen/sample --hospital N001 --indicator falls_rate)
C_variants=(variants -i "$SRC/indicators" -d gen/sample --indicator readmission_6w --from - --to johas_pre_fy2016 -o -)
C_stats=(stats ci)
run() { # run NAME ARGS...: the command NAME with more arguments
	local -n c="C_$1"
	shift
	expect_status 0 "$QI" "${c[@]}" "$@" <ci.csv
}

# digits FILE N: every number of the CSV FILE has at most N significant
# digits (N = 0: exactly the fewest that read back as the same double),
# and there are some (explain's are counts, but for a rate's exposure)
digits() {
	local least=3
	[ "$c" = explain ] && least=0
	python3 - "$1" "$2" "$least" <<'PY' || fail "$1: digits other than ${2/#0/the fewest}: $(head -3 "$1")"
import csv, re, sys
from decimal import Decimal
n = int(sys.argv[2]); bad = 0; seen = 0
def sig(t):
    return len(Decimal(t).normalize().as_tuple().digits)
for row in list(csv.reader(open(sys.argv[1])))[1:]:
    for t in row:
        if not re.fullmatch(r'-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?', t):
            continue
        if n > 0 and re.fullmatch(r'-?[0-9]+', t):
            continue    # a count: every digit of it
        seen += 1
        if (n == 0 and sig(t) != sig(repr(float(t)))) or (n and sig(t) > n):
            print('%s: %d digits' % (t, sig(t))); bad = 1
sys.exit(bad or seen < int(sys.argv[3]))
PY
}

for c in compare explain variants stats; do
	# off a terminal: CSV, the same bytes as --as csv
	run $c
	mv out dflt.csv
	run $c --as csv
	cmp dflt.csv out || fail "qi $c: the default off a terminal is not --as csv"
	head -1 out | grep -q ',' || fail "qi $c: not CSV: $(head -2 out)"
	digits out 0
	# --digits N
	run $c --as csv --digits 3
	digits out 3
	run $c --digits=2
	digits out 2
	# JSON parses, and holds no non-finite number
	run $c --as json
	python3 -c 'import json, sys; json.load(sys.stdin, parse_constant=lambda c: sys.exit("constant " + c))' <out ||
		fail "qi $c --as json: not JSON: $(head -c 300 out)"
	# --as table: an aligned table with a rule under the header
	run $c --as table
	grep -q '^---' out || fail "qi $c --as table: no table: $(head -5 out)"
	cmp -s dflt.csv out && fail "qi $c --as table is the CSV"
	# a bad --as or --digits is named
	declare -n cmd="C_$c"
	expect_status 2 "$QI" "${cmd[@]}" --as xml <ci.csv
	expect_in err "bad --as 'xml' (table, csv or json)"
	expect_status 2 "$QI" "${cmd[@]}" --digits 18 <ci.csv
	expect_in err "--digits must be a whole number of significant digits from 1 to 17: '18'"
	unset -n cmd
done

# On a terminal the default is the table (script(1) gives one).
if command -v script >/dev/null; then
	for c in compare stats; do
		declare -n cmd="C_$c"
		script -qec "$(printf '%q ' "$QI" "${cmd[@]}") <ci.csv" tty.log >/dev/null </dev/null
		grep -q '^---' tty.log || fail "qi $c on a terminal: no table: $(head -5 tty.log)"
		unset -n cmd
	done
fi

# qi variants: proportions, as results.csv -- rate = numerator/denominator,
# difference = rate_b - rate_a, all numbers at most 1
run variants --as csv
awk -F, 'NR > 1 && $5 != "" && $8 != "" { n++
	if ($5 > 1 || $8 > 1) { print "percent: " $0; bad = 1 }
	if (($5 - $3 / $4) ^ 2 > 1e-24 || ($8 - $6 / $7) ^ 2 > 1e-24) { print "not x/n: " $0; bad = 1 }
	if (($9 - ($8 - $5)) ^ 2 > 1e-24) { print "difference: " $0; bad = 1 } }
	END { exit bad || n < 3 }' out || fail "variants CSV is not proportions: $(head -4 out)"
grep -q '+' out && fail "variants CSV has signed percentages: $(grep -m1 '+' out)"
# ... and the table keeps the unit, for reading
run variants --as table
expect_in out "rates in percent"
echo "tables follow --as and --digits: ok"
