-- 决策结果公开: after an item is decided (or rejected) the chair reviews it
-- for confidentiality (保密审查) and publishes it in full, in summary, or
-- withholds it with a recorded reason, within the committee's
-- publication_days of the decision. A cadre decision published gets a
-- pre-appointment public notice (任前公示) whose window ygd computes in
-- working days (server/policy/workdays.c); comments are collected during it
-- as during the pre-announcement. The public portal reads only through the
-- api.portal_* functions below, which return nothing that is not published.

-- Comments now come in two phases: on the announcement (征求意见) and on
-- the pre-appointment notice (任前公示).
ALTER TABLE comment ADD COLUMN phase text NOT NULL DEFAULT 'announcement'
	CHECK (phase IN ('announcement', 'notice'));

-- One review per decided item, written once. decided_at is when the vote
-- that decided it closed; due_at is decided_at + publication_days.
CREATE TABLE publication (
	item_id bigint PRIMARY KEY REFERENCES item,
	committee_id bigint NOT NULL REFERENCES committee,
	meeting_id bigint NOT NULL REFERENCES meeting,
	mode text NOT NULL CHECK (mode IN ('full', 'summary', 'withheld')),
	summary text CHECK (char_length(summary) BETWEEN 1 AND 20000), -- the public text of a summary
	reason text CHECK (char_length(reason) BETWEEN 1 AND 2000),    -- why it is withheld
	decided_at timestamptz NOT NULL,
	due_at timestamptz NOT NULL,
	reviewed_by bigint NOT NULL REFERENCES member,
	published_at timestamptz NOT NULL DEFAULT clock_timestamp(),
	notice_ends_at timestamptz, -- end of the 任前公示 window, cadre decisions only
	CHECK ((mode = 'summary') = (summary IS NOT NULL)),
	CHECK ((mode = 'withheld') = (reason IS NOT NULL)),
	CHECK (notice_ends_at IS NULL OR (mode <> 'withheld' AND notice_ends_at > published_at))
);

CREATE INDEX publication_list ON publication (published_at DESC) WHERE mode <> 'withheld';

CREATE TRIGGER publication_append_only BEFORE UPDATE OR DELETE ON publication
	FOR EACH ROW EXECUTE FUNCTION yg_append_only();
CREATE TRIGGER publication_no_truncate BEFORE TRUNCATE ON publication
	FOR EACH STATEMENT EXECUTE FUNCTION yg_append_only();

-- The round that decided an item: its last closed round that is not a
-- run-off call.
CREATE FUNCTION api.deciding_round(p_item bigint) RETURNS vote_round
LANGUAGE sql STABLE AS $$
	SELECT * FROM vote_round WHERE item_id = p_item AND state = 'closed' AND result <> 'runoff'
	ORDER BY closed_at DESC LIMIT 1;
$$;

