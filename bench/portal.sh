#!/bin/sh
# The public portal under load (part of `make bench`): the `make demo`
# meeting in a private cluster, then wrk with BENCH_PORTAL_CONNS (default
# 1,000) connections on a published decision page (/decisions/1) of ygd's
# portal for BENCH_SECS seconds: requests per second and p99. Baseline in
# the same run: nginx from Debian serving the same page, saved as a static
# file, with one worker process (ygd's portal runs on its one event loop).
# The machine is shared: nginx and ygd take turns BENCH_PORTAL_ROUNDS
# times (default 3) and each one's median counts; each one's CPU time per
# request is shown too, which the other load on the machine changes less.
# Then the terminals' protocol: ping round trips of 10 TLS connections to
# the same ygd, idle and while wrk loads its portal.
#
# The table goes to stdout and is appended to BUILD/bench/results.txt.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
secs=${BENCH_SECS:-10}
conns=${BENCH_PORTAL_CONNS:-1000}
rounds=${BENCH_PORTAL_ROUNDS:-3}
results="$build/bench/results.txt"
ygbench="$build/bench/ygbench"
. bench/lib.sh
bench_init portal-bench ygportalbench
nginx_pid=""
stop_nginx() { [ -z "$nginx_pid" ] || stop_pid "$nginx_pid"; }
trap 'rc=$?; stop_nginx; (exit $rc); cleanup' EXIT

command -v wrk >/dev/null || die "wrk is missing (make deps installs it)"
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || die "nginx is missing (make deps installs nginx-light)"
[ -x "$ygbench" ] || die "$ygbench is not built"
# ygd, nginx and wrk each hold over a thousand sockets.
ulimit -n 65536 2>/dev/null || ulimit -n 16384 2>/dev/null || true
[ "$(ulimit -n)" -gt $((conns + 100)) ] || die "ulimit -n $(ulimit -n) is too low for $conns connections"
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

step "the demo meeting (publishes decisions 1 and 3)"
scripts/pg.sh init "$pgdir" --fast >/dev/null
env YG_DEMO_PG="$pgdir" YG_DEMO_DIR="$tmp/demo" BUILD="$build" scripts/demo.sh >"$tmp/demo.log" 2>&1 ||
	{ tail -n 20 "$tmp/demo.log" >&2; die "the demo failed"; }
db=$(scripts/pg.sh conninfo "$pgdir" yangguang_demo ygd)
"$build/ygd" --db "$db" --listen 127.0.0.1:0 --port-file "$tmp/port" \
	--http-listen 127.0.0.1:0 --http-port-file "$tmp/http-port" --log-level warn \
	--cert var/tls/server.crt --key var/tls/server.key --sign-key "$tmp/demo/sign.key" \
	--http-max-conns 100000 --http-max-per-address 100000 --max-per-address 100000 \
	>"$tmp/ygd.log" 2>&1 & # wrk's connections all come from 127.0.0.1
ygd_pid=$!
n=0
while [ ! -s "$tmp/http-port" ] || [ ! -s "$tmp/port" ]; do
	[ "$n" -lt 100 ] || die "ygd did not start"
	sleep 0.1
	n=$((n + 1))
done
portal="http://127.0.0.1:$(cat "$tmp/http-port")"
page=/decisions/1

# The same page as nginx will serve it.
mkdir -p "$tmp/www/decisions" "$tmp/nginx"
python3 -c "import urllib.request, sys; sys.stdout.buffer.write(urllib.request.urlopen('$portal$page').read())" \
	>"$tmp/www$page.html"
chmod -R a+rX "$tmp/www"
bytes=$(wc -c <"$tmp/www$page.html")
nport=$(free_port)
cat >"$tmp/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 8192; }
http {
	access_log off;
	server {
		listen 127.0.0.1:$nport;
		root $tmp/www;
		location / {
			default_type "text/html; charset=utf-8";
			add_header Cache-Control "public, max-age=10";
			try_files \$uri.html =404;
		}
	}
}
EOF
"$nginx" -p "$tmp/nginx/" -c "$tmp/nginx/nginx.conf" 2>"$tmp/nginx/stderr" &
nginx_pid=$!
n=0
until python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$nport$page')" 2>/dev/null; do
	[ "$n" -lt 100 ] || { cat "$tmp/nginx/stderr" >&2; die "nginx did not start"; }
	sleep 0.1
	n=$((n + 1))
done

