#!/bin/sh
# The vote through the real yg client: scripts/demo.sh (the `make demo`
# meeting: three items, two scrutineer terminals running `yg scrutineer
# watch`, every ballot cast with `yg vote cast`) in a private PostgreSQL
# and directory of its own; then `yg verify` must pass every election record
# and the voter's receipt, and fail a record with a count changed, a ballot
# removed, a ballot added twice, or a byte of a ballot changed, and an
# unknown receipt. Run by tests/run.sh BUILD.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
yg_suite vote-cli "${1:-}"

# In the demo, the answer to 陈志强's ballot on item 1 (同意) is lost; his
# retry says 弃权, and yg sends the kept ballot again (checked below). The
# same run of it is tests/visibility.sh's (yg_demo_vote: tests/run.sh runs
# it once a build for both).
check "the demo meeting runs to the end" yg_demo_vote "$pg" "$dir/demo" "$dir/demo.out"
[ "$failed" = 0 ] || tail -n 30 "$dir/demo.out" | sed 's/^/    /'
# Shares do not outlive the meeting (BALLOT.md §7.6): each watching
# terminal destroyed its own when the meeting closed, and said so.
check "no share file is left in any scrutineer's HOME after the meeting" \
	sh -c "! ls '$dir'/demo/homes/*/shares/* 2>/dev/null | grep -q ."
check "each scrutineer's terminal says it destroyed its share" \
	sh -c "grep -q '会议已结束：本机的监票密钥份额已覆盖并删除' '$dir/demo/fengweidong.watch.log' &&
		grep -q '会议已结束：本机的监票密钥份额已覆盖并删除' '$dir/demo/linfang.watch.log'"
check "three election records verify" test "$(grep -c '选举记录完整' "$dir/demo.out")" -eq 4
check "the competitive vote elected two" test "$(grep -c '当选            ' "$dir/demo.out")" -ge 2
check "the voter's receipt is found" grep -q '的选票在记录中' "$dir/demo.out"
check "the minutes name the vote and counts" grep -q '无记名投票' "$dir/demo.out"
check "terminals followed the progress" grep -q '议题 3 已投 10/10' "$dir/demo.out"
check "terminals heard the result" grep -q '议题 3 第 1 轮表决结果：王志远' "$dir/demo.out"
yg="$build/yg"
rec=$(ls "$dir"/demo/records/meeting-*-item-1.json)
# The trust anchor: the demo's tally key, from its own key file (the
# terminals learned the same from the server; see "the demo pinned" below).
key=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["server_key"])' "$rec")
check "the demo pinned the key the server publishes" grep -q -- "--server-key $key" "$dir/demo.out"
verify() { "$yg" verify "$@" --server-key "$key"; }
check "yg verify passes the record (English)" "$yg" --lang en verify "$rec" --server-key "$key"
grep -q 'The election record is complete' "$dir/out" || { echo "FAIL - English summary"; failed=1; }

python3 - "$rec" "$dir" <<'PY'
import json, sys, copy
rec = json.load(open(sys.argv[1])); d = sys.argv[2]
def save(name, r): json.dump(r, open(f"{d}/{name}.json", "w"), ensure_ascii=False)
r = copy.deepcopy(rec); r["rounds"][0]["counts"][0] += 1; save("count", r)
r = copy.deepcopy(rec); del r["rounds"][0]["ballots"][0]; save("removed", r)
r = copy.deepcopy(rec); r["rounds"][0]["ballots"].append(r["rounds"][0]["ballots"][0]); save("added", r)
r = copy.deepcopy(rec); b = r["rounds"][0]["ballots"][1]["ballot"]["selections"][0]
b["a"] = b["a"][:10] + ("A" if b["a"][10] != "A" else "B") + b["a"][11:]; save("byte", r)
PY
refuse "a changed count fails" verify "$dir/count.json"
refuse "a removed ballot fails" verify "$dir/removed.json"
refuse "a ballot added twice fails" verify "$dir/added.json"
refuse "a changed byte of a ballot fails" verify "$dir/byte.json"
# One record, one reading: what other JSON readers could read otherwise.
python3 - "$rec" "$dir" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read(); d = sys.argv[2]
r = json.loads(text)
def put(name, s): open(f"{d}/{name}.json", "w", encoding="utf-8").write(s)
# "rounds" again, last: yg reads the first copy, other readers the second
put("duplast", text.rstrip()[:-1] + ', "rounds": []}')
put("dupfirst", '{"rounds": [], ' + text.lstrip()[1:])
# a count given twice inside a round
rr = text.replace('"counts":', '"counts": [0, 0, 0], "counts":', 1)
put("dupnested", rr)
put("bom", "\ufeff" + text)
put("trailing", text + " {}")
s = json.dumps(r, ensure_ascii=False)
put("float", s.replace('"round": 1', '"round": 1.0', 1))
put("exponent", s.replace('"round": 1', '"round": 1e0', 1))
PY
refuse "a member given twice (last) fails" verify "$dir/duplast.json"
refuse "a member given twice (first) fails" verify "$dir/dupfirst.json"
refuse "a count given twice in a round fails" verify "$dir/dupnested.json"
refuse "a byte-order mark fails" verify "$dir/bom.json"
refuse "something after the record fails" verify "$dir/trailing.json"
refuse "a number written 1.0 fails" verify "$dir/float.json"
refuse "a number written 1e0 fails" verify "$dir/exponent.json"
check "the failure names the member given twice" sh -c \
	"'$yg' --lang en verify '$dir/dupnested.json' --server-key $key | grep -q 'rounds\\[0\\] has the member \"counts\" twice'"
