#!/bin/sh
# The committee office's work through the real ygd and yg (issue 22): the
# clerk (记录人) keeps attendance — absences with their reasons — from the
# command line and from the full-screen terminal (driven in tmux), reads
# the publication list, records what was agreed on each item (议定事项)
# and what an observer said from the floor, and signs the minutes from the
# terminal; the clerk's role and the clerk recorded for the meeting are
# checked by ygd and again by the database (each layer tested alone). The
# minutes name the candidates of a cadre item. The admin's screen lists the
# members, the rules and the audit log in Chinese, and approves an
# observer. Then the printed documents:
# 会议纪要, 决定 and 公告 as PDF from the verified record (pdftotext reads
# the Chinese back; a tampered record gives no document; page 1 as PNG).
# Run by tests/run.sh BUILD; OFFICE_KEEP=1 keeps the directory,
# OFFICE_SHOTS=DIR writes the PDFs and page 1 of each there.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
yg_suite office "${1:-}"
T="tmux -L yg-office-$$ -f /dev/null"
yg_on_exit() {
	$T kill-server >/dev/null 2>&1
	[ -f "$dir/watchers" ] && yg_stop $(cat "$dir/watchers")
}

# --- a server, a committee, an item, a meeting ----------------------------
yg_server 127.0.0.1:0 127.0.0.1:0 --http-cache-ms 0
web=$portal
sql() { scripts/pg.sh psql "$pg" "$db" -qAt -c "$1"; }
yg_keys "$dir/homes" wangming lijianguo chenzhiqiang wuguohua zhouhaitao sunlixin majun liuyang \
	zhangli qianwenbin
yg_bootstrap "$dir/homes" wangming '某县县委常委会' '王明' '县委办主任' || die "bootstrap"
yg_scrutineers_all "$dir/homes" wangming 2 || die "rules: two scrutineers, both needed"
add() { yg_member "$dir/homes" wangming "$@" >/dev/null 2>>"$dir/setup.err" || die "add $1"; }
add lijianguo 李建国 县委书记 chair,member
add chenzhiqiang 陈志强 县长 member
add wuguohua 吴国华 常务副县长 member
add zhouhaitao 周海涛 县委副书记 member
add sunlixin 孙立新 组织部部长 member
add majun 马俊 统战部部长 member
add liuyang 刘洋 县委办秘书 clerk
members="chenzhiqiang wuguohua zhouhaitao"
as wangming admin power add --category decision --title 重大决策事项 \
	--basis '《重大行政决策程序暂行条例》' >/dev/null || die "power list"
as wangming admin power add --category cadre --title 重要干部任免 \
	--basis '《党政领导干部选拔任用工作条例》' >/dev/null || die "power list"
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
out=$(as wuguohua item create --title 县教育局副局长人选 --category cadre --power 2 \
	--candidate 王志远 --candidate 刘建华 --seats 1) || die "cadre item"
i2=$(yg_num_after "$out" "已起草议题")
as wuguohua material add "$i2" --kind research "$dir/research.txt" >/dev/null
as wuguohua item announce "$i2" >/dev/null || die "announce the cadre item"
sql "SET session_replication_role = replica;
	UPDATE item_version SET announced_at = now() - interval '8 days',
	window_ends_at = now() - interval '1 second'" >/dev/null
out=$(as lijianguo meeting create --title 县委常委会第26次会议 --place 常委会议室 \
	--at "$(date -d '+2 day' '+%Y-%m-%d 09:00')") || die "meeting" # a day's notice at least
meeting=$(yg_num_after "$out" "会议")
as lijianguo meeting add "$meeting" "$i1" >/dev/null || die "agenda"
as lijianguo meeting add "$meeting" "$i2" >/dev/null || die "agenda (cadre)"
as lijianguo meeting announce "$meeting" >/dev/null || die "meeting announce"
as lijianguo scrutineer designate "$meeting" "$(id_of chenzhiqiang)" "$(id_of wuguohua)" \
	>/dev/null || die "scrutineers"
for who in chenzhiqiang wuguohua; do
	as "$who" scrutineer watch "$meeting" >"$dir/$who.watch.log" 2>&1 &
	echo $! >>"$dir/watchers"
