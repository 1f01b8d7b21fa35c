-- meeting_log: functions. Re-applied whole whenever any file of sql/api changes (see
-- sql/api/README.md); tables and data stay in the numbered migrations.

CREATE OR REPLACE FUNCTION public.yg_log_hash(p_prev text, p_body text)
 RETURNS text
 LANGUAGE plpgsql
 IMMUTABLE
AS $function$
-- PL/pgSQL, not SQL: called from yg_log_append's INSERT it is not inlined,
-- and a SQL function is then planned again for every entry appended.
BEGIN
	RETURN encode(sha256(convert_to('yangguang/v1/log', 'UTF8') || '\x00'::bytea ||
		decode(p_prev, 'hex') || convert_to(p_body, 'UTF8')), 'hex');
END
$function$;

-- The digest a sealed entry's body names of its sealed part (PROTOCOL.md
-- §11, proto/logchain.h): SHA-256("yangguang/v1/sealed" || 0x00 || S).
CREATE OR REPLACE FUNCTION public.yg_sealed_hash(p_sealed text)
 RETURNS text
 LANGUAGE plpgsql
 IMMUTABLE
AS $function$
-- PL/pgSQL for the reason yg_log_hash is: its plan is kept.
BEGIN
	RETURN encode(sha256(convert_to('yangguang/v1/sealed', 'UTF8') || '\x00'::bytea ||
		convert_to(p_sealed, 'UTF8')), 'hex');
END
$function$;

