/* The streams this process has subscribers for, found by name in constant
 * time, each with the list of its subscriptions and how far its entries have
 * been pushed, so that publishing an event walks that stream's subscribers
 * only. Pure: no libevent, no libpq, no sockets. */
#ifndef YG_SERVER_STREAM_INDEX_H
#define YG_SERVER_STREAM_INDEX_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

struct stream;

/* One subscriber's subscription to one stream. */
struct stream_sub {
	TAILQ_ENTRY(stream_sub) entry; /* on stream.subs */
	struct stream *stream;
	void *owner; /* the subscriber (ygd: a struct client) */
};

TAILQ_HEAD(stream_sub_list, stream_sub);

struct stream_index {
	struct stream **buckets;
	unsigned nbuckets;
	unsigned count; /* streams held */
	void *ctx;      /* the owner's, for callbacks that are given a stream */
};

/* A stream lives while it has subscriptions or pins (a read in flight, an
 * event being published): the last stream_index_unpin or _remove frees it. */
struct stream {
	struct stream *next; /* hash chain */
	struct stream_index *index;
	struct stream_sub_list subs;
	unsigned nsubs;
	unsigned pins;
	/* How far the database's entries have reached this process's terminals
	 * (server/streams.c): */
	bool known;      /* pushed is meaningful */
	uint64_t pushed; /* the last sequence number pushed */
	uint64_t first;  /* while !known: the lowest one a notification named */
	bool reading;    /* a read is in flight */
	bool again;      /* a notification came during it: read once more */
	char name[];
};

int stream_index_init(struct stream_index *ix, unsigned nbuckets, void *ctx);
void stream_index_free(struct stream_index *ix);
struct stream *stream_index_find(const struct stream_index *ix, const char *name);
struct stream_sub *stream_index_add(struct stream_index *ix, const char *name, void *owner);
void stream_index_remove(struct stream_sub *sub);
void stream_index_pin(struct stream *st);
void stream_index_unpin(struct stream *st);

#endif
