#!/bin/sh
# Terminals that do not trust the server with the secret ballot (issue 17;
# BALLOT.md §7.4, §9.1), tried as an attacker holding only ygd's database
# role (yg_app, through psql):
#
# 1. the scrutineers' keys of a meeting substituted by two keys of the
#    attacker's own, each with a valid proof: every voter's terminal
#    refuses to encrypt (yg vote cast), saying why;
# 2. a round holding one member's ballot, closed through the app role:
#    neither scrutineer terminal (yg scrutineer watch, and yg scrutineer
#    decrypt, the function the full-screen 监票 tab runs) decrypts it,
#    and no decryption reaches the database;
# 3. a round of four ballots closed through the app role with one
#    member's ballot as its "sum": refused too, the terminals recount.
# Run by tests/run.sh BUILD.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
yg_suite scrutiny "${1:-}"
yg_server
yg_eight "$dir/homes"
yg_scrutineers_all "$dir/homes" wangming 2 || die "rules: two scrutineers, both needed"
item() { yg_item "$dir/homes" wuguohua "$1"; } # item TITLE: drafted, its materials, announced
i1=$(item 第一项议题)
i2=$(item 第二项议题)
i3=$(item 第三项议题)
yg_windows_past "$pg" "$db"
# meeting ITEM...: a meeting of the items, announced, every member present.
meeting() {
	# a day's notice (meeting_notice_hours)
	m=$(yg_meeting "$dir/homes" lijianguo 常委会 会议室 "$(date -d '+2 day' '+%Y-%m-%d 09:00')" "$@")
	as lijianguo scrutineer designate "$m" "$(id_of fengweidong)" "$(id_of linfang)" >/dev/null
	echo "$m"
}
open_meeting() {
	for who in $members; do as "$who" meeting check-in "$1" >/dev/null; done
	# due: a meeting opens at most 30 minutes before its time
	as_owner "UPDATE meeting SET starts_at = now() + interval '20 minutes' WHERE id = $1" >/dev/null
	as lijianguo meeting open "$1" >/dev/null
}
# discuss MEETING ITEM: presented, every member in turn, the chair last.
discuss() {
	as lijianguo agenda open "$1" "$2" >/dev/null
	as wuguohua agenda present "$1" "$2" '汇报。' >/dev/null
	for who in $members; do
		case "$who" in lijianguo | wuguohua) continue ;; esac
		as "$who" agenda speak "$1" "$2" 同意 '同意。' >/dev/null
	done
	as wuguohua agenda speak "$1" "$2" 同意 '同意。' >/dev/null
	as lijianguo agenda speak "$1" "$2" 同意 '同意。' >/dev/null
	as lijianguo agenda close "$1" "$2" >/dev/null
}
# caller LOGIN: the caller object ygd would pass for LOGIN (the attacker
# reads the small key ids as easily as it guesses them).
# SQL that makes up the request an entry by LOGIN needs (PROTOCOL.md §7a):
# their public key, a fresh nonce, a signature the attacker cannot make.
forged() {
	printf "SELECT set_config('yg.request', jsonb_build_object('committee', %s, 'key', '%s', 'nonce', substr(md5(random()::text), 1, 21) || 'A', 'at', replace(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), ' ', 'T') || 'Z')::text, false); " \
		"$committee" "$(pub "$1")"
}

caller() {
	id=$(id_of "$1")
	key=$(as_owner "SELECT id FROM member_key WHERE member_id = $id AND valid_until IS NULL")
	printf '{"kind":"member","id":%s,"key":%s,"committee":%s,"allowed":["member","chair","clerk","admin"]}' \
		"$id" "$key" "$committee"
}

# --- 1. substituted keys --------------------------------------------------
# has_key MEETING: the chair's terminal shows the meeting's election key.
has_key() { as lijianguo scrutineer list "$1" 2>/dev/null | grep -q '选举公钥： [A-Za-z0-9_-]\{44\}'; }
# passed MEETING ITEM: the chair's terminal shows the item passed.
passed() { as lijianguo vote status "$1" "$2" 2>/dev/null | grep -q '通过'; }
m1=$(meeting "$i1")
[ -n "$m1" ] || die "meeting 1"
as_app "$(python3 tests/scrutiny_attack.py "$committee" "$m1" \
	"$(caller fengweidong)" "$(id_of fengweidong)" "$(pub fengweidong)" \
	"$(caller linfang)" "$(id_of linfang)" "$(pub linfang)")" >"$dir/attack1.out" 2>&1 ||
	{ cat "$dir/attack1.out"; die "the key substitution through the app role"; }
