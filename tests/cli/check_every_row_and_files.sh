# SPDX-License-Identifier: GPL-3.0-or-later
# qi check reads every row (an Excel serial date on line 1,500 is found
# there, not first by compute), says which column a definition needs that
# the stays file lacks (with "did you mean" for a misspelling), warns of
# columns it does not know, and checks files named as operands by kind:
# a definition on its own, a data file (CSV, or DPC as submitted) in the
# place of --data's.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" synth -i "$SRC/indicators" -o gen --total-stays 3000
S=gen/sample
[ "$(wc -l <$S/stays.csv)" -gt 1600 ] || fail "sample too small"
mkdir d
cp $S/organisations.csv $S/hospitals.csv $S/counts.csv $S/events.csv d/
# line 1,500: the admission date as Excel's serial number
awk -F, -v OFS=, 'NR == 1500 { $4 = "45383" } { print }' $S/stays.csv >d/stays.csv
expect_status 1 "$QI" check -i "$SRC/indicators" -d d
expect_in err "d/stays.csv:1500:"
expect_in err "bad date '45383' in admission"

# a misspelt column a definition reads: an error naming both, not silence
sed '1s/,dx_resource,/,dx_resources,/' $S/stays.csv >d/stays.csv
expect_status 1 "$QI" check -i "$SRC/indicators" -d d
expect_in err "d/stays.csv:1:"
expect_in err "error: missing column 'dx_resource', which"
expect_in err "stroke_early_rehab"
expect_in err "did you mean 'dx_resource'?"
expect_status 1 "$QI" compute -i "$SRC/indicators" -d d -o res
expect_in err "error: missing column 'dx_resource'"
[ ! -e res/results.csv ] || fail "compute wrote results without a column"

# a column qi does not know: a warning naming it, the run goes on
awk -F, -v OFS=, '{ print $0, (NR == 1 ? "ward" : "3F") }' $S/stays.csv >d/stays.csv
expect_status 0 "$QI" check -i "$SRC/indicators" -d d
expect_in err "d/stays.csv:1:"
expect_in err "warning: unknown column 'ward', not read"
n=$(($(wc -l <$S/stays.csv) - 1))
expect_in out "$n stays ("

# operands: one definition on its own, with the code lists of -i
mkdir mine
cp "$SRC/indicators/stroke_early_rehab.yaml" mine/
expect_status 0 "$QI" check -i "$SRC/indicators" mine/stroke_early_rehab.yaml
expect_in out "mine/stroke_early_rehab.yaml: definition 'stroke_early_rehab' (version 1) ok"
sed 's/^kind: proportion/kind: proportoin/' mine/stroke_early_rehab.yaml >mine/x.yaml
rm mine/stroke_early_rehab.yaml
expect_status 1 "$QI" check -i "$SRC/indicators" mine/x.yaml
expect_in err "mine/x.yaml:"
grep -q 'qi-check-' err && fail "a message names the scratch folder"
# ... and a data file in the place of --data's, known by its header
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "dx_main") c = i }
	NR == 5 { $c = "I63.9" } { print }' $S/stays.csv >d/mine.csv
expect_status 1 "$QI" check -i "$SRC/indicators" -d d d/mine.csv
expect_in err "d/mine.csv:5:"
expect_in err "bad code 'I63.9'"
# ... compressed, known by its header all the same
gzip -c $S/stays.csv >d/upload.gz
expect_status 0 "$QI" check -i "$SRC/indicators" -d d d/upload.gz
expect_in out "d/upload.gz, d/events.csv: $n stays ("
# ... and a DPC file as submitted, in the place of the folder's records
cp -r "$SRC/tests/examples/stroke_early_rehab" dpc
rm -f dpc/stays.csv dpc/events.csv
sed '2s/\t20240410\t/\t20240431\t/' dpc/FF1_011000014_2404.txt >dpc/FF1_edited.txt
expect_status 1 "$QI" check -i "$SRC/indicators" -d dpc dpc/FF1_edited.txt
expect_in err "dpc/FF1_edited.txt:2:"
expect_in err "'20240431'"
expect_status 0 "$QI" check -i "$SRC/indicators" -d dpc dpc/FF1_011000014_2404.txt
expect_in out "1 DPC files ok"
echo "check every row and files: ok"
