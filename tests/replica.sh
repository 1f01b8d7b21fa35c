#!/bin/sh
# Replicas for the public, and the metrics of a real meeting.
#
# scripts/demo.sh runs the `make demo` meeting on a private primary cluster
# with --metrics-listen (through its YGD_ variables): its endpoint must show
# the ballots, logins and queries of the meeting. Then the primary gets a
# streaming hot standby (scripts/pg.sh standby: pg_basebackup -R as a role
# that may only replicate), and two ygd serve over the one primary:
#   A: terminals on the primary, the portal reading from the standby
#      (--http-db) and writing comments to the primary (--http-db-write);
#   B: everything on the primary, as before.
# A comment posted through A lands on the primary and reaches the standby;
# terminals are served by both; with the primary stopped, A still serves
# the published pages from the standby while comments are refused with a
# clear 503 (B cannot serve pages at all); A's metrics show it; with the
# primary back, comments are taken again. Run by tests/run.sh BUILD.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
yg_suite replica "${1:-}"
primary="$dir/primary"
standby="$dir/standby"
demo="$dir/demo"
pg=$primary
yg_on_exit() { # the servers, then the standby (the primary last)
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	scripts/pg.sh stop "$standby" >/dev/null 2>&1
}
bail() {
	echo "FAIL - $1"
	for f in "$dir"/ygd-*.log "$demo/ygd.log"; do
		[ -f "$f" ] && echo "  $f:" && tail -n 15 "$f" | sed 's/^/    /'
	done
	exit 1
}
wait_file() { # wait_file FILE SECONDS
	i=0
	while [ ! -s "$1" ]; do
		i=$((i + 1))
		[ $i -lt $(($2 * 10)) ] || return 1
		sleep 0.1
	done
}
# The value of one series of a scrape (exact name and labels); empty if none.
metric() { # metric FILE SERIES
	awk -v s="$2" '$1 == s { print $2 }' "$1"
}
# metric_ge FILE SERIES MIN: the series is there and at least MIN.
metric_ge() {
	v=$(metric "$1" "$2")
	[ -n "$v" ] && awk -v v="$v" -v m="$3" 'BEGIN { exit !(v + 0 >= m + 0) }' ||
		{ echo "$2 is '${v}', expected at least $3"; return 1; }
}
metric_eq() {
	v=$(metric "$1" "$2")
	[ "$v" = "$3" ] || { echo "$2 is '${v}', expected $3"; return 1; }
}
t0=$(date +%s)
phase() { echo "# $* ($(($(date +%s) - t0)) s)"; }
scrape() { # scrape PORT FILE
	curl -sf "http://127.0.0.1:$1/metrics" >"$2"
}

# 1. The meeting, on the primary, with metrics.
scripts/pg.sh init "$primary" --fast >/dev/null 2>&1 || bail "cannot make the primary"
env YG_DEMO_PG="$primary" YG_DEMO_DIR="$demo" BUILD="$build" YG_DEMO_HOLD=1 \
	YGD_METRICS_LISTEN=127.0.0.1:0 YGD_METRICS_PORT_FILE="$dir/demo-metrics.port" \
	scripts/demo.sh >"$dir/demo.out" 2>&1 &
demo_pid=$!
pids="$demo_pid"
i=0
until grep -Eq "服务器继续运行|keeps running to be explored" "$dir/demo.out"; do
	kill -0 "$demo_pid" 2>/dev/null || { tail -n 20 "$dir/demo.out"; bail "the demo ended early"; }
	i=$((i + 1))
	[ $i -lt 3000 ] || bail "the demo did not finish in 300 s"
	sleep 0.1
done
echo "ok - the demo meeting ran and published"
scrape "$(cat "$dir/demo-metrics.port")" "$dir/demo.metrics" || bail "no metrics from the demo's ygd"
check "the meeting's ballots are counted" metric_ge "$dir/demo.metrics" yg_ballots_accepted_total 20
check "and its vote.cast requests, by result" \
	metric_ge "$dir/demo.metrics" 'yg_requests_total{op="vote.cast",result="ok"}' 20
check "and its logins" metric_ge "$dir/demo.metrics" yg_logins_total 10
check "and the statements of the terminals' pool" \
	metric_ge "$dir/demo.metrics" 'yg_db_queries_total{pool="terminals"}' 100
check "and the latency of every request" \
	metric_ge "$dir/demo.metrics" 'yg_request_duration_seconds_bucket{le="+Inf"}' 100
