/* Unit tests for server/portal/ratelimit.c: the token bucket per address of
 * the portal's comment forms. The burst, the refill at per_minute tokens a
 * minute to the millisecond, the Retry-After seconds, addresses kept apart,
 * the slot given up when the table is full, a clock that goes backwards,
 * and addresses longer than a slot holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../server/portal/ratelimit.h"

/* Take a token; the result, with *retry set to the Retry-After seconds. */
static bool take(struct ratelimit *rl, const char *addr, uint64_t now, unsigned *retry)
{
	unsigned r = 12345;
	bool ok = ratelimit_take(rl, addr, now, &r);

	if (ok)
		assert_int_equal(r, 0);
	else
		assert_true(r >= 1);
	if (retry != NULL)
		*retry = r;
	return ok;
}

static void assert_take(struct ratelimit *rl, const char *addr, uint64_t now)
{
	assert_true(take(rl, addr, now, NULL));
}

/* Refused, with exactly retry seconds to wait. */
static void assert_refused(struct ratelimit *rl, const char *addr, uint64_t now, unsigned retry)
{
	unsigned r;

	assert_false(take(rl, addr, now, &r));
	assert_int_equal(r, retry);
}

static struct ratelimit_slot *find_slot(struct ratelimit *rl, const char *addr)
{
	unsigned i;

	for (i = 0; i < rl->nslots; i++)
		if (strcmp(rl->slots[i].addr, addr) == 0)
			return &rl->slots[i];
	return NULL;
}

static void test_init(void **state)
{
	struct ratelimit rl;

	(void)state;
	assert_int_equal(ratelimit_init(&rl, 0, 1, 1), -1);
	assert_null(rl.slots);
	assert_int_equal(ratelimit_init(&rl, 1, 0, 1), -1);
	assert_null(rl.slots);
	assert_int_equal(ratelimit_init(&rl, 1, 1, 0), -1);
	assert_null(rl.slots);
	assert_int_equal(ratelimit_init(&rl, 16, 3, 6), 0);
	assert_non_null(rl.slots);
	assert_int_equal(rl.nslots, 16);
	assert_int_equal(rl.burst, 3);
	assert_int_equal(rl.per_minute, 6);
	ratelimit_free(&rl);
	assert_null(rl.slots);
	assert_int_equal(rl.nslots, 0);
	/* Freeing twice is harmless. */
	ratelimit_free(&rl);
}

/* A new address may post burst forms at once, and not one more. */
static void test_burst(void **state)
{
	struct ratelimit rl;
	unsigned burst, i;

	(void)state;
	for (burst = 1; burst <= 20; burst++) {
		assert_int_equal(ratelimit_init(&rl, 64, burst, 6), 0);
		for (i = 0; i < burst; i++)
			assert_take(&rl, "192.0.2.1", 1000);
		assert_false(take(&rl, "192.0.2.1", 1000, NULL));
		assert_false(take(&rl, "192.0.2.1", 1000, NULL));
		ratelimit_free(&rl);
	}
}

/* Six a minute: one token every 10,000 ms, to the millisecond, counted
 * from the moment the bucket was drained. */
static void test_refill_six_a_minute(void **state)
{
	struct ratelimit rl;
	uint64_t t0 = 50000, k;

	(void)state;
	assert_int_equal(ratelimit_init(&rl, 64, 6, 6), 0);
	for (k = 0; k < 6; k++)
		assert_take(&rl, "198.51.100.7", t0);
	for (k = 1; k <= 10; k++) {
		assert_false(take(&rl, "198.51.100.7", t0 + k * 10000 - 1, NULL));
		assert_take(&rl, "198.51.100.7", t0 + k * 10000);
		assert_false(take(&rl, "198.51.100.7", t0 + k * 10000, NULL));
	}
	ratelimit_free(&rl);
}

