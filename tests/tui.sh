#!/bin/sh
# The full-screen terminal (yg tui) driven through tmux, as people would
# use it: a committee is set up with plain yg commands (as scripts/demo.sh
# does), then a chair, three members, two scrutineers and an observer each
# run `yg tui` in a tmux session of 100×30 and the meeting is held from
# their keyboards — check-in, opening, the item, the presentation, each
# statement with the chair last, the key ceremony, the secret ballot with
# its confirmation and receipt, the scrutineers' decryption, the result on
# every screen — in Chinese, with one member and the observer in English.
# Then: a second item deferred, the screen at 80×24 and a resize, a lost
# and regained connection, the auditor's verification of a record (and of
# a tampered copy), and the terminal given back on q and on SIGTERM.
# Every check polls the screen (capture-pane) until the text shows, with a
# timeout. Run by tests/run.sh BUILD; TUI_KEEP=1 keeps the directory and
# TUI_SHOTS=DIR writes each role's screen there (for the README).
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
yg_suite tui "${1:-}"
T="tmux -L yg-tui-$$ -f /dev/null"
yg_on_exit() { $T kill-server >/dev/null 2>&1; }

# --- a server of our own -------------------------------------------------
yg_server
start_ygd() { yg_serve "$1"; } # start_ygd LISTEN

# as NAME yg-arguments...: plain yg on NAME's terminal.
as() { yg_as "$dir/homes" "$@" 2>>"$dir/setup.err"; }

# --- the committee, two items, the meeting (plain yg) --------------------
yg_keys "$dir/homes" wangming lijianguo chenzhiqiang wuguohua zhouhaitao fengweidong linfang \
	zhaohongmei qianwenbin liuyang
yg_standing "$dir/homes" 2>>"$dir/setup.err" || die "the committee"
yg_scrutineers_all "$dir/homes" wangming 2 || die "rules: two scrutineers, both needed"
add() { yg_member "$dir/homes" wangming "$@" 2>>"$dir/setup.err"; } # add LOGIN NAME TITLE ROLES
add zhaohongmei 赵红梅 县纪委书记 auditor
add liuyang 刘洋 县委办秘书 clerk
out=$(as qianwenbin observer register --committee "$committee" --name 钱文彬 --category npc_deputy \
	--affiliation 城关镇人大代表团)
obs=$(num_after "$out" "编号")
as wangming admin observer approve "$obs" >/dev/null || die "observer approval"
as wangming admin power add --category decision --title 重大决策事项 --basis '《重大行政决策程序暂行条例》' >/dev/null
printf '调研报告\n' >"$dir/research.txt"
printf '风险评估\n' >"$dir/risk.txt"
printf '合法性审查意见：合法\n' >"$dir/legal.txt"
item() { # item TITLE: drafted by 吴国华 with the materials above, announced
	yg_materials=$dir yg_item "$dir/homes" wuguohua "$1" '在城关镇东郊新建学校一所，总投资约1.2亿元。' \
		2>>"$dir/setup.err"
}
i1=$(item 县域义务教育学校布局调整方案)
i2=$(item 老旧小区改造实施方案)
yg_windows_past "$pg" "$db"
# Item 2's title as a compromised server could send it: ESC[2J, an OSC
# title, BEL, a C1 CSI and a right-to-left override; the screens show �.
scripts/pg.sh psql "$pg" "$db" -q -c "SET session_replication_role = replica;
	UPDATE item_version SET title = E'\\x1b[2J\\x1b]0;x\\x07\\u009b\\u202e' || title
	WHERE item_id = $i2" >/dev/null
# A day's notice (meeting_notice_hours).
meeting=$(yg_meeting "$dir/homes" lijianguo 县委常委会第25次会议 常委会议室 \
	"$(date -d '+2 day' '+%Y-%m-%d 09:00')" "$i1" "$i2" 2>>"$dir/setup.err") ||
	die "meeting announce"
