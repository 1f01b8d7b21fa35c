#!/bin/sh
# The backup drill (README "Backups"): a real meeting (scripts/demo.sh:
# three secret-ballot votes, signed minutes) in a private cluster; a backup
# with PostgreSQL's own tools (pg_dumpall --roles-only, pg_dump -Fc; and a
# physical one, pg_basebackup, which `ygd check` passes once started); the
# first cluster stopped; the backup restored into a new cluster, where
# `ygd check` passes, a ygd serves the restored database with the same
# signing key, and terminals with the demo members' keys read the meeting
# (yg meeting follow, yg minutes show, yg vote status) and write (a new
# meeting: the sequences came back too). Then copies of the restore, each
# with one row changed behind ygd's back (as the owner, triggers off), fail
# `ygd check`, which names the meeting and what broke. Everything it starts
# it stops and removes. Run by tests/run.sh BUILD.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib.sh
yg_suite backup "${1:-}"
pg2="$dir/pg2"
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
yg_on_exit() { # the restored copies' servers and clusters
	[ -z "$ygd_pid" ] || { kill "$ygd_pid" 2>/dev/null; wait "$ygd_pid" 2>/dev/null; }
	scripts/pg.sh stop "$pg2" >/dev/null 2>&1
	scripts/pg.sh stop "$dir/pg3" >/dev/null 2>&1
}
bail() { echo "FAIL - $*"; exit 1; }
check() { # check NAME COMMAND...: the command must succeed; its output in $dir/shown
	name=$1
	shift
	if "$@" >"$dir/out" 2>&1; then echo "ok - $name"; else
		echo "FAIL - $name"
		sed 's/^/    /' "$dir/out" | tail -n 30
		failed=1
	fi
	cp "$dir/out" "$dir/shown"
}
saw() { # saw NAME GREP-ARGUMENTS...: what the last check's command printed matches
	name=$1
	shift
	if grep -q "$@" "$dir/shown"; then echo "ok - $name"; else
		echo "FAIL - $name: no $*"
		sed 's/^/    /' "$dir/shown" | tail -n 30
		failed=1
	fi
}

# The meeting, in the first cluster.
# The meeting is set-up here (yg_demo: made by YG_SETUP_BUILD, the plain
# build, when tests/run.sh names one, and then once for every suite that
# needs it; tests/vote_cli.sh runs this same demo under the sanitizers);
# what follows runs with $build.
yg_demo "$pg" "$dir/demo" "$dir/demo.out" ||
	{ tail -n 30 "$dir/demo.out"; bail "the demo meeting did not run to the end"; }
echo "ok - the demo meeting ran: three votes, minutes signed"
check "ygd check passes the original" \
	"$build/ygd" --db "$(scripts/pg.sh conninfo "$pg" yangguang_demo)" check

# The backup: the roles (cluster-wide), then the database; the signing key
# and the TLS key are files, copied as they are.
mkdir -p "$dir/backup"
"$bindir/pg_dumpall" -h "$pg" -U yg --roles-only -f "$dir/backup/roles.sql" ||
	bail "pg_dumpall --roles-only"
"$bindir/pg_dump" -h "$pg" -U yg -Fc -f "$dir/backup/yangguang.dump" yangguang_demo ||
	bail "pg_dump"
cp "$dir/demo/sign.key" "$dir/backup/sign.key"
echo "ok - backed up with pg_dumpall --roles-only and pg_dump -Fc"

# A physical backup too (pg_basebackup, WAL streamed), started as a cluster
# of its own in pg3 (its socket moved there), where ygd check passes.
pg3="$dir/pg3"
mkdir -p "$pg3"
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -ne 0 ] || chown postgres: "$pg3"
chmod 700 "$pg3"
as_owner "$bindir/pg_basebackup" -h "$pg" -U yg -D "$pg3/data" -X stream -c fast ||
	bail "pg_basebackup"
