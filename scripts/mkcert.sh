#!/bin/sh
# A self-signed server certificate (ECDSA P-256, ten years) for ygd:
#   mkcert.sh DIR [NAME]  writes DIR/server.crt and DIR/server.key (mode 600)
# and prints its SHA-256 fingerprint, the value terminals pin.
set -eu
dir=${1:?usage: mkcert.sh DIR [NAME]}
name=${2:-yangguang}
mkdir -p "$dir"
if [ ! -f "$dir/server.crt" ]; then
	umask 077
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
		-subj "/CN=$name" -addext "subjectAltName=DNS:localhost,DNS:$name,IP:127.0.0.1" \
		-keyout "$dir/server.key" -out "$dir/server.crt" 2>/dev/null
fi
openssl x509 -in "$dir/server.crt" -outform DER | sha256sum | cut -d' ' -f1
