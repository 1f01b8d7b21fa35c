#include <stdlib.h>
#include <string.h>

#include "../proto/xalloc.h"
#include "stream_index.h"

int stream_index_init(struct stream_index *ix, unsigned nbuckets, void *ctx)
{
	memset(ix, 0, sizeof(*ix));
	if (nbuckets == 0 || (nbuckets & (nbuckets - 1)) != 0)
		return -1;
	ix->buckets = xcalloc(nbuckets, sizeof(*ix->buckets));
	ix->nbuckets = nbuckets;
	ix->ctx = ctx;
	return 0;
}

/* Free every stream and subscription still held. */
void stream_index_free(struct stream_index *ix)
{
	struct stream *st, *next;
	struct stream_sub *sub;
	unsigned i;

	for (i = 0; i < ix->nbuckets; i++)
		for (st = ix->buckets[i]; st != NULL; st = next) {
			next = st->next;
			while ((sub = TAILQ_FIRST(&st->subs)) != NULL) {
				TAILQ_REMOVE(&st->subs, sub, entry);
				free(sub);
			}
			free(st);
		}
	free(ix->buckets);
	memset(ix, 0, sizeof(*ix));
}

static unsigned stream_index_hash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The link that points at name's stream, or at the NULL ending its chain. */
static struct stream **stream_index_link(const struct stream_index *ix, const char *name)
{
	struct stream **pp = &ix->buckets[stream_index_hash(name) & (ix->nbuckets - 1)];

	while (*pp != NULL && strcmp((*pp)->name, name) != 0)
		pp = &(*pp)->next;
	return pp;
}

struct stream *stream_index_find(const struct stream_index *ix, const char *name)
{
	return *stream_index_link(ix, name);
}

/* Twice the buckets once there are twice as many streams as buckets; on
 * no memory, the chains just grow longer. */
static void stream_index_grow(struct stream_index *ix)
{
	unsigned i, n = ix->nbuckets * 2;
	struct stream **b, *st, *next;

	if (ix->count <= ix->nbuckets * 2 || (b = xcalloc(n, sizeof(*b))) == NULL)
		return;
	for (i = 0; i < ix->nbuckets; i++)
		for (st = ix->buckets[i]; st != NULL; st = next) {
			next = st->next;
			st->next = b[stream_index_hash(st->name) & (n - 1)];
			b[stream_index_hash(st->name) & (n - 1)] = st;
		}
	free(ix->buckets);
	ix->buckets = b;
	ix->nbuckets = n;
}

/* Subscribe owner to name (the stream is made on its first subscription).
 * NULL on no memory. The caller makes sure owner is not subscribed yet. */
struct stream_sub *stream_index_add(struct stream_index *ix, const char *name, void *owner)
{
	struct stream **pp = stream_index_link(ix, name), *st = *pp;
	struct stream_sub *sub = xmalloc(sizeof(*sub));
	size_t len;

	if (sub == NULL)
		return NULL;
	if (st == NULL) {
		len = strlen(name) + 1;
		if ((st = xcalloc(1, sizeof(*st) + len)) == NULL) {
			free(sub);
			return NULL;
		}
		memcpy(st->name, name, len);
		st->index = ix;
		TAILQ_INIT(&st->subs);
		*pp = st;
		ix->count++;
		stream_index_grow(ix);
	}
	sub->stream = st;
	sub->owner = owner;
	TAILQ_INSERT_TAIL(&st->subs, sub, entry);
	st->nsubs++;
	return sub;
}

/* Free st if nothing holds it any more. */
static void stream_index_release(struct stream *st)
{
	struct stream_index *ix = st->index;
	struct stream **pp;

	if (st->nsubs > 0 || st->pins > 0)
		return;
	pp = stream_index_link(ix, st->name);
	*pp = st->next;
	ix->count--;
	free(st);
}

/* End one subscription (freed); its stream goes with its last holder. */
void stream_index_remove(struct stream_sub *sub)
{
	struct stream *st = sub->stream;

	TAILQ_REMOVE(&st->subs, sub, entry);
	st->nsubs--;
	free(sub);
	stream_index_release(st);
}

/* Keep st alive across a callback that may drop its last subscription. */
void stream_index_pin(struct stream *st)
{
	st->pins++;
}

void stream_index_unpin(struct stream *st)
{
	st->pins--;
	stream_index_release(st);
}
