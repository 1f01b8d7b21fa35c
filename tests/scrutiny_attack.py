# The attacker of tests/scrutiny.sh, holding only ygd's database role:
# prints the SQL that substitutes the scrutineers' keys of a meeting with
# two keys of the attacker's own, each with a valid proof of knowledge
# (BALLOT.md §7.2, whose context is all public), and the election key as
# their sum. The first publication keeps the scrutineer's member key and
# is signed by the attacker's Ed25519 key; the second names the
# attacker's key as the member key and is signed by it (§7.4): voters'
# terminals must refuse both.
#   python3 scrutiny_attack.py COMMITTEE MEETING CALLER0 MEMBER0 KEY0 CALLER1 MEMBER1 KEY1
# CALLERi is the scrutineer's caller object (JSON) as ygd would pass it.
import base64, datetime, json, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), 'vectors'))
from ballot_math import G, n, add, mul, enc, H, Hs, u64, b64d, SUITE
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization

def b64(bs): return base64.urlsafe_b64encode(bs).rstrip(b'=').decode()
def scalar(k): return b64(k.to_bytes(32, 'big'))
def rand(): return int.from_bytes(os.urandom(64), 'big') % n or 1

def forged_request(op, committee, key):
    r = {'op': op, 'args': {}, 'committee': committee, 'key': key, 'nonce': b64(os.urandom(16)),
         # The database takes a request only within 300 s of its time.
         'at': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
         'head': None, 'signature': b64(bytes(64))}
    return "SELECT set_config('yg.request', '%s', false);" % json.dumps(r)

committee, meeting = int(sys.argv[1]), int(sys.argv[2])
attacker = Ed25519PrivateKey.generate()
attacker_pub = 'ed25519:' + b64(attacker.public_key().public_bytes(
    serialization.Encoding.Raw, serialization.PublicFormat.Raw))
total = None
sql = []
for i in range(2):
    caller, member, member_key = sys.argv[3 + 3 * i], int(sys.argv[4 + 3 * i]), sys.argv[5 + 3 * i]
    x = rand(); X = mul(x, G); total = add(total, X)
    kc = H('yg-ballot-v1/keygen', SUITE, u64(committee), u64(meeting), u64(i), u64(member),
           b64d(member_key[len('ed25519:'):]))
    w = rand(); T = mul(w, G)
    c = Hs('yg-ballot-v1/schnorr', kc, enc(X), enc(T)); z = (w + c * x) % n
    named = member_key if i == 0 else attacker_pub
    doc = {'committee': committee, 'meeting': meeting, 'ceremony': 1, 'index': i,
           'member': member, 'member_key': named, 'key': b64(enc(X)),
           'proof': {'c': scalar(c), 'z': scalar(z)}}
    msg = b'yangguang-scrutineer-key/1\n' + json.dumps(doc, sort_keys=True, separators=(',', ':')).encode()
    sig = b64(attacker.sign(msg))
    # Each entry needs a request made with its actor's key: the attacker
    # makes one up (the database checks key and nonce; yg verify and the
    # terminals check the signature, which the attacker cannot make).
    sql.append(forged_request('scrutineer.publish', committee, member_key))
    args = {'meeting': meeting, 'public_key': doc['key'], 'proof': doc['proof'],
            'member_key': named, 'signature': sig}
    sql.append("SELECT api.scrutineer_publish('%s'::jsonb, '%s'::jsonb);"
               % (caller, json.dumps(args)))
sql.append(forged_request('election.key', committee, attacker_pub))
sql.append("SELECT api.election_key_set('%s'::jsonb, '%s'::jsonb);"
           % (sys.argv[3], json.dumps({'meeting': meeting, 'election_key': b64(enc(total))})))
print('\n'.join(sql))
