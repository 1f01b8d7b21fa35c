#!/bin/sh
# A man page from its template (stdin) and the program's own help, so that
# the two never disagree:
#   manpage.sh options YGD   the line @OPTIONS@ becomes every setting of
#                            `ygd --help` (flag, variable, meaning, default)
#   manpage.sh commands YG   the line @COMMANDS@ becomes every command of
#                            `yg --lang en --help`
# @VERSION@ becomes the program's version.
set -eu
mode=${1:?usage: manpage.sh options|commands PROGRAM}
prog=${2:?missing PROGRAM}
gen=$(mktemp)
trap 'rm -f "$gen"' EXIT

# Text for roff: backslashes doubled, hyphens as \-, no leading dot or quote.
roff() { sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^[.']/\\\\\\&&/"; }

case "$mode" in
options)
	"$prog" --help |
		sed -n 's/^  --\([a-z-]*\) *\(YGD_[A-Z_]*\) *\(.*\) (default: "\(.*\)")$/\1\t\2\t\3\t\4/p' |
		while IFS='	' read -r flag var help dflt; do
			echo ".TP"
			printf '\\fB\\-\\-%s\\fR \\fIvalue\\fR, \\fB%s\\fR\n' "$(echo "$flag" | roff)" "$var"
			printf '%s' "$help" | roff
			echo
			echo ".br"
			if [ -n "$dflt" ]; then
				printf 'Default: \\fB%s\\fR.\n' "$(printf '%s' "$dflt" | roff)"
			else
				echo "Default: empty."
			fi
		done >"$gen"
	;;
commands)
	YG_LANG=en "$prog" --lang en --help |
		awk '/^  [a-z]/ {
			line = substr($0, 3); i = index(line, "  ")
			if (i > 0) { name = substr(line, 1, i - 1); help = substr(line, i) }
			else { # a name too long for its column: one space, three words
				split(line, w, " "); name = w[1] " " w[2] " " w[3]
				help = substr(line, length(name) + 2) }
			sub(/^ +/, "", help); print name "\t" help }' |
		while IFS='	' read -r cmd help; do
			echo ".TP"
			printf '\\fByg %s\\fR\n' "$(printf '%s' "$cmd" | roff)"
			printf '%s' "$help" | roff
			echo
		done >"$gen"
	;;
*)
	echo "manpage.sh: unknown mode $mode" >&2
	exit 2
	;;
esac
[ -s "$gen" ] || { echo "manpage.sh: nothing read from $prog --help" >&2; exit 1; }
version=$("$prog" --version | sed -n 's/^[a-z]* \([0-9][0-9.]*\).*/\1/p')
sed -e "s/@VERSION@/$version/g" -e "/^@OPTIONS@$/r $gen" -e "/^@COMMANDS@$/r $gen" \
	-e '/^@OPTIONS@$/d' -e '/^@COMMANDS@$/d'
