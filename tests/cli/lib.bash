# Shared by the command-line tests: each test is run by ctest as
#   bash TEST.sh QI_BINARY SOURCE_DIR WORK_DIR
# and fails with a message on the first broken expectation.
set -euo pipefail
QI=$1
SRC=$2
WORK=$3
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# expect_status CODE COMMAND...: run, keep stdout/stderr in $WORK/out, err
expect_status() {
	local want=$1 got=0
	shift
	"$@" >"$WORK/out" 2>"$WORK/err" || got=$?
	if [ "$got" != "$want" ]; then
		echo "--- stderr:" >&2
		cat "$WORK/err" >&2
		fail "'$*' exited $got, expected $want"
	fi
}

# expect_in FILE TEXT: the file contains the text (fixed string)
expect_in() {
	grep -qF -- "$2" "$1" || {
		echo "--- $1:" >&2
		cat "$1" >&2
		fail "'$2' not found in $1"
	}
}

# tree_sum DIR: one checksum of every file under DIR with its path
tree_sum() {
	(cd "$1" && find . -type f ! -path './.qi-stage*' -print0 | sort -z |
		xargs -0 sha256sum | sha256sum)
}
