# SPDX-License-Identifier: GPL-3.0-or-later
# qi stats funnel on a transformed scale (--scale raw|logit|arcsine|log|
# sqrt) with and without overdispersion (--od, --winsor) reproduces the
# base-R vectors of tests/oracle/gen_funnel_scale.R for every set and
# configuration: target, rate, z, the limits at both levels, the flag,
# the adjusted z, phi, tau2, the winsorising bounds and each row's
# status (a unit with 0 events on a log or logit scale: undefined_z; of
# volume 0: undefined_n0).  Then the combinations refused with a reason.
. "$(dirname "$0")/lib.bash"

ORACLE=$SRC/tests/oracle/funnel_scale.csv
COLS="target rate z lower upper outer_lower outer_upper flag status"
ODCOLS="z_adj phi tau2 winsor winsor_lower winsor_upper"
nconf=0
for conf in $(awk -F, 'NR > 1 { print $1 }' "$ORACLE" | sort -un); do
	awk -F, -v c="$conf" 'NR > 1 && $1 == c' "$ORACLE" >rows.csv
	IFS=, read -r _ set kind method scale od winsor level outer tg _ <rows.csv
	case $kind in
	proportion) head="n,x" ;;
	rate) head="t,x" ;;
	ratio) head="e,o" ;;
	esac
	{ echo "$head"; cut -d, -f11,12 rows.csv; } >in.csv
	{
		echo "config,set,kind,method,scale,od,winsor_given,level,outer_level,target_given,v,x,target,rate,z,lower,upper,outer_lower,outer_upper,flag,z_adj,phi,tau2,winsor_lower,winsor_upper,status,winsor"
		awk -F, -v OFS=, '{ print $0, $7 }' rows.csv
	} >want.csv
	set -- --method "$method" --scale "$scale" --level "$level" --outer-level "$outer"
	[ "$od" = none ] || set -- "$@" --od "$od" --winsor "$winsor"
	[ "$tg" = NaN ] || set -- "$@" --target "$tg"
	expect_status 0 "$QI" stats funnel "$@" <in.csv
	cols=$COLS
	[ "$od" = none ] || cols="$COLS $ODCOLS"
	compare_named out want.csv $cols ||
		fail "qi stats funnel $* differs from R for $set (config $conf)"
	nconf=$((nconf + 1))
done
[ "$nconf" -ge 150 ] || fail "only $nconf configurations checked"
grep -q undefined_z "$ORACLE" || fail "no unit without a z in the oracle"
sort -k2 -g maxrel | tail -1

# Refused combinations, each with its reason.
printf 'n,x\n100,10\n200,30\n' >in.csv
expect_status 2 "$QI" stats funnel --scale logit --method exact <in.csv
expect_in err "a transformed scale gives normal limits on that scale (--method exact, --scale logit)"
expect_status 2 "$QI" stats funnel --od additive --method exact <in.csv
expect_in err "exact limits cannot be widened for overdispersion"
expect_status 2 "$QI" stats funnel --scale log <in.csv
expect_in err "this scale does not apply to these units"
expect_status 2 "$QI" stats funnel --winsor 0.2 <in.csv
expect_in err "--winsor applies to the overdispersion estimate"
expect_status 2 "$QI" stats funnel --winsor 0.5 --od additive <in.csv
expect_in err "--winsor must be a fraction from 0 to below 0.5"
expect_status 2 "$QI" stats funnel --level 0.999 --outer-level 0.998 <in.csv
expect_in err "--level 0.999 is above --outer-level 0.998"
# --level alone above the default outer level: both pairs at that level
expect_status 0 "$QI" stats funnel --level 0.999 <in.csv
head -2 out | cut -d, -f6-11 | tail -1 | awk -F, '$1 == 0.999 && $4 == 0.999 && $2 == $5 && $3 == $6 { ok = 1 } END { exit !ok }' ||
	fail "--level 0.999 alone: $(cat out)"
expect_status 2 "$QI" stats funnel --scale logit --target 0 <in.csv
expect_in err "the target 0 has no value on the logit scale"
printf 'e,o\n10,12\n' >in.csv
expect_status 2 "$QI" stats funnel --scale arcsine <in.csv
expect_in err "for rates and ratios use raw, log or sqrt"
echo "stats funnel --scale: $nconf configurations agree with R"
