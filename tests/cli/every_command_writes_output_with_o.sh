# SPDX-License-Identifier: GPL-3.0-or-later
# -o is where every command's output goes, and -o - is standard output:
# qi compare and qi stats write their table to -o FILE (nothing on
# standard output) or, with -o - or no -o, to standard output, the same
# bytes; what they read has its own option (compare --results FILE|DIR,
# stats standard input).  qi compare -o DIR naming a folder of results
# (its input, once) is refused with a hint.  qi variants -o - prints
# without drawing, -o DIR draws there; compute, merge and explain as
# before.
. "$(dirname "$0")/lib.bash"

GI=(-i "$SRC/tests/golden/indicators")
expect_status 0 "$QI" compute "${GI[@]}" -d "$SRC/tests/golden/sample" -o o
mkdir -p o/sample
cp "$SRC"/tests/golden/sample/organisations.csv "$SRC"/tests/golden/sample/hospitals.csv o/sample/

# qi compare: what it reads with --results, the output with -o
expect_status 0 "$QI" compare "${GI[@]}" --results o/results.csv -d o/sample --as csv
mv out cmp_stdout.csv
head -1 cmp_stdout.csv | grep -q '^indicator,version,period,a,a_name,' ||
	fail "compare --results FILE: $(head -3 cmp_stdout.csv)"
expect_status 0 "$QI" compare "${GI[@]}" --results o/results.csv -d o/sample --as csv -o cmp.csv
[ ! -s out ] || fail "compare -o FILE also wrote to standard output"
cmp cmp_stdout.csv cmp.csv || fail "compare -o FILE differs from standard output"
expect_status 0 "$QI" compare "${GI[@]}" --results o/results.csv -d o/sample --as csv -o -
cmp cmp_stdout.csv out || fail "compare -o - differs from standard output"
# --results DIR: its results.csv and, by default, its sample/
expect_status 0 "$QI" compare "${GI[@]}" --results o --as csv
cmp cmp_stdout.csv out || fail "compare --results DIR differs from --results FILE"
# the default results are output/results.csv
mkdir output && cp -r o/results.csv o/sample output/
expect_status 0 "$QI" compare "${GI[@]}" --as csv
cmp cmp_stdout.csv out || fail "compare without --results does not read output/"
rm -r output
# -o FILE off a terminal is CSV by default
expect_status 0 "$QI" compare "${GI[@]}" --results o -o dflt.csv
cmp cmp_stdout.csv dflt.csv || fail "compare -o FILE is not CSV by default"

# -o naming a folder of results (compare's input once): refused, with
# the option that reads it
expect_status 2 "$QI" compare "${GI[@]}" -o o
expect_in err "-o is where output goes; give the results folder with --results o"
[ ! -s out ] || fail "compare -o DIR wrote to standard output"
mkdir empty
expect_status 2 "$QI" compare "${GI[@]}" --results o -o empty
expect_in err "-o names a folder"
[ -z "$(ls empty)" ] || fail "compare -o DIR wrote into the folder"

# qi stats: -o FILE, -o -, standard output
printf 'x,n\n3,20\n0,0\n' >in.csv
expect_status 0 "$QI" stats ci <in.csv
mv out ci_stdout.csv
expect_status 0 "$QI" stats ci -o ci.csv <in.csv
[ ! -s out ] || fail "stats -o FILE also wrote to standard output"
cmp ci_stdout.csv ci.csv || fail "stats -o FILE differs from standard output"
expect_status 0 "$QI" stats ci --output=- <in.csv
cmp ci_stdout.csv out || fail "stats -o - differs from standard output"
# a bad row: nothing written, the file not even created
printf 'x,n\n3,2\n' | expect_status 1 "$QI" stats ci -o bad.csv
[ ! -e bad.csv ] || fail "stats -o FILE written for bad input"

# qi variants: -o - prints only, -o DIR also draws there
expect_status 0 "$QI" synth -i "$SRC/indicators" -o gen --total-stays 5000
V=(variants -i "$SRC/indicators" -d "$WORK/gen/sample" --indicator stroke_early_rehab --from - --to onset_7d)
mkdir vdir && cd vdir
expect_status 0 "$QI" "${V[@]}" -o -
[ -z "$(ls)" ] || fail "variants -o - wrote files: $(ls)"
mv "$WORK/out" "$WORK/var_stdout.csv"
expect_status 0 "$QI" "${V[@]}" -o charted --format svg
cmp "$WORK/var_stdout.csv" "$WORK/out" || fail "variants -o DIR prints other rows than -o -"
[ -s charted/charts/stroke_early_rehab_FY2024_defined_onset_7d.svg ] ||
	fail "variants -o DIR: no chart in DIR"
cd "$WORK"

# qi explain and qi compute: -o FILE and -o - as before
X=(explain -i "$SRC/indicators" -d gen/sample --hospital N001 --indicator falls_rate)
expect_status 0 "$QI" "${X[@]}" -o -
mv out ex_stdout.csv
expect_status 0 "$QI" "${X[@]}" -o ex.csv
cmp ex_stdout.csv ex.csv || fail "explain -o FILE differs from -o -"
expect_status 0 "$QI" compute "${GI[@]}" -d "$SRC/tests/golden/sample" -o -
cmp out o/results.csv || fail "compute -o - is not results.csv"
echo "every command writes output with -o: ok"
