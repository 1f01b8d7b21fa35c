#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include "../proto/xalloc.h"
#include "db_conn.h"
#include "db_pool.h"
#include "log.h"
#include "metrics.h"

#define DB_TICK_MS 200

/* Statements with parameters are prepared once per connection and reused
 * (PostgreSQL then parses and plans them once per session, not at every
 * call); this many per connection, the rest run unprepared. */
#define DB_PREPARED_MAX 128

enum db_pool_query_role {
	DB_QUERY_PLAIN, /* an autocommit statement */
	DB_QUERY_BEGIN, /* opens txn; its slot is held until the end */
	DB_QUERY_IN,    /* a statement inside txn */
	DB_QUERY_END,   /* COMMIT or ROLLBACK; the slot is released */
};

struct db_pool_query {
	TAILQ_ENTRY(db_pool_query) entry;
	enum db_pool_query_role role;
	struct db_pool_txn *txn;
	char *sql;
	int nparams;
	char **params;
	struct timeval deadline;
	struct timeval queued; /* when it was queued */
	bool waited;           /* found no idle connection at first */
	struct metrics_pool *stats;
	db_pool_query_cb cb;
	void *arg;
};

TAILQ_HEAD(db_pool_query_list, db_pool_query);

enum db_slot_state {
	DB_SLOT_DOWN,  /* its connection is not up */
	DB_SLOT_SETUP, /* running the session set-up statement */
	DB_SLOT_IDLE,  /* ready for the next query */
	DB_SLOT_BUSY,  /* running query q */
	DB_SLOT_HELD,  /* inside transaction txn, between its statements */
};

/* A transaction holds one slot from BEGIN to COMMIT or ROLLBACK. Its own
 * statements wait on its queue, not on the pool's. */
struct db_pool_txn {
	TAILQ_ENTRY(db_pool_txn) runnable_entry; /* on pool.runnable when on_runnable */
	TAILQ_ENTRY(db_pool_txn) live_entry;     /* on pool.txns until freed */
	struct db_pool *pool;
	struct db_slot *slot; /* NULL before BEGIN ran, and once the connection is lost */
	struct db_pool_query_list queue;
	struct timeval deadline;
	bool broken;
	bool on_runnable;
};

TAILQ_HEAD(db_pool_txn_list, db_pool_txn);

struct db_slot {
	TAILQ_ENTRY(db_slot) idle_entry; /* on pool.idle while DB_SLOT_IDLE */
	struct db_conn conn;
	struct db_pool *pool;
	enum db_slot_state state;
	struct db_pool_query *q;
	struct db_pool_txn *txn; /* the transaction holding this slot, if any */
	PGresult *last;          /* the latest result of the statement in progress */
	bool preparing;          /* q's statement is being prepared, q to run next */
	unsigned nprepared;      /* statements prepared in this session: "ygN" */
	struct db_prepared {
		uint64_t hash;
		char *sql;
	} prepared[DB_PREPARED_MAX];
	char name[16];
};

struct db_pool {
	struct event_base *base;
	char *conninfo;
	unsigned size, ready, timeout_ms;
	int server_version;
	struct db_slot *slots;
	struct db_pool_query_list queue;  /* statements waiting for any idle slot */
	unsigned queued;                  /* on queue */
	TAILQ_HEAD(, db_slot) idle;       /* slots ready for a statement */
	struct db_pool_txn_list runnable; /* transactions whose next statement can go */
	struct db_pool_txn_list txns;     /* every transaction not yet ended */
	struct event *tick;
	struct event *kick; /* runs db_pool_dispatch from the loop */
	db_state_cb state_cb;
	void *state_arg;
	char setup_sql[128];
	struct metrics_pool *stats; /* own_stats unless db_pool_set_metrics */
	struct metrics_pool own_stats;
};

static void db_slot_up(struct db_conn *conn, void *arg);
static void db_slot_down(struct db_conn *conn, void *arg);
static void db_slot_io(struct db_conn *conn, short what, void *arg);
static void db_pool_dispatch(struct db_pool *pool);

static const struct db_conn_ops db_slot_ops = {db_slot_up, db_slot_down, db_slot_io};

/* Free a query and its copies of the statement and parameters. */
static void db_pool_query_free(struct db_pool_query *q)
{
	int i;

	for (i = 0; i < q->nparams; i++)
		free(q->params[i]);
	free(q->params);
	free(q->sql);
	free(q);
}

