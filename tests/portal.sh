#!/bin/sh
# The public portal (阳光公开页面) of a real ygd after a real meeting:
# scripts/demo.sh runs the `make demo` meeting (three decisions: one
# published in full, one in summary with 任前公示, one withheld; an invited
# observer; an item still open for comment) in a PostgreSQL of its own;
# then a ygd with the portal is started on that database, items with hostile
# titles and a closed window are added through yg, and
#   - tests/browser/portal.mjs drives the pages in Debian's headless Chromium
#     (list, decisions against their records, a comment, screenshots);
#   - tests/portal_http.py checks every bad input, the caching and security
#     headers, the JWKS, the feed and the API, and walks every page checking
#     that nothing unpublished is reachable;
#   - ygd is restarted with small limits to check the rate limits.
# Run by tests/run.sh BUILD. Screenshots are left in $YG_PORTAL_SHOTS when set.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
yg_suite portal "${1:-}"
demo="$dir/demo"
stop_ygd() { yg_ygd_stop; }
suite() { # suite NAME COMMAND...: a command printing its own checks
	name=$1
	shift
	if "$@"; then echo "ok - $name"; else
		echo "FAIL - $name"
		failed=1
	fi
}
check() { # check NAME COMMAND...: the command must succeed; its output in $dir/last
	name=$1
	shift
	if "$@" >"$dir/out" 2>&1; then
		echo "ok - $name"
		cp "$dir/out" "$dir/last"
	else
		echo "FAIL - $name"
		sed 's/^/    /' "$dir/out" | tail -n 30
		failed=1
	fi
}
bail() {
	echo "FAIL - $1"
	[ -f "$dir/ygd.log" ] && tail -n 20 "$dir/ygd.log" | sed 's/^/    /'
	exit 1
}

# The meeting is set-up here (yg_demo: made by YG_SETUP_BUILD, the plain
# build, when tests/run.sh names one, and then once for every suite that
# needs it; tests/vote_cli.sh runs this same demo under the sanitizers);
# what follows runs with $build.
yg_demo "$pg" "$demo" "$dir/demo.out" ||
	{ tail -n 30 "$dir/demo.out"; bail "the demo meeting did not run to the end"; }
echo "ok - the demo meeting ran and published"
db=$(scripts/pg.sh conninfo "$pg" yangguang_demo ygd)
fp=$(yg_fingerprint var/tls/server.crt)

# start_ygd [ygd options]: a ygd with the portal on the demo's database.
start_ygd() {
	hp="$dir/http-port"
	rm -f "$hp"
	if [ -n "${no_http:-}" ]; then # told where, the portal must write nothing
		set -- --http-port-file "$hp" "$@"
		hp=""
	fi
	yg_ygd_start "$dir/ygd.log" "$dir/port" "$hp" --db "$db" --listen 127.0.0.1:0 \
		--http-listen 127.0.0.1:0 \
		--cert var/tls/server.crt --key var/tls/server.key --sign-key "$demo/sign.key" \
		"$@" || bail "ygd did not start"
	[ -n "${no_http:-}" ] || base="http://127.0.0.1:$(cat "$dir/http-port")"
}
as() { # as NAME yg-arguments...: yg on NAME's terminal from the demo
	who=$1
	shift
	"$build/yg" --server "$server" --fingerprint "$fp" --home "$demo/homes/$who" \
		--committee 1 "$@"
}
num_after() { yg_num_after "$@"; }
psql_demo() { scripts/pg.sh psql "$pg" yangguang_demo -q -At -c "$1"; }

start_ygd --http-post-rate 1000 --comment-rate 1000
evil='<script>alert("题")</script> & '"'"'引号'"'"' </title><img src=x onerror=alert(1)>'
out=$(as wuguohua item create --title "$evil" --category decision --power 1 --public \
	--summary "摘要<script>document.write('x')</script>&amp; \"双引号\"") ||
	bail "the hostile item was not created: $out"
evil_id=$(num_after "$out" "已起草议题")
printf '机密材料内容：尚未公开的测算底数 7731\n' >"$dir/secret.txt"
as wuguohua material add "$evil_id" --kind research "$dir/secret.txt" >/dev/null ||
	bail "the material was not added"
as wuguohua item announce "$evil_id" >/dev/null || bail "the hostile item was not announced"
out=$(as wuguohua item create --title 征求意见已截止的议题 --category decision --power 1 --public) ||
	bail "the closed item was not created"
closed_id=$(num_after "$out" "已起草议题")
as wuguohua item announce "$closed_id" >/dev/null || bail "the closed item was not announced"
psql_demo "SET session_replication_role = replica;
	UPDATE item_version SET announced_at = now() - interval '8 days',
		window_ends_at = now() - interval '1 minute'
	WHERE item_id = $closed_id" >/dev/null || bail "could not close the window"
