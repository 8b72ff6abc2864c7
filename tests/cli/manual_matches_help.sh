# SPDX-License-Identifier: GPL-3.0-or-later
# The manual page and qi help agree: for every command, each option that
# "qi help COMMAND" lists is in the command's SYNOPSIS entry and in the
# tag list of its section (.Ss qi COMMAND) of qi.1, and each option qi.1
# gives the command there is one qi help lists.  Every flag written
# anywhere in qi.1 (.Fl) is an option of qi, so that markup such as
# ".Fl -history keep theirs" (three flags) is caught, and the page
# the number of shipped definitions it states is the number shipped
said=$(sed -n 's/^\([0-9][0-9]*\) definitions are shipped.*/\1/p' "$MAN")
have=$(ls "$SRC"/indicators/*.yaml | wc -l)
[ "$said" = "$have" ] ||
	problem "says '${said:-no number of} definitions are shipped'; $have are"

# renders without warnings.
. "$(dirname "$0")/lib.bash"

MAN=$SRC/qi.1
[ -f "$MAN" ] || fail "no $MAN"

# qi.1's options, one "WHERE COMMAND OPTION" line each, WHERE being
# synopsis (the command's lines in SYNOPSIS), section (the heads .It of
# its .Ss qi COMMAND) or page (any .Fl anywhere).  mdoc: .Fl takes the
# words after it up to the next macro, each a flag ("o" is -o, "-output"
# is --output); punctuation passes through; a bare .Fl is "-".
awk '
function flags(where, cmd,    i, w, on) {
	on = 0
	for (i = 1; i <= NF; i++) {
		w = $i
		gsub(/\\&/, "", w)
		if (i == 1)
			sub(/^\./, "", w)
		if (w == "Fl") { on = 1; continue }
		if (w ~ /^[A-Z][a-z][a-z]?$/ || w ~ /^%[A-Z]$/) { on = 0; continue }
		if (!on || w ~ /^[][,.;:|()]$/ || w == "")
			continue
		w = "-" w
		print "page - " w
		if (where != "")
			print where " " cmd " " w
	}
}
/^\.Sh / { sh = $2; sec = ""; syn = "" }
/^\.Ss / { sec = ($2 == "qi" && NF >= 3) ? $3 : "" }
sh == "SYNOPSIS" && /^\.Nm/ { syn = ""; want = 1; next }
sh == "SYNOPSIS" && want && /^\.Cm / { syn = $2; want = 0; print "command " syn " -" }
sh == "DESCRIPTION" && /^\.Ss qi / { print "command " sec " -" }
{
	if (sh == "SYNOPSIS" && syn != "")
		flags("synopsis", syn)
	else if (sec != "" && /^\.It /)
		flags("section", sec)
	else
		flags("", "")
}' "$MAN" | sort -u >man.txt

# qi help's commands, then each command's options, "COMMAND OPTION ALIAS"
# (ALIAS: -o for --output and so on, else the option itself): the option
# column of the lines that begin with a dash (indented 2 to 6 spaces), up
# to the gap before their description.
"$QI" help | awk '/^commands:/ { on = 1; next } on && !NF { exit }
	on { print $1 }' >commands.txt
[ "$(wc -l <commands.txt)" -ge 12 ] || fail "qi help lists too few commands"
: >help.txt
while read -r c; do
	"$QI" help "$c" >"help_$c.txt" || fail "qi help $c failed"
	sed -n 's/^ \{2,6\}\(-[^ ].*\)$/\1/p' "help_$c.txt" |
		sed 's/  .*//' | awk -v c="$c" '{
		n = 0
		for (i = 1; i <= NF; i++) {
			w = $i
			sub(/,$/, "", w)
			if (w ~ /^--?[a-z0-9]/ && w != "-h" && w != "--help")
				o[++n] = w
		}
		# "-o, --output DIR": a short and a long name of one option
		if (n == 2 && o[1] ~ /^-[^-]$/) {
			print c, o[1], o[2]; print c, o[2], o[1]
		} else
			for (i = 1; i <= n; i++)
				print c, o[i], o[i]
	}' >>help.txt
done <commands.txt
sort -u -o help.txt help.txt
[ "$(wc -l <help.txt)" -ge 60 ] || fail "too few options in qi help: $(wc -l <help.txt)"

errors=0
problem() {
	echo "qi.1: $*" >&2
	errors=$((errors + 1))
}

# the same commands
while read -r c; do
	grep -qx "command $c -" man.txt ||
		problem "no SYNOPSIS entry or section .Ss qi $c"
done <commands.txt
awk '$1 == "command" { print $2 }' man.txt | sort -u | while read -r c; do
	grep -qx "$c" commands.txt || echo "$c"
done >stale.txt
while read -r c; do
	problem "documents a command qi does not have: $c"
done <stale.txt

# qi help's options in qi.1, both in SYNOPSIS and in the command's section
while read -r c o a; do
	grep -qxF -- "synopsis $c $o" man.txt ||
		grep -qxF -- "synopsis $c $a" man.txt ||
		problem "SYNOPSIS of qi $c lacks $o"
	grep -qxF -- "section $c $o" man.txt ||
		problem "section qi $c has no .It for $o"
done <help.txt

# qi.1's options of a command in qi help (-h and --help are for all)
grep -E '^(synopsis|section) ' man.txt | grep -Ev ' (-h|--help)$' |
while read -r where c o; do
	grep -q "^$c $o " help.txt || echo "$where $c $o"
done >extra.txt
while read -r where c o; do
	problem "$where of qi $c gives $o, which qi help $c does not list"
done <extra.txt

# every flag on the page is one of qi's (the global ones: main.c)
{ awk '{ print $2 }' help.txt; printf '%s\n' -h --help --version -V; } |
	sort -u >all.txt
awk '$1 == "page" { print $3 }' man.txt | while read -r o; do
	grep -qxF -- "$o" all.txt || echo "$o"
done >unknown.txt
while read -r o; do
	problem "flag $o is no option of qi (mdoc: .Fl makes each word a flag)"
done <unknown.txt

# the number of shipped definitions it states is the number shipped
said=$(sed -n 's/^\([0-9][0-9]*\) definitions are shipped.*/\1/p' "$MAN")
have=$(ls "$SRC"/indicators/*.yaml | wc -l)
[ "$said" = "$have" ] ||
	problem "says '${said:-no number of} definitions are shipped'; $have are"

# renders without warnings
if command -v mandoc >/dev/null; then
	mandoc -T lint -W warning "$MAN" >lint.txt 2>&1 || true
	[ -s lint.txt ] && { cat lint.txt >&2; problem "mandoc -T lint warns"; }
elif command -v groff >/dev/null; then
	groff -k -Tutf8 -mdoc -ww -z "$MAN" >lint.txt 2>&1 || true
	[ -s lint.txt ] && { cat lint.txt >&2; problem "groff -ww warns"; }
fi

[ "$errors" = 0 ] || fail "$errors disagreements between qi.1 and qi help"
echo "manual_matches_help: ok"
