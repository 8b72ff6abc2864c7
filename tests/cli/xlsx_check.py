# SPDX-License-Identifier: GPL-3.0-or-later
"""Check a workbook of qi (site ORG/data/ORG.xlsx, qi export --xlsx)
against the CSV downloads it must hold, reading the XLSX as a spreadsheet
would: python3's zipfile and xml only.

    python3 xlsx_check.py BOOK.xlsx CSVDIR[,CSVDIR...] [--string TEXT]...
        [--withheld]

- no cell anywhere is a formula (<f>), and every text cell is a string
  cell (t="s" shared string, or inlineStr);
- sheet names are unique (without case), at most 31 characters, without
  []:*?/\\;
- the first sheet, "definitions", names each indicator's sheet; that
  sheet holds the rows of CSVDIR/ID.csv (after its UTF-8 byte order
  mark) cell for cell: a text cell the CSV's text (without the quote that
  neutralises a formula in CSV), a number cell a number within 1e-14 of
  the CSV's (counts whole), an empty CSV cell no cell at all;
- with several CSVDIRs (e.g. each organisation's site), each sheet holds
  the rows of all their ID.csv, each once, in any order;
- each --string TEXT is a string cell somewhere (e.g. a hostile name
  '=HYPERLINK(...)' kept as text);
- --withheld: some row's status is not ok and its rate cell is empty.
Prints what is wrong and exits 1, or exits 0.
"""
import csv
import math
import sys
import xml.etree.ElementTree as ET
import zipfile

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TRIGGER = ("=", "+", "-", "@", "\t", "\r")
COUNTS = ("version", "numerator", "denominator")


def col_index(ref):
    n = 0
    for ch in ref:
        if not ch.isalpha():
            break
        n = n * 26 + ord(ch) - 64
    return n - 1


def read_book(path, bad):
    """{sheet name: [[(kind, value) or None, ...], ...]} in sheet order."""
    z = zipfile.ZipFile(path)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")))
    rels = {r.get("Id"): r.get("Target") for r in
            ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).iter(f"{REL}Relationship")}
    book = {}
    for sh in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", NS):
        name = sh.get("name")
        target = rels[sh.get(f"{{{NS['r']}}}id")]
        xml = z.read("xl/" + target.lstrip("/").removeprefix("xl/"))
        rows = []
        for row in ET.fromstring(xml).iter(f"{{{NS['m']}}}row"):
            r = int(row.get("r")) - 1
            while len(rows) <= r:
                rows.append([])
            for c in row.findall("m:c", NS):
                where = f"{path}:{name}!{c.get('r')}"
                if c.find("m:f", NS) is not None:
                    bad.append(f"{where}: a formula")
                t = c.get("t", "n")
                v = c.find("m:v", NS)
                if t == "s":
                    cell = ("s", shared[int(v.text)])
                elif t == "inlineStr":
                    cell = ("s", "".join(x.text or "" for x in c.iter(f"{{{NS['m']}}}t")))
                elif t == "n":
                    cell = ("n", float(v.text)) if v is not None else None
                else:
                    bad.append(f"{where}: cell type {t}")
                    cell = None
                k = col_index(c.get("r"))
                while len(rows[r]) <= k:
                    rows[r].append(None)
                rows[r][k] = cell
        book[name] = rows
    return book


def plain(cell):
    return cell[1:] if cell[:1] == "'" and cell[1:2] in TRIGGER else cell


