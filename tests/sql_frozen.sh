#!/bin/sh
# Migrations never change once applied, and functions live in sql/api/.
#
# sql/frozen.sha256 records every numbered migration as it was when it landed
# (sha256sum format). This fails when a recorded migration was edited or
# removed, when a migration is missing from the record (add it with
# `cd sql && sha256sum NNNN_name.sql >> frozen.sha256` in the commit that adds
# it), and when a migration after 0018 defines a function: functions, views
# and grants belong in sql/api/, which ygd re-applies when they change.
set -eu
cd "$(dirname "$0")/../sql"
fail=0
if ! sha256sum --quiet -c frozen.sha256; then
	echo "sql_frozen: a recorded migration changed (add a new migration instead)" >&2
	fail=1
fi
for f in [0-9][0-9][0-9][0-9]_*.sql; do
	if ! grep -q "  $f\$" frozen.sha256; then
		echo "sql_frozen: $f is not recorded in sql/frozen.sha256" >&2
		fail=1
	fi
	n=${f%%_*}
	if [ "$n" -gt 18 ] && grep -Eiq 'create( or replace)? (function|procedure|view)' "$f"; then
		echo "sql_frozen: $f defines a function or view: put it in sql/api/" >&2
		fail=1
	fi
done
[ $fail -eq 0 ] && echo "sql_frozen: $(wc -l <frozen.sha256) migrations as recorded; functions in sql/api"
exit $fail
