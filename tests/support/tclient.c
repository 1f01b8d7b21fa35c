#include <errno.h>
#include <stdarg.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "../../proto/auth.h"
#include "../../proto/b64.h"
#include "../../proto/envelope.h"
#include "../../proto/frame.h"
#include "../../proto/reqsig.h"
#include "tclient.h"

/* A plain TCP connection to 127.0.0.1:port, or -1. */
int tc_tcp(int port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	return fd;
}

/* TLS 1.3 to ygd; the certificate is not checked (yg's tests do that). */
int tc_connect(struct tclient *tc, int port)
{
	memset(tc, 0, sizeof(*tc));
	tc->next_id = 1;
	tc->fd = tc_tcp(port);
	if (tc->fd < 0)
		return -1;
	tc->ctx = SSL_CTX_new(TLS_client_method());
	SSL_CTX_set_min_proto_version(tc->ctx, TLS1_3_VERSION);
	tc->ssl = SSL_new(tc->ctx);
	SSL_set_fd(tc->ssl, tc->fd);
	if (SSL_connect(tc->ssl) != 1) {
		tc_close(tc);
		return -1;
	}
	return 0;
}

/* A plain TCP connection, without TLS, in a tclient. */
int tc_connect_plain(struct tclient *tc, int port)
{
	memset(tc, 0, sizeof(*tc));
	tc->fd = tc_tcp(port);
	return tc->fd >= 0 ? 0 : -1;
}

/* Connect and do hello. */
int tc_connect_hello(struct tclient *tc, int port)
{
	cJSON *r;
	int ok;

	if (tc_connect(tc, port) != 0)
		return -1;
	r = tc_call(tc, "hello", "{\"versions\":[1],\"client\":\"test\"}");
	ok = tc_result(r) != NULL;
	cJSON_Delete(r);
	return ok ? 0 : -1;
}

void tc_close(struct tclient *tc)
{
	if (tc->ssl != NULL)
		SSL_free(tc->ssl);
	SSL_CTX_free(tc->ctx);
	if (tc->fd >= 0)
		close(tc->fd);
	EVP_PKEY_free(tc->key);
	memset(tc, 0, sizeof(*tc));
	tc->fd = -1;
}

/* Write all of buf. */
int tc_send_raw(struct tclient *tc, const void *buf, size_t len)
{
	size_t n;

	if (tc->ssl == NULL)
		return write(tc->fd, buf, len) == (ssize_t)len ? 0 : -1;
	return SSL_write_ex(tc->ssl, buf, len, &n) == 1 && n == len ? 0 : -1;
}

/* Write payload as one frame. */
int tc_send_frame(struct tclient *tc, const char *payload, size_t len)
{
	unsigned char *f = malloc(len + FRAME_HEADER_LEN);
	int rc;

	frame_header_encode(f, (uint32_t)len);
	memcpy(f + FRAME_HEADER_LEN, payload, len);
	rc = tc_send_raw(tc, f, len + FRAME_HEADER_LEN);
	free(f);
	return rc;
}

int tc_send_json(struct tclient *tc, const char *json)
{
	return tc_send_frame(tc, json, strlen(json));
}

/* Wait until the socket is readable or TLS has buffered bytes. */
static bool tc_wait(struct tclient *tc, int timeout_ms)
{
	struct pollfd pfd = {.fd = tc->fd, .events = POLLIN};

	return (tc->ssl != NULL && SSL_pending(tc->ssl) > 0) || poll(&pfd, 1, timeout_ms) == 1;
}

/* Read exactly len bytes within timeout_ms per read. */
static int tc_read_full(struct tclient *tc, void *buf, size_t len, int timeout_ms)
{
	size_t off = 0, n;

	while (off < len) {
		if (!tc_wait(tc, timeout_ms))
			return -1;
		if (SSL_read_ex(tc->ssl, (char *)buf + off, len - off, &n) != 1) {
			if (SSL_get_error(tc->ssl, 0) == SSL_ERROR_WANT_READ)
				continue;
			return -1;
		}
		off += n;
	}
	return 0;
}

