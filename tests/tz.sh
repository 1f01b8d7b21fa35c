#!/bin/sh
# One clock for the committee (issue 22): the machine's clock is UTC
# (TZ=UTC) and the committee's +08:00 (YGD_UTC_OFFSET=480). The `make demo`
# meeting (its server kept up with HOLD=1) is read on every surface, and
# each shows the same wall time in the committee's clock as `yg` does:
#   - the meeting's scheduled time: `yg meeting show`, the full-screen
#     terminal (yg tui, captured through tmux) and the portal's page of a
#     decision (会议时间);
#   - the time it opened (宣布开会): `yg meeting follow --once`, the 会议纪要 PDF made
#     by `yg doc minutes` from the server's record, the one made offline
#     from an exported record and the portal's /meetings/N/minutes.pdf
#     (pdftotext);
#   - the TUI's log of the meeting: the hour and minute of its entries.
# Every one of these would be 8 hours off in the machine's clock, which
# the test checks is not what they show. Run by tests/run.sh BUILD.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
yg_suite tz "${1:-}"
export TZ=UTC
T="tmux -L yg-tz-$$ -f /dev/null"
yg_on_exit() { $T kill-server >/dev/null 2>&1; } # the terminal's tmux (the demo is in $pids)
yg_demo_held "$dir/demo.out" YGD_UTC_OFFSET=480
yg=$(sed -n 's/^ *\(.*\) --home .*\/lijianguo tui$/\1/p' "$dir/demo.out" | head -n 1)
meeting=$(sed -n 's/.*minutes show \([0-9]*\)$/\1/p' "$dir/demo.out" | head -n 1)
portal=$(sed -n 's/.*阳光公开页面：\(http:[^ ]*\)\/ .*/\1/p' "$dir/demo.out" | head -n 1)
[ -n "$yg" ] && [ -n "$meeting" ] && [ -n "$portal" ] ||
	{ echo "FAIL - the held demo printed no commands"; exit 1; }
# shellcheck disable=SC2086 # the command line the demo printed
as() {
	who=$1
	shift
	$yg --home "$dir/demo/homes/$who" "$@"
}
# same WHAT WHEN FILE: FILE shows the wall time WHEN.
same() {
	if grep -qF -- "$2" "$3"; then ok "$1 shows $2"; else
		fail "$1 does not show $2"
		grep -E '[0-9]+年[0-9]+月[0-9]+日 [0-9]{2}:[0-9]{2}|[0-9]{2}:[0-9]{2}' "$3" | head -n 8 |
			sed 's/^/    | /'
	fi
}
# utc WALL: the same instant in the machine's clock (8 hours earlier).
utc() {
	printf '%s\n' "$1" | sed 's/年/-/; s/月/-/; s/日//' |
		{ read -r d t && date -d "$d $t +0800" '+%Y年%-m月%-d日 %H:%M'; }
}
# The reference: yg, which shows the committee's clock the server sent.
as chenzhiqiang meeting show "$meeting" >"$dir/show.out" 2>&1
as chenzhiqiang meeting follow "$meeting" --once >"$dir/log.out" 2>&1
starts=$(sed -n 's/^  时间 *\([0-9]*年[0-9]*月[0-9]*日 [0-9][0-9]:[0-9][0-9]\)$/\1/p' "$dir/show.out" |
	head -n 1)
opened=$(sed -n 's/^#[0-9]* *\([0-9]*年[0-9]*月[0-9]*日 [0-9][0-9]:[0-9][0-9]\) *宣布开会.*/\1/p' \
	"$dir/log.out" | head -n 1)
if [ -z "$starts" ] || [ -z "$opened" ]; then
	fail "yg shows the meeting's time and its opening ('$starts', '$opened')"
	sed 's/^/    | /' "$dir/show.out" "$dir/log.out" | head -n 30
	exit 1