kill "$demo_pid"
wait "$demo_pid" 2>/dev/null
pids=""

# 2. The standby.
phase "a standby of the primary"
scripts/pg.sh standby "$standby" "$primary" >"$dir/standby.log" 2>&1 ||
	{ cat "$dir/standby.log"; bail "pg_basebackup failed"; }
scripts/pg.sh start "$standby" || bail "the standby did not start"
check "the standby is a hot standby" \
	sh -c "[ \"\$(scripts/pg.sh psql '$standby' postgres -At -c 'SELECT pg_is_in_recovery()')\" = t ]"
check "it streams from the primary" sh -c "scripts/pg.sh psql '$primary' postgres -At -c \
	\"SELECT usename FROM pg_stat_replication\" | grep -qx yg_replica"

# 3. Two ygd over the one primary.
phase "two ygd over the primary"
prim=$(scripts/pg.sh conninfo "$primary" yangguang_demo ygd)
stby=$(scripts/pg.sh conninfo "$standby" yangguang_demo ygd)
fp=$(openssl x509 -in var/tls/server.crt -outform DER | sha256sum | cut -d' ' -f1)
start_ygd() { # start_ygd NAME [options]: sets port_NAME, http_NAME
	name=$1
	shift
	rm -f "$dir/$name.port" "$dir/$name.http"
	"$build/ygd" --db "$prim" --listen 127.0.0.1:0 --port-file "$dir/$name.port" \
		--http-listen 127.0.0.1:0 --http-port-file "$dir/$name.http" --http-cache-ms 0 \
		--cert var/tls/server.crt --key var/tls/server.key --sign-key "$demo/sign.key" \
		"$@" 2>>"$dir/ygd-$name.log" &
	pids="$pids $!"
	wait_file "$dir/$name.port" 10 && wait_file "$dir/$name.http" 10 || bail "ygd $name did not start"
	eval "port_$name=\$(cat \"\$dir/\$name.port\")"
	eval "http_$name=http://127.0.0.1:\$(cat \"\$dir/\$name.http\")"
}
start_ygd a --http-db "$stby" --http-db-write "$prim" --metrics-listen 127.0.0.1:0 \
	--metrics-port-file "$dir/a.metrics.port" --http-post-rate 1000 --comment-rate 1000
start_ygd b --http-post-rate 1000 --comment-rate 1000
wait_file "$dir/a.metrics.port" 10 || bail "no metrics port"
mport=$(cat "$dir/a.metrics.port")
# port_a, port_b, http_a and http_b are set by start_ygd (eval).
# shellcheck disable=SC2154
{ pa=$port_a pb=$port_b ha=$http_a hb=$http_b; }
sleep 1 # the pools connect

whoami() { # whoami PORT: the chair asks a ygd who he is
	"$build/yg" --server "127.0.0.1:$1" --fingerprint "$fp" --home "$demo/homes/lijianguo" \
		--committee 1 whoami
}
status() { # status URL [curl options]: the HTTP status
	u=$1
	shift
	curl -s -o "$dir/body" -D "$dir/headers" -w '%{http_code}' "$@" "$u"
}
expect() { # expect CODE URL [curl options]
	code=$1
	shift
	got=$(status "$@")
	[ "$got" = "$code" ] || { echo "HTTP $got, expected $code from $1"; head -c 600 "$dir/body"; return 1; }
}
post() { # post BASE ID TEXT: a comment on item ID
	status "$1/items/$2/comments" -H 'Content-Type: application/x-www-form-urlencoded' \
		--data-urlencode stance=support --data-urlencode "body=$3"
}
expect_post() { # expect_post CODE BASE ID TEXT
	got=$(post "$2" "$3" "$4")
	[ "$got" = "$1" ] || { echo "HTTP $got, expected $1"; head -c 600 "$dir/body"; return 1; }
}
psql_at() { scripts/pg.sh psql "$1" yangguang_demo -At -c "$2"; }
count_comments() { psql_at "$1" "SELECT count(*) FROM comment WHERE body = '$2'"; }
wait_comment() { # wait_comment CLUSTER TEXT: within 30 s
	i=0
	until [ "$(count_comments "$1" "$2")" = 1 ]; do
		i=$((i + 1))
		[ $i -lt 300 ] || { echo "the comment did not arrive"; return 1; }
		sleep 0.1
	done
}

