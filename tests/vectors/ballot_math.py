# The arithmetic of proto/BALLOT.md for the Python verifiers: P-256 in
# pure Python (no OpenSSL), the point and scalar encodings, the hashes and
# the three kinds of proof. Written from BALLOT.md alone; slow and not
# constant-time: a check of the specification, not code for voting.
import json, hashlib, base64, sys
p = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff
b = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b
n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551
G = (0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296,
     0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5)
O = None
def add(P, Q):
    if P is None: return Q
    if Q is None: return P
    if P[0] == Q[0]:
        if (P[1] + Q[1]) % p == 0: return None
        l = (3 * P[0] * P[0] - 3) * pow(2 * P[1], -1, p) % p
    else:
        l = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, p) % p
    x = (l * l - P[0] - Q[0]) % p
    return (x, (l * (P[0] - x) - P[1]) % p)
def neg(P): return None if P is None else (P[0], (-P[1]) % p)
# Scalar multiplication in Jacobian coordinates (x = X/Z^2, y = Y/Z^3; Z = 0
# is the point at infinity): no modular inverse until the end. Doubling for
# a = -3; adding an affine point. Four bits at a time from a table of the
# point's multiples 1..15 (for G, one table per nibble, made once).
def _double(X, Y, Z):
    if Z == 0 or Y == 0: return (1, 1, 0)
    delta = Z * Z % p; gamma = Y * Y % p; beta = X * gamma % p
    alpha = 3 * (X - delta) * (X + delta) % p
    X3 = (alpha * alpha - 8 * beta) % p
    return (X3, (alpha * (4 * beta - X3) - 8 * gamma * gamma) % p, ((Y + Z) ** 2 - gamma - delta) % p)
def _add_affine(X, Y, Z, x, y):
    if Z == 0: return (x, y, 1)
    ZZ = Z * Z % p
    H = (x * ZZ - X) % p; r = (y * Z * ZZ - Y) % p
    if H == 0: return _double(X, Y, Z) if r == 0 else (1, 1, 0)
    HH = H * H % p; HHH = H * HH % p; V = X * HH % p
    X3 = (r * r - HHH - 2 * V) % p
    return (X3, (r * (V - X3) - Y * HHH) % p, Z * H % p)
def _affine(Js):
    """Jacobian points (none at infinity) to affine, one inverse for all."""
    acc, before = 1, []
    for J in Js: before.append(acc); acc = acc * J[2] % p
    inv, out = pow(acc, -1, p), [None] * len(Js)
    for i in range(len(Js) - 1, -1, -1):
        X, Y, Z = Js[i]
        zi = inv * before[i] % p; inv = inv * Z % p; zi2 = zi * zi % p
        out[i] = (X * zi2 % p, Y * zi2 * zi % p)
    return out
def _multiples(P):  # [P, 2P, ..., 16P], affine (P has order n: none is O)
    J = [(P[0], P[1], 1)]
    for _ in range(15): J.append(_add_affine(*J[-1], *P))
    return _affine(J)
_G_TABLES = []  # _G_TABLES[i][d - 1] = d * 16^i * G
def mul(k, P):
    k %= n
    if P is None or k == 0: return None
    R = (1, 1, 0)
    if P == G:
        if not _G_TABLES:
            B = G
            for _ in range(64):
                T = _multiples(B); _G_TABLES.append(T[:15]); B = T[15]
        for i in range(64):
            d = (k >> (4 * i)) & 15
            if d: R = _add_affine(*R, *_G_TABLES[i][d - 1])
    else:
        T = _multiples(P)
        for shift in range(252, -4, -4):
            R = _double(*_double(*_double(*_double(*R))))
            d = (k >> shift) & 15
            if d: R = _add_affine(*R, *T[d - 1])
    return None if R[2] == 0 else _affine([R])[0]
def enc(P):
    assert P is not None
    return bytes([2 + (P[1] & 1)]) + P[0].to_bytes(32, 'big')
