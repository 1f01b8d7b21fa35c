-- Running a meeting, part one: who is entitled to attend (应到会), who is
-- invited, who is present, who is absent and why, and the meeting's log:
-- every event of the meeting, in order, each entry carrying the hash of the
-- one before it, so that the record cannot be changed without it showing.

ALTER TABLE meeting DROP CONSTRAINT meeting_status_check;
ALTER TABLE meeting ADD CONSTRAINT meeting_status_check
	CHECK (status IN ('draft', 'announced', 'open', 'closed'));
ALTER TABLE meeting ADD COLUMN opened_at timestamptz, ADD COLUMN closed_at timestamptz;

-- The members entitled to attend, fixed when the meeting is announced.
CREATE TABLE meeting_roster (
	meeting_id bigint NOT NULL REFERENCES meeting,
	member_id bigint NOT NULL REFERENCES member,
	PRIMARY KEY (meeting_id, member_id)
);

CREATE TABLE meeting_invitation (
	meeting_id bigint NOT NULL REFERENCES meeting,
	observer_id bigint NOT NULL REFERENCES observer,
	invited_by bigint NOT NULL REFERENCES member,
	invited_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (meeting_id, observer_id)
);

-- Who is in the room now; the history of arrivals and departures is the log.
CREATE TABLE attendance (
	meeting_id bigint NOT NULL REFERENCES meeting,
	kind text NOT NULL CHECK (kind IN ('member', 'observer')),
	who bigint NOT NULL,
	present boolean NOT NULL,
	since timestamptz NOT NULL,
	PRIMARY KEY (meeting_id, kind, who)
);

CREATE TABLE absence (
	meeting_id bigint NOT NULL REFERENCES meeting,
	member_id bigint NOT NULL REFERENCES member,
	reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
	recorded_by bigint NOT NULL REFERENCES member,
	recorded_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (meeting_id, member_id)
);

-- The log. hash = SHA-256("yangguang/v1/log" || 0x00 || prev_hash (32 bytes)
-- || body (UTF-8)), with 32 zero bytes before the first entry; body is the
-- entry as JSON text, exactly the bytes hashed. members_only entries are
-- not shown to observers.
CREATE TABLE meeting_log (
	meeting_id bigint NOT NULL REFERENCES meeting,
	seq bigint NOT NULL CHECK (seq >= 1),
	body text NOT NULL,
	prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
	hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
	members_only boolean NOT NULL DEFAULT false,
	PRIMARY KEY (meeting_id, seq)
);

CREATE TRIGGER meeting_log_append_only BEFORE UPDATE OR DELETE ON meeting_log
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();
CREATE TRIGGER meeting_log_no_truncate BEFORE TRUNCATE ON meeting_log
	FOR EACH STATEMENT EXECUTE FUNCTION yg_append_only();

CREATE FUNCTION yg_log_hash(p_prev text, p_body text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT encode(sha256(convert_to('yangguang/v1/log', 'UTF8') || '\x00'::bytea ||
		decode(p_prev, 'hex') || convert_to(p_body, 'UTF8')), 'hex');
$$;

-- Append an event to a meeting's log and announce it at commit on stream
-- meeting:ID with the log's sequence number. The caller holds the meeting's
-- row lock, which orders appends.
CREATE FUNCTION yg_log_append(p_meeting bigint, p_actor text, p_event text, p_data jsonb,
			      p_members_only boolean DEFAULT false) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	last meeting_log;
	n bigint;
	prev text;
	body text;
	at text := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
BEGIN
	SELECT * INTO last FROM meeting_log WHERE meeting_id = p_meeting ORDER BY seq DESC LIMIT 1;
	n := coalesce(last.seq, 0) + 1;
	prev := coalesce(last.hash, repeat('0', 64));
	body := jsonb_build_object('meeting', p_meeting, 'seq', n, 'at', at,
		'actor', p_actor, 'event', p_event, 'data', p_data)::text;
	INSERT INTO meeting_log (meeting_id, seq, body, prev_hash, hash, members_only)
	VALUES (p_meeting, n, body, prev, yg_log_hash(prev, body), p_members_only);
	PERFORM pg_notify('yg_events', json_build_object('stream', 'meeting:' || p_meeting,
		'seq', n, 'at', at, 'event', p_event, 'data', p_data,
		'members_only', p_members_only)::text);
	RETURN n;
END
$$;
