/* Unit tests for server/peers.c: connections counted per address, the cap
 * held exactly, addresses forgotten at zero, collisions in one bucket. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../server/peers.h"

static void test_cap(void **state)
{
	struct peers p;
	unsigned i;

	(void)state;
	assert_int_equal(peers_init(&p, 16), 0);
	for (i = 0; i < 5; i++)
		assert_true(peers_take(&p, "10.0.0.1", 5));
	assert_false(peers_take(&p, "10.0.0.1", 5));
	assert_int_equal(peers_count(&p, "10.0.0.1"), 5);
	assert_true(peers_take(&p, "10.0.0.2", 5));
	peers_put(&p, "10.0.0.1");
	assert_true(peers_take(&p, "10.0.0.1", 5));
	assert_false(peers_take(&p, "10.0.0.1", 5));
	/* a lower cap applies to what is already held */
	assert_false(peers_take(&p, "10.0.0.1", 3));
	assert_false(peers_take(&p, "10.0.0.3", 0));
	assert_int_equal(peers_count(&p, "10.0.0.3"), 0);
	peers_free(&p);
}

/* Many addresses in one bucket: each counted apart, each forgotten when
 * its last connection goes, and a put of an unknown address ignored. */
static void test_one_bucket(void **state)
{
	struct peers p;
	char addr[64];
	unsigned i, j;

	(void)state;
	assert_int_equal(peers_init(&p, 1), 0);
	for (i = 0; i < 200; i++) {
		snprintf(addr, sizeof(addr), "2001:db8::%u", i);
		for (j = 0; j <= i % 3; j++)
			assert_true(peers_take(&p, addr, 3));
	}
	assert_int_equal(p.naddrs, 200);
	peers_put(&p, "192.0.2.1");
	assert_int_equal(p.naddrs, 200);
	for (i = 0; i < 200; i++) {
		snprintf(addr, sizeof(addr), "2001:db8::%u", i);
		assert_int_equal(peers_count(&p, addr), i % 3 + 1);
		for (j = 0; j <= i % 3; j++)
			peers_put(&p, addr);
		assert_int_equal(peers_count(&p, addr), 0);
	}
	assert_int_equal(p.naddrs, 0);
	peers_free(&p);
}

static void test_init(void **state)
{
	struct peers p;

	(void)state;
	assert_int_equal(peers_init(&p, 0), -1);
	peers_free(&p);
	assert_int_equal(peers_init(&p, 4), 0);
	assert_true(peers_take(&p, "", 1));
	assert_false(peers_take(&p, "", 1));
	peers_free(&p); /* frees what is still held */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_one_bucket),
		cmocka_unit_test(test_init),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
