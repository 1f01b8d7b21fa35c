/* The server process: one event loop, its listener, its terminals and its
 * database connections. */
#ifndef YG_SERVER_SERVER_H
#define YG_SERVER_SERVER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <time.h>

#include <event2/event.h>
#include <event2/listener.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

#include "config.h"
#include "log.h"
#include "metrics.h"
#include "peers.h"
#include "portal/ratelimit.h"
#include "stream_index.h"

struct client;
struct group;
struct vote_cache;
struct worker_pool;
struct portal;
struct metrics_http;
TAILQ_HEAD(client_list, client);

/* The loop's event priorities (event_base_priority_init). An event gets
 * PRIO_DEFAULT unless set: the terminals, the database, the timers. The
 * public portal's visitors come after them, so that a crowd on the portal
 * never delays a vote. */
enum { PRIO_DEFAULT = 1, PRIO_PORTAL = 2, PRIO_COUNT = 3 };

struct server {
	struct event_base *base;
	const struct config *cfg;
	SSL_CTX *tls;
	struct evconnlistener *listener;
	struct db_pool *db;
	struct db_listen *notify;
	struct portal *portal;             /* the public web portal, NULL when off */
	struct metrics metrics;            /* counters, served by metrics_http */
	struct metrics_http *metrics_http; /* the Prometheus endpoint, NULL when off */
	struct client_list clients;        /* connected terminals */
	struct client_list dead;           /* closed, freed by the reaper next turn */
	struct stream_index streams;       /* the streams followed here, with their subscribers */
	struct event *reap_ev;
	struct event *sigint_ev, *sigterm_ev;
	struct event *resume_ev; /* re-enables accepting after a descriptor shortage */
	struct event *drain_ev;  /* set once stopping: polls for requests to finish */
	struct timeval stop_deadline;
	unsigned nclients;
	unsigned max_clients;    /* cfg's, or fewer if descriptors are short */
	unsigned http_max_conns; /* likewise for the portal */
	unsigned nanon;          /* connected but not logged in */
	struct peers anon_peers; /* of those, how many per address */
	size_t anon_input;       /* bytes of their unfinished frames */
	size_t input_total;      /* bytes of every connection's unfinished frames */
	struct ratelimit login_fail_addr, login_fail_key; /* failed logins allowed */
	struct log_limit refusal_log, handshake_log, login_log, budget_log, stream_log;
	uint64_t next_client_id;
	uint64_t server_seq; /* sequence number of the "server" stream */
	time_t started;
	char fingerprint[65];
	EVP_PKEY *sign_key;            /* signs tallies */
	struct group *group;           /* the ballot group, for checking ballots and keys */
	struct worker_pool *workers;   /* the threads that run proofs (worker.c) */
	struct vote_cache *vote_cache; /* open rounds' contexts (vote_cache.c) */
	char sign_pub[52];             /* its public key, "ed25519:..." */
	unsigned char source_key[32];  /* keys the tags of commenters' addresses */
};

int server_run(const struct config *cfg);
int server_parse_addr(const char *text, struct sockaddr_storage *ss, int *len);
int server_bound_port(evutil_socket_t fd, const char *what, const char *addr,
		      const char *port_file);
uint64_t server_now_ms(void); /* monotonic */

#endif
