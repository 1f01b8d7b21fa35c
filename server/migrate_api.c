/* The function files of sql/api/: every function, view and grant of the
 * schema, kept as the current text rather than as a history of changes.
 *
 * They are applied as one set. When the files (names and contents) differ
 * from what yg_schema_api records, one transaction drops the schemas api and
 * yg_inner with everything in them, re-creates them from the files in name
 * order, validates every function body, and records the files. So a
 * function removed from a file is gone, a changed signature leaves no stale
 * overload behind, and the grants are exactly what the last file says.
 * Nothing outside those two schemas may depend on what is in them (a table's
 * default, constraint or trigger uses functions of schema public, which the
 * files replace in place with CREATE OR REPLACE). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../proto/xalloc.h"
#include "log.h"
#include "migrate.h"

#define API_MAX 100

struct api_file {
	char *name;
	char *sql;
	char sha256[65];
};

/* Whether name looks like NNN_words.sql. */
static bool api_name_ok(const char *name)
{
	size_t n = strlen(name), i = 0;

	while (name[i] >= '0' && name[i] <= '9')
		i++;
	return i > 0 && name[i] == '_' && n > i + 5 && strcmp(name + n - 4, ".sql") == 0;
}

static int api_cmp(const void *a, const void *b)
{
	return strcmp(((const struct api_file *)a)->name, ((const struct api_file *)b)->name);
}

/* Load the NNN_name.sql files of dir/api sorted by name; -1 on error. A missing api/ directory
 * is an error: without it the schema would have no entry points. */
static int api_load(const char *dir, struct api_file *f, int *count)
{
	char path[4096];
	struct dirent *e;
	DIR *d;
	int n = 0, rc = 0;

	snprintf(path, sizeof(path), "%s/api", dir);
	if ((d = opendir(path)) == NULL) {
		log_error("cannot open the function directory %s", path);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (!api_name_ok(e->d_name))
			continue;
		if (n == API_MAX) {
			log_error("more than %d files in %s", API_MAX, path);
			rc = -1;
			break;
		}
		snprintf(path, sizeof(path), "%s/api/%s", dir, e->d_name);
		f[n].name = xstrdup(e->d_name);
		f[n].sql = migrate_slurp(path);
		if (f[n].name == NULL || f[n].sql == NULL) {
			log_error("cannot read %s", path);
			free(f[n].name);
			free(f[n].sql);
			rc = -1;
			break;
		}
		migrate_hash(f[n].sql, f[n].sha256);
		n++;
	}
	closedir(d);
	*count = n;
	qsort(f, (size_t)n, sizeof(*f), api_cmp);
	return rc;
}

/* Whether yg_schema_api records exactly the files f; -1 on error. */
static int api_current(PGconn *pg, const struct api_file *f, int n)
{
	PGresult *r =
		PQexec(pg, "SELECT name, sha256 FROM yg_schema_api ORDER BY name COLLATE \"C\"");
	int same, i;

	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		log_error("reading yg_schema_api: %s", PQresultErrorMessage(r));
		PQclear(r);
		return -1;
	}
	same = PQntuples(r) == n;
	for (i = 0; same && i < n; i++)
		same = strcmp(PQgetvalue(r, i, 0), f[i].name) == 0 &&
		       strcmp(PQgetvalue(r, i, 1), f[i].sha256) == 0;
	PQclear(r);
	return same;
}

/* Check every function body of the two schemas now that all exist (the files
 * are loaded with check_function_bodies off, so that a function may call one
 * defined in a later file). */
static const char api_validate[] =
	"SET LOCAL check_function_bodies = on;"
	"SELECT count(CASE l.lanname WHEN 'plpgsql' THEN plpgsql_validator(p.oid)::text"
	"                            WHEN 'sql' THEN fmgr_sql_validator(p.oid)::text END)"
	"  FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang"
	" WHERE p.pronamespace IN ('api'::regnamespace, 'yg_inner'::regnamespace,"
	"                          'public'::regnamespace)";

/* Record f in yg_schema_api. */
static bool api_record(PGconn *pg, const struct api_file *f)
{
	const char *params[2] = {f->name, f->sha256};
	PGresult *r = PQexecParams(pg, "INSERT INTO yg_schema_api (name, sha256) VALUES ($1, $2)",
				   2, NULL, params, NULL, NULL, 0);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;

	if (!ok)
		log_error("recording %s: %s", f->name, PQresultErrorMessage(r));
	PQclear(r);
	return ok;
}

/* Drop and re-create the schemas from f, in the open transaction. */
static bool api_apply(PGconn *pg, const struct api_file *f, int n)
{
	int i;

	if (!migrate_exec(pg,
			  "SET LOCAL check_function_bodies = off;"
			  "DROP SCHEMA IF EXISTS api CASCADE; CREATE SCHEMA api;"
			  "DROP SCHEMA IF EXISTS yg_inner CASCADE; CREATE SCHEMA yg_inner;"
			  "DELETE FROM yg_schema_api",
			  "clearing schemas api and yg_inner"))
		return false;
	for (i = 0; i < n; i++)
		if (!migrate_exec(pg, f[i].sql, f[i].name) || !api_record(pg, &f[i]))
			return false;
	return migrate_exec(pg, api_validate, "validating the functions");
}

int migrate_api(PGconn *pg, const char *dir)
{
	static struct api_file f[API_MAX];
	int n = 0, i, rc = -1, same;

	if (api_load(dir, f, &n) != 0)
		goto out;
	if (!migrate_exec(pg,
			  "CREATE TABLE IF NOT EXISTS yg_schema_api ("
			  " name text PRIMARY KEY, sha256 text NOT NULL,"
			  " applied_at timestamptz NOT NULL DEFAULT now())",
			  "creating yg_schema_api"))
		goto out;
	if ((same = api_current(pg, f, n)) < 0)
		goto out;
	if (same) {
		log_info("functions current (%d file%s of %s/api)", n, n == 1 ? "" : "s", dir);
		rc = 0;
		goto out;
	}
	if (!migrate_exec(pg, "BEGIN", "BEGIN"))
		goto out;
	if (!api_apply(pg, f, n) || !migrate_exec(pg, "COMMIT", "COMMIT")) {
		migrate_exec(pg, "ROLLBACK", "ROLLBACK");
		log_error("the functions of %s/api were not applied; the database is as it was",
			  dir);
		goto out;
	}
	log_info("applied the functions of %s/api (%d file%s)", dir, n, n == 1 ? "" : "s");
	rc = 0;
out:
	for (i = 0; i < n; i++) {
		free(f[i].name);
		free(f[i].sql);
	}
	return rc;
}
