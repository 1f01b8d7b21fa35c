#!/bin/sh
# Everything a Chinese office reads is Chinese: the `make demo` meeting
# (scripts/demo.sh, its server kept up with HOLD=1) and then a walk-through
# of the commands people use after it — lists, the audit log, the minutes,
# a verification, and refusals — all in the default language. The output
# must hold no English sentence (three English words in a row); commands,
# options, identifiers, keys and hashes are allowed. The machine's clock is
# UTC (TZ=UTC) and the committee's +08:00 (YGD_UTC_OFFSET=480): the
# meeting's time shows the same in yg and on the portal.
# Run by tests/run.sh BUILD.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
yg_suite chinese "${1:-}"
yg_demo_held "$dir/demo.out" TZ=UTC YGD_UTC_OFFSET=480
echo "ok - the demo ran in Chinese and holds its server"

# The walk-through, with the commands the held demo printed.
yg=$(sed -n 's/^ *\(.*\) --home .*\/lijianguo tui$/\1/p' "$dir/demo.out" | head -n 1)
meeting=$(sed -n 's/.*minutes show \([0-9]*\)$/\1/p' "$dir/demo.out" | head -n 1)
[ -n "$yg" ] && [ -n "$meeting" ] || { echo "FAIL - the held demo printed no commands"; exit 1; }
as() {
	who=$1
	shift
	echo "\$ yg $*"
	# shellcheck disable=SC2086 # the command line the demo printed
	env -u YG_LANG TZ=UTC $yg --home "$dir/demo/homes/$who" "$@" 2>&1
	echo "(exit $?)"
}
{
	as chenzhiqiang whoami
	as chenzhiqiang meeting list
	as chenzhiqiang meeting show "$meeting"
	as chenzhiqiang item list
	as chenzhiqiang item show 1
	as chenzhiqiang item show 3
	as chenzhiqiang member list
	as chenzhiqiang power list
	as chenzhiqiang rules show
	as chenzhiqiang publication list
	as zhaohongmei audit log
	as wangming observer list
	as chenzhiqiang minutes show "$meeting"
	# refusals
	as chenzhiqiang meeting check-in "$meeting"
	as chenzhiqiang vote status "$meeting" 1
	as chenzhiqiang agenda open "$meeting" 1
	as chenzhiqiang admin member add --name 某某 --title 某职 --roles member \
		--key ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
	as wangming meeting create --title 第二次会议 --at '2020-01-01 09:00' --place 会议室
	as chenzhiqiang item announce 1
	as chenzhiqiang meeting show 999
	as chenzhiqiang item object 4 --reason 不同意
} >"$dir/walk.out"
echo "ok - the walk-through ran"

# English sentences: three words of two or more letters in a row, once the
# commands (yg ...), options, URLs, paths, keys and hashes are taken out.
english() {
	sed -e 's/\x1b\[[0-9;]*m//g' -e 's/yg [a-z][a-z -]*//g' -e 's/--[a-z-]*//g' \
		-e 's#[a-z]*://[^ ）]*##g' -e 's#[A-Za-z0-9_./-]*/[A-Za-z0-9_./-]*##g' \
		-e 's/ed25519:[A-Za-z0-9_-]*//g' -e 's/[A-Za-z0-9_-]\{20,\}//g' "$1" |
		grep -E '[A-Za-z]{2,}[ ,;:()]+[A-Za-z]{2,}[ ,;:()]+[A-Za-z]{2,}'
}
for f in demo walk; do
	if english "$dir/$f.out" >"$dir/$f.english"; then
		echo "FAIL - English in the $f's output:"
		head -n 20 "$dir/$f.english" | sed 's/^/    /'
		failed=1
	else
		echo "ok - no English sentence in the $f's output ($(wc -l <"$dir/$f.out") lines)"
	fi
done
# One clock: the meeting's time (the committee's) is the same wall time in
# yg and on the portal, on a machine whose clock is UTC.
portal=$(sed -n 's/.*阳光公开页面：\(http:[^ ]*\)\/ .*/\1/p' "$dir/demo.out" | head -n 1)
when=$(sed -n 's/^  时间 *\([0-9]*年[0-9]*月[0-9]*日 [0-9][0-9]:[0-9][0-9]\)$/\1/p' "$dir/walk.out" | head -n 1)
python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' \
	"$portal/decisions/1" >"$dir/decision.html" 2>&1
utc=$(TZ=UTC date '+%H:%M')
if [ -n "$when" ] && grep -q "会议时间</th><td>$when<" "$dir/decision.html"; then
	echo "ok - the meeting is at $when in yg and on the portal (machine TZ=UTC, now $utc there; committee +08:00)"
