#!/bin/sh
# What signed requests cost (part of `make bench`; PROTOCOL.md §7a):
# bench/reqsigbench signs and checks a request N times offline, then pings
# a real ygd N times unsigned and N times signed, one at a time.
#
# Knobs: BENCH_REQSIG_N (default 2000).
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
n=${BENCH_REQSIG_N:-2000}
. bench/lib.sh
bench_init reqsig-bench ygreqsigbench

scripts/pg.sh init "$pgdir" --fast >/dev/null
scripts/pg.sh start "$pgdir" >/dev/null
scripts/pg.sh createdb "$pgdir" yangguang >/dev/null
db=$(scripts/pg.sh conninfo "$pgdir" yangguang)
scripts/mkcert.sh "$tmp/tls" >/dev/null
"$build/ygd" --db "$db" migrate >"$tmp/migrate.log" 2>&1
openssl genpkey -algorithm ed25519 -out "$tmp/admin.pem" 2>/dev/null
pub="ed25519:$(openssl pkey -in "$tmp/admin.pem" -pubout -outform DER | tail -c 32 |
	base64 | tr '+/' '-_' | tr -d '=\n')"
"$build/ygd" --db "$db" bootstrap 办公室 管理员 "$pub" >/dev/null
"$build/ygd" --listen 127.0.0.1:0 --http-listen= --port-file "$tmp/port" --db "$db" \
	--cert "$tmp/tls/server.crt" --key "$tmp/tls/server.key" --sign-key "$tmp/sign.key" \
	--log-level warn >"$tmp/ygd.log" 2>&1 &
ygd_pid=$!
i=0
while [ ! -s "$tmp/port" ]; do
	[ "$i" -lt 100 ] || die "ygd did not start"
	sleep 0.1
	i=$((i + 1))
done
step "signed requests: the cost of signing and checking, and of a ping with and without"
"$build/bench/reqsigbench" "$(cat "$tmp/port")" "$tmp/admin.pem" "$n" ||
	{ tail -n 20 "$tmp/ygd.log" >&2; die "reqsigbench failed"; }
