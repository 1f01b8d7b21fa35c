-- visibility: functions. Re-applied whole whenever any file of sql/api changes (see
-- sql/api/README.md); tables and data stay in the numbered migrations.

-- Is the item confidential? NULL when there is no such item.
CREATE OR REPLACE FUNCTION public.yg_item_confidential(p_item bigint)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
	SELECT k.personnel OR i.confidential
		OR coalesce(c.rules->'confidential_categories', '[]') ? v.category
	FROM item i JOIN item_version v ON v.item_id = i.id AND v.version = i.version
	JOIN category k ON k.code = v.category JOIN committee c ON c.id = i.committee_id
	WHERE i.id = p_item;
$function$;

-- Is a log entry with this data about a confidential item?
CREATE OR REPLACE FUNCTION public.yg_event_confidential(p_data jsonb)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
	SELECT CASE WHEN jsonb_typeof(p_data->'item') = 'number'
		THEN coalesce(yg_item_confidential((p_data->>'item')::bigint), false)
		ELSE false END;
$function$;

-- The rule for a meeting's events (vis_event_shown in C): members see
-- everything, observers neither members-only nor confidential events, the
-- public none.
CREATE OR REPLACE FUNCTION public.yg_event_shown(p_audience text, p_members_only boolean, p_confidential boolean)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $function$
	SELECT CASE p_audience WHEN 'member' THEN true
		WHEN 'observer' THEN NOT p_members_only AND NOT p_confidential
		ELSE false END;
$function$;

-- Whether a meeting-log entry goes to this audience without what says who
-- acted (PROTOCOL.md §11): observers do not learn who cast a ballot, which
-- a vote.cast entry's actor and signed request name. They receive a sealed
-- entry's body without its sealed part, an older entry without its body.
CREATE OR REPLACE FUNCTION public.yg_entry_redacted(p_audience text, p_event text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $function$
	SELECT p_audience <> 'member' AND p_event = 'vote.cast';
$function$;

-- Whether a meeting-log entry of this event is sealed (PROTOCOL.md §11): its
-- actor and signed request kept in its sealed part, apart from the hashed
-- body, so that the audiences yg_entry_redacted names check the chain
-- across the body without learning who acted.
CREATE OR REPLACE FUNCTION public.yg_entry_sealed(p_event text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $function$
	SELECT p_event = 'vote.cast';
$function$;

-- Whether the public sees an item before its decision is published
-- (vis_item_listed in C): it affects the public and is not confidential.
-- Internal items are never shown before publication.
CREATE OR REPLACE FUNCTION public.yg_item_listed(p_item bigint)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
	SELECT coalesce(v.affects_public AND NOT yg_item_confidential(i.id), false)
	FROM item i JOIN item_version v ON v.item_id = i.id AND v.version = i.version
	WHERE i.id = p_item;
$function$;

-- Whether its decision has been published (in full or in summary).
CREATE OR REPLACE FUNCTION public.yg_item_published(p_item bigint)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
	SELECT EXISTS (SELECT 1 FROM publication WHERE item_id = p_item AND mode <> 'withheld');
$function$;

-- The audience a caller belongs to.
CREATE FUNCTION yg_inner.audience(p_caller jsonb)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT CASE p_caller->>'kind' WHEN 'member' THEN 'member' WHEN 'observer' THEN 'observer'
		ELSE 'public' END;
$function$;

-- What a cadre summary publishes (the committee's cadre_summary_counts):
-- by default the appointed names and the outcome, no candidate's count
-- and no candidate who was not elected. Anything published in full, and
-- other items, as before.
CREATE OR REPLACE FUNCTION public.yg_cadre_summary_redact(d jsonb, p publication)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
AS $function$
	SELECT CASE WHEN d IS NULL OR p.mode <> 'summary' OR NOT coalesce((SELECT k.personnel
			FROM item i JOIN item_version v ON v.item_id = i.id AND v.version = i.version
			JOIN category k ON k.code = v.category WHERE i.id = p.item_id), false)
		OR coalesce((SELECT (rules->>'cadre_summary_counts')::boolean FROM committee
			WHERE id = p.committee_id), false)
		THEN d
		ELSE d || jsonb_build_object('counts', NULL,
			'question', jsonb_build_object('kind', d->'question'->'kind', 'labels', names),
			'elected', (SELECT coalesce(jsonb_agg(n - 1 ORDER BY n), '[]')
				FROM generate_series(1, jsonb_array_length(names)) n),
			'appointed', names)
		END
	FROM (SELECT coalesce(jsonb_agg(d->'question'->'labels'->((e #>> '{}')::integer) ORDER BY o),
		'[]') AS names
		FROM jsonb_array_elements(CASE jsonb_typeof(d->'elected') WHEN 'array' THEN d->'elected'
			ELSE '[]' END) WITH ORDINALITY AS x(e, o)) s;
$function$;

-- 保密: the chair marks an item confidential before its meeting opens; it
-- stays so. Written to the committee's log with the reason.
-- item.confidential {id, reason}.
CREATE FUNCTION api.item_confidential(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_item bigint := (p_args->>'id')::bigint;
	p_reason text := p_args->>'reason';
	me member := yg_inner.caller_in_role(p_caller, ARRAY['chair']);
	i item;
	mid bigint;
BEGIN
	IF NOT 'chair' = ANY (me.roles) THEN
		PERFORM yg_inner.fail('YG403', 'only the chair marks an item confidential');
	END IF;
	SELECT * INTO i FROM item WHERE id = p_item AND committee_id = me.committee_id FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no item %s in this committee', p_item));
	END IF;
	IF i.confidential THEN
		PERFORM yg_inner.fail('YG409', format('item %s is already marked confidential', p_item));
	END IF;
	SELECT a.meeting_id INTO mid FROM agenda_entry a JOIN meeting m ON m.id = a.meeting_id
	WHERE a.item_id = i.id AND m.status IN ('open', 'closed') LIMIT 1;
	IF mid IS NOT NULL THEN
		PERFORM yg_inner.fail('YG409', format('item %s was taken to meeting %s, which has opened: '
			'an item is marked confidential before its meeting', p_item, mid));
	END IF;
	UPDATE item SET confidential = true, confidential_reason = p_reason WHERE id = i.id;
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, 'item.confidential',
		'item:' || i.id, jsonb_build_object('reason', p_reason));
	PERFORM yg_emit('committee:' || me.committee_id, 'item.confidential',
		jsonb_build_object('id', i.id));
	RETURN jsonb_build_object('item', i.id, 'confidential', true, 'reason', p_reason);
END
$function$;
