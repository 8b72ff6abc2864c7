# SPDX-License-Identifier: GPL-3.0-or-later
# risk_model.reference: the model is fitted once, on the stays of
# FY2024Q1..FY2024Q2, and every quarter and the year are adjusted under it
# -- E, O/E with its exact interval and the adjusted rate of base R's glm
# on the ungrouped reference stays (tests/oracle/gen_riskref.R) to 1e-9
# relative; risk_models.csv holds R's coefficients.  risk_model.coefficients
# applies a given model: R's coefficients (rr_file) give the same results,
# and so do the coefficients qi wrote, read back by another definition.
# On a small sample where hf_mortality's quarterly fit fails, a model
# fitted once on both years adjusts every quarter.
. "$(dirname "$0")/lib.bash"

O=$SRC/tests/oracle
expect_status 0 "$QI" compute -i "$O/riskref/indicators" -d "$O/riskmodel" -o res
[ -z "$(grep -v 'unknown column' err || true)" ] || { cat err; fail "warnings from a reference fit"; }

for ind in rr_ref rr_file; do
	adjusted_rows res/results.csv "$O/riskref_results.csv" "$ind" 50 ||
		fail "$ind: results missing"
	compare_named got.csv want.csv $ADJUSTED_COLS || fail "$ind: results differ from R"
done

# the coefficients of the reference fit, with the reference's counts
grep '^rr_ref,' res/risk_models.csv | cut -d, -f4- >got.csv
sed -i '1i term,coefficient,se,stays,events' got.csv
sed '1s/estimate/coefficient/' "$O/riskref_fit.csv" >want.csv
compare_named got.csv want.csv term coefficient se stays events ||
	fail "risk_models.csv differs from R"
expect_in res/risk_models.csv "rr_ref,1,FY2024Q1..FY2024Q2,(intercept),"
# one model of each in the manifest, of the reference or of the file
[ "$(grep -c '^        "indicator": "rr_' res/results.json)" = 2 ] || fail "not one model per indicator"
expect_in res/results.json '"source": "reference"'
expect_in res/results.json '"source": "file"'

# qi's own coefficients, applied by another definition, give its results
mkdir defs
cp "$O/riskref/indicators/rr_ref.yaml" defs/
sed 's/coefficients: rr_model.csv/coefficients: models\/qi.csv/' \
	"$O/riskref/indicators/rr_file.yaml" >defs/rr_file.yaml
mkdir defs/models
grep -v '^rr_file,' res/risk_models.csv | sed 's/^rr_ref,/rr_file,/' >defs/models/qi.csv
expect_status 0 "$QI" compute -i defs -d "$O/riskmodel" -o again
a=$(grep '^rr_ref,' again/results.csv | cut -d, -f2- | md5sum)
b=$(grep '^rr_file,' again/results.csv | cut -d, -f2- | md5sum)
[ "$a" = "$b" ] || fail "coefficients read back give other results"

# The issue's case: on a small sample hf_mortality's model fails in some
# quarter when fitted per quarter (separation); fitted once on the two
# years, it adjusts every quarter, without a warning.
expect_status 0 "$QI" synth -i "$SRC/indicators" -o small --total-stays 40000
rm small/sample/counts.csv
mkdir -p hf/codes
cp "$SRC"/indicators/codes/*.csv hf/codes/
cp "$SRC/indicators/hf_mortality.yaml" hf/
expect_status 0 "$QI" compute -i hf -d small/sample -o perq
expect_in err "the risk model could not be fitted"
sed -i 's/^  covariates:/  reference: FY2023..FY2024\n  covariates:/' hf/hf_mortality.yaml
expect_status 0 "$QI" compute -i hf -d small/sample -o once
if grep -q "risk model" err; then cat err; fail "a warning from the reference fit"; fi
awk -F, '$1 == "hf_mortality" && $4 == "all" { n++; if ($18 == "" || $19 == "") bad = 1 }
	END { exit bad || n != 10 }' once/results.csv || fail "a quarter of hf_mortality not adjusted"
echo "reference model: ok"
