/* The context of each open voting round, as fixed when it opened (VOTE.md
 * §4): the ballot context every ballot is verified against and the
 * eligible voters with their keys. ygd keeps it per round so that a ballot
 * is verified before the database is asked anything under lock; the
 * database still checks the round's state and the voter when it stores
 * the ballot (api.vote_cast), so an entry that outlived its round's
 * opening only costs a wasted verification. Loop thread only; workers
 * read an entry they hold a reference to, which does not change. */
#ifndef YG_SERVER_VOTE_CACHE_H
#define YG_SERVER_VOTE_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "../proto/ballot.h"

struct cast_job;
struct group;
struct vote_cache;

/* Verified ballots wait here to be stored (server/ops/op_vote.c), all
 * rounds together: one statement stores up to VOTE_STORE_BATCH of them in
 * one transaction (group commit; api.vote_cast_many takes at most 64), and
 * at most VOTE_STORE_BATCHES such statements run at a time; the ballots
 * verified meanwhile make the next one. One at a time, so that the lists
 * grow with the load: with two, the second mostly waited on the first's
 * meeting locks, its ballots held (bench/vote.sh, 40 meetings of 25: lists
 * of 12 on average, and 0.38 s spent waiting for meetings' locks in a
 * casting of 2 s); two kept to different meetings made lists of 2.6 and
 * cost PostgreSQL 0.65 ms of CPU a ballot against 0.49 for one at a time
 * (lists of 55). */
#define VOTE_STORE_BATCH   64
#define VOTE_STORE_BATCHES 1
/* A list goes once it is full, or once no ballot is left on the workers:
 * while a burst's ballots are being verified, the ones verified meanwhile
 * wait for more rather than go two or three at a time. A list costs the
 * database about 1 ms whatever its length, then about 0.2 ms a ballot
 * (bench/vote.sh, 40 meetings of 25: lists of 2 or 3 when every verified
 * ballot left at once). A ballot alone, or the last of a burst, goes at
 * once. */

struct vote_store_queue {
	struct cast_job *head, **tail;
	unsigned len;       /* ballots waiting */
	unsigned running;   /* statements */
	unsigned verifying; /* ballots on the crypto workers */
};

struct vote_voter {
	uint64_t member;
	char key[64]; /* "ed25519:..." as stored */
};

struct vote_round_ctx {
	struct vote_round_ctx *next; /* in its bucket */
	uint64_t meeting, item, round;
	uint64_t loaded_ms; /* when it was read; entries expire */
	bool loading;       /* the database has been asked; waiters wait */
	bool dropped;       /* out of the cache; freed when the last holder lets go */
	unsigned refs;      /* the cache's own, and one per holder */
	struct vote_waiter *waiters;
	struct ballot_context tmpl; /* voter fields unset */
	size_t nvoters;
	struct vote_voter *voters; /* sorted by member */
};

/* Called with the entry (held for the call) once loaded, or NULL when
 * the round is not open or cannot be read. */
typedef void (*vote_cache_cb)(struct vote_round_ctx *rc, void *arg);

struct vote_cache *vote_cache_new(void);
void vote_cache_free(struct vote_cache *vc);
struct vote_store_queue *vote_cache_stores(struct vote_cache *vc);
struct vote_round_ctx *vote_cache_get(struct vote_cache *vc, uint64_t meeting, uint64_t item,
				      uint64_t round, uint64_t now_ms, bool *fresh);
void vote_cache_wait(struct vote_round_ctx *rc, vote_cache_cb cb, void *arg);
void vote_cache_loaded(struct vote_cache *vc, struct group *g, struct vote_round_ctx *rc,
		       const cJSON *context);
void vote_cache_drop_item(struct vote_cache *vc, uint64_t meeting, uint64_t item);
void vote_round_ctx_hold(struct vote_round_ctx *rc);
void vote_round_ctx_release(struct vote_round_ctx *rc);
const char *vote_round_voter_key(const struct vote_round_ctx *rc, uint64_t member);
bool vote_round_ballot_context(struct group *g, const struct vote_round_ctx *rc, uint64_t voter,
			       const char *voter_key, struct ballot_context *ctx);

#endif
