# SPDX-License-Identifier: GPL-3.0-or-later
# qi stats logit fits what R's glm(family = binomial) fits
# (tests/oracle/gen_stats_logit.R): the terms named as R names them
# ((Intercept), sex2, wardB; numeric factor levels by value, text levels
# by bytes), coefficients, standard errors, z and p at 1e-9 relative;
# --summary's n, events, deviance, null deviance, AIC and c-statistic
# (the Mann-Whitney form in base R).  A rank-deficient or separated model
# is an error naming the term; bad rows are errors at line:col.
. "$(dirname "$0")/lib.bash"

ORACLE=$SRC/tests/oracle

# check NAME ARGS...: qi stats logit ARGS --summary on NAME's table
# against R's fit and summary.
check() {
	local name=$1
	shift
	expect_status 0 "$QI" stats logit "$@" --summary \
		<"$ORACLE/stats_logit_${name}_in.csv"
	awk '/^$/ {exit} {print}' out >terms.csv
	awk 'f {print} /^$/ {f = 1}' out >sum.csv
	[ "$(cut -d, -f1 terms.csv)" = "$(cut -d, -f1 "$ORACLE/stats_logit_${name}_fit.csv")" ] ||
		fail "$name: terms $(cut -d, -f1 terms.csv | tr '\n' ' ')"
	compare_cols terms.csv "2 3 4 5" "$ORACLE/stats_logit_${name}_fit.csv" "2 3 4 5" ||
		fail "$name: coefficients differ from glm"
	[ "$(cut -d, -f1 sum.csv)" = "$(cut -d, -f1 "$ORACLE/stats_logit_${name}_sum.csv")" ] ||
		fail "$name: summary rows $(cut -d, -f1 sum.csv | tr '\n' ' ')"
	compare_cols sum.csv "2" "$ORACLE/stats_logit_${name}_sum.csv" "2" ||
		fail "$name: summary differs from glm"
}

check main --y died --x age,sex,ward,los --factor sex,ward
check levels --y event --x stage,unit,age --factor stage --factor unit
check rare --y y --x x

# Without --summary: the terms alone; factors not in --x come after it.
"$QI" stats logit --y died --x age,sex,ward,los --factor sex,ward \
	<"$ORACLE/stats_logit_main_in.csv" >a.csv
"$QI" stats logit --y died --x age,sex,ward,los --factor sex,ward --summary \
	<"$ORACLE/stats_logit_main_in.csv" | awk '/^$/ {exit} {print}' >s.csv
cmp -s a.csv s.csv || fail "--summary changes the terms"
[ "$(wc -l <a.csv)" = 7 ] || fail "without --summary, $(wc -l <a.csv) lines"
expect_status 0 "$QI" stats logit --y died --x age,los --factor sex --factor ward \
	<"$ORACLE/stats_logit_main_in.csv"
[ "$(cut -d, -f1 out | tr '\n' ' ')" = "term (Intercept) age los sex2 wardB wardC " ] ||
	fail "factors after --x: $(cut -d, -f1 out | tr '\n' ' ')"
{ head -1 out; tail -n +2 out | sort; } >b.csv
{ head -1 a.csv; tail -n +2 a.csv | sort; } >c.csv
compare_cols b.csv "2 3 4 5" c.csv "2 3 4 5" || fail "term order changes the fit"

# R cannot fit these either: qi names the term.
expect_status 1 "$QI" stats logit --y y --x dose,dose2 <"$ORACLE/stats_logit_aliased_in.csv"
[ ! -s out ] || fail "an aliased model still wrote output"
expect_in err "covariate '$(tail -1 "$ORACLE/stats_logit_aliased_r.csv" | cut -d, -f2)' is a linear combination"
expect_status 1 "$QI" stats logit --y died --x ward,age --factor ward \
	<"$ORACLE/stats_logit_separated_in.csv"
[ ! -s out ] || fail "a separated model still wrote output"
expect_in err "separation"
expect_in err "coefficient of '$(tail -1 "$ORACLE/stats_logit_separated_r.csv" | cut -d, -f2)' is infinite"

# Bad rows: every one at its line and column, nothing written.
printf 'y,age,sex\n1,50,M\n2,40,F\n0,x,F\n1,60,\n' >bad.csv
expect_status 1 "$QI" stats logit --y y --x age,sex --factor sex <bad.csv
[ ! -s out ] || fail "bad rows still wrote output"
expect_in err "qi: <stdin>:3:1: error: y must be 0 or 1: '2'"
expect_in err "qi: <stdin>:4:3: error: age is not a number: 'x'"
expect_in err "qi: <stdin>:5:6: error: sex is empty"
printf 'y,age,sex\n1,50,M\n0,40,M\n1,60,M\n0,30,M\n' >one.csv
expect_status 1 "$QI" stats logit --y y --x age,sex --factor sex <one.csv
expect_in err "factor 'sex' has one level"
expect_status 1 "$QI" stats logit --y y --x age,weight <one.csv
expect_in err "qi: <stdin>:1:1: error: missing column 'weight'"

# Options.
expect_status 2 "$QI" stats logit --x age <one.csv
expect_in err "qi stats logit needs --y and --x"
expect_status 2 "$QI" stats logit --y y --x age,age <one.csv
expect_in err "column 'age' given twice"
expect_status 2 "$QI" stats logit --y y --x y <one.csv
expect_status 2 "$QI" stats ci --summary <one.csv
exit 0
