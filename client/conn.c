#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "../proto/auth.h"
#include "../proto/b64.h"
#include "../proto/envelope.h"
#include "../proto/fingerprint.h"
#include "../proto/frame.h"
#include "../proto/refusal.h"
#include "../proto/reqsig.h"
#include "../proto/version.h"
#include "../proto/xalloc.h"
#include "conn.h"
#include "i18n.h"
#include "keyfile.h"
#include "known.h"
#include "loghead.h"

/* Split "host:port" or "[v6]:port" into its parts. */
static int conn_split(const char *server, char *host, size_t hlen, char *port, size_t plen)
{
	const char *colon = strrchr(server, ':');
	size_t n;

	if (colon == NULL || colon[1] == '\0' || strlen(colon + 1) >= plen)
		return -1;
	n = (size_t)(colon - server);
	if (n >= 2 && server[0] == '[' && server[n - 1] == ']') {
		server++;
		n -= 2;
	}
	if (n == 0 || n >= hlen)
		return -1;
	memcpy(host, server, n);
	host[n] = '\0';
	strcpy(port, colon + 1);
	return 0;
}

/* Connect one address with a timeout; the descriptor or -1. */
static int conn_connect_one(const struct addrinfo *ai, unsigned timeout_s)
{
	struct pollfd pfd;
	struct timeval tv = {timeout_s, 0};
	int fd, err = 0, flags, on = 1;
	socklen_t len = sizeof(err);

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
	if (fd < 0)
		return -1;
	flags = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if (errno != EINPROGRESS || poll(&pfd, 1, (int)timeout_s * 1000) != 1 ||
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
			errno = err != 0 ? err : ETIMEDOUT;
			close(fd);
			return -1;
		}
	}
	fcntl(fd, F_SETFL, flags);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

/* Open a TCP connection to opts->server. */
static int conn_tcp(struct yg_conn *c)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res, *ai;
	char host[256], port[16];
	int rc;

	if (conn_split(c->opts->server, host, sizeof(host), port, sizeof(port)) != 0) {
		fprintf(stderr, msg(M_CONNECT_FAILED), c->opts->server, "HOST:PORT ?");
		fputc('\n', stderr);
		return -1;
	}
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0) {
		fprintf(stderr, msg(M_CONNECT_FAILED), c->opts->server, gai_strerror(rc));
		fputc('\n', stderr);
		return -1;
	}
	for (ai = res; ai != NULL && c->fd < 0; ai = ai->ai_next)
		c->fd = conn_connect_one(ai, c->opts->timeout_s);
	freeaddrinfo(res);
	if (c->fd < 0) {
		fprintf(stderr, msg(M_CONNECT_FAILED), c->opts->server, strerror(errno));
		fputc('\n', stderr);
		if (!c->opts->server_given)
			fprintf(stderr, "%s\n", msg(M_SERVER_HINT));
		return -1;
	}
	return 0;
}

/* Print OpenSSL's reason for a failed handshake. */
static void conn_tls_error(struct yg_conn *c)
{
	unsigned long e = ERR_get_error();
	char buf[256];

	if (e != 0)
		ERR_error_string_n(e, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "%s", errno != 0 ? strerror(errno) : "closed");
	fprintf(stderr, msg(M_TLS_FAILED), c->opts->server, buf);
	fputc('\n', stderr);
}

/* Check the presented certificate against --fingerprint or the remembered
 * one, remembering it when the user vouched for it. */
static int conn_check_pin(struct yg_conn *c)
{
	const struct yg_opts *o = c->opts;
	char got[FINGERPRINT_LEN + 1], known[FINGERPRINT_LEN + 1], given[FINGERPRINT_LEN + 1];
	X509 *cert = SSL_get1_peer_certificate(c->ssl);
	int k;

	if (cert == NULL || !fingerprint_x509(cert, got)) {
		X509_free(cert);
		return -1;
	}
	X509_free(cert);
	k = known_lookup(o->home, o->server, known);
	if (o->fingerprint != NULL) {
		if (!fingerprint_normalize(o->fingerprint, given)) {
			fprintf(stderr, "%s\n", msg(M_BAD_FINGERPRINT));
			return -1;
		}
		if (strcmp(given, got) != 0) {
			fprintf(stderr, msg(M_CERT_MISMATCH_GIVEN), o->server, given, got);
			fputc('\n', stderr);
			return -1;
		}
		if (k == 1 && strcmp(known, got) == 0)
			return 0;
		if (known_store(o->home, o->server, got) == 0)
			fprintf(stderr, msg(k == 1 ? M_CERT_REPINNED : M_CERT_PINNED), o->server,
				got);
		fputc('\n', stderr);
		return 0;
	}
	if (k == 1 && strcmp(known, got) == 0)
		return 0;
	if (k == 1)
		fprintf(stderr, msg(M_CERT_CHANGED), o->server, known, got);
	else
		fprintf(stderr, msg(M_CERT_UNKNOWN), o->server, got);
	fputc('\n', stderr);
	return -1;
}