-- The election record of an item in a meeting (VOTE.md §8): its closed
-- rounds, or NULL when none has closed. vote.record (for the committee)
-- and the portal (for a decision published in full) both serve it.
CREATE FUNCTION api.election_record(p_meeting bigint, p_item bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
	m meeting;
	title text;
	signer text;
BEGIN
	SELECT * INTO m FROM meeting WHERE id = p_meeting;
	SELECT r.signer INTO signer FROM vote_round r WHERE r.meeting_id = m.id AND r.item_id = p_item
		AND r.state = 'closed' ORDER BY r.round DESC LIMIT 1;
	IF signer IS NULL THEN
		RETURN NULL;
	END IF;
	SELECT v.title INTO title FROM agenda_entry a JOIN item_version v ON v.item_id = a.item_id
		AND v.version = a.item_version WHERE a.meeting_id = m.id AND a.item_id = p_item;
	RETURN jsonb_build_object('format', 'yangguang-election-record/1', 'committee', m.committee_id,
		'meeting', m.id, 'item', p_item, 'title', title, 'server_key', signer,
		'scrutineers', (SELECT jsonb_agg(jsonb_build_object('index', s.idx, 'member', s.member_id,
			'member_key', s.member_key, 'key', s.public_key, 'proof', s.proof) ORDER BY s.idx)
			FROM scrutineer s WHERE s.meeting_id = m.id),
		'election_key', m.election_key,
		'rounds', (SELECT jsonb_agg(jsonb_build_object('round', r.round, 'question', r.question,
			'entitled', r.entitled, 'present', r.present, 'rules', r.rules, 'eligible', r.eligible,
			'ballots', (SELECT coalesce(jsonb_agg(jsonb_build_object('voter', b.voter,
				'voter_key', b.voter_key, 'ballot', b.ballot, 'signature', b.signature,
				'receipt', b.receipt) ORDER BY b.voter), '[]') FROM ballot b
				WHERE b.meeting_id = r.meeting_id AND b.item_id = r.item_id AND b.round = r.round),
			'aggregate', r.aggregate,
			'decryptions', (SELECT coalesce(jsonb_agg(jsonb_build_object('index', d.idx,
				'decryptions', d.share->'decryptions') ORDER BY d.idx), '[]') FROM decryption d
				WHERE d.meeting_id = r.meeting_id AND d.item_id = r.item_id AND d.round = r.round),
			'counts', r.counts, 'outcome', r.outcome, 'tally', r.tally) ORDER BY r.round)
			FROM vote_round r WHERE r.meeting_id = m.id AND r.item_id = p_item AND r.state = 'closed'),
		'log_head', (SELECT jsonb_build_object('seq', seq, 'hash', hash) FROM meeting_log
			WHERE meeting_id = m.id ORDER BY seq DESC LIMIT 1));
END
$$;

CREATE OR REPLACE FUNCTION api.vote_record(p_caller jsonb, p_meeting bigint, p_item bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	me member := api.caller_member(p_caller);
	m meeting;
	rec jsonb;
BEGIN
	SELECT * INTO m FROM meeting WHERE id = p_meeting AND committee_id = me.committee_id;
	IF NOT FOUND THEN
		PERFORM api.fail('YG404', format('no meeting %s in this committee', p_meeting));
	END IF;
	rec := api.election_record(m.id, p_item);
	IF rec IS NULL THEN
		PERFORM api.fail('YG409', format('no vote on item %s has closed in meeting %s', p_item, m.id));
	END IF;
	RETURN rec;
END
$$;

-- What the chair's review needs, the item locked: ygd computes the notice
-- window (working days) between this and publication_store.
CREATE FUNCTION api.publication_facts(p_caller jsonb, p_item bigint) RETURNS jsonb
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
		'notice_workdays', (rules->>'preappointment_notice_workdays')::integer);
END
$$;

-- The review itself: full, summary (with the public text) or withheld (with
-- the reason); p_notice_ends is the 任前公示 window's end or NULL.
CREATE FUNCTION api.publication_store(p_caller jsonb, p_item bigint, p_mode text, p_text text,
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

-- Every decided or rejected item of the caller's committee with its review:
-- pending ones first (with their deadline, overdue or not), then reviewed.
-- For the chair and the auditors.
CREATE FUNCTION api.publication_list(p_caller jsonb, p_overdue boolean) RETURNS jsonb
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
				'mode', p.mode, 'published_at', p.published_at, 'reason', p.reason,
				'notice_ends_at', p.notice_ends_at) AS x
			FROM item i JOIN item_version v ON v.item_id = i.id AND v.version = i.version
			CROSS JOIN LATERAL api.deciding_round(i.id) r
			LEFT JOIN publication p ON p.item_id = i.id
			WHERE i.committee_id = me.committee_id AND i.status IN ('decided', 'rejected')
			  AND r.item_id IS NOT NULL
			  AND (NOT p_overdue OR (p.item_id IS NULL
				AND now() > r.closed_at + make_interval(days => days)))) s), '[]'));
END
$$;

-- A comment on the current version while its announcement window is open,
-- or on a published cadre decision while its 任前公示 window is open: from a
-- logged in observer (p_caller), or anonymous from network address
-- p_source, at most p_rate an hour from one observer or one address.
CREATE OR REPLACE FUNCTION api.comment_submit(p_caller jsonb, p_committee bigint, p_id bigint,
					      p_stance text, p_body text, p_source text, p_rate integer)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	obs bigint;
	i item;
	v item_version;
	p publication;
	cid bigint;
	ph text;
	ends timestamptz;
	-- Only for counting: p_source is ygd's keyed tag of the address
	-- (server/sourcetag.c), hashed once more here; no address is kept.
	src text := encode(sha256(convert_to('yg-comment-source:' || coalesce(p_source, ''), 'UTF8')), 'hex');