/* One a second, without a call in between: the whole interval counts. */
static void test_refill_sparse(void **state)
{
	struct ratelimit rl;

	(void)state;
	assert_int_equal(ratelimit_init(&rl, 64, 2, 60), 0);
	assert_take(&rl, "a", 1000);
	assert_take(&rl, "a", 1000);
	assert_refused(&rl, "a", 1000, 2);
	/* 999 ms earn 999 thousandths: not yet. */
	assert_refused(&rl, "a", 1999, 1);
	assert_take(&rl, "a", 2000);
	assert_refused(&rl, "a", 2000, 2);
	/* 2.5 s later: two tokens (the burst), the half is lost at the cap. */
	assert_take(&rl, "a", 4500);
	assert_take(&rl, "a", 4500);
	assert_refused(&rl, "a", 4500, 2);
	/* A long silence fills the bucket to the burst, never beyond. */
	assert_take(&rl, "a", 4500 + 3600000);
	assert_take(&rl, "a", 4500 + 3600000);
	assert_false(take(&rl, "a", 4500 + 3600000, NULL));
	ratelimit_free(&rl);
}

/* Seven a minute: a token every 8,571.43 ms. It comes at 8,572 ms, whether
 * the address asked in between or not. */
static void test_refill_uneven_rate(void **state)
{
	struct ratelimit rl;

	(void)state;
	assert_int_equal(ratelimit_init(&rl, 64, 1, 7), 0);
	/* Asked once, at the end. */
	assert_take(&rl, "quiet", 1000);
	assert_refused(&rl, "quiet", 1000, 9);
	assert_take(&rl, "quiet", 1000 + 8572);
	/* Asked just before: 999 thousandths earned, not enough. */
	assert_take(&rl, "eager", 1000);
	assert_refused(&rl, "eager", 1000 + 8571, 1);
	assert_take(&rl, "eager", 1000 + 8572);
	/* quiet's bucket was full at 9,572 ms, and what it earned beyond one
	 * token (0.57 ms worth) was lost to the cap: the next token comes
	 * 8,572 ms after that, not at 1,000 + 2 × 8,571.43 ms. */
	assert_refused(&rl, "quiet", 1000 + 17143, 1);
	assert_take(&rl, "quiet", 1000 + 17144);
	ratelimit_free(&rl);
}

/* Asking often earns nothing more: over ten minutes at seven a minute, an
 * address that asks every few milliseconds gets the burst and seventy
 * tokens, never more (the time a token took is spent whole, so rounding
 * never favours the one who asks). */
static void test_polling_gains_nothing(void **state)
{
	static const unsigned rates[] = {7, 13, 59, 61, 6, 1, 100000};
	static const unsigned steps[] = {1, 5, 9, 11, 97, 1000};
	struct ratelimit rl;
	uint64_t t, t0 = 1000, span = 600000, granted, bound;
	size_t r, s;

	(void)state;
	for (r = 0; r < sizeof(rates) / sizeof(rates[0]); r++) {
		for (s = 0; s < sizeof(steps) / sizeof(steps[0]); s++) {
			assert_int_equal(ratelimit_init(&rl, 8, 1, rates[r]), 0);
			granted = 0;
			for (t = t0; t <= t0 + span; t += steps[s])
				granted += take(&rl, "203.0.113.9", t, NULL);
			bound = 1 + span * rates[r] / 60000;
			if (granted > bound)
				print_error("rate %u, every %u ms: %llu tokens, at most %llu\n",
					    rates[r], steps[s], (unsigned long long)granted,
					    (unsigned long long)bound);
			assert_true(granted <= bound);
			ratelimit_free(&rl);
		}
	}
}

/* Retry-After: the whole seconds after which a token is there, plus one
 * (need_ms / 1000 + 1), so never too early. */
static void test_retry_after(void **state)
{
	struct ratelimit rl;

	(void)state;
	/* Six a minute: 10,000 ms for a token, 11 s said. */
	assert_int_equal(ratelimit_init(&rl, 64, 3, 6), 0);
	assert_take(&rl, "r", 1000);
	assert_take(&rl, "r", 1000);
	assert_take(&rl, "r", 1000);
	assert_refused(&rl, "r", 1000, 11);
	/* 4,000 ms later 400 thousandths are there, 6,000 ms to go. */
	assert_refused(&rl, "r", 5000, 7);
	/* 1 ms short of the token. */
	assert_refused(&rl, "r", 10999, 1);
	assert_take(&rl, "r", 11000);
	assert_refused(&rl, "r", 11000, 11);
	ratelimit_free(&rl);

	/* One a minute: 61 s. */
	assert_int_equal(ratelimit_init(&rl, 64, 1, 1), 0);
	assert_take(&rl, "r", 1000);
	assert_refused(&rl, "r", 1000, 61);
	assert_refused(&rl, "r", 31000, 31);
	assert_refused(&rl, "r", 60999, 1);
	assert_take(&rl, "r", 61000);
	ratelimit_free(&rl);

	/* A hundred thousand a minute: less than a millisecond, 1 s said. */
	assert_int_equal(ratelimit_init(&rl, 64, 1, 100000), 0);
	assert_take(&rl, "r", 1000);
	assert_refused(&rl, "r", 1000, 1);
	assert_take(&rl, "r", 1001);
	ratelimit_free(&rl);
}

