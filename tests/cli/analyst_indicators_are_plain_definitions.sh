# SPDX-License-Identifier: GPL-3.0-or-later
# The eleven indicators an analyst wrote from the programmes' texts
# (issue "a definition language real programmes can write in") are plain
# definitions: eight are shipped (tests/analyst/shipped.txt, each with its
# worked example), three are in tests/analyst/ — colorectal SSI within 30
# days of the operation (the next stay's diagnoses), hip-fracture stays
# over 14 days (在院日数 = los + 1), JOHAS's average length of stay (a
# mean of los).  All eleven pass qi check together, and the three compute
# on a hand-made hospital handover (tests/analyst/data: UTF-8 with BOM,
# CRLF, optional columns left out, a stay without a patient, the same
# patient id in two hospitals) to the counts below, made by hand:
#
# colorectal_ssi_30d, N001 (data end 2024-06-10: follow-up end 06-30)
#   c1 op day 2, no SSI, no next stay ......... denominator
#   c2 T814 arising in the stay ............... numerator
#   c3 op 04-05; next stay c3b 04-30, T814 (25 days after the operation)
#                                               numerator
#   c4 op 04-06; next stay c4b 05-10, T814 (34 days) denominator
#   c5 op 06-04: 26 days to 06-30 ............. excluded follow_up_incomplete
#   c6 died (outcome 6) ....................... excluded died
#   c7 no patient, no SSI ..................... denominator
#   -> 5 in the denominator, 2 in the numerator, excluded 1;1
# colorectal_ssi_30d, R001: c8 is patient P12 too, whose T814 stay is in
#   N001, not R001 -> 1, 0, excluded 0;0
# hip_fracture_stay_over_14d, N001: h1 15 days (num), h2 14 days (den),
#   h3 S7210 41 days (num), h4 no surgery (out), h5 arthrosis (out)
#   -> 3, 2
# johas_average_los: every stay's los; N001 14 stays, sum 183, sum of
#   squares 3313; R001 2 stays (6, 2) -> 8, 40
. "$(dirname "$0")/lib.bash"

A=$SRC/tests/analyst
mkdir -p ind/codes three/codes
cp "$SRC"/indicators/codes/*.csv "$A"/codes/*.csv ind/codes/
cp "$SRC"/indicators/codes/*.csv "$A"/codes/*.csv three/codes/
cp "$A"/*.yaml ind/
cp "$A"/*.yaml three/
grep -v '^#' "$A/shipped.txt" | while read -r id; do
	[ -f "$SRC/indicators/$id.yaml" ] || fail "$id is not shipped"
	[ -f "$SRC/tests/examples/$id/expected.csv" ] ||
		fail "$id has no worked example"
	cp "$SRC/indicators/$id.yaml" ind/
done
[ "$(ls ind/*.yaml | wc -l)" = 11 ] || fail "not eleven definitions"
expect_status 0 "$QI" check -i ind
expect_in out "ind: 11 definitions ok"

expect_status 0 "$QI" compute -i three -d "$A/data" --tallies-only -o t
awk -F, 'NR > 1 { print $2 "," $3 "," $6 "," $8 "," $9 "," $10 "," $11 }' \
	t/tallies.csv >got.csv
tail -n +2 "$A/data/expected.csv" >want.csv
diff -u want.csv got.csv || fail "the three count otherwise than by hand"
