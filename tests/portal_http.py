#!/usr/bin/env python3
"""The portal at the HTTP level, with the standard library only.

    portal_http.py BASE [--phase main|rate|hourly] [options]

main: every bad input (oversized body, wrong method, path traversal, invalid
UTF-8, bad forms, a comment after the window), each followed by a check that
the server still answers; caching and security headers; the JWKS, the Atom
feed and the JSON API; escaping of a hostile item; then a walk of every page,
every link and every id, checking that no secret (--secrets, one per line)
and nothing of the withheld decision is ever served.
rate: ygd started with --http-post-rate 3: three forms, then 429.
hourly: ygd started with --comment-rate 1: the database refuses with 429;
a comment after the 任前公示 (--notice-closed) is 409.
Prints "ok - ..." per check; exits 1 if any failed.
"""
import argparse
import base64
import http.client
import json
import re
import subprocess
import socket
import sys
import urllib.parse
import xml.etree.ElementTree as ET

failures = 0


def check(name, ok, detail=""):
    global failures
    if ok:
        print(f"ok - {name}")
    else:
        failures += 1
        print(f"FAIL - {name}" + (f": {detail}" if detail else ""))


class Portal:
    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port

    def request(self, method, path, body=None, headers=None):
        """One request on a fresh connection: (status, headers, body). The
        timeout only guards against a hang: the first PDF of a ygd under
        the sanitizers, four suites at a time, took more than 10 s."""
        c = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            c.putrequest(method, path, skip_accept_encoding=True)
            h = dict(headers or {})
            if body is not None:
                h.setdefault("Content-Length", str(len(body)))
            for k, v in h.items():
                c.putheader(k, v)
            c.endheaders(body)
            r = c.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            c.close()

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post_form(self, path, fields=None, raw=None, ctype="application/x-www-form-urlencoded"):
        body = raw if raw is not None else urllib.parse.urlencode(fields).encode()
        return self.request("POST", path, body, {"Content-Type": ctype})

    def raw(self, data, read=65536):
        """Bytes as they are on the wire; the status line's code, or 0."""
        s = socket.create_connection((self.host, self.port), timeout=10)
        try:
            s.sendall(data)
            got = b""
            while len(got) < read:
                chunk = s.recv(read)
                if not chunk:
                    break
                got += chunk
                if b"\r\n\r\n" in got and b"Content-Length" not in got:
                    break
                m = re.search(rb"Content-Length: *(\d+)", got, re.I)
                if m and b"\r\n\r\n" in got:
                    head, _, rest = got.partition(b"\r\n\r\n")
                    if len(rest) >= int(m.group(1)):
                        break
        except (ConnectionResetError, socket.timeout):
            pass
        finally:
            s.close()
        m = re.match(rb"HTTP/1\.[01] (\d{3})", got)
        return (int(m.group(1)) if m else 0), got

    def healthy(self):
        try:
            status, _, body = self.get("/")
            return status == 200 and "阳光".encode() in body
        except OSError:
            return False


def still_healthy(p, after):
    check(f"the portal still answers after {after}", p.healthy())


