/* The crypto workers (server/worker.c): every job runs once on a worker,
 * with that worker's own group, and its completion once on the loop; a
 * worker wakes the loop only when it finds the finished queue empty, so
 * these tests look for a lost wake-up: jobs submitted in bursts, from the
 * loop's own completions, and left behind at free. A lost wake-up hangs
 * the loop, which the tests' timer turns into a failure. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>
#include <event2/event.h>

#include "../../proto/group.h"
#include "../../server/worker.h"

#define JOBS 20000

struct run {
	struct event_base *base;
	struct worker_pool *pool;
	pthread_t loop;
	unsigned char ran[JOBS], done[JOBS];
	unsigned finished, wrong_thread, chains_left;
	bool timed_out;
};

struct job {
	struct run *r;
	unsigned i;
};

static struct job jobs[JOBS];

/* On a worker: a little work, and the group must be this worker's. */
static void job_run(struct group *g, void *arg)
{
	struct job *j = arg;
	volatile unsigned x = 0;
	unsigned k;

	for (k = 0; k < j->i % 500; k++)
		x += k;
	if (g == NULL || g != worker_current_group() || pthread_equal(pthread_self(), j->r->loop))
		__atomic_add_fetch(&j->r->wrong_thread, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&j->r->ran[j->i], 1, __ATOMIC_RELAXED);
}

/* On the loop: counted; the last one ends the loop. */
static void job_done(void *arg)
{
	struct job *j = arg;
	struct run *r = j->r;

	if (!pthread_equal(pthread_self(), r->loop))
		r->wrong_thread++;
	r->done[j->i]++;
	if (++r->finished == JOBS)
		event_base_loopexit(r->base, NULL);
}

static void timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	struct run *r = arg;

	(void)fd;
	(void)what;
	r->timed_out = true;
	event_base_loopexit(r->base, NULL);
}

static struct run *run_new(unsigned workers)
{
	struct run *r = calloc(1, sizeof(*r));
	unsigned i;

	assert_non_null(r);
	r->base = event_base_new();
	assert_non_null(r->base);
	r->pool = worker_pool_new(r->base, workers);
	assert_non_null(r->pool);
	r->loop = pthread_self();
	for (i = 0; i < JOBS; i++)
		jobs[i] = (struct job){r, i};
	return r;
}

/* Run the loop until every job is done, or 20 s have passed. */
static void run_loop(struct run *r)
{
	struct timeval limit = {20, 0};
	struct event *t = evtimer_new(r->base, timeout_cb, r);

	evtimer_add(t, &limit);
	event_base_dispatch(r->base);
	event_free(t);
}

static void run_check_free(struct run *r)
{
	unsigned i, twice = 0, missing = 0;

	assert_false(r->timed_out);
	for (i = 0; i < JOBS; i++) {
		missing += r->ran[i] == 0 || r->done[i] == 0;
		twice += r->ran[i] > 1 || r->done[i] > 1;
	}
	assert_int_equal(missing, 0);
	assert_int_equal(twice, 0);
	assert_int_equal(r->wrong_thread, 0);
	worker_pool_free(r->pool);
	event_base_free(r->base);
	free(r);
}

/* All at once, before the loop runs: the workers finish most while no one
 * reads the finished queue. */
static void test_all_at_once(void **state)
{
	struct run *r = run_new(2);
	unsigned i;

	(void)state;
	for (i = 0; i < JOBS; i++)
		assert_true(worker_submit(r->pool, job_run, job_done, &jobs[i]));
	run_loop(r);
	assert_int_equal(r->finished, JOBS);
	run_check_free(r);
}

/* Chains: each completion submits the next job of its chain, so the
 * finished queue keeps going from empty to one job and back, the loop
 * taking it while the workers add to it. */
static void chain_done(void *arg)
{
	struct job *j = arg;
	struct run *r = j->r;
	unsigned next = j->i + 64;

	job_done(arg);
	if (next < JOBS)
		assert_true(worker_submit(r->pool, job_run, chain_done, &jobs[next]));
}

static void test_chains(void **state)
{
	struct run *r = run_new(3);
	unsigned i;

	(void)state;
	for (i = 0; i < 64; i++)
		assert_true(worker_submit(r->pool, job_run, chain_done, &jobs[i]));
	run_loop(r);
	assert_int_equal(r->finished, JOBS);
	run_check_free(r);
}

/* Bursts from a timer on the loop, while completions come back. */
struct burst {
	struct run *r;
	struct event *ev;
	unsigned next;
};

static void burst_cb(evutil_socket_t fd, short what, void *arg)
{
	struct burst *b = arg;
	struct timeval soon = {0, 200};
	unsigned k;

	(void)fd;
	(void)what;
	for (k = 0; k < 1 + b->next % 97 && b->next < JOBS; k++, b->next++)
		assert_true(worker_submit(b->r->pool, job_run, job_done, &jobs[b->next]));
	if (b->next < JOBS)
		evtimer_add(b->ev, &soon);
}

static void test_bursts(void **state)
{
	struct run *r = run_new(2);
	struct burst b = {r, NULL, 0};
	struct timeval now = {0, 0};

	(void)state;
	b.ev = evtimer_new(r->base, burst_cb, &b);
	evtimer_add(b.ev, &now);
	run_loop(r);
	event_free(b.ev);
	assert_int_equal(r->finished, JOBS);
	run_check_free(r);
}

/* Freed with jobs still queued and finished ones not yet taken: free lets
 * the workers finish and runs every completion owed. */
static void test_free_delivers(void **state)
{
	struct run *r = run_new(2);
	unsigned i, missing = 0;

	(void)state;
	for (i = 0; i < JOBS; i++)
		assert_true(worker_submit(r->pool, job_run, job_done, &jobs[i]));
	worker_pool_free(r->pool);
	for (i = 0; i < JOBS; i++)
		missing += r->ran[i] != 1 || r->done[i] != 1;
	assert_int_equal(missing, 0);
	assert_int_equal(r->finished, JOBS);
	assert_int_equal(r->wrong_thread, 0);
	event_base_free(r->base);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_at_once),
		cmocka_unit_test(test_chains),
		cmocka_unit_test(test_bursts),
		cmocka_unit_test(test_free_delivers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
