#!/bin/sh
# Trial mode (试用, issue 22): an office tries the workflow on a committee
# created as a trial, without touching the database. Its day is shortened
# by a rule only a trial committee may change (a real one is refused), so
# a comment window of 3 days and a notice of 24 hours pass in seconds; the
# creation and the change are in the audit log; the committee's name, its
# items and meetings are marked 试用 in yg, on the portal and in the
# minutes, and a real committee keeps its real periods. (The mark is in the
# titles, so a trial's election record, whose title its signed tally
# carries, is marked too, and yg verify says so.) Run by
# tests/run.sh BUILD.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
yg_suite trial "${1:-}"
# refused NAME COMMAND...: COMMAND fails.
refused() {
	name=$1
	shift
	if "$@" >"$dir/out" 2>&1; then
		echo "FAIL - $name (it was done)"
		failed=1
	else echo "ok - $name"; fi
}
# saw NAME TEXT: the last output holds TEXT.
saw() {
	if grep -q -- "$2" "$dir/out"; then echo "ok - $1"; else
		echo "FAIL - $1: no '$2' in"
		sed 's/^/    /' "$dir/out" | head -n 20
		failed=1
	fi
}

yg_server 127.0.0.1:0 127.0.0.1:0
get() { python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' "$1"; }
# part FILE START: the parts of the page in FILE that begin with START
# (one a line; a part runs to the next <li or <h2).
part() { sed -e 's/<li/\n<li/g; s/<h2/\n<h2/g' "$1" | grep -F -- "$2"; }
# marked NAME FILE START: that part of the page is marked 试用 in its body;
# unmarked NAME FILE START: it is there and is not.
marked() {
	if part "$2" "$3" | grep -q 'class="tag trial">试用<'; then echo "ok - $1"; else
		echo "FAIL - $1: $(part "$2" "$3" | head -c 400)"
		failed=1
	fi
}
unmarked() {
	if part "$2" "$3" | grep -q . && ! part "$2" "$3" | grep -q '试用'; then echo "ok - $1"; else
		echo "FAIL - $1: $(part "$2" "$3" | head -c 400)"
		failed=1
	fi
}
yg_keys "$dir/homes" wangming lijianguo chenzhiqiang wuguohua zhouhaitao liuyang
yg_bootstrap "$dir/homes" wangming '某县县委常委会' '王明' '县委办主任' || die "bootstrap"
real=$committee
yg_member "$dir/homes" wangming lijianguo 李建国 书记 chair,member || die "real chair"

# A real committee's days are days.
refused "a real committee cannot shorten its days" as wangming admin rules set trial_day_seconds 10
saw "... said in Chinese" "只有试用委员会才能缩短"
check "the office creates a trial committee" as wangming admin committee create 某县县委常委会 --trial
saw "... its name is marked" "某县县委常委会（试用）"
saw "... and yg says what a trial is" "这是试用委员会"
committee=$(yg_num_after "$(cat "$dir/out")" "已创建委员会")
check "the committee list marks it" as wangming committee list
refused "bootstrap without --trial adds no admin to a trial" \
	"$build/ygd" --db "$owner" bootstrap '某县县委常委会（试用）' '张三' "$(cat "$dir/homes/liuyang.pub")"
saw "... which is one" "is a trial (试用): bootstrap it with --trial"
saw "... 试用" "某县县委常委会（试用）"
check "a day of the trial lasts 10 seconds" as wangming admin rules set trial_day_seconds 10
for m in "lijianguo 李建国 chair,member" "chenzhiqiang 陈志强 member" "wuguohua 吴国华 member" \
	"zhouhaitao 周海涛 member"; do
	set -- $m
	yg_member "$dir/homes" wangming "$1" "$2" 委员 "$3" || die "member $1"
done
yg_member "$dir/homes" wangming liuyang 刘洋 秘书 clerk || die "clerk"

# The chair (not only the admin) shortens a trial's periods: never a real
# committee's, never longer than they are, and no other rule. ygd judges
# this (server/policy/settings.c, its unit test test_settings) and the
# database again (api.rules_set): the calls as ygd's database role below,
# with a caller as ygd passes one, reach the database alone.
as_real() { (committee=$real && as "$@"); }
app_sql() { scripts/pg.sh psql "$pg" "$db" -U ygd -tA -c "$1"; }
caller() { # caller COMMITTEE NAME: the caller ygd would pass for that member
	as_owner "SELECT jsonb_build_object('kind', 'member', 'id', m.id, 'key', k.id,
		'committee', m.committee_id, 'allowed', '[\"chair\", \"member\"]'::jsonb)
		FROM member m JOIN member_key k ON k.member_id = m.id AND k.valid_until IS NULL
		WHERE m.committee_id = $1 AND m.display_name = '$2'"
}
refused "a real committee's chair cannot shorten its notice period" \
	as_real lijianguo admin rules set meeting_notice_hours 1