def dec(bs):
    assert len(bs) == 33 and bs[0] in (2, 3)
    x = int.from_bytes(bs[1:], 'big'); assert x < p
    rhs = (x**3 - 3*x + b) % p; y = pow(rhs, (p + 1) // 4, p); assert y * y % p == rhs
    if (y & 1) != bs[0] - 2: y = p - y
    return (x, y)
def b64d(s): return base64.urlsafe_b64decode(s + '=' * (-len(s) % 4))
def pt(s): assert len(s) == 44; return dec(b64d(s))
def sc(s):
    assert len(s) == 43; v = int.from_bytes(b64d(s), 'big'); assert v < n; return v
def u64(x): return x.to_bytes(8, 'big')
def H(tag, *items):
    m = b''
    for it in (tag.encode(),) + items: m += len(it).to_bytes(4, 'big') + it
    return hashlib.sha512(m).digest()
def Hs(tag, *items): return int.from_bytes(H(tag, *items), 'big') % n
SUITE = b'yg-ballot-v1/P-256/SHA-512'
def range_ok(ctx, K, A, B, lo, hi, cs, zs):
    assert len(cs) == len(zs) == hi - lo + 1
    items = [ctx, u64(lo), u64(hi), enc(K), enc(A), enc(B)]
    for j, (c, z) in enumerate(zip(cs, zs)):
        Bj = add(B, neg(mul(lo + j, G)))
        a = add(mul(z, G), neg(mul(c, A))); bb = add(mul(z, K), neg(mul(c, Bj)))
        items += [enc(a), enc(bb)]
    return sum(cs) % n == Hs('yg-ballot-v1/range', *items)
def schnorr_ok(ctx, X, c, z):
    T = add(mul(z, G), neg(mul(c, X)))
    return c == Hs('yg-ballot-v1/schnorr', ctx, enc(X), enc(T))
def dleq_ok(ctx, X, A, D, c, z):
    T1 = add(mul(z, G), neg(mul(c, X))); T2 = add(mul(z, A), neg(mul(c, D)))
    return c == Hs('yg-ballot-v1/dleq', ctx, enc(X), enc(A), enc(D), enc(T1), enc(T2))
def E_of(cx):
    return H('yg-ballot-v1/election', SUITE, u64(cx['committee']), u64(cx['meeting']), u64(cx['item']),
             u64(cx['round']), u64(cx['options']), u64(cx['min']), u64(cx['max']), b64d(cx['question']), enc(pt(cx['key'])))
# Threshold ceremonies (BALLOT.md §7.5, §9.2).
def ceremony_digest(pr):
    return H('yg-ballot-v1/ceremony', SUITE, u64(pr['committee']), u64(pr['meeting']), u64(pr['ceremony']),
             u64(pr['n']), u64(pr['threshold']))
def keygen_ctx(committee, meeting, index, member, member_key):
    return H('yg-ballot-v1/keygen', SUITE, u64(committee), u64(meeting), u64(index), u64(member), b64d(member_key[8:]))
def dealing_ok(pr, CD, index, member, member_key, d):
    cs = [pt(c) for c in d['commitments']]
    if d['threshold'] != pr['threshold'] or len(cs) != pr['threshold']: return None
    if not schnorr_ok(keygen_ctx(pr['committee'], pr['meeting'], index, member, member_key), cs[0],
                      sc(d['proof']['c']), sc(d['proof']['z'])): return None
    TC = H('yg-ballot-v1/transport', CD, u64(index), u64(member), b64d(member_key[8:]))
    if not schnorr_ok(TC, pt(d['transport']), sc(d['transport_proof']['c']), sc(d['transport_proof']['z'])): return None
    return cs
def commit_eval(cs, j):
    acc = None
    for l, C in enumerate(cs): acc = add(acc, mul(pow(j + 1, l, n), C))
    return acc
def unseal(CD, i, j, Rs, Q, ct):
    pad = H('yg-ballot-v1/seal', CD, u64(i), u64(j), enc(Rs), enc(Q))[:32]
    v = int.from_bytes(bytes(a ^ b for a, b in zip(b64d(ct), pad)), 'big')
    return v if v < n else None
def share_ctx(CD, j, member, member_key, K):
    return H('yg-ballot-v1/share', CD, u64(j), u64(member), b64d(member_key[8:]), enc(K))
def lagrange(at, j):
    num = den = 1
    for m in at:
        if m != j: num = num * (m + 1) % n; den = den * (m - j) % n
    return num * pow(den, -1, n) % n
def jcs(obj): return json.dumps(obj, sort_keys=True, separators=(',', ':'), ensure_ascii=False).encode()
def ceremony_faults(pr, entries, K_text, ed_ok):
    """The ceremony as listed (BALLOT.md §7.7): None if it verifies, else
    (index or -1, why). ed_ok(pub32, msg, sig64) checks an Ed25519 signature."""
    CD = ceremony_digest(pr); C = []
    if len(entries) != pr['n']: return (-1, 'not n scrutineers')
    def signed(tag, i, e, body):
        m = dict(body, committee=pr['committee'], meeting=pr['meeting'], ceremony=pr['ceremony'], n=pr['n'],
                 threshold=pr['threshold'], index=i, member=e['member'], member_key=e['member_key'])
        return tag.encode() + b'\n' + jcs(m)
    for i, e in enumerate(entries):
        if e['index'] != i: return (i, 'not in index order')
        pub = b64d(e['member_key'][8:])
        if not ed_ok(pub, signed('yangguang-scrutineer-dealing/1', i, e, {'dealing': e['dealing']}), b64d(e['dealing_signature'])):
            return (i, 'dealing signature')
        cs = dealing_ok(pr, CD, i, e['member'], e['member_key'], e['dealing'])
        if cs is None: return (i, 'dealing proofs')
        C.append(cs)
    K = None
    for cs in C: K = add(K, cs[0])
    if K is None or enc(K) != b64d(K_text): return (-1, 'election key is not the sum of the constant commitments')
    for j, e in enumerate(entries):
        Y = None
        for cs in C: Y = add(Y, commit_eval(cs, j))
        if Y is None or enc(Y) != b64d(e['verification_key']): return (j, 'verification key')
        body = {'election_key': K_text, 'verification_key': e['verification_key'], 'share_proof': e['share_proof']}
        if not ed_ok(b64d(e['member_key'][8:]), signed('yangguang-scrutineer-accept/1', j, e, body), b64d(e['accept_signature'])):
            return (j, 'acceptance signature')
        if not schnorr_ok(share_ctx(CD, j, e['member'], e['member_key'], K), Y, sc(e['share_proof']['c']), sc(e['share_proof']['z'])):
            return (j, 'share proof')
    return None
