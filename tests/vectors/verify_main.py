# What the two independent record verifiers share (verify_record.py for
# election records, verify_meeting.py for meeting records): the one reading
# of a record's bytes (strict JSON, VOTE.md §8.1), the list of findings a
# verification makes, and the command line's loop over the files.
import json, os, sys


class Bad(Exception):
    pass


def strict_load(raw):
    """One reading for every reader (VOTE.md §8.1)."""
    if raw.startswith(b'\xef\xbb\xbf'):
        raise Bad('the text begins with a byte-order mark')
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError:
        raise Bad('the text is not UTF-8')

    def pairs(ps):
        d = {}
        for k, v in ps:
            if k in d:
                raise Bad(f'an object has the member "{k}" twice')
            d[k] = v
        return d

    def integer(s):
        if s == '-0' or abs(int(s)) > 2**53:
            raise Bad(f'the number {s} is not a plain whole number within 2^53')
        return int(s)

    def not_integer(s):
        raise Bad(f'the number {s} is not a plain whole number within 2^53')

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_int=integer,
                          parse_float=not_integer, parse_constant=not_integer)
    except json.JSONDecodeError as e:
        raise Bad(f'not JSON, or something after the value ({e.msg} at {e.pos})')


class Findings:
    """A verification's findings, one line each: 'ok: ...' or 'FAIL: ...'."""

    def __init__(self):
        self.lines = []

    def say(self, ok, msg):
        self.lines.append(('ok: ' if ok else 'FAIL: ') + msg)

    def failed(self):
        return any(l.startswith('FAIL') for l in self.lines)


def main(argv, prog, usage, make, verdicts, read_key, each_fails=False):
    """The command line: [--server-key ed25519:KEY] [--each-fails] FILE...

    make(pinned) gives a fresh verifier (Findings with verify(record)) for
    each file; read_key reads the pinned key's text (raising Bad);
    verdicts is the closing line of a record that verifies and of one that
    does not. With --each-fails (where each_fails allows it) every file must
    fail, and the first failure of each is named. Exit 1 if any file does
    not end as it must, 2 on a usage error."""
    files, pinned, want_fail = [], None, False
    it = iter(argv)
    for a in it:
        if a == '--server-key':
            try:
                pinned = read_key(next(it, None))
            except Bad:
                print(f'{prog}: --server-key: not an ed25519: key', file=sys.stderr)
                return 2
        elif a == '--each-fails' and each_fails:
            want_fail = True
        else:
            files.append(a)
    if not files:
        print(f'usage: {prog} {usage}', file=sys.stderr)
        return 2
    bad = 0
    for path in files:
        v = make(pinned)
        try:
            with open(path, 'rb') as f:
                v.verify(strict_load(f.read()))
        except Bad as e:
            v.say(False, f'the record is not strict JSON: {e}')
        except Exception as e:  # a verifier never passes what it cannot read
            v.say(False, f'unreadable: {type(e).__name__}: {e}')
        if want_fail:
            first = next((l for l in v.lines if l.startswith('FAIL')), None)
            print(f'{"ok" if first else "NOT REFUSED"} - {os.path.basename(path)}: '
                  f'{first[6:] if first else "verifies"}')
            bad += first is None
        else:
            print(f'-- {path}')
            for line in v.lines:
                print(line)
            print(verdicts[1] if v.failed() else verdicts[0])
            bad += v.failed()
    return 1 if bad else 0
