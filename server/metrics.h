/* ygd's counters and their Prometheus text exposition (version 0.0.4).
 * Pure: no libevent, libpq or sockets; the server bumps the counters where
 * things happen and server/metrics_http.c serves metrics_render's text.
 * Every label takes values from a fixed list (operations, error codes,
 * limits, pools, HTTP statuses), so the number of series stays bounded. */
#ifndef YG_SERVER_METRICS_H
#define YG_SERVER_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "../proto/error.h"

/* Upper bounds of the latency buckets, in microseconds (+Inf after). */
#define METRICS_BUCKETS 13
extern const uint64_t metrics_bucket_us[METRICS_BUCKETS];

struct metrics_histogram {
	uint64_t bucket[METRICS_BUCKETS + 1]; /* not cumulative; the last is +Inf */
	uint64_t count, sum_us;
};

/* The kinds of connection, label kind="...". */
enum metrics_conn {
	METRICS_CONN_TERMINAL_LOGGED_IN,
	METRICS_CONN_TERMINAL_ANONYMOUS, /* not logged in (following a public stream, or not yet) */
	METRICS_CONN_PORTAL,
	METRICS_CONN__COUNT
};

/* The limits of README's "Limits that protect the committee", label
 * limit="..." (each the setting's name). */
enum metrics_limit {
	METRICS_LIMIT_MAX_CLIENTS,
	METRICS_LIMIT_RESERVED_SLOTS,
	METRICS_LIMIT_MAX_PER_ADDRESS,
	METRICS_LIMIT_ANON_INPUT_BUDGET,
	METRICS_LIMIT_ANON_MAX_FRAME,
	METRICS_LIMIT_MAX_FRAME,
	METRICS_LIMIT_HELLO_TIMEOUT,
	METRICS_LIMIT_LOGIN_TIMEOUT,
	METRICS_LIMIT_FRAME_TIMEOUT,
	METRICS_LIMIT_WRITE_TIMEOUT,
	METRICS_LIMIT_OUT_LIMIT,
	METRICS_LIMIT_MAX_INFLIGHT,
	METRICS_LIMIT_LOGIN_FAIL_RATE,
	METRICS_LIMIT_HTTP_MAX_CONNS,
	METRICS_LIMIT_HTTP_MAX_PER_ADDRESS,
	METRICS_LIMIT_HTTP_REQUEST_TIMEOUT,
	METRICS_LIMIT_HTTP_POST_RATE,
	METRICS_LIMIT_INPUT_BUDGET,
	METRICS_LIMIT__COUNT
};

/* The database pools, label pool="...". */
enum metrics_pool_id {
	METRICS_POOL_TERMINALS,
	METRICS_POOL_PORTAL,       /* the portal's reads (--http-db) */
	METRICS_POOL_PORTAL_WRITE, /* the portal's comments (--http-db-write), when apart */
	METRICS_POOL__COUNT
};

struct metrics_pool {
	/* counters */
	uint64_t queries;     /* statements queued */
	uint64_t waits;       /* of those, ones that found no idle connection */
	uint64_t wait_us;     /* time queued statements waited for a connection */
	uint64_t unavailable; /* refused at once (none up) or failed (lost, timed out) */
	uint64_t timeouts;    /* of those, past --db-timeout */
	uint64_t rejected;    /* statements PostgreSQL answered with an error */
	uint64_t disconnects; /* connections lost */
	/* gauges, set just before rendering */
	unsigned size, up, queued;
	int present; /* rendered only if the pool exists */
};

#define METRICS_STATUS_MAX 600

struct metrics {
	const char *const *op_names; /* the operations, op index i; index nops is "other" */
	unsigned nops;
	uint64_t *requests;   /* (nops + 1) x YG_ERR__COUNT answers, by op and result */
	uint64_t *request_us; /* nops + 1: time spent answering, by op */
	struct metrics_histogram request_seconds, portal_seconds;
	uint64_t accepted[METRICS_CONN__COUNT];
	unsigned conns[METRICS_CONN__COUNT]; /* gauges, set before rendering */
	uint64_t refusals[METRICS_LIMIT__COUNT];
	uint64_t logins, login_failures, ballots;
	uint64_t events_delivered, events_dropped;
	uint64_t portal_status[METRICS_STATUS_MAX]; /* by HTTP status; 0 counts any other */
	struct metrics_pool pools[METRICS_POOL__COUNT];
	long long start_time; /* Unix seconds */
	int db_available;     /* gauge: the terminals' pool has a connection */
};

int metrics_init(struct metrics *m, const char *const *op_names, unsigned nops);
void metrics_free(struct metrics *m);
void metrics_observe(struct metrics_histogram *h, uint64_t us);
/* One answer to a terminal's request; op is an index below nops, or nops
 * for an unknown or unreadable request. */
void metrics_request(struct metrics *m, unsigned op, enum yg_err err, uint64_t us);
void metrics_portal(struct metrics *m, int status, uint64_t us);
/* The whole exposition, NUL-terminated, malloc'd; NULL if out of memory. */
char *metrics_render(const struct metrics *m, size_t *len);
const char *metrics_limit_name(enum metrics_limit l);

#endif
