# shellcheck shell=sh
# A private server for the shell suites, the benchmarks and the demo
# (sourced from the top of the tree, with $build set to the build
# directory):
#   yg_database PGDIR DB [INIT-OPTION]
#                          a cluster in PGDIR (made unless it is there, with
#                          pg.sh init's --fast unless told otherwise) started,
#                          DB made afresh and migrated, the app role ygd; sets
#                          owner and app (conninfo as the owner, as ygd serves)
#   yg_template DIR        a stopped cluster in DIR to copy (YG_PG_TEMPLATE):
#                          made once, its database yg_migrated migrated by
#                          $build/ygd, the app role made; tests/run.sh makes
#                          one per build so that no suite runs initdb or the
#                          migrations again
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
	scripts/pg.sh createdb "$1" "$2" --migrated >/dev/null || return 1
	owner=$(scripts/pg.sh conninfo "$1" "$2")
	app=$(scripts/pg.sh conninfo "$1" "$2" ygd)
	"$build/ygd" --db "$owner" migrate >"$1.migrate.log" 2>&1 || {
		tail -n 20 "$1.migrate.log" >&2
		return 1
	}
	scripts/pg.sh approle "$1" >/dev/null 2>&1
}

yg_template() {
	YG_PG_TEMPLATE="" scripts/pg.sh init "$1" --fast >/dev/null || return 1
	scripts/pg.sh start "$1" >/dev/null || return 1
	scripts/pg.sh createdb "$1" yg_migrated >/dev/null &&
		"$build/ygd" --db "$(scripts/pg.sh conninfo "$1" yg_migrated)" migrate \
			>"$1.migrate.log" 2>&1 &&
		scripts/pg.sh approle "$1" >/dev/null
	yg_rc=$?
	[ "$yg_rc" = 0 ] || tail -n 20 "$1.migrate.log" >&2
	scripts/pg.sh stop "$1" >/dev/null || return 1
	return "$yg_rc"
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

# The committee as its terminals make it; HOMES holds a home per person.
#   yg_as HOMES NAME yg-arguments...  yg on NAME's terminal, against $server
#                          pinned to $fp, in $committee once there is one
#   yg_keys HOMES NAME...  a key made on each terminal, the public key kept
#                          in HOMES/NAME.pub
#   yg_bootstrap HOMES ADMIN COMMITTEE-NAME DISPLAY-NAME TITLE
#                          `ygd bootstrap` as the owner with ADMIN's key as
#                          the first admin; sets committee
#   yg_scrutineers_all HOMES ADMIN N
#                          ADMIN sets the rules to N scrutineers, all of whom
#                          must decrypt (no threshold; the defaults are any
#                          2 of 3), for the suites written for that
#   yg_member HOMES ADMIN LOGIN NAME TITLE ROLES
#                          ADMIN registers LOGIN's key; its id in HOMES/LOGIN.id
#   yg_item HOMES WHO TITLE [SUMMARY]
#                          WHO drafts a decision item citing power entry 1,
#                          adds the materials its gates need (research.txt,
#                          risk.txt, legal.txt from $yg_materials, default
#                          HOMES, written there if missing; the legality
#                          review passed) and announces it; prints its id
#   yg_windows_past PGDIR DB
#                          every item's comment window ended a second ago,
#                          announced 8 days ago (the tests cannot wait)
#   yg_meeting HOMES CHAIR TITLE PLACE AT ITEM...
#                          CHAIR schedules a meeting at AT (YYYY-MM-DD HH:MM)
#                          of the items and announces it; prints its id

yg_as() {
	yg_home=$1/$2
	shift 2
	"$build/yg" --server "$server" --fingerprint "$fp" --home "$yg_home" \
		${committee:+--committee "$committee"} "$@"
}

yg_keys() {
	yg_homes=$1
	shift
	for yg_who in "$@"; do
		mkdir -p "$yg_homes/$yg_who"
		"$build/yg" --home "$yg_homes/$yg_who" keygen 2>/dev/null |
			grep -o 'ed25519:[A-Za-z0-9_-]*' >"$yg_homes/$yg_who.pub"
	done
}

yg_bootstrap() {
	yg_out=$("$build/ygd" --db "$owner" bootstrap "$3" "$4" "$(cat "$1/$2.pub")" "$5") || return 1
	committee=$(printf '%s\n' "$yg_out" | sed -n 's/.*"committee": *\([0-9]*\).*/\1/p' | head -n 1)
	[ -n "$committee" ]
}

yg_scrutineers_all() {
	yg_as "$1" "$2" admin rules set scrutineers "$3" >/dev/null &&
		yg_as "$1" "$2" admin rules set scrutineer_threshold 0 >/dev/null
}

yg_member() {
	yg_out=$(yg_as "$1" "$2" admin member add --name "$4" --title "$5" --roles "$6" \
		--key "$(cat "$1/$3.pub")") || return 1
	yg_num_after "$yg_out" "已登记成员" >"$1/$3.id"
}

yg_item() {
	yg_m=${yg_materials:-$1}
	[ -f "$yg_m/research.txt" ] || printf '调研报告\n' >"$yg_m/research.txt"
	[ -f "$yg_m/risk.txt" ] || printf '风险评估\n' >"$yg_m/risk.txt"
	[ -f "$yg_m/legal.txt" ] || printf '合法性审查意见：合法\n' >"$yg_m/legal.txt"
	yg_out=$(yg_as "$1" "$2" item create --title "$3" --category decision --power 1 \
		${4:+--summary "$4"}) || return 1
	yg_i=$(yg_num_after "$yg_out" "已起草议题")
	[ -n "$yg_i" ] &&
		yg_as "$1" "$2" material add "$yg_i" --kind research "$yg_m/research.txt" >/dev/null &&
		yg_as "$1" "$2" material add "$yg_i" --kind risk_assessment "$yg_m/risk.txt" >/dev/null &&
		yg_as "$1" "$2" material add "$yg_i" --kind legality_review --outcome passed \
			"$yg_m/legal.txt" >/dev/null &&
		yg_as "$1" "$2" item announce "$yg_i" >/dev/null &&
		echo "$yg_i"
}

yg_windows_past() {
	scripts/pg.sh psql "$1" "$2" -q -c "SET session_replication_role = replica;
		UPDATE item_version SET announced_at = now() - interval '8 days',
		window_ends_at = now() - interval '1 second'" >/dev/null
}

yg_meeting() {
	yg_homes=$1 yg_chair=$2
	yg_out=$(yg_as "$yg_homes" "$yg_chair" meeting create --title "$3" --place "$4" --at "$5") ||
		return 1
	yg_m=$(yg_num_after "$yg_out" "会议")
	shift 5
	for yg_i in "$@"; do
		yg_as "$yg_homes" "$yg_chair" meeting add "$yg_m" "$yg_i" >/dev/null || return 1
	done
	yg_as "$yg_homes" "$yg_chair" meeting announce "$yg_m" >/dev/null && echo "$yg_m"
}