/* Put txn on the runnable list when its next statement can go: its slot is
 * held between statements, or its connection is lost. */
static void db_pool_txn_wake(struct db_pool_txn *txn)
{
	bool ready = txn->broken || (txn->slot != NULL && txn->slot->state == DB_SLOT_HELD);

	if (!txn->on_runnable && ready && !TAILQ_EMPTY(&txn->queue)) {
		TAILQ_INSERT_TAIL(&txn->pool->runnable, txn, runnable_entry);
		txn->on_runnable = true;
		event_active(txn->pool->kick, 0, 0);
	}
}

/* The one place a slot changes state: it is on the idle list exactly when
 * it is idle. */
static void db_slot_set_state(struct db_slot *slot, enum db_slot_state state)
{
	if (slot->state == DB_SLOT_IDLE && state != DB_SLOT_IDLE)
		TAILQ_REMOVE(&slot->pool->idle, slot, idle_entry);
	else if (slot->state != DB_SLOT_IDLE && state == DB_SLOT_IDLE)
		TAILQ_INSERT_TAIL(&slot->pool->idle, slot, idle_entry);
	slot->state = state;
}

/* Complete q through its callback, then free it. */
static void db_pool_query_finish(struct db_pool_query *q, PGresult *res, enum yg_err err,
				 const char *why)
{
	if (err == YG_ERR_DB_UNAVAILABLE)
		q->stats->unavailable++;
	else if (res != NULL && PQresultStatus(res) == PGRES_FATAL_ERROR)
		q->stats->rejected++;
	if (q->role == DB_QUERY_BEGIN && q->txn->slot == NULL) {
		/* BEGIN never ran: its transaction's statements fail at once. */
		q->txn->broken = true;
		db_pool_txn_wake(q->txn);
	}
	q->cb(res, err, why, q->arg);
	if (q->role == DB_QUERY_END) {
		if (q->txn->on_runnable)
			TAILQ_REMOVE(&q->txn->pool->runnable, q->txn, runnable_entry);
		TAILQ_REMOVE(&q->txn->pool->txns, q->txn, live_entry);
		free(q->txn);
	}
	db_pool_query_free(q);
}

/* Fail every queued query: no connection is left to run them. */
static void db_pool_fail_queue(struct db_pool *pool, const char *why)
{
	struct db_pool_query *q;

	while ((q = TAILQ_FIRST(&pool->queue)) != NULL) {
		TAILQ_REMOVE(&pool->queue, q, entry);
		pool->queued--;
		db_pool_query_finish(q, NULL, YG_ERR_DB_UNAVAILABLE, why);
	}
}

/* Fail the statements queued in every transaction (the pool is going). */
static void db_pool_fail_txns(struct db_pool *pool, const char *why)
{
	struct db_pool_txn *txn;
	struct db_pool_query *q;
	bool again = true;

	while (again) {
		again = false;
		TAILQ_FOREACH(txn, &pool->txns, live_entry) {
			if ((q = TAILQ_FIRST(&txn->queue)) == NULL)
				continue;
			TAILQ_REMOVE(&txn->queue, q, entry);
			txn->broken = true;
			db_pool_query_finish(q, NULL, YG_ERR_DB_UNAVAILABLE, why);
			again = true;
			break;
		}
	}
}

/* Flush what libpq holds for slot; false if the connection broke. */
static bool db_slot_flush(struct db_slot *slot)
{
	int r = PQflush(slot->conn.pg);

	if (r < 0)
		return false;
	db_conn_want_write(&slot->conn, r == 1);
	return true;
}

/* FNV-1a of a statement's text. */
static uint64_t db_sql_hash(const char *sql)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (*sql != '\0')
		h = (h ^ (unsigned char)*sql++) * 0x100000001b3ull;
	return h;
}

/* The index of sql among slot's prepared statements, or -1. */
static int db_slot_prepared(const struct db_slot *slot, const char *sql)
{
	uint64_t h = db_sql_hash(sql);
	unsigned i;

	for (i = 0; i < slot->nprepared; i++)
		if (slot->prepared[i].hash == h && strcmp(slot->prepared[i].sql, sql) == 0)
			return (int)i;
	return -1;
}

