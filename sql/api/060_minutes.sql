-- minutes: functions. Re-applied whole whenever any file of sql/api changes (see
-- sql/api/README.md); tables and data stay in the numbered migrations.

-- The minutes with their signatures and their corrections beside them.
CREATE FUNCTION yg_inner.minutes_json(p_meeting bigint)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('meeting', m.meeting_id, 'body', m.body, 'sha256', m.sha256,
		'log_seq', m.log_seq,
		'signatures', coalesce((SELECT jsonb_agg(jsonb_build_object('role', s.role,
			'member', s.member_id, 'name', (SELECT display_name FROM member WHERE id = s.member_id),
			'key', s.public_key, 'signature', s.signature, 'signed_at', s.signed_at)
			ORDER BY s.role) FROM minutes_signature s WHERE s.meeting_id = m.meeting_id), '[]'),
		'corrections', coalesce((SELECT jsonb_agg(jsonb_build_object('n', c.n, 'text', c.body,
			'reason', c.reason, 'proposed_at', c.proposed_at,
			'clerk', jsonb_build_object('member', c.clerk_id,
				'name', (SELECT display_name FROM member WHERE id = c.clerk_id),
				'key', c.clerk_key, 'signature', c.clerk_signature),
			'chair', (SELECT jsonb_build_object('member', x.member_id,
				'name', (SELECT display_name FROM member WHERE id = x.member_id),
				'key', x.public_key, 'signature', x.signature, 'signed_at', x.signed_at)
				FROM minutes_correction_signature x WHERE x.meeting_id = c.meeting_id AND x.n = c.n),
			'in_force', EXISTS (SELECT 1 FROM minutes_correction_signature x
				WHERE x.meeting_id = c.meeting_id AND x.n = c.n)) ORDER BY c.n)
			FROM minutes_correction c WHERE c.meeting_id = m.meeting_id), '[]'))
	FROM minutes m WHERE m.meeting_id = p_meeting;
$function$;

-- The stored minutes, or, if there are none yet, what ygd needs to build
-- them: the log up to the meeting's close.
CREATE FUNCTION yg_inner.minutes_source(p_caller jsonb, p_meeting bigint)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	me member := yg_inner.caller_member(p_caller);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
BEGIN
	IF m.status <> 'closed' THEN
		PERFORM yg_inner.fail('YG409', 'minutes are made once the meeting is closed');
	END IF;
	IF EXISTS (SELECT 1 FROM minutes WHERE meeting_id = m.id) THEN
		RETURN jsonb_build_object('minutes', yg_inner.minutes_json(m.id));
	END IF;
	RETURN jsonb_build_object('upto', (SELECT max(seq) FROM meeting_log WHERE meeting_id = m.id
			AND body::jsonb->>'event' = 'meeting.closed'),
		'log', yg_inner.meeting_log_export(p_caller, m.id));
END
$function$;