# wrk_run URL: "rps p50 p99 errors", latencies in ms.
wrk_run() {
	wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s --latency "$1" >"$tmp/wrk.out" 2>&1 ||
		{ cat "$tmp/wrk.out" >&2; die "wrk failed on $1"; }
	awk '
	function ms(v) {
		if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0
		if (v ~ /m$/) return v * 60000; return v * 1000
	}
	/Requests\/sec:/ { rps = $2 }
	/^ +50%/ { p50 = ms($2) }
	/^ +99%/ { p99 = ms($2) }
	/Non-2xx or 3xx responses:/ { err += $NF }
	/Socket errors:/ { for (i = 4; i <= NF; i += 2) err += $i }
	END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, err }' "$tmp/wrk.out"
}
# CPU seconds (user + system) pid has used so far.
cpu_s() { awk -v t="$(getconf CLK_TCK)" '{ printf "%.3f\n", ($14 + $15) / t }' "/proc/$1/stat"; }
# wrk_cpu PID URL: wrk_run's line with PID's CPU microseconds per request
# added: what each server spends whatever share of the cores it is given.
wrk_cpu() {
	c0=$(cpu_s "$1")
	wrk_run "$2" >"$tmp/wrk.line"
	c1=$(cpu_s "$1")
	n=$(awk '/requests in/ { print $1 }' "$tmp/wrk.out")
	echo "$(cat "$tmp/wrk.line") $(calc %.1f "($c1 - $c0) * 1000000 / ($n > 0 ? $n : 1)")"
}
ping_line() { "$ygbench" "127.0.0.1:$(cat "$tmp/port")" ping 10 "$1" 2>"$tmp/ping.err"; }

nginx_worker=$(pgrep -P "$nginx_pid" | head -n 1)
[ -n "$nginx_worker" ] || die "nginx has no worker process"
: >"$tmp/nginx.all"
: >"$tmp/ygd.all"
r=1
while [ "$r" -le "$rounds" ]; do
	step "round $r of $rounds: wrk -c$conns on nginx (static file, 1 worker), then on ygd's portal"
	wrk_cpu "$nginx_worker" "http://127.0.0.1:$nport$page" >>"$tmp/nginx.all"
	wrk_cpu "$ygd_pid" "$portal$page" >>"$tmp/ygd.all"
	kill -0 "$ygd_pid" 2>/dev/null || die "ygd died under the load"
	r=$((r + 1))
done
# The round of the median req/s, whole.
median() { sort -n -k1,1 "$1" | awk '{ l[NR] = $0 } END { print l[int((NR + 1) / 2)] }'; }
median "$tmp/nginx.all" >"$tmp/nginx.res"
median "$tmp/ygd.all" >"$tmp/ygd.res"
step "terminal pings, idle"
ping_line $((secs / 2)) >"$tmp/ping.idle"
step "terminal pings while wrk loads the portal"
wrk -t1 -c"$conns" -d"$((secs / 2 + 2))s" --timeout 10s "$portal$page" >/dev/null 2>&1 &
helper_pid=$!
sleep 1
ping_line $((secs / 2)) >"$tmp/ping.busy"
wait "$helper_pid" 2>/dev/null || true
helper_pid=""
rss=$(awk '/VmHWM/ { print $2 }' "/proc/$ygd_pid/status")

read -r n_rps n_p50 n_p99 n_err n_cpu <"$tmp/nginx.res"
read -r y_rps y_p50 y_p99 y_err y_cpu <"$tmp/ygd.res"
i_line=$(cat "$tmp/ping.idle")
b_line=$(cat "$tmp/ping.busy")
{
	echo
	echo "Portal: GET $page ($bytes bytes) at $conns connections, wrk -t2, ${secs} s, median of $rounds rounds"
	printf '  %-34s %9s %9s %9s %7s\n' server "req/s" "p50 ms" "p99 ms" errors
	printf '  %-34s %9s %9s %9s %7s\n' "nginx $("$nginx" -v 2>&1 | sed 's/.*nginx\///') static, 1 worker" \
		"$n_rps" "$n_p50" "$n_p99" "$n_err"
	printf '  %-34s %9s %9s %9s %7s\n' "ygd portal (one event loop)" "$y_rps" "$y_p50" "$y_p99" "$y_err"
	printf '  req/s by round: nginx %s; ygd %s\n' "$(cut -d' ' -f1 "$tmp/nginx.all" | tr '\n' ' ' | sed 's/ $//')" \
		"$(cut -d' ' -f1 "$tmp/ygd.all" | tr '\n' ' ' | sed 's/ $//')"
	printf '  CPU per request (us, the median round; whatever share of the cores each got): nginx %s, ygd %s\n' \
		"$n_cpu" "$y_cpu"
	printf '  ratio ygd/nginx: req/s %s, p99 %s\n' "$(calc %.2f "$y_rps / $n_rps")" \
		"$(calc %.2f "$y_p99 / ($n_p99 > 0 ? $n_p99 : 1)")"
	printf '  terminal pings (10 TLS connections): idle %s/s p99 %s us; portal loaded %s/s p99 %s us\n' \
		"$(calc %.0f "$(val rps "$i_line")")" "$(val p99_us "$i_line")" \
		"$(calc %.0f "$(val rps "$b_line")")" "$(val p99_us "$b_line")"
	printf '  ygd peak resident memory: %s MiB\n' "$(calc %.1f "$rss / 1024")"
	echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
	# issue 23's goal, in the fixed form of bench/vote.sh's
	printf 'RATIO portal_vs_nginx %s\n' "$(calc %.2f "$y_rps / $n_rps")"
} >"$tmp/table"
cat "$tmp/table"
cat "$tmp/table" >>"$results"