/* Forget the statements prepared in slot's session (it ended). */
static void db_slot_forget_prepared(struct db_slot *slot)
{
	unsigned i;

	for (i = 0; i < slot->nprepared; i++)
		free(slot->prepared[i].sql);
	slot->nprepared = 0;
	slot->preparing = false;
}

/* Send q's statement on slot: prepared when it was before, prepared first
 * (db_slot_done sends it then) when it takes parameters and there is room,
 * else as it is. */
static bool db_slot_send(struct db_slot *slot, struct db_pool_query *q)
{
	char name[16];
	int i;

	if (q->nparams == 0)
		return PQsendQueryParams(slot->conn.pg, q->sql, 0, NULL, NULL, NULL, NULL, 0);
	if ((i = db_slot_prepared(slot, q->sql)) >= 0) {
		snprintf(name, sizeof(name), "yg%d", i);
		return PQsendQueryPrepared(slot->conn.pg, name, q->nparams,
					   (const char *const *)q->params, NULL, NULL, 0);
	}
	if (slot->nprepared == DB_PREPARED_MAX)
		return PQsendQueryParams(slot->conn.pg, q->sql, q->nparams, NULL,
					 (const char *const *)q->params, NULL, NULL, 0);
	snprintf(name, sizeof(name), "yg%u", slot->nprepared);
	slot->preparing = true;
	return PQsendPrepare(slot->conn.pg, name, q->sql, q->nparams, NULL);
}

/* Send q on an idle slot. */
static void db_slot_run(struct db_slot *slot, struct db_pool_query *q)
{
	struct timeval now, waited;

	if (q->waited) {
		event_base_gettimeofday_cached(slot->pool->base, &now);
		timersub(&now, &q->queued, &waited);
		if (waited.tv_sec >= 0)
			q->stats->wait_us +=
				(uint64_t)waited.tv_sec * 1000000 + (uint64_t)waited.tv_usec;
	}
	slot->q = q;
	db_slot_set_state(slot, DB_SLOT_BUSY);
	if (q->role == DB_QUERY_BEGIN) {
		slot->txn = q->txn;
		q->txn->slot = slot;
	}
	if (!db_slot_send(slot, q) || !db_slot_flush(slot))
		db_conn_fail(&slot->conn, "could not send a query");
}

/* q's statement is prepared (res): run it. False when it could not be
 * prepared: res is then q's result. */
static bool db_slot_prepared_run(struct db_slot *slot, PGresult *res)
{
	struct db_pool_query *q = slot->q;

	slot->preparing = false;
	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK)
		return false;
	PQclear(res);
	slot->prepared[slot->nprepared].hash = db_sql_hash(q->sql);
	slot->prepared[slot->nprepared].sql = xstrdup(q->sql);
	if (slot->prepared[slot->nprepared].sql != NULL)
		slot->nprepared++;
	if (!db_slot_send(slot, q) || !db_slot_flush(slot))
		db_conn_fail(&slot->conn, "could not send a query");
	return true;
}

/* The statement in progress on slot has produced all its results. */
static void db_slot_done(struct db_slot *slot)
{
	struct db_pool_query *q = slot->q;
	PGresult *res = slot->last;

	slot->last = NULL;
	if (slot->preparing && db_slot_prepared_run(slot, res))
		return;
	slot->q = NULL;
	if (slot->state == DB_SLOT_SETUP) {
		if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
			PQclear(res);
			db_conn_fail(&slot->conn, "session set-up failed");
			return;
		}
		if (slot->pool->ready++ == 0) {
			slot->pool->server_version = PQserverVersion(slot->conn.pg);
			log_info("database available");
			slot->pool->state_cb(true, slot->pool->state_arg);
		}
	}
	if (slot->txn != NULL && q != NULL && q->role != DB_QUERY_END) {
		db_slot_set_state(slot, DB_SLOT_HELD);
	} else {
		db_slot_set_state(slot, DB_SLOT_IDLE);
		slot->txn = NULL;
	}
	if (q != NULL)
		db_pool_query_finish(q, res, YG_OK, NULL);
	PQclear(res);
	if (slot->txn != NULL && slot->state == DB_SLOT_HELD)
		db_pool_txn_wake(slot->txn);
	db_pool_dispatch(slot->pool);
}

