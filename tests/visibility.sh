#!/bin/sh
# Who sees what (README "Who sees what"), end to end, on every channel:
# scripts/demo.sh runs the `make demo` meeting with the invited observer's
# terminal and a member's following it live (YG_DEMO_FOLLOW); its item 3 is
# a 差额 cadre item (王志远, 刘建华, 陈晓燕 for two seats), item 1 an
# ordinary one. Then, as the observer: live events, the replay, vote.status,
# the election record and the minutes carry nothing of item 3 but still
# all of item 1; as the public: the portal's pages, JSON API and Atom feed
# show of item 3 only what its summary publishes (the appointed names, no
# count, not the candidate who lost) unless the rules say counts; internal
# items, an internal cadre item and an item the chair marked confidential
# appear nowhere before publication and take no comment; the database's
# portal functions alone, called in psql, show none of it either.
# Run by tests/run.sh BUILD.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
yg_suite vis "${1:-}"
demo="$dir/demo"
stop_ygd() { yg_ygd_stop; }
ok() { echo "ok - $1"; }
bad() {
	echo "FAIL - $1"
	failed=1
}
bail() {
	echo "FAIL - $1"
	[ -f "$dir/ygd.log" ] && tail -n 20 "$dir/ygd.log" | sed 's/^/    /'
	exit 1
}
check() { # check NAME COMMAND...: must succeed; its output in $dir/last
	name=$1
	shift
	if "$@" >"$dir/last" 2>&1; then ok "$name"; else
		bad "$name"
		sed 's/^/    /' "$dir/last" | tail -n 20
	fi
}
refuse() { # refuse NAME COMMAND...: must fail; its output in $dir/last
	name=$1
	shift
	if "$@" >"$dir/last" 2>&1; then
		bad "$name (accepted)"
		sed 's/^/    /' "$dir/last" | tail -n 10
	else ok "$name"; fi
}
lacks() { # lacks NAME FILE WORD...: FILE contains none of the words
	name=$1 file=$2
	shift 2
	for w in "$@"; do
		if grep -q -- "$w" "$file"; then
			bad "$name: \"$w\" is there"
			grep -- "$w" "$file" | head -n 3 | cut -c1-300 | sed 's/^/    /'
			return
		fi
	done
	ok "$name"
}
has() { # has NAME FILE WORD...: FILE contains every word
	name=$1 file=$2
	shift 2
	for w in "$@"; do
		if ! grep -q -- "$w" "$file"; then
			bad "$name: no \"$w\""
			return
		fi
	done
	ok "$name"
}

# The same run of the demo as tests/vote_cli.sh's (yg_demo_vote: tests/run.sh
# runs it once a build for both).
yg_demo_vote "$pg" "$demo" "$dir/demo.out" ||
	{ tail -n 30 "$dir/demo.out"; bail "the demo meeting did not run"; }
echo "ok - the demo meeting ran, followed live by the observer and a member"
db=$(scripts/pg.sh conninfo "$pg" yangguang_demo ygd)
fp=$(yg_fingerprint var/tls/server.crt)
psql_demo() { scripts/pg.sh psql "$pg" yangguang_demo -q -At -c "$1"; }

start_ygd() {
	yg_ygd_start "$dir/ygd.log" "$dir/port" "$dir/http-port" --db "$db" --listen 127.0.0.1:0 \
		--http-listen 127.0.0.1:0 \
		--cert var/tls/server.crt --key var/tls/server.key --sign-key "$demo/sign.key" ||
		bail "ygd did not start"
	base="http://127.0.0.1:$(cat "$dir/http-port")"
}
as() { # as NAME yg-arguments...: yg on NAME's terminal from the demo
	who=$1
	shift
	"$build/yg" --server "$server" --fingerprint "$fp" --home "$demo/homes/$who" \
		--committee 1 "$@"
}
anon() { "$build/yg" --server "$server" --fingerprint "$fp" --home "$dir/anon" "$@"; }
get() { # get PATH FILE: the body in FILE, the status printed
	curl -s -o "$2" -w '%{http_code}' "$base$1"
}
num_after() { yg_num_after "$@"; }

# The private cluster trusts no one: peer authentication over its socket
# only, and the owner of the databases is no superuser.
grep -Ev '^[[:space:]]*(#|$)' "$pg/data/pg_hba.conf" | grep -Eqv '^local[[:space:]].*[[:space:]]peer map=yg$' &&
	bad "the private cluster takes only peer authentication: $(cat "$pg/data/pg_hba.conf")" ||
	ok "the private cluster takes only peer authentication"
[ "$(psql_demo "SELECT rolsuper FROM pg_roles JOIN pg_database ON datdba = pg_roles.oid WHERE datname = current_database()")" = f ] &&
	ok "the owner of the demo's database is no superuser" ||
	bad "the owner of the demo's database is no superuser"

