-- meeting_items: functions. Re-applied whole whenever any file of sql/api changes (see
-- sql/api/README.md); tables and data stay in the numbered migrations.

-- The agenda entry of an item in a meeting of the caller's committee,
-- locked; with the meeting (locked too: it orders the log).
CREATE FUNCTION yg_inner.target_entry(p_caller jsonb, p_meeting bigint, p_item bigint, OUT m meeting, OUT e agenda_entry, OUT me member)
 RETURNS record
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
	me := yg_inner.caller_member(p_caller);
	m := yg_inner.target_meeting(me.committee_id, p_meeting);
	SELECT * INTO e FROM agenda_entry WHERE meeting_id = m.id AND item_id = p_item
		AND removed_at IS NULL FOR UPDATE;
	IF e.meeting_id IS NULL THEN
		PERFORM yg_inner.fail('YG404', format('item %s is not on the agenda of meeting %s', p_item, m.id));
	END IF;
	IF m.status <> 'open' THEN
		PERFORM yg_inner.fail('YG409', format('meeting %s is %s, not open', m.id, m.status));
	END IF;
END
$function$;

CREATE FUNCTION yg_inner.entry_personnel(e agenda_entry)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT c.personnel FROM item_version v JOIN category c ON c.code = v.category
	WHERE v.item_id = e.item_id AND v.version = e.item_version;
$function$;