/* Read what the server sent and collect results while libpq has them. */
static void db_slot_io(struct db_conn *conn, short what, void *arg)
{
	struct db_slot *slot = arg;
	PGresult *r;

	if ((what & EV_WRITE) && !db_slot_flush(slot))
		goto lost;
	if (!(what & EV_READ))
		return;
	if (!PQconsumeInput(conn->pg) || PQstatus(conn->pg) == CONNECTION_BAD)
		goto lost;
	if (slot->state != DB_SLOT_BUSY && slot->state != DB_SLOT_SETUP)
		return;
	while (!PQisBusy(conn->pg)) {
		r = PQgetResult(conn->pg);
		if (r == NULL) {
			db_slot_done(slot);
			return;
		}
		PQclear(slot->last);
		slot->last = r;
	}
	return;
lost:
	db_conn_fail(conn, "connection lost");
}

/* A connection came up: configure the session before taking queries. */
static void db_slot_up(struct db_conn *conn, void *arg)
{
	struct db_slot *slot = arg;

	db_slot_set_state(slot, DB_SLOT_SETUP);
	if (!PQsendQuery(conn->pg, slot->pool->setup_sql) || !db_slot_flush(slot))
		db_conn_fail(conn, "could not send session set-up");
}

/* A connection went down: its query, if any, fails; so does the queue when
 * no connection is left. */
static void db_slot_down(struct db_conn *conn, void *arg)
{
	struct db_slot *slot = arg;
	struct db_pool *pool = slot->pool;
	struct db_pool_query *q = slot->q;
	bool was_ready = slot->state == DB_SLOT_IDLE || slot->state == DB_SLOT_BUSY ||
			 slot->state == DB_SLOT_HELD;

	(void)conn;
	PQclear(slot->last);
	slot->last = NULL;
	slot->q = NULL;
	db_slot_forget_prepared(slot);
	db_slot_set_state(slot, DB_SLOT_DOWN);
	if (slot->txn != NULL) {
		slot->txn->broken = true;
		slot->txn->slot = NULL;
		db_pool_txn_wake(slot->txn);
		slot->txn = NULL;
	}
	if (was_ready)
		pool->stats->disconnects++;
	if (was_ready && --pool->ready == 0) {
		log_warn("database unavailable");
		pool->state_cb(false, pool->state_arg);
	}
	if (q != NULL)
		db_pool_query_finish(q, NULL, YG_ERR_DB_UNAVAILABLE,
				     "the database connection was lost; the outcome is unknown");
	if (pool->ready == 0)
		db_pool_fail_queue(pool, "the database is unavailable");
}

/* Hand queued statements to slots, each step O(1): first the next
 * statement of every transaction that can go (of one whose connection was
 * lost: it fails), then the pool's queue to idle slots while both last.
 * Sending can fail and fail other statements with it, so each step looks
 * at the lists afresh. */
static void db_pool_dispatch(struct db_pool *pool)
{
	struct db_pool_query *q;
	struct db_slot *slot;
	struct db_pool_txn *txn;

	while ((txn = TAILQ_FIRST(&pool->runnable)) != NULL) {
		TAILQ_REMOVE(&pool->runnable, txn, runnable_entry);
		txn->on_runnable = false;
		q = TAILQ_FIRST(&txn->queue);
		if (q == NULL)
			continue;
		TAILQ_REMOVE(&txn->queue, q, entry);
		if (txn->broken) {
			/* the rest waits for the next turn: finishing END frees txn */
			if (q->role != DB_QUERY_END)
				db_pool_txn_wake(txn);
			db_pool_query_finish(q, NULL, YG_ERR_DB_UNAVAILABLE,
					     "the transaction's database connection was lost");
		} else
			db_slot_run(txn->slot, q);
	}
	while ((slot = TAILQ_FIRST(&pool->idle)) != NULL &&
	       (q = TAILQ_FIRST(&pool->queue)) != NULL) {
		TAILQ_REMOVE(&pool->queue, q, entry);
		pool->queued--;
		db_slot_run(slot, q);
	}
	/* Statements left waiting have waited for the pool. */
	TAILQ_FOREACH_REVERSE(q, &pool->queue, db_pool_query_list, entry)
	{
		if (q->waited)
			break;
		q->waited = true;
		q->stats->waits++;
	}
}

/* Periodic check: queries past their deadline fail, whether still queued or
 * running (a running one takes its connection down with it). */