/* A small deterministic generator for the randomised tests. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Whatever the rate, burst and the times asked: waiting the Retry-After
 * seconds after a refusal always finds a token, and no address ever gets
 * more than the burst and what the elapsed time earned. */
static void test_random_sequences(void **state)
{
	struct ratelimit rl;
	unsigned round, i, retry, burst, rate;
	uint64_t t, t0, granted;

	(void)state;
	for (round = 0; round < 300; round++) {
		burst = 1 + (unsigned)(rng() % 10);
		rate = 1 + (unsigned)(rng() % (rng() % 2 ? 120 : 100000));
		assert_int_equal(ratelimit_init(&rl, 8, burst, rate), 0);
		t0 = t = 1 + rng() % 1000000;
		granted = 0;
		for (i = 0; i < 400; i++) {
			if (take(&rl, "x", t, &retry)) {
				granted++;
			} else if (rng() % 3 == 0) {
				t += (uint64_t)retry * 1000;
				assert_true(take(&rl, "x", t, NULL));
				granted++;
			}
			assert_true(granted <= burst + (t - t0) * rate / 60000);
			t += rng() % (rng() % 2 ? 50 : 20000);
		}
		ratelimit_free(&rl);
	}
}

/* Each address has its own bucket. */
static void test_addresses_independent(void **state)
{
	struct ratelimit rl;
	char addr[RATELIMIT_ADDR_MAX];
	unsigned i;

	(void)state;
	assert_int_equal(ratelimit_init(&rl, 1 << 16, 2, 6), 0);
	for (i = 0; i < 1000; i++) {
		snprintf(addr, sizeof(addr), "10.0.%u.%u", i / 256, i % 256);
		assert_take(&rl, addr, 1000);
		assert_take(&rl, addr, 1000);
	}
	for (i = 0; i < 1000; i++) {
		snprintf(addr, sizeof(addr), "10.0.%u.%u", i / 256, i % 256);
		assert_refused(&rl, addr, 2000, 10);
	}
	/* Similar-looking addresses are different ones. */
	assert_take(&rl, "10.0.100.1", 2000);
	assert_take(&rl, "10.0.0.1 ", 2000);
	assert_take(&rl, "2001:db8::1", 2000);
	assert_take(&rl, "2001:DB8::1", 2000);
	assert_take(&rl, "2001:db8::1", 2000);
	assert_refused(&rl, "2001:db8::1", 2000, 11);
	ratelimit_free(&rl);
}

/* A full table: the address seen longest ago gives up its slot, and comes
 * back with a full bucket. With no more slots than places probed, every
 * slot is a candidate. */
