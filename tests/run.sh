#!/bin/sh
# Run every suite against one build directory: tests/run.sh BUILD
# Unit tests first (pure modules), then integration tests (each starts its
# own PostgreSQL and ygd processes and removes them). Exit non-zero if any
# suite fails.
set -u
cd "$(dirname "$0")/.."
build=${1:-build}
export YG_BUILD="$build"
# Sanitizers: any finding fails the process that has it (ygd included).
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=23"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# No terminal and no state from the session: yg must not read ~/.yg.
export YG_HOME="${TMPDIR:-/tmp}/yg-test-home.$$"
trap 'rm -rf "$YG_HOME"' EXIT INT TERM

failed=""
total=0
for t in "$build"/tests/unit/test_* "$build"/tests/integration/test_*; do
	[ -x "$t" ] || continue
	case "$t" in *.o | *.d) continue ;; esac
	total=$((total + 1))
	echo "== $t"
	if ! "$t"; then
		failed="$failed $t"
	fi
done

echo
if [ -n "$failed" ]; then
	echo "FAILED ($build):$failed"
	exit 1
fi
echo "all $total suites passed ($build)"