as lijianguo meeting invite "$meeting" "$obs" >/dev/null || die "invite"
as lijianguo scrutineer designate "$meeting" "$(id_of fengweidong)" "$(id_of linfang)" >/dev/null ||
	die "scrutineers"
echo "# set up: committee $committee, meeting $meeting, items $i1 and $i2, server $server"

# --- driving the screens ---------------------------------------------------
# start NAME LANG [COLS ROWS]: NAME's `yg tui` in a tmux session of its own.
start() { start_as "$1" "$@"; }
# start_as SESSION NAME LANG [COLS ROWS]: NAME's `yg tui` in tmux session SESSION.
start_as() {
	$T new-session -d -s "$1" -x "${4:-100}" -y "${5:-30}" \
		"YG_LANG=$3 '$YG' --server '$server' --fingerprint '$fp' --home '$dir/homes/$2' --committee $committee tui ${tui_meeting-$meeting}; echo EXITED \$?; sleep 3600"
}
screen() { $T capture-pane -p -t "$1"; }
# wait_for NAME TEXT [SECONDS]: poll NAME's screen until it shows TEXT;
# give up at once when yg has exited and TEXT is not what was awaited.
wait_for() {
	n=0
	limit=$((${3:-20} * 10))
	while ! screen "$1" | grep -qF -- "$2"; do
		n=$((n + 1))
		[ $n -lt $limit ] || return 1
		if screen "$1" | grep -q '^EXITED [0-9]'; then
			screen "$1" | grep -qF -- "$2"
			return
		fi
		sleep 0.1
	done
}
# expect NAME TEXT WHAT [SECONDS]: the check WHAT, showing the screen on
# failure. After a failure the later checks wait 3 seconds at most, since
# the meeting has most likely stalled where it failed.
expect() {
	t=${4:-20}
	[ $failed = 0 ] || t=3
	if wait_for "$1" "$2" "$t"; then ok "$3"; else
		fail "$3 (no \"$2\" on $1's screen)"
		screen "$1" | sed 's/^/    | /'
	fi
}
# absent NAME TEXT WHAT: the screen must not show TEXT (checked now).
absent() {
	if screen "$1" | grep -qF -- "$2"; then
		fail "$3 (\"$2\" on $1's screen)"
		screen "$1" | sed 's/^/    | /'
	else ok "$3"; fi
}
keys() {
	name=$1
	shift
	$T send-keys -t "$name" "$@"
}
text() { $T send-keys -t "$1" -l "$2"; }
shot() { [ -n "${TUI_SHOTS:-}" ] && mkdir -p "$TUI_SHOTS" && screen "$1" >"$TUI_SHOTS/$2.txt"; return 0; }

chair=lijianguo
members="chenzhiqiang wuguohua zhouhaitao"
scrutineers="fengweidong linfang"
start $chair zh
start chenzhiqiang en
start wuguohua zh
start zhouhaitao zh
start fengweidong zh
start linfang en
start_as chair_en $chair en
# The observer does not name the meeting: yg tui opens the one they are
# invited to.
tui_meeting=""
start qianwenbin en
unset tui_meeting

# --- arrival ---------------------------------------------------------------
expect $chair "[i]签到" "the chair's console opens in Chinese and offers the check-in"
expect $chair "到会 0 / 应到会 6，开会需 4" "the chair sees the count and the quorum"
expect $chair "�[2J�]0;x���老旧小区" "item 2's title shows its controls as �"
expect chair_en "0 of 6 present, 4 needed" "the chair's console in English (a second terminal of the chair)"
expect chenzhiqiang "you are not checked in" "a member's terminal opens in English"
expect qianwenbin "meeting $meeting" "the observer's room opens in English, on the meeting they are invited to"
for who in $chair $members $scrutineers; do keys $who i; done
keys qianwenbin i
expect $chair "到会 6 / 应到会 6，开会需 4 ✓" "the chair's count follows every check-in live"
expect chenzhiqiang "you are checked in" "the member sees the check-in"
expect qianwenbin "you are in the room" "the observer has checked in"
expect qianwenbin "observers 1" "the room counts the observer"
shot $chair chair-arrival

