#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/bufferevent_ssl.h>
#include <openssl/err.h>

#include "../proto/envelope.h"
#include "../proto/frame.h"
#include "../proto/roles.h"
#include "../proto/xalloc.h"
#include "client.h"
#include "dispatch.h"
#include "log.h"

/* Output beyond this many times out_limit means the terminal is not reading
 * at all: it is dropped rather than allowed to grow our memory. */
#define CLIENT_OUT_HARD_FACTOR 4

static void client_read_cb(struct bufferevent *bev, void *arg);
static void client_write_cb(struct bufferevent *bev, void *arg);
static void client_event_cb(struct bufferevent *bev, short what, void *arg);

/* Keep dead peers from holding a slot forever. */
static void client_tune_socket(evutil_socket_t fd)
{
	int on = 1, idle = 60, intvl = 10, cnt = 6;

	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle));
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof(intvl));
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof(cnt));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
}

/* The peer's address alone and as "host:port", for the log. */
static void client_format_addr(struct client *c, const struct sockaddr *sa, int salen)
{
	char port[8] = "?";

	snprintf(c->host, sizeof(c->host), "?");
	getnameinfo(sa, (socklen_t)salen, c->host, sizeof(c->host), port, sizeof(port),
		    NI_NUMERICHOST | NI_NUMERICSERV);
	snprintf(c->addr, sizeof(c->addr), "%s:%s", c->host, port);
}

/* Set the write timeout; reading has deadlines of its own (client_arm). */
static void client_set_timeouts(struct client *c)
{
	struct timeval wt = {c->server->cfg->write_timeout, 0};

	bufferevent_set_timeouts(c->bev, NULL, &wt);
}

/* The earliest of c's deadlines now in force (monotonic ms), 0 if none, and
 * in *why what it is for, in *lim its setting. */
static uint64_t client_deadline(const struct client *c, const char **why, enum metrics_limit *lim)
{
	const struct config *cfg = c->server->cfg;
	uint64_t d = 0, f;

	if (c->state == CLIENT_HANDSHAKE || c->state == CLIENT_HELLO) {
		d = c->accepted_ms + (uint64_t)cfg->hello_timeout * 1000;
		*why = "no hello within hello-timeout";
		*lim = METRICS_LIMIT_HELLO_TIMEOUT;
	} else if (c->state == CLIENT_READY && !c->auth.logged_in && c->nsubs == 0) {
		d = c->ready_ms + (uint64_t)cfg->login_timeout * 1000;
		*why = "no login within login-timeout";
		*lim = METRICS_LIMIT_LOGIN_TIMEOUT;
	}
	if (c->frame_since_ms != 0 && c->state != CLIENT_DEAD) {
		f = c->frame_since_ms + (uint64_t)cfg->frame_timeout * 1000;
		if (d == 0 || f < d) {
			d = f;
			*why = "a frame unfinished after frame-timeout";
			*lim = METRICS_LIMIT_FRAME_TIMEOUT;
		}
	}
	return d;
}

/* (Re)start the timer for c's next deadline. */
static void client_arm(struct client *c)
{
	const char *why;
	enum metrics_limit lim;
	uint64_t d, now;
	struct timeval tv;

	if (c->timer_ev == NULL)
		return;
	d = client_deadline(c, &why, &lim);
	if (d == 0) {
		evtimer_del(c->timer_ev);
		return;
	}
	now = server_now_ms();
	d = d > now ? d - now : 0;
	tv.tv_sec = (time_t)(d / 1000);
	tv.tv_usec = (suseconds_t)(d % 1000) * 1000;
	evtimer_add(c->timer_ev, &tv);
}

/* A deadline passed: close, or wait for the next one. */
static void client_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct client *c = arg;
	const char *why = NULL;
	enum metrics_limit lim = METRICS_LIMIT_HELLO_TIMEOUT;
	uint64_t d = client_deadline(c, &why, &lim);

	(void)fd;
	(void)what;
	if (d != 0 && d <= server_now_ms()) {
		c->server->metrics.refusals[lim]++;
		log_limited(&c->server->refusal_log, LOG_INFO, "client %llu from %s: closed: %s",
			    (unsigned long long)c->id, c->addr, why);
		client_close(c, why);
		return;
	}
	client_arm(c);
}

/* Whether the listener may take one more connection from host, as a
 * stranger: within max-clients, outside the slots reserved for those
 * logged in (reserved-slots, at most half of them), within
 * max-per-address. Counts it if so. */