done
out=$(as qianwenbin observer register --committee "$committee" --name 钱文彬 --category npc_deputy \
	--affiliation 城关镇人大代表团) || die "observer"
obs=$(yg_num_after "$out" "编号")
as wangming admin observer approve "$obs" >/dev/null || die "observer approval"
as lijianguo meeting invite "$meeting" "$obs" >/dev/null || die "invite"
# A second clerk registered after the announcement: not this meeting's.
add zhangli 张丽 县委办干部 clerk
echo "# set up: committee $committee, meeting $meeting, items $i1 and $i2 (cadre)"

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
	sql "SELECT api.meeting_absent('$(caller "$(id_of chenzhiqiang)")', jsonb_build_object('meeting', $meeting, 'member', $(id_of zhouhaitao), 'reason', 'x'))"
has "... by the roles it reads itself" "$dir/out" "your roles do not allow this"
check "the clerk reads the publication list" as liuyang publication list
refuse "a member cannot" as chenzhiqiang publication list
refuse "the database refuses a member's publication list" \
	sql "SELECT api.publication_list('$(caller "$(id_of chenzhiqiang)")', '{}')"

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
as qianwenbin meeting check-in "$meeting" >/dev/null || fail "the observer arrives"
# The cursor to 孙立新, who has not come (李建国, 陈志强, 吴国华, 周海涛, 孙立新, 马俊).
keys clerk Down Down Down Down
sleep 0.3
keys clerk a
expect clerk "孙立新 请假的理由" "[a] asks for the reason"
$T send-keys -t clerk -l "临时赴市里开会"
keys clerk Enter
expect clerk "请假：临时赴市里开会" "the absence recorded from the console shows"
as liuyang meeting state "$meeting" >"$dir/state" 2>&1
has "... and is the server's" "$dir/state" 临时赴市里开会

# --- item 1: discussion, an observer from the floor, 议定事项, the vote ---
# The meeting's time comes (it opens at most 30 minutes early).
sql "UPDATE meeting SET starts_at = now() + interval '20 minutes' WHERE id = $meeting" >/dev/null
as lijianguo meeting open "$meeting" >/dev/null || fail "the meeting opens"
as lijianguo agenda open "$meeting" "$i1" >/dev/null || fail "the item is taken up"
as wuguohua agenda present "$meeting" "$i1" '汇报：方案经过调研、论证和合法性审查，建议通过。' >/dev/null
out=$(as qianwenbin floor request "$meeting") || fail "the observer asks for the floor"
req=$(yg_num_after "$out" "申请编号")
as lijianguo floor grant "$meeting" "$req" >/dev/null || fail "the chair gives the observer the floor"
expect clerk "[f]记录列席发言" "the console offers to minute the observer's remark"
keys clerk f
expect clerk "钱文彬 的发言" "[f] asks what 钱文彬 said"
$T send-keys -t clerk -l "建议新校区同步规划公交线路。"
keys clerk Enter
expect clerk "已记录列席发言" "the clerk minutes the remark from the console"
refuse "a remark is minuted once" as liuyang minutes remark "$meeting" "$req" 再记一次
has "... and says so in Chinese" "$dir/out" "已经记录"
out=$(as zhouhaitao floor request "$meeting") || fail "a member asks for the floor"
mreq=$(yg_num_after "$out" "申请编号")
as lijianguo floor grant "$meeting" "$mreq" >/dev/null
refuse "a member's own words are not minuted by the clerk" \
	as liuyang minutes remark "$meeting" "$mreq" 代为记录
for who in chenzhiqiang wuguohua zhouhaitao; do
	as "$who" agenda speak "$meeting" "$i1" 同意 '同意，建议抓好落实。' >/dev/null ||
		fail "$who states"
done
as lijianguo agenda speak "$meeting" "$i1" 同意 '同意，按程序抓紧实施。' >/dev/null ||
	fail "the chair states last"
as lijianguo agenda close "$meeting" "$i1" >/dev/null || fail "the discussion closes"
refuse "a member cannot record 议定事项 (ygd refuses)" \
	as chenzhiqiang minutes agree "$meeting" "$i1" 同意实施