open_id=$(psql_demo "SELECT max(item_id) FROM item_version WHERE title = '县城区公共停车场建设项目'")

mkdir -p "$dir/shots"
shots=${YG_PORTAL_SHOTS:-$dir/shots}
mkdir -p "$shots"
yg_npm_ci tests/browser node_modules/playwright-core/package.json >"$dir/npm.log" 2>&1 ||
	{ cat "$dir/npm.log"; bail "npm could not install tests/browser/package-lock.json"; }
suite "the portal in headless Chromium" node tests/browser/portal.mjs "$base" "$shots"

# What the walk must never find: the withheld decision, the observer, the
# materials, the discussion, the comments' texts, the summary decision's
# tally and record.
rec3="$demo/records/meeting-1-item-3.json"
rec2="$demo/records/meeting-1-item-2.json"
python3 - "$rec2" "$rec3" >"$dir/secrets" <<'PY'
import json, sys
for path in sys.argv[1:]:
    rec = json.load(open(path))
    for rnd in rec["rounds"]:
        print(rnd["tally"])
        for b in rnd["ballots"]:
            print(b["receipt"])
PY
cat >>"$dir/secrets" <<EOF
老旧小区改造专项资金使用计划
涉及尚未公开的招标底价
钱文彬
城关镇人大代表团
npc_deputy
尚未公开的测算底数
调研报告
合法性审查意见
同意，建议抓好落实。
汇报：方案经过调研
赴省委党校学习
配偶在项目承接单位任职
增加停车位
EOF
suite "HTTP: bad input, headers, JWKS, feed, API, and a walk for anything unpublished" \
	python3 tests/portal_http.py "$base" --secrets "$dir/secrets" --withheld 2 \
	--summary 3 --full 1 --open "$open_id" --closed "$closed_id" --evil "$evil_id" \
	--evil-title "$evil"
check "the terminals' protocol still answers (yg ping over TLS)" as lijianguo ping
plain=$(printf 'yg-comment-source:127.0.0.1' | sha256sum | cut -d' ' -f1)
check "comments keep neither the address nor a hash anyone can recompute" test \
	"$(psql_demo "SELECT count(*) FROM comment WHERE observer_id IS NULL AND (source LIKE '%127.0.0.1%'
		OR source = '$plain' OR length(source) <> 64)")" = 0
check "while counting comments from one address together" test \
	"$(psql_demo "SELECT count(DISTINCT source) FROM comment WHERE observer_id IS NULL
		AND created_at > now() - interval '10 minutes'")" = 1
# 300 slow clients from one address try to hold the portal's connections
# with half a request each: 64 are held (http-max-per-address), the others
# are answered 503 at once; the loop still serves the terminals and the
# portal's visitors from other addresses (127.0.0.2 here).
python3 - "$base" >"$dir/slow.log" 2>&1 <<'PY' &
import select, socket, sys, time, urllib.parse
u = urllib.parse.urlsplit(sys.argv[1])
held = []
for _ in range(300):
    s = socket.create_connection((u.hostname, u.port))
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    held.append(s)
# The 503s come as fast as the loop turns: on a loaded machine, slowly.
# Count them until every connection past 64 has its answer, or 30 s pass.
refused = 0
waiting = list(held)
deadline = time.monotonic() + 30
while len(held) - refused > 64 and time.monotonic() < deadline:
    for s in select.select(waiting, [], [], 0.5)[0]:
        waiting.remove(s)
        if s.recv(64).startswith(b"HTTP/1.1 503"):
            refused += 1
time.sleep(0.5)  # and none more comes
for s in select.select(waiting, [], [], 0)[0]:
    if s.recv(64).startswith(b"HTTP/1.1 503"):
        refused += 1
print("holding", len(held) - refused, "refused", refused, flush=True)
time.sleep(8)
PY
slow=$!
i=0
until grep -q holding "$dir/slow.log" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 400 ] || break
	sleep 0.1
done
check "one address holds at most 64 portal connections, the rest are answered 503" \
	grep -q "holding 64 refused 236" "$dir/slow.log"
check "while slow clients hold the portal, yg ping answers" as lijianguo ping
check "and the portal answers others" python3 -c "
import http.client, sys, urllib.parse
u = urllib.parse.urlsplit('$base')
c = http.client.HTTPConnection(u.hostname, u.port, timeout=5, source_address=('127.0.0.2', 0))
c.request('GET', '/')
sys.exit(0 if c.getresponse().status == 200 else 1)"
kill "$slow" 2>/dev/null
wait "$slow" 2>/dev/null

