# shellcheck shell=sh
# Shared by the benchmark scripts (sourced, not run, from the top of the
# tree with $build set): a temporary directory for a private cluster, the
# server started as the tests start theirs (tests/lib.sh), stopping
# processes, cleaning up on any exit.
#   bench_init LABEL PREFIX   sets tmp and pgdir, installs the traps
#   ygd_alive                 dies, with the end of ygd's log, unless ygd
#                             still runs
#   calc FORMAT EXPRESSION    awk as a calculator
#   ygd_warnings N INDENT     the count and the last N lines of what ygd
#                             logged at warn or above, if any
#   bench_database            the cluster in $pgdir (--fast) started, the
#                             database yangguang made and migrated, the app
#                             role made (yg_database); db is the owner's
#                             conninfo
#   bench_ygd HTTPPORTFILE ygd-options...
#                             a certificate in $tmp/tls and ygd on a free
#                             port of 127.0.0.1 with it, on $db (its
#                             portal's port written to HTTPPORTFILE unless
#                             that is empty), output in $tmp/ygd.log; waits
#                             for the port files (yg_ygd_start); sets
#                             ygd_pid and addr; dies if ygd does not start
# The caller sets helper_pid as it starts one; cleanup stops it and ygd,
# the cluster, and removes tmp.
. tests/lib.sh

ygd_pid=""
helper_pid=""

# Stop pid (TERM, then KILL after 10 s) and reap it.
stop_pid() {
	kill -TERM "$1" 2>/dev/null || return 0
	n=0
	while kill -0 "$1" 2>/dev/null && [ "$n" -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		echo "$bench_label: pid $1 ignored SIGTERM for 10 s; killing it" >&2
		kill -KILL "$1" 2>/dev/null || true
	fi
	wait "$1" 2>/dev/null || true
}

cleanup() {
	rc=$?
	trap - EXIT INT TERM HUP
	[ -z "$helper_pid" ] || stop_pid "$helper_pid"
	[ -z "$ygd_pid" ] || stop_pid "$ygd_pid"
	scripts/pg.sh stop "$pgdir" >/dev/null 2>&1 || true
	rm -rf "$tmp"
	exit "$rc"
}

step() { echo "$bench_label: $*" >&2; }
die() {
	echo "$bench_label: $*" >&2
	exit 1
}

# Whether ygd still runs; a zombie (dead, not yet reaped by us) does not.
ygd_alive() {
	grep -qs '^State:[[:space:]]*[^Z[:space:]]' "/proc/$ygd_pid/status" || {
		tail -n 20 "$tmp/ygd.log" >&2
		die "ygd is gone (see its log above)"
	}
}

calc() { awk "BEGIN { printf \"$1\", $2 }"; }

# What ygd logged at warn or above, if anything: how many lines, and the
# last N of them, indented by INDENT (the report's own indentation).
ygd_warnings() {
	[ -s "$tmp/ygd.log" ] || return 0
	echo
	echo "$2ygd logged $(wc -l <"$tmp/ygd.log") line(s) at warn or above; the last ones:"
	tail -n "$1" "$tmp/ygd.log" | sed "s/^/$2  /"
}

# The value of KEY in a line of key=value words.
val() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

bench_database() {
	yg_database "$pgdir" yangguang || die "cannot make the database in $pgdir"
	db=$owner
}

bench_ygd() {
	bench_http=$1
	shift
	scripts/mkcert.sh "$tmp/tls" >/dev/null || die "cannot make the certificate"
	yg_ygd_start "$tmp/ygd.log" "$tmp/port" "$bench_http" --db "$db" --listen 127.0.0.1:0 \
		--cert "$tmp/tls/server.crt" --key "$tmp/tls/server.key" "$@" || die "ygd did not start"
	addr=$server
}

bench_init() {
	bench_label=$1
	tmp=$(mktemp -d "/tmp/$2.XXXXXX")
	# As root the cluster belongs to 'postgres', which must be able to enter here.
	chmod 711 "$tmp"
	pgdir="$tmp/pg"
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM HUP
}
