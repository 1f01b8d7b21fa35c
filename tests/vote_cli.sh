#!/bin/sh
# The vote through the real yg client: scripts/demo.sh (the `make demo`
# meeting: three items, two scrutineer terminals running `yg scrutineer
# watch`, every ballot cast with `yg vote cast`) in a private PostgreSQL
# and directory of its own; then `yg verify` must pass every election record
# and the voter's receipt, and fail a record with a count changed, a ballot
# removed, a ballot added twice, or a byte of a ballot changed, and an
# unknown receipt. Run by tests/run.sh BUILD.
set -u
cd "$(dirname "$0")/.."
build=${1:-build}
dir=$(mktemp -d "${TMPDIR:-/tmp}/yg-vote-cli.XXXXXX")
chmod 755 "$dir" # the cluster runs as postgres when we are root
pg="$dir/pg"
failed=0
cleanup() {
	scripts/pg.sh stop "$pg" >/dev/null 2>&1
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM
check() { # check NAME COMMAND...: the command must succeed
	name=$1
	shift
	if "$@" >"$dir/out" 2>&1; then echo "ok - $name"; else
		echo "FAIL - $name"
		sed 's/^/    /' "$dir/out" | tail -n 20
		failed=1
	fi
}
refuse() { # refuse NAME COMMAND...: the command must fail
	name=$1
	shift
	if "$@" >"$dir/out" 2>&1; then
		echo "FAIL - $name (accepted)"
		failed=1
	else echo "ok - $name"; fi
}

scripts/pg.sh init "$pg" --fast >/dev/null 2>&1 || { echo "FAIL - cannot make a cluster"; exit 1; }
check "the demo meeting runs to the end" env YG_DEMO_PG="$pg" YG_DEMO_DIR="$dir/demo" \
	BUILD="$build" scripts/demo.sh
cp "$dir/out" "$dir/demo.out"
check "three election records verify" test "$(grep -c '选举记录完整' "$dir/demo.out")" -eq 4
check "the competitive vote elected two" test "$(grep -c '当选            ' "$dir/demo.out")" -ge 2
check "the voter's receipt is found" grep -q '的选票在记录中' "$dir/demo.out"
check "the minutes name the vote and counts" grep -q '无记名投票' "$dir/demo.out"
check "terminals followed the progress" grep -q '议题 3 已投 10/10' "$dir/demo.out"
check "terminals heard the result" grep -q '议题 3 第 1 轮表决结果：王志远' "$dir/demo.out"
yg="$build/yg"
rec=$(ls "$dir"/demo/records/meeting-*-item-1.json)
check "yg verify passes the record (English)" "$yg" --lang en verify "$rec"
grep -q 'The election record is complete' "$dir/out" || { echo "FAIL - English summary"; failed=1; }

python3 - "$rec" "$dir" <<'PY'
import json, sys, copy
rec = json.load(open(sys.argv[1])); d = sys.argv[2]
def save(name, r): json.dump(r, open(f"{d}/{name}.json", "w"), ensure_ascii=False)
r = copy.deepcopy(rec); r["rounds"][0]["counts"][0] += 1; save("count", r)
r = copy.deepcopy(rec); del r["rounds"][0]["ballots"][0]; save("removed", r)
r = copy.deepcopy(rec); r["rounds"][0]["ballots"].append(r["rounds"][0]["ballots"][0]); save("added", r)
r = copy.deepcopy(rec); b = r["rounds"][0]["ballots"][1]["ballot"]["selections"][0]
b["a"] = b["a"][:10] + ("A" if b["a"][10] != "A" else "B") + b["a"][11:]; save("byte", r)
PY
refuse "a changed count fails" "$yg" verify "$dir/count.json"
refuse "a removed ballot fails" "$yg" verify "$dir/removed.json"
refuse "a ballot added twice fails" "$yg" verify "$dir/added.json"
refuse "a changed byte of a ballot fails" "$yg" verify "$dir/byte.json"
refuse "an unknown receipt is not found" "$yg" verify "$rec" --receipt \
	AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
refuse "a pinned key other than the server's fails" "$yg" verify "$rec" --server-key \
	ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
check "the record passes with the server's key pinned" "$yg" verify "$rec" --server-key \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["server_key"])' "$rec")"
if grep -q 'ERROR: [A-Za-z]*Sanitizer\|runtime error:' "$dir/demo.out" "$dir"/demo/*.log 2>/dev/null; then
	echo "FAIL - a sanitizer report from yg or ygd"
	failed=1
fi
exit $failed
