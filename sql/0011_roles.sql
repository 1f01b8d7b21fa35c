-- Least privilege. ygd serves with a role that owns nothing: it may call the
-- functions of schema api and read the migration record, nothing else. The
-- api functions run with their owner's rights (SECURITY DEFINER) and a fixed
-- search_path. So the serving role can neither change a row directly nor
-- disable the triggers that keep the record append-only (only a table's
-- owner can); migrations, `ygd bootstrap` and nothing else run as the owner.
--
-- yg_app is a group role (NOLOGIN); the login role ygd serves with is made
-- a member of it (scripts/pg.sh does this for the private cluster). Creating
-- a role needs CREATEROLE: an owner without it gets a notice here, and the
-- database administrator creates yg_app and grants it as README.md says.

DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'yg_app') THEN
		CREATE ROLE yg_app NOLOGIN;
	END IF;
EXCEPTION WHEN insufficient_privilege THEN
	RAISE NOTICE 'cannot create role yg_app (no CREATEROLE): create it as README.md says';
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

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON SCHEMA api FROM PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA api FROM PUBLIC;

DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'yg_app') THEN
		GRANT USAGE ON SCHEMA api TO yg_app;
		GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA api TO yg_app;
		GRANT SELECT ON yg_schema_migrations TO yg_app;
	END IF;
END
$$;

-- Functions the owner adds to schema api later are callable by yg_app too;
-- each must still be declared SECURITY DEFINER SET search_path = public,
-- pg_temp (CREATE OR REPLACE does not keep it).
DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'yg_app') THEN
		ALTER DEFAULT PRIVILEGES IN SCHEMA api GRANT EXECUTE ON FUNCTIONS TO yg_app;
	END IF;
END
$$;
