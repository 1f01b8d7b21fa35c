#!/bin/bash
# Run every suite of one or more builds: tests/run.sh BUILD [BUILD...]
#
# First one PostgreSQL cluster per build is made and migrated (by that
# build's ygd); every suite's private clusters are copies of it
# (YG_PG_TEMPLATE), not an initdb and the migrations each.
# Suites run YG_TEST_JOBS at a time (default: twice the number of cores:
# a suite spends much of its time waiting on its ygd, its PostgreSQL and
# its terminals, and with one suite a core the cores stood idle); each
# integration suite already starts its own PostgreSQL and ygd on free ports,
# and each gets its own YG_HOME here, so they do not meet. The longest ones
# start first. The checks of what suites leave (the JOSE check of
# test_vote's tally, the records test_election writes) run in the same
# pool, each once the suite it reads has ended. A suite's output is printed
# whole when it ends, so that runs side by side do not interleave, with its
# time. Exit non-zero if any suite fails; the last line is "N passed, N
# failed".
#
# YG_TEST_SUITES="NAME ..." runs only the suites so named (test_client,
# tests/vote_cli.sh, tests/jose, tests/vectors/verify_ballot.py ...).
set -u
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- build
jobs=${YG_TEST_JOBS:-$((2 * $(nproc 2>/dev/null || echo 1)))}
# Sanitizers: any finding fails the process that has it (ygd included).
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=23"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# ygd gives up a statement or a transaction after --db-timeout (10 s by
# default) and drops its connection; four suites at a time on two shared
# cores, under the sanitizers, can take that long for a 300-member tally
# without anything being wrong. Suites that test the timeout pass it.
export YGD_DB_TIMEOUT="${YGD_DB_TIMEOUT:-60000}"
work=$(mktemp -d "${TMPDIR:-/tmp}/yg-tests.XXXXXX")
# PostgreSQL's programs, found once for every scripts/pg.sh of the run.
YG_PG_BINDIR=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
export YG_PG_BINDIR
cleanup() {
	local d
	for d in "$work"/pg.*/ "$work"/demo/pg/ "$work"/demo-vote.*/pg/; do
		[ -d "$d" ] && scripts/pg.sh stop "$d" >/dev/null 2>&1
	done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# python3 as found once: where PATH reaches it through a version manager's
# shim (pyenv's is a bash script that runs a dozen programs to choose the
# version: about 0.4 s of CPU a call against 0.05 s for the interpreter),
# the suites' calls (a hundred or so a run) go straight to the interpreter
# the shim chose, through a two-line script (exec keeps a virtualenv's
# python its own).
if py=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) && [ -x "$py" ] &&
	[ "$py" != "$(command -v python3)" ]; then
	mkdir -p "$work/bin"
	printf '#!/bin/sh\nexec %q "$@"\n' "$py" >"$work/bin/python3"
	chmod 755 "$work/bin/python3"
	export PATH="$work/bin:$PATH"
fi

# Whether the suite NAME is to run (YG_TEST_SUITES names a suite by the
# first word of its name).
chosen() {
	[ -z "${YG_TEST_SUITES:-}" ] && return 0
	case " $YG_TEST_SUITES " in *" $1 "*) return 0 ;; esac
	return 1
}