refuse "an unknown receipt is not found" verify "$rec" --receipt \
	AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
refuse "a pinned key other than the server's fails" "$yg" verify "$rec" --server-key \
	ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
check "the record passes with the server's key pinned" "$yg" verify "$rec" --server-key \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["server_key"])' "$rec")"
# The independent Python verifier (tests/vectors/verify_record.py) passes
# every record the demo wrote, pinned to the key the demo learned from the
# server; each tampered copy is refused by it and by yg verify, each naming
# what failed; unpinned verification is refused in one line.
check "the Python verifier and yg verify agree on the demo's records and tampered copies" \
	sh tests/vectors/check_records.sh "$yg" "$key" "$dir"/demo/records/meeting-*-item-*.json
grep -e '^ok - ' -e '^FAIL' "$dir/out" | sed 's/^/    /'
# The anchor as a JWKS file, as the portal serves it: the key that signed
# passes, a JWKS without it fails, and a URL is refused (yg fetches none).
python3 - "$key" "$dir" <<'PY'
import json, sys
k, d = sys.argv[1][8:], sys.argv[2]
other = {"kty": "OKP", "crv": "Ed25519", "x": "A" * 43, "kid": "ed25519:" + "A" * 43}
json.dump({"keys": [other, {"kty": "OKP", "crv": "Ed25519", "x": k, "kid": sys.argv[1]}]},
          open(f"{d}/jwks.json", "w"))
json.dump({"keys": [other]}, open(f"{d}/jwks-other.json", "w"))
PY
check "the record passes pinned to a JWKS file holding the key" "$yg" verify "$rec" \
	--server-key "$dir/jwks.json"
refuse "a JWKS file without the key fails" "$yg" verify "$rec" --server-key "$dir/jwks-other.json"
refuse "a URL is no anchor (yg fetches none)" "$yg" verify "$rec" \
	--server-key http://127.0.0.1:1/.well-known/jwks.json
check "yg verify without a pinned key says so in one line" sh -c \
	"! '$yg' --lang en verify '$rec' >'$dir/unpinned' && grep -q '^FAIL: no server key pinned' '$dir/unpinned'"
# The lost answer: the retry sent the same ballot, the server's "already
# voted" named its receipt, the voter holds exactly the receipt stored, and
# the count is the first choice's.
demo="$dir/demo"
check "the first try lost its answer and said how to resend" \
	grep -q '再次运行 yg vote cast 会重发同一张选票' "$demo/chenzhiqiang.lost.1"
check "the retry said the kept ballot is sent again" \
	grep -q '现重发这同一张选票' "$demo/chenzhiqiang.receipt.1"
check "the retry was told the server holds that very ballot" \
	grep -q '服务器已存有这张选票，与本机保存的一致' "$demo/chenzhiqiang.receipt.1"
check "one ballot of his stored, its receipt the one he holds, the count his first choice's" \
	python3 - "$demo" <<'PY'
