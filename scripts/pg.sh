#!/bin/sh
# A private PostgreSQL cluster in a directory of ours: Unix socket inside it,
# no TCP port. PostgreSQL refuses to run as root, so as root the cluster is
# owned and run by the 'postgres' system user.
#
#   pg.sh init DIR [--fast]   create the cluster (--fast: no fsync, for tests)
#   pg.sh start DIR           start it (no-op if running)
#   pg.sh stop DIR            stop it (fast shutdown; no-op if stopped)
#   pg.sh status DIR          exit 0 if running
#   pg.sh createdb DIR NAME   create database NAME (no-op if it exists)
#   pg.sh approle DIR         make the login role ygd serves with (member of
#                             yg_app, which the migrations create)
#   pg.sh conninfo DIR [NAME [USER]]  print the libpq conninfo (USER: yg, the owner)
#   pg.sh psql DIR NAME ...   run psql against NAME
set -eu

cmd=${1:?usage: pg.sh init|start|stop|status|createdb|conninfo|psql DIR ...}
dir=${2:?missing DIR}
shift 2
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "pg.sh: PostgreSQL server binaries not found (make deps)" >&2; exit 1; }
data="$dir/data"
user=yg

# Run a PostgreSQL program as the cluster's owner.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

case "$cmd" in
init)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	data="$dir/data"
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$dir"
		if ! runuser -u postgres -- test -w "$dir"; then
			echo "pg.sh: user postgres cannot reach $dir (a parent directory is closed to it)." >&2
			echo "pg.sh: open the parents with chmod o+x, or clone the project elsewhere." >&2
			exit 1
		fi
	fi
	chmod 700 "$dir"
	nosync=""
	[ "${1:-}" = "--fast" ] && nosync="--no-sync"
	# Made under another name and renamed when complete: an interrupted
	# init never leaves a half-made cluster where a later run would use it.
	final="$data"
	data="$dir/data.new"
	as_owner rm -rf "$data"
	as_owner "$bindir/initdb" -D "$data" -U "$user" -A trust -E UTF8 --no-locale $nosync >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	{
		echo "listen_addresses = ''"
		echo "unix_socket_directories = '$dir'"
		echo "max_connections = 200"
		if [ "${1:-}" = "--fast" ]; then
			echo "fsync = off"
			echo "synchronous_commit = off"
			echo "full_page_writes = off"
		fi
	} | as_owner sh -c "cat >> '$data/postgresql.conf'"
	as_owner mv "$data" "$final"
	;;
start)
	as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1 && exit 0
	# Its own session: a Ctrl-C meant for ygd must not reach the database.
	as_owner setsid "$bindir/pg_ctl" -D "$data" -l "$dir/postgresql.log" -w -t 60 start >/dev/null ||
		{ tail -n 20 "$dir/postgresql.log" >&2; exit 1; }
	;;
stop)
	as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1 || exit 0
	as_owner "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
	;;
status)
	as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1
	;;
createdb)
	name=${1:?missing NAME}
	if ! "$bindir/psql" -h "$dir" -U "$user" -d postgres -tAc \
		"SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
		"$bindir/createdb" -h "$dir" -U "$user" "$name"
	fi
	;;
approle)
	"$bindir/psql" -h "$dir" -U "$user" -d postgres -X -q -v ON_ERROR_STOP=1 -c "
		DO \$\$ BEGIN
			IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ygd') THEN
				CREATE ROLE ygd LOGIN;
			END IF;
			GRANT yg_app TO ygd;
		END \$\$;"
	;;
conninfo)
	echo "host=$(cd "$dir" && pwd) user=${2:-$user} dbname=${1:-yangguang}"
	;;
psql)
	name=${1:?missing NAME}
	shift
	exec "$bindir/psql" -h "$dir" -U "$user" -d "$name" -X -q -v ON_ERROR_STOP=1 "$@"
	;;
*)
	echo "pg.sh: unknown command $cmd" >&2
	exit 2
	;;
esac
