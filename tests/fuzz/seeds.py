#!/usr/bin/env python3
"""Write the seed corpora of tests/fuzz/corpus/ again.

    YG_FUZZ_SEEDS=/tmp/s build/tests/unit/test_election   (and test_record,
    test_minutes: each writes the good documents it builds)
    python3 tests/fuzz/seeds.py /tmp/s

The rest comes from tests/vectors/ballot/ and from the examples below. The
inputs that crashed a target once (named crash-*) are kept as they are.
"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..", "..")
corpus = os.path.join(here, "corpus")
vectors = os.path.join(root, "tests", "vectors", "ballot")


def put(target, name, data):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    elif not isinstance(data, bytes):
        data = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def load(name):
    with open(os.path.join(vectors, name), encoding="utf-8") as f:
        return json.load(f)


def frame(payload, limit=0x1000):
    return bytes([limit >> 8, limit & 255]) + len(payload).to_bytes(4, "big") + payload


def seeds_frame():
    put("frame", "ready", frame(b'{"id":1,"op":"ping"}'))
    put("frame", "partial", frame(b'{"id":1,"op":"ping"}')[:12])
    put("frame", "too_large", bytes([0, 16]) + (17).to_bytes(4, "big") + b"x" * 17)
    put("frame", "empty", bytes([1, 0, 0, 0, 0, 0]))
    put("frame", "two", frame(b'{"id":1}') + (3).to_bytes(4, "big") + b"{}")


requests = [
    {"id": 1, "op": "ping"},
    {"id": 2, "op": "item.create", "args": {"committee": 1, "title": "县城污水处理厂建设项目",
                                             "summary": "总投资约2.38亿元\n申请中央预算内资金",
                                             "affects_public": True}},
    {"id": 3, "op": "meeting.checkin", "args": {"meeting": 24}},
    {"id": None, "error": {"code": "bad_request", "message": "unknown argument \"x\""}},
    {"id": 7, "result": {"seq": 12, "ok": True}},
    {"stream": "meeting:24", "seq": 5, "event": "member.checked_in",
     "data": {"member": 3, "present": 4, "entitled": 9}},
]


def seeds_envelope():
    for i, r in enumerate(requests):
        put("envelope", "msg%d.json" % i, r)
    put("envelope", "trailing", '{"id":1,"op":"ping"} x')
    put("envelope", "nul_escape", '{"id":1,"op":"a\\u0000b"}')
    put("envelope", "big_id", '{"id":9007199254740993,"op":"ping"}')


def seeds_args():
    put("args", "all.json", {"id": 1, "op": "x", "args": {
        "name": "周海涛", "text": "第一行\n第二行\t完", "flag": True, "count": -5,
        "id": 9007199254740991, "opts": {"a": 1}, "list": [1, 2, 3], "any": None}})
    put("args", "control.json", {"id": 1, "op": "x", "args": {"name": "a\u202eb"}})
    put("args", "twice.json", '{"id":1,"op":"x","args":{"name":"a","name":"b"}}')
    put("args", "types.json", {"id": 1, "op": "x", "args": {"name": "", "count": 1.5,
                                                           "list": [], "flag": 0}})


def seeds_utf8():
    put("utf8", "ascii", "meeting 24")
    put("utf8", "chinese", "县委常委会议室，同意")
    put("utf8", "emoji", "\U0001f600 \u20ac \u00f6")
    put("utf8", "overlong", b"\xc0\xaf\xe0\x80\xaf")
    put("utf8", "surrogate", b"\xed\xa0\x80")
    put("utf8", "above", b"\xf4\x90\x80\x80")
    put("utf8", "cut", "同意".encode()[:-1])


def seeds_b64():
    jws = load("jws.json")
    put("b64", "header", jws["compact"].split(".")[0])
    put("b64", "sig", jws["compact"].split(".")[2])
    put("b64", "key", jws["key"][len("ed25519:"):])
    put("b64", "stray_bits", "AB")
    put("b64", "short", "QQ")


def seeds_jcs():
    for i, v in enumerate(load("jcs.json")):
        put("jcs", "input%d.json" % i, v["input"])
        put("jcs", "canonical%d.json" % i, v["canonical"])
    put("jcs", "twice.json", '{"a":1,"a":2}')
    put("jcs", "numbers.json", "[1e21,1e-7,-0,5e-324,1.7976931348623157e308,0.1]")


def seeds_jws():
    jws = load("jws.json")
    put("jws", "compact", jws["compact"])
    put("jws", "detached", jws["detached"])
    put("jws", "payload.json", jws["payload"])
    put("jws", "other_alg", "eyJhbGciOiJub25lIn0." + jws["compact"].split(".")[1] + ".")


def seeds_ballot():
    shapes = load("ballot.json")["shapes"]
    for s in shapes:
        for k, b in enumerate(s["ballots"][:2]):
            doc = {"election": b["context"], "ballot": b["ballot"],
                   "public": s["scrutineers"][k]["public"],
                   "decryptions": {"decryptions": s["decryptions"][k]["decryptions"]}}
            put("ballot", "%s-%d.json" % (s["name"], k), doc)


def seeds_records(dumped):
    def read(name):
        with open(os.path.join(dumped, name), encoding="utf-8") as f:
            return json.load(f)

    put("election", "options.json", read("options.json"))
    put("election", "runoff.json", read("runoff.json"))
    good = read("good.json")
    put("record", "good.json", good)
    no_minutes = dict(good)
    no_minutes["minutes"] = None
    put("record", "no_minutes.json", no_minutes)
    full = read("full_meeting.json")
    for t in ("logchain", "minutes"):
        put(t, "full_meeting.json", full)
        put(t, "signed.json", good["log"])
    short = dict(full)
    short["entries"] = full["entries"][:3]
    put("logchain", "three.json", short)


def seeds_route():
    for i, p in enumerate(["/", "/items/12", "/items/12/comments", "/decisions/3",
                           "/decisions/3/comments", "/decisions/3/record.json",
                           "/api/v1/", "/api/v1/items/9007199254740991",
                           "/api/v1/decisions/4/record.json", "/feed.atom",
                           "/.well-known/jwks.json", "/style.css", "/robots.txt",
                           "/items/012", "/items/../etc/passwd", "/decisions/3/"]):
        put("route", "path%d" % i, p)


def seeds_fastreq():
    for i, r in enumerate([
            "GET /decisions/1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n",
            "HEAD /style.css HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /robots.txt HTTP/1.1\r\n\r\n",
            "GET /items/1?sent=1 HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nIf-None-Match: \"a\"\r\n\r\n",
            "POST /items/1/comments HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",
            "GET / HTTP/1.0\r\n\r\n", "GET / HTTP/1.1\nHost: x\n\n"]):
        put("fastreq", "req%d" % i, r)


def seeds_form():
    put("form", "comment", "stance=support&text=%E5%90%8C%E6%84%8F+%E5%BB%BA%E8%AE%AE&name=")
    put("form", "twice", "text=a&text=b")
    put("form", "bad_escape", "text=%E5%9&stance=object")
    put("form", "bad_utf8", "text=%C0%AF")
    put("form", "nul", "text=a%00b")


def seeds_hbuf():
    put("hbuf", "xss", "<script>alert(1)</script>\"'&amp;")
    put("hbuf", "controls", "a\x01b\tc\nd\re\x7ff")
    put("hbuf", "chinese", "县城污水处理厂建设项目 & 除臭")


def seeds_pages():
    counts = {"support": 3, "object": 1, "neutral": 2}
    ann = {"id": 31, "version": 2, "committee": "县委常委会", "title": "县城污水处理厂建设项目",
           "summary": "总投资约2.38亿元。\n申请中央预算内资金0.8亿元。", "category": "project",
           "category_name": "重大项目安排", "affects_public": True,
           "announced_at": "2026-11-20T09:30:00.123456+08:00",
           "window_ends_at": "2026-11-27T16:00:00+00:00", "open": True, "comments": counts}
    dec = {"id": 21, "committee": "县委常委会", "title": "副县长人选推荐", "category": "cadre",
           "category_name": "重要干部任免", "mode": "full", "summary": "差额推荐",
           "meeting": {"id": 4, "title": "2026年第24次会议",
                       "starts_at": "2026-11-18T01:00:00+00:00"},
           "decided_at": "2026-11-18T02:15:00+00:00",
           "published_at": "2026-11-21T08:00:00+00:00", "result": "elected",
           "question": {"kind": "approval", "title": "推荐人选",
                        "labels": ["张三", "李四", "王五"], "seats": 2},
           "counts": [7, 2, 6], "line": 5, "elected": [0, 2], "entitled": 11, "present": 9,
           "eligible": 8, "ballots": 8, "tally": "eyJhbGciOiJFZERTQSJ9..c2ln",
           "server_key": load("jws.json")["key"], "record": True,
           "notice": {"starts_at": "2026-11-21T08:00:00+00:00",
                      "ends_at": "2026-11-27T16:00:00+00:00", "open": True,
                      "comments": counts}}
    options = dict(dec, id=22, mode="summary", result="adopted", notice=None, record=False,
                   question={"kind": "options", "title": "是否同意",
                             "labels": ["同意", "不同意", "弃权"]}, counts=[6, 1, 1],
                   elected=[])
    put("pages", "home.json", {"now": "2026-11-21T10:00:00+00:00", "announcements": [ann],
                               "decisions": [dec, options]})
    put("pages", "item.json", ann)
    put("pages", "decision.json", dec)
    put("pages", "options.json", options)
    put("pages", "message.json", {"title": "<b>出错</b>", "summary": "请求无效",
                                  "back": "/items/31", "now": "2026-11-21 10:00:00Z"})


def main():
    seeds_frame()
    seeds_envelope()
    seeds_args()
    seeds_utf8()
    seeds_b64()
    seeds_jcs()
    seeds_jws()
    seeds_ballot()
    seeds_route()
    seeds_fastreq()
    seeds_form()
    seeds_hbuf()
    seeds_pages()
    if len(sys.argv) > 1:
        seeds_records(sys.argv[1])


if __name__ == "__main__":
    main()