/* Whether host is an IPv4 or IPv6 literal (checked as an IP address, and
 * never sent as a server name). */
static bool conn_is_ip(const char *host)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1;
}

/* TLS 1.3 handshake, verified by CA when --ca is given, else by pin. */
static int conn_tls(struct yg_conn *c)
{
	char host[256], port[16];

	c->ctx = SSL_CTX_new(TLS_client_method());
	if (c->ctx == NULL || !SSL_CTX_set_min_proto_version(c->ctx, TLS1_3_VERSION))
		return -1;
	if (c->opts->ca != NULL) {
		if (SSL_CTX_load_verify_locations(c->ctx, c->opts->ca, NULL) != 1) {
			fprintf(stderr, msg(M_CA_FAILED), c->opts->ca);
			fputc('\n', stderr);
			return -1;
		}
		SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
	}
	c->ssl = SSL_new(c->ctx);
	conn_split(c->opts->server, host, sizeof(host), port, sizeof(port));
	if (conn_is_ip(host)) {
		if (c->opts->ca != NULL)
			X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), host);
	} else {
		SSL_set_tlsext_host_name(c->ssl, host);
		if (c->opts->ca != NULL)
			SSL_set1_host(c->ssl, host);
	}
	SSL_set_fd(c->ssl, c->fd);
	errno = 0;
	if (SSL_connect(c->ssl) != 1) {
		conn_tls_error(c);
		return -1;
	}
	return c->opts->ca != NULL ? 0 : conn_check_pin(c);
}

/* Agree on a protocol version. */
static int conn_hello(struct yg_conn *c)
{
	cJSON *args = cJSON_CreateObject(), *res = NULL, *versions = cJSON_CreateArray();
	const cJSON *v, *s;
	int rc;

	cJSON_AddItemToArray(versions, cJSON_CreateNumber(YG_PROTO_VERSION));
	cJSON_AddItemToObject(args, "versions", versions);
	cJSON_AddStringToObject(args, "client", "yg/" YG_VERSION);
	rc = conn_call(c, "hello", args, &res);
	if (rc != YG_EXIT_OK) {
		conn_print_error(c);
		return -1;
	}
	v = cJSON_GetObjectItemCaseSensitive(res, "version");
	s = cJSON_GetObjectItemCaseSensitive(res, "server");
	c->proto_version = cJSON_IsNumber(v) ? v->valueint : 0;
	v = cJSON_GetObjectItemCaseSensitive(res, "utc_offset");
	if (cJSON_IsNumber(v) && v->valuedouble >= -840 && v->valuedouble <= 840)
		i18n_set_utc_offset(v->valueint);
	snprintf(c->server_version, sizeof(c->server_version), "%s",
		 cJSON_IsString(s) ? s->valuestring : "?");
	cJSON_Delete(res);
	return 0;
}

/* Connect, check the server and say hello; YG_EXIT_OK or YG_EXIT_CONNECT. */
int conn_open(struct yg_conn *c, const struct yg_opts *opts)
{
	memset(c, 0, sizeof(*c));
	c->opts = opts;
	c->fd = -1;
	c->next_id = 1;
	if (conn_tcp(c) != 0 || conn_tls(c) != 0 || conn_hello(c) != 0) {
		conn_close(c);
		return YG_EXIT_CONNECT;
	}
	return YG_EXIT_OK;
}

