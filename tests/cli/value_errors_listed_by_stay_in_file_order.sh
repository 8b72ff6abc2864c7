# SPDX-License-Identifier: GPL-3.0-or-later
# A numerator value out of its domain (a count below 0) stops the run.
# The engine evaluates stays in batches, rule by rule, yet the errors read
# as if stays were evaluated one at a time: the first 20 stays with such a
# value are listed in file order, each with its errors in definition
# order, at the definition's line:col; the rest are counted in one note,
# and nothing is written.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" synth -i "$SRC/indicators" -o gen --total-stays 3000
S=gen/sample
mkdir defs
cp -r "$SRC/indicators/codes" defs/
sed 's/^  value: falls$/  value: falls - 100/' "$SRC/indicators/falls_rate.yaml" >defs/falls_rate.yaml
sed 's/^  value: falls_3b$/  value: falls_3b - 100/' "$SRC/indicators/falls_injurious_rate.yaml" >defs/falls_injurious_rate.yaml
grep -q 'value: falls - 100' defs/falls_rate.yaml || fail "definition not changed"
grep -q 'value: falls_3b - 100' defs/falls_injurious_rate.yaml || fail "definition not changed"
cp "$SRC/indicators/stroke_early_rehab.yaml" defs/

expect_status 1 "$QI" compute -i defs --organisations $S/organisations.csv \
	--hospitals $S/hospitals.csv --stays $S/stays.csv --events $S/events.csv -o res
[ ! -e res ] || fail "a failed compute wrote outputs"
# the stays with a count, in file order, each with its indicators' errors
# in definition order (falls_injurious_rate before falls_rate)
# (the falls item counts for discharges from 2024-06-01 only)
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "falls") a = i; if ($i == "falls_3b") b = i
		if ($i == "discharge") d = i }; next }
	$d < "2024-06-01" { next }
	$a != "" || $b != "" { n++ }
	n <= 20 && $b != "" { print "falls_injurious_rate " $1 "/" $2 }
	n <= 20 && $a != "" { print "falls_rate " $1 "/" $2 }
	END { print n >"nstays" }' $S/stays.csv >want
n=$(cat nstays)
[ "$n" -gt 40 ] && [ "$(wc -l <want)" -ge 20 ] || fail "only $n stays with a count"
sed -n "s/^qi: defs\/\(falls[a-z_]*\)\.yaml:[0-9]*:[0-9]*: error: [a-z_]*: stay '\([^']*\)' gives .*/\1 \2/p" err >got
# ids of stays are per hospital: compare them with the hospital left out
sed 's| [^ /]*/| |' want | diff - got >/dev/null ||
	fail "errors not by stay in file order: $(sed 's| [^ /]*/| |' want | diff - got | head -4)"
expect_in err "note: $((n - 20)) more stays with values out of their domain"
expect_in err "hint: a numerator value is a count: a whole number, 0 or more"