# --- the key ceremony ----------------------------------------------------------
keys fengweidong Tab
expect fengweidong "按 [k]" "the scrutineer screen asks for the key ceremony"
keys linfang Tab
expect linfang "publish its public half: [k]" "and in English"
shot fengweidong scrutineer-key
keys fengweidong k
expect fengweidong "✓ 已公布密钥" "the key share is made and published"
keys linfang k
expect linfang "election key: made" "with both keys the election key is made"
expect fengweidong "选举公钥：已生成" "every scrutineer sees it"
expect fengweidong "目前没有需要您做的事" "nothing is left to do for the scrutineer"

# --- the meeting opens; the connection drops and comes back ---------------------
# Due: a meeting opens at most 30 minutes before its time.
scripts/pg.sh psql "$pg" "$db" -q -c "UPDATE meeting SET starts_at = now() + interval '20 minutes'
	WHERE id = $meeting" >/dev/null
keys $chair K
expect $chair "开会中" "the chair opens the meeting"
expect qianwenbin "in session" "the observer sees the meeting open"
yg_ygd_stop
expect qianwenbin "connection lost, reconnecting" "a dropped connection shows on the observer's screen"
expect $chair "连接已断开，正在重连" "and on the chair's"
start_ygd "$server"
expect qianwenbin "· connected" "the observer's terminal reconnects by itself" 45
expect $chair "李建国 · 已连接" "so does the chair's" 45

# --- item 1: presentation, statements, the chair last -------------------------------
keys $chair o
expect $chair "待分管领导汇报" "the chair takes up item 1; the presentation is awaited"
expect qianwenbin "item $i1 taken up" "the observer sees the item taken up after the reconnection"
expect wuguohua "[p]汇报" "the member in charge is offered the presentation"
expect zhouhaitao "[m]下载材料" "a member is offered the item's materials"
keys zhouhaitao m
expect zhouhaitao "材料已下载到" "the materials are downloaded from the member's screen"
if cmp -s "$dir/homes/zhouhaitao/materials/item-$i1/1-research.txt" "$dir/research.txt" &&
	cmp -s "$dir/homes/zhouhaitao/materials/item-$i1/3-legal.txt" "$dir/legal.txt"; then
	ok "the downloaded materials are the files uploaded"
else fail "the downloaded materials are the files uploaded"; fi
keys wuguohua p
text wuguohua "方案经过调研论证，建议通过。"
keys wuguohua Enter
expect qianwenbin "吴国华 presents item $i1" "the presentation reaches the observer"
expect $chair "待表态（5）：陈志强、吴国华、周海涛、冯卫东、林芳" "the chair sees who still has to state"
keys $chair s
keys $chair 1
text $chair "同意。"
keys $chair Enter
expect $chair "主持人末位表态：其他到会委员尚未全部表态" "the chair may not state before the others (末位表态)"
keys chenzhiqiang s
expect chenzhiqiang "[1]agree" "the member is asked for a position (English)"
keys chenzhiqiang 1
text chenzhiqiang "Agreed; keep the budget in check."
keys chenzhiqiang Enter
expect chenzhiqiang "your position is recorded" "the member's statement is recorded"
for who in wuguohua zhouhaitao; do
	keys $who s 1
	text $who "同意，建议抓好落实。"
	keys $who Enter
	expect $who "已表态" "$who states a position"
