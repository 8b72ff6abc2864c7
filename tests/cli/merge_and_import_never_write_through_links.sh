# SPDX-License-Identifier: GPL-3.0-or-later
# qi merge and qi import dpc write beside their targets under names made
# exclusively: a link planted at the names they used to use (OUT.tmp,
# .stays.csv.qi-tmp) is never written through, and what it points to is
# left as it was.
. "$(dirname "$0")/lib.bash"

D=$SRC/tests/dpc/hospital_handover
I=$SRC/indicators
echo "precious" >victim
expect_status 0 "$QI" compute -i "$I" --data "$D" --tallies-only -o -
cp out t.csv
ln -s "$WORK/victim" all.csv.tmp
expect_status 0 "$QI" merge -i "$I" -d "$D" t.csv -o all.csv
[ "$(cat victim)" = precious ] || fail "qi merge wrote through all.csv.tmp"
cmp -s all.csv t.csv || fail "the merge of one file is not that file"
[ -z "$(ls -A . | grep -v -e '^victim$' -e '^all.csv$' -e '^all.csv.tmp$' \
	-e '^t.csv$' -e '^out$' -e '^err$')" ] || fail "qi merge left files behind: $(ls -A)"

mkdir flat
ln -s "$WORK/victim" flat/.stays.csv.qi-tmp
ln -s "$WORK/victim" flat/.events.csv.qi-tmp
expect_status 0 "$QI" import dpc --data "$D" -o flat
[ "$(cat victim)" = precious ] || fail "qi import wrote through a planted link"
[ -s flat/stays.csv ] && [ -s flat/events.csv ] || fail "no flat files"
[ "$(ls -A flat | wc -l)" = 5 ] || fail "qi import left files behind: $(ls -A flat)"
