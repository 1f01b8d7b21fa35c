-- votes: functions. Re-applied whole whenever any file of sql/api changes (see
-- sql/api/README.md); tables and data stay in the numbered migrations.

CREATE OR REPLACE FUNCTION public.scrutineer_guard()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
	-- a threshold ceremony's acceptance (BALLOT.md §7.5) is the one change
	-- a published row takes, once
	IF TG_OP = 'UPDATE' AND OLD.published_at IS NOT NULL AND OLD.accepted_at IS NULL
	   AND NEW.accepted_at IS NOT NULL AND to_jsonb(NEW) - 'verification_key' - 'share_proof'
		- 'accept_signature' - 'accepted_at' = to_jsonb(OLD) - 'verification_key' - 'share_proof'
		- 'accept_signature' - 'accepted_at' THEN
		RETURN NEW;
	END IF;
	IF OLD.published_at IS NOT NULL OR (TG_OP = 'UPDATE' AND (NEW.published_at IS NULL
	   OR (NEW.meeting_id, NEW.idx, NEW.member_id) IS DISTINCT FROM (OLD.meeting_id, OLD.idx, OLD.member_id))) THEN
		RAISE EXCEPTION 'a published scrutineer key is never changed' USING ERRCODE = 'YG409';
	END IF;
	RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$function$;

CREATE OR REPLACE FUNCTION public.vote_round_guard()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
	IF TG_OP = 'DELETE' OR OLD.state IN ('closed', 'voided')
	   OR (OLD.state = 'decrypting' AND NEW.state = 'open')
	   OR (NEW.state = 'voided' AND OLD.state <> 'decrypting')
	   OR (to_jsonb(NEW) - 'state' - 'closed_by' - 'aggregate' - 'closed_at' - 'counts' - 'outcome'
	       - 'result' - 'tally' - 'signer' - 'log_head' - 'void_reason' - 'voided_by' - 'voided_at'
	       - 'void_act')
	      IS DISTINCT FROM (to_jsonb(OLD) - 'state' - 'closed_by' - 'aggregate' - 'closed_at'
	       - 'counts' - 'outcome' - 'result' - 'tally' - 'signer' - 'log_head' - 'void_reason'
	       - 'voided_by' - 'voided_at' - 'void_act')
	   OR (OLD.aggregate IS NOT NULL AND NEW.aggregate IS DISTINCT FROM OLD.aggregate) THEN
		RAISE EXCEPTION 'a vote round only moves forward' USING ERRCODE = 'YG409';
	END IF;
	RETURN NEW;
END
$function$;

-- The scrutineers of a meeting's current key ceremony, in order, each
-- with the signature of its key publication and the member key that was
-- registered for it when it published (BALLOT.md §7.4).
CREATE FUNCTION yg_inner.scrutineers_json(p_meeting bigint)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT coalesce(jsonb_agg(jsonb_build_object('index', s.idx, 'member', s.member_id,
		'name', x.display_name, 'member_key', s.member_key, 'key', s.public_key,
		'proof', s.proof, 'signature', s.signature,
		'registered_key', (SELECT k.public_key FROM member_key k WHERE k.member_id = s.member_id
			AND k.valid_from <= s.published_at
			AND (k.valid_until IS NULL OR k.valid_until > s.published_at)))
		|| yg_inner.scrutineer_dkg_json(s)
		ORDER BY s.idx), '[]')
	FROM scrutineer s JOIN member x ON x.id = s.member_id
	JOIN meeting m ON m.id = s.meeting_id AND m.ceremony = s.ceremony
	WHERE s.meeting_id = p_meeting;
$function$;

-- A scrutineer's part of a threshold ceremony (BALLOT.md §7.7); nothing
-- for a ceremony without a threshold.
CREATE FUNCTION yg_inner.scrutineer_dkg_json(s scrutineer)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT coalesce((SELECT jsonb_build_object('dealing', s.dealing,
		'dealing_signature', s.dealing_signature, 'verification_key', s.verification_key,
		'share_proof', s.share_proof, 'accept_signature', s.accept_signature)
		FROM key_ceremony c WHERE c.meeting_id = s.meeting_id AND c.ceremony = s.ceremony), '{}');
$function$;

-- The threshold of a meeting's ceremony: {n, threshold}, or NULL for the
-- plain sum of keys.
CREATE FUNCTION yg_inner.ceremony_threshold(p_meeting bigint, p_ceremony integer)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('n', c.n, 'threshold', c.threshold) FROM key_ceremony c
	WHERE c.meeting_id = p_meeting AND c.ceremony = p_ceremony;
$function$;

CREATE FUNCTION yg_inner.current_key(p_member bigint)
 RETURNS text
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT public_key FROM member_key WHERE member_id = p_member AND valid_until IS NULL;
$function$;

-- A list of member ids (whole numbers from 1 to 2^53 - 1, as ygd reads
-- ids), as an array; refused if any element is not one.
CREATE FUNCTION yg_inner.member_ids(p_members jsonb)
 RETURNS bigint[]
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
	IF jsonb_typeof(p_members) IS DISTINCT FROM 'array'
	   OR EXISTS (SELECT 1 FROM jsonb_array_elements(p_members) x WHERE jsonb_typeof(x) <> 'number'
		      OR x::text::numeric < 1 OR x::text::numeric > 9007199254740991
		      OR x::text::numeric <> trunc(x::text::numeric)) THEN
		PERFORM yg_inner.fail('YG400', 'members must be member ids');
	END IF;
	RETURN ARRAY(SELECT x::text::numeric::bigint FROM jsonb_array_elements(p_members) x);
END
$function$;