saw "... said in Chinese" "只有管理员才能修改正式委员会的规则"
refused "... nor through the database" app_sql "SELECT api.rules_set('$(caller "$real" 李建国)'::jsonb,
	'{\"name\": \"meeting_notice_hours\", \"value\": 1}')"
saw "... which refuses it itself" "only an admin changes the rules of a committee that is not a trial"
check "the trial's chair shortens its comment window of public items to 2 days" \
	as lijianguo admin rules set announce_days_public 2
check "... and its results' publication to 3 days" as lijianguo admin rules set publication_days 3
check "... its internal items' window to 2 days" as lijianguo admin rules set announce_days_internal 2
check "... and its 任前公示 to 2 (working) days" \
	as lijianguo admin rules set preappointment_notice_workdays 2
refused "the chair cannot make a trial's day longer" as lijianguo admin rules set trial_day_seconds 60
saw "... said in Chinese" "主持人只能缩短 trial_day_seconds"
refused "... nor through the database" app_sql "SELECT api.rules_set('$(caller "$committee" 李建国)'::jsonb,
	'{\"name\": \"trial_day_seconds\", \"value\": 60}')"
saw "... which refuses it itself" "a chair may only shorten trial_day_seconds (now 10)"
refused "the chair changes no other rule of a trial" as lijianguo admin rules set pass_base '"present"'
saw "... said in Chinese" "试用委员会的主持人只能缩短各项期限，不能修改 pass_base"
refused "... nor through the database" app_sql "SELECT api.rules_set('$(caller "$committee" 李建国)'::jsonb,
	'{\"name\": \"pass_base\", \"value\": \"present\"}')"
saw "... which refuses it itself" "a chair changes only its periods, not pass_base"
span=$(as_owner "SELECT extract(epoch FROM yg_inner.rule_span($committee,
	(rules->>'publication_days')::numeric))::integer FROM committee WHERE id = $committee")
if [ "$span" = 30 ]; then echo "ok - a trial's 3 days to publish last 30 seconds"; else
	echo "FAIL - a trial's 3 days to publish last $span seconds"
	failed=1
fi
check "the audit log has the trial's making and its shortened day" as wangming audit log
saw "... the rule changed" "trial_day_seconds"
saw "... and the chair's changes" "李建国.*announce_days_public\\|announce_days_public.*李建国\\|member:$(as_owner "SELECT id FROM member
	WHERE committee_id = $committee AND display_name = '李建国'").*announce_days_public"
if [ "$(as_owner "SELECT count(*) FROM admin_log WHERE action = 'committee.create'
	AND details->>'trial' = 'true'")" -ge 1 ]; then
	echo "ok - the creation is logged as a trial's"
else
	echo "FAIL - the creation is not logged as a trial's"
	failed=1
fi

# An item affecting the public: marked, and its window of 2 days lasts 20
# seconds.
as wangming admin power add --category decision --title 重大决策事项 --basis 条例 >/dev/null
out=$(as wuguohua item create --title 县城污水处理厂建设项目 --category decision --power 1 --public) ||
	die "item create: $out"
