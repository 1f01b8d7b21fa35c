#!/bin/sh
# The environment file of the ygd service (make install puts it in
# /etc/yangguang/ygd.env), made from `ygd --help`: every setting as a
# commented YGD_* line with its default and meaning; the paths of the
# certificate, its key and the signing key set for the service.
#   envfile.sh YGD CONFDIR STATEDIR
set -eu
ygd=${1:?usage: envfile.sh YGD CONFDIR STATEDIR}
conf=${2:?missing CONFDIR}
state=${3:?missing STATEDIR}

cat <<HEAD
# Settings of the ygd service (ygd.service reads this file with
# EnvironmentFile=; so can a shell: set -a; . ./ygd.env). One
# VARIABLE=value a line, a value with spaces in double quotes; a line left
# commented keeps the default shown. See ygd(8) and the README's
# "Deploying on a server".
#
# Fill in at least YGD_DB (the role ygd serves with, a member of yg_app),
# YGD_DB_OWNER (the schema's owner, for ygd migrate and bootstrap; or give
# --db-owner instead), e.g.
#   YGD_DB="host=/run/postgresql dbname=yangguang user=ygd password=..."
# and put the certificate and key from the office's CA where YGD_CERT and
# YGD_KEY say, the key readable by group yangguang (chmod 640).

YGD_CERT=$conf/tls/server.crt
YGD_KEY=$conf/tls/server.key
# The key that signs tallies, made on first start. Back it up (see ygd(8)).
YGD_SIGN_KEY=$state/sign.key
YGD_DB=
YGD_DB_OWNER=
HEAD
"$ygd" --help | sed -n 's/^  --[a-z-]* *\(YGD_[A-Z_]*\) *\(.*\) (default: "\(.*\)")$/\1\t\2\t\3/p' |
	while IFS='	' read -r var help dflt; do
		case "$var" in YGD_CERT | YGD_KEY | YGD_SIGN_KEY | YGD_DB | YGD_DB_OWNER) continue ;; esac
		printf '\n# %s\n#%s=%s\n' "$help" "$var" "$dflt"
	done
