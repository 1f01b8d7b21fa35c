#!/usr/bin/env python3
# Tampered copies of an election record (format 2) for the verifiers to
# refuse: tamper_record.py RECORD DIR writes DIR/NAME.json, one file per
# change, and prints the names. Every change is one a reader could miss:
# the reading itself (a member twice, first or last; an unknown member; a
# number written 1.0, 1e0 or -0; a byte-order mark; something after the
# value) and what format 1 left unsigned (the title, the rules, present, the
# quorum, an eligible voter's key, the log head, a trailing round).
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
change('unknown-member-nested', lambda r: r['rounds'][0]['eligible'][0].update({'weight': 2}))
# What nothing signed in format 1.
change('title', lambda r: r.update({'title': r['title'] + '（修订）'}))
change('rules-recuse-vote', lambda r: r['rounds'][0]['rules'].update(
    {'recuse_vote': not r['rounds'][0]['rules']['recuse_vote']}))
change('rules-scrutineers-first', lambda r: r['rounds'][0]['rules'].update(
    {'scrutineers_vote_first': not r['rounds'][0]['rules']['scrutineers_vote_first']}))
def present(r):
    # Another possible number if there is one (so that only the signature
    # can tell), else an impossible one.
    r0 = r['rounds'][0]
    lo, hi = len(r0['eligible']), r0['entitled']
    r0['present'] += 1 if r0['present'] < hi else -1 if r0['present'] > lo else 1


change('present', present)
change('quorum-needed', lambda r: r['rounds'][0]['quorum'].update({'needed': r['rounds'][0]['quorum']['needed'] - 1}))
change('quorum-personnel', lambda r: r['rounds'][0]['quorum'].update(
    {'personnel': not r['rounds'][0]['quorum']['personnel']}))


def other_key(r):
    # The last eligible voter's key (a voter who did not vote, if there is
    # one) replaced by another eligible voter's.
    el = r['rounds'][0]['eligible']
    voted = {b['voter'] for b in r['rounds'][0]['ballots']}
    idle = [e for e in el if e['member'] not in voted] or el
    idle[-1]['key'] = el[0]['key'] if idle[-1] is not el[0] else el[1]['key']


change('eligible-key', other_key)
change('log-head-seq', lambda r: r['log_head'].update({'seq': r['log_head']['seq'] + 1}))
change('log-head-hash', lambda r: r['log_head'].update(
    {'hash': r['log_head']['hash'][:-1] + ('1' if r['log_head']['hash'][-1] != '1' else '2')}))
if len(rec['rounds']) > 1:
    change('dropped-round', lambda r: r['rounds'].pop())
change('format-1', lambda r: r.update({'format': 'yangguang-election-record/1'}))
print(' '.join(made))
