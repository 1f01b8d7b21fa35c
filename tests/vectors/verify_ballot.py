#!/usr/bin/env python3
# A second, independent verifier of tests/vectors/ballot/{zkp,ballot}.json,
# written from proto/BALLOT.md alone: pure Python (no OpenSSL), its own
# P-256 arithmetic, encodings and hashes. Run by tests/run.sh from the
# repository root; exits non-zero on the first mismatch. It is slow and not
# constant-time: a check of the specification, not code for voting.
import json, hashlib, sys
from ballot_math import *
d = 'tests/vectors/ballot/'
z = json.load(open(d + 'zkp.json')); ctx = bytes.fromhex(z['context_hex'])
s = z['schnorr']; assert schnorr_ok(ctx, pt(s['key']), sc(s['proof']['c']), sc(s['proof']['z']))
q = z['dleq']; assert dleq_ok(ctx, pt(q['key']), pt(q['base']), pt(q['d']), sc(q['proof']['c']), sc(q['proof']['z']))
for r in z['ranges']:
    assert range_ok(ctx, pt(z['range_key']), pt(r['a']), pt(r['b']), r['lo'], r['hi'], [sc(c) for c in r['c']], [sc(c) for c in r['z']])
print('zkp ok')
for shape in json.load(open(d + 'ballot.json'))['shapes']:
    el = shape['election']; K = pt(el['key']); E = E_of(el); Ksum = None; Xs = []
    assert E.hex() == shape['election_digest_hex']
    for i, s in enumerate(shape['scrutineers']):
        kc = s['context']; X = pt(s['public']['key']); Xs.append(X); Ksum = add(Ksum, X)
        KC = H('yg-ballot-v1/keygen', SUITE, u64(kc['committee']), u64(kc['meeting']), u64(kc['index']), u64(kc['member']), b64d(kc['member_key'][8:]))
        assert schnorr_ok(KC, X, sc(s['public']['proof']['c']), sc(s['public']['proof']['z']))
    assert Ksum == K
    tally = [[None, None] for _ in range(el['options'])]; N = 0
    for bl in shape['ballots']:
        cx = bl['context']; V = H('yg-ballot-v1/voter', E_of(cx), u64(cx['voter']), b64d(cx['voter_key'][8:]))
        bal = bl['ballot']; sels = bal['selections']; assert len(sels) == cx['options']
        cts = [(pt(s['a']), pt(s['b'])) for s in sels]
        items = [V, u64(len(cts))]
        for A, B in cts: items += [enc(A), enc(B)]
        D = H('yg-ballot-v1/ballot', *items)
        SA = SB = None
        for i, (s, (A, B)) in enumerate(zip(sels, cts)):
            assert range_ok(H('yg-ballot-v1/selection', D, u64(i)), K, A, B, 0, 1, [sc(c) for c in s['c']], [sc(c) for c in s['z']])
            SA = add(SA, A); SB = add(SB, B)
            tally[i] = [add(tally[i][0], A), add(tally[i][1], B)]
        assert range_ok(H('yg-ballot-v1/sum', D), K, SA, SB, cx['min'], cx['max'], [sc(c) for c in bal['sum']['c']], [sc(c) for c in bal['sum']['z']])
        canon = json.dumps(bal, sort_keys=True, separators=(',', ':'), ensure_ascii=False).encode()
        assert hashlib.sha256(canon).hexdigest() == bl['receipt_hex']
        N += 1
    counts = []
    for i, (TA, TB) in enumerate(tally):
        M = TB
        for j, dj in enumerate(shape['decryptions']):
            e = dj['decryptions'][i]; Dji = pt(e['d'])
            DC = H('yg-ballot-v1/decryption', E, u64(j), u64(i), u64(N), enc(TA), enc(TB))
            assert dleq_ok(DC, Xs[j], TA, Dji, sc(e['c']), sc(e['z']))
            M = add(M, neg(Dji))
        c = 0; acc = None
        while acc != M: acc = add(acc, G); c += 1; assert c <= N
        counts.append(c)
    assert counts == shape['counts'], (counts, shape['counts'])
    print(shape['name'], 'ok', counts)
