/* A terminal's connection to ygd: TCP, TLS 1.3 with the server certificate
 * checked against a pinned fingerprint or a CA, then hello. Blocking, with a
 * timeout on every step: a command-line client waits for one thing at a time. */
#ifndef YG_CLIENT_CONN_H
#define YG_CLIENT_CONN_H

#include <stdint.h>

#include <cjson/cJSON.h>
#include <openssl/ssl.h>

#include "../proto/auth.h"

/* Exit codes of yg. */
#define YG_EXIT_OK      0
#define YG_EXIT_REFUSED 1 /* the server answered with an error */
#define YG_EXIT_USAGE   2
#define YG_EXIT_CONNECT 3 /* no connection, or the certificate was refused */

struct yg_opts {
	const char *server;      /* HOST:PORT */
	const char *fingerprint; /* --fingerprint, NULL if not given */
	const char *ca;          /* --ca, NULL if not given */
	const char *home;        /* the yg home directory */
	const char *key;         /* --key: the private key file, NULL for home/key.pem */
	long long committee;     /* --committee: to log in to, 0 if not given */
	int server_given;        /* whether --server or YG_SERVER named the server */
	unsigned timeout_s;
};

struct yg_conn {
	const struct yg_opts *opts;
	int fd;
	SSL_CTX *ctx;
	SSL *ssl;
	uint64_t next_id;
	int proto_version;
	char server_version[64];
	char err_code[48];     /* of the last failed call */
	char err_message[512]; /* of the last failed call, the server's English */
	char err_text[512];    /* the same for a person, in the chosen language */
	/* Events that arrive while conn_call waits for its answer go here when
	 * set (the callee does not keep msg); otherwise they are dropped. */
	void (*on_event)(void *ctx, const cJSON *msg);
	void *event_ctx;
	/* Once logged in: the key that signs state-changing requests
	 * (proto/reqsig.h), the committee, and the meeting-log head last seen
	 * ({"meeting", "seq", "hash"}, or NULL), which they are bound to. */
	EVP_PKEY *sign_key;
	long long committee;
	cJSON *head;
};

int conn_open(struct yg_conn *c, const struct yg_opts *opts);
void conn_close(struct yg_conn *c);
int conn_call(struct yg_conn *c, const char *op, cJSON *args, cJSON **result);
void conn_set_head(struct yg_conn *c, long long meeting, long long seq, const char *hash);
int conn_send_raw(struct yg_conn *c, const void *buf, size_t len);
int conn_recv(struct yg_conn *c, cJSON **msg);
void conn_print_error(const struct yg_conn *c);
EVP_PKEY *conn_load_key(const struct yg_opts *opts);
int conn_prove_key(struct yg_conn *c, enum auth_purpose purpose, long long committee, cJSON *args);
int conn_login(struct yg_conn *c);
int conn_session(struct yg_conn *c, const struct yg_opts *opts, int login);
int conn_call_print(struct yg_conn *c, const char *op, cJSON *args, cJSON **result);
/* conn_poll.c: whether a message can be read now without waiting. */
int conn_pending(struct yg_conn *c);

#endif