# The suites, as "BUILD<TAB>NAME<TAB>COMMAND[<TAB>AFTER]", longest first
# (the times of the last full runs, two cores, four at a time): the run
# takes as long as its work allows only when no long suite starts near the
# end. Each suite of every build goes next to the same suite of the others,
# the sanitizer build's first (it takes about twice as long); the shell
# suites, then those of the checkout itself (fresh clones, make install:
# once, with the first build), then the integration suites (and
# test_election, the longest unit), then the units, then the checks of what
# they leave (AFTER: the suite of that build they wait for, a unit named
# unit/NAME: test_vote is the integration suite, unit/test_vote the unit).
list() {
	local b t builds_back=""
	for b in "$@"; do builds_back="$b $builds_back"; done
	# The fuzz targets (tests/fuzz/), 2 s each on their seeds, from their
	# own clang build in build/fuzz (make test builds it), once, with the
	# plain build. A target that is not built fails this suite.
	case " $* " in
	*" build "*) printf 'build\ttests/fuzz (every libFuzzer target, 2 s each)\ttests/fuzz/run.sh build/fuzz 2 %s\n' "$work/fuzz" ;;
	esac
	# The demo meeting that tests/portal.sh and tests/backup.sh start from
	# (their set-up, not what they test), made once by the first build.
	printf '%s\tdemo (the set-up of tests/portal.sh and tests/backup.sh)\tdemo_copy\n' "$1"
	# The demo meeting tests/vote_cli.sh and tests/visibility.sh read (with
	# both their settings), once a build for both (tests/lib.sh yg_demo_vote).
	for b in $builds_back; do
		printf '%s\tdemo-vote (the demo of tests/vote_cli.sh and tests/visibility.sh)\tdemo_vote %s\n' \
			"$b" "$b"
	done
	printf '%s\ttests/order.sh\ttests/order.sh %s\n' "$1" "$1"
	for t in vote_cli threshold visibility replica scrutiny office portal tui backup tui_threshold; do
		for b in $builds_back; do
			case $t in
			portal | backup) printf '%s\ttests/%s.sh\ttests/%s.sh %s\tdemo\n' "$b" $t $t "$b" ;;
			vote_cli | visibility) printf '%s\ttests/%s.sh\ttests/%s.sh %s\tdemo-vote\n' "$b" $t $t "$b" ;;
			*) printf '%s\ttests/%s.sh\ttests/%s.sh %s\n' "$b" $t $t "$b" ;;
			esac
		done
	done
	for t in chinese tz trial deploy walkthrough install sql_frozen; do
		case $t in
		sql_frozen) printf '%s\ttests/%s.sh\ttests/%s.sh\n' "$1" $t $t ;;
		*) printf '%s\ttests/%s.sh\ttests/%s.sh %s\n' "$1" $t $t "$1" ;;
		esac
	done
	local first="test_admin_cli test_meeting_cli test_agenda_cli test_limits test_body300 test_material test_dbrestart test_attack_app test_crash test_meeting_log test_vote test_client test_badinput test_streams test_meeting_items test_migrate test_identity test_agenda test_metrics"
	for t in test_election $first; do
		for b in $builds_back; do
			if [ $t = test_election ]; then
				[ -x "$b/tests/unit/$t" ] && printf '%s\t%s\t%s\n' "$b" $t "$b/tests/unit/$t"
			else
				[ -x "$b/tests/integration/$t" ] && printf '%s\t%s\t%s\n' "$b" $t "$b/tests/integration/$t"
			fi
		done
	done
	for b in $builds_back; do
		for t in "$b"/tests/integration/test_*; do
			case "$t" in *.o | *.d) continue ;; esac
			[ -x "$t" ] || continue
			case " $first " in *" ${t##*/} "*) continue ;; esac
			printf '%s\t%s\t%s\n' "$b" "${t##*/}" "$t"
		done
	done
	for b in $builds_back; do
		for t in "$b"/tests/unit/test_*; do
			case "$t" in *.o | *.d | */test_election) continue ;; esac
			[ -x "$t" ] && printf '%s\t%s\t%s\n' "$b" "${t##*/}" "$t"
		done
	done
	for b in "$@"; do
		printf '%s\ttests/jose (JOSE cross-check)\tjose_check %s\ttest_vote\n' "$b" "$b"
	done
	printf -- '-\ttests/vectors/verify_ballot.py (BALLOT.md verifier in Python)\tpython3 tests/vectors/verify_ballot.py\n'
	printf -- '-\ttests/vectors/verify_reqsig.py (signed requests, PROTOCOL.md §7a, in Python)\tpython3 tests/vectors/verify_reqsig.py\n'
	printf '%s\ttests/vectors/check_records.sh (VOTE.md record verifier in Python, tampered records)\trecords_check %s\tunit/test_election\n' "$1" "$1"
}

# Run suite number n in the background: its log, exit code and seconds
# land in $work. test_vote leaves a real signed tally for the JOSE check in
# the build's tally directory; the first build's test_election writes its
# election records into $work/records for records_check.
start() {
	local n=$1 b=$2 cmd=$3
	mkdir -p "$work/home.$n" "$work/tally.${b//\//_}"
	(
		export YG_BUILD="$b" YG_HOME="$work/home.$n" YG_TALLY_DIR="$work/tally.${b//\//_}"
		export YG_PG_TEMPLATE="$work/pg.${b//\//_}" YG_SETUP_BUILD="$setup_build"
		export YG_DEMO_COPY="$work/demo" YG_DEMO_VOTE="$work/demo-vote.${b//\//_}"
		if [ "${names[n]}" = test_election ] && [ "$b" = "$setup_build" ]; then
			mkdir -p "$work/records"
			export YG_FUZZ_SEEDS="$work/records"
		fi
		t0=$(date +%s)
		# shellcheck disable=SC2086 # the command is words: a program and its build
		$cmd >"$work/$n.log" 2>&1 </dev/null
		echo $? >"$work/$n.rc"
		echo $(($(date +%s) - t0)) >"$work/$n.secs"
	) &
	pids[n]=$!
}

