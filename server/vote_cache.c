#include <stdlib.h>
#include <string.h>

#include "../proto/group.h"
#include "../proto/vote.h"
#include "../proto/xalloc.h"
#include "vote_cache.h"

#define VOTE_CACHE_BUCKETS 256
#define VOTE_CACHE_TTL_MS  60000 /* re-read a round's context this often */

struct vote_waiter {
	struct vote_waiter *next;
	vote_cache_cb cb;
	void *arg;
};

struct vote_cache {
	struct vote_round_ctx *buckets[VOTE_CACHE_BUCKETS];
	struct vote_store_queue stores;
};

static unsigned vote_cache_bucket(uint64_t meeting, uint64_t item)
{
	return (unsigned)((meeting * 0x9e3779b97f4a7c15ull ^ item) % VOTE_CACHE_BUCKETS);
}

struct vote_cache *vote_cache_new(void)
{
	struct vote_cache *vc = xcalloc(1, sizeof(struct vote_cache));

	if (vc != NULL)
		vc->stores.tail = &vc->stores.head;
	return vc;
}

/* The verified ballots waiting to be stored, every round's. */
struct vote_store_queue *vote_cache_stores(struct vote_cache *vc)
{
	return &vc->stores;
}

static void vote_round_ctx_free(struct vote_round_ctx *rc)
{
	ballot_context_clear(&rc->tmpl);
	free(rc->voters);
	free(rc);
}

void vote_round_ctx_hold(struct vote_round_ctx *rc)
{
	rc->refs++;
}

void vote_round_ctx_release(struct vote_round_ctx *rc)
{
	if (--rc->refs == 0)
		vote_round_ctx_free(rc);
}

/* Take rc out of the table; it lives on while held. */
static void vote_cache_unlink(struct vote_cache *vc, struct vote_round_ctx *rc)
{
	struct vote_round_ctx **p = &vc->buckets[vote_cache_bucket(rc->meeting, rc->item)];

	while (*p != NULL && *p != rc)
		p = &(*p)->next;
	if (*p == NULL)
		return;
	*p = rc->next;
	rc->dropped = true;
	vote_round_ctx_release(rc);
}

/* The entry of a round, held for the caller: a new one (*fresh, still
 * loading: the caller asks the database and calls vote_cache_loaded) when
 * there was none or it expired. */
struct vote_round_ctx *vote_cache_get(struct vote_cache *vc, uint64_t meeting, uint64_t item,
				      uint64_t round, uint64_t now_ms, bool *fresh)
{
	unsigned b = vote_cache_bucket(meeting, item);
	struct vote_round_ctx *rc;

	*fresh = false;
	for (rc = vc->buckets[b]; rc != NULL; rc = rc->next)
		if (rc->meeting == meeting && rc->item == item && rc->round == round)
			break;
	if (rc != NULL && !rc->loading && now_ms - rc->loaded_ms > VOTE_CACHE_TTL_MS) {
		vote_cache_unlink(vc, rc);
		rc = NULL;
	}
	if (rc == NULL) {
		rc = xcalloc(1, sizeof(*rc));
		rc->meeting = meeting;
		rc->item = item;
		rc->round = round;
		rc->loaded_ms = now_ms;
		rc->loading = true;
		rc->refs = 1; /* the cache's */
		rc->next = vc->buckets[b];
		vc->buckets[b] = rc;
		*fresh = true;
	}
	rc->refs++;
	return rc;
}

/* Call cb once rc has loaded (the caller's reference passes to cb). */
void vote_cache_wait(struct vote_round_ctx *rc, vote_cache_cb cb, void *arg)
{
	struct vote_waiter *w = xmalloc(sizeof(*w));

	if (w == NULL) {
		vote_round_ctx_release(rc);
		cb(NULL, arg);
		return;
	}
	w->cb = cb;
	w->arg = arg;
	w->next = rc->waiters;
	rc->waiters = w;
}

static int vote_voter_cmp(const void *a, const void *b)
{
	const struct vote_voter *x = a, *y = b;

	return x->member < y->member ? -1 : x->member > y->member;
}

