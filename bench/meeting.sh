#!/bin/sh
# Meeting event delivery (issue 5): how long after a change to a meeting
# commits its event reaches every terminal following the meeting, with one
# meeting followed by many observers and with many meetings at once.
#
#   bench/meeting.sh [BUILD]     BUILD holds ygd, yg and bench/meetbench (default: build)
#
# A private PostgreSQL cluster, a self-signed certificate and ygd on a free
# port, as in bench/run.sh; `ygd bootstrap` makes the committee. meetbench
# then puts the observers, members and meetings straight into the database
# (each with its own Ed25519 key) and runs two scenarios through ygd: every
# terminal logs in over TLS 1.3 with its key, observers follow their meeting,
# and one member per meeting checks in and out (see bench/meetbench.c for
# how changes are paced and what the latency counts). Nothing is asserted:
# it reports. The table goes to stdout and is appended to
# BUILD/bench/results.txt.
#
# Knobs: MEET_OBSERVERS (followers of the one meeting, default 1000),
# MEET_MEETINGS (meetings at once, 200), MEET_FOLLOWERS (observers of each,
# 5), MEET_SECONDS (each scenario, 10), MEET_ONE_PAUSE_MS and
# MEET_MANY_PAUSE_MS (mean pause between a meeting's changes, 100 and 1000),
# YGD_DB_POOL (ygd's database connections, ygd's default if unset).
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
nobs=${MEET_OBSERVERS:-1000}
nmeet=${MEET_MEETINGS:-200}
nfol=${MEET_FOLLOWERS:-5}
secs=${MEET_SECONDS:-10}
pause1=${MEET_ONE_PAUSE_MS:-100}
pausen=${MEET_MANY_PAUSE_MS:-1000}
meetbench="$build/bench/meetbench"
results="$build/bench/results.txt"
for f in "$build/ygd" "$build/yg" "$meetbench"; do
	[ -x "$f" ] || { echo "meeting bench: $f not built" >&2; exit 1; }
done

. bench/lib.sh
bench_init "meeting bench" meetbench

# Microseconds of KEY in LINE as milliseconds.
ms() { calc %.2f "$(val "$1" "$2") / 1000"; }

start_database() {
	step "creating a PostgreSQL cluster in $pgdir"
	bench_database
}

# Make the committee and its first admin, start ygd.
start_ygd() {
	admin_key=$("$build/yg" --home "$tmp" --key "$tmp/admin.pem" keygen 2>/dev/null) ||
		die "yg keygen failed"
	"$build/ygd" --db "$db" bootstrap 基准委员会 管理员 "$admin_key" >/dev/null ||
		die "ygd bootstrap failed"
	step "starting ygd"
	bench_ygd "" --http-listen= --log-level warn \
		--max-clients $((nobs + nmeet * (nfol + 1) + 1000)) --max-per-address 1000000 \
		--reserved-slots 0 # every client is 127.0.0.1
}

# Both scenarios; sets one and many to meetbench's lines.
run_meetbench() {
	step "meetbench: $nobs observers of one meeting, then $nmeet meetings of $nfol, $secs s each"
	"$meetbench" "$addr" "$db" --pid "$ygd_pid" --observers "$nobs" --meetings "$nmeet" \
		--followers "$nfol" --seconds "$secs" --one-pause-ms "$pause1" \
		--many-pause-ms "$pausen" >"$tmp/meet.out" 2>"$tmp/meet.err" &
	helper_pid=$!
	wait "$helper_pid" || { cat "$tmp/meet.err" >&2; helper_pid=""; die "meetbench failed"; }
	helper_pid=""
	ygd_alive
	one=$(grep '^scenario=one ' "$tmp/meet.out")
	many=$(grep '^scenario=many ' "$tmp/meet.out")
}

# One row of the latency table.
latency_row() {
	printf '  %-20s %6s %7s %6s %6s %6s  %6s %6s %6s  %6s %6s %6s\n' "$1" \
		"$(calc %.1f "$(val changes_per_s "$2")")" "$(val deliveries "$2")" \
		"$(ms reply_p50_us "$2")" "$(ms reply_p99_us "$2")" "$(ms reply_max_us "$2")" \
		"$(ms append_p50_us "$2")" "$(ms append_p99_us "$2")" "$(ms append_max_us "$2")" \
		"$(ms first_p50_us "$2")" "$(ms last_p50_us "$2")" "$(ms last_p99_us "$2")"
}