import glob, json, os, re, stat, sys
d = sys.argv[1]
me = int(open(f"{d}/homes/chenzhiqiang.id").read())
kept = glob.glob(f"{d}/homes/chenzhiqiang/ballots/*-i1-r1-v{me}.json")
assert len(kept) == 1, kept
assert stat.S_IMODE(os.stat(kept[0]).st_mode) == 0o600, oct(os.stat(kept[0]).st_mode)
k = json.load(open(kept[0]))
shown = re.findall(r"[A-Za-z0-9_-]{43}", open(f"{d}/chenzhiqiang.receipt.1").read())
assert shown and set(shown) == {k["receipt"]}, (shown, k["receipt"])
rec = json.load(open(glob.glob(f"{d}/records/meeting-*-item-1.json")[0]))
mine = [b for b in rec["rounds"][0]["ballots"] if b["voter"] == me]
assert len(mine) == 1 and mine[0]["receipt"] == k["receipt"], mine
assert mine[0]["signature"] == k["cast"]["signature"]
assert len(rec["rounds"][0]["ballots"]) == 10
assert rec["rounds"][0]["counts"][:3] == [8, 1, 1], rec["rounds"][0]["counts"]
PY
check "yg verify finds the receipt he holds" verify "$rec" --receipt \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["receipt"])' \
		"$(ls "$demo"/homes/chenzhiqiang/ballots/*-i1-r1-*.json)")"

# Terminal safety: text a compromised server (or a database written
# behind ygd's back) sends with ESC[2J, an OSC retitling the window, a C1
# CSI and a right-to-left override never reaches the terminal as such.
db=yangguang_demo
evil="E'\\x1b[2J\\x1b]0;pwned\\x07\\u009b31m\\u202e夺权\\x7f'"
scripts/pg.sh psql "$pg" "$db" -q -c "SET session_replication_role = replica;
	INSERT INTO comment (item_id, item_version, stance, body)
		SELECT 4, max(version), 'object', 'comment ' || $evil FROM item_version WHERE item_id = 4;
	UPDATE item_version SET title = 'title ' || $evil WHERE item_id = 4;
	UPDATE member SET display_name = 'name ' || $evil WHERE id = $(cat "$demo/homes/huanglei.id")" \
	>"$dir/out" 2>&1 || { echo "FAIL - cannot write the hostile text"; cat "$dir/out"; failed=1; }
. tests/lib.sh
yg_ygd_start "$dir/ygd2.log" "$dir/port" "$dir/http-port" \
	--db "$(scripts/pg.sh conninfo "$pg" "$db" ygd)" --listen 127.0.0.1:0 \
	--http-listen 127.0.0.1:0 \
	--cert var/tls/server.crt --key var/tls/server.key --sign-key "$demo/sign.key" ||
	{ echo "FAIL - ygd did not start"; failed=1; }
ygd2=$ygd_pid
fp=$(yg_fingerprint var/tls/server.crt)
as() { # as NAME yg-arguments...: yg on NAME's terminal, all its output kept
	who=$1
	shift
	"$yg" --server "127.0.0.1:$(cat "$dir/port")" --fingerprint "$fp" \
		--home "$demo/homes/$who" --committee 1 "$@" >>"$dir/shown" 2>&1
}
: >"$dir/shown"
check "yg comment list shows the comment" as wuguohua comment list 4
check "yg item show shows the item" as wuguohua item show 4
check "yg item list lists it" as wuguohua item list
check "yg member list lists the member" as wuguohua member list
as wuguohua --lang en comment list 99999 # an error message
check "the texts are there, cleaned" grep -q 'comment �\[2J�\]0;pwned��31m�夺权�' "$dir/shown"
check "the title and the name too" sh -c "grep -q 'title �\[2J' '$dir/shown' &&
	grep -q 'name �\[2J' '$dir/shown'"
check "no ESC, BEL, DEL, C1 CSI or RLO reached the terminal" python3 - "$dir/shown" <<'PY'
import sys
b = open(sys.argv[1], "rb").read()
for bad in (b"\x1b", b"\x07", b"\x7f", b"\xc2\x9b", b"\xe2\x80\xae"):
    assert bad not in b, bad
t = b.decode("utf-8")  # all of it UTF-8: no lone C1 byte either
assert not [c for c in t if (ord(c) < 32 and c != "\n") or 0x7f <= ord(c) <= 0x9f
            or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069]
assert t.count("\ufffd") >= 12, t.count("\ufffd")
PY
kill "$ygd2" 2>/dev/null
wait "$ygd2" 2>/dev/null

if grep -q 'ERROR: [A-Za-z]*Sanitizer\|runtime error:' "$dir/demo.out" "$dir"/demo/*.log \
	"$dir/shown" 2>/dev/null; then
	echo "FAIL - a sanitizer report from yg or ygd"
	failed=1
fi
exit $failed
