# SPDX-License-Identifier: GPL-3.0-or-later
# qi explain is patient-level output: standard output or an explicit
# -o FILE, never into an output tree that qi publish reads (the folder
# output/ or any folder holding a results.json, or below them); nothing
# is written when refused.  Unknown hospital, indicator or variant: exit
# 2 with "did you mean"; an aggregated indicator has no stays to list.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" synth -i "$SRC/indicators" -o gen --total-stays 5000
S=gen/sample
X=("$QI" explain -i "$SRC/indicators" -d $S)

# standard output (not a terminal: CSV) is what -o FILE and -o - get
expect_status 0 "${X[@]}" --hospital N001 --indicator falls_rate
mv out stdout.csv
expect_in stdout.csv 'hospital,stay,patient,admission,discharge,period,status,exclusion,denominator,numerator,exposure'
expect_status 0 "${X[@]}" --hospital N001 --indicator falls_rate -o mine.csv
[ ! -s out ] || fail "-o FILE also wrote to standard output"
cmp stdout.csv mine.csv || fail "-o FILE differs from standard output"
expect_status 0 "${X[@]}" --hospital N001 --indicator falls_rate -o -
cmp stdout.csv out || fail "-o - differs from standard output"
expect_status 0 "${X[@]}" --hospital N001 --indicator falls_rate --as csv
cmp stdout.csv out || fail "--as csv differs from the default off a terminal"
expect_status 0 "${X[@]}" --hospital N001 --indicator falls_rate --as table
expect_in out 'totals (as results.csv gives this hospital'
# on a terminal (script(1) gives one): the table
if command -v script >/dev/null; then
	script -qec "$(printf '%q ' "${X[@]}") --hospital N001 --indicator falls_rate" \
		/dev/null >tty.txt </dev/null || fail "explain on a terminal failed"
	expect_in tty.txt 'totals (as results.csv gives this hospital'
fi

# the output tree of a run, and output/ of the current directory: refused
expect_status 0 "$QI" compute -i "$SRC/indicators" -d $S -o res
mkdir -p res/site output/sub
for dest in res/explain.csv res/site/explain.csv output/explain.csv \
	output/sub/explain.csv "$WORK/res/x.csv"; do
	expect_status 2 "${X[@]}" --hospital N001 --indicator falls_rate -o "$dest"
	expect_in err "refusing to write patient-level rows into the output tree"
	[ ! -e "$dest" ] || fail "$dest written"
done
# through a symbolic link too
ln -s res/site linked
expect_status 2 "${X[@]}" --hospital N001 --indicator falls_rate -o linked/x.csv
[ ! -e res/site/x.csv ] || fail "written through a link"
expect_status 2 "${X[@]}" --hospital N001 --indicator falls_rate -o res
expect_in err "-o names a folder"
# beside the output tree is fine
expect_status 0 "${X[@]}" --hospital N001 --indicator falls_rate -o beside.csv
cmp stdout.csv beside.csv || fail "beside.csv"

# misspellings: exit 2, a hint, nothing written
expect_status 2 "${X[@]}" --hospital N01 --indicator falls_rate -o e.csv
expect_in err "qi: error: unknown hospital 'N01'"
expect_in err "did you mean 'N001'?"
expect_status 2 "${X[@]}" --hospital N001 --indicator fals_rate -o e.csv
expect_in err "qi: error: unknown indicator 'fals_rate'"
expect_in err "did you mean 'falls_rate'?"
expect_status 2 "${X[@]}" --hospital N001 --indicator stroke_early_rehab \
	--variant onset7d -o e.csv
expect_in err "unknown variant 'onset7d'"
expect_in err "did you mean 'onset_7d'?"
expect_status 2 "${X[@]}" --hospital N001 --indicator abx_prophylaxis_1h -o e.csv
expect_in err "computed from counts.csv: there are no stays to list"
expect_status 2 "${X[@]}" --hospital N001 --indicator falls_rate --period FY24
expect_in err "bad --period 'FY24'"
expect_status 2 "${X[@]}" --indicator falls_rate
expect_in err "give one --hospital and --indicator"
# JSON, as every command that prints a table writes it
expect_status 0 "${X[@]}" --hospital N001 --indicator falls_rate --as json
python3 -c 'import json, sys; d = json.load(sys.stdin); assert d["stays"] and d["totals"]' <out ||
	fail "explain --as json: $(head -c 300 out)"
expect_status 0 "$QI" explain --help
expect_in out "usage: qi explain --hospital H --indicator I"
[ ! -s err ] || fail "--help wrote to stderr"
# a data folder without records
mkdir regonly
cp $S/organisations.csv $S/hospitals.csv regonly/
expect_status 2 "$QI" explain -i "$SRC/indicators" -d regonly --hospital N001 \
	--indicator falls_rate -o e.csv
expect_in err "no patient-level records"
[ ! -e e.csv ] || fail "e.csv written"
echo "explain output: ok"
