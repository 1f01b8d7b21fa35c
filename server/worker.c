#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "../proto/group.h"
#include "../proto/xalloc.h"
#include "log.h"
#include "worker.h"

#define WORKER_MAX 64

struct worker_job {
	struct worker_job *next;
	worker_run_fn run;
	worker_done_fn done;
	void *arg;
};

/* A FIFO of jobs. */
struct worker_queue {
	struct worker_job *head, **tail;
};

struct worker {
	struct worker_pool *pool;
	pthread_t thread;
	struct group *g; /* this thread's own contexts */
	bool started;
};

struct worker_pool {
	struct event_base *base;
	pthread_mutex_t lock; /* guards todo and stopping */
	pthread_cond_t more;
	struct worker_queue todo;
	bool stopping;
	pthread_mutex_t done_lock; /* guards done */
	struct worker_queue done;
	int wake_fd; /* an eventfd: the loop reads it when jobs are done */
	struct event *wake_ev;
	unsigned n;
	struct worker workers[WORKER_MAX];
};

static void worker_queue_init(struct worker_queue *q)
{
	q->head = NULL;
	q->tail = &q->head;
}

static void worker_queue_push(struct worker_queue *q, struct worker_job *j)
{
	j->next = NULL;
	*q->tail = j;
	q->tail = &j->next;
}

static struct worker_job *worker_queue_pop(struct worker_queue *q)
{
	struct worker_job *j = q->head;

	if (j != NULL) {
		q->head = j->next;
		if (q->head == NULL)
			q->tail = &q->head;
	}
	return j;
}

/* The group of the worker thread running this, NULL on the loop. */
static __thread struct group *worker_self_group;

struct group *worker_current_group(void)
{
	return worker_self_group;
}

/* One CPU's worth of workers each, as the system counts them online. */
unsigned worker_default_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > WORKER_MAX ? WORKER_MAX : (unsigned)n;
}

/* A worker: take jobs until the pool stops and none is left. */
static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct worker_pool *pool = w->pool;
	struct worker_job *j;
	uint64_t one = 1;
	bool first;

	worker_self_group = w->g;
	for (;;) {
		pthread_mutex_lock(&pool->lock);
		while ((j = worker_queue_pop(&pool->todo)) == NULL && !pool->stopping)
			pthread_cond_wait(&pool->more, &pool->lock);
		pthread_mutex_unlock(&pool->lock);
		if (j == NULL)
			return NULL;
		j->run(w->g, j->arg);
		pthread_mutex_lock(&pool->done_lock);
		first = pool->done.head == NULL;
		worker_queue_push(&pool->done, j);
		pthread_mutex_unlock(&pool->done_lock);
		/* The loop takes the whole queue when woken: only a job that
		 * finds it empty wakes it, one write for a burst of jobs. */
		while (first && write(pool->wake_fd, &one, sizeof(one)) < 0 && errno == EINTR)
			;
	}
}

/* Run the completions of every finished job, on the loop. */
static void worker_deliver(struct worker_pool *pool)
{
	struct worker_queue ready;
	struct worker_job *j;

	pthread_mutex_lock(&pool->done_lock);
	ready = pool->done;
	if (ready.head == NULL)
		ready.tail = &ready.head;
	worker_queue_init(&pool->done);
	pthread_mutex_unlock(&pool->done_lock);
	while ((j = worker_queue_pop(&ready)) != NULL) {
		j->done(j->arg);
		free(j);
	}
}

static void worker_wake_cb(evutil_socket_t fd, short what, void *arg)
{
	uint64_t n;

	(void)what;
	while (read(fd, &n, sizeof(n)) < 0 && errno == EINTR)
		;
	worker_deliver(arg);
}

/* Start n workers (at least one) whose results come back on base. */
struct worker_pool *worker_pool_new(struct event_base *base, unsigned n)
{
	struct worker_pool *pool = xcalloc(1, sizeof(*pool));
	unsigned i;

	if (pool == NULL)
		return NULL;
	pool->base = base;
	pool->n = n < 1 ? 1 : n > WORKER_MAX ? WORKER_MAX : n;
	pthread_mutex_init(&pool->lock, NULL);
	pthread_mutex_init(&pool->done_lock, NULL);
	pthread_cond_init(&pool->more, NULL);
	worker_queue_init(&pool->todo);
	worker_queue_init(&pool->done);
	pool->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (pool->wake_fd < 0)
		goto fail;
	pool->wake_ev = event_new(base, pool->wake_fd, EV_READ | EV_PERSIST, worker_wake_cb, pool);
	if (pool->wake_ev == NULL || event_add(pool->wake_ev, NULL) != 0)
		goto fail;
	for (i = 0; i < pool->n; i++) {
		struct worker *w = &pool->workers[i];

		w->pool = pool;
		w->g = group_new(group_rand_system, NULL);
		if (w->g == NULL || pthread_create(&w->thread, NULL, worker_main, w) != 0)
			goto fail;
		w->started = true;
	}
	return pool;
fail:
	log_error("cannot start %u crypto workers", pool->n);
	worker_pool_free(pool);
	return NULL;
}

unsigned worker_pool_size(const struct worker_pool *pool)
{
	return pool->n;
}

/* Queue run(g, arg) for a worker, then done(arg) on the loop. False (and
 * neither is called) when out of memory. */
bool worker_submit(struct worker_pool *pool, worker_run_fn run, worker_done_fn done, void *arg)
{
	struct worker_job *j = xmalloc(sizeof(*j));

	if (j == NULL)
		return false;
	j->run = run;
	j->done = done;
	j->arg = arg;
	pthread_mutex_lock(&pool->lock);
	worker_queue_push(&pool->todo, j);
	pthread_cond_signal(&pool->more);
	pthread_mutex_unlock(&pool->lock);
	return true;
}

/* Let the workers finish every queued job, join them, and run the
 * completions still owed (they may queue database calls: free this pool
 * before the database pool). */
void worker_pool_free(struct worker_pool *pool)
{
	unsigned i;

	if (pool == NULL)
		return;
	pthread_mutex_lock(&pool->lock);
	pool->stopping = true;
	pthread_cond_broadcast(&pool->more);
	pthread_mutex_unlock(&pool->lock);
	for (i = 0; i < pool->n; i++) {
		if (pool->workers[i].started)
			pthread_join(pool->workers[i].thread, NULL);
		if (pool->workers[i].g != NULL)
			group_free(pool->workers[i].g);
	}
	worker_deliver(pool);
	if (pool->wake_ev != NULL)
		event_free(pool->wake_ev);
	if (pool->wake_fd >= 0)
		close(pool->wake_fd);
	pthread_cond_destroy(&pool->more);
	pthread_mutex_destroy(&pool->done_lock);
	pthread_mutex_destroy(&pool->lock);
	free(pool);
}
