/* The portal's visitors' connections, counted and timed: libevent's HTTP
 * server (2.1) has no cap on connections and only an idle timeout, which a
 * visitor sending one byte at a time never reaches. Every connection
 * evhttp accepts is seen here first: over http-max-conns, or over
 * http-max-per-address from one address, it is answered 503 and closed;
 * otherwise it has http-request-timeout seconds, from connecting or from
 * its last answer, to send a whole request. */
#ifndef YG_PORTAL_CONNS_H
#define YG_PORTAL_CONNS_H

#include <stdbool.h>
#include <sys/queue.h>
#include <time.h>

#include <event2/event.h>
#include <event2/http.h>

#include "../log.h"
#include "../metrics.h"
#include "../peers.h"
#include "cache.h"
#include "fastreq.h"

struct pconn;

struct portal_conns {
	struct event_base *base;
	unsigned max, per_address, timeout_s;
	unsigned n; /* connections admitted and not yet closed */
	struct peers peers;
	TAILQ_HEAD(pconn_list, pconn) list;
	struct pconn **by_fd; /* admitted connections by socket, for each request */
	size_t nfd;
	struct log_limit refusal_log;
	struct metrics *metrics;          /* counts refusals, answers by status and their latency */
	const struct timeval *timeout_tv; /* the request timeout, a common timeout of base */
	/* The fast path: the kept page with its head for a plain request, or
	 * NULL (then evhttp answers it). NULL function: no fast path. */
	const struct page *(*fast_page)(void *arg, const struct fastreq *rq);
	void *fast_arg;
	char date[64]; /* "Date: ...\r\n\r\n" of date_s */
	size_t date_len;
	time_t date_s;
};

int portal_conns_init(struct portal_conns *pc, struct event_base *base, struct evhttp *http,
		      unsigned max, unsigned per_address, unsigned timeout_s,
		      struct metrics *metrics);
void portal_conns_free(struct portal_conns *pc);
void portal_conns_request(struct portal_conns *pc, struct evhttp_request *req);
void portal_conns_fast(struct portal_conns *pc,
		       const struct page *(*fast_page)(void *arg, const struct fastreq *rq),
		       void *arg);

#endif
