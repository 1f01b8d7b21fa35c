/* The per-stream index of subscribers: found by name, one list per stream,
 * a stream freed with its last subscription unless pinned, and the buckets
 * growing with many streams. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "../../server/stream_index.h"

static void test_add_find_remove(void **state)
{
	struct stream_index ix;
	struct stream_sub *a, *b, *c;
	struct stream *st;
	int x, y;

	(void)state;
	assert_int_equal(stream_index_init(&ix, 4, NULL), 0);
	assert_null(stream_index_find(&ix, "meeting:1"));
	a = stream_index_add(&ix, "meeting:1", &x);
	b = stream_index_add(&ix, "meeting:1", &y);
	c = stream_index_add(&ix, "public", &x);
	st = stream_index_find(&ix, "meeting:1");
	assert_ptr_equal(a->stream, st);
	assert_ptr_equal(b->stream, st);
	assert_int_equal(st->nsubs, 2);
	assert_ptr_equal(TAILQ_FIRST(&st->subs)->owner, &x);
	assert_int_equal(ix.count, 2);
	stream_index_remove(a);
	assert_int_equal(st->nsubs, 1);
	stream_index_pin(st);
	stream_index_remove(b);
	assert_ptr_equal(stream_index_find(&ix, "meeting:1"), st); /* pinned */
	stream_index_unpin(st);
	assert_null(stream_index_find(&ix, "meeting:1"));
	assert_ptr_equal(stream_index_find(&ix, "public"), c->stream);
	assert_int_equal(ix.count, 1);
	stream_index_free(&ix); /* frees the subscription still held */
}

static void test_many_streams(void **state)
{
	static struct stream_sub *subs[5000];
	struct stream_index ix;
	char name[32];
	int i;

	(void)state;
	assert_int_equal(stream_index_init(&ix, 8, NULL), 0);
	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "meeting:%d", i);
		subs[i] = stream_index_add(&ix, name, NULL);
		assert_non_null(subs[i]);
	}
	assert_true(ix.nbuckets >= 2048);
	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "meeting:%d", i);
		assert_ptr_equal(stream_index_find(&ix, name), subs[i]->stream);
	}
	for (i = 0; i < 5000; i += 2)
		stream_index_remove(subs[i]);
	assert_int_equal(ix.count, 2500);
	assert_null(stream_index_find(&ix, "meeting:0"));
	assert_non_null(stream_index_find(&ix, "meeting:1"));
	stream_index_free(&ix);
	assert_int_equal(stream_index_init(&ix, 3, NULL), -1); /* a power of two */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_find_remove),
		cmocka_unit_test(test_many_streams),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
