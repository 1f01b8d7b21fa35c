#!/bin/sh
# A private PostgreSQL cluster in a directory of ours: Unix socket inside it,
# no TCP port. PostgreSQL refuses to run as root, so as root the cluster is
# owned and run by the 'postgres' system user.
#
# Roles: yg, the superuser, for administration only (psql below, backups,
# replication set-up); yg_owner, a plain role that owns the databases and
# their schema (migrations, bootstrap: ygd --db-owner); ygd, the login role
# ygd serves with (member of yg_app). Authentication is peer: only the
# system user who made the cluster (and, under root, postgres) may connect,
# as any of those roles (pg_ident.conf), and nobody else at all.
#
#   pg.sh init DIR [--fast]   create the cluster (--fast: no fsync, for tests;
#                             with YG_PG_TEMPLATE naming a stopped --fast
#                             cluster, a copy of it instead of a new initdb)
#   pg.sh start DIR           start it (no-op if running; a killed postmaster's
#                             pid file and lingering children are cleared)
#   pg.sh stop DIR            stop it (fast shutdown; no-op if stopped)
#   pg.sh status DIR          exit 0 if running
#   pg.sh createdb DIR NAME [--migrated]
#                             create database NAME owned by yg_owner (no-op if
#                             it exists); --migrated: a copy of the database
#                             yg_migrated when the cluster has one (a copy of
#                             tests/lib.sh's yg_template), so that the
#                             migrations that follow have nothing to do
#   pg.sh approle DIR         make the login role ygd serves with (member of
#                             yg_app, which the migrations create)
#   pg.sh standby DIR PRIMARY make DIR a streaming hot standby of the running
#                             cluster in PRIMARY (pg_basebackup -R as the role
#                             yg_replica, which may only replicate); start it
#                             with pg.sh start DIR
#   pg.sh conninfo DIR [NAME [USER]]  print the libpq conninfo (USER: yg_owner,
#                             the owner)
#   pg.sh psql DIR NAME ...   run psql against NAME as the superuser yg
set -eu

cmd=${1:?usage: pg.sh init|start|stop|status|createdb|conninfo|psql DIR ...}
dir=${2:?missing DIR}
shift 2
# The newest installed PostgreSQL, or YG_PG_BINDIR when it holds pg_ctl:
# tests/run.sh looks once for a run, not three programs at every call of
# this script (the suites make thousands; a call that only prints the
# conninfo took 40 ms of CPU, nearly all of it the look).
bindir=${YG_PG_BINDIR:-}
[ -x "$bindir/pg_ctl" ] || bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "pg.sh: PostgreSQL server binaries not found (make deps)" >&2; exit 1; }
data="$dir/data"
user=yg        # the superuser: administration only
owner=yg_owner # owns the databases; not a superuser

# Run a PostgreSQL program as the cluster's owner.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# Whether the cluster accepts connections.
ready() {
	"$bindir/pg_isready" -q -h "$(cd "$dir" && pwd)" >/dev/null 2>&1
}

# The processes (other than zombies) whose working directory is the data
# directory: a postmaster and its children all run there.
cluster_pids() {
	real=$(cd "$data" 2>/dev/null && pwd -P) || return 0
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/cwd" 2>/dev/null)" = "$real" ] || continue
		[ "$(sed 's/^.*) //' "$p/stat" 2>/dev/null | cut -d' ' -f1)" != Z ] || continue
		echo "${p#/proc/}"
	done
}