refuse "nor a clerk the meeting did not record (the database refuses)" \
	as zhangli minutes agree "$meeting" "$i1" 同意实施
has "... and says why, in Chinese" "$dir/out" "登记的记录人才能记录"
refuse "the database refuses a member's 议定事项 whatever ygd passes" \
	sql "SELECT api.minutes_agree('$(caller "$(id_of chenzhiqiang)")',
		jsonb_build_object('meeting', $meeting, 'item', $i1, 'text', 'x'))"
refuse "议定事项 only for an item taken up" as liuyang minutes agree "$meeting" "$i2" 同意
check "the clerk records 议定事项 from the command line" \
	as liuyang minutes agree "$meeting" "$i1" '原则同意，由县教育局牵头实施。'
keys clerk j
expect clerk "议题 $i1 的议定事项" "[j] asks for the 议定事项 of item $i1"
$T send-keys -t clerk -l "原则同意方案，由县教育局牵头，县财政局保障资金，年内开工。"
keys clerk Enter
expect clerk "已记录议题 $i1 的议定事项" "the clerk records 议定事项 from the console (it supersedes)"

# vote ITEM CHOICE: everyone present casts CHOICE; the scrutineers decrypt.
# (The vote opens once the scrutineers' key is made.)
vote_opens() { as lijianguo vote open "$meeting" "$1" >"$dir/vote.open" 2>&1; }
decrypted() {
	as lijianguo vote status "$meeting" "$1" >"$dir/status" 2>&1 &&
		grep -q '结果' "$dir/status" && ! grep -q '等待监票人' "$dir/status"
}
vote() {
	yg_poll 60 vote_opens "$1" || { fail "the vote on item $1 opens"; cat "$dir/vote.open"; return; }
	for who in lijianguo $members; do
		as "$who" vote cast "$meeting" "$1" "$2" --yes >/dev/null 2>&1 || fail "$who votes on $1"
	done
	as lijianguo vote close "$meeting" "$1" >/dev/null || fail "the vote on $1 closes"
	yg_poll 60 decrypted "$1" || { fail "the scrutineers decrypt item $1"; return; }
}
vote "$i1" 同意

# --- item 2 (cadre): every member on each candidate, by name --------------
as lijianguo agenda open "$meeting" "$i2" >/dev/null || fail "the cadre item is taken up"
as wuguohua agenda present "$meeting" "$i2" '汇报：两名人选均经民主推荐和组织考察。' >/dev/null
for n in 1 2; do
	for who in $members; do
		as "$who" agenda speak "$meeting" "$i2" 同意 '同意提交表决。' --candidate "$n" >/dev/null ||
			fail "$who states on candidate $n"
	done
	as lijianguo agenda speak "$meeting" "$i2" 同意 '同意提交表决。' --candidate "$n" >/dev/null
done
as lijianguo agenda close "$meeting" "$i2" >/dev/null || fail "the cadre discussion closes"
as liuyang minutes agree "$meeting" "$i2" '同意王志远同志任县教育局副局长，按程序办理任前公示。' \
	>/dev/null || fail "议定事项 of the cadre item"
vote "$i2" 1
as liuyang meeting follow "$meeting" --once >"$dir/follow" 2>&1
has "yg meeting follow names the candidate" "$dir/follow" "就王志远"
has "... and shows the 议定事项" "$dir/follow" "议定事项"

