-- agenda: functions. Re-applied whole whenever any file of sql/api changes (see
-- sql/api/README.md); tables and data stay in the numbered migrations.

-- A version is written once; the only later change is its announcement,
-- made once. Deleting is never allowed.
CREATE OR REPLACE FUNCTION public.item_version_guard()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
	IF TG_OP = 'DELETE' OR OLD.announced_at IS NOT NULL OR NEW.announced_at IS NULL
	   OR (to_jsonb(NEW) - 'announced_at' - 'window_ends_at' - 'announced_by')
	      IS DISTINCT FROM (to_jsonb(OLD) - 'announced_at' - 'window_ends_at' - 'announced_by') THEN
		RAISE EXCEPTION 'item versions are never rewritten' USING ERRCODE = 'YG409';
	END IF;
	RETURN NEW;
END
$function$;

CREATE FUNCTION yg_inner.power_json(p power_entry)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('id', p.id, 'category', p.category, 'title', p.title,
		'legal_basis', p.legal_basis, 'collective', p.collective, 'status', p.status);
$function$;

-- The power list (权力清单) is public. power.list {committee}: without
-- it, the logged-in caller's committee (the caller is not checked: anyone
-- may read any committee's list).
CREATE FUNCTION api.power_list(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_committee bigint := coalesce((p_args->>'committee')::bigint,
		(p_caller->>'committee')::bigint);
BEGIN
	IF p_committee IS NULL THEN
		PERFORM yg_inner.fail('YG400', 'give the committee');
	END IF;
	RETURN (SELECT jsonb_build_object('committee', p_committee, 'entries', coalesce(jsonb_agg(
		yg_inner.power_json(p) ORDER BY p.category, p.id), '[]'))
	FROM power_entry p WHERE p.committee_id = p_committee);
END
$function$;

-- power.add {category, title, legal_basis, collective}.
CREATE FUNCTION api.power_add(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_category text := p_args->>'category';
	p_title text := p_args->>'title';
	p_basis text := p_args->>'legal_basis';
	p_collective boolean := (p_args->>'collective')::boolean;
	me member := yg_inner.caller_in_role(p_caller, ARRAY['admin']);
	p power_entry;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM category WHERE code = p_category) THEN
		PERFORM yg_inner.fail('YG400', format('unknown category "%s"', p_category));
	END IF;
	INSERT INTO power_entry (committee_id, category, title, legal_basis, collective)
	VALUES (me.committee_id, p_category, p_title, p_basis, p_collective) RETURNING * INTO p;
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, 'power.add', 'power:' || p.id,
		yg_inner.power_json(p));
	RETURN yg_inner.power_json(p);
END
$function$;

CREATE FUNCTION yg_inner.power_update(p_caller jsonb, p_id bigint, p_title text, p_basis text, p_collective boolean, p_retire boolean)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	me member := yg_inner.caller_in_role(p_caller, ARRAY['admin']);
	old power_entry;
	p power_entry;
BEGIN
	SELECT * INTO old FROM power_entry WHERE id = p_id AND committee_id = me.committee_id FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no power-list entry %s', p_id));
	END IF;
	IF old.status = 'retired' THEN
		PERFORM yg_inner.fail('YG409', format('power-list entry %s is retired', p_id));
	END IF;
	UPDATE power_entry SET title = coalesce(p_title, title), legal_basis = coalesce(p_basis, legal_basis),
		collective = coalesce(p_collective, collective),
		status = CASE WHEN p_retire THEN 'retired' ELSE status END
	WHERE id = p_id RETURNING * INTO p;
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id,
		CASE WHEN p_retire THEN 'power.retire' ELSE 'power.update' END, 'power:' || p_id,
		jsonb_build_object('old', yg_inner.power_json(old), 'new', yg_inner.power_json(p)));
	RETURN yg_inner.power_json(p);
END
$function$;