static bool client_admit(struct server *srv, const char *host)
{
	const struct config *cfg = srv->cfg;
	const char *why = NULL;
	enum metrics_limit lim = METRICS_LIMIT_MAX_CLIENTS;
	unsigned reserved = cfg->reserved_slots < srv->max_clients / 2 ? cfg->reserved_slots
								       : srv->max_clients / 2;
	unsigned open_slots = srv->max_clients - reserved;

	if (srv->nclients >= srv->max_clients) {
		why = "max-clients connections held";
	} else if (srv->nanon >= open_slots) {
		why = "every slot not reserved for logged-in members is taken (reserved-slots)";
		lim = METRICS_LIMIT_RESERVED_SLOTS;
	} else if (!peers_take(&srv->anon_peers, host, cfg->max_per_address)) {
		why = "this address holds max-per-address connections not logged in";
		lim = METRICS_LIMIT_MAX_PER_ADDRESS;
	}
	if (why == NULL) {
		srv->nanon++;
		srv->metrics.accepted[METRICS_CONN_TERMINAL_ANONYMOUS]++;
		return true;
	}
	srv->metrics.refusals[lim]++;
	log_limited(&srv->refusal_log, LOG_WARN, "refusing a connection from %s: %s (%u held)",
		    host, why, srv->nclients);
	return false;
}

/* c is no longer a stranger (logged in) or no longer there: uncount it. */
static void client_uncount_anon(struct client *c)
{
	struct server *srv = c->server;

	if (!c->anon)
		return;
	c->anon = false;
	srv->nanon--;
	peers_put(&srv->anon_peers, c->host);
	srv->anon_input -= c->in_counted;
	c->in_counted = 0;
}

/* Take a new TCP connection and start its TLS handshake. */
void client_accept(struct server *srv, evutil_socket_t fd, const struct sockaddr *sa, int salen)
{
	struct client *c = xcalloc(1, sizeof(*c));
	SSL *ssl = NULL;

	if (c == NULL) {
		log_error("out of memory accepting a connection");
		evutil_closesocket(fd);
		return;
	}
	client_format_addr(c, sa, salen);
	if (!client_admit(srv, c->host)) {
		free(c);
		evutil_closesocket(fd);
		return;
	}
	c->anon = true;
	c->server = srv;
	ssl = SSL_new(srv->tls);
	c->timer_ev = evtimer_new(srv->base, client_timer_cb, c);
	if (ssl == NULL || c->timer_ev == NULL) {
		log_error("out of memory accepting a connection");
		client_uncount_anon(c);
		SSL_free(ssl);
		if (c->timer_ev != NULL)
			event_free(c->timer_ev);
		free(c);
		evutil_closesocket(fd);
		return;
	}
	client_tune_socket(fd);
	c->refs = 1;
	c->id = ++srv->next_client_id;
	c->state = CLIENT_HANDSHAKE;
	c->accepted_ms = server_now_ms();
	c->bev = bufferevent_openssl_socket_new(srv->base, fd, ssl, BUFFEREVENT_SSL_ACCEPTING,
						BEV_OPT_CLOSE_ON_FREE);
	bufferevent_setcb(c->bev, client_read_cb, client_write_cb, client_event_cb, c);
	client_set_timeouts(c);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	TAILQ_INSERT_TAIL(&srv->clients, c, entry);
	srv->nclients++;
	client_arm(c);
	log_debug("client %llu: connection from %s", (unsigned long long)c->id, c->addr);
}

void client_ref(struct client *c)
{
	c->refs++;
}

/* Drop a reference; the last one frees the client. */
void client_unref(struct client *c)
{
	unsigned i;

	if (--c->refs > 0)
		return;
	for (i = 0; i < c->nsubs; i++)
		stream_index_remove(c->subs[i]);
	cJSON_Delete(c->auth.identity);
	free(c);
}

/* Close the connection now. The struct lives on while requests hold it. */
void client_close(struct client *c, const char *why)
{
	struct server *srv = c->server;

	if (c->state == CLIENT_DEAD)
		return;
	log_debug("client %llu: closed: %s", (unsigned long long)c->id, why);
	c->state = CLIENT_DEAD;
	while (c->nsubs > 0) /* off every stream's list of subscribers */
		stream_index_remove(c->subs[--c->nsubs]);
	client_uncount_anon(c);
	srv->input_total -= c->in_total;
	c->in_total = 0;
	if (c->timer_ev != NULL) {
		event_free(c->timer_ev);
		c->timer_ev = NULL;
	}
	bufferevent_disable(c->bev, EV_READ | EV_WRITE);
	TAILQ_REMOVE(&srv->clients, c, entry);
	srv->nclients--;
	TAILQ_INSERT_TAIL(&srv->dead, c, entry);
	event_active(srv->reap_ev, 0, 0);
}