static void test_full_table_evicts_oldest(void **state)
{
	struct ratelimit rl;
	struct ratelimit_slot *s;

	(void)state;
	assert_int_equal(ratelimit_init(&rl, 4, 2, 6), 0);
	assert_take(&rl, "a", 1000);
	assert_take(&rl, "b", 2000);
	assert_take(&rl, "c", 3000);
	assert_take(&rl, "d", 4000);
	/* a is asked again: now b is the one seen longest ago. */
	assert_take(&rl, "a", 4500);
	assert_non_null(find_slot(&rl, "a"));
	assert_non_null(find_slot(&rl, "b"));
	assert_take(&rl, "e", 5000);
	assert_null(find_slot(&rl, "b"));
	assert_non_null(find_slot(&rl, "a"));
	assert_non_null(find_slot(&rl, "c"));
	assert_non_null(find_slot(&rl, "d"));
	s = find_slot(&rl, "e");
	assert_non_null(s);
	assert_int_equal(s->seen_ms, 5000);
	assert_int_equal(s->tokens_m, 1000);
	/* a kept its state: less than a token (405 thousandths, 5,950 ms to
	 * go). c and d kept theirs: a token and what they earned since. */
	assert_refused(&rl, "a", 5050, 6);
	assert_take(&rl, "c", 5100);
	assert_false(take(&rl, "c", 5100, NULL));
	assert_take(&rl, "d", 5200);
	assert_false(take(&rl, "d", 5200, NULL));
	/* b comes back with a full bucket, in e's slot (seen at 5000, the
	 * longest ago now). */
	assert_take(&rl, "b", 6000);
	assert_take(&rl, "b", 6000);
	assert_false(take(&rl, "b", 6000, NULL));
	assert_null(find_slot(&rl, "e"));
	assert_non_null(find_slot(&rl, "a"));
	assert_non_null(find_slot(&rl, "b"));
	assert_non_null(find_slot(&rl, "c"));
	assert_non_null(find_slot(&rl, "d"));
	ratelimit_free(&rl);
}

/* One slot: each new address takes it from the last. */
static void test_single_slot(void **state)
{
	struct ratelimit rl;

	(void)state;
	assert_int_equal(ratelimit_init(&rl, 1, 1, 1), 0);
	assert_take(&rl, "a", 1000);
	assert_refused(&rl, "a", 1000, 61);
	assert_take(&rl, "b", 1001);
	assert_refused(&rl, "b", 1001, 61);
	assert_string_equal(rl.slots[0].addr, "b");
	/* a lost its slot, and with it its empty bucket. */
	assert_take(&rl, "a", 1002);
	assert_string_equal(rl.slots[0].addr, "a");
	ratelimit_free(&rl);
}

/* A table larger than the places probed: an empty slot is always taken
 * before an occupied one, so nobody is evicted while there is room. */
static void test_no_eviction_with_room(void **state)
{
	struct ratelimit rl;
	char addr[RATELIMIT_ADDR_MAX];
	unsigned i, used = 0;

	(void)state;
	assert_int_equal(ratelimit_init(&rl, 64, 1, 1), 0);
	for (i = 0; i < 8; i++) {
		snprintf(addr, sizeof(addr), "192.0.2.%u", i);
		assert_take(&rl, addr, 1000 + i);
	}
	for (i = 0; i < 8; i++) {
		snprintf(addr, sizeof(addr), "192.0.2.%u", i);
		assert_non_null(find_slot(&rl, addr));
		assert_false(take(&rl, addr, 2000, NULL));
	}
	for (i = 0; i < rl.nslots; i++)
		used += rl.slots[i].addr[0] != '\0';
	assert_int_equal(used, 8);
	ratelimit_free(&rl);
}

/* The clock going backwards (the portal's is monotonic, but the module
 * takes any time): nothing is earned for it and the bucket keeps what it
 * had, but the address's time restarts from the earlier instant, so the
 * time up to the later one is earned again as the clock comes forward. */
static void test_time_backwards(void **state)
{
	struct ratelimit rl;
	struct ratelimit_slot *s;

	(void)state;
	assert_int_equal(ratelimit_init(&rl, 16, 2, 6), 0);
	assert_take(&rl, "b", 100000);
	assert_take(&rl, "b", 100000);
	assert_refused(&rl, "b", 100000, 11);
	/* Back by 50 s: still refused, and the wait is the full 10 s again. */
	assert_refused(&rl, "b", 50000, 11);
	s = find_slot(&rl, "b");
	assert_non_null(s);
	assert_int_equal(s->seen_ms, 50000);
	assert_int_equal(s->tokens_m, 0);
	/* Back to 0 ms: no crash, still nothing. */
	assert_refused(&rl, "b", 1, 11);
	/* Forward from the new time: a token 10 s after it (though 100 s had
	 * already passed once). */
	assert_refused(&rl, "b", 10000, 1);
	assert_take(&rl, "b", 10001);
	/* A bucket with a token left keeps it when time goes back. */
	assert_take(&rl, "c", 100000);
	assert_take(&rl, "c", 99000);
	assert_refused(&rl, "c", 99000, 11);
	ratelimit_free(&rl);
}

