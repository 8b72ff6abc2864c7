# SPDX-License-Identifier: GPL-3.0-or-later
# qi stats --digits N prints numbers with N significant digits, in every
# subcommand; without it, the shortest text that reads back as the same
# double (0.15, not 0.14999999999999999).  A bad N is named.
. "$(dirname "$0")/lib.bash"

printf 'x,n\n3,20\n0,0\n' >in.csv
expect_status 0 "$QI" stats ci <in.csv
[ "$(sed -n 2p out)" = "3,20,0.15,0.0523687458962166,0.36041886474075696,ok" ] ||
	fail "default digits: $(sed -n 2p out)"
# each number the shortest that reads back: one digit fewer would not
python3 -c '
import sys
for t in sys.argv[1].split(",")[2:5]:
    v = float(t); d = len(t.replace("0.", "", 1).lstrip("0"))
    assert float("%.*g" % (d, v)) == v, t
    assert d == 1 or float("%.*g" % (d - 1, v)) != v, t
' "$(sed -n 2p out)" || fail "default digits not the shortest: $(sed -n 2p out)"
expect_status 0 "$QI" stats ci --digits 4 <in.csv
[ "$(sed -n 2p out)" = "3,20,0.15,0.05237,0.3604,ok" ] || fail "--digits 4: $(sed -n 2p out)"
[ "$(sed -n 3p out)" = "0,0,,,,undefined_n0" ] || fail "--digits with an undefined row: $(sed -n 3p out)"

printf 'x1,n1,x2,n2\n3,20,5,30\n' | expect_status 0 "$QI" stats compare --digits=3
[ "$(sed -n 2p out)" = "3,20,5,30,-0.0167,-0.212,0.214,0.875,1,1,ok" ] || fail "compare --digits 3: $(sed -n 2p out)"
printf 'n\n20\n' | expect_status 0 "$QI" stats funnel --target 0.12 --level 0.998 --outer-level 0.999 --digits 2
[ "$(sed -n 2p out | cut -d, -f2-5)" = "0.12,1,0,0.42" ] || fail "funnel --digits 2: $(sed -n 2p out)"
printf 'y,a\n1,2\n0,3\n1,5\n0,1\n1,4\n0,2\n' | expect_status 0 "$QI" stats logit --y y --x a --digits 5
[ "$(sed -n 3p out)" = "a,1.2983,1.0269,1.2643,0.20613" ] || fail "logit --digits 5: $(sed -n 3p out)"

for bad in 0 18 x 4.5 ''; do
	expect_status 2 "$QI" stats ci --digits "$bad" <in.csv
	expect_in err "qi stats ci: --digits must be a whole number of significant digits from 1 to 17: '$bad'"
	[ ! -s out ] || fail "--digits '$bad' wrote output"
done
echo "stats digits: ok"
