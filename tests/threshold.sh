#!/bin/sh
# k-of-n scrutineers (issue 19; BALLOT.md §7.5, §9.2), with real ygd,
# PostgreSQL and yg over TLS: a committee with the default rules, 3
# scrutineers, any 2 of whom decrypt, and (the rule auditor_scrutineers)
# two of them auditors of the 纪委 who do not vote, so that the one voting
# member among them (k - 1) cannot decrypt alone. The scrutineers'
# terminals (yg scrutineer watch) run the key ceremony between them
# through the server — deal, seal, accept; one never deals, and the chair
# leaves that ceremony with a reason and designates again; two terminals
# share one scrutineer's HOME and take turns on its share (a lock); the
# election key appears only when all three have accepted; no share file
# holds the whole key. Then one scrutineer is lost (its terminal stopped,
# its share file gone); the other two decrypt and the result is announced;
# with a second one lost, the voting member alone cannot decrypt, the round
# is voided and voted again under a new ceremony; no share is left after
# the meeting.
# Run by tests/run.sh BUILD.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
yg_suite threshold "${1:-}"
yg_server
yg_keys "$dir/homes" wangming lijianguo chenzhiqiang wuguohua zhouhaitao sunlixin fengweidong linfang \
	zhaojiwei qiansheng sunjian
pub() { cat "$dir/homes/$1.pub"; }
yg_bootstrap "$dir/homes" wangming '某县县委常委会' '王明' '县委办主任' || die "bootstrap"
add() { yg_member "$dir/homes" wangming "$1" "$2" 委员 "$3"; } # add LOGIN NAME ROLES
id_of() { cat "$dir/homes/$1.id"; }
add lijianguo 李建国 chair,member
add chenzhiqiang 陈志强 member
add wuguohua 吴国华 member
add zhouhaitao 周海涛 member
add sunlixin 孙立新 member
add fengweidong 冯卫东 member
add linfang 林芳 member
# auditors of the 纪委: not on any meeting's roster, they do not vote
add zhaojiwei 赵纪伟 auditor
add qiansheng 钱晟 auditor
add sunjian 孙健 auditor
members="lijianguo chenzhiqiang wuguohua zhouhaitao sunlixin fengweidong linfang"
as wangming admin power add --category decision --title 重大决策事项 --basis '条例' >/dev/null
printf '调研报告\n' >"$dir/research.txt"
item() { # item TITLE
	out=$(as wuguohua item create --title "$1" --category decision --power 1)
	i=$(num_after "$out" "已起草议题")
	for k in research risk_assessment; do
		as wuguohua material add "$i" --kind $k "$dir/research.txt" >/dev/null
	done
	as wuguohua material add "$i" --kind legality_review --outcome passed "$dir/research.txt" >/dev/null
	as wuguohua item announce "$i" >/dev/null
	echo "$i"
}
as wangming --lang en rules show >"$dir/rules" 2>&1
grep -q '^scrutineers .* 3$' "$dir/rules" && grep -q '^scrutineer_threshold .* 2$' "$dir/rules" &&
	grep -q '^auditor_scrutineers .* 0$' "$dir/rules" &&
	ok "the default rules: 3 scrutineers, any 2 decrypt, no auditor among them" ||
	{ fail "the default rules"; grep scrutineer "$dir/rules"; }
i1=$(item 第一项议题)
i2=$(item 第二项议题)
as_owner "SET session_replication_role = replica;
	UPDATE item_version SET announced_at = now() - interval '8 days',
	window_ends_at = now() - interval '1 second'" >/dev/null
out=$(as lijianguo meeting create --title 常委会 --place 会议室 \
	--at "$(date -d '+2 day' '+%Y-%m-%d 09:00')") # a day's notice (meeting_notice_hours)
