#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/listener.h>
#include <openssl/ssl.h>

#include "../proto/group.h"
#include "client.h"
#include "db_listen.h"
#include "db_pool.h"
#include "vote_cache.h"
#include "worker.h"
#include "log.h"
#include "metrics_http.h"
#include "ops/ops.h"
#include "portal/portal.h"
#include "server.h"
#include "signkey.h"
#include "sourcetag.h"
#include "streams.h"
#include "tls.h"

#define SERVER_DRAIN_S 5 /* seconds to finish requests in flight at shutdown */

/* Let one process hold as many sockets as the hard limit allows. */
static void server_raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* Descriptors kept aside for the database, the listeners, the log and the
 * key files, beyond the connections' own. */
#define SERVER_SPARE_FDS 64

/* Fit max-clients and http-max-conns within the descriptors this process
 * may open, so that accept() never fails for want of one: a connection
 * over a cap is refused politely instead. The portal gets at most a
 * quarter when they must share. */
static void server_fit_descriptors(struct server *srv)
{
	const struct config *cfg = srv->cfg;
	unsigned long avail, http = cfg->http_listen[0] != '\0' ? cfg->http_max_conns : 0;
	unsigned long spare = SERVER_SPARE_FDS + cfg->db_pool + cfg->http_db_pool;
	struct rlimit rl;

	srv->max_clients = cfg->max_clients;
	srv->http_max_conns = cfg->http_max_conns;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return;
	avail = rl.rlim_cur > spare + 2 ? rl.rlim_cur - spare : 2;
	if (cfg->max_clients + http <= avail)
		return;
	if (http > 0) {
		http = http < avail / 4 ? http : avail / 4 > 0 ? avail / 4 : 1;
		srv->http_max_conns = (unsigned)http;
	}
	srv->max_clients =
		(unsigned)(cfg->max_clients < avail - http ? cfg->max_clients : avail - http);
	log_warn("this process may open %lu files (RLIMIT_NOFILE): serving at most %u terminals "
		 "(max-clients %u) and %u portal visitors (http-max-conns %u)",
		 (unsigned long)rl.rlim_cur, srv->max_clients, cfg->max_clients,
		 srv->http_max_conns, cfg->http_max_conns);
}

/* Monotonic milliseconds, for deadlines. */
uint64_t server_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* A TCP connection arrived. */
static void server_accept_cb(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
			     int salen, void *arg)
{
	(void)l;
	client_accept(arg, fd, sa, salen);
}

/* Accepting failed, most likely for want of descriptors: pause for a second
 * rather than spin. */
static void server_accept_error_cb(struct evconnlistener *l, void *arg)
{
	struct server *srv = arg;
	struct timeval one = {1, 0};

	log_limited(&srv->refusal_log, LOG_WARN, "accept: %s; pausing new connections for 1 s",
		    evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
	evconnlistener_disable(l);
	evtimer_add(srv->resume_ev, &one);
}

static void server_resume_cb(evutil_socket_t fd, short what, void *arg)
{
	struct server *srv = arg;

	(void)fd;
	(void)what;
	evconnlistener_enable(srv->listener);
}

static void server_reap_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	client_reap(arg);
}

/* Whether every request has been answered and every answer written. */
static bool server_drained(struct server *srv)
{
	struct client *c;

	TAILQ_FOREACH(c, &srv->clients, entry)
		if (c->inflight > 0 ||
		    (c->bev != NULL && evbuffer_get_length(bufferevent_get_output(c->bev)) > 0))
			return false;
	return true;
}

/* While stopping: end the loop once drained, or at the deadline. */
static void server_drain_cb(evutil_socket_t fd, short what, void *arg)
{
	struct server *srv = arg;
	struct timeval now;

	(void)fd;
	(void)what;
	event_base_gettimeofday_cached(srv->base, &now);
	if (server_drained(srv) || timercmp(&now, &srv->stop_deadline, >))
		event_base_loopbreak(srv->base);
}

/* SIGINT or SIGTERM: accept no more connections, let requests in flight be
 * answered (for up to SERVER_DRAIN_S), then stop; a second signal stops at
 * once. Cleanup happens in server_run. */