else
	echo "FAIL - yg and the portal disagree on the meeting's time (yg: '$when')"
	grep -o '会议时间[^/]*' "$dir/decision.html" | sed 's/^/    /'
	failed=1
fi
# yg keygen --show prints again the public key the office registered; with
# no server named, a failed connection says how to name one.
if [ "$(env -u YG_LANG "$build/yg" --home "$dir/demo/homes/chenzhiqiang" keygen --show 2>/dev/null)" = \
	"$(cat "$dir/demo/homes/chenzhiqiang.pub")" ]; then
	echo "ok - yg keygen --show prints the registered public key"
else
	echo "FAIL - yg keygen --show"
	failed=1
fi
if env -u YG_LANG -u YG_SERVER "$build/yg" --home "$dir/demo/homes/chenzhiqiang" --timeout 2 \
	whoami 2>&1 | grep -q '请用 --server 主机:端口 或环境变量 YG_SERVER'; then
	echo "ok - with no server named, yg says how to name one"
else
	echo "FAIL - no hint when no server is named"
	failed=1
fi
# The walk-through's refusals were refused, in Chinese.
if [ "$(grep -c '^yg: 错误' "$dir/walk.out")" -ge 6 ]; then
	echo "ok - the refusals are worded in Chinese"
else
	echo "FAIL - fewer refusals than asked:"
	grep '^yg:' "$dir/walk.out" | sed 's/^/    /'
	failed=1
fi
# yg verify of the demo meeting's record, in Chinese: every finding is
# worded, with no English sentence; a copy with entry 3 changed fails by
# that finding, its entry number and hash kept, in Chinese, and in English
# with --lang en.
rec="$dir/demo/meeting-$meeting.json"
python3 - "$rec" "$dir/tampered.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["log"]["entries"][2]["body"] += " "
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
{
	env -u YG_LANG "$build/yg" verify "$rec"
	echo "(exit $?)"
	env -u YG_LANG "$build/yg" verify "$dir/tampered.json"
	echo "(exit $?)"
} >"$dir/verify.out" 2>&1
env -u YG_LANG "$build/yg" --lang en verify "$dir/tampered.json" >"$dir/verify-en.out" 2>&1
hash='[0-9a-f]\{64\}'
if grep -q '^(exit 0)$' "$dir/verify.out" && grep -q '^记录完整，未被篡改。$' "$dir/verify.out" &&
	grep -q '^通过： 日志：共 [0-9]* 条，哈希链完整$' "$dir/verify.out" &&
	grep -q '^通过： 会议纪要与日志截至第 [0-9]* 条所载完全一致$' "$dir/verify.out" &&
	grep -q '^通过： 主持人签名（李建国，ed25519:' "$dir/verify.out"; then
	echo "ok - yg verify passes the meeting's record in Chinese"
else
	echo "FAIL - yg verify of the meeting's record in Chinese:"
	sed 's/^/    /' "$dir/verify.out"
	failed=1
fi
if grep -q "^不通过： 日志：第 3 条：内容或哈希已被改动（哈希应为 $hash）\$" "$dir/verify.out" &&
	grep -q '^(exit 1)$' "$dir/verify.out" && grep -q '^记录未通过验证。$' "$dir/verify.out"; then
	echo "ok - a changed entry fails yg verify by name, in Chinese"
else
	echo "FAIL - the changed entry's finding in Chinese:"
	sed 's/^/    /' "$dir/verify.out"
	failed=1
fi
if grep -q "^FAIL: log: entry 3: its body or hash was changed (hash should be $hash)\$" \
	"$dir/verify-en.out" && grep -q '^The record does NOT verify\.$' "$dir/verify-en.out"; then
	echo "ok - and in English with --lang en"
else
	echo "FAIL - the changed entry's finding in English:"
	sed 's/^/    /' "$dir/verify-en.out"
	failed=1
fi
if english "$dir/verify.out" >"$dir/verify.english"; then
	echo "FAIL - English in yg verify's Chinese output:"
	head -n 20 "$dir/verify.english" | sed 's/^/    /'
	failed=1
else
	echo "ok - no English sentence in yg verify's output ($(wc -l <"$dir/verify.out") lines)"
fi
[ -z "${YG_CHINESE_KEEP:-}" ] || cp "$dir/demo.out" "$dir/walk.out" "$dir/verify.out" "$YG_CHINESE_KEEP"
exit $failed
