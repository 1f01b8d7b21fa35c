-- Presiding authority is per meeting (DESIGN.md §2): the committee-wide
-- chair role lets a member schedule and preside, but signing the minutes as
-- 主持人 and reviewing a decision for publication belong to whoever presided
-- — the member who opened the meeting, or for an item whoever presided over
-- it last (after an agenda.presiding handover) — or to a successor named in
-- a signed, logged act (presiding.succeed) when that person is unavailable.
-- A clerk signs only as one of the clerks the meeting's announcement
-- recorded. ygd judges these rules in C (server/policy/presiding.c) on the
-- facts below; the functions that store re-check them in the transaction
-- that writes.

-- One succession per person succeeded in a meeting: the authority that
-- predecessor held over the meeting (or its items) passes to successor.
-- signature is the namer's Ed25519 signature of proto/presiding.h's
-- succession message.
CREATE TABLE presiding_succession (
	meeting_id bigint NOT NULL REFERENCES meeting,
	predecessor bigint NOT NULL REFERENCES member,
	successor bigint NOT NULL REFERENCES member,
	item_id bigint REFERENCES item, -- named for one item's presiding; NULL: the meeting's
	reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
	named_by bigint NOT NULL REFERENCES member,
	public_key text NOT NULL,
	signature text NOT NULL,
	named_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (meeting_id, predecessor),
	CHECK (successor <> predecessor)
);

CREATE TRIGGER presiding_succession_append_only BEFORE UPDATE OR DELETE ON presiding_succession
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();
CREATE TRIGGER presiding_succession_no_truncate BEFORE TRUNCATE ON presiding_succession
	FOR EACH STATEMENT EXECUTE FUNCTION yg_append_only();

