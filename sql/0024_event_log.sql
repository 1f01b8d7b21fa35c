-- Events are content kept in the database; a notification only wakes ygd.
--
-- A meeting's stream is its log (meeting_log). The other database-backed
-- streams (committee:ID, public) keep their events here: yg_emit appends the
-- event and sends NOTIFY yg_events with nothing but {"stream", "seq"}; ygd
-- reads the new entries of that stream from the table (api.stream_read) and
-- pushes those. Any role may send a notification, so its payload is never
-- shown to anyone, and an event of any size fits.
CREATE TABLE yg_event (
	stream text NOT NULL CHECK (stream !~ '^meeting:'),
	seq bigint NOT NULL CHECK (seq >= 1),
	event text NOT NULL,
	data jsonb NOT NULL,
	at timestamptz NOT NULL DEFAULT clock_timestamp(),
	PRIMARY KEY (stream, seq)
);

COMMENT ON TABLE yg_event IS 'events of the streams other than meetings, read by ygd when notified';

-- Bodies of any size the ballot allows: a cadre item of up to 64 candidates
-- (BALLOT_MAX_OPTIONS), each member stating per candidate (a bit each in
-- the speaking rules' 64-bit masks).
ALTER TABLE statement DROP CONSTRAINT statement_candidate_check;
ALTER TABLE statement ADD CONSTRAINT statement_candidate_check CHECK (candidate BETWEEN 0 AND 63);