open_id=$(psql_at "$primary" "SELECT max(item_id) FROM item_version WHERE title = '县城区公共停车场建设项目'")
[ -n "$open_id" ] || bail "the demo's open item is missing"
curl -sf "$ha/" >"$dir/home.html" || bail "A's portal does not answer"
decision=$(grep -o '/decisions/[0-9]*' "$dir/home.html" | head -n 1)
[ -n "$decision" ] || bail "no published decision on A's home page"

check "terminals are served by A" whoami "$pa"
check "and by B, over the same primary" whoami "$pb"
check "A's portal serves a published decision from the standby" expect 200 "$ha$decision"
check "a comment posted on A is taken (303)" expect_post 303 "$ha" "$open_id" "经备库页面提交的意见"
check "it is on the primary" wait_comment "$primary" "经备库页面提交的意见"
check "and reaches the standby" wait_comment "$standby" "经备库页面提交的意见"
check "a comment posted on B is taken too" expect_post 303 "$hb" "$open_id" "经主库页面提交的意见"
check "and reaches the standby" wait_comment "$standby" "经主库页面提交的意见"

# 4. The primary goes down.
phase "the primary goes down"
scripts/pg.sh stop "$primary" || bail "cannot stop the primary"
sleep 1
check "with the primary down, A still serves the home page" expect 200 "$ha/"
check "and the published decision" expect 200 "$ha$decision"
check "and the open item's page" expect 200 "$ha/items/$open_id"
check "and the decision's JSON" expect 200 "$ha/api/v1$decision"
check "B, reading from the primary, cannot" expect 503 "$hb$decision"
check "a comment is refused with 503" expect_post 503 "$ha" "$open_id" "主库停机时提交的意见"
check "saying so" grep -q "意见暂时无法提交" "$dir/body"
check "with Retry-After" grep -qi '^Retry-After: 60' "$dir/headers"
check "terminals are told the database is unavailable" \
	sh -c "! '$build/yg' --server 127.0.0.1:$pa --fingerprint $fp --home '$demo/homes/lijianguo' \
		--committee 1 whoami"
scrape "$mport" "$dir/a.metrics" || bail "no metrics from A"
check "A's metrics: the portal's answers by status" \
	metric_ge "$dir/a.metrics" 'yg_portal_requests_total{status="200"}' 5
check "the 303 of the comment" metric_eq "$dir/a.metrics" 'yg_portal_requests_total{status="303"}' 1
check "the 503 of the refused one" metric_ge "$dir/a.metrics" 'yg_portal_requests_total{status="503"}' 1
check "the read pool (standby) is up" metric_eq "$dir/a.metrics" 'yg_db_connections_up{pool="portal"}' 2
check "the write pool (primary) is down" \
	metric_eq "$dir/a.metrics" 'yg_db_connections_up{pool="portal_write"}' 0
check "and refused the comment" metric_ge "$dir/a.metrics" 'yg_db_unavailable_total{pool="portal_write"}' 1
check "the terminals' database is unavailable" metric_eq "$dir/a.metrics" yg_db_available 0
check "its connections were lost" metric_ge "$dir/a.metrics" 'yg_db_disconnects_total{pool="terminals"}' 1
check "a portal visitor was counted" metric_ge "$dir/a.metrics" 'yg_connections_accepted_total{kind="portal"}' 5

# 5. The primary is back: ygd reconnects (backoff up to 5 s) and comments are taken.
phase "the primary comes back"
scripts/pg.sh start "$primary" || bail "the primary did not start again"
i=0
until [ "$(post "$ha" "$open_id" "主库恢复后提交的意见")" = 303 ]; do
	i=$((i + 1))
	[ $i -lt 60 ] || break
	sleep 0.5
done
check "with the primary back, a comment is taken again" wait_comment "$primary" "主库恢复后提交的意见"
check "and reaches the standby" wait_comment "$standby" "主库恢复后提交的意见"

# Stopped (SIGTERM) before their logs are read: a sanitizer reports leaks at exit.
for p in $pids; do kill "$p" 2>/dev/null; done
for p in $pids; do wait "$p" 2>/dev/null; done
pids=""
for f in "$dir"/ygd-*.log "$demo/ygd.log"; do
	if grep -q "ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:" "$f"; then
		echo "FAIL - sanitizer findings in $f"
		failed=1
	fi
done
phase "done"
exit $failed
