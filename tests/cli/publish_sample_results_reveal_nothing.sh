# SPDX-License-Identifier: GPL-3.0-or-later
# The embedded synthetic sample, as qi compute publishes it: the
# disclosure audit of test_suppress_audit (tests/unit/disclosure_audit.h)
# solves the equations of results.csv and finds no withheld numerator,
# denominator, exposure or expected count determined, and trend.csv and
# results.json show published counts only.
. "$(dirname "$0")/lib.bash"

audit=$WORK/../test_suppress_audit
[ -x "$audit" ] || fail "no $audit: build the unit tests"
expect_status 0 "$QI" synth -i "$SRC/indicators" -o .
expect_status 0 "$QI" compute -i "$SRC/indicators" -d sample -o res
if sanitized; then
	echo "sample results reveal nothing: audited by the unsanitized suite"
	exit 0
fi
expect_status 0 env QI_AUDIT_FILE=res/results.csv \
	QI_AUDIT_TREND=res/trend.csv QI_AUDIT_JSON=res/results.json "$audit"
expect_in out "numerator: 0 of"
expect_in out "denominator: 0 of"
grep -q "SKIPPED" out && fail "the audit of the file was skipped"
echo "sample results reveal nothing: ok"
