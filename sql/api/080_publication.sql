-- publication: functions. Re-applied whole whenever any file of sql/api changes (see
-- sql/api/README.md); tables and data stay in the numbered migrations.

-- The round that decided an item: its last closed round that is not a
-- run-off call.
CREATE FUNCTION yg_inner.deciding_round(p_item bigint)
 RETURNS vote_round
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT * FROM vote_round WHERE item_id = p_item AND state = 'closed' AND result <> 'runoff'
	ORDER BY closed_at DESC LIMIT 1;
$function$;

-- A meeting log entry as exports give it: {seq, body, prev_hash, hash}.
CREATE FUNCTION yg_inner.log_entry_json(l meeting_log)
 RETURNS jsonb
 LANGUAGE sql
 IMMUTABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('seq', l.seq, 'body', l.body, 'prev_hash', l.prev_hash, 'hash', l.hash);
$function$;

-- A voided round as the election record holds it (VOTE.md §8): its
-- question, its ceremony, the signed void act (the vote.voided entry of the
-- log) and the entries that made its actor the presiding member then
-- (meeting.opened, and each meeting-wide presiding.succeeded before it).
CREATE FUNCTION yg_inner.voided_round_json(r vote_round)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	act meeting_log;
BEGIN
	SELECT * INTO act FROM meeting_log l WHERE l.meeting_id = r.meeting_id
		AND l.body::jsonb->>'event' = 'vote.voided'
		AND (l.body::jsonb->'data'->>'item')::bigint = r.item_id
		AND (l.body::jsonb->'data'->>'round')::integer = r.round
	ORDER BY l.seq LIMIT 1;
	RETURN jsonb_build_object('round', r.round, 'state', 'voided', 'ceremony', r.ceremony,
		'question', r.question,
		'void', CASE WHEN act.seq IS NULL THEN NULL ELSE yg_inner.log_entry_json(act) END,
		'authority', (SELECT coalesce(jsonb_agg(yg_inner.log_entry_json(l) ORDER BY l.seq), '[]')
			FROM meeting_log l WHERE l.meeting_id = r.meeting_id AND l.seq < coalesce(act.seq, 0)
			AND (l.body::jsonb->>'event' = 'meeting.opened'
				OR (l.body::jsonb->>'event' = 'presiding.succeeded'
					AND jsonb_typeof(l.body::jsonb->'data'->'item') IS DISTINCT FROM 'number'))));
END
$function$;

-- A closed round as the election record holds it (VOTE.md §8).
CREATE FUNCTION yg_inner.closed_round_json(r vote_round)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('round', r.round, 'state', 'closed', 'ceremony', r.ceremony,
		'question', r.question,
		'entitled', r.entitled, 'present', r.present, 'quorum', r.quorum, 'rules', r.rules,
		'eligible', r.eligible,
		'ballots', (SELECT coalesce(jsonb_agg(jsonb_build_object('voter', b.voter,
			'voter_key', b.voter_key, 'ballot', yg_inner.ballot_json(b), 'signature', b.signature,
			'receipt', b.receipt) ORDER BY b.voter), '[]') FROM ballot b
			WHERE b.meeting_id = r.meeting_id AND b.item_id = r.item_id AND b.round = r.round),
		'aggregate', r.aggregate,
		'decryptions', (SELECT coalesce(jsonb_agg(jsonb_build_object('index', d.idx,
			'decryptions', d.share->'decryptions') ORDER BY d.idx), '[]') FROM decryption d
			WHERE d.meeting_id = r.meeting_id AND d.item_id = r.item_id AND d.round = r.round),
		'counts', r.counts, 'outcome', r.outcome, 'tally', r.tally);
$function$;

-- The election record of an item in a meeting (VOTE.md §8): its closed and
-- voided rounds, or NULL when none has closed. vote.record (for the
-- committee) and the portal (for a decision published in full) both serve
-- it. The key ceremonies listed are those its rounds were under.
CREATE FUNCTION yg_inner.election_record(p_meeting bigint, p_item bigint)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	m meeting;
	title text;
	last vote_round;
	format integer := 3;