/* Free the connections closed during the last loop turn. */
void client_reap(struct server *srv)
{
	struct client *c;

	while ((c = TAILQ_FIRST(&srv->dead)) != NULL) {
		TAILQ_REMOVE(&srv->dead, c, entry);
		bufferevent_free(c->bev);
		c->bev = NULL;
		client_unref(c);
	}
}

/* Stop taking requests; close once what is queued has been written. */
void client_close_after_write(struct client *c)
{
	if (c->state == CLIENT_DEAD)
		return;
	c->state = CLIENT_CLOSING;
	if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
		client_close(c, "closed after reply");
}

/* The first hello succeeded: requests are accepted from now on. */
void client_set_ready(struct client *c, unsigned version)
{
	c->state = CLIENT_READY;
	c->proto_version = version;
	c->ready_ms = server_now_ms();
	client_arm(c);
}

/* Whether reading should pause: too many requests open or too much output. */
static bool client_must_pause(const struct client *c)
{
	const struct config *cfg = c->server->cfg;

	return c->inflight >= cfg->max_inflight ||
	       evbuffer_get_length(bufferevent_get_output(c->bev)) >= cfg->out_limit;
}

static void client_free_cb(const void *data, size_t len, void *arg)
{
	(void)len;
	(void)arg;
	free((void *)data);
}

/* Whether c can take more output; a terminal that lets output pile up far
 * past the limit is dropped: its memory is not ours to spend. */
static bool client_output_ok(struct client *c)
{
	if (c->state == CLIENT_DEAD || c->state == CLIENT_HANDSHAKE)
		return false;
	if (evbuffer_get_length(bufferevent_get_output(c->bev)) >
	    (size_t)c->server->cfg->out_limit * CLIENT_OUT_HARD_FACTOR) {
		c->server->metrics.refusals[METRICS_LIMIT_OUT_LIMIT]++;
		client_close(c, "output not being read");
		return false;
	}
	return true;
}

/* Pause reading when too much output waits. */
static void client_after_output(struct client *c)
{
	if (!c->paused && client_must_pause(c)) {
		c->paused = true;
		bufferevent_disable(c->bev, EV_READ);
	}
}

/* Queue one message. */
void client_send(struct client *c, const cJSON *msg)
{
	struct evbuffer *out;
	unsigned char hdr[FRAME_HEADER_LEN];
	size_t len;
	char *s;

	if (!client_output_ok(c))
		return;
	out = bufferevent_get_output(c->bev);
	s = envelope_encode(msg, &len);
	if (s == NULL) {
		client_close(c, "out of memory encoding a reply");
		return;
	}
	frame_header_encode(hdr, (uint32_t)len);
	evbuffer_add(out, hdr, sizeof(hdr));
	evbuffer_add_reference(out, s, len, client_free_cb, NULL);
	client_after_output(c);
}

/* Queue a frame already encoded (header included): an event encoded once
 * for all its subscribers. False if it was not queued. */
bool client_send_frame(struct client *c, const void *frame, size_t len)
{
	if (!client_output_ok(c) || evbuffer_add(bufferevent_get_output(c->bev), frame, len) != 0)
		return false;
	client_after_output(c);
	return true;
}

/* Answer with an error and close: the stream cannot be trusted any further. */
static void client_fail_stream(struct client *c, enum yg_err err, const char *why)
{
	cJSON *msg = envelope_error(false, 0, err, why);

	log_limited(&c->server->stream_log, LOG_INFO, "client %llu from %s: %s: %s",
		    (unsigned long long)c->id, c->addr, yg_err_code(err), why);
	client_send(c, msg);
	cJSON_Delete(msg);
	client_close_after_write(c);
}

