/* Answers the portal has made, kept for a short while by path, so that a
 * page read by a thousand people at once is read from the database once.
 * Only public pages are ever kept (the portal reads nothing else). Pure:
 * the caller passes the time. */
#ifndef YG_PORTAL_CACHE_H
#define YG_PORTAL_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An answer, ready to send. */
struct page {
	int status;
	const char *ctype;         /* Content-Type (a static string) */
	const char *cache_control; /* Cache-Control (a static string) */
	char disposition[128];     /* Content-Disposition, or "" */
	char etag[40];             /* a strong validator of the body */
	char *body;
	size_t len;
	/* The status line and headers as the fast path sends them (ending
	 * before Date), or NULL: made once when the page is kept. */
	char *head;
	size_t head_len;
};

struct page *page_new(int status, const char *ctype, const char *cache_control, char *body,
		      size_t len);
void page_free(struct page *p);

#define CACHE_BUCKETS 256

struct cache_entry;

struct cache {
	struct cache_entry *buckets[CACHE_BUCKETS];
	unsigned count, max;
};

void cache_init(struct cache *c, unsigned max);
void cache_clear(struct cache *c);
const struct page *cache_get(struct cache *c, const char *key, uint64_t now_ms);
/* The page kept for key even if its time is past, by at most stale_ms
 * (*expired then true); NULL if none. */
const struct page *cache_peek(struct cache *c, const char *key, uint64_t now_ms, uint64_t stale_ms,
			      bool *expired);
void cache_drop(struct cache *c, const char *key);
void cache_put(struct cache *c, const char *key, struct page *p, uint64_t now_ms, uint64_t ttl_ms);

#endif