as lijianguo scrutineer list "$m1" >"$dir/list1" 2>&1
grep -q '选举公钥： [A-Za-z0-9_-]\{44\}' "$dir/list1" && ok "the app role made an election key of the attacker's keys" ||
	fail "the attack did not set the election key"
open_meeting "$m1"
discuss "$m1" "$i1"
as lijianguo vote open "$m1" "$i1" >/dev/null || fail "vote open on meeting 1"
refused=0
for who in chenzhiqiang zhouhaitao sunlixin; do
	if as "$who" vote cast "$m1" "$i1" 同意 --yes >"$dir/cast.$who" 2>&1; then
		fail "$who's terminal encrypted to the attacker's key"
	elif grep -q '选举公钥未通过本机核验' "$dir/cast.$who" && grep -q '监票人 冯卫东' "$dir/cast.$who"; then
		refused=$((refused + 1))
	else
		fail "$who's refusal does not say why"
		sed 's/^/    /' "$dir/cast.$who"
	fi
done
[ $refused = 3 ] && ok "every voter's terminal refuses the substituted keys, naming the scrutineer"
as chenzhiqiang --lang en vote cast "$m1" "$i1" yes --yes >"$dir/cast.en" 2>&1
grep -q "the election key fails this terminal's check" "$dir/cast.en" &&
	ok "and says so in English with --lang en" || { fail "English refusal"; cat "$dir/cast.en"; }
[ "$(as_owner "SELECT count(*) FROM ballot WHERE meeting_id = $m1")" = 0 ] &&
	ok "no ballot was encrypted to the attacker's key" || fail "ballots were cast"
as lijianguo vote close "$m1" "$i1" >/dev/null
as lijianguo meeting close "$m1" >/dev/null || fail "meeting 1 closes"

# --- 2, 3. decryption oracles ----------------------------------------------
m2=$(meeting "$i2")
for who in fengweidong linfang; do
	as "$who" scrutineer watch "$m2" >"$dir/watch.$who" 2>&1 &
	pids="$pids $!"
done
yg_poll 60 has_key "$m2" || die "the key ceremony of meeting 2"
ok "the scrutineers' terminals publish signed keys"
open_meeting "$m2"
discuss "$m2" "$i2"
as lijianguo vote open "$m2" "$i2" >/dev/null || fail "vote open on item 2"
as chenzhiqiang vote cast "$m2" "$i2" 不同意 --yes >"$dir/cast2" 2>&1 ||
	{ fail "a member's own terminal accepts the genuine keys"; cat "$dir/cast2"; }