# One row of the resources table: ygd's CPU over the window, its memory.
resource_row() {
	d="$(val duration_s "$2") + 1e-9"
	printf '  %-20s %9s %6s %5s %6s %7s %7s %7s %5s\n' "$1" \
		"$(val ok "$2")/$(val terminals "$2")" "$(val setup_s "$2")" \
		"$(calc %.0f "100 * $(val cpu_server_s "$2") / ($d)")" \
		"$(calc %.1f "1e6 * $(val cpu_server_s "$2") / ($(val deliveries "$2") + 1e-9)")" \
		"$(calc %.1f "$(val rss_before_kib "$2") / 1024")" \
		"$(calc %.1f "$(val rss_held_kib "$2") / 1024")" \
		"$(calc %.1f "$(val rss_max_kib "$2") / 1024")" \
		"$(calc %.0f "100 * $(val cpu_self_s "$2") / ($d)")"
}

# One row of the checks table.
check_row() {
	printf '  %-20s %7s %5s %5s %5s %6s %7s %6s %7s\n' "$1" "$(val missing "$2")" \
		"$(val gaps "$2")" "$(val duplicates "$2")" "$(val stalls "$2")" \
		"$(val change_errors "$2")" "$(val dropped "$2")" "$(ms rtt_p50_us "$2")" \
		"$(calc %.1f "100 * $(val before_reply "$2") / ($(val deliveries "$2") + 1e-9)")"
}

report() {
	l1="1 x $nobs observers"
	ln="$nmeet x $nfol observers"
	echo
	echo "Meeting events, commit to terminal: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs," \
		"ygd --db-pool ${YGD_DB_POOL:-default}, $secs s per scenario"
	echo "  One meeting followed by $nobs observers, then $nmeet meetings at once with $nfol each. In"
	echo "  each meeting one member alternates meeting.check_in and check_out; after a change it"
	echo "  waits for its reply and for every follower to have the event, then pauses ${pause1} ms"
	echo "  (one meeting) or ${pausen} ms (many) on average. Latency in ms, over every (event,"
	echo "  follower), from when the follower read the event back to:"
	echo "    reply   when the member read ygd's reply to its change; ygd replies after the"
	echo "            commit, so this is at most the commit-to-terminal time (negative: the"
	echo "            event came first)"
	echo "    append  the log entry's \"at\", stamped in the transaction just before it commits,"
	echo "            so at least that time; per event, also when the first follower had it and"
	echo "            when the last did (p50, and p99 of the last)"
	printf '  %-20s %6s %7s  %-20s  %-20s  %-20s\n' "" "" "" "---- from reply ----" \
		"---- from append ---" "- per event, append -"
	printf '  %-20s %6s %7s %6s %6s %6s  %6s %6s %6s  %6s %6s %6s\n' scenario "chg/s" deliv. \
		p50 p99 max p50 p99 max first last "last99"
	latency_row "$l1" "$one"
	latency_row "$ln" "$many"
	echo
	echo "  Terminals logged in and following, seconds to set them up; ygd's CPU over the window"
	echo "  (% of one core, and microseconds per delivery, the changes' transactions included);"
	echo "  its RSS in MiB before they connected, once set up, and at the peak; the load"
	echo "  generator's CPU (on the same machine)"
	printf '  %-20s %9s %6s %5s %6s %7s %7s %7s %5s\n' scenario terminals setup "ygd%" "us/dlv" \
		before held peak "gen%"
	resource_row "$l1" "$one"
	resource_row "$ln" "$many"
	echo
	echo "  Checks: deliveries missing at the end, sequence gaps, duplicates, changes stalled (no"
	echo "  reply or not everywhere within 5 s), changes refused, connections dropped; the"
	echo "  driver's round trip p50 in ms, and the share of deliveries made before its reply"
	printf '  %-20s %7s %5s %5s %5s %6s %7s %6s %7s\n' scenario missing gaps dups stall refus. \
		dropped rtt "early%"
	check_row "$l1" "$one"
	check_row "$ln" "$many"
	ygd_warnings 3 "  "
}

mkdir -p "$build/bench"
start_database
start_ygd
run_meetbench
[ ! -s "$tmp/meet.err" ] || sed 's/^/  /' "$tmp/meet.err" >&2
report >"$tmp/table"
cat "$tmp/table"
cat "$tmp/table" >>"$results"