# Print and judge every suite that has ended since the last call.
report() {
	local n rc
	for n in "${!pids[@]}"; do
		[ -f "$work/$n.rc" ] || continue
		wait "${pids[n]}" 2>/dev/null
		unset "pids[n]"
		rc=$(cat "$work/$n.rc")
		echo "== ${builds[n]}: ${names[n]} ($(cat "$work/$n.secs") s)"
		printf '%s\t%s: %s\n' "$(cat "$work/$n.secs")" "${builds[n]}" "${names[n]}" >>"$work/times"
		cat "$work/$n.log"
		if [ "$rc" = 0 ]; then
			passed=$((passed + 1))
		else
			echo "-- FAILED (exit $rc): ${builds[n]}: ${names[n]}"
			failed=$((failed + 1))
			failures="$failures ${builds[n]}:${names[n]}"
		fi
	done
}

# One migrated cluster per build, made first, side by side: the suites'
# clusters are copies of it (YG_PG_TEMPLATE, scripts/pg.sh init --fast and
# createdb --migrated), not each an initdb and the migrations again. The
# migrations from an empty database still run here, by each build's ygd.
templates() {
	local b rc=0 k=0
	for b in "$@"; do
		[ -x "$b/ygd" ] || continue
		(build=$b && . tests/lib.sh && yg_template "$work/pg.${b//\//_}") &
		k=$((k + 1))
	done
	while [ $k -gt 0 ]; do
		wait -n || rc=1
		k=$((k - 1))
	done
	return $rc
}
t_start=$(date +%s)
# The build that makes a suite's set-up when the set-up is not what the
# suite tests (tests/portal.sh's and tests/backup.sh's demo meeting).
setup_build=$1
chmod 755 "$work" # the clusters run as postgres when we are root
if ! templates "$@"; then
	echo "-- the template clusters could not be made; every suite makes its own"
	rm -rf "$work"/pg.*
fi