item=$(yg_num_after "$out" "已起草议题")
printf '报告\n' >"$dir/r.txt"
for k in research risk_assessment; do as wuguohua material add "$item" --kind $k "$dir/r.txt" >/dev/null; done
as wuguohua material add "$item" --kind legality_review --outcome passed "$dir/r.txt" >/dev/null
check "the trial item is announced" as wuguohua item announce "$item"
span=$(as_owner "SELECT extract(epoch FROM window_ends_at - announced_at)::integer FROM item_version
	WHERE item_id = $item")
if [ "$span" = 20 ]; then echo "ok - its window of 2 days lasts 20 seconds"; else
	echo "FAIL - the window lasts $span seconds"
	failed=1
fi
# A cadre item (internal: its window of 2 days lasts 20 seconds too).
as wangming admin power add --category cadre --title 重要干部任免 --basis 条例 >/dev/null
out=$(as wuguohua item create --title 县教育局副局长人选 --category cadre --power 2 \
	--candidate 王志远 --candidate 刘建华 --seats 1) || die "cadre item: $out"
cadre=$(yg_num_after "$out" "已起草议题")
as wuguohua material add "$cadre" --kind research "$dir/r.txt" >/dev/null
as wuguohua item announce "$cadre" >/dev/null || die "announce the cadre item"
get "$portal/power" >"$dir/power.html"
marked "the portal's power list marks the trial's section 试用" "$dir/power.html" "<h2 id=\"committee-$committee\">"
marked "... and each of its rows" "$dir/power.html" '<tr class="trial"><td>2'
unmarked "... but not a real committee's section" "$dir/power.html" "<h2 id=\"committee-$real\">"
check "the item list" as chenzhiqiang item list
saw "... marks the item 试用" "【试用】县城污水处理厂建设项目"
check "the portal's page of the item" get "$portal/items/$item"
saw "... says it is a trial's" 'id="trial"'
saw "... and marks its title" "【试用】县城污水处理厂建设项目"
i=0
until as wuguohua item gates "$item" >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -le 60 ] || die "the trial window did not end"
	sleep 1
done
until as wuguohua item gates "$cadre" >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -le 60 ] || die "the cadre item's trial window did not end"
	sleep 1
done
echo "ok - the window ended by itself, no database edited ($i s)"

# A meeting two minutes away: a trial's notice (a day: 10 s) allows it, a
# real committee's (24 hours) does not.
at=$(TZ=UTC date -d '+8 hours +2 minutes' '+%Y-%m-%d %H:%M') # the committee's clock, +08:00
out=$(as lijianguo meeting create --title 县委常委会第1次会议 --place 会议室 --at "$at") ||
	die "meeting create: $out"
meeting=$(yg_num_after "$out" "会议")
as lijianguo meeting add "$meeting" "$item" >/dev/null
as lijianguo meeting add "$meeting" "$cadre" >/dev/null || die "agenda (cadre)"
check "the trial meeting is announced two minutes ahead" as lijianguo meeting announce "$meeting"
check "the meeting" as chenzhiqiang meeting show "$meeting"
saw "... is marked 试用" "【试用】县委常委会第1次会议"
get "$portal/meetings" >"$dir/meetings.html"
marked "the portal's meetings to come mark the trial's" "$dir/meetings.html" "<li data-meeting=\"$meeting\">"
out=$(committee=$real as lijianguo meeting create --title 真实会议 --place 会议室 --at "$at") ||
	die "real meeting create: $out"
refused "a real committee's meeting two minutes ahead cannot be announced" \
	env committee="$real" sh -c ". tests/lib.sh; build='$build' server='$server' fp='$fp' \
	yg_as '$dir/homes' lijianguo meeting announce $(yg_num_after "$out" "会议")"
saw "... for want of notice" "会议通知期不足"
# Two scrutineers, both needed, for the cadre item's vote.
as wangming admin rules set scrutineers 2 >/dev/null && as wangming admin rules set scrutineer_threshold 0 \
	>/dev/null || die "rules: two scrutineers"
as lijianguo scrutineer designate "$meeting" "$(id_of chenzhiqiang)" "$(id_of wuguohua)" >/dev/null ||
	die "scrutineers"
