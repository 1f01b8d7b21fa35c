/* Unit tests for server/portal/cache.c: pages (their body, length and
 * ETag), and the cache of pages by path: kept until ttl_ms have passed and
 * not a millisecond more, replaced in place, dropped all at once when full
 * of unexpired pages, and freed by cache_clear. The suite also runs under
 * AddressSanitizer, which reports any page the cache loses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../server/portal/cache.h"

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	assert_non_null(p);
	return p;
}

/* A page whose body is text. */
static struct page *text_page(const char *text)
{
	struct page *p = page_new(200, "text/html; charset=utf-8", "public, max-age=5",
				  xstrdup(text), strlen(text));

	assert_non_null(p);
	return p;
}

static void assert_cached(struct cache *c, const char *key, uint64_t now, const char *body)
{
	const struct page *p = cache_get(c, key, now);

	assert_non_null(p);
	assert_int_equal(p->len, strlen(body));
	assert_memory_equal(p->body, body, p->len);
}

static void test_page_new(void **state)
{
	struct page *p;

	(void)state;
	p = page_new(404, "text/plain", "no-store", xstrdup("not here"), 8);
	assert_non_null(p);
	assert_int_equal(p->status, 404);
	assert_string_equal(p->ctype, "text/plain");
	assert_string_equal(p->cache_control, "no-store");
	assert_string_equal(p->disposition, "");
	assert_int_equal(p->len, 8);
	assert_memory_equal(p->body, "not here", 8);
	/* The ETag: a quoted FNV-1a 64 of the body and its length in hex. */
	assert_int_equal(p->etag[0], '"');
	assert_int_equal(strlen(p->etag), 1 + 16 + 1 + 1 + 1);
	assert_int_equal(p->etag[17], '-');
	assert_string_equal(p->etag + 18, "8\"");
	page_free(p);
}

/* FNV-1a 64 of "" is its offset basis; of "a", a published value. */
static void test_etag_values(void **state)
{
	struct page *p;

	(void)state;
	p = page_new(200, "t", "c", NULL, 0);
	assert_non_null(p);
	assert_string_equal(p->etag, "\"cbf29ce484222325-0\"");
	page_free(p);
	p = page_new(200, "t", "c", xstrdup("a"), 1);
	assert_string_equal(p->etag, "\"af63dc4c8601ec8c-1\"");
	page_free(p);
}

/* The ETag follows the body: the same body gives the same one, another
 * body (or the same bytes cut shorter) another. */
static void test_etag_follows_body(void **state)
{
	struct page *a = text_page("<p>决策</p>"), *b = text_page("<p>决策</p>");
	struct page *c = text_page("<p>决策 </p>");
	struct page *d = page_new(200, "t", "c", xstrdup("<p>决策</p>"), 5);

	(void)state;
	assert_string_equal(a->etag, b->etag);
	assert_string_not_equal(a->etag, c->etag);
	assert_string_not_equal(a->etag, d->etag);
	assert_int_equal(d->len, 5);
	page_free(a);
	page_free(b);
	page_free(c);
	page_free(d);
}

/* A NULL body is an empty one, whatever length was said. */
static void test_page_null_body(void **state)
{
	struct page *p = page_new(204, "t", "c", NULL, 1234);

	(void)state;
	assert_non_null(p);
	assert_null(p->body);
	assert_int_equal(p->len, 0);
	page_free(p);
	page_free(NULL);
}

static void test_put_get(void **state)
{
	struct cache c;

	(void)state;
	cache_init(&c, 16);
	assert_null(cache_get(&c, "/", 1000));
	cache_put(&c, "/", text_page("home"), 1000, 5000);
	cache_put(&c, "/items/1", text_page("item 1"), 1000, 5000);
	cache_put(&c, "/decisions/1", text_page("decision 1"), 1000, 5000);
	assert_int_equal(c.count, 3);
	assert_cached(&c, "/", 1000, "home");
	assert_cached(&c, "/items/1", 1001, "item 1");
	assert_cached(&c, "/decisions/1", 5999, "decision 1");
	/* The same page each time, not a copy. */
	assert_ptr_equal(cache_get(&c, "/", 1000), cache_get(&c, "/", 2000));
	/* Keys are whole paths. */
	assert_null(cache_get(&c, "/items/", 1000));
	assert_null(cache_get(&c, "/items/10", 1000));
	assert_null(cache_get(&c, "/items/1/", 1000));
	assert_null(cache_get(&c, "/ITEMS/1", 1000));
	assert_null(cache_get(&c, "", 1000));
	cache_clear(&c);
	assert_int_equal(c.count, 0);
	assert_null(cache_get(&c, "/", 1000));
}

