/* `ygd migrate`: apply the numbered SQL files of the migrations directory in
 * order, each in its own transaction, recording each in yg_schema_migrations;
 * then re-apply the function files of its api/ subdirectory if any of them
 * changed (migrate_api.c). Runs before (never inside) the event loop, so it
 * may block. */
#ifndef YG_SERVER_MIGRATE_H
#define YG_SERVER_MIGRATE_H

#include <stdbool.h>

#include <libpq-fe.h>

int migrate_run(const char *conninfo, const char *dir);

/* Re-apply dir/api/ whole, in one transaction, unless exactly those files
 * with those contents are recorded in yg_schema_api; 0 or -1. */
int migrate_api(PGconn *pg, const char *dir);

/* Shared by migrate.c and migrate_api.c. */
char *migrate_slurp(const char *path);
void migrate_hash(const char *s, char out[65]);
bool migrate_exec(PGconn *pg, const char *sql, const char *what);

#endif
