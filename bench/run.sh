#!/bin/sh
# `make bench`: measure ygd on this machine and print a table of figures.
#
#   bench/run.sh [BUILD]     BUILD holds ygd and bench/ygbench (default: build)
#
# A private PostgreSQL cluster and a self-signed certificate are made in a
# temporary directory, ygd is started on a free port, then ygbench measures
# memory while holding many connections and ping throughput and latency with
# and without the database. pgbench, on the same database in the same run,
# gives the baseline for the database pings. Nothing is asserted: it reports.
# The table goes to stdout and to BUILD/bench/results.txt.
#
# Knobs: BENCH_SECONDS (each throughput run, default 5), BENCH_CONNS (held
# connections, default 10000), BENCH_PGBENCH_MODE (pgbench -M, default
# extended: as ygd queries), YGD_DB_POOL (ygd's database connections, ygd's default if unset).
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
secs=${BENCH_SECONDS:-5}
nconns=${BENCH_CONNS:-10000}
pgmode=${BENCH_PGBENCH_MODE:-extended}
ygbench="$build/bench/ygbench"
results="$build/bench/results.txt"
# shellcheck disable=SC2012 # version-sorted directory names, as in scripts/pg.sh
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/pgbench" ] || { echo "bench: pgbench not found (make deps)" >&2; exit 1; }
[ -x "$ygbench" ] || { echo "bench: $ygbench not built" >&2; exit 1; }

. bench/lib.sh
bench_init bench ygbench

# Resident memory of a process in KiB.
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

start_database() {
	step "creating a PostgreSQL cluster in $pgdir"
	bench_database
}

start_ygd() {
	step "starting ygd"
	bench_ygd "" --http-listen= --log-level warn --max-clients $((nconns + 2000)) \
		--max-per-address 1000000 --reserved-slots 0 --login-timeout 3600 # every client is 127.0.0.1
}

# Hold nconns connections; sets conns_line, rss_idle, rss_held, rss_after.
measure_memory() {
	sleep 1
	rss_idle=$(rss_kib "$ygd_pid")
	step "opening $nconns connections"
	"$ygbench" "$addr" conns "$nconns" >"$tmp/conns.out" 2>"$tmp/conns.err" &
	helper_pid=$!
	while ! grep -q '^held' "$tmp/conns.out"; do
		kill -0 "$helper_pid" 2>/dev/null || { cat "$tmp/conns.err" >&2; die "ygbench conns failed"; }
		sleep 0.2
	done
	sleep 1
	ygd_alive
	rss_held=$(rss_kib "$ygd_pid")
	stop_pid "$helper_pid"
	helper_pid=""
	conns_line=$(grep '^mode=conns' "$tmp/conns.out")
	dropped=$(sed -n 's/^released dropped=//p' "$tmp/conns.out")
	sleep 1
	ygd_alive
	rss_after=$(rss_kib "$ygd_pid")
}

# ping_run C [--db]: prints ygbench's line.
ping_run() {
	step "ping at concurrency $1 ${2:-}"
	"$ygbench" "$addr" ping "$1" "$secs" ${2:+"$2"} --pid "$ygd_pid" 2>"$tmp/ping.err" ||
		{ cat "$tmp/ping.err" >&2; die "ygbench ping $1 ${2:-} failed"; }
	[ ! -s "$tmp/ping.err" ] || sed 's/^/  /' "$tmp/ping.err" >&2
	ygd_alive
}

# pgbench_tps C: transactions per second of SELECT 1 over C clients.
pgbench_tps() {
	step "pgbench at concurrency $1"
	"$bindir/pgbench" -n -f "$tmp/select1.sql" -c "$1" -j 2 -T "$secs" -M "$pgmode" \
		-h "$pgdir" -U yg yangguang >"$tmp/pgbench.out" 2>&1 ||
		{ cat "$tmp/pgbench.out" >&2; die "pgbench failed"; }
	sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$tmp/pgbench.out" | head -n 1
}

