"""The attacks of issue 21, measured against a running ygd (bench/attack.sh).

    attack.py TERMINAL_PORT HTTP_PORT YGD_PID

Prints one line per figure, "name value unit": ygd's resident memory
before and under a flood of partial frames (600 connections, each
announcing a 1 MiB frame and sending as much of it as ygd takes, then 600
more with 60,000-byte frames left unfinished), ping latency over TLS while
1,500 slow visitors from 10 addresses try to hold the portal, how long a slowloris connection
(one byte every 2 s) lives on each listener, and how many of 3,000 bad
logins are tried before ygd answers busy. Bounded in count and in time;
loopback only."""
import os
import select
import socket
import ssl
import struct
import sys
import time

TERM, HTTP, PID = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
CTX = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
CTX.check_hostname = False
CTX.verify_mode = ssl.CERT_NONE


def rss_kib():
    with open(f"/proc/{PID}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def frame(obj):
    data = obj.encode()
    return struct.pack(">I", len(data)) + data


def tls(source="127.0.0.1"):
    s = socket.create_connection(("127.0.0.1", TERM), timeout=10, source_address=(source, 0))
    return CTX.wrap_socket(s)


def call(s, op, args="{}", rid=1):
    s.sendall(frame('{"id":%d,"op":"%s","args":%s}' % (rid, op, args)))
    hdr = b""
    while len(hdr) < 4:
        hdr += s.recv(4 - len(hdr))
    (n,) = struct.unpack(">I", hdr)
    body = b""
    while len(body) < n:
        body += s.recv(n - len(body))
    return body


def hello(s):
    return call(s, "hello", '{"versions":[1]}')


def readable(s, timeout_s):
    p = select.poll()
    p.register(s, select.POLLIN)
    return bool(p.poll(int(timeout_s * 1000)))


def figure(name, value, unit):
    print(f"{name} {value} {unit}", flush=True)


def partial_frames(count, announce, send, source):
    held = []
    for _ in range(count):
        try:
            s = tls(source)
            hello(s)
            s.sendall(struct.pack(">I", announce))
            s.setblocking(False)
            sent = 0
            chunk = b"[" * 65536
            t0 = time.time()
            while sent < send and time.time() - t0 < 0.5:
                try:
                    sent += s.send(chunk[: min(len(chunk), send - sent)])
                except (BlockingIOError, ssl.SSLWantWriteError):
                    time.sleep(0.01)
                except OSError:
                    break
            held.append(s)
        except OSError:
            pass
    time.sleep(1)
    return held


def close_all(socks):
    for s in socks:
        try:
            s.close()
        except OSError:
            pass


def slowloris_lifetime(connect, first, step_s=2.0, limit_s=120):
    s = connect()
    t0 = time.time()
    s.sendall(first)
    s.setblocking(False)
    while time.time() - t0 < limit_s:
        if readable(s, step_s):
            try:
                if s.recv(4096) == b"":
                    break
            except (BlockingIOError, ssl.SSLWantReadError):
                pass
            except OSError:
                break
        try:
            s.send(b"x")
        except (BlockingIOError, ssl.SSLWantWriteError):
            pass
        except OSError:
            break
    life = time.time() - t0
    s.close()
    return life


def ping_latency(n=200):
    s = tls()
    hello(s)
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        call(s, "ping", "{}", i + 2)
        times.append((time.perf_counter() - t0) * 1000)
    s.close()
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.99) - 1]


def main():
    figure("rss_idle", rss_kib(), "KiB")
    # Each flood from its own loopback address: max-per-address is per address.
    held = []
    for i in range(20):
        held += partial_frames(30, 1048576, 1048575, f"127.0.1.{i + 1}")
    figure("rss_1mib_headers_600", rss_kib(), "KiB")
    close_all(held)
    held = []
    for i in range(20):
        held += partial_frames(30, 60000, 59999, f"127.0.2.{i + 1}")
    figure("rss_60kb_partial_600", rss_kib(), "KiB")
    close_all(held)
    time.sleep(1)

    p50, p99 = ping_latency()
    figure("ping_idle_p50", f"{p50:.2f}", "ms")
    figure("ping_idle_p99", f"{p99:.2f}", "ms")
    visitors = []
    for i in range(1500):
        try:
            v = socket.create_connection(("127.0.0.1", HTTP), timeout=5,
                                         source_address=(f"127.0.3.{i % 10 + 1}", 0))
            v.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            visitors.append(v)
        except OSError:
            pass
    time.sleep(1)
    p50, p99 = ping_latency()
    figure("ping_portal_flooded_p50", f"{p50:.2f}", "ms")
    figure("ping_portal_flooded_p99", f"{p99:.2f}", "ms")
    refused = 0
    for v in visitors:
        if readable(v, 0):
            try:
                if v.recv(64).startswith(b"HTTP/1.1 503"):
                    refused += 1
            except OSError:
                pass
    figure("portal_flood_answered_503", refused, "of 1500 (10 addresses)")
    close_all(visitors)
    time.sleep(1)
    figure("rss_after", rss_kib(), "KiB")

    def http_conn():
        return socket.create_connection(("127.0.0.1", HTTP), timeout=10)

    life = slowloris_lifetime(http_conn, b"GET / HTTP/1.1\r\nX: ")
    figure("slowloris_portal_lifetime", f"{life:.1f}", "s")

    def term_conn():
        s = tls()
        hello(s)
        return s

    life = slowloris_lifetime(term_conn, struct.pack(">I", 1000))
    figure("slowloris_terminal_frame_lifetime", f"{life:.1f}", "s")

    s = tls()
    hello(s)
    tried = 0
    for i in range(3000):
        ch = call(s, "auth.challenge", "{}", 10 + 2 * i)
        r = call(s, "auth.login",
                 '{"committee":1,"key":"ed25519:%s","signature":"%s"}'
                 % ("A" * 43, "A" * 86), 11 + 2 * i)
        if b'"busy"' in r:
            break
        tried += 1
    figure("bad_logins_tried_before_busy", tried, "of 3000")
    s.close()


if __name__ == "__main__":
    main()