def compare(where, csv_rows, sheet, bad):
    head = csv_rows[0]
    if len(sheet) != len(csv_rows):
        bad.append(f"{where}: {len(sheet)} rows, the CSV {len(csv_rows)}")
    for n, (want, got) in enumerate(zip(csv_rows, sheet)):
        got = got + [None] * (len(want) - len(got))
        if len(got) > len(want):
            bad.append(f"{where}: row {n + 1} has {len(got)} cells")
        for k, w in enumerate(want):
            g = got[k]
            at = f"{where}: row {n + 1} {head[k]}"
            if w == "":
                if g is not None:
                    bad.append(f"{at}: {g} for an empty cell")
                continue
            try:
                x = float(w) if n > 0 and not w.startswith("'") else None
            except ValueError:
                x = None
            if x is None or head[k] in ("indicator", "period", "hospital",
                                        "hospital_name", "organisation"):
                if g != ("s", plain(w)):
                    bad.append(f"{at}: {g} for text {w!r}")
            elif g is None or g[0] != "n" or not math.isclose(g[1], x, rel_tol=1e-14, abs_tol=1e-300):
                bad.append(f"{at}: {g} for number {w!r}")
            elif head[k] in COUNTS and g[1] != int(g[1]):
                bad.append(f"{at}: count {g[1]} not whole")


def canonical(head, row):
    """A row's cells as comparable values: text plain, numbers rounded."""
    out = []
    for k, c in enumerate(row):
        if c is None or c == "":
            out.append(None)
        elif isinstance(c, tuple):
            out.append(round(c[1], 12) if c[0] == "n" else c[1])
        else:
            try:
                x = float(c) if head[k] not in ("indicator", "period", "hospital",
                    "hospital_name", "organisation") and not c.startswith("'") else None
            except ValueError:
                x = None
            out.append(plain(c) if x is None else round(x, 12))
    while out and out[-1] is None:
        out.pop()
    return tuple(out)


def main(argv):
    bad = []
    path, csvdir = argv[1], argv[2]
    strings, withheld = [], False
    i = 3
    while i < len(argv):
        if argv[i] == "--string":
            strings.append(argv[i + 1])
            i += 2
        elif argv[i] == "--withheld":
            withheld = True
            i += 1
        else:
            sys.exit(f"xlsx_check: unknown {argv[i]}")
    book = read_book(path, bad)
    names = list(book)
    if not names or names[0] != "definitions":
        bad.append(f"{path}: first sheet {names[:1]}")
    defs = book.get("definitions", [])
    head = [c[1] for c in defs[0]] if defs else []
    seen_withheld = False
    for row in defs[1:]:
        sheet, ind = row[head.index("sheet")][1], row[head.index("indicator")][1]
        if len(sheet) > 31 or any(ch in sheet for ch in "[]:*?/\\"):
            bad.append(f"{path}: sheet name {sheet!r}")
        if sheet not in book:
            bad.append(f"{path}: no sheet {sheet!r} for {ind}")
            continue
        rows, union = None, {}
        for d in csvdir.split(","):
            with open(f"{d}/{ind}.csv", newline="", encoding="utf-8-sig") as f:
                rows = list(csv.reader(f))
            for r in rows[1:]:
                union[canonical(rows[0], r)] = 1
        if "," not in csvdir:
            compare(f"{path}:{sheet}", rows, book[sheet], bad)
        else:
            got = [canonical(rows[0], r) for r in book[sheet][1:]]
            if sorted(map(repr, got)) != sorted(map(repr, union)):
                bad.append(f"{path}:{sheet}: {len(got)} rows, not the "
                           f"{len(union)} rows of the CSVs")
        st, rt = rows[0].index("status"), rows[0].index("rate")
        seen_withheld |= any(r[st] != "ok" and r[rt] == "" for r in rows[1:])
    if len({n.casefold() for n in names}) != len(names):
        bad.append(f"{path}: sheet names not unique without case: {names}")
    if len(defs) - 1 != len(names) - 1:
        bad.append(f"{path}: {len(names) - 1} indicator sheets, {len(defs) - 1} definitions")
    cells = {c for rows in book.values() for r in rows for c in r if c}
    for s in strings:
        if ("s", s) not in cells:
            bad.append(f"{path}: no string cell {s!r}")
    if withheld and not seen_withheld:
        bad.append(f"{path}: no withheld row")
    for b in bad[:20]:
        print(b, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