# --- the close; the clerk signs from the console ----------------------------
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
has "... both absences with their reasons" "$dir/minutes" "马俊（赴省委党校学习）"
has "... the observer's remark with speaker and category" "$dir/minutes" "钱文彬（人大代表）"
has "... what was said" "$dir/minutes" "建议新校区同步规划公交线路。"
has "... the 议定事项 in force (the later one)" "$dir/minutes" "年内开工"
has "... a cadre statement naming the candidate" "$dir/minutes" "陈志强（就王志远）"
has "... and the other candidate" "$dir/minutes" "（就刘建华）"
refuse "the clerk cannot sign twice" as liuyang minutes sign "$meeting" --role clerk
refuse "nothing more is minuted after the close" as liuyang minutes agree "$meeting" "$i1" 补记
# A correction from the console (记录 tab): appended, signed, co-signed.
keys clerk C
expect clerk "更正后的内容" "[C] asks the clerk for the corrected text"
$T send-keys -t clerk -l "第一项议题由吴国华同志汇报。"
keys clerk Enter
expect clerk "更正的理由" "... then for its reason"
$T send-keys -t clerk -l "汇报人漏记。"
keys clerk Enter
expect clerk "已提出第 1 条更正" "the clerk proposes a correction from the console, signed"
expect clerk "待主持人会签" "... listed as awaiting the chair"
as chenzhiqiang minutes show "$meeting" >"$dir/minutes2" 2>&1
has "... and the server has it, with its reason" "$dir/minutes2" "汇报人漏记。"
check "the chair co-signs it" as lijianguo minutes countersign "$meeting" 1
keys clerk P
expect clerk "已生效" "... and the console shows it in force"
keys clerk q
as zhouhaitao meeting record "$meeting" -o "$dir/record.json" >/dev/null || fail "the record"
check "yg verify passes the record with its new entries" "$YG" verify "$dir/record.json"

# --- printed documents (PDF), from the verified record ---------------------
shots=${OFFICE_SHOTS:-$dir/shots}
mkdir -p "$shots"
# pdftext NAME PDF: its text, and its page count in NAME.pages.
pdftext() {
	pdftotext -layout "$2" "$dir/$1.txt" 2>/dev/null || : >"$dir/$1.txt"
	pdfinfo "$2" 2>/dev/null | sed -n 's/^Pages: *//p' >"$dir/$1.pages"
}
check "yg doc minutes prints the 会议纪要 from the record it verified" \
	as liuyang doc minutes "$meeting" -o "$shots/minutes.pdf"
has "... and says it was verified" "$dir/out" "依据已验证的会议"
pdftext minutes "$shots/minutes.pdf"
has "the PDF is valid and holds the title" "$dir/minutes.txt" "会议纪要"
has "... the meeting" "$dir/minutes.txt" "县委常委会第26次会议"
has "... the chair" "$dir/minutes.txt" "主持人：李建国"
has "... the clerk" "$dir/minutes.txt" "记录人：刘洋"
has "... the absences with reasons" "$dir/minutes.txt" "马俊（赴省委党校学习）"
has "... the candidate by name" "$dir/minutes.txt" "就王志远"
has "... the observer's remark" "$dir/minutes.txt" "钱文彬（人大代表）"
has "... the 议定事项" "$dir/minutes.txt" "议定事项"
has "... the minutes' SHA-256" "$dir/minutes.txt" "$(sed -n 's/.*"sha256": *"\([0-9a-f]*\)".*/\1/p' "$dir/record.json" | head -n 1 | cut -c1-40)"
has "... and how to verify it" "$dir/minutes.txt" "yg verify"
if [ "$(cat "$dir/minutes.pages")" -ge 1 ] 2>/dev/null; then
	ok "the 会议纪要 has $(cat "$dir/minutes.pages") A4 page(s)"
else fail "the 会议纪要 has pages (pdfinfo)"; fi
check "yg doc decision prints the 决定 offline, from an exported record" \
	as chenzhiqiang doc decision "$meeting" "$i1" -o "$shots/decision.pdf" --record "$dir/record.json"
pdftext decision "$shots/decision.pdf"
has "the 决定 names its item" "$dir/decision.txt" "关于《县域义务教育学校布局调整方案》的"
has "... the count" "$dir/decision.txt" "同意 4 票"
has "... and what was agreed" "$dir/decision.txt" "县财政局保障资金"
check "yg doc notice prints the 公告 of the cadre item" \
	as liuyang doc notice "$meeting" "$i2" -o "$shots/notice.pdf"
pdftext notice "$shots/notice.pdf"
has "the 公告 is titled" "$dir/notice.txt" "决策结果公告"
has "... and names the one chosen" "$dir/notice.txt" "王志远"
sed 's/建议新校区同步规划公交线路。/建议新校区暂缓建设。/' "$dir/record.json" >"$dir/tampered.json"
refuse "a tampered record gives no document" \
	as liuyang doc minutes "$meeting" -o "$dir/tampered.pdf" --record "$dir/tampered.json"