/* Receive one message; NULL on timeout, close or garbage. */
cJSON *tc_recv(struct tclient *tc, int timeout_ms)
{
	unsigned char hdr[FRAME_HEADER_LEN];
	enum yg_err err;
	const char *why;
	cJSON *msg;
	uint32_t n;
	char *buf;

	if (tc_read_full(tc, hdr, sizeof(hdr), timeout_ms) != 0)
		return NULL;
	n = frame_header_decode(hdr);
	if (n == 0 || n > (16u << 20))
		return NULL;
	buf = malloc(n);
	if (tc_read_full(tc, buf, n, timeout_ms) != 0) {
		free(buf);
		return NULL;
	}
	msg = envelope_decode(buf, n, &err, &why);
	free(buf);
	return msg;
}

/* The request frame text with a "sig" member added (proto/reqsig.h);
 * takes text. Left as it is when it does not parse. */
static char *tc_sign_frame(struct tclient *tc, char *text)
{
	cJSON *msg = cJSON_Parse(text), *sig;
	char *out;

	if (msg == NULL)
		return text;
	sig = reqsig_sign(tc->key, cJSON_GetObjectItem(msg, "op")->valuestring,
			  cJSON_GetObjectItem(msg, "args"), tc->committee, NULL);
	if (sig == NULL) {
		cJSON_Delete(msg);
		return text;
	}
	cJSON_AddItemToObject(msg, "sig", sig);
	out = cJSON_PrintUnformatted(msg);
	cJSON_Delete(msg);
	free(text);
	return out;
}

/* Send a request and return the reply with its id, skipping events. */
cJSON *tc_call(struct tclient *tc, const char *op, const char *args_json)
{
	const char *args = args_json != NULL ? args_json : "{}";
	size_t len = strlen(op) + strlen(args) + 64;
	char *buf = malloc(len);
	uint64_t id = tc->next_id++, got;
	cJSON *r;
	int rc;

	snprintf(buf, len, "{\"id\":%llu,\"op\":\"%s\",\"args\":%s}", (unsigned long long)id, op,
		 args);
	if (tc->key != NULL && !tc->unsigned_requests && reqsig_state_changing(op))
		buf = tc_sign_frame(tc, buf);
	rc = tc_send_json(tc, buf);
	free(buf);
	if (rc != 0)
		return NULL;
	while ((r = tc_recv(tc, 10000)) != NULL) {
		if (envelope_uint(cJSON_GetObjectItem(r, "id"), &got) && got == id)
			return r;
		cJSON_Delete(r);
	}
	return NULL;
}

/* Whether the server closes the connection within timeout_ms; anything it
 * sends meanwhile is read and dropped. */
bool tc_closed_by_peer(struct tclient *tc, int timeout_ms)
{
	char buf[16384];
	size_t n;
	int waited = 0;

	while (waited < timeout_ms) {
		if (!tc_wait(tc, 100)) {
			waited += 100;
			continue;
		}
		if (tc->ssl == NULL) {
			if (read(tc->fd, buf, sizeof(buf)) <= 0)
				return true;
			continue;
		}
		if (SSL_read_ex(tc->ssl, buf, sizeof(buf), &n) != 1 &&
		    SSL_get_error(tc->ssl, 0) != SSL_ERROR_WANT_READ)
			return true;
	}
	return false;
}

/* The error code of a reply, or NULL if it is not an error. */
const char *tc_error_code(const cJSON *msg)
{
	const cJSON *e = cJSON_GetObjectItem(msg, "error");
	const cJSON *c = cJSON_GetObjectItem(e, "code");

	return cJSON_IsString(c) ? c->valuestring : NULL;
}

/* The result of a reply, or NULL if it is not a success. */
const cJSON *tc_result(const cJSON *msg)
{
	const cJSON *r = cJSON_GetObjectItem(msg, "result");

	return cJSON_IsObject(r) ? r : NULL;
}

/* Whether a plain ping succeeds on this connection. */
bool tc_ping_ok(struct tclient *tc)
{
	cJSON *r = tc_call(tc, "ping", NULL);
	bool ok = tc_result(r) != NULL;

	cJSON_Delete(r);
	return ok;
}

/* Wait until ygd on port reports its database available and LISTEN active,
 * so that an event emitted next is certain to be heard. */