fi
# The meeting was moved to 20 minutes after the moment it opened (the demo
# cannot wait): the opening, read as +08:00, is a moment ago; in the
# machine's clock it would read 8 hours before.
ago=$(($(date '+%s') - $(date -d "$(printf '%s\n' "$opened" | sed 's/年/-/; s/月/-/; s/日//') +0800" '+%s')))
if [ $ago -ge 0 ] && [ $ago -lt 1800 ]; then
	ok "yg shows the opening in the committee's clock: $opened (machine TZ=UTC: $(utc "$opened"))"
elif [ $((ago - 8 * 3600)) -ge 0 ] && [ $((ago - 8 * 3600)) -lt 1800 ]; then
	fail "yg shows the opening $opened in the machine's clock (UTC)"
else
	fail "yg's opening $opened is not the committee's clock of a moment ago"
fi
echo "# the meeting: set for $starts, opened $opened (+08:00); in UTC $(utc "$starts"), $(utc "$opened")"

# The portal: the decision's page names the meeting's time.
python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' \
	"$portal/decisions/1" >"$dir/decision.html" 2>&1
same "the portal's 会议时间" "会议时间</th><td>$starts<" "$dir/decision.html"

# The 会议纪要 PDF, from the server's record and offline from a file.
as liuyang doc minutes "$meeting" -o "$dir/online.pdf" >/dev/null 2>&1 ||
	fail "yg doc minutes"
as zhaohongmei meeting record "$meeting" -o "$dir/record.json" >/dev/null 2>&1 ||
	fail "yg meeting record"
# Offline: no server named at all, so nothing said the committee's clock
# but the record itself.
env -u YG_SERVER "$build/yg" --home "$dir/demo/homes/liuyang" doc minutes "$meeting" \
	-o "$dir/offline.pdf" --record "$dir/record.json" \
	--server-key "$(as zhaohongmei info | grep -o 'ed25519:[A-Za-z0-9_-]\{43\}' | head -n 1)" \
	>"$dir/offline.out" 2>&1 || { fail "yg doc minutes --record"; cat "$dir/offline.out"; }
# The portal's own PDF of the public extract of the 会议纪要.
python3 -c 'import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())' \
	"$portal/meetings/$meeting/minutes.pdf" >"$dir/portal.pdf" 2>"$dir/portal.err" ||
	fail "the portal's minutes.pdf ($(tail -n 1 "$dir/portal.err"))"
for f in online offline portal; do
	pdftotext "$dir/$f.pdf" "$dir/$f.txt" 2>/dev/null || : >"$dir/$f.txt"
	same "the $f PDF's 时间" "时间：$opened" "$dir/$f.txt"
	if grep -qF -- "$(utc "$opened")" "$dir/$f.txt"; then
		fail "the $f PDF shows the machine's clock ($(utc "$opened"))"
	fi
done

# The full-screen terminal: the meeting's time in its overview, and the
# opening in its log of the live meeting.
$T new-session -d -s tui -x 110 -y 34 \
	"$yg --home '$dir/demo/homes/chenzhiqiang' tui $meeting; sleep 3600"
# Its log shows the latest entries with their hour and minute: wait for
# the overview and the log both (the log arrives after the overview).
last=$(sed -n 's/^#[0-9]* *[0-9]*年[0-9]*月[0-9]*日 \([0-9][0-9]:[0-9][0-9]\) .*/\1/p' "$dir/log.out" |
	tail -n 1)
i=0
until $T capture-pane -p -t tui >"$dir/tui.txt" && grep -q '时间：' "$dir/tui.txt" &&
	grep -qF "$last " "$dir/tui.txt"; do
	i=$((i + 1))
	[ $i -lt 300 ] || break
	sleep 0.1
done
same "the TUI's overview" "时间：$starts" "$dir/tui.txt"
same "the TUI's log of the meeting" "$last " "$dir/tui.txt"
if grep -q "$(utc "$opened" | sed 's/.* //')" "$dir/tui.txt"; then
	fail "the TUI shows the machine's clock ($(utc "$opened" | sed 's/.* //'))"
fi
$T kill-server >/dev/null 2>&1
exit $failed
