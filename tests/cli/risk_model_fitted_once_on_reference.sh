# SPDX-License-Identifier: GPL-3.0-or-later
# risk_model.reference: the model is fitted once, on the stays of
# FY2024Q1..FY2024Q2, and every quarter and the year are adjusted under it
# -- E, O/E with its exact interval and the adjusted rate of base R's glm
# on the ungrouped reference stays (tests/oracle/gen_riskref.R) to 1e-9
# relative; risk_models.csv holds R's coefficients.  risk_model.coefficients
# applies a given model: R's coefficients (rr_file) give the same results,
# and so do the coefficients qi wrote, read back by another definition.
. "$(dirname "$0")/lib.bash"

O=$SRC/tests/oracle
expect_status 0 "$QI" compute -i "$O/riskref/indicators" -d "$O/riskmodel" -o res
[ -z "$(grep -v 'unknown column' err || true)" ] || { cat err; fail "warnings from a reference fit"; }

# got.csv: the published results in the oracle's rows and columns
# published IND: the rows of IND whose status is ok, in the oracle's order
cols="numerator denominator expected ratio ratio_lower ratio_upper adj_rate adj_lower adj_upper"
published() {
	awk -F, -v ind="$1" '
		FILENAME == ARGV[1] { if (FNR > 1 && $1 == ind) {
			k = $1 "," $3 "," $4 "," $5 "," $6
			row[k] = $8 "," $9 "," $18 "," $19 "," $20 "," $21 "," $22 "," $23 "," $24
			ok[k] = $16 == "ok"
			if ($16 != "ok" && ($18 $19 $20 $21 $22 $23 $24) != "") { print "withheld with E: " $0 > "/dev/stderr"; exit 1 }
		}; next }
		FNR == 1 { print "key,numerator,denominator,expected,ratio,ratio_lower,ratio_upper,adj_rate,adj_lower,adj_upper" > "got.csv"
			print "key,numerator,denominator,expected,ratio,ratio_lower,ratio_upper,adj_rate,adj_lower,adj_upper" > "want.csv"; next }
		$1 == ind {
			k = $1 "," $2 "," $3 "," $4 "," $5
			if (!(k in row)) { print "no result for " k > "/dev/stderr"; exit 1 }
			if (!ok[k]) { withheld++; next }
			gsub(/ /, "")
			print k2(k) "," row[k] > "got.csv"
			print k2(k) "," $6 "," $7 "," $8 "," $9 "," $10 "," $11 "," $12 "," $13 "," $14 > "want.csv"
			n++
		}
		function k2(k) { gsub(/,/, "/", k); return k }
		END { printf "%s: %d published results compared, %d withheld\n", ind, n, withheld
			exit (n < 50 || withheld < 2) }' res/results.csv "$O/riskref_results.csv"
}
for ind in rr_ref rr_file; do
	published "$ind" || fail "$ind: results missing"
	compare_named got.csv want.csv $cols || fail "$ind: results differ from R"
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
echo "reference model: ok"
