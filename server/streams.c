#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "../proto/envelope.h"
#include "../proto/frame.h"
#include "../proto/xalloc.h"
#include "client.h"
#include "db_pool.h"
#include "log.h"
#include "policy/visibility.h"
#include "streams.h"

/* Entries read from the database at a time. */
#define STREAM_READ_BATCH 256

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

/* The event encoded once, header included, for all its subscribers. */
static unsigned char *stream_frame(const char *stream, uint64_t seq, const char *event,
				   const cJSON *data, const char *at, size_t *flen)
{
	cJSON *msg = envelope_event(stream, seq, event, cJSON_Duplicate(data, 1));
	unsigned char *frame = NULL;
	size_t len = 0;
	char *text;

	if (at != NULL)
		cJSON_AddStringToObject(msg, "at", at);
	text = envelope_encode(msg, &len);
	cJSON_Delete(msg);
	if (text != NULL && (frame = xmalloc(FRAME_HEADER_LEN + len)) != NULL) {
		frame_header_encode(frame, (uint32_t)len);
		memcpy(frame + FRAME_HEADER_LEN, text, len);
		*flen = FRAME_HEADER_LEN + len;
	}
	free(text);
	return frame;
}

/* Push one event to every ready terminal subscribed to stream that may see
 * it (members_only: not to observers; confidential: an event of a
 * confidential item, not to observers either). Only the stream's own
 * subscribers are walked. */
void stream_publish(struct server *srv, const char *stream, uint64_t seq, const char *event,
		    const cJSON *data, const char *at, bool members_only, bool confidential)
{
	struct stream *st = stream_index_find(&srv->streams, stream);
	struct stream_sub *sub, *next;
	unsigned char *frame;
	size_t len;

	if (st == NULL)
		return;
	if ((frame = stream_frame(stream, seq, event, data, at, &len)) == NULL) {
		log_error("out of memory publishing %s on %s", event, stream);
		return;
	}
	stream_index_pin(st); /* sending may close a subscriber, the last one too */
	for (sub = TAILQ_FIRST(&st->subs); sub != NULL; sub = next) {
		struct client *c = sub->owner;

		next = TAILQ_NEXT(sub, entry); /* closing c removes sub, not next */
		if (c->state == CLIENT_READY &&
		    stream_shown(c, stream, members_only, confidential)) {
			if (client_send_frame(c, frame, len))
				srv->metrics.events_delivered++;
			else
				srv->metrics.events_dropped++;
		}
	}
	stream_index_unpin(st);
	free(frame);
}

static void stream_read(struct server *srv, struct stream *st);

/* Push the entries a read returned, in order, those not pushed yet. How
 * many there were. */
static int stream_push_entries(struct server *srv, struct stream *st, const cJSON *entries)
{
	const cJSON *e, *seq, *event;
	int n = 0;

	cJSON_ArrayForEach(e, entries) {
		n++;
		seq = cJSON_GetObjectItemCaseSensitive(e, "seq");
		event = cJSON_GetObjectItemCaseSensitive(e, "event");
		if (!cJSON_IsNumber(seq) || seq->valuedouble < 1 || !cJSON_IsString(event) ||
		    !envelope_name_valid(event->valuestring, ENVELOPE_NAME_MAX)) {
			log_warn("stream %s: an entry of unexpected shape", st->name);
			continue;
		}
		if (st->known && (uint64_t)seq->valuedouble <= st->pushed)
			continue;
		st->known = true;
		st->pushed = (uint64_t)seq->valuedouble;
		stream_publish(srv, st->name, st->pushed, event->valuestring,
			       cJSON_GetObjectItemCaseSensitive(e, "data"),
			       cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "at")),
			       cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "members_only")),
			       !cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(e, "confidential")));
	}
	return n;
}

/* A read of the stream's new entries is back: push them; read again if a
 * notification came meanwhile or a whole batch came back. A meeting's event
 * without its "confidential" tag is taken as confidential: an untagged
 * event never reaches observers. */
static void stream_read_cb(PGresult *res, enum yg_err err, const char *why, void *arg)
{
	struct stream *st = arg;
	struct server *srv = st->index->ctx;
	bool was_known = st->known, more;
	cJSON *entries = NULL;
	int n = 0;

	st->reading = false;
	if (err != YG_OK || PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		log_warn("reading stream %s: %s", st->name,
			 err != YG_OK ? why : PQresultErrorMessage(res));
	else if (!cJSON_IsArray(entries = cJSON_Parse(PQgetvalue(res, 0, 0))))
		log_warn("reading stream %s: not a list of entries", st->name);
	else
		n = stream_push_entries(srv, st, entries);
	cJSON_Delete(entries);
	/* A stream never pushed yet reads one batch for a notification, so a
	 * forged low number cannot replay its whole history. */
	more = err == YG_OK && (st->again || (was_known && n == STREAM_READ_BATCH));
	st->again = false;
	if (more && st->nsubs > 0)
		stream_read(srv, st);
	else if (!st->known)
		st->first = 0; /* the next notification says where to start */
	stream_index_unpin(st);
}

/* Read the stream's entries after the last one pushed (or, before any,
 * from the lowest a notification named), through the pool. */
static void stream_read(struct server *srv, struct stream *st)
{
	cJSON *args;
	char *text;
	enum yg_err err;

	if (!st->known && st->first == 0)
		return;
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "stream", st->name);
	cJSON_AddNumberToObject(args, "after", (double)(st->known ? st->pushed : st->first - 1));
	cJSON_AddNumberToObject(args, "limit", STREAM_READ_BATCH);
	text = cJSON_PrintUnformatted(args); /* never NULL: proto/xalloc.h */
	cJSON_Delete(args);
	err = db_pool_query(srv->db, "SELECT api.stream_read($1)", 1, (const char *const *)&text,
			    stream_read_cb, st);
	free(text);
	if (err != YG_OK)
		return; /* no database: terminals see the gap and ask again */
	st->reading = true;
	stream_index_pin(st);
}

/* A notification from PostgreSQL: stream S has entry N. Only a wake-up:
 * any role can send one, so nothing of its payload but the stream's name
 * and a number to start from is used, and nothing of it is shown. A stream
 * nobody here follows is not read at all. */
void stream_notify_cb(const char *channel, const char *payload, void *arg)
{
	struct server *srv = arg;
	const cJSON *name, *seq;
	struct stream *st;
	cJSON *msg;
	uint64_t n;

	msg = cJSON_Parse(payload);
	name = cJSON_GetObjectItemCaseSensitive(msg, "stream");
	seq = cJSON_GetObjectItemCaseSensitive(msg, "seq");
	if (!cJSON_IsString(name) || !envelope_name_valid(name->valuestring, ENVELOPE_NAME_MAX) ||
	    strcmp(name->valuestring, STREAM_SERVER) == 0 || !cJSON_IsNumber(seq) ||
	    seq->valuedouble < 1 || seq->valuedouble > 9007199254740991.0) {
		log_warn("ignoring a malformed notification on %s", channel);
		cJSON_Delete(msg);
		return;
	}
	n = (uint64_t)seq->valuedouble;
	st = stream_index_find(&srv->streams, name->valuestring);
	cJSON_Delete(msg);
	if (st == NULL || (st->known && n <= st->pushed))
		return;
	if (!st->known && (st->first == 0 || n < st->first))
		st->first = n;
	if (st->reading)
		st->again = true;
	else
		stream_read(srv, st);
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