BEGIN
	IF p_caller IS NOT NULL THEN
		cid := api.caller_committee(p_caller);
		obs := (p_caller->>'id')::bigint;
	ELSE
		cid := p_committee;
	END IF;
	SELECT * INTO i FROM item WHERE id = p_id AND (cid IS NULL OR committee_id = cid) FOR SHARE;
	IF NOT FOUND THEN
		PERFORM api.fail('YG404', format('no item %s in this committee', p_id));
	END IF;
	cid := i.committee_id;
	SELECT * INTO v FROM item_version WHERE item_id = i.id AND version = i.version;
	SELECT * INTO p FROM publication WHERE item_id = i.id;
	IF v.announced_at IS NOT NULL AND i.status IN ('announced', 'scheduled') AND now() < v.window_ends_at THEN
		ph := 'announcement';
	ELSIF p.notice_ends_at IS NOT NULL AND now() < p.notice_ends_at THEN
		ph := 'notice';
	ELSE
		ends := coalesce(p.notice_ends_at, v.window_ends_at);
		PERFORM api.fail('YG409', format('item %s is not open for comments%s', p_id,
			CASE WHEN ends IS NOT NULL AND now() >= ends
			THEN format(' (the window ended at %s)', ends) ELSE '' END));
	END IF;
	-- Serialise comments of one source, so the count below cannot be raced.
	PERFORM pg_advisory_xact_lock(hashtext(coalesce('observer:' || obs, src)));
	IF (SELECT count(*) FROM comment WHERE created_at > now() - interval '1 hour'
	    AND (CASE WHEN obs IS NULL THEN observer_id IS NULL AND source = src
		 ELSE observer_id = obs END)) >= p_rate THEN
		PERFORM api.fail('YG409', format('at most %s comments an hour; try again later', p_rate));
	END IF;
	INSERT INTO comment (item_id, item_version, observer_id, source, stance, body, phase)
	VALUES (i.id, v.version, obs, CASE WHEN obs IS NULL THEN src ELSE '' END, p_stance, p_body, ph);
	PERFORM yg_emit('committee:' || cid, 'comment.added', jsonb_build_object('item', i.id, 'phase', ph));
	RETURN jsonb_build_object('item', i.id, 'version', v.version, 'phase', ph,
		'window_ends_at', CASE ph WHEN 'notice' THEN p.notice_ends_at ELSE v.window_ends_at END);
END
$$;

CREATE OR REPLACE FUNCTION api.comment_list(p_caller jsonb, p_id bigint) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	cid bigint := (api.caller_member(p_caller)).committee_id;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM item WHERE id = p_id AND committee_id = cid) THEN
		PERFORM api.fail('YG404', format('no item %s in this committee', p_id));
	END IF;
	RETURN jsonb_build_object('item', p_id, 'comments', coalesce((SELECT jsonb_agg(
		jsonb_build_object('id', k.id, 'version', k.item_version, 'stance', k.stance,
			'body', k.body, 'at', k.created_at, 'phase', k.phase,
			'observer', (SELECT display_name FROM observer WHERE id = k.observer_id))
		ORDER BY k.id) FROM comment k WHERE k.item_id = p_id), '[]'));
END
$$;

-- The public portal. These functions take no caller and return only what is
-- public: announcements (the announced version of an item not withdrawn and
-- not yet decided), and decisions published in full or in summary. A
-- withheld decision, a material, an observer, a comment's text or source,
-- a member's position: none of them is ever read here.

-- Counts of comments per stance in one phase of an item.
CREATE FUNCTION api.portal_comment_counts(p_item bigint, p_phase text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'support', count(*) FILTER (WHERE stance = 'support'),
		'object', count(*) FILTER (WHERE stance = 'object'),
		'neutral', count(*) FILTER (WHERE stance = 'neutral'))
	FROM comment WHERE item_id = p_item AND phase = p_phase;
$$;

CREATE FUNCTION api.portal_announcement_json(i item, v item_version) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', i.id, 'version', v.version, 'committee', c.name,
		'title', v.title, 'summary', v.summary, 'category', v.category,
		'category_name', k.name_zh, 'affects_public', v.affects_public,
		'announced_at', v.announced_at, 'window_ends_at', v.window_ends_at,
		'open', now() < v.window_ends_at,
		'comments', api.portal_comment_counts(i.id, 'announcement'))
	FROM committee c, category k WHERE c.id = i.committee_id AND k.code = v.category;
$$;

