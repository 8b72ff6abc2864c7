# SPDX-License-Identifier: GPL-3.0-or-later
# Rows of empty fields, as Excel leaves below a table (",,,,", also with
# spaces or CRLF), are blank lines in every CSV qi reads: registry,
# counts, stays and events give the results of the same files without
# them.  An event after its stay's discharge is kept and told once.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" synth -i "$SRC/indicators" -o gen --total-stays 2000
S=gen/sample
mkdir blank
for f in organisations hospitals counts stays events; do
	cp $S/$f.csv blank/
	n=$(head -1 $S/$f.csv | tr -cd , | wc -c)
	{ printf '%*s\n' "$n" '' | tr ' ' ,; printf ' ,%*s\r\n' "$((n - 1))" '' |
		tr ' ' ,; echo ',,'; } >>blank/$f.csv
done
tail -3 blank/stays.csv | grep -q '^,,*$' || fail "no blank rows made"
expect_status 0 "$QI" check -i "$SRC/indicators" -d blank
expect_status 0 "$QI" compute -i "$SRC/indicators" -d blank -o res
expect_status 0 "$QI" compute -i "$SRC/indicators" -d $S -o orig
cmp -s res/results.csv orig/results.csv || fail "blank rows change the results"

# an event after discharge (the sample's outpatient chemotherapy): a note
# with the count and the first place, not an error
expect_in err "note: "
expect_in err "events after the discharge of their stay, the first of stay"
grep -q 'error:' err && fail "an event after discharge is an error"
echo "excel blank rows: ok"
