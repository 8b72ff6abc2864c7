# SPDX-License-Identifier: GPL-3.0-or-later
# qi stats funnel, shrink and spc reproduce the base-R vectors of
# tests/oracle/gen_funnel.R through the command line (1e-9 relative):
# funnel limits for every kind, method, target and level; smoothed rates
# and reliabilities of every set; p, p', u and u' limits at 3 sigma.
# Then: overdispersion from the units' own counts, and misuse.
. "$(dirname "$0")/lib.bash"

ORACLE=$SRC/tests/oracle

# Funnel limits: one run per kind, method, target and level.
awk -F, 'NR > 1 { print $1 "," $2 "," $3 "," $5 }' "$ORACLE/funnel_limits.csv" |
	sort -u >groups.csv
ngroups=0
while IFS=, read -r kind method target level; do
	col=n
	[ "$kind" = poisson ] && col=t
	awk -F, -v k="$kind" -v m="$method" -v t="$target" -v l="$level" -v c="$col" \
		'BEGIN { print c } NR > 1 && $1 == k && $2 == m && $3 == t && $5 == l { print $4 }' \
		"$ORACLE/funnel_limits.csv" >in.csv
	awk -F, -v k="$kind" -v m="$method" -v t="$target" -v l="$level" \
		'BEGIN { print "lower,upper" } NR > 1 && $1 == k && $2 == m && $3 == t && $5 == l { print $6 "," $7 }' \
		"$ORACLE/funnel_limits.csv" >want.csv
	expect_status 0 "$QI" stats funnel --method "$method" --target "$target" --level "$level" \
		--outer-level 0.9999 <in.csv
	compare_named out want.csv lower upper ||
		fail "qi stats funnel $kind $method --target $target --level $level differs from R"
	ngroups=$((ngroups + 1))
done <groups.csv
[ "$ngroups" -gt 20 ] || fail "only $ngroups funnel groups checked"

# Smoothing: one run per set.
for set in $(awk -F, 'NR > 1 { print $1 }' "$ORACLE/shrink_units.csv" | sort -u); do
	awk -F, -v s="$set" 'BEGIN { print "x,n" } NR > 1 && $1 == s { print $2 "," $3 }' \
		"$ORACLE/shrink_units.csv" >in.csv
	awk -F, -v s="$set" 'BEGIN { print "rate,reliability" } NR > 1 && $1 == s { print $4 "," $5 }' \
		"$ORACLE/shrink_units.csv" >want.csv
	if [ "$(awk -F, 'NR > 1 && $2 != 1' in.csv | wc -l)" = 0 ]; then
		continue	# every n = 1: refused, tested below
	fi
	expect_status 0 "$QI" stats shrink <in.csv
	compare_cols out "3 4" want.csv "1 2" || fail "qi stats shrink differs from R for $set"
done

# Control limits at 3 sigma: one run per set and chart.
awk -F, 'NR > 1 && $3 == 3 { print $1 "," $2 }' "$ORACLE/spc_units.csv" | sort -u >groups.csv
while IFS=, read -r set chart; do
	col=n
	case $chart in u | up) col=t ;; esac
	awk -F, -v s="$set" -v c="$chart" -v h="x,$col" \
		'BEGIN { print h } NR > 1 && $1 == s && $2 == c && $3 == 3 { print $4 "," $5 }' \
		"$ORACLE/spc_units.csv" >in.csv
	awk -F, -v s="$set" -v c="$chart" \
		'BEGIN { print "lower,upper" } NR > 1 && $1 == s && $2 == c && $3 == 3 { print $6 "," $7 }' \
		"$ORACLE/spc_units.csv" >want.csv
	expect_status 0 "$QI" stats spc --chart "$chart" <in.csv
	compare_cols out "4 5" want.csv "1 2" || fail "qi stats spc --chart $chart differs from R for $set"
done <groups.csv

# Overdispersion from the units themselves: the target defaults to the
# pooled rate, phi > 1 widens the limits, and flags follow them.
printf 'n,x\n50,11\n100,5\n200,30\n400,40\n300,12\n250,60\n' >in.csv
expect_status 0 "$QI" stats funnel --method normal <in.csv
cp out plain.csv
expect_status 0 "$QI" stats funnel --od additive <in.csv
head -1 out | grep -qx 'n,x,target,rate,z,level,lower,upper,outer_level,outer_lower,outer_upper,flag,z_adj,phi,tau2,winsor,winsor_lower,winsor_upper,status' ||
	fail "od header: $(head -1 out)"
# lower and upper (columns 7, 8) of both, and phi (column 27: 14 of out)
paste -d, plain.csv out | awk -F, 'NR > 1 && !($20 <= $7 && $21 >= $8 && $27 > 1) { bad = 1 } END { exit bad }' ||
	fail "additive limits are not wider than the plain ones"
[ "$(grep -cE ',(above|below)_(inner|outer),' plain.csv)" -gt "$(grep -cE ',(above|below)_(inner|outer),' out)" ] ||
	fail "overdispersion did not reduce the flags"

# Misuse: every bad row reported, nothing written; bad options.
printf 'n\n10\n-3\nabc\n2.5\n' >in.csv
expect_status 1 "$QI" stats funnel --target 0.1 <in.csv
[ -s out ] && fail "funnel wrote output despite bad rows"
expect_in err "<stdin>:3:1: error: n out of range: -3"
expect_in err "<stdin>:4:1: error: n is not a number: 'abc'"
expect_in err "<stdin>:5:1: error: n out of range: 2.5"
printf 'n\n10\n' | { expect_status 2 "$QI" stats funnel; }
expect_in err "no target"
printf 'n\n10\n' | { expect_status 2 "$QI" stats funnel --target 0.1 --od additive; }
expect_in err "--od needs the units' counts"
printf 'x,n\n1,1\n1,1\n' | { expect_status 1 "$QI" stats shrink; }
expect_in err "the prior cannot be estimated"
printf 'x,n\n1,10\n' | { expect_status 2 "$QI" stats spc --chart u; }
expect_in err "chart 'u' does not fit these columns"
expect_status 2 "$QI" stats spc --chart q </dev/null
expect_in err "--chart is run, p, u, pp"
echo "stats funnel/shrink/spc: ok"