/* Close the connection (politely, when TLS is up). */
void conn_close(struct yg_conn *c)
{
	if (c->ssl != NULL) {
		SSL_shutdown(c->ssl);
		SSL_free(c->ssl);
	}
	SSL_CTX_free(c->ctx);
	if (c->fd >= 0)
		close(c->fd);
	EVP_PKEY_free(c->sign_key);
	cJSON_Delete(c->head);
	c->sign_key = NULL;
	c->head = NULL;
	c->ssl = NULL;
	c->ctx = NULL;
	c->fd = -1;
}

/* Write all of buf through TLS. */
int conn_send_raw(struct yg_conn *c, const void *buf, size_t len)
{
	size_t written;

	return SSL_write_ex(c->ssl, buf, len, &written) == 1 && written == len ? 0 : -1;
}

/* Read exactly len bytes. */
static int conn_read_full(struct yg_conn *c, void *buf, size_t len)
{
	size_t got, off = 0;

	while (off < len) {
		if (SSL_read_ex(c->ssl, (char *)buf + off, len - off, &got) != 1)
			return -1;
		off += got;
	}
	return 0;
}

/* Receive one message. */
int conn_recv(struct yg_conn *c, cJSON **out)
{
	unsigned char hdr[FRAME_HEADER_LEN];
	size_t plen = 0;
	enum yg_err err;
	const char *why;
	char *buf;

	if (conn_read_full(c, hdr, sizeof(hdr)) != 0)
		return -1;
	if (frame_check(hdr, sizeof(hdr), YG_FRAME_MAX_LIMIT, &plen) == FRAME_TOO_LARGE ||
	    (plen = frame_header_decode(hdr)) == 0)
		return -1;
	buf = xmalloc(plen);
	if (buf == NULL || conn_read_full(c, buf, plen) != 0) {
		free(buf);
		return -1;
	}
	*out = envelope_decode(buf, plen, &err, &why);
	free(buf);
	return *out != NULL ? 0 : -1;
}

/* For the tests only: with YG_TEST_LOSE_REPLY=OP, the answer to op is
 * read and then dropped as if the connection had broken just before it
 * (the request was carried out; the terminal never learns how). */
static int conn_test_lose_reply(struct yg_conn *c, const char *op, cJSON **result)
{
	const char *lose = getenv("YG_TEST_LOSE_REPLY");

	if (lose == NULL || strcmp(lose, op) != 0)
		return 0;
	snprintf(c->err_code, sizeof(c->err_code), "connection_lost");
	snprintf(c->err_message, sizeof(c->err_message), "%s", msg(M_CONNECTION_LOST));
	if (result != NULL) {
		cJSON_Delete(*result);
		*result = NULL;
	}
	return 1;
}

/* The refusal in rep worded for a person in the chosen language. */
static void conn_error_words(struct yg_conn *c, const struct yg_reply *rep)
{
	const char *params[REFUSAL_MAX_PARAMS];
	const cJSON *p;
	int n = 0;

	cJSON_ArrayForEach(p, rep->params) {
		if (n < REFUSAL_MAX_PARAMS)
			params[n++] = cJSON_IsString(p) ? p->valuestring : "";
	}
	refusal_text(rep->code, rep->message, rep->reason, params, n, c->err_text,
		     sizeof(c->err_text));
}

/* Send one request and wait for its answer, skipping events meanwhile.
 * Takes args. */
