#!/bin/sh
# `make run`: a private PostgreSQL under var/pg, a self-signed certificate
# under var/tls, the migrations, then ygd in the foreground. Ctrl-C stops
# ygd, then the private PostgreSQL. Settings come from YGD_* variables.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
build=${BUILD:-build}
pgdir="$top/var/pg"

if [ -z "${YGD_DB:-}" ]; then
	if [ ! -f "$pgdir/data/PG_VERSION" ]; then
		echo "Creating a private PostgreSQL cluster in var/pg ..."
		rm -rf "$pgdir"
		scripts/pg.sh init "$pgdir"
	fi
	scripts/pg.sh start "$pgdir"
	scripts/pg.sh createdb "$pgdir" yangguang
	# ygd serves as role ygd (member of yg_app, see sql/0011_roles.sql);
	# migrations and bootstrap run as yg_owner, the owner (not a superuser).
	YGD_DB_OWNER=$(scripts/pg.sh conninfo "$pgdir" yangguang)
	YGD_DB=$(scripts/pg.sh conninfo "$pgdir" yangguang ygd)
	private_pg=1
else
	private_pg=0
fi
export YGD_DB YGD_DB_OWNER=${YGD_DB_OWNER:-$YGD_DB}

stop_pg() {
	if [ "$private_pg" = 1 ]; then
		scripts/pg.sh stop "$pgdir" && echo "Private PostgreSQL stopped."
	fi
}

if ! "$build/ygd" migrate || { [ "$private_pg" = 1 ] && ! scripts/pg.sh approle "$pgdir"; }; then
	stop_pg
	exit 1
fi

export YGD_CERT=${YGD_CERT:-$top/var/tls/server.crt}
export YGD_KEY=${YGD_KEY:-$top/var/tls/server.key}
if [ ! -f "$YGD_CERT" ]; then
	scripts/mkcert.sh "$(dirname "$YGD_CERT")" >/dev/null
fi
fp=$(openssl x509 -in "$YGD_CERT" -outform DER | sha256sum | cut -d' ' -f1)
listen=${YGD_LISTEN:-127.0.0.1:7443}
http=${YGD_HTTP_LISTEN-127.0.0.1:8080}

cat <<MSG

  yangguang (阳光) is starting
  address:      $listen
  certificate:  sha256 $fp
  database:     $YGD_DB
  portal:       ${http:+http://$http/  (阳光公开页面: announcements, decisions, /api/v1/, /feed.atom)}

  Next, in another terminal:
    $build/yg --server $listen --fingerprint $fp ping

  First time? Make your key and register yourself as the first admin:
    $build/yg keygen
    $build/ygd --db '$YGD_DB_OWNER' bootstrap '委员会名称' '你的姓名' ed25519:...
    $build/yg --server $listen --committee 1 whoami

  Ctrl-C stops ygd and the private PostgreSQL.

MSG

# ygd gets the Ctrl-C itself; this shell waits for it, then stops the database.
trap '' INT
trap 'kill -TERM "$ygd_pid" 2>/dev/null' TERM
"$build/ygd" &
ygd_pid=$!
rc=0
wait "$ygd_pid" || rc=$?
# A TERM to this shell interrupts the first wait; wait again for ygd to finish.
kill -0 "$ygd_pid" 2>/dev/null && { wait "$ygd_pid" || rc=$?; }
stop_pg
exit "$rc"
