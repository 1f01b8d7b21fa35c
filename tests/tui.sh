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
top=$(pwd)
build=${1:-build}
case "$build" in /*) ;; *) build="$top/$build" ;; esac
YG="$build/yg"
dir=$(mktemp -d "${TMPDIR:-/tmp}/yg-tui.XXXXXX")
chmod 755 "$dir" # the cluster runs as postgres when we are root
pg="$dir/pg"
db=yangguang
export LC_ALL=C.UTF-8 LANG=C.UTF-8
unset YG_LANG YG_COMMITTEE YG_SERVER
T="tmux -L yg-tui-$$ -f /dev/null"
failed=0
ygd_pid=""

cleanup() {
	$T kill-server >/dev/null 2>&1
	[ -n "$ygd_pid" ] && kill "$ygd_pid" 2>/dev/null && wait "$ygd_pid" 2>/dev/null
	scripts/pg.sh stop "$pg" >/dev/null 2>&1
	if [ -n "${TUI_KEEP:-}" ]; then echo "kept $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT INT TERM
ok() { echo "ok - $1"; }
fail() {
	echo "FAIL - $1"
	failed=1
}
die() {
	echo "FAIL - $1"
	exit 1
}

# --- a server of our own -------------------------------------------------
scripts/pg.sh init "$pg" --fast >/dev/null 2>&1 || die "cannot make a cluster"
scripts/pg.sh start "$pg" >/dev/null 2>&1 || die "cannot start the cluster"
scripts/pg.sh createdb "$pg" "$db" >/dev/null
owner=$(scripts/pg.sh conninfo "$pg" "$db")
app=$(scripts/pg.sh conninfo "$pg" "$db" ygd)
"$build/ygd" --db "$owner" migrate >"$dir/migrate.log" 2>&1 || die "migrations"
scripts/pg.sh approle "$pg" >/dev/null 2>&1
fp=$(scripts/mkcert.sh "$dir/tls")
start_ygd() { # start_ygd LISTEN
	"$build/ygd" --db "$app" --listen "$1" --port-file "$dir/port" --cert "$dir/tls/server.crt" \
		--key "$dir/tls/server.key" --sign-key "$dir/sign.key" 2>>"$dir/ygd.log" &
	ygd_pid=$!
	i=0
	while [ ! -s "$dir/port" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || die "ygd did not start"
		sleep 0.1
	done
}
start_ygd 127.0.0.1:0
port=$(cat "$dir/port")
server="127.0.0.1:$port"

# as NAME yg-arguments...: plain yg on NAME's terminal.
committee=""
as() {
	who=$1
	shift
	"$YG" --server "$server" --fingerprint "$fp" --home "$dir/homes/$who" \
		${committee:+--committee "$committee"} "$@" 2>>"$dir/setup.err"
}
num_after() { printf '%s\n' "$1" | sed -n "s/.*$2 *\([0-9][0-9]*\).*/\1/p" | head -n 1; }

# --- the committee, two items, the meeting (plain yg) --------------------
for who in wangming lijianguo chenzhiqiang wuguohua zhouhaitao fengweidong linfang \
	zhaohongmei qianwenbin; do
	mkdir -p "$dir/homes/$who"
	as "$who" keygen 2>/dev/null | grep -o 'ed25519:[A-Za-z0-9_-]*' >"$dir/homes/$who.pub"