echo "unix_socket_directories = '$pg3'" | as_owner sh -c "cat >> '$pg3/data/postgresql.conf'"
check "the physical backup starts as a cluster of its own" scripts/pg.sh start "$pg3"
check "ygd check passes the physical backup" \
	"$build/ygd" --db "$(scripts/pg.sh conninfo "$pg3" yangguang_demo)" check
saw "... every meeting, election record and the admin log" \
	'all verify (1 meeting, 3 election records, the admin log)'
scripts/pg.sh stop "$pg3" >/dev/null
scripts/pg.sh stop "$pg" >/dev/null || bail "cannot stop the first cluster"
echo "ok - the first cluster stopped"

# The restore, into a new cluster: the roles (the bootstrap superuser yg
# exists already), then the database, owned by yg as before.
# A new, empty cluster (not a copy of the tests' template, whose roles
# the restore would meet).
YG_PG_TEMPLATE="" scripts/pg.sh init "$pg2" --fast >/dev/null 2>&1 || bail "cannot make the second cluster"
scripts/pg.sh start "$pg2" || bail "cannot start the second cluster"
grep -v '^CREATE ROLE yg;$' "$dir/backup/roles.sql" >"$dir/roles.sql"
check "the roles restore" scripts/pg.sh psql "$pg2" postgres -f "$dir/roles.sql"
scripts/pg.sh createdb "$pg2" yangguang
check "pg_restore restores the database" "$bindir/pg_restore" -h "$pg2" -U yg -d yangguang \
	--exit-on-error "$dir/backup/yangguang.dump"
owner=$(scripts/pg.sh conninfo "$pg2" yangguang)
check "ygd check passes the restore" "$build/ygd" --db "$owner" check
saw "... every meeting, election record and the admin log" \
	'all verify (1 meeting, 3 election records, the admin log)'

# A ygd on the restore, with the same signing key; the demo's terminals.
"$build/ygd" --db "$(scripts/pg.sh conninfo "$pg2" yangguang ygd)" --listen 127.0.0.1:0 --http-listen "" \
	--port-file "$dir/port" --cert var/tls/server.crt --key var/tls/server.key \
	--sign-key "$dir/backup/sign.key" 2>"$dir/ygd.log" &
ygd_pid=$!
n=0
while [ ! -s "$dir/port" ]; do
	n=$((n + 1))
	[ $n -lt 600 ] || { cat "$dir/ygd.log"; bail "ygd did not start on the restore"; }
	sleep 0.1
done
fp=$(openssl x509 -in var/tls/server.crt -outform DER | sha256sum | cut -d' ' -f1)
as() { # as NAME yg-arguments...: yg on NAME's terminal from the demo
	who=$1
	shift
	"$build/yg" --server "127.0.0.1:$(cat "$dir/port")" --fingerprint "$fp" \
		--home "$dir/demo/homes/$who" --committee 1 "$@"
}
check "a member follows the restored meeting's log" as huanglei meeting follow 1 --once
saw "... to its last entry, the clerk's signature" '^#125 .*签署会议记录'
check "... and, asked again, resumes after it" as huanglei meeting follow 1 --once
saw "... after entry 125" '从第 125 条之后接着显示'
check "... showing nothing twice" sh -c "! grep -q '^#' '$dir/shown'"
check "the clerk reads the signed minutes" as liuyang minutes show 1
check "... signed by the chair and the clerk" sh -c "grep -q 县委常委会2026年第25次会议 '$dir/shown' &&
	grep -q 李建国 '$dir/shown' && grep -q 刘洋 '$dir/shown'"
check "a member reads the result of the competitive vote" as chenzhiqiang vote status 1 3
check "... two elected" test "$(grep -c 当选 "$dir/shown")" -ge 2
check "the chair schedules the next meeting (the sequences were restored)" \
	as lijianguo meeting create --title 县委常委会2026年第26次会议 --place 县委常委会议室 \
	--at "$(date -d '+2 day' '+%Y-%m-%d 09:00')"
