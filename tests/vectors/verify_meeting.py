#!/usr/bin/env python3
# The project's independent verifier of who did what in a meeting record
# (`yg meeting record`, format yangguang-meeting-record/1), written from
# proto/PROTOCOL.md (§7a signed requests, §8 the log's chain) and
# proto/VOTE.md (§1, §5.1 who may act as what): the checks yg verify makes
# through proto/logchain.c and proto/record_actors.c, minutes aside.
#
#   - the meeting log is a whole hash chain: seq 1, 2, ..., each hash
#     SHA-256("yangguang/v1/log" 0x00 || prev_hash || body), each body
#     naming the meeting and its seq;
#   - the administrative log is a whole hash chain too, over the hash of
#     each body: SHA-256("yangguang/v1/admin-log" 0x00 || prev || SHA-256(body));
#   - walking it from the installation (actor "local") gives every member's
#     and observer's key over time; every entry with its body carries a
#     request signed by an admin's valid key, for the key it registers;
#   - every meeting log entry carries the request that caused it: its
#     signature verifies ("yangguang/v1/request" 0x00 || JCS(R without the
#     signature)), by the actor's key valid then (ygd's own entries by the
#     pinned server key), for this committee, an operation that causes the
#     entry, arguments agreeing with what the entry records, made within
#     600 s of the entry, used once, bound to a head the log had before
#     (for a decision for the room, the entry just before it);
#   - the actor held the role: a void by whoever presided (the opener, or
#     their successor), a scrutineer's key or decryption by the member
#     designated at its index.
#
#   verify_meeting.py [--server-key ed25519:KEY] FILE...
# prints each failure (and the summary lines) and exits 1 if any fails.
import datetime, hashlib, json, os, re, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verify_main
from verify_main import Bad
from verify_record import b64d, ed_key, ed_ok, jcs

RECORD_FORMAT = 'yangguang-meeting-record/1'
ADMIN_FORMAT = 'yangguang-admin-log/1'
SLACK = 600
# Decisions for the room, whose head must be the entry just before them.
ROOM = {'meeting.opened', 'meeting.closed', 'vote.opened', 'vote.closing', 'vote.voided',
        'agenda.discussed', 'agenda.deferred', 'minutes.signed'}

CAUSES = {
    'meeting.announced': ['meeting.announce'], 'observer.invited': ['meeting.invite'],
    'attendance.in': ['meeting.check_in'], 'attendance.out': ['meeting.check_out'],
    'attendance.absent': ['meeting.absent'], 'meeting.opened': ['meeting.open'],
    'meeting.closed': ['meeting.close'], 'agenda.opened': ['agenda.open'],
    'agenda.presented': ['agenda.present'], 'agenda.statement': ['agenda.speak', 'agenda.pass'],
    'agenda.recused': ['agenda.recuse'], 'agenda.presiding': ['agenda.preside'],
    'agenda.deferred': ['agenda.defer'], 'agenda.discussed': ['agenda.close'],
    'floor.requested': ['floor.request'], 'floor.granted': ['floor.grant'],
    'minutes.signed': ['minutes.sign'], 'minutes.correction_proposed': ['minutes.correct'],
    'minutes.correction_signed': ['minutes.countersign'],
    'presiding.succeeded': ['presiding.succeed'],
    'scrutineers.designated': ['scrutineer.designate'], 'scrutineer.key': ['scrutineer.publish'],
    'election.key': ['election.key'], 'vote.opened': ['vote.open'], 'vote.cast': ['vote.cast'],
    'vote.closing': ['vote.close'], 'vote.decrypted': ['vote.decrypt'],
    'vote.result': ['vote.result'], 'vote.voided': ['vote.void'],
    'member.add': ['member.add'], 'member.update': ['member.update'],
    'key.rotate': ['key.rotate'], 'key.revoke': ['key.revoke'],
    'observer.approve': ['observer.decide'], 'observer.reject': ['observer.decide'],
    'observer.remove': ['observer.decide'],
}
SHARED = ['item', 'round', 'body', 'position', 'candidate', 'reason', 'member', 'text',
          'signature', 'tally', 'role', 'request']


