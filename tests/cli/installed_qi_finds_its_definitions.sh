# SPDX-License-Identifier: GPL-3.0-or-later
# cmake --install puts qi, its manual, the shipped definitions, the specs
# and the licence under a prefix; the installed qi finds its definitions
# from any folder (never the current folder's indicators/ unless -i says
# so), and neither binary holds the source or build folder's path.
. "$(dirname "$0")/lib.bash"

BUILD=$(dirname "$QI")
cmake --install "$BUILD" --prefix "$WORK/prefix" >/dev/null ||
	fail "cmake --install failed"
P=$WORK/prefix
for f in bin/qi share/man/man1/qi.1 share/qi/indicators/hf_mortality.yaml \
	share/doc/qi/specs/input.md share/doc/qi/LICENSE; do
	[ -f "$P/$f" ] || fail "not installed: $f"
done

mkdir elsewhere && cd elsewhere
mkdir indicators	# an empty folder here must not be taken
expect_status 0 "$P/bin/qi" check
expect_in "$WORK/out" "$P/share/qi/indicators: 35 definitions ok"
expect_status 0 "$QI" check
expect_in "$WORK/out" "$BUILD/share/qi/indicators: 35 definitions ok"
expect_status 1 "$QI" check -i indicators	# asked for: taken, and empty
cd "$WORK"

# (a sanitizer build names its sources for its reports: not a release)
sanitized && { echo "installed qi: ok (sanitizer build)"; exit 0; }
for bin in "$QI" "$P/bin/qi"; do
	if grep -aqF -e "$SRC" -e "$BUILD" "$bin"; then
		fail "$bin holds the path $(grep -aoF -e "$SRC" -e "$BUILD" "$bin" | head -1)"
	fi
done
echo "installed qi: ok"