for who in chenzhiqiang wuguohua; do
	as "$who" scrutineer watch "$meeting" >"$dir/$who.watch" 2>&1 &
	pids="$pids $!"
done
for who in lijianguo chenzhiqiang wuguohua zhouhaitao; do as "$who" meeting check-in "$meeting" >/dev/null; done
check "the trial meeting opens (at most 30 minutes early)" as lijianguo meeting open "$meeting"
# The cadre item: discussed on each candidate, voted, decided.
as lijianguo agenda open "$meeting" "$cadre" >/dev/null || die "the cadre item is taken up"
as wuguohua agenda present "$meeting" "$cadre" '两名人选均经民主推荐和组织考察。' >/dev/null ||
	die "the cadre item is presented"
for n in 1 2; do
	for who in chenzhiqiang wuguohua zhouhaitao lijianguo; do
		as "$who" agenda speak "$meeting" "$cadre" 同意 '同意提交表决。' --candidate "$n" >/dev/null ||
			die "$who states on candidate $n"
	done
done
as lijianguo agenda close "$meeting" "$cadre" >/dev/null || die "the cadre discussion closes"
# (The vote opens once the scrutineers' key is made.)
vote_opens() { as lijianguo vote open "$meeting" "$cadre" >"$dir/out" 2>&1; }
yg_poll 60 vote_opens || die "the vote does not open: $(cat "$dir/out")"
for who in lijianguo chenzhiqiang wuguohua zhouhaitao; do
	as "$who" vote cast "$meeting" "$cadre" 1 --yes >/dev/null || die "$who votes"
done
as lijianguo vote close "$meeting" "$cadre" >/dev/null || die "the vote closes"
decrypted() {
	as lijianguo vote status "$meeting" "$cadre" >"$dir/out" 2>&1 && grep -q '结果' "$dir/out" &&
		! grep -q '等待监票人' "$dir/out"
}
yg_poll 60 decrypted || die "the scrutineers did not decrypt"
check "and closes" as lijianguo meeting close "$meeting"
check "its minutes" as chenzhiqiang minutes show "$meeting"
saw "... are marked 试用" "【试用】县委常委会第1次会议"
check "the chair signs them" as lijianguo minutes sign "$meeting" --role chair
check "the clerk signs them" as liuyang minutes sign "$meeting" --role clerk

# 任前公示 (preappointment_notice_workdays, 2 here) counts a trial's days
# as every other period: 20 seconds, not 2 working days. ygd works out
# the end (server/policy/publication.c, its unit test test_publication)
# and the database checks it again: called as ygd's role with the end a
# real committee's notice would have, it refuses.
realend=$(date -u -d '+4 days' '+%Y-%m-%dT00:00:00Z')
refused "the database refuses a trial's notice of real working days" \
	app_sql "SELECT api.publication_store('$(caller "$committee" 李建国)'::jsonb,
	jsonb_build_object('item', $cadre, 'mode', 'summary', 'text', '王志远同志拟任县教育局副局长。',
		'notice_ends', '$realend'))"
saw "... which counts trial days itself" "in a trial (试用) the pre-appointment notice lasts 2 trial days"
check "the chair publishes the cadre decision with its 任前公示" \
	as lijianguo publish "$cadre" summary '王志远同志拟任县教育局副局长。'