bool tc_wait_db_ready(int port, int timeout_ms)
{
	struct tclient tc;
	const cJSON *db;
	bool ready = false;
	int waited;
	cJSON *r;

	if (tc_connect_hello(&tc, port) != 0)
		return false;
	for (waited = 0; !ready && waited < timeout_ms; waited += 50) {
		r = tc_call(&tc, "server.info", NULL);
		db = cJSON_GetObjectItem(tc_result(r), "db");
		ready = cJSON_IsTrue(cJSON_GetObjectItem(db, "listening")) &&
			strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(db, "state")),
			       "available") == 0;
		cJSON_Delete(r);
		if (!ready)
			usleep(50000);
	}
	tc_close(&tc);
	return ready;
}

/* key's public half as text. */
char *tc_pub_text(EVP_PKEY *key, char out[52])
{
	unsigned char pub[SIG_PUB_LEN];

	sig_public(key, pub);
	sig_pub_to_text(pub, out);
	return out;
}

/* {"committee", "key", "signature"} signed for purpose over this
 * connection's binding and the given nonce. */
cJSON *tc_signed_args(struct tclient *tc, EVP_PKEY *key, int purpose, long long committee,
		      const char *nonce_text)
{
	unsigned char nonce[AUTH_NONCE_LEN], binding[AUTH_BINDING_LEN], pub[SIG_PUB_LEN],
		msg[AUTH_MSG_MAX], sig[SIG_LEN];
	char pub_text[SIG_PUB_TEXT_LEN + 1], sig_text[SIG_TEXT_LEN + 1];
	cJSON *args = cJSON_CreateObject();
	size_t len;

	b64url_decode(nonce_text, nonce, sizeof(nonce));
	auth_binding(tc->ssl, binding);
	sig_public(key, pub);
	len = auth_message((enum auth_purpose)purpose, binding, nonce, (uint64_t)committee, pub,
			   msg);
	sig_sign(key, msg, len, sig);
	sig_pub_to_text(pub, pub_text);
	sig_to_text(sig, sig_text);
	cJSON_AddNumberToObject(args, "committee", (double)committee);
	cJSON_AddStringToObject(args, "key", pub_text);
	cJSON_AddStringToObject(args, "signature", sig_text);
	return args;
}

/* Challenge, sign, login: the auth.login reply. */
cJSON *tc_login(struct tclient *tc, EVP_PKEY *key, long long committee)
{
	cJSON *ch = tc_call(tc, "auth.challenge", NULL), *args, *r;
	const cJSON *nonce = cJSON_GetObjectItem(tc_result(ch), "nonce");
	char *text;

	if (!cJSON_IsString(nonce)) {
		cJSON_Delete(ch);
		return NULL;
	}
	args = tc_signed_args(tc, key, AUTH_LOGIN, committee, nonce->valuestring);
	cJSON_Delete(ch);
	text = cJSON_PrintUnformatted(args);
	r = tc_call(tc, "auth.login", text);
	free(text);
	cJSON_Delete(args);
	if (tc_result(r) != NULL && EVP_PKEY_up_ref(key) == 1) {
		EVP_PKEY_free(tc->key);
		tc->key = key;
		tc->committee = committee;
	}
	return r;
}

cJSON *tc_callf(struct tclient *tc, const char *op, const char *fmt, ...)
{
	char *args = NULL;
	va_list ap;
	cJSON *r;

	va_start(ap, fmt);
	if (vasprintf(&args, fmt, ap) < 0)
		args = NULL;
	va_end(ap);
	r = args != NULL ? tc_call(tc, op, args) : NULL;
	free(args);
	return r;
}

const char *tc_code(cJSON *reply)
{
	static char code[64];

	snprintf(code, sizeof(code), "%s",
		 reply == NULL                  ? "no reply"
		 : tc_error_code(reply) != NULL ? tc_error_code(reply)
						: "ok");
	cJSON_Delete(reply);
	return code;
}

long long tc_num(cJSON *reply, const char *name)
{
	const cJSON *v = cJSON_GetObjectItem(tc_result(reply), name);
	long long n = -1;
	char *text;

	if (cJSON_IsNumber(v)) {
		n = (long long)v->valuedouble;
	} else {
		text = reply != NULL ? cJSON_PrintUnformatted(reply) : NULL;
		fprintf(stderr, "expected a result with %s: %s\n", name,
			text != NULL ? text : "no reply");
		free(text);
	}
	cJSON_Delete(reply);
	return n;
}