/* A page put at t with ttl is there until t + ttl - 1 and gone at t + ttl. */
static void test_expiry_boundary(void **state)
{
	struct cache c;

	(void)state;
	cache_init(&c, 16);
	cache_put(&c, "/", text_page("home"), 10000, 2000);
	assert_cached(&c, "/", 10000, "home");
	assert_cached(&c, "/", 11999, "home");
	assert_null(cache_get(&c, "/", 12000));
	/* Gone for good: an earlier time does not bring it back. */
	assert_int_equal(c.count, 0);
	assert_null(cache_get(&c, "/", 11000));
	/* A ttl of 0 keeps nothing readable, and the entry is dropped when
	 * asked for. */
	cache_put(&c, "/feed.atom", text_page("feed"), 20000, 0);
	assert_int_equal(c.count, 1);
	assert_null(cache_get(&c, "/feed.atom", 20000));
	assert_int_equal(c.count, 0);
	/* A ttl of 1 ms. */
	cache_put(&c, "/x", text_page("x"), 30000, 1);
	assert_cached(&c, "/x", 30000, "x");
	assert_null(cache_get(&c, "/x", 30001));
	/* A clock before the put: the page is still valid. */
	cache_put(&c, "/y", text_page("y"), 40000, 10);
	assert_cached(&c, "/y", 0, "y");
	cache_clear(&c);
}

/* Expired pages that nobody asks for stay until the cache is full or
 * cleared; they are freed either way (AddressSanitizer checks). */
static void test_expired_unasked(void **state)
{
	struct cache c;

	(void)state;
	cache_init(&c, 16);
	cache_put(&c, "/a", text_page("a"), 0, 10);
	cache_put(&c, "/b", text_page("b"), 0, 10);
	assert_int_equal(c.count, 2);
	cache_clear(&c);
	assert_int_equal(c.count, 0);
}

/* Putting a key again replaces its page (the old one is freed) and its
 * expiry, without a second entry. */
static void test_replace(void **state)
{
	struct cache c;
	unsigned i;
	char body[32];

	(void)state;
	cache_init(&c, 16);
	cache_put(&c, "/", text_page("first"), 1000, 1000);
	cache_put(&c, "/", text_page("second"), 1500, 1000);
	assert_int_equal(c.count, 1);
	assert_cached(&c, "/", 2000, "second");
	/* The expiry is the new one: 2500, not 2000. */
	assert_cached(&c, "/", 2499, "second");
	assert_null(cache_get(&c, "/", 2500));
	/* Replaced many times: one entry, the last page. */
	for (i = 0; i < 1000; i++) {
		snprintf(body, sizeof(body), "version %u", i);
		cache_put(&c, "/items/7", text_page(body), 3000 + i, 100);
	}
	assert_int_equal(c.count, 1);
	assert_cached(&c, "/items/7", 4000, "version 999");
	/* A shorter ttl replaces a longer one too. */
	cache_put(&c, "/items/7", text_page("short"), 4000, 1);
	assert_null(cache_get(&c, "/items/7", 4001));
	cache_clear(&c);
}

/* Replacing an expired entry that nobody asked for revives the key. */
static void test_replace_expired(void **state)
{
	struct cache c;

	(void)state;
	cache_init(&c, 4);
	cache_put(&c, "/", text_page("old"), 0, 10);
	cache_put(&c, "/", text_page("new"), 100, 10);
	assert_int_equal(c.count, 1);
	assert_cached(&c, "/", 105, "new");
	cache_clear(&c);
}

