/* A token bucket per network address, for the portal's comment forms:
 * each address may post `burst` forms at once and earns one more every
 * 60000 / per_minute milliseconds. The table has a fixed number of slots;
 * when it is full the address seen longest ago gives up its slot (which
 * gives that address a full bucket again: the database's hourly limit
 * per address, --comment-rate, still holds). Pure: the caller passes the
 * time. */
#ifndef YG_PORTAL_RATELIMIT_H
#define YG_PORTAL_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

#define RATELIMIT_ADDR_MAX 64

struct ratelimit_slot {
	char addr[RATELIMIT_ADDR_MAX];
	uint64_t seen_ms;  /* last update */
	uint64_t tokens_m; /* tokens in thousandths */
};

struct ratelimit {
	struct ratelimit_slot *slots;
	unsigned nslots;
	unsigned burst;
	unsigned per_minute;
};

int ratelimit_init(struct ratelimit *rl, unsigned nslots, unsigned burst, unsigned per_minute);
void ratelimit_free(struct ratelimit *rl);
bool ratelimit_take(struct ratelimit *rl, const char *addr, uint64_t now_ms,
		    unsigned *retry_after_s);
bool ratelimit_peek(struct ratelimit *rl, const char *addr, uint64_t now_ms,
		    unsigned *retry_after_s);

#endif
