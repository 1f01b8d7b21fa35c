#!/bin/sh
# make install into a DESTDIR: the tree (every file and its mode), the
# systemd unit (systemd-analyze verify and its offline security review when
# systemd-analyze is there; its hardening fields always), the environment
# file (every setting of ygd --help), the installed ygd (--version, --help
# naming the installed migrations) and man -l on both pages; then make
# uninstall leaves only the settings. Run by tests/run.sh BUILD.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
yg_suite install "${1:-}"
dest="$dir/root"
# mode PATH: its permissions in octal, as stat prints them.
mode() { stat -c %a "$dest$1"; }
same() { # same WHAT ACTUAL EXPECTED
	if [ "$2" = "$3" ]; then echo "ok - $1"; else
		echo "FAIL - $1: $2, not $3"
		failed=1
	fi
}
san=""
case "$build" in *asan*) san="SAN=1" ;; esac

check "make install DESTDIR=... (PREFIX /usr/local)" make --no-print-directory install \
	BUILD="$build" $san INST="$dir/inst" DESTDIR="$dest"
[ "$failed" = 0 ] || exit 1

p=/usr/local
same "ygd in sbin, 0755" "$(mode $p/sbin/ygd)" 755
same "yg in bin, 0755" "$(mode $p/bin/yg)" 755
same "yg-doc.so (the PDF support yg and ygd load) in lib/yangguang, 0644" \
	"$(mode $p/lib/yangguang/yg-doc.so)" 644
check "yg-doc.so: every library it needs is found" sh -c \
	"ldd '$dest$p/lib/yangguang/yg-doc.so' | { ! grep 'not found'; }"
same "every migration, 0644" "$(cd "$dest$p/share/yangguang/sql" && stat -c '%n %a' ./*.sql)" \
	"$(cd sql && for f in ./*.sql; do echo "$f 644"; done)"
same "ygd(8), 0644" "$(mode $p/share/man/man8/ygd.8)" 644
same "yg(1), 0644" "$(mode $p/share/man/man1/yg.1)" 644
same "the unit, 0644" "$(mode $p/lib/systemd/system/ygd.service)" 644
same "the system user for systemd-sysusers, 0644" "$(mode $p/lib/sysusers.d/yangguang.conf)" 644
same "the settings, 0600 (they hold the database's password)" "$(mode /etc/yangguang/ygd.env)" 600
same "nothing else" "$(cd "$dest" && find . -type f | sort | grep -v '/sql/')" "$(printf '%s\n' \
	./etc/yangguang/ygd.env ./usr/local/bin/yg ./usr/local/lib/systemd/system/ygd.service \
	./usr/local/lib/sysusers.d/yangguang.conf ./usr/local/lib/yangguang/yg-doc.so \
	./usr/local/sbin/ygd \
	./usr/local/share/man/man1/yg.1 ./usr/local/share/man/man8/ygd.8)"

ygd="$dest$p/sbin/ygd"
check "the installed ygd --version" sh -c "'$ygd' --version | grep -q '^ygd [0-9]'"
check "the installed ygd --help: migrations in $p/share/yangguang/sql" \
	sh -c "'$ygd' --help | grep -q 'YGD_SQL_DIR .*default: \"$p/share/yangguang/sql\"'"
check "the installed yg --version" sh -c "'$dest$p/bin/yg' --version | grep -q '^yg [0-9]'"

unit="$dest$p/lib/systemd/system/ygd.service"
for f in User=yangguang Group=yangguang "ExecStart=$p/sbin/ygd serve" \
	EnvironmentFile=/etc/yangguang/ygd.env StateDirectory=yangguang StateDirectoryMode=0700 \
	WorkingDirectory=/var/lib/yangguang NoNewPrivileges=yes ProtectSystem=strict \
	ProtectHome=yes PrivateTmp=yes PrivateDevices=yes CapabilityBoundingSet= \
	ReadWritePaths=-/run/postgresql SystemCallFilter=@system-service \
	WantedBy=multi-user.target; do
	check "unit: $f" grep -qx "$f" "$unit"