def bad_inputs(p, a):
    item = f"/items/{a.open}/comments"
    # Oversized body: over --http-max-body (32768 by default).
    big = b"stance=support&body=" + b"a" * 40000
    st, _, _ = p.post_form(item, raw=big)
    check("an oversized body is refused with 413", st == 413, st)
    still_healthy(p, "an oversized body")
    st, _ = p.raw(b"POST " + item.encode() + b" HTTP/1.1\r\nHost: x\r\n"
                  b"Content-Type: application/x-www-form-urlencoded\r\n"
                  b"Content-Length: 999999999\r\n\r\nstance=")
    check("a huge Content-Length is refused", st in (400, 413), st)
    st, _ = p.raw(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
    check("an oversized header is refused", st in (0, 400, 413, 431), st)
    st, _ = p.raw(b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    check("an overlong path is refused", st in (0, 400, 404, 414), st)
    st, _ = p.raw(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64)
    check("a TLS hello on the HTTP port gets no page", st in (0, 400), st)
    st, _ = p.raw(b"GARBAGE\r\n\r\n")
    check("a malformed request line is refused", st in (0, 400), st)
    still_healthy(p, "malformed requests")

    # Wrong method.
    for method, path, allow in (("PUT", "/", "GET, HEAD"), ("DELETE", f"/decisions/{a.full}", "GET, HEAD"),
                                ("POST", "/", "GET, HEAD"), ("GET", item, "POST"),
                                ("PATCH", item, "POST"), ("OPTIONS", "/api/v1/", "GET, HEAD"),
                                ("TRACE", "/", "GET, HEAD")):
        st, h, _ = p.request(method, path, b"" if method in ("PUT", "POST", "PATCH") else None)
        check(f"{method} {path} is 405 with Allow: {allow}",
              st == 405 and h.get("allow") == allow, (st, h.get("allow")))
    still_healthy(p, "wrong methods")

    # Path traversal and odd paths: never a file, never a 200 page.
    for path in ("/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                 "/style.css/../../etc/passwd", "/items/1/../../../etc/passwd",
                 "//etc/passwd", "/items/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                 "/..%2f..%2fetc%2fpasswd", "/items/1%00", "/items/-1",
                 "/items/01", "/items/99999999999999999999999", "/items/1.json",
                 "/decisions/1/record.json/..", "/api/v1/../v1/", "/%ff%fe", "/\u00e9".encode().decode("latin-1"),
                 "/api/v1/decisions/1/record.json%00", "/.well-known/../etc/passwd",
                 "/ITEMS/1", "/items//1"):
        st, raw = p.raw(b"GET " + path.encode("latin-1") + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        check(f"GET {path} is refused", st in (400, 404) and b"root:" not in raw, st)
    still_healthy(p, "path traversal")

    # Forms.
    def form(name, path, raw, want, ctype="application/x-www-form-urlencoded"):
        st, _, body = p.post_form(path, raw=raw, ctype=ctype)
        check(f"{name}: {want}", st == want, f"{st} {body[:200]!r}")

    form("invalid UTF-8 in the comment (percent-encoded)", item, b"stance=support&body=%ff%fe%fd", 400)
    form("invalid UTF-8 in the comment (raw bytes)", item, b"stance=support&body=\xc3\x28", 400)
    form("an overlong UTF-8 encoding", item, b"stance=support&body=%c0%af", 400)
    form("a UTF-16 surrogate in UTF-8", item, b"stance=support&body=%ed%a0%80", 400)
    form("a NUL in the comment", item, b"stance=support&body=a%00b", 400)
    # Terminal escapes and bidi controls never reach the members' terminals.
    form("an ESC sequence in the comment", item, b"stance=support&body=a%1b%5b2Jb", 400)
    form("an OSC title change in the comment", item, b"stance=support&body=%1b%5d0%3bpwned%07", 400)
    form("a C1 control (CSI) in the comment", item, b"stance=support&body=a%c2%9b2Jb", 400)
    form("a right-to-left override in the comment", item, b"stance=support&body=a%e2%80%aeb", 400)
    form("a right-to-left mark in the comment", item, b"stance=support&body=a%e2%80%8fb", 400)
    form("an Arabic letter mark in the comment", item, b"stance=support&body=a%d8%9cb", 400)
    form("a broken percent escape", item, b"stance=support&body=%zz", 400)
    form("an unknown stance", item, b"stance=maybe&body=x", 400)
    form("no stance", item, b"body=x", 400)
    form("no body", item, b"stance=support", 400)
    form("an empty comment", item, b"stance=support&body=", 400)
    form("a stance given twice", item, b"stance=support&stance=object&body=x", 400)
    form("a comment over 2000 characters", item,
         b"stance=support&body=" + urllib.parse.quote("长" * 2001).encode(), 400)
    form("an empty body", item, b"", 400)
    form("a JSON body", item, b'{"stance":"support","body":"x"}', 415, "application/json")
    form("a multipart body", item, b"--x\r\n\r\n--x--", 415, "multipart/form-data; boundary=x")
    form("a comment after the window", f"/items/{a.closed}/comments", b"stance=support&body=x", 409)
    form("a comment on a decision without 任前公示", f"/decisions/{a.full}/comments",
         b"stance=support&body=x", 409)
    st_w, _, body_w = p.post_form(f"/decisions/{a.withheld}/comments", raw=b"stance=support&body=x")
    st_n, _, body_n = p.post_form("/decisions/999999/comments", raw=b"stance=support&body=x")
    check("a comment on the withheld decision is answered as one on no decision",
          st_w == st_n == 404 and body_w == body_n, (st_w, st_n))
    st_w, _, _ = p.post_form(f"/items/{a.withheld}/comments", raw=b"stance=support&body=x")
    check("a comment on the withheld item is refused", st_w in (404, 409), st_w)
    still_healthy(p, "bad forms")

    # A good comment: 303 to the page with ?sent=1, and not cached.
    st, h, _ = p.post_form(item, {"stance": "object", "body": "HTTP 测试意见：增加停车位 <script>x</script>"})
    check("a good comment is 303 to ?sent=1", st == 303 and h.get("location") == f"/items/{a.open}?sent=1",
          (st, h.get("location")))
    check("the answer to a form is not cached", h.get("cache-control") == "no-store", h.get("cache-control"))
    st, _, body = p.get(f"/items/{a.open}?sent=1")
    check("the page thanks the commenter", st == 200 and b'id="sent"' in body)


def headers_and_caching(p, a):
    st, h, body = p.get(f"/decisions/{a.full}")
    check("a decision page is 200 HTML in UTF-8", st == 200 and h.get("content-type") == "text/html; charset=utf-8",
          (st, h.get("content-type")))
    check("a page may be cached briefly by anyone", "public" in h.get("cache-control", "") and
          "max-age=" in h.get("cache-control", ""), h.get("cache-control"))
    etag = h.get("etag", "")
    check("a page has an ETag", re.fullmatch(r'"[^"]+"', etag) is not None, etag)
    st2, h2, body2 = p.get(f"/decisions/{a.full}", {"If-None-Match": etag})
    check("If-None-Match with the ETag gives 304 and no body", st2 == 304 and body2 == b"", st2)
    st3, _, _ = p.get(f"/decisions/{a.full}", {"If-None-Match": '"other"'})
    check("another ETag gives the page", st3 == 200, st3)
    st4, h4, body4 = p.request("HEAD", f"/decisions/{a.full}")
    check("HEAD gives the headers and no body", st4 == 200 and body4 == b"" and
          h4.get("etag") == etag, st4)
    csp = h.get("content-security-policy", "")
    check("CSP forbids scripts and anything from elsewhere", "default-src 'none'" in csp and
          "script-src" not in csp and "frame-ancestors 'none'" in csp, csp)
    check("nosniff", h.get("x-content-type-options") == "nosniff")
    check("no referrer", h.get("referrer-policy") == "no-referrer")
    check("no framing", h.get("x-frame-options") == "DENY")
    check("no script, external font or tracker in the page",
          b"<script" not in body and b"http://" not in body.replace(b"http://www.w3.org", b"") and
          b"https://" not in body and b"@font-face" not in body)
    st, h, css = p.get("/style.css")
    check("the style sheet is cached for long", st == 200 and h.get("content-type", "").startswith("text/css") and
          "max-age=3600" in h.get("cache-control", ""), h.get("cache-control"))
    check("the style sheet loads nothing from elsewhere", b"url(" not in css and b"@import" not in css)
    check("the style sheet is made for phones", b"@media" in css or b"max-width" in css)
    st, h, _ = p.get("/no/such/page")
    check("an unknown page is 404 HTML", st == 404 and h.get("content-type", "").startswith("text/html"), st)
    st, h, body = p.get("/robots.txt")
    check("robots.txt", st == 200 and h.get("content-type", "").startswith("text/plain"), st)
    # The page of an announced item that is now decided moves to its decision.
    st, h, _ = p.get(f"/items/{a.full}")
    check("an item now published redirects to its decision", st == 301 and
          h.get("location", "").endswith(f"/decisions/{a.full}"), (st, h.get("location")))


def keep_alive(p, a):
    """One connection held open, as a browser holds it: pages answered from
    memory and everything else (an unknown page, a condition, a wrong
    method, a query) in any order, each answered as on a fresh connection."""
    page = f"/decisions/{a.full}"
    _, fresh_h, fresh = p.get(page)
    c = http.client.HTTPConnection(p.host, p.port, timeout=60)
    got = []
    try:
        for method, path, headers in (
                ("GET", page, {}), ("GET", page, {}), ("GET", "/no/such/page", {}),
                ("GET", page, {}), ("HEAD", page, {}),
                ("GET", page, {"If-None-Match": fresh_h.get("etag", "")}),
                ("POST", "/", {"Content-Length": "0"}), ("GET", "/style.css", {}),
                ("GET", f"/items/{a.open}?sent=1", {}), ("GET", page, {"Connection": "keep-alive"})):
            c.putrequest(method, path, skip_accept_encoding=True)
            for k, v in headers.items():
                c.putheader(k, v)
            c.endheaders()
            r = c.getresponse()
            got.append((r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()))
    finally:
        c.close()
    check("one kept-alive connection answers ten requests in turn",
          [g[0] for g in got] == [200, 200, 404, 200, 200, 304, 405, 200, 200, 200],
          [g[0] for g in got])
    same = [g for i, g in enumerate(got) if i in (0, 1, 3, 9)]
    check("the page on a kept-alive connection is the page on a fresh one",
          all(g[2] == fresh and g[1].get("etag") == fresh_h.get("etag") and
              g[1].get("content-security-policy") == fresh_h.get("content-security-policy") and
              g[1].get("content-length") == str(len(fresh)) and "date" in g[1] for g in same))
    check("HEAD on a kept-alive connection: the headers, no body",
          got[4][2] == b"" and got[4][1].get("content-length") == str(len(fresh)))
    # Three requests in one write: three answers, in order.
    s = socket.create_connection((p.host, p.port), timeout=60)
    raw = b""
    try:
        s.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                  b"GET /no/such/page HTTP/1.1\r\nHost: x\r\n\r\n"
                  b"GET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        while True:  # the server closes after the third
            chunk = s.recv(65536)
            if not chunk:
                break
            raw += chunk
    except OSError:
        pass
    finally:
        s.close()
    codes = [int(m) for m in re.findall(rb"HTTP/1\.1 (\d{3}) ", raw)]
    check("pipelined requests are answered in order", codes == [200, 404, 200], codes)


def jwks_feed_api(p, a):
    st, h, body = p.get("/.well-known/jwks.json")
    check("the JWKS is 200 JSON", st == 200 and ("json" in h.get("content-type", "")), h.get("content-type"))
    jwks = json.loads(body)
    keys = jwks.get("keys", [])
    check("the JWKS holds one Ed25519 key", len(keys) >= 1 and all(
        k.get("kty") == "OKP" and k.get("crv") == "Ed25519" and k.get("alg") == "EdDSA" and
        k.get("use") == "sig" and len(base64.urlsafe_b64decode(k["x"] + "==")) == 32 for k in keys), keys)
    check("no private part in the JWKS", all("d" not in k for k in keys))
    st, _, body = p.get(f"/decisions/{a.full}/record.json")
    rec = json.loads(body)
    check("the record's key is the JWKS's", any(k["kid"] == rec["server_key"] for k in keys))

    st, h, body = p.get("/feed.atom")
    check("the feed is Atom", st == 200 and h.get("content-type", "").startswith("application/atom+xml"),
          h.get("content-type"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    try:
        feed = ET.fromstring(body)
        entries = feed.findall("a:entry", ns)
        ok = feed.tag == "{http://www.w3.org/2005/Atom}feed" and feed.find("a:id", ns) is not None \
            and feed.find("a:updated", ns) is not None
    except ET.ParseError as e:
        entries, ok = [], False
        print(f"    {e}")
    check("the feed parses as XML with id and updated", ok)
    links = {e.find("a:link", ns).get("href") for e in entries}
    check("the feed lists the published decisions and not the withheld one",
          any(l.endswith(f"/decisions/{a.full}") for l in links) and
          any(l.endswith(f"/decisions/{a.summary}") for l in links) and
          not any(l.endswith(f"/decisions/{a.withheld}") for l in links), links)
    check("every entry has an id, a title and dates", all(
        e.find("a:id", ns) is not None and e.find("a:title", ns) is not None and
        e.find("a:updated", ns) is not None and e.find("a:published", ns) is not None for e in entries))

    st, h, body = p.get("/api/v1/")
    check("the API's index is JSON", st == 200 and h.get("content-type", "").startswith("application/json"))
    idx = json.loads(body)
    ids = {d["id"] for d in idx.get("decisions", [])}
    check("the API lists the published decisions only", ids == {a.full, a.summary}, ids)
    ann = {x["id"] for x in idx.get("announcements", [])}
    check("the API lists the open announcement", a.open in ann and a.evil in ann, ann)
    st, _, body = p.get(f"/api/v1/decisions/{a.full}")
    d = json.loads(body)
    rnd = rec["rounds"][-1]
    check("the API's counts are the record's", d["counts"] == rnd["counts"], (d["counts"], rnd["counts"]))
    check("the API's tally is the record's", d["tally"] == rnd["tally"])
    st, _, body = p.get(f"/api/v1/decisions/{a.summary}")
    d = json.loads(body)
    check("a summary decision carries its summary and no tally or record",
          d["mode"] == "summary" and d["summary"] and d["tally"] is None and d["record"] is False)
    check("a cadre decision in summary carries its 任前公示", d.get("notice") is not None and
          d["notice"].get("open") is True)
    st, _, _ = p.get(f"/decisions/{a.summary}/record.json")
    check("no record of a summary decision", st == 404, st)


def escaping(p, a):
    st, _, body = p.get(f"/items/{a.evil}")
    text = body.decode()
    check("the hostile item's page loads", st == 200, st)
    check("no markup from the title or summary reaches the page",
          "<script>alert" not in text and "<img src=x" not in text and "<script>document" not in text)
    check("the title is shown escaped", "&lt;script&gt;alert(&quot;题&quot;)&lt;/script&gt;" in text or
          "&lt;script&gt;alert(\"题\")&lt;/script&gt;" in text)
    check("the summary's own &amp; stays text", "&amp;amp;" in text)
    st, _, body = p.get(f"/api/v1/items/{a.evil}")
    j = json.loads(body)
    check("the API gives the title exactly", j.get("title") == a.evil_title, j.get("title"))
    st, _, body = p.get("/")
    check("the list escapes it too", b"<script>alert" not in body and b"<img src=x" not in body)


def walk(p, a, secrets):
    """Every page reachable by links, every id up to a bound, both forms."""
    seen, todo, bodies = set(), ["/", "/api/v1/", "/feed.atom", "/.well-known/jwks.json",
                                 "/robots.txt", "/style.css"], {}
    top = max(a.open, a.closed, a.evil) + 5
    for i in range(0, top + 1):
        for f in ("/items/%d", "/decisions/%d", "/decisions/%d/record.json", "/api/v1/items/%d",
                  "/api/v1/decisions/%d", "/api/v1/decisions/%d/record.json", "/items/%d?sent=1",
                  "/decisions/%d?sent=1", "/decisions/%d/notice.pdf", "/meetings/%d/minutes.pdf"):
            todo.append(f % i)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        st, h, body = p.get(path)
        if h.get("content-type", "").startswith("application/pdf"):
            # a printed document is searched as its text
            body = subprocess.run(["pdftotext", "-", "-"], input=body,
                                  capture_output=True).stdout
        bodies[path] = (st, body)
        if st in (301, 302, 303, 307, 308):
            loc = urllib.parse.urlsplit(h.get("location", "")).path
            todo.append(loc)
        for m in re.finditer(rb'(?:href|action)="([^"#]*)"', body):
            u = urllib.parse.urlsplit(m.group(1).decode())
            if u.netloc in ("", f"{p.host}:{p.port}") and u.path.startswith("/"):
                todo.append(u.path + ("?" + u.query if u.query else ""))
        if h.get("content-type", "").startswith("application/json"):
            for m in re.finditer(rb'"id": *(\d+)', body):
                todo.append(f"/api/v1/items/{int(m.group(1))}")
                todo.append(f"/api/v1/decisions/{int(m.group(1))}")
    check(f"the walk read {len(bodies)} addresses", len(bodies) > 50)
    pdfs = [path for path, (st, _) in bodies.items() if path.endswith(".pdf") and st == 200]
    check("the walk read printed documents, searched as text", len(pdfs) > 0, pdfs)
    found = []
    for path, (st, body) in bodies.items():
        for s in secrets:
            if s.encode() in body:
                found.append((path, s))
    check("no secret anywhere in the portal", not found, found[:10])
    w = a.withheld
    served = [path for path, (st, _) in bodies.items()
              if re.search(rf"/(items|decisions)/{w}(\D|$)", path) and st not in (404,)]
    check("every address of the withheld decision is 404", not served, served)
    check("and looks exactly like one of no decision",
          bodies[f"/decisions/{w}"][1] == p.get("/decisions/999999")[2])
    ok200 = [path for path, (st, _) in bodies.items() if st == 200]
    check("published pages were reached", f"/decisions/{a.full}" in ok200 and
          f"/decisions/{a.summary}" in ok200 and f"/items/{a.open}" in ok200)


def phase_rate(p, a):
    item = f"/items/{a.open}/comments"
    codes = [p.post_form(item, {"stance": "neutral", "body": f"限速测试 {i}"})[0] for i in range(3)]
    check("a burst of three forms is taken", codes == [303, 303, 303], codes)
    st, h, body = p.post_form(item, {"stance": "neutral", "body": "限速测试 4"})
    check("the fourth is 429", st == 429, st)
    ra = h.get("retry-after", "")
    check("with Retry-After in seconds", ra.isdigit() and 1 <= int(ra) <= 60, ra)
    check("and a page in Chinese", "请稍后".encode() in body or "稍后再试".encode() in body, body[:200])
    check("reading is not limited", all(p.get("/")[0] == 200 for _ in range(20)))


def phase_hourly(p, a):
    st, h, body = p.post_form(f"/items/{a.open}/comments", {"stance": "support", "body": "每小时限额"})
    check("past --comment-rate an hour the database refuses with 429", st == 429, (st, body[:200]))
    check("the page says so in Chinese", "上限".encode() in body, body[:300])
    if a.notice_closed:
        st, _, _ = p.post_form(f"/decisions/{a.notice_closed}/comments", {"stance": "support", "body": "x"})
        check("a comment after the 任前公示 is 409", st == 409, st)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("--phase", default="main", choices=("main", "rate", "hourly"))
    ap.add_argument("--secrets")
    for n in ("withheld", "summary", "full", "open", "closed", "evil", "notice-closed"):
        ap.add_argument("--" + n, type=int, default=0)
    ap.add_argument("--evil-title", default="")
    a = ap.parse_args()
    p = Portal(a.base)
    if a.phase == "rate":
        phase_rate(p, a)
    elif a.phase == "hourly":
        phase_hourly(p, a)
    else:
        secrets = [l.strip() for l in open(a.secrets, encoding="utf-8") if l.strip()]
        bad_inputs(p, a)
        headers_and_caching(p, a)
        keep_alive(p, a)
        jwks_feed_api(p, a)
        escaping(p, a)
        walk(p, a, secrets)
        still_healthy(p, "everything")
    if failures:
        print(f"{failures} check(s) failed")
        sys.exit(1)


if __name__ == "__main__":
    main()
