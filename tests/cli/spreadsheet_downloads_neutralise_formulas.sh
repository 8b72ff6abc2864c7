# SPDX-License-Identifier: GPL-3.0-or-later
# The files meant for spreadsheets -- each site's data/ID.csv and
# data/ORG.xlsx, qi export --xlsx and qi compare --as csv -- never hand a
# spreadsheet a formula: a text cell
# starting with '=', '+', '-' or '@' (names such as =HYPERLINK(...) or
# +cmd|..., a hospital id such as -N5) is written after a single quote,
# while numbers, negative ones too, are written as they are, and
# results.csv, which qi reads back, keeps every name exactly as given
# (specs/publication.md, "Data downloads and spreadsheets").  Tab and CR,
# neutralised the same way, are tested in unit/test_emit, apart from the
# input readers, which may refuse control characters in names.
. "$(dirname "$0")/lib.bash"

# Ten hospitals of the committed sample and two indicators; five of the
# hospitals renamed as an attacker would, one of them with an id that a
# spreadsheet reads as the formula -N5.
mkdir -p ind data
cp "$SRC"/tests/golden/indicators/{readmission_6w,blood_culture_two_sets}.yaml ind/
cp "$SRC/tests/golden/sample/organisations.csv" data/
keep='^(N00[1-6]|R00[1-4])$'
awk -F, -v k="$keep" 'NR == 1 || $1 ~ k' "$SRC/tests/golden/sample/hospitals.csv" |
	awk -F, -v OFS=, '
	$1 == "N001" { $3 = "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" }
	$1 == "N002" { $3 = "+cmd|'\'' /C calc'\''!A0" }
	$1 == "N003" { $3 = "-2+3" }
	$1 == "N004" { $3 = "@SUM(A1)" }
	$1 == "N005" { $1 = "-N5"; $3 = "=1+1" }
	{ print }' >data/hospitals.csv
awk -F, -v k="$keep" -v OFS=, 'NR == 1 || ($1 ~ k && $2 ~ /^(readmission_6w|blood_culture_two_sets)$/) {
	if ($1 == "N005") $1 = "-N5"; print }' "$SRC/tests/golden/sample/counts.csv" >data/counts.csv

expect_status 0 "$QI" compute -i ind -d data -o res
expect_status 0 "$QI" publish -i ind -d data -o res --format svg
for org in NHO JOHAS; do
	for ind in readmission_6w blood_culture_two_sets; do
		[ -s "res/site/$org/data/$ind.csv" ] || fail "no res/site/$org/data/$ind.csv"
	done
done
C=(compare -i ind -d data --results res --as csv)
expect_status 0 "$QI" "${C[@]}"
cp out cmp_orgs.csv
expect_status 0 "$QI" "${C[@]}" --hospital=-N5
cp out cmp_rest.csv
expect_status 0 "$QI" "${C[@]}" --hospital=-N5 --hospital N001
cp out cmp_pair.csv
expect_status 0 "$QI" "${C[@]}" --hospital N001 --hospital=-N5
cp out cmp_pair2.csv

python3 - <<'PY' || fail "spreadsheet files"
import csv, glob, sys

bad = []
TRIGGER = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = {
    "N001": '=HYPERLINK("http://x","y")', "N002": "+cmd|' /C calc'!A0",
    "N003": "-2+3", "N004": "@SUM(A1)", "-N5": "=1+1",
}

def rows(path, bom=False):
    """A CSV file's rows; bom: it must start with a UTF-8 byte order mark
    (the downloads, for Japanese Excel), else it must not."""
    with open(path, "rb") as f:
        if f.read(3).startswith(b"\xef\xbb\xbf") != bom:
            bad.append(f"{path}: byte order mark {'missing' if bom else 'present'}")
    with open(path, newline="", encoding="utf-8-sig" if bom else "utf-8") as f:
        return list(csv.reader(f))

def number(cell, where):
    """A number cell: empty or a plain number, never neutralised."""
    if cell == "":
        return None
    try:
        return float(cell)
    except ValueError:
        bad.append(f"{where}: number cell {cell!r}")
        return None

def check_row(where, r, text):
    """Text cells (columns text) safe, the others numbers; the negatives."""
    negative = 0
    for i, cell in enumerate(r):
        if i in text:
            if cell.startswith(TRIGGER):
                bad.append(f"{where}: text cell {cell!r} not neutralised")
        elif (v := number(cell, where)) is not None and v < 0:
            negative += 1
            if not cell.startswith("-"):
                bad.append(f"{where}: negative {cell!r}")
    return negative