if [ -e "$dir/tampered.pdf" ]; then fail "... and no file"; else ok "... and no file"; fi
refuse "an item not in the minutes gives none" \
	as liuyang doc decision "$meeting" 999 -o "$dir/none.pdf" --record "$dir/record.json"
if pdftoppm -png -r 60 -f 1 -l 1 "$shots/minutes.pdf" "$shots/minutes-page" 2>/dev/null &&
	ls "$shots"/minutes-page*.png >/dev/null 2>&1; then
	ok "page 1 of the 会议纪要 as PNG for people to look at"
else fail "page 1 as PNG (pdftoppm)"; fi

# --- the portal: printed documents, meetings, the power list ---------------
# get NAME PATH: the portal's answer in NAME, its status in NAME.status.
get() {
	curl -s -o "$dir/$1" -w '%{http_code} %{content_type}' "$web$2" >"$dir/$1.status" 2>/dev/null
}
get mpdf0 "/meetings/$meeting/minutes.pdf"
has "no minutes on the portal before a decision of the meeting is published" \
	"$dir/mpdf0.status" "404"
as lijianguo publish "$i1" full >/dev/null || fail "the chair publishes item $i1 in full"
as lijianguo publish "$i2" summary '王志远同志拟任县教育局副局长。' >"$dir/pub2" 2>&1 ||
	fail "the chair publishes the cadre item in summary"
# A real committee's 任前公示 counts real working days (5 by default): it
# ends at a midnight of the committee's clock at least 5 days on, shown as
# its last full day (a trial's counts trial days: tests/trial.sh).
if [ "$(sql "SELECT notice_ends_at >= published_at + interval '5 days'
	AND extract(epoch FROM notice_ends_at)::bigint % 3600 = 0 FROM publication
	WHERE item_id = $i2")" = t ]; then
	ok "a real committee's 任前公示 lasts 5 working days, to a midnight"
else fail "a real committee's 任前公示 lasts 5 working days, to a midnight ($(sql "SELECT
	published_at, notice_ends_at FROM publication WHERE item_id = $i2"))"; fi
if grep -q '任前公示至 [0-9年]*[0-9]*月[0-9]*日，' "$dir/pub2"; then
	ok "... which yg shows as a day"
else fail "... which yg shows as a day: $(cat "$dir/pub2")"; fi
get dpdf "/decisions/$i1/notice.pdf"
has "the portal serves the 决策公告 as PDF" "$dir/dpdf.status" "200 application/pdf"
pdftext pnotice "$dir/dpdf"
has "... in Chinese, titled" "$dir/pnotice.txt" "决策结果公告"
has "... naming the item" "$dir/pnotice.txt" "县域义务教育学校布局调整方案"
has "... its count" "$dir/pnotice.txt" "同意 4 票"
has "... the chair who signed the minutes" "$dir/pnotice.txt" "主持人：李建国"
has "... and the clerk" "$dir/pnotice.txt" "记录人：刘洋"
curl -s -o "$dir/precord.json" "$web/decisions/$i1/record.json"
# A HEAD gives the length a GET has: this portal keeps no page
# (--http-cache-ms 0), so evhttp answers it, not the fast path.
curl -s -I "$web/decisions/$i1/record.json" | tr -d '\r' >"$dir/phead"
has "a HEAD of the record gives the GET's length" "$dir/phead" \
	"Content-Length: $(wc -c <"$dir/precord.json" | tr -d ' ')"
has "... the SHA-256 of the record the portal serves" "$dir/pnotice.txt" \
	"$(sha256sum "$dir/precord.json" | cut -c1-40)"
has "... and where to verify it" "$dir/pnotice.txt" "/decisions/$i1/record.json"
has "... with yg verify" "$dir/pnotice.txt" "yg verify record.json"
if [ "$(cat "$dir/pnotice.pages")" = 1 ]; then ok "the 决策公告 is one A4 page"
else fail "the 决策公告 is one A4 page (pages: $(cat "$dir/pnotice.pages"))"; fi
pdfinfo "$dir/dpdf" 2>/dev/null | grep -q 'Page size: *595.* x 841.*' && ok "... of A4 size" ||
	fail "... of A4 size"
