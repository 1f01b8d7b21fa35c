#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include "../../proto/xalloc.h"
#include "../server.h"
#include "conns.h"

#define REFUSAL_503                                                                                \
	"HTTP/1.1 503 Service Unavailable\r\n"                                                     \
	"Content-Type: text/plain; charset=utf-8\r\n"                                              \
	"Retry-After: 10\r\n"                                                                      \
	"Connection: close\r\n"                                                                    \
	"Content-Length: 37\r\n\r\n"                                                               \
	"\xe8\xae\xbf\xe9\x97\xae\xe4\xba\xba\xe6\x95\xb0\xe8\xbf\x87\xe5\xa4\x9a\xef\xbc\x8c"     \
	"\xe8\xaf\xb7\xe7\xa8\x8d\xe5\x90\x8e\xe5\x86\x8d\xe8\xaf\x95\xe3\x80\x82\n"

/* The fast path reads a request of at most this much (whole heads of plain
 * requests are far shorter); a longer one goes to evhttp. */
#define FAST_IN 2048

/* One visitor's connection. evhttp owns the connection; we are told when
 * it goes (closecb). While fast, the socket's input is ours (evhttp's
 * reading is disabled): plain requests for kept pages are answered here
 * with one read and one write, and the first other request is handed to
 * evhttp with what was read of it; once evhttp has answered, the
 * connection comes back (take_ev). */
struct pconn {
	TAILQ_ENTRY(pconn) entry;
	struct portal_conns *pc;
	struct bufferevent *bev;         /* made by us for evhttp (bevcb) */
	struct evhttp_connection *evcon; /* NULL until attached */
	struct event *attach_ev, *timer_ev;
	bool counted;       /* in pc->n and pc->peers */
	evutil_socket_t fd; /* its slot in pc->by_fd, or -1 */
	bool busy;          /* a request of it is being answered */
	uint64_t since_us;  /* when that request was whole */
	char host[64];
	bool fast;                                  /* read_ev, not evhttp, reads */
	struct event *read_ev, *write_ev, *take_ev; /* NULL: no fast path */
	char *pend;                                 /* an answer not yet all written */
	size_t pend_len, pend_off;
	size_t inlen;
	char in[FAST_IN];
};

static bool pconn_fast_start(struct pconn *p);

/* Index p by its socket, so that each request finds its connection without
 * a search; the table grows to the highest descriptor seen. */
static bool pconn_index(struct pconn *p, evutil_socket_t fd)
{
	struct portal_conns *pc = p->pc;
	struct pconn **grown;
	size_t n;

	if (fd < 0)
		return false;
	if ((size_t)fd >= pc->nfd) {
		n = pc->nfd != 0 ? pc->nfd : 64;
		while (n <= (size_t)fd)
			n *= 2;
		if ((grown = xrealloc(pc->by_fd, n * sizeof(*grown))) == NULL)
			return false;
		memset(grown + pc->nfd, 0, (n - pc->nfd) * sizeof(*grown));
		pc->by_fd = grown;
		pc->nfd = n;
	}
	pc->by_fd[fd] = p;
	p->fd = fd;
	return true;
}

static void pconn_free(struct pconn *p)
{
	struct portal_conns *pc = p->pc;

	if (p->fd >= 0 && (size_t)p->fd < pc->nfd && pc->by_fd[p->fd] == p)
		pc->by_fd[p->fd] = NULL;
	if (p->counted) {
		pc->n--;
		peers_put(&pc->peers, p->host);
	}
	TAILQ_REMOVE(&pc->list, p, entry);
	if (p->attach_ev != NULL)
		event_free(p->attach_ev);
	if (p->timer_ev != NULL)
		event_free(p->timer_ev);
	if (p->read_ev != NULL)
		event_free(p->read_ev);
	if (p->write_ev != NULL)
		event_free(p->write_ev);
	if (p->take_ev != NULL)
		event_free(p->take_ev);
	free(p->pend);
	free(p);
}

