-- events: functions. Re-applied whole whenever any file of sql/api changes (see
-- sql/api/README.md); tables and data stay in the numbered migrations.

-- The public stream announces items to anonymous terminals: not an item
-- the public is not shown (internal or confidential), not even its number.
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
	PERFORM pg_notify('yg_events', json_build_object(
		'stream', p_stream, 'seq', s, 'event', p_event, 'data', p_data)::text);
	RETURN s;
END
$function$;