get dpdf2 "/decisions/$i2/notice.pdf"
pdftext pnotice2 "$dir/dpdf2"
has "the cadre decision's 公告 shows its summary" "$dir/pnotice2.txt" "王志远同志拟任"
has "... and its 任前公示" "$dir/pnotice2.txt" "干部任前公示"
has "... says its record is not public" "$dir/pnotice2.txt" "选举记录不对外公开"
has "... and gives the minutes' hash" "$dir/pnotice2.txt" \
	"$(sed -n 's/.*"sha256": *"\([0-9a-f]*\)".*/\1/p' "$dir/record.json" | head -n 1 | cut -c1-40)"
get mpdf "/meetings/$meeting/minutes.pdf"
has "the portal serves the 会议纪要 as PDF" "$dir/mpdf.status" "200 application/pdf"
pdftext pminutes "$dir/mpdf"
has "... titled" "$dir/pminutes.txt" "会议纪要"
has "... the meeting" "$dir/pminutes.txt" "县委常委会第26次会议"
has "... its attendance" "$dir/pminutes.txt" "实到 4 人"
has "... both published decisions" "$dir/pminutes.txt" "县教育局副局长人选"
has "... signed by the chair" "$dir/pminutes.txt" "主持人：李建国"
has "... and the clerk" "$dir/pminutes.txt" "记录人：刘洋"
has "... the minutes' SHA-256" "$dir/pminutes.txt" \
	"$(sed -n 's/.*"sha256": *"\([0-9a-f]*\)".*/\1/p' "$dir/record.json" | head -n 1 | cut -c1-40)"
has "... and how to verify" "$dir/pminutes.txt" "yg verify"
if grep -qF "建议新校区同步规划公交线路" "$dir/pminutes.txt" || grep -qF "同意，建议抓好落实" "$dir/pminutes.txt"; then
	fail "the public 会议纪要 leaves out the discussion"
else ok "the public 会议纪要 leaves out the discussion (remarks, statements)"; fi
if [ "$(cat "$dir/pminutes.pages")" -ge 1 ] 2>/dev/null; then
	ok "the portal's 会议纪要 has $(cat "$dir/pminutes.pages") A4 page(s)"
else fail "the portal's 会议纪要 has pages"; fi
pdftoppm -png -r 60 -f 1 -l 1 "$dir/mpdf" "$shots/portal-minutes-page" 2>/dev/null
pdftoppm -png -r 60 -f 1 -l 1 "$dir/dpdf" "$shots/portal-notice-page" 2>/dev/null
get dpdf3 "/decisions/$i1/notice.pdf"
cmp -s "$dir/dpdf" "$dir/dpdf3" && ok "... the same document again (kept)" || fail "the same document again"
get none "/decisions/999/notice.pdf"
has "an unpublished decision has no 公告" "$dir/none.status" "404"
# meetings to come and how an observer applies
out=$(as wuguohua item create --title 县卫健委主任人选 --category cadre --power 2 \
	--candidate 赵明 --seats 1) || fail "an item for the next meeting"
i3=$(yg_num_after "$out" "已起草议题")
as wuguohua material add "$i3" --kind research "$dir/research.txt" >/dev/null
as wuguohua item announce "$i3" >/dev/null || fail "it is announced"
sql "SET session_replication_role = replica;
	UPDATE item_version SET announced_at = now() - interval '8 days',
	window_ends_at = now() - interval '1 second' WHERE item_id = $i3" >/dev/null
out=$(as lijianguo meeting create --title 县委常委会第27次会议 --place 常委会议室 \
	--at "$(date -d '+3 day' '+%Y-%m-%d 09:00')") || fail "the next meeting"
