# SPDX-License-Identifier: GPL-3.0-or-later
# A key given twice after an invalid entry (a bad exclusion name, then a
# second denominator; a numerator without when, then variants twice) is
# reported as a duplicate with the first entry's errors, never a crash.
. "$(dirname "$0")/lib.bash"

mkdir -p defs
cp -r "$SRC/indicators/codes" defs/
head_yaml() {
	cat <<'Y'
version: 1
title: {ja: テスト, en: Test}
kind: proportion
unit: percent
direction: higher_is_better
statistics: {method: wilson, level: 0.95}
publication: {min_denominator: 10}
Y
}
{
	echo "id: a"
	head_yaml
	cat <<'Y'
denominator:
  ja: 分母
  en: Denominator
  when: age >= 15
  exclusions:
    - {name: Bad-Name, ja: x, en: x, when: age > 100}
denominator: {}
numerator: {ja: 分子, en: Numerator, when: age >= 80}
Y
} >defs/a.yaml
{
	echo "id: b"
	head_yaml
	cat <<'Y'
denominator: {ja: 分母, en: Denominator, when: age >= 15}
numerator: {ja: 分子, en: Numerator}
variants:
  v1: {ja: x, en: x, denominator: {when: age >= 20}}
variants:
  v2: {ja: y, en: y}
Y
} >defs/b.yaml
expect_status 1 "$QI" check -i defs
expect_in err "defs/a.yaml:15:1: error: duplicate key 'denominator'"
expect_in err "bad name 'Bad-Name'"
expect_in err "defs/b.yaml:13:1: error: duplicate key 'variants'"
