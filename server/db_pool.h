/* A small pool of database connections running queries from a FIFO queue.
 * Queries are single statements with text parameters; each completes through
 * its callback exactly once, with a result or with YG_ERR_DB_UNAVAILABLE. */
/* The three database layers, bottom up: this pool (db_pool_query, db_pool_txn_*:
 * SQL statements on pooled connections), rule_txn.h (rule_txn_*: one operation's
 * transaction of api calls with a rule judged in C between them) and
 * api_call.h (api_call: one api call whose result answers the request). One
 * ownership rule: a result handed to a callback is lent for the call,
 * except api_call's, whose callback answers the request with it. */
#ifndef YG_SERVER_DB_POOL_H
#define YG_SERVER_DB_POOL_H

#include <stdbool.h>

#include <event2/event.h>
#include <libpq-fe.h>

#include "../proto/error.h"

struct db_pool;
struct metrics_pool;

/* res is valid only during the call; on err != YG_OK, res is NULL and why
 * says what happened. A statement that PostgreSQL rejected arrives with
 * err == YG_OK and PQresultStatus(res) == PGRES_FATAL_ERROR. */
typedef void (*db_pool_query_cb)(PGresult *res, enum yg_err err, const char *why, void *arg);
typedef void (*db_state_cb)(bool available, void *arg);

struct db_pool *db_pool_new(struct event_base *base, const char *conninfo, unsigned size,
			    unsigned timeout_ms, db_state_cb state_cb, void *arg);
void db_pool_free(struct db_pool *pool);
bool db_pool_available(const struct db_pool *pool);
int db_pool_server_version(const struct db_pool *pool);
void db_pool_set_metrics(struct db_pool *pool, struct metrics_pool *stats);
void db_pool_gauges(const struct db_pool *pool, struct metrics_pool *stats);

enum yg_err db_pool_query(struct db_pool *pool, const char *sql, int nparams,
			  const char *const *params, db_pool_query_cb cb, void *arg);

/* A transaction over several statements, for checks that need the caller's
 * pure rules between reading under lock and writing. It holds one pool
 * connection until it ends; statements run in the order queued. */
struct db_pool_txn;

struct db_pool_txn *db_pool_txn_begin(struct db_pool *pool, db_pool_query_cb cb, void *arg);
void db_pool_txn_query(struct db_pool_txn *txn, const char *sql, int nparams,
		       const char *const *params, db_pool_query_cb cb, void *arg);
void db_pool_txn_end(struct db_pool_txn *txn, bool commit, db_pool_query_cb cb, void *arg);

#endif
