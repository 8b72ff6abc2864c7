# SPDX-License-Identifier: GPL-3.0-or-later
# Inputs through pipes, FIFOs and standard input, and gzip or zstd files,
# give exactly the results of the same bytes in plain files, and the
# manifest names the bytes each reader read (a pipe is read once: no
# second reading races the reader).
. "$(dirname "$0")/lib.bash"

expect_status 0 "$QI" synth -i "$SRC/indicators" -o gen --total-stays 4000
S=gen/sample
I="$SRC/indicators"
sha() { sha256sum "$1" | cut -d' ' -f1; }
same() {	# DIR: results as from the plain files, the manifest naming $2..
	cmp -s plain/results.csv "$1/results.csv" ||
		fail "$1: results differ from the plain files'"
	shift_dir=$1
	shift
	for f in "$@"; do
		expect_in "$shift_dir/results.json" "\"sha256\": \"$(sha "$f")\""
	done
}

# process substitution (pipes), every input: the records ...
mkdir rec
cp $S/organisations.csv $S/hospitals.csv $S/stays.csv $S/events.csv rec/
expect_status 0 "$QI" compute -i "$I" -d rec -o plain
expect_status 0 "$QI" compute -i "$I" -o pipes \
	--organisations <(cat $S/organisations.csv) \
	--hospitals <(cat $S/hospitals.csv) \
	--stays <(cat $S/stays.csv) --events <(cat $S/events.csv)
same pipes $S/organisations.csv $S/hospitals.csv $S/stays.csv $S/events.csv
# ... and counts
expect_status 0 "$QI" compute -i "$I" -o cplain --organisations $S/organisations.csv \
	--hospitals $S/hospitals.csv --counts $S/counts.csv
expect_status 0 "$QI" compute -i "$I" -o cpipe --organisations $S/organisations.csv \
	--hospitals $S/hospitals.csv --counts <(cat $S/counts.csv)
cmp -s cplain/results.csv cpipe/results.csv || fail "counts through a pipe differ"
expect_in cpipe/results.json "\"sha256\": \"$(sha $S/counts.csv)\""

# standard input, and a FIFO written slowly
mkfifo ev.fifo
{ head -c 100000 $S/events.csv; sleep 1; tail -c +100001 $S/events.csv; } >ev.fifo &
expect_status 0 "$QI" compute -i "$I" -d rec -o fifo --stays /dev/stdin \
	--events ev.fifo <$S/stays.csv
wait
same fifo $S/stays.csv $S/events.csv

# gzip and zstd, known by their bytes, not their names
mkdir z
gzip -c $S/organisations.csv >z/organisations.csv
cp $S/hospitals.csv z/
gzip -c $S/stays.csv >z/stays.csv
zstd -q -c $S/events.csv >z/events.csv
expect_status 0 "$QI" compute -i "$I" -d z -o zipped
same zipped z/organisations.csv z/stays.csv z/events.csv
expect_status 0 "$QI" check -i "$I" -d z
# ... also in two threads (a compressed file is read whole by one)
expect_status 0 "$QI" compute -i "$I" -d z -o zipped2 --jobs 2
same zipped2 z/stays.csv z/events.csv
# plain files in two threads: hashed apart, as they were
expect_status 0 "$QI" compute -i "$I" -d rec -o jobs2 --jobs 2
same jobs2 $S/stays.csv $S/events.csv
echo "pipes and compressed inputs: ok"
