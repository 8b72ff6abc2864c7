# SPDX-License-Identifier: GPL-3.0-or-later
# Ids and names are checked at their rows (specs/input.md): an id of more
# than 64 bytes (a 300-byte hospital id passed check and run, then failed
# publish with "File name too long" and no position), an id that differs
# from an earlier one only in case, a control character in an id or name
# (shown escaped, never raw); and a long value echoed by a diagnostic is
# cut.
. "$(dirname "$0")/lib.bash"

I="$SRC/indicators"
expect_status 0 "$QI" synth -i "$I" -o gen --total-stays 300
S=gen/sample
mkdir d
cp $S/counts.csv d/
long=$(head -c 300 /dev/zero | tr '\0' H)
esc=$(printf '\033')
bel=$(printf '\007')
del=$(printf '\177')
id2=$(sed -n 2p $S/hospitals.csv | cut -d, -f1)
low2=$(echo "$id2" | tr A-Z a-z)
[ "$id2" != "$low2" ] || fail "the sample's first id has no upper case"
awk -F, -v OFS=, -v long="$long" -v esc="$esc" -v bel="$bel" -v del="$del" \
    -v low2="$low2" '
	NR == 3 { $1 = low2 }
	NR == 4 { $3 = "病院" esc "[31m赤" }
	NR == 5 { $4 = "Bell" bel "Hospital" }
	NR == 6 { $5 = "region" del }
	NR == 7 { $1 = long }
	{ print }' $S/hospitals.csv >d/hospitals.csv
org=$(sed -n 2p $S/organisations.csv | cut -d, -f1)
{ cat $S/organisations.csv; echo "$(echo "$org" | tr A-Z a-z),名,Name,https://example.jp/"; } \
	>d/organisations.csv
n=$(wc -l <d/organisations.csv)

expect_status 1 "$QI" check -i "$I" -d d
expect_in err "d/hospitals.csv:4:"
expect_in err "error: control character \\x1b in Japanese name"
expect_in err "d/hospitals.csv:5:"
expect_in err "error: control character \\x07 in English name"
expect_in err "d/hospitals.csv:6:"
expect_in err "error: control character \\x7f in region"
expect_in err "d/hospitals.csv:7:1: error: hospital id of 300 bytes; at most 64"
expect_in err "d/hospitals.csv:3:1: error: hospital id '$low2' differs only in case from '$id2' on line 2"
expect_in err "d/organisations.csv:$n:1: error: organisation code '$(echo "$org" | tr A-Z a-z)' differs only in case from '$org' on line 2"
grep -q "$esc\|$bel\|$del" err && fail "a control character reached the terminal raw"
# refused by run too, at the row, before anything is written
expect_status 1 "$QI" run -i "$I" -d d -o res
expect_in err "d/hospitals.csv:7:1: error: hospital id of 300 bytes"
grep -q "File name too long" err && fail "a long id reached the file system"

# an echoed value is cut: a 500 KB hospital id in counts.csv
cp $S/organisations.csv $S/hospitals.csv d/
{
	sed -n 1,2p $S/counts.csv
	head -c 500000 /dev/zero | tr '\0' Z
	sed -n 3p $S/counts.csv | sed 's/^[^,]*//'
	tail -n +4 $S/counts.csv
} >d/counts.csv
expect_status 1 "$QI" check -i "$I" -d d
expect_in err "d/counts.csv:3:1: error: unknown hospital 'ZZZZZZZZZZ"
expect_in err "ZZZZ…"
[ "$(wc -c <err)" -lt 2000 ] || fail "a 500 KB id echoed whole ($(wc -c <err) bytes)"

# an indicator id of more than 64 bytes
mkdir defs
id=i$(head -c 70 /dev/zero | tr '\0' x)
sed "s/^id: .*/id: $id/" "$I/abx_prophylaxis_1h.yaml" >defs/$id.yaml
expect_status 1 "$QI" check -i defs
expect_in err "error: indicator id of 71 bytes; at most 64"
echo "ids and names checked: ok"