# The JOSE cross-check (tests/jose/): the npm packages jose and canonicalize,
# which we did not write, check proto/jws.c and proto/jcs.c, and jose signs a
# JWS that proto/jws.c must verify; then it checks the tally test_vote left.
# Node.js and npm are required: a missing tool or an unreachable npm registry
# fails this suite, it is never skipped.
jose_check() {
	local b=$1 helper="$1/tests/jose/jose_helper" jdir rc
	[ -x "$helper" ] || { echo "jose: $helper is not built"; return 1; }
	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
		echo "jose: node and npm are required (make deps installs them)"
		return 1
	fi
	(. tests/lib.sh && yg_npm_ci tests/jose node_modules/jose/package.json \
		node_modules/canonicalize/package.json) || {
		echo "jose: npm could not install tests/jose/package-lock.json (registry unreachable?)"
		return 1
	}
	jdir=$(mktemp -d "$work/jose.XXXXXX")
	"$helper" sign "$jdir" && node tests/jose/check.mjs "$jdir" && "$helper" verify "$jdir" &&
		node tests/jose/tally.mjs "$work/tally.${b//\//_}"
	rc=$?
	return $rc
}
# The election records test_election writes (YG_FUZZ_SEEDS): those its
# suite wrote when it passed, or written afresh: the Python verifier passes
# them and refuses each tampered copy, as yg verify does (tests/vote_cli.sh
# does the same on the demo's records).
records_check() {
	local b=$1 d="$work/records" k=${started["$1 unit/test_election"]:-}
	if [ -z "$k" ] || [ "$(cat "$work/$k.rc" 2>/dev/null)" != 0 ] || [ ! -f "$d/runoff.json" ]; then
		d=$(mktemp -d "$work/records.XXXXXX")
		YG_FUZZ_SEEDS=$d "$b/tests/unit/test_election" >"$d/log" 2>&1 || {
			echo "test_election failed"
			return 1
		}
	fi
	sh tests/vectors/check_records.sh "$b/yg" \
		"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["server_key"])' \
			"$d/runoff.json")" "$d/options.json" "$d/runoff.json" "$d/voided.json" \
		"$d/threshold.json"
}
# The demo meeting in $work/demo (its cluster stopped, to be copied):
# tests/lib.sh's yg_demo copies it when "done" is there.
demo_copy() {
	local d="$work/demo" rc
	mkdir -p "$d"
	chmod 755 "$d"
	scripts/pg.sh init "$d/pg" --fast >/dev/null &&
		env YG_DEMO_PG="$d/pg" YG_DEMO_DIR="$d/demo" BUILD="$setup_build" scripts/demo.sh \
			>"$d/demo.out" 2>&1
	rc=$?
	scripts/pg.sh stop "$d/pg" >/dev/null 2>&1
	if [ $rc = 0 ]; then
		touch "$d/done"
		echo "ok - the demo meeting ran (copied by tests/portal.sh and tests/backup.sh)"
	else
		tail -n 30 "$d/demo.out"
	fi
	return $rc
}
# The demo meeting of tests/vote_cli.sh and tests/visibility.sh made by
# BUILD in $work/demo-vote.BUILD (its cluster stopped, to be copied):
# yg_demo_vote copies it when "done" is there.
demo_vote() {
	local d="$work/demo-vote.${1//\//_}" rc
	mkdir -p "$d"
	chmod 755 "$d"
	(build=$1 && . tests/lib.sh && YG_DEMO_VOTE="" yg_demo_vote "$d/pg" "$d/demo" "$d/demo.out")
	rc=$?
	scripts/pg.sh stop "$d/pg" >/dev/null 2>&1
	if [ $rc = 0 ]; then
		touch "$d/done"
		echo "ok - the demo meeting ran (copied by tests/vote_cli.sh and tests/visibility.sh)"
	else
		tail -n 30 "$d/demo.out"
	fi
	return $rc
}
pids=()
builds=()
names=()
declare -A started
passed=0
failed=0
failures=""
# The chosen suites, in the order of list, waiting to start.
q_build=()
q_name=()
q_cmd=()
q_dep=()
q_key=()
while IFS=$'\t' read -r b name cmd dep; do
	case "$name" in
	"demo "*) chosen tests/portal.sh || chosen tests/backup.sh || continue ;;
	"demo-vote "*) chosen tests/vote_cli.sh || chosen tests/visibility.sh || continue ;;
	*) chosen "${name%% *}" || continue ;;
	esac
	q_build+=("$b")
	q_name+=("$name")
	q_cmd+=("$cmd")
	q_dep+=("${dep:-}")
	case "$cmd" in
	*/tests/unit/*) q_key+=("$b unit/$name") ;;
	*) q_key+=("$b ${name%% *}") ;;
	esac
done < <(list "$@")

# Whether queued suite i may start: a check of what a suite leaves waits
# until that suite (of its build, else of the first build) has ended, or
# is not to run at all.
ready() {
	local i=$1 d=${q_dep[$1]} key k j
	[ -n "$d" ] || return 0
	for key in "${q_build[i]} $d" "$setup_build $d"; do
		k=${started["$key"]:-}
		if [ -n "$k" ]; then
			[ -f "$work/$k.rc" ]
			return
		fi
		for j in "${!q_name[@]}"; do
			[ "${q_key[j]}" != "$key" ] || return 1
		done
	done
	return 0
}

# Start the first queued suite that may start, while a job is free; when
# none may (or none is free), wait for one to end. A suite waiting for
# another does not hold up those behind it.
n=0
while [ "${#q_name[@]}" -gt 0 ] || [ "${#pids[@]}" -gt 0 ]; do
	i=""
	if [ "${#pids[@]}" -lt "$jobs" ]; then
		for j in "${!q_name[@]}"; do
			if ready "$j"; then
				i=$j
				break
			fi
		done
		# Nothing runs and nothing may start: start the first anyway.
		[ -n "$i" ] || [ "${#pids[@]}" -gt 0 ] || i=$(printf '%s\n' "${!q_name[@]}" | head -n 1)
	fi
	if [ -z "$i" ]; then
		wait -n 2>/dev/null
		report
		continue
	fi
	builds[n]=${q_build[i]}
	names[n]=${q_name[i]}
	started["${q_key[i]}"]=$n
	start "$n" "${q_build[i]}" "${q_cmd[i]}"
	unset "q_build[i]" "q_name[i]" "q_cmd[i]" "q_dep[i]" "q_key[i]"
	n=$((n + 1))
done
echo
echo "the slowest suites (seconds; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)):"
sort -rn "$work/times" 2>/dev/null | head -n 12 | sed 's/^/  /'
# The CPU time of every process the run waited for (the suites, their ygd
# and terminals; not the clusters, which pg_ctl leaves to init).
times >"$work/cpu"
cpu=$(awk 'END { split($1, u, /[ms]/); split($2, s, /[ms]/)
	printf "%.0f s user, %.0f s system", u[1] * 60 + u[2], s[1] * 60 + s[2] }' "$work/cpu")
echo "builds: $*; $jobs suites at a time; $(($(date +%s) - t_start)) s; CPU $cpu"
[ -z "$failures" ] || echo "FAILED:$failures"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
