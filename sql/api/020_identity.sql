-- identity: functions. Re-applied whole whenever any file of sql/api changes (see
-- sql/api/README.md); tables and data stay in the numbered migrations.

-- Append-only tables refuse UPDATE, DELETE and TRUNCATE outright.
CREATE OR REPLACE FUNCTION public.yg_append_only()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
	RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'YG409';
END
$function$;

-- A key's row may only be closed, once; never deleted or rewritten.
CREATE OR REPLACE FUNCTION public.member_key_guard()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
	IF TG_OP = 'DELETE' OR OLD.valid_until IS NOT NULL OR NEW.valid_until IS NULL
	   OR (NEW.id, NEW.member_id, NEW.committee_id, NEW.public_key, NEW.valid_from)
	      IS DISTINCT FROM (OLD.id, OLD.member_id, OLD.committee_id, OLD.public_key, OLD.valid_from) THEN
		RAISE EXCEPTION 'key history cannot be rewritten' USING ERRCODE = 'YG409';
	END IF;
	RETURN NEW;
END
$function$;

CREATE FUNCTION yg_inner.fail(p_code text, p_message text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
	RAISE EXCEPTION USING ERRCODE = p_code, MESSAGE = p_message;
END
$function$;

-- Append to the committee's administrative log, a hash chain like the
-- meeting log (sql/0026_signed_requests.sql), with the signed request that
-- caused the entry.
CREATE FUNCTION yg_inner.log(p_committee bigint, p_actor_member bigint, p_actor text, p_action text, p_target text, p_details jsonb)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	req jsonb := yg_request_take(p_actor);
	id bigint;
	at timestamptz;
	prev text;
	body text;
BEGIN
	-- One appender per committee at a time, so the chain's order is the ids'.
	PERFORM pg_advisory_xact_lock(hashtext('yg.admin_log'), coalesce(p_committee, 0)::integer);
	id := nextval(pg_get_serial_sequence('admin_log', 'id'));
	at := clock_timestamp();
	SELECT l.hash INTO prev FROM admin_log l WHERE l.committee_id IS NOT DISTINCT FROM p_committee
	ORDER BY l.id DESC LIMIT 1;
	prev := coalesce(prev, repeat('0', 64));
	body := jsonb_build_object('id', id, 'committee', p_committee,
		'at', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
		'actor', p_actor, 'action', p_action, 'target', p_target, 'details', p_details,
		'request', req)::text;
	INSERT INTO admin_log (id, committee_id, at, actor_member, actor, action, target, details,
			       request, body, prev_hash, hash)
	VALUES (id, p_committee, at, p_actor_member, p_actor, p_action, p_target, p_details, req, body,
		prev, encode(sha256(convert_to('yangguang/v1/admin-log', 'UTF8') || '\x00'::bytea
			|| decode(prev, 'hex') || sha256(convert_to(body, 'UTF8'))), 'hex'));
END
$function$;

-- The calling member, locked against concurrent change, checked to be active,
-- holding the key it logged in with, and holding an allowed role.
CREATE FUNCTION yg_inner.caller_member(p_caller jsonb)
 RETURNS member
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	m member;
BEGIN
	IF p_caller->>'kind' IS DISTINCT FROM 'member' THEN
		PERFORM yg_inner.fail('YG403', 'only committee members may do this');
	END IF;
	SELECT * INTO m FROM member WHERE id = (p_caller->>'id')::bigint FOR SHARE;
	IF NOT FOUND OR m.status <> 'active' THEN
		PERFORM yg_inner.fail('YG401', 'your membership is not active');
	END IF;
	IF NOT EXISTS (SELECT 1 FROM member_key WHERE id = (p_caller->>'key')::bigint
		       AND member_id = m.id AND valid_until IS NULL) THEN
		PERFORM yg_inner.fail('YG401', 'the key you logged in with is no longer valid');
	END IF;
	IF NOT m.roles && ARRAY(SELECT jsonb_array_elements_text(p_caller->'allowed')) THEN
		PERFORM yg_inner.fail('YG403', 'your roles do not allow this');
	END IF;
	RETURN m;
END
$function$;

-- The calling member as above, holding one of p_roles: the roles an entry
-- point needs are written in the function itself (the same as ygd's table,
-- server/policy/authz.c), not taken from the "allowed" its caller passes, so
-- that the app role cannot widen them.
CREATE FUNCTION yg_inner.caller_in_role(p_caller jsonb, p_roles text[])
 RETURNS member
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	m member := yg_inner.caller_member(p_caller);
BEGIN
	IF NOT m.roles && p_roles THEN
		PERFORM yg_inner.fail('YG403', 'your roles do not allow this');
	END IF;
	RETURN m;
END
$function$;

-- The committee of any caller, member or observer, re-checked like above.
CREATE FUNCTION yg_inner.caller_committee(p_caller jsonb)
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	cid bigint;
BEGIN
	IF p_caller->>'kind' = 'observer' THEN
		SELECT committee_id INTO cid FROM observer
		WHERE id = (p_caller->>'id')::bigint AND status = 'approved' FOR SHARE;
		IF NOT FOUND THEN
			PERFORM yg_inner.fail('YG401', 'your observer registration is not approved');
		END IF;
		IF NOT p_caller->'allowed' ? 'observer' THEN
			PERFORM yg_inner.fail('YG403', 'observers may not do this');
		END IF;
		RETURN cid;
	END IF;
	RETURN (yg_inner.caller_member(p_caller)).committee_id;
END
$function$;

-- A member of the caller's committee, locked for update.
CREATE FUNCTION yg_inner.target_member(p_committee bigint, p_id bigint)
 RETURNS member
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	m member;
BEGIN
	SELECT * INTO m FROM member WHERE id = p_id AND committee_id = p_committee FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no member %s in this committee', p_id));
	END IF;
	RETURN m;
END
$function$;

-- Refuse a change that would leave the committee without an active admin
-- holding a valid key: nobody could administer it any more.
CREATE FUNCTION yg_inner.keep_an_admin(p_committee bigint)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM member m JOIN member_key k ON k.member_id = m.id
		       WHERE m.committee_id = p_committee AND m.status = 'active'
		       AND 'admin' = ANY (m.roles) AND k.valid_until IS NULL) THEN
		PERFORM yg_inner.fail('YG409', 'the committee must keep at least one active admin with a key');
	END IF;