def when(t):
    """Seconds of an RFC 3339 UTC time, or None."""
    if not isinstance(t, str) or not re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z', t):
        return None
    try:
        return datetime.datetime.strptime(t[:19], '%Y-%m-%dT%H:%M:%S').replace(
            tzinfo=datetime.timezone.utc).timestamp()
    except ValueError:
        return None


def unseal(e, b):
    """Who acted in entry e with body b: ({actor, request}, None), or
    ({}, why). A sealed entry (a ballot's) names in its body the digest
    SHA-256("yangguang/v1/sealed" 0x00 || S) of its sealed part S, the JSON
    text {actor, request} given beside the body (PROTOCOL.md 11)."""
    if 'sealed' not in b:
        return {'actor': b.get('actor'), 'request': b.get('request')}, None
    if 'actor' in b or 'request' in b:
        return {}, 'its body is sealed and names its actor too'
    s = e.get('sealed')
    if not isinstance(s, str):
        return {}, 'it is sealed, and its sealed part is not given'
    if hashlib.sha256(b'yangguang/v1/sealed\0' + s.encode()).hexdigest() != b['sealed']:
        return {}, 'its sealed part is not the one its body names'
    who = json.loads(s)
    if not isinstance(who, dict) or set(who) != {'actor', 'request'} or not isinstance(who['actor'], str):
        return {}, 'its sealed part is not {actor, request}'
    return who, None


