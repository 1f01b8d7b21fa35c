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
#   yg_demo PGDIR DEMODIR OUT
#                          the demo meeting as a suite's set-up (not what
#                          it tests): scripts/demo.sh's database in a
#                          cluster in PGDIR (left running), its terminals'
#                          files in DEMODIR, its output in OUT, made by
#                          $YG_SETUP_BUILD (else $build); a copy of the one
#                          tests/run.sh made once (YG_DEMO_COPY) if it did
#   yg_demo_vote PGDIR DEMODIR OUT
#                          the demo meeting that tests/vote_cli.sh and
#                          tests/visibility.sh read, with both their
#                          settings (YG_DEMO_LOSE_REPLY=chenzhiqiang.1,
#                          YG_DEMO_FOLLOW=1), made by $build: its cluster in
#                          PGDIR (left running), its terminals' files in
#                          DEMODIR, its output in OUT; a copy of the one
#                          tests/run.sh made with this build (YG_DEMO_VOTE)
#                          if it did
#   yg_fingerprint CERT    the SHA-256 fingerprint yg pins
#   yg_num_after TEXT WORD the number after WORD in TEXT
#
# The start every shell suite shares (tests/*.sh, sourced after the cd to
# the top of the tree):
#   yg_suite NAME BUILD    top, build (made absolute), YG, dir (a fresh
#                          directory yg-NAME.XXXXXX, kept at exit when
#                          NAME_KEEP is set, e.g. TUI_KEEP=1), pg and db for
#                          the suite's cluster, the C.UTF-8 locale, no
#                          YG_LANG/YG_COMMITTEE/YG_SERVER from outside,
#                          failed=0; the traps: on exit yg_on_exit (when the
#                          suite defines one), then the processes in $pids
#                          and $ygd_pid are stopped and the cluster too; and
#                          the helpers ok, fail, die, check, refuse, has,
#                          as, num_after, pub, id_of, as_owner, as_app (a suite may
#                          define its own instead, after yg_suite)
#   yg_server [LISTEN [HTTP-LISTEN [ygd-options...]]]
#                          the suite's database (yg_database), a certificate
#                          (fp) and ygd on it (yg_serve); dies on failure
#   yg_serve [LISTEN [HTTP-LISTEN [ygd-options...]]]
#                          ygd on LISTEN (default a free port on 127.0.0.1;
#                          its portal on HTTP-LISTEN, none unless given,
#                          then portal is its URL), signing with
#                          $dir/sign.key; sets server and ygd_pid
#   yg_demo_held OUT [VAR=VALUE...]
#                          scripts/demo.sh with HOLD=1 in the background
#                          (with those settings), its database in $pg, its
#                          terminals' files in $dir/demo, its output in OUT;
#                          waits until it holds its server (its pid joins
#                          $pids); dies if it ends or takes over 6 minutes
#   yg_eight HOMES         the committee scrutiny.sh and threshold.sh share:
#                          wangming (admin) bootstraps 某县县委常委会 and
#                          registers lijianguo (chair) and six members
#                          (委员, in $members with him); power entry 1

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
		if [ "$yg_n" -ge 600 ] || ! kill -0 "$ygd_pid" 2>/dev/null; then
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

yg_demo() {
	if [ -n "${YG_DEMO_COPY:-}" ] && [ -f "$YG_DEMO_COPY/done" ]; then
		YG_PG_TEMPLATE="$YG_DEMO_COPY/pg" scripts/pg.sh init "$1" --fast >/dev/null 2>&1 &&
			scripts/pg.sh start "$1" >/dev/null 2>&1 &&
			cp -a "$YG_DEMO_COPY/demo" "$2" && cp "$YG_DEMO_COPY/demo.out" "$3"
		return
	fi
	scripts/pg.sh init "$1" --fast >/dev/null 2>&1 || return 1
	env YG_DEMO_PG="$1" YG_DEMO_DIR="$2" BUILD="${YG_SETUP_BUILD:-$build}" scripts/demo.sh >"$3" 2>&1
}

