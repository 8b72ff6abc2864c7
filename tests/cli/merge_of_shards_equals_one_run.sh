# SPDX-License-Identifier: GPL-3.0-or-later
# Tallies of the sample's stays and events split by hospital, merged with
# qi merge, are byte-identical to the tallies of one run; so are the
# tallies of two threads (--jobs 2); and results from the merged tallies
# are those of one run.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" synth -i "$SRC/indicators" -o gen --total-stays 30000
S=gen/sample
REG="--organisations $S/organisations.csv --hospitals $S/hospitals.csv"

expect_status 0 "$QI" compute -i "$SRC/indicators" $REG \
	--stays $S/stays.csv --events $S/events.csv --tallies-only -o -
mv out all.csv
[ "$(wc -l <all.csv)" -gt 100 ] || fail "too few tallies: $(wc -l <all.csv)"
grep -q '^tally,.*,stroke_early_rehab,1,onset_7d,' all.csv ||
	fail "no tallies of the variant onset_7d"

# Split both files by hospital (column 1 in both): the first 60 hospital
# ids in one shard, the rest in the other; each keeps the header and the
# byte order.
cut -d, -f1 $S/stays.csv | sed 1d | uniq | head -60 >first.txt
for f in stays events; do
	awk -F, 'NR == FNR { in1[$1] = 1; next }
		FNR == 1 { print > "a_'$f'.csv"; print > "b_'$f'.csv"; next }
		{ print > ($1 in in1 ? "a_'$f'.csv" : "b_'$f'.csv") }' \
		first.txt $S/$f.csv
done
[ "$(wc -l <a_stays.csv)" -gt 1 ] && [ "$(wc -l <b_stays.csv)" -gt 1 ] ||
	fail "a shard is empty"
for k in a b; do
	expect_status 0 "$QI" compute -i "$SRC/indicators" $REG \
		--stays ${k}_stays.csv --events ${k}_events.csv --tallies-only -o -
	mv out $k.csv
done
expect_status 0 "$QI" merge -i "$SRC/indicators" $REG b.csv a.csv -o merged.csv
cmp merged.csv all.csv || { diff all.csv merged.csv | head >&2;
	fail "merged shards differ from one run"; }

# A folder as -o gets OUT/tallies.csv; --tallies-only with -o DIR too.
mkdir mdir
expect_status 0 "$QI" merge -i "$SRC/indicators" $REG a.csv b.csv -o mdir
cmp mdir/tallies.csv all.csv || fail "merge -o DIR differs"
expect_status 0 "$QI" compute -i "$SRC/indicators" -d $S --tallies-only -o tdir
expect_in err "not used: those come from stays.csv and events.csv"
grep -v ',abx_prophylaxis_1h,' tdir/tallies.csv >t.csv
cmp t.csv all.csv || fail "compute -d DIR --tallies-only differs"

# Two threads, same bytes.
expect_status 0 "$QI" compute -i "$SRC/indicators" $REG --jobs 2 \
	--stays $S/stays.csv --events $S/events.csv --tallies-only -o -
cmp out all.csv || fail "--jobs 2 gives other tallies"

# Results from merged tallies equal results from the records.
expect_status 0 "$QI" compute -i "$SRC/indicators" $REG \
	--stays $S/stays.csv --events $S/events.csv -o -
mv out direct.csv
expect_status 0 "$QI" compute -i "$SRC/indicators" $REG --tallies merged.csv -o -
cmp out direct.csv || fail "results from merged tallies differ"

# The same key twice in one file is an error; so is another version.
{ cat a.csv; sed -n 2p a.csv; } >dup.csv
expect_status 1 "$QI" merge -i "$SRC/indicators" $REG dup.csv -o x.csv
expect_in err "dup.csv:$(wc -l <a.csv | awk '{print $1 + 1}'):"
expect_in err "second row for"
[ ! -e x.csv ] || fail "a failed merge wrote its output"
echo "merge: ok"
