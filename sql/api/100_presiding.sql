-- presiding: functions. Re-applied whole whenever any file of sql/api changes (see
-- sql/api/README.md); tables and data stay in the numbered migrations.

-- Who opened the meeting (its presiding chair, the minutes' 主持人), from
-- its log; NULL before it opened.
CREATE FUNCTION yg_inner.meeting_presider(p_meeting bigint)
 RETURNS bigint
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT substring(body::jsonb->>'actor' FROM '^member:([0-9]+)$')::bigint
	FROM meeting_log WHERE meeting_id = p_meeting AND body::jsonb->>'event' = 'meeting.opened'
	ORDER BY seq LIMIT 1;
$function$;

-- Who holds the presiding authority now over the meeting (p_item NULL) or
-- over one of its items: whoever presided, then each named successor in
-- turn — for an item, one named for that item before one named for the
-- whole meeting; for the meeting, only those named for the whole meeting.
CREATE FUNCTION yg_inner.presiding_holder(p_meeting bigint, p_item bigint)
 RETURNS bigint
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	holder bigint;
	nxt bigint;
	n integer := 0;
BEGIN
	IF p_item IS NOT NULL THEN
		SELECT presiding INTO holder FROM agenda_entry
		WHERE meeting_id = p_meeting AND item_id = p_item AND removed_at IS NULL;
	END IF;
	holder := coalesce(holder, yg_inner.meeting_presider(p_meeting));
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
$function$;

-- Whether p_member is one of the clerks the meeting's announcement recorded.
CREATE FUNCTION yg_inner.meeting_clerk(p_meeting bigint, p_member bigint)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT EXISTS (SELECT 1 FROM member x, meeting_log l
		WHERE x.id = p_member AND 'clerk' = ANY (x.roles)
		AND l.meeting_id = p_meeting AND l.body::jsonb->>'event' = 'meeting.announced'
		AND l.body::jsonb->'data'->'clerks' ? x.display_name);
$function$;

-- The refusal when p_member may not act in the capacity p_role ('chair':
-- the presiding authority over the meeting or p_item; 'clerk') in p_meeting.
CREATE FUNCTION yg_inner.presiding_require(p_meeting bigint, p_item bigint, p_member bigint, p_role text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
	IF p_role = 'clerk' AND NOT yg_inner.meeting_clerk(p_meeting, p_member) THEN
		PERFORM yg_inner.fail('YG403', format('only a clerk recorded for meeting %s signs as clerk',
			p_meeting));
	ELSIF p_role = 'chair' AND yg_inner.presiding_holder(p_meeting, p_item) IS DISTINCT FROM p_member THEN
		PERFORM yg_inner.fail('YG403', format(
			'only the chair who presided over meeting %s%s, or a successor named by presiding.succeed, may do this',
			p_meeting, CASE WHEN p_item IS NULL THEN '' ELSE format(' (item %s)', p_item) END));
	END IF;
END
$function$;

-- What naming a successor needs: who holds the authority now (the
-- predecessor), the successor, the caller's key. The meeting comes locked.
CREATE FUNCTION api.presiding_succession_facts(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	p_member bigint := (p_args->>'member')::bigint;
	me member := yg_inner.caller_member(p_caller);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
	s member;
BEGIN
	IF m.status NOT IN ('open', 'closed') OR yg_inner.meeting_presider(m.id) IS NULL THEN
		PERFORM yg_inner.fail('YG409', format('meeting %s has not been presided over yet', m.id));
	END IF;
	IF p_item IS NOT NULL AND NOT EXISTS (SELECT 1 FROM agenda_entry WHERE meeting_id = m.id
			AND item_id = p_item AND removed_at IS NULL) THEN
		PERFORM yg_inner.fail('YG404', format('item %s is not on the agenda of meeting %s', p_item, m.id));
	END IF;
	SELECT * INTO s FROM member WHERE id = p_member AND committee_id = me.committee_id;
	RETURN jsonb_build_object('meeting', m.id, 'item', p_item, 'caller', me.id,
		'admin', 'admin' = ANY (me.roles),
		'predecessor', yg_inner.presiding_holder(m.id, p_item),
		'successor', s.id, 'successor_chair', coalesce(s.status = 'active' AND 'chair' = ANY (s.roles), false),
		'key', (SELECT public_key FROM member_key WHERE id = (p_caller->>'key')::bigint));
END
$function$;

-- Name the successor (ygd has checked the signature over the succession
-- message); the same rules are checked again here. presiding.succeed
-- {meeting, item, member, reason, signature}, with the key ygd verified
-- the signature by.
CREATE FUNCTION api.presiding_succeed(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	p_member bigint := (p_args->>'member')::bigint;
	p_reason text := p_args->>'reason';
	p_key text := p_args->>'key';
	p_signature text := p_args->>'signature';
	me member := yg_inner.caller_in_role(p_caller, ARRAY['admin', 'chair']);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
	pred bigint := yg_inner.presiding_holder(m.id, p_item);
	s member;
	seq bigint;
BEGIN
	IF pred IS NULL THEN
		PERFORM yg_inner.fail('YG409', format('meeting %s has not been presided over yet', m.id));
	END IF;
	IF NOT 'admin' = ANY (me.roles) AND me.id <> pred THEN
		PERFORM yg_inner.fail('YG403', 'only an admin or the presiding chair names a successor');
	END IF;
	SELECT * INTO s FROM member WHERE id = p_member AND committee_id = me.committee_id
		AND status = 'active' AND 'chair' = ANY (roles);
	IF NOT FOUND OR s.id = pred THEN
		PERFORM yg_inner.fail('YG409', format('member %s cannot succeed: a successor is another active member holding the chair role',
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
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, 'presiding.succeed',
		'meeting:' || m.id, jsonb_build_object('item', p_item, 'predecessor', pred,
			'successor', s.id, 'reason', p_reason));
	RETURN jsonb_build_object('meeting', m.id, 'item', p_item, 'predecessor', pred,
		'successor', s.id, 'name', s.display_name, 'log_seq', seq);
END
$function$;

-- The current version of a decision's publication: the review, or its
-- latest revision (n 0: the review itself).
CREATE FUNCTION yg_inner.publication_current(p_item bigint, OUT n integer, OUT mode text, OUT summary text, OUT action text, OUT reason text, OUT revised_at timestamp with time zone)
 RETURNS record
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT * FROM (
		SELECT x.n, x.mode, x.summary, x.action, x.reason, x.revised_at
		FROM publication_revision x WHERE x.item_id = p_item
		UNION ALL
		SELECT 0, p.mode, p.summary, NULL, NULL, p.published_at
		FROM publication p WHERE p.item_id = p_item) v
	ORDER BY v.n DESC LIMIT 1;
$function$;

-- What a revision needs: the current version and who holds the authority.
-- publication.revise {item, action, text, reason}.
CREATE FUNCTION api.publication_revision_facts(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_item bigint := (p_args->>'item')::bigint;
	me member := yg_inner.caller_member(p_caller);
	p publication;
BEGIN
	SELECT * INTO p FROM publication WHERE item_id = p_item AND committee_id = me.committee_id
		FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('item %s has no publication review to revise', p_item));
	END IF;
	RETURN jsonb_build_object('item', p.item_id, 'mode', (yg_inner.publication_current(p.item_id)).mode,
		'caller', me.id, 'holder', yg_inner.presiding_holder(p.meeting_id, p.item_id));
END
$function$;

-- The revision itself, the rules checked again: correct (a published
-- decision gets a new public text), withdraw (a published decision leaves
-- the public text; the page says why), declassify (a withheld one is
-- published: in full without text, in summary with it).
CREATE FUNCTION api.publication_revise(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_item bigint := (p_args->>'item')::bigint;
	p_action text := p_args->>'action';
	p_text text := p_args->>'text';
	p_reason text := p_args->>'reason';
	me member := yg_inner.caller_in_role(p_caller, ARRAY['chair']);
	p publication;
	cur text;
	nmode text;
	x publication_revision;
BEGIN
	SELECT * INTO p FROM publication WHERE item_id = p_item AND committee_id = me.committee_id
		FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('item %s has no publication review to revise', p_item));
	END IF;
	PERFORM yg_inner.presiding_require(p.meeting_id, p.item_id, me.id, 'chair');
	cur := (yg_inner.publication_current(p.item_id)).mode;
	nmode := CASE
		WHEN p_action = 'correct' AND cur IN ('full', 'summary') AND p_text IS NOT NULL THEN 'summary'
		WHEN p_action = 'withdraw' AND cur IN ('full', 'summary') AND p_text IS NULL THEN 'withdrawn'
		WHEN p_action = 'declassify' AND cur = 'withheld' THEN
			CASE WHEN p_text IS NULL THEN 'full' ELSE 'summary' END
		END;
	IF nmode IS NULL THEN
		PERFORM yg_inner.fail('YG409', format('item %s is %s: it cannot be %s', p_item, cur,
			CASE p_action WHEN 'correct' THEN 'corrected' WHEN 'withdraw' THEN 'withdrawn'
				ELSE 'declassified' END));
	END IF;
	INSERT INTO publication_revision (item_id, n, action, mode, summary, reason, revised_by)
	VALUES (p.item_id, coalesce((SELECT max(n) FROM publication_revision WHERE item_id = p.item_id), 0) + 1,
		p_action, nmode, CASE WHEN nmode = 'summary' THEN p_text END, p_reason, me.id)
	RETURNING * INTO x;
	PERFORM yg_inner.log(p.committee_id, me.id, 'member:' || me.id, 'publication.' || p_action,
		'item:' || p.item_id, jsonb_build_object('n', x.n, 'mode', x.mode, 'text', p_text,
			'reason', p_reason, 'was', cur));
	PERFORM yg_emit('committee:' || p.committee_id, 'publication.revised',
		jsonb_build_object('item', p.item_id, 'action', p_action, 'mode', x.mode, 'n', x.n));
	RETURN jsonb_build_object('item', p.item_id, 'n', x.n, 'action', x.action, 'mode', x.mode,
		'was', cur, 'revised_at', x.revised_at);
END
$function$;

-- The public versions of a decision before the current one (withheld ones
-- were never public), oldest first, for the portal.
CREATE FUNCTION yg_inner.portal_versions(p publication, v item_version)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT coalesce(jsonb_agg(jsonb_build_object('n', x.n, 'mode', x.mode,
		'summary', CASE x.mode WHEN 'summary' THEN x.summary WHEN 'full' THEN v.summary END,
		'from', x.at, 'reason', x.reason) ORDER BY x.n), '[]')
	FROM (SELECT 0 AS n, p.mode, p.summary, p.published_at AS at, NULL::text AS reason
	      UNION ALL
	      SELECT r.n, r.mode, r.summary, r.revised_at, r.reason FROM publication_revision r
	      WHERE r.item_id = p.item_id) x
	WHERE x.mode IN ('full', 'summary')
	  AND x.n < (yg_inner.publication_current(p.item_id)).n;
$function$;

-- minutes.correct {meeting, text, reason, signature} or
-- minutes.countersign {meeting, correction, signature}: what proposing
-- (p_n NULL) or co-signing correction p_n needs: the
-- minutes, the correction, the caller's key and capacities.
CREATE FUNCTION api.minutes_correction_facts(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_n integer := (p_args->>'correction')::integer;
	me member := yg_inner.caller_member(p_caller);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
	c minutes_correction;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM minutes WHERE meeting_id = m.id) THEN
		PERFORM yg_inner.fail('YG409', 'read the minutes first (minutes.get)');
	END IF;
	IF p_n IS NOT NULL THEN
		SELECT * INTO c FROM minutes_correction WHERE meeting_id = m.id AND n = p_n;
		IF NOT FOUND THEN
			PERFORM yg_inner.fail('YG404', format('the minutes of meeting %s have no correction %s',
				m.id, p_n));
		END IF;
		IF EXISTS (SELECT 1 FROM minutes_correction_signature WHERE meeting_id = m.id AND n = p_n) THEN
			PERFORM yg_inner.fail('YG409', format('correction %s is already co-signed', p_n));
		END IF;
	END IF;
	RETURN jsonb_build_object('meeting', m.id, 'member', me.id,
		'body', (SELECT body FROM minutes WHERE meeting_id = m.id),
		'text', c.body, 'reason', c.reason,
		'key', (SELECT public_key FROM member_key WHERE id = (p_caller->>'key')::bigint),
		'holder', yg_inner.presiding_holder(m.id, NULL), 'clerk', yg_inner.meeting_clerk(m.id, me.id));
END
$function$;

CREATE FUNCTION api.minutes_correct(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_text text := p_args->>'text';
	p_reason text := p_args->>'reason';
	p_key text := p_args->>'key';
	p_signature text := p_args->>'signature';
	me member := yg_inner.caller_member(p_caller);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
	c minutes_correction;
BEGIN
	PERFORM yg_inner.presiding_require(m.id, NULL, me.id, 'clerk');
	INSERT INTO minutes_correction (meeting_id, n, body, reason, clerk_id, clerk_key, clerk_signature)
	VALUES (m.id, coalesce((SELECT max(n) FROM minutes_correction WHERE meeting_id = m.id), 0) + 1,
		p_text, p_reason, me.id, p_key, p_signature)
	RETURNING * INTO c;
	PERFORM yg_log_append(m.id, 'member:' || me.id, 'minutes.correction_proposed',
		jsonb_build_object('n', c.n, 'text', p_text, 'reason', p_reason, 'member', me.id,
			'name', me.display_name, 'key', p_key, 'signature', p_signature,
			'minutes_sha256', (SELECT sha256 FROM minutes WHERE meeting_id = m.id)), true);
	RETURN yg_inner.minutes_json(m.id) || jsonb_build_object('n', c.n);
END
$function$;

CREATE FUNCTION api.minutes_countersign(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_n integer := (p_args->>'correction')::integer;
	p_key text := p_args->>'key';
	p_signature text := p_args->>'signature';
	me member := yg_inner.caller_in_role(p_caller, ARRAY['chair']);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
BEGIN
	PERFORM yg_inner.presiding_require(m.id, NULL, me.id, 'chair');
	INSERT INTO minutes_correction_signature (meeting_id, n, member_id, public_key, signature)
	VALUES (m.id, p_n, me.id, p_key, p_signature);
	PERFORM yg_log_append(m.id, 'member:' || me.id, 'minutes.correction_signed',
		jsonb_build_object('n', p_n, 'member', me.id, 'name', me.display_name, 'key', p_key,
			'signature', p_signature), true);
	RETURN yg_inner.minutes_json(m.id) || jsonb_build_object('n', p_n);
END
$function$;
