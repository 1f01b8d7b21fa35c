#!/bin/sh
# check_records.sh YG KEY RECORD...: the independent Python verifier
# (verify_record.py) passes every RECORD pinned to KEY; then every tampered
# copy of each (tamper_record.py) is refused by it and by `YG verify`, each
# with a line naming what failed; and `YG verify` without a pinned key
# refuses the record in one line. Exits non-zero on the first disagreement.
set -u
yg=$1
key=$2
shift 2
here=$(dirname "$0")
dir=$(mktemp -d "${TMPDIR:-/tmp}/yg-records.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
failed=0
python3 "$here/verify_record.py" --server-key "$key" "$@" >"$dir/out" 2>&1 || {
	echo "FAIL - verify_record.py refuses a record yg wrote:"
	grep -e '^FAIL' -e '^--' "$dir/out" | sed 's/^/    /'
	exit 1
}
echo "ok - verify_record.py passes $# record(s) pinned to $key"
n=0
for rec in "$@"; do
	n=$((n + 1))
	t="$dir/t$n"
	python3 "$here/tamper_record.py" "$rec" "$t" >/dev/null || exit 1
	python3 "$here/verify_record.py" --server-key "$key" --each-fails "$t"/*.json |
		sed "s|^|    python: |" >"$dir/py" || failed=1
	cat "$dir/py"
	grep -q 'NOT REFUSED' "$dir/py" && failed=1
	for f in "$t"/*.json; do
		if "$yg" --lang en verify "$f" --server-key "$key" >"$dir/yg" 2>&1; then
			echo "FAIL - yg verify accepts $(basename "$rec"): $(basename "$f" .json)"
			failed=1
		elif ! grep -q '^FAIL: ' "$dir/yg"; then
			echo "FAIL - yg verify refuses $(basename "$f" .json) without a FAIL line"
			failed=1
		else
			echo "    yg: $(basename "$f" .json): $(grep -m1 '^FAIL: ' "$dir/yg" | cut -c7-)"
		fi
	done
	if "$yg" --lang en verify "$rec" >"$dir/yg" 2>&1 ||
		! grep -q '^FAIL: no server key pinned' "$dir/yg"; then
		echo "FAIL - yg verify without --server-key does not refuse $(basename "$rec") saying so"
		failed=1
	fi
	echo "ok - $(basename "$rec"): $(ls "$t" | wc -l) tampered copies refused by both, and unpinned verification"
done
exit $failed
