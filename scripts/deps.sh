#!/bin/sh
# Install the Debian packages yangguang needs, if they are missing:
#
#   deps.sh run     build and run it (make, make run, make demo, make install)
#   deps.sh test    and run every suite (make test)
#   deps.sh bench   and run the benchmarks (make bench)
#
# As root this calls apt-get; otherwise it prints the command to run.
set -eu

level=${1:-run}
case "$level" in run | test | bench) ;; *)
	echo "usage: deps.sh run|test|bench" >&2
	exit 2
	;;
esac

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
has_lib() { # has_lib PKG-CONFIG-NAME DEBIAN-PACKAGE: without pkg-config, assume missing
	if command -v pkg-config >/dev/null 2>&1; then
		need "$2" has_pc "$1"
	else
		pkgs="$pkgs $2"
	fi
}

# run: build ygd and yg, the private PostgreSQL, certificates.
need build-essential command -v cc
need make command -v make
need pkg-config command -v pkg-config
if command -v pkg-config >/dev/null 2>&1; then
	need libevent-dev has_evhttp
else
	pkgs="$pkgs libevent-dev"
fi
has_lib libcjson libcjson-dev
has_lib libpq libpq-dev
has_lib libssl libssl-dev
has_lib libsodium libsodium-dev
has_lib ncursesw libncurses-dev
need postgresql has_pg_bin initdb
need openssl command -v openssl
# Printed documents (yg doc): pango and cairo, and a Chinese font.
has_lib pangocairo libpango1.0-dev
has_lib cairo-pdf libcairo2-dev
has_cjk_font() { fc-list :lang=zh family | grep -q .; }
need fonts-noto-cjk has_cjk_font
need util-linux command -v runuser

# test: the unit tests' framework and the tools the suites drive.
if [ "$level" = test ]; then
	has_lib cmocka libcmocka-dev
	# The JOSE cross-check of the ballot signatures (tests/jose/) runs on Node.js.
	need nodejs command -v node
	need npm command -v npm
	# The suites stop the terminals they started in the background, and
	# their children, with pkill.
	need procps command -v pkill
	# tests/tui.sh drives the full-screen terminal in tmux.
	need tmux command -v tmux
	# tests/vectors/verify_ballot.py checks the ballot vectors from BALLOT.md.
	need python3 command -v python3
	# the independent record verifier (tests/vectors/verify_record.py): Ed25519
	need python3-cryptography python3 -c "import cryptography.hazmat.primitives.asymmetric.ed25519"
	# tests/portal.sh drives the portal in Debian's headless Chromium, with a
	# Chinese font for its screenshots.
	need chromium command -v chromium
	need fonts-wqy-microhei test -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
	# tests/install.sh reads the man pages it installs.
	need man-db command -v man
	# tests/office.sh reads the printed documents back with pdftotext.
	need poppler-utils command -v pdftotext
	# The fuzz targets (tests/fuzz/, make fuzz) build with clang and link
	# libFuzzer, whose runtime Debian ships apart from the compiler.
	need clang command -v clang
	need libclang-rt-14-dev has_libfuzzer
fi

# bench: pgbench as the baseline, nginx and wrk beside the portal.
if [ "$level" = bench ]; then
	has_lib cmocka libcmocka-dev
	need postgresql-contrib has_pg_bin pgbench
	need python3 command -v python3
	need nginx-light has_nginx
	need wrk command -v wrk
fi

[ -n "$pkgs" ] || exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "yangguang ($level) needs these Debian packages:$pkgs" >&2
	echo "Install them with:  sudo apt-get install -y$pkgs" >&2
	exit 1
fi
echo "Installing:$pkgs" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $pkgs >&2
