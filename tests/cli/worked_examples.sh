# The worked examples of specs/indicators.md: for each indicator, qi compute
# over the example's stays and events (tests/examples/ID/) must give the
# tallies of expected.csv -- denominator, numerator, exposure and each
# exclusion's count per hospital, period and variant.  expected.csv was
# written from hand labels (tests/examples/make_examples.py), not from
# qi's evaluator.  Tally rows that are not expected must be all zero.
#
# Then the whole default sample (qi synth): qi's tallies summed per
# hospital and indicator over all periods must equal those of an
# independent Python re-coding of every definition
# (tests/examples/sample_oracle.py -> sample_tallies.csv).
. "$(dirname "$0")/lib.bash"

# check_patterns ID WANT TALLIES: the pattern rows of TALLIES are those
# of WANT (hospital, indicator, period, pattern, denominator, numerator).
check_patterns() {
	awk -F, -v id="$1" '
	FNR == 1 { delete col; for (i = 1; i <= NF; i++) col[$i] = i; next }
	FILENAME == ARGV[1] {
		want[$col["hospital"] "," $col["indicator"] "," $col["period"] "," \
		    $col["pattern"]] = $col["denominator"] "|" $col["numerator"]
		next
	}
	$col["record"] != "pattern" || $col["variant"] != "" { next }
	{
		k = $col["hospital"] "," $col["indicator"] "," $col["period"] "," \
		    $col["pattern"]
		g = $col["denominator"] "|" $col["numerator"]
		if (!(k in want)) { printf "%s: pattern %s: unexpected %s\n", id, k, g; bad = 1 }
		else if (want[k] != g) { printf "%s: pattern %s: want %s, got %s\n", id, k, want[k], g; bad = 1 }
		seen[k] = 1
	}
	END {
		for (k in want) if (!(k in seen)) { printf "%s: pattern %s missing\n", id, k; bad = 1 }
		exit bad
	}' "$2" "$3" >"$WORK/pdiff-$1" ||
		{ cat "$WORK/pdiff-$1" >&2; fail "$1: risk-model patterns differ from the worked example"; }
}

n=0
for ex in "$SRC"/tests/examples/*/; do
	id=$(basename "$ex")
	[ -f "$ex/expected.csv" ] || continue
	defs=$WORK/defs-$id
	mkdir -p "$defs"
	cp "$SRC/indicators/$id.yaml" "$defs/"
	cp -r "$SRC/indicators/codes" "$defs/codes"
	expect_status 0 "$QI" compute -i "$defs" -d "$ex" \
		--stays "$ex/stays.csv" --events "$ex/events.csv" \
		--tallies-only -o "$WORK/out-$id"
	got=$WORK/out-$id/tallies.csv
	[ -f "$got" ] || fail "$id: no tallies.csv written"
	awk -F, -v id="$id" '
	function base(v) { return (v == "-" || v == "base") ? "" : v }
	function zero(s,   a, i, k) {
		k = split(s, a, ";")
		for (i = 1; i <= k; i++) if (a[i] + 0 != 0) return 0
		return 1
	}
	FNR == 1 {
		delete col
		for (i = 1; i <= NF; i++) col[$i] = i
		next
	}
	FILENAME == ARGV[1] {
		k = $col["hospital"] SUBSEP $col["indicator"] SUBSEP \
		    $col["variant"] SUBSEP $col["period"]
		want[k] = $col["denominator"] "|" $col["numerator"] "|" \
		    $col["exposure"] "|" $col["excluded"]
		wexp[k] = $col["exposure"]
		next
	}
	$col["record"] != "tally" { next }
	{
		k = $col["hospital"] SUBSEP $col["indicator"] SUBSEP \
		    base($col["variant"]) SUBSEP $col["period"]
		e = (k in wexp && wexp[k] + 0 == 0) ? wexp[k] : $col["exposure"] + 0
		g = $col["denominator"] "|" $col["numerator"] "|" e "|" \
		    $col["excluded"]
		if (k in want) {
			if (want[k] != g) {
				kk = k; gsub(SUBSEP, ",", kk)
				printf "%s: %s: want %s, got %s\n", id, kk, want[k], g
				bad = 1
			}
			seen[k] = 1
		} else if ($col["denominator"] + 0 != 0 ||
		    $col["numerator"] + 0 != 0 || !zero($col["excluded"])) {
			kk = k; gsub(SUBSEP, ",", kk)
			printf "%s: %s: unexpected tally %s\n", id, kk, g
			bad = 1
		}
	}
	END {
		for (k in want) if (!(k in seen)) {
			kk = k; gsub(SUBSEP, ",", kk)
			printf "%s: %s: missing (want %s)\n", id, kk, want[k]
			bad = 1
		}
		exit bad
	}' "$ex/expected.csv" "$got" >"$WORK/diff-$id" ||
		{ cat "$WORK/diff-$id" >&2; fail "$id: tallies differ from the worked example"; }
	# patterns.csv, where given: the risk model's covariate patterns
	# (stays and deaths per pattern, labelled by hand), all of them.
	if [ -f "$ex/patterns.csv" ]; then
		check_patterns "$id" "$ex/patterns.csv" "$got"
	fi
	n=$((n + 1))
done
[ "$n" -ge 20 ] || fail "only $n worked examples found"

# The default sample against the independent oracle.
expect_status 0 "$QI" synth -i "$SRC/indicators" -o "$WORK/synth"
smp=$WORK/synth/sample
expect_status 0 "$QI" compute -i "$SRC/indicators" -d "$smp" \
	--stays "$smp/stays.csv" --events "$smp/events.csv" \
	--tallies-only -o "$WORK/out-sample"
awk -F, '
FNR == 1 { delete col; for (i = 1; i <= NF; i++) col[$i] = i; next }
FILENAME == ARGV[1] {
	want[$col["hospital"] "," $col["indicator"]] = \
	    $col["denominator"] "," $col["numerator"] "," $col["excluded"]
	next
}
$col["record"] != "tally" { next }
$col["variant"] != "" && $col["variant"] != "johas_pre_fy2016" { next }
{
	k = $col["hospital"] "," $col["indicator"] \
	    ($col["variant"] != "" ? ":" $col["variant"] : "")
	den[k] += $col["denominator"]; expo[k] += $col["exposure"]
	num[k] += $col["numerator"]
	n = split($col["excluded"], a, ";")
	for (i = 1; i <= n; i++) exc[k] += a[i]
	keys[k] = 1
}
END {
	for (k in keys) {
		d = expo[k] > 0 ? expo[k] : den[k]
		if (d == 0 && num[k] == 0 && exc[k] == 0) continue
		g = sprintf("%d,%d,%d", d, num[k], exc[k])
		if (!(k in want)) { print k ": unexpected " g; bad = 1 }
		else if (want[k] != g) { print k ": want " want[k] ", got " g; bad = 1 }
		seen[k] = 1
	}
	for (k in want) if (!(k in seen)) { print k ": missing"; bad = 1 }
	exit bad
}' "$SRC/tests/examples/sample_tallies.csv" "$WORK/out-sample/tallies.csv" \
	>"$WORK/diff-sample" ||
	{ head -20 "$WORK/diff-sample" >&2; fail "sample tallies differ from the oracle"; }