done
keys fengweidong Tab Tab
expect fengweidong "[s]表态" "a scrutineer is a member too"
keys fengweidong s 2
text fengweidong "建议再听取群众意见。"
keys fengweidong Enter
keys linfang Tab Tab
expect linfang "[n] pass" "the member screen offers a pass"
keys linfang n y
expect $chair "现在可以表态" "once every other member has stated, the chair may"
expect chair_en "(presiding) may state now: [s]" "(in English too)"
shot $chair chair-queue
shot qianwenbin observer-statements
keys $chair s 1
text $chair "同意，按程序抓紧实施。"
keys $chair Enter
expect $chair "[c]结束讨论" "the chair has stated last and may close the discussion"
keys $chair c
expect $chair "讨论结束" "the discussion is closed"

# --- the vote ----------------------------------------------------------------------
keys $chair v
expect $chair "[x]结束投票" "the chair opens the vote"
expect chenzhiqiang "[b] to vote" "members are told the vote is open"
keys chenzhiqiang b
expect chenzhiqiang "choose one" "the ballot opens with nothing chosen"
keys chenzhiqiang Enter
expect chenzhiqiang "choose one first" "Enter without a choice does not cast"
keys chenzhiqiang 1
expect chenzhiqiang "chosen: agree" "the choice is shown"
shot chenzhiqiang ballot-choose
keys chenzhiqiang Enter
expect chenzhiqiang "[y] cast it" "a confirmation page repeats the choice"
shot chenzhiqiang ballot-confirm
keys chenzhiqiang Enter
absent chenzhiqiang "ballot cast" "a second Enter does not cast the ballot"
keys chenzhiqiang y
expect chenzhiqiang "your receipt:" "y casts it and shows the receipt"
shot chenzhiqiang ballot-receipt
keys chenzhiqiang Enter
expect chenzhiqiang "you have voted. receipt:" "the member screen keeps the receipt"
test -s "$dir/homes/chenzhiqiang/receipts/meeting-$meeting-item-$i1-round-1.txt" &&
	ok "the receipt is kept in the yg home" || fail "the receipt is kept in the yg home"
