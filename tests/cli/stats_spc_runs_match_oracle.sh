# SPDX-License-Identifier: GPL-3.0-or-later
# qi stats spc reproduces the base-R vectors of tests/oracle/gen_runs.R:
# for run charts (the median) and p, p', u and u' charts, with and
# without phases (--phase-at) and with a frozen baseline (--freeze), each
# phase's centre line and limits and
# Anhoej's runs analysis (useful points, longest run and its limit,
# crossings and their limit, the signal), and status no_useful_points
# when every point is on the centre line.  Then the misuse of phases.
. "$(dirname "$0")/lib.bash"

COLS="cl lower upper phase useful longest_run longest_run_max crossings crossings_min runs_signal status"

# check_oracle FILE: each chart of the oracle file (set, chart and its
# third column: phases "P13;P21" or "-", or a --freeze count) through
# qi stats spc, compared column by column; prints the number of charts.
check_oracle() {
	local oracle=$1 set chart third col n=0
	awk -F, 'NR > 1 { print $1 "," $2 "," $3 }' "$oracle" | sort -u >groups.csv
	while IFS=, read -r set chart third; do
		awk -F, -v s="$set" -v c="$chart" -v p="$third" \
			'NR > 1 && $1 == s && $2 == c && $3 == p' "$oracle" >rows.csv
		col=n
		case $chart in u | up) col=t ;; esac
		[ "$chart" = run ] && grep -q '^rates,' rows.csv && col=t
		{ echo "period,x,$col"; cut -d, -f4-6 rows.csv; } >in.csv
		{ head -1 "$oracle"; cat rows.csv; } >want.csv
		set -- --chart "$chart"
		case $oracle in
		*freeze*) set -- "$@" --freeze "$third" ;;
		*) [ "$third" = - ] || set -- "$@" --phase-at "$(echo "$third" | tr ';' ,)" ;;
		esac
		expect_status 0 "$QI" stats spc "$@" <in.csv
		compare_named out want.csv $COLS ||
			fail "qi stats spc $* differs from R for $set"
		n=$((n + 1))
	done <groups.csv
	echo "$n"
}

ngroups=$(check_oracle "$SRC/tests/oracle/runs_points.csv")
[ "$ngroups" -ge 40 ] || fail "only $ngroups charts checked"
# A frozen baseline (--freeze N, tests/oracle/runs_freeze.csv): centre,
# Laney's sigma and limits from the first N subgroups, the runs analysis
# of every subgroup around that centre.
nfrozen=$(check_oracle "$SRC/tests/oracle/runs_freeze.csv")
[ "$nfrozen" -ge 8 ] || fail "only $nfrozen frozen charts checked"
sort -k2 -g maxrel | tail -1

# Phases need a period column and periods of the input, in order.
printf 'x,n\n1,10\n2,10\n' | { expect_status 1 "$QI" stats spc --phase-at 2024Q2; }
expect_in err "--phase-at needs a column period"
printf 'period,x,n\nQ1,1,10\nQ2,2,10\nQ3,1,10\n' >in.csv
expect_status 1 "$QI" stats spc --phase-at Q9 <in.csv
expect_in err "--phase-at: no period 'Q9' in the input"
expect_status 1 "$QI" stats spc --phase-at Q3,Q2 <in.csv
expect_in err "--phase-at: period 'Q2' does not start a later phase"
expect_status 1 "$QI" stats spc --chart pp --phase-at Q3 <in.csv
expect_in err "no control limits for phase 2 (1 subgroups)"
expect_status 1 "$QI" stats spc --freeze 3 --phase-at Q3 <in.csv
expect_in err "--freeze 3: the first phase has 2 subgroups"
expect_status 2 "$QI" stats spc --freeze 0 <in.csv
expect_in err "--freeze must be a whole number of subgroups, 1 or more: '0'"
expect_status 2 "$QI" stats ci --phase-at Q2 <in.csv
expect_in err "option '--phase-at' does not apply to ci (it is taken by qi stats spc)"
echo "stats spc runs: $ngroups charts and $nfrozen frozen ones agree with R"