BEGIN
	SELECT * INTO m FROM meeting WHERE id = p_meeting;
	SELECT * INTO last FROM vote_round r WHERE r.meeting_id = m.id AND r.item_id = p_item
		AND r.state = 'closed' ORDER BY r.round DESC LIMIT 1;
	IF last.signer IS NULL THEN
		RETURN NULL;
	END IF;
	SELECT v.title INTO title FROM agenda_entry a JOIN item_version v ON v.item_id = a.item_id
		AND v.version = a.item_version WHERE a.meeting_id = m.id AND a.item_id = p_item;
	-- Rounds closed before migration 0023 lack what their tally signs
	-- (format 1); keys published before 0025 lack their holder's signature
	-- (format 2). Verifiers refuse both by name.
	IF EXISTS (SELECT 1 FROM vote_round r WHERE r.meeting_id = m.id AND r.item_id = p_item
			AND r.state = 'closed' AND (r.log_head IS NULL OR r.quorum IS NULL)) THEN
		format := 1;
	ELSIF EXISTS (SELECT 1 FROM scrutineer s JOIN vote_round r ON r.meeting_id = s.meeting_id
			AND r.ceremony = s.ceremony WHERE r.meeting_id = m.id AND r.item_id = p_item
			AND r.state IN ('closed', 'voided') AND s.signature IS NULL) THEN
		format := 2;
	END IF;
	RETURN jsonb_build_object('format', 'yangguang-election-record/' || format,
		'committee', m.committee_id,
		'meeting', m.id, 'item', p_item, 'title', title, 'server_key', last.signer,
		'ceremonies', (SELECT jsonb_agg(jsonb_build_object('ceremony', c.ceremony,
			'scrutineers', (SELECT jsonb_agg(jsonb_build_object('index', s.idx,
				'member', s.member_id, 'member_key', s.member_key, 'key', s.public_key,
				'proof', s.proof, 'signature', s.signature) ORDER BY s.idx)
				FROM scrutineer s WHERE s.meeting_id = m.id AND s.ceremony = c.ceremony),
			'election_key', c.election_key)
			-- a threshold key ceremony, whole and signed (BALLOT.md §7.7); no
			-- member at all for the plain sum of keys
			|| coalesce((SELECT jsonb_build_object('threshold', jsonb_build_object(
				'k', kc.threshold, 'scrutineers', (SELECT jsonb_agg(jsonb_build_object(
					'index', s.idx, 'member', s.member_id, 'member_key', s.member_key,
					'dealing', s.dealing, 'dealing_signature', s.dealing_signature,
					'verification_key', s.verification_key, 'share_proof', s.share_proof,
					'accept_signature', s.accept_signature) ORDER BY s.idx) FROM scrutineer s
					WHERE s.meeting_id = m.id AND s.ceremony = c.ceremony)))
				FROM key_ceremony kc WHERE kc.meeting_id = m.id AND kc.ceremony = c.ceremony), '{}') ORDER BY c.ceremony)
			FROM (SELECT r.ceremony, min(r.election_key) AS election_key FROM vote_round r
				WHERE r.meeting_id = m.id AND r.item_id = p_item
				AND r.state IN ('closed', 'voided') GROUP BY r.ceremony) c),
		'rounds', (SELECT jsonb_agg(CASE r.state WHEN 'closed' THEN yg_inner.closed_round_json(r)
				ELSE yg_inner.voided_round_json(r) END ORDER BY r.round)
			FROM vote_round r WHERE r.meeting_id = m.id AND r.item_id = p_item
			AND r.state IN ('closed', 'voided')),
		-- the log's head when the last round closed, as its tally signs it
		'log_head', last.log_head);
END
$function$;