/* evhttp closes the connection (after an answer with Connection: close,
 * a visitor gone, a timeout, or our own evhttp_connection_free). */
static void pconn_close_cb(struct evhttp_connection *evcon, void *arg)
{
	(void)evcon;
	pconn_free(arg);
}

/* Start the clock for the next request. */
static void pconn_arm(struct pconn *p)
{
	struct timeval tv = {p->pc->timeout_s, 0};

	evtimer_add(p->timer_ev, p->pc->timeout_tv != NULL ? p->pc->timeout_tv : &tv);
}

/* No whole request within http-request-timeout: let the slot go. */
static void pconn_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	struct pconn *p = arg;

	(void)fd;
	(void)what;
	if (p->busy)
		return;
	log_debug("portal: %s sent no whole request within http-request-timeout", p->host);
	p->pc->metrics->refusals[METRICS_LIMIT_HTTP_REQUEST_TIMEOUT]++;
	evhttp_connection_free(p->evcon); /* calls pconn_close_cb */
}

/* Over a cap: a short 503 written straight to the socket (it fits in any
 * socket buffer), then the connection closed. */
static void pconn_refuse(struct pconn *p, enum metrics_limit lim, const char *why)
{
	evutil_socket_t fd = bufferevent_getfd(p->bev);

	p->pc->metrics->refusals[lim]++;
	log_limited(&p->pc->refusal_log, LOG_WARN, "portal: refusing a visitor from %s: %s",
		    p->host, why);
	if (fd >= 0 &&
	    send(fd, REFUSAL_503, sizeof(REFUSAL_503) - 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
		log_debug("portal: 503 to %s not sent", p->host);
	evhttp_connection_free(p->evcon); /* calls pconn_close_cb */
}

/* Run right after evhttp made the connection around our bufferevent, in
 * the same loop turn and before any of its input is read (the event has
 * the highest priority): evhttp's connection is the bufferevent's
 * callback argument. Count it against the caps, then time it. */
static void pconn_attach_cb(evutil_socket_t fd, short what, void *arg)
{
	struct pconn *p = arg;
	struct portal_conns *pc = p->pc;
	char *addr = NULL;
	ev_uint16_t port;
	void *cbarg = NULL;

	(void)fd;
	(void)what;
	event_free(p->attach_ev);
	p->attach_ev = NULL;
	bufferevent_getcb(p->bev, NULL, NULL, NULL, &cbarg);
	p->evcon = cbarg;
	if (p->evcon == NULL || evhttp_connection_get_bufferevent(p->evcon) != p->bev) {
		log_error("portal: a connection without its evhttp connection");
		pconn_free(p);
		return;
	}
	evhttp_connection_set_closecb(p->evcon, pconn_close_cb, p);
	evhttp_connection_get_peer(p->evcon, &addr, &port);
	snprintf(p->host, sizeof(p->host), "%s", addr != NULL ? addr : "?");
	if (pc->n >= pc->max) {
		pconn_refuse(p, METRICS_LIMIT_HTTP_MAX_CONNS, "http-max-conns connections held");
		return;
	}
	if (!peers_take(&pc->peers, p->host, pc->per_address)) {
		pconn_refuse(p, METRICS_LIMIT_HTTP_MAX_PER_ADDRESS,
			     "http-max-per-address connections from this address");
		return;
	}
	if (!pconn_index(p, bufferevent_getfd(p->bev))) {
		log_error("portal: a connection without a socket");
		evhttp_connection_free(p->evcon); /* calls pconn_close_cb */
		return;
	}
	p->counted = true;
	pc->n++;
	pc->metrics->accepted[METRICS_CONN_PORTAL]++;
	/* Below the terminals in the loop's priorities (evhttp's setting of
	 * the socket gave its events the default one): a crowd on the portal
	 * waits while the terminals are served. */
	bufferevent_priority_set(p->bev, PRIO_PORTAL);
	pconn_arm(p);
	if (pc->fast_page != NULL && !pconn_fast_start(p))
		log_debug("portal: no fast path for a visitor from %s", p->host);
}

/* evhttp asks for the bufferevent of a connection it just accepted. */
static struct bufferevent *pconn_bev_cb(struct event_base *base, void *arg)
{
	struct portal_conns *pc = arg;
	struct bufferevent *bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	struct pconn *p = bev != NULL ? xcalloc(1, sizeof(*p)) : NULL;

	if (p == NULL)
		return bev; /* evhttp makes its own if NULL; uncounted either way */
	p->pc = pc;
	p->bev = bev;
	p->fd = -1;
	p->attach_ev = event_new(base, -1, 0, pconn_attach_cb, p);
	p->timer_ev = evtimer_new(base, pconn_timeout_cb, p);
	if (p->attach_ev == NULL || p->timer_ev == NULL ||
	    event_priority_set(p->attach_ev, 0) != 0) {
		if (p->attach_ev != NULL)
			event_free(p->attach_ev);
		if (p->timer_ev != NULL)
			event_free(p->timer_ev);
		free(p);
		return bev;
	}
	TAILQ_INSERT_TAIL(&pc->list, p, entry);
	event_active(p->attach_ev, EV_TIMEOUT, 0);
	return bev;
}

int portal_conns_init(struct portal_conns *pc, struct event_base *base, struct evhttp *http,
		      unsigned max, unsigned per_address, unsigned timeout_s,
		      struct metrics *metrics)
{
	memset(pc, 0, sizeof(*pc));
	pc->metrics = metrics;
	TAILQ_INIT(&pc->list);
	pc->base = base;
	pc->max = max;
	pc->per_address = per_address;
	pc->timeout_s = timeout_s;
	{
		struct timeval tv = {timeout_s, 0};

		/* One queue for every connection's clock, not a heap. */
		pc->timeout_tv = event_base_init_common_timeout(base, &tv);
	}
	if (peers_init(&pc->peers, 1024) != 0)
		return -1;
	evhttp_set_bevcb(http, pconn_bev_cb, pc);
	return 0;
}

/* After evhttp_free (which closes every connection it holds): forget the
 * rest, whose connections never attached. */
void portal_conns_free(struct portal_conns *pc)
{
	struct pconn *p;

	while ((p = TAILQ_FIRST(&pc->list)) != NULL)
		pconn_free(p);
	peers_free(&pc->peers);
	free(pc->by_fd);
	pc->by_fd = NULL;
	pc->nfd = 0;
}

static uint64_t pconn_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* A whole request of a visitor reached us: its clock stops until the answer
 * has been sent. The answer is counted by status, with its latency. */
static void pconn_done_cb(struct evhttp_request *req, void *arg)
{
	struct pconn *p = arg;
	uint64_t now = pconn_now_us();

	metrics_portal(p->pc->metrics, evhttp_request_get_response_code(req),
		       now > p->since_us ? now - p->since_us : 0);
	p->busy = false;
	pconn_arm(p);
	if (p->take_ev != NULL)
		event_active(p->take_ev, EV_TIMEOUT, 1);
}

void portal_conns_request(struct portal_conns *pc, struct evhttp_request *req)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	struct bufferevent *bev = evcon != NULL ? evhttp_connection_get_bufferevent(evcon) : NULL;
	evutil_socket_t fd = bev != NULL ? bufferevent_getfd(bev) : -1;
	struct pconn *p = fd >= 0 && (size_t)fd < pc->nfd ? pc->by_fd[fd] : NULL;

	if (p == NULL || p->evcon != evcon)
		return; /* not one we admitted (made when a bufferevent could not be) */
	p->busy = true;
	p->since_us = pconn_now_us();
	evtimer_del(p->timer_ev);
	evhttp_request_set_on_complete_cb(req, pconn_done_cb, p);
}

void portal_conns_fast(struct portal_conns *pc,
		       const struct page *(*fast_page)(void *arg, const struct fastreq *rq),
		       void *arg)
{
	pc->fast_page = fast_page;
	pc->fast_arg = arg;
}

/* The Date line and the head's end, made again when the second changes. */
static void pconn_date(struct portal_conns *pc)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct timeval tv;
	struct tm tm;
	int n;

	if (event_base_gettimeofday_cached(pc->base, &tv) != 0)
		gettimeofday(&tv, NULL);
	if (pc->date_len != 0 && tv.tv_sec == pc->date_s)
		return;
	pc->date_s = tv.tv_sec;
	gmtime_r(&pc->date_s, &tm);
	n = snprintf(pc->date, sizeof(pc->date), "Date: %s, %02d %s %d %02d:%02d:%02d GMT\r\n\r\n",
		     days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12], tm.tm_year + 1900,
		     tm.tm_hour, tm.tm_min, tm.tm_sec);
	pc->date_len = n > 0 && (size_t)n < sizeof(pc->date) ? (size_t)n : 0;
}

