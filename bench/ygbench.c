/*
 * ygbench: a load generator for ygd, over TLS 1.3 on one libevent loop.
 *
 *   ygbench HOST:PORT conns N          open N connections, hello on each, then
 *                                      hold them until SIGINT/SIGTERM or stdin closes
 *   ygbench HOST:PORT ping C D [--db] [--pid PID]
 *                                      C connections, each with one ping outstanding
 *                                      back-to-back, for D seconds; with --pid, also
 *                                      the CPU time process PID (ygd) used meanwhile
 *
 * Results go to stdout as key=value lines for bench/run.sh. The server's
 * certificate is not checked: this measures, it does not trust.
 */
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "../proto/envelope.h"
#include "../proto/frame.h"
#include "common/measure.h"

#define BENCH_PENDING_MAX 256     /* handshakes in progress at once */
#define BENCH_SETUP_SECS  30      /* for a connection to finish TLS and hello */
#define BENCH_MAX_FRAME   1048576 /* largest reply accepted */
#define BENCH_REQUEST_MAX 256     /* largest request we build */

enum conn_state {
	CONN_OPENING, /* TCP connect, TLS handshake, hello outstanding */
	CONN_READY,   /* hello answered */
	CONN_DEAD,    /* closed; its bufferevent is freed */
};

struct bench;

struct conn {
	struct bench *b;
	struct bufferevent *bev;
	enum conn_state state;
	uint64_t next_id;
	uint64_t sent_ns; /* when the outstanding request left */
};

enum bench_mode { MODE_CONNS, MODE_PING };

struct bench {
	enum bench_mode mode;
	bool db;         /* ping with {"db": true} */
	unsigned target; /* connections to open */
	double duration; /* ping: seconds to measure */
	long server_pid; /* ping: whose CPU time to report, 0 for none */
	struct event_base *base;
	SSL_CTX *ctx;
	struct sockaddr_storage addr;
	int addrlen;
	struct conn *conns;
	unsigned started, pending, ready, failed, dropped;
	bool opened;  /* every connection has succeeded or failed */
	bool running; /* ping: inside the measured window */
	uint64_t t_open, t_start, t_end;
	uint64_t requests, errors;
	double cpu_self, cpu_server; /* CPU seconds: at the start, then used */
	struct lat lat;
	struct event *deadline_ev, *sigint_ev, *sigterm_ev, *stdin_ev;
};

static void bench_open_more(struct bench *b);

/* Frame and queue one request; takes args. */
static int conn_send(struct conn *c, const char *op, cJSON *args)
{
	cJSON *msg = envelope_request(++c->next_id, op, args);
	unsigned char buf[FRAME_HEADER_LEN + BENCH_REQUEST_MAX];
	size_t len = 0;
	char *s = envelope_encode(msg, &len);
	int rc = -1;

	/* One write, so the frame leaves as one TLS record. */
	if (s != NULL && len <= BENCH_REQUEST_MAX) {
		frame_header_encode(buf, (uint32_t)len);
		memcpy(buf + FRAME_HEADER_LEN, s, len);
		rc = bufferevent_write(c->bev, buf, FRAME_HEADER_LEN + len);
	}
	cJSON_free(s);
	cJSON_Delete(msg);
	return rc;
}

static int conn_send_hello(struct conn *c)
{
	cJSON *args = cJSON_CreateObject();
	int one = 1;

	cJSON_AddItemToObject(args, "versions", cJSON_CreateIntArray(&one, 1));
	cJSON_AddStringToObject(args, "client", "ygbench");
	return conn_send(c, "hello", args);
}

static int conn_send_ping(struct conn *c)
{
	cJSON *args = cJSON_CreateObject();

	if (c->b->db)
		cJSON_AddBoolToObject(args, "db", 1);
	c->sent_ns = now_ns();
	return conn_send(c, "ping", args);
}

/* Whether every connection asked for has either succeeded or failed. */
static bool bench_opened_all(const struct bench *b)
{
	return b->ready + b->failed == b->target;
}

/* conns mode: every connection is up; report, then hold them. */
static void bench_hold(struct bench *b)
{
	printf("mode=conns target=%u ok=%u failed=%u elapsed_s=%.3f\n", b->target, b->ready,
	       b->failed, secs_between(b->t_open, now_ns()));
	printf("held\n");
	fflush(stdout);
	evsignal_add(b->sigint_ev, NULL);
	evsignal_add(b->sigterm_ev, NULL);
	if (b->stdin_ev != NULL)
		event_add(b->stdin_ev, NULL);
}

