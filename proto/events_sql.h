/* The event table's facts that the database checks, written as SQL. The
 * file sql/api/015_event_causes.sql is exactly this text: `make events-sql`
 * writes it (scripts/events_sql.c), tests/unit/test_events.c fails when
 * the committed file differs, and yg_request_mismatch reads its two
 * functions instead of keeping a list of its own. */
#ifndef YG_PROTO_EVENTS_SQL_H
#define YG_PROTO_EVENTS_SQL_H

#define EVENTS_SQL_PATH "sql/api/015_event_causes.sql"

/* The file's text, to be freed; NULL when a name of the table could not be
 * written as a SQL and JSON string unquoted (only a-z, 0-9, '.', '_'). */
char *events_sql_text(void);

#endif
