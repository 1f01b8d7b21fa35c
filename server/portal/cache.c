#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../proto/xalloc.h"
#include "cache.h"

struct cache_entry {
	struct cache_entry *next;
	uint64_t expires_ms;
	struct page *page;
	char key[];
};

static uint64_t fnv64(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ull;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

/* A page owning body (NULL: an empty body). */
struct page *page_new(int status, const char *ctype, const char *cache_control, char *body,
		      size_t len)
{
	struct page *p = xcalloc(1, sizeof(*p));

	if (p == NULL) {
		free(body);
		return NULL;
	}
	p->status = status;
	p->ctype = ctype;
	p->cache_control = cache_control;
	p->body = body;
	p->len = body != NULL ? len : 0;
	snprintf(p->etag, sizeof(p->etag), "\"%016llx-%zx\"",
		 (unsigned long long)fnv64(p->body != NULL ? p->body : "", p->len), p->len);
	return p;
}

void page_free(struct page *p)
{
	if (p == NULL)
		return;
	free(p->body);
	free(p->head);
	free(p);
}

void cache_init(struct cache *c, unsigned max)
{
	memset(c, 0, sizeof(*c));
	c->max = max;
}

static void entry_free(struct cache_entry *e)
{
	page_free(e->page);
	free(e);
}

void cache_clear(struct cache *c)
{
	struct cache_entry *e, *next;
	unsigned i;

	for (i = 0; i < CACHE_BUCKETS; i++) {
		for (e = c->buckets[i]; e != NULL; e = next) {
			next = e->next;
			entry_free(e);
		}
		c->buckets[i] = NULL;
	}
	c->count = 0;
}

/* Drop every entry expired at now_ms. */
static void cache_expire(struct cache *c, uint64_t now_ms)
{
	struct cache_entry **pp, *e;
	unsigned i;

	for (i = 0; i < CACHE_BUCKETS; i++) {
		pp = &c->buckets[i];
		while ((e = *pp) != NULL) {
			if (e->expires_ms <= now_ms) {
				*pp = e->next;
				entry_free(e);
				c->count--;
			} else {
				pp = &e->next;
			}
		}
	}
}

/* The page kept for key, or NULL if none or expired. */
const struct page *cache_get(struct cache *c, const char *key, uint64_t now_ms)
{
	struct cache_entry **pp = &c->buckets[fnv64(key, strlen(key)) % CACHE_BUCKETS], *e;

	while ((e = *pp) != NULL) {
		if (strcmp(e->key, key) == 0) {
			if (e->expires_ms > now_ms)
				return e->page;
			*pp = e->next;
			entry_free(e);
			c->count--;
			return NULL;
		}
		pp = &e->next;
	}
	return NULL;
}

const struct page *cache_peek(struct cache *c, const char *key, uint64_t now_ms, uint64_t stale_ms,
			      bool *expired)
{
	struct cache_entry *e = c->buckets[fnv64(key, strlen(key)) % CACHE_BUCKETS];

	for (; e != NULL; e = e->next)
		if (strcmp(e->key, key) == 0) {
			*expired = e->expires_ms <= now_ms;
			return e->expires_ms + stale_ms > now_ms ? e->page : NULL;
		}
	*expired = false;
	return NULL;
}

/* Forget what is kept for key. */
void cache_drop(struct cache *c, const char *key)
{
	struct cache_entry **pp = &c->buckets[fnv64(key, strlen(key)) % CACHE_BUCKETS], *e;

	for (; (e = *pp) != NULL; pp = &e->next)
		if (strcmp(e->key, key) == 0) {
			*pp = e->next;
			entry_free(e);
			c->count--;
			return;
		}
}

/* Keep p (taken over) for key for ttl_ms, replacing what was kept.
 * A full cache first drops what has expired, and if still full, all. */
void cache_put(struct cache *c, const char *key, struct page *p, uint64_t now_ms, uint64_t ttl_ms)
{
	struct cache_entry **pp = &c->buckets[fnv64(key, strlen(key)) % CACHE_BUCKETS], *e;
	size_t klen = strlen(key);
	uint64_t expires_ms = now_ms + ttl_ms;

	for (; (e = *pp) != NULL; pp = &e->next) {
		if (strcmp(e->key, key) == 0) {
			page_free(e->page);
			e->page = p;
			e->expires_ms = expires_ms;
			return;
		}
	}
	if (c->count >= c->max) {
		cache_expire(c, now_ms);
		if (c->count >= c->max)
			cache_clear(c);
		pp = &c->buckets[fnv64(key, klen) % CACHE_BUCKETS];
	}
	e = xmalloc(sizeof(*e) + klen + 1);
	if (e == NULL) {
		page_free(p);
		return;
	}
	memcpy(e->key, key, klen + 1);
	e->page = p;
	e->expires_ms = expires_ms;
	e->next = *pp;
	*pp = e;
	c->count++;
}
