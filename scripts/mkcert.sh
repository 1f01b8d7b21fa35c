#!/bin/sh
# A self-signed server certificate (ECDSA P-256, ten years) for ygd:
#   mkcert.sh DIR [NAME]  writes DIR/server.crt and DIR/server.key (mode 600)
# and prints its SHA-256 fingerprint, the value terminals pin.
set -eu
dir=${1:?usage: mkcert.sh DIR [NAME]}
name=${2:-yangguang}
mkdir -p "$dir"
# Several may ask at once (the test suites' demos, each from a fresh
# clone's var/tls): one makes the pair, in a directory of its own, and
# moves the key in before the certificate; the others wait for the
# certificate. A pair is never seen half made, nor a key of another pair.
if [ ! -f "$dir/server.crt" ]; then
	if mkdir "$dir/.making" 2>/dev/null; then
		if [ ! -f "$dir/server.crt" ]; then
			umask 077
			openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
				-subj "/CN=$name" \
				-addext "subjectAltName=DNS:localhost,DNS:$name,IP:127.0.0.1" \
				-keyout "$dir/.making/server.key" -out "$dir/.making/server.crt" 2>/dev/null ||
				{ rm -rf "$dir/.making"; exit 1; }
			mv "$dir/.making/server.key" "$dir/server.key"
			mv "$dir/.making/server.crt" "$dir/server.crt"
		fi
		rm -rf "$dir/.making"
	else
		n=0
		while [ ! -f "$dir/server.crt" ]; do
			if [ "$n" -ge 300 ]; then
				echo "mkcert.sh: $dir/.making has stood for 30 s with no certificate;" \
					"remove it if no other mkcert.sh is running" >&2
				exit 1
			fi
			sleep 0.1
			n=$((n + 1))
		done
	fi
fi
openssl x509 -in "$dir/server.crt" -outform DER | sha256sum | cut -d' ' -f1