/* Take one whole frame off the input and hand it to the dispatcher. */
static void client_take_frame(struct client *c, struct evbuffer *in, size_t plen)
{
	char *payload = xmalloc(plen);

	if (payload == NULL) {
		client_close(c, "out of memory reading a frame");
		return;
	}
	evbuffer_drain(in, FRAME_HEADER_LEN);
	evbuffer_remove(in, payload, plen);
	dispatch_frame(c, payload, plen);
	free(payload);
	if (!c->paused && c->state != CLIENT_DEAD && client_must_pause(c)) {
		c->paused = true;
		bufferevent_disable(c->bev, EV_READ);
	}
}

/* Count len bytes of c's unfinished input in a shared sum (*mine is c's
 * part of it); past budget, c is closed. Whether c lives on. */
static bool client_within_budget(struct client *c, size_t len, size_t *sum, size_t *mine,
				 unsigned budget, enum metrics_limit limit)
{
	const char *setting = metrics_limit_name(limit);

	*sum = *sum - *mine + len;
	*mine = len;
	if (*sum <= budget)
		return true;
	log_limited(&c->server->budget_log, LOG_WARN,
		    "client %llu from %s: closed: %zu bytes of unfinished frames held (%s)",
		    (unsigned long long)c->id, c->addr, *sum, setting);
	c->server->metrics.refusals[limit]++;
	client_close(c, setting);
	return false;
}

/* After input was read or served: start or stop the clock of an
 * unfinished frame, and count the unfinished bytes against the budget all
 * connections share and, for a stranger, the smaller one strangers share. */
static void client_track_input(struct client *c)
{
	struct server *srv = c->server;
	size_t len;
	bool unfinished;

	if (c->state != CLIENT_HELLO && c->state != CLIENT_READY)
		return;
	len = evbuffer_get_length(bufferevent_get_input(c->bev));
	unfinished = len > 0 && !c->paused;
	if (unfinished != (c->frame_since_ms != 0)) {
		c->frame_since_ms = unfinished ? server_now_ms() : 0;
		client_arm(c);
	}
	if (client_within_budget(c, len, &srv->input_total, &c->in_total, srv->cfg->input_budget,
				 METRICS_LIMIT_INPUT_BUDGET) &&
	    c->anon)
		client_within_budget(c, len, &srv->anon_input, &c->in_counted,
				     srv->cfg->anon_input_budget, METRICS_LIMIT_ANON_INPUT_BUDGET);
}

/* Serve every whole frame waiting in the input, unless paused. Before
 * login, frames are held to anon-max-frame. */
static void client_process_input(struct client *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	const struct config *cfg = c->server->cfg;
	unsigned char hdr[FRAME_HEADER_LEN];
	size_t avail, plen = 0;
	unsigned max;

	while ((c->state == CLIENT_HELLO || c->state == CLIENT_READY) && !c->paused) {
		max = c->auth.logged_in || cfg->anon_max_frame > cfg->max_frame
			      ? cfg->max_frame
			      : cfg->anon_max_frame;
		avail = evbuffer_get_length(in);
		if (avail < FRAME_HEADER_LEN)
			break;
		evbuffer_copyout(in, hdr, sizeof(hdr));
		switch (frame_check(hdr, avail, max, &plen)) {
		case FRAME_NEED_MORE:
			goto out;
		case FRAME_EMPTY:
			client_fail_stream(c, YG_ERR_BAD_FRAME, "empty frame");
			return;
		case FRAME_TOO_LARGE:
			c->server->metrics.refusals[c->auth.logged_in || max == cfg->max_frame
							    ? METRICS_LIMIT_MAX_FRAME
							    : METRICS_LIMIT_ANON_MAX_FRAME]++;
			client_fail_stream(
				c, YG_ERR_FRAME_TOO_LARGE,
				c->auth.logged_in
					? "frame larger than max-frame"
					: "frame larger than anon-max-frame (log in first)");
			return;
		case FRAME_READY:
			client_take_frame(c, in, plen);
			break;
		}
	}
out:
	client_track_input(c);
}

/* Input arrived. While closing, it is read and discarded so that our last
 * reply is not lost to a reset. */
static void client_read_cb(struct bufferevent *bev, void *arg)
{
	struct client *c = arg;

	if (c->state == CLIENT_CLOSING) {
		evbuffer_drain(bufferevent_get_input(bev),
			       evbuffer_get_length(bufferevent_get_input(bev)));
		return;
	}
	client_process_input(c);
}

/* Resume reading once requests and output have drained. */
static void client_maybe_resume(struct client *c)
{
	if (!c->paused || c->state == CLIENT_DEAD || client_must_pause(c))
		return;
	c->paused = false;
	bufferevent_enable(c->bev, EV_READ);
	client_process_input(c);
}