static void server_signal_cb(evutil_socket_t sig, short what, void *arg)
{
	struct server *srv = arg;
	struct timeval tick = {0, 20000}, limit = {SERVER_DRAIN_S, 0}, now;

	(void)what;
	if (srv->drain_ev != NULL) {
		log_info("signal %d again: stopping now", (int)sig);
		event_base_loopbreak(srv->base);
		return;
	}
	log_info("signal %d: shutting down", (int)sig);
	evconnlistener_disable(srv->listener);
	event_base_gettimeofday_cached(srv->base, &now);
	timeradd(&now, &limit, &srv->stop_deadline);
	srv->drain_ev = event_new(srv->base, -1, EV_PERSIST, server_drain_cb, srv);
	event_add(srv->drain_ev, &tick);
}

/* Write the bound port where a test or script asked for it. */
static int server_write_port(const char *path, int port)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL || fprintf(f, "%d\n", port) < 0 || fclose(f) != 0 || rename(tmp, path) != 0) {
		log_error("cannot write port file %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Resolve "host:port" or "[v6]:port" (port 0: any free port). */
int server_parse_addr(const char *text, struct sockaddr_storage *ss, int *len)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE}, *res;
	const char *colon = strrchr(text, ':');
	char host[256];
	size_t n;

	if (colon == NULL || colon[1] == '\0')
		return -1;
	n = (size_t)(colon - text);
	if (n >= 2 && text[0] == '[' && text[n - 1] == ']') {
		text++;
		n -= 2;
	}
	if (n == 0 || n >= sizeof(host))
		return -1;
	memcpy(host, text, n);
	host[n] = '\0';
	if (getaddrinfo(host, colon + 1, &hints, &res) != 0)
		return -1;
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = (int)res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

/* Log the port a listener fd got and write it to port_file if set. */
int server_bound_port(evutil_socket_t fd, const char *what, const char *addr, const char *port_file)
{
	struct sockaddr_storage ss;
	socklen_t slen = sizeof(ss);
	int port;

	getsockname(fd, (struct sockaddr *)&ss, &slen);
	port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
					      : ((struct sockaddr_in *)&ss)->sin_port);
	log_info("%s %s (port %d)", what, addr, port);
	return port_file[0] != '\0' ? server_write_port(port_file, port) : 0;
}

/* Bind the terminals' address; -1 with the reason logged. */
static int server_listen(struct server *srv)
{
	struct sockaddr_storage ss;
	int len = sizeof(ss), port;
	socklen_t slen = sizeof(ss);

	if (server_parse_addr(srv->cfg->listen, &ss, &len) != 0) {
		log_error("listen address \"%s\" is not HOST:PORT", srv->cfg->listen);
		return -1;
	}
	srv->listener = evconnlistener_new_bind(srv->base, server_accept_cb, srv,
						LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE |
							LEV_OPT_CLOSE_ON_EXEC,
						1024, (struct sockaddr *)&ss, len);
	if (srv->listener == NULL) {
		log_error("cannot listen on %s: %s", srv->cfg->listen, strerror(errno));
		return -1;
	}
	evconnlistener_set_error_cb(srv->listener, server_accept_error_cb);
	getsockname(evconnlistener_get_fd(srv->listener), (struct sockaddr *)&ss, &slen);
	port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
					      : ((struct sockaddr_in *)&ss)->sin_port);
	log_info("listening on %s (port %d), TLS 1.3, certificate sha256 %s", srv->cfg->listen,
		 port, srv->fingerprint);
	if (srv->cfg->port_file[0] != '\0')
		return server_write_port(srv->cfg->port_file, port);
	return 0;
}

/* Database connections: as set, or twice the workers and at least 4, so
 * that each worker's verified ballot finds a connection for its one short
 * statement while others are being stored. */
static unsigned server_db_pool_size(const struct server *srv)
{
	unsigned n = 2 * worker_pool_size(srv->workers);

	return srv->cfg->db_pool != 0 ? srv->cfg->db_pool : n < 4 ? 4 : n > 64 ? 64 : n;
}

