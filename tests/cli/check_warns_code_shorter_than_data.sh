# SPDX-License-Identifier: GPL-3.0-or-later
# An exact entry of a diagnosis list that is shorter than the codes it is
# matched against never matches: DPC records 'I500', so an entry 'I50'
# (no '*') finds no stay.  qi check with data compares every exact entry
# of every icd10 list with the distinct diagnosis codes of the stays it
# reads, and warns at the entry when no code equals it but some start
# with it, naming them; a full code or a prefix entry gives no warning.
. "$(dirname "$0")/lib.bash"

E="$SRC/tests/examples/hf_mortality"
DATA=(--organisations "$E/organisations.csv" --hospitals "$E/hospitals.csv"
	--stays "$E/stays.csv" --events "$E/events.csv")
mkdir defs
cp -r "$SRC/indicators/codes" defs/
cp "$SRC/indicators/hf_mortality.yaml" defs/
expect_status 0 "$QI" check -i defs "${DATA[@]}"
if grep -q "warning" err; then fail "the shipped lists warned"; fi

sed 's/^I50\*,/I50,/' "$SRC/indicators/codes/heart_failure.csv" >defs/codes/heart_failure.csv
grep -q '^I50,' defs/codes/heart_failure.csv || fail "list not changed"
expect_status 0 "$QI" check -i defs "${DATA[@]}"
expect_in err "defs/codes/heart_failure.csv:2:1: warning: 'I50' is matched exactly and no diagnosis of the data is 'I50', but 2 start with it (I500, I509): write 'I50*' to match them"
# one warning: I110 is a full code of the data
[ "$(grep -c warning err)" = 1 ] || fail "not one warning"
