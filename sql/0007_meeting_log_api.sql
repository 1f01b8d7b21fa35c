-- Operations for attendance and the meeting log. Conventions as in
-- 0003_identity_api.sql; every event of a meeting goes through
-- yg_log_append under the meeting's row lock.

-- Announcing now also fixes the roster (应到会: the committee's active
-- members holding the member role) and opens the meeting's log.
CREATE OR REPLACE FUNCTION api.meeting_announce(p_caller jsonb, p_meeting bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	m meeting := api.target_meeting(me.committee_id, p_meeting);
BEGIN
	IF m.status <> 'draft' THEN
		PERFORM api.fail('YG409', format('meeting %s is already announced', m.id));
	END IF;
	IF m.starts_at <= now() THEN
		PERFORM api.fail('YG409', 'the meeting''s time has passed; schedule a new one');
	END IF;
	IF NOT EXISTS (SELECT 1 FROM agenda_entry WHERE meeting_id = m.id AND removed_at IS NULL) THEN
		PERFORM api.fail('YG409', 'the agenda is empty');
	END IF;
	UPDATE meeting SET status = 'announced', announced_at = now() WHERE id = m.id RETURNING * INTO m;
	INSERT INTO meeting_roster (meeting_id, member_id)
	SELECT m.id, id FROM member WHERE committee_id = m.committee_id AND status = 'active'
		AND 'member' = ANY (roles);
	PERFORM yg_log_append(m.id, 'member:' || me.id, 'meeting.announced', api.meeting_json(m) ||
		jsonb_build_object('roster', (SELECT jsonb_agg(jsonb_build_object('id', x.id,
			'name', x.display_name, 'title', x.title) ORDER BY x.id)
			FROM meeting_roster r JOIN member x ON x.id = r.member_id WHERE r.meeting_id = m.id),
		'clerks', (SELECT coalesce(jsonb_agg(x.display_name ORDER BY x.id), '[]') FROM member x
			WHERE x.committee_id = m.committee_id AND x.status = 'active'
			AND 'clerk' = ANY (x.roles))));
	PERFORM api.log(me.committee_id, me.id, 'member:' || me.id, 'meeting.announce',
		'meeting:' || m.id, api.meeting_json(m));
	PERFORM yg_emit('committee:' || me.committee_id, 'meeting.announced', jsonb_build_object('id', m.id));
	RETURN api.meeting_json(m);
END
$$;

-- Who the caller is to this meeting: 'member' (any committee role) or an
-- invited 'observer'. The meeting comes back locked when p_lock.
CREATE FUNCTION api.meeting_party(p_caller jsonb, p_meeting bigint, p_lock boolean,
				  OUT m meeting, OUT kind text, OUT who bigint)
LANGUAGE plpgsql AS $$
DECLARE
	cid bigint := api.caller_committee(p_caller);
BEGIN
	IF p_lock THEN
		SELECT * INTO m FROM meeting WHERE id = p_meeting AND committee_id = cid FOR UPDATE;
	ELSE
		SELECT * INTO m FROM meeting WHERE id = p_meeting AND committee_id = cid;
	END IF;
	IF m.id IS NULL THEN
		PERFORM api.fail('YG404', format('no meeting %s in this committee', p_meeting));
	END IF;
	kind := CASE WHEN p_caller->>'kind' = 'observer' THEN 'observer' ELSE 'member' END;
	who := (p_caller->>'id')::bigint;
	IF kind = 'observer' AND NOT EXISTS (SELECT 1 FROM meeting_invitation
					     WHERE meeting_id = m.id AND observer_id = who) THEN
		PERFORM api.fail('YG403', 'you are not invited to this meeting');
	END IF;
END
$$;

CREATE FUNCTION api.meeting_invite(p_caller jsonb, p_meeting bigint, p_observer bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	m meeting := api.target_meeting(me.committee_id, p_meeting);
	o observer;
BEGIN
	IF m.status NOT IN ('draft', 'announced', 'open') THEN
		PERFORM api.fail('YG409', format('meeting %s is %s', m.id, m.status));
	END IF;
	SELECT * INTO o FROM observer WHERE id = p_observer AND committee_id = me.committee_id;
	IF NOT FOUND OR o.status <> 'approved' THEN
		PERFORM api.fail('YG404', format('no approved observer %s in the pool', p_observer));
	END IF;
	INSERT INTO meeting_invitation (meeting_id, observer_id, invited_by) VALUES (m.id, o.id, me.id);
	IF m.status <> 'draft' THEN
		PERFORM yg_log_append(m.id, 'member:' || me.id, 'observer.invited',
			jsonb_build_object('observer', o.id, 'name', o.display_name));
	END IF;
	PERFORM api.log(me.committee_id, me.id, 'member:' || me.id, 'meeting.invite',
		'meeting:' || m.id, jsonb_build_object('observer', o.id));
	RETURN jsonb_build_object('meeting', m.id, 'observer', o.id, 'name', o.display_name);
END
$$;

-- Entitled and present members of a meeting.
CREATE FUNCTION api.meeting_counts(p_meeting bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'entitled', (SELECT count(*) FROM meeting_roster WHERE meeting_id = p_meeting),
		'present', (SELECT count(*) FROM attendance a JOIN meeting_roster r
			ON r.meeting_id = a.meeting_id AND r.member_id = a.who
			WHERE a.meeting_id = p_meeting AND a.kind = 'member' AND a.present));
$$;

-- Arrive or leave. Members on the roster and invited observers only.
CREATE FUNCTION api.meeting_attend(p_caller jsonb, p_meeting bigint, p_present boolean) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	p record := api.meeting_party(p_caller, p_meeting, true);
	name text;
	was boolean;
BEGIN
	IF (p.m).status NOT IN ('announced', 'open') THEN
		PERFORM api.fail('YG409', format('meeting %s is %s', (p.m).id, (p.m).status));
	END IF;
	IF p.kind = 'member' AND NOT EXISTS (SELECT 1 FROM meeting_roster
					     WHERE meeting_id = (p.m).id AND member_id = p.who) THEN
		PERFORM api.fail('YG403', 'you are not on this meeting''s roster (应到会)');
	END IF;
	SELECT present INTO was FROM attendance WHERE meeting_id = (p.m).id AND kind = p.kind AND who = p.who;
	IF coalesce(was, false) = p_present THEN
		PERFORM api.fail('YG409', CASE WHEN p_present THEN 'already checked in' ELSE 'not checked in' END);
	END IF;
	INSERT INTO attendance (meeting_id, kind, who, present, since) VALUES ((p.m).id, p.kind, p.who, p_present, now())
	ON CONFLICT (meeting_id, kind, who) DO UPDATE SET present = p_present, since = now();
	IF p_present THEN
		DELETE FROM absence WHERE meeting_id = (p.m).id AND member_id = p.who AND p.kind = 'member';
	END IF;
	name := CASE p.kind WHEN 'member' THEN (SELECT display_name FROM member WHERE id = p.who)
		ELSE (SELECT display_name FROM observer WHERE id = p.who) END;
	PERFORM yg_log_append((p.m).id, p.kind || ':' || p.who,
		CASE WHEN p_present THEN 'attendance.in' ELSE 'attendance.out' END,
		jsonb_build_object('kind', p.kind, 'who', p.who, 'name', name) || api.meeting_counts((p.m).id));
	RETURN jsonb_build_object('meeting', (p.m).id, 'checked_in', p_present) || api.meeting_counts((p.m).id);
END
$$;

CREATE FUNCTION api.meeting_absent(p_caller jsonb, p_meeting bigint, p_member bigint, p_reason text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	m meeting := api.target_meeting(me.committee_id, p_meeting);
BEGIN
	IF m.status NOT IN ('announced', 'open') THEN
		PERFORM api.fail('YG409', format('meeting %s is %s', m.id, m.status));
	END IF;
	IF NOT EXISTS (SELECT 1 FROM meeting_roster WHERE meeting_id = m.id AND member_id = p_member) THEN
		PERFORM api.fail('YG404', format('member %s is not on this meeting''s roster', p_member));
	END IF;
	IF EXISTS (SELECT 1 FROM attendance WHERE meeting_id = m.id AND kind = 'member' AND who = p_member AND present) THEN
		PERFORM api.fail('YG409', format('member %s is present', p_member));
	END IF;
	INSERT INTO absence (meeting_id, member_id, reason, recorded_by) VALUES (m.id, p_member, p_reason, me.id)
	ON CONFLICT (meeting_id, member_id) DO UPDATE SET reason = p_reason, recorded_by = me.id, recorded_at = now();
	PERFORM yg_log_append(m.id, 'member:' || me.id, 'attendance.absent', jsonb_build_object('member', p_member,
		'name', (SELECT display_name FROM member WHERE id = p_member), 'reason', p_reason));
	RETURN jsonb_build_object('meeting', m.id, 'member', p_member, 'reason', p_reason);
END
$$;

-- What the quorum rule needs, read under the meeting's lock (the caller
-- opens the meeting in the same transaction).
CREATE FUNCTION api.meeting_quorum_facts(p_caller jsonb, p_meeting bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	m meeting := api.target_meeting(me.committee_id, p_meeting);
BEGIN
	RETURN jsonb_build_object('meeting', m.id, 'status', m.status,
		'quorum', (SELECT rules->'quorum' FROM committee WHERE id = m.committee_id),
		'quorum_personnel', (SELECT rules->'quorum_personnel' FROM committee WHERE id = m.committee_id))
		|| api.meeting_counts(m.id);
END
$$;

-- Open the meeting (ygd has found quorum on the facts above, in this
-- transaction) or close it.
CREATE FUNCTION api.meeting_set_status(p_caller jsonb, p_meeting bigint, p_status text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	m meeting := api.target_meeting(me.committee_id, p_meeting);
BEGIN
	IF (p_status = 'open' AND m.status <> 'announced') OR (p_status = 'closed' AND m.status <> 'open') THEN
		PERFORM api.fail('YG409', format('meeting %s is %s', m.id, m.status));
	END IF;
	UPDATE meeting SET status = p_status,
		opened_at = CASE WHEN p_status = 'open' THEN now() ELSE opened_at END,
		closed_at = CASE WHEN p_status = 'closed' THEN now() ELSE closed_at END
	WHERE id = m.id RETURNING * INTO m;
	PERFORM yg_log_append(m.id, 'member:' || me.id,
		CASE p_status WHEN 'open' THEN 'meeting.opened' ELSE 'meeting.closed' END,
		api.meeting_counts(m.id) || jsonb_build_object('absent', (SELECT coalesce(jsonb_agg(
			jsonb_build_object('member', member_id, 'reason', reason) ORDER BY member_id), '[]')
			FROM absence WHERE meeting_id = m.id)));
	PERFORM api.log(me.committee_id, me.id, 'member:' || me.id, 'meeting.' || p_status,
		'meeting:' || m.id, api.meeting_counts(m.id));
	RETURN api.meeting_json(m) || api.meeting_counts(m.id);
END
$$;

-- The log after sequence p_after, as a terminal resumes it: observers see
-- only what is open to them.
CREATE FUNCTION api.meeting_follow(p_caller jsonb, p_meeting bigint, p_after bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	p record := api.meeting_party(p_caller, p_meeting, false);
BEGIN
	RETURN jsonb_build_object('meeting', (p.m).id, 'status', (p.m).status,
		'head', (SELECT max(seq) FROM meeting_log WHERE meeting_id = (p.m).id),
		'events', coalesce((SELECT jsonb_agg(jsonb_build_object('seq', l.seq,
			'event', l.body::jsonb->'event', 'at', l.body::jsonb->'at',
			'data', l.body::jsonb->'data') ORDER BY l.seq)
			FROM meeting_log l WHERE l.meeting_id = (p.m).id AND l.seq > coalesce(p_after, 0)
			AND (p.kind = 'member' OR NOT l.members_only)), '[]'));
END
$$;

-- The meeting as it stands: roster with presence and absences, observers
-- in the room, counts, the quorum rules, the head of the log.
CREATE FUNCTION api.meeting_state(p_caller jsonb, p_meeting bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	p record := api.meeting_party(p_caller, p_meeting, false);
	mid bigint := (p.m).id;
BEGIN
	RETURN api.meeting_json(p.m) || api.meeting_counts(mid) || jsonb_build_object(
		'quorum', (SELECT rules->'quorum' FROM committee WHERE id = (p.m).committee_id),
		'quorum_personnel', (SELECT rules->'quorum_personnel' FROM committee WHERE id = (p.m).committee_id),
		'roster', coalesce((SELECT jsonb_agg(jsonb_build_object('id', x.id, 'name', x.display_name,
			'title', x.title, 'present', coalesce(a.present, false),
			'absence', b.reason) ORDER BY x.id)
			FROM meeting_roster r JOIN member x ON x.id = r.member_id
			LEFT JOIN attendance a ON a.meeting_id = r.meeting_id AND a.kind = 'member' AND a.who = x.id
			LEFT JOIN absence b ON b.meeting_id = r.meeting_id AND b.member_id = x.id
			WHERE r.meeting_id = mid), '[]'),
		'observers', coalesce((SELECT jsonb_agg(jsonb_build_object('id', o.id, 'name', o.display_name,
			'present', coalesce(a.present, false)) ORDER BY o.id)
			FROM meeting_invitation i JOIN observer o ON o.id = i.observer_id
			LEFT JOIN attendance a ON a.meeting_id = i.meeting_id AND a.kind = 'observer' AND a.who = o.id
			WHERE i.meeting_id = mid), '[]'),
		'head', (SELECT jsonb_build_object('seq', seq, 'hash', hash) FROM meeting_log
			WHERE meeting_id = mid ORDER BY seq DESC LIMIT 1));
END
$$;

-- The whole log with its hashes, for offline verification (yg verify).
CREATE FUNCTION api.meeting_log_export(p_caller jsonb, p_meeting bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	m meeting;
BEGIN
	SELECT * INTO m FROM meeting WHERE id = p_meeting AND committee_id = me.committee_id;
	IF NOT FOUND THEN
		PERFORM api.fail('YG404', format('no meeting %s in this committee', p_meeting));
	END IF;
	RETURN jsonb_build_object('format', 'yangguang-meeting-log/1', 'meeting', m.id,
		'committee', m.committee_id,
		'entries', coalesce((SELECT jsonb_agg(jsonb_build_object('seq', seq, 'body', body,
			'prev_hash', prev_hash, 'hash', hash) ORDER BY seq)
			FROM meeting_log WHERE meeting_id = m.id), '[]'));
END
$$;
