# SPDX-License-Identifier: GPL-3.0-or-later
# An organisation's url in organisations.csv is the base of its indicator
# site (specs/input.md): the sites link to URL + indicators/ID.html.  The
# shipped samples give such a base, below the corporate domain; qi check
# warns, at the url's line and column, when a url has no path beyond the
# domain, and still exits 0; the other commands stay quiet about it.
. "$(dirname "$0")/lib.bash"

# the sample qi synth writes, and the committed ones: a path, no warning
expect_status 0 "$QI" synth -i "$SRC/indicators" -o gen --total-stays 3000
for f in gen/sample/organisations.csv "$SRC/tests/golden/sample/organisations.csv" \
	"$SRC/tests/dpc/hospital_handover/organisations.csv" "$SRC"/tests/examples/*/organisations.csv; do
	awk -F, 'NR > 1 && $4 !~ /^https:\/\/[^\/]+\/[^\/]+.*\/$/ { exit 1 }' "$f" ||
		fail "$f: a url without a path: $(cut -d, -f4 "$f" | tr '\n' ' ')"
done
mkdir d
cp "$SRC"/tests/golden/sample/{organisations,hospitals,counts}.csv d/
G=(-i "$SRC/tests/golden/indicators" -d d)
expect_status 0 "$QI" check "${G[@]}"
grep -q "warning" err && fail "qi check warned on the sample: $(cat err)"

# a corporate root, with and without its slash: a warning at the url
sed -i 's#,https://www.johas.go.jp/quality-indicators/$#,https://www.johas.go.jp#' d/organisations.csv
sed -i 's#,https://nho.hosp.go.jp/quality-indicators/$#,https://nho.hosp.go.jp/#' d/organisations.csv
col() { # the character column of field 4 of line $1 of d/organisations.csv
	python3 -c 'import sys; l = open("d/organisations.csv", encoding="utf-8").read().split("\n")[int(sys.argv[1]) - 1]; print(len(",".join(l.split(",")[:3])) + 2)' "$1"
}
expect_status 0 "$QI" check "${G[@]}"
expect_in err "d/organisations.csv:2:$(col 2): warning: website URL 'https://nho.hosp.go.jp/' of 'NHO' has no path beyond the domain"
expect_in err "d/organisations.csv:3:$(col 3): warning: website URL 'https://www.johas.go.jp/' of 'JOHAS' has no path beyond the domain"
expect_in err "e.g. https://example.jp/quality-indicators/"
expect_in out "2 organisations ok"
# a path is enough; a host with a port alone is not
sed -i 's#,https://www.johas.go.jp$#,https://www.johas.go.jp/qi#; s#,https://nho.hosp.go.jp/$#,http://nho.example:8080/#' d/organisations.csv
expect_status 0 "$QI" check "${G[@]}"
expect_in err "d/organisations.csv:2:$(col 2): warning: website URL 'http://nho.example:8080/'"
grep -q "JOHAS' has no path" err && fail "warned on https://www.johas.go.jp/qi"
# qi compute reads the same file without the warning
expect_status 0 "$QI" compute "${G[@]}" -o res
grep -q "no path beyond" err && fail "qi compute warned about the url: $(cat err)"
echo "url warnings: ok"