/* Close a connection of the fast path (p is gone afterwards). */
static void pconn_close(struct pconn *p)
{
	evhttp_connection_free(p->evcon); /* calls pconn_close_cb */
}

/* The first request the fast path does not answer, and what follows it,
 * go to evhttp as if it had read them itself. */
static void pconn_handoff(struct pconn *p)
{
	struct evbuffer *in = bufferevent_get_input(p->bev);
	event_del(p->read_ev);
	p->fast = false;
	/* The socket bufferevent keeps its input's end frozen except while
	 * it reads: the bytes go in as its own reading would put them. */
	if (p->inlen != 0) {
		int rc;

		evbuffer_unfreeze(in, 0);
		rc = evbuffer_add(in, p->in, p->inlen);
		evbuffer_freeze(in, 0);
		if (rc != 0) {
			pconn_close(p);
			return;
		}
	}
	p->inlen = 0;
	bufferevent_enable(p->bev, EV_READ);
	if (evbuffer_get_length(in) != 0)
		bufferevent_trigger(p->bev, EV_READ,
				    BEV_TRIG_IGNORE_WATERMARKS | BEV_TRIG_DEFER_CALLBACKS);
}

/* Write a kept page's answer with one call; what the socket does not take
 * now is copied aside and written when it can be (reading waits). False:
 * the connection is closed. */