m=$(num_after "$out" "会议")
as lijianguo meeting add "$m" "$i1" >/dev/null
as lijianguo meeting add "$m" "$i2" >/dev/null
as lijianguo meeting announce "$m" >/dev/null
# Auditors as scrutineers, only as the rule allows, and only auditors.
designate() { as lijianguo scrutineer designate "$m" "$@" >"$dir/designate" 2>&1; }
designate "$(id_of fengweidong)" "$(id_of zhaojiwei)" "$(id_of sunjian)" &&
	fail "an auditor is designated without the rule" ||
	{ grep -q '应到会名单' "$dir/designate" && ok "without the rule, a scrutineer who does not vote is refused"; } ||
	{ fail "the refusal"; cat "$dir/designate"; }
as wangming admin rules set auditor_scrutineers 1 >/dev/null || die "rule auditor_scrutineers"
designate "$(id_of fengweidong)" "$(id_of zhaojiwei)" "$(id_of sunjian)" &&
	fail "two auditors are designated where the rule allows one" ||
	{ grep -q '不超过 1 位不参加表决的纪委人员' "$dir/designate" &&
		ok "more auditors than the rule allows are refused"; } || { fail "the refusal"; cat "$dir/designate"; }
as wangming admin rules set auditor_scrutineers 2 >/dev/null || die "rule auditor_scrutineers"
designate "$(id_of fengweidong)" "$(id_of zhaojiwei)" "$(as_owner "SELECT id FROM member WHERE display_name = '王明'")" &&
	fail "the admin, neither on the roster nor an auditor, is designated" ||
	{ grep -q '纪委人员' "$dir/designate" && ok "someone neither on the roster nor an auditor is refused"; } ||
	{ fail "the refusal"; cat "$dir/designate"; }
designate "$(id_of fengweidong)" "$(id_of zhaojiwei)" "$(id_of sunjian)" ||
	{ cat "$dir/designate"; die "designate one voting member and two auditors"; }
ok "one voting member and two auditors are designated (auditor_scrutineers 2)"
# watch WHO LOG: WHO's scrutineer terminal in the background, as yg's own
# process (exec), so that stopping it stops the terminal itself.
watch() {
	(exec "$YG" --server "$server" --fingerprint "$fp" --home "$dir/homes/$1" \
		${committee:+--committee "$committee"} scrutineer watch "$m") >"$2" 2>&1 &
}
# 孙健's terminal never runs: the other two deal and wait.
watch fengweidong "$dir/watch.fengweidong"
watch_fengweidong=$!
# a second terminal in 冯卫东's HOME: the two take turns on the share (a lock)
watch fengweidong "$dir/watch.fengweidong2"
watch_fengweidong2=$!
watch zhaojiwei "$dir/watch.zhaojiwei"
watch_zhaojiwei=$!
pids="$pids $watch_fengweidong $watch_fengweidong2 $watch_zhaojiwei"
# dealt N: N scrutineers of the meeting have dealt.
dealt() { [ "$(as_owner "SELECT count(*) FROM scrutineer WHERE meeting_id = $m AND dealing IS NOT NULL")" = "$1" ]; }
# has_key: the chair's terminal shows an election key.
has_key() { as lijianguo scrutineer list "$m" 2>/dev/null | grep -q '选举公钥： [A-Za-z0-9_-]\{44\}'; }
# status_has ITEM TEXT: the chair's terminal shows TEXT in the vote's status.
status_has() { as lijianguo vote status "$m" "$1" 2>/dev/null | grep -q "$2"; }
yg_poll 90 dealt 2 || { cat "$dir/watch.zhaojiwei"; die "the first two dealings"; }
sleep 2
[ "$(as_owner "SELECT count(*) FROM scrutineer WHERE meeting_id = $m AND dealing IS NOT NULL")" = 2 ] &&
	! as lijianguo scrutineer list "$m" | grep -q '选举公钥： [A-Za-z0-9_-]\{44\}' &&
	ok "a scrutineer who never deals stalls the ceremony: no election key" || fail "the stalled ceremony"
