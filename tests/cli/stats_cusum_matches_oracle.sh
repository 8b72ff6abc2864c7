# SPDX-License-Identifier: GPL-3.0-or-later
# qi stats cusum reproduces the base-R vectors of tests/oracle/gen_cusum.R:
# every patient's weight, CUSUM and signal (restarting at 0 after a
# signal) for odds ratios 2, 0.5 and 1.5 and several thresholds h; the
# Markov-chain ARLs in control and at the alternative (--summary) for 200
# and 60 states; and the threshold found for a target ARL (--arl0).  Sets:
# surgical risks, no events, risks of 1e-6 and 0.999999, one patient,
# frequent signals.  Then the rows and options refused.
. "$(dirname "$0")/lib.bash"

ORACLE=$SRC/tests/oracle
# stat NAME: the value of a --summary statistic in out
stat() {
	awk -F, -v s="$1" 'blank && $1 == s { print $2 } /^$/ { blank = 1 }' out
}
# near A B NAME: relative difference of two numbers within 1e-9 (noted
# in maxrel as NAME)
near() {
	awk -v a="$1" -v b="$2" -v c="$3" -v f="$WORK/maxrel" 'BEGIN {
		d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b
		if (m > 0) printf "%s %.3g\n", c, d / m >> f
		if (a == "" || d > 1e-9 * m) exit 1 }'
}

awk -F, 'NR > 1 { print $1 "," $2 "," $3 }' "$ORACLE/cusum_rows.csv" | sort -u >groups.csv
n=0
while IFS=, read -r set or h; do
	awk -F, -v s="$set" -v o="$or" -v h="$h" 'NR == 1 || ($1 == s && $2 == o && $3 == h)' \
		"$ORACLE/cusum_rows.csv" >want.csv
	{ echo outcome,p; awk -F, 'NR > 1 { print $4 "," $5 }' want.csv; } >in.csv
	expect_status 0 "$QI" stats cusum --or "$or" --h "$h" <in.csv
	compare_named out want.csv weight cusum signal ||
		fail "qi stats cusum --or $or --h $h differs from R for $set"
	n=$((n + 1))
done <groups.csv
[ "$n" -ge 30 ] || fail "only $n charts checked"
grep -q ',1$' "$ORACLE/cusum_rows.csv" || fail "no signal in the oracle"
sort -k2 -g maxrel | tail -1

# The ARLs of the Markov chain.
# patients SET: the set's patients (its rows at --or 2 --h 4.5) as in.csv
patients() {
	{ echo outcome,p; awk -F, -v s="$1" '$1 == s && $2 == 2 && $3 == 4.5 { print $4 "," $5 }' \
		"$ORACLE/cusum_rows.csv"; } >in.csv
}
na=0
while IFS=, read -r set or h states a0 a1; do
	patients "$set"
	expect_status 0 "$QI" stats cusum --or "$or" --h "$h" --states "$states" --summary <in.csv
	near "$(stat arl_in_control)" "$a0" arl_in_control ||
		fail "$set --or $or --h $h --states $states: ARL in control $(stat arl_in_control), R $a0"
	near "$(stat arl_out_of_control)" "$a1" arl_out_of_control ||
		fail "$set --or $or --h $h --states $states: ARL at the alternative $(stat arl_out_of_control), R $a1"
	na=$((na + 1))
done < <(tail -n +2 "$ORACLE/cusum_arl.csv")
[ "$na" -ge 50 ] || fail "only $na ARLs checked"

# The threshold for a target in-control ARL.
nh=0
while IFS=, read -r set or arl0 states h a0; do
	patients "$set"
	expect_status 0 "$QI" stats cusum --or "$or" --arl0 "$arl0" --states "$states" --summary <in.csv
	near "$(stat h)" "$h" h || fail "$set --or $or --arl0 $arl0: h $(stat h), R $h"
	near "$(stat arl_in_control)" "$a0" arl_at_h || fail "$set --or $or --arl0 $arl0: ARL $(stat arl_in_control), R $a0"
	nh=$((nh + 1))
done < <(tail -n +2 "$ORACLE/cusum_h.csv")
[ "$nh" -ge 12 ] || fail "only $nh thresholds checked"
awk '{ if ($2 + 0 > m[$1] + 0) m[$1] = $2 } END { for (c in m) print c, m[c] }' maxrel

# Refused: risks of exactly 0 or 1, outcomes other than 0/1; nothing written.
printf 'outcome,p\n1,0\n0,1\n2,0.5\n1,0.3\n' >in.csv
expect_status 1 "$QI" stats cusum --h 4 <in.csv
[ ! -s out ] || fail "cusum wrote despite bad rows"
expect_in err "<stdin>:2:3: error: p out of range: 0"
expect_in err "<stdin>:3:3: error: p out of range: 1"
expect_in err "<stdin>:4:1: error: outcome must be 0 or 1: '2'"
printf 'outcome,p\n1,0.3\n' >in.csv
expect_status 2 "$QI" stats cusum <in.csv
expect_in err "qi stats cusum needs --h or --arl0"
expect_status 2 "$QI" stats cusum --h 3 --arl0 100 <in.csv
expect_in err "give --h or --arl0, not both"
echo "stats cusum: $n charts, $na ARLs, $nh thresholds agree with R"