/* The output buffer emptied. */
static void client_write_cb(struct bufferevent *bev, void *arg)
{
	struct client *c = arg;

	(void)bev;
	if (c->state == CLIENT_CLOSING)
		client_close(c, "closed after reply");
	else
		client_maybe_resume(c);
}

/* A request was answered (or abandoned). */
void client_request_done(struct client *c)
{
	c->inflight--;
	client_maybe_resume(c);
}

/* Why the connection failed: OpenSSL's first error, or the socket's. */
static const char *client_error_text(struct bufferevent *bev, char *buf, size_t len)
{
	unsigned long e, first = 0;

	while ((e = bufferevent_get_openssl_error(bev)) != 0)
		if (first == 0)
			first = e;
	if (first == 0)
		snprintf(buf, len, "%s", evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
	else
		ERR_error_string_n(first, buf, len);
	return buf;
}

/* Handshake done, end of stream, error or timeout. */
static void client_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct client *c = arg;
	char buf[256];

	if (what & BEV_EVENT_CONNECTED) {
		c->state = CLIENT_HELLO;
		log_debug("client %llu: TLS established", (unsigned long long)c->id);
		return;
	}
	if (what & BEV_EVENT_TIMEOUT) {
		c->server->metrics.refusals[METRICS_LIMIT_WRITE_TIMEOUT]++;
		client_close(c, "output unread past write-timeout");
		return;
	}
	if (what & BEV_EVENT_ERROR) {
		client_error_text(bev, buf, sizeof(buf));
		if (c->state == CLIENT_HANDSHAKE)
			log_limited(&c->server->handshake_log, LOG_INFO,
				    "client %llu from %s: TLS handshake failed: %s",
				    (unsigned long long)c->id, c->addr, buf);
		client_close(c, buf);
		return;
	}
	client_close(c, "end of stream");
}

/* Whether c receives events of stream. */
bool client_subscribed(const struct client *c, const char *stream)
{
	unsigned i;

	for (i = 0; i < c->nsubs; i++)
		if (strcmp(c->subs[i]->stream->name, stream) == 0)
			return true;
	return false;
}

/* Add stream to c's subscriptions (and c to the stream's subscribers); -1
 * when it has too many, or on no memory. A closed connection subscribes to
 * nothing. */
int client_subscribe(struct client *c, const char *stream)
{
	struct stream_sub *sub;

	if (c->state == CLIENT_DEAD || client_subscribed(c, stream))
		return 0;
	if (c->nsubs == CLIENT_MAX_SUBS ||
	    (sub = stream_index_add(&c->server->streams, stream, c)) == NULL)
		return -1;
	c->subs[c->nsubs++] = sub;
	client_arm(c);
	return 0;
}

/* Remove stream from c's subscriptions. */
void client_unsubscribe(struct client *c, const char *stream)
{
	unsigned i;

	for (i = 0; i < c->nsubs; i++)
		if (strcmp(c->subs[i]->stream->name, stream) == 0) {
			stream_index_remove(c->subs[i]);
			c->subs[i] = c->subs[--c->nsubs];
			client_arm(c);
			return;
		}
}

/* The TLS channel binding of this connection (see proto/auth.h). */
bool client_binding(struct client *c, unsigned char out[AUTH_BINDING_LEN])
{
	SSL *ssl = c->bev != NULL ? bufferevent_openssl_get_ssl(c->bev) : NULL;

	return ssl != NULL && auth_binding(ssl, out);
}

/* Record who logged in, from api.login's answer (taken over). */
void client_set_identity(struct client *c, cJSON *identity)
{
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(identity, "kind");

	cJSON_Delete(c->auth.identity);
	c->auth.identity = identity;
	c->auth.logged_in = true;
	c->auth.observer = cJSON_IsString(kind) && strcmp(kind->valuestring, "observer") == 0;
	c->auth.id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(identity, "id"));
	c->auth.key_id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(identity, "key"));
	c->auth.committee =
		(long long)cJSON_GetNumberValue(cJSON_GetObjectItem(identity, "committee"));
	c->auth.roles = roles_from_json(cJSON_GetObjectItem(identity, "roles"));
	client_uncount_anon(c);
	client_arm(c);
	log_info("client %llu: logged in as %s %lld of committee %lld", (unsigned long long)c->id,
		 c->auth.observer ? "observer" : "member", c->auth.id, c->auth.committee);
}