# The pid of the cluster's postmaster if it is alive: the pid that
# postmaster.pid names, still a postgres process (not a zombie, not a
# number since reused by another program) running in the data directory.
# pg_ctl status takes any process with that number for the server, so a
# killed postmaster's pid file would keep the cluster down.
# Only that one process is looked at, without a program per check: this
# runs on every start, stop and status, and a scan of every process on a
# loaded machine cost seconds of CPU each time.
postmaster_pid() {
	pid=""
	{ read -r pid <"$data/postmaster.pid"; } 2>/dev/null ||
		pid=$(as_owner head -n 1 "$data/postmaster.pid" 2>/dev/null) || return 1
	case "$pid" in '' | *[!0-9]*) return 1 ;; esac
	comm=""
	{ read -r comm <"/proc/$pid/comm"; } 2>/dev/null || return 1
	[ "$comm" = postgres ] || return 1
	stat=""
	{ read -r stat <"/proc/$pid/stat"; } 2>/dev/null || return 1
	stat=${stat##*) }
	[ "${stat%% *}" != Z ] || return 1
	real=$(cd "$data" 2>/dev/null && pwd -P) || return 1
	[ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$real" ] || return 1
	echo "$pid"
}

# The postmaster is gone: let its orphaned children finish (they leave once
# they notice; a new postmaster refuses to start while they hold the shared
# memory), kill those that linger, and remove the stale pid file.
clear_stale() {
	as_owner test -f "$data/postmaster.pid" || return 0
	i=0
	while [ -n "$(cluster_pids)" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	for p in $(cluster_pids); do
		as_owner kill -9 "$p" 2>/dev/null || true
	done
	i=0
	while [ -n "$(cluster_pids)" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	echo "pg.sh: removing the stale $data/postmaster.pid" >&2
	as_owner rm -f "$data/postmaster.pid"
	# The socket's lock file names the killed postmaster too; while that
	# process is an unreaped zombie, PostgreSQL takes it for alive and
	# refuses the socket. No process of the cluster is left: remove it.
	for f in "$dir"/.s.PGSQL.*.lock; do
		[ -e "$f" ] && as_owner rm -f "$f"
	done
	return 0
}

case "$cmd" in
init)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	data="$dir/data"
	if [ "$(id -u)" -eq 0 ]; then
		# The directory that holds the cluster (var/ of the project, or a
		# test's own) must let user postgres pass, whoever made it first and
		# with whatever umask: open it to others for search only (o+x).
		parent=$(dirname "$dir")
		case "$(stat -c %A "$parent")" in
		*[xt]) ;;
		*) chmod o+x "$parent" ;;
		esac
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
	template=${YG_PG_TEMPLATE:-}
	if [ "${1:-}" = "--fast" ] && [ -n "$template" ] && as_owner test -f "$template/data/PG_VERSION"; then
		# The tests' clusters: a copy of one made earlier by the same
		# user with the same options, its socket moved here (the last
		# line wins).
		as_owner cp -a "$template/data" "$data" || exit 1
		echo "unix_socket_directories = '$dir'" | as_owner sh -c "cat >> '$data/postgresql.conf'"
		as_owner mv "$data" "$final"
		exit 0
	fi
	as_owner "$bindir/initdb" -D "$data" -U "$user" --auth-local=peer --auth-host=reject \
		-E UTF8 --no-locale $nosync >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	# Peer authentication over the socket, nothing else: the system user
	# running this (and postgres, who runs the cluster under root) may be
	# the project's roles; any other local user is refused.
	me=$(id -un)
	{
		echo "local all all peer map=yg"
		echo "local replication all peer map=yg"
	} | as_owner sh -c "cat > '$data/pg_hba.conf'"
	for sys in "$me" $([ "$(id -u)" -eq 0 ] && echo postgres); do
		for role in "$user" "$owner" ygd yg_replica; do
			echo "yg $sys $role"
		done
	done | as_owner sh -c "cat > '$data/pg_ident.conf'"
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
	ready && exit 0
	pid=$(postmaster_pid) || pid=""
	if [ -n "$pid" ]; then
		# Alive but not answering yet: starting up, or recovering.
		i=0
		while [ $i -lt 600 ]; do
			ready && exit 0
			[ -n "$(postmaster_pid)" ] || break
			sleep 0.1
			i=$((i + 1))
		done
		if [ -n "$(postmaster_pid)" ]; then
			echo "pg.sh: PostgreSQL (pid $pid) runs in $data but does not answer" >&2
			exit 1
		fi
	fi
	clear_stale
	# Its own session: a Ctrl-C meant for ygd must not reach the database.
	as_owner setsid "$bindir/pg_ctl" -D "$data" -l "$dir/postgresql.log" -w -t 60 start >/dev/null ||
		{ tail -n 20 "$dir/postgresql.log" >&2; exit 1; }
	;;
stop)
	[ -n "$(postmaster_pid)" ] || exit 0
	as_owner "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
	;;
status)
	[ -n "$(postmaster_pid)" ]
	;;
createdb)
	name=${1:?missing NAME}
	from=""
	if [ "${2:-}" = "--migrated" ] && [ "$("$bindir/psql" -h "$dir" -U "$user" -d postgres -tAc \
		"SELECT 1 FROM pg_database WHERE datname = 'yg_migrated'")" = 1 ]; then
		from="-T yg_migrated"
		# PostgreSQL 15 copies a template through the WAL by default,
		# block by block: copying its files is about 0.1 s of CPU less a
		# database (and the tests' clusters do not fsync).
		ver=${bindir%/bin}
		ver=${ver##*/}
		case "$ver" in *[!0-9]* | "") ;; *) [ "$ver" -lt 15 ] || from="$from -S file_copy" ;; esac
	fi
	# The owner may create the app role (CREATEROLE) and nothing more.
	"$bindir/psql" -h "$dir" -U "$user" -d postgres -X -q -v ON_ERROR_STOP=1 -c "
		DO \$\$ BEGIN
			IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$owner') THEN
				CREATE ROLE $owner LOGIN CREATEROLE;
			END IF;
		END \$\$;"
	had=$("$bindir/psql" -h "$dir" -U "$user" -d postgres -tAc \
		"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '$name'")
	if [ -z "$had" ]; then
		# shellcheck disable=SC2086 # the option is words or none
		"$bindir/createdb" -h "$dir" -U "$user" -O "$owner" $from "$name"
	elif [ "$had" != "$owner" ]; then
		echo "pg.sh: database $name in $dir is owned by $had, not by $owner: it was made" >&2
		echo "pg.sh: before the owner was a role apart. Remove $dir to start afresh." >&2
		exit 1
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
standby)
	primary=$(cd "${1:?missing PRIMARY}" && pwd)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	data="$dir/data"
	[ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
	chmod 700 "$dir"
	# The standby connects with a role that can replicate and nothing else.
	"$bindir/psql" -h "$primary" -U "$user" -d postgres -X -q -v ON_ERROR_STOP=1 -c "
		DO \$\$ BEGIN
			IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'yg_replica') THEN
				CREATE ROLE yg_replica LOGIN REPLICATION;
			END IF;
		END \$\$;"
	as_owner rm -rf "$data"
	as_owner "$bindir/pg_basebackup" -h "$primary" -U yg_replica -D "$data" -R -X stream \
		-c fast >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
	# The copied settings name the primary's socket directory: the last line wins.
	printf "unix_socket_directories = '%s'\nhot_standby = on\n" "$dir" |
		as_owner sh -c "cat >> '$data/postgresql.conf'"
	;;
conninfo)
	echo "host=$(cd "$dir" && pwd) user=${2:-$owner} dbname=${1:-yangguang}"
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
