#!/bin/sh
# README's "Deploying on a server", followed step by step against a
# PostgreSQL cluster that is not ours to shape: initdb'd plainly, its
# administrator 'postgres' by peer authentication, every other role by
# password (scram-sha-256), on a Unix socket only. make install into a
# prefix of its own; the roles as README says; ygd migrate as the owner;
# a certificate from an office CA made here; the installed ygd started
# with the installed ygd.env (filled in as README says); yg pings it with
# --ca, a first admin is bootstrapped and logs in; the signing key is made
# in the state directory, 0600; the portal's feed names --public-url. Run
# by tests/run.sh BUILD.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
yg_suite deploy "${1:-}"
prefix="$dir/usr"
etc="$dir/etc"
state="$dir/state"
data="$dir/cluster"
sock="$dir/run"
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
dba=postgres
[ "$(id -u)" -eq 0 ] || dba=$(id -un)
yg_on_exit() { # the installed ygd, then the cluster it served from
	[ -z "$ygd_pid" ] || kill "$ygd_pid" 2>/dev/null
	[ ! -f "$data/postmaster.pid" ] || as_pg "$bindir/pg_ctl" -D "$data" -m immediate -w stop \
		>/dev/null 2>&1
}
bail() { [ "$failed" = 0 ] || exit 1; }
san=""
case "$build" in *asan*) san="SAN=1" ;; esac

# The office's PostgreSQL: a plain cluster, peer for its administrator,
# passwords for everyone else, a Unix socket in $sock.
mkdir -p "$sock" "$data"
chmod 755 "$sock"
chmod 700 "$data"
[ "$(id -u)" -ne 0 ] || chown postgres: "$sock" "$data"
check "an existing PostgreSQL cluster (initdb, password logins)" as_pg "$bindir/initdb" -D "$data" \
	-U "$dba" --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --no-locale --no-sync
bail
as_pg sh -c "cat >'$data/pg_hba.conf'" <<HBA
local all $dba peer
local all all scram-sha-256
HBA
as_pg sh -c "cat >>'$data/postgresql.conf'" <<CONF
listen_addresses = ''
unix_socket_directories = '$sock'
fsync = off
CONF
check "it starts" as_pg "$bindir/pg_ctl" -D "$data" -l "$sock/postgresql.log" -w -t 60 start
bail
dbapsql() { as_pg "$bindir/psql" -h "$sock" -U "$dba" -d postgres -X -q -v ON_ERROR_STOP=1 "$@"; }

# 1. Install (a prefix of its own; the user and systemd are not touched).
check "make install PREFIX=... SYSCONFDIR=..." make --no-print-directory install BUILD="$build" \
	$san INST="$dir/inst" PREFIX="$prefix" SYSCONFDIR="$etc" SETUP_USER=0
bail
ygd="$prefix/sbin/ygd"
yg="$prefix/bin/yg"
env="$etc/yangguang/ygd.env"

# 2. The database: the roles exactly as README has them.
sed -n '/^### 2. The database/,/^### 3/p' README.md |
	sed -n '/^```sql$/,/^```$/p' | grep -v '^```' >"$dir/roles.sql"
check "README's roles and database, as the administrator" dbapsql -f "$dir/roles.sql"
check "the owner is no superuser and cannot create roles" test "$(dbapsql -tA -c \
	"SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = 'yg_owner'")" = f
owner="host=$sock dbname=yangguang user=yg_owner password=owner-secret"
app="host=$sock dbname=yangguang user=ygd password=ygd-secret"
sed -i -e "s|^YGD_DB=.*|YGD_DB=\"$app\"|" -e "s|^YGD_DB_OWNER=.*|YGD_DB_OWNER=\"$owner\"|" \
	-e "s|^YGD_SIGN_KEY=.*|YGD_SIGN_KEY=$state/sign.key|" "$env"
check "ygd migrate as the owner, with the installed migrations and ygd.env" \
	sh -c "set -a; . '$env'; exec '$ygd' migrate"
