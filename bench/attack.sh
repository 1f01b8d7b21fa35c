#!/bin/sh
# The attacks of issue 21 against a real ygd with its default limits (part
# of `make bench`): memory under floods of unfinished frames, ping latency
# while the portal is flooded by slow visitors, the lifetime of a slowloris
# connection on either listener, bad logins tried before ygd says busy.
# bench/attack.py does the attacking, from loopback addresses only.
#
# The figures go to stdout and are appended to BUILD/bench/results.txt.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
results="$build/bench/results.txt"
. bench/lib.sh
bench_init attack-bench ygattackbench
ulimit -n 65536 2>/dev/null || ulimit -n 16384 2>/dev/null || true
mkdir -p "$(dirname "$results")"

step "a PostgreSQL cluster and ygd with its default limits"
bench_database
bench_ygd "$tmp/http-port" --http-listen 127.0.0.1:0 --log-level info --sign-key "$tmp/sign.key"

step "attacking (about two minutes)"
python3 bench/attack.py "$(cat "$tmp/port")" "$(cat "$tmp/http-port")" "$ygd_pid" >"$tmp/figures"
kill -0 "$ygd_pid" || die "ygd died under attack"
lines=$(wc -l <"$tmp/ygd.log")
{
	echo
	echo "attacks on ygd with its default limits ($(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg))"
	awk '{ name = $1; value = $2; $1 = ""; $2 = ""; sub(/^ +/, ""); printf "  %-36s %10s %s\n", name, value, $0 }' "$tmp/figures"
	echo "  ygd log lines written meanwhile: $lines; the most frequent kinds:"
	sed -E 's/^[^ ]+ ygd //; s/[0-9]+/N/g' "$tmp/ygd.log" | sort | uniq -c | sort -rn | head -n 5 |
		sed 's/^/    /'

} | tee -a "$results"