-- Everything the rules of order need about one item of a meeting:
-- {meeting, item} of agenda.open, present, speak, pass and close.
CREATE FUNCTION api.agenda_facts(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	t record := yg_inner.target_entry(p_caller, p_meeting, p_item);
	v item_version;
	i item;
	rules jsonb;
BEGIN
	SELECT * INTO v FROM item_version WHERE item_id = p_item AND version = (t.e).item_version;
	SELECT * INTO i FROM item WHERE id = p_item;
	SELECT c.rules INTO rules FROM committee c WHERE c.id = (t.m).committee_id;
	RETURN jsonb_build_object('meeting', (t.m).id, 'item', p_item, 'caller', (t.me).id,
		'state', (t.e).state, 'presiding', (t.e).presiding, 'presenter', i.proposer,
		'presented', (t.e).presented_at IS NOT NULL,
		'personnel', yg_inner.entry_personnel(t.e),
		'candidates', jsonb_array_length(v.candidates),
		'contested', (SELECT count(*) FROM objection o WHERE o.item_id = p_item
				AND o.item_version = v.version) > 0
			OR (SELECT count(*) FROM comment k WHERE k.item_id = p_item AND k.item_version = v.version
				AND k.stance = 'object') > (rules->>'contest_objections')::bigint,
		'chair_last', rules->'chair_speaks_last', 'personnel_all_state', rules->'personnel_all_state',
		'recuse_discussion', rules->'recuse_discussion',
		'quorum', rules->'quorum', 'quorum_personnel', rules->'quorum_personnel',
		'members', coalesce((SELECT jsonb_agg(jsonb_build_object('id', r.member_id,
			'present', coalesce(a.present, false),
			'recused', EXISTS (SELECT 1 FROM recusal x WHERE x.meeting_id = r.meeting_id
				AND x.item_id = p_item AND x.member_id = r.member_id),
			'spoke', (SELECT coalesce(bit_or(1::bigint << s.candidate), 0)::text FROM statement s
				WHERE s.meeting_id = r.meeting_id AND s.item_id = p_item
				AND s.member_id = r.member_id)) ORDER BY r.member_id)
			FROM meeting_roster r LEFT JOIN attendance a ON a.meeting_id = r.meeting_id
				AND a.kind = 'member' AND a.who = r.member_id
			WHERE r.meeting_id = (t.m).id), '[]')) || yg_inner.meeting_counts((t.m).id);
END
$function$;

-- agenda.open {meeting, item}: take up an item (ygd has found the quorum
-- it needs): the caller presides.
CREATE FUNCTION api.agenda_open(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	t record := yg_inner.target_entry(p_caller, p_meeting, p_item);
	title text;
	candidates jsonb;
BEGIN
	IF NOT 'chair' = ANY ((t.me).roles) THEN
		PERFORM yg_inner.fail('YG403', 'only the chair takes up items');
	END IF;
	IF (t.e).state <> 'pending' THEN
		PERFORM yg_inner.fail('YG409', format('item %s is %s', p_item, (t.e).state));
	END IF;
	IF EXISTS (SELECT 1 FROM agenda_entry WHERE meeting_id = (t.m).id AND state = 'open') THEN
		PERFORM yg_inner.fail('YG409', 'another item is open; defer or close it first');
	END IF;
	UPDATE agenda_entry SET state = 'open', presiding = (t.me).id, opened_at = now()
	WHERE meeting_id = (t.m).id AND item_id = p_item;
	SELECT v.title, v.candidates INTO title, candidates FROM item_version v
	WHERE v.item_id = p_item AND v.version = (t.e).item_version;
	-- A cadre item's candidates by name, so that the minutes name them.
	PERFORM yg_log_append((t.m).id, 'member:' || (t.me).id, 'agenda.opened',
		jsonb_build_object('item', p_item, 'title', title, 'presiding', (t.me).id,
			'personnel', yg_inner.entry_personnel(t.e)) || yg_inner.meeting_counts((t.m).id)
			|| CASE WHEN jsonb_array_length(coalesce(candidates, '[]')) > 0
				THEN jsonb_build_object('candidates', candidates) ELSE '{}' END,
		yg_inner.entry_personnel(t.e));
	RETURN jsonb_build_object('meeting', (t.m).id, 'item', p_item, 'state', 'open', 'presiding', (t.me).id);
END
$function$;

-- A presentation, statement or pass that ygd has found in order.
CREATE FUNCTION yg_inner.agenda_act(p_caller jsonb, p_meeting bigint, p_item bigint, p_act text, p_position text, p_body text, p_candidate integer)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	t record := yg_inner.target_entry(p_caller, p_meeting, p_item);
	seq bigint;
BEGIN
	IF (t.e).state <> 'open' THEN
		PERFORM yg_inner.fail('YG409', format('item %s is not open', p_item));
	END IF;
	IF p_act = 'present' THEN
		UPDATE agenda_entry SET presented_at = now() WHERE meeting_id = (t.m).id AND item_id = p_item;
	ELSE
		INSERT INTO statement (meeting_id, item_id, member_id, candidate, kind, position, body)
		VALUES ((t.m).id, p_item, (t.me).id, coalesce(p_candidate, 0), p_act, p_position, coalesce(p_body, ''));
	END IF;
	seq := yg_log_append((t.m).id, 'member:' || (t.me).id,
		CASE p_act WHEN 'present' THEN 'agenda.presented' ELSE 'agenda.statement' END,
		jsonb_build_object('item', p_item, 'member', (t.me).id, 'name', (t.me).display_name,
			'kind', p_act, 'position', p_position, 'candidate', coalesce(p_candidate, 0),
			'body', coalesce(p_body, '')),
		yg_inner.entry_personnel(t.e));
	RETURN jsonb_build_object('meeting', (t.m).id, 'item', p_item, 'act', p_act, 'seq', seq);
END
$function$;

-- agenda.present {meeting, item, body}, agenda.speak {meeting, item,
-- position, body, candidate}, agenda.pass {meeting, item, candidate}, once
-- ygd has found them in order (rules/speaking.c).
CREATE FUNCTION api.agenda_present(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.agenda_act(p_caller, (p_args->>'meeting')::bigint, (p_args->>'item')::bigint,
		'present', NULL, p_args->>'body', 0);
$function$;

CREATE FUNCTION api.agenda_speak(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.agenda_act(p_caller, (p_args->>'meeting')::bigint, (p_args->>'item')::bigint,
		'state', p_args->>'position', p_args->>'body',
		coalesce((p_args->>'candidate')::integer, 0));
$function$;

CREATE FUNCTION api.agenda_pass(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.agenda_act(p_caller, (p_args->>'meeting')::bigint, (p_args->>'item')::bigint,
		'pass', NULL, NULL, coalesce((p_args->>'candidate')::integer, 0));
$function$;

-- 回避: a member declares a conflict of interest on an item.
-- agenda.recuse {meeting, item, reason}.
CREATE FUNCTION api.agenda_recuse(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	p_reason text := p_args->>'reason';
	me member := yg_inner.caller_member(p_caller);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
	e agenda_entry;
BEGIN
	SELECT * INTO e FROM agenda_entry WHERE meeting_id = m.id AND item_id = p_item AND removed_at IS NULL
	FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('item %s is not on the agenda of meeting %s', p_item, m.id));
	END IF;
	IF m.status NOT IN ('announced', 'open') OR e.state NOT IN ('pending', 'open') THEN
		PERFORM yg_inner.fail('YG409', 'recusal is declared before or during the item');
	END IF;
	IF NOT EXISTS (SELECT 1 FROM meeting_roster WHERE meeting_id = m.id AND member_id = me.id) THEN
		PERFORM yg_inner.fail('YG403', 'you are not on this meeting''s roster');
	END IF;
	INSERT INTO recusal (meeting_id, item_id, member_id, reason) VALUES (m.id, p_item, me.id, p_reason);
	PERFORM yg_log_append(m.id, 'member:' || me.id, 'agenda.recused',
		jsonb_build_object('item', p_item, 'member', me.id, 'name', me.display_name, 'reason', p_reason),
		yg_inner.entry_personnel(e));
	RETURN jsonb_build_object('meeting', m.id, 'item', p_item, 'recused', me.id,
		'presiding', e.presiding = me.id);
END
$function$;

-- Hand the presiding of an item to another present, non-recused member
-- (a chair who must recuse does this).
-- agenda.preside {meeting, item, member}.
CREATE FUNCTION api.agenda_preside(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	p_member bigint := (p_args->>'member')::bigint;
	t record := yg_inner.target_entry(p_caller, p_meeting, p_item);
BEGIN
	IF (t.e).state <> 'open' OR (t.e).presiding <> (t.me).id THEN
		PERFORM yg_inner.fail('YG403', 'only whoever presides over an open item hands it over');
	END IF;
	IF NOT EXISTS (SELECT 1 FROM attendance a JOIN meeting_roster r ON r.meeting_id = a.meeting_id
		       AND r.member_id = a.who WHERE a.meeting_id = (t.m).id AND a.kind = 'member'
		       AND a.who = p_member AND a.present)
	   OR EXISTS (SELECT 1 FROM recusal WHERE meeting_id = (t.m).id AND item_id = p_item
		      AND member_id = p_member) THEN
		PERFORM yg_inner.fail('YG409', format('member %s is not present, or is recused from this item', p_member));
	END IF;
	UPDATE agenda_entry SET presiding = p_member WHERE meeting_id = (t.m).id AND item_id = p_item;
	PERFORM yg_log_append((t.m).id, 'member:' || (t.me).id, 'agenda.presiding',
		jsonb_build_object('item', p_item, 'from', (t.me).id, 'to', p_member,
			'name', (SELECT display_name FROM member WHERE id = p_member)),
		yg_inner.entry_personnel(t.e));
	RETURN jsonb_build_object('meeting', (t.m).id, 'item', p_item, 'presiding', p_member);
END
$function$;

-- 缓议 (defer) or close the discussion; only whoever presides. A deferred
-- item goes back to the pool of announced items.
CREATE FUNCTION yg_inner.agenda_finish(p_caller jsonb, p_meeting bigint, p_item bigint, p_state text, p_reason text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	t record := yg_inner.target_entry(p_caller, p_meeting, p_item);
BEGIN
	IF (t.e).state <> 'open' THEN
		PERFORM yg_inner.fail('YG409', format('item %s is not open', p_item));
	END IF;
	IF (t.e).presiding <> (t.me).id THEN
		PERFORM yg_inner.fail('YG403', 'only whoever presides over the item may do this');
	END IF;
	UPDATE agenda_entry SET state = p_state, closed_at = now(), close_reason = p_reason
	WHERE meeting_id = (t.m).id AND item_id = p_item;
	IF p_state = 'deferred' THEN
		UPDATE item SET status = 'announced' WHERE id = p_item;
	END IF;
	PERFORM yg_log_append((t.m).id, 'member:' || (t.me).id,
		CASE p_state WHEN 'deferred' THEN 'agenda.deferred' ELSE 'agenda.discussed' END,
		jsonb_build_object('item', p_item, 'reason', p_reason, 'statements',
			(SELECT coalesce(jsonb_agg(jsonb_build_object('member', s.member_id,
				'candidate', s.candidate, 'kind', s.kind, 'position', s.position)
				ORDER BY s.id), '[]') FROM statement s
			 WHERE s.meeting_id = (t.m).id AND s.item_id = p_item)),
		yg_inner.entry_personnel(t.e));
	RETURN jsonb_build_object('meeting', (t.m).id, 'item', p_item, 'state', p_state);
END
$function$;

-- agenda.defer {meeting, item, reason}; agenda.close {meeting, item}, once
-- ygd has found that everyone has spoken (rules/speaking.c).
CREATE FUNCTION api.agenda_defer(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.agenda_finish(p_caller, (p_args->>'meeting')::bigint,
		(p_args->>'item')::bigint, 'deferred', p_args->>'reason');
$function$;

CREATE FUNCTION api.agenda_close(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.agenda_finish(p_caller, (p_args->>'meeting')::bigint,
		(p_args->>'item')::bigint, 'discussed', NULL);
$function$;

-- Ask for the floor on the open item: present members, and present
-- observers on items open to them.
-- floor.request {meeting}.
CREATE FUNCTION api.floor_request(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p record := yg_inner.meeting_party(p_caller, p_meeting, true);
	e agenda_entry;
	rid bigint;
BEGIN
	SELECT * INTO e FROM agenda_entry WHERE meeting_id = (p.m).id AND state = 'open';
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG409', 'no item is open');
	END IF;
	IF NOT EXISTS (SELECT 1 FROM attendance WHERE meeting_id = (p.m).id AND kind = p.kind
		       AND who = p.who AND present) THEN
		PERFORM yg_inner.fail('YG409', 'check in first');
	END IF;
	IF p.kind = 'observer' AND yg_inner.entry_personnel(e) THEN
		PERFORM yg_inner.fail('YG403', 'cadre items are closed to observers');
	END IF;
	INSERT INTO floor_request (meeting_id, item_id, kind, who) VALUES ((p.m).id, e.item_id, p.kind, p.who)
	RETURNING id INTO rid;
	PERFORM yg_log_append((p.m).id, p.kind || ':' || p.who, 'floor.requested',
		jsonb_build_object('request', rid, 'item', e.item_id, 'kind', p.kind, 'who', p.who,
			'name', CASE p.kind WHEN 'member' THEN (SELECT display_name FROM member WHERE id = p.who)
				ELSE (SELECT display_name FROM observer WHERE id = p.who) END),
		yg_inner.entry_personnel(e));
	RETURN jsonb_build_object('request', rid, 'item', e.item_id);
END
$function$;

-- floor.grant {meeting, request}.
CREATE FUNCTION api.floor_grant(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_request bigint := (p_args->>'request')::bigint;
	me member := yg_inner.caller_member(p_caller);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
	f floor_request;
	e agenda_entry;
BEGIN
	SELECT * INTO f FROM floor_request WHERE id = p_request AND meeting_id = m.id FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no request %s in meeting %s', p_request, m.id));
	END IF;
	SELECT * INTO e FROM agenda_entry WHERE meeting_id = m.id AND item_id = f.item_id;
	IF e.state <> 'open' OR e.presiding <> me.id THEN
		PERFORM yg_inner.fail('YG403', 'only whoever presides over the open item grants the floor');
	END IF;
	IF f.granted_at IS NOT NULL THEN
		PERFORM yg_inner.fail('YG409', 'already granted');
	END IF;
	UPDATE floor_request SET granted_at = now(), granted_by = me.id WHERE id = f.id;
	PERFORM yg_log_append(m.id, 'member:' || me.id, 'floor.granted',
		jsonb_build_object('request', f.id, 'item', f.item_id, 'kind', f.kind, 'who', f.who,
			'name', CASE f.kind WHEN 'member' THEN (SELECT display_name FROM member WHERE id = f.who)
				ELSE (SELECT display_name FROM observer WHERE id = f.who) END),
		yg_inner.entry_personnel(e));
	RETURN jsonb_build_object('request', f.id, 'granted', true);
END
$function$;