saw "... as meeting 2" '会议 2'
kill "$ygd_pid" 2>/dev/null
wait "$ygd_pid" 2>/dev/null
ygd_pid=""
check "ygd check still passes, with the new meeting" "$build/ygd" --db "$owner" check
saw "... two meetings" 'all verify (2 meetings'

# Tampered restores: a copy each, one row changed.
psql2() { scripts/pg.sh psql "$pg2" "$1" -c "SET session_replication_role = replica; $2"; }
tampered() { # tampered NAME SQL EXPECTED: ygd check must fail, naming meeting 1 and EXPECTED
	db=tampered
	scripts/pg.sh psql "$pg2" postgres -c "DROP DATABASE IF EXISTS $db" \
		-c "CREATE DATABASE $db TEMPLATE yangguang" >/dev/null 2>&1 || bail "cannot copy the restore"
	psql2 "$db" "$2" >"$dir/out" 2>&1 || { cat "$dir/out"; bail "cannot change: $1"; }
	"$build/ygd" --db "$(scripts/pg.sh conninfo "$pg2" "$db")" check >"$dir/out" 2>&1
	rc=$?
	if [ $rc = 1 ] && grep -q '^meeting 1 (closed) 县委常委会2026年第25次会议: FAIL$' "$dir/out" &&
		grep -q "FAILED: meeting 1 " "$dir/out" && grep -qF "$3" "$dir/out"; then
		echo "ok - $1 fails ygd check, naming the meeting"
	else
		echo "FAIL - $1 (exit $rc)"
		sed 's/^/    /' "$dir/out" | tail -n 30
		failed=1
	fi
}
tampered "a statement's words changed in the log" \
	"UPDATE meeting_log SET body = replace(body, '同意，建议抓好落实。', '不同意。')
	WHERE meeting_id = 1 AND seq = (SELECT min(seq) FROM meeting_log
		WHERE meeting_id = 1 AND body LIKE '%同意，建议抓好落实。%')" \
	'FAIL: log: entry '
tampered "a statement's words changed in the statement table" \
	"UPDATE statement SET body = '不同意。' WHERE id = (SELECT min(id) FROM statement)" \
	'differs from the log'
# A ballot is kept once, in the signed request its log entry's sealed part
# holds (migration 0035).
tampered "a byte of a ballot's ciphertext changed" \
	"UPDATE meeting_log l SET sealed = jsonb_set(s, '{request,args,ballot,selections,0,a}',
		to_jsonb(overlay(a PLACING CASE WHEN substr(a, 11, 1) = 'A' THEN 'B' ELSE 'A' END
			FROM 11 FOR 1)))::text
	FROM (SELECT l2.seq, l2.sealed::jsonb AS s,
			l2.sealed::jsonb->'request'->'args'->'ballot'->'selections'->0->>'a' AS a
		FROM ballot b JOIN meeting_log l2 ON l2.meeting_id = b.meeting_id AND l2.seq = b.log_seq
		WHERE b.meeting_id = 1 AND b.item_id = 1 AND b.voter = (SELECT min(voter) FROM ballot
			WHERE meeting_id = 1 AND item_id = 1)) t
	WHERE l.meeting_id = 1 AND l.seq = t.seq" \
	'FAIL: round 1, voter '
tampered "a count changed" \
	"UPDATE vote_round SET counts = jsonb_set(counts, '{0}', to_jsonb((counts->>0)::int + 1))
	WHERE meeting_id = 1 AND item_id = 2" \
	'the decryptions give the counts'
tampered "the signed minutes changed" \
	"UPDATE minutes SET body = replace(body, '县委常委会议室', '县政府会议室') WHERE meeting_id = 1" \
	'the minutes differ from what the log records'

if grep -q 'ERROR: [A-Za-z]*Sanitizer\|runtime error:' "$dir/ygd.log" "$dir/demo.out" \
	"$dir"/demo/*.log 2>/dev/null; then
	echo "FAIL - a sanitizer report from yg or ygd"
	failed=1
fi
exit $failed
