#!/bin/sh
# Run every suite against one build directory: tests/run.sh BUILD
# Unit tests first (pure modules), then integration tests (each starts its
# own PostgreSQL and ygd processes and removes them), the scripted suites,
# and with the plain build a short run of the fuzz targets. Exit non-zero
# if any suite fails.
set -u
cd "$(dirname "$0")/.."
build=${1:-build}
export YG_BUILD="$build"
# Sanitizers: any finding fails the process that has it (ygd included).
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=23"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# No terminal and no state from the session: yg must not read ~/.yg.
export YG_HOME="${TMPDIR:-/tmp}/yg-test-home.$$"
# Where test_vote leaves a real signed tally for the JOSE check below.
export YG_TALLY_DIR="${TMPDIR:-/tmp}/yg-test-tally.$$"
mkdir -p "$YG_TALLY_DIR"
trap 'rm -rf "$YG_HOME" "$YG_TALLY_DIR"' EXIT INT TERM

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

# The JOSE cross-check (tests/jose/): the npm packages jose and canonicalize,
# which we did not write, check proto/jws.c and proto/jcs.c, and jose signs a
# JWS that proto/jws.c must verify. Node.js and npm are required: a missing
# tool or an unreachable npm registry fails this suite, it is never skipped.
jose_check() {
	helper="$build/tests/jose/jose_helper"
	[ -x "$helper" ] || { echo "jose: $helper is not built"; return 1; }
	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
		echo "jose: node and npm are required (make deps installs them)"
		return 1
	fi
	if [ ! -f tests/jose/node_modules/jose/package.json ] ||
		[ ! -f tests/jose/node_modules/canonicalize/package.json ]; then
		(cd tests/jose && npm ci --no-audit --no-fund) || {
			echo "jose: npm could not install tests/jose/package-lock.json (registry unreachable?)"
			return 1
		}
	fi
	jdir=$(mktemp -d "${TMPDIR:-/tmp}/yg-jose.XXXXXX")
	"$helper" sign "$jdir" && node tests/jose/check.mjs "$jdir" && "$helper" verify "$jdir" &&
		node tests/jose/tally.mjs "$YG_TALLY_DIR"
	rc=$?
	rm -rf "$jdir"
	return $rc
}
total=$((total + 1))
echo "== tests/vote_cli.sh (the demo meeting through yg; yg verify)"
if ! tests/vote_cli.sh "$build"; then
	failed="$failed tests/vote_cli.sh"
fi
total=$((total + 1))
echo "== tests/portal.sh (the public portal: Chromium, bad HTTP input, a walk for secrets)"
if ! tests/portal.sh "$build"; then
	failed="$failed tests/portal.sh"
fi
total=$((total + 1))
echo "== tests/tui.sh (yg tui in tmux: a whole meeting through every role's screen)"
if ! tests/tui.sh "$build"; then
	failed="$failed tests/tui.sh"
fi
total=$((total + 1))
echo "== tests/vectors/verify_ballot.py (BALLOT.md verifier in Python)"
if ! python3 tests/vectors/verify_ballot.py; then
	failed="$failed tests/vectors/verify_ballot.py"
fi
total=$((total + 1))
echo "== tests/jose (JOSE cross-check)"
if ! jose_check; then
	failed="$failed tests/jose"
fi
# The fuzz targets (tests/fuzz/), 2 s each on their seeds: once, with the
# plain build's run, from their own clang build in build/fuzz (make test
# builds it). A target that is not built fails this suite.
fuzz_smoke() {
	fdir=$(mktemp -d "${TMPDIR:-/tmp}/yg-fuzz.XXXXXX")
	if tests/fuzz/run.sh build/fuzz 2 "$fdir"; then
		rm -rf "$fdir"
		return 0
	fi
	echo "fuzz: libFuzzer's output is kept in $fdir"
	return 1
}
if [ "$build" = build ]; then
	total=$((total + 1))
	echo "== tests/fuzz (every libFuzzer target, 2 s each)"
	if ! fuzz_smoke; then
		failed="$failed tests/fuzz"
	fi
fi

echo
if [ -n "$failed" ]; then
	echo "FAILED ($build):$failed"
	exit 1
fi
echo "all $total suites passed ($build)"