-- A sealed entry's sealed part (PROTOCOL.md §11): the text
-- jsonb_build_object('actor', p_actor, 'request', p_request)::text writes
-- (keys in jsonb's order, shorter first), put together from the request's
-- own text: building the object would decode and re-encode the whole
-- request (a ballot, 3 KiB) first. For yg_log_append_request and the
-- group commit's set-based store (yg_inner.cast_list).
CREATE OR REPLACE FUNCTION public.yg_sealed_text(p_actor text, p_request jsonb)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$
SELECT '{"actor": ' || coalesce(to_jsonb(p_actor)::text, 'null') || ', "request": '
	|| coalesce(p_request::text, 'null') || '}'
$function$;

-- The body of entry p_seq of a meeting's log whose sealed part hashes to
-- p_sealed_hash, appended now (its time the clock's, in UTC to the
-- microsecond): for the same two writers.
CREATE OR REPLACE FUNCTION public.yg_sealed_body(p_meeting bigint, p_seq bigint, p_event text, p_data jsonb, p_sealed_hash text)
 RETURNS text
 LANGUAGE sql
AS $function$
SELECT jsonb_build_object('meeting', p_meeting, 'seq', p_seq,
	'at', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
	'event', p_event, 'data', p_data, 'sealed', p_sealed_hash)::text
$function$;

-- Whether p_at has the form of a signed request's time (PROTOCOL.md §7a,
-- RFC 3339): the one statement of it, for yg_request_take and the group
-- commit's set-based check (yg_inner.cast_list). SQL, inlined where used.
CREATE OR REPLACE FUNCTION public.yg_signed_at_form(p_at text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $function$
SELECT p_at ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$'
$function$;

-- Whether a request signed at p_at is still taken: within 300 s of the
-- database's clock (ygd checks the same against its own, REQSIG_SKEW_S).
CREATE OR REPLACE FUNCTION public.yg_signed_at_fresh(p_at timestamptz)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
SELECT p_at >= now() - interval '300 seconds' AND p_at <= now() + interval '300 seconds'
$function$;

-- The signed request (PROTOCOL.md §7a) that the current statement carries
-- in yg.request, as JSON: NULL for none.
CREATE OR REPLACE FUNCTION public.yg_request_current()
 RETURNS jsonb
 LANGUAGE plpgsql
AS $function$
DECLARE
	t text := current_setting('yg.request', true);
BEGIN
	IF coalesce(t, '') = '' THEN
		RETURN NULL;
	END IF;
	RETURN t::jsonb;
END
$function$;

-- The signed request that the current statement carries in yg.request,
-- taken for an entry by p_actor (below).
CREATE OR REPLACE FUNCTION public.yg_request_take(p_actor text)
 RETURNS jsonb
 LANGUAGE plpgsql
AS $function$
BEGIN
	RETURN yg_request_take(p_actor, yg_request_current());
END
$function$;

-- Signed request r (PROTOCOL.md §7a), checked as far as the database can
-- without verifying Ed25519 (the terminals and yg verify do that): a
-- person's entry needs one, made for the actor's committee with the key
-- they hold now, and its nonce used by no other request (in this
-- transaction or another). NULL for an entry with
-- no request (r NULL). The group commit passes each ballot's own request
-- this way, as JSON: taken through yg.request, its text was copied twice
-- and parsed again for every ballot.
CREATE OR REPLACE FUNCTION public.yg_request_take(p_actor text, p_request jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
AS $function$
DECLARE
	r jsonb := p_request;
	who bigint;
	taken bigint;
	signed_at timestamptz;
BEGIN
	IF r IS NULL THEN
		-- An observer's own registration carries its own signature (§7).
		IF p_actor IN ('server') OR p_actor LIKE 'member:%' OR (p_actor LIKE 'observer:%' AND NOT EXISTS (SELECT 1
				FROM observer WHERE id = split_part(p_actor, ':', 2)::bigint
				AND status = 'pending')) THEN
			RAISE EXCEPTION USING ERRCODE = 'YG401',
				MESSAGE = 'an entry by ' || p_actor || ' needs the request its author signed';
		END IF;
		RETURN NULL;
	END IF;
	IF jsonb_typeof(r) <> 'object' THEN
		RAISE EXCEPTION USING ERRCODE = 'YG401', MESSAGE = 'the signed request is not an object';
	END IF;
	IF p_actor LIKE 'member:%' OR p_actor LIKE 'observer:%' THEN
		who := split_part(p_actor, ':', 2)::bigint;
		IF NOT EXISTS (SELECT 1 FROM member_key WHERE p_actor LIKE 'member:%' AND member_id = who
				AND (valid_until IS NULL OR valid_until >= now()) AND public_key = r->>'key'
				AND committee_id = (r->>'committee')::bigint)
		   AND NOT EXISTS (SELECT 1 FROM observer WHERE p_actor LIKE 'observer:%' AND id = who
				AND public_key = r->>'key' AND committee_id = (r->>'committee')::bigint) THEN
			RAISE EXCEPTION USING ERRCODE = 'YG401',
				MESSAGE = 'the request is not signed for this committee with the key '
					|| p_actor || ' holds';
		END IF;
	END IF;
	-- A request is accepted only within 300 s of its signing time (ygd
	-- checks the same against its own clock), so its nonce need be kept no
	-- longer: once that window is past, the request is refused here whether
	-- or not its nonce is still on file. A request without a readable time
	-- is no signed request any verifier accepts, and one without a time
	-- would escape the window: refused (ygd refuses it too, reqsig_verify).
	-- The pattern leaves only impossible days (a 30 February) to the cast,
	-- which refuses them with its own error: no exception block here, whose
	-- subtransaction every ballot would pay for.
	IF jsonb_typeof(r->'at') IS DISTINCT FROM 'string' OR NOT yg_signed_at_form(r->>'at') THEN
		RAISE EXCEPTION USING ERRCODE = 'YG401',
			MESSAGE = 'the signed request carries no time it was signed at (an RFC 3339 "at")';
	END IF;
	signed_at := (r->>'at')::timestamptz;
	IF NOT yg_signed_at_fresh(signed_at) THEN
		RAISE EXCEPTION USING ERRCODE = 'YG401', MESSAGE = format('the request was signed at %s, '
			'more than 300 seconds from the database''s clock', r->>'at');
	END IF;
	-- The nonce, with the request that takes it (its key and signature,
	-- migration 0037).
	INSERT INTO request_nonce (nonce, xid, expires_at, key, signature)
	VALUES (r->>'nonce', txid_current(), signed_at + interval '300 seconds', r->>'key',
		r->>'signature')
	ON CONFLICT (nonce) DO NOTHING
	RETURNING xid INTO taken;
	IF taken IS NULL THEN
		-- On file already: taken again only by the request that took it,
		-- in this transaction (meeting.announce appends an entry to the
		-- meeting's log and one to the administrative log with one
		-- request). The transaction alone does not say so: the group
		-- commit stores many members' requests in one
		-- (api.vote_cast_many), and another request with the same nonce
		-- is refused there too. The key and signature name the request
		-- (the signature covers all the rest; no signature is verified
		-- here, and a made-up request is compared as it is); rows from
		-- before 0037 name none and were taken by transactions that have
		-- ended.
		IF NOT EXISTS (SELECT 1 FROM request_nonce n WHERE n.nonce = r->>'nonce'
				AND n.xid = txid_current() AND n.key IS NOT DISTINCT FROM r->>'key'
				AND n.signature IS NOT DISTINCT FROM r->>'signature') THEN
			RAISE EXCEPTION USING ERRCODE = 'YG409',
				MESSAGE = 'this signed request has been used already';
		END IF;
	ELSE
		PERFORM yg_request_nonces_sweep();
	END IF;
	RETURN r;
END
$function$;

-- Let expired nonces go (migration 0032), once per transaction that takes
-- any (a group commit takes up to 64, api.vote_cast_many): bounded work, as
-- many rows as such a transaction takes, so the table cannot outgrow the
-- window; rows another transaction is letting go are skipped, not waited
-- for. now() is the transaction's, so a second sweep would find only what
-- the first skipped. A subtransaction that aborts undoes the sweep and the
-- setting together. Called by both writers of request_nonce:
-- yg_request_take and yg_inner.cast_list.
CREATE OR REPLACE FUNCTION public.yg_request_nonces_sweep()
 RETURNS void
 LANGUAGE plpgsql
AS $function$
BEGIN
	IF current_setting('yg.nonces_swept', true) IS DISTINCT FROM txid_current()::text THEN
		DELETE FROM request_nonce WHERE nonce IN (SELECT nonce FROM request_nonce
			WHERE expires_at < now() ORDER BY expires_at LIMIT 64 FOR UPDATE SKIP LOCKED);
		PERFORM set_config('yg.nonces_swept', txid_current()::text, true);
	END IF;
END
$function$;

-- Whether a request for operation p_op can cause a meeting-log entry of
-- event p_event, and asks for what the entry records (p_data): the
-- operation is one that causes that event (events no operation is listed
-- for pass), and each of the names below found in both the entry's data
-- and the request's arguments has the same value there, as yg verify
-- checks (proto/record_actors.c). The causes and the names are the event
-- table's causes column and event_agreeing_args (proto/events.c), which
-- 015_event_causes.sql declares as generated from it. NULL, or why not. So a request taken on
-- its way to ygd cannot be stored with another entry than it asked for. (A
-- made-up R without op or args is no request any verifier accepts.)
CREATE OR REPLACE FUNCTION public.yg_request_mismatch(p_req jsonb, p_meeting bigint, p_event text, p_data jsonb)
 RETURNS text
 LANGUAGE plpgsql
 IMMUTABLE
AS $function$
-- PL/pgSQL, not SQL: called from yg_log_append it is not inlined, and a SQL
-- function is then planned again for every entry appended (every ballot);
-- this one's plan is kept for the session.
BEGIN
	RETURN (SELECT CASE
		WHEN p_req ? 'op' AND yg_event_causes() ? p_event
				AND NOT coalesce(yg_event_causes()->p_event ? (p_req->>'op'), false)
			THEN format('a request for %s does not cause %s', p_req->>'op', p_event)
		WHEN jsonb_typeof(p_req->'args'->'meeting') IS NOT NULL
				AND p_req->'args'->'meeting' <> to_jsonb(p_meeting)
			THEN 'the request was for another meeting'
		ELSE (SELECT format('the entry''s "%s" is not what the signed request asked for', n)
			FROM unnest(yg_event_agreeing_args()) n
			WHERE p_data ? n AND p_req->'args' ? n AND p_data->n <> 'null'::jsonb
				AND p_data->n <> p_req->'args'->n
			LIMIT 1) END);
END
$function$;

-- Append an entry to a meeting's log, with the signed request the current
-- statement carries in yg.request (yg_log_append_request).
CREATE OR REPLACE FUNCTION public.yg_log_append(p_meeting bigint, p_actor text, p_event text, p_data jsonb, p_members_only boolean DEFAULT false)
 RETURNS bigint
 LANGUAGE plpgsql
AS $function$
BEGIN
	RETURN yg_log_append_request(p_meeting, p_actor, p_event, p_data, yg_request_current(),
		p_members_only);
END
$function$;

-- Append an entry to a meeting's log, caused by signed request p_request
-- (NULL for none; yg_request_take), and wake ygd, which reads the entry
-- (api.stream_read, tagged confidential for a confidential item, which its
-- fan-out withholds from observers) and pushes it on stream meeting:ID.
CREATE OR REPLACE FUNCTION public.yg_log_append_request(p_meeting bigint, p_actor text, p_event text, p_data jsonb, p_request jsonb, p_members_only boolean DEFAULT false)
 RETURNS bigint
 LANGUAGE plpgsql
AS $function$
DECLARE
	last_seq bigint;
	n bigint;
	prev text;
	why text;
	body text;
	at text := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
	req jsonb := yg_request_take(p_actor, p_request);
	base_t text := current_setting('yg.log_base', true);
	base bigint;
	sealed text;
	head_seq bigint;
	head_hash text;
BEGIN
	-- Only the two columns: the whole row would bring the last entry's
	-- body and sealed part (a ballot, 3 KiB) out of storage for nothing.
	SELECT l.seq, l.hash INTO last_seq, prev FROM meeting_log l WHERE l.meeting_id = p_meeting
	ORDER BY l.seq DESC LIMIT 1;
	n := coalesce(last_seq, 0) + 1;
	prev := coalesce(prev, repeat('0', 64));
	-- The request is read first, the log then with plain values: a query
	-- with req itself in it would be planned anew for every entry (its
	-- custom plan, req folded in, always looks cheaper than the generic
	-- one), which cost a ballot more than the rest of its entry.
	IF req->'head'->>'meeting' = p_meeting::text THEN
		head_seq := (req->'head'->>'seq')::bigint;
		head_hash := req->'head'->>'hash';
		IF NOT EXISTS (SELECT 1 FROM meeting_log WHERE meeting_id = p_meeting AND seq = head_seq
				AND hash = head_hash) THEN
			RAISE EXCEPTION USING ERRCODE = 'YG409',
				MESSAGE = 'the request names a log head this meeting''s log does not have';
		END IF;
	END IF;
	IF req IS NOT NULL THEN
		why := yg_request_mismatch(req, p_meeting, p_event, p_data);
		IF why IS NOT NULL THEN
			RAISE EXCEPTION USING ERRCODE = 'YG409', MESSAGE = why;
		END IF;
	END IF;
	-- The last entry before this transaction's first (a request may append
	-- several): what the person must have seen before deciding for the room.
	IF coalesce(base_t, '') = '' OR split_part(base_t, ':', 1) <> p_meeting::text THEN
		base := coalesce(last_seq, 0);
		-- an assignment, not PERFORM: a plain expression, not a query
		base_t := set_config('yg.log_base', p_meeting || ':' || base, true);
	ELSE
		base := split_part(base_t, ':', 2)::bigint;
	END IF;
	-- Decisions the presiding chair (or the clerk, for the minutes) takes
	-- on what the room has done so far must follow the latest entry: a
	-- request chained to an older head is refused, so that no one opens,
	-- closes or signs on a stale view (PROTOCOL.md §7a).
	IF p_event IN ('meeting.opened', 'meeting.closed', 'vote.opened', 'vote.closing',
			'vote.voided', 'agenda.discussed', 'agenda.deferred', 'minutes.signed')
	   AND req->'head'->>'meeting' = p_meeting::text AND (req->'head'->>'seq')::bigint < base THEN
		RAISE EXCEPTION USING ERRCODE = 'YG409', MESSAGE = format('the request follows entry %s of '
			'this meeting''s log, but entry %s has been added since: look at the meeting again',
			req->'head'->>'seq', base);
	END IF;
	-- A ballot's entry keeps who cast it in its sealed part, which only
	-- members receive; its body names the part's digest (yg_entry_sealed).
	IF yg_entry_sealed(p_event) THEN
		sealed := yg_sealed_text(p_actor, req);
		body := yg_sealed_body(p_meeting, n, p_event, p_data, yg_sealed_hash(sealed));
	ELSE
		body := jsonb_build_object('meeting', p_meeting, 'seq', n, 'at', at,
			'actor', p_actor, 'event', p_event, 'data', p_data, 'request', req)::text;
	END IF;
	INSERT INTO meeting_log (meeting_id, seq, body, prev_hash, hash, members_only, sealed)
	VALUES (p_meeting, n, body, prev, yg_log_hash(prev, body), p_members_only, sealed);
	PERFORM yg_wake('meeting:' || p_meeting, n);
	RETURN n;
END
$function$;

-- Who the caller is to this meeting: 'member' (any committee role) or an
-- invited 'observer'. The meeting comes back locked when p_lock.
CREATE FUNCTION yg_inner.meeting_party(p_caller jsonb, p_meeting bigint, p_lock boolean, OUT m meeting, OUT kind text, OUT who bigint)
 RETURNS record
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	cid bigint := yg_inner.caller_committee(p_caller);
BEGIN
	IF p_lock THEN
		SELECT * INTO m FROM meeting WHERE id = p_meeting AND committee_id = cid FOR UPDATE;
	ELSE
		SELECT * INTO m FROM meeting WHERE id = p_meeting AND committee_id = cid;
	END IF;
	IF m.id IS NULL THEN
		PERFORM yg_inner.fail('YG404', format('no meeting %s in this committee', p_meeting));
	END IF;
	kind := CASE WHEN p_caller->>'kind' = 'observer' THEN 'observer' ELSE 'member' END;
	who := (p_caller->>'id')::bigint;
	IF kind = 'observer' AND NOT EXISTS (SELECT 1 FROM meeting_invitation
					     WHERE meeting_id = m.id AND observer_id = who) THEN
		PERFORM yg_inner.fail('YG403', 'you are not invited to this meeting');
	END IF;
END
$function$;

-- meeting.invite {meeting, observer}.
CREATE FUNCTION api.meeting_invite(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_observer bigint := (p_args->>'observer')::bigint;
	me member := yg_inner.caller_in_role(p_caller, ARRAY['chair']);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
	o observer;
BEGIN
	IF m.status NOT IN ('draft', 'announced', 'open') THEN
		PERFORM yg_inner.fail('YG409', format('meeting %s is %s', m.id, m.status));
	END IF;
	SELECT * INTO o FROM observer WHERE id = p_observer AND committee_id = me.committee_id;
	IF NOT FOUND OR o.status <> 'approved' THEN
		PERFORM yg_inner.fail('YG404', format('no approved observer %s in the pool', p_observer));
	END IF;
	INSERT INTO meeting_invitation (meeting_id, observer_id, invited_by) VALUES (m.id, o.id, me.id);
	IF m.status <> 'draft' THEN
		PERFORM yg_log_append(m.id, 'member:' || me.id, 'observer.invited',
			jsonb_build_object('observer', o.id, 'name', o.display_name));
	END IF;
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, 'meeting.invite',
		'meeting:' || m.id, jsonb_build_object('observer', o.id));
	RETURN jsonb_build_object('meeting', m.id, 'observer', o.id, 'name', o.display_name);
END
$function$;

-- Entitled and present members of a meeting.
CREATE FUNCTION yg_inner.meeting_counts(p_meeting bigint)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object(
		'entitled', (SELECT count(*) FROM meeting_roster WHERE meeting_id = p_meeting),
		'present', (SELECT count(*) FROM attendance a JOIN meeting_roster r
			ON r.meeting_id = a.meeting_id AND r.member_id = a.who
			WHERE a.meeting_id = p_meeting AND a.kind = 'member' AND a.present));
$function$;

-- Arrive or leave. Members on the roster and invited observers only.
CREATE FUNCTION yg_inner.meeting_attend(p_caller jsonb, p_meeting bigint, p_present boolean)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p record := yg_inner.meeting_party(p_caller, p_meeting, true);
	name text;
	was boolean;
BEGIN
	IF (p.m).status NOT IN ('announced', 'open') THEN
		PERFORM yg_inner.fail('YG409', format('meeting %s is %s', (p.m).id, (p.m).status));
	END IF;
	IF p.kind = 'member' AND NOT EXISTS (SELECT 1 FROM meeting_roster
					     WHERE meeting_id = (p.m).id AND member_id = p.who) THEN
		PERFORM yg_inner.fail('YG403', 'you are not on this meeting''s roster (应到会)');
	END IF;
	SELECT present INTO was FROM attendance WHERE meeting_id = (p.m).id AND kind = p.kind AND who = p.who;
	IF coalesce(was, false) = p_present THEN
		PERFORM yg_inner.fail('YG409', CASE WHEN p_present THEN 'already checked in' ELSE 'not checked in' END);
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
		jsonb_build_object('kind', p.kind, 'who', p.who, 'name', name) || yg_inner.meeting_counts((p.m).id));
	RETURN jsonb_build_object('meeting', (p.m).id, 'checked_in', p_present) || yg_inner.meeting_counts((p.m).id);
