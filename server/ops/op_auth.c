/* auth.challenge, auth.login, auth.whoami: challenge–response login with an
 * Ed25519 key, the signature bound to this TLS connection (proto/auth.h). */
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../proto/b64.h"
#include "../../proto/xalloc.h"
#include "../client.h"
#include "../api_call.h"
#include "../server.h"
#include "../worker.h"
#include "ops.h"

/* A fresh nonce for this connection; any earlier one is forgotten. */
static void challenge_exec(struct request *req)
{
	struct client *c = req->client;
	char text[B64_ENCODED_LEN(AUTH_NONCE_LEN) + 1];
	cJSON *res;

	if (RAND_bytes(c->nonce, sizeof(c->nonce)) != 1) {
		request_fail(req, YG_ERR_INTERNAL, "no randomness available");
		return;
	}
	c->has_nonce = true;
	b64url_encode(c->nonce, sizeof(c->nonce), text, sizeof(text));
	res = cJSON_CreateObject();
	cJSON_AddStringToObject(res, "nonce", text);
	request_reply(req, res);
}

/* A login or registration signature being verified on a crypto worker
 * (server/worker.c): the loop reads the connection's binding and nonce,
 * the worker only checks the message built from them. */
struct auth_job {
	struct request *req;
	auth_verified_fn then;
	unsigned char pub[SIG_PUB_LEN], sig[SIG_LEN], msg[AUTH_MSG_MAX];
	size_t len;
	bool ok;
};

static void auth_verify_run(struct group *g, void *arg)
{
	struct auth_job *j = arg;

	(void)g;
	j->ok = sig_verify(j->pub, j->msg, j->len, j->sig);
}

/* Back on the loop: go on, or refuse. */
static void auth_verify_done(void *arg)
{
	struct auth_job *j = arg;

	if (j->ok)
		j->then(j->req);
	else
		request_fail(j->req, YG_ERR_UNAUTHENTICATED,
			     "the signature does not match this key, challenge and connection");
	free(j);
}

/* Check, on a crypto worker, that the caller signed purpose's message over
 * this connection's binding and outstanding nonce with key; then(req) runs
 * on the loop if it holds. The nonce is used up either way. Otherwise req
 * is answered. */
void auth_verify_request(struct request *req, enum auth_purpose purpose, long long committee,
			 const char *key, const char *signature, auth_verified_fn then)
{
	struct client *c = req->client;
	unsigned char binding[AUTH_BINDING_LEN];
	struct auth_job *j;

	if (!c->has_nonce) {
		request_fail(req, YG_ERR_CONFLICT, "no challenge outstanding: call auth.challenge");
		return;
	}
	c->has_nonce = false;
	j = xcalloc(1, sizeof(*j));
	j->req = req;
	j->then = then;
	if (!sig_pub_from_text(key, j->pub) || !sig_from_text(signature, j->sig)) {
		free(j);
		request_fail(req, YG_ERR_BAD_REQUEST, "malformed key or signature");
		return;
	}
	if (!client_binding(c, binding)) {
		free(j);
		request_fail(req, YG_ERR_INTERNAL, "no channel binding on this connection");
		return;
	}
	j->len = auth_message(purpose, binding, c->nonce, (uint64_t)committee, j->pub, j->msg);
	if (!worker_submit(request_server(req)->workers, auth_verify_run, auth_verify_done, j)) {
		free(j);
		request_fail(req, YG_ERR_INTERNAL, "out of memory");
	}
}

/* The database knows the key: this connection now acts as its holder. */
static void login_done(struct request *req, cJSON *identity)
{
	if (req->client->state != CLIENT_DEAD) {
		sig_pub_from_text(args_string(req->args, "key"), req->client->auth.pub);
		client_set_identity(req->client, cJSON_Duplicate(identity, 1));
	}
	request_reply(req, identity);
}

/* Whether the caller's address and the key named may try to log in: each
 * has login-fail-rate failed attempts a minute (as many at once). */
static bool login_allowed(struct request *req, const char *key)
{
	struct server *srv = request_server(req);
	uint64_t now = server_now_ms();
	unsigned wait_addr = 0, wait_key = 0;

	if (ratelimit_peek(&srv->login_fail_addr, req->client->host, now, &wait_addr) &&
	    ratelimit_peek(&srv->login_fail_key, key, now, &wait_key))
		return true;
	log_limited(&srv->login_log, LOG_WARN,
		    "client %llu from %s: login refused: too many failed logins from this %s",
		    (unsigned long long)req->client->id, req->client->addr,
		    wait_addr > 0 ? "address" : "key");
	req->failed_quietly = true;
	srv->metrics.refusals[METRICS_LIMIT_LOGIN_FAIL_RATE]++;
	request_fail(req, YG_ERR_BUSY, "too many failed logins from this %s; try again in %u s",
		     wait_addr > 0 ? "address" : "key",
		     wait_addr > wait_key ? wait_addr : wait_key);
	return false;
}

/* A login failed: logged (at most a line a second) and counted against the
 * address and the key. */
static void login_failed(struct request *req, enum yg_err err, const char *why)
{
	struct server *srv = request_server(req);
	const char *key = args_string(req->args, "key");
	uint64_t now = server_now_ms();
	unsigned wait;

	if (req->failed_quietly || err == YG_ERR_DB_UNAVAILABLE || err == YG_ERR_INTERNAL ||
	    err == YG_ERR_BUSY)
		return;
	srv->metrics.login_failures++;
	log_limited(&srv->login_log, LOG_WARN, "client %llu from %s: login failed for %.20s…: %s",
		    (unsigned long long)req->client->id, req->client->addr, key != NULL ? key : "?",
		    why);
	ratelimit_take(&srv->login_fail_addr, req->client->host, now, &wait);
	if (key != NULL)
		ratelimit_take(&srv->login_fail_key, key, now, &wait);
}

/* The key's holder signed: does the database know the key? */
static void login_verified(struct request *req)
{
	api_call_args(req, "login", login_done);
}

static void login_exec(struct request *req)
{
	long long committee = args_int(req->args, "committee", 0);
	const char *key = args_string(req->args, "key");

	if (req->client->auth.logged_in) {
		req->failed_quietly = true;
		request_fail(req, YG_ERR_CONFLICT, "already logged in on this connection");
		return;
	}
	if (!login_allowed(req, key))
		return;
	auth_verify_request(req, AUTH_LOGIN, committee, key, args_string(req->args, "signature"),
			    login_verified);
}

static void whoami_exec(struct request *req)
{
	request_reply(req, cJSON_Duplicate(req->client->auth.identity, 1));
}

const struct op_entry op_auth_challenge = {
	.name = "auth.challenge",
	.exec = challenge_exec,
};

const struct op_entry op_auth_login = {
	.name = "auth.login",
	.flags = OP_NEEDS_DB,
	.exec = login_exec,
	.failed = login_failed,
};

const struct op_entry op_auth_whoami = {
	.name = "auth.whoami",
	.exec = whoami_exec,
};