static int conn_call_once(struct yg_conn *c, const char *op, cJSON *args, cJSON **result)
{
	uint64_t id = c->next_id++;
	cJSON *req = envelope_request(id, op, args), *reply, *sig;
	struct yg_reply rep;
	size_t len;
	char *s, *frame;
	int rc;

	if (c->sign_key != NULL && reqsig_state_changing(op)) {
		sig = reqsig_sign(c->sign_key, op, cJSON_GetObjectItemCaseSensitive(req, "args"),
				  c->committee, c->head);
		if (sig == NULL) {
			cJSON_Delete(req);
			snprintf(c->err_code, sizeof(c->err_code), "sign");
			snprintf(c->err_message, sizeof(c->err_message), "%s",
				 TR("无法签名", "cannot sign the request"));
			return YG_EXIT_USAGE;
		}
		cJSON_AddItemToObject(req, "sig", sig);
	}
	s = envelope_encode(req, &len);
	frame = xmalloc(len + FRAME_HEADER_LEN);
	cJSON_Delete(req);
	/* One write, so the frame goes out as one TLS record. */
	frame_header_encode((unsigned char *)frame, (uint32_t)len);
	memcpy(frame + FRAME_HEADER_LEN, s, len);
	rc = conn_send_raw(c, frame, len + FRAME_HEADER_LEN) == 0;
	free(s);
	free(frame);
	snprintf(c->err_code, sizeof(c->err_code), "connection_lost");
	snprintf(c->err_message, sizeof(c->err_message), "%s", msg(M_CONNECTION_LOST));
	snprintf(c->err_text, sizeof(c->err_text), "%s", msg(M_CONNECTION_LOST));
	if (!rc)
		return YG_EXIT_CONNECT;
	for (;;) {
		if (conn_recv(c, &reply) != 0)
			return YG_EXIT_CONNECT;
		if (envelope_parse_reply(reply, &rep) == YG_MSG_EVENT ||
		    (rep.has_id && rep.id != id)) {
			if (rep.kind == YG_MSG_EVENT && c->on_event != NULL)
				c->on_event(c->event_ctx, reply);
			cJSON_Delete(reply);
			continue;
		}
		break;
	}
	rc = YG_EXIT_REFUSED;
	if (rep.kind == YG_MSG_RESULT) {
		*result = cJSON_DetachItemFromObjectCaseSensitive(reply, "result");
		rc = YG_EXIT_OK;
	} else if (rep.kind == YG_MSG_ERROR) {
		snprintf(c->err_code, sizeof(c->err_code), "%s", rep.code);
		snprintf(c->err_message, sizeof(c->err_message), "%s", rep.message);
		conn_error_words(c, &rep);
	} else {
		snprintf(c->err_code, sizeof(c->err_code), "protocol");
		snprintf(c->err_message, sizeof(c->err_message), msg(M_PROTOCOL_ERROR), op);
		snprintf(c->err_text, sizeof(c->err_text), "%s", c->err_message);
	}
	cJSON_Delete(reply);
	if (conn_test_lose_reply(c, op, result))
		return YG_EXIT_CONNECT;
	return rc;
}

/* Send one request and wait for its answer, skipping events meanwhile.
 * Takes args. On YG_EXIT_REFUSED, err_code and err_message say why. A
 * signed request about a meeting is chained to the head of its log, read
 * and checked just before (client/loghead.c); refused because entries came
 * in between (a decision must follow the latest), it is chained to the new
 * head, checked the same way, and sent once more. */
int conn_call(struct yg_conn *c, const char *op, cJSON *args, cJSON **result)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(args, "meeting");
	struct refusal_params p;
	cJSON *again = NULL;
	const char *reason;
	int rc;

	if (c->sign_key != NULL && reqsig_state_changing(op) && cJSON_IsNumber(m) &&
	    m->valuedouble >= 1) {
		loghead_see(c, (long long)m->valuedouble);
		again = cJSON_Duplicate(args, 1);
	}
	rc = conn_call_once(c, op, args, result);
	if (rc == YG_EXIT_REFUSED && again != NULL &&
	    (reason = refusal_reason(c->err_message, &p)) != NULL &&
	    strcmp(reason, "stale_head") == 0) {
		m = cJSON_GetObjectItemCaseSensitive(again, "meeting");
		loghead_see(c, (long long)m->valuedouble);
		rc = conn_call_once(c, op, again, result);
		again = NULL;
	}
	cJSON_Delete(again);
	return rc;
}

/* Print the last call's error for a person. */
void conn_print_error(const struct yg_conn *c)
{
	fprintf(stderr, "yg: %s: %s (%s)\n", msg(M_ERROR), c->err_text, c->err_code);
}

/* Sign purpose's statement (proto/auth.h) for committee over this
 * connection and its challenge nonce_text; adds committee, key and
 * signature to args. */
