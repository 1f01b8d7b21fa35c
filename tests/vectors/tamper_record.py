#!/usr/bin/env python3
# Tampered copies of an election record (format 3) for the verifiers to
# refuse: tamper_record.py RECORD DIR writes DIR/NAME.json, one file per
# change, and prints the names. Every change is one a reader could miss:
# the reading itself (a member twice, first or last; an unknown member; a
# number written 1.0, 1e0 or -0; a byte-order mark; something after the
# value) and what format 1 left unsigned (the title, the rules, present, the
# quorum, an eligible voter's key, the log head, a trailing round); a
# scrutineer's key publication signature; and, in a record with a voided
# round, its void act: removed, its signature altered, its reason changed,
# the voided round dropped, the act made another member's, the entry that
# made its actor presiding left out; in a record with a threshold key
# ceremony (BALLOT.md §7.7): a dealing's commitment, a share proof, a
# verification key, k, the threshold member itself, a partial decryption,
# and the decryptions cut below k.
import copy, json, os, sys

src, out = sys.argv[1], sys.argv[2]
text = open(src, encoding='utf-8').read()
rec = json.loads(text)
os.makedirs(out, exist_ok=True)
made = []


def put(name, s):
    with open(os.path.join(out, name + '.json'), 'w', encoding='utf-8') as f:
        f.write(s)
    made.append(name)


def save(name, r):
    put(name, json.dumps(r, ensure_ascii=False))


def change(name, fn):
    r = copy.deepcopy(rec)
    fn(r)
    save(name, r)


# The first closed round (a record may begin with a voided one).
C = next(k for k, r in enumerate(rec['rounds']) if r['state'] == 'closed')
plain = json.dumps(rec, ensure_ascii=False)
body = plain.strip()[1:-1]
# The reading.
put('dup-first', '{"rounds": [], ' + body + '}')
put('dup-last', '{' + body + ', "rounds": []}')
put('dup-nested', plain.replace('"counts": ', '"counts": [0, 0, 0], "counts": ', 1))
put('bom', '\ufeff' + plain)
put('trailing', plain + ' {}')
put('number-float', plain.replace('"round": 1', '"round": 1.0', 1))
put('number-exponent', plain.replace('"round": 1', '"round": 1e0', 1))
put('number-minus-zero', plain.replace('"round": 1', '"round": -0', 1))
change('unknown-member', lambda r: r.update({'note': 'x'}))
change('unknown-member-nested', lambda r: r['rounds'][C]['eligible'][0].update({'weight': 2}))
# What nothing signed in format 1.
change('title', lambda r: r.update({'title': r['title'] + '（修订）'}))
change('rules-recuse-vote', lambda r: r['rounds'][C]['rules'].update(
    {'recuse_vote': not r['rounds'][C]['rules']['recuse_vote']}))
change('rules-scrutineers-first', lambda r: r['rounds'][C]['rules'].update(
    {'scrutineers_vote_first': not r['rounds'][C]['rules']['scrutineers_vote_first']}))
def present(r):
    # Another possible number if there is one (so that only the signature
    # can tell), else an impossible one.
    r0 = r['rounds'][C]
    lo, hi = len(r0['eligible']), r0['entitled']
    r0['present'] += 1 if r0['present'] < hi else -1 if r0['present'] > lo else 1


change('present', present)
change('quorum-needed', lambda r: r['rounds'][C]['quorum'].update({'needed': r['rounds'][C]['quorum']['needed'] - 1}))
change('quorum-personnel', lambda r: r['rounds'][C]['quorum'].update(
    {'personnel': not r['rounds'][C]['quorum']['personnel']}))


def other_key(r):
    # The last eligible voter's key (a voter who did not vote, if there is
    # one) replaced by another eligible voter's.
    el = r['rounds'][C]['eligible']
    voted = {b['voter'] for b in r['rounds'][C]['ballots']}
    idle = [e for e in el if e['member'] not in voted] or el
    idle[-1]['key'] = el[0]['key'] if idle[-1] is not el[0] else el[1]['key']


