# SPDX-License-Identifier: GPL-3.0-or-later
# Definitions that read the patient's next stay (next_admission,
# next_emergency, next_dx_*, follow_up_end) count what base R counts from
# the same stays (tests/oracle/gen_links.R: random patients with up to
# five stays in three hospitals, stay ids in no date order, overlapping
# stays, readmissions on the discharge day, stays without a patient, one
# hospital whose data end a quarter early), with one thread or three.
# A pipe of stays is copied and read twice; a patient column is needed.
. "$(dirname "$0")/lib.bash"

D=$SRC/tests/oracle/links
for j in 1 3; do
	expect_status 0 "$QI" compute -i "$D/indicators" -d "$D" \
		--tallies-only --jobs $j -o t$j
	awk -F, 'NR > 1 { print $2 "," $3 "," $6 "," $8 "," $9 "," $10 "," $11 }' \
		t$j/tallies.csv >got$j.csv
	awk -F, 'NR > 1 { print $1 "," $2 "," $3 "," $4 "," $5 "," $6 "," $7 }' \
		"$D/expected.csv" >want.csv
	diff -u want.csv got$j.csv || fail "tallies differ from R's (--jobs $j)"
done
# the same stays with ids that put each hospital's stays in patient order
# (<patient>-<admission>-<discharge>-<old id>, as DPC files' ids do), which qi links
# without sorting; stays without a patient keep their ids
mkdir po
cp "$D"/organisations.csv "$D"/hospitals.csv "$D"/events.csv po/
awk -F, -v OFS=, 'NR == 1 { print; next }
	{ if ($3 != "") $2 = $3 "-" $4 "-" $5 "-" $2; print }' "$D/stays.csv" |
	LC_ALL=C sort -t, -k1,1 -k2,2 >po/body
{ head -1 "$D/stays.csv"; grep -v '^hospital,' po/body; } >po/stays.csv
expect_status 0 "$QI" compute -i "$D/indicators" -d po --tallies-only -o tpo
awk -F, 'NR > 1 { print $2 "," $3 "," $6 "," $8 "," $9 "," $10 "," $11 }' \
	tpo/tallies.csv >gotpo.csv
diff -u want.csv gotpo.csv || fail "tallies differ from R's (stays in patient order)"
# every rule has numerator stays, exclusions and follow-up exclusions
awk -F, '$2 == "readm_any" { n += $5; f += substr($7, index($7, ";") + 1) }
	END { exit !(n > 20 && f >= 10) }' want.csv ||
	fail "the oracle data no longer exercise readmissions and follow-up"
# nothing of the sorts is left in the output folder
[ -z "$(ls -A t1 | grep -v '^tallies.csv$')" ] || fail "left in t1: $(ls -A t1)"

# the stays from a pipe (read once: qi copies them into the output
# folder's temporary folder first) count the same, and messages name the
# pipe, not the copy
mkdir d
cp "$D"/*.csv d/
expect_status 0 "$QI" compute -i "$D/indicators" --organisations d/organisations.csv \
	--hospitals d/hospitals.csv --stays <(cat d/stays.csv) \
	--events d/events.csv --tallies-only -o p
cmp t1/tallies.csv p/tallies.csv || fail "the stays from a pipe count otherwise"
[ -z "$(ls -A p | grep -v '^tallies.csv$')" ] || fail "left in p: $(ls -A p)"
sed '3s/,2024-08-09,/,2O24-08-09,/' d/stays.csv >d/bad.csv
expect_status 1 "$QI" compute -i "$D/indicators" --organisations d/organisations.csv \
	--hospitals d/hospitals.csv --stays <(cat d/bad.csv) \
	--events d/events.csv --tallies-only -o pb
grep -q "^qi: /dev/fd/[0-9]*:3:[0-9]*: error: bad date" err ||
	fail "the error does not name the pipe: $(cat err)"
[ ! -e pb ] || fail "a failed compute left its output folder"
# without the patient column: an error at the header, naming them
cut -d, -f1-2,4- d/stays.csv >d/s.csv
mv d/s.csv d/stays.csv
expect_status 1 "$QI" compute -i "$D/indicators" -d d --tallies-only -o q
expect_in err "d/stays.csv:1:1: error: missing column 'patient', which next_gap, readm_any, readm_hf_same need"