-- 监票人: the chair designates exactly `scrutineers` members of the roster,
-- none a candidate on the meeting's agenda; again, until a key is published.
-- Where the rule auditor_scrutineers allows, up to that many of them may be
-- auditors (纪委) who are not on the roster and do not vote. A ceremony
-- that has begun but made no election key (a scrutineer never deals, or
-- deals shares that do not check) is left with a reason: the designation
-- then starts the meeting's next key ceremony, and the log names the
-- ceremony left and who had not dealt or accepted (BALLOT.md §7.5).
-- scrutineer.designate {meeting, members, reason}.
CREATE FUNCTION api.scrutineer_designate(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_reason text := p_args->>'reason';
	-- judged first, before the caller and the meeting
	ids bigint[] := yg_inner.member_ids(p_args->'members');
	me member := yg_inner.caller_in_role(p_caller, ARRAY['chair']);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
	want integer;
	k integer;
	outside integer;
	bad member;
	list jsonb;
	left_behind jsonb;
BEGIN
	IF NOT 'chair' = ANY (me.roles) THEN
		PERFORM yg_inner.fail('YG403', 'only the chair designates scrutineers');
	END IF;
	IF m.status NOT IN ('announced', 'open') THEN
		PERFORM yg_inner.fail('YG409', format('meeting %s is %s: scrutineers are designated once it is announced',
			m.id, m.status));
	END IF;
	IF EXISTS (SELECT 1 FROM scrutineer WHERE meeting_id = m.id AND ceremony = m.ceremony
		   AND published_at IS NOT NULL) THEN
		IF p_reason IS NULL OR m.election_key IS NOT NULL THEN
			PERFORM yg_inner.fail('YG409', 'a scrutineer has published a key: the designation is fixed');
		END IF;
		IF m.ceremony >= 16 THEN
			PERFORM yg_inner.fail('YG409', 'this meeting has had as many key ceremonies as it may');
		END IF;
		left_behind := jsonb_build_object('ceremony', m.ceremony, 'reason', p_reason,
			'not_dealt', (SELECT coalesce(jsonb_agg(idx ORDER BY idx), '[]') FROM scrutineer
				WHERE meeting_id = m.id AND ceremony = m.ceremony AND published_at IS NULL),
			'not_accepted', (SELECT coalesce(jsonb_agg(s.idx ORDER BY s.idx), '[]') FROM scrutineer s
				JOIN key_ceremony c ON c.meeting_id = s.meeting_id AND c.ceremony = s.ceremony
				WHERE s.meeting_id = m.id AND s.ceremony = m.ceremony AND s.accepted_at IS NULL));
	END IF;
	SELECT (rules->>'scrutineers')::integer INTO want FROM committee WHERE id = m.committee_id;
	IF cardinality(ids) <> want OR (SELECT count(DISTINCT x) FROM unnest(ids) x) <> want THEN
		PERFORM yg_inner.fail('YG409', format('designate exactly %s different members (rule scrutineers)', want));
	END IF;
	-- on the roster, or (as the rule allows) an auditor who does not vote
	SELECT count(*) INTO outside FROM unnest(ids) x WHERE NOT EXISTS (SELECT 1 FROM meeting_roster r
		JOIN member y ON y.id = r.member_id AND y.status = 'active'
		WHERE r.meeting_id = m.id AND r.member_id = x);
	IF outside > 0 AND (outside > (SELECT coalesce((rules->>'auditor_scrutineers')::integer, 0)
			FROM committee WHERE id = m.committee_id)
	   OR EXISTS (SELECT 1 FROM unnest(ids) x WHERE NOT EXISTS (SELECT 1 FROM meeting_roster r
			WHERE r.meeting_id = m.id AND r.member_id = x)
		AND NOT EXISTS (SELECT 1 FROM member y WHERE y.id = x AND y.committee_id = m.committee_id
			AND y.status = 'active' AND 'auditor' = ANY (y.roles)))) THEN
		IF (SELECT coalesce((rules->>'auditor_scrutineers')::integer, 0) FROM committee
		    WHERE id = m.committee_id) = 0 THEN
			PERFORM yg_inner.fail('YG409', 'every scrutineer must be an active member on this meeting''s roster');
		END IF;
		PERFORM yg_inner.fail('YG409', format('every scrutineer must be an active member on this meeting''s roster, or one of at most %s auditors (rule auditor_scrutineers)',
			(SELECT (rules->>'auditor_scrutineers')::integer FROM committee WHERE id = m.committee_id)));
	END IF;
	SELECT y.* INTO bad FROM member y WHERE y.id = ANY (ids) AND EXISTS (SELECT 1 FROM agenda_entry a
		JOIN item_version v ON v.item_id = a.item_id AND v.version = a.item_version
		WHERE a.meeting_id = m.id AND a.removed_at IS NULL AND v.candidates ? y.display_name) LIMIT 1;
	IF FOUND THEN
		PERFORM yg_inner.fail('YG409', format('%s is a candidate on this meeting''s agenda and cannot be a scrutineer',
			bad.display_name));
	END IF;
	-- k of n (defaults 2 of 3); a single scrutineer is 1 of 1, two are 2 of 2
	SELECT least(coalesce((rules->>'scrutineer_threshold')::integer, 0), want) INTO k
	FROM committee WHERE id = m.committee_id;
	IF k = 1 AND want > 1 THEN
		PERFORM yg_inner.fail('YG409', format('the rule scrutineer_threshold (%s) must be 2 to %s, or 0', k, want));
	END IF;
	IF left_behind IS NOT NULL THEN
		UPDATE meeting SET ceremony = ceremony + 1 WHERE id = m.id RETURNING * INTO m;
	END IF;
	DELETE FROM scrutineer WHERE meeting_id = m.id AND ceremony = m.ceremony;
	DELETE FROM key_ceremony WHERE meeting_id = m.id AND ceremony = m.ceremony;
	IF k > 0 THEN
		INSERT INTO key_ceremony (meeting_id, ceremony, n, threshold) VALUES (m.id, m.ceremony, want, k);
	END IF;
	INSERT INTO scrutineer (meeting_id, ceremony, idx, member_id, designated_by)
	SELECT m.id, m.ceremony, (u.o - 1)::integer, u.x, me.id FROM unnest(ids) WITH ORDINALITY AS u(x, o);
	SELECT jsonb_agg(jsonb_build_object('index', s->'index', 'member', s->'member', 'name', s->'name'))
	INTO list FROM jsonb_array_elements(yg_inner.scrutineers_json(m.id)) s;
	PERFORM yg_log_append(m.id, 'member:' || me.id, 'scrutineers.designated',
		jsonb_build_object('scrutineers', list) || CASE WHEN left_behind IS NULL THEN '{}'::jsonb
			ELSE jsonb_build_object('ceremony', m.ceremony, 'left', left_behind) END);
	RETURN jsonb_build_object('meeting', m.id, 'scrutineers', list, 'ceremony', m.ceremony);
END
$function$;

-- scrutineer.list {meeting}.
CREATE FUNCTION api.scrutineer_list(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p record := yg_inner.meeting_party(p_caller, p_meeting, false);
BEGIN
	RETURN jsonb_build_object('meeting', (p.m).id, 'committee', (p.m).committee_id,
		'election_key', (p.m).election_key, 'scrutineers', yg_inner.scrutineers_json((p.m).id));
END
$function$;

-- The caller as a scrutineer of the meeting (locked), or refused.
CREATE FUNCTION yg_inner.target_scrutineer(p_caller jsonb, p_meeting bigint, OUT m meeting, OUT me member, OUT s scrutineer)
 RETURNS record
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
	me := yg_inner.caller_member(p_caller);
	m := yg_inner.target_meeting(me.committee_id, p_meeting);
	SELECT * INTO s FROM scrutineer WHERE meeting_id = m.id AND ceremony = m.ceremony
		AND member_id = me.id FOR UPDATE;
	IF s.meeting_id IS NULL THEN
		PERFORM yg_inner.fail('YG403', format('you are not a scrutineer of meeting %s', m.id));
	END IF;
END
$function$;

-- What the key ceremony binds a scrutineer's key to (BALLOT.md §7.2).
-- scrutineer.publish {meeting, key, signature, dealing, dealing_signature}.
CREATE FUNCTION api.scrutineer_key_facts(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	t record := yg_inner.target_scrutineer(p_caller, p_meeting);
BEGIN
	IF (t.m).status NOT IN ('announced', 'open') THEN
		PERFORM yg_inner.fail('YG409', format('meeting %s is %s', (t.m).id, (t.m).status));
	END IF;
	IF (t.s).published_at IS NOT NULL THEN
		PERFORM yg_inner.fail('YG409', 'your key for this meeting is already published');
	END IF;
	RETURN jsonb_build_object('committee', (t.m).committee_id, 'meeting', (t.m).id,
		'ceremony', (t.m).ceremony, 'index', (t.s).idx, 'member', (t.me).id,
		'member_key', yg_inner.current_key((t.me).id),
		'threshold', yg_inner.ceremony_threshold((t.m).id, (t.m).ceremony));
END
$function$;

-- Store a key whose proof ygd has checked; with every key in, the list of
-- keys for ygd to add up. scrutineer.publish {meeting, signature, dealing,
-- dealing_signature}, with what ygd read and verified: the key as a point
-- (public_key, in place of the key object), its proof as ygd encodes it
-- (proof) and the member key the signatures were verified by (member_key).
-- A dealing's signature is kept only with the dealing.
CREATE FUNCTION api.scrutineer_publish(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_key text := p_args->>'public_key';
	p_proof jsonb := p_args->'proof';
	p_member_key text := p_args->>'member_key';
	p_signature text := p_args->>'signature';
	p_dealing jsonb := p_args->'dealing';
	p_dealing_signature text := CASE WHEN p_dealing IS NOT NULL THEN p_args->>'dealing_signature' END;
	t record := yg_inner.target_scrutineer(p_caller, p_meeting);
	missing bigint;
	dkg jsonb := yg_inner.ceremony_threshold((t.m).id, (t.s).ceremony);
BEGIN
	-- a threshold ceremony's key comes with its dealing, ygd has checked
	-- both; the key alone makes no election key there (the acceptances do)
	IF (dkg IS NULL) <> (p_dealing IS NULL) THEN
		PERFORM yg_inner.fail('YG400', CASE WHEN dkg IS NULL THEN 'this ceremony has no threshold: no dealing'
			ELSE 'this ceremony has a threshold: the key comes with its dealing' END);
	END IF;
	UPDATE scrutineer SET member_key = p_member_key, public_key = p_key, proof = p_proof,
		signature = p_signature, published_at = clock_timestamp(), dealing = p_dealing,
		dealing_signature = p_dealing_signature
	WHERE meeting_id = (t.m).id AND ceremony = (t.s).ceremony AND idx = (t.s).idx;
	PERFORM yg_log_append((t.m).id, 'member:' || (t.me).id, 'scrutineer.key',
		jsonb_build_object('index', (t.s).idx, 'member', (t.me).id, 'name', (t.me).display_name,
			'key', p_key, 'signature', p_signature));
	SELECT count(*) INTO missing FROM scrutineer WHERE meeting_id = (t.m).id
		AND ceremony = (t.s).ceremony AND published_at IS NULL;
	RETURN jsonb_build_object('meeting', (t.m).id, 'index', (t.s).idx, 'election_key', NULL,
		'complete', missing = 0 AND dkg IS NULL,
		'keys', (SELECT jsonb_agg(public_key ORDER BY idx) FROM scrutineer WHERE meeting_id = (t.m).id
			AND ceremony = (t.s).ceremony));
END
$function$;

-- The election key ygd added up from the keys scrutineer_publish or
-- scrutineer_accept returned: scrutineer.publish's or scrutineer.accept's
-- arguments, with the key as election_key.
CREATE FUNCTION api.election_key_set(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_key text := p_args->>'election_key';
	t record := yg_inner.target_scrutineer(p_caller, p_meeting);
BEGIN
	IF (t.m).election_key IS NOT NULL
	   OR EXISTS (SELECT 1 FROM scrutineer WHERE meeting_id = (t.m).id AND ceremony = (t.m).ceremony
		AND (published_at IS NULL OR (accepted_at IS NULL
			AND yg_inner.ceremony_threshold((t.m).id, (t.m).ceremony) IS NOT NULL))) THEN
		PERFORM yg_inner.fail('YG409', 'the election key cannot be set now');
	END IF;
	UPDATE meeting SET election_key = p_key WHERE id = (t.m).id;
	PERFORM yg_log_append((t.m).id, 'server', 'election.key', jsonb_build_object('key', p_key,
		'scrutineers', (SELECT jsonb_agg(jsonb_build_object('index', s.idx, 'member', s.member_id,
			'key', s.public_key) ORDER BY s.idx) FROM scrutineer s WHERE s.meeting_id = (t.m).id
			AND s.ceremony = (t.m).ceremony)));
	RETURN jsonb_build_object('meeting', (t.m).id, 'index', (t.s).idx, 'election_key', p_key);
END
$function$;

-- The guard of a threshold ceremony's second step (sealing shares,
-- accepting one): the meeting's ceremony p_ceremony is a threshold one,
-- still under way, and every scrutineer has dealt. Its {n, threshold}, or
-- refused.
CREATE FUNCTION yg_inner.ceremony_dealt(m meeting, p_ceremony integer)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	dkg jsonb := yg_inner.ceremony_threshold(m.id, p_ceremony);
BEGIN
	IF m.status NOT IN ('announced', 'open') OR dkg IS NULL THEN
		PERFORM yg_inner.fail('YG409', 'no threshold key ceremony is under way in this meeting');
	END IF;
	IF EXISTS (SELECT 1 FROM scrutineer WHERE meeting_id = m.id AND ceremony = p_ceremony
		   AND dealing IS NULL) THEN
		PERFORM yg_inner.fail('YG409', 'not every scrutineer has dealt yet');
	END IF;
	RETURN dkg;
END
$function$;

-- A threshold ceremony's second step (BALLOT.md §7.5): once every
-- scrutineer has dealt, each sends every other its sealed share, signed;
-- the recipients check them, the database only keeps and hands them on.
-- scrutineer.seal {meeting, shares}.
CREATE FUNCTION api.scrutineer_seal(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_shares jsonb := p_args->'shares';
	t record := yg_inner.target_scrutineer(p_caller, p_meeting);
	dkg jsonb := yg_inner.ceremony_dealt(t.m, (t.s).ceremony);
	e jsonb;
BEGIN
	IF EXISTS (SELECT 1 FROM key_ceremony_message WHERE meeting_id = (t.m).id
		   AND ceremony = (t.s).ceremony AND sender = (t.s).idx AND kind = 'share') THEN
		PERFORM yg_inner.fail('YG409', 'your sealed shares are already sent');
	END IF;
	-- one to every other scrutineer, none to yourself
	IF jsonb_typeof(p_shares) IS DISTINCT FROM 'array'
	   OR jsonb_array_length(p_shares) <> (dkg->>'n')::integer - 1
	   OR (SELECT count(DISTINCT x->>'to') FROM jsonb_array_elements(p_shares) x)
		<> (dkg->>'n')::integer - 1
	   OR EXISTS (SELECT 1 FROM jsonb_array_elements(p_shares) x
		WHERE jsonb_typeof(x->'to') <> 'number' OR (x->>'to')::numeric NOT IN
			(SELECT s.idx FROM scrutineer s WHERE s.meeting_id = (t.m).id
				AND s.ceremony = (t.s).ceremony AND s.idx <> (t.s).idx)
		OR jsonb_typeof(x->'sealed') <> 'object' OR jsonb_typeof(x->'signature') <> 'string') THEN
		PERFORM yg_inner.fail('YG400', 'give one sealed share {to, sealed, signature} to every other scrutineer');
	END IF;
	FOR e IN SELECT * FROM jsonb_array_elements(p_shares) LOOP
		INSERT INTO key_ceremony_message (meeting_id, ceremony, sender, recipient, kind, body, signature)
		VALUES ((t.m).id, (t.s).ceremony, (t.s).idx, (e->>'to')::integer, 'share', e->'sealed',
			e->>'signature');
	END LOOP;
	PERFORM yg_log_append((t.m).id, 'member:' || (t.me).id, 'scrutineer.sealed',
		jsonb_build_object('index', (t.s).idx, 'ceremony', (t.s).ceremony));
	RETURN jsonb_build_object('meeting', (t.m).id, 'index', (t.s).idx, 'sent', jsonb_array_length(p_shares));
END
$function$;

-- What an acceptance is checked against: the ceremony and every dealing.
-- scrutineer.accept {meeting, verification_key, share_proof, signature}.
CREATE FUNCTION api.scrutineer_accept_facts(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	t record := yg_inner.target_scrutineer(p_caller, p_meeting);
	dkg jsonb := yg_inner.ceremony_dealt(t.m, (t.s).ceremony);
BEGIN
	IF (t.s).accepted_at IS NOT NULL THEN
		PERFORM yg_inner.fail('YG409', 'you have already accepted your share');
	END IF;
	RETURN jsonb_build_object('committee', (t.m).committee_id, 'meeting', (t.m).id,
		'ceremony', (t.s).ceremony, 'n', dkg->'n', 'threshold', dkg->'threshold',
		'index', (t.s).idx, 'member', (t.me).id, 'member_key', (t.s).member_key,
		'dealings', (SELECT jsonb_agg(s.dealing ORDER BY s.idx) FROM scrutineer s
			WHERE s.meeting_id = (t.m).id AND s.ceremony = (t.s).ceremony));
END
$function$;

-- Store an acceptance ygd has checked; with every one in, the keys for
-- ygd to add up into the election key (as scrutineer_publish does).
-- scrutineer.accept {meeting, verification_key, share_proof, signature}.
CREATE FUNCTION api.scrutineer_accept(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_verification_key text := p_args->>'verification_key';
	p_share_proof jsonb := p_args->'share_proof';
	p_signature text := p_args->>'signature';
	t record := yg_inner.target_scrutineer(p_caller, p_meeting);
	missing bigint;
BEGIN
	IF (t.s).accepted_at IS NOT NULL OR (t.s).dealing IS NULL
	   OR yg_inner.ceremony_threshold((t.m).id, (t.s).ceremony) IS NULL THEN
		PERFORM yg_inner.fail('YG409', 'there is no share of yours to accept');
	END IF;
	UPDATE scrutineer SET verification_key = p_verification_key, share_proof = p_share_proof,
		accept_signature = p_signature, accepted_at = clock_timestamp()
	WHERE meeting_id = (t.m).id AND ceremony = (t.s).ceremony AND idx = (t.s).idx;
	PERFORM yg_log_append((t.m).id, 'member:' || (t.me).id, 'scrutineer.accepted',
		jsonb_build_object('index', (t.s).idx, 'member', (t.me).id, 'name', (t.me).display_name,
			'verification_key', p_verification_key, 'signature', p_signature));
	SELECT count(*) INTO missing FROM scrutineer WHERE meeting_id = (t.m).id
		AND ceremony = (t.s).ceremony AND accepted_at IS NULL;
	RETURN jsonb_build_object('meeting', (t.m).id, 'index', (t.s).idx, 'election_key', NULL,
		'complete', missing = 0,
		'keys', (SELECT jsonb_agg(public_key ORDER BY idx) FROM scrutineer WHERE meeting_id = (t.m).id
			AND ceremony = (t.s).ceremony));
END
$function$;

-- What a scrutineer's terminal has to do: publish its key, decrypt rounds.
-- scrutineer.tasks {meeting}.
CREATE FUNCTION api.scrutineer_tasks(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	me member := yg_inner.caller_member(p_caller);
	m meeting;
	s scrutineer;
BEGIN
	SELECT * INTO m FROM meeting WHERE id = p_meeting AND committee_id = me.committee_id;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no meeting %s in this committee', p_meeting));
	END IF;
	SELECT * INTO s FROM scrutineer WHERE meeting_id = m.id AND ceremony = m.ceremony
		AND member_id = me.id;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG403', format('you are not a scrutineer of meeting %s', m.id));
	END IF;
	-- each round to decrypt comes with its whole ballot board, which the
	-- terminal verifies and adds up itself (BALLOT.md §9.1)
	RETURN jsonb_build_object('meeting', m.id, 'committee', m.committee_id, 'status', m.status,
		'ceremony', m.ceremony, 'index', s.idx, 'member', me.id,
		'member_key', yg_inner.current_key(me.id),
		'key_published', s.published_at IS NOT NULL, 'key', s.public_key,
		'election_key', m.election_key, 'scrutineers', yg_inner.scrutineers_json(m.id),
		'threshold', yg_inner.ceremony_threshold(m.id, m.ceremony),
		'accepted', s.accepted_at IS NOT NULL, 'verification_key', s.verification_key,
		'sealed_sent', EXISTS (SELECT 1 FROM key_ceremony_message k WHERE k.meeting_id = m.id
			AND k.ceremony = m.ceremony AND k.sender = s.idx AND k.kind = 'share'),
		'sealed', (SELECT coalesce(jsonb_agg(jsonb_build_object('from', k.sender, 'sealed', k.body,
			'signature', k.signature) ORDER BY k.sender), '[]') FROM key_ceremony_message k
			WHERE k.meeting_id = m.id AND k.ceremony = m.ceremony AND k.recipient = s.idx
			AND k.kind = 'share'),
		'decrypt_min_ballots', coalesce((SELECT (c.rules->>'decrypt_min_ballots')::integer
			FROM committee c WHERE c.id = m.committee_id), 3),
		'decrypt', coalesce((SELECT jsonb_agg(jsonb_build_object('item', r.item_id, 'round', r.round,
			'question', r.question, 'election_key', r.election_key, 'aggregate', r.aggregate,
			'eligible', r.eligible, 'ballots', yg_inner.round_board(r))
			ORDER BY r.item_id, r.round) FROM vote_round r
			WHERE r.meeting_id = m.id AND r.state = 'decrypting'
			AND NOT EXISTS (SELECT 1 FROM decryption d WHERE d.meeting_id = r.meeting_id
				AND d.item_id = r.item_id AND d.round = r.round AND d.idx = s.idx)), '[]'));
END
$function$;

-- A ballot as it was cast: from the signed request its log entry keeps in
-- its sealed part (migration 0035: stored once), or the row's own copy for
-- a ballot cast before.
CREATE FUNCTION yg_inner.ballot_json(b ballot)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
	IF b.log_seq IS NULL THEN
		RETURN b.ballot;
	END IF;
	RETURN (SELECT l.sealed::jsonb->'request'->'args'->'ballot' FROM meeting_log l
		WHERE l.meeting_id = b.meeting_id AND l.seq = b.log_seq);
END
$function$;

-- A round's ballot board: every ballot with its envelope, in voter order.
CREATE FUNCTION yg_inner.round_board(r vote_round)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT coalesce(jsonb_agg(jsonb_build_object('voter', b.voter, 'voter_key', b.voter_key,
		'ballot', yg_inner.ballot_json(b), 'signature', b.signature, 'receipt', b.receipt)
		ORDER BY b.voter), '[]')
	FROM ballot b WHERE b.meeting_id = r.meeting_id AND b.item_id = r.item_id AND b.round = r.round;
$function$;

-- The latest round of an item in a meeting, locked; NULL fields if none.
CREATE FUNCTION yg_inner.latest_round(p_meeting bigint, p_item bigint)
 RETURNS vote_round
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
-- PL/pgSQL, not SQL: its plan is kept for the session, where a SQL function
-- that cannot be inlined is planned again at every call (every ballot).
DECLARE
	r vote_round;
BEGIN
	SELECT * INTO r FROM vote_round WHERE meeting_id = p_meeting AND item_id = p_item
	ORDER BY round DESC LIMIT 1 FOR UPDATE;
	RETURN r;
END
$function$;

-- Opening a round: what ygd needs to judge the quorum and build the
-- question. Only whoever presides over the item, or the chair. vote.open
-- {meeting, item}.
CREATE FUNCTION api.vote_open_facts(p_caller jsonb, p_args jsonb)
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
	r vote_round := yg_inner.latest_round(p_meeting, p_item);
	rules jsonb;
	labels jsonb;
	seats integer;
	live vote_round;
BEGIN
	IF (t.e).presiding IS DISTINCT FROM (t.me).id AND NOT 'chair' = ANY ((t.me).roles) THEN
		PERFORM yg_inner.fail('YG403', 'only whoever presides over the item, or the chair, opens the vote');
	END IF;
	SELECT * INTO live FROM vote_round WHERE meeting_id = (t.m).id AND state IN ('open', 'decrypting');
	IF FOUND THEN
		PERFORM yg_inner.fail('YG409', format('a vote on item %s is still under way', live.item_id));
	END IF;
	IF (t.e).state = 'voting' AND r.result IS DISTINCT FROM 'runoff' THEN
		PERFORM yg_inner.fail('YG409', format('item %s is being voted on', p_item));
	ELSIF (t.e).state = 'voted' THEN
		PERFORM yg_inner.fail('YG409', format('item %s has been voted on', p_item));
	ELSIF (t.e).state NOT IN ('discussed', 'voting') THEN
		PERFORM yg_inner.fail('YG409', format('item %s is %s: close its discussion first (agenda.close)',
			p_item, (t.e).state));
	END IF;
	IF (t.m).election_key IS NULL THEN
		PERFORM yg_inner.fail('YG409', 'no election key yet: designate the scrutineers and let each publish a key');
	END IF;
	SELECT * INTO v FROM item_version WHERE item_id = p_item AND version = (t.e).item_version;
	SELECT c.rules INTO rules FROM committee c WHERE c.id = (t.m).committee_id;
	IF r.round IS NULL THEN
		labels := v.candidates;
		seats := least(greatest(v.seats, 1), greatest(jsonb_array_length(v.candidates), 1));
	ELSIF r.state = 'voided' THEN -- voted again, on the same question
		SELECT jsonb_agg(l) INTO labels FROM jsonb_array_elements(r.question->'labels') l
		WHERE r.question->>'kind' = 'approval';
		seats := (r.question->>'seats')::integer;
	ELSE
		SELECT jsonb_agg(r.question->'labels'->(i::integer) ORDER BY i::integer) INTO labels
		FROM jsonb_array_elements_text(r.outcome->'runoff') i;
		seats := (r.outcome->>'runoff_seats')::integer;
	END IF;
	RETURN jsonb_build_object('committee', (t.m).committee_id, 'meeting', (t.m).id, 'item', p_item,
		'round', coalesce(r.round, 0) + 1, 'title', v.title,
		'personnel', yg_inner.entry_personnel(t.e), 'labels', coalesce(labels, '[]'), 'seats', seats,
		'quorum', rules->'quorum', 'quorum_personnel', rules->'quorum_personnel',
		'election_key', (t.m).election_key)
		|| yg_inner.meeting_counts((t.m).id);
END
$function$;

-- Open the round ygd has judged: the eligible voters are fixed here, with
-- the keys they hold now. vote.open {meeting, item}, with what ygd judged
-- and built: the round to open (round), the question (question) and the
-- quorum, {needed, personnel}, kept for the signed tally (quorum).
CREATE FUNCTION api.vote_open(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	p_round integer := (p_args->>'round')::integer;
	p_question jsonb := p_args->'question';
	p_quorum jsonb := p_args->'quorum';
	t record := yg_inner.target_entry(p_caller, p_meeting, p_item);
	rules jsonb;
	eligible jsonb;
	counts jsonb := yg_inner.meeting_counts(p_meeting);
BEGIN
	SELECT c.rules INTO rules FROM committee c WHERE c.id = (t.m).committee_id;
	SELECT coalesce(jsonb_agg(jsonb_build_object('member', r.member_id,
		'key', yg_inner.current_key(r.member_id)) ORDER BY r.member_id), '[]') INTO eligible
	FROM meeting_roster r JOIN attendance a ON a.meeting_id = r.meeting_id AND a.kind = 'member'
		AND a.who = r.member_id AND a.present
	JOIN member x ON x.id = r.member_id AND x.status = 'active'
	WHERE r.meeting_id = (t.m).id
		AND NOT ((rules->>'recuse_vote')::boolean AND EXISTS (SELECT 1 FROM recusal c
			WHERE c.meeting_id = r.meeting_id AND c.item_id = p_item AND c.member_id = r.member_id));
	IF jsonb_array_length(eligible) = 0 THEN
		PERFORM yg_inner.fail('YG409', 'nobody present may vote on this item');
	END IF;
	INSERT INTO vote_round (meeting_id, item_id, round, question, election_key, entitled, present,
		rules, eligible, opened_by, quorum, ceremony)
	VALUES ((t.m).id, p_item, p_round, p_question, (t.m).election_key, (counts->>'entitled')::integer,
		(counts->>'present')::integer,
		jsonb_build_object('pass_threshold', rules->'pass_threshold', 'pass_base', rules->'pass_base',
			'recuse_vote', rules->'recuse_vote', 'scrutineers_vote_first', rules->'scrutineers_vote_first'),
		eligible, (t.me).id, p_quorum, (t.m).ceremony);
	UPDATE agenda_entry SET state = 'voting' WHERE meeting_id = (t.m).id AND item_id = p_item;
	PERFORM yg_log_append((t.m).id, 'member:' || (t.me).id, 'vote.opened',
		jsonb_build_object('item', p_item, 'round', p_round, 'question', p_question,
			'eligible', (SELECT jsonb_agg(e->'member') FROM jsonb_array_elements(eligible) e),
			'entitled', counts->'entitled', 'present', counts->'present'));
	RETURN jsonb_build_object('meeting', (t.m).id, 'item', p_item, 'round', p_round,
		'question', p_question, 'entitled', counts->'entitled',
		'eligible', (SELECT jsonb_agg(e->'member') FROM jsonb_array_elements(eligible) e));
END
$function$;

-- The scrutineers whose keys a round's election key was made of (its
-- ceremony's), as voters' terminals check them.
CREATE FUNCTION yg_inner.round_scrutineers(r vote_round)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT coalesce(jsonb_agg(jsonb_build_object('index', s.idx, 'member', s.member_id,
		'name', x.display_name,
		'member_key', s.member_key, 'key', s.public_key, 'proof', s.proof, 'signature', s.signature,
		'registered_key', (SELECT k.public_key FROM member_key k WHERE k.member_id = s.member_id
			AND k.valid_from <= s.published_at
			AND (k.valid_until IS NULL OR k.valid_until > s.published_at)))
		|| yg_inner.scrutineer_dkg_json(s)
		ORDER BY s.idx), '[]')
	FROM scrutineer s JOIN member x ON x.id = s.member_id
	WHERE s.meeting_id = r.meeting_id AND s.ceremony = r.ceremony;
$function$;

-- Who is still awaited to decrypt a round.
CREATE FUNCTION yg_inner.round_awaiting(r vote_round)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT coalesce(jsonb_agg(jsonb_build_object('index', s.idx, 'member', s.member_id,
		'name', x.display_name) ORDER BY s.idx), '[]')
	FROM scrutineer s JOIN member x ON x.id = s.member_id
	WHERE s.meeting_id = r.meeting_id AND s.ceremony = r.ceremony AND r.state = 'decrypting'
		AND NOT EXISTS (SELECT 1
		FROM decryption d WHERE d.meeting_id = r.meeting_id AND d.item_id = r.item_id
		AND d.round = r.round AND d.idx = s.idx)
		-- with a threshold, k decryptions are enough (BALLOT.md §9.2)
		AND NOT EXISTS (SELECT 1 FROM key_ceremony c
			WHERE c.meeting_id = r.meeting_id AND c.ceremony = r.ceremony
			AND (SELECT count(*) FROM decryption d WHERE d.meeting_id = r.meeting_id
				AND d.item_id = r.item_id AND d.round = r.round) >= c.threshold);
$function$;

CREATE FUNCTION yg_inner.vote_status(p_caller jsonb, p_meeting bigint, p_item bigint)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p record := yg_inner.meeting_party(p_caller, p_meeting, false);
	r vote_round;
	mine jsonb;
	entry agenda_entry;
BEGIN
	SELECT * INTO entry FROM agenda_entry WHERE meeting_id = (p.m).id AND item_id = p_item
		AND removed_at IS NULL;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('item %s is not on the agenda of meeting %s', p_item, (p.m).id));
	END IF;
	SELECT * INTO r FROM vote_round WHERE meeting_id = (p.m).id AND item_id = p_item
	ORDER BY round DESC LIMIT 1;
	IF NOT FOUND THEN
		RETURN jsonb_build_object('committee', (p.m).committee_id, 'meeting', (p.m).id,
			'item', p_item, 'item_state', entry.state, 'round', 0, 'state', 'none',
			'election_key', (p.m).election_key);
	END IF;
	IF p.kind = 'member' THEN
		SELECT e INTO mine FROM jsonb_array_elements(r.eligible) e WHERE (e->>'member')::bigint = p.who;
	END IF;
	RETURN jsonb_build_object('committee', (p.m).committee_id, 'meeting', (p.m).id, 'item', p_item,
		'item_state', entry.state, 'round', r.round, 'state', r.state, 'question', r.question,
		'election_key', r.election_key, 'entitled', r.entitled, 'present', r.present,
		'eligible', (SELECT jsonb_agg(e->'member') FROM jsonb_array_elements(r.eligible) e),
		'cast', (SELECT count(*) FROM ballot b WHERE b.meeting_id = r.meeting_id
			AND b.item_id = r.item_id AND b.round = r.round),
		'you_eligible', mine IS NOT NULL, 'you_key', mine->'key',
		'you_voted', p.kind = 'member' AND EXISTS (SELECT 1 FROM ballot b WHERE b.meeting_id = r.meeting_id
			AND b.item_id = r.item_id AND b.round = r.round AND b.voter = p.who),
		'awaiting', yg_inner.round_awaiting(r), 'counts', r.counts, 'outcome', r.outcome,
		'result', r.result, 'tally', r.tally, 'ceremony', r.ceremony,
		'scrutineers', yg_inner.round_scrutineers(r));
END
$function$;

-- A confidential item's vote is not shown to observers at all.
-- vote.status {meeting, item}.
CREATE FUNCTION api.vote_status(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	conf boolean;
BEGIN
	PERFORM yg_inner.meeting_party(p_caller, p_meeting, false);
	conf := coalesce(yg_item_confidential(p_item), false);
	IF NOT yg_event_shown(yg_inner.audience(p_caller), false, conf) THEN
		PERFORM yg_inner.fail('YG403', format('item %s is confidential: its vote is for members only',
			p_item));
	END IF;
	RETURN yg_inner.vote_status(p_caller, p_meeting, p_item) ||
		jsonb_build_object('confidential', conf);
END
$function$;

-- The eligible voters of round r as one object, member id to the key held
-- when it opened: read once, looked up per ballot by its key. PL/pgSQL,
-- not SQL: a SQL function of its own rights is never inlined, and its body
-- was parsed and planned again at every call (every group commit).
CREATE FUNCTION yg_inner.round_keys(r vote_round)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
	RETURN (SELECT coalesce(jsonb_object_agg(e->>'member', e->>'key'), '{}')
		FROM jsonb_array_elements(r.eligible) e);
END
$function$;

-- Whether member me casts a ballot in round p_round of item p_item of
-- meeting m now, r being the item's latest round and p_keys its voters
-- (yg_inner.round_keys), both locked by the caller: refused with the
-- reason if not, else the key me held when the round opened.
CREATE FUNCTION yg_inner.cast_judge(me member, m meeting, r vote_round, p_item bigint, p_round integer, p_keys jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	key text;
	stored text;
BEGIN
	IF r.round IS NULL THEN
		PERFORM yg_inner.fail('YG409', format('no vote has been opened on item %s', p_item));
	ELSIF r.round <> p_round THEN
		PERFORM yg_inner.fail('YG409', format('round %s is not open (the vote is in round %s)', p_round, r.round));
	ELSIF r.state <> 'open' THEN
		PERFORM yg_inner.fail('YG409', 'the vote is closed: no more ballots');
	END IF;
	key := p_keys->>me.id::text;
	IF key IS NULL THEN
		IF (r.rules->>'recuse_vote')::boolean AND EXISTS (SELECT 1 FROM recusal c
		    WHERE c.meeting_id = m.id AND c.item_id = p_item AND c.member_id = me.id) THEN
			PERFORM yg_inner.fail('YG403', 'you are recused from this item (回避) and do not vote on it');
		END IF;
		PERFORM yg_inner.fail('YG403', 'you were not present when the vote opened: absent members do not vote');
	END IF;
	IF NOT EXISTS (SELECT 1 FROM attendance WHERE meeting_id = m.id AND kind = 'member' AND who = me.id
		       AND present) THEN
		PERFORM yg_inner.fail('YG403', 'you have checked out: absent members do not vote');
	END IF;
	SELECT b.receipt INTO stored FROM ballot b WHERE b.meeting_id = m.id AND b.item_id = p_item
		AND b.round = p_round AND b.voter = me.id;
	IF stored IS NOT NULL THEN
		PERFORM yg_inner.fail('YG409', format('you have already voted in this round (receipt %s)', stored));
	END IF;
	-- The rule read first: with it in the query, the query would be
	-- planned anew for every ballot (its custom plan, the rule folded in,
	-- always looks cheaper than the generic one).
	IF (r.rules->>'scrutineers_vote_first')::boolean THEN
		IF NOT EXISTS (SELECT 1 FROM scrutineer WHERE meeting_id = m.id AND member_id = me.id)
		   AND EXISTS (SELECT 1 FROM scrutineer s WHERE s.meeting_id = m.id
			       AND p_keys ? s.member_id::text
			       AND NOT EXISTS (SELECT 1 FROM ballot b
				WHERE b.meeting_id = m.id AND b.item_id = p_item AND b.round = p_round
				AND b.voter = s.member_id)) THEN
			PERFORM yg_inner.fail('YG409',
				'the scrutineers vote first (监票人先投票): wait for them');
		END IF;
	END IF;
	RETURN key;
END
$function$;

-- Why the caller may not cast: vote.cast {meeting, item, round} (the
-- ballot's other members are not read).
CREATE FUNCTION api.vote_cast_facts(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	p_round integer := (p_args->>'round')::integer;
	me member := yg_inner.caller_member(p_caller);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
	r vote_round := yg_inner.latest_round(p_meeting, p_item);
	key text := yg_inner.cast_judge(me, m, r, p_item, p_round, yg_inner.round_keys(r));
BEGIN
	RETURN jsonb_build_object('committee', m.committee_id, 'meeting', m.id, 'item', p_item,
		'round', r.round, 'question', r.question, 'election_key', r.election_key,
		'voter', me.id, 'voter_key', key, 'eligible', jsonb_array_length(r.eligible));
END
$function$;

-- What every ballot of a round is checked against, fixed when it opened
-- (VOTE.md §4): ygd caches it per round and verifies ballots with it before
-- it takes any lock. Open only to members of the meeting's committee; a
-- round that is not the open one comes back as {"open": false}, and ygd
-- asks api.vote_cast_facts for the caller's refusal. vote.cast {meeting,
-- item, round}.
CREATE FUNCTION api.vote_round_context(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	p_round integer := (p_args->>'round')::integer;
	me member := yg_inner.caller_member(p_caller);
	m meeting;
	r vote_round;
BEGIN
	SELECT * INTO m FROM meeting WHERE id = p_meeting AND committee_id = me.committee_id;
	SELECT * INTO r FROM vote_round WHERE meeting_id = m.id AND item_id = p_item
	ORDER BY round DESC LIMIT 1;
	IF m.id IS NULL OR r.round IS DISTINCT FROM p_round OR r.state <> 'open' THEN
		RETURN jsonb_build_object('open', false);
	END IF;
	RETURN jsonb_build_object('open', true, 'committee', m.committee_id, 'meeting', m.id,
		'item', p_item, 'round', r.round, 'question', r.question,
		'election_key', r.election_key, 'eligible', r.eligible);
END
$function$;

-- Storing a ballot ygd has verified against the round's context, for
-- member me whom yg_inner.cast_judge let cast with key p_key (under the
-- locks it was judged under): the key the ballot was made for must be that
-- one, then the ballot's log entry and the ballot, the p_n-th of the round
-- out of p_eligible. The ballot itself is stored once, in the entry's
-- sealed part: the signed request p_request is the caller's vote.cast,
-- whose arguments are the ballot ygd verified; the row names the entry
-- (migration 0035).
CREATE FUNCTION yg_inner.ballot_store(me member, p_meeting bigint, p_item bigint, p_round integer, p_key text, p_voter_key text, p_signature text, p_receipt text, p_n bigint, p_eligible integer, p_request jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	seq bigint;
BEGIN
	IF p_key IS DISTINCT FROM p_voter_key THEN
		PERFORM yg_inner.fail('YG400', 'the ballot was made for another key than the one you held when the vote opened');
	END IF;
	IF EXISTS (SELECT 1 FROM ballot WHERE receipt = p_receipt) THEN
		PERFORM yg_inner.fail('YG409', 'this ballot has already been cast');
	END IF;
	seq := yg_log_append_request(p_meeting, 'member:' || me.id, 'vote.cast', jsonb_build_object(
		'item', p_item, 'round', p_round, 'cast', p_n, 'eligible', p_eligible), p_request);
	INSERT INTO ballot (meeting_id, item_id, round, voter, voter_key, signature, receipt, log_seq)
	VALUES (p_meeting, p_item, p_round, me.id, p_voter_key, p_signature, p_receipt, seq);
	RETURN jsonb_build_object('meeting', p_meeting, 'item', p_item, 'round', p_round,
		'receipt', p_receipt, 'cast', p_n, 'eligible', p_eligible);
END
$function$;

-- One ballot in a statement of its own, every check of api.vote_cast_facts
-- again under its locks (the caller, the round open, the caller eligible,
-- present and not yet voted, scrutineers first): the app role's way in
-- that the tests attack directly; ygd stores through api.vote_cast_many.
-- {meeting, item, round, voter_key, signature, receipt}.
CREATE FUNCTION api.vote_cast(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	p_round integer := (p_args->>'round')::integer;
	p_voter_key text := p_args->>'voter_key';
	p_signature text := p_args->>'signature';
	p_receipt text := p_args->>'receipt';
	me member := yg_inner.caller_member(p_caller);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
	r vote_round := yg_inner.latest_round(p_meeting, p_item);
	key text := yg_inner.cast_judge(me, m, r, p_item, p_round, yg_inner.round_keys(r));
	n bigint;
BEGIN
	-- This one counted: the round's ballots are cast under its meeting's
	-- lock, one at a time.
	SELECT count(*) + 1 INTO n FROM ballot WHERE meeting_id = p_meeting AND item_id = p_item
		AND round = p_round;
	RETURN yg_inner.ballot_store(me, p_meeting, p_item, p_round, key, p_voter_key, p_signature,
		p_receipt, n, jsonb_array_length(r.eligible), yg_request_current());
END
$function$;

-- One ballot of api.vote_cast_many's list, p_cast (its meeting, item and
-- round read), judged and stored as api.vote_cast does it, under the
-- locks of meeting m and round r (p_keys its voters) that the list holds:
-- the p_n-th ballot of the round out of p_eligible. Its signed request is
-- its own, as JSON (not yg.request).
CREATE FUNCTION yg_inner.cast_listed(p_cast jsonb, p_meeting bigint, p_item bigint, p_round integer, m meeting, r vote_round, p_keys jsonb, p_n bigint, p_eligible integer)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	me member := yg_inner.caller_member(p_cast->'caller');
BEGIN
	IF m.id IS NULL OR m.committee_id <> me.committee_id THEN
		PERFORM yg_inner.fail('YG404', format('no meeting %s in this committee', p_meeting));
	END IF;
	RETURN yg_inner.ballot_store(me, p_meeting, p_item, p_round,
		yg_inner.cast_judge(me, m, r, p_item, p_round, p_keys), p_cast->>'voter_key',
		p_cast->>'signature', p_cast->>'receipt', p_n, p_eligible,
		nullif(p_cast->'request', 'null'::jsonb));
END
$function$;

-- The group commit's usual list (issue 23), all good ballots, judged and
-- stored by a few statements for the whole list where the ballot-by-ballot
-- path below (yg_inner.cast_listed) runs some seventeen a ballot. The locks
-- are that path's, taken in its order: for each round of the list in
-- meeting and item order, the meeting, then the item's latest round; and
-- every caller's member row, shared. One query then judges every ballot
-- with every check of yg_inner.caller_member, yg_inner.cast_judge,
-- yg_inner.ballot_store, yg_request_take and yg_log_append_request, each
-- ballot as though those before it (in meeting, item and list order) were
-- stored, as they are when all are good. If any is not, nothing is written
-- and the answer is NULL: the caller takes the list ballot by ballot, which
-- says why. A ballot already in (the voter's in that round, or the same
-- receipt, before or in the list) and a nonce on file already or twice in
-- the list (two requests with one nonce: the second is refused) are left
-- to the unique indexes, which refuse the write: that raises, and the
-- caller's subtransaction undoes the list, to be taken ballot by ballot.
-- Otherwise each ballot's log entry is made as yg_log_append_request makes
-- it (seq, time, body, sealed part, hash chain, notification: the chain in
-- a loop over arrays, with no statement per entry), the entries and the
-- ballots are inserted by one statement each, and the answer is
-- yg_inner.ballot_store's for each, in p_casts's order.
CREATE FUNCTION yg_inner.cast_list(p_casts jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
-- Generic plans: a custom plan (the list's arrays folded in) always looks
-- cheaper, and the judging query was planned again for every list, which
-- cost more than running it.
DECLARE
	total integer := jsonb_array_length(p_casts);
	good integer;
	answers jsonb;
	gm bigint[];
	gi bigint[];
	ms bigint[];
	items bigint[];
	rounds integer[];
	voters bigint[];
	voter_keys text[];
	signatures text[];
	receipts text[];
	nonces text[];
	req_keys text[];
	req_signatures text[];
	expiries timestamptz[];
	seqs bigint[];
	datas jsonb[];
	sealeds text[];
	sealed_hashes text[];
	heads text[];
	bodies text[];
	prevs text[];
	hashes text[];
	prev text;
	k integer;
BEGIN
	IF total = 0 THEN
		RETURN '[]';
	END IF;
	-- the list's rounds, in meeting and item order
	-- (jsonb_to_recordset reads the members named, where
	-- jsonb_array_elements would copy every ballot whole first)
	SELECT array_agg(d.mt ORDER BY d.mt, d.it), array_agg(d.it ORDER BY d.mt, d.it) INTO gm, gi
	FROM (SELECT DISTINCT e.meeting AS mt, e.item AS it
		FROM jsonb_to_recordset(p_casts) AS e(meeting bigint, item bigint)) d;
	-- For each, the meeting and then the latest round, locked (the
	-- round's lock reads the meeting's, so that it comes after it).
	PERFORM 1 FROM unnest(gm, gi) AS g(mt, it)
		LEFT JOIN LATERAL (SELECT m.id FROM meeting m WHERE m.id = g.mt FOR UPDATE) m ON true
		LEFT JOIN LATERAL (SELECT 1 FROM vote_round v WHERE v.meeting_id = m.id AND v.item_id = g.it
			ORDER BY v.round DESC LIMIT 1 FOR UPDATE) r ON true;
	-- every caller that is a member, shared (yg_inner.caller_member)
	PERFORM 1 FROM member WHERE id IN (SELECT (e.caller->>'id')::bigint
		FROM jsonb_to_recordset(p_casts) AS e(caller jsonb) WHERE e.caller->>'kind' = 'member')
	ORDER BY id FOR SHARE;
	-- The verdicts. Every lookup for one ballot is a subquery with OFFSET
	-- 0, which keeps it a probe of the table's index: the planner would
	-- otherwise read and hash the whole table (members, ballots,
	-- attendance, keys) for every list, as it does for a list it guesses
	-- long (the plan is generic: it does not know the list). The rows
	-- sorted and kept on the way are narrow: a ballot's request (its 3 KiB)
	-- is read out of the list only where it is judged.
	WITH c AS MATERIALIZED (
		SELECT e.i::integer AS i, e.mt, e.it, e.rd, e.caller, e.voter_key, e.signature, e.receipt
		FROM ROWS FROM (jsonb_to_recordset(p_casts) AS (meeting bigint, item bigint, round integer,
			caller jsonb, voter_key text, signature text, receipt text))
			WITH ORDINALITY AS e(mt, it, rd, caller, voter_key, signature, receipt, i)
	), g AS MATERIALIZED (
		-- each round: its latest round, its voters' keys (yg_inner.round_keys),
		-- the ballots it has (materialized: made once a round, not for
		-- each ballot, its voters read out of storage once)
		SELECT d.mt, d.it, r.round, r.state, r.rules, jsonb_array_length(r.eligible) AS eligible,
			(SELECT coalesce(jsonb_object_agg(e->>'member', e->>'key'), '{}')
				FROM jsonb_array_elements(r.eligible) e) AS keys,
			(SELECT count(*) FROM ballot b WHERE b.meeting_id = d.mt AND b.item_id = d.it
				AND b.round = r.round) AS n0
		FROM unnest(gm, gi) AS d(mt, it)
		LEFT JOIN LATERAL (SELECT v.round, v.state, v.rules, v.eligible FROM vote_round v
			WHERE v.meeting_id = d.mt AND v.item_id = d.it ORDER BY v.round DESC LIMIT 1) r ON true
	), h AS (
		-- each meeting's log as it ends
		SELECT d.mt, coalesce(l.seq, 0) AS last_seq, coalesce(l.hash, repeat('0', 64)) AS last_hash
		FROM (SELECT DISTINCT c.mt FROM c) d
		LEFT JOIN LATERAL (SELECT l.seq, l.hash FROM meeting_log l WHERE l.meeting_id = d.mt
			ORDER BY l.seq DESC LIMIT 1) l ON true
	), j AS MATERIALIZED (
		SELECT c.i, c.mt, c.it, c.rd, c.voter_key, c.signature, c.receipt, x.id AS voter,
			g.round AS r_round, g.state, g.rules, g.eligible, g.keys->>x.id::text AS key,
			-- yg_inner.caller_member, and the meeting in the caller's committee
			c.caller->>'kind' = 'member' AND x.status = 'active'
			AND EXISTS (SELECT 1 FROM member_key k WHERE k.id = (c.caller->>'key')::bigint
				AND k.member_id = x.id AND k.valid_until IS NULL OFFSET 0)
			AND x.roles && ARRAY(SELECT jsonb_array_elements_text(c.caller->'allowed'))
			AND m.committee_id = x.committee_id AS caller_ok,
			-- the ballot's count in its round, its entry's place in the log
			g.n0 + row_number() OVER (PARTITION BY c.mt, c.it ORDER BY c.i) AS n,
			jsonb_build_object('item', c.it, 'round', c.rd,
				'cast', g.n0 + row_number() OVER (PARTITION BY c.mt, c.it ORDER BY c.i),
				'eligible', g.eligible) AS data,
			h.last_seq + row_number() OVER (PARTITION BY c.mt ORDER BY c.it, c.i) AS seq,
			CASE WHEN row_number() OVER (PARTITION BY c.mt ORDER BY c.it, c.i) = 1
				THEN h.last_hash END AS head
		FROM c
		LEFT JOIN LATERAL (SELECT * FROM member x WHERE x.id = (c.caller->>'id')::bigint OFFSET 0) x ON true
		LEFT JOIN LATERAL (SELECT * FROM meeting m WHERE m.id = c.mt OFFSET 0) m ON true
		LEFT JOIN g ON g.mt = c.mt AND g.it = c.it
		LEFT JOIN h ON h.mt = c.mt
	), w AS MATERIALIZED (
		-- (materialized: its verdict is read thrice below, and made once)
		SELECT j.*, q.req,
			-- the sealed part as yg_log_append_request writes it
			yg_sealed_text('member:' || j.voter, q.req) AS sealed,
			coalesce(j.caller_ok
			-- yg_inner.cast_judge (a ballot already in, the voter's or the
			-- same, is refused by the table's unique indexes: see above)
			AND j.r_round = j.rd AND j.state = 'open'
			AND EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = j.mt AND a.kind = 'member'
				AND a.who = j.voter AND a.present OFFSET 0)
			AND (NOT coalesce((j.rules->>'scrutineers_vote_first')::boolean, false)
			     OR EXISTS (SELECT 1 FROM scrutineer s WHERE s.meeting_id = j.mt
				AND s.member_id = j.voter OFFSET 0)
			     OR NOT EXISTS (SELECT 1 FROM scrutineer s, g WHERE s.meeting_id = j.mt
				AND g.mt = j.mt AND g.it = j.it AND g.keys ? s.member_id::text
				AND NOT EXISTS (SELECT 1 FROM ballot b WHERE b.meeting_id = j.mt
					AND b.item_id = j.it AND b.round = j.rd AND b.voter = s.member_id OFFSET 0)
				AND NOT EXISTS (SELECT 1 FROM j e WHERE e.mt = j.mt AND e.it = j.it
					AND e.i < j.i AND e.voter = s.member_id) OFFSET 0))
			-- yg_inner.ballot_store
			AND j.key = j.voter_key
			-- yg_request_take
			AND jsonb_typeof(q.req) = 'object'
			AND EXISTS (SELECT 1 FROM member_key k WHERE k.member_id = j.voter
				AND (k.valid_until IS NULL OR k.valid_until >= now())
				AND k.public_key = q.req->>'key'
				AND k.committee_id = (q.req->>'committee')::bigint OFFSET 0)
			AND jsonb_typeof(q.req->'at') = 'string'
			AND yg_signed_at_form(q.req->>'at')
			AND yg_signed_at_fresh((q.req->>'at')::timestamptz)
			-- yg_log_append_request: the head the request names, then
			-- yg_request_mismatch (its expression, for this event)
			AND (NOT coalesce(q.req->'head'->>'meeting' = j.mt::text, false)
			     OR EXISTS (SELECT 1 FROM meeting_log l WHERE l.meeting_id = j.mt
				AND l.seq = (q.req->'head'->>'seq')::bigint
				AND l.hash = q.req->'head'->>'hash' OFFSET 0))
			AND (CASE
				WHEN q.req ? 'op' AND yg_event_causes() ? 'vote.cast'
					AND NOT coalesce(yg_event_causes()->'vote.cast' ? (q.req->>'op'), false)
				THEN 'cause'
				WHEN jsonb_typeof(q.args->'meeting') IS NOT NULL
					AND q.args->'meeting' <> to_jsonb(j.mt)
				THEN 'meeting'
				ELSE (SELECT n FROM unnest(yg_event_agreeing_args()) n
					WHERE j.data ? n AND q.args ? n AND j.data->n <> 'null'::jsonb
					AND j.data->n <> q.args->n LIMIT 1) END) IS NULL, false) AS good
		FROM j CROSS JOIN LATERAL (SELECT r.req, r.req->'args' AS args
			FROM (SELECT nullif(p_casts->(j.i - 1)->'request', 'null'::jsonb) AS req OFFSET 0) r
			OFFSET 0) q
	)
	-- (the arrays in meeting, item and list order: the order the rows come
	-- in, which the loop below checks)
	SELECT count(*) FILTER (WHERE w.good),
		jsonb_agg(jsonb_build_object('result', jsonb_build_object('meeting', w.mt, 'item', w.it,
			'round', w.rd, 'receipt', w.receipt, 'cast', w.n, 'eligible', w.eligible)) ORDER BY w.i),
		array_agg(w.mt), array_agg(w.it), array_agg(w.rd), array_agg(w.voter), array_agg(w.voter_key),
		array_agg(w.signature), array_agg(w.receipt), array_agg(w.req->>'nonce'),
		array_agg(w.req->>'key'), array_agg(w.req->>'signature'),
		array_agg(CASE WHEN w.good THEN (w.req->>'at')::timestamptz + interval '300 seconds' END),
		array_agg(w.seq), array_agg(w.data), array_agg(w.sealed),
		array_agg(CASE WHEN w.good THEN yg_sealed_hash(w.sealed) END), array_agg(w.head)
	INTO good, answers, ms, items, rounds, voters, voter_keys, signatures, receipts, nonces,
		req_keys, req_signatures, expiries, seqs, datas, sealeds, sealed_hashes, heads
	FROM (SELECT * FROM w ORDER BY w.mt, w.it, w.i) w;
	IF good < total THEN
		RETURN NULL;
	END IF;
	-- each request's nonce, with the request that takes it, used by no
	-- other request (yg_request_take): a nonce on file already, or twice
	-- in the list, sends the list ballot by ballot, where a request whose
	-- nonce another took is refused alone
	INSERT INTO request_nonce (nonce, xid, expires_at, key, signature)
	SELECT u.n, txid_current(), u.x, u.k, u.s
	FROM unnest(nonces, expiries, req_keys, req_signatures) AS u(n, x, k, s)
	ON CONFLICT (nonce) DO NOTHING;
	GET DIAGNOSTICS k = ROW_COUNT;
	IF k < total THEN
		RAISE EXCEPTION 'a request of the list is on file already: ballot by ballot';
	END IF;
	PERFORM yg_request_nonces_sweep();
	-- the entries, chained (expressions, not statements)
	FOR k IN 1 .. total LOOP
		-- each entry follows the one before it in its meeting's log
		IF (k = 1 OR ms[k] <> ms[k - 1]) <> (heads[k] IS NOT NULL)
		   OR (k > 1 AND ms[k] = ms[k - 1] AND seqs[k] <> seqs[k - 1] + 1) THEN
			RAISE EXCEPTION 'the list came out of order: ballot by ballot';
		END IF;
		prev := coalesce(heads[k], prev);
		bodies[k] := yg_sealed_body(ms[k], seqs[k], 'vote.cast', datas[k], sealed_hashes[k]);
		prevs[k] := prev;
		prev := yg_log_hash(prev, bodies[k]);
		hashes[k] := prev;
	END LOOP;
	INSERT INTO meeting_log (meeting_id, seq, body, prev_hash, hash, members_only, sealed)
	SELECT u.m, u.s, u.b, u.p, u.h, false, u.x
	FROM unnest(ms, seqs, bodies, prevs, hashes, sealeds) AS u(m, s, b, p, h, x);
	PERFORM yg_wake('meeting:' || u.m, u.s) FROM unnest(ms, seqs) WITH ORDINALITY AS u(m, s, o)
	ORDER BY u.o;
	INSERT INTO ballot (meeting_id, item_id, round, voter, voter_key, signature, receipt, log_seq)
	SELECT * FROM unnest(ms, items, rounds, voters, voter_keys, signatures, receipts, seqs);
	-- the log's base as the last ballot's entry leaves it
	prev := set_config('yg.log_base', ms[total] || ':' || (seqs[total] - 1), true);
	RETURN answers;
END
$function$;

-- Group commit (issue 23): ballots ygd has verified, stored in one
-- transaction and so one commit. p_casts is a list of at most 64
-- {caller, meeting, item, round, voter_key, signature, receipt, request},
-- request being the signed request of that ballot's vote.cast, as JSON
-- (server/ops/op_vote.c puts it in as it was received). They are taken in meeting and item order (so
-- that two lists lock the same meetings in the same order); each round's
-- meeting and latest round are locked once, before its first ballot, and
-- held to the commit; then each ballot is judged on its own exactly as
-- api.vote_cast judges it. A refused ballot leaves the others stored, and
-- its place in the answer holds {state, message, constraint} (its SQLSTATE
-- and words) where a stored one's holds {result}. The answer lists them in
-- p_casts's order. The caller hears of its ballot only once this
-- transaction has committed.
--
-- A list of good ballots is judged and stored whole by yg_inner.cast_list,
-- in one subtransaction and a few statements; only if it finds a ballot to
-- refuse (or fails) is the list taken again ballot by ballot, each in a
-- subtransaction of its own, which refuses each bad one alone with its own
-- words. Almost every list is all good ballots, and a subtransaction and
-- some seventeen statements per ballot cost every ballot.
CREATE FUNCTION api.vote_cast_many(p_casts jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	c record;
	answers jsonb[];
	whole jsonb;
	g_meeting bigint;
	g_item bigint;
	m meeting;
	r vote_round;
	keys jsonb;
	eligible integer;
	n bigint;
	state text;
	msg text;
	cons text;
BEGIN
	-- at most 64: more subtransactions than PostgreSQL keeps per backend
	-- would slow every other session's snapshots while this one runs
	IF jsonb_typeof(p_casts) IS DISTINCT FROM 'array' OR jsonb_array_length(p_casts) > 64 THEN
		PERFORM yg_inner.fail('YG400', 'a list of at most 64 ballots');
	END IF;
	BEGIN
		whole := yg_inner.cast_list(p_casts);
	EXCEPTION WHEN OTHERS THEN
		whole := NULL; -- undone: ballot by ballot
	END;
	IF whole IS NOT NULL THEN
		RETURN whole;
	END IF;
	answers := array_fill(NULL::jsonb, ARRAY[jsonb_array_length(p_casts)]);
	FOR c IN SELECT e.value AS v, e.i::integer AS i, (e.value->>'meeting')::bigint AS meeting,
			(e.value->>'item')::bigint AS item, (e.value->>'round')::integer AS round
		FROM jsonb_array_elements(p_casts) WITH ORDINALITY AS e(value, i) ORDER BY 3, 4, 2
	LOOP
		IF (c.meeting, c.item) IS DISTINCT FROM (g_meeting, g_item) THEN
			-- the round's locks, taken here and not in a ballot's
			-- subtransaction, whose end would let them go
			g_meeting := c.meeting;
			g_item := c.item;
			SELECT * INTO m FROM meeting WHERE id = c.meeting FOR UPDATE;
			r := yg_inner.latest_round(c.meeting, c.item);
			keys := yg_inner.round_keys(r);
			eligible := jsonb_array_length(r.eligible);
			r.eligible := NULL; -- not copied for every ballot
			SELECT count(*) INTO n FROM ballot WHERE meeting_id = c.meeting AND item_id = c.item
				AND round = r.round;
		END IF;
		-- the log's base is per request; the request is the ballot's
		-- own (as JSON), not yg.request.
		-- (An assignment, not PERFORM: a plain expression, not a query.)
		msg := set_config('yg.log_base', '', true);
		BEGIN
			answers[c.i] := jsonb_build_object('result', yg_inner.cast_listed(c.v, c.meeting,
				c.item, c.round, m, r, keys, n + 1, eligible));
			n := n + 1;
		EXCEPTION WHEN OTHERS THEN
			GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
				cons = CONSTRAINT_NAME;
			answers[c.i] := jsonb_build_object('state', state, 'message', msg,
				'constraint', nullif(cons, ''));
		END;
	END LOOP;
	RETURN to_jsonb(answers);
END
$function$;

-- Everything about a round that closing and combining need.
CREATE FUNCTION yg_inner.round_facts(r vote_round)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('committee', m.committee_id, 'meeting', r.meeting_id, 'item', r.item_id,
		'round', r.round, 'state', r.state, 'question', r.question, 'election_key', r.election_key,
		'entitled', r.entitled, 'present', r.present, 'rules', r.rules,
		'eligible', (SELECT coalesce(jsonb_agg((e->>'member')::bigint ORDER BY (e->>'member')::bigint), '[]')
			FROM jsonb_array_elements(r.eligible) e),
		'voters', (SELECT coalesce(jsonb_agg(jsonb_build_object('voter', b.voter, 'voter_key', b.voter_key,
			'receipt', b.receipt, 'signature', b.signature) ORDER BY b.voter), '[]')
			FROM ballot b WHERE b.meeting_id = r.meeting_id AND b.item_id = r.item_id AND b.round = r.round),
		'aggregate', r.aggregate,
		'shares', (SELECT coalesce(jsonb_agg(jsonb_build_object('index', d.idx, 'share', d.share)
			ORDER BY d.idx), '[]') FROM decryption d WHERE d.meeting_id = r.meeting_id
			AND d.item_id = r.item_id AND d.round = r.round),
		'keys', (SELECT coalesce(jsonb_agg(s.public_key ORDER BY s.idx), '[]') FROM scrutineer s
			WHERE s.meeting_id = r.meeting_id AND s.ceremony = r.ceremony),
		'threshold', yg_inner.ceremony_threshold(r.meeting_id, r.ceremony),
		'now', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
		-- what the tally of format 2 signs besides (VOTE.md §7)
		'eligible_keys', r.eligible, 'quorum', r.quorum,
		-- the round before that closed (a voided round has no tally)
		'previous_tally', (SELECT p.tally FROM vote_round p WHERE p.meeting_id = r.meeting_id
			AND p.item_id = r.item_id AND p.round < r.round AND p.state = 'closed'
			ORDER BY p.round DESC LIMIT 1),
		'log_head', (SELECT jsonb_build_object('seq', l.seq, 'hash', l.hash) FROM meeting_log l
			WHERE l.meeting_id = r.meeting_id ORDER BY l.seq DESC LIMIT 1))
	FROM meeting m WHERE m.id = r.meeting_id;
$function$;

-- Closing: whoever presides or the chair; the ballots come back for ygd to
-- add up. vote.close {meeting, item}.
CREATE FUNCTION api.vote_close_facts(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	t record := yg_inner.target_entry(p_caller, p_meeting, p_item);
	r vote_round := yg_inner.latest_round(p_meeting, p_item);
BEGIN
	IF (t.e).presiding IS DISTINCT FROM (t.me).id AND NOT 'chair' = ANY ((t.me).roles) THEN
		PERFORM yg_inner.fail('YG403', 'only whoever presides over the item, or the chair, closes the vote');
	END IF;
	IF r.round IS NULL OR r.state <> 'open' THEN
		PERFORM yg_inner.fail('YG409', format('no vote is open on item %s', p_item));
	END IF;
	RETURN yg_inner.round_facts(r) || jsonb_build_object('ballots',
		(SELECT coalesce(jsonb_agg(yg_inner.ballot_json(b) ORDER BY b.voter), '[]') FROM ballot b
		 WHERE b.meeting_id = r.meeting_id AND b.item_id = r.item_id AND b.round = r.round));
END
$function$;

-- vote.close {meeting, item}, with the round closing (round) and the
-- ballots ygd added up (aggregate).
CREATE FUNCTION api.vote_close_store(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	p_round integer := (p_args->>'round')::integer;
	p_aggregate jsonb := p_args->'aggregate';
	t record := yg_inner.target_entry(p_caller, p_meeting, p_item);
	me member := t.me;
	r vote_round := yg_inner.latest_round(p_meeting, p_item);
	n bigint;
BEGIN
	-- The checks of api.vote_close_facts again, whoever calls, and the
	-- aggregate's shape and ballot count against the ballots stored (the
	-- sum itself is checked by every scrutineer's terminal, BALLOT.md).
	IF (t.e).presiding IS DISTINCT FROM me.id AND NOT 'chair' = ANY (me.roles) THEN
		PERFORM yg_inner.fail('YG403', 'only whoever presides over the item, or the chair, closes the vote');
	END IF;
	IF r.round IS DISTINCT FROM p_round OR r.state <> 'open' THEN
		PERFORM yg_inner.fail('YG409', 'the vote is not open');
	END IF;
	SELECT count(*) INTO n FROM ballot WHERE meeting_id = p_meeting AND item_id = p_item AND round = p_round;
	IF jsonb_typeof(p_aggregate) IS DISTINCT FROM 'object' OR jsonb_typeof(p_aggregate->'ballots') IS DISTINCT FROM 'number'
	   OR (p_aggregate->>'ballots')::numeric <> n OR jsonb_typeof(p_aggregate->'sum') IS DISTINCT FROM 'array'
	   OR jsonb_array_length(p_aggregate->'sum') <> jsonb_array_length(r.question->'labels') THEN
		PERFORM yg_inner.fail('YG400', format('the aggregate does not add up the %s ballots stored', n));
	END IF;
	UPDATE vote_round SET state = 'decrypting', closed_by = me.id, aggregate = p_aggregate
	WHERE meeting_id = p_meeting AND item_id = p_item AND round = p_round
	RETURNING * INTO r;
	PERFORM yg_log_append(p_meeting, 'member:' || me.id, 'vote.closing', jsonb_build_object('item', p_item,
		'round', p_round, 'ballots', p_aggregate->'ballots', 'eligible', jsonb_array_length(r.eligible)));
	RETURN jsonb_build_object('meeting', p_meeting, 'item', p_item, 'round', p_round,
		'state', 'decrypting', 'ballots', p_aggregate->'ballots', 'awaiting', yg_inner.round_awaiting(r));
END
$function$;

-- The latest round of an item, locked, if it is round p_round and waits
-- for its scrutineers' decryptions; refused otherwise.
CREATE FUNCTION yg_inner.round_decrypting(p_meeting bigint, p_item bigint, p_round integer)
 RETURNS vote_round
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	r vote_round := yg_inner.latest_round(p_meeting, p_item);
BEGIN
	IF r.round IS DISTINCT FROM p_round OR r.state <> 'decrypting' THEN
		PERFORM yg_inner.fail('YG409', format('round %s of item %s is not waiting for decryption', p_round, p_item));
	END IF;
	RETURN r;
END
$function$;

-- A scrutineer's partial decryption: what ygd checks it against.
-- vote.decrypt {meeting, item, round, share}.
CREATE FUNCTION api.vote_decrypt_facts(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	p_round integer := (p_args->>'round')::integer;
	t record := yg_inner.target_scrutineer(p_caller, p_meeting);
	r vote_round := yg_inner.round_decrypting(p_meeting, p_item, p_round);
BEGIN
	IF EXISTS (SELECT 1 FROM decryption WHERE meeting_id = p_meeting AND item_id = p_item
		   AND round = p_round AND idx = (t.s).idx) THEN
		PERFORM yg_inner.fail('YG409', 'you have already given your decryption of this round');
	END IF;
	RETURN jsonb_build_object('committee', (t.m).committee_id, 'meeting', p_meeting, 'item', p_item,
		'round', p_round, 'question', r.question, 'election_key', r.election_key,
		'aggregate', r.aggregate, 'index', (t.s).idx,
		'key', coalesce((t.s).verification_key, (t.s).public_key));
END
$function$;

-- vote.decrypt {meeting, item, round, share}, the share verified by ygd.
CREATE FUNCTION api.vote_decrypt_store(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	p_round integer := (p_args->>'round')::integer;
	p_share jsonb := p_args->'share';
	t record := yg_inner.target_scrutineer(p_caller, p_meeting);
	r vote_round := yg_inner.round_decrypting(p_meeting, p_item, p_round);
BEGIN
	INSERT INTO decryption (meeting_id, item_id, round, ceremony, idx, member_id, share)
	VALUES (p_meeting, p_item, p_round, (t.s).ceremony, (t.s).idx, (t.me).id, p_share);
	PERFORM yg_log_append(p_meeting, 'member:' || (t.me).id, 'vote.decrypted',
		jsonb_build_object('item', p_item, 'round', p_round, 'index', (t.s).idx,
			'name', (t.me).display_name));
	SELECT * INTO r FROM vote_round WHERE meeting_id = p_meeting AND item_id = p_item AND round = p_round;
	RETURN yg_inner.round_facts(r) || jsonb_build_object('awaiting', yg_inner.round_awaiting(r),
		'complete', jsonb_array_length(yg_inner.round_awaiting(r)) = 0);
END
$function$;

-- The result ygd has combined, judged and signed: the round closes, the
-- item is decided (or goes to a run-off round), the room hears it.
-- vote.close's or vote.decrypt's arguments, with the round (round), the
-- counts, the outcome ygd judged, the signed tally, the server key that
-- signed it (signer), the time it names (closed_at) and the log's head it
-- names (log_head).
CREATE FUNCTION api.vote_finish(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	p_round integer := (p_args->>'round')::integer;
	p_counts jsonb := p_args->'counts';
	p_outcome jsonb := p_args->'outcome';
	p_tally text := p_args->>'tally';
	p_signer text := p_args->>'signer';
	p_closed_at text := p_args->>'closed_at';
	p_log_head jsonb := p_args->'log_head';
	t record := yg_inner.target_entry(p_caller, p_meeting, p_item);
	me member := t.me;
	r vote_round;
	res text := p_outcome->>'result';
	title text;
	n bigint;
	options integer;
	total numeric;
BEGIN
	SELECT * INTO r FROM vote_round WHERE meeting_id = p_meeting AND item_id = p_item AND round = p_round
	FOR UPDATE;
	IF NOT FOUND OR r.state = 'closed'
	   OR (r.state = 'decrypting' AND jsonb_array_length(yg_inner.round_awaiting(r)) > 0)
	   OR (r.state = 'open' AND EXISTS (SELECT 1 FROM ballot b WHERE b.meeting_id = p_meeting
		AND b.item_id = p_item AND b.round = p_round))
	   OR r.round <> (yg_inner.latest_round(p_meeting, p_item)).round THEN
		PERFORM yg_inner.fail('YG409', 'the round cannot be closed now');
	END IF;
	-- Whoever calls: the round ends with the last scrutineer's decryption,
	-- or, without ballots, when whoever presides (or the chair) closes it.
	IF NOT coalesce((r.state = 'decrypting' AND EXISTS (SELECT 1 FROM scrutineer s
			WHERE s.meeting_id = p_meeting AND s.member_id = me.id))
		OR (r.state = 'open' AND ((t.e).presiding IS NOT DISTINCT FROM me.id
			OR 'chair' = ANY (me.roles))), false) THEN
		PERFORM yg_inner.fail('YG403', 'your roles do not allow this');
	END IF;
	-- The counts, one per option, none above the ballots stored, adding up
	-- to them (one choice each) or to at most seats times them (approval);
	-- the aggregate decrypted counted those same ballots.
	SELECT count(*) INTO n FROM ballot b WHERE b.meeting_id = p_meeting AND b.item_id = p_item
		AND b.round = p_round;
	options := jsonb_array_length(r.question->'labels');
	IF jsonb_typeof(p_counts) IS DISTINCT FROM 'array' OR jsonb_array_length(p_counts) <> options
	   OR EXISTS (SELECT 1 FROM jsonb_array_elements(p_counts) c WHERE jsonb_typeof(c) <> 'number'
		      OR c::text::numeric < 0 OR c::text::numeric > n OR c::text::numeric <> trunc(c::text::numeric))
	   OR (n > 0 AND (r.aggregate->>'ballots')::numeric IS DISTINCT FROM n) THEN
		PERFORM yg_inner.fail('YG400', format('the counts do not fit the %s ballots stored', n));
	END IF;
	SELECT sum(c::text::numeric) INTO total FROM jsonb_array_elements(p_counts) c;
	IF (r.question->>'kind' = 'approval' AND total > n * coalesce((r.question->>'seats')::numeric, 1))
	   OR (r.question->>'kind' IS DISTINCT FROM 'approval' AND total <> n) THEN
		PERFORM yg_inner.fail('YG400', format('the counts do not fit the %s ballots stored', n));
	END IF;
	IF res IS NULL OR (res = 'elected' AND (jsonb_typeof(p_outcome->'elected') IS DISTINCT FROM 'array'
	   OR EXISTS (SELECT 1 FROM jsonb_array_elements(p_outcome->'elected') x
		      WHERE jsonb_typeof(x) <> 'number' OR x::text::numeric NOT BETWEEN 0 AND options - 1))) THEN
		PERFORM yg_inner.fail('YG400', 'the outcome is not one of this question''s');
	END IF;
	UPDATE vote_round SET state = 'closed', closed_by = coalesce(closed_by, me.id),
		closed_at = p_closed_at::timestamptz, counts = p_counts, outcome = p_outcome, result = res,
		tally = p_tally, signer = p_signer, log_head = p_log_head
	WHERE meeting_id = p_meeting AND item_id = p_item AND round = p_round;
	IF res <> 'runoff' THEN
		UPDATE agenda_entry SET state = 'voted' WHERE meeting_id = p_meeting AND item_id = p_item;
		UPDATE item SET status = CASE WHEN res = 'adopted'
			OR (res = 'elected' AND jsonb_array_length(p_outcome->'elected') > 0)
			THEN 'decided' ELSE 'rejected' END WHERE id = p_item;
	END IF;
	SELECT v.title INTO title FROM agenda_entry a JOIN item_version v ON v.item_id = a.item_id
		AND v.version = a.item_version WHERE a.meeting_id = p_meeting AND a.item_id = p_item;
	PERFORM yg_log_append(p_meeting, 'server', 'vote.result', jsonb_build_object('item', p_item,
		'round', p_round, 'title', title, 'question', r.question, 'counts', p_counts,
		'outcome', p_outcome, 'ballots', coalesce((r.aggregate->>'ballots')::integer, 0),
		'eligible', jsonb_array_length(r.eligible), 'entitled', r.entitled, 'tally', p_tally));
	RETURN jsonb_build_object('meeting', p_meeting, 'item', p_item, 'round', p_round, 'state', 'closed',
		'counts', p_counts, 'outcome', p_outcome, 'result', res, 'tally', p_tally, 'awaiting', '[]'::jsonb);
END
$function$;

-- vote.record {meeting, item}.
CREATE FUNCTION api.vote_record(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	me member := yg_inner.caller_member(p_caller);
	m meeting;
	rec jsonb;
BEGIN
	SELECT * INTO m FROM meeting WHERE id = p_meeting AND committee_id = me.committee_id;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no meeting %s in this committee', p_meeting));
	END IF;
	rec := yg_inner.election_record(m.id, p_item);
	IF rec IS NULL THEN
		PERFORM yg_inner.fail('YG409', format('no vote on item %s has closed in meeting %s', p_item, m.id));
	END IF;
	RETURN rec;
END
$function$;

-- The way out when the scrutineers cannot decrypt (a share lost, or too
-- few ballots to decrypt, BALLOT.md §9.1): whoever presides over the
-- meeting voids the round waiting for decryption, with the reason. The
-- item goes back to 'discussed', to be voted again in a later round under
-- a new key ceremony of the same meeting: the same scrutineers (the chair
-- may designate others) publish new keys. VOTE.md §5.1. vote.void
-- {meeting, item, round, reason}.
CREATE FUNCTION api.vote_void(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	p_round integer := (p_args->>'round')::integer;
	p_reason text := p_args->>'reason';
	t record := yg_inner.target_entry(p_caller, p_meeting, p_item);
	r vote_round := yg_inner.latest_round(p_meeting, p_item);
	awaited jsonb;
	next integer;
BEGIN
	IF yg_inner.presiding_holder((t.m).id, NULL) IS DISTINCT FROM (t.me).id THEN
		PERFORM yg_inner.fail('YG403', 'only whoever presides over the meeting voids a round');
	END IF;
	IF r.round IS NULL OR r.round <> p_round OR r.state <> 'decrypting' THEN
		PERFORM yg_inner.fail('YG409', format('round %s of item %s is not waiting for decryption: only such a round is voided',
			p_round, p_item));
	END IF;
	IF (t.m).ceremony >= 16 THEN
		PERFORM yg_inner.fail('YG409', 'this meeting has had as many key ceremonies as it may');
	END IF;
	awaited := yg_inner.round_awaiting(r);
	UPDATE vote_round SET state = 'voided', void_reason = p_reason, voided_by = (t.me).id,
		voided_at = clock_timestamp()
	WHERE meeting_id = r.meeting_id AND item_id = r.item_id AND round = r.round;
	UPDATE agenda_entry SET state = 'discussed' WHERE meeting_id = (t.m).id AND item_id = p_item;
	UPDATE meeting SET ceremony = ceremony + 1, election_key = NULL WHERE id = (t.m).id
	RETURNING ceremony INTO next;
	INSERT INTO scrutineer (meeting_id, ceremony, idx, member_id, designated_by)
	SELECT meeting_id, next, idx, member_id, (t.me).id FROM scrutineer
	WHERE meeting_id = (t.m).id AND ceremony = next - 1;
	INSERT INTO key_ceremony (meeting_id, ceremony, n, threshold)
	SELECT meeting_id, next, n, threshold FROM key_ceremony WHERE meeting_id = (t.m).id AND ceremony = next - 1;
	PERFORM yg_log_append((t.m).id, 'member:' || (t.me).id, 'vote.voided', jsonb_build_object(
		'item', p_item, 'round', p_round, 'reason', p_reason, 'ballots',
		coalesce((r.aggregate->>'ballots')::integer, 0), 'awaiting', awaited, 'ceremony', next));
	RETURN jsonb_build_object('meeting', (t.m).id, 'item', p_item, 'round', p_round, 'state', 'voided',
		'reason', p_reason, 'ceremony', next);
END
$function$;