static bool pconn_send(struct pconn *p, const struct page *pg, bool head)
{
	struct portal_conns *pc = p->pc;
	struct iovec iov[3];
	struct msghdr msg;
	size_t total, off, i;
	ssize_t n;

	pconn_date(pc);
	iov[0].iov_base = pg->head;
	iov[0].iov_len = pg->head_len;
	iov[1].iov_base = pc->date;
	iov[1].iov_len = pc->date_len;
	iov[2].iov_base = pg->body;
	iov[2].iov_len = head ? 0 : pg->len;
	total = iov[0].iov_len + iov[1].iov_len + iov[2].iov_len;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = iov;
	msg.msg_iovlen = 3;
	do
		n = sendmsg(p->fd, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
		pconn_close(p);
		return false;
	}
	if (n < 0)
		n = 0;
	if ((size_t)n == total)
		return true;
	p->pend = xmalloc(total - (size_t)n);
	if (p->pend == NULL) {
		pconn_close(p);
		return false;
	}
	p->pend_len = total - (size_t)n;
	p->pend_off = 0;
	for (off = 0, i = 0; i < 3; i++) {
		size_t skip = (size_t)n > iov[i].iov_len ? iov[i].iov_len : (size_t)n;

		memcpy(p->pend + off, (char *)iov[i].iov_base + skip, iov[i].iov_len - skip);
		off += iov[i].iov_len - skip;
		n -= (ssize_t)skip;
	}
	event_del(p->read_ev);
	event_add(p->write_ev, NULL);
	return true;
}

