#!/bin/sh
# A threshold key ceremony in the full-screen terminal (yg tui) driven
# through tmux (issue 19; BALLOT.md §7.5, §7.6): a committee on the default
# rules, 3 scrutineers any 2 of whom decrypt, each scrutineer in `yg tui`
# of their own. Each presses [k] once to deal; the terminals seal and
# accept by themselves and the election key is made. The vote is held with
# plain yg; two of the three scrutineers decrypt from their screens and the
# result is announced; when the meeting closes every scrutineer's terminal
# overwrites and removes its share by itself and says so, and no share
# file is left in any HOME. Run by tests/run.sh BUILD; TUI_THRESHOLD_KEEP=1
# keeps the directory.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
yg_suite tui-threshold "${1:-}"
T="tmux -L yg-tuithr-$$ -f /dev/null"
yg_on_exit() { $T kill-server >/dev/null 2>&1; }
yg_server
# The set-up's refusals go to a file, not among the checks.
as() { yg_as "$dir/homes" "$@" 2>>"$dir/setup.err"; }
yg_keys "$dir/homes" wangming lijianguo chenzhiqiang wuguohua zhouhaitao fengweidong linfang
yg_standing "$dir/homes" 2>>"$dir/setup.err" || die "the committee"
members="chenzhiqiang wuguohua zhouhaitao fengweidong linfang lijianguo" # the chair last
as wangming admin power add --category decision --title 重大决策事项 --basis '条例' >/dev/null
i1=$(yg_materials=$dir yg_item "$dir/homes" wuguohua 县域义务教育学校布局调整方案 '新建学校一所。' \
	2>>"$dir/setup.err")
yg_windows_past "$pg" "$db"
m=$(yg_meeting "$dir/homes" lijianguo 县委常委会第26次会议 常委会议室 \
	"$(date -d '+2 day' '+%Y-%m-%d 09:00')" "$i1" 2>>"$dir/setup.err") || die "meeting announce"
scrs="fengweidong linfang zhouhaitao"
as lijianguo scrutineer designate "$m" "$(id_of fengweidong)" "$(id_of linfang)" \
	"$(id_of zhouhaitao)" >/dev/null || die "three scrutineers (the default rules)"

# start NAME: NAME's `yg tui` in a tmux session of its own, in Chinese.
start() {
	$T new-session -d -s "$1" -x 100 -y 30 \
		"'$YG' --server '$server' --fingerprint '$fp' --home '$dir/homes/$1' --committee $committee tui $m; echo EXITED \$?; sleep 3600"
}
screen() { $T capture-pane -p -t "$1"; }
wait_for() { # wait_for NAME TEXT [SECONDS]
	n=0
	limit=$((${3:-20} * 10))
	while ! screen "$1" | grep -qF -- "$2"; do
		n=$((n + 1))
		[ $n -lt $limit ] || return 1
		sleep 0.1
	done
}
expect() { # expect NAME TEXT WHAT [SECONDS]
	if wait_for "$1" "$2" "${4:-20}"; then ok "$3"; else
		fail "$3 (no \"$2\" on $1's screen)"
		screen "$1" | sed 's/^/    | /'
	fi
}

for who in $scrs; do start "$who"; done
for who in $scrs; do
	wait_for "$who" "[i]签到" || wait_for "$who" "签到" 5
	$T send-keys -t "$who" Tab
done
expect fengweidong "请生成您的监票密钥份额并公布其公钥：按 [k]" "the scrutineer screen asks for the key"
expect fengweidong "门限密钥：任 2 位监票人即可解密（共 3 位）；本机尚未分发" "and says the key is any 2 of 3"
for who in $scrs; do $T send-keys -t "$who" k; done
for who in $scrs; do
	expect "$who" "本机已接受份额" "$who's terminal deals on [k], then seals and accepts by itself" 30
done
expect fengweidong "选举公钥：已生成" "the election key is made"
[ "$(scripts/pg.sh psql "$pg" "$db" -tA -c "SELECT count(*) FROM scrutineer WHERE meeting_id = $m
	AND accepted_at IS NOT NULL")" = 3 ] && ok "three acceptances are stored" || fail "the acceptances"

# The meeting and the vote, with plain yg.
for who in $members; do as "$who" meeting check-in "$m" >/dev/null; done
scripts/pg.sh psql "$pg" "$db" -q -c "UPDATE meeting SET starts_at = now() + interval '20 minutes'
	WHERE id = $m" >/dev/null
as lijianguo meeting open "$m" >/dev/null || fail "meeting open"
as lijianguo agenda open "$m" "$i1" >/dev/null
as wuguohua agenda present "$m" "$i1" '汇报。' >/dev/null
for who in $members; do as "$who" agenda speak "$m" "$i1" 同意 '同意。' >/dev/null; done
as lijianguo agenda close "$m" "$i1" >/dev/null
as lijianguo vote open "$m" "$i1" >/dev/null || fail "vote open"
for who in chenzhiqiang wuguohua fengweidong lijianguo; do
	as "$who" vote cast "$m" "$i1" 同意 --yes >/dev/null || fail "$who casts"
done
as lijianguo vote close "$m" "$i1" >/dev/null || fail "vote close"
expect fengweidong "请解密计票：按 [d]" "the closed vote asks the scrutineers to decrypt"
$T send-keys -t fengweidong d
$T send-keys -t linfang d
passed() { as lijianguo vote status "$m" "$i1" 2>/dev/null | grep -q '通过'; }
yg_poll 60 passed
as lijianguo vote status "$m" "$i1" | grep -q '同意 4 票' &&
	ok "two of the three decrypt from their screens and the result is announced" ||
	{ fail "the result"; screen linfang | sed 's/^/    | /'; }
[ "$(scripts/pg.sh psql "$pg" "$db" -tA -c "SELECT string_agg(idx::text, ',' ORDER BY idx)
	FROM decryption WHERE meeting_id = $m")" = "0,1" ] &&
	ok "the decryptions are scrutineers 1 and 2's; the third was not needed" || fail "who decrypted"

as lijianguo meeting close "$m" >/dev/null || fail "meeting close"
for who in $scrs; do
	expect "$who" "本机的监票密钥份额已覆盖并删除" "$who's screen says its share is overwritten and removed" 30
done
n=0
while ls "$dir"/homes/*/shares/* >/dev/null 2>&1 && [ $n -lt 100 ]; do
	n=$((n + 1))
	sleep 0.1
done
if ls "$dir"/homes/*/shares/* >/dev/null 2>&1; then
	fail "a share file outlives the meeting: $(ls "$dir"/homes/*/shares/*)"
else ok "no share file is left in any scrutineer's HOME after the meeting"; fi

if [ $failed = 0 ]; then echo "# all passed"; fi
exit $failed
