#!/bin/sh
# The committee office's work through the real ygd and yg (issue 22): the
# clerk (记录人) keeps attendance — absences with their reasons — from the
# command line and from the full-screen terminal (driven in tmux), reads
# the publication list, and signs the minutes from the terminal; the
# clerk's role and the clerk recorded for the meeting are checked by ygd
# and again by the database (each layer tested alone). Run by tests/run.sh
# BUILD; OFFICE_KEEP=1 keeps the directory.
set -u
cd "$(dirname "$0")/.."
top=$(pwd)
build=${1:-build}
case "$build" in /*) ;; *) build="$top/$build" ;; esac
YG="$build/yg"
dir=$(mktemp -d "${TMPDIR:-/tmp}/yg-office.XXXXXX")
chmod 755 "$dir" # the cluster runs as postgres when we are root
pg="$dir/pg"
db=yangguang
export LC_ALL=C.UTF-8 LANG=C.UTF-8
unset YG_LANG YG_COMMITTEE YG_SERVER
T="tmux -L yg-office-$$ -f /dev/null"
failed=0
ygd_pid=""

cleanup() {
	$T kill-server >/dev/null 2>&1
	[ -n "$ygd_pid" ] && kill "$ygd_pid" 2>/dev/null && wait "$ygd_pid" 2>/dev/null
	scripts/pg.sh stop "$pg" >/dev/null 2>&1
	if [ -n "${OFFICE_KEEP:-}" ]; then echo "kept $dir"; else rm -rf "$dir"; fi
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
# check NAME COMMAND...: the command must succeed; refuse: it must fail.
check() {
	name=$1
	shift
	if "$@" >"$dir/out" 2>&1; then ok "$name"; else
		fail "$name"
		sed 's/^/    /' "$dir/out" | tail -n 20
	fi
}
refuse() {
	name=$1
	shift
	if "$@" >"$dir/out" 2>&1; then
		fail "$name (accepted)"
		sed 's/^/    /' "$dir/out" | tail -n 5
	else ok "$name"; fi
}
# has NAME FILE TEXT: FILE shows TEXT.
has() {
	if grep -qF -- "$3" "$2"; then ok "$1"; else
		fail "$1 (no \"$3\")"
		sed 's/^/    /' "$2" | tail -n 20
	fi
}

# --- a server, a committee, an item, a meeting ----------------------------
. tests/lib.sh
yg_database "$pg" "$db" || die "cannot make the database"
fp=$(scripts/mkcert.sh "$dir/tls")
yg_ygd_start "$dir/ygd.log" "$dir/port" "" --db "$app" --listen 127.0.0.1:0 \
	--cert "$dir/tls/server.crt" --key "$dir/tls/server.key" --sign-key "$dir/sign.key" \
	--http-listen '' || die "ygd did not start"
committee=""
as() {
	who=$1
	shift
	"$YG" --server "$server" --fingerprint "$fp" --home "$dir/homes/$who" \
		${committee:+--committee "$committee"} "$@"
}
sql() { scripts/pg.sh psql "$pg" "$db" -qAt -c "$1"; }
yg_keys "$dir/homes" wangming lijianguo chenzhiqiang wuguohua zhouhaitao majun liuyang zhangli
yg_bootstrap "$dir/homes" wangming '某县县委常委会' '王明' '县委办主任' || die "bootstrap"
add() { yg_member "$dir/homes" wangming "$@" >/dev/null 2>>"$dir/setup.err" || die "add $1"; }
id_of() { cat "$dir/homes/$1.id"; }
add lijianguo 李建国 县委书记 chair,member
add chenzhiqiang 陈志强 县长 member
add wuguohua 吴国华 常务副县长 member
add zhouhaitao 周海涛 县委副书记 member
add majun 马俊 统战部部长 member
add liuyang 刘洋 县委办秘书 clerk
members="chenzhiqiang wuguohua zhouhaitao"
as wangming admin power add --category decision --title 重大决策事项 \
	--basis '《重大行政决策程序暂行条例》' >/dev/null || die "power list"
printf '调研报告\n' >"$dir/research.txt"
printf '风险评估\n' >"$dir/risk.txt"
printf '合法性审查意见：合法\n' >"$dir/legal.txt"
out=$(as wuguohua item create --title 县域义务教育学校布局调整方案 --category decision --power 1 \
	--summary '在城关镇东郊新建学校一所，总投资约1.2亿元。') || die "item"
i1=$(yg_num_after "$out" "已起草议题")
as wuguohua material add "$i1" --kind research "$dir/research.txt" >/dev/null
as wuguohua material add "$i1" --kind risk_assessment "$dir/risk.txt" >/dev/null
as wuguohua material add "$i1" --kind legality_review --outcome passed "$dir/legal.txt" >/dev/null
as wuguohua item announce "$i1" >/dev/null || die "announce"
sql "SET session_replication_role = replica;
	UPDATE item_version SET announced_at = now() - interval '8 days',
	window_ends_at = now() - interval '1 second'" >/dev/null
out=$(as lijianguo meeting create --title 县委常委会第26次会议 --place 常委会议室 \
	--at "$(date -d '+1 day' '+%Y-%m-%d 09:00')") || die "meeting"
meeting=$(yg_num_after "$out" "会议")
as lijianguo meeting add "$meeting" "$i1" >/dev/null || die "agenda"
as lijianguo meeting announce "$meeting" >/dev/null || die "meeting announce"
# A second clerk registered after the announcement: not this meeting's.
add zhangli 张丽 县委办干部 clerk
echo "# set up: committee $committee, meeting $meeting, item $i1"

# --- the clerk keeps attendance (command line) ----------------------------
check "the clerk records an absence with its reason" \
	as liuyang meeting absent "$meeting" "$(id_of majun)" --reason 赴省委党校学习
as liuyang meeting state "$meeting" >"$dir/state" 2>&1
has "the meeting's state shows the absence and its reason" "$dir/state" 赴省委党校学习
refuse "a member cannot record an absence (ygd refuses)" \
	as chenzhiqiang meeting absent "$meeting" "$(id_of zhouhaitao)" --reason 出差
has "... in the user's language" "$dir/out" "无权办理"
refuse "a clerk not recorded for this meeting cannot (the database refuses)" \
	as zhangli meeting absent "$meeting" "$(id_of zhouhaitao)" --reason 出差
has "... and says why, in Chinese" "$dir/out" "登记的记录人才能登记请假"
# The database alone: the entry point called as ygd would, for a member
# whose roles do not allow it, even when the caller claims they do.
key_of() { sql "SELECT id FROM member_key WHERE member_id = $1 AND valid_until IS NULL"; }
caller() { printf '{"kind":"member","id":%s,"key":%s,"allowed":["chair","clerk","member"]}' \
	"$1" "$(key_of "$1")"; }
refuse "the database refuses a member's absence record whatever ygd passes" \
	sql "SELECT api.meeting_absent('$(caller "$(id_of chenzhiqiang)")', $meeting, $(id_of zhouhaitao), 'x')"
has "... by the roles it reads itself" "$dir/out" "your roles do not allow this"
check "the clerk reads the publication list" as liuyang publication list
refuse "a member cannot" as chenzhiqiang publication list
refuse "the database refuses a member's publication list" \
	sql "SELECT api.publication_list('$(caller "$(id_of chenzhiqiang)")', false)"

# --- the clerk's console (yg tui) -----------------------------------------
screen() { $T capture-pane -p -t "$1"; }
wait_for() { # wait_for NAME TEXT [SECONDS]
	n=0
	while ! screen "$1" | grep -qF -- "$2"; do
		n=$((n + 1))
		[ $n -lt $((${3:-20} * 10)) ] || return 1
		sleep 0.1
	done
}
expect() { # expect NAME TEXT WHAT
	if wait_for "$1" "$2"; then ok "$3"; else
		fail "$3 (no \"$2\" on $1's screen)"
		screen "$1" | sed 's/^/    | /'
	fi
}
keys() {
	name=$1
	shift
	$T send-keys -t "$name" "$@"
}
$T new-session -d -s clerk -x 110 -y 32 \
	"'$YG' --server '$server' --fingerprint '$fp' --home '$dir/homes/liuyang' --committee $committee tui $meeting; echo EXITED \$?; sleep 3600"
expect clerk "出席情况" "the clerk's console opens on attendance"
expect clerk "赴省委党校学习" "... showing the absence recorded from the command line"
as lijianguo meeting check-in "$meeting" >/dev/null
for who in $members; do as "$who" meeting check-in "$meeting" >/dev/null; done
expect clerk "周海涛 到会" "check-ins appear live"
as zhouhaitao meeting check-out "$meeting" >/dev/null
# The cursor to 周海涛 (roster order: 李建国, 陈志强, 吴国华, 周海涛, 马俊).
keys clerk Down Down Down
sleep 0.3
keys clerk a
expect clerk "周海涛 请假的理由" "[a] asks for the reason"
$T send-keys -t clerk -l "临时赴市里开会"
keys clerk Enter
expect clerk "请假：临时赴市里开会" "the absence recorded from the console shows"
as liuyang meeting state "$meeting" >"$dir/state" 2>&1
has "... and is the server's" "$dir/state" 临时赴市里开会

# --- the meeting, then the clerk signs from the console -------------------
as lijianguo meeting open "$meeting" >/dev/null || fail "the meeting opens"
as lijianguo agenda open "$meeting" "$i1" >/dev/null || fail "the item is taken up"
as wuguohua agenda present "$meeting" "$i1" '汇报：方案经过调研、论证和合法性审查，建议通过。' >/dev/null
as chenzhiqiang agenda speak "$meeting" "$i1" 同意 '同意，建议抓好落实。' >/dev/null
as wuguohua agenda speak "$meeting" "$i1" 同意 '同意。' >/dev/null
as lijianguo agenda speak "$meeting" "$i1" 同意 '同意，按程序抓紧实施。' >/dev/null ||
	fail "the chair states last"
as lijianguo agenda close "$meeting" "$i1" >/dev/null || fail "the discussion closes"
as lijianguo meeting close "$meeting" >/dev/null || fail "the meeting closes"
expect clerk "[S]签署会议记录" "the closed meeting offers the clerk's signature"
keys clerk S
expect clerk "签后不可更改" "[S] asks to confirm, with the minutes' SHA-256"
keys clerk y
expect clerk "已以记录人身份签署会议记录" "the clerk signs the minutes from the console"
check "the chair signs from the command line" as lijianguo minutes sign "$meeting" --role chair
as chenzhiqiang minutes show "$meeting" >"$dir/minutes" 2>&1
has "the minutes show the clerk's signature" "$dir/minutes" "记录人"
has "... by 刘洋" "$dir/minutes" "刘洋"
has "... and both absences with their reasons" "$dir/minutes" "马俊（赴省委党校学习）"
refuse "the clerk cannot sign twice" as liuyang minutes sign "$meeting" --role clerk
keys clerk q

[ $failed = 0 ] && echo "# office: all passed"
exit $failed