# The attacker closes the round through the app role, as the chair.
facts=$(as_app "SELECT api.vote_close_facts('$(caller lijianguo)'::jsonb, jsonb_build_object('meeting', $m2, 'item', $i2))")
agg=$(printf '%s' "$facts" | python3 -c '
import json, sys
f = json.load(sys.stdin); b = f["ballots"][0]
print(json.dumps({"ballots": 1, "sum": [{"a": s["a"], "b": s["b"]} for s in b["selections"]]}))')
as_app "$(forged lijianguo) SELECT api.vote_close_store('$(caller lijianguo)'::jsonb, jsonb_build_object('meeting', $m2, 'item', $i2, 'round', 1, 'aggregate', '$agg'::jsonb))" >/dev/null ||
	fail "the attacker's close"
# Wait until both watching terminals have judged the round.
n=0
until { grep -q '不解密议题 '"$i2"' 第 1 轮' "$dir/watch.fengweidong" &&
	grep -q '不解密议题 '"$i2"' 第 1 轮' "$dir/watch.linfang"; } || [ $n -ge 300 ]; do
	n=$((n + 1))
	sleep 0.2
done
as fengweidong scrutineer decrypt "$m2" >"$dir/decrypt2" 2>&1
[ "$(as_owner "SELECT count(*) FROM decryption WHERE meeting_id = $m2")" = 0 ] &&
	ok "the one-ballot round is not decrypted by either terminal" ||
	fail "a scrutineer decrypted the one-ballot round"
grep -q '不解密议题 '"$i2"' 第 1 轮：选票太少' "$dir/watch.fengweidong" &&
	grep -q '不解密议题 '"$i2"' 第 1 轮：选票太少' "$dir/watch.linfang" &&
	ok "each watching terminal says why (too few ballots)" ||
	{ fail "the watching terminals do not say why"; cat "$dir/watch.fengweidong"; }
grep -q '选票太少' "$dir/decrypt2" && ok "yg scrutineer decrypt (the 监票 tab's work) refuses too" ||
	{ fail "yg scrutineer decrypt"; cat "$dir/decrypt2"; }

# The way out (VOTE.md §5.1): only whoever presides voids the round, with
# a reason; the scrutineers' terminals make new keys by themselves, and
# the item is voted again in the same meeting.
as chenzhiqiang vote void "$m2" "$i2" 1 --reason 选票不足 >"$dir/void.refused" 2>&1 &&
	fail "a member who does not preside voided a round" ||
	ok "a member who does not preside cannot void the round"
if as lijianguo vote void "$m2" "$i2" 1 --reason '仅一张选票，监票人不予解密' >"$dir/void" 2>&1; then
	ok "the presiding chair voids the round, with the reason"
else
	fail "the void"
	cat "$dir/void"
fi
as lijianguo vote status "$m2" "$i2" | grep -q '已作废' && ok "the round shows as void" ||
	fail "vote status of the voided round"
[ "$(as_owner "SELECT count(*) FROM meeting_log WHERE meeting_id = $m2
	AND body::jsonb->>'event' = 'vote.voided' AND body::jsonb->'data'->>'reason' IS NOT NULL")" = 1 ] &&
	ok "the void is a logged act with its reason" || fail "the void's log entry"
yg_poll 60 has_key "$m2" || die "the new key ceremony of meeting 2"
ok "the scrutineers' terminals make new keys by themselves"
as lijianguo vote open "$m2" "$i2" >"$dir/reopen" 2>&1 && grep -q '第 2 轮' "$dir/reopen" &&
	ok "the item is voted again, in round 2" || { fail "the re-vote"; cat "$dir/reopen"; }
for who in chenzhiqiang wuguohua zhouhaitao sunlixin; do
	as "$who" vote cast "$m2" "$i2" 同意 --yes >/dev/null 2>&1 || fail "$who casts again"
done
as lijianguo vote close "$m2" "$i2" >/dev/null
yg_poll 60 passed "$m2" "$i2"
as lijianguo vote status "$m2" "$i2" | grep -q '同意 4 票' && ok "the re-vote is decrypted and announced" ||
	{ fail "the re-vote's result"; as lijianguo vote status "$m2" "$i2"; tail -5 "$dir/watch.linfang"; }
grep -q '会议已另起密钥生成，旧密钥不再使用：本机的监票密钥份额已覆盖并删除' "$dir/watch.linfang" &&
	ok "the old ceremony's share is destroyed" || fail "the old share"

# The election record of the item voted again (VOTE.md §8): round 1 is in
# it as voided, with the chair's signed void act, round 2 under the new key
# ceremony; yg verify and the independent Python verifier both pass it (it
# used to start at round 2 and fail check 6), and both refuse it with the
# void act removed, its signature altered or made another member's.
as lijianguo record export "$m2" --item "$i2" --out "$dir" >/dev/null 2>&1
rec2="$dir/meeting-$m2-item-$i2.json"
key2=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["server_key"])' "$rec2")
if "$YG" --lang en verify "$rec2" --server-key "$key2" >"$dir/verify2" 2>&1 &&
	grep -q "^ok: round 1 was voided by member $(id_of lijianguo), presiding, in a signed act" "$dir/verify2" &&
	grep -q '^ok: round 2 asks again the question of voided round 1' "$dir/verify2"; then
	ok "the record of a round voided and voted again verifies, the void act in it"
else
	fail "yg verify of the record after a void"
	grep FAIL "$dir/verify2"