change('eligible-key', other_key)
change('log-head-seq', lambda r: r['log_head'].update({'seq': r['log_head']['seq'] + 1}))
change('log-head-hash', lambda r: r['log_head'].update(
    {'hash': r['log_head']['hash'][:-1] + ('1' if r['log_head']['hash'][-1] != '1' else '2')}))
if len(rec['rounds']) > 1:
    change('dropped-round', lambda r: r['rounds'].pop())
change('format-1', lambda r: r.update({'format': 'yangguang-election-record/1'}))
change('format-2', lambda r: r.update({'format': 'yangguang-election-record/2'}))


def flip(text):
    # One character of a base64url text changed.
    return text[:5] + ('B' if text[5] != 'B' else 'C') + text[6:]


change('scrutineer-signature', lambda r: r['ceremonies'][-1]['scrutineers'][-1].update(
    {'signature': flip(r['ceremonies'][-1]['scrutineers'][-1]['signature'])}))
V = [k for k, r in enumerate(rec['rounds']) if r['state'] == 'voided']


def rebody(entry, fn):
    # Change what the entry's body says, and make its hash again, so that
    # only the signatures can tell.
    import hashlib
    b = json.loads(entry['body'])
    fn(b)
    entry['body'] = json.dumps(b, ensure_ascii=False, separators=(',', ':'))
    entry['hash'] = hashlib.sha256(b'yangguang/v1/log\0' + bytes.fromhex(entry['prev_hash']) +
                                   entry['body'].encode()).hexdigest()


if V:
    v = V[0]
    change('void-act-removed', lambda r: r['rounds'][v].update({'void': None}))
    change('voided-round-dropped', lambda r: r['rounds'].pop(v))
    change('void-signature', lambda r: rebody(r['rounds'][v]['void'], lambda b: b['request'].update(
        {'signature': flip(b['request']['signature'])})))
    change('void-reason', lambda r: rebody(r['rounds'][v]['void'], lambda b: b['data'].update(
        {'reason': b['data']['reason'] + '（改）'})))
    change('void-body-unhashed', lambda r: r['rounds'][v]['void'].update(
        {'body': r['rounds'][v]['void']['body'].replace('"vote.voided"', '"vote.voided" ')}))
    change('void-other-actor', lambda r: rebody(r['rounds'][v]['void'], lambda b: b.update(
        {'actor': 'member:' + str(int(b['actor'].split(':')[1]) + 1)})))
    change('void-authority-removed', lambda r: r['rounds'][v].update({'authority': []}))
T = [k for k, c in enumerate(rec['ceremonies']) if c.get('threshold') is not None]
if T:
    t = T[0]

    def ents(r):
        return r['ceremonies'][t]['threshold']['scrutineers']

    def commitment(r):
        # scrutineer 1's second commitment made scrutineer 0's
        ents(r)[1]['dealing']['commitments'][1] = ents(rec)[0]['dealing']['commitments'][1]

    def share_proof(r):
        p = ents(r)[-1]['share_proof']
        p['z'] = p['c']

    change('threshold-commitment', commitment)
    change('threshold-share-proof', share_proof)
    change('threshold-verification-key', lambda r: ents(r)[0].update(
        {'verification_key': ents(rec)[1]['verification_key']}))
    change('threshold-k', lambda r: r['ceremonies'][t]['threshold'].update(
        {'k': r['ceremonies'][t]['threshold']['k'] - 1}))
    change('threshold-removed', lambda r: r['ceremonies'][t].pop('threshold'))
    R = [k for k, r in enumerate(rec['rounds']) if r['state'] == 'closed' and r.get('ceremony') ==
         rec['ceremonies'][t]['ceremony'] and len(r['decryptions']) >= 2]
    if R:
        q = R[0]

        def partial(r):
            ds = r['rounds'][q]['decryptions']
            ds[1]['decryptions'][0]['d'] = ds[0]['decryptions'][0]['d']

        def below_k(r):
            ds = r['rounds'][q]['decryptions']
            del ds[r['ceremonies'][t]['threshold']['k'] - 1:]

        change('threshold-partial-decryption', partial)
        change('threshold-below-k', below_k)
print(' '.join(made))
