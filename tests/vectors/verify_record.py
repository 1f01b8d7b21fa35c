#!/usr/bin/env python3
# The project's independent verifier of whole election records, written from
# proto/VOTE.md (§7, §8) and proto/BALLOT.md alone: strict JSON, the closed
# shape of every object, the scrutineers' keys, every ballot (eligibility,
# receipt, envelope signature, proofs), the aggregate, the decryptions, the
# counts, the outcome, the signed tallies and their chain, the title, the log
# head, completeness -- against a pinned server key, never the record's own.
#
#   verify_record.py --server-key ed25519:KEY FILE...
#       every FILE must verify (exit 0), each finding on its own line;
#   verify_record.py --server-key ed25519:KEY --each-fails FILE...
#       every FILE must fail (exit 0), the first failure of each named.
#
# Python 3 standard library, the P-256 arithmetic of ballot_math.py and
# Ed25519 from python3-cryptography (Debian). Slow: proofs already checked
# are remembered, so a set of tampered copies of one record costs little more
# than the record.
import base64, datetime, functools, hashlib, json, os, re, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ballot_math as bm
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
import verify_main
from verify_main import Bad, strict_load

RECORD_FORMAT = 'yangguang-election-record/3'
TALLY_FORMAT = 'yangguang-tally/2'
SUITE = 'yg-ballot-v1/P-256/SHA-512'
MAX_SCRUT, MAX_ROUNDS, MAX_VOTERS, MAX_CEREMONIES = 9, 16, 1000, 16

# VOTE.md §8.1: the members of every closed object.
SHAPES = {
    'record': ['format', 'committee', 'meeting', 'item', 'title', 'server_key', 'ceremonies',
               'rounds', 'log_head'],
    'log_head': ['seq', 'hash'],
    'ceremony': ['ceremony', 'scrutineers', 'election_key'],
    # a threshold key ceremony (BALLOT.md §7.7) adds 'threshold'
    'ceremony_dkg': ['ceremony', 'scrutineers', 'election_key', 'threshold'],
    'dkg': ['k', 'scrutineers'],
    'dkg_entry': ['index', 'member', 'member_key', 'dealing', 'dealing_signature',
                  'verification_key', 'share_proof', 'accept_signature'],
    'scrutineer': ['index', 'member', 'member_key', 'key', 'proof', 'signature'],
    'proof': ['c', 'z'],
    'round': ['round', 'state', 'ceremony', 'question', 'entitled', 'present', 'quorum', 'rules',
              'eligible', 'ballots', 'aggregate', 'decryptions', 'counts', 'outcome', 'tally'],
    'voided': ['round', 'state', 'ceremony', 'question', 'void', 'authority'],
    'entry': ['seq', 'body', 'prev_hash', 'hash'],
    'quorum': ['needed', 'personnel'],
    'rules': ['pass_threshold', 'pass_base', 'recuse_vote', 'scrutineers_vote_first'],
    'threshold': ['num', 'den', 'inclusive'],
    'question': ['kind', 'title', 'labels', 'seats'],
    'eligible': ['member', 'key'],
    'ballot_entry': ['voter', 'voter_key', 'ballot', 'signature', 'receipt'],
    'ballot': ['suite', 'selections', 'sum'],
    'selection': ['a', 'b', 'c', 'z'],
    'aggregate': ['ballots', 'sum'],
    'sum': ['a', 'b'],
    'decryption': ['index', 'decryptions'],
    'share': ['d', 'c', 'z'],
    'outcome': ['result', 'line', 'base', 'base_count', 'threshold', 'elected', 'runoff',
                'runoff_seats'],
}


def jcs(v):
    return json.dumps(v, sort_keys=True, separators=(',', ':'), ensure_ascii=False).encode()


def sha256(b):
    return hashlib.sha256(b).digest()


def b64e(b):
    return base64.urlsafe_b64encode(b).rstrip(b'=').decode()


def b64d(s, n):
    if not isinstance(s, str) or not re.fullmatch(r'[A-Za-z0-9_-]*', s) or len(s) != (4 * n + 2) // 3:
        raise Bad('not base64url')
    out = base64.urlsafe_b64decode(s + '=' * (-len(s) % 4))
    if b64e(out) != s:
        raise Bad('not canonical base64url')
    return out


def ed_key(text):
    if not isinstance(text, str) or not text.startswith('ed25519:'):
        raise Bad('not an ed25519: key')
    return b64d(text[8:], 32)


def ed_ok(pub, msg, sig):
    try:
        Ed25519PublicKey.from_public_bytes(pub).verify(sig, msg)
        return True
    except (InvalidSignature, ValueError):
        return False


def real_time(t):
    """YYYY-MM-DDTHH:MM:SSZ, and a real UTC time (VOTE.md §7)."""
    if not isinstance(t, str) or not re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', t):
        return False
    try:
        datetime.datetime.strptime(t, '%Y-%m-%dT%H:%M:%SZ')
        return True
    except ValueError:
        return False


def is_id(v):
    return type(v) is int and 1 <= v < 2**53


def is_uint(v):
    return type(v) is int and 0 <= v < 2**53


