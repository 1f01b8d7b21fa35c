-- Minutes (会议记录): built by ygd from the log when first asked for after
-- the meeting closed (proto/minutes.c), then frozen; signed by the chair
-- and the clerk on their own terminals. Never edited: a correction is a new
-- log entry.

CREATE TABLE minutes (
	meeting_id bigint PRIMARY KEY REFERENCES meeting,
	body text NOT NULL,
	sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
	log_seq bigint NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER minutes_append_only BEFORE UPDATE OR DELETE ON minutes
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();

CREATE TABLE minutes_signature (
	meeting_id bigint NOT NULL REFERENCES minutes,
	role text NOT NULL CHECK (role IN ('chair', 'clerk')),
	member_id bigint NOT NULL REFERENCES member,
	public_key text NOT NULL,
	signature text NOT NULL,
	signed_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (meeting_id, role)
);

CREATE TRIGGER minutes_signature_append_only BEFORE UPDATE OR DELETE ON minutes_signature
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();

CREATE FUNCTION api.minutes_json(p_meeting bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('meeting', m.meeting_id, 'body', m.body, 'sha256', m.sha256,
		'log_seq', m.log_seq,
		'signatures', coalesce((SELECT jsonb_agg(jsonb_build_object('role', s.role,
			'member', s.member_id, 'name', (SELECT display_name FROM member WHERE id = s.member_id),
			'key', s.public_key, 'signature', s.signature, 'signed_at', s.signed_at)
			ORDER BY s.role) FROM minutes_signature s WHERE s.meeting_id = m.meeting_id), '[]'))
	FROM minutes m WHERE m.meeting_id = p_meeting;
$$;

-- The stored minutes, or, if there are none yet, what ygd needs to build
-- them: the log up to the meeting's close.
CREATE FUNCTION api.minutes_source(p_caller jsonb, p_meeting bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	m meeting := api.target_meeting(me.committee_id, p_meeting);
BEGIN
	IF m.status <> 'closed' THEN
		PERFORM api.fail('YG409', 'minutes are made once the meeting is closed');
	END IF;
	IF EXISTS (SELECT 1 FROM minutes WHERE meeting_id = m.id) THEN
		RETURN jsonb_build_object('minutes', api.minutes_json(m.id));
	END IF;
	RETURN jsonb_build_object('upto', (SELECT max(seq) FROM meeting_log WHERE meeting_id = m.id
			AND body::jsonb->>'event' = 'meeting.closed'),
		'log', api.meeting_log_export(p_caller, m.id));
END
$$;

CREATE FUNCTION api.minutes_store(p_caller jsonb, p_meeting bigint, p_body text, p_seq bigint)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	m meeting := api.target_meeting(me.committee_id, p_meeting);
BEGIN
	INSERT INTO minutes (meeting_id, body, sha256, log_seq)
	VALUES (m.id, p_body, encode(sha256(convert_to(p_body, 'UTF8')), 'hex'), p_seq)
	ON CONFLICT (meeting_id) DO NOTHING;
	RETURN jsonb_build_object('minutes', api.minutes_json(m.id));
END
$$;

-- What a signature is checked against: the minutes and the caller's key.
CREATE FUNCTION api.minutes_signing(p_caller jsonb, p_meeting bigint, p_role text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	m meeting := api.target_meeting(me.committee_id, p_meeting);
	body text;
BEGIN
	IF NOT p_role = ANY (me.roles) THEN
		PERFORM api.fail('YG403', format('only the %s signs as %s', p_role, p_role));
	END IF;
	SELECT x.body INTO body FROM minutes x WHERE x.meeting_id = m.id;
	IF NOT FOUND THEN
		PERFORM api.fail('YG409', 'read the minutes first (minutes.get)');
	END IF;
	IF EXISTS (SELECT 1 FROM minutes_signature WHERE meeting_id = m.id AND role = p_role) THEN
		PERFORM api.fail('YG409', format('the minutes are already signed by the %s', p_role));
	END IF;
	RETURN jsonb_build_object('meeting', m.id, 'body', body, 'member', me.id,
		'key', (SELECT public_key FROM member_key WHERE id = (p_caller->>'key')::bigint));
END
$$;

CREATE FUNCTION api.minutes_sign(p_caller jsonb, p_meeting bigint, p_role text, p_key text,
				 p_signature text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	m meeting := api.target_meeting(me.committee_id, p_meeting);
BEGIN
	INSERT INTO minutes_signature (meeting_id, role, member_id, public_key, signature)
	VALUES (m.id, p_role, me.id, p_key, p_signature);
	PERFORM yg_log_append(m.id, 'member:' || me.id, 'minutes.signed', jsonb_build_object(
		'role', p_role, 'member', me.id, 'name', me.display_name, 'key', p_key,
		'signature', p_signature,
		'minutes_sha256', (SELECT sha256 FROM minutes WHERE meeting_id = m.id)));
	RETURN api.minutes_json(m.id);
END
$$;

-- Everything an auditor needs to check a meeting offline: the log and the
-- signed minutes.
CREATE FUNCTION api.meeting_record(p_caller jsonb, p_meeting bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
	RETURN jsonb_build_object('format', 'yangguang-meeting-record/1',
		'log', api.meeting_log_export(p_caller, p_meeting),
		'minutes', api.minutes_json(p_meeting));
END
$$;

-- For meeting.record: what minutes_source gives for a closed meeting without
-- minutes, and an empty answer otherwise (an open meeting's record is its
-- log alone; stored minutes are read with the record).
CREATE FUNCTION api.minutes_prepare(p_caller jsonb, p_meeting bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	m meeting := api.target_meeting(me.committee_id, p_meeting);
BEGIN
	IF m.status <> 'closed' OR EXISTS (SELECT 1 FROM minutes WHERE meeting_id = m.id) THEN
		RETURN '{}'::jsonb;
	END IF;
	RETURN api.minutes_source(p_caller, p_meeting);
END
$$;