/* Addresses longer than a slot holds are kept by their first
 * RATELIMIT_ADDR_MAX - 1 bytes: such an address is limited like any
 * other, and two that differ only after that share a bucket. */
static void test_long_addresses(void **state)
{
	char a[200], b[200];
	struct ratelimit rl;
	struct ratelimit_slot *s = NULL;
	unsigned i, n = 0;

	(void)state;
	memset(a, 'a', sizeof(a) - 1);
	a[sizeof(a) - 1] = '\0';
	memcpy(b, a, sizeof(b));
	b[150] = 'b';
	assert_int_equal(ratelimit_init(&rl, 16, 2, 6), 0);
	assert_take(&rl, a, 1000);
	assert_take(&rl, a, 1000);
	assert_refused(&rl, a, 1000, 11);
	assert_refused(&rl, a, 2000, 10);
	assert_refused(&rl, b, 2000, 10);
	/* One slot holds them, with the first bytes of the address. */
	for (i = 0; i < rl.nslots; i++) {
		if (rl.slots[i].addr[0] == '\0')
			continue;
		s = &rl.slots[i];
		n++;
	}
	assert_int_equal(n, 1);
	assert_non_null(s);
	assert_int_equal(strlen(s->addr), RATELIMIT_ADDR_MAX - 1);
	assert_memory_equal(s->addr, a, RATELIMIT_ADDR_MAX - 1);
	/* Exactly RATELIMIT_ADDR_MAX - 1 bytes fit whole; one more does not
	 * make another address. */
	a[RATELIMIT_ADDR_MAX - 1] = '\0';
	assert_refused(&rl, a, 3000, 9);
	a[RATELIMIT_ADDR_MAX - 1] = 'a';
	a[RATELIMIT_ADDR_MAX] = '\0';
	assert_refused(&rl, a, 3000, 9);
	/* A shorter prefix is another address. */
	a[RATELIMIT_ADDR_MAX - 2] = '\0';
	assert_take(&rl, a, 3000);
	ratelimit_free(&rl);
}

/* ratelimit_peek tells what ratelimit_take would, and takes nothing. */
static void test_peek(void **state)
{
	struct ratelimit rl;
	unsigned r, r2, i;

	(void)state;
	assert_int_equal(ratelimit_init(&rl, 64, 3, 3), 0);
	for (i = 0; i < 10; i++)
		assert_true(ratelimit_peek(&rl, "a", 1000, &r));
	assert_int_equal(r, 0);
	for (i = 0; i < 3; i++) {
		assert_true(ratelimit_peek(&rl, "a", 1000, &r));
		assert_true(ratelimit_take(&rl, "a", 1000, &r));
	}
	assert_false(ratelimit_peek(&rl, "a", 1000, &r));
	assert_false(ratelimit_take(&rl, "a", 1000, &r2));
	assert_int_equal(r, r2);
	assert_int_equal(r, 21); /* 20 s, rounded up as Retry-After is */
	/* 20 s later one token has come back, and peeking keeps it */
	assert_true(ratelimit_peek(&rl, "a", 21000, &r));
	assert_true(ratelimit_peek(&rl, "a", 21000, &r));
	assert_true(ratelimit_take(&rl, "a", 21000, &r));
	assert_false(ratelimit_peek(&rl, "a", 21000, &r));
	assert_true(ratelimit_peek(&rl, "b", 21000, &r));
	ratelimit_free(&rl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_burst),
		cmocka_unit_test(test_refill_six_a_minute),
		cmocka_unit_test(test_refill_sparse),
		cmocka_unit_test(test_refill_uneven_rate),
		cmocka_unit_test(test_polling_gains_nothing),
		cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_random_sequences),
		cmocka_unit_test(test_addresses_independent),
		cmocka_unit_test(test_full_table_evicts_oldest),
		cmocka_unit_test(test_single_slot),
		cmocka_unit_test(test_no_eviction_with_room),
		cmocka_unit_test(test_time_backwards),
		cmocka_unit_test(test_long_addresses),
		cmocka_unit_test(test_peek),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