# The publication workflow through yg: who may, and once only.
refuse() { # refuse NAME COMMAND...: the command must fail
	name=$1
	shift
	if "$@" >"$dir/out" 2>&1; then
		echo "FAIL - $name (accepted)"
		sed 's/^/    /' "$dir/out" | tail -n 10
		failed=1
	else echo "ok - $name"; fi
}
refuse "a member cannot publish" as chenzhiqiang publish 2 full
refuse "the auditor cannot publish" as zhaohongmei publish 2 full
refuse "a decision is reviewed once" as lijianguo publish 1 summary 改为摘要
refuse "a withheld decision stays withheld" as lijianguo publish 2 full
refuse "an item not decided cannot be published" as lijianguo publish "$open_id" full
refuse "summary needs its text" as lijianguo publish 2 summary
refuse "a member cannot list the publications" as chenzhiqiang publication list
check "the auditor (纪委) lists the publications" as zhaohongmei publication list
check "with the reason of the withheld one" grep -q 涉及尚未公开的招标底价 "$dir/last"
check "nothing is overdue yet" as lijianguo publication list --overdue
check "the list says so" grep -q 没有逾期未公开的决策 "$dir/last"
# Twenty-one days pass on item 2 without its review: the same decision,
# decided three weeks ago and not yet reviewed.
psql_demo "SET session_replication_role = replica;
	DELETE FROM publication WHERE item_id = 2;
	UPDATE vote_round SET closed_at = closed_at - interval '21 days' WHERE item_id = 2" >/dev/null
check "a decision past its deadline is listed overdue" as zhaohongmei publication list --overdue
check "item 2 is the overdue one" grep -q '老旧小区改造专项资金使用计划.*逾期' "$dir/last"
check "and is not on the portal while pending" python3 -c "
import urllib.request, urllib.error, sys
try: urllib.request.urlopen('$base/decisions/2', timeout=5); sys.exit(1)
except urllib.error.HTTPError as e: sys.exit(0 if e.code == 404 else 1)"
# Presiding authority (issue 18): the chair role alone does not review a
# decision. 周海涛 (副书记) is given the role but did not preside: refused by
# ygd, and by the database without ygd in front; then, 李建国 being away, the
# admin names him successor in a signed, logged act, and he reviews it.
zhou=$(cat "$demo/homes/zhouhaitao.id")
m2=$(psql_demo "SELECT meeting_id FROM vote_round WHERE item_id = 2 LIMIT 1")
check "周海涛 is given the chair role" as wangming admin member update "$zhou" --roles chair,member
refuse "a chair-role member who did not preside cannot review it" \
	as zhouhaitao publish 2 summary 测试
cp "$dir/out" "$dir/refused"
check "and is told why" grep -q not_presiding "$dir/refused"
refuse "nor through the database alone" psql_demo "SELECT api.publication_store(
	jsonb_build_object('kind', 'member', 'id', $zhou, 'committee', 1, 'allowed', '[\"chair\"]',
		'key', (SELECT id FROM member_key WHERE member_id = $zhou AND valid_until IS NULL)),
	jsonb_build_object('item', 2, 'mode', 'summary', 'text', '测试'))"
refuse "a member cannot name a successor" \
	as chenzhiqiang meeting succeed "$m2" "$zhou" --reason 李建国同志出差
check "the admin names 周海涛 successor to the presiding chair" \
	as wangming meeting succeed "$m2" "$zhou" --reason 李建国同志出差
check "the succession is in the meeting's log" psql_demo "SELECT 1/count(*) FROM meeting_log
	WHERE meeting_id = $m2 AND body::jsonb->>'event' = 'presiding.succeeded'"
refuse "the chair who presided, succeeded, no longer reviews it" \
	as lijianguo publish 2 withhold 涉及尚未公开的招标底价
check "the successor withholds it late" as zhouhaitao publish 2 withhold 涉及尚未公开的招标底价
check "and is told it is past the deadline" grep -q 已超过公开期限 "$dir/last"
check "the late review stays marked overdue" as zhaohongmei publication list
check "item 2 reviewed late" grep -q '不予公开（逾期）' "$dir/last"

# The notice (任前公示) of decision 3 closes: comments are refused.
psql_demo "SET session_replication_role = replica;
	UPDATE publication SET notice_ends_at = now() - interval '1 second'
	WHERE item_id = 3" >/dev/null
stop_ygd
start_ygd --http-post-rate 3 --comment-rate 1000
suite "the limits per address: a burst of 3 forms, then 429 with Retry-After" \
	python3 tests/portal_http.py "$base" --phase rate --open "$open_id"
stop_ygd
start_ygd --comment-rate 1
suite "the database's limit of comments an hour from one address" \
	python3 tests/portal_http.py "$base" --phase hourly --open "$open_id" --notice-closed 3
stop_ygd
no_http=1
start_ygd --http-listen ''
check "no portal when --http-listen is empty" test ! -s "$dir/http-port"
check "and the terminals still work" as lijianguo ping
stop_ygd

