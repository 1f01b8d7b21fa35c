#!/bin/sh
# Install what yangguang needs to build, run and test, if it is missing.
# As root this calls apt-get; otherwise it prints the command to run.
set -eu

pkgs=""
need() { # need PACKAGE TEST-COMMAND...
	pkg=$1
	shift
	if ! "$@" >/dev/null 2>&1; then
		pkgs="$pkgs $pkg"
	fi
}
has_pc() { pkg-config --exists "$1"; }
has_evhttp() { has_pc libevent_openssl && has_pc libevent_extra; }
has_nginx() { command -v nginx || test -x /usr/sbin/nginx; }
has_pg_bin() { ls /usr/lib/postgresql/*/bin/"$1" >/dev/null 2>&1; }
# Whatever the version directory: llvm-14/lib/clang/14.0.6 on Debian 12.
has_libfuzzer() { ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1; }

need build-essential command -v cc
need make command -v make
need pkg-config command -v pkg-config
# Without pkg-config none of the library checks can work: assume all missing.
if command -v pkg-config >/dev/null 2>&1; then
	need libevent-dev has_evhttp
	need libcjson-dev has_pc libcjson
	need libpq-dev has_pc libpq
	need libssl-dev has_pc libssl
	need libcmocka-dev has_pc cmocka
	need libncurses-dev has_pc ncursesw
else
	pkgs="$pkgs libevent-dev libcjson-dev libpq-dev libssl-dev libcmocka-dev libncurses-dev"
fi
need postgresql has_pg_bin initdb
need postgresql-contrib has_pg_bin pgbench
need openssl command -v openssl
need util-linux command -v runuser
# The JOSE cross-check of the ballot signatures (tests/jose/) runs on Node.js.
need nodejs command -v node
need npm command -v npm
# tests/tui.sh drives the full-screen terminal in tmux.
need tmux command -v tmux
# tests/vectors/verify_ballot.py checks the ballot vectors from BALLOT.md.
need python3 command -v python3
# tests/portal.sh drives the portal in Debian's headless Chromium, with a
# Chinese font for its screenshots; make bench compares it with nginx (wrk).
need chromium command -v chromium
need fonts-wqy-microhei test -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
need nginx-light has_nginx
need wrk command -v wrk
# The fuzz targets (tests/fuzz/, make fuzz) build with clang and link
# libFuzzer, whose runtime Debian ships apart from the compiler.
need clang command -v clang
need libclang-rt-14-dev has_libfuzzer

[ -n "$pkgs" ] || exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "yangguang needs these Debian packages:$pkgs" >&2
	echo "Install them with:  sudo apt-get install -y$pkgs" >&2
	exit 1
fi
echo "Installing:$pkgs" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $pkgs >&2
