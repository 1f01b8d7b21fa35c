/* `ygd migrate` against a real database: applies in order, re-running is a
 * no-op, a failing migration leaves the database as it was, an applied
 * migration may not change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../support/harness.h"

static struct test_env env;
static char sqldir[400];
static char out[16384];

static int group_setup(void **state)
{
	(void)state;
	if (env_setup(&env) != 0)
		return -1;
	snprintf(sqldir, sizeof(sqldir), "%s/sql", env.dir);
	return run_cmd(out, sizeof(out), "mkdir -p %s && cp -r sql/*.sql sql/api %s/", sqldir,
		       sqldir);
}

static int group_teardown(void **state)
{
	(void)state;
	env_teardown(&env);
	return 0;
}

/* Write a migration file into the private migrations directory. */
static void write_sql(const char *name, const char *text)
{
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", sqldir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int migrate(void)
{
	return run_cmd(out, sizeof(out), "%s/ygd --db '%s' --sql-dir %s migrate", env.build,
		       env.conninfo, sqldir);
}

/* One value from the database, as text. */
static const char *query(const char *sql)
{
	static char buf[1024];
	size_t n;

	assert_int_equal(env_psql(&env, sql, buf, sizeof(buf)), 0);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return buf;
}

/* The set-up already migrated: running again changes nothing. */
static void test_rerun_is_noop(void **state)
{
	const char *before;
	char saved[64];

	(void)state;
	before = query("SELECT count(*) || ':' || max(version) FROM yg_schema_migrations");
	snprintf(saved, sizeof(saved), "%s", before);
	assert_int_equal(migrate(), 0);
	assert_non_null(strstr(out, "0 migrations applied now"));
	assert_string_equal(
		query("SELECT count(*) || ':' || max(version) FROM yg_schema_migrations"), saved);
}

/* New files apply in version order, each recorded with its checksum; files
 * not named NNNN_name.sql are ignored. */
static void test_applies_in_order(void **state)
{
	(void)state;
	write_sql("0901_second.sql", "ALTER TABLE mig_test ADD COLUMN b int;");
	write_sql("0900_first.sql", "CREATE TABLE mig_test (a int);");
	write_sql("README.txt", "not a migration");
	write_sql("900_short.sql", "SELECT 1/0;");
	assert_int_equal(migrate(), 0);
	assert_string_equal(query("SELECT count(*) FROM information_schema.columns "
				  "WHERE table_name = 'mig_test'"),
			    "2");
	assert_string_equal(query("SELECT max(version) FROM yg_schema_migrations"), "901");
	assert_string_equal(query("SELECT length(sha256) FROM yg_schema_migrations "
				  "WHERE version = 900"),
			    "64");
}

/* A migration that fails half-way leaves nothing of itself, and stops the
 * ones after it. */
static void test_failure_rolls_back(void **state)
{
	(void)state;
	write_sql("0902_bad.sql", "CREATE TABLE half_done (x int);\n"
				  "INSERT INTO half_done VALUES (1);\n"
				  "SELEC broken syntax;\n");
	write_sql("0903_after.sql", "CREATE TABLE after_bad (x int);");
	assert_int_equal(migrate(), 1);
	assert_non_null(strstr(out, "0902_bad.sql"));
	assert_string_equal(query("SELECT count(*) FROM pg_tables WHERE tablename IN "
				  "('half_done', 'after_bad')"),
			    "0");
	assert_string_equal(query("SELECT max(version) FROM yg_schema_migrations"), "901");
	run_cmd(NULL, 0, "rm %s/0902_bad.sql", sqldir);
	assert_int_equal(migrate(), 0);
	assert_string_equal(query("SELECT max(version) FROM yg_schema_migrations"), "903");
}

/* Editing an applied migration is refused: history is not rewritten. */
static void test_changed_migration_refused(void **state)
{
	(void)state;
	write_sql("0900_first.sql", "CREATE TABLE mig_test (a int, sneaky int);");
	assert_int_equal(migrate(), 1);
	assert_non_null(strstr(out, "was changed after it was applied"));
	write_sql("0900_first.sql", "CREATE TABLE mig_test (a int);");
	assert_int_equal(migrate(), 0);
}

/* The function files are applied as one set: unchanged, nothing happens; a
 * file added or changed re-creates the schemas from the files; a function
 * taken out of the files is gone (no stale definition survives). */
static void test_api_reapplied_when_changed(void **state)
{
	(void)state;
	assert_int_equal(migrate(), 0);
	assert_non_null(strstr(out, "functions current"));
	write_sql("api/500_probe.sql",
		  "CREATE FUNCTION yg_inner.probe() RETURNS int LANGUAGE sql SECURITY DEFINER\n"
		  "SET search_path = public, pg_temp AS 'SELECT 41';");
	assert_int_equal(migrate(), 0);
	assert_non_null(strstr(out, "applied the functions"));
	assert_string_equal(query("SELECT yg_inner.probe()"), "41");
	write_sql("api/500_probe.sql",
		  "CREATE FUNCTION yg_inner.probe() RETURNS int LANGUAGE sql SECURITY DEFINER\n"
		  "SET search_path = public, pg_temp AS 'SELECT 42';");
	assert_int_equal(migrate(), 0);
	assert_string_equal(query("SELECT yg_inner.probe()"), "42");
	run_cmd(NULL, 0, "rm %s/api/500_probe.sql", sqldir);
	assert_int_equal(migrate(), 0);
	assert_string_equal(query("SELECT count(*) FROM pg_proc WHERE proname = 'probe'"), "0");
	assert_string_equal(
		query("SELECT count(*) FROM yg_schema_api WHERE name = '500_probe.sql'"), "0");
}

/* A function file that does not apply (here a body that does not parse,
 * which is only found when the bodies are validated at the end) leaves the
 * functions as they were, and the failure names the problem. */
static void test_api_failure_rolls_back(void **state)
{
	(void)state;
	write_sql(
		"api/500_broken.sql",
		"CREATE FUNCTION yg_inner.broken() RETURNS int LANGUAGE plpgsql SECURITY DEFINER\n"
		"SET search_path = public, pg_temp AS $$ BEGIN RETURN 1 +; END $$;");
	assert_int_equal(migrate(), 1);
	assert_non_null(strstr(out, "syntax error"));
	assert_non_null(strstr(out, "the database is as it was"));
	assert_string_equal(query("SELECT count(*) FROM pg_proc WHERE proname = 'broken'"), "0");
	assert_string_equal(query("SELECT count(*) > 90 FROM pg_proc"
				  " WHERE pronamespace = 'api'::regnamespace"),
			    "t");
	run_cmd(NULL, 0, "rm %s/api/500_broken.sql", sqldir);
	assert_int_equal(migrate(), 0);
	assert_non_null(strstr(out, "functions current"));
}

/* The grants file is the one list of entry points: a new function of schema
 * api that it does not list is refused, and so is one that would run with
 * the caller's rights. What yg_app may execute is exactly that list. */
static void test_api_entry_points_listed(void **state)
{
	(void)state;
	write_sql("api/500_extra.sql",
		  "CREATE FUNCTION api.extra() RETURNS int LANGUAGE sql SECURITY DEFINER\n"
		  "SET search_path = public, pg_temp AS 'SELECT 1';");
	assert_int_equal(migrate(), 1);
	assert_non_null(strstr(out, "api.extra is neither an entry point nor owner-only"));
	write_sql("api/500_extra.sql", "CREATE FUNCTION yg_inner.extra() RETURNS int LANGUAGE sql\n"
				       "AS 'SELECT 1';");
	assert_int_equal(migrate(), 1);
	assert_non_null(strstr(out, "must be SECURITY DEFINER"));
	run_cmd(NULL, 0, "rm %s/api/500_extra.sql", sqldir);
	assert_int_equal(migrate(), 0);
	assert_string_equal(query("SELECT count(*) FROM pg_proc p WHERE p.pronamespace IN "
				  "('yg_inner'::regnamespace,"
				  " 'public'::regnamespace) AND has_function_privilege('yg_app', "
				  "p.oid, 'EXECUTE')"),
			    "0");
	assert_string_equal(
		query("SELECT has_function_privilege('yg_app',"
		      " 'api.bootstrap(text,text,text,text,jsonb,boolean)', 'EXECUTE')"),
		"f");
	assert_string_equal(query("SELECT has_function_privilege('yg_app',"
				  " 'api.meeting_show(jsonb,jsonb)', 'EXECUTE')"),
			    "t");
}

/* A missing directory or an unreachable database is a clear failure. */
static void test_bad_setup(void **state)
{
	(void)state;
	assert_int_equal(run_cmd(out, sizeof(out),
				 "%s/ygd --db '%s' --sql-dir /nonexistent migrate", env.build,
				 env.conninfo),
			 1);
	assert_non_null(strstr(out, "/nonexistent"));
	assert_int_equal(run_cmd(out, sizeof(out),
				 "%s/ygd --db 'host=%s/nowhere dbname=x' --sql-dir %s migrate",
				 env.build, env.dir, sqldir),
			 1);
	assert_non_null(strstr(out, "cannot connect"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rerun_is_noop),
		cmocka_unit_test(test_applies_in_order),
		cmocka_unit_test(test_failure_rolls_back),
		cmocka_unit_test(test_changed_migration_refused),
		cmocka_unit_test(test_api_reapplied_when_changed),
		cmocka_unit_test(test_api_failure_rolls_back),
		cmocka_unit_test(test_api_entry_points_listed),
		cmocka_unit_test(test_bad_setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