meeting=1
ordinary=$(psql_demo "SELECT item_id FROM item_version WHERE title = '县域义务教育学校布局调整方案'")
cadre=$(psql_demo "SELECT item_id FROM item_version WHERE title LIKE '县交通运输局副局长人选%'")
[ -n "$ordinary" ] && [ -n "$cadre" ] || bail "the demo's items are not there"
# What nothing open to observers may carry of the cadre item: its
# candidates, and any line about it.
set -- 王志远 刘建华 陈晓燕 "议题 $cadre "
start_ygd

# --- as the invited observer ---------------------------------------------
has "the member's live terminal saw the cadre item (the test can see it)" \
	"$demo/follow.member.log" 陈晓燕 "议题 $cadre "
lacks "live events: nothing of the cadre item reaches the observer" \
	"$demo/follow.observer.log" "$@"
has "live events: the observer saw the ordinary item's result" \
	"$demo/follow.observer.log" "议题 $ordinary "
check "replay: the observer catches up on the meeting" as qianwenbin meeting follow $meeting --once
cp "$dir/last" "$dir/replay"
lacks "replay: nothing of the cadre item" "$dir/replay" "$@"
has "replay: the ordinary item is there" "$dir/replay" "议题 $ordinary "
refuse "vote.status: the cadre item's vote is refused to the observer" \
	as qianwenbin vote status $meeting "$cadre"
lacks "vote.status: and the refusal says nothing of it" "$dir/last" "$@"
check "vote.status: the ordinary item's vote is the observer's to see" \
	as qianwenbin vote status $meeting "$ordinary"
refuse "vote.record: the election record is refused to the observer" \
	as qianwenbin record export $meeting --item "$cadre" --out "$dir"
refuse "minutes: refused to the observer" as qianwenbin minutes show $meeting
check "the observer lists the meetings they are invited to" as qianwenbin meeting list
has "with the demo's meeting" "$dir/last" "$(psql_demo "SELECT title FROM meeting WHERE id = $meeting")"
check "a member's replay still has everything" as huanglei meeting follow $meeting --once
has "including the cadre item" "$dir/last" 陈晓燕 "议题 $cadre "
# The server's signing key is pinned on first use (known_members, member 0):
# a terminal that pinned another key shows no result, and says why.
known="$demo/homes/huanglei/known_members"
grep -q "^$server 0 ed25519:" "$known" && ok "the member's terminal pinned the server's signing key" ||
	bad "the member's terminal pinned the server's signing key"
cp "$known" "$dir/known.keep"
other=$(as huanglei keygen --show 2>/dev/null)
sed -i "s|^$server 0 .*|$server 0 $other|" "$known"
refuse "with another server key pinned, the replay stops before a result" \
	as huanglei meeting follow $meeting --after 0 --once
has "... and says the key is not the one first learned" "$dir/last" known_members
lacks "... showing no result" "$dir/last" 表决结果
refuse "with another server key pinned, vote status shows no result either" \
	as huanglei vote status $meeting "$ordinary"
has "... and says why" "$dir/last" 未通过核验 known_members
lacks "... without the counts" "$dir/last" 计票
cp "$dir/known.keep" "$known"
check "with the key first learned, vote status shows the signed result" \
	as huanglei vote status $meeting "$ordinary"
has "... its counts" "$dir/last" 计票

# --- as the public: the cadre decision published in summary --------------
[ "$(get "/decisions/$cadre" "$dir/page")" = 200 ] && ok "the cadre decision's page" ||
	bad "the cadre decision's page"
has "its page names the appointed" "$dir/page" 王志远 刘建华
lacks "its page has no count and not the candidate who lost" "$dir/page" 陈晓燕 'class="count"'
[ "$(get "/api/v1/decisions/$cadre" "$dir/api")" = 200 ] && ok "its JSON" || bad "its JSON"
lacks "its JSON has no count and not the candidate who lost" "$dir/api" 陈晓燕
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d['counts'] is None and d['appointed']==['王志远','刘建华'] else 1)" "$dir/api" &&
	ok "its JSON: counts null, appointed 王志远 and 刘建华" || bad "its JSON's counts and appointed"
get /api/v1/ "$dir/apilist" >/dev/null
lacks "the JSON list: not the candidate who lost" "$dir/apilist" 陈晓燕
get /feed.atom "$dir/feed" >/dev/null
lacks "the Atom feed: not the candidate who lost" "$dir/feed" 陈晓燕
get / "$dir/home" >/dev/null
lacks "the home page: not the candidate who lost" "$dir/home" 陈晓燕
get "/decisions/$ordinary" "$dir/page1" >/dev/null
has "the ordinary decision in full keeps its counts" "$dir/page1" 'class="count"'
psql_demo "SELECT api.portal_decision($cadre)::text; SELECT api.portal_home()::text" >"$dir/sql"
lacks "the database alone (api.portal_decision, api.portal_home): not the candidate who lost" \
	"$dir/sql" 陈晓燕