# yg_npm_ci DIR FILE...: `npm ci` in DIR unless every FILE (a path inside
# DIR) is already there. One install at a time on this checkout: the two
# builds' suites run side by side, and two npm ci in one directory remove
# each other's files.
yg_npm_ci() {
	_npm_dir=$1
	shift
	(
		flock 9
		for f; do
			[ -f "$_npm_dir/$f" ] || {
				cd "$_npm_dir" && npm ci --no-audit --no-fund
				exit
			}
		done
	) 9>"$_npm_dir/.npm-install.lock"
}
yg_demo_vote() {
	if [ -n "${YG_DEMO_VOTE:-}" ] && [ -f "$YG_DEMO_VOTE/done" ]; then
		YG_PG_TEMPLATE="$YG_DEMO_VOTE/pg" scripts/pg.sh init "$1" --fast >/dev/null 2>&1 &&
			scripts/pg.sh start "$1" >/dev/null 2>&1 &&
			cp -a "$YG_DEMO_VOTE/demo" "$2" && cp "$YG_DEMO_VOTE/demo.out" "$3"
		return
	fi
	scripts/pg.sh init "$1" --fast >/dev/null 2>&1 || return 1
	env YG_DEMO_PG="$1" YG_DEMO_DIR="$2" BUILD="$build" YG_DEMO_LOSE_REPLY=chenzhiqiang.1 \
		YG_DEMO_FOLLOW=1 scripts/demo.sh >"$3" 2>&1
}

