/* Event streams: named sequences of events pushed to subscribed terminals.
 * A notification through LISTEN ({"stream", "seq"}) only wakes ygd: it reads
 * the stream's new entries from the database (api.stream_read) and pushes
 * those, in order. The "server" stream is this process's own (database
 * availability). */
#ifndef YG_SERVER_STREAMS_H
#define YG_SERVER_STREAMS_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "server.h"

#define STREAM_SERVER "server"
#define STREAM_PUBLIC "public"

struct client;

bool stream_may_subscribe(const struct client *c, const char *stream);
void stream_publish(struct server *srv, const char *stream, uint64_t seq, const char *event,
		    const cJSON *data, const char *at, bool members_only, bool confidential);
void stream_notify_cb(const char *channel, const char *payload, void *arg);
void stream_db_state_cb(bool available, void *arg);

#endif