done
if command -v systemd-analyze >/dev/null 2>&1; then
	# verify resolves ExecStart= on the host: give it the binary there
	# (and man:ygd(8) is not installed there: --man=no).
	mkdir -p "$dir/verify"
	sed "s|^ExecStart=$p/sbin/ygd|ExecStart=$ygd|" "$unit" >"$dir/verify/ygd.service"
	check "systemd-analyze verify passes the unit" sh -c \
		"SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no '$dir/verify/ygd.service' 2>&1 |
		 grep -v -e 'yangguang' -e '^$' | { ! grep .; }"
	check "systemd-analyze security rates the unit OK" sh -c \
		"systemd-analyze security --offline=true '$unit' 2>&1 | tee '$dir/security' |
		 grep -q 'Overall exposure level for ygd.service: [0-2]\\.[0-9] OK'"
	sed -n 's/^→ /    /p' "$dir/security"
else
	echo "ok - systemd-analyze is not installed: the unit's fields were checked above"
fi

env="$dest/etc/yangguang/ygd.env"
check "ygd.env names every setting of ygd --help" sh -c "
	'$ygd' --help | sed -n 's/^  --[a-z-]* *\\(YGD_[A-Z_]*\\) .*/\\1/p' | while read -r v; do
		grep -q \"^#*\$v=\" '$env' || { echo \"missing \$v\"; exit 1; }
	done"
check "ygd.env: the signing key in the state directory" grep -qx \
	YGD_SIGN_KEY=/var/lib/yangguang/sign.key "$env"
check "ygd.env: the certificate in /etc/yangguang/tls" grep -qx \
	YGD_CERT=/etc/yangguang/tls/server.crt "$env"
check "ygd.env: defaults commented" grep -qx '#YGD_LISTEN=127.0.0.1:7443' "$env"

# man -l: the pages render without a warning and carry the help's text.
manpage() { # manpage FILE: rendered as plain text, warnings on stderr
	MANWIDTH=100 LC_ALL=C.UTF-8 man --warnings -l "$1" 2>"$dir/man.err" | col -b
}
if command -v man >/dev/null 2>&1; then
	manpage "$dest$p/share/man/man8/ygd.8" >"$dir/ygd.txt"
	check "man -l ygd.8 renders without a warning" test ! -s "$dir/man.err"
	check "ygd(8): name, settings, the signing key, files" sh -c "
		grep -q 'ygd - the yangguang' '$dir/ygd.txt' &&
		grep -q -- '--http-request-timeout value, YGD_HTTP_REQUEST_TIMEOUT' '$dir/ygd.txt' &&
		grep -q 'THE SIGNING KEY' '$dir/ygd.txt' &&
		grep -q '/var/lib/yangguang/sign.key' '$dir/ygd.txt' &&
		grep -q '$p/share/yangguang/sql' '$dir/ygd.txt'"
	manpage "$dest$p/share/man/man1/yg.1" >"$dir/yg.txt"
	check "man -l yg.1 renders without a warning" test ! -s "$dir/man.err"
	check "yg(1): every command of yg --help" sh -c "
		'$dest$p/bin/yg' --lang en --help | awk '/^  [a-z]/ { print \$1, \$2 }' | sort -u |
		while read -r a b; do
			grep -q \"yg \$a\" '$dir/yg.txt' || { echo \"missing yg \$a \$b\"; exit 1; }
		done && grep -q 'yg vote cast' '$dir/yg.txt' && grep -q 'EXIT STATUS' '$dir/yg.txt'"
else
	echo "FAIL - man is missing (make deps installs man-db)"
	failed=1
fi

check "make uninstall" make --no-print-directory uninstall DESTDIR="$dest"
same "uninstall leaves only the settings" "$(cd "$dest" && find . -type f)" ./etc/yangguang/ygd.env
exit "$failed"