static void db_pool_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct db_pool *pool = arg;
	struct db_pool_query *q, *next;
	struct timeval now;
	unsigned i;

	(void)fd;
	(void)what;
	event_base_gettimeofday_cached(pool->base, &now);
	for (q = TAILQ_FIRST(&pool->queue); q != NULL; q = next) {
		next = TAILQ_NEXT(q, entry);
		if (timercmp(&now, &q->deadline, <))
			continue;
		TAILQ_REMOVE(&pool->queue, q, entry);
		pool->queued--;
		q->stats->timeouts++;
		db_pool_query_finish(q, NULL, YG_ERR_DB_UNAVAILABLE,
				     "timed out waiting for a database connection");
	}
	for (i = 0; i < pool->size; i++) {
		q = pool->slots[i].q;
		if (q != NULL && !timercmp(&now, &q->deadline, <)) {
			pool->stats->timeouts++;
			db_conn_fail(&pool->slots[i].conn, "query timed out");
		} else if (pool->slots[i].state == DB_SLOT_HELD &&
			   !timercmp(&now, &pool->slots[i].txn->deadline, <))
			db_conn_fail(&pool->slots[i].conn, "transaction held too long");
	}
}

/* Dispatch from the loop, so that db_pool_query never calls back its caller. */
static void db_pool_kick_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	db_pool_dispatch(arg);
}

/* Create a pool of size connections and start connecting them. */
struct db_pool *db_pool_new(struct event_base *base, const char *conninfo, unsigned size,
			    unsigned timeout_ms, db_state_cb state_cb, void *arg)
{
	struct db_pool *pool = xcalloc(1, sizeof(*pool));
	struct timeval tick = {0, DB_TICK_MS * 1000};
	unsigned i;

	pool->base = base;
	pool->conninfo = xstrdup(conninfo);
	pool->size = size;
	pool->timeout_ms = timeout_ms;
	pool->state_cb = state_cb;
	pool->state_arg = arg;
	pool->stats = &pool->own_stats;
	/* The server cancels a statement a little before ygd would give up on it. */
	snprintf(pool->setup_sql, sizeof(pool->setup_sql),
		 "SET statement_timeout = %u; SET application_name = 'ygd'", timeout_ms);
	TAILQ_INIT(&pool->queue);
	TAILQ_INIT(&pool->idle);
	TAILQ_INIT(&pool->runnable);
	TAILQ_INIT(&pool->txns);
	pool->slots = xcalloc(size, sizeof(*pool->slots));
	for (i = 0; i < size; i++) {
		struct db_slot *slot = &pool->slots[i];

		slot->pool = pool;
		snprintf(slot->name, sizeof(slot->name), "pool/%u", i);
		db_conn_init(&slot->conn, base, pool->conninfo, slot->name, &db_slot_ops, slot);
		db_conn_start(&slot->conn);
	}
	pool->tick = event_new(base, -1, EV_PERSIST, db_pool_tick_cb, pool);
	event_add(pool->tick, &tick);
	pool->kick = event_new(base, -1, 0, db_pool_kick_cb, pool);
	return pool;
}

/* Close every connection. Queries still pending complete with
 * YG_ERR_DB_UNAVAILABLE before this returns. */
void db_pool_free(struct db_pool *pool)
{
	unsigned i;

	if (pool == NULL)
		return;
	for (i = 0; i < pool->size; i++) {
		struct db_slot *slot = &pool->slots[i];

		if (slot->q != NULL)
			db_pool_query_finish(slot->q, NULL, YG_ERR_DB_UNAVAILABLE,
					     "server shutting down");
		PQclear(slot->last);
		db_slot_forget_prepared(slot);
		db_conn_close(&slot->conn);
	}
	db_pool_fail_queue(pool, "server shutting down");
	db_pool_fail_txns(pool, "server shutting down");
	event_free(pool->tick);
	event_free(pool->kick);
	free(pool->slots);
	free(pool->conninfo);
	free(pool);
}

/* Whether at least one connection can take queries. */
bool db_pool_available(const struct db_pool *pool)
{
	return pool->ready > 0;
}

/* PostgreSQL's version number as libpq reports it, 0 before a first connect. */
int db_pool_server_version(const struct db_pool *pool)
{
	return pool->server_version;
}

