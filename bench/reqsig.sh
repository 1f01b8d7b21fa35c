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

bench_database
openssl genpkey -algorithm ed25519 -out "$tmp/admin.pem" 2>/dev/null
pub="ed25519:$(openssl pkey -in "$tmp/admin.pem" -pubout -outform DER | tail -c 32 |
	base64 | tr '+/' '-_' | tr -d '=\n')"
"$build/ygd" --db "$db" bootstrap 办公室 管理员 "$pub" >/dev/null
bench_ygd "" --http-listen= --sign-key "$tmp/sign.key" --log-level warn
step "signed requests: the cost of signing and checking, and of a ping with and without"
"$build/bench/reqsigbench" "$(cat "$tmp/port")" "$tmp/admin.pem" "$n" ||
	{ tail -n 20 "$tmp/ygd.log" >&2; die "reqsigbench failed"; }
