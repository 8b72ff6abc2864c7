# SPDX-License-Identifier: GPL-3.0-or-later
# Risk-adjusted results through the real engine: qi compute on the small
# patient-level set of tests/oracle/riskmodel gives, for every published
# result, E, O/E with its exact (rm_exact) or Byar (rm_byar) interval and
# the adjusted rate of base R's glm (tests/oracle/gen_riskmodel.R) to a
# relative 1e-9, and nothing for withheld ones; the manifest holds each
# model.  Then the synthetic sample's hf_mortality: finite ratios for
# published hospitals, empty for withheld ones, coefficients and
# c-statistic in the manifest.
. "$(dirname "$0")/lib.bash"

O=$SRC/tests/oracle
expect_status 0 "$QI" compute -i "$O/riskmodel/indicators" -d "$O/riskmodel" -o res
# compare NAME: every rm_* row of res/results.csv against the oracle
awk -F, -v tol=1e-9 '
	function rel(a, b) { a += 0; b += 0
		return (b == 0) ? (a < 0 ? -a : a) : ((a - b) / b < 0 ? (b - a) / b : (a - b) / b) }
	FILENAME == ARGV[1] { if (FNR > 1) want[$1 "," $2 "," $3 "," $4 "," $5] = $0; next }
	FNR == 1 { if ($18 != "expected" || $24 != "adj_upper") { print "bad header: " $0; bad = 1 }; next }
	$1 ~ /^rm_/ {
		k = $1 "," $3 "," $4 "," $5 "," $6
		if (!(k in want)) { print "no oracle row for " k; bad = 1; next }
		split(want[k], w, ",")
		if ($16 != "ok") {
			for (i = 18; i <= 24; i++) if ($i != "") { print k ": withheld but column " i " is " $i; bad = 1 }
			withheld++; next
		}
		if ($8 != w[6] || $9 != w[7]) { print k ": counts " $8 "/" $9 " vs " w[6] "/" w[7]; bad = 1 }
		for (i = 0; i < 7; i++) {
			e = rel($(18 + i), w[8 + i])
			if ($(18 + i) == "" || e > tol) { print k ": column " 18 + i " is " $(18 + i) ", R " w[8 + i]; bad = 1 }
			if (e > max) max = e
		}
		n++
	}
	END {
		printf "oracle: %d results compared, %d withheld, max relative error %.3g\n", n, withheld, max
		if (n < 80 || withheld < 2) { print "too few rows"; bad = 1 }
		exit bad }' "$O/riskmodel_results.csv" res/results.csv || fail "risk-adjusted results differ from R"

# the manifest: every model with R's coefficients, SEs, deviances, AIC,
# c-statistic, stays and events
python3 - "$O/riskmodel_fit.csv" res/results.json <<'PY' || fail "manifest models differ from R"
import csv, json, sys
fit = list(csv.DictReader(open(sys.argv[1])))
models = json.load(open(sys.argv[2]))["manifest"]["risk_models"]
def close(a, b, tol=1e-9):
    return abs(a - b) <= tol * max(abs(b), 1e-300)
bad, n = 0, 0
for ind in ("rm_exact", "rm_byar"):
    for m in (m for m in models if m["indicator"] == ind):
        rows = [r for r in fit if r["period"] == m["period"]]
        assert m["fitted"] and m["converged"] and not m["separation"], m
        assert m["covariates"] == [r["term"] for r in rows], m["covariates"]
        for j, r in enumerate(rows):
            for key, col in (("coefficients", "estimate"), ("se", "se")):
                if not close(m[key][j], float(r[col])):
                    print(ind, m["period"], key, j, m[key][j], r[col]); bad = 1
        for key in ("deviance", "null_deviance", "aic", "c_statistic", "stays", "events"):
            if not close(m[key], float(rows[0][key])):
                print(ind, m["period"], key, m[key], rows[0][key]); bad = 1
        n += 1
print("manifest: %d models compared" % n)
sys.exit(bad or n != 10)
PY

# A sample too small for the model: separation is a warning naming the
# indicator and period, the crude results stay, the adjusted ones are empty.
expect_status 0 "$QI" synth -i "$SRC/indicators" -o small --total-stays 40000
expect_status 0 "$QI" compute -i "$SRC/indicators" -d small/sample -o smallres
# (which quarter separates depends on the draws of the sample)
q=$(sed -n 's/.*warning: hf_mortality \(FY[0-9]*Q[1-4]\): the risk model could not be fitted.*/\1/p' err | head -1)
[ -n "$q" ] || fail "no quarter of hf_mortality reported as not fitted"
expect_in err "separation"
awk -F, -v q="$q" '$1 == "hf_mortality" && $3 == q { n++; if ($16 == "ok" && $10 == "") bad = 1
	if (($18 $19 $20 $21 $22 $23 $24) != "") bad = 1 } END { exit bad || n == 0 }' smallres/results.csv ||
	fail "a failed fit changed the crude results or left ratios"
expect_in smallres/results.json '"fitted": false'

# The synthetic sample: the definitions with a risk model (hf_mortality,
# fitted per period; pneumonia_mortality, fitted once on its reference)
# have risk-adjusted columns, and only they.
expect_status 0 "$QI" synth -i "$SRC/indicators" -o gen
expect_status 0 "$QI" compute -i "$SRC/indicators" -d gen/sample -o syn
adj=$(grep -l '^risk_model:' "$SRC"/indicators/*.yaml | sed 's|.*/||; s|\.yaml$||' | tr '\n' ' ')
case " $adj " in *" hf_mortality "*"pneumonia_mortality "*) ;; *) fail "risk models of: $adj" ;; esac
awk -F, -v adj="$adj" 'BEGIN { n = split(adj, a, " "); for (i = 1; i <= n; i++) model[a[i]] = 1 }
	($1 in model) && $4 == "hospital" {
		if ($16 == "ok") { pub[$1]++; if ($18 == "" || $19 == "" || $20 == "" || $21 == "" || $22 == "") { print "published without ratio: " $0; bad = 1 } }
		else { hid[$1]++; if (($18 $19 $20 $21 $22 $23 $24) != "") { print "withheld with ratio: " $0; bad = 1 } }
	}
	!($1 in model) && $1 != "" && NR > 1 && ($18 $19 $20 $21 $22 $23 $24) != "" { print "ratio without a model: " $0; bad = 1 }
	END { for (i in model) {
			printf "sample: %d published, %d withheld %s hospital results\n", pub[i], hid[i], i
			if (pub[i] == 0 || hid[i] == 0) bad = 1
		}
		exit bad }' syn/results.csv ||
	fail "risk-adjusted columns wrong"
expect_in syn/results.json '"risk_models": ['
expect_in syn/results.json '"covariates": ["(intercept)", "age_65_74", "age_75_84"'
grep -q '"coefficients": \[-[0-9]' syn/results.json || fail "no coefficients in the manifest"
grep -q '"c_statistic": 0\.[5-9]' syn/results.json || fail "no c-statistic in the manifest"
echo "risk-adjusted results: ok"
