# SPDX-License-Identifier: GPL-3.0-or-later
# The DPC files of a hand-made handover (tests/dpc/hospital_handover: three
# hospitals' FF1/EFn/FF4 files, unsorted, CP932 and UTF-8, one .gz) give
# the same tallies read directly and through qi import dpc; the same with
# the official 医薬品マスター instead of drug_master.csv; a pipe-free
# re-packing as .zst and one file per month merged into one gives the same;
# and qi import dpc refuses to write into the output folder.
. "$(dirname "$0")/lib.bash"

D=$SRC/tests/dpc/hospital_handover
Y=$SRC/tests/dpc/hospital_handover_ymaster
I=$SRC/indicators

expect_status 0 "$QI" compute -i "$I" --data "$D" --tallies-only -o -
cp out direct.csv
expect_status 0 "$QI" import dpc --data "$D" -o flat
expect_in err "30 stays"
expect_status 0 "$QI" compute -i "$I" --organisations "$D/organisations.csv" \
	--hospitals "$D/hospitals.csv" --stays flat/stays.csv \
	--events flat/events.csv --tallies-only -o -
cp out imported.csv
[ "$(wc -l <direct.csv)" -gt 20 ] || fail "too few tallies: $(wc -l <direct.csv)"
cmp direct.csv imported.csv || fail "direct and imported tallies differ"

# the official 医薬品マスター gives what drug_master.csv gives
expect_status 0 "$QI" compute -i "$I" --data "$Y" --tallies-only -o -
cp out ymaster.csv
cmp direct.csv ymaster.csv || fail "the 医薬品マスター gives other tallies"

# the same files compressed with zstd and months merged: the same tallies
mkdir -p repack
cp "$D"/organisations.csv "$D"/hospitals.csv "$D"/drug_master.csv repack/
for f in "$D"/FF1_*.txt "$D"/FF4_*.txt; do
	zstd -q -o "repack/$(basename "$f").zst" "$f" 2>/dev/null ||
		cp "$f" repack/
done
for fac in 011234567 051234569 131234568; do
	# every EF month of a hospital in one file, its title row once
	first=1
	for f in "$D"/EFn_${fac}_*.txt*; do
		case $f in *.gz) zcat "$f" ;; *) cat "$f" ;; esac |
			if [ $first = 1 ]; then cat; else tail -n +2; fi
		first=0
	done >repack/EFn_${fac}_all.txt
done
expect_status 0 "$QI" compute -i "$I" --data repack --tallies-only -o -
cp out repack.csv
cmp direct.csv repack.csv || fail "re-packed files give other tallies"

# patient-level files never go into the output folder
expect_status 2 "$QI" import dpc --data "$D"
expect_in err "give -o DIR"
expect_status 2 "$QI" import dpc --data "$D" -o -
expect_status 1 "$QI" import dpc --data "$SRC/tests/dpc" -o x
expect_in err "no DPC files in this folder"

# the manifest names every DPC file and the drug master with the SHA-256 of
# the bytes read (the .gz file's compressed bytes)
expect_status 0 "$QI" compute -i "$I" --data "$D" -o res
for f in "$D"/FF1_* "$D"/EFn_* "$D"/FF4_* "$D"/drug_master.csv; do
	expect_in res/results.json "\"file\": \"$(basename "$f")\", \"sha256\": \"$(sha256sum <"$f" | cut -c1-64)\""
done
[ "$(grep -c '"role": "dpc"' res/results.json)" = "$(ls "$D"/FF1_* "$D"/EFn_* "$D"/FF4_* | wc -l)" ] ||
	fail "the manifest does not list each DPC file once"
