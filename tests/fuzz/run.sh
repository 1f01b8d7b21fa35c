#!/bin/sh
# Run every libFuzzer target of tests/fuzz/ for a while on its seeds:
#   tests/fuzz/run.sh BUILD SECONDS [SCRATCH]
# BUILD is the fuzz build directory (build/fuzz). Inputs that find new
# coverage go to SCRATCH/<target> (default BUILD/corpus), never into the
# committed seeds of tests/fuzz/corpus/, and libFuzzer's output to
# SCRATCH/<target>.log; a crash, leak, sanitizer finding or broken
# invariant is written to BUILD/crashes/<target>-*. FUZZ_TARGETS="jcs jws"
# runs only those. One line per target; exit non-zero if any target
# failed. One target at a time: the machine is shared.
set -u
cd "$(dirname "$0")/../.."
build=${1:-build/fuzz}
secs=${2:-60}
scratch=${3:-$build/corpus}
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
mkdir -p "$build/crashes" "$scratch"

failed=""
n=0
all=$(for src in tests/fuzz/fuzz_*.c; do basename "$src" .c | sed 's/^fuzz_//'; done)
for t in ${FUZZ_TARGETS:-$all}; do
	bin="$build/tests/fuzz/fuzz_$t"
	log="$scratch/$t.log"
	n=$((n + 1))
	if [ ! -x "$bin" ]; then
		echo "fuzz $t: $bin is not built (make fuzz-build)"
		failed="$failed $t"
		continue
	fi
	mkdir -p "$scratch/$t"
	"$bin" -max_total_time="$secs" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$build/crashes/$t-" "$scratch/$t" "tests/fuzz/corpus/$t" \
		>"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	if [ "$rc" -ne 0 ]; then
		failed="$failed $t"
		echo "fuzz $t: FAILED (exit $rc) after ${execs:-?} runs; see $log and $build/crashes/"
		grep -m 3 -E 'ERROR|SUMMARY|Assertion|runtime error' "$log" | sed 's/^/    /'
	else
		printf 'fuzz %-9s %10s runs %7s/s  %5s edges  %ss  no crash\n' "$t" \
			"${execs:-?}" "${rate:-?}" "${cov:-?}" "$secs"
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: FAILED:$failed"
	exit 1
fi
echo "fuzz: all $n targets ran ${secs}s each without a finding"
