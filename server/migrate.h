/* `ygd migrate`: apply the numbered SQL files of the migrations directory in
 * order, each in its own transaction, recording each in yg_schema_migrations.
 * Runs before (never inside) the event loop, so it may block. */
#ifndef YG_SERVER_MIGRATE_H
#define YG_SERVER_MIGRATE_H

int migrate_run(const char *conninfo, const char *dir);

#endif