fi
python3 tests/vectors/verify_record.py --server-key "$key2" "$rec2" >"$dir/pyverify2" 2>&1 &&
	ok "the Python verifier passes it too" || { fail "verify_record.py after a void"; grep FAIL "$dir/pyverify2"; }
python3 tests/vectors/tamper_record.py "$rec2" "$dir/tampered2" >/dev/null
for t in void-act-removed void-signature void-other-actor voided-round-dropped scrutineer-signature; do
	if "$YG" --lang en verify "$dir/tampered2/$t.json" --server-key "$key2" >/dev/null 2>&1 ||
		python3 tests/vectors/verify_record.py --server-key "$key2" --each-fails \
			"$dir/tampered2/$t.json" | grep -q 'NOT REFUSED'; then
		fail "a record with $t is not refused by both verifiers"
	else
		ok "a record with $t is refused by both verifiers"
	fi
done

# A share file of a meeting that is over (meeting 1 closed) is refused
# and removed when a scrutineer's terminal next starts.
old="$dir/homes/linfang/shares/$(printf '%s' "$server" | tr ':/' '__')-c$committee-m$m1-s1.json"
printf '{"committee":%s,"meeting":%s,"index":1}\n' "$committee" "$m1" >"$old"
chmod 600 "$old"
as linfang scrutineer decrypt "$m2" >"$dir/sweep" 2>&1
[ ! -e "$old" ] && grep -q '份额所属的会议已结束：本机的监票密钥份额已覆盖并删除' "$dir/sweep" &&
	ok "a share older than its meeting is removed at the next start, and said" ||
	{ fail "the old share"; cat "$dir/sweep"; }

# A round of four ballots whose "sum" the attacker sets to one member's
# ballot: the terminals add the ballots up themselves and refuse.
m3=$(meeting "$i3")
for who in fengweidong linfang; do
	as "$who" scrutineer watch "$m3" >"$dir/watch3.$who" 2>&1 &
	pids="$pids $!"
done
yg_poll 60 has_key "$m3" || die "the key ceremony of meeting 3"
open_meeting "$m3"
discuss "$m3" "$i3"
as lijianguo vote open "$m3" "$i3" >/dev/null || fail "vote open on item 3"
for who in chenzhiqiang wuguohua zhouhaitao sunlixin; do
	as "$who" vote cast "$m3" "$i3" 同意 --yes >/dev/null 2>&1 || fail "$who casts on item 3"
