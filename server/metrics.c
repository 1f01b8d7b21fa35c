#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../proto/group.h"
#include "../proto/xalloc.h"
#include "metrics.h"

const uint64_t metrics_bucket_us[METRICS_BUCKETS] = {
	1000,   2500,   5000,    10000,   25000,   50000,    100000,
	250000, 500000, 1000000, 2500000, 5000000, 10000000,
};

static const char *const conn_names[METRICS_CONN__COUNT] = {
	"terminal_logged_in",
	"terminal_anonymous",
	"portal",
};

static const char *const limit_names[METRICS_LIMIT__COUNT] = {
	"max-clients",          "reserved-slots", "max-per-address",
	"anon-input-budget",    "anon-max-frame", "max-frame",
	"hello-timeout",        "login-timeout",  "frame-timeout",
	"write-timeout",        "out-limit",      "max-inflight",
	"login-fail-rate",      "http-max-conns", "http-max-per-address",
	"http-request-timeout", "http-post-rate", "input-budget",
};

static const char *const pool_names[METRICS_POOL__COUNT] = {
	"terminals",
	"portal",
	"portal_write",
};

const char *metrics_limit_name(enum metrics_limit l)
{
	return l < METRICS_LIMIT__COUNT ? limit_names[l] : "?";
}

int metrics_init(struct metrics *m, const char *const *op_names, unsigned nops)
{
	memset(m, 0, sizeof(*m));
	m->op_names = op_names;
	m->nops = nops;
	m->requests = xcalloc((size_t)(nops + 1) * YG_ERR__COUNT, sizeof(*m->requests));
	m->request_us = xcalloc((size_t)nops + 1, sizeof(*m->request_us));
	if (m->requests == NULL || m->request_us == NULL) {
		metrics_free(m);
		return -1;
	}
	return 0;
}

void metrics_free(struct metrics *m)
{
	free(m->requests);
	free(m->request_us);
	m->requests = NULL;
	m->request_us = NULL;
}

/* Count one observation of us microseconds. */
void metrics_observe(struct metrics_histogram *h, uint64_t us)
{
	unsigned i = 0;

	while (i < METRICS_BUCKETS && us > metrics_bucket_us[i])
		i++;
	h->bucket[i]++;
	h->count++;
	h->sum_us += us;
}

void metrics_request(struct metrics *m, unsigned op, enum yg_err err, uint64_t us)
{
	if (op > m->nops)
		op = m->nops;
	if ((unsigned)err >= YG_ERR__COUNT)
		err = YG_ERR_INTERNAL;
	m->requests[(size_t)op * YG_ERR__COUNT + err]++;
	m->request_us[op] += us;
	metrics_observe(&m->request_seconds, us);
}

void metrics_portal(struct metrics *m, int status, uint64_t us)
{
	m->portal_status[status >= 100 && status < METRICS_STATUS_MAX ? status : 0]++;
	metrics_observe(&m->portal_seconds, us);
}

/* The text being built; oom once any append failed. */
struct mtext {
	char *p;
	size_t len, cap;
	bool oom;
};

static void mt_printf(struct mtext *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void mt_printf(struct mtext *t, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *np;

	if (t->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			t->oom = true;
			return;
		}
		if ((size_t)n < t->cap - t->len) {
			t->len += (size_t)n;
			return;
		}
		np = xrealloc(t->p, t->cap * 2 + (size_t)n);
		if (np == NULL) {
			t->oom = true;
			return;
		}
		t->p = np;
		t->cap = t->cap * 2 + (size_t)n;
	}
}

/* A label value as the format wants it: backslash, double quote and line
 * feed escaped. */
static void mt_label(struct mtext *t, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\\')
			mt_printf(t, "\\\\");
		else if (*v == '"')
			mt_printf(t, "\\\"");
		else if (*v == '\n')
			mt_printf(t, "\\n");
		else
			mt_printf(t, "%c", *v);
	}
}

