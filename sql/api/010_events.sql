-- events: functions. Re-applied whole whenever any file of sql/api changes (see
-- sql/api/README.md); tables and data stay in the numbered migrations.

-- Wake every ygd: stream p_stream has entry p_seq. The payload names the
-- entry and nothing else; ygd reads the entry itself (api.stream_read), so a
-- notification anyone forged shows nobody anything.
CREATE OR REPLACE FUNCTION public.yg_wake(p_stream text, p_seq bigint)
 RETURNS void
 LANGUAGE sql
AS $function$
	SELECT pg_notify('yg_events', json_build_object('stream', p_stream, 'seq', p_seq)::text);
$function$;

-- Append an event to a stream other than a meeting's (whose entries are its
-- log, yg_log_append) and wake ygd. The public stream announces items to
-- anonymous terminals: not an item the public is not shown (internal or
-- confidential), not even its number. Events a month old are let go now and
-- then: terminals catch up through requests, not through old events.
CREATE OR REPLACE FUNCTION public.yg_emit(p_stream text, p_event text, p_data jsonb DEFAULT '{}'::jsonb)
 RETURNS bigint
 LANGUAGE plpgsql
AS $function$
DECLARE
	s bigint;
BEGIN
	IF p_stream = 'public' AND jsonb_typeof(p_data->'id') = 'number'
	   AND NOT coalesce(yg_item_listed((p_data->>'id')::bigint), false) THEN
		RETURN NULL;
	END IF;
	INSERT INTO yg_stream AS t (stream, seq) VALUES (p_stream, 1)
	ON CONFLICT (stream) DO UPDATE SET seq = t.seq + 1
	RETURNING t.seq INTO s;
	INSERT INTO yg_event (stream, seq, event, data) VALUES (p_stream, s, p_event, p_data);
	IF s % 1000 = 0 THEN
		DELETE FROM yg_event WHERE stream = p_stream AND at < now() - interval '30 days';
	END IF;
	PERFORM yg_wake(p_stream, s);
	RETURN s;
END
$function$;

-- The entries of stream p_args.stream after sequence number p_args.after,
-- oldest first, at most p_args.limit (1 to 1000): what ygd pushes to the
-- stream's subscribers when a notification wakes it. A meeting's stream is
-- its log; the others are yg_event. Each entry carries the tags ygd's
-- fan-out applies (members_only, confidential: see 110_visibility.sql).
-- ygd calls it for itself, not for a person (so it has no p_caller): it
-- shows nothing a subscriber is not then filtered for.
CREATE FUNCTION api.stream_read(p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_stream text := coalesce(p_args->>'stream', '');
	n integer := least(greatest(coalesce((p_args->>'limit')::integer, 1), 1), 1000);
	after bigint := greatest(coalesce((p_args->>'after')::bigint, 0), 0);
BEGIN
	IF p_stream ~ '^meeting:[0-9]{1,18}$' THEN
		RETURN coalesce((SELECT jsonb_agg(jsonb_build_object('seq', l.seq,
				'event', l.b->'event', 'at', l.b->'at', 'data', l.b->'data',
				'members_only', l.members_only,
				'confidential', yg_event_confidential(l.b->'data')) ORDER BY l.seq)
			FROM (SELECT seq, members_only, body::jsonb AS b FROM meeting_log
				WHERE meeting_id = substr(p_stream, 9)::bigint AND seq > after
				ORDER BY seq LIMIT n) l), '[]');
	END IF;
	RETURN coalesce((SELECT jsonb_agg(jsonb_build_object('seq', e.seq, 'event', e.event,
			'at', to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
			'data', e.data, 'members_only', false, 'confidential', false) ORDER BY e.seq)
		FROM (SELECT * FROM yg_event WHERE stream = p_stream AND seq > after
			ORDER BY seq LIMIT n) e), '[]');
END
$function$;
