#!/bin/sh
# README's two commands in either order, each in a fresh clone (the files of
# this checkout that git tracks or would track: no build/, no var/):
#
#   a: under umask 077, make test, then make run
#   b: make run, then make test
#
# make run starts in the background with ports the kernel picks, is pinged
# with yg (and its database), then stopped with SIGINT as Ctrl-C would; it
# must stop its private PostgreSQL on the way out. make test runs only a
# few suites (YG_TEST_SUITES), over this checkout's builds copied in:
# compiling them again would take minutes. In a, the suites that write into
# the checkout (YG_ORDER_SUITES; tests/vote_cli.sh, whose demo makes
# var/tls); in b, one that runs ygd from the checkout (test_client).
# Run by tests/run.sh BUILD (once, with the first build).
set -u
cd "$(dirname "$0")/.."
top=$(pwd)
build=${1:-build}
case "$build" in /*) ;; *) build="$top/$build" ;; esac
suites=${YG_ORDER_SUITES:-tests/vote_cli.sh}
# make test-fast: the same steps as make test (what is missing installed,
# builds, suites) for the plain build only. make test's second pass would
# run the same suites again on a copy of the sanitizer build that the
# outer run tests already: minutes for no new coverage.
target=test-fast
dir=$(mktemp -d "${TMPDIR:-/tmp}/yg-order.XXXXXX")
chmod 755 "$dir" # the private clusters run as postgres when we are root
failed=0
run_pid=""
cleanup() {
	[ -z "$run_pid" ] || kill -TERM "-$run_pid" 2>/dev/null
	for c in "$dir/a" "$dir/b"; do
		[ -d "$c/var/pg" ] && scripts/pg.sh stop "$c/var/pg" >/dev/null 2>&1
	done
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
check() { # check NAME COMMAND...: the command must succeed
	name=$1
	shift
	t0=$(date +%s)
	if "$@" >"$dir/out" 2>&1; then echo "ok - $name ($(($(date +%s) - t0)) s)"; else
		echo "FAIL - $name"
		sed 's/^/    /' "$dir/out" | tail -n 30
		failed=1
	fi
}

# clone DIR: a fresh clone of this checkout, with its builds: the plain
# one and the fuzz targets' (make test-fast's), not the sanitizer build
# inside it (build/asan), which make test-fast does not use.
clone() {
	mkdir -p "$1"
	chmod 755 "$1"
	git ls-files -z --cached --others --exclude-standard |
		tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$1"
	mkdir -p "$1/build"
	tar -C "$build" --exclude=./asan -cf - . | tar -xf - -C "$1/build"
}

# maketest CLONE SUITES: make test there, those suites only.
maketest() {
	(cd "$1" && YG_TEST_SUITES="$2" YG_TEST_JOBS=2 make --no-print-directory "$target")
}

# serve CLONE: make run there in its own process group, ping it, stop it.
serve() {
	c=$1
	rm -f "$c/port"
	mkdir -p "$c/home"
	(cd "$c" && YGD_LISTEN=127.0.0.1:0 YGD_PORT_FILE="$c/port" YGD_HTTP_LISTEN=127.0.0.1:0 \
		exec setsid make --no-print-directory run) >"$c/run.log" 2>&1 </dev/null &
	run_pid=$!
	i=0
	# make run may compile what the copied build lacks: up to 5 minutes on
	# a loaded machine
	while [ ! -s "$c/port" ] && kill -0 "$run_pid" 2>/dev/null && [ $i -lt 3000 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	if [ ! -s "$c/port" ]; then
		echo "FAIL - make run in ${c##*/} did not start ygd"
		sed 's/^/    /' "$c/run.log" | tail -n 20
		failed=1
	else
		fp=$(openssl x509 -in "$c/var/tls/server.crt" -outform DER | sha256sum | cut -d' ' -f1)
		check "make run in ${c##*/}: yg pings ygd and its database" "$c/build/yg" \
			--home "$c/home" --server "127.0.0.1:$(cat "$c/port")" --fingerprint "$fp" ping --db
	fi
	# Ctrl-C: SIGINT to the foreground group (make and run.sh ignore it,
	# ygd stops, then run.sh stops PostgreSQL).
	kill -INT "-$run_pid" 2>/dev/null
	i=0
	while ! grep -q 'Private PostgreSQL stopped' "$c/run.log" && [ $i -lt 1200 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	wait "$run_pid" 2>/dev/null
	run_pid=""
	if grep -q 'Private PostgreSQL stopped' "$c/run.log"; then
		echo "ok - make run in ${c##*/}: Ctrl-C stops ygd, then PostgreSQL"
	else
		echo "FAIL - make run in ${c##*/}: Ctrl-C stops ygd, then PostgreSQL"
		sed 's/^/    /' "$c/run.log" | tail -n 15
		for p in $(running_in "$c"); do echo "    left: $p $(tr '\0' ' ' <"/proc/$p/cmdline")"; done
		failed=1
	fi
	check "make run in ${c##*/}: nothing left running (ygd, PostgreSQL, make)" \
		test -z "$(running_in "$c")"
}

# running_in DIR: the processes whose working directory is in DIR.
running_in() {
	for p in /proc/[0-9]*; do
		case "$(readlink "$p/cwd" 2>/dev/null)" in "$1" | "$1"/*) echo "${p#/proc/}" ;; esac
	done
}

echo "# a: make $target, then make run, under umask 077"
clone "$dir/a"
umask 077
check "make $target in a fresh clone ($suites)" maketest "$dir/a" "$suites"
serve "$dir/a"
umask 022

echo "# b: make run, then make $target"
clone "$dir/b"
serve "$dir/b"
check "make $target after make run (test_client)" maketest "$dir/b" test_client
exit "$failed"