saw "... which yg shows to the trial's minute, not as a day" "任前公示至 [^，]* [0-9][0-9]:[0-9][0-9]，"
span=$(as_owner "SELECT extract(epoch FROM notice_ends_at - date_trunc('second', published_at))::integer
	FROM publication WHERE item_id = $cadre")
if [ "$span" = 20 ]; then echo "ok - a trial's 任前公示 of 2 days lasts 20 seconds"; else
	echo "FAIL - a trial's 任前公示 of 2 days lasts $span seconds, not 20 (real working days?)"
	failed=1
fi
check "its record is exported" as chenzhiqiang meeting record "$meeting" -o "$dir/meeting.json"
"$build/yg" verify "$dir/meeting.json" >"$dir/out" 2>&1
saw "yg verify says a trial's meeting record is a trial's" "注意：这是试用委员会的记录（试用）"
saw "... and that it verifies" "记录完整，未被篡改"
saw "... from the trial's creation, signed with its first admin's key" \
	"首位管理员的密钥在安装服务器或创建委员会时登记"
key=$(as chenzhiqiang info | grep -o 'ed25519:[A-Za-z0-9_-]\{43\}' | head -n 1)
check "the independent Python verifier passes it too" \
	python3 tests/vectors/verify_meeting.py --server-key "$key" "$dir/meeting.json"
check "its 会议纪要 is printed" as liuyang doc minutes "$meeting" -o "$dir/minutes.pdf"
pdftotext "$dir/minutes.pdf" "$dir/out" 2>/dev/null
saw "... saying on its first page that it is a trial's" "试用：本文件来自试用委员会，不是真实决策"
saw "... and on its foot" "【试用】阳光 · 会议 $meeting"
# The full-screen terminal: every screen of a trial says so in its title
# bar, with or without a meeting.
# Each screen has its own tmux server: a new session on the socket of one
# just killed can reach the dying server and die with it.
yg_on_exit() {
	tmux -L "yg-trial-$$-meeting" kill-server >/dev/null 2>&1
	tmux -L "yg-trial-$$-none" kill-server >/dev/null 2>&1
}
for s in "meeting $meeting" "none"; do
	arg=${s#meeting }
	[ "$s" = none ] && arg=""
	T="tmux -L yg-trial-$$-${s%% *} -f /dev/null"
	$T new-session -d -s tui -x 100 -y 30 "'$build/yg' --server '$server' --fingerprint '$fp' \
		--home '$dir/homes/chenzhiqiang' --committee $committee tui $arg; sleep 60"
	# Wait until the screen is connected (and shows the meeting): before
	# that, the title bar has no committee to mark.
	want='陈志强 · 已连接'
	[ "$s" = none ] || want="会议 $meeting .*陈志强 · 已连接"
	i=0
	until $T capture-pane -p -t tui | grep -q "$want"; do
		i=$((i + 1))
		[ $i -lt 600 ] || break
		sleep 0.1
	done
	$T capture-pane -p -t tui >"$dir/out"
	$T kill-server >/dev/null 2>&1
	saw "the TUI's title bar says 试用 ($s)" "^ *【试用】阳光 · "
done
# The notice ends by itself, 20 seconds after publication: the portal
# takes no more comments on it.
i=0
until get "$portal/decisions/$cadre" >"$dir/out" 2>&1 && grep -q '干部任前公示' "$dir/out" &&
	! grep -q '公示中' "$dir/out"; do
	i=$((i + 1))
	[ $i -le 60 ] || break
	sleep 1
done
saw "the trial's 任前公示 ended by itself on the portal (after $i s)" '已截止'
saw "... a trial decision's page says so in its body" 'id="trial"'
get "$portal/" >"$dir/home.html"
marked "the home page marks the trial's decision" "$dir/home.html" "<li><a href=\"/decisions/$cadre\">"
get "$portal/meetings" >"$dir/meetings.html"
marked "the portal's printable minutes mark the trial's meeting" "$dir/meetings.html" \
	"<li data-meeting=\"$meeting\"><a href=\"/meetings/$meeting/minutes.pdf\">"
if as_owner "SELECT title FROM meeting WHERE committee_id = $real" | grep -q 试用; then
	echo "FAIL - a real committee's meeting is marked 试用"
	failed=1
else
	echo "ok - a real committee's meeting is not marked"
fi
# yg verify says a trial's election record is a trial's (its title, which
# the signed tally's question carries, holds the mark); this bare record
# fails every check but still says so.
printf '{"format":"yangguang-election-record/2","title":"【试用】县城污水处理厂建设项目"}' >"$dir/trial-record.json"
"$build/yg" verify "$dir/trial-record.json" >"$dir/out" 2>&1
saw "yg verify says a trial's record is a trial's" "注意：这是试用委员会的记录（试用）"
exit $failed