next=$(yg_num_after "$out" "会议")
as lijianguo meeting add "$next" "$i3" >/dev/null || fail "its agenda"
as lijianguo meeting announce "$next" >/dev/null 2>&1 || fail "the next meeting is announced"
get meetings /meetings
has "the portal lists the meeting to come" "$dir/meetings" "县委常委会第27次会议"
has "... with how observers apply" "$dir/meetings" "yg observer register --committee"
has "... the observers' categories" "$dir/meetings" "人大代表"
has "... and the printable 会议纪要" "$dir/meetings" "/meetings/$meeting/minutes.pdf"
if grep -q '试用' "$dir/meetings"; then fail "... a real committee's meetings are marked 试用"
else ok "... a real committee's meetings are not marked 试用"; fi
get power /power
has "the portal shows the power list (权力清单)" "$dir/power" "权力清单"
has "... its entries" "$dir/power" "重要干部任免"
has "... with their legal basis" "$dir/power" "《党政领导干部选拔任用工作条例》"
if grep -q '试用' "$dir/power"; then fail "... a real committee's power list is marked 试用"
else ok "... a real committee's power list is not marked 试用"; fi
get home /
has "the home page links the meetings and the power list" "$dir/home" 'href="/power"'
get dpage "/decisions/$i1"
has "the decision's page links its 公告" "$dir/dpage" "/decisions/$i1/notice.pdf"

# --- the admin's screen (yg tui): members, rules, audit log, observers --------
yg_keys "$dir/homes" guest
as guest observer register --committee "$committee" --name 赵六 --category expert \
	--affiliation 县职业技术学校 >/dev/null || fail "a second observer registers"
$T new-session -d -s admin -x 110 -y 32 \
	"'$YG' --server '$server' --fingerprint '$fp' --home '$dir/homes/wangming' --committee $committee tui; echo EXITED \$?; sleep 3600"
expect admin "[1]成员" "the admin's screen opens"
expect admin "记录人" "... listing the members with their roles in Chinese"
keys admin 2
expect admin "meeting_notice_hours" "[2] the rules of order with what each means"
keys admin 3
expect admin "列席登记" "[3] the audit log, newest first, its operations named in Chinese"
expect admin "（赵六）" "... who did them by name"
expect admin "姓名：" "... and their details as labelled fields"
keys admin 4
expect admin "赵六" "[4] the observers waiting for approval"
keys admin y
expect admin "已批准 赵六" "[y] approves one from the screen"
as wangming observer list >"$dir/observers" 2>&1
check "... and the pool says so" sh -c "grep 赵六 '$dir/observers' | grep -q 批准"
yg_keys "$dir/homes" guest2 zhaoqiang zhaoqiang2
as guest2 observer register --committee "$committee" --name 孙七 --category public_rep \
	>/dev/null || fail "a third observer registers"
