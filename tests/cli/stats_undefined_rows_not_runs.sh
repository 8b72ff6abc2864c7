# SPDX-License-Identifier: GPL-3.0-or-later
# qi stats works row by row: a well-formed row whose quantity is
# undefined (n = 0 for a proportion, t = 0 for a rate, e = 0 for a
# ratio, a group with n = 0 in compare) gets empty estimates and a status
# saying why, as R gives NA, and the other rows are computed as usual;
# a malformed row (not a number, negative, x > n) is still an error at
# its line and column with nothing written.
. "$(dirname "$0")/lib.bash"

# expect_line N TEXT: line N of out is exactly TEXT
expect_line() {
	[ "$(sed -n "$1p" out)" = "$2" ] || fail "line $1: '$(sed -n "$1p" out)', want '$2'"
}

printf 'id,x,n\na,3,10\nb,0,0\nc,1,4\n' >in.csv
expect_status 0 "$QI" stats ci <in.csv
expect_line 1 "id,x,n,estimate,lower,upper,status"
expect_line 3 "b,0,0,,,,undefined_n0"
[ "$(wc -l <out)" = 4 ] || fail "not one line per row: $(cat out)"
# the defined rows are as when computed alone
printf 'id,x,n\na,3,10\nc,1,4\n' | "$QI" stats ci >alone.csv
[ "$(sed -n 2p out)" = "$(sed -n 2p alone.csv)" ] && [ "$(sed -n 4p out)" = "$(sed -n 3p alone.csv)" ] ||
	fail "a defined row changed beside an undefined one"
sed -n 2p out | grep -q ',ok$' || fail "status of a defined row: $(sed -n 2p out)"

printf 'x,t\n3,10\n2,0\n' | expect_status 0 "$QI" stats ci --method exact
expect_line 3 "2,0,,,,undefined_t0"
printf 'o,e\n3,1.5\n0,0\n' | expect_status 0 "$QI" stats ci
expect_line 3 "0,0,,,,undefined_e0"

printf 'x1,n1,x2,n2\n1,10,2,5\n1,10,0,0\n0,0,1,3\n' | expect_status 0 "$QI" stats compare
expect_line 1 "x1,n1,x2,n2,diff,lower,upper,p_chisq,p_yates,p_fisher,status"
expect_line 3 "1,10,0,0,,,,,,,undefined_n0"
expect_line 4 "0,0,1,3,,,,,,,undefined_n0"
sed -n 2p out | grep -q ',ok$' || fail "status of a defined comparison: $(sed -n 2p out)"

# Funnel: a unit of volume 0 has no limits, z or flag, and is left out
# of the pooled target and of the overdispersion estimate.
printf 'n,x\n10,2\n0,0\n40,3\n' | expect_status 0 "$QI" stats funnel
expect_line 1 "n,x,target,rate,z,level,lower,upper,outer_level,outer_lower,outer_upper,flag,status"
expect_line 3 "0,0,0.1,,,0.95,,,0.998,,,,undefined_n0"
printf 'n,x\n10,2\n40,3\n' | "$QI" stats funnel >alone.csv
[ "$(sed -n 2p out),$(sed -n 4p out)" = "$(sed -n 2p alone.csv),$(sed -n 3p alone.csv)" ] ||
	fail "the undefined unit changed the others: $(cat out)"
printf 't,x\n10,2\n0,3\n40,3\n30,9\n' | expect_status 0 "$QI" stats funnel --od multiplicative
printf 't,x\n10,2\n40,3\n30,9\n' | "$QI" stats funnel --od multiplicative >alone.csv
[ "$(sed -n 3p out | cut -d, -f14-)" = "$(sed -n 2p alone.csv | cut -d, -f14- | sed 's/,ok$/,undefined_t0/')" ] ||
	fail "overdispersion with an undefined unit: $(sed -n 3p out)"
printf 'n,x\n10,2\n0,1\n' | expect_status 1 "$QI" stats funnel
[ ! -s out ] || fail "funnel wrote despite x > n"
expect_in err "<stdin>:3:3: error: x out of range: 1"

# Malformed rows stay errors, nothing written.
printf 'x,n\n0,0\n1,0\n' | expect_status 1 "$QI" stats ci
[ ! -s out ] || fail "wrote despite x > n"
expect_in err "<stdin>:3:1: error: x out of range: 1"
printf 'x,t\n0,0\n1,-2\n' | expect_status 1 "$QI" stats ci
[ ! -s out ] || fail "wrote despite a negative exposure"
expect_in err "<stdin>:3:3: error: t must not be negative: -2"
printf 'x1,n1,x2,n2\n0,0,1,3\n1,0,1,3\n' | expect_status 1 "$QI" stats compare
[ ! -s out ] || fail "wrote despite x1 > n1"
expect_in err "<stdin>:3:1: error: x1 exceeds n1"
echo "stats undefined rows: ok"