def pt(s):
    try:
        return bm.pt(s)
    except Exception:
        raise Bad('not a point')


def sc(s):
    try:
        return bm.sc(s)
    except Exception:
        raise Bad('not a scalar')


@functools.lru_cache(maxsize=None)
def range_ok(ctx, K, A, B, lo, hi, cs, zs):
    return bm.range_ok(ctx, K, A, B, lo, hi, list(cs), list(zs))


@functools.lru_cache(maxsize=None)
def dleq_ok(ctx, X, A, D, c, z):
    return bm.dleq_ok(ctx, X, A, D, c, z)


@functools.lru_cache(maxsize=None)
def schnorr_ok(ctx, X, c, z):
    return bm.schnorr_ok(ctx, X, c, z)


class Verifier(verify_main.Findings):
    def __init__(self, pinned):
        super().__init__()
        self.pinned = pinned

    # -- shape ------------------------------------------------------------
    def closed(self, obj, path, shape):
        if not isinstance(obj, dict):
            self.say(False, f'{path} is not an object')
            return False
        names = SHAPES[shape]
        good = True
        for k in obj:
            if k not in names:
                self.say(False, f'{path} has the unknown member "{k}"')
                good = False
        for k in names:
            if k not in obj:
                self.say(False, f'{path} lacks the member "{k}"')
                good = False
        return good

    def shape(self, rec):
        before = len(self.lines)
        if not self.closed(rec, '$', 'record'):
            pass
        if isinstance(rec.get('log_head'), dict) or 'log_head' in rec:
            self.closed(rec.get('log_head'), '$.log_head', 'log_head')
        cers = rec.get('ceremonies')
        for j, c in enumerate(cers if isinstance(cers, list) else []):
            dkg = isinstance(c, dict) and 'threshold' in c
            if not self.closed(c, f'$.ceremonies[{j}]', 'ceremony_dkg' if dkg else 'ceremony'):
                continue
            if dkg and self.closed(c['threshold'], f'$.ceremonies[{j}].threshold', 'dkg'):
                ents = c['threshold']['scrutineers']
                for i, t in enumerate(ents if isinstance(ents, list) else []):
                    self.closed(t, f'$.ceremonies[{j}].threshold.scrutineers[{i}]', 'dkg_entry')
            for i, s in enumerate(c['scrutineers'] if isinstance(c['scrutineers'], list) else []):
                p = f'$.ceremonies[{j}].scrutineers[{i}]'
                if self.closed(s, p, 'scrutineer'):
                    self.closed(s['proof'], p + '.proof', 'proof')
        rounds = rec.get('rounds')
        for k, r in enumerate(rounds if isinstance(rounds, list) else []):
            p = f'$.rounds[{k}]'
            if isinstance(r, dict) and r.get('state') == 'voided':
                if self.closed(r, p, 'voided'):
                    if r['void'] is not None:
                        self.closed(r['void'], p + '.void', 'entry')
                    for i, e in enumerate(r['authority'] if isinstance(r['authority'], list) else []):
                        self.closed(e, f'{p}.authority[{i}]', 'entry')
                continue
            if not self.closed(r, p, 'round'):
                if not isinstance(r, dict):
                    continue
            for name, shape in (('quorum', 'quorum'), ('rules', 'rules'), ('question', 'question'),
                                ('outcome', 'outcome')):
                if name in r:
                    self.closed(r[name], f'{p}.{name}', shape)
            if isinstance(r.get('rules'), dict) and 'pass_threshold' in r['rules']:
                self.closed(r['rules']['pass_threshold'], f'{p}.rules.pass_threshold', 'threshold')
            if isinstance(r.get('aggregate'), dict):
                self.closed(r['aggregate'], f'{p}.aggregate', 'aggregate')
            for name, shape in (('eligible', 'eligible'), ('ballots', 'ballot_entry'),
                                ('decryptions', 'decryption')):
                for i, e in enumerate(r.get(name) if isinstance(r.get(name), list) else []):
                    self.closed(e, f'{p}.{name}[{i}]', shape)
        if len(self.lines) == before:
            self.say(True, 'every object of the record has exactly the members VOTE.md §8 lists')

    # -- the record -------------------------------------------------------
    def verify(self, rec):
        if not isinstance(rec, dict) or rec.get('format') != RECORD_FORMAT:
            fmt = rec.get('format') if isinstance(rec, dict) else None
            if isinstance(fmt, str) and fmt.startswith('yangguang-election-record/'):
                self.say(False, f'format version {fmt.rsplit("/", 1)[1]} is no longer accepted')
            else:
                self.say(False, f'not an election record (format {RECORD_FORMAT})')
            return
        self.shape(rec)
        if not all(is_id(rec.get(k)) for k in ('committee', 'meeting', 'item')):
            self.say(False, 'the committee, meeting and item are not ids')
            return
        self.ids = (rec['committee'], rec['meeting'], rec['item'])
        try:
            server = ed_key(rec.get('server_key'))
        except Bad:
            server = None
            self.say(False, 'the record\'s server_key is not an ed25519 key')
        if self.pinned is None:
            self.say(False, 'no trust anchor: the server key is not pinned')
        else:
            self.say(server == self.pinned, 'the record\'s server key is the pinned key')
        rounds = rec.get('rounds')
        first_q = rounds[0].get('question') if isinstance(rounds, list) and rounds and \
            isinstance(rounds[0], dict) and isinstance(rounds[0].get('question'), dict) else {}
        self.say(isinstance(rec.get('title'), str) and rec.get('title') == first_q.get('title'),
                 'the record\'s title is the title of the question voted on')
        self.rec = rec
        self.ceremonies(rec)
        if not isinstance(rounds, list) or not 1 <= len(rounds) <= MAX_ROUNDS:
            self.say(False, f'the record does not hold 1 to {MAX_ROUNDS} rounds')
            return
        prev, before, last_cer, next_cer, used = None, None, 0, 0, set()
        for k, r in enumerate(rounds):
            voided = before if isinstance(before, dict) and before.get('state') == 'voided' else None
            try:
                if not isinstance(r, dict):
                    raise Bad('not an object')
                e = r.get('ceremony')
                if e not in self.cer:
                    raise Bad('its key ceremony is not one the record lists')
                used.add(e)
                if e < last_cer:
                    self.say(False, f'round {k + 1}: its key ceremony {e} comes before an earlier round\'s')
                if next_cer > e:
                    self.say(False, f'round {k + 1} is under key ceremony {e}, before the one its voided round started')
                last_cer, next_cer = e, 0
                self.K, self.keys, self.K_text = self.cer[e]
                self.dkg = self.dkgs.get(e)
                if r.get('state') == 'voided':
                    next_cer = self.voided(rec, r, k, prev, voided)
                else:
                    if r.get('state') != 'closed':
                        self.say(False, f'round {k + 1} is neither closed nor voided')
                    self.round(rec, r, k, prev, voided, k == len(rounds) - 1)
                    prev = r
            except Bad as e:
                self.say(False, f'round {k + 1}: {e}')
            before = r
        for e in self.cer:
            if e not in used:
                self.say(False, f'key ceremony {e} is listed, but no round was under it')
        last = rounds[-1] if isinstance(rounds[-1], dict) else {}
        out = last.get('outcome') if isinstance(last.get('outcome'), dict) else {}
        n = len(rounds)
        if last.get('state') == 'voided':
            self.say(False, f'round {n} was voided and the record holds no round {n + 1}: the vote '
                            f'is not complete')
        else:
            self.say(out.get('result') != 'runoff',
                     f'the record holds the whole vote ({n} round{"s" if n > 1 else ""}, the last '
                     f'final)' if out.get('result') != 'runoff' else
                     f'round {n} ended in a run-off and the record holds no round {n + 1}: the vote '
                     f'is not complete')

    def ceremonies(self, rec):
        """Each key ceremony: its scrutineers' keys, proven and signed by
        their members (BALLOT.md §7.2, §7.4), and the election key their sum."""
        self.cer, self.scrut_members, self.dkgs = {}, {}, {}
        lst = rec.get('ceremonies')
        if not isinstance(lst, list) or not 1 <= len(lst) <= MAX_CEREMONIES:
            self.say(False, f'the record does not list 1 to {MAX_CEREMONIES} key ceremonies')
            return
        after = 0
        for c in lst:
            e = c.get('ceremony') if isinstance(c, dict) else None
            if not is_id(e) or e <= after or e > MAX_CEREMONIES:
                self.say(False, f'a key ceremony of the record is not numbered after {after}, up to {MAX_CEREMONIES}')
                continue
            after = e
            keys, K = self.scrutineers(c, e)
            self.cer[e] = (K, keys, c.get('election_key'))
            if 'threshold' in c:
                self.dkgs[e] = self.threshold(c, e, keys, K)

    def threshold(self, cer, e, keys, K):
        """A threshold key ceremony (BALLOT.md §7.5, §7.7): the check of
        §7.7, of the ceremony's scrutineers; (k, [Y_j]), or (0, []) if it fails."""
        t, lst = cer['threshold'], cer.get('scrutineers')
        try:
            if not isinstance(t, dict) or not isinstance(lst, list) or K is None or len(keys) != len(lst):
                raise Bad('it is not {k, scrutineers} of readable scrutineers')
            pr = {'committee': self.ids[0], 'meeting': self.ids[1], 'ceremony': e,
                  'n': len(lst), 'threshold': t.get('k')}
            if not is_uint(pr['threshold']) or not 1 <= pr['threshold'] <= pr['n'] or \
                    (pr['threshold'] < 2 and pr['n'] > 1):
                raise Bad('its k is not 2 <= k <= n')
            ents = t.get('scrutineers')
            if not isinstance(ents, list) or len(ents) != pr['n']:
                raise Bad('it does not list the n scrutineers')
            for s, x in zip(lst, ents):
                if not isinstance(x, dict) or s.get('member') != x.get('member') or \
                        s.get('member_key') != x.get('member_key') or \
                        s.get('key') != ((x.get('dealing') or {}).get('commitments') or [None])[0]:
                    raise Bad('its scrutineers are not the ceremony\'s, or their keys not the dealings\' '
                              'constant commitments')
            fault = bm.ceremony_faults(pr, ents, cer.get('election_key'), ed_ok)
            if fault is not None:
                raise Bad(f'scrutineer {fault[0]}: {fault[1]}' if fault[0] >= 0 else fault[1])
            self.say(True, f'threshold key ceremony {e}: {pr["n"]} signed dealings and acceptances verify; '
                           f'any {pr["threshold"]} of the {pr["n"]} scrutineers decrypt')
            return pr['threshold'], [pt(x['verification_key']) for x in ents]
        except (Bad, TypeError, KeyError, AttributeError, AssertionError, ValueError, IndexError) as ex:
            self.say(False, f'ceremony {e}, threshold: {ex}')
            return 0, []

    def scrutineers(self, cer, e):
        keys = []
        lst = cer.get('scrutineers')
        if not isinstance(lst, list) or not 1 <= len(lst) <= MAX_SCRUT:
            self.say(False, f'ceremony {e} does not list 1 to {MAX_SCRUT} scrutineers')
            return keys, None
        c, m, _ = self.ids
        total = None
        ok = True
        members = {}
        for i, s in enumerate(lst):
            try:
                if not isinstance(s, dict) or s.get('index') != i or not is_id(s.get('member')):
                    raise Bad('not {index, member, member_key, key, proof, signature}')
                if s['member'] in members:
                    raise Bad(f'member {s["member"]} is a scrutineer twice')
                mk = ed_key(s.get('member_key'))
                members[s['member']] = mk
                X = pt(s.get('key'))
                proof = s.get('proof') if isinstance(s.get('proof'), dict) else {}
                KC = bm.H('yg-ballot-v1/keygen', SUITE.encode(), bm.u64(c), bm.u64(m), bm.u64(i),
                          bm.u64(s['member']), mk)
                if not schnorr_ok(KC, X, sc(proof.get('c')), sc(proof.get('z'))):
                    raise Bad('its key proof does not verify')
                msg = b'yangguang-scrutineer-key/1\n' + jcs({
                    'committee': c, 'meeting': m, 'ceremony': e, 'index': i,
                    'member': s['member'], 'member_key': s['member_key'], 'key': s['key'],
                    'proof': {'c': proof.get('c'), 'z': proof.get('z')}})
                try:
                    sig = b64d(s.get('signature'), 64)
                except Bad:
                    sig = b''
                if not ed_ok(mk, msg, sig):
                    raise Bad(f'the key publication is not signed by member {s["member"]} with their member key')
                keys.append(X)
                total = bm.add(total, X)
            except Bad as ex:
                self.say(False, f'ceremony {e}, scrutineer {i}: {ex}')
                ok = False
        self.scrut_members[e] = members
        if ok:
            self.say(True, f'ceremony {e}: {len(lst)} scrutineer keys, each proven and signed by its member')
        try:
            K = pt(cer.get('election_key'))
        except Bad:
            self.say(False, f'ceremony {e}: the election key is not a point')
            return keys, None
        self.say(ok and total == K, f'ceremony {e}: the election key is the sum of the scrutineers\' keys')
        return keys, K

    # -- a voided round (VOTE.md §5.1, §8.3 check 8) ------------------------
    def entry(self, e, what):
        """A log entry {seq, body, prev_hash, hash} of this meeting, its hash
        that of its body (proto/logchain.h); its body parsed."""
        if not isinstance(e, dict) or not is_id(e.get('seq')) or not isinstance(e.get('body'), str) \
                or not isinstance(e.get('prev_hash'), str) or not re.fullmatch(r'[0-9a-f]{64}', e['prev_hash']):
            raise Bad(f'{what} is not a log entry {{seq, body, prev_hash, hash}}')
        h = hashlib.sha256(b'yangguang/v1/log\0' + bytes.fromhex(e['prev_hash']) +
                           e['body'].encode()).hexdigest()
        if h != e.get('hash'):
            raise Bad(f'{what} has a hash that is not its body\'s: it was changed')
        try:
            b = json.loads(e['body'])
        except ValueError:
            b = None
        if not isinstance(b, dict) or b.get('meeting') != self.ids[1] or b.get('seq') != e['seq']:
            raise Bad(f'{what} is not an entry of this meeting\'s log at its place')
        return b

    def request(self, b, op, what):
        """The entry's request, signed (PROTOCOL.md §7a) for this committee,
        operation and meeting; its key."""
        r = b.get('request')
        if not isinstance(r, dict):
            raise Bad(f'{what} carries no signed request')
        try:
            key = ed_key(r.get('key'))
            sig = b64d(r.get('signature'), 64)
        except Bad:
            raise Bad(f'{what}: its request is not signed')
        msg = b'yangguang/v1/request\0' + jcs({k: v for k, v in r.items() if k != 'signature'})
        if not ed_ok(key, msg, sig):
            raise Bad(f'{what}: the request\'s signature does not verify with its key')
        if r.get('committee') != self.ids[0]:
            raise Bad(f'{what}: its request was made for another committee')
        if r.get('op') != op:
            raise Bad(f'{what}: its request is for another operation')
        if not isinstance(r.get('args'), dict) or r['args'].get('meeting') != self.ids[1]:
            raise Bad(f'{what}: its request was for another meeting')
        return key

    def voided(self, rec, r, k, prev, voided):
        rn = k + 1
        if r.get('round') != rn:
            self.say(False, f'round {rn} of the record is not numbered {rn}')
        self.question(r.get('question'))
        if voided is not None:
            self.again(voided, r, rn)
        elif prev is not None:
            self.chain(prev, r, rn)
        act = r.get('void')
        if act is None:
            raise Bad('voided without its void act: a voided round counts only with the presiding member\'s signed act')
        b = self.entry(act, 'its void act')
        d = b.get('data') if isinstance(b.get('data'), dict) else {}
        if b.get('event') != 'vote.voided' or d.get('item') != self.ids[2] or d.get('round') != rn:
            raise Bad('the void act is not the vote.voided entry of this round')
        if d.get('ceremony') != r.get('ceremony') + 1:
            raise Bad('the void act does not start the key ceremony after the round\'s')
        actor = b.get('actor')
        if not isinstance(actor, str) or not re.fullmatch(r'member:[1-9][0-9]*', actor):
            raise Bad('the void act is not a member\'s')
        key = self.request(b, 'vote.void', 'the void act')
        args = b['request']['args']
        if args.get('item') != self.ids[2] or args.get('round') != rn or \
                not isinstance(d.get('reason'), str) or args.get('reason') != d.get('reason'):
            raise Bad('the void act records another item, round or reason than its signed request asked for')
        # who presided: the opening, then each meeting-wide succession
        auth = r.get('authority')
        if not isinstance(auth, list) or not auth:
            raise Bad('no entries show who presided: not the opening of the meeting')
        holder, opener_key, last = None, None, 0
        for n, e in enumerate(auth):
            a = self.entry(e, 'an entry of who presided')
            if not last < e['seq'] < act['seq']:
                raise Bad('an entry of who presided is not in log order before the void act')
            last = e['seq']
            ad = a.get('data') if isinstance(a.get('data'), dict) else {}
            if n == 0:
                if a.get('event') != 'meeting.opened':
                    raise Bad('an entry of who presided is not the meeting\'s opening, which comes first')
                holder = a.get('actor')
                opener_key = self.request(a, 'meeting.open', 'the opening')
                opener = holder
            elif a.get('event') == 'presiding.succeeded' and ad.get('item') is None:
                self.request(a, 'presiding.succeed', 'a succession')
                if holder == f'member:{ad.get("predecessor")}':
                    holder = f'member:{ad.get("member")}'
            else:
                raise Bad('an entry of who presided is neither the opening nor a meeting-wide succession')
        if actor != holder:
            raise Bad('the void act is not by the member presiding then: only whoever presides voids a round')
        if holder == opener and key != opener_key:
            raise Bad('the void act is not signed with the key the presiding member opened the meeting with')
        who = int(actor.split(':')[1])
        for x in self.rec.get('rounds') or []:
            for el in (x.get('eligible') if isinstance(x, dict) and isinstance(x.get('eligible'), list) else []):
                if isinstance(el, dict) and el.get('member') == who and el.get('key') != 'ed25519:' + b64e(key):
                    raise Bad(f'the void act is signed with another key than the one fixed for member {who}')
        self.say(True, f'round {rn} was voided by member {who}, presiding, in a signed act '
                       f'(log entry {act["seq"]}): {d["reason"]}')
        return d['ceremony']

    def again(self, voided, r, rn):
        self.say(jcs(voided.get('question')) == jcs(r.get('question')),
                 f'round {rn} asks again the question of voided round {rn - 1}')

    # -- a round ----------------------------------------------------------
    def round(self, rec, r, k, prev, voided, last):
        rn = k + 1
        if not isinstance(r, dict):
            raise Bad('not an object')
        if r.get('round') != rn:
            self.say(False, f'round {rn} of the record is not numbered {rn}')
        q = r.get('question')
        options, lo, hi = self.question(q)
        qd = sha256(jcs(q))
        if self.K is None:
            raise Bad('no election key')
        c, m, i = self.ids
        E = bm.H('yg-ballot-v1/election', SUITE.encode(), bm.u64(c), bm.u64(m), bm.u64(i),
                 bm.u64(rn), bm.u64(options), bm.u64(lo), bm.u64(hi), qd, bm.enc(self.K))
        entitled, present = r.get('entitled'), r.get('present')
        if not is_uint(entitled):
            raise Bad('the entitled count is not a whole number')
        # eligible voters: distinct, in member order, each with a key
        elig = r.get('eligible')
        if not isinstance(elig, list) or len(elig) > MAX_VOTERS:
            raise Bad(f'the eligible voters are not a list of at most {MAX_VOTERS}')
        keys, order = {}, []
        for e in elig:
            if not isinstance(e, dict) or not is_id(e.get('member')):
                raise Bad('an eligible voter is not {member, key}')
            if e['member'] in keys:
                self.say(False, f'round {rn}: member {e["member"]} is listed twice as eligible')
            keys[e['member']] = ed_key(e.get('key'))
            order.append(e['member'])
        self.say(order == sorted(set(order)),
                 f'round {rn}: {len(keys)} eligible voters, distinct, in member order')
        for who, mk in self.scrut_members.get(r.get('ceremony'), {}).items():
            if who in keys and keys[who] != mk:
                self.say(False, f'round {rn}: scrutineer member {who} published with another key '
                                f'than the one fixed for them at the round\'s opening')
        # present and quorum
        present_ok = is_uint(present) and len(keys) <= present <= entitled
        self.say(present_ok, f'round {rn}: {present} present, between the {len(keys)} eligible '
                             f'and the {entitled} entitled')
        qu = r.get('quorum') if isinstance(r.get('quorum'), dict) else {}
        self.say(is_uint(qu.get('needed')) and 1 <= qu['needed'] <= entitled and
                 type(qu.get('personnel')) is bool and present_ok and qu['needed'] <= present,
                 f'round {rn}: the quorum judged at opening ({qu.get("needed")} needed) was met')
        # ballots
        ballots = r.get('ballots')
        if not isinstance(ballots, list) or len(ballots) > MAX_VOTERS:
            raise Bad(f'the ballots are not a list of at most {MAX_VOTERS}')
        sums = [[None, None] for _ in range(options)]
        voters, board, prev_v, good = [], [], 0, True
        for b in ballots:
            try:
                v = self.ballot(r, rn, b, E, keys, options, lo, hi, sums)
                if v <= prev_v:
                    raise Bad('ballots are not one per voter in voter order')
                prev_v = v
                voters.append(v)
                board.append({'voter': v, 'voter_key': b['voter_key'], 'receipt': b['receipt'],
                              'signature': b['signature']})
            except Bad as e:
                self.say(False, f'round {rn}, ballot of {b.get("voter") if isinstance(b, dict) else "?"}: {e}')
                good = False
        N = len(ballots)
        if N > len(keys):
            self.say(False, f'round {rn}: {N} ballots from {len(keys)} eligible voters')
            good = False
        if good:
            self.say(True, f'round {rn}: {N} ballots, each from an eligible voter with the key '
                           f'fixed for them; receipts, signatures and proofs verify')
        # aggregate, decryptions, counts
        counts = self.count(r, rn, E, N, options, sums)
        # outcome
        self.outcome(r, rn, q, counts, N, len(keys), entitled, present)
        # tally
        self.tally(rec, r, rn, q, qd, counts, voters, board, prev, last)
        if voided is not None:
            self.again(voided, r, rn)
        elif prev is not None:
            self.chain(prev, r, rn)

    def question(self, q):
        if not isinstance(q, dict) or set(q) != set(SHAPES['question']) or \
                not isinstance(q.get('title'), str) or not is_uint(q.get('seats')):
            raise Bad('the question is not {kind, title, labels, seats}')
        labels = q.get('labels')
        if not isinstance(labels, list) or not 1 <= len(labels) <= 64 or \
                not all(isinstance(l, str) and l for l in labels):
            raise Bad('the question\'s labels are not 1 to 64 non-empty strings')
        if q['kind'] == 'options':
            if labels != ['同意', '不同意', '弃权'] or q['seats'] != 1:
                raise Bad('an options question has the labels 同意, 不同意, 弃权 and 1 seat')
            return 3, 1, 1
        if q['kind'] == 'approval':
            if not 1 <= q['seats'] <= len(labels):
                raise Bad('an approval question has 1 seat up to the number of candidates')
            return len(labels), 0, q['seats']
        raise Bad('the question\'s kind is neither options nor approval')

    def ballot(self, r, rn, b, E, keys, options, lo, hi, sums):
        if not isinstance(b, dict) or not is_id(b.get('voter')):
            raise Bad('it names no voter')
        v = b['voter']
        if v not in keys:
            raise Bad(f'voter {v} is not an eligible voter')
        if ed_key(b.get('voter_key')) != keys[v]:
            raise Bad(f'voter {v}: the voter_key is not the key fixed for the voter')
        bal = b.get('ballot')
        if not isinstance(bal, dict) or set(bal) != set(SHAPES['ballot']) or bal['suite'] != SUITE:
            raise Bad(f'voter {v}: the ballot is not {{suite, selections, sum}} of {SUITE}')
        sels = bal['selections']
        if not isinstance(sels, list) or len(sels) != options:
            raise Bad(f'voter {v}: not one selection per option')
        V = bm.H('yg-ballot-v1/voter', E, bm.u64(v), keys[v])
        cts = []
        for s in sels:
            if not isinstance(s, dict) or set(s) != set(SHAPES['selection']):
                raise Bad(f'voter {v}: a selection is not {{a, b, c, z}}')
            cts.append((pt(s['a']), pt(s['b'])))
        items = [V, bm.u64(len(cts))]
        for A, B in cts:
            items += [bm.enc(A), bm.enc(B)]
        D = bm.H('yg-ballot-v1/ballot', *items)
        SA = SB = None
        for i, (s, (A, B)) in enumerate(zip(sels, cts)):
            if not isinstance(s['c'], list) or not isinstance(s['z'], list) or \
                    not range_ok(bm.H('yg-ballot-v1/selection', D, bm.u64(i)), self.K, A, B, 0, 1,
                                 tuple(sc(x) for x in s['c']), tuple(sc(x) for x in s['z'])):
                raise Bad(f'voter {v}: the proof of selection {i} does not verify')
            SA, SB = bm.add(SA, A), bm.add(SB, B)
        sp = bal['sum']
        if not isinstance(sp, dict) or set(sp) != {'c', 'z'} or not isinstance(sp['c'], list) or \
                not isinstance(sp['z'], list) or \
                not range_ok(bm.H('yg-ballot-v1/sum', D), self.K, SA, SB, lo, hi,
                             tuple(sc(x) for x in sp['c']), tuple(sc(x) for x in sp['z'])):
            raise Bad(f'voter {v}: the proof of the number of selections does not verify')
        receipt = sha256(jcs(bal))
        if b.get('receipt') != b64e(receipt):
            raise Bad(f'voter {v}: the receipt is not that of the ballot')
        c, m, i = self.ids
        msg = b'yangguang-ballot-envelope/1\n' + jcs({'committee': c, 'meeting': m, 'item': i,
                                                     'round': rn, 'voter': v,
                                                     'receipt': b64e(receipt)})
        try:
            sig = b64d(b.get('signature'), 64)
        except Bad:
            sig = b''
        if not ed_ok(keys[v], msg, sig):
            raise Bad(f'voter {v}: the envelope signature does not verify')
        for k, (A, B) in enumerate(cts):
            sums[k] = [bm.add(sums[k][0], A), bm.add(sums[k][1], B)]
        return v

    def count(self, r, rn, E, N, options, sums):
        agg, decs = r.get('aggregate'), r.get('decryptions')
        counts = r.get('counts')
        if not isinstance(counts, list) or len(counts) != options or not all(is_uint(x) for x in counts):
            raise Bad(f'the counts are not {options} whole numbers')
        if N == 0:
            self.say(agg is None and decs == [] and counts == [0] * options,
                     f'round {rn}: no ballots, no aggregate, no decryptions, every count 0')
            return counts
        try:
            if not isinstance(agg, dict) or agg.get('ballots') != N or \
                    not isinstance(agg.get('sum'), list) or len(agg['sum']) != options:
                raise Bad('')
            mine = [[pt(s['a']), pt(s['b'])] for s in agg['sum']]
            same = mine == sums
        except (Bad, TypeError, KeyError):
            same = False
        self.say(same, f'round {rn}: the aggregate is the sum of the {N} ballots')
        at = [d.get('index') if isinstance(d, dict) else None for d in decs] if isinstance(decs, list) else []
        if self.dkg is not None:
            k, ys = self.dkg
            if not ys or len(at) < k or not all(is_uint(j) and j < len(ys) for j in at) or \
                    at != sorted(set(at)):
                self.say(False, f'round {rn}: not {k} or more decryptions, in index order, of a verified ceremony')
                return counts
            keys, lam = ys, {j: bm.lagrange(at, j) for j in at}
        elif not isinstance(decs, list) or at != list(range(len(self.keys))):
            self.say(False, f'round {rn}: not one decryption from each scrutineer, in index order')
            return counts
        else:
            keys, lam = self.keys, {j: 1 for j in at}
        got = []
        for i in range(options):
            TA, TB = sums[i]
            M = TB
            for j, d in zip(at, decs):
                lst = d.get('decryptions')
                e = lst[i] if isinstance(lst, list) and len(lst) == options else None
                if not isinstance(e, dict) or set(e) != set(SHAPES['share']):
                    self.say(False, f'round {rn}, scrutineer {j}: the decryptions are not {{d, c, z}} per option')
                    return counts
                Dji = pt(e['d'])
                DC = bm.H('yg-ballot-v1/decryption', E, bm.u64(j), bm.u64(i), bm.u64(N),
                          bm.enc(TA), bm.enc(TB))
                if not dleq_ok(DC, keys[j], TA, Dji, sc(e['c']), sc(e['z'])):
                    self.say(False, f'round {rn}, scrutineer {j}: the decryption proof of option {i} does not verify')
                    return counts
                M = bm.add(M, bm.neg(bm.mul(lam[j], Dji)))
            x, acc = 0, None
            while acc != M and x <= N:
                acc, x = bm.add(acc, bm.G), x + 1
            got.append(x if acc == M else None)
        self.say(got == counts, f'round {rn}: the decryptions give the counts {got}; the record says {counts}')
        return counts

    def outcome(self, r, rn, q, counts, N, neligible, entitled, present):
        rules = r.get('rules') if isinstance(r.get('rules'), dict) else {}
        t = rules.get('pass_threshold') if isinstance(rules.get('pass_threshold'), dict) else {}
        num, den, inc, base = t.get('num'), t.get('den'), t.get('inclusive'), rules.get('pass_base')
        if not (is_uint(num) and is_uint(den) and den >= 1 and num <= den and type(inc) is bool
                and base in ('entitled', 'present')):
            self.say(False, f'round {rn}: the rules have no readable pass_threshold and pass_base')
            return
        bc = present if base == 'present' else entitled
        line = -(-bc * num // den) if inc else bc * num // den + 1
        approval, seats, n = q['kind'] == 'approval', q['seats'], len(counts)
        out = {'result': None, 'line': line, 'base': base, 'base_count': bc,
               'threshold': {'num': num, 'den': den, 'inclusive': inc},
               'elected': [], 'runoff': [], 'runoff_seats': 0}
        if N > neligible or any(c > N for c in counts):
            out['result'] = 'void'
        elif not approval:
            out['result'] = 'adopted' if counts[0] >= line else 'rejected'
        else:
            rank = sorted((i for i in range(n) if counts[i] >= line), key=lambda i: (-counts[i], i))
            if len(rank) <= seats or counts[rank[seats - 1]] != counts[rank[seats]]:
                out['result'], out['elected'] = 'elected', rank[:seats]
            else:
                vv = counts[rank[seats - 1]]
                out['elected'] = [i for i in rank if counts[i] > vv]
                out['runoff'] = [i for i in range(n) if counts[i] == vv]
                out['runoff_seats'] = seats - len(out['elected'])
                out['result'] = 'runoff'
        self.say(jcs(out) == jcs(r.get('outcome')),
                 f'round {rn}: the outcome is {out["result"]} (line {line} of {bc} {base}) by the '
                 f'counts and the rules')

    def tally(self, rec, r, rn, q, qd, counts, voters, board, prev, last):
        jws = r.get('tally')
        if self.pinned is None:
            self.say(False, f'round {rn}: the tally is not checked without a pinned key')
            return
        try:
            h, p, s = jws.split('.')
            header = strict_load(base64.urlsafe_b64decode(h + '=' * (-len(h) % 4)))
            payload = strict_load(base64.urlsafe_b64decode(p + '=' * (-len(p) % 4)))
            sig = b64d(s, 64)
        except (Bad, AttributeError, ValueError, TypeError):
            self.say(False, f'round {rn}: the tally is not a compact JWS')
            return
        if not isinstance(header, dict) or header.get('alg') != 'EdDSA' or header.get('typ') != 'yg-tally' \
                or not ed_ok(self.pinned, (h + '.' + p).encode(), sig):
            self.say(False, f'round {rn}: the tally is not signed by the pinned key')
            return
        if not isinstance(payload, dict):
            self.say(False, f'round {rn}: the tally\'s payload is not an object')
            return
        closed, head = payload.get('closed_at'), payload.get('log_head')
        c, m, i = self.ids
        mine = {'format': TALLY_FORMAT, 'committee': c, 'meeting': m, 'item': i, 'round': rn,
                'question': q, 'question_digest': b64e(qd),
                'election_key': self.K_text,
                'entitled': r.get('entitled'), 'present': r.get('present'), 'quorum': r.get('quorum'),
                'rules': r.get('rules'), 'eligible': r.get('eligible'), 'voters': voters,
                'ballots': len(voters), 'counts': counts, 'outcome': r.get('outcome'),
                'board': b64e(sha256(jcs(board))), 'closed_at': closed,
                'previous': b64e(sha256(prev['tally'].encode())) if prev is not None and
                isinstance(prev.get('tally'), str) else None,
                'final': (r.get('outcome') or {}).get('result') != 'runoff', 'log_head': head}
        if not real_time(closed):
            self.say(False, f'round {rn}: the tally\'s closed_at is not YYYY-MM-DDTHH:MM:SSZ')
        if not isinstance(head, dict) or set(head) != {'seq', 'hash'} or not is_id(head['seq']) \
                or not isinstance(head['hash'], str):
            self.say(False, f'round {rn}: the tally\'s log_head is not {{seq, hash}}')
        diff = [k for k in sorted(mine) if jcs(mine[k]) != jcs(payload.get(k))] + \
            [k for k in sorted(payload) if k not in mine]
        self.say(not diff, f'round {rn}: the signed tally is the record\'s' if not diff else
                 f'round {rn}: the signed tally differs from the record in {", ".join(diff)}')
        if last:
            self.say(jcs(head) == jcs(rec.get('log_head')),
                     f'the record\'s log_head is the meeting log\'s head when round {rn} closed')

    def chain(self, prev, r, rn):
        po, pq = prev.get('outcome') or {}, prev.get('question') or {}
        want = None
        if po.get('result') == 'runoff' and isinstance(po.get('runoff'), list):
            try:
                want = {'kind': 'approval', 'title': pq.get('title'),
                        'labels': [pq['labels'][x] for x in po['runoff']],
                        'seats': po.get('runoff_seats')}
            except (IndexError, TypeError, KeyError):
                want = None
        self.say(want is not None and jcs(want) == jcs(r.get('question')),
                 f'round {rn} is the run-off of round {rn - 1}: its tied candidates, its seats left')


def main(argv):
    return verify_main.main(argv, 'verify_record.py',
                            '--server-key ed25519:KEY [--each-fails] FILE...', Verifier,
                            ('The election record verifies.',
                             'The election record does NOT verify.'), ed_key, each_fails=True)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