keys admin r
expect admin "孙七" "[r] reads the list again"
keys admin n
expect admin "不批准 孙七，理由" "[n] asks why an observer is refused"
$T send-keys -t admin -l "未提供身份证明。"
keys admin Enter
expect admin "已不批准 孙七" "... and refuses from the screen"
as wangming observer list --status rejected >"$dir/observers" 2>&1
has "... as the pool says" "$dir/observers" "孙七"
# members: add one, change their roles, suspend and restore, a new key, revoke
keys admin 1
keys admin a
expect admin "新成员的姓名" "[a] adds a member: the name"
$T send-keys -t admin -l "赵强"
keys admin Enter
expect admin "角色" "... the roles"
$T send-keys -t admin -l "委员"
keys admin Enter
expect admin "职务" "... the title"
$T send-keys -t admin -l "县委委员"
keys admin Enter
expect admin "公钥" "... the key from their terminal"
$T send-keys -t admin -l "$(cat "$dir/homes/zhaoqiang.pub")"
keys admin Enter
expect admin "已增加成员 赵强" "the admin adds a member from the screen"
check "... who logs in with their key" as zhaoqiang whoami
# the cursor to 赵强, the last
for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do keys admin Down; done
sleep 0.3
keys admin e
expect admin "赵强 的角色" "[e] asks for the member's roles"
$T send-keys -t admin -l "委员、记录人"
keys admin Enter
expect admin "已修改 赵强 的角色" "... and changes them"
as wangming member list >"$dir/members" 2>&1
check "... as the member list says" sh -c "grep 赵强 '$dir/members' | grep -q 记录人"
keys admin s
expect admin "暂停 赵强？" "[s] asks to confirm a suspension"
keys admin y
expect admin "已暂停 赵强" "... and suspends"
refuse "a suspended member cannot log in" as zhaoqiang whoami
keys admin s
keys admin y
expect admin "已恢复 赵强" "[s] restores"
keys admin k
expect admin "赵强 的新公钥" "[k] asks for a new key"
$T send-keys -t admin -l "$(cat "$dir/homes/zhaoqiang2.pub")"
keys admin Enter
expect admin "已更换 赵强 的密钥" "... and replaces it"
refuse "the old key stops at once" as zhaoqiang whoami
check "the new one works" as zhaoqiang2 whoami
keys admin x
expect admin "吊销 赵强 的密钥" "[x] asks why a key is revoked"
$T send-keys -t admin -l "终端遗失"
keys admin Enter
expect admin "已吊销 赵强 的密钥" "... and revokes it"
refuse "a revoked key cannot log in" as zhaoqiang2 whoami
# rules: the line starts as the selected rule and its value
keys admin 2
expect admin "meeting_notice_hours" "[2] the rules again"
keys admin e
expect admin "修改规则" "[e] asks for the rule and its new value"
for _ in $(seq 1 60); do keys admin BSpace; done
$T send-keys -t admin -l "publication_days 15"
keys admin Enter
expect admin "已修改规则 publication_days" "... and changes it"
as wangming rules show >"$dir/rules" 2>&1
check "... as yg rules show says" sh -c "grep publication_days '$dir/rules' | grep -q 15"
keys admin e
for _ in $(seq 1 60); do keys admin BSpace; done
$T send-keys -t admin -l "publication_days 不是数字"
keys admin Enter
expect admin "新值须为 JSON" "a value that is not JSON is not sent"
keys admin 3
expect admin "修改规则" "[3] the audit log shows the acts from the screen"
keys admin q
# The server checks the role in the act's transaction: a member's TUI has
# no admin screen, and the entry point refuses a member whatever ygd passes.
refuse "the database refuses a member's rules.set whatever ygd passes" \
	sql "SELECT api.rules_set('$(caller "$(id_of chenzhiqiang)")',
		'{\"name\": \"publication_days\", \"value\": 3}')"

# --- the auditor's screen shows the audit log the same way --------------------
yg_keys "$dir/homes" zhaohongmei
add zhaohongmei 赵红梅 县纪委书记 auditor
$T new-session -d -s auditor -x 120 -y 32 \
	"'$YG' --server '$server' --fingerprint '$fp' --home '$dir/homes/zhaohongmei' --committee $committee tui $meeting; echo EXITED \$?; sleep 3600"
expect auditor "[l]管理日志" "the auditor's screen offers the audit log"
keys auditor l
expect auditor "管理日志（最新在上）" "[l] shows it, newest first"
expect auditor "增加成员" "... its operations by their Chinese labels"
expect auditor "成员 1（王明）" "... who did them by name"
expect auditor "姓名：赵红梅" "... the details as labelled fields"
if screen auditor | grep -qE '\+00:00|[{}"]'; then fail "... never raw JSON nor +00:00 times"
else ok "... never raw JSON nor +00:00 times (on the auditor's screen)"; fi
keys auditor q

# --- the audit log reads as people say it -------------------------------------
as wangming audit log >"$dir/audit" 2>&1 || fail "yg audit log"
has "yg audit log names the operations in Chinese" "$dir/audit" "增加成员"
has "... who did them, by name" "$dir/audit" "成员 1（王明）"
has "... to whom" "$dir/audit" "（李建国）"
has "... the details as labelled fields" "$dir/audit" "姓名：李建国"
has "... roles in Chinese" "$dir/audit" "角色：主持人"
has "... times in the committee's clock, the Chinese way" "$dir/audit" "年"
has "... the publications" "$dir/audit" "全文公开"
if grep -qE '\+00(:00)?|[{}]|"' "$dir/audit"; then
	fail "... never raw JSON nor +00:00 times"
	grep -E '\+00(:00)?|[{}]|"' "$dir/audit" | head -n 5 | sed 's/^/    /'
else ok "... never raw JSON nor +00:00 times"; fi
as wangming --lang en audit log >"$dir/audit.en" 2>&1
has "in English when chosen" "$dir/audit.en" "member.add"
has "... with English field names" "$dir/audit.en" "roles: chair"

[ $failed = 0 ] && echo "# office: all passed"
exit $failed
