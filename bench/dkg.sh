#!/bin/sh
# `make bench`: the threshold key ceremony for n = 3, 5, 9 scrutineers and
# the decryption of one round (bench/dkgbench.c). Needs no server; the
# table goes to stdout and is appended to BUILD/bench/results.txt.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
bin="$build/bench/dkgbench"
[ -x "$bin" ] || { echo "bench: $bin not built" >&2; exit 1; }
mkdir -p "$build/bench"
"$bin" "${DKG_BENCH_N:-5}" | tee -a "$build/bench/results.txt"