-- Who opened the meeting (its presiding chair, the minutes' 主持人), from
-- its log; NULL before it opened.
CREATE FUNCTION api.meeting_presider(p_meeting bigint) RETURNS bigint
LANGUAGE sql STABLE AS $$
	SELECT substring(body::jsonb->>'actor' FROM '^member:([0-9]+)$')::bigint
	FROM meeting_log WHERE meeting_id = p_meeting AND body::jsonb->>'event' = 'meeting.opened'
	ORDER BY seq LIMIT 1;
$$;

-- Who holds the presiding authority now over the meeting (p_item NULL) or
-- over one of its items: whoever presided, then each named successor in turn.
CREATE FUNCTION api.presiding_holder(p_meeting bigint, p_item bigint) RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
DECLARE
	holder bigint;
	nxt bigint;
	n integer := 0;
BEGIN
	IF p_item IS NOT NULL THEN
		SELECT presiding INTO holder FROM agenda_entry
		WHERE meeting_id = p_meeting AND item_id = p_item AND removed_at IS NULL;
	END IF;
	holder := coalesce(holder, api.meeting_presider(p_meeting));
	LOOP
		SELECT successor INTO nxt FROM presiding_succession
		WHERE meeting_id = p_meeting AND predecessor = holder;
		EXIT WHEN NOT FOUND OR n > 100;
		holder := nxt;
		n := n + 1;
	END LOOP;
	RETURN holder;
END
$$;

-- Whether p_member is one of the clerks the meeting's announcement recorded.
CREATE FUNCTION api.meeting_clerk(p_meeting bigint, p_member bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM member x, meeting_log l
		WHERE x.id = p_member AND 'clerk' = ANY (x.roles)
		AND l.meeting_id = p_meeting AND l.body::jsonb->>'event' = 'meeting.announced'
		AND l.body::jsonb->'data'->'clerks' ? x.display_name);
$$;

-- The refusal when p_member may not act in the capacity p_role ('chair':
-- the presiding authority over the meeting or p_item; 'clerk') in p_meeting.
CREATE FUNCTION api.presiding_require(p_meeting bigint, p_item bigint, p_member bigint,
				      p_role text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF p_role = 'clerk' AND NOT api.meeting_clerk(p_meeting, p_member) THEN
		PERFORM api.fail('YG403', format('only a clerk recorded for meeting %s signs as clerk',
			p_meeting));
	ELSIF p_role = 'chair' AND api.presiding_holder(p_meeting, p_item) IS DISTINCT FROM p_member THEN
		PERFORM api.fail('YG403', format(
			'only the chair who presided over meeting %s%s, or a successor named by presiding.succeed, may do this',
			p_meeting, CASE WHEN p_item IS NULL THEN '' ELSE format(' (item %s)', p_item) END));
	END IF;
END
$$;

-- What signing needs, and what ygd judges the capacity on: the presiding
-- holder and whether the caller is a recorded clerk.
CREATE OR REPLACE FUNCTION api.minutes_signing(p_caller jsonb, p_meeting bigint, p_role text) RETURNS jsonb
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
		'key', (SELECT public_key FROM member_key WHERE id = (p_caller->>'key')::bigint),
		'holder', api.presiding_holder(m.id, NULL),
		'clerk', api.meeting_clerk(m.id, me.id));
END
$$;

CREATE OR REPLACE FUNCTION api.minutes_sign(p_caller jsonb, p_meeting bigint, p_role text, p_key text,
				 p_signature text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	m meeting := api.target_meeting(me.committee_id, p_meeting);
BEGIN
	PERFORM api.presiding_require(m.id, NULL, me.id, p_role);
	INSERT INTO minutes_signature (meeting_id, role, member_id, public_key, signature)
	VALUES (m.id, p_role, me.id, p_key, p_signature);
	PERFORM yg_log_append(m.id, 'member:' || me.id, 'minutes.signed', jsonb_build_object(
		'role', p_role, 'member', me.id, 'name', me.display_name, 'key', p_key,
		'signature', p_signature,
		'minutes_sha256', (SELECT sha256 FROM minutes WHERE meeting_id = m.id)));
	RETURN api.minutes_json(m.id);
END
$$;

-- What naming a successor needs: who holds the authority now (the
-- predecessor), the successor, the caller's key. The meeting comes locked.
CREATE FUNCTION api.presiding_succession_facts(p_caller jsonb, p_meeting bigint, p_item bigint,
					       p_member bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	m meeting := api.target_meeting(me.committee_id, p_meeting);
	s member;
BEGIN
	IF m.status NOT IN ('open', 'closed') OR api.meeting_presider(m.id) IS NULL THEN
		PERFORM api.fail('YG409', format('meeting %s has not been presided over yet', m.id));
	END IF;
	IF p_item IS NOT NULL AND NOT EXISTS (SELECT 1 FROM agenda_entry WHERE meeting_id = m.id
			AND item_id = p_item AND removed_at IS NULL) THEN
		PERFORM api.fail('YG404', format('item %s is not on the agenda of meeting %s', p_item, m.id));
	END IF;
	SELECT * INTO s FROM member WHERE id = p_member AND committee_id = me.committee_id;
	RETURN jsonb_build_object('meeting', m.id, 'item', p_item, 'caller', me.id,
		'admin', 'admin' = ANY (me.roles),
		'predecessor', api.presiding_holder(m.id, p_item),
		'successor', s.id, 'successor_chair', coalesce(s.status = 'active' AND 'chair' = ANY (s.roles), false),
		'key', (SELECT public_key FROM member_key WHERE id = (p_caller->>'key')::bigint));
END
$$;

-- Name the successor (ygd has checked the signature over the succession
-- message); the same rules are checked again here.
CREATE FUNCTION api.presiding_succeed(p_caller jsonb, p_meeting bigint, p_item bigint,
				      p_member bigint, p_reason text, p_key text, p_signature text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	m meeting := api.target_meeting(me.committee_id, p_meeting);
	pred bigint := api.presiding_holder(m.id, p_item);
	s member;
	seq bigint;
BEGIN
	IF pred IS NULL THEN
		PERFORM api.fail('YG409', format('meeting %s has not been presided over yet', m.id));
	END IF;
	IF NOT 'admin' = ANY (me.roles) AND me.id <> pred THEN
		PERFORM api.fail('YG403', 'only an admin or the presiding chair names a successor');
	END IF;
	SELECT * INTO s FROM member WHERE id = p_member AND committee_id = me.committee_id
		AND status = 'active' AND 'chair' = ANY (roles);
	IF NOT FOUND OR s.id = pred THEN
		PERFORM api.fail('YG409', format('member %s cannot succeed: a successor is another active member holding the chair role',
			p_member));
	END IF;
	INSERT INTO presiding_succession (meeting_id, predecessor, successor, item_id, reason,
		named_by, public_key, signature)
	VALUES (m.id, pred, s.id, p_item, p_reason, me.id, p_key, p_signature);
	seq := yg_log_append(m.id, 'member:' || me.id, 'presiding.succeeded', jsonb_build_object(
		'item', p_item, 'predecessor', pred,
		'predecessor_name', (SELECT display_name FROM member WHERE id = pred),
		'member', s.id, 'name', s.display_name, 'reason', p_reason,
		'by', me.id, 'by_name', me.display_name, 'key', p_key, 'signature', p_signature));
	PERFORM api.log(me.committee_id, me.id, 'member:' || me.id, 'presiding.succeed',
		'meeting:' || m.id, jsonb_build_object('item', p_item, 'predecessor', pred,
			'successor', s.id, 'reason', p_reason));
	RETURN jsonb_build_object('meeting', m.id, 'item', p_item, 'predecessor', pred,
		'successor', s.id, 'name', s.display_name, 'log_seq', seq);
END
$$;

-- The review of a decision: the facts carry who holds the authority over
-- the item in the meeting that decided it; the store re-checks it.
CREATE OR REPLACE FUNCTION api.publication_facts(p_caller jsonb, p_item bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	i item;
	r vote_round;
	rules jsonb;
BEGIN
	IF NOT 'chair' = ANY (me.roles) THEN
		PERFORM api.fail('YG403', 'only the chair reviews and publishes decisions');
	END IF;
	SELECT * INTO i FROM item WHERE id = p_item AND committee_id = me.committee_id FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM api.fail('YG404', format('no item %s in this committee', p_item));
	END IF;
	IF i.status NOT IN ('decided', 'rejected') THEN
		PERFORM api.fail('YG409', format('item %s is %s: only a decided or rejected item is published',
			p_item, i.status));
	END IF;
	IF EXISTS (SELECT 1 FROM publication WHERE item_id = i.id) THEN
		PERFORM api.fail('YG409', format('item %s has been reviewed already; a review is final', p_item));
	END IF;
	r := api.deciding_round(i.id);
	SELECT c.rules INTO rules FROM committee c WHERE c.id = i.committee_id;
	RETURN jsonb_build_object('item', i.id, 'status', i.status,
		'personnel', (SELECT k.personnel FROM item_version v JOIN category k ON k.code = v.category
			WHERE v.item_id = i.id AND v.version = i.version),
		'meeting', r.meeting_id, 'result', r.result,
		'now', extract(epoch FROM now()),
		'notice_workdays', (rules->>'preappointment_notice_workdays')::integer,
		'caller', me.id, 'holder', api.presiding_holder(r.meeting_id, i.id));
END
$$;

-- publication_store of 0014, with the authority check first.
CREATE OR REPLACE FUNCTION api.publication_store(p_caller jsonb, p_item bigint, p_mode text, p_text text,
				      p_notice_ends text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	i item;
	r vote_round;
	days integer;
	p publication;
BEGIN
	SELECT * INTO i FROM item WHERE id = p_item AND committee_id = me.committee_id FOR UPDATE;
	IF NOT FOUND OR NOT 'chair' = ANY (me.roles) OR i.status NOT IN ('decided', 'rejected') THEN
		PERFORM api.fail('YG409', format('item %s cannot be published now', p_item));
	END IF;
	r := api.deciding_round(i.id);
	PERFORM api.presiding_require(r.meeting_id, i.id, me.id, 'chair');
	SELECT (rules->>'publication_days')::integer INTO days FROM committee WHERE id = i.committee_id;
	INSERT INTO publication (item_id, committee_id, meeting_id, mode, summary, reason, decided_at,
		due_at, reviewed_by, notice_ends_at)
	VALUES (i.id, i.committee_id, r.meeting_id, p_mode,
		CASE WHEN p_mode = 'summary' THEN p_text END, CASE WHEN p_mode = 'withheld' THEN p_text END,
		r.closed_at, r.closed_at + make_interval(days => days), me.id,
		p_notice_ends::timestamptz)
	RETURNING * INTO p;
	PERFORM api.log(i.committee_id, me.id, 'member:' || me.id, 'publication.' || p_mode,
		'item:' || i.id, jsonb_build_object('text', p_text, 'notice_ends_at', p.notice_ends_at,
			'overdue', p.published_at > p.due_at));
	PERFORM yg_emit('committee:' || i.committee_id, 'publication.made',
		jsonb_build_object('item', i.id, 'mode', p_mode));
	RETURN jsonb_build_object('item', i.id, 'mode', p.mode, 'published_at', p.published_at,
		'due_at', p.due_at, 'overdue', p.published_at > p.due_at,
		'notice_ends_at', p.notice_ends_at);
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