/* ping mode: every connection is up; start the clock and the pings. */
static void bench_start_pings(struct bench *b)
{
	struct timeval d = {(time_t)b->duration,
			    (suseconds_t)((b->duration - floor(b->duration)) * 1e6)};
	unsigned i;

	if (b->ready == 0) {
		event_base_loopbreak(b->base);
		return;
	}
	b->running = true;
	b->cpu_self = cpu_self_secs();
	b->cpu_server = cpu_pid_secs(b->server_pid);
	b->t_start = now_ns();
	event_add(b->deadline_ev, &d);
	for (i = 0; i < b->started; i++)
		if (b->conns[i].state == CONN_READY)
			conn_send_ping(&b->conns[i]);
}

/* A connection in progress succeeded or failed: start the next one. */
static void bench_setup_step(struct bench *b)
{
	b->pending--;
	bench_open_more(b);
}

/* Close c, counting it as failed during setup or dropped afterwards. */
static void conn_lose(struct conn *c, const char *why)
{
	struct bench *b = c->b;
	enum conn_state was = c->state;

	c->state = CONN_DEAD;
	bufferevent_free(c->bev);
	c->bev = NULL;
	if (was == CONN_OPENING) {
		if (b->failed++ < 5)
			fprintf(stderr, "ygbench: connection failed: %s\n", why);
		bench_setup_step(b);
	} else if (was == CONN_READY) {
		if (b->dropped++ < 5)
			fprintf(stderr, "ygbench: connection dropped: %s\n", why);
	}
}

/* The hello reply arrived. */
static void conn_on_hello(struct conn *c, const struct yg_reply *r)
{
	if (r->kind != YG_MSG_RESULT || r->id != c->next_id) {
		conn_lose(c, r->kind == YG_MSG_ERROR ? r->message : "bad hello reply");
		return;
	}
	c->state = CONN_READY;
	bufferevent_set_timeouts(c->bev, NULL, NULL);
	c->b->ready++;
	bench_setup_step(c->b);
}

/* A ping reply arrived: count it if inside the window, then ping again. */
static void conn_on_ping(struct conn *c, const struct yg_reply *r)
{
	struct bench *b = c->b;
	uint64_t t = now_ns();

	if (!b->running)
		return;
	if (r->kind == YG_MSG_RESULT && r->id == c->next_id &&
	    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->result, "pong"))) {
		b->requests++;
		lat_add(&b->lat, (int64_t)(t - c->sent_ns));
	} else {
		if (b->errors++ < 5)
			fprintf(stderr, "ygbench: ping failed: %s\n",
				r->kind == YG_MSG_ERROR ? r->message : "unexpected reply");
	}
	conn_send_ping(c);
}

/* Serve one message's payload; events are ignored. */
static void conn_on_message(struct conn *c, const char *payload, size_t len)
{
	const char *why = NULL;
	enum yg_err err;
	struct yg_reply r;
	cJSON *msg = envelope_decode(payload, len, &err, &why);

	if (msg == NULL) {
		conn_lose(c, why);
		return;
	}
	if (envelope_parse_reply(msg, &r) != YG_MSG_EVENT) {
		if (c->state == CONN_OPENING)
			conn_on_hello(c, &r);
		else
			conn_on_ping(c, &r);
	}
	cJSON_Delete(msg);
}

/* Take every whole frame off the input. */
static void conn_read_cb(struct bufferevent *bev, void *arg)
{
	struct conn *c = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	unsigned char hdr[FRAME_HEADER_LEN];
	size_t avail, plen = 0;
	enum frame_status st;

	while (c->state != CONN_DEAD && (avail = evbuffer_get_length(in)) >= FRAME_HEADER_LEN) {
		evbuffer_copyout(in, hdr, sizeof(hdr));
		st = frame_check(hdr, avail, BENCH_MAX_FRAME, &plen);
		if (st == FRAME_NEED_MORE)
			return;
		if (st != FRAME_READY) {
			conn_lose(c, "bad frame from server");
			return;
		}
		conn_on_message(c,
				(const char *)evbuffer_pullup(in, FRAME_HEADER_LEN + plen) +
					FRAME_HEADER_LEN,
				plen);
		if (c->state != CONN_DEAD)
			evbuffer_drain(in, FRAME_HEADER_LEN + plen);
	}
}