-- The review of a decision: the facts carry who holds the authority over
-- the item in the meeting that decided it; the store re-checks it.
-- publication.publish {item, mode, text}.
CREATE FUNCTION api.publication_facts(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_item bigint := (p_args->>'item')::bigint;
	me member := yg_inner.caller_member(p_caller);
	i item;
	r vote_round;
	rules jsonb;
BEGIN
	IF NOT 'chair' = ANY (me.roles) THEN
		PERFORM yg_inner.fail('YG403', 'only the chair reviews and publishes decisions');
	END IF;
	SELECT * INTO i FROM item WHERE id = p_item AND committee_id = me.committee_id FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no item %s in this committee', p_item));
	END IF;
	IF i.status NOT IN ('decided', 'rejected') THEN
		PERFORM yg_inner.fail('YG409', format('item %s is %s: only a decided or rejected item is published',
			p_item, i.status));
	END IF;
	IF EXISTS (SELECT 1 FROM publication WHERE item_id = i.id) THEN
		PERFORM yg_inner.fail('YG409', format('item %s has been reviewed already; a review is final', p_item));
	END IF;
	r := yg_inner.deciding_round(i.id);
	SELECT c.rules INTO rules FROM committee c WHERE c.id = i.committee_id;
	RETURN jsonb_build_object('item', i.id, 'status', i.status,
		'personnel', (SELECT k.personnel FROM item_version v JOIN category k ON k.code = v.category
			WHERE v.item_id = i.id AND v.version = i.version),
		'meeting', r.meeting_id, 'result', r.result,
		'now', extract(epoch FROM now()),
		'notice_workdays', (rules->>'preappointment_notice_workdays')::integer,
		-- In a trial committee (试用) the notice runs its workdays as trial
		-- days (trial_day_seconds each), as every other period does.
		'trial', (SELECT c.trial FROM committee c WHERE c.id = i.committee_id),
		'notice_trial_seconds', floor(extract(epoch FROM yg_inner.rule_span(i.committee_id,
			(rules->>'preappointment_notice_workdays')::numeric))),
		'caller', me.id, 'holder', yg_inner.presiding_holder(r.meeting_id, i.id));
END
$function$;

-- publication.publish {item, mode, text}, once ygd has judged the
-- authority, with the mode as ygd read it and the end of the 任前公示 it
-- worked out (notice_ends, absent without one); the rules checked again.
CREATE FUNCTION api.publication_store(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_item bigint := (p_args->>'item')::bigint;
	p_mode text := p_args->>'mode';
	p_text text := p_args->>'text';
	p_notice_ends text := p_args->>'notice_ends';
	me member := yg_inner.caller_in_role(p_caller, ARRAY['chair']);
	i item;
	r vote_round;
	days integer;
	trial boolean;
	workdays numeric;
	p publication;
BEGIN
	SELECT * INTO i FROM item WHERE id = p_item AND committee_id = me.committee_id FOR UPDATE;
	IF NOT FOUND OR NOT 'chair' = ANY (me.roles) OR i.status NOT IN ('decided', 'rejected') THEN
		PERFORM yg_inner.fail('YG409', format('item %s cannot be published now', p_item));
	END IF;
	r := yg_inner.deciding_round(i.id);
	PERFORM yg_inner.presiding_require(r.meeting_id, i.id, me.id, 'chair');
	SELECT (rules->>'publication_days')::integer INTO days FROM committee WHERE id = i.committee_id;
	-- The 任前公示's end, re-checked (ygd worked it out): in a trial
	-- committee (试用) its workdays are trial days, from this moment; a
	-- real committee's are working days, so never fewer calendar days.
	IF p_notice_ends IS NOT NULL THEN
		SELECT c.trial, (c.rules->>'preappointment_notice_workdays')::numeric INTO trial, workdays
		FROM committee c WHERE c.id = i.committee_id;
		IF trial AND p_notice_ends::timestamptz
		    <> date_trunc('second', now()) + yg_inner.rule_span(i.committee_id, workdays) THEN
			PERFORM yg_inner.fail('YG409', format('in a trial (试用) the pre-appointment notice '
				'lasts %s trial days, until %s, not until %s', workdays,
				yg_inner.utc_text(date_trunc('second', now())
					+ yg_inner.rule_span(i.committee_id, workdays)),
				yg_inner.utc_text(p_notice_ends::timestamptz)));
		ELSIF NOT trial AND p_notice_ends::timestamptz < now() + make_interval(days => workdays::integer) THEN
			PERFORM yg_inner.fail('YG409', format('the pre-appointment notice lasts %s working days, '
				'not until %s', workdays, yg_inner.utc_text(p_notice_ends::timestamptz)));
		END IF;
	END IF;
	INSERT INTO publication (item_id, committee_id, meeting_id, mode, summary, reason, decided_at,
		due_at, reviewed_by, notice_ends_at)
	VALUES (i.id, i.committee_id, r.meeting_id, p_mode,
		CASE WHEN p_mode = 'summary' THEN p_text END, CASE WHEN p_mode = 'withheld' THEN p_text END,
		r.closed_at, r.closed_at + yg_inner.rule_span(i.committee_id, days), me.id,
		p_notice_ends::timestamptz)
	RETURNING * INTO p;
	PERFORM yg_inner.log(i.committee_id, me.id, 'member:' || me.id, 'publication.' || p_mode,
		'item:' || i.id, jsonb_build_object('text', p_text, 'notice_ends_at', p.notice_ends_at,
			'overdue', p.published_at > p.due_at));
	PERFORM yg_emit('committee:' || i.committee_id, 'publication.made',
		jsonb_build_object('item', i.id, 'mode', p_mode));
	RETURN jsonb_build_object('item', i.id, 'mode', p.mode, 'published_at', p.published_at,
		'due_at', p.due_at, 'overdue', p.published_at > p.due_at,
		'notice_ends_at', p.notice_ends_at);
END
$function$;

-- publication.list shows each decision's current version: its mode now,
-- and the reason of its latest revision (or of the withholding).
-- publication.list {overdue}.
CREATE FUNCTION api.publication_list(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_overdue boolean := coalesce((p_args->>'overdue')::boolean, false);
	me member := yg_inner.caller_in_role(p_caller, ARRAY['chair', 'clerk', 'auditor']);
	days integer;
BEGIN
	SELECT (rules->>'publication_days')::integer INTO days FROM committee WHERE id = me.committee_id;
	RETURN jsonb_build_object('now', now(), 'publication_days', days, 'items', coalesce((
		SELECT jsonb_agg(x ORDER BY x->>'state' DESC, x->>'due_at') FROM (
			SELECT jsonb_build_object('item', i.id, 'title', v.title, 'category', v.category,
				'status', i.status, 'meeting', r.meeting_id, 'decided_at', r.closed_at,
				'due_at', coalesce(p.due_at, r.closed_at + yg_inner.rule_span(i.committee_id, days)),
				'state', CASE WHEN p.item_id IS NULL THEN 'pending' ELSE 'reviewed' END,
				'overdue', CASE WHEN p.item_id IS NULL
					THEN now() > r.closed_at + yg_inner.rule_span(i.committee_id, days)
					ELSE p.published_at > p.due_at END,
				'mode', cur.mode, 'reviewed_mode', p.mode, 'revisions', coalesce(cur.n, 0),
				'published_at', p.published_at,
				'reason', coalesce(cur.reason, p.reason),
				'notice_ends_at', p.notice_ends_at) AS x
			FROM item i JOIN item_version v ON v.item_id = i.id AND v.version = i.version
			CROSS JOIN LATERAL yg_inner.deciding_round(i.id) r
			LEFT JOIN publication p ON p.item_id = i.id
			LEFT JOIN LATERAL yg_inner.publication_current(i.id) cur ON true
			WHERE i.committee_id = me.committee_id AND i.status IN ('decided', 'rejected')
			  AND r.item_id IS NOT NULL
			  AND (NOT p_overdue OR (p.item_id IS NULL
				AND now() > r.closed_at + yg_inner.rule_span(i.committee_id, days)))) s), '[]'));
END
$function$;

-- Counts of comments per stance in one phase of an item.
CREATE FUNCTION yg_inner.portal_comment_counts(p_item bigint, p_phase text)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object(
		'support', count(*) FILTER (WHERE stance = 'support'),
		'object', count(*) FILTER (WHERE stance = 'object'),
		'neutral', count(*) FILTER (WHERE stance = 'neutral'))
	FROM comment WHERE item_id = p_item AND phase = p_phase;
$function$;

CREATE FUNCTION yg_inner.portal_announcement_json(i item, v item_version)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('id', i.id, 'version', v.version, 'committee', c.name,
		'trial', c.trial, 'title', v.title, 'summary', v.summary, 'category', v.category,
		'category_name', k.name_zh, 'affects_public', v.affects_public,
		'announced_at', v.announced_at, 'window_ends_at', v.window_ends_at,
		'open', now() < v.window_ends_at,
		'comments', yg_inner.portal_comment_counts(i.id, 'announcement'))
	FROM committee c, category k WHERE c.id = i.committee_id AND k.code = v.category;
$function$;

CREATE FUNCTION yg_inner.portal_decision_unfiltered(p publication)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('id', p.item_id, 'committee', c.name, 'trial', c.trial,
		'title', v.title,
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
		'versions', yg_inner.portal_versions(p, v),
		'notice', CASE WHEN p.notice_ends_at IS NOT NULL AND cur.mode <> 'withdrawn' THEN
			jsonb_build_object('starts_at', p.published_at, 'ends_at', p.notice_ends_at,
			'open', now() < p.notice_ends_at,
			'comments', yg_inner.portal_comment_counts(p.item_id, 'notice')) END)
	FROM item i
	JOIN item_version v ON v.item_id = i.id AND v.version = i.version
	JOIN committee c ON c.id = i.committee_id
	JOIN category k ON k.code = v.category
	JOIN meeting m ON m.id = p.meeting_id
	CROSS JOIN LATERAL yg_inner.deciding_round(i.id) r
	CROSS JOIN LATERAL yg_inner.publication_current(p.item_id) cur
	WHERE i.id = p.item_id AND cur.mode <> 'withheld';
$function$;

CREATE FUNCTION yg_inner.portal_decision_json(p publication)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_cadre_summary_redact(yg_inner.portal_decision_unfiltered(p), p);
$function$;

CREATE FUNCTION yg_inner.portal_home()
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('now', now(),
		'announcements', coalesce((SELECT jsonb_agg(yg_inner.portal_announcement_json(i, v)
			ORDER BY v.window_ends_at DESC, i.id DESC)
			FROM item i JOIN item_version v ON v.item_id = i.id AND v.version = i.version
			WHERE v.announced_at IS NOT NULL AND i.status IN ('announced', 'scheduled')
			  AND v.window_ends_at > now() - interval '90 days'), '[]'),
		'decisions', coalesce((SELECT jsonb_agg(d ORDER BY d->>'published_at' DESC) FROM (
			SELECT yg_inner.portal_decision_json(p) AS d FROM publication p
			WHERE (yg_inner.publication_current(p.item_id)).mode <> 'withheld'
			ORDER BY p.published_at DESC LIMIT 100) s), '[]'));
$function$;

CREATE FUNCTION api.portal_home()
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_set(r, '{announcements}', coalesce((SELECT jsonb_agg(e ORDER BY n)
		FROM jsonb_array_elements(r->'announcements') WITH ORDINALITY AS a(e, n)
		WHERE yg_item_listed((e->>'id')::bigint)), '[]'))
	FROM yg_inner.portal_home() r;
$function$;

CREATE FUNCTION yg_inner.portal_item(p_item bigint)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT CASE
		WHEN i.status IN ('announced', 'scheduled') AND v.announced_at IS NOT NULL
			THEN yg_inner.portal_announcement_json(i, v)
		WHEN EXISTS (SELECT 1 FROM publication p WHERE p.item_id = i.id
			     AND (yg_inner.publication_current(p.item_id)).mode <> 'withheld')
			THEN jsonb_build_object('id', i.id, 'decision', i.id)
		END
	FROM item i JOIN item_version v ON v.item_id = i.id AND v.version = i.version
	WHERE i.id = p_item;
$function$;

CREATE FUNCTION api.portal_item(p_item bigint)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT CASE WHEN r ? 'decision' OR yg_item_listed(p_item) THEN r END
	FROM yg_inner.portal_item(p_item) r;
$function$;

CREATE FUNCTION api.portal_decision(p_item bigint)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.portal_decision_json(p) FROM publication p
	WHERE p.item_id = p_item AND (yg_inner.publication_current(p.item_id)).mode <> 'withheld';
$function$;

CREATE FUNCTION api.portal_record(p_item bigint)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.election_record(p.meeting_id, p.item_id) FROM publication p
	WHERE p.item_id = p_item AND (yg_inner.publication_current(p.item_id)).mode = 'full';
$function$;

-- A comment from the page: the committee is the item's own.
-- An anonymous comment from the portal's form on p_phase's page: the
-- announcement of an item (/items/N) or the 任前公示 of a decision
-- (/decisions/N). Whatever the portal does not show is "not found", so that
-- a form can never tell an unpublished item from no item at all.
CREATE FUNCTION api.portal_comment(p_item bigint, p_phase text, p_stance text, p_body text, p_source text, p_rate integer)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	shown jsonb;
BEGIN
	IF p_phase = 'notice' THEN
		shown := api.portal_decision(p_item);
		IF shown IS NULL THEN
			PERFORM yg_inner.fail('YG404', format('no decision %s', p_item));
		END IF;
		IF shown->'notice' = 'null'::jsonb OR shown->'notice'->>'open' <> 'true' THEN
			PERFORM yg_inner.fail('YG409', 'the public notice of this decision is not open');
		END IF;
	ELSE
		shown := api.portal_item(p_item);
		IF shown IS NULL THEN
			PERFORM yg_inner.fail('YG404', format('no item %s', p_item));
		END IF;
		IF shown ? 'decision' OR shown->>'open' <> 'true' THEN
			PERFORM yg_inner.fail('YG409', 'the window for comment on this item has closed');
		END IF;
	END IF;
	RETURN yg_inner.comment_submit_shown(NULL, NULL, p_item, p_stance, p_body, p_source, p_rate);
END
$function$;