static void mt_head(struct mtext *t, const char *name, const char *type, const char *help)
{
	mt_printf(t, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* name{label="value"} n */
static void mt_sample(struct mtext *t, const char *name, const char *label, const char *value,
		      uint64_t n)
{
	mt_printf(t, "%s{%s=\"", name, label);
	mt_label(t, value);
	mt_printf(t, "\"} %llu\n", (unsigned long long)n);
}

static void mt_seconds(struct mtext *t, uint64_t us)
{
	mt_printf(t, "%llu.%06llu", (unsigned long long)(us / 1000000),
		  (unsigned long long)(us % 1000000));
}

/* A bucket's bound in seconds, without trailing zeros ("0.0025", "1"). */
static void mt_bound(struct mtext *t, uint64_t us)
{
	char buf[32];
	size_t n;

	n = (size_t)snprintf(buf, sizeof(buf), "%llu.%06llu", (unsigned long long)(us / 1000000),
			     (unsigned long long)(us % 1000000));
	while (buf[n - 1] == '0')
		buf[--n] = '\0';
	if (buf[n - 1] == '.')
		buf[--n] = '\0';
	mt_printf(t, "%s", buf);
}

static void mt_histogram(struct mtext *t, const char *name, const char *help,
			 const struct metrics_histogram *h)
{
	uint64_t cum = 0;
	unsigned i;

	mt_head(t, name, "histogram", help);
	for (i = 0; i < METRICS_BUCKETS; i++) {
		cum += h->bucket[i];
		mt_printf(t, "%s_bucket{le=\"", name);
		mt_bound(t, metrics_bucket_us[i]);
		mt_printf(t, "\"} %llu\n", (unsigned long long)cum);
	}
	mt_printf(t, "%s_bucket{le=\"+Inf\"} %llu\n%s_sum ", name, (unsigned long long)h->count,
		  name);
	mt_seconds(t, h->sum_us);
	mt_printf(t, "\n%s_count %llu\n", name, (unsigned long long)h->count);
}

static const char *op_name(const struct metrics *m, unsigned op)
{
	return op < m->nops ? m->op_names[op] : "other";
}

/* Requests by operation and result, and the time spent on each operation;
 * only the pairs that occurred. */
static void mt_requests(struct mtext *t, const struct metrics *m)
{
	unsigned op, e;
	uint64_t n;

	mt_head(t, "yg_requests_total", "counter",
		"Terminals' requests answered, by operation and result (ok or the error code).");
	for (op = 0; op <= m->nops; op++)
		for (e = 0; e < YG_ERR__COUNT; e++) {
			n = m->requests[(size_t)op * YG_ERR__COUNT + e];
			if (n == 0)
				continue;
			mt_printf(t, "yg_requests_total{op=\"");
			mt_label(t, op_name(m, op));
			mt_printf(t, "\",result=\"");
			mt_label(t, e == YG_OK ? "ok" : yg_err_code((enum yg_err)e));
			mt_printf(t, "\"} %llu\n", (unsigned long long)n);
		}
	mt_head(t, "yg_request_time_seconds_total", "counter",
		"Time spent answering terminals' requests, by operation.");
	for (op = 0; op <= m->nops; op++) {
		if (m->request_us[op] == 0)
			continue;
		mt_printf(t, "yg_request_time_seconds_total{op=\"");
		mt_label(t, op_name(m, op));
		mt_printf(t, "\"} ");
		mt_seconds(t, m->request_us[op]);
		mt_printf(t, "\n");
	}
	mt_histogram(t, "yg_request_duration_seconds",
		     "Time from a terminal's request to its answer.", &m->request_seconds);
}

static void mt_connections(struct mtext *t, const struct metrics *m)
{
	unsigned i;

	mt_head(t, "yg_connections", "gauge", "Connections held now, by kind.");
	for (i = 0; i < METRICS_CONN__COUNT; i++)
		mt_sample(t, "yg_connections", "kind", conn_names[i], m->conns[i]);
	mt_head(t, "yg_connections_accepted_total", "counter",
		"Connections admitted (terminals: as strangers; portal: within its caps).");
	mt_sample(t, "yg_connections_accepted_total", "kind", "terminal",
		  m->accepted[METRICS_CONN_TERMINAL_ANONYMOUS]);
	mt_sample(t, "yg_connections_accepted_total", "kind", "portal",
		  m->accepted[METRICS_CONN_PORTAL]);
	mt_head(t, "yg_refusals_total", "counter",
		"Connections, frames and requests refused or closed by a limit, by setting.");
	for (i = 0; i < METRICS_LIMIT__COUNT; i++)
		mt_sample(t, "yg_refusals_total", "limit", limit_names[i], m->refusals[i]);
}

/* One counter per pool: name{pool="..."} value. */
static void mt_pool_counter(struct mtext *t, const struct metrics *m, const char *name,
			    const char *type, const char *help, size_t offset, bool seconds)
{
	unsigned i;
	uint64_t v;

	mt_head(t, name, type, help);
	for (i = 0; i < METRICS_POOL__COUNT; i++) {
		if (!m->pools[i].present)
			continue;
		v = *(const uint64_t *)((const char *)&m->pools[i] + offset);
		mt_printf(t, "%s{pool=\"%s\"} ", name, pool_names[i]);
		if (seconds)
			mt_seconds(t, v);
		else
			mt_printf(t, "%llu", (unsigned long long)v);
		mt_printf(t, "\n");
	}
}

static void mt_pool_gauges(struct mtext *t, const struct metrics *m)
{
	static const char *const names[3] = {"yg_db_connections", "yg_db_connections_up",
					     "yg_db_queued"};
	static const char *const help[3] = {
		"Connections a database pool keeps.",
		"Connections of a database pool up and ready.",
		"Statements waiting for a connection of a pool now.",
	};
	unsigned i, k, v;

	for (k = 0; k < 3; k++) {
		mt_head(t, names[k], "gauge", help[k]);
		for (i = 0; i < METRICS_POOL__COUNT; i++) {
			if (!m->pools[i].present)
				continue;
			v = k == 0   ? m->pools[i].size
			    : k == 1 ? m->pools[i].up
				     : m->pools[i].queued;
			mt_printf(t, "%s{pool=\"%s\"} %u\n", names[k], pool_names[i], v);
		}
	}
}

#define POOL_FIELD(f) offsetof(struct metrics_pool, f)

static void mt_pools(struct mtext *t, const struct metrics *m)
{
	mt_pool_gauges(t, m);
	mt_pool_counter(t, m, "yg_db_queries_total", "counter", "Statements queued on a pool.",
			POOL_FIELD(queries), false);
	mt_pool_counter(t, m, "yg_db_waits_total", "counter",
			"Statements that found every connection busy and waited.",
			POOL_FIELD(waits), false);
	mt_pool_counter(t, m, "yg_db_wait_seconds_total", "counter",
			"Time statements spent waiting for a connection.", POOL_FIELD(wait_us),
			true);
	mt_pool_counter(t, m, "yg_db_unavailable_total", "counter",
			"Statements refused or failed for want of the database: no connection up, "
			"connection lost, or timed out.",
			POOL_FIELD(unavailable), false);
	mt_pool_counter(t, m, "yg_db_timeouts_total", "counter",
			"Statements that waited or ran past --db-timeout.", POOL_FIELD(timeouts),
			false);
	mt_pool_counter(t, m, "yg_db_errors_total", "counter",
			"Statements PostgreSQL refused with an error.", POOL_FIELD(rejected),
			false);
	mt_pool_counter(t, m, "yg_db_disconnects_total", "counter", "Database connections lost.",
			POOL_FIELD(disconnects), false);
}

static void mt_counter(struct mtext *t, const char *name, const char *help, uint64_t v)
{
	mt_head(t, name, "counter", help);
	mt_printf(t, "%s %llu\n", name, (unsigned long long)v);
}

static void mt_portal(struct mtext *t, const struct metrics *m)
{
	char code[8];
	unsigned s;

	mt_head(t, "yg_portal_requests_total", "counter",
		"Requests the public portal answered, by HTTP status.");
	for (s = 0; s < METRICS_STATUS_MAX; s++) {
		if (m->portal_status[s] == 0)
			continue;
		snprintf(code, sizeof(code), "%u", s);
		mt_sample(t, "yg_portal_requests_total", "status", s == 0 ? "other" : code,
			  m->portal_status[s]);
	}
	mt_histogram(t, "yg_portal_request_duration_seconds",
		     "Time from a whole portal request to its answer.", &m->portal_seconds);
}

char *metrics_render(const struct metrics *m, size_t *len)
{
	struct mtext t = {xmalloc(8192), 0, 8192, false};

	if (t.p == NULL)
		return NULL;
	t.p[0] = '\0';
	mt_head(&t, "yg_start_time_seconds", "gauge", "When ygd started, in Unix seconds.");
	mt_printf(&t, "yg_start_time_seconds %lld\n", m->start_time);
	mt_head(&t, "yg_db_available", "gauge",
		"1 if the terminals' database pool has a connection up, else 0.");
	mt_printf(&t, "yg_db_available %d\n", m->db_available);
	mt_connections(&t, m);
	mt_requests(&t, m);
	mt_counter(&t, "yg_logins_total", "Successful logins of members and observers.", m->logins);
	mt_counter(&t, "yg_login_failures_total", "Failed logins (wrong key, signature, ...).",
		   m->login_failures);
	mt_counter(&t, "yg_ballots_accepted_total", "Secret ballots accepted (vote.cast ok).",
		   m->ballots);
	mt_counter(&t, "yg_election_key_tables_total",
		   "Election keys given a precomputed table (when a vote opens, "
		   "or once a key is much used).",
		   group_key_tables_built());
	mt_counter(&t, "yg_events_delivered_total",
		   "Stream events queued to a subscribed terminal.", m->events_delivered);
	mt_counter(&t, "yg_events_dropped_total",
		   "Stream events not delivered: the terminal left output unread past "
		   "out-limit and was dropped.",
		   m->events_dropped);
	mt_pools(&t, m);
	mt_portal(&t, m);
	if (t.oom) {
		free(t.p);
		return NULL;
	}
	*len = t.len;
	return t.p;
}
