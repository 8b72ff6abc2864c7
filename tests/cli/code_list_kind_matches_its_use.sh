# SPDX-License-Identifier: GPL-3.0-or-later
# A code list says what it holds by the name of its code column: icd10
# (diagnoses) or code (event codes).  A diagnosis list over events
# (any(ami)) and an event list over diagnoses (dx_main in pci) would
# compile and never match; both are refused when the definitions load,
# each at its list name, in one run, and nothing is computed.
. "$(dirname "$0")/lib.bash"

mkdir defs
cp -r "$SRC/indicators/codes" defs/
cp "$SRC/indicators/pci_dapt.yaml" defs/
sed -e 's/^  when: dx_resource in coronary_disease and any(pci)$/  when: any(coronary_disease) and dx_main in pci/' \
	"$SRC/indicators/pci_dapt.yaml" >defs/pci_dapt.yaml
grep -q 'any(coronary_disease) and dx_main in pci' defs/pci_dapt.yaml ||
	fail "definition not changed"
expect_status 1 "$QI" check -i defs
L=$(grep -n 'any(coronary_disease)' defs/pci_dapt.yaml | cut -d: -f1)
expect_in err "defs/pci_dapt.yaml:$L:13: error: code list 'coronary_disease' holds ICD-10 diagnoses, not event codes"
expect_in err "hint: codes/coronary_disease.csv names its column 'icd10': a diagnosis of the stay is tested with any_dx(coronary_disease)"
expect_in err "defs/pci_dapt.yaml:$L:46: error: code list 'pci' holds event codes, not diagnoses"

# A list with neither column, or both, is an error at its header.
cp "$SRC/indicators/pci_dapt.yaml" defs/
printf 'codes,label\nK549,x\n' >defs/codes/zz_bad.csv
printf 'code,icd10,label\nK549,I21,x\n' >defs/codes/zz_both.csv
expect_status 1 "$QI" check -i defs
expect_in err "defs/codes/zz_bad.csv:1:1: error: code list has neither a 'code' nor an 'icd10' column"
expect_in err "defs/codes/zz_both.csv:1:1: error: code list has both a 'code' and an 'icd10' column"
