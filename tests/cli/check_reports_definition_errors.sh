# SPDX-License-Identifier: GPL-3.0-or-later
# qi check reports every error of every definition file in one run, each
# at its file:line:col: the schema of the patient-level keys, and inside
# expressions an unknown column, an unknown code list, a type mismatch,
# an unknown function, unbalanced parentheses, misuse of every() and the
# run functions, a funnel scale or test level that does not apply
# (tests/definitions_bad/);
# code list errors such as a bad wildcard (tests/definitions_bad_codes/).
# It writes nothing.
. "$(dirname "$0")/lib.bash"

D="$SRC/tests/definitions_bad"
expect_status 1 "$QI" check -i "$D"
E=$D/expressions.yaml
S=$D/schema.yaml
# unknown column, with a hint
expect_in err "qi: $E:13:43: error:"
expect_in err "onset_dayz"
expect_in err "did you mean 'onset_days'?"
# unknown code list
expect_in err "qi: $E:18:24: error:"
expect_in err "stroke_infarc"
# type mismatch
expect_in err "qi: $E:22:"
# unbalanced parentheses
expect_in err "qi: $E:26:"
# unknown function, inside a block scalar: its first content line
expect_in err "qi: $E:31:5: error:"
expect_in err "anyy"
# a variant's own expression (a quoted scalar: after the quote)
expect_in err "qi: $E:37:46: error:"
expect_in err "sexx"
# every/some/count_each and the runs (each_operation.yaml): the day's
# name used outside its condition, a name already taken (also by the
# quantifier around), a condition that is not one, a colon, the runs'
# arguments, a list of diagnoses, a missing 'in'
Q=$D/each_operation.yaml
expect_in err "qi: $Q:14:56: error: unknown name 'op'"
expect_in err "hint: 'op' is the day of each event only inside the condition that binds it: every(op in LIST, condition)"
expect_in err "qi: $Q:19:18: error: 'los' is already a stays column"
expect_in err "qi: $Q:23:32: error: the condition of every must be a bool, not a number"
expect_in err "qi: $Q:27:31: error: unexpected ':'"
expect_in err "hint: write every(op in LIST, condition), with a comma"
expect_in err "qi: $Q:31:13: error: run_end takes a code list and a day or a day window [from, to], not 1 argument"
expect_in err "qi: $Q:35:41: error: 'd' is already the day of a quantifier around this one"
expect_in err "qi: $Q:39:29: error: code list 'stroke_infarct' holds ICD-10 diagnoses, not event codes"
expect_in err "qi: $Q:43:20: error: expected 'in' before ','"
# schema errors of the new keys, in the same run
expect_in err "qi: $S:4:12: error: 'effective' is not a period: 'FY16'"
expect_in err "qi: $S:7:7: error: 'kind' has no value 'rates'"
expect_in err "did you mean 'rate'?"
expect_in err "qi: $S:16:15: error: 'denominator.exclusions' must be a list, not a mapping"
expect_in err "qi: $S:20:3: error: unknown key 'numerator.whn'"
expect_in err "did you mean 'when'?"
expect_in err "qi: $S:15:9: error: denominator.when given without a patient-level numerator"
# the funnel's overdispersion rule: a scale of the other kind, a test
# level outside (0, 1)
F=$D/falls_rate_bad_funnel.yaml
expect_in err "qi: $F:33:58: error: 'funnel.scale' logit does not apply to a rate"
expect_in err "hint: for a rate use raw, log or sqrt"
expect_in err "qi: $F:33:86: error: 'funnel.overdispersion_test' is 1.5"
[ ! -e output ] || fail "qi check wrote output/"

# Code lists: a bad wildcard and a duplicate code, both reported.
C="$SRC/tests/definitions_bad_codes"
expect_status 1 "$QI" check -i "$C"
expect_in err "qi: $C/codes/stroke_infarct.csv:2:"
expect_in err "wildcard"
expect_in err "qi: $C/codes/rehab.csv:3:"

# The shipped definitions and code lists check clean.
expect_status 0 "$QI" check -i "$SRC/indicators"
expect_in out "definitions ok"
echo "check: ok"
