#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "../proto/envelope.h"
#include "../proto/frame.h"
#include "client.h"
#include "log.h"
#include "policy/visibility.h"
#include "streams.h"

/* Whether c may follow stream: "server" and "public" are open to anyone,
 * "committee:ID" to those logged in to that committee. Meeting streams come
 * with the operations that create them. */
bool stream_may_subscribe(const struct client *c, const char *stream)
{
	char own[40];

	if (strcmp(stream, STREAM_SERVER) == 0 || strcmp(stream, STREAM_PUBLIC) == 0)
		return true;
	if (!c->auth.logged_in || c->auth.observer)
		return false;
	snprintf(own, sizeof(own), "committee:%lld", c->auth.committee);
	return strcmp(stream, own) == 0;
}

/* May c receive an event of stream so tagged? A meeting's events follow
 * the visibility rule (policy/visibility.c); a members-only event of any
 * other stream goes to members only. */
static bool stream_shown(const struct client *c, const char *stream, bool members_only,
			 bool confidential)
{
	enum vis_audience who = vis_audience_of(c->auth.logged_in, c->auth.observer);

	if (strncmp(stream, "meeting:", 8) == 0)
		return vis_event_shown(who, members_only, confidential);
	return !members_only || who == VIS_MEMBER;
}

/* Push one event to every ready terminal subscribed to stream that may see
 * it (members_only: not to observers; confidential: an event of a
 * confidential item, not to observers either). */
void stream_publish(struct server *srv, const char *stream, uint64_t seq, const char *event,
		    const cJSON *data, const char *at, bool members_only, bool confidential)
{
	struct client *c, *next;
	cJSON *msg = envelope_event(stream, seq, event, cJSON_Duplicate(data, 1));
	size_t len = 0;
	char *text;

	if (at != NULL)
		cJSON_AddStringToObject(msg, "at", at);
	text = envelope_encode(msg, &len);
	unsigned char *frame = text != NULL ? malloc(FRAME_HEADER_LEN + len) : NULL;

	cJSON_Delete(msg);
	if (frame == NULL) {
		free(text);
		log_error("out of memory publishing %s on %s", event, stream);
		return;
	}
	/* Encoded once, copied to each subscriber. */
	frame_header_encode(frame, (uint32_t)len);
	memcpy(frame + FRAME_HEADER_LEN, text, len);
	free(text);
	for (c = TAILQ_FIRST(&srv->clients); c != NULL; c = next) {
		next = TAILQ_NEXT(c, entry); /* sending may close c */
		if (c->state == CLIENT_READY && client_subscribed(c, stream) &&
		    stream_shown(c, stream, members_only, confidential)) {
			if (client_send_frame(c, frame, FRAME_HEADER_LEN + len))
				srv->metrics.events_delivered++;
			else
				srv->metrics.events_dropped++;
		}
	}
	free(frame);
}

/* A notification from PostgreSQL: check its shape, then publish it. A
 * meeting's event without its "confidential" tag is taken as confidential:
 * an untagged event never reaches observers. */
void stream_notify_cb(const char *channel, const char *payload, void *arg)
{
	struct server *srv = arg;
	struct yg_reply ev;
	cJSON *msg;

	msg = cJSON_Parse(payload);
	if (msg == NULL || envelope_parse_reply(msg, &ev) != YG_MSG_EVENT ||
	    !envelope_name_valid(ev.stream, ENVELOPE_NAME_MAX) ||
	    !envelope_name_valid(ev.event, ENVELOPE_NAME_MAX) ||
	    strcmp(ev.stream, STREAM_SERVER) == 0) {
		log_warn("ignoring a malformed notification on %s", channel);
		cJSON_Delete(msg);
		return;
	}
	stream_publish(srv, ev.stream, ev.seq, ev.event, ev.data,
		       cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(msg, "at")),
		       cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(msg, "members_only")),
		       !cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(msg, "confidential")));
	cJSON_Delete(msg);
}

/* The database became available or unavailable: tell the "server" stream. */
void stream_db_state_cb(bool available, void *arg)
{
	struct server *srv = arg;
	cJSON *data = cJSON_CreateObject();

	cJSON_AddStringToObject(data, "db", available ? "available" : "unavailable");
	stream_publish(srv, STREAM_SERVER, ++srv->server_seq, "db.state", data, NULL, false, false);
	cJSON_Delete(data);
}
