/* A raw test client: TLS 1.3 (or plain TCP) to ygd, with frames written and
 * read by hand so tests can send what yg never would. */
#ifndef YG_TESTS_TCLIENT_H
#define YG_TESTS_TCLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

struct tclient {
	int fd;
	SSL_CTX *ctx;
	SSL *ssl;
	uint64_t next_id;
	/* After tc_login: tc_call signs state-changing requests with key for
	 * committee (proto/reqsig.h), as yg does, unless unsigned is set. */
	EVP_PKEY *key;
	long long committee;
	bool unsigned_requests;
};

int tc_tcp(int port);
int tc_connect(struct tclient *tc, int port);
int tc_connect_plain(struct tclient *tc, int port);
int tc_connect_hello(struct tclient *tc, int port);
void tc_close(struct tclient *tc);

int tc_send_raw(struct tclient *tc, const void *buf, size_t len);
int tc_send_frame(struct tclient *tc, const char *payload, size_t len);
int tc_send_json(struct tclient *tc, const char *json);
cJSON *tc_recv(struct tclient *tc, int timeout_ms);
cJSON *tc_call(struct tclient *tc, const char *op, const char *args_json);
bool tc_closed_by_peer(struct tclient *tc, int timeout_ms);

const char *tc_error_code(const cJSON *msg);
const cJSON *tc_result(const cJSON *msg);
bool tc_ping_ok(struct tclient *tc);
bool tc_wait_db_ready(int port, int timeout_ms);

/* Call op with printf-formatted args; the reply (caller frees). */
cJSON *tc_callf(struct tclient *tc, const char *op, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A reply's error code, "ok" or "no reply" (static buffer); frees it. */
const char *tc_code(cJSON *reply);
/* A number in a successful reply's result; -1 (and a message) otherwise; frees it. */
long long tc_num(cJSON *reply, const char *name);

/* Signing as a terminal does (proto/auth.h). */

char *tc_pub_text(EVP_PKEY *key, char out[52]);
cJSON *tc_signed_args(struct tclient *tc, EVP_PKEY *key, int purpose, long long committee,
		      const char *nonce_text);
cJSON *tc_login(struct tclient *tc, EVP_PKEY *key, long long committee);

#endif
