/* A small pool of threads for the cryptography of requests (verifying
 * ballots and decryption shares, signing tallies), so that the event loop
 * never runs a proof. A job runs on some worker with that worker's own
 * group (its BN_CTX and EC scratch); its completion then runs on the loop,
 * in the order jobs finish. The threads share nothing but the two job
 * queues, each a few pointers under a mutex. */
#ifndef YG_SERVER_WORKER_H
#define YG_SERVER_WORKER_H

#include <stdbool.h>

#include <event2/event.h>

struct group;
struct worker_pool;

/* Runs on a worker thread: only arg and g, nothing of the loop's. */
typedef void (*worker_run_fn)(struct group *g, void *arg);
/* Runs on the loop once run has returned. */
typedef void (*worker_done_fn)(void *arg);

unsigned worker_default_count(void);
struct group *worker_current_group(void);
struct worker_pool *worker_pool_new(struct event_base *base, unsigned n);
bool worker_submit(struct worker_pool *pool, worker_run_fn run, worker_done_fn done, void *arg);
unsigned worker_pool_size(const struct worker_pool *pool);
void worker_pool_free(struct worker_pool *pool);

#endif
