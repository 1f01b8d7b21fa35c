-- Event streams. Every state change appends to a stream inside its own
-- transaction by calling yg_emit; PostgreSQL delivers the NOTIFY only at
-- commit, so terminals never hear of a change that was rolled back, and
-- every ygd process LISTENing on yg_events hears of every change.

CREATE TABLE yg_stream (
	stream text PRIMARY KEY CHECK (stream ~ '^[a-z][a-z0-9_.:-]{0,127}$'),
	seq bigint NOT NULL CHECK (seq > 0)
);

COMMENT ON TABLE yg_stream IS 'last sequence number handed out per event stream';

-- Append an event to a stream and announce it at commit. The data must stay
-- small (NOTIFY payloads are limited to 8000 bytes): terminals fetch bulky
-- state with a request when an event tells them it changed.
CREATE FUNCTION yg_emit(p_stream text, p_event text, p_data jsonb DEFAULT '{}')
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	s bigint;
BEGIN
	INSERT INTO yg_stream AS t (stream, seq) VALUES (p_stream, 1)
	ON CONFLICT (stream) DO UPDATE SET seq = t.seq + 1
	RETURNING t.seq INTO s;
	PERFORM pg_notify('yg_events', json_build_object(
		'stream', p_stream, 'seq', s, 'event', p_event, 'data', p_data)::text);
	RETURN s;
END
$$;