# One row of the ping table: figures of ygbench's line, and the CPU share
# (of one core) that ygd and ygbench used, and ygd's CPU time per request.
ping_row() {
	d=$(val duration_s "$2")
	printf '  %-10s %5s %8s %9s %9s %9s %6s %7s %7s %9s\n' "$1" "$(val conc "$2")" \
		"$(calc %.0f "$(val rps "$2")")" "$(val p50_us "$2")" "$(val p99_us "$2")" \
		"$(val max_us "$2")" "$(($(val errors "$2") + $(val failed "$2") + $(val dropped "$2")))" \
		"$(calc %.0f "100 * $(val cpu_server_s "$2") / $d")" \
		"$(calc %.0f "100 * $(val cpu_self_s "$2") / $d")" \
		"$(calc %.1f "1e6 * $(val cpu_server_s "$2") / ($(val requests "$2") + 1e-9)")"
}

report() {
	ok=$(val ok "$conns_line")
	per=$(calc %.1f "($rss_held - $rss_idle) / ($ok > 0 ? $ok : 1)")
	under=$(calc %s "($rss_held < 1048576 ? \"yes\" : \"NO\")")
	echo "yangguang benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs," \
		"ygd --db-pool ${YGD_DB_POOL:-default}; load generator on the same machine"
	echo
	echo "Memory (ygd VmRSS)"
	printf '  %-40s %10s MiB\n' "idle" "$(calc %.1f "$rss_idle / 1024")"
	printf '  %-40s %10s\n' "connections opened (TLS 1.3 + hello)" \
		"$ok of $(val target "$conns_line"), $(val failed "$conns_line") failed, in $(val elapsed_s "$conns_line") s"
	printf '  %-40s %10s MiB\n' "holding $ok connections" "$(calc %.1f "$rss_held / 1024")"
	printf '  %-40s %10s KiB\n' "per held connection" "$per"
	printf '  %-40s %10s\n' "total under 1 GiB" "$under"
	printf '  %-40s %10s\n' "dropped by ygd while held" "$dropped"
	printf '  %-40s %10s MiB\n' "after they closed" "$(calc %.1f "$rss_after / 1024")"
	echo
	echo "Ping, $secs s per run, one request outstanding per connection"
	echo "  (latency in us; errors: failed replies, connections refused or dropped;"
	echo "   cpu% of one core for ygd and for the load generator ygbench)"
	printf '  %-10s %5s %8s %9s %9s %9s %6s %7s %7s %9s\n' op conc req/s p50 p99 max errors \
		"ygd%" "gen%" "ygd us/req"
	for l in "$p1" "$p100" "$p1000"; do ping_row ping "$l"; done
	for l in "$d1" "$d100" "$d1000"; do ping_row "ping --db" "$l"; done
	echo
	echo "Baseline: pgbench -M $pgmode, script SELECT 1, same database, $secs s"
	printf '  %6s %14s %18s %8s\n' conc "pgbench tps" "ygd ping --db/s" ratio
	printf '  %6s %14.0f %18.0f %8.2f\n' 1 "$tps1" "$(val rps "$d1")" \
		"$(calc %.4f "$(val rps "$d1") / $tps1")"
	printf '  %6s %14.0f %18.0f %8.2f\n' 100 "$tps100" "$(val rps "$d100")" \
		"$(calc %.4f "$(val rps "$d100") / $tps100")"
	ygd_warnings 5 ""
}

mkdir -p "$build/bench"
start_database
start_ygd
measure_memory
p1=$(ping_run 1)
p100=$(ping_run 100)
p1000=$(ping_run 1000)
d1=$(ping_run 1 --db)
d100=$(ping_run 100 --db)
d1000=$(ping_run 1000 --db)
echo 'SELECT 1;' >"$tmp/select1.sql"
tps1=$(pgbench_tps 1)
tps100=$(pgbench_tps 100)
ygd_alive
report >"$results"
echo
cat "$results"

# Ballot cryptography (proto/BALLOT.md): encrypt+prove and verify per ballot
# for each ballot shape, and their time over that of the EC multiplications
# they need, timed alone in the same run. Needs no server. BALLOT_BENCH_N
# ballots per shape (default 200).
ballot_bench="$build/bench/ballot_bench"
[ -x "$ballot_bench" ] || die "$ballot_bench not built"
step "ballot cryptography"
echo
"$ballot_bench" "${BALLOT_BENCH_N:-200}" | tee -a "$results"
bench/meeting.sh "$build"
