/* The connection that LISTENs: it turns PostgreSQL notifications into calls
 * of notify_cb, so events committed by any ygd reach this one's terminals. */
#ifndef YG_SERVER_DB_LISTEN_H
#define YG_SERVER_DB_LISTEN_H

#include <stdbool.h>

#include <event2/event.h>

#define DB_LISTEN_CHANNEL "yg_events"

struct db_listen;

typedef void (*db_notify_cb)(const char *channel, const char *payload, void *arg);

struct db_listen *db_listen_new(struct event_base *base, const char *conninfo,
				db_notify_cb notify_cb, void *arg);
void db_listen_free(struct db_listen *dl);
bool db_listen_active(const struct db_listen *dl);

#endif