done
facts=$(as_app "SELECT api.vote_close_facts('$(caller lijianguo)'::jsonb, jsonb_build_object('meeting', $m3, 'item', $i3))")
agg=$(printf '%s' "$facts" | python3 -c '
import json, sys
f = json.load(sys.stdin); b = f["ballots"][2]
print(json.dumps({"ballots": 4, "sum": [{"a": s["a"], "b": s["b"]} for s in b["selections"]]}))')
as_app "$(forged lijianguo) SELECT api.vote_close_store('$(caller lijianguo)'::jsonb, jsonb_build_object('meeting', $m3, 'item', $i3, 'round', 1, 'aggregate', '$agg'::jsonb))" >/dev/null ||
	fail "the attacker's close of item 3"
n=0
# Both terminals must have judged the round; under a sanitizer on a loaded
# machine that takes more than a few seconds.
until { grep -q '不解密议题 '"$i3"' 第 1 轮' "$dir/watch3.linfang" &&
	grep -q '不解密议题 '"$i3"' 第 1 轮' "$dir/watch3.fengweidong"; } || [ $n -ge 300 ]; do
	n=$((n + 1))
	sleep 0.2
done
[ "$(as_owner "SELECT count(*) FROM decryption WHERE meeting_id = $m3")" = 0 ] &&
	grep -q '服务器给出的计票总和与选票之和不符' "$dir/watch3.fengweidong" &&
	grep -q '服务器给出的计票总和与选票之和不符' "$dir/watch3.linfang" &&
	ok "a forged sum of one ballot among four is refused: the terminals recount" ||
	{ fail "the forged sum"; cat "$dir/watch3.fengweidong"; }

# The minutes list the voided round, with who voided it and why, before
# the round that decided (VOTE.md §9).
as lijianguo meeting close "$m2" >/dev/null 2>&1 || fail "meeting 2 closes"
as lijianguo --lang en minutes show "$m2" >"$dir/minutes2" 2>&1
grep -q 'round 1, secret ballot, voided (1 ballots never decrypted)' "$dir/minutes2" &&
	grep -q '李建国: 仅一张选票，监票人不予解密' "$dir/minutes2" &&
	grep -q 'round 2, secret ballot, ' "$dir/minutes2" &&
	ok "the minutes list the voided round, who voided it and why, then the re-vote" ||
	{ fail "the minutes of the void"; cat "$dir/minutes2"; }

# The meeting record's check (yg verify of yg meeting record) knows who may
# act as what: a DBA who appends to the log a void of that round by a
# member who does not preside, with a request that member really signed
# (their own key, as an insider would), gets past every signature, and is
# refused because its actor did not preside. The real void passes it.
as lijianguo meeting record "$m2" -o "$dir/mrec2.json" >/dev/null 2>&1
"$YG" --lang en verify "$dir/mrec2.json" --server-key "$key2" >"$dir/mverify2" 2>&1
if grep -q 'vote.voided' "$dir/mverify2"; then
	fail "the chair's void fails the meeting record's check"
	grep vote.voided "$dir/mverify2"
else
	ok "the chair's void passes the meeting record's check of who acted"
fi
insider=$(python3 - "$dir/homes/chenzhiqiang/key.pem" "$committee" "$m2" "$i2" <<'PY'
import base64, datetime, json, os, sys
from cryptography.hazmat.primitives import serialization
key = serialization.load_pem_private_key(open(sys.argv[1], 'rb').read(), None)
pub = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b'=').decode()
now = datetime.datetime.now(datetime.timezone.utc)
r = {'op': 'vote.void', 'args': {'meeting': int(sys.argv[3]), 'item': int(sys.argv[4]), 'round': 1,
     'reason': '冒名作废'}, 'committee': int(sys.argv[2]), 'key': 'ed25519:' + b64(pub),
     'nonce': b64(os.urandom(16)), 'at': now.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (now.microsecond // 1000),
     'head': None}
msg = b'yangguang/v1/request\0' + json.dumps(r, sort_keys=True, separators=(',', ':'), ensure_ascii=False).encode()
r['signature'] = b64(key.sign(msg))
print(json.dumps(r, ensure_ascii=False))
PY
)
as_owner "SELECT set_config('yg.request', '$insider', false);
	SELECT yg_log_append($m2, 'member:$(id_of chenzhiqiang)', 'vote.voided', jsonb_build_object('item', $i2,
		'round', 1, 'reason', '冒名作废', 'ballots', 1, 'awaiting', '[]'::jsonb, 'ceremony', 3))" \
	>"$dir/insider.out" 2>&1 || { fail "the DBA's insert"; cat "$dir/insider.out"; }
as lijianguo meeting record "$m2" -o "$dir/mrec2b.json" >/dev/null 2>&1
"$YG" --lang en verify "$dir/mrec2b.json" --server-key "$key2" >"$dir/mverify2b" 2>&1
grep -q "^FAIL: meeting log entry [0-9]* (vote.voided by member:$(id_of chenzhiqiang)): it voids a round, but its actor did not preside" \
	"$dir/mverify2b" && ok "an insider's void slipped into the log fails the check: its actor did not preside" ||
	{ fail "the insider's void"; grep FAIL "$dir/mverify2b"; }
# The independent Python verifier of meeting records (verify_meeting.py)
# finds exactly the entries yg verify finds, in both records.
for r in mrec2 mrec2b; do
	python3 tests/vectors/verify_meeting.py --server-key "$key2" "$dir/$r.json" |
		grep '^FAIL: meeting log entry' >"$dir/$r.py"
	"$YG" --lang en verify "$dir/$r.json" --server-key "$key2" | grep '^FAIL: meeting log entry' >"$dir/$r.yg"
	if [ -s "$dir/$r.yg" ] && cmp -s "$dir/$r.py" "$dir/$r.yg"; then
		ok "verify_meeting.py fails the same entries as yg verify ($(wc -l <"$dir/$r.yg") in $r)"
	else
		fail "verify_meeting.py and yg verify disagree on $r"
		diff "$dir/$r.py" "$dir/$r.yg"
	fi
done

if [ $failed = 0 ]; then echo "# all passed"; fi
exit $failed
