#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../proto/envelope.h"
#include "../proto/xalloc.h"
#include "client.h"
#include "db_pool.h"
#include "dispatch.h"
#include "log.h"
#include "reqcheck.h"
#include "ops/ops.h"
#include "policy/authz.h"
#include "server.h"
#include "worker.h"

/* Answer a request that never became a struct request (op NULL: unknown
 * or unreadable), and count it. */
static void dispatch_error(struct client *c, const struct op_entry *op, bool has_id, uint64_t id,
			   enum yg_err err, const char *why)
{
	cJSON *msg = envelope_error(has_id, id, err, why);

	metrics_request(&c->server->metrics, op != NULL ? ops_index(op) : ops_count(), err, 0);
	if (err == YG_ERR_BUSY)
		c->server->metrics.refusals[METRICS_LIMIT_MAX_INFLIGHT]++;
	log_debug("client %llu: %s: %s", (unsigned long long)c->id, yg_err_code(err), why);
	client_send(c, msg);
	cJSON_Delete(msg);
}

/* Checks every request passes, in this order: known operation, protocol
 * state, authorization, load, database, arguments. Returns YG_OK or the error to answer. */
static enum yg_err dispatch_check(struct client *c, const struct yg_request *r,
				  const struct op_entry *op, char *why, size_t len)
{
	const struct op_def *def;

	if (op == NULL) {
		snprintf(why, len, "unknown operation \"%.64s\"", r->op);
		return YG_ERR_UNKNOWN_OP;
	}
	if (c->state == CLIENT_HELLO && !(op->flags & OP_BEFORE_HELLO)) {
		snprintf(why, len, "the first request must be hello");
		return YG_ERR_HELLO_REQUIRED;
	}
	if (c->state == CLIENT_READY && (op->flags & OP_BEFORE_HELLO)) {
		snprintf(why, len, "hello was already done on this connection");
		return YG_ERR_CONFLICT;
	}
	switch (authz_check(op->name, c->auth.logged_in, c->auth.roles)) {
	case AUTHZ_ALLOW:
		break;
	case AUTHZ_UNAUTHENTICATED:
		snprintf(why, len, "log in first (auth.challenge, then auth.login)");
		return YG_ERR_UNAUTHENTICATED;
	case AUTHZ_FORBIDDEN:
		snprintf(why, len, "your roles do not allow %s", op->name);
		return YG_ERR_FORBIDDEN;
	case AUTHZ_UNLISTED:
		snprintf(why, len, "%s is not in the authorization table", op->name);
		return YG_ERR_FORBIDDEN;
	}
	if (c->inflight >= c->server->cfg->max_inflight) {
		snprintf(why, len, "too many requests in flight");
		return YG_ERR_BUSY;
	}
	if ((op->flags & OP_NEEDS_DB) && !db_pool_available(c->server->db)) {
		snprintf(why, len, "database unavailable");
		return YG_ERR_DB_UNAVAILABLE;
	}
	def = op_def_find(op->name); /* there: authz_check found its roles */
	return args_check(r->args, def->args, why, len);
}

/* A request whose signature is being checked (reqcheck.c) on a crypto
 * worker (worker.c), so that the event loop never verifies one. A
 * connection's requests wait in its queue (client.pending) and are served
 * in the order they arrived, each once its own check is done. */
struct dispatch_pending {
	struct dispatch_pending *next;
	struct request *req;
	struct yg_request r; /* points into req->msg, which nobody changes meanwhile */
	struct reqcheck_caller who;
	unsigned char pub[SIG_PUB_LEN]; /* who.pub: the key as it was at arrival */
	bool done;
	enum yg_err err;
	char *signed_req;
	char why[256];
};

/* Check p's signature (on a worker, or on the loop when there is no
 * signature to verify: then reqcheck does no cryptography). */
static void dispatch_check_run(struct group *g, void *arg)
{
	struct dispatch_pending *p = arg;

	(void)g;
	p->err = reqcheck_verify(&p->r, &p->who, &p->signed_req, p->why, sizeof(p->why));
}

/* Serve, in order, every request at the head of c's queue whose check is
 * done: refused, or run with its signed request. */
static void dispatch_drain(struct client *c)
{
	struct dispatch_pending *p;
	struct request *req;

	client_ref(c); /* serving the last request may drop the connection's last reference */
	while ((p = c->pending) != NULL && p->done) {
		c->pending = p->next;
		if (c->pending == NULL)
			c->pending_tail = NULL;
		req = p->req;
		if (p->err != YG_OK) {
			log_debug("client %llu: %s: %s", (unsigned long long)c->id,
				  yg_err_code(p->err), p->why);
			request_fail(req, p->err, "%s", p->why);
		} else if (c->state == CLIENT_DEAD) {
			free(p->signed_req);
			request_fail(req, YG_ERR_INTERNAL, "the connection is gone");
		} else {
			req->signed_req = p->signed_req;
			ops_exec(req);
		}
		free(p);
	}
	client_unref(c);
}

/* Back on the loop from a worker. */
static void dispatch_check_done(void *arg)
{
	struct dispatch_pending *p = arg;

	p->done = true;
	dispatch_drain(p->req->client);
}

/* Queue req (r its parsed frame) behind c's other requests, and check its
 * signature: on a crypto worker if it has one. */
static void dispatch_queue(struct client *c, struct request *req, const struct yg_request *r)
{
	struct dispatch_pending *p = xcalloc(1, sizeof(*p));

	if (p == NULL) {
		request_fail(req, YG_ERR_INTERNAL, "out of memory");
		return;
	}
	p->req = req;
	p->r = *r;
	memcpy(p->pub, c->auth.pub, SIG_PUB_LEN);
	p->who = (struct reqcheck_caller){
		.logged_in = c->auth.logged_in,
		.committee = c->auth.committee,
		.pub = p->pub,
		.now = (long long)time(NULL),
	};
	if (c->pending_tail != NULL)
		c->pending_tail->next = p;
	else
		c->pending = p;
	c->pending_tail = p;
	if (r->sig != NULL &&
	    worker_submit(c->server->workers, dispatch_check_run, dispatch_check_done, p))
		return;
	if (r->sig != NULL) {
		p->err = YG_ERR_INTERNAL;
		snprintf(p->why, sizeof(p->why), "out of memory");
	} else
		dispatch_check_run(NULL, p);
	p->done = true;
	dispatch_drain(c);
}

/* Serve one frame's payload. */
void dispatch_frame(struct client *c, const char *payload, size_t len)
{
	const struct op_entry *op;
	struct yg_request r;
	struct request *req;
	const char *why = NULL;
	char buf[256];
	enum yg_err err;
	cJSON *msg;

	msg = envelope_decode(payload, len, &err, &why);
	if (msg == NULL) {
		dispatch_error(c, NULL, false, 0, err, why);
		return;
	}
	err = envelope_parse_request(msg, &r, &why);
	if (err != YG_OK) {
		dispatch_error(c, NULL, r.has_id, r.id, err, why);
		goto done;
	}
	op = ops_find(r.op);
	err = dispatch_check(c, &r, op, buf, sizeof(buf));
	if (err != YG_OK) {
		dispatch_error(c, op, true, r.id, err, buf);
		goto done;
	}
	req = request_new(c, op, r.id, msg, r.args);
	if (req == NULL) {
		dispatch_error(c, op, true, r.id, YG_ERR_INTERNAL, "out of memory");
		goto done;
	}
	dispatch_queue(c, req, &r);
	return;
done:
	cJSON_Delete(msg);
}