check "the migrations ran from $prefix/share/yangguang/sql" sh -c \
	"'$ygd' --help | grep -q 'default: \"$prefix/share/yangguang/sql\"'"
check "ygd cannot log in without its password" sh -c \
	"! PGPASSWORD= $bindir/psql 'host=$sock dbname=yangguang user=ygd password=wrong' -c 'SELECT 1'"
check "ygd's role cannot touch a table" sh -c \
	"! $bindir/psql '$app' -X -c 'DELETE FROM yg_schema_migrations' 2>&1"

# 3. A certificate from the office's CA, where ygd.env says.
tls="$etc/yangguang/tls"
mkdir -p "$tls"
(
	cd "$dir" &&
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
			-subj '/CN=Office CA' -keyout ca.key -out ca.crt &&
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj '/CN=yangguang' \
			-keyout "$tls/server.key" -out server.csr &&
		openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 \
			-extfile /dev/stdin -out "$tls/server.crt" <<EXT
subjectAltName=DNS:localhost,IP:127.0.0.1
EXT
) >"$dir/ca.log" 2>&1 || { echo "FAIL - the office CA"; cat "$dir/ca.log"; exit 1; }
chmod 640 "$tls/server.key"
sed -i -e "s|^YGD_CERT=.*|YGD_CERT=$tls/server.crt|" -e "s|^YGD_KEY=.*|YGD_KEY=$tls/server.key|" "$env"

# 5. The service, as systemd would start it: ygd.env, ports picked here.
cat >>"$env" <<EOF
YGD_LISTEN=127.0.0.1:0
YGD_PORT_FILE=$dir/port
YGD_HTTP_LISTEN=127.0.0.1:0
YGD_HTTP_PORT_FILE=$dir/http-port
YGD_PUBLIC_URL=https://yangguang.example.gov.cn
EOF
mkdir -p "$state"
chmod 700 "$state"
(cd "$state" && set -a && . "$env" && exec "$ygd" serve) 2>"$dir/ygd.log" &
ygd_pid=$!
i=0
while { [ ! -s "$dir/port" ] || [ ! -s "$dir/http-port" ]; } && [ $i -lt 600 ]; do
	i=$((i + 1))
	sleep 0.1
done
[ -s "$dir/port" ] || { echo "FAIL - the installed ygd did not start"; cat "$dir/ygd.log"; exit 1; }
server="127.0.0.1:$(cat "$dir/port")"
mkdir -p "$dir/home"
y() { "$yg" --home "$dir/home" --server "$server" --ca "$dir/ca.crt" "$@"; }
check "yg --ca pings the installed ygd and its database" y ping --db

# 4. The signing key: made in the state directory, the service's alone.
check "the signing key in the state directory, 0600" test "$(stat -c %a "$state/sign.key")" = 600
check "yg info shows the server's key" sh -c "
	'$yg' --home '$dir/home' --server '$server' --ca '$dir/ca.crt' info | grep -q 'ed25519:'"

# The first admin (Setting up a committee, step 3) with the installed ygd.
y keygen >"$dir/key.out" 2>&1
key=$(grep -o 'ed25519:[A-Za-z0-9_-]*' "$dir/key.out" | head -n 1)
check "ygd bootstrap as the owner" sh -c \
	"set -a; . '$env'; exec '$ygd' bootstrap '某某县委常委会' '王明' '$key' '办公室主任'"
check "the admin logs in through ygd's role" sh -c "
	'$yg' --home '$dir/home' --server '$server' --ca '$dir/ca.crt' --committee 1 whoami |
	grep -q '王明'"

# 6. The portal: its feed links to the public address.
check "the portal's feed names --public-url" python3 -c "
import urllib.request, sys
body = urllib.request.urlopen('http://127.0.0.1:$(cat "$dir/http-port")/feed.atom').read().decode()
sys.exit(0 if 'https://yangguang.example.gov.cn' in body else 1)"

kill "$ygd_pid"
rc=0
wait "$ygd_pid" || rc=$?
ygd_pid=""
check "the installed ygd stops cleanly on SIGTERM" test "$rc" = 0
exit "$failed"
