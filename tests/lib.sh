# shellcheck shell=sh
# A private server for the shell suites, the benchmarks and the demo
# (sourced from the top of the tree, with $build set to the build
# directory):
#   yg_database PGDIR DB [INIT-OPTION]
#                          a cluster in PGDIR (made unless it is there, with
#                          pg.sh init's --fast unless told otherwise) started,
#                          DB made afresh and migrated, the app role ygd; sets
#                          owner and app (conninfo as the owner, as ygd serves)
#   yg_ygd_start LOG PORTFILE HTTPPORTFILE ygd-options...
#                          ygd writing its port (and, unless HTTPPORTFILE is
#                          empty, its portal's) there, output appended to LOG;
#                          waits for the port files; sets ygd_pid and server
#   yg_ygd_stop            stops it
#   yg_fingerprint CERT    the SHA-256 fingerprint yg pins
#   yg_num_after TEXT WORD the number after WORD in TEXT

yg_database() {
	if [ ! -f "$1/data/PG_VERSION" ]; then
		rm -rf "$1"
		# shellcheck disable=SC2086 # the option is a word or none
		scripts/pg.sh init "$1" ${3---fast} >/dev/null 2>&1 || return 1
	fi
	scripts/pg.sh start "$1" >/dev/null 2>&1 || return 1
	scripts/pg.sh psql "$1" postgres -q -c "DROP DATABASE IF EXISTS $2" >/dev/null 2>&1
	scripts/pg.sh createdb "$1" "$2" >/dev/null || return 1
	owner=$(scripts/pg.sh conninfo "$1" "$2")
	app=$(scripts/pg.sh conninfo "$1" "$2" ygd)
	"$build/ygd" --db "$owner" migrate >"$1.migrate.log" 2>&1 || {
		tail -n 20 "$1.migrate.log" >&2
		return 1
	}
	scripts/pg.sh approle "$1" >/dev/null 2>&1
}

yg_ygd_start() {
	yg_log=$1 yg_pf=$2 yg_hpf=$3
	shift 3
	rm -f "$yg_pf" ${yg_hpf:+"$yg_hpf"}
	"$build/ygd" --port-file "$yg_pf" ${yg_hpf:+--http-port-file "$yg_hpf"} "$@" \
		>>"$yg_log" 2>&1 &
	ygd_pid=$!
	yg_n=0
	while [ ! -s "$yg_pf" ] || { [ -n "$yg_hpf" ] && [ ! -s "$yg_hpf" ]; }; do
		yg_n=$((yg_n + 1))
		if [ "$yg_n" -ge 100 ] || ! kill -0 "$ygd_pid" 2>/dev/null; then
			echo "ygd did not start; the end of $yg_log:" >&2
			tail -n 20 "$yg_log" >&2
			return 1
		fi
		sleep 0.1
	done
	server="127.0.0.1:$(cat "$yg_pf")"
}

yg_ygd_stop() {
	[ -n "${ygd_pid:-}" ] || return 0
	kill "$ygd_pid" 2>/dev/null
	wait "$ygd_pid" 2>/dev/null
	ygd_pid=""
}

yg_fingerprint() { openssl x509 -in "$1" -outform DER | sha256sum | cut -d' ' -f1; }

yg_num_after() { printf '%s\n' "$1" | sed -n "s/.*$2 *\([0-9][0-9]*\).*/\1/p" | head -n 1; }