/* TLS is up, or the connection ended. */
static void conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct conn *c = arg;
	char buf[256];
	int on = 1;

	if (what & BEV_EVENT_CONNECTED) {
		setsockopt(bufferevent_getfd(bev), IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
		if (conn_send_hello(c) != 0)
			conn_lose(c, "cannot send hello");
		return;
	}
	if (what & BEV_EVENT_TIMEOUT)
		conn_lose(c, "timed out");
	else if (what & BEV_EVENT_ERROR)
		conn_lose(c, bench_error_text(bev, buf, sizeof(buf)));
	else if (c->state == CONN_OPENING)
		conn_lose(c, "closed before hello was answered (refused, or ygd at max-clients?)");
	else
		conn_lose(c, "closed by ygd");
}

/* Begin connecting c: TCP, then the TLS handshake, then hello. */
static void conn_start(struct bench *b, struct conn *c)
{
	struct timeval t = {BENCH_SETUP_SECS, 0};
	SSL *ssl = SSL_new(b->ctx);

	c->b = b;
	c->state = CONN_OPENING;
	b->pending++;
	c->bev = ssl == NULL ? NULL
			     : bufferevent_openssl_socket_new(b->base, -1, ssl,
							      BUFFEREVENT_SSL_CONNECTING,
							      BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL) {
		SSL_free(ssl);
		c->state = CONN_DEAD;
		b->failed++;
		b->pending--;
		return;
	}
	bufferevent_openssl_set_allow_dirty_shutdown(c->bev, 1);
	bufferevent_setcb(c->bev, conn_read_cb, NULL, conn_event_cb, c);
	bufferevent_set_timeouts(c->bev, &t, &t);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	if (bufferevent_socket_connect(c->bev, (struct sockaddr *)&b->addr, b->addrlen) == 0)
		return;
	/* Not through conn_lose: that would start the next one from in here. */
	if (b->failed++ < 5)
		fprintf(stderr, "ygbench: cannot connect: %s\n", strerror(errno));
	bufferevent_free(c->bev);
	c->bev = NULL;
	c->state = CONN_DEAD;
	b->pending--;
}

/* Start connections until the window is full or all have been started;
 * once every one has ended either way, move on to holding or pinging. */
static void bench_open_more(struct bench *b)
{
	while (b->pending < BENCH_PENDING_MAX && b->started < b->target)
		conn_start(b, &b->conns[b->started++]);
	if (b->opened || !bench_opened_all(b))
		return;
	b->opened = true;
	if (b->mode == MODE_CONNS)
		bench_hold(b);
	else
		bench_start_pings(b);
}

/* ping mode: the measured window is over. */
static void bench_deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	struct bench *b = arg;

	(void)fd;
	(void)what;
	b->running = false;
	b->t_end = now_ns();
	b->cpu_self = cpu_self_secs() - b->cpu_self;
	if (b->cpu_server >= 0)
		b->cpu_server = cpu_pid_secs(b->server_pid) - b->cpu_server;
	event_base_loopbreak(b->base);
}

/* conns mode: a signal, or stdin closed: release the connections. */
static void bench_release_cb(evutil_socket_t fd, short what, void *arg)
{
	struct bench *b = arg;
	char buf[256];

	(void)what;
	if (fd == STDIN_FILENO && read(fd, buf, sizeof(buf)) > 0)
		return;
	event_base_loopbreak(b->base);
}

/* Watch stdin only when it can close under us: a pipe, socket or terminal
 * (a background job's /dev/null would end the hold at once). */
static bool stdin_watchable(void)
{
	struct stat st;

	if (fstat(STDIN_FILENO, &st) != 0)
		return false;
	return S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || isatty(STDIN_FILENO);
}

/* Create the loop, TLS context and events; -1 with a message on failure. */
static int bench_setup(struct bench *b)
{
	b->base = event_base_new();
	b->ctx = bench_tls_ctx();
	b->conns = calloc(b->target, sizeof(*b->conns));
	if (b->base == NULL || b->ctx == NULL || b->conns == NULL) {
		fprintf(stderr, "ygbench: cannot set up the event loop or TLS\n");
		return -1;
	}
	b->deadline_ev = evtimer_new(b->base, bench_deadline_cb, b);
	b->sigint_ev = evsignal_new(b->base, SIGINT, bench_release_cb, b);
	b->sigterm_ev = evsignal_new(b->base, SIGTERM, bench_release_cb, b);
	if (b->mode == MODE_CONNS && stdin_watchable())
		b->stdin_ev =
			event_new(b->base, STDIN_FILENO, EV_READ | EV_PERSIST, bench_release_cb, b);
	return 0;
}