/* Create everything the loop needs. */
static int server_setup(struct server *srv, const struct config *cfg)
{
	char why[160];

	srv->cfg = cfg;
	srv->started = time(NULL);
	if (ops_check(why, sizeof(why)) != 0) {
		log_error("%s", why);
		return -1;
	}
	if (metrics_init(&srv->metrics, ops_names(), ops_count()) != 0)
		return -1;
	srv->metrics.start_time = (long long)srv->started;
	TAILQ_INIT(&srv->clients);
	TAILQ_INIT(&srv->dead);
	server_fit_descriptors(srv);
	if (peers_init(&srv->anon_peers, 4096) != 0 ||
	    stream_index_init(&srv->streams, 1024, srv) != 0 ||
	    ratelimit_init(&srv->login_fail_addr, 8192, cfg->login_fail_rate,
			   cfg->login_fail_rate) != 0 ||
	    ratelimit_init(&srv->login_fail_key, 8192, cfg->login_fail_rate,
			   cfg->login_fail_rate) != 0)
		return -1;
	srv->base = event_base_new();
	if (srv->base == NULL || event_base_priority_init(srv->base, PRIO_COUNT) != 0)
		return -1;
	srv->tls = tls_server_ctx(cfg->cert, cfg->key, srv->fingerprint);
	if (srv->tls == NULL)
		return -1;
	srv->sign_key = signkey_load(cfg->sign_key, srv->sign_pub);
	if (srv->sign_key == NULL || sourcetag_key(srv->sign_key, srv->source_key) != 0)
		return -1;
	srv->group = group_new(group_rand_system, NULL);
	if (srv->group == NULL)
		return -1;
	srv->reap_ev = event_new(srv->base, -1, 0, server_reap_cb, srv);
	srv->resume_ev = evtimer_new(srv->base, server_resume_cb, srv);
	srv->sigint_ev = evsignal_new(srv->base, SIGINT, server_signal_cb, srv);
	srv->sigterm_ev = evsignal_new(srv->base, SIGTERM, server_signal_cb, srv);
	evsignal_add(srv->sigint_ev, NULL);
	evsignal_add(srv->sigterm_ev, NULL);
	if (server_listen(srv) != 0)
		return -1;
	srv->workers = worker_pool_new(srv->base,
				       cfg->workers != 0 ? cfg->workers : worker_default_count());
	srv->vote_cache = vote_cache_new();
	if (srv->workers == NULL || srv->vote_cache == NULL)
		return -1;
	srv->db = db_pool_new(srv->base, cfg->db, server_db_pool_size(srv), cfg->db_timeout,
			      stream_db_state_cb, srv);
	db_pool_set_metrics(srv->db, &srv->metrics.pools[METRICS_POOL_TERMINALS]);
	srv->notify = db_listen_new(srv->base, cfg->db, stream_notify_cb, srv);
	if (cfg->http_listen[0] != '\0' && (srv->portal = portal_start(srv)) == NULL)
		return -1;
	if (cfg->metrics_listen[0] != '\0' && (srv->metrics_http = metrics_http_start(srv)) == NULL)
		return -1;
	return 0;
}

/* Close every terminal and connection, then free what setup made. */
static void server_teardown(struct server *srv)
{
	struct client *c;

	if (srv->listener != NULL)
		evconnlistener_free(srv->listener);
	metrics_http_free(srv->metrics_http);
	portal_free(srv->portal);
	while ((c = TAILQ_FIRST(&srv->clients)) != NULL)
		client_close(c, "server shutting down");
	/* Verifications in flight finish and may queue their statements; pending
	 * queries answer their (now dead) clients before the pool goes. */
	worker_pool_free(srv->workers);
	portal_release(); /* after the workers that laid out its documents */
	db_pool_free(srv->db);
	vote_cache_free(srv->vote_cache);
	db_listen_free(srv->notify);
	client_reap(srv);
	if (srv->reap_ev != NULL) {
		event_free(srv->reap_ev);
		event_free(srv->resume_ev);
		event_free(srv->sigint_ev);
		event_free(srv->sigterm_ev);
	}
	if (srv->drain_ev != NULL)
		event_free(srv->drain_ev);
	SSL_CTX_free(srv->tls);
	EVP_PKEY_free(srv->sign_key);
	if (srv->group != NULL)
		group_free(srv->group);
	if (srv->base != NULL)
		event_base_free(srv->base);
	peers_free(&srv->anon_peers);
	stream_index_free(&srv->streams);
	ratelimit_free(&srv->login_fail_addr);
	ratelimit_free(&srv->login_fail_key);
	metrics_free(&srv->metrics);
}

/* Serve until SIGINT or SIGTERM; 0 on a clean stop. */
int server_run(const struct config *cfg)
{
	struct server srv;
	int rc = -1;

	memset(&srv, 0, sizeof(srv));
	signal(SIGPIPE, SIG_IGN);
	server_raise_fd_limit();
	if (server_setup(&srv, cfg) == 0) {
		log_info("ygd running; database: %s",
			 cfg->db[0] != '\0' ? "conninfo from --db or YGD_DB" : "PG* environment");
		rc = event_base_dispatch(srv.base) < 0 ? -1 : 0;
	}
	server_teardown(&srv);
	if (rc == 0)
		log_info("stopped");
	return rc;
}
