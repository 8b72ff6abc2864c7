#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The stages of src/ depend in one direction only (README.md,
# "Architecture"): a file of a lower stage that includes a higher stage's
# header does not compile, and one that calls a higher stage's function
# does not link.  Shown with the build's own compile and link commands:
# a probe put into the stats stage includes defs.h, or calls
# qi_defset_load(); the same probe without the reverse step builds.
#   bash stages_refuse_reverse_dependencies.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
BUILD=$1
SRC=$2
WORK=$3
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"

fail() { echo "FAIL: $*" >&2; exit 1; }

# The command that compiles src/stats/compare.c, with the probe instead.
compile_as_stats() {	# PROBE.c OUT.o
	python3 - "$BUILD/compile_commands.json" "$SRC/src/stats/compare.c" \
	    "$1" "$2" <<'PY'
import json, shlex, subprocess, sys
db, unit, probe, out = sys.argv[1:]
for e in json.load(open(db)):
    if e["file"] == unit:
        args = shlex.split(e["command"]) if "command" in e else e["arguments"]
        break
else:
    sys.exit("no compile command for " + unit)
i = args.index("-o"); args[i + 1] = out
args = [probe if a == unit else a for a in args]
if "-c" not in args:
    args.append("-c")
sys.exit(subprocess.run(args, cwd=e["directory"]).returncode)
PY
}

# The command that links qi_layer_stats (the stats stage alone, whole,
# with the stages below it), with the probe's object added.
link_as_stats() {	# PROBE.o
	local cmd
	cmd=$(cat "$BUILD/CMakeFiles/qi_layer_stats.dir/link.txt")
	cmd=${cmd/ -o qi_layer_stats / -o $WORK/layer_probe $1 }
	(cd "$BUILD" && eval "$cmd")
}

cat >up.c <<'C'
#include "stats.h"
int qi_probe(void);
int qi_probe(void) { return 0; }
C
compile_as_stats "$PWD/up.c" "$PWD/up.o" 2>up.err ||
	fail "a stats file including stats.h does not compile: $(cat up.err)"
link_as_stats "$PWD/up.o" >link-up.err 2>&1 ||
	fail "the stats stage does not link alone: $(cat link-up.err)"

cat >include.c <<'C'
#include "defs.h"
int qi_probe(void);
int qi_probe(void) { return 0; }
C
if compile_as_stats "$PWD/include.c" "$PWD/include.o" 2>include.err; then
	fail "a stats file including defs.h (a higher stage) compiled"
fi
grep -q 'defs.h' include.err ||
	fail "the failed compile does not name defs.h: $(cat include.err)"

cat >call.c <<'C'
#include "stats.h"
struct qi_defset;
enum qi_err qi_defset_load(const char *, struct qi_defset **,
    struct qi_diag *);
int qi_probe(void);
int qi_probe(void) { return qi_defset_load(0, 0, 0) == QI_OK; }
C
compile_as_stats "$PWD/call.c" "$PWD/call.o" 2>call.err ||
	fail "the call probe does not compile: $(cat call.err)"
if link_as_stats "$PWD/call.o" >link.err 2>&1; then
	fail "a stats file calling qi_defset_load (a higher stage) linked"
fi
grep -q 'undefined reference to .qi_defset_load' link.err ||
	fail "the failed link does not name qi_defset_load: $(cat link.err)"
echo ok