kept=$(ls "$dir"/homes/chenzhiqiang/ballots/*-i$i1-r1-*.json 2>/dev/null)
[ -n "$kept" ] && [ "$(stat -c %a "$kept")" = 600 ] && grep -q "$(cat \
	"$dir/homes/chenzhiqiang/receipts/meeting-$meeting-item-$i1-round-1.txt")" "$kept" &&
	ok "the ballot was kept (0600) before it was sent" ||
	fail "the ballot was kept (0600) before it was sent"
keys zhouhaitao b 2 Enter
expect zhouhaitao "不同意" "zhouhaitao chooses 不同意"
keys zhouhaitao n
expect zhouhaitao "已选：不同意" "n goes back to change the choice"
keys zhouhaitao 1 Enter
expect zhouhaitao "按 [y] 确认投出" "the confirmation page in Chinese"
keys zhouhaitao y
expect zhouhaitao "您的选票回执" "zhouhaitao has voted"
for who in wuguohua fengweidong linfang; do
	[ $who = wuguohua ] || keys $who Tab Tab Tab
	keys $who b 1 Enter y
	if [ $who = linfang ]; then
		expect $who "your receipt:" "$who has voted"
	else expect $who "您的选票回执" "$who has voted"; fi
done
expect $chair "已投 5/6" "the chair sees the progress live"
expect qianwenbin "5 of 6 cast" "so does the observer"
keys $chair Tab
expect $chair "[b]投票" "the chair votes from the member screen"
keys $chair b 3 Enter y
expect $chair "您的选票回执" "the chair has voted"
keys $chair Enter BTab
expect $chair "已投 6/6" "every ballot is in"
shot $chair chair-vote
keys $chair x
expect $chair "监票人解密 0/2" "the chair closes the vote; the scrutineers are awaited"
expect fengweidong "请解密计票：按 [d]" "the closed vote takes the scrutineer to the decryption prompt"
shot fengweidong scrutineer-decrypt
keys fengweidong d
expect linfang "decrypt the count with [d]" "the other scrutineer's terminal turns to the scrutineer screen"
keys linfang d
expect $chair "同意 5 票，不同意 0 票，弃权 1 票 — 通过" "the chair's console shows the announced result"
expect qianwenbin "agree 5, disagree 0, abstain 1 — adopted" "the observer hears the result (English)"
expect chair_en "result: agree 5, disagree 0, abstain 1 — adopted" "the English console shows it"
expect zhouhaitao "同意 5 票，不同意 0 票，弃权 1 票 — 通过" "the members hear it"
shot qianwenbin observer-result
shot zhouhaitao member-result

# --- item 2 deferred; the meeting closes -----------------------------------------------
keys $chair Down o
expect $chair "待分管领导汇报" "the chair takes up item 2"
keys zhouhaitao r
expect zhouhaitao "已申请发言，等待主持人准许" "a member asks for the floor"
expect $chair "申请发言（1）：周海涛 等待准许 [g]" "the request reaches the chair's queue"
keys $chair g
expect qianwenbin "周海涛 is given the floor" "the chair gives the floor; the room sees it"
keys chenzhiqiang h
text chenzhiqiang "My brother works for the contractor."
keys chenzhiqiang Enter
expect chenzhiqiang "you have recused yourself" "a member declares recusal (回避)"
expect $chair "待表态（4）：吴国华、周海涛、冯卫东、林芳" "the recused member leaves the speaking order"
expect qianwenbin "陈志强 recuses from item $i2" "the room sees the recusal"
keys $chair d
text $chair "需进一步征求意见"
keys $chair Enter
expect qianwenbin "item $i2 is deferred" "item 2 is deferred (缓议)"
keys $chair Q y
expect $chair "已散会" "the chair closes the meeting"
expect chenzhiqiang "closed" "members see the meeting closed"
# The scrutineers' terminals destroy their shares by themselves.
n=0
while ls "$dir"/homes/fengweidong/shares/* "$dir"/homes/linfang/shares/* >/dev/null 2>&1 &&
	[ $n -lt 300 ]; do
	n=$((n + 1))
	sleep 0.1
done
if ls "$dir"/homes/fengweidong/shares/* "$dir"/homes/linfang/shares/* >/dev/null 2>&1; then
	fail "a scrutineer's share outlives the meeting"
else ok "no share file is left in the scrutineers' HOMEs after the meeting"; fi

# --- publication (决策公开) from the console -------------------------------------------
keys $chair Up
expect $chair "决策公开：待保密审查" "the console shows item 1 waiting for its confidentiality review"
keys chair_en Up
expect chair_en "publication: to be reviewed by" "(in English: to be reviewed)"
keys chair_en q
expect chair_en "EXITED 0" "the English console exits"
expect $chair "[p]决策公开" "and offers the publication after the meeting"
keys $chair p
expect $chair "保密审查：如何公开？" "p asks how to publish"
keys $chair 3 Enter
expect $chair "不予公开须写明理由" "withholding without a reason is refused here"
keys $chair p 1
expect $chair "确认全文公开议题 $i1" "publishing in full asks for a confirmation"
keys $chair y
expect $chair "决策公开：全文公开" "item 1 is published in full"
absent $chair "[p]决策公开" "and is not offered again"
shot $chair chair-publication

# --- 80×24, a resize -----------------------------------------------------------------------
# width COLS NAME: no line of NAME's screen is wider than COLS columns (CJK counts two).
width() {
	screen "$2" | python3 -c '
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)
sys.exit(1 if any(w(l.rstrip("\n")) > int(sys.argv[1]) for l in sys.stdin) else 0)' "$1"
}
$T resize-window -t $chair -x 80 -y 24
expect $chair "[↑↓]选择议题" "after a resize to 80×24 the chair's keys are still shown" 5
if width 80 $chair; then ok "nothing is drawn past 80 columns"; else
	fail "nothing is drawn past 80 columns"
	screen $chair | sed 's/^/    | /'
fi
expect $chair "到会 6 / 应到会 6" "the console's attendance fits at 80×24"
shot $chair chair-80x24
$T resize-window -t $chair -x 120 -y 40
expect $chair "县委常委会第25次会议" "and back at 120×40"
if width 120 $chair; then ok "and fills 120 columns at most"; else fail "and fills 120 columns at most"; fi

# --- the auditor -------------------------------------------------------------------------------
as lijianguo minutes sign "$meeting" --role chair >/dev/null || fail "the chair signs the minutes"
as liuyang minutes sign "$meeting" --role clerk >/dev/null || fail "the clerk signs the minutes"
start zhaohongmei zh 80 24
expect zhaohongmei "会议记录" "the auditor's screen lists the records"
expect zhaohongmei "选举记录：议题 $i1" "with item 1's election record"
absent zhaohongmei "选举记录：议题 $i2" "and none for the deferred item 2"
keys zhaohongmei Enter
expect zhaohongmei "记录完整，未被篡改" "the meeting record verifies"
expect zhaohongmei "✓ 日志：共 " "its findings in Chinese"
keys zhaohongmei Down Enter
expect zhaohongmei "选举记录完整" "the election record of item 1 verifies"
expect zhaohongmei "信任的服务器公钥（取自所连接的服务器）：ed25519:" \
	"pinned to the key of the server it is connected to, which it shows"
shot zhaohongmei auditor
mkdir -p "$dir/records"
as zhaohongmei record export "$meeting" --out "$dir/records" >/dev/null
rec="$dir/records/meeting-$meeting-item-$i1.json"
python3 - "$rec" "$dir/tampered.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); r["rounds"][0]["counts"][0] += 1
json.dump(r, open(sys.argv[2], "w"), ensure_ascii=False)
PY
keys zhaohongmei f
text zhaohongmei "$dir/tampered.json"
keys zhaohongmei Enter
expect zhaohongmei "选举记录未通过验证" "a tampered record fails"
expect zhaohongmei "✗" "the failed check is shown"
shot zhaohongmei auditor-failed

# --- leaving: q, and SIGTERM ---------------------------------------------------------------------
keys chenzhiqiang q
expect chenzhiqiang "EXITED 0" "q leaves with exit 0"
[ "$($T display -p -t chenzhiqiang '#{alternate_on}')" = 0 ] &&
	ok "the terminal is given back after q" || fail "the terminal is given back after q"
pid=$(pgrep -P "$($T display -p -t zhouhaitao '#{pane_pid}')" yg)
kill -TERM "$pid"
expect zhouhaitao "EXITED 0" "SIGTERM leaves cleanly"
[ "$($T display -p -t zhouhaitao '#{alternate_on}')" = 0 ] &&
	ok "the terminal is given back after SIGTERM" || fail "the terminal is given back after SIGTERM"
pid=$(pgrep -P "$($T display -p -t wuguohua '#{pane_pid}')" yg)
kill -SEGV "$pid"
expect wuguohua "EXITED 139" "a crash (SIGSEGV) ends yg with the signal's status"
[ "$($T display -p -t wuguohua '#{alternate_on}')" = 0 ] &&
	ok "the terminal is given back after a crash" || fail "the terminal is given back after a crash"
for who in $chair fengweidong linfang qianwenbin zhaohongmei; do keys $who q; done
for who in $chair fengweidong linfang qianwenbin zhaohongmei; do
	expect $who "EXITED 0" "$who's terminal exits 0" 10
done
if grep -q 'ERROR: [A-Za-z]*Sanitizer\|runtime error:' "$dir"/homes/*/tui.log "$dir/ygd.log" 2>/dev/null; then
	fail "a sanitizer report from yg or ygd"
	grep -h -A5 'Sanitizer\|runtime error' "$dir"/homes/*/tui.log | head -n 40
fi
exit $failed