def plain(cell):
    """The text of a neutralised cell, as given."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in TRIGGER else cell

# results.csv, read back by qi: every name and id exactly as given.
res = rows("res/results.csv")
head = res[0]
TEXT = [head.index(c) for c in ("indicator", "period", "scope", "organisation",
    "hospital", "hospital_name", "unit", "method", "status")]
seen = set()
for r in res[1:]:
    if r[5] in HOSTILE:
        if r[6] != HOSTILE[r[5]]:
            bad.append(f"results.csv: {r[5]}'s name {r[6]!r}")
        seen.add(r[5])
if seen != set(HOSTILE):
    bad.append(f"results.csv has rows of {sorted(seen)} only")
results = {tuple(r) for r in res[1:]}

# The downloads: every text cell safe, hostile ones quoted, numbers as
# they are; with the quotes taken off, every row is a row of results.csv.
downloads = sorted(glob.glob("res/site/*/data/*.csv"))
hostile_seen = 0
for path in downloads:
    d = rows(path, bom=True)
    if d[0] != head:
        bad.append(f"{path}: header {d[0]}")
    for n, r in enumerate(d[1:], 2):
        check_row(f"{path}:{n}", r, TEXT)
        if r[5] in ("'" + h for h in HOSTILE) or r[6].startswith("'"):
            hostile_seen += 1
            if plain(r[6]) != HOSTILE.get(plain(r[5])):
                bad.append(f"{path}:{n}: name {r[6]!r} for {r[5]!r}")
        if tuple(plain(c) if i in TEXT else c for i, c in enumerate(r)) not in results:
            bad.append(f"{path}:{n}: not a row of results.csv: {r}")
if len(downloads) != 4 or hostile_seen < 10:
    bad.append(f"{len(downloads)} downloads, {hostile_seen} hostile rows")

# qi compare --as csv: labels and words are text, the rest numbers; a
# hospital whose id reads as a formula is quoted, negative numbers are not.
negative = 0
for path in ("cmp_orgs.csv", "cmp_rest.csv", "cmp_pair.csv", "cmp_pair2.csv"):
    c = rows(path)
    h = c[0]
    CT = [h.index(x) for x in ("indicator", "period", "a", "a_name", "b",
                               "b_name", "status")]
    if len(c) < 2:
        bad.append(f"{path}: no rows")
    for n, r in enumerate(c[1:], 2):
        negative += check_row(f"{path}:{n}", r, CT)
        sides = {(r[h.index("a")], r[h.index("a_name")]),
                 (r[h.index("b")], r[h.index("b_name")])}
        if path != "cmp_orgs.csv" and ("'-N5", "'=1+1") not in sides:
            bad.append(f"{path}:{n}: sides {sides}")
        if path == "cmp_pair.csv" and (r[h.index("b")], r[h.index("b_name")]) != \
                ("N001", "'" + HOSTILE["N001"]):
            bad.append(f"{path}:{n}: b {r[h.index('b')]!r} {r[h.index('b_name')]!r}")
if negative == 0:
    bad.append("no negative number in the comparisons")

for b in bad[:20]:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
# The workbooks (the site's and qi export's) keep every hostile name and id
# as a string cell, never a formula, and hold the rows of the CSVs.
H=('=HYPERLINK("http://x","y")' "+cmd|' /C calc'!A0" -2+3 '@SUM(A1)' =1+1 -N5)
S=()
for h in "${H[@]}"; do S+=(--string "$h"); done
python3 "$SRC/tests/cli/xlsx_check.py" res/site/NHO/data/NHO.xlsx res/site/NHO/data "${S[@]}" ||
	fail "NHO's workbook"
expect_status 0 "$QI" export -i ind -d data --results res/results.csv --xlsx -o all.xlsx
python3 "$SRC/tests/cli/xlsx_check.py" all.xlsx res/site/NHO/data,res/site/JOHAS/data "${S[@]}" ||
	fail "qi export's workbook"

# qi explain's CSV, a list of stays opened by hospital staff: a hospital
# id that reads as a formula is guarded; the counts stay numbers.
D=$SRC/tests/dpc/hospital_handover
mkdir hx && cp "$D"/*.txt "$D"/*.gz "$D"/*.csv hx/
sed -i 's/^N101,/-N101,/' hx/hospitals.csv
expect_status 0 "$QI" explain -i "$SRC/indicators" --data hx --hospital=-N101 \
	--indicator blood_culture_two_sets -o stays.csv
[ "$(sed -n 2p stays.csv | cut -d, -f1)" = "'-N101" ] ||
	fail "qi explain CSV: $(sed -n 2p stays.csv)"
awk -F, 'NR > 1 && $(NF-2) !~ /^[0-9]+$/ { exit 1 }' stays.csv ||
	fail "qi explain CSV: a count is not a plain number"
echo "spreadsheet downloads: ok"
