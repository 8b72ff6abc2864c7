# SPDX-License-Identifier: GPL-3.0-or-later
# A broken definition: every error is reported with file:line:col, the
# exit status is 1, and the last good outputs are left exactly as they were.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" run -i "$SRC/indicators" --sample-format csv -o res --format png --charts caterpillar
before=$(tree_sum res)
cp -r "$SRC/indicators" defs
sed -i 's/^direction: higher_is_better/direction: higher_is_beter/' defs/stroke_early_rehab.yaml
sed -i 's/level: 0.95/level: high/' defs/stroke_antiplatelet.yaml
sed -i 's/^unit: percent/unit: percent\ncolour: red/' defs/readmission_6w.yaml
sed -i '/^source:/d' defs/vte_prophylaxis.yaml
# where each mistake is: line, and column of its first character (ASCII)
at() { awk -v re="$2" '{ i = index($0, re); if (i) { print NR ":" i; exit } }' "$1"; }
expect_status 1 "$QI" run -i defs -o res
expect_in err "defs/stroke_early_rehab.yaml:$(at defs/stroke_early_rehab.yaml higher_is_beter): error: 'direction' has no value 'higher_is_beter'"
expect_in err "hint: did you mean 'higher_is_better'?"
expect_in err "defs/stroke_antiplatelet.yaml:$(at defs/stroke_antiplatelet.yaml "level: high" | awk -F: '{ print $1 ":" $2 + 7 }'): error: 'statistics.level' must be a number, not 'high'"
expect_in err "defs/readmission_6w.yaml:$(at defs/readmission_6w.yaml colour): error: unknown key 'colour'"
expect_in err "defs/vte_prophylaxis.yaml:$(awk '!/^#/ { print NR; exit }' defs/vte_prophylaxis.yaml):1: error: missing field 'source'"
[ "$(tree_sum res)" = "$before" ] || fail "a failed run changed the outputs"
expect_status 1 "$QI" check -i defs
[ "$(grep -c ': error: ' err)" = 4 ] || fail "qi check did not report all 4 errors"
echo "bad definitions: ok"