designate "$(id_of fengweidong)" "$(id_of zhaojiwei)" "$(id_of qiansheng)" &&
	fail "a ceremony under way is left without a reason" ||
	{ grep -q '已有监票人公布密钥' "$dir/designate" && ok "without a reason, the designation stays fixed"; } ||
	{ fail "the refusal"; cat "$dir/designate"; }
designate "$(id_of fengweidong)" "$(id_of zhaojiwei)" "$(id_of qiansheng)" --reason '孙健出差，未能参加密钥生成' &&
	grep -q '第 2 次密钥生成开始' "$dir/designate" &&
	ok "the chair leaves the stalled ceremony with a reason and designates again: key ceremony 2" ||
	{ fail "the new designation"; cat "$dir/designate"; }
left=$(as_owner "SELECT body FROM meeting_log WHERE meeting_id = $m
	AND body LIKE '%scrutineers.designated%' ORDER BY seq DESC LIMIT 1")
printf '%s' "$left" | grep -q '"not_dealt": *\[ *2 *\]' && printf '%s' "$left" | grep -q '孙健出差' &&
	ok "the log names the ceremony left, its reason and who had not dealt" || fail "the log entry: $left"
watch qiansheng "$dir/watch.qiansheng"
watch_qiansheng=$!
pids="$pids $watch_qiansheng"
yg_poll 90 has_key || { cat "$dir/watch.qiansheng"; die "the threshold key ceremony"; }
ok "the three terminals deal, seal and accept under the new ceremony: the election key is made"
[ "$(as_owner "SELECT count(*) FROM scrutineer WHERE meeting_id = $m AND ceremony = 2
	AND accepted_at IS NOT NULL AND dealing IS NOT NULL")" = 3 ] && [ "$(as_owner "SELECT count(*)
	FROM key_ceremony_message WHERE meeting_id = $m AND ceremony = 2 AND kind = 'share'")" = 6 ] &&
	ok "three signed dealings, six sealed shares, three signed acceptances are stored" ||
	fail "the ceremony's records"
for who in fengweidong zhaojiwei qiansheng; do
	cat "$dir/watch.$who"* | grep -q '已核验 3 位监票人发来的份额并接受' ||
		fail "$who's terminal does not say it accepted"
done
grep -q '旧密钥不再使用：本机的监票密钥份额已覆盖并删除' "$dir/watch.zhaojiwei" &&
	ok "the share of the ceremony left is overwritten and removed" || fail "the old share"
# The lock: while another holds it, a terminal leaves the share alone.
lock="$dir/homes/fengweidong/shares/$(printf '%s' "$server" | tr ':/' '__')-m$m.lock"
[ -f "$lock" ] || fail "no lock file $lock"
# The holder waits its turn (a watching terminal may hold the lock a
# moment) and says when it has it; only then does the second terminal run.
rm -f "$dir/held"
(
	exec 9>>"$lock"
	flock 9
	: >"$dir/held"
	exec sleep 60 # the lock goes with this process, when killed below
) &
holder=$!
pids="$pids $holder"
n=0
until [ -f "$dir/held" ]; do
	n=$((n + 1))
	[ $n -lt 300 ] || die "the test could not take the share's lock"
	sleep 0.1
done
if as fengweidong scrutineer key "$m" >"$dir/locked" 2>&1; then fail "yg scrutineer key runs beside a holder of the lock"
elif grep -q '本机另一个终端正在处理本会议的监票密钥份额' "$dir/locked"; then
	ok "a second terminal of the same HOME is refused while one holds the share's lock"
else fail "the lock's refusal"; cat "$dir/locked"; fi
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
scrs="fengweidong zhaojiwei qiansheng"
# What each terminal keeps: its combined share, never a polynomial.
shares=$(cat "$dir"/homes/*/shares/*.json)
printf '%s' "$shares" | grep -q '"stage":"share"' && ! printf '%s' "$shares" | grep -q polynomial &&
	ok "each terminal keeps only its combined share (the dealer's secrets are overwritten)" ||
	fail "a share file still holds the dealer's polynomial"

# A scrutineer is lost after the ceremony: terminal stopped, share gone.
kill "$watch_zhaojiwei"
wait "$watch_zhaojiwei" 2>/dev/null
rm -f "$dir"/homes/zhaojiwei/shares/*.json
for who in $members; do as "$who" meeting check-in "$m" >/dev/null; done
# due: a meeting opens at most 30 minutes before its time
as_owner "UPDATE meeting SET starts_at = now() + interval '20 minutes' WHERE id = $m" >/dev/null
as lijianguo meeting open "$m" >/dev/null || fail "meeting open"
as lijianguo agenda open "$m" "$i1" >/dev/null
as wuguohua agenda present "$m" "$i1" '汇报。' >/dev/null
for who in $members; do
	case "$who" in lijianguo | wuguohua) continue ;; esac
	as "$who" agenda speak "$m" "$i1" 同意 '同意。' >/dev/null
done
as wuguohua agenda speak "$m" "$i1" 同意 '同意。' >/dev/null
as lijianguo agenda speak "$m" "$i1" 同意 '同意。' >/dev/null
as lijianguo agenda close "$m" "$i1" >/dev/null
as lijianguo vote open "$m" "$i1" >/dev/null || fail "vote open"
for who in chenzhiqiang wuguohua sunlixin lijianguo; do
	as "$who" vote cast "$m" "$i1" 同意 --yes >"$dir/cast.$who" 2>&1 ||
		{ fail "$who casts"; cat "$dir/cast.$who"; }
done
as fengweidong vote cast "$m" "$i1" 不同意 --yes >/dev/null 2>&1 || fail "fengweidong casts"
as lijianguo vote close "$m" "$i1" >/dev/null || fail "vote close"
yg_poll 90 status_has "$i1" 通过
as lijianguo vote status "$m" "$i1" >"$dir/status" 2>&1
grep -q '同意 4 票' "$dir/status" && grep -q '不同意 1 票' "$dir/status" &&
	ok "one scrutineer lost: the other two decrypt and the result is announced" ||
	{ fail "the result with a scrutineer lost"; cat "$dir/status"; tail -5 "$dir/watch.fengweidong"; }
[ "$(as_owner "SELECT string_agg(idx::text, ',' ORDER BY idx) FROM decryption WHERE meeting_id = $m")" = "0,2" ] &&
	ok "the decryptions are those of scrutineers 1 and 3 (a voting member and an auditor)" ||
	fail "who decrypted"

# Fewer than k: the second auditor lost too, the voting member among the
# scrutineers (k - 1 of them) cannot decrypt alone, so neither can voting
# members colluding; whoever presides voids the round, the lost scrutineers come back
# with new terminals (their member keys, no shares), a new ceremony makes
# a new key, and the item is voted again.
kill "$watch_qiansheng"
wait "$watch_qiansheng" 2>/dev/null
rm -f "$dir"/homes/qiansheng/shares/*.json
as lijianguo agenda open "$m" "$i2" >/dev/null
as wuguohua agenda present "$m" "$i2" '汇报。' >/dev/null
for who in $members; do
	case "$who" in lijianguo | wuguohua) continue ;; esac
	as "$who" agenda speak "$m" "$i2" 同意 '同意。' >/dev/null
done
as wuguohua agenda speak "$m" "$i2" 同意 '同意。' >/dev/null
as lijianguo agenda speak "$m" "$i2" 同意 '同意。' >/dev/null
as lijianguo agenda close "$m" "$i2" >/dev/null
as lijianguo vote open "$m" "$i2" >/dev/null || fail "vote open on item 2"
for who in chenzhiqiang wuguohua sunlixin lijianguo; do
	as "$who" vote cast "$m" "$i2" 同意 --yes >/dev/null 2>&1 || fail "$who casts on item 2"
done
as lijianguo vote close "$m" "$i2" >/dev/null || fail "vote close on item 2"
# The one scrutineer left decrypts its part; then nothing more comes.
decrypted() { [ "$(as_owner "SELECT count(*) FROM decryption WHERE meeting_id = $m AND item_id = $i2")" -ge 1 ]; }
yg_poll 90 decrypted
sleep 2
as lijianguo vote status "$m" "$i2" >"$dir/status2" 2>&1
[ "$(as_owner "SELECT count(*) FROM decryption WHERE meeting_id = $m AND item_id = $i2")" = 1 ] &&
	grep -q '等待' "$dir/status2" &&
	ok "the one voting member among the scrutineers (k - 1) cannot decrypt without an auditor: the round waits" ||
	{ fail "the round with one scrutineer left"; cat "$dir/status2"; }
as lijianguo vote void "$m" "$i2" 1 --reason '两位监票人的密钥丢失' >"$dir/void" 2>&1 &&
	ok "whoever presides voids the round, with the reason" || { fail "the void"; cat "$dir/void"; }
for who in zhaojiwei qiansheng; do
	watch "$who" "$dir/watch2.$who"
	eval "watch_$who=$!"
	pids="$pids $!"
done
yg_poll 90 has_key || { cat "$dir/watch2.zhaojiwei"; die "the new threshold key ceremony"; }
ok "a new threshold key ceremony makes a new key"
as lijianguo vote open "$m" "$i2" >"$dir/reopen" 2>&1 && grep -q '第 2 轮' "$dir/reopen" &&
	ok "the item is voted again, in round 2" || { fail "the re-vote"; cat "$dir/reopen"; }
for who in chenzhiqiang wuguohua sunlixin lijianguo fengweidong; do
	as "$who" vote cast "$m" "$i2" 同意 --yes >/dev/null 2>&1 || fail "$who casts again"
done
as lijianguo vote close "$m" "$i2" >/dev/null
yg_poll 90 status_has "$i2" '同意 5 票'
as lijianguo vote status "$m" "$i2" | grep -q '同意 5 票' && ok "the re-vote is decrypted and announced" ||
	{ fail "the re-vote's result"; as lijianguo vote status "$m" "$i2"; }

as lijianguo meeting close "$m" >/dev/null || fail "meeting close"

# The records: each ceremony whole and signed (its "threshold" member),
# the k decryptions; both verifiers pass them, the voided and re-voted
# item's too, and refuse the first with a commitment, a share proof or a
# partial decryption changed (and every tampering of check_records.sh).
mkdir -p "$dir/records"
as lijianguo record export "$m" --out "$dir/records" >"$dir/export" 2>&1 || { fail "record export"; cat "$dir/export"; }
rec="$dir/records/meeting-$m-item-$i1.json"
rec2="$dir/records/meeting-$m-item-$i2.json"
[ -s "$rec" ] || die "no election record"
key=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["server_key"])' "$rec")
"$YG" --lang en verify "$rec" --server-key "$key" >"$dir/verify" 2>&1 &&
	grep -q 'threshold key ceremony 2: 3 signed dealings and acceptances verify; any 2 of the 3' "$dir/verify" &&
	grep -q 'round 1: 2 scrutineers decrypted, 2 needed' "$dir/verify" &&
	ok "yg verify passes the record: the ceremony, and the decryptions of 2 of 3" ||
	{ fail "yg verify of the threshold record"; grep -e FAIL -e ceremony "$dir/verify"; }
python3 tests/vectors/verify_record.py --server-key "$key" "$rec" >"$dir/pyverify" 2>&1 &&
	grep -q 'threshold key ceremony 2: 3 signed dealings' "$dir/pyverify" &&
	ok "the Python verifier passes it too" || { fail "verify_record.py"; grep FAIL "$dir/pyverify"; }
"$YG" --lang en verify "$rec2" --server-key "$key" >"$dir/verify2" 2>&1 &&
	grep -q 'threshold key ceremony 3: 3 signed dealings' "$dir/verify2" &&
	python3 tests/vectors/verify_record.py --server-key "$key" "$rec2" >"$dir/pyverify2" 2>&1 &&
	ok "both verifiers pass the voided and re-voted item's record, under two threshold ceremonies" ||
	{ fail "the re-voted item's record"; grep -h FAIL "$dir/verify2" "$dir/pyverify2"; }
python3 - "$rec" "$dir" <<'PY'
import json, sys, copy
rec = json.load(open(sys.argv[1])); d = sys.argv[2]
def save(name, r): json.dump(r, open(f"{d}/{name}.json", "w"), ensure_ascii=False)
c = rec["ceremonies"][0]["threshold"]["scrutineers"]
r = copy.deepcopy(rec); e = r["ceremonies"][0]["threshold"]["scrutineers"][1]["dealing"]["commitments"]
e[1] = c[0]["dealing"]["commitments"][1]; save("commitment", r)
r = copy.deepcopy(rec); p = r["ceremonies"][0]["threshold"]["scrutineers"][2]["share_proof"]; p["z"] = p["c"]; save("shareproof", r)
r = copy.deepcopy(rec); x = r["rounds"][0]["decryptions"][1]["decryptions"][0]
x["d"] = r["rounds"][0]["decryptions"][0]["decryptions"][0]["d"]; save("partial", r)
r = copy.deepcopy(rec); del r["rounds"][0]["decryptions"][1]; save("onlyone", r)
r = copy.deepcopy(rec); r["ceremonies"][0]["threshold"]["k"] = 1; save("k", r)
r = copy.deepcopy(rec); del r["ceremonies"][0]["threshold"]; save("nothreshold", r)
PY
for t in commitment shareproof partial onlyone k nothreshold; do
	if "$YG" --lang en verify "$dir/$t.json" --server-key "$key" >"$dir/v.$t" 2>&1; then
		fail "yg verify accepts the record with the $t changed"
	elif python3 tests/vectors/verify_record.py --server-key "$key" "$dir/$t.json" >"$dir/p.$t" 2>&1; then
		fail "verify_record.py accepts the record with the $t changed"
	else
		ok "both verifiers refuse the record with the $t changed: $(grep -m1 '^FAIL: ' "$dir/v.$t" | cut -c7-)"
	fi
done
"$YG" verify "$dir/partial.json" --server-key "$key" >"$dir/v.zh" 2>&1
! grep -q 'scrutineer\|decrypt' "$dir/v.zh" &&
	ok "yg verify says it in Chinese too" || { fail "untranslated findings"; grep -e decrypt -e scrutineer "$dir/v.zh"; }
sh tests/vectors/check_records.sh "$YG" "$key" "$rec" >"$dir/check" 2>&1 &&
	ok "every tampering of check_records.sh is refused by both" || { fail "check_records.sh"; grep FAIL "$dir/check"; }
# The meeting's log, with the ceremony's entries (scrutineer.sealed,
# scrutineer.accepted), passes meeting-record verification but for the
# minutes, which this meeting (no clerk) never signs.
as lijianguo meeting record "$m" -o "$dir/meeting.json" >/dev/null 2>&1 || fail "meeting record"
"$YG" --lang en verify "$dir/meeting.json" >"$dir/mverify" 2>&1
grep -q 'scrutineer.accepted' "$dir/meeting.json" &&
	! grep '^FAIL' "$dir/mverify" | grep -qv 'the minutes are signed by nobody' &&
	ok "the meeting record's ceremony entries verify" ||
	{ fail "the meeting record"; grep FAIL "$dir/mverify"; }
# Shares do not outlive the meeting (BALLOT.md §7.6).
n=0
while ls "$dir"/homes/*/shares/*.json >/dev/null 2>&1 && [ $n -lt 100 ]; do
	n=$((n + 1))
	sleep 0.2
done
! ls "$dir"/homes/*/shares/*.json >/dev/null 2>&1 &&
	ok "no share file is left in any scrutineer's HOME after the meeting" || fail "share files left"

if [ $failed = 0 ]; then echo "# all passed"; fi
exit $failed