-- minutes.get {meeting}.
CREATE FUNCTION api.minutes_source(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.minutes_source(p_caller, (p_args->>'meeting')::bigint);
$function$;

-- The minutes ygd has built from the log (proto/minutes.c): minutes.get or
-- meeting.record {meeting}, with the body built and the log's seq it ends
-- at (upto). The first stored stays.
CREATE FUNCTION api.minutes_store(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_body text := p_args->>'body';
	p_seq bigint := (p_args->>'upto')::bigint;
	me member := yg_inner.caller_member(p_caller);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
BEGIN
	INSERT INTO minutes (meeting_id, body, sha256, log_seq)
	VALUES (m.id, p_body, encode(sha256(convert_to(p_body, 'UTF8')), 'hex'), p_seq)
	ON CONFLICT (meeting_id) DO NOTHING;
	RETURN jsonb_build_object('minutes', yg_inner.minutes_json(m.id));
END
$function$;

-- What signing needs, and what ygd judges the capacity on: the presiding
-- holder and whether the caller is a recorded clerk. minutes.sign
-- {meeting, role, signature}.
CREATE FUNCTION api.minutes_signing(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_role text := p_args->>'role';
	me member := yg_inner.caller_member(p_caller);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
	body text;
BEGIN
	IF NOT p_role = ANY (me.roles) THEN
		PERFORM yg_inner.fail('YG403', format('only the %s signs as %s', p_role, p_role));
	END IF;
	SELECT x.body INTO body FROM minutes x WHERE x.meeting_id = m.id;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG409', 'read the minutes first (minutes.get)');
	END IF;
	IF EXISTS (SELECT 1 FROM minutes_signature WHERE meeting_id = m.id AND role = p_role) THEN
		PERFORM yg_inner.fail('YG409', format('the minutes are already signed by the %s', p_role));
	END IF;
	RETURN jsonb_build_object('meeting', m.id, 'body', body, 'member', me.id,
		'key', (SELECT public_key FROM member_key WHERE id = (p_caller->>'key')::bigint),
		'holder', yg_inner.presiding_holder(m.id, NULL),
		'clerk', yg_inner.meeting_clerk(m.id, me.id));
END
$function$;

-- minutes.sign {meeting, role, signature}, once ygd has judged the
-- capacity and verified the signature, with the key it verified it by.
CREATE FUNCTION api.minutes_sign(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_role text := p_args->>'role';
	p_key text := p_args->>'key';
	p_signature text := p_args->>'signature';
	me member := yg_inner.caller_in_role(p_caller, ARRAY['chair', 'clerk']);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
BEGIN
	PERFORM yg_inner.presiding_require(m.id, NULL, me.id, p_role);
	INSERT INTO minutes_signature (meeting_id, role, member_id, public_key, signature)
	VALUES (m.id, p_role, me.id, p_key, p_signature);
	PERFORM yg_log_append(m.id, 'member:' || me.id, 'minutes.signed', jsonb_build_object(
		'role', p_role, 'member', me.id, 'name', me.display_name, 'key', p_key,
		'signature', p_signature,
		'capacity', CASE WHEN p_role = 'clerk' THEN 'recorded clerk'
			WHEN me.id = yg_inner.meeting_presider(m.id) THEN 'presided'
			ELSE 'successor' END,
		'minutes_sha256', (SELECT sha256 FROM minutes WHERE meeting_id = m.id)));
	RETURN yg_inner.minutes_json(m.id);
END
$function$;

-- Everything an auditor needs to check a meeting offline: the log and the
-- signed minutes. meeting.record {meeting}.
CREATE FUNCTION api.meeting_record(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
BEGIN
	RETURN jsonb_build_object('format', 'yangguang-meeting-record/1',
		'log', yg_inner.meeting_log_export(p_caller, p_meeting),
		'minutes', yg_inner.minutes_json(p_meeting),
		'admin_log', yg_inner.admin_log_export(p_caller));
END
$function$;

-- For meeting.record: what minutes_source gives for a closed meeting without
-- minutes, and an empty answer otherwise (an open meeting's record is its
-- log alone; stored minutes are read with the record). meeting.record
-- {meeting}.
CREATE FUNCTION api.minutes_prepare(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	me member := yg_inner.caller_member(p_caller);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
BEGIN
	IF m.status <> 'closed' OR EXISTS (SELECT 1 FROM minutes WHERE meeting_id = m.id) THEN
		RETURN '{}'::jsonb;
	END IF;
	RETURN yg_inner.minutes_source(p_caller, p_meeting);
END
$function$;

-- The caller as the clerk recorded for an open meeting (locked), or the
-- refusal: the role and the record of the meeting's announcement are read
-- here, in the transaction that writes what the clerk minutes.
CREATE FUNCTION yg_inner.minutes_clerk(p_caller jsonb, p_meeting bigint, OUT me member, OUT m meeting)
 RETURNS record
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
	me := yg_inner.caller_in_role(p_caller, ARRAY['clerk']);
	m := yg_inner.target_meeting(me.committee_id, p_meeting);
	IF NOT yg_inner.meeting_clerk(m.id, me.id) THEN
		PERFORM yg_inner.fail('YG403', format('only a clerk recorded for meeting %s minutes it', m.id));
	END IF;
	IF m.status <> 'open' THEN
		PERFORM yg_inner.fail('YG409', format('meeting %s is %s, not open', m.id, m.status));
	END IF;
END
$function$;

-- 议定事项: the clerk records what was agreed on an item taken up in the
-- open meeting; a later record for the same item supersedes it in the
-- minutes (both stay in the log).
-- minutes.agree {meeting, item, text}.
CREATE FUNCTION api.minutes_agree(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	p_text text := p_args->>'text';
	c record := yg_inner.minutes_clerk(p_caller, p_meeting);
	e agenda_entry;
	n integer;
	seq bigint;
BEGIN
	SELECT * INTO e FROM agenda_entry WHERE meeting_id = (c.m).id AND item_id = p_item
		AND removed_at IS NULL;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('item %s is not on the agenda of meeting %s', p_item, (c.m).id));
	END IF;
	IF e.state = 'pending' THEN
		PERFORM yg_inner.fail('YG409', format('item %s has not been taken up', p_item));
	END IF;
	SELECT coalesce(max(x.n), 0) + 1 INTO n FROM minutes_agreed x
	WHERE x.meeting_id = (c.m).id AND x.item_id = p_item;
	INSERT INTO minutes_agreed (meeting_id, item_id, n, text, recorded_by)
	VALUES ((c.m).id, p_item, n, p_text, (c.me).id);
	seq := yg_log_append((c.m).id, 'member:' || (c.me).id, 'agenda.agreed',
		jsonb_build_object('item', p_item, 'n', n, 'text', p_text, 'clerk', (c.me).id,
			'name', (c.me).display_name),
		yg_inner.entry_personnel(e));
	RETURN jsonb_build_object('meeting', (c.m).id, 'item', p_item, 'n', n, 'seq', seq);
END
$function$;

-- What an observer said once given the floor, as the clerk minutes it:
-- once per granted request, with the speaker and their category.
-- minutes.remark {meeting, request, body}.
CREATE FUNCTION api.minutes_remark(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_request bigint := (p_args->>'request')::bigint;
	p_body text := p_args->>'body';
	c record := yg_inner.minutes_clerk(p_caller, p_meeting);
	f floor_request;
	o observer;
	k observer_category;
	e agenda_entry;
	seq bigint;
BEGIN
	SELECT * INTO f FROM floor_request WHERE id = p_request AND meeting_id = (c.m).id;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no request %s in meeting %s', p_request, (c.m).id));
	END IF;
	IF f.kind <> 'observer' THEN
		PERFORM yg_inner.fail('YG409', 'members state their positions themselves; only observers'' remarks are minuted');
	END IF;
	IF f.granted_at IS NULL THEN
		PERFORM yg_inner.fail('YG409', format('request %s has not been given the floor', p_request));
	END IF;
	IF EXISTS (SELECT 1 FROM minutes_remark WHERE request_id = f.id) THEN
		PERFORM yg_inner.fail('YG409', format('the remark of request %s is already minuted', p_request));
	END IF;
	SELECT * INTO o FROM observer WHERE id = f.who;
	SELECT * INTO k FROM observer_category WHERE id = o.category_id;
	SELECT * INTO e FROM agenda_entry WHERE meeting_id = f.meeting_id AND item_id = f.item_id;
	INSERT INTO minutes_remark (request_id, meeting_id, body, recorded_by)
	VALUES (f.id, (c.m).id, p_body, (c.me).id);
	seq := yg_log_append((c.m).id, 'member:' || (c.me).id, 'floor.remark',
		jsonb_build_object('request', f.id, 'item', f.item_id, 'observer', o.id,
			'speaker', o.display_name, 'category', k.code, 'category_name', k.name_zh,
			'affiliation', o.affiliation, 'body', p_body, 'clerk', (c.me).id,
			'name', (c.me).display_name),
		yg_inner.entry_personnel(e));
	RETURN jsonb_build_object('meeting', (c.m).id, 'request', f.id, 'item', f.item_id, 'seq', seq);
END
$function$;
