#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../proto/xalloc.h"
#include "ratelimit.h"

int ratelimit_init(struct ratelimit *rl, unsigned nslots, unsigned burst, unsigned per_minute)
{
	memset(rl, 0, sizeof(*rl));
	if (nslots == 0 || burst == 0 || per_minute == 0)
		return -1;
	rl->slots = xcalloc(nslots, sizeof(*rl->slots));
	rl->nslots = nslots;
	rl->burst = burst;
	rl->per_minute = per_minute;
	return 0;
}

void ratelimit_free(struct ratelimit *rl)
{
	free(rl->slots);
	memset(rl, 0, sizeof(*rl));
}

static uint32_t ratelimit_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

#define PROBES 8

/* The slot of addr among PROBES places after its hash: its own, else an
 * empty one, else the one seen longest ago (reset). An address is known by
 * as much of it as a slot holds, so that a longer one is found again. */
static struct ratelimit_slot *ratelimit_slot(struct ratelimit *rl, const char *full)
{
	char addr[RATELIMIT_ADDR_MAX];
	uint32_t h;
	struct ratelimit_slot *s, *victim = NULL;
	unsigned i;

	snprintf(addr, sizeof(addr), "%s", full);
	h = ratelimit_hash(addr);

	for (i = 0; i < PROBES && i < rl->nslots; i++) {
		s = &rl->slots[(h + i) % rl->nslots];
		if (s->addr[0] != '\0' && strcmp(s->addr, addr) == 0)
			return s;
		if (victim == NULL || (victim->addr[0] != '\0' &&
				       (s->addr[0] == '\0' || s->seen_ms < victim->seen_ms)))
			victim = s;
	}
	snprintf(victim->addr, sizeof(victim->addr), "%s", addr);
	victim->seen_ms = 0;
	victim->tokens_m = (uint64_t)rl->burst * 1000;
	return victim;
}

/* Add to s the tokens earned since it was last seen, up to the burst. */
static void ratelimit_refill(const struct ratelimit *rl, struct ratelimit_slot *s, uint64_t now_ms)
{
	uint64_t full = (uint64_t)rl->burst * 1000, earned;

	if (s->seen_ms == 0 || now_ms < s->seen_ms) {
		s->seen_ms = now_ms;
		return;
	}
	/* Whole thousandths earned since seen_ms; the time they took (rounded
	 * up to whole milliseconds) is spent, the rest carries over. */
	earned = (now_ms - s->seen_ms) * rl->per_minute / 60;
	if (s->tokens_m + earned >= full) {
		s->tokens_m = full;
		s->seen_ms = now_ms;
	} else {
		s->tokens_m += earned;
		s->seen_ms += (earned * 60 + rl->per_minute - 1) / rl->per_minute;
	}
}

/* Whether s holds a token; if not, the seconds until it will. */
static bool ratelimit_has(const struct ratelimit *rl, const struct ratelimit_slot *s,
			  unsigned *retry_after_s)
{
	uint64_t need_ms;

	if (s->tokens_m >= 1000) {
		*retry_after_s = 0;
		return true;
	}
	need_ms = (1000 - s->tokens_m) * 60 / rl->per_minute;
	*retry_after_s = (unsigned)(need_ms / 1000 + 1);
	return false;
}

/* Take a token for addr at now_ms; false if it has none, with the seconds
 * until it will have one. */
bool ratelimit_take(struct ratelimit *rl, const char *addr, uint64_t now_ms,
		    unsigned *retry_after_s)
{
	struct ratelimit_slot *s = ratelimit_slot(rl, addr);

	ratelimit_refill(rl, s, now_ms);
	if (!ratelimit_has(rl, s, retry_after_s))
		return false;
	s->tokens_m -= 1000;
	return true;
}

/* Whether addr has a token at now_ms, without taking it. */
bool ratelimit_peek(struct ratelimit *rl, const char *addr, uint64_t now_ms,
		    unsigned *retry_after_s)
{
	struct ratelimit_slot *s = ratelimit_slot(rl, addr);

	ratelimit_refill(rl, s, now_ms);
	return ratelimit_has(rl, s, retry_after_s);
}
