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
	return run_cmd(out, sizeof(out), "mkdir -p %s && cp sql/*.sql %s/", sqldir, sqldir);
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
		cmocka_unit_test(test_bad_setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