END
$function$;

-- meeting.check_in and meeting.check_out {meeting}.
CREATE FUNCTION api.meeting_check_in(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.meeting_attend(p_caller, (p_args->>'meeting')::bigint, true);
$function$;

CREATE FUNCTION api.meeting_check_out(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.meeting_attend(p_caller, (p_args->>'meeting')::bigint, false);
$function$;

-- meeting.absent {meeting, member, reason}.
CREATE FUNCTION api.meeting_absent(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_member bigint := (p_args->>'member')::bigint;
	p_reason text := p_args->>'reason';
	me member := yg_inner.caller_in_role(p_caller, ARRAY['chair', 'clerk']);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
BEGIN
	IF m.status NOT IN ('announced', 'open') THEN
		PERFORM yg_inner.fail('YG409', format('meeting %s is %s', m.id, m.status));
	END IF;
	-- The clerk (记录人) keeps the attendance of the meetings they record.
	IF NOT 'chair' = ANY (me.roles) AND NOT yg_inner.meeting_clerk(m.id, me.id) THEN
		PERFORM yg_inner.fail('YG403', format('only the chair or a clerk recorded for meeting %s records absences', m.id));
	END IF;
	IF NOT EXISTS (SELECT 1 FROM meeting_roster WHERE meeting_id = m.id AND member_id = p_member) THEN
		PERFORM yg_inner.fail('YG404', format('member %s is not on this meeting''s roster', p_member));
	END IF;
	IF EXISTS (SELECT 1 FROM attendance WHERE meeting_id = m.id AND kind = 'member' AND who = p_member AND present) THEN
		PERFORM yg_inner.fail('YG409', format('member %s is present', p_member));
	END IF;
	INSERT INTO absence (meeting_id, member_id, reason, recorded_by) VALUES (m.id, p_member, p_reason, me.id)
	ON CONFLICT (meeting_id, member_id) DO UPDATE SET reason = p_reason, recorded_by = me.id, recorded_at = now();
	PERFORM yg_log_append(m.id, 'member:' || me.id, 'attendance.absent', jsonb_build_object('member', p_member,
		'name', (SELECT display_name FROM member WHERE id = p_member), 'reason', p_reason));
	RETURN jsonb_build_object('meeting', m.id, 'member', p_member, 'reason', p_reason);
END
$function$;

-- What the quorum rule needs, read under the meeting's lock (the caller
-- opens the meeting in the same transaction).
-- meeting.open {meeting}, first.
CREATE FUNCTION api.meeting_quorum_facts(p_caller jsonb, p_args jsonb)
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
	RETURN jsonb_build_object('meeting', m.id, 'status', m.status,
		'quorum', (SELECT rules->'quorum' FROM committee WHERE id = m.committee_id),
		'quorum_personnel', (SELECT rules->'quorum_personnel' FROM committee WHERE id = m.committee_id))
		|| yg_inner.meeting_counts(m.id) || yg_inner.meeting_time_facts(m);
END
$function$;

-- Open the meeting (ygd has found quorum on the facts above, in this
-- transaction) or close it.
CREATE FUNCTION yg_inner.meeting_set_status(p_caller jsonb, p_meeting bigint, p_status text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	me member := yg_inner.caller_in_role(p_caller, ARRAY['chair']);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
BEGIN
	IF (p_status = 'open' AND m.status <> 'announced') OR (p_status = 'closed' AND m.status <> 'open') THEN
		PERFORM yg_inner.fail('YG409', format('meeting %s is %s', m.id, m.status));
	END IF;
	-- A meeting does not close while a vote is under way (the meeting is
	-- locked: no round opens before this commits).
	IF p_status = 'closed' AND EXISTS (SELECT 1 FROM vote_round WHERE meeting_id = m.id
	    AND state IN ('open', 'decrypting')) THEN
		PERFORM yg_inner.fail('YG409', 'a vote is under way: close it (and let the scrutineers decrypt) first');
	END IF;
	-- Not long before its time (meeting_open_early_minutes), re-checked:
	-- ygd judged it.
	IF p_status = 'open' AND (SELECT (f->>'now')::bigint < (f->>'starts_at')::bigint
	    - 60 * (f->>'open_early_minutes')::bigint FROM yg_inner.meeting_time_facts(m) f) THEN
		PERFORM yg_inner.fail('YG409', format('meeting %s may not open before %s', m.id,
			yg_inner.utc_text(m.starts_at - make_interval(mins => (SELECT
			(f->>'open_early_minutes')::integer FROM yg_inner.meeting_time_facts(m) f)))));
	END IF;
	UPDATE meeting SET status = p_status,
		opened_at = CASE WHEN p_status = 'open' THEN now() ELSE opened_at END,
		closed_at = CASE WHEN p_status = 'closed' THEN now() ELSE closed_at END
	WHERE id = m.id RETURNING * INTO m;
	PERFORM yg_log_append(m.id, 'member:' || me.id,
		CASE p_status WHEN 'open' THEN 'meeting.opened' ELSE 'meeting.closed' END,
		yg_inner.meeting_counts(m.id) || jsonb_build_object('absent', (SELECT coalesce(jsonb_agg(
			jsonb_build_object('member', member_id, 'reason', reason) ORDER BY member_id), '[]')
			FROM absence WHERE meeting_id = m.id)));
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, 'meeting.' || p_status,
		'meeting:' || m.id, yg_inner.meeting_counts(m.id));
	RETURN yg_inner.meeting_json(m) || yg_inner.meeting_counts(m.id);
END
$function$;

-- meeting.open {meeting}, once ygd has judged the facts; meeting.close
-- {meeting}, refused while a vote is under way.
CREATE FUNCTION api.meeting_open(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.meeting_set_status(p_caller, (p_args->>'meeting')::bigint, 'open');
$function$;

CREATE FUNCTION api.meeting_close(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.meeting_set_status(p_caller, (p_args->>'meeting')::bigint, 'closed');
$function$;

-- An observer gets a ballot's entry (vote.cast) without what says who cast
-- it (yg_entry_redacted, 110_visibility.sql): a sealed entry's body whole,
-- without its sealed part, so the hash chain is checked across it; an
-- entry from before sealing (its body names the voter) without its body:
-- its data (how many have voted) and its place in the hash chain only.
-- Members receive the sealed part beside the body.
CREATE FUNCTION yg_inner.meeting_follow(p_caller jsonb, p_meeting bigint, p_after bigint)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p record := yg_inner.meeting_party(p_caller, p_meeting, false);
	aud text := yg_inner.audience(p_caller);
BEGIN
	RETURN jsonb_build_object('meeting', (p.m).id, 'status', (p.m).status,
		'head', (SELECT max(seq) FROM meeting_log WHERE meeting_id = (p.m).id),
		'events', coalesce((SELECT jsonb_agg(jsonb_build_object('seq', l.seq,
			'event', l.body::jsonb->'event', 'at', l.body::jsonb->'at',
			'data', l.body::jsonb->'data', 'prev_hash', l.prev_hash, 'hash', l.hash)
			|| CASE WHEN l.sealed IS NOT NULL AND yg_entry_redacted(aud, l.body::jsonb->>'event')
				THEN jsonb_build_object('body', l.body)
				WHEN l.sealed IS NOT NULL
				THEN jsonb_build_object('body', l.body, 'sealed', l.sealed)
				WHEN yg_entry_redacted(aud, l.body::jsonb->>'event')
				THEN jsonb_build_object('redacted', true)
				ELSE jsonb_build_object('body', l.body) END ORDER BY l.seq)
			FROM meeting_log l WHERE l.meeting_id = (p.m).id AND l.seq > coalesce(p_after, 0)
			AND (p.kind = 'member' OR NOT l.members_only)), '[]'));
END
$function$;

-- The log after p_after as the caller may see it, each event tagged
-- members_only and confidential so that ygd can apply the rule again.
-- meeting.follow {meeting, after}.
CREATE FUNCTION api.meeting_follow(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_after bigint := coalesce((p_args->>'after')::bigint, 0);
	r jsonb := yg_inner.meeting_follow(p_caller, p_meeting, p_after);
	aud text := yg_inner.audience(p_caller);
BEGIN
	RETURN jsonb_set(r, '{events}', coalesce((SELECT jsonb_agg(x.e || jsonb_build_object(
			'members_only', l.members_only, 'confidential', x.c) ORDER BY x.n)
		FROM (SELECT e, n, yg_event_confidential(e->'data') AS c
			FROM jsonb_array_elements(r->'events') WITH ORDINALITY AS a(e, n)) x
		JOIN meeting_log l ON l.meeting_id = (r->>'meeting')::bigint
			AND l.seq = (x.e->>'seq')::bigint
		WHERE yg_event_shown(aud, l.members_only, x.c)), '[]'));
END
$function$;

-- The meeting as it stands: roster with presence and absences, observers
-- in the room, counts, the quorum rules, the head of the log.
-- meeting.state {meeting}.
CREATE FUNCTION api.meeting_state(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p record := yg_inner.meeting_party(p_caller, p_meeting, false);
	mid bigint := (p.m).id;
BEGIN
	RETURN yg_inner.meeting_json(p.m) || yg_inner.meeting_counts(mid) || jsonb_build_object(
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
$function$;

-- The whole log with its hashes, for offline verification (yg verify).
-- meeting.log {meeting}.
CREATE FUNCTION api.meeting_log_export(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.meeting_log_export(p_caller, (p_args->>'meeting')::bigint);
$function$;

-- The log of meeting p_meeting, for meeting.log and the record (060).
CREATE FUNCTION yg_inner.meeting_log_export(p_caller jsonb, p_meeting bigint)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	me member := yg_inner.caller_member(p_caller);
	m meeting;
BEGIN
	SELECT * INTO m FROM meeting WHERE id = p_meeting AND committee_id = me.committee_id;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no meeting %s in this committee', p_meeting));
	END IF;
	RETURN jsonb_build_object('format', 'yangguang-meeting-log/1', 'meeting', m.id,
		'committee', m.committee_id,
		'entries', coalesce((SELECT jsonb_agg(jsonb_build_object('seq', seq, 'body', body,
			'prev_hash', prev_hash, 'hash', hash) || CASE WHEN sealed IS NULL THEN '{}'::jsonb
			ELSE jsonb_build_object('sealed', sealed) END ORDER BY seq)
			FROM meeting_log WHERE meeting_id = m.id), '[]'));
END
$function$;

-- The caller's committee's administrative log with its hashes, for the
-- meeting record: whose key was valid when, and who changed it, signed
-- (PROTOCOL.md §7a). Entries about keys and memberships are given whole;
-- the others by their body's SHA-256 only, enough to check the chain.
CREATE FUNCTION yg_inner.admin_log_export(p_caller jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	me member := yg_inner.caller_member(p_caller);
BEGIN
	RETURN jsonb_build_object('format', 'yangguang-admin-log/1', 'committee', me.committee_id,
		'entries', coalesce((SELECT jsonb_agg(jsonb_build_object('id', id, 'prev_hash', prev_hash,
				'hash', hash) || CASE WHEN action IN ('member.add', 'member.update',
					'key.rotate', 'key.revoke', 'observer.register', 'observer.approve',
					'observer.reject', 'observer.remove')
					-- a committee's creation names its first admin's key (record_actors.c)
					OR (action = 'committee.create' AND details ? 'first_admin')
				THEN jsonb_build_object('body', body)
				ELSE jsonb_build_object('body_sha256', encode(sha256(convert_to(body, 'UTF8')), 'hex'))
				END ORDER BY id)
			FROM admin_log WHERE committee_id = me.committee_id), '[]'));
END
$function$;