/* Many keys, in every bucket and several to a bucket. */
static void test_many_keys(void **state)
{
	struct cache c;
	char key[32], body[32];
	unsigned i;

	(void)state;
	cache_init(&c, 4096);
	for (i = 0; i < 3000; i++) {
		snprintf(key, sizeof(key), "/decisions/%u", i + 1);
		snprintf(body, sizeof(body), "body %u", i + 1);
		cache_put(&c, key, text_page(body), 1000, 60000);
	}
	assert_int_equal(c.count, 3000);
	for (i = 0; i < 3000; i++) {
		snprintf(key, sizeof(key), "/decisions/%u", i + 1);
		snprintf(body, sizeof(body), "body %u", i + 1);
		assert_cached(&c, key, 2000, body);
	}
	/* Half of them read after they expired: dropped one by one. */
	for (i = 0; i < 3000; i += 2) {
		snprintf(key, sizeof(key), "/decisions/%u", i + 1);
		assert_null(cache_get(&c, key, 61000));
	}
	assert_int_equal(c.count, 1500);
	cache_clear(&c);
	assert_int_equal(c.count, 0);
	for (i = 0; i < CACHE_BUCKETS; i++)
		assert_null(c.buckets[i]);
}

/* A full cache first drops what has expired, and keeps the rest. */
static void test_full_drops_expired(void **state)
{
	struct cache c;

	(void)state;
	cache_init(&c, 4);
	cache_put(&c, "/a", text_page("a"), 1000, 100);  /* expires at 1100 */
	cache_put(&c, "/b", text_page("b"), 1000, 5000); /* 6000 */
	cache_put(&c, "/c", text_page("c"), 1000, 200);  /* 1200 */
	cache_put(&c, "/d", text_page("d"), 1000, 5000); /* 6000 */
	assert_int_equal(c.count, 4);
	/* Full at 1150: /a has expired and goes; /c has not and stays. */
	cache_put(&c, "/e", text_page("e"), 1150, 5000);
	assert_int_equal(c.count, 4);
	assert_null(cache_get(&c, "/a", 1150));
	assert_cached(&c, "/b", 1150, "b");
	assert_cached(&c, "/c", 1150, "c");
	assert_cached(&c, "/d", 1150, "d");
	assert_cached(&c, "/e", 1150, "e");
	/* Full at 1200: /c expires exactly then, and goes. */
	cache_put(&c, "/f", text_page("f"), 1200, 5000);
	assert_int_equal(c.count, 4);
	assert_null(cache_get(&c, "/c", 1200));
	assert_cached(&c, "/f", 1200, "f");
	assert_cached(&c, "/b", 1200, "b");
	cache_clear(&c);
}

/* A full cache with nothing expired drops everything, then keeps the new
 * page: the count never exceeds max. */
static void test_full_drops_all(void **state)
{
	struct cache c;
	char key[16];
	unsigned i;

	(void)state;
	cache_init(&c, 3);
	cache_put(&c, "/a", text_page("a"), 1000, 5000);
	cache_put(&c, "/b", text_page("b"), 1000, 5000);
	cache_put(&c, "/c", text_page("c"), 1000, 5000);
	assert_int_equal(c.count, 3);
	cache_put(&c, "/d", text_page("d"), 1000, 5000);
	assert_int_equal(c.count, 1);
	assert_null(cache_get(&c, "/a", 1000));
	assert_null(cache_get(&c, "/b", 1000));
	assert_null(cache_get(&c, "/c", 1000));
	assert_cached(&c, "/d", 1000, "d");
	/* Replacing a kept key in a full cache drops nothing. */
	cache_put(&c, "/e", text_page("e"), 1000, 5000);
	cache_put(&c, "/f", text_page("f"), 1000, 5000);
	assert_int_equal(c.count, 3);
	cache_put(&c, "/e", text_page("e2"), 1000, 5000);
	assert_int_equal(c.count, 3);
	assert_cached(&c, "/d", 1000, "d");
	assert_cached(&c, "/e", 1000, "e2");
	assert_cached(&c, "/f", 1000, "f");
	/* Many more keys than room: never more than max. */
	for (i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "/k%u", i);
		cache_put(&c, key, text_page(key), 1000, 5000);
		assert_true(c.count >= 1 && c.count <= 3);
		assert_cached(&c, key, 1000, key);
	}
	cache_clear(&c);
}

/* A cache of one: each new key takes the place of the last. */
static void test_max_one(void **state)
{
	struct cache c;

	(void)state;
	cache_init(&c, 1);
	cache_put(&c, "/a", text_page("a"), 0, 1000);
	cache_put(&c, "/b", text_page("b"), 0, 1000);
	assert_int_equal(c.count, 1);
	assert_null(cache_get(&c, "/a", 0));
	assert_cached(&c, "/b", 0, "b");
	cache_clear(&c);
}

