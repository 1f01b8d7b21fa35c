-- Who sees what (README "Who sees what"). Confidentiality is a property of
-- an item: cadre items (a personnel category), items of a category the
-- committee's rules list in confidential_categories, and items the chair
-- marks confidential before their meeting. Their events, vote and record
-- are the members' alone; the public and observers learn of them only what
-- a publication publishes. The rule is written twice, here for the rows and
-- in server/policy/visibility.c for what ygd sends; keep the two alike.
--
-- The operations changed here keep their earlier definitions under schema
-- yg_inner, which ygd's role cannot reach, and wrap them with the rule.

ALTER TABLE item ADD COLUMN confidential boolean NOT NULL DEFAULT false;
ALTER TABLE item ADD COLUMN confidential_reason text
	CHECK (char_length(confidential_reason) BETWEEN 1 AND 2000);

CREATE SCHEMA yg_inner;
REVOKE ALL ON SCHEMA yg_inner FROM PUBLIC;

-- Is the item confidential? NULL when there is no such item.
CREATE FUNCTION yg_item_confidential(p_item bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT k.personnel OR i.confidential
		OR coalesce(c.rules->'confidential_categories', '[]') ? v.category
	FROM item i JOIN item_version v ON v.item_id = i.id AND v.version = i.version
	JOIN category k ON k.code = v.category JOIN committee c ON c.id = i.committee_id
	WHERE i.id = p_item;
$$;

-- Is a log entry with this data about a confidential item?
CREATE FUNCTION yg_event_confidential(p_data jsonb) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN jsonb_typeof(p_data->'item') = 'number'
		THEN coalesce(yg_item_confidential((p_data->>'item')::bigint), false)
		ELSE false END;
$$;

-- The rule for a meeting's events (vis_event_shown in C): members see
-- everything, observers neither members-only nor confidential events, the
-- public none.
CREATE FUNCTION yg_event_shown(p_audience text, p_members_only boolean, p_confidential boolean)
RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE p_audience WHEN 'member' THEN true
		WHEN 'observer' THEN NOT p_members_only AND NOT p_confidential
		ELSE false END;
$$;

-- Whether the public sees an item before its decision is published
-- (vis_item_listed in C): it affects the public and is not confidential.
-- Internal items are never shown before publication.
CREATE FUNCTION yg_item_listed(p_item bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT coalesce(v.affects_public AND NOT yg_item_confidential(i.id), false)
	FROM item i JOIN item_version v ON v.item_id = i.id AND v.version = i.version
	WHERE i.id = p_item;
$$;

-- Whether its decision has been published (in full or in summary).
CREATE FUNCTION yg_item_published(p_item bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM publication WHERE item_id = p_item AND mode <> 'withheld');
$$;

-- The audience a caller belongs to.
CREATE FUNCTION api.audience(p_caller jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE p_caller->>'kind' WHEN 'member' THEN 'member' WHEN 'observer' THEN 'observer'
		ELSE 'public' END;
$$;

-- A log entry appended for a confidential item is announced with
-- "confidential": true, which ygd's fan-out withholds from observers.
CREATE OR REPLACE FUNCTION yg_log_append(p_meeting bigint, p_actor text, p_event text, p_data jsonb,
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
		'members_only', p_members_only,
		'confidential', yg_event_confidential(p_data))::text);
	RETURN n;
END
$$;

-- The public stream announces items to anonymous terminals: not an item
-- the public is not shown (internal or confidential), not even its number.
CREATE OR REPLACE FUNCTION yg_emit(p_stream text, p_event text, p_data jsonb DEFAULT '{}')
RETURNS bigint
LANGUAGE plpgsql AS $$
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
$$;

ALTER FUNCTION api.meeting_follow(jsonb, bigint, bigint) SET SCHEMA yg_inner;
ALTER FUNCTION api.vote_status(jsonb, bigint, bigint) SET SCHEMA yg_inner;
ALTER FUNCTION api.meeting_list(jsonb) SET SCHEMA yg_inner;
ALTER FUNCTION api.item_public(bigint) SET SCHEMA yg_inner;
ALTER FUNCTION api.comment_submit(jsonb, bigint, bigint, text, text, text, integer) SET SCHEMA yg_inner;
ALTER FUNCTION api.portal_home() SET SCHEMA yg_inner;
ALTER FUNCTION api.portal_item(bigint) SET SCHEMA yg_inner;
ALTER FUNCTION api.portal_decision_json(publication) SET SCHEMA yg_inner;

-- The log after p_after as the caller may see it, each event tagged
-- members_only and confidential so that ygd can apply the rule again.
CREATE FUNCTION api.meeting_follow(p_caller jsonb, p_meeting bigint, p_after bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	r jsonb := yg_inner.meeting_follow(p_caller, p_meeting, p_after);
	aud text := api.audience(p_caller);
BEGIN
	RETURN jsonb_set(r, '{events}', coalesce((SELECT jsonb_agg(x.e || jsonb_build_object(
			'members_only', l.members_only, 'confidential', x.c) ORDER BY x.n)
		FROM (SELECT e, n, yg_event_confidential(e->'data') AS c
			FROM jsonb_array_elements(r->'events') WITH ORDINALITY AS a(e, n)) x
		JOIN meeting_log l ON l.meeting_id = (r->>'meeting')::bigint
			AND l.seq = (x.e->>'seq')::bigint
		WHERE yg_event_shown(aud, l.members_only, x.c)), '[]'));
END
$$;

-- A confidential item's vote is not shown to observers at all.
CREATE FUNCTION api.vote_status(p_caller jsonb, p_meeting bigint, p_item bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	conf boolean;
BEGIN
	PERFORM api.meeting_party(p_caller, p_meeting, false);
	conf := coalesce(yg_item_confidential(p_item), false);
	IF NOT yg_event_shown(api.audience(p_caller), false, conf) THEN
		PERFORM api.fail('YG403', format('item %s is confidential: its vote is for members only',
			p_item));
	END IF;
	RETURN yg_inner.vote_status(p_caller, p_meeting, p_item) ||
		jsonb_build_object('confidential', conf);
END
$$;

-- Members list their committee's meetings; an observer the meetings they
-- are invited to.
CREATE FUNCTION api.meeting_list(p_caller jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	cid bigint;
BEGIN
	IF p_caller->>'kind' IS DISTINCT FROM 'observer' THEN
		RETURN yg_inner.meeting_list(p_caller);
	END IF;
	cid := api.caller_committee(p_caller);
	RETURN jsonb_build_object('meetings', coalesce((SELECT jsonb_agg(api.meeting_json(m)
		ORDER BY m.starts_at) FROM meeting m JOIN meeting_invitation i ON i.meeting_id = m.id
		WHERE m.committee_id = cid AND i.observer_id = (p_caller->>'id')::bigint), '[]'));
END
$$;

CREATE FUNCTION api.item_public(p_committee bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_set(r, '{items}', coalesce((SELECT jsonb_agg(e ORDER BY n)
		FROM jsonb_array_elements(r->'items') WITH ORDINALITY AS a(e, n)
		WHERE yg_item_listed((e->>'id')::bigint)), '[]'))
	FROM yg_inner.item_public(p_committee) r;
$$;

-- Comments: the public only on what it is shown (a listed announcement or
-- a published decision), observers on anything but a confidential item
-- not published. Anything else is "not found".
CREATE FUNCTION api.comment_submit(p_caller jsonb, p_committee bigint, p_id bigint,
				   p_stance text, p_body text, p_source text, p_rate integer)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	hidden boolean := CASE api.audience(p_caller)
		WHEN 'observer' THEN coalesce(yg_item_confidential(p_id), false)
		ELSE NOT coalesce(yg_item_listed(p_id), false) END;
BEGIN
	IF hidden AND NOT yg_item_published(p_id) THEN
		PERFORM api.fail('YG404', format('no item %s in this committee', p_id));
	END IF;
	RETURN yg_inner.comment_submit(p_caller, p_committee, p_id, p_stance, p_body, p_source, p_rate);
END
$$;

CREATE FUNCTION api.portal_home() RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_set(r, '{announcements}', coalesce((SELECT jsonb_agg(e ORDER BY n)
		FROM jsonb_array_elements(r->'announcements') WITH ORDINALITY AS a(e, n)
		WHERE yg_item_listed((e->>'id')::bigint)), '[]'))
	FROM yg_inner.portal_home() r;
$$;

CREATE FUNCTION api.portal_item(p_item bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN r ? 'decision' OR yg_item_listed(p_item) THEN r END
	FROM yg_inner.portal_item(p_item) r;
$$;

-- What a cadre summary publishes (the committee's cadre_summary_counts):
-- by default the appointed names and the outcome, no candidate's count
-- and no candidate who was not elected. Anything published in full, and
-- other items, as before.
CREATE FUNCTION yg_cadre_summary_redact(d jsonb, p publication) RETURNS jsonb
LANGUAGE sql STABLE AS $$
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
$$;

CREATE FUNCTION api.portal_decision_json(p publication) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT yg_cadre_summary_redact(yg_inner.portal_decision_json(p), p);
$$;

-- 保密: the chair marks an item confidential before its meeting opens; it
-- stays so. Written to the committee's log with the reason.
CREATE FUNCTION api.item_confidential(p_caller jsonb, p_item bigint, p_reason text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	i item;
	mid bigint;
BEGIN
	IF NOT 'chair' = ANY (me.roles) THEN
		PERFORM api.fail('YG403', 'only the chair marks an item confidential');
	END IF;
	SELECT * INTO i FROM item WHERE id = p_item AND committee_id = me.committee_id FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM api.fail('YG404', format('no item %s in this committee', p_item));
	END IF;
	IF i.confidential THEN
		PERFORM api.fail('YG409', format('item %s is already marked confidential', p_item));
	END IF;
	SELECT a.meeting_id INTO mid FROM agenda_entry a JOIN meeting m ON m.id = a.meeting_id
	WHERE a.item_id = i.id AND m.status IN ('open', 'closed') LIMIT 1;
	IF mid IS NOT NULL THEN
		PERFORM api.fail('YG409', format('item %s was taken to meeting %s, which has opened: '
			'an item is marked confidential before its meeting', p_item, mid));
	END IF;
	UPDATE item SET confidential = true, confidential_reason = p_reason WHERE id = i.id;
	PERFORM api.log(me.committee_id, me.id, 'member:' || me.id, 'item.confidential',
		'item:' || i.id, jsonb_build_object('reason', p_reason));
	PERFORM yg_emit('committee:' || me.committee_id, 'item.confidential',
		jsonb_build_object('id', i.id));
	RETURN jsonb_build_object('item', i.id, 'confidential', true, 'reason', p_reason);
END
$$;

DO $$
DECLARE
	f record;
BEGIN
	FOR f IN SELECT p.oid::regprocedure AS sig FROM pg_proc p
		 JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'api'
	LOOP
		EXECUTE format('ALTER FUNCTION %s SECURITY DEFINER SET search_path = public, pg_temp',
			       f.sig);
	END LOOP;
END
$$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA yg_inner FROM PUBLIC;
DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'yg_app') THEN
		REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA yg_inner FROM yg_app;
	END IF;
END
$$;
