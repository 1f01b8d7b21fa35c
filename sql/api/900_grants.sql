-- The one place that says what ygd's serving role may execute.
--
-- ygd serves as a login role that is a member of yg_app (scripts/pg.sh makes
-- it for the private cluster; README.md says how elsewhere). yg_app may use
-- schema api and execute exactly the entry points listed here: each runs with
-- its owner's rights (SECURITY DEFINER, fixed search_path) and checks the
-- caller's role and the item's state itself. Everything else is the owner's:
-- the internal helpers of schema yg_inner, the functions of schema public
-- (the log writer among them), every table, and api.bootstrap, which
-- `ygd bootstrap` runs as the owner. The checks at the end refuse a function
-- of schema api that is neither listed here nor owner-only, and any function
-- of api or yg_inner that does not run with its owner's rights and a fixed
-- search_path, so an entry point cannot be added or widened by accident.

REVOKE ALL ON SCHEMA api, yg_inner FROM PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA api, yg_inner, public FROM PUBLIC;

DO $$
DECLARE
	entry text[] := ARRAY[
		'agenda_close', 'agenda_defer', 'agenda_facts', 'agenda_open', 'agenda_pass',
		'agenda_preside', 'agenda_present', 'agenda_recuse', 'agenda_speak', 'audit_log', 'catalog', 'comment_list', 'comment_submit',
		'committee_create', 'committee_list', 'election_key_set', 'floor_grant', 'floor_request',
		'item_announce', 'item_confidential', 'item_create', 'item_facts', 'item_list',
		'item_object', 'item_public', 'item_revise', 'item_show', 'item_update', 'item_withdraw', 'key_history',
		'key_revoke', 'key_rotate', 'login', 'material_begin', 'material_chunk', 'material_finish',
		'material_get', 'meeting_absent', 'meeting_add_item', 'meeting_announce', 'meeting_announce_facts',
		'meeting_check_in', 'meeting_check_out',
		'meeting_create', 'meeting_follow', 'meeting_invite', 'meeting_list', 'meeting_log_export',
		'meeting_quorum_facts', 'meeting_record', 'meeting_remove_item', 'meeting_open', 'meeting_close',
		'meeting_show', 'meeting_state', 'member_add', 'member_list',
		'member_update', 'minutes_correct', 'minutes_correction_facts', 'minutes_countersign',
		'minutes_agree', 'minutes_prepare', 'minutes_remark', 'minutes_sign', 'minutes_signing', 'minutes_source', 'minutes_store',
		'observer_category_add', 'observer_decide', 'observer_list', 'observer_register',
		'portal_comment', 'portal_decision', 'portal_home', 'portal_item', 'portal_record',
		'portal_decision_doc', 'portal_meetings', 'portal_minutes', 'portal_power',
		'power_add', 'power_list', 'power_retire', 'power_update', 'presiding_succeed', 'presiding_succession_facts',
		'publication_facts', 'publication_list', 'publication_revise', 'publication_revision_facts',
		'publication_store', 'rules_get', 'rules_set', 'rules_set_facts', 'scrutineer_designate',
		'scrutineer_key_facts', 'scrutineer_list', 'scrutineer_publish', 'scrutineer_tasks',
		'scrutineer_seal', 'scrutineer_accept_facts', 'scrutineer_accept',
		'stream_read',
		'vote_cast', 'vote_cast_facts', 'vote_cast_many', 'vote_close_facts', 'vote_close_store',
		'vote_decrypt_facts', 'vote_decrypt_store', 'vote_finish', 'vote_open', 'vote_open_facts',
		'vote_record', 'vote_round_context', 'vote_status', 'vote_void'];
	owner_only text[] := ARRAY['bootstrap'];
	f record;
	name text;
BEGIN
	FOR f IN SELECT p.proname FROM pg_proc p
		 WHERE p.pronamespace = 'api'::regnamespace
		   AND NOT p.proname = ANY (entry || owner_only)
	LOOP
		RAISE EXCEPTION 'api.% is neither an entry point nor owner-only (sql/api/900_grants.sql)',
			f.proname;
	END LOOP;
	FOR f IN SELECT p.oid::regprocedure AS sig FROM pg_proc p
		 WHERE p.pronamespace IN ('api'::regnamespace, 'yg_inner'::regnamespace)
		   AND (NOT p.prosecdef OR p.proconfig IS NULL
			OR NOT 'search_path=public, pg_temp' = ANY (p.proconfig))
	LOOP
		RAISE EXCEPTION '% must be SECURITY DEFINER SET search_path = public, pg_temp', f.sig;
	END LOOP;
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'yg_app') THEN
		RAISE NOTICE 'role yg_app does not exist: create it as README.md says';
		RETURN;
	END IF;
	GRANT USAGE ON SCHEMA api TO yg_app;
	GRANT SELECT ON yg_schema_migrations, yg_schema_api TO yg_app;
	FOREACH name IN ARRAY entry
	LOOP
		EXECUTE format('GRANT EXECUTE ON FUNCTION api.%I TO yg_app', name);
	END LOOP;
END
$$;
