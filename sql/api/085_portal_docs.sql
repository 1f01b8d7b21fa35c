-- The portal's documents and lists (issue 22): the public extract of a
-- meeting's minutes (会议纪要) and a decision's notice (决策公告), both
-- printed by the portal as PDF; upcoming meetings with how an observer
-- applies; each committee's power list (权力清单). Only what publication
-- publishes is ever returned: the minutes' discussion stays with members
-- (README, "who sees what"); an item not published, withheld or withdrawn
-- is only counted.

-- The items of a meeting the portal may show, as their decisions' public
-- JSON, in agenda order.
CREATE FUNCTION yg_inner.portal_meeting_decisions(p_meeting bigint)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT coalesce(jsonb_agg(yg_inner.portal_decision_json(p) ORDER BY a.position), '[]')
	FROM publication p JOIN agenda_entry a ON a.meeting_id = p.meeting_id AND a.item_id = p.item_id
	WHERE p.meeting_id = p_meeting
	  AND (yg_inner.publication_current(p.item_id)).mode NOT IN ('withheld', 'withdrawn');
$function$;

-- Who signed a meeting's minutes: [{role, name, signed_at}], chair first.
CREATE FUNCTION yg_inner.portal_minutes_signers(p_meeting bigint)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT coalesce(jsonb_agg(jsonb_build_object('role', s.role, 'name', m.display_name,
		'signed_at', s.signed_at) ORDER BY s.role), '[]')
	FROM minutes_signature s JOIN member m ON m.id = s.member_id
	WHERE s.meeting_id = p_meeting;
$function$;

-- The public extract of a meeting's minutes: the meeting (title, place,
-- times, who presided, counts of attendance), the signers and the hash of
-- the signed minutes with the log entry they end at, and the decisions of
-- the meeting published so far; NULL until the minutes are signed by both
-- chair and clerk and one of its decisions is published.
CREATE FUNCTION api.portal_minutes(p_meeting bigint)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('meeting', m.id, 'committee', c.name, 'trial', c.trial,
		'title', b->>'title', 'place', b->>'place', 'scheduled', b->'scheduled',
		'opened', b->'opened', 'closed', b->'closed', 'chair', b->'chair',
		'entitled', jsonb_array_length(b->'attended') + jsonb_array_length(b->'absent'),
		'present', jsonb_array_length(b->'attended'),
		'observers', jsonb_array_length(coalesce(b->'observers', '[]')),
		'items', jsonb_array_length(b->'items'),
		'decisions', d.list,
		'signers', yg_inner.portal_minutes_signers(m.id),
		'sha256', mi.sha256, 'log', b->'log')
	FROM meeting m
	JOIN committee c ON c.id = m.committee_id
	JOIN minutes mi ON mi.meeting_id = m.id
	CROSS JOIN LATERAL (SELECT mi.body::jsonb AS b) x
	CROSS JOIN LATERAL (SELECT yg_inner.portal_meeting_decisions(m.id) AS list) d
	WHERE m.id = p_meeting AND jsonb_array_length(d.list) > 0
	  AND (SELECT count(DISTINCT role) FROM minutes_signature s WHERE s.meeting_id = m.id) = 2;
$function$;

-- A published decision for its printed notice (决策公告): its public JSON,
-- with the minutes' signers and hash (once signed), the log head its tally
-- signs, who reviewed it for publication, and, published in full, the
-- SHA-256 of its election record exactly as /decisions/N/record.json serves it.
CREATE FUNCTION api.portal_decision_doc(p_item bigint)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT d || jsonb_build_object('trial', c.trial,
		'meeting_place', m.place, 'meeting_opened', m.opened_at,
		'signers', yg_inner.portal_minutes_signers(p.meeting_id),
		'minutes_sha256', (SELECT sha256 FROM minutes WHERE meeting_id = p.meeting_id),
		'minutes_public', api.portal_minutes(p.meeting_id) IS NOT NULL,
		'log_head', r.log_head,
		'reviewed_by', (SELECT display_name FROM member WHERE id = p.reviewed_by),
		'record_sha256', CASE WHEN (d->>'record')::boolean THEN
			encode(sha256(convert_to(api.portal_record(p.item_id)::text, 'UTF8')), 'hex') END)
	FROM publication p
	JOIN meeting m ON m.id = p.meeting_id
	JOIN committee c ON c.id = m.committee_id
	CROSS JOIN LATERAL yg_inner.deciding_round(p.item_id) r
	CROSS JOIN LATERAL (SELECT api.portal_decision(p.item_id) AS d) x
	WHERE p.item_id = p_item AND d IS NOT NULL;
$function$;

-- Meetings for the public list: those announced and still to come or
-- under way (with their public agenda items and how observers apply), and
-- those whose minutes' extract is public.
CREATE FUNCTION api.portal_meetings()
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT jsonb_build_object('now', now(),
		'upcoming', coalesce((SELECT jsonb_agg(jsonb_build_object('id', m.id,
			'committee', c.name, 'committee_id', c.id, 'trial', c.trial, 'title', m.title,
			'place', m.place, 'starts_at', m.starts_at, 'status', m.status,
			'announced_at', m.announced_at,
			'agenda', (SELECT count(*) FROM agenda_entry a WHERE a.meeting_id = m.id
				AND a.removed_at IS NULL),
			'public_items', coalesce((SELECT jsonb_agg(jsonb_build_object('id', a.item_id,
				'title', v.title) ORDER BY a.position)
				FROM agenda_entry a JOIN item_version v ON v.item_id = a.item_id
					AND v.version = a.item_version
				WHERE a.meeting_id = m.id AND a.removed_at IS NULL
				  AND yg_item_listed(a.item_id)), '[]'))
			ORDER BY m.starts_at, m.id)
			FROM meeting m JOIN committee c ON c.id = m.committee_id
			WHERE m.status IN ('announced', 'open')
			  AND m.starts_at > now() - interval '1 day'), '[]'),
		'categories', coalesce((SELECT jsonb_agg(jsonb_build_object('code', o.code,
			'name', o.name_zh, 'committee_id', o.committee_id) ORDER BY o.committee_id NULLS FIRST, o.id)
			FROM observer_category o), '[]'),
		'minutes', coalesce((SELECT jsonb_agg(jsonb_build_object('id', m.id,
			'committee', c.name, 'trial', c.trial, 'title', m.title, 'opened', m.opened_at)
			ORDER BY m.opened_at DESC)
			FROM meeting m JOIN committee c ON c.id = m.committee_id
			WHERE m.status = 'closed' AND api.portal_minutes(m.id) IS NOT NULL), '[]'));
$function$;

-- Every committee's power list (权力清单), entries in force and retired.
CREATE FUNCTION api.portal_power()
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
	SELECT coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'committee', c.name, 'trial', c.trial,
		'entries', coalesce((SELECT jsonb_agg(jsonb_build_object('id', e.id,
			'category', e.category, 'category_name', k.name_zh, 'title', e.title,
			'legal_basis', e.legal_basis, 'collective', e.collective, 'status', e.status)
			ORDER BY e.status, e.id)
			FROM power_entry e JOIN category k ON k.code = e.category
			WHERE e.committee_id = c.id), '[]')) ORDER BY c.id), '[]')
	FROM committee c;
$function$;