static int conn_sign(struct yg_conn *c, EVP_PKEY *key, enum auth_purpose purpose,
		     long long committee, const char *nonce_text, cJSON *args)
{
	unsigned char nonce[AUTH_NONCE_LEN], binding[AUTH_BINDING_LEN], pub[SIG_PUB_LEN],
		msg[AUTH_MSG_MAX], sig[SIG_LEN];
	char pub_text[SIG_PUB_TEXT_LEN + 1], sig_text[SIG_TEXT_LEN + 1];
	size_t len;

	if (b64url_decode(nonce_text, nonce, sizeof(nonce)) != AUTH_NONCE_LEN ||
	    !auth_binding(c->ssl, binding) || !sig_public(key, pub))
		return -1;
	len = auth_message(purpose, binding, nonce, (uint64_t)committee, pub, msg);
	if (!sig_sign(key, msg, len, sig))
		return -1;
	sig_pub_to_text(pub, pub_text);
	sig_to_text(sig, sig_text);
	cJSON_AddNumberToObject(args, "committee", (double)committee);
	cJSON_AddStringToObject(args, "key", pub_text);
	cJSON_AddStringToObject(args, "signature", sig_text);
	return 0;
}

/* The user's private key: --key, else key.pem in the yg home; NULL (with a
 * message) when it is missing or unusable. */
EVP_PKEY *conn_load_key(const struct yg_opts *opts)
{
	char path[4096];

	if (opts->key != NULL)
		snprintf(path, sizeof(path), "%s", opts->key);
	else
		keyfile_default_path(opts->home, path, sizeof(path));
	return keyfile_load(path);
}

/* Prove to the server that we hold the key file's key: ask for a challenge
 * and add committee, key and the signature of purpose's statement to args.
 * Prints what went wrong; YG_EXIT_OK or the exit code. */
int conn_prove_key(struct yg_conn *c, enum auth_purpose purpose, long long committee, cJSON *args)
{
	EVP_PKEY *key = conn_load_key(c->opts);
	const cJSON *nonce;
	cJSON *res = NULL;
	int rc;

	if (key == NULL)
		return YG_EXIT_USAGE;
	rc = conn_call_print(c, "auth.challenge", NULL, &res);
	if (rc == YG_EXIT_OK) {
		nonce = cJSON_GetObjectItemCaseSensitive(res, "nonce");
		if (!cJSON_IsString(nonce) ||
		    conn_sign(c, key, purpose, committee, nonce->valuestring, args) != 0) {
			fprintf(stderr, "yg: %s\n", TR("无法签名", "cannot sign the request"));
			rc = YG_EXIT_CONNECT;
		}
	}
	cJSON_Delete(res);
	EVP_PKEY_free(key);
	return rc;
}

/* Log in to --committee with the key file: challenge, sign, login. */
int conn_login(struct yg_conn *c)
{
	cJSON *res = NULL, *args;
	int rc;

	if (c->opts->committee <= 0) {
		fprintf(stderr, "yg: %s\n",
			TR("请用 --committee 指定委员会编号（yg committee list 可查）",
			   "give the committee's number with --committee (see yg committee list)"));
		return YG_EXIT_USAGE;
	}
	args = cJSON_CreateObject();
	rc = conn_prove_key(c, AUTH_LOGIN, c->opts->committee, args);
	if (rc != YG_EXIT_OK) {
		cJSON_Delete(args);
		return rc;
	}
	rc = conn_call_print(c, "auth.login", args, &res);
	cJSON_Delete(res);
	if (rc == YG_EXIT_OK) {
		c->sign_key = conn_load_key(c->opts);
		c->committee = c->opts->committee;
		if (c->sign_key == NULL)
			rc = YG_EXIT_USAGE;
	}
	return rc;
}

/* The meeting-log head the terminal has seen and checked: the requests it
 * signs from now on are bound to it. */
void conn_set_head(struct yg_conn *c, long long meeting, long long seq, const char *hash)
{
	cJSON_Delete(c->head);
	c->head = cJSON_CreateObject();
	cJSON_AddNumberToObject(c->head, "meeting", (double)meeting);
	cJSON_AddNumberToObject(c->head, "seq", (double)seq);
	cJSON_AddStringToObject(c->head, "hash", hash);
}

/* Open a connection and, if login, log in; prints what went wrong. */
int conn_session(struct yg_conn *c, const struct yg_opts *opts, int login)
{
	int rc = conn_open(c, opts);

	if (rc == YG_EXIT_OK && login && (rc = conn_login(c)) != YG_EXIT_OK)
		conn_close(c);
	return rc;
}

/* conn_call, printing the error when there is one. */
int conn_call_print(struct yg_conn *c, const char *op, cJSON *args, cJSON **result)
{
	int rc = conn_call(c, op, args, result);

	if (rc != YG_EXIT_OK)
		conn_print_error(c);
	return rc;
}