/* cache_clear frees everything and leaves a usable, empty cache; clearing
 * an empty cache is harmless. */
static void test_clear(void **state)
{
	struct cache c;

	(void)state;
	cache_init(&c, 8);
	cache_clear(&c);
	cache_put(&c, "/a", text_page("a"), 0, 1000);
	cache_put(&c, "/b", text_page("b"), 0, 1000);
	cache_clear(&c);
	assert_int_equal(c.count, 0);
	assert_int_equal(c.max, 8);
	assert_null(cache_get(&c, "/a", 0));
	cache_put(&c, "/a", text_page("a again"), 0, 1000);
	assert_cached(&c, "/a", 0, "a again");
	cache_clear(&c);
	cache_clear(&c);
}

/* Long and unusual keys are kept whole. */
static void test_odd_keys(void **state)
{
	char key[4096];
	struct cache c;

	(void)state;
	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	cache_init(&c, 8);
	cache_put(&c, key, text_page("long"), 0, 1000);
	assert_cached(&c, key, 0, "long");
	key[sizeof(key) - 2] = 'j';
	assert_null(cache_get(&c, key, 0));
	cache_put(&c, "", text_page("empty key"), 0, 1000);
	assert_cached(&c, "", 0, "empty key");
	cache_put(&c, "/决策", text_page("cjk"), 0, 1000);
	assert_cached(&c, "/决策", 0, "cjk");
	assert_int_equal(c.count, 3);
	cache_clear(&c);
}

/* The fast path's look: a page past its time is still seen, marked
 * expired, for stale_ms more and not a millisecond longer; its next put
 * makes it fresh; cache_drop forgets it at once. */
static void test_peek_stale(void **state)
{
	struct cache c;
	const struct page *p;
	bool expired = true;

	(void)state;
	cache_init(&c, 16);
	assert_null(cache_peek(&c, "/", 0, 5000, &expired));
	assert_false(expired);
	cache_put(&c, "/", text_page("old"), 10000, 1000);
	p = cache_peek(&c, "/", 10999, 5000, &expired);
	assert_non_null(p);
	assert_false(expired);
	p = cache_peek(&c, "/", 11000, 5000, &expired);
	assert_non_null(p);
	assert_true(expired);
	assert_memory_equal(p->body, "old", 3);
	p = cache_peek(&c, "/", 15999, 5000, &expired);
	assert_non_null(p);
	assert_true(expired);
	assert_null(cache_peek(&c, "/", 16000, 5000, &expired));
	/* Peeking never drops; the page is replaced by the read that follows. */
	assert_int_equal(c.count, 1);
	cache_put(&c, "/", text_page("new"), 12000, 1000);
	p = cache_peek(&c, "/", 12500, 5000, &expired);
	assert_non_null(p);
	assert_false(expired);
	assert_memory_equal(p->body, "new", 3);
	/* No stale time: expired is gone. */
	assert_null(cache_peek(&c, "/", 13000, 0, &expired));
	cache_drop(&c, "/");
	assert_int_equal(c.count, 0);
	assert_null(cache_peek(&c, "/", 12500, 5000, &expired));
	cache_drop(&c, "/nothing");
	cache_put(&c, "/a", text_page("a"), 0, 10);
	cache_put(&c, "/b", text_page("b"), 0, 10);
	cache_drop(&c, "/a");
	assert_int_equal(c.count, 1);
	assert_cached(&c, "/b", 5, "b");
	cache_clear(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_new),
		cmocka_unit_test(test_etag_values),
		cmocka_unit_test(test_etag_follows_body),
		cmocka_unit_test(test_page_null_body),
		cmocka_unit_test(test_put_get),
		cmocka_unit_test(test_expiry_boundary),
		cmocka_unit_test(test_expired_unasked),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_replace_expired),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_full_drops_expired),
		cmocka_unit_test(test_full_drops_all),
		cmocka_unit_test(test_max_one),
		cmocka_unit_test(test_clear),
		cmocka_unit_test(test_odd_keys),
		cmocka_unit_test(test_peek_stale),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
