#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <openssl/evp.h>

#include "../proto/xalloc.h"
#include "log.h"
#include "migrate.h"
#include "../proto/hex.h"

#define MIGRATE_LOCK_KEY "7950811" /* pg_advisory_lock key: one migrator at a time */
#define MIGRATE_MAX      1000

struct migration {
	int version;
	char *name; /* file name */
	char *sql;
	char sha256[65];
};

/* Whether name looks like NNNN_words.sql; its version in *version. */
static bool migrate_name_ok(const char *name, int *version)
{
	size_t n = strlen(name);
	int i;

	if (n < 10 || strcmp(name + n - 4, ".sql") != 0 || name[4] != '_')
		return false;
	for (i = 0; i < 4; i++)
		if (name[i] < '0' || name[i] > '9')
			return false;
	*version = atoi(name);
	return *version > 0;
}

/* Read a whole file; NULL if it cannot be read. */
char *migrate_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = xmalloc((size_t)n + 1);
		if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else if (buf != NULL) {
			buf[n] = '\0';
		}
	}
	fclose(f);
	return buf;
}

/* Hex SHA-256 of s. */
void migrate_hash(const char *s, char out[65])
{
	hex_sha256(s, strlen(s), out);
}

static int migrate_cmp(const void *a, const void *b)
{
	return ((const struct migration *)a)->version - ((const struct migration *)b)->version;
}

/* Load the migrations of dir, sorted by version; -1 on a bad directory. */
static int migrate_load(const char *dir, struct migration *m, int *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];
	int n = 0, v;

	if (d == NULL) {
		log_error("cannot open migrations directory %s", dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL && n < MIGRATE_MAX) {
		if (!migrate_name_ok(e->d_name, &v))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		m[n].version = v;
		m[n].name = xstrdup(e->d_name);
		m[n].sql = migrate_slurp(path);
		if (m[n].sql == NULL) {
			log_error("cannot read %s", path);
			free(m[n].name);
			break;
		}
		migrate_hash(m[n].sql, m[n].sha256);
		n++;
	}
	closedir(d);
	*count = n;
	qsort(m, (size_t)n, sizeof(*m), migrate_cmp);
	for (v = 1; v < n; v++)
		if (m[v].version == m[v - 1].version) {
			log_error("two migrations have version %d: %s and %s", m[v].version,
				  m[v - 1].name, m[v].name);
			return -1;
		}
	return e == NULL || n == MIGRATE_MAX ? 0 : -1;
}

/* Run a statement; on failure log what and why. */
bool migrate_exec(PGconn *pg, const char *sql, const char *what)
{
	PGresult *r = PQexec(pg, sql);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;

	if (!ok)
		log_error("%s: %s", what, PQresultErrorMessage(r));
	PQclear(r);
	return ok;
}

/* The checksum recorded for version, "" if not applied, NULL on error. */
static char *migrate_recorded(PGconn *pg, int version)
{
	char v[16];
	const char *params[1] = {v};
	PGresult *r;
	char *sha = NULL;

	snprintf(v, sizeof(v), "%d", version);
	r = PQexecParams(pg, "SELECT sha256 FROM yg_schema_migrations WHERE version = $1", 1, NULL,
			 params, NULL, NULL, 0);
	if (PQresultStatus(r) == PGRES_TUPLES_OK)
		sha = xstrdup(PQntuples(r) == 1 ? PQgetvalue(r, 0, 0) : "");
	else
		log_error("reading yg_schema_migrations: %s", PQresultErrorMessage(r));
	PQclear(r);
	return sha;
}

/* Apply one migration in a transaction with its record. */
static bool migrate_apply(PGconn *pg, const struct migration *m)
{
	char v[16];
	const char *params[3] = {v, m->name, m->sha256};
	PGresult *r;
	bool ok;

	snprintf(v, sizeof(v), "%d", m->version);
	if (!migrate_exec(pg, "BEGIN", "BEGIN"))
		return false;
	if (!migrate_exec(pg, m->sql, m->name)) {
		migrate_exec(pg, "ROLLBACK", "ROLLBACK");
		return false;
	}
	r = PQexecParams(
		pg, "INSERT INTO yg_schema_migrations (version, name, sha256) VALUES ($1, $2, $3)",
		3, NULL, params, NULL, NULL, 0);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		log_error("recording %s: %s", m->name, PQresultErrorMessage(r));
	PQclear(r);
	if (!ok || !migrate_exec(pg, "COMMIT", "COMMIT")) {
		migrate_exec(pg, "ROLLBACK", "ROLLBACK");
		return false;
	}
	log_info("applied %s", m->name);
	return true;
}

/* Apply those of m not yet recorded; refuse if a recorded one has changed. */
static int migrate_all(PGconn *pg, const struct migration *m, int n)
{
	int i, applied = 0, last = 0;
	char *sha;

	for (i = 0; i < n; i++) {
		sha = migrate_recorded(pg, m[i].version);
		if (sha == NULL)
			return -1;
		if (sha[0] != '\0' && strcmp(sha, m[i].sha256) != 0) {
			log_error(
				"%s was changed after it was applied; add a new migration instead",
				m[i].name);
			free(sha);
			return -1;
		}
		if (sha[0] == '\0') {
			if (!migrate_apply(pg, &m[i])) {
				log_error(
					"migration %s failed; the database is as it was before it",
					m[i].name);
				free(sha);
				return -1;
			}
			applied++;
		}
		last = m[i].version;
		free(sha);
	}
	log_info("schema version %d (%d migration%s applied now)", last, applied,
		 applied == 1 ? "" : "s");
	return 0;
}

/* Bring the database at conninfo up to the newest migration in dir. */
int migrate_run(const char *conninfo, const char *dir)
{
	static struct migration m[MIGRATE_MAX];
	PGconn *pg;
	int n = 0, i, rc = -1;

	if (migrate_load(dir, m, &n) != 0)
		goto out;
	pg = PQconnectdb(conninfo);
	if (PQstatus(pg) != CONNECTION_OK) {
		log_error("cannot connect to the database: %s", PQerrorMessage(pg));
		PQfinish(pg);
		goto out;
	}
	if (migrate_exec(pg, "SET client_min_messages = warning", "settings") &&
	    migrate_exec(pg, "SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")", "lock") &&
	    migrate_exec(pg,
			 "CREATE TABLE IF NOT EXISTS yg_schema_migrations ("
			 " version integer PRIMARY KEY, name text NOT NULL,"
			 " sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
			 "creating yg_schema_migrations"))
		rc = migrate_all(pg, m, n);
	if (rc == 0)
		rc = migrate_api(pg, dir);
	PQfinish(pg);
out:
	for (i = 0; i < n; i++) {
		free(m[i].name);
		free(m[i].sql);
	}
	return rc;
}