/* Free every connection and what setup made. */
static void bench_teardown(struct bench *b)
{
	unsigned i;

	for (i = 0; i < b->started; i++)
		if (b->conns[i].bev != NULL)
			bufferevent_free(b->conns[i].bev);
	free(b->conns);
	free(b->lat.v);
	if (b->stdin_ev != NULL)
		event_free(b->stdin_ev);
	if (b->deadline_ev != NULL) {
		event_free(b->deadline_ev);
		event_free(b->sigint_ev);
		event_free(b->sigterm_ev);
	}
	SSL_CTX_free(b->ctx);
	if (b->base != NULL)
		event_base_free(b->base);
}

/* ping mode: the figures of the measured window. */
static void bench_report_ping(struct bench *b)
{
	double secs = b->t_end > b->t_start ? secs_between(b->t_start, b->t_end) : 0;

	lat_sort(&b->lat);
	printf("mode=ping conc=%u db=%d ok_conns=%u failed=%u dropped=%u duration_s=%.3f "
	       "requests=%llu errors=%llu rps=%.1f p50_us=%.1f p99_us=%.1f max_us=%.1f "
	       "cpu_self_s=%.2f cpu_server_s=%.2f\n",
	       b->target, b->db, b->ready, b->failed, b->dropped, secs,
	       (unsigned long long)b->requests, (unsigned long long)b->errors,
	       secs > 0 ? (double)b->requests / secs : 0.0, lat_pct_us(&b->lat, 0.50),
	       lat_pct_us(&b->lat, 0.99), lat_pct_us(&b->lat, 1.0), secs > 0 ? b->cpu_self : 0.0,
	       secs > 0 && b->server_pid > 0 ? b->cpu_server : -1.0);
}

static void usage(void)
{
	fprintf(stderr, "usage: ygbench HOST:PORT conns N\n"
			"       ygbench HOST:PORT ping CONCURRENCY SECONDS [--db] [--pid PID]\n");
	exit(2);
}

/* A whole number from 1 to max, or usage. */
static unsigned parse_count(const char *s, unsigned max)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 1 || v > max)
		usage();
	return (unsigned)v;
}

/* ping mode's options after CONCURRENCY and SECONDS. */
static void parse_ping_opts(struct bench *b, int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0)
			b->db = true;
		else if (strcmp(argv[i], "--pid") == 0 && i + 1 < argc)
			b->server_pid = (long)parse_count(argv[++i], 0x7fffffff);
		else
			usage();
	}
}

/* Fill b from the command line, or print usage and exit. */
static void parse_args(struct bench *b, int argc, char **argv)
{
	b->addrlen = sizeof(b->addr);
	if (argc < 4 ||
	    evutil_parse_sockaddr_port(argv[1], (struct sockaddr *)&b->addr, &b->addrlen) != 0)
		usage();
	if (strcmp(argv[2], "conns") == 0 && argc == 4) {
		b->mode = MODE_CONNS;
		b->target = parse_count(argv[3], 1000000);
	} else if (strcmp(argv[2], "ping") == 0 && argc >= 5) {
		b->mode = MODE_PING;
		b->target = parse_count(argv[3], 1000000);
		b->duration = parse_count(argv[4], 3600);
		parse_ping_opts(b, argc - 5, argv + 5);
	} else {
		usage();
	}
}

int main(int argc, char **argv)
{
	struct bench b;
	int rc = 1;

	memset(&b, 0, sizeof(b));
	parse_args(&b, argc, argv);
	signal(SIGPIPE, SIG_IGN);
	raise_fd_limit();
	if (bench_setup(&b) == 0) {
		b.t_open = now_ns();
		bench_open_more(&b);
		event_base_dispatch(b.base);
		if (b.mode == MODE_PING)
			bench_report_ping(&b);
		else
			printf("released dropped=%u\n", b.dropped);
		rc = b.ready > 0 ? 0 : 1;
	}
	bench_teardown(&b);
	return rc;
}
