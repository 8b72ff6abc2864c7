# SPDX-License-Identifier: GPL-3.0-or-later
# The published sites in a real browser (headless Chromium, driven by
# tests/browser/check_site.js over the DevTools protocol): every page of
# both organisations and both languages opens without console errors,
# every image loads (at 1x and 2x), every internal and partner link
# resolves, nothing is fetched from outside, and a chart page is not
# blank.  Every page is opened, in one browser session per site; the
# sites are those of the small sample (publish_sample.bash), so the pages
# are few (40).  Six pages of the published site (index, indicator and
# hospital, Japanese and English) are also laid out on a phone (390 px)
# and a desktop (1280 px): nothing wider than the screen but in its own
# scrolling box, no table cell breaking a short word, no chart shrunk;
# their screenshots are left in the work folder (published-WIDTH-PAGE.png).
# Chromium and node are required: without them this test fails.
. "$(dirname "$0")/lib.bash"
. "$SRC/tests/cli/publish_sample.bash"

command -v node >/dev/null ||
	fail "node is not installed: the browser test needs node (20 or later)"
command -v "${CHROMIUM:-chromium}" >/dev/null ||
	fail "chromium is not installed: run 'bash .ci/setup' as root (it installs Debian's chromium) or set CHROMIUM"

publish_sample s
P=(-i s/indicators -d s/data -o res)
expect_status 0 "$QI" run "${P[@]}" --format png --charts caterpillar
# Preview: the two sites side by side, linked by relative paths.
expect_status 0 "$QI" publish "${P[@]}" --preview --format svg
node "$SRC/tests/browser/check_site.js" res/site "$WORK/preview.png" ||
	fail "the preview site failed in the browser"
# Published: partner links are the absolute URLs of organisations.csv,
# mapped here to the folders they will be uploaded from.
expect_status 0 "$QI" publish "${P[@]}" --format svg
maps=()
while IFS=, read -r code _ _ url; do
	[ "$code" = code ] || maps+=("$url=res/site/$code/")
done <s/data/organisations.csv
[ ${#maps[@]} = 2 ] || fail "expected two organisations, got ${#maps[@]}"
node "$SRC/tests/browser/check_site.js" --layout res/site "$WORK/published.png" "${maps[@]}" ||
	fail "the published site failed in the browser"
echo "browser: ok"
