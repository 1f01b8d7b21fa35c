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

-- A succession: the authority predecessor held over the meeting (item_id
-- NULL: its minutes and every item they presided; else that item's review
-- only) passes to successor.
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
	CHECK (successor <> predecessor)
);

-- Each holder is succeeded once for the meeting and once per item.
CREATE UNIQUE INDEX presiding_succession_once
	ON presiding_succession (meeting_id, predecessor, coalesce(item_id, 0));

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
-- over one of its items: whoever presided, then each named successor in
-- turn — for an item, one named for that item before one named for the
-- whole meeting; for the meeting, only those named for the whole meeting.
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
		WHERE meeting_id = p_meeting AND predecessor = holder
		  AND (item_id IS NULL OR item_id = p_item)
		ORDER BY item_id NULLS LAST LIMIT 1;
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
		'capacity', CASE WHEN p_role = 'clerk' THEN 'recorded clerk'
			WHEN me.id = api.meeting_presider(m.id) THEN 'presided'
			ELSE 'successor' END,
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

-- Corrections of a published decision are appended, never edits: the
-- authority that reviewed it (the presiding chair of the deciding meeting,
-- or a successor) corrects its public text, withdraws it, or declassifies a
-- withheld one (保密期满), each with a recorded reason. The portal shows the
-- current version, marked, and keeps the earlier ones reachable.
CREATE TABLE publication_revision (
	item_id bigint NOT NULL REFERENCES publication,
	n integer NOT NULL CHECK (n >= 1),
	action text NOT NULL CHECK (action IN ('correct', 'withdraw', 'declassify')),
	mode text NOT NULL CHECK (mode IN ('full', 'summary', 'withdrawn')),
	summary text CHECK (char_length(summary) BETWEEN 1 AND 20000),
	reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
	revised_by bigint NOT NULL REFERENCES member,
	revised_at timestamptz NOT NULL DEFAULT clock_timestamp(),
	PRIMARY KEY (item_id, n),
	CHECK ((mode = 'summary') = (summary IS NOT NULL))
);

CREATE TRIGGER publication_revision_append_only BEFORE UPDATE OR DELETE ON publication_revision
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();
CREATE TRIGGER publication_revision_no_truncate BEFORE TRUNCATE ON publication_revision
	FOR EACH STATEMENT EXECUTE FUNCTION yg_append_only();

-- The current version of a decision's publication: the review, or its
-- latest revision (n 0: the review itself).
CREATE FUNCTION api.publication_current(p_item bigint, OUT n integer, OUT mode text,
					OUT summary text, OUT action text, OUT reason text,
					OUT revised_at timestamptz)
LANGUAGE sql STABLE AS $$
	SELECT * FROM (
		SELECT x.n, x.mode, x.summary, x.action, x.reason, x.revised_at
		FROM publication_revision x WHERE x.item_id = p_item
		UNION ALL
		SELECT 0, p.mode, p.summary, NULL, NULL, p.published_at
		FROM publication p WHERE p.item_id = p_item) v
	ORDER BY v.n DESC LIMIT 1;
$$;