# yg_poll SECONDS COMMAND...: COMMAND again until it succeeds; fails once
# the pauses between tries add up to SECONDS. The pause starts at 0.1 s and
# doubles up to 1 s: a condition met at once is seen as soon as before,
# while one that takes seconds (a key ceremony, the scrutineers'
# decryption: their terminals act once a second) is asked about about once
# a second, not five or ten times; each asking starts programs (yg, psql),
# about 0.1 s of CPU under the sanitizers, on cores the suites share.
yg_poll() {
	yg_poll_left=$(($1 * 10)) yg_poll_gap=1
	shift
	until "$@"; do
		[ "$yg_poll_left" -gt 0 ] || return 1
		if [ "$yg_poll_gap" -lt 10 ]; then sleep "0.$yg_poll_gap"; else sleep 1; fi
		yg_poll_left=$((yg_poll_left - yg_poll_gap))
		yg_poll_gap=$((yg_poll_gap * 2))
		[ "$yg_poll_gap" -le 10 ] || yg_poll_gap=10
	done
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

# yg_standing HOMES: the standing committee of the full-screen suites
# (tests/tui.sh, tests/tui_threshold.sh), keys already made: bootstrapped
# by wangming (its admin; committee= set), then the chair lijianguo and the
# members chenzhiqiang, wuguohua, zhouhaitao, fengweidong and linfang.
# Refusals go to stderr; 1 at the first.
yg_standing() {
	yg_bootstrap "$1" wangming '某县县委常委会' '王明' '县委办主任' || return 1
	yg_member "$1" wangming lijianguo 李建国 县委书记 chair,member &&
		yg_member "$1" wangming chenzhiqiang 陈志强 县长 member &&
		yg_member "$1" wangming wuguohua 吴国华 常务副县长 member &&
		yg_member "$1" wangming zhouhaitao 周海涛 县委副书记 member &&
		yg_member "$1" wangming fengweidong 冯卫东 宣传部部长 member &&
		yg_member "$1" wangming linfang 林芳 县委办主任 member
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

yg_suite() {
	top=$(pwd)
	build=${2:-build}
	case "$build" in /*) ;; *) build="$top/$build" ;; esac
	YG="$build/yg"
	dir=$(mktemp -d "${TMPDIR:-/tmp}/yg-$1.XXXXXX")
	chmod 755 "$dir" # the cluster runs as postgres when we are root
	pg="$dir/pg"
	db=yangguang
	export LC_ALL=C.UTF-8 LANG=C.UTF-8
	unset YG_LANG YG_COMMITTEE YG_SERVER
	failed=0
	pids=""
	ygd_pid=""
	committee=""
	yg_keep=$(printf '%s_KEEP' "$1" | tr 'a-z-' 'A-Z_')
	eval "yg_keep=\${$yg_keep:-}"
	trap yg_suite_end EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	# The helpers (defined here, so that a script that only sources this
	# file keeps its own).
	ok() { echo "ok - $1"; }
	fail() {
		echo "FAIL - $1"
		failed=1
	}
	die() {
		echo "FAIL - $1"
		exit 1
	}
	# check NAME COMMAND...: COMMAND succeeds; refuse NAME COMMAND...: it
	# fails. Its output is kept in $dir/out either way.
	check() {
		yg_name=$1
		shift
		if "$@" >"$dir/out" 2>&1; then ok "$yg_name"; else
			fail "$yg_name"
			sed 's/^/    /' "$dir/out" | tail -n 20
		fi
	}
	refuse() {
		yg_name=$1
		shift
		if "$@" >"$dir/out" 2>&1; then
			fail "$yg_name (accepted)"
			sed 's/^/    /' "$dir/out" | tail -n 5
		else ok "$yg_name"; fi
	}
	# has NAME FILE TEXT: FILE shows TEXT.
	has() {
		if grep -qF -- "$3" "$2"; then ok "$1"; else
			fail "$1 (no \"$3\")"
			sed 's/^/    /' "$2" | tail -n 20
		fi
	}
	# as NAME yg-arguments...: yg on NAME's terminal ($dir/homes/NAME).
	as() { yg_as "$dir/homes" "$@"; }
	num_after() { yg_num_after "$@"; }
	pub() { cat "$dir/homes/$1.pub"; }
	id_of() { cat "$dir/homes/$1.id"; }
	as_owner() { scripts/pg.sh psql "$pg" "$db" -tA -c "$1"; }
	# as_app SQL: SQL as ygd's own database role (an attacker holding it).
	as_app() {
		"${YG_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}/psql" "$app" -X -q \
			-v ON_ERROR_STOP=1 -tA -c "$1"
	}
}

# yg_stop PID...: each process and its children. `as WHO ... &` runs a
# shell function in a subshell of its own, whose pid $! is: the yg it
# started is its child, and outlived a kill of the subshell alone (a
# `scrutineer watch` reconnecting for ever after the suite had ended).
yg_stop() {
	for yg_k in "$@"; do
		pkill -TERM -P "$yg_k" 2>/dev/null || :
		kill "$yg_k" 2>/dev/null || :
	done
}

yg_suite_end() {
	if command -v yg_on_exit >/dev/null 2>&1; then yg_on_exit; fi
	yg_stop $pids ${ygd_pid:-}
	for yg_p in $pids ${ygd_pid:-}; do wait "$yg_p" 2>/dev/null; done
	"$top/scripts/pg.sh" stop "$pg" >/dev/null 2>&1
	if [ -n "$yg_keep" ]; then echo "kept $dir"; else rm -rf "$dir"; fi
}

yg_server() {
	yg_database "$pg" "$db" || die "cannot make the database"
	fp=$(scripts/mkcert.sh "$dir/tls") || die "cannot make the certificate"
	yg_serve "$@"
}

yg_serve() {
	yg_listen=${1:-127.0.0.1:0} yg_http=${2:-}
	if [ $# -gt 2 ]; then shift 2; else set --; fi
	yg_ygd_start "$dir/ygd.log" "$dir/port" "${yg_http:+$dir/http-port}" --db "$app" \
		--listen "$yg_listen" --http-listen "$yg_http" --cert "$dir/tls/server.crt" \
		--key "$dir/tls/server.key" --sign-key "$dir/sign.key" "$@" || die "ygd did not start"
	[ -z "$yg_http" ] || portal="http://127.0.0.1:$(cat "$dir/http-port")"
}

yg_demo_held() {
	yg_out=$1
	shift
	env "$@" HOLD=1 YG_DEMO_PG="$pg" YG_DEMO_DIR="$dir/demo" BUILD="$build" scripts/demo.sh \
		>"$yg_out" 2>&1 &
	yg_p=$!
	pids="$pids $yg_p"
	yg_n=0
	until grep -q '服务器继续运行' "$yg_out"; do
		yg_n=$((yg_n + 1))
		if [ $yg_n -gt 1800 ] || ! kill -0 "$yg_p" 2>/dev/null; then
			tail -n 30 "$yg_out" | sed 's/^/    /'
			die "the demo did not reach its held server"
		fi
		sleep 0.2
	done
}

yg_eight() {
	yg_keys "$1" wangming lijianguo chenzhiqiang wuguohua zhouhaitao sunlixin fengweidong linfang
	yg_bootstrap "$1" wangming '某县县委常委会' '王明' '县委办主任' || die "bootstrap"
	yg_member "$1" wangming lijianguo 李建国 委员 chair,member || die "add lijianguo"
	members="lijianguo"
	for yg_who in chenzhiqiang:陈志强 wuguohua:吴国华 zhouhaitao:周海涛 sunlixin:孙立新 \
		fengweidong:冯卫东 linfang:林芳; do
		yg_member "$1" wangming "${yg_who%%:*}" "${yg_who#*:}" 委员 member ||
			die "add ${yg_who%%:*}"
		members="$members ${yg_who%%:*}"
	done
	yg_as "$1" wangming admin power add --category decision --title 重大决策事项 \
		--basis '条例' >/dev/null || die "power list"
}
