/* One connected terminal: its TLS stream, its state and its subscriptions. */
#ifndef YG_SERVER_CLIENT_H
#define YG_SERVER_CLIENT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include <cjson/cJSON.h>
#include <event2/bufferevent.h>

#include "../proto/auth.h"
#include "server.h"

#define CLIENT_MAX_SUBS 32

struct dispatch_pending;

/* Who is on the other end, once logged in. */
struct client_auth {
	bool logged_in;
	bool observer;
	long long id;     /* member or observer id */
	long long key_id; /* member_key id; 0 for observers */
	long long committee;
	unsigned roles;
	unsigned char pub[SIG_PUB_LEN]; /* the key logged in with */
	cJSON *identity;                /* as api.login returned it, for auth.whoami */
};

enum client_state {
	CLIENT_HANDSHAKE, /* TLS handshake under way; on server.clients */
	CLIENT_HELLO,     /* TLS up, waiting for hello; on server.clients */
	CLIENT_READY,     /* hello done, taking requests; on server.clients */
	CLIENT_CLOSING,   /* last reply queued, closed once written; on server.clients */
	CLIENT_DEAD,      /* on server.dead; freed when no request holds it */
};

struct client {
	TAILQ_ENTRY(client) entry;
	struct server *server;
	struct bufferevent *bev;
	enum client_state state;
	unsigned refs;     /* one for the connection, one per request in flight */
	unsigned inflight; /* requests not yet answered */
	bool paused;       /* input is not being read, for backpressure */
	unsigned proto_version;
	uint64_t id;
	char addr[80];                  /* host:port, for the log */
	char host[64];                  /* the network address alone */
	bool anon;                      /* counted in server.nanon and anon_peers (not logged in) */
	size_t in_counted;              /* input bytes counted in server.anon_input */
	size_t in_total;                /* input bytes counted in server.input_total */
	struct event *timer_ev;         /* the next deadline below */
	uint64_t accepted_ms, ready_ms; /* monotonic: accept, hello */
	uint64_t frame_since_ms;        /* an unfinished frame's first byte arrived; 0: none */
	struct stream_sub *subs[CLIENT_MAX_SUBS]; /* each on its stream's list */
	unsigned nsubs;
	bool has_nonce; /* a challenge is outstanding */
	unsigned char nonce[AUTH_NONCE_LEN];
	struct client_auth auth;
	/* requests waiting for their signature check, in arrival order (dispatch.c) */
	struct dispatch_pending *pending, *pending_tail;
};

void client_accept(struct server *srv, evutil_socket_t fd, const struct sockaddr *sa, int salen);
void client_send(struct client *c, const cJSON *msg);
bool client_send_frame(struct client *c, const void *frame, size_t len);
void client_close(struct client *c, const char *why);
void client_close_after_write(struct client *c);
void client_set_ready(struct client *c, unsigned version);
void client_ref(struct client *c);
void client_unref(struct client *c);
void client_request_done(struct client *c);
void client_reap(struct server *srv);

bool client_subscribed(const struct client *c, const char *stream);
int client_subscribe(struct client *c, const char *stream);
void client_unsubscribe(struct client *c, const char *stream);
bool client_binding(struct client *c, unsigned char out[AUTH_BINDING_LEN]);
void client_set_identity(struct client *c, cJSON *identity);

#endif