/* Make a query of the given role (copying sql and params) and queue it. */
static void db_pool_enqueue(struct db_pool *pool, enum db_pool_query_role role,
			    struct db_pool_txn *txn, const char *sql, int nparams,
			    const char *const *params, db_pool_query_cb cb, void *arg)
{
	struct db_pool_query *q = xcalloc(1, sizeof(*q));
	struct timeval now, limit = {pool->timeout_ms / 1000, (pool->timeout_ms % 1000) * 1000};
	int i;

	q->role = role;
	q->txn = txn;
	q->sql = xstrdup(sql);
	q->nparams = nparams;
	q->params = xcalloc((size_t)nparams + 1, sizeof(char *));
	for (i = 0; i < nparams; i++)
		q->params[i] = params[i] != NULL ? xstrdup(params[i]) : NULL;
	q->cb = cb;
	q->arg = arg;
	q->stats = pool->stats;
	pool->stats->queries++;
	event_base_gettimeofday_cached(pool->base, &now);
	q->queued = now;
	timeradd(&now, &limit, &q->deadline);
	if (role == DB_QUERY_IN || role == DB_QUERY_END) {
		TAILQ_INSERT_TAIL(&txn->queue, q, entry);
		db_pool_txn_wake(txn);
		return;
	}
	TAILQ_INSERT_TAIL(&pool->queue, q, entry);
	pool->queued++;
	event_active(pool->kick, 0, 0);
}

/* Queue a statement. Fails at once, without calling cb, when no connection
 * is up: the caller answers "database unavailable" instead of waiting. */
enum yg_err db_pool_query(struct db_pool *pool, const char *sql, int nparams,
			  const char *const *params, db_pool_query_cb cb, void *arg)
{
	if (pool->ready == 0) {
		pool->stats->unavailable++;
		return YG_ERR_DB_UNAVAILABLE;
	}
	db_pool_enqueue(pool, DB_QUERY_PLAIN, NULL, sql, nparams, params, cb, arg);
	return YG_OK;
}

/* Open a transaction: cb gets BEGIN's result. Whatever happens next, the
 * owner ends it with db_pool_txn_end, which frees it. NULL when no connection is
 * up (cb is not called). */
struct db_pool_txn *db_pool_txn_begin(struct db_pool *pool, db_pool_query_cb cb, void *arg)
{
	struct db_pool_txn *txn;
	struct timeval now, limit = {pool->timeout_ms / 1000, (pool->timeout_ms % 1000) * 1000};

	if (pool->ready == 0) {
		pool->stats->unavailable++;
		return NULL;
	}
	txn = xcalloc(1, sizeof(*txn));
	txn->pool = pool;
	TAILQ_INIT(&txn->queue);
	TAILQ_INSERT_TAIL(&pool->txns, txn, live_entry);
	event_base_gettimeofday_cached(pool->base, &now);
	timeradd(&now, &limit, &txn->deadline);
	db_pool_enqueue(pool, DB_QUERY_BEGIN, txn, "BEGIN", 0, NULL, cb, arg);
	return txn;
}

/* Run a statement inside txn (after whatever it already queued). If the
 * transaction's connection is lost, cb gets YG_ERR_DB_UNAVAILABLE. */
void db_pool_txn_query(struct db_pool_txn *txn, const char *sql, int nparams,
		       const char *const *params, db_pool_query_cb cb, void *arg)
{
	db_pool_enqueue(txn->pool, DB_QUERY_IN, txn, sql, nparams, params, cb, arg);
}

/* COMMIT (or ROLLBACK) and release the slot; txn is freed after cb. */
void db_pool_txn_end(struct db_pool_txn *txn, bool commit, db_pool_query_cb cb, void *arg)
{
	db_pool_enqueue(txn->pool, DB_QUERY_END, txn, commit ? "COMMIT" : "ROLLBACK", 0, NULL, cb,
			arg);
}

/* Count this pool's statements in stats from now on (a metrics pool that
 * outlives the pool). */
void db_pool_set_metrics(struct db_pool *pool, struct metrics_pool *stats)
{
	stats->present = 1;
	pool->stats = stats;
}

/* Set the pool's gauges in stats: its size, connections up, statements queued. */
void db_pool_gauges(const struct db_pool *pool, struct metrics_pool *stats)
{
	stats->size = pool->size;
	stats->up = pool->ready;
	stats->queued = pool->queued;
}