-- What a revision needs: the current version and who holds the authority.
CREATE FUNCTION api.publication_revision_facts(p_caller jsonb, p_item bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	p publication;
BEGIN
	SELECT * INTO p FROM publication WHERE item_id = p_item AND committee_id = me.committee_id
		FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM api.fail('YG404', format('item %s has no publication review to revise', p_item));
	END IF;
	RETURN jsonb_build_object('item', p.item_id, 'mode', (api.publication_current(p.item_id)).mode,
		'caller', me.id, 'holder', api.presiding_holder(p.meeting_id, p.item_id));
END
$$;

-- The revision itself, the rules checked again: correct (a published
-- decision gets a new public text), withdraw (a published decision leaves
-- the public text; the page says why), declassify (a withheld one is
-- published: in full without text, in summary with it).
CREATE FUNCTION api.publication_revise(p_caller jsonb, p_item bigint, p_action text, p_text text,
				       p_reason text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	p publication;
	cur text;
	nmode text;
	x publication_revision;
BEGIN
	SELECT * INTO p FROM publication WHERE item_id = p_item AND committee_id = me.committee_id
		FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM api.fail('YG404', format('item %s has no publication review to revise', p_item));
	END IF;
	PERFORM api.presiding_require(p.meeting_id, p.item_id, me.id, 'chair');
	cur := (api.publication_current(p.item_id)).mode;
	nmode := CASE
		WHEN p_action = 'correct' AND cur IN ('full', 'summary') AND p_text IS NOT NULL THEN 'summary'
		WHEN p_action = 'withdraw' AND cur IN ('full', 'summary') AND p_text IS NULL THEN 'withdrawn'
		WHEN p_action = 'declassify' AND cur = 'withheld' THEN
			CASE WHEN p_text IS NULL THEN 'full' ELSE 'summary' END
		END;
	IF nmode IS NULL THEN
		PERFORM api.fail('YG409', format('item %s is %s: it cannot be %s', p_item, cur,
			CASE p_action WHEN 'correct' THEN 'corrected' WHEN 'withdraw' THEN 'withdrawn'
				ELSE 'declassified' END));
	END IF;
	INSERT INTO publication_revision (item_id, n, action, mode, summary, reason, revised_by)
	VALUES (p.item_id, coalesce((SELECT max(n) FROM publication_revision WHERE item_id = p.item_id), 0) + 1,
		p_action, nmode, CASE WHEN nmode = 'summary' THEN p_text END, p_reason, me.id)
	RETURNING * INTO x;
	PERFORM api.log(p.committee_id, me.id, 'member:' || me.id, 'publication.' || p_action,
		'item:' || p.item_id, jsonb_build_object('n', x.n, 'mode', x.mode, 'text', p_text,
			'reason', p_reason, 'was', cur));
	PERFORM yg_emit('committee:' || p.committee_id, 'publication.revised',
		jsonb_build_object('item', p.item_id, 'action', p_action, 'mode', x.mode, 'n', x.n));
	RETURN jsonb_build_object('item', p.item_id, 'n', x.n, 'action', x.action, 'mode', x.mode,
		'was', cur, 'revised_at', x.revised_at);
END
$$;

-- publication.list shows each decision's current version: its mode now,
-- and the reason of its latest revision (or of the withholding).
CREATE OR REPLACE FUNCTION api.publication_list(p_caller jsonb, p_overdue boolean) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	days integer;
BEGIN
	SELECT (rules->>'publication_days')::integer INTO days FROM committee WHERE id = me.committee_id;
	RETURN jsonb_build_object('now', now(), 'publication_days', days, 'items', coalesce((
		SELECT jsonb_agg(x ORDER BY x->>'state' DESC, x->>'due_at') FROM (
			SELECT jsonb_build_object('item', i.id, 'title', v.title, 'category', v.category,
				'status', i.status, 'meeting', r.meeting_id, 'decided_at', r.closed_at,
				'due_at', coalesce(p.due_at, r.closed_at + make_interval(days => days)),
				'state', CASE WHEN p.item_id IS NULL THEN 'pending' ELSE 'reviewed' END,
				'overdue', CASE WHEN p.item_id IS NULL
					THEN now() > r.closed_at + make_interval(days => days)
					ELSE p.published_at > p.due_at END,
				'mode', cur.mode, 'reviewed_mode', p.mode, 'revisions', coalesce(cur.n, 0),
				'published_at', p.published_at,
				'reason', coalesce(cur.reason, p.reason),
				'notice_ends_at', p.notice_ends_at) AS x
			FROM item i JOIN item_version v ON v.item_id = i.id AND v.version = i.version
			CROSS JOIN LATERAL api.deciding_round(i.id) r
			LEFT JOIN publication p ON p.item_id = i.id
			LEFT JOIN LATERAL api.publication_current(i.id) cur ON true
			WHERE i.committee_id = me.committee_id AND i.status IN ('decided', 'rejected')
			  AND r.item_id IS NOT NULL
			  AND (NOT p_overdue OR (p.item_id IS NULL
				AND now() > r.closed_at + make_interval(days => days)))) s), '[]'));
END
$$;

-- The public versions of a decision before the current one (withheld ones
-- were never public), oldest first, for the portal.
CREATE FUNCTION api.portal_versions(p publication, v item_version) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT coalesce(jsonb_agg(jsonb_build_object('n', x.n, 'mode', x.mode,
		'summary', CASE x.mode WHEN 'summary' THEN x.summary WHEN 'full' THEN v.summary END,
		'from', x.at, 'reason', x.reason) ORDER BY x.n), '[]')
	FROM (SELECT 0 AS n, p.mode, p.summary, p.published_at AS at, NULL::text AS reason
	      UNION ALL
	      SELECT r.n, r.mode, r.summary, r.revised_at, r.reason FROM publication_revision r
	      WHERE r.item_id = p.item_id) x
	WHERE x.mode IN ('full', 'summary')
	  AND x.n < (api.publication_current(p.item_id)).n;
$$;

-- A decision as the portal shows it: its current version, marked when it
-- was corrected, withdrawn or declassified, with the earlier versions.
CREATE OR REPLACE FUNCTION api.portal_decision_json(p publication) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', p.item_id, 'committee', c.name, 'title', v.title,
		'category', v.category, 'category_name', k.name_zh, 'mode', cur.mode,
		'summary', CASE cur.mode WHEN 'summary' THEN cur.summary WHEN 'full' THEN v.summary END,
		'meeting', jsonb_build_object('id', m.id, 'title', m.title, 'starts_at', m.starts_at),
		'decided_at', p.decided_at, 'published_at', p.published_at,
		'result', r.result, 'question', r.question, 'counts', r.counts,
		'line', r.outcome->'line', 'elected', r.outcome->'elected',
		'entitled', r.entitled, 'present', r.present, 'eligible', jsonb_array_length(r.eligible),
		'ballots', coalesce((r.aggregate->>'ballots')::integer, 0),
		'tally', CASE cur.mode WHEN 'full' THEN r.tally END,
		'server_key', CASE cur.mode WHEN 'full' THEN r.signer END,
		'record', cur.mode = 'full',
		'revision', CASE WHEN cur.n > 0 THEN jsonb_build_object('n', cur.n, 'action', cur.action,
			'reason', cur.reason, 'at', cur.revised_at) END,
		'versions', api.portal_versions(p, v),
		'notice', CASE WHEN p.notice_ends_at IS NOT NULL AND cur.mode <> 'withdrawn' THEN
			jsonb_build_object('starts_at', p.published_at, 'ends_at', p.notice_ends_at,
			'open', now() < p.notice_ends_at,
			'comments', api.portal_comment_counts(p.item_id, 'notice')) END)
	FROM item i
	JOIN item_version v ON v.item_id = i.id AND v.version = i.version
	JOIN committee c ON c.id = i.committee_id
	JOIN category k ON k.code = v.category
	JOIN meeting m ON m.id = p.meeting_id
	CROSS JOIN LATERAL api.deciding_round(i.id) r
	CROSS JOIN LATERAL api.publication_current(p.item_id) cur
	WHERE i.id = p.item_id AND cur.mode <> 'withheld';
$$;

CREATE OR REPLACE FUNCTION api.portal_home() RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('now', now(),
		'announcements', coalesce((SELECT jsonb_agg(api.portal_announcement_json(i, v)
			ORDER BY v.window_ends_at DESC, i.id DESC)
			FROM item i JOIN item_version v ON v.item_id = i.id AND v.version = i.version
			WHERE v.announced_at IS NOT NULL AND i.status IN ('announced', 'scheduled')
			  AND v.window_ends_at > now() - interval '90 days'), '[]'),
		'decisions', coalesce((SELECT jsonb_agg(d ORDER BY d->>'published_at' DESC) FROM (
			SELECT api.portal_decision_json(p) AS d FROM publication p
			WHERE (api.publication_current(p.item_id)).mode <> 'withheld'
			ORDER BY p.published_at DESC LIMIT 100) s), '[]'));
$$;

CREATE OR REPLACE FUNCTION api.portal_item(p_item bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT CASE
		WHEN i.status IN ('announced', 'scheduled') AND v.announced_at IS NOT NULL
			THEN api.portal_announcement_json(i, v)
		WHEN EXISTS (SELECT 1 FROM publication p WHERE p.item_id = i.id
			     AND (api.publication_current(p.item_id)).mode <> 'withheld')
			THEN jsonb_build_object('id', i.id, 'decision', i.id)
		END
	FROM item i JOIN item_version v ON v.item_id = i.id AND v.version = i.version
	WHERE i.id = p_item;
$$;

CREATE OR REPLACE FUNCTION api.portal_decision(p_item bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT api.portal_decision_json(p) FROM publication p
	WHERE p.item_id = p_item AND (api.publication_current(p.item_id)).mode <> 'withheld';
$$;

CREATE OR REPLACE FUNCTION api.portal_record(p_item bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT api.election_record(p.meeting_id, p.item_id) FROM publication p
	WHERE p.item_id = p_item AND (api.publication_current(p.item_id)).mode = 'full';
$$;

-- Corrections of the minutes (DESIGN.md rule 11): appended entries, never
-- edits. The clerk proposes one (the corrected text and the reason), signed;
-- the presiding chair (or a successor) co-signs it, and only then is it in
-- force. Both sign proto/correction.h's message, which binds the minutes
-- as signed, the text and the reason; both acts go into the meeting's log.
CREATE TABLE minutes_correction (
	meeting_id bigint NOT NULL REFERENCES minutes,
	n integer NOT NULL CHECK (n >= 1),
	body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 20000),
	reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
	clerk_id bigint NOT NULL REFERENCES member,
	clerk_key text NOT NULL,
	clerk_signature text NOT NULL,
	proposed_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (meeting_id, n)
);

CREATE TABLE minutes_correction_signature (
	meeting_id bigint NOT NULL,
	n integer NOT NULL,
	member_id bigint NOT NULL REFERENCES member,
	public_key text NOT NULL,
	signature text NOT NULL,
	signed_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (meeting_id, n),
	FOREIGN KEY (meeting_id, n) REFERENCES minutes_correction
);

CREATE TRIGGER minutes_correction_append_only BEFORE UPDATE OR DELETE ON minutes_correction
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();
CREATE TRIGGER minutes_correction_signature_append_only BEFORE UPDATE OR DELETE
	ON minutes_correction_signature FOR EACH ROW EXECUTE FUNCTION yg_append_only();

-- The minutes with their signatures and their corrections beside them.
CREATE OR REPLACE FUNCTION api.minutes_json(p_meeting bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
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
$$;

-- What proposing (p_n NULL) or co-signing correction p_n needs: the
-- minutes, the correction, the caller's key and capacities.
CREATE FUNCTION api.minutes_correction_facts(p_caller jsonb, p_meeting bigint, p_n integer)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	m meeting := api.target_meeting(me.committee_id, p_meeting);
	c minutes_correction;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM minutes WHERE meeting_id = m.id) THEN
		PERFORM api.fail('YG409', 'read the minutes first (minutes.get)');
	END IF;
	IF p_n IS NOT NULL THEN
		SELECT * INTO c FROM minutes_correction WHERE meeting_id = m.id AND n = p_n;
		IF NOT FOUND THEN
			PERFORM api.fail('YG404', format('the minutes of meeting %s have no correction %s',
				m.id, p_n));
		END IF;
		IF EXISTS (SELECT 1 FROM minutes_correction_signature WHERE meeting_id = m.id AND n = p_n) THEN
			PERFORM api.fail('YG409', format('correction %s is already co-signed', p_n));
		END IF;
	END IF;
	RETURN jsonb_build_object('meeting', m.id, 'member', me.id,
		'body', (SELECT body FROM minutes WHERE meeting_id = m.id),
		'text', c.body, 'reason', c.reason,
		'key', (SELECT public_key FROM member_key WHERE id = (p_caller->>'key')::bigint),
		'holder', api.presiding_holder(m.id, NULL), 'clerk', api.meeting_clerk(m.id, me.id));
END
$$;

CREATE FUNCTION api.minutes_correct(p_caller jsonb, p_meeting bigint, p_text text, p_reason text,
				    p_key text, p_signature text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	m meeting := api.target_meeting(me.committee_id, p_meeting);
	c minutes_correction;
BEGIN
	PERFORM api.presiding_require(m.id, NULL, me.id, 'clerk');
	INSERT INTO minutes_correction (meeting_id, n, body, reason, clerk_id, clerk_key, clerk_signature)
	VALUES (m.id, coalesce((SELECT max(n) FROM minutes_correction WHERE meeting_id = m.id), 0) + 1,
		p_text, p_reason, me.id, p_key, p_signature)
	RETURNING * INTO c;
	PERFORM yg_log_append(m.id, 'member:' || me.id, 'minutes.correction_proposed',
		jsonb_build_object('n', c.n, 'text', p_text, 'reason', p_reason, 'member', me.id,
			'name', me.display_name, 'key', p_key, 'signature', p_signature,
			'minutes_sha256', (SELECT sha256 FROM minutes WHERE meeting_id = m.id)), true);
	RETURN api.minutes_json(m.id) || jsonb_build_object('n', c.n);
END
$$;

CREATE FUNCTION api.minutes_countersign(p_caller jsonb, p_meeting bigint, p_n integer, p_key text,
					p_signature text) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	m meeting := api.target_meeting(me.committee_id, p_meeting);
BEGIN
	PERFORM api.presiding_require(m.id, NULL, me.id, 'chair');
	INSERT INTO minutes_correction_signature (meeting_id, n, member_id, public_key, signature)
	VALUES (m.id, p_n, me.id, p_key, p_signature);
	PERFORM yg_log_append(m.id, 'member:' || me.id, 'minutes.correction_signed',
		jsonb_build_object('n', p_n, 'member', me.id, 'name', me.display_name, 'key', p_key,
			'signature', p_signature), true);
	RETURN api.minutes_json(m.id) || jsonb_build_object('n', p_n);
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