END
$function$;

CREATE FUNCTION yg_inner.member_json(m member)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('id', m.id, 'name', m.display_name, 'title', m.title,
		'roles', to_jsonb(m.roles), 'status', m.status,
		'key', (SELECT public_key FROM member_key WHERE member_id = m.id AND valid_until IS NULL),
		'key_since', (SELECT valid_from FROM member_key WHERE member_id = m.id AND valid_until IS NULL));
$function$;

-- auth.login {committee, key, signature}: who holds the key in the
-- committee (the caller is NULL: nobody is logged in yet). ygd calls this
-- only after checking the login signature.
CREATE FUNCTION api.login(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_committee bigint := (p_args->>'committee')::bigint;
	p_key text := p_args->>'key';
	c committee;
	k member_key;
	m member;
	o observer;
BEGIN
	SELECT * INTO c FROM committee WHERE id = p_committee;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no committee %s', p_committee));
	END IF;
	SELECT * INTO k FROM member_key WHERE committee_id = c.id AND public_key = p_key;
	IF FOUND THEN
		SELECT * INTO m FROM member WHERE id = k.member_id;
		IF k.end_reason = 'revoked' THEN
			PERFORM yg_inner.fail('YG401', format('this key was revoked at %s', k.valid_until));
		ELSIF k.end_reason = 'rotated' THEN
			PERFORM yg_inner.fail('YG401', format('this key was replaced by a newer one at %s', k.valid_until));
		ELSIF m.status <> 'active' THEN
			PERFORM yg_inner.fail('YG401', format('this membership is %s', m.status));
		END IF;
		RETURN jsonb_build_object('kind', 'member', 'id', m.id, 'key', k.id,
			'committee', c.id, 'committee_name', c.name, 'trial', c.trial,
			'name', m.display_name, 'title', m.title, 'roles', to_jsonb(m.roles));
	END IF;
	SELECT * INTO o FROM observer WHERE committee_id = c.id AND public_key = p_key;
	IF FOUND THEN
		IF o.status <> 'approved' THEN
			PERFORM yg_inner.fail('YG401', format('this observer registration is %s', o.status));
		END IF;
		RETURN jsonb_build_object('kind', 'observer', 'id', o.id, 'key', 0,
			'committee', c.id, 'committee_name', c.name, 'trial', c.trial,
			'name', o.display_name, 'title', o.affiliation, 'roles', '["observer"]'::jsonb);
	END IF;
	IF EXISTS (SELECT 1 FROM member_key WHERE public_key = p_key)
	   OR EXISTS (SELECT 1 FROM observer WHERE public_key = p_key) THEN
		PERFORM yg_inner.fail('YG401', 'this key belongs to another committee');
	END IF;
	PERFORM yg_inner.fail('YG401', 'unknown key');
	RETURN NULL;
END
$function$;

-- The local bootstrap (ygd bootstrap on the server machine): create the
-- committee if needed and register an admin with the given key.
-- The first admin, registered where the database is (ygd bootstrap): the
-- committee is made unless there is one of that name. With p_trial it is a
-- trial committee (试用), whose name carries the mark, as committee_create
-- makes one; a committee is never made a trial, nor a real one, by adding
-- an admin to it.
CREATE FUNCTION api.bootstrap(p_committee text, p_name text, p_title text, p_key text, p_rules jsonb,
	p_trial boolean DEFAULT false)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	cid bigint;
	mid bigint;
	was_trial boolean;
	c_name text := CASE WHEN p_trial AND position('试用' IN p_committee) = 0
		THEN p_committee || '（试用）' ELSE p_committee END;
BEGIN
	SELECT id, trial INTO cid, was_trial FROM committee WHERE name = c_name FOR UPDATE;
	IF NOT FOUND THEN
		INSERT INTO committee (name, rules, trial) VALUES (c_name, p_rules, p_trial) RETURNING id INTO cid;
		PERFORM yg_inner.log(cid, NULL, 'local', 'committee.create', c_name,
			CASE WHEN p_trial THEN jsonb_build_object('trial', true) ELSE '{}' END);
	ELSIF was_trial <> p_trial THEN
		RAISE EXCEPTION 'committee % is %', c_name,
			CASE WHEN was_trial THEN 'a trial (试用): bootstrap it with --trial'
			ELSE 'not a trial (试用): bootstrap it without --trial' END;
	END IF;
	INSERT INTO member (committee_id, display_name, title, roles)
	VALUES (cid, p_name, p_title, ARRAY['admin']) RETURNING id INTO mid;
	INSERT INTO member_key (member_id, committee_id, public_key) VALUES (mid, cid, p_key);
	PERFORM yg_inner.log(cid, NULL, 'local', 'member.add', 'member:' || mid,
		jsonb_build_object('name', p_name, 'roles', '["admin"]'::jsonb, 'key', p_key));
	RETURN jsonb_build_object('committee', cid, 'member', mid);
END
$function$;

-- committee.list {}, for anyone (the caller, if any, is not read).
CREATE FUNCTION api.committee_list(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('committees', coalesce(jsonb_agg(
		jsonb_build_object('id', id, 'name', name, 'trial', trial) ORDER BY id), '[]'))
	FROM committee;
$function$;

-- committee.create {name, trial, rules}: a new committee; its creator
-- becomes its first admin, with the same key. The rules are every
-- setting's default, which ygd adds (server/policy/settings.c). A trial
-- committee (试用) is made so here and stays so; its name carries the mark.
CREATE FUNCTION api.committee_create(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_name text := p_args->>'name';
	p_rules jsonb := p_args->'rules';
	p_trial boolean := (p_args->>'trial')::boolean;
	me member := yg_inner.caller_in_role(p_caller, ARRAY['admin']);
	trial boolean := coalesce(p_trial, false);
	name text := CASE WHEN coalesce(p_trial, false) AND position('试用' IN p_name) = 0
		THEN left(p_name, 96) || '（试用）' ELSE p_name END;
	cid bigint;
	mid bigint;
BEGIN
	INSERT INTO committee (name, rules, trial) VALUES (name, p_rules, trial) RETURNING id INTO cid;
	INSERT INTO member (committee_id, display_name, title, roles)
	VALUES (cid, me.display_name, me.title, ARRAY['admin']) RETURNING id INTO mid;
	INSERT INTO member_key (member_id, committee_id, public_key)
	SELECT mid, cid, public_key FROM member_key WHERE id = (p_caller->>'key')::bigint;
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, 'committee.create',
		'committee:' || cid, jsonb_build_object('name', name, 'trial', trial));
	-- The new committee's log begins here: its first admin and their key,
	-- which signed this request, are the root of its record (record_actors.c).
	PERFORM yg_inner.log(cid, me.id, 'member:' || me.id, 'committee.create', name,
		jsonb_build_object('first_admin', mid, 'trial', trial, 'key',
			(SELECT public_key FROM member_key WHERE id = (p_caller->>'key')::bigint)));
	RETURN jsonb_build_object('id', cid, 'name', name, 'admin_member', mid, 'trial', trial);
END
$function$;

-- member.add {name, title, roles, key} (ygd has checked the roles and the
-- key's form).
CREATE FUNCTION api.member_add(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_name text := p_args->>'name';
	p_title text := p_args->>'title';
	p_roles text[] := ARRAY(SELECT jsonb_array_elements_text(p_args->'roles'));
	p_key text := p_args->>'key';
	me member := yg_inner.caller_in_role(p_caller, ARRAY['admin']);
	m member;
BEGIN
	INSERT INTO member (committee_id, display_name, title, roles)
	VALUES (me.committee_id, p_name, coalesce(p_title, ''), p_roles) RETURNING * INTO m;
	INSERT INTO member_key (member_id, committee_id, public_key) VALUES (m.id, m.committee_id, p_key);
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, 'member.add', 'member:' || m.id,
		jsonb_build_object('name', p_name, 'title', m.title, 'roles', to_jsonb(p_roles),
				   'key', p_key));
	PERFORM yg_emit('committee:' || me.committee_id, 'member.added', jsonb_build_object('id', m.id));
	RETURN yg_inner.member_json(m);
END
$function$;

-- member.list {}.
CREATE FUNCTION api.member_list(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	cid bigint := (yg_inner.caller_member(p_caller)).committee_id;
BEGIN
	RETURN jsonb_build_object('members', coalesce((SELECT jsonb_agg(yg_inner.member_json(m) ORDER BY m.id)
		FROM member m WHERE m.committee_id = cid), '[]'));
END
$function$;

-- Change a member's name, title, roles or status; NULL leaves it as it is.
-- member.update {id, name, title, roles, status} (ygd has checked the
-- roles and the status).
CREATE FUNCTION api.member_update(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_id bigint := (p_args->>'id')::bigint;
	p_name text := p_args->>'name';
	p_title text := p_args->>'title';
	p_roles text[] := CASE WHEN p_args ? 'roles'
		THEN ARRAY(SELECT jsonb_array_elements_text(p_args->'roles')) END;
	p_status text := p_args->>'status';
	me member := yg_inner.caller_in_role(p_caller, ARRAY['admin']);
	old member := yg_inner.target_member(me.committee_id, p_id);
	m member;
BEGIN
	UPDATE member SET display_name = coalesce(p_name, display_name),
		title = coalesce(p_title, title), roles = coalesce(p_roles, roles),
		status = coalesce(p_status, status)
	WHERE id = p_id RETURNING * INTO m;
	PERFORM yg_inner.keep_an_admin(me.committee_id);
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, 'member.update', 'member:' || m.id,
		jsonb_build_object('old', yg_inner.member_json(old) - 'key' - 'key_since',
				   'new', yg_inner.member_json(m) - 'key' - 'key_since'));
	PERFORM yg_emit('committee:' || me.committee_id, 'member.updated', jsonb_build_object('id', m.id));
	RETURN yg_inner.member_json(m);
END
$function$;

-- Close the member's current key (rotated or revoked) and, when rotating,
-- open the new one. The history of which key was valid when is kept.
CREATE FUNCTION yg_inner.key_change(p_caller jsonb, p_id bigint, p_new_key text, p_reason text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	me member := yg_inner.caller_in_role(p_caller, ARRAY['admin']);
	m member := yg_inner.target_member(me.committee_id, p_id);
	old member_key;
BEGIN
	UPDATE member_key SET valid_until = clock_timestamp(),
		end_reason = CASE WHEN p_new_key IS NULL THEN 'revoked' ELSE 'rotated' END
	WHERE member_id = m.id AND valid_until IS NULL RETURNING * INTO old;
	IF p_new_key IS NULL AND old.id IS NULL THEN
		PERFORM yg_inner.fail('YG409', 'this member has no valid key to revoke');
	END IF;
	IF p_new_key IS NOT NULL THEN
		INSERT INTO member_key (member_id, committee_id, public_key)
		VALUES (m.id, m.committee_id, p_new_key);
	END IF;
	PERFORM yg_inner.keep_an_admin(me.committee_id);
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id,
		CASE WHEN p_new_key IS NULL THEN 'key.revoke' ELSE 'key.rotate' END, 'member:' || m.id,
		jsonb_build_object('old_key', old.public_key, 'new_key', p_new_key,
				   'reason', coalesce(p_reason, '')));
	RETURN yg_inner.member_json(m);
END
$function$;

-- key.rotate {member, key} (ygd has checked the key's form) and
-- key.revoke {member, reason}.
CREATE FUNCTION api.key_rotate(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.key_change(p_caller, (p_args->>'member')::bigint, p_args->>'key', NULL);
$function$;

CREATE FUNCTION api.key_revoke(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.key_change(p_caller, (p_args->>'member')::bigint, NULL, p_args->>'reason');
$function$;

-- key.history {member}.
CREATE FUNCTION api.key_history(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_id bigint := (p_args->>'member')::bigint;
	cid bigint := (yg_inner.caller_in_role(p_caller, ARRAY['admin', 'auditor'])).committee_id;
	m member;
BEGIN
	SELECT * INTO m FROM member WHERE id = p_id AND committee_id = cid;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no member %s in this committee', p_id));
	END IF;
	RETURN jsonb_build_object('member', p_id, 'keys', (SELECT jsonb_agg(jsonb_build_object(
		'key', public_key, 'valid_from', valid_from, 'valid_until', valid_until,
		'end_reason', end_reason) ORDER BY id) FROM member_key WHERE member_id = p_id));
END
$function$;

-- rules.get {}: the committee's rules as stored (ygd adds what each means).
CREATE FUNCTION api.rules_get(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('committee', id, 'name', name, 'trial', trial, 'rules', rules)
	FROM committee WHERE id = yg_inner.caller_committee(p_caller);
$function$;

-- What ygd judges before a rule changes (server/policy/settings.c,
-- settings_may_change), read under the committee's lock: whether it is a
-- trial (试用), whether the caller is an admin (or else a chair), and the
-- rule's value now.
CREATE FUNCTION api.rules_set_facts(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_name text := p_args->>'name';
	me member := yg_inner.caller_in_role(p_caller, ARRAY['admin', 'chair']);
	c committee;
BEGIN
	SELECT * INTO c FROM committee WHERE id = me.committee_id FOR UPDATE;
	RETURN jsonb_build_object('trial', c.trial, 'admin', 'admin' = ANY (me.roles),
		'current', c.rules->p_name);
END
$function$;

-- rules.set {name, value}: change one rule. ygd has checked the value's
-- shape and who may change it; here the codes it names are checked against
-- the catalogue, and who may change it again: an admin, or in a trial
-- committee (试用) its chair, only its periods (the list of
-- settings_trial_period) and only shorter.
CREATE FUNCTION api.rules_set(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_name text := p_args->>'name';
	p_value jsonb := p_args->'value';
	me member := yg_inner.caller_in_role(p_caller, ARRAY['admin', 'chair']);
	c committee;
	bad text;
BEGIN
	SELECT * INTO c FROM committee WHERE id = me.committee_id FOR UPDATE;
	IF NOT 'admin' = ANY (me.roles) THEN
		IF NOT c.trial THEN
			PERFORM yg_inner.fail('YG403', 'only an admin changes the rules of a committee that '
				'is not a trial (试用)');
		END IF;
		IF p_name NOT IN ('trial_day_seconds', 'announce_days_public', 'announce_days_internal',
			'meeting_notice_hours', 'preappointment_notice_workdays', 'publication_days') THEN
			PERFORM yg_inner.fail('YG403', format('in a trial (试用) a chair changes only its '
				'periods, not %s', p_name));
		END IF;
		IF jsonb_typeof(c.rules->p_name) = 'number' AND (jsonb_typeof(p_value) <> 'number'
		    OR (p_value #>> '{}')::numeric > (c.rules->>p_name)::numeric) THEN
			PERFORM yg_inner.fail('YG403', format('a chair may only shorten %s (now %s)', p_name,
				c.rules->>p_name));
		END IF;
	END IF;
	IF p_name = 'categories' THEN
		SELECT v INTO bad FROM jsonb_array_elements_text(p_value) v
		WHERE v NOT IN (SELECT code FROM category) LIMIT 1;
	ELSIF p_name = 'materials' THEN
		SELECT k INTO bad FROM jsonb_object_keys(p_value) k
		WHERE k NOT IN (SELECT code FROM category) LIMIT 1;
		IF bad IS NULL THEN
			SELECT v INTO bad FROM jsonb_each(p_value) e, jsonb_array_elements_text(e.value) v
			WHERE v NOT IN (SELECT code FROM material_kind) LIMIT 1;
		END IF;
	END IF;
	IF bad IS NOT NULL THEN
		PERFORM yg_inner.fail('YG400', format('unknown code "%s" in %s', bad, p_name));
	END IF;
	IF p_name = 'trial_day_seconds' AND NOT c.trial THEN
		PERFORM yg_inner.fail('YG409', 'only a trial committee (试用) may shorten its days');
	END IF;
	UPDATE committee SET rules = jsonb_set(rules, ARRAY[p_name], p_value) WHERE id = c.id;
	PERFORM yg_inner.log(c.id, me.id, 'member:' || me.id, 'rules.set', p_name,
		jsonb_build_object('old', c.rules->p_name, 'new', p_value));
	PERFORM yg_emit('committee:' || c.id, 'rules.changed', jsonb_build_object('name', p_name));
	RETURN jsonb_build_object('name', p_name, 'old', c.rules->p_name, 'new', p_value);
END
$function$;

-- catalog.get {committee}, for anyone (the caller, if any, is not read).
CREATE FUNCTION api.catalog(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object(
		'categories', (SELECT jsonb_agg(jsonb_build_object('code', code, 'name_zh', name_zh,
			'name_en', name_en, 'personnel', personnel, 'optional', optional) ORDER BY sort)
			FROM category),
		'materials', (SELECT jsonb_agg(jsonb_build_object('code', code, 'name_zh', name_zh,
			'name_en', name_en) ORDER BY sort) FROM material_kind),
		'observer_categories', (SELECT jsonb_agg(jsonb_build_object('code', code,
			'name_zh', name_zh, 'name_en', name_en, 'built_in', committee_id IS NULL)
			ORDER BY committee_id NULLS FIRST, id)
			FROM observer_category WHERE committee_id IS NULL
			OR committee_id = (p_args->>'committee')::bigint));
$function$;

-- observer.category.add {code, name_zh, name_en} (ygd has checked the code's form).
CREATE FUNCTION api.observer_category_add(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_code text := p_args->>'code';
	p_name_zh text := p_args->>'name_zh';
	p_name_en text := p_args->>'name_en';
	me member := yg_inner.caller_in_role(p_caller, ARRAY['admin']);
BEGIN
	IF EXISTS (SELECT 1 FROM observer_category WHERE committee_id IS NULL AND code = p_code) THEN
		PERFORM yg_inner.fail('YG409', format('"%s" is a built-in category', p_code));
	END IF;
	INSERT INTO observer_category (committee_id, code, name_zh, name_en)
	VALUES (me.committee_id, p_code, p_name_zh, p_name_en);
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, 'observer_category.add', p_code,
		jsonb_build_object('name_zh', p_name_zh, 'name_en', p_name_en));
	RETURN jsonb_build_object('code', p_code, 'name_zh', p_name_zh, 'name_en', p_name_en);
END
$function$;

-- A would-be observer registers their own key (ygd has checked that they
-- hold it); the registration waits for an admin's decision.
-- observer.register {committee, name, category, affiliation, key}; the
-- caller, if any, is not read.
CREATE FUNCTION api.observer_register(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_committee bigint := (p_args->>'committee')::bigint;
	p_name text := p_args->>'name';
	p_category text := p_args->>'category';
	p_affiliation text := p_args->>'affiliation';
	p_key text := p_args->>'key';
	cat bigint;
	oid bigint;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM committee WHERE id = p_committee) THEN
		PERFORM yg_inner.fail('YG404', format('no committee %s', p_committee));
	END IF;
	SELECT id INTO cat FROM observer_category
	WHERE code = p_category AND (committee_id IS NULL OR committee_id = p_committee);
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no observer category "%s"', p_category));
	END IF;
	IF EXISTS (SELECT 1 FROM member_key WHERE committee_id = p_committee AND public_key = p_key) THEN
		PERFORM yg_inner.fail('YG409', 'this key belongs to a member of the committee');
	END IF;
	-- Registration is open to anyone: a flood must not bury the real ones.
	IF (SELECT count(*) FROM observer WHERE committee_id = p_committee AND status = 'pending')
	   >= 1000 THEN
		PERFORM yg_inner.fail('YG409', 'too many registrations are waiting for a decision; try later');
	END IF;
	INSERT INTO observer (committee_id, category_id, display_name, affiliation, public_key)
	VALUES (p_committee, cat, p_name, coalesce(p_affiliation, ''), p_key) RETURNING id INTO oid;
	PERFORM yg_inner.log(p_committee, NULL, 'observer:' || oid, 'observer.register', 'observer:' || oid,
		jsonb_build_object('name', p_name, 'category', p_category,
				   'affiliation', coalesce(p_affiliation, ''), 'key', p_key));
	PERFORM yg_emit('committee:' || p_committee, 'observer.registered', jsonb_build_object('id', oid));
	RETURN jsonb_build_object('id', oid, 'status', 'pending');
END
$function$;

CREATE FUNCTION yg_inner.observer_json(o observer)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('id', o.id, 'name', o.display_name, 'affiliation', o.affiliation,
		'category', (SELECT code FROM observer_category WHERE id = o.category_id),
		'key', o.public_key, 'status', o.status, 'registered_at', o.registered_at,
		'decided_at', o.decided_at, 'reason', o.decision_reason);
$function$;

-- observer.list {status} (ygd has checked it is one of the four).
CREATE FUNCTION api.observer_list(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_status text := p_args->>'status';
	cid bigint := (yg_inner.caller_in_role(p_caller, ARRAY['admin', 'chair', 'auditor'])).committee_id;
BEGIN
	RETURN jsonb_build_object('observers', coalesce((SELECT jsonb_agg(yg_inner.observer_json(o) ORDER BY o.id)
		FROM observer o WHERE o.committee_id = cid AND (p_status IS NULL OR o.status = p_status)),
		'[]'));
END
$function$;

-- approve or reject a pending registration; remove an approved observer.
-- observer.decide {id, decision, reason} (ygd has checked the decision).
CREATE FUNCTION api.observer_decide(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_id bigint := (p_args->>'id')::bigint;
	p_decision text := p_args->>'decision';
	p_reason text := p_args->>'reason';
	me member := yg_inner.caller_in_role(p_caller, ARRAY['admin']);
	o observer;
	want text := CASE p_decision WHEN 'remove' THEN 'approved' ELSE 'pending' END;
BEGIN
	SELECT * INTO o FROM observer WHERE id = p_id AND committee_id = me.committee_id FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no observer %s in this committee', p_id));
	END IF;
	IF o.status <> want THEN
		PERFORM yg_inner.fail('YG409', format('observer %s is %s; only a%s observer can be %s', p_id,
			o.status, CASE want WHEN 'pending' THEN ' pending' ELSE 'n approved' END,
			CASE p_decision WHEN 'approve' THEN 'approved' WHEN 'reject' THEN 'rejected'
			ELSE 'removed' END));
	END IF;
	UPDATE observer SET status = CASE p_decision WHEN 'approve' THEN 'approved'
		WHEN 'reject' THEN 'rejected' ELSE 'removed' END,
		decided_by = me.id, decided_at = now(), decision_reason = coalesce(p_reason, '')
	WHERE id = p_id RETURNING * INTO o;
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, 'observer.' || p_decision,
		'observer:' || p_id, jsonb_build_object('reason', coalesce(p_reason, '')));
	PERFORM yg_emit('committee:' || me.committee_id, 'observer.decided',
		jsonb_build_object('id', p_id, 'status', o.status));
	RETURN yg_inner.observer_json(o);
END
$function$;

-- Whom or what an audit entry's actor or target ("member:3", "item:5")
-- names, for people reading the log; NULL for anything else.
CREATE FUNCTION yg_inner.audit_name(p_ref text)
 RETURNS text
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT CASE split_part(p_ref, ':', 1)
		WHEN 'member' THEN (SELECT display_name FROM member WHERE id = x.id)
		WHEN 'observer' THEN (SELECT display_name FROM observer WHERE id = x.id)
		WHEN 'item' THEN (SELECT v.title FROM item i JOIN item_version v ON v.item_id = i.id
			AND v.version = i.version WHERE i.id = x.id)
		WHEN 'meeting' THEN (SELECT title FROM meeting WHERE id = x.id)
		WHEN 'power' THEN (SELECT title FROM power_entry WHERE id = x.id)
		END
	FROM (SELECT CASE WHEN p_ref ~ '^[a-z]+:[0-9]{1,18}$'
		THEN split_part(p_ref, ':', 2)::bigint END AS id) x;
$function$;

-- audit.log {after, limit}.
CREATE FUNCTION api.audit_log(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_after bigint := (p_args->>'after')::bigint;
	p_limit integer := (p_args->>'limit')::integer;
	cid bigint := (yg_inner.caller_in_role(p_caller, ARRAY['admin', 'auditor'])).committee_id;
BEGIN
	RETURN jsonb_build_object('entries', coalesce((SELECT jsonb_agg(e ORDER BY (e->>'id')::bigint)
		FROM (SELECT jsonb_build_object('id', id, 'at', at, 'actor', actor, 'action', action,
			'target', target, 'details', details,
			'actor_name', yg_inner.audit_name(actor), 'target_name', yg_inner.audit_name(target)) e
		      FROM admin_log WHERE committee_id = cid AND id > coalesce(p_after, 0)
		      ORDER BY id LIMIT coalesce(p_limit, 100)) s), '[]'));
END
$function$;
