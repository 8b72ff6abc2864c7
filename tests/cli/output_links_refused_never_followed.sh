# SPDX-License-Identifier: GPL-3.0-or-later
# Every command that writes refuses to replace an output entry that is a
# symbolic link -- output/site linked into a web root, output/charts,
# results.csv, sample/, stays.csv, a -o FILE -- with one error naming it,
# and leaves what the link points to and the rest of the output as they
# were.  An output folder that is itself a link is written through to the
# real folder, and stays a link.
. "$(dirname "$0")/lib.bash"

I=$SRC/indicators
D=$SRC/tests/dpc/hospital_handover

mkdir webroot
echo "<h1>the web team's page</h1>" >webroot/index.html
mkdir webroot/sub && echo keep >webroot/sub/file
echo precious >victim.csv
victims() { (find webroot -type f | sort | xargs sha256sum; sha256sum victim.csv); }
v0=$(victims)

# refused LINK_NAME COMMAND...: with o/LINK_NAME a link to the web root
# (or to victim.csv for a file), the command fails with one error naming
# it and neither the targets nor the output change.
refused() {
	local entry=$1 target
	shift
	rm -rf o && cp -a base o
	target=$WORK/webroot
	case $entry in *.csv) target=$WORK/victim.csv ;; esac
	rm -rf "o/$entry" && ln -s "$target" "o/$entry"
	before=$(cd o && find . | sort && find . -type f | sort | xargs sha256sum)
	expect_status 3 "$QI" "$@"
	expect_in err "qi: $(realpath -s o)/$entry: error: is a symbolic link"
	[ "$(grep -c ': error: ' err)" = 1 ] || fail "$entry: not one error: $(cat err)"
	[ "$(victims)" = "$v0" ] || fail "$*: what o/$entry points to changed"
	[ "$(cd o && find . | sort && find . -type f | sort | xargs sha256sum)" = \
		"$before" ] || fail "$*: the output changed"
	[ -L "o/$entry" ] || fail "$*: the link o/$entry is gone"
	[ -z "$(ls -A o . | grep -e '^\.qi-' -e '^\.o\.qi-')" ] ||
		fail "$*: left $(ls -A o .)"
}

expect_status 0 "$QI" run -i "$I" --data "$D" --charts trend --format png -o base
expect_status 0 "$QI" publish -i "$I" -d "$D" --results base/results.csv -o base
expect_status 0 "$QI" synth -i "$I" -o base
[ -d base/site ] && [ -d base/charts ] && [ -d base/sample ] || fail "no base"

refused site publish -i "$I" -d "$D" --results base/results.csv -o o
refused charts run -i "$I" --data "$D" --charts trend --format png -o o
refused results.csv run -i "$I" --data "$D" --charts trend --format png -o o
refused charts render -i "$I" -d "$D" --results base/results.csv --format png -o o
refused charts render -i "$I" -d "$D" --results base/results.csv \
	--indicator hf_mortality --period FY2024Q1 --format png -o o
refused results.csv compute -i "$I" --data "$D" -o o
refused sample synth -i "$I" -o o
refused stays.csv import dpc --data "$D" -o o
refused charts variants -i "$I" -d base/sample --indicator readmission_6w \
	--from - --to johas_pre_fy2016 -o o

# a -o FILE that is a link: refused, never written through
expect_status 0 "$QI" compute -i "$I" --data "$D" --tallies-only -o -
cp out t.csv
ln -s "$WORK/victim.csv" merged.csv
expect_status 3 "$QI" merge -i "$I" -d "$D" t.csv -o merged.csv
expect_in err "merged.csv: error: is a symbolic link"
[ -L merged.csv ] && [ "$(cat victim.csv)" = precious ] || fail "merge -o LINK"
ln -s "$WORK/victim.csv" explained.csv
expect_status 3 "$QI" explain -i "$I" --data "$D" --hospital N101 \
	--indicator hf_mortality -o explained.csv
expect_in err "explained.csv: error: is a symbolic link"
[ -L explained.csv ] && [ "$(cat victim.csv)" = precious ] || fail "explain -o LINK"

ln -s "$WORK/victim.csv" book.xlsx
expect_status 3 "$QI" export -i "$I" -d "$D" --results base/results.csv --xlsx \
	-o book.xlsx
expect_in err "book.xlsx: error: is a symbolic link"
[ -L book.xlsx ] && [ "$(cat victim.csv)" = precious ] || fail "export -o LINK"

# An output folder that is a link: the real folder gets the outputs.
mkdir real && ln -s real linked
expect_status 0 "$QI" run -i "$I" --data "$D" --charts trend --format png -o linked
[ -L linked ] && [ -f real/results.csv ] && [ -d real/charts ] ||
	fail "-o LINK_TO_FOLDER: $(ls -la linked real)"
expect_status 0 "$QI" run -i "$I" --data "$D" --charts trend --format png -o linked
[ -L linked ] && [ -f real/results.csv ] || fail "-o LINK_TO_FOLDER twice"
[ -z "$(ls -A . real | grep -e '^\.qi-' -e 'qi-next')" ] || fail "left $(ls -A . real)"
[ "$(victims)" = "$v0" ] || fail "the web root changed"
echo "output links: ok"