done
pub() { cat "$dir/homes/$1.pub"; }
out=$("$build/ygd" --db "$owner" bootstrap '某县县委常委会' '王明' "$(pub wangming)" '县委办主任')
committee=$(printf '%s\n' "$out" | sed -n 's/.*"committee": *\([0-9]*\).*/\1/p' | head -n 1)
[ -n "$committee" ] || die "bootstrap"
add() { # add LOGIN NAME TITLE ROLES
	out=$(as wangming admin member add --name "$2" --title "$3" --roles "$4" --key "$(pub "$1")")
	num_after "$out" "已登记成员" >"$dir/homes/$1.id"
}
id_of() { cat "$dir/homes/$1.id"; }
add lijianguo 李建国 县委书记 chair,member
add chenzhiqiang 陈志强 县长 member
add wuguohua 吴国华 常务副县长 member
add zhouhaitao 周海涛 县委副书记 member
add fengweidong 冯卫东 宣传部部长 member
add linfang 林芳 县委办主任 member
add zhaohongmei 赵红梅 县纪委书记 auditor
out=$(as qianwenbin observer register --committee "$committee" --name 钱文彬 --category npc_deputy \
	--affiliation 城关镇人大代表团)
obs=$(num_after "$out" "编号")
as wangming admin observer approve "$obs" >/dev/null || die "observer approval"
as wangming admin power add --category decision --title 重大决策事项 --basis '《重大行政决策程序暂行条例》' >/dev/null
printf '调研报告\n' >"$dir/research.txt"
printf '风险评估\n' >"$dir/risk.txt"
printf '合法性审查意见：合法\n' >"$dir/legal.txt"
item() { # item TITLE
	out=$(as wuguohua item create --title "$1" --category decision --power 1 --summary '在城关镇东郊新建学校一所，总投资约1.2亿元。')
	i=$(num_after "$out" "已起草议题")
	as wuguohua material add "$i" --kind research "$dir/research.txt" >/dev/null
	as wuguohua material add "$i" --kind risk_assessment "$dir/risk.txt" >/dev/null
	as wuguohua material add "$i" --kind legality_review --outcome passed "$dir/legal.txt" >/dev/null
	as wuguohua item announce "$i" >/dev/null
	echo "$i"
}
i1=$(item 县域义务教育学校布局调整方案)
i2=$(item 老旧小区改造实施方案)
scripts/pg.sh psql "$pg" "$db" -q -c "SET session_replication_role = replica;
	UPDATE item_version SET announced_at = now() - interval '8 days',
	window_ends_at = now() - interval '1 second'" >/dev/null
out=$(as lijianguo meeting create --title 县委常委会第25次会议 --place 常委会议室 \
	--at "$(date -d '+1 day' '+%Y-%m-%d 09:00')")
meeting=$(num_after "$out" "会议")
as lijianguo meeting add "$meeting" "$i1" >/dev/null
as lijianguo meeting add "$meeting" "$i2" >/dev/null
as lijianguo meeting announce "$meeting" >/dev/null || die "meeting announce"
as lijianguo meeting invite "$meeting" "$obs" >/dev/null || die "invite"
as lijianguo scrutineer designate "$meeting" "$(id_of fengweidong)" "$(id_of linfang)" >/dev/null ||
	die "scrutineers"
echo "# set up: committee $committee, meeting $meeting, items $i1 and $i2, server $server"

# --- driving the screens ---------------------------------------------------
# start NAME LANG [COLS ROWS]: NAME's `yg tui` in a tmux session of its own.
start() {
	$T new-session -d -s "$1" -x "${3:-100}" -y "${4:-30}" \
		"YG_LANG=$2 '$YG' --server '$server' --home '$dir/homes/$1' --committee $committee tui $meeting; echo EXITED \$?; sleep 3600"
}
screen() { $T capture-pane -p -t "$1"; }
# wait_for NAME TEXT [SECONDS]: poll NAME's screen until it shows TEXT.
wait_for() {
	n=0
	limit=$((${3:-20} * 10))
	while ! screen "$1" | grep -qF -- "$2"; do
		n=$((n + 1))
		[ $n -lt $limit ] || return 1
		sleep 0.1
	done
}
# expect NAME TEXT WHAT [SECONDS]: the check WHAT, showing the screen on failure.
expect() {
	if wait_for "$1" "$2" "${4:-20}"; then ok "$3"; else
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

start qianwenbin en
expect qianwenbin "meeting $meeting" "the observer's screen opens (English)"
screen qianwenbin