# Corrections are appended, never edits (issue 18). 周海涛 holds the
# presiding authority over the meeting now: he corrects decision 3's
# summary, withdraws decision 1 and declassifies decision 2 (保密期满), each
# with its reason; the portal shows the current version, marked, and keeps
# the earlier one readable.
page_has() { # page_has PATH TEXT...: the portal's page at PATH holds every TEXT
	# A page is served from memory for --http-cache-ms (1 s), and a page
	# past it for up to 5 s more while its new reading runs: what just
	# changed shows within about 6 s; look again for up to 30 s (a loaded
	# machine, a sanitizer build).
	tries=0
	while :; do
		page_fetch "$@" && return 0
		tries=$((tries + 1))
		[ "$tries" -lt 60 ] || return 1
		sleep 0.5
	done
}
page_fetch() {
	python3 -c "import urllib.request, sys
sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())" \
		"$base$1" >"$dir/page" || return 1
	p=$1
	shift
	for t in "$@"; do
		grep -qF -- "$t" "$dir/page" || { echo "$p lacks: $t"; return 1; }
	done
}
page_gone() { # page_gone PATH: 404
	python3 -c "import urllib.request, urllib.error, sys
try: urllib.request.urlopen(sys.argv[1], timeout=5); sys.exit(1)
except urllib.error.HTTPError as e: sys.exit(0 if e.code == 404 else 1)" "$base$1"
}
no_http=""
start_ygd
check "decision 3 as first published" page_has /decisions/3 拟推荐王志远、刘建华同志
refuse "the chair who presided, succeeded, cannot correct it" \
	as lijianguo publication revise 3 correct --text 测试 --reason 测试
refuse "nor through the database alone" psql_demo "SELECT api.publication_revise(
	jsonb_build_object('kind', 'member', 'id', $(cat "$demo/homes/lijianguo.id"), 'committee', 1,
		'allowed', '[\"chair\"]', 'key', (SELECT id FROM member_key
		WHERE member_id = $(cat "$demo/homes/lijianguo.id") AND valid_until IS NULL)),
	jsonb_build_object('item', 3, 'action', 'withdraw', 'reason', '测试'))"
refuse "a correction needs its new text" as zhouhaitao publication revise 3 correct --reason 笔误
refuse "a withheld decision is declassified, not corrected" \
	as zhouhaitao publication revise 2 correct --text 测试 --reason 测试
check "the successor corrects decision 3's summary" as zhouhaitao publication revise 3 correct \
	--text 经县委常委会研究，拟推荐王志远同志为县交通运输局副局长人选。 --reason 摘要误列一名人选
check "the portal shows the corrected text, marked, with the earlier version" \
	page_has /decisions/3 拟推荐王志远同志为 'id="revision"' 本决策的公开内容已更正 \
	摘要误列一名人选 'id="versions"' 拟推荐王志远、刘建华同志
check "the successor withdraws decision 1" as zhouhaitao publication revise 1 withdraw \
	--reason 决策事项已由县政府另行发文
refuse "a withdrawn decision is not withdrawn twice" \
	as zhouhaitao publication revise 1 withdraw --reason 测试
refuse "nor through the database alone" psql_demo "SELECT api.publication_revise(
	jsonb_build_object('kind', 'member', 'id', $zhou, 'committee', 1, 'allowed', '[\"chair\"]',
		'key', (SELECT id FROM member_key WHERE member_id = $zhou AND valid_until IS NULL)),
	jsonb_build_object('item', 1, 'action', 'withdraw', 'reason', '测试'))"
check "the portal marks it withdrawn, with the reason and the earlier version" \
	page_has /decisions/1 已撤回 决策事项已由县政府另行发文 'id="versions"'
check "its election record is no longer served" page_gone /decisions/1/record.json
refuse "a published decision is not declassified" \
	as zhouhaitao publication revise 3 declassify --reason 保密期满
check "the successor declassifies decision 2 (保密期满)" as zhouhaitao publication revise 2 \
	declassify --text 老旧小区改造专项资金使用计划已实施完毕。 --reason 保密期满
check "the portal shows it now, marked declassified" \
	page_has /decisions/2 老旧小区改造专项资金使用计划已实施完毕 保密期满已解密公开
check "the front page marks the corrected and the withdrawn" page_has / 已更正 已撤回
check "the auditor's list shows the current versions" as zhaohongmei publication list
check "withdrawn, with the reason" grep -q '已撤回.*决策事项已由县政府另行发文' "$dir/last"
stop_ygd

if grep -q 'ERROR: [A-Za-z]*Sanitizer\|runtime error:' "$dir/ygd.log" "$dir/demo.out" \
	"$demo"/*.log 2>/dev/null; then
	echo "FAIL - a sanitizer report from yg or ygd"
	grep -A5 'Sanitizer\|runtime error' "$dir/ygd.log" | head -n 30
	failed=1
fi
exit $failed