/* Answer every whole plain request read, until one is not. */
static void pconn_serve(struct pconn *p)
{
	struct portal_conns *pc = p->pc;
	const struct page *pg;
	struct fastreq rq;
	uint64_t t0;

	while (p->fast && p->pend == NULL && p->inlen != 0) {
		switch (fastreq_parse(p->in, p->inlen, &rq)) {
		case FASTREQ_MORE:
			if (p->inlen == sizeof(p->in))
				pconn_handoff(p);
			return;
		case FASTREQ_OTHER:
			pconn_handoff(p);
			return;
		case FASTREQ_OK:
			break;
		}
		t0 = pconn_now_us();
		pg = pc->fast_page(pc->fast_arg, &rq);
		if (pg == NULL || pg->head == NULL) {
			pconn_handoff(p);
			return;
		}
		memmove(p->in, p->in + rq.consumed, p->inlen - rq.consumed);
		p->inlen -= rq.consumed;
		if (!pconn_send(p, pg, rq.head))
			return;
		metrics_portal(pc->metrics, pg->status, pconn_now_us() - t0);
		pconn_arm(p);
	}
}

static void pconn_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct pconn *p = arg;
	ssize_t n;

	(void)what;
	n = recv(fd, p->in + p->inlen, sizeof(p->in) - p->inlen, 0);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
		pconn_close(p); /* the visitor has gone */
		return;
	}
	if (n < 0)
		return;
	p->inlen += (size_t)n;
	pconn_serve(p);
}

static void pconn_write_cb(evutil_socket_t fd, short what, void *arg)
{
	struct pconn *p = arg;
	ssize_t n;

	(void)what;
	n = send(fd, p->pend + p->pend_off, p->pend_len - p->pend_off, MSG_NOSIGNAL);
	if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
		pconn_close(p);
		return;
	}
	if (n > 0)
		p->pend_off += (size_t)n;
	if (p->pend_off < p->pend_len)
		return;
	free(p->pend);
	p->pend = NULL;
	event_del(p->write_ev);
	event_add(p->read_ev, NULL);
	pconn_serve(p); /* requests that came meanwhile */
}

/* After evhttp has answered a request and is ready for the next: take the
 * connection back unless evhttp already holds more of its input. */
static void pconn_take_cb(evutil_socket_t fd, short what, void *arg)
{
	struct pconn *p = arg;

	(void)fd;
	(void)what;
	if (p->fast || evbuffer_get_length(bufferevent_get_input(p->bev)) != 0 ||
	    evbuffer_get_length(bufferevent_get_output(p->bev)) != 0)
		return;
	bufferevent_disable(p->bev, EV_READ);
	p->fast = true;
	event_add(p->read_ev, NULL);
}

/* Make the connection's fast path and read through it from now on. */
static bool pconn_fast_start(struct pconn *p)
{
	struct event_base *base = p->pc->base;

	p->read_ev = event_new(base, p->fd, EV_READ | EV_PERSIST, pconn_read_cb, p);
	p->write_ev = event_new(base, p->fd, EV_WRITE | EV_PERSIST, pconn_write_cb, p);
	p->take_ev = event_new(base, -1, 0, pconn_take_cb, p);
	if (p->read_ev == NULL || p->write_ev == NULL || p->take_ev == NULL ||
	    event_priority_set(p->read_ev, PRIO_PORTAL) != 0 ||
	    event_priority_set(p->write_ev, PRIO_PORTAL) != 0 ||
	    event_priority_set(p->take_ev, PRIO_PORTAL) != 0 || event_add(p->read_ev, NULL) != 0) {
		if (p->read_ev != NULL)
			event_free(p->read_ev);
		if (p->write_ev != NULL)
			event_free(p->write_ev);
		if (p->take_ev != NULL)
			event_free(p->take_ev);
		p->read_ev = p->write_ev = p->take_ev = NULL;
		return false;
	}
	bufferevent_disable(p->bev, EV_READ);
	p->fast = true;
	return true;
}
