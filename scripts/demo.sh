#!/bin/sh
# `make demo`: a whole standing-committee meeting, scripted, against a
# private server started like `make run` (the private PostgreSQL in var/pg,
# its own database yangguang_demo made afresh, ygd on a free port). Eleven
# voting members, a clerk, an admin; two scrutineers whose terminals run
# `yg scrutineer watch`; three items — an ordinary 重大决策, a 大额度资金使用
# with a recusal, and a competitive cadre vote of 3 candidates for 2 seats —
# each presented, discussed in order with the chair last, and voted by
# secret ballot. The results are printed, the election records written to
# var/demo/records/ and checked with `yg verify`.
#
# The items' public comment windows (3 to 7 days) are moved into the past in
# the database, as the tests do: the demo cannot wait a week.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
build=${BUILD:-build}
# tests/vote_cli.sh runs the demo in a directory of its own with these two.
pgdir=${YG_DEMO_PG:-$top/var/pg}
demo=${YG_DEMO_DIR:-$top/var/demo}
db=yangguang_demo
case "$build" in /*) ;; *) build="$top/$build" ;; esac
YG="$build/yg"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# tr ZH EN: the words in the terminal's language (YG_LANG=en for English).
tr() { case "${YG_LANG:-zh}" in en*) printf '%s' "$2" ;; *) printf '%s' "$1" ;; esac; }

rm -rf "$demo"
mkdir -p "$demo/homes" "$demo/records"
. tests/lib.sh
yg_database "$pgdir" "$db" "" || { echo "cannot make the database in $pgdir"; exit 1; }
[ -f var/tls/server.crt ] || scripts/mkcert.sh var/tls >/dev/null
fp=$(yg_fingerprint var/tls/server.crt)

ygd_pid=""
watchers=""
scrutineer_pids=""
cleanup() {
	yg_stop $watchers $scrutineer_pids # (each terminal a child of its subshell)
	[ -z "$ygd_pid" ] || kill "$ygd_pid" 2>/dev/null || true
	wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM
# YGD_LISTEN and YGD_HTTP_LISTEN (the settings ygd reads) choose the
# addresses, as for `make run`; a free port on 127.0.0.1 otherwise.
yg_ygd_start "$demo/ygd.log" "$demo/port" "$demo/http-port" --db "$app" \
	--listen "${YGD_LISTEN:-127.0.0.1:0}" \
	--http-listen "${YGD_HTTP_LISTEN:-${YG_DEMO_HTTP:-127.0.0.1:0}}" \
	--cert var/tls/server.crt --key var/tls/server.key --sign-key "$demo/sign.key" ||
	{ echo "ygd did not start; see $demo/ygd.log"; exit 1; }

# as NAME yg-arguments...: run yg on NAME's terminal.
as() {
	who=$1
	shift
	"$YG" --server "$server" --fingerprint "$fp" --home "$demo/homes/$who" \
		${committee:+--committee "$committee"} "$@"
}
# The number after the text $2 in the output $1.
num_after() { yg_num_after "$@"; }

say "$(tr "委员会：11 名有表决权的委员、1 名记录人、1 名管理员（各自在自己的终端上生成密钥）" "The committee: 11 voting members, a clerk, an admin (keys made on each terminal)")"
committee=""
yg_keys "$demo/homes" wangming lijianguo chenzhiqiang wuguohua zhouhaitao zhaohongmei sunlixin \
	fengweidong zhengxiaoyan majun linfang huanglei liuyang
pub() { cat "$demo/homes/$1.pub"; }
yg_bootstrap "$demo/homes" wangming '某县县委常委会' '王明' '县委办主任'
# two scrutineers, both needed (the rules' defaults are any 2 of 3)
yg_scrutineers_all "$demo/homes" wangming 2
id_of() { cat "$demo/homes/$1.id"; }
add() { # add LOGIN NAME TITLE ROLES
	yg_member "$demo/homes" wangming "$@"
	echo "  $2（$3）"
}
add lijianguo 李建国 县委书记 chair,member
add chenzhiqiang 陈志强 县委副书记、县长 member
add wuguohua 吴国华 常务副县长 member
add zhouhaitao 周海涛 县委副书记 member
add zhaohongmei 赵红梅 县纪委书记 member,auditor
add sunlixin 孙立新 组织部部长 member
add fengweidong 冯卫东 宣传部部长 member
add zhengxiaoyan 郑晓燕 政法委书记 member
add majun 马俊 统战部部长 member
add linfang 林芳 县委办主任 member
add huanglei 黄磊 人武部政委 member
add liuyang 刘洋 县委办秘书 clerk
members="lijianguo chenzhiqiang wuguohua zhouhaitao zhaohongmei sunlixin fengweidong zhengxiaoyan majun linfang huanglei"

say "$(tr "三个议题，附材料，预告并征求意见" "Three items, with their materials, announced for comment")"
as wangming admin power add --category decision --title 重大决策事项 --basis '《重大行政决策程序暂行条例》' >/dev/null
as wangming admin power add --category funds --title 大额度资金使用 --basis '县委“三重一大”决策制度实施办法' >/dev/null
as wangming admin power add --category cadre --title 重要干部任免 --basis '《党政领导干部选拔任用工作条例》' >/dev/null
printf '调研报告\n' >"$demo/research.txt"
printf '风险评估\n' >"$demo/risk.txt"
printf '合法性审查意见：合法\n' >"$demo/legal.txt"
printf '专家论证意见\n' >"$demo/expert.txt"
item() { # item LOGIN TITLE CATEGORY POWER [item create options]
	who=$1 title=$2 cat=$3 power=$4
	shift 4
	out=$(as "$who" item create --title "$title" --category "$cat" --power "$power" "$@")
	num_after "$out" "已起草议题"
}
i1=$(item wuguohua 县域义务教育学校布局调整方案 decision 1 --public)
i2=$(item wuguohua 老旧小区改造专项资金使用计划 funds 2)
i3=$(item sunlixin 县交通运输局副局长人选（差额） cadre 3 --candidate 王志远 --candidate 刘建华 \
	--candidate 陈晓燕 --seats 2)
for i in "$i1" "$i2"; do
	as wuguohua material add "$i" --kind research "$demo/research.txt" >/dev/null
	as wuguohua material add "$i" --kind legality_review --outcome passed "$demo/legal.txt" >/dev/null
done
as wuguohua material add "$i1" --kind risk_assessment "$demo/risk.txt" >/dev/null
as wuguohua material add "$i2" --kind expert_review "$demo/expert.txt" >/dev/null
as sunlixin material add "$i3" --kind research "$demo/research.txt" >/dev/null
as wuguohua item announce "$i1" >/dev/null
as wuguohua item announce "$i2" >/dev/null
as sunlixin item announce "$i3" >/dev/null
echo "  议题 $i1、$i2、$i3 已预告（演示将征求意见期移到过去）"
scripts/pg.sh psql "$pgdir" "$db" -q -c "SET session_replication_role = replica;
	UPDATE item_version SET announced_at = now() - interval '8 days',
	window_ends_at = now() - interval '1 second'" >/dev/null

say "$(tr "开会：议程固定，指定监票人，委员签到" "The meeting: agenda fixed, scrutineers designated, members arrive")"
out=$(as lijianguo meeting create --title '县委常委会2026年第25次会议' --place 县委常委会议室 \
	--at "$(date -d '+2 day' '+%Y-%m-%d 09:00')")
meeting=$(num_after "$out" "会议")
for i in "$i1" "$i2" "$i3"; do as lijianguo meeting add "$meeting" "$i" >/dev/null; done
as lijianguo meeting announce "$meeting"
as lijianguo scrutineer designate "$meeting" "$(id_of fengweidong)" "$(id_of linfang)"
for who in fengweidong linfang; do
	as "$who" scrutineer watch "$meeting" >"$demo/$who.watch.log" 2>&1 &
	watchers="$watchers $!"
	scrutineer_pids="$scrutineer_pids $!"
done
for who in $members; do
	[ "$who" = majun ] && continue
	as "$who" meeting check-in "$meeting" >/dev/null
done
as lijianguo meeting absent "$meeting" "$(id_of majun)" --reason 赴省委党校学习 >/dev/null
mkdir -p "$demo/homes/qianwenbin"
as qianwenbin keygen >/dev/null 2>&1
out=$(as qianwenbin observer register --committee "$committee" --name 钱文彬 \
	--category npc_deputy --affiliation 城关镇人大代表团)
observer=$(num_after "$out" "编号")
as wangming admin observer approve "$observer" >/dev/null
as lijianguo meeting invite "$meeting" "$observer" >/dev/null
as qianwenbin meeting check-in "$meeting" >/dev/null
echo "  列席：钱文彬（城关镇人大代表，编号 $observer）"
if [ -n "${YG_DEMO_FOLLOW:-}" ]; then
	# tests/visibility.sh: the observer's terminal and a member's follow the
	# meeting live until it closes.
	as qianwenbin meeting follow "$meeting" >"$demo/follow.observer.log" 2>&1 &
	watchers="$watchers $!"
	as huanglei meeting follow "$meeting" >"$demo/follow.member.log" 2>&1 &
	watchers="$watchers $!"
fi
echo "  $(tr "（演示将会议时间移到 20 分钟后：会议最早可提前 30 分钟开会）" "(the demo moves the meeting to 20 minutes from now: a meeting opens at most 30 minutes early)")"
scripts/pg.sh psql "$pgdir" "$db" -q -c "UPDATE meeting SET starts_at = now() + interval '20 minutes'
	WHERE id = $meeting" >/dev/null
as lijianguo meeting open "$meeting"

# discuss ITEM PRESENTER [RECUSED]: the presentation, every other member
# in turn, the chair last, the close of discussion.
discuss() {
	as lijianguo agenda open "$meeting" "$1" >/dev/null
	if [ -n "${3:-}" ]; then
		as "$3" agenda recuse "$meeting" "$1" --reason '配偶在项目承接单位任职' >/dev/null
	fi
	as "$2" agenda present "$meeting" "$1" '汇报：方案经过调研、论证和合法性审查，建议通过。' >/dev/null
	for who in $members; do
		case "$who" in lijianguo | majun | "$2" | "${3:-none}") continue ;; esac
		as "$who" agenda speak "$meeting" "$1" 同意 '同意，建议抓好落实。' >/dev/null
	done
	as "$2" agenda speak "$meeting" "$1" 同意 '同意。' >/dev/null
	as lijianguo agenda speak "$meeting" "$1" 同意 '同意，按程序抓紧实施。' >/dev/null
	as lijianguo agenda close "$meeting" "$1" >/dev/null
}
# discuss_cadre ITEM PRESENTER: every member states a position on each
# candidate (干部任免议题逐一表态), the chair last.
discuss_cadre() {
	as lijianguo agenda open "$meeting" "$1" >/dev/null
	as "$2" agenda present "$meeting" "$1" '汇报：三名人选均经民主推荐和组织考察，差额推荐两名。' >/dev/null
	for n in 1 2 3; do
		for who in $members "$2"; do
			case "$who" in lijianguo | majun) continue ;; esac
			[ "$who" = "$2" ] && [ "$n" = done ] && continue
			as "$who" agenda speak "$meeting" "$1" 同意 '同意提交表决。' --candidate "$n" \
				>/dev/null 2>&1 || true
		done
		as lijianguo agenda speak "$meeting" "$1" 同意 '同意提交表决。' --candidate "$n" >/dev/null
	done
	as lijianguo agenda close "$meeting" "$1" >/dev/null
}
# announced ITEM: the chair's terminal shows the result, no scrutineer awaited.
announced() {
	as lijianguo vote status "$meeting" "$1" >"$demo/status.$1" 2>&1 &&
		grep -q -e '已宣布' -e '结果' "$demo/status.$1" &&
		! grep -q '等待监票人' "$demo/status.$1"
}
# vote ITEM CHOICE...: open the vote, each present member casts in turn
# (the choices in the order of $voters), close, wait for the scrutineers.
vote() {
	item=$1
	shift
	as lijianguo vote open "$meeting" "$item"
	for who in $voters; do
		if [ "${YG_DEMO_LOSE_REPLY:-}" = "$who.$item" ]; then
			# tests/vote_cli.sh: the answer to this ballot is lost (yg exits 3);
			# the retry, whatever it chooses, sends the kept ballot again
			(export YG_TEST_LOSE_REPLY=vote.cast; as "$who" vote cast "$meeting" "$item" "$1" \
				--yes) >"$demo/$who.lost.$item" 2>&1 && exit 1
			as "$who" vote cast "$meeting" "$item" 弃权 --yes >"$demo/$who.receipt.$item" 2>&1 ||
				{ cat "$demo/$who.receipt.$item"; exit 1; }
		else
			as "$who" vote cast "$meeting" "$item" "$1" --yes >"$demo/$who.receipt.$item" 2>&1 ||
				{ cat "$demo/$who.receipt.$item"; exit 1; }
		fi
		shift
	done
	as lijianguo vote close "$meeting" "$item"
	yg_poll 20 announced "$item" ||
		{ cat "$demo/status.$item"; echo "the scrutineers did not decrypt"; exit 1; }
	cat "$demo/status.$item"
}
voters="lijianguo chenzhiqiang wuguohua zhouhaitao zhaohongmei sunlixin fengweidong zhengxiaoyan linfang huanglei"

say "$(tr "议题 $i1（重大决策）" "Item 1 (重大决策): $i1")"
discuss "$i1" wuguohua
vote "$i1" 同意 同意 同意 同意 同意 同意 同意 不同意 弃权 同意

say "$(tr "议题 $i2（大额度资金使用），郑晓燕回避" "Item 2 (大额度资金使用), 郑晓燕 recused (回避): $i2")"
discuss "$i2" wuguohua zhengxiaoyan
voters="lijianguo chenzhiqiang wuguohua zhouhaitao zhaohongmei sunlixin fengweidong linfang huanglei"
vote "$i2" 同意 同意 同意 同意 不同意 同意 同意 同意 同意

say "$(tr "议题 $i3（重要干部任免，3 名候选人差额选 2 名）" "Item 3 (重要干部任免, 3 candidates for 2 seats): $i3")"
discuss_cadre "$i3" sunlixin
voters="lijianguo chenzhiqiang wuguohua zhouhaitao zhaohongmei sunlixin fengweidong zhengxiaoyan linfang huanglei"
vote "$i3" 1,2 1,2 1,3 1,2 2,3 1,2 1,3 1,2 2 1,2

say "$(tr "每个终端看到的表决过程（yg meeting follow），议题 $i3" "The vote as every terminal saw it (yg meeting follow), item $i3")"
# From the start of the log (--after 0): with YG_DEMO_FOLLOW, huanglei's live
# terminal has already read it and would resume after the end.
as huanglei meeting follow "$meeting" --once --after 0 | grep -e "议题 $i3 " -e '监票人 ' | tail -n 16

say "$(tr "散会、会议记录、签名" "The close, the minutes, the signatures")"
as lijianguo meeting close "$meeting"
# The scrutineers' terminals destroy their key shares once they see the
# close (BALLOT.md §7.6), then end. Give them up to 30 s before going on.
n=0
for p in $scrutineer_pids; do
	while kill -0 "$p" 2>/dev/null && [ $n -lt 300 ]; do
		sleep 0.1
		n=$((n + 1))
	done
done
as lijianguo minutes sign "$meeting" --role chair >/dev/null
as liuyang minutes sign "$meeting" --role clerk >/dev/null
as liuyang minutes show "$meeting"

say "$(tr "选举记录存于 var/demo/records/，离线验证" "Election records in var/demo/records/, verified offline")"
as zhaohongmei record export "$meeting" --out "$demo/records"
as zhaohongmei meeting record "$meeting" -o "$demo/meeting-$meeting.json" >/dev/null
"$YG" verify "$demo/meeting-$meeting.json" | tail -n 1
# The trust anchor: the tally key the server (pinned by its TLS fingerprint)
# publishes, as an auditor takes it from yg info or the portal's JWKS.
server_key=$(as zhaohongmei info | grep -o 'ed25519:[A-Za-z0-9_-]\{43\}' | head -n 1)
for f in "$demo"/records/meeting-*-item-*.json; do
	echo "-- yg verify $(basename "$f") --server-key $server_key"
	"$YG" verify "$f" --server-key "$server_key"
done
receipt=$(grep -o '[A-Za-z0-9_-]\{43\}' "$demo/chenzhiqiang.receipt.$i1" | head -n 1)
echo "-- $(tr "陈志强核对自己在议题 $i1 上的选票回执" "陈志强 checks the receipt of his ballot on item $i1")"
"$YG" verify "$demo/records/meeting-$meeting-item-$i1.json" --receipt "$receipt" \
	--server-key "$server_key"
say "$(tr "保密审查和公开：一项全文公开，一项摘要公开并任前公示，一项不予公开" "Publication (保密审查 and 公开): in full, in summary with 任前公示, one withheld")"
as lijianguo publish "$i1" full
as lijianguo publish "$i3" summary '经县委常委会研究，拟推荐王志远、刘建华同志为县交通运输局副局长人选。'
as lijianguo publish "$i2" withhold '涉及尚未公开的招标底价'
as lijianguo publication list
i4=$(item wuguohua 县城区公共停车场建设项目 decision 1 --public)
as wuguohua material add "$i4" --kind research "$demo/research.txt" >/dev/null
as wuguohua item announce "$i4" >/dev/null
echo "  议题 $i4 已预告，正在征求意见"
http="http://127.0.0.1:$(cat "$demo/http-port")"
echo "  阳光公开页面：$http/  （接口 $http/api/v1/，订阅 $http/feed.atom）"
# HOLD=1 (or YG_DEMO_HOLD=1): the server stays up to be explored, with the
# commands to try printed, until Ctrl-C.
if [ -n "${HOLD:-${YG_DEMO_HOLD:-}}" ]; then
	h="$demo/homes"
	c="--server $server --fingerprint $fp --committee $committee"
	say "$(tr "服务器继续运行，可以试用（按 Ctrl-C 停止）" "The server keeps running to be explored (Ctrl-C to stop)")"
	echo "  $(tr "主持人（李建国）的全屏终端" "the chair's (李建国) full-screen terminal"):"
	echo "    $YG $c --home $h/lijianguo tui"
	echo "  $(tr "委员（陈志强）查看会议记录" "a member (陈志强) reads the minutes"):"
	echo "    $YG $c --home $h/chenzhiqiang minutes show $meeting"
	echo "  $(tr "审计员（赵红梅）查看审计日志" "the auditor (赵红梅) reads the audit log"):"
	echo "    $YG $c --home $h/zhaohongmei audit log"
	echo "  $(tr "管理员查看成员" "the admin lists the members"):"
	echo "    $YG $c --home $h/wangming member list"
	echo "  $(tr "公开页面" "the portal"): $http/"
	wait "$ygd_pid"
fi
say "$(tr "完成。所有文件都在 var/demo/ 下（ygd.log、records/、各终端的目录）" "Done. Everything is under var/demo/ (ygd.log, records/, each terminal's home).")"