/* Fill rc from api.vote_round_context's reply; false if it is not an open
 * round's or cannot be read. */
static bool vote_cache_fill(struct group *g, struct vote_round_ctx *rc, const cJSON *j)
{
	const cJSON *eligible = cJSON_GetObjectItemCaseSensitive(j, "eligible"), *e;
	const char *why;
	size_t n = 0;

	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "open")) ||
	    !cJSON_IsArray(eligible) || !ballot_context_init(g, &rc->tmpl))
		return false;
	if (!vote_context(g, (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "committee")),
			  rc->meeting, rc->item, rc->round,
			  cJSON_GetObjectItemCaseSensitive(j, "question"),
			  cJSON_GetStringValue(cJSON_GetObjectItem(j, "election_key")), 0, NULL,
			  &rc->tmpl, &why))
		return false;
	rc->voters = xcalloc((size_t)cJSON_GetArraySize(eligible) + 1, sizeof(*rc->voters));
	cJSON_ArrayForEach(e, eligible) {
		const char *key = cJSON_GetStringValue(cJSON_GetObjectItem(e, "key"));
		double m = cJSON_GetNumberValue(cJSON_GetObjectItem(e, "member"));

		if (key == NULL || strlen(key) >= sizeof(rc->voters[n].key) || !(m >= 1))
			return false;
		rc->voters[n].member = (uint64_t)m;
		strcpy(rc->voters[n].key, key);
		n++;
	}
	rc->nvoters = n;
	qsort(rc->voters, n, sizeof(*rc->voters), vote_voter_cmp);
	return true;
}

/* The database answered for rc (context NULL: it could not): fill it or
 * drop it, and call its waiters. */
void vote_cache_loaded(struct vote_cache *vc, struct group *g, struct vote_round_ctx *rc,
		       const cJSON *context)
{
	struct vote_waiter *w, *next;
	bool ok = context != NULL && vote_cache_fill(g, rc, context);

	rc->loading = false;
	if (!ok)
		vote_cache_unlink(vc, rc);
	for (w = rc->waiters, rc->waiters = NULL; w != NULL; w = next) {
		next = w->next;
		if (!ok)
			vote_round_ctx_release(rc);
		w->cb(ok ? rc : NULL, w->arg);
		free(w);
	}
}

/* Forget every round of an item (it opened or closed one). */
void vote_cache_drop_item(struct vote_cache *vc, uint64_t meeting, uint64_t item)
{
	struct vote_round_ctx *rc, *next;

	for (rc = vc->buckets[vote_cache_bucket(meeting, item)]; rc != NULL; rc = next) {
		next = rc->next;
		if (rc->meeting == meeting && rc->item == item && !rc->loading)
			vote_cache_unlink(vc, rc);
	}
}

void vote_cache_free(struct vote_cache *vc)
{
	unsigned i;

	if (vc == NULL)
		return;
	for (i = 0; i < VOTE_CACHE_BUCKETS; i++)
		while (vc->buckets[i] != NULL)
			vote_cache_unlink(vc, vc->buckets[i]);
	free(vc);
}

/* The key member held when the round opened, or NULL if not eligible. */
const char *vote_round_voter_key(const struct vote_round_ctx *rc, uint64_t member)
{
	struct vote_voter k = {.member = member}, *v;

	v = bsearch(&k, rc->voters, rc->nvoters, sizeof(*rc->voters), vote_voter_cmp);
	return v != NULL ? v->key : NULL;
}

/* A ballot context of g for voter in rc's round (safe on any thread while
 * rc is held). */
bool vote_round_ballot_context(struct group *g, const struct vote_round_ctx *rc, uint64_t voter,
			       const char *voter_key, struct ballot_context *ctx)
{
	EC_POINT *key;

	if (!ballot_context_init(g, ctx))
		return false;
	key = ctx->key;
	*ctx = rc->tmpl;
	ctx->key = key;
	ctx->voter = voter;
	if (!EC_POINT_copy(ctx->key, rc->tmpl.key) ||
	    !sig_pub_from_text(voter_key, ctx->voter_pub)) {
		ballot_context_clear(ctx);
		return false;
	}
	return true;
}