# The committee's rules may publish each candidate's votes.
check "the admin sets cadre_summary_counts" as wangming admin rules set cadre_summary_counts true
stop_ygd
start_ygd
# Until the new ygd's pool is connected the portal answers 503 (a page).
i=0
until [ "$(get "/api/v1/decisions/$cadre" "$dir/api2")" = 200 ] || [ $i -ge 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if len(d['counts'])==3 and '陈晓燕' in d['question']['labels'] else 1)" "$dir/api2" &&
	ok "then the summary shows every candidate's count" ||
	bad "then the summary shows every candidate's count: $(cut -c1-300 "$dir/api2")"
as wangming admin rules set cadre_summary_counts false >/dev/null 2>&1
stop_ygd
start_ygd

# --- items not for the public before publication ---------------------------
out=$(as sunlixin item create --title 县公安局副局长人选（内部） --category cadre --power 3 \
	--candidate 赵德明 --seats 1) || bail "no internal cadre item: $out"
icadre=$(num_after "$out" "已起草议题")
out=$(as wuguohua item create --title 内部事项：机关食堂改造 --category decision --power 1) ||
	bail "no internal item: $out"
internal=$(num_after "$out" "已起草议题")
out=$(as wuguohua item create --title 保密事项：应急储备方案 --category decision --power 1 \
	--public) || bail "no item to mark: $out"
marked=$(num_after "$out" "已起草议题")
refuse "a member cannot mark an item confidential" \
	as wuguohua item confidential "$marked" --reason 涉密
refuse "an item whose meeting has opened cannot be marked" \
	as lijianguo item confidential "$ordinary" --reason 涉密
check "the chair marks an item confidential before its meeting" \
	as lijianguo item confidential "$marked" --reason 涉及应急物资储备布局
refuse "once" as lijianguo item confidential "$marked" --reason 涉密
has "the mark is in the committee's log with its reason" /dev/stdin 涉及应急物资储备布局 <<EOF
$(psql_demo "SELECT details->>'reason' FROM admin_log WHERE action = 'item.confidential' AND target = 'item:$marked'")
EOF
for i in "$icadre" "$internal" "$marked"; do
	as wuguohua material add "$i" --kind research "$demo/research.txt" >/dev/null 2>&1
	as sunlixin item announce "$i" >/dev/null 2>&1 || as wuguohua item announce "$i" >/dev/null 2>&1 ||
		bail "item $i was not announced"
done
ok "the three items are announced, their comment windows open"
hidden="县公安局副局长人选 赵德明 机关食堂改造 应急储备方案"
for path in / /api/v1/ /feed.atom; do
	get "$path" "$dir/p" >/dev/null
	# shellcheck disable=SC2086 # the words are separate secrets
	lacks "$path: none of the three items" "$dir/p" $hidden
done
for i in "$icadre" "$internal" "$marked"; do
	st=$(get "/items/$i" "$dir/p")
	[ "$st" = 404 ] && ok "/items/$i is not found" || bad "/items/$i answered $st"
	st=$(get "/api/v1/items/$i" "$dir/p")
	[ "$st" = 404 ] && ok "/api/v1/items/$i is not found" || bad "/api/v1/items/$i answered $st"
	st=$(curl -s -o "$dir/p" -w '%{http_code}' --data 'stance=support&body=支持' \
		"$base/items/$i/comments")
	[ "$st" = 404 ] && ok "a comment on /items/$i is refused (not found)" ||
		bad "a comment on /items/$i answered $st"
	refuse "an anonymous terminal's comment on item $i is refused" \
		anon comment add --committee 1 "$i" --stance support 支持
done
check "the public list of items open for comment" anon item public --committee 1
# shellcheck disable=SC2086
lacks "lists none of the three" "$dir/last" $hidden
refuse "the observer cannot comment on the internal cadre item" \
	as qianwenbin comment add "$icadre" --stance support 支持 --as-observer
refuse "nor on the item marked confidential" \
	as qianwenbin comment add "$marked" --stance support 支持 --as-observer
psql_demo "SELECT api.portal_home()::text; SELECT api.item_public(NULL, jsonb_build_object('committee', 1))::text;
	SELECT coalesce(api.portal_item($icadre)::text, 'none');
	SELECT coalesce(api.portal_item($marked)::text, 'none')" >"$dir/sql2"
# shellcheck disable=SC2086
lacks "the database alone (api.portal_home, api.item_public, api.portal_item): none of them" \
	"$dir/sql2" $hidden
open_id=$(psql_demo "SELECT max(item_id) FROM item_version WHERE title = '县城区公共停车场建设项目'")
st=$(get "/items/$open_id" "$dir/p")
[ "$st" = 200 ] && ok "an item affecting the public is still on the portal" ||
	bad "/items/$open_id answered $st"

stop_ygd
if grep -q 'ERROR: [A-Za-z]*Sanitizer\|runtime error:' "$dir/ygd.log" "$dir/demo.out" \
	"$demo"/*.log 2>/dev/null; then
	echo "FAIL - a sanitizer report from yg or ygd"
	failed=1
fi
exit $failed