-- power.update {id, title, legal_basis, collective} (absent: unchanged).
CREATE FUNCTION api.power_update(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.power_update(p_caller, (p_args->>'id')::bigint, p_args->>'title',
		p_args->>'legal_basis', (p_args->>'collective')::boolean, false);
$function$;

-- power.retire {id}.
CREATE FUNCTION api.power_retire(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.power_update(p_caller, (p_args->>'id')::bigint, NULL, NULL, NULL, true);
$function$;

CREATE FUNCTION yg_inner.version_json(v item_version)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('version', v.version, 'title', v.title, 'summary', v.summary,
		'category', v.category, 'power_entry', v.power_entry,
		'affects_public', v.affects_public, 'candidates', v.candidates, 'seats', v.seats,
		'created_by', v.created_by, 'created_at', v.created_at,
		'announced_at', v.announced_at, 'window_ends_at', v.window_ends_at);
$function$;

CREATE FUNCTION yg_inner.item_json(i item)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('id', i.id, 'status', i.status, 'proposer', i.proposer,
		'proposer_name', (SELECT display_name FROM member WHERE id = i.proposer),
		'version', i.version) || yg_inner.version_json(v)
	FROM item_version v WHERE v.item_id = i.id AND v.version = i.version;
$function$;

-- An item of the caller's committee, locked for update.
CREATE FUNCTION yg_inner.target_item(p_committee bigint, p_id bigint)
 RETURNS item
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	i item;
BEGIN
	SELECT * INTO i FROM item WHERE id = p_id AND committee_id = p_committee FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no item %s in this committee', p_id));
	END IF;
	RETURN i;
END
$function$;

-- Check a version's content against the committee's catalogue and rules:
-- the power-list entry (exists, active, for collective decision, same
-- category), the category enabled, candidates and seats for cadre items.
CREATE FUNCTION yg_inner.check_version(p_committee bigint, p_category text, p_power bigint, p_candidates jsonb, p_seats integer)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p power_entry;
	cat category;
	n integer := jsonb_array_length(coalesce(p_candidates, '[]'));
BEGIN
	SELECT * INTO cat FROM category WHERE code = p_category;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG400', format('unknown category "%s"', p_category));
	END IF;
	IF NOT (SELECT rules->'categories' ? p_category FROM committee WHERE id = p_committee) THEN
		PERFORM yg_inner.fail('YG400', format('this committee does not decide category "%s"', p_category));
	END IF;
	SELECT * INTO p FROM power_entry WHERE id = p_power AND committee_id = p_committee;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no power-list entry %s', p_power));
	ELSIF p.status <> 'active' THEN
		PERFORM yg_inner.fail('YG409', format('power-list entry %s is retired', p_power));
	ELSIF NOT p.collective THEN
		PERFORM yg_inner.fail('YG409', format('power-list entry %s is not for collective decision '
			'(不直接决策具体事项)', p_power));
	ELSIF p.category <> p_category THEN
		PERFORM yg_inner.fail('YG400', format('power-list entry %s is of category "%s"', p_power, p.category));
	END IF;
	IF cat.personnel AND (n < 1 OR n > 64 OR p_seats < 1 OR p_seats > n) THEN
		PERFORM yg_inner.fail('YG400', 'a cadre item needs candidates and 1 to (number of candidates) seats');
	ELSIF NOT cat.personnel AND (n > 0 OR p_seats <> 0) THEN
		PERFORM yg_inner.fail('YG400', 'only cadre items have candidates and seats');
	END IF;
	IF EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(p_candidates, '[]')) c
		   WHERE jsonb_typeof(c) <> 'string' OR char_length(c #>> '{}') NOT BETWEEN 1 AND 64) THEN
		PERFORM yg_inner.fail('YG400', 'each candidate is a name of 1 to 64 characters');
	END IF;
END
$function$;

-- item.create {title, summary, category, power_entry, affects_public,
-- candidates, seats}: all but summary, candidates and seats needed.
CREATE FUNCTION api.item_create(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_title text := p_args->>'title';
	p_summary text := p_args->>'summary';
	p_category text := p_args->>'category';
	p_power bigint := (p_args->>'power_entry')::bigint;
	p_public boolean := (p_args->>'affects_public')::boolean;
	p_candidates jsonb := p_args->'candidates';
	p_seats integer := (p_args->>'seats')::integer;
	me member := yg_inner.caller_member(p_caller);
	i item;
BEGIN
	IF p_title IS NULL OR p_category IS NULL OR p_power IS NULL OR p_public IS NULL THEN
		PERFORM yg_inner.fail('YG400', 'an item needs title, category, power_entry and affects_public');
	END IF;
	PERFORM yg_inner.check_version(me.committee_id, p_category, p_power, p_candidates, coalesce(p_seats, 0));
	INSERT INTO item (committee_id, proposer) VALUES (me.committee_id, me.id) RETURNING * INTO i;
	INSERT INTO item_version (item_id, version, title, summary, category, power_entry,
		affects_public, candidates, seats, created_by)
	VALUES (i.id, 1, yg_inner.trial_title(me.committee_id, p_title), coalesce(p_summary, ''),
		p_category, p_power, p_public,
		coalesce(p_candidates, '[]'), coalesce(p_seats, 0), me.id);
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, 'item.create', 'item:' || i.id,
		yg_inner.item_json(i));
	PERFORM yg_emit('committee:' || me.committee_id, 'item.created', jsonb_build_object('id', i.id));
	RETURN yg_inner.item_json(i);
END
$function$;

-- A new version of an item from the current one with the given changes
-- (NULL: unchanged). From a draft it stays a draft; from an announced item
-- it is a revision (re-argument) and the item is a draft again.
CREATE FUNCTION yg_inner.item_new_version(p_caller jsonb, p_id bigint, p_title text, p_summary text, p_category text, p_power bigint, p_public boolean, p_candidates jsonb, p_seats integer, p_action text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	me member := yg_inner.caller_member(p_caller);
	i item := yg_inner.target_item(me.committee_id, p_id);
	v item_version;
BEGIN
	IF i.proposer <> me.id THEN
		PERFORM yg_inner.fail('YG403', 'only the member in charge of the item may change it');
	END IF;
	IF (p_action = 'item.update' AND i.status <> 'draft')
	   OR (p_action = 'item.revise' AND i.status <> 'announced') THEN
		PERFORM yg_inner.fail('YG409', format('item %s is %s: %s', p_id, i.status,
			CASE p_action WHEN 'item.update' THEN 'only a draft can be edited; revise it instead'
			ELSE 'only an announced item can be revised' END));
	END IF;
	SELECT * INTO v FROM item_version WHERE item_id = i.id AND version = i.version;
	v.version := v.version + 1;
	v.title := yg_inner.trial_title(me.committee_id, coalesce(p_title, v.title));
	v.summary := coalesce(p_summary, v.summary);
	v.category := coalesce(p_category, v.category);
	v.power_entry := coalesce(p_power, v.power_entry);
	v.affects_public := coalesce(p_public, v.affects_public);
	v.candidates := coalesce(p_candidates, v.candidates);
	v.seats := coalesce(p_seats, v.seats);
	PERFORM yg_inner.check_version(me.committee_id, v.category, v.power_entry, v.candidates, v.seats);
	INSERT INTO item_version (item_id, version, title, summary, category, power_entry,
		affects_public, candidates, seats, created_by)
	VALUES (i.id, v.version, v.title, v.summary, v.category, v.power_entry, v.affects_public,
		v.candidates, v.seats, me.id);
	UPDATE item SET version = v.version, status = 'draft' WHERE id = i.id RETURNING * INTO i;
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, p_action, 'item:' || i.id,
		yg_inner.item_json(i));
	PERFORM yg_emit('committee:' || me.committee_id, p_action, jsonb_build_object('id', i.id,
		'version', v.version));
	RETURN yg_inner.item_json(i);
END
$function$;

-- item.update and item.revise {id, and the content arguments of
-- item.create, each optional}.
CREATE FUNCTION api.item_update(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.item_new_version(p_caller, (p_args->>'id')::bigint, p_args->>'title',
		p_args->>'summary', p_args->>'category', (p_args->>'power_entry')::bigint,
		(p_args->>'affects_public')::boolean, p_args->'candidates',
		(p_args->>'seats')::integer, 'item.update');
$function$;

CREATE FUNCTION api.item_revise(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.item_new_version(p_caller, (p_args->>'id')::bigint, p_args->>'title',
		p_args->>'summary', p_args->>'category', (p_args->>'power_entry')::bigint,
		(p_args->>'affects_public')::boolean, p_args->'candidates',
		(p_args->>'seats')::integer, 'item.revise');
$function$;

-- Announce the current version: its comment window opens now and ends after
-- the committee's number of days, fixed from this moment.
-- item.announce {id}.
CREATE FUNCTION api.item_announce(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_id bigint := (p_args->>'id')::bigint;
	me member := yg_inner.caller_member(p_caller);
	i item := yg_inner.target_item(me.committee_id, p_id);
	v item_version;
	days integer;
BEGIN
	IF i.proposer <> me.id AND NOT 'chair' = ANY (me.roles) THEN
		PERFORM yg_inner.fail('YG403', 'only the member in charge or the chair may announce an item');
	END IF;
	IF i.status <> 'draft' THEN
		PERFORM yg_inner.fail('YG409', format('item %s is %s; only a draft can be announced', p_id, i.status));
	END IF;
	SELECT * INTO v FROM item_version WHERE item_id = i.id AND version = i.version;
	PERFORM yg_inner.check_version(me.committee_id, v.category, v.power_entry, v.candidates, v.seats);
	SELECT (rules->>CASE WHEN v.affects_public THEN 'announce_days_public'
		ELSE 'announce_days_internal' END)::integer INTO days
	FROM committee WHERE id = me.committee_id;
	UPDATE item_version SET announced_at = now(),
		window_ends_at = now() + yg_inner.rule_span(me.committee_id, days),
		announced_by = me.id
	WHERE item_id = i.id AND version = i.version;
	UPDATE item SET status = 'announced' WHERE id = i.id RETURNING * INTO i;
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, 'item.announce', 'item:' || i.id,
		jsonb_build_object('version', i.version, 'days', days));
	PERFORM yg_emit('public', 'item.announced', jsonb_build_object('committee', me.committee_id,
		'id', i.id, 'version', i.version));
	PERFORM yg_emit('committee:' || me.committee_id, 'item.announced', jsonb_build_object('id', i.id));
	RETURN yg_inner.item_json(i);
END
$function$;

-- item.withdraw {id, reason}.
CREATE FUNCTION api.item_withdraw(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_id bigint := (p_args->>'id')::bigint;
	p_reason text := p_args->>'reason';
	me member := yg_inner.caller_member(p_caller);
	i item := yg_inner.target_item(me.committee_id, p_id);
BEGIN
	IF i.proposer <> me.id AND NOT 'chair' = ANY (me.roles) THEN
		PERFORM yg_inner.fail('YG403', 'only the member in charge or the chair may withdraw an item');
	END IF;
	IF i.status NOT IN ('draft', 'announced') THEN
		PERFORM yg_inner.fail('YG409', format('item %s is %s; take it off the agenda first', p_id, i.status));
	END IF;
	UPDATE item SET status = 'withdrawn' WHERE id = i.id RETURNING * INTO i;
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, 'item.withdraw', 'item:' || i.id,
		jsonb_build_object('reason', p_reason));
	PERFORM yg_emit('committee:' || me.committee_id, 'item.withdrawn', jsonb_build_object('id', i.id));
	RETURN yg_inner.item_json(i);
END
$function$;

-- A member's formal objection to the current, announced version.
-- item.object {id, reason}.
CREATE FUNCTION api.item_object(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_id bigint := (p_args->>'id')::bigint;
	p_reason text := p_args->>'reason';
	me member := yg_inner.caller_member(p_caller);
	i item := yg_inner.target_item(me.committee_id, p_id);
BEGIN
	IF i.proposer = me.id THEN
		PERFORM yg_inner.fail('YG409', 'the member in charge cannot object to their own item');
	END IF;
	IF i.status NOT IN ('announced', 'scheduled') THEN
		PERFORM yg_inner.fail('YG409', format('item %s is %s; objections are to announced items', p_id, i.status));
	END IF;
	INSERT INTO objection (item_id, item_version, member_id, reason) VALUES (i.id, i.version, me.id, p_reason);
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, 'item.object', 'item:' || i.id,
		jsonb_build_object('version', i.version, 'reason', p_reason));
	PERFORM yg_emit('committee:' || me.committee_id, 'item.objected', jsonb_build_object('id', i.id));
	RETURN yg_inner.item_json(i);
END
$function$;

-- item.list {status}.
CREATE FUNCTION api.item_list(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_status text := p_args->>'status';
	cid bigint := (yg_inner.caller_member(p_caller)).committee_id;
BEGIN
	RETURN jsonb_build_object('items', coalesce((SELECT jsonb_agg(yg_inner.item_json(i) ORDER BY i.id)
		FROM item i WHERE i.committee_id = cid AND (p_status IS NULL OR i.status = p_status)), '[]'));
END
$function$;

-- Everything about one item: every version, the materials (without their
-- content), the comments' counts per stance and the objections to the
-- current version.
-- item.show {id}.
CREATE FUNCTION api.item_show(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_id bigint := (p_args->>'id')::bigint;
	cid bigint := (yg_inner.caller_member(p_caller)).committee_id;
	i item;
BEGIN
	SELECT * INTO i FROM item WHERE id = p_id AND committee_id = cid;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no item %s in this committee', p_id));
	END IF;
	RETURN yg_inner.item_json(i) || jsonb_build_object(
		'versions', (SELECT jsonb_agg(yg_inner.version_json(v) ORDER BY v.version)
			FROM item_version v WHERE v.item_id = i.id),
		'materials', coalesce((SELECT jsonb_agg(jsonb_build_object('id', m.id, 'kind', m.kind,
			'filename', m.filename, 'size', m.size, 'sha256', m.sha256, 'outcome', m.outcome,
			'version', m.item_version, 'uploaded_at', m.uploaded_at) ORDER BY m.id)
			FROM material m WHERE m.item_id = i.id), '[]'),
		'comments', (SELECT jsonb_build_object(
			'support', count(*) FILTER (WHERE stance = 'support'),
			'object', count(*) FILTER (WHERE stance = 'object'),
			'neutral', count(*) FILTER (WHERE stance = 'neutral'))
			FROM comment WHERE item_id = i.id AND item_version = i.version),
		'objections', coalesce((SELECT jsonb_agg(jsonb_build_object('member', o.member_id,
			'name', m.display_name, 'reason', o.reason, 'at', o.created_at) ORDER BY o.id)
			FROM objection o JOIN member m ON m.id = o.member_id
			WHERE o.item_id = i.id AND o.item_version = i.version), '[]'));
END
$function$;

-- The facts the gates judge (server/policy/gates.c), about the current
-- version. Written once here so that what ygd judged can be compared, under
-- lock, with what is true when the item goes on an agenda.
CREATE FUNCTION yg_inner.item_facts_of(p_id bigint)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('item', i.id, 'version', v.version, 'status', i.status,
		'announced', v.announced_at IS NOT NULL,
		-- Rounded up, as now is down: the gate never passes in the last
		-- second of a window that still takes comments (a trial's windows
		-- end seconds after they open).
		'window_ends', coalesce(ceil(extract(epoch FROM v.window_ends_at))::bigint, 0),
		'category', v.category,
		'category_enabled', c.rules->'categories' ? v.category,
		'personnel', cat.personnel,
		'power_entry', p.id, 'power_collective', p.collective,
		'power_active', p.status = 'active', 'power_category_matches', p.category = v.category,
		'required', coalesce(c.rules->'materials'->v.category, '[]'),
		'present', (SELECT coalesce(jsonb_agg(DISTINCT m.kind), '[]') FROM material m
			WHERE m.item_id = i.id),
		'legality', (SELECT m.outcome FROM material m WHERE m.item_id = i.id
			AND m.kind = 'legality_review' ORDER BY m.id DESC LIMIT 1),
		'public_objections', (SELECT count(*) FROM comment k WHERE k.item_id = i.id
			AND k.item_version = v.version AND k.stance = 'object'),
		'contest_threshold', (c.rules->>'contest_objections')::bigint,
		'member_objections', (SELECT count(*) FROM objection o WHERE o.item_id = i.id
			AND o.item_version = v.version),
		'candidates', jsonb_array_length(v.candidates), 'seats', v.seats)
	FROM item i
	JOIN item_version v ON v.item_id = i.id AND v.version = i.version
	JOIN committee c ON c.id = i.committee_id
	JOIN category cat ON cat.code = v.category
	JOIN power_entry p ON p.id = v.power_entry
	WHERE i.id = p_id;
$function$;

-- item.gates {id}, and meeting.add_item's judging of its item.
CREATE FUNCTION api.item_facts(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_id bigint := (p_args->>'id')::bigint;
	cid bigint := (yg_inner.caller_member(p_caller)).committee_id;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM item WHERE id = p_id AND committee_id = cid) THEN
		PERFORM yg_inner.fail('YG404', format('no item %s in this committee', p_id));
	END IF;
	RETURN jsonb_build_object('facts', yg_inner.item_facts_of(p_id),
		'now', floor(extract(epoch FROM now()))::bigint);
END
$function$;

CREATE FUNCTION yg_inner.item_public(p_committee bigint)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('committee', p_committee, 'items', coalesce(jsonb_agg(
		jsonb_build_object('id', i.id, 'version', v.version, 'title', v.title,
			'summary', v.summary, 'category', v.category, 'affects_public', v.affects_public,
			'announced_at', v.announced_at, 'window_ends_at', v.window_ends_at)
		ORDER BY v.window_ends_at), '[]'))
	FROM item i JOIN item_version v ON v.item_id = i.id AND v.version = i.version
	WHERE i.committee_id = p_committee AND v.announced_at IS NOT NULL AND now() < v.window_ends_at
	  AND i.status <> 'withdrawn';
$function$;

-- item.public {committee}, for anyone (the caller, if any, is not read).
CREATE FUNCTION api.item_public(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_set(r, '{items}', coalesce((SELECT jsonb_agg(e ORDER BY n)
		FROM jsonb_array_elements(r->'items') WITH ORDINALITY AS a(e, n)
		WHERE yg_item_listed((e->>'id')::bigint)), '[]'))
	FROM yg_inner.item_public((p_args->>'committee')::bigint) r;
$function$;

CREATE FUNCTION yg_inner.comment_submit(p_caller jsonb, p_committee bigint, p_id bigint, p_stance text, p_body text, p_source text, p_rate integer)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
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
		cid := yg_inner.caller_committee(p_caller);
		obs := (p_caller->>'id')::bigint;
	ELSE
		cid := p_committee;
	END IF;
	SELECT * INTO i FROM item WHERE id = p_id AND (cid IS NULL OR committee_id = cid) FOR SHARE;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no item %s in this committee', p_id));
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
		PERFORM yg_inner.fail('YG409', format('item %s is not open for comments%s', p_id,
			CASE WHEN ends IS NOT NULL AND now() >= ends
			THEN format(' (the window ended at %s)', ends) ELSE '' END));
	END IF;
	-- Serialise comments of one source, so the count below cannot be raced.
	PERFORM pg_advisory_xact_lock(hashtext(coalesce('observer:' || obs, src)));
	IF (SELECT count(*) FROM comment WHERE created_at > now() - interval '1 hour'
	    AND (CASE WHEN obs IS NULL THEN observer_id IS NULL AND source = src
		 ELSE observer_id = obs END)) >= p_rate THEN
		PERFORM yg_inner.fail('YG409', format('at most %s comments an hour; try again later', p_rate));
	END IF;
	INSERT INTO comment (item_id, item_version, observer_id, source, stance, body, phase)
	VALUES (i.id, v.version, obs, CASE WHEN obs IS NULL THEN src ELSE '' END, p_stance, p_body, ph);
	PERFORM yg_emit('committee:' || cid, 'comment.added', jsonb_build_object('item', i.id, 'phase', ph));
	RETURN jsonb_build_object('item', i.id, 'version', v.version, 'phase', ph,
		'window_ends_at', CASE ph WHEN 'notice' THEN p.notice_ends_at ELSE v.window_ends_at END);
END
$function$;

-- Comments: the public only on what it is shown (a listed announcement or
-- a published decision), observers on anything but a confidential item
-- not published. Anything else is "not found".
CREATE FUNCTION yg_inner.comment_submit_shown(p_caller jsonb, p_committee bigint, p_id bigint, p_stance text, p_body text, p_source text, p_rate integer)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	hidden boolean := CASE yg_inner.audience(p_caller)
		WHEN 'observer' THEN coalesce(yg_item_confidential(p_id), false)
		ELSE NOT coalesce(yg_item_listed(p_id), false) END;
BEGIN
	IF hidden AND NOT yg_item_published(p_id) THEN
		PERFORM yg_inner.fail('YG404', format('no item %s in this committee', p_id));
	END IF;
	RETURN yg_inner.comment_submit(p_caller, p_committee, p_id, p_stance, p_body, p_source, p_rate);
END
$function$;

-- comment.submit {committee, item, stance, body}, with what ygd adds: the
-- address's source tag (server/sourcetag.c) and the hourly limit
-- (--comment-rate).
CREATE FUNCTION api.comment_submit(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT yg_inner.comment_submit_shown(p_caller, (p_args->>'committee')::bigint,
		(p_args->>'item')::bigint, p_args->>'stance', p_args->>'body', p_args->>'source',
		(p_args->>'rate')::integer);
$function$;

-- comment.list {item}.
CREATE FUNCTION api.comment_list(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_id bigint := (p_args->>'item')::bigint;
	cid bigint := (yg_inner.caller_member(p_caller)).committee_id;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM item WHERE id = p_id AND committee_id = cid) THEN
		PERFORM yg_inner.fail('YG404', format('no item %s in this committee', p_id));
	END IF;
	RETURN jsonb_build_object('item', p_id, 'comments', coalesce((SELECT jsonb_agg(
		jsonb_build_object('id', k.id, 'version', k.item_version, 'stance', k.stance,
			'body', k.body, 'at', k.created_at, 'phase', k.phase,
			'observer', (SELECT display_name FROM observer WHERE id = k.observer_id))
		ORDER BY k.id) FROM comment k WHERE k.item_id = p_id), '[]'));
END
$function$;

-- material.begin {item, kind, filename, size, sha256, outcome}, with the
-- server's limits ygd adds: limit (--max-material bytes) and max_open
-- (--max-uploads).
CREATE FUNCTION api.material_begin(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_id bigint := (p_args->>'item')::bigint;
	p_kind text := p_args->>'kind';
	p_filename text := p_args->>'filename';
	p_size bigint := (p_args->>'size')::bigint;
	p_sha256 text := p_args->>'sha256';
	p_outcome text := p_args->>'outcome';
	p_limit bigint := (p_args->>'limit')::bigint;
	p_max_open integer := (p_args->>'max_open')::integer;
	me member := yg_inner.caller_member(p_caller);
	i item := yg_inner.target_item(me.committee_id, p_id);
	uid bigint;
BEGIN
	IF i.status = 'withdrawn' THEN
		PERFORM yg_inner.fail('YG409', format('item %s is withdrawn', p_id));
	END IF;
	IF i.proposer <> me.id AND NOT me.roles && ARRAY['chair', 'clerk'] THEN
		PERFORM yg_inner.fail('YG403', 'only the member in charge, the chair or the clerk may attach materials');
	END IF;
	IF NOT EXISTS (SELECT 1 FROM material_kind WHERE code = p_kind) THEN
		PERFORM yg_inner.fail('YG400', format('unknown kind of material "%s"', p_kind));
	END IF;
	IF (p_kind = 'legality_review') <> (p_outcome IS NOT NULL) THEN
		PERFORM yg_inner.fail('YG400', 'a legality review, and only a legality review, has an outcome (passed or failed)');
	END IF;
	IF p_size > p_limit THEN
		PERFORM yg_inner.fail('YG400', format('a material may be at most %s bytes', p_limit));
	END IF;
	-- One begin at a time for a member, so that the count below holds.
	PERFORM 1 FROM member WHERE id = me.id FOR NO KEY UPDATE;
	PERFORM material_upload_expire(me.id, i.id, p_kind, p_filename);
	IF (SELECT count(*) FROM material_upload WHERE uploaded_by = me.id) >= p_max_open THEN
		PERFORM yg_inner.fail('YG429', format('at most %s unfinished uploads of yours at a time: '
			'finish one, or wait until one has had no chunk for an hour', p_max_open));
	END IF;
	INSERT INTO material_upload (item_id, kind, filename, size, sha256, outcome, uploaded_by)
	VALUES (i.id, p_kind, p_filename, p_size, p_sha256, p_outcome, me.id) RETURNING id INTO uid;
	RETURN jsonb_build_object('upload', uid, 'received', 0, 'size', p_size);
END
$function$;

-- Append a chunk at byte offset p_offset of an upload of the caller's: one
-- new row, nothing rewritten. material.chunk {upload, offset, data}, with
-- the bytes ygd has decoded from data, in hex.
CREATE FUNCTION api.material_chunk(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_upload bigint := (p_args->>'upload')::bigint;
	p_offset bigint := (p_args->>'offset')::bigint;
	p_data bytea := decode(p_args->>'hex', 'hex');
	me member := yg_inner.caller_member(p_caller);
	u material_upload;
BEGIN
	SELECT * INTO u FROM material_upload WHERE id = p_upload AND uploaded_by = me.id FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no upload %s of yours in progress', p_upload));
	END IF;
	IF u.received <> p_offset THEN
		PERFORM yg_inner.fail('YG409', format('upload %s has %s bytes; send from there', p_upload,
			u.received));
	END IF;
	IF p_offset + octet_length(p_data) > u.size THEN
		PERFORM yg_inner.fail('YG400', format('upload %s would exceed its declared size %s', p_upload, u.size));
	END IF;
	INSERT INTO material_part (upload_id, off, data) VALUES (u.id, p_offset, p_data);
	UPDATE material_upload SET received = received + octet_length(p_data), touched_at = now()
	WHERE id = u.id;
	RETURN jsonb_build_object('upload', u.id, 'received', p_offset + octet_length(p_data), 'size', u.size);
END
$function$;

-- Check the whole upload against its declared size and SHA-256 and make it
-- a material, its parts staying where they are. A mismatch discards the
-- upload: nothing half-written stays.
-- material.finish {upload}.
CREATE FUNCTION api.material_finish(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_upload bigint := (p_args->>'upload')::bigint;
	me member := yg_inner.caller_member(p_caller);
	u material_upload;
	i item;
	mid bigint;
BEGIN
	DELETE FROM material_upload WHERE id = p_upload AND uploaded_by = me.id RETURNING * INTO u;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no upload %s of yours in progress', p_upload));
	END IF;
	IF NOT material_parts_match(u.id, u.size, u.sha256) THEN
		-- The DELETEs stand: raise only after they are done, by returning an error object.
		DELETE FROM material_part WHERE upload_id = u.id;
		RETURN jsonb_build_object('error', format('upload %s does not match its declared size and SHA-256; '
			'it was discarded, start again', p_upload));
	END IF;
	SELECT * INTO i FROM item WHERE id = u.item_id FOR UPDATE;
	INSERT INTO material (item_id, item_version, kind, filename, size, sha256, outcome, content,
			      upload_id, uploaded_by)
	VALUES (i.id, i.version, u.kind, u.filename, u.size, u.sha256, u.outcome, NULL, u.id, me.id)
	RETURNING id INTO mid;
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, 'material.add', 'item:' || i.id,
		jsonb_build_object('material', mid, 'kind', u.kind, 'filename', u.filename,
			'size', u.size, 'sha256', u.sha256, 'outcome', u.outcome));
	PERFORM yg_emit('committee:' || me.committee_id, 'material.added',
		jsonb_build_object('item', i.id, 'material', mid));
	RETURN jsonb_build_object('id', mid, 'item', i.id, 'kind', u.kind, 'filename', u.filename,
		'size', u.size, 'sha256', u.sha256, 'outcome', u.outcome);
END
$function$;

-- Up to p_length (at most 262144) bytes of a material from p_offset, base64url,
-- read from the few parts that hold them. material.get {id, offset}, with
-- the length ygd adds (MATERIAL_CHUNK_MAX).
CREATE FUNCTION api.material_get(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_id bigint := (p_args->>'id')::bigint;
	p_offset bigint := coalesce((p_args->>'offset')::bigint, 0);
	p_length integer := (p_args->>'length')::integer;
	cid bigint := (yg_inner.caller_member(p_caller)).committee_id;
	m material;
	bytes bytea;
	first bigint;
BEGIN
	SELECT m2.* INTO m FROM material m2 JOIN item i ON i.id = m2.item_id
	WHERE m2.id = p_id AND i.committee_id = cid;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no material %s in this committee', p_id));
	END IF;
	IF m.upload_id IS NULL THEN
		bytes := substring(m.content FROM (p_offset + 1)::integer FOR p_length);
	ELSE
		-- A part is at most 262144 bytes: only those starting after
		-- p_offset - 262144 can reach p_offset.
		SELECT string_agg(data, ''::bytea ORDER BY off), min(off) INTO bytes, first
		FROM material_part WHERE upload_id = m.upload_id AND off > p_offset - 262144
		AND off < p_offset + p_length AND off + octet_length(data) > p_offset;
		bytes := coalesce(substring(bytes FROM (p_offset - first + 1)::integer FOR p_length), '');
	END IF;
	RETURN jsonb_build_object('id', m.id, 'item', m.item_id, 'kind', m.kind,
		'filename', m.filename, 'size', m.size, 'sha256', m.sha256, 'outcome', m.outcome,
		'offset', p_offset,
		'data', rtrim(translate(encode(bytes, 'base64'), E'+/\n', '-_'), '='));
END
$function$;

CREATE FUNCTION yg_inner.meeting_json(m meeting)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('id', m.id, 'title', m.title, 'place', m.place,
		'starts_at', m.starts_at, 'status', m.status, 'announced_at', m.announced_at,
		'agenda', coalesce((SELECT jsonb_agg(jsonb_build_object('item', a.item_id,
			'version', a.item_version, 'position', a.position,
			'title', (SELECT title FROM item_version v WHERE v.item_id = a.item_id
				  AND v.version = a.item_version),
			'removed_at', a.removed_at, 'removed_reason', a.removed_reason)
			ORDER BY a.position) FROM agenda_entry a WHERE a.meeting_id = m.id), '[]'));
$function$;

CREATE FUNCTION yg_inner.target_meeting(p_committee bigint, p_id bigint)
 RETURNS meeting
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	m meeting;
BEGIN
	SELECT * INTO m FROM meeting WHERE id = p_id AND committee_id = p_committee FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no meeting %s in this committee', p_id));
	END IF;
	RETURN m;
END
$function$;

-- A span of p_days days of the committee's rules: real days, or in a
-- trial committee (试用) days of trial_day_seconds seconds each.
CREATE FUNCTION yg_inner.rule_span(p_committee bigint, p_days numeric)
 RETURNS interval
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT make_interval(secs => p_days * CASE WHEN c.trial
		THEN coalesce((c.rules->>'trial_day_seconds')::numeric, 86400) ELSE 86400 END)
	FROM committee c WHERE c.id = p_committee;
$function$;

-- A title of the committee's: in a trial committee (试用) marked as such,
-- so that no trial item, meeting or result can pass for a real one.
CREATE FUNCTION yg_inner.trial_title(p_committee bigint, p_title text)
 RETURNS text
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT CASE WHEN c.trial AND left(p_title, 4) <> '【试用】' THEN left('【试用】' || p_title, 200)
		ELSE p_title END
	FROM committee c WHERE c.id = p_committee;
$function$;

-- An instant as RFC 3339 in UTC, as refusals name times.
CREATE FUNCTION yg_inner.utc_text(p_at timestamptz)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
$function$;

-- What the meeting-time rules judge (rules/meeting_time.c): the server's
-- clock, the meeting's time, the notice period and the tolerance for
-- opening early, from m's committee's rules (defaults where a committee
-- made before these rules has none).
CREATE FUNCTION yg_inner.meeting_time_facts(m meeting)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('now', floor(extract(epoch FROM now()))::bigint,
		'starts_at', floor(extract(epoch FROM m.starts_at))::bigint,
		'notice_seconds', floor(extract(epoch FROM yg_inner.rule_span(c.id,
			coalesce((c.rules->>'meeting_notice_hours')::numeric, 24) / 24)))::bigint,
		'open_early_minutes', coalesce((c.rules->>'meeting_open_early_minutes')::integer, 30))
	FROM committee c WHERE c.id = m.committee_id;
$function$;

-- The meeting-time facts of a meeting to announce, read under its lock:
-- meeting.announce {id}.
CREATE FUNCTION api.meeting_announce_facts(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'id')::bigint;
	me member := yg_inner.caller_in_role(p_caller, ARRAY['chair']);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
BEGIN
	RETURN jsonb_build_object('meeting', m.id, 'status', m.status) || yg_inner.meeting_time_facts(m);
END
$function$;

-- meeting.create {title, place, starts_at} (ygd has checked the time's form).
CREATE FUNCTION api.meeting_create(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_title text := p_args->>'title';
	p_place text := p_args->>'place';
	p_starts_at text := p_args->>'starts_at';
	me member := yg_inner.caller_in_role(p_caller, ARRAY['chair']);
	at timestamptz := yg_inner.parse_starts_at(p_starts_at);
	m meeting;
BEGIN
	IF at <= now() THEN
		PERFORM yg_inner.fail('YG400', 'a meeting is scheduled for a time still to come');
	END IF;
	INSERT INTO meeting (committee_id, title, place, starts_at, created_by)
	VALUES (me.committee_id, yg_inner.trial_title(me.committee_id, p_title), p_place, at, me.id)
	RETURNING * INTO m;
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, 'meeting.create', 'meeting:' || m.id,
		yg_inner.meeting_json(m));
	RETURN yg_inner.meeting_json(m);
END
$function$;

-- Put an item on a draft meeting's agenda: meeting.add_item {meeting,
-- item}, with the facts ygd has judged the gates on (api.item_facts); they
-- must still be the facts now, under lock, or the caller judged something
-- that is no longer true.
CREATE FUNCTION api.meeting_add_item(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	p_facts jsonb := p_args->'facts';
	me member := yg_inner.caller_in_role(p_caller, ARRAY['chair']);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
	i item := yg_inner.target_item(me.committee_id, p_item);
BEGIN
	IF m.status <> 'draft' THEN
		PERFORM yg_inner.fail('YG409', 'the agenda is fixed once the meeting is announced (不搞临时动议)');
	END IF;
	IF yg_inner.item_facts_of(i.id) IS DISTINCT FROM p_facts THEN
		PERFORM yg_inner.fail('YG409', format('item %s changed while it was being checked; try again', p_item));
	END IF;
	IF i.status <> 'announced' THEN
		PERFORM yg_inner.fail('YG409', format('item %s is %s', p_item, i.status));
	END IF;
	IF EXISTS (SELECT 1 FROM agenda_entry WHERE meeting_id = m.id AND item_id = i.id) THEN
		PERFORM yg_inner.fail('YG409', format('item %s was already on this agenda', p_item));
	END IF;
	INSERT INTO agenda_entry (meeting_id, item_id, item_version, position)
	VALUES (m.id, i.id, i.version, coalesce((SELECT max(position) FROM agenda_entry
		WHERE meeting_id = m.id), 0) + 1);
	UPDATE item SET status = 'scheduled' WHERE id = i.id;
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, 'meeting.add_item',
		'meeting:' || m.id, jsonb_build_object('item', i.id, 'version', i.version));
	PERFORM yg_emit('committee:' || me.committee_id, 'meeting.changed', jsonb_build_object('id', m.id));
	RETURN yg_inner.meeting_json(m);
END
$function$;

-- Take an item off an agenda: recorded with who, when and why, never erased.
-- meeting.remove_item {meeting, item, reason}.
CREATE FUNCTION api.meeting_remove_item(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'meeting')::bigint;
	p_item bigint := (p_args->>'item')::bigint;
	p_reason text := p_args->>'reason';
	me member := yg_inner.caller_in_role(p_caller, ARRAY['chair']);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
BEGIN
	UPDATE agenda_entry SET removed_at = now(), removed_by = me.id, removed_reason = p_reason
	WHERE meeting_id = m.id AND item_id = p_item AND removed_at IS NULL;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('item %s is not on the agenda of meeting %s', p_item, m.id));
	END IF;
	UPDATE item SET status = 'announced' WHERE id = p_item AND status = 'scheduled';
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, 'meeting.remove_item',
		'meeting:' || m.id, jsonb_build_object('item', p_item, 'reason', p_reason));
	PERFORM yg_emit('committee:' || me.committee_id, 'meeting.changed', jsonb_build_object('id', m.id));
	RETURN yg_inner.meeting_json(m);
END
$function$;

-- Announcing now also fixes the roster (应到会: the committee's active
-- members holding the member role) and opens the meeting's log.
-- meeting.announce {id}, once ygd has judged the notice period.
CREATE FUNCTION api.meeting_announce(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_meeting bigint := (p_args->>'id')::bigint;
	me member := yg_inner.caller_in_role(p_caller, ARRAY['chair']);
	m meeting := yg_inner.target_meeting(me.committee_id, p_meeting);
BEGIN
	IF m.status <> 'draft' THEN
		PERFORM yg_inner.fail('YG409', format('meeting %s is already announced', m.id));
	END IF;
	IF m.starts_at <= now() THEN
		PERFORM yg_inner.fail('YG409', 'the meeting''s time has passed; schedule a new one');
	END IF;
	-- The notice period (meeting_notice_hours), re-checked: ygd judged it.
	IF (SELECT (f->>'starts_at')::bigint - (f->>'now')::bigint < (f->>'notice_seconds')::bigint
	    FROM yg_inner.meeting_time_facts(m) f) THEN
		PERFORM yg_inner.fail('YG409', format('meeting %s starts at %s, sooner than the committee''s '
			'notice period allows', m.id, yg_inner.utc_text(m.starts_at)));
	END IF;
	IF NOT EXISTS (SELECT 1 FROM agenda_entry WHERE meeting_id = m.id AND removed_at IS NULL) THEN
		PERFORM yg_inner.fail('YG409', 'the agenda is empty');
	END IF;
	UPDATE meeting SET status = 'announced', announced_at = now() WHERE id = m.id RETURNING * INTO m;
	INSERT INTO meeting_roster (meeting_id, member_id)
	SELECT m.id, id FROM member WHERE committee_id = m.committee_id AND status = 'active'
		AND 'member' = ANY (roles);
	PERFORM yg_log_append(m.id, 'member:' || me.id, 'meeting.announced', yg_inner.meeting_json(m) ||
		jsonb_build_object('roster', (SELECT jsonb_agg(jsonb_build_object('id', x.id,
			'name', x.display_name, 'title', x.title) ORDER BY x.id)
			FROM meeting_roster r JOIN member x ON x.id = r.member_id WHERE r.meeting_id = m.id),
		'clerks', (SELECT coalesce(jsonb_agg(x.display_name ORDER BY x.id), '[]') FROM member x
			WHERE x.committee_id = m.committee_id AND x.status = 'active'
			AND 'clerk' = ANY (x.roles))));
	PERFORM yg_inner.log(me.committee_id, me.id, 'member:' || me.id, 'meeting.announce',
		'meeting:' || m.id, yg_inner.meeting_json(m));
	PERFORM yg_emit('committee:' || me.committee_id, 'meeting.announced', jsonb_build_object('id', m.id));
	RETURN yg_inner.meeting_json(m);
END
$function$;

CREATE FUNCTION yg_inner.meeting_list(p_caller jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	cid bigint := (yg_inner.caller_member(p_caller)).committee_id;
BEGIN
	RETURN jsonb_build_object('meetings', coalesce((SELECT jsonb_agg(yg_inner.meeting_json(m)
		ORDER BY m.starts_at) FROM meeting m WHERE m.committee_id = cid), '[]'));
END
$function$;

-- Members list their committee's meetings; an observer the meetings they
-- are invited to.
CREATE FUNCTION api.meeting_list(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	cid bigint;
BEGIN
	IF p_caller->>'kind' IS DISTINCT FROM 'observer' THEN
		RETURN yg_inner.meeting_list(p_caller);
	END IF;
	cid := yg_inner.caller_committee(p_caller);
	RETURN jsonb_build_object('meetings', coalesce((SELECT jsonb_agg(yg_inner.meeting_json(m)
		ORDER BY m.starts_at) FROM meeting m JOIN meeting_invitation i ON i.meeting_id = m.id
		WHERE m.committee_id = cid AND i.observer_id = (p_caller->>'id')::bigint), '[]'));
END
$function$;

-- meeting.show {id}.
CREATE FUNCTION api.meeting_show(p_caller jsonb, p_args jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
	p_id bigint := (p_args->>'id')::bigint;
	cid bigint := (yg_inner.caller_member(p_caller)).committee_id;
	m meeting;
BEGIN
	SELECT * INTO m FROM meeting WHERE id = p_id AND committee_id = cid;
	IF NOT FOUND THEN
		PERFORM yg_inner.fail('YG404', format('no meeting %s in this committee', p_id));
	END IF;
	RETURN yg_inner.meeting_json(m);
END
$function$;
