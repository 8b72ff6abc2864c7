# SPDX-License-Identifier: GPL-3.0-or-later
# A proportion's numerator is part of its denominator: both count stays
# (when) or both sum one value per stay (value), such as days.
# numerator.value over counted stays (a sum that can exceed them) and
# numerator.when over summed units are refused when the definitions
# load; and stay by stay a numerator.value above the stay's
# denominator.value is an error naming the stay.
. "$(dirname "$0")/lib.bash"

E="$SRC/tests/examples/blood_culture_two_sets"
mkdir defs
cp -r "$SRC/indicators/codes" defs/
sed '/^  value: days_with(blood_culture, 1)$/d' \
	"$SRC/indicators/blood_culture_two_sets.yaml" >defs/blood_culture_two_sets.yaml
expect_status 1 "$QI" check -i defs
L=$(grep -n 'value: days_with(blood_culture, 2)' defs/blood_culture_two_sets.yaml | cut -d: -f1)
expect_in err "defs/blood_culture_two_sets.yaml:$L:10: error: numerator.value in a proportion of stays"
expect_in err "a sum of events per stay is a rate"

sed -e 's/^  value: days_with(blood_culture, 2)$/  when: days_with(blood_culture, 2) > 0/' \
	"$SRC/indicators/blood_culture_two_sets.yaml" >defs/blood_culture_two_sets.yaml
expect_status 1 "$QI" check -i defs
L=$(grep -n 'when: days_with(blood_culture, 2) > 0' defs/blood_culture_two_sets.yaml | cut -d: -f1)
expect_in err "defs/blood_culture_two_sets.yaml:$L:9: error: numerator.when counts stays, but denominator.value sums a value"

# Numerator and denominator values swapped: stays with a day of one set
# only have a numerator (days with a set) above their denominator (days
# with two).
sed -e 's/^  value: days_with(blood_culture, 1)$/  value: X/' \
	-e 's/^  value: days_with(blood_culture, 2)$/  value: days_with(blood_culture, 1)/' \
	-e 's/^  value: X$/  value: days_with(blood_culture, 2)/' \
	"$SRC/indicators/blood_culture_two_sets.yaml" >defs/blood_culture_two_sets.yaml
expect_status 0 "$QI" check -i defs
expect_status 1 "$QI" compute -i defs --organisations "$E/organisations.csv" \
	--hospitals "$E/hospitals.csv" --stays "$E/stays.csv" --events "$E/events.csv" -o out
L=$(grep -n 'value: days_with(blood_culture, 1)' defs/blood_culture_two_sets.yaml | tail -1 | cut -d: -f1)
expect_in err "defs/blood_culture_two_sets.yaml:$L:10: error: blood_culture_two_sets: stay '"
expect_in err "above its denominator value"
[ ! -e out/results.csv ] || fail "a failed compute wrote results"
