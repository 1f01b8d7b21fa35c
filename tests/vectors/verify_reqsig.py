#!/usr/bin/env python3
# An independent check of the signed-request vectors
# (tests/vectors/ballot/reqsig.json, made by tests/vectors/ballot_vectors.c
# from a fixed seed), written from proto/PROTOCOL.md §7a alone: its own JCS
# (RFC 8785, for the integers and strings requests hold), Ed25519 from
# python3-cryptography. For each case: R has exactly its eight members; the
# message is "yangguang/v1/request" || 0x00 || JCS(R without "signature")
# (and, for a case made by the generator, byte for byte its message_hex);
# the signature verifies with R's key exactly when the case says "valid".
# Run by tests/run.sh from the repository root; exits non-zero on the first
# mismatch.
import base64, json, sys
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

MEMBERS = {'op', 'args', 'committee', 'key', 'nonce', 'at', 'head', 'signature'}
TAG = b'yangguang/v1/request\x00'


def jcs_string(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == '\\':
            out.append('\\\\')
        elif ch in '\b\f\n\r\t':
            out.append({'\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t'}[ch])
        elif o < 0x20:
            out.append('\\u%04x' % o)
        else:
            out.append(ch)
    out.append('"')
    return ''.join(out)


def jcs(v):
    if v is None:
        return 'null'
    if v is True:
        return 'true'
    if v is False:
        return 'false'
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return jcs_string(v)
    if isinstance(v, list):
        return '[' + ','.join(jcs(x) for x in v) + ']'
    if isinstance(v, dict):
        # Members sorted by their names' UTF-16 code units.
        keys = sorted(v, key=lambda k: k.encode('utf-16-be'))
        return '{' + ','.join(jcs_string(k) + ':' + jcs(v[k]) for k in keys) + '}'
    raise ValueError('a request holds no %s' % type(v).__name__)


def b64d(s):
    return base64.urlsafe_b64decode(s + '=' * (-len(s) % 4))


def check(r):
    """Whether R's signature verifies with its own key."""
    if set(r) != MEMBERS or not isinstance(r['args'], dict):
        return False
    if not isinstance(r['key'], str) or not r['key'].startswith('ed25519:'):
        return False
    if len(b64d(r['nonce'])) != 16:
        return False
    head = r['head']
    if head is not None and set(head) != {'meeting', 'seq', 'hash'}:
        return False
    unsigned = {k: v for k, v in r.items() if k != 'signature'}
    msg = TAG + jcs(unsigned).encode('utf-8')
    try:
        Ed25519PublicKey.from_public_bytes(b64d(r['key'][8:])).verify(b64d(r['signature']), msg)
    except InvalidSignature:
        return False
    return True


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else 'tests/vectors/ballot/reqsig.json'
    v = json.load(open(path, encoding='utf-8'))
    assert v['tag'] + '\x00' == TAG.decode()
    n = 0
    for c in v['cases']:
        r = c['request']
        if 'message_hex' in c:
            unsigned = {k: x for k, x in r.items() if k != 'signature'}
            got = (TAG + jcs(unsigned).encode('utf-8')).hex()
            if got != c['message_hex']:
                sys.exit('reqsig %s: the signed message differs from the vector' % c['name'])
        if check(r) != c['valid']:
            sys.exit('reqsig %s: the signature %s' %
                     (c['name'], 'fails' if c['valid'] else 'verifies, and must not'))
        n += 1
    print('reqsig ok (%d cases)' % n)


main()