v = json.load(open(d + 'dkg.json')); pr = v['params']; CD = ceremony_digest(pr)
assert CD.hex() == v['ceremony_digest_hex']
scr = v['scrutineers']; C = []
for i, s in enumerate(scr):
    cx = s['context']; cs = dealing_ok(pr, CD, i, cx['member'], cx['member_key'], s['dealing']); assert cs
    C.append(cs)
    assert [mul(sc(a), G) for a in s['polynomial']] == cs
    assert mul(sc(s['transport_secret']), G) == pt(s['dealing']['transport'])
for e in v['sealed']:
    i, j = e['from'], e['to']; Rs = pt(e['sealed']['r'])
    x = unseal(CD, i, j, Rs, mul(sc(scr[j]['transport_secret']), Rs), e['sealed']['ct'])
    assert x == sc(e['share']) and mul(x, G) == commit_eval(C[i], j)
K = None
for cs in C: K = add(K, cs[0])
assert K == pt(v['election_key'])
for j, s in enumerate(v['shares']):
    Y = None
    for cs in C: Y = add(Y, commit_eval(cs, j))
    assert Y == pt(s['verification_key']) == mul(sc(s['share']), G)
    cx = scr[j]['context']
    assert schnorr_ok(share_ctx(CD, j, cx['member'], cx['member_key'], K), Y, sc(s['proof']['c']), sc(s['proof']['z']))
try:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    def ed_ok(pub, msg, sig):
        try: Ed25519PublicKey.from_public_bytes(pub).verify(sig, msg); return True
        except Exception: return False
    assert ceremony_faults(pr, v['ceremony'], v['election_key'], ed_ok) is None
    import copy
    bad = copy.deepcopy(v['ceremony']); bad[1]['dealing']['commitments'][1] = bad[0]['dealing']['commitments'][1]
    assert ceremony_faults(pr, bad, v['election_key'], ed_ok) == (1, 'dealing signature')
    bad = copy.deepcopy(v['ceremony']); bad[2]['share_proof']['z'] = bad[2]['share_proof']['c']
    assert ceremony_faults(pr, bad, v['election_key'], ed_ok) == (2, 'acceptance signature')
    assert ceremony_faults(pr, v['ceremony'], v['shares'][0]['verification_key'], ed_ok)[1].startswith('election key')
    for e in v['ceremony']: assert e['verification_key'] == v['shares'][e['index']]['verification_key']
    print('dkg ceremony ok (signed), tampered copies refused')
except ImportError:
    print('dkg ceremony signatures not checked: python3-cryptography missing')
cp = v['complaint']; i, j = cp['from'], cp['to']; Rs = pt(cp['sealed']['r']); Q = pt(cp['complaint']['q'])
CC = H('yg-ballot-v1/complaint', CD, u64(i), u64(j), enc(Rs), b64d(cp['sealed']['ct']))
assert dleq_ok(CC, pt(scr[j]['dealing']['transport']), Rs, Q, sc(cp['complaint']['proof']['c']), sc(cp['complaint']['proof']['z']))
x = unseal(CD, i, j, Rs, Q, cp['sealed']['ct'])
assert (x is None or mul(x, G) != commit_eval(C[i], j)) and cp['verdict'] == 'dealer_faulty'
el = v['election']; assert pt(el['key']) == K; E = E_of(el); N = len(v['ballots'])
at = [dj['index'] for dj in v['decryptions']]; assert len(at) >= pr['threshold'] and len(set(at)) == len(at)
counts = []
for o, t in enumerate(v['tally']):
    TA, TB = pt(t['a']), pt(t['b']); M = TB
    for dj in v['decryptions']:
        jx = dj['index']; e = dj['decryptions'][o]; Dj = pt(e['d']); Y = pt(v['shares'][jx]['verification_key'])
        DC = H('yg-ballot-v1/decryption', E, u64(jx), u64(o), u64(N), enc(TA), enc(TB))
        assert dleq_ok(DC, Y, TA, Dj, sc(e['c']), sc(e['z']))
        M = add(M, neg(mul(lagrange(at, jx), Dj)))
    c = 0; acc = None
    while acc != M: acc = add(acc, G); c += 1; assert c <= N
    counts.append(c)
assert counts == v['counts'], (counts, v['counts'])
print('dkg ok', counts, 'decrypted by', at)