CREATE FUNCTION api.portal_decision_json(p publication) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', p.item_id, 'committee', c.name, 'title', v.title,
		'category', v.category, 'category_name', k.name_zh, 'mode', p.mode,
		'summary', CASE p.mode WHEN 'summary' THEN p.summary ELSE v.summary END,
		'meeting', jsonb_build_object('id', m.id, 'title', m.title, 'starts_at', m.starts_at),
		'decided_at', p.decided_at, 'published_at', p.published_at,
		'result', r.result, 'question', r.question, 'counts', r.counts,
		'line', r.outcome->'line', 'elected', r.outcome->'elected',
		'entitled', r.entitled, 'present', r.present, 'eligible', jsonb_array_length(r.eligible),
		'ballots', coalesce((r.aggregate->>'ballots')::integer, 0),
		'tally', CASE p.mode WHEN 'full' THEN r.tally END,
		'server_key', CASE p.mode WHEN 'full' THEN r.signer END,
		'record', p.mode = 'full',
		'notice', CASE WHEN p.notice_ends_at IS NOT NULL THEN jsonb_build_object(
			'starts_at', p.published_at, 'ends_at', p.notice_ends_at,
			'open', now() < p.notice_ends_at,
			'comments', api.portal_comment_counts(p.item_id, 'notice')) END)
	FROM item i
	JOIN item_version v ON v.item_id = i.id AND v.version = i.version
	JOIN committee c ON c.id = i.committee_id
	JOIN category k ON k.code = v.category
	JOIN meeting m ON m.id = p.meeting_id
	CROSS JOIN LATERAL api.deciding_round(i.id) r
	WHERE i.id = p.item_id AND p.mode <> 'withheld';
$$;

-- The front page: open announcements, open notices, recent decisions.
CREATE FUNCTION api.portal_home() RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('now', now(),
		'announcements', coalesce((SELECT jsonb_agg(api.portal_announcement_json(i, v)
			ORDER BY v.window_ends_at DESC, i.id DESC)
			FROM item i JOIN item_version v ON v.item_id = i.id AND v.version = i.version
			WHERE v.announced_at IS NOT NULL AND i.status IN ('announced', 'scheduled')
			  AND v.window_ends_at > now() - interval '90 days'), '[]'),
		'decisions', coalesce((SELECT jsonb_agg(d ORDER BY d->>'published_at' DESC) FROM (
			SELECT api.portal_decision_json(p) AS d FROM publication p
			WHERE p.mode <> 'withheld' ORDER BY p.published_at DESC LIMIT 100) s), '[]'));
$$;

-- One announced item, or NULL; a decided one answers where its decision
-- is, if published ("decision": id).
CREATE FUNCTION api.portal_item(p_item bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT CASE
		WHEN i.status IN ('announced', 'scheduled') AND v.announced_at IS NOT NULL
			THEN api.portal_announcement_json(i, v)
		WHEN EXISTS (SELECT 1 FROM publication p WHERE p.item_id = i.id AND p.mode <> 'withheld')
			THEN jsonb_build_object('id', i.id, 'decision', i.id)
		END
	FROM item i JOIN item_version v ON v.item_id = i.id AND v.version = i.version
	WHERE i.id = p_item;
$$;

CREATE FUNCTION api.portal_decision(p_item bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT api.portal_decision_json(p) FROM publication p
	WHERE p.item_id = p_item AND p.mode <> 'withheld';
$$;

-- The election record of a decision published in full, or NULL.
CREATE FUNCTION api.portal_record(p_item bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT api.election_record(p.meeting_id, p.item_id) FROM publication p
	WHERE p.item_id = p_item AND p.mode = 'full';
$$;

-- A comment from the page: the committee is the item's own.
-- An anonymous comment from the portal's form on p_phase's page: the
-- announcement of an item (/items/N) or the 任前公示 of a decision
-- (/decisions/N). Whatever the portal does not show is "not found", so that
-- a form can never tell an unpublished item from no item at all.
CREATE FUNCTION api.portal_comment(p_item bigint, p_phase text, p_stance text, p_body text,
				   p_source text, p_rate integer) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	shown jsonb;
BEGIN
	IF p_phase = 'notice' THEN
		shown := api.portal_decision(p_item);
		IF shown IS NULL THEN
			PERFORM api.fail('YG404', format('no decision %s', p_item));
		END IF;
		IF shown->'notice' = 'null'::jsonb OR shown->'notice'->>'open' <> 'true' THEN
			PERFORM api.fail('YG409', 'the public notice of this decision is not open');
		END IF;
	ELSE
		shown := api.portal_item(p_item);
		IF shown IS NULL THEN
			PERFORM api.fail('YG404', format('no item %s', p_item));
		END IF;
		IF shown ? 'decision' OR shown->>'open' <> 'true' THEN
			PERFORM api.fail('YG409', 'the window for comment on this item has closed');
		END IF;
	END IF;
	RETURN api.comment_submit(NULL, NULL, p_item, p_stance, p_body, p_source, p_rate);
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