class Meeting(verify_main.Findings):
    def __init__(self, pinned):
        super().__init__()
        self.pinned = pinned
        self.keys = []  # [actor, key, from, until]
        self.nonces = set()
        self.server_seen = None
        self.presiding = None
        self.scrutineer = {}

    # -- chains --------------------------------------------------------------
    def log_chain(self, log):
        entries = log.get('entries') if isinstance(log, dict) else None
        if not isinstance(entries, list):
            raise Bad('the record has no meeting log')
        prev = '0' * 64
        for i, e in enumerate(entries):
            if not isinstance(e, dict) or e.get('seq') != i + 1 or e.get('prev_hash') != prev or \
                    not isinstance(e.get('body'), str):
                raise Bad(f'entry {i + 1}: not linked to the entry before')
            h = hashlib.sha256(b'yangguang/v1/log\0' + bytes.fromhex(prev) + e['body'].encode()).hexdigest()
            if h != e.get('hash'):
                raise Bad(f'entry {i + 1}: its body or hash was changed')
            b = json.loads(e['body'])
            if b.get('seq') != i + 1 or b.get('meeting') != log.get('meeting'):
                raise Bad(f'entry {i + 1}: its body names another meeting or sequence')
            prev = h
        self.say(True, f'the meeting log\'s chain holds ({len(entries)} entries)')
        return entries

    def admin_chain(self, admin):
        prev = '0' * 64
        n = 0
        for e in admin.get('entries') or []:
            n += 1
            where = f'administrative log entry {e.get("id")}'
            if e.get('prev_hash') != prev:
                raise Bad(f'{where}: its prev_hash is not the hash of the entry before')
            if isinstance(e.get('body'), str):
                bh = hashlib.sha256(e['body'].encode()).digest()
            elif isinstance(e.get('body_sha256'), str) and re.fullmatch(r'[0-9a-f]{64}', e['body_sha256']):
                bh = bytes.fromhex(e['body_sha256'])
            else:
                raise Bad(f'{where}: neither its body nor its body\'s hash is given')
            h = hashlib.sha256(b'yangguang/v1/admin-log\0' + bytes.fromhex(prev) + bh).hexdigest()
            if h != e.get('hash'):
                raise Bad(f'{where}: its body or hash was changed')
            prev = h
        self.say(True, f'the administrative log\'s chain holds ({n} entries)')

    # -- keys over time ----------------------------------------------------------
    def key_valid(self, actor, key, at):
        return any(a == actor and k == key and f <= at and (u is None or at <= u)
                   for a, k, f, u in self.keys)

    def signed(self, r):
        """Whether r is a signed request whose signature verifies."""
        if not isinstance(r, dict):
            return 'it carries no signed request'
        if set(r) != {'op', 'args', 'committee', 'key', 'nonce', 'at', 'head', 'signature'}:
            return 'the signed request must hold exactly op, args, committee, key, nonce, at, head and signature'
        try:
            pub = ed_key(r['key'])
            sig = b64d(r['signature'], 64)
        except Bad:
            return 'the signed request\'s key or signature is malformed'
        if not ed_ok(pub, b'yangguang/v1/request\0' + jcs({k: v for k, v in r.items() if k != 'signature'}), sig):
            return 'the request\'s signature does not verify with its key'
        return None

    def request(self, r, actor, at, event, data, seq=0, entries=None):
        why = self.signed(r)
        if why is not None:
            return why
        pub = ed_key(r['key'])
        if actor == 'server':
            if self.pinned is not None:
                if pub != self.pinned:
                    return 'it is not signed by the pinned server key'
            elif self.server_seen not in (None, r['key']):
                return 'ygd\'s entries are signed by more than one key'
            self.server_seen = r['key']
        elif not self.key_valid(actor, r['key'], at):
            return 'its request is not signed with a key its actor held at the time'
        if r['committee'] != self.committee:
            return 'its request was made for another committee'
        if event in CAUSES and r['op'] not in CAUSES[event]:
            return 'its request is for an operation that does not cause this entry'
        args = r['args'] if isinstance(r['args'], dict) else {}
        if entries is not None and 'meeting' in args and args['meeting'] != self.meeting:
            return 'the request was for another meeting'
        for name in SHARED:
            if isinstance(data, dict) and data.get(name) is not None and name in args and \
                    jcs(data[name]) != jcs(args[name]):
                return f'its "{name}" is not what the signed request asked for'
        ra, ea = when(r['at']), when(at)
        if ra is None or ea is None or abs(ea - ra) > SLACK:
            return 'its request was made long before or after the entry'
        head = r['head']
        if entries is not None and isinstance(head, dict) and head.get('meeting') == self.meeting:
            hs = head.get('seq')
            if not (isinstance(hs, int) and 1 <= hs < seq and entries[hs - 1].get('hash') == head.get('hash')):
                return 'its request names a log head the log does not have before it'
            if event in ROOM and hs < seq - 1:
                return f'its request follows entry {hs}, but entry {seq - 1} was logged ' \
                    'before it: a decision for the room taken on a stale view'
        nonce = ('m' if entries is not None else 'a') + str(r['nonce'])
        if nonce in self.nonces:
            return 'its request was already used for another entry'
        self.nonces.add(nonce)
        return None

    def creation(self, r, d, at):
        if not isinstance(d.get('key'), str):
            return 'it does not name the first admin and their key'
        why = self.signed(r)
        if why is not None:
            return why
        if r.get('key') != d['key']:
            return 'its request is not signed with the first admin\'s key'
        if r.get('op') != 'committee.create':
            return 'its request is for an operation that does not cause this entry'
        ra, ea = when(r.get('at')), when(at)
        if ra is None or ea is None or abs(ea - ra) > SLACK:
            return 'its request was made long before or after the entry'
        return None

    def admin(self, admin):
        root, whole, bad = False, 0, 0
        for e in admin.get('entries') or []:
            if not isinstance(e.get('body'), str):
                continue
            whole += 1
            b = json.loads(e['body'])
            actor, action, at, target = b.get('actor'), b.get('action'), b.get('at'), b.get('target')
            d = b.get('details') if isinstance(b.get('details'), dict) else {}
            where = f'administrative log entry {b.get("id")} ({action})'
            why = None
            if actor == 'local':
                root = True
            elif not root and action == 'committee.create' and 'first_admin' in d:
                # a committee made by committee.create: its creation, signed
                # with the key that becomes its first admin's, is the root
                r = b.get('request') if isinstance(b.get('request'), dict) else {}
                why = self.creation(r, d, at)
                if why is None:
                    root = True
                    self.keys.append([f'member:{d["first_admin"]}', d['key'], at, None])
                    continue
            elif action == 'observer.register' and actor == target:
                pass
            else:
                why = self.request(b.get('request'), actor, at, action, d)
                args = (b.get('request') or {}).get('args') or {}
                want = d.get('key') if action == 'member.add' else d.get('new_key') if action == 'key.rotate' else None
                if why is None and want is not None and args.get('key') != want:
                    why = 'the key it registers is not the one the admin\'s request named'
                if why is None and action in ('key.rotate', 'key.revoke') and \
                        f'member:{args.get("member")}' != target:
                    why = 'the member whose key changes is not the one the admin\'s request named'
            if why is not None:
                self.say(False, f'{where}: {why}')
                bad += 1
                continue
            if action in ('member.add', 'observer.register'):
                self.keys.append([target, d.get('key'), at, None])
            elif action in ('key.rotate', 'key.revoke'):
                for k in self.keys:
                    if k[0] == target and k[1] == d.get('old_key') and k[3] is None:
                        k[3] = at
                if d.get('new_key') is not None:
                    self.keys.append([target, d['new_key'], at, None])
        self.say(root, 'the first admin\'s key was registered at installation' if root else
                 'the administrative log does not begin with the installation')
        if bad == 0:
            self.say(True, f'every key and membership change ({whole}) is signed by an admin holding a valid key')

    def role(self, event, actor, data):
        data = data if isinstance(data, dict) else {}
        if event == 'meeting.opened' and self.presiding is None:
            self.presiding = actor
        elif event == 'presiding.succeeded' and data.get('item') is None:
            if f'member:{data.get("predecessor")}' == self.presiding:
                self.presiding = f'member:{data.get("member")}'
        elif event == 'vote.voided':
            if actor != self.presiding:
                return 'it voids a round, but its actor did not preside over the meeting then'
        elif event == 'scrutineers.designated':
            self.scrutineer = {s.get('index'): s.get('member') for s in data.get('scrutineers') or []
                               if isinstance(s, dict)}
        elif event in ('scrutineer.key', 'vote.decrypted'):
            m = self.scrutineer.get(data.get('index'))
            if m is None or f'member:{m}' != actor:
                return 'its actor is not the scrutineer designated at the index it acts as'
        return None

    def verify(self, rec):
        if not isinstance(rec, dict) or rec.get('format') != RECORD_FORMAT:
            self.say(False, f'not a meeting record ({RECORD_FORMAT})')
            return
        log, admin = rec.get('log'), rec.get('admin_log')
        if not isinstance(admin, dict) or admin.get('format') != ADMIN_FORMAT:
            self.say(False, f'the record has no administrative log ({ADMIN_FORMAT}): who acted cannot be checked')
            return
        self.committee, self.meeting = admin.get('committee'), (log or {}).get('meeting')
        if self.committee != (log or {}).get('committee'):
            self.say(False, 'the administrative log is another committee\'s')
            return
        try:
            entries = self.log_chain(log)
            self.admin_chain(admin)
        except Bad as e:
            self.say(False, str(e))
            return
        self.admin(admin)
        bad, server = 0, 0
        for n, e in enumerate(entries, 1):
            b = json.loads(e['body'])
            who, unsealed = unseal(e, b)
            actor, event = who.get('actor'), b.get('event')
            where = f'meeting log entry {n} ({event or "?"} by {actor or "?"})'
            if unsealed is not None:
                why = unsealed
            elif not isinstance(actor, str) or not isinstance(event, str) or not isinstance(b.get('at'), str):
                why = 'malformed'
            elif not re.fullmatch(r'(member|observer):\d+', actor) and actor != 'server':
                why = 'its actor is neither a person nor the server'
            else:
                why = self.request(who.get('request'), actor, b['at'], event, b.get('data'), n, entries) or \
                    self.role(event, actor, b.get('data'))
            server += actor == 'server'
            if why is not None:
                self.say(False, f'{where}: {why}')
                bad += 1
        if bad == 0:
            self.say(True, f'every meeting log entry ({len(entries)}) is signed by its actor with the key '
                           f'valid at the time, and asked for what it records; voids by whoever presided, '
                           f'scrutineers\' keys and decryptions by the members designated')
        if server and self.pinned is None:
            self.say(True, f'ygd\'s {server} entries are signed by {self.server_seen}, which is not pinned')


def main(argv):
    return verify_main.main(argv, 'verify_meeting.py', '[--server-key ed25519:KEY] FILE...',
                            Meeting, ('Who did what verifies.', 'Who did what does NOT verify.'),
                            ed_key)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
